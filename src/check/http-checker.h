/* http-checker.h - VigilHttpChecker: HTTP_GET and SSL_GET
 *
 * One attempt fetches every `url` of the checker in turn, each on its
 * own connection (from bindto/bind_port, on bind_if, with fwmark, as
 * every checker: checker-socket.h), over TLS for SSL_GET; the attempt
 * passes when every url passes: its status in `status_code` (default
 * 200-299), the MD5 of its body equal to `digest`, its body matching
 * `regex` (or not, with `regex_no_match`). The first failing url ends the attempt, and the
 * error says which and why ("url /health: status 500 not in 200-299",
 * "url /: digest mismatch: got 0123...", "url /: response status line
 * too long (over 8192 bytes)").
 *
 * The response is read through the bounded parser of http-response.h:
 * with neither digest nor regex only the status line is read; with them
 * the body is read to its end, at most 1 MiB (a longer body fails the
 * url, saying so). The attempt's timeout is connect_timeout per url.
 *
 * As keepalived, a status-only check accepts any chunked or
 * close-delimited body; unlike keepalived, the digest and the regex
 * apply to the body with its chunked framing removed.
 *
 * TLS (SSL_GET): without `ca` in the global SSL block any server
 * certificate is accepted, as keepalived does; with `ca` the chain must
 * verify against it and, when a virtualhost applies, name it.
 * `certificate`/`key` are presented as the client certificate. SNI is
 * sent only with `enable_sni`, naming the virtualhost (there is none
 * without one: SNI cannot carry an address).
 *
 * keepalived checks one url per delay_loop and, with `fast_recovery`,
 * the rest back to back once a failed url passes again; vigil checks
 * them all in every attempt, which is fast_recovery's behaviour with or
 * without the keyword.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_HTTP_CHECKER (vigil_http_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilHttpChecker, vigil_http_checker, VIGIL, HTTP_CHECKER, VigilChecker)

/* "200-299", "200,301-302": a url's accepted status codes, for messages. */
char *vigil_http_checker_format_status_ranges (const VigilConfUrl *url);

G_END_DECLS
