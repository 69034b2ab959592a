/* test-parser.c - global_defs, VRRP and tracking blocks parse into the model */
#include "parser-test-util.h"
#include "config/parser.h"

#include <linux/rtnetlink.h>

static void
test_defaults (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "vrrp_instance VI_1 {\n"
    "  interface eth0\n"
    "  virtual_router_id 51\n"
    "  virtual_ipaddress {\n"
    "    192.0.2.10/24\n"
    "  }\n"
    "}\n");
  const VigilConfVrrpInstance *vi = parser_test_instance (config, 0);
  const VigilConfVip *vip = g_ptr_array_index (vi->vips, 0);
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_cmpstr (config->path, ==, "test.conf");
  g_assert_cmpuint (config->global.vrrp_version, ==, 2);
  g_assert_cmpstr (vigil_inet_addr_to_string (&config->global.vrrp_mcast_group4, buf), ==,
                   "224.0.0.18");
  g_assert_cmpstr (vigil_inet_addr_to_string (&config->global.vrrp_mcast_group6, buf), ==,
                   "ff02::12");

  g_assert_cmpstr (vi->name, ==, "VI_1");
  g_assert_cmpstr (vi->interface, ==, "eth0");
  g_assert_cmpuint (vi->vrid, ==, 51);
  g_assert_cmpint (vi->initial_state, ==, VIGIL_CONF_VRRP_STATE_BACKUP);
  g_assert_cmpuint (vi->priority, ==, 100);
  g_assert_cmpuint (vi->version, ==, 2);
  g_assert_cmpint (vi->family, ==, AF_INET);
  g_assert_cmpint (vi->advert_int, ==, USEC (1));
  g_assert_true (vi->preempt);
  g_assert_cmpint (vi->preempt_delay, ==, 0);
  g_assert_true (vi->accept);
  g_assert_false (vi->strict_mode);
  g_assert_cmpint (vi->auth_type, ==, VIGIL_CONF_AUTH_NONE);
  g_assert_cmpint (vi->garp_master_delay, ==, USEC (5));
  g_assert_cmpuint (vi->garp_master_repeat, ==, 5);
  g_assert_cmpint (vi->garp_master_refresh, ==, 0);
  g_assert_cmpuint (vi->garp_master_refresh_repeat, ==, 1);
  g_assert_cmpint (vi->garp_lower_prio_delay, ==, USEC (5));
  g_assert_cmpuint (vi->garp_lower_prio_repeat, ==, 5);
  g_assert_false (vi->lower_prio_no_advert);
  g_assert_false (vi->higher_prio_send_advert);
  g_assert_false (vi->skip_check_adv_addr);
  g_assert_false (vi->check_unicast_src);
  g_assert_cmpuint (vi->down_timer_adverts, ==, 3);
  g_assert_cmpint (vi->unicast_ttl, ==, -1);
  g_assert_null (vi->sync_group);
  g_assert_cmpuint (vi->vips->len, ==, 1);
  g_assert_cmpstr (vigil_inet_addr_to_string (&vip->addr, buf), ==, "192.0.2.10");
  g_assert_cmpuint (vip->prefix_len, ==, 24);
  g_assert_true (vip->has_prefix);
  g_assert_cmpint (vip->scope, ==, RT_SCOPE_UNIVERSE);
  g_assert_null (vip->dev);
  g_assert_cmpint (vip->preferred_lft, ==, -1);
  g_assert_true (vigil_config_find_vrrp_instance (config, "VI_1") == vi);
  g_assert_null (vigil_config_find_vrrp_instance (config, "VI_2"));
}

static void
test_vrrp_instance_keywords (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "vrrp_script chk { \n script \"/bin/true\"\n}\n"
    "track_file tf {\n file /run/tf\n}\n"
    "vrrp_track_process tp {\n process haproxy\n}\n"
    "vrrp_instance VI_1 {\n"
    "  state BACKUP\n"
    "  interface eth1\n"
    "  dont_track_primary\n"
    "  virtual_router_id 255\n"
    "  priority 254\n"
    "  advert_int 3\n"
    "  nopreempt\n"
    "  preempt_delay 2.5\n"
    "  no_accept\n"
    "  authentication {\n"
    "    auth_type PASS\n"
    "    auth_pass secret12\n"
    "  }\n"
    "  mcast_src_ip 192.0.2.1\n"
    "  unicast_src_ip 192.0.2.1\n"
    "  unicast_peer {\n"
    "    192.0.2.2\n"
    "    192.0.2.3 min_ttl 1 max_ttl 64\n"
    "  }\n"
    "  unicast_ttl 10\n"
    "  old_unicast_checksum\n"
    "  garp_master_delay 10\n"
    "  garp_master_repeat 2\n"
    "  garp_master_refresh 60\n"
    "  garp_master_refresh_repeat 3\n"
    "  garp_lower_prio_delay 7\n"
    "  garp_lower_prio_repeat 4\n"
    "  garp_extra_if all 100\n"
    "  lower_prio_no_advert\n"
    "  higher_prio_send_advert on\n"
    "  skip_check_adv_addr yes\n"
    "  check_unicast_src\n"
    "  down_timer_adverts 5\n"
    "  use_vmac vrrp.51 00:00:5e:00:01\n"
    "  vmac_xmit_base\n"
    "  track_src_ip\n"
    "  promote_secondaries\n"
    "  notify_priority_changes true\n"
    "  track_interface {\n    eth2\n    eth3 weight -10 reverse\n  }\n"
    "  track_script {\n    chk weight 20\n  }\n"
    "  track_file {\n    tf weight 0\n  }\n"
    "  track_process {\n    tp\n  }\n"
    "  notify_master \"/usr/local/bin/notify master VI_1\" nobody nogroup\n"
    "  notify_backup /bin/backup\n"
    "  notify_fault /bin/fault\n"
    "  notify_stop /bin/stop\n"
    "  notify_deleted\n"
    "  notify /bin/notify\n"
    "  notify_master_rx_lower_pri /bin/lower\n"
    "  virtual_ipaddress {\n"
    "    192.0.2.100/24 brd 192.0.2.255 dev eth2 scope link label eth2:1 noprefixroute\n"
    "    192.0.2.101 no_track home\n"
    "  }\n"
    "  virtual_ipaddress_excluded {\n"
    "    2001:db8::1/64 dev eth2 nodad preferred_lft forever\n"
    "  }\n"
    "}\n");
  const VigilConfVrrpInstance *vi = parser_test_instance (config, 0);
  const VigilConfVip *vip;
  const VigilConfTrackRef *ref;
  const VigilConfUnicastPeer *peer;
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_cmpint (vi->initial_state, ==, VIGIL_CONF_VRRP_STATE_BACKUP);
  g_assert_cmpstr (vi->interface, ==, "eth1");
  g_assert_true (vi->dont_track_primary);
  g_assert_cmpuint (vi->vrid, ==, 255);
  g_assert_cmpuint (vi->priority, ==, 254);
  g_assert_cmpint (vi->advert_int, ==, USEC (3));
  g_assert_false (vi->preempt);
  g_assert_cmpint (vi->preempt_delay, ==, USEC (2.5));
  g_assert_false (vi->accept);
  g_assert_cmpint (vi->auth_type, ==, VIGIL_CONF_AUTH_PASS);
  g_assert_cmpstr (vi->auth_pass, ==, "secret12");
  g_assert_cmpstr (vigil_inet_addr_to_string (&vi->mcast_src_ip, buf), ==, "192.0.2.1");
  g_assert_cmpstr (vigil_inet_addr_to_string (&vi->unicast_src_ip, buf), ==, "192.0.2.1");
  g_assert_cmpuint (vi->unicast_peers->len, ==, 2);
  g_assert_cmpuint (vi->unicast_peer_info->len, ==, 2);
  peer = g_ptr_array_index (vi->unicast_peer_info, 1);
  g_assert_cmpstr (vigil_inet_addr_to_string (&peer->addr, buf), ==, "192.0.2.3");
  g_assert_cmpint (peer->min_ttl, ==, 1);
  g_assert_cmpint (peer->max_ttl, ==, 64);
  g_assert_cmpstr (vigil_inet_addr_to_string (g_ptr_array_index (vi->unicast_peers, 0), buf),
                   ==, "192.0.2.2");
  g_assert_cmpint (vi->unicast_ttl, ==, 10);
  g_assert_true (vi->old_unicast_checksum);
  g_assert_cmpint (vi->garp_master_delay, ==, USEC (10));
  g_assert_cmpuint (vi->garp_master_repeat, ==, 2);
  g_assert_cmpint (vi->garp_master_refresh, ==, USEC (60));
  g_assert_cmpuint (vi->garp_master_refresh_repeat, ==, 3);
  g_assert_cmpint (vi->garp_lower_prio_delay, ==, USEC (7));
  g_assert_cmpuint (vi->garp_lower_prio_repeat, ==, 4);
  g_assert_cmpint (vi->garp_extra_if, ==, USEC (100));
  g_assert_true (vi->garp_extra_if_all);
  g_assert_true (vi->lower_prio_no_advert);
  g_assert_true (vi->higher_prio_send_advert);
  g_assert_true (vi->skip_check_adv_addr);
  g_assert_true (vi->check_unicast_src);
  g_assert_cmpuint (vi->down_timer_adverts, ==, 5);
  g_assert_true (vi->use_vmac);
  g_assert_cmpstr (vi->vmac_name, ==, "vrrp.51");
  g_assert_cmpuint (vi->vmac_mac_len, ==, 5);
  g_assert_cmpuint (vi->vmac_mac[4], ==, 1);
  g_assert_true (vi->vmac_xmit_base);
  g_assert_true (vi->track_src_ip);
  g_assert_true (vi->promote_secondaries);
  g_assert_true (vi->notify_priority_changes);

  g_assert_cmpuint (vi->track_interfaces->len, ==, 2);
  ref = g_ptr_array_index (vi->track_interfaces, 0);
  g_assert_cmpstr (ref->name, ==, "eth2");
  g_assert_false (ref->weight_given);
  ref = g_ptr_array_index (vi->track_interfaces, 1);
  g_assert_cmpstr (ref->name, ==, "eth3");
  g_assert_true (ref->weight_given);
  g_assert_cmpint (ref->weight, ==, -10);
  g_assert_true (ref->reverse);
  ref = g_ptr_array_index (vi->track_scripts, 0);
  g_assert_cmpstr (ref->name, ==, "chk");
  g_assert_cmpint (ref->weight, ==, 20);
  g_assert_false (ref->reverse);
  ref = g_ptr_array_index (vi->track_files, 0);
  g_assert_true (ref->weight_given);
  g_assert_cmpint (ref->weight, ==, 0);
  g_assert_cmpuint (vi->track_processes->len, ==, 1);

  g_assert_cmpstr (vi->notify_master->argv[0], ==, "/usr/local/bin/notify");
  g_assert_cmpstr (vi->notify_master->argv[2], ==, "VI_1");
  g_assert_null (vi->notify_master->argv[3]);
  g_assert_cmpstr (vi->notify_master->user, ==, "nobody");
  g_assert_cmpstr (vi->notify_master->group, ==, "nogroup");
  g_assert_cmpstr (vi->notify_backup->argv[0], ==, "/bin/backup");
  g_assert_null (vi->notify_backup->user);
  g_assert_nonnull (vi->notify_fault);
  g_assert_nonnull (vi->notify_stop);
  g_assert_true (vi->notify_deleted_given);
  g_assert_null (vi->notify_deleted);
  g_assert_nonnull (vi->notify);
  g_assert_nonnull (vi->notify_master_rx_lower_pri);

  vip = g_ptr_array_index (vi->vips, 0);
  g_assert_cmpstr (vigil_inet_addr_to_string (&vip->broadcast, buf), ==, "192.0.2.255");
  g_assert_cmpstr (vip->dev, ==, "eth2");
  g_assert_cmpint (vip->scope, ==, RT_SCOPE_LINK);
  g_assert_cmpstr (vip->label, ==, "eth2:1");
  g_assert_true (vip->noprefixroute);
  vip = g_ptr_array_index (vi->vips, 1);
  g_assert_false (vip->has_prefix);
  g_assert_cmpuint (vip->prefix_len, ==, 32);
  g_assert_true (vip->no_track);
  g_assert_true (vip->home);
  vip = g_ptr_array_index (vi->vips_excluded, 0);
  g_assert_cmpint (vip->addr.family, ==, AF_INET6);
  g_assert_true (vip->nodad);
  g_assert_cmpint (vip->preferred_lft, ==, G_MAXINT64);
}

/* VRRP values that default to global_defs, wherever global_defs stands. */
static void
test_global_defaults_apply (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
    " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
    "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 2\n state MASTER\n"
    " garp_master_delay 1\n"
    " virtual_ipaddress {\n  fe80::1\n  2001:db8::2\n }\n}\n"
    "global_defs {\n"
    "  router_id lb1\n"
    "  vrrp_version 3\n"
    "  vrrp_garp_master_delay 8\n"
    "  vrrp_garp_master_repeat 2\n"
    "  vrrp_garp_master_refresh 30\n"
    "  vrrp_garp_master_refresh_repeat 4\n"
    "  vrrp_garp_lower_prio_repeat 9\n"
    "  vrrp_lower_prio_no_advert\n"
    "  vrrp_skip_check_adv_addr\n"
    "  vrrp_check_unicast_src\n"
    "  vrrp_down_timer_adverts 4\n"
    "  vrrp_notify_priority_changes\n"
    "  vrrp_mcast_group4 224.0.0.19\n"
    "  vrrp_mcast_group6 ff02::13\n"
    "}\n");
  const VigilConfVrrpInstance *vi = parser_test_instance (config, 0);
  const VigilConfVrrpInstance *v6 = parser_test_instance (config, 1);
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_cmpstr (config->global.router_id, ==, "lb1");
  g_assert_cmpstr (vigil_inet_addr_to_string (&config->global.vrrp_mcast_group4, buf), ==,
                   "224.0.0.19");
  g_assert_cmpuint (vi->version, ==, 3);
  g_assert_cmpint (vi->garp_master_delay, ==, USEC (8));
  g_assert_cmpuint (vi->garp_master_repeat, ==, 2);
  g_assert_cmpint (vi->garp_master_refresh, ==, USEC (30));
  g_assert_cmpuint (vi->garp_master_refresh_repeat, ==, 4);
  /* lower_prio_delay follows the instance's master delay, repeat the global */
  g_assert_cmpint (vi->garp_lower_prio_delay, ==, USEC (8));
  g_assert_cmpuint (vi->garp_lower_prio_repeat, ==, 9);
  g_assert_true (vi->lower_prio_no_advert);
  g_assert_true (vi->skip_check_adv_addr);
  g_assert_true (vi->check_unicast_src);
  g_assert_cmpuint (vi->down_timer_adverts, ==, 4);
  g_assert_true (vi->notify_priority_changes);

  /* family from the first VIP; IPv6 is always VRRPv3; state MASTER
   * without priority is the address owner, like keepalived */
  g_assert_cmpint (v6->initial_state, ==, VIGIL_CONF_VRRP_STATE_MASTER);
  g_assert_cmpint (v6->family, ==, AF_INET6);
  g_assert_cmpuint (v6->version, ==, 3);
  g_assert_cmpuint (v6->priority, ==, 255);
  g_assert_cmpint (v6->garp_master_delay, ==, USEC (1));
  g_assert_cmpint (v6->garp_lower_prio_delay, ==, USEC (1));
}

static void
test_strict_defaults (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "global_defs {\n vrrp_strict\n}\n"
    "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n priority 200\n"
    " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
    "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n priority 255\n"
    " state MASTER\n higher_prio_send_advert\n virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
    "vrrp_instance C {\n interface eth0\n virtual_router_id 3\n strict_mode off\n"
    " virtual_ipaddress {\n  192.0.2.3\n }\n}\n");
  const VigilConfVrrpInstance *a = parser_test_instance (config, 0);
  const VigilConfVrrpInstance *b = parser_test_instance (config, 1);
  const VigilConfVrrpInstance *c = parser_test_instance (config, 2);

  g_assert_true (a->strict_mode);
  g_assert_false (a->accept);
  g_assert_true (a->lower_prio_no_advert);
  g_assert_false (a->higher_prio_send_advert);
  g_assert_true (b->accept);
  g_assert_true (b->higher_prio_send_advert);
  g_assert_false (c->strict_mode);
  g_assert_true (c->accept);
}

static void
test_global_defs (void)
{
  g_autoptr(VigilConfig) config = NULL;
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  const VigilConfGlobal *g;

  config = parser_test_load (
    "global_defs {\n"
    "  notification_email {\n    root@example.com\n    ops@example.com\n  }\n"
    "  notification_email_from lb@example.com\n"
    "  smtp_server 192.0.2.25 2525\n"
    "  smtp_connect_timeout 20\n"
    "  script_user keepalived_script scripts\n"
    "  enable_script_security\n"
    "  notify_fifo /run/vigil/notify.fifo\n"
    "  notify_fifo_script /usr/local/bin/fifo-reader\n"
    "  vrrp_notify_fifo /run/vigil/vrrp.fifo\n"
    "  vrrp_notify_fifo_script \"/usr/bin/reader vrrp\"\n"
    "  lvs_notify_fifo /run/vigil/lvs.fifo\n"
    "  lvs_notify_fifo_script /usr/bin/lvsreader\n"
    "  enable_snmp_vrrp\n"
    "  enable_snmp_checker\n"
    "  enable_snmp_rfc\n"
    "  enable_traps\n"
    "  snmp_socket udp:192.0.2.1:705\n"
    "  enable_dbus\n"
    "  nftables vigil\n"
    "  nftables_priority -2\n"
    "  nftables_counters\n"
    "  vrrp_garp_interval 0.001\n"
    "  vrrp_gna_interval 0.000001\n"
    "  vrrp_startup_delay 5.5\n"
    "  vrrp_higher_prio_send_advert true\n"
    "  default_interface eth1\n"
    "  lvs_timeouts tcp 900 tcpfin 120 udp 300\n"
    "  lvs_flush\n"
    "  lvs_flush_on_stop VS\n"
    "  umask IWGRP|IWOTH\n"
    "  startup_script /bin/start\n"
    "  startup_script_timeout 20\n"
    "  lb_backend nftables\n"
    "}\n"
    "linkbeat_use_polling\n", diags);
  g_assert_nonnull (config);
  g = &config->global;
  g_assert_cmpuint (g->notification_email->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (g->notification_email, 1), ==, "ops@example.com");
  g_assert_cmpstr (g->notification_email_from, ==, "lb@example.com");
  g_assert_cmpstr (g->smtp_server, ==, "192.0.2.25");
  g_assert_cmpuint (g->smtp_port, ==, 2525);
  g_assert_cmpint (g->smtp_connect_timeout, ==, USEC (20));
  g_assert_cmpstr (g->script_user, ==, "keepalived_script");
  g_assert_cmpstr (g->script_group, ==, "scripts");
  g_assert_true (g->enable_script_security);
  g_assert_cmpstr (g->notify_fifo, ==, "/run/vigil/notify.fifo");
  g_assert_cmpstr (g->notify_fifo_script->argv[0], ==, "/usr/local/bin/fifo-reader");
  g_assert_cmpstr (g->vrrp_notify_fifo, ==, "/run/vigil/vrrp.fifo");
  g_assert_cmpstr (g->vrrp_notify_fifo_script->argv[1], ==, "vrrp");
  g_assert_cmpstr (g->lvs_notify_fifo, ==, "/run/vigil/lvs.fifo");
  g_assert_nonnull (g->lvs_notify_fifo_script);
  g_assert_true (g->enable_snmp_vrrp);
  g_assert_true (g->enable_snmp_checker);
  g_assert_true (g->enable_snmp_rfcv2);
  g_assert_true (g->enable_snmp_rfcv3);
  g_assert_true (g->enable_traps);
  g_assert_cmpstr (g->snmp_socket, ==, "udp:192.0.2.1:705");
  g_assert_true (g->enable_dbus);
  g_assert_true (g->nftables);
  g_assert_cmpstr (g->nftables_table, ==, "vigil");
  g_assert_cmpint (g->nftables_priority, ==, -2);
  g_assert_true (g->nftables_counters);
  g_assert_cmpint (g->vrrp_garp_interval, ==, 1000);
  g_assert_cmpint (g->vrrp_gna_interval, ==, 1);
  g_assert_cmpint (g->vrrp_startup_delay, ==, USEC (5.5));
  g_assert_true (g->vrrp_higher_prio_send_advert);
  g_assert_cmpstr (g->default_interface, ==, "eth1");
  g_assert_cmpuint (g->lvs_timeout_tcp, ==, 900);
  g_assert_cmpuint (g->lvs_timeout_tcpfin, ==, 120);
  g_assert_cmpuint (g->lvs_timeout_udp, ==, 300);
  g_assert_true (g->lvs_flush);
  g_assert_true (g->lvs_flush_on_stop_vs);
  g_assert_cmpuint (g->umask, ==, 022);
  g_assert_cmpstr (g->startup_script->argv[0], ==, "/bin/start");
  g_assert_cmpint (g->startup_script_timeout, ==, USEC (20));
  g_assert_cmpstr (g->lb_backend, ==, "nftables");
  g_assert_true (config->linkbeat_use_polling);
  /* e-mail keywords are parsed, but say they are not implemented */
  g_assert_cmpuint (vigil_diag_list_count (diags, VIGIL_DIAG_WARNING), ==, 4);
  g_assert_cmpuint (vigil_diag_list_count (diags, VIGIL_DIAG_ERROR), ==, 0);
}

static void
test_snmp_keepalived_alias (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load ("global_defs {\n enable_snmp_keepalived\n}\n",
                                                    diags);

  g_assert_nonnull (config);
  g_assert_true (config->global.enable_snmp_vrrp);
  g_assert_cmpuint (vigil_diag_list_count (diags, VIGIL_DIAG_WARNING), ==, 1);
}

static void
test_tracking_blocks (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "vrrp_script chk {\n"
    "  user nobody nogroup\n"
    "  script \"/usr/bin/check --fast 'a b'\"\n"
    "  interval 2\n"
    "  timeout 5\n"
    "  weight -20 reverse\n"
    "  rise 3\n"
    "  fall 4\n"
    "  init_fail\n"
    "}\n"
    "vrrp_script plain {\n  script /bin/true\n  interval 7\n}\n"
    "track_file tf {\n  file \"/run/track file\"\n  weight -5 reverse\n  init_file 3 overwrite\n}\n"
    "vrrp_track_process haproxy {\n"
    "  process /usr/sbin/haproxy -f \"/etc/haproxy/haproxy.cfg\"\n"
    "  param_match initial\n"
    "  weight 10\n"
    "  quorum 2\n"
    "  quorum_max 4\n"
    "  delay 0.5\n"
    "  terminate_delay 1.5\n"
    "  full_command\n"
    "}\n"
    "vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
    " virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
    "vrrp_instance B {\n interface eth0\n virtual_router_id 2\n"
    " virtual_ipaddress {\n  192.0.2.2\n }\n}\n"
    "vrrp_sync_group G {\n"
    "  group {\n    A B\n  }\n"
    "  track_interface {\n    eth1 weight 5\n  }\n"
    "  track_script {\n    chk\n  }\n"
    "  track_file {\n    tf\n  }\n"
    "  track_process {\n    haproxy weight -3 noreverse\n  }\n"
    "  notify_master /bin/m\n  notify_backup /bin/b\n  notify_fault /bin/f\n"
    "  notify_stop /bin/s\n  notify /bin/n\n"
    "  sync_group_tracking_weight\n"
    "  notify_priority_changes\n"
    "}\n"
    "track_group TG {\n  group {\n    A\n  }\n}\n"
    "garp_group {\n  garp_interval 0.002\n  gna_interval 0.003\n  interfaces {\n    eth0\n    eth1\n  }\n}\n"
    "linkbeat_interfaces {\n  eth0\n  eth1 ETHTOOL\n}\n"
    "interface_up_down_delays {\n  eth0 0.5\n  eth1 1 2\n}\n");
  const VigilConfVrrpScript *chk = vigil_config_find_vrrp_script (config, "chk");
  const VigilConfVrrpScript *plain = vigil_config_find_vrrp_script (config, "plain");
  const VigilConfTrackFile *tf = vigil_config_find_track_file (config, "tf");
  const VigilConfTrackProcess *tp = vigil_config_find_track_process (config, "haproxy");
  const VigilConfSyncGroup *group = vigil_config_find_sync_group (config, "G");
  const VigilConfTrackGroup *tg = g_ptr_array_index (config->track_groups, 0);
  const VigilConfGarpGroup *garp = g_ptr_array_index (config->garp_groups, 0);
  const VigilConfLinkbeatInterface *lbi = g_ptr_array_index (config->linkbeat_interfaces, 1);
  const VigilConfInterfaceDelay *delay = g_ptr_array_index (config->interface_delays, 1);
  const VigilConfTrackRef *ref;

  g_assert_nonnull (chk);
  g_assert_cmpstr (chk->script->argv[0], ==, "/usr/bin/check");
  g_assert_cmpstr (chk->script->argv[2], ==, "a b");
  g_assert_cmpstr (chk->script->user, ==, "nobody");
  g_assert_cmpstr (chk->script->group, ==, "nogroup");
  g_assert_cmpint (chk->interval, ==, USEC (2));
  g_assert_cmpint (chk->timeout, ==, USEC (5));
  g_assert_cmpint (chk->weight, ==, -20);
  g_assert_true (chk->weight_reverse);
  g_assert_cmpuint (chk->rise, ==, 3);
  g_assert_cmpuint (chk->fall, ==, 4);
  g_assert_true (chk->init_fail);
  g_assert_cmpint (plain->timeout, ==, USEC (7));
  g_assert_cmpuint (plain->rise, ==, 1);
  g_assert_cmpint (plain->weight, ==, 0);

  g_assert_cmpstr (tf->path, ==, "/run/track file");
  g_assert_cmpint (tf->weight, ==, -5);
  g_assert_true (tf->weight_reverse);
  g_assert_true (tf->init_file);
  g_assert_cmpint (tf->init_value, ==, 3);
  g_assert_true (tf->init_overwrite);

  g_assert_cmpstr (tp->process[0], ==, "/usr/sbin/haproxy");
  g_assert_cmpstr (tp->process[2], ==, "/etc/haproxy/haproxy.cfg");
  g_assert_cmpint (tp->param_match, ==, VIGIL_CONF_PARAM_MATCH_INITIAL);
  g_assert_cmpint (tp->weight, ==, 10);
  g_assert_cmpuint (tp->quorum, ==, 2);
  g_assert_cmpuint (tp->quorum_max, ==, 4);
  g_assert_cmpint (tp->fork_delay, ==, USEC (0.5));
  g_assert_cmpint (tp->terminate_delay, ==, USEC (1.5));
  g_assert_true (tp->full_command);

  g_assert_cmpuint (group->members->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (group->members, 1), ==, "B");
  g_assert_cmpstr (parser_test_instance (config, 1)->sync_group, ==, "G");
  ref = g_ptr_array_index (group->track_interfaces, 0);
  g_assert_cmpint (ref->weight, ==, 5);
  ref = g_ptr_array_index (group->track_processes, 0);
  g_assert_cmpint (ref->weight, ==, -3);
  g_assert_false (ref->reverse);
  g_assert_nonnull (group->notify_master);
  g_assert_nonnull (group->notify);
  g_assert_true (group->sync_group_tracking_weight);
  g_assert_true (group->notify_priority_changes);

  g_assert_cmpstr (g_ptr_array_index (tg->members, 0), ==, "A");
  g_assert_cmpint (garp->garp_interval, ==, 2000);
  g_assert_cmpint (garp->gna_interval, ==, 3000);
  g_assert_cmpuint (garp->interfaces->len, ==, 2);
  g_assert_cmpstr (lbi->name, ==, "eth1");
  g_assert_cmpstr (lbi->type, ==, "ETHTOOL");
  g_assert_cmpint (delay->down_delay, ==, USEC (1));
  g_assert_cmpint (delay->up_delay, ==, USEC (2));
  delay = g_ptr_array_index (config->interface_delays, 0);
  g_assert_cmpint (delay->up_delay, ==, USEC (0.5));
}

static void
test_static_and_virtual_routes (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "track_group TG {\n group {\n  VI\n }\n}\n"
    "static_ipaddress {\n"
    "  192.0.2.16/24 dev eth0 scope link track_group TG\n"
    "  2001:db8::16/64 dev eth1\n"
    "}\n"
    "static_routes {\n"
    "  198.51.100.0/24 via 192.0.2.1 dev eth0 table 100 metric 5 protocol bird onlink\n"
    "  default via 192.0.2.254 table main\n"
    "  blackhole 198.51.100.128/25\n"
    "  src 192.0.2.1 198.51.100.0/25 dev eth0 scope link\n"
    "  2001:db8:1::/48 dev eth1 mtu lock 1400 advmss 1300 features ecn pref high append\n"
    "  198.51.100.64/26 table 7 nexthop via 192.0.2.2 dev eth0 weight 2"
    " nexthop via 192.0.2.3 dev eth1 onlink\n"
    "}\n"
    "static_rules {\n"
    "  from 192.0.2.0/24 table 100 preference 100\n"
    "  to 198.51.100.0/24 lookup 7 priority 200 iif eth0 fwmark 0x10/0xff\n"
    "  from 2001:db8::/32 to 2001:db8:1::/48 table 8 preference 300 uidrange 1000-1999"
    " ip_proto UDP sport 10-20 dport 53\n"
    "  not from all goto 500 preference 400\n"
    "  from 192.0.2.1 blackhole preference 500\n"
    "}\n"
    "vrrp_instance VI {\n interface eth0\n virtual_router_id 1\n"
    " virtual_ipaddress {\n  192.0.2.1\n }\n"
    " virtual_routes {\n"
    "  198.51.100.0/24 nexthop via 192.0.2.254 nexthop via 192.0.2.253\n"
    "  src 192.0.2.1 to 198.51.100.128/25 via 192.0.2.254 dev eth1 no_track\n"
    " }\n"
    " virtual_rules {\n  from 192.0.2.0/24 table 1 preference 10 no_track\n }\n"
    "}\n");
  const VigilConfVip *vip = g_ptr_array_index (config->static_addresses, 0);
  const VigilConfRoute *route;
  const VigilConfRule *rule;
  const VigilConfNexthop *nh;
  const VigilConfVrrpInstance *vi = parser_test_instance (config, 0);
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_cmpstr (vip->track_group, ==, "TG");
  g_assert_cmpint (vip->scope, ==, RT_SCOPE_LINK);
  g_assert_cmpuint (config->static_addresses->len, ==, 2);

  g_assert_cmpuint (config->static_routes->len, ==, 6);
  route = g_ptr_array_index (config->static_routes, 0);
  g_assert_cmpint (route->family, ==, AF_INET);
  g_assert_cmpstr (vigil_inet_addr_to_string (&route->dst, buf), ==, "198.51.100.0");
  g_assert_cmpuint (route->dst_len, ==, 24);
  g_assert_cmpstr (vigil_inet_addr_to_string (&route->via, buf), ==, "192.0.2.1");
  g_assert_cmpstr (route->dev, ==, "eth0");
  g_assert_cmpuint (route->table, ==, 100);
  g_assert_true (route->has_metric);
  g_assert_cmpuint (route->metric, ==, 5);
  g_assert_cmpuint (route->protocol, ==, 12);
  g_assert_true (route->onlink);
  g_assert_cmpint (route->type, ==, RTN_UNICAST);
  route = g_ptr_array_index (config->static_routes, 1);
  g_assert_false (vigil_inet_addr_is_set (&route->dst));
  g_assert_cmpuint (route->dst_len, ==, 0);
  g_assert_cmpuint (route->table, ==, RT_TABLE_MAIN);
  route = g_ptr_array_index (config->static_routes, 2);
  g_assert_cmpint (route->type, ==, RTN_BLACKHOLE);
  route = g_ptr_array_index (config->static_routes, 3);
  g_assert_cmpstr (vigil_inet_addr_to_string (&route->pref_src, buf), ==, "192.0.2.1");
  g_assert_cmpint (route->scope, ==, RT_SCOPE_LINK);
  route = g_ptr_array_index (config->static_routes, 4);
  g_assert_cmpint (route->family, ==, AF_INET6);
  g_assert_true (route->metrics_set & (1u << VIGIL_CONF_ROUTE_METRIC_MTU));
  g_assert_true (route->metrics_locked & (1u << VIGIL_CONF_ROUTE_METRIC_MTU));
  g_assert_cmpuint (route->metrics[VIGIL_CONF_ROUTE_METRIC_MTU], ==, 1400);
  g_assert_cmpuint (route->metrics[VIGIL_CONF_ROUTE_METRIC_ADVMSS], ==, 1300);
  g_assert_cmpuint (route->features, ==, RTAX_FEATURE_ECN);
  g_assert_cmpint (route->pref, ==, 1);
  g_assert_true (route->append);
  route = g_ptr_array_index (config->static_routes, 5);
  g_assert_cmpuint (route->nexthops->len, ==, 2);
  nh = g_ptr_array_index (route->nexthops, 0);
  g_assert_cmpuint (nh->weight, ==, 2);
  g_assert_cmpstr (nh->dev, ==, "eth0");
  nh = g_ptr_array_index (route->nexthops, 1);
  g_assert_true (nh->onlink);
  g_assert_cmpstr (vigil_inet_addr_to_string (&nh->via, buf), ==, "192.0.2.3");

  g_assert_cmpuint (config->static_rules->len, ==, 5);
  rule = g_ptr_array_index (config->static_rules, 1);
  g_assert_cmpuint (rule->table, ==, 7);
  g_assert_cmpuint (rule->priority, ==, 200);
  g_assert_cmpstr (rule->iif, ==, "eth0");
  g_assert_true (rule->has_fwmark);
  g_assert_cmpuint (rule->fwmark, ==, 0x10);
  g_assert_cmpuint (rule->fwmask, ==, 0xff);
  rule = g_ptr_array_index (config->static_rules, 2);
  g_assert_cmpint (rule->family, ==, AF_INET6);
  g_assert_cmpuint (rule->uid_start, ==, 1000);
  g_assert_cmpuint (rule->uid_end, ==, 1999);
  g_assert_cmpuint (rule->ip_proto, ==, 17);
  g_assert_cmpuint (rule->sport_end, ==, 20);
  g_assert_cmpuint (rule->dport_start, ==, 53);
  rule = g_ptr_array_index (config->static_rules, 3);
  g_assert_true (rule->invert);
  g_assert_cmpuint (rule->action, ==, 2 /* FR_ACT_GOTO */);
  g_assert_cmpuint (rule->goto_target, ==, 500);

  g_assert_cmpuint (vi->virtual_routes->len, ==, 2);
  route = g_ptr_array_index (vi->virtual_routes, 0);
  g_assert_cmpuint (route->nexthops->len, ==, 2);
  g_assert_false (vigil_inet_addr_is_set (&route->via));
  route = g_ptr_array_index (vi->virtual_routes, 1);
  g_assert_true (route->no_track);
  g_assert_cmpstr (route->dev, ==, "eth1");
  rule = g_ptr_array_index (vi->virtual_rules, 0);
  g_assert_true (rule->no_track);
}

/* Scripts are split like keepalived splits them, never by a shell. */
static const struct {
  const char *written;         /* the notify_master value as in the file */
  const char *argv;            /* arguments joined by '|', NULL: an error */
} script_cases[] = {
  { "/bin/notify", "/bin/notify" },
  { "\"/bin/x  'a b'  c\"", "/bin/x|a b|c" },
  { "\"/bin/x 'y z' #1\"", "/bin/x|y z|#1" },
  { "\"</dev/tcp/127.0.0.1/80\"", "</dev/tcp/127.0.0.1/80" },
  { "\"/bin/x 'unclosed\"", NULL },
  { "\"   \"", NULL },
};

static void
test_script_argv (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (script_cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("vrrp_instance VI_1 {\n  interface eth0\n"
                                               "  virtual_router_id 1\n  notify_master %s\n"
                                               "  virtual_ipaddress {\n    192.0.2.1\n  }\n}\n",
                                               script_cases[i].written);
      g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
      g_autoptr(VigilConfig) config = parser_test_load (text, diags);
      g_autofree char *all = parser_test_diags (diags);

      if (script_cases[i].argv == NULL)
        {
          g_assert_null (config);
          g_assert_nonnull (strstr (all, "test.conf:4:17: error: invalid value"));
        }
      else
        {
          g_autofree char *joined = NULL;
          if (config == NULL)
            g_error ("%s: %s", script_cases[i].written, all);
          joined = g_strjoinv ("|", parser_test_instance (config, 0)->notify_master->argv);
          g_assert_cmpstr (joined, ==, script_cases[i].argv);
        }
    }
}

static void
test_tables_sorted (void)
{
  GString *problems = g_string_new (NULL);
  gboolean ok = vigil_conf_tables_check (problems);
  g_autoptr(GPtrArray) unimplemented = vigil_config_unimplemented_keywords ();

  if (!ok)
    g_error ("keyword tables:\n%s", problems->str);
  g_string_free (problems, TRUE);
  g_assert_cmpuint (unimplemented->len, >, 50);
  for (guint i = 0; i < unimplemented->len; i++)
    {
      const VigilConfUnimplemented *row = g_ptr_array_index (unimplemented, i);
      g_assert_nonnull (row->block);
      g_assert_nonnull (row->keyword);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parser/vrrp/defaults", test_defaults);
  g_test_add_func ("/parser/vrrp/keywords", test_vrrp_instance_keywords);
  g_test_add_func ("/parser/vrrp/global-defaults", test_global_defaults_apply);
  g_test_add_func ("/parser/vrrp/strict-defaults", test_strict_defaults);
  g_test_add_func ("/parser/global/keywords", test_global_defs);
  g_test_add_func ("/parser/global/snmp-keepalived-alias", test_snmp_keepalived_alias);
  g_test_add_func ("/parser/tracking", test_tracking_blocks);
  g_test_add_func ("/parser/routes-rules", test_static_and_virtual_routes);
  g_test_add_func ("/parser/script-argv", test_script_argv);
  g_test_add_func ("/parser/tables-sorted", test_tables_sorted);
  return g_test_run ();
}
