/* test-runtime-dir.c - one vigild per runtime directory */
#include "daemon/error.h"
#include "daemon/runtime-dir.h"

#include <glib/gstdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void
test_lock_names_holder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("vigil-rundir-XXXXXX", &error);
  g_autofree char *path = g_build_filename (tmp, "nested", "run", NULL);
  g_autofree char *pid_path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected_pid = NULL;
  VigilRuntimeDir *dir;
  pid_t child;
  int status;

  g_assert_no_error (error);
  dir = vigil_runtime_dir_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dir);
  pid_path = vigil_runtime_dir_build (dir, VIGIL_PID_FILE_NAME);
  g_assert_true (g_file_get_contents (pid_path, &contents, NULL, NULL));
  expected_pid = g_strdup_printf ("%d\n", (int) getpid ());
  g_assert_cmpstr (contents, ==, expected_pid);

  /* A second process on the same directory is refused, naming us. flock
   * locks belong to the open file, so a child that opens it anew is a
   * fair stand-in for a second vigild. */
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(GError) child_error = NULL;
      g_autofree char *needle = g_strdup_printf ("(pid %d)", (int) getppid ());
      VigilRuntimeDir *second = vigil_runtime_dir_open (path, &child_error);
      if (second == NULL
          && g_error_matches (child_error, VIGIL_ERROR, VIGIL_ERROR_ALREADY_RUNNING)
          && strstr (child_error->message, needle) != NULL)
        _exit (0);
      _exit (1);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* Closing removes the pid file; a stale file does not block a new owner. */
  vigil_runtime_dir_close (dir);
  g_assert_false (g_file_test (pid_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (pid_path, "12345\n", -1, NULL));
  dir = vigil_runtime_dir_open (path, &error);
  g_assert_no_error (error);
  vigil_runtime_dir_close (dir);

  g_rmdir (path);
  {
    g_autofree char *nested = g_build_filename (tmp, "nested", NULL);
    g_rmdir (nested);
  }
  g_rmdir (tmp);
}

static void
test_unwritable_location (void)
{
  g_autoptr(GError) error = NULL;
  VigilRuntimeDir *dir = vigil_runtime_dir_open ("/proc/vigil-cannot-exist", &error);

  g_assert_null (dir);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/proc/vigil-cannot-exist"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runtime-dir/lock-names-holder", test_lock_names_holder);
  g_test_add_func ("/runtime-dir/unwritable-location", test_unwritable_location);
  return g_test_run ();
}
