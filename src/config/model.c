/* model.c - allocation, defaults, lookup and freeing of the config model */
#define G_LOG_DOMAIN "vigil-config"

#include "config/model.h"

#include <arpa/inet.h>
#include <string.h>

const char *
vigil_conf_checker_type_to_string (VigilConfCheckerType type)
{
  switch (type)
    {
    case VIGIL_CONF_CHECKER_TCP:
      return "TCP_CHECK";
    case VIGIL_CONF_CHECKER_HTTP:
      return "HTTP_GET";
    case VIGIL_CONF_CHECKER_SSL:
      return "SSL_GET";
    case VIGIL_CONF_CHECKER_SMTP:
      return "SMTP_CHECK";
    case VIGIL_CONF_CHECKER_DNS:
      return "DNS_CHECK";
    case VIGIL_CONF_CHECKER_UDP:
      return "UDP_CHECK";
    case VIGIL_CONF_CHECKER_PING:
      return "PING_CHECK";
    case VIGIL_CONF_CHECKER_MISC:
      return "MISC_CHECK";
    case VIGIL_CONF_CHECKER_FILE:
      return "FILE_CHECK";
    case VIGIL_CONF_CHECKER_BFD:
      return "BFD_CHECK";
    default:
      return "unknown";
    }
}

static void
global_init (VigilConfGlobal *global)
{
  struct in_addr group4;
  struct in6_addr group6;

  global->notification_email = g_ptr_array_new_with_free_func (g_free);
  global->smtp_port = 25;
  global->smtp_connect_timeout = 30 * VIGIL_USEC_PER_SEC;
  global->vrrp_version = 2;
  inet_pton (AF_INET, "224.0.0.18", &group4);
  inet_pton (AF_INET6, "ff02::12", &group6);
  vigil_inet_addr_from_v4 (&global->vrrp_mcast_group4, &group4);
  vigil_inet_addr_from_v6 (&global->vrrp_mcast_group6, &group6);
  global->vrrp_garp_master_delay = 5 * VIGIL_USEC_PER_SEC;
  global->vrrp_garp_master_repeat = 5;
  global->vrrp_garp_master_refresh_repeat = 1;
  /* lower_prio_* default to the master_* values; filled by the parser */
  global->vrrp_garp_lower_prio_delay = -1;
  global->vrrp_garp_lower_prio_repeat = G_MAXUINT;
  global->vrrp_iptables_or_ipsets_names = g_ptr_array_new_with_free_func (g_free);
  global->vrrp_down_timer_adverts = 3;
  global->nftables_priority = -1;
  global->nftables_ipvs_priority = -1;
  global->nftables_ipvs_start_fwmark = 1000;
  global->startup_script_timeout = 10 * VIGIL_USEC_PER_SEC;
  global->shutdown_script_timeout = 10 * VIGIL_USEC_PER_SEC;
  global->umask = 022;
}

VigilConfig *
vigil_config_new (void)
{
  VigilConfig *config = g_new0 (VigilConfig, 1);

  global_init (&config->global);
#define ARRAY(free_func) g_ptr_array_new_with_free_func ((GDestroyNotify) (free_func))
  config->vrrp_instances = ARRAY (vigil_conf_vrrp_instance_free);
  config->sync_groups = ARRAY (vigil_conf_sync_group_free);
  config->vrrp_scripts = ARRAY (vigil_conf_vrrp_script_free);
  config->static_addresses = ARRAY (vigil_conf_vip_free);
  config->static_routes = ARRAY (vigil_conf_route_free);
  config->static_rules = ARRAY (vigil_conf_rule_free);
  config->track_files = ARRAY (vigil_conf_track_file_free);
  config->track_processes = ARRAY (vigil_conf_track_process_free);
  config->track_groups = ARRAY (vigil_conf_track_group_free);
  config->garp_groups = ARRAY (vigil_conf_garp_group_free);
  config->linkbeat_interfaces = ARRAY (vigil_conf_linkbeat_interface_free);
  config->interface_delays = ARRAY (vigil_conf_interface_delay_free);
  config->virtual_server_groups = ARRAY (vigil_conf_virtual_server_group_free);
  config->virtual_servers = ARRAY (vigil_conf_virtual_server_free);
#undef ARRAY
  return config;
}

void
vigil_conf_script_free (VigilConfScript *script)
{
  if (script == NULL)
    return;
  g_strfreev (script->argv);
  g_free (script->user);
  g_free (script->group);
  g_free (script);
}

void
vigil_conf_vip_free (VigilConfVip *vip)
{
  if (vip == NULL)
    return;
  g_free (vip->dev);
  g_free (vip->label);
  g_free (vip->track_group);
  g_free (vip);
}

void
vigil_conf_track_ref_free (VigilConfTrackRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->name);
  g_free (ref);
}

static void
nexthop_free (VigilConfNexthop *nexthop)
{
  g_free (nexthop->dev);
  g_free (nexthop);
}

void
vigil_conf_route_free (VigilConfRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->dev);
  g_free (route->congctl);
  g_free (route->track_group);
  if (route->nexthops != NULL)
    {
      for (guint i = 0; i < route->nexthops->len; i++)
        nexthop_free (g_ptr_array_index (route->nexthops, i));
      g_ptr_array_unref (route->nexthops);
    }
  g_free (route);
}

void
vigil_conf_rule_free (VigilConfRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->iif);
  g_free (rule->oif);
  g_free (rule->track_group);
  g_free (rule);
}

static void
ptr_array_free (GPtrArray *array)
{
  if (array != NULL)
    g_ptr_array_unref (array);
}

void
vigil_conf_vrrp_instance_free (VigilConfVrrpInstance *instance)
{
  if (instance == NULL)
    return;
  g_free (instance->name);
  g_free (instance->interface);
  ptr_array_free (instance->vips);
  ptr_array_free (instance->vips_excluded);
  ptr_array_free (instance->unicast_peers);
  ptr_array_free (instance->unicast_peer_info);
  g_free (instance->vmac_name);
  ptr_array_free (instance->track_interfaces);
  ptr_array_free (instance->track_scripts);
  ptr_array_free (instance->track_files);
  ptr_array_free (instance->track_processes);
  vigil_conf_script_free (instance->notify_master);
  vigil_conf_script_free (instance->notify_backup);
  vigil_conf_script_free (instance->notify_fault);
  vigil_conf_script_free (instance->notify_stop);
  vigil_conf_script_free (instance->notify_deleted);
  vigil_conf_script_free (instance->notify);
  vigil_conf_script_free (instance->notify_master_rx_lower_pri);
  ptr_array_free (instance->virtual_routes);
  ptr_array_free (instance->virtual_rules);
  g_free (instance->sync_group);
  g_free (instance);
}

void
vigil_conf_sync_group_free (VigilConfSyncGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  ptr_array_free (group->members);
  if (group->member_locs != NULL)
    g_array_unref (group->member_locs);
  ptr_array_free (group->track_interfaces);
  ptr_array_free (group->track_scripts);
  ptr_array_free (group->track_files);
  ptr_array_free (group->track_processes);
  vigil_conf_script_free (group->notify_master);
  vigil_conf_script_free (group->notify_backup);
  vigil_conf_script_free (group->notify_fault);
  vigil_conf_script_free (group->notify_stop);
  vigil_conf_script_free (group->notify);
  g_free (group);
}

void
vigil_conf_vrrp_script_free (VigilConfVrrpScript *script)
{
  if (script == NULL)
    return;
  g_free (script->name);
  vigil_conf_script_free (script->script);
  g_free (script);
}

void
vigil_conf_track_file_free (VigilConfTrackFile *file)
{
  if (file == NULL)
    return;
  g_free (file->name);
  g_free (file->path);
  g_free (file);
}

void
vigil_conf_track_process_free (VigilConfTrackProcess *process)
{
  if (process == NULL)
    return;
  g_free (process->name);
  g_strfreev (process->process);
  g_free (process);
}

void
vigil_conf_track_group_free (VigilConfTrackGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  ptr_array_free (group->members);
  if (group->member_locs != NULL)
    g_array_unref (group->member_locs);
  g_free (group);
}

void
vigil_conf_garp_group_free (VigilConfGarpGroup *group)
{
  if (group == NULL)
    return;
  ptr_array_free (group->interfaces);
  g_free (group);
}

void
vigil_conf_linkbeat_interface_free (VigilConfLinkbeatInterface *lbi)
{
  if (lbi == NULL)
    return;
  g_free (lbi->name);
  g_free (lbi->type);
  g_free (lbi);
}

void
vigil_conf_interface_delay_free (VigilConfInterfaceDelay *delay)
{
  if (delay == NULL)
    return;
  g_free (delay->name);
  g_free (delay);
}

static void
url_free (VigilConfUrl *url)
{
  g_free (url->path);
  g_free (url->digest);
  if (url->status_ranges != NULL)
    g_array_unref (url->status_ranges);
  g_free (url->virtualhost);
  g_free (url->regex);
  g_free (url->regex_options);
  g_free (url);
}

void
vigil_conf_checker_free (VigilConfChecker *checker)
{
  if (checker == NULL)
    return;
  g_free (checker->bind_if);
  if (checker->urls != NULL)
    {
      for (guint i = 0; i < checker->urls->len; i++)
        url_free (g_ptr_array_index (checker->urls, i));
      g_ptr_array_unref (checker->urls);
    }
  g_free (checker->virtualhost);
  g_free (checker->helo_name);
  g_free (checker->dns_type);
  g_free (checker->dns_name);
  g_clear_pointer (&checker->payload, g_bytes_unref);
  g_clear_pointer (&checker->reply_data, g_bytes_unref);
  g_clear_pointer (&checker->reply_mask, g_bytes_unref);
  vigil_conf_script_free (checker->misc_path);
  g_free (checker->track_file);
  g_free (checker->file_path);
  g_free (checker->bfd_name);
  g_free (checker);
}

void
vigil_conf_real_server_free (VigilConfRealServer *server)
{
  if (server == NULL)
    return;
  vigil_conf_script_free (server->notify_up);
  vigil_conf_script_free (server->notify_down);
  g_free (server->virtualhost);
  g_free (server->snmp_name);
  ptr_array_free (server->checkers);
  g_free (server);
}

void
vigil_conf_virtual_server_free (VigilConfVirtualServer *server)
{
  if (server == NULL)
    return;
  g_free (server->group);
  g_free (server->lvs_sched);
  g_free (server->persistence_engine);
  g_free (server->virtualhost);
  g_free (server->snmp_name);
  vigil_conf_script_free (server->quorum_up);
  vigil_conf_script_free (server->quorum_down);
  vigil_conf_real_server_free (server->sorry_server);
  ptr_array_free (server->real_servers);
  g_free (server);
}

void
vigil_conf_virtual_server_group_free (VigilConfVirtualServerGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  ptr_array_free (group->entries);
  g_free (group);
}

static void
global_clear (VigilConfGlobal *global)
{
  g_free (global->router_id);
  ptr_array_free (global->notification_email);
  g_free (global->notification_email_from);
  g_free (global->smtp_server);
  ptr_array_free (global->vrrp_iptables_or_ipsets_names);
  g_free (global->nftables_table);
  g_free (global->script_user);
  g_free (global->script_group);
  g_free (global->notify_fifo);
  vigil_conf_script_free (global->notify_fifo_script);
  g_free (global->vrrp_notify_fifo);
  vigil_conf_script_free (global->vrrp_notify_fifo_script);
  g_free (global->lvs_notify_fifo);
  vigil_conf_script_free (global->lvs_notify_fifo_script);
  g_free (global->snmp_socket);
  g_free (global->dbus_service_name);
  g_free (global->lb_backend);
  g_free (global->smtp_helo_name);
  g_free (global->default_interface);
  g_free (global->vmac_prefix);
  g_free (global->vmac_addr_prefix);
  g_free (global->nftables_ipvs_table);
  vigil_conf_script_free (global->startup_script);
  vigil_conf_script_free (global->shutdown_script);
}

void
vigil_config_free (VigilConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->path);
  global_clear (&config->global);
  ptr_array_free (config->vrrp_instances);
  ptr_array_free (config->sync_groups);
  ptr_array_free (config->vrrp_scripts);
  ptr_array_free (config->static_addresses);
  ptr_array_free (config->static_routes);
  ptr_array_free (config->static_rules);
  ptr_array_free (config->track_files);
  ptr_array_free (config->track_processes);
  ptr_array_free (config->track_groups);
  ptr_array_free (config->garp_groups);
  ptr_array_free (config->linkbeat_interfaces);
  ptr_array_free (config->interface_delays);
  ptr_array_free (config->virtual_server_groups);
  ptr_array_free (config->virtual_servers);
  if (config->ssl != NULL)
    {
      g_free (config->ssl->password);
      g_free (config->ssl->ca);
      g_free (config->ssl->certificate);
      g_free (config->ssl->key);
      g_free (config->ssl);
    }
  if (config->index != NULL)
    g_hash_table_unref (config->index);
  g_free (config);
}

/* "<kind>\x1f<name>" into `buf` when it fits, else a new string in *heap. */
static const char *
index_key (char kind, const char *name, char *buf, gsize size, char **heap)
{
  gsize len = strlen (name);

  *heap = NULL;
  if (len + 3 > size)
    {
      *heap = g_malloc (len + 3);
      buf = *heap;
    }
  buf[0] = kind;
  buf[1] = '\x1f';
  memcpy (buf + 2, name, len + 1);
  return buf;
}

gconstpointer
vigil_config_lookup (const VigilConfig *config, char kind, const char *name)
{
  char buf[128];
  g_autofree char *heap = NULL;

  g_return_val_if_fail (config != NULL && config->index != NULL && name != NULL, NULL);
  return g_hash_table_lookup (config->index, index_key (kind, name, buf, sizeof buf, &heap));
}

/* Every named object sits in config->index once the parser has finished;
 * hand-built configs fall back to a linear scan. */
static gconstpointer
find_named (const VigilConfig *config, char kind, GPtrArray *array, gsize name_offset,
            const char *name)
{
  g_return_val_if_fail (config != NULL && name != NULL, NULL);
  if (config->index != NULL)
    return vigil_config_lookup (config, kind, name);
  for (guint i = 0; array != NULL && i < array->len; i++)
    {
      gconstpointer item = g_ptr_array_index (array, i);
      const char *item_name = G_STRUCT_MEMBER (const char *, item, name_offset);
      if (g_strcmp0 (item_name, name) == 0)
        return item;
    }
  return NULL;
}

const VigilConfVrrpInstance *
vigil_config_find_vrrp_instance (const VigilConfig *config, const char *name)
{
  return find_named (config, VIGIL_CONF_INDEX_VRRP_INSTANCE, config->vrrp_instances,
                     G_STRUCT_OFFSET (VigilConfVrrpInstance, name), name);
}

const VigilConfVrrpScript *
vigil_config_find_vrrp_script (const VigilConfig *config, const char *name)
{
  return find_named (config, VIGIL_CONF_INDEX_VRRP_SCRIPT, config->vrrp_scripts,
                     G_STRUCT_OFFSET (VigilConfVrrpScript, name), name);
}

const VigilConfTrackFile *
vigil_config_find_track_file (const VigilConfig *config, const char *name)
{
  return find_named (config, VIGIL_CONF_INDEX_TRACK_FILE, config->track_files,
                     G_STRUCT_OFFSET (VigilConfTrackFile, name), name);
}

const VigilConfTrackProcess *
vigil_config_find_track_process (const VigilConfig *config, const char *name)
{
  return find_named (config, VIGIL_CONF_INDEX_TRACK_PROCESS, config->track_processes,
                     G_STRUCT_OFFSET (VigilConfTrackProcess, name), name);
}

const VigilConfSyncGroup *
vigil_config_find_sync_group (const VigilConfig *config, const char *name)
{
  return find_named (config, VIGIL_CONF_INDEX_SYNC_GROUP, config->sync_groups,
                     G_STRUCT_OFFSET (VigilConfSyncGroup, name), name);
}

const VigilConfVirtualServerGroup *
vigil_config_find_virtual_server_group (const VigilConfig *config, const char *name)
{
  return find_named (config, VIGIL_CONF_INDEX_VS_GROUP, config->virtual_server_groups,
                     G_STRUCT_OFFSET (VigilConfVirtualServerGroup, name), name);
}

/* Build config->index (first definition of each name wins; the validator
 * reports duplicates). */
void
vigil_config_build_index (VigilConfig *config)
{
  static const struct {
    char kind;
    gsize array_offset;
    gsize name_offset;
  } kinds[] = {
    { VIGIL_CONF_INDEX_VRRP_INSTANCE, G_STRUCT_OFFSET (VigilConfig, vrrp_instances),
      G_STRUCT_OFFSET (VigilConfVrrpInstance, name) },
    { VIGIL_CONF_INDEX_VRRP_SCRIPT, G_STRUCT_OFFSET (VigilConfig, vrrp_scripts),
      G_STRUCT_OFFSET (VigilConfVrrpScript, name) },
    { VIGIL_CONF_INDEX_TRACK_FILE, G_STRUCT_OFFSET (VigilConfig, track_files),
      G_STRUCT_OFFSET (VigilConfTrackFile, name) },
    { VIGIL_CONF_INDEX_TRACK_PROCESS, G_STRUCT_OFFSET (VigilConfig, track_processes),
      G_STRUCT_OFFSET (VigilConfTrackProcess, name) },
    { VIGIL_CONF_INDEX_SYNC_GROUP, G_STRUCT_OFFSET (VigilConfig, sync_groups),
      G_STRUCT_OFFSET (VigilConfSyncGroup, name) },
    { VIGIL_CONF_INDEX_VS_GROUP, G_STRUCT_OFFSET (VigilConfig, virtual_server_groups),
      G_STRUCT_OFFSET (VigilConfVirtualServerGroup, name) },
    { VIGIL_CONF_INDEX_TRACK_GROUP, G_STRUCT_OFFSET (VigilConfig, track_groups),
      G_STRUCT_OFFSET (VigilConfTrackGroup, name) },
  };

  g_return_if_fail (config != NULL);
  if (config->index != NULL)
    g_hash_table_unref (config->index);
  config->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *array = G_STRUCT_MEMBER (GPtrArray *, config, kinds[k].array_offset);
      for (guint i = 0; array != NULL && i < array->len; i++)
        {
          gpointer item = g_ptr_array_index (array, i);
          const char *name = G_STRUCT_MEMBER (const char *, item, kinds[k].name_offset);
          char *key;

          if (name == NULL)
            continue;
          key = g_strconcat ((char[]) { kinds[k].kind, '\x1f', '\0' }, name, NULL);
          if (g_hash_table_contains (config->index, key))
            g_free (key);
          else
            g_hash_table_insert (config->index, key, item);
        }
    }
}
