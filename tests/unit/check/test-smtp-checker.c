/* test-smtp-checker.c - SMTP_CHECK against a scripted SMTP server on
 * 127.0.0.1: good and multi-line conversations, every bad reply, hostile
 * lengths, a server that closes or stays silent, a closed port.
 */
#include "checker-test-util.h"
#include "check/smtp-checker.h"

/* ---- a scripted SMTP server ------------------------------------------------ */

typedef struct {
  const char *greeting;      /* sent on accept; NULL: nothing */
  gboolean close_at_once;    /* close right after the greeting */
  const char *helo_reply;    /* sent after the HELO line */
  const char *quit_reply;    /* sent after QUIT; NULL: close without a reply */
} SmtpScript;

typedef struct {
  GSocketService *service;
  guint16 port;
  const SmtpScript *script;
  char *helo_line;           /* the HELO line received */
  gboolean quit_seen;
  guint connections;
  GPtrArray *sessions;       /* kept open until the server is freed */
} SmtpServer;

typedef struct {
  SmtpServer *server;
  GSocketConnection *connection;
  GDataInputStream *in;
  GCancellable *cancellable;   /* cancelled when the session is freed */
} SmtpSession;

static void
session_free (gpointer data)
{
  SmtpSession *session = data;

  g_cancellable_cancel (session->cancellable);
  g_object_unref (session->cancellable);
  g_io_stream_close (G_IO_STREAM (session->connection), NULL, NULL);
  g_object_unref (session->in);
  g_object_unref (session->connection);
  g_free (session);
}

static void
session_send (SmtpSession *session, const char *text)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (session->connection));

  /* a few hundred bytes to loopback: never blocks */
  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL));
}

static void on_line (GObject *source, GAsyncResult *result, gpointer user_data);

static void
session_read_line (SmtpSession *session)
{
  g_data_input_stream_read_line_async (session->in, G_PRIORITY_DEFAULT, session->cancellable,
                                       on_line, session);
}

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  SmtpSession *session = user_data;     /* freed if the read was cancelled */
  SmtpServer *server;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                 result, NULL, &error);

  if (line == NULL)
    return;                 /* the checker closed, or the session is gone */
  server = session->server;
  g_strchomp (line);
  if (g_str_has_prefix (line, "HELO "))
    {
      g_free (server->helo_line);
      server->helo_line = g_strdup (line);
      session_send (session, server->script->helo_reply);
    }
  else if (strcmp (line, "QUIT") == 0)
    {
      server->quit_seen = TRUE;
      if (server->script->quit_reply == NULL)
        {
          g_io_stream_close (G_IO_STREAM (session->connection), NULL, NULL);
          return;
        }
      session_send (session, server->script->quit_reply);
    }
  else
    session_send (session, "500 unknown command\r\n");
  session_read_line (session);
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source_object,
             gpointer user_data)
{
  SmtpServer *server = user_data;
  SmtpSession *session = g_new0 (SmtpSession, 1);

  server->connections++;
  session->server = server;
  session->cancellable = g_cancellable_new ();
  session->connection = g_object_ref (connection);
  session->in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (session->in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_ptr_array_add (server->sessions, session);
  if (server->script->greeting != NULL)
    session_send (session, server->script->greeting);
  if (server->script->close_at_once)
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  else
    session_read_line (session);
  return TRUE;
}

static SmtpServer *
smtp_server_new (const SmtpScript *script)
{
  SmtpServer *server = g_new0 (SmtpServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->script = script;
  server->sessions = g_ptr_array_new_with_free_func (session_free);
  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), any,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &bound, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
  return server;
}

static void
smtp_server_free (SmtpServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_ptr_array_unref (server->sessions);
  g_free (server->helo_line);
  g_free (server);
}

/* ---- conversations ------------------------------------------------------- */

static char *
lines_of (const char *prefix, guint n, const char *last)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s-line %u\r\n", prefix, i);
  g_string_append (text, last);
  return g_string_free (text, FALSE);
}

typedef struct {
  const char *what;
  SmtpScript script;
  const char *helo_name;     /* NULL: the default */
  const char *error;         /* NULL: passes; else the attempt's error */
  gboolean expect_quit;      /* the server must have seen QUIT */
} SmtpCase;

static void
run_case (const SmtpCase *c)
{
  VigilConfChecker conf;
  VigilCheckerTarget target;
  SmtpServer *server = smtp_server_new (&c->script);
  g_autoptr(VigilChecker) checker = NULL;
  g_autofree char *error = NULL;
  g_autofree char *expected_helo = NULL;
  gboolean ok;

  g_test_message ("SMTP: %s", c->what);
  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_SMTP, server->port);
  conf.helo_name = (char *) c->helo_name;
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_true (VIGIL_IS_SMTP_CHECKER (checker));

  ok = test_run_attempt (checker, &error);
  g_assert_cmpstr (error, ==, c->error);
  g_assert_cmpint (ok, ==, c->error == NULL);
  g_assert_cmpuint (server->connections, ==, 1);
  g_assert_cmpint (server->quit_seen, ==, c->expect_quit);
  /* HELO goes out exactly when the greeting was accepted */
  if (c->expect_quit || (c->error != NULL && g_str_has_prefix (c->error, "HELO reply")))
    {
      expected_helo = g_strdup_printf ("HELO %s", c->helo_name ? c->helo_name
                                                               : VIGIL_SMTP_DEFAULT_HELO_NAME);
      g_assert_cmpstr (server->helo_line, ==, expected_helo);
    }
  else
    g_assert_null (server->helo_line);
  smtp_server_free (server);
}

static void
test_conversations (void)
{
  static const SmtpCase cases[] = {
    { "a good server", { "220 mail.example.com ESMTP\r\n", FALSE, "250 hello\r\n", "221 bye\r\n" },
      NULL, NULL, TRUE },
    { "helo_name", { "220 mail\r\n", FALSE, "250 hello\r\n", "221 bye\r\n" },
      "lb1.example.com", NULL, TRUE },
    { "multi-line greeting and HELO reply",
      { "220-mail.example.com ESMTP\r\n220-no UCE\r\n220 ready\r\n", FALSE,
        "250-mail.example.com\r\n250-PIPELINING\r\n250 8BITMIME\r\n", "221 bye\r\n" },
      NULL, NULL, TRUE },
    { "bare LF line ends and a bare code", { "220\n", FALSE, "250 ok\n", "221\n" },
      NULL, NULL, TRUE },
    { "the QUIT reply is not judged", { "220 mail\r\n", FALSE, "250 ok\r\n", "500 what\r\n" },
      NULL, NULL, TRUE },
    { "greeting refused", { "554 no service here\r\n", FALSE, "250 ok\r\n", "221 bye\r\n" },
      NULL, "greeting 554 no service here", FALSE },
    { "multi-line refusal names its first line",
      { "421-busy\r\n421 try later\r\n", FALSE, "250 ok\r\n", "221 bye\r\n" },
      NULL, "greeting 421-busy", FALSE },
    { "HELO refused", { "220 mail\r\n", FALSE, "501 5.5.4 bad HELO\r\n", "221 bye\r\n" },
      NULL, "HELO reply 501 5.5.4 bad HELO", FALSE },
    { "a greeting that is not SMTP", { "SSH-2.0-OpenSSH_9.2\r\n", FALSE, "250 ok\r\n", NULL },
      NULL, "malformed greeting line 'SSH-2.0-OpenSSH_9.2'", FALSE },
    { "a code not followed by space or dash", { "220x\r\n", FALSE, "250 ok\r\n", NULL },
      NULL, "malformed greeting line '220x'", FALSE },
    { "control characters are not logged",
      { "554 \033[31mred\r\n", FALSE, "250 ok\r\n", NULL },
      NULL, "greeting 554 ?[31mred", FALSE },
    { "closed before the greeting", { NULL, TRUE, NULL, NULL },
      NULL, "connection closed before the greeting", FALSE },
    { "closed during the greeting", { "220-first\r\n", TRUE, NULL, NULL },
      NULL, "connection closed during the greeting", FALSE },
    { "closed during a line", { "220 mai", TRUE, NULL, NULL },
      NULL, "connection closed during the greeting", FALSE },
    { "closed instead of the QUIT reply", { "220 mail\r\n", FALSE, "250 ok\r\n", NULL },
      NULL, "connection closed before the QUIT reply", TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    run_case (&cases[i]);
}

/* A server sending a line or a reply without end is cut off. */
static void
test_hostile_lengths (void)
{
  g_autofree char *x510 = g_strnfill (510 - 4, 'x');
  g_autofree char *x511 = g_strnfill (511 - 4, 'x');
  g_autofree char *max_line = g_strdup_printf ("220 %s\r\n", x510);       /* 512 with CRLF */
  g_autofree char *long_line = g_strdup_printf ("220 %s\r\n", x511);      /* 513 */
  /* what the server writes must fit the socket buffers: it writes blocking */
  g_autofree char *huge = g_strnfill (64 * 1024, 'A');                     /* no LF */
  g_autofree char *ninety_nine = lines_of ("220", 99, "220 done\r\n");     /* 100 lines */
  g_autofree char *hundred = lines_of ("220", 100, "220 done\r\n");        /* 101 lines */
  g_autofree char *helo_lines = lines_of ("250", 150, "250 done\r\n");
  const SmtpCase cases[] = {
    { "a 512-byte line", { max_line, FALSE, "250 ok\r\n", "221 bye\r\n" }, NULL, NULL, TRUE },
    { "a 513-byte line", { long_line, FALSE, "250 ok\r\n", NULL },
      NULL, "greeting line longer than 512 bytes", FALSE },
    { "64 KiB without a line end", { huge, FALSE, "250 ok\r\n", NULL },
      NULL, "greeting line longer than 512 bytes", FALSE },
    { "a 100-line greeting", { ninety_nine, FALSE, "250 ok\r\n", "221 bye\r\n" },
      NULL, NULL, TRUE },
    { "a 101-line greeting", { hundred, FALSE, "250 ok\r\n", NULL },
      NULL, "greeting longer than 100 lines", FALSE },
    { "a 151-line HELO reply", { "220 mail\r\n", FALSE, helo_lines, NULL },
      NULL, "HELO reply longer than 100 lines", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    run_case (&cases[i]);
}

/* A silent server: the base's connect_timeout ends the attempt. */
static void
test_silent_server_times_out (void)
{
  static const SmtpScript silent = { NULL, FALSE, NULL, NULL };
  SmtpServer *server = smtp_server_new (&silent);
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  const char *error = NULL;
  gint64 start = g_get_monotonic_time ();

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_SMTP, server->port);
  conf.connect_timeout = 300 * 1000;
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_false (test_run_scheduled (checker, &error));
  g_assert_cmpstr (error, ==, "timeout after 0.3 s");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (server->connections, ==, 1);
  smtp_server_free (server);
}

static void
test_refused (void)
{
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  g_autofree char *error = NULL;

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_SMTP,
                      test_closed_port (G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP));
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_false (test_run_attempt (checker, &error));
  g_assert_cmpstr (error, ==, "connection refused");
}

/* A helo_name that would smuggle a second command is refused. */
static void
test_helo_name_injection (void)
{
  static const SmtpScript good = { "220 mail\r\n", FALSE, "250 ok\r\n", "221 bye\r\n" };
  SmtpServer *server = smtp_server_new (&good);
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  g_autofree char *error = NULL;

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_SMTP, server->port);
  conf.helo_name = (char *) "x\r\nMAIL FROM:<a@example.com>";
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_false (test_run_attempt (checker, &error));
  g_assert_cmpstr (error, ==, "helo_name is not a single line of at most 504 bytes");
  g_assert_cmpuint (server->connections, ==, 0);
  smtp_server_free (server);
}

/* bindto: the server sees the checker come from the bound address. */
static void
test_bindto (void)
{
  static const SmtpScript good = { "220 mail\r\n", FALSE, "250 ok\r\n", "221 bye\r\n" };
  SmtpServer *server = smtp_server_new (&good);
  VigilConfChecker conf;
  VigilCheckerTarget target;
  g_autoptr(VigilChecker) checker = NULL;
  g_autofree char *error = NULL;
  g_autoptr(GSocketAddress) peer = NULL;
  g_autofree char *peer_text = NULL;
  SmtpSession *session;

  test_checker_setup (&conf, &target, VIGIL_CONF_CHECKER_SMTP, server->port);
  g_assert_true (vigil_inet_addr_parse ("127.0.0.2", &conf.bindto));
  checker = vigil_checker_new (&conf, &target, NULL);
  g_assert_true (test_run_attempt (checker, &error));
  g_assert_null (error);
  g_assert_cmpuint (server->sessions->len, ==, 1);
  session = g_ptr_array_index (server->sessions, 0);
  peer = g_socket_connection_get_remote_address (session->connection, NULL);
  peer_text = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer)));
  g_assert_cmpstr (peer_text, ==, "127.0.0.2");
  smtp_server_free (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/smtp-checker/conversations", test_conversations);
  g_test_add_func ("/smtp-checker/hostile-lengths", test_hostile_lengths);
  g_test_add_func ("/smtp-checker/silent-server-times-out", test_silent_server_times_out);
  g_test_add_func ("/smtp-checker/refused", test_refused);
  g_test_add_func ("/smtp-checker/helo-name-injection", test_helo_name_injection);
  g_test_add_func ("/smtp-checker/bindto", test_bindto);
  return g_test_run ();
}
