#pragma once

#include "bmd-context.h"
#include "bmd-ui-test.h"
#include "bmd-window.h"

G_BEGIN_DECLS

static inline gboolean
bmd_ui_context_loaded (gpointer data)
{
  return bmd_context_get_loaded (data) && !bmd_context_get_loading (data);
}

/* The app's main window on @config at @now (NULL: the clock), as the UI
 * tests open it: no application, 1280 × 780, shown, and its first load of the
 * store done. The new context is returned in @out_context. */
static inline BmdWindow *
bmd_ui_open_window_at (BmdConfig   *config,
                       GDateTime   *now,
                       BmdContext **out_context)
{
  BmdContext *context = bmd_context_new (config, now);
  BmdWindow *window = bmd_window_new (NULL, context);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 780);
  gtk_window_present (GTK_WINDOW (window));
  bmd_context_reload (context);
  bmd_ui_wait_until (bmd_ui_context_loaded, context, 20, "the first load");
  *out_context = context;
  return window;
}

/* The same at the clock's now. */
static inline BmdWindow *
bmd_ui_open_window (BmdConfig   *config,
                    BmdContext **out_context)
{
  return bmd_ui_open_window_at (config, NULL, out_context);
}

G_END_DECLS
