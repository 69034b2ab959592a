/* test-timer-queue.c - microsecond timers on one timerfd */
#include "daemon/timer-queue.h"

typedef struct {
  GMainLoop *loop;
  GArray *fired;      /* guint: which timer, in firing order */
  GArray *lateness;   /* gint64 µs past the deadline */
  guint remaining;
} Fixture;

typedef struct {
  Fixture *fixture;
  guint id;
  gint64 deadline;
  VigilTimer *timer;
} TimerCase;

static void
on_fire (VigilTimer *timer, gint64 now, gpointer user_data)
{
  TimerCase *tc = user_data;
  gint64 late = now - tc->deadline;

  g_assert_cmpint (vigil_timer_get_deadline (timer), ==, 0); /* disarmed before the call */
  g_array_append_val (tc->fixture->fired, tc->id);
  g_array_append_val (tc->fixture->lateness, late);
  if (--tc->fixture->remaining == 0)
    g_main_loop_quit (tc->fixture->loop);
}

static gboolean
on_guard_timeout (gpointer user_data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static void
test_order_and_precision (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilTimerQueue) queue = vigil_timer_queue_new (&error);
  Fixture fixture = { 0 };
  /* Deliberately out of order, with two equal deadlines (FIFO among them). */
  const gint64 offsets[] = { 30000, 10000, 20000, 20000, 5000 };
  const guint expected[] = { 4, 1, 2, 3, 0 };
  TimerCase cases[G_N_ELEMENTS (offsets)];
  gint64 start = g_get_monotonic_time ();
  guint guard;

  g_assert_no_error (error);
  fixture.loop = g_main_loop_new (NULL, FALSE);
  fixture.fired = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture.remaining = G_N_ELEMENTS (offsets);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      cases[i] = (TimerCase) { &fixture, i, start + offsets[i], NULL };
      cases[i].timer = vigil_timer_new (queue, on_fire, &cases[i]);
      vigil_timer_arm (cases[i].timer, cases[i].deadline);
    }
  guard = g_timeout_add_seconds (10, on_guard_timeout, NULL);
  g_main_loop_run (fixture.loop);
  g_source_remove (guard);

  g_assert_cmpuint (fixture.fired->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (g_array_index (fixture.fired, guint, i), ==, expected[i]);
      /* Never early. (How late is a benchmark's business, not a test's.) */
      g_assert_cmpint (g_array_index (fixture.lateness, gint64, i), >=, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    vigil_timer_free (cases[i].timer);
  g_array_unref (fixture.fired);
  g_array_unref (fixture.lateness);
  g_main_loop_unref (fixture.loop);
}

static void
test_rearm_and_disarm (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilTimerQueue) queue = vigil_timer_queue_new (&error);
  Fixture fixture = { 0 };
  TimerCase a, b;
  gint64 start = g_get_monotonic_time ();
  guint guard;

  fixture.loop = g_main_loop_new (NULL, FALSE);
  fixture.fired = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture.remaining = 1;
  a = (TimerCase) { &fixture, 1, start + 5000, NULL };
  b = (TimerCase) { &fixture, 2, start + 15000, NULL };
  a.timer = vigil_timer_new (queue, on_fire, &a);
  b.timer = vigil_timer_new (queue, on_fire, &b);
  vigil_timer_arm (a.timer, a.deadline);
  vigil_timer_arm (b.timer, b.deadline);
  g_assert_cmpint (vigil_timer_get_deadline (a.timer), ==, a.deadline);
  /* Disarm a, move b earlier than a's old deadline. */
  vigil_timer_arm (a.timer, 0);
  b.deadline = start + 2000;
  vigil_timer_arm (b.timer, b.deadline);
  guard = g_timeout_add_seconds (10, on_guard_timeout, NULL);
  g_main_loop_run (fixture.loop);
  /* Let a's old deadline pass: it must not fire. */
  while (g_get_monotonic_time () < start + 20000)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (guard);
  g_assert_cmpuint (fixture.fired->len, ==, 1);
  g_assert_cmpuint (g_array_index (fixture.fired, guint, 0), ==, 2);
  vigil_timer_free (a.timer);
  vigil_timer_free (b.timer);
  g_array_unref (fixture.fired);
  g_array_unref (fixture.lateness);
  g_main_loop_unref (fixture.loop);
}

/* A backup pushes its master_down_timer later on every advert; the queue
 * leaves its timerfd armed for the earlier time and must then wake up,
 * find nothing due, and fire the timer only at its final deadline. */
static void
test_pushed_later (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilTimerQueue) queue = vigil_timer_queue_new (&error);
  Fixture fixture = { 0 };
  TimerCase tc;
  gint64 start = g_get_monotonic_time ();
  guint guard;

  fixture.loop = g_main_loop_new (NULL, FALSE);
  fixture.fired = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture.lateness = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture.remaining = 1;
  tc = (TimerCase) { &fixture, 7, 0, NULL };
  tc.timer = vigil_timer_new (queue, on_fire, &tc);
  for (gint64 step = 1; step <= 10; step++)
    {
      tc.deadline = start + step * 3000;
      vigil_timer_arm (tc.timer, tc.deadline);
    }
  guard = g_timeout_add_seconds (10, on_guard_timeout, NULL);
  g_main_loop_run (fixture.loop);
  g_source_remove (guard);
  g_assert_cmpuint (fixture.fired->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture.lateness, gint64, 0), >=, 0);
  g_assert_cmpint (g_get_monotonic_time (), >=, start + 30000);
  vigil_timer_free (tc.timer);
  g_array_unref (fixture.fired);
  g_array_unref (fixture.lateness);
  g_main_loop_unref (fixture.loop);
}

/* The before-expiry hook: called once a timer is due and before it runs;
 * what it does to the deadlines (as adverts read from a socket push a
 * master_down_timer later) is what the queue then goes by. */
typedef struct {
  GMainLoop *loop;
  VigilTimer *postponed;    /* pushed later by the first hook call */
  guint hook_calls;
  guint fired_postponed;
  guint fired_other;
  gint64 postponed_to;
  gint64 fired_at;
} HookFixture;

static void
on_hook (gpointer user_data)
{
  HookFixture *f = user_data;

  if (f->hook_calls++ == 0)
    {
      f->postponed_to = g_get_monotonic_time () + 30000;
      vigil_timer_arm (f->postponed, f->postponed_to);
    }
}

static void
on_postponed_fire (VigilTimer *timer, gint64 now, gpointer user_data)
{
  HookFixture *f = user_data;

  f->fired_postponed++;
  f->fired_at = now;
  g_main_loop_quit (f->loop);
}

static void
on_other_fire (VigilTimer *timer, gint64 now, gpointer user_data)
{
  HookFixture *f = user_data;

  f->fired_other++;
}

static void
test_before_expiry_hook (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilTimerQueue) queue = vigil_timer_queue_new (&error);
  HookFixture f = { 0 };
  VigilTimer *other;
  gint64 first_deadline;
  guint guard;

  g_assert_no_error (error);
  f.loop = g_main_loop_new (NULL, FALSE);
  vigil_timer_queue_set_before_expiry (queue, on_hook, &f);
  f.postponed = vigil_timer_new (queue, on_postponed_fire, &f);
  other = vigil_timer_new (queue, on_other_fire, &f);
  first_deadline = g_get_monotonic_time () + 5000;
  vigil_timer_arm (f.postponed, first_deadline);
  vigil_timer_arm (other, first_deadline);
  guard = g_timeout_add_seconds (10, on_guard_timeout, NULL);
  g_main_loop_run (f.loop);
  g_source_remove (guard);

  /* The postponed timer did not fire at its first deadline but at the new
   * one; the other, left alone, fired at its own; the hook ran once per
   * wake-up with a timer due (twice), never with none due. */
  g_assert_cmpuint (f.fired_postponed, ==, 1);
  g_assert_cmpint (f.fired_at, >=, f.postponed_to);
  g_assert_cmpuint (f.fired_other, ==, 1);
  g_assert_cmpuint (f.hook_calls, ==, 2);

  /* Removed: no call any more. */
  vigil_timer_queue_set_before_expiry (queue, NULL, NULL);
  vigil_timer_arm (f.postponed, g_get_monotonic_time () + 1000);
  guard = g_timeout_add_seconds (10, on_guard_timeout, NULL);
  g_main_loop_run (f.loop);
  g_source_remove (guard);
  g_assert_cmpuint (f.hook_calls, ==, 2);
  g_assert_cmpuint (f.fired_postponed, ==, 2);

  vigil_timer_free (f.postponed);
  vigil_timer_free (other);
  g_main_loop_unref (f.loop);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timer-queue/order-and-precision", test_order_and_precision);
  g_test_add_func ("/timer-queue/rearm-and-disarm", test_rearm_and_disarm);
  g_test_add_func ("/timer-queue/pushed-later", test_pushed_later);
  g_test_add_func ("/timer-queue/before-expiry-hook", test_before_expiry_hook);
  return g_test_run ();
}
