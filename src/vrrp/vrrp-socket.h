/* vrrp-socket.h - raw IPPROTO_VRRP sockets, one per (interface, family)
 *
 * A VigilVrrpSocket is shared by every instance on one interface and
 * address family. It joins the VRRP multicast group, keeps TTL / hop limit
 * at 255, sends with an explicit source address, and from the main loop
 * decodes what arrives and hands each advert to the receiver registered
 * for its VRID. Drops are counted: router-wide ones (checksum, version,
 * unknown VRID) in VigilVrrpGlobalStats, the rest by the receiver.
 */
#pragma once

#include <glib.h>
#include "vrrp/packet.h"

G_BEGIN_DECLS

typedef struct {
  guint64 checksum_errors;   /* vrrpRouterChecksumErrors */
  guint64 version_errors;    /* vrrpRouterVersionErrors */
  guint64 vrid_errors;       /* vrrpRouterVrIdErrors */
} VigilVrrpGlobalStats;

typedef struct {
  /* A packet that decoded cleanly for this VRID. */
  void (*advert) (const VigilVrrpPacket *packet, const VigilInetAddr *src,
                  const VigilInetAddr *dst, gint64 received_at, gpointer user_data);
  /* A packet for this VRID dropped by the codec (length, TTL, type...). */
  void (*dropped) (VigilVrrpRxResult reason, const VigilInetAddr *src, gpointer user_data);
  VigilVrrpCodecFlags codec_flags;
  gpointer user_data;
} VigilVrrpReceiver;

typedef struct _VigilVrrpSocket VigilVrrpSocket;
typedef struct _VigilVrrpSocketPool VigilVrrpSocketPool;

VigilVrrpSocketPool *vigil_vrrp_socket_pool_new (VigilVrrpGlobalStats *stats);
void vigil_vrrp_socket_pool_free (VigilVrrpSocketPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilVrrpSocketPool, vigil_vrrp_socket_pool_free)

/* Read and deliver what is queued on every socket of the pool now
 * (bounded per socket), without waiting for the main loop. */
void vigil_vrrp_socket_pool_receive (VigilVrrpSocketPool *pool);

/* The socket for (ifindex, family), opened on first use; the caller owns
 * a reference. `group` is the multicast group to join (224.0.0.18 /
 * ff02::12 unless configured otherwise). */
VigilVrrpSocket *vigil_vrrp_socket_pool_get (VigilVrrpSocketPool *pool, int ifindex,
                                             const char *ifname, int family,
                                             const VigilInetAddr *group, GError **error);
void vigil_vrrp_socket_unref (VigilVrrpSocket *socket);

/* Register the receiver of adverts for `vrid` (one per VRID). */
gboolean vigil_vrrp_socket_add_receiver (VigilVrrpSocket *socket, guint8 vrid,
                                         const VigilVrrpReceiver *receiver, GError **error);
void vigil_vrrp_socket_remove_receiver (VigilVrrpSocket *socket, guint8 vrid);

/* Encode and send one advert from src to dst. */
gboolean vigil_vrrp_socket_send (VigilVrrpSocket *socket, const VigilVrrpPacket *packet,
                                 const VigilInetAddr *src, const VigilInetAddr *dst,
                                 VigilVrrpCodecFlags flags, GError **error);

/* Re-join the multicast group (after the link came back). */
void vigil_vrrp_socket_rejoin (VigilVrrpSocket *socket);

G_END_DECLS
