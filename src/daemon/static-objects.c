/* static-objects.c - static_ipaddress, static_routes and static_rules
 * (see static-objects.h) */
#define G_LOG_DOMAIN "vigil"

#include "daemon/static-objects.h"
#include "i18n.h"
#include "net/route-set.h"

#include <string.h>

#define OWNER "static_routes"

/* A static address as added: what identifies it in the kernel. */
typedef struct {
  int ifindex;
  VigilInetAddr addr;
  guint8 prefix_len;
} StaticAddress;

struct _VigilStaticObjects {
  VigilNetlink *netlink;
  VigilAddressLedger *addresses;
  VigilRouteSet *routes;
  GArray *added;              /* StaticAddress held now */
};

VigilStaticObjects *
vigil_static_objects_new (VigilNetlink *netlink, VigilAddressLedger *addresses,
                          VigilObjectLedger *objects)
{
  VigilStaticObjects *self;

  g_return_val_if_fail (VIGIL_IS_NETLINK (netlink) && addresses != NULL && objects != NULL, NULL);
  self = g_new0 (VigilStaticObjects, 1);
  self->netlink = netlink;
  self->addresses = addresses;
  self->routes = vigil_route_set_new (OWNER, netlink, objects);
  self->added = g_array_new (FALSE, TRUE, sizeof (StaticAddress));
  return self;
}

void
vigil_static_objects_free (VigilStaticObjects *self)
{
  if (self == NULL)
    return;
  vigil_route_set_free (self->routes);
  g_array_unref (self->added);
  g_free (self);
}

static void
describe (const StaticAddress *a, char *buf, gsize len)
{
  char text[VIGIL_INET_ADDR_STRLEN];

  g_snprintf (buf, len, "%s/%u", vigil_inet_addr_to_string (&a->addr, text), a->prefix_len);
}

static gboolean
same_address (const StaticAddress *a, const StaticAddress *b)
{
  return a->ifindex == b->ifindex && a->prefix_len == b->prefix_len
    && vigil_inet_addr_equal (&a->addr, &b->addr);
}

/* The spec for `vip`, or FALSE (logged) if its interface is missing. */
static gboolean
vip_spec (VigilStaticObjects *self, const VigilConfig *config, const VigilConfVip *vip,
          VigilAddressSpec *spec)
{
  const char *dev = vip->dev != NULL ? vip->dev : config->global.default_interface;
  char text[VIGIL_INET_ADDR_STRLEN];
  VigilLinkInfo link;

  vigil_inet_addr_to_string (&vip->addr, text);
  if (dev == NULL)
    {
      g_warning (_("static_ipaddress %s/%u not added: no 'dev' and no default_interface"),
                 text, vip->prefix_len);
      return FALSE;
    }
  if (!vigil_netlink_get_link_by_name (self->netlink, dev, &link, NULL))
    {
      g_warning (_("static_ipaddress %s/%u not added: interface %s does not exist"),
                 text, vip->prefix_len, dev);
      return FALSE;
    }
  memset (spec, 0, sizeof *spec);
  spec->ifindex = link.ifindex;
  spec->addr = vip->addr;
  spec->prefix_len = vip->prefix_len;
  spec->broadcast = vip->broadcast;
  spec->scope = vip->scope;
  spec->label = vip->label;
  spec->nodad = vip->nodad;
  spec->noprefixroute = vip->noprefixroute;
  return TRUE;
}

static void
delete_address (VigilStaticObjects *self, guint index)
{
  const StaticAddress *a = &g_array_index (self->added, StaticAddress, index);
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec = { .ifindex = a->ifindex, .addr = a->addr, .prefix_len = a->prefix_len };
  char what[VIGIL_INET_ADDR_STRLEN + 8];

  describe (a, what, sizeof what);
  if (!vigil_address_ledger_delete (self->addresses, self->netlink, &spec, &error))
    g_warning (_("cannot remove static_ipaddress %s: %s"), what, error->message);
  g_array_remove_index (self->added, index);
}

static void
apply_addresses (VigilStaticObjects *self, const VigilConfig *config)
{
  g_autoptr(GArray) specs = g_array_new (FALSE, TRUE, sizeof (VigilAddressSpec));

  for (guint i = 0; i < config->static_addresses->len; i++)
    {
      VigilAddressSpec spec;
      if (vip_spec (self, config, g_ptr_array_index (config->static_addresses, i), &spec))
        g_array_append_val (specs, spec);
    }
  /* Gone from the config (or moved): remove. */
  for (guint i = self->added->len; i > 0; i--)
    {
      const StaticAddress *a = &g_array_index (self->added, StaticAddress, i - 1);
      gboolean wanted = FALSE;

      for (guint s = 0; s < specs->len && !wanted; s++)
        {
          const VigilAddressSpec *spec = &g_array_index (specs, VigilAddressSpec, s);
          StaticAddress b = { spec->ifindex, spec->addr, spec->prefix_len };
          wanted = same_address (a, &b);
        }
      if (!wanted)
        delete_address (self, i - 1);
    }
  /* New: add. */
  for (guint s = 0; s < specs->len; s++)
    {
      const VigilAddressSpec *spec = &g_array_index (specs, VigilAddressSpec, s);
      StaticAddress b = { spec->ifindex, spec->addr, spec->prefix_len };
      g_autoptr(GError) error = NULL;
      gboolean present = FALSE;

      for (guint i = 0; i < self->added->len && !present; i++)
        present = same_address (&g_array_index (self->added, StaticAddress, i), &b);
      if (present)
        continue;
      if (!vigil_address_ledger_add (self->addresses, self->netlink, spec, &error))
        {
          g_warning (_("cannot add static_ipaddress: %s"), error->message);
          continue;
        }
      g_array_append_val (self->added, b);
    }
}

void
vigil_static_objects_apply (VigilStaticObjects *self, const VigilConfig *config)
{
  g_return_if_fail (self != NULL && config != NULL);
  /* Addresses first: static routes may use them as source or gateway. */
  apply_addresses (self, config);
  vigil_route_set_set_conf (self->routes, config->static_routes, config->static_rules);
  vigil_route_set_install (self->routes);
}

void
vigil_static_objects_remove (VigilStaticObjects *self)
{
  g_return_if_fail (self != NULL);
  vigil_route_set_remove (self->routes);
  for (guint i = self->added->len; i > 0; i--)
    delete_address (self, i - 1);
}
