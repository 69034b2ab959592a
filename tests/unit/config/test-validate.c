/* test-validate.c - broken snippets give the right FILE:LINE:COL, severity
 * and message; references, duplicates and families are checked */
#include "parser-test-util.h"

#define VI_HEAD "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 1\n"
#define VIP "  virtual_ipaddress {\n    192.0.2.1\n  }\n"
#define VS_HEAD "virtual_server 192.0.2.100 80 {\n"

static const ParserDiagCase cases[] = {
  /* unknown keywords, with a hint from the keywords of that block */
  { "unknown-keyword", "vrrp_instance VI_1 {\n  virtual_routr_id 5\n}\n",
    "test.conf:2:3", "error", "unknown keyword 'virtual_routr_id' in vrrp_instance",
    "did you mean 'virtual_router_id'?" },
  { "unknown-top-level", "vrrp_instanse VI_1 {\n}\n",
    "test.conf:1:1", "error", "unknown keyword 'vrrp_instanse' at top level",
    "did you mean 'vrrp_instance'?" },
  { "unknown-in-checker", VS_HEAD "  real_server 192.0.2.1 80 {\n    HTTP_GET {\n"
    "      urll {\n        path /\n      }\n    }\n  }\n}\n",
    "test.conf:4:7", "error", "unknown keyword 'urll' in HTTP_GET", "did you mean 'url'?" },
  { "unknown-global", "global_defs {\n  routerid x\n}\n",
    "test.conf:2:3", "error", "unknown keyword 'routerid' in global_defs",
    "did you mean 'router_id'?" },

  /* blocks and keywords in the wrong place say where they belong */
  { "real-server-top-level", "real_server 192.0.2.1 80 {\n  weight 1\n}\n",
    "test.conf:1:1", "error", "'real_server' belongs inside a 'virtual_server' block, not at top level" },
  { "virtual-server-in-group", "virtual_server_group G {\n  virtual_server 192.0.2.1 80 {\n  }\n}\n",
    "test.conf:2:3", "error", "'virtual_server' belongs at top level, not in 'virtual_server_group'" },
  { "checker-in-virtual-server", VS_HEAD "  HTTP_GET {\n  }\n}\n",
    "test.conf:2:3", "error", "'HTTP_GET' belongs inside a 'real_server' block, not in 'virtual_server'" },

  /* DNS_CHECK names its query could not carry */
  { "dns-name-empty-label", VS_HEAD "  real_server 192.0.2.1 53 {\n    DNS_CHECK {\n"
    "      name www..example.com\n    }\n  }\n}\n",
    "test.conf:4:12", "error", "invalid DNS name 'www..example.com': empty label" },
  { "dns-name-long-label", VS_HEAD "  real_server 192.0.2.1 53 {\n    DNS_CHECK {\n"
    "      name xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com\n    }\n  }\n}\n",
    "test.conf:4:12", "error", "a label is longer than 63 bytes" },
  { "priority-in-global-defs", "global_defs {\n  priority 100\n}\n",
    "test.conf:2:3", "error", "'priority' belongs inside a 'vrrp_instance' block, not in 'global_defs'" },
  { "keyword-in-vip-list", VI_HEAD "  virtual_ipaddress {\n    192.0.2.1\n    priority 50\n  }\n}\n",
    "test.conf:6:5", "error", "'priority' belongs inside a 'vrrp_instance' block, not in 'virtual_ipaddress'" },
  { "vrrp-instance-nested", VI_HEAD VIP "  vrrp_instance VI_2 {\n  }\n}\n",
    "test.conf:7:3", "error", "'vrrp_instance' belongs at top level, not in 'vrrp_instance'" },

  /* bad values name the keyword, the value and the range or form */
  { "priority-too-high", VI_HEAD "  priority 256\n" VIP "}\n",
    "test.conf:4:12", "error", "invalid value '256' for 'priority': expected an integer from 1 to 255" },
  { "priority-zero", VI_HEAD "  priority 0\n" VIP "}\n",
    "test.conf:4:12", "error", "invalid value '0' for 'priority'" },
  { "priority-not-a-number", VI_HEAD "  priority high\n" VIP "}\n",
    "test.conf:4:12", "error", "invalid value 'high' for 'priority'" },
  { "vrid-too-high", "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 256\n" VIP "}\n",
    "test.conf:3:21", "error", "invalid value '256' for 'virtual_router_id': expected an integer from 1 to 255" },
  { "vrid-zero", "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 0\n" VIP "}\n",
    "test.conf:3:21", "error", "expected an integer from 1 to 255" },
  { "state-lowercase", VI_HEAD "  state master\n" VIP "}\n",
    "test.conf:4:9", "error", "invalid value 'master' for 'state': expected one of BACKUP|MASTER",
    "did you mean 'MASTER'?" },
  { "advert-int-v2-fraction", VI_HEAD "  advert_int 1.5\n" VIP "}\n",
    "test.conf:4:14", "error", "advert_int 1.5 is not valid for VRRPv2" },
  { "advert-int-v3-step", VI_HEAD "  version 3\n  advert_int 0.015\n" VIP "}\n",
    "test.conf:5:14", "error", "advert_int 0.015 is not valid for VRRPv3" },
  { "advert-int-v3-too-long", VI_HEAD "  version 3\n  advert_int 41\n" VIP "}\n",
    "test.conf:5:14", "error", "expected 0.01 to 40.95 seconds" },
  { "advert-int-too-short", VI_HEAD "  advert_int 0.001\n" VIP "}\n",
    "test.conf:4:14", "error", "invalid value '0.001' for 'advert_int': expected seconds from 0.01 to 255" },
  { "version-4", VI_HEAD "  version 4\n" VIP "}\n",
    "test.conf:4:11", "error", "invalid value '4' for 'version': expected an integer from 2 to 3" },
  { "bool-value", VI_HEAD "  skip_check_adv_addr maybe\n" VIP "}\n",
    "test.conf:4:23", "error", "expected on, off, true, false, yes or no" },
  { "too-many-values", VI_HEAD "  priority 100 200\n" VIP "}\n",
    "test.conf:4:16", "warning", "'priority' takes 1 value; '200' and after are ignored" },
  { "value-for-flag", VI_HEAD VIP "  nopreempt yes\n}\n",
    "test.conf:7:13", "warning", "'nopreempt' takes no value; 'yes' is ignored" },
  { "missing-value", VI_HEAD "  priority\n" VIP "}\n",
    "test.conf:4:3", "error", "'priority' needs a value" },
  { "block-needed", VI_HEAD "  virtual_ipaddress 192.0.2.1\n}\n",
    "test.conf:4:3", "error", "'virtual_ipaddress' needs a '{ ... }' block" },
  { "no-block-allowed", VI_HEAD VIP "  priority 50 {\n  }\n}\n",
    "test.conf:7:15", "error", "'priority' does not open a '{ ... }' block" },
  { "bad-vip", VI_HEAD "  virtual_ipaddress {\n    192.0.2.300/24\n  }\n}\n",
    "test.conf:5:5", "error", "invalid value '192.0.2.300/24' for 'virtual_ipaddress'" },
  { "bad-vip-prefix", VI_HEAD "  virtual_ipaddress {\n    192.0.2.1/33\n  }\n}\n",
    "test.conf:5:5", "error", "0-32 for IPv4" },
  { "bad-vip-option", VI_HEAD "  virtual_ipaddress {\n    192.0.2.1 devv eth0\n  }\n}\n",
    "test.conf:5:15", "error", "unknown option 'devv' for 'virtual_ipaddress'", "did you mean 'dev'?" },
  { "bad-scope", VI_HEAD "  virtual_ipaddress {\n    192.0.2.1 scope galaxy\n  }\n}\n",
    "test.conf:5:21", "error", "invalid value 'galaxy' for 'scope'" },
  { "auth-pass-empty", VI_HEAD "  authentication {\n    auth_type PASS\n  }\n" VIP "}\n",
    "test.conf:1:1", "error", "auth_type PASS needs an auth_pass" },
  { "auth-pass-long", VI_HEAD "  authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }\n" VIP "}\n",
    "test.conf:6:15", "warning", "only '12345678' is used" },
  { "script-four-words", VI_HEAD VIP "  notify_master /bin/x a b c\n}\n",
    "test.conf:7:28", "warning", "'c' and after are ignored", "quote the script" },
  { "script-interval-zero", "vrrp_script s {\n  script /bin/true\n  interval 0\n}\n",
    "test.conf:3:12", "error", "invalid value '0' for 'interval': expected whole seconds from 1 to 4294" },
  { "script-weight-range", "vrrp_script s {\n  script /bin/true\n  weight 254\n}\n",
    "test.conf:3:10", "error", "invalid value '254' for 'weight': expected an integer from -253 to 253" },
  { "script-weight-direction", "vrrp_script s {\n  script /bin/true\n  weight 2 backwards\n}\n",
    "test.conf:3:12", "error", "expected one of reverse|noreverse|no_reverse" },
  { "script-missing", "vrrp_script s {\n  interval 2\n}\n",
    "test.conf:1:1", "error", "vrrp_script 's' has no 'script'" },
  { "lvs-sched", VS_HEAD "  lvs_sched rrr\n}\n",
    "test.conf:2:13", "error", "invalid value 'rrr' for 'lvs_sched'", "did you mean 'rr'?" },
  { "checker-timer-zero", VS_HEAD "  real_server 192.0.2.1 80 {\n    TCP_CHECK {\n"
    "      connect_timeout 0\n    }\n  }\n}\n",
    "test.conf:4:23", "error", "invalid value '0' for 'connect_timeout': expected seconds from 0.000001 to 86400" },
  { "delay-loop-zero", VS_HEAD "  delay_loop 0\n}\n",
    "test.conf:2:14", "error", "invalid value '0' for 'delay_loop'" },
  { "digest", VS_HEAD "  real_server 192.0.2.1 80 {\n    HTTP_GET {\n      url {\n"
    "        path /\n        digest abc\n      }\n    }\n  }\n}\n",
    "test.conf:6:16", "error", "expected an MD5 digest" },
  { "status-code", VS_HEAD "  real_server 192.0.2.1 80 {\n    HTTP_GET {\n      url {\n"
    "        path /\n        status_code 200-700\n      }\n    }\n  }\n}\n",
    "test.conf:6:21", "error", "invalid value '200-700' for 'status_code'" },
  { "http-without-url", VS_HEAD "  real_server 192.0.2.1 80 {\n    HTTP_GET {\n    }\n  }\n}\n",
    "test.conf:3:5", "error", "HTTP_GET needs at least one 'url' block" },
  { "route-unknown-option", VI_HEAD VIP "  virtual_routes {\n    198.51.100.0/24 viaa 192.0.2.1\n  }\n}\n",
    "test.conf:8:21", "error", "unknown option 'viaa' for 'virtual_routes'", "did you mean 'via'?" },
  { "route-no-destination", VI_HEAD VIP "  virtual_routes {\n    via 192.0.2.1 dev eth0\n  }\n}\n",
    "test.conf:8:5", "error", "has no destination" },
  { "route-mixed-families", VI_HEAD VIP "  virtual_routes {\n    198.51.100.0/24 via 2001:db8::1\n  }\n}\n",
    "test.conf:8:25", "error", "mixes IPv4 and IPv6" },
  { "rule-bad-fwmark", VI_HEAD VIP "  virtual_rules {\n    fwmark x table 1 preference 1\n  }\n}\n",
    "test.conf:8:12", "error", "invalid value 'x' for 'fwmark'" },

  /* checks that need the whole config */
  { "vrid-missing", "vrrp_instance VI_1 {\n  interface eth0\n" VIP "}\n",
    "test.conf:1:1", "error", "(VI_1) virtual_router_id is not set" },
  { "interface-missing", "vrrp_instance VI_1 {\n  virtual_router_id 1\n" VIP "}\n",
    "test.conf:1:1", "error", "(VI_1) 'interface' is not set" },
  { "interface-does-not-exist", "vrrp_instance VI_1 {\n  interface eth9\n  virtual_router_id 1\n" VIP "}\n",
    "test.conf:2:13", "warning", "interface 'eth9' (interface) does not exist" },
  { "track-interface-does-not-exist", VI_HEAD VIP "  track_interface {\n    bond7\n  }\n}\n",
    "test.conf:8:5", "warning", "interface 'bond7' (track_interface) does not exist" },
  { "duplicate-vrid", VI_HEAD VIP "}\nvrrp_instance VI_2 {\n  interface eth0\n  virtual_router_id 1\n"
    "  virtual_ipaddress {\n    192.0.2.2\n  }\n}\n",
    "test.conf:10:3", "error", "(VI_2) virtual_router_id 1 is already used by 'VI_1' on interface 'eth0' for IPv4" },
  { "duplicate-vrid-note", VI_HEAD VIP "}\nvrrp_instance VI_2 {\n  interface eth0\n  virtual_router_id 1\n"
    "  virtual_ipaddress {\n    192.0.2.2\n  }\n}\n",
    "test.conf:3:3", "note", "'VI_1' uses virtual_router_id 1 here" },
  { "duplicate-instance-name", VI_HEAD VIP "}\nvrrp_instance VI_1 {\n  interface eth1\n  virtual_router_id 2\n"
    VIP "}\n",
    "test.conf:8:1", "error", "vrrp_instance 'VI_1' is defined twice" },
  { "unknown-track-script", "vrrp_script chk_web {\n  script /bin/true\n}\n" VI_HEAD VIP
    "  track_script {\n    chk_webb\n  }\n}\n",
    "test.conf:11:5", "error", "unknown track_script 'chk_webb'", "did you mean 'chk_web'?" },
  { "unknown-track-file", VI_HEAD VIP "  track_file {\n    nofile\n  }\n}\n",
    "test.conf:8:5", "error", "unknown track_file 'nofile'" },
  { "unknown-track-process", VI_HEAD VIP "  track_process {\n    noproc\n  }\n}\n",
    "test.conf:8:5", "error", "unknown track_process 'noproc'" },
  { "unknown-sync-member", VI_HEAD VIP "}\nvrrp_sync_group G {\n  group {\n    VI_1\n    VI_3\n  }\n}\n",
    "test.conf:11:5", "error", "unknown vrrp_instance 'VI_3'", "did you mean 'VI_1'?" },
  { "sync-member-twice", VI_HEAD VIP "}\nvrrp_instance VI_2 {\n  interface eth0\n  virtual_router_id 2\n" VIP
    "}\nvrrp_sync_group G1 {\n  group {\n    VI_1\n    VI_2\n  }\n}\n"
    "vrrp_sync_group G2 {\n  group {\n    VI_2\n  }\n}\n",
    "test.conf:23:5", "error", "vrrp_instance 'VI_2' is already a member of vrrp_sync_group 'G1'" },
  { "sync-group-empty", VI_HEAD VIP "}\nvrrp_sync_group G {\n  VI_1\n}\n",
    "test.conf:9:3", "error", "unknown keyword 'VI_1' in vrrp_sync_group",
    "members go inside 'group { ... }'" },
  { "sync-group-empty-2", VI_HEAD VIP "}\nvrrp_sync_group G {\n  VI_1\n}\n",
    "test.conf:8:1", "error", "vrrp_sync_group 'G' has no members" },
  { "sync-group-one-member", VI_HEAD VIP "}\nvrrp_sync_group G {\n  group {\n    VI_1\n  }\n}\n",
    "test.conf:8:1", "warning", "vrrp_sync_group 'G' has only one member" },
  { "vip-family-mismatch", VI_HEAD "  virtual_ipaddress {\n    192.0.2.1\n    2001:db8::1\n  }\n}\n",
    "test.conf:6:5", "error", "(VI_1) IPv6 virtual_ipaddress in an IPv4 instance" },
  { "peer-family-mismatch", VI_HEAD VIP "  unicast_peer {\n    2001:db8::2\n  }\n}\n",
    "test.conf:8:5", "error", "(VI_1) unicast_peer 2001:db8::2 is IPv6 but the instance is IPv4" },
  { "v2-with-ipv6", VI_HEAD "  version 2\n  virtual_ipaddress {\n    fe80::1\n  }\n}\n",
    "test.conf:1:1", "warning", "VRRP version 2 does not support IPv6; using version 3" },
  { "v3-authentication", VI_HEAD "  version 3\n  authentication {\n    auth_type PASS\n"
    "    auth_pass x\n  }\n" VIP "}\n",
    "test.conf:1:1", "warning", "VRRPv3 has no authentication" },
  { "strict-unicast", "global_defs {\n  vrrp_strict\n}\n" VI_HEAD VIP "  unicast_peer {\n    192.0.2.9\n  }\n}\n",
    "test.conf:4:1", "error", "(VI_1) strict mode does not allow unicast_peer" },
  { "strict-master-priority", VI_HEAD "  strict_mode\n  state MASTER\n  priority 200\n" VIP "}\n",
    "test.conf:1:1", "error", "strict mode allows state MASTER only with priority 255" },
  { "no-vips", VI_HEAD "}\n",
    "test.conf:1:1", "warning", "(VI_1) no virtual_ipaddress" },
  { "unknown-vs-group", "virtual_server group nope {\n}\n",
    "test.conf:1:1", "error", "unknown virtual_server_group 'nope'" },
  { "vs-without-port", "virtual_server 192.0.2.100 {\n}\n",
    "test.conf:1:1", "error", "needs a port unless it is persistent" },
  { "rs-family", VS_HEAD "  real_server 2001:db8::1 80 {\n  }\n}\n",
    "test.conf:2:3", "error", "real server [2001:db8::1]:80 is not of the virtual server's address family" },
  { "rs-twice", VS_HEAD "  real_server 192.0.2.1 80 {\n  }\n  real_server 192.0.2.1 80 {\n  }\n}\n",
    "test.conf:4:3", "error", "real server 192.0.2.1:80 is listed twice" },
  { "vs-twice", VS_HEAD "}\n" VS_HEAD "}\n",
    "test.conf:3:1", "error", "virtual_server 192.0.2.100:80/TCP is defined twice" },
  { "fwmark-protocol", "virtual_server fwmark 1 {\n  protocol TCP\n}\n",
    "test.conf:1:1", "warning", "'protocol' has no effect with fwmark" },
  { "no-protocol", VS_HEAD "}\n",
    "test.conf:1:1", "warning", "virtual_server 192.0.2.100:80/TCP has no 'protocol'; TCP is used" },
  { "file-check-unknown-file", VS_HEAD "  real_server 192.0.2.1 80 {\n    FILE_CHECK {\n"
    "      track_file nope\n    }\n  }\n}\n",
    "test.conf:3:5", "error", "unknown track_file 'nope'" },
  { "unknown-track-group", "static_ipaddress {\n  192.0.2.5/24 dev eth0 track_group TG\n}\n",
    "test.conf:2:3", "error", "unknown track_group 'TG'" },

  /* legacy spellings warn and name the current keyword */
  { "legacy-lb-algo", VS_HEAD "  lb_algo rr\n}\n",
    "test.conf:2:3", "warning", "'lb_algo' is deprecated; use 'lvs_sched'" },
  { "legacy-lb-kind", VS_HEAD "  lb_kind DR\n}\n",
    "test.conf:2:3", "warning", "'lb_kind' is deprecated; use 'lvs_method'" },
  { "legacy-nb-get-retry", VS_HEAD "  real_server 192.0.2.1 80 {\n    TCP_CHECK {\n"
    "      nb_get_retry 3\n    }\n  }\n}\n",
    "test.conf:4:7", "warning", "'nb_get_retry' is deprecated; use 'retry'" },
  { "legacy-vrrp-track-file", "vrrp_track_file f {\n  file /run/f\n}\n",
    "test.conf:1:1", "warning", "'vrrp_track_file' is deprecated; use 'track_file'" },
  { "legacy-snmp-keepalived", "global_defs {\n  enable_snmp_keepalived\n}\n",
    "test.conf:2:3", "warning", "'enable_snmp_keepalived' is deprecated; use 'enable_snmp_vrrp'" },
  { "legacy-global-tracking", VI_HEAD VIP "}\nvrrp_sync_group G {\n  group {\n    VI_1\n  }\n"
    "  global_tracking\n}\n",
    "test.conf:12:3", "warning", "'global_tracking' is deprecated; use 'sync_group_tracking_weight'" },
  { "legacy-gw", VI_HEAD VIP "  virtual_routes {\n    0.0.0.0/0 gw 192.0.2.254\n  }\n}\n",
    "test.conf:8:15", "warning", "'gw' is deprecated; use 'via'" },
  { "legacy-or", VI_HEAD VIP "  virtual_routes {\n    198.51.100.0/24 via 192.0.2.1 or 192.0.2.2\n  }\n}\n",
    "test.conf:8:35", "warning", "'or' is deprecated; use 'nexthop'" },

  /* keepalived keywords vigil does not implement warn, naming them */
  { "unimplemented-smtp-alert", VI_HEAD VIP "  smtp_alert\n}\n",
    "test.conf:7:3", "warning", "'smtp_alert' is accepted for compatibility but not implemented by vigil" },
  { "unimplemented-track-bfd", VI_HEAD VIP "  track_bfd {\n    b1\n  }\n}\n",
    "test.conf:7:3", "warning", "'track_bfd' is accepted for compatibility but not implemented by vigil",
    "BFD" },
  { "unimplemented-bfd-check", VS_HEAD "  real_server 192.0.2.1 80 {\n    BFD_CHECK {\n"
    "      name b1\n    }\n  }\n}\n",
    "test.conf:3:5", "warning", "'BFD_CHECK' is accepted for compatibility but not implemented by vigil" },
  { "unimplemented-bfd-instance", "bfd_instance b1 {\n  neighbor_ip 192.0.2.1\n}\n",
    "test.conf:1:1", "warning", "'bfd_instance' is accepted for compatibility" },
  { "unimplemented-lvs-sync-daemon", "global_defs {\n  lvs_sync_daemon eth0 VI_1\n}\n",
    "test.conf:2:3", "warning", "'lvs_sync_daemon' is accepted for compatibility but not implemented by vigil" },
  { "unimplemented-ah", VI_HEAD "  authentication {\n    auth_type AH\n    auth_pass x\n  }\n" VIP "}\n",
    "test.conf:5:15", "warning", "'auth_type AH' is accepted for compatibility but not implemented by vigil" },
  { "unimplemented-smtp-server", "global_defs {\n  smtp_server 192.0.2.25\n}\n",
    "test.conf:2:3", "warning", "'smtp_server' is accepted for compatibility", "e-mail" },
  { "unimplemented-process", "global_defs {\n  vrrp_rt_priority 50\n}\n",
    "test.conf:2:3", "warning", "'vrrp_rt_priority' is accepted for compatibility", "systemd" },
};

/* Every error of a file in one run, never only the first. */
static void
test_all_errors_reported (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (
    "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 300\n  priority 0\n"
    "  bogus_keyword\n" VIP "}\n"
    "vrrp_instance VI_2 {\n  interface eth0\n  advert_int x\n  virtual_router_id 2\n" VIP "}\n"
    "global_defs {\n  vrrp_version 5\n}\n", diags);
  g_autofree char *all = parser_test_diags (diags);

  g_assert_null (config);
  /* vrid 300, priority 0, bogus_keyword, then "VI_1 has no vrid", advert_int x,
   * vrrp_version 5 */
  if (vigil_diag_list_count (diags, VIGIL_DIAG_ERROR) != 6)
    g_error ("expected 6 errors, got:\n%s", all);
}

/* Legacy and unimplemented keywords are reported once per load. */
static void
test_warn_once (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (
    VS_HEAD "  lb_algo rr\n}\nvirtual_server 192.0.2.100 81 {\n  lb_algo rr\n}\n"
    VI_HEAD VIP "  smtp_alert\n}\nvrrp_instance VI_2 {\n  interface eth0\n"
    "  virtual_router_id 2\n" VIP "  smtp_alert\n}\n", diags);

  guint reported = 0;

  g_assert_nonnull (config);
  for (guint i = 0; i < vigil_diag_list_length (diags); i++)
    {
      const VigilDiag *diag = vigil_diag_list_get (diags, i);
      if (strstr (diag->message, "deprecated") != NULL
          || strstr (diag->message, "not implemented") != NULL)
        reported++;
    }
  g_assert_cmpuint (reported, ==, 2);
}

/* Without an environment, interfaces are looked up on the host. */
static void
test_host_interfaces (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = vigil_config_load_string (
    "test.conf", "vrrp_instance VI_1 {\n  interface lo\n  virtual_router_id 1\n" VIP "}\n"
    "vrrp_instance VI_2 {\n  interface vigil-no-such0\n  virtual_router_id 2\n" VIP "}\n",
    NULL, diags);
  g_autofree char *all = parser_test_diags (diags);

  g_assert_nonnull (config);
  g_assert_cmpstr (all, ==, "test.conf:9:13: warning: interface 'vigil-no-such0' (interface) "
                            "does not exist");
}

/* Errors already in the list (e.g. from the preprocessor) mean no config. */
static void
test_preprocessor_errors (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (VI_HEAD VIP "  notify_master $UNDEFINED\n}\n",
                                                    diags);

  g_assert_null (config);
  g_assert_true (vigil_diag_list_has_errors (diags));
}

/* Unicast instances may share a VRID when their peers differ, multicast
 * ones when their groups differ; the same VRID on other interfaces or
 * families is fine. */
static void
test_vrid_sharing (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "vrrp_instance A {\n interface eth0\n virtual_router_id 9\n"
    " unicast_peer {\n  192.0.2.2\n }\n virtual_ipaddress {\n  192.0.2.1\n }\n}\n"
    "vrrp_instance B {\n interface eth0\n virtual_router_id 9\n"
    " unicast_peer {\n  192.0.2.3\n }\n virtual_ipaddress {\n  192.0.2.4\n }\n}\n"
    "vrrp_instance C {\n interface eth0\n virtual_router_id 9\n"
    " virtual_ipaddress {\n  192.0.2.5\n }\n}\n"
    "vrrp_instance D {\n interface eth0\n virtual_router_id 9\n mcast_dst_ip 224.0.0.100\n"
    " virtual_ipaddress {\n  192.0.2.6\n }\n}\n"
    "vrrp_instance E {\n interface eth1\n virtual_router_id 9\n"
    " virtual_ipaddress {\n  192.0.2.7\n }\n}\n"
    "vrrp_instance F {\n interface eth0\n virtual_router_id 9\n"
    " virtual_ipaddress {\n  fe80::9\n }\n}\n");

  g_assert_cmpuint (config->vrrp_instances->len, ==, 6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  parser_test_add_diag_cases ("/validate/diag", cases, G_N_ELEMENTS (cases));
  g_test_add_func ("/validate/all-errors", test_all_errors_reported);
  g_test_add_func ("/validate/warn-once", test_warn_once);
  g_test_add_func ("/validate/host-interfaces", test_host_interfaces);
  g_test_add_func ("/validate/preprocessor-errors", test_preprocessor_errors);
  g_test_add_func ("/validate/vrid-sharing", test_vrid_sharing);
  return g_test_run ();
}
