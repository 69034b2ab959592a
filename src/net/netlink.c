/* netlink.c - links and addresses through libnl-route, events as a GSource
 *
 * Two libnl sockets. The request socket is blocking: address changes wait
 * for the kernel's ACK and dumps for NLMSG_DONE, both of which the kernel
 * answers at once. The event socket is non-blocking and subscribed to the
 * link and address groups; a GSource on the thread-default main context
 * reads it.
 *
 * Links and their addresses are kept in a cache built from a dump at start
 * and kept current by the events. Lookups first read whatever events are
 * already queued on the event socket, so they see every change the kernel
 * has acknowledged (our own included: the kernel queues the notification
 * before it sends the ACK). The signals for those events are queued and
 * emitted from the GSource, never from inside a lookup or a request.
 *
 * If the event socket overflows (ENOBUFS) events were lost: the cache is
 * rebuilt from a fresh dump and the difference is signalled.
 */
#define G_LOG_DOMAIN "vigil-net"

#include "net/netlink.h"
#include "net/link-cache.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/socket.h>
#include <netlink/route/addr.h>
#include <netlink/route/rtnl.h>

/* Event socket receive buffer asked for at start (SO_RCVBUFFORCE when
 * privileged, else SO_RCVBUF capped by net.core.rmem_max). */
#define EVENT_RCVBUF_DEFAULT (1 << 20)
/* A dump that the kernel flags as interrupted is retried this often. */
#define DUMP_ATTEMPTS 5

typedef struct rtnl_addr VigilRtnlAddr;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRtnlAddr, rtnl_addr_put)

typedef struct {
  GSource source;
  VigilNetlink *netlink;    /* not owned: the netlink object owns us */
  gpointer fd_tag;
} EventSource;

struct _VigilNetlink {
  GObject parent_instance;

  struct nl_sock *request_sock;
  struct nl_sock *event_sock;
  struct nl_cb *event_cb;
  VigilLinkCache *cache;
  GQueue pending;           /* VigilLinkEvent, oldest first */
  GSource *event_source;
  guint resync_count;
};

enum {
  SIGNAL_LINK_CHANGED,
  SIGNAL_LINK_REMOVED,
  SIGNAL_ADDRESS_ADDED,
  SIGNAL_ADDRESS_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilNetlink, vigil_netlink, G_TYPE_OBJECT)

/* ---- the cache, from dumps and events ------------------------------------ */

static int
on_dump_message (struct nl_msg *msg, void *user_data)
{
  vigil_link_cache_apply_message (user_data, msg, NULL);
  return NL_OK;
}

static int
on_event_message (struct nl_msg *msg, void *user_data)
{
  VigilNetlink *self = user_data;

  vigil_link_cache_apply_message (self->cache, msg, &self->pending);
  return NL_OK;
}

/* A fresh cache from RTM_GETLINK and RTM_GETADDR dumps. */
static VigilLinkCache *
dump_links (VigilNetlink *self, GError **error)
{
  static const int requests[] = { RTM_GETLINK, RTM_GETADDR };
  int err = 0;

  for (int attempt = 0; attempt < DUMP_ATTEMPTS; attempt++)
    {
      g_autoptr(VigilLinkCache) cache = vigil_link_cache_new ();
      struct nl_cb *cb = nl_cb_alloc (NL_CB_DEFAULT);

      if (cb == NULL)
        {
          err = -NLE_NOMEM;
          break;
        }
      nl_cb_set (cb, NL_CB_VALID, NL_CB_CUSTOM, on_dump_message, cache);
      for (gsize i = 0; i < G_N_ELEMENTS (requests); i++)
        {
          err = nl_rtgen_request (self->request_sock, requests[i], AF_UNSPEC, NLM_F_DUMP);
          if (err >= 0)
            err = nl_recvmsgs (self->request_sock, cb);
          if (err < 0)
            break;
        }
      nl_cb_put (cb);
      if (err >= 0)
        return g_steal_pointer (&cache);
      if (err != -NLE_DUMP_INTR)
        break;
      g_debug ("link/address dump interrupted by a change; retrying");
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "cannot read links and addresses from the kernel: %s",
               nl_geterror (err));
  return NULL;
}

static void
resync (VigilNetlink *self)
{
  g_autoptr(GError) error = NULL;
  VigilLinkCache *fresh = dump_links (self, &error);

  if (fresh == NULL)
    {
      g_warning ("cannot resynchronise links and addresses after lost netlink events: %s",
                 error->message);
      return;
    }
  vigil_link_cache_diff (self->cache, fresh, &self->pending);
  vigil_link_cache_free (self->cache);
  self->cache = fresh;
  self->resync_count++;
}

/* Read every event already queued on the event socket into the cache,
 * queueing their signals. */
static void
read_events (VigilNetlink *self)
{
  gboolean resynced = FALSE;

  for (;;)
    {
      int n = nl_recvmsgs_report (self->event_sock, self->event_cb);

      if (n > 0)
        continue;
      /* Nothing more queued: 0, or NLE_AGAIN from newer libnl. */
      if (n == 0 || n == -NLE_AGAIN)
        break;
      /* libnl reports the socket's ENOBUFS as NLE_NOMEM. */
      if (n == -NLE_NOMEM && !resynced)
        {
          g_warning ("netlink event socket overrun (ENOBUFS): link and address "
                     "events were lost; resynchronising from a dump");
          resync (self);
          resynced = TRUE;
          continue;
        }
      g_warning ("cannot read netlink events: %s", nl_geterror (n));
      break;
    }
}

static void
emit_pending (VigilNetlink *self)
{
  VigilLinkEvent *next;

  while ((next = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_autofree VigilLinkEvent *ev = next;
      char text[VIGIL_INET_ADDR_STRLEN];

      switch (ev->kind)
        {
        case VIGIL_LINK_EVENT_LINK_CHANGED:
          g_debug ("link %s (%d) is %s%s", ev->link.name, ev->link.ifindex,
                   ev->link.admin_up ? "up" : "down",
                   ev->link.running ? ", running" : "");
          g_signal_emit (self, signals[SIGNAL_LINK_CHANGED], 0, ev->link.ifindex,
                         ev->link.name, ev->link.running);
          break;
        case VIGIL_LINK_EVENT_LINK_REMOVED:
          g_debug ("link %s (%d) removed", ev->link.name, ev->link.ifindex);
          g_signal_emit (self, signals[SIGNAL_LINK_REMOVED], 0, ev->link.ifindex,
                         ev->link.name);
          break;
        case VIGIL_LINK_EVENT_ADDRESS_ADDED:
          g_debug ("address %s/%u added on %s",
                   vigil_inet_addr_to_string (&ev->address.addr, text),
                   ev->address.prefix_len, ev->link.name);
          g_signal_emit (self, signals[SIGNAL_ADDRESS_ADDED], 0, ev->link.ifindex,
                         &ev->address.addr, (guint) ev->address.prefix_len);
          break;
        case VIGIL_LINK_EVENT_ADDRESS_REMOVED:
          g_debug ("address %s/%u removed from %s",
                   vigil_inet_addr_to_string (&ev->address.addr, text),
                   ev->address.prefix_len, ev->link.name);
          g_signal_emit (self, signals[SIGNAL_ADDRESS_REMOVED], 0, ev->link.ifindex,
                         &ev->address.addr, (guint) ev->address.prefix_len);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* ---- the event GSource -------------------------------------------------- */

static gboolean
event_source_prepare (GSource *source, gint *timeout)
{
  EventSource *es = (EventSource *) source;

  *timeout = -1;
  return !g_queue_is_empty (&es->netlink->pending);
}

static gboolean
event_source_check (GSource *source)
{
  EventSource *es = (EventSource *) source;

  return !g_queue_is_empty (&es->netlink->pending)
    || g_source_query_unix_fd (source, es->fd_tag) != 0;
}

static gboolean
event_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  g_autoptr(VigilNetlink) self = g_object_ref (((EventSource *) source)->netlink);

  read_events (self);
  emit_pending (self);
  return G_SOURCE_CONTINUE;
}

static const GSourceFuncs event_source_funcs = {
  .prepare = event_source_prepare,
  .check = event_source_check,
  .dispatch = event_source_dispatch,
};

/* ---- the object --------------------------------------------------------- */

static void
vigil_netlink_dispose (GObject *object)
{
  VigilNetlink *self = VIGIL_NETLINK (object);

  if (self->event_source != NULL)
    {
      g_source_destroy (self->event_source);
      g_clear_pointer (&self->event_source, g_source_unref);
    }
  G_OBJECT_CLASS (vigil_netlink_parent_class)->dispose (object);
}

static void
vigil_netlink_finalize (GObject *object)
{
  VigilNetlink *self = VIGIL_NETLINK (object);

  g_queue_clear_full (&self->pending, g_free);
  g_clear_pointer (&self->cache, vigil_link_cache_free);
  g_clear_pointer (&self->event_cb, nl_cb_put);
  g_clear_pointer (&self->event_sock, nl_socket_free);
  g_clear_pointer (&self->request_sock, nl_socket_free);
  G_OBJECT_CLASS (vigil_netlink_parent_class)->finalize (object);
}

static void
vigil_netlink_class_init (VigilNetlinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_netlink_dispose;
  object_class->finalize = vigil_netlink_finalize;

  signals[SIGNAL_LINK_CHANGED] =
    g_signal_new ("link-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE,
                  3, G_TYPE_INT, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[SIGNAL_LINK_REMOVED] =
    g_signal_new ("link-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE,
                  2, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_ADDRESS_ADDED] =
    g_signal_new ("address-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE,
                  3, G_TYPE_INT, G_TYPE_POINTER, G_TYPE_UINT);
  signals[SIGNAL_ADDRESS_REMOVED] =
    g_signal_new ("address-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE,
                  3, G_TYPE_INT, G_TYPE_POINTER, G_TYPE_UINT);
}

static void
vigil_netlink_init (VigilNetlink *self)
{
  g_queue_init (&self->pending);
}

static gboolean
open_sockets (VigilNetlink *self, GError **error)
{
  int err;

  self->request_sock = nl_socket_alloc ();
  self->event_sock = nl_socket_alloc ();
  if (self->request_sock == NULL || self->event_sock == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot allocate a netlink socket");
      return FALSE;
    }
  nl_socket_enable_msg_peek (self->request_sock);
  nl_socket_enable_msg_peek (self->event_sock);
  nl_socket_disable_seq_check (self->event_sock);
  nl_socket_modify_cb (self->event_sock, NL_CB_VALID, NL_CB_CUSTOM, on_event_message, self);
  self->event_cb = nl_socket_get_cb (self->event_sock);

  if ((err = nl_connect (self->request_sock, NETLINK_ROUTE)) < 0
      || (err = nl_connect (self->event_sock, NETLINK_ROUTE)) < 0
      || (err = nl_socket_add_memberships (self->event_sock, RTNLGRP_LINK,
                                           RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
                                           0)) < 0
      || (err = nl_socket_set_nonblocking (self->event_sock)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot open a netlink route socket: %s", nl_geterror (err));
      return FALSE;
    }
  if (!vigil_netlink_set_receive_buffer (self, EVENT_RCVBUF_DEFAULT, TRUE, NULL))
    vigil_netlink_set_receive_buffer (self, EVENT_RCVBUF_DEFAULT, FALSE, NULL);
  return TRUE;
}

/**
 * vigil_netlink_new:
 * Opens the request and event sockets, reads every link and address, and
 * attaches the event source to the thread-default main context.
 */
VigilNetlink *
vigil_netlink_new (GError **error)
{
  g_autoptr(VigilNetlink) self = g_object_new (VIGIL_TYPE_NETLINK, NULL);
  EventSource *es;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Subscribe before dumping: a change between the two is then seen as an
   * event after the dump, and replaying it is harmless. */
  if (!open_sockets (self, error))
    return NULL;
  self->cache = dump_links (self, error);
  if (self->cache == NULL)
    return NULL;

  self->event_source = g_source_new ((GSourceFuncs *) &event_source_funcs,
                                     sizeof (EventSource));
  es = (EventSource *) self->event_source;
  es->netlink = self;
  es->fd_tag = g_source_add_unix_fd (self->event_source,
                                     nl_socket_get_fd (self->event_sock),
                                     G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_static_name (self->event_source, "vigil netlink events");
  g_source_attach (self->event_source, g_main_context_get_thread_default ());
  return g_steal_pointer (&self);
}

/**
 * vigil_netlink_set_receive_buffer:
 * Sizes the event socket's receive buffer (keepalived's
 * vrrp_netlink_monitor_rcv_bufs); `force` uses SO_RCVBUFFORCE, which needs
 * CAP_NET_ADMIN but is not capped by net.core.rmem_max.
 */
gboolean
vigil_netlink_set_receive_buffer (VigilNetlink *self, int bytes, gboolean force,
                                  GError **error)
{
  int fd;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (bytes > 0, FALSE);

  fd = nl_socket_get_fd (self->event_sock);
  if (setsockopt (fd, SOL_SOCKET, force ? SO_RCVBUFFORCE : SO_RCVBUF,
                  &bytes, sizeof bytes) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot set the netlink event buffer to %d bytes: %s",
                   bytes, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * vigil_netlink_get_resync_count:
 * How often lost events (ENOBUFS) forced a resynchronisation from a dump.
 */
guint
vigil_netlink_get_resync_count (VigilNetlink *self)
{
  g_return_val_if_fail (VIGIL_IS_NETLINK (self), 0);
  return self->resync_count;
}

/**
 * vigil_netlink_get_request_socket:
 * The request socket (see netlink.h); owned by `self`.
 */
struct nl_sock *
vigil_netlink_get_request_socket (VigilNetlink *self)
{
  g_return_val_if_fail (VIGIL_IS_NETLINK (self), NULL);
  return self->request_sock;
}

/* ---- lookups ------------------------------------------------------------ */

/**
 * vigil_netlink_get_link_by_name:
 * Fills `out` with the link called `name`; G_IO_ERROR_NOT_FOUND if none.
 */
gboolean
vigil_netlink_get_link_by_name (VigilNetlink *self, const char *name,
                                VigilLinkInfo *out, GError **error)
{
  VigilCachedLink *link;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (name != NULL && out != NULL, FALSE);

  read_events (self);
  link = vigil_link_cache_lookup_name (self->cache, name);
  if (link != NULL)
    {
      *out = link->info;
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "interface %s does not exist", name);
  return FALSE;
}

/**
 * vigil_netlink_get_link_by_index:
 * Fills `out` with the link `ifindex`; G_IO_ERROR_NOT_FOUND if none.
 */
gboolean
vigil_netlink_get_link_by_index (VigilNetlink *self, int ifindex,
                                 VigilLinkInfo *out, GError **error)
{
  VigilCachedLink *link;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  read_events (self);
  link = vigil_link_cache_lookup (self->cache, ifindex);
  if (link == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no interface has index %d", ifindex);
      return FALSE;
    }
  *out = link->info;
  return TRUE;
}

/**
 * vigil_netlink_get_primary_address:
 * AF_INET: the first address that is not secondary. AF_INET6: the
 * link-local address, preferring one whose DAD has completed and never
 * one whose DAD failed.
 */
gboolean
vigil_netlink_get_primary_address (VigilNetlink *self, int ifindex, int family,
                                   VigilInetAddr *out)
{
  const VigilCachedAddress *tentative = NULL;
  VigilCachedLink *link;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  read_events (self);
  link = vigil_link_cache_lookup (self->cache, ifindex);
  if (link == NULL)
    return FALSE;
  for (guint i = 0; i < link->addresses->len; i++)
    {
      const VigilCachedAddress *a = &g_array_index (link->addresses, VigilCachedAddress, i);

      if (a->addr.family != family)
        continue;
      if (family == AF_INET && (a->flags & IFA_F_SECONDARY) != 0)
        continue;
      if (family == AF_INET6)
        {
          if (!IN6_IS_ADDR_LINKLOCAL (&a->addr.u.v6) || (a->flags & IFA_F_DADFAILED) != 0)
            continue;
          if ((a->flags & IFA_F_TENTATIVE) != 0)
            {
              if (tentative == NULL)
                tentative = a;
              continue;
            }
        }
      *out = a->addr;
      return TRUE;
    }
  if (tentative != NULL)
    {
      *out = tentative->addr;
      return TRUE;
    }
  return FALSE;
}

/**
 * vigil_netlink_has_address:
 * Whether `addr`, with any prefix length, is on link `ifindex` now.
 */
gboolean
vigil_netlink_has_address (VigilNetlink *self, int ifindex, const VigilInetAddr *addr)
{
  VigilCachedLink *link;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (addr != NULL, FALSE);

  read_events (self);
  link = vigil_link_cache_lookup (self->cache, ifindex);
  return link != NULL && vigil_cached_link_find_address (link, addr, -1) >= 0;
}

/* ---- requests ----------------------------------------------------------- */

static GIOErrorEnum
io_error_from_nl (int err)
{
  switch (err < 0 ? -err : err)
    {
    case NLE_PERM:
    case NLE_NOACCESS:
      return G_IO_ERROR_PERMISSION_DENIED;
    case NLE_NODEV:
    case NLE_OBJ_NOTFOUND:
    case NLE_NOADDR:
      return G_IO_ERROR_NOT_FOUND;
    case NLE_EXIST:
      return G_IO_ERROR_EXISTS;
    case NLE_INVAL:
    case NLE_RANGE:
      return G_IO_ERROR_INVALID_ARGUMENT;
    case NLE_OPNOTSUPP:
    case NLE_AF_NOSUPPORT:
      return G_IO_ERROR_NOT_SUPPORTED;
    case NLE_BUSY:
      return G_IO_ERROR_BUSY;
    default:
      return G_IO_ERROR_FAILED;
    }
}

/* "192.0.2.10/24" and "eth0" (or "ifindex 7" for an unknown link). */
static void
describe_spec (VigilNetlink *self, const VigilAddressSpec *spec,
               char *what, gsize what_len, char *where, gsize where_len)
{
  char text[VIGIL_INET_ADDR_STRLEN];
  VigilCachedLink *link = vigil_link_cache_lookup (self->cache, spec->ifindex);

  g_snprintf (what, what_len, "%s/%u",
              vigil_inet_addr_to_string (&spec->addr, text), spec->prefix_len);
  if (link != NULL)
    g_strlcpy (where, link->info.name, where_len);
  else
    g_snprintf (where, where_len, "ifindex %d", spec->ifindex);
}

static gboolean
check_spec (const VigilAddressSpec *spec, const char *verb, const char *what,
            const char *where, GError **error)
{
  gsize bits = vigil_inet_addr_len (&spec->addr) * 8;

  if (bits == 0 || spec->prefix_len > bits)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "cannot %s %s %s %s: invalid address or prefix length",
                   verb, what, verb[0] == 'a' ? "to" : "from", where);
      return FALSE;
    }
  return TRUE;
}

/* The request object: ifindex and local address with its prefix; for an
 * add, the attributes too. */
static int
build_request (const VigilAddressSpec *spec, gboolean for_add, struct rtnl_addr **out)
{
  g_autoptr(VigilRtnlAddr) req = rtnl_addr_alloc ();
  struct nl_addr *local;
  guint flags = 0;
  int err;

  if (req == NULL)
    return -NLE_NOMEM;
  local = nl_addr_build (spec->addr.family, spec->addr.u.bytes,
                         vigil_inet_addr_len (&spec->addr));
  if (local == NULL)
    return -NLE_NOMEM;
  nl_addr_set_prefixlen (local, spec->prefix_len);
  rtnl_addr_set_ifindex (req, spec->ifindex);
  err = rtnl_addr_set_local (req, local);
  nl_addr_put (local);
  if (err < 0)
    return err;
  rtnl_addr_set_prefixlen (req, spec->prefix_len);

  if (for_add)
    {
      rtnl_addr_set_scope (req, spec->scope);
      if (spec->addr.family == AF_INET && spec->broadcast.family == AF_INET)
        {
          struct nl_addr *brd = nl_addr_build (AF_INET, spec->broadcast.u.bytes, 4);

          if (brd == NULL)
            return -NLE_NOMEM;
          err = rtnl_addr_set_broadcast (req, brd);
          nl_addr_put (brd);
          if (err < 0)
            return err;
        }
      /* Labels exist for IPv4 only. */
      if (spec->addr.family == AF_INET && spec->label != NULL
          && (err = rtnl_addr_set_label (req, spec->label)) < 0)
        return err;
      if (spec->nodad)
        flags |= IFA_F_NODAD;
      if (spec->noprefixroute)
        flags |= IFA_F_NOPREFIXROUTE;
      if (flags != 0)
        rtnl_addr_set_flags (req, flags);
    }
  *out = g_steal_pointer (&req);
  return 0;
}

/* After an ACK: the kernel notifies IPv4 changes before it acknowledges
 * them, but IPv6 ones from its DAD work, later. So once the ACK is in,
 * make the cache say what the kernel now has; the event that follows
 * then finds nothing to change and signals nothing twice. */
static void
cache_note (VigilNetlink *self, const VigilAddressSpec *spec, gboolean present)
{
  VigilCachedAddress entry = {
    .addr = spec->addr,
    .prefix_len = spec->prefix_len,
    .scope = spec->addr.family == AF_INET ? spec->scope : RT_SCOPE_UNIVERSE,
    .flags = IFA_F_PERMANENT
             | (spec->nodad ? IFA_F_NODAD : 0)
             | (spec->noprefixroute ? IFA_F_NOPREFIXROUTE : 0)
             | (spec->addr.family == AF_INET6 && !spec->nodad ? IFA_F_TENTATIVE : 0),
  };
  VigilCachedLink *link;

  read_events (self);
  link = vigil_link_cache_lookup (self->cache, spec->ifindex);
  /* Known already (IPv4, or the IPv6 event came quickly): keep the
   * kernel's entry rather than our guess. Any prefix: IPv6 reports
   * EEXIST for the same address with another prefix length. */
  if (link != NULL && present
      && vigil_cached_link_find_address (link, &spec->addr, -1) >= 0)
    return;
  vigil_link_cache_note_address (self->cache, spec->ifindex, &entry, present,
                                 &self->pending);
}

/**
 * vigil_netlink_address_add:
 * Adds `spec` with NLM_F_EXCL and waits for the ACK. An address the kernel
 * already has is success with *already_present = TRUE.
 */
gboolean
vigil_netlink_address_add (VigilNetlink *self, const VigilAddressSpec *spec,
                           gboolean *already_present, GError **error)
{
  g_autoptr(VigilRtnlAddr) req = NULL;
  char what[VIGIL_INET_ADDR_STRLEN + 8], where[32];
  int err;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (already_present != NULL)
    *already_present = FALSE;
  read_events (self);
  describe_spec (self, spec, what, sizeof what, where, sizeof where);
  if (!check_spec (spec, "add", what, where, error))
    return FALSE;

  err = build_request (spec, TRUE, &req);
  if (err >= 0)
    err = rtnl_addr_add (self->request_sock, req, NLM_F_EXCL);
  if (err == -NLE_EXIST)
    {
      g_debug ("%s is already on %s", what, where);
      if (already_present != NULL)
        *already_present = TRUE;
      cache_note (self, spec, TRUE);
      return TRUE;
    }
  if (err < 0)
    {
      g_set_error (error, G_IO_ERROR, io_error_from_nl (err),
                   "cannot add %s to %s: %s", what, where, nl_geterror (err));
      return FALSE;
    }
  g_debug ("added %s to %s", what, where);
  cache_note (self, spec, TRUE);
  return TRUE;
}

/**
 * vigil_netlink_address_delete:
 * Deletes the address `spec` names (address and prefix length) and waits
 * for the ACK. An address that is not there, or whose link is gone, is
 * success.
 */
gboolean
vigil_netlink_address_delete (VigilNetlink *self, const VigilAddressSpec *spec,
                              GError **error)
{
  g_autoptr(VigilRtnlAddr) req = NULL;
  char what[VIGIL_INET_ADDR_STRLEN + 8], where[32];
  int err;

  g_return_val_if_fail (VIGIL_IS_NETLINK (self), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  read_events (self);
  describe_spec (self, spec, what, sizeof what, where, sizeof where);
  if (!check_spec (spec, "delete", what, where, error))
    return FALSE;

  err = build_request (spec, FALSE, &req);
  if (err >= 0)
    err = rtnl_addr_delete (self->request_sock, req, 0);
  if (err == -NLE_NOADDR || err == -NLE_NODEV || err == -NLE_OBJ_NOTFOUND)
    {
      g_debug ("%s is not on %s; nothing to delete", what, where);
      cache_note (self, spec, FALSE);
      return TRUE;
    }
  if (err < 0)
    {
      g_set_error (error, G_IO_ERROR, io_error_from_nl (err),
                   "cannot delete %s from %s: %s", what, where, nl_geterror (err));
      return FALSE;
    }
  g_debug ("deleted %s from %s", what, where);
  cache_note (self, spec, FALSE);
  return TRUE;
}
