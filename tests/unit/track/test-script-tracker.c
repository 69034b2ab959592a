/* test-script-tracker.c - vrrp_script runs: exit status, timeout, init_fail, rise */
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "config/model.h"
#include "track/script-tracker.h"

typedef struct {
  char *dir;
  char *path;
  VigilConfVrrpScript conf;
  VigilConfScript script;
  VigilConfGlobal global;
} Fixture;

static void
fixture_init (Fixture *f, const char *command)
{
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\n%s\n", command);
  const char *argv[2] = { NULL, NULL };

  memset (f, 0, sizeof *f);
  /* a private directory of ours: the script passes script security */
  f->dir = g_dir_make_tmp ("vigil-track-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "chk.sh", NULL);
  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  g_assert_cmpint (g_chmod (f->path, 0755), ==, 0);
  argv[0] = f->path;
  f->script.argv = g_strdupv ((char **) argv);
  f->conf.name = (char *) "chk";
  f->conf.script = &f->script;
  f->conf.interval = 100 * 1000;
  f->conf.timeout = 300 * 1000;
  f->conf.rise = 1;
  f->conf.fall = 1;
}

static void
fixture_clear (Fixture *f)
{
  g_strfreev (f->script.argv);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Run the main loop until `runs` runs have finished (or 10 s). */
static void
wait_runs (VigilScriptTracker *tracker, guint runs)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      guint done = vigil_script_tracker_get_runs (tracker);
      /* a run is finished once the next one started, or the reason says */
      if (done > runs)
        return;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_not_reached ();
}

static void
test_exit_status (void)
{
  Fixture f;
  g_autoptr(VigilScriptTracker) tracker = NULL;

  int delta = 99;

  fixture_init (&f, "exit 3");
  tracker = vigil_script_tracker_new (&f.conf, &f.global);
  g_assert_true (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  /* before its first result it changes nothing, with or without weight */
  g_assert_true (vigil_tracker_contribute (VIGIL_TRACKER (tracker), 10, FALSE, &delta));
  g_assert_cmpint (delta, ==, 0);
  g_assert_true (vigil_tracker_contribute (VIGIL_TRACKER (tracker), 0, FALSE, &delta));
  vigil_tracker_start (VIGIL_TRACKER (tracker));
  wait_runs (tracker, 1);
  g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  g_assert_cmpstr (vigil_tracker_get_reason (VIGIL_TRACKER (tracker)), ==, "exit status 3");
  g_assert_cmpuint (vigil_script_tracker_get_failures (tracker), >=, 1);
  g_assert_false (vigil_tracker_contribute (VIGIL_TRACKER (tracker), 0, FALSE, &delta));
  g_assert_true (vigil_tracker_contribute (VIGIL_TRACKER (tracker), -20, FALSE, &delta));
  g_assert_cmpint (delta, ==, -20);
  fixture_clear (&f);
}

static void
test_init_fail_rise (void)
{
  Fixture f;
  g_autoptr(VigilScriptTracker) tracker = NULL;
  int delta = 0;

  fixture_init (&f, "exit 0");
  f.conf.init_fail = TRUE;
  f.conf.rise = 3;
  tracker = vigil_script_tracker_new (&f.conf, &f.global);
  /* init_fail: down before any run, and its weights apply */
  g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  g_assert_false (vigil_tracker_contribute (VIGIL_TRACKER (tracker), 0, FALSE, &delta));
  g_assert_true (vigil_tracker_contribute (VIGIL_TRACKER (tracker), -20, FALSE, &delta));
  g_assert_cmpint (delta, ==, -20);
  vigil_tracker_start (VIGIL_TRACKER (tracker));
  /* rise 3: still down after one success, up after the third */
  wait_runs (tracker, 1);
  g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  wait_runs (tracker, 3);
  g_assert_true (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  fixture_clear (&f);
}

static void
test_timeout (void)
{
  Fixture f;
  g_autoptr(VigilScriptTracker) tracker = NULL;
  gint64 start;

  fixture_init (&f, "sleep 30");
  f.conf.interval = G_USEC_PER_SEC;
  tracker = vigil_script_tracker_new (&f.conf, &f.global);
  start = g_get_monotonic_time ();
  g_test_expect_message ("vigil-track", G_LOG_LEVEL_WARNING, "vrrp_script chk: timed out*");
  vigil_tracker_start (VIGIL_TRACKER (tracker));
  while (vigil_tracker_is_up (VIGIL_TRACKER (tracker))
         && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_test_assert_expected_messages ();
  g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  g_assert_true (g_str_has_prefix (vigil_tracker_get_reason (VIGIL_TRACKER (tracker)),
                                   "timed out"));
  /* killed at the 0.3 s timeout, not after the script's 30 s */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  fixture_clear (&f);
}

static void
test_missing_script (void)
{
  Fixture f;
  g_autoptr(VigilScriptTracker) tracker = NULL;
  const char *argv[] = { "/nonexistent/chk.sh", NULL };

  fixture_init (&f, "true");
  g_strfreev (f.script.argv);
  f.script.argv = g_strdupv ((char **) argv);
  g_test_expect_message ("vigil-track", G_LOG_LEVEL_WARNING, "*chk*will not run*");
  tracker = vigil_script_tracker_new (&f.conf, &f.global);
  g_test_assert_expected_messages ();
  /* disabled: stays up and never runs */
  vigil_tracker_start (VIGIL_TRACKER (tracker));
  g_assert_true (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  g_assert_cmpuint (vigil_script_tracker_get_runs (tracker), ==, 0);
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track/script/exit-status", test_exit_status);
  g_test_add_func ("/track/script/init-fail-rise", test_init_fail_rise);
  g_test_add_func ("/track/script/timeout", test_timeout);
  g_test_add_func ("/track/script/missing", test_missing_script);
  return g_test_run ();
}
