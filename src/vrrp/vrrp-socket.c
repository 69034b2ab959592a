/* vrrp-socket.c - raw IPPROTO_VRRP sockets, one per (interface, family) */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/vrrp-socket.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RECEIVE_BATCH 256      /* datagrams read per wake-up, at most */
#define RECEIVE_VECTOR 16      /* datagrams read per recvmmsg () */
/* The largest advert with the largest IPv4 header; longer datagrams are
 * length errors whatever the rest of them says (see receive_truncated ()). */
#define RECEIVE_BUFFER (VIGIL_VRRP_MAX_PACKET + 64)
#define SOCKET_RCVBUF (1024 * 1024)

/* One recvmmsg () worth of buffers, kept per socket: one system call
 * drains up to RECEIVE_VECTOR adverts, and a short read says the queue is
 * empty without the extra call that returns EAGAIN. */
typedef struct {
  struct mmsghdr headers[RECEIVE_VECTOR];
  struct iovec iov[RECEIVE_VECTOR];
  struct sockaddr_storage from[RECEIVE_VECTOR];
  union { char buf[256]; struct cmsghdr align; } control[RECEIVE_VECTOR];
  guint8 data[RECEIVE_VECTOR][RECEIVE_BUFFER];
} VigilVrrpReceiveVector;

struct _VigilVrrpSocketPool {
  GHashTable *sockets;          /* "ifindex/family" → VigilVrrpSocket* (weak) */
  VigilVrrpGlobalStats *stats;
};

struct _VigilVrrpSocket {
  gint ref_count;
  VigilVrrpSocketPool *pool;
  char *key;
  int fd;
  int ifindex;
  char ifname[IF_NAMESIZE];
  int family;
  VigilInetAddr group;
  guint source_id;
  VigilVrrpReceiveVector *rx;
  VigilVrrpReceiver *receivers[256];  /* by VRID */
};

static char *
pool_key (int ifindex, int family)
{
  return g_strdup_printf ("%d/%d", ifindex, family);
}

VigilVrrpSocketPool *
vigil_vrrp_socket_pool_new (VigilVrrpGlobalStats *stats)
{
  VigilVrrpSocketPool *pool = g_new0 (VigilVrrpSocketPool, 1);

  pool->sockets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  pool->stats = stats;
  return pool;
}

void
vigil_vrrp_socket_pool_free (VigilVrrpSocketPool *pool)
{
  if (pool == NULL)
    return;
  g_return_if_fail (g_hash_table_size (pool->sockets) == 0);
  g_hash_table_unref (pool->sockets);
  g_free (pool);
}

static gboolean
set_int_option (int fd, int level, int name, int value, const char *what, GError **error)
{
  if (setsockopt (fd, level, name, &value, sizeof value) == 0)
    return TRUE;
  int saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               "VRRP socket: cannot set %s: %s", what, g_strerror (saved));
  return FALSE;
}

static gboolean
join_group (VigilVrrpSocket *self, GError **error)
{
  int rc;

  if (self->family == AF_INET)
    {
      struct ip_mreqn mreq = { 0 };
      mreq.imr_multiaddr = self->group.u.v4;
      mreq.imr_ifindex = self->ifindex;
      rc = setsockopt (self->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof mreq);
    }
  else
    {
      struct ipv6_mreq mreq = { 0 };
      mreq.ipv6mr_multiaddr = self->group.u.v6;
      mreq.ipv6mr_interface = self->ifindex;
      rc = setsockopt (self->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mreq, sizeof mreq);
    }
  if (rc == 0 || errno == EADDRINUSE)
    return TRUE;
  int saved = errno;
  char buf[VIGIL_INET_ADDR_STRLEN];
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               "cannot join %s on %s: %s", vigil_inet_addr_to_string (&self->group, buf),
               self->ifname, g_strerror (saved));
  return FALSE;
}

void
vigil_vrrp_socket_rejoin (VigilVrrpSocket *self)
{
  g_autoptr(GError) error = NULL;

  if (!join_group (self, &error))
    g_warning ("%s", error->message);
}

static void
deliver (VigilVrrpSocket *self, const guint8 *payload, gsize len, VigilVrrpRxResult result,
         const VigilVrrpPacket *packet, const VigilInetAddr *src, const VigilInetAddr *dst,
         gint64 now)
{
  VigilVrrpGlobalStats *stats = self->pool->stats;
  VigilVrrpReceiver *receiver;
  guint8 vrid;

  switch (result)
    {
    case VIGIL_VRRP_RX_CHECKSUM:
      stats->checksum_errors++;
      return;
    case VIGIL_VRRP_RX_VERSION:
      stats->version_errors++;
      return;
    default:
      break;
    }
  if (len < 2)
    return; /* not even a VRID to blame; the codec counted nothing useful */
  vrid = result == VIGIL_VRRP_RX_OK ? packet->vrid : payload[1];
  receiver = self->receivers[vrid];
  if (receiver == NULL)
    {
      stats->vrid_errors++;
      return;
    }
  if (result == VIGIL_VRRP_RX_OK)
    receiver->advert (packet, src, dst, now, receiver->user_data);
  else
    receiver->dropped (result, src, receiver->user_data);
}

static VigilVrrpCodecFlags
flags_for_payload (VigilVrrpSocket *self, const guint8 *payload, gsize len)
{
  if (len >= 2 && self->receivers[payload[1]] != NULL)
    return self->receivers[payload[1]]->codec_flags;
  return VIGIL_VRRP_CODEC_DEFAULT;
}

static void
receive_ipv4 (VigilVrrpSocket *self, const guint8 *buf, gsize len, gint64 now)
{
  VigilVrrpPacket packet;
  VigilInetAddr src = { 0 }, dst = { 0 };
  VigilVrrpRxResult result;
  gsize ihl = len > 0 ? (gsize) (buf[0] & 0x0f) * 4 : 0;
  const guint8 *payload = len > ihl ? buf + ihl : buf;
  gsize payload_len = len > ihl ? len - ihl : 0;

  result = vigil_vrrp_packet_decode_ipv4 (buf, len, flags_for_payload (self, payload, payload_len),
                                          &packet, &src, &dst);
  deliver (self, payload, payload_len, result, &packet, &src, &dst, now);
}

static void
receive_ipv6 (VigilVrrpSocket *self, const guint8 *buf, gsize len, struct msghdr *msg,
              const struct sockaddr_in6 *from, gint64 now)
{
  VigilVrrpPacket packet;
  VigilInetAddr src, dst = { 0 };
  guint hop_limit = 0;
  VigilVrrpRxResult result;

  vigil_inet_addr_from_v6 (&src, &from->sin6_addr);
  for (struct cmsghdr *c = CMSG_FIRSTHDR (msg); c != NULL; c = CMSG_NXTHDR (msg, c))
    {
      if (c->cmsg_level != IPPROTO_IPV6)
        continue;
      if (c->cmsg_type == IPV6_HOPLIMIT)
        {
          int value;
          memcpy (&value, CMSG_DATA (c), sizeof value);
          hop_limit = (guint) value;
        }
      else if (c->cmsg_type == IPV6_PKTINFO)
        {
          struct in6_pktinfo info;
          memcpy (&info, CMSG_DATA (c), sizeof info);
          vigil_inet_addr_from_v6 (&dst, &info.ipi6_addr);
        }
    }
  result = vigil_vrrp_packet_decode (buf, len, AF_INET6, &src, &dst, hop_limit,
                                     flags_for_payload (self, buf, len), &packet);
  deliver (self, buf, len, result, &packet, &src, &dst, now);
}

/* When the kernel received the datagram, on the monotonic clock. The
 * master_down_timer runs from the advert's arrival, not from when this
 * process got to read it: a busy machine must not make takeovers late.
 * `now_monotonic` and `now_real` are read together after the receive. */
static gint64
arrival_time (struct msghdr *msg, gint64 now_monotonic, gint64 now_real)
{
  for (struct cmsghdr *c = CMSG_FIRSTHDR (msg); c != NULL; c = CMSG_NXTHDR (msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
      {
        struct timespec ts;
        gint64 arrived_real, age;

        memcpy (&ts, CMSG_DATA (c), sizeof ts);
        arrived_real = (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
        age = now_real - arrived_real;
        /* Ignore a wall-clock step between arrival and now. */
        if (age >= 0 && age < G_USEC_PER_SEC)
          return now_monotonic - age;
        break;
      }
  return now_monotonic;
}

/* A datagram longer than RECEIVE_BUFFER: no advert is that long, so the
 * codec would find a length error, which is counted for its VRID as it
 * would be (the head of the datagram holds the addresses and the VRID). */
static void
receive_truncated (VigilVrrpSocket *self, const guint8 *buf, const struct sockaddr_in6 *from)
{
  VigilInetAddr src = { 0 }, dst = { 0 };
  const guint8 *payload = buf;

  if (self->family == AF_INET)
    {
      struct in_addr a;

      memcpy (&a, buf + 12, sizeof a);
      vigil_inet_addr_from_v4 (&src, &a);
      memcpy (&a, buf + 16, sizeof a);
      vigil_inet_addr_from_v4 (&dst, &a);
      payload = buf + (gsize) (buf[0] & 0x0f) * 4;
    }
  else
    vigil_inet_addr_from_v6 (&src, &from->sin6_addr);
  deliver (self, payload, 2, VIGIL_VRRP_RX_PACKET_LENGTH, NULL, &src, &dst, 0);
}

/* Read up to RECEIVE_VECTOR datagrams in one call; the count, or -1 with
 * errno set. */
static int
receive_vector (VigilVrrpSocket *self)
{
  VigilVrrpReceiveVector *rx = self->rx;

  for (guint i = 0; i < RECEIVE_VECTOR; i++)
    {
      struct msghdr *msg = &rx->headers[i].msg_hdr;

      rx->iov[i].iov_base = rx->data[i];
      rx->iov[i].iov_len = RECEIVE_BUFFER;
      msg->msg_name = &rx->from[i];
      msg->msg_namelen = sizeof rx->from[i];
      msg->msg_iov = &rx->iov[i];
      msg->msg_iovlen = 1;
      msg->msg_control = rx->control[i].buf;
      msg->msg_controllen = sizeof rx->control[i].buf;
      msg->msg_flags = 0;
      rx->headers[i].msg_len = 0;
    }
  return recvmmsg (self->fd, rx->headers, RECEIVE_VECTOR, MSG_DONTWAIT, NULL);
}

static void
receive_queued (VigilVrrpSocket *self)
{
  if (self->rx == NULL)
    self->rx = g_new (VigilVrrpReceiveVector, 1);
  for (guint done = 0; done < RECEIVE_BATCH;)
    {
      int n = receive_vector (self);
      gint64 now, now_real;

      if (n < 0)
        {
          if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            g_warning ("VRRP socket on %s: receive failed: %s", self->ifname, g_strerror (errno));
          break;
        }
      now = g_get_monotonic_time ();
      now_real = g_get_real_time ();
      for (int i = 0; i < n; i++)
        {
          struct msghdr *msg = &self->rx->headers[i].msg_hdr;
          const guint8 *buf = self->rx->data[i];
          gsize len = self->rx->headers[i].msg_len;
          gint64 arrived;

          if (msg->msg_flags & MSG_TRUNC)
            {
              receive_truncated (self, buf, (const struct sockaddr_in6 *) msg->msg_name);
              continue;
            }
          arrived = arrival_time (msg, now, now_real);
          if (self->family == AF_INET)
            receive_ipv4 (self, buf, len, arrived);
          else
            receive_ipv6 (self, buf, len, msg, (const struct sockaddr_in6 *) msg->msg_name,
                          arrived);
        }
      done += (guint) n;
      if (n < RECEIVE_VECTOR)
        break; /* the queue is empty: no call just to hear EAGAIN */
    }
}

static gboolean
on_socket_ready (int fd, GIOCondition condition, gpointer user_data)
{
  receive_queued (user_data);
  return G_SOURCE_CONTINUE;
}

void
vigil_vrrp_socket_pool_receive (VigilVrrpSocketPool *pool)
{
  g_autoptr(GPtrArray) sockets = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (pool != NULL);
  /* Held by reference: a receiver may stop an instance and drop its
   * socket while we walk. */
  sockets = g_ptr_array_new_full (g_hash_table_size (pool->sockets),
                                  (GDestroyNotify) vigil_vrrp_socket_unref);
  g_hash_table_iter_init (&iter, pool->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VigilVrrpSocket *socket = value;
      g_atomic_int_inc (&socket->ref_count);
      g_ptr_array_add (sockets, socket);
    }
  for (guint i = 0; i < sockets->len; i++)
    receive_queued (g_ptr_array_index (sockets, i));
}

static gboolean
socket_configure (VigilVrrpSocket *self, GError **error)
{
  if (setsockopt (self->fd, SOL_SOCKET, SO_BINDTODEVICE, self->ifname,
                  strlen (self->ifname) + 1) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot bind VRRP socket to %s: %s", self->ifname, g_strerror (saved));
      return FALSE;
    }
  /* Best effort: kernel arrival times (see arrival_time ()). */
  (void) set_int_option (self->fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS", NULL);
  /* Best effort: a larger buffer absorbs bursts of many instances. */
  (void) set_int_option (self->fd, SOL_SOCKET, SO_RCVBUF, SOCKET_RCVBUF, "SO_RCVBUF", NULL);

  if (self->family == AF_INET)
    {
      struct ip_mreqn mreq = { 0 };
      mreq.imr_ifindex = self->ifindex;
      if (setsockopt (self->fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq, sizeof mreq) < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "VRRP socket: cannot set IP_MULTICAST_IF on %s: %s", self->ifname,
                       g_strerror (saved));
          return FALSE;
        }
      if (!set_int_option (self->fd, IPPROTO_IP, IP_MULTICAST_TTL, VIGIL_VRRP_TTL, "IP_MULTICAST_TTL", error)
          || !set_int_option (self->fd, IPPROTO_IP, IP_TTL, VIGIL_VRRP_TTL, "IP_TTL", error)
          || !set_int_option (self->fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP", error))
        return FALSE;
    }
  else
    {
      if (!set_int_option (self->fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, self->ifindex, "IPV6_MULTICAST_IF", error)
          || !set_int_option (self->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, VIGIL_VRRP_TTL, "IPV6_MULTICAST_HOPS", error)
          || !set_int_option (self->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, VIGIL_VRRP_TTL, "IPV6_UNICAST_HOPS", error)
          || !set_int_option (self->fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP", error)
          || !set_int_option (self->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT", error)
          || !set_int_option (self->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO", error))
        return FALSE;
    }
  return join_group (self, error);
}

VigilVrrpSocket *
vigil_vrrp_socket_pool_get (VigilVrrpSocketPool *pool, int ifindex, const char *ifname,
                            int family, const VigilInetAddr *group, GError **error)
{
  g_autofree char *key = pool_key (ifindex, family);
  VigilVrrpSocket *self = g_hash_table_lookup (pool->sockets, key);

  if (self != NULL)
    {
      g_atomic_int_inc (&self->ref_count);
      return self;
    }
  g_return_val_if_fail (family == AF_INET || family == AF_INET6, NULL);
  self = g_new0 (VigilVrrpSocket, 1);
  self->ref_count = 1;
  self->pool = pool;
  self->ifindex = ifindex;
  g_strlcpy (self->ifname, ifname, sizeof self->ifname);
  self->family = family;
  self->group = *group;
  self->fd = socket (family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VIGIL_VRRP_PROTO);
  if (self->fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot open VRRP socket on %s: %s%s", ifname, g_strerror (saved),
                   saved == EPERM ? " (vigild needs CAP_NET_RAW)" : "");
      g_free (self);
      return NULL;
    }
  if (!socket_configure (self, error))
    {
      close (self->fd);
      g_free (self);
      return NULL;
    }
  self->source_id = g_unix_fd_add_full (G_PRIORITY_HIGH, self->fd, G_IO_IN,
                                        on_socket_ready, self, NULL);
  self->key = g_steal_pointer (&key);
  g_hash_table_insert (pool->sockets, self->key, self);
  return self;
}

void
vigil_vrrp_socket_unref (VigilVrrpSocket *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_hash_table_remove (self->pool->sockets, self->key);
  g_source_remove (self->source_id);
  close (self->fd);
  g_free (self->rx);
  for (guint i = 0; i < G_N_ELEMENTS (self->receivers); i++)
    g_free (self->receivers[i]);
  g_free (self->key);
  g_free (self);
}

gboolean
vigil_vrrp_socket_add_receiver (VigilVrrpSocket *self, guint8 vrid,
                                const VigilVrrpReceiver *receiver, GError **error)
{
  if (self->receivers[vrid] != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "VRID %u is already in use on %s for this address family", vrid, self->ifname);
      return FALSE;
    }
  self->receivers[vrid] = g_memdup2 (receiver, sizeof *receiver);
  return TRUE;
}

void
vigil_vrrp_socket_remove_receiver (VigilVrrpSocket *self, guint8 vrid)
{
  g_clear_pointer (&self->receivers[vrid], g_free);
}

gboolean
vigil_vrrp_socket_send (VigilVrrpSocket *self, const VigilVrrpPacket *packet,
                        const VigilInetAddr *src, const VigilInetAddr *dst,
                        VigilVrrpCodecFlags flags, GError **error)
{
  guint8 buf[VIGIL_VRRP_MAX_PACKET];
  union { char buf[CMSG_SPACE (sizeof (struct in6_pktinfo))]; struct cmsghdr align; } control;
  struct sockaddr_storage to = { 0 };
  socklen_t to_len;
  struct iovec iov;
  struct msghdr msg = { 0 };
  struct cmsghdr *cmsg;
  gsize len;

  len = vigil_vrrp_packet_encode (packet, src, dst, flags, buf, sizeof buf);
  if (len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "cannot encode VRRP advert for VRID %u", packet->vrid);
      return FALSE;
    }
  iov.iov_base = buf;
  iov.iov_len = len;
  memset (&control, 0, sizeof control);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  cmsg = (struct cmsghdr *) control.buf;

  if (self->family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &to;
      struct in_pktinfo info = { 0 };
      sin->sin_family = AF_INET;
      sin->sin_addr = dst->u.v4;
      to_len = sizeof *sin;
      info.ipi_ifindex = self->ifindex;
      info.ipi_spec_dst = src->u.v4;
      msg.msg_controllen = CMSG_SPACE (sizeof info);
      cmsg->cmsg_level = IPPROTO_IP;
      cmsg->cmsg_type = IP_PKTINFO;
      cmsg->cmsg_len = CMSG_LEN (sizeof info);
      memcpy (CMSG_DATA (cmsg), &info, sizeof info);
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &to;
      struct in6_pktinfo info = { 0 };
      sin6->sin6_family = AF_INET6;
      sin6->sin6_addr = dst->u.v6;
      if (IN6_IS_ADDR_LINKLOCAL (&dst->u.v6) || IN6_IS_ADDR_MULTICAST (&dst->u.v6))
        sin6->sin6_scope_id = self->ifindex;
      to_len = sizeof *sin6;
      info.ipi6_ifindex = self->ifindex;
      info.ipi6_addr = src->u.v6;
      msg.msg_controllen = CMSG_SPACE (sizeof info);
      cmsg->cmsg_level = IPPROTO_IPV6;
      cmsg->cmsg_type = IPV6_PKTINFO;
      cmsg->cmsg_len = CMSG_LEN (sizeof info);
      memcpy (CMSG_DATA (cmsg), &info, sizeof info);
    }
  msg.msg_name = &to;
  msg.msg_namelen = to_len;
  if (sendmsg (self->fd, &msg, MSG_DONTWAIT) < 0)
    {
      int saved = errno;
      char buf_dst[VIGIL_INET_ADDR_STRLEN];
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot send VRRP advert for VRID %u to %s on %s: %s", packet->vrid,
                   vigil_inet_addr_to_string (dst, buf_dst), self->ifname, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
