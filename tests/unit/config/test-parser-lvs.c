/* test-parser-lvs.c - virtual servers, real servers and checkers parse into
 * the model, with keepalived's defaults and inheritance */
#include "parser-test-util.h"

#include <netinet/in.h>

static const VigilConfVirtualServer *
vs_at (const VigilConfig *config, guint i)
{
  g_assert_cmpuint (config->virtual_servers->len, >, i);
  return g_ptr_array_index (config->virtual_servers, i);
}

static const VigilConfRealServer *
rs_at (const VigilConfVirtualServer *vs, guint i)
{
  g_assert_cmpuint (vs->real_servers->len, >, i);
  return g_ptr_array_index (vs->real_servers, i);
}

static const VigilConfChecker *
checker_at (const VigilConfRealServer *rs, guint i)
{
  g_assert_cmpuint (rs->checkers->len, >, i);
  return g_ptr_array_index (rs->checkers, i);
}

static void
test_virtual_server_defaults (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "virtual_server 192.0.2.100 80 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.1 8080 {\n"
    "    TCP_CHECK {\n    }\n"
    "    HTTP_GET {\n      url {\n        path /\n      }\n    }\n"
    "    DNS_CHECK {\n    }\n"
    "    MISC_CHECK {\n      misc_path /bin/true\n    }\n"
    "  }\n"
    "}\n");
  const VigilConfVirtualServer *vs = vs_at (config, 0);
  const VigilConfRealServer *rs = rs_at (vs, 0);
  const VigilConfChecker *tcp = checker_at (rs, 0);
  const VigilConfChecker *http = checker_at (rs, 1);
  const VigilConfChecker *dns = checker_at (rs, 2);
  const VigilConfChecker *misc = checker_at (rs, 3);
  const VigilConfUrl *url = g_ptr_array_index (http->urls, 0);
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_cmpint (vs->kind, ==, VIGIL_CONF_VS_ADDRESS);
  g_assert_cmpstr (vigil_inet_addr_to_string (&vs->addr, buf), ==, "192.0.2.100");
  g_assert_cmpuint (vs->port, ==, 80);
  g_assert_cmpint (vs->family, ==, AF_INET);
  g_assert_cmpstr (vs->lvs_sched, ==, "wlc");
  g_assert_cmpint (vs->forwarding.method, ==, VIGIL_CONF_LVS_NAT);
  g_assert_cmpint (vs->protocol, ==, IPPROTO_TCP);
  g_assert_false (vs->persistent);
  g_assert_cmpuint (vs->quorum, ==, 1);
  g_assert_cmpuint (vs->hysteresis, ==, 0);
  g_assert_false (vs->alpha);
  g_assert_false (vs->omega);

  g_assert_cmpuint (rs->port, ==, 8080);
  g_assert_cmpint (rs->weight, ==, 1);
  g_assert_false (rs->inhibit_on_failure);
  g_assert_false (rs->alpha);
  g_assert_cmpint (rs->forwarding.method, ==, VIGIL_CONF_LVS_NAT);

  g_assert_cmpint (tcp->type, ==, VIGIL_CONF_CHECKER_TCP);
  g_assert_cmpint (tcp->delay_loop, ==, USEC (60));
  g_assert_cmpint (tcp->connect_timeout, ==, USEC (5));
  g_assert_cmpuint (tcp->retry, ==, 1);
  g_assert_cmpint (tcp->delay_before_retry, ==, USEC (1));
  g_assert_cmpint (tcp->warmup, ==, USEC (60));
  g_assert_false (tcp->alpha);
  g_assert_false (vigil_inet_addr_is_set (&tcp->connect_ip));
  g_assert_cmpuint (tcp->connect_port, ==, 0);

  g_assert_cmpint (http->type, ==, VIGIL_CONF_CHECKER_HTTP);
  g_assert_cmpint (http->delay_before_retry, ==, USEC (3));
  g_assert_cmpint (http->http_protocol, ==, VIGIL_CONF_HTTP_1_0);
  g_assert_cmpstr (url->path, ==, "/");
  g_assert_null (url->digest);
  g_assert_cmpuint (url->status_ranges->len, ==, 2);
  g_assert_cmpuint (g_array_index (url->status_ranges, guint, 0), ==, 200);
  g_assert_cmpuint (g_array_index (url->status_ranges, guint, 1), ==, 299);

  g_assert_cmpuint (dns->retry, ==, 3);
  g_assert_cmpint (dns->delay_before_retry, ==, dns->delay_loop);
  g_assert_cmpstr (dns->dns_type, ==, "SOA");
  g_assert_cmpstr (dns->dns_name, ==, ".");

  g_assert_cmpuint (misc->retry, ==, 0);
  g_assert_cmpstr (misc->misc_path->argv[0], ==, "/bin/true");
  g_assert_cmpint (misc->misc_timeout, ==, misc->delay_loop);
}

/* The virtual server's settings are the real servers' defaults, theirs
 * the checkers'. */
static void
test_inheritance (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "virtual_server 192.0.2.100 443 {\n"
    "  protocol TCP\n"
    "  delay_loop 10\n"
    "  connect_timeout 4\n"
    "  retry 2\n"
    "  delay_before_retry 6\n"
    "  warmup 0\n"
    "  alpha\n"
    "  inhibit_on_failure\n"
    "  virtualhost vs.example.com\n"
    "  lvs_method DR\n"
    "  real_server 192.0.2.1 443 {\n"
    "    delay_loop 20\n"
    "    virtualhost rs.example.com\n"
    "    SSL_GET {\n      url {\n        path /health\n      }\n      retry 5\n    }\n"
    "  }\n"
    "  real_server 192.0.2.2 443 {\n"
    "    inhibit_on_failure off\n"
    "    alpha no\n"
    "    lvs_method NAT\n"
    "    HTTP_GET {\n      connect_timeout 1.5\n      virtualhost checker.example.com\n"
    "      url {\n        path /\n      }\n    }\n"
    "  }\n"
    "}\n");
  const VigilConfVirtualServer *vs = vs_at (config, 0);
  const VigilConfRealServer *rs1 = rs_at (vs, 0), *rs2 = rs_at (vs, 1);
  const VigilConfChecker *c1 = checker_at (rs1, 0), *c2 = checker_at (rs2, 0);

  g_assert_true (rs1->alpha);
  g_assert_true (rs1->inhibit_on_failure);
  g_assert_cmpint (rs1->forwarding.method, ==, VIGIL_CONF_LVS_DR);
  g_assert_cmpint (c1->delay_loop, ==, USEC (20));
  g_assert_cmpint (c1->connect_timeout, ==, USEC (4));
  g_assert_cmpuint (c1->retry, ==, 5);
  g_assert_cmpint (c1->delay_before_retry, ==, USEC (6));
  g_assert_cmpint (c1->warmup, ==, 0);
  g_assert_true (c1->alpha);
  g_assert_cmpstr (c1->virtualhost, ==, "rs.example.com");

  g_assert_false (rs2->alpha);
  g_assert_false (rs2->inhibit_on_failure);
  g_assert_cmpint (rs2->forwarding.method, ==, VIGIL_CONF_LVS_NAT);
  g_assert_cmpint (c2->delay_loop, ==, USEC (10));
  g_assert_cmpint (c2->connect_timeout, ==, USEC (1.5));
  g_assert_cmpuint (c2->retry, ==, 2);
  g_assert_false (c2->alpha);
  g_assert_cmpstr (c2->virtualhost, ==, "checker.example.com");
}

static void
test_virtual_server_keywords (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "virtual_server_group web {\n"
    "  192.0.2.10 80\n"
    "  192.0.2.20-29 80\n"
    "  198.51.100.0/30 8080\n"
    "  2001:db8::1-2001:db8::4 80\n"
    "  fwmark 7\n"
    "  fwmark 8 inet6\n"
    "}\n"
    "virtual_server group web {\n"
    "  lvs_sched mh\n"
    "  mh-port\n"
    "  mh-fallback\n"
    "  ops\n"
    "  lvs_method TUN type gue port 6080 remcsum\n"
    "  persistence_timeout\n"
    "  persistence_granularity 255.255.255.0\n"
    "  protocol udp\n"
    "  ha_suspend\n"
    "  quorum 3\n"
    "  hysteresis 1\n"
    "  quorum_up \"/bin/up web\"\n"
    "  quorum_down /bin/down\n"
    "  omega\n"
    "  ip_family inet\n"
    "  snmp_name web-pool\n"
    "  sorry_server 192.0.2.99 80\n"
    "  sorry_server_inhibit\n"
    "  sorry_server_lvs_method DR\n"
    "  real_server 192.0.2.50 {\n"
    "    weight 0\n"
    "    uthreshold 100\n"
    "    lthreshold 10\n"
    "    notify_up /bin/rs-up\n"
    "    notify_down \"/bin/rs down\" nobody\n"
    "    snmp_name rs50\n"
    "    PING_CHECK {\n      retry 4\n      bindto 192.0.2.5\n    }\n"
    "  }\n"
    "}\n"
    "virtual_server fwmark 42 {\n"
    "  lvs_sched rr\n"
    "  persistence_timeout 900\n"
    "  real_server 2001:db8::10 {\n    weight 3\n    lvs_method TUN\n  }\n"
    "}\n"
    "virtual_server 2001:db8::100 53 {\n"
    "  protocol SCTP\n"
    "  real_server 2001:db8::11 53 {\n    UDP_CHECK {\n    }\n  }\n"
    "}\n");
  const VigilConfVirtualServerGroup *group = vigil_config_find_virtual_server_group (config, "web");
  const VigilConfVsgEntry *entry;
  const VigilConfVirtualServer *vs = vs_at (config, 0), *fw = vs_at (config, 1);
  const VigilConfRealServer *rs = rs_at (vs, 0);
  const VigilConfChecker *ping = checker_at (rs, 0);
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_cmpuint (group->entries->len, ==, 6);
  entry = g_ptr_array_index (group->entries, 1);
  g_assert_cmpstr (vigil_inet_addr_to_string (&entry->addr, buf), ==, "192.0.2.20");
  g_assert_cmpstr (vigil_inet_addr_to_string (&entry->addr_end, buf), ==, "192.0.2.29");
  g_assert_cmpuint (entry->port, ==, 80);
  entry = g_ptr_array_index (group->entries, 2);
  g_assert_cmpstr (vigil_inet_addr_to_string (&entry->addr, buf), ==, "198.51.100.0");
  g_assert_cmpstr (vigil_inet_addr_to_string (&entry->addr_end, buf), ==, "198.51.100.3");
  entry = g_ptr_array_index (group->entries, 3);
  g_assert_cmpstr (vigil_inet_addr_to_string (&entry->addr_end, buf), ==, "2001:db8::4");
  entry = g_ptr_array_index (group->entries, 5);
  g_assert_true (entry->is_fwmark);
  g_assert_cmpuint (entry->fwmark, ==, 8);
  g_assert_cmpint (entry->fwmark_family, ==, AF_INET6);

  g_assert_cmpint (vs->kind, ==, VIGIL_CONF_VS_GROUP);
  g_assert_cmpstr (vs->group, ==, "web");
  g_assert_cmpstr (vs->lvs_sched, ==, "mh");
  g_assert_cmpuint (vs->sched_flags, ==, VIGIL_CONF_VS_FLAG_1 | VIGIL_CONF_VS_FLAG_2);
  g_assert_true (vs->ops);
  g_assert_cmpint (vs->forwarding.method, ==, VIGIL_CONF_LVS_TUN);
  g_assert_cmpint (vs->forwarding.tun_type, ==, VIGIL_CONF_TUN_GUE);
  g_assert_cmpuint (vs->forwarding.tun_port, ==, 6080);
  g_assert_cmpint (vs->forwarding.tun_csum, ==, VIGIL_CONF_TUN_CSUM_REMCSUM);
  g_assert_true (vs->persistent);
  g_assert_cmpuint (vs->persistence_timeout, ==, 360);
  g_assert_cmpstr (vigil_inet_addr_to_string (&vs->persistence_granularity, buf), ==,
                   "255.255.255.0");
  g_assert_cmpint (vs->protocol, ==, IPPROTO_UDP);
  g_assert_true (vs->ha_suspend);
  g_assert_cmpuint (vs->quorum, ==, 3);
  g_assert_cmpuint (vs->hysteresis, ==, 1);
  g_assert_cmpstr (vs->quorum_up->argv[1], ==, "web");
  g_assert_nonnull (vs->quorum_down);
  g_assert_true (vs->omega);
  g_assert_cmpint (vs->ip_family, ==, AF_INET);
  g_assert_cmpstr (vs->snmp_name, ==, "web-pool");
  g_assert_nonnull (vs->sorry_server);
  g_assert_true (vs->sorry_server->is_sorry_server);
  g_assert_cmpuint (vs->sorry_server->port, ==, 80);
  g_assert_true (vs->sorry_server->inhibit_on_failure);
  g_assert_cmpint (vs->sorry_server->forwarding.method, ==, VIGIL_CONF_LVS_DR);

  g_assert_cmpint (rs->weight, ==, 0);
  g_assert_cmpuint (rs->port, ==, 0);
  g_assert_cmpuint (rs->uthreshold, ==, 100);
  g_assert_cmpuint (rs->lthreshold, ==, 10);
  g_assert_nonnull (rs->notify_up);
  g_assert_cmpstr (rs->notify_down->user, ==, "nobody");
  g_assert_cmpstr (rs->snmp_name, ==, "rs50");
  g_assert_cmpint (rs->forwarding.method, ==, VIGIL_CONF_LVS_TUN);
  g_assert_cmpint (ping->type, ==, VIGIL_CONF_CHECKER_PING);
  g_assert_cmpuint (ping->retry, ==, 4);
  g_assert_cmpstr (vigil_inet_addr_to_string (&ping->bindto, buf), ==, "192.0.2.5");

  g_assert_cmpint (fw->kind, ==, VIGIL_CONF_VS_FWMARK);
  g_assert_cmpuint (fw->fwmark, ==, 42);
  g_assert_cmpuint (fw->persistence_timeout, ==, 900);
  g_assert_cmpint (rs_at (fw, 0)->weight, ==, 3);
  g_assert_cmpint (vs_at (config, 2)->protocol, ==, IPPROTO_SCTP);
  g_assert_cmpuint (checker_at (rs_at (vs_at (config, 2), 0), 0)->max_reply_length, ==, 255);
}

static void
test_checkers (void)
{
  g_autoptr(VigilConfig) config = parser_test_load_clean (
    "track_file weightfile {\n  file /run/w\n}\n"
    "virtual_server 192.0.2.100 25 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.1 25 {\n"
    "    HTTP_GET {\n"
    "      http_protocol 1.1\n"
    "      fast_recovery\n"
    "      enable_sni\n"
    "      connect_ip 192.0.2.8\n"
    "      connect_port 8080\n"
    "      bind_port 4000\n"
    "      bind_if eth0\n"
    "      fwmark 3\n"
    "      log_all_failures on\n"
    "      url {\n"
    "        path /a\n"
    "        digest 9B3A0C85A887A256D6939DA88AABD8CD\n"
    "        status_code 200-299 400-499 503\n"
    "        virtualhost url.example.com\n"
    "        regex \"^ok$\"\n"
    "        regex_no_match\n"
    "        regex_options caseless multiline\n"
    "        regex_stack 1024 4096\n"
    "        regex_min_offset 2\n"
    "        regex_max_offset 100\n"
    "      }\n"
    "      url {\n        path /b\n      }\n"
    "    }\n"
    "    SMTP_CHECK {\n      helo_name mail.example.com\n    }\n"
    "    DNS_CHECK {\n      type aaaa\n      name example.com\n    }\n"
    "    UDP_CHECK {\n      payload Ab12f 3 456\n      require_reply 0aXx\n"
    "      min_reply_length 2\n      max_reply_length 100\n    }\n"
    "    MISC_CHECK {\n      misc_path \"/bin/check arg1\"\n      misc_timeout 7\n"
    "      misc_dynamic\n      user nobody\n    }\n"
    "    FILE_CHECK {\n      track_file weightfile\n      dynamic\n      weight -2 reverse\n    }\n"
    "  }\n"
    "}\n"
    "SSL {\n  password pw\n  ca /etc/ca.pem\n  certificate /etc/cert.pem\n  key /etc/key.pem\n}\n");
  const VigilConfRealServer *rs = rs_at (vs_at (config, 0), 0);
  const VigilConfChecker *http = checker_at (rs, 0), *smtp = checker_at (rs, 1);
  const VigilConfChecker *dns = checker_at (rs, 2), *udp = checker_at (rs, 3);
  const VigilConfChecker *misc = checker_at (rs, 4), *file = checker_at (rs, 5);
  const VigilConfUrl *url = g_ptr_array_index (http->urls, 0);
  static const guint8 payload[] = { 0xab, 0x12, 0x0f, 0x03, 0x45, 0x06 };
  static const guint8 reply[] = { 0x0a, 0x00 }, mask[] = { 0xff, 0x00 };
  gsize len;
  const guint8 *data;

  g_assert_cmpint (http->http_protocol, ==, VIGIL_CONF_HTTP_1_1);
  g_assert_true (http->fast_recovery);
  g_assert_true (http->enable_sni);
  g_assert_cmpuint (http->connect_port, ==, 8080);
  g_assert_cmpuint (http->bind_port, ==, 4000);
  g_assert_cmpstr (http->bind_if, ==, "eth0");
  g_assert_cmpuint (http->fwmark, ==, 3);
  g_assert_true (http->log_all_failures);
  g_assert_cmpuint (http->urls->len, ==, 2);
  g_assert_cmpstr (url->digest, ==, "9b3a0c85a887a256d6939da88aabd8cd");
  g_assert_cmpuint (url->status_ranges->len, ==, 6);
  g_assert_cmpuint (g_array_index (url->status_ranges, guint, 4), ==, 503);
  g_assert_cmpuint (g_array_index (url->status_ranges, guint, 5), ==, 503);
  g_assert_cmpstr (url->virtualhost, ==, "url.example.com");
  g_assert_cmpstr (url->regex, ==, "^ok$");
  g_assert_true (url->regex_no_match);
  g_assert_cmpstr (url->regex_options, ==, "caseless multiline");
  g_assert_cmpuint (url->regex_stack_max, ==, 4096);
  g_assert_cmpuint (url->regex_max_offset, ==, 100);

  g_assert_cmpstr (smtp->helo_name, ==, "mail.example.com");
  g_assert_cmpstr (dns->dns_type, ==, "AAAA");
  g_assert_cmpstr (dns->dns_name, ==, "example.com");

  data = g_bytes_get_data (udp->payload, &len);
  g_assert_cmpmem (data, len, payload, sizeof payload);
  g_assert_true (udp->require_reply);
  data = g_bytes_get_data (udp->reply_data, &len);
  g_assert_cmpmem (data, len, reply, sizeof reply);
  data = g_bytes_get_data (udp->reply_mask, &len);
  g_assert_cmpmem (data, len, mask, sizeof mask);
  g_assert_cmpuint (udp->min_reply_length, ==, 2);
  g_assert_cmpuint (udp->max_reply_length, ==, 100);

  g_assert_cmpstr (misc->misc_path->argv[1], ==, "arg1");
  g_assert_cmpstr (misc->misc_path->user, ==, "nobody");
  g_assert_cmpint (misc->misc_timeout, ==, USEC (7));
  g_assert_true (misc->misc_dynamic);

  g_assert_cmpstr (file->track_file, ==, "weightfile");
  g_assert_cmpstr (file->file_path, ==, "/run/w");      /* resolved */
  g_assert_true (file->file_dynamic);
  g_assert_cmpint (file->file_weight, ==, -2);
  g_assert_true (file->file_weight_reverse);
  g_assert_true (file->file_weight_given);
  /* keepalived: a FILE_CHECK neither retries nor starts in alpha */
  g_assert_cmpuint (file->retry, ==, 0);
  g_assert_false (file->alpha);
  g_assert_cmpint (file->warmup, ==, 0);

  g_assert_cmpstr (config->ssl->password, ==, "pw");
  g_assert_cmpstr (config->ssl->key, ==, "/etc/key.pem");
}

/* Legacy SMTP_CHECK host { } blocks become one checker each. */
static void
test_smtp_hosts (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (
    "virtual_server 192.0.2.100 25 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.1 25 {\n"
    "    SMTP_CHECK {\n"
    "      helo_name h.example.com\n"
    "      connect_timeout 9\n"
    "      host {\n        connect_ip 192.0.2.1\n      }\n"
    "      host {\n        connect_ip 198.51.100.1\n        connect_port 587\n"
    "        bindto 192.0.2.2\n      }\n"
    "    }\n"
    "  }\n"
    "}\n", diags);
  const VigilConfRealServer *rs;
  const VigilConfChecker *second;
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_assert_nonnull (config);
  g_assert_cmpuint (vigil_diag_list_count (diags, VIGIL_DIAG_WARNING), ==, 1);
  rs = rs_at (vs_at (config, 0), 0);
  g_assert_cmpuint (rs->checkers->len, ==, 2);
  second = checker_at (rs, 1);
  g_assert_cmpstr (vigil_inet_addr_to_string (&second->connect_ip, buf), ==, "198.51.100.1");
  g_assert_cmpuint (second->connect_port, ==, 587);
  g_assert_cmpstr (second->helo_name, ==, "h.example.com");
  g_assert_cmpint (second->connect_timeout, ==, USEC (9));
}

/* A regex that does not compile is a config error, not a checker that
 * fails at run time. */
static void
test_bad_regex (void)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  g_autoptr(VigilConfig) config = parser_test_load (
    "virtual_server 192.0.2.100 80 {\n"
    "  protocol TCP\n"
    "  real_server 192.0.2.1 80 {\n"
    "    HTTP_GET {\n"
    "      url {\n        path /\n        regex \"a(b\"\n      }\n"
    "      url {\n        path /\n        regex \"\\\\xff\"\n      }\n"
    "    }\n"
    "  }\n"
    "}\n", diags);
  g_autofree char *first = NULL;

  g_assert_null (config);
  g_assert_cmpuint (vigil_diag_list_count (diags, VIGIL_DIAG_ERROR), ==, 1);
  first = vigil_diag_format (vigil_diag_list_get (diags, 0));
  g_assert_nonnull (strstr (first, "5:7: error: invalid regex"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parser/lvs/defaults", test_virtual_server_defaults);
  g_test_add_func ("/parser/lvs/inheritance", test_inheritance);
  g_test_add_func ("/parser/lvs/virtual-server-keywords", test_virtual_server_keywords);
  g_test_add_func ("/parser/lvs/checkers", test_checkers);
  g_test_add_func ("/parser/lvs/smtp-hosts", test_smtp_hosts);
  g_test_add_func ("/parser/lvs/bad-regex", test_bad_regex);
  return g_test_run ();
}
