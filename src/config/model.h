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
  guint16 smtp_port;                /* 25 */
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
  gint64 vrrp_garp_lower_prio_delay;   /* vrrp_garp_master_delay */
  guint vrrp_garp_lower_prio_repeat;    /* vrrp_garp_master_repeat */
  gboolean vrrp_lower_prio_no_advert;
  gboolean vrrp_higher_prio_send_advert;
  gboolean vrrp_skip_check_adv_addr;
  gboolean vrrp_strict;
  gboolean vrrp_check_unicast_src;
  gint64 vrrp_startup_delay;
  int vrrp_priority;                /* process nice, accepted */
  GPtrArray *vrrp_iptables_or_ipsets_names; /* char* as given; parsed only */
  gboolean nftables;                /* `nftables [TABLE]` given */
  char *nftables_table;             /* NULL: the VIP filter's default */

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

  /* Further global_defs keywords (keepalived 2.2) */
  char *smtp_helo_name;
  gboolean smtp_alert;              /* smtp_alert / _vrrp / _checker */
  gboolean smtp_alert_vrrp;
  gboolean smtp_alert_checker;
  gboolean checker_log_all_failures;
  char *default_interface;          /* static addresses without `dev` */
  gint64 vrrp_garp_extra_if;        /* 0 = off */
  gboolean vrrp_garp_extra_if_all;
  gboolean vrrp_min_garp;
  guint vrrp_down_timer_adverts;    /* 3 */
  gboolean vrrp_notify_priority_changes;
  gboolean fifo_write_vrrp_states_on_reload;
  gboolean log_unknown_vrids;
  char *vmac_prefix;                /* NULL: "vrrp" */
  char *vmac_addr_prefix;           /* NULL: vmac_prefix */
  gboolean dynamic_interfaces;
  gboolean dynamic_interfaces_allow_if_changes;
  gint nftables_priority;           /* -1 */
  gboolean nftables_counters;
  gboolean nftables_ifindex;
  gboolean nftables_ipvs;
  char *nftables_ipvs_table;
  gint nftables_ipvs_priority;
  guint32 nftables_ipvs_start_fwmark; /* 1000 */
  gboolean lvs_flush;
  gboolean lvs_flush_on_stop;
  gboolean lvs_flush_on_stop_vs;    /* `lvs_flush_on_stop VS` */
  guint lvs_timeout_tcp;            /* seconds, 0 = unchanged */
  guint lvs_timeout_tcpfin;
  guint lvs_timeout_udp;
  gboolean rs_init_notifies;
  VigilConfScript *startup_script;
  gint64 startup_script_timeout;    /* 10 s */
  VigilConfScript *shutdown_script;
  gint64 shutdown_script_timeout;   /* 10 s */
  guint32 umask;                    /* 022 unless `umask` */
  gboolean umask_given;

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
  /* further `ip address` options */
  char broadcast_auto;       /* `brd +` / `brd -`: '+' or '-', else 0 */
  VigilInetAddr peer;        /* `peer ADDR[/LEN]`, AF_UNSPEC when not given */
  guint8 peer_prefix_len;
  gboolean mngtmpaddr;
  gboolean autojoin;
  gboolean use_vmac;         /* per-address `use_vmac` */
  gint64 preferred_lft;      /* seconds; -1 = not given, G_MAXINT64 = forever */
  char *track_group;         /* static_ipaddress only */
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

/* ---- routes and rules (virtual_routes, static_routes, ...) ---------- */

/* Numeric values are the kernel's (RTN_*, RT_SCOPE_*, RTPROT_*, RTAX_*,
 * FR_ACT_*), so they go to netlink unchanged. */

/* One `nexthop` of a multipath route (or the legacy `or ADDR`). */
typedef struct {
  VigilInetAddr via;         /* AF_UNSPEC: no gateway */
  char *dev;
  guint weight;              /* 1..256, default 1 */
  gboolean onlink;
  guint32 realms;
  VigilSourceLoc loc;
} VigilConfNexthop;

typedef enum {
  VIGIL_CONF_ROUTE_METRIC_MTU,
  VIGIL_CONF_ROUTE_METRIC_HOPLIMIT,
  VIGIL_CONF_ROUTE_METRIC_ADVMSS,
  VIGIL_CONF_ROUTE_METRIC_RTT,
  VIGIL_CONF_ROUTE_METRIC_RTTVAR,
  VIGIL_CONF_ROUTE_METRIC_REORDERING,
  VIGIL_CONF_ROUTE_METRIC_WINDOW,
  VIGIL_CONF_ROUTE_METRIC_CWND,
  VIGIL_CONF_ROUTE_METRIC_SSTHRESH,
  VIGIL_CONF_ROUTE_METRIC_RTO_MIN,
  VIGIL_CONF_ROUTE_METRIC_INITCWND,
  VIGIL_CONF_ROUTE_METRIC_INITRWND,
  VIGIL_CONF_ROUTE_METRIC_QUICKACK,
  VIGIL_CONF_ROUTE_METRIC_FASTOPEN_NO_COOKIE,
  VIGIL_CONF_ROUTE_METRIC_N
} VigilConfRouteMetric;

typedef struct {
  int family;                /* AF_INET or AF_INET6 */
  guint8 type;               /* RTN_UNICAST unless blackhole, unreachable... */
  VigilInetAddr dst;         /* AF_UNSPEC with dst_len 0 for `default` */
  guint8 dst_len;
  VigilInetAddr src;         /* `from` (source-specific IPv6 routes) */
  guint8 src_len;
  VigilInetAddr pref_src;    /* `src` */
  VigilInetAddr via;         /* `via` (legacy `gw`) */
  char *dev;
  guint32 table;             /* RT_TABLE_MAIN unless `table` */
  guint32 metric;            /* `metric` / `priority` / `preference` */
  gboolean has_metric;
  guint8 tos;
  guint8 protocol;           /* RTPROT_BOOT unless `protocol` */
  int scope;                 /* -1 = kernel default for the type */
  gboolean onlink;
  guint32 realms;
  guint32 metrics[VIGIL_CONF_ROUTE_METRIC_N];
  guint32 metrics_set;       /* bit per VigilConfRouteMetric */
  guint32 metrics_locked;    /* `lock` given before the value */
  char *congctl;
  gboolean congctl_locked;
  guint32 features;          /* RTAX_FEATURE_* (`features ecn`) */
  int pref;                  /* IPv6 `pref low|medium|high`, -1 = not given */
  guint32 expires;           /* IPv6 `expires SECS`, 0 = not given */
  gboolean ttl_propagate_given;
  gboolean ttl_propagate;
  GPtrArray *nexthops;       /* VigilConfNexthop*; empty unless multipath */
  gboolean append;           /* `append`: after matching routes */
  gboolean no_track;
  char *track_group;         /* static_routes only */
  VigilSourceLoc loc;
} VigilConfRoute;

typedef struct {
  int family;
  gboolean invert;           /* `not` */
  VigilInetAddr from;        /* AF_UNSPEC = all */
  guint8 from_len;
  VigilInetAddr to;
  guint8 to_len;
  guint32 priority;          /* `preference` / `priority` / `order` */
  gboolean has_priority;
  guint8 tos;
  guint32 fwmark;
  guint32 fwmask;            /* 0xffffffff unless given */
  gboolean has_fwmark;
  guint32 realms;
  guint32 table;             /* 0 unless `table` / `lookup` */
  guint8 action;             /* FR_ACT_TO_TBL, _GOTO, _NOP, _BLACKHOLE... */
  guint32 goto_target;
  char *iif;
  char *oif;
  int suppress_prefixlen;    /* -1 = not given */
  gint64 suppress_ifgroup;   /* -1 = not given */
  guint64 tunnel_id;
  gboolean has_tunnel_id;
  guint32 uid_start;
  guint32 uid_end;
  gboolean has_uidrange;
  gboolean l3mdev;
  guint8 protocol;
  gboolean has_protocol;
  guint8 ip_proto;
  gboolean has_ip_proto;
  guint16 sport_start, sport_end;
  gboolean has_sport;
  guint16 dport_start, dport_end;
  gboolean has_dport;
  gboolean no_track;
  char *track_group;         /* static_rules only */
  VigilSourceLoc loc;
} VigilConfRule;

/* `unicast_peer { ADDR [min_ttl N] [max_ttl N] }`, parallel to
 * VigilConfVrrpInstance.unicast_peers. */
typedef struct {
  VigilInetAddr addr;
  int min_ttl;               /* -1 = not given */
  int max_ttl;               /* -1 = not given */
  VigilSourceLoc loc;
} VigilConfUnicastPeer;

typedef struct {
  char *name;
  VigilSourceLoc loc;

  VigilConfVrrpInitialState initial_state;
  char *interface;
  gboolean dont_track_primary;
  guint8 vrid;               /* 1..255 */
  guint8 priority;           /* 1..255, default 100 (255 with state MASTER) */
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

  GPtrArray *virtual_routes;   /* VigilConfRoute* (see above) */
  GPtrArray *virtual_rules;    /* VigilConfRule* */

  char *sync_group;            /* filled by the parser from vrrp_sync_group */
  gboolean smtp_alert;

  /* Further vrrp_instance keywords (keepalived 2.2) */
  VigilSourceLoc vrid_loc;     /* where virtual_router_id was given */
  VigilSourceLoc interface_loc;
  VigilSourceLoc priority_loc;
  VigilSourceLoc advert_int_loc;
  GPtrArray *unicast_peer_info; /* VigilConfUnicastPeer*, parallel to unicast_peers */
  VigilInetAddr mcast_dst_ip;  /* AF_UNSPEC: the global group for the family */
  gboolean track_src_ip;
  gboolean unicast_fault_no_peer;
  int unicast_ttl;             /* -1 = default (255) */
  gboolean old_unicast_checksum_never;
  guint down_timer_adverts;    /* 3 */
  gint64 garp_extra_if;        /* 0 = off */
  gboolean garp_extra_if_all;
  guint8 vmac_mac[6];          /* use_vmac MAC; vmac_mac_len 0 = default */
  guint vmac_mac_len;          /* 0, 5 (VRID appended) or 6 */
  gboolean use_vmac_addr;
  gboolean promote_secondaries;
  gboolean notify_priority_changes;
  gboolean native_ipv6;
  gboolean notify_deleted_given; /* `notify_deleted` with or without script */
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
  gboolean notify_priority_changes;
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

/* `track_file NAME { file PATH; weight W [reverse]; init_file [V] [overwrite] }`
 * (legacy name vrrp_track_file). */
typedef struct {
  char *name;
  VigilSourceLoc loc;
  char *path;
  int weight;                /* default 1 */
  gboolean weight_reverse;
  gboolean init_file;
  long init_value;           /* 0 */
  gboolean init_overwrite;
} VigilConfTrackFile;

typedef enum {
  VIGIL_CONF_PARAM_MATCH_EXACT = 0,  /* parameters given must all match */
  VIGIL_CONF_PARAM_MATCH_PARTIAL,    /* the first n parameters match */
  VIGIL_CONF_PARAM_MATCH_INITIAL,    /* ... the last one may be longer */
} VigilConfParamMatch;

typedef struct {
  char *name;
  VigilSourceLoc loc;
  GStrv process;             /* [0] the process name, then parameters */
  VigilConfParamMatch param_match;
  gboolean param_match_given; /* `param_match` given: parameters count */
  int weight;                /* default 1 */
  gboolean weight_reverse;
  guint quorum;              /* default 1 */
  guint quorum_max;          /* default G_MAXUINT (no maximum) */
  gint64 fork_delay;
  gint64 terminate_delay;
  gboolean full_command;
} VigilConfTrackProcess;

/* `track_group NAME { group { VI_1 VI_2 } }`: instances that track static
 * addresses, routes and rules naming the group. */
typedef struct {
  char *name;
  VigilSourceLoc loc;
  GPtrArray *members;        /* char* */
  GArray *member_locs;       /* VigilSourceLoc */
} VigilConfTrackGroup;

/* `garp_group { garp_interval S; gna_interval S; interface IF | interfaces { } }` */
typedef struct {
  VigilSourceLoc loc;
  gint64 garp_interval;      /* -1 = not given */
  gint64 gna_interval;       /* -1 = not given */
  GPtrArray *interfaces;     /* char* */
} VigilConfGarpGroup;

/* One line of `linkbeat_interfaces { IF [MII|ETHTOOL|IOCTL] }` */
typedef struct {
  char *name;
  char *type;                /* NULL: default polling type */
  VigilSourceLoc loc;
} VigilConfLinkbeatInterface;

/* One line of `interface_up_down_delays { IF DOWN [UP] }` */
typedef struct {
  char *name;
  gint64 down_delay;
  gint64 up_delay;           /* = down_delay when not given */
  VigilSourceLoc loc;
} VigilConfInterfaceDelay;

/* ---- LVS: virtual servers, real servers, checkers -------------------- */

typedef enum {
  VIGIL_CONF_LVS_NAT = 0,
  VIGIL_CONF_LVS_DR,
  VIGIL_CONF_LVS_TUN,
} VigilConfLvsMethod;

typedef enum {
  VIGIL_CONF_TUN_IPIP = 0,
  VIGIL_CONF_TUN_GUE,
  VIGIL_CONF_TUN_GRE,
} VigilConfTunnelType;

typedef enum {
  VIGIL_CONF_TUN_CSUM_DEFAULT = 0,
  VIGIL_CONF_TUN_CSUM_NONE,          /* `nocsum` */
  VIGIL_CONF_TUN_CSUM_CSUM,
  VIGIL_CONF_TUN_CSUM_REMCSUM,
} VigilConfTunnelCsum;

/* `lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]` */
typedef struct {
  VigilConfLvsMethod method;
  VigilConfTunnelType tun_type;
  guint16 tun_port;          /* GUE only */
  VigilConfTunnelCsum tun_csum;
  gboolean given;            /* FALSE: inherited / default */
} VigilConfForwarding;

/* One line of a virtual_server_group: an address, an address range or a
 * fwmark. */
typedef struct {
  gboolean is_fwmark;
  VigilInetAddr addr;        /* first address (AF_UNSPEC for fwmarks) */
  VigilInetAddr addr_end;    /* last address; equal to addr if no range */
  guint16 port;              /* 0 = not given */
  guint32 fwmark;
  int fwmark_family;         /* `fwmark N inet|inet6`, else AF_UNSPEC */
  VigilSourceLoc loc;
} VigilConfVsgEntry;

typedef struct {
  char *name;
  VigilSourceLoc loc;
  GPtrArray *entries;        /* VigilConfVsgEntry* */
} VigilConfVirtualServerGroup;

typedef enum {
  VIGIL_CONF_CHECKER_TCP = 0,
  VIGIL_CONF_CHECKER_HTTP,
  VIGIL_CONF_CHECKER_SSL,
  VIGIL_CONF_CHECKER_SMTP,
  VIGIL_CONF_CHECKER_DNS,
  VIGIL_CONF_CHECKER_UDP,
  VIGIL_CONF_CHECKER_PING,
  VIGIL_CONF_CHECKER_MISC,
  VIGIL_CONF_CHECKER_FILE,
  VIGIL_CONF_CHECKER_BFD,
} VigilConfCheckerType;

/* The config keyword of a checker type: "TCP_CHECK", "HTTP_GET", ... */
const char *vigil_conf_checker_type_to_string (VigilConfCheckerType type);

typedef enum {
  VIGIL_CONF_HTTP_1_0 = 0,
  VIGIL_CONF_HTTP_1_0C,      /* 1.0 with "Connection: close" */
  VIGIL_CONF_HTTP_1_1,
} VigilConfHttpProtocol;

/* `url { path; digest; status_code; virtualhost; regex... }` */
typedef struct {
  char *path;
  char *digest;              /* lower-case hex MD5, NULL = not checked */
  GArray *status_ranges;     /* pairs of guint (first, last); default 200-299 */
  char *virtualhost;
  char *regex;
  gboolean regex_no_match;
  char *regex_options;       /* space separated, as given */
  guint regex_stack_start;
  guint regex_stack_max;
  guint regex_min_offset;
  guint regex_max_offset;    /* 0 = no maximum */
  VigilSourceLoc loc;
} VigilConfUrl;

typedef struct {
  VigilConfCheckerType type;
  VigilSourceLoc loc;

  /* connection (not for MISC, FILE, BFD) */
  VigilInetAddr connect_ip;  /* AF_UNSPEC: the real server's address */
  guint16 connect_port;      /* 0: the real server's port */
  VigilInetAddr bindto;
  guint16 bind_port;
  char *bind_if;
  guint32 fwmark;

  /* timers and retries: resolved from checker, real server, virtual
   * server, then the checker type's default */
  gint64 connect_timeout;    /* 5 s */
  gint64 delay_loop;         /* 60 s */
  gint64 delay_before_retry; /* 1 s; HTTP/SSL 3 s; DNS delay_loop */
  gint64 warmup;             /* delay_loop */
  guint retry;               /* 1; DNS 3; MISC 0 */
  gboolean alpha;
  gboolean log_all_failures;

  /* HTTP_GET / SSL_GET */
  VigilConfHttpProtocol http_protocol;
  gboolean fast_recovery;
  gboolean enable_sni;
  GPtrArray *urls;           /* VigilConfUrl* */
  char *virtualhost;         /* resolved: checker, real server, virtual server */

  /* SMTP_CHECK */
  char *helo_name;           /* NULL: smtpchecker.keepalived.org-like default */

  /* DNS_CHECK */
  char *dns_type;            /* "SOA" */
  char *dns_name;            /* "." */

  /* UDP_CHECK */
  GBytes *payload;           /* NULL: random payload */
  gboolean require_reply;
  GBytes *reply_data;        /* NULL: any reply */
  GBytes *reply_mask;        /* 0xf nibble where X was given, parallel */
  guint min_reply_length;    /* 0 */
  guint max_reply_length;    /* 255 */

  /* MISC_CHECK */
  VigilConfScript *misc_path;
  gint64 misc_timeout;       /* 0 = delay_loop */
  gboolean misc_dynamic;

  /* FILE_CHECK */
  char *track_file;          /* the name of a track_file block */
  char *file_path;           /* resolved: that block's file (NULL if unknown) */
  gboolean file_dynamic;     /* accepted; keepalived 2.2.7 always applies
                              * a non-zero weight */
  int file_weight;           /* resolved: as given, else the track_file's */
  gboolean file_weight_reverse; /* resolved likewise */
  gboolean file_weight_given;

  /* BFD_CHECK */
  char *bfd_name;
} VigilConfChecker;

typedef struct {
  VigilSourceLoc loc;
  VigilInetAddr addr;
  guint16 port;              /* 0 when not given */
  int weight;                /* 1 */
  VigilConfForwarding forwarding; /* resolved from the virtual server */
  VigilConfScript *notify_up;
  VigilConfScript *notify_down;
  guint32 uthreshold;        /* 0 = none */
  guint32 lthreshold;
  gboolean smtp_alert;
  char *virtualhost;
  char *snmp_name;
  gboolean alpha;            /* resolved */
  gboolean inhibit_on_failure; /* resolved */
  /* as given here (-1 = not given); checkers hold the resolved values */
  gint64 connect_timeout;
  gint64 delay_loop;
  gint64 delay_before_retry;
  gint64 warmup;
  gint retry;
  GPtrArray *checkers;       /* VigilConfChecker* */
  gboolean is_sorry_server;
} VigilConfRealServer;

typedef enum {
  VIGIL_CONF_VS_ADDRESS = 0, /* virtual_server ADDR [PORT] */
  VIGIL_CONF_VS_FWMARK,      /* virtual_server fwmark N */
  VIGIL_CONF_VS_GROUP,       /* virtual_server group NAME */
} VigilConfVirtualServerKind;

/* scheduler flags (`flag-1`, `sh-port`, ...): IP_VS_SVC_F_SCHED* values */
#define VIGIL_CONF_VS_FLAG_1   0x0008u
#define VIGIL_CONF_VS_FLAG_2   0x0010u
#define VIGIL_CONF_VS_FLAG_3   0x0020u

typedef struct {
  VigilSourceLoc loc;
  VigilConfVirtualServerKind kind;
  VigilInetAddr addr;
  guint16 port;              /* 0 when not given */
  guint32 fwmark;
  char *group;
  int family;                /* of addr; for fwmark/group see ip_family */

  char *lvs_sched;           /* "wlc" unless given */
  guint32 sched_flags;       /* VIGIL_CONF_VS_FLAG_* */
  gboolean ops;
  gboolean hashed;
  VigilConfForwarding forwarding;  /* NAT unless given */
  char *persistence_engine;
  gboolean persistent;       /* persistence_timeout given */
  guint32 persistence_timeout; /* seconds; 360 when given without value */
  VigilInetAddr persistence_granularity;
  int protocol;              /* IPPROTO_TCP unless given */
  gboolean protocol_given;
  gboolean ha_suspend;
  gboolean smtp_alert;
  char *virtualhost;
  char *snmp_name;
  gboolean alpha;
  gboolean omega;
  guint32 quorum;            /* 1 */
  guint32 hysteresis;        /* 0 */
  VigilConfScript *quorum_up;
  VigilConfScript *quorum_down;
  int ip_family;             /* `ip_family inet|inet6`, else AF_UNSPEC */
  VigilConfRealServer *sorry_server;
  gboolean sorry_server_inhibit;
  VigilConfForwarding sorry_server_forwarding;
  gboolean inhibit_on_failure;
  int weight;                /* `weight` default for real servers, 1 */
  /* as given here (-1 = not given); checkers hold the resolved values */
  gint64 connect_timeout;
  gint64 delay_loop;
  gint64 delay_before_retry;
  gint64 warmup;
  gint retry;
  GPtrArray *real_servers;   /* VigilConfRealServer* */
} VigilConfVirtualServer;

/* Top-level `SSL { password; ca; certificate; key }` for SSL_GET. */
typedef struct {
  char *password;
  char *ca;
  char *certificate;
  char *key;
  VigilSourceLoc loc;
} VigilConfSsl;

/* ---- the whole config ------------------------------------------------ */

typedef struct _VigilConfig VigilConfig;
struct _VigilConfig {
  char *path;                  /* top-level file */
  VigilConfGlobal global;
  GPtrArray *vrrp_instances;   /* VigilConfVrrpInstance*, in file order */
  GPtrArray *sync_groups;      /* VigilConfSyncGroup* */
  GPtrArray *vrrp_scripts;     /* VigilConfVrrpScript* */
  GPtrArray *static_addresses; /* VigilConfVip* */
  GPtrArray *static_routes;    /* VigilConfRoute* */
  GPtrArray *static_rules;     /* VigilConfRule* */
  GPtrArray *track_files;      /* VigilConfTrackFile* */
  GPtrArray *track_processes;  /* VigilConfTrackProcess* */
  GPtrArray *track_groups;     /* VigilConfTrackGroup* */
  GPtrArray *garp_groups;      /* VigilConfGarpGroup* */
  GPtrArray *linkbeat_interfaces; /* VigilConfLinkbeatInterface* */
  GPtrArray *interface_delays; /* VigilConfInterfaceDelay* */
  gboolean linkbeat_use_polling;
  GPtrArray *virtual_server_groups; /* VigilConfVirtualServerGroup* */
  GPtrArray *virtual_servers;  /* VigilConfVirtualServer* */
  VigilConfSsl *ssl;           /* NULL when no SSL block */
  /* name lookups for the vigil_config_find_*() functions; built by
   * vigil_config_build_index(), NULL in hand-built configs */
  GHashTable *index;
};

/* Keys of VigilConfig.index: "<kind>\x1f<name>" */
#define VIGIL_CONF_INDEX_VRRP_INSTANCE 'i'
#define VIGIL_CONF_INDEX_VRRP_SCRIPT   's'
#define VIGIL_CONF_INDEX_TRACK_FILE    'f'
#define VIGIL_CONF_INDEX_TRACK_PROCESS 'p'
#define VIGIL_CONF_INDEX_SYNC_GROUP    'g'
#define VIGIL_CONF_INDEX_VS_GROUP      'v'
#define VIGIL_CONF_INDEX_TRACK_GROUP   't'

void vigil_config_free (VigilConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfig, vigil_config_free)

/* Allocate an empty config: every array exists, globals hold keepalived's
 * defaults. */
VigilConfig *vigil_config_new (void);
/* (Re)build the name index used by the vigil_config_find_*() functions;
 * the first definition of a name wins. The parser calls it. */
void vigil_config_build_index (VigilConfig *config);

/* The object of kind VIGIL_CONF_INDEX_* named `name`, or NULL (needs the
 * index). */
gconstpointer vigil_config_lookup (const VigilConfig *config, char kind, const char *name);
const VigilConfVrrpInstance *vigil_config_find_vrrp_instance (const VigilConfig *config,
                                                              const char *name);
const VigilConfVrrpScript *vigil_config_find_vrrp_script (const VigilConfig *config,
                                                          const char *name);
const VigilConfTrackFile *vigil_config_find_track_file (const VigilConfig *config,
                                                        const char *name);
const VigilConfTrackProcess *vigil_config_find_track_process (const VigilConfig *config,
                                                              const char *name);
const VigilConfSyncGroup *vigil_config_find_sync_group (const VigilConfig *config,
                                                        const char *name);
const VigilConfVirtualServerGroup *
vigil_config_find_virtual_server_group (const VigilConfig *config, const char *name);

void vigil_conf_script_free (VigilConfScript *script);
void vigil_conf_vip_free (VigilConfVip *vip);
void vigil_conf_track_ref_free (VigilConfTrackRef *ref);
void vigil_conf_route_free (VigilConfRoute *route);
void vigil_conf_rule_free (VigilConfRule *rule);
void vigil_conf_vrrp_instance_free (VigilConfVrrpInstance *instance);
void vigil_conf_sync_group_free (VigilConfSyncGroup *group);
void vigil_conf_vrrp_script_free (VigilConfVrrpScript *script);
void vigil_conf_track_file_free (VigilConfTrackFile *file);
void vigil_conf_track_process_free (VigilConfTrackProcess *process);
void vigil_conf_track_group_free (VigilConfTrackGroup *group);
void vigil_conf_garp_group_free (VigilConfGarpGroup *group);
void vigil_conf_linkbeat_interface_free (VigilConfLinkbeatInterface *lbi);
void vigil_conf_interface_delay_free (VigilConfInterfaceDelay *delay);
void vigil_conf_checker_free (VigilConfChecker *checker);
void vigil_conf_real_server_free (VigilConfRealServer *server);
void vigil_conf_virtual_server_free (VigilConfVirtualServer *server);
void vigil_conf_virtual_server_group_free (VigilConfVirtualServerGroup *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfScript, vigil_conf_script_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfVip, vigil_conf_vip_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfRoute, vigil_conf_route_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfRule, vigil_conf_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfChecker, vigil_conf_checker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfRealServer, vigil_conf_real_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilConfVirtualServer, vigil_conf_virtual_server_free)

G_END_DECLS
