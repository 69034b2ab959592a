/* ctl-monitor.c - `vigilctl monitor`: vigild's events as they happen
 *
 * Every event is first built as an a{sv} (event, time, instance, ...) and
 * then printed either as one line of text or as one JSON object per line,
 * so both outputs carry the same facts.
 */
#include "ctl/ctl-monitor.h"
#include "ctl/ctl-format.h"
#include "ctl/ctl-json.h"
#include "dbus/dbus-names.h"
#include "i18n.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

typedef struct {
  GDBusConnection *connection;
  GMainLoop *loop;
  gboolean json;
  gboolean seen_vigild;
} Monitor;

/* State and the fields that change with it come with StateChanged. */
static const char *const quiet_properties[] = {
  "State", "MasterAddress", "LastTransition", "LastTransitionReason", NULL,
};

static char *
instance_name_of_path (const char *path)
{
  g_autofree guint8 *name = NULL;

  if (!g_str_has_prefix (path, VIGIL_DBUS_VRRP_PATH "/"))
    return g_strdup (path);
  name = g_dbus_unescape_object_path (path + strlen (VIGIL_DBUS_VRRP_PATH "/"));
  return name != NULL ? g_strdup ((const char *) name) : g_strdup (path);
}

static void
emit (Monitor *monitor, const char *event, const char *instance, GVariant *fields)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GVariant) owned = fields != NULL ? g_variant_ref_sink (fields) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (monitor->json)
    {
      GVariantBuilder record;

      g_variant_builder_init (&record, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&record, "{sv}", "time",
                             g_variant_new_uint64 ((guint64) g_get_real_time ()));
      g_variant_builder_add (&record, "{sv}", "event", g_variant_new_string (event));
      if (instance != NULL)
        g_variant_builder_add (&record, "{sv}", "instance", g_variant_new_string (instance));
      if (owned != NULL)
        {
          GVariantIter iter;
          const char *key;
          GVariant *value;

          g_variant_iter_init (&iter, owned);
          while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
            g_variant_builder_add (&record, "{sv}", key, value);
        }
      vigil_ctl_json_append (out, g_variant_builder_end (&record));
    }
  else
    {
      g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");
      const char *old_state = NULL, *new_state = NULL, *reason = NULL, *message = NULL;
      gboolean success = TRUE;

      g_string_append_printf (out, "%s.%03d ", stamp, g_date_time_get_microsecond (now) / 1000);
      if (instance != NULL)
        g_string_append_printf (out, "%s: ", instance);
      if (g_str_equal (event, "state-changed"))
        {
          g_variant_lookup (owned, "old_state", "&s", &old_state);
          g_variant_lookup (owned, "new_state", "&s", &new_state);
          g_variant_lookup (owned, "reason", "&s", &reason);
          g_string_append_printf (out, "%s -> %s (%s)", old_state, new_state, reason);
        }
      else if (g_str_equal (event, "reloaded"))
        {
          g_variant_lookup (owned, "success", "b", &success);
          g_variant_lookup (owned, "message", "&s", &message);
          if (success)
            g_string_append (out, _("vigild reloaded its configuration"));
          else
            g_string_append_printf (out, _("vigild refused the new configuration:\n%s"), message);
        }
      else if (g_str_equal (event, "properties-changed"))
        {
          GVariantIter iter;
          const char *key;
          GVariant *value;

          g_variant_iter_init (&iter, owned);
          while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
            {
              g_autofree char *text = vigil_ctl_format_value (key, value);
              g_string_append_printf (out, "%s=%s ", key, text);
            }
          g_strchomp (out->str);
          g_string_set_size (out, strlen (out->str));
        }
      else if (g_str_equal (event, "instance-added"))
        g_string_append (out, _("instance added"));
      else if (g_str_equal (event, "instance-removed"))
        g_string_append (out, _("instance removed"));
      else if (g_str_equal (event, "vigild-started"))
        g_string_append (out, _("vigild is on the bus"));
      else if (g_str_equal (event, "vigild-stopped"))
        g_string_append (out, _("vigild left the bus"));
      else
        g_string_append (out, event);
    }
  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
  fflush (stdout);
}

static void
on_signal (GDBusConnection *connection, const char *sender, const char *path,
           const char *interface, const char *member, GVariant *parameters, gpointer user_data)
{
  Monitor *monitor = user_data;
  g_autofree char *instance = instance_name_of_path (path);

  if (g_str_equal (member, "StateChanged")
      && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sss)")))
    {
      const char *old_state, *new_state, *reason;
      GVariantBuilder fields;

      g_variant_get (parameters, "(&s&s&s)", &old_state, &new_state, &reason);
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&fields, "{sv}", "old_state", g_variant_new_string (old_state));
      g_variant_builder_add (&fields, "{sv}", "new_state", g_variant_new_string (new_state));
      g_variant_builder_add (&fields, "{sv}", "reason", g_variant_new_string (reason));
      emit (monitor, "state-changed", instance, g_variant_builder_end (&fields));
    }
  else if (g_str_equal (member, "Reloaded")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(bs)")))
    {
      gboolean success;
      const char *message;
      GVariantBuilder fields;

      g_variant_get (parameters, "(b&s)", &success, &message);
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&fields, "{sv}", "success", g_variant_new_boolean (success));
      g_variant_builder_add (&fields, "{sv}", "message", g_variant_new_string (message));
      emit (monitor, "reloaded", NULL, g_variant_builder_end (&fields));
    }
  else if (g_str_equal (member, "PropertiesChanged")
           && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    {
      const char *iface;
      g_autoptr(GVariant) changed = NULL;
      GVariantBuilder fields;
      GVariantIter iter;
      const char *name;
      GVariant *value;
      gboolean any = FALSE;

      g_variant_get (parameters, "(&s@a{sv}@as)", &iface, &changed, NULL);
      if (!g_str_equal (iface, VIGIL_DBUS_VRRP_INSTANCE_INTERFACE))
        return;
      g_variant_builder_init (&fields, G_VARIANT_TYPE_VARDICT);
      g_variant_iter_init (&iter, changed);
      while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
        {
          g_autofree char *key = NULL;
          if (g_strv_contains (quiet_properties, name))
            continue;
          key = vigil_ctl_key_from_property (name);
          g_variant_builder_add (&fields, "{sv}", key, value);
          any = TRUE;
        }
      if (any)
        emit (monitor, "properties-changed", instance, g_variant_builder_end (&fields));
      else
        g_variant_builder_clear (&fields);
    }
  else if ((g_str_equal (member, "InterfacesAdded") || g_str_equal (member, "InterfacesRemoved"))
           && g_variant_n_children (parameters) == 2)
    {
      g_autoptr(GVariant) object = g_variant_get_child_value (parameters, 0);
      g_autofree char *name = instance_name_of_path (g_variant_get_string (object, NULL));

      emit (monitor, g_str_equal (member, "InterfacesAdded") ? "instance-added"
                                                             : "instance-removed",
            name, NULL);
    }
}

static void
on_vigild_appeared (GDBusConnection *connection, const char *name, const char *owner,
                    gpointer user_data)
{
  Monitor *monitor = user_data;

  /* The first appearance is the one we start with. */
  if (monitor->seen_vigild)
    emit (monitor, "vigild-started", NULL, NULL);
  monitor->seen_vigild = TRUE;
}

static void
on_vigild_vanished (GDBusConnection *connection, const char *name, gpointer user_data)
{
  Monitor *monitor = user_data;

  if (connection == NULL || g_dbus_connection_is_closed (connection))
    {
      g_printerr (_("vigilctl: monitor: lost the system bus\n"));
      g_main_loop_quit (monitor->loop);
      return;
    }
  if (monitor->seen_vigild)
    emit (monitor, "vigild-stopped", NULL, NULL);
  monitor->seen_vigild = TRUE;
}

static gboolean
on_quit (gpointer user_data)
{
  Monitor *monitor = user_data;

  g_main_loop_quit (monitor->loop);
  return G_SOURCE_CONTINUE;
}

VigilCtlExit
vigil_ctl_monitor (GDBusConnection *connection, gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) owner = NULL;
  Monitor monitor = { .connection = connection, .json = json };
  static const char *const subscribed[][3] = {
    /* interface, member, arg0 */
    { VIGIL_DBUS_VRRP_INSTANCE_INTERFACE, "StateChanged", NULL },
    { VIGIL_DBUS_MANAGER_INTERFACE, "Reloaded", NULL },
    { "org.freedesktop.DBus.ObjectManager", NULL, NULL },
    { "org.freedesktop.DBus.Properties", "PropertiesChanged", VIGIL_DBUS_VRRP_INSTANCE_INTERFACE },
  };
  guint subscriptions[G_N_ELEMENTS (subscribed)];
  guint watch_id;
  guint sigint_id;
  guint sigterm_id;

  /* Subscribe first, then check vigild is there: nothing in between is lost. */
  for (guint i = 0; i < G_N_ELEMENTS (subscribed); i++)
    subscriptions[i] = g_dbus_connection_signal_subscribe (connection, VIGIL_DBUS_NAME,
                                                           subscribed[i][0], subscribed[i][1],
                                                           NULL, subscribed[i][2],
                                                           G_DBUS_SIGNAL_FLAGS_NONE, on_signal,
                                                           &monitor, NULL);
  owner = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", VIGIL_DBUS_NAME),
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 10000,
                                       NULL, &error);
  if (owner == NULL)
    {
      VigilCtlExit status = vigil_ctl_report_error (error, "monitor", NULL);
      for (guint i = 0; i < G_N_ELEMENTS (subscriptions); i++)
        g_dbus_connection_signal_unsubscribe (connection, subscriptions[i]);
      return status;
    }
  monitor.loop = g_main_loop_new (NULL, FALSE);
  watch_id = g_bus_watch_name_on_connection (connection, VIGIL_DBUS_NAME,
                                             G_BUS_NAME_WATCHER_FLAGS_NONE, on_vigild_appeared,
                                             on_vigild_vanished, &monitor, NULL);
  sigint_id = g_unix_signal_add (SIGINT, on_quit, &monitor);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit, &monitor);
  if (!json)
    g_printerr (_("watching vigild on the system bus; Ctrl-C ends\n"));

  g_main_loop_run (monitor.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_bus_unwatch_name (watch_id);
  for (guint i = 0; i < G_N_ELEMENTS (subscriptions); i++)
    g_dbus_connection_signal_unsubscribe (connection, subscriptions[i]);
  g_main_loop_unref (monitor.loop);
  return VIGIL_CTL_EXIT_OK;
}
