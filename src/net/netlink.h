/* netlink.h - links and addresses through libnl-route, events as a GSource
 *
 * One VigilNetlink per daemon. Requests (add/delete an address, look up a
 * link) go through a libnl socket and wait for the kernel's ACK (the
 * kernel answers at once; nothing here waits on the network). Link and
 * address events arrive on a second socket subscribed to RTNLGRP_LINK,
 * RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR, dispatched from the main
 * loop as GObject signals.
 */
#pragma once

#include <gio/gio.h>
#include "net/inet-addr.h"

G_BEGIN_DECLS

struct nl_sock;

#define VIGIL_TYPE_NETLINK (vigil_netlink_get_type ())
G_DECLARE_FINAL_TYPE (VigilNetlink, vigil_netlink, VIGIL, NETLINK, GObject)

typedef struct {
  int ifindex;
  char name[16];            /* IFNAMSIZ */
  gboolean admin_up;        /* IFF_UP */
  gboolean running;         /* IFF_RUNNING / carrier: usable for VRRP */
  guint mtu;
  guint8 mac[6];
  guint mac_len;
} VigilLinkInfo;

/* An address to add or delete, with the attributes keepalived accepts. */
typedef struct {
  int ifindex;
  VigilInetAddr addr;
  guint8 prefix_len;
  VigilInetAddr broadcast;  /* AF_UNSPEC: none */
  int scope;                /* RT_SCOPE_* */
  const char *label;        /* NULL: none */
  gboolean nodad;           /* IFA_F_NODAD (IPv6) */
  gboolean noprefixroute;   /* IFA_F_NOPREFIXROUTE */
} VigilAddressSpec;

/* Errors are G_IO_ERROR: NOT_FOUND (no such link), PERMISSION_DENIED,
 * INVALID_ARGUMENT, EXISTS, NOT_SUPPORTED, FAILED; messages name the
 * interface and the address ("cannot add 192.0.2.10/24 to eth0: ..."). */

/* Reads every link and address, then follows events from the
 * thread-default main context of the caller. */
VigilNetlink *vigil_netlink_new (GError **error);

/* Event socket receive buffer (keepalived's vrrp_netlink_monitor_rcv_bufs;
 * `force`: SO_RCVBUFFORCE, not capped by rmem_max). */
gboolean vigil_netlink_set_receive_buffer (VigilNetlink *self, int bytes,
                                           gboolean force, GError **error);
/* How often lost events (ENOBUFS) forced a resync from a fresh dump. */
guint vigil_netlink_get_resync_count (VigilNetlink *self);

/* Look up a link by name or index; FALSE with `error` set if absent. */
gboolean vigil_netlink_get_link_by_name (VigilNetlink *self, const char *name,
                                         VigilLinkInfo *out, GError **error);
gboolean vigil_netlink_get_link_by_index (VigilNetlink *self, int ifindex,
                                          VigilLinkInfo *out, GError **error);

/* First usable address of `family` on the link: IPv4 primary address, or
 * the IPv6 link-local address. FALSE if none. */
gboolean vigil_netlink_get_primary_address (VigilNetlink *self, int ifindex,
                                            int family, VigilInetAddr *out);

/* Whether exactly this address (with any prefix) is on the link now. */
gboolean vigil_netlink_has_address (VigilNetlink *self, int ifindex,
                                    const VigilInetAddr *addr);

/* Add/delete. Adding an address that is already there is success with
 * *already_present set (the caller must then not delete it on stop unless
 * it added it); deleting one that is absent is success too. */
gboolean vigil_netlink_address_add (VigilNetlink *self, const VigilAddressSpec *spec,
                                    gboolean *already_present, GError **error);
gboolean vigil_netlink_address_delete (VigilNetlink *self, const VigilAddressSpec *spec,
                                       GError **error);

/* The blocking request socket, for requests of other modules (routes,
 * rules, vmac links) that wait for the kernel's ACK like ours do. */
struct nl_sock *vigil_netlink_get_request_socket (VigilNetlink *self);

/* Lookups see every change the kernel has acknowledged (pending events
 * are read first); signals are emitted from the main loop only, never
 * from inside a lookup or a request, so a handler may call back in.
 * After lost events (ENOBUFS) the difference found by a resync is
 * signalled the same way.
 *
 * Signals:
 *   "link-changed"    (int ifindex, const char *name, gboolean running)
 *        a link appeared, changed flags or carrier; running = usable
 *   "link-removed"    (int ifindex, const char *name)
 *   "address-removed" (int ifindex, VigilInetAddr *addr (boxed as pointer), guint prefix_len)
 *   "address-added"   (int ifindex, VigilInetAddr *addr, guint prefix_len)
 */

G_END_DECLS
