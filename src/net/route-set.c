/* route-set.c - routes and rules that vigil adds and removes as a group
 * (see route-set.h)
 *
 * A ledger record is "route HEX # TEXT" or "rule HEX # TEXT": HEX is the
 * request body that added the object (replayed as RTM_DELROUTE /
 * RTM_DELRULE to delete it), TEXT what it was, for whoever reads the file.
 */
#define G_LOG_DOMAIN "vigil-net"

#include "net/route-set.h"
#include "net/route-message.h"
#include "i18n.h"

#include <string.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

typedef enum { KIND_ROUTE, KIND_RULE } EntryKind;

typedef struct {
  EntryKind kind;
  GBytes *body;            /* the RTM_NEW* request body */
  char *text;              /* "198.51.100.0/24 via 192.0.2.1" */
  char *record;            /* ledger record; NULL: not vigil's (was there already) */
} Entry;

struct _VigilRouteSet {
  char *owner;
  VigilNetlink *netlink;
  VigilObjectLedger *ledger;
  GPtrArray *routes;       /* VigilConfRoute*, borrowed */
  GPtrArray *rules;        /* VigilConfRule*, borrowed */
  GPtrArray *entries;      /* Entry*: installed (ours or found present) */
  gboolean installed;
};

static const char *const kind_names[] = { "route", "rule" };

static void
entry_free (Entry *entry)
{
  g_bytes_unref (entry->body);
  g_free (entry->text);
  g_free (entry->record);
  g_free (entry);
}

static int
lookup_ifindex (const char *name, gpointer user_data)
{
  VigilLinkInfo link;

  return vigil_netlink_get_link_by_name (user_data, name, &link, NULL) ? link.ifindex : 0;
}

static char *
make_record (EntryKind kind, GBytes *body, const char *text)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);
  GString *out = g_string_new (kind_names[kind]);

  g_string_append_c (out, ' ');
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
  g_string_append_printf (out, " # %s", text);
  return g_string_free (out, FALSE);
}

/* The body back from "KIND HEX ..."; NULL if malformed. */
static GBytes *
parse_record (const char *record)
{
  const char *hex = strchr (record, ' ');
  g_autoptr(GByteArray) out = g_byte_array_new ();

  if (hex == NULL)
    return NULL;
  hex++;
  for (; g_ascii_isxdigit (hex[0]) && g_ascii_isxdigit (hex[1]); hex += 2)
    {
      guint8 byte = (guint8) (g_ascii_xdigit_value (hex[0]) << 4 | g_ascii_xdigit_value (hex[1]));
      g_byte_array_append (out, &byte, 1);
    }
  if ((hex[0] != '\0' && hex[0] != ' ') || out->len == 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Send one request and wait for the kernel's ACK; a libnl error code. */
static int
talk (VigilNetlink *netlink, int type, int flags, GBytes *body)
{
  struct nl_msg *msg = nlmsg_alloc_simple (type, flags);
  gsize len;
  const void *data = g_bytes_get_data (body, &len);

  if (msg == NULL)
    return -NLE_NOMEM;
  if (nlmsg_append (msg, (void *) data, len, NLMSG_ALIGNTO) < 0)
    {
      nlmsg_free (msg);
      return -NLE_NOMEM;
    }
  /* nl_send_sync frees msg. */
  return nl_send_sync (vigil_netlink_get_request_socket (netlink), msg);
}

static int
delete_body (VigilNetlink *netlink, EntryKind kind, GBytes *body)
{
  int err = talk (netlink, kind == KIND_ROUTE ? RTM_DELROUTE : RTM_DELRULE, 0, body);

  /* Already gone (its interface went, or someone deleted it): done. */
  if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV || err == -NLE_NOADDR)
    return 0;
  return err;
}

VigilRouteSet *
vigil_route_set_new (const char *owner, VigilNetlink *netlink, VigilObjectLedger *ledger)
{
  VigilRouteSet *self;

  g_return_val_if_fail (owner != NULL && VIGIL_IS_NETLINK (netlink) && ledger != NULL, NULL);
  self = g_new0 (VigilRouteSet, 1);
  self->owner = g_strdup (owner);
  self->netlink = netlink;
  self->ledger = ledger;
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  return self;
}

void
vigil_route_set_free (VigilRouteSet *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->entries);
  g_free (self->owner);
  g_free (self);
}

gboolean
vigil_route_set_is_installed (VigilRouteSet *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->installed;
}

guint
vigil_route_set_count_owned (VigilRouteSet *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *) g_ptr_array_index (self->entries, i))->record != NULL)
      n++;
  return n;
}

/* A wanted route or rule, built now: its body and text. */
typedef struct {
  EntryKind kind;
  GBytes *body;
  char *text;
  gboolean append;
} Wanted;

static void
wanted_clear (Wanted *w)
{
  g_clear_pointer (&w->body, g_bytes_unref);
  g_clear_pointer (&w->text, g_free);
}

/* Every wanted object that can be built now (routes, then rules); those
 * that cannot (a missing interface) are logged when `log` is set. */
static GArray *
build_wanted (VigilRouteSet *self, gboolean log)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Wanted));

  g_array_set_clear_func (out, (GDestroyNotify) wanted_clear);
  for (guint i = 0; self->routes != NULL && i < self->routes->len; i++)
    {
      const VigilConfRoute *route = g_ptr_array_index (self->routes, i);
      g_autoptr(GError) error = NULL;
      Wanted w = { KIND_ROUTE, NULL, vigil_route_describe (route), route->append };

      w.body = vigil_route_message_build (route, lookup_ifindex, self->netlink, &error);
      if (w.body == NULL)
        {
          if (log)
            g_warning (_("%s: route %s not added: %s"), self->owner, w.text, error->message);
          wanted_clear (&w);
          continue;
        }
      g_array_append_val (out, w);
    }
  for (guint i = 0; self->rules != NULL && i < self->rules->len; i++)
    {
      const VigilConfRule *rule = g_ptr_array_index (self->rules, i);
      g_autoptr(GError) error = NULL;
      Wanted w = { KIND_RULE, NULL, vigil_rule_describe (rule), FALSE };

      w.body = vigil_rule_message_build (rule, &error);
      if (w.body == NULL)
        {
          if (log)
            g_warning (_("%s: rule %s not added: %s"), self->owner, w.text, error->message);
          wanted_clear (&w);
          continue;
        }
      g_array_append_val (out, w);
    }
  return out;
}

static int
find_entry (VigilRouteSet *self, EntryKind kind, GBytes *body)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      if (entry->kind == kind && g_bytes_equal (entry->body, body))
        return (int) i;
    }
  return -1;
}

static void
add_one (VigilRouteSet *self, const Wanted *w)
{
  int flags = NLM_F_CREATE | (w->append ? NLM_F_APPEND : NLM_F_EXCL);
  int err = talk (self->netlink, w->kind == KIND_ROUTE ? RTM_NEWROUTE : RTM_NEWRULE, flags, w->body);
  Entry *entry;

  if (err < 0 && err != -NLE_EXIST)
    {
      g_warning (_("%s: cannot add %s %s: %s"), self->owner, kind_names[w->kind], w->text,
                 nl_geterror (err));
      return;
    }
  entry = g_new0 (Entry, 1);
  entry->kind = w->kind;
  entry->body = g_bytes_ref (w->body);
  entry->text = g_strdup (w->text);
  if (err == -NLE_EXIST)
    g_message (_("%s: %s %s was already present; vigil will not remove it"),
               self->owner, kind_names[w->kind], w->text);
  else
    {
      entry->record = make_record (w->kind, w->body, w->text);
      vigil_object_ledger_add (self->ledger, entry->record);
      g_debug ("%s: added %s %s", self->owner, kind_names[w->kind], w->text);
    }
  g_ptr_array_add (self->entries, entry);
}

/* Delete entry `index` if it is ours and forget it; FALSE (and kept) if
 * the kernel refused. */
static gboolean
remove_one (VigilRouteSet *self, guint index)
{
  Entry *entry = g_ptr_array_index (self->entries, index);

  if (entry->record != NULL)
    {
      int err = delete_body (self->netlink, entry->kind, entry->body);
      if (err < 0)
        {
          g_warning (_("%s: cannot remove %s %s: %s"), self->owner, kind_names[entry->kind],
                     entry->text, nl_geterror (err));
          return FALSE;
        }
      vigil_object_ledger_remove (self->ledger, entry->record);
      g_debug ("%s: removed %s %s", self->owner, kind_names[entry->kind], entry->text);
    }
  g_ptr_array_remove_index (self->entries, index);
  return TRUE;
}

void
vigil_route_set_install (VigilRouteSet *self)
{
  g_autoptr(GArray) wanted = NULL;

  g_return_if_fail (self != NULL);
  self->installed = TRUE;
  wanted = build_wanted (self, TRUE);
  for (guint i = 0; i < wanted->len; i++)
    {
      const Wanted *w = &g_array_index (wanted, Wanted, i);
      if (find_entry (self, w->kind, w->body) < 0)
        add_one (self, w);
    }
}

void
vigil_route_set_refresh (VigilRouteSet *self)
{
  g_return_if_fail (self != NULL);
  if (!self->installed)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      int err;

      if (entry->record == NULL)
        continue;   /* not ours */
      err = talk (self->netlink, entry->kind == KIND_ROUTE ? RTM_NEWROUTE : RTM_NEWRULE,
                  NLM_F_CREATE | NLM_F_EXCL, entry->body);
      if (err == 0)
        g_message (_("%s: %s %s was gone; added it again"), self->owner,
                   kind_names[entry->kind], entry->text);
      else if (err != -NLE_EXIST)
        g_warning (_("%s: cannot add %s %s again: %s"), self->owner, kind_names[entry->kind],
                   entry->text, nl_geterror (err));
    }
  vigil_route_set_install (self);
}

void
vigil_route_set_remove (VigilRouteSet *self)
{
  g_return_if_fail (self != NULL);
  self->installed = FALSE;
  /* Newest first: rules (added last) go before the routes they use. A
   * refused delete stays recorded in the ledger for the next start. */
  for (guint i = self->entries->len; i > 0; i--)
    if (!remove_one (self, i - 1))
      {
        Entry *entry = g_ptr_array_steal_index (self->entries, i - 1);
        g_free (g_steal_pointer (&entry->record));
        entry_free (entry);
      }
}

void
vigil_route_set_set_conf (VigilRouteSet *self, GPtrArray *routes, GPtrArray *rules)
{
  g_autoptr(GArray) wanted = NULL;

  g_return_if_fail (self != NULL);
  self->routes = routes;
  self->rules = rules;
  if (!self->installed)
    return;
  /* Remove what is no longer wanted, then add what is new; what is in
   * both stays untouched. */
  wanted = build_wanted (self, FALSE);
  for (guint i = self->entries->len; i > 0; i--)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i - 1);
      gboolean still = FALSE;

      for (guint w = 0; w < wanted->len && !still; w++)
        {
          const Wanted *want = &g_array_index (wanted, Wanted, w);
          still = want->kind == entry->kind && g_bytes_equal (want->body, entry->body);
        }
      if (!still)
        remove_one (self, i - 1);
    }
  vigil_route_set_install (self);
}

guint
vigil_route_set_recover (VigilObjectLedger *ledger, VigilNetlink *netlink)
{
  const EntryKind order[] = { KIND_RULE, KIND_ROUTE };
  guint removed = 0;

  g_return_val_if_fail (ledger != NULL && VIGIL_IS_NETLINK (netlink), 0);
  for (gsize k = 0; k < G_N_ELEMENTS (order); k++)
    {
      g_auto(GStrv) records = vigil_object_ledger_get_previous (ledger, kind_names[order[k]]);
      guint n = g_strv_length (records);

      for (guint i = n; i > 0; i--)
        {
          const char *record = records[i - 1];
          const char *text = strstr (record, " # ");
          g_autoptr(GBytes) body = parse_record (record);
          int err;

          text = text != NULL ? text + 3 : record;
          if (body == NULL)
            {
              g_warning (_("ignoring malformed %s record in the object ledger"),
                         kind_names[order[k]]);
              vigil_object_ledger_drop_previous (ledger, record);
              continue;
            }
          err = delete_body (netlink, order[k], body);
          if (err < 0)
            g_warning (_("cannot remove %s %s left by a previous run: %s"),
                       kind_names[order[k]], text, nl_geterror (err));
          else
            {
              g_message (_("removed %s %s left by a previous run"), kind_names[order[k]], text);
              removed++;
            }
          vigil_object_ledger_drop_previous (ledger, record);
        }
    }
  return removed;
}

/* ---- comparing configurations ------------------------------------------- */

/* A stable stand-in index per name, so that bodies compare names. */
static int
fake_ifindex (const char *name, gpointer user_data)
{
  return (int) (g_str_hash (name) & 0x3fffffff) + 1;
}

static gboolean
routes_equal (GPtrArray *a, GPtrArray *b)
{
  guint la = a != NULL ? a->len : 0, lb = b != NULL ? b->len : 0;

  if (la != lb)
    return FALSE;
  for (guint i = 0; i < la; i++)
    {
      const VigilConfRoute *ra = g_ptr_array_index (a, i), *rb = g_ptr_array_index (b, i);
      g_autoptr(GBytes) ba = vigil_route_message_build (ra, fake_ifindex, NULL, NULL);
      g_autoptr(GBytes) bb = vigil_route_message_build (rb, fake_ifindex, NULL, NULL);

      if (ba == NULL || bb == NULL || !g_bytes_equal (ba, bb) || ra->append != rb->append
          || ra->no_track != rb->no_track || g_strcmp0 (ra->track_group, rb->track_group) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
rules_equal (GPtrArray *a, GPtrArray *b)
{
  guint la = a != NULL ? a->len : 0, lb = b != NULL ? b->len : 0;

  if (la != lb)
    return FALSE;
  for (guint i = 0; i < la; i++)
    {
      const VigilConfRule *ra = g_ptr_array_index (a, i), *rb = g_ptr_array_index (b, i);
      g_autoptr(GBytes) ba = vigil_rule_message_build (ra, NULL);
      g_autoptr(GBytes) bb = vigil_rule_message_build (rb, NULL);

      if (ba == NULL || bb == NULL || !g_bytes_equal (ba, bb)
          || ra->no_track != rb->no_track || g_strcmp0 (ra->track_group, rb->track_group) != 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
vigil_route_set_conf_equal (GPtrArray *routes_a, GPtrArray *rules_a,
                            GPtrArray *routes_b, GPtrArray *rules_b)
{
  return routes_equal (routes_a, routes_b) && rules_equal (rules_a, rules_b);
}
