/* misc-checker.h - VigilMiscChecker: MISC_CHECK, a program says whether the server is up
 *
 * One attempt runs `misc_path` (argv as keepalived splits it, never
 * through a shell) with GSubprocess, in its own process group, as its
 * `user [group]`, else the global script_user, with keepalived's script
 * security (enable_script_security refuses a root script that others
 * could modify; the attempt then fails and says why, where keepalived
 * would drop the checker and leave the real server unchecked). The
 * attempt's timeout is `misc_timeout` (default delay_loop): a script
 * still running then gets SIGTERM, SIGKILL VIGIL_SCRIPT_KILL_GRACE later,
 * and the attempt fails as timed out (logged).
 *
 * Exit status, as keepalived: 0 up; 1 down; with `misc_dynamic`, 2..255
 * up with the real server's weight set to status - 2 (0 leaves the weight
 * as it was); without it any status but 0 is down; a signal is down.
 */
#pragma once

#include "check/checker.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_MISC_CHECKER (vigil_misc_checker_get_type ())
G_DECLARE_FINAL_TYPE (VigilMiscChecker, vigil_misc_checker, VIGIL, MISC_CHECKER, VigilChecker)

/* What one exit status means (pure): TRUE when the server passes;
 * `*weight` gets the weight asked for, or -1 for "leave it as it is". */
gboolean vigil_misc_checker_exit_verdict (int exit_status, gboolean dynamic, int *weight);

G_END_DECLS
