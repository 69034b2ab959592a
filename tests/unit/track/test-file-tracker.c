/* test-file-tracker.c - track_file values, init_file, and re-reading on change */
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "track/file-tracker.h"

static void
test_parse (void)
{
  g_assert_cmpint (vigil_file_tracker_parse_value ("5\n"), ==, 5);
  g_assert_cmpint (vigil_file_tracker_parse_value ("  -20 junk"), ==, -20);
  g_assert_cmpint (vigil_file_tracker_parse_value ("+7"), ==, 7);
  g_assert_cmpint (vigil_file_tracker_parse_value ("0x10"), ==, 16);
  g_assert_cmpint (vigil_file_tracker_parse_value (""), ==, 0);
  g_assert_cmpint (vigil_file_tracker_parse_value ("abc"), ==, 0);
  g_assert_cmpint (vigil_file_tracker_parse_value (NULL), ==, 0);
}

static void
on_changed (VigilTracker *tracker, gpointer user_data)
{
  (void) tracker;
  (*(guint *) user_data)++;
}

static void
test_watch (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-track-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state", NULL);
  VigilConfTrackFile conf = {
    .name = (char *) "tf", .path = path, .weight = 0,
    .init_file = TRUE, .init_value = 3,
  };
  g_autoptr(VigilFileTracker) tracker = NULL;
  gint64 deadline;
  guint changes = 0;
  int delta = 0;

  /* init_file creates it with its value */
  tracker = vigil_file_tracker_new (&conf);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (vigil_file_tracker_get_value (tracker), ==, 3);
  g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  /* weight 0: a non-zero value is FAULT */
  g_assert_false (vigil_tracker_contribute (VIGIL_TRACKER (tracker), 0, FALSE, &delta));
  g_assert_true (vigil_tracker_contribute (VIGIL_TRACKER (tracker), -10, FALSE, &delta));
  g_assert_cmpint (delta, ==, -30);

  g_signal_connect (tracker, "changed", G_CALLBACK (on_changed), &changes);
  vigil_tracker_start (VIGIL_TRACKER (tracker));
  g_assert_true (g_file_set_contents (path, "0\n", -1, NULL));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (vigil_file_tracker_get_value (tracker) != 0 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  g_assert_cmpint (vigil_file_tracker_get_value (tracker), ==, 0);
  g_assert_true (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  g_assert_cmpuint (changes, >=, 1);

  /* without overwrite, init_file leaves an existing file alone */
  g_assert_true (g_file_set_contents (path, "9\n", -1, NULL));
  {
    g_autoptr(VigilFileTracker) second = vigil_file_tracker_new (&conf);
    g_assert_cmpint (vigil_file_tracker_get_value (second), ==, 9);
  }
  conf.init_overwrite = TRUE;
  {
    g_autoptr(VigilFileTracker) third = vigil_file_tracker_new (&conf);
    g_assert_cmpint (vigil_file_tracker_get_value (third), ==, 3);
  }
  g_clear_object (&tracker);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track/file/parse", test_parse);
  g_test_add_func ("/track/file/watch", test_watch);
  return g_test_run ();
}
