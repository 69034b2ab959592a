/* test-samples.c - keepalived 2.2.7's sample configs load without error
 *
 * The samples (doc/samples of keepalived, copied into
 * tests/unit/data/keepalived-samples) are the configs keepalived's own
 * documentation shows. Every one keepalived accepts (`keepalived -t` with
 * eth0..eth3 present; some only warn) must load without error, interfaces
 * stubbed to exist. Three are broken as shipped and keepalived rejects
 * them too; vigil must report an error there, at the same place.
 */
#include "parser-test-util.h"

typedef struct {
  const char *file;
  const char *config_id;     /* NULL: "main" */
  const char *error_at;      /* NULL: must load; else "LINE:COL" of an error */
} SampleCase;

static const SampleCase samples[] = {
  { "keepalived.conf.HTTP_GET.port", NULL, NULL },
  { "keepalived.conf.IPv6", NULL, NULL },
  { "keepalived.conf.PING_CHECK", NULL, NULL },
  { "keepalived.conf.SMTP_CHECK", NULL, NULL },
  { "keepalived.conf.SSL_GET", NULL, NULL },
  { "keepalived.conf.UDP_CHECK", NULL, NULL },
  { "keepalived.conf.conditional_conf", "high", NULL },
  { "keepalived.conf.conditional_conf", "low", NULL },
  /* without -i high/-i low its vrrp_script has no script */
  { "keepalived.conf.conditional_conf", "main", "6:1" },
  { "keepalived.conf.fwmark", NULL, NULL },
  { "keepalived.conf.inhibit", NULL, NULL },
  { "keepalived.conf.misc_check", NULL, NULL },
  { "keepalived.conf.misc_check_arg", NULL, NULL },
  { "keepalived.conf.quorum", NULL, NULL },
  { "keepalived.conf.sample", NULL, NULL },
  { "keepalived.conf.status_code", NULL, NULL },
  { "keepalived.conf.track_interface", NULL, NULL },
  { "keepalived.conf.virtual_server_group", NULL, NULL },
  { "keepalived.conf.virtualhost", NULL, NULL },
  { "keepalived.conf.vrrp", NULL, NULL },
  { "keepalived.conf.vrrp.localcheck", NULL, NULL },
  /* sync group members listed without `group { }` */
  { "keepalived.conf.vrrp.lvs_syncd", NULL, "4:3" },
  { "keepalived.conf.vrrp.routes", NULL, NULL },
  /* "to 192.168.100./24" is no address */
  { "keepalived.conf.vrrp.rules", NULL, "11:8" },
  { "keepalived.conf.vrrp.scripts", NULL, NULL },
  { "keepalived.conf.vrrp.static_ipaddress", NULL, NULL },
  { "keepalived.conf.vrrp.sync", NULL, NULL },
};

static void
test_sample (gconstpointer data)
{
  const SampleCase *c = data;
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "keepalived-samples", c->file, NULL);
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = c->config_id != NULL ? c->config_id : "main" };
  VigilConfigEnv env = { parser_test_every_interface_exists, NULL };
  g_autoptr(VigilConfig) config = vigil_config_load_full (path, &options, &env, diags);
  g_autofree char *all = parser_test_diags (diags);

  if (g_test_verbose ())
    g_printerr ("%s\n", all);
  if (c->error_at == NULL)
    {
      if (config == NULL)
        g_error ("%s: unexpected errors:\n%s", c->file, all);
      g_assert_cmpstr (config->path, ==, path);
    }
  else
    {
      g_autofree char *where = g_strdup_printf ("%s:%s: error: ", path, c->error_at);
      if (config != NULL || strstr (all, where) == NULL)
        g_error ("%s: expected an error at %s, got:\n%s", c->file, c->error_at, all);
    }
}

/* What a few samples must contain once parsed. */
static void
test_sample_contents (void)
{
  g_autofree char *path = g_build_filename (TEST_DATA_DIR, "keepalived-samples",
                                            "keepalived.conf.conditional_conf", NULL);
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = "low" };
  VigilConfigEnv env = { parser_test_every_interface_exists, NULL };
  g_autoptr(VigilConfig) config = vigil_config_load_full (path, &options, &env, diags);
  const VigilConfVrrpInstance *vi;
  const VigilConfVrrpScript *script;

  g_assert_nonnull (config);
  vi = vigil_config_find_vrrp_instance (config, "VI_0");
  g_assert_nonnull (vi);
  g_assert_cmpuint (vi->priority, ==, 85);
  g_assert_cmpuint (vi->version, ==, 3);
  g_assert_cmpint (vi->advert_int, ==, USEC (12));
  g_assert_true (vi->use_vmac);
  script = vigil_config_find_vrrp_script (config, "check_VI_0");
  g_assert_cmpstr (script->script->argv[0], ==, "/etc/keepalived/scripts/check_low_VI_0.sh");
  g_assert_cmpuint (script->rise, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = g_strdup_printf ("/samples/%s%s%s", samples[i].file + strlen ("keepalived.conf."),
                                               samples[i].config_id != NULL ? "/" : "",
                                               samples[i].config_id != NULL ? samples[i].config_id
                                                                            : "");
      g_test_add_data_func (name, &samples[i], test_sample);
    }
  g_test_add_func ("/samples/contents", test_sample_contents);
  return g_test_run ();
}
