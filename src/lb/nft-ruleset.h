/* nft-ruleset.h - a load-balanced service as nftables commands
 *
 * Pure: turns VigilLbService values into the text of one nft transaction,
 * with no kernel and no state, so it is tested on its own. The nftables
 * backend (nft-backend.c) hands the text to libnftables.
 *
 * Every service gets its own objects in vigil's table, named after its
 * key ("vs_192_0_2_100_80_1a2b3c4d"):
 *   NAME       regular chain: the DNAT rules, one pair per endpoint
 *   NAME_pre   nat prerouting base chain (priority dstnat): jump NAME
 *   NAME_out   nat output base chain (priority -100, the director's own
 *              connections): jump NAME
 *   NAME_post  nat postrouting base chain, only with persistence: records
 *              each new connection's client in the persistence map
 *   NAME_pa4, NAME_pa6, NAME_pp4, NAME_pp6  persistence maps (client
 *              address to destination address, or address . port)
 * Replacing a service flushes and refills its chains in the same
 * transaction, so the kernel switches from the old rules to the new ones
 * at once; persistence maps keep their entries unless asked to drop them.
 * NAT chains see only the first packet of a connection: per-service base
 * chains cost one rule walk per new connection, nothing per packet.
 */
#pragma once

#include "lb/lb-backend.h"

G_BEGIN_DECLS

/* The table vigil's nftables backend owns (family inet). */
#define VIGIL_NFT_LB_TABLE_FAMILY "inet"
#define VIGIL_NFT_LB_TABLE_DEFAULT "vigil_lb"

/* How new connections are spread over the destinations. */
typedef enum {
  VIGIL_NFT_SELECT_RANDOM = 0,   /* numgen random, weighted */
  VIGIL_NFT_SELECT_ROUND_ROBIN,  /* numgen inc, weighted (wrr) or equal (rr) */
  VIGIL_NFT_SELECT_HASH_SOURCE,  /* jhash of the client address, weighted */
  VIGIL_NFT_SELECT_HASH_SOURCE_PORT, /* jhash of client address and port */
  VIGIL_NFT_SELECT_HASH_DEST,    /* jhash of the destination address */
  VIGIL_NFT_SELECT_HIGHEST_WEIGHT, /* all to the highest weight (fo) */
} VigilNftSelection;

const char *vigil_nft_selection_to_string (VigilNftSelection selection);

/* What lvs_sched `scheduler` (with its `sched_flags`) becomes in nftables;
 * *weighted is FALSE when weights only decide in or out (rr). */
VigilNftSelection vigil_nft_selection_for_scheduler (const char *scheduler,
                                                     guint32 sched_flags,
                                                     gboolean *weighted);

/* "vs_" + the key with every character other than [A-Za-z0-9] as '_'
 * (at most 32 of them) + "_" + 8 hex digits of a hash of the whole key. */
char *vigil_nft_ruleset_service_name (const char *key);

/* The commands that make `table` hold `service`, creating the table if
 * needed and replacing whatever an earlier call made for the same key.
 * `flush_persistence`: also forget the persistence entries (a
 * destination went away). Fails when the service cannot be expressed
 * (e.g. destinations with and without a port behind a port-less
 * endpoint). */
char *vigil_nft_ruleset_set_service (const char *table, const VigilLbService *service,
                                     gboolean flush_persistence, GError **error);

/* FALSE when persistence cannot be expressed for some endpoint of
 * `service` (IPv6 with real servers on other ports than the virtual
 * one: libnftables 1.0.6 aborts on that map update); the commands from
 * vigil_nft_ruleset_set_service() leave persistence out there. */
gboolean vigil_nft_ruleset_persistence_expressible (const VigilLbService *service);

/* The commands that remove every object of service `key` from `table`
 * (they also succeed when some of them do not exist). */
char *vigil_nft_ruleset_remove_service (const char *table, const char *key);

/* The command that deletes `table` and all it holds. */
char *vigil_nft_ruleset_delete_table (const char *table);

G_END_DECLS
