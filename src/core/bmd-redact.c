#define G_LOG_DOMAIN "bmd-redact"

#include "config.h"

#include <string.h>

#include "bmd-redact.h"
#include "bmd-wipe.h"

/* Shorter values are not worth hiding and would match ordinary text. */
#define MIN_SECRET_LENGTH 6
#define REPLACEMENT "[redacted]"

static GMutex lock;
static GPtrArray *secrets;   /* char *, wiped when forgotten */

static void
wipe_secret (gpointer secret)
{
  bmd_wipe_free (secret);
}

void
bmd_redact_remember (const char *secret)
{
  guint i;

  if (secret == NULL || strlen (secret) < MIN_SECRET_LENGTH)
    return;
  g_mutex_lock (&lock);
  if (secrets == NULL)
    secrets = g_ptr_array_new_with_free_func (wipe_secret);
  for (i = 0; i < secrets->len; i++)
    {
      if (strcmp (g_ptr_array_index (secrets, i), secret) == 0)
        break;
    }
  if (i == secrets->len)
    g_ptr_array_add (secrets, g_strdup (secret));
  g_mutex_unlock (&lock);
}

char *
bmd_redact (const char *text)
{
  GString *out;
  guint i;

  if (text == NULL)
    return NULL;
  out = g_string_new (text);
  g_mutex_lock (&lock);
  for (i = 0; secrets != NULL && i < secrets->len; i++)
    g_string_replace (out, g_ptr_array_index (secrets, i), REPLACEMENT, 0);
  g_mutex_unlock (&lock);
  return g_string_free (out, FALSE);
}

void
bmd_redact_error (GError *error)
{
  char *redacted;

  if (error == NULL)
    return;
  redacted = bmd_redact (error->message);
  g_free (error->message);
  error->message = redacted;
}

void
bmd_redact_forget_all (void)
{
  g_mutex_lock (&lock);
  g_clear_pointer (&secrets, g_ptr_array_unref);
  g_mutex_unlock (&lock);
}
