/* manager-exporter.c - org.vigil.Vigil1.Manager for the VigilDaemon */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/manager-exporter.h"
#include "config/config.h"
#include "daemon/error.h"
#include "dbus/dbus-auth.h"
#include "i18n.h"

struct _VigilManagerExporter {
  VigilDbusManagerSkeleton parent_instance;

  VigilDaemon *daemon;
  gulong reloaded_id;
};

static void vigil_manager_exporter_iface_init (VigilDbusManagerIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilManagerExporter, vigil_manager_exporter,
                               VIGIL_TYPE_DBUS_MANAGER_SKELETON,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_DBUS_MANAGER,
                                                      vigil_manager_exporter_iface_init))

static char *
short_host_name (void)
{
  const char *host = g_get_host_name ();
  const char *dot = strchr (host, '.');

  return dot != NULL ? g_strndup (host, (gsize) (dot - host)) : g_strdup (host);
}

static void
sync_reload_state (VigilManagerExporter *self, const char *message)
{
  VigilDbusManager *iface = VIGIL_DBUS_MANAGER (self);
  gint64 when = vigil_daemon_get_last_reload_time (self->daemon);

  g_object_freeze_notify (G_OBJECT (self));
  vigil_dbus_manager_set_last_reload_time (iface, (guint64) MAX (when, 0));
  vigil_dbus_manager_set_last_reload_succeeded (iface, when == 0
                                                || vigil_daemon_get_last_reload_ok (self->daemon));
  vigil_dbus_manager_set_last_reload_message (iface, message != NULL ? message : "");
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_reloaded (VigilDaemon *daemon, gboolean success, const char *message, gpointer user_data)
{
  VigilManagerExporter *self = user_data;

  sync_reload_state (self, success ? "" : message);
  /* The properties first, so that a client reading them on the signal
   * sees the new values. */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self));
  vigil_dbus_manager_emit_reloaded (VIGIL_DBUS_MANAGER (self), success,
                                    success ? "" : message);
}

/* ---- methods ----------------------------------------------------------- */

static void
do_reload (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilManagerExporter *self = target;
  g_autoptr(GError) error = NULL;

  if (self->daemon == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                                             _("vigild is shutting down"));
      return;
    }
  g_message (_("reloading %s on request over D-Bus"), vigil_daemon_get_config_path (self->daemon));
  if (!vigil_daemon_reload (self->daemon, &error))
    {
      g_warning (_("reload refused, the running configuration stays: %s"), error->message);
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  vigil_dbus_manager_complete_reload (VIGIL_DBUS_MANAGER (self), invocation);
}

static gboolean
handle_reload (VigilDbusManager *object, GDBusMethodInvocation *invocation)
{
  vigil_dbus_authorize (object, invocation, "Reload", do_reload);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
do_check_config (gpointer target, GDBusMethodInvocation *invocation)
{
  VigilManagerExporter *self = target;
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = NULL;
  g_auto(GStrv) lines = NULL;
  VigilConfLoadOptions options = { 0 };
  const char *path;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(&s)", &path);
  if (!g_path_is_absolute (path))
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_INVALID_ARGS,
                                             _("the path must be absolute: %s"), path);
      return;
    }
  if (self->daemon != NULL)
    options.config_id = vigil_daemon_get_config_id (self->daemon);
  config = vigil_config_load (path, &options, diags);
  lines = vigil_diag_list_to_strv (diags);
  g_message (_("checked %s on request over D-Bus: %u error(s), %u warning(s)"), path,
             vigil_diag_list_count (diags, VIGIL_DIAG_ERROR),
             vigil_diag_list_count (diags, VIGIL_DIAG_WARNING));
  vigil_dbus_manager_complete_check_config (VIGIL_DBUS_MANAGER (self), invocation,
                                            (const char *const *) lines);
}

static gboolean
handle_check_config (VigilDbusManager *object, GDBusMethodInvocation *invocation,
                     const char *path)
{
  vigil_dbus_authorize (object, invocation, "CheckConfig", do_check_config);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
vigil_manager_exporter_iface_init (VigilDbusManagerIface *iface)
{
  iface->handle_reload = handle_reload;
  iface->handle_check_config = handle_check_config;
}

/* ---- GObject ------------------------------------------------------------ */

VigilManagerExporter *
vigil_manager_exporter_new (VigilDaemon *daemon)
{
  VigilManagerExporter *self;
  VigilDbusManager *iface;
  g_autofree char *config_path = NULL;
  g_autofree char *host = NULL;
  const char *config_id;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  self = g_object_new (VIGIL_TYPE_MANAGER_EXPORTER, NULL);
  iface = VIGIL_DBUS_MANAGER (self);
  self->daemon = daemon;

  config_path = g_canonicalize_filename (vigil_daemon_get_config_path (daemon), NULL);
  config_id = vigil_daemon_get_config_id (daemon);
  if (config_id == NULL)
    config_id = host = short_host_name ();
  vigil_dbus_manager_set_version (iface, PACKAGE_VERSION);
  vigil_dbus_manager_set_config_file (iface, config_path);
  vigil_dbus_manager_set_config_id (iface, config_id);
  vigil_dbus_manager_set_start_time (iface,
                                     (guint64) MAX (vigil_daemon_get_start_time (daemon), 0));
  sync_reload_state (self, "");
  self->reloaded_id = g_signal_connect (daemon, "reloaded", G_CALLBACK (on_reloaded), self);
  return self;
}

static void
vigil_manager_exporter_dispose (GObject *object)
{
  VigilManagerExporter *self = VIGIL_MANAGER_EXPORTER (object);

  if (self->daemon != NULL)
    g_clear_signal_handler (&self->reloaded_id, self->daemon);
  self->daemon = NULL;
  G_OBJECT_CLASS (vigil_manager_exporter_parent_class)->dispose (object);
}

static void
vigil_manager_exporter_class_init (VigilManagerExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_manager_exporter_dispose;
}

static void
vigil_manager_exporter_init (VigilManagerExporter *self)
{
}
