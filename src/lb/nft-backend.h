/* nft-backend.h - VigilNftBackend, `lb_backend nftables`
 *
 * Virtual servers as DNAT with weighted selection in an nftables table
 * vigil owns (`table inet vigil_lb`; rules from nft-ruleset.c), applied
 * through libnftables, one transaction per change. The table's name is
 * recorded in the runtime dir while it exists, so a vigild started after
 * a crash deletes the table its predecessor left before adding its own.
 *
 * nftables can only NAT: lvs_method DR and TUN are treated as NAT with a
 * warning. As with IPVS NAT, replies from the real servers must come back
 * through this host (its address is their route to the clients); no
 * source NAT is added, so the real servers see the clients' addresses.
 */
#pragma once

#include "lb/lb-backend.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_NFT_BACKEND (vigil_nft_backend_get_type ())
G_DECLARE_FINAL_TYPE (VigilNftBackend, vigil_nft_backend, VIGIL, NFT_BACKEND, GObject)

/* The file in the runtime dir that names the table while it exists. */
#define VIGIL_NFT_BACKEND_LEDGER_NAME "nftables-lb"

/* `table`: NULL for VIGIL_NFT_LB_TABLE_DEFAULT. `runtime_dir`: where the
 * table is recorded (NULL: not recorded). Deletes a table a previous run
 * recorded there. The table itself is made by the first set_service. */
VigilLbBackend *vigil_nft_backend_new (const char *table, const char *runtime_dir,
                                       GError **error);

const char *vigil_nft_backend_get_table (VigilNftBackend *self);

G_END_DECLS
