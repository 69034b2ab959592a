/* link-cache.h - links and their addresses as the kernel last reported them
 *
 * Internal to src/net: VigilNetlink feeds it parsed RTM_NEWLINK,
 * RTM_DELLINK, RTM_NEWADDR and RTM_DELADDR messages (from a dump or from
 * events) and it records each resulting change as a VigilLinkEvent, which
 * VigilNetlink later emits as a signal.
 */
#pragma once

#include "net/netlink.h"

#include <netlink/msg.h>

G_BEGIN_DECLS

typedef struct {
  VigilInetAddr addr;
  guint8 prefix_len;
  guint8 scope;             /* RT_SCOPE_* */
  guint32 flags;            /* IFA_F_* */
} VigilCachedAddress;

typedef struct {
  VigilLinkInfo info;
  GArray *addresses;        /* VigilCachedAddress, in the kernel's order */
} VigilCachedLink;

typedef enum {
  VIGIL_LINK_EVENT_LINK_CHANGED,
  VIGIL_LINK_EVENT_LINK_REMOVED,
  VIGIL_LINK_EVENT_ADDRESS_ADDED,
  VIGIL_LINK_EVENT_ADDRESS_REMOVED,
} VigilLinkEventKind;

typedef struct {
  VigilLinkEventKind kind;
  VigilLinkInfo link;       /* the link as it was when the event happened */
  VigilCachedAddress address;
} VigilLinkEvent;

typedef struct _VigilLinkCache VigilLinkCache;

VigilLinkCache *vigil_link_cache_new (void);
void vigil_link_cache_free (VigilLinkCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilLinkCache, vigil_link_cache_free)

VigilCachedLink *vigil_link_cache_lookup (VigilLinkCache *cache, int ifindex);
VigilCachedLink *vigil_link_cache_lookup_name (VigilLinkCache *cache, const char *name);
/* Index of `addr` with `prefix_len` (any if negative) in link->addresses,
 * or -1. */
int vigil_cached_link_find_address (const VigilCachedLink *link,
                                    const VigilInetAddr *addr, int prefix_len);

/* Apply one rtnetlink message; append the resulting events to `events`
 * (NULL: record none). Messages of other types are ignored. */
void vigil_link_cache_apply_message (VigilLinkCache *cache, struct nl_msg *msg,
                                     GQueue *events);
/* Record that `address` is now present on (or absent from) link
 * `ifindex`, as an ACK from the kernel says. */
void vigil_link_cache_note_address (VigilLinkCache *cache, int ifindex,
                                    const VigilCachedAddress *address,
                                    gboolean present, GQueue *events);
/* Append the events that turn `old` into `fresh`. */
void vigil_link_cache_diff (VigilLinkCache *old, VigilLinkCache *fresh, GQueue *events);

G_END_DECLS
