/* ipvs-backend.h - VigilIpvsBackend, `lb_backend ipvs`
 *
 * IPVS over generic netlink (libnl-genl), as keepalived programs it:
 * every endpoint address of a service (ranges expanded, one per address)
 * is an IPVS virtual service, every destination an IPVS real server
 * (weight 0 stays in the table with weight 0, so established connections
 * continue). Changes are applied as the difference from what this backend
 * programmed before; stop removes exactly its own services (or the whole
 * table with `lvs_flush_on_stop`). The services it programmed are recorded
 * in the runtime dir, so a vigild started after a crash deletes them.
 *
 * Only chosen when the kernel has IPVS. The messages are built by pure
 * functions (vigil_ipvs_message_new) that the unit tests check attribute
 * by attribute, since the test machine may not have IPVS.
 */
#pragma once

#include <netlink/msg.h>
#include "lb/lb-backend.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_IPVS_BACKEND (vigil_ipvs_backend_get_type ())
G_DECLARE_FINAL_TYPE (VigilIpvsBackend, vigil_ipvs_backend, VIGIL, IPVS_BACKEND, GObject)

/* The file in the runtime dir that lists the services vigild programmed. */
#define VIGIL_IPVS_BACKEND_LEDGER_NAME "ipvs-services"
/* The most addresses one endpoint range may expand to. */
#define VIGIL_IPVS_MAX_RANGE 256

/* TRUE when the "IPVS" generic netlink family resolves in this network
 * namespace (ip_vs loaded or built in). A short synchronous netlink
 * exchange with the kernel: call it at start, not on the hot path. */
gboolean vigil_ipvs_backend_kernel_has_ipvs (void);

/* Connect and resolve the family. `runtime_dir`: where the programmed
 * services are recorded (NULL: not recorded); services a previous run
 * recorded there are deleted now. `flush_at_start` (lvs_flush) empties
 * the whole IPVS table; `flush_all_on_stop` (lvs_flush_on_stop without
 * VS) makes flush() do so too. */
VigilLbBackend *vigil_ipvs_backend_new (const char *runtime_dir, gboolean flush_at_start,
                                        gboolean flush_all_on_stop, GError **error);

/* Apply `lvs_timeouts` (seconds; 0 leaves that one as it is). */
gboolean vigil_ipvs_backend_set_timeouts (VigilIpvsBackend *self, guint tcp, guint tcpfin,
                                          guint udp, GError **error);

/* What identifies one IPVS virtual service in the kernel. */
typedef struct {
  int family;                /* AF_INET / AF_INET6 */
  guint16 protocol;          /* IPPROTO_*; 0 for a fwmark */
  VigilInetAddr addr;        /* unset for a fwmark */
  guint16 port;
  guint32 fwmark;            /* 0: address service */
} VigilIpvsServiceId;

/* The IPVS services `service` becomes: one per endpoint address, ranges
 * expanded (at most VIGIL_IPVS_MAX_RANGE addresses each). */
GArray *vigil_ipvs_service_ids (const VigilLbService *service, GError **error);

/* A generic netlink message for `command` (IPVS_CMD_*) to family
 * `genl_family`: the service `id` (with `service`'s scheduler, flags,
 * persistence for NEW/SET_SERVICE), and `destination` for the DEST
 * commands (its port 0 meaning the service's port); FLUSH carries
 * nothing. Pure: no socket. */
struct nl_msg *vigil_ipvs_message_new (int genl_family, guint8 command,
                                       const VigilIpvsServiceId *id,
                                       const VigilLbService *service,
                                       const VigilLbDestination *destination);

/* IPVS_CMD_SET_CONFIG with the three connection timeouts (0: unchanged). */
struct nl_msg *vigil_ipvs_timeouts_message_new (int genl_family, guint tcp, guint tcpfin,
                                                guint udp);

G_END_DECLS
