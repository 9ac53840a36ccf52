#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

/* Overwrites a secret's text (a token, a password, a request carrying one)
 * so that it does not linger in freed memory. NULL is allowed. */
static inline void
bmd_wipe (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
}

/* bmd_wipe(), then g_free(). */
static inline void
bmd_wipe_free (char *text)
{
  bmd_wipe (text);
  g_free (text);
}

G_END_DECLS
