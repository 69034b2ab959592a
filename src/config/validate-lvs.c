/* validate-lvs.c - checks of virtual servers, real servers and checkers */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <netinet/in.h>
#include <string.h>

static const char *
protocol_name (int protocol)
{
  return protocol == IPPROTO_UDP ? "UDP" : protocol == IPPROTO_SCTP ? "SCTP" : "TCP";
}

/* "192.0.2.1:80/TCP", "fwmark 5", "group NAME" */
static char *
vs_describe (const VigilConfVirtualServer *vs)
{
  char buf[VIGIL_INET_ADDR_STRLEN];

  switch (vs->kind)
    {
    case VIGIL_CONF_VS_FWMARK:
      return g_strdup_printf ("fwmark %u/%s", vs->fwmark, protocol_name (vs->protocol));
    case VIGIL_CONF_VS_GROUP:
      return g_strdup_printf ("group %s/%s", vs->group, protocol_name (vs->protocol));
    case VIGIL_CONF_VS_ADDRESS:
    default:
      vigil_inet_addr_to_string (&vs->addr, buf);
      return g_strdup_printf (vs->addr.family == AF_INET6 ? "[%s]:%u/%s" : "%s:%u/%s", buf,
                              vs->port, protocol_name (vs->protocol));
    }
}

static char *
rs_describe (const VigilConfRealServer *rs)
{
  char buf[VIGIL_INET_ADDR_STRLEN];

  vigil_inet_addr_to_string (&rs->addr, buf);
  return g_strdup_printf (rs->addr.family == AF_INET6 ? "[%s]:%u" : "%s:%u", buf, rs->port);
}

static int
vs_family (const VigilConfig *config, const VigilConfVirtualServer *vs)
{
  if (vs->kind == VIGIL_CONF_VS_ADDRESS)
    return vs->addr.family;
  if (vs->ip_family != AF_UNSPEC)
    return vs->ip_family;
  if (vs->kind == VIGIL_CONF_VS_GROUP)
    {
      const VigilConfVirtualServerGroup *group = vigil_config_find_virtual_server_group (config,
                                                                                        vs->group);
      for (guint i = 0; group != NULL && i < group->entries->len; i++)
        {
          const VigilConfVsgEntry *entry = g_ptr_array_index (group->entries, i);
          if (!entry->is_fwmark)
            return entry->addr.family;
          if (entry->fwmark_family != AF_UNSPEC)
            return entry->fwmark_family;
        }
    }
  return AF_UNSPEC;
}

static void
check_checker (const VigilConfig *config, VigilDiagList *diags, const VigilConfChecker *checker)
{
  if (vigil_inet_addr_is_set (&checker->bindto) && vigil_inet_addr_is_set (&checker->connect_ip)
      && checker->bindto.family != checker->connect_ip.family)
    vigil_diag_error (diags, &checker->loc,
                      _("%s: bindto and connect_ip are of different address families"),
                      vigil_conf_checker_type_to_string (checker->type));
  if (checker->type == VIGIL_CONF_CHECKER_FILE && checker->track_file != NULL
      && vigil_config_find_track_file (config, checker->track_file) == NULL)
    vigil_diag_error (diags, &checker->loc, _("unknown track_file '%s'"), checker->track_file);
}

static void
check_real_server (const VigilConfig *config, VigilDiagList *diags,
                   const VigilConfVirtualServer *vs, int family, const VigilConfRealServer *rs)
{
  g_autofree char *what = NULL;

  if ((family != AF_UNSPEC && rs->addr.family != family
       && rs->forwarding.method != VIGIL_CONF_LVS_TUN)
      || (rs->port != 0 && vs->port != 0 && rs->port != vs->port
          && rs->forwarding.method != VIGIL_CONF_LVS_NAT)
      || (rs->lthreshold != 0 && rs->uthreshold != 0 && rs->lthreshold > rs->uthreshold))
    what = rs_describe (rs);
  if (family != AF_UNSPEC && rs->addr.family != family
      && rs->forwarding.method != VIGIL_CONF_LVS_TUN)
    vigil_diag_error (diags, &rs->loc,
                      _("real server %s is not of the virtual server's address family "
                        "(only TUN forwarding may mix IPv4 and IPv6)"), what);
  if (rs->port != 0 && vs->port != 0 && rs->port != vs->port
      && rs->forwarding.method != VIGIL_CONF_LVS_NAT)
    vigil_diag_warning (diags, &rs->loc,
                        _("real server %s: with DR or TUN forwarding the port is the virtual "
                          "server's (%u)"), what, vs->port);
  if (rs->lthreshold != 0 && rs->uthreshold != 0 && rs->lthreshold > rs->uthreshold)
    vigil_diag_error (diags, &rs->loc, _("real server %s: lthreshold is above uthreshold"),
                      what);
  for (guint c = 0; c < rs->checkers->len; c++)
    check_checker (config, diags, g_ptr_array_index (rs->checkers, c));
}

/* Identity of a virtual server or a real server, for duplicate checks. */
typedef struct {
  int kind;
  VigilInetAddr addr;
  guint16 port;
  int protocol;
  guint32 fwmark;
  const char *group;
} ServerKey;

static guint
server_key_hash (gconstpointer data)
{
  const ServerKey *key = data;
  guint hash = (guint) key->kind * 7u + key->port * 31u + (guint) key->protocol + key->fwmark;

  for (gsize i = 0; i < vigil_inet_addr_len (&key->addr); i++)
    hash = hash * 33u + key->addr.u.bytes[i];
  return key->group != NULL ? hash ^ g_str_hash (key->group) : hash;
}

static gboolean
server_key_equal (gconstpointer a, gconstpointer b)
{
  const ServerKey *x = a, *y = b;

  return x->kind == y->kind && x->port == y->port && x->protocol == y->protocol
    && x->fwmark == y->fwmark && vigil_inet_addr_equal (&x->addr, &y->addr)
    && g_strcmp0 (x->group, y->group) == 0;
}

void vigil_conf_validate_virtual_servers (VigilConfig *config, VigilDiagList *diags);

void
vigil_conf_validate_virtual_servers (VigilConfig *config, VigilDiagList *diags)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (server_key_hash, server_key_equal, g_free,
                                                      NULL);
  g_autoptr(GHashTable) servers = g_hash_table_new_full (server_key_hash, server_key_equal,
                                                         g_free, NULL);

  for (guint i = 0; i < config->virtual_servers->len; i++)
    {
      VigilConfVirtualServer *vs = g_ptr_array_index (config->virtual_servers, i);
      ServerKey key = { vs->kind, vs->addr, vs->port, vs->protocol, vs->fwmark, vs->group };
      VigilConfVirtualServer *first;
      int family;

      if (vs->kind == VIGIL_CONF_VS_GROUP
          && vigil_config_find_virtual_server_group (config, vs->group) == NULL)
        vigil_diag_error (diags, &vs->loc, _("unknown virtual_server_group '%s'"), vs->group);
      if (vs->kind == VIGIL_CONF_VS_ADDRESS && vs->port == 0 && !vs->persistent)
        {
          g_autofree char *what = vs_describe (vs);
          vigil_diag_error (diags, &vs->loc,
                            _("virtual_server %s needs a port unless it is persistent "
                              "(persistence_timeout)"), what);
        }
      if (vs->kind != VIGIL_CONF_VS_FWMARK && !vs->protocol_given)
        {
          g_autofree char *what = vs_describe (vs);
          vigil_diag_warning (diags, &vs->loc,
                              _("virtual_server %s has no 'protocol'; TCP is used"), what);
        }
      if (vs->kind == VIGIL_CONF_VS_FWMARK && vs->protocol_given)
        {
          g_autofree char *what = vs_describe (vs);
          vigil_diag_warning (diags, &vs->loc,
                              _("virtual_server %s: 'protocol' has no effect with fwmark"), what);
        }
      if (vs->real_servers->len == 0 && vs->sorry_server == NULL)
        {
          g_autofree char *what = vs_describe (vs);
          vigil_diag_warning (diags, &vs->loc, _("virtual_server %s has no real_server"), what);
        }
      if (vs->hysteresis >= vs->quorum && vs->hysteresis > 0)
        {
          g_autofree char *what = vs_describe (vs);
          vigil_diag_warning (diags, &vs->loc,
                              _("virtual_server %s: hysteresis %u is not below quorum %u"), what,
                              vs->hysteresis, vs->quorum);
        }
      first = g_hash_table_lookup (seen, &key);
      if (first != NULL)
        {
          g_autofree char *what = vs_describe (vs);
          vigil_diag_error (diags, &vs->loc, _("virtual_server %s is defined twice"), what);
          vigil_diag_note (diags, &first->loc, _("first definition of %s is here"), what);
        }
      else
        g_hash_table_insert (seen, g_memdup2 (&key, sizeof key), vs);

      family = vs_family (config, vs);
      g_hash_table_remove_all (servers);
      for (guint r = 0; r < vs->real_servers->len; r++)
        {
          VigilConfRealServer *rs = g_ptr_array_index (vs->real_servers, r);
          ServerKey rs_key = { 0, rs->addr, rs->port, 0, 0, NULL };
          VigilConfRealServer *twin = g_hash_table_lookup (servers, &rs_key);

          if (twin != NULL)
            {
              g_autofree char *what = vs_describe (vs);
              g_autofree char *which = rs_describe (rs);
              vigil_diag_error (diags, &rs->loc,
                                _("real server %s is listed twice in virtual_server %s"),
                                which, what);
              vigil_diag_note (diags, &twin->loc, _("first listed here"));
            }
          else
            g_hash_table_insert (servers, g_memdup2 (&rs_key, sizeof rs_key), rs);
          if (family == AF_UNSPEC && rs->forwarding.method != VIGIL_CONF_LVS_TUN)
            family = rs->addr.family;
          check_real_server (config, diags, vs, family, rs);
        }
      if (vs->sorry_server != NULL)
        check_real_server (config, diags, vs, family, vs->sorry_server);
    }
}
