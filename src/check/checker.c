/* checker.c - VigilChecker base class (see checker.h)
 *
 * The schedule of one checker, keepalived's way:
 *
 *   start ──(random delay within warmup)──► attempt
 *   attempt ok ─────────────────────────────► up, next attempt after delay_loop
 *   attempt failed while up, retries left ──► next attempt after delay_before_retry
 *   attempt failed, no retries left ────────► down, next attempt after delay_loop
 *   attempt failed while already down ──────► next attempt after delay_loop
 *
 * So a live server is declared down after retry + 1 failed attempts in a
 * row; one success brings it back. Every attempt runs under a timeout
 * (connect_timeout, or the subclass's get_timeout) that cancels it.
 * All timers share the daemon's timer queue: thousands of idle checkers
 * cost one timerfd, not thousands of GSources.
 */
#define G_LOG_DOMAIN "vigil-check"

#include "check/checker.h"
#include "i18n.h"

typedef struct
{
  const VigilConfChecker *conf;
  VigilCheckerTarget target;
  VigilTimerQueue *own_timers;   /* when the target gave none */
  char *label;

  VigilTimer *next_timer;        /* the next attempt */
  VigilTimer *timeout_timer;     /* the attempt in flight */
  GCancellable *cancellable;     /* of the attempt in flight */
  guint cancel_idle_id;          /* the timeout's cancellation, pending */
  guint generation;              /* bumped by stop: stale completions are ignored */
  gboolean running;              /* between start and stop */
  gboolean in_flight;
  gboolean timed_out;
  gboolean has_run;              /* one attempt completed */
  guint retry_it;                /* failed attempts in a row while up */

  gboolean up;
  gboolean last_result;
  char *last_error;
  gint64 last_check_time;
  guint64 checks;
  guint64 failures;
  guint64 up_count;
  guint64 down_count;
  int dynamic_weight;
} VigilCheckerPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilChecker, vigil_checker, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONF,
  PROP_TARGET,
  PROP_UP,
  PROP_LAST_ERROR,
  PROP_LAST_CHECK_TIME,
  PROP_DYNAMIC_WEIGHT,
  N_PROPS
};

enum
{
  SIGNAL_STATE_CHANGED,
  SIGNAL_CHECKED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

static void begin_attempt (VigilChecker *self);

static VigilCheckerPrivate *
priv_of (VigilChecker *self)
{
  return vigil_checker_get_instance_private (self);
}

static VigilTimerQueue *
timers_of (VigilChecker *self)
{
  VigilCheckerPrivate *priv = priv_of (self);

  return priv->target.timers ? priv->target.timers : priv->own_timers;
}

/* "192.0.2.10:80", "[2001:db8::10]:80", "192.0.2.10" (no port). */
static char *
format_endpoint (const VigilInetAddr *addr, guint16 port)
{
  char buf[VIGIL_INET_ADDR_STRLEN];

  vigil_inet_addr_to_string (addr, buf);
  if (port == 0)
    return g_strdup (buf);
  if (addr->family == AF_INET6)
    return g_strdup_printf ("[%s]:%u", buf, port);
  return g_strdup_printf ("%s:%u", buf, port);
}

static const VigilInetAddr *
connect_addr_of (VigilCheckerPrivate *priv)
{
  if (priv->conf && vigil_inet_addr_is_set (&priv->conf->connect_ip))
    return &priv->conf->connect_ip;
  return &priv->target.server_addr;
}

static guint16
connect_port_of (VigilCheckerPrivate *priv)
{
  if (priv->conf && priv->conf->connect_port != 0)
    return priv->conf->connect_port;
  return priv->target.server_port;
}

static void
update_label (VigilChecker *self)
{
  VigilCheckerPrivate *priv = priv_of (self);
  g_autofree char *endpoint = format_endpoint (connect_addr_of (priv), connect_port_of (priv));

  g_free (priv->label);
  priv->label = g_strdup_printf ("%s %s", vigil_checker_get_type_name (self), endpoint);
}

static void
set_last_error (VigilChecker *self, const char *text)
{
  VigilCheckerPrivate *priv = priv_of (self);

  if (g_strcmp0 (priv->last_error, text) == 0)
    return;
  g_free (priv->last_error);
  priv->last_error = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_ERROR]);
}

static void
set_up (VigilChecker *self, gboolean up, const char *reason)
{
  VigilCheckerPrivate *priv = priv_of (self);

  if (priv->up == up)
    return;
  priv->up = up;
  if (up)
    {
      priv->up_count++;
      g_message (_("%s up: %s"), priv->label, reason);
    }
  else
    {
      priv->down_count++;
      g_message (_("%s down: %s"), priv->label, reason);
    }
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UP]);
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, up, reason);
}

/* Arm the next attempt `delay` µs from now. */
static void
schedule_next (VigilChecker *self, gint64 delay)
{
  VigilCheckerPrivate *priv = priv_of (self);

  vigil_timer_arm (priv->next_timer, g_get_monotonic_time () + MAX (delay, 1));
}

/* keepalived's rule: retries only count while the server is (or has not
 * yet been found) up; a server already down is simply checked again at
 * the next delay_loop. */
static void
account_result (VigilChecker *self, gboolean ok, const char *error_text)
{
  VigilCheckerPrivate *priv = priv_of (self);
  const VigilConfChecker *conf = priv->conf;
  gboolean was_first = !priv->has_run;

  priv->checks++;
  priv->has_run = TRUE;
  priv->last_result = ok;
  priv->last_check_time = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_CHECK_TIME]);

  if (ok)
    {
      set_last_error (self, "");
      priv->retry_it = 0;
      set_up (self, TRUE, _("check succeeded"));
      schedule_next (self, conf->delay_loop);
    }
  else
    {
      priv->failures++;
      set_last_error (self, error_text);
      if ((priv->up || was_first) && priv->retry_it < conf->retry)
        {
          priv->retry_it++;
          if (conf->log_all_failures)
            g_message (_("%s failed (%s), retry %u of %u"), priv->label, error_text,
                       priv->retry_it, conf->retry);
          else
            g_debug ("%s failed (%s), retry %u of %u", priv->label, error_text,
                     priv->retry_it, conf->retry);
          schedule_next (self, conf->delay_before_retry);
        }
      else
        {
          if (!priv->up && conf->log_all_failures)
            g_message (_("%s still down: %s"), priv->label, error_text);
          priv->retry_it = 0;
          set_up (self, FALSE, error_text);
          schedule_next (self, conf->delay_loop);
        }
    }
  g_signal_emit (self, signals[SIGNAL_CHECKED], 0, ok);
}

typedef struct
{
  VigilChecker *self;
  guint generation;
} AttemptData;

static void
attempt_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AttemptData *data = user_data;
  VigilChecker *self = data->self;
  VigilCheckerPrivate *priv = priv_of (self);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  ok = VIGIL_CHECKER_GET_CLASS (self)->check_finish (self, result, &error);
  if (data->generation == priv->generation && priv->running)
    {
      gboolean timed_out = priv->timed_out;

      priv->in_flight = FALSE;
      priv->timed_out = FALSE;
      g_clear_handle_id (&priv->cancel_idle_id, g_source_remove);
      vigil_timer_arm (priv->timeout_timer, 0);
      g_clear_object (&priv->cancellable);
      if (timed_out)
        {
          g_autofree char *text =
            g_strdup_printf (_("timeout after %.3g s"),
                             VIGIL_CHECKER_GET_CLASS (self)->get_timeout (self) / 1e6);
          account_result (self, FALSE, text);
        }
      else
        account_result (self, ok && error == NULL,
                        error ? error->message : _("check failed"));
    }
  g_object_unref (self);
  g_free (data);
}

static gboolean
cancel_timed_out (gpointer user_data)
{
  VigilChecker *self = user_data;
  VigilCheckerPrivate *priv = priv_of (self);

  priv->cancel_idle_id = 0;
  if (priv->in_flight && priv->cancellable != NULL)
    {
      priv->timed_out = TRUE;
      g_cancellable_cancel (priv->cancellable);
    }
  return G_SOURCE_REMOVE;
}

/* The deadline passed. The attempt may have completed in the same loop
 * iteration (a starved daemon sees the timer and the connected socket
 * at once): cancel only once the sources already due have run, so an
 * answer that arrived in time is not counted as a timeout. */
static void
attempt_timed_out (VigilTimer *timer, gint64 now, gpointer user_data)
{
  VigilChecker *self = user_data;
  VigilCheckerPrivate *priv = priv_of (self);

  if (!priv->in_flight || priv->cancel_idle_id != 0)
    return;
  priv->cancel_idle_id = g_idle_add (cancel_timed_out, self);
}

static void
begin_attempt (VigilChecker *self)
{
  VigilCheckerPrivate *priv = priv_of (self);
  AttemptData *data;

  if (!priv->running || priv->in_flight)
    return;
  priv->in_flight = TRUE;
  priv->timed_out = FALSE;
  priv->cancellable = g_cancellable_new ();
  vigil_timer_arm (priv->timeout_timer,
                   g_get_monotonic_time ()
                   + MAX (VIGIL_CHECKER_GET_CLASS (self)->get_timeout (self), 1));
  data = g_new0 (AttemptData, 1);
  data->self = g_object_ref (self);
  data->generation = priv->generation;
  VIGIL_CHECKER_GET_CLASS (self)->check_async (self, priv->cancellable, attempt_done, data);
}

static void
next_attempt_due (VigilTimer *timer, gint64 now, gpointer user_data)
{
  begin_attempt (VIGIL_CHECKER (user_data));
}

static gint64
default_get_timeout (VigilChecker *self)
{
  return priv_of (self)->conf->connect_timeout;
}

void
vigil_checker_start (VigilChecker *self)
{
  VigilCheckerPrivate *priv;
  gint64 spread;

  g_return_if_fail (VIGIL_IS_CHECKER (self));
  priv = priv_of (self);
  if (priv->running)
    return;
  priv->running = TRUE;
  /* Spread the first checks over warmup (or a few ms without one) so a
   * thousand checkers do not fire in the same millisecond. */
  spread = priv->conf->warmup > 0 ? priv->conf->warmup : 10 * 1000;
  schedule_next (self, (gint64) (g_random_double () * (double) spread));
}

void
vigil_checker_stop (VigilChecker *self)
{
  VigilCheckerPrivate *priv;

  g_return_if_fail (VIGIL_IS_CHECKER (self));
  priv = priv_of (self);
  priv->running = FALSE;
  priv->generation++;
  priv->in_flight = FALSE;
  g_clear_handle_id (&priv->cancel_idle_id, g_source_remove);
  vigil_timer_arm (priv->next_timer, 0);
  vigil_timer_arm (priv->timeout_timer, 0);
  if (priv->cancellable)
    g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
}

void
vigil_checker_check_now (VigilChecker *self)
{
  g_return_if_fail (VIGIL_IS_CHECKER (self));
  if (!priv_of (self)->running || priv_of (self)->in_flight)
    return;
  vigil_timer_arm (priv_of (self)->next_timer, 0);
  begin_attempt (self);
}

const VigilConfChecker *
vigil_checker_get_conf (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  return priv_of (self)->conf;
}

void
vigil_checker_set_conf (VigilChecker *self, const VigilConfChecker *conf,
                        const VigilConfig *config)
{
  VigilCheckerPrivate *priv;

  g_return_if_fail (VIGIL_IS_CHECKER (self));
  g_return_if_fail (conf != NULL);
  priv = priv_of (self);
  priv->conf = conf;
  priv->target.config = config;
  update_label (self);
}

const VigilCheckerTarget *
vigil_checker_get_target (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  return &priv_of (self)->target;
}

static GInetSocketAddress *
socket_address_new (const VigilInetAddr *addr, guint16 port)
{
  g_autoptr (GInetAddress) inet = NULL;

  if (!vigil_inet_addr_is_set (addr))
    return NULL;
  inet = g_inet_address_new_from_bytes (addr->u.bytes,
                                        addr->family == AF_INET6
                                        ? G_SOCKET_FAMILY_IPV6 : G_SOCKET_FAMILY_IPV4);
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, port));
}

GInetSocketAddress *
vigil_checker_dup_connect_address (VigilChecker *self)
{
  VigilCheckerPrivate *priv;

  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  priv = priv_of (self);
  return socket_address_new (connect_addr_of (priv), connect_port_of (priv));
}

GInetSocketAddress *
vigil_checker_dup_bind_address (VigilChecker *self)
{
  VigilCheckerPrivate *priv;

  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  priv = priv_of (self);
  return socket_address_new (&priv->conf->bindto, priv->conf->bind_port);
}

const char *
vigil_checker_get_type_name (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  return vigil_conf_checker_type_to_string (priv_of (self)->conf->type);
}

const char *
vigil_checker_get_label (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  return priv_of (self)->label;
}

gboolean
vigil_checker_is_up (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), FALSE);
  return priv_of (self)->up;
}

const char *
vigil_checker_get_last_error (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), NULL);
  return priv_of (self)->last_error;
}

gboolean
vigil_checker_get_last_result (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), FALSE);
  return priv_of (self)->last_result;
}

gint64
vigil_checker_get_last_check_time (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), 0);
  return priv_of (self)->last_check_time;
}

guint64
vigil_checker_get_checks (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), 0);
  return priv_of (self)->checks;
}

guint64
vigil_checker_get_failures (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), 0);
  return priv_of (self)->failures;
}

guint64
vigil_checker_get_up_count (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), 0);
  return priv_of (self)->up_count;
}

guint64
vigil_checker_get_down_count (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), 0);
  return priv_of (self)->down_count;
}

int
vigil_checker_get_dynamic_weight (VigilChecker *self)
{
  g_return_val_if_fail (VIGIL_IS_CHECKER (self), -1);
  return priv_of (self)->dynamic_weight;
}

void
vigil_checker_set_dynamic_weight (VigilChecker *self, int weight)
{
  VigilCheckerPrivate *priv;

  g_return_if_fail (VIGIL_IS_CHECKER (self));
  priv = priv_of (self);
  if (priv->dynamic_weight == weight)
    return;
  priv->dynamic_weight = weight;
  g_debug ("%s: weight %d", priv->label, weight);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DYNAMIC_WEIGHT]);
}

static void
vigil_checker_constructed (GObject *object)
{
  VigilChecker *self = VIGIL_CHECKER (object);
  VigilCheckerPrivate *priv = priv_of (self);

  G_OBJECT_CLASS (vigil_checker_parent_class)->constructed (object);
  g_assert (priv->conf != NULL);
  if (priv->target.timers == NULL)
    {
      g_autoptr (GError) error = NULL;

      priv->own_timers = vigil_timer_queue_new (&error);
      if (priv->own_timers == NULL)
        g_error ("checker: cannot create a timer queue: %s", error->message);
    }
  priv->next_timer = vigil_timer_new (timers_of (self), next_attempt_due, self);
  priv->timeout_timer = vigil_timer_new (timers_of (self), attempt_timed_out, self);
  /* alpha: a server starts down and must pass a check first */
  priv->up = !priv->conf->alpha;
  update_label (self);
}

static void
vigil_checker_dispose (GObject *object)
{
  VigilChecker *self = VIGIL_CHECKER (object);
  VigilCheckerPrivate *priv = priv_of (self);

  if (priv->next_timer)
    vigil_checker_stop (self);
  g_clear_pointer (&priv->next_timer, vigil_timer_free);
  g_clear_pointer (&priv->timeout_timer, vigil_timer_free);
  G_OBJECT_CLASS (vigil_checker_parent_class)->dispose (object);
}

static void
vigil_checker_finalize (GObject *object)
{
  VigilCheckerPrivate *priv = priv_of (VIGIL_CHECKER (object));

  g_clear_pointer (&priv->own_timers, vigil_timer_queue_free);
  g_free (priv->label);
  g_free (priv->last_error);
  G_OBJECT_CLASS (vigil_checker_parent_class)->finalize (object);
}

static void
vigil_checker_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  VigilCheckerPrivate *priv = priv_of (VIGIL_CHECKER (object));

  switch (prop_id)
    {
    case PROP_CONF:
      priv->conf = g_value_get_pointer (value);
      break;
    case PROP_TARGET:
      if (g_value_get_pointer (value))
        priv->target = *(const VigilCheckerTarget *) g_value_get_pointer (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_checker_get_property (GObject *object, guint prop_id, GValue *value,
                            GParamSpec *pspec)
{
  VigilCheckerPrivate *priv = priv_of (VIGIL_CHECKER (object));

  switch (prop_id)
    {
    case PROP_CONF:
      g_value_set_pointer (value, (gpointer) priv->conf);
      break;
    case PROP_TARGET:
      g_value_set_pointer (value, &priv->target);
      break;
    case PROP_UP:
      g_value_set_boolean (value, priv->up);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, priv->last_error);
      break;
    case PROP_LAST_CHECK_TIME:
      g_value_set_int64 (value, priv->last_check_time);
      break;
    case PROP_DYNAMIC_WEIGHT:
      g_value_set_int (value, priv->dynamic_weight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_checker_class_init (VigilCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_checker_constructed;
  object_class->dispose = vigil_checker_dispose;
  object_class->finalize = vigil_checker_finalize;
  object_class->set_property = vigil_checker_set_property;
  object_class->get_property = vigil_checker_get_property;
  klass->get_timeout = default_get_timeout;

  props[PROP_CONF] =
    g_param_spec_pointer ("conf", NULL, "The checker's config block (borrowed)",
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_TARGET] =
    g_param_spec_pointer ("target", NULL, "The real server checked (VigilCheckerTarget, copied)",
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_UP] =
    g_param_spec_boolean ("up", NULL, "Whether the server passes this check", FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, "The last attempt's error, empty after a success",
                         "", G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_LAST_CHECK_TIME] =
    g_param_spec_int64 ("last-check-time", NULL, "Realtime µs of the last completed attempt",
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_DYNAMIC_WEIGHT] =
    g_param_spec_int ("dynamic-weight", NULL, "Weight asked for by the checker, -1 = none",
                      -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[SIGNAL_CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
vigil_checker_init (VigilChecker *self)
{
  VigilCheckerPrivate *priv = priv_of (self);

  priv->dynamic_weight = -1;
  priv->last_error = g_strdup ("");
}
