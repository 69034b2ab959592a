/* http-request.h - the GET request of HTTP_GET / SSL_GET
 *
 * Pure: builds the request text keepalived sends, byte for byte in its
 * order: the request line ("GET PATH HTTP/1.0" or "HTTP/1.1"), a
 * User-Agent, "Connection: close" for http_protocol 1.0C and 1.1, and a
 * Host header: the virtualhost when one applies (url, checker, real
 * server, virtual server), else the connect address and port
 * ("[2001:db8::1]:80" for IPv6).
 */
#pragma once

#include <gio/gio.h>
#include "config/model.h"

G_BEGIN_DECLS

/* The User-Agent keepalived's checker sends; servers and access rules
 * that know keepalived recognise it. */
#define VIGIL_HTTP_REQUEST_USER_AGENT "KeepAliveClient"

/* The request text for `path` on `connect_address`, or NULL with an error
 * when the path or virtualhost would break the request (whitespace or
 * control characters, an empty path). `virtualhost` may be NULL. */
char *vigil_http_request_build (const char *path, const char *virtualhost,
                                GInetSocketAddress *connect_address,
                                VigilConfHttpProtocol protocol, GError **error);

/* The virtualhost a url uses: its own, else the checker's (which the
 * config has already resolved from the real and virtual server), or NULL. */
const char *vigil_http_request_virtualhost (const VigilConfChecker *checker,
                                            const VigilConfUrl *url);

G_END_DECLS
