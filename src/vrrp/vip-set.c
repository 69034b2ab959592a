/* vip-set.c - the virtual addresses of one VRRP instance */
#define G_LOG_DOMAIN "vigil-vrrp"

#include "vrrp/vip-set.h"
#include "daemon/log.h"
#include "net/route-set.h"

#include <string.h>

struct _VigilVipSet {
  const VigilConfVrrpInstance *conf;
  VigilVrrpContext *context;
  VigilLinkInfo link;          /* the instance's interface; ifindex 0 = none */
  gboolean taken;
  VigilRouteSet *routes;       /* virtual_routes, virtual_rules */
  guint garp_delay_id;         /* garp_master_delay round */
  guint garp_lower_prio_id;    /* garp_lower_prio_delay round */
  guint garp_refresh_id;       /* garp_master_refresh */
  /* Paced announcements: gratuitous ARPs one per vrrp_garp_interval,
   * unsolicited NAs one per vrrp_gna_interval, each family on its own
   * (as keepalived times them apart); `rounds` passes over the family's
   * addresses. */
  struct VipPacer {
    VigilVipSet *set;
    int family;
    guint id;
    guint rounds;
    guint next;                /* index among the family's addresses */
  } pacers[2];                 /* AF_INET, AF_INET6 */
};

VigilVipSet *
vigil_vip_set_new (const VigilConfVrrpInstance *conf, VigilVrrpContext *context)
{
  VigilVipSet *self = g_new0 (VigilVipSet, 1);

  self->conf = conf;
  self->context = context;
  self->pacers[0] = (struct VipPacer) { .set = self, .family = AF_INET };
  self->pacers[1] = (struct VipPacer) { .set = self, .family = AF_INET6 };
  if (context->objects != NULL)
    {
      self->routes = vigil_route_set_new (conf->name, context->netlink, context->objects);
      vigil_route_set_set_conf (self->routes, conf->virtual_routes, conf->virtual_rules);
    }
  return self;
}

static void
cancel_announcements (VigilVipSet *self)
{
  g_clear_handle_id (&self->garp_delay_id, g_source_remove);
  g_clear_handle_id (&self->garp_lower_prio_id, g_source_remove);
  g_clear_handle_id (&self->garp_refresh_id, g_source_remove);
  for (guint p = 0; p < G_N_ELEMENTS (self->pacers); p++)
    {
      g_clear_handle_id (&self->pacers[p].id, g_source_remove);
      self->pacers[p].rounds = 0;
    }
}

void
vigil_vip_set_free (VigilVipSet *self)
{
  if (self == NULL)
    return;
  vigil_vip_set_release (self);
  cancel_announcements (self);
  g_clear_pointer (&self->routes, vigil_route_set_free);
  g_free (self);
}

void
vigil_vip_set_set_conf (VigilVipSet *self, const VigilConfVrrpInstance *conf)
{
  self->conf = conf;
  /* An instance whose routes changed is restarted (apply.c); here they
   * are equal and the installed ones stay. */
  if (self->routes != NULL)
    vigil_route_set_set_conf (self->routes, conf->virtual_routes, conf->virtual_rules);
}

void
vigil_vip_set_set_link (VigilVipSet *self, const VigilLinkInfo *link)
{
  if (link != NULL)
    self->link = *link;
  else
    memset (&self->link, 0, sizeof self->link);
}

gboolean
vigil_vip_set_is_taken (const VigilVipSet *self)
{
  return self->taken;
}

static int
vip_ifindex (VigilVipSet *self, const VigilConfVip *vip)
{
  VigilLinkInfo info;

  if (vip->dev == NULL || g_strcmp0 (vip->dev, self->conf->interface) == 0)
    return self->link.ifindex;
  if (vigil_netlink_get_link_by_name (self->context->netlink, vip->dev, &info, NULL))
    return info.ifindex;
  return 0;
}

static void
vip_spec (VigilVipSet *self, const VigilConfVip *vip, VigilAddressSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->ifindex = vip_ifindex (self, vip);
  spec->addr = vip->addr;
  spec->prefix_len = vip->prefix_len;
  spec->broadcast = vip->broadcast;
  spec->scope = vip->scope;
  spec->label = vip->label;
  spec->nodad = vip->nodad;
  spec->noprefixroute = vip->noprefixroute;
}

/* The n-th address over vips then vips_excluded, or NULL past the end. */
static const VigilConfVip *
nth_vip (VigilVipSet *self, guint n)
{
  GPtrArray *lists[] = { self->conf->vips, self->conf->vips_excluded };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      guint len = lists[l] != NULL ? lists[l]->len : 0;
      if (n < len)
        return g_ptr_array_index (lists[l], n);
      n -= len;
    }
  return NULL;
}

typedef void (*VipFunc) (VigilVipSet *self, const VigilConfVip *vip);

static void
foreach_vip (VigilVipSet *self, VipFunc func)
{
  const VigilConfVip *vip;

  for (guint n = 0; (vip = nth_vip (self, n)) != NULL; n++)
    func (self, vip);
}

static void
take_vip (VigilVipSet *self, const VigilConfVip *vip)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec;

  vip_spec (self, vip, &spec);
  if (spec.ifindex == 0)
    {
      vigil_instance_warning (self->conf->name,
                              "cannot add a virtual address: interface %s not found",
                              vip->dev != NULL ? vip->dev : self->conf->interface);
      return;
    }
  if (!vigil_address_ledger_add (self->context->ledger, self->context->netlink, &spec, &error))
    vigil_instance_warning (self->conf->name, "%s", error->message);
}

static void
release_vip (VigilVipSet *self, const VigilConfVip *vip)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec;

  vip_spec (self, vip, &spec);
  if (spec.ifindex == 0)
    return;
  if (!vigil_address_ledger_delete (self->context->ledger, self->context->netlink, &spec, &error))
    vigil_instance_warning (self->conf->name, "%s", error->message);
}

static void
announce_vip (VigilVipSet *self, const VigilConfVip *vip)
{
  g_autoptr(GError) error = NULL;
  VigilLinkInfo info;
  int ifindex = vip_ifindex (self, vip);

  if (ifindex == 0)
    return;
  if (ifindex == self->link.ifindex)
    info = self->link;
  else if (!vigil_netlink_get_link_by_index (self->context->netlink, ifindex, &info, NULL))
    return;
  if (info.mac_len != 6)
    return; /* no Ethernet address to announce (e.g. a tunnel) */
  if (!vigil_announcer_send (self->context->announcer, ifindex, info.mac, &vip->addr, &error))
    vigil_instance_debug (self->conf->name, "%s", error->message);
}

typedef struct VipPacer VipPacer;

static gint64
pace_interval (const VipPacer *pacer)
{
  return pacer->family == AF_INET6 ? pacer->set->context->gna_interval
                                   : pacer->set->context->garp_interval;
}

/* The n-th address of the pacer's family, or NULL. */
static const VigilConfVip *
nth_vip_of (const VipPacer *pacer, guint n)
{
  const VigilConfVip *vip;

  for (guint i = 0; (vip = nth_vip (pacer->set, i)) != NULL; i++)
    if (vip->addr.family == pacer->family && n-- == 0)
      return vip;
  return NULL;
}

static gboolean
on_pace (gpointer user_data)
{
  VipPacer *pacer = user_data;
  const VigilConfVip *vip;

  pacer->id = 0;
  if (!pacer->set->taken || pacer->rounds == 0)
    return G_SOURCE_REMOVE;
  vip = nth_vip_of (pacer, pacer->next);
  if (vip == NULL)
    {
      /* End of a pass. */
      pacer->next = 0;
      if (--pacer->rounds == 0 || (vip = nth_vip_of (pacer, 0)) == NULL)
        return G_SOURCE_REMOVE;
    }
  announce_vip (pacer->set, vip);
  pacer->next++;
  pacer->id = g_timeout_add (MAX (1, pace_interval (pacer) / 1000), on_pace, pacer);
  return G_SOURCE_REMOVE;
}

/* Announce every address `repeat` times: for each family at once, or
 * one message per its interval (vrrp_garp_interval for ARP,
 * vrrp_gna_interval for NA) when that is set. */
static void
announce_round (VigilVipSet *self, guint repeat)
{
  repeat = MAX (repeat, 1u);
  for (guint p = 0; p < G_N_ELEMENTS (self->pacers); p++)
    {
      VipPacer *pacer = &self->pacers[p];
      const VigilConfVip *vip;

      if (pace_interval (pacer) <= 0)
        {
          for (guint r = 0; r < repeat; r++)
            for (guint n = 0; (vip = nth_vip_of (pacer, n)) != NULL; n++)
              announce_vip (self, vip);
          continue;
        }
      if (nth_vip_of (pacer, 0) == NULL)
        continue;
      pacer->rounds += repeat;
      if (pacer->id == 0)
        {
          pacer->next = 0;
          on_pace (pacer);
        }
    }
}

static void
take_and_announce_vip (VigilVipSet *self, const VigilConfVip *vip)
{
  take_vip (self, vip);
  announce_vip (self, vip);
}

static gboolean
on_garp_delay (gpointer user_data)
{
  VigilVipSet *self = user_data;

  self->garp_delay_id = 0;
  if (self->taken)
    announce_round (self, self->conf->garp_master_repeat);
  return G_SOURCE_REMOVE;
}

static gboolean
on_garp_refresh (gpointer user_data)
{
  VigilVipSet *self = user_data;

  announce_round (self, self->conf->garp_master_refresh_repeat);
  return G_SOURCE_CONTINUE;
}

/* Without accept mode, the addresses are filtered before they are added
 * (and until after they are removed), as keepalived does. */
static void
claim_filter (VigilVipSet *self)
{
  g_autoptr(GArray) addresses = NULL;
  const VigilConfVip *vip;

  if (self->context->vip_filter == NULL || !vigil_vip_filter_instance_wanted (self->conf))
    return;
  addresses = g_array_new (FALSE, TRUE, sizeof (VigilNftRulesAddress));
  for (guint n = 0; (vip = nth_vip (self, n)) != NULL; n++)
    {
      VigilNftRulesAddress address = { .addr = vip->addr, .ifindex = vip_ifindex (self, vip) };
      VigilLinkInfo info;

      if (address.ifindex == self->link.ifindex)
        g_strlcpy (address.ifname, self->link.name, sizeof address.ifname);
      else if (vigil_netlink_get_link_by_index (self->context->netlink, address.ifindex,
                                                &info, NULL))
        g_strlcpy (address.ifname, info.name, sizeof address.ifname);
      g_array_append_val (addresses, address);
    }
  vigil_vip_filter_claim (self->context->vip_filter, self->conf->name,
                          (const VigilNftRulesAddress *) addresses->data, addresses->len);
}

void
vigil_vip_set_take (VigilVipSet *self)
{
  cancel_announcements (self);
  self->taken = TRUE;
  claim_filter (self);
  if (self->context->garp_interval <= 0 && self->context->gna_interval <= 0)
    {
      /* Announce each address as soon as it is added: the first
       * gratuitous ARP leaves right after the first advert. */
      foreach_vip (self, take_and_announce_vip);
      if (self->conf->garp_master_repeat > 1)
        announce_round (self, self->conf->garp_master_repeat - 1);
    }
  else
    {
      foreach_vip (self, take_vip);
      announce_round (self, self->conf->garp_master_repeat);
    }
  /* keepalived's order: addresses, then routes and rules (which may use
   * the addresses as source). */
  if (self->routes != NULL)
    vigil_route_set_install (self->routes);
  if (self->conf->garp_master_delay > 0)
    self->garp_delay_id = g_timeout_add (self->conf->garp_master_delay / 1000, on_garp_delay, self);
  if (self->conf->garp_master_refresh > 0)
    self->garp_refresh_id = g_timeout_add (self->conf->garp_master_refresh / 1000,
                                           on_garp_refresh, self);
}

void
vigil_vip_set_announce (VigilVipSet *self)
{
  if (self->taken)
    announce_round (self, 1);
}

static gboolean
on_garp_lower_prio (gpointer user_data)
{
  VigilVipSet *self = user_data;

  self->garp_lower_prio_id = 0;
  if (self->taken)
    announce_round (self, self->conf->garp_lower_prio_repeat);
  return G_SOURCE_REMOVE;
}

void
vigil_vip_set_announce_lower_prio (VigilVipSet *self)
{
  if (!self->taken || self->conf->garp_lower_prio_repeat == 0)
    return;
  announce_round (self, self->conf->garp_lower_prio_repeat);
  if (self->conf->garp_lower_prio_delay > 0 && self->garp_lower_prio_id == 0)
    self->garp_lower_prio_id = g_timeout_add (self->conf->garp_lower_prio_delay / 1000,
                                              on_garp_lower_prio, self);
}

void
vigil_vip_set_release (VigilVipSet *self)
{
  cancel_announcements (self);
  if (!self->taken)
    return;
  if (self->routes != NULL)
    vigil_route_set_remove (self->routes);
  foreach_vip (self, release_vip);
  if (self->context->vip_filter != NULL)
    vigil_vip_filter_release (self->context->vip_filter, self->conf->name);
  self->taken = FALSE;
}

void
vigil_vip_set_address_removed (VigilVipSet *self, int ifindex, const VigilInetAddr *addr)
{
  const VigilConfVip *vip;

  if (!self->taken)
    return;
  for (guint n = 0; (vip = nth_vip (self, n)) != NULL; n++)
    {
      char text[VIGIL_INET_ADDR_STRLEN];

      if (!vigil_inet_addr_equal (&vip->addr, addr) || vip_ifindex (self, vip) != ifindex)
        continue;
      if (!vigil_address_ledger_contains (self->context->ledger, ifindex, addr))
        continue; /* we removed it ourselves, or it was never ours */
      /* A stale event: the address is back already (a reload restarted
       * the instance: the old one's removal is reported after the new
       * one added it). Putting it back would delete it again, and the
       * removal that causes would start the same dance over. */
      if (vigil_netlink_has_address (self->context->netlink, ifindex, addr))
        continue;
      vigil_instance_warning (self->conf->name,
                              "virtual address %s was removed by someone else; putting it back",
                              vigil_inet_addr_to_string (addr, text));
      release_vip (self, vip);   /* forget the stale ledger entry */
      take_vip (self, vip);
      announce_vip (self, vip);
      /* The kernel flushed the routes that used it as their source. */
      if (self->routes != NULL)
        vigil_route_set_refresh (self->routes);
    }
}

GStrv
vigil_vip_set_to_strv (const VigilVipSet *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *vips = self->conf->vips;

  for (guint i = 0; vips != NULL && i < vips->len; i++)
    {
      const VigilConfVip *vip = g_ptr_array_index (vips, i);
      char text[VIGIL_INET_ADDR_STRLEN];
      g_autofree char *entry = g_strdup_printf ("%s/%u",
                                                vigil_inet_addr_to_string (&vip->addr, text),
                                                vip->prefix_len);
      g_strv_builder_add (builder, entry);
    }
  return g_strv_builder_end (builder);
}
