/* virtual-server-exporter.c - org.vigil.Vigil1.VirtualServer for a
 * VigilVirtualServer: quorum, sorry server and live weight, copied from
 * the virtual server whenever its quorum or one of its real servers
 * changes. */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/virtual-server-exporter.h"
#include "dbus/dbus-names.h"

struct _VigilVirtualServerExporter {
  VigilDbusVirtualServerSkeleton parent_instance;

  VigilVirtualServer *server;    /* NULL once detached */
  gulong quorum_changed_id;
  gulong rs_changed_id;
};

G_DEFINE_FINAL_TYPE (VigilVirtualServerExporter, vigil_virtual_server_exporter,
                     VIGIL_TYPE_DBUS_VIRTUAL_SERVER_SKELETON)

static void
refresh (VigilVirtualServerExporter *self)
{
  VigilDbusVirtualServer *iface = VIGIL_DBUS_VIRTUAL_SERVER (self);
  VigilVirtualServer *vs = self->server;

  if (vs == NULL)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  vigil_dbus_virtual_server_set_has_quorum (iface, vigil_virtual_server_has_quorum (vs));
  vigil_dbus_virtual_server_set_sorry_server_active (iface,
                                                     vigil_virtual_server_is_sorry_active (vs));
  vigil_dbus_virtual_server_set_live_weight (iface, vigil_virtual_server_get_live_weight (vs));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_quorum_changed (VigilVirtualServer *server, gboolean has_quorum, gpointer user_data)
{
  refresh (user_data);
}

static void
on_real_server_changed (VigilVirtualServer *server, VigilRealServer *rs, gboolean up,
                        const char *reason, gpointer user_data)
{
  refresh (user_data);
}

VigilVirtualServerExporter *
vigil_virtual_server_exporter_new (VigilVirtualServer *server, const char *const *rs_paths)
{
  VigilVirtualServerExporter *self;
  VigilDbusVirtualServer *iface;
  const VigilConfVirtualServer *conf;
  static const char *const none[] = { NULL };

  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (server), NULL);
  self = g_object_new (VIGIL_TYPE_VIRTUAL_SERVER_EXPORTER, NULL);
  iface = VIGIL_DBUS_VIRTUAL_SERVER (self);
  self->server = g_object_ref (server);
  conf = vigil_virtual_server_get_conf (server);
  vigil_dbus_virtual_server_set_name (iface, vigil_virtual_server_get_name (server));
  vigil_dbus_virtual_server_set_protocol (iface, vigil_virtual_server_get_protocol_name (server));
  vigil_dbus_virtual_server_set_scheduler (iface, conf->lvs_sched != NULL ? conf->lvs_sched : "");
  vigil_dbus_virtual_server_set_quorum (iface, conf->quorum);
  vigil_dbus_virtual_server_set_real_servers (iface, rs_paths != NULL ? rs_paths : none);
  refresh (self);
  self->quorum_changed_id = g_signal_connect (server, "quorum-changed",
                                              G_CALLBACK (on_quorum_changed), self);
  self->rs_changed_id = g_signal_connect (server, "real-server-changed",
                                          G_CALLBACK (on_real_server_changed), self);
  return self;
}

VigilVirtualServer *
vigil_virtual_server_exporter_get_server (VigilVirtualServerExporter *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER_EXPORTER (self), NULL);
  return self->server;
}

void
vigil_virtual_server_exporter_detach (VigilVirtualServerExporter *self)
{
  g_return_if_fail (VIGIL_IS_VIRTUAL_SERVER_EXPORTER (self));
  if (self->server == NULL)
    return;
  g_clear_signal_handler (&self->quorum_changed_id, self->server);
  g_clear_signal_handler (&self->rs_changed_id, self->server);
  g_clear_object (&self->server);
}

char *
vigil_virtual_server_exporter_build_path (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return vigil_dbus_child_path (VIGIL_DBUS_VIRTUAL_SERVER_PATH, name);
}

static void
vigil_virtual_server_exporter_dispose (GObject *object)
{
  vigil_virtual_server_exporter_detach (VIGIL_VIRTUAL_SERVER_EXPORTER (object));
  G_OBJECT_CLASS (vigil_virtual_server_exporter_parent_class)->dispose (object);
}

static void
vigil_virtual_server_exporter_class_init (VigilVirtualServerExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_virtual_server_exporter_dispose;
}

static void
vigil_virtual_server_exporter_init (VigilVirtualServerExporter *self)
{
}
