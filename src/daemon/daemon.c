/* daemon.c - VigilDaemon, the context that owns everything */
#define G_LOG_DOMAIN "vigil"

#include "daemon/daemon.h"
#include "check/check-manager.h"
#include "config/config.h"
#include "daemon/apply.h"
#include "daemon/error.h"
#include "daemon/runtime-dir.h"
#include "daemon/signal-watch.h"
#include "daemon/sd-notify.h"
#include "daemon/static-objects.h"
#include "daemon/timer-queue.h"
#include "dbus/dbus-service.h"
#include "firewall/vip-filter.h"
#include "i18n.h"
#include "net/address-ledger.h"
#include "net/arp.h"
#include "net/netlink.h"
#include "net/object-ledger.h"
#include "net/route-set.h"
#include "net/vmac.h"
#include "notify/notifier.h"
#include "track/tracking-manager.h"
#include "vrrp/vrrp-context.h"
#include "vrrp/vrrp-instance.h"
#include "vrrp/vrrp-socket.h"
#if HAVE_SNMP
#include "snmp/agentx.h"
#endif

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define ADDRESS_LEDGER_FILE "addresses"
#define VIP_FILTER_RECORD_FILE "firewall"
#define OBJECT_LEDGER_FILE "objects"

struct _VigilDaemon {
  GObject parent_instance;

  char *config_path;
  char *runtime_path;
  char *config_id;
  gboolean no_dbus;
  gboolean debug;

  GMainLoop *loop;
  VigilExitStatus exit_status;
  VigilRuntimeDir *runtime_dir;
  VigilConfig *config;

  VigilNetlink *netlink;
  VigilAddressLedger *ledger;
  VigilVipFilter *vip_filter;     /* nftables drop rules for no_accept masters */
  VigilObjectLedger *objects;      /* routes, rules, vmacs vigil added */
  VigilStaticObjects *statics;     /* static_ipaddress/_routes/_rules */
  VigilAnnouncer *announcer;
  VigilTimerQueue *timers;
  VigilVrrpGlobalStats vrrp_stats;
  VigilVrrpSocketPool *sockets;
  VigilVrrpContext vrrp_context;
  GPtrArray *vrrp_instances;      /* VigilVrrpInstance* */
  GPtrArray *sync_groups;         /* VigilSyncGroup* */
#if HAVE_SNMP
  VigilSnmpAgent *snmp;           /* NULL unless the config enables SNMP */
#endif
  VigilDbusService *dbus;         /* NULL with --no-dbus */
  VigilSdNotify *sd_notify;       /* READY=1, STATUS=, watchdog */
  VigilNotifier *notifier;        /* notify scripts and FIFOs */
  VigilTrackingManager *tracking; /* trackers -> instance weights */
  VigilCheckManager *checks;      /* virtual servers, real servers, checkers */

  VigilSignalWatch *signal_watch;  /* SIGTERM, SIGINT, SIGHUP */
  gint64 start_time;
  gint64 last_reload_time;
  gboolean last_reload_ok;
};

enum {
  SIGNAL_VRRP_INSTANCES_CHANGED,
  SIGNAL_RELOADED,
  SIGNAL_VIRTUAL_SERVERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilDaemon, vigil_daemon, G_TYPE_OBJECT)

VigilDaemon *
vigil_daemon_new (const VigilDaemonOptions *options)
{
  VigilDaemon *self;

  g_return_val_if_fail (options != NULL && options->config_path != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_DAEMON, NULL);
  self->config_path = g_strdup (options->config_path);
  self->runtime_path = g_strdup (options->runtime_dir != NULL ? options->runtime_dir
                                                              : vigil_runtime_dir_default ());
  self->config_id = g_strdup (options->config_id);
  self->no_dbus = options->no_dbus;
  self->debug = options->debug;
  return self;
}

const char *
vigil_daemon_get_config_path (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->config_path;
}

const char *
vigil_daemon_get_config_id (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->config_id;
}

const char *
vigil_daemon_get_runtime_path (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->runtime_path;
}

gint64
vigil_daemon_get_start_time (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), 0);
  return self->start_time;
}

gint64
vigil_daemon_get_last_reload_time (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), 0);
  return self->last_reload_time;
}

gboolean
vigil_daemon_get_last_reload_ok (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), FALSE);
  return self->last_reload_ok;
}

const VigilConfig *
vigil_daemon_get_config (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->config;
}

GPtrArray *
vigil_daemon_get_vrrp_instances (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->vrrp_instances;
}

VigilTrackingManager *
vigil_daemon_get_tracking_manager (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->tracking;
}

GPtrArray *
vigil_daemon_get_sync_groups (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->sync_groups;
}

const VigilVrrpGlobalStats *
vigil_daemon_get_vrrp_global_stats (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return &self->vrrp_stats;
}

GPtrArray *
vigil_daemon_get_virtual_servers (VigilDaemon *self)
{
  g_return_val_if_fail (VIGIL_IS_DAEMON (self), NULL);
  return self->checks != NULL ? vigil_check_manager_get_virtual_servers (self->checks) : NULL;
}

void
vigil_daemon_quit (VigilDaemon *self)
{
  g_return_if_fail (VIGIL_IS_DAEMON (self));
  if (self->loop != NULL)
    g_main_loop_quit (self->loop);
}

/* Load and validate the config file; diagnostics are logged. NULL with an
 * error listing every diagnostic when it has errors. */
static VigilConfig *
load_config (VigilDaemon *self, gboolean print_to_stderr, GError **error)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions options = { .config_id = self->config_id };
  VigilConfig *config;

  config = vigil_config_load (self->config_path, &options, diags);
  if (print_to_stderr)
    vigil_diag_list_print (diags, stderr);
  else
    for (guint i = 0; i < vigil_diag_list_length (diags); i++)
      {
        const VigilDiag *diag = vigil_diag_list_get (diags, i);
        g_autofree char *line = vigil_diag_format (diag);
        if (diag->severity == VIGIL_DIAG_ERROR)
          g_warning ("%s", line);
        else
          g_message ("%s", line);
      }
  if (config == NULL || vigil_diag_list_has_errors (diags))
    {
      g_auto(GStrv) lines = vigil_diag_list_to_strv (diags);
      g_autofree char *joined = g_strjoinv ("\n", lines);
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_CONFIG_INVALID,
                   _("%s has errors:\n%s"), self->config_path, joined);
      g_clear_pointer (&config, vigil_config_free);
      return NULL;
    }
  return config;
}

static gboolean
check_privileges (GError **error)
{
  int fd = socket (AF_INET, SOCK_RAW | SOCK_CLOEXEC, 112);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_PERMISSION_DENIED,
                   _("cannot open a raw VRRP socket (%s): vigild needs CAP_NET_RAW and "
                     "CAP_NET_ADMIN; run it as root"), g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Before a VRRP timer runs: the adverts already queued first (see
 * vigil_timer_queue_set_before_expiry ()). */
static void
receive_adverts_before_timers (gpointer user_data)
{
  vigil_vrrp_socket_pool_receive (user_data);
}

static gboolean
setup_kernel_helpers (VigilDaemon *self, GError **error)
{
  g_autofree char *ledger_path = NULL;
  g_autofree char *filter_path = NULL;
  g_autofree char *objects_path = NULL;
  guint recovered;

  self->netlink = vigil_netlink_new (error);
  if (self->netlink == NULL)
    return FALSE;
  self->announcer = vigil_announcer_new (error);
  if (self->announcer == NULL)
    return FALSE;
  self->timers = vigil_timer_queue_new (error);
  if (self->timers == NULL)
    return FALSE;
  self->sockets = vigil_vrrp_socket_pool_new (&self->vrrp_stats);
  vigil_timer_queue_set_before_expiry (self->timers, receive_adverts_before_timers, self->sockets);
  ledger_path = vigil_runtime_dir_build (self->runtime_dir, ADDRESS_LEDGER_FILE);
  self->ledger = vigil_address_ledger_new (ledger_path);
  objects_path = vigil_runtime_dir_build (self->runtime_dir, OBJECT_LEDGER_FILE);
  self->objects = vigil_object_ledger_new (objects_path);
  /* Rules and routes before the addresses they may use. */
  recovered = vigil_route_set_recover (self->objects, self->netlink);
  if (recovered > 0)
    g_message (_("removed %u route(s) and rule(s) left behind by a previous run"), recovered);
  recovered = vigil_address_ledger_recover (self->ledger, self->netlink);
  if (recovered > 0)
    g_message (_("removed %u address(es) left behind by a previous run"), recovered);
  recovered = vigil_vmac_recover (self->objects, self->netlink);
  if (recovered > 0)
    g_message (_("removed %u vmac interface(s) left behind by a previous run"), recovered);
  filter_path = vigil_runtime_dir_build (self->runtime_dir, VIP_FILTER_RECORD_FILE);
  self->vip_filter = vigil_vip_filter_new (filter_path);
  vigil_vip_filter_recover (self->vip_filter);
  self->statics = vigil_static_objects_new (self->netlink, self->ledger, self->objects);

  self->vrrp_context.netlink = self->netlink;
  self->vrrp_context.ledger = self->ledger;
  self->vrrp_context.objects = self->objects;
  self->vrrp_context.announcer = self->announcer;
  self->vrrp_context.timers = self->timers;
  self->vrrp_context.sockets = self->sockets;
  self->vrrp_context.global_stats = &self->vrrp_stats;
  self->vrrp_context.vip_filter = self->vip_filter;
  return TRUE;
}

static void
update_context_from_config (VigilDaemon *self)
{
  self->vrrp_context.mcast_group4 = self->config->global.vrrp_mcast_group4;
  self->vrrp_context.mcast_group6 = self->config->global.vrrp_mcast_group6;
  self->vrrp_context.garp_interval = self->config->global.vrrp_garp_interval;
  self->vrrp_context.gna_interval = self->config->global.vrrp_gna_interval;
  g_strlcpy (self->vrrp_context.vmac_prefix, self->config->global.vmac_prefix != NULL
             ? self->config->global.vmac_prefix : "", sizeof self->vrrp_context.vmac_prefix);
  if (!vigil_inet_addr_is_set (&self->vrrp_context.mcast_group4))
    vigil_inet_addr_parse ("224.0.0.18", &self->vrrp_context.mcast_group4);
  if (!vigil_inet_addr_is_set (&self->vrrp_context.mcast_group6))
    vigil_inet_addr_parse ("ff02::12", &self->vrrp_context.mcast_group6);
  if (self->vip_filter != NULL)
    vigil_vip_filter_configure (self->vip_filter, self->config);
}

static void
stop_everything (VigilDaemon *self)
{
  for (guint i = 0; self->vrrp_instances != NULL && i < self->vrrp_instances->len; i++)
    vigil_vrrp_instance_stop (g_ptr_array_index (self->vrrp_instances, i));
  /* After the priority-0 adverts: the LB backend's removal may take a
   * few netlink round trips. */
  if (self->checks != NULL)
    vigil_check_manager_stop (self->checks);
  /* The groups follow their members to STOP. */
  g_clear_pointer (&self->sync_groups, g_ptr_array_unref);
  g_clear_pointer (&self->vrrp_instances, g_ptr_array_unref);
  if (self->statics != NULL)
    vigil_static_objects_remove (self->statics);
  /* Whatever is still recorded (e.g. added by an instance that failed
   * half-way) goes too: nothing vigil added outlives it. */
  if (self->ledger != NULL && self->netlink != NULL)
    vigil_address_ledger_delete_all (self->ledger, self->netlink);
  /* The drop rules go after the addresses they protected. */
  if (self->vip_filter != NULL)
    vigil_vip_filter_stop (self->vip_filter);
}

static void
on_signal (int signum, gpointer user_data)
{
  VigilDaemon *self = user_data;
  g_autoptr(GError) error = NULL;

  if (signum == SIGHUP)
    {
      g_message (_("reloading %s on SIGHUP"), self->config_path);
      if (!vigil_daemon_reload (self, &error))
        g_warning (_("reload refused, the running configuration stays: %s"), error->message);
      return;
    }
  vigil_sd_notify_stopping (self->sd_notify);
  /* Stop now, inside the signal's dispatch, so masters' priority-0
   * adverts leave at once rather than after the loop unwinds (and
   * before anything is logged). */
  stop_everything (self);
  g_message (_("stopping on %s"), signum == SIGINT ? "SIGINT" : "SIGTERM");
  g_main_loop_quit (self->loop);
}

#if HAVE_SNMP
/* SNMP follows the new config (enable_snmp_*, enable_traps, snmp_socket):
 * the agent starts with the first config that wants it, then follows. */
static void
reload_snmp (VigilDaemon *self)
{
  if (self->snmp != NULL)
    vigil_snmp_agent_reload (self->snmp);
  else if (vigil_snmp_agent_wanted (self->config))
    self->snmp = vigil_snmp_agent_new (self);
}
#endif

gboolean
vigil_daemon_reload (VigilDaemon *self, GError **error)
{
  g_autoptr(VigilConfig) config = NULL;
  g_autoptr(GError) local_error = NULL;
  VigilApplyStats stats;
  gint64 started = g_get_monotonic_time (), loaded;
  gboolean vs_changed = FALSE;
  gboolean groups_changed;

  g_return_val_if_fail (VIGIL_IS_DAEMON (self), FALSE);
  vigil_sd_notify_reloading (self->sd_notify);
  self->last_reload_time = g_get_real_time ();
  config = load_config (self, FALSE, &local_error);
  if (config == NULL)
    {
      self->last_reload_ok = FALSE;
      g_signal_emit (self, signals[SIGNAL_RELOADED], 0, FALSE, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  loaded = g_get_monotonic_time ();
  vigil_apply_vrrp_instances (self->vrrp_instances, config, &self->vrrp_context, &stats);
  groups_changed = vigil_apply_sync_groups (self->sync_groups, config, self->vrrp_instances);
  g_message (_("reloaded: %u instance(s) unchanged, %u restarted, %u added, %u removed"),
             stats.unchanged, stats.restarted, stats.added, stats.removed);
  if (self->checks != NULL)
    {
      VigilCheckApplyStats check_stats;
      gboolean changed = vigil_check_manager_apply (self->checks, config, &check_stats);

      if (config->virtual_servers->len + check_stats.vs_removed > 0)
        g_message (_("reloaded: %u virtual server(s) kept, %u added, %u removed; %u real "
                     "server(s) unchanged, %u updated, %u added, %u removed"),
                   check_stats.vs_kept, check_stats.vs_added, check_stats.vs_removed,
                   check_stats.rs_unchanged, check_stats.rs_updated, check_stats.rs_added,
                   check_stats.rs_removed);
      vs_changed = changed;
    }
  /* The instances now point into the new config; the old one can go. */
  vigil_static_objects_apply (self->statics, config);
  g_clear_pointer (&self->config, vigil_config_free);
  self->config = g_steal_pointer (&config);
  update_context_from_config (self);
#if HAVE_SNMP
  reload_snmp (self);
#endif
  self->last_reload_ok = TRUE;
  if (stats.restarted + stats.added + stats.removed > 0 || groups_changed)
    g_signal_emit (self, signals[SIGNAL_VRRP_INSTANCES_CHANGED], 0);
  if (vs_changed)
    g_signal_emit (self, signals[SIGNAL_VIRTUAL_SERVERS_CHANGED], 0);
  g_signal_emit (self, signals[SIGNAL_RELOADED], 0, TRUE, "");
  g_message (_("reload took %.1f ms (reading and checking the config %.1f ms)"),
             (g_get_monotonic_time () - started) / 1000.0, (loaded - started) / 1000.0);
  return TRUE;
}

VigilExitStatus
vigil_daemon_run (VigilDaemon *self)
{
  g_autoptr(GError) error = NULL;
  VigilApplyStats stats;

  g_return_val_if_fail (VIGIL_IS_DAEMON (self), VIGIL_EXIT_RUNTIME);

  self->config = load_config (self, TRUE, &error);
  if (self->config == NULL)
    return VIGIL_EXIT_CONFIG;
  if (!check_privileges (&error))
    {
      g_printerr ("vigild: %s\n", error->message);
      return VIGIL_EXIT_RUNTIME;
    }
  /* VRRP timers are computed to the microsecond: do not let the kernel
   * batch our wakeups by its default 50 µs timer slack. */
  (void) prctl (PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
  self->runtime_dir = vigil_runtime_dir_open (self->runtime_path, &error);
  if (self->runtime_dir == NULL)
    {
      g_printerr ("vigild: %s\n", error->message);
      return VIGIL_EXIT_RUNTIME;
    }
  if (!setup_kernel_helpers (self, &error))
    {
      g_printerr ("vigild: %s\n", error->message);
      return VIGIL_EXIT_RUNTIME;
    }
  update_context_from_config (self);

  self->loop = g_main_loop_new (NULL, FALSE);
  {
    const int handled[] = { SIGTERM, SIGINT, SIGHUP };
    self->signal_watch = vigil_signal_watch_new (handled, G_N_ELEMENTS (handled),
                                                 on_signal, self, &error);
    if (self->signal_watch == NULL)
      {
        g_printerr ("vigild: %s\n", error->message);
        return VIGIL_EXIT_RUNTIME;
      }
  }

  vigil_static_objects_apply (self->statics, self->config);
  /* vrrp_startup_delay: at start only (not on reload), no instance
   * becomes master before it is over. */
  if (self->config->global.vrrp_startup_delay > 0)
    {
      self->vrrp_context.startup_delay_until = g_get_monotonic_time ()
                                               + self->config->global.vrrp_startup_delay;
      g_message (_("delaying VRRP startup for %g seconds (vrrp_startup_delay)"),
                 self->config->global.vrrp_startup_delay / (double) G_USEC_PER_SEC);
    }
  self->vrrp_instances = g_ptr_array_new_with_free_func (g_object_unref);
  vigil_apply_vrrp_instances (self->vrrp_instances, self->config, &self->vrrp_context, &stats);
  self->sync_groups = g_ptr_array_new_with_free_func (g_object_unref);
  vigil_apply_sync_groups (self->sync_groups, self->config, self->vrrp_instances);
  self->start_time = g_get_real_time ();
  self->notifier = vigil_notifier_new (self);
  self->tracking = vigil_tracking_manager_new (self, self->netlink);
  g_signal_emit (self, signals[SIGNAL_VRRP_INSTANCES_CHANGED], 0);
  self->checks = vigil_check_manager_new (self->runtime_path, self->notifier, self->timers);
  vigil_check_manager_apply (self->checks, self->config, NULL);
  g_signal_emit (self, signals[SIGNAL_VIRTUAL_SERVERS_CHANGED], 0);
#if HAVE_SNMP
  if (vigil_snmp_agent_wanted (self->config))
    self->snmp = vigil_snmp_agent_new (self);
#endif
  g_message (_("vigild %s started with %s: %u VRRP instance(s), %u virtual server(s)"),
             PACKAGE_VERSION, self->config_path, self->vrrp_instances->len,
             self->config->virtual_servers->len);
  /* D-Bus only reads and calls the instances: VRRP runs without it. */
  if (!self->no_dbus)
    {
      self->dbus = vigil_dbus_service_new (self);
      if (!vigil_dbus_service_start (self->dbus, &error))
        g_warning (_("running without D-Bus: %s"), error->message);
      g_clear_error (&error);
    }

  self->sd_notify = vigil_sd_notify_new (self);
  vigil_sd_notify_ready (self->sd_notify);
  self->exit_status = VIGIL_EXIT_OK;
  g_main_loop_run (self->loop);

  stop_everything (self);
  g_message (_("vigild stopped"));
  return self->exit_status;
}

static void
vigil_daemon_dispose (GObject *object)
{
  VigilDaemon *self = VIGIL_DAEMON (object);

  g_clear_pointer (&self->signal_watch, vigil_signal_watch_free);
#if HAVE_SNMP
  g_clear_object (&self->snmp);
#endif
  g_clear_pointer (&self->dbus, vigil_dbus_service_free);
  g_clear_pointer (&self->sd_notify, vigil_sd_notify_free);
  g_clear_object (&self->tracking);
  stop_everything (self);
  g_clear_object (&self->checks);
  g_clear_object (&self->notifier);
  if (self->timers != NULL)
    vigil_timer_queue_set_before_expiry (self->timers, NULL, NULL);
  g_clear_pointer (&self->sockets, vigil_vrrp_socket_pool_free);
  g_clear_pointer (&self->timers, vigil_timer_queue_free);
  g_clear_pointer (&self->announcer, vigil_announcer_free);
  g_clear_pointer (&self->statics, vigil_static_objects_free);
  g_clear_pointer (&self->objects, vigil_object_ledger_free);
  g_clear_pointer (&self->ledger, vigil_address_ledger_free);
  g_clear_object (&self->vip_filter);
  g_clear_object (&self->netlink);
  g_clear_pointer (&self->runtime_dir, vigil_runtime_dir_close);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  G_OBJECT_CLASS (vigil_daemon_parent_class)->dispose (object);
}

static void
vigil_daemon_finalize (GObject *object)
{
  VigilDaemon *self = VIGIL_DAEMON (object);

  g_clear_pointer (&self->config, vigil_config_free);
  g_free (self->config_path);
  g_free (self->runtime_path);
  g_free (self->config_id);
  G_OBJECT_CLASS (vigil_daemon_parent_class)->finalize (object);
}

static void
vigil_daemon_class_init (VigilDaemonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_daemon_dispose;
  object_class->finalize = vigil_daemon_finalize;

  signals[SIGNAL_VRRP_INSTANCES_CHANGED] =
    g_signal_new ("vrrp-instances-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_VIRTUAL_SERVERS_CHANGED] =
    g_signal_new ("virtual-servers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
vigil_daemon_init (VigilDaemon *self)
{
}
