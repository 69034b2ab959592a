/* timer-queue.c - microsecond timers on one timerfd */
#define G_LOG_DOMAIN "vigil"

#include "daemon/timer-queue.h"

#include <errno.h>
#include <glib-unix.h>
#include <gio/gio.h>
#include <sys/timerfd.h>
#include <unistd.h>

struct _VigilTimerQueue {
  int fd;
  guint source_id;
  GSequence *armed;        /* VigilTimer*, by (deadline, serial) */
  guint64 next_serial;
  gint64 fd_deadline;      /* what the timerfd is armed for, 0 = not */
  VigilTimerQueueHook before_expiry;
  gpointer before_expiry_data;
};

struct _VigilTimer {
  VigilTimerQueue *queue;
  VigilTimerFunc func;
  gpointer user_data;
  gint64 deadline;
  guint64 serial;
  GSequenceIter *iter;     /* in queue->armed, or NULL */
};

static int
compare_timers (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const VigilTimer *ta = a, *tb = b;

  if (ta->deadline != tb->deadline)
    return ta->deadline < tb->deadline ? -1 : 1;
  if (ta->serial != tb->serial)
    return ta->serial < tb->serial ? -1 : 1;
  return 0;
}

/* Program the timerfd for the earliest deadline, lazily: a backup pushes
 * its master_down_timer later on every advert, and reprogramming the fd
 * each time cost a syscall per received packet. The fd is only moved
 * earlier; when it fires before anything is due, on_timerfd_ready ()
 * simply re-arms it for the real earliest deadline. */
static void
queue_rearm_fd (VigilTimerQueue *queue)
{
  GSequenceIter *first = g_sequence_get_begin_iter (queue->armed);
  struct itimerspec spec = { 0 };
  gint64 deadline = 0;

  if (!g_sequence_iter_is_end (first))
    deadline = ((VigilTimer *) g_sequence_get (first))->deadline;
  if (queue->fd_deadline != 0 && (deadline == 0 || deadline >= queue->fd_deadline))
    return; /* armed early enough already (or for a spurious wakeup) */
  if (deadline == queue->fd_deadline)
    return;
  queue->fd_deadline = deadline;
  if (deadline > 0)
    {
      spec.it_value.tv_sec = deadline / G_USEC_PER_SEC;
      spec.it_value.tv_nsec = (deadline % G_USEC_PER_SEC) * 1000;
      if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0)
        spec.it_value.tv_nsec = 1;
    }
  if (timerfd_settime (queue->fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0)
    g_warning ("timerfd_settime: %s", g_strerror (errno));
}

static gboolean
on_timerfd_ready (int fd, GIOCondition condition, gpointer user_data)
{
  VigilTimerQueue *queue = user_data;
  guint64 expirations;
  gint64 now;

  if (read (fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
    g_warning ("timerfd read: %s", g_strerror (errno));
  queue->fd_deadline = 0;
  now = g_get_monotonic_time ();
  if (queue->before_expiry != NULL)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (queue->armed);

      if (!g_sequence_iter_is_end (first) && ((VigilTimer *) g_sequence_get (first))->deadline <= now)
        queue->before_expiry (queue->before_expiry_data);
    }
  /* Run every timer due now; a callback may re-arm any timer. */
  for (guint guard = 0; guard < 100000; guard++)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (queue->armed);
      VigilTimer *timer;

      if (g_sequence_iter_is_end (first))
        break;
      timer = g_sequence_get (first);
      if (timer->deadline > now)
        break;
      g_sequence_remove (first);
      timer->iter = NULL;
      timer->deadline = 0;
      timer->func (timer, now, timer->user_data);
    }
  queue_rearm_fd (queue);
  return G_SOURCE_CONTINUE;
}

VigilTimerQueue *
vigil_timer_queue_new (GError **error)
{
  VigilTimerQueue *queue;
  int fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "timerfd_create: %s", g_strerror (saved));
      return NULL;
    }
  queue = g_new0 (VigilTimerQueue, 1);
  queue->fd = fd;
  queue->armed = g_sequence_new (NULL);
  queue->source_id = g_unix_fd_add_full (G_PRIORITY_HIGH, fd, G_IO_IN,
                                         on_timerfd_ready, queue, NULL);
  return queue;
}

void
vigil_timer_queue_free (VigilTimerQueue *queue)
{
  if (queue == NULL)
    return;
  g_return_if_fail (g_sequence_get_length (queue->armed) == 0);
  g_source_remove (queue->source_id);
  g_sequence_free (queue->armed);
  close (queue->fd);
  g_free (queue);
}

void
vigil_timer_queue_set_before_expiry (VigilTimerQueue *queue, VigilTimerQueueHook hook,
                                     gpointer user_data)
{
  g_return_if_fail (queue != NULL);
  queue->before_expiry = hook;
  queue->before_expiry_data = user_data;
}

VigilTimer *
vigil_timer_new (VigilTimerQueue *queue, VigilTimerFunc func, gpointer user_data)
{
  VigilTimer *timer;

  g_return_val_if_fail (queue != NULL && func != NULL, NULL);
  timer = g_new0 (VigilTimer, 1);
  timer->queue = queue;
  timer->func = func;
  timer->user_data = user_data;
  return timer;
}

void
vigil_timer_free (VigilTimer *timer)
{
  if (timer == NULL)
    return;
  vigil_timer_arm (timer, 0);
  g_free (timer);
}

void
vigil_timer_arm (VigilTimer *timer, gint64 deadline)
{
  VigilTimerQueue *queue;

  g_return_if_fail (timer != NULL && deadline >= 0);
  queue = timer->queue;
  if (timer->iter != NULL && timer->deadline == deadline)
    return;
  if (timer->iter != NULL && deadline > 0)
    {
      /* Move it in place: no node freed and allocated again. */
      timer->deadline = deadline;
      timer->serial = queue->next_serial++;
      g_sequence_sort_changed (timer->iter, compare_timers, NULL);
    }
  else if (timer->iter != NULL)
    {
      g_sequence_remove (timer->iter);
      timer->iter = NULL;
      timer->deadline = 0;
    }
  else if (deadline > 0)
    {
      timer->deadline = deadline;
      timer->serial = queue->next_serial++;
      timer->iter = g_sequence_insert_sorted (queue->armed, timer, compare_timers, NULL);
    }
  queue_rearm_fd (queue);
}

gint64
vigil_timer_get_deadline (const VigilTimer *timer)
{
  return timer->deadline;
}
