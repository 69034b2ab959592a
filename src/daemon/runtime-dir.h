/* runtime-dir.h - the runtime directory and its locked pid file
 *
 * One vigild per runtime directory: the pid file is locked (flock) for
 * the life of the process, so a second vigild on the same directory fails
 * at once naming the holder's pid, and a stale pid file left by a crash is
 * simply taken over.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIGIL_DEFAULT_RUNTIME_DIR "/run/vigil"
#define VIGIL_PID_FILE_NAME "vigild.pid"

typedef struct _VigilRuntimeDir VigilRuntimeDir;

/* $RUNTIME_DIRECTORY (set by systemd), else /run/vigil. */
const char *vigil_runtime_dir_default (void);

/* Create `path` if needed (0755), lock its pid file and write our pid.
 * Fails with VIGIL_ERROR_ALREADY_RUNNING if another process holds it. */
VigilRuntimeDir *vigil_runtime_dir_open (const char *path, GError **error);
/* Remove the pid file and release the lock. */
void vigil_runtime_dir_close (VigilRuntimeDir *dir);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilRuntimeDir, vigil_runtime_dir_close)

const char *vigil_runtime_dir_get_path (const VigilRuntimeDir *dir);
/* A file inside the directory (caller frees). */
char *vigil_runtime_dir_build (const VigilRuntimeDir *dir, const char *name);

G_END_DECLS
