/* checker-socket.h - the socket of one checker attempt
 *
 * What SMTP_CHECK, DNS_CHECK and UDP_CHECK do before talking to the
 * server, the way keepalived does it: a socket of the connect address's
 * family, SO_BINDTODEVICE for `bind_if`, SO_MARK for `fwmark`, bound to
 * `bindto`/`bind_port` when given, non-blocking.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

/* Open the socket for one attempt of `checker` and store the address to
 * connect to in *connect_address. NULL with `error` set when the checker
 * has no address, or a socket option or the bind fails. */
GSocket *vigil_checker_socket_open (VigilChecker *checker, GSocketType type,
                                    GSocketProtocol protocol,
                                    GInetSocketAddress **connect_address,
                                    GError **error);

/* A few words for why a socket operation failed, as checkers log it:
 * "connection refused", "host unreachable", ...; else error->message. */
const char *vigil_checker_socket_error_text (const GError *error);

G_END_DECLS
