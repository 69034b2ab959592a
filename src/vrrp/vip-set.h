/* vip-set.h - the virtual addresses of one VRRP instance
 *
 * Takes them (netlink add, recorded in the ledger, then gratuitous ARP /
 * unsolicited NA with keepalived's garp_master_* rhythm), releases them,
 * and puts back one that someone else removed while we are master.
 */
#pragma once

#include "config/model.h"
#include "vrrp/vrrp-context.h"

G_BEGIN_DECLS

typedef struct _VigilVipSet VigilVipSet;

/* `owner` names the instance in logs; `conf` and `context` are borrowed. */
VigilVipSet *vigil_vip_set_new (const VigilConfVrrpInstance *conf, VigilVrrpContext *context);
void vigil_vip_set_free (VigilVipSet *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilVipSet, vigil_vip_set_free)

void vigil_vip_set_set_conf (VigilVipSet *self, const VigilConfVrrpInstance *conf);
/* The instance's interface and its link (for MAC and ifindex). */
void vigil_vip_set_set_link (VigilVipSet *self, const VigilLinkInfo *link);

void vigil_vip_set_take (VigilVipSet *self);
void vigil_vip_set_release (VigilVipSet *self);
gboolean vigil_vip_set_is_taken (const VigilVipSet *self);
/* One more round of gratuitous ARP / NA now (when taken). */
void vigil_vip_set_announce (VigilVipSet *self);
/* A lower-priority advert reached us as master: garp_lower_prio_repeat
 * rounds now and again after garp_lower_prio_delay (none when the
 * repeat is 0), as keepalived refreshes the peers' caches. */
void vigil_vip_set_announce_lower_prio (VigilVipSet *self);

/* An address disappeared from `ifindex`: if it is one of ours and we hold
 * it, put it back (and say so in the log). */
void vigil_vip_set_address_removed (VigilVipSet *self, int ifindex, const VigilInetAddr *addr);

/* The addresses as "192.0.2.1/24" strings, for properties. */
GStrv vigil_vip_set_to_strv (const VigilVipSet *self);

G_END_DECLS
