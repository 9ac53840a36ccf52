#pragma once

/* A stand-in server on loopback that passes each request to a real one (the
 * simulator) and may change the answer: what a test needs to see the client
 * cope with an answer the simulator never gives. */

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BmdTestProxy BmdTestProxy;

/* Returns the body to answer with instead of @answer (NULL: @answer as it
 * is); @status may be changed too. Called in the proxy's thread. */
typedef char *(*BmdTestProxyRewrite) (const char *request,
                                      const char *answer,
                                      guint      *status,
                                      gpointer    user_data);

BmdTestProxy *bmd_test_proxy_start   (const char          *upstream,
                                      BmdTestProxyRewrite  rewrite,
                                      gpointer             user_data);
/* http://127.0.0.1:PORT */
const char   *bmd_test_proxy_get_url (BmdTestProxy        *self);
guint         bmd_test_proxy_get_rewritten (BmdTestProxy  *self);
void          bmd_test_proxy_stop    (BmdTestProxy        *self);

G_END_DECLS
