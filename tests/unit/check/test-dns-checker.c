/* test-dns-checker.c - DNS_CHECK against a scripted DNS responder on
 * 127.0.0.1: the query it sends, good answers, error RCODEs, datagrams
 * that are not the answer (ignored until the timeout), a silent server,
 * a closed port.
 */
#include "checker-test-util.h"
#include "check/dns-checker.h"
#include "check/dns-codec.h"

/* What the responder sends back for each query, in order. */
typedef enum {
  REPLY_GOOD,          /* QR, RA, NOERROR, one A record */
  REPLY_WRONG_ID,      /* a good answer with id + 1 */
  REPLY_QUERY,         /* the query itself, QR clear */
  REPLY_SHORT,         /* the first 11 bytes of a good answer */
  REPLY_NXDOMAIN,
  REPLY_SERVFAIL,
  REPLY_REFUSED,
  REPLY_RCODE_12,      /* unassigned */
  REPLY_END
} Reply;

typedef struct {
  GSocket *socket;
  GSource *source;
  guint16 port;
  const Reply *replies;      /* terminated by REPLY_END; NULL: silent */
  guint queries;
  guint8 query[VIGIL_DNS_MAX_QUERY];
  gsize query_len;
} DnsServer;

static gsize
make_reply (const guint8 *query, gsize query_len, Reply reply, guint8 *out)
{
  static const guint8 record[] = {
    0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, 192, 0, 2, 53,
  };
  gsize len = query_len;

  memcpy (out, query, query_len);
  out[2] |= 0x80;           /* QR */
  out[3] = 0x80;            /* RA, NOERROR */
  switch (reply)
    {
    case REPLY_GOOD:
      out[7] = 1;
      memcpy (out + len, record, sizeof record);
      len += sizeof record;
      break;
    case REPLY_WRONG_ID:
      out[1] ^= 0x01;
      break;
    case REPLY_QUERY:
      out[2] &= 0x7f;
      break;
    case REPLY_SHORT:
      len = 11;
      break;
    case REPLY_NXDOMAIN: out[3] |= 3; break;
    case REPLY_SERVFAIL: out[3] |= 2; break;
    case REPLY_REFUSED: out[3] |= 5; break;
    case REPLY_RCODE_12: out[3] |= 12; break;
    case REPLY_END: g_assert_not_reached ();
    }
  return len;
}

static gboolean
on_query (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  DnsServer *server = user_data;
  g_autoptr(GSocketAddress) from = NULL;
  gssize n = g_socket_receive_from (socket, &from, (char *) server->query,
                                    sizeof server->query, NULL, NULL);

  if (n <= 0)
    return G_SOURCE_CONTINUE;
  server->queries++;
  server->query_len = (gsize) n;
  for (const Reply *r = server->replies; r != NULL && *r != REPLY_END; r++)
    {
      guint8 answer[VIGIL_DNS_MAX_QUERY + 64];
      gsize len = make_reply (server->query, server->query_len, *r, answer);

      g_assert_cmpint (g_socket_send_to (socket, from, (const char *) answer, len, NULL, NULL),
                       ==, (gssize) len);
    }
  return G_SOURCE_CONTINUE;
}

static DnsServer *
dns_server_new (const Reply *replies)
{
  DnsServer *server = g_new0 (DnsServer, 1);

  server->replies = replies;
  server->socket = test_udp_server_new (G_SOCKET_FAMILY_IPV4, on_query, server, &server->port, &server->source);
  return server;
}

static void
dns_server_free (DnsServer *server)
{
  g_source_destroy (server->source);
  g_source_unref (server->source);
  g_socket_close (server->socket, NULL);
  g_object_unref (server->socket);
  g_free (server);
}

/* ---- the query ------------------------------------------------------------- */

static void
test_query_sent (void)
{
  static const Reply good[] = { REPLY_GOOD, REPLY_END };
  static const struct {
    const char *type, *name;
    guint16 qtype;
    const char *wire_name;
    gsize wire_len;
  } cases[] = {
    { NULL, NULL, VIGIL_DNS_TYPE_SOA, "\0", 1 },               /* keepalived's defaults */
    { "SOA", ".", VIGIL_DNS_TYPE_SOA, "\0", 1 },
    { "A", "www.example.com", VIGIL_DNS_TYPE_A, "\3www\7example\3com\0", 17 },
    { "AAAA", "example.com.", VIGIL_DNS_TYPE_AAAA, "\7example\3com\0", 13 },
    { "MX", "example.com", VIGIL_DNS_TYPE_MX, "\7example\3com\0", 13 },
    { "TXT", "example.com", VIGIL_DNS_TYPE_TXT, "\7example\3com\0", 13 },
    { "NS", "com", VIGIL_DNS_TYPE_NS, "\3com\0", 5 },
    { "CNAME", "www.example.com", VIGIL_DNS_TYPE_CNAME, "\3www\7example\3com\0", 17 },
  };
  guint16 ids[G_N_ELEMENTS (cases)];

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DnsServer *server = dns_server_new (good);
      VigilConfChecker conf;
      VigilCheckerTarget target;
      g_autoptr(VigilChecker) checker = NULL;
      g_autofree char *error = NULL;
      const guint8 *q;

      g_test_message ("DNS query: %s %s", cases[i].type, cases[i].name);
      test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_DNS, server->port);
      conf.dns_type = (char *) cases[i].type;
      conf.dns_name = (char *) cases[i].name;
      checker = vigil_checker_new (&conf, &target, NULL);
      g_assert_true (VIGIL_IS_DNS_CHECKER (checker));
      g_assert_true (test_run_attempt (checker, &error));
      g_assert_null (error);

      g_assert_cmpuint (server->queries, ==, 1);
      q = server->query;
      g_assert_cmpuint (server->query_len, ==, 12 + cases[i].wire_len + 4);
      ids[i] = (guint16) (q[0] << 8 | q[1]);
      g_assert_cmpuint (q[2], ==, 0x01);        /* query, RD */
      g_assert_cmpuint (q[3], ==, 0x00);
      g_assert_cmpuint (q[4] << 8 | q[5], ==, 1);
      g_assert_cmpuint (q[6] | q[7] | q[8] | q[9] | q[10] | q[11], ==, 0);
      g_assert_cmpmem (q + 12, cases[i].wire_len, cases[i].wire_name, cases[i].wire_len);
      g_assert_cmpuint (q[12 + cases[i].wire_len] << 8 | q[13 + cases[i].wire_len], ==,
                        cases[i].qtype);
      g_assert_cmpuint (q[14 + cases[i].wire_len] << 8 | q[15 + cases[i].wire_len], ==, 1);
      dns_server_free (server);
    }
  /* a fresh random id per query: eight equal ids would be a 1 in 2^112 event */
  for (gsize i = 1; i < G_N_ELEMENTS (ids); i++)
    if (ids[i] != ids[0])
      return;
  g_assert_not_reached ();
}

/* ---- answers ---------------------------------------------------------------- */

typedef struct {
  const char *what;
  Reply replies[4];
  const char *error;         /* NULL: passes */
} AnswerCase;

static void
test_answers (void)
{
  static const AnswerCase cases[] = {
    { "a good answer", { REPLY_GOOD, REPLY_END }, NULL },
    { "another id first, then the answer", { REPLY_WRONG_ID, REPLY_GOOD, REPLY_END }, NULL },
    { "a query and a short datagram first", { REPLY_QUERY, REPLY_SHORT, REPLY_GOOD, REPLY_END }, NULL },
    { "NXDOMAIN", { REPLY_NXDOMAIN, REPLY_END }, "rcode 3 (NXDOMAIN)" },
    { "SERVFAIL", { REPLY_SERVFAIL, REPLY_END }, "rcode 2 (SERVFAIL)" },
    { "REFUSED after another id", { REPLY_WRONG_ID, REPLY_REFUSED, REPLY_END }, "rcode 5 (REFUSED)" },
    { "an unassigned rcode", { REPLY_RCODE_12, REPLY_END }, "rcode 12" },
    { "the first answer decides", { REPLY_SERVFAIL, REPLY_GOOD, REPLY_END }, "rcode 2 (SERVFAIL)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DnsServer *server = dns_server_new (cases[i].replies);
      VigilConfChecker conf;
      VigilCheckerTarget target;
      g_autoptr(VigilChecker) checker = NULL;
      g_autofree char *error = NULL;
      gboolean ok;

      g_test_message ("DNS answer: %s", cases[i].what);
      test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_DNS, server->port);
      checker = vigil_checker_new (&conf, &target, NULL);
      ok = test_run_attempt (checker, &error);
      g_assert_cmpstr (error, ==, cases[i].error);
      g_assert_cmpint (ok, ==, cases[i].error == NULL);
      dns_server_free (server);
    }
}

/* Only datagrams that are not the answer, or none at all: the base's
 * connect_timeout ends the attempt. */
static void
test_no_answer_times_out (void)
{
  static const Reply wrong_id[] = { REPLY_WRONG_ID, REPLY_END };
  static const Reply query_echo[] = { REPLY_QUERY, REPLY_SHORT, REPLY_END };
  const Reply *cases[] = { NULL, wrong_id, query_echo };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DnsServer *server = dns_server_new (cases[i]);
      VigilConfChecker conf;
      VigilCheckerTarget target;
      g_autoptr(VigilChecker) checker = NULL;
      const char *error = NULL;
      gint64 start = g_get_monotonic_time ();

      test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_DNS, server->port);
      conf.connect_timeout = 250 * 1000;
      checker = vigil_checker_new (&conf, &target, NULL);
      g_assert_false (test_run_scheduled (checker, &error));
      g_assert_cmpstr (error, ==, "timeout after 0.25 s");
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
      g_assert_cmpuint (server->queries, ==, 1);
      dns_server_free (server);
    }
}

/* ICMP port unreachable: the attempt fails at once, not at the timeout. */
static void
test_refused (void)
{
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  const char *error = NULL;
  gint64 start = g_get_monotonic_time ();

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_DNS,
                      test_closed_port (G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP));
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_false (test_run_scheduled (checker, &error));
  g_assert_cmpstr (error, ==, "connection refused");
  g_assert_cmpint (g_get_monotonic_time () - start, <, conf.connect_timeout);
}

static void
test_bad_config (void)
{
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  g_autofree char *error = NULL;

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_DNS, 53);
  conf.dns_name = (char *) "a..example.com";
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_false (test_run_attempt (checker, &error));
  g_assert_cmpstr (error, ==, "invalid DNS name 'a..example.com': empty label");
  g_clear_pointer (&error, g_free);

  conf.dns_name = NULL;
  conf.dns_type = (char *) "PTR";
  g_assert_false (test_run_attempt (checker, &error));
  g_assert_cmpstr (error, ==, "unknown DNS type 'PTR'");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dns-checker/query-sent", test_query_sent);
  g_test_add_func ("/dns-checker/answers", test_answers);
  g_test_add_func ("/dns-checker/no-answer-times-out", test_no_answer_times_out);
  g_test_add_func ("/dns-checker/refused", test_refused);
  g_test_add_func ("/dns-checker/bad-config", test_bad_config);
  return g_test_run ();
}
