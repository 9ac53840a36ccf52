#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* TRUE for "localhost" or a loopback address (127.0.0.1, ::1): a host on
 * this machine, such as the Shopify simulator or the test servers. */
static inline gboolean
bmd_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* TRUE for https://, or for http:// to a loopback host: plain http never
 * leaves this machine. */
static inline gboolean
bmd_uri_is_https_or_loopback (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return g_ascii_strcasecmp (scheme, "https") == 0
         || (g_ascii_strcasecmp (scheme, "http") == 0 && bmd_host_is_loopback (g_uri_get_host (uri)));
}

G_END_DECLS
