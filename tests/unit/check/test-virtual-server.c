/* test-virtual-server.c - VigilVirtualServer: keepalived's quorum with
 * hysteresis, the sorry server, inhibit_on_failure, what goes to the
 * load balancer, stop/retire notifications and reload updates
 *
 * Real servers get fake checkers (fake-checker.h) the table drives; a
 * recording backend keeps the last service it was handed.
 */
#include "fake-checker.h"
#include "check/virtual-server.h"

/* ---- a backend that records ------------------------------------------------ */

typedef struct
{
  GObject parent_instance;
  char *pool;          /* "192.0.2.10:80=1 192.0.2.11:80=0" of the last set_service */
  char *key;
  guint sets, removes, flushes;
  gboolean fail;
} RecordingBackend;

typedef struct
{
  GObjectClass parent_class;
} RecordingBackendClass;

static void recording_backend_iface_init (VigilLbBackendInterface *iface);
static GType recording_backend_get_type (void);
G_DEFINE_TYPE_WITH_CODE (RecordingBackend, recording_backend, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (VIGIL_TYPE_LB_BACKEND,
                                                recording_backend_iface_init))

static const char *
rb_get_name (VigilLbBackend *backend)
{
  return "recording";
}

static gboolean
rb_set_service (VigilLbBackend *backend, const VigilLbService *service, GError **error)
{
  RecordingBackend *self = (RecordingBackend *) backend;
  GString *pool = g_string_new (NULL);

  if (self->fail)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "kernel says no");
      g_string_free (pool, TRUE);
      return FALSE;
    }
  for (guint i = 0; i < service->destinations->len; i++)
    {
      const VigilLbDestination *d = &g_array_index (service->destinations, VigilLbDestination, i);
      char buf[VIGIL_INET_ADDR_STRLEN];
      g_string_append_printf (pool, "%s%s:%u=%u", i ? " " : "",
                              vigil_inet_addr_to_string (&d->addr, buf), d->port, d->weight);
    }
  g_free (self->pool);
  self->pool = g_string_free (pool, FALSE);
  g_free (self->key);
  self->key = g_strdup (service->key);
  self->sets++;
  return TRUE;
}

static gboolean
rb_remove_service (VigilLbBackend *backend, const char *key, GError **error)
{
  RecordingBackend *self = (RecordingBackend *) backend;

  g_assert_cmpstr (key, ==, self->key);
  self->removes++;
  return TRUE;
}

static gboolean
rb_flush (VigilLbBackend *backend, GError **error)
{
  ((RecordingBackend *) backend)->flushes++;
  return TRUE;
}

static void
recording_backend_iface_init (VigilLbBackendInterface *iface)
{
  iface->get_name = rb_get_name;
  iface->set_service = rb_set_service;
  iface->remove_service = rb_remove_service;
  iface->flush = rb_flush;
}

static void
recording_backend_finalize (GObject *object)
{
  RecordingBackend *self = (RecordingBackend *) object;

  g_free (self->pool);
  g_free (self->key);
  G_OBJECT_CLASS (recording_backend_parent_class)->finalize (object);
}

static void
recording_backend_class_init (RecordingBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = recording_backend_finalize;
}

static void
recording_backend_init (RecordingBackend *self)
{
}

/* ---- fixture ------------------------------------------------------------------- */

#define MAX_RS 5

typedef struct
{
  VigilConfig *config;
  VigilConfVirtualServer vs_conf;
  VigilConfRealServer rs_conf[MAX_RS];
  VigilConfRealServer sorry_conf;
  VigilConfChecker checker_conf;
  VigilConfChecker alpha_conf;
  RecordingBackend *backend;
  VigilVirtualServer *vs;
  VigilChecker *checkers[MAX_RS];
  GString *signals;            /* "Q+ Q- R0+ R1- " */
} Fixture;

static void
on_quorum_changed (VigilVirtualServer *vs, gboolean up, Fixture *fx)
{
  g_string_append_printf (fx->signals, "Q%c ", up ? '+' : '-');
}

static void
on_rs_changed (VigilVirtualServer *vs, VigilRealServer *rs, gboolean up, const char *reason,
               Fixture *fx)
{
  GPtrArray *list = vigil_virtual_server_get_real_servers (vs);
  guint index = 0;

  if (g_ptr_array_find (list, rs, &index))
    g_string_append_printf (fx->signals, "R%u%c ", index, up ? '+' : '-');
  else   /* removed by a reload */
    g_string_append_printf (fx->signals, "R?%c ", up ? '+' : '-');
}

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  memset (fx, 0, sizeof *fx);
  fx->config = vigil_config_new ();
  fx->vs_conf.kind = VIGIL_CONF_VS_ADDRESS;
  g_assert_true (vigil_inet_addr_parse ("192.0.2.100", &fx->vs_conf.addr));
  fx->vs_conf.family = AF_INET;
  fx->vs_conf.port = 80;
  fx->vs_conf.protocol = IPPROTO_TCP;
  fx->vs_conf.lvs_sched = (char *) "wrr";
  fx->vs_conf.quorum = 1;
  fx->vs_conf.real_servers = g_ptr_array_new ();
  fake_checker_conf (&fx->checker_conf, FALSE);
  fake_checker_conf (&fx->alpha_conf, TRUE);
  fx->backend = g_object_new (recording_backend_get_type (), NULL);
  fx->signals = g_string_new (NULL);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  if (fx->vs != NULL)
    vigil_virtual_server_stop (fx->vs);
  g_clear_object (&fx->vs);
  g_clear_object (&fx->backend);
  g_ptr_array_unref (fx->vs_conf.real_servers);
  g_string_free (fx->signals, TRUE);
  vigil_config_free (fx->config);
}

/* n real servers 192.0.2.10.. with `weights`; optional sorry server
 * 192.0.2.50. */
static void
add_real_servers (Fixture *fx, guint n, const int *weights, gboolean inhibit)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *addr = g_strdup_printf ("192.0.2.%u", 10 + i);
      g_assert_true (vigil_inet_addr_parse (addr, &fx->rs_conf[i].addr));
      fx->rs_conf[i].weight = weights[i];
      fx->rs_conf[i].inhibit_on_failure = inhibit;
      g_ptr_array_add (fx->vs_conf.real_servers, &fx->rs_conf[i]);
    }
}

static void
set_sorry (Fixture *fx, gboolean inhibit)
{
  g_assert_true (vigil_inet_addr_parse ("192.0.2.50", &fx->sorry_conf.addr));
  fx->sorry_conf.weight = 1;
  fx->sorry_conf.is_sorry_server = TRUE;
  fx->sorry_conf.inhibit_on_failure = inhibit;
  fx->vs_conf.sorry_server = &fx->sorry_conf;
  fx->vs_conf.sorry_server_inhibit = inhibit;
}

static void
make_and_start (Fixture *fx, gboolean alpha)
{
  GPtrArray *list;

  fx->vs = vigil_virtual_server_new (&fx->vs_conf, fx->config, VIGIL_LB_BACKEND (fx->backend));
  list = vigil_virtual_server_get_real_servers (fx->vs);
  for (guint i = 0; i < list->len; i++)
    {
      VigilRealServer *rs = g_ptr_array_index (list, i);
      VigilCheckerTarget target = { fx->config, fx->rs_conf[i].addr, 80, NULL };
      g_autoptr (VigilChecker) checker =
        fake_checker_new (alpha ? &fx->alpha_conf : &fx->checker_conf, &target);
      vigil_real_server_add_checker (rs, checker);
      fx->checkers[i] = checker;
    }
  g_signal_connect (fx->vs, "quorum-changed", G_CALLBACK (on_quorum_changed), fx);
  g_signal_connect (fx->vs, "real-server-changed", G_CALLBACK (on_rs_changed), fx);
  vigil_virtual_server_start (fx->vs);
}

/* Steps: "3-" real server 3's checker fails, "0+" passes. After each
 * step: quorum, sorry in use, live weight, the pool, signals. */
typedef struct
{
  const char *step;
  gboolean quorum;
  gboolean sorry;
  guint live;
  const char *pool;
  const char *signals;
} Step;

typedef struct
{
  const char *name;
  guint n;
  int weights[MAX_RS];
  guint quorum;
  guint hysteresis;
  gboolean sorry;
  gboolean sorry_inhibit;
  gboolean inhibit;
  gboolean alpha;
  Step steps[8];
} QuorumCase;

static const QuorumCase quorum_cases[] = {
  { "plain", 3, { 1, 1, 1 }, 2, 0, FALSE, FALSE, FALSE, FALSE, {
      { "start", TRUE, FALSE, 3, "192.0.2.10:80=1 192.0.2.11:80=1 192.0.2.12:80=1", "" },
      { "0-", TRUE, FALSE, 2, "192.0.2.11:80=1 192.0.2.12:80=1", "R0- " },
      { "1-", FALSE, FALSE, 1, "192.0.2.12:80=1", "R1- Q- " },
      { "1+", TRUE, FALSE, 2, "192.0.2.11:80=1 192.0.2.12:80=1", "R1+ Q+ " },
      { NULL } } },
  /* up at >= quorum + hysteresis (4), down at < quorum - hysteresis (2) */
  { "hysteresis", 4, { 1, 1, 1, 1 }, 3, 1, FALSE, FALSE, FALSE, FALSE, {
      { "start", TRUE, FALSE, 4, "192.0.2.10:80=1 192.0.2.11:80=1 192.0.2.12:80=1 192.0.2.13:80=1", "" },
      { "0-", TRUE, FALSE, 3, NULL, "R0- " },
      { "1-", TRUE, FALSE, 2, NULL, "R1- " },
      { "2-", FALSE, FALSE, 1, "192.0.2.13:80=1", "R2- Q- " },
      { "2+", FALSE, FALSE, 2, NULL, "R2+ " },
      { "1+", FALSE, FALSE, 3, NULL, "R1+ " },
      { "0+", TRUE, FALSE, 4, NULL, "R0+ Q+ " },
      { NULL } } },
  { "weighted", 3, { 3, 1, 1 }, 3, 0, FALSE, FALSE, FALSE, FALSE, {
      { "start", TRUE, FALSE, 5, "192.0.2.10:80=3 192.0.2.11:80=1 192.0.2.12:80=1", "" },
      { "1-", TRUE, FALSE, 4, NULL, "R1- " },
      { "0-", FALSE, FALSE, 1, "192.0.2.12:80=1", "R0- Q- " },
      { NULL } } },
  /* the sorry server replaces the live ones while quorum is lost */
  { "sorry", 2, { 1, 1 }, 2, 0, TRUE, FALSE, FALSE, FALSE, {
      { "start", TRUE, FALSE, 2, "192.0.2.10:80=1 192.0.2.11:80=1", "" },
      { "0-", FALSE, TRUE, 1, "192.0.2.50:80=1", "R0- Q- " },
      { "1-", FALSE, TRUE, 0, "192.0.2.50:80=1", "R1- " },
      { "1+", FALSE, TRUE, 1, "192.0.2.50:80=1", "R1+ " },
      { "0+", TRUE, FALSE, 2, "192.0.2.10:80=1 192.0.2.11:80=1", "R0+ Q+ " },
      { NULL } } },
  /* sorry_server_inhibit: in the pool with weight 0 while unused */
  { "sorry-inhibit", 1, { 1 }, 1, 0, TRUE, TRUE, FALSE, FALSE, {
      { "start", TRUE, FALSE, 1, "192.0.2.10:80=1 192.0.2.50:80=0", "" },
      { "0-", FALSE, TRUE, 0, "192.0.2.50:80=1", "R0- Q- " },
      { "0+", TRUE, FALSE, 1, "192.0.2.10:80=1 192.0.2.50:80=0", "R0+ Q+ " },
      { NULL } } },
  /* inhibit_on_failure: a failed server stays with weight 0 */
  { "inhibit", 2, { 2, 1 }, 1, 0, FALSE, FALSE, TRUE, FALSE, {
      { "start", TRUE, FALSE, 3, "192.0.2.10:80=2 192.0.2.11:80=1", "" },
      { "0-", TRUE, FALSE, 1, "192.0.2.10:80=0 192.0.2.11:80=1", "R0- " },
      { "1-", FALSE, FALSE, 0, "192.0.2.10:80=0 192.0.2.11:80=0", "R1- Q- " },
      { "0+", TRUE, FALSE, 2, "192.0.2.10:80=2 192.0.2.11:80=0", "R0+ Q+ " },
      { NULL } } },
  /* alpha: everything starts down; with a sorry server keepalived starts
   * with quorum down, the sorry server in and quorum_down run */
  { "alpha-sorry", 2, { 1, 1 }, 1, 0, TRUE, FALSE, FALSE, TRUE, {
      { "start", FALSE, TRUE, 0, "192.0.2.50:80=1", "Q- " },
      { "0+", TRUE, FALSE, 1, "192.0.2.10:80=1", "R0+ Q+ " },
      { NULL } } },
  /* an alpha server whose first check fails is reported down (once) */
  { "alpha-first-failure", 2, { 1, 1 }, 1, 0, FALSE, FALSE, FALSE, TRUE, {
      { "start", FALSE, FALSE, 0, "", "" },
      { "0-", FALSE, FALSE, 0, "", "R0- " },
      { "0-", FALSE, FALSE, 0, "", "" },
      { "1+", TRUE, FALSE, 1, "192.0.2.11:80=1", "R1+ Q+ " },
      { NULL } } },
  /* ... and without one it says nothing until quorum is gained */
  { "alpha", 2, { 1, 1 }, 2, 0, FALSE, FALSE, FALSE, TRUE, {
      { "start", FALSE, FALSE, 0, "", "" },
      { "0+", FALSE, FALSE, 1, "192.0.2.10:80=1", "R0+ " },
      { "1+", TRUE, FALSE, 2, "192.0.2.10:80=1 192.0.2.11:80=1", "R1+ Q+ " },
      { NULL } } },
  /* a quorum above the total weight is lowered to it (keepalived) */
  { "quorum-clamped", 2, { 1, 1 }, 5, 0, FALSE, FALSE, FALSE, FALSE, {
      { "start", TRUE, FALSE, 2, "192.0.2.10:80=1 192.0.2.11:80=1", "" },
      { "0-", FALSE, FALSE, 1, NULL, "R0- Q- " },
      { NULL } } },
};

static void
test_quorum (Fixture *fx, gconstpointer data)
{
  const QuorumCase *c = data;

  add_real_servers (fx, c->n, c->weights, c->inhibit);
  fx->vs_conf.quorum = c->quorum;
  fx->vs_conf.hysteresis = c->hysteresis;
  if (c->sorry)
    set_sorry (fx, c->sorry_inhibit);
  make_and_start (fx, c->alpha);
  for (const Step *s = c->steps; s->step != NULL; s++)
    {
      g_test_message ("%s: step %s", c->name, s->step);
      if (strcmp (s->step, "start") != 0)
        fake_checker_set (fx->checkers[s->step[0] - '0'], s->step[1] == '+');
      g_assert_cmpint (vigil_virtual_server_has_quorum (fx->vs), ==, s->quorum);
      g_assert_cmpint (vigil_virtual_server_is_sorry_active (fx->vs), ==, s->sorry);
      g_assert_cmpuint (vigil_virtual_server_get_live_weight (fx->vs), ==, s->live);
      if (s->pool != NULL)
        g_assert_cmpstr (fx->backend->pool, ==, s->pool);
      g_assert_cmpstr (fx->signals->str, ==, s->signals);
      g_string_truncate (fx->signals, 0);
    }
}

static void
test_names (Fixture *fx, gconstpointer data)
{
  static const int w[] = { 1 };
  g_autofree char *rs = NULL;

  add_real_servers (fx, 1, w, FALSE);
  make_and_start (fx, FALSE);
  g_assert_cmpstr (vigil_virtual_server_get_name (fx->vs), ==, "192.0.2.100:80");
  g_assert_cmpstr (vigil_virtual_server_get_key (fx->vs), ==, "[192.0.2.100]:tcp:80");
  g_assert_cmpstr (vigil_virtual_server_get_keepalived_name (fx->vs), ==, "[192.0.2.100]:tcp:80");
  g_assert_cmpstr (vigil_virtual_server_get_protocol_name (fx->vs), ==, "TCP");
  rs = vigil_virtual_server_format_real_server (
    fx->vs, g_ptr_array_index (vigil_virtual_server_get_real_servers (fx->vs), 0));
  g_assert_cmpstr (rs, ==, "[192.0.2.10]:tcp:80");
  g_assert_nonnull (vigil_virtual_server_find_real_server (fx->vs, "192.0.2.10:80"));
  g_assert_null (vigil_virtual_server_find_real_server (fx->vs, "192.0.2.99:80"));
  g_assert_cmpstr (fx->backend->key, ==, "[192.0.2.100]:tcp:80");
}

static void
test_fwmark_names (Fixture *fx, gconstpointer data)
{
  static const int w[] = { 1 };
  g_autofree char *rs = NULL;

  fx->vs_conf.kind = VIGIL_CONF_VS_FWMARK;
  fx->vs_conf.fwmark = 7;
  fx->vs_conf.port = 0;
  add_real_servers (fx, 1, w, FALSE);
  make_and_start (fx, FALSE);
  g_assert_cmpstr (vigil_virtual_server_get_name (fx->vs), ==, "FWM 7");
  g_assert_cmpstr (vigil_virtual_server_get_keepalived_name (fx->vs), ==, "FWM 7");
  rs = vigil_virtual_server_format_real_server (
    fx->vs, g_ptr_array_index (vigil_virtual_server_get_real_servers (fx->vs), 0));
  g_assert_cmpstr (rs, ==, "[192.0.2.10]:none:0");
}

/* Stopping: without omega nothing is said; with it, live servers go
 * down and so does the quorum. Either way the service leaves the
 * backend. */
static void
test_stop (Fixture *fx, gconstpointer data)
{
  static const int w[] = { 1, 1 };
  gboolean omega = GPOINTER_TO_INT (data);

  add_real_servers (fx, 2, w, FALSE);
  fx->vs_conf.omega = omega;
  make_and_start (fx, FALSE);
  fake_checker_set (fx->checkers[1], FALSE);
  g_string_truncate (fx->signals, 0);
  vigil_virtual_server_stop (fx->vs);
  g_assert_cmpstr (fx->signals->str, ==, omega ? "R0- Q- " : "");
  g_assert_cmpuint (fx->backend->removes, ==, 1);
  g_assert_false (vigil_virtual_server_has_quorum (fx->vs));
  vigil_virtual_server_stop (fx->vs);          /* idempotent */
  g_assert_cmpuint (fx->backend->removes, ==, 1);
}

static void
test_stop_plain (Fixture *fx, gconstpointer data)
{
  test_stop (fx, GINT_TO_POINTER (FALSE));
}

static void
test_stop_omega (Fixture *fx, gconstpointer data)
{
  test_stop (fx, GINT_TO_POINTER (TRUE));
}

/* Removed by a reload: reported down whatever omega says. */
static void
test_retire (Fixture *fx, gconstpointer data)
{
  static const int w[] = { 1, 1 };

  add_real_servers (fx, 2, w, FALSE);
  make_and_start (fx, FALSE);
  vigil_virtual_server_retire (fx->vs);
  g_assert_cmpstr (fx->signals->str, ==, "R0- R1- Q- ");
  g_assert_cmpuint (fx->backend->removes, ==, 1);
}

/* A reload keeps equal real servers (same objects, same state), updates
 * the changed one in place, adds and removes; quorum follows. */
static void
test_update (Fixture *fx, gconstpointer data)
{
  static const int w[] = { 1, 1, 1 };
  VigilConfVirtualServer next;
  VigilConfRealServer rs_next[3];
  VigilCheckApplyStats stats = { 0 };
  VigilRealServer *rs0, *rs1;

  add_real_servers (fx, 3, w, FALSE);
  make_and_start (fx, FALSE);
  fake_checker_set (fx->checkers[0], FALSE);
  rs0 = g_ptr_array_index (vigil_virtual_server_get_real_servers (fx->vs), 0);
  rs1 = g_ptr_array_index (vigil_virtual_server_get_real_servers (fx->vs), 1);
  g_string_truncate (fx->signals, 0);

  next = fx->vs_conf;
  memset (rs_next, 0, sizeof rs_next);
  next.real_servers = g_ptr_array_new ();
  rs_next[0] = fx->rs_conf[0];            /* unchanged */
  rs_next[1] = fx->rs_conf[1];
  rs_next[1].weight = 4;                  /* changed in place */
  g_assert_true (vigil_inet_addr_parse ("192.0.2.20", &rs_next[2].addr)); /* new */
  rs_next[2].weight = 1;
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (next.real_servers, &rs_next[i]);   /* 192.0.2.12 removed */
  vigil_virtual_server_update (fx->vs, &next, fx->config, &stats);

  g_assert_cmpuint (stats.rs_unchanged, ==, 1);
  g_assert_cmpuint (stats.rs_updated, ==, 1);
  g_assert_cmpuint (stats.rs_added, ==, 1);
  g_assert_cmpuint (stats.rs_removed, ==, 1);
  g_assert_true (g_ptr_array_index (vigil_virtual_server_get_real_servers (fx->vs), 0) == rs0);
  g_assert_true (g_ptr_array_index (vigil_virtual_server_get_real_servers (fx->vs), 1) == rs1);
  g_assert_false (vigil_real_server_is_up (rs0));            /* state kept */
  g_assert_cmpuint (vigil_real_server_get_effective_weight (rs1), ==, 4);
  /* 192.0.2.12 was up: its removal is reported (no index now: "R?") */
  g_assert_cmpstr (fx->signals->str, ==, "R?- ");
  g_assert_cmpuint (vigil_virtual_server_get_live_weight (fx->vs), ==, 5);
  g_assert_cmpstr (fx->backend->pool, ==, "192.0.2.11:80=4 192.0.2.20:80=1");
  vigil_virtual_server_stop (fx->vs);
  g_clear_object (&fx->vs);
  g_ptr_array_unref (next.real_servers);
}

/* A backend that refuses: the state is kept and the error said once. */
static void
test_backend_error (Fixture *fx, gconstpointer data)
{
  static const int w[] = { 1, 1 };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("*cannot program the recording load balancer: kernel says no*");
      return;
    }
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  add_real_servers (fx, 2, w, FALSE);
  fx->backend->fail = TRUE;
  make_and_start (fx, FALSE);
  fake_checker_set (fx->checkers[0], FALSE);
  g_assert_cmpuint (vigil_virtual_server_get_live_weight (fx->vs), ==, 1);
  fx->backend->fail = FALSE;
  fake_checker_set (fx->checkers[0], TRUE);
  g_assert_cmpstr (fx->backend->pool, ==, "192.0.2.10:80=1 192.0.2.11:80=1");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (quorum_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/virtual-server/quorum/%s", quorum_cases[i].name);
      g_test_add (path, Fixture, &quorum_cases[i], fixture_setup, test_quorum, fixture_teardown);
    }
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/virtual-server/names", test_names);
  ADD ("/virtual-server/fwmark-names", test_fwmark_names);
  ADD ("/virtual-server/stop", test_stop_plain);
  ADD ("/virtual-server/stop-omega", test_stop_omega);
  ADD ("/virtual-server/retire", test_retire);
  ADD ("/virtual-server/update", test_update);
  ADD ("/virtual-server/backend-error", test_backend_error);
#undef ADD
  return g_test_run ();
}
