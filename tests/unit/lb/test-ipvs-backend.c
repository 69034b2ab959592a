/* test-ipvs-backend.c - IPVS generic netlink messages, attribute by
 * attribute, and how services become IPVS services */
#include <arpa/inet.h>
#include <string.h>
#include <linux/ip_vs.h>
#include <netlink/genl/genl.h>
#include "daemon/error.h"
#include "lb/ipvs-backend.h"

#define FAMILY_ID 42

typedef struct nl_msg TestNlMsg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestNlMsg, nlmsg_free)

typedef struct {
  struct nlattr *cmd[IPVS_CMD_ATTR_MAX + 1];
  struct nlattr *svc[IPVS_SVC_ATTR_MAX + 1];
  struct nlattr *dest[IPVS_DEST_ATTR_MAX + 1];
  guint8 command;
} Parsed;

/* Parse as the kernel would: header, then the nested attributes. */
static void
parse (struct nl_msg *msg, Parsed *out)
{
  struct nlmsghdr *nlh = nlmsg_hdr (msg);
  struct genlmsghdr *ghdr = nlmsg_data (nlh);

  memset (out, 0, sizeof *out);
  g_assert_cmpint (nlh->nlmsg_type, ==, FAMILY_ID);
  g_assert_cmpint (nlh->nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK), ==,
                   NLM_F_REQUEST | NLM_F_ACK);
  g_assert_cmpint (ghdr->version, ==, IPVS_GENL_VERSION);
  out->command = ghdr->cmd;
  g_assert_cmpint (genlmsg_parse (nlh, 0, out->cmd, IPVS_CMD_ATTR_MAX, NULL), ==, 0);
  if (out->cmd[IPVS_CMD_ATTR_SERVICE] != NULL)
    g_assert_cmpint (nla_parse_nested (out->svc, IPVS_SVC_ATTR_MAX,
                                       out->cmd[IPVS_CMD_ATTR_SERVICE], NULL), ==, 0);
  if (out->cmd[IPVS_CMD_ATTR_DEST] != NULL)
    g_assert_cmpint (nla_parse_nested (out->dest, IPVS_DEST_ATTR_MAX,
                                       out->cmd[IPVS_CMD_ATTR_DEST], NULL), ==, 0);
}

static void
assert_addr (struct nlattr *attr, const char *text)
{
  VigilInetAddr addr;
  guint8 expected[16] = { 0 };

  g_assert_true (vigil_inet_addr_parse (text, &addr));
  memcpy (expected, addr.u.bytes, vigil_inet_addr_len (&addr));
  g_assert_nonnull (attr);
  g_assert_cmpint (nla_len (attr), ==, 16);
  g_assert_cmpmem (nla_data (attr), 16, expected, 16);
}

static VigilLbService *
web (void)
{
  VigilLbService *service = vigil_lb_service_new ("192.0.2.100:80", IPPROTO_TCP);

  service->scheduler = "wrr";
  return service;
}

static VigilIpvsServiceId
web_id (void)
{
  VigilIpvsServiceId id = { .family = AF_INET, .protocol = IPPROTO_TCP, .port = 80 };

  g_assert_true (vigil_inet_addr_parse ("192.0.2.100", &id.addr));
  return id;
}

static void
test_new_service (void)
{
  g_autoptr(VigilLbService) service = web ();
  VigilIpvsServiceId id = web_id ();
  g_autoptr(TestNlMsg) msg = NULL;
  const struct ip_vs_flags *flags;
  Parsed p;

  service->persistence_timeout = 300;
  service->sched_flags = VIGIL_CONF_VS_FLAG_2;
  g_assert_true (vigil_inet_addr_parse ("255.255.255.0", &service->persistence_granularity));
  msg = vigil_ipvs_message_new (FAMILY_ID, IPVS_CMD_NEW_SERVICE, &id, service, NULL);
  parse (msg, &p);
  g_assert_cmpint (p.command, ==, IPVS_CMD_NEW_SERVICE);
  g_assert_null (p.cmd[IPVS_CMD_ATTR_DEST]);
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_AF]), ==, AF_INET);
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_PROTOCOL]), ==, IPPROTO_TCP);
  assert_addr (p.svc[IPVS_SVC_ATTR_ADDR], "192.0.2.100");
  /* the port in network order */
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_PORT]), ==, htons (80));
  g_assert_null (p.svc[IPVS_SVC_ATTR_FWMARK]);
  g_assert_cmpstr (nla_get_string (p.svc[IPVS_SVC_ATTR_SCHED_NAME]), ==, "wrr");
  g_assert_cmpint (nla_len (p.svc[IPVS_SVC_ATTR_FLAGS]), ==, sizeof (struct ip_vs_flags));
  flags = nla_data (p.svc[IPVS_SVC_ATTR_FLAGS]);
  g_assert_cmphex (flags->flags, ==, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED_SH_PORT);
  g_assert_cmphex (flags->mask, ==, 0xffffffffu);
  g_assert_cmpuint (nla_get_u32 (p.svc[IPVS_SVC_ATTR_TIMEOUT]), ==, 300);
  g_assert_cmphex (nla_get_u32 (p.svc[IPVS_SVC_ATTR_NETMASK]), ==, htonl (0xffffff00u));
}

static void
test_set_service_v6_fwmark (void)
{
  g_autoptr(VigilLbService) service = web ();
  VigilIpvsServiceId v6 = { .family = AF_INET6, .protocol = IPPROTO_UDP, .port = 53 };
  VigilIpvsServiceId mark = { .family = AF_INET, .fwmark = 7 };
  g_autoptr(TestNlMsg) msg6 = NULL;
  g_autoptr(TestNlMsg) msgm = NULL;
  const struct ip_vs_flags *flags;
  Parsed p;

  g_assert_true (vigil_inet_addr_parse ("2001:db8::100", &v6.addr));
  service->ops = TRUE;
  service->scheduler = NULL;
  msg6 = vigil_ipvs_message_new (FAMILY_ID, IPVS_CMD_SET_SERVICE, &v6, service, NULL);
  parse (msg6, &p);
  g_assert_cmpint (p.command, ==, IPVS_CMD_SET_SERVICE);
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_AF]), ==, AF_INET6);
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_PROTOCOL]), ==, IPPROTO_UDP);
  assert_addr (p.svc[IPVS_SVC_ATTR_ADDR], "2001:db8::100");
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_PORT]), ==, htons (53));
  /* keepalived's default scheduler; IPv6 netmask is a prefix length */
  g_assert_cmpstr (nla_get_string (p.svc[IPVS_SVC_ATTR_SCHED_NAME]), ==, "wlc");
  g_assert_cmpuint (nla_get_u32 (p.svc[IPVS_SVC_ATTR_NETMASK]), ==, 128);
  g_assert_cmpuint (nla_get_u32 (p.svc[IPVS_SVC_ATTR_TIMEOUT]), ==, 0);
  flags = nla_data (p.svc[IPVS_SVC_ATTR_FLAGS]);
  g_assert_cmphex (flags->flags, ==, IP_VS_SVC_F_ONEPACKET);

  service->ops = FALSE;
  msgm = vigil_ipvs_message_new (FAMILY_ID, IPVS_CMD_NEW_SERVICE, &mark, service, NULL);
  parse (msgm, &p);
  g_assert_cmpuint (nla_get_u32 (p.svc[IPVS_SVC_ATTR_FWMARK]), ==, 7);
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_AF]), ==, AF_INET);
  g_assert_null (p.svc[IPVS_SVC_ATTR_ADDR]);
  g_assert_null (p.svc[IPVS_SVC_ATTR_PORT]);
  g_assert_null (p.svc[IPVS_SVC_ATTR_PROTOCOL]);
  /* no granularity: the full IPv4 mask */
  g_assert_cmphex (nla_get_u32 (p.svc[IPVS_SVC_ATTR_NETMASK]), ==, 0xffffffffu);
}

static void
test_del_service_and_flush (void)
{
  VigilIpvsServiceId id = web_id ();
  g_autoptr(TestNlMsg) del = vigil_ipvs_message_new (FAMILY_ID, IPVS_CMD_DEL_SERVICE, &id,
                                                     NULL, NULL);
  g_autoptr(TestNlMsg) flush = vigil_ipvs_message_new (FAMILY_ID, IPVS_CMD_FLUSH, NULL,
                                                       NULL, NULL);
  Parsed p;

  parse (del, &p);
  g_assert_cmpint (p.command, ==, IPVS_CMD_DEL_SERVICE);
  /* identity only */
  g_assert_nonnull (p.svc[IPVS_SVC_ATTR_ADDR]);
  g_assert_null (p.svc[IPVS_SVC_ATTR_SCHED_NAME]);
  g_assert_null (p.svc[IPVS_SVC_ATTR_FLAGS]);
  g_assert_null (p.svc[IPVS_SVC_ATTR_TIMEOUT]);
  parse (flush, &p);
  g_assert_cmpint (p.command, ==, IPVS_CMD_FLUSH);
  g_assert_null (p.cmd[IPVS_CMD_ATTR_SERVICE]);
  g_assert_null (p.cmd[IPVS_CMD_ATTR_DEST]);
}

typedef struct {
  const char *name;
  guint8 command;
  VigilConfLvsMethod method;
  VigilConfTunnelType tun_type;
  VigilConfTunnelCsum tun_csum;
  guint16 port;               /* destination's; 0: the service's (80) */
  guint weight;
  guint32 fwd;                /* expected IPVS_DEST_ATTR_FWD_METHOD */
  int tun_attr_type;          /* expected, -1: absent */
  int tun_attr_flags;
} DestCase;

static const DestCase dest_cases[] = {
  { "new NAT", IPVS_CMD_NEW_DEST, VIGIL_CONF_LVS_NAT, 0, 0, 8080, 3, IP_VS_CONN_F_MASQ, -1, -1 },
  { "set weight 0", IPVS_CMD_SET_DEST, VIGIL_CONF_LVS_NAT, 0, 0, 0, 0, IP_VS_CONN_F_MASQ, -1,
    -1 },
  { "DR", IPVS_CMD_NEW_DEST, VIGIL_CONF_LVS_DR, 0, 0, 80, 1, IP_VS_CONN_F_DROUTE, -1, -1 },
  { "TUN ipip", IPVS_CMD_NEW_DEST, VIGIL_CONF_LVS_TUN, VIGIL_CONF_TUN_IPIP,
    VIGIL_CONF_TUN_CSUM_DEFAULT, 80, 1, IP_VS_CONN_F_TUNNEL, IP_VS_CONN_F_TUNNEL_TYPE_IPIP,
    IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM },
  { "TUN gue csum", IPVS_CMD_NEW_DEST, VIGIL_CONF_LVS_TUN, VIGIL_CONF_TUN_GUE,
    VIGIL_CONF_TUN_CSUM_CSUM, 80, 1, IP_VS_CONN_F_TUNNEL, IP_VS_CONN_F_TUNNEL_TYPE_GUE,
    IP_VS_TUNNEL_ENCAP_FLAG_CSUM },
  { "TUN gre remcsum", IPVS_CMD_SET_DEST, VIGIL_CONF_LVS_TUN, VIGIL_CONF_TUN_GRE,
    VIGIL_CONF_TUN_CSUM_REMCSUM, 80, 2, IP_VS_CONN_F_TUNNEL, IP_VS_CONN_F_TUNNEL_TYPE_GRE,
    IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM },
};

static void
test_destination (gconstpointer data)
{
  const DestCase *c = data;
  VigilIpvsServiceId id = web_id ();
  VigilLbDestination d = { .port = c->port, .weight = c->weight };
  g_autoptr(TestNlMsg) msg = NULL;
  Parsed p;

  d.forwarding.method = c->method;
  d.forwarding.tun_type = c->tun_type;
  d.forwarding.tun_csum = c->tun_csum;
  d.forwarding.tun_port = 5555;
  g_assert_true (vigil_inet_addr_parse ("198.51.100.10", &d.addr));
  msg = vigil_ipvs_message_new (FAMILY_ID, c->command, &id, NULL, &d);
  parse (msg, &p);
  g_assert_cmpint (p.command, ==, c->command);
  /* the service is named by its identity only */
  assert_addr (p.svc[IPVS_SVC_ATTR_ADDR], "192.0.2.100");
  g_assert_cmpuint (nla_get_u16 (p.svc[IPVS_SVC_ATTR_PORT]), ==, htons (80));
  g_assert_null (p.svc[IPVS_SVC_ATTR_SCHED_NAME]);
  assert_addr (p.dest[IPVS_DEST_ATTR_ADDR], "198.51.100.10");
  g_assert_cmpuint (nla_get_u16 (p.dest[IPVS_DEST_ATTR_PORT]), ==,
                    htons (c->port != 0 ? c->port : 80));
  g_assert_cmpuint (nla_get_u16 (p.dest[IPVS_DEST_ATTR_ADDR_FAMILY]), ==, AF_INET);
  g_assert_cmpuint (nla_get_u32 (p.dest[IPVS_DEST_ATTR_FWD_METHOD]), ==, c->fwd);
  g_assert_cmpuint (nla_get_u32 (p.dest[IPVS_DEST_ATTR_WEIGHT]), ==, c->weight);
  g_assert_cmpuint (nla_get_u32 (p.dest[IPVS_DEST_ATTR_U_THRESH]), ==, 0);
  g_assert_cmpuint (nla_get_u32 (p.dest[IPVS_DEST_ATTR_L_THRESH]), ==, 0);
  if (c->tun_attr_type < 0)
    {
      g_assert_null (p.dest[IPVS_DEST_ATTR_TUN_TYPE]);
      g_assert_null (p.dest[IPVS_DEST_ATTR_TUN_FLAGS]);
    }
  else
    {
      g_assert_cmpint (nla_get_u8 (p.dest[IPVS_DEST_ATTR_TUN_TYPE]), ==, c->tun_attr_type);
      g_assert_cmpint (nla_get_u16 (p.dest[IPVS_DEST_ATTR_TUN_FLAGS]), ==, c->tun_attr_flags);
      if (c->tun_type == VIGIL_CONF_TUN_GUE)
        g_assert_cmpuint (nla_get_u16 (p.dest[IPVS_DEST_ATTR_TUN_PORT]), ==, htons (5555));
      else
        g_assert_null (p.dest[IPVS_DEST_ATTR_TUN_PORT]);
    }
}

static void
test_del_destination (void)
{
  VigilIpvsServiceId id = web_id ();
  VigilLbDestination d = { .port = 8080, .weight = 5 };
  g_autoptr(TestNlMsg) msg = NULL;
  Parsed p;

  g_assert_true (vigil_inet_addr_parse ("198.51.100.11", &d.addr));
  msg = vigil_ipvs_message_new (FAMILY_ID, IPVS_CMD_DEL_DEST, &id, NULL, &d);
  parse (msg, &p);
  g_assert_cmpint (p.command, ==, IPVS_CMD_DEL_DEST);
  assert_addr (p.dest[IPVS_DEST_ATTR_ADDR], "198.51.100.11");
  g_assert_cmpuint (nla_get_u16 (p.dest[IPVS_DEST_ATTR_PORT]), ==, htons (8080));
  g_assert_null (p.dest[IPVS_DEST_ATTR_WEIGHT]);
  g_assert_null (p.dest[IPVS_DEST_ATTR_FWD_METHOD]);
}

static void
add_endpoint (VigilLbService *service, const char *first, const char *last, guint16 port)
{
  VigilLbEndpoint endpoint = { .port = port };

  g_assert_true (vigil_inet_addr_parse (first, &endpoint.addr));
  g_assert_true (vigil_inet_addr_parse (last, &endpoint.addr_end));
  endpoint.family = endpoint.addr.family;
  g_array_append_val (service->endpoints, endpoint);
}

static void
test_service_ids (void)
{
  g_autoptr(VigilLbService) service = web ();
  g_autoptr(VigilLbService) huge = web ();
  VigilLbEndpoint mark = { .is_fwmark = TRUE, .fwmark = 9, .family = AF_UNSPEC };
  VigilLbDestination d6 = { .weight = 1 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) none = NULL;
  g_autoptr(GError) error = NULL;
  char text[VIGIL_INET_ADDR_STRLEN];

  add_endpoint (service, "192.0.2.100", "192.0.2.100", 80);
  add_endpoint (service, "192.0.2.254", "192.0.3.1", 443);   /* crosses an octet */
  add_endpoint (service, "2001:db8::ff", "2001:db8::100", 80);
  g_array_append_val (service->endpoints, mark);
  g_assert_true (vigil_inet_addr_parse ("2001:db8:1::10", &d6.addr));
  g_array_append_val (service->destinations, d6);

  ids = vigil_ipvs_service_ids (service, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1 + 4 + 2 + 1);
  g_assert_cmpstr (vigil_inet_addr_to_string (&g_array_index (ids, VigilIpvsServiceId, 0).addr,
                                              text), ==, "192.0.2.100");
  g_assert_cmpstr (vigil_inet_addr_to_string (&g_array_index (ids, VigilIpvsServiceId, 3).addr,
                                              text), ==, "192.0.3.0");
  g_assert_cmpuint (g_array_index (ids, VigilIpvsServiceId, 4).port, ==, 443);
  g_assert_cmpuint (g_array_index (ids, VigilIpvsServiceId, 4).protocol, ==, IPPROTO_TCP);
  g_assert_cmpstr (vigil_inet_addr_to_string (&g_array_index (ids, VigilIpvsServiceId, 6).addr,
                                              text), ==, "2001:db8::100");
  g_assert_cmpint (g_array_index (ids, VigilIpvsServiceId, 6).family, ==, AF_INET6);
  /* a fwmark without a family takes its destinations' */
  g_assert_cmpuint (g_array_index (ids, VigilIpvsServiceId, 7).fwmark, ==, 9);
  g_assert_cmpint (g_array_index (ids, VigilIpvsServiceId, 7).family, ==, AF_INET6);

  add_endpoint (huge, "10.0.0.0", "10.0.255.255", 80);
  none = vigil_ipvs_service_ids (huge, &error);
  g_assert_null (none);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
}

static void
test_timeouts (void)
{
  g_autoptr(TestNlMsg) msg = vigil_ipvs_timeouts_message_new (FAMILY_ID, 900, 0, 300);
  Parsed p;

  parse (msg, &p);
  g_assert_cmpint (p.command, ==, IPVS_CMD_SET_CONFIG);
  g_assert_null (p.cmd[IPVS_CMD_ATTR_SERVICE]);
  g_assert_cmpuint (nla_get_u32 (p.cmd[IPVS_CMD_ATTR_TIMEOUT_TCP]), ==, 900);
  /* 0: the kernel leaves that timeout as it is */
  g_assert_cmpuint (nla_get_u32 (p.cmd[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]), ==, 0);
  g_assert_cmpuint (nla_get_u32 (p.cmd[IPVS_CMD_ATTR_TIMEOUT_UDP]), ==, 300);
}

static void
test_new_without_ipvs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLbBackend) backend = NULL;

  if (vigil_ipvs_backend_kernel_has_ipvs ())
    {
      g_test_skip ("this kernel has IPVS");
      return;
    }
  backend = vigil_ipvs_backend_new (NULL, FALSE, FALSE, &error);
  g_assert_null (backend);
  g_assert_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "IPVS is not available in this kernel"));
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lb/ipvs/new-service", test_new_service);
  g_test_add_func ("/lb/ipvs/set-service-v6-fwmark", test_set_service_v6_fwmark);
  g_test_add_func ("/lb/ipvs/del-service-and-flush", test_del_service_and_flush);
  for (gsize i = 0; i < G_N_ELEMENTS (dest_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lb/ipvs/destination/%s", dest_cases[i].name);
      g_test_add_data_func (path, &dest_cases[i], test_destination);
    }
  g_test_add_func ("/lb/ipvs/del-destination", test_del_destination);
  g_test_add_func ("/lb/ipvs/service-ids", test_service_ids);
  g_test_add_func ("/lb/ipvs/timeouts", test_timeouts);
  g_test_add_func ("/lb/ipvs/new-without-ipvs", test_new_without_ipvs);
  return g_test_run ();
}
