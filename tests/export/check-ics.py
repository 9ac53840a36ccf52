#!/usr/bin/env python3
"""A strict check of an iCalendar file from `bakemyday-sync calendar-file`,
then a parse with the icalendar package (Debian's python3-icalendar).

Checked here, on the bytes: UTF-8; every line ends with CRLF and no CR or LF
stands alone; no physical line is longer than 75 octets; the unfolded
content lines are NAME[;PARAM=VALUE...]:VALUE; BEGIN/END nest and balance;
the calendar has VERSION:2.0 and PRODID; each VEVENT has one UID, DTSTAMP
and DTSTART; every TZID used has its VTIMEZONE, whose observances have
DTSTART, TZOFFSETFROM and TZOFFSETTO; TEXT values escape , ; and \\ and
hold no control character. Prints each event as one JSON line (uid, start,
end, summary, description, as the icalendar package decodes them).
Usage: check-ics.py FILE.ics"""

import json
import re
import sys

import icalendar

NAME = r"[A-Za-z0-9-]+"
PARAM = r"[A-Za-z0-9-]+=(?:\"[^\"]*\"|[^\";:,]*)(?:,(?:\"[^\"]*\"|[^\";:,]*))*"
CONTENT_LINE = re.compile(r"^(%s)((?:;%s)*):(.*)$" % (NAME, PARAM))
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "TZNAME", "X-WR-CALNAME", "LOCATION"}
REQUIRED = {
    "VEVENT": ("UID", "DTSTAMP", "DTSTART"),
    "STANDARD": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
    "DAYLIGHT": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
    "VTIMEZONE": ("TZID",),
    "VCALENDAR": ("VERSION", "PRODID"),
}


def fail(message):
    sys.exit("check-ics: " + message)


def check_text(name, value):
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            if i + 1 >= len(value) or value[i + 1] not in "\\;,nN":
                fail("%s: a backslash escapes nothing: %r" % (name, value))
            i += 2
            continue
        if c in ";,":
            fail("%s: unescaped %r in %r" % (name, c, value))
        if (ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F:
            fail("%s: control character in %r" % (name, value))
        i += 1


def strict_check(raw):
    text = raw.decode("utf-8")  # strict
    if not raw.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    physical = raw.split(b"\r\n")[:-1]
    for number, line in enumerate(physical, 1):
        if b"\r" in line or b"\n" in line:
            fail("line %d: a CR or LF alone" % number)
        if len(line) > 75:
            fail("line %d: %d octets" % (number, len(line)))
        line.decode("utf-8")  # folding never splits a character
    unfolded = re.sub("\r\n[ \t]", "", text).split("\r\n")[:-1]

    stack, tzids_used, tzids_defined = [], set(), set()
    counts = []
    for line in unfolded:
        m = CONTENT_LINE.match(line)
        if not m:
            fail("not a content line: %r" % line)
        name, params, value = m.group(1).upper(), m.group(2), m.group(3)
        if name == "BEGIN":
            stack.append(value)
            counts.append({})
            continue
        if name == "END":
            if not stack or stack[-1] != value:
                fail("END:%s does not close %s" % (value, stack[-1] if stack else "anything"))
            seen = counts.pop()
            for required in REQUIRED.get(value, ()):
                if seen.get(required, 0) == 0:
                    fail("%s without %s" % (value, required))
            if value == "VEVENT":
                for once in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
                    if seen.get(once, 0) > 1:
                        fail("VEVENT with %d %s" % (seen[once], once))
            stack.pop()
            continue
        if not stack:
            fail("%s outside any component" % name)
        counts[-1][name] = counts[-1].get(name, 0) + 1
        for tzid in re.findall(r";TZID=([^;:]*)", params):
            tzids_used.add(tzid)
        if name == "TZID" and stack[-1] == "VTIMEZONE":
            tzids_defined.add(value)
        if name == "VERSION" and value != "2.0":
            fail("VERSION:%s" % value)
        if name in TEXT_PROPERTIES:
            check_text(name, value)
        if name in ("TZOFFSETFROM", "TZOFFSETTO") and not re.match(r"^[+-]\d{4}(\d{2})?$", value):
            fail("%s:%s" % (name, value))
    if stack:
        fail("unclosed %s" % stack)
    if unfolded[0] != "BEGIN:VCALENDAR" or unfolded[-1] != "END:VCALENDAR":
        fail("not one VCALENDAR")
    missing = tzids_used - tzids_defined
    if missing:
        fail("TZID without a VTIMEZONE: %s" % sorted(missing))


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    strict_check(raw)

    calendar = icalendar.Calendar.from_ical(raw)
    for event in calendar.walk("VEVENT"):
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND")
        record = {
            "uid": str(event["UID"]),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "zone": str(getattr(start, "tzinfo", None) or ""),
            "summary": str(event["SUMMARY"]),
            "description": str(event.get("DESCRIPTION", "")),
        }
        print(json.dumps(record, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
