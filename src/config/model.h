/* model.h - the typed, immutable model of a parsed keepalived.conf
 *
 * Plain structs with keepalived's defaults filled in by the parser. Built
 * once per load by config/parser.c, checked by config/validate.c, then only
 * read: the daemon diffs an old and a new VigilConfig on reload.
 *
 * Times are microseconds (gint64) unless the name says otherwise.
 * Every struct that comes from a config block keeps `loc`, the place of
 * its keyword, so later stages can still point at the config.
 */
#pragma once

#include "config/diag.h"
#include "net/inet-addr.h"

G_BEGIN_DECLS

#define VIGIL_USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/* ---- shared pieces --------------------------------------------------- */

/* A script to run: argv split like keepalived splits it (quotes honoured),
 * never passed through a shell. */
typedef struct {
  GStrv argv;
  char *user;      /* NULL: global script_user, else root */
  char *group;
  VigilSourceLoc loc;
} VigilConfScript;

/* ---- global_defs ---------------------------------------------------- */

typedef struct {
  char *router_id;                  /* default: short host name */
  GPtrArray *notification_email;    /* char* */
  char *notification_email_from;
  char *smtp_server;
  guint16 smtp_port;
  gint64 smtp_connect_timeout;

  /* VRRP defaults applying to every instance unless it says otherwise */
  guint vrrp_version;               /* 2 (default) or 3 */
  VigilInetAddr vrrp_mcast_group4;  /* 224.0.0.18 */
  VigilInetAddr vrrp_mcast_group6;  /* ff02::12 */
  gint64 vrrp_garp_master_delay;    /* 5 s */
  guint vrrp_garp_master_repeat;    /* 5 */
  gint64 vrrp_garp_master_refresh;  /* 0 = off */
  guint vrrp_garp_master_refresh_repeat; /* 1 */
  gint64 vrrp_garp_interval;        /* 0 */
  gint64 vrrp_gna_interval;         /* 0 */
  gint64 vrrp_garp_lower_prio_delay;
  guint vrrp_garp_lower_prio_repeat;
  gboolean vrrp_lower_prio_no_advert;
  gboolean vrrp_higher_prio_send_advert;
  gboolean vrrp_skip_check_adv_addr;
  gboolean vrrp_strict;
  gboolean vrrp_check_unicast_src;
  gint64 vrrp_startup_delay;
  int vrrp_priority;                /* process nice, accepted */
  GPtrArray *vrrp_iptables_or_ipsets_names; /* char* as given; parsed only */
  gboolean nftables;                /* `nftables [TABLE]` given */
  char *nftables_table;

  /* scripts */
  char *script_user;
  char *script_group;
  gboolean enable_script_security;
  char *notify_fifo;
  VigilConfScript *notify_fifo_script;
  char *vrrp_notify_fifo;
  VigilConfScript *vrrp_notify_fifo_script;
  char *lvs_notify_fifo;
  VigilConfScript *lvs_notify_fifo_script;

  /* SNMP / D-Bus */
  gboolean enable_snmp_vrrp;        /* also enable_snmp_keepalived */
  gboolean enable_snmp_checker;
  gboolean enable_snmp_rfcv2;       /* enable_snmp_rfc sets both */
  gboolean enable_snmp_rfcv3;
  gboolean enable_traps;
  char *snmp_socket;
  gboolean enable_dbus;
  char *dbus_service_name;

  char *lb_backend;                 /* vigil's own: "ipvs", "nftables", "none" */

  VigilSourceLoc loc;
} VigilConfGlobal;

/* ---- VRRP ------------------------------------------------------------ */

typedef enum {
  VIGIL_CONF_VRRP_STATE_BACKUP = 0,   /* default */
  VIGIL_CONF_VRRP_STATE_MASTER,
} VigilConfVrrpInitialState;

typedef enum {
  VIGIL_CONF_AUTH_NONE = 0,
  VIGIL_CONF_AUTH_PASS,
  VIGIL_CONF_AUTH_AH,
} VigilConfAuthType;

/* One line of virtual_ipaddress / virtual_ipaddress_excluded /
 * static_ipaddress. */
typedef struct {
  VigilInetAddr addr;
  guint8 prefix_len;         /* /32 or /128 when not given */
  gboolean has_prefix;
  VigilInetAddr broadcast;   /* `brd`, AF_UNSPEC when not given */
  char *dev;                 /* `dev`, NULL = the instance's interface */
  char *label;               /* `label` */
  int scope;                 /* RT_SCOPE_UNIVERSE unless `scope` */
  gboolean nodad;            /* IPv6 `nodad` */
  gboolean noprefixroute;
  gboolean home;
  gboolean no_track;         /* `no_track` */
  VigilSourceLoc loc;
} VigilConfVip;

/* A reference from a VRRP instance or sync group to something tracked:
 * track_interface, track_script, track_file, track_process. */
typedef struct {
  char *name;
  int weight;                /* 0 = no weight: failure means FAULT */
  gboolean weight_given;
  gboolean reverse;
  VigilSourceLoc loc;
} VigilConfTrackRef;

typedef struct {
  char *name;
  VigilSourceLoc loc;

  VigilConfVrrpInitialState initial_state;
  char *interface;
  gboolean dont_track_primary;
  guint8 vrid;               /* 1..255 */
  guint8 priority;           /* 1..255, default 100 */
  guint version;             /* 2 or 3 (global vrrp_version by default) */
  int family;                /* AF_INET or AF_INET6: from the first VIP */
  gint64 advert_int;         /* microseconds; default 1 s */
  gboolean preempt;          /* default TRUE; `nopreempt` clears it */
  gint64 preempt_delay;      /* 0 = none */
  gboolean accept;           /* default TRUE unless vrrp_strict */
  gboolean strict_mode;

  VigilConfAuthType auth_type;
  char auth_pass[9];         /* up to 8 bytes, NUL padded */

  GPtrArray *vips;           /* VigilConfVip* */
  GPtrArray *vips_excluded;  /* VigilConfVip* */

  VigilInetAddr mcast_src_ip;
  VigilInetAddr unicast_src_ip;
  GPtrArray *unicast_peers;  /* VigilInetAddr* */
  gboolean old_unicast_checksum;

  gint64 garp_master_delay;
  guint garp_master_repeat;
  gint64 garp_master_refresh;
  guint garp_master_refresh_repeat;
  gint64 garp_lower_prio_delay;
  guint garp_lower_prio_repeat;
  gboolean lower_prio_no_advert;
  gboolean higher_prio_send_advert;
  gboolean skip_check_adv_addr;
  gboolean check_unicast_src;

  gboolean use_vmac;
  char *vmac_name;           /* NULL: vrrp.<vrid> */
  gboolean vmac_xmit_base;

  GPtrArray *track_interfaces; /* VigilConfTrackRef* */
  GPtrArray *track_scripts;    /* VigilConfTrackRef* */
  GPtrArray *track_files;      /* VigilConfTrackRef* */
  GPtrArray *track_processes;  /* VigilConfTrackRef* */

  VigilConfScript *notify_master;
  VigilConfScript *notify_backup;
  VigilConfScript *notify_fault;
  VigilConfScript *notify_stop;
  VigilConfScript *notify_deleted;
  VigilConfScript *notify;
  VigilConfScript *notify_master_rx_lower_pri;

  GPtrArray *virtual_routes;   /* VigilConfRoute* (see below) */
  GPtrArray *virtual_rules;    /* VigilConfRule* */

  char *sync_group;            /* filled by the parser from vrrp_sync_group */
  gboolean smtp_alert;
} VigilConfVrrpInstance;

typedef struct {
  char *name;
  VigilSourceLoc loc;
  GPtrArray *members;          /* VigilConfWord-like: char* names */
  GArray *member_locs;         /* VigilSourceLoc, parallel to members */
  GPtrArray *track_interfaces; /* VigilConfTrackRef* */
  GPtrArray *track_scripts;
  GPtrArray *track_files;
  GPtrArray *track_processes;
  gboolean global_tracking;
  gboolean sync_group_tracking_weight;
  VigilConfScript *notify_master;
  VigilConfScript *notify_backup;
  VigilConfScript *notify_fault;
  VigilConfScript *notify_stop;
  VigilConfScript *notify;
  gboolean smtp_alert;
} VigilConfSyncGroup;

typedef struct {
  char *name;
  VigilSourceLoc loc;
  VigilConfScript *script;
  gint64 interval;           /* default 1 s */
  gint64 timeout;            /* default: interval */
  int weight;
  gboolean weight_reverse;
  guint rise;                /* default 1 */
  guint fall;                /* default 1 */
  gboolean init_fail;
} VigilConfVrrpScript;

/* ---- the whole config ------------------------------------------------ */

typedef struct _VigilConfig VigilConfig;
struct _VigilConfig {
  char *path;                  /* top-level file */
  VigilConfGlobal global;
  GPtrArray *vrrp_instances;   /* VigilConfVrrpInstance*, in file order */
  GPtrArray *sync_groups;      /* VigilConfSyncGroup* */
  GPtrArray *vrrp_scripts;     /* VigilConfVrrpScript* */
  GPtrArray *static_addresses; /* VigilConfVip* */
  /* Further blocks (routes, rules, track files/processes, virtual
   * servers, checkers...) are added below by the parser's owner. */
};

void vigil_config_free (VigilConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfig, vigil_config_free)

const VigilConfVrrpInstance *vigil_config_find_vrrp_instance (const VigilConfig *config,
                                                              const char *name);

G_END_DECLS
