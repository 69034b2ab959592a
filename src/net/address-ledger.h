/* address-ledger.h - what vigil added to the kernel, kept on disk
 *
 * Every address vigil adds is written to a ledger file in the runtime dir
 * (atomically replaced on each change) and removed from it when vigil
 * deletes the address. At start, vigild deletes every address a previous
 * run left in the ledger (after a crash or SIGKILL), then starts afresh.
 */
#pragma once

#include "net/netlink.h"

G_BEGIN_DECLS

typedef struct _VigilAddressLedger VigilAddressLedger;

/* `path`: e.g. "<runtime-dir>/addresses". */
VigilAddressLedger *vigil_address_ledger_new (const char *path);
void vigil_address_ledger_free (VigilAddressLedger *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAddressLedger, vigil_address_ledger_free)

/* Delete every address recorded by a previous run (by interface *name*,
 * re-resolved, since ifindexes change), then empty the ledger. Returns the
 * number removed; failures are logged, not fatal. */
guint vigil_address_ledger_recover (VigilAddressLedger *self, VigilNetlink *netlink);

/* Add through netlink and record. An address that was already present
 * before vigil added it is not recorded (and so never deleted by vigil). */
gboolean vigil_address_ledger_add (VigilAddressLedger *self, VigilNetlink *netlink,
                                   const VigilAddressSpec *spec, GError **error);
/* Delete through netlink if recorded, and forget it. */
gboolean vigil_address_ledger_delete (VigilAddressLedger *self, VigilNetlink *netlink,
                                      const VigilAddressSpec *spec, GError **error);
gboolean vigil_address_ledger_contains (VigilAddressLedger *self, int ifindex,
                                        const VigilInetAddr *addr);
/* Delete everything recorded (clean stop). */
void vigil_address_ledger_delete_all (VigilAddressLedger *self, VigilNetlink *netlink);

G_END_DECLS
