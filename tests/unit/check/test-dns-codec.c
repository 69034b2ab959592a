/* test-dns-codec.c - DNS_CHECK's codec: type names, name encoding, the
 * query bytes, and the verdict on answers good and malformed.
 */
#include "check/dns-codec.h"

#include <string.h>

/* ---- names ----------------------------------------------------------------- */

static void
test_type_names (void)
{
  static const struct {
    const char *name;
    guint16 type;
  } cases[] = {
    { "A", 1 }, { "NS", 2 }, { "CNAME", 5 }, { "SOA", 6 }, { "MX", 15 },
    { "TXT", 16 }, { "AAAA", 28 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lower = g_ascii_strdown (cases[i].name, -1);

      g_assert_cmpuint (vigil_dns_type_from_string (cases[i].name), ==, cases[i].type);
      g_assert_cmpuint (vigil_dns_type_from_string (lower), ==, cases[i].type);
      g_assert_cmpstr (vigil_dns_type_to_string (cases[i].type), ==, cases[i].name);
    }
  g_assert_cmpuint (vigil_dns_type_from_string ("PTR"), ==, 0);
  g_assert_cmpuint (vigil_dns_type_from_string (""), ==, 0);
  g_assert_cmpuint (vigil_dns_type_from_string ("AAAAA"), ==, 0);
  g_assert_null (vigil_dns_type_to_string (12));
  g_assert_null (vigil_dns_type_to_string (0));
}

static void
test_rcode_and_result_names (void)
{
  g_assert_cmpstr (vigil_dns_rcode_to_string (0), ==, "NOERROR");
  g_assert_cmpstr (vigil_dns_rcode_to_string (2), ==, "SERVFAIL");
  g_assert_cmpstr (vigil_dns_rcode_to_string (3), ==, "NXDOMAIN");
  g_assert_cmpstr (vigil_dns_rcode_to_string (5), ==, "REFUSED");
  g_assert_null (vigil_dns_rcode_to_string (15));

  for (int r = 0; r < VIGIL_DNS_ANSWER_N_RESULTS; r++)
    g_assert_cmpstr (vigil_dns_answer_result_to_string (r), !=, "unknown");
  g_assert_true (vigil_dns_answer_result_is_final (VIGIL_DNS_ANSWER_OK));
  g_assert_true (vigil_dns_answer_result_is_final (VIGIL_DNS_ANSWER_RCODE));
  g_assert_false (vigil_dns_answer_result_is_final (VIGIL_DNS_ANSWER_SHORT));
  g_assert_false (vigil_dns_answer_result_is_final (VIGIL_DNS_ANSWER_ID_MISMATCH));
  g_assert_false (vigil_dns_answer_result_is_final (VIGIL_DNS_ANSWER_NOT_RESPONSE));
}

/* ---- name encoding --------------------------------------------------------- */

static char *
repeat (char c, gsize n)
{
  char *s = g_malloc (n + 1);

  memset (s, c, n);
  s[n] = '\0';
  return s;
}

static void
test_name_encode (void)
{
  static const struct {
    const char *name;
    const char *wire;       /* as a C string; NULL: invalid */
    gsize wire_len;
  } cases[] = {
    { ".", "\0", 1 },
    { "", "\0", 1 },
    { "com", "\3com\0", 5 },
    { "example.com", "\7example\3com\0", 13 },
    { "example.com.", "\7example\3com\0", 13 },
    { "Mixed.Case", "\5Mixed\4Case\0", 12 },
    { "a..b", NULL, 0 },
    { ".a", NULL, 0 },
    { "a.b..", NULL, 0 },
    { "..", NULL, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint8 buf[VIGIL_DNS_MAX_NAME];
      g_autoptr(GError) error = NULL;
      gsize n = vigil_dns_name_encode (cases[i].name, buf, sizeof buf, &error);

      g_test_message ("name '%s'", cases[i].name);
      if (cases[i].wire == NULL)
        {
          g_assert_cmpuint (n, ==, 0);
          g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME);
          g_assert_nonnull (strstr (error->message, "empty label"));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpmem (buf, n, cases[i].wire, cases[i].wire_len);
        }
    }
}

static void
test_name_limits (void)
{
  guint8 buf[VIGIL_DNS_MAX_NAME + 16];
  g_autofree char *label63 = repeat ('x', 63);
  g_autofree char *label64 = repeat ('x', 64);
  g_autofree char *long_ok = NULL, *too_long = NULL;
  g_autoptr(GError) error = NULL;
  gsize n;

  n = vigil_dns_name_encode (label63, buf, sizeof buf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 65);
  g_assert_cmpuint (buf[0], ==, 63);

  g_assert_cmpuint (vigil_dns_name_encode (label64, buf, sizeof buf, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME);
  g_clear_error (&error);

  /* 3 * 64 + 62 = 254 bytes of labels, + the root: exactly 255 */
  long_ok = g_strjoin (".", label63, label63, label63, label63 + 2, NULL);
  n = vigil_dns_name_encode (long_ok, buf, sizeof buf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 255);

  too_long = g_strjoin (".", label63, label63, label63, label63 + 1, NULL);
  g_assert_cmpuint (vigil_dns_name_encode (too_long, buf, sizeof buf, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME);
  g_clear_error (&error);

  /* a valid name, a buffer too small for it */
  g_assert_cmpuint (vigil_dns_name_encode ("example.com", buf, 12, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_dns_name_encode (".", buf, 0, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_dns_name_encode ("example.com", buf, 13, &error), ==, 13);
  g_assert_no_error (error);
}

/* ---- the query ------------------------------------------------------------- */

static void
test_query_bytes (void)
{
  static const guint8 expected[] = {
    0xbe, 0xef,             /* id */
    0x01, 0x00,             /* standard query, RD */
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
    0x00, 0x1c,             /* AAAA */
    0x00, 0x01,             /* IN */
  };
  static const guint8 root_soa[] = {
    0x00, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0, 0x00, 0x06, 0x00, 0x01,
  };
  guint8 buf[VIGIL_DNS_MAX_QUERY];
  g_autoptr(GError) error = NULL;
  gsize n;

  n = vigil_dns_query_build (0xbeef, "example.com", VIGIL_DNS_TYPE_AAAA, buf, sizeof buf, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buf, n, expected, sizeof expected);

  n = vigil_dns_query_build (7, ".", VIGIL_DNS_TYPE_SOA, buf, sizeof buf, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (buf, n, root_soa, sizeof root_soa);

  g_assert_cmpuint (vigil_dns_query_build (1, "a..b", VIGIL_DNS_TYPE_A, buf, sizeof buf, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_dns_query_build (1, "example.com", VIGIL_DNS_TYPE_A, buf, 20, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_NO_SPACE);
  g_clear_error (&error);
  g_assert_cmpuint (vigil_dns_query_build (1, ".", VIGIL_DNS_TYPE_A, buf, 16, &error), ==, 0);
  g_assert_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_NO_SPACE);
}

/* ---- answers ---------------------------------------------------------------- */

#define QUERY_ID 0x4242

/* How a case changes a well-formed answer to the query for
 * "www.example.com" A. */
typedef enum {
  EDIT_NONE,
  EDIT_TRUNCATE,          /* keep `arg` bytes */
  EDIT_ID,                /* id = arg */
  EDIT_FLAGS,             /* flags = arg */
  EDIT_QDCOUNT,           /* qdcount = arg */
  EDIT_ANCOUNT,           /* ancount = arg */
  EDIT_QNAME_UPPER,       /* the question's name in capitals */
  EDIT_QTYPE,             /* the question's type = arg */
  EDIT_QNAME_POINTER,     /* the question's name as a pointer to itself */
  EDIT_QNAME_OVERRUN,     /* the first label's length runs past the end */
} Edit;

typedef struct {
  const char *what;
  Edit edit;
  guint arg;
  VigilDnsAnswerResult result;
  guint rcode;
  gboolean echoed;
} AnswerCase;

static const AnswerCase answer_cases[] = {
  { "a good answer", EDIT_NONE, 0, VIGIL_DNS_ANSWER_OK, 0, TRUE },
  { "an empty datagram", EDIT_TRUNCATE, 0, VIGIL_DNS_ANSWER_SHORT, 0, FALSE },
  { "11 bytes", EDIT_TRUNCATE, 11, VIGIL_DNS_ANSWER_SHORT, 0, FALSE },
  { "a bare header", EDIT_TRUNCATE, 12, VIGIL_DNS_ANSWER_OK, 0, FALSE },
  { "a question cut short", EDIT_TRUNCATE, 20, VIGIL_DNS_ANSWER_OK, 0, FALSE },
  { "a question without its class", EDIT_TRUNCATE, 12 + 17 + 2, VIGIL_DNS_ANSWER_OK, 0, FALSE },
  { "another id", EDIT_ID, 0x4243, VIGIL_DNS_ANSWER_ID_MISMATCH, 0, FALSE },
  { "the id byte-swapped", EDIT_ID, 0x4242 ^ 0x0100, VIGIL_DNS_ANSWER_ID_MISMATCH, 0, FALSE },
  { "QR clear (a query)", EDIT_FLAGS, 0x0100, VIGIL_DNS_ANSWER_NOT_RESPONSE, 0, TRUE },
  { "QR clear with an error", EDIT_FLAGS, 0x0103, VIGIL_DNS_ANSWER_NOT_RESPONSE, 3, TRUE },
  { "FORMERR", EDIT_FLAGS, 0x8181, VIGIL_DNS_ANSWER_RCODE, 1, TRUE },
  { "SERVFAIL", EDIT_FLAGS, 0x8182, VIGIL_DNS_ANSWER_RCODE, 2, TRUE },
  { "NXDOMAIN", EDIT_FLAGS, 0x8583, VIGIL_DNS_ANSWER_RCODE, 3, TRUE },
  { "NOTIMP", EDIT_FLAGS, 0x8184, VIGIL_DNS_ANSWER_RCODE, 4, TRUE },
  { "REFUSED", EDIT_FLAGS, 0x8105, VIGIL_DNS_ANSWER_RCODE, 5, TRUE },
  { "an unassigned rcode", EDIT_FLAGS, 0x818f, VIGIL_DNS_ANSWER_RCODE, 15, TRUE },
  { "authoritative, no recursion", EDIT_FLAGS, 0x8400, VIGIL_DNS_ANSWER_OK, 0, TRUE },
  { "truncated (TC)", EDIT_FLAGS, 0x8380, VIGIL_DNS_ANSWER_OK, 0, TRUE },
  { "no answer records", EDIT_ANCOUNT, 0, VIGIL_DNS_ANSWER_OK, 0, TRUE },
  { "counts larger than the datagram", EDIT_ANCOUNT, 0xffff, VIGIL_DNS_ANSWER_OK, 0, TRUE },
  { "no question", EDIT_QDCOUNT, 0, VIGIL_DNS_ANSWER_OK, 0, FALSE },
  { "the name in capitals", EDIT_QNAME_UPPER, 0, VIGIL_DNS_ANSWER_OK, 0, TRUE },
  { "another type", EDIT_QTYPE, VIGIL_DNS_TYPE_MX, VIGIL_DNS_ANSWER_OK, 0, FALSE },
  { "a compressed question", EDIT_QNAME_POINTER, 0, VIGIL_DNS_ANSWER_OK, 0, FALSE },
  { "a label running off the end", EDIT_QNAME_OVERRUN, 0, VIGIL_DNS_ANSWER_OK, 0, FALSE },
};

/* www.example.com A, with one answer record 192.0.2.10 */
static gsize
good_answer (const guint8 *query, gsize query_len, guint8 *out)
{
  static const guint8 record[] = {
    0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04, 192, 0, 2, 10,
  };

  memcpy (out, query, query_len);
  out[2] = 0x81;
  out[3] = 0x80;
  out[7] = 1;
  memcpy (out + query_len, record, sizeof record);
  return query_len + sizeof record;
}

static void
test_answers (void)
{
  guint8 query[VIGIL_DNS_MAX_QUERY];
  gsize query_len;

  query_len = vigil_dns_query_build (QUERY_ID, "www.example.com", VIGIL_DNS_TYPE_A,
                                     query, sizeof query, NULL);
  g_assert_cmpuint (query_len, ==, 12 + 17 + 4);

  for (gsize i = 0; i < G_N_ELEMENTS (answer_cases); i++)
    {
      const AnswerCase *c = &answer_cases[i];
      guint8 answer[VIGIL_DNS_MAX_ANSWER];
      gsize len = good_answer (query, query_len, answer);
      VigilDnsAnswerInfo info;
      VigilDnsAnswerResult result;
      guint8 *heap;

      g_test_message ("answer: %s", c->what);
      switch (c->edit)
        {
        case EDIT_NONE:
          break;
        case EDIT_TRUNCATE:
          len = c->arg;
          break;
        case EDIT_ID:
          answer[0] = c->arg >> 8;
          answer[1] = c->arg & 0xff;
          break;
        case EDIT_FLAGS:
          answer[2] = c->arg >> 8;
          answer[3] = c->arg & 0xff;
          break;
        case EDIT_QDCOUNT:
          answer[4] = c->arg >> 8;
          answer[5] = c->arg & 0xff;
          break;
        case EDIT_ANCOUNT:
          answer[6] = c->arg >> 8;
          answer[7] = c->arg & 0xff;
          break;
        case EDIT_QNAME_UPPER:
          for (gsize k = 12; k < 12 + 17; k++)
            answer[k] = g_ascii_toupper (answer[k]);
          break;
        case EDIT_QTYPE:
          answer[12 + 17] = c->arg >> 8;
          answer[12 + 17 + 1] = c->arg & 0xff;
          break;
        case EDIT_QNAME_POINTER:
          answer[12] = 0xc0;
          answer[13] = 0x0c;
          break;
        case EDIT_QNAME_OVERRUN:
          answer[12] = 63;
          len = 12 + 20;
          break;
        }

      /* an exact-size copy, so ASan sees any read past the datagram */
      heap = g_memdup2 (answer, len);
      result = vigil_dns_answer_check (query, query_len, heap, len, &info);
      g_assert_cmpstr (vigil_dns_answer_result_to_string (result), ==,
                       vigil_dns_answer_result_to_string (c->result));
      if (result != VIGIL_DNS_ANSWER_SHORT)
        g_assert_cmpuint (info.id, ==, (guint) (answer[0] << 8 | answer[1]));
      if (result >= VIGIL_DNS_ANSWER_NOT_RESPONSE)
        {
          g_assert_cmpuint (info.rcode, ==, c->rcode);
          g_assert_cmpint (info.question_echoed, ==, c->echoed);
          g_assert_cmpuint (info.qdcount, ==, (guint) (answer[4] << 8 | answer[5]));
          g_assert_cmpuint (info.ancount, ==, (guint) (answer[6] << 8 | answer[7]));
          g_assert_cmpint (info.truncated, ==, (answer[2] & 0x02) != 0);
        }
      /* info is optional */
      g_assert_cmpint (vigil_dns_answer_check (query, query_len, heap, len, NULL), ==, result);
      g_free (heap);
    }
}

/* The root SOA query, answered the way a root server answers it
 * (authoritative, the SOA record with its names uncompressed; the
 * serial is made up). */
static void
test_root_soa_answer (void)
{
  static const guint8 answer[] = {
    0x00, 0x07, 0x84, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x06, 0x00, 0x01,
    0x00, 0x00, 0x06, 0x00, 0x01, 0x00, 0x01, 0x51, 0x80, 0x00, 0x40,
    0x01, 'a', 0x0c, 'r', 'o', 'o', 't', '-', 's', 'e', 'r', 'v', 'e', 'r', 's',
    0x03, 'n', 'e', 't', 0x00,
    0x05, 'n', 's', 't', 'l', 'd', 0x0c, 'v', 'e', 'r', 'i', 's', 'i', 'g', 'n',
    '-', 'g', 'r', 's', 0x03, 'c', 'o', 'm', 0x00,
    0x78, 0xc4, 0x07, 0x20, 0x00, 0x00, 0x07, 0x08, 0x00, 0x00, 0x03, 0x84,
    0x00, 0x09, 0x3a, 0x80, 0x00, 0x01, 0x51, 0x80,
  };
  guint8 query[VIGIL_DNS_MAX_QUERY];
  VigilDnsAnswerInfo info;
  gsize query_len;

  query_len = vigil_dns_query_build (7, ".", VIGIL_DNS_TYPE_SOA, query, sizeof query, NULL);
  g_assert_cmpint (vigil_dns_answer_check (query, query_len, answer, sizeof answer, &info),
                   ==, VIGIL_DNS_ANSWER_OK);
  g_assert_true (info.question_echoed);
  g_assert_cmpuint (info.ancount, ==, 1);

  /* the same answer to another name's query: still "the answer" (the
   * verdict does not look at the question), but not its echo */
  query_len = vigil_dns_query_build (7, "example.com", VIGIL_DNS_TYPE_SOA, query, sizeof query, NULL);
  g_assert_cmpint (vigil_dns_answer_check (query, query_len, answer, sizeof answer, &info),
                   ==, VIGIL_DNS_ANSWER_OK);
  g_assert_false (info.question_echoed);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dns-codec/type-names", test_type_names);
  g_test_add_func ("/dns-codec/rcode-and-result-names", test_rcode_and_result_names);
  g_test_add_func ("/dns-codec/name-encode", test_name_encode);
  g_test_add_func ("/dns-codec/name-limits", test_name_limits);
  g_test_add_func ("/dns-codec/query-bytes", test_query_bytes);
  g_test_add_func ("/dns-codec/answers", test_answers);
  g_test_add_func ("/dns-codec/root-soa-answer", test_root_soa_answer);
  return g_test_run ();
}
