/* snmp-util.c - what the MIB files share (see snmp-mibs.h) */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/snmp-mibs.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

int
vigil_snmp_instance_ifindex (VigilSnmpAgent *agent, VigilVrrpInstance *instance)
{
  return vigil_snmp_agent_ifindex (agent, vigil_vrrp_instance_get_conf (instance)->interface);
}

gboolean
vigil_snmp_instance_primary_address (VigilVrrpInstance *instance, VigilInetAddr *out)
{
  const VigilConfVrrpInstance *conf = vigil_vrrp_instance_get_conf (instance);
  struct ifaddrs *list = NULL;
  gboolean found = FALSE;

  memset (out, 0, sizeof *out);
  if (vigil_inet_addr_is_set (&conf->unicast_src_ip))
    *out = conf->unicast_src_ip;
  else if (vigil_inet_addr_is_set (&conf->mcast_src_ip))
    *out = conf->mcast_src_ip;
  if (vigil_inet_addr_is_set (out))
    return TRUE;
  if (conf->interface == NULL || getifaddrs (&list) != 0)
    return FALSE;
  for (struct ifaddrs *ifa = list; ifa != NULL && !found; ifa = ifa->ifa_next)
    {
      if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != conf->family
          || g_strcmp0 (ifa->ifa_name, conf->interface) != 0)
        continue;
      if (conf->family == AF_INET)
        {
          vigil_inet_addr_from_v4 (out, &((struct sockaddr_in *) ifa->ifa_addr)->sin_addr);
          found = TRUE;
        }
      else
        {
          vigil_inet_addr_from_v6 (out, &((struct sockaddr_in6 *) ifa->ifa_addr)->sin6_addr);
          found = vigil_inet_addr_is_link_local (out);
        }
    }
  freeifaddrs (list);
  if (!found)
    memset (out, 0, sizeof *out);
  return found;
}

gboolean
vigil_snmp_instance_master_address (VigilVrrpInstance *instance, VigilInetAddr *out)
{
  g_autofree char *text = NULL;

  memset (out, 0, sizeof *out);
  g_object_get (instance, "master-address", &text, NULL);
  return text != NULL && *text != '\0' && vigil_inet_addr_parse (text, out);
}

long
vigil_snmp_rfc_state (VigilVrrpState state)
{
  switch (state)
    {
    case VIGIL_VRRP_STATE_BACKUP:
      return 2;
    case VIGIL_VRRP_STATE_MASTER:
      return 3;
    default:
      return 1;
    }
}

void
vigil_snmp_virtual_mac (int family, guint8 vrid, guint8 mac[6])
{
  mac[0] = 0x00;
  mac[1] = 0x00;
  mac[2] = 0x5e;
  mac[3] = 0x00;
  mac[4] = family == AF_INET6 ? 0x02 : 0x01;
  mac[5] = vrid;
}

GPtrArray *
vigil_snmp_instances (VigilSnmpAgent *agent)
{
  return vigil_daemon_get_vrrp_instances (vigil_snmp_agent_get_daemon (agent));
}
