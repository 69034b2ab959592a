/* nft-ruleset.c - a load-balanced service as nftables commands
 * (see nft-ruleset.h)
 *
 * lvs_sched in nftables. nftables keeps no per-destination connection
 * counts, so the schedulers that need them become weighted random
 * selection, which gives each destination the share of new connections
 * its weight asks for:
 *   rr                       numgen inc over the destinations, weights ignored
 *                            (weight 0 still takes a destination out)
 *   wrr                      numgen inc over weighted slots
 *   sh (flag-2/sh-port: + client port), mh (flag-2/mh-port: + port)
 *                            jhash of the client address over weighted slots
 *   dh                       jhash of the destination address, weighted
 *   fo                       every new connection to the highest weight
 *   lc, wlc, sed, nq, lblc, lblcr, ovf, twos and any other
 *                            numgen random over weighted slots
 * Weights are divided by their greatest common divisor so that the
 * selection map stays small.
 */
#include "lb/nft-ruleset.h"

#include <netinet/in.h>
#include <string.h>
#include "daemon/error.h"
#include "i18n.h"

/* jhash seed: fixed, so that source hashing maps a client to the same
 * destination after a restart, as IPVS's sh does */
#define HASH_SEED "0x76696731"

const char *
vigil_nft_selection_to_string (VigilNftSelection selection)
{
  switch (selection)
    {
    case VIGIL_NFT_SELECT_RANDOM: return "random";
    case VIGIL_NFT_SELECT_ROUND_ROBIN: return "round-robin";
    case VIGIL_NFT_SELECT_HASH_SOURCE: return "hash-source";
    case VIGIL_NFT_SELECT_HASH_SOURCE_PORT: return "hash-source-port";
    case VIGIL_NFT_SELECT_HASH_DEST: return "hash-destination";
    case VIGIL_NFT_SELECT_HIGHEST_WEIGHT: return "highest-weight";
    }
  return "unknown";
}

VigilNftSelection
vigil_nft_selection_for_scheduler (const char *scheduler, guint32 sched_flags,
                                   gboolean *weighted)
{
  /* IP_VS_SVC_F_SCHED_SH_PORT == IP_VS_SVC_F_SCHED_MH_PORT == flag-2 */
  gboolean port_flag = (sched_flags & VIGIL_CONF_VS_FLAG_2) != 0;

  *weighted = TRUE;
  if (g_strcmp0 (scheduler, "rr") == 0)
    {
      *weighted = FALSE;
      return VIGIL_NFT_SELECT_ROUND_ROBIN;
    }
  if (g_strcmp0 (scheduler, "wrr") == 0)
    return VIGIL_NFT_SELECT_ROUND_ROBIN;
  if (g_strcmp0 (scheduler, "sh") == 0 || g_strcmp0 (scheduler, "mh") == 0)
    return port_flag ? VIGIL_NFT_SELECT_HASH_SOURCE_PORT : VIGIL_NFT_SELECT_HASH_SOURCE;
  if (g_strcmp0 (scheduler, "dh") == 0)
    return VIGIL_NFT_SELECT_HASH_DEST;
  if (g_strcmp0 (scheduler, "fo") == 0)
    return VIGIL_NFT_SELECT_HIGHEST_WEIGHT;
  return VIGIL_NFT_SELECT_RANDOM;
}

char *
vigil_nft_ruleset_service_name (const char *key)
{
  GString *name = g_string_new ("vs_");
  guint32 hash = 2166136261u;          /* FNV-1a: stable across runs */
  guint n = 0;

  for (const char *p = key; *p != '\0'; p++)
    {
      hash = (hash ^ (guint8) *p) * 16777619u;
      if (n++ < 32)
        g_string_append_c (name, g_ascii_isalnum (*p) ? *p : '_');
    }
  g_string_append_printf (name, "_%08x", hash);
  return g_string_free (name, FALSE);
}

static const char *
protocol_name (int protocol)
{
  switch (protocol)
    {
    case IPPROTO_TCP: return "tcp";
    case IPPROTO_UDP: return "udp";
    case IPPROTO_SCTP: return "sctp";
    default: return NULL;
    }
}

static const char *
family_keyword (int family)
{
  return family == AF_INET6 ? "ip6" : "ip";
}

static const char *
addr_text (const VigilInetAddr *addr, char *buf)
{
  return vigil_inet_addr_to_string (addr, buf);
}

/* The family of an endpoint; a fwmark without one takes its
 * destinations' (IPv4 when there are none). */
static int
endpoint_family (const VigilLbService *service, const VigilLbEndpoint *endpoint)
{
  if (endpoint->family == AF_INET || endpoint->family == AF_INET6)
    return endpoint->family;
  for (guint i = 0; i < service->destinations->len; i++)
    {
      const VigilLbDestination *d = &g_array_index (service->destinations,
                                                    VigilLbDestination, i);
      if (d->addr.family == AF_INET || d->addr.family == AF_INET6)
        return d->addr.family;
    }
  return AF_INET;
}

/* Destinations of `family` (weight 0 included) and the port each gets. */
typedef struct {
  const VigilLbDestination *destination;
  guint16 port;
} Target;

static GArray *
targets_for (const VigilLbService *service, const VigilLbEndpoint *endpoint, int family)
{
  GArray *targets = g_array_new (FALSE, TRUE, sizeof (Target));

  for (guint i = 0; i < service->destinations->len; i++)
    {
      const VigilLbDestination *d = &g_array_index (service->destinations,
                                                    VigilLbDestination, i);
      Target t = { d, d->port != 0 ? d->port : (endpoint->is_fwmark ? 0 : endpoint->port) };

      if (d->addr.family == family)
        g_array_append_val (targets, t);
    }
  return targets;
}

/* TRUE when DNAT to `targets` changes the destination port of some
 * connection (a destination's port differs from the endpoint's). */
static gboolean
port_changes (const VigilLbEndpoint *endpoint, GArray *targets)
{
  guint16 port = endpoint->is_fwmark ? 0 : endpoint->port;

  for (guint i = 0; i < targets->len; i++)
    if (g_array_index (targets, Target, i).port != port)
      return TRUE;
  return FALSE;
}

/* libnftables 1.0.6 aborts (an assertion in netlink_linearize.c) on a
 * map update whose key is an IPv6 address and whose data is an IPv6
 * address and a port: persistence is left out there. */
static gboolean
persistence_expressible (const VigilLbEndpoint *endpoint, int family, GArray *targets)
{
  return family != AF_INET6 || !port_changes (endpoint, targets);
}

gboolean
vigil_nft_ruleset_persistence_expressible (const VigilLbService *service)
{
  for (guint e = 0; e < service->endpoints->len; e++)
    {
      const VigilLbEndpoint *endpoint = &g_array_index (service->endpoints,
                                                        VigilLbEndpoint, e);
      int family = endpoint_family (service, endpoint);
      g_autoptr(GArray) targets = targets_for (service, endpoint, family);

      if (!persistence_expressible (endpoint, family, targets))
        return FALSE;
    }
  return TRUE;
}

static char *
endpoint_match (const VigilLbEndpoint *endpoint, int family, const char *proto)
{
  char first[VIGIL_INET_ADDR_STRLEN], last[VIGIL_INET_ADDR_STRLEN];
  GString *match = g_string_new (NULL);

  if (endpoint->is_fwmark)
    {
      g_string_append_printf (match, "meta mark 0x%08x meta nfproto %s meta l4proto %s",
                              endpoint->fwmark, family == AF_INET6 ? "ipv6" : "ipv4", proto);
      return g_string_free (match, FALSE);
    }
  g_string_append_printf (match, "%s daddr %s", family_keyword (family),
                          addr_text (&endpoint->addr, first));
  if (endpoint->addr_end.family == family
      && !vigil_inet_addr_equal (&endpoint->addr, &endpoint->addr_end))
    g_string_append_printf (match, "-%s", addr_text (&endpoint->addr_end, last));
  if (endpoint->port != 0)
    g_string_append_printf (match, " %s dport %u", proto, endpoint->port);
  else
    g_string_append_printf (match, " meta l4proto %s", proto);
  return g_string_free (match, FALSE);
}

/* "198.51.100.10 . 80" (map data) */
static void
append_target (GString *out, const Target *t, gboolean with_port)
{
  char text[VIGIL_INET_ADDR_STRLEN];

  g_string_append (out, addr_text (&t->destination->addr, text));
  if (with_port)
    g_string_append_printf (out, " . %u", t->port);
}

static guint
gcd (guint a, guint b)
{
  while (b != 0)
    {
      guint r = a % b;
      a = b;
      b = r;
    }
  return a;
}

/* "dnat ip addr . port to numgen random mod 4 map { 0-2 : A . 80, 3 : B . 80 }"
 * for the live (weight > 0) targets, or NULL when there is none. */
static char *
selection_statement (const VigilLbService *service, GArray *targets, int family,
                     gboolean with_port, const char *proto, GError **error)
{
  gboolean weighted;
  VigilNftSelection selection = vigil_nft_selection_for_scheduler (service->scheduler,
                                                                   service->sched_flags,
                                                                   &weighted);
  g_autoptr(GArray) live = g_array_new (FALSE, TRUE, sizeof (Target));
  g_autoptr(GArray) weights = g_array_new (FALSE, TRUE, sizeof (guint));
  const char *fk = family_keyword (family);
  GString *out;
  guint divisor = 0;
  guint64 total = 0;
  guint64 slot = 0;

  for (guint i = 0; i < targets->len; i++)
    {
      const Target *t = &g_array_index (targets, Target, i);
      guint w = weighted ? t->destination->weight : 1;

      if (t->destination->weight == 0)
        continue;
      if (selection == VIGIL_NFT_SELECT_HIGHEST_WEIGHT && live->len > 0)
        {
          /* fo: only the first destination of the highest weight */
          if (w <= g_array_index (weights, guint, 0))
            continue;
          g_array_set_size (live, 0);
          g_array_set_size (weights, 0);
        }
      g_array_append_val (live, *t);
      g_array_append_val (weights, w);
    }
  if (live->len == 0)
    return NULL;

  out = g_string_new (NULL);
  if (live->len == 1)
    {
      const Target *t = &g_array_index (live, Target, 0);
      char text[VIGIL_INET_ADDR_STRLEN];

      addr_text (&t->destination->addr, text);
      if (!with_port)
        g_string_append_printf (out, "dnat %s to %s", fk, text);
      else if (family == AF_INET6)
        g_string_append_printf (out, "dnat %s to [%s]:%u", fk, text, t->port);
      else
        g_string_append_printf (out, "dnat %s to %s:%u", fk, text, t->port);
      return g_string_free (out, FALSE);
    }

  for (guint i = 0; i < weights->len; i++)
    divisor = gcd (divisor, g_array_index (weights, guint, i));
  for (guint i = 0; i < weights->len; i++)
    {
      g_array_index (weights, guint, i) /= divisor;
      total += g_array_index (weights, guint, i);
    }
  if (total > G_MAXUINT32)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("virtual server %s: the sum of the weights is too large for nftables"),
                   service->key);
      g_string_free (out, TRUE);
      return NULL;
    }

  g_string_append_printf (out, "dnat %s %sto ", fk, with_port ? "addr . port " : "");
  switch (selection)
    {
    case VIGIL_NFT_SELECT_ROUND_ROBIN:
      g_string_append_printf (out, "numgen inc mod %u", (guint) total);
      break;
    case VIGIL_NFT_SELECT_HASH_SOURCE:
      g_string_append_printf (out, "jhash %s saddr mod %u seed " HASH_SEED, fk, (guint) total);
      break;
    case VIGIL_NFT_SELECT_HASH_SOURCE_PORT:
      g_string_append_printf (out, "jhash %s saddr . %s sport mod %u seed " HASH_SEED, fk,
                              proto, (guint) total);
      break;
    case VIGIL_NFT_SELECT_HASH_DEST:
      g_string_append_printf (out, "jhash %s daddr mod %u seed " HASH_SEED, fk, (guint) total);
      break;
    case VIGIL_NFT_SELECT_RANDOM:
    case VIGIL_NFT_SELECT_HIGHEST_WEIGHT:
    default:
      g_string_append_printf (out, "numgen random mod %u", (guint) total);
      break;
    }
  g_string_append (out, " map { ");
  for (guint i = 0; i < live->len; i++)
    {
      guint w = g_array_index (weights, guint, i);

      if (i > 0)
        g_string_append (out, ", ");
      if (w == 1)
        g_string_append_printf (out, "%" G_GUINT64_FORMAT " : ", slot);
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT " : ",
                                slot, slot + w - 1);
      append_target (out, &g_array_index (live, Target, i), with_port);
      slot += w;
    }
  g_string_append (out, " }");
  return g_string_free (out, FALSE);
}

/* The persistence key: the client address, masked by
 * persistence_granularity when that is of the same family. */
static char *
persistence_key (const VigilLbService *service, int family)
{
  char mask[VIGIL_INET_ADDR_STRLEN];

  if (service->persistence_granularity.family == family)
    return g_strdup_printf ("%s saddr & %s", family_keyword (family),
                            addr_text (&service->persistence_granularity, mask));
  return g_strdup_printf ("%s saddr", family_keyword (family));
}

typedef struct {
  const char *suffix;         /* "_pa4" */
  int family;
  gboolean with_port;
  gboolean used;
} PersistMap;

static PersistMap *
persist_map_for (PersistMap *maps, int family, gboolean with_port)
{
  for (guint i = 0; i < 4; i++)
    if (maps[i].family == family && maps[i].with_port == with_port)
      return &maps[i];
  g_assert_not_reached ();
}

static char *
safe_comment (const char *text)
{
  char *copy = g_strndup (text, 120);

  for (char *p = copy; *p != '\0'; p++)
    if (*p == '"' || *p == '\\' || !g_ascii_isprint (*p))
      *p = '_';
  return copy;
}

char *
vigil_nft_ruleset_set_service (const char *table, const VigilLbService *service,
                               gboolean flush_persistence, GError **error)
{
  const char *proto = protocol_name (service->protocol);
  g_autofree char *name = NULL;
  g_autofree char *comment = NULL;
  g_autoptr(GString) rules = g_string_new (NULL);
  g_autoptr(GString) post = g_string_new (NULL);
  GString *out;
  const char *t = table;
  PersistMap maps[4] = {
    { "_pa4", AF_INET, FALSE, FALSE }, { "_pp4", AF_INET, TRUE, FALSE },
    { "_pa6", AF_INET6, FALSE, FALSE }, { "_pp6", AF_INET6, TRUE, FALSE },
  };

  g_return_val_if_fail (table != NULL && service != NULL, NULL);

  if (proto == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("virtual server %s: protocol %d cannot be load-balanced with nftables"),
                   service->key, service->protocol);
      return NULL;
    }
  name = vigil_nft_ruleset_service_name (service->key);
  comment = safe_comment (service->key);

  for (guint e = 0; e < service->endpoints->len; e++)
    {
      const VigilLbEndpoint *endpoint = &g_array_index (service->endpoints,
                                                        VigilLbEndpoint, e);
      int family = endpoint_family (service, endpoint);
      g_autoptr(GArray) targets = targets_for (service, endpoint, family);
      g_autofree char *match = endpoint_match (endpoint, family, proto);
      g_autofree char *dnat = NULL;
      g_autoptr(GError) local_error = NULL;
      guint with_port = 0;

      for (guint i = 0; i < targets->len; i++)
        with_port += g_array_index (targets, Target, i).port != 0;
      if (with_port != 0 && with_port != targets->len)
        {
          g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                       _("virtual server %s: real servers with and without a port behind "
                         "an endpoint without a port cannot be expressed in nftables"),
                       service->key);
          return NULL;
        }

      if (service->persistence_timeout > 0 && targets->len > 0
          && persistence_expressible (endpoint, family, targets))
        {
          /* the port goes into the map only when DNAT changes it */
          gboolean map_port = port_changes (endpoint, targets);
          PersistMap *map = persist_map_for (maps, family, map_port);
          g_autofree char *key = persistence_key (service, family);
          char orig[VIGIL_INET_ADDR_STRLEN * 2 + 2];

          map->used = TRUE;
          /* a client seen within the timeout goes where it went before */
          g_string_append_printf (rules, "add rule %s %s %s %s dnat %s %sto %s map @%s%s\n",
                                  VIGIL_NFT_LB_TABLE_FAMILY, t, name, match,
                                  family_keyword (family), map_port ? "addr . port " : "",
                                  key, name, map->suffix);
          /* and each new connection records (or refreshes) its client */
          if (endpoint->is_fwmark)
            g_string_append_printf (post, "add rule %s %s %s_post %s ct status dnat",
                                    VIGIL_NFT_LB_TABLE_FAMILY, t, name, match);
          else
            {
              char first[VIGIL_INET_ADDR_STRLEN], last[VIGIL_INET_ADDR_STRLEN];

              addr_text (&endpoint->addr, first);
              if (endpoint->addr_end.family == family
                  && !vigil_inet_addr_equal (&endpoint->addr, &endpoint->addr_end))
                g_snprintf (orig, sizeof orig, "%s-%s", first,
                            addr_text (&endpoint->addr_end, last));
              else
                g_strlcpy (orig, first, sizeof orig);
              g_string_append_printf (post, "add rule %s %s %s_post meta l4proto %s "
                                      "ct status dnat ct original %s daddr %s",
                                      VIGIL_NFT_LB_TABLE_FAMILY, t, name, proto,
                                      family_keyword (family), orig);
              if (endpoint->port != 0)
                g_string_append_printf (post, " ct original proto-dst %u", endpoint->port);
            }
          g_string_append_printf (post, " update @%s%s { %s timeout %us : %s daddr",
                                  name, map->suffix, key, service->persistence_timeout,
                                  family_keyword (family));
          if (map_port)
            g_string_append_printf (post, " . %s dport", proto);
          g_string_append (post, " }\n");
        }

      dnat = selection_statement (service, targets, family, with_port != 0, proto,
                                  &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (dnat != NULL)
        g_string_append_printf (rules, "add rule %s %s %s %s %s\n",
                                VIGIL_NFT_LB_TABLE_FAMILY, t, name, match, dnat);
      else
        /* no live destination: refuse new connections, as IPVS does */
        g_string_append_printf (rules, "add rule %s %s %s %s drop comment \"no live "
                                "destination\"\n", VIGIL_NFT_LB_TABLE_FAMILY, t, name, match);
    }

  out = g_string_new (NULL);
  g_string_append_printf (out, "add table %s %s\n", VIGIL_NFT_LB_TABLE_FAMILY, t);
  g_string_append_printf (out, "add chain %s %s %s\n", VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  g_string_append_printf (out, "add chain %s %s %s_pre { type nat hook prerouting "
                          "priority dstnat; policy accept; }\n",
                          VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  g_string_append_printf (out, "add chain %s %s %s_out { type nat hook output "
                          "priority -100; policy accept; }\n",
                          VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  g_string_append_printf (out, "add chain %s %s %s_post { type nat hook postrouting "
                          "priority srcnat; policy accept; }\n",
                          VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  for (guint i = 0; i < G_N_ELEMENTS (maps); i++)
    g_string_append_printf (out, "add map %s %s %s%s { type %s : %s%s; "
                            "flags dynamic,timeout; }\n",
                            VIGIL_NFT_LB_TABLE_FAMILY, t, name, maps[i].suffix,
                            maps[i].family == AF_INET6 ? "ipv6_addr" : "ipv4_addr",
                            maps[i].family == AF_INET6 ? "ipv6_addr" : "ipv4_addr",
                            maps[i].with_port ? " . inet_service" : "");
  g_string_append_printf (out, "flush chain %s %s %s_pre\n", VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  g_string_append_printf (out, "flush chain %s %s %s_out\n", VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  g_string_append_printf (out, "flush chain %s %s %s_post\n", VIGIL_NFT_LB_TABLE_FAMILY, t,
                          name);
  g_string_append_printf (out, "flush chain %s %s %s\n", VIGIL_NFT_LB_TABLE_FAMILY, t, name);
  for (guint i = 0; i < G_N_ELEMENTS (maps); i++)
    {
      if (!maps[i].used)
        g_string_append_printf (out, "delete map %s %s %s%s\n", VIGIL_NFT_LB_TABLE_FAMILY, t,
                                name, maps[i].suffix);
      else if (flush_persistence)
        g_string_append_printf (out, "flush map %s %s %s%s\n", VIGIL_NFT_LB_TABLE_FAMILY, t,
                                name, maps[i].suffix);
    }
  if (post->len == 0)
    g_string_append_printf (out, "delete chain %s %s %s_post\n", VIGIL_NFT_LB_TABLE_FAMILY,
                            t, name);
  g_string_append (out, rules->str);
  g_string_append_printf (out, "add rule %s %s %s_pre jump %s comment \"%s\"\n",
                          VIGIL_NFT_LB_TABLE_FAMILY, t, name, name, comment);
  g_string_append_printf (out, "add rule %s %s %s_out jump %s comment \"%s\"\n",
                          VIGIL_NFT_LB_TABLE_FAMILY, t, name, name, comment);
  g_string_append (out, post->str);
  return g_string_free (out, FALSE);
}

char *
vigil_nft_ruleset_remove_service (const char *table, const char *key)
{
  g_autofree char *name = vigil_nft_ruleset_service_name (key);
  static const char *const map_suffixes[] = { "_pa4", "_pp4", "_pa6", "_pp6" };
  static const char *const base_chains[][2] = {
    { "_pre", "type nat hook prerouting priority dstnat; policy accept;" },
    { "_out", "type nat hook output priority -100; policy accept;" },
    { "_post", "type nat hook postrouting priority srcnat; policy accept;" },
  };
  const char *f = VIGIL_NFT_LB_TABLE_FAMILY;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (table != NULL && key != NULL, NULL);

  /* "add" first so that each "delete" finds its object: a transaction
   * fails as a whole on a missing one */
  g_string_append_printf (out, "add table %s %s\n", f, table);
  for (guint i = 0; i < G_N_ELEMENTS (base_chains); i++)
    g_string_append_printf (out, "add chain %s %s %s%s { %s }\nflush chain %s %s %s%s\n",
                            f, table, name, base_chains[i][0], base_chains[i][1],
                            f, table, name, base_chains[i][0]);
  g_string_append_printf (out, "add chain %s %s %s\nflush chain %s %s %s\n",
                          f, table, name, f, table, name);
  for (guint i = 0; i < G_N_ELEMENTS (base_chains); i++)
    g_string_append_printf (out, "delete chain %s %s %s%s\n", f, table, name,
                            base_chains[i][0]);
  g_string_append_printf (out, "delete chain %s %s %s\n", f, table, name);
  for (guint i = 0; i < G_N_ELEMENTS (map_suffixes); i++)
    g_string_append_printf (out, "add map %s %s %s%s { type %s : %s%s; "
                            "flags dynamic,timeout; }\ndelete map %s %s %s%s\n",
                            f, table, name, map_suffixes[i],
                            map_suffixes[i][3] == '6' ? "ipv6_addr" : "ipv4_addr",
                            map_suffixes[i][3] == '6' ? "ipv6_addr" : "ipv4_addr",
                            map_suffixes[i][2] == 'p' ? " . inet_service" : "",
                            f, table, name, map_suffixes[i]);
  return g_string_free (out, FALSE);
}

char *
vigil_nft_ruleset_delete_table (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);
  return g_strdup_printf ("delete table %s %s\n", VIGIL_NFT_LB_TABLE_FAMILY, table);
}
