/* tracker-exporter.c - org.vigil.Vigil1.Tracker for a VigilTracker: its
 * state and reason, copied whenever the tracker says it changed. */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/tracker-exporter.h"
#include "dbus/dbus-names.h"

struct _VigilTrackerExporter {
  VigilDbusTrackerSkeleton parent_instance;

  VigilTracker *tracker;         /* NULL once detached */
  gulong changed_id;
};

G_DEFINE_FINAL_TYPE (VigilTrackerExporter, vigil_tracker_exporter, VIGIL_TYPE_DBUS_TRACKER_SKELETON)

static void
refresh (VigilTrackerExporter *self)
{
  VigilDbusTracker *iface = VIGIL_DBUS_TRACKER (self);

  if (self->tracker == NULL)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  vigil_dbus_tracker_set_up (iface, vigil_tracker_is_up (self->tracker));
  vigil_dbus_tracker_set_reason (iface, vigil_tracker_get_reason (self->tracker));
  vigil_dbus_tracker_set_weight (iface, vigil_tracker_get_weight (self->tracker));
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_changed (VigilTracker *tracker, gpointer user_data)
{
  refresh (user_data);
}

VigilTrackerExporter *
vigil_tracker_exporter_new (VigilTracker *tracker)
{
  VigilTrackerExporter *self;

  g_return_val_if_fail (VIGIL_IS_TRACKER (tracker), NULL);
  self = g_object_new (VIGIL_TYPE_TRACKER_EXPORTER, NULL);
  self->tracker = g_object_ref (tracker);
  vigil_dbus_tracker_set_name (VIGIL_DBUS_TRACKER (self), vigil_tracker_get_name (tracker));
  vigil_dbus_tracker_set_kind (VIGIL_DBUS_TRACKER (self), vigil_tracker_get_kind (tracker));
  refresh (self);
  self->changed_id = g_signal_connect (tracker, "changed", G_CALLBACK (on_changed), self);
  return self;
}

void
vigil_tracker_exporter_detach (VigilTrackerExporter *self)
{
  g_return_if_fail (VIGIL_IS_TRACKER_EXPORTER (self));
  if (self->tracker == NULL)
    return;
  g_clear_signal_handler (&self->changed_id, self->tracker);
  g_clear_object (&self->tracker);
}

char *
vigil_tracker_exporter_build_path (const char *kind, const char *name)
{
  g_autofree char *kind_path = NULL;

  g_return_val_if_fail (kind != NULL && name != NULL, NULL);
  kind_path = vigil_dbus_child_path (VIGIL_DBUS_TRACKER_PATH, kind);
  return vigil_dbus_child_path (kind_path, name);
}

static void
vigil_tracker_exporter_dispose (GObject *object)
{
  vigil_tracker_exporter_detach (VIGIL_TRACKER_EXPORTER (object));
  G_OBJECT_CLASS (vigil_tracker_exporter_parent_class)->dispose (object);
}

static void
vigil_tracker_exporter_class_init (VigilTrackerExporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_tracker_exporter_dispose;
}

static void
vigil_tracker_exporter_init (VigilTrackerExporter *self)
{
}
