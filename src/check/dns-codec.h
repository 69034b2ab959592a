/* dns-codec.h - the DNS messages of DNS_CHECK (RFC 1035), no I/O
 *
 * Pure: a query is built from a name, a type and an id the caller
 * chooses; an answer is judged against the query that was sent. No
 * sockets, no clock, no randomness, no globals.
 *
 * The verdict follows keepalived's DNS_CHECK: a datagram shorter than a
 * header, with another id, or without the QR bit is not the answer (the
 * checker keeps waiting for it until the timeout); an answer whose RCODE
 * is not NOERROR fails the check; any other answer passes. The question
 * section and the record counts are decoded too, for the logs, but do
 * not change the verdict: keepalived does not look at them, and a site
 * whose server passes keepalived's check must see it pass vigil's.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_DNS_HEADER_LEN   12
#define VIGIL_DNS_MAX_NAME     255     /* encoded, with the root label */
#define VIGIL_DNS_MAX_LABEL    63
/* header + longest name + QTYPE + QCLASS */
#define VIGIL_DNS_MAX_QUERY    (VIGIL_DNS_HEADER_LEN + VIGIL_DNS_MAX_NAME + 4)
/* What DNS_CHECK reads: a plain UDP answer (RFC 1035 4.2.1). */
#define VIGIL_DNS_MAX_ANSWER   512

#define VIGIL_DNS_CLASS_IN     1

#define VIGIL_DNS_ERROR (vigil_dns_error_quark ())
GQuark vigil_dns_error_quark (void);

typedef enum {
  VIGIL_DNS_ERROR_INVALID_NAME,   /* a name that cannot be encoded */
  VIGIL_DNS_ERROR_NO_SPACE,       /* the caller's buffer is too small */
} VigilDnsError;

/* The record types DNS_CHECK's `type` accepts, with their RFC values. */
typedef enum {
  VIGIL_DNS_TYPE_A = 1,
  VIGIL_DNS_TYPE_NS = 2,
  VIGIL_DNS_TYPE_CNAME = 5,
  VIGIL_DNS_TYPE_SOA = 6,
  VIGIL_DNS_TYPE_MX = 15,
  VIGIL_DNS_TYPE_TXT = 16,
  VIGIL_DNS_TYPE_AAAA = 28,
} VigilDnsType;

/* The type called `name` ("A", "soa": case does not matter), or 0 when
 * DNS_CHECK does not know it. */
guint16 vigil_dns_type_from_string (const char *name);
/* "A", "SOA", ...; NULL for a type DNS_CHECK does not know. */
const char *vigil_dns_type_to_string (guint16 type);

/* "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
 * ... (RFC 1035, 2136, 6895); "RCODE<n>" style names are left to the
 * caller: NULL for an unassigned code. */
const char *vigil_dns_rcode_to_string (guint rcode);

/* Encode `name` (dotted text; "." or "" for the root; one trailing dot
 * allowed) as a wire name into buf. Returns its length, or 0 with
 * `error` set (VIGIL_DNS_ERROR_INVALID_NAME) when a label is empty or
 * longer than 63 bytes or the encoded name is longer than 255 bytes, or
 * (VIGIL_DNS_ERROR_NO_SPACE) when buf is too small. */
gsize vigil_dns_name_encode (const char *name, guint8 *buf, gsize buf_len, GError **error);

/* Build the query DNS_CHECK sends: header with `id`, RD set, one
 * question (name, type, class IN). Returns its length (at most
 * VIGIL_DNS_MAX_QUERY), or 0 with `error` set (see name_encode). */
gsize vigil_dns_query_build (guint16 id, const char *name, guint16 type,
                             guint8 *buf, gsize buf_len, GError **error);

/* What a received datagram is, in the order of the checks. */
typedef enum {
  VIGIL_DNS_ANSWER_OK = 0,        /* the answer, NOERROR: the check passes */
  VIGIL_DNS_ANSWER_SHORT,         /* shorter than a header: not the answer */
  VIGIL_DNS_ANSWER_ID_MISMATCH,   /* another id: not the answer */
  VIGIL_DNS_ANSWER_NOT_RESPONSE,  /* QR clear (a query): not the answer */
  VIGIL_DNS_ANSWER_RCODE,         /* the answer, with an error RCODE: the check fails */
  VIGIL_DNS_ANSWER_N_RESULTS
} VigilDnsAnswerResult;

/* "ok", "short", "id-mismatch", "not-response", "rcode". */
const char *vigil_dns_answer_result_to_string (VigilDnsAnswerResult result);
/* TRUE for OK and RCODE: the datagram was the answer and the attempt
 * ends; FALSE: ignore it and keep waiting. */
gboolean vigil_dns_answer_result_is_final (VigilDnsAnswerResult result);

/* What vigil_dns_answer_check found, for the logs. Fields past `id` are
 * only meaningful from NOT_RESPONSE on (the header was read). */
typedef struct {
  guint16 id;
  guint16 flags;
  guint rcode;              /* 4 bits of the header (no EDNS extension) */
  gboolean truncated;       /* TC */
  guint16 qdcount, ancount, nscount, arcount;
  /* The answer's first question is the one sent (name compared without
   * regard to ASCII case, type and class equal). */
  gboolean question_echoed;
} VigilDnsAnswerInfo;

/* Judge `answer` against the `query` that was sent (as built by
 * vigil_dns_query_build; only its id and question are read). `info` may
 * be NULL. Never reads outside either buffer. */
VigilDnsAnswerResult vigil_dns_answer_check (const guint8 *query, gsize query_len,
                                             const guint8 *answer, gsize answer_len,
                                             VigilDnsAnswerInfo *info);

G_END_DECLS
