/* vmac.h - the macvlan interface of a VRRP instance with use_vmac
 *
 * As keepalived does it: a macvlan in private mode on the instance's
 * interface, named vrrp.<VRID> (or as configured), with the VRRP virtual
 * MAC 00:00:5e:00:01:<VRID> (IPv4) or 00:00:5e:00:02:<VRID> (IPv6). The
 * instance then runs on it: its addresses go there and its adverts and
 * gratuitous ARPs leave from it with the virtual MAC (unless
 * vmac_xmit_base sends adverts on the base interface).
 *
 * Set on the vmac: arp_ignore=1 (answer ARP only for its own addresses;
 * on IPv6 vmacs too, which keepalived leaves answering for the host's
 * IPv4 addresses), accept_local=1, rp_filter=0 (receive adverts though it
 * has no address of their subnet), promote_secondaries=1; for IPv4, IPv6
 * off so a backup's vmac sends nothing with the shared MAC. IPv6: no address
 * generated from the MAC; the base interface's link-local address is
 * added to send adverts from. Set on the base interface: arp_ignore=1 and
 * arp_filter=1 so that it does not answer for the virtual addresses; its
 * values are restored when its last vmac goes.
 *
 * Each vmac vigil creates, and each base interface whose ARP settings it
 * changed, is recorded in the object ledger: stop removes them, and the
 * next start after a crash removes what a previous run left.
 */
#pragma once

#include "config/model.h"
#include "net/netlink.h"
#include "net/object-ledger.h"

G_BEGIN_DECLS

typedef struct {
  char name[16];             /* the vmac's name (IFNAMSIZ) */
  char base[16];             /* the interface it sits on */
  int family;                /* of the instance */
  guint8 mac[6];
  gboolean xmit_base;        /* adverts go out on the base interface */
  gboolean keep_ipv6;        /* IPv4 instance with IPv6 excluded addresses */
} VigilVmacSpec;

/* The VRRP virtual MAC 00:00:5e:00:0{1,2}:VRID (RFC 5798 section 7.3). */
void vigil_vmac_default_mac (int family, guint8 vrid, guint8 out[6]);
/* The spec for an instance: `use_vmac [NAME] [MAC]`, `vmac_xmit_base`,
 * the global `vmac_prefix` (NULL: "vrrp"). FALSE with `error` if the
 * name is too long for an interface. */
gboolean vigil_vmac_spec_from_conf (const VigilConfVrrpInstance *conf, const char *prefix,
                                    VigilVmacSpec *out, GError **error);
/* "vmac NAME BASE MAC" and back. */
char *vigil_vmac_spec_to_record (const VigilVmacSpec *spec);
gboolean vigil_vmac_spec_from_record (const char *record, VigilVmacSpec *out);

typedef struct _VigilVmac VigilVmac;

/* `owner` names it in logs; `netlink` and `ledger` are borrowed. */
VigilVmac *vigil_vmac_new (const char *owner, VigilNetlink *netlink, VigilObjectLedger *ledger,
                           const VigilVmacSpec *spec);
/* Frees; the interface stays (call _remove() first). */
void vigil_vmac_free (VigilVmac *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilVmac, vigil_vmac_free)

const VigilVmacSpec *vigil_vmac_get_spec (VigilVmac *self);
/* Create the vmac if it is not there (replacing a macvlan of that name
 * with another MAC or base), configure it, bring it up, and fill `out`
 * with its link. Cheap when all is in place already. */
gboolean vigil_vmac_ensure (VigilVmac *self, VigilLinkInfo *out, GError **error);
/* Delete the vmac if vigil created it, restoring the base interface's
 * ARP settings when it was the last vmac there. */
void vigil_vmac_remove (VigilVmac *self);
/* The vmac's ifindex now, 0 when it does not exist. */
int vigil_vmac_get_ifindex (VigilVmac *self);

/* Delete the vmacs a previous run recorded and restore the ARP settings
 * it changed; returns how many vmacs were deleted. */
guint vigil_vmac_recover (VigilObjectLedger *ledger, VigilNetlink *netlink);

G_END_DECLS
