/* test-process-tracker.c - vrrp_track_process matching and quorum, on a fake /proc */
#include <glib/gstdio.h>
#include "track/process-tracker.h"

typedef struct {
  const char *process;        /* space-separated: name then parameters */
  VigilConfParamMatch match;
  gboolean match_given;
  gboolean full_command;
  const char *comm;
  const char *argv;           /* space-separated */
  gboolean matches;
} MatchCase;

static void
test_matches (void)
{
  static const MatchCase cases[] = {
    { "haproxy", 0, FALSE, FALSE, "haproxy", "/usr/sbin/haproxy -f x", TRUE },
    { "haproxy", 0, FALSE, FALSE, "haproxy2", "/usr/sbin/haproxy2", FALSE },
    { "hap", 0, FALSE, FALSE, "haproxy", "/usr/sbin/haproxy", FALSE },
    /* comm is cut to 15 characters */
    { "a-very-long-process-name", 0, FALSE, FALSE, "a-very-long-pro", "x", TRUE },
    /* full_command: argv[0] as a whole */
    { "/usr/sbin/haproxy", 0, FALSE, TRUE, "haproxy", "/usr/sbin/haproxy -f x", TRUE },
    { "haproxy", 0, FALSE, TRUE, "haproxy", "/usr/sbin/haproxy", FALSE },
    /* parameters: exact */
    { "sleep 100", VIGIL_CONF_PARAM_MATCH_EXACT, FALSE, FALSE, "sleep", "sleep 100", TRUE },
    { "sleep 100", VIGIL_CONF_PARAM_MATCH_EXACT, FALSE, FALSE, "sleep", "sleep 100 x", FALSE },
    { "sleep 100", VIGIL_CONF_PARAM_MATCH_EXACT, FALSE, FALSE, "sleep", "sleep 1000", FALSE },
    /* `param_match exact` with no parameters: the process has none */
    { "sleep", VIGIL_CONF_PARAM_MATCH_EXACT, TRUE, FALSE, "sleep", "sleep 1", FALSE },
    { "sleep", VIGIL_CONF_PARAM_MATCH_EXACT, TRUE, FALSE, "sleep", "sleep", TRUE },
    /* partial: the first ones */
    { "sleep 100", VIGIL_CONF_PARAM_MATCH_PARTIAL, TRUE, FALSE, "sleep", "sleep 100 x", TRUE },
    { "sleep 100", VIGIL_CONF_PARAM_MATCH_PARTIAL, TRUE, FALSE, "sleep", "sleep 10 x", FALSE },
    /* initial: the last given one is a prefix */
    { "sleep 10", VIGIL_CONF_PARAM_MATCH_INITIAL, TRUE, FALSE, "sleep", "sleep 100", TRUE },
    { "sleep 10", VIGIL_CONF_PARAM_MATCH_INITIAL, TRUE, FALSE, "sleep", "sleep 200", FALSE },
    /* kernel threads have no cmdline */
    { "sleep 10", 0, FALSE, FALSE, "sleep", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const MatchCase *c = &cases[i];
      g_auto(GStrv) process = g_strsplit (c->process, " ", -1);
      g_auto(GStrv) argv = c->argv != NULL ? g_strsplit (c->argv, " ", -1) : NULL;
      VigilConfTrackProcess conf = {
        .process = process, .param_match = c->match, .param_match_given = c->match_given,
        .full_command = c->full_command, .quorum = 1, .quorum_max = G_MAXUINT,
      };

      g_test_message ("case %u: %s vs %s %s", i, c->process, c->comm, c->argv);
      g_assert_cmpint (vigil_process_tracker_matches (&conf, c->comm,
                                                      (const char * const *) argv),
                       ==, c->matches);
    }
}

static void
add_process (const char *proc, int pid, const char *comm, const char *cmdline, gsize len)
{
  g_autofree char *dir = g_strdup_printf ("%s/%d", proc, pid);
  g_autofree char *comm_path = g_build_filename (dir, "comm", NULL);
  g_autofree char *cmd_path = g_build_filename (dir, "cmdline", NULL);
  g_autofree char *comm_text = g_strdup_printf ("%s\n", comm);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (comm_path, comm_text, -1, NULL));
  g_assert_true (g_file_set_contents (cmd_path, cmdline, (gssize) len, NULL));
}

static void
rm_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_quorum (void)
{
  g_autofree char *proc = g_dir_make_tmp ("vigil-proc-XXXXXX", NULL);
  char *process[] = { (char *) "worker", NULL };
  VigilConfTrackProcess conf = {
    .name = (char *) "workers", .process = process, .weight = 0,
    .quorum = 2, .quorum_max = 3,
  };
  g_autofree char *self_dir = g_build_filename (proc, "self", NULL);

  add_process (proc, 10, "worker", "worker\0", 7);
  add_process (proc, 11, "other", "other\0", 6);
  g_assert_cmpint (g_mkdir (self_dir, 0700), ==, 0);    /* not a pid: skipped */
  {
    g_autoptr(VigilProcessTracker) tracker = vigil_process_tracker_new (&conf, proc);
    g_assert_cmpuint (vigil_process_tracker_get_count (tracker), ==, 1);
    g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));   /* below quorum */
  }
  add_process (proc, 12, "worker", "worker\0-x\0", 10);
  {
    g_autoptr(VigilProcessTracker) tracker = vigil_process_tracker_new (&conf, proc);
    g_assert_cmpuint (vigil_process_tracker_get_count (tracker), ==, 2);
    g_assert_true (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));
  }
  add_process (proc, 13, "worker", "worker\0", 7);
  add_process (proc, 14, "worker", "worker\0", 7);
  {
    g_autoptr(VigilProcessTracker) tracker = vigil_process_tracker_new (&conf, proc);
    g_assert_cmpuint (vigil_process_tracker_get_count (tracker), ==, 4);
    g_assert_false (vigil_tracker_is_up (VIGIL_TRACKER (tracker)));   /* above quorum_max */
  }
  rm_tree (proc);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track/process/matches", test_matches);
  g_test_add_func ("/track/process/quorum", test_quorum);
  return g_test_run ();
}
