/* tracker.c - VigilTracker base class (see tracker.h) */
#define G_LOG_DOMAIN "vigil-track"

#include "track/tracker.h"
#include "track/track-rules.h"

typedef struct
{
  char *name;
  char *kind;
  int weight;
  gboolean reverse;
  gboolean up;
  char *reason;
  gboolean started;
} VigilTrackerPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (VigilTracker, vigil_tracker, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_WEIGHT,
  PROP_REVERSE,
  PROP_UP,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

const char *
vigil_tracker_get_name (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_TRACKER (self), NULL);
  return priv->name;
}

const char *
vigil_tracker_get_kind (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_TRACKER (self), NULL);
  return priv->kind;
}

gboolean
vigil_tracker_is_up (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_TRACKER (self), FALSE);
  return priv->up;
}

const char *
vigil_tracker_get_reason (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_TRACKER (self), "");
  return priv->reason != NULL ? priv->reason : (priv->up ? "up" : "down");
}

int
vigil_tracker_get_weight (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_TRACKER (self), 0);
  return priv->weight;
}

gboolean
vigil_tracker_get_reverse (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_val_if_fail (VIGIL_IS_TRACKER (self), FALSE);
  return priv->reverse;
}

void
vigil_tracker_start (VigilTracker *self)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  g_return_if_fail (VIGIL_IS_TRACKER (self));
  if (priv->started)
    return;
  priv->started = TRUE;
  if (VIGIL_TRACKER_GET_CLASS (self)->start != NULL)
    VIGIL_TRACKER_GET_CLASS (self)->start (self);
}

gboolean
vigil_tracker_contribute (VigilTracker *self, int weight, gboolean reverse, int *delta)
{
  g_return_val_if_fail (VIGIL_IS_TRACKER (self), TRUE);
  return VIGIL_TRACKER_GET_CLASS (self)->contribute (self, weight, reverse, delta);
}

void
vigil_tracker_set_state (VigilTracker *self, gboolean up, const char *reason)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);
  gboolean changed;

  g_return_if_fail (VIGIL_IS_TRACKER (self));
  changed = (up != priv->up);
  g_free (priv->reason);
  priv->reason = g_strdup (reason);
  if (!changed)
    return;
  priv->up = up;
  g_message ("%s %s: now %s (%s)", priv->kind, priv->name, up ? "up" : "down",
             vigil_tracker_get_reason (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
vigil_tracker_emit_changed (VigilTracker *self)
{
  g_return_if_fail (VIGIL_IS_TRACKER (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
vigil_tracker_real_contribute (VigilTracker *self, int weight, gboolean reverse, int *delta)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (self);

  return vigil_track_rule_state (priv->up, weight, reverse, delta);
}

static void
vigil_tracker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (VIGIL_TRACKER (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_KIND:
      g_value_set_string (value, priv->kind);
      break;
    case PROP_WEIGHT:
      g_value_set_int (value, priv->weight);
      break;
    case PROP_REVERSE:
      g_value_set_boolean (value, priv->reverse);
      break;
    case PROP_UP:
      g_value_set_boolean (value, priv->up);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_tracker_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (VIGIL_TRACKER (object));

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    case PROP_KIND:
      g_free (priv->kind);
      priv->kind = g_value_dup_string (value);
      break;
    case PROP_WEIGHT:
      priv->weight = g_value_get_int (value);
      break;
    case PROP_REVERSE:
      priv->reverse = g_value_get_boolean (value);
      break;
    case PROP_UP:
      priv->up = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_tracker_finalize (GObject *object)
{
  VigilTrackerPrivate *priv = vigil_tracker_get_instance_private (VIGIL_TRACKER (object));

  g_free (priv->name);
  g_free (priv->kind);
  g_free (priv->reason);
  G_OBJECT_CLASS (vigil_tracker_parent_class)->finalize (object);
}

static void
vigil_tracker_class_init (VigilTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = vigil_tracker_get_property;
  object_class->set_property = vigil_tracker_set_property;
  object_class->finalize = vigil_tracker_finalize;
  klass->contribute = vigil_tracker_real_contribute;

  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  props[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, "", flags);
  props[PROP_WEIGHT] = g_param_spec_int ("weight", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  props[PROP_REVERSE] = g_param_spec_boolean ("reverse", NULL, NULL, FALSE, flags);
  props[PROP_UP] = g_param_spec_boolean ("up", NULL, NULL, TRUE, flags);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
vigil_tracker_init (VigilTracker *self)
{
  (void) self;
}
