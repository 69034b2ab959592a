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
#include "snmp/snmp-mibs.h"

#include <net-snmp/agent/agent_callbacks.h>
#include <net-snmp/library/large_fd_set.h>
#include <net/if.h>
#include <syslog.h>

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
  GHashTable *ifindexes;            /* interface name -> IfindexEntry */
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

static int
on_master_connected (int major, int minor, void *server_arg, void *client_arg)
{
  VigilSnmpAgent *self = client_arg;

  self->connected = TRUE;
  g_message ("connected to the AgentX master agent; MIBs registered");
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
    }
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

/* net-snmp opens the AgentX session and registers with synchronous
 * requests on a session of the library's default timeout and retries
 * (1 s, 5 times): a master agent that accepts but never answers would hold
 * the main loop for 6 s. One try of VIGIL_SNMP_AGENTX_TIMEOUT seconds (the
 * shortest net-snmp knows), then the ping interval brings the next. */
static void
set_agentx_timing (void)
{
  netsnmp_ds_set_int (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
                      VIGIL_SNMP_PING_INTERVAL);
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
  if (global->snmp_socket != NULL)
    netsnmp_ds_set_string (NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET,
                           global->snmp_socket);
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
      g_warning ("cannot start the SNMP subagent: init_agent failed");
      return NULL;
    }
  self->initialized = TRUE;
  /* init_agent() puts its defaults back: ours again, before init_snmp()
   * connects. */
  set_agentx_timing ();
  snmp_register_callback (SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
                          on_master_connected, self);
  if (global->enable_snmp_rfcv2)
    vigil_vrrp_mib_register (self);
  if (global->enable_snmp_rfcv3)
    vigil_vrrpv3_mib_register (self);
  if (global->enable_snmp_vrrp)
    vigil_keepalived_mib_register (self);
  self->starting = TRUE;
  init_snmp (SNMP_APP_NAME);
  self->starting = FALSE;

  watch_instances (self);
  watch_groups (self);
  self->instances_changed_id = g_signal_connect (daemon, "vrrp-instances-changed",
                                                 G_CALLBACK (on_instances_changed), self);
  self->source = snmp_source_new ();
  g_source_attach (self->source, NULL);
  if (!self->connected)
    g_message ("SNMP: no AgentX master agent at %s yet; retrying every %d s",
               global->snmp_socket != NULL ? global->snmp_socket : "net-snmp's default socket",
               VIGIL_SNMP_PING_INTERVAL);
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
  if (self->initialized)
    {
      self->initialized = FALSE;
      /* snmp_shutdown() frees the client argument of every callback still
       * registered: ours is this object, so take them back first. */
      snmp_unregister_callback (SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START,
                                on_master_connected, self, TRUE);
      snmp_unregister_callback (SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING, on_snmp_log,
                                self, TRUE);
      snmp_shutdown (SNMP_APP_NAME);
    }
  self->daemon = NULL;
  g_clear_pointer (&self->ifindexes, g_hash_table_unref);
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
}
