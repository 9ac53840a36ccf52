#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bmd-store-private.h"

/* One store holds one shop's orders (state BMD_STORE_STATE_SHOP_DOMAIN). To
 * switch shops, the store file and its WAL are moved into shops/DOMAIN.sqlite3
 * beside it, and the new shop's file is brought back from there when it was
 * set aside before, so switching back and forth loses nothing. */

#define SHOPS_DIR "shops"

static const char * const file_suffixes[] = { "", "-wal", "-shm" };

/* A domain as a file name: what a myshopifyDomain holds (letters, digits,
 * '-', '.') is kept; anything else becomes '_', so no domain leaves the
 * folder. */
static char *
file_name_for_domain (const char *domain)
{
  GString *name = g_string_new (NULL);

  for (const char *p = domain; *p != '\0'; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) || *p == '-' || (*p == '.' && p != domain)
                               ? g_ascii_tolower (*p) : '_');
  g_string_append (name, ".sqlite3");
  return g_string_free (name, FALSE);
}

static gboolean
move_files (const char  *from,
            const char  *to,
            GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *src = g_strconcat (from, file_suffixes[i], NULL);
      g_autofree char *dst = g_strconcat (to, file_suffixes[i], NULL);

      if (g_rename (src, dst) != 0 && errno != ENOENT)
        {
          int errsv = errno;

          g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                       "Could not move %s to %s: %s", src, dst, g_strerror (errsv));
          return FALSE;
        }
    }
  return TRUE;
}

char *
bmd_store_dup_set_aside_path (BmdStore   *self,
                              const char *domain)
{
  g_autofree char *file = NULL;

  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (domain != NULL && *domain != '\0', NULL);

  file = file_name_for_domain (domain);
  return g_build_filename (self->data_dir, SHOPS_DIR, file, NULL);
}

gboolean
bmd_store_switch_shop (BmdStore    *self,
                       const char  *new_domain,
                       GError     **error)
{
  g_autofree char *old_domain = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *back = NULL;
  g_autofree char *shops = NULL;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_domain != NULL && *new_domain != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  g_return_val_if_fail (bmd_store_in_transaction (self) == FALSE, FALSE);

  old_domain = bmd_store_dup_state (self, BMD_STORE_STATE_SHOP_DOMAIN);
  if (old_domain == NULL || g_ascii_strcasecmp (old_domain, new_domain) == 0)
    return TRUE;

  shops = g_build_filename (self->data_dir, SHOPS_DIR, NULL);
  if (g_mkdir_with_parents (shops, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not create %s: %s", shops, g_strerror (errsv));
      return FALSE;
    }

  aside = bmd_store_dup_set_aside_path (self, old_domain);
  back = bmd_store_dup_set_aside_path (self, new_domain);
  if (g_file_test (aside, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not set the orders of %s aside: %s already exists; move it away first",
                   old_domain, aside);
      return FALSE;
    }

  /* Closing the last connection checkpoints the WAL into the file; any
   * -wal or -shm left (another process still reading) moves with it. */
  _bmd_store_close_database (self);
  if (!move_files (self->path, aside, error))
    {
      g_autoptr(GError) reopen_error = NULL;

      if (!_bmd_store_open_database (self, &reopen_error))
        g_warning ("Could not reopen %s: %s", self->path, reopen_error->message);
      return FALSE;
    }
  g_debug ("Set the orders of %s aside in %s", old_domain, aside);

  if (g_file_test (back, G_FILE_TEST_EXISTS) && !move_files (back, self->path, error))
    return FALSE;

  return _bmd_store_open_database (self, error);
}
