/* fuzz-dns-codec.c - libFuzzer target for DNS_CHECK's codec
 *
 * Input: one byte choosing the query (low 3 bits: the type, index into
 * A NS CNAME SOA MX TXT AAAA, 7 meaning "a type DNS_CHECK does not
 * know"; the other bits: the id's low byte), the query name as text up
 * to the first NUL, then the datagram received as the answer.
 * Seeds (corpus/dns-codec/): answers built by hand as a resolver
 * answers (SOA of the root, A, AAAA, MX, TXT with compressed records)
 * and damaged copies of them (short, wrong id, QR clear, error RCODEs,
 * compressed, looping or truncated questions).
 *
 * Whatever the bytes: the verdict is in range and consistent with the
 * header; a query's own bytes with QR set always pass and echo the
 * question; an answer never passes with another id or QR clear.
 */
#include "check/dns-codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const guint16 types[] = {
  VIGIL_DNS_TYPE_A, VIGIL_DNS_TYPE_NS, VIGIL_DNS_TYPE_CNAME, VIGIL_DNS_TYPE_SOA,
  VIGIL_DNS_TYPE_MX, VIGIL_DNS_TYPE_TXT, VIGIL_DNS_TYPE_AAAA, 0xff00,
};

static void
require (gboolean condition, const char *what)
{
  if (!condition)
    {
      g_printerr ("fuzz-dns-codec: %s\n", what);
      abort ();
    }
}

static void
exercise_own_answer (const guint8 *query, gsize query_len)
{
  guint8 answer[VIGIL_DNS_MAX_QUERY];
  VigilDnsAnswerInfo info;

  memcpy (answer, query, query_len);
  answer[2] |= 0x80;     /* QR */
  require (vigil_dns_answer_check (query, query_len, answer, query_len, &info)
           == VIGIL_DNS_ANSWER_OK, "a query's own bytes with QR set do not pass");
  require (info.question_echoed, "a query's own question is not echoed");

  answer[3] = (answer[3] & 0xf0) | 0x03; /* NXDOMAIN */
  require (vigil_dns_answer_check (query, query_len, answer, query_len, &info)
           == VIGIL_DNS_ANSWER_RCODE && info.rcode == 3, "NXDOMAIN passes");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  guint8 query[VIGIL_DNS_MAX_QUERY];
  VigilDnsAnswerInfo info;
  VigilDnsAnswerResult result;
  const guint8 *nul, *answer;
  g_autofree char *name = NULL;
  gsize query_len, name_len, answer_len;
  guint16 type, id;

  if (size < 1)
    return 0;
  type = types[data[0] & 0x07];
  id = (guint16) (0x5a00 | (data[0] >> 3));
  data++;
  size--;

  nul = memchr (data, 0, size);
  name_len = nul != NULL ? (gsize) (nul - data) : size;
  name = g_strndup ((const char *) data, name_len);
  answer = nul != NULL ? nul + 1 : data + size;
  answer_len = nul != NULL ? size - name_len - 1 : 0;

  query_len = vigil_dns_query_build (id, name, type, query, sizeof query, NULL);
  require (query_len <= VIGIL_DNS_MAX_QUERY, "query longer than VIGIL_DNS_MAX_QUERY");
  if (query_len == 0)
    return 0;
  require (query[0] == (id >> 8) && query[1] == (id & 0xff), "query carries another id");
  exercise_own_answer (query, query_len);

  result = vigil_dns_answer_check (query, query_len, answer, answer_len, &info);
  require (result < VIGIL_DNS_ANSWER_N_RESULTS, "verdict out of range");
  require (vigil_dns_answer_result_to_string (result) != NULL, "verdict without a name");
  if (result == VIGIL_DNS_ANSWER_SHORT)
    require (answer_len < VIGIL_DNS_HEADER_LEN, "a full header is called short");
  if (result >= VIGIL_DNS_ANSWER_NOT_RESPONSE)
    require (info.id == id, "an answer with another id went past the id check");
  if (vigil_dns_answer_result_is_final (result))
    require ((info.flags & 0x8000) != 0, "an answer without QR is final");
  if (result == VIGIL_DNS_ANSWER_OK)
    require (info.rcode == 0, "an error RCODE passes");
  if (result == VIGIL_DNS_ANSWER_RCODE)
    require (info.rcode != 0, "NOERROR fails");
  if (info.question_echoed)
    require (info.qdcount > 0 && answer_len >= query_len, "an echo of a question that is not there");
  return 0;
}
