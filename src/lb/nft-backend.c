/* nft-backend.c - VigilNftBackend (see nft-backend.h) */
#define G_LOG_DOMAIN "vigil-lb"

#include "lb/nft-backend.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <nftables/libnftables.h>
#include <string.h>
#include "daemon/error.h"
#include "i18n.h"
#include "lb/nft-ruleset.h"

typedef struct nft_ctx VigilNftCtx;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilNftCtx, nft_ctx_free)

/* What this backend programmed for one service. */
typedef struct {
  GArray *destinations;       /* VigilLbDestination, as last programmed */
  gboolean warned_method;     /* DR/TUN warning given */
  gboolean warned_ops;
  gboolean warned_persistence;
} ServiceRecord;

struct _VigilNftBackend
{
  GObject parent_instance;

  char *table;
  char *ledger_path;          /* NULL: not recorded */
  VigilNftCtx *nft;
  GHashTable *services;       /* key -> ServiceRecord* */
  gboolean table_recorded;
  gboolean warned_forwarding[2]; /* IPv4, IPv6 */
};

static void vigil_nft_backend_iface_init (VigilLbBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilNftBackend, vigil_nft_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_LB_BACKEND,
                                                      vigil_nft_backend_iface_init))

static void
service_record_free (gpointer data)
{
  ServiceRecord *record = data;

  if (record->destinations != NULL)
    g_array_unref (record->destinations);
  g_free (record);
}

/* Run one transaction; on failure the error carries nft's own message
 * (first line, which names the command that failed). */
static gboolean
run (VigilNftBackend *self, const char *commands, const char *what, GError **error)
{
  const char *nft_error;
  g_autofree char *first_line = NULL;
  int rc;

  g_debug ("nftables table %s %s: %s:\n%s", VIGIL_NFT_LB_TABLE_FAMILY, self->table,
           what, commands);
  rc = nft_run_cmd_from_buffer (self->nft, commands);
  nft_error = nft_ctx_get_error_buffer (self->nft);
  if (rc == 0)
    return TRUE;
  first_line = g_strndup (nft_error != NULL ? nft_error : "",
                          strcspn (nft_error != NULL ? nft_error : "", "\n"));
  g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
               _("nftables table %s %s: %s failed: %s"), VIGIL_NFT_LB_TABLE_FAMILY,
               self->table, what, first_line[0] != '\0' ? first_line : _("unknown error"));
  return FALSE;
}

static gboolean
record_table (VigilNftBackend *self, GError **error)
{
  g_autofree char *line = NULL;

  if (self->table_recorded || self->ledger_path == NULL)
    return TRUE;
  line = g_strdup_printf ("# nftables table vigild owns, deleted at stop or next start\n"
                          "%s %s\n", VIGIL_NFT_LB_TABLE_FAMILY, self->table);
  if (!g_file_set_contents (self->ledger_path, line, -1, error))
    return FALSE;
  self->table_recorded = TRUE;
  return TRUE;
}

static void
forget_table (VigilNftBackend *self)
{
  if (self->ledger_path != NULL && g_unlink (self->ledger_path) < 0 && errno != ENOENT)
    g_warning (_("cannot remove %s: %s"), self->ledger_path, g_strerror (errno));
  self->table_recorded = FALSE;
}

/* Delete every table a previous run recorded (after a crash or SIGKILL). */
static void
recover (VigilNftBackend *self)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (self->ledger_path == NULL
      || !g_file_get_contents (self->ledger_path, &contents, NULL, NULL))
    return;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      g_autofree char *commands = NULL;
      const char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      words = g_strsplit (line, " ", 2);
      if (g_strv_length (words) != 2 || strcmp (words[0], VIGIL_NFT_LB_TABLE_FAMILY) != 0
          || strspn (words[1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789_") != strlen (words[1]))
        {
          g_warning (_("%s:%u: ignoring malformed line '%s'"), self->ledger_path, i + 1, line);
          continue;
        }
      /* "add" first: deleting a table that is already gone is no error */
      commands = g_strdup_printf ("add table %s %s\ndelete table %s %s\n", words[0], words[1],
                                  words[0], words[1]);
      if (nft_run_cmd_from_buffer (self->nft, commands) == 0)
        g_message (_("nftables table %s %s: removed, a previous vigild left it behind"),
                   words[0], words[1]);
      else
        g_warning (_("nftables table %s %s: cannot remove what a previous vigild left: %s"),
                   words[0], words[1], nft_ctx_get_error_buffer (self->nft));
    }
  forget_table (self);
}

/* Forwarding must be on for DNAT to real servers elsewhere; say so once
 * rather than leave the user with silent timeouts. */
static void
check_forwarding (VigilNftBackend *self, const VigilLbService *service)
{
  static const char *const paths[] = {
    "/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv6/conf/all/forwarding",
  };

  for (guint i = 0; i < service->destinations->len; i++)
    {
      const VigilLbDestination *d = &g_array_index (service->destinations,
                                                    VigilLbDestination, i);
      guint which = d->addr.family == AF_INET6 ? 1 : 0;
      g_autofree char *value = NULL;

      if (self->warned_forwarding[which]
          || !g_file_get_contents (paths[which], &value, NULL, NULL))
        continue;
      if (g_strstrip (value)[0] == '0')
        {
          self->warned_forwarding[which] = TRUE;
          g_warning (_("virtual server %s: %s is 0, so connections DNATed to real servers "
                       "will not be forwarded"), service->key, paths[which]);
        }
    }
}

static void
warn_unsupported (ServiceRecord *record, const VigilLbService *service)
{
  for (guint i = 0; i < service->destinations->len && !record->warned_method; i++)
    {
      const VigilLbDestination *d = &g_array_index (service->destinations,
                                                    VigilLbDestination, i);
      char text[VIGIL_INET_ADDR_STRLEN];

      if (d->forwarding.method == VIGIL_CONF_LVS_NAT)
        continue;
      record->warned_method = TRUE;
      g_warning (_("virtual server %s: real server %s: nftables can only do NAT; lvs_method "
                   "%s is treated as NAT (the real server must route its replies through "
                   "this host)"), service->key, vigil_inet_addr_to_string (&d->addr, text),
                 d->forwarding.method == VIGIL_CONF_LVS_DR ? "DR" : "TUN");
    }
  if (service->persistence_timeout > 0 && !record->warned_persistence
      && !vigil_nft_ruleset_persistence_expressible (service))
    {
      record->warned_persistence = TRUE;
      g_warning (_("virtual server %s: persistence_timeout is not applied to IPv6 real "
                   "servers on another port than the virtual server's (libnftables "
                   "cannot express it)"), service->key);
    }
  if (service->ops && !record->warned_ops)
    {
      record->warned_ops = TRUE;
      g_warning (_("virtual server %s: ops (one-packet scheduling) is not possible with "
                   "nftables NAT; each flow is scheduled once"), service->key);
    }
}

/* TRUE when a destination programmed before is gone: persistence entries
 * might point at it. */
static gboolean
lost_a_destination (const ServiceRecord *record, const VigilLbService *service)
{
  if (record->destinations == NULL)
    return FALSE;
  for (guint i = 0; i < record->destinations->len; i++)
    {
      const VigilLbDestination *old = &g_array_index (record->destinations,
                                                      VigilLbDestination, i);
      gboolean found = FALSE;

      for (guint j = 0; j < service->destinations->len && !found; j++)
        {
          const VigilLbDestination *now = &g_array_index (service->destinations,
                                                          VigilLbDestination, j);
          found = vigil_inet_addr_equal (&old->addr, &now->addr) && old->port == now->port;
        }
      if (!found)
        return TRUE;
    }
  return FALSE;
}

static const char *
nft_get_name (VigilLbBackend *backend)
{
  return "nftables";
}

static gboolean
nft_set_service (VigilLbBackend *backend, const VigilLbService *service, GError **error)
{
  VigilNftBackend *self = VIGIL_NFT_BACKEND (backend);
  ServiceRecord *record = g_hash_table_lookup (self->services, service->key);
  gboolean fresh = record == NULL;
  g_autofree char *commands = NULL;

  if (fresh)
    record = g_new0 (ServiceRecord, 1);
  warn_unsupported (record, service);
  check_forwarding (self, service);
  commands = vigil_nft_ruleset_set_service (self->table, service,
                                            lost_a_destination (record, service), error);
  if (commands == NULL || !record_table (self, error)
      || !run (self, commands, service->key, error))
    {
      if (fresh)
        service_record_free (record);
      return FALSE;
    }
  if (record->destinations != NULL)
    g_array_unref (record->destinations);
  record->destinations = g_array_copy (service->destinations);
  if (fresh)
    g_hash_table_insert (self->services, g_strdup (service->key), record);
  g_debug ("virtual server %s: programmed in nftables table %s (%u destination(s))",
           service->key, self->table, service->destinations->len);
  return TRUE;
}

static gboolean
nft_remove_service (VigilLbBackend *backend, const char *key, GError **error)
{
  VigilNftBackend *self = VIGIL_NFT_BACKEND (backend);
  g_autofree char *commands = NULL;

  if (!g_hash_table_contains (self->services, key))
    return TRUE;
  commands = vigil_nft_ruleset_remove_service (self->table, key);
  if (!run (self, commands, key, error))
    return FALSE;
  g_hash_table_remove (self->services, key);
  g_debug ("virtual server %s: removed from nftables table %s", key, self->table);
  return TRUE;
}

static gboolean
nft_flush (VigilLbBackend *backend, GError **error)
{
  VigilNftBackend *self = VIGIL_NFT_BACKEND (backend);
  g_autofree char *delete_table = NULL;
  g_autofree char *commands = NULL;

  if (!self->table_recorded && g_hash_table_size (self->services) == 0)
    return TRUE;
  /* "add" first: the table may be gone already (someone ran nft flush) */
  delete_table = vigil_nft_ruleset_delete_table (self->table);
  commands = g_strdup_printf ("add table %s %s\n%s", VIGIL_NFT_LB_TABLE_FAMILY, self->table,
                              delete_table);
  if (!run (self, commands, "delete table", error))
    return FALSE;
  g_hash_table_remove_all (self->services);
  forget_table (self);
  g_message (_("nftables table %s %s: deleted"), VIGIL_NFT_LB_TABLE_FAMILY, self->table);
  return TRUE;
}

static void
vigil_nft_backend_iface_init (VigilLbBackendInterface *iface)
{
  iface->get_name = nft_get_name;
  iface->set_service = nft_set_service;
  iface->remove_service = nft_remove_service;
  iface->flush = nft_flush;
}

static void
vigil_nft_backend_finalize (GObject *object)
{
  VigilNftBackend *self = VIGIL_NFT_BACKEND (object);

  g_hash_table_unref (self->services);
  g_clear_pointer (&self->nft, nft_ctx_free);
  g_free (self->table);
  g_free (self->ledger_path);
  G_OBJECT_CLASS (vigil_nft_backend_parent_class)->finalize (object);
}

static void
vigil_nft_backend_class_init (VigilNftBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_nft_backend_finalize;
}

static void
vigil_nft_backend_init (VigilNftBackend *self)
{
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          service_record_free);
}

VigilLbBackend *
vigil_nft_backend_new (const char *table, const char *runtime_dir, GError **error)
{
  g_autoptr(VigilNftBackend) self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (VIGIL_TYPE_NFT_BACKEND, NULL);
  self->table = g_strdup (table != NULL ? table : VIGIL_NFT_LB_TABLE_DEFAULT);
  if (runtime_dir != NULL)
    self->ledger_path = g_build_filename (runtime_dir, VIGIL_NFT_BACKEND_LEDGER_NAME, NULL);
  self->nft = nft_ctx_new (NFT_CTX_DEFAULT);
  if (self->nft == NULL)
    {
      g_set_error (error, VIGIL_ERROR, VIGIL_ERROR_FAILED,
                   _("cannot create a libnftables context"));
      return NULL;
    }
  nft_ctx_buffer_output (self->nft);
  nft_ctx_buffer_error (self->nft);
  recover (self);
  return VIGIL_LB_BACKEND (g_steal_pointer (&self));
}

const char *
vigil_nft_backend_get_table (VigilNftBackend *self)
{
  g_return_val_if_fail (VIGIL_IS_NFT_BACKEND (self), NULL);
  return self->table;
}
