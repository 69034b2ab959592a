/* test-http-checker.c - HTTP_GET and SSL_GET against servers in this process
 *
 * The servers (GSocketService on 127.0.0.1, driven by the test's main
 * loop) answer well, wrongly, never, or with megabytes; the TLS ones use
 * certificates made at test time with the openssl CLI and read the SNI
 * out of the ClientHello before the handshake. Checker configs are
 * written as keepalived.conf text and go through the real config loader.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "check/http-checker.h"
#include "config/config.h"

#define CAP_BYTES (32 * 1024 * 1024)   /* a hostile server stops here at worst */

static char *tls_dir;        /* certificates made by main() */

/* ---- a test server ---- */

typedef enum {
  SERVE_RESPONSE,           /* read the request, send `response`, close */
  SERVE_SILENT,             /* accept and never answer */
  SERVE_ENDLESS_STATUS,     /* "HTTP/1.1 200 AAAA..." */
  SERVE_ENDLESS_BODY,       /* headers, then body without end */
} ServeMode;

typedef struct {
  GSocketService *service;
  guint16 port;
  ServeMode mode;
  const char *response;
  GTlsCertificate *certificate;   /* TLS when set */
  gboolean ask_client_certificate;
  GPtrArray *held;                /* connections kept open */
  char *last_request;
  char *last_sni;                 /* "" when the client sent none */
  char *last_peer;                /* the client's address */
  gboolean got_client_certificate;
  guint accepted;
  guint live;                     /* connections not yet freed */
  guint64 bytes_sent;
  gboolean write_failed;          /* the client went away mid-stream */
} TestServer;

typedef struct {
  TestServer *server;
  GSocketConnection *connection;
  GIOStream *stream;
  GString *request;
  guint8 buffer[4096];
  char *chunk;
  gsize chunk_len;
} ServerConn;

static void
server_conn_free (ServerConn *sc)
{
  sc->server->live--;
  g_clear_object (&sc->stream);
  g_clear_object (&sc->connection);
  if (sc->request != NULL)
    g_string_free (sc->request, TRUE);
  g_free (sc->chunk);
  g_free (sc);
}

static void server_write_more (ServerConn *sc);

static void
on_server_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ServerConn *sc = user_data;
  gsize written = 0;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      sc->server->write_failed = TRUE;
      server_conn_free (sc);
      return;
    }
  sc->server->bytes_sent += written;
  if (sc->server->mode == SERVE_RESPONSE || sc->server->bytes_sent >= CAP_BYTES)
    {
      g_io_stream_close (sc->stream, NULL, NULL);
      server_conn_free (sc);
      return;
    }
  server_write_more (sc);
}

static void
server_write (ServerConn *sc, const char *data, gsize len)
{
  g_output_stream_write_all_async (g_io_stream_get_output_stream (sc->stream), data, len,
                                   G_PRIORITY_DEFAULT, NULL, on_server_written, sc);
}

static void
server_write_more (ServerConn *sc)
{
  server_write (sc, sc->chunk, sc->chunk_len);
}

static void
server_answer (ServerConn *sc)
{
  TestServer *server = sc->server;

  g_free (server->last_request);
  server->last_request = g_strdup (sc->request->str);
  switch (server->mode)
    {
    case SERVE_RESPONSE:
      server_write (sc, server->response, strlen (server->response));
      break;
    case SERVE_SILENT:
      g_ptr_array_add (server->held, sc);
      break;
    case SERVE_ENDLESS_STATUS:
      sc->chunk_len = 65536;
      sc->chunk = g_malloc (sc->chunk_len);
      memset (sc->chunk, 'A', sc->chunk_len);
      server_write (sc, "HTTP/1.1 200 ", 13);
      break;
    case SERVE_ENDLESS_BODY:
      sc->chunk_len = 65536;
      sc->chunk = g_malloc (sc->chunk_len);
      memset (sc->chunk, 'x', sc->chunk_len);
      server_write (sc, "HTTP/1.0 200 OK\r\n\r\n", 19);
      break;
    }
}

static void
on_server_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ServerConn *sc = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || sc->request->len > 65536)
    {
      server_conn_free (sc);
      return;
    }
  g_string_append_len (sc->request, (const char *) sc->buffer, n);
  /* a request, or anything that is not one (a TLS ClientHello) */
  if (strstr (sc->request->str, "\r\n\r\n") != NULL
      || (sc->request->len >= 4 && strncmp (sc->request->str, "GET ", 4) != 0))
    {
      server_answer (sc);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), sc->buffer, sizeof sc->buffer,
                             G_PRIORITY_DEFAULT, NULL, on_server_read, sc);
}

static void
server_read_request (ServerConn *sc)
{
  sc->request = g_string_new (NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (sc->stream), sc->buffer,
                             sizeof sc->buffer, G_PRIORITY_DEFAULT, NULL, on_server_read, sc);
}

static void
on_server_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ServerConn *sc = user_data;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, NULL))
    {
      server_conn_free (sc);
      return;
    }
  sc->server->got_client_certificate =
    g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (source)) != NULL;
  server_read_request (sc);
}

/* The SNI host name of a TLS ClientHello, "" if it has none; NULL while
 * the record is incomplete. */
static char *
client_hello_sni (const guint8 *p, gsize n)
{
  gsize record_len, pos, ext_end;
  const guint8 *h;

  if (n < 5)
    return NULL;
  record_len = (gsize) (p[3] << 8 | p[4]);
  if (n < 5 + record_len)
    return NULL;
  h = p + 5;
  if (p[0] != 22 || record_len < 4 || h[0] != 1)
    return g_strdup ("");
  pos = 4 + 2 + 32;                                     /* version, random */
  if (pos + 1 > record_len)
    return g_strdup ("");
  pos += 1 + h[pos];                                    /* session id */
  if (pos + 2 > record_len)
    return g_strdup ("");
  pos += 2 + (gsize) (h[pos] << 8 | h[pos + 1]);        /* cipher suites */
  if (pos + 1 > record_len)
    return g_strdup ("");
  pos += 1 + h[pos];                                    /* compression */
  if (pos + 2 > record_len)
    return g_strdup ("");
  ext_end = MIN (record_len, pos + 2 + (gsize) (h[pos] << 8 | h[pos + 1]));
  pos += 2;
  while (pos + 4 <= ext_end)
    {
      guint type = (guint) (h[pos] << 8 | h[pos + 1]);
      gsize len = (gsize) (h[pos + 2] << 8 | h[pos + 3]);

      pos += 4;
      if (pos + len > ext_end)
        break;
      if (type == 0 && len >= 5 && 5 + (gsize) (h[pos + 3] << 8 | h[pos + 4]) <= len)
        return g_strndup ((const char *) h + pos + 5, (gsize) (h[pos + 3] << 8 | h[pos + 4]));
      pos += len;
    }
  return g_strdup ("");
}

static gboolean server_peek_hello (gpointer user_data);

static gboolean
accept_any (GTlsConnection *connection, GTlsCertificate *peer, GTlsCertificateFlags errors,
            gpointer user_data)
{
  return TRUE;
}

static gboolean
server_peek_hello (gpointer user_data)
{
  ServerConn *sc = user_data;
  guint8 hello[16384];
  int fd = g_socket_get_fd (g_socket_connection_get_socket (sc->connection));
  gssize n = recv (fd, hello, sizeof hello, MSG_PEEK | MSG_DONTWAIT);
  char *sni;
  GIOStream *tls;

  if (n == 0 || (n < 0 && errno != EAGAIN))
    {
      server_conn_free (sc);
      return G_SOURCE_REMOVE;
    }
  sni = n > 0 ? client_hello_sni (hello, (gsize) n) : NULL;
  if (sni == NULL && n < (gssize) sizeof hello)
    {
      g_timeout_add (2, server_peek_hello, sc);     /* not all there yet */
      return G_SOURCE_REMOVE;
    }
  g_free (sc->server->last_sni);
  sc->server->last_sni = sni != NULL ? sni : g_strdup ("");
  tls = g_tls_server_connection_new (G_IO_STREAM (sc->connection), sc->server->certificate, NULL);
  g_assert_nonnull (tls);
  if (sc->server->ask_client_certificate)
    {
      g_object_set (tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUESTED, NULL);
      g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any), NULL);
    }
  sc->stream = tls;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    on_server_handshake, sc);
  return G_SOURCE_REMOVE;
}

static gboolean
on_incoming (GSocketService *service, GSocketConnection *connection, GObject *source,
             gpointer user_data)
{
  TestServer *server = user_data;
  ServerConn *sc = g_new0 (ServerConn, 1);
  g_autoptr(GSocketAddress) peer = g_socket_connection_get_remote_address (connection, NULL);

  server->accepted++;
  server->live++;
  g_free (server->last_peer);
  server->last_peer = g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (peer)));
  sc->server = server;
  sc->connection = g_object_ref (connection);
  if (server->certificate != NULL)
    server_peek_hello (sc);
  else
    {
      sc->stream = G_IO_STREAM (g_object_ref (connection));
      server_read_request (sc);
    }
  return TRUE;
}

static TestServer *
test_server_new (ServeMode mode, const char *response)
{
  TestServer *server = g_new0 (TestServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_from_string ("127.0.0.1");
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->mode = mode;
  server->response = response;
  server->held = g_ptr_array_new_with_free_func ((GDestroyNotify) server_conn_free);
  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), any_port,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                 &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
  return server;
}

static void test_server_drain (TestServer *server);

static void
test_server_free (TestServer *server)
{
  test_server_drain (server);
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  g_ptr_array_unref (server->held);
  g_clear_object (&server->certificate);
  g_free (server->last_request);
  g_free (server->last_sni);
  g_free (server->last_peer);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Let the server's connections finish (the client went away, or the
 * response was written), boundedly. */
static void
test_server_drain (TestServer *server)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (100, tick, NULL);

  while (server->live > server->held->len && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
  g_assert_cmpuint (server->live, ==, server->held->len);
}

/* ---- checkers from config text ---- */

typedef struct {
  VigilConfig *config;
  VigilChecker *checker;
} Loaded;

static void
loaded_clear (Loaded *loaded)
{
  g_clear_object (&loaded->checker);
  g_clear_pointer (&loaded->config, vigil_config_free);
}

/* `ssl_block` (may be "") at top level, `checker` inside a real server
 * 127.0.0.1:PORT. */
static Loaded
load_checker (const char *ssl_block, guint16 port, const char *checker)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autofree char *text = g_strdup_printf ("%s\n"
                                           "virtual_server 192.0.2.1 80 {\n"
                                           "  real_server 127.0.0.1 %u {\n"
                                           "%s\n"
                                           "  }\n"
                                           "}\n", ssl_block, port, checker);
  const VigilConfVirtualServer *vs;
  const VigilConfRealServer *rs;
  VigilCheckerTarget target = { 0 };
  g_autoptr(GError) error = NULL;
  Loaded loaded = { 0 };

  loaded.config = vigil_config_load_string ("test.conf", text, NULL, diags);
  if (loaded.config == NULL)
    {
      vigil_diag_list_print (diags, stderr);
      g_error ("the test config does not load:\n%s", text);
    }
  vs = g_ptr_array_index (loaded.config->virtual_servers, 0);
  rs = g_ptr_array_index (vs->real_servers, 0);
  target.config = loaded.config;
  target.server_addr = rs->addr;
  target.server_port = rs->port;
  loaded.checker = vigil_checker_new (g_ptr_array_index (rs->checkers, 0), &target, &error);
  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_HTTP_CHECKER (loaded.checker));
  return loaded;
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} AttemptResult;

static void
on_attempt_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AttemptResult *r = user_data;

  r->ok = VIGIL_CHECKER_GET_CLASS (source)->check_finish (VIGIL_CHECKER (source), result,
                                                           &r->error);
  r->done = TRUE;
}

/* Iterate the default context until *done or 10 s passed. */
static void
iterate_until (const gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (100, tick, NULL);

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (ticker);
}

/* One attempt; NULL when it passed, else its error message. */
static char *
run_attempt (VigilChecker *checker, GCancellable *cancellable)
{
  AttemptResult r = { 0 };
  char *message;

  VIGIL_CHECKER_GET_CLASS (checker)->check_async (checker, cancellable, on_attempt_done, &r);
  iterate_until (&r.done);
  g_assert_true (r.done);
  g_assert_true (r.ok == (r.error == NULL));
  if (r.ok)
    return NULL;
  message = g_strdup (r.error->message);
  g_error_free (r.error);
  return message;
}

static void
assert_attempt (VigilChecker *checker, const char *expected_error)
{
  g_autofree char *error = run_attempt (checker, NULL);

  if (expected_error == NULL)
    g_assert_cmpstr (error, ==, NULL);
  else if (error == NULL || strstr (error, expected_error) == NULL)
    g_error ("attempt error '%s', expected '%s'", error ? error : "(passed)", expected_error);
}

#define BODY "<html><body>vigil test page</body></html>\n"
#define OK_RESPONSE "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" BODY

/* ---- HTTP_GET ---- */

typedef struct {
  const char *name;
  const char *response;
  const char *url;            /* the url { } block's contents */
  const char *expected_error; /* NULL: passes */
} HttpCase;

static void
test_http_table (void)
{
  g_autofree char *md5 = g_compute_checksum_for_string (G_CHECKSUM_MD5, BODY, -1);
  g_autofree char *good_digest = g_strdup_printf ("path /\ndigest %s", md5);
  g_autofree char *wrong_digest_error = g_strdup_printf ("digest mismatch: got %s", md5);
  const HttpCase cases[] = {
    { "up", OK_RESPONSE, "path /", NULL },
    { "wrong-status", "HTTP/1.1 500 Internal Server Error\r\n\r\n", "path /",
      "url /: status 500 not in 200-299" },
    { "status-list", "HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n",
      "path /\nstatus_code 200 301-302", NULL },
    { "status-list-miss", "HTTP/1.1 404 Not Found\r\n\r\n", "path /\nstatus_code 200 301-302",
      "status 404 not in 200,301-302" },
    { "digest", OK_RESPONSE, good_digest, NULL },
    { "wrong-digest", OK_RESPONSE, "path /\ndigest 00000000000000000000000000000000",
      wrong_digest_error },
    { "digest-chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "f\r\n<html><body>vig\r\n1b\r\nil test page</body></html>\n\r\n0\r\n\r\n", good_digest,
      NULL },
    { "regex", OK_RESPONSE, "path /\nregex \"test pa[g]e\"", NULL },
    { "regex-miss", OK_RESPONSE, "path /\nregex \"maintenance\"",
      "body does not match regex 'maintenance'" },
    { "regex-no-match", OK_RESPONSE, "path /\nregex \"maintenance\"\nregex_no_match", NULL },
    { "regex-no-match-hit", OK_RESPONSE, "path /\nregex \"vigil\"\nregex_no_match",
      "body matches regex 'vigil'" },
    { "regex-caseless", OK_RESPONSE, "path /\nregex \"VIGIL\"\nregex_options caseless", NULL },
    { "regex-max-offset", OK_RESPONSE, "path /\nregex \"page\"\nregex_max_offset 5",
      "body does not match" },
    { "regex-min-offset", OK_RESPONSE, "path /\nregex \"<html>\"\nregex_min_offset 1",
      "body does not match" },
    { "garbage", "SSH-2.0-OpenSSH_9.2\r\n", "path /", "not an HTTP response" },
    { "empty", "", "path /", "empty response" },
    { "truncated", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", good_digest,
      "connection closed after 5 of 100 body bytes" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestServer) server = test_server_new (SERVE_RESPONSE, cases[i].response);
      g_autofree char *checker = g_strdup_printf ("HTTP_GET {\nurl {\n%s\n}\n}", cases[i].url);
      Loaded loaded = load_checker ("", server->port, checker);

      g_test_message ("case %s", cases[i].name);
      assert_attempt (loaded.checker, cases[i].expected_error);
      g_assert_cmpuint (server->accepted, ==, 1);
      test_server_drain (server);
      loaded_clear (&loaded);
    }
}

static void
test_http_request_sent (void)
{
  g_autoptr(TestServer) server = test_server_new (SERVE_RESPONSE, OK_RESPONSE);
  g_autofree char *expected = NULL;
  Loaded loaded;

  /* keepalived's request: Host is the address and port without a virtualhost */
  loaded = load_checker ("", server->port, "HTTP_GET {\nurl {\npath /health\n}\n}");
  assert_attempt (loaded.checker, NULL);
  expected = g_strdup_printf ("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
                              "Host: 127.0.0.1:%u\r\n\r\n", server->port);
  g_assert_cmpstr (server->last_request, ==, expected);
  loaded_clear (&loaded);

  loaded = load_checker ("", server->port,
                         "HTTP_GET {\nhttp_protocol 1.1\nvirtualhost www.example.test\n"
                         "url {\npath /a\n}\nurl {\npath /b\nvirtualhost b.example.test\n}\n}");
  assert_attempt (loaded.checker, NULL);
  g_assert_cmpuint (server->accepted, ==, 3);   /* one connection per url */
  g_assert_cmpstr (server->last_request, ==,
                   "GET /b HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
                   "Host: b.example.test\r\n\r\n");
  test_server_drain (server);
  loaded_clear (&loaded);
}

static void
test_http_every_url_must_pass (void)
{
  g_autoptr(TestServer) good = test_server_new (SERVE_RESPONSE, OK_RESPONSE);
  Loaded loaded;

  /* the second url wants a status the server does not give */
  loaded = load_checker ("", good->port,
                         "HTTP_GET {\nurl {\npath /one\n}\nurl {\npath /two\nstatus_code 204\n}\n}");
  assert_attempt (loaded.checker, "url /two: status 200 not in 204");
  g_assert_cmpuint (good->accepted, ==, 2);
  test_server_drain (good);
  loaded_clear (&loaded);
}

static void
test_http_connection_refused (void)
{
  guint16 port;
  Loaded loaded;

  {
    g_autoptr(TestServer) gone = test_server_new (SERVE_RESPONSE, OK_RESPONSE);

    port = gone->port;
  }
  loaded = load_checker ("", port, "HTTP_GET {\nurl {\npath /\n}\n}");
  assert_attempt (loaded.checker, "url /: connection refused");
  loaded_clear (&loaded);
}

static void
test_http_bindto (void)
{
  g_autoptr(TestServer) server = test_server_new (SERVE_RESPONSE, OK_RESPONSE);
  Loaded loaded = load_checker ("", server->port,
                                "HTTP_GET {\nbindto 127.0.0.2\nurl {\npath /\n}\n}");

  assert_attempt (loaded.checker, NULL);
  g_assert_cmpstr (server->last_peer, ==, "127.0.0.2");
  test_server_drain (server);
  loaded_clear (&loaded);
}

/* ---- hostile servers ---- */

static void
test_hostile_megabyte_status_line (void)
{
  g_autoptr(TestServer) server = test_server_new (SERVE_ENDLESS_STATUS, NULL);
  Loaded loaded = load_checker ("", server->port, "HTTP_GET {\nurl {\npath /\n}\n}");

  assert_attempt (loaded.checker, "url /: response status line too long (over 8192 bytes)");
  test_server_drain (server);
  /* the checker hung up: the server could not send its 32 MiB */
  g_assert_true (server->write_failed);
  g_assert_cmpuint (server->bytes_sent, <, CAP_BYTES);
  loaded_clear (&loaded);
}

static void
test_hostile_endless_body (void)
{
  g_autoptr(TestServer) server = test_server_new (SERVE_ENDLESS_BODY, NULL);
  Loaded loaded;

  /* with a digest the body is needed: it is cut at 1 MiB */
  loaded = load_checker ("", server->port,
                         "HTTP_GET {\nurl {\npath /\ndigest 00000000000000000000000000000000\n}\n}");
  assert_attempt (loaded.checker, "url /: response body is over the 1048576-byte limit");
  loaded_clear (&loaded);
  test_server_drain (server);
  g_assert_true (server->write_failed);
  g_assert_cmpuint (server->bytes_sent, <, CAP_BYTES);

  /* a status-only check stops at the status line and passes */
  server->write_failed = FALSE;
  loaded = load_checker ("", server->port, "HTTP_GET {\nurl {\npath /\n}\n}");
  assert_attempt (loaded.checker, NULL);
  loaded_clear (&loaded);
  test_server_drain (server);
  g_assert_true (server->write_failed);
}

static void
test_hostile_silent_server_times_out (void)
{
  g_autoptr(TestServer) server = test_server_new (SERVE_SILENT, NULL);
  Loaded loaded = load_checker ("", server->port,
                                "HTTP_GET {\nconnect_timeout 1\nretry 0\ndelay_loop 60\nwarmup 0\n"
                                "url {\npath /\n}\n}");
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + 10 * G_USEC_PER_SEC;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *error = NULL;

  /* through the base class: its timeout cancels the attempt */
  g_assert_true (vigil_checker_is_up (loaded.checker));
  vigil_checker_start (loaded.checker);
  while (vigil_checker_get_checks (loaded.checker) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (vigil_checker_get_checks (loaded.checker), ==, 1);
  g_assert_false (vigil_checker_is_up (loaded.checker));
  g_assert_nonnull (strstr (vigil_checker_get_last_error (loaded.checker), "timeout"));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);
  vigil_checker_stop (loaded.checker);

  /* and a cancelled attempt ends at once with CANCELLED */
  g_cancellable_cancel (cancellable);
  error = run_attempt (loaded.checker, cancellable);
  g_assert_nonnull (error);
  loaded_clear (&loaded);
}

/* ---- SSL_GET ---- */

static char *
tls_path (const char *name)
{
  return g_build_filename (tls_dir, name, NULL);
}

static TestServer *
tls_server_new (void)
{
  TestServer *server = test_server_new (SERVE_RESPONSE, OK_RESPONSE);
  g_autofree char *cert = tls_path ("server.pem");
  g_autofree char *key = tls_path ("server.key");
  g_autoptr(GError) error = NULL;

  server->certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  return server;
}

static char *
ssl_block_for (const char *ca, const char *cert, const char *key)
{
  g_autofree char *ca_path = ca ? tls_path (ca) : NULL;
  g_autofree char *cert_path = cert ? tls_path (cert) : NULL;
  g_autofree char *key_path = key ? tls_path (key) : NULL;

  return g_strdup_printf ("SSL {\n%s%s%s%s%s%s%s%s%s}\n",
                          ca ? "ca " : "", ca ? ca_path : "", ca ? "\n" : "",
                          cert ? "certificate " : "", cert ? cert_path : "", cert ? "\n" : "",
                          key ? "key " : "", key ? key_path : "", key ? "\n" : "");
}

typedef struct {
  const char *name;
  const char *ca;             /* SSL block's ca, or NULL */
  const char *checker_extra;  /* lines of the SSL_GET block */
  const char *expected_error;
  const char *expected_sni;   /* what the server saw ("" = none) */
} TlsCase;

static void
test_tls_table (void)
{
  const TlsCase cases[] = {
    { "self-signed-accepted", NULL, "", NULL, "" },
    { "no-sni-without-enable_sni", NULL, "virtualhost www.example.test", NULL, "" },
    { "sni", NULL, "enable_sni\nvirtualhost www.example.test", NULL, "www.example.test" },
    { "sni-needs-a-host-name", NULL, "enable_sni", NULL, "" },
    { "ca-verified", "server.pem", "virtualhost www.example.test", NULL, "" },
    { "ca-verified-sni", "server.pem", "enable_sni\nvirtualhost www.example.test", NULL,
      "www.example.test" },
    { "ca-unknown", "other.pem", "virtualhost www.example.test",
      "server certificate refused: not signed by the configured ca", "" },
    { "ca-wrong-name", "server.pem", "virtualhost wrong.example.test",
      "server certificate refused: it does not name wrong.example.test", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestServer) server = tls_server_new ();
      g_autofree char *ssl = cases[i].ca ? ssl_block_for (cases[i].ca, NULL, NULL) : g_strdup ("");
      g_autofree char *checker = g_strdup_printf ("SSL_GET {\n%s\nurl {\npath /\n}\n}",
                                                  cases[i].checker_extra);
      Loaded loaded = load_checker (ssl, server->port, checker);

      g_test_message ("case %s", cases[i].name);
      assert_attempt (loaded.checker, cases[i].expected_error);
      g_assert_cmpstr (server->last_sni, ==, cases[i].expected_sni);
      test_server_drain (server);
      loaded_clear (&loaded);
    }
}

static void
test_tls_client_certificate (void)
{
  g_autoptr(TestServer) server = tls_server_new ();
  g_autofree char *ssl = ssl_block_for (NULL, "client.pem", "client.key");
  Loaded loaded = load_checker (ssl, server->port, "SSL_GET {\nurl {\npath /\n}\n}");

  server->ask_client_certificate = TRUE;
  assert_attempt (loaded.checker, NULL);
  g_assert_true (server->got_client_certificate);
  test_server_drain (server);
  loaded_clear (&loaded);
}

static void
test_tls_bad_material (void)
{
  g_autoptr(TestServer) server = tls_server_new ();
  g_autofree char *ssl = g_strdup ("SSL {\nca /nonexistent/ca.pem\n}\n");
  Loaded loaded = load_checker (ssl, server->port, "SSL_GET {\nurl {\npath /\n}\n}");

  g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*SSL ca /nonexistent/ca.pem*");
  assert_attempt (loaded.checker, "url /: SSL ca /nonexistent/ca.pem");
  g_test_assert_expected_messages ();
  loaded_clear (&loaded);
}

static void
test_tls_to_plain_server (void)
{
  g_autoptr(TestServer) server = test_server_new (SERVE_RESPONSE, OK_RESPONSE);
  Loaded loaded = load_checker ("", server->port, "SSL_GET {\nurl {\npath /\n}\n}");

  assert_attempt (loaded.checker, "url /: TLS handshake failed");
  test_server_drain (server);
  loaded_clear (&loaded);
}

/* ---- setup ---- */

static void
make_certificate (const char *name, const char *host)
{
  g_autofree char *key = g_strdup_printf ("%s/%s.key", tls_dir, name);
  g_autofree char *cert = g_strdup_printf ("%s/%s.pem", tls_dir, name);
  g_autofree char *subject = g_strdup_printf ("/CN=%s", host);
  g_autofree char *san = g_strdup_printf ("subjectAltName=DNS:%s", host);
  const char *argv[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", subject,
    "-addext", san, NULL
  };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
remove_tls_dir (void)
{
  const char *names[] = { "server", "other", "client" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s.key", tls_dir, names[i]);
      g_autofree char *cert = g_strdup_printf ("%s/%s.pem", tls_dir, names[i]);

      g_unlink (key);
      g_unlink (cert);
    }
  g_rmdir (tls_dir);
  g_clear_pointer (&tls_dir, g_free);
}

/* GIO's TLS handshakes run on GTask pool threads, which then hold
 * dynamic TLS of the gnutls module; LeakSanitizer (clang 14) crashes
 * scanning that at exit ("Tracer caught signal 11"). Let those idle
 * threads end first (bounded: 10 s). */
static guint
count_pool_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", name);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "pool-")
          && !g_str_has_prefix (comm, "pool-spawner"))
        n++;
    }
  return n;
}

static void
wait_for_pool_threads (void)
{
  g_thread_pool_set_max_unused_threads (0);
  for (guint i = 0; i < 100 && count_pool_threads () > 0; i++)
    {
      g_thread_pool_stop_unused_threads ();
      g_usleep (100000);
    }
}

int
main (int argc, char **argv)
{
  int status;
  gboolean have_tls;
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/http-checker/http/table", test_http_table);
  g_test_add_func ("/http-checker/http/request-sent", test_http_request_sent);
  g_test_add_func ("/http-checker/http/every-url-must-pass", test_http_every_url_must_pass);
  g_test_add_func ("/http-checker/http/connection-refused", test_http_connection_refused);
  g_test_add_func ("/http-checker/http/bindto", test_http_bindto);
  g_test_add_func ("/http-checker/hostile/megabyte-status-line", test_hostile_megabyte_status_line);
  g_test_add_func ("/http-checker/hostile/endless-body", test_hostile_endless_body);
  g_test_add_func ("/http-checker/hostile/silent-server-times-out",
                   test_hostile_silent_server_times_out);

  have_tls = g_tls_backend_supports_tls (g_tls_backend_get_default ())
             && openssl != NULL;
  if (have_tls)
    {
      tls_dir = g_dir_make_tmp ("vigil-http-checker-XXXXXX", NULL);
      make_certificate ("server", "www.example.test");
      make_certificate ("other", "other.example.test");
      make_certificate ("client", "client.example.test");
      g_test_add_func ("/http-checker/tls/table", test_tls_table);
      g_test_add_func ("/http-checker/tls/client-certificate", test_tls_client_certificate);
      g_test_add_func ("/http-checker/tls/bad-material", test_tls_bad_material);
      g_test_add_func ("/http-checker/tls/to-plain-server", test_tls_to_plain_server);
    }
  status = g_test_run ();
  wait_for_pool_threads ();
  if (tls_dir != NULL)
    remove_tls_dir ();
  return status;
}
