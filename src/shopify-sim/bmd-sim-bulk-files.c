#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-bulk-files.h"

#include <stdlib.h>
#include <string.h>

#define FILES_PREFIX "/"

static void
set_text (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

/* Storage hosts answer errors in XML. */
static void
set_storage_error (SoupServerMessage *msg,
                   guint              status,
                   const char        *code,
                   const char        *message)
{
  g_autofree char *body = g_strdup_printf ("<?xml version='1.0' encoding='UTF-8'?>"
                                           "<Error><Code>%s</Code><Message>%s</Message></Error>",
                                           code, message);

  set_text (msg, status, "application/xml; charset=UTF-8", body);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);

  if (io != NULL)
    g_io_stream_close (io, NULL, NULL);
}

/* Sends the head of an answer promising @len bytes, then half of them, then
 * closes: a download cut in the middle. */
static void
send_cut (SoupServerMessage *msg,
          guint              status,
          const char        *content_range,
          const char        *data,
          gsize              len)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);
  g_autofree char *head = NULL;
  GOutputStream *out;

  if (io == NULL)
    return;
  head = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/jsonl\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "%s%s%s"
                          "\r\n", status, soup_status_get_phrase (status), len,
                          content_range != NULL ? "Content-Range: " : "",
                          content_range != NULL ? content_range : "",
                          content_range != NULL ? "\r\n" : "");
  out = g_io_stream_get_output_stream (io);
  if (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    g_output_stream_write_all (out, data, len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (io, NULL, NULL);
}

/* "bytes=N-" or "bytes=N-M"; FALSE when there is no Range this reads. */
static gboolean
parse_range (const char *header,
             gsize      *start,
             gsize      *end,
             gboolean   *has_end)
{
  char *p = NULL;

  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return FALSE;
  header += strlen ("bytes=");
  if (!g_ascii_isdigit (*header))
    return FALSE;
  *start = g_ascii_strtoull (header, &p, 10);
  if (*p != '-')
    return FALSE;
  p++;
  *has_end = g_ascii_isdigit (*p);
  if (*has_end)
    {
      *end = g_ascii_strtoull (p, &p, 10);
      if (*end < *start)
        return FALSE;
    }
  return *p == '\0';
}

static void
handle_file_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  BmdSimBulkFiles *files = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) file = NULL;
  gboolean cut = FALSE, has_end = FALSE;
  int fault = 0;  /* 1: 500, 2: dropped */
  gsize start = 0, end = 0, size;
  const char *data;

  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
    {
      set_storage_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "MethodNotAllowed", "Use GET.");
      return;
    }
  /* The storage host refuses a request that carries the shop's credentials:
   * a client that forwards its Shopify token to another host fails here. */
  if (soup_message_headers_get_one (req, "X-Shopify-Access-Token") != NULL ||
      soup_message_headers_get_one (req, "Authorization") != NULL)
    {
      set_storage_error (msg, SOUP_STATUS_FORBIDDEN, "AccessDenied",
                         "The request carries credentials this host does not accept.");
      return;
    }

  g_mutex_lock (files->lock);
  if (files->fault_rate > 0 && g_rand_double (files->fault_rand) < files->fault_rate)
    fault = g_rand_boolean (files->fault_rand) ? 1 : 2;
  else
    file = bmd_sim_bulk_open_file (files->bulk, path + strlen (FILES_PREFIX), g_get_monotonic_time (), &cut);
  g_mutex_unlock (files->lock);

  if (fault == 1)
    {
      set_storage_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "InternalError",
                         "We encountered an internal error. Please try again.");
      return;
    }
  if (fault == 2)
    {
      drop_connection (msg);
      return;
    }
  if (file == NULL)
    {
      set_storage_error (msg, SOUP_STATUS_NOT_FOUND, "NoSuchKey", "The specified key does not exist.");
      return;
    }

  data = g_bytes_get_data (file, &size);
  soup_message_headers_replace (resp, "Accept-Ranges", "bytes");
  if (parse_range (soup_message_headers_get_one (req, "Range"), &start, &end, &has_end))
    {
      g_autofree char *content_range = NULL;

      if (start >= size)
        {
          g_autofree char *unsatisfied = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, size);

          soup_message_headers_replace (resp, "Content-Range", unsatisfied);
          set_storage_error (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, "InvalidRange",
                             "The requested range cannot be satisfied.");
          return;
        }
      if (!has_end || end >= size)
        end = size - 1;
      content_range = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                       start, end, size);
      if (cut)
        {
          send_cut (msg, SOUP_STATUS_PARTIAL_CONTENT, content_range, data + start, end + 1 - start);
          return;
        }
      soup_message_headers_replace (resp, "Content-Range", content_range);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_server_message_set_response (msg, "application/jsonl", SOUP_MEMORY_COPY,
                                        data + start, end + 1 - start);
      return;
    }
  if (cut)
    {
      send_cut (msg, SOUP_STATUS_OK, NULL, data, size);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/jsonl", SOUP_MEMORY_COPY, data, size);
}

SoupServer *
bmd_sim_bulk_files_listen (BmdSimBulkFiles  *files,
                           GError          **error)
{
  g_autoptr(SoupServer) server = soup_server_new ("server-header", "bakemyday-sim-storage", NULL);
  g_autofree char *base = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/", handle_file_cb, files, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", uris != NULL ? g_uri_get_port (uris->data) : 0);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_mutex_lock (files->lock);
  bmd_sim_bulk_set_file_base (files->bulk, base);
  g_mutex_unlock (files->lock);
  return g_steal_pointer (&server);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          const char        *body)
{
  set_text (msg, status, "application/json; charset=utf-8", body);
}

gboolean
bmd_sim_bulk_files_handle_admin (BmdSimBulkFiles   *files,
                                 SoupServerMessage *msg,
                                 const char        *path,
                                 GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/admin/sim/bulk/fault"))
    {
      const char *kind = query != NULL ? g_hash_table_lookup (query, "kind") : NULL;
      BmdSimBulkFault fault;
      g_autofree char *body = NULL;

      if (!g_str_equal (method, "POST"))
        set_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "{\"errors\":\"POST with ?kind=KIND\"}");
      else if (!bmd_sim_bulk_fault_from_name (kind, &fault))
        set_json (msg, SOUP_STATUS_BAD_REQUEST,
                  "{\"errors\":\"kind is one of none, failed, expired, cut-download, in-progress\"}");
      else
        {
          g_mutex_lock (files->lock);
          bmd_sim_bulk_set_next_fault (files->bulk, fault);
          g_mutex_unlock (files->lock);
          body = g_strdup_printf ("{\"kind\":\"%s\"}", kind);
          set_json (msg, SOUP_STATUS_OK, body);
        }
      return TRUE;
    }
  if (g_str_equal (path, "/admin/sim/bulk"))
    {
      g_autofree char *body = NULL;
      guint created, downloads, cancelled;

      if (!g_str_equal (method, "GET"))
        {
          set_json (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "{\"errors\":\"Method Not Allowed\"}");
          return TRUE;
        }
      g_mutex_lock (files->lock);
      bmd_sim_bulk_get_counts (files->bulk, &created, &downloads, &cancelled);
      g_mutex_unlock (files->lock);
      body = g_strdup_printf ("{\"created\":%u,\"downloads\":%u,\"cancelled\":%u}",
                              created, downloads, cancelled);
      set_json (msg, SOUP_STATUS_OK, body);
      return TRUE;
    }
  return FALSE;
}
