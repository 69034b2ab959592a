/* dns-codec.c - the DNS messages of DNS_CHECK (RFC 1035), no I/O
 *
 * Wire layout (RFC 1035 4.1): a 12-byte header (id, flags, four
 * counts), then the question: a name as length-prefixed labels ending
 * with the zero-length root label, QTYPE, QCLASS.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/dns-codec.h"
#include "i18n.h"

#include <string.h>

#define FLAG_QR      0x8000u
#define FLAG_TC      0x0200u
#define FLAG_RD      0x0100u
#define RCODE_MASK   0x000fu
#define POINTER_BITS 0xc0u

G_DEFINE_QUARK (vigil-dns-error-quark, vigil_dns_error)

static const struct {
  guint16 type;
  const char *name;
} dns_types[] = {
  { VIGIL_DNS_TYPE_A, "A" },
  { VIGIL_DNS_TYPE_NS, "NS" },
  { VIGIL_DNS_TYPE_CNAME, "CNAME" },
  { VIGIL_DNS_TYPE_SOA, "SOA" },
  { VIGIL_DNS_TYPE_MX, "MX" },
  { VIGIL_DNS_TYPE_TXT, "TXT" },
  { VIGIL_DNS_TYPE_AAAA, "AAAA" },
};

guint16
vigil_dns_type_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (dns_types); i++)
    if (g_ascii_strcasecmp (name, dns_types[i].name) == 0)
      return dns_types[i].type;
  return 0;
}

const char *
vigil_dns_type_to_string (guint16 type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (dns_types); i++)
    if (dns_types[i].type == type)
      return dns_types[i].name;
  return NULL;
}

const char *
vigil_dns_rcode_to_string (guint rcode)
{
  static const char *const names[] = {
    "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
    "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI",
  };

  return rcode < G_N_ELEMENTS (names) ? names[rcode] : NULL;
}

const char *
vigil_dns_answer_result_to_string (VigilDnsAnswerResult result)
{
  switch (result)
    {
    case VIGIL_DNS_ANSWER_OK: return "ok";
    case VIGIL_DNS_ANSWER_SHORT: return "short";
    case VIGIL_DNS_ANSWER_ID_MISMATCH: return "id-mismatch";
    case VIGIL_DNS_ANSWER_NOT_RESPONSE: return "not-response";
    case VIGIL_DNS_ANSWER_RCODE: return "rcode";
    case VIGIL_DNS_ANSWER_N_RESULTS: break;
    }
  return "unknown";
}

gboolean
vigil_dns_answer_result_is_final (VigilDnsAnswerResult result)
{
  return result == VIGIL_DNS_ANSWER_OK || result == VIGIL_DNS_ANSWER_RCODE;
}

static guint16
get16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static void
put16 (guint8 *p, guint16 value)
{
  p[0] = value >> 8;
  p[1] = value & 0xff;
}

gsize
vigil_dns_name_encode (const char *name, guint8 *buf, gsize buf_len, GError **error)
{
  gsize out = 0;
  const char *label = name;

  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (buf != NULL || buf_len == 0, 0);

  /* "." and "" are the root: just the root label. */
  if (strcmp (name, ".") == 0)
    label = "";

  while (*label != '\0')
    {
      const char *dot = strchr (label, '.');
      gsize len = dot != NULL ? (gsize) (dot - label) : strlen (label);

      if (len == 0)
        {
          g_set_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME,
                       _("invalid DNS name '%s': empty label"), name);
          return 0;
        }
      if (len > VIGIL_DNS_MAX_LABEL)
        {
          g_set_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME,
                       _("invalid DNS name '%s': a label is longer than %d bytes"),
                       name, VIGIL_DNS_MAX_LABEL);
          return 0;
        }
      /* this label, and at least the root label after it */
      if (out + 1 + len + 1 > VIGIL_DNS_MAX_NAME)
        {
          g_set_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_INVALID_NAME,
                       _("invalid DNS name '%s': longer than %d bytes"),
                       name, VIGIL_DNS_MAX_NAME);
          return 0;
        }
      if (out + 1 + len + 1 > buf_len)
        goto no_space;
      buf[out++] = (guint8) len;
      memcpy (buf + out, label, len);
      out += len;
      label = dot != NULL ? dot + 1 : label + len;
    }

  if (out + 1 > buf_len)
    goto no_space;
  buf[out++] = 0;
  return out;

no_space:
  g_set_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_NO_SPACE,
               _("DNS name '%s' does not fit in %u bytes"), name, (guint) MIN (buf_len, G_MAXUINT));
  return 0;
}

gsize
vigil_dns_query_build (guint16 id, const char *name, guint16 type,
                       guint8 *buf, gsize buf_len, GError **error)
{
  gsize name_len;

  g_return_val_if_fail (name != NULL, 0);
  g_return_val_if_fail (buf != NULL, 0);

  if (buf_len < VIGIL_DNS_HEADER_LEN + 1 + 4)
    {
      g_set_error (error, VIGIL_DNS_ERROR, VIGIL_DNS_ERROR_NO_SPACE,
                   _("a DNS query does not fit in %u bytes"), (guint) MIN (buf_len, G_MAXUINT));
      return 0;
    }
  name_len = vigil_dns_name_encode (name, buf + VIGIL_DNS_HEADER_LEN,
                                    buf_len - VIGIL_DNS_HEADER_LEN - 4, error);
  if (name_len == 0)
    return 0;

  memset (buf, 0, VIGIL_DNS_HEADER_LEN);
  put16 (buf, id);
  put16 (buf + 2, FLAG_RD);     /* a standard query, recursion desired */
  put16 (buf + 4, 1);           /* QDCOUNT */
  put16 (buf + VIGIL_DNS_HEADER_LEN + name_len, type);
  put16 (buf + VIGIL_DNS_HEADER_LEN + name_len + 2, VIGIL_DNS_CLASS_IN);
  return VIGIL_DNS_HEADER_LEN + name_len + 4;
}

/* The length of the uncompressed wire name at msg[offset], root label
 * included, or 0 when it is compressed, malformed or runs past len. */
static gsize
wire_name_length (const guint8 *msg, gsize len, gsize offset)
{
  gsize at = offset;

  while (at < len)
    {
      guint8 label = msg[at];

      if (label == 0)
        return at + 1 - offset;
      if ((label & POINTER_BITS) != 0 || at + 1 - offset + label > VIGIL_DNS_MAX_NAME)
        return 0;
      at += 1 + label;
    }
  return 0;
}

/* Whether the answer's first question is the query's: the same name
 * (ASCII case aside, RFC 4343), type and class. */
static gboolean
question_echoed (const guint8 *query, gsize query_len, const guint8 *answer, gsize answer_len)
{
  gsize q_name, a_name;

  if (get16 (answer + 4) == 0)
    return FALSE;
  q_name = wire_name_length (query, query_len, VIGIL_DNS_HEADER_LEN);
  a_name = wire_name_length (answer, answer_len, VIGIL_DNS_HEADER_LEN);
  if (q_name == 0 || a_name != q_name
      || VIGIL_DNS_HEADER_LEN + q_name + 4 > query_len
      || VIGIL_DNS_HEADER_LEN + a_name + 4 > answer_len)
    return FALSE;
  /* Length bytes are below 64, never ASCII letters: one case-blind
   * walk compares the labels and their lengths alike. */
  for (gsize i = 0; i < q_name; i++)
    if (g_ascii_tolower (query[VIGIL_DNS_HEADER_LEN + i])
        != g_ascii_tolower (answer[VIGIL_DNS_HEADER_LEN + i]))
      return FALSE;
  return memcmp (query + VIGIL_DNS_HEADER_LEN + q_name,
                 answer + VIGIL_DNS_HEADER_LEN + a_name, 4) == 0;
}

VigilDnsAnswerResult
vigil_dns_answer_check (const guint8 *query, gsize query_len,
                        const guint8 *answer, gsize answer_len,
                        VigilDnsAnswerInfo *info)
{
  VigilDnsAnswerInfo local;
  VigilDnsAnswerInfo *out = info != NULL ? info : &local;

  g_return_val_if_fail (query != NULL && query_len >= VIGIL_DNS_HEADER_LEN,
                        VIGIL_DNS_ANSWER_SHORT);
  g_return_val_if_fail (answer != NULL || answer_len == 0, VIGIL_DNS_ANSWER_SHORT);

  memset (out, 0, sizeof *out);
  if (answer_len < VIGIL_DNS_HEADER_LEN)
    return VIGIL_DNS_ANSWER_SHORT;

  out->id = get16 (answer);
  if (out->id != get16 (query))
    return VIGIL_DNS_ANSWER_ID_MISMATCH;

  out->flags = get16 (answer + 2);
  out->rcode = out->flags & RCODE_MASK;
  out->truncated = (out->flags & FLAG_TC) != 0;
  out->qdcount = get16 (answer + 4);
  out->ancount = get16 (answer + 6);
  out->nscount = get16 (answer + 8);
  out->arcount = get16 (answer + 10);
  out->question_echoed = question_echoed (query, query_len, answer, answer_len);

  if ((out->flags & FLAG_QR) == 0)
    return VIGIL_DNS_ANSWER_NOT_RESPONSE;
  if (out->rcode != 0)
    return VIGIL_DNS_ANSWER_RCODE;
  return VIGIL_DNS_ANSWER_OK;
}
