/* A stand-in for the desktop's notification server, for tests on a private
 * session bus (dbus-run-session). It owns org.freedesktop.Notifications (what
 * GIO's freedesktop backend calls) or, with --gtk, org.gtk.Notifications
 * (what GNOME Shell provides, and GIO prefers when it is there), and appends
 * every notification it receives to FILE as one JSON object a line:
 *   {"backend":"freedesktop","app_name":…,"summary":…,"body":…,"actions":[…],"desktop_entry":…}
 *   {"backend":"gtk","app_id":…,"id":…,"title":…,"body":…,"default_action":…,"default_action_target":…}
 * It prints "ready" once it owns the name, and runs until killed. Its own
 * interface org.bakemyday.FakeNotifications (same object path) has ClickLast(),
 * which emits ActionInvoked (last id, "default"): the user clicks the latest
 * notification (freedesktop only). */

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

static const char fdo_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "</interface></node>";

static const char gtk_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/></method>"
  "</interface></node>";

static char *record_path;
static guint32 next_id = 1;
static guint32 last_id;

static const char fake_xml[] =
  "<node><interface name='org.bakemyday.FakeNotifications'>"
  "<method name='ClickLast'/>"
  "</interface></node>";

static void
record (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *line = NULL;
  FILE *file;

  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  file = fopen (record_path, "a");
  if (file == NULL)
    g_error ("cannot append to %s", record_path);
  fprintf (file, "%s\n", line);
  fclose (file);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
fdo_call_cb (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GVariant) actions = g_variant_get_child_value (parameters, 5);
      g_autoptr(GVariant) hints = g_variant_get_child_value (parameters, 6);
      const char *app_name, *summary, *body, *entry = NULL;
      guint32 replaces;
      gsize i;

      g_variant_get_child (parameters, 0, "&s", &app_name);
      g_variant_get_child (parameters, 1, "u", &replaces);
      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_variant_lookup (hints, "desktop-entry", "&s", &entry);

      json_builder_begin_object (builder);
      add_string (builder, "backend", "freedesktop");
      add_string (builder, "app_name", app_name);
      add_string (builder, "summary", summary);
      add_string (builder, "body", body);
      add_string (builder, "desktop_entry", entry);
      json_builder_set_member_name (builder, "actions");
      json_builder_begin_array (builder);
      for (i = 0; i < g_variant_n_children (actions); i++)
        {
          const char *action;

          g_variant_get_child (actions, i, "&s", &action);
          json_builder_add_string_value (builder, action);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      record (builder);
      last_id = replaces != 0 ? replaces : next_id++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", last_id));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "bmd-fake", "bmd", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
gtk_call_cb (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  if (g_strcmp0 (method_name, "AddNotification") == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GVariant) notification = g_variant_get_child_value (parameters, 2);
      g_autoptr(GVariant) target = g_variant_lookup_value (notification, "default-action-target", NULL);
      const char *app_id, *id, *title = NULL, *body = NULL, *action = NULL;

      g_variant_get_child (parameters, 0, "&s", &app_id);
      g_variant_get_child (parameters, 1, "&s", &id);
      g_variant_lookup (notification, "title", "&s", &title);
      g_variant_lookup (notification, "body", "&s", &body);
      g_variant_lookup (notification, "default-action", "&s", &action);

      json_builder_begin_object (builder);
      add_string (builder, "backend", "gtk");
      add_string (builder, "app_id", app_id);
      add_string (builder, "id", id);
      add_string (builder, "title", title);
      add_string (builder, "body", body);
      add_string (builder, "default_action", action);
      add_string (builder, "default_action_target",
                  target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING)
                    ? g_variant_get_string (target, NULL) : NULL);
      json_builder_end_object (builder);
      record (builder);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
fake_call_cb (GDBusConnection       *connection,
              const char            *sender,
              const char            *object_path,
              const char            *interface_name,
              const char            *method_name,
              GVariant              *parameters,
              GDBusMethodInvocation *invocation,
              gpointer               user_data)
{
  g_dbus_connection_emit_signal (connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", last_id, "default"), NULL);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  printf ("ready\n");
  fflush (stdout);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_printerr ("bmd-fake-notifications: cannot own %s\n", name);
  exit (1);
}

int
main (int    argc,
      char **argv)
{
  static const GDBusInterfaceVTable fdo_vtable = { fdo_call_cb, NULL, NULL, { 0 } };
  static const GDBusInterfaceVTable gtk_vtable = { gtk_call_cb, NULL, NULL, { 0 } };
  gboolean gtk = argc == 3 && g_strcmp0 (argv[1], "--gtk") == 0;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2 && !gtk)
    {
      g_printerr ("usage: bmd-fake-notifications [--gtk] FILE\n");
      return 2;
    }
  record_path = argv[argc - 1];

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    g_error ("no session bus: %s", error->message);
  info = g_dbus_node_info_new_for_xml (gtk ? gtk_xml : fdo_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus,
                                     gtk ? "/org/gtk/Notifications" : "/org/freedesktop/Notifications",
                                     info->interfaces[0], gtk ? &gtk_vtable : &fdo_vtable,
                                     NULL, NULL, &error);
  g_assert_no_error (error);
  if (!gtk)
    {
      static const GDBusInterfaceVTable fake_vtable = { fake_call_cb, NULL, NULL, { 0 } };
      g_autoptr(GDBusNodeInfo) fake = g_dbus_node_info_new_for_xml (fake_xml, &error);

      g_assert_no_error (error);
      g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", fake->interfaces[0],
                                         &fake_vtable, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_bus_own_name_on_connection (bus, gtk ? "org.gtk.Notifications" : "org.freedesktop.Notifications",
                                G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                name_acquired_cb, name_lost_cb, NULL, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
