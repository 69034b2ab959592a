/* arp.c - gratuitous ARP and unsolicited neighbour advertisements
 *
 * The builders are pure: bytes out for given inputs. A VigilAnnouncer owns
 * two send-only sockets: AF_PACKET for ARP (we write the Ethernet header
 * ourselves) and raw ICMPv6 for NA (the kernel adds the IPv6 header, picks
 * the link-local source and fills the checksum).
 */
#define G_LOG_DOMAIN "vigil-net"

#include "net/arp.h"

#include <gio/gio.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netpacket/packet.h>
#include <sys/socket.h>

#define ND_OPT_TARGET_LLADDR 2
#define NA_FLAG_ROUTER 0x80
#define NA_FLAG_OVERRIDE 0x20

struct _VigilAnnouncer {
  int arp_fd;               /* AF_PACKET, SOCK_RAW, protocol 0: send only */
  int ndisc_fd;             /* AF_INET6, SOCK_RAW, IPPROTO_ICMPV6; -1 without IPv6 */
};

static void
put_be16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

/**
 * vigil_arp_build_gratuitous:
 * Writes a broadcast ARP request announcing `ip` at `mac` into `buf`.
 * The target hardware address is all-ones, as keepalived sends it
 * (receivers ignore it, RFC 5227 §2.3). Returns the length, or 0 if
 * `len` is too short.
 */
gsize
vigil_arp_build_gratuitous (guint8 *buf, gsize len, const guint8 mac[6],
                            const struct in_addr *ip)
{
  g_return_val_if_fail (buf != NULL && mac != NULL && ip != NULL, 0);

  if (len < VIGIL_GARP_FRAME_LEN)
    return 0;
  /* Ethernet: to broadcast, from us, ARP. */
  memset (buf, 0xff, 6);
  memcpy (buf + 6, mac, 6);
  put_be16 (buf + 12, ETHERTYPE_ARP);
  /* ARP request, Ethernet/IPv4: sender and target protocol address both
   * the announced address. */
  put_be16 (buf + 14, ARPHRD_ETHER);
  put_be16 (buf + 16, ETHERTYPE_IP);
  buf[18] = 6;
  buf[19] = 4;
  put_be16 (buf + 20, ARPOP_REQUEST);
  memcpy (buf + 22, mac, 6);
  memcpy (buf + 28, &ip->s_addr, 4);
  memset (buf + 32, 0xff, 6);
  memcpy (buf + 38, &ip->s_addr, 4);
  return VIGIL_GARP_FRAME_LEN;
}

/**
 * vigil_ndisc_build_unsolicited_na:
 * Writes the ICMPv6 part of an unsolicited neighbour advertisement for
 * `ip` into `buf`: override set, solicited clear, router as `router`, and
 * a target link-layer address option carrying `mac`. Returns the length,
 * or 0 if `len` is too short.
 */
gsize
vigil_ndisc_build_unsolicited_na (guint8 *buf, gsize len, const guint8 mac[6],
                                  const struct in6_addr *ip, gboolean router)
{
  g_return_val_if_fail (buf != NULL && mac != NULL && ip != NULL, 0);

  if (len < VIGIL_UNSOLICITED_NA_LEN)
    return 0;
  memset (buf, 0, VIGIL_UNSOLICITED_NA_LEN);
  buf[0] = ND_NEIGHBOR_ADVERT;
  buf[1] = 0;                 /* code */
  /* buf[2..3]: checksum, filled by the kernel */
  buf[4] = NA_FLAG_OVERRIDE | (router ? NA_FLAG_ROUTER : 0);
  memcpy (buf + 8, ip, 16);
  buf[24] = ND_OPT_TARGET_LLADDR;
  buf[25] = 1;                /* option length in units of 8 octets */
  memcpy (buf + 26, mac, 6);
  return VIGIL_UNSOLICITED_NA_LEN;
}

static gboolean
set_socket_error (GError **error, int saved_errno, const char *what)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "cannot open %s socket: %s", what, g_strerror (saved_errno));
  return FALSE;
}

static int
open_ndisc_socket (GError **error)
{
  struct icmp6_filter filter;
  int hops = 255, loop = 0;
  int fd = socket (AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);

  if (fd < 0)
    {
      int saved = errno;
      if (saved == EAFNOSUPPORT)
        {
          g_debug ("IPv6 is not available: unsolicited neighbour advertisements disabled");
          return -1;
        }
      set_socket_error (error, saved, "an ICMPv6");
      return -2;
    }
  /* Send only: receive nothing. */
  ICMP6_FILTER_SETBLOCKALL (&filter);
  if (setsockopt (fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) < 0
      || setsockopt (fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0
      || setsockopt (fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0
      || setsockopt (fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop) < 0)
    {
      int saved = errno;
      close (fd);
      set_socket_error (error, saved, "an ICMPv6");
      return -2;
    }
  return fd;
}

/**
 * vigil_announcer_new:
 * Opens the sockets; fails without CAP_NET_RAW. Without IPv6 in the
 * kernel, only IPv4 announcements are possible.
 */
VigilAnnouncer *
vigil_announcer_new (GError **error)
{
  g_autoptr(VigilAnnouncer) self = g_new0 (VigilAnnouncer, 1);

  self->ndisc_fd = -1;
  self->arp_fd = socket (AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (self->arp_fd < 0)
    {
      set_socket_error (error, errno, "an AF_PACKET");
      return NULL;
    }
  self->ndisc_fd = open_ndisc_socket (error);
  if (self->ndisc_fd == -2)
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * vigil_announcer_free:
 * Closes the sockets.
 */
void
vigil_announcer_free (VigilAnnouncer *self)
{
  if (self == NULL)
    return;
  if (self->arp_fd >= 0)
    close (self->arp_fd);
  if (self->ndisc_fd >= 0)
    close (self->ndisc_fd);
  g_free (self);
}

static gboolean
set_send_error (GError **error, int saved_errno, const char *kind,
                const VigilInetAddr *addr, int ifindex)
{
  char text[VIGIL_INET_ADDR_STRLEN];
  char name[IF_NAMESIZE] = "";

  if (if_indextoname (ifindex, name) == NULL)
    g_snprintf (name, sizeof name, "ifindex %d", ifindex);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "cannot send %s for %s on %s: %s", kind,
               vigil_inet_addr_to_string (addr, text), name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
send_garp (VigilAnnouncer *self, int ifindex, const guint8 mac[6],
           const VigilInetAddr *addr, GError **error)
{
  guint8 frame[VIGIL_GARP_FRAME_LEN];
  struct sockaddr_ll dst = {
    .sll_family = AF_PACKET,
    .sll_protocol = htons (ETHERTYPE_ARP),
    .sll_ifindex = ifindex,
    .sll_halen = 6,
  };

  vigil_arp_build_gratuitous (frame, sizeof frame, mac, &addr->u.v4);
  memset (dst.sll_addr, 0xff, 6);
  if (sendto (self->arp_fd, frame, sizeof frame, 0,
              (const struct sockaddr *) &dst, sizeof dst) < 0)
    return set_send_error (error, errno, "gratuitous ARP", addr, ifindex);
  return TRUE;
}

/* The router flag says whether the sender forwards IPv6, as keepalived
 * sets it: net.ipv6.conf.<interface>.forwarding. */
static gboolean
interface_forwards_ipv6 (int ifindex)
{
  char name[IF_NAMESIZE];
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  if (if_indextoname (ifindex, name) == NULL)
    return FALSE;
  path = g_strdup_printf ("/proc/sys/net/ipv6/conf/%s/forwarding", name);
  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  return g_ascii_strtoll (contents, NULL, 10) != 0;
}

static gboolean
send_na (VigilAnnouncer *self, int ifindex, const guint8 mac[6],
         const VigilInetAddr *addr, GError **error)
{
  guint8 payload[VIGIL_UNSOLICITED_NA_LEN];
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE (sizeof (struct in6_pktinfo))];
  } control;
  struct sockaddr_in6 dst = {
    .sin6_family = AF_INET6,
    .sin6_scope_id = ifindex,
  };
  struct iovec iov = { .iov_base = payload, .iov_len = sizeof payload };
  struct msghdr msg = {
    .msg_name = &dst,
    .msg_namelen = sizeof dst,
    .msg_iov = &iov,
    .msg_iovlen = 1,
    .msg_control = control.buf,
    .msg_controllen = sizeof control.buf,
  };
  struct in6_pktinfo info = { .ipi6_ifindex = ifindex };  /* source :: → kernel picks */
  struct cmsghdr *cmsg;

  if (self->ndisc_fd < 0)
    return set_send_error (error, EAFNOSUPPORT, "neighbour advertisement", addr, ifindex);

  vigil_ndisc_build_unsolicited_na (payload, sizeof payload, mac, &addr->u.v6,
                                    interface_forwards_ipv6 (ifindex));
  /* ff02::1, all nodes on the link */
  dst.sin6_addr.s6_addr[0] = 0xff;
  dst.sin6_addr.s6_addr[1] = 0x02;
  dst.sin6_addr.s6_addr[15] = 0x01;
  memset (&control, 0, sizeof control);
  cmsg = CMSG_FIRSTHDR (&msg);
  cmsg->cmsg_level = IPPROTO_IPV6;
  cmsg->cmsg_type = IPV6_PKTINFO;
  cmsg->cmsg_len = CMSG_LEN (sizeof info);
  memcpy (CMSG_DATA (cmsg), &info, sizeof info);
  if (sendmsg (self->ndisc_fd, &msg, 0) < 0)
    return set_send_error (error, errno, "neighbour advertisement", addr, ifindex);
  return TRUE;
}

/**
 * vigil_announcer_send:
 * Sends one gratuitous ARP (IPv4) or one unsolicited NA to ff02::1 with
 * hop limit 255 (IPv6) for `addr` on `ifindex`, advertising `mac`. The
 * NA's router flag is set when the interface forwards IPv6.
 */
gboolean
vigil_announcer_send (VigilAnnouncer *self, int ifindex, const guint8 mac[6],
                      const VigilInetAddr *addr, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (mac != NULL && addr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (addr->family)
    {
    case AF_INET:
      return send_garp (self, ifindex, mac, addr, error);
    case AF_INET6:
      return send_na (self, ifindex, mac, addr, error);
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "cannot announce an address that is not IPv4 or IPv6");
      return FALSE;
    }
}
