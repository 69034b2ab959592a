/* address-ledger.c - what vigil added to the kernel, kept on disk
 *
 * The file is plain text, one address per line, replaced atomically on
 * every change:
 *
 *   # vigil address ledger ...
 *   eth0 inet 192.0.2.10/24
 *   eth0 inet6 2001:db8::10/64
 *
 * Interface name, family, address and prefix length are what it takes to
 * delete the address again (the kernel matches address and prefix; the
 * name is resolved afresh since interface indexes change across reboots
 * and re-creation).
 *
 * Entries a previous run left are loaded when the ledger is created and
 * kept in the file until vigil_address_ledger_recover() has dealt with
 * them, so that nothing is forgotten if recover() comes late.
 */
#define G_LOG_DOMAIN "vigil-net"

#include "net/address-ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define LEDGER_HEADER \
  "# vigil address ledger: addresses vigild added, removed at stop or next start\n" \
  "# interface family address/prefix\n"

typedef struct {
  char ifname[16];          /* IFNAMSIZ */
  int ifindex;              /* 0 for an entry of a previous run */
  VigilInetAddr addr;
  guint8 prefix_len;
} LedgerEntry;

struct _VigilAddressLedger {
  char *path;
  GArray *entries;          /* LedgerEntry: added by this run */
  GArray *previous;         /* LedgerEntry: left by a previous run */
};

static const char *
family_name (int family)
{
  return family == AF_INET6 ? "inet6" : "inet";
}

static void
entry_to_spec (const LedgerEntry *entry, int ifindex, VigilAddressSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->ifindex = ifindex;
  spec->addr = entry->addr;
  spec->prefix_len = entry->prefix_len;
}

static const char *
entry_describe (const LedgerEntry *entry, char *buf, gsize len)
{
  char text[VIGIL_INET_ADDR_STRLEN];

  g_snprintf (buf, len, "%s/%u", vigil_inet_addr_to_string (&entry->addr, text),
              entry->prefix_len);
  return buf;
}

static gboolean
parse_line (const char *line, LedgerEntry *out)
{
  g_auto(GStrv) fields = g_strsplit_set (line, " \t", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  gboolean has_prefix = FALSE;

  for (guint i = 0; fields[i] != NULL; i++)
    if (fields[i][0] != '\0')
      g_ptr_array_add (words, fields[i]);
  if (words->len != 3)
    return FALSE;

  memset (out, 0, sizeof *out);
  if (strlen (words->pdata[0]) >= sizeof out->ifname)
    return FALSE;
  g_strlcpy (out->ifname, words->pdata[0], sizeof out->ifname);
  if (!vigil_inet_addr_parse_prefix (words->pdata[2], &out->addr, &out->prefix_len,
                                     &has_prefix) || !has_prefix)
    return FALSE;
  return strcmp (words->pdata[1], family_name (out->addr.family)) == 0;
}

static void
load_previous (VigilAddressLedger *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (self->path, &contents, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("cannot read address ledger %s: %s", self->path, error->message);
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      LedgerEntry entry;

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!parse_line (line, &entry))
        {
          g_warning ("%s:%u: ignoring malformed address ledger line '%s'",
                     self->path, i + 1, line);
          continue;
        }
      g_array_append_val (self->previous, entry);
    }
}

/* Replace `path` atomically (temp file + rename) without fsync: the
 * ledger must survive vigild dying, not the machine losing power (the
 * addresses die with the machine too), and an fsync here would delay a
 * takeover's announcements by tens of milliseconds on a disk. */
static gboolean
write_atomically (const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  gsize done = 0;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s: %s", tmp, g_strerror (saved));
      return FALSE;
    }
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "cannot write %s: %s", tmp, g_strerror (saved));
          close (fd);
          unlink (tmp);
          return FALSE;
        }
      done += (gsize) n;
    }
  close (fd);
  if (rename (tmp, path) < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot rename %s to %s: %s", tmp, path, g_strerror (saved));
      unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

/* Rewrite the file from both lists. Names of this run's entries are
 * refreshed first, in case an interface was renamed. */
static void
save (VigilAddressLedger *self, VigilNetlink *netlink)
{
  g_autoptr(GString) out = g_string_new (LEDGER_HEADER);
  g_autoptr(GError) error = NULL;
  GArray *lists[] = { self->previous, self->entries };
  /* One lookup per interface, not per entry: a save follows every add,
   * and a thousand instances would otherwise cost a million lookups. */
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                       NULL, g_free);

  for (guint i = 0; netlink != NULL && i < self->entries->len; i++)
    {
      LedgerEntry *entry = &g_array_index (self->entries, LedgerEntry, i);
      gpointer key = GINT_TO_POINTER (entry->ifindex);
      const char *name = g_hash_table_lookup (names, key);

      if (name == NULL && !g_hash_table_contains (names, key))
        {
          VigilLinkInfo link;

          name = vigil_netlink_get_link_by_index (netlink, entry->ifindex, &link, NULL)
                   ? g_strdup (link.name) : NULL;
          g_hash_table_insert (names, key, (gpointer) name);
        }
      if (name != NULL)
        g_strlcpy (entry->ifname, name, sizeof entry->ifname);
    }
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const LedgerEntry *entry = &g_array_index (lists[l], LedgerEntry, i);
        char what[VIGIL_INET_ADDR_STRLEN + 8];

        g_string_append_printf (out, "%s %s %s\n", entry->ifname,
                                family_name (entry->addr.family),
                                entry_describe (entry, what, sizeof what));
      }
  if (!write_atomically (self->path, out->str, out->len, &error))
    g_warning ("cannot write address ledger: %s", error->message);
}

static int
find_entry (GArray *list, int ifindex, const char *ifname,
            const VigilInetAddr *addr, int prefix_len)
{
  for (guint i = 0; i < list->len; i++)
    {
      const LedgerEntry *entry = &g_array_index (list, LedgerEntry, i);

      if ((ifname != NULL ? strcmp (entry->ifname, ifname) == 0 : entry->ifindex == ifindex)
          && vigil_inet_addr_equal (&entry->addr, addr)
          && (prefix_len < 0 || entry->prefix_len == prefix_len))
        return (int) i;
    }
  return -1;
}

/**
 * vigil_address_ledger_new:
 * A ledger kept at `path`; entries a previous run left there are loaded
 * for vigil_address_ledger_recover().
 */
VigilAddressLedger *
vigil_address_ledger_new (const char *path)
{
  VigilAddressLedger *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (VigilAddressLedger, 1);
  self->path = g_strdup (path);
  self->entries = g_array_new (FALSE, TRUE, sizeof (LedgerEntry));
  self->previous = g_array_new (FALSE, TRUE, sizeof (LedgerEntry));
  load_previous (self);
  return self;
}

/**
 * vigil_address_ledger_free:
 * Frees the ledger; the file and the kernel are left as they are.
 */
void
vigil_address_ledger_free (VigilAddressLedger *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_array_unref (self->previous);
  g_free (self->path);
  g_free (self);
}

/**
 * vigil_address_ledger_recover:
 * Deletes every address a previous run recorded and did not remove,
 * resolving its interface by name, and logs each removal. Entries this
 * run has recorded itself are left alone.
 */
guint
vigil_address_ledger_recover (VigilAddressLedger *self, VigilNetlink *netlink)
{
  guint removed = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (VIGIL_IS_NETLINK (netlink), 0);

  for (guint i = 0; i < self->previous->len; i++)
    {
      const LedgerEntry *entry = &g_array_index (self->previous, LedgerEntry, i);
      g_autoptr(GError) error = NULL;
      char what[VIGIL_INET_ADDR_STRLEN + 8];
      VigilAddressSpec spec;
      VigilLinkInfo link;

      entry_describe (entry, what, sizeof what);
      if (find_entry (self->entries, 0, entry->ifname, &entry->addr, entry->prefix_len) >= 0)
        continue;
      if (!vigil_netlink_get_link_by_name (netlink, entry->ifname, &link, NULL))
        {
          g_message ("%s was left on %s by a previous run, but %s is gone; nothing to remove",
                     what, entry->ifname, entry->ifname);
          continue;
        }
      if (!vigil_netlink_has_address (netlink, link.ifindex, &entry->addr))
        {
          g_debug ("%s left on %s by a previous run is already gone", what, link.name);
          continue;
        }
      g_message ("removing %s from %s left by a previous run", what, link.name);
      entry_to_spec (entry, link.ifindex, &spec);
      if (vigil_netlink_address_delete (netlink, &spec, &error))
        removed++;
      else
        g_warning ("%s", error->message);
    }
  g_array_set_size (self->previous, 0);
  save (self, netlink);
  return removed;
}

/**
 * vigil_address_ledger_add:
 * Adds `spec` through netlink and records it, unless the kernel already
 * had the address: that one is not vigil's and is never deleted by it.
 */
gboolean
vigil_address_ledger_add (VigilAddressLedger *self, VigilNetlink *netlink,
                          const VigilAddressSpec *spec, GError **error)
{
  gboolean already_present = FALSE;
  char text[VIGIL_INET_ADDR_STRLEN];
  LedgerEntry entry = { 0 };
  VigilLinkInfo link;

  g_return_val_if_fail (self != NULL && spec != NULL, FALSE);
  g_return_val_if_fail (VIGIL_IS_NETLINK (netlink), FALSE);

  if (!vigil_netlink_address_add (netlink, spec, &already_present, error))
    return FALSE;
  vigil_inet_addr_to_string (&spec->addr, text);
  if (!vigil_netlink_get_link_by_index (netlink, spec->ifindex, &link, NULL))
    {
      /* Gone already, and its addresses with it. */
      g_debug ("%s/%u: ifindex %d vanished after the add; not recording it",
               text, spec->prefix_len, spec->ifindex);
      return TRUE;
    }
  if (already_present)
    {
      if (find_entry (self->entries, spec->ifindex, NULL, &spec->addr, spec->prefix_len) < 0)
        g_debug ("%s/%u was already on %s before vigil added it; not recording it",
                 text, spec->prefix_len, link.name);
      return TRUE;
    }
  if (find_entry (self->entries, spec->ifindex, NULL, &spec->addr, spec->prefix_len) >= 0)
    return TRUE;

  g_strlcpy (entry.ifname, link.name, sizeof entry.ifname);
  entry.ifindex = spec->ifindex;
  entry.addr = spec->addr;
  entry.prefix_len = spec->prefix_len;
  g_array_append_val (self->entries, entry);
  save (self, netlink);
  return TRUE;
}

/**
 * vigil_address_ledger_delete:
 * Deletes `spec` through netlink if this run recorded it, and forgets it.
 * An address vigil did not add is left on the interface.
 */
gboolean
vigil_address_ledger_delete (VigilAddressLedger *self, VigilNetlink *netlink,
                             const VigilAddressSpec *spec, GError **error)
{
  char text[VIGIL_INET_ADDR_STRLEN];
  int index;

  g_return_val_if_fail (self != NULL && spec != NULL, FALSE);
  g_return_val_if_fail (VIGIL_IS_NETLINK (netlink), FALSE);

  index = find_entry (self->entries, spec->ifindex, NULL, &spec->addr, spec->prefix_len);
  if (index < 0)
    {
      g_debug ("%s/%u on ifindex %d was not added by vigil; leaving it",
               vigil_inet_addr_to_string (&spec->addr, text), spec->prefix_len,
               spec->ifindex);
      return TRUE;
    }
  if (!vigil_netlink_address_delete (netlink, spec, error))
    return FALSE;
  g_array_remove_index (self->entries, index);
  save (self, netlink);
  return TRUE;
}

/**
 * vigil_address_ledger_contains:
 * Whether this run added `addr` (any prefix length) on `ifindex`.
 */
gboolean
vigil_address_ledger_contains (VigilAddressLedger *self, int ifindex,
                               const VigilInetAddr *addr)
{
  g_return_val_if_fail (self != NULL && addr != NULL, FALSE);
  return find_entry (self->entries, ifindex, NULL, addr, -1) >= 0;
}

/**
 * vigil_address_ledger_delete_all:
 * Deletes every address this run added (clean stop). One that cannot be
 * deleted stays in the file, for the next start to retry.
 */
void
vigil_address_ledger_delete_all (VigilAddressLedger *self, VigilNetlink *netlink)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (VIGIL_IS_NETLINK (netlink));

  for (guint i = self->entries->len; i > 0; i--)
    {
      const LedgerEntry *entry = &g_array_index (self->entries, LedgerEntry, i - 1);
      g_autoptr(GError) error = NULL;
      char what[VIGIL_INET_ADDR_STRLEN + 8];
      VigilAddressSpec spec;

      entry_to_spec (entry, entry->ifindex, &spec);
      g_debug ("removing %s from %s", entry_describe (entry, what, sizeof what),
               entry->ifname);
      if (vigil_netlink_address_delete (netlink, &spec, &error))
        g_array_remove_index (self->entries, i - 1);
      else
        g_warning ("%s", error->message);
    }
  save (self, netlink);
}
