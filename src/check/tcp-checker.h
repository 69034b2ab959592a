/* tcp-checker.h - VigilTcpChecker, keepalived's TCP_CHECK
 *
 * One attempt is one TCP connect to connect_ip:connect_port (default:
 * the real server), from bindto:bind_port and through bind_if when
 * given; the server passes when the handshake completes. The
 * connection is closed at once. The base class (checker.h) owns the
 * schedule, the timeout and the retry rule.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_TCP_CHECKER (vigil_tcp_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilTcpChecker, vigil_tcp_checker, VIGIL, TCP_CHECKER, VigilChecker)

G_END_DECLS
