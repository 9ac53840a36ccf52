#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Text forms of the lake's values and their stored integers, exactly (no
 * floating point, no time zone database): dates as days since 1970-01-01,
 * instants as µs since the epoch (UTC), money as cents. Years 0001–9999. */

#define BMD_PARQUET_DECIMAL_MAX_CENTS G_GINT64_CONSTANT (999999999999)

/* "-12.5", "45", "0.01": at most 10 digits before the point; more than 2
 * decimals are rounded half away from zero, as NUMERIC(12,2) does. */
gboolean bmd_parquet_parse_decimal   (const char *text,
                                      gint64     *cents);
/* "YYYY-MM-DD". */
gboolean bmd_parquet_parse_date      (const char *text,
                                      gint32     *days);
/* "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)"; a fraction beyond
 * microseconds is cut. */
gboolean bmd_parquet_parse_timestamp (const char *text,
                                      gint64     *micros);

gint64   bmd_parquet_days_from_civil (gint64      year,
                                      guint       month,
                                      guint       day);
void     bmd_parquet_civil_from_days (gint64      days,
                                      gint64     *year,
                                      guint      *month,
                                      guint      *day);

/* "-12.34". */
void     bmd_parquet_append_decimal  (GString    *out,
                                      gint64      cents);
/* "YYYY-MM-DD". */
void     bmd_parquet_append_date     (GString    *out,
                                      gint64      days);
/* "YYYY-MM-DDTHH:MM:SS.mmmZ": @micros rounded down to a millisecond, or
 * up when @round_up. */
void     bmd_parquet_append_timestamp_ms (GString *out,
                                          gint64   micros,
                                          gboolean round_up);

G_END_DECLS
