/* lb-backend.h - VigilLbBackend, where virtual servers are programmed
 *
 * Implementations: ipvs-backend.c (IPVS over generic netlink, when the
 * kernel has it), nft-backend.c (DNAT with weighted selection in an
 * nftables table vigil owns, rules from nft-ruleset.c), null-backend.c
 * ("none": checkers only). The virtual server hands
 * over the whole service each time something changed; the backend
 * makes the kernel match it and remembers what it added, so stop and
 * flush remove exactly that.
 */
#pragma once

#include <glib-object.h>
#include "config/model.h"

G_BEGIN_DECLS

/* One address the service answers on (a virtual_server line, or one
 * line of its virtual_server_group). */
typedef struct {
  gboolean is_fwmark;
  guint32 fwmark;
  int family;                  /* AF_INET / AF_INET6 */
  VigilInetAddr addr;          /* first address */
  VigilInetAddr addr_end;      /* last address (== addr without a range) */
  guint16 port;                /* 0: all ports */
} VigilLbEndpoint;

/* One destination to send connections to. */
typedef struct {
  VigilInetAddr addr;
  guint16 port;                /* 0: the client's destination port */
  guint weight;                /* 0: keep existing connections, no new ones */
  VigilConfForwarding forwarding;
} VigilLbDestination;

typedef struct {
  char *key;                   /* unique, stable: the virtual server's name */
  int protocol;                /* IPPROTO_TCP / UDP / SCTP */
  GArray *endpoints;           /* VigilLbEndpoint */
  GArray *destinations;        /* VigilLbDestination; may be empty */
  const char *scheduler;       /* lvs_sched: "rr", "wrr", "wlc", "sh", ... */
  guint32 sched_flags;
  gboolean ops;
  guint32 persistence_timeout; /* seconds, 0 = none */
  VigilInetAddr persistence_granularity;
} VigilLbService;

VigilLbService *vigil_lb_service_new (const char *key, int protocol);
void vigil_lb_service_free (VigilLbService *service);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilLbService, vigil_lb_service_free)

#define VIGIL_TYPE_LB_BACKEND (vigil_lb_backend_get_type ())
G_DECLARE_INTERFACE (VigilLbBackend, vigil_lb_backend, VIGIL, LB_BACKEND, GObject)

struct _VigilLbBackendInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name) (VigilLbBackend *self);
  /* Add the service or make the existing one with this key match. */
  gboolean (*set_service) (VigilLbBackend *self, const VigilLbService *service,
                           GError **error);
  gboolean (*remove_service) (VigilLbBackend *self, const char *key, GError **error);
  /* Remove everything this backend added (stop). */
  gboolean (*flush) (VigilLbBackend *self, GError **error);
};

/* "ipvs", "nftables", "none". */
const char *vigil_lb_backend_get_name (VigilLbBackend *self);
gboolean vigil_lb_backend_set_service (VigilLbBackend *self, const VigilLbService *service,
                                       GError **error);
gboolean vigil_lb_backend_remove_service (VigilLbBackend *self, const char *key,
                                          GError **error);
gboolean vigil_lb_backend_flush (VigilLbBackend *self, GError **error);

/* The backend the config asks for (`lb_backend ipvs|nftables|none`), or
 * by default IPVS when the kernel has it, else nftables. Fails with a
 * clear message when the asked-for one is not available (e.g. "IPVS is
 * not available in this kernel"). `runtime_dir` is where the backend
 * records what it added, so a restart after a crash removes it. */
VigilLbBackend *vigil_lb_backend_new_for_config (const VigilConfig *config,
                                                 const char *runtime_dir,
                                                 GError **error);

G_END_DECLS
