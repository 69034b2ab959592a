/* vigild.c - the vigil daemon's main: options, context, run */
#include "vigil-build-config.h"

#include "config/config.h"
#include "daemon/daemon.h"
#include "daemon/log.h"
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  char *config_path;
  char *runtime_dir;
  char *config_id;
  gboolean config_test;
  gboolean no_dbus;
  gboolean debug;
  gboolean dont_fork;
  gboolean log_console;
  gboolean version;
} VigildOptions;

static void
print_version (void)
{
  printf ("vigild %s\n", PACKAGE_VERSION);
  printf ("features:%s%s%s +vrrp +dbus\n",
          HAVE_SNMP ? " +snmp" : " -snmp",
          HAVE_IPSET ? " +ipset" : " -ipset",
          HAVE_SYSTEMD ? " +systemd" : " -systemd");
}

/* -t: parse and validate, print the diagnostics, exit 0 or 1. */
static int
config_test (const VigildOptions *options)
{
  g_autoptr(VigilDiagList) diags = vigil_diag_list_new ();
  VigilConfLoadOptions load_options = { .config_id = options->config_id };
  g_autoptr(VigilConfig) config = NULL;

  config = vigil_config_load (options->config_path, &load_options, diags);
  vigil_diag_list_print (diags, stderr);
  if (config == NULL || vigil_diag_list_has_errors (diags))
    return VIGIL_EXIT_CONFIG;
  if (options->debug)
    for (guint i = 0; i < config->vrrp_instances->len; i++)
      {
        const VigilConfVrrpInstance *vi = g_ptr_array_index (config->vrrp_instances, i);
        printf ("vrrp_instance %s: interface %s, VRID %u, priority %u, VRRPv%u, %u address(es)\n",
                vi->name, vi->interface != NULL ? vi->interface : "-", vi->vrid, vi->priority,
                vi->version, vi->vips != NULL ? vi->vips->len : 0);
      }
  return VIGIL_EXIT_OK;
}

int
main (int argc, char **argv)
{
  VigildOptions options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilDaemon) daemon = NULL;
  g_autofree char *config_help = NULL;
  const char *localedir;
  VigilDaemonOptions daemon_options;
  int status;
  GOptionEntry entries[] = {
    /* The description is formatted below: xgettext cannot see through a macro. */
    { "config", 'f', 0, G_OPTION_ARG_FILENAME, &options.config_path,
      NULL, N_("FILE") },
    { "use-file", 0, 0, G_OPTION_ARG_FILENAME, &options.config_path,
      N_("Same as --config (keepalived's name)"), N_("FILE") },
    { "config-test", 't', 0, G_OPTION_ARG_NONE, &options.config_test,
      N_("Check the configuration, print diagnostics and exit"), NULL },
    { "config-id", 'i', 0, G_OPTION_ARG_STRING, &options.config_id,
      N_("Identity matched by @name config lines (default: short host name)"), N_("ID") },
    { "runtime-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.runtime_dir,
      N_("Directory for the pid file and runtime state (default: $RUNTIME_DIRECTORY or /run/vigil)"),
      N_("DIR") },
    { "no-dbus", 0, 0, G_OPTION_ARG_NONE, &options.no_dbus,
      N_("Do not connect to D-Bus"), NULL },
    { "debug", 'D', 0, G_OPTION_ARG_NONE, &options.debug,
      N_("Log debug messages"), NULL },
    { "dont-fork", 'n', 0, G_OPTION_ARG_NONE, &options.dont_fork,
      N_("Accepted for keepalived compatibility; vigild never forks"), NULL },
    { "log-console", 'l', 0, G_OPTION_ARG_NONE, &options.log_console,
      N_("Accepted for keepalived compatibility; vigild logs to stderr or the journal"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options.version,
      N_("Print the version and built features"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* VIGIL_LOCALEDIR: catalogues from elsewhere, e.g. the build tree in tests. */
  localedir = g_getenv ("VIGIL_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  config_help = g_strdup_printf (_("Configuration file (default: %s)"), VIGIL_DEFAULT_CONFIG);
  entries[0].description = config_help;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("vigil: VRRP and health-checking daemon"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vigild: %s\n", error->message);
      return VIGIL_EXIT_CONFIG;
    }
  if (options.version)
    {
      print_version ();
      return VIGIL_EXIT_OK;
    }
  if (options.config_path == NULL)
    options.config_path = g_strdup (VIGIL_DEFAULT_CONFIG);

  vigil_log_setup (options.debug);

  if (options.config_test)
    status = config_test (&options);
  else
    {
      daemon_options = (VigilDaemonOptions) {
        .config_path = options.config_path,
        .runtime_dir = options.runtime_dir,
        .config_id = options.config_id,
        .no_dbus = options.no_dbus,
        .debug = options.debug,
      };
      daemon = vigil_daemon_new (&daemon_options);
      status = vigil_daemon_run (daemon);
    }
  g_free (options.config_path);
  g_free (options.runtime_dir);
  g_free (options.config_id);
  return status;
}
