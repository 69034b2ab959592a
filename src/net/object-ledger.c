/* object-ledger.c - kernel objects vigil added, other than addresses
 *
 * The file is plain text, one record per line:
 *
 *   # vigil object ledger ...
 *   vmac vrrp.51 eth0 00:00:5e:00:01:33
 *   route 0201...  # 198.51.100.0/24 via 192.0.2.1 table 100
 *
 * Everything after " # " is a comment for the reader and part of the
 * record (records are compared whole). It is rewritten whole (temp file
 * and rename, no fsync: the objects die with the machine too) on every
 * change.
 */
#define G_LOG_DOMAIN "vigil-net"

#include "net/object-ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define LEDGER_HEADER \
  "# vigil object ledger: routes, rules and vmac interfaces vigild added,\n" \
  "# removed at stop or at the next start\n"

struct _VigilObjectLedger {
  char *path;
  GPtrArray *current;       /* char*: recorded by this run */
  GPtrArray *previous;      /* char*: left by a previous run */
};

static void
load_previous (VigilObjectLedger *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (self->path, &contents, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("cannot read object ledger %s: %s", self->path, error->message);
      return;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);
      char kind[16];

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!vigil_object_ledger_record_kind (line, kind, sizeof kind))
        {
          g_warning ("%s:%u: ignoring malformed object ledger line '%s'", self->path, i + 1, line);
          continue;
        }
      g_ptr_array_add (self->previous, g_strdup (line));
    }
}

/* A temp file renamed over the old one, without fsync (which GLib's
 * g_file_set_contents_full does even for CONSISTENT, costing tens of
 * milliseconds per route on a takeover): the ledger must survive vigild
 * dying, not the machine losing power, which takes the objects too. */
static gboolean
write_atomically (const char *path, const char *data, gsize len, GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  gsize done = 0;
  int saved;

  if (fd < 0)
    goto fail;
  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto fail;
      done += (gsize) n;
    }
  if (close (fd) < 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;
  if (rename (tmp, path) == 0)
    return TRUE;
fail:
  saved = errno;
  if (fd >= 0)
    close (fd);
  unlink (tmp);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               "cannot replace %s: %s", path, g_strerror (saved));
  return FALSE;
}

static void
save (VigilObjectLedger *self)
{
  g_autoptr(GString) out = g_string_new (LEDGER_HEADER);
  g_autoptr(GError) error = NULL;
  GPtrArray *lists[] = { self->previous, self->current };

  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lists[l], i));
  if (!write_atomically (self->path, out->str, out->len, &error))
    g_warning ("cannot write object ledger: %s", error->message);
}

static int
find (GPtrArray *list, const char *record)
{
  for (guint i = 0; i < list->len; i++)
    if (strcmp (g_ptr_array_index (list, i), record) == 0)
      return (int) i;
  return -1;
}

static GStrv
of_kind (GPtrArray *list, const char *kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < list->len; i++)
    {
      const char *record = g_ptr_array_index (list, i);
      char k[16];

      if (vigil_object_ledger_record_kind (record, k, sizeof k) && strcmp (k, kind) == 0)
        g_strv_builder_add (builder, record);
    }
  return g_strv_builder_end (builder);
}

/**
 * vigil_object_ledger_record_kind:
 * The first word of `record` (letters, digits, '-' and '_' only).
 */
gboolean
vigil_object_ledger_record_kind (const char *record, char *buf, gsize len)
{
  gsize n = 0;

  g_return_val_if_fail (record != NULL && buf != NULL && len > 0, FALSE);
  while (g_ascii_isalnum (record[n]) || record[n] == '-' || record[n] == '_')
    n++;
  if (n == 0 || n >= len || (record[n] != ' ' && record[n] != '\0'))
    return FALSE;
  memcpy (buf, record, n);
  buf[n] = '\0';
  return TRUE;
}

/**
 * vigil_object_ledger_new:
 * A ledger kept at `path`; records a previous run left there are loaded.
 */
VigilObjectLedger *
vigil_object_ledger_new (const char *path)
{
  VigilObjectLedger *self;

  g_return_val_if_fail (path != NULL, NULL);
  self = g_new0 (VigilObjectLedger, 1);
  self->path = g_strdup (path);
  self->current = g_ptr_array_new_with_free_func (g_free);
  self->previous = g_ptr_array_new_with_free_func (g_free);
  load_previous (self);
  return self;
}

/**
 * vigil_object_ledger_free:
 * Frees the ledger; the file and the kernel are left as they are.
 */
void
vigil_object_ledger_free (VigilObjectLedger *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->current);
  g_ptr_array_unref (self->previous);
  g_free (self->path);
  g_free (self);
}

/**
 * vigil_object_ledger_get_previous:
 * The records of `kind` a previous run left and nobody dropped yet.
 */
GStrv
vigil_object_ledger_get_previous (VigilObjectLedger *self, const char *kind)
{
  g_return_val_if_fail (self != NULL && kind != NULL, NULL);
  return of_kind (self->previous, kind);
}

/**
 * vigil_object_ledger_get_current:
 * The records of `kind` this run holds.
 */
GStrv
vigil_object_ledger_get_current (VigilObjectLedger *self, const char *kind)
{
  g_return_val_if_fail (self != NULL && kind != NULL, NULL);
  return of_kind (self->current, kind);
}

/**
 * vigil_object_ledger_drop_previous:
 * Forgets one record of a previous run and rewrites the file.
 */
void
vigil_object_ledger_drop_previous (VigilObjectLedger *self, const char *record)
{
  int index;

  g_return_if_fail (self != NULL && record != NULL);
  index = find (self->previous, record);
  if (index < 0)
    return;
  g_ptr_array_remove_index (self->previous, (guint) index);
  save (self);
}

/**
 * vigil_object_ledger_add:
 * Records an object this run added and rewrites the file.
 */
void
vigil_object_ledger_add (VigilObjectLedger *self, const char *record)
{
  char kind[16];

  g_return_if_fail (self != NULL && record != NULL);
  g_return_if_fail (vigil_object_ledger_record_kind (record, kind, sizeof kind));
  g_return_if_fail (strchr (record, '\n') == NULL);
  g_ptr_array_add (self->current, g_strdup (record));
  save (self);
}

/**
 * vigil_object_ledger_remove:
 * Forgets one occurrence of a record of this run and rewrites the file.
 */
gboolean
vigil_object_ledger_remove (VigilObjectLedger *self, const char *record)
{
  int index;

  g_return_val_if_fail (self != NULL && record != NULL, FALSE);
  index = find (self->current, record);
  if (index < 0)
    return FALSE;
  g_ptr_array_remove_index (self->current, (guint) index);
  save (self);
  return TRUE;
}

/**
 * vigil_object_ledger_count:
 * How many times this run holds `record`.
 */
guint
vigil_object_ledger_count (VigilObjectLedger *self, const char *record)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL && record != NULL, 0);
  for (guint i = 0; i < self->current->len; i++)
    if (strcmp (g_ptr_array_index (self->current, i), record) == 0)
      n++;
  return n;
}
