/* config.h - load, parse and validate a keepalived.conf into a VigilConfig
 *
 * The one entry point the daemon needs: vigil_config_load() reads the file
 * (includes, `@` conditionals, `$` definitions, ~SEQ), parses every block
 * into the typed model (model.h) with keepalived's defaults, and validates
 * it. Every problem goes to the VigilDiagList, compiler style; nothing
 * stops at the first error.
 */
#pragma once

#include "config/diag.h"
#include "config/model.h"
#include "config/tree.h"

G_BEGIN_DECLS

/* What validation may ask of the host. Unit tests pass stubs so that the
 * config code stays pure. */
typedef struct {
  /* Does a network interface of this name exist? NULL: if_nametoindex().
   * A missing interface is a warning, as with `keepalived -t`. */
  gboolean (*interface_exists) (const char *name, gpointer user_data);
  gpointer user_data;
} VigilConfigEnv;

/* Load `path`: preprocess, parse, validate. Returns NULL when any error
 * was reported (the diagnostics say everything), the config otherwise
 * (warnings may have been reported). `options` may be NULL. */
VigilConfig *vigil_config_load (const char *path, const VigilConfLoadOptions *options,
                                VigilDiagList *diags);

/* Same from a string; `name` is the FILE of diagnostics. */
VigilConfig *vigil_config_load_string (const char *name, const char *text,
                                       const VigilConfLoadOptions *options,
                                       VigilDiagList *diags);

/* The same two with an explicit host environment (NULL: the real host). */
VigilConfig *vigil_config_load_full (const char *path, const VigilConfLoadOptions *options,
                                     const VigilConfigEnv *env, VigilDiagList *diags);
VigilConfig *vigil_config_load_string_full (const char *name, const char *text,
                                            const VigilConfLoadOptions *options,
                                            const VigilConfigEnv *env, VigilDiagList *diags);

/* Parse and validate an already loaded tree (not taken). `path` becomes
 * VigilConfig.path. NULL when any error was reported, including errors
 * already in `diags` from loading the tree. */
VigilConfig *vigil_config_from_tree (const VigilConfNode *root, const char *path,
                                     const VigilConfigEnv *env, VigilDiagList *diags);

/* A keepalived keyword vigil accepts with a warning but does not
 * implement. */
typedef struct {
  const char *block;     /* "global_defs", "vrrp_instance", "top level"... */
  const char *keyword;   /* may be "keyword VALUE", e.g. "auth_type AH" */
  const char *note;      /* translated advice, or NULL */
} VigilConfUnimplemented;

/* Every such keyword (VigilConfUnimplemented*, freed with the array), for
 * documentation and `vigild --version`-style listings. */
GPtrArray *vigil_config_unimplemented_keywords (void);

G_END_DECLS
