/* http-response.h - a bounded, incremental HTTP/1.x response parser
 *
 * Pure: bytes in, status, headers and body bytes out; no sockets, no
 * clock. Built for health checks against servers that may be hostile
 * (keepalived's CVE-2018-19115 was an overflow in exactly this place),
 * so every part of a response has a hard bound and breaking one is a
 * clear error, never unbounded memory:
 *   - the status line and each header, chunk-size or trailer line:
 *     `max_line` bytes (8 KiB);
 *   - all header and trailer bytes together, interim 1xx responses
 *     included: `max_headers` (64 KiB);
 *   - the body: `max_body` (1 MiB), checked against Content-Length and
 *     chunk sizes as soon as they are known, and against the bytes of a
 *     body that lasts until the peer closes.
 * Time is the caller's to bound (the checker's connect_timeout).
 *
 * A parser created without want_body is done as soon as the final status
 * line is known: a check that only looks at the status code reads no
 * more than that. With want_body the body (chunked transfer coding
 * decoded) goes to the body callback in the pieces it arrives in.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_HTTP_RESPONSE_ERROR (vigil_http_response_error_quark ())
GQuark vigil_http_response_error_quark (void);

typedef enum {
  VIGIL_HTTP_RESPONSE_ERROR_EMPTY,              /* closed before any byte */
  VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP,           /* does not start with "HTTP/" */
  VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE,
  VIGIL_HTTP_RESPONSE_ERROR_STATUS_LINE_TOO_LONG,
  VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER,
  VIGIL_HTTP_RESPONSE_ERROR_HEADER_TOO_LONG,
  VIGIL_HTTP_RESPONSE_ERROR_HEADERS_TOO_LARGE,
  VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH,
  VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK,
  VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE,
  VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED,          /* closed before the end */
} VigilHttpResponseError;

/* "status-line-too-long", ... (for counters and tests). */
const char *vigil_http_response_error_to_string (VigilHttpResponseError code);

#define VIGIL_HTTP_RESPONSE_MAX_LINE    (8 * 1024)
#define VIGIL_HTTP_RESPONSE_MAX_HEADERS (64 * 1024)
#define VIGIL_HTTP_RESPONSE_MAX_BODY    (1024 * 1024)

typedef struct {
  gsize max_line;
  gsize max_headers;
  guint64 max_body;
} VigilHttpResponseLimits;

typedef enum {
  VIGIL_HTTP_PARSE_MORE = 0,   /* feed more bytes (or the end) */
  VIGIL_HTTP_PARSE_DONE,       /* the response is complete (for what was asked) */
  VIGIL_HTTP_PARSE_ERROR,      /* see the error; further feeding repeats it */
} VigilHttpParseResult;

const char *vigil_http_parse_result_to_string (VigilHttpParseResult result);

/* Receives the body in pieces, chunk framing removed. */
typedef void (*VigilHttpBodyFunc) (const guint8 *data, gsize len, gpointer user_data);

typedef struct _VigilHttpResponse VigilHttpResponse;

/* A parser for one response. `limits` NULL: the VIGIL_HTTP_RESPONSE_MAX_*
 * defaults. Without `want_body` the parser is done at the final status
 * line and `body_func` is never called. */
VigilHttpResponse *vigil_http_response_new (const VigilHttpResponseLimits *limits,
                                            gboolean want_body,
                                            VigilHttpBodyFunc body_func,
                                            gpointer user_data);
void vigil_http_response_free (VigilHttpResponse *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilHttpResponse, vigil_http_response_free)

/* Feed the next `len` received bytes. Bytes after the end of the
 * response are ignored (and counted out of `consumed`, which may be
 * NULL). */
VigilHttpParseResult vigil_http_response_feed (VigilHttpResponse *self,
                                               const guint8 *data, gsize len,
                                               gsize *consumed, GError **error);
/* The peer closed the connection: completes a body that lasts until the
 * close; anywhere else before the end it is a TRUNCATED (or EMPTY) error. */
VigilHttpParseResult vigil_http_response_feed_eof (VigilHttpResponse *self, GError **error);

/* The final status code (100-999), 0 while not yet known. */
guint vigil_http_response_get_status (const VigilHttpResponse *self);
/* The reason phrase of the final status line ("" if none), NULL while not
 * yet known. */
const char *vigil_http_response_get_reason (const VigilHttpResponse *self);
/* 0 for HTTP/1.0, 1 for HTTP/1.1 (the minor version), -1 while not known. */
int vigil_http_response_get_minor_version (const VigilHttpResponse *self);
/* The value of the first header named `name` (case-insensitive) of the
 * final response, or NULL. Headers are only parsed with want_body. */
const char *vigil_http_response_get_header (const VigilHttpResponse *self, const char *name);
/* Content-Length, or -1 when the response had none (or is chunked). */
gint64 vigil_http_response_get_content_length (const VigilHttpResponse *self);
gboolean vigil_http_response_is_chunked (const VigilHttpResponse *self);
/* Body bytes delivered to the callback so far. */
guint64 vigil_http_response_get_body_length (const VigilHttpResponse *self);

G_END_DECLS
