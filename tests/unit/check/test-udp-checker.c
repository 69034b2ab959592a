/* test-udp-checker.c - UDP_CHECK against a UDP server on 127.0.0.1: with
 * and without require_reply, echo, fixed and silent servers, reply bytes
 * with X nibbles and length limits, and a closed port (ICMP port
 * unreachable, seen as "connection refused").
 */
#include "checker-test-util.h"
#include "check/udp-checker.h"

#include <unistd.h>

typedef enum {
  SERVER_ECHO,
  SERVER_FIXED,       /* answers `fixed` */
  SERVER_SILENT,
} ServerMode;

typedef struct {
  GSocket *socket;
  GSource *source;
  guint16 port;
  ServerMode mode;
  const char *fixed;
  guint datagrams;
  GBytes *last;       /* the last datagram received */
} UdpServer;

static gboolean
on_datagram (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  UdpServer *server = user_data;
  g_autoptr(GSocketAddress) from = NULL;
  char buf[2048];
  gssize n = g_socket_receive_from (socket, &from, buf, sizeof buf, NULL, NULL);

  if (n < 0)
    return G_SOURCE_CONTINUE;
  server->datagrams++;
  g_clear_pointer (&server->last, g_bytes_unref);
  server->last = g_bytes_new (buf, (gsize) n);
  if (server->mode == SERVER_ECHO)
    g_socket_send_to (socket, from, buf, (gsize) n, NULL, NULL);
  else if (server->mode == SERVER_FIXED)
    g_socket_send_to (socket, from, server->fixed, strlen (server->fixed), NULL, NULL);
  return G_SOURCE_CONTINUE;
}

static UdpServer *
udp_server_new_family (GSocketFamily family, ServerMode mode, const char *fixed)
{
  UdpServer *server = g_new0 (UdpServer, 1);

  server->mode = mode;
  server->fixed = fixed;
  server->socket = test_udp_server_new (family, on_datagram, server, &server->port,
                                        &server->source);
  return server;
}

static UdpServer *
udp_server_new (ServerMode mode, const char *fixed)
{
  return udp_server_new_family (G_SOCKET_FAMILY_IPV4, mode, fixed);
}

static void
udp_server_free (UdpServer *server)
{
  g_source_destroy (server->source);
  g_source_unref (server->source);
  g_socket_close (server->socket, NULL);
  g_object_unref (server->socket);
  g_clear_pointer (&server->last, g_bytes_unref);
  g_free (server);
}

/* "48 45 4X" as the config parser gives it: data, and a mask with 0xf
 * for a hex nibble and 0 for X. */
static void
set_reply (VigilConfChecker *conf, const char *hex)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GByteArray) mask = g_byte_array_new ();
  gsize len = strlen (hex);

  for (gsize i = 0; i + 1 < len; )
    {
      guint8 byte = 0, byte_mask = 0;

      if (hex[i] == ' ')
        {
          i++;
          continue;
        }
      for (int k = 0; k < 2; k++, i++)
        {
          gboolean wild = hex[i] == 'X';

          byte = (guint8) (byte << 4 | (wild ? 0 : g_ascii_xdigit_value (hex[i])));
          byte_mask = (guint8) (byte_mask << 4 | (wild ? 0 : 0xf));
        }
      g_byte_array_append (data, &byte, 1);
      g_byte_array_append (mask, &byte_mask, 1);
    }
  conf->require_reply = TRUE;
  conf->reply_data = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  conf->reply_mask = g_byte_array_free_to_bytes (g_steal_pointer (&mask));
}

static void
clear_conf (VigilConfChecker *conf)
{
  g_clear_pointer (&conf->payload, g_bytes_unref);
  g_clear_pointer (&conf->reply_data, g_bytes_unref);
  g_clear_pointer (&conf->reply_mask, g_bytes_unref);
}

/* ---- the pure reply rule ------------------------------------------------------ */

static void
test_reply_matches (void)
{
  static const struct {
    const char *reply_hex;     /* NULL: require_reply without bytes */
    guint min, max;
    const char *reply;
    const char *error;         /* NULL: matches */
  } cases[] = {
    { "48 45 4c 4c 4f", 0, 255, "HELLO", NULL },
    { "48454c4c4f", 0, 255, "HELLO world", NULL },          /* longer: its prefix is compared */
    { "48454c4c4f", 0, 255, "HEL", NULL },                  /* shorter: the bytes both have */
    { "48 45 4X 4X 4f", 0, 255, "HELLO", NULL },
    { "X8 45", 0, 255, "xE", NULL },                        /* 'x' is 0x78 */
    { "48 45 4X 4X 4f", 0, 255, "HEL_O", "reply differs at byte 3: 5f, expected 40" },
    { "48 45", 0, 255, "hE", "reply differs at byte 0: 68, expected 48" },
    { "48 45", 6, 255, "HELLO", "reply of 5 bytes, expected 6 to 255" },
    { "48 45", 0, 4, "HELLO", "reply of 5 bytes, expected 0 to 4" },
    { "48 45", 5, 5, "HELLO", NULL },
    { "48 45", 1, 255, "", "reply of 0 bytes, expected 1 to 255" },
    { "48 45", 0, 255, "", NULL },
    /* keepalived checks the lengths only with reply bytes */
    { NULL, 10, 20, "HELLO", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VigilConfChecker conf = { 0 };
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("reply '%s' against '%s'", cases[i].reply, cases[i].reply_hex);
      conf.require_reply = TRUE;
      if (cases[i].reply_hex != NULL)
        set_reply (&conf, cases[i].reply_hex);
      conf.min_reply_length = cases[i].min;
      conf.max_reply_length = cases[i].max;
      ok = vigil_udp_checker_reply_matches (&conf, (const guint8 *) cases[i].reply,
                                            strlen (cases[i].reply), strlen (cases[i].reply),
                                            &error);
      if (cases[i].error == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          g_assert_cmpstr (error->message, ==, cases[i].error);
        }
      clear_conf (&conf);
    }
}

/* ---- attempts against a server ------------------------------------------------ */

typedef struct {
  const char *what;
  ServerMode mode;
  const char *fixed;
  gboolean require_reply;
  const char *reply_hex;
  guint max_reply_length;    /* 0: 255 */
  const char *error;         /* NULL: passes */
  gboolean waits_window;     /* passes or fails only when the window closes */
} AttemptCase;

static const AttemptCase attempt_cases[] = {
  { "no require_reply, an echo server", SERVER_ECHO, NULL, FALSE, NULL, 0, NULL, FALSE },
  { "no require_reply, a silent server", SERVER_SILENT, NULL, FALSE, NULL, 0, NULL, TRUE },
  { "no require_reply, a reply that would not match", SERVER_FIXED, "nope", FALSE, "48", 0,
    NULL, FALSE },
  { "require_reply, an echo server", SERVER_ECHO, NULL, TRUE, NULL, 0, NULL, FALSE },
  { "require_reply, a silent server", SERVER_SILENT, NULL, TRUE, NULL, 0,
    "no reply within 0.3 s", TRUE },
  { "reply bytes that match", SERVER_FIXED, "PONG 1.0", TRUE, "50 4f 4e 47 20 3X", 0,
    NULL, FALSE },
  { "reply bytes that do not match", SERVER_FIXED, "PANG", TRUE, "50 4f 4e 47", 0,
    "reply differs at byte 1: 41, expected 4f", FALSE },
  { "a reply longer than max_reply_length", SERVER_FIXED, "PONG and more", TRUE, "50 4f", 8,
    "reply of 13 bytes, expected 0 to 8", FALSE },
};

static void
test_attempts (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (attempt_cases); i++)
    {
      const AttemptCase *c = &attempt_cases[i];
      UdpServer *server = udp_server_new (c->mode, c->fixed);
      VigilConfChecker conf;
      VigilCheckerTarget target;
      g_autoptr(VigilChecker) checker = NULL;
      g_autofree char *error = NULL;
      gint64 start, took;
      gboolean ok;

      g_test_message ("UDP: %s", c->what);
      test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_UDP, server->port);
      conf.connect_timeout = 300 * 1000;
      if (c->reply_hex != NULL)
        set_reply (&conf, c->reply_hex);
      conf.require_reply = c->require_reply;
      if (c->max_reply_length != 0)
        conf.max_reply_length = c->max_reply_length;
      checker = vigil_checker_new (&conf, &target, NULL);
      g_assert_true (VIGIL_IS_UDP_CHECKER (checker));

      start = g_get_monotonic_time ();
      ok = test_run_attempt (checker, &error);
      took = g_get_monotonic_time () - start;
      g_assert_cmpstr (error, ==, c->error);
      g_assert_cmpint (ok, ==, c->error == NULL);
      g_assert_cmpuint (server->datagrams, ==, 1);
      if (c->waits_window)
        g_assert_cmpint (took, >=, 300 * 1000);
      else
        g_assert_cmpint (took, <, 300 * 1000);
      clear_conf (&conf);
      udp_server_free (server);
    }
}

/* The payload sent: the configured bytes, else 32 random ones. */
static void
test_payload (void)
{
  UdpServer *server = udp_server_new (SERVER_ECHO, NULL);
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autofree char *error = NULL;
  static const guint8 payload[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01 };

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_UDP, server->port);
  conf.require_reply = TRUE;
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_true (test_run_attempt (checker, &error));
  g_assert_cmpuint (g_bytes_get_size (server->last), ==, VIGIL_UDP_DEFAULT_PAYLOAD_LEN);
  first = g_bytes_ref (server->last);
  g_assert_true (test_run_attempt (checker, &error));
  g_assert_false (g_bytes_equal (first, server->last));     /* 1 in 2^256 */

  conf.payload = g_bytes_new_static (payload, sizeof payload);
  g_assert_true (test_run_attempt (checker, &error));
  g_assert_cmpmem (g_bytes_get_data (server->last, NULL), g_bytes_get_size (server->last),
                   payload, sizeof payload);
  g_assert_null (error);
  clear_conf (&conf);
  udp_server_free (server);
}

/* A closed port answers with ICMP port unreachable: a failure at once,
 * with and without require_reply (without, keepalived's only failure). */
static void
test_refused (void)
{
  for (int require_reply = 0; require_reply <= 1; require_reply++)
    {
      VigilConfChecker conf;
      VigilCheckerTarget target;
      g_autoptr(VigilChecker) checker = NULL;
      const char *error = NULL;
      gint64 start = g_get_monotonic_time ();

      test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_UDP,
                          test_closed_port (G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP));
      conf.require_reply = require_reply;
      checker = vigil_checker_new (&conf, &target, NULL);
      g_assert_false (test_run_scheduled (checker, &error));
      g_assert_cmpstr (error, ==, "connection refused");
      g_assert_cmpint (g_get_monotonic_time () - start, <, conf.connect_timeout);
    }
}

/* Through the base: a silent server passes when require_reply is not
 * set, since the base's own timeout is longer than the window. */
static void
test_silence_passes_through_the_base (void)
{
  UdpServer *server = udp_server_new (SERVER_SILENT, NULL);
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  const char *error = NULL;

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_UDP, server->port);
  conf.connect_timeout = 200 * 1000;
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_true (test_run_scheduled (checker, &error));
  g_assert_cmpstr (error, ==, "");
  g_assert_true (vigil_checker_is_up (checker));

  conf.require_reply = TRUE;
  g_assert_false (test_run_scheduled (checker, &error));
  g_assert_cmpstr (error, ==, "no reply within 0.2 s");
  udp_server_free (server);
}

/* IPv6: the socket takes the connect address's family. */
static void
test_ipv6 (void)
{
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_DATAGRAM,
                                           G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  UdpServer *server;
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  g_autofree char *error = NULL;
  g_autofree char *label = NULL;

  if (probe == NULL || !g_socket_bind (probe, any, FALSE, NULL))
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }
  server = udp_server_new_family (G_SOCKET_FAMILY_IPV6, SERVER_FIXED, "PONG");
  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_UDP, server->port);
  g_assert_true (vigil_inet_addr_parse ("::1", &target.server_addr));
  set_reply (&conf, "50 4f 4e 47");
  checker = vigil_checker_new (&conf, &target, NULL);
  label = g_strdup_printf ("UDP_CHECK [::1]:%u", server->port);
  g_assert_cmpstr (vigil_checker_get_label (checker), ==, label);
  g_assert_true (test_run_attempt (checker, &error));
  g_assert_null (error);
  g_assert_cmpuint (server->datagrams, ==, 1);
  clear_conf (&conf);
  udp_server_free (server);
}

/* bind_if and fwmark are set on the socket before it sends; a missing
 * interface fails the attempt with a line naming it. */
static void
test_socket_options (void)
{
  static const struct {
    const char *bind_if;
    guint32 fwmark;
    const char *error_prefix;   /* NULL: passes */
  } cases[] = {
    { "lo", 0, NULL },
    { NULL, 7, NULL },
    { "lo", 7, NULL },
    { "vigil-nosuch0", 0, "cannot bind to interface vigil-nosuch0: " },
  };

  if (geteuid () != 0)
    {
      g_test_skip ("SO_BINDTODEVICE and SO_MARK need root");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      UdpServer *server = udp_server_new (SERVER_ECHO, NULL);
      VigilConfChecker conf;
      VigilCheckerTarget target;
      g_autoptr(VigilChecker) checker = NULL;
      g_autofree char *error = NULL;
      gboolean ok;

      test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_UDP, server->port);
      conf.require_reply = TRUE;
      conf.bind_if = (char *) cases[i].bind_if;
      conf.fwmark = cases[i].fwmark;
      checker = vigil_checker_new (&conf, &target, NULL);
      ok = test_run_attempt (checker, &error);
      if (cases[i].error_prefix == NULL)
        {
          g_assert_null (error);
          g_assert_true (ok);
          g_assert_cmpuint (server->datagrams, ==, 1);
        }
      else
        {
          g_assert_false (ok);
          g_assert_true (g_str_has_prefix (error, cases[i].error_prefix));
          g_assert_cmpuint (server->datagrams, ==, 0);
        }
      udp_server_free (server);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/udp-checker/reply-matches", test_reply_matches);
  g_test_add_func ("/udp-checker/attempts", test_attempts);
  g_test_add_func ("/udp-checker/payload", test_payload);
  g_test_add_func ("/udp-checker/refused", test_refused);
  g_test_add_func ("/udp-checker/silence-passes-through-the-base", test_silence_passes_through_the_base);
  g_test_add_func ("/udp-checker/ipv6", test_ipv6);
  g_test_add_func ("/udp-checker/socket-options", test_socket_options);
  return g_test_run ();
}
