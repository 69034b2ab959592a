/* parser-values.c - parsing one value: numbers, times, addresses, scripts
 *
 * Every function reports a bad value at the word's FILE:LINE:COL, naming
 * the keyword, the value and the form or range expected.
 */
#define G_LOG_DOMAIN "vigil-config"

#include "config/parser.h"
#include "i18n.h"

#include <string.h>

static void
report_bad_value (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                  const char *expected)
{
  vigil_diag_error (parser->diags, &word->loc, _("invalid value '%s' for '%s': expected %s"),
                    word->text, keyword, expected);
}

gboolean
vigil_conf_value_bool (VigilConfParser *parser, const char *keyword,
                       const VigilConfWord *word, gboolean *out)
{
  static const char *const yes[] = { "on", "true", "yes", NULL };
  static const char *const no[] = { "off", "false", "no", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (word->text, yes[i]) == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (word->text, no[i]) == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }
  report_bad_value (parser, keyword, word, _("on, off, true, false, yes or no"));
  return FALSE;
}

/* Decimal integer with an optional sign; FALSE on junk or overflow. */
static gboolean
parse_int (const char *text, gint64 *out)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 value = 0;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      value = value * 10 + (guint64) (*p - '0');
      if (value > (guint64) G_MAXINT64)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;
  *out = negative ? -(gint64) value : (gint64) value;
  return TRUE;
}

gboolean
vigil_conf_value_int (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                      gint64 min, gint64 max, gint64 *out)
{
  gint64 value;

  if (parse_int (word->text, &value) && value >= min && value <= max)
    {
      *out = value;
      return TRUE;
    }
  if (max >= G_MAXINT32 && min == 0)
    vigil_diag_error (parser->diags, &word->loc,
                      _("invalid value '%s' for '%s': expected a whole number of at least 0"),
                      word->text, keyword);
  else
    vigil_diag_error (parser->diags, &word->loc,
                      _("invalid value '%s' for '%s': expected an integer from %lld to %lld"),
                      word->text, keyword, (long long) min, (long long) max);
  return FALSE;
}

/* "2.5" seconds → 2500000 us; at most 6 decimals, no sign, no exponent. */
static gboolean
parse_timer (const char *text, gint64 *out, gboolean *fractional)
{
  const char *p = text;
  gint64 seconds = 0, micro = 0;
  guint decimals = 0;

  *fractional = FALSE;
  if (!g_ascii_isdigit (*p) && !(*p == '.' && g_ascii_isdigit (p[1])))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      seconds = seconds * 10 + (*p - '0');
      if (seconds > G_MAXINT64 / VIGIL_USEC_PER_SEC / 10)
        return FALSE;
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        {
          if (decimals == 6)
            {
              if (*p != '0')
                return FALSE;
              continue;
            }
          micro = micro * 10 + (*p - '0');
          decimals++;
        }
    }
  if (*p != '\0')
    return FALSE;
  for (; decimals < 6; decimals++)
    micro *= 10;
  *fractional = micro != 0;
  *out = seconds * VIGIL_USEC_PER_SEC + micro;
  return TRUE;
}

/* 2500000 → "2.5" */
static char *
format_seconds (gint64 us)
{
  char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
                                us / VIGIL_USEC_PER_SEC, us % VIGIL_USEC_PER_SEC);
  char *end = text + strlen (text) - 1;

  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return text;
}

gboolean
vigil_conf_value_timer (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                        gint64 min_us, gint64 max_us, gboolean whole_seconds, gint64 *out_us)
{
  gint64 value;
  gboolean fractional;
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;

  if (parse_timer (word->text, &value, &fractional)
      && value >= min_us && value <= max_us && !(whole_seconds && fractional))
    {
      *out_us = value;
      return TRUE;
    }
  min_text = format_seconds (min_us);
  max_text = format_seconds (max_us);
  if (whole_seconds)
    vigil_diag_error (parser->diags, &word->loc,
                      _("invalid value '%s' for '%s': expected whole seconds from %s to %s"),
                      word->text, keyword, min_text, max_text);
  else
    vigil_diag_error (parser->diags, &word->loc,
                      _("invalid value '%s' for '%s': expected seconds from %s to %s "
                        "(e.g. 1.5, at most 6 decimals)"),
                      word->text, keyword, min_text, max_text);
  return FALSE;
}

gboolean
vigil_conf_value_addr (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                       VigilInetAddr *out)
{
  if (vigil_inet_addr_parse (word->text, out))
    return TRUE;
  report_bad_value (parser, keyword, word, _("an IPv4 or IPv6 address"));
  return FALSE;
}

gboolean
vigil_conf_value_prefix (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                         VigilInetAddr *out, guint8 *prefix_len, gboolean *has_prefix)
{
  if (vigil_inet_addr_parse_prefix (word->text, out, prefix_len, has_prefix))
    return TRUE;
  report_bad_value (parser, keyword, word,
                    _("an IPv4 or IPv6 address with an optional /prefix length "
                      "(0-32 for IPv4, 0-128 for IPv6)"));
  return FALSE;
}

gboolean
vigil_conf_value_port (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                       guint16 *out)
{
  gint64 value;

  if (parse_int (word->text, &value) && value >= 1 && value <= 65535)
    {
      *out = (guint16) value;
      return TRUE;
    }
  report_bad_value (parser, keyword, word, _("a port number from 1 to 65535"));
  return FALSE;
}

int
vigil_conf_value_choice (VigilConfParser *parser, const char *keyword, const VigilConfWord *word,
                         const char *const *choices)
{
  g_autofree char *list = NULL;
  const char *suggestion;
  VigilDiag *diag;

  for (int i = 0; choices[i] != NULL; i++)
    if (strcmp (word->text, choices[i]) == 0)
      return i;
  list = g_strjoinv ("|", (char **) choices);
  diag = vigil_diag_error (parser->diags, &word->loc,
                           _("invalid value '%s' for '%s': expected one of %s"),
                           word->text, keyword, list);
  suggestion = vigil_diag_suggest (word->text, choices);
  if (suggestion == NULL)
    for (int i = 0; choices[i] != NULL; i++)
      if (g_ascii_strcasecmp (word->text, choices[i]) == 0)
        suggestion = choices[i];
  if (suggestion != NULL)
    vigil_diag_set_hint (diag, _("did you mean '%s'?"), suggestion);
  return -1;
}

/* Split a script's command line as keepalived does: unquoted blanks
 * separate arguments, '...' and "..." keep blanks, a backslash outside
 * single quotes takes the next character as is. No shell: nothing else is
 * special. NULL when a quote is not closed or there is no command. */
static GStrv
split_command (const char *text)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean in_word = FALSE;
  char quote = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quote == 0 && g_ascii_isspace (*p))
        {
          if (in_word)
            g_ptr_array_add (args, g_strndup (word->str, word->len));
          g_string_truncate (word, 0);
          in_word = FALSE;
          continue;
        }
      in_word = TRUE;
      if (quote == 0 && (*p == '\'' || *p == '"'))
        quote = *p;
      else if (quote != 0 && *p == quote)
        quote = 0;
      else if (*p == '\\' && quote != '\'' && p[1] != '\0')
        g_string_append_c (word, *++p);
      else
        g_string_append_c (word, *p);
    }
  if (quote != 0)
    return NULL;
  if (in_word)
    g_ptr_array_add (args, g_strndup (word->str, word->len));
  if (args->len == 0)
    return NULL;
  g_ptr_array_add (args, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

VigilConfScript *
vigil_conf_value_script (VigilConfParser *parser, const VigilConfNode *node, guint first)
{
  const VigilConfWord *command = vigil_conf_node_arg (node, first);
  const VigilConfWord *user = vigil_conf_node_arg (node, first + 1);
  const VigilConfWord *group = vigil_conf_node_arg (node, first + 2);
  const VigilConfWord *extra = vigil_conf_node_arg (node, first + 3);
  VigilConfScript *script;
  GStrv argv = NULL;

  if (command == NULL)
    {
      vigil_diag_error (parser->diags, vigil_conf_node_loc (node), _("'%s' needs a script"),
                        node->keyword.text);
      return NULL;
    }
  if (extra != NULL)
    {
      VigilDiag *diag = vigil_diag_warning (parser->diags, &extra->loc,
                                            _("'%s' takes a script, a user and a group; "
                                              "'%s' and after are ignored"),
                                            node->keyword.text, extra->text);
      vigil_diag_set_hint (diag, _("quote the script with its arguments: \"%s %s ...\""),
                           command->text, user->text);
    }
  argv = split_command (command->text);
  if (argv == NULL)
    {
      vigil_diag_error (parser->diags, &command->loc,
                        _("invalid value '%s' for '%s': expected a command line with its "
                          "arguments, quotes closed"), command->text, node->keyword.text);
      return NULL;
    }
  script = g_new0 (VigilConfScript, 1);
  script->argv = argv;
  script->user = user != NULL ? g_strdup (user->text) : NULL;
  script->group = group != NULL ? g_strdup (group->text) : NULL;
  script->loc = command->loc;
  return script;
}

gboolean
vigil_conf_value_weight (VigilConfParser *parser, const VigilConfNode *node, guint first,
                         gint64 min, gint64 max, int *weight, gboolean *reverse)
{
  static const char *const directions[] = { "reverse", "noreverse", "no_reverse", NULL };
  const VigilConfWord *value = vigil_conf_node_arg (node, first);
  const VigilConfWord *direction = vigil_conf_node_arg (node, first + 1);
  const VigilConfWord *extra = vigil_conf_node_arg (node, first + 2);
  gint64 number;
  int choice = 1;

  if (value == NULL)
    {
      vigil_diag_error (parser->diags, vigil_conf_node_loc (node), _("'weight' needs a value"));
      return FALSE;
    }
  if (!vigil_conf_value_int (parser, "weight", value, min, max, &number))
    return FALSE;
  if (direction != NULL && (choice = vigil_conf_value_choice (parser, "weight", direction,
                                                              directions)) < 0)
    return FALSE;
  if (extra != NULL)
    {
      vigil_diag_error (parser->diags, &extra->loc, _("unexpected '%s' after 'weight'"),
                        extra->text);
      return FALSE;
    }
  *weight = (int) number;
  if (reverse != NULL)
    *reverse = choice == 0;
  return TRUE;
}

void
vigil_conf_error_unknown_option (VigilConfParser *parser, const char *keyword,
                                 const VigilConfWord *word, const char *const *valid)
{
  VigilDiag *diag = vigil_diag_error (parser->diags, &word->loc,
                                      _("unknown option '%s' for '%s'"), word->text, keyword);
  const char *suggestion = valid != NULL ? vigil_diag_suggest (word->text, valid) : NULL;

  if (suggestion != NULL)
    vigil_diag_set_hint (diag, _("did you mean '%s'?"), suggestion);
}
