#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <string.h>

#include "bmd-bulk-jsonl.h"
#include "bmd-json-text.h"

/* How far below a top-level object a child may be: Shopify allows two
 * levels of nested connections; a little slack costs nothing. */
#define MAX_LEVELS 4

/* One object of the file, as its line came. */
typedef struct
{
  JsonObject *object;
  char       *parent_id;   /* NULL: a top-level object */
  guint64     line;
  gint64      number;      /* of its gid; -1 without one */
  GPtrArray  *children;    /* Entry*, borrowed from entries; NULL until one comes */
} Entry;

struct _BmdBulkJsonl
{
  GPtrArray   *connections;  /* BmdBulkConnection*, names and types copied */
  GPtrArray   *entries;      /* Entry*, in file order */
  GHashTable  *by_id;        /* gid → Entry*, borrowed */
  GByteArray  *partial;      /* the start of a line not yet ended */
  JsonParser  *parser;
  guint64      lines;
  guint64      bytes;
  gboolean     failed;
};

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  json_object_unref (entry->object);
  g_free (entry->parent_id);
  g_clear_pointer (&entry->children, g_ptr_array_unref);
  g_free (entry);
}

static void
connection_free (gpointer data)
{
  BmdBulkConnection *connection = data;

  g_free ((char *) connection->name);
  g_free ((char *) connection->type);
  g_free (connection);
}

BmdBulkJsonl *
bmd_bulk_jsonl_new (const BmdBulkConnection *connections,
                    guint                    n_connections)
{
  BmdBulkJsonl *self = g_new0 (BmdBulkJsonl, 1);

  g_return_val_if_fail (connections != NULL || n_connections == 0, NULL);

  self->connections = g_ptr_array_new_with_free_func (connection_free);
  for (guint i = 0; i < n_connections; i++)
    {
      BmdBulkConnection *copy = g_new0 (BmdBulkConnection, 1);

      copy->name = g_strdup (connections[i].name);
      copy->type = g_strdup (connections[i].type);
      g_ptr_array_add (self->connections, copy);
    }
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->partial = g_byte_array_new ();
  /* Not immutable: the objects get their children added. */
  self->parser = json_parser_new ();
  return self;
}

void
bmd_bulk_jsonl_free (BmdBulkJsonl *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->connections);
  g_byte_array_unref (self->partial);
  g_object_unref (self->parser);
  g_free (self);
}

void
bmd_bulk_jsonl_reset (BmdBulkJsonl *self)
{
  g_return_if_fail (self != NULL);

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->entries, 0);
  g_byte_array_set_size (self->partial, 0);
  self->lines = 0;
  self->bytes = 0;
  self->failed = FALSE;
}

guint64
bmd_bulk_jsonl_get_line_count (BmdBulkJsonl *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->lines;
}

guint64
bmd_bulk_jsonl_get_byte_count (BmdBulkJsonl *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->bytes;
}

static gboolean
fail (BmdBulkJsonl  *self,
      GError       **error,
      const char    *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (BmdBulkJsonl  *self,
      GError       **error,
      const char    *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  self->failed = TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "the bulk operation’s file, line %" G_GUINT64_FORMAT ": %s", self->lines, message);
  return FALSE;
}

/* The member @name if it is a string, else NULL. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* "gid://shopify/TYPE/N…": sets @type (borrowed length in @type_len) and
 * returns N, or -1 when @id is not such a gid. */
static gint64
parse_gid (const char  *id,
           const char **type,
           gsize       *type_len)
{
  const char *start;
  const char *slash;
  const char *end;
  guint64 number;

  if (id == NULL || !g_str_has_prefix (id, "gid://shopify/"))
    return -1;
  start = id + strlen ("gid://shopify/");
  slash = strchr (start, '/');
  if (slash == NULL || slash == start || !g_ascii_isdigit (slash[1]))
    return -1;
  number = g_ascii_strtoull (slash + 1, (char **) &end, 10);
  /* A query string (?…) may follow the number. */
  if ((*end != '\0' && *end != '?') || number > G_MAXINT64)
    return -1;
  *type = start;
  *type_len = slash - start;
  return (gint64) number;
}

static gboolean
read_line (BmdBulkJsonl  *self,
           const char    *text,
           gsize          length,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *parent_id;
  const char *id;
  const char *type = NULL;
  gsize type_len = 0;
  JsonNode *root;
  Entry *entry;
  gsize i;

  self->lines++;
  if (length > 0 && text[length - 1] == '\r')
    length--;
  for (i = 0; i < length && g_ascii_isspace (text[i]); i++)
    ;
  /* A blank line holds no object: nothing to read. */
  if (i == length)
    return TRUE;
  if (memchr (text, '\0', length) != NULL)
    return fail (self, error, "a NUL byte");
  if (!g_utf8_validate_len (text, length, NULL))
    return fail (self, error, "not UTF-8 text");

  if (!bmd_json_parser_load (self->parser, text, length, &local_error))
    return fail (self, error, "not JSON: %s", local_error->message);
  root = json_parser_get_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (self, error, "not a JSON object");
  object = json_node_dup_object (root);

  parent_id = get_string (object, "__parentId");
  if (json_object_has_member (object, "__parentId") && parent_id == NULL)
    return fail (self, error, "a __parentId that is not a string");
  id = get_string (object, "id");
  if (parent_id == NULL && id == NULL)
    return fail (self, error, "a top-level object without an id");
  if (id != NULL && g_hash_table_contains (self->by_id, id))
    return fail (self, error, "%s came twice", id);

  entry = g_new0 (Entry, 1);
  entry->object = g_steal_pointer (&object);
  entry->parent_id = g_strdup (parent_id);
  entry->line = self->lines;
  entry->number = parse_gid (id, &type, &type_len);
  if (parent_id != NULL)
    json_object_remove_member (entry->object, "__parentId");
  g_ptr_array_add (self->entries, entry);
  if (id != NULL)
    g_hash_table_insert (self->by_id, (gpointer) get_string (entry->object, "id"), entry);
  return TRUE;
}

gboolean
bmd_bulk_jsonl_feed (BmdBulkJsonl  *self,
                     const char    *data,
                     gsize          length,
                     GError       **error)
{
  const char *p = data;
  const char *end = data + length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the bulk operation’s file could not be read");
      return FALSE;
    }
  self->bytes += length;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      gboolean ok;

      if (newline == NULL)
        {
          if (self->partial->len + (end - p) > BMD_BULK_JSONL_MAX_LINE)
            {
              self->lines++;
              return fail (self, error, "longer than %d bytes", BMD_BULK_JSONL_MAX_LINE);
            }
          g_byte_array_append (self->partial, (const guint8 *) p, end - p);
          break;
        }

      if (self->partial->len == 0)
        {
          ok = newline - p <= BMD_BULK_JSONL_MAX_LINE
               ? read_line (self, p, newline - p, error)
               : (self->lines++, fail (self, error, "longer than %d bytes", BMD_BULK_JSONL_MAX_LINE));
        }
      else
        {
          if (self->partial->len + (newline - p) > BMD_BULK_JSONL_MAX_LINE)
            {
              self->lines++;
              return fail (self, error, "longer than %d bytes", BMD_BULK_JSONL_MAX_LINE);
            }
          g_byte_array_append (self->partial, (const guint8 *) p, newline - p);
          ok = read_line (self, (const char *) self->partial->data, self->partial->len, error);
          g_byte_array_set_size (self->partial, 0);
        }
      if (!ok)
        return FALSE;
      p = newline + 1;
    }
  return TRUE;
}

/* The connection @child belongs to, or NULL. */
static const BmdBulkConnection *
find_connection (BmdBulkJsonl *self,
                 Entry        *child)
{
  const char *typename = get_string (child->object, "__typename");
  const char *type = typename;
  gsize type_len = typename != NULL ? strlen (typename) : 0;

  if (type == NULL)
    parse_gid (get_string (child->object, "id"), &type, &type_len);
  if (type == NULL)
    return self->connections->len == 1 ? g_ptr_array_index (self->connections, 0) : NULL;
  for (guint i = 0; i < self->connections->len; i++)
    {
      const BmdBulkConnection *connection = g_ptr_array_index (self->connections, i);

      if (connection->type != NULL && strlen (connection->type) == type_len
          && strncmp (connection->type, type, type_len) == 0)
        return connection;
    }
  return NULL;
}

static int
compare_siblings (gconstpointer a,
                  gconstpointer b)
{
  const Entry *x = *(Entry * const *) a;
  const Entry *y = *(Entry * const *) b;

  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* Puts @entry's children (and theirs) under their connections. */
static void
attach_children (BmdBulkJsonl *self,
                 Entry        *entry,
                 gboolean      top_level)
{
  g_autoptr(GHashTable) lists = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify) json_array_unref);
  gboolean numbered = TRUE;

  if (top_level)
    for (guint i = 0; i < self->connections->len; i++)
      {
        const BmdBulkConnection *connection = g_ptr_array_index (self->connections, i);

        g_hash_table_insert (lists, (gpointer) connection->name, json_array_new ());
      }
  if (entry->children != NULL)
    {
      for (guint i = 0; i < entry->children->len; i++)
        if (((Entry *) g_ptr_array_index (entry->children, i))->number < 0)
          numbered = FALSE;
      /* Stable either way: equal numbers (or none) keep the file's order. */
      if (numbered)
        g_ptr_array_sort (entry->children, compare_siblings);
      for (guint i = 0; i < entry->children->len; i++)
        {
          Entry *child = g_ptr_array_index (entry->children, i);
          /* finish () checked that every child has one. */
          const char *name = find_connection (self, child)->name;
          JsonArray *list;

          list = g_hash_table_lookup (lists, name);
          if (list == NULL)
            {
              list = json_array_new ();
              g_hash_table_insert (lists, (gpointer) name, list);
            }
          attach_children (self, child, FALSE);
          json_array_add_object_element (list, json_object_ref (child->object));
        }
    }

  for (guint i = 0; i < self->connections->len; i++)
    {
      const BmdBulkConnection *connection = g_ptr_array_index (self->connections, i);
      JsonArray *list = g_hash_table_lookup (lists, connection->name);
      JsonObject *wrapper;

      if (list == NULL)
        continue;
      wrapper = json_object_new ();
      json_object_set_array_member (wrapper, "nodes", json_array_ref (list));
      json_object_set_object_member (entry->object, connection->name, wrapper);
    }
}

GPtrArray *
bmd_bulk_jsonl_finish (BmdBulkJsonl  *self,
                       GError       **error)
{
  g_autoptr(GPtrArray) roots = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->partial->len > 0)
    {
      gboolean ok = read_line (self, (const char *) self->partial->data, self->partial->len, error);

      g_byte_array_set_size (self->partial, 0);
      if (!ok)
        return NULL;
    }
  if (self->failed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the bulk operation’s file could not be read");
      return NULL;
    }

  roots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      Entry *parent;

      if (entry->parent_id == NULL)
        continue;
      parent = g_hash_table_lookup (self->by_id, entry->parent_id);
      if (parent == NULL)
        {
          self->lines = entry->line;
          fail (self, error, "its parent %s is not in the file", entry->parent_id);
          return NULL;
        }
      if (find_connection (self, entry) == NULL)
        {
          self->lines = entry->line;
          fail (self, error, "a child of %s of a kind the query did not ask for", entry->parent_id);
          return NULL;
        }
      if (parent->children == NULL)
        parent->children = g_ptr_array_new ();
      g_ptr_array_add (parent->children, entry);
    }

  /* Shopify nests connections two levels deep at most: a longer chain of
   * __parentId (or a cycle, which never ends) is refused rather than
   * followed. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      Entry *walk = entry;
      guint steps = 0;

      while (walk->parent_id != NULL && steps++ < MAX_LEVELS)
        walk = g_hash_table_lookup (self->by_id, walk->parent_id);
      if (walk->parent_id != NULL)
        {
          self->lines = entry->line;
          fail (self, error, "nested more than %d levels below a top-level object", MAX_LEVELS);
          return NULL;
        }
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->parent_id != NULL)
        continue;
      attach_children (self, entry, TRUE);
      g_ptr_array_add (roots, json_object_ref (entry->object));
    }
  return g_steal_pointer (&roots);
}
