/* test-checker.c - the VigilChecker schedule: retries, alpha, timeouts, stop
 *
 * A test-only subclass answers each attempt from a script of outcomes
 * ('+' pass, '-' fail, 'h' hang until cancelled), so the base's rules are
 * checked without any network.
 */
#include <gio/gio.h>
#include "check/checker.h"

typedef struct
{
  VigilChecker parent_instance;
  const char *script;     /* outcomes, one char per attempt; the last repeats */
  guint attempts;
  GTask *hung;            /* the hanging attempt */
  GCancellable *hung_cancellable;
  gulong hung_handler;
} TestChecker;

typedef struct
{
  VigilCheckerClass parent_class;
} TestCheckerClass;

static GType test_checker_get_type (void);
G_DEFINE_TYPE (TestChecker, test_checker, VIGIL_TYPE_CHECKER)

/* Complete a hung attempt outside the "cancelled" handler, where the
 * handler may be disconnected. */
static gboolean
finish_hung (gpointer user_data)
{
  TestChecker *self = user_data;
  g_autoptr (GTask) task = g_steal_pointer (&self->hung);

  g_cancellable_disconnect (self->hung_cancellable, self->hung_handler);
  g_clear_object (&self->hung_cancellable);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  return G_SOURCE_REMOVE;
}

static void
hang_cancelled (GCancellable *cancellable, gpointer user_data)
{
  g_idle_add (finish_hung, user_data);
}

static void
test_checker_check_async (VigilChecker *checker, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  TestChecker *self = (TestChecker *) checker;
  g_autoptr (GTask) task = g_task_new (checker, cancellable, callback, user_data);
  gsize len = strlen (self->script);
  char outcome = self->script[MIN (self->attempts, len - 1)];

  self->attempts++;
  if (outcome == '+')
    g_task_return_boolean (task, TRUE);
  else if (outcome == '-')
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                             "connection refused");
  else
    {
      self->hung = g_object_ref (task);
      self->hung_cancellable = g_object_ref (cancellable);
      self->hung_handler = g_cancellable_connect (cancellable, G_CALLBACK (hang_cancelled),
                                                  self, NULL);
    }
}

static gboolean
test_checker_check_finish (VigilChecker *checker, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_checker_class_init (TestCheckerClass *klass)
{
  VIGIL_CHECKER_CLASS (klass)->check_async = test_checker_check_async;
  VIGIL_CHECKER_CLASS (klass)->check_finish = test_checker_check_finish;
}

static void
test_checker_init (TestChecker *self)
{
}

typedef struct
{
  VigilConfChecker conf;
  VigilCheckerTarget target;
  TestChecker *checker;
  GPtrArray *transitions;   /* "up"/"down: reason" */
  guint checked;
} Fixture;

static void
on_state_changed (VigilChecker *checker, gboolean up, const char *reason, Fixture *fx)
{
  g_ptr_array_add (fx->transitions,
                   up ? g_strdup ("up") : g_strdup_printf ("down: %s", reason));
}

static void
on_checked (VigilChecker *checker, gboolean ok, Fixture *fx)
{
  fx->checked++;
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  memset (&fx->conf, 0, sizeof fx->conf);
  fx->conf.type = VIGIL_CONF_CHECKER_TCP;
  fx->conf.connect_timeout = 30 * 1000;
  fx->conf.delay_loop = 20 * 1000;
  fx->conf.delay_before_retry = 5 * 1000;
  fx->conf.warmup = 0;
  fx->conf.retry = 1;
  memset (&fx->target, 0, sizeof fx->target);
  g_assert_true (vigil_inet_addr_parse ("192.0.2.10", &fx->target.server_addr));
  fx->target.server_port = 80;
  fx->transitions = g_ptr_array_new_with_free_func (g_free);
  fx->checked = 0;
  fx->checker = NULL;
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  g_clear_object (&fx->checker);
  g_ptr_array_unref (fx->transitions);
}

static void
make_checker (Fixture *fx, const char *script)
{
  fx->checker = g_object_new (test_checker_get_type (), "conf", &fx->conf,
                              "target", &fx->target, NULL);
  fx->checker->script = script;
  g_signal_connect (fx->checker, "state-changed", G_CALLBACK (on_state_changed), fx);
  g_signal_connect (fx->checker, "checked", G_CALLBACK (on_checked), fx);
}

/* Iterate the loop until `attempts` attempts completed (bounded: 5 s). */
static void
run_until_checked (Fixture *fx, guint attempts)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (fx->checked < attempts && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fx->checked, >=, attempts);
}

static void
test_label_and_addresses (Fixture *fx, gconstpointer data)
{
  g_autoptr (GInetSocketAddress) addr = NULL;
  g_autofree char *text = NULL;

  make_checker (fx, "+");
  g_assert_cmpstr (vigil_checker_get_label (VIGIL_CHECKER (fx->checker)), ==,
                   "TCP_CHECK 192.0.2.10:80");
  g_assert_null (vigil_checker_dup_bind_address (VIGIL_CHECKER (fx->checker)));
  addr = vigil_checker_dup_connect_address (VIGIL_CHECKER (fx->checker));
  text = g_inet_address_to_string (g_inet_socket_address_get_address (addr));
  g_assert_cmpstr (text, ==, "192.0.2.10");
  g_assert_cmpuint (g_inet_socket_address_get_port (addr), ==, 80);
  g_clear_object (&fx->checker);

  /* connect_ip / connect_port win over the real server's */
  g_assert_true (vigil_inet_addr_parse ("2001:db8::5", &fx->conf.connect_ip));
  fx->conf.connect_port = 8080;
  make_checker (fx, "+");
  g_assert_cmpstr (vigil_checker_get_label (VIGIL_CHECKER (fx->checker)), ==,
                   "TCP_CHECK [2001:db8::5]:8080");
}

/* A live server goes down only after retry + 1 failures in a row, and
 * one success brings it back. */
static void
test_retry_rule (Fixture *fx, gconstpointer data)
{
  VigilChecker *checker;

  fx->conf.retry = 2;
  make_checker (fx, "+---+");
  checker = VIGIL_CHECKER (fx->checker);
  g_assert_true (vigil_checker_is_up (checker));
  vigil_checker_start (checker);

  run_until_checked (fx, 1);
  g_assert_cmpuint (fx->transitions->len, ==, 0);
  run_until_checked (fx, 3);                   /* two failures: retries */
  g_assert_true (vigil_checker_is_up (checker));
  g_assert_cmpuint (fx->transitions->len, ==, 0);
  run_until_checked (fx, 4);                   /* the third: down */
  g_assert_false (vigil_checker_is_up (checker));
  g_assert_cmpuint (fx->transitions->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fx->transitions, 0), ==, "down: connection refused");
  g_assert_cmpstr (vigil_checker_get_last_error (checker), ==, "connection refused");
  run_until_checked (fx, 5);
  g_assert_true (vigil_checker_is_up (checker));
  g_assert_cmpstr (g_ptr_array_index (fx->transitions, 1), ==, "up");
  g_assert_cmpstr (vigil_checker_get_last_error (checker), ==, "");
  g_assert_cmpuint (vigil_checker_get_checks (checker), ==, 5);
  g_assert_cmpuint (vigil_checker_get_failures (checker), ==, 3);
  g_assert_cmpuint (vigil_checker_get_down_count (checker), ==, 1);
  g_assert_cmpuint (vigil_checker_get_up_count (checker), ==, 1);
  g_assert_cmpint (vigil_checker_get_last_check_time (checker), >, 0);
}

/* Failures while already down are not retried and change nothing. */
static void
test_down_stays_down (Fixture *fx, gconstpointer data)
{
  VigilChecker *checker;
  gint64 start;

  fx->conf.retry = 3;
  fx->conf.delay_before_retry = 1000;
  fx->conf.delay_loop = 40 * 1000;
  make_checker (fx, "----");
  checker = VIGIL_CHECKER (fx->checker);
  vigil_checker_start (checker);
  run_until_checked (fx, 4);
  g_assert_false (vigil_checker_is_up (checker));
  g_assert_cmpuint (fx->transitions->len, ==, 1);
  /* the next failure comes after a full delay_loop, not a retry delay */
  start = g_get_monotonic_time ();
  run_until_checked (fx, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_cmpuint (fx->transitions->len, ==, 1);
}

/* alpha: a server starts down and the first success brings it up. */
static void
test_alpha (Fixture *fx, gconstpointer data)
{
  fx->conf.alpha = TRUE;
  make_checker (fx, "+");
  g_assert_false (vigil_checker_is_up (VIGIL_CHECKER (fx->checker)));
  vigil_checker_start (VIGIL_CHECKER (fx->checker));
  run_until_checked (fx, 1);
  g_assert_true (vigil_checker_is_up (VIGIL_CHECKER (fx->checker)));
  g_assert_cmpuint (fx->transitions->len, ==, 1);
}

/* An attempt that never completes is cancelled at connect_timeout and
 * counts as a failure that says so. */
static void
test_timeout (Fixture *fx, gconstpointer data)
{
  VigilChecker *checker;
  gint64 start = g_get_monotonic_time ();

  fx->conf.retry = 0;
  make_checker (fx, "h");
  checker = VIGIL_CHECKER (fx->checker);
  vigil_checker_start (checker);
  run_until_checked (fx, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, fx->conf.connect_timeout);
  g_assert_false (vigil_checker_is_up (checker));
  g_assert_true (g_str_has_prefix (vigil_checker_get_last_error (checker), "timeout after"));
}

/* Stop while an attempt hangs: nothing completes afterwards, and a
 * restart carries on. */
static void
test_stop_in_flight (Fixture *fx, gconstpointer data)
{
  VigilChecker *checker;
  gint64 deadline;

  fx->conf.connect_timeout = 10 * G_USEC_PER_SEC;
  make_checker (fx, "h");
  checker = VIGIL_CHECKER (fx->checker);
  vigil_checker_start (checker);
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (fx->checker->attempts == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fx->checker->attempts, ==, 1);
  vigil_checker_stop (checker);
  deadline = g_get_monotonic_time () + 50 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fx->checked, ==, 0);
  g_assert_true (vigil_checker_is_up (checker));

  fx->checker->script = "+";
  fx->checker->attempts = 0;
  vigil_checker_start (checker);
  run_until_checked (fx, 1);
  g_assert_true (vigil_checker_get_last_result (checker));
}

static void
on_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_dynamic_weight (Fixture *fx, gconstpointer data)
{
  VigilChecker *checker;
  guint notified = 0;

  make_checker (fx, "+");
  checker = VIGIL_CHECKER (fx->checker);
  g_signal_connect (checker, "notify::dynamic-weight", G_CALLBACK (on_notify), &notified);
  g_assert_cmpint (vigil_checker_get_dynamic_weight (checker), ==, -1);
  vigil_checker_set_dynamic_weight (checker, 7);
  vigil_checker_set_dynamic_weight (checker, 7);
  g_assert_cmpint (vigil_checker_get_dynamic_weight (checker), ==, 7);
  g_assert_cmpuint (notified, ==, 1);
}

/* Only implemented checker types can be built; the error names the type. */
static void
test_factory_unknown (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  VigilChecker *checker;

  fx->conf.type = VIGIL_CONF_CHECKER_BFD;
  checker = vigil_checker_new (&fx->conf, &fx->target, &error);
  g_assert_null (checker);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "BFD_CHECK"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/checker/label", test_label_and_addresses);
  ADD ("/checker/retry-rule", test_retry_rule);
  ADD ("/checker/down-stays-down", test_down_stays_down);
  ADD ("/checker/alpha", test_alpha);
  ADD ("/checker/timeout", test_timeout);
  ADD ("/checker/stop-in-flight", test_stop_in_flight);
  ADD ("/checker/dynamic-weight", test_dynamic_weight);
  ADD ("/checker/factory-unknown", test_factory_unknown);
  return g_test_run ();
}
