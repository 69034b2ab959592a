/* ping-checker.h - VigilPingChecker: PING_CHECK, an ICMP echo to the real server
 *
 * One attempt sends one ICMP (IPv4) or ICMPv6 echo request to the
 * connect address and passes when the matching echo reply comes back
 * before the attempt's timeout (connect_timeout), as keepalived does.
 * The socket is opened per attempt, so an idle checker holds no file
 * descriptor: an unprivileged ICMP datagram socket where
 * net.ipv4.ping_group_range lets us have one (the kernel then owns the
 * echo id), else a raw socket (vigild runs as root), where the reply is
 * matched by id, sequence and payload. bindto, bind_if and fwmark apply
 * to the request; an ICMP error about it (destination unreachable, time
 * exceeded) fails the attempt at once instead of waiting for the timeout.
 * Unlike keepalived, vigil never rewrites ping_group_range.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_PING_CHECKER (vigil_ping_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilPingChecker, vigil_ping_checker, VIGIL, PING_CHECKER, VigilChecker)

/* The kind of ICMP socket the last attempt used. */
typedef enum {
  VIGIL_PING_SOCKET_NONE = 0,   /* no attempt yet */
  VIGIL_PING_SOCKET_DATAGRAM,   /* SOCK_DGRAM, IPPROTO_ICMP / IPPROTO_ICMPV6 */
  VIGIL_PING_SOCKET_RAW,        /* SOCK_RAW */
} VigilPingSocketKind;

/* "none", "datagram", "raw" */
const char *vigil_ping_socket_kind_to_string (VigilPingSocketKind kind);

/* The socket kind of the last attempt (for logs, D-Bus and tests). */
VigilPingSocketKind vigil_ping_checker_get_socket_kind (VigilPingChecker *self);

/* ---- the ICMP echo codec: pure, no I/O ---------------------------------- */

/* An ICMP/ICMPv6 echo header is 8 bytes: type, code, checksum, id, seq. */
#define VIGIL_PING_HEADER_LEN 8

typedef enum {
  VIGIL_PING_REPLY_IGNORE = 0,  /* not about our request: keep waiting */
  VIGIL_PING_REPLY_ECHO,        /* our echo reply */
  VIGIL_PING_REPLY_ERROR,       /* an ICMP error about our request */
} VigilPingReply;

/* Write an echo request (`family` AF_INET or AF_INET6) with `id`, `seq`
 * and `payload` into `out`; the IPv4 checksum is filled in (the kernel
 * computes ICMPv6's). Returns the length, or 0 if `out_size` is too
 * small. */
gsize vigil_ping_build_request (int family, guint16 id, guint16 seq,
                                const guint8 *payload, gsize payload_len,
                                guint8 *out, gsize out_size);

/* Classify one received packet. `with_ip_header`: the packet starts with
 * its IPv4 header (raw IPv4 sockets). `match_id`: compare the echo id
 * (raw sockets; a datagram socket's kernel only hands us our own). On
 * VIGIL_PING_REPLY_ERROR `*why` (if not NULL) says what came back
 * ("destination unreachable (host unreachable)"). */
VigilPingReply vigil_ping_parse_reply (int family, gboolean with_ip_header, gboolean match_id,
                                       guint16 id, guint16 seq,
                                       const guint8 *payload, gsize payload_len,
                                       const guint8 *packet, gsize len, char **why);

G_END_DECLS
