/* vip-filter.h - drop traffic to the VIPs of masters without accept mode
 *
 * RFC 5798 lets a master that does not own its virtual addresses accept
 * packets for them only in accept mode. Like keepalived, vigil enforces
 * that with a firewall: while an instance with `no_accept` (explicit, or
 * by default under `vrrp_strict`) and a priority below 255 is master, its
 * virtual and excluded addresses are in an nftables set whose rules drop
 * every IP packet to or from them (IPv6 neighbour discovery excepted;
 * ARP is not IP). See nft-rules.h for the table.
 *
 * The table is created when the configuration has such an instance and
 * deleted when it no longer has, on stop, and at the next start after a
 * crash: its name is recorded in the runtime directory, like the
 * addresses in the address ledger. Each change is one nftables
 * transaction through libnftables.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"
#include "firewall/nft-rules.h"

G_BEGIN_DECLS

/* keepalived's default chain priority, and vigil's default table name. */
#define VIGIL_VIP_FILTER_DEFAULT_TABLE "vigil"
#define VIGIL_VIP_FILTER_DEFAULT_PRIORITY (-1)

#define VIGIL_TYPE_VIP_FILTER (vigil_vip_filter_get_type ())
G_DECLARE_FINAL_TYPE (VigilVipFilter, vigil_vip_filter, VIGIL, VIP_FILTER, GObject)

/* Whether this instance's addresses are filtered while it is master:
 * accept mode off and not the address owner (priority 255). */
gboolean vigil_vip_filter_instance_wanted (const VigilConfVrrpInstance *conf);
/* Whether any instance of `config` is filtered. */
gboolean vigil_vip_filter_config_wanted (const VigilConfig *config);
/* The settings `config`'s global_defs ask for (`table` points into it). */
void vigil_vip_filter_settings_from_config (const VigilConfig *config,
                                            VigilNftRulesSettings *settings);

/* A filter whose record lives at `record_path` (in the runtime dir). */
VigilVipFilter *vigil_vip_filter_new (const char *record_path);

/* Delete the table a previous run recorded and did not delete (crash,
 * SIGKILL). Returns TRUE if one was deleted. */
gboolean vigil_vip_filter_recover (VigilVipFilter *self);

/* Apply a (new) configuration: create the table if `config` has filtered
 * instances, re-create it under new settings (name, priority, counters,
 * ifindex) with the addresses currently filtered, or delete it when no
 * instance needs it any more. */
void vigil_vip_filter_configure (VigilVipFilter *self, const VigilConfig *config);

/* `owner` (an instance name) became master: filter `addresses` until
 * vigil_vip_filter_release(). Several owners may claim one address; it
 * leaves the set with its last owner. */
void vigil_vip_filter_claim (VigilVipFilter *self, const char *owner,
                             const VigilNftRulesAddress *addresses, guint n_addresses);
/* `owner` is no longer master: stop filtering what it claimed. */
void vigil_vip_filter_release (VigilVipFilter *self, const char *owner);

/* Delete the table and the record (clean stop). Idempotent. */
void vigil_vip_filter_stop (VigilVipFilter *self);

/* The table's name while it exists, else NULL. */
const char *vigil_vip_filter_get_table (VigilVipFilter *self);
/* How many distinct addresses are in the sets now. */
guint vigil_vip_filter_get_n_filtered (VigilVipFilter *self);
/* nftables transactions that failed (each is logged with the reason). */
guint64 vigil_vip_filter_get_failures (VigilVipFilter *self);

G_END_DECLS
