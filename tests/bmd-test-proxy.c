#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "bmd-test-proxy.h"

struct _BmdTestProxy
{
  char *upstream;
  BmdTestProxyRewrite rewrite;
  gpointer user_data;
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  SoupSession *session;
  char *url;
  guint rewritten;   /* atomic */
  GMutex lock;
  GCond ready;
};

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  BmdTestProxy *self = user_data;
  g_autofree char *uri = g_strconcat (self->upstream, path, NULL);
  g_autoptr(SoupMessage) forward = soup_message_new (soup_server_message_get_method (msg), uri);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) request = soup_message_body_flatten (body);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_text = NULL;
  g_autofree char *answer_text = NULL;
  g_autofree char *changed = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint status;

  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0)
        soup_message_headers_append (soup_message_get_request_headers (forward), name, value);
    }
  soup_message_set_request_body_from_bytes (forward, NULL, request);
  answer = soup_session_send_and_read (self->session, forward, NULL, &error);
  if (answer == NULL)
    {
      soup_server_message_set_status (msg, 502, NULL);
      return;
    }
  status = soup_message_get_status (forward);
  request_text = g_strndup (g_bytes_get_data (request, NULL), g_bytes_get_size (request));
  answer_text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  changed = self->rewrite (request_text, answer_text, &status, self->user_data);
  if (changed != NULL)
    g_atomic_int_inc (&self->rewritten);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_iter_init (&iter, soup_message_get_response_headers (forward));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (g_ascii_strcasecmp (name, "Content-Length") != 0 && g_ascii_strcasecmp (name, "Content-Type") != 0
          && g_ascii_strcasecmp (name, "Transfer-Encoding") != 0 && g_ascii_strcasecmp (name, "Connection") != 0)
        soup_message_headers_append (soup_server_message_get_response_headers (msg), name, value);
    }
  if (changed != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, changed, strlen (changed));
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                      answer_text, g_bytes_get_size (answer));
}

static gpointer
proxy_thread (gpointer data)
{
  BmdTestProxy *self = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new ();
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, handle_cb, self, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);
  soup_server_disconnect (server);
  g_clear_object (&self->session);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

BmdTestProxy *
bmd_test_proxy_start (const char          *upstream,
                      BmdTestProxyRewrite  rewrite,
                      gpointer             user_data)
{
  BmdTestProxy *self = g_new0 (BmdTestProxy, 1);

  self->upstream = g_strdup (upstream);
  self->rewrite = rewrite;
  self->user_data = user_data;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  self->thread = g_thread_new ("proxy", proxy_thread, self);
  g_mutex_lock (&self->lock);
  while (self->url == NULL)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

const char *
bmd_test_proxy_get_url (BmdTestProxy *self)
{
  return self->url;
}

guint
bmd_test_proxy_get_rewritten (BmdTestProxy *self)
{
  return g_atomic_int_get (&self->rewritten);
}

void
bmd_test_proxy_stop (BmdTestProxy *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->upstream);
  g_free (self->url);
  g_free (self);
}
