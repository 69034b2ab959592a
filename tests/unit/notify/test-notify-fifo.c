/* test-notify-fifo.c - the notify FIFO: created 0644, written without
 * blocking, full means dropped, removed only if we made it */
#include "notify/notify-fifo.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char *dir;
  char *path;
  char *out;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  GError *error = NULL;

  f->dir = g_dir_make_tmp ("vigil-fifoXXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "notify.fifo", NULL);
  f->out = g_build_filename (f->dir, "out", NULL);
  umask (022);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_unlink (f->path);
  g_unlink (f->out);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->out);
  g_free (f->dir);
}

static void
test_create_write_read (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilNotifyFifo *fifo = vigil_notify_fifo_open (f->path, NULL, NULL, &error);
  struct stat st;
  char buf[256];
  int reader;
  ssize_t n;

  g_assert_no_error (error);
  g_assert_cmpint (stat (f->path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, VIGIL_NOTIFY_FIFO_MODE);
  /* no reader yet: the line waits in the pipe */
  g_assert_true (vigil_notify_fifo_write (fifo, "INSTANCE \"VI_1\" BACKUP 100\n"));
  reader = open (f->path, O_RDONLY | O_NONBLOCK);
  g_assert_cmpint (reader, >=, 0);
  g_assert_true (vigil_notify_fifo_write (fifo, "INSTANCE \"VI_1\" MASTER 100\n"));
  n = read (reader, buf, sizeof buf - 1);
  g_assert_cmpint (n, >, 0);
  buf[n] = '\0';
  g_assert_cmpstr (buf, ==, "INSTANCE \"VI_1\" BACKUP 100\nINSTANCE \"VI_1\" MASTER 100\n");
  g_assert_cmpuint (vigil_notify_fifo_get_written (fifo), ==, 2);
  close (reader);
  vigil_notify_fifo_close (fifo);
  /* we made it, we remove it */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_full_drops (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilNotifyFifo *fifo = vigil_notify_fifo_open (f->path, NULL, NULL, &error);
  const char *line = "INSTANCE \"VI_1\" MASTER 100\n";
  guint i;

  g_assert_no_error (error);
  g_test_expect_message ("vigil-notify", G_LOG_LEVEL_WARNING, "*dropped*reader stuck*");
  /* nobody reads: the pipe fills; a write never blocks */
  for (i = 0; i < 1000000 && vigil_notify_fifo_get_dropped (fifo) == 0; i++)
    vigil_notify_fifo_write (fifo, line);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (vigil_notify_fifo_get_dropped (fifo), ==, 1);
  g_assert_cmpuint (vigil_notify_fifo_get_written (fifo) * strlen (line), <=, 1024 * 1024);
  vigil_notify_fifo_close (fifo);
}

static void
test_existing_fifo_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VigilNotifyFifo *fifo;

  g_assert_cmpint (mkfifo (f->path, 0600), ==, 0);
  fifo = vigil_notify_fifo_open (f->path, NULL, NULL, &error);
  g_assert_no_error (error);
  vigil_notify_fifo_close (fifo);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_not_a_fifo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  g_assert_null (vigil_notify_fifo_open (f->path, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not a FIFO"));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_script_gets_path (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_strdup_printf ("exec cat \"$0\" > '%s'", f->out);
  const char *argv[] = { "/bin/sh", "-c", code, NULL };
  VigilScriptUser me = { geteuid (), getegid (), (char *) "me" };
  VigilNotifyFifo *fifo;
  gint64 deadline;
  g_autofree char *text = NULL;

  fifo = vigil_notify_fifo_open (f->path, argv, &me, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_notify_fifo_write (fifo, "INSTANCE \"VI_1\" FAULT 100\n"));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_clear_pointer (&text, g_free);
      if (g_file_get_contents (f->out, &text, NULL, NULL)
          && strcmp (text, "INSTANCE \"VI_1\" FAULT 100\n") == 0)
        break;
      g_usleep (10000);
    }
  g_assert_cmpstr (text, ==, "INSTANCE \"VI_1\" FAULT 100\n");
  vigil_notify_fifo_close (fifo);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define FIFO_TEST(path, fn) \
  g_test_add ("/notify/fifo/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  FIFO_TEST ("create-write-read", test_create_write_read);
  FIFO_TEST ("full-drops", test_full_drops);
  FIFO_TEST ("existing-fifo-kept", test_existing_fifo_kept);
  FIFO_TEST ("not-a-fifo", test_not_a_fifo);
  FIFO_TEST ("script-gets-path", test_script_gets_path);
  return g_test_run ();
}
