/* real-server-exporter.c - org.vigil.Vigil1.RealServer for a VigilRealServer
 *
 * The properties are copied from the real server whenever it says its
 * state or weight changed; the skeleton sends PropertiesChanged for what
 * differs. Drain() and Enable() are root-only (vigil_dbus_authorize).
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/real-server-exporter.h"
#include "dbus/dbus-auth.h"
#include "i18n.h"

struct _VigilRealServerExporter {
  VigilDbusRealServerSkeleton parent_instance;

  VigilRealServer *server;       /* NULL once detached */
  gulong state_changed_id;
  gulong weight_changed_id;
};

static void vigil_real_server_exporter_iface_init (VigilDbusRealServerIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilRealServerExporter, vigil_real_server_exporter,
                               VIGIL_TYPE_DBUS_REAL_SERVER_SKELETON,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_DBUS_REAL_SERVER,
                                                      vigil_real_server_exporter_iface_init))

static void
refresh (VigilRealServerExporter *self)
{
  VigilDbusRealServer *iface = VIGIL_DBUS_REAL_SERVER (self);
  VigilRealServer *rs = self->server;

  if (rs == NULL)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  vigil_dbus_real_server_set_up (iface, vigil_real_server_is_up (rs));
  vigil_dbus_real_server_set_reason (iface, vigil_real_server_get_reason (rs));
  vigil_dbus_real_server_set_weight (iface, vigil_real_server_get_weight (rs));
  vigil_dbus_real_server_set_effective_weight (iface, vigil_real_server_get_effective_weight (rs));
  vigil_dbus_real_server_set_drained (iface, vigil_real_server_is_drained (rs));
  vigil_dbus_real_server_set_last_transition (iface,
                                              (guint64) MAX (vigil_real_server_get_last_transition (rs), 0));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_state_changed (VigilRealServer *server, gboolean up, const char *reason, gpointer user_data)
{
  refresh (user_data);
}

static void
on_weight_changed (VigilRealServer *server, gpointer user_data)
{
  refresh (user_data);
}

/* The real server, or NULL after answering UnknownObject. */
static VigilRealServer *
live_server (VigilRealServerExporter *self, GDBusMethodInvocation *invocation)
{
  if (self->server == NULL)
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT,
                                           _("the real server %s is gone (reloaded away)"),
                                           vigil_dbus_real_server_get_name (VIGIL_DBUS_REAL_SERVER (self)));
  return self->server;
}

static void
do_drain (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilRealServerExporter *self = target;
  VigilRealServer *rs = live_server (self, invocation);

  if (rs == NULL)
    return;
  vigil_real_server_drain (rs);
  refresh (self);
  vigil_dbus_real_server_complete_drain (VIGIL_DBUS_REAL_SERVER (self), invocation);
}

static void
do_enable (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilRealServerExporter *self = target;
  VigilRealServer *rs = live_server (self, invocation);

  if (rs == NULL)
    return;
  vigil_real_server_enable (rs);
  refresh (self);
  vigil_dbus_real_server_complete_enable (VIGIL_DBUS_REAL_SERVER (self), invocation);
}

static gboolean
handle_drain (VigilDbusRealServer *object, GDBusMethodInvocation *invocation)
{
  vigil_dbus_authorize (object, invocation, "Drain", do_drain);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_enable (VigilDbusRealServer *object, GDBusMethodInvocation *invocation)
{
  vigil_dbus_authorize (object, invocation, "Enable", do_enable);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
vigil_real_server_exporter_iface_init (VigilDbusRealServerIface *iface)
{
  iface->handle_drain = handle_drain;
  iface->handle_enable = handle_enable;
}

VigilRealServerExporter *
vigil_real_server_exporter_new (VigilRealServer *server, const char *vs_path,
                                const char *const *checker_paths)
{
  VigilRealServerExporter *self;
  static const char *const none[] = { NULL };

  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (server), NULL);
  g_return_val_if_fail (vs_path != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_REAL_SERVER_EXPORTER, NULL);
  self->server = g_object_ref (server);
  vigil_dbus_real_server_set_name (VIGIL_DBUS_REAL_SERVER (self), vigil_real_server_get_name (server));
  vigil_dbus_real_server_set_virtual_server (VIGIL_DBUS_REAL_SERVER (self), vs_path);
  vigil_dbus_real_server_set_checkers (VIGIL_DBUS_REAL_SERVER (self),
                                       checker_paths != NULL ? checker_paths : none);
  refresh (self);
  self->state_changed_id = g_signal_connect (server, "state-changed",
                                             G_CALLBACK (on_state_changed), self);
  self->weight_changed_id = g_signal_connect (server, "weight-changed",
                                              G_CALLBACK (on_weight_changed), self);
  return self;
}

VigilRealServer *
vigil_real_server_exporter_get_server (VigilRealServerExporter *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER_EXPORTER (self), NULL);
  return self->server;
}

void
vigil_real_server_exporter_detach (VigilRealServerExporter *self)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER_EXPORTER (self));
  if (self->server == NULL)
    return;
  g_clear_signal_handler (&self->state_changed_id, self->server);
  g_clear_signal_handler (&self->weight_changed_id, self->server);
  g_clear_object (&self->server);
}

static void
vigil_real_server_exporter_dispose (GObject *object)
{
  vigil_real_server_exporter_detach (VIGIL_REAL_SERVER_EXPORTER (object));
  G_OBJECT_CLASS (vigil_real_server_exporter_parent_class)->dispose (object);
}

static void
vigil_real_server_exporter_class_init (VigilRealServerExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_real_server_exporter_dispose;
}

static void
vigil_real_server_exporter_init (VigilRealServerExporter *self)
{
}
