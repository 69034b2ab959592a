/* nft-rules.h - the nftables text of vigil's VIP filter (pure)
 *
 * Builds the commands VigilVipFilter hands to libnftables, as nft(8)
 * script text: no I/O, no state, so unit tests check the exact text.
 *
 * The table (family inet, so one table serves IPv4 and IPv6):
 *
 *   table inet vigil {
 *     set vips { type ipv4_addr; }
 *     set vips6 { type ipv6_addr; }
 *     set vips6_ll { type ipv6_addr . ifname; }      (iface_index with ifindex)
 *     chain in {
 *       type filter hook input priority P; policy accept;
 *       ip daddr @vips drop
 *       icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
 *       ip6 daddr . iifname @vips6_ll drop
 *       ip6 daddr @vips6 drop
 *     }
 *     chain out { ...hook output..., the same on the source address }
 *   }
 *
 * which is keepalived's rule set: every IP packet to or from a filtered
 * VIP is dropped, except IPv6 neighbour solicitations and advertisements
 * (so ND keeps working); ARP is not IP and is never touched. VRRP adverts
 * leave from the interface's primary address and go to the multicast
 * group or the unicast peers, never to a VIP, so they pass too.
 */
#pragma once

#include "net/inet-addr.h"

G_BEGIN_DECLS

/* The global_defs settings the text depends on. */
typedef struct {
  const char *table;        /* `nftables TABLE`; family is always inet */
  int priority;             /* `nftables_priority`, keepalived's -1 by default */
  gboolean counters;        /* `nftables_counters`: a counter in every rule */
  gboolean ifindex;         /* `nftables_ifindex`: link-local VIPs by ifindex */
} VigilNftRulesSettings;

/* One filtered address. Link-local IPv6 addresses are only meaningful
 * with their interface: `ifname` (and `ifindex` with nftables_ifindex). */
typedef struct {
  VigilInetAddr addr;
  char ifname[16];          /* IFNAMSIZ */
  int ifindex;
} VigilNftRulesAddress;

/* Whether `name` can be used as a table name: an nft identifier (a
 * letter or '_', then letters, digits, '_', '-', '.'), at most 31 bytes,
 * so that config text can never become nft commands. */
gboolean vigil_nft_rules_table_name_valid (const char *name);

/* One transaction that replaces any table of that name by a fresh
 * VIP filter table holding `addresses` (n_addresses may be 0). */
char *vigil_nft_rules_create_table (const VigilNftRulesSettings *settings,
                                    const VigilNftRulesAddress *addresses, guint n_addresses);

/* One transaction adding (`add` TRUE) or deleting the addresses to or
 * from their sets; NULL when n_addresses is 0. */
char *vigil_nft_rules_elements (const VigilNftRulesSettings *settings, gboolean add,
                                const VigilNftRulesAddress *addresses, guint n_addresses);

/* Deletes the table `table` whether or not it exists (add, then delete,
 * in one transaction). */
char *vigil_nft_rules_delete_table (const char *table);

G_END_DECLS
