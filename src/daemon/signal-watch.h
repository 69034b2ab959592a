/* signal-watch.h - Unix signals into the main loop without a thread hop
 *
 * GLib's g_unix_signal_add() routes a signal through its worker thread
 * before the main loop sees it, which costs a few hundred microseconds,
 * and more on a busy machine; a stopping master's priority-0 advert waits
 * for that. Here the signal handler writes the signal number into a
 * non-blocking pipe that the main loop polls at high priority.
 *
 * A signal handler can only reach the pipe through process-wide state:
 * the write end is the one static of vigil, set once by
 * vigil_signal_watch_new() and cleared by vigil_signal_watch_free().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigilSignalWatch VigilSignalWatch;

/* Called from the main loop for each signal received. */
typedef void (*VigilSignalFunc) (int signum, gpointer user_data);

/* Watch `signals` (n of them). Only one watch may exist at a time. */
VigilSignalWatch *vigil_signal_watch_new (const int *signals, guint n,
                                          VigilSignalFunc func, gpointer user_data,
                                          GError **error);
/* Restore the default dispositions and close the pipe. */
void vigil_signal_watch_free (VigilSignalWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilSignalWatch, vigil_signal_watch_free)

G_END_DECLS
