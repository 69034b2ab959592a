/* test-parser-ranges.c - every range limit: just inside loads, just
 * outside is an error naming the value */
#include "parser-test-util.h"

#define VI "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n" \
           "  virtual_ipaddress {\n    192.0.2.1\n  }\n"
#define RS "virtual_server 192.0.2.100 80 {\n  real_server 192.0.2.1 80 {\n"

typedef struct {
  const char *name;
  const char *format;          /* a config with one %s where the value goes */
  const char *inside[3];       /* values that must load */
  const char *outside[3];      /* values that must give an error */
} RangeCase;

static const RangeCase ranges[] = {
  { "priority", VI "  priority %s\n}\n", { "1", "255" }, { "0", "256" } },
  { "virtual_router_id", "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id %s\n"
    "  virtual_ipaddress {\n    192.0.2.1\n  }\n}\n", { "1", "255" }, { "0", "256" } },
  { "advert_int-v2", VI "  advert_int %s\n}\n", { "1", "255" }, { "0.99", "256" } },
  { "advert_int-v3", VI "  version 3\n  advert_int %s\n}\n", { "0.01", "40.95" },
    { "0.009", "40.96" } },
  { "version", VI "  version %s\n}\n", { "2", "3" }, { "1", "4" } },
  { "preempt_delay", VI "  preempt_delay %s\n}\n", { "0", "1000" }, { "1000.000001", "-1" } },
  { "garp_master_repeat", VI "  garp_master_repeat %s\n}\n", { "1", "2147483647" },
    { "0", "2147483648" } },
  { "garp_master_refresh_repeat", VI "  garp_master_refresh_repeat %s\n}\n", { "1" }, { "0" } },
  { "garp_master_delay", VI "  garp_master_delay %s\n}\n", { "0", "86400" }, { "86401", "1.5" } },
  { "down_timer_adverts", VI "  down_timer_adverts %s\n}\n", { "1", "100" }, { "0", "101" } },
  { "unicast_ttl", VI "  unicast_ttl %s\n}\n", { "1", "255" }, { "0", "256" } },
  { "unicast_peer-ttl", VI "  unicast_peer {\n    192.0.2.2 max_ttl %s\n  }\n}\n",
    { "0", "255" }, { "-1", "256" } },
  { "track_interface-weight", VI "  track_interface {\n    eth1 weight %s\n  }\n}\n",
    { "-253", "253" }, { "-254", "254" } },
  { "track_file-weight", "track_file f {\n  file /run/f\n}\n" VI
    "  track_file {\n    f weight %s\n  }\n}\n", { "-254", "254" }, { "-255", "255" } },
  { "auth_pass", VI "  authentication {\n    auth_type PASS\n    auth_pass %s\n  }\n}\n",
    { "1", "12345678" }, { "\"\"" } },
  { "vrrp_script-interval", "vrrp_script s {\n  script /bin/true\n  interval %s\n}\n",
    { "1", "4294" }, { "0", "4295" } },
  { "vrrp_script-timeout", "vrrp_script s {\n  script /bin/true\n  timeout %s\n}\n",
    { "1", "4294" }, { "0", "1.5" } },
  { "vrrp_script-weight", "vrrp_script s {\n  script /bin/true\n  weight %s\n}\n",
    { "-253", "253" }, { "-254", "254" } },
  { "vrrp_script-rise", "vrrp_script s {\n  script /bin/true\n  rise %s\n}\n",
    { "1", "2147483647" }, { "0" } },
  { "track_process-weight", "vrrp_track_process p {\n  process x\n  weight %s\n}\n",
    { "-254", "254" }, { "-255", "255" } },
  { "track_process-quorum", "vrrp_track_process p {\n  process x\n  quorum %s\n}\n",
    { "1", "65535" }, { "0", "65536" } },
  { "vrrp_version", "global_defs {\n  vrrp_version %s\n}\n", { "2", "3" }, { "1", "4" } },
  { "vrrp_down_timer_adverts", "global_defs {\n  vrrp_down_timer_adverts %s\n}\n",
    { "1", "100" }, { "0", "101" } },
  { "vrrp_garp_master_repeat", "global_defs {\n  vrrp_garp_master_repeat %s\n}\n",
    { "1" }, { "0" } },
  { "startup_script_timeout", "global_defs {\n  startup_script_timeout %s\n}\n",
    { "1", "1000" }, { "0", "1001" } },
  { "vrrp_mcast_group4", "global_defs {\n  vrrp_mcast_group4 %s\n}\n",
    { "224.0.0.18", "239.255.255.255" }, { "223.255.255.255", "ff02::12" } },
  { "interface_up_down_delays", "interface_up_down_delays {\n  eth0 %s\n}\n",
    { "0", "255" }, { "255.000001", "x" } },
  { "rs-weight", RS "    weight %s\n  }\n}\n", { "0", "65535" }, { "-1", "65536" } },
  { "vs-quorum", "virtual_server 192.0.2.100 80 {\n  quorum %s\n}\n", { "1" }, { "0" } },
  { "vs-delay_loop", "virtual_server 192.0.2.100 80 {\n  delay_loop %s\n}\n",
    { "0.000001", "86400" }, { "0", "86401" } },
  { "vs-persistence_timeout", "virtual_server 192.0.2.100 80 {\n  persistence_timeout %s\n}\n",
    { "1", "4294967295" }, { "0", "4294967296" } },
  { "connect_timeout", RS "    TCP_CHECK {\n      connect_timeout %s\n    }\n  }\n}\n",
    { "0.000001", "86400" }, { "0", "86401" } },
  { "connect_port", RS "    TCP_CHECK {\n      connect_port %s\n    }\n  }\n}\n",
    { "1", "65535" }, { "0", "65536" } },
  { "retry", RS "    TCP_CHECK {\n      retry %s\n    }\n  }\n}\n",
    { "0", "2147483647" }, { "-1", "2147483648" } },
  { "warmup", RS "    TCP_CHECK {\n      warmup %s\n    }\n  }\n}\n", { "0", "86400" },
    { "-1", "86400.5" } },
  { "status_code", RS "    HTTP_GET {\n      url {\n        path /\n        status_code %s\n"
    "      }\n    }\n  }\n}\n", { "100", "599" }, { "99", "600" } },
  { "udp-max_reply_length", RS "    UDP_CHECK {\n      max_reply_length %s\n    }\n  }\n}\n",
    { "0", "65535" }, { "-1", "65536" } },
};

static void
load_value (const RangeCase *c, const char *value, gboolean must_load)
{
  const char *hole = strstr (c->format, "%s");
  g_autofree char *head = g_strndup (c->format, hole - c->format);
  g_autofree char *text = g_strconcat (head, value, hole + 2, NULL);
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (text, diags);
  g_autofree char *all = parser_test_diags (diags);

  if (must_load && config == NULL)
    g_error ("%s: %s must load, got:\n%s", c->name, value, all);
  if (!must_load && config != NULL)
    g_error ("%s: %s must be an error, got:\n%s", c->name, value, all);
  if (!must_load && strcmp (value, "\"\"") != 0 && strstr (all, value) == NULL)
    g_error ("%s: the error must name the value %s, got:\n%s", c->name, value, all);
}

static void
test_range (gconstpointer data)
{
  const RangeCase *c = data;

  for (guint i = 0; i < G_N_ELEMENTS (c->inside) && c->inside[i] != NULL; i++)
    load_value (c, c->inside[i], TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (c->outside) && c->outside[i] != NULL; i++)
    load_value (c, c->outside[i], FALSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ranges/%s", ranges[i].name);
      g_test_add_data_func (path, &ranges[i], test_range);
    }
  return g_test_run ();
}
