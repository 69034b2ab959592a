/* interface-tracker.h - VigilInterfaceTracker: a `track_interface`
 *
 * Up while the link exists and is running (up with carrier, as
 * VigilNetlink reports it); a missing or removed link is down. Follows
 * VigilNetlink's "link-changed" and "link-removed" signals.
 */
#pragma once

#include "net/netlink.h"
#include "track/tracker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_INTERFACE_TRACKER (vigil_interface_tracker_get_type ())
G_DECLARE_FINAL_TYPE (VigilInterfaceTracker, vigil_interface_tracker, VIGIL,
                      INTERFACE_TRACKER, VigilTracker)

/* Tracks the link named `ifname`; keeps a reference on `netlink`. */
VigilInterfaceTracker *vigil_interface_tracker_new (VigilNetlink *netlink, const char *ifname);

G_END_DECLS
