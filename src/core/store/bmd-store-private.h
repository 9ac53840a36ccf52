#pragma once

#include "bmd-store.h"

G_BEGIN_DECLS

/* "BmdD": marks a SQLite file as a Bake My Day store (PRAGMA application_id). */
#define _BMD_STORE_APPLICATION_ID 0x426d6444
/* The newest schema this code knows; the length of the migration list. */
#define _BMD_STORE_SCHEMA_VERSION 1
#define _BMD_STORE_FILE_NAME      "bakemyday.sqlite3"
#define _BMD_STORE_LOCK_NAME      "refresh.lock"

G_END_DECLS
