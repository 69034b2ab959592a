/* check-notify.h - VigilCheckNotify: what virtual and real servers tell
 * the outside world, as keepalived's checker process does
 *
 * A reader of the virtual servers it watches:
 * - a real server up/down runs its notify_up / notify_down and writes
 *   `RS [192.0.2.10]:tcp:80 [192.0.2.100]:tcp:80 UP|DOWN` to the notify
 *   FIFOs;
 * - a quorum change runs quorum_up / quorum_down and writes
 *   `VS [192.0.2.100]:tcp:80 UP|DOWN`.
 * The scripts get no extra arguments (keepalived passes none), run as
 * their own user or script_user under enable_script_security's rules,
 * one after another per virtual server (script-runner.h). The FIFOs are
 * the global notify_fifo (shared with the VRRP notifier, which owns it)
 * and lvs_notify_fifo (opened here, unless it is the same file).
 */
#pragma once

#include <glib-object.h>
#include "check/virtual-server.h"
#include "notify/notifier.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_CHECK_NOTIFY (vigil_check_notify_get_type ())
G_DECLARE_FINAL_TYPE (VigilCheckNotify, vigil_check_notify, VIGIL, CHECK_NOTIFY, GObject)

/* `notifier` (may be NULL) gives the global notify_fifo; `runtime_path`
 * is where a relative FIFO path lives. */
VigilCheckNotify *vigil_check_notify_new (VigilNotifier *notifier, const char *runtime_path);

/* Follow a config (start and every reload): open or reopen
 * lvs_notify_fifo, resolve scripts again (users, security). */
void vigil_check_notify_set_config (VigilCheckNotify *self, const VigilConfig *config);

/* Start / stop reporting for a virtual server (watch before it starts,
 * unwatch after it stopped). */
void vigil_check_notify_watch (VigilCheckNotify *self, VigilVirtualServer *vs);
void vigil_check_notify_unwatch (VigilCheckNotify *self, VigilVirtualServer *vs);

/* The FIFO lines, newline included (pure; for tests). */
char *vigil_check_notify_format_vs_line (const char *vs, gboolean up);
char *vigil_check_notify_format_rs_line (const char *rs, const char *vs, gboolean up);

G_END_DECLS
