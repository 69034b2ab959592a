/* static-objects.h - static_ipaddress, static_routes and static_rules
 *
 * What the config asks to exist for as long as vigild runs, whatever the
 * VRRP states: added at start, brought in line on reload (unchanged ones
 * stay untouched, removed ones go, new ones come), removed at stop. Like
 * every kernel object vigil adds, each is recorded in the address or
 * object ledger so that the next start cleans up after a crash.
 */
#pragma once

#include "config/model.h"
#include "net/address-ledger.h"
#include "net/object-ledger.h"

G_BEGIN_DECLS

typedef struct _VigilStaticObjects VigilStaticObjects;

/* The helpers are borrowed and must outlive the object. */
VigilStaticObjects *vigil_static_objects_new (VigilNetlink *netlink,
                                              VigilAddressLedger *addresses,
                                              VigilObjectLedger *objects);
/* Frees; what is installed stays (call _remove() first). */
void vigil_static_objects_free (VigilStaticObjects *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilStaticObjects, vigil_static_objects_free)

/* Make the kernel hold what `config` asks for (first call: add it all;
 * later calls: the difference). `config` must stay alive until the next
 * call or _remove(). */
void vigil_static_objects_apply (VigilStaticObjects *self, const VigilConfig *config);
/* Remove every static rule, route and address vigil added. */
void vigil_static_objects_remove (VigilStaticObjects *self);

G_END_DECLS
