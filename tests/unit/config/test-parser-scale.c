/* test-parser-scale.c - a 1,000-instance / 5,000-real-server config parses
 * and validates in a few milliseconds (no quadratic lookups) */
#include "parser-test-util.h"

#define N_INSTANCES 1000
#define N_VIRTUAL_SERVERS 100
#define N_REAL_SERVERS_EACH 50

static char *
big_config (void)
{
  GString *text = g_string_new ("global_defs {\n  router_id scale\n}\n");

  for (guint i = 0; i < N_INSTANCES; i++)
    g_string_append_printf (text,
                            "vrrp_script chk_%u {\n  script \"/bin/check %u\"\n  interval 2\n}\n"
                            "vrrp_instance VI_%u {\n  interface eth%u\n  virtual_router_id %u\n"
                            "  priority %u\n  advert_int 1\n"
                            "  track_script {\n    chk_%u weight 10\n  }\n"
                            "  virtual_ipaddress {\n    10.%u.%u.1/24\n    10.%u.%u.2/24\n  }\n}\n",
                            i, i, i, i / 255, i % 255 + 1, 50 + i % 200, i, i / 256, i % 256,
                            i / 256, i % 256);
  for (guint i = 0; i < N_INSTANCES; i += 2)
    g_string_append_printf (text, "vrrp_sync_group G_%u {\n  group {\n    VI_%u\n    VI_%u\n  }\n"
                            "  sync_group_tracking_weight\n}\n",
                            i, i, i + 1);
  for (guint v = 0; v < N_VIRTUAL_SERVERS; v++)
    {
      g_string_append_printf (text, "virtual_server 192.0.2.%u 80 {\n  delay_loop 5\n"
                              "  lvs_sched wrr\n  lvs_method NAT\n  protocol TCP\n", v + 1);
      for (guint r = 0; r < N_REAL_SERVERS_EACH; r++)
        g_string_append_printf (text, "  real_server 10.200.%u.%u 8080 {\n    weight 1\n"
                                "    TCP_CHECK {\n      connect_timeout 2\n    }\n  }\n", v, r + 1);
      g_string_append (text, "}\n");
    }
  return g_string_free (text, FALSE);
}

static void
test_scale (void)
{
  g_autofree char *text = big_config ();
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = "main", .no_includes = TRUE };
  VigilConfigEnv env = { parser_test_every_interface_exists, NULL };
  g_autoptr(VigilConfNode) root = NULL;
  g_autoptr(VigilConfig) config = NULL;
  gint64 start, loaded, parsed;

  start = g_get_monotonic_time ();
  root = vigil_conf_load_string ("scale.conf", text, &options, diags);
  loaded = g_get_monotonic_time ();
  config = vigil_config_from_tree (root, "scale.conf", &env, diags);
  parsed = g_get_monotonic_time ();

  if (config == NULL || vigil_diag_list_length (diags) > 0)
    {
      g_autofree char *all = parser_test_diags (diags);
      g_error ("diagnostics:\n%.2000s", all);
    }
  g_assert_cmpuint (config->vrrp_instances->len, ==, N_INSTANCES);
  g_assert_cmpuint (config->virtual_servers->len, ==, N_VIRTUAL_SERVERS);
  g_test_message ("%zu bytes: preprocessing %.1f ms, parse and validation %.1f ms",
                  strlen (text), (loaded - start) / 1000.0, (parsed - loaded) / 1000.0);
  /* a few ms in an optimised build; generous for sanitizers and slow CI */
  g_assert_cmpint (parsed - loaded, <, 500 * 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parser/scale", test_scale);
  return g_test_run ();
}
