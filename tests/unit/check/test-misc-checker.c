/* test-misc-checker.c - MISC_CHECK: exit codes, misc_dynamic weights, a
 * hung script killed at misc_timeout, and script security. */
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "checker-fixture.h"
#include "check/misc-checker.h"

/* ---- what an exit status means ---------------------------------------------- */

typedef struct {
  int status;
  gboolean dynamic;
  gboolean up;
  int weight;
} VerdictCase;

static void
test_verdict (void)
{
  static const VerdictCase cases[] = {
    { 0,   FALSE, TRUE,  -1 },
    { 1,   FALSE, FALSE, -1 },
    { 2,   FALSE, FALSE, -1 },  /* without misc_dynamic only 0 is up */
    { 255, FALSE, FALSE, -1 },
    { 0,   TRUE,  TRUE,  -1 },  /* 0 leaves the weight as it is */
    { 1,   TRUE,  FALSE, -1 },
    { 2,   TRUE,  TRUE,  0 },
    { 3,   TRUE,  TRUE,  1 },
    { 12,  TRUE,  TRUE,  10 },
    { 255, TRUE,  TRUE,  253 },
    { 256, TRUE,  FALSE, -1 },  /* not an exit status */
    { -1,  TRUE,  FALSE, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const VerdictCase *c = &cases[i];
      int weight = 999;

      g_test_message ("case %u: status %d dynamic %d", i, c->status, c->dynamic);
      g_assert_cmpint (vigil_misc_checker_exit_verdict (c->status, c->dynamic, &weight), ==,
                       c->up);
      g_assert_cmpint (weight, ==, c->weight);
    }
}

/* ---- real scripts --------------------------------------------------------------- */

typedef struct {
  char *dir;
} Scripts;

static void
scripts_free (Scripts *scripts)
{
  g_autoptr(GDir) dir = g_dir_open (scripts->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scripts->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (scripts->dir);
  g_free (scripts->dir);
  g_free (scripts);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scripts, scripts_free)

static Scripts *
scripts_new (void)
{
  Scripts *scripts = g_new0 (Scripts, 1);

  scripts->dir = g_dir_make_tmp ("vigil-misc-XXXXXX", NULL);
  g_assert_nonnull (scripts->dir);
  /* root-owned, not writable by others: safe for script security */
  g_assert_cmpint (g_chmod (scripts->dir, 0755), ==, 0);
  return scripts;
}

/* Write an executable shell script; returns its path. */
static char *
scripts_add (Scripts *scripts, const char *name, const char *body, int mode)
{
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\n%s\n", body);
  char *path = g_build_filename (scripts->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static VigilCheckerTestFixture *
misc_fixture (const char *global, const char *path, const char *options)
{
  g_autofree char *text = g_strdup_printf (
    "global_defs {\n%s}\n"
    "virtual_server 192.0.2.100 80 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.1 80 {\n"
    "    weight 7\n"
    "    MISC_CHECK {\n      misc_path \"%s\"\n%s    }\n"
    "  }\n"
    "}\n", global, path, options);

  return vigil_checker_test_fixture_new (text);
}

typedef struct {
  const char *name;
  const char *body;
  gboolean dynamic;
  gboolean up;
  int weight;                 /* dynamic weight after the attempt */
  const char *message;        /* error message, if down */
} ExitCase;

static void
test_exit_codes (void)
{
  static const ExitCase cases[] = {
    { "exit 0", "exit 0", FALSE, TRUE, -1, NULL },
    { "exit 1", "exit 1", FALSE, FALSE, -1, "exited with status 1" },
    { "exit 5, not dynamic", "exit 5", FALSE, FALSE, -1, "exited with status 5" },
    { "exit 0, dynamic", "exit 0", TRUE, TRUE, -1, NULL },
    { "exit 1, dynamic", "exit 1", TRUE, FALSE, -1, "exited with status 1" },
    { "exit 2, dynamic", "exit 2", TRUE, TRUE, 0, NULL },
    { "exit 12, dynamic", "exit 12", TRUE, TRUE, 10, NULL },
    { "exit 255, dynamic", "exit 255", TRUE, TRUE, 253, NULL },
    { "arguments arrive", "[ \"$1\" = a1 ] && [ \"$2\" = 'b 2' ] || exit 1", FALSE, TRUE, -1,
      NULL },
    { "signal", "kill -SEGV $$", FALSE, FALSE, -1, "killed by signal 11" },
  };
  g_autoptr(Scripts) scripts = scripts_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ExitCase *c = &cases[i];
      g_autofree char *name = g_strdup_printf ("case%u.sh", i);
      g_autofree char *path = scripts_add (scripts, name, c->body, 0755);
      g_autofree char *command = g_strdup_printf ("%s a1 'b 2'", path);
      g_autoptr(VigilCheckerTestFixture) fixture = NULL;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("case %u: %s", i, c->name);
      fixture = misc_fixture ("", command, c->dynamic ? "      misc_dynamic\n" : "");
      ok = vigil_checker_test_attempt (fixture->checker, 10000, NULL, &error);
      g_assert_cmpint (ok, ==, c->up);
      if (c->up)
        g_assert_no_error (error);
      else
        {
          g_assert_nonnull (error);
          g_assert_true (g_str_has_prefix (error->message, c->message));
        }
      g_assert_cmpint (vigil_checker_get_dynamic_weight (fixture->checker), ==, c->weight);
    }
}

/* misc_dynamic: the weight follows the script; exit 0 keeps the last one. */
static void
test_dynamic_sequence (void)
{
  static const struct {
    int status;
    gboolean up;
    int weight;
  } steps[] = {
    { 12, TRUE, 10 }, { 0, TRUE, 10 }, { 22, TRUE, 20 }, { 1, FALSE, 20 }, { 2, TRUE, 0 },
  };
  g_autoptr(Scripts) scripts = scripts_new ();
  g_autofree char *status_file = g_build_filename (scripts->dir, "status", NULL);
  g_autofree char *body = g_strdup_printf ("exit $(cat %s)", status_file);
  g_autofree char *path = scripts_add (scripts, "dyn.sh", body, 0755);
  g_autoptr(VigilCheckerTestFixture) fixture = misc_fixture ("", path, "      misc_dynamic\n");

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *text = g_strdup_printf ("%d\n", steps[i].status);
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (status_file, text, -1, NULL));
      g_assert_cmpint (vigil_checker_test_attempt (fixture->checker, 10000, NULL, &error), ==,
                       steps[i].up);
      g_assert_cmpint (vigil_checker_get_dynamic_weight (fixture->checker), ==,
                       steps[i].weight);
    }
}

/* misc_timeout is the attempt's timeout, delay_loop without it. */
static void
test_timeout_value (void)
{
  g_autoptr(VigilCheckerTestFixture) with = misc_fixture ("", "/bin/true",
                                                          "      misc_timeout 3\n");
  g_autoptr(VigilCheckerTestFixture) without = misc_fixture ("", "/bin/true",
                                                             "      delay_loop 9\n");

  g_assert_cmpint (VIGIL_CHECKER_GET_CLASS (with->checker)->get_timeout (with->checker), ==,
                   3 * G_USEC_PER_SEC);
  g_assert_cmpint (VIGIL_CHECKER_GET_CLASS (without->checker)->get_timeout (without->checker),
                   ==, 9 * G_USEC_PER_SEC);
}

/* Is the process in `pid_file` still running (a zombie is not)? */
static gboolean
pid_alive (const char *pid_file)
{
  g_autofree char *text = NULL;
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  const char *state;
  pid_t pid;

  if (!g_file_get_contents (pid_file, &text, NULL, NULL))
    return FALSE;
  pid = (pid_t) g_ascii_strtoll (text, NULL, 10);
  g_assert_cmpint (pid, >, 1);
  stat_path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return FALSE;
  /* "PID (comm) S ...": the state follows the last ')' */
  state = strrchr (stat, ')');
  return state != NULL && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

/* A hung script is killed at the timeout: SIGTERM, and SIGKILL when it
 * ignores that; its children (same process group) go too. The attempt
 * fails as timed out. */
static void
test_timeout_kills (void)
{
  static const struct {
    const char *name;
    const char *before;         /* then a child sleeps, its pid in a file */
    const char *after;
    gint64 max_us;
  } cases[] = {
    { "sleeps", "", "wait", 900 * 1000 },
    { "ignores SIGTERM", "trap '' TERM", "while :; do sleep 0.05; done", 3 * G_USEC_PER_SEC },
  };
  g_autoptr(Scripts) scripts = scripts_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *pid_file = g_strdup_printf ("%s/child%u.pid", scripts->dir, i);
      g_autofree char *name = g_strdup_printf ("hang%u.sh", i);
      g_autofree char *body = g_strdup_printf ("%s\nsleep 60 &\necho $! > %s\n%s",
                                               cases[i].before, pid_file, cases[i].after);
      g_autofree char *path = scripts_add (scripts, name, body, 0755);
      g_autoptr(VigilCheckerTestFixture) fixture = misc_fixture ("", path, "");
      g_autoptr(GError) error = NULL;
      gint64 deadline;
      gint64 took;

      g_test_message ("case %u: %s", i, cases[i].name);
      g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*still running after*");
      if (i == 1)
        g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING,
                               "*did not stop on SIGTERM, sending SIGKILL*");
      g_assert_false (vigil_checker_test_attempt (fixture->checker, 300, &took, &error));
      g_test_assert_expected_messages ();
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      g_assert_true (g_str_has_prefix (error->message, "timed out after"));
      g_assert_cmpint (took, >=, 300 * 1000);
      g_assert_cmpint (took, <, cases[i].max_us);
      /* the grandchild died with its process group (reaped by init, so
       * allow it a moment) */
      deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
      while (pid_alive (pid_file) && g_get_monotonic_time () < deadline)
        g_usleep (10000);
      g_assert_false (pid_alive (pid_file));
    }
}

/* Through the base's schedule: misc_timeout cancels the attempt, the
 * script is killed and the checker goes down saying it timed out; a
 * script that then answers brings it back. */
static void
test_schedule (void)
{
  g_autoptr(Scripts) scripts = scripts_new ();
  g_autofree char *mode_file = g_build_filename (scripts->dir, "mode", NULL);
  g_autofree char *body = g_strdup_printf ("[ \"$(cat %s)\" = hang ] && exec sleep 60\nexit 0",
                                           mode_file);
  g_autofree char *path = scripts_add (scripts, "sched.sh", body, 0755);
  g_autoptr(VigilCheckerTestFixture) fixture = NULL;
  VigilChecker *checker;

  g_assert_true (g_file_set_contents (mode_file, "hang\n", -1, NULL));
  fixture = misc_fixture ("", path, "      misc_timeout 1\n      delay_loop 1\n      warmup 0\n");
  checker = fixture->checker;
  g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*still running after*");
  vigil_checker_start (checker);
  g_assert_true (vigil_checker_test_wait_state (checker, FALSE, 5000));
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (vigil_checker_get_last_error (checker), "timeout"));
  g_assert_true (g_file_set_contents (mode_file, "ok\n", -1, NULL));
  g_assert_true (vigil_checker_test_wait_state (checker, TRUE, 5000));
  vigil_checker_stop (checker);
}

/* enable_script_security: a root script others may modify is refused,
 * each attempt fails and says why; without it, it runs (with a warning). */
static void
test_security (void)
{
  g_autoptr(Scripts) scripts = scripts_new ();
  g_autofree char *unsafe = scripts_add (scripts, "unsafe.sh", "exit 0", 0777);
  g_autofree char *safe = scripts_add (scripts, "safe.sh", "exit 0", 0755);
  g_autofree char *missing = g_build_filename (scripts->dir, "missing.sh", NULL);
  const char *secure = "  script_user root\n  enable_script_security\n";

  if (geteuid () != 0)
    {
      g_test_skip ("script security applies to scripts run as root");
      return;
    }
  {
    g_autoptr(VigilCheckerTestFixture) fixture = misc_fixture (secure, unsafe, "");
    g_autoptr(GError) error = NULL;

    /* logged once, not at every attempt */
    g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*unsafe.sh will not run*");
    g_assert_false (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_test_message ("refused: %s", error->message);
    g_assert_nonnull (strstr (error->message, "will not run"));
    g_assert_nonnull (strstr (error->message, "writable"));
    /* and again: the refusal holds at every attempt */
    g_clear_error (&error);
    g_assert_false (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
    g_test_assert_expected_messages ();
    /* fixed on disk: the next attempt runs */
    g_assert_cmpint (g_chmod (unsafe, 0755), ==, 0);
    g_clear_error (&error);
    g_assert_true (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (unsafe, 0777), ==, 0);
  }
  {
    g_autoptr(VigilCheckerTestFixture) fixture = misc_fixture (secure, safe, "");
    g_autoptr(GError) error = NULL;

    g_assert_true (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(VigilCheckerTestFixture) fixture = misc_fixture ("", unsafe, "");
    g_autoptr(GError) error = NULL;

    /* runs, with a warning */
    g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*unsafe.sh*writable*");
    g_assert_true (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(VigilCheckerTestFixture) fixture = misc_fixture ("", missing, "");
    g_autoptr(GError) error = NULL;

    g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*missing.sh will not run*");
    g_assert_false (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("missing: %s", error->message);
  }
}

/* `user nobody`: the script runs as that user. */
static void
test_user (void)
{
  g_autoptr(Scripts) scripts = scripts_new ();
  g_autofree char *path = scripts_add (scripts, "whoami.sh", "[ \"$(id -u)\" = 65534 ]", 0755);
  g_autofree char *options = g_strdup ("      user nobody\n");
  g_autoptr(VigilCheckerTestFixture) fixture = NULL;
  g_autoptr(GError) error = NULL;
  struct passwd *nobody = getpwnam ("nobody");

  if (geteuid () != 0 || nobody == NULL || nobody->pw_uid != 65534)
    {
      g_test_skip ("needs root and a user nobody (uid 65534)");
      return;
    }
  fixture = misc_fixture ("", path, options);
  g_assert_true (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/check/misc/verdict", test_verdict);
  g_test_add_func ("/check/misc/exit-codes", test_exit_codes);
  g_test_add_func ("/check/misc/dynamic-sequence", test_dynamic_sequence);
  g_test_add_func ("/check/misc/timeout-value", test_timeout_value);
  g_test_add_func ("/check/misc/timeout-kills", test_timeout_kills);
  g_test_add_func ("/check/misc/schedule", test_schedule);
  g_test_add_func ("/check/misc/security", test_security);
  g_test_add_func ("/check/misc/user", test_user);
  return g_test_run ();
}
