#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-bulk-private.h"

#include <string.h>

typedef enum
{
  STATUS_CREATED,
  STATUS_RUNNING,
  STATUS_COMPLETED,
  STATUS_FAILED,
  STATUS_CANCELING,
  STATUS_CANCELED,
  STATUS_EXPIRED,
} Status;

static const char *status_names[] = {
  "CREATED", "RUNNING", "COMPLETED", "FAILED", "CANCELING", "CANCELED", "EXPIRED",
};

typedef struct
{
  char            *gid;
  gboolean         foreign;        /* another app's: fills a slot, invisible */
  BmdSimBulkFault  fault;
  char            *query;
  gint64           created_wall;   /* unix seconds */
  gint64           created_mono;   /* microseconds */
  gint64           cancel_mono;    /* 0: not cancelled */
  guint            n_lines;
  GArray          *root_prefix;    /* guint: root lines among the first i */
  GBytes          *file;           /* every line, in file order */
  GBytes          *partial;        /* FAILED: a prefix of them */
  char            *file_name;
  char            *partial_name;
  gboolean         cut_done;
} Operation;

struct _BmdSimBulk
{
  guint64          seed;
  double           rate;           /* objects a second */
  guint            concurrency;
  BmdSimBulkFault  every;
  BmdSimBulkFault  next;
  gboolean         blocker_made;   /* the in-progress fault of the coming operation happened */
  char            *base;
  GPtrArray       *operations;     /* Operation*, oldest first */
  guint64          serial;
  guint            created;
  guint            downloads;
  guint            cancelled;
};

static const struct
{
  const char      *name;
  BmdSimBulkFault  fault;
} fault_names[] = {
  { "none", BMD_SIM_BULK_FAULT_NONE },
  { "failed", BMD_SIM_BULK_FAULT_FAILED },
  { "expired", BMD_SIM_BULK_FAULT_EXPIRED },
  { "cut-download", BMD_SIM_BULK_FAULT_CUT_DOWNLOAD },
  { "in-progress", BMD_SIM_BULK_FAULT_IN_PROGRESS },
};

gboolean
bmd_sim_bulk_fault_from_name (const char      *name,
                              BmdSimBulkFault *fault)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (fault_names); i++)
    if (g_str_equal (name, fault_names[i].name))
      {
        *fault = fault_names[i].fault;
        return TRUE;
      }
  return FALSE;
}

static void
operation_free (gpointer data)
{
  Operation *op = data;

  g_free (op->gid);
  g_free (op->query);
  g_clear_pointer (&op->root_prefix, g_array_unref);
  g_clear_pointer (&op->file, g_bytes_unref);
  g_clear_pointer (&op->partial, g_bytes_unref);
  g_free (op->file_name);
  g_free (op->partial_name);
  g_free (op);
}

BmdSimBulk *
bmd_sim_bulk_new (guint64         seed,
                  double          rate,
                  guint           concurrency,
                  BmdSimBulkFault every)
{
  BmdSimBulk *bulk = g_new0 (BmdSimBulk, 1);

  bulk->seed = seed;
  bulk->rate = rate > 0 ? rate : 1000;
  bulk->concurrency = concurrency > 0 ? concurrency : 5;
  bulk->every = every;
  bulk->base = g_strdup ("http://127.0.0.1:0");
  bulk->operations = g_ptr_array_new_with_free_func (operation_free);
  /* Real ids are large; any number works. */
  bulk->serial = 4412000000;
  return bulk;
}

void
bmd_sim_bulk_free (BmdSimBulk *bulk)
{
  if (bulk == NULL)
    return;
  g_ptr_array_unref (bulk->operations);
  g_free (bulk->base);
  g_free (bulk);
}

void
bmd_sim_bulk_set_file_base (BmdSimBulk *bulk,
                            const char *base)
{
  g_free (bulk->base);
  bulk->base = g_strdup (base);
}

void
bmd_sim_bulk_set_next_fault (BmdSimBulk      *bulk,
                             BmdSimBulkFault  fault)
{
  bulk->next = fault;
  bulk->blocker_made = FALSE;
}

void
bmd_sim_bulk_get_counts (BmdSimBulk *bulk,
                         guint      *created,
                         guint      *downloads,
                         guint      *cancelled)
{
  *created = bulk->created;
  *downloads = bulk->downloads;
  *cancelled = bulk->cancelled;
}

/* ---- the clock ---- */

/* When the job has written @k objects. */
static gint64
done_time (BmdSimBulk *bulk,
           Operation  *op,
           guint       k)
{
  return op->created_mono + BMD_SIM_BULK_START_DELAY_US +
         (gint64) ((double) k * G_USEC_PER_SEC / bulk->rate + 0.999999);
}

/* The objects written by @t. */
static guint
progress (BmdSimBulk *bulk,
          Operation  *op,
          gint64      t,
          guint       limit)
{
  gint64 start = op->created_mono + BMD_SIM_BULK_START_DELAY_US;
  double done;

  if (t <= start)
    return 0;
  done = (double) (t - start) * bulk->rate / G_USEC_PER_SEC;
  return done >= limit ? limit : (guint) done;
}

/* The status at @t, the objects written and when the job ended (0: not yet). */
static Status
operation_state (BmdSimBulk *bulk,
                 Operation  *op,
                 gint64      t,
                 guint      *count,
                 gint64     *ended)
{
  /* A failing job fails half way. */
  guint limit = op->fault == BMD_SIM_BULK_FAULT_FAILED ? op->n_lines / 2 : op->n_lines;
  gint64 end = op->foreign ? op->created_mono + BMD_SIM_BULK_BLOCKER_US : done_time (bulk, op, limit);

  *ended = 0;
  if (op->cancel_mono != 0 && op->cancel_mono < end)
    {
      *count = progress (bulk, op, op->cancel_mono, limit);
      if (t < op->cancel_mono + BMD_SIM_BULK_CANCEL_DELAY_US)
        return STATUS_CANCELING;
      *ended = op->cancel_mono + BMD_SIM_BULK_CANCEL_DELAY_US;
      return STATUS_CANCELED;
    }
  *count = progress (bulk, op, t, limit);
  if (t < end)
    return t < op->created_mono + BMD_SIM_BULK_START_DELAY_US ? STATUS_CREATED : STATUS_RUNNING;
  *ended = end;
  if (op->fault == BMD_SIM_BULK_FAULT_FAILED)
    return STATUS_FAILED;
  if (op->fault == BMD_SIM_BULK_FAULT_EXPIRED)
    return STATUS_EXPIRED;
  return STATUS_COMPLETED;
}

static gboolean
unfinished (Status status)
{
  return status == STATUS_CREATED || status == STATUS_RUNNING || status == STATUS_CANCELING;
}

static Operation *
find_operation (BmdSimBulk *bulk,
                const char *gid)
{
  for (guint i = 0; gid != NULL && i < bulk->operations->len; i++)
    {
      Operation *op = g_ptr_array_index (bulk->operations, i);

      if (!op->foreign && g_str_equal (op->gid, gid))
        return op;
    }
  return NULL;
}

static void
set_uint64_string (JsonObject *object,
                   const char *member,
                   guint64     value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  json_object_set_string_member (object, member, text);
}

static JsonObject *
describe (BmdSimBulk *bulk,
          Operation  *op,
          gint64      t)
{
  JsonObject *out = json_object_new ();
  g_autofree char *created = bmd_sim_format_time (op->created_wall);
  guint count;
  gint64 ended;
  Status status = operation_state (bulk, op, t, &count, &ended);

  json_object_set_string_member (out, "id", op->gid);
  json_object_set_string_member (out, "status", status_names[status]);
  json_object_set_string_member (out, "type", "QUERY");
  json_object_set_string_member (out, "query", op->query);
  json_object_set_string_member (out, "createdAt", created);
  if (ended != 0)
    {
      g_autofree char *completed = bmd_sim_format_time (op->created_wall +
                                                        (ended - op->created_mono) / G_USEC_PER_SEC);

      json_object_set_string_member (out, "completedAt", completed);
    }
  else
    json_object_set_null_member (out, "completedAt");
  if (status == STATUS_FAILED)
    json_object_set_string_member (out, "errorCode", "INTERNAL_SERVER_ERROR");
  else
    json_object_set_null_member (out, "errorCode");
  set_uint64_string (out, "objectCount", count);
  set_uint64_string (out, "rootObjectCount", g_array_index (op->root_prefix, guint, count));
  /* As Shopify: no file when there was nothing to write. */
  if (status == STATUS_COMPLETED && op->n_lines > 0)
    {
      g_autofree char *url = g_strdup_printf ("%s/%s", bulk->base, op->file_name);

      json_object_set_string_member (out, "url", url);
      set_uint64_string (out, "fileSize", g_bytes_get_size (op->file));
    }
  else
    {
      json_object_set_null_member (out, "url");
      json_object_set_null_member (out, "fileSize");
    }
  if (status == STATUS_FAILED && op->partial != NULL)
    {
      g_autofree char *url = g_strdup_printf ("%s/%s", bulk->base, op->partial_name);

      json_object_set_string_member (out, "partialDataUrl", url);
    }
  else
    json_object_set_null_member (out, "partialDataUrl");
  return out;
}

JsonObject *
bmd_sim_bulk_describe (BmdSimBulk *bulk,
                       const char *gid,
                       gint64      mono_now)
{
  Operation *op = find_operation (bulk, gid);

  return op != NULL ? describe (bulk, op, mono_now) : NULL;
}

JsonObject *
bmd_sim_bulk_describe_current (BmdSimBulk *bulk,
                               gint64      mono_now)
{
  for (guint i = bulk->operations->len; i > 0; i--)
    {
      Operation *op = g_ptr_array_index (bulk->operations, i - 1);

      if (!op->foreign)
        return describe (bulk, op, mono_now);
    }
  return NULL;
}

static char *
random_name (void)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();
  g_autofree char *raw = g_strconcat (a, b, NULL);
  GString *name = g_string_new ("bulk/");

  for (const char *p = raw; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (name, *p);
  g_string_append (name, ".jsonl");
  return g_string_free (name, FALSE);
}

static void
write_file (BmdSimBulk  *bulk,
            Operation   *op,
            BmdSimQuery *query,
            BmdSimStore *store,
            gint64       now,
            gint64       mono_now)
{
  BmdSimExecEnv env = { 0 };
  BmdSimBulkLines lines;
  g_autoptr(JsonNode) data = NULL;
  guint roots = 0;
  double cost;

  env.now = now;
  env.mono_now = mono_now;
  data = bmd_sim_query_execute (query, store, &env, &cost);
  _bmd_sim_bulk_lines_init (&lines, data, bulk->seed, bulk->serial);

  op->n_lines = lines.lines->len;
  op->root_prefix = g_array_sized_new (FALSE, FALSE, sizeof (guint), op->n_lines + 1);
  g_array_append_val (op->root_prefix, roots);
  for (guint i = 0; i < op->n_lines; i++)
    {
      roots += g_array_index (lines.roots, gboolean, i) ? 1 : 0;
      g_array_append_val (op->root_prefix, roots);
    }
  op->file = _bmd_sim_bulk_join_lines (lines.lines, op->n_lines);
  op->file_name = random_name ();
  if (op->fault == BMD_SIM_BULK_FAULT_FAILED && op->n_lines / 2 > 0)
    {
      op->partial = _bmd_sim_bulk_join_lines (lines.lines, op->n_lines / 2);
      op->partial_name = random_name ();
    }
  _bmd_sim_bulk_lines_clear (&lines);
}

/* ---- the mutations ---- */

/* {bulkOperation: null, userErrors: [{field: [@field], message, code}]};
 * UserError (of bulkOperationCancel) has no code. */
static JsonObject *
payload_with_error (const char *field_name,
                    const char *code,
                    const char *message)
{
  JsonObject *payload = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonObject *error = json_object_new ();
  JsonArray *field = json_array_new ();

  json_array_add_string_element (field, field_name);
  json_object_set_array_member (error, "field", field);
  json_object_set_string_member (error, "message", message);
  if (code != NULL)
    json_object_set_string_member (error, "code", code);
  json_array_add_object_element (errors, error);
  json_object_set_null_member (payload, "bulkOperation");
  json_object_set_array_member (payload, "userErrors", errors);
  return payload;
}

static Operation *
new_operation (BmdSimBulk *bulk,
               gint64      now,
               gint64      mono_now)
{
  Operation *op = g_new0 (Operation, 1);

  op->gid = g_strdup_printf (BMD_SIM_BULK_GID_PREFIX "%" G_GUINT64_FORMAT, ++bulk->serial);
  op->created_wall = now;
  op->created_mono = mono_now;
  g_ptr_array_add (bulk->operations, op);
  return op;
}

JsonObject *
bmd_sim_bulk_run_query (BmdSimBulk  *bulk,
                        BmdSimStore *store,
                        const char  *text,
                        gint64       now,
                        gint64       mono_now)
{
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(BmdSimQuery) query = bmd_sim_query_prepare_bulk (text, errors);
  g_autofree char *problem = NULL;
  BmdSimBulkFault fault = bulk->next != BMD_SIM_BULK_FAULT_NONE ? bulk->next : bulk->every;
  Operation *busy = NULL, *op;
  guint running = 0;
  JsonObject *payload;
  JsonArray *no_errors;

  if (query == NULL)
    {
      JsonObject *first = json_array_get_object_element (errors, 0);
      g_autofree char *message = g_strdup_printf ("Invalid bulk query: %s",
                                                  json_object_get_string_member (first, "message"));

      return payload_with_error ("query", "INVALID", message);
    }
  if ((problem = _bmd_sim_bulk_check_query (query)) != NULL)
    return payload_with_error ("query", "INVALID", problem);

  for (guint i = 0; i < bulk->operations->len; i++)
    {
      Operation *other = g_ptr_array_index (bulk->operations, i);
      guint count;
      gint64 ended;

      if (unfinished (operation_state (bulk, other, mono_now, &count, &ended)))
        {
          running++;
          busy = busy != NULL ? busy : other;
        }
    }
  /* The in-progress fault: another app's operation takes the free slots
   * just before this one asks, and finishes a few seconds later. */
  if (fault == BMD_SIM_BULK_FAULT_IN_PROGRESS && !bulk->blocker_made)
    {
      bulk->blocker_made = TRUE;
      for (; running < bulk->concurrency; running++)
        {
          Operation *blocker = new_operation (bulk, now, mono_now);

          blocker->foreign = TRUE;
          blocker->query = g_strdup ("");
          blocker->root_prefix = g_array_new (FALSE, TRUE, sizeof (guint));
          g_array_set_size (blocker->root_prefix, 1);
          busy = busy != NULL ? busy : blocker;
        }
    }
  if (running >= bulk->concurrency)
    {
      g_autofree char *message = g_strdup_printf ("A bulk query operation for this app and shop is already "
                                                  "in progress: %s.", busy->gid);

      return payload_with_error ("query", "OPERATION_IN_PROGRESS", message);
    }

  op = new_operation (bulk, now, mono_now);
  op->query = g_strdup (text);
  op->fault = fault;
  write_file (bulk, op, query, store, now, mono_now);
  bulk->created++;
  bulk->next = BMD_SIM_BULK_FAULT_NONE;
  bulk->blocker_made = FALSE;

  payload = json_object_new ();
  no_errors = json_array_new ();
  json_object_set_object_member (payload, "bulkOperation", describe (bulk, op, mono_now));
  json_object_set_array_member (payload, "userErrors", no_errors);
  return payload;
}

JsonObject *
bmd_sim_bulk_cancel (BmdSimBulk *bulk,
                     const char *gid,
                     gint64      mono_now)
{
  Operation *op = find_operation (bulk, gid);
  JsonObject *payload;
  guint count;
  gint64 ended;
  Status status;

  if (op == NULL)
    return payload_with_error ("id", NULL, "Bulk operation does not exist");
  status = operation_state (bulk, op, mono_now, &count, &ended);
  payload = json_object_new ();
  if (status == STATUS_CREATED || status == STATUS_RUNNING)
    {
      op->cancel_mono = mono_now;
      bulk->cancelled++;
      json_object_set_array_member (payload, "userErrors", json_array_new ());
    }
  else if (status == STATUS_CANCELING)
    json_object_set_array_member (payload, "userErrors", json_array_new ());
  else
    {
      JsonArray *errors = json_array_new ();
      JsonObject *error = json_object_new ();
      g_autofree char *state = g_ascii_strdown (status_names[status], -1);
      g_autofree char *message = g_strdup_printf ("A bulk operation cannot be canceled when it is %s", state);

      json_object_set_null_member (error, "field");
      json_object_set_string_member (error, "message", message);
      json_array_add_object_element (errors, error);
      json_object_set_array_member (payload, "userErrors", errors);
    }
  json_object_set_object_member (payload, "bulkOperation", describe (bulk, op, mono_now));
  return payload;
}

/* ---- files ---- */

GBytes *
bmd_sim_bulk_open_file (BmdSimBulk *bulk,
                        const char *name,
                        gint64      mono_now,
                        gboolean   *cut)
{
  *cut = FALSE;
  for (guint i = 0; name != NULL && i < bulk->operations->len; i++)
    {
      Operation *op = g_ptr_array_index (bulk->operations, i);
      guint count;
      gint64 ended;
      Status status;

      if (g_strcmp0 (op->file_name, name) != 0 && g_strcmp0 (op->partial_name, name) != 0)
        continue;
      status = operation_state (bulk, op, mono_now, &count, &ended);
      if (g_strcmp0 (op->file_name, name) == 0)
        {
          if (status != STATUS_COMPLETED || op->n_lines == 0)
            return NULL;
          bulk->downloads++;
          if (op->fault == BMD_SIM_BULK_FAULT_CUT_DOWNLOAD && !op->cut_done)
            {
              op->cut_done = TRUE;
              *cut = TRUE;
            }
          return g_bytes_ref (op->file);
        }
      if (status != STATUS_FAILED)
        return NULL;
      bulk->downloads++;
      return g_bytes_ref (op->partial);
    }
  return NULL;
}

