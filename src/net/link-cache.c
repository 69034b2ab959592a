/* link-cache.c - links and their addresses as the kernel last reported them */
#define G_LOG_DOMAIN "vigil-net"

#include "net/link-cache.h"

#include <string.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/object.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

struct _VigilLinkCache {
  GHashTable *links;        /* GINT_TO_POINTER (ifindex) → VigilCachedLink */
};

/* What nl_msg_parse() hands each parsed object to. */
typedef struct {
  VigilLinkCache *cache;
  GQueue *events;
} ApplyContext;

static void
cached_link_free (gpointer data)
{
  VigilCachedLink *link = data;

  g_array_unref (link->addresses);
  g_free (link);
}

/**
 * vigil_link_cache_new:
 * An empty cache.
 */
VigilLinkCache *
vigil_link_cache_new (void)
{
  VigilLinkCache *cache = g_new0 (VigilLinkCache, 1);

  cache->links = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                        cached_link_free);
  return cache;
}

/**
 * vigil_link_cache_free:
 * Frees the cache and every link in it.
 */
void
vigil_link_cache_free (VigilLinkCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->links);
  g_free (cache);
}

/**
 * vigil_link_cache_lookup:
 * The link with index `ifindex`, or NULL.
 */
VigilCachedLink *
vigil_link_cache_lookup (VigilLinkCache *cache, int ifindex)
{
  return g_hash_table_lookup (cache->links, GINT_TO_POINTER (ifindex));
}

/**
 * vigil_link_cache_lookup_name:
 * The link called `name`, or NULL.
 */
VigilCachedLink *
vigil_link_cache_lookup_name (VigilLinkCache *cache, const char *name)
{
  GHashTableIter iter;
  VigilCachedLink *link;

  g_hash_table_iter_init (&iter, cache->links);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &link))
    if (strcmp (link->info.name, name) == 0)
      return link;
  return NULL;
}

/**
 * vigil_cached_link_find_address:
 * Index of `addr` in link->addresses (with `prefix_len` unless negative).
 */
int
vigil_cached_link_find_address (const VigilCachedLink *link, const VigilInetAddr *addr,
                                int prefix_len)
{
  for (guint i = 0; i < link->addresses->len; i++)
    {
      const VigilCachedAddress *a = &g_array_index (link->addresses, VigilCachedAddress, i);

      if (vigil_inet_addr_equal (&a->addr, addr)
          && (prefix_len < 0 || a->prefix_len == prefix_len))
        return (int) i;
    }
  return -1;
}

static gboolean
link_info_equal (const VigilLinkInfo *a, const VigilLinkInfo *b)
{
  return a->ifindex == b->ifindex
    && strcmp (a->name, b->name) == 0
    && a->admin_up == b->admin_up
    && a->running == b->running
    && a->mtu == b->mtu
    && a->mac_len == b->mac_len
    && memcmp (a->mac, b->mac, a->mac_len) == 0;
}

static void
queue_event (GQueue *events, VigilLinkEventKind kind, const VigilLinkInfo *link,
             const VigilCachedAddress *address)
{
  VigilLinkEvent *ev;

  if (events == NULL)
    return;
  ev = g_new0 (VigilLinkEvent, 1);
  ev->kind = kind;
  ev->link = *link;
  if (address != NULL)
    ev->address = *address;
  g_queue_push_tail (events, ev);
}

static void
queue_link_gone (GQueue *events, const VigilCachedLink *link)
{
  for (guint i = 0; i < link->addresses->len; i++)
    queue_event (events, VIGIL_LINK_EVENT_ADDRESS_REMOVED, &link->info,
                 &g_array_index (link->addresses, VigilCachedAddress, i));
  queue_event (events, VIGIL_LINK_EVENT_LINK_REMOVED, &link->info, NULL);
}

static void
link_info_from_rtnl (struct rtnl_link *link, VigilLinkInfo *info)
{
  struct nl_addr *lladdr = rtnl_link_get_addr (link);
  const char *name = rtnl_link_get_name (link);
  unsigned int flags = rtnl_link_get_flags (link);

  memset (info, 0, sizeof *info);
  info->ifindex = rtnl_link_get_ifindex (link);
  g_strlcpy (info->name, name != NULL ? name : "", sizeof info->name);
  info->admin_up = (flags & IFF_UP) != 0;
  info->running = info->admin_up && (flags & IFF_RUNNING) != 0;
  info->mtu = rtnl_link_get_mtu (link);
  if (lladdr != NULL && nl_addr_get_len (lladdr) <= sizeof info->mac)
    {
      info->mac_len = nl_addr_get_len (lladdr);
      memcpy (info->mac, nl_addr_get_binary_addr (lladdr), info->mac_len);
    }
}

static void
apply_link (ApplyContext *ctx, struct rtnl_link *link, gboolean removed)
{
  VigilCachedLink *cached;
  VigilLinkInfo info;

  /* Bridges report their ports with AF_BRIDGE messages, including a
   * RTM_DELLINK when a port leaves the bridge: not about the link itself. */
  if (rtnl_link_get_family (link) != AF_UNSPEC)
    return;
  cached = vigil_link_cache_lookup (ctx->cache, rtnl_link_get_ifindex (link));
  if (removed)
    {
      if (cached == NULL)
        return;
      queue_link_gone (ctx->events, cached);
      g_hash_table_remove (ctx->cache->links, GINT_TO_POINTER (cached->info.ifindex));
      return;
    }

  link_info_from_rtnl (link, &info);
  if (cached == NULL)
    {
      cached = g_new0 (VigilCachedLink, 1);
      cached->addresses = g_array_new (FALSE, TRUE, sizeof (VigilCachedAddress));
      cached->info = info;
      g_hash_table_insert (ctx->cache->links, GINT_TO_POINTER (info.ifindex), cached);
      queue_event (ctx->events, VIGIL_LINK_EVENT_LINK_CHANGED, &info, NULL);
    }
  else if (!link_info_equal (&cached->info, &info))
    {
      cached->info = info;
      queue_event (ctx->events, VIGIL_LINK_EVENT_LINK_CHANGED, &info, NULL);
    }
}

static void
apply_address (ApplyContext *ctx, struct rtnl_addr *addr, gboolean removed)
{
  struct nl_addr *local = rtnl_addr_get_local (addr);
  VigilCachedAddress entry = { 0 };

  if (local == NULL)
    return;
  if (rtnl_addr_get_family (addr) == AF_INET && nl_addr_get_len (local) == 4)
    vigil_inet_addr_from_v4 (&entry.addr, nl_addr_get_binary_addr (local));
  else if (rtnl_addr_get_family (addr) == AF_INET6 && nl_addr_get_len (local) == 16)
    vigil_inet_addr_from_v6 (&entry.addr, nl_addr_get_binary_addr (local));
  else
    return;
  entry.prefix_len = rtnl_addr_get_prefixlen (addr);
  entry.scope = rtnl_addr_get_scope (addr);
  entry.flags = rtnl_addr_get_flags (addr);
  vigil_link_cache_note_address (ctx->cache, rtnl_addr_get_ifindex (addr), &entry,
                                 !removed, ctx->events);
}

static void
apply_object (struct nl_object *obj, void *user_data)
{
  ApplyContext *ctx = user_data;

  switch (nl_object_get_msgtype (obj))
    {
    case RTM_NEWLINK:
      apply_link (ctx, (struct rtnl_link *) obj, FALSE);
      break;
    case RTM_DELLINK:
      apply_link (ctx, (struct rtnl_link *) obj, TRUE);
      break;
    case RTM_NEWADDR:
      apply_address (ctx, (struct rtnl_addr *) obj, FALSE);
      break;
    case RTM_DELADDR:
      apply_address (ctx, (struct rtnl_addr *) obj, TRUE);
      break;
    default:
      break;
    }
}

/**
 * vigil_link_cache_apply_message:
 * Applies one rtnetlink link or address message, recording the changes
 * it makes in `events` (unless NULL).
 */
void
vigil_link_cache_apply_message (VigilLinkCache *cache, struct nl_msg *msg, GQueue *events)
{
  ApplyContext ctx = { cache, events };

  nl_msg_parse (msg, apply_object, &ctx);
}

/**
 * vigil_link_cache_note_address:
 * Adds `address` to link `ifindex` or removes it; an address already
 * there gets the new flags and scope and no event.
 */
void
vigil_link_cache_note_address (VigilLinkCache *cache, int ifindex,
                               const VigilCachedAddress *address, gboolean present,
                               GQueue *events)
{
  VigilCachedLink *link = vigil_link_cache_lookup (cache, ifindex);
  int index;

  /* An address of a link not seen yet: the link's own event is queued
   * ahead of it and brings the address in with the next dump or event. */
  if (link == NULL)
    return;
  index = vigil_cached_link_find_address (link, &address->addr, address->prefix_len);
  if (!present)
    {
      if (index < 0)
        return;
      queue_event (events, VIGIL_LINK_EVENT_ADDRESS_REMOVED, &link->info,
                   &g_array_index (link->addresses, VigilCachedAddress, index));
      g_array_remove_index (link->addresses, index);
    }
  else if (index < 0)
    {
      g_array_append_val (link->addresses, *address);
      queue_event (events, VIGIL_LINK_EVENT_ADDRESS_ADDED, &link->info, address);
    }
  else
    {
      /* Flags change (DAD done, promotion to primary): no signal. */
      g_array_index (link->addresses, VigilCachedAddress, index) = *address;
    }
}

/**
 * vigil_link_cache_diff:
 * Records in `events` what changed from `old` to `fresh`: links gone (with
 * their addresses), links new or changed, addresses gone and new.
 */
void
vigil_link_cache_diff (VigilLinkCache *old, VigilLinkCache *fresh, GQueue *events)
{
  GHashTableIter iter;
  VigilCachedLink *o, *n;

  g_hash_table_iter_init (&iter, old->links);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    if (vigil_link_cache_lookup (fresh, o->info.ifindex) == NULL)
      queue_link_gone (events, o);

  g_hash_table_iter_init (&iter, fresh->links);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &n))
    {
      o = vigil_link_cache_lookup (old, n->info.ifindex);
      if (o == NULL || !link_info_equal (&o->info, &n->info))
        queue_event (events, VIGIL_LINK_EVENT_LINK_CHANGED, &n->info, NULL);
      for (guint i = 0; o != NULL && i < o->addresses->len; i++)
        {
          const VigilCachedAddress *a = &g_array_index (o->addresses, VigilCachedAddress, i);
          if (vigil_cached_link_find_address (n, &a->addr, a->prefix_len) < 0)
            queue_event (events, VIGIL_LINK_EVENT_ADDRESS_REMOVED, &n->info, a);
        }
      for (guint i = 0; i < n->addresses->len; i++)
        {
          const VigilCachedAddress *a = &g_array_index (n->addresses, VigilCachedAddress, i);
          if (o == NULL || vigil_cached_link_find_address (o, &a->addr, a->prefix_len) < 0)
            queue_event (events, VIGIL_LINK_EVENT_ADDRESS_ADDED, &n->info, a);
        }
    }
}
