/* vigilctl.c - command-line client of vigild, over D-Bus only
 *
 *   vigilctl [--json] status | show NAME | monitor | reload
 *                     | release NAME [SECONDS] | resume NAME
 *                     | drain VIRTUAL_SERVER REAL_SERVER | enable VIRTUAL_SERVER REAL_SERVER
 *                     | check-config FILE
 *
 * Human output and --json come from the same data (ctl/ctl-client.c's
 * data walk, or one a{sv} per event): the table is one view of it, the
 * JSON another.
 */
#include "vigil-build-config.h"
#include "ctl/ctl-client.h"
#include "ctl/ctl-format.h"
#include "ctl/ctl-json.h"
#include "ctl/ctl-monitor.h"
#include "dbus/dbus-names.h"
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  GDBusConnection *connection;
  gboolean json;
  char **args;          /* the command's arguments, after its name */
  guint n_args;
} Command;

typedef VigilCtlExit (*CommandFunc) (Command *command);

static void
print_json (GVariant *value)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);

  vigil_ctl_json_append (out, owned);
  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
}

/* A one-level JSON object from key/value pairs (NULL-terminated). */
static GVariant *
result_record (const char *first_key, ...)
{
  GVariantBuilder builder;
  va_list ap;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  va_start (ap, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (ap, const char *))
    g_variant_builder_add (&builder, "{sv}", key, va_arg (ap, GVariant *));
  va_end (ap);
  return g_variant_builder_end (&builder);
}

static VigilCtlExit
cmd_status (Command *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) data = vigil_ctl_collect (command->connection, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  if (data == NULL)
    return vigil_ctl_report_error (error, "status", NULL);
  if (command->json)
    {
      print_json (g_variant_ref (data));
      return VIGIL_CTL_EXIT_OK;
    }
  vigil_ctl_print_status (out, data);
  fputs (out->str, stdout);
  return VIGIL_CTL_EXIT_OK;
}

static VigilCtlExit
cmd_show (Command *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) record = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name = command->args[0];

  data = vigil_ctl_collect (command->connection, &error);
  if (data == NULL)
    return vigil_ctl_report_error (error, "show", name);
  record = vigil_ctl_find_instance (data, name);
  if (record == NULL)
    {
      g_printerr (_("vigilctl: show: vigild has no VRRP instance named '%s'\n"), name);
      return VIGIL_CTL_EXIT_FAILED;
    }
  if (command->json)
    {
      print_json (g_variant_ref (record));
      return VIGIL_CTL_EXIT_OK;
    }
  vigil_ctl_print_instance (out, record);
  fputs (out->str, stdout);
  return VIGIL_CTL_EXIT_OK;
}

static VigilCtlExit
cmd_monitor (Command *command)
{
  return vigil_ctl_monitor (command->connection, command->json);
}

static VigilCtlExit
cmd_reload (Command *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = vigil_ctl_call (command->connection, VIGIL_DBUS_PATH, VIGIL_DBUS_MANAGER_INTERFACE,
                          "Reload", NULL, G_VARIANT_TYPE_UNIT, &error);
  if (reply == NULL)
    {
      g_autofree char *remote = g_dbus_error_get_remote_error (error);
      if (command->json && g_strcmp0 (remote, VIGIL_DBUS_ERROR_CONFIG_INVALID) == 0)
        {
          g_autofree char *message = vigil_ctl_error_message (error);
          print_json (result_record ("reloaded", g_variant_new_boolean (FALSE),
                                     "error", g_variant_new_string (remote),
                                     "message", g_variant_new_string (message), NULL));
        }
      return vigil_ctl_report_error (error, "reload", NULL);
    }
  if (command->json)
    print_json (result_record ("reloaded", g_variant_new_boolean (TRUE), NULL));
  else
    g_print (_("vigild reloaded its configuration\n"));
  return VIGIL_CTL_EXIT_OK;
}

static gboolean
parse_seconds (const char *text, guint32 *seconds)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  *seconds = (guint32) value;
  return TRUE;
}

/* release / resume: one method call on an instance. */
static VigilCtlExit
call_instance (Command *command, const char *what, const char *method, GVariant *parameters)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) params = parameters != NULL ? g_variant_ref_sink (parameters) : NULL;
  const char *name = command->args[0];
  g_autofree char *path = vigil_ctl_instance_path (name);

  reply = vigil_ctl_call (command->connection, path, VIGIL_DBUS_VRRP_INSTANCE_INTERFACE, method,
                          params, G_VARIANT_TYPE_UNIT, &error);
  if (reply == NULL)
    return vigil_ctl_report_error (error, what, name);
  return VIGIL_CTL_EXIT_OK;
}

static VigilCtlExit
cmd_release (Command *command)
{
  guint32 seconds = 0;
  VigilCtlExit status;

  if (command->n_args > 1 && !parse_seconds (command->args[1], &seconds))
    {
      g_printerr (_("vigilctl: release: '%s' is not a number of seconds\n"), command->args[1]);
      return VIGIL_CTL_EXIT_USAGE;
    }
  status = call_instance (command, "release", "Release", g_variant_new ("(u)", seconds));
  if (status != VIGIL_CTL_EXIT_OK)
    return status;
  if (command->json)
    print_json (result_record ("instance", g_variant_new_string (command->args[0]),
                               "released", g_variant_new_boolean (TRUE),
                               "seconds", g_variant_new_uint32 (seconds), NULL));
  else if (seconds > 0)
    g_print (_("%s released: it stays backup for %u s (vigilctl resume %s ends that)\n"),
             command->args[0], seconds, command->args[0]);
  else
    g_print (_("%s released: it stays backup until vigilctl resume %s\n"),
             command->args[0], command->args[0]);
  return VIGIL_CTL_EXIT_OK;
}

static VigilCtlExit
cmd_resume (Command *command)
{
  VigilCtlExit status = call_instance (command, "resume", "Resume", NULL);

  if (status != VIGIL_CTL_EXIT_OK)
    return status;
  if (command->json)
    print_json (result_record ("instance", g_variant_new_string (command->args[0]),
                               "resumed", g_variant_new_boolean (TRUE), NULL));
  else
    g_print (_("%s resumed\n"), command->args[0]);
  return VIGIL_CTL_EXIT_OK;
}

/* drain / enable: a method on a real server found by its virtual
 * server's and its own name ("192.0.2.100:80" "192.0.2.10:8080"). */
static VigilCtlExit
call_real_server (Command *command, const char *what, const char *method)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) data = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = g_strdup_printf ("%s %s", command->args[0], command->args[1]);

  data = vigil_ctl_collect (command->connection, &error);
  if (data == NULL)
    return vigil_ctl_report_error (error, what, NULL);
  path = vigil_ctl_find_real_server (data, command->args[0], command->args[1]);
  if (path == NULL)
    {
      g_printerr (_("vigilctl: %s: vigild has no real server %s in virtual server %s "
                    "(vigilctl status lists them)\n"), what, command->args[1], command->args[0]);
      return VIGIL_CTL_EXIT_FAILED;
    }
  reply = vigil_ctl_call (command->connection, path, VIGIL_DBUS_REAL_SERVER_INTERFACE, method,
                          NULL, G_VARIANT_TYPE_UNIT, &error);
  if (reply == NULL)
    return vigil_ctl_report_error (error, what, NULL);
  if (command->json)
    print_json (result_record ("virtual_server", g_variant_new_string (command->args[0]),
                               "real_server", g_variant_new_string (command->args[1]),
                               g_str_equal (method, "Drain") ? "drained" : "enabled",
                               g_variant_new_boolean (TRUE), NULL));
  else if (g_str_equal (method, "Drain"))
    g_print (_("%s drained: weight 0, no new connections (vigilctl enable %s %s ends that)\n"),
             label, command->args[0], command->args[1]);
  else
    g_print (_("%s enabled: back at its weight\n"), label);
  return VIGIL_CTL_EXIT_OK;
}

static VigilCtlExit
cmd_drain (Command *command)
{
  return call_real_server (command, "drain", "Drain");
}

static VigilCtlExit
cmd_enable (Command *command)
{
  return call_real_server (command, "enable", "Enable");
}

static VigilCtlExit
cmd_check_config (Command *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *path = g_canonicalize_filename (command->args[0], NULL);
  g_autofree const char **lines = NULL;
  guint errors = 0;

  reply = vigil_ctl_call (command->connection, VIGIL_DBUS_PATH, VIGIL_DBUS_MANAGER_INTERFACE,
                          "CheckConfig", g_variant_new ("(s)", path), G_VARIANT_TYPE ("(as)"),
                          &error);
  if (reply == NULL)
    return vigil_ctl_report_error (error, "check-config", NULL);
  g_variant_get (reply, "(^a&s)", &lines);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], ": error: ") != NULL)
      errors++;
  if (command->json)
    print_json (result_record ("file", g_variant_new_string (path),
                               "valid", g_variant_new_boolean (errors == 0),
                               "diagnostics", g_variant_get_child_value (reply, 0), NULL));
  else
    {
      for (guint i = 0; lines[i] != NULL; i++)
        g_print ("%s\n", lines[i]);
      if (errors == 0)
        g_print (_("%s: valid\n"), path);
      else
        g_print (ngettext ("%s: %u error\n", "%s: %u errors\n", errors), path, errors);
    }
  return errors == 0 ? VIGIL_CTL_EXIT_OK : VIGIL_CTL_EXIT_FAILED;
}

typedef struct {
  const char *name;
  guint min_args;
  guint max_args;
  const char *usage;
  CommandFunc func;
} CommandInfo;

static const CommandInfo commands[] = {
  { "status", 0, 0, "status", cmd_status },
  { "show", 1, 1, "show NAME", cmd_show },
  { "monitor", 0, 0, "monitor", cmd_monitor },
  { "reload", 0, 0, "reload", cmd_reload },
  { "release", 1, 2, "release NAME [SECONDS]", cmd_release },
  { "resume", 1, 1, "resume NAME", cmd_resume },
  { "drain", 2, 2, "drain VIRTUAL_SERVER REAL_SERVER", cmd_drain },
  { "enable", 2, 2, "enable VIRTUAL_SERVER REAL_SERVER", cmd_enable },
  { "check-config", 1, 1, "check-config FILE", cmd_check_config },
};

static char *
commands_summary (void)
{
  GString *text = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %s\n", commands[i].usage);
  g_string_append (text, _("\nvigilctl talks to vigild over the system bus "
                           "(DBUS_SYSTEM_BUS_ADDRESS when set)."));
  return g_string_free (text, FALSE);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autofree char *summary = NULL;
  gboolean json = FALSE;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL },
  };
  const CommandInfo *info = NULL;
  Command command = { 0 };

  setlocale (LC_ALL, "");
  /* VIGIL_LOCALEDIR: catalogues from elsewhere, as for vigild. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VIGIL_LOCALEDIR") != NULL
                                     ? g_getenv ("VIGIL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENTS] - control and watch vigild"));
  summary = commands_summary ();
  g_option_context_set_description (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("vigilctl: %s\n", error->message);
      return VIGIL_CTL_EXIT_USAGE;
    }
  if (version)
    {
      g_print ("vigilctl %s\n", PACKAGE_VERSION);
      return VIGIL_CTL_EXIT_OK;
    }
  if (argc < 2)
    {
      g_printerr (_("vigilctl: which command? (vigilctl --help lists them)\n"));
      return VIGIL_CTL_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      info = &commands[i];
  if (info == NULL)
    {
      g_printerr (_("vigilctl: unknown command '%s' (vigilctl --help lists them)\n"), argv[1]);
      return VIGIL_CTL_EXIT_USAGE;
    }
  command.args = argv + 2;
  command.n_args = (guint) argc - 2;
  if (command.n_args < info->min_args || command.n_args > info->max_args)
    {
      g_printerr (_("vigilctl: usage: vigilctl [--json] %s\n"), info->usage);
      return VIGIL_CTL_EXIT_USAGE;
    }

  connection = vigil_ctl_connect (&error);
  if (connection == NULL)
    {
      g_printerr (_("vigilctl: cannot connect to the system bus: %s\n"), error->message);
      return VIGIL_CTL_EXIT_UNREACHABLE;
    }
  command.connection = connection;
  command.json = json;
  return info->func (&command);
}
