/* interface-tracker.c - VigilInterfaceTracker (see interface-tracker.h) */
#define G_LOG_DOMAIN "vigil-track"

#include "track/interface-tracker.h"

struct _VigilInterfaceTracker
{
  VigilTracker parent_instance;

  VigilNetlink *netlink;
  gulong changed_id;
  gulong removed_id;
};

G_DEFINE_FINAL_TYPE (VigilInterfaceTracker, vigil_interface_tracker, VIGIL_TYPE_TRACKER)

static void
update (VigilInterfaceTracker *self)
{
  const char *name = vigil_tracker_get_name (VIGIL_TRACKER (self));
  VigilLinkInfo info;

  if (!vigil_netlink_get_link_by_name (self->netlink, name, &info, NULL))
    vigil_tracker_set_state (VIGIL_TRACKER (self), FALSE, "no such interface");
  else if (!info.admin_up)
    vigil_tracker_set_state (VIGIL_TRACKER (self), FALSE, "link down");
  else if (!info.running)
    vigil_tracker_set_state (VIGIL_TRACKER (self), FALSE, "no carrier");
  else
    vigil_tracker_set_state (VIGIL_TRACKER (self), TRUE, "link up");
}

static void
on_link_changed (VigilNetlink *netlink, int ifindex, const char *name, gboolean running,
                 gpointer user_data)
{
  VigilInterfaceTracker *self = user_data;

  (void) netlink;
  (void) ifindex;
  (void) running;
  if (g_strcmp0 (name, vigil_tracker_get_name (VIGIL_TRACKER (self))) == 0)
    update (self);
}

static void
on_link_removed (VigilNetlink *netlink, int ifindex, const char *name, gpointer user_data)
{
  VigilInterfaceTracker *self = user_data;

  (void) netlink;
  (void) ifindex;
  if (g_strcmp0 (name, vigil_tracker_get_name (VIGIL_TRACKER (self))) == 0)
    vigil_tracker_set_state (VIGIL_TRACKER (self), FALSE, "interface removed");
}

static void
vigil_interface_tracker_start (VigilTracker *tracker)
{
  VigilInterfaceTracker *self = VIGIL_INTERFACE_TRACKER (tracker);

  self->changed_id = g_signal_connect (self->netlink, "link-changed",
                                       G_CALLBACK (on_link_changed), self);
  self->removed_id = g_signal_connect (self->netlink, "link-removed",
                                       G_CALLBACK (on_link_removed), self);
}

VigilInterfaceTracker *
vigil_interface_tracker_new (VigilNetlink *netlink, const char *ifname)
{
  VigilInterfaceTracker *self;

  g_return_val_if_fail (VIGIL_IS_NETLINK (netlink), NULL);
  g_return_val_if_fail (ifname != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_INTERFACE_TRACKER, "name", ifname, "kind", "track_interface",
                       "up", TRUE, NULL);
  self->netlink = g_object_ref (netlink);
  /* The state is known at once, before the instances use it. */
  update (self);
  return self;
}

static void
vigil_interface_tracker_dispose (GObject *object)
{
  VigilInterfaceTracker *self = VIGIL_INTERFACE_TRACKER (object);

  if (self->netlink != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->netlink);
      g_clear_signal_handler (&self->removed_id, self->netlink);
    }
  g_clear_object (&self->netlink);
  G_OBJECT_CLASS (vigil_interface_tracker_parent_class)->dispose (object);
}

static void
vigil_interface_tracker_class_init (VigilInterfaceTrackerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_interface_tracker_dispose;
  VIGIL_TRACKER_CLASS (klass)->start = vigil_interface_tracker_start;
}

static void
vigil_interface_tracker_init (VigilInterfaceTracker *self)
{
  (void) self;
}
