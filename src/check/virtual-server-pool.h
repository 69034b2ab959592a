/* virtual-server-pool.h - the service a virtual server hands to the LB
 * backend, built from its state (pure: no I/O)
 *
 * Endpoints: the virtual_server line, its fwmark, or every line of its
 * virtual_server_group. Destinations, as keepalived programs IPVS: the
 * live real servers with their effective weights, inhibited failed ones
 * with weight 0; while the sorry server is in use it alone (plus the
 * inhibited ones); an unused sorry server with sorry_server_inhibit with
 * weight 0 (unless it is also a real server).
 */
#pragma once

#include "check/real-server.h"
#include "lb/lb-backend.h"

G_BEGIN_DECLS

typedef struct {
  const VigilConfVirtualServer *conf;
  const VigilConfig *config;
  const char *key;
  GPtrArray *real_servers;     /* VigilRealServer* */
  VigilRealServer *sorry;      /* or NULL */
  gboolean sorry_active;
} VigilVirtualServerPool;

VigilLbService *vigil_virtual_server_pool_build (const VigilVirtualServerPool *pool);

G_END_DECLS
