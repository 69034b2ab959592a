/* script-security.h - who runs a script, and whether it may run
 *
 * keepalived's rules: a script runs as its own `user [group]`, else as
 * the global script_user, else as keepalived_script if that user exists,
 * else as the daemon's own user (root). A script that runs as root (uid
 * or gid 0, or set-uid/set-gid root) must not be modifiable by anyone but
 * root: every component of its path from / down (symbolic links not
 * followed), and of the path it resolves to, must be owned by root, and
 * no regular file or directory without the sticky bit on it may be
 * writable by a group other than root's or by others. With
 * enable_script_security such a script is refused; without it, it runs
 * and vigil warns. Lookups happen here, on the daemon's side, never in
 * the forked child.
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* The user keepalived runs scripts as when none is configured, if it
 * exists. */
#define VIGIL_DEFAULT_SCRIPT_USER "keepalived_script"

typedef struct {
  uid_t uid;
  gid_t gid;
  char *name;                 /* for log lines: "root", "nobody:nogroup" */
} VigilScriptUser;

void vigil_script_user_clear (VigilScriptUser *user);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VigilScriptUser, vigil_script_user_clear)

/* Resolve `user` (and `group`, default the user's primary group). With
 * `user` NULL: VIGIL_DEFAULT_SCRIPT_USER if it exists, else our own
 * uid/gid, except with `script_security` (enable_script_security), where
 * keepalived 2.2.7 refuses to fall back to root and so do we. FALSE with
 * an error naming the user or group that does not exist. */
gboolean vigil_script_user_resolve (const char *user, const char *group,
                                    gboolean script_security, VigilScriptUser *out,
                                    GError **error);

/* Walk `path` (absolute) from / to its last component as keepalived's
 * script security does. FALSE when a component is not safe; `why` (if
 * not NULL) then says which one and why, e.g. "/etc/x.sh is writable by
 * others (mode 0777)". */
gboolean vigil_script_path_is_secure (const char *path, char **why);

/* May `argv0` run as `user`? Resolves a bare name through PATH (vigil
 * warns: give a full path), checks that it exists, is a regular file and
 * is executable for the user, and when it runs as root applies
 * vigil_script_path_is_secure() to the path and to its real path.
 * Returns FALSE with an error when it must not run (missing, not
 * executable, or unsafe with `enforce`); on TRUE, `*warning` (if not
 * NULL) holds a message when it is unsafe but `enforce` is off, and
 * `*resolved` (if not NULL) the path to execute. */
gboolean vigil_script_check (const char *argv0, const VigilScriptUser *user, gboolean enforce,
                             char **resolved, char **warning, GError **error);

G_END_DECLS
