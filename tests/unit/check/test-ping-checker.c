/* test-ping-checker.c - PING_CHECK: the ICMP echo codec, and real echoes
 * to 127.0.0.1 and ::1, here and in network namespaces the test makes
 * (raw sockets, no answer, no route). */
#include <errno.h>
#include <stdio.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include "checker-fixture.h"
#include "check/ping-checker.h"

/* ---- codec ------------------------------------------------------------------ */

static const guint8 payload[] = { 'v', 'i', 'g', 'i', 'l', 0, 1, 2, 3, 4, 5, 6 };

static guint16
checksum (const guint8 *data, gsize len)
{
  guint32 sum = 0;

  for (gsize i = 0; i + 1 < len; i += 2)
    sum += (guint32) (data[i] << 8 | data[i + 1]);
  if (len % 2)
    sum += (guint32) (data[len - 1] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

static void
test_build_request (void)
{
  guint8 out[64];
  gsize len;

  len = vigil_ping_build_request (AF_INET, 0x1234, 0xabcd, payload, sizeof payload, out,
                                  sizeof out);
  g_assert_cmpuint (len, ==, VIGIL_PING_HEADER_LEN + sizeof payload);
  g_assert_cmpuint (out[0], ==, 8);            /* echo request */
  g_assert_cmpuint (out[1], ==, 0);
  g_assert_cmpuint (out[4] << 8 | out[5], ==, 0x1234);
  g_assert_cmpuint (out[6] << 8 | out[7], ==, 0xabcd);
  g_assert_cmpmem (out + 8, sizeof payload, payload, sizeof payload);
  g_assert_cmpuint (checksum (out, len), ==, 0);  /* a valid checksum */

  len = vigil_ping_build_request (AF_INET6, 1, 2, payload, sizeof payload, out, sizeof out);
  g_assert_cmpuint (len, ==, VIGIL_PING_HEADER_LEN + sizeof payload);
  g_assert_cmpuint (out[0], ==, 128);          /* ICMPv6 echo request */
  g_assert_cmpuint (out[2] << 8 | out[3], ==, 0); /* the kernel's to fill */

  /* no room */
  g_assert_cmpuint (vigil_ping_build_request (AF_INET, 1, 2, payload, sizeof payload, out, 10),
                    ==, 0);
}

/* Packets built by hand, as they come off each kind of socket. */
typedef struct {
  const char *name;
  int family;
  gboolean raw;               /* raw socket: IPv4 header first, id compared */
  guint8 type;
  guint16 id;
  guint16 seq;
  gboolean good_payload;
  gboolean bad_checksum;
  /* ICMP errors: the quoted request's id and seq */
  gboolean quote;
  guint8 code;
  gsize truncate;             /* cut the packet to this length (0: whole) */
  VigilPingReply expect;
  const char *why;
} ReplyCase;

#define ID 0x4242
#define SEQ 7

static gsize
ipv4_header (guint8 *out, gsize total)
{
  memset (out, 0, 20);
  out[0] = 0x45;
  out[2] = (guint8) (total >> 8);
  out[3] = (guint8) total;
  out[8] = 64;
  out[9] = 1;                 /* ICMP */
  out[12] = 127;
  out[15] = 1;
  out[16] = 127;
  out[19] = 1;
  return 20;
}

static gsize
build_case (const ReplyCase *c, guint8 *out)
{
  gsize pos = 0;
  gsize icmp_start;
  guint8 request[64];
  gsize request_len;

  if (c->raw && c->family == AF_INET)
    pos = ipv4_header (out, 0);
  icmp_start = pos;
  out[pos++] = c->type;
  out[pos++] = c->code;
  out[pos++] = 0;
  out[pos++] = 0;
  if (!c->quote)
    {
      out[pos++] = (guint8) (c->id >> 8);
      out[pos++] = (guint8) c->id;
      out[pos++] = (guint8) (c->seq >> 8);
      out[pos++] = (guint8) c->seq;
      memcpy (out + pos, payload, sizeof payload);
      if (!c->good_payload)
        out[pos] ^= 0xff;
      pos += sizeof payload;
    }
  else
    {
      /* unused word, then the offending packet: IP header + request */
      memset (out + pos, 0, 4);
      pos += 4;
      request_len = vigil_ping_build_request (c->family, c->id, c->seq, payload,
                                              sizeof payload, request, sizeof request);
      if (c->family == AF_INET)
        pos += ipv4_header (out + pos, 20 + request_len);
      else
        {
          memset (out + pos, 0, 40);
          out[pos] = 0x60;
          out[pos + 6] = 58;  /* next header: ICMPv6 */
          out[pos + 7] = 64;
          pos += 40;
        }
      memcpy (out + pos, request, request_len);
      pos += request_len;
    }
  if (c->family == AF_INET)
    {
      guint16 sum = checksum (out + icmp_start, pos - icmp_start);

      if (c->bad_checksum)
        sum ^= 0x5555;
      out[icmp_start + 2] = (guint8) (sum >> 8);
      out[icmp_start + 3] = (guint8) sum;
    }
  if (c->raw && c->family == AF_INET)
    {
      out[2] = (guint8) (pos >> 8);
      out[3] = (guint8) pos;
    }
  return c->truncate != 0 ? c->truncate : pos;
}

static void
test_parse_reply (void)
{
  static const ReplyCase cases[] = {
    { "v4 datagram echo reply", AF_INET, FALSE, 0, 999, SEQ, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_ECHO, NULL },
    { "v4 datagram: another sequence", AF_INET, FALSE, 0, ID, SEQ + 1, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 datagram: another payload", AF_INET, FALSE, 0, ID, SEQ, FALSE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 raw echo reply", AF_INET, TRUE, 0, ID, SEQ, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_ECHO, NULL },
    { "v4 raw: another id", AF_INET, TRUE, 0, ID + 1, SEQ, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 raw: bad checksum", AF_INET, TRUE, 0, ID, SEQ, TRUE, TRUE, FALSE, 0, 0,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 raw: our own request looped back", AF_INET, TRUE, 8, ID, SEQ, TRUE, FALSE, FALSE, 0,
      0, VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 raw: truncated header", AF_INET, TRUE, 0, ID, SEQ, TRUE, FALSE, FALSE, 0, 24,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 raw: host unreachable for our request", AF_INET, TRUE, 3, ID, SEQ, TRUE, FALSE, TRUE,
      1, 0, VIGIL_PING_REPLY_ERROR, "destination unreachable (host unreachable)" },
    { "v4 raw: unreachable for someone else's", AF_INET, TRUE, 3, ID, SEQ + 9, TRUE, FALSE,
      TRUE, 1, 0, VIGIL_PING_REPLY_IGNORE, NULL },
    { "v4 raw: time exceeded", AF_INET, TRUE, 11, ID, SEQ, TRUE, FALSE, TRUE, 0, 0,
      VIGIL_PING_REPLY_ERROR, "time exceeded in transit" },
    { "v4 raw: unknown unreachable code", AF_INET, TRUE, 3, ID, SEQ, TRUE, FALSE, TRUE, 200, 0,
      VIGIL_PING_REPLY_ERROR, "destination unreachable (code 200)" },
    { "v6 datagram echo reply", AF_INET6, FALSE, 129, 1, SEQ, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_ECHO, NULL },
    { "v6 raw echo reply", AF_INET6, TRUE, 129, ID, SEQ, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_ECHO, NULL },
    { "v6 raw: another id", AF_INET6, TRUE, 129, ID - 1, SEQ, TRUE, FALSE, FALSE, 0, 0,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v6 raw: a neighbour solicitation", AF_INET6, TRUE, 135, ID, SEQ, TRUE, FALSE, FALSE, 0,
      0, VIGIL_PING_REPLY_IGNORE, NULL },
    { "v6 raw: address unreachable", AF_INET6, TRUE, 1, ID, SEQ, TRUE, FALSE, TRUE, 3, 0,
      VIGIL_PING_REPLY_ERROR, "destination unreachable (address unreachable)" },
    { "v6 raw: quoted request cut short", AF_INET6, TRUE, 1, ID, SEQ, TRUE, FALSE, TRUE, 3, 50,
      VIGIL_PING_REPLY_IGNORE, NULL },
    { "v6: shorter than a header", AF_INET6, FALSE, 129, ID, SEQ, TRUE, FALSE, FALSE, 0, 7,
      VIGIL_PING_REPLY_IGNORE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ReplyCase *c = &cases[i];
      guint8 packet[256];
      gsize len = build_case (c, packet);
      g_autofree char *why = NULL;
      VigilPingReply reply;

      g_test_message ("case %u: %s", i, c->name);
      reply = vigil_ping_parse_reply (c->family, c->raw && c->family == AF_INET, c->raw, ID,
                                      SEQ, payload, sizeof payload, packet, len, &why);
      g_assert_cmpint (reply, ==, c->expect);
      g_assert_cmpstr (why, ==, c->why);
    }
  /* nothing at all */
  g_assert_cmpint (vigil_ping_parse_reply (AF_INET, FALSE, FALSE, ID, SEQ, payload,
                                           sizeof payload, NULL, 0, NULL),
                   ==, VIGIL_PING_REPLY_IGNORE);
}

/* ---- real echoes --------------------------------------------------------------- */

static VigilCheckerTestFixture *
ping_fixture (const char *address)
{
  g_autofree char *text = g_strdup_printf (
    "virtual_server %s 80 {\n"
    "  protocol TCP\n"
    "  real_server %s 80 {\n"
    "    PING_CHECK {\n      connect_timeout 2\n    }\n"
    "  }\n"
    "}\n", strchr (address, ':') != NULL ? "2001:db8::100" : "192.0.2.100", address);

  return vigil_checker_test_fixture_new (text);
}

/* One attempt, cancelled (the base's timeout) after `timeout_ms`. */
static gboolean
ping_once (const char *address, guint timeout_ms, VigilPingSocketKind *kind, GError **error)
{
  g_autoptr(VigilCheckerTestFixture) fixture = ping_fixture (address);
  gboolean ok = vigil_checker_test_attempt (fixture->checker, timeout_ms, NULL, error);

  *kind = vigil_ping_checker_get_socket_kind (VIGIL_PING_CHECKER (fixture->checker));
  return ok;
}

static void
test_localhost (void)
{
  const char *const addresses[] = { "127.0.0.1", "::1" };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      VigilPingSocketKind kind = VIGIL_PING_SOCKET_NONE;
      gboolean ok;

      if (i == 1 && !vigil_checker_test_have_ipv6 ())
        {
          g_test_message ("no IPv6 loopback here");
          continue;
        }
      ok = ping_once (addresses[i], 3000, &kind, &error);
      g_test_message ("%s: %s socket", addresses[i], vigil_ping_socket_kind_to_string (kind));
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (kind, !=, VIGIL_PING_SOCKET_NONE);
    }
}

/* Run the calling test's body in a child in a new network namespace with
 * only lo, up. Returns TRUE in the child; in the parent checks that the
 * child passed and returns FALSE. */
static gboolean
in_fresh_netns (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *err = NULL;
      int status = 0;

      if (unshare (CLONE_NEWNET) != 0)
        g_error ("unshare(CLONE_NEWNET): %s", g_strerror (errno));
      if (!g_spawn_command_line_sync ("ip link set lo up", NULL, &err, &status, NULL)
          || !g_spawn_check_wait_status (status, NULL))
        g_error ("ip link set lo up: %s", err != NULL ? err : "cannot run ip");
      return TRUE;
    }
  if (geteuid () != 0)
    {
      g_test_skip ("a network namespace needs root");
      return FALSE;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

/* /proc/sys files take a plain write (no temporary file and rename). */
static void
write_sysctl (const char *path, const char *value)
{
  FILE *f = fopen (path, "w");

  if (f == NULL || fputs (value, f) < 0 || fclose (f) != 0)
    g_error ("%s: %s", path, g_strerror (errno));
}

/* A fresh namespace has ping_group_range "1 0": no datagram ICMP socket
 * for anyone, so the raw one must do. */
static void
test_raw_socket (void)
{
  g_autofree char *range = NULL;

  if (!in_fresh_netns ())
    return;
  write_sysctl ("/proc/sys/net/ipv4/ping_group_range", "1\t0\n");
  g_assert_true (g_file_get_contents ("/proc/sys/net/ipv4/ping_group_range", &range, NULL,
                                      NULL));
  g_test_message ("ping_group_range: %s", range);
  for (guint i = 0; i < 2; i++)
    {
      const char *address = i == 0 ? "127.0.0.1" : "::1";
      g_autoptr(GError) error = NULL;
      VigilPingSocketKind kind = VIGIL_PING_SOCKET_NONE;

      if (i == 1 && !vigil_checker_test_have_ipv6 ())
        continue;
      g_assert_true (ping_once (address, 3000, &kind, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kind, ==, VIGIL_PING_SOCKET_RAW);
    }
}

/* Nobody answers: the attempt ends at the timeout, cancelled. */
static void
test_no_answer (void)
{
  if (!in_fresh_netns ())
    return;
  write_sysctl ("/proc/sys/net/ipv4/icmp_echo_ignore_all", "1\n");
  if (g_file_test ("/proc/sys/net/ipv6/icmp/echo_ignore_all", G_FILE_TEST_EXISTS))
    write_sysctl ("/proc/sys/net/ipv6/icmp/echo_ignore_all", "1\n");
  for (guint i = 0; i < 2; i++)
    {
      const char *address = i == 0 ? "127.0.0.1" : "::1";
      g_autoptr(GError) error = NULL;
      VigilPingSocketKind kind;
      gint64 start = g_get_monotonic_time ();
      gint64 took;

      if (i == 1 && (!vigil_checker_test_have_ipv6 ()
                     || !g_file_test ("/proc/sys/net/ipv6/icmp/echo_ignore_all",
                                      G_FILE_TEST_EXISTS)))
        continue;
      g_assert_false (ping_once (address, 300, &kind, &error));
      took = g_get_monotonic_time () - start;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_cmpint (took, >=, 300 * 1000);
      g_assert_cmpint (took, <, 3 * G_USEC_PER_SEC);
    }
}

/* No route: the attempt fails at once, saying so, without waiting. */
static void
test_no_route (void)
{
  const char *const addresses[] = { "192.0.2.1", "2001:db8::1" };

  if (!in_fresh_netns ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      VigilPingSocketKind kind;
      gint64 start = g_get_monotonic_time ();

      if (i == 1 && !vigil_checker_test_have_ipv6 ())
        continue;
      g_assert_false (ping_once (addresses[i], 5000, &kind, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", addresses[i], error->message);
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
    }
}

/* A neighbour that never answers ARP: the kernel's own "host
 * unreachable" ends the attempt (IP_RECVERR) before the timeout. */
static void
test_host_unreachable (void)
{
  static const char *const commands[] = {
    "ip link add vgl-a type veth peer name vgl-b",
    "ip link set vgl-a up",
    "ip link set vgl-b up",
    "ip addr add 192.0.2.1/24 dev vgl-a",
  };
  g_autoptr(GError) error = NULL;
  VigilPingSocketKind kind;
  gint64 start;

  if (!in_fresh_netns ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      int status = 0;

      g_assert_true (g_spawn_command_line_sync (commands[i], NULL, NULL, &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  start = g_get_monotonic_time ();
  g_assert_false (ping_once ("192.0.2.2", 15000, &kind, &error));
  g_assert_nonnull (error);
  g_test_message ("192.0.2.2: %s after %.1f s", error->message,
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

/* The sequence moves on with every attempt; many in a row all pass. */
static void
test_repeated (void)
{
  g_autoptr(VigilCheckerTestFixture) fixture = ping_fixture ("127.0.0.1");

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (vigil_checker_test_attempt (fixture->checker, 3000, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Through the base: started, the checker stays up and counts checks. */
static void
test_schedule (void)
{
  g_autoptr(VigilCheckerTestFixture) fixture = vigil_checker_test_fixture_new (
    "virtual_server 192.0.2.100 80 {\n"
    "  protocol TCP\n"
    "  real_server 127.0.0.1 80 {\n"
    "    PING_CHECK {\n      connect_timeout 1\n      delay_loop 1\n      warmup 0\n    }\n"
    "  }\n"
    "}\n");

  vigil_checker_start (fixture->checker);
  vigil_checker_test_wait_checks (fixture->checker, 2, 5000);
  g_assert_true (vigil_checker_is_up (fixture->checker));
  g_assert_cmpuint (vigil_checker_get_failures (fixture->checker), ==, 0);
  vigil_checker_stop (fixture->checker);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/check/ping/codec/request", test_build_request);
  g_test_add_func ("/check/ping/codec/reply", test_parse_reply);
  g_test_add_func ("/check/ping/localhost", test_localhost);
  g_test_add_func ("/check/ping/repeated", test_repeated);
  g_test_add_func ("/check/ping/schedule", test_schedule);
  g_test_add_func ("/check/ping/netns/raw-socket", test_raw_socket);
  g_test_add_func ("/check/ping/netns/no-answer", test_no_answer);
  g_test_add_func ("/check/ping/netns/no-route", test_no_route);
  g_test_add_func ("/check/ping/netns/host-unreachable", test_host_unreachable);
  return g_test_run ();
}
