/* ipvs-backend.h - VigilIpvsBackend, IPVS over generic netlink
 *
 * Used when the kernel has IPVS (the "IPVS" generic netlink family
 * resolves).
 */
#pragma once

#include "lb/lb-backend.h"

G_BEGIN_DECLS

/* TRUE when the "IPVS" generic netlink family resolves in this network
 * namespace (ip_vs loaded or built in). A short synchronous netlink
 * exchange with the kernel: call it at start, not on the hot path. */
gboolean vigil_ipvs_backend_kernel_has_ipvs (void);

G_END_DECLS
