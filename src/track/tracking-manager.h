/* tracking-manager.h - VigilTrackingManager: trackers to instance weights
 *
 * Owned by the daemon. Builds the trackers the VRRP instances reference
 * (one per vrrp_script, track_file, vrrp_track_process and tracked
 * interface, each shared by every instance that references it) and, whenever one
 * changes, recomputes each instance's tracking with keepalived's rules
 * (track-rules.h) and hands it to vigil_vrrp_instance_set_tracking(). A
 * reference's own `weight [reverse]` overrides the tracked object's.
 *
 * On "vrrp-instances-changed" and on a successful reload the bindings are
 * rebuilt from the new config; a tracker whose settings did not change
 * is kept running with its state (a vrrp_script keeps its rise/fall
 * counts and schedule), a changed one is replaced. A vrrp_sync_group's
 * track_* apply to each of its members (weights cleared when a member is
 * an address owner); the members' own weights follow keepalived's sync
 * group rule unless the group has sync_group_tracking_weight (or
 * global_tracking): a weighted track_interface (or a track_file of
 * default weight) counts without its weight, a weighted vrrp_script or
 * track_file is not tracked.
 */
#pragma once

#include <glib-object.h>
#include "daemon/daemon.h"
#include "net/netlink.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TRACKING_MANAGER (vigil_tracking_manager_get_type ())
G_DECLARE_FINAL_TYPE (VigilTrackingManager, vigil_tracking_manager, VIGIL, TRACKING_MANAGER,
                      GObject)

/* Follows `daemon` (which owns the manager and outlives it) and builds
 * the trackers of its current instances at once. */
VigilTrackingManager *vigil_tracking_manager_new (VigilDaemon *daemon, VigilNetlink *netlink);

/* The trackers in use now (VigilTracker*, referenced; free the array). */
GPtrArray *vigil_tracking_manager_dup_trackers (VigilTrackingManager *self);

/* Signals:
 *   "trackers-changed" ()  after every (re)build: readers (D-Bus) re-read
 *        vigil_tracking_manager_dup_trackers (). */

G_END_DECLS
