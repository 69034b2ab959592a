/* test-track-rules.c - keepalived's weight rules and rise/fall counting */
#include <glib.h>
#include "track/track-rules.h"

typedef struct {
  gboolean up;
  int weight;
  gboolean reverse;
  gboolean ok;
  int delta;
} StateCase;

static void
test_state (void)
{
  static const StateCase cases[] = {
    /* up   weight reverse  ok     delta */
    { TRUE,  -150, FALSE,   TRUE,  0 },     /* negative: nothing while up */
    { FALSE, -150, FALSE,   TRUE,  -150 },  /* ... subtracted while down */
    { TRUE,  20,   FALSE,   TRUE,  20 },    /* positive: added while up */
    { FALSE, 20,   FALSE,   TRUE,  0 },     /* ... nothing while down */
    { TRUE,  0,    FALSE,   TRUE,  0 },     /* no weight: fine while up */
    { FALSE, 0,    FALSE,   FALSE, 0 },     /* ... FAULT while down */
    { TRUE,  0,    TRUE,    FALSE, 0 },     /* weight 0 reverse: FAULT while up */
    { FALSE, 0,    TRUE,    TRUE,  0 },
    /* reverse keeps when a weight applies and turns its sign */
    { FALSE, -10,  TRUE,    TRUE,  10 },
    { TRUE,  -10,  TRUE,    TRUE,  0 },
    { TRUE,  10,   TRUE,    TRUE,  -10 },
    { FALSE, 10,   TRUE,    TRUE,  0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const StateCase *c = &cases[i];
      int delta = 12345;
      gboolean ok = vigil_track_rule_state (c->up, c->weight, c->reverse, &delta);

      g_test_message ("case %u: up %d weight %d reverse %d", i, c->up, c->weight, c->reverse);
      g_assert_cmpint (ok, ==, c->ok);
      g_assert_cmpint (delta, ==, c->delta);
    }
}

typedef struct {
  long value;
  int weight;
  gboolean reverse;
  gboolean ok;
  int delta;
} ValueCase;

static void
test_value (void)
{
  static const ValueCase cases[] = {
    { 0,    0,   FALSE, TRUE,  0 },
    { 5,    0,   FALSE, FALSE, 0 },     /* weight 0: non-zero is FAULT */
    { -1,   0,   FALSE, FALSE, 0 },
    { 5,    1,   FALSE, TRUE,  5 },
    { -20,  1,   FALSE, TRUE,  -20 },
    { 3,    -10, FALSE, TRUE,  -30 },
    { 3,    10,  TRUE,  TRUE,  -30 },   /* reverse negates */
    { -253, 1,   FALSE, TRUE,  -253 },
    { -254, 1,   FALSE, FALSE, 0 },     /* below -253: FAULT */
    { 100,  -3,  FALSE, FALSE, 0 },
    { 1000, 1,   FALSE, TRUE,  253 },   /* at most 253 upwards */
    { 1000, -1,  FALSE, FALSE, 0 },     /* the value is held at 254 */
    { -1000, -1, FALSE, TRUE,  253 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ValueCase *c = &cases[i];
      int delta = 12345;
      gboolean ok = vigil_track_rule_value (c->value, c->weight, c->reverse, &delta);

      g_test_message ("case %u: value %ld weight %d", i, c->value, c->weight);
      g_assert_cmpint (ok, ==, c->ok);
      g_assert_cmpint (delta, ==, c->delta);
    }
}

/* FILE_CHECK: keepalived's checker rule has no ±254 bounds. */
typedef struct {
  long value;
  int weight;
  gboolean reverse;
  gboolean up;
  gint64 delta;
} CheckerValueCase;

static void
test_checker_value (void)
{
  static const CheckerValueCase cases[] = {
    { 0,    0,   FALSE, TRUE,  0 },
    { 7,    0,   FALSE, FALSE, 0 },     /* weight 0: non-zero is down */
    { -7,   0,   FALSE, FALSE, 0 },
    { 0,    0,   TRUE,  FALSE, 0 },     /* reverse: zero is down */
    { 7,    0,   TRUE,  TRUE,  0 },
    { 0,    1,   FALSE, TRUE,  0 },     /* a missing file: weight unchanged */
    { 5,    1,   FALSE, TRUE,  5 },
    { 5,    -3,  FALSE, TRUE,  -15 },
    { 5,    3,   TRUE,  TRUE,  -15 },   /* reverse negates */
    { -5,   3,   TRUE,  TRUE,  15 },
    { 1000, 1,   FALSE, TRUE,  1000 },  /* no 253 bound here */
    { -1000, 1,  FALSE, TRUE,  -1000 }, /* nor a FAULT below -253 */
    { G_MAXINT32, 2, FALSE, TRUE, G_MAXINT },        /* held at G_MAXINT */
    { G_MININT32, 1, FALSE, FALSE, 0 },              /* G_MININT: down */
    { G_MININT32, 2, FALSE, FALSE, 0 },
    { G_MAXLONG, -1, FALSE, FALSE, 0 },              /* counted as 2^31 */
    { G_MINLONG, -1, FALSE, TRUE, G_MAXINT },        /* counted as -2^31 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const CheckerValueCase *c = &cases[i];
      gint64 delta = 12345;
      gboolean up = vigil_track_rule_checker_value (c->value, c->weight, c->reverse, &delta);

      g_test_message ("case %u: value %ld weight %d", i, c->value, c->weight);
      g_assert_cmpint (up, ==, c->up);
      g_assert_cmpint (delta, ==, c->delta);
    }
}

static void
test_combine (void)
{
  const VigilTrackVerdict none[1] = { { TRUE, 0 } };
  const VigilTrackVerdict sum[] = { { TRUE, -150 }, { TRUE, 20 }, { TRUE, 0 } };
  const VigilTrackVerdict fault[] = { { TRUE, -5 }, { FALSE, 0 }, { FALSE, 0 }, { TRUE, 7 } };
  int weight = 99;

  g_assert_cmpint (vigil_track_rule_combine (none, 0, &weight), ==, -1);
  g_assert_cmpint (weight, ==, 0);
  g_assert_cmpint (vigil_track_rule_combine (sum, G_N_ELEMENTS (sum), &weight), ==, -1);
  g_assert_cmpint (weight, ==, -130);
  /* the first FAULT is named; the weights of the others still add up */
  g_assert_cmpint (vigil_track_rule_combine (fault, G_N_ELEMENTS (fault), &weight), ==, 1);
  g_assert_cmpint (weight, ==, 2);
}

/* Feed "s"/"f" results; return the states after each as "u"/"d". */
static char *
run_results (guint rise, guint fall, gboolean init_up, const char *results)
{
  VigilRiseFall rf;
  GString *out = g_string_new (NULL);

  vigil_rise_fall_init (&rf, rise, fall, init_up);
  g_assert_cmpint (rf.up, ==, init_up);
  for (const char *r = results; *r != '\0'; r++)
    {
      gboolean changed, was = rf.up;
      changed = vigil_rise_fall_result (&rf, *r == 's');
      g_assert_cmpint (changed, ==, was != rf.up);
      g_string_append_c (out, rf.up ? 'u' : 'd');
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  guint rise, fall;
  gboolean init_up;
  const char *results;
  const char *states;
} RiseFallCase;

static void
test_rise_fall (void)
{
  static const RiseFallCase cases[] = {
    { 1, 1, TRUE,  "sfsf",       "udud" },
    /* without init_fail the first result decides at once, whatever rise
     * and fall say */
    { 3, 3, TRUE,  "f",          "d" },
    /* init_fail: starts down, and coming up takes rise successes */
    { 3, 3, FALSE, "sss",        "ddu" },
    /* fall 3: down on the third failure in a row */
    { 1, 3, TRUE,  "sfffs",      "uuudu" },
    { 1, 3, TRUE,  "sffsffs",    "uuuuuuu" },  /* a success in between resets */
    /* rise 2: up on the second success in a row */
    { 2, 1, TRUE,  "ffsfsss",    "dddddu" "u" },
    { 2, 2, FALSE, "fssffss",    "dduudd" "u" },
    { 2, 2, FALSE, "fffs",       "dddd" },
    { 3, 1, TRUE,  "s",          "u" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const RiseFallCase *c = &cases[i];
      g_autofree char *states = run_results (c->rise, c->fall, c->init_up, c->results);

      g_test_message ("case %u: rise %u fall %u %s", i, c->rise, c->fall, c->results);
      g_assert_cmpstr (states, ==, c->states);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/track/rules/state", test_state);
  g_test_add_func ("/track/rules/value", test_value);
  g_test_add_func ("/track/rules/checker-value", test_checker_value);
  g_test_add_func ("/track/rules/combine", test_combine);
  g_test_add_func ("/track/rise-fall", test_rise_fall);
  return g_test_run ();
}
