/* ping-checker.c - VigilPingChecker (see ping-checker.h) */
#define G_LOG_DOMAIN "vigil-check"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include "check/ping-checker.h"
#include "i18n.h"

#define ICMP_ECHO_REPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_ECHO_REQUEST 8
#define ICMP_TIME_EXCEEDED 11
#define ICMP6_DEST_UNREACH 1
#define ICMP6_TIME_EXCEEDED 3
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define IPV6_HEADER_LEN 40
#define IPPROTO_ICMPV6_NUMBER 58

/* keepalived sends 128 bytes of payload; ping(8) 56. Enough to carry a
 * recognisable pattern, small enough never to fragment. */
#define PING_PAYLOAD_LEN 56
/* Packets looked at per wake-up before yielding to the loop again: a
 * flood of foreign ICMP cannot hold the loop. */
#define PING_MAX_PACKETS_PER_DISPATCH 64
#define PING_RECV_BUFFER 2048

struct _VigilPingChecker
{
  VigilChecker parent_instance;

  guint16 id;                 /* echo id on raw sockets */
  guint16 seq;                /* next sequence number */
  VigilPingSocketKind socket_kind;
  gboolean raw_fallback_logged;
};

G_DEFINE_FINAL_TYPE (VigilPingChecker, vigil_ping_checker, VIGIL_TYPE_CHECKER)

const char *
vigil_ping_socket_kind_to_string (VigilPingSocketKind kind)
{
  switch (kind)
    {
    case VIGIL_PING_SOCKET_NONE:
      return "none";
    case VIGIL_PING_SOCKET_DATAGRAM:
      return "datagram";
    case VIGIL_PING_SOCKET_RAW:
      return "raw";
    default:
      return "unknown";
    }
}

/* ---- codec ---------------------------------------------------------------- */

static guint16
inet_checksum (const guint8 *data, gsize len)
{
  guint32 sum = 0;
  gsize i;

  for (i = 0; i + 1 < len; i += 2)
    sum += (guint32) (data[i] << 8 | data[i + 1]);
  if (i < len)
    sum += (guint32) (data[i] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

static guint16
read_be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static void
write_be16 (guint8 *p, guint16 value)
{
  p[0] = (guint8) (value >> 8);
  p[1] = (guint8) (value & 0xff);
}

gsize
vigil_ping_build_request (int family, guint16 id, guint16 seq, const guint8 *payload,
                          gsize payload_len, guint8 *out, gsize out_size)
{
  gsize len = VIGIL_PING_HEADER_LEN + payload_len;

  g_return_val_if_fail (family == AF_INET || family == AF_INET6, 0);
  if (out_size < len)
    return 0;
  out[0] = family == AF_INET ? ICMP_ECHO_REQUEST : ICMP6_ECHO_REQUEST;
  out[1] = 0;
  write_be16 (out + 2, 0);
  write_be16 (out + 4, id);
  write_be16 (out + 6, seq);
  if (payload_len > 0)
    memcpy (out + VIGIL_PING_HEADER_LEN, payload, payload_len);
  if (family == AF_INET)
    write_be16 (out + 2, inet_checksum (out, len));
  return len;
}

/* Skip an IPv4 header; NULL if it is not a whole one. */
static const guint8 *
skip_ipv4_header (const guint8 *packet, gsize len, gsize *rest)
{
  gsize ihl;

  if (len < 20 || (packet[0] >> 4) != 4)
    return NULL;
  ihl = (gsize) (packet[0] & 0x0f) * 4;
  if (ihl < 20 || ihl > len)
    return NULL;
  *rest = len - ihl;
  return packet + ihl;
}

/* The echo request quoted in an ICMP error: is it ours? */
static gboolean
quoted_request_is_ours (int family, gboolean match_id, guint16 id, guint16 seq,
                        const guint8 *quoted, gsize len)
{
  const guint8 *icmp;
  gsize rest;

  if (family == AF_INET)
    {
      icmp = skip_ipv4_header (quoted, len, &rest);
      if (icmp == NULL || quoted[9] != IPPROTO_ICMP)
        return FALSE;
    }
  else
    {
      /* Our requests carry no extension headers. */
      if (len < IPV6_HEADER_LEN || (quoted[0] >> 4) != 6 || quoted[6] != IPPROTO_ICMPV6_NUMBER)
        return FALSE;
      icmp = quoted + IPV6_HEADER_LEN;
      rest = len - IPV6_HEADER_LEN;
    }
  if (rest < VIGIL_PING_HEADER_LEN)
    return FALSE;
  if (icmp[0] != (family == AF_INET ? ICMP_ECHO_REQUEST : ICMP6_ECHO_REQUEST))
    return FALSE;
  if (match_id && read_be16 (icmp + 4) != id)
    return FALSE;
  return read_be16 (icmp + 6) == seq;
}

static char *
describe_icmp_error (int family, guint8 type, guint8 code)
{
  static const char *const unreach4[] = {
    N_("network unreachable"), N_("host unreachable"), N_("protocol unreachable"),
    N_("port unreachable"), N_("fragmentation needed"), N_("source route failed"),
    N_("network unknown"), N_("host unknown"), N_("source host isolated"),
    N_("network prohibited"), N_("host prohibited"), N_("network unreachable for TOS"),
    N_("host unreachable for TOS"), N_("communication administratively prohibited"),
  };
  static const char *const unreach6[] = {
    N_("no route to destination"), N_("communication administratively prohibited"),
    N_("beyond scope of source address"), N_("address unreachable"),
    N_("port unreachable"), N_("source address failed policy"),
    N_("reject route to destination"),
  };

  if (family == AF_INET ? type == ICMP_TIME_EXCEEDED : type == ICMP6_TIME_EXCEEDED)
    return g_strdup (_("time exceeded in transit"));
  if (family == AF_INET && code < G_N_ELEMENTS (unreach4))
    return g_strdup_printf (_("destination unreachable (%s)"), _(unreach4[code]));
  if (family == AF_INET6 && code < G_N_ELEMENTS (unreach6))
    return g_strdup_printf (_("destination unreachable (%s)"), _(unreach6[code]));
  return g_strdup_printf (_("destination unreachable (code %u)"), code);
}

VigilPingReply
vigil_ping_parse_reply (int family, gboolean with_ip_header, gboolean match_id, guint16 id,
                        guint16 seq, const guint8 *payload, gsize payload_len,
                        const guint8 *packet, gsize len, char **why)
{
  const guint8 *icmp = packet;
  gsize icmp_len = len;
  guint8 type;

  g_return_val_if_fail (family == AF_INET || family == AF_INET6, VIGIL_PING_REPLY_IGNORE);
  if (packet == NULL)
    return VIGIL_PING_REPLY_IGNORE;
  if (with_ip_header)
    {
      icmp = skip_ipv4_header (packet, len, &icmp_len);
      if (icmp == NULL || packet[9] != IPPROTO_ICMP)
        return VIGIL_PING_REPLY_IGNORE;
    }
  if (icmp_len < VIGIL_PING_HEADER_LEN)
    return VIGIL_PING_REPLY_IGNORE;
  /* Raw IPv4 sockets see packets before the ICMP layer checks them. */
  if (with_ip_header && inet_checksum (icmp, icmp_len) != 0)
    return VIGIL_PING_REPLY_IGNORE;

  type = icmp[0];
  if (type == (family == AF_INET ? ICMP_ECHO_REPLY : ICMP6_ECHO_REPLY))
    {
      if (icmp[1] != 0 || read_be16 (icmp + 6) != seq)
        return VIGIL_PING_REPLY_IGNORE;
      if (match_id && read_be16 (icmp + 4) != id)
        return VIGIL_PING_REPLY_IGNORE;
      if (icmp_len - VIGIL_PING_HEADER_LEN != payload_len
          || (payload_len > 0 && memcmp (icmp + VIGIL_PING_HEADER_LEN, payload, payload_len) != 0))
        return VIGIL_PING_REPLY_IGNORE;
      return VIGIL_PING_REPLY_ECHO;
    }
  if (family == AF_INET ? (type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED)
                        : (type == ICMP6_DEST_UNREACH || type == ICMP6_TIME_EXCEEDED))
    {
      if (!quoted_request_is_ours (family, match_id, id, seq, icmp + VIGIL_PING_HEADER_LEN,
                                   icmp_len - VIGIL_PING_HEADER_LEN))
        return VIGIL_PING_REPLY_IGNORE;
      if (why != NULL)
        *why = describe_icmp_error (family, type, icmp[1]);
      return VIGIL_PING_REPLY_ERROR;
    }
  return VIGIL_PING_REPLY_IGNORE;
}

/* ---- one attempt ------------------------------------------------------------ */

typedef struct {
  GSocket *socket;
  GSource *source;
  int family;
  VigilPingSocketKind kind;
  guint16 id;
  guint16 seq;
  guint8 payload[PING_PAYLOAD_LEN];
} Attempt;

static void
attempt_free (gpointer data)
{
  Attempt *attempt = data;

  if (attempt->source != NULL)
    {
      g_source_destroy (attempt->source);
      g_source_unref (attempt->source);
    }
  if (attempt->socket != NULL)
    g_socket_close (attempt->socket, NULL);
  g_clear_object (&attempt->socket);
  g_free (attempt);
}

/* Open an ICMP socket for `family`: a datagram one if
 * net.ipv4.ping_group_range allows it, else a raw one. */
static int
open_icmp_socket (VigilPingChecker *self, int family, VigilPingSocketKind *kind, GError **error)
{
  int protocol = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
  int fd;
  int saved;

  fd = socket (family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd >= 0)
    {
      *kind = VIGIL_PING_SOCKET_DATAGRAM;
      return fd;
    }
  saved = errno;
  if (!self->raw_fallback_logged)
    {
      g_debug ("%s: no ICMP datagram socket (%s; see net.ipv4.ping_group_range), "
               "using a raw socket", vigil_checker_get_label (VIGIL_CHECKER (self)),
               g_strerror (saved));
      self->raw_fallback_logged = TRUE;
    }
  fd = socket (family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd >= 0)
    {
      *kind = VIGIL_PING_SOCKET_RAW;
      return fd;
    }
  saved = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("cannot open an ICMP socket: %s"), g_strerror (saved));
  return -1;
}

static gboolean
set_int_option (GSocket *socket, int level, int option, int value, const char *what,
                GError **error)
{
  g_autoptr(GError) local = NULL;

  if (g_socket_set_option (socket, level, option, value, &local))
    return TRUE;
  g_set_error (error, local->domain, local->code, _("cannot set %s: %s"), what, local->message);
  return FALSE;
}

/* Socket options, local address and peer for the attempt. */
static gboolean
prepare_socket (VigilPingChecker *self, Attempt *attempt, GSocketAddress *peer,
                GError **error)
{
  VigilChecker *checker = VIGIL_CHECKER (self);
  const VigilConfChecker *conf = vigil_checker_get_conf (checker);
  g_autoptr(GInetSocketAddress) bind_address = vigil_checker_dup_bind_address (checker);
  int fd = g_socket_get_fd (attempt->socket);

  /* ICMP errors (host unreachable after failed neighbour resolution, a
   * reject route on the way) end the attempt at once. */
  if (attempt->family == AF_INET)
    g_socket_set_option (attempt->socket, IPPROTO_IP, IP_RECVERR, 1, NULL);
  else
    g_socket_set_option (attempt->socket, IPPROTO_IPV6, IPV6_RECVERR, 1, NULL);
  if (conf->fwmark != 0
      && !set_int_option (attempt->socket, SOL_SOCKET, SO_MARK, (int) conf->fwmark, "fwmark",
                          error))
    return FALSE;
  if (conf->bind_if != NULL
      && setsockopt (fd, SOL_SOCKET, SO_BINDTODEVICE, conf->bind_if,
                     (socklen_t) strlen (conf->bind_if) + 1) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot bind to interface %s: %s"), conf->bind_if, g_strerror (saved));
      return FALSE;
    }
  if (bind_address != NULL)
    {
      GInetAddress *inet = g_inet_socket_address_get_address (bind_address);
      g_autoptr(GSocketAddress) local = g_inet_socket_address_new (inet, 0);
      g_autoptr(GError) local_error = NULL;

      if (!g_socket_bind (attempt->socket, local, FALSE, &local_error))
        {
          g_autofree char *text = g_inet_address_to_string (inet);

          g_set_error (error, local_error->domain, local_error->code,
                       _("cannot bind to %s: %s"), text, local_error->message);
          return FALSE;
        }
    }
  return g_socket_connect (attempt->socket, peer, NULL, error);
}

static gboolean
on_socket_ready (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  Attempt *attempt = g_task_get_task_data (task);
  guint8 buffer[PING_RECV_BUFFER];

  (void) condition;
  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  for (guint n = 0; n < PING_MAX_PACKETS_PER_DISPATCH; n++)
    {
      g_autofree char *why = NULL;
      gssize len = recv (g_socket_get_fd (socket), buffer, sizeof buffer, MSG_DONTWAIT);
      VigilPingReply reply;

      if (len < 0)
        {
          int saved = errno;

          if (saved == EAGAIN || saved == EWOULDBLOCK || saved == EINTR)
            return G_SOURCE_CONTINUE;
          /* An ICMP error the kernel matched to our socket (IP_RECVERR),
           * such as "No route to host" after failed neighbour resolution. */
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), "%s",
                                   g_strerror (saved));
          return G_SOURCE_REMOVE;
        }
      reply = vigil_ping_parse_reply (attempt->family,
                                      attempt->kind == VIGIL_PING_SOCKET_RAW
                                        && attempt->family == AF_INET,
                                      attempt->kind == VIGIL_PING_SOCKET_RAW, attempt->id,
                                      attempt->seq, attempt->payload, sizeof attempt->payload,
                                      buffer, (gsize) len, &why);
      if (reply == VIGIL_PING_REPLY_ECHO)
        {
          g_task_return_boolean (task, TRUE);
          return G_SOURCE_REMOVE;
        }
      if (reply == VIGIL_PING_REPLY_ERROR)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "%s", why);
          return G_SOURCE_REMOVE;
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
vigil_ping_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  VigilPingChecker *self = VIGIL_PING_CHECKER (checker);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GInetSocketAddress) peer = vigil_checker_dup_connect_address (checker);
  g_autoptr(GError) error = NULL;
  Attempt *attempt;
  guint8 request[VIGIL_PING_HEADER_LEN + PING_PAYLOAD_LEN];
  gsize request_len;
  gint64 now = g_get_real_time ();
  int fd;

  g_task_set_source_tag (task, vigil_ping_checker_check_async);
  if (peer == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("no address to ping"));
      return;
    }
  attempt = g_new0 (Attempt, 1);
  g_task_set_task_data (task, attempt, attempt_free);
  attempt->family = g_socket_address_get_family (G_SOCKET_ADDRESS (peer)) == G_SOCKET_FAMILY_IPV6
                      ? AF_INET6 : AF_INET;
  attempt->id = self->id;
  attempt->seq = self->seq++;
  /* A pattern a stray packet will not repeat: the send time, then bytes
   * counting up. */
  for (gsize i = 0; i < sizeof attempt->payload; i++)
    attempt->payload[i] = i < sizeof now ? (guint8) (now >> (8 * i)) : (guint8) i;

  fd = open_icmp_socket (self, attempt->family, &attempt->kind, &error);
  if (fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->socket_kind = attempt->kind;
  attempt->socket = g_socket_new_from_fd (fd, &error);
  if (attempt->socket == NULL)
    {
      close (fd);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Never wait inside a call: reads end with WOULD_BLOCK. */
  g_socket_set_blocking (attempt->socket, FALSE);
  if (!prepare_socket (self, attempt, G_SOCKET_ADDRESS (peer), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  request_len = vigil_ping_build_request (attempt->family, attempt->id, attempt->seq,
                                          attempt->payload, sizeof attempt->payload, request,
                                          sizeof request);
  /* A full send buffer on a fresh socket is not a real case; treat any
   * short or failed send ("network unreachable") as the answer. */
  if (g_socket_send (attempt->socket, (const char *) request, request_len, NULL, &error)
      != (gssize) request_len)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("short send"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  attempt->source = g_socket_create_source (attempt->socket, G_IO_IN, cancellable);
  g_task_attach_source (task, attempt->source, G_SOURCE_FUNC (on_socket_ready));
}

static gboolean
vigil_ping_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, checker), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

VigilPingSocketKind
vigil_ping_checker_get_socket_kind (VigilPingChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_PING_CHECKER (self), VIGIL_PING_SOCKET_NONE);
  return self->socket_kind;
}

static void
vigil_ping_checker_class_init (VigilPingCheckerClass *klass)
{
  VigilCheckerClass *checker_class = VIGIL_CHECKER_CLASS (klass);

  checker_class->check_async = vigil_ping_checker_check_async;
  checker_class->check_finish = vigil_ping_checker_check_finish;
}

static void
vigil_ping_checker_init (VigilPingChecker *self)
{
  self->id = (guint16) g_random_int_range (1, 0x10000);
  self->seq = (guint16) g_random_int_range (0, 0x10000);
}
