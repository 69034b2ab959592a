/* validate.c - checks that need the whole config: references, duplicates,
 * families, ranges that depend on other settings, the host's interfaces
 *
 * Every lookup goes through a hash table, so a config of thousands of
 * instances and servers validates in linear time.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <string.h>

typedef struct {
  VigilConfig *config;
  VigilDiagList *diags;
  VigilConfInterfaceExistsFunc interface_exists;
  gpointer user_data;
  GHashTable *interfaces_checked;   /* name → GINT_TO_POINTER (exists + 1) */
} Validator;

static const char *
family_name (int family)
{
  return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* A missing interface is a warning, reported once per name. */
static void
check_interface (Validator *v, const char *name, const VigilSourceLoc *loc, const char *what)
{
  gpointer known;

  if (name == NULL || v->interface_exists == NULL)
    return;
  known = g_hash_table_lookup (v->interfaces_checked, name);
  if (known == NULL)
    {
      gboolean exists = v->interface_exists (name, v->user_data);
      g_hash_table_insert (v->interfaces_checked, (gpointer) name, GINT_TO_POINTER (exists + 1));
      if (!exists)
        vigil_diag_warning (v->diags, loc, _("interface '%s' (%s) does not exist"), name, what);
    }
}

/* Report the second definition of a name, with a note at the first. */
static void
check_unique_names (Validator *v, GPtrArray *items, gsize name_offset, gsize loc_offset,
                    const char *what)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);
      const char *name = G_STRUCT_MEMBER (const char *, item, name_offset);
      const VigilSourceLoc *loc = &G_STRUCT_MEMBER (VigilSourceLoc, item, loc_offset);
      gpointer first = g_hash_table_lookup (seen, name);

      if (first == NULL)
        {
          g_hash_table_insert (seen, (gpointer) name, item);
          continue;
        }
      vigil_diag_error (v->diags, loc, _("%s '%s' is defined twice"), what, name);
      vigil_diag_note (v->diags, &G_STRUCT_MEMBER (VigilSourceLoc, first, loc_offset),
                       _("first definition of '%s' is here"), name);
    }
}

static void
report_unknown_name (Validator *v, const VigilSourceLoc *loc, const char *what, const char *name,
                     GPtrArray *defined, gsize name_offset)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  VigilDiag *diag = vigil_diag_error (v->diags, loc, _("unknown %s '%s'"), what, name);
  const char *suggestion;

  for (guint i = 0; i < defined->len; i++)
    g_ptr_array_add (names, G_STRUCT_MEMBER (char *, g_ptr_array_index (defined, i), name_offset));
  g_ptr_array_add (names, NULL);
  suggestion = vigil_diag_suggest (name, (const char *const *) names->pdata);
  if (suggestion != NULL)
    vigil_diag_set_hint (diag, _("did you mean '%s'?"), suggestion);
}

/* ---- VRRP ---- */

static void
check_track_refs (Validator *v, const char *owner, GPtrArray *refs, char kind, const char *what,
                  GPtrArray *defined, gsize name_offset, gboolean weights_ignored,
                  gboolean owner_priority)
{
  for (guint i = 0; i < refs->len; i++)
    {
      VigilConfTrackRef *ref = g_ptr_array_index (refs, i);

      if (kind == 0)
        check_interface (v, ref->name, &ref->loc, "track_interface");
      else if (vigil_config_lookup (v->config, kind, ref->name) == NULL)
        report_unknown_name (v, &ref->loc, what, ref->name, defined, name_offset);
      if (ref->weight_given && ref->weight != 0 && weights_ignored)
        vigil_diag_warning (v->diags, &ref->loc,
                            _("(%s) weight of '%s' is ignored: the instance is in a sync group "
                              "without sync_group_tracking_weight"), owner, ref->name);
      else if (ref->weight_given && ref->weight != 0 && owner_priority)
        vigil_diag_warning (v->diags, &ref->loc,
                            _("(%s) weight of '%s' is ignored: priority 255 (address owner) "
                              "cannot change"), owner, ref->name);
    }
}

static void
check_vip_list (Validator *v, VigilConfVrrpInstance *vi, GPtrArray *vips, gboolean same_family)
{
  for (guint i = 0; i < vips->len; i++)
    {
      VigilConfVip *vip = g_ptr_array_index (vips, i);

      if (same_family && vip->addr.family != vi->family)
        vigil_diag_error (v->diags, &vip->loc,
                          _("(%s) %s virtual_ipaddress in an %s instance; put addresses of the "
                            "other family in virtual_ipaddress_excluded"),
                          vi->name, family_name (vip->addr.family), family_name (vi->family));
      check_interface (v, vip->dev, &vip->loc, "dev");
    }
}

static void
check_vrrp_addresses (Validator *v, VigilConfVrrpInstance *vi)
{
  VigilInetAddr *src = vigil_inet_addr_is_set (&vi->unicast_src_ip) ? &vi->unicast_src_ip
                                                                     : &vi->mcast_src_ip;
  char buf[VIGIL_INET_ADDR_STRLEN];

  check_vip_list (v, vi, vi->vips, TRUE);
  check_vip_list (v, vi, vi->vips_excluded, FALSE);
  if (vigil_inet_addr_is_set (src) && src->family != vi->family)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) source address %s is not %s like the instance"),
                      vi->name, vigil_inet_addr_to_string (src, buf), family_name (vi->family));
  for (guint i = 0; i < vi->unicast_peer_info->len; i++)
    {
      VigilConfUnicastPeer *peer = g_ptr_array_index (vi->unicast_peer_info, i);

      if (peer->addr.family != vi->family)
        vigil_diag_error (v->diags, &peer->loc,
                          _("(%s) unicast_peer %s is %s but the instance is %s"), vi->name,
                          vigil_inet_addr_to_string (&peer->addr, buf),
                          family_name (peer->addr.family), family_name (vi->family));
      if (peer->min_ttl >= 0 && peer->max_ttl >= 0 && peer->min_ttl > peer->max_ttl)
        vigil_diag_error (v->diags, &peer->loc, _("(%s) unicast_peer min_ttl %d is above "
                                                  "max_ttl %d"), vi->name, peer->min_ttl,
                          peer->max_ttl);
    }
  if (vigil_inet_addr_is_set (&vi->mcast_dst_ip)
      && (vi->mcast_dst_ip.family != vi->family
          || !vigil_inet_addr_is_multicast (&vi->mcast_dst_ip)))
    vigil_diag_error (v->diags, &vi->loc, _("(%s) mcast_dst_ip %s is not an %s multicast address"),
                      vi->name, vigil_inet_addr_to_string (&vi->mcast_dst_ip, buf),
                      family_name (vi->family));
  if (vi->family == AF_INET6 && vi->vips->len > 0)
    {
      VigilConfVip *first = g_ptr_array_index (vi->vips, 0);
      if (!vigil_inet_addr_is_link_local (&first->addr))
        {
          if (vi->strict_mode)
            vigil_diag_error (v->diags, &first->loc,
                              _("(%s) strict mode: the first IPv6 virtual_ipaddress must be "
                                "link-local (RFC 5798)"), vi->name);
        }
    }
}

static void
check_advert_int (Validator *v, VigilConfVrrpInstance *vi)
{
  const VigilSourceLoc *loc = vi->advert_int_loc.file != NULL ? &vi->advert_int_loc : &vi->loc;

  if (vi->version == 2 && (vi->advert_int % VIGIL_USEC_PER_SEC != 0
                           || vi->advert_int < VIGIL_USEC_PER_SEC))
    vigil_diag_error (v->diags, loc,
                      _("(%s) advert_int %g is not valid for VRRPv2: expected whole seconds "
                        "from 1 to 255"), vi->name, vi->advert_int / 1e6);
  else if (vi->version == 3 && (vi->advert_int % 10000 != 0
                                || vi->advert_int > 40950000))
    vigil_diag_error (v->diags, loc,
                      _("(%s) advert_int %g is not valid for VRRPv3: expected 0.01 to 40.95 "
                        "seconds in steps of 0.01"), vi->name, vi->advert_int / 1e6);
}

static void
check_strict (Validator *v, VigilConfVrrpInstance *vi)
{
  if (!vi->strict_mode)
    return;
  if (vi->vips->len == 0)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) strict mode needs a virtual_ipaddress"),
                      vi->name);
  if (vi->unicast_peers->len > 0)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) strict mode does not allow unicast_peer"),
                      vi->name);
  if (vi->auth_type != VIGIL_CONF_AUTH_NONE)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) strict mode does not allow authentication"),
                      vi->name);
  if (vi->preempt_delay > 0)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) strict mode does not allow preempt_delay"),
                      vi->name);
  if (vi->initial_state == VIGIL_CONF_VRRP_STATE_MASTER && vi->priority != 255)
    vigil_diag_error (v->diags, &vi->loc,
                      _("(%s) strict mode allows state MASTER only with priority 255"), vi->name);
  if (vi->vmac_xmit_base)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) strict mode does not allow vmac_xmit_base"),
                      vi->name);
}

/* Two instances with the same VRID, family and interface fight, unless
 * they use different multicast groups or disjoint unicast peers. */
typedef struct {
  const char *interface;
  int family;
  guint vrid;
  gboolean unicast;
  VigilInetAddr addr;        /* the peer, or the multicast group (or unset) */
} VridKey;

static guint
vrid_key_hash (gconstpointer data)
{
  const VridKey *key = data;
  guint hash = g_str_hash (key->interface) ^ (key->vrid * 31u) ^ (guint) key->family;

  for (gsize i = 0; i < vigil_inet_addr_len (&key->addr); i++)
    hash = hash * 33u + key->addr.u.bytes[i];
  return hash ^ (guint) key->unicast;
}

static gboolean
vrid_key_equal (gconstpointer a, gconstpointer b)
{
  const VridKey *x = a, *y = b;

  return x->vrid == y->vrid && x->family == y->family && x->unicast == y->unicast
    && strcmp (x->interface, y->interface) == 0 && vigil_inet_addr_equal (&x->addr, &y->addr);
}

static void
check_vrids (Validator *v)
{
  GPtrArray *instances = v->config->vrrp_instances;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (vrid_key_hash, vrid_key_equal, g_free, NULL);

  for (guint i = 0; i < instances->len; i++)
    {
      VigilConfVrrpInstance *vi = g_ptr_array_index (instances, i);
      guint n_keys = MAX (1, vi->unicast_peers->len);
      g_autofree VridKey *keys = g_new0 (VridKey, n_keys);
      VigilConfVrrpInstance *clash = NULL;

      if (vi->vrid == 0)
        continue;
      for (guint k = 0; k < n_keys; k++)
        {
          keys[k].interface = vi->interface != NULL ? vi->interface : "";
          keys[k].family = vi->family;
          keys[k].vrid = vi->vrid;
          keys[k].unicast = vi->unicast_peers->len > 0;
          keys[k].addr = keys[k].unicast
            ? *(VigilInetAddr *) g_ptr_array_index (vi->unicast_peers, k) : vi->mcast_dst_ip;
          if (clash == NULL)
            clash = g_hash_table_lookup (seen, &keys[k]);
        }
      if (clash != NULL)
        {
          const VigilSourceLoc *loc = vi->vrid_loc.file != NULL ? &vi->vrid_loc : &vi->loc;
          const VigilSourceLoc *first = clash->vrid_loc.file != NULL ? &clash->vrid_loc
                                                                     : &clash->loc;
          vigil_diag_error (v->diags, loc,
                            _("(%s) virtual_router_id %u is already used by '%s' on interface "
                              "'%s' for %s"), vi->name, vi->vrid, clash->name,
                            vi->interface ? vi->interface : "", family_name (vi->family));
          vigil_diag_note (v->diags, first, _("'%s' uses virtual_router_id %u here"),
                           clash->name, clash->vrid);
          continue;
        }
      for (guint k = 0; k < n_keys; k++)
        g_hash_table_insert (seen, g_memdup2 (&keys[k], sizeof keys[k]), vi);
    }
}

static void
check_vrrp_instance (Validator *v, VigilConfVrrpInstance *vi, gboolean in_group_without_weights)
{
  VigilConfig *config = v->config;

  if (vi->vrid == 0)
    vigil_diag_error (v->diags, &vi->loc, _("(%s) virtual_router_id is not set"), vi->name);
  if (vi->interface == NULL && vi->unicast_peers->len == 0)
    vigil_diag_error (v->diags, &vi->loc,
                      _("(%s) 'interface' is not set (it may only be left out with "
                        "unicast_peer)"), vi->name);
  check_interface (v, vi->interface, vi->interface_loc.file != NULL ? &vi->interface_loc : &vi->loc,
                   "interface");
  if (vi->vips->len == 0 && !vi->strict_mode)
    vigil_diag_warning (v->diags, &vi->loc, _("(%s) no virtual_ipaddress; at least one is "
                                              "sensible"), vi->name);
  check_vrrp_addresses (v, vi);
  check_advert_int (v, vi);
  check_strict (v, vi);
  if (vi->auth_type != VIGIL_CONF_AUTH_NONE && vi->version == 3 && !vi->strict_mode)
    vigil_diag_warning (v->diags, &vi->loc,
                        _("(%s) VRRPv3 has no authentication; 'authentication' is ignored"),
                        vi->name);
  if (vi->auth_type == VIGIL_CONF_AUTH_PASS && vi->auth_pass[0] == '\0')
    vigil_diag_error (v->diags, &vi->loc, _("(%s) auth_type PASS needs an auth_pass"), vi->name);
  if (!vi->preempt && vi->initial_state == VIGIL_CONF_VRRP_STATE_MASTER)
    vigil_diag_warning (v->diags, &vi->loc,
                        _("(%s) nopreempt has no effect with state MASTER"), vi->name);
  if (vi->vmac_xmit_base && !vi->use_vmac)
    vigil_diag_warning (v->diags, &vi->loc, _("(%s) vmac_xmit_base has no effect without use_vmac"),
                        vi->name);
  if (vi->native_ipv6 && vi->family == AF_INET)
    vigil_diag_warning (v->diags, &vi->loc,
                        _("(%s) native_ipv6 is ignored: the virtual addresses are IPv4"),
                        vi->name);
  if (vi->use_vmac && vi->unicast_peers->len > 0 && !vi->vmac_xmit_base)
    vigil_diag_warning (v->diags, &vi->loc,
                        _("(%s) use_vmac with unicast_peer needs vmac_xmit_base"), vi->name);
  check_track_refs (v, vi->name, vi->track_interfaces, 0, NULL, NULL, 0,
                    in_group_without_weights, vi->priority == 255);
  check_track_refs (v, vi->name, vi->track_scripts, VIGIL_CONF_INDEX_VRRP_SCRIPT, "track_script",
                    config->vrrp_scripts, G_STRUCT_OFFSET (VigilConfVrrpScript, name),
                    in_group_without_weights, vi->priority == 255);
  check_track_refs (v, vi->name, vi->track_files, VIGIL_CONF_INDEX_TRACK_FILE, "track_file",
                    config->track_files, G_STRUCT_OFFSET (VigilConfTrackFile, name),
                    in_group_without_weights, vi->priority == 255);
  check_track_refs (v, vi->name, vi->track_processes, VIGIL_CONF_INDEX_TRACK_PROCESS,
                    "track_process", config->track_processes,
                    G_STRUCT_OFFSET (VigilConfTrackProcess, name), in_group_without_weights,
                    vi->priority == 255);
  for (guint i = 0; i < vi->virtual_routes->len; i++)
    {
      VigilConfRoute *route = g_ptr_array_index (vi->virtual_routes, i);
      check_interface (v, route->dev, &route->loc, "dev");
    }
}

/* Sync group members exist and are in one group only; fills
 * VigilConfVrrpInstance.sync_group. */
static void
check_sync_groups (Validator *v, GHashTable *member_of)
{
  VigilConfig *config = v->config;
  g_autoptr(GHashTable) member_loc = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint g = 0; g < config->sync_groups->len; g++)
    {
      VigilConfSyncGroup *group = g_ptr_array_index (config->sync_groups, g);

      if (group->members->len == 0)
        vigil_diag_error (v->diags, &group->loc, _("vrrp_sync_group '%s' has no members "
                                                   "(list them in 'group { }')"), group->name);
      else if (group->members->len == 1)
        vigil_diag_warning (v->diags, &group->loc,
                            _("vrrp_sync_group '%s' has only one member"), group->name);
      for (guint m = 0; m < group->members->len; m++)
        {
          const char *name = g_ptr_array_index (group->members, m);
          const VigilSourceLoc *loc = &g_array_index (group->member_locs, VigilSourceLoc, m);
          VigilConfVrrpInstance *vi =
            (VigilConfVrrpInstance *) vigil_config_find_vrrp_instance (config, name);
          VigilConfSyncGroup *other;

          if (vi == NULL)
            {
              report_unknown_name (v, loc, "vrrp_instance", name, config->vrrp_instances,
                                   G_STRUCT_OFFSET (VigilConfVrrpInstance, name));
              continue;
            }
          other = g_hash_table_lookup (member_of, vi);
          if (other != NULL)
            {
              vigil_diag_error (v->diags, loc,
                                _("vrrp_instance '%s' is already a member of vrrp_sync_group '%s'"),
                                name, other->name);
              vigil_diag_note (v->diags, g_hash_table_lookup (member_loc, vi),
                               _("'%s' joins '%s' here"), name, other->name);
              continue;
            }
          g_hash_table_insert (member_of, vi, group);
          g_hash_table_insert (member_loc, vi, (gpointer) loc);
          g_free (vi->sync_group);
          vi->sync_group = g_strdup (group->name);
        }
      check_track_refs (v, group->name, group->track_interfaces, 0, NULL, NULL, 0, FALSE, FALSE);
      check_track_refs (v, group->name, group->track_scripts, VIGIL_CONF_INDEX_VRRP_SCRIPT,
                        "track_script", config->vrrp_scripts,
                        G_STRUCT_OFFSET (VigilConfVrrpScript, name), FALSE, FALSE);
      check_track_refs (v, group->name, group->track_files, VIGIL_CONF_INDEX_TRACK_FILE,
                        "track_file", config->track_files,
                        G_STRUCT_OFFSET (VigilConfTrackFile, name), FALSE, FALSE);
      check_track_refs (v, group->name, group->track_processes, VIGIL_CONF_INDEX_TRACK_PROCESS,
                        "track_process", config->track_processes,
                        G_STRUCT_OFFSET (VigilConfTrackProcess, name), FALSE, FALSE);
    }
}

static void
check_track_groups (Validator *v)
{
  VigilConfig *config = v->config;

  for (guint g = 0; g < config->track_groups->len; g++)
    {
      VigilConfTrackGroup *group = g_ptr_array_index (config->track_groups, g);

      for (guint m = 0; m < group->members->len; m++)
        if (vigil_config_find_vrrp_instance (config, g_ptr_array_index (group->members, m)) == NULL)
          report_unknown_name (v, &g_array_index (group->member_locs, VigilSourceLoc, m),
                               "vrrp_instance", g_ptr_array_index (group->members, m),
                               config->vrrp_instances,
                               G_STRUCT_OFFSET (VigilConfVrrpInstance, name));
    }
}

static void
check_static (Validator *v)
{
  VigilConfig *config = v->config;
  GPtrArray *lists[] = { config->static_addresses, config->static_routes, config->static_rules };

  for (guint i = 0; i < config->static_addresses->len; i++)
    {
      VigilConfVip *vip = g_ptr_array_index (config->static_addresses, i);
      check_interface (v, vip->dev != NULL ? vip->dev : config->global.default_interface,
                       &vip->loc, "dev");
    }
  for (guint i = 0; i < config->static_routes->len; i++)
    {
      VigilConfRoute *route = g_ptr_array_index (config->static_routes, i);
      check_interface (v, route->dev, &route->loc, "dev");
    }
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        gpointer item = g_ptr_array_index (lists[l], i);
        const char *group = l == 0 ? ((VigilConfVip *) item)->track_group
                          : l == 1 ? ((VigilConfRoute *) item)->track_group
                          : ((VigilConfRule *) item)->track_group;
        const VigilSourceLoc *loc = l == 0 ? &((VigilConfVip *) item)->loc
                                  : l == 1 ? &((VigilConfRoute *) item)->loc
                                  : &((VigilConfRule *) item)->loc;
        if (group != NULL
            && vigil_config_lookup (config, VIGIL_CONF_INDEX_TRACK_GROUP, group) == NULL)
          report_unknown_name (v, loc, "track_group", group, config->track_groups,
                               G_STRUCT_OFFSET (VigilConfTrackGroup, name));
      }
  for (guint g = 0; g < config->garp_groups->len; g++)
    {
      VigilConfGarpGroup *group = g_ptr_array_index (config->garp_groups, g);
      for (guint i = 0; i < group->interfaces->len; i++)
        check_interface (v, g_ptr_array_index (group->interfaces, i), &group->loc, "garp_group");
    }
}

void vigil_conf_validate_virtual_servers (VigilConfig *config, VigilDiagList *diags);

void
vigil_conf_validate (VigilConfig *config, VigilConfInterfaceExistsFunc interface_exists,
                     gpointer user_data, VigilDiagList *diags)
{
  Validator v = { config, diags, interface_exists, user_data, NULL };
  g_autoptr(GHashTable) member_of = g_hash_table_new (NULL, NULL);

  g_return_if_fail (config != NULL && config->index != NULL);
  v.interfaces_checked = g_hash_table_new (g_str_hash, g_str_equal);
#define UNIQUE(array, type, what) \
  check_unique_names (&v, config->array, G_STRUCT_OFFSET (type, name), \
                      G_STRUCT_OFFSET (type, loc), what)
  UNIQUE (vrrp_instances, VigilConfVrrpInstance, "vrrp_instance");
  UNIQUE (vrrp_scripts, VigilConfVrrpScript, "vrrp_script");
  UNIQUE (track_files, VigilConfTrackFile, "track_file");
  UNIQUE (track_processes, VigilConfTrackProcess, "vrrp_track_process");
  UNIQUE (sync_groups, VigilConfSyncGroup, "vrrp_sync_group");
  UNIQUE (track_groups, VigilConfTrackGroup, "track_group");
  UNIQUE (virtual_server_groups, VigilConfVirtualServerGroup, "virtual_server_group");
#undef UNIQUE

  check_sync_groups (&v, member_of);
  for (guint i = 0; i < config->vrrp_instances->len; i++)
    {
      VigilConfVrrpInstance *vi = g_ptr_array_index (config->vrrp_instances, i);
      VigilConfSyncGroup *group = g_hash_table_lookup (member_of, vi);

      check_vrrp_instance (&v, vi, group != NULL && !group->sync_group_tracking_weight);
    }
  check_vrids (&v);
  check_track_groups (&v);
  check_static (&v);
  vigil_conf_validate_virtual_servers (config, diags);
  g_hash_table_unref (v.interfaces_checked);
}
