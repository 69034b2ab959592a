/* ctl-json.c - JSON text from GVariants, for vigilctl --json */
#include "ctl/ctl-json.h"

void
vigil_ctl_json_append_string (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          /* Other control characters (and DEL) as \u escapes; D-Bus
           * strings are valid UTF-8, which JSON takes as it is. */
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
is_string_dict (GVariant *value)
{
  const GVariantType *type = g_variant_get_type (value);

  return g_variant_type_is_array (type)
         && g_variant_type_is_dict_entry (g_variant_type_element (type))
         && g_variant_type_equal (g_variant_type_key (g_variant_type_element (type)),
                                  G_VARIANT_TYPE_STRING);
}

void
vigil_ctl_json_append (GString *out, GVariant *value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
      break;
    case G_VARIANT_CLASS_BYTE:
      g_string_append_printf (out, "%u", (guint) g_variant_get_byte (value));
      break;
    case G_VARIANT_CLASS_INT16:
      g_string_append_printf (out, "%d", (int) g_variant_get_int16 (value));
      break;
    case G_VARIANT_CLASS_UINT16:
      g_string_append_printf (out, "%u", (guint) g_variant_get_uint16 (value));
      break;
    case G_VARIANT_CLASS_INT32:
      g_string_append_printf (out, "%" G_GINT32_FORMAT, g_variant_get_int32 (value));
      break;
    case G_VARIANT_CLASS_UINT32:
      g_string_append_printf (out, "%" G_GUINT32_FORMAT, g_variant_get_uint32 (value));
      break;
    case G_VARIANT_CLASS_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
      break;
    case G_VARIANT_CLASS_UINT64:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
      break;
    case G_VARIANT_CLASS_HANDLE:
      g_string_append_printf (out, "%" G_GINT32_FORMAT, g_variant_get_handle (value));
      break;
    case G_VARIANT_CLASS_DOUBLE:
      g_string_append (out, g_ascii_dtostr (number, sizeof number, g_variant_get_double (value)));
      break;
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      vigil_ctl_json_append_string (out, g_variant_get_string (value, NULL));
      break;
    case G_VARIANT_CLASS_VARIANT:
      {
        g_autoptr(GVariant) inner = g_variant_get_variant (value);
        vigil_ctl_json_append (out, inner);
        break;
      }
    case G_VARIANT_CLASS_MAYBE:
      {
        g_autoptr(GVariant) inner = g_variant_get_maybe (value);
        if (inner == NULL)
          g_string_append (out, "null");
        else
          vigil_ctl_json_append (out, inner);
        break;
      }
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
      {
        gboolean object = is_string_dict (value);
        gsize n = g_variant_n_children (value);

        g_string_append_c (out, object ? '{' : '[');
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
            if (i > 0)
              g_string_append_c (out, ',');
            if (object)
              {
                g_autoptr(GVariant) key = g_variant_get_child_value (child, 0);
                g_autoptr(GVariant) val = g_variant_get_child_value (child, 1);
                vigil_ctl_json_append_string (out, g_variant_get_string (key, NULL));
                g_string_append_c (out, ':');
                vigil_ctl_json_append (out, val);
              }
            else
              vigil_ctl_json_append (out, child);
          }
        g_string_append_c (out, object ? '}' : ']');
        break;
      }
    default:
      g_string_append (out, "null");
    }
}

char *
vigil_ctl_key_from_property (const char *property)
{
  GString *key = g_string_new (NULL);

  for (const char *p = property; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        {
          if (p != property && (g_ascii_islower (p[-1]) || g_ascii_isdigit (p[-1])))
            g_string_append_c (key, '_');
          g_string_append_c (key, g_ascii_tolower (*p));
        }
      else
        g_string_append_c (key, *p);
    }
  return g_string_free (key, FALSE);
}
