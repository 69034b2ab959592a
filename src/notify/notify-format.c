/* notify-format.c - keepalived's notify arguments and FIFO lines (see
 * notify-format.h) */
#define G_LOG_DOMAIN "vigil-notify"

#include "notify/notify-format.h"

#include <string.h>

const char *
vigil_notify_state_word (VigilVrrpState state)
{
  switch (state)
    {
    case VIGIL_VRRP_STATE_MASTER:
    case VIGIL_VRRP_STATE_BACKUP:
    case VIGIL_VRRP_STATE_FAULT:
    case VIGIL_VRRP_STATE_STOP:
      return vigil_vrrp_state_to_upper (state);
    case VIGIL_VRRP_STATE_INIT:
    case VIGIL_VRRP_N_STATES:
    default:
      return NULL;
    }
}

static GStrv
append_words (const char * const *argv, const char * const *extra, guint n_extra)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (argv != NULL)
    g_strv_builder_addv (builder, (const char **) argv);
  for (guint i = 0; i < n_extra; i++)
    g_strv_builder_add (builder, extra[i]);
  return g_strv_builder_end (builder);
}

GStrv
vigil_notify_build_generic_argv (const char * const *script_argv, const char *type,
                                 const char *name, const char *state, guint priority)
{
  char prio[16];
  const char *extra[4];

  g_return_val_if_fail (type != NULL && name != NULL && state != NULL, NULL);
  g_snprintf (prio, sizeof prio, "%u", priority);
  extra[0] = type;
  extra[1] = name;
  extra[2] = state;
  extra[3] = prio;
  return append_words (script_argv, extra, G_N_ELEMENTS (extra));
}

char *
vigil_notify_format_fifo_line (const char *type, const char *name, const char *state,
                               guint priority)
{
  g_return_val_if_fail (type != NULL && name != NULL && state != NULL, NULL);
  return g_strdup_printf ("%s \"%s\" %s %u\n", type, name, state, priority);
}

GStrv
vigil_notify_build_fifo_script_argv (const char * const *script_argv, const char *fifo_path)
{
  const char *extra[1] = { fifo_path };

  g_return_val_if_fail (fifo_path != NULL, NULL);
  return append_words (script_argv, extra, 1);
}

char *
vigil_notify_argv_to_string (const char * const *argv)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; argv != NULL && argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      if (argv[i][0] != '\0' && strpbrk (argv[i], " \t\n'\"\\$") == NULL)
        g_string_append (out, argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);
          g_string_append (out, quoted);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
