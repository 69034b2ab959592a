/* arp.h - gratuitous ARP and unsolicited neighbour advertisements
 *
 * Builders are pure (bytes out); senders use one AF_PACKET socket for ARP
 * and one raw ICMPv6 socket for NA, owned by a VigilAnnouncer.
 */
#pragma once

#include <glib.h>
#include "net/inet-addr.h"

G_BEGIN_DECLS

#define VIGIL_GARP_FRAME_LEN 42   /* Ethernet + ARP, without padding */
#define VIGIL_UNSOLICITED_NA_LEN 32  /* ICMPv6 NA + target link-layer option */

/* Gratuitous ARP request: sender = target = ip, from `mac`, to broadcast;
 * target hardware address all-ones, as keepalived sends it. */
gsize vigil_arp_build_gratuitous (guint8 *buf, gsize len, const guint8 mac[6],
                                  const struct in_addr *ip);

/* Unsolicited NA (RFC 4861 §7.2.6): override flag set, router flag as
 * `router`, target `ip`, target link-layer address option `mac`. ICMPv6
 * checksum left 0: the kernel fills it for raw ICMPv6 sockets. */
gsize vigil_ndisc_build_unsolicited_na (guint8 *buf, gsize len, const guint8 mac[6],
                                        const struct in6_addr *ip, gboolean router);

typedef struct _VigilAnnouncer VigilAnnouncer;

VigilAnnouncer *vigil_announcer_new (GError **error);
void vigil_announcer_free (VigilAnnouncer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAnnouncer, vigil_announcer_free)

/* Send one gratuitous ARP (IPv4) or unsolicited NA to ff02::1 (IPv6) for
 * `addr` on `ifindex`, from `mac`. The NA's router flag follows
 * net.ipv6.conf.<interface>.forwarding, as keepalived's does; its source
 * is the interface's link-local address, chosen by the kernel. Errors are
 * G_IO_ERROR, naming the address and the interface. */
gboolean vigil_announcer_send (VigilAnnouncer *self, int ifindex, const guint8 mac[6],
                               const VigilInetAddr *addr, GError **error);

G_END_DECLS
