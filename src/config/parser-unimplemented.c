/* parser-unimplemented.c - keepalived keywords vigil accepts but does not implement
 *
 * The one list of them: the parser warns (once per load) when a config
 * uses one, and vigil_config_unimplemented_keywords() hands the list to
 * documentation. A row's keyword may be "keyword VALUE" when only one
 * value of a keyword is unimplemented (e.g. "auth_type AH").
 *
 * Rows are sorted by block, then keyword (strcmp), for bsearch.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/config.h"
#include "config/parser.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#define NOTE_SMTP N_("vigil sends no e-mail; use notify scripts or the notify FIFO")
#define NOTE_PROCESS N_("vigil is one process; use the systemd unit (Nice=, CPUAffinity=, " \
                        "LimitRTTIME=...) instead")
#define NOTE_BFD N_("BFD is not supported")
#define NOTE_NETNS N_("run vigild inside the namespace instead (ip netns exec NAME vigild)")
#define NOTE_BUFFERS N_("vigil sizes its netlink and socket buffers itself")
#define NOTE_RELOAD N_("reload with SIGHUP or the D-Bus Reload() method")
#define NOTE_COPIES N_("vigil keeps no copy of the configuration")
#define NOTE_IPTABLES N_("vigil drops traffic to the VIPs of no_accept masters with nftables " \
                            "instead (see 'nftables')")
#define NOTE_RUNTIME N_("use vigild --runtime-dir")

#define TOP VIGIL_CONF_BLOCK_TOP
#define GLOBAL VIGIL_CONF_BLOCK_GLOBAL_DEFS
#define VRRP VIGIL_CONF_BLOCK_VRRP_INSTANCE
#define AUTH VIGIL_CONF_BLOCK_AUTHENTICATION
#define SYNC VIGIL_CONF_BLOCK_VRRP_SYNC_GROUP
#define VS VIGIL_CONF_BLOCK_VIRTUAL_SERVER
#define RS VIGIL_CONF_BLOCK_REAL_SERVER
#define BLOCK VIGIL_CONF_KW_BLOCK_OPTIONAL

static const VigilConfUnimplementedRow unimplemented[] = {
  { TOP, "bfd_instance", BLOCK, NOTE_BFD },
  { TOP, "child_wait_time", 0, NOTE_PROCESS },
  { TOP, "instance", 0, NOTE_RUNTIME },
  { TOP, "namespace_with_ipsets", 0, NOTE_NETNS },
  { TOP, "net_namespace", 0, NOTE_NETNS },
  { TOP, "net_namespace_ipvs", 0, NOTE_NETNS },
  { TOP, "route encap", 0, N_("routes with encapsulation are added without it") },
  { TOP, "route vrf", 0, N_("routes are added to the table given with 'table'") },
  { TOP, "use_pid_dir", 0, NOTE_RUNTIME },

  { GLOBAL, "FIFO owner", 0, N_("create the FIFO beforehand to choose its owner") },
  { GLOBAL, "bfd_cpu_affinity", 0, NOTE_BFD },
  { GLOBAL, "bfd_no_swap", 0, NOTE_BFD },
  { GLOBAL, "bfd_priority", 0, NOTE_BFD },
  { GLOBAL, "bfd_process_name", 0, NOTE_BFD },
  { GLOBAL, "bfd_rlimit_rtime", 0, NOTE_BFD },
  { GLOBAL, "bfd_rlimit_rttime", 0, NOTE_BFD },
  { GLOBAL, "bfd_rt_priority", 0, NOTE_BFD },
  { GLOBAL, "checker_cpu_affinity", 0, NOTE_PROCESS },
  { GLOBAL, "checker_no_swap", 0, NOTE_PROCESS },
  { GLOBAL, "checker_priority", 0, NOTE_PROCESS },
  { GLOBAL, "checker_process_name", 0, NOTE_PROCESS },
  { GLOBAL, "checker_rlimit_rtime", 0, NOTE_PROCESS },
  { GLOBAL, "checker_rlimit_rttime", 0, NOTE_PROCESS },
  { GLOBAL, "checker_rt_priority", 0, NOTE_PROCESS },
  { GLOBAL, "config_save_dir", 0, NOTE_COPIES },
  { GLOBAL, "data_use_instance", 0, N_("vigil has no data dump files; use vigilctl or D-Bus") },
  { GLOBAL, "dbus_service_name", 0, N_("vigil's bus name is always org.vigil.Vigil1") },
  { GLOBAL, "disable_local_igmp", 0, NULL },
  { GLOBAL, "include_check", 0, N_("vigil reports every include that matches no readable file") },
  { GLOBAL, "lvs_netlink_cmd_rcv_bufs", 0, NOTE_BUFFERS },
  { GLOBAL, "lvs_netlink_cmd_rcv_bufs_force", 0, NOTE_BUFFERS },
  { GLOBAL, "lvs_netlink_monitor_rcv_bufs", 0, NOTE_BUFFERS },
  { GLOBAL, "lvs_netlink_monitor_rcv_bufs_force", 0, NOTE_BUFFERS },
  { GLOBAL, "lvs_process_name", 0, NOTE_PROCESS },
  { GLOBAL, "lvs_sync_daemon", 0, N_("start the IPVS sync daemon with ipvsadm --start-daemon") },
  { GLOBAL, "max_auto_priority", 0, NOTE_PROCESS },
  { GLOBAL, "min_auto_priority_delay", 0, NOTE_PROCESS },
  { GLOBAL, "no_checker_emails", 0, NOTE_SMTP },
  { GLOBAL, "no_email_faults", 0, NOTE_SMTP },
  { GLOBAL, "notification_email", BLOCK, NOTE_SMTP },
  { GLOBAL, "notification_email_from", 0, NOTE_SMTP },
  { GLOBAL, "process_monitor_rcv_bufs", 0, NOTE_BUFFERS },
  { GLOBAL, "process_monitor_rcv_bufs_force", 0, NOTE_BUFFERS },
  { GLOBAL, "process_name", 0, NOTE_PROCESS },
  { GLOBAL, "process_names", 0, NOTE_PROCESS },
  { GLOBAL, "random_seed", 0, NULL },
  { GLOBAL, "reload_check_config", 0,
    N_("vigil always checks a new configuration before using it") },
  { GLOBAL, "reload_file", 0, NOTE_RELOAD },
  { GLOBAL, "reload_repeat", 0, NOTE_RELOAD },
  { GLOBAL, "reload_time_file", 0, NOTE_RELOAD },
  { GLOBAL, "smtp_alert", 0, NOTE_SMTP },
  { GLOBAL, "smtp_alert_checker", 0, NOTE_SMTP },
  { GLOBAL, "smtp_alert_vrrp", 0, NOTE_SMTP },
  { GLOBAL, "smtp_connect_timeout", 0, NOTE_SMTP },
  { GLOBAL, "smtp_helo_name", 0, NOTE_SMTP },
  { GLOBAL, "smtp_server", 0, NOTE_SMTP },
  { GLOBAL, "tmp_config_directory", 0, NOTE_COPIES },
  { GLOBAL, "vrrp_cpu_affinity", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_ipsets", 0, NOTE_IPTABLES },
  { GLOBAL, "vrrp_iptables", 0, NOTE_IPTABLES },
  { GLOBAL, "vrrp_netlink_cmd_rcv_bufs", 0, NOTE_BUFFERS },
  { GLOBAL, "vrrp_netlink_cmd_rcv_bufs_force", 0, NOTE_BUFFERS },
  { GLOBAL, "vrrp_netlink_monitor_rcv_bufs", 0, NOTE_BUFFERS },
  { GLOBAL, "vrrp_netlink_monitor_rcv_bufs_force", 0, NOTE_BUFFERS },
  { GLOBAL, "vrrp_no_swap", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_priority", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_process_name", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_rlimit_rtime", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_rlimit_rttime", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_rt_priority", 0, NOTE_PROCESS },
  { GLOBAL, "vrrp_rx_bufs_multiplier", 0, NOTE_BUFFERS },
  { GLOBAL, "vrrp_rx_bufs_policy", 0, NOTE_BUFFERS },

  { VRRP, "debug", 0, N_("use vigild --debug") },
  { VRRP, "kernel_rx_buf_size", 0, NOTE_BUFFERS },
  { VRRP, "linkbeat_use_polling", 0, N_("vigil follows link state through netlink") },
  { VRRP, "lvs_sync_daemon_interface", 0,
    N_("start the IPVS sync daemon with ipvsadm --start-daemon") },
  { VRRP, "smtp_alert", 0, NOTE_SMTP },
  { VRRP, "track_bfd", BLOCK, NOTE_BFD },
  { VRRP, "use_ipvlan", 0, N_("use use_vmac") },
  { VRRP, "vrf", 0, NULL },

  { AUTH, "auth_type AH", 0, N_("use auth_type PASS, or no authentication") },

  { SYNC, "smtp_alert", 0, NOTE_SMTP },
  { SYNC, "track_bfd", BLOCK, NOTE_BFD },

  { VS, "smtp_alert", 0, NOTE_SMTP },

  { RS, "BFD_CHECK", BLOCK, NOTE_BFD },
  { RS, "smtp_alert", 0, NOTE_SMTP },
};

static int
row_compare (const void *a, const void *b)
{
  const VigilConfUnimplementedRow *x = a, *y = b;

  if (x->block != y->block)
    return x->block < y->block ? -1 : 1;
  return strcmp (x->keyword, y->keyword);
}

const VigilConfUnimplementedRow *
vigil_conf_unimplemented_lookup (VigilConfBlockKind block, const char *keyword)
{
  VigilConfUnimplementedRow key = { .block = block, .keyword = keyword };

  return bsearch (&key, unimplemented, G_N_ELEMENTS (unimplemented), sizeof key, row_compare);
}

const VigilConfUnimplementedRow *
vigil_conf_unimplemented_table (gsize *n_rows)
{
  *n_rows = G_N_ELEMENTS (unimplemented);
  return unimplemented;
}

GPtrArray *
vigil_config_unimplemented_keywords (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; i < G_N_ELEMENTS (unimplemented); i++)
    {
      const VigilConfBlockSpec *spec = vigil_conf_block_spec (unimplemented[i].block);
      VigilConfUnimplemented *item = g_new0 (VigilConfUnimplemented, 1);

      item->block = spec->name;
      item->keyword = unimplemented[i].keyword;
      item->note = unimplemented[i].note != NULL ? _(unimplemented[i].note) : NULL;
      g_ptr_array_add (list, item);
    }
  return list;
}
