/* config.c - load → parse → validate */
#define G_LOG_DOMAIN "vigil-config"

#include "config/config.h"
#include "config/parser.h"

#include <net/if.h>

static gboolean
host_interface_exists (const char *name, gpointer user_data)
{
  return if_nametoindex (name) != 0;
}

VigilConfig *
vigil_config_from_tree (const VigilConfNode *root, const char *path, const VigilConfigEnv *env,
                        VigilDiagList *diags)
{
  VigilConfig *config;

  g_return_val_if_fail (root != NULL && diags != NULL, NULL);
  config = vigil_conf_parse (root, diags);
  config->path = g_strdup (path);
  vigil_conf_validate (config,
                       env != NULL && env->interface_exists != NULL ? env->interface_exists
                                                                   : host_interface_exists,
                       env != NULL ? env->user_data : NULL, diags);
  if (vigil_diag_list_has_errors (diags))
    g_clear_pointer (&config, vigil_config_free);
  return config;
}

VigilConfig *
vigil_config_load_full (const char *path, const VigilConfLoadOptions *options,
                        const VigilConfigEnv *env, VigilDiagList *diags)
{
  VigilConfLoadOptions defaults = { 0 };
  g_autoptr(VigilConfNode) root = NULL;

  g_return_val_if_fail (path != NULL && diags != NULL, NULL);
  root = vigil_conf_load_file (path, options != NULL ? options : &defaults, diags);
  return vigil_config_from_tree (root, path, env, diags);
}

VigilConfig *
vigil_config_load_string_full (const char *name, const char *text,
                               const VigilConfLoadOptions *options, const VigilConfigEnv *env,
                               VigilDiagList *diags)
{
  VigilConfLoadOptions defaults = { 0 };
  g_autoptr(VigilConfNode) root = NULL;

  g_return_val_if_fail (name != NULL && text != NULL && diags != NULL, NULL);
  root = vigil_conf_load_string (name, text, options != NULL ? options : &defaults, diags);
  return vigil_config_from_tree (root, name, env, diags);
}

VigilConfig *
vigil_config_load (const char *path, const VigilConfLoadOptions *options, VigilDiagList *diags)
{
  return vigil_config_load_full (path, options, NULL, diags);
}

VigilConfig *
vigil_config_load_string (const char *name, const char *text, const VigilConfLoadOptions *options,
                          VigilDiagList *diags)
{
  return vigil_config_load_string_full (name, text, options, NULL, diags);
}
