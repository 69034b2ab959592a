/* ctl-format.c - vigilctl's human output, from the same data as --json */
#include "ctl/ctl-format.h"
#include "i18n.h"

#include <string.h>

static const char *const time_keys[] = {
  "start_time", "last_reload_time", "last_transition", "held_until", NULL,
};

char *
vigil_ctl_format_time (guint64 usec)
{
  g_autoptr(GDateTime) when = NULL;

  if (usec == 0)
    return g_strdup ("-");
  if (usec == G_MAXUINT64)
    return g_strdup (_("until resumed"));
  when = g_date_time_new_from_unix_local ((gint64) (usec / G_USEC_PER_SEC));
  if (when == NULL)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, usec);
  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

char *
vigil_ctl_format_value (const char *key, GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);
      return vigil_ctl_format_value (key, inner);
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64)
      && g_strv_contains (time_keys, key))
    return vigil_ctl_format_time (g_variant_get_uint64 (value));
  if (g_strcmp0 (key, "advert_interval") == 0 && g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    {
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];
      g_ascii_formatd (seconds, sizeof seconds, "%g", (double) g_variant_get_uint64 (value) / 1e6);
      return g_strdup_printf ("%ss", seconds);
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      const char *text = g_variant_get_string (value, NULL);
      return g_strdup (*text != '\0' ? text : "-");
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **list = g_variant_get_strv (value, NULL);
      return list[0] != NULL ? g_strjoinv (", ", (char **) list) : g_strdup ("-");
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("a{st}")))
    {
      GString *text = g_string_new (NULL);
      GVariantIter iter;
      const char *name;
      guint64 count;

      g_variant_iter_init (&iter, value);
      while (g_variant_iter_next (&iter, "{&st}", &name, &count))
        if (count > 0)
          g_string_append_printf (text, "%s%s %" G_GUINT64_FORMAT, text->len > 0 ? ", " : "",
                                  name, count);
      if (text->len == 0)
        g_string_append (text, _("none"));
      return g_string_free (text, FALSE);
    }
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return g_strdup (g_variant_get_boolean (value) ? _("yes") : _("no"));
    case G_VARIANT_CLASS_BYTE:
      return g_strdup_printf ("%u", (guint) g_variant_get_byte (value));
    case G_VARIANT_CLASS_UINT32:
      return g_strdup_printf ("%" G_GUINT32_FORMAT, g_variant_get_uint32 (value));
    case G_VARIANT_CLASS_INT32:
      return g_strdup_printf ("%" G_GINT32_FORMAT, g_variant_get_int32 (value));
    case G_VARIANT_CLASS_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
    case G_VARIANT_CLASS_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (value));
    case G_VARIANT_CLASS_OBJECT_PATH:
      return g_strdup (g_variant_get_string (value, NULL));
    default:
      return g_variant_print (value, FALSE);
    }
}

static char *
lookup_formatted (GVariant *record, const char *key)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (record, key, NULL);

  return value != NULL ? vigil_ctl_format_value (key, value) : g_strdup ("-");
}

static guint64
lookup_u64 (GVariant *record, const char *key)
{
  guint64 value = 0;

  g_variant_lookup (record, key, "t", &value);
  return value;
}

static guint8
lookup_byte (GVariant *record, const char *key)
{
  guint8 value = 0;

  g_variant_lookup (record, key, "y", &value);
  return value;
}

/* Terminal columns `text` takes: CJK characters (the zh_CN headers) take
 * two, combining marks none. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (ch))
        continue;
      width += g_unichar_iswide (ch) ? 2 : 1;
    }
  return width;
}

/* Column text, padded by display width (UTF-8 aware). */
static void
append_cell (GString *out, const char *text, guint width, gboolean last)
{
  glong len = display_width (text);

  g_string_append (out, text);
  if (last)
    return;
  for (glong i = len; i < (glong) width + 2; i++)
    g_string_append_c (out, ' ');
}

/* A table: translated headers, then `cells` (n_cols per row), each line
 * starting with `indent`; columns as wide as their widest cell. */
static void
append_table (GString *out, const char *indent, const char *const *headers, guint n_cols,
              GPtrArray *cells)
{
  g_autofree guint *widths = g_new0 (guint, n_cols);
  guint rows = cells->len / n_cols;

  for (guint c = 0; c < n_cols; c++)
    widths[c] = display_width (_(headers[c]));
  for (guint i = 0; i < cells->len; i++)
    widths[i % n_cols] = MAX (widths[i % n_cols], display_width (g_ptr_array_index (cells, i)));
  g_string_append (out, indent);
  for (guint c = 0; c < n_cols; c++)
    append_cell (out, _(headers[c]), widths[c], c == n_cols - 1);
  g_string_append_c (out, '\n');
  for (guint r = 0; r < rows; r++)
    {
      g_string_append (out, indent);
      for (guint c = 0; c < n_cols; c++)
        append_cell (out, g_ptr_array_index (cells, r * n_cols + c), widths[c], c == n_cols - 1);
      g_string_append_c (out, '\n');
    }
}

/* The virtual servers: a line each, then a table of its real servers. */
static void
append_virtual_servers (GString *out, GVariant *data)
{
  static const char *const headers[] = {
    N_("REAL SERVER"), N_("STATE"), N_("WEIGHT"), N_("CHECKS"), N_("REASON"),
  };
  g_autoptr(GVariant) list = g_variant_lookup_value (data, "virtual_servers",
                                                     G_VARIANT_TYPE ("aa{sv}"));
  gsize n = list != NULL ? g_variant_n_children (list) : 0;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) vs = g_variant_get_child_value (list, i);
      g_autoptr(GVariant) servers = g_variant_lookup_value (vs, "real_servers",
                                                            G_VARIANT_TYPE ("aa{sv}"));
      g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *name = lookup_formatted (vs, "name");
      g_autofree char *protocol = lookup_formatted (vs, "protocol");
      g_autofree char *scheduler = lookup_formatted (vs, "scheduler");
      guint quorum = 0, live = 0;
      gboolean has_quorum = FALSE, sorry = FALSE;

      g_variant_lookup (vs, "quorum", "u", &quorum);
      g_variant_lookup (vs, "live_weight", "u", &live);
      g_variant_lookup (vs, "has_quorum", "b", &has_quorum);
      g_variant_lookup (vs, "sorry_server_active", "b", &sorry);
      g_string_append_printf (out, _("\nvirtual server %s %s %s: live weight %u, quorum %u %s%s\n"),
                              name, protocol, scheduler, live, quorum,
                              has_quorum ? _("(met)") : _("(LOST)"),
                              sorry ? _(", sorry server in use") : "");
      for (gsize r = 0; servers != NULL && r < g_variant_n_children (servers); r++)
        {
          g_autoptr(GVariant) rs = g_variant_get_child_value (servers, r);
          g_autoptr(GVariant) checkers = g_variant_lookup_value (rs, "checkers",
                                                                 G_VARIANT_TYPE ("aa{sv}"));
          GString *types = g_string_new (NULL);
          gboolean up = FALSE, drained = FALSE;
          guint weight = 0, effective = 0;

          g_variant_lookup (rs, "up", "b", &up);
          g_variant_lookup (rs, "drained", "b", &drained);
          g_variant_lookup (rs, "weight", "u", &weight);
          g_variant_lookup (rs, "effective_weight", "u", &effective);
          for (gsize c = 0; checkers != NULL && c < g_variant_n_children (checkers); c++)
            {
              g_autoptr(GVariant) ck = g_variant_get_child_value (checkers, c);
              g_autofree char *type = lookup_formatted (ck, "type");

              g_string_append_printf (types, "%s%s", c > 0 ? "," : "", type);
            }
          g_ptr_array_add (cells, lookup_formatted (rs, "name"));
          g_ptr_array_add (cells, g_strdup (drained ? _("drained") : up ? _("up") : _("down")));
          g_ptr_array_add (cells, g_strdup_printf ("%u/%u", weight, effective));
          g_ptr_array_add (cells, types->len > 0 ? g_string_free (types, FALSE)
                                                 : (g_string_free (types, TRUE), g_strdup ("-")));
          g_ptr_array_add (cells, lookup_formatted (rs, "reason"));
        }
      append_table (out, "  ", headers, G_N_ELEMENTS (headers), cells);
    }
}

enum { COL_NAME, COL_STATE, COL_PRIORITY, COL_VIPS, COL_MASTER, COL_SINCE, COL_REASON, N_COLS };

void
vigil_ctl_print_status (GString *out, GVariant *data)
{
  static const char *const headers[N_COLS] = {
    N_("NAME"), N_("STATE"), N_("PRIORITY"), N_("VIRTUAL ADDRESSES"), N_("MASTER"),
    N_("LAST TRANSITION"), N_("REASON"),
  };
  g_autoptr(GVariant) vigild = g_variant_lookup_value (data, "vigild", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) instances = g_variant_lookup_value (data, "instances",
                                                          G_VARIANT_TYPE ("aa{sv}"));
  gsize n = instances != NULL ? g_variant_n_children (instances) : 0;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *version = NULL;
  g_autofree char *config = NULL;
  g_autofree char *started = NULL;
  g_autofree char *reloaded = NULL;
  gboolean reload_ok = TRUE;

  if (vigild != NULL)
    {
      version = lookup_formatted (vigild, "version");
      config = lookup_formatted (vigild, "config_file");
      started = lookup_formatted (vigild, "start_time");
      reloaded = lookup_formatted (vigild, "last_reload_time");
      g_variant_lookup (vigild, "last_reload_succeeded", "b", &reload_ok);
      g_string_append_printf (out, _("vigild %s, config %s, running since %s"), version, config,
                              started);
      if (lookup_u64 (vigild, "last_reload_time") != 0)
        g_string_append_printf (out, _(", last reload %s %s"), reloaded,
                                reload_ok ? _("applied") : _("REFUSED (see vigilctl reload)"));
      g_string_append_c (out, '\n');
    }

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) record = g_variant_get_child_value (instances, i);
      g_autofree char *state = lookup_formatted (record, "state");
      char *row[N_COLS];

      row[COL_NAME] = lookup_formatted (record, "name");
      /* A timed hold that is over no longer counts. */
      row[COL_STATE] = lookup_u64 (record, "held_until") > (guint64) g_get_real_time ()
                         ? g_strdup_printf (_("%s (held)"), state) : g_strdup (state);
      row[COL_PRIORITY] = g_strdup_printf ("%u/%u", lookup_byte (record, "priority"),
                                           lookup_byte (record, "effective_priority"));
      row[COL_VIPS] = lookup_formatted (record, "virtual_addresses");
      row[COL_MASTER] = lookup_formatted (record, "master_address");
      row[COL_SINCE] = lookup_formatted (record, "last_transition");
      row[COL_REASON] = lookup_formatted (record, "last_transition_reason");
      for (guint c = 0; c < N_COLS; c++)
        g_ptr_array_add (cells, row[c]);
    }

  if (n == 0)
    g_string_append (out, _("no VRRP instances\n"));
  else
    append_table (out, "", headers, N_COLS, cells);
  append_virtual_servers (out, data);
}

void
vigil_ctl_print_instance (GString *out, GVariant *record)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;
  g_autofree char *name = lookup_formatted (record, "name");
  gsize width = 0;

  g_variant_iter_init (&iter, record);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    width = MAX (width, strlen (key));

  g_string_append_printf (out, "%s\n", name);
  g_variant_iter_init (&iter, record);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      g_autofree char *text = NULL;

      if (g_strcmp0 (key, "name") == 0)
        continue;
      text = vigil_ctl_format_value (key, value);
      g_string_append_printf (out, "  %s:%*s %s\n", key, (int) (width - strlen (key)), "", text);
    }
}
