/* notify-fifo.h - a notify FIFO (notify_fifo, vrrp_notify_fifo)
 *
 * As keepalived 2.2.7: the FIFO is created if missing (mode 0600;
 * vigild also removes it again when it stops, if it created it, as later
 * keepalived versions do), its script (if
 * any) is started with the FIFO's path as last argument and left
 * running (not restarted; its exit is logged; it gets SIGTERM when vigild
 * stops), and the FIFO is opened O_RDWR | O_NONBLOCK, so that writes
 * succeed while no reader is attached (the lines wait in the pipe) and
 * never block the main loop. An existing path that is not a FIFO owned by
 * us is refused. A line that does not fit (the pipe is full: the reader
 * is stuck) is dropped, counted and logged.
 */
#pragma once

#include <glib.h>
#include "notify/script-security.h"

G_BEGIN_DECLS

#define VIGIL_NOTIFY_FIFO_MODE 0600

typedef struct _VigilNotifyFifo VigilNotifyFifo;

/* `script_argv` (NULL: none) runs as `script_user`. */
VigilNotifyFifo *vigil_notify_fifo_open (const char *path, const char * const *script_argv,
                                         const VigilScriptUser *script_user, GError **error);
/* Write one whole line without blocking; FALSE if it was dropped. */
gboolean vigil_notify_fifo_write (VigilNotifyFifo *fifo, const char *line);
const char *vigil_notify_fifo_get_path (VigilNotifyFifo *fifo);
guint64 vigil_notify_fifo_get_written (VigilNotifyFifo *fifo);
guint64 vigil_notify_fifo_get_dropped (VigilNotifyFifo *fifo);
void vigil_notify_fifo_close (VigilNotifyFifo *fifo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilNotifyFifo, vigil_notify_fifo_close)

G_END_DECLS
