/* test-real-server.c - VigilRealServer: up iff every checker is up,
 * weights (configured, dynamic, drained), and reload updates that keep
 * equal checkers */
#include "fake-checker.h"
#include "check/real-server.h"
#include "check/tcp-checker.h"

typedef struct
{
  VigilConfig *config;
  VigilConfRealServer rs_conf;
  VigilConfChecker checker_conf;
  VigilConfChecker alpha_conf;
  VigilCheckerTarget target;
  VigilRealServer *rs;
  GPtrArray *events;          /* "up: reason" / "down: reason" / "weight N" */
} Fixture;

static void
on_state_changed (VigilRealServer *rs, gboolean up, const char *reason, Fixture *fx)
{
  g_ptr_array_add (fx->events, g_strdup_printf ("%s: %s", up ? "up" : "down", reason));
}

static void
on_weight_changed (VigilRealServer *rs, Fixture *fx)
{
  g_ptr_array_add (fx->events,
                   g_strdup_printf ("weight %u", vigil_real_server_get_effective_weight (rs)));
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  memset (fx, 0, sizeof *fx);
  fx->config = vigil_config_new ();
  g_assert_true (vigil_inet_addr_parse ("192.0.2.10", &fx->rs_conf.addr));
  fx->rs_conf.port = 0;
  fx->rs_conf.weight = 3;
  fake_checker_conf (&fx->checker_conf, FALSE);
  fake_checker_conf (&fx->alpha_conf, TRUE);
  fx->target.server_addr = fx->rs_conf.addr;
  fx->target.server_port = 80;
  fx->events = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  if (fx->rs != NULL)
    vigil_real_server_stop (fx->rs);
  g_clear_object (&fx->rs);
  g_ptr_array_unref (fx->events);
  g_clear_pointer (&fx->rs_conf.checkers, g_ptr_array_unref);
  vigil_config_free (fx->config);
}

static void
make (Fixture *fx)
{
  fx->rs = vigil_real_server_new_for_service (&fx->rs_conf, fx->config, 80, NULL);
  g_signal_connect (fx->rs, "state-changed", G_CALLBACK (on_state_changed), fx);
  g_signal_connect (fx->rs, "weight-changed", G_CALLBACK (on_weight_changed), fx);
}

static VigilChecker *
add_fake (Fixture *fx, const VigilConfChecker *conf)
{
  g_autoptr (VigilChecker) checker = fake_checker_new (conf, &fx->target);

  vigil_real_server_add_checker (fx->rs, checker);
  return checker;    /* the real server holds it */
}

static void
assert_events (Fixture *fx, const char *const *want)
{
  guint n = want != NULL ? g_strv_length ((char **) want) : 0;

  for (guint i = 0; i < MIN (n, fx->events->len); i++)
    g_assert_cmpstr (g_ptr_array_index (fx->events, i), ==, want[i]);
  g_assert_cmpuint (fx->events->len, ==, n);
}

static void
test_no_checkers (Fixture *fx, gconstpointer data)
{
  make (fx);
  g_assert_cmpstr (vigil_real_server_get_name (fx->rs), ==, "192.0.2.10:80");
  g_assert_cmpuint (vigil_real_server_get_port (fx->rs), ==, 80);
  g_assert_true (vigil_real_server_is_up (fx->rs));
  g_assert_cmpstr (vigil_real_server_get_reason (fx->rs), ==, "no checkers");
  g_assert_cmpuint (vigil_real_server_get_effective_weight (fx->rs), ==, 3);
}

static void
test_ipv6_name_and_own_port (Fixture *fx, gconstpointer data)
{
  g_assert_true (vigil_inet_addr_parse ("2001:db8::10", &fx->rs_conf.addr));
  fx->rs_conf.port = 8080;
  make (fx);
  g_assert_cmpstr (vigil_real_server_get_name (fx->rs), ==, "[2001:db8::10]:8080");
}

/* Up iff every checker is up; one transition per change of that. */
static void
test_all_checkers (Fixture *fx, gconstpointer data)
{
  VigilChecker *a, *b;
  static const char *const want[] = {
    "down: TCP_CHECK 192.0.2.10:80: connection refused",
    "up: all checkers up",
    NULL
  };

  make (fx);
  a = add_fake (fx, &fx->checker_conf);
  b = add_fake (fx, &fx->checker_conf);
  vigil_real_server_start (fx->rs);
  g_assert_true (vigil_real_server_is_up (fx->rs));

  fake_checker_set (a, FALSE);               /* down */
  g_assert_false (vigil_real_server_is_up (fx->rs));
  g_assert_cmpuint (vigil_real_server_get_effective_weight (fx->rs), ==, 0);
  fake_checker_set (b, FALSE);               /* still down: no event */
  fake_checker_set (a, TRUE);                /* b still failing */
  g_assert_false (vigil_real_server_is_up (fx->rs));
  fake_checker_set (b, TRUE);                /* up */
  g_assert_true (vigil_real_server_is_up (fx->rs));
  g_assert_cmpuint (vigil_real_server_get_effective_weight (fx->rs), ==, 3);
  assert_events (fx, want);
}

/* An alpha checker starts down, and so does its real server. */
static void
test_alpha (Fixture *fx, gconstpointer data)
{
  VigilChecker *a;
  static const char *const want[] = { "down: TCP_CHECK 192.0.2.10:80: not checked yet (alpha)",
                                      "up: all checkers up", NULL };

  make (fx);
  a = add_fake (fx, &fx->alpha_conf);
  g_assert_false (vigil_real_server_is_up (fx->rs));
  vigil_real_server_start (fx->rs);
  fake_checker_set (a, TRUE);
  g_assert_true (vigil_real_server_is_up (fx->rs));
  assert_events (fx, want);
}

/* misc_dynamic / FILE_CHECK weights replace the configured one; drain
 * sets 0 and enable restores, without a state change. */
static void
test_weights (Fixture *fx, gconstpointer data)
{
  VigilChecker *a;
  static const char *const want[] = { "weight 7", "weight 0", "weight 7", "weight 3", NULL };

  make (fx);
  a = add_fake (fx, &fx->checker_conf);
  vigil_real_server_start (fx->rs);
  vigil_checker_set_dynamic_weight (a, 7);
  g_assert_cmpuint (vigil_real_server_get_weight (fx->rs), ==, 7);
  vigil_real_server_drain (fx->rs);
  g_assert_true (vigil_real_server_is_drained (fx->rs));
  g_assert_true (vigil_real_server_is_up (fx->rs));
  g_assert_cmpuint (vigil_real_server_get_effective_weight (fx->rs), ==, 0);
  g_assert_cmpstr (vigil_real_server_get_reason (fx->rs), ==, "drained by operator");
  vigil_real_server_drain (fx->rs);          /* again: nothing */
  vigil_real_server_enable (fx->rs);
  vigil_checker_set_dynamic_weight (a, -1);  /* back to the configured 3 */
  assert_events (fx, want);
}

/* A reload keeps an equal checker (same object), rebuilds a changed one
 * and drops a removed one. */
static void
test_update (Fixture *fx, gconstpointer data)
{
  VigilConfChecker c1, c2, c1_again, c2_changed;
  VigilConfRealServer next;
  VigilChecker *kept, *old2;
  guint n_kept = 0, n_built = 0;

  fake_checker_conf (&c1, FALSE);
  fake_checker_conf (&c2, FALSE);
  c2.connect_port = 8080;
  c1_again = c1;
  c2_changed = c2;
  c2_changed.connect_port = 8081;
  fx->rs_conf.checkers = g_ptr_array_new ();
  g_ptr_array_add (fx->rs_conf.checkers, &c1);
  g_ptr_array_add (fx->rs_conf.checkers, &c2);
  make (fx);
  g_assert_cmpuint (vigil_real_server_get_checkers (fx->rs)->len, ==, 2);
  kept = g_ptr_array_index (vigil_real_server_get_checkers (fx->rs), 0);
  old2 = g_ptr_array_index (vigil_real_server_get_checkers (fx->rs), 1);
  g_assert_true (VIGIL_IS_TCP_CHECKER (kept));
  vigil_real_server_start (fx->rs);          /* running checkers are replaced too */

  next = fx->rs_conf;
  next.weight = 5;
  next.checkers = g_ptr_array_new ();
  g_ptr_array_add (next.checkers, &c1_again);
  g_ptr_array_add (next.checkers, &c2_changed);
  vigil_real_server_update (fx->rs, &next, fx->config, &n_kept, &n_built);
  g_assert_cmpuint (n_kept, ==, 1);
  g_assert_cmpuint (n_built, ==, 1);
  g_assert_true (g_ptr_array_index (vigil_real_server_get_checkers (fx->rs), 0) == kept);
  g_assert_true (g_ptr_array_index (vigil_real_server_get_checkers (fx->rs), 1) != old2);
  g_assert_true (vigil_checker_get_conf (kept) == &c1_again);
  g_assert_true (vigil_real_server_get_conf (fx->rs) == &next);
  g_assert_cmpuint (vigil_real_server_get_effective_weight (fx->rs), ==, 5);

  /* Fewer checkers: the dropped one goes. */
  g_ptr_array_set_size (next.checkers, 1);
  n_kept = n_built = 0;
  vigil_real_server_update (fx->rs, &next, fx->config, &n_kept, &n_built);
  g_assert_cmpuint (n_kept, ==, 1);
  g_assert_cmpuint (n_built, ==, 0);
  g_assert_cmpuint (vigil_real_server_get_checkers (fx->rs)->len, ==, 1);
  g_clear_object (&fx->rs);
  g_ptr_array_unref (next.checkers);
}

/* A checker type vigil lacks is skipped, the server still works. */
static void
test_unbuildable_checker (Fixture *fx, gconstpointer data)
{
  VigilConfChecker bfd;

  if (!g_test_subprocess ())
    {
      /* The warning goes to the structured log: look at it from outside. */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*192.0.2.10:80: BFD_CHECK skipped*");
      return;
    }
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  fake_checker_conf (&bfd, FALSE);
  bfd.type = VIGIL_CONF_CHECKER_BFD;
  fx->rs_conf.checkers = g_ptr_array_new ();
  g_ptr_array_add (fx->rs_conf.checkers, &bfd);
  make (fx);
  g_assert_cmpuint (vigil_real_server_get_checkers (fx->rs)->len, ==, 0);
  g_assert_true (vigil_real_server_is_up (fx->rs));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/real-server/no-checkers", test_no_checkers);
  ADD ("/real-server/ipv6-name", test_ipv6_name_and_own_port);
  ADD ("/real-server/all-checkers", test_all_checkers);
  ADD ("/real-server/alpha", test_alpha);
  ADD ("/real-server/weights", test_weights);
  ADD ("/real-server/update", test_update);
  ADD ("/real-server/unbuildable-checker", test_unbuildable_checker);
#undef ADD
  return g_test_run ();
}
