/* udp-checker.h - VigilUdpChecker, keepalived's UDP_CHECK
 *
 * One attempt sends one datagram (`payload`, else 32 random bytes) to
 * connect_ip:connect_port (default: the real server) from
 * bindto:bind_port and through bind_if when given, on a connected UDP
 * socket, then listens for connect_timeout:
 *
 * - without `require_reply`, silence passes: the server fails only when
 *   an ICMP port (or host, network) unreachable comes back, which the
 *   kernel reports on the connected socket as "connection refused";
 *   any reply passes too;
 * - with `require_reply`, silence fails ("no reply within 5 s"); with
 *   reply bytes given, the reply must be min_reply_length to
 *   max_reply_length bytes long and match them on the bytes both have,
 *   nibbles written X in the config matching anything. As in
 *   keepalived, the lengths are only checked when reply bytes are given.
 *
 * The base class owns the schedule and the retry rule; this checker
 * asks it for a timeout one second longer than connect_timeout, since
 * its own wait of connect_timeout is part of a passing attempt.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_UDP_DEFAULT_PAYLOAD_LEN 32

#define VIGIL_TYPE_UDP_CHECKER (vigil_udp_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilUdpChecker, vigil_udp_checker, VIGIL, UDP_CHECKER, VigilChecker)

/* Whether a reply of `len` bytes, of which the first `available` are
 * in `reply`, passes `conf`'s require_reply bytes and lengths (TRUE
 * when require_reply gives no bytes); else `error` says why ("reply of
 * 3 bytes, expected 4 to 255", "reply differs at byte 2: ..."). */
gboolean vigil_udp_checker_reply_matches (const VigilConfChecker *conf,
                                          const guint8 *reply, gsize len,
                                          gsize available, GError **error);

G_END_DECLS
