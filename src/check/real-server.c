/* real-server.c - VigilRealServer, one real server of a virtual server */
#define G_LOG_DOMAIN "vigil-check"

#include "check/real-server.h"
#include "check/check-conf-equal.h"
#include "i18n.h"

#include <stdarg.h>

struct _VigilRealServer
{
  GObject parent_instance;

  const VigilConfRealServer *conf;   /* borrowed */
  const VigilConfig *config;         /* borrowed */
  guint16 port;                      /* conf->port, else the service's */
  VigilTimerQueue *timers;           /* the daemon's, or NULL */
  char *name;
  GPtrArray *checkers;               /* VigilChecker*, owned, config order */
  GPtrArray *adopted;                /* those of checkers not from the config */
  gboolean running;

  gboolean up;
  gboolean drained;
  guint weight;                      /* configured or dynamic */
  guint effective_weight;
  char *reason;
  gint64 last_transition;
};

enum {
  PROP_0,
  PROP_UP,
  PROP_EFFECTIVE_WEIGHT,
  PROP_DRAINED,
  PROP_REASON,
  N_PROPS
};

enum {
  SIGNAL_STATE_CHANGED,
  SIGNAL_WEIGHT_CHANGED,
  SIGNAL_CONFIRMED_DOWN,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VigilRealServer, vigil_real_server, G_TYPE_OBJECT)

/* A log line about this real server: "192.0.2.10:80: ...". */
static void G_GNUC_PRINTF (3, 4)
rs_log (VigilRealServer *self, GLogLevelFlags level, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_log_structured (G_LOG_DOMAIN, level, "VIGIL_REAL_SERVER", self->name,
                    "MESSAGE", "%s: %s", self->name, message);
}

/* ---- state ------------------------------------------------------------- */

static guint
clamp_weight (int weight)
{
  return weight < 0 ? 0 : (guint) weight;
}

/* A checker's dynamic weight wins over the configured one (the first
 * checker in config order that asks for one). */
static guint
compute_weight (VigilRealServer *self)
{
  for (guint i = 0; i < self->checkers->len; i++)
    {
      int dynamic = vigil_checker_get_dynamic_weight (g_ptr_array_index (self->checkers, i));
      if (dynamic >= 0)
        return (guint) dynamic;
    }
  return clamp_weight (self->conf->weight);
}

/* Up iff every checker is up; the reason names the first failing one. */
static gboolean
compute_state (VigilRealServer *self, char **reason)
{
  for (guint i = 0; i < self->checkers->len; i++)
    {
      VigilChecker *checker = g_ptr_array_index (self->checkers, i);

      if (!vigil_checker_is_up (checker))
        {
          const char *error = vigil_checker_get_last_error (checker);

          *reason = g_strdup_printf ("%s: %s", vigil_checker_get_label (checker),
                                     error != NULL && *error != '\0'
                                       ? error : "not checked yet (alpha)");
          return FALSE;
        }
    }
  if (self->drained)
    *reason = g_strdup ("drained by operator");
  else
    *reason = g_strdup (self->checkers->len > 0 ? "all checkers up" : "no checkers");
  return TRUE;
}

/* Recompute state and weight; tell the world what changed. */
static void
evaluate (VigilRealServer *self)
{
  g_autofree char *reason = NULL;
  gboolean up = compute_state (self, &reason);
  guint weight = compute_weight (self);
  guint effective = up && !self->drained ? weight : 0;
  gboolean state_changed = up != self->up;
  gboolean weight_changed = effective != self->effective_weight;
  gboolean reason_changed = g_strcmp0 (reason, self->reason) != 0;

  self->weight = weight;
  if (!state_changed && !weight_changed && !reason_changed)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->up = up;
  self->effective_weight = effective;
  g_free (self->reason);
  self->reason = g_steal_pointer (&reason);
  if (state_changed)
    {
      self->last_transition = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), props[PROP_UP]);
    }
  if (weight_changed)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_EFFECTIVE_WEIGHT]);
  if (reason_changed)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REASON]);
  g_object_thaw_notify (G_OBJECT (self));
  if (state_changed)
    g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, self->up, self->reason);
  else if (weight_changed)
    g_signal_emit (self, signals[SIGNAL_WEIGHT_CHANGED], 0);
}

static void
on_checker_state_changed (VigilChecker *checker, gboolean up, const char *reason,
                          gpointer user_data)
{
  evaluate (user_data);
}

/* keepalived reports a real server down when an alpha checker's first
 * attempt fails, although the server was down (not yet checked) before:
 * the notify_down and the FIFO line then say it is really down. */
static void
on_checker_checked (VigilChecker *checker, gboolean ok, gpointer user_data)
{
  VigilRealServer *self = user_data;

  if (ok || vigil_checker_get_checks (checker) != 1 || !vigil_checker_get_conf (checker)->alpha
      || self->up)
    return;
  g_signal_emit (self, signals[SIGNAL_CONFIRMED_DOWN], 0, self->reason);
}

static void
on_checker_dynamic_weight (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  evaluate (user_data);
}

/* ---- checkers ------------------------------------------------------------- */

static void watch_checker (VigilRealServer *self, VigilChecker *checker);

static VigilChecker *
build_checker (VigilRealServer *self, const VigilConfChecker *conf)
{
  VigilCheckerTarget target = { self->config, self->conf->addr, self->port, self->timers };
  g_autoptr(GError) error = NULL;
  VigilChecker *checker = vigil_checker_new (conf, &target, &error);

  if (checker == NULL)
    {
      rs_log (self, G_LOG_LEVEL_WARNING, _("%s skipped: %s"),
              vigil_conf_checker_type_to_string (conf->type), error->message);
      return NULL;
    }
  watch_checker (self, checker);
  return checker;
}

static void
drop_checker (VigilRealServer *self, VigilChecker *checker)
{
  g_signal_handlers_disconnect_by_data (checker, self);
  vigil_checker_stop (checker);
  g_object_unref (checker);
}

static void
watch_checker (VigilRealServer *self, VigilChecker *checker)
{
  g_signal_connect (checker, "state-changed", G_CALLBACK (on_checker_state_changed), self);
  g_signal_connect (checker, "notify::dynamic-weight", G_CALLBACK (on_checker_dynamic_weight),
                    self);
  g_signal_connect (checker, "checked", G_CALLBACK (on_checker_checked), self);
}

void
vigil_real_server_add_checker (VigilRealServer *self, VigilChecker *checker)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  g_return_if_fail (VIGIL_IS_CHECKER (checker));
  g_ptr_array_add (self->checkers, g_object_ref (checker));
  g_ptr_array_add (self->adopted, checker);
  watch_checker (self, checker);
  if (self->running)
    vigil_checker_start (checker);
  evaluate (self);
}

static void
build_checkers (VigilRealServer *self)
{
  for (guint i = 0; self->conf->checkers != NULL && i < self->conf->checkers->len; i++)
    {
      VigilChecker *checker = build_checker (self, g_ptr_array_index (self->conf->checkers, i));
      if (checker != NULL)
        g_ptr_array_add (self->checkers, checker);
    }
}

/* ---- public --------------------------------------------------------------- */

static char *
format_name (const VigilInetAddr *addr, guint16 port)
{
  char buf[VIGIL_INET_ADDR_STRLEN];

  vigil_inet_addr_to_string (addr, buf);
  return g_strdup_printf (addr->family == AF_INET6 ? "[%s]:%u" : "%s:%u", buf, port);
}

VigilRealServer *
vigil_real_server_new_for_service (const VigilConfRealServer *conf, const VigilConfig *config,
                                   guint16 service_port, VigilTimerQueue *timers)
{
  VigilRealServer *self;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (conf != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_REAL_SERVER, NULL);
  self->conf = conf;
  self->config = config;
  self->port = conf->port != 0 ? conf->port : service_port;
  self->timers = timers;
  self->name = format_name (&conf->addr, self->port);
  build_checkers (self);
  /* The starting state: up unless an alpha checker starts down. */
  self->up = compute_state (self, &reason);
  self->reason = g_steal_pointer (&reason);
  self->weight = compute_weight (self);
  self->effective_weight = self->up ? self->weight : 0;
  self->last_transition = g_get_real_time ();
  return self;
}

VigilRealServer *
vigil_real_server_new (const VigilConfRealServer *conf, const VigilConfig *config)
{
  return vigil_real_server_new_for_service (conf, config, 0, NULL);
}

void
vigil_real_server_start (VigilRealServer *self)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  if (self->running)
    return;
  self->running = TRUE;
  for (guint i = 0; i < self->checkers->len; i++)
    vigil_checker_start (g_ptr_array_index (self->checkers, i));
}

void
vigil_real_server_stop (VigilRealServer *self)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  if (!self->running)
    return;
  self->running = FALSE;
  for (guint i = 0; i < self->checkers->len; i++)
    vigil_checker_stop (g_ptr_array_index (self->checkers, i));
}

const VigilConfRealServer *
vigil_real_server_get_conf (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), NULL);
  return self->conf;
}

void
vigil_real_server_set_conf (VigilRealServer *self, const VigilConfRealServer *conf,
                            const VigilConfig *config)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  vigil_real_server_update (self, conf, config, NULL, NULL);
}

void
vigil_real_server_update (VigilRealServer *self, const VigilConfRealServer *conf,
                          const VigilConfig *config, guint *kept, guint *built)
{
  g_autoptr(GPtrArray) old = NULL;
  guint n_kept = 0, n_built = 0;

  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  g_return_if_fail (conf != NULL);
  if (conf != self->conf && vigil_conf_real_server_equal (self->conf, conf))
    {
      /* The common case of a reload: only the config pointers move. */
      for (guint i = 0; i < self->checkers->len; i++)
        {
          VigilChecker *checker = g_ptr_array_index (self->checkers, i);
          guint index;

          if (self->conf->checkers != NULL
              && g_ptr_array_find (self->conf->checkers, vigil_checker_get_conf (checker), &index))
            vigil_checker_set_conf (checker, g_ptr_array_index (conf->checkers, index), config);
        }
      self->conf = conf;
      self->config = config;
      if (kept != NULL)
        *kept += self->checkers->len - self->adopted->len;
      return;
    }
  old = g_steal_pointer (&self->checkers);
  self->checkers = g_ptr_array_new ();
  self->conf = conf;
  self->config = config;
  for (guint i = 0; conf->checkers != NULL && i < conf->checkers->len; i++)
    {
      const VigilConfChecker *checker_conf = g_ptr_array_index (conf->checkers, i);
      VigilChecker *checker = NULL;

      for (guint j = 0; j < old->len && checker == NULL; j++)
        {
          VigilChecker *candidate = g_ptr_array_index (old, j);
          if (candidate != NULL
              && vigil_conf_checker_equal (vigil_checker_get_conf (candidate), checker_conf))
            {
              checker = candidate;
              old->pdata[j] = NULL;
            }
        }
      if (checker != NULL)
        {
          vigil_checker_set_conf (checker, checker_conf, config);
          n_kept++;
        }
      else
        {
          checker = build_checker (self, checker_conf);
          if (checker == NULL)
            continue;
          rs_log (self, G_LOG_LEVEL_MESSAGE, _("%s is new or changed; it starts afresh"),
                  vigil_checker_get_label (checker));
          if (self->running)
            vigil_checker_start (checker);
          n_built++;
        }
      g_ptr_array_add (self->checkers, checker);
    }
  for (guint j = 0; j < old->len; j++)
    if (g_ptr_array_index (old, j) != NULL
        && g_ptr_array_find (self->adopted, g_ptr_array_index (old, j), NULL))
      {
        g_ptr_array_add (self->checkers, g_ptr_array_index (old, j));
        old->pdata[j] = NULL;
      }
  for (guint j = 0; j < old->len; j++)
    if (g_ptr_array_index (old, j) != NULL)
      {
        rs_log (self, G_LOG_LEVEL_MESSAGE, _("%s removed from the configuration"),
                vigil_checker_get_label (g_ptr_array_index (old, j)));
        drop_checker (self, g_ptr_array_index (old, j));
      }
  if (kept != NULL)
    *kept += n_kept;
  if (built != NULL)
    *built += n_built;
  evaluate (self);
}

const VigilInetAddr *
vigil_real_server_get_address (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), NULL);
  return &self->conf->addr;
}

guint16
vigil_real_server_get_port (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), 0);
  return self->port;
}

const char *
vigil_real_server_get_name (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), NULL);
  return self->name;
}

gboolean
vigil_real_server_is_up (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), FALSE);
  return self->up;
}

const char *
vigil_real_server_get_reason (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), NULL);
  return self->reason;
}

guint
vigil_real_server_get_effective_weight (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), 0);
  return self->effective_weight;
}

guint
vigil_real_server_get_weight (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), 0);
  return self->weight;
}

gboolean
vigil_real_server_is_drained (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), FALSE);
  return self->drained;
}

GPtrArray *
vigil_real_server_get_checkers (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), NULL);
  return self->checkers;
}

gint64
vigil_real_server_get_last_transition (VigilRealServer *self)
{
  g_return_val_if_fail (VIGIL_IS_REAL_SERVER (self), 0);
  return self->last_transition;
}

static void
set_drained (VigilRealServer *self, gboolean drained)
{
  if (self->drained == drained)
    return;
  self->drained = drained;
  if (drained)
    rs_log (self, G_LOG_LEVEL_MESSAGE, _("drained by operator: weight 0, existing connections stay"));
  else
    rs_log (self, G_LOG_LEVEL_MESSAGE, _("enabled by operator: weight %u again"), self->weight);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DRAINED]);
  evaluate (self);
}

void
vigil_real_server_drain (VigilRealServer *self)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  set_drained (self, TRUE);
}

void
vigil_real_server_enable (VigilRealServer *self)
{
  g_return_if_fail (VIGIL_IS_REAL_SERVER (self));
  set_drained (self, FALSE);
}

/* ---- GObject ------------------------------------------------------------------- */

static void
vigil_real_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilRealServer *self = VIGIL_REAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_UP: g_value_set_boolean (value, self->up); break;
    case PROP_EFFECTIVE_WEIGHT: g_value_set_uint (value, self->effective_weight); break;
    case PROP_DRAINED: g_value_set_boolean (value, self->drained); break;
    case PROP_REASON: g_value_set_string (value, self->reason); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_real_server_dispose (GObject *object)
{
  VigilRealServer *self = VIGIL_REAL_SERVER (object);

  if (self->checkers != NULL)
    {
      for (guint i = 0; i < self->checkers->len; i++)
        drop_checker (self, g_ptr_array_index (self->checkers, i));
      g_ptr_array_set_size (self->checkers, 0);
    }
  g_ptr_array_set_size (self->adopted, 0);
  G_OBJECT_CLASS (vigil_real_server_parent_class)->dispose (object);
}

static void
vigil_real_server_finalize (GObject *object)
{
  VigilRealServer *self = VIGIL_REAL_SERVER (object);

  g_ptr_array_unref (self->checkers);
  g_ptr_array_unref (self->adopted);
  g_free (self->name);
  g_free (self->reason);
  G_OBJECT_CLASS (vigil_real_server_parent_class)->finalize (object);
}

static void
vigil_real_server_class_init (VigilRealServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = vigil_real_server_get_property;
  object_class->dispose = vigil_real_server_dispose;
  object_class->finalize = vigil_real_server_finalize;

  props[PROP_UP] = g_param_spec_boolean ("up", NULL, NULL, FALSE,
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_EFFECTIVE_WEIGHT] = g_param_spec_uint ("effective-weight", NULL, NULL, 0,
                                                    G_MAXUINT, 0,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_DRAINED] = g_param_spec_boolean ("drained", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[SIGNAL_CONFIRMED_DOWN] =
    g_signal_new ("confirmed-down", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_WEIGHT_CHANGED] =
    g_signal_new ("weight-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
vigil_real_server_init (VigilRealServer *self)
{
  self->checkers = g_ptr_array_new ();
  self->adopted = g_ptr_array_new ();
}
