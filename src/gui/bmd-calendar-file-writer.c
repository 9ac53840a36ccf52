#define G_LOG_DOMAIN "bmd-calendar-file"

#include "config.h"

#include "bmd-calendar-file.h"
#include "bmd-calendar-file-writer.h"
#include "bmd-export.h"
#include "bmd-icalendar.h"

struct _BmdCalendarFileWriter
{
  GObject parent_instance;

  BmdSettings *settings;
  BmdContext *context;
  /* The write in flight: a newer one replaces it, so that an older plan
   * never lands last. */
  GCancellable *writing;
};

G_DEFINE_FINAL_TYPE (BmdCalendarFileWriter, bmd_calendar_file_writer, G_TYPE_OBJECT)

enum {
  WRITTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_path (BmdCalendarFileWriter *self)
{
  GSettings *gsettings = bmd_settings_get_gsettings (self->settings);
  const char *env = g_getenv ("BAKEMYDAY_CALENDAR_FILE");
  g_autofree char *stored = NULL;

  if (env != NULL && *env != '\0')
    return bmd_calendar_file_expand (env);
  if (gsettings == NULL)
    return NULL;
  stored = g_settings_get_string (gsettings, "calendar-file");
  return bmd_calendar_file_expand (stored);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BmdCalendarFileWriter) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A write replaced by a newer one ends cancelled: not worth a message. */
  if (!bmd_export_write_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The calendar file %s was not written: %s", g_file_peek_path (G_FILE (object)), error->message);
  g_signal_emit (self, signals[WRITTEN], 0, object, error);
}

static void
write_file (BmdCalendarFileWriter *self)
{
  BmdSnapshot *snapshot = bmd_context_get_snapshot (self->context);
  g_autofree char *path = dup_path (self);
  g_autoptr(GFile) file = NULL;
  g_autofree char *ics = NULL;

  if (path == NULL || snapshot == NULL)
    return;
  /* The plan is made on this thread (its requests are built when first
   * read); only the file is written in GIO's thread. */
  ics = bmd_icalendar_from_plan (bmd_snapshot_get_plan (snapshot), bmd_snapshot_get_days_off (snapshot));
  file = g_file_new_for_path (path);
  g_cancellable_cancel (self->writing);
  g_clear_object (&self->writing);
  self->writing = g_cancellable_new ();
  bmd_export_write_async (file, ics, self->writing, written_cb, g_object_ref (self));
}

static void
bmd_calendar_file_writer_dispose (GObject *object)
{
  BmdCalendarFileWriter *self = (BmdCalendarFileWriter *)object;

  g_cancellable_cancel (self->writing);
  g_clear_object (&self->writing);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (bmd_calendar_file_writer_parent_class)->dispose (object);
}

static void
bmd_calendar_file_writer_class_init (BmdCalendarFileWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bmd_calendar_file_writer_dispose;

  signals[WRITTEN] = g_signal_new ("written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_ERROR);
}

static void
bmd_calendar_file_writer_init (BmdCalendarFileWriter *self)
{
}

BmdCalendarFileWriter *
bmd_calendar_file_writer_new (BmdSettings *settings)
{
  BmdCalendarFileWriter *self;
  GSettings *gsettings;

  g_return_val_if_fail (BMD_IS_SETTINGS (settings), NULL);

  self = g_object_new (BMD_TYPE_CALENDAR_FILE_WRITER, NULL);
  self->settings = g_object_ref (settings);
  self->context = g_object_ref (bmd_settings_get_context (settings));
  g_signal_connect_object (self->context, "notify::snapshot", G_CALLBACK (write_file), self, G_CONNECT_SWAPPED);
  gsettings = bmd_settings_get_gsettings (settings);
  if (gsettings != NULL)
    g_signal_connect_object (gsettings, "changed::calendar-file", G_CALLBACK (write_file), self,
                             G_CONNECT_SWAPPED);
  write_file (self);
  return self;
}
