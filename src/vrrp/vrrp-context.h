/* vrrp-context.h - what VRRP instances share, owned by the daemon */
#pragma once

#include "daemon/timer-queue.h"
#include "firewall/vip-filter.h"
#include "net/address-ledger.h"
#include "net/arp.h"
#include "net/netlink.h"
#include "net/object-ledger.h"
#include "vrrp/vrrp-socket.h"

G_BEGIN_DECLS

/* Borrowed pointers: the daemon creates them before any instance and
 * frees them after the last one. */
typedef struct {
  VigilNetlink *netlink;
  VigilAddressLedger *ledger;
  VigilObjectLedger *objects;    /* routes, rules, vmacs vigil added */
  VigilAnnouncer *announcer;
  VigilTimerQueue *timers;
  VigilVrrpSocketPool *sockets;
  VigilVrrpGlobalStats *global_stats;
  VigilVipFilter *vip_filter;  /* accept mode off: drops traffic to masters' VIPs */
  VigilInetAddr mcast_group4;
  VigilInetAddr mcast_group6;
  gint64 garp_interval;     /* µs between gratuitous ARPs, 0 = burst */
  gint64 gna_interval;      /* µs between unsolicited NAs, 0 = burst */
  char vmac_prefix[16];     /* global vmac_prefix; "" = "vrrp" */
  gint64 startup_delay_until; /* vrrp_startup_delay: monotonic µs, 0 = none */
} VigilVrrpContext;

G_END_DECLS
