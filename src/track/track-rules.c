/* track-rules.c - keepalived's tracking rules (see track-rules.h) */
#define G_LOG_DOMAIN "vigil-track"

#include "track/track-rules.h"

/* keepalived: a track_file result below this puts the instance in FAULT. */
#define TRACK_FILE_FAULT_BELOW (-253)
#define TRACK_FILE_LIMIT 254L

gboolean
vigil_track_rule_state (gboolean up, int weight, gboolean reverse, int *delta)
{
  *delta = 0;
  if (weight == 0)
    return reverse ? !up : up;
  /* reverse keeps when a weight applies and turns its sign */
  if ((weight > 0 && up) || (weight < 0 && !up))
    *delta = reverse ? -weight : weight;
  return TRUE;
}

gboolean
vigil_track_rule_value (long value, int weight, gboolean reverse, int *delta)
{
  gint64 product;

  *delta = 0;
  if (weight == 0)
    return value == 0;
  /* keepalived holds the value, and then the result, within ±254 (253
   * upwards): a huge value is no bigger than that. */
  value = CLAMP (value, -TRACK_FILE_LIMIT, TRACK_FILE_LIMIT);
  product = (gint64) value * weight;
  if (reverse)
    product = -product;
  if (product < TRACK_FILE_FAULT_BELOW)
    return FALSE;
  *delta = (int) MIN (product, TRACK_FILE_LIMIT - 1);
  return TRUE;
}

gboolean
vigil_track_rule_checker_value (long value, int weight, gboolean reverse, gint64 *delta)
{
  gint64 product;

  *delta = 0;
  if (weight == 0)
    return reverse ? value != 0 : value == 0;
  /* Bounded first, so that the product cannot overflow. */
  product = (gint64) CLAMP (value, (long) G_MININT32, (long) G_MAXINT32 + 1) * weight;
  if (reverse)
    product = -product;
  if (product <= G_MININT)
    return FALSE;
  *delta = MIN (product, (gint64) G_MAXINT);
  return TRUE;
}

int
vigil_track_rule_combine (const VigilTrackVerdict *verdicts, guint n, int *weight)
{
  int first_fault = -1;
  gint64 sum = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!verdicts[i].ok)
        {
          if (first_fault < 0)
            first_fault = (int) i;
          continue;
        }
      sum += verdicts[i].delta;
    }
  /* The instance clamps to 1..254; keep the sum an int whatever comes. */
  *weight = (int) CLAMP (sum, -1000000, 1000000);
  return first_fault;
}

void
vigil_rise_fall_init (VigilRiseFall *rf, guint rise, guint fall, gboolean up)
{
  rf->rise = MAX (rise, 1u);
  rf->fall = MAX (fall, 1u);
  rf->up = up;
  /* keepalived: a script starts one success short of up, so that its
   * first result decides either way; with init_fail it starts at the
   * bottom and needs `rise` successes. */
  rf->seen = !up;
  rf->count = up ? rf->rise - 1 : 0;
}

gboolean
vigil_rise_fall_result (VigilRiseFall *rf, gboolean success)
{
  gboolean was_up = rf->up;
  guint top = rf->rise + rf->fall - 1;

  if (success)
    /* Down: the rise-th success in a row brings it up, straight to the top. */
    rf->count = rf->count + 1 < rf->rise ? rf->count + 1 : top;
  else
    /* Up: the fall-th failure in a row takes it down, straight to 0. */
    rf->count = rf->count > rf->rise ? rf->count - 1 : 0;
  rf->seen = TRUE;
  rf->up = rf->count >= rf->rise;
  return rf->up != was_up;
}
