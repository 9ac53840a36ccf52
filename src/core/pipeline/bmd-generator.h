#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-config.h"

G_BEGIN_DECLS

/* Creates paired deposit/remaining test orders in a development store (or the
 * simulator), at the pace the store allows. Progress is saved in
 * DATA_DIR/generate-state.ini after every order, so an interrupted run
 * resumes where it stopped (at worst one order is created twice: the one in
 * flight when it was interrupted). The orders depend only on @seed and @around. */
typedef void (*BmdGeneratorProgress) (guint       done,
                                      guint       total,
                                      const char *order_name,
                                      gpointer    user_data);

gboolean    bmd_generator_run (const BmdConfig       *config,
                               guint                  requests,
                               guint64                seed,
                               GDate                 *around,
                               BmdGeneratorProgress   progress,
                               gpointer               user_data,
                               GCancellable          *cancellable,
                               guint                 *created,
                               GError               **error);

/* The order input of order @index (0-based; even = deposit, odd = its remaining). */
JsonObject *bmd_generator_build_order (const BmdConfig *config,
                                       guint64          seed,
                                       GDate           *around,
                                       guint            index);

G_END_DECLS
