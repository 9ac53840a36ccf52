#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* A second connection to the local warehouse in @data_dir for a feature that
 * keeps its own small tables beside the store's (reminders sent, drafts
 * created and settled; the store's migration 4 makes them). A file of an
 * older schema is first brought to this one, as bmd_store_open () does. The
 * warehouse must exist (a refresh or the app made it): G_IO_ERROR_NOT_FOUND
 * otherwise. */
sqlite3  *_bmd_store_side_open   (const char  *data_dir,
                                  GError     **error);
/* Runs statements without results; FALSE with @error naming @what. */
gboolean  _bmd_store_side_exec   (sqlite3     *db,
                                  const char  *sql,
                                  const char  *what,
                                  GError     **error);
void      _bmd_store_side_close  (sqlite3     *db);

G_END_DECLS
