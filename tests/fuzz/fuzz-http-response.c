/* fuzz-http-response.c - libFuzzer target for the HTTP response parser
 *
 * Input: one flag byte, then the bytes a server sends.
 *   bit 0: want_body
 *   bit 1: small limits (64-byte lines, 256 bytes of headers, 128-byte
 *          body), so the bounds are reached by short inputs
 *   bit 2: the server closes after the input (feed_eof)
 *   bits 3-7: piece size - 1 for the second run
 * Seeds: corpus/http-response/ (good, chunked and hostile responses).
 *
 * The parser must give the same result, status and body whether the
 * bytes come whole or in pieces, never deliver more body than the limit,
 * never report a status outside 100-999, and always explain an error.
 */
#include "check/http-response.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
require (gboolean condition, const char *what)
{
  if (!condition)
    {
      g_printerr ("fuzz-http-response: %s\n", what);
      abort ();
    }
}

static void
collect (const guint8 *data, gsize len, gpointer user_data)
{
  require (len > 0, "empty body piece");
  g_byte_array_append (user_data, data, (guint) len);
}

typedef struct {
  VigilHttpParseResult result;
  guint status;
  GByteArray *body;
  int error_code;
} Run;

static Run
run (const VigilHttpResponseLimits *limits, gboolean want_body, gboolean close,
     const guint8 *data, gsize size, gsize piece)
{
  Run r = { VIGIL_HTTP_PARSE_MORE, 0, g_byte_array_new (), -1 };
  VigilHttpResponse *response = vigil_http_response_new (limits, want_body, collect, r.body);
  g_autoptr(GError) error = NULL;

  for (gsize off = 0; off < size && r.result == VIGIL_HTTP_PARSE_MORE; off += piece)
    {
      gsize len = MIN (piece, size - off);
      gsize used = 0;

      r.result = vigil_http_response_feed (response, data + off, len, &used, &error);
      require (used <= len, "consumed more than fed");
      require (r.result == VIGIL_HTTP_PARSE_MORE ? used == len : TRUE,
               "asked for more without using what it had");
    }
  if (r.result == VIGIL_HTTP_PARSE_MORE && close)
    r.result = vigil_http_response_feed_eof (response, &error);
  require (r.result <= VIGIL_HTTP_PARSE_ERROR, "result out of range");
  require ((r.result == VIGIL_HTTP_PARSE_ERROR) == (error != NULL), "error without GError");
  if (error != NULL)
    {
      require (error->domain == VIGIL_HTTP_RESPONSE_ERROR, "foreign error domain");
      require (error->message != NULL && error->message[0] != '\0', "error without message");
      r.error_code = error->code;
    }
  r.status = vigil_http_response_get_status (response);
  require (r.status == 0 || (r.status >= 100 && r.status <= 999), "status out of range");
  require (r.result != VIGIL_HTTP_PARSE_DONE || r.status != 0, "done without a status");
  require (vigil_http_response_get_body_length (response) == r.body->len,
           "body length differs from the bytes delivered");
  require (r.body->len <= limits->max_body, "body over the limit");
  require (want_body || r.body->len == 0, "body delivered without want_body");
  vigil_http_response_free (response);
  return r;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const VigilHttpResponseLimits small = { 64, 256, 128 };
  static const VigilHttpResponseLimits normal = {
    VIGIL_HTTP_RESPONSE_MAX_LINE, VIGIL_HTTP_RESPONSE_MAX_HEADERS, VIGIL_HTTP_RESPONSE_MAX_BODY
  };
  const VigilHttpResponseLimits *limits;
  gboolean want_body, close;
  gsize piece;
  Run whole, pieces;

  if (size < 1)
    return 0;
  want_body = (data[0] & 0x01) != 0;
  limits = (data[0] & 0x02) != 0 ? &small : &normal;
  close = (data[0] & 0x04) != 0;
  piece = (gsize) (data[0] >> 3) + 1;
  data++;
  size--;

  whole = run (limits, want_body, close, data, size, size > 0 ? size : 1);
  pieces = run (limits, want_body, close, data, size, piece);
  require (whole.result == pieces.result, "result depends on how the bytes were cut");
  require (whole.status == pieces.status, "status depends on how the bytes were cut");
  require (whole.error_code == pieces.error_code, "error depends on how the bytes were cut");
  require (whole.body->len == pieces.body->len
           && (whole.body->len == 0
               || memcmp (whole.body->data, pieces.body->data, whole.body->len) == 0),
           "body depends on how the bytes were cut");
  g_byte_array_unref (whole.body);
  g_byte_array_unref (pieces.body);
  return 0;
}
