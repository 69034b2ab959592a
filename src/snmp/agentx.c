/* agentx.c - vigild as a net-snmp AgentX subagent (see agentx.h)
 *
 * net-snmp runs inside a GSource: before each poll, snmp_select_info2()
 * says which descriptors and which timeout (sessions and alarms, with
 * NETSNMP_DS_LIB_ALARM_DONT_USE_SIG so that nothing uses SIGALRM) it
 * needs; when one is readable snmp_read2() handles it, on timeout
 * snmp_timeout(), then run_alarms() (the AgentX ping and reconnection)
 * and netsnmp_check_outstanding_agent_requests(). No call blocks.
 *
 * net-snmp reads no config or persistent files of the host: its config
 * and persistent directories point into vigild's runtime directory and
 * persistent load/save are off. Its log lines go to GLib logging.
 */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/agentx.h"
#include "i18n.h"
#include "snmp/agentx-probe.h"
#include "snmp/snmp-mibs.h"

#include <net-snmp/agent/agent_callbacks.h>
#include <net-snmp/library/large_fd_set.h>
#include <net/if.h>
#include <sys/socket.h>
#include <syslog.h>

/* libnetsnmpagent's AgentX subagent (agent/mibgroup/agentx/subagent.c)
 * exports these without installing a header for them. */
extern netsnmp_session *main_session;
int subagent_open_master_session (void);
/* RFC 2741's agentx-Ping-PDU, as net-snmp numbers it (agentx/protocol.h). */
#define VIGIL_AGENTX_MSG_PING 13

#define SNMP_APP_NAME "vigild"
/* A walk asks for an instance's ifIndex once per object: looked up again
 * at most this often (µs), so that a walk costs no syscall per object. */
#define IFINDEX_TTL_US (G_USEC_PER_SEC / 2)

typedef struct {
  int ifindex;
  gint64 looked_up;                 /* monotonic µs */
} IfindexEntry;

struct _VigilSnmpAgent {
  GObject parent_instance;

  VigilDaemon *daemon;              /* owns us */
  GSource *source;
  gint64 started_at;                /* realtime µs: TimeStamp 0 */
  gulong instances_changed_id;
  gboolean initialized;             /* net-snmp initialised: shut it down */
  gboolean starting;                /* in init_snmp(): MIB parser chatter */
  gboolean connected;               /* to the master agent, as far as we know */
  gboolean enabled;                 /* the config wants SNMP */
  gboolean said_absent;             /* "no master agent" logged since the last session */
  gboolean reconnect_now;           /* the session is closed on purpose: no pause */
  char *spec;                       /* where the master is (net-snmp transport syntax) */
  char *nowhere;                    /* a socket path that does not exist */
  GCancellable *probe;              /* a probe in flight, or NULL */
  guint retry_id;                   /* next probe */
  guint ping_id;                    /* AgentX pings while connected */
  gboolean ping_outstanding;
  GHashTable *ifindexes;            /* interface name -> IfindexEntry */
  /* What is registered, per MIB (netsnmp_handler_registration*). */
  GPtrArray *vrrp_mib;
  GPtrArray *vrrpv3_mib;
  GPtrArray *keepalived_mib;
};

G_DEFINE_FINAL_TYPE (VigilSnmpAgent, vigil_snmp_agent, G_TYPE_OBJECT)

/* qdata on each watched instance: when it last came up, TimeStamp + 1. */
static GQuark
up_time_quark (void)
{
  return g_quark_from_static_string ("vigil-snmp-up-time");
}

/* ---- the GSource ----------------------------------------------------------- */

typedef struct {
  GSource source;
  GPtrArray *polls;                 /* GPollFD*, added to the source */
  gint64 deadline;                  /* monotonic µs, -1: none */
} SnmpSource;

/* Make the source poll exactly the descriptors in `set`. */
static void
sync_polls (SnmpSource *s, int numfds, netsnmp_large_fd_set *set)
{
  guint n = 0;
  gboolean same = TRUE;

  for (int fd = 0; fd < numfds; fd++)
    if (NETSNMP_LARGE_FD_ISSET (fd, set))
      {
        if (n >= s->polls->len || ((GPollFD *) g_ptr_array_index (s->polls, n))->fd != fd)
          same = FALSE;
        n++;
      }
  if (same && n == s->polls->len)
    return;
  for (guint i = 0; i < s->polls->len; i++)
    g_source_remove_poll (&s->source, g_ptr_array_index (s->polls, i));
  g_ptr_array_set_size (s->polls, 0);
  for (int fd = 0; fd < numfds; fd++)
    if (NETSNMP_LARGE_FD_ISSET (fd, set))
      {
        GPollFD *poll = g_new0 (GPollFD, 1);
        poll->fd = fd;
        poll->events = G_IO_IN | G_IO_HUP | G_IO_ERR;
        g_ptr_array_add (s->polls, poll);
        g_source_add_poll (&s->source, poll);
      }
}

static gboolean
snmp_source_prepare (GSource *source, gint *timeout)
{
  SnmpSource *s = (SnmpSource *) source;
  netsnmp_large_fd_set set;
  struct timeval tv = { 0, 0 };
  int numfds = 0, block = 1;

  netsnmp_large_fd_set_init (&set, FD_SETSIZE);
  snmp_select_info2 (&numfds, &set, &tv, &block);
  sync_polls (s, numfds, &set);
  netsnmp_large_fd_set_cleanup (&set);
  if (block)
    {
      s->deadline = -1;
      *timeout = -1;
      return FALSE;
    }
  s->deadline = g_source_get_time (source) + (gint64) tv.tv_sec * G_USEC_PER_SEC + tv.tv_usec;
  *timeout = (gint) (((gint64) tv.tv_sec * G_USEC_PER_SEC + tv.tv_usec + 999) / 1000);
  return *timeout == 0;
}

static gboolean
snmp_source_check (GSource *source)
{
  SnmpSource *s = (SnmpSource *) source;

  for (guint i = 0; i < s->polls->len; i++)
    if (((GPollFD *) g_ptr_array_index (s->polls, i))->revents != 0)
      return TRUE;
  return s->deadline >= 0 && g_source_get_time (source) >= s->deadline;
}

static gboolean
snmp_source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  SnmpSource *s = (SnmpSource *) source;
  netsnmp_large_fd_set set;
  gboolean readable = FALSE;

  netsnmp_large_fd_set_init (&set, FD_SETSIZE);
  for (guint i = 0; i < s->polls->len; i++)
    {
      GPollFD *poll = g_ptr_array_index (s->polls, i);
      if (poll->revents != 0)
        {
          NETSNMP_LARGE_FD_SET (poll->fd, &set);
          readable = TRUE;
          poll->revents = 0;
        }
    }
  if (readable)
    snmp_read2 (&set);
  else
    snmp_timeout ();
  netsnmp_large_fd_set_cleanup (&set);
  run_alarms ();
  netsnmp_check_outstanding_agent_requests ();
  return G_SOURCE_CONTINUE;
}

static void
snmp_source_finalize (GSource *source)
{
  SnmpSource *s = (SnmpSource *) source;

  g_ptr_array_unref (s->polls);
}

static GSourceFuncs snmp_source_funcs = {
  .prepare = snmp_source_prepare,
  .check = snmp_source_check,
  .dispatch = snmp_source_dispatch,
  .finalize = snmp_source_finalize,
};

static GSource *
snmp_source_new (void)
{
  GSource *source = g_source_new (&snmp_source_funcs, sizeof (SnmpSource));
  SnmpSource *s = (SnmpSource *) source;

  s->polls = g_ptr_array_new_with_free_func (g_free);
  s->deadline = -1;
  g_source_set_static_name (source, "vigil-snmp");
  return source;
}

/* ---- net-snmp's logging and connection events ----------------------------- */

static int
on_snmp_log (int major, int minor, void *server_arg, void *client_arg)
{
  VigilSnmpAgent *self = client_arg;
  const struct snmp_log_message *msg = server_arg;
  g_autofree char *text = g_strchomp (g_strdup (msg->msg != NULL ? msg->msg : ""));

  if (*text == '\0')
    return 0;
  /* What init_snmp() says about the host's MIB files (vigil needs none)
   * is not worth more than a debug line. */
  if (self->starting)
    g_debug ("net-snmp: %s", text);
  else if (msg->priority <= LOG_ERR)
    g_warning ("net-snmp: %s", text);
  else if (msg->priority <= LOG_NOTICE)
    g_message ("net-snmp: %s", text);
  else
    g_debug ("net-snmp: %s", text);
  return 0;
}

/* ---- the AgentX session --------------------------------------------------
 *
 * net-snmp's own reconnection and pings are off (ping interval 0): both
 * are synchronous requests that a master agent which accepts and never
 * answers turns into a stalled main loop. Instead, every
 * VIGIL_SNMP_PING_INTERVAL seconds while there is no session, the probe
 * (agentx-probe.h) asks the master on the main loop; only once it has
 * answered does net-snmp open its session there (answered at once) and
 * register the MIBs. While connected, our own asynchronous AgentX ping
 * checks the master every VIGIL_SNMP_PING_INTERVAL seconds; unanswered
 * within VIGIL_SNMP_PING_TIMEOUT, the session is closed and probing
 * starts again. */

static void start_probe (VigilSnmpAgent *self);

static gboolean
on_retry (gpointer user_data)
{
  VigilSnmpAgent *self = user_data;

  self->retry_id = 0;
  start_probe (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_probe (VigilSnmpAgent *self, guint seconds)
{
  if (self->retry_id != 0 || !self->enabled)
    return;
  if (seconds == 0)
    self->retry_id = g_idle_add (on_retry, self);
  else
    self->retry_id = g_timeout_add_seconds (seconds, on_retry, self);
}

/* Close the session from our side: net-snmp reads the end of the stream
 * on its next dispatch and tears the session down (SNMPD_CALLBACK_INDEX_STOP). */
static void
close_session (void)
{
  netsnmp_transport *transport;

  if (main_session == NULL)
    return;
  transport = snmp_sess_transport (snmp_sess_pointer (main_session));
  if (transport != NULL && transport->sock >= 0)
    shutdown (transport->sock, SHUT_RDWR);
}

static void
on_probed (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  VigilSnmpAgent *self;

  if (!vigil_agentx_probe_finish (result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;                         /* the agent may be gone */
  self = user_data;
  g_clear_object (&self->probe);
  if (error == NULL && main_session == NULL)
    {
      /* It answers: net-snmp's session now, at the same place. */
      netsnmp_ds_set_string (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, self->spec);
      if (subagent_open_master_session () == 0)
        register_mib_reattach ();
      /* Back to nowhere, so that nothing in net-snmp connects by itself. */
      netsnmp_ds_set_string (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, self->nowhere);
      if (self->connected)
        return;
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "it answered a probe but refused net-snmp's session");
    }
  if (error != NULL && !self->said_absent)
    {
      g_message (_("SNMP: no AgentX master agent at %s (%s); retrying every %d s"), self->spec,
                 error->message, VIGIL_SNMP_PING_INTERVAL);
      self->said_absent = TRUE;
    }
  else if (error != NULL)
    g_debug ("SNMP: AgentX master at %s: %s", self->spec, error->message);
  schedule_probe (self, VIGIL_SNMP_PING_INTERVAL);
}

static void
start_probe (VigilSnmpAgent *self)
{
  if (!self->enabled || self->connected || self->probe != NULL)
    return;
  self->probe = g_cancellable_new ();
  vigil_agentx_probe_async (self->spec, VIGIL_SNMP_AGENTX_TIMEOUT * 1000, self->probe,
                            on_probed, self);
}

static int
on_ping_answered (int operation, netsnmp_session *session, int reqid, netsnmp_pdu *pdu,
                  void *magic)
{
  VigilSnmpAgent *self = magic;

  self->ping_outstanding = FALSE;
  if (operation == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE)
    return 1;
  g_warning (_("SNMP: the AgentX master at %s did not answer a ping within %d s; reconnecting"),
             self->spec, VIGIL_SNMP_PING_TIMEOUT);
  self->reconnect_now = TRUE;
  close_session ();
  return 1;
}

static gboolean
on_ping_timer (gpointer user_data)
{
  VigilSnmpAgent *self = user_data;
  netsnmp_pdu *pdu;
  long timeout;
  int retries, sent;

  if (main_session == NULL || self->ping_outstanding)
    return G_SOURCE_CONTINUE;
  pdu = snmp_pdu_create (VIGIL_AGENTX_MSG_PING);
  pdu->sessid = main_session->sessid;
  /* A request takes the session's timeout when sent: the ping's own. */
  timeout = main_session->timeout;
  retries = main_session->retries;
  main_session->timeout = (long) VIGIL_SNMP_PING_TIMEOUT * 1000000;
  main_session->retries = 0;
  sent = snmp_async_send (main_session, pdu, on_ping_answered, self);
  main_session->timeout = timeout;
  main_session->retries = retries;
  if (sent == 0)
    {
      snmp_free_pdu (pdu);
      return G_SOURCE_CONTINUE;
    }
  self->ping_outstanding = TRUE;
  return G_SOURCE_CONTINUE;
}

static int
on_master_connected (int major, int minor, void *server_arg, void *client_arg)
{
  VigilSnmpAgent *self = client_arg;

  self->connected = TRUE;
  self->said_absent = FALSE;
  self->ping_outstanding = FALSE;
  if (self->ping_id == 0)
    self->ping_id = g_timeout_add_seconds (VIGIL_SNMP_PING_INTERVAL, on_ping_timer, self);
  g_message (_("SNMP: connected to the AgentX master agent at %s; MIBs registered"), self->spec);
  return 0;
}

static int
on_master_disconnected (int major, int minor, void *server_arg, void *client_arg)
{
  VigilSnmpAgent *self = client_arg;

  if (!self->connected)
    return 0;
  self->connected = FALSE;
  g_clear_handle_id (&self->ping_id, g_source_remove);
  if (self->reconnect_now)
    g_debug ("SNMP: AgentX session at %s closed", self->spec);
  else
    g_message (_("SNMP: the AgentX master agent at %s went away; reconnecting every %d s"),
               self->spec, VIGIL_SNMP_PING_INTERVAL);
  schedule_probe (self, self->reconnect_now ? 0 : VIGIL_SNMP_PING_INTERVAL);
  self->reconnect_now = FALSE;
  return 0;
}

/* ---- up times and instance watching -------------------------------------- */

static gboolean
is_up (VigilVrrpState state)
{
  return state == VIGIL_VRRP_STATE_BACKUP || state == VIGIL_VRRP_STATE_MASTER;
}

static void
on_state_changed (VigilVrrpInstance *instance, VigilVrrpState old_state,
                  VigilVrrpState new_state, const char *reason, gpointer user_data)
{
  VigilSnmpAgent *self = user_data;

  if (!is_up (old_state) && is_up (new_state))
    g_object_set_qdata (G_OBJECT (instance), up_time_quark (),
                        GUINT_TO_POINTER (vigil_snmp_agent_timestamp (self, g_get_real_time ()) + 1));
  vigil_snmp_traps_state_changed (self, instance, old_state, new_state);
}

static void
on_packet_dropped (VigilVrrpInstance *instance, int result, gpointer source, gpointer user_data)
{
  vigil_snmp_traps_packet_dropped (user_data, instance, (VigilVrrpRxResult) result, source);
}

static void
watch_instances (VigilSnmpAgent *self)
{
  GPtrArray *instances = vigil_daemon_get_vrrp_instances (self->daemon);

  for (guint i = 0; instances != NULL && i < instances->len; i++)
    {
      GObject *instance = g_ptr_array_index (instances, i);

      if (g_object_get_qdata (instance, up_time_quark ()) != NULL)
        continue;
      /* Came up before we watched: TimeStamp 0 (before the agent). */
      g_object_set_qdata (instance, up_time_quark (), GUINT_TO_POINTER (1));
      g_signal_connect_object (instance, "state-changed", G_CALLBACK (on_state_changed), self, 0);
      g_signal_connect_object (instance, "packet-dropped", G_CALLBACK (on_packet_dropped), self, 0);
    }
}

/* The MIB tables' rows point at the instances and the config: forget
 * them when either changes. */
static void
invalidate_rows (VigilSnmpAgent *self)
{
  vigil_mib_invalidate_all (self->vrrp_mib);
  vigil_mib_invalidate_all (self->vrrpv3_mib);
  vigil_mib_invalidate_all (self->keepalived_mib);
}

static void
on_group_state_changed (VigilSyncGroup *group, VigilVrrpState old_state,
                        VigilVrrpState new_state, const char *reason, gpointer user_data)
{
  vigil_snmp_traps_group_state_changed (user_data, group, new_state);
}

static GQuark
group_watched_quark (void)
{
  return g_quark_from_static_string ("vigil-snmp-group-watched");
}

static void
watch_groups (VigilSnmpAgent *self)
{
  GPtrArray *groups = vigil_daemon_get_sync_groups (self->daemon);

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    {
      GObject *group = g_ptr_array_index (groups, i);

      if (g_object_get_qdata (group, group_watched_quark ()) != NULL)
        continue;
      g_object_set_qdata (group, group_watched_quark (), GUINT_TO_POINTER (1));
      g_signal_connect_object (group, "state-changed", G_CALLBACK (on_group_state_changed),
                               self, 0);
    }
}

static void
on_instances_changed (VigilDaemon *daemon, gpointer user_data)
{
  invalidate_rows (user_data);
  watch_instances (user_data);
  watch_groups (user_data);
}

guint32
vigil_snmp_agent_timestamp (VigilSnmpAgent *self, gint64 realtime)
{
  g_return_val_if_fail (VIGIL_IS_SNMP_AGENT (self), 0);
  if (realtime <= self->started_at)
    return 0;
  return (guint32) ((realtime - self->started_at) / 10000);
}

guint32
vigil_snmp_agent_get_up_time (VigilSnmpAgent *self, gpointer instance)
{
  guint stored;

  g_return_val_if_fail (VIGIL_IS_SNMP_AGENT (self), 0);
  if (!is_up (vigil_vrrp_instance_get_state (instance)))
    return 0;
  stored = GPOINTER_TO_UINT (g_object_get_qdata (instance, up_time_quark ()));
  return stored > 0 ? stored - 1 : 0;
}

int
vigil_snmp_agent_ifindex (VigilSnmpAgent *self, const char *ifname)
{
  gint64 now = g_get_monotonic_time ();
  IfindexEntry *entry;

  g_return_val_if_fail (VIGIL_IS_SNMP_AGENT (self), 0);
  if (ifname == NULL)
    return 0;
  entry = g_hash_table_lookup (self->ifindexes, ifname);
  if (entry == NULL)
    {
      entry = g_new0 (IfindexEntry, 1);             /* looked_up 0: never */
      g_hash_table_insert (self->ifindexes, g_strdup (ifname), entry);
    }
  if (entry->looked_up == 0 || now - entry->looked_up > IFINDEX_TTL_US)
    {
      entry->ifindex = (int) if_nametoindex (ifname);
      entry->looked_up = now;
    }
  return entry->ifindex;
}

VigilDaemon *
vigil_snmp_agent_get_daemon (VigilSnmpAgent *self)
{
  g_return_val_if_fail (VIGIL_IS_SNMP_AGENT (self), NULL);
  return self->daemon;
}

/* ---- setup ------------------------------------------------------------------ */

gboolean
vigil_snmp_agent_wanted (const VigilConfig *config)
{
  const VigilConfGlobal *g = &config->global;

  return g->enable_snmp_vrrp || g->enable_snmp_rfcv2 || g->enable_snmp_rfcv3 || g->enable_traps;
}

/* No pings or reconnection by net-snmp (see "the AgentX session"). Its
 * remaining synchronous requests (register, unregister: only sent to a
 * master that has just answered) wait VIGIL_SNMP_AGENTX_TIMEOUT seconds
 * at most, without retries. */
static void
set_agentx_timing (void)
{
  netsnmp_ds_set_int (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, 0);
  netsnmp_ds_set_int (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_TIMEOUT, VIGIL_SNMP_AGENTX_TIMEOUT);
  netsnmp_ds_set_int (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_RETRIES, 0);
}

static void
configure_net_snmp (VigilSnmpAgent *self, const VigilConfGlobal *global)
{
  g_autofree char *dir = g_build_filename (vigil_daemon_get_runtime_path (self->daemon),
                                           "snmp", NULL);

  /* Our log handler before anything logs; none to stderr. */
  snmp_register_callback (SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_snmp_log, self);
  netsnmp_register_loghandler (NETSNMP_LOGHANDLER_CALLBACK, LOG_DEBUG);

  netsnmp_ds_set_boolean (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1); /* subagent */
  set_agentx_timing ();
  /* init_snmp() would open the session synchronously: it finds nothing
   * there and fails at once; the probe finds the master. */
  self->nowhere = g_build_filename (dir, "no-agentx-master-yet", NULL);
  netsnmp_ds_set_string (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, self->nowhere);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
  netsnmp_ds_set_string (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_PERSISTENT_DIR, dir);
  netsnmp_ds_set_string (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_CONFIGURATION_DIR, dir);
  netsnmp_ds_set_boolean (NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_NO_TOKEN_WARNINGS, 1);
  /* Not a warning per retry while the master agent is away: we say it once. */
  netsnmp_ds_set_boolean (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_NO_CONNECTION_WARNINGS, 1);
}

/* Register a MIB that the config enables and is not registered, and
 * unregister one that it no longer enables. */
static void
sync_mib (VigilSnmpAgent *self, gboolean wanted, GPtrArray *registrations, const char *what,
          gboolean (*register_mib) (VigilSnmpAgent *, GPtrArray *))
{
  if (wanted && registrations->len == 0)
    {
      if (!register_mib (self, registrations))
        g_warning (_("SNMP: cannot serve %s"), what);
      else if (self->source != NULL)          /* not at start: after a reload */
        g_message (_("SNMP: now serving %s"), what);
    }
  else if (!wanted && registrations->len > 0)
    {
      vigil_mib_unregister_all (registrations);
      g_message (_("SNMP: no longer serving %s"), what);
    }
}

static void
sync_mibs (VigilSnmpAgent *self, const VigilConfGlobal *global)
{
  sync_mib (self, global->enable_snmp_rfcv2, self->vrrp_mib, "VRRP-MIB",
            vigil_vrrp_mib_register);
  sync_mib (self, global->enable_snmp_rfcv3, self->vrrpv3_mib, "VRRPv3-MIB",
            vigil_vrrpv3_mib_register);
  sync_mib (self, global->enable_snmp_vrrp, self->keepalived_mib, "KEEPALIVED-MIB",
            vigil_keepalived_mib_register);
}

static const char *
spec_of (const VigilConfGlobal *global)
{
  return global->snmp_socket != NULL ? global->snmp_socket : NETSNMP_AGENTX_SOCKET;
}

void
vigil_snmp_agent_reload (VigilSnmpAgent *self)
{
  const VigilConfig *config;
  const VigilConfGlobal *global;
  static const VigilConfGlobal nothing = { 0 };

  g_return_if_fail (VIGIL_IS_SNMP_AGENT (self));
  config = vigil_daemon_get_config (self->daemon);
  global = &config->global;
  invalidate_rows (self);
  if (!vigil_snmp_agent_wanted (config))
    {
      if (!self->enabled)
        return;
      sync_mibs (self, &nothing);
      self->enabled = FALSE;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      if (self->probe != NULL)
        g_cancellable_cancel (self->probe);
      g_clear_object (&self->probe);
      close_session ();
      g_message (_("SNMP: switched off by the reload"));
      return;
    }
  if (g_strcmp0 (spec_of (global), self->spec) != 0)
    {
      g_message (_("SNMP: snmp_socket is now %s (was %s): connecting there"), spec_of (global),
                 self->spec);
      g_free (self->spec);
      self->spec = g_strdup (spec_of (global));
      g_clear_handle_id (&self->retry_id, g_source_remove);
      if (self->probe != NULL)
        g_cancellable_cancel (self->probe);
      g_clear_object (&self->probe);
      self->said_absent = FALSE;
      self->reconnect_now = self->connected;
      close_session ();
    }
  sync_mibs (self, global);
  if (!self->enabled)
    g_message (_("SNMP: switched on by the reload"));
  self->enabled = TRUE;
  start_probe (self);
}

VigilSnmpAgent *
vigil_snmp_agent_new (VigilDaemon *daemon)
{
  g_autoptr(VigilSnmpAgent) self = NULL;
  const VigilConfGlobal *global;

  g_return_val_if_fail (VIGIL_IS_DAEMON (daemon), NULL);
  self = g_object_new (VIGIL_TYPE_SNMP_AGENT, NULL);
  self->daemon = daemon;
  self->started_at = g_get_real_time ();
  global = &vigil_daemon_get_config (daemon)->global;

  configure_net_snmp (self, global);
  if (init_agent (SNMP_APP_NAME) != 0)
    {
      g_warning (_("cannot start the SNMP subagent: init_agent failed"));
      return NULL;
    }
  self->initialized = TRUE;
  /* init_agent() puts its defaults back: ours again, before init_snmp()
   * connects. */
  set_agentx_timing ();
  snmp_register_callback (SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
                          on_master_connected, self);
  snmp_register_callback (SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP,
                          on_master_disconnected, self);
  self->spec = g_strdup (spec_of (global));
  self->enabled = TRUE;
  sync_mibs (self, global);
  self->starting = TRUE;
  init_snmp (SNMP_APP_NAME);
  self->starting = FALSE;

  watch_instances (self);
  watch_groups (self);
  self->instances_changed_id = g_signal_connect (daemon, "vrrp-instances-changed",
                                                 G_CALLBACK (on_instances_changed), self);
  self->source = snmp_source_new ();
  g_source_attach (self->source, NULL);
  start_probe (self);
  return g_steal_pointer (&self);
}

static void
vigil_snmp_agent_dispose (GObject *object)
{
  VigilSnmpAgent *self = VIGIL_SNMP_AGENT (object);

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  if (self->daemon != NULL)
    g_clear_signal_handler (&self->instances_changed_id, self->daemon);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  if (self->probe != NULL)
    g_cancellable_cancel (self->probe);
  g_clear_object (&self->probe);
  if (self->initialized)
    {
      self->initialized = FALSE;
      /* snmp_shutdown() frees the client argument of every callback still
       * registered: ours is this object, so take them back first. */
      snmp_unregister_callback (SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
                                on_master_connected, self, TRUE);
      snmp_unregister_callback (SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP,
                                on_master_disconnected, self, TRUE);
      snmp_unregister_callback (SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_snmp_log,
                                self, TRUE);
      snmp_shutdown (SNMP_APP_NAME);
    }
  self->daemon = NULL;
  g_clear_pointer (&self->ifindexes, g_hash_table_unref);
  /* The registrations themselves were net-snmp's, freed by snmp_shutdown(). */
  g_clear_pointer (&self->vrrp_mib, g_ptr_array_unref);
  g_clear_pointer (&self->vrrpv3_mib, g_ptr_array_unref);
  g_clear_pointer (&self->keepalived_mib, g_ptr_array_unref);
  g_clear_pointer (&self->spec, g_free);
  g_clear_pointer (&self->nowhere, g_free);
  G_OBJECT_CLASS (vigil_snmp_agent_parent_class)->dispose (object);
}

static void
vigil_snmp_agent_class_init (VigilSnmpAgentClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_snmp_agent_dispose;
}

static void
vigil_snmp_agent_init (VigilSnmpAgent *self)
{
  self->ifindexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->vrrp_mib = g_ptr_array_new ();
  self->vrrpv3_mib = g_ptr_array_new ();
  self->keepalived_mib = g_ptr_array_new ();
}
