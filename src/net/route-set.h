/* route-set.h - routes and rules that vigil adds and removes as a group
 *
 * One VigilRouteSet per owner: a VRRP instance (virtual_routes,
 * virtual_rules: installed when it becomes master, removed when it stops
 * being master) or the daemon (static_routes, static_rules: installed at
 * start, removed at stop). Each route or rule is sent as the netlink
 * request route-message.c builds; what the kernel accepted is recorded in
 * the object ledger, so that removal (at stop, or at the next start after
 * a crash) deletes exactly those objects. A route or rule that was there
 * before vigil added it is not vigil's and is never removed by it.
 *
 * A route whose interface is missing is left out with a warning naming
 * the owner, the route and the interface; the rest are installed.
 */
#pragma once

#include "config/model.h"
#include "net/netlink.h"
#include "net/object-ledger.h"

G_BEGIN_DECLS

typedef struct _VigilRouteSet VigilRouteSet;

/* `owner` names the set in logs ("VI_1", "static_routes"); `netlink` and
 * `ledger` are borrowed and must outlive the set. */
VigilRouteSet *vigil_route_set_new (const char *owner, VigilNetlink *netlink,
                                    VigilObjectLedger *ledger);
/* Frees the set; what is installed stays (call _remove() first). */
void vigil_route_set_free (VigilRouteSet *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRouteSet, vigil_route_set_free)

/* The routes and rules wanted (VigilConfRoute*, VigilConfRule*; borrowed,
 * NULL = none). While installed, routes and rules no longer wanted are
 * removed, new ones added, and unchanged ones stay untouched. */
void vigil_route_set_set_conf (VigilRouteSet *self, GPtrArray *routes, GPtrArray *rules);

/* Add every wanted route, then every rule, that is not installed yet;
 * retries those that failed before (e.g. their interface was missing). */
void vigil_route_set_install (VigilRouteSet *self);
/* Remove what this set added: rules first, then routes. */
void vigil_route_set_remove (VigilRouteSet *self);
gboolean vigil_route_set_is_installed (VigilRouteSet *self);
/* Put back those of this set's routes and rules the kernel lost (e.g.
 * flushed with the address they used as source); no-op when not
 * installed. */
void vigil_route_set_refresh (VigilRouteSet *self);
/* How many routes and rules this set added and holds now. */
guint vigil_route_set_count_owned (VigilRouteSet *self);

/* Delete the routes and rules a previous run recorded in `ledger` and
 * did not remove (rules first); returns how many were deleted. */
guint vigil_route_set_recover (VigilObjectLedger *ledger, VigilNetlink *netlink);

/* Whether two route/rule lists ask for the same kernel objects (every
 * attribute, interface names compared by name) and the same tracking. */
gboolean vigil_route_set_conf_equal (GPtrArray *routes_a, GPtrArray *rules_a,
                                     GPtrArray *routes_b, GPtrArray *rules_b);

G_END_DECLS
