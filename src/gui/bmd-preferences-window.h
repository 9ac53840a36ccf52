#pragma once

#include <adwaita.h>

#include "bmd-settings.h"

G_BEGIN_DECLS

/* Preferences: the shop and its credentials, the metafields, planning and
 * the daily refresh, the lake and the warehouse, each with "Test". Fields
 * save on Enter (or their check mark). Wraps AdwPreferencesWindow, which
 * later libadwaita versions deprecate, so callers only see this type. */
#define BMD_TYPE_PREFERENCES_WINDOW (bmd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (BmdPreferencesWindow, bmd_preferences_window, BMD, PREFERENCES_WINDOW, AdwPreferencesWindow)

BmdPreferencesWindow *bmd_preferences_window_new (BmdSettings *settings,
                                                  GtkWindow   *parent);

G_END_DECLS
