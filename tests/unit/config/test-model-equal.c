/* test-model-equal.c - reload's "did this block change?" comparisons
 *
 * Each row adds one line to a base vrrp_instance: the result must compare
 * unequal to the base (or reload would keep running an instance whose
 * config changed). Moving and reformatting the block must compare equal
 * (or reload would restart an unchanged instance, a failover blip).
 */
#include "config/model-equal.h"
#include "parser-test-util.h"

#define BASE_HEAD \
  "vrrp_script chk { script \"/bin/true\" }\n" \
  "vrrp_instance VI_1 {\n" \
  "  interface eth0\n" \
  "  virtual_router_id 51\n" \
  "  priority 100\n" \
  "  advert_int 1\n" \
  "  virtual_ipaddress {\n    192.0.2.100/24\n  }\n"
#define BASE_TAIL "}\n"

static const char *const changes[] = {
  "  priority 101\n",
  "  advert_int 2\n",
  "  nopreempt\n",
  "  preempt_delay 5\n",
  "  state MASTER\n",
  "  version 3\n",
  "  authentication {\n    auth_type PASS\n    auth_pass secret\n  }\n",
  "  virtual_ipaddress_excluded {\n    192.0.2.101/24\n  }\n",
  "  unicast_src_ip 192.0.2.1\n",
  "  unicast_peer {\n    192.0.2.2\n  }\n",
  "  unicast_peer {\n    192.0.2.2 min_ttl 250\n  }\n",
  "  unicast_ttl 10\n",
  "  mcast_src_ip 192.0.2.1\n",
  "  garp_master_delay 2\n",
  "  garp_master_repeat 3\n",
  "  garp_master_refresh 30\n",
  "  lower_prio_no_advert\n",
  "  higher_prio_send_advert\n",
  "  use_vmac\n",
  "  track_interface {\n    eth1\n  }\n",
  "  track_interface {\n    eth1 weight 10\n  }\n",
  "  track_script {\n    chk\n  }\n",
  "  notify_master /bin/true\n",
  "  notify_backup /bin/true\n",
  "  notify \"/bin/echo x\"\n",
  "  notify_master_rx_lower_pri /bin/true\n",
  "  notify_priority_changes\n",
  "  virtual_routes {\n    198.51.100.0/24 via 192.0.2.254\n  }\n",
  "  virtual_routes {\n    198.51.100.0/24 via 192.0.2.254 table 100\n  }\n",
  "  virtual_rules {\n    from 192.0.2.100 table 100\n  }\n",
  "  promote_secondaries\n",
  "  down_timer_adverts 5\n",
};

static VigilConfig *
load (const char *text)
{
  g_autoptr (VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfig *config = parser_test_load (text, diags);
  g_autofree char *lines = parser_test_diags (diags);

  if (config == NULL)
    g_error ("config did not load:\n%s\n%s", text, lines);
  return config;
}

static const VigilConfVrrpInstance *
instance_of (VigilConfig *config)
{
  g_assert_cmpuint (config->vrrp_instances->len, ==, 1);
  return g_ptr_array_index (config->vrrp_instances, 0);
}

static void
test_change (gconstpointer data)
{
  const char *line = data;
  g_autoptr (VigilConfig) base = load (BASE_HEAD BASE_TAIL);
  g_autofree char *text = g_strconcat (BASE_HEAD, line, BASE_TAIL, NULL);
  g_autoptr (VigilConfig) changed = load (text);

  g_assert_true (vigil_conf_vrrp_instance_equal (instance_of (base), instance_of (base)));
  g_assert_true (vigil_conf_vrrp_instance_equal (instance_of (changed), instance_of (changed)));
  g_assert_false (vigil_conf_vrrp_instance_equal (instance_of (base), instance_of (changed)));
  g_assert_false (vigil_conf_vrrp_instance_equal (instance_of (changed), instance_of (base)));
}

/* The same block moved down the file, re-indented and with comments. */
static void
test_reformatted_is_equal (void)
{
  g_autoptr (VigilConfig) base =
    load (BASE_HEAD "  track_script {\n    chk weight 5\n  }\n" BASE_TAIL);
  g_autoptr (VigilConfig) moved =
    load ("# a comment first\n\n\n"
          "vrrp_script chk {\n script \"/bin/true\"\n}\n"
          "vrrp_instance VI_1 {\n"
          "        interface   eth0   # the LAN\n"
          "        virtual_router_id 51\n"
          "        priority 100\n"
          "        advert_int 1\n"
          "        virtual_ipaddress { 192.0.2.100/24 }\n"
          "        track_script { chk weight 5 }\n"
          "}\n");

  g_assert_true (vigil_conf_vrrp_instance_equal (instance_of (base), instance_of (moved)));
}

static void
test_route_and_rule (void)
{
  g_autoptr (VigilConfig) a = load (BASE_HEAD "  virtual_routes {\n    198.51.100.0/24 via 192.0.2.254 metric 5\n  }\n"
                                    "  virtual_rules {\n    from 192.0.2.100 table 100 priority 10\n  }\n" BASE_TAIL);
  g_autoptr (VigilConfig) b = load (BASE_HEAD "  virtual_routes {\n    198.51.100.0/24 via 192.0.2.254 metric 6\n  }\n"
                                    "  virtual_rules {\n    from 192.0.2.100 table 100 priority 11\n  }\n" BASE_TAIL);
  const VigilConfVrrpInstance *ia = instance_of (a), *ib = instance_of (b);

  g_assert_true (vigil_conf_route_equal (g_ptr_array_index (ia->virtual_routes, 0),
                                         g_ptr_array_index (ia->virtual_routes, 0)));
  g_assert_false (vigil_conf_route_equal (g_ptr_array_index (ia->virtual_routes, 0),
                                          g_ptr_array_index (ib->virtual_routes, 0)));
  g_assert_false (vigil_conf_rule_equal (g_ptr_array_index (ia->virtual_rules, 0),
                                         g_ptr_array_index (ib->virtual_rules, 0)));
  g_assert_true (vigil_conf_script_equal (NULL, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/model-equal/change/%02zu", i);
      g_test_add_data_func (path, changes[i], test_change);
    }
  g_test_add_func ("/model-equal/reformatted", test_reformatted_is_equal);
  g_test_add_func ("/model-equal/route-rule", test_route_and_rule);
  return g_test_run ();
}
