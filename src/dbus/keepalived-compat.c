/* keepalived-compat.c - keepalived's D-Bus names for existing scripts
 *
 * With `enable_dbus` in global_defs, vigild also owns keepalived's name
 * (org.keepalived.Vrrp1, or `dbus_service_name`) on its system-bus
 * connection and answers keepalived 2.2.7's paths and members the way it
 * does, checked against Debian's keepalived on the same config:
 *
 *   /org/keepalived/Vrrp1/Vrrp                     org.keepalived.Vrrp1.Vrrp
 *       PrintData(), PrintStats(), PrintStatsClear(), ReloadConfig();
 *       signals VrrpStarted, VrrpReloaded, VrrpStopped
 *   /org/keepalived/Vrrp1/Instance/IF/VRID/IPv4|IPv6  org.keepalived.Vrrp1.Instance
 *       SendGarp(); signal VrrpStatusChange(u); properties Name, State
 *
 * keepalived's property values are wrapped in a tuple: Name is "(s)" and
 * State "(us)" with 0 Init, 1 Backup, 2 Master, 3 Fault. Scripts parse
 * exactly that, so it is reproduced (by a hand-written vtable: generated
 * skeletons would enforce the declared types). Differences, on purpose:
 * the dumps go to the runtime directory, never /tmp; methods that change
 * anything are for root only, checked by vigild itself as for its own
 * API; PrintStatsClear writes the stats but does not clear them (the
 * MIBs' counters must never go backwards) and says so in its error.
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/keepalived-compat.h"
#include "dbus/dbus-auth.h"
#include "i18n.h"
#include "vrrp/vrrp-instance.h"

#define KA_VRRP_PATH "/org/keepalived/Vrrp1/Vrrp"
#define KA_INSTANCE_ROOT "/org/keepalived/Vrrp1/Instance"
#define KA_VRRP_INTERFACE "org.keepalived.Vrrp1.Vrrp"
#define KA_INSTANCE_INTERFACE "org.keepalived.Vrrp1.Instance"

/* keepalived's state numbers (vrrp.h) and names (vrrp_dbus.c). */
#define KA_STATE_INIT 0
#define KA_STATE_BACKUP 1
#define KA_STATE_MASTER 2
#define KA_STATE_FAULT 3
#define KA_STATE_STOP 98

static const char introspection_xml[] =
  "<node>"
  " <interface name='" KA_VRRP_INTERFACE "'>"
  "  <method name='PrintData'/>"
  "  <method name='PrintStats'/>"
  "  <method name='PrintStatsClear'/>"
  "  <method name='ReloadConfig'/>"
  "  <signal name='VrrpStarted'/>"
  "  <signal name='VrrpReloaded'/>"
  "  <signal name='VrrpStopped'/>"
  " </interface>"
  " <interface name='" KA_INSTANCE_INTERFACE "'>"
  "  <method name='SendGarp'/>"
  "  <signal name='VrrpStatusChange'><arg type='u' name='status'/></signal>"
  "  <property type='s' name='Name' access='read'/>"
  "  <property type='(us)' name='State' access='read'/>"
  " </interface>"
  "</node>";

typedef struct
{
  VigilKeepalivedCompat *compat;
  VigilVrrpInstance *instance;   /* referenced */
  char *path;
  guint registration_id;
  gulong state_changed_id;
} CompatInstance;

struct _VigilKeepalivedCompat
{
  GObject parent_instance;

  VigilDaemon *daemon;           /* not referenced: it owns us (via the D-Bus service) */
  GDBusConnection *connection;
  GDBusNodeInfo *node_info;
  char *name;
  guint owner_id;
  guint vrrp_registration_id;
  GPtrArray *instances;          /* CompatInstance* */
  gulong instances_changed_id;
  gulong reloaded_id;
};

G_DEFINE_FINAL_TYPE (VigilKeepalivedCompat, vigil_keepalived_compat, G_TYPE_OBJECT)

static guint
ka_state_of (VigilVrrpState state)
{
  switch (state)
    {
    case VIGIL_VRRP_STATE_BACKUP:
      return KA_STATE_BACKUP;
    case VIGIL_VRRP_STATE_MASTER:
      return KA_STATE_MASTER;
    case VIGIL_VRRP_STATE_FAULT:
      return KA_STATE_FAULT;
    case VIGIL_VRRP_STATE_STOP:
      return KA_STATE_STOP;
    case VIGIL_VRRP_STATE_INIT:
    default:
      return KA_STATE_INIT;
    }
}

static const char *
ka_state_name (guint state)
{
  switch (state)
    {
    case KA_STATE_INIT:
      return "Init";
    case KA_STATE_BACKUP:
      return "Backup";
    case KA_STATE_MASTER:
      return "Master";
    case KA_STATE_FAULT:
      return "Fault";
    case KA_STATE_STOP:
      return "Stop";
    default:
      return "Unknown";
    }
}

/* keepalived's path: the interface name with what a path cannot hold
 * replaced by '_', the VRID, the family. */
char *
vigil_keepalived_compat_instance_path (const char *interface, guint vrid, int family)
{
  g_autofree char *safe = g_strdup (interface != NULL ? interface : "");

  for (char *p = safe; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      *p = '_';
  return g_strdup_printf (KA_INSTANCE_ROOT "/%s/%u/%s", safe, vrid,
                          family == AF_INET6 ? "IPv6" : "IPv4");
}

static void
emit (VigilKeepalivedCompat *self, const char *path, const char *interface,
      const char *signal, GVariant *args)
{
  g_autoptr(GError) error = NULL;

  if (self->connection == NULL || g_dbus_connection_is_closed (self->connection))
    return;
  if (!g_dbus_connection_emit_signal (self->connection, NULL, path, interface, signal, args,
                                      &error))
    g_debug ("keepalived-compat: cannot emit %s on %s: %s", signal, path, error->message);
}

/* ---- the dumps ------------------------------------------------------------------ */

static gboolean
write_dump (VigilKeepalivedCompat *self, const char *file, const char *text, GError **error)
{
  g_autofree char *path =
    g_build_filename (vigil_daemon_get_runtime_path (self->daemon), file, NULL);

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  g_message (_("keepalived-compat: wrote %s"), path);
  return TRUE;
}

static char *
data_text (VigilKeepalivedCompat *self)
{
  GPtrArray *instances = vigil_daemon_get_vrrp_instances (self->daemon);
  GString *out = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%c");

  g_string_append_printf (out, "------< vigild data, %s >------\n\n", stamp);
  g_string_append_printf (out, " Config file = %s\n VRRP instances = %u\n\n",
                          vigil_daemon_get_config_path (self->daemon), instances->len);
  for (guint i = 0; i < instances->len; i++)
    {
      VigilVrrpInstance *inst = g_ptr_array_index (instances, i);
      const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (inst);

      g_string_append_printf (out, " VRRP Instance = %s\n", conf->name);
      g_string_append_printf (out, "   State = %s\n",
                              ka_state_name (ka_state_of (vigil_vrrp_instance_get_state (inst))));
      g_string_append_printf (out, "   Interface = %s\n", conf->interface);
      g_string_append_printf (out, "   Virtual Router ID = %u\n", conf->vrid);
      g_string_append_printf (out, "   Version = %u\n", conf->version);
      g_string_append_printf (out, "   Priority = %u (effective %u)\n", conf->priority,
                              vigil_vrrp_instance_get_effective_priority (inst));
      g_string_append_printf (out, "   Advert interval = %g sec\n",
                              conf->advert_int / (double) G_USEC_PER_SEC);
      g_string_append_printf (out, "   Preempt = %s\n", conf->preempt ? "enabled" : "disabled");
      g_string_append_printf (out, "   Last transition reason = %s\n",
                              vigil_vrrp_instance_get_last_transition_reason (inst));
      g_string_append_printf (out, "   Virtual IP = %u\n", conf->vips ? conf->vips->len : 0);
      for (guint v = 0; conf->vips != NULL && v < conf->vips->len; v++)
        {
          const VigilConfVip *vip = g_ptr_array_index (conf->vips, v);
          char buf[VIGIL_INET_ADDR_STRLEN];

          g_string_append_printf (out, "     %s/%u dev %s\n",
                                  vigil_inet_addr_to_string (&vip->addr, buf), vip->prefix_len,
                                  vip->dev != NULL ? vip->dev : conf->interface);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
stats_text (VigilKeepalivedCompat *self)
{
  GPtrArray *instances = vigil_daemon_get_vrrp_instances (self->daemon);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < instances->len; i++)
    {
      VigilVrrpInstance *inst = g_ptr_array_index (instances, i);
      const VigilVrrpStats *st = vigil_vrrp_instance_get_stats (inst);
      guint64 errors = 0;

      for (guint e = 0; e < VIGIL_VRRP_RX_N_RESULTS; e++)
        errors += st->rx_errors[e];
      g_string_append_printf (out, "VRRP Instance: %s\n", vigil_vrrp_instance_get_name (inst));
      g_string_append_printf (out, "  Advertisements:\n    Received: %" G_GUINT64_FORMAT
                              "\n    Sent: %" G_GUINT64_FORMAT "\n",
                              st->adverts_received, st->adverts_sent);
      g_string_append_printf (out, "  Became master: %" G_GUINT64_FORMAT "\n", st->became_master);
      g_string_append_printf (out, "  Released master: %" G_GUINT64_FORMAT "\n",
                              st->released_master);
      g_string_append_printf (out, "  Packet errors: %" G_GUINT64_FORMAT "\n", errors);
      g_string_append_printf (out, "  Priority zero:\n    Received: %" G_GUINT64_FORMAT
                              "\n    Sent: %" G_GUINT64_FORMAT "\n",
                              st->priority_zero_received, st->priority_zero_sent);
    }
  return g_string_free (out, FALSE);
}

/* ---- methods (root only) ----------------------------------------------------------- */

static void
do_vrrp_method (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilKeepalivedCompat *self = target;
  const char *method = g_dbus_method_invocation_get_method_name (invocation);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_str_equal (method, "ReloadConfig"))
    {
      if (!vigil_daemon_reload (self->daemon, &error))
        {
          g_dbus_method_invocation_return_gerror (invocation, error);
          return;
        }
    }
  else if (g_str_equal (method, "PrintData"))
    {
      text = data_text (self);
      if (!write_dump (self, "keepalived.data", text, &error))
        {
          g_dbus_method_invocation_return_gerror (invocation, error);
          return;
        }
    }
  else
    {
      text = stats_text (self);
      if (!write_dump (self, "keepalived.stats", text, &error))
        {
          g_dbus_method_invocation_return_gerror (invocation, error);
          return;
        }
      if (g_str_equal (method, "PrintStatsClear"))
        {
          g_dbus_method_invocation_return_dbus_error (
            invocation, "org.freedesktop.DBus.Error.NotSupported",
            _("the stats were written, but vigild never clears its counters: the SNMP "
              "counters must not go backwards"));
          return;
        }
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_vrrp_method (GDBusConnection *connection, const char *sender, const char *path,
                const char *interface, const char *method, GVariant *parameters,
                GDBusMethodInvocation *invocation, gpointer user_data)
{
  vigil_dbus_authorize (user_data, invocation, method, do_vrrp_method);
}

static void
do_send_garp (gpointer target, GDBusMethodInvocation *invocation)
{
  vigil_vrrp_instance_send_garp (VIGIL_VRRP_INSTANCE (target));
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_instance_method (GDBusConnection *connection, const char *sender, const char *path,
                    const char *interface, const char *method, GVariant *parameters,
                    GDBusMethodInvocation *invocation, gpointer user_data)
{
  CompatInstance *ci = user_data;

  vigil_dbus_authorize (ci->instance, invocation, "SendGarp", do_send_garp);
}

static GVariant *
on_instance_get_property (GDBusConnection *connection, const char *sender, const char *path,
                          const char *interface, const char *property, GError **error,
                          gpointer user_data)
{
  CompatInstance *ci = user_data;

  if (g_str_equal (property, "Name"))
    return g_variant_new ("(s)", vigil_vrrp_instance_get_name (ci->instance));
  if (g_str_equal (property, "State"))
    {
      guint state = ka_state_of (vigil_vrrp_instance_get_state (ci->instance));
      return g_variant_new ("(us)", state, ka_state_name (state));
    }
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "no property %s", property);
  return NULL;
}

static const GDBusInterfaceVTable vrrp_vtable = { on_vrrp_method, NULL, NULL, { 0 } };
static const GDBusInterfaceVTable instance_vtable = {
  on_instance_method, on_instance_get_property, NULL, { 0 }
};

/* ---- instance objects ------------------------------------------------------------------ */

static void
on_state_changed (VigilVrrpInstance *instance, VigilVrrpState old_state, VigilVrrpState new_state,
                  const char *reason, gpointer user_data)
{
  CompatInstance *ci = user_data;

  emit (ci->compat, ci->path, KA_INSTANCE_INTERFACE, "VrrpStatusChange",
        g_variant_new ("(u)", ka_state_of (new_state)));
}

static void
compat_instance_free (CompatInstance *ci)
{
  if (ci->registration_id != 0 && ci->compat->connection != NULL)
    g_dbus_connection_unregister_object (ci->compat->connection, ci->registration_id);
  g_clear_signal_handler (&ci->state_changed_id, ci->instance);
  g_object_unref (ci->instance);
  g_free (ci->path);
  g_free (ci);
}

static void
register_instances (VigilKeepalivedCompat *self)
{
  GPtrArray *instances = vigil_daemon_get_vrrp_instances (self->daemon);
  GDBusInterfaceInfo *info = g_dbus_node_info_lookup_interface (self->node_info,
                                                                KA_INSTANCE_INTERFACE);

  g_ptr_array_set_size (self->instances, 0);
  for (guint i = 0; i < instances->len; i++)
    {
      VigilVrrpInstance *inst = g_ptr_array_index (instances, i);
      const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (inst);
      CompatInstance *ci = g_new0 (CompatInstance, 1);
      g_autoptr(GError) error = NULL;

      ci->compat = self;
      ci->instance = g_object_ref (inst);
      ci->path = vigil_keepalived_compat_instance_path (conf->interface, conf->vrid,
                                                        conf->family);
      ci->registration_id = g_dbus_connection_register_object (self->connection, ci->path, info,
                                                               &instance_vtable, ci, NULL,
                                                               &error);
      if (ci->registration_id == 0)
        g_warning (_("keepalived-compat: cannot export %s for %s: %s"), ci->path, conf->name,
                   error->message);
      ci->state_changed_id = g_signal_connect (inst, "state-changed",
                                               G_CALLBACK (on_state_changed), ci);
      g_ptr_array_add (self->instances, ci);
    }
}

static void
on_instances_changed (VigilDaemon *daemon, gpointer user_data)
{
  register_instances (user_data);
}

static void
on_reloaded (VigilDaemon *daemon, gboolean success, const char *message, gpointer user_data)
{
  VigilKeepalivedCompat *self = user_data;

  if (success)
    emit (self, KA_VRRP_PATH, KA_VRRP_INTERFACE, "VrrpReloaded", NULL);
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  VigilKeepalivedCompat *self = user_data;

  g_message (_("keepalived-compat: answering as %s"), name);
  emit (self, KA_VRRP_PATH, KA_VRRP_INTERFACE, "VrrpStarted", NULL);
  /* keepalived is on the bus before its instances leave INIT, so its
   * listeners see every instance's first state: send the current ones. */
  for (guint i = 0; i < self->instances->len; i++)
    {
      CompatInstance *ci = g_ptr_array_index (self->instances, i);

      emit (self, ci->path, KA_INSTANCE_INTERFACE, "VrrpStatusChange",
            g_variant_new ("(u)", ka_state_of (vigil_vrrp_instance_get_state (ci->instance))));
    }
}

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer user_data)
{
  if (connection != NULL && !g_dbus_connection_is_closed (connection))
    g_warning (_("keepalived-compat: cannot own %s (is keepalived running, or does the bus "
                 "policy not allow it?)"), name);
}

/* ---- public ------------------------------------------------------------------------------- */

VigilKeepalivedCompat *
vigil_keepalived_compat_new (VigilDaemon *daemon, GDBusConnection *connection)
{
  VigilKeepalivedCompat *self;
  const VigilConfig *config;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), NULL);

  config = vigil_daemon_get_config (daemon);
  self = g_object_new (VIGIL_TYPE_KEEPALIVED_COMPAT, NULL);
  self->daemon = daemon;
  self->connection = g_object_ref (connection);
  self->name = g_strdup (config->global.dbus_service_name != NULL
                         ? config->global.dbus_service_name : "org.keepalived.Vrrp1");
  self->node_info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
  self->vrrp_registration_id =
    g_dbus_connection_register_object (connection, KA_VRRP_PATH,
                                       g_dbus_node_info_lookup_interface (self->node_info,
                                                                          KA_VRRP_INTERFACE),
                                       &vrrp_vtable, self, NULL, &error);
  if (self->vrrp_registration_id == 0)
    g_warning (_("keepalived-compat: cannot export %s: %s"), KA_VRRP_PATH, error->message);
  register_instances (self);
  self->instances_changed_id = g_signal_connect (daemon, "vrrp-instances-changed",
                                                 G_CALLBACK (on_instances_changed), self);
  self->reloaded_id = g_signal_connect (daemon, "reloaded", G_CALLBACK (on_reloaded), self);
  self->owner_id = g_bus_own_name_on_connection (connection, self->name,
                                                 G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 on_name_acquired, on_name_lost, self, NULL);
  return self;
}

const char *
vigil_keepalived_compat_get_name (VigilKeepalivedCompat *self)
{
  g_return_val_if_fail (VIGIL_IS_KEEPALIVED_COMPAT (self), NULL);
  return self->name;
}

static void
vigil_keepalived_compat_dispose (GObject *object)
{
  VigilKeepalivedCompat *self = VIGIL_KEEPALIVED_COMPAT (object);

  if (self->connection != NULL)
    {
      emit (self, KA_VRRP_PATH, KA_VRRP_INTERFACE, "VrrpStopped", NULL);
      if (!g_dbus_connection_is_closed (self->connection))
        g_dbus_connection_flush_sync (self->connection, NULL, NULL);
    }
  g_clear_handle_id (&self->owner_id, g_bus_unown_name);
  if (self->instances != NULL)
    g_clear_pointer (&self->instances, g_ptr_array_unref);
  if (self->vrrp_registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->vrrp_registration_id);
  self->vrrp_registration_id = 0;
  if (self->daemon != NULL)
    {
      g_clear_signal_handler (&self->instances_changed_id, self->daemon);
      g_clear_signal_handler (&self->reloaded_id, self->daemon);
      self->daemon = NULL;
    }
  g_clear_object (&self->connection);
  g_clear_pointer (&self->node_info, g_dbus_node_info_unref);
  G_OBJECT_CLASS (vigil_keepalived_compat_parent_class)->dispose (object);
}

static void
vigil_keepalived_compat_finalize (GObject *object)
{
  g_free (VIGIL_KEEPALIVED_COMPAT (object)->name);
  G_OBJECT_CLASS (vigil_keepalived_compat_parent_class)->finalize (object);
}

static void
vigil_keepalived_compat_class_init (VigilKeepalivedCompatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_keepalived_compat_dispose;
  object_class->finalize = vigil_keepalived_compat_finalize;
}

static void
vigil_keepalived_compat_init (VigilKeepalivedCompat *self)
{
  self->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) compat_instance_free);
}
