/* vmac.c - the macvlan interface of a VRRP instance with use_vmac
 * (see vmac.h)
 *
 * Ledger records:
 *   vmac NAME BASE MAC            a macvlan vigil created
 *   arp BASE IGNORE FILTER        BASE's arp_ignore / arp_filter before
 *                                 vigil set them to 1
 */
#define G_LOG_DOMAIN "vigil-net"

#include "net/vmac.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet.h>
#include <netlink/route/link/inet6.h>
#include <netlink/route/link/macvlan.h>

typedef struct rtnl_link VigilRtnlLink;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRtnlLink, rtnl_link_put)

struct _VigilVmac {
  char *owner;
  VigilNetlink *netlink;
  VigilObjectLedger *ledger;
  VigilVmacSpec spec;
  char *record;              /* our "vmac ..." record; NULL: not created by us */
  gboolean configured;       /* sysctls and addresses done for this link */
  int ifindex;               /* of the configured link */
};

/* ---- pure ------------------------------------------------------------- */

void
vigil_vmac_default_mac (int family, guint8 vrid, guint8 out[6])
{
  const guint8 prefix[4] = { 0x00, 0x00, 0x5e, 0x00 };

  memcpy (out, prefix, 4);
  out[4] = family == AF_INET6 ? 0x02 : 0x01;
  out[5] = vrid;
}

gboolean
vigil_vmac_spec_from_conf (const VigilConfVrrpInstance *conf, const char *prefix,
                           VigilVmacSpec *out, GError **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (conf != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  name = conf->vmac_name != NULL ? g_strdup (conf->vmac_name)
                                 : g_strdup_printf ("%s.%u", prefix != NULL ? prefix : "vrrp",
                                                    conf->vrid);
  if (strlen (name) >= sizeof out->name || conf->interface == NULL
      || strlen (conf->interface) >= sizeof out->base)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "vmac name %s is longer than an interface name may be", name);
      return FALSE;
    }
  g_strlcpy (out->name, name, sizeof out->name);
  g_strlcpy (out->base, conf->interface, sizeof out->base);
  out->family = conf->family;
  vigil_vmac_default_mac (conf->family, conf->vrid, out->mac);
  if (conf->vmac_mac_len >= 5)
    memcpy (out->mac, conf->vmac_mac, conf->vmac_mac_len);   /* 5: VRID stays last */
  out->xmit_base = conf->vmac_xmit_base;
  for (guint i = 0; conf->family == AF_INET && conf->vips_excluded != NULL
       && i < conf->vips_excluded->len; i++)
    if (((VigilConfVip *) g_ptr_array_index (conf->vips_excluded, i))->addr.family == AF_INET6)
      out->keep_ipv6 = TRUE;
  return TRUE;
}

char *
vigil_vmac_spec_to_record (const VigilVmacSpec *spec)
{
  const guint8 *m = spec->mac;

  return g_strdup_printf ("vmac %s %s %02x:%02x:%02x:%02x:%02x:%02x", spec->name, spec->base,
                          m[0], m[1], m[2], m[3], m[4], m[5]);
}

gboolean
vigil_vmac_spec_from_record (const char *record, VigilVmacSpec *out)
{
  char name[32], base[32];
  unsigned int m[6];
  char tail;

  memset (out, 0, sizeof *out);
  if (sscanf (record, "vmac %31s %31s %2x:%2x:%2x:%2x:%2x:%2x %c", name, base,
              &m[0], &m[1], &m[2], &m[3], &m[4], &m[5], &tail) != 8
      || strlen (name) >= sizeof out->name || strlen (base) >= sizeof out->base)
    return FALSE;
  g_strlcpy (out->name, name, sizeof out->name);
  g_strlcpy (out->base, base, sizeof out->base);
  for (int i = 0; i < 6; i++)
    out->mac[i] = (guint8) m[i];
  return TRUE;
}

/* ---- the kernel -------------------------------------------------------- */

static struct nl_sock *
sock (VigilNetlink *netlink)
{
  return vigil_netlink_get_request_socket (netlink);
}

static VigilRtnlLink *
get_link (VigilNetlink *netlink, const char *name)
{
  struct rtnl_link *link = NULL;

  if (rtnl_link_get_kernel (sock (netlink), 0, name, &link) < 0)
    return NULL;
  return link;
}

static gboolean
link_mac_is (struct rtnl_link *link, const guint8 mac[6])
{
  struct nl_addr *addr = rtnl_link_get_addr (link);

  return addr != NULL && nl_addr_get_len (addr) == 6
    && memcmp (nl_addr_get_binary_addr (addr), mac, 6) == 0;
}

static int
set_inet_conf (VigilNetlink *netlink, struct rtnl_link *orig, const int *ids,
               const guint32 *values, gsize n)
{
  g_autoptr(VigilRtnlLink) change = rtnl_link_alloc ();
  int err = 0;

  if (change == NULL)
    return -NLE_NOMEM;
  for (gsize i = 0; i < n && err == 0; i++)
    err = rtnl_link_inet_set_conf (change, (unsigned int) ids[i], values[i]);
  if (err == 0)
    err = rtnl_link_change (sock (netlink), orig, change, 0);
  return err;
}

/* /proc/sys/net/ipv6/conf/NAME/disable_ipv6: netlink cannot set it. A
 * kernel without IPv6 has no such file, and nothing to turn off. */
static void
disable_ipv6 (const char *owner, const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/sys/net/ipv6/conf/%s/disable_ipv6", name);
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    {
      if (errno != ENOENT)
        g_warning (_("%s: cannot turn IPv6 off on %s: %s"), owner, name, g_strerror (errno));
      return;
    }
  if (write (fd, "1", 1) != 1)
    g_warning (_("%s: cannot turn IPv6 off on %s: %s"), owner, name, g_strerror (errno));
  close (fd);
}

static char *
arp_record_prefix (const char *base)
{
  return g_strdup_printf ("arp %s ", base);
}

/* This run's "arp BASE ..." record, or NULL. */
static char *
find_arp_record (VigilObjectLedger *ledger, const char *base, gboolean previous)
{
  g_auto(GStrv) records = previous ? vigil_object_ledger_get_previous (ledger, "arp")
                                   : vigil_object_ledger_get_current (ledger, "arp");
  g_autofree char *prefix = arp_record_prefix (base);

  for (guint i = 0; records[i] != NULL; i++)
    if (g_str_has_prefix (records[i], prefix))
      return g_strdup (records[i]);
  return NULL;
}

/* keepalived's settings on the base: it must not answer ARP for the
 * addresses on its vmacs. The old values are kept for the last vmac's
 * removal. */
static void
configure_base (VigilVmac *self, int base_ifindex)
{
  static const int ids[] = { IPV4_DEVCONF_ARP_IGNORE, IPV4_DEVCONF_ARPFILTER };
  static const guint32 ones[] = { 1, 1 };
  g_autoptr(VigilRtnlLink) base = NULL;
  g_autofree char *existing = find_arp_record (self->ledger, self->spec.base, FALSE);
  g_autofree char *record = NULL;
  guint32 ignore = 0, filter = 0;
  int err;

  if (existing != NULL)
    return;
  if (rtnl_link_get_kernel (sock (self->netlink), base_ifindex, NULL, &base) < 0
      || rtnl_link_inet_get_conf (base, IPV4_DEVCONF_ARP_IGNORE, &ignore) < 0
      || rtnl_link_inet_get_conf (base, IPV4_DEVCONF_ARPFILTER, &filter) < 0)
    {
      g_warning (_("%s: cannot read arp_ignore/arp_filter of %s"), self->owner, self->spec.base);
      return;
    }
  if (ignore == 1 && filter == 1)
    return;
  err = set_inet_conf (self->netlink, base, ids, ones, G_N_ELEMENTS (ids));
  if (err < 0)
    {
      g_warning (_("%s: cannot set arp_ignore and arp_filter on %s: %s"), self->owner,
                 self->spec.base, nl_geterror (err));
      return;
    }
  record = g_strdup_printf ("arp %s %u %u", self->spec.base, ignore, filter);
  vigil_object_ledger_add (self->ledger, record);
}

static void
restore_base (VigilNetlink *netlink, VigilObjectLedger *ledger, const char *record,
              gboolean previous)
{
  static const int ids[] = { IPV4_DEVCONF_ARP_IGNORE, IPV4_DEVCONF_ARPFILTER };
  char base_name[32];
  guint32 values[2];
  g_autoptr(VigilRtnlLink) base = NULL;

  if (sscanf (record, "arp %31s %u %u", base_name, &values[0], &values[1]) == 3
      && (base = get_link (netlink, base_name)) != NULL)
    {
      int err = set_inet_conf (netlink, base, ids, values, G_N_ELEMENTS (ids));
      if (err < 0)
        g_warning (_("cannot restore arp_ignore and arp_filter of %s: %s"), base_name,
                   nl_geterror (err));
      else
        g_debug ("restored arp_ignore=%u arp_filter=%u on %s", values[0], values[1], base_name);
    }
  if (previous)
    vigil_object_ledger_drop_previous (ledger, record);
  else
    vigil_object_ledger_remove (ledger, record);
}

/* Whether another vmac (of this run, or of `previous` records) sits on
 * `base`. */
static gboolean
base_has_vmacs (VigilObjectLedger *ledger, const char *base, gboolean previous)
{
  g_auto(GStrv) records = previous ? vigil_object_ledger_get_previous (ledger, "vmac")
                                   : vigil_object_ledger_get_current (ledger, "vmac");

  for (guint i = 0; records[i] != NULL; i++)
    {
      VigilVmacSpec other;
      if (vigil_vmac_spec_from_record (records[i], &other) && strcmp (other.base, base) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
create (VigilVmac *self, int base_ifindex, GError **error)
{
  g_autoptr(VigilRtnlLink) link = rtnl_link_macvlan_alloc ();
  struct nl_addr *mac;
  int err;

  if (link == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "out of memory");
      return FALSE;
    }
  mac = nl_addr_build (AF_LLC, self->spec.mac, 6);
  rtnl_link_set_name (link, self->spec.name);
  rtnl_link_set_link (link, base_ifindex);
  rtnl_link_set_addr (link, mac);
  nl_addr_put (mac);
  /* Private: frames from the same MAC (the master's adverts, sent with
   * the virtual MAC) are delivered to this vmac, not to the base. */
  rtnl_link_macvlan_set_mode (link, MACVLAN_MODE_PRIVATE);
  err = rtnl_link_add (sock (self->netlink), link, NLM_F_CREATE | NLM_F_EXCL);
  if (err < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot create %s on %s: %s",
                   self->spec.name, self->spec.base, nl_geterror (err));
      return FALSE;
    }
  self->record = vigil_vmac_spec_to_record (&self->spec);
  vigil_object_ledger_add (self->ledger, self->record);
  g_message (_("%s: created vmac %s on %s"), self->owner, self->spec.name, self->spec.base);
  return TRUE;
}

/* What keepalived sets up on a new vmac before bringing it up. */
static void
configure (VigilVmac *self, struct rtnl_link *link, int base_ifindex)
{
  gboolean ipv6 = self->spec.family == AF_INET6 || self->spec.keep_ipv6;

  static const int ids[] = { IPV4_DEVCONF_ARP_IGNORE, IPV4_DEVCONF_ACCEPT_LOCAL,
                             IPV4_DEVCONF_RP_FILTER, IPV4_DEVCONF_PROMOTE_SECONDARIES };
  static const guint32 values[] = { 1, 1, 0, 1 };
  /* On IPv6 vmacs too, unlike keepalived 2.2.7: with arp_ignore 0 an IPv6
   * instance's vmac answers ARP for the host's IPv4 addresses with the
   * virtual MAC, on the backup as on the master. */
  int err = set_inet_conf (self->netlink, link, ids, values, G_N_ELEMENTS (ids));

  if (err < 0)
    g_warning (_("%s: cannot set the IPv4 settings of %s: %s"), self->owner,
               self->spec.name, nl_geterror (err));
  if (self->spec.family == AF_INET)
    {
      configure_base (self, base_ifindex);
      if (!ipv6)
        disable_ipv6 (self->owner, self->spec.name);
    }
  if (ipv6)
    {
      /* RFC 5798 7.4: no link-local address made from the virtual MAC. */
      g_autoptr(VigilRtnlLink) change = rtnl_link_alloc ();
      err = change == NULL ? -NLE_NOMEM
                           : rtnl_link_inet6_set_addr_gen_mode (change, IN6_ADDR_GEN_MODE_NONE);
      if (err == 0)
        err = rtnl_link_change (sock (self->netlink), link, change, 0);
      if (err < 0)
        g_warning (_("%s: cannot stop %s generating an IPv6 link-local address: %s"),
                   self->owner, self->spec.name, nl_geterror (err));
    }
}

/* Adverts of an IPv6 instance leave the vmac from the base's link-local
 * address, which the vmac therefore carries too. */
static void
add_link_local (VigilVmac *self, int base_ifindex, int ifindex)
{
  g_autoptr(GError) error = NULL;
  VigilAddressSpec spec = { .ifindex = ifindex, .prefix_len = 64, .nodad = TRUE };

  if (self->spec.family != AF_INET6 || self->spec.xmit_base)
    return;
  if (!vigil_netlink_get_primary_address (self->netlink, base_ifindex, AF_INET6, &spec.addr))
    return;   /* none yet: the instance waits in FAULT and tries again */
  if (vigil_netlink_has_address (self->netlink, ifindex, &spec.addr))
    return;
  if (!vigil_netlink_address_add (self->netlink, &spec, NULL, &error))
    g_warning ("%s: %s", self->owner, error->message);
}

static gboolean
bring_up (VigilVmac *self, struct rtnl_link *link, GError **error)
{
  g_autoptr(VigilRtnlLink) change = NULL;
  int err;

  if ((rtnl_link_get_flags (link) & IFF_UP) != 0)
    return TRUE;
  change = rtnl_link_alloc ();
  if (change == NULL)
    err = -NLE_NOMEM;
  else
    {
      rtnl_link_set_flags (change, IFF_UP);
      err = rtnl_link_change (sock (self->netlink), link, change, 0);
    }
  if (err < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot bring %s up: %s",
                   self->spec.name, nl_geterror (err));
      return FALSE;
    }
  return TRUE;
}

VigilVmac *
vigil_vmac_new (const char *owner, VigilNetlink *netlink, VigilObjectLedger *ledger,
                const VigilVmacSpec *spec)
{
  VigilVmac *self;

  g_return_val_if_fail (owner != NULL && VIGIL_IS_NETLINK (netlink) && ledger != NULL
                        && spec != NULL, NULL);
  self = g_new0 (VigilVmac, 1);
  self->owner = g_strdup (owner);
  self->netlink = netlink;
  self->ledger = ledger;
  self->spec = *spec;
  return self;
}

void
vigil_vmac_free (VigilVmac *self)
{
  if (self == NULL)
    return;
  g_free (self->record);
  g_free (self->owner);
  g_free (self);
}

const VigilVmacSpec *
vigil_vmac_get_spec (VigilVmac *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->spec;
}

int
vigil_vmac_get_ifindex (VigilVmac *self)
{
  VigilLinkInfo info;

  g_return_val_if_fail (self != NULL, 0);
  return vigil_netlink_get_link_by_name (self->netlink, self->spec.name, &info, NULL)
           ? info.ifindex : 0;
}

gboolean
vigil_vmac_ensure (VigilVmac *self, VigilLinkInfo *out, GError **error)
{
  g_autoptr(VigilRtnlLink) link = NULL;
  VigilLinkInfo base, info;

  g_return_val_if_fail (self != NULL && out != NULL, FALSE);
  if (!vigil_netlink_get_link_by_name (self->netlink, self->spec.base, &base, error))
    return FALSE;

  /* Everything in place already (the common case: a link event). */
  if (self->configured
      && vigil_netlink_get_link_by_name (self->netlink, self->spec.name, &info, NULL)
      && info.ifindex == self->ifindex && info.admin_up)
    {
      add_link_local (self, base.ifindex, info.ifindex);
      *out = info;
      return TRUE;
    }

  link = get_link (self->netlink, self->spec.name);
  if (link != NULL && (rtnl_link_get_link (link) != base.ifindex
                       || !link_mac_is (link, self->spec.mac)))
    {
      int err;

      /* Never delete a real interface that happens to have the name. */
      if (!rtnl_link_is_macvlan (link))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       "interface %s exists and is not a macvlan", self->spec.name);
          return FALSE;
        }
      g_message (_("%s: removing macvlan %s: it has another MAC address or base interface"),
                 self->owner, self->spec.name);
      err = rtnl_link_delete (sock (self->netlink), link);
      if (err < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot remove %s: %s",
                       self->spec.name, nl_geterror (err));
          return FALSE;
        }
      g_clear_pointer (&link, rtnl_link_put);
    }
  if (link == NULL)
    {
      /* Gone behind our back: forget the old record before a new one. */
      if (self->record != NULL)
        {
          vigil_object_ledger_remove (self->ledger, self->record);
          g_clear_pointer (&self->record, g_free);
        }
      self->configured = FALSE;
      if (!create (self, base.ifindex, error))
        return FALSE;
      link = get_link (self->netlink, self->spec.name);
      if (link == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "%s vanished right after it was created", self->spec.name);
          return FALSE;
        }
    }
  if (!self->configured || rtnl_link_get_ifindex (link) != self->ifindex)
    {
      configure (self, link, base.ifindex);
      self->ifindex = rtnl_link_get_ifindex (link);
      self->configured = TRUE;
    }
  if (!bring_up (self, link, error))
    return FALSE;
  add_link_local (self, base.ifindex, self->ifindex);
  return vigil_netlink_get_link_by_index (self->netlink, self->ifindex, out, error);
}

void
vigil_vmac_remove (VigilVmac *self)
{
  g_autoptr(VigilRtnlLink) link = NULL;
  g_autofree char *arp = NULL;

  g_return_if_fail (self != NULL);
  self->configured = FALSE;
  if (self->record == NULL)
    return;   /* not created by vigil: it stays */
  vigil_object_ledger_remove (self->ledger, self->record);
  g_clear_pointer (&self->record, g_free);
  if (!base_has_vmacs (self->ledger, self->spec.base, FALSE)
      && (arp = find_arp_record (self->ledger, self->spec.base, FALSE)) != NULL)
    restore_base (self->netlink, self->ledger, arp, FALSE);
  link = get_link (self->netlink, self->spec.name);
  if (link != NULL && rtnl_link_is_macvlan (link) && link_mac_is (link, self->spec.mac))
    {
      int err = rtnl_link_delete (sock (self->netlink), link);
      if (err < 0 && err != -NLE_NODEV && err != -NLE_OBJ_NOTFOUND)
        {
          g_warning (_("%s: cannot remove vmac %s: %s"), self->owner, self->spec.name,
                     nl_geterror (err));
          /* keep it recorded for the next start */
          self->record = vigil_vmac_spec_to_record (&self->spec);
          vigil_object_ledger_add (self->ledger, self->record);
          g_clear_pointer (&self->record, g_free);
          return;
        }
      g_message (_("%s: removed vmac %s"), self->owner, self->spec.name);
    }
}

guint
vigil_vmac_recover (VigilObjectLedger *ledger, VigilNetlink *netlink)
{
  g_auto(GStrv) vmacs = NULL;
  g_auto(GStrv) arps = NULL;
  guint removed = 0;

  g_return_val_if_fail (ledger != NULL && VIGIL_IS_NETLINK (netlink), 0);
  vmacs = vigil_object_ledger_get_previous (ledger, "vmac");
  for (guint i = 0; vmacs[i] != NULL; i++)
    {
      g_autoptr(VigilRtnlLink) link = NULL;
      VigilVmacSpec spec;

      if (!vigil_vmac_spec_from_record (vmacs[i], &spec))
        g_warning (_("ignoring malformed vmac record in the object ledger"));
      else if ((link = get_link (netlink, spec.name)) == NULL)
        g_debug ("vmac %s left by a previous run is already gone", spec.name);
      else if (!rtnl_link_is_macvlan (link) || !link_mac_is (link, spec.mac))
        g_message (_("%s is no longer the vmac a previous run created; leaving it"), spec.name);
      else
        {
          int err = rtnl_link_delete (vigil_netlink_get_request_socket (netlink), link);
          if (err < 0)
            g_warning (_("cannot remove vmac %s left by a previous run: %s"), spec.name,
                       nl_geterror (err));
          else
            {
              g_message (_("removed vmac %s left by a previous run"), spec.name);
              removed++;
            }
        }
      vigil_object_ledger_drop_previous (ledger, vmacs[i]);
    }
  arps = vigil_object_ledger_get_previous (ledger, "arp");
  for (guint i = 0; arps[i] != NULL; i++)
    restore_base (netlink, ledger, arps[i], TRUE);
  return removed;
}
