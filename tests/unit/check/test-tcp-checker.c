/* test-tcp-checker.c - TCP_CHECK attempts against loopback listeners
 *
 * Each case runs one attempt of a VigilTcpChecker (through the class's
 * check_async, as the base runs it) and looks at the verdict and the
 * reason: a listener accepts, a closed port refuses, bindto chooses the
 * source address, a missing bind_if interface is an error that says so,
 * and a cancelled attempt (the base's timeout) ends promptly.
 */
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>
#include "check/checker.h"
#include "check/tcp-checker.h"

typedef struct
{
  VigilConfChecker conf;
  VigilCheckerTarget target;
  GSocketListener *listener;
  guint16 port;
  GSocketAddress *peer;       /* the last accepted connection's source */
} Fixture;

static void
on_accepted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Fixture *fx = user_data;
  g_autoptr (GSocketConnection) connection = NULL;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection == NULL)
    return;
  g_clear_object (&fx->peer);
  fx->peer = g_socket_connection_get_remote_address (connection, NULL);
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  memset (fx, 0, sizeof *fx);
  fx->conf.type = VIGIL_CONF_CHECKER_TCP;
  fx->conf.connect_timeout = 2 * G_USEC_PER_SEC;
  fx->conf.delay_loop = 60 * G_USEC_PER_SEC;
  fx->conf.retry = 1;
  fx->listener = g_socket_listener_new ();
  fx->port = g_socket_listener_add_any_inet_port (fx->listener, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_inet_addr_parse ("127.0.0.1", &fx->target.server_addr));
  fx->target.server_port = fx->port;
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_socket_listener_close (fx->listener);
  g_clear_object (&fx->listener);
  g_clear_object (&fx->peer);
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Outcome;

static void
on_checked (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Outcome *outcome = user_data;
  VigilChecker *checker = VIGIL_CHECKER (source);

  outcome->ok = VIGIL_CHECKER_GET_CLASS (checker)->check_finish (checker, result,
                                                                 &outcome->error);
  outcome->done = TRUE;
}

/* One attempt, bounded to 5 s; with `cancel_after_ms` the attempt is
 * cancelled that long after it began. */
static gboolean
attempt (Fixture *fx, GError **error, guint cancel_after_ms)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (VigilChecker) checker = vigil_checker_new (&fx->conf, &fx->target, &local);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gint64 cancel_at = cancel_after_ms > 0
                       ? g_get_monotonic_time () + cancel_after_ms * 1000 : G_MAXINT64;
  Outcome outcome = { 0 };

  g_assert_no_error (local);
  g_assert_true (VIGIL_IS_TCP_CHECKER (checker));
  g_socket_listener_accept_async (fx->listener, NULL, on_accepted, fx);
  VIGIL_CHECKER_GET_CLASS (checker)->check_async (checker, cancellable, on_checked, &outcome);
  while (!outcome.done && g_get_monotonic_time () < deadline)
    {
      if (g_get_monotonic_time () >= cancel_at)
        g_cancellable_cancel (cancellable);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_true (outcome.done);
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.ok;
}

static void
test_connect_ok (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (attempt (fx, &error, 0));
  g_assert_no_error (error);
}

static void
test_connection_refused (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_socket_listener_close (fx->listener);
  g_assert_false (attempt (fx, &error, 0));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_cmpstr (error->message, ==, "connection refused");
}

/* connect_port wins over the real server's port. */
static void
test_connect_port (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->target.server_port = 1;         /* nothing listens there */
  fx->conf.connect_port = fx->port;
  g_assert_true (attempt (fx, &error, 0));
  g_assert_no_error (error);
}

/* bindto chooses the source address the server sees. */
static void
test_bindto (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *seen = NULL;
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  g_assert_true (vigil_inet_addr_parse ("127.0.0.2", &fx->conf.bindto));
  g_assert_true (attempt (fx, &error, 0));
  g_assert_no_error (error);
  while (fx->peer == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (fx->peer);
  seen = g_inet_address_to_string (
    g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (fx->peer)));
  g_assert_cmpstr (seen, ==, "127.0.0.2");
}

/* bind_if naming no interface: the attempt fails and says why. */
static void
test_bind_if_missing (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fx->conf.bind_if = (char *) "vigil-no-such0";
  if (geteuid () != 0)
    {
      g_test_skip ("SO_BINDTODEVICE needs CAP_NET_RAW");
      return;
    }
  g_assert_false (attempt (fx, &error, 0));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "vigil-no-such0"));
}

/* A cancelled attempt (the base's timeout) ends at once with CANCELLED.
 * 192.0.2.1 is not routed here: the connect either fails at once
 * (unreachable) or hangs until the cancel. */
static void
test_cancelled (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gint64 begun = g_get_monotonic_time ();

  g_assert_true (vigil_inet_addr_parse ("192.0.2.1", &fx->target.server_addr));
  g_assert_false (attempt (fx, &error, 50));
  g_assert_nonnull (error);
  g_assert_cmpint (g_get_monotonic_time () - begun, <, 2 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/tcp-checker/connect-ok", test_connect_ok);
  ADD ("/tcp-checker/connection-refused", test_connection_refused);
  ADD ("/tcp-checker/connect-port", test_connect_port);
  ADD ("/tcp-checker/bindto", test_bindto);
  ADD ("/tcp-checker/bind-if-missing", test_bind_if_missing);
  ADD ("/tcp-checker/cancelled", test_cancelled);
#undef ADD
  return g_test_run ();
}
