/* virtual-server-pool.c - the service a virtual server hands to the LB
 * backend (see virtual-server-pool.h) */
#define G_LOG_DOMAIN "vigil-check"

#include "check/virtual-server-pool.h"

static void
add_destination (VigilLbService *service, VigilRealServer *rs, guint weight,
                 const VigilConfForwarding *forwarding)
{
  VigilLbDestination dest = { 0 };

  dest.addr = *vigil_real_server_get_address (rs);
  dest.port = vigil_real_server_get_port (rs);
  dest.weight = weight;
  dest.forwarding = *forwarding;
  g_array_append_val (service->destinations, dest);
}

static gboolean
same_destination (VigilRealServer *a, VigilRealServer *b)
{
  return vigil_inet_addr_equal (vigil_real_server_get_address (a),
                                vigil_real_server_get_address (b))
    && vigil_real_server_get_port (a) == vigil_real_server_get_port (b);
}

static int
fwmark_family (const VigilVirtualServerPool *pool, int given)
{
  if (given != AF_UNSPEC)
    return given;
  if (pool->conf->ip_family != AF_UNSPEC)
    return pool->conf->ip_family;
  if (pool->conf->real_servers->len > 0)
    return ((VigilConfRealServer *) g_ptr_array_index (pool->conf->real_servers, 0))->addr.family;
  return AF_INET;
}

static void
add_endpoints (const VigilVirtualServerPool *pool, VigilLbService *service)
{
  const VigilConfVirtualServer *conf = pool->conf;
  VigilLbEndpoint endpoint = { 0 };

  if (conf->kind == VIGIL_CONF_VS_ADDRESS)
    {
      endpoint.family = conf->addr.family;
      endpoint.addr = conf->addr;
      endpoint.addr_end = conf->addr;
      endpoint.port = conf->port;
      g_array_append_val (service->endpoints, endpoint);
    }
  else if (conf->kind == VIGIL_CONF_VS_FWMARK)
    {
      endpoint.is_fwmark = TRUE;
      endpoint.fwmark = conf->fwmark;
      endpoint.family = fwmark_family (pool, AF_UNSPEC);
      g_array_append_val (service->endpoints, endpoint);
    }
  else
    {
      const VigilConfVirtualServerGroup *group =
        vigil_config_find_virtual_server_group (pool->config, conf->group);

      for (guint i = 0; group != NULL && i < group->entries->len; i++)
        {
          const VigilConfVsgEntry *entry = g_ptr_array_index (group->entries, i);
          VigilLbEndpoint e = { 0 };

          e.is_fwmark = entry->is_fwmark;
          e.fwmark = entry->fwmark;
          e.family = entry->is_fwmark ? fwmark_family (pool, entry->fwmark_family)
                                      : entry->addr.family;
          e.addr = entry->addr;
          e.addr_end = entry->addr_end;
          e.port = entry->port;
          g_array_append_val (service->endpoints, e);
        }
    }
}

VigilLbService *
vigil_virtual_server_pool_build (const VigilVirtualServerPool *pool)
{
  const VigilConfVirtualServer *conf = pool->conf;
  VigilLbService *service = vigil_lb_service_new (pool->key, conf->protocol);
  gboolean sorry_duplicates_rs = FALSE;

  add_endpoints (pool, service);
  service->scheduler = conf->lvs_sched;
  service->sched_flags = conf->sched_flags;
  service->ops = conf->ops;
  service->persistence_timeout = conf->persistent ? conf->persistence_timeout : 0;
  service->persistence_granularity = conf->persistence_granularity;

  for (guint i = 0; i < pool->real_servers->len; i++)
    {
      VigilRealServer *rs = g_ptr_array_index (pool->real_servers, i);
      const VigilConfRealServer *rs_conf = vigil_real_server_get_conf (rs);
      gboolean up = vigil_real_server_is_up (rs);

      if (pool->sorry != NULL && same_destination (rs, pool->sorry))
        sorry_duplicates_rs = TRUE;
      /* While the sorry server is in use the live ones are out of the
       * pool; inhibited failed ones stay with weight 0 either way. */
      if (up && !pool->sorry_active)
        add_destination (service, rs, vigil_real_server_get_effective_weight (rs),
                         &rs_conf->forwarding);
      else if (!up && rs_conf->inhibit_on_failure)
        add_destination (service, rs, 0, &rs_conf->forwarding);
    }
  if (pool->sorry != NULL)
    {
      const VigilConfRealServer *sorry_conf = vigil_real_server_get_conf (pool->sorry);
      const VigilConfForwarding *forwarding = conf->sorry_server_forwarding.given
                                                ? &conf->sorry_server_forwarding
                                                : &sorry_conf->forwarding;
      if (pool->sorry_active)
        add_destination (service, pool->sorry, vigil_real_server_get_weight (pool->sorry),
                         forwarding);
      else if (sorry_conf->inhibit_on_failure && !sorry_duplicates_rs)
        add_destination (service, pool->sorry, 0, forwarding);
    }
  return service;
}

