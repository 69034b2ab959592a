/* checker-fixture.h - shared by the PING/MISC/FILE checker tests: a
 * checker built from config text, and one attempt driven by hand (the
 * cancellable standing in for the base's timeout). Header only. */
#pragma once

#include <stdio.h>
#include <gio/gio.h>
#include "check/checker.h"
#include "config/config.h"

typedef struct {
  VigilConfig *config;
  VigilCheckerTarget target;
  const VigilConfRealServer *real_server;
  VigilChecker *checker;
} VigilCheckerTestFixture;

static inline void
vigil_checker_test_fixture_free (VigilCheckerTestFixture *fixture)
{
  if (fixture->checker != NULL)
    {
      vigil_checker_stop (fixture->checker);
      g_object_unref (fixture->checker);
    }
  vigil_config_free (fixture->config);
  g_free (fixture);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilCheckerTestFixture, vigil_checker_test_fixture_free)

/* The first checker of the first real server of the first virtual
 * server in `text`. */
static inline VigilCheckerTestFixture *
vigil_checker_test_fixture_new (const char *text)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(GError) error = NULL;
  VigilCheckerTestFixture *fixture = g_new0 (VigilCheckerTestFixture, 1);
  const VigilConfVirtualServer *vs;

  fixture->config = vigil_config_load_string ("test.conf", text, NULL, diags);
  if (fixture->config == NULL)
    vigil_diag_list_print (diags, stderr);
  g_assert_nonnull (fixture->config);
  vs = g_ptr_array_index (fixture->config->virtual_servers, 0);
  fixture->real_server = g_ptr_array_index (vs->real_servers, 0);
  fixture->target.config = fixture->config;
  fixture->target.server_addr = fixture->real_server->addr;
  fixture->target.server_port = fixture->real_server->port;
  fixture->checker = vigil_checker_new (g_ptr_array_index (fixture->real_server->checkers, 0),
                                        &fixture->target, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->checker);
  return fixture;
}

typedef struct {
  gboolean done;
  gboolean ok;
  GError *error;
} VigilCheckerTestAttempt;

static inline void
vigil_checker_test_attempt_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  VigilCheckerTestAttempt *attempt = user_data;

  attempt->ok = VIGIL_CHECKER_GET_CLASS (source)->check_finish (VIGIL_CHECKER (source), result,
                                                                &attempt->error);
  attempt->done = TRUE;
}

static inline gboolean
vigil_checker_test_cancel (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* One attempt through the subclass's check_async/check_finish, its
 * cancellable cancelled after `timeout_ms` as the base does on timeout.
 * `*took_us` (if not NULL) gets how long it ran. */
static inline gboolean
vigil_checker_test_attempt (VigilChecker *checker, guint timeout_ms, gint64 *took_us,
                            GError **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  VigilCheckerTestAttempt attempt = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64) timeout_ms * 1000 + 15 * G_USEC_PER_SEC;
  guint timer;

  timer = g_timeout_add (timeout_ms, vigil_checker_test_cancel, cancellable);
  VIGIL_CHECKER_GET_CLASS (checker)->check_async (checker, cancellable,
                                                  vigil_checker_test_attempt_done, &attempt);
  while (!attempt.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (attempt.done);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timer);
  if (took_us != NULL)
    *took_us = g_get_monotonic_time () - start;
  if (attempt.error != NULL)
    g_propagate_error (error, attempt.error);
  return attempt.ok;
}

/* Run the loop until the checker completed `n` attempts (bounded). */
static inline void
vigil_checker_test_wait_checks (VigilChecker *checker, guint64 n, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (vigil_checker_get_checks (checker) < n && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  g_assert_cmpuint (vigil_checker_get_checks (checker), >=, n);
}

/* Run the loop until the checker is `up` (bounded); FALSE on timeout. */
static inline gboolean
vigil_checker_test_wait_state (VigilChecker *checker, gboolean up, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (vigil_checker_is_up (checker) != up && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  return vigil_checker_is_up (checker) == up;
}

/* ::1 exists here (IPv6 may be disabled in a container). */
static inline gboolean
vigil_checker_test_have_ipv6 (void)
{
  g_autofree char *text = NULL;

  return g_file_get_contents ("/proc/net/if_inet6", &text, NULL, NULL)
         && strstr (text, "00000000000000000000000000000001") != NULL;
}
