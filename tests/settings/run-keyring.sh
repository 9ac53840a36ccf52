#!/bin/sh
# Runs a test inside a private D-Bus session with an unlocked gnome-keyring
# (secrets component only). Fails, never skips, when they are not installed.
test_program=$1
shift
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..1"
    echo "not ok 1 - $tool is needed (packages dbus, gnome-keyring)"
    exit 1
  fi
done
home=$(mktemp -d "${TMPDIR:-/tmp}/bmd-keyring.XXXXXX") || exit 1
trap 'rm -rf "$home"' EXIT
# The keyring keeps its files under the data dir; a non-empty password on
# stdin unlocks it without a prompt.
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home"
dbus-run-session -- sh -c '
  # The daemon is not ours: our fatal-warnings setting must not kill it on
  # its own warnings (it logs one when an item is replaced).
  eval "$(printf bakemyday-test | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets)" || exit 1
  export GNOME_KEYRING_CONTROL
  # The daemon claims its bus name after it answered; until then D-Bus would
  # activate a second one, which replaces the first mid-test.
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
    tries=$((tries + 1))
    [ $tries -gt 100 ] && { echo "1..1"; echo "not ok 1 - gnome-keyring did not claim org.freedesktop.secrets"; exit 1; }
    sleep 0.05
  done
  "$0" "$@"
  status=$?
  [ -n "$GNOME_KEYRING_PID" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null
  exit $status' "$test_program" "$@"
