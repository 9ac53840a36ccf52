#define G_LOG_DOMAIN "bmd-warehouse"

#include "config.h"

#include <string.h>
#include <libpq-fe.h>

#include "bmd-wipe.h"
#include "bmd-copy-format-private.h"
#include "bmd-pickup.h"
#include "bmd-redshift-loader.h"
#include "bmd-redshift-spectrum.h"
#include "bmd-resources.h"
#include "bmd-warehouse-rows.h"

#define STAGE_TABLE "bmd_stage_orders"
#define STAGE_DEDUP_TABLE "bmd_stage_dedup"
/* Rows per multi-row INSERT of a ready table. */
#define INSERT_BATCH 200
#define SQLSTATE_QUERY_CANCELED "57014"

struct _BmdRedshiftLoader
{
  GObject parent_instance;

  char *conninfo;
  char *user;
  char *password;
  char *iam_role;
  char *region;
  char *lake_database;
  BmdWarehouseDialect dialect;
  BmdWarehouseProgressFunc progress;
  gpointer progress_data;

  PGconn *conn;
  PGcancel *cancel;
  GMutex cancel_lock;
};

G_DEFINE_FINAL_TYPE (BmdRedshiftLoader, bmd_redshift_loader, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-warehouse-error-quark, bmd_warehouse_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

gboolean
bmd_warehouse_dialect_from_string (const char          *name,
                                   BmdWarehouseDialect *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL || *name == '\0' || g_ascii_strcasecmp (name, "auto") == 0)
    *out = BMD_WAREHOUSE_DIALECT_AUTO;
  else if (g_ascii_strcasecmp (name, "postgres") == 0 || g_ascii_strcasecmp (name, "postgresql") == 0)
    *out = BMD_WAREHOUSE_DIALECT_POSTGRES;
  else if (g_ascii_strcasecmp (name, "redshift") == 0)
    *out = BMD_WAREHOUSE_DIALECT_REDSHIFT;
  else
    return FALSE;
  return TRUE;
}

static const char *
dialect_to_string (BmdWarehouseDialect dialect)
{
  switch (dialect)
    {
    case BMD_WAREHOUSE_DIALECT_POSTGRES:
      return "postgres";
    case BMD_WAREHOUSE_DIALECT_REDSHIFT:
      return "redshift";
    case BMD_WAREHOUSE_DIALECT_AUTO:
    default:
      return "auto";
    }
}

char *
bmd_warehouse_conninfo_dup_value (const char *conninfo,
                                  const char *keyword)
{
  PQconninfoOption *options;
  char *value = NULL;

  g_return_val_if_fail (keyword != NULL, NULL);

  if (conninfo == NULL)
    return NULL;
  options = PQconninfoParse (conninfo, NULL);
  if (options == NULL)
    return NULL;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0 && o->val != NULL && *o->val != '\0')
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

static void
progress (BmdRedshiftLoader *self,
          const char        *step)
{
  g_debug ("warehouse: %s", step);
  if (self->progress != NULL)
    self->progress (step, self->progress_data);
}

static void
disconnect (BmdRedshiftLoader *self)
{
  g_mutex_lock (&self->cancel_lock);
  g_clear_pointer (&self->cancel, PQfreeCancel);
  g_mutex_unlock (&self->cancel_lock);
  g_clear_pointer (&self->conn, PQfinish);
}

static void
bmd_redshift_loader_finalize (GObject *object)
{
  BmdRedshiftLoader *self = (BmdRedshiftLoader *) object;

  disconnect (self);
  g_mutex_clear (&self->cancel_lock);
  g_clear_pointer (&self->conninfo, bmd_wipe_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->password, bmd_wipe_free);
  g_clear_pointer (&self->iam_role, g_free);
  g_clear_pointer (&self->lake_database, g_free);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (bmd_redshift_loader_parent_class)->finalize (object);
}

static void
bmd_redshift_loader_class_init (BmdRedshiftLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_redshift_loader_finalize;
}

static void
bmd_redshift_loader_init (BmdRedshiftLoader *self)
{
  g_mutex_init (&self->cancel_lock);
}

BmdRedshiftLoader *
bmd_redshift_loader_new (const char          *conninfo,
                         BmdWarehouseDialect  dialect)
{
  BmdRedshiftLoader *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (BMD_TYPE_REDSHIFT_LOADER, NULL);
  self->conninfo = g_strdup (conninfo);
  self->dialect = dialect;
  return self;
}

void
bmd_redshift_loader_set_login (BmdRedshiftLoader *self,
                               const char        *user,
                               const char        *password)
{
  g_return_if_fail (BMD_IS_REDSHIFT_LOADER (self));

  g_free (self->user);
  self->user = g_strdup (user);
  bmd_wipe_free (self->password);
  self->password = g_strdup (password);
  /* The next load logs in with these. */
  disconnect (self);
}

void
bmd_redshift_loader_set_iam_role (BmdRedshiftLoader *self,
                                  const char        *iam_role,
                                  const char        *region)
{
  g_return_if_fail (BMD_IS_REDSHIFT_LOADER (self));

  g_free (self->iam_role);
  self->iam_role = g_strdup (iam_role);
  g_free (self->region);
  self->region = g_strdup (region);
}

void
bmd_redshift_loader_set_progress_func (BmdRedshiftLoader        *self,
                                       BmdWarehouseProgressFunc  func,
                                       gpointer                  user_data)
{
  g_return_if_fail (BMD_IS_REDSHIFT_LOADER (self));

  self->progress = func;
  self->progress_data = user_data;
}

BmdWarehouseDialect
bmd_redshift_loader_get_dialect (BmdRedshiftLoader *self)
{
  g_return_val_if_fail (BMD_IS_REDSHIFT_LOADER (self), BMD_WAREHOUSE_DIALECT_AUTO);
  return self->dialect;
}

/* ---- cancel -------------------------------------------------------------- */

static void
cancelled_cb (GCancellable      *cancellable,
              BmdRedshiftLoader *self)
{
  char errbuf[256];

  /* Runs in the thread that cancels: PQcancel is made for that. */
  g_mutex_lock (&self->cancel_lock);
  if (self->cancel != NULL && !PQcancel (self->cancel, errbuf, sizeof errbuf))
    g_debug ("Could not cancel the warehouse statement: %s", errbuf);
  g_mutex_unlock (&self->cancel_lock);
}

/* ---- statements ---------------------------------------------------------- */

static char *
first_line (const char *message)
{
  g_autofree char *copy = g_strdup (message != NULL ? message : "unknown error");

  g_strstrip (copy);
  if (strchr (copy, '\n') != NULL)
    *strchr (copy, '\n') = '\0';
  return g_steal_pointer (&copy);
}

static gboolean
check_result (BmdRedshiftLoader  *self,
              PGresult           *result,
              const char         *step,
              GCancellable       *cancellable,
              GError            **error)
{
  ExecStatusType status = result != NULL ? PQresultStatus (result) : PGRES_FATAL_ERROR;
  const char *state;
  g_autofree char *message = NULL;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN)
    return TRUE;

  state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  message = first_line (result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->conn));
  if (g_strcmp0 (state, SQLSTATE_QUERY_CANCELED) == 0
      || (cancellable != NULL && g_cancellable_is_cancelled (cancellable)))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Warehouse load cancelled while %s", step);
  else
    g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_QUERY,
                 "Warehouse: %s failed: %s (SQLSTATE %s)", step, message, state != NULL ? state : "?");
  return FALSE;
}

/* Runs @sql, with @values as its parameters when not NULL (without, it may
 * hold several statements, which PQexecParams() refuses). The result, or
 * NULL with @error. */
static PGresult *
run_sql (BmdRedshiftLoader  *self,
         const char         *sql,
         int                 n_params,
         const char * const *values,
         const char         *step,
         GCancellable       *cancellable,
         GError            **error)
{
  PGresult *result;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  result = values != NULL ? PQexecParams (self->conn, sql, n_params, NULL, values, NULL, NULL, 0)
                          : PQexec (self->conn, sql);
  if (!check_result (self, result, step, cancellable, error))
    g_clear_pointer (&result, PQclear);
  return result;
}

/* run_sql () for a statement whose result is not read. */
static gboolean
exec_params (BmdRedshiftLoader  *self,
             const char         *sql,
             int                 n_params,
             const char * const *values,
             const char         *step,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(PGresult) result = run_sql (self, sql, n_params, values, step, cancellable, error);

  return result != NULL;
}

static gboolean
exec (BmdRedshiftLoader  *self,
      const char         *sql,
      const char         *step,
      GCancellable       *cancellable,
      GError            **error)
{
  return exec_params (self, sql, 0, NULL, step, cancellable, error);
}

static char *
quote_ident (BmdRedshiftLoader *self,
             const char        *name)
{
  char *quoted = PQescapeIdentifier (self->conn, name, strlen (name));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

/* "bmd"."table" */
static char *
qualified (BmdRedshiftLoader *self,
           const char        *table)
{
  g_autofree char *schema = quote_ident (self, "bmd");
  g_autofree char *name = quote_ident (self, table);

  return g_strdup_printf ("%s.%s", schema, name);
}

static char *
column_list (BmdRedshiftLoader  *self,
             const char * const *columns,
             const char         *prefix)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *quoted = quote_ident (self, columns[i]);

      if (i > 0)
        g_string_append (out, ", ");
      if (prefix != NULL)
        g_string_append_printf (out, "%s.", prefix);
      g_string_append (out, quoted);
    }
  return g_string_free (out, FALSE);
}

/* ---- connect ------------------------------------------------------------- */

/* "relation … already exists, skipping" and the like: not for stderr. */
static void
notice_cb (void       *arg,
           const char *message)
{
  g_autofree char *line = first_line (message);

  g_debug ("server: %s", line);
}

gboolean
bmd_redshift_loader_connect (BmdRedshiftLoader  *self,
                             GCancellable       *cancellable,
                             GError            **error)
{
  PQconninfoOption *options;
  char *parse_error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(PGresult) version = NULL;
  gboolean is_redshift;
  g_autofree char *host = NULL;
  g_autofree char *dbname = NULL;

  g_return_val_if_fail (BMD_IS_REDSHIFT_LOADER (self), FALSE);

  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  disconnect (self);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  progress (self, "connect");

  options = PQconninfoParse (self->conninfo, &parse_error);
  if (options == NULL)
    {
      /* libpq's message may quote a fragment of the string, password included. */
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "The warehouse connection string (BAKEMYDAY_WAREHOUSE) is not valid: "
                   "expected key=value pairs or a postgresql:// URI");
      PQfreemem (parse_error);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val;

      if (strcmp (o->keyword, "user") == 0 && self->user != NULL)
        value = self->user;
      else if (strcmp (o->keyword, "password") == 0 && self->password != NULL)
        value = self->password;
      if (strcmp (o->keyword, "host") == 0 || strcmp (o->keyword, "hostaddr") == 0)
        {
          if (value != NULL && host == NULL)
            host = g_strdup (value);
        }
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = g_strdup (value);
      if (value == NULL)
        continue;
      g_ptr_array_add (keys, o->keyword);
      g_ptr_array_add (values, (gpointer) value);
    }
  if (self->user != NULL && !g_ptr_array_find_with_equal_func (keys, "user", g_str_equal, NULL))
    {
      g_ptr_array_add (keys, "user");
      g_ptr_array_add (values, self->user);
    }
  if (self->password != NULL && !g_ptr_array_find_with_equal_func (keys, "password", g_str_equal, NULL))
    {
      g_ptr_array_add (keys, "password");
      g_ptr_array_add (values, self->password);
    }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);

  self->conn = PQconnectdbParams ((const char * const *) keys->pdata,
                                  (const char * const *) values->pdata, FALSE);
  PQconninfoFree (options);
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = first_line (self->conn != NULL ? PQerrorMessage (self->conn) : NULL);

      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT,
                   "Could not connect to the warehouse (host %s, database %s): %s",
                   host != NULL ? host : "default", dbname != NULL ? dbname : "default", message);
      disconnect (self);
      return FALSE;
    }

  PQsetNoticeProcessor (self->conn, notice_cb, NULL);
  g_mutex_lock (&self->cancel_lock);
  self->cancel = PQgetCancel (self->conn);
  g_mutex_unlock (&self->cancel_lock);

  /* Timestamps cross as UTC text both ways. */
  if (!exec (self, "SET TIME ZONE 'UTC'", "setting the time zone", cancellable, error))
    {
      disconnect (self);
      return FALSE;
    }

  version = run_sql (self, "SELECT version()", 0, NULL, "reading the server version",
                     cancellable, error);
  if (version == NULL)
    {
      disconnect (self);
      return FALSE;
    }
  is_redshift = strstr (PQgetvalue (version, 0, 0), "Redshift") != NULL;
  if (self->dialect == BMD_WAREHOUSE_DIALECT_AUTO)
    self->dialect = is_redshift ? BMD_WAREHOUSE_DIALECT_REDSHIFT : BMD_WAREHOUSE_DIALECT_POSTGRES;
  /* PostgreSQL's defaults (8 MB of temp buffers, 4 MB to sort) push a
   * snapshot's stage to disk; these only apply to this session. The server
   * really is PostgreSQL here even when told to speak Redshift's dialect. */
  if (!is_redshift
      && !exec (self, "SET temp_buffers = '256MB'; SET work_mem = '64MB'",
                "setting session memory", cancellable, error))
    {
      disconnect (self);
      return FALSE;
    }
  g_debug ("Connected to %s (%s)", PQgetvalue (version, 0, 0),
           dialect_to_string (self->dialect));
  return TRUE;
}

gboolean
bmd_redshift_loader_ensure_schema (BmdRedshiftLoader  *self,
                                   GCancellable       *cancellable,
                                   GError            **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (BMD_IS_REDSHIFT_LOADER (self), FALSE);

  if (!bmd_redshift_loader_connect (self, cancellable, error))
    return FALSE;
  progress (self, "schema");
  sql = bmd_core_dup_resource_text ("sql/warehouse-schema.sql", error);
  if (sql == NULL)
    return FALSE;
  return exec (self, sql, "creating schema bmd", cancellable, error);
}

/* ---- Redshift COPY ------------------------------------------------------- */

static gboolean
is_valid_s3_uri (const char *uri)
{
  if (uri == NULL || !g_str_has_prefix (uri, "s3://") || strlen (uri) <= 5)
    return FALSE;
  for (const char *p = uri; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == '\'' || *p == '\\' || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static char *
quote_literal (BmdRedshiftLoader *self,
               const char        *value)
{
  g_autofree char *doubled = NULL;
  g_auto(GStrv) parts = NULL;

  if (self->conn != NULL)
    {
      char *quoted = PQescapeLiteral (self->conn, value, strlen (value));
      char *copy = g_strdup (quoted);

      PQfreemem (quoted);
      return copy;
    }
  /* Callers validated @value: no backslashes, so doubling quotes is enough. */
  parts = g_strsplit (value, "'", -1);
  doubled = g_strjoinv ("''", parts);
  return g_strdup_printf ("'%s'", doubled);
}

char *
bmd_redshift_loader_build_copy_sql (BmdRedshiftLoader  *self,
                                    const char         *stage_table,
                                    const char         *s3_uri,
                                    GError            **error)
{
  g_autofree char *table = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *role = NULL;
  GString *sql;

  g_return_val_if_fail (BMD_IS_REDSHIFT_LOADER (self), NULL);
  g_return_val_if_fail (stage_table != NULL, NULL);

  if (!bmd_redshift_iam_role_is_valid (self->iam_role))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "Redshift needs an IAM role to COPY from S3 (BAKEMYDAY_REDSHIFT_IAM_ROLE), "
                   "like arn:aws:iam::123456789012:role/RedshiftCopy; got “%s”",
                   self->iam_role != NULL ? self->iam_role : "");
      return NULL;
    }
  if (!is_valid_s3_uri (s3_uri))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "“%s” is not an s3:// location Redshift can COPY from", s3_uri != NULL ? s3_uri : "");
      return NULL;
    }
  if (self->region != NULL && !g_regex_match_simple ("^[a-z0-9-]{1,32}$", self->region, 0, 0))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "“%s” is not an AWS region", self->region);
      return NULL;
    }

  if (self->conn != NULL)
    table = quote_ident (self, stage_table);
  else
    {
      g_auto(GStrv) parts = g_strsplit (stage_table, "\"", -1);
      g_autofree char *doubled = g_strjoinv ("\"\"", parts);

      table = g_strdup_printf ("\"%s\"", doubled);
    }
  uri = quote_literal (self, s3_uri);
  role = quote_literal (self, self->iam_role);

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "COPY %s FROM %s IAM_ROLE %s FORMAT JSON 'auto' GZIP TIMEFORMAT 'auto'",
                          table, uri, role);
  if (self->region != NULL)
    g_string_append_printf (sql, " REGION '%s'", self->region);
  return g_string_free (sql, FALSE);
}

/* ---- load ---------------------------------------------------------------- */

/* Type OIDs (PostgreSQL's pg_type.dat) of the stage columns the binary COPY writes. */
#define OID_TEXT 25
#define OID_VARCHAR 1043
#define OID_TIMESTAMPTZ 1184
#define OID_NUMERIC 1700
/* COPY data handed to libpq at once: large enough that the per-call cost
 * vanishes, small enough that the server parses one chunk while the next
 * is built. */
#define COPY_CHUNK (256 * 1024)
#define STAGE_SAVEPOINT "bmd_stage_binary"

/* How each of @cols crosses in COPY's binary format, from the stage's own
 * column types, so the bytes always match the column; *out_kinds is NULL
 * when a column has a type this file does not write, or the server keeps
 * timestamps as floating point (then the snapshot goes as text). */
static gboolean
stage_kinds (BmdRedshiftLoader  *self,
             const char         *cols,
             BmdCopyKind         **out_kinds,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM " STAGE_TABLE " LIMIT 0", cols);
  g_autofree BmdCopyKind *kinds = NULL;
  g_autoptr(PGresult) result = NULL;

  *out_kinds = NULL;
  result = run_sql (self, sql, 0, NULL, "reading the stage's columns", cancellable, error);
  if (result == NULL)
    return FALSE;
  if (g_strcmp0 (PQparameterStatus (self->conn, "integer_datetimes"), "on") != 0)
    return TRUE;

  kinds = g_new (BmdCopyKind, MAX (PQnfields (result), 1));
  for (int c = 0; c < PQnfields (result); c++)
    switch (PQftype (result, c))
      {
      case OID_TEXT:
      case OID_VARCHAR:
        kinds[c] = BMD_COPY_TEXT;
        break;
      case OID_TIMESTAMPTZ:
        kinds[c] = BMD_COPY_TIMESTAMPTZ;
        break;
      case OID_NUMERIC:
        kinds[c] = BMD_COPY_NUMERIC;
        break;
      default:
        return TRUE;
      }
  *out_kinds = g_steal_pointer (&kinds);
  return TRUE;
}

/* Streams the snapshot into the stage with one COPY: binary when @kinds is
 * given, else text. Notes on the way whether an order comes twice or without
 * an id (*out_duplicates), so the merge needs no pass of its own. A value
 * without a binary form ends a binary COPY with *out_unencodable set and
 * TRUE; the caller then rolls the stage back and sends text. */
static gboolean
copy_stage (BmdRedshiftLoader        *self,
            const BmdWarehouseBatch  *batch,
            const BmdCopyKind          *kinds,
            gboolean                 *out_duplicates,
            gboolean                 *out_unencodable,
            GCancellable             *cancellable,
            GError                  **error)
{
  const char * const *columns = bmd_warehouse_columns ("orders");
  guint n_columns = g_strv_length ((char **) columns);
  BmdCopyBuffer buffer = { NULL, 0, 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PGresult) copy = NULL;
  g_autoptr(PGresult) done = NULL;
  g_autofree char *cols = column_list (self, columns, NULL);
  g_autofree char *sql = g_strdup_printf ("COPY " STAGE_TABLE " (%s) FROM STDIN%s", cols,
                                          kinds != NULL ? " (FORMAT binary)" : "");
  gboolean duplicates = FALSE;
  gboolean cancelled = FALSE;
  gboolean unencodable = FALSE;
  gboolean sent = TRUE;

  *out_unencodable = FALSE;
  copy = PQexec (self->conn, sql);
  if (!check_result (self, copy, "starting COPY of the snapshot", cancellable, error))
    return FALSE;

  _bmd_copy_buffer_room (&buffer, COPY_CHUNK + 64 * 1024);
  if (kinds != NULL)
    {
      /* Signature, flags (no OIDs), no header extension. */
      _bmd_copy_buffer_append (&buffer, "PGCOPY\n\377\r\n\0", 11);
      _bmd_copy_buffer_be32 (&buffer, 0);
      _bmd_copy_buffer_be32 (&buffer, 0);
    }
  for (guint i = 0; i < batch->order_rows->len && sent && !unencodable; i++)
    {
      JsonObject *row = g_ptr_array_index (batch->order_rows, i);

      if (!duplicates)
        {
          JsonNode *id = json_object_get_member (row, "order_id");

          duplicates = id == NULL || json_node_get_value_type (id) != G_TYPE_STRING
                       || !g_hash_table_add (seen, (gpointer) json_node_get_string (id));
        }

      if (kinds != NULL)
        _bmd_copy_buffer_be16 (&buffer, (guint16) n_columns);
      for (guint c = 0; c < n_columns && !unencodable; c++)
        {
          g_autofree char *scratch = NULL;
          const char *value = _bmd_copy_row_value (row, columns[c], &scratch);

          if (kinds != NULL)
            {
              if (value == NULL)
                _bmd_copy_buffer_be32 (&buffer, G_MAXUINT32);
              else
                unencodable = !_bmd_copy_append_binary_value (&buffer, kinds[c], value);
              continue;
            }
          if (c > 0)
            _bmd_copy_buffer_append (&buffer, "\t", 1);
          if (value == NULL)
            _bmd_copy_buffer_append (&buffer, "\\N", 2);
          else
            _bmd_copy_append_text (&buffer, value);
        }
      if (kinds == NULL)
        _bmd_copy_buffer_append (&buffer, "\n", 1);
      else if (i + 1 == batch->order_rows->len && !unencodable)
        _bmd_copy_buffer_be16 (&buffer, 0xffff);
      if (!unencodable && (buffer.len >= COPY_CHUNK || i + 1 == batch->order_rows->len))
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              cancelled = TRUE;
              break;
            }
          sent = PQputCopyData (self->conn, buffer.data, (int) buffer.len) == 1;
          buffer.len = 0;
        }
    }
  if (kinds != NULL && batch->order_rows->len == 0)
    {
      _bmd_copy_buffer_be16 (&buffer, 0xffff);
      sent = PQputCopyData (self->conn, buffer.data, (int) buffer.len) == 1;
    }
  g_free (buffer.data);
  PQputCopyEnd (self->conn, cancelled ? "cancelled" : unencodable ? "a value without a binary form" : NULL);
  done = PQgetResult (self->conn);
  /* Drain: COPY leaves exactly one result, then NULL. */
  {
    PGresult *extra;

    while ((extra = PQgetResult (self->conn)) != NULL)
      PQclear (extra);
  }
  if (cancelled)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Warehouse load cancelled while staging the snapshot");
      return FALSE;
    }
  if (unencodable)
    {
      *out_unencodable = TRUE;
      return TRUE;
    }
  if (!check_result (self, done, "COPY of the snapshot", cancellable, error))
    return FALSE;
  *out_duplicates = duplicates;
  return TRUE;
}

/* The snapshot's rows go straight into the typed stage with COPY. (Staging
 * the JSON lines as jsonb and expanding them with jsonb_populate_record
 * costs a JSON writer here and a JSON parser there, and made up most of the
 * load.) COPY's binary format spares the server splitting and unescaping
 * the text and parsing every timestamp and price, about a third of the
 * stage; a snapshot with a value that has no sure binary form (a timestamp
 * not in the rows' own form, a price like "1e3") goes as text instead,
 * behind a savepoint, so the server judges it as before. */
static gboolean
stage_postgres (BmdRedshiftLoader        *self,
                const BmdWarehouseBatch  *batch,
                gboolean                 *out_duplicates,
                GCancellable             *cancellable,
                GError                  **error)
{
  g_autofree char *cols = column_list (self, bmd_warehouse_columns ("orders"), NULL);
  g_autofree BmdCopyKind *kinds = NULL;
  gboolean unencodable = FALSE;

  if (!stage_kinds (self, cols, &kinds, cancellable, error))
    return FALSE;
  if (kinds != NULL)
    {
      if (!exec (self, "SAVEPOINT " STAGE_SAVEPOINT, "staging the snapshot", cancellable, error)
          || !copy_stage (self, batch, kinds, out_duplicates, &unencodable, cancellable, error))
        return FALSE;
      if (!unencodable)
        return exec (self, "RELEASE SAVEPOINT " STAGE_SAVEPOINT, "staging the snapshot", cancellable, error);
      g_debug ("A value of the snapshot has no binary form: staging it as text");
      if (!exec (self, "ROLLBACK TO SAVEPOINT " STAGE_SAVEPOINT, "staging the snapshot", cancellable, error))
        return FALSE;
    }
  return copy_stage (self, batch, NULL, out_duplicates, &unencodable, cancellable, error);
}

static gboolean
stage_redshift (BmdRedshiftLoader        *self,
                const BmdWarehouseBatch  *batch,
                GCancellable             *cancellable,
                GError                  **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *sql = NULL;
  const char *slash;

  if (batch->lake_bucket == NULL || batch->lake_key == NULL)
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "Redshift loads from the lake: the lake stage must run first (no S3 bucket set)");
      return FALSE;
    }
  slash = strrchr (batch->lake_key, '/');
  folder = slash != NULL ? g_strndup (batch->lake_key, slash - batch->lake_key + 1) : g_strdup ("");
  uri = g_strdup_printf ("s3://%s/%s", batch->lake_bucket, folder);
  sql = bmd_redshift_loader_build_copy_sql (self, STAGE_TABLE, uri, error);
  if (sql == NULL)
    return FALSE;
  return exec (self, sql, "COPY of the snapshot from S3", cancellable, error);
}

/* The one value @sql returns, as text (NULL for SQL NULL), into *out. */
static gboolean
query_value (BmdRedshiftLoader  *self,
             const char         *sql,
             const char         *purpose,
             char              **out,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(PGresult) result = run_sql (self, sql, 0, NULL, purpose, cancellable, error);

  if (result == NULL)
    return FALSE;
  *out = PQntuples (result) > 0 && !PQgetisnull (result, 0, 0) ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
  return TRUE;
}

/* Whether Redshift's stage holds an order twice (or one without an id): it
 * is whatever COPY read from the lake. (On PostgreSQL the stage is exactly
 * the batch, and copy_stage () answers while sending it.) */
static gboolean
stage_has_duplicates (BmdRedshiftLoader  *self,
                      gboolean           *out,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autofree char *unique = NULL;

  if (!query_value (self, "SELECT COUNT(*) = COUNT(DISTINCT order_id) AND COUNT(order_id) = COUNT(*) "
                          "FROM " STAGE_TABLE, "looking for duplicate orders", &unique, cancellable, error))
    return FALSE;
  *out = g_strcmp0 (unique, "t") != 0;
  return TRUE;
}

/* Whether bmd.orders holds no row at all (the first load, or one after the
 * warehouse was emptied); stops at the first row, unlike a count. */
static gboolean
orders_are_empty (BmdRedshiftLoader  *self,
                  const char         *orders,
                  gboolean           *out,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT NOT EXISTS (SELECT 1 FROM %s)", orders);
  g_autofree char *empty = NULL;

  if (!query_value (self, sql, "looking into bmd.orders", &empty, cancellable, error))
    return FALSE;
  *out = g_strcmp0 (empty, "t") == 0;
  return TRUE;
}

/* Removes from @source the orders bmd.orders already holds unchanged (run_id
 * aside), so the MERGE only writes what changed: a daily snapshot is mostly
 * unchanged rows, and rewriting each one costs a new row version and its WAL.
 * bmd.orders.run_id is thereby the run that last changed the row.
 * Null-safe equality spelt out: Redshift has no IS NOT DISTINCT FROM. */
static gboolean
prune_unchanged (BmdRedshiftLoader  *self,
                 const char         *source,
                 GCancellable       *cancellable,
                 GError            **error)
{
  const char * const *columns = bmd_warehouse_columns ("orders");
  g_autofree char *orders = qualified (self, "orders");
  g_autofree char *sql = NULL;
  GString *same = g_string_new (NULL);

  for (guint i = 0; columns[i] != NULL; i++)
    {
      g_autofree char *quoted = NULL;

      if (strcmp (columns[i], "order_id") == 0 || strcmp (columns[i], "run_id") == 0)
        continue;
      quoted = quote_ident (self, columns[i]);
      g_string_append_printf (same, " AND (o.%s = s.%s OR (o.%s IS NULL AND s.%s IS NULL))",
                              quoted, quoted, quoted, quoted);
    }
  sql = g_strdup_printf ("DELETE FROM %s s USING %s o WHERE o.order_id = s.order_id%s",
                         source, orders, same->str);
  g_string_free (same, TRUE);
  return exec (self, sql, "skipping unchanged orders", cancellable, error);
}

/* @stage_duplicates: on PostgreSQL, what copy_stage () saw; Redshift's
 * stage is checked here. */
static gboolean
merge_orders (BmdRedshiftLoader        *self,
              const BmdWarehouseBatch  *batch,
              gboolean                  stage_duplicates,
              GCancellable             *cancellable,
              GError                  **error)
{
  const char * const *columns = bmd_warehouse_columns ("orders");
  g_autofree char *orders = qualified (self, "orders");
  g_autofree char *cols = column_list (self, columns, NULL);
  g_autofree char *s_cols = column_list (self, columns, "s");
  g_autofree char *dedup = NULL;
  g_autofree char *merge = NULL;
  g_autofree char *mark_deleted = NULL;
  g_autofree char *started = bmd_format_utc_iso8601 (batch->started_at);
  g_autoptr(GString) set = g_string_new (NULL);
  const char *params[1];
  gboolean duplicates = stage_duplicates;
  gboolean empty = FALSE;
  const char *source = STAGE_TABLE;

  /* MERGE refuses to touch a target row twice: one row per order, the newest.
   * A snapshot rarely has duplicates, and sorting every wide row to find none
   * costs more than the MERGE: look first. */
  if (self->dialect == BMD_WAREHOUSE_DIALECT_REDSHIFT
      && !stage_has_duplicates (self, &duplicates, cancellable, error))
    return FALSE;
  if (duplicates)
    {
      dedup = g_strdup_printf ("CREATE TEMP TABLE " STAGE_DEDUP_TABLE " AS SELECT %s FROM "
                               "(SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.order_id "
                               "ORDER BY s.updated_at DESC NULLS LAST) AS bmd_rn "
                               "FROM " STAGE_TABLE " s WHERE s.order_id IS NOT NULL) s WHERE s.bmd_rn = 1",
                               s_cols);
      if (!exec (self, dedup, "removing duplicate orders from the stage", cancellable, error))
        return FALSE;
      source = STAGE_DEDUP_TABLE;
    }

  /* Into an empty bmd.orders (the first load) there is nothing to mark
   * deleted, nothing unchanged to skip and nothing to match: the MERGE
   * would insert every row of the source, and a plain INSERT of the source
   * does the same without MERGE's join and per-row matching (a quarter less
   * time on PostgreSQL 15). Redshift keeps its MERGE, as it was. */
  if (self->dialect != BMD_WAREHOUSE_DIALECT_REDSHIFT
      && !orders_are_empty (self, orders, &empty, cancellable, error))
    return FALSE;
  if (empty)
    {
      g_autofree char *insert = g_strdup_printf ("INSERT INTO %s (%s) SELECT %s FROM %s s",
                                                 orders, cols, s_cols, source);

      return exec (self, insert, "merging bmd.orders", cancellable, error);
    }

  for (guint i = 1; columns[i] != NULL; i++)
    {
      g_autofree char *quoted = quote_ident (self, columns[i]);

      g_string_append_printf (set, "%s%s = s.%s", i > 1 ? ", " : "", quoted, quoted);
    }
  /* Plain MERGE, the subset Redshift and PostgreSQL 15 share. */
  merge = g_strdup_printf ("MERGE INTO %s USING %s s ON %s.order_id = s.order_id "
                           "WHEN MATCHED THEN UPDATE SET %s "
                           "WHEN NOT MATCHED THEN INSERT (%s) VALUES (%s)",
                           orders, source, orders, set->str, cols, s_cols);
  /* The snapshot is complete: an order no longer in it was deleted in Shopify.
   * Marked before the unchanged rows leave the source. */
  mark_deleted = g_strdup_printf ("UPDATE %s SET deleted_at = $1 WHERE deleted_at IS NULL AND NOT EXISTS "
                                  "(SELECT 1 FROM %s s WHERE s.order_id = %s.order_id)",
                                  orders, source, orders);
  params[0] = started;
  if (!exec_params (self, mark_deleted, 1, params, "marking deleted orders", cancellable, error)
      || !prune_unchanged (self, source, cancellable, error))
    return FALSE;

  return exec (self, merge, "merging bmd.orders", cancellable, error);
}

static gboolean
insert_rows (BmdRedshiftLoader  *self,
             const char         *table,
             GPtrArray          *rows,
             GCancellable       *cancellable,
             GError            **error)
{
  const char * const *columns = bmd_warehouse_columns (table);
  g_autofree char *target = qualified (self, table);
  g_autofree char *cols = column_list (self, columns, NULL);
  g_autofree char *step = g_strdup_printf ("writing bmd.%s", table);
  guint n_columns = g_strv_length ((char **) columns);

  for (guint start = 0; start < rows->len; start += INSERT_BATCH)
    {
      guint end = MIN (start + INSERT_BATCH, rows->len);
      g_autoptr(GString) sql = g_string_new (NULL);
      g_autoptr(GPtrArray) values = g_ptr_array_new ();
      g_autoptr(GPtrArray) scratch = g_ptr_array_new_with_free_func (g_free);
      guint param = 1;

      g_string_append_printf (sql, "INSERT INTO %s (%s) VALUES ", target, cols);
      for (guint r = start; r < end; r++)
        {
          JsonObject *row = g_ptr_array_index (rows, r);

          g_string_append (sql, r > start ? ", (" : "(");
          for (guint c = 0; c < n_columns; c++)
            {
              char *owned = NULL;

              g_string_append_printf (sql, c > 0 ? ", $%u" : "$%u", param++);
              g_ptr_array_add (values, (gpointer) _bmd_copy_row_value (row, columns[c], &owned));
              if (owned != NULL)
                g_ptr_array_add (scratch, owned);
            }
          g_string_append_c (sql, ')');
        }
      if (!exec_params (self, sql->str, (int) values->len, (const char * const *) values->pdata,
                        step, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
rewrite_ready_tables (BmdRedshiftLoader        *self,
                      const BmdWarehouseBatch  *batch,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  const char * const *tables = bmd_warehouse_ready_tables ();

  for (guint i = 0; tables[i] != NULL; i++)
    {
      GPtrArray *rows = g_ptr_array_index (batch->ready_rows, i);
      g_autofree char *target = qualified (self, tables[i]);
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", target);
      g_autofree char *step = g_strdup_printf ("clearing bmd.%s", tables[i]);

      /* DELETE, not TRUNCATE: on Redshift TRUNCATE commits the transaction. */
      if (!exec (self, sql, step, cancellable, error)
          || !insert_rows (self, tables[i], rows, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
record_run (BmdRedshiftLoader        *self,
            const BmdWarehouseBatch  *batch,
            const char               *status,
            guint                     orders_total,
            const char               *message,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *started = bmd_format_utc_iso8601 (batch->started_at);
  g_autofree char *finished = bmd_format_utc_iso8601 (now);

  json_object_set_string_member (row, "run_id", batch->run_id);
  json_object_set_string_member (row, "started_at", started != NULL ? started : finished);
  json_object_set_string_member (row, "finished_at", finished);
  json_object_set_string_member (row, "status", status);
  json_object_set_int_member (row, "orders_total", orders_total);
  json_object_set_int_member (row, "added", batch->added);
  json_object_set_int_member (row, "updated", batch->updated);
  json_object_set_int_member (row, "deleted", batch->deleted);
  if (batch->lake_key != NULL && batch->lake_bucket != NULL)
    {
      g_autofree char *lake = g_strdup_printf ("s3://%s/%s", batch->lake_bucket, batch->lake_key);

      json_object_set_string_member (row, "lake_key", lake);
    }
  else
    json_object_set_null_member (row, "lake_key");
  if (message != NULL)
    json_object_set_string_member (row, "error", message);
  else
    json_object_set_null_member (row, "error");
  g_ptr_array_add (rows, row);
  return insert_rows (self, "etl_runs", rows, cancellable, error);
}

static gboolean
count_orders (BmdRedshiftLoader  *self,
              gint64             *out_rows,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autofree char *orders = qualified (self, "orders");
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", orders);
  g_autofree char *count = NULL;

  if (!query_value (self, sql, "counting bmd.orders", &count, cancellable, error))
    return FALSE;
  *out_rows = count != NULL ? g_ascii_strtoll (count, NULL, 10) : 0;
  return TRUE;
}

static gboolean
load_in_transaction (BmdRedshiftLoader        *self,
                     const BmdWarehouseBatch  *batch,
                     gint64                   *out_rows,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  g_autofree char *stage = NULL;
  g_autofree char *orders = qualified (self, "orders");
  gboolean duplicates = FALSE;

  if (!exec (self, "BEGIN", "starting the transaction", cancellable, error))
    return FALSE;

  progress (self, "stage");
  stage = g_strdup_printf ("CREATE TEMP TABLE " STAGE_TABLE " (LIKE %s)", orders);
  if (!exec (self, stage, "creating the stage", cancellable, error))
    return FALSE;
  if (self->dialect == BMD_WAREHOUSE_DIALECT_REDSHIFT)
    {
      if (!stage_redshift (self, batch, cancellable, error))
        return FALSE;
    }
  else if (!stage_postgres (self, batch, &duplicates, cancellable, error))
    return FALSE;

  progress (self, "merge");
  if (!merge_orders (self, batch, duplicates, cancellable, error))
    return FALSE;

  if (batch->ready_rows != NULL)
    {
      progress (self, "ready");
      if (!rewrite_ready_tables (self, batch, cancellable, error))
        return FALSE;
    }

  if (!count_orders (self, out_rows, cancellable, error))
    return FALSE;
  if (!record_run (self, batch, "ok", batch->order_rows->len, NULL, cancellable, error))
    return FALSE;

  progress (self, "commit");
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return exec (self, "COMMIT", "committing", NULL, error);
}

static void
drop_stage (BmdRedshiftLoader *self)
{
  g_autoptr(PGresult) a = NULL;
  g_autoptr(PGresult) c = NULL;

  a = PQexec (self->conn, "DROP TABLE IF EXISTS " STAGE_TABLE);
  c = PQexec (self->conn, "DROP TABLE IF EXISTS " STAGE_DEDUP_TABLE);
}

void
bmd_redshift_loader_set_lake_database (BmdRedshiftLoader *self,
                                       const char        *glue_database)
{
  g_return_if_fail (BMD_IS_REDSHIFT_LOADER (self));

  g_free (self->lake_database);
  self->lake_database = g_strdup (glue_database);
}

/* On Redshift only, and outside the load's transaction (external DDL cannot
 * run in one); IF NOT EXISTS makes every later refresh's run a no-op. */
static gboolean
ensure_spectrum_schema (BmdRedshiftLoader  *self,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autofree char *sql = NULL;

  if (self->lake_database == NULL || self->dialect != BMD_WAREHOUSE_DIALECT_REDSHIFT)
    return TRUE;
  sql = bmd_redshift_spectrum_schema_sql (self->lake_database, self->iam_role, self->region, error);
  if (sql == NULL)
    return FALSE;
  return exec (self, sql, "creating the external schema " BMD_SPECTRUM_SCHEMA, cancellable, error);
}

gboolean
bmd_redshift_loader_load (BmdRedshiftLoader        *self,
                          const BmdWarehouseBatch  *batch,
                          gint64                   *out_rows,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 rows = 0;
  gulong handler = 0;
  gboolean ok;

  g_return_val_if_fail (BMD_IS_REDSHIFT_LOADER (self), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (batch->order_rows != NULL, FALSE);

  if (!bmd_run_id_is_valid (batch->run_id))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "“%s” is not a run id (YYYYMMDDTHHMMSSZ-xxxxxx)", batch->run_id != NULL ? batch->run_id : "");
      return FALSE;
    }
  if (!bmd_redshift_loader_ensure_schema (self, cancellable, error))
    return FALSE;
  if (!ensure_spectrum_schema (self, cancellable, error))
    return FALSE;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  drop_stage (self);
  ok = load_in_transaction (self, batch, &rows, cancellable, &local_error);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  if (!ok)
    {
      g_autoptr(PGresult) rollback = PQexec (self->conn, "ROLLBACK");
      g_autoptr(GError) record_error = NULL;
      gboolean cancelled = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      if (PQstatus (self->conn) == CONNECTION_OK
          && PQresultStatus (rollback) == PGRES_COMMAND_OK
          && !record_run (self, batch, cancelled ? "cancelled" : "failed", batch->order_rows->len,
                          local_error->message, NULL, &record_error))
        g_debug ("Could not record the failed run: %s", record_error->message);
      if (PQstatus (self->conn) != CONNECTION_OK)
        disconnect (self);
      else
        drop_stage (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  drop_stage (self);
  if (out_rows != NULL)
    *out_rows = rows;
  return TRUE;
}
