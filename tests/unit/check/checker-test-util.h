/* checker-test-util.h - running real checkers against servers on 127.0.0.1
 *
 * The servers live in the test's own main loop, so an attempt and the
 * server it talks to advance together under g_main_context_iteration().
 * Every wait is bounded.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>
#include "check/checker.h"

#define TEST_WAIT_LIMIT (10 * G_USEC_PER_SEC)

/* A checker config as the parser resolves it, aimed at 127.0.0.1:port. */
static inline void
test_checker_setup (VigilConfChecker *conf, VigilCheckerTarget *target,
                    VigilConfCheckerType type, guint16 port)
{
  memset (conf, 0, sizeof *conf);
  conf->type = type;
  conf->connect_timeout = 2 * G_USEC_PER_SEC;
  conf->delay_loop = 60 * G_USEC_PER_SEC;
  conf->delay_before_retry = 60 * G_USEC_PER_SEC;
  conf->warmup = 0;
  conf->retry = 0;
  conf->max_reply_length = 255;
  memset (target, 0, sizeof *target);
  g_assert_true (vigil_inet_addr_parse ("127.0.0.1", &target->server_addr));
  target->server_port = port;
}

typedef struct {
  gboolean done;
  gboolean ok;
  char *error;
} TestAttempt;

static inline void
test_attempt_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TestAttempt *attempt = user_data;
  g_autoptr(GError) error = NULL;

  attempt->ok = VIGIL_CHECKER_GET_CLASS (source)->check_finish (VIGIL_CHECKER (source),
                                                                result, &error);
  g_assert_true (attempt->ok == (error == NULL));
  attempt->error = error != NULL ? g_strdup (error->message) : NULL;
  attempt->done = TRUE;
}

/* One attempt of `checker` (its check_async, outside the schedule);
 * returns whether it passed, and its error in *error_text (free it). */
static inline gboolean
test_run_attempt (VigilChecker *checker, char **error_text)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TestAttempt attempt = { 0 };
  gint64 deadline = g_get_monotonic_time () + TEST_WAIT_LIMIT;

  VIGIL_CHECKER_GET_CLASS (checker)->check_async (checker, cancellable, test_attempt_done,
                                                  &attempt);
  while (!attempt.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (attempt.done);
  *error_text = attempt.error;
  return attempt.ok;
}

static inline void
test_on_checked (VigilChecker *checker, gboolean ok, gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* One attempt through the base's schedule (warmup 0), so its timeout
 * applies; returns the result and the base's last error (borrowed). */
static inline gboolean
test_run_scheduled (VigilChecker *checker, const char **last_error)
{
  guint checked = 0;
  gint64 deadline = g_get_monotonic_time () + TEST_WAIT_LIMIT;
  gulong handler = g_signal_connect (checker, "checked", G_CALLBACK (test_on_checked), &checked);

  vigil_checker_start (checker);
  while (checked == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  vigil_checker_stop (checker);
  g_signal_handler_disconnect (checker, handler);
  g_assert_cmpuint (checked, ==, 1);
  *last_error = vigil_checker_get_last_error (checker);
  return vigil_checker_get_last_result (checker);
}

/* A loopback port nothing listens on (for `protocol`), as free as the
 * kernel allows at the moment it is returned. */
static inline guint16
test_closed_port (GSocketType type, GSocketProtocol protocol)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, protocol, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  g_socket_close (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A UDP socket on 127.0.0.1 or ::1 (ephemeral port), non-blocking,
 * watched by `func` in the default context. */
static inline GSocket *
test_udp_server_new (GSocketFamily family, GSocketSourceFunc func, gpointer user_data,
                     guint16 *port, GSource **source)
{
  GSocket *socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  g_socket_set_blocking (socket, FALSE);
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  *source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (*source, G_SOURCE_FUNC (func), user_data, NULL);
  g_source_attach (*source, NULL);
  return socket;
}
