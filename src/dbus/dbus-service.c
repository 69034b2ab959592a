/* dbus-service.c - vigild on the system bus: name, ObjectManager, exporters
 *
 * vigild makes its own connection to the system bus (asynchronously, so
 * the main loop never waits for the bus), exports the Manager at
 * /org/vigil/Vigil1 beside an ObjectManager listing one object per VRRP
 * instance and per sync group, then owns org.vigil.Vigil1. If the bus cannot be reached or
 * goes away (dbus-daemon restarted), everything is unexported and a new
 * connection is tried every VIGIL_DBUS_RETRY_SECONDS; the exporters stay,
 * so nothing is lost in between.
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/dbus-service.h"
#include "dbus/dbus-auth.h"
#include "dbus/dbus-names.h"
#include "dbus/dbus-object-set.h"
#include "dbus/keepalived-compat.h"
#include "dbus/server-objects.h"
#include "dbus/tracker-exporter.h"
#include "track/tracking-manager.h"
#include "dbus/manager-exporter.h"
#include "dbus/sync-group-exporter.h"
#include "dbus/vrrp-instance-exporter.h"
#include "i18n.h"
#include "vigil-dbus-generated.h"

struct _VigilDbusService {
  GObject parent_instance;

  VigilDaemon *daemon;
  gulong instances_changed_id;
  gulong reloaded_id;

  GDBusObjectManagerServer *object_manager;
  VigilManagerExporter *manager;
  GHashTable *instances;          /* name -> VigilObjectSkeleton* */
  GHashTable *groups;             /* name -> VigilObjectSkeleton* (sync groups) */

  char *address;
  GCancellable *cancellable;      /* the connection attempt in flight */
  GDBusConnection *connection;
  VigilKeepalivedCompat *keepalived_compat; /* with enable_dbus */
  VigilDbusObjectSet *trackers;
  gulong trackers_changed_id;
  VigilDbusObjectSet *servers;    /* virtual/real servers, checkers */
  gulong servers_changed_id;
  gulong closed_id;
  guint owner_id;
  guint retry_id;
  gboolean owned;
  gboolean unreachable_logged;    /* warn once per outage, not per retry */
};

G_DEFINE_FINAL_TYPE (VigilDbusService, vigil_dbus_service, G_TYPE_OBJECT)

static void connect_bus (VigilDbusService *self);
static void update_keepalived_compat (VigilDbusService *self);
static void sync_servers (VigilDbusService *self);

/* ---- VRRP instance objects -------------------------------------------- */

static VigilVrrpInstanceExporter *
object_exporter (VigilObjectSkeleton *object)
{
  return VIGIL_VRRP_INSTANCE_EXPORTER (
    vigil_object_peek_dbus_vrrp_instance (VIGIL_OBJECT (object)));
}

static void
unexport_instance (VigilDbusService *self, VigilObjectSkeleton *object)
{
  const char *path = g_dbus_object_get_object_path (G_DBUS_OBJECT (object));

  g_debug ("unexporting %s", path);
  vigil_vrrp_instance_exporter_detach (object_exporter (object));
  g_dbus_object_manager_server_unexport (self->object_manager, path);
}

static void
export_instance (VigilDbusService *self, VigilVrrpInstance *instance)
{
  const char *name = vigil_vrrp_instance_get_name (instance);
  g_autofree char *path = vigil_vrrp_instance_exporter_build_path (name);
  g_autoptr(VigilVrrpInstanceExporter) exporter = vigil_vrrp_instance_exporter_new (instance);
  VigilObjectSkeleton *object = vigil_object_skeleton_new (path);

  vigil_object_skeleton_set_dbus_vrrp_instance (object, VIGIL_DBUS_VRRP_INSTANCE (exporter));
  g_dbus_object_manager_server_export (self->object_manager, G_DBUS_OBJECT_SKELETON (object));
  g_hash_table_replace (self->instances, g_strdup (name), object);
  g_debug ("exported %s", path);
}

/* Make the exported objects match the daemon's instances: a reload may
 * have added, removed or restarted (replaced) some. */
static void
sync_instances (VigilDbusService *self)
{
  GPtrArray *current = vigil_daemon_get_vrrp_instances (self->daemon);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (current, i);
      g_hash_table_insert (by_name, (gpointer) vigil_vrrp_instance_get_name (instance), instance);
    }

  g_hash_table_iter_init (&iter, self->instances);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VigilObjectSkeleton *object = value;
      VigilVrrpInstance *exported =
        vigil_vrrp_instance_exporter_get_instance (object_exporter (object));
      const char *name = vigil_vrrp_instance_get_name (exported);

      if (g_hash_table_lookup (by_name, name) != exported)
        {
          unexport_instance (self, object);
          g_hash_table_iter_remove (&iter);
        }
    }

  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      VigilVrrpInstance *instance = g_ptr_array_index (current, i);
      if (!g_hash_table_contains (self->instances, vigil_vrrp_instance_get_name (instance)))
        export_instance (self, instance);
    }
}

/* ---- sync group objects ------------------------------------------------------ */

static VigilSyncGroupExporter *
group_exporter (VigilObjectSkeleton *object)
{
  return VIGIL_SYNC_GROUP_EXPORTER (vigil_object_peek_dbus_sync_group (VIGIL_OBJECT (object)));
}

static void
unexport_group (VigilDbusService *self, VigilObjectSkeleton *object)
{
  const char *path = g_dbus_object_get_object_path (G_DBUS_OBJECT (object));

  g_debug ("unexporting %s", path);
  vigil_sync_group_exporter_detach (group_exporter (object));
  g_dbus_object_manager_server_unexport (self->object_manager, path);
}

/* Make the exported groups match the daemon's: a reload may have added,
 * removed or rebuilt (replaced) some. */
static void
sync_groups (VigilDbusService *self)
{
  GPtrArray *current = vigil_daemon_get_sync_groups (self->daemon);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      VigilSyncGroup *group = g_ptr_array_index (current, i);
      g_hash_table_insert (by_name, (gpointer) vigil_sync_group_get_name (group), group);
    }
  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VigilSyncGroup *exported = vigil_sync_group_exporter_get_group (group_exporter (value));

      if (g_hash_table_lookup (by_name, vigil_sync_group_get_name (exported)) != exported)
        {
          unexport_group (self, value);
          g_hash_table_iter_remove (&iter);
        }
    }
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      VigilSyncGroup *group = g_ptr_array_index (current, i);
      const char *name = vigil_sync_group_get_name (group);
      g_autofree char *path = NULL;
      g_autoptr(VigilSyncGroupExporter) exporter = NULL;
      VigilObjectSkeleton *object;

      if (g_hash_table_contains (self->groups, name))
        continue;
      path = vigil_sync_group_exporter_build_path (name);
      exporter = vigil_sync_group_exporter_new (group);
      object = vigil_object_skeleton_new (path);
      vigil_object_skeleton_set_dbus_sync_group (object, VIGIL_DBUS_SYNC_GROUP (exporter));
      g_dbus_object_manager_server_export (self->object_manager, G_DBUS_OBJECT_SKELETON (object));
      g_hash_table_replace (self->groups, g_strdup (name), object);
      g_debug ("exported %s", path);
    }
}

static void
on_instances_changed (VigilDaemon *daemon, gpointer user_data)
{
  sync_instances (user_data);
  sync_groups (user_data);
}

static void
on_reloaded (VigilDaemon *daemon, gboolean success, const char *message, gpointer user_data)
{
  VigilDbusService *self = user_data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->instances);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    vigil_vrrp_instance_exporter_refresh (object_exporter (value));
  if (success)
    {
      update_keepalived_compat (self);
      sync_servers (self);
    }
}

/* ---- tracker objects ------------------------------------------------------ */

static GDBusInterfaceSkeleton *
export_tracker (gpointer source, const char *path, gpointer user_data)
{
  return G_DBUS_INTERFACE_SKELETON (vigil_tracker_exporter_new (source));
}

static void
detach_tracker (GDBusInterfaceSkeleton *skeleton)
{
  vigil_tracker_exporter_detach (VIGIL_TRACKER_EXPORTER (skeleton));
}

static void
sync_trackers (VigilDbusService *self)
{
  VigilTrackingManager *manager = vigil_daemon_get_tracking_manager (self->daemon);
  g_autoptr(GPtrArray) trackers = NULL;

  if (manager == NULL)
    return;
  trackers = vigil_tracking_manager_dup_trackers (manager);
  vigil_dbus_object_set_begin (self->trackers);
  for (guint i = 0; i < trackers->len; i++)
    {
      VigilTracker *tracker = g_ptr_array_index (trackers, i);
      g_autofree char *path = vigil_tracker_exporter_build_path (vigil_tracker_get_kind (tracker),
                                                                 vigil_tracker_get_name (tracker));

      vigil_dbus_object_set_want (self->trackers, path, tracker, export_tracker, self);
    }
  vigil_dbus_object_set_end (self->trackers);
}

static void
on_trackers_changed (VigilTrackingManager *manager, gpointer user_data)
{
  sync_trackers (user_data);
}

static void
sync_servers (VigilDbusService *self)
{
  vigil_server_objects_sync (self->servers, vigil_daemon_get_virtual_servers (self->daemon));
}

static void
on_servers_changed (VigilDaemon *daemon, gpointer user_data)
{
  sync_servers (user_data);
}

/* ---- the bus connection ------------------------------------------------- */

/* keepalived's names follow `enable_dbus` / `dbus_service_name`, also
 * across reloads. */
static void
update_keepalived_compat (VigilDbusService *self)
{
  const VigilConfGlobal *global = &vigil_daemon_get_config (self->daemon)->global;
  const char *want = global->dbus_service_name != NULL
                     ? global->dbus_service_name : "org.keepalived.Vrrp1";

  if (self->keepalived_compat != NULL
      && (!global->enable_dbus || self->connection == NULL
          || g_strcmp0 (vigil_keepalived_compat_get_name (self->keepalived_compat), want) != 0))
    g_clear_object (&self->keepalived_compat);
  if (self->keepalived_compat == NULL && global->enable_dbus && self->connection != NULL)
    self->keepalived_compat = vigil_keepalived_compat_new (self->daemon, self->connection);
}

static void
disconnect_bus (VigilDbusService *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->owner_id != 0)
    g_clear_handle_id (&self->owner_id, g_bus_unown_name);
  self->owned = FALSE;
  g_clear_object (&self->keepalived_compat);
  if (self->connection == NULL)
    return;
  if (g_dbus_interface_skeleton_has_connection (G_DBUS_INTERFACE_SKELETON (self->manager),
                                                self->connection))
    g_dbus_interface_skeleton_unexport_from_connection (G_DBUS_INTERFACE_SKELETON (self->manager),
                                                        self->connection);
  g_dbus_object_manager_server_set_connection (self->object_manager, NULL);
  g_clear_signal_handler (&self->closed_id, self->connection);
  g_clear_object (&self->connection);
}

static gboolean
on_retry (gpointer user_data)
{
  VigilDbusService *self = user_data;

  self->retry_id = 0;
  connect_bus (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (VigilDbusService *self)
{
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add_seconds (VIGIL_DBUS_RETRY_SECONDS, on_retry, self);
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer user_data)
{
  VigilDbusService *self = user_data;

  self->owned = TRUE;
  g_message (_("on the system bus as %s (%s)"), name,
             g_dbus_connection_get_unique_name (connection));
}

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer user_data)
{
  VigilDbusService *self = user_data;

  self->owned = FALSE;
  /* A closed connection is handled by on_closed (). */
  if (connection == NULL || g_dbus_connection_is_closed (connection))
    return;
  g_warning (_("cannot own %s on the system bus (another vigild has it, or the bus policy "
               "does not allow this user); the objects stay reachable at %s"),
             name, g_dbus_connection_get_unique_name (connection));
}

static void
on_closed (GDBusConnection *connection, gboolean remote_peer_vanished, GError *error,
           gpointer user_data)
{
  VigilDbusService *self = user_data;

  g_warning (_("lost the system bus connection (%s); reconnecting every %d s"),
             error != NULL ? error->message : _("closed"), VIGIL_DBUS_RETRY_SECONDS);
  self->unreachable_logged = TRUE;
  disconnect_bus (self);
  schedule_retry (self);
}

static void
on_connection_ready (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  VigilDbusService *self;

  connection = g_dbus_connection_new_for_address_finish (result, &error);
  /* Cancelled: the service may be gone; touch nothing. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->cancellable);
  if (connection == NULL)
    {
      if (!self->unreachable_logged)
        g_warning (_("cannot reach the system bus at %s (%s): vigild runs on without D-Bus "
                     "and tries again every %d s"),
                   self->address, error->message, VIGIL_DBUS_RETRY_SECONDS);
      else
        g_debug ("system bus still unreachable: %s", error->message);
      self->unreachable_logged = TRUE;
      schedule_retry (self);
      return;
    }
  if (self->unreachable_logged)
    g_message (_("reached the system bus at %s"), self->address);
  self->unreachable_logged = FALSE;

  self->connection = g_steal_pointer (&connection);
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);
  self->closed_id = g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  /* Objects first, then the name: whoever sees the name finds them. */
  g_dbus_object_manager_server_set_connection (self->object_manager, self->connection);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->manager),
                                         self->connection, VIGIL_DBUS_PATH, &error))
    g_warning (_("cannot export %s: %s"), VIGIL_DBUS_PATH, error->message);
  self->owner_id = g_bus_own_name_on_connection (self->connection, VIGIL_DBUS_NAME,
                                                 G_BUS_NAME_OWNER_FLAGS_NONE,
                                                 on_name_acquired, on_name_lost, self, NULL);
  update_keepalived_compat (self);
}

static void
connect_bus (VigilDbusService *self)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_debug ("connecting to the system bus at %s", self->address);
  g_dbus_connection_new_for_address (self->address,
                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                     | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                     NULL, self->cancellable, on_connection_ready, self);
}

/* ---- public ---------------------------------------------------------------- */

VigilDbusService *
vigil_dbus_service_new (VigilDaemon *daemon)
{
  VigilDbusService *self;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  self = g_object_new (VIGIL_TYPE_DBUS_SERVICE, NULL);
  self->daemon = daemon;
  self->object_manager = g_dbus_object_manager_server_new (VIGIL_DBUS_PATH);
  self->manager = vigil_manager_exporter_new (daemon);
  self->instances_changed_id = g_signal_connect (daemon, "vrrp-instances-changed",
                                                 G_CALLBACK (on_instances_changed), self);
  self->reloaded_id = g_signal_connect (daemon, "reloaded", G_CALLBACK (on_reloaded), self);
  self->trackers = vigil_dbus_object_set_new (self->object_manager, detach_tracker);
  self->servers = vigil_server_objects_new (self->object_manager);
  self->servers_changed_id = g_signal_connect (daemon, "virtual-servers-changed",
                                               G_CALLBACK (on_servers_changed), self);
  if (vigil_daemon_get_tracking_manager (daemon) != NULL)
    self->trackers_changed_id = g_signal_connect (vigil_daemon_get_tracking_manager (daemon),
                                                  "trackers-changed",
                                                  G_CALLBACK (on_trackers_changed), self);
  return self;
}

gboolean
vigil_dbus_service_start (VigilDbusService *self, GError **error)
{
  g_return_val_if_fail (VIGIL_IS_DBUS_SERVICE (self), FALSE);
  g_return_val_if_fail (self->address == NULL, FALSE);

  vigil_dbus_error_register ();
  self->address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, NULL, error);
  if (self->address == NULL)
    return FALSE;
  sync_instances (self);
  sync_trackers (self);
  sync_groups (self);
  sync_servers (self);
  connect_bus (self);
  return TRUE;
}

gboolean
vigil_dbus_service_is_connected (VigilDbusService *self)
{
  g_return_val_if_fail (VIGIL_IS_DBUS_SERVICE (self), FALSE);
  return self->owned;
}

void
vigil_dbus_service_free (VigilDbusService *self)
{
  g_return_if_fail (VIGIL_IS_DBUS_SERVICE (self));
  g_object_run_dispose (G_OBJECT (self));
  g_object_unref (self);
}

/* ---- GObject ------------------------------------------------------------------ */

static void
vigil_dbus_service_dispose (GObject *object)
{
  VigilDbusService *self = VIGIL_DBUS_SERVICE (object);
  GHashTableIter iter;
  gpointer value;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  disconnect_bus (self);
  if (self->instances != NULL)
    {
      g_hash_table_iter_init (&iter, self->instances);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        unexport_instance (self, value);
      g_clear_pointer (&self->instances, g_hash_table_unref);
    }
  g_clear_pointer (&self->trackers, vigil_dbus_object_set_free);
  if (self->groups != NULL)
    {
      g_hash_table_iter_init (&iter, self->groups);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        unexport_group (self, value);
      g_clear_pointer (&self->groups, g_hash_table_unref);
    }
  g_clear_pointer (&self->servers, vigil_dbus_object_set_free);
  if (self->daemon != NULL)
    {
      if (self->trackers_changed_id != 0)
        g_clear_signal_handler (&self->trackers_changed_id,
                                vigil_daemon_get_tracking_manager (self->daemon));
      g_clear_signal_handler (&self->instances_changed_id, self->daemon);
      g_clear_signal_handler (&self->servers_changed_id, self->daemon);
      g_clear_signal_handler (&self->reloaded_id, self->daemon);
      self->daemon = NULL;
    }
  g_clear_object (&self->manager);
  g_clear_object (&self->object_manager);
  G_OBJECT_CLASS (vigil_dbus_service_parent_class)->dispose (object);
}

static void
vigil_dbus_service_finalize (GObject *object)
{
  VigilDbusService *self = VIGIL_DBUS_SERVICE (object);

  g_free (self->address);
  G_OBJECT_CLASS (vigil_dbus_service_parent_class)->finalize (object);
}

static void
vigil_dbus_service_class_init (VigilDbusServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_dbus_service_dispose;
  object_class->finalize = vigil_dbus_service_finalize;
}

static void
vigil_dbus_service_init (VigilDbusService *self)
{
  self->instances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}
