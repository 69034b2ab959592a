/* test-notify-format.c - keepalived's notify arguments and FIFO lines */
#include "notify/notify-format.h"

static void
test_state_words (void)
{
  g_assert_cmpstr (vigil_notify_state_word (VIGIL_VRRP_STATE_MASTER), ==, "MASTER");
  g_assert_cmpstr (vigil_notify_state_word (VIGIL_VRRP_STATE_BACKUP), ==, "BACKUP");
  g_assert_cmpstr (vigil_notify_state_word (VIGIL_VRRP_STATE_FAULT), ==, "FAULT");
  g_assert_cmpstr (vigil_notify_state_word (VIGIL_VRRP_STATE_STOP), ==, "STOP");
  g_assert_null (vigil_notify_state_word (VIGIL_VRRP_STATE_INIT));
}

typedef struct {
  const char *script[4];
  const char *type, *name, *state;
  guint priority;
  const char *want[9];
} GenericCase;

static const GenericCase generic_cases[] = {
  { { "/etc/vigil/notify.sh", NULL }, "INSTANCE", "VI_1", "MASTER", 100,
    { "/etc/vigil/notify.sh", "INSTANCE", "VI_1", "MASTER", "100", NULL } },
  /* configured arguments come first, as keepalived passes them */
  { { "/bin/n", "one", "two words", NULL }, "INSTANCE", "VI_2", "BACKUP", 254,
    { "/bin/n", "one", "two words", "INSTANCE", "VI_2", "BACKUP", "254", NULL } },
  { { "/bin/n", NULL }, "INSTANCE", "VI_1", "STOP", 0,
    { "/bin/n", "INSTANCE", "VI_1", "STOP", "0", NULL } },
  { { "/bin/n", NULL }, "INSTANCE", "VI_1", "DELETED", 255,
    { "/bin/n", "INSTANCE", "VI_1", "DELETED", "255", NULL } },
  { { "/bin/n", NULL }, "GROUP", "G1", "FAULT", 0,
    { "/bin/n", "GROUP", "G1", "FAULT", "0", NULL } },
};

static void
test_generic_argv (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (generic_cases); i++)
    {
      const GenericCase *c = &generic_cases[i];
      g_auto(GStrv) argv = vigil_notify_build_generic_argv (c->script, c->type, c->name,
                                                            c->state, c->priority);
      g_assert_true (g_strv_equal ((const char * const *) argv, c->want));
    }
}

static void
test_fifo_line (void)
{
  struct { const char *type, *name, *state; guint prio; const char *want; } cases[] = {
    { "INSTANCE", "VI_1", "MASTER", 100, "INSTANCE \"VI_1\" MASTER 100\n" },
    { "INSTANCE", "VI_1", "BACKUP", 50, "INSTANCE \"VI_1\" BACKUP 50\n" },
    { "INSTANCE", "web-vip.1", "FAULT", 0, "INSTANCE \"web-vip.1\" FAULT 0\n" },
    { "INSTANCE", "VI_1", "STOP", 255, "INSTANCE \"VI_1\" STOP 255\n" },
    { "GROUP", "G1", "MASTER", 0, "GROUP \"G1\" MASTER 0\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = vigil_notify_format_fifo_line (cases[i].type, cases[i].name,
                                                             cases[i].state, cases[i].prio);
      g_assert_cmpstr (line, ==, cases[i].want);
    }
}

static void
test_fifo_script_argv (void)
{
  const char *script[] = { "/usr/local/bin/reader", "-v", NULL };
  const char *want[] = { "/usr/local/bin/reader", "-v", "/run/vigil/notify", NULL };
  g_auto(GStrv) argv = vigil_notify_build_fifo_script_argv (script, "/run/vigil/notify");

  g_assert_true (g_strv_equal ((const char * const *) argv, want));
}

static void
test_argv_to_string (void)
{
  const char *plain[] = { "/bin/n", "INSTANCE", "VI_1", "MASTER", "100", NULL };
  const char *spaced[] = { "/bin/n", "two words", "", NULL };
  g_autofree char *a = vigil_notify_argv_to_string (plain);
  g_autofree char *b = vigil_notify_argv_to_string (spaced);

  g_assert_cmpstr (a, ==, "/bin/n INSTANCE VI_1 MASTER 100");
  g_assert_cmpstr (b, ==, "/bin/n 'two words' ''");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/notify/format/state-words", test_state_words);
  g_test_add_func ("/notify/format/generic-argv", test_generic_argv);
  g_test_add_func ("/notify/format/fifo-line", test_fifo_line);
  g_test_add_func ("/notify/format/fifo-script-argv", test_fifo_script_argv);
  g_test_add_func ("/notify/format/argv-to-string", test_argv_to_string);
  return g_test_run ();
}
