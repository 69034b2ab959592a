/* timer-queue.h - microsecond timers on one timerfd
 *
 * GLib's own timeouts wake the loop with millisecond granularity; VRRP
 * needs its adver_timer and master_down_timer to fire at the microsecond
 * the RFC computes. All timers of the daemon share one timerfd
 * (CLOCK_MONOTONIC, absolute, the clock of g_get_monotonic_time()) armed
 * for the earliest deadline.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigilTimerQueue VigilTimerQueue;
typedef struct _VigilTimer VigilTimer;

/* Called when the timer's deadline has passed; `now` is the monotonic
 * time of dispatch. The timer is disarmed before the call. */
typedef void (*VigilTimerFunc) (VigilTimer *timer, gint64 now, gpointer user_data);

VigilTimerQueue *vigil_timer_queue_new (GError **error);
void vigil_timer_queue_free (VigilTimerQueue *queue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilTimerQueue, vigil_timer_queue_free)

/* Called when the timerfd fires with a timer due, before any timer runs:
 * the VRRP sockets read what is queued, so an advert that arrived before a
 * master_down_timer's deadline is seen before the timer (a busy loop
 * would otherwise take over while the master's adverts wait in the
 * socket). NULL removes it. */
typedef void (*VigilTimerQueueHook) (gpointer user_data);
void vigil_timer_queue_set_before_expiry (VigilTimerQueue *queue, VigilTimerQueueHook hook,
                                          gpointer user_data);

VigilTimer *vigil_timer_new (VigilTimerQueue *queue, VigilTimerFunc func, gpointer user_data);
void vigil_timer_free (VigilTimer *timer);
/* Arm for an absolute monotonic deadline in µs; 0 disarms. */
void vigil_timer_arm (VigilTimer *timer, gint64 deadline);
gint64 vigil_timer_get_deadline (const VigilTimer *timer);

G_END_DECLS
