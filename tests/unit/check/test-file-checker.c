/* test-file-checker.c - FILE_CHECK: values and weights as keepalived
 * judges them, reverse, the track_file's weight by default, a missing
 * file, init_file, and a live change seen at once. */
#include <glib/gstdio.h>
#include <gio/gio.h>
#include "checker-fixture.h"
#include "check/check-conf-equal.h"
#include "check/file-checker.h"

typedef struct {
  char *dir;
  char *path;
} TrackDir;

static void
track_dir_free (TrackDir *track)
{
  g_unlink (track->path);
  g_rmdir (track->dir);
  g_free (track->path);
  g_free (track->dir);
  g_free (track);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrackDir, track_dir_free)

static TrackDir *
track_dir_new (void)
{
  TrackDir *track = g_new0 (TrackDir, 1);

  track->dir = g_dir_make_tmp ("vigil-file-check-XXXXXX", NULL);
  g_assert_nonnull (track->dir);
  track->path = g_build_filename (track->dir, "weight", NULL);
  return track;
}

/* A real server of weight 10 with FILE_CHECK { `check_options` } on a
 * track_file { file PATH; `track_options` }. */
static VigilCheckerTestFixture *
file_fixture (const TrackDir *track, const char *track_options, const char *check_options)
{
  g_autofree char *text = g_strdup_printf (
    "track_file tf {\n  file %s\n%s}\n"
    "virtual_server 192.0.2.100 80 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.1 80 {\n"
    "    weight 10\n"
    "    FILE_CHECK {\n      track_file tf\n%s    }\n"
    "  }\n"
    "}\n", track->path, track_options, check_options);

  return vigil_checker_test_fixture_new (text);
}

typedef struct {
  const char *name;
  const char *track_options;
  const char *check_options;
  const char *content;        /* NULL: no file */
  gboolean up;
  int weight;                 /* dynamic weight: -1 = the configured one */
  long value;
} ValueCase;

static void
test_values (void)
{
  static const ValueCase cases[] = {
    /* the track_file's default weight 1: the value is added to 10; with
   * nothing added the configured weight applies (-1) */
    { "weight 1 from the track_file", "", "", "5\n", TRUE, 15, 5 },
    { "zero", "", "", "0\n", TRUE, -1, 0 },
    { "missing file is 0", "", "", NULL, TRUE, -1, 0 },
    { "garbage is 0", "", "", "up\n", TRUE, -1, 0 },
    { "negative", "", "", "-4\n", TRUE, 6, -4 },
    { "held at 0", "", "", "-40\n", TRUE, 0, -40 },
    { "hex as C reads it", "", "", "0x10\n", TRUE, 26, 16 },
    /* the checker's own weight wins over the track_file's */
    { "weight 3", "  weight 1\n", "      weight 3\n", "5\n", TRUE, 25, 5 },
    { "weight 2 reverse", "", "      weight 2 reverse\n", "3\n", TRUE, 4, 3 },
    { "weight -2", "", "      weight -2\n", "3\n", TRUE, 4, 3 },
    { "track_file weight 4 reverse", "  weight 4 reverse\n", "", "2\n", TRUE, 2, 2 },
    { "dynamic is accepted", "", "      dynamic\n      weight 2\n", "1\n", TRUE, 12, 1 },
    /* weight 0: non-zero is down, the weight stays */
    { "weight 0, zero", "  weight 0\n", "", "0\n", TRUE, -1, 0 },
    { "weight 0, missing", "  weight 0\n", "", NULL, TRUE, -1, 0 },
    { "weight 0, non-zero", "  weight 0\n", "", "1\n", FALSE, -1, 1 },
    { "weight 0 on the checker", "  weight 5\n", "      weight 0\n", "7\n", FALSE, -1, 7 },
    { "weight 0 reverse, zero", "", "      weight 0 reverse\n", "0\n", FALSE, -1, 0 },
    { "weight 0 reverse, non-zero", "", "      weight 0 reverse\n", "9\n", TRUE, -1, 9 },
    { "weight 0 reverse, missing", "", "      weight 0 reverse\n", NULL, FALSE, -1, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ValueCase *c = &cases[i];
      g_autoptr(TrackDir) track = track_dir_new ();
      g_autoptr(VigilCheckerTestFixture) fixture = NULL;
      g_autoptr(GError) error = NULL;
      VigilFileChecker *checker;
      gboolean up;

      g_test_message ("case %u: %s", i, c->name);
      if (c->content != NULL)
        g_assert_true (g_file_set_contents (track->path, c->content, -1, NULL));
      fixture = file_fixture (track, c->track_options, c->check_options);
      checker = VIGIL_FILE_CHECKER (fixture->checker);
      g_assert_cmpstr (vigil_file_checker_get_path (checker), ==, track->path);
      up = vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error);
      g_assert_cmpint (up, ==, c->up);
      if (c->up)
        g_assert_no_error (error);
      else
        {
          g_assert_nonnull (error);
          g_test_message ("down: %s", error->message);
          g_assert_nonnull (strstr (error->message, track->path));
        }
      g_assert_cmpint (vigil_file_checker_get_value (checker), ==, c->value);
      g_assert_cmpint (vigil_checker_get_dynamic_weight (fixture->checker), ==, c->weight);
    }
}

/* keepalived reads the first 127 bytes: a huge file is no problem, and
 * what is beyond that does not count. */
static void
test_big_file (void)
{
  g_autoptr(TrackDir) track = track_dir_new ();
  g_autoptr(VigilCheckerTestFixture) fixture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (1 << 20, ' ');

  text[(1 << 20) - 2] = '9';
  g_assert_true (g_file_set_contents (track->path, text, -1, NULL));
  fixture = file_fixture (track, "", "");
  g_assert_true (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_file_checker_get_value (VIGIL_FILE_CHECKER (fixture->checker)), ==, 0);
}

/* init_file writes the value if the file does not exist. */
static void
test_init_file (void)
{
  g_autoptr(TrackDir) track = track_dir_new ();
  g_autoptr(VigilCheckerTestFixture) fixture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  fixture = file_fixture (track, "  weight 0\n  init_file 4\n", "");
  g_assert_true (g_file_get_contents (track->path, &text, NULL, NULL));
  g_assert_cmpint (g_ascii_strtoll (text, NULL, 10), ==, 4);
  g_assert_false (vigil_checker_test_attempt (fixture->checker, 5000, NULL, &error));
}

/* An unknown track_file fails every attempt, saying so. */
static void
test_unknown_track_file (void)
{
  static const VigilConfChecker conf = {
    .type = VIGIL_CONF_CHECKER_FILE, .track_file = (char *) "nosuch",
    .delay_loop = 60 * G_USEC_PER_SEC, .connect_timeout = 5 * G_USEC_PER_SEC,
  };
  g_autoptr(VigilConfig) config = vigil_config_new ();
  VigilCheckerTarget target = { .config = config };
  g_autoptr(VigilChecker) checker = NULL;
  g_autoptr(GError) error = NULL;

  g_test_expect_message ("vigil-check", G_LOG_LEVEL_WARNING, "*unknown track_file 'nosuch'*");
  checker = vigil_checker_new (&conf, &target, &error);
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  g_assert_false (vigil_checker_test_attempt (checker, 5000, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
write_value (const TrackDir *track, const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (track->path, value, -1, &error));
  g_assert_no_error (error);
}

/* Started with delay_loop 60, the checker still follows the file at once:
 * down, up, weight changes, removal. */
static void
test_live (void)
{
  g_autoptr(TrackDir) track = track_dir_new ();
  g_autoptr(VigilCheckerTestFixture) fixture = NULL;
  VigilChecker *checker;
  gint64 deadline;

  write_value (track, "0\n");
  fixture = file_fixture (track, "  weight 0\n", "");
  checker = fixture->checker;
  vigil_checker_start (checker);
  /* no retries: the first non-zero value is down */
  write_value (track, "1\n");
  g_assert_true (vigil_checker_test_wait_state (checker, FALSE, 5000));
  g_assert_nonnull (strstr (vigil_checker_get_last_error (checker), "value 1"));
  write_value (track, "0\n");
  g_assert_true (vigil_checker_test_wait_state (checker, TRUE, 5000));
  write_value (track, "3\n");
  g_assert_true (vigil_checker_test_wait_state (checker, FALSE, 5000));
  /* removed: 0, up */
  g_assert_cmpint (g_unlink (track->path), ==, 0);
  g_assert_true (vigil_checker_test_wait_state (checker, TRUE, 5000));
  vigil_checker_stop (checker);
  g_clear_object (&fixture->checker);

  /* with a weight, the dynamic weight follows */
  write_value (track, "0\n");
  g_clear_pointer (&fixture, vigil_checker_test_fixture_free);
  fixture = file_fixture (track, "", "      weight 5\n");
  checker = fixture->checker;
  vigil_checker_start (checker);
  write_value (track, "2\n");
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (vigil_checker_get_dynamic_weight (checker) != 20 && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  g_assert_cmpint (vigil_checker_get_dynamic_weight (checker), ==, 20);
  g_assert_true (vigil_checker_is_up (checker));
}

/* A reload that changes only the track_file block (its path, or the
 * weight a FILE_CHECK inherits) changes the checker: it is rebuilt, not
 * kept with the old file. */
static void
test_reload_equality (void)
{
  g_autoptr(TrackDir) one = track_dir_new ();
  g_autoptr(TrackDir) two = track_dir_new ();
  g_autoptr(VigilCheckerTestFixture) a = file_fixture (one, "", "");
  g_autoptr(VigilCheckerTestFixture) same = file_fixture (one, "", "");
  g_autoptr(VigilCheckerTestFixture) moved = file_fixture (two, "", "");
  g_autoptr(VigilCheckerTestFixture) weighted = file_fixture (one, "  weight 3\n", "");
  g_autoptr(VigilCheckerTestFixture) own = file_fixture (one, "  weight 3\n", "      weight 1\n");

  g_assert_true (vigil_conf_checker_equal (vigil_checker_get_conf (a->checker),
                                           vigil_checker_get_conf (same->checker)));
  g_assert_false (vigil_conf_checker_equal (vigil_checker_get_conf (a->checker),
                                            vigil_checker_get_conf (moved->checker)));
  g_assert_false (vigil_conf_checker_equal (vigil_checker_get_conf (a->checker),
                                            vigil_checker_get_conf (weighted->checker)));
  /* its own `weight 1` equals the inherited 1 in value, not in meaning */
  g_assert_false (vigil_conf_checker_equal (vigil_checker_get_conf (a->checker),
                                            vigil_checker_get_conf (own->checker)));
  g_assert_cmpint (vigil_checker_get_conf (weighted->checker)->file_weight, ==, 3);
  g_assert_cmpint (vigil_checker_get_conf (own->checker)->file_weight, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/check/file/values", test_values);
  g_test_add_func ("/check/file/big-file", test_big_file);
  g_test_add_func ("/check/file/init-file", test_init_file);
  g_test_add_func ("/check/file/unknown-track-file", test_unknown_track_file);
  g_test_add_func ("/check/file/live", test_live);
  g_test_add_func ("/check/file/reload-equality", test_reload_equality);
  return g_test_run ();
}
