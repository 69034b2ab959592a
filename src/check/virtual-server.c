/* virtual-server.c - VigilVirtualServer, a virtual service and its pool
 *
 * keepalived's rules (check/ipwrapper.c), restated:
 * - At start the quorum is up when the live weight (sum of the weights
 *   of the real servers that are up) is >= quorum + hysteresis. If it is
 *   down and there is a sorry server, the sorry server goes in and
 *   quorum_down runs; without one nothing is said.
 * - After every change: with quorum up, it is lost when the live weight
 *   is 0 or < quorum - hysteresis; with quorum down it is gained when
 *   the live weight is >= quorum + hysteresis. Losing it puts the sorry
 *   server in place of the live real servers; gaining it takes it out.
 * - A real server that goes down leaves the pool, or stays with weight
 *   0 with inhibit_on_failure; a sorry server with sorry_server_inhibit
 *   stays in the pool with weight 0 while unused.
 * The pool is handed to the backend whole after each change.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/virtual-server.h"
#include "check/check-conf-equal.h"
#include "check/virtual-server-pool.h"
#include "i18n.h"

#include <netinet/in.h>
#include <stdarg.h>

struct _VigilVirtualServer
{
  GObject parent_instance;

  const VigilConfVirtualServer *conf; /* borrowed */
  const VigilConfig *config;          /* borrowed */
  VigilLbBackend *backend;            /* a ref, or NULL */
  VigilTimerQueue *timers;            /* the daemon's, or NULL */
  char *name;
  char *key;
  char *keepalived_name;
  GPtrArray *real_servers;            /* VigilRealServer*, owned */
  VigilRealServer *sorry;             /* NULL without sorry_server */
  guint quorum;
  guint hysteresis;
  gboolean running;
  gboolean updating;                  /* a reload is being applied */
  gboolean quorum_up;
  gboolean sorry_active;
  gboolean programmed;
  char *last_program_error;
};

enum {
  PROP_0,
  PROP_QUORUM,
  PROP_SORRY_ACTIVE,
  PROP_LIVE_WEIGHT,
  N_PROPS
};

enum {
  SIGNAL_QUORUM_CHANGED,
  SIGNAL_REAL_SERVER_CHANGED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilVirtualServer, vigil_virtual_server, G_TYPE_OBJECT)

static void G_GNUC_PRINTF (3, 4)
vs_log (VigilVirtualServer *self, GLogLevelFlags level, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_log_structured (G_LOG_DOMAIN, level, "VIGIL_VIRTUAL_SERVER", self->name,
                    "MESSAGE", "%s: %s", self->name, message);
}

/* ---- names ------------------------------------------------------------------ */

static const char *
protocol_word (int protocol)
{
  switch (protocol)
    {
    case IPPROTO_TCP: return "tcp";
    case IPPROTO_UDP: return "udp";
    case IPPROTO_SCTP: return "sctp";
    case 0: return "none";
    default: return "?";
    }
}

char *
vigil_virtual_server_key_for_conf (const VigilConfVirtualServer *conf)
{
  char buf[VIGIL_INET_ADDR_STRLEN];

  switch (conf->kind)
    {
    case VIGIL_CONF_VS_FWMARK:
      return g_strdup_printf ("FWM %u%s", conf->fwmark,
                              conf->ip_family == AF_INET6 ? "/inet6" : "");
    case VIGIL_CONF_VS_GROUP:
      return g_strdup_printf ("[%s]:%s", conf->group, protocol_word (conf->protocol));
    case VIGIL_CONF_VS_ADDRESS:
    default:
      return g_strdup_printf ("[%s]:%s:%u", vigil_inet_addr_to_string (&conf->addr, buf),
                              protocol_word (conf->protocol), conf->port);
    }
}

static void
make_names (VigilVirtualServer *self)
{
  const VigilConfVirtualServer *conf = self->conf;
  char buf[VIGIL_INET_ADDR_STRLEN];

  switch (conf->kind)
    {
    case VIGIL_CONF_VS_FWMARK:
      self->name = g_strdup_printf ("FWM %u", conf->fwmark);
      self->keepalived_name = g_strdup (self->name);
      break;
    case VIGIL_CONF_VS_GROUP:
      self->name = g_strdup_printf ("group %s", conf->group);
      self->keepalived_name = g_strdup_printf ("[%s]:%u", conf->group, conf->port);
      break;
    case VIGIL_CONF_VS_ADDRESS:
    default:
      vigil_inet_addr_to_string (&conf->addr, buf);
      self->name = g_strdup_printf (conf->addr.family == AF_INET6 ? "[%s]:%u" : "%s:%u", buf,
                                    conf->port);
      self->keepalived_name = g_strdup_printf ("[%s]:%s:%u", buf,
                                               protocol_word (conf->protocol), conf->port);
      break;
    }
  self->key = vigil_virtual_server_key_for_conf (conf);
}

/* The protocol keepalived prints for this service's real servers: none
 * for a fwmark service. */
static int
service_protocol (VigilVirtualServer *self)
{
  return self->conf->kind == VIGIL_CONF_VS_FWMARK ? 0 : self->conf->protocol;
}

char *
vigil_virtual_server_format_real_server (VigilVirtualServer *self, VigilRealServer *rs)
{
  char buf[VIGIL_INET_ADDR_STRLEN];

  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return g_strdup_printf ("[%s]:%s:%u",
                          vigil_inet_addr_to_string (vigil_real_server_get_address (rs), buf),
                          protocol_word (service_protocol (self)),
                          vigil_real_server_get_port (rs));
}

/* The port a real server without one uses: the service's, except for a
 * fwmark service (keepalived clears it there for DR and TUN). */
static guint16
service_port (VigilVirtualServer *self)
{
  return self->conf->kind == VIGIL_CONF_VS_ADDRESS ? self->conf->port : 0;
}

/* ---- quorum ------------------------------------------------------------------ */

/* keepalived's corrections: quorum at most the sum of the weights,
 * hysteresis below the quorum. */
static void
compute_quorum (VigilVirtualServer *self)
{
  guint64 total = 0;

  for (guint i = 0; i < self->conf->real_servers->len; i++)
    {
      const VigilConfRealServer *rs = g_ptr_array_index (self->conf->real_servers, i);
      total += rs->weight > 0 ? (guint) rs->weight : 0;
    }
  self->quorum = MIN ((guint64) self->conf->quorum, total);
  self->hysteresis = self->conf->hysteresis;
  if (self->hysteresis >= self->quorum && self->hysteresis > 0)
    self->hysteresis = self->quorum > 0 ? self->quorum - 1 : 0;
}

static guint
live_weight (VigilVirtualServer *self)
{
  guint sum = 0;

  for (guint i = 0; i < self->real_servers->len; i++)
    {
      VigilRealServer *rs = g_ptr_array_index (self->real_servers, i);
      if (vigil_real_server_is_up (rs))
        sum += vigil_real_server_get_effective_weight (rs);
    }
  return sum;
}

static void
set_quorum (VigilVirtualServer *self, gboolean up)
{
  self->quorum_up = up;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_QUORUM]);
}

static void
set_sorry_active (VigilVirtualServer *self, gboolean active)
{
  if (self->sorry_active == active)
    return;
  self->sorry_active = active;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SORRY_ACTIVE]);
}

/* keepalived's update_quorum_state (); `init` at start and after a
 * reload, where a down quorum with an unused sorry server is acted on. */
static void
update_quorum (VigilVirtualServer *self, gboolean init)
{
  gint64 sum = live_weight (self);
  gint64 threshold = (gint64) self->quorum
                     + (self->quorum_up ? -(gint64) self->hysteresis : (gint64) self->hysteresis);

  if (!self->quorum_up && sum >= threshold)
    {
      vs_log (self, G_LOG_LEVEL_MESSAGE,
              _("quorum gained: live weight %lld >= %lld (quorum %u + hysteresis %u)"),
              (long long) sum, (long long) threshold, self->quorum, self->hysteresis);
      if (self->sorry_active && self->sorry != NULL)
        vs_log (self, G_LOG_LEVEL_MESSAGE,
                _("sorry server %s %s; the live real servers are back in the pool"),
                vigil_real_server_get_name (self->sorry),
                vigil_real_server_get_conf (self->sorry)->inhibit_on_failure
                  ? "set to weight 0" : "removed");
      set_sorry_active (self, FALSE);
      set_quorum (self, TRUE);
      g_signal_emit (self, signals[SIGNAL_QUORUM_CHANGED], 0, TRUE);
      return;
    }
  if ((self->quorum_up && (sum == 0 || sum < threshold))
      || (init && !self->quorum_up && self->sorry != NULL && !self->sorry_active))
    {
      if (init && !self->quorum_up)
        vs_log (self, G_LOG_LEVEL_MESSAGE,
                _("starting with quorum down: live weight %lld < %lld (quorum %u + "
                  "hysteresis %u)"), (long long) sum, (long long) threshold, self->quorum,
                self->hysteresis);
      else
        vs_log (self, G_LOG_LEVEL_MESSAGE,
                _("quorum lost: live weight %lld < %lld (quorum %u - hysteresis %u)"),
                (long long) sum, (long long) threshold, self->quorum, self->hysteresis);
      if (self->sorry != NULL && !self->sorry_active)
        {
          vs_log (self, G_LOG_LEVEL_MESSAGE,
                  _("sorry server %s takes the traffic in place of the live real servers"),
                  vigil_real_server_get_name (self->sorry));
          set_sorry_active (self, TRUE);
        }
      set_quorum (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_QUORUM_CHANGED], 0, FALSE);
    }
}

static void
program (VigilVirtualServer *self)
{
  g_autoptr(VigilLbService) service = NULL;
  g_autoptr(GError) error = NULL;

  if (!self->running || self->updating || self->backend == NULL)
    return;
  {
    VigilVirtualServerPool pool = { self->conf, self->config, self->key, self->real_servers,
                                    self->sorry, self->sorry_active };
    service = vigil_virtual_server_pool_build (&pool);
  }
  if (!vigil_lb_backend_set_service (self->backend, service, &error))
    {
      /* Said once per distinct error, not at every change. */
      if (g_strcmp0 (error->message, self->last_program_error) != 0)
        vs_log (self, G_LOG_LEVEL_WARNING, _("cannot program the %s load balancer: %s"),
                vigil_lb_backend_get_name (self->backend), error->message);
      g_free (self->last_program_error);
      self->last_program_error = g_strdup (error->message);
      return;
    }
  if (self->last_program_error != NULL)
    vs_log (self, G_LOG_LEVEL_MESSAGE, _("the %s load balancer is programmed again"),
            vigil_lb_backend_get_name (self->backend));
  g_clear_pointer (&self->last_program_error, g_free);
  self->programmed = TRUE;
}

/* ---- real servers ---------------------------------------------------------------- */

static void
on_rs_state_changed (VigilRealServer *rs, gboolean up, const char *reason, gpointer user_data)
{
  VigilVirtualServer *self = user_data;
  const char *what;

  if (!self->running)
    return;
  if (self->sorry_active)
    what = up ? _("stays out of the pool while the sorry server is in use")
              : _("was out of the pool already (sorry server in use)");
  else if (up)
    what = _("added to the pool");
  else if (vigil_real_server_get_conf (rs)->inhibit_on_failure)
    what = _("kept in the pool with weight 0 (inhibit_on_failure)");
  else
    what = _("removed from the pool");
  if (up)
    vs_log (self, G_LOG_LEVEL_MESSAGE, _("real server %s is up (%s); %s, weight %u"),
            vigil_real_server_get_name (rs), reason, what,
            vigil_real_server_get_effective_weight (rs));
  else
    vs_log (self, G_LOG_LEVEL_MESSAGE, _("real server %s is down (%s); %s"),
            vigil_real_server_get_name (rs), reason, what);
  g_signal_emit (self, signals[SIGNAL_REAL_SERVER_CHANGED], 0, rs, up, reason);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LIVE_WEIGHT]);
  if (self->updating)
    return;
  update_quorum (self, FALSE);
  program (self);
}

static void
on_rs_weight_changed (VigilRealServer *rs, gpointer user_data)
{
  VigilVirtualServer *self = user_data;

  if (!self->running)
    return;
  vs_log (self, G_LOG_LEVEL_MESSAGE, _("real server %s: weight now %u"),
          vigil_real_server_get_name (rs), vigil_real_server_get_effective_weight (rs));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LIVE_WEIGHT]);
  if (self->updating)
    return;
  update_quorum (self, FALSE);
  program (self);
}

static void
on_rs_confirmed_down (VigilRealServer *rs, const char *reason, gpointer user_data)
{
  VigilVirtualServer *self = user_data;

  if (!self->running)
    return;
  vs_log (self, G_LOG_LEVEL_MESSAGE, _("real server %s is down (%s) at its first check (alpha)"),
          vigil_real_server_get_name (rs), reason);
  g_signal_emit (self, signals[SIGNAL_REAL_SERVER_CHANGED], 0, rs, FALSE, reason);
}

static VigilRealServer *
add_real_server (VigilVirtualServer *self, const VigilConfRealServer *conf)
{
  VigilRealServer *rs = vigil_real_server_new_for_service (conf, self->config,
                                                           service_port (self), self->timers);

  g_signal_connect (rs, "state-changed", G_CALLBACK (on_rs_state_changed), self);
  g_signal_connect (rs, "weight-changed", G_CALLBACK (on_rs_weight_changed), self);
  g_signal_connect (rs, "confirmed-down", G_CALLBACK (on_rs_confirmed_down), self);
  g_ptr_array_add (self->real_servers, rs);
  return rs;
}

static void
drop_real_server (VigilVirtualServer *self, VigilRealServer *rs)
{
  g_signal_handlers_disconnect_by_data (rs, self);
  vigil_real_server_stop (rs);
  g_object_unref (rs);
}

static VigilRealServer *
new_sorry (VigilVirtualServer *self)
{
  if (self->conf->sorry_server == NULL)
    return NULL;
  /* No checkers: always up, never started. */
  return vigil_real_server_new_for_service (self->conf->sorry_server, self->config,
                                            service_port (self), self->timers);
}

/* With rs_init_notifies, keepalived reports every real server that
 * starts up. */
static void
init_notifies (VigilVirtualServer *self, VigilRealServer *rs)
{
  if (self->config->global.rs_init_notifies && vigil_real_server_is_up (rs))
    g_signal_emit (self, signals[SIGNAL_REAL_SERVER_CHANGED], 0, rs, TRUE,
                   vigil_real_server_get_reason (rs));
}

/* ---- public ------------------------------------------------------------------------- */

VigilVirtualServer *
vigil_virtual_server_new (const VigilConfVirtualServer *conf, const VigilConfig *config,
                          VigilLbBackend *backend)
{
  return vigil_virtual_server_new_full (conf, config, backend, NULL);
}

VigilVirtualServer *
vigil_virtual_server_new_full (const VigilConfVirtualServer *conf, const VigilConfig *config,
                               VigilLbBackend *backend, VigilTimerQueue *timers)
{
  VigilVirtualServer *self;

  g_return_val_if_fail (conf != NULL && config != NULL, NULL);
  g_return_val_if_fail (backend == NULL || VIGIL_IS_LB_BACKEND (backend), NULL);
  self = g_object_new (VIGIL_TYPE_VIRTUAL_SERVER, NULL);
  self->conf = conf;
  self->config = config;
  self->backend = backend != NULL ? g_object_ref (backend) : NULL;
  self->timers = timers;
  make_names (self);
  for (guint i = 0; i < conf->real_servers->len; i++)
    add_real_server (self, g_ptr_array_index (conf->real_servers, i));
  self->sorry = new_sorry (self);
  compute_quorum (self);
  return self;
}

void
vigil_virtual_server_start (VigilVirtualServer *self)
{
  g_return_if_fail (VIGIL_IS_VIRTUAL_SERVER (self));
  if (self->running)
    return;
  self->running = TRUE;
  if (self->conf->ha_suspend)
    vs_log (self, G_LOG_LEVEL_WARNING,
            _("ha_suspend is not implemented: the checkers run whether or not the "
              "virtual address is present"));
  self->quorum_up = live_weight (self) >= (guint64) self->quorum + self->hysteresis;
  vs_log (self, G_LOG_LEVEL_MESSAGE,
          _("started with %u real server(s), quorum %u, hysteresis %u, live weight %u"),
          self->real_servers->len, self->quorum, self->hysteresis, live_weight (self));
  for (guint i = 0; i < self->real_servers->len; i++)
    init_notifies (self, g_ptr_array_index (self->real_servers, i));
  update_quorum (self, TRUE);
  program (self);
  for (guint i = 0; i < self->real_servers->len; i++)
    vigil_real_server_start (g_ptr_array_index (self->real_servers, i));
}

/* Stop checking and leave the backend; `notify`: report live real
 * servers down and the quorum lost. */
static void
teardown (VigilVirtualServer *self, gboolean notify, gboolean stopping)
{
  g_autoptr(GError) error = NULL;
  gboolean had_quorum = self->quorum_up;

  if (!self->running)
    return;
  for (guint i = 0; i < self->real_servers->len; i++)
    vigil_real_server_stop (g_ptr_array_index (self->real_servers, i));
  for (guint i = 0; notify && i < self->real_servers->len; i++)
    {
      VigilRealServer *rs = g_ptr_array_index (self->real_servers, i);
      if (vigil_real_server_is_up (rs))
        g_signal_emit (self, signals[SIGNAL_REAL_SERVER_CHANGED], 0, rs, FALSE,
                       stopping ? "vigild stopping" : "removed from the configuration");
    }
  self->running = FALSE;
  set_sorry_active (self, FALSE);
  if (self->quorum_up)
    set_quorum (self, FALSE);
  /* keepalived reports the quorum down when stopping with omega even if
   * it was down already; on a reload only if it was up. */
  if (notify && (stopping || had_quorum))
    g_signal_emit (self, signals[SIGNAL_QUORUM_CHANGED], 0, FALSE);
  if (self->programmed
      && !vigil_lb_backend_remove_service (self->backend, self->key, &error))
    vs_log (self, G_LOG_LEVEL_WARNING, _("cannot remove the service from the %s load balancer: %s"),
            vigil_lb_backend_get_name (self->backend), error->message);
  self->programmed = FALSE;
}

void
vigil_virtual_server_stop (VigilVirtualServer *self)
{
  g_return_if_fail (VIGIL_IS_VIRTUAL_SERVER (self));
  teardown (self, self->conf->omega, TRUE);
}

void
vigil_virtual_server_retire (VigilVirtualServer *self)
{
  g_return_if_fail (VIGIL_IS_VIRTUAL_SERVER (self));
  vs_log (self, G_LOG_LEVEL_MESSAGE, _("removed from the configuration; stopping"));
  teardown (self, TRUE, FALSE);
}

/* The real server at addr:port in `list` (taken out of it), or NULL.
 * A reload usually keeps the order: look at `hint` first. */
static VigilRealServer *
take_real_server (GPtrArray *list, guint hint, const VigilInetAddr *addr, guint16 port)
{
  for (guint n = 0; n < list->len; n++)
    {
      guint i = (hint + n) % list->len;
      VigilRealServer *rs = g_ptr_array_index (list, i);
      if (rs != NULL && vigil_inet_addr_equal (vigil_real_server_get_address (rs), addr)
          && vigil_real_server_get_port (rs) == port)
        {
          list->pdata[i] = NULL;
          return rs;
        }
    }
  return NULL;
}

void
vigil_virtual_server_update (VigilVirtualServer *self, const VigilConfVirtualServer *conf,
                             const VigilConfig *config, VigilCheckApplyStats *stats)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  VigilRealServer *old_sorry;

  g_return_if_fail (VIGIL_IS_VIRTUAL_SERVER (self));
  self->updating = TRUE;
  self->conf = conf;
  self->config = config;
  old = g_steal_pointer (&self->real_servers);
  self->real_servers = g_ptr_array_new ();
  for (guint i = 0; i < conf->real_servers->len; i++)
    {
      const VigilConfRealServer *rs_conf = g_ptr_array_index (conf->real_servers, i);
      guint16 port = rs_conf->port != 0 ? rs_conf->port : service_port (self);
      VigilRealServer *rs = take_real_server (old, i, &rs_conf->addr, port);

      if (rs == NULL)
        {
          rs = add_real_server (self, rs_conf);
          g_ptr_array_add (fresh, rs);
          stats->rs_added++;
          continue;
        }
      if (vigil_conf_real_server_equal (vigil_real_server_get_conf (rs), rs_conf))
        stats->rs_unchanged++;
      else
        stats->rs_updated++;
      vigil_real_server_update (rs, rs_conf, config, &stats->checkers_kept,
                                &stats->checkers_built);
      g_ptr_array_add (self->real_servers, rs);
    }
  for (guint i = 0; i < old->len; i++)
    {
      VigilRealServer *rs = g_ptr_array_index (old, i);
      if (rs == NULL)
        continue;
      vs_log (self, G_LOG_LEVEL_MESSAGE, _("real server %s removed from the configuration"),
              vigil_real_server_get_name (rs));
      if (self->running && vigil_real_server_is_up (rs))
        g_signal_emit (self, signals[SIGNAL_REAL_SERVER_CHANGED], 0, rs, FALSE,
                       "removed from the configuration");
      drop_real_server (self, rs);
      stats->rs_removed++;
    }

  old_sorry = g_steal_pointer (&self->sorry);
  if (old_sorry != NULL && conf->sorry_server != NULL
      && vigil_inet_addr_equal (vigil_real_server_get_address (old_sorry),
                                &conf->sorry_server->addr)
      && vigil_real_server_get_port (old_sorry)
           == (conf->sorry_server->port != 0 ? conf->sorry_server->port : service_port (self)))
    {
      vigil_real_server_update (old_sorry, conf->sorry_server, config, NULL, NULL);
      self->sorry = g_steal_pointer (&old_sorry);
    }
  else
    {
      g_clear_object (&old_sorry);
      self->sorry = new_sorry (self);
      if (self->sorry == NULL)
        set_sorry_active (self, FALSE);
    }
  compute_quorum (self);
  self->updating = FALSE;
  if (!self->running)
    return;
  for (guint i = 0; i < fresh->len; i++)
    init_notifies (self, g_ptr_array_index (fresh, i));
  update_quorum (self, TRUE);
  program (self);
  for (guint i = 0; i < fresh->len; i++)
    vigil_real_server_start (g_ptr_array_index (fresh, i));
}

const VigilConfVirtualServer *
vigil_virtual_server_get_conf (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return self->conf;
}

const char *
vigil_virtual_server_get_name (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return self->name;
}

const char *
vigil_virtual_server_get_key (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return self->key;
}

const char *
vigil_virtual_server_get_keepalived_name (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return self->keepalived_name;
}

const char *
vigil_virtual_server_get_protocol_name (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  switch (self->conf->protocol)
    {
    case IPPROTO_UDP: return "UDP";
    case IPPROTO_SCTP: return "SCTP";
    case IPPROTO_TCP:
    default: return "TCP";
    }
}

gboolean
vigil_virtual_server_has_quorum (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), FALSE);
  return self->quorum_up;
}

gboolean
vigil_virtual_server_is_sorry_active (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), FALSE);
  return self->sorry_active;
}

guint
vigil_virtual_server_get_live_weight (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), 0);
  return live_weight (self);
}

guint
vigil_virtual_server_get_live_count (VigilVirtualServer *self)
{
  guint count = 0;

  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), 0);
  for (guint i = 0; i < self->real_servers->len; i++)
    if (vigil_real_server_is_up (g_ptr_array_index (self->real_servers, i)))
      count++;
  return count;
}

guint
vigil_virtual_server_get_quorum (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), 0);
  return self->quorum;
}

guint
vigil_virtual_server_get_hysteresis (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), 0);
  return self->hysteresis;
}

GPtrArray *
vigil_virtual_server_get_real_servers (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return self->real_servers;
}

VigilRealServer *
vigil_virtual_server_get_sorry_server (VigilVirtualServer *self)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  return self->sorry;
}

VigilRealServer *
vigil_virtual_server_find_real_server (VigilVirtualServer *self, const char *name)
{
  g_return_val_if_fail (VIGIL_IS_VIRTUAL_SERVER (self), NULL);
  for (guint i = 0; i < self->real_servers->len; i++)
    {
      VigilRealServer *rs = g_ptr_array_index (self->real_servers, i);
      if (g_strcmp0 (vigil_real_server_get_name (rs), name) == 0)
        return rs;
    }
  return NULL;
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
vigil_virtual_server_get_property (GObject *object, guint prop_id, GValue *value,
                                   GParamSpec *pspec)
{
  VigilVirtualServer *self = VIGIL_VIRTUAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_QUORUM: g_value_set_boolean (value, self->quorum_up); break;
    case PROP_SORRY_ACTIVE: g_value_set_boolean (value, self->sorry_active); break;
    case PROP_LIVE_WEIGHT: g_value_set_uint (value, live_weight (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_virtual_server_dispose (GObject *object)
{
  VigilVirtualServer *self = VIGIL_VIRTUAL_SERVER (object);

  if (self->real_servers != NULL)
    {
      for (guint i = 0; i < self->real_servers->len; i++)
        drop_real_server (self, g_ptr_array_index (self->real_servers, i));
      g_ptr_array_set_size (self->real_servers, 0);
    }
  g_clear_object (&self->sorry);
  g_clear_object (&self->backend);
  G_OBJECT_CLASS (vigil_virtual_server_parent_class)->dispose (object);
}

static void
vigil_virtual_server_finalize (GObject *object)
{
  VigilVirtualServer *self = VIGIL_VIRTUAL_SERVER (object);

  g_ptr_array_unref (self->real_servers);
  g_free (self->name);
  g_free (self->key);
  g_free (self->keepalived_name);
  g_free (self->last_program_error);
  G_OBJECT_CLASS (vigil_virtual_server_parent_class)->finalize (object);
}

static void
vigil_virtual_server_class_init (VigilVirtualServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vigil_virtual_server_get_property;
  object_class->dispose = vigil_virtual_server_dispose;
  object_class->finalize = vigil_virtual_server_finalize;

  props[PROP_QUORUM] = g_param_spec_boolean ("quorum", NULL, NULL, FALSE,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_SORRY_ACTIVE] = g_param_spec_boolean ("sorry-active", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_LIVE_WEIGHT] = g_param_spec_uint ("live-weight", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_QUORUM_CHANGED] =
    g_signal_new ("quorum-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_REAL_SERVER_CHANGED] =
    g_signal_new ("real-server-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 3, VIGIL_TYPE_REAL_SERVER, G_TYPE_BOOLEAN,
                  G_TYPE_STRING);
}

static void
vigil_virtual_server_init (VigilVirtualServer *self)
{
  self->real_servers = g_ptr_array_new ();
}
