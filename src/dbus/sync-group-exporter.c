/* sync-group-exporter.c - org.vigil.Vigil1.SyncGroup for a VigilSyncGroup
 *
 * Properties are bound (g_object_bind_property) from the group to the
 * generated skeleton, which sends PropertiesChanged for them; Members is
 * fixed for the life of a group (a reload that changes the members
 * builds a new group, hence a new object).
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/sync-group-exporter.h"
#include "dbus/dbus-names.h"
#include "dbus/vrrp-instance-exporter.h"

struct _VigilSyncGroupExporter {
  VigilDbusSyncGroupSkeleton parent_instance;

  VigilSyncGroup *group;         /* NULL once detached */
  GPtrArray *bindings;           /* GBinding* (not referenced) */
  gulong state_changed_id;
};

G_DEFINE_FINAL_TYPE (VigilSyncGroupExporter, vigil_sync_group_exporter,
                     VIGIL_TYPE_DBUS_SYNC_GROUP_SKELETON)

static gboolean
state_to_string (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_string (to, vigil_vrrp_state_to_string (g_value_get_enum (from)));
  return TRUE;
}

static gboolean
string_or_empty (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static gboolean
time_to_uint64 (GBinding *binding, const GValue *from, GValue *to, gpointer user_data)
{
  g_value_set_uint64 (to, (guint64) MAX (g_value_get_int64 (from), 0));
  return TRUE;
}

static void
bind_property (VigilSyncGroupExporter *self, const char *source_property,
               const char *target_property, GBindingTransformFunc transform)
{
  g_ptr_array_add (self->bindings,
                   g_object_bind_property_full (self->group, source_property, self,
                                                target_property, G_BINDING_SYNC_CREATE,
                                                transform, NULL, NULL, NULL));
}

static void
on_state_changed (VigilSyncGroup *group, VigilVrrpState old_state, VigilVrrpState new_state,
                  const char *reason, gpointer user_data)
{
  VigilSyncGroupExporter *self = user_data;

  /* The new State first, then the signal (as for VrrpInstance). */
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (self));
  vigil_dbus_sync_group_emit_state_changed (VIGIL_DBUS_SYNC_GROUP (self),
                                            vigil_vrrp_state_to_string (old_state),
                                            vigil_vrrp_state_to_string (new_state),
                                            reason != NULL ? reason : "");
}

VigilSyncGroupExporter *
vigil_sync_group_exporter_new (VigilSyncGroup *group)
{
  VigilSyncGroupExporter *self;
  GPtrArray *members;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP (group), NULL);
  self = g_object_new (VIGIL_TYPE_SYNC_GROUP_EXPORTER, NULL);
  self->group = g_object_ref (group);

  g_object_freeze_notify (G_OBJECT (self));
  bind_property (self, "name", "name", string_or_empty);
  bind_property (self, "state", "state", state_to_string);
  bind_property (self, "last-transition", "last-transition", time_to_uint64);
  bind_property (self, "last-transition-reason", "last-transition-reason", string_or_empty);
  members = vigil_sync_group_get_members (group);
  for (guint i = 0; i < members->len; i++)
    g_ptr_array_add (paths, vigil_vrrp_instance_exporter_build_path (
                              vigil_sync_member_get_name (g_ptr_array_index (members, i))));
  g_ptr_array_add (paths, NULL);
  vigil_dbus_sync_group_set_members (VIGIL_DBUS_SYNC_GROUP (self),
                                     (const char *const *) paths->pdata);
  g_object_thaw_notify (G_OBJECT (self));

  self->state_changed_id = g_signal_connect (group, "state-changed",
                                             G_CALLBACK (on_state_changed), self);
  return self;
}

VigilSyncGroup *
vigil_sync_group_exporter_get_group (VigilSyncGroupExporter *self)
{
  g_return_val_if_fail (VIGIL_IS_SYNC_GROUP_EXPORTER (self), NULL);
  return self->group;
}

void
vigil_sync_group_exporter_detach (VigilSyncGroupExporter *self)
{
  g_return_if_fail (VIGIL_IS_SYNC_GROUP_EXPORTER (self));
  if (self->group == NULL)
    return;
  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);
  g_clear_signal_handler (&self->state_changed_id, self->group);
  g_clear_object (&self->group);
}

char *
vigil_sync_group_exporter_build_path (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return vigil_dbus_child_path (VIGIL_DBUS_SYNC_GROUP_PATH, name);
}

static void
vigil_sync_group_exporter_dispose (GObject *object)
{
  vigil_sync_group_exporter_detach (VIGIL_SYNC_GROUP_EXPORTER (object));
  G_OBJECT_CLASS (vigil_sync_group_exporter_parent_class)->dispose (object);
}

static void
vigil_sync_group_exporter_finalize (GObject *object)
{
  VigilSyncGroupExporter *self = VIGIL_SYNC_GROUP_EXPORTER (object);

  g_ptr_array_unref (self->bindings);
  G_OBJECT_CLASS (vigil_sync_group_exporter_parent_class)->finalize (object);
}

static void
vigil_sync_group_exporter_class_init (VigilSyncGroupExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_sync_group_exporter_dispose;
  object_class->finalize = vigil_sync_group_exporter_finalize;
}

static void
vigil_sync_group_exporter_init (VigilSyncGroupExporter *self)
{
  self->bindings = g_ptr_array_new ();
}
