#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Secrets this process knows (the access token, the client secret, a token
 * a grant returned, AWS keys, the warehouse password) are remembered here
 * where they are read, so that an error message quoting one — a server
 * echoing the token it was sent — can have it taken out before the message
 * is shown or stored. One process-wide list: errors come from every layer,
 * and each would otherwise need every secret handed down to it. */

/* Remembers @secret (NULL, empty and very short values are ignored: they
 * would blank out ordinary words). */
void   bmd_redact_remember (const char *secret);
/* @text with every remembered secret replaced by "[redacted]". */
char  *bmd_redact          (const char *text);
/* The same on @error's message, in place; NULL is fine. */
void   bmd_redact_error    (GError     *error);
/* Forgets every secret (tests). */
void   bmd_redact_forget_all (void);

G_END_DECLS
