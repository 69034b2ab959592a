/* test-http-response.c - the bounded HTTP response parser and the GET request
 *
 * Every table case is fed whole, split in two at every byte boundary, and
 * one byte at a time: the result must not depend on how TCP cut it.
 */
#include <string.h>
#include "check/http-request.h"
#include "check/http-response.h"

#define NO_ERROR (-1)

typedef struct {
  const char *name;
  const char *input;
  gboolean want_body;
  gboolean close;            /* the peer closes after the input */
  VigilHttpParseResult result;
  guint status;
  const char *body;          /* with want_body */
  int error_code;            /* VigilHttpResponseError or NO_ERROR */
} ParseCase;

static const ParseCase parse_cases[] = {
  /* good responses */
  { "status-only", "HTTP/1.0 200 OK\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_DONE, 200, NULL, NO_ERROR },
  { "status-only-ignores-rest", "HTTP/1.1 503 Busy\r\nServer: x\r\n\r\nbody", FALSE, FALSE,
    VIGIL_HTTP_PARSE_DONE, 503, NULL, NO_ERROR },
  { "status-no-reason", "HTTP/1.1 404\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_DONE, 404, NULL, NO_ERROR },
  { "bare-lf", "HTTP/1.0 200 OK\nContent-Length: 2\n\nhi", TRUE, FALSE, VIGIL_HTTP_PARSE_DONE,
    200, "hi", NO_ERROR },
  { "content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", TRUE, FALSE,
    VIGIL_HTTP_PARSE_DONE, 200, "hello", NO_ERROR },
  { "content-length-extra-ignored", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhello", TRUE,
    FALSE, VIGIL_HTTP_PARSE_DONE, 200, "he", NO_ERROR },
  { "content-length-zero", "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_DONE, 200, "", NO_ERROR },
  { "content-length-list-equal", "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc", TRUE,
    FALSE, VIGIL_HTTP_PARSE_DONE, 200, "abc", NO_ERROR },
  { "until-close", "HTTP/1.0 200 OK\r\nServer: test\r\n\r\nall of it", TRUE, TRUE,
    VIGIL_HTTP_PARSE_DONE, 200, "all of it", NO_ERROR },
  { "until-close-open", "HTTP/1.0 200 OK\r\n\r\nsome", TRUE, FALSE, VIGIL_HTTP_PARSE_MORE,
    200, "some", NO_ERROR },
  { "chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n", TRUE, FALSE, VIGIL_HTTP_PARSE_DONE, 200,
    "hello, world", NO_ERROR },
  { "chunked-trailers-upper-hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
    "A\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n", TRUE, FALSE, VIGIL_HTTP_PARSE_DONE, 200,
    "0123456789", NO_ERROR },
  { "chunked-wins-over-length", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n"
    "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_DONE, 200, "ok", NO_ERROR },
  { "other-coding-until-close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz", TRUE,
    TRUE, VIGIL_HTTP_PARSE_DONE, 200, "zzz", NO_ERROR },
  { "interim-100-skipped", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early\r\nLink: x\r\n\r\n"
    "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx", TRUE, FALSE, VIGIL_HTTP_PARSE_DONE,
    201, "x", NO_ERROR },
  { "interim-without-body", "HTTP/1.1 100 Continue\r\nA: b\r\n\r\nHTTP/1.1 500 Oops\r\n", FALSE,
    FALSE, VIGIL_HTTP_PARSE_DONE, 500, NULL, NO_ERROR },
  { "no-content", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_DONE, 204, "", NO_ERROR },
  { "folded-header", "HTTP/1.1 200 OK\r\nX-A: one\r\n  two\r\nContent-Length: 1\r\n\r\n!", TRUE,
    FALSE, VIGIL_HTTP_PARSE_DONE, 200, "!", NO_ERROR },

  /* hostile or broken */
  { "empty", "", FALSE, TRUE, VIGIL_HTTP_PARSE_ERROR, 0, NULL, VIGIL_HTTP_RESPONSE_ERROR_EMPTY },
  { "garbage", "SSH-2.0-OpenSSH_9.2\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP },
  { "garbage-no-newline", "\x16\x03\x01\x02\x00", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP },
  { "leading-blank-line", "\r\nHTTP/1.1 200 OK\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0,
    NULL, VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP },
  { "http2", "HTTP/2 200\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE },
  { "version-2.0", "HTTP/2.0 200 OK\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE },
  { "status-letters", "HTTP/1.1 2x0 OK\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE },
  { "status-four-digits", "HTTP/1.1 2000 OK\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE },
  { "status-too-small", "HTTP/1.1 099 Low\r\n", FALSE, FALSE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_BAD_STATUS_LINE },
  { "closed-in-status", "HTTP/1.1 20", FALSE, TRUE, VIGIL_HTTP_PARSE_ERROR, 0, NULL,
    VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED },
  { "closed-in-headers", "HTTP/1.1 200 OK\r\nServer: x\r\n", TRUE, TRUE, VIGIL_HTTP_PARSE_ERROR,
    200, "", VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED },
  { "header-no-colon", "HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER },
  { "header-space-in-name", "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER },
  { "first-header-folded", "HTTP/1.1 200 OK\r\n folded\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER },
  { "content-length-negative", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH },
  { "content-length-overflow", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
    TRUE, FALSE, VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH },
  { "content-length-conflict", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
    TRUE, FALSE, VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_CONTENT_LENGTH },
  { "content-length-huge", "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n", TRUE, FALSE,
    VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE },
  { "content-length-short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", TRUE, TRUE,
    VIGIL_HTTP_PARSE_ERROR, 200, "abc", VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED },
  { "chunk-size-garbage", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", TRUE,
    FALSE, VIGIL_HTTP_PARSE_ERROR, 200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK },
  { "chunk-size-overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "1ffffffffffffffffff\r\n", TRUE, FALSE, VIGIL_HTTP_PARSE_ERROR, 200, "",
    VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK },
  { "chunk-size-huge", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "fffffffffffffff\r\n", TRUE, FALSE, VIGIL_HTTP_PARSE_ERROR, 200, "",
    VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE },
  { "chunk-longer-than-size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "2\r\nabc\r\n0\r\n\r\n", TRUE, FALSE, VIGIL_HTTP_PARSE_ERROR, 200, "ab",
    VIGIL_HTTP_RESPONSE_ERROR_BAD_CHUNK },
  { "chunked-closed-early", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", TRUE,
    TRUE, VIGIL_HTTP_PARSE_ERROR, 200, "ab", VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED },
  { "chunked-no-last-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n",
    TRUE, TRUE, VIGIL_HTTP_PARSE_ERROR, 200, "ab", VIGIL_HTTP_RESPONSE_ERROR_TRUNCATED },
  { "nul-in-header", "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n", TRUE, FALSE, VIGIL_HTTP_PARSE_ERROR,
    200, "", VIGIL_HTTP_RESPONSE_ERROR_BAD_HEADER },
};

/* The input of a case: table strings may hold a NUL, so measure by the
 * literal where it matters. */
static gsize
case_length (const ParseCase *c)
{
  if (strcmp (c->name, "nul-in-header") == 0)
    return sizeof "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n" - 1;
  return strlen (c->input);
}

typedef struct {
  VigilHttpParseResult result;
  guint status;
  GString *body;
  GError *error;
  gsize consumed;
} Outcome;

static void
collect_body (const guint8 *data, gsize len, gpointer user_data)
{
  g_string_append_len (user_data, (const char *) data, (gssize) len);
}

static void
outcome_clear (Outcome *outcome)
{
  g_string_free (outcome->body, TRUE);
  g_clear_error (&outcome->error);
}

/* Feed `input` cut at the offsets in `cuts` (ascending, 0 < cut < len). */
static Outcome
run_parser (const VigilHttpResponseLimits *limits, const guint8 *input, gsize len,
            gboolean want_body, gboolean close, const gsize *cuts, guint n_cuts)
{
  Outcome outcome = { 0 };
  g_autoptr(VigilHttpResponse) response = NULL;
  gsize start = 0;

  outcome.body = g_string_new (NULL);
  response = vigil_http_response_new (limits, want_body, collect_body, outcome.body);
  outcome.result = VIGIL_HTTP_PARSE_MORE;
  for (guint i = 0; i <= n_cuts && outcome.result == VIGIL_HTTP_PARSE_MORE; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;
      gsize used = 0;

      outcome.result = vigil_http_response_feed (response, input + start, end - start, &used,
                                                 &outcome.error);
      g_assert_cmpuint (used, <=, end - start);
      outcome.consumed += used;
      start = end;
    }
  if (outcome.result == VIGIL_HTTP_PARSE_MORE && close)
    outcome.result = vigil_http_response_feed_eof (response, &outcome.error);
  outcome.status = vigil_http_response_get_status (response);
  return outcome;
}

static void
check_outcome (const ParseCase *c, const Outcome *outcome, const char *how)
{
  if (outcome->result != c->result)
    g_error ("%s (%s): result %s, expected %s (%s)", c->name, how,
             vigil_http_parse_result_to_string (outcome->result),
             vigil_http_parse_result_to_string (c->result),
             outcome->error ? outcome->error->message : "no error");
  g_assert_cmpuint (outcome->status, ==, c->status);
  if (c->want_body)
    g_assert_cmpstr (outcome->body->str, ==, c->body);
  else
    g_assert_cmpuint (outcome->body->len, ==, 0);
  if (c->error_code == NO_ERROR)
    g_assert_no_error (outcome->error);
  else
    {
      g_assert_error (outcome->error, VIGIL_HTTP_RESPONSE_ERROR, c->error_code);
      g_assert_nonnull (vigil_http_response_error_to_string (c->error_code));
    }
}

static void
test_parse_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      const guint8 *input = (const guint8 *) c->input;
      gsize len = case_length (c);
      g_autofree gsize *every = g_new (gsize, len + 1);
      Outcome outcome;

      outcome = run_parser (NULL, input, len, c->want_body, c->close, NULL, 0);
      check_outcome (c, &outcome, "whole");
      outcome_clear (&outcome);

      for (gsize cut = 1; cut < len; cut++)
        {
          outcome = run_parser (NULL, input, len, c->want_body, c->close, &cut, 1);
          check_outcome (c, &outcome, "split");
          outcome_clear (&outcome);
        }

      for (gsize cut = 1; cut < len; cut++)
        every[cut - 1] = cut;
      outcome = run_parser (NULL, input, len, c->want_body, c->close, every,
                            len > 0 ? (guint) (len - 1) : 0);
      check_outcome (c, &outcome, "bytewise");
      outcome_clear (&outcome);
    }
}

static void
test_headers (void)
{
  static const char input[] =
    "HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\nX-Empty:\r\n"
    "content-length: 3\r\n\r\nabc";
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, TRUE, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (vigil_http_response_get_reason (response));
  g_assert_cmpint (vigil_http_response_get_minor_version (response), ==, -1);
  g_assert_cmpint (vigil_http_response_feed (response, (const guint8 *) input,
                                             sizeof input - 1, NULL, &error),
                   ==, VIGIL_HTTP_PARSE_DONE);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_http_response_get_status (response), ==, 301);
  g_assert_cmpstr (vigil_http_response_get_reason (response), ==, "Moved Permanently");
  g_assert_cmpint (vigil_http_response_get_minor_version (response), ==, 1);
  g_assert_cmpstr (vigil_http_response_get_header (response, "LOCATION"), ==, "/new");
  g_assert_cmpstr (vigil_http_response_get_header (response, "x-empty"), ==, "");
  g_assert_null (vigil_http_response_get_header (response, "Server"));
  g_assert_cmpint (vigil_http_response_get_content_length (response), ==, 3);
  g_assert_false (vigil_http_response_is_chunked (response));
  g_assert_cmpuint (vigil_http_response_get_body_length (response), ==, 3);
  /* done: more bytes and the close change nothing */
  g_assert_cmpint (vigil_http_response_feed (response, (const guint8 *) "zz", 2, NULL, NULL),
                   ==, VIGIL_HTTP_PARSE_DONE);
  g_assert_cmpint (vigil_http_response_feed_eof (response, NULL), ==, VIGIL_HTTP_PARSE_DONE);
}

static void
test_error_is_sticky (void)
{
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, FALSE, NULL, NULL);
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) again = NULL;

  g_assert_cmpint (vigil_http_response_feed (response, (const guint8 *) "<html>", 6, NULL, &first),
                   ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_cmpint (vigil_http_response_feed (response, (const guint8 *) "HTTP/1.0 200 OK\r\n", 17,
                                             NULL, &again),
                   ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_cmpstr (first->message, ==, again->message);
  g_clear_error (&again);
  g_assert_cmpint (vigil_http_response_feed_eof (response, &again), ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (again, VIGIL_HTTP_RESPONSE_ERROR, VIGIL_HTTP_RESPONSE_ERROR_NOT_HTTP);
  g_assert_cmpuint (vigil_http_response_get_status (response), ==, 0);
}

/* ---- hostile servers with megabytes: bounded, and stopped early ---- */

static guint8 *
repeat (const char *head, char fill, gsize total)
{
  guint8 *buf = g_malloc (total);
  gsize head_len = strlen (head);

  memcpy (buf, head, head_len);
  memset (buf + head_len, fill, total - head_len);
  return buf;
}

static void
feed_in_pieces (VigilHttpResponse *response, const guint8 *data, gsize len,
                VigilHttpParseResult *result, gsize *consumed, GError **error)
{
  *consumed = 0;
  *result = VIGIL_HTTP_PARSE_MORE;
  for (gsize off = 0; off < len && *result == VIGIL_HTTP_PARSE_MORE; off += 16384)
    {
      gsize used = 0;

      *result = vigil_http_response_feed (response, data + off, MIN (16384, len - off), &used,
                                          error);
      *consumed += used;
    }
}

static void
test_megabyte_status_line (void)
{
  gsize total = 1024 * 1024;
  g_autofree guint8 *input = repeat ("HTTP/1.1 200 ", 'A', total);
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, FALSE, NULL, NULL);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult result;
  gsize consumed;

  feed_in_pieces (response, input, total, &result, &consumed, &error);
  g_assert_cmpint (result, ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (error, VIGIL_HTTP_RESPONSE_ERROR,
                  VIGIL_HTTP_RESPONSE_ERROR_STATUS_LINE_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "status line too long"));
  /* it stopped within the first piece after the limit */
  g_assert_cmpuint (consumed, <=, VIGIL_HTTP_RESPONSE_MAX_LINE + 16384);
}

static void
test_megabyte_header_line (void)
{
  gsize total = 1024 * 1024;
  g_autofree guint8 *input = repeat ("HTTP/1.1 200 OK\r\nX-Big: ", 'b', total);
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, TRUE, NULL, NULL);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult result;
  gsize consumed;

  feed_in_pieces (response, input, total, &result, &consumed, &error);
  g_assert_cmpint (result, ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (error, VIGIL_HTTP_RESPONSE_ERROR, VIGIL_HTTP_RESPONSE_ERROR_HEADER_TOO_LONG);
}

static void
test_endless_headers (void)
{
  GString *input = g_string_new ("HTTP/1.1 200 OK\r\n");
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, TRUE, NULL, NULL);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult result;
  gsize consumed;

  while (input->len < 1024 * 1024)
    g_string_append (input, "X-Header: some value\r\n");
  feed_in_pieces (response, (const guint8 *) input->str, input->len, &result, &consumed, &error);
  g_assert_cmpint (result, ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (error, VIGIL_HTTP_RESPONSE_ERROR, VIGIL_HTTP_RESPONSE_ERROR_HEADERS_TOO_LARGE);
  g_assert_cmpuint (consumed, <=, VIGIL_HTTP_RESPONSE_MAX_HEADERS + 16384);
  g_string_free (input, TRUE);
}

static void
test_endless_interim_responses (void)
{
  GString *input = g_string_new (NULL);
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, FALSE, NULL, NULL);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult result;
  gsize consumed;

  while (input->len < 1024 * 1024)
    g_string_append (input, "HTTP/1.1 100 Continue\r\n\r\n");
  feed_in_pieces (response, (const guint8 *) input->str, input->len, &result, &consumed, &error);
  g_assert_cmpint (result, ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (error, VIGIL_HTTP_RESPONSE_ERROR, VIGIL_HTTP_RESPONSE_ERROR_HEADERS_TOO_LARGE);
  g_string_free (input, TRUE);
}

static void
test_endless_body (void)
{
  static const char head[] = "HTTP/1.0 200 OK\r\n\r\n";
  g_autofree guint8 *chunk = repeat ("", 'x', 65536);
  GString *body = g_string_new (NULL);
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, TRUE, collect_body, body);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult result;
  guint rounds = 0;

  g_assert_cmpint (vigil_http_response_feed (response, (const guint8 *) head, sizeof head - 1,
                                             NULL, &error),
                   ==, VIGIL_HTTP_PARSE_MORE);
  do
    {
      result = vigil_http_response_feed (response, chunk, 65536, NULL, &error);
      rounds++;
    }
  while (result == VIGIL_HTTP_PARSE_MORE && rounds < 1000);
  g_assert_cmpint (result, ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (error, VIGIL_HTTP_RESPONSE_ERROR, VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE);
  /* the body never went past the limit */
  g_assert_cmpuint (body->len, <=, VIGIL_HTTP_RESPONSE_MAX_BODY);
  g_assert_cmpuint (rounds, ==, VIGIL_HTTP_RESPONSE_MAX_BODY / 65536 + 1);
  g_string_free (body, TRUE);
}

static void
test_endless_chunks (void)
{
  GString *input = g_string_new ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
  g_autoptr(VigilHttpResponse) response = vigil_http_response_new (NULL, TRUE, NULL, NULL);
  g_autoptr(GError) error = NULL;
  VigilHttpParseResult result;
  gsize consumed;

  while (input->len < 3 * 1024 * 1024)
    g_string_append (input, "10\r\n0123456789abcdef\r\n");
  feed_in_pieces (response, (const guint8 *) input->str, input->len, &result, &consumed, &error);
  g_assert_cmpint (result, ==, VIGIL_HTTP_PARSE_ERROR);
  g_assert_error (error, VIGIL_HTTP_RESPONSE_ERROR, VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE);
  g_assert_cmpuint (vigil_http_response_get_body_length (response), <=,
                    VIGIL_HTTP_RESPONSE_MAX_BODY);
  g_string_free (input, TRUE);
}

static void
test_small_limits (void)
{
  VigilHttpResponseLimits limits = { .max_line = 20, .max_headers = 40, .max_body = 4 };
  static const char ok[] = "HTTP/1.1 200 OK\r\nA: 1\r\n\r\nabcd";
  static const char line[] = "HTTP/1.1 200 OK\r\nA: 12345678901234567890\r\n\r\n";
  static const char body[] = "HTTP/1.1 200 OK\r\n\r\nabcde";
  Outcome outcome;

  outcome = run_parser (&limits, (const guint8 *) ok, sizeof ok - 1, TRUE, TRUE, NULL, 0);
  g_assert_no_error (outcome.error);
  g_assert_cmpstr (outcome.body->str, ==, "abcd");
  outcome_clear (&outcome);
  /* exactly max_line bytes (with the CR) is allowed: "HTTP/1.1 200 OK\r" is 16 */
  outcome = run_parser (&limits, (const guint8 *) line, sizeof line - 1, TRUE, TRUE, NULL, 0);
  g_assert_error (outcome.error, VIGIL_HTTP_RESPONSE_ERROR,
                  VIGIL_HTTP_RESPONSE_ERROR_HEADER_TOO_LONG);
  outcome_clear (&outcome);
  outcome = run_parser (&limits, (const guint8 *) body, sizeof body - 1, TRUE, TRUE, NULL, 0);
  g_assert_error (outcome.error, VIGIL_HTTP_RESPONSE_ERROR,
                  VIGIL_HTTP_RESPONSE_ERROR_BODY_TOO_LARGE);
  outcome_clear (&outcome);
}

/* ---- the request ---- */

typedef struct {
  const char *path;
  const char *virtualhost;
  const char *address;
  guint16 port;
  VigilConfHttpProtocol protocol;
  const char *expected;     /* NULL: refused */
} RequestCase;

static const RequestCase request_cases[] = {
  { "/", NULL, "192.0.2.10", 80, VIGIL_CONF_HTTP_1_0,
    "GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 192.0.2.10:80\r\n\r\n" },
  { "/health?x=1", "www.example.org", "192.0.2.10", 8080, VIGIL_CONF_HTTP_1_0C,
    "GET /health?x=1 HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
    "Host: www.example.org\r\n\r\n" },
  { "/index.html", NULL, "2001:db8::10", 443, VIGIL_CONF_HTTP_1_1,
    "GET /index.html HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
    "Host: [2001:db8::10]:443\r\n\r\n" },
  { "/a b", NULL, "192.0.2.10", 80, VIGIL_CONF_HTTP_1_0, NULL },
  { "/\r\nX-Injected: 1", NULL, "192.0.2.10", 80, VIGIL_CONF_HTTP_1_0, NULL },
  { "", NULL, "192.0.2.10", 80, VIGIL_CONF_HTTP_1_0, NULL },
  { "/", "evil\r\nHost: other", "192.0.2.10", 80, VIGIL_CONF_HTTP_1_0, NULL },
};

static void
test_request_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (request_cases); i++)
    {
      const RequestCase *c = &request_cases[i];
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (c->address,
                                                                                 c->port);
      g_autoptr(GError) error = NULL;
      g_autofree char *request = vigil_http_request_build (c->path, c->virtualhost,
                                                           G_INET_SOCKET_ADDRESS (address),
                                                           c->protocol, &error);

      if (c->expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (request, ==, c->expected);
        }
      else
        {
          g_assert_null (request);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        }
    }
}

static void
test_request_virtualhost (void)
{
  VigilConfChecker checker = { .virtualhost = (char *) "checker.example" };
  VigilConfUrl url = { .path = (char *) "/" };
  VigilConfUrl own = { .path = (char *) "/", .virtualhost = (char *) "url.example" };

  g_assert_cmpstr (vigil_http_request_virtualhost (&checker, &url), ==, "checker.example");
  g_assert_cmpstr (vigil_http_request_virtualhost (&checker, &own), ==, "url.example");
  checker.virtualhost = NULL;
  g_assert_null (vigil_http_request_virtualhost (&checker, &url));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/http-response/table", test_parse_table);
  g_test_add_func ("/http-response/headers", test_headers);
  g_test_add_func ("/http-response/error-is-sticky", test_error_is_sticky);
  g_test_add_func ("/http-response/megabyte-status-line", test_megabyte_status_line);
  g_test_add_func ("/http-response/megabyte-header-line", test_megabyte_header_line);
  g_test_add_func ("/http-response/endless-headers", test_endless_headers);
  g_test_add_func ("/http-response/endless-interim-responses", test_endless_interim_responses);
  g_test_add_func ("/http-response/endless-body", test_endless_body);
  g_test_add_func ("/http-response/endless-chunks", test_endless_chunks);
  g_test_add_func ("/http-response/small-limits", test_small_limits);
  g_test_add_func ("/http-request/table", test_request_table);
  g_test_add_func ("/http-request/virtualhost", test_request_virtualhost);
  return g_test_run ();
}
