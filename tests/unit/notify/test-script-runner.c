/* test-script-runner.c - scripts of one queue run in order, with a
 * timeout, and a failing one is not fatal */
#include "notify/script-runner.h"

#include <glib/gstdio.h>
#include <unistd.h>

/* What vigil logged (instance lines are structured: g_test_expect_message
 * does not see them). */
static GPtrArray *logged;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields,
                gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
      g_ptr_array_add (logged, g_strdup (fields[i].value));
  return G_LOG_WRITER_HANDLED;
}

static void
assert_logged (const char *pattern)
{
  for (guint i = 0; i < logged->len; i++)
    if (g_pattern_match_simple (pattern, g_ptr_array_index (logged, i)))
      return;
  for (guint i = 0; i < logged->len; i++)
    g_printerr ("logged: %s\n", (char *) g_ptr_array_index (logged, i));
  g_error ("nothing logged matches \"%s\"", pattern);
}

typedef struct {
  char *dir;
  char *out;
  VigilScriptUser me;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  GError *error = NULL;

  f->dir = g_dir_make_tmp ("vigil-runnerXXXXXX", &error);
  g_assert_no_error (error);
  f->out = g_build_filename (f->dir, "out", NULL);
  f->me.uid = geteuid ();
  f->me.gid = getegid ();
  f->me.name = g_strdup ("me");
  g_ptr_array_set_size (logged, 0);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_unlink (f->out);
  g_rmdir (f->dir);
  g_free (f->out);
  g_free (f->dir);
  vigil_script_user_clear (&f->me);
}

/* sh -c CODE OUT: the script writes to "$0". */
static void
push_sh (VigilScriptRunner *runner, Fixture *f, const char *label, const char *code)
{
  const char *argv[] = { "/bin/sh", "-c", code, f->out, NULL };

  vigil_script_runner_push (runner, label, argv, &f->me);
}

static gint64
run_until_idle (VigilScriptRunner *runner, gint64 limit)
{
  gint64 start = g_get_monotonic_time ();

  while (!vigil_script_runner_is_idle (runner))
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, limit);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return g_get_monotonic_time () - start;
}

static char *
read_out (Fixture *f)
{
  char *text = NULL;

  if (!g_file_get_contents (f->out, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static void
test_order (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilScriptRunner) runner = vigil_script_runner_new ("VI_1", 5 * G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  /* the first is slow: the others must still come after it */
  push_sh (runner, f, "notify_backup", "sleep 0.3; echo BACKUP >> \"$0\"");
  push_sh (runner, f, "notify", "echo notify-BACKUP >> \"$0\"");
  push_sh (runner, f, "notify_master", "sleep 0.1; echo MASTER >> \"$0\"");
  push_sh (runner, f, "notify", "echo notify-MASTER >> \"$0\"");
  g_assert_false (vigil_script_runner_is_idle (runner));
  run_until_idle (runner, 5 * G_USEC_PER_SEC);
  text = read_out (f);
  g_assert_cmpstr (text, ==, "BACKUP\nnotify-BACKUP\nMASTER\nnotify-MASTER\n");
  g_assert_cmpuint (vigil_script_runner_get_started (runner), ==, 4);
  g_assert_cmpuint (vigil_script_runner_get_failed (runner), ==, 0);
}

static void
test_failure_not_fatal (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilScriptRunner) runner = vigil_script_runner_new ("VI_1", 5 * G_USEC_PER_SEC);
  const char *missing[] = { "/nonexistent/vigil/notify.sh", NULL };
  g_autofree char *text = NULL;

  push_sh (runner, f, "notify_master", "exit 3");
  vigil_script_runner_push (runner, "notify_fault", missing, &f->me);
  push_sh (runner, f, "notify", "echo still >> \"$0\"");
  run_until_idle (runner, 5 * G_USEC_PER_SEC);
  assert_logged ("*exited with status 3*");
  assert_logged ("*cannot run notify_fault*");
  text = read_out (f);
  g_assert_cmpstr (text, ==, "still\n");
  g_assert_cmpuint (vigil_script_runner_get_failed (runner), ==, 2);
}

static void
test_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilScriptRunner) runner = vigil_script_runner_new ("VI_1", 300 * 1000);
  g_autofree char *text = NULL;
  gint64 took;

  /* sleep is a child of the shell: the whole process group goes */
  push_sh (runner, f, "notify_master", "sleep 30; echo late >> \"$0\"");
  push_sh (runner, f, "notify", "echo next >> \"$0\"");
  took = run_until_idle (runner, 5 * G_USEC_PER_SEC);
  assert_logged ("VI_1: notify_master * still running after 0.3 s; killing it");
  assert_logged ("VI_1: notify_master * killed at its timeout*");
  g_assert_cmpint (took, <, 2 * G_USEC_PER_SEC);
  text = read_out (f);
  g_assert_cmpstr (text, ==, "next\n");
  g_assert_cmpuint (vigil_script_runner_get_timed_out (runner), ==, 1);
}

static void
test_timeout_sigkill (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilScriptRunner) runner = vigil_script_runner_new ("VI_1", 200 * 1000);
  gint64 took;

  push_sh (runner, f, "notify_stop", "trap '' TERM; while :; do sleep 0.05; done");
  took = run_until_idle (runner, 5 * G_USEC_PER_SEC);
  assert_logged ("*still running after*");
  assert_logged ("*ignored SIGTERM; sending SIGKILL*");
  assert_logged ("*killed at its timeout*");
  g_assert_cmpint (took, >=, (200 + 900) * 1000);
  g_assert_cmpint (took, <, 3 * G_USEC_PER_SEC);
}

static void
test_abort (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilScriptRunner) runner = vigil_script_runner_new ("VI_1", 5 * G_USEC_PER_SEC);
  g_autofree char *text = NULL;

  push_sh (runner, f, "notify_master", "sleep 30");
  push_sh (runner, f, "notify", "echo never >> \"$0\"");
  g_main_context_iteration (NULL, FALSE);
  vigil_script_runner_abort (runner);
  assert_logged ("*stopping: notify * not run*");
  assert_logged ("*stopping: killing notify_master*");
  g_assert_true (vigil_script_runner_is_idle (runner));
  /* the cancelled wait completes without touching the runner */
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  text = read_out (f);
  g_assert_cmpstr (text, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  logged = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
#define RUNNER_TEST(path, fn) \
  g_test_add ("/notify/runner/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  RUNNER_TEST ("order", test_order);
  RUNNER_TEST ("failure-not-fatal", test_failure_not_fatal);
  RUNNER_TEST ("timeout", test_timeout);
  RUNNER_TEST ("timeout-sigkill", test_timeout_sigkill);
  RUNNER_TEST ("abort", test_abort);
  return g_test_run ();
}
