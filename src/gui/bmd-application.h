#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BMD_TYPE_APPLICATION (bmd_application_get_type ())
G_DECLARE_FINAL_TYPE (BmdApplication, bmd_application, BMD, APPLICATION, AdwApplication)

/* @started_us: g_get_monotonic_time() at process start, for the start-up report. */
BmdApplication *bmd_application_new (gint64 started_us);

G_END_DECLS
