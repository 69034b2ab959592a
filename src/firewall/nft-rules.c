/* nft-rules.c - the nftables text of vigil's VIP filter (pure) */
#define G_LOG_DOMAIN "vigil-firewall"

#include "firewall/nft-rules.h"

#include <string.h>

#define SET_V4 "vips"
#define SET_V6 "vips6"
#define SET_V6_LINK_LOCAL "vips6_ll"
#define TABLE_NAME_MAX 31

typedef enum {
  KIND_V4,
  KIND_V6,
  KIND_V6_LINK_LOCAL,
  N_KINDS
} AddressKind;

static const char *const set_names[N_KINDS] = { SET_V4, SET_V6, SET_V6_LINK_LOCAL };

gboolean
vigil_nft_rules_table_name_valid (const char *name)
{
  gsize len;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > TABLE_NAME_MAX)
    return FALSE;
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && strchr ("_-.", name[i]) == NULL)
      return FALSE;
  return TRUE;
}

static AddressKind
address_kind (const VigilNftRulesAddress *address)
{
  if (address->addr.family == AF_INET)
    return KIND_V4;
  return vigil_inet_addr_is_link_local (&address->addr) ? KIND_V6_LINK_LOCAL : KIND_V6;
}

static void
append_element (GString *out, const VigilNftRulesSettings *settings,
                const VigilNftRulesAddress *address)
{
  char text[VIGIL_INET_ADDR_STRLEN];

  g_string_append (out, vigil_inet_addr_to_string (&address->addr, text));
  if (address_kind (address) != KIND_V6_LINK_LOCAL)
    return;
  if (settings->ifindex)
    g_string_append_printf (out, " . %d", address->ifindex);
  else
    g_string_append_printf (out, " . \"%s\"", address->ifname);
}

/* ", "-separated elements of one kind; FALSE if there is none. */
static gboolean
append_elements (GString *out, const VigilNftRulesSettings *settings, AddressKind kind,
                 const VigilNftRulesAddress *addresses, guint n_addresses)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n_addresses; i++)
    {
      if (address_kind (&addresses[i]) != kind)
        continue;
      if (any)
        g_string_append (out, ", ");
      append_element (out, settings, &addresses[i]);
      any = TRUE;
    }
  return any;
}

static gboolean
has_kind (AddressKind kind, const VigilNftRulesAddress *addresses, guint n_addresses)
{
  for (guint i = 0; i < n_addresses; i++)
    if (address_kind (&addresses[i]) == kind)
      return TRUE;
  return FALSE;
}

static void
append_set (GString *out, const VigilNftRulesSettings *settings, AddressKind kind,
            const VigilNftRulesAddress *addresses, guint n_addresses)
{
  static const char *const types[N_KINDS] = { "ipv4_addr", "ipv6_addr", "ipv6_addr . ifname" };
  const char *type = types[kind];

  if (kind == KIND_V6_LINK_LOCAL && settings->ifindex)
    type = "ipv6_addr . iface_index";
  g_string_append_printf (out, "\tset %s {\n\t\ttype %s\n", set_names[kind], type);
  if (has_kind (kind, addresses, n_addresses))
    {
      g_string_append (out, "\t\telements = { ");
      append_elements (out, settings, kind, addresses, n_addresses);
      g_string_append (out, " }\n");
    }
  g_string_append (out, "\t}\n");
}

/* One chain: `input` matches destinations and the incoming interface,
 * `output` sources and the outgoing one. */
static void
append_chain (GString *out, const VigilNftRulesSettings *settings, gboolean input)
{
  const char *counter = settings->counters ? "counter " : "";
  const char *addr = input ? "daddr" : "saddr";
  const char *iface;

  if (settings->ifindex)
    iface = input ? "iif" : "oif";
  else
    iface = input ? "iifname" : "oifname";
  g_string_append_printf (out,
                          "\tchain %s {\n"
                          "\t\ttype filter hook %s priority %d; policy accept;\n"
                          "\t\tip %s @" SET_V4 " %sdrop\n"
                          "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } %saccept\n"
                          "\t\tip6 %s . %s @" SET_V6_LINK_LOCAL " %sdrop\n"
                          "\t\tip6 %s @" SET_V6 " %sdrop\n"
                          "\t}\n",
                          input ? "in" : "out", input ? "input" : "output", settings->priority,
                          addr, counter,
                          counter,
                          addr, iface, counter,
                          addr, counter);
}

char *
vigil_nft_rules_delete_table (const char *table)
{
  g_return_val_if_fail (vigil_nft_rules_table_name_valid (table), NULL);
  return g_strdup_printf ("add table inet %s\ndelete table inet %s\n", table, table);
}

char *
vigil_nft_rules_create_table (const VigilNftRulesSettings *settings,
                              const VigilNftRulesAddress *addresses, guint n_addresses)
{
  g_autofree char *delete = NULL;
  GString *out;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (n_addresses == 0 || addresses != NULL, NULL);
  delete = vigil_nft_rules_delete_table (settings->table);
  g_return_val_if_fail (delete != NULL, NULL);

  out = g_string_new (delete);
  g_string_append_printf (out, "table inet %s {\n", settings->table);
  for (int kind = 0; kind < N_KINDS; kind++)
    append_set (out, settings, kind, addresses, n_addresses);
  append_chain (out, settings, TRUE);
  append_chain (out, settings, FALSE);
  g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

char *
vigil_nft_rules_elements (const VigilNftRulesSettings *settings, gboolean add,
                          const VigilNftRulesAddress *addresses, guint n_addresses)
{
  GString *out;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (vigil_nft_rules_table_name_valid (settings->table), NULL);
  if (n_addresses == 0)
    return NULL;
  g_return_val_if_fail (addresses != NULL, NULL);

  out = g_string_new (NULL);
  for (int kind = 0; kind < N_KINDS; kind++)
    {
      if (!has_kind (kind, addresses, n_addresses))
        continue;
      g_string_append_printf (out, "%s element inet %s %s { ", add ? "add" : "delete",
                              settings->table, set_names[kind]);
      append_elements (out, settings, kind, addresses, n_addresses);
      g_string_append (out, " }\n");
    }
  return g_string_free (out, FALSE);
}
