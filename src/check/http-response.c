/* http-response.c - bounded incremental HTTP/1.x response parser (see http-response.h) */
#define G_LOG_DOMAIN "vigil-check"

#include "check/http-response.h"
#include "i18n.h"

#include <inttypes.h>
#include <string.h>

G_DEFINE_QUARK (vigil-http-response-error-quark, vigil_http_response_error)

typedef enum {
  ST_STATUS = 0,     /* collecting the status line */
  ST_HEADER,         /* collecting header lines */
  ST_BODY_LENGTH,    /* Content-Length body */
  ST_BODY_CLOSE,     /* body until the peer closes */
  ST_CHUNK_SIZE,     /* collecting a chunk-size line */
  ST_CHUNK_DATA,
  ST_CHUNK_END,      /* the CRLF after a chunk's data */
  ST_TRAILER,        /* trailer lines after the last chunk */
  ST_DONE,
  ST_ERROR,
} State;

struct _VigilHttpResponse
{
  VigilHttpResponseLimits limits;
  gboolean want_body;
  VigilHttpBodyFunc body_func;
  gpointer body_data;

  State state;
  GString *line;           /* the line being collected, without its LF */
  gsize header_bytes;      /* status, header and trailer bytes so far */
  guint64 bytes_fed;
  GError *error;           /* set in ST_ERROR */

  guint status;
  int minor_version;
  char *reason;
  GPtrArray *names;        /* header names of the current response */
  GPtrArray *values;       /* parallel */

  gint64 content_length;   /* -1: none */
  gboolean chunked;
  guint64 remaining;       /* of the Content-Length body or of the chunk */
  guint64 body_bytes;
};

const char *
vigil_http_response_error_to_string (VigilHttpResponseError code)
{
  switch (code)
    {
    case VIGIL_HTTP_RESPONSE_ERROR_EMPTY: return "empty";
    case VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP: return "not-http";
    case VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE: return "bad-status-line";
    case VIGIL_HTTP_RESPONSE_ERROR_STATUS_LINE_TOO_LONG: return "status-line-too-long";
    case VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER: return "bad-header";
    case VIGIL_HTTP_RESPONSE_ERROR_HEADER_TOO_LONG: return "header-too-long";
    case VIGIL_HTTP_RESPONSE_ERROR_HEADERS_TOO_LARGE: return "headers-too-large";
    case VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH: return "bad-content-length";
    case VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK: return "bad-chunk";
    case VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE: return "body-too-large";
    case VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED: return "truncated";
    }
  return "unknown";
}

const char *
vigil_http_parse_result_to_string (VigilHttpParseResult result)
{
  switch (result)
    {
    case VIGIL_HTTP_PARSE_MORE: return "more";
    case VIGIL_HTTP_PARSE_DONE: return "done";
    case VIGIL_HTTP_PARSE_ERROR: return "error";
    }
  return "unknown";
}

VigilHttpResponse *
vigil_http_response_new (const VigilHttpResponseLimits *limits, gboolean want_body,
                         VigilHttpBodyFunc body_func, gpointer user_data)
{
  VigilHttpResponse *self = g_new0 (VigilHttpResponse, 1);

  if (limits != NULL)
    self->limits = *limits;
  else
    {
      self->limits.max_line = VIGIL_HTTP_RESPONSE_MAX_LINE;
      self->limits.max_headers = VIGIL_HTTP_RESPONSE_MAX_HEADERS;
      self->limits.max_body = VIGIL_HTTP_RESPONSE_MAX_BODY;
    }
  self->want_body = want_body;
  self->body_func = body_func;
  self->body_data = user_data;
  self->state = ST_STATUS;
  self->line = g_string_new (NULL);
  self->minor_version = -1;
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);
  self->content_length = -1;
  return self;
}

void
vigil_http_response_free (VigilHttpResponse *self)
{
  if (self == NULL)
    return;
  g_string_free (self->line, TRUE);
  g_clear_error (&self->error);
  g_free (self->reason);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->values);
  g_free (self);
}

static VigilHttpParseResult
fail (VigilHttpResponse *self, VigilHttpResponseError code, const char *format, ...)
  G_GNUC_PRINTF (3, 4);

static VigilHttpParseResult
fail (VigilHttpResponse *self, VigilHttpResponseError code, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_clear_error (&self->error);
  self->error = g_error_new_valist (VIGIL_HTTP_RESPONSE_ERROR, code, format, args);
  va_end (args);
  self->state = ST_ERROR;
  return VIGIL_HTTP_PARSE_ERROR;
}

static VigilHttpParseResult
result_of_state (VigilHttpResponse *self, GError **error)
{
  if (self->state == ST_ERROR)
    {
      if (error != NULL)
        *error = g_error_copy (self->error);
      return VIGIL_HTTP_PARSE_ERROR;
    }
  return self->state == ST_DONE ? VIGIL_HTTP_PARSE_DONE : VIGIL_HTTP_PARSE_MORE;
}

static void
deliver (VigilHttpResponse *self, const guint8 *data, gsize len)
{
  self->body_bytes += len;
  if (self->body_func != NULL && len > 0)
    self->body_func (data, len, self->body_data);
}

static gboolean
is_ows (char c)
{
  return c == ' ' || c == '\t';
}

/* RFC 9110 tchar */
static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static char *
strdup_trimmed (const char *s, gsize len)
{
  while (len > 0 && is_ows (*s))
    s++, len--;
  while (len > 0 && is_ows (s[len - 1]))
    len--;
  return g_strndup (s, len);
}

/* ---- the status line ---- */

static VigilHttpParseResult
parse_status_line (VigilHttpResponse *self, const char *s, gsize n)
{
  guint status;

  /* "HTTP/1.x SSS[ reason]" */
  if (n < 12 || memcmp (s, "HTTP/", 5) != 0 || !g_ascii_isdigit (s[5]) || s[6] != '.'
      || !g_ascii_isdigit (s[7]) || s[8] != ' ' || !g_ascii_isdigit (s[9])
      || !g_ascii_isdigit (s[10]) || !g_ascii_isdigit (s[11])
      || (n > 12 && s[12] != ' ') || memchr (s, '\0', n) != NULL)
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE,
                 _("malformed response status line"));
  if (s[5] != '1')
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE,
                 _("unsupported HTTP version %c.%c in the status line"), s[5], s[7]);
  status = (guint) ((s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0'));
  if (status < 100)
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE,
                 _("invalid status code %03u in the status line"), status);
  self->status = status;
  self->minor_version = s[7] - '0';
  g_free (self->reason);
  self->reason = n > 12 ? strdup_trimmed (s + 13, n - 13) : g_strdup ("");

  /* An interim 1xx response (except 101) is followed by the real one:
   * skip its headers. Without want_body a final status is all we need. */
  if (self->status >= 200 || self->status == 101)
    {
      if (!self->want_body)
        {
          self->state = ST_DONE;
          return VIGIL_HTTP_PARSE_DONE;
        }
    }
  self->state = ST_HEADER;
  return VIGIL_HTTP_PARSE_MORE;
}

/* ---- the end of the headers: how long is the body? ---- */

static VigilHttpParseResult
parse_content_length (VigilHttpResponse *self, const char *value, gint64 *length)
{
  /* A list ("5, 5") from merged headers is allowed if all are equal. */
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = strdup_trimmed (parts[i], strlen (parts[i]));
      gint64 v = 0;

      if (part[0] == '\0')
        return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH,
                     _("invalid Content-Length '%s'"), value);
      for (const char *p = part; *p != '\0'; p++)
        {
          if (!g_ascii_isdigit (*p) || v > (G_MAXINT64 - 9) / 10)
            return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH,
                         _("invalid Content-Length '%s'"), value);
          v = v * 10 + (*p - '0');
        }
      if (*length >= 0 && *length != v)
        return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH,
                     _("conflicting Content-Length values %" PRId64
                       " and %" PRId64), *length, v);
      *length = v;
    }
  return VIGIL_HTTP_PARSE_MORE;
}

static VigilHttpParseResult
end_of_headers (VigilHttpResponse *self)
{
  const char *transfer_encoding = NULL;
  gint64 length = -1;

  if (self->status < 200 && self->status != 101)
    {
      /* interim response: the next status line follows */
      g_ptr_array_set_size (self->names, 0);
      g_ptr_array_set_size (self->values, 0);
      self->status = 0;
      self->minor_version = -1;
      g_clear_pointer (&self->reason, g_free);
      self->state = ST_STATUS;
      return VIGIL_HTTP_PARSE_MORE;
    }
  if (self->status == 101 || self->status == 204 || self->status == 304)
    {
      self->state = ST_DONE;
      return VIGIL_HTTP_PARSE_DONE;
    }

  for (guint i = 0; i < self->names->len; i++)
    {
      const char *name = g_ptr_array_index (self->names, i);
      const char *value = g_ptr_array_index (self->values, i);

      if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
        transfer_encoding = value;
      else if (g_ascii_strcasecmp (name, "Content-Length") == 0
               && parse_content_length (self, value, &length) == VIGIL_HTTP_PARSE_ERROR)
        return VIGIL_HTTP_PARSE_ERROR;
    }

  if (transfer_encoding != NULL)
    {
      /* chunked must be the last coding; any other framing lasts until
       * the close (RFC 9112 6.3). Content-Length is then ignored. */
      const char *last = strrchr (transfer_encoding, ',');
      g_autofree char *coding = NULL;

      last = last != NULL ? last + 1 : transfer_encoding;
      coding = strdup_trimmed (last, strlen (last));
      self->chunked = g_ascii_strcasecmp (coding, "chunked") == 0;
      self->state = self->chunked ? ST_CHUNK_SIZE : ST_BODY_CLOSE;
      return VIGIL_HTTP_PARSE_MORE;
    }
  if (length >= 0)
    {
      self->content_length = length;
      if ((guint64) length > self->limits.max_body)
        return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE,
                     _("response body of %" PRId64 " bytes is over the %"
                       PRIu64 "-byte limit"), length, self->limits.max_body);
      self->remaining = (guint64) length;
      self->state = length == 0 ? ST_DONE : ST_BODY_LENGTH;
      return self->state == ST_DONE ? VIGIL_HTTP_PARSE_DONE : VIGIL_HTTP_PARSE_MORE;
    }
  self->state = ST_BODY_CLOSE;
  return VIGIL_HTTP_PARSE_MORE;
}

/* ---- header lines ---- */

static VigilHttpParseResult
parse_header_line (VigilHttpResponse *self, const char *s, gsize n)
{
  const char *colon;

  if (n == 0)
    return end_of_headers (self);
  if (memchr (s, '\0', n) != NULL)
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER, _("NUL byte in a response header"));
  if (is_ows (s[0]))
    {
      /* obsolete line folding: part of the previous value */
      g_autofree char *more = strdup_trimmed (s, n);
      char **last;

      if (self->values->len == 0)
        return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER,
                     _("malformed response header: continuation line without a header"));
      last = (char **) &g_ptr_array_index (self->values, self->values->len - 1);
      if (more[0] != '\0')
        {
          char *joined = (*last)[0] != '\0' ? g_strconcat (*last, " ", more, NULL) : g_strdup (more);

          g_free (*last);
          *last = joined;
        }
      return VIGIL_HTTP_PARSE_MORE;
    }
  colon = memchr (s, ':', n);
  if (colon == NULL || colon == s)
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER,
                 _("malformed response header line (no name or no ':')"));
  for (const char *p = s; p < colon; p++)
    if (!is_token_char (*p))
      return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER,
                   _("malformed response header name"));
  g_ptr_array_add (self->names, g_strndup (s, (gsize) (colon - s)));
  g_ptr_array_add (self->values, strdup_trimmed (colon + 1, n - (gsize) (colon - s) - 1));
  return VIGIL_HTTP_PARSE_MORE;
}

/* ---- chunked transfer coding ---- */

static VigilHttpParseResult
parse_chunk_size (VigilHttpResponse *self, const char *s, gsize n)
{
  guint64 size = 0;
  gsize i = 0;

  while (i < n && g_ascii_isxdigit (s[i]))
    {
      if (size > (G_MAXUINT64 >> 4))
        return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK, _("chunk size out of range"));
      size = (size << 4) | (guint64) g_ascii_xdigit_value (s[i]);
      i++;
    }
  if (i == 0)
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK, _("malformed chunk size line"));
  while (i < n && is_ows (s[i]))
    i++;
  if (i < n && s[i] != ';')
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK, _("malformed chunk size line"));
  if (size == 0)
    {
      self->state = ST_TRAILER;
      return VIGIL_HTTP_PARSE_MORE;
    }
  if (size > self->limits.max_body - self->body_bytes)
    return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE,
                 _("response body is over the %" PRIu64 "-byte limit"),
                 self->limits.max_body);
  self->remaining = size;
  self->state = ST_CHUNK_DATA;
  return VIGIL_HTTP_PARSE_MORE;
}

/* ---- lines ---- */

static gboolean
counts_as_header (State state)
{
  return state == ST_STATUS || state == ST_HEADER || state == ST_TRAILER;
}

static VigilHttpParseResult
line_too_long (VigilHttpResponse *self)
{
  gsize max = self->limits.max_line;

  switch (self->state)
    {
    case ST_STATUS:
      return fail (self, VIGIL_HTTP_RESPONSE_ERROR_STATUS_LINE_TOO_LONG,
                   _("response status line too long (over %zu bytes)"), max);
    case ST_HEADER:
      return fail (self, VIGIL_HTTP_RESPONSE_ERROR_HEADER_TOO_LONG,
                   _("response header line too long (over %zu bytes)"), max);
    case ST_TRAILER:
      return fail (self, VIGIL_HTTP_RESPONSE_ERROR_HEADER_TOO_LONG,
                   _("chunked body trailer line too long (over %zu bytes)"), max);
    default:
      return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK,
                   _("chunk size line too long (over %zu bytes)"), max);
    }
}

static VigilHttpParseResult
complete_line (VigilHttpResponse *self)
{
  gsize n = self->line->len;
  const char *s = self->line->str;

  if (n > 0 && s[n - 1] == '\r')
    n--;
  switch (self->state)
    {
    case ST_STATUS:
      return parse_status_line (self, s, n);
    case ST_HEADER:
      return parse_header_line (self, s, n);
    case ST_CHUNK_SIZE:
      return parse_chunk_size (self, s, n);
    case ST_CHUNK_END:
      if (n != 0)
        return fail (self, VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK,
                     _("chunk data longer than its size"));
      self->state = ST_CHUNK_SIZE;
      return VIGIL_HTTP_PARSE_MORE;
    case ST_TRAILER:
      if (n == 0)
        {
          self->state = ST_DONE;
          return VIGIL_HTTP_PARSE_DONE;
        }
      return VIGIL_HTTP_PARSE_MORE;   /* trailer fields are not used */
    case ST_BODY_LENGTH:
    case ST_BODY_CLOSE:
    case ST_CHUNK_DATA:
    case ST_DONE:
    case ST_ERROR:
      break;
    }
  g_return_val_if_reached (VIGIL_HTTP_PARSE_ERROR);
}

/* The offset in `data` of the first byte that does not continue "HTTP/"
 * at the start of a status line, or G_MAXSIZE. Garbage is recognised at
 * once, not after max_line bytes. */
static gsize
not_http_offset (VigilHttpResponse *self, const guint8 *data, gsize take)
{
  static const char prefix[] = "HTTP/";

  if (self->state != ST_STATUS)
    return G_MAXSIZE;
  for (gsize i = 0; i < take && self->line->len + i < 5; i++)
    if (data[i] != (guint8) prefix[self->line->len + i])
      return i;
  return G_MAXSIZE;
}

/* Take bytes of a line; returns how many were used (up to and with the
 * LF). A bound is broken at a byte position of the stream, so the error
 * is the same however the bytes were cut: the first broken one wins. */
static gsize
take_line_bytes (VigilHttpResponse *self, const guint8 *data, gsize len)
{
  const guint8 *lf = memchr (data, '\n', len);
  gsize take = lf != NULL ? (gsize) (lf - data) : len;
  gsize used = lf != NULL ? take + 1 : take;
  gsize garbage_at = not_http_offset (self, data, take);
  gsize line_over_at = G_MAXSIZE;
  gsize headers_over_at = G_MAXSIZE;

  if (take > self->limits.max_line - self->line->len)
    line_over_at = self->limits.max_line - self->line->len;
  if (counts_as_header (self->state) && used > self->limits.max_headers - self->header_bytes)
    headers_over_at = self->limits.max_headers - self->header_bytes;

  if (garbage_at != G_MAXSIZE && garbage_at <= line_over_at && garbage_at <= headers_over_at)
    {
      fail (self, VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP,
            _("not an HTTP response (it does not start with 'HTTP/')"));
      return used;
    }
  if (line_over_at != G_MAXSIZE && line_over_at <= headers_over_at)
    {
      line_too_long (self);
      return used;
    }
  if (headers_over_at != G_MAXSIZE)
    {
      fail (self, VIGIL_HTTP_RESPONSE_ERROR_HEADERS_TOO_LARGE,
            _("response headers too large (over %zu bytes)"),
            self->limits.max_headers);
      return used;
    }
  if (counts_as_header (self->state))
    self->header_bytes += used;
  g_string_append_len (self->line, (const char *) data, (gssize) take);
  if (lf != NULL)
    {
      complete_line (self);
      g_string_truncate (self->line, 0);
    }
  return used;
}

VigilHttpParseResult
vigil_http_response_feed (VigilHttpResponse *self, const guint8 *data, gsize len,
                          gsize *consumed, GError **error)
{
  gsize pos = 0;

  g_return_val_if_fail (self != NULL, VIGIL_HTTP_PARSE_ERROR);
  g_return_val_if_fail (data != NULL || len == 0, VIGIL_HTTP_PARSE_ERROR);

  while (pos < len && self->state != ST_DONE && self->state != ST_ERROR)
    {
      gsize before = pos;
      gsize n;

      switch (self->state)
        {
        case ST_STATUS:
        case ST_HEADER:
        case ST_CHUNK_SIZE:
        case ST_CHUNK_END:
        case ST_TRAILER:
          pos += take_line_bytes (self, data + pos, len - pos);
          break;
        case ST_BODY_LENGTH:
        case ST_CHUNK_DATA:
          n = (gsize) MIN (self->remaining, (guint64) (len - pos));
          deliver (self, data + pos, n);
          pos += n;
          self->remaining -= n;
          if (self->remaining == 0)
            self->state = self->state == ST_BODY_LENGTH ? ST_DONE : ST_CHUNK_END;
          break;
        case ST_BODY_CLOSE:
          /* up to the limit, then the error: the same bytes are
           * delivered however the stream was cut */
          n = (gsize) MIN ((guint64) (len - pos), self->limits.max_body - self->body_bytes);
          deliver (self, data + pos, n);
          pos += n;
          if (pos < len)
            fail (self, VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE,
                  _("response body is over the %" PRIu64 "-byte limit"),
                  self->limits.max_body);
          break;
        case ST_DONE:
        case ST_ERROR:
          break;
        }
      self->bytes_fed += pos - before;
    }
  if (consumed != NULL)
    *consumed = pos;
  return result_of_state (self, error);
}

VigilHttpParseResult
vigil_http_response_feed_eof (VigilHttpResponse *self, GError **error)
{
  g_return_val_if_fail (self != NULL, VIGIL_HTTP_PARSE_ERROR);

  switch (self->state)
    {
    case ST_STATUS:
      if (self->bytes_fed == 0)
        fail (self, VIGIL_HTTP_RESPONSE_ERROR_EMPTY,
              _("empty response (the server closed the connection without answering)"));
      else
        fail (self, VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED,
              _("connection closed in the response status line"));
      break;
    case ST_HEADER:
      fail (self, VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED,
            _("connection closed in the response headers"));
      break;
    case ST_BODY_LENGTH:
      fail (self, VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED,
            _("connection closed after %" PRIu64 " of %" PRId64
              " body bytes"), self->body_bytes, self->content_length);
      break;
    case ST_CHUNK_SIZE:
    case ST_CHUNK_DATA:
    case ST_CHUNK_END:
    case ST_TRAILER:
      fail (self, VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED,
            _("connection closed inside the chunked response body"));
      break;
    case ST_BODY_CLOSE:
      self->state = ST_DONE;
      break;
    case ST_DONE:
    case ST_ERROR:
      break;
    }
  return result_of_state (self, error);
}

guint
vigil_http_response_get_status (const VigilHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->status;
}

const char *
vigil_http_response_get_reason (const VigilHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->status != 0 ? self->reason : NULL;
}

int
vigil_http_response_get_minor_version (const VigilHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->minor_version;
}

const char *
vigil_http_response_get_header (const VigilHttpResponse *self, const char *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->names, i), name) == 0)
      return g_ptr_array_index (self->values, i);
  return NULL;
}

gint64
vigil_http_response_get_content_length (const VigilHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->content_length;
}

gboolean
vigil_http_response_is_chunked (const VigilHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->chunked;
}

guint64
vigil_http_response_get_body_length (const VigilHttpResponse *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->body_bytes;
}
