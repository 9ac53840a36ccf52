#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include "bmd-parquet-values.h"

#define MICROS_PER_DAY G_GINT64_CONSTANT (86400000000)

/* Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic, so
 * it holds for negative days too). */
gint64
bmd_parquet_days_from_civil (gint64 year,
                             guint  month,
                             guint  day)
{
  gint64 y = year - (month <= 2 ? 1 : 0);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

void
bmd_parquet_civil_from_days (gint64  days,
                             gint64 *year,
                             guint  *month,
                             guint  *day)
{
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  guint d = (guint) (doy - (153 * mp + 2) / 5 + 1);
  guint m = (guint) (mp < 10 ? mp + 3 : mp - 9);

  *year = yoe + era * 400 + (m <= 2 ? 1 : 0);
  *month = m;
  *day = d;
}

static gboolean
read_digits (const char **p,
             guint        n,
             gint64      *value)
{
  gint64 v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

static gboolean
is_leap (gint64 year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static gboolean
read_date (const char **p,
           gint64      *days)
{
  static const guint month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gint64 year, month, day;

  if (!read_digits (p, 4, &year) || **p != '-')
    return FALSE;
  (*p)++;
  if (!read_digits (p, 2, &month) || **p != '-')
    return FALSE;
  (*p)++;
  if (!read_digits (p, 2, &day))
    return FALSE;
  if (year < 1 || month < 1 || month > 12 || day < 1)
    return FALSE;
  if (day > month_days[month - 1] + (month == 2 && is_leap (year) ? 1 : 0))
    return FALSE;
  *days = bmd_parquet_days_from_civil (year, (guint) month, (guint) day);
  return TRUE;
}

gboolean
bmd_parquet_parse_date (const char *text,
                        gint32     *days)
{
  const char *p = text;
  gint64 d;

  if (text == NULL || !read_date (&p, &d) || *p != '\0')
    return FALSE;
  *days = (gint32) d;
  return TRUE;
}

gboolean
bmd_parquet_parse_timestamp (const char *text,
                             gint64     *micros)
{
  const char *p = text;
  gint64 days, hour, minute, second, fraction = 0, offset = 0;

  if (text == NULL || !read_date (&p, &days))
    return FALSE;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute) ||
      *p++ != ':' || !read_digits (&p, 2, &second))
    return FALSE;
  if (hour > 23 || minute > 59 || second > 59)
    return FALSE;
  if (*p == '.' || *p == ',')
    {
      guint n = 0;

      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++, n++)
        if (n < 6)
          fraction = fraction * 10 + (*p - '0');
      for (; n < 6; n++)
        fraction *= 10;
    }
  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      gint64 oh, om;

      p++;
      if (!read_digits (&p, 2, &oh))
        return FALSE;
      if (*p == ':')
        p++;
      if (!read_digits (&p, 2, &om) || oh > 23 || om > 59)
        return FALSE;
      offset = sign * (oh * 3600 + om * 60);
    }
  else
    return FALSE;
  if (*p != '\0')
    return FALSE;
  *micros = days * MICROS_PER_DAY + ((hour * 3600 + minute * 60 + second) - offset) * G_USEC_PER_SEC +
            fraction;
  return TRUE;
}

gboolean
bmd_parquet_parse_decimal (const char *text,
                           gint64     *cents)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 units = 0, frac = 0, magnitude;
  guint n_int = 0, n_frac = 0;
  gboolean round_up = FALSE;

  if (text == NULL)
    return FALSE;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      if (n_int > 0 || *p != '0')
        n_int++;
      if (n_int > 10)
        return FALSE;
      units = units * 10 + (*p - '0');
    }
  if (p == text + (negative ? 1 : 0))
    return FALSE;
  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          n_frac++;
          if (n_frac <= 2)
            frac = frac * 10 + (*p - '0');
          else if (n_frac == 3)
            round_up = *p >= '5';
        }
      if (n_frac == 0)
        return FALSE;
      if (n_frac == 1)
        frac *= 10;
    }
  if (*p != '\0')
    return FALSE;
  magnitude = units * 100 + frac + (round_up ? 1 : 0);
  if (magnitude > BMD_PARQUET_DECIMAL_MAX_CENTS)
    return FALSE;
  *cents = negative ? -magnitude : magnitude;
  return TRUE;
}

void
bmd_parquet_append_decimal (GString *out,
                            gint64   cents)
{
  guint64 magnitude = cents < 0 ? (guint64) 0 - (guint64) cents : (guint64) cents;

  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

void
bmd_parquet_append_date (GString *out,
                         gint64   days)
{
  gint64 year;
  guint month, day;

  bmd_parquet_civil_from_days (days, &year, &month, &day);
  g_string_append_printf (out, "%04" G_GINT64_FORMAT "-%02u-%02u", year, month, day);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void
bmd_parquet_append_timestamp_ms (GString  *out,
                                 gint64    micros,
                                 gboolean  round_up)
{
  gint64 ms = floor_div (micros, 1000);
  gint64 days, rest;

  /* 9999-12-31T23:59:59.999: rounding up must not leave the years 1–9999. */
  if (round_up && ms * 1000 != micros && ms < G_GINT64_CONSTANT (253402300799999))
    ms++;
  days = floor_div (ms, 86400000);
  rest = ms - days * 86400000;
  bmd_parquet_append_date (out, days);
  g_string_append_printf (out, "T%02u:%02u:%02u.%03uZ", (guint) (rest / 3600000),
                          (guint) (rest / 60000 % 60), (guint) (rest / 1000 % 60),
                          (guint) (rest % 1000));
}
