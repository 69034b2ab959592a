/* vip-filter.c - drop traffic to the VIPs of masters without accept mode
 *
 * The record file (in the runtime dir) names the table this run created,
 * one line "nftables inet TABLE", written before the table is created and
 * removed after it is deleted: a table a crashed run left is found there
 * at the next start. Only the table is recorded, not the addresses: the
 * table goes as a whole.
 */
#define G_LOG_DOMAIN "vigil-firewall"

#include "firewall/vip-filter.h"
#include "i18n.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <nftables/libnftables.h>
#include <string.h>

#define RECORD_HEADER "# vigil VIP filter: the nftables table vigild created, deleted at stop or next start\n"

typedef struct {
  VigilNftRulesAddress address;
  guint refs;                   /* owners claiming it */
} FilteredAddress;

struct _VigilVipFilter {
  GObject parent_instance;

  char *record_path;
  struct nft_ctx *nft;          /* created on first use */
  char *table;                  /* the settings' table name (owned) */
  VigilNftRulesSettings settings;
  gboolean active;              /* the table exists (created by us) */
  GHashTable *claims;           /* owner name -> GArray of VigilNftRulesAddress */
  GArray *filtered;             /* FilteredAddress, distinct addresses */
  guint64 failures;
};

G_DEFINE_FINAL_TYPE (VigilVipFilter, vigil_vip_filter, G_TYPE_OBJECT)

gboolean
vigil_vip_filter_instance_wanted (const VigilConfVrrpInstance *conf)
{
  g_return_val_if_fail (conf != NULL, FALSE);
  return !conf->accept && conf->priority != 255;
}

gboolean
vigil_vip_filter_config_wanted (const VigilConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);
  for (guint i = 0; config->vrrp_instances != NULL && i < config->vrrp_instances->len; i++)
    if (vigil_vip_filter_instance_wanted (g_ptr_array_index (config->vrrp_instances, i)))
      return TRUE;
  return FALSE;
}

void
vigil_vip_filter_settings_from_config (const VigilConfig *config, VigilNftRulesSettings *settings)
{
  const VigilConfGlobal *global;

  g_return_if_fail (config != NULL && settings != NULL);
  global = &config->global;
  settings->table = global->nftables && global->nftables_table != NULL
    ? global->nftables_table : VIGIL_VIP_FILTER_DEFAULT_TABLE;
  settings->priority = global->nftables_priority;
  settings->counters = global->nftables_counters;
  settings->ifindex = global->nftables_ifindex;
}

/* ---- libnftables ------------------------------------------------------------ */

static struct nft_ctx *
get_nft (VigilVipFilter *self)
{
  if (self->nft == NULL)
    {
      self->nft = nft_ctx_new (NFT_CTX_DEFAULT);
      if (self->nft != NULL)
        {
          nft_ctx_buffer_output (self->nft);
          nft_ctx_buffer_error (self->nft);
        }
    }
  return self->nft;
}

/* Run one transaction; `what` says what it was for the log. */
static gboolean
run (VigilVipFilter *self, const char *table, const char *commands, const char *what)
{
  struct nft_ctx *nft = get_nft (self);
  g_autofree char *reason = NULL;
  int rc;

  if (commands == NULL)
    return TRUE;
  if (nft == NULL)
    {
      self->failures++;
      g_warning (_("nftables table inet %s: cannot %s: libnftables could not be initialised"),
                 table, what);
      return FALSE;
    }
  g_debug ("nftables table inet %s: %s:\n%s", table, what, commands);
  rc = nft_run_cmd_from_buffer (nft, commands);
  reason = g_strstrip (g_strdup (nft_ctx_get_error_buffer (nft)));
  (void) nft_ctx_get_output_buffer (nft);
  if (rc == 0)
    return TRUE;
  self->failures++;
  g_warning (_("nftables table inet %s: cannot %s: %s"), table, what,
             reason[0] != '\0' ? reason : _("unknown error"));
  return FALSE;
}

/* ---- the record ------------------------------------------------------------- */

static void
write_record (VigilVipFilter *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf (RECORD_HEADER "nftables inet %s\n", self->table);

  if (!g_file_set_contents (self->record_path, text, -1, &error))
    g_warning (_("cannot record the nftables table inet %s in %s: %s"), self->table,
               self->record_path, error->message);
}

static void
remove_record (VigilVipFilter *self)
{
  if (g_unlink (self->record_path) < 0 && errno != ENOENT)
    g_warning (_("cannot remove %s: %s"), self->record_path, g_strerror (errno));
}

/* ---- the table -------------------------------------------------------------- */

static GArray *
filtered_addresses (VigilVipFilter *self)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (VigilNftRulesAddress),
                                   self->filtered->len);

  for (guint i = 0; i < self->filtered->len; i++)
    g_array_append_val (out, g_array_index (self->filtered, FilteredAddress, i).address);
  return out;
}

static void
create_table (VigilVipFilter *self)
{
  g_autoptr(GArray) addresses = filtered_addresses (self);
  g_autofree char *commands = NULL;

  write_record (self);
  commands = vigil_nft_rules_create_table (&self->settings,
                                           (const VigilNftRulesAddress *) addresses->data,
                                           addresses->len);
  if (run (self, self->table, commands, _("create the table")))
    {
      self->active = TRUE;
      g_message (_("nftables table inet %s created: traffic to the virtual addresses of "
                   "masters without accept mode is dropped (%u address(es) now)"),
                 self->table, addresses->len);
    }
}

static void
delete_table (VigilVipFilter *self)
{
  g_autofree char *commands = NULL;

  if (!self->active)
    return;
  commands = vigil_nft_rules_delete_table (self->table);
  if (run (self, self->table, commands, _("delete the table")))
    {
      g_message (_("nftables table inet %s deleted"), self->table);
      self->active = FALSE;
      remove_record (self);
    }
}

/* A change failed, most likely because someone deleted the table or
 * flushed the ruleset (a firewall service restarting): make the table
 * again from what is filtered now. */
static void
recreate_table (VigilVipFilter *self)
{
  g_message (_("nftables table inet %s: re-creating it with the %u address(es) "
               "filtered now"), self->table, self->filtered->len);
  self->active = FALSE;
  create_table (self);
}

/* ---- addresses -------------------------------------------------------------- */

static gboolean
address_equal (const VigilNftRulesAddress *a, const VigilNftRulesAddress *b)
{
  if (!vigil_inet_addr_equal (&a->addr, &b->addr))
    return FALSE;
  if (a->addr.family != AF_INET6 || !vigil_inet_addr_is_link_local (&a->addr))
    return TRUE;
  return a->ifindex == b->ifindex && strcmp (a->ifname, b->ifname) == 0;
}

static int
find_filtered (VigilVipFilter *self, const VigilNftRulesAddress *address)
{
  for (guint i = 0; i < self->filtered->len; i++)
    if (address_equal (&g_array_index (self->filtered, FilteredAddress, i).address, address))
      return (int) i;
  return -1;
}

/* An interface name nft can take between quotes. */
static gboolean
ifname_usable (const char *ifname)
{
  return ifname[0] != '\0' && strpbrk (ifname, "\"\\") == NULL;
}

void
vigil_vip_filter_claim (VigilVipFilter *self, const char *owner,
                        const VigilNftRulesAddress *addresses, guint n_addresses)
{
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (VigilNftRulesAddress));
  GArray *claim = g_array_new (FALSE, FALSE, sizeof (VigilNftRulesAddress));
  g_autofree char *commands = NULL;

  g_return_if_fail (VIGIL_IS_VIP_FILTER (self));
  g_return_if_fail (owner != NULL && (n_addresses == 0 || addresses != NULL));

  vigil_vip_filter_release (self, owner);
  for (guint i = 0; i < n_addresses; i++)
    {
      const VigilNftRulesAddress *address = &addresses[i];
      int index;

      if (address->addr.family == AF_INET6 && vigil_inet_addr_is_link_local (&address->addr)
          && !ifname_usable (address->ifname))
        {
          char text[VIGIL_INET_ADDR_STRLEN];
          g_warning (_("%s: cannot filter %s: its interface name '%s' cannot be used "
                       "in nftables"), owner,
                     vigil_inet_addr_to_string (&address->addr, text), address->ifname);
          continue;
        }
      g_array_append_val (claim, *address);
      index = find_filtered (self, address);
      if (index >= 0)
        {
          g_array_index (self->filtered, FilteredAddress, index).refs++;
          continue;
        }
      FilteredAddress entry = { .address = *address, .refs = 1 };
      g_array_append_val (self->filtered, entry);
      g_array_append_val (added, *address);
    }
  g_hash_table_insert (self->claims, g_strdup (owner), claim);
  if (!self->active)
    {
      create_table (self);
      return;
    }
  commands = vigil_nft_rules_elements (&self->settings, TRUE,
                                       (const VigilNftRulesAddress *) added->data, added->len);
  if (run (self, self->table, commands, _("add virtual addresses")))
    g_debug ("%s: %u virtual address(es) filtered in nftables table inet %s",
             owner, added->len, self->table);
  else
    recreate_table (self);
}

void
vigil_vip_filter_release (VigilVipFilter *self, const char *owner)
{
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (VigilNftRulesAddress));
  g_autofree char *commands = NULL;
  GArray *claim;

  g_return_if_fail (VIGIL_IS_VIP_FILTER (self));
  g_return_if_fail (owner != NULL);

  claim = g_hash_table_lookup (self->claims, owner);
  if (claim == NULL)
    return;
  for (guint i = 0; i < claim->len; i++)
    {
      const VigilNftRulesAddress *address = &g_array_index (claim, VigilNftRulesAddress, i);
      int index = find_filtered (self, address);
      FilteredAddress *entry;

      if (index < 0)
        continue;
      entry = &g_array_index (self->filtered, FilteredAddress, index);
      if (--entry->refs > 0)
        continue;
      g_array_append_val (removed, entry->address);
      g_array_remove_index (self->filtered, index);
    }
  g_hash_table_remove (self->claims, owner);
  if (!self->active)
    return;
  commands = vigil_nft_rules_elements (&self->settings, FALSE,
                                       (const VigilNftRulesAddress *) removed->data,
                                       removed->len);
  if (run (self, self->table, commands, _("remove virtual addresses")))
    g_debug ("%s: %u virtual address(es) no longer filtered in nftables table inet %s",
             owner, removed->len, self->table);
  else
    recreate_table (self);
}

/* ---- life cycle ------------------------------------------------------------- */

VigilVipFilter *
vigil_vip_filter_new (const char *record_path)
{
  VigilVipFilter *self;

  g_return_val_if_fail (record_path != NULL, NULL);
  self = g_object_new (VIGIL_TYPE_VIP_FILTER, NULL);
  self->record_path = g_strdup (record_path);
  return self;
}

gboolean
vigil_vip_filter_recover (VigilVipFilter *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean deleted = FALSE;

  g_return_val_if_fail (VIGIL_IS_VIP_FILTER (self), FALSE);
  if (!g_file_get_contents (self->record_path, &contents, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning (_("cannot read %s: %s"), self->record_path, error->message);
      return FALSE;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      g_autofree char *list = NULL;
      g_autofree char *commands = NULL;
      const char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      words = g_strsplit (line, " ", -1);
      if (g_strv_length (words) != 3 || strcmp (words[0], "nftables") != 0
          || strcmp (words[1], "inet") != 0 || !vigil_nft_rules_table_name_valid (words[2]))
        {
          g_warning (_("%s:%u: ignoring malformed line '%s'"), self->record_path, i + 1, line);
          continue;
        }
      /* Only a table that is there is worth a message. */
      list = g_strdup_printf ("list table inet %s\n", words[2]);
      if (get_nft (self) == NULL || nft_run_cmd_from_buffer (self->nft, list) != 0)
        {
          if (self->nft != NULL)
            {
              (void) nft_ctx_get_error_buffer (self->nft);
              (void) nft_ctx_get_output_buffer (self->nft);
            }
          g_debug ("nftables table inet %s left by a previous run is already gone", words[2]);
          continue;
        }
      (void) nft_ctx_get_output_buffer (self->nft);
      commands = vigil_nft_rules_delete_table (words[2]);
      if (run (self, words[2], commands, _("delete the table left by a previous run")))
        {
          g_message (_("deleted nftables table inet %s left by a previous run"), words[2]);
          deleted = TRUE;
        }
    }
  remove_record (self);
  return deleted;
}

static gboolean
settings_equal (const VigilNftRulesSettings *a, const VigilNftRulesSettings *b)
{
  return g_strcmp0 (a->table, b->table) == 0 && a->priority == b->priority
    && a->counters == b->counters && a->ifindex == b->ifindex;
}

void
vigil_vip_filter_configure (VigilVipFilter *self, const VigilConfig *config)
{
  VigilNftRulesSettings settings;
  gboolean wanted;

  g_return_if_fail (VIGIL_IS_VIP_FILTER (self));
  g_return_if_fail (config != NULL);

  vigil_vip_filter_settings_from_config (config, &settings);
  if (!vigil_nft_rules_table_name_valid (settings.table))
    {
      /* validate.c refuses such a config; keep the running table. */
      g_warning (_("'%s' cannot be an nftables table name; VIP filtering unchanged"),
                 settings.table);
      return;
    }
  wanted = vigil_vip_filter_config_wanted (config);
  if (self->active && !settings_equal (&settings, &self->settings))
    {
      g_message (_("nftables settings changed: moving the VIP filter from table inet %s "
                   "to table inet %s"), self->table, settings.table);
      delete_table (self);
    }
  g_free (self->table);
  self->table = g_strdup (settings.table);
  self->settings = settings;
  self->settings.table = self->table;

  if (wanted || self->filtered->len > 0)
    {
      if (!self->active)
        create_table (self);
    }
  else
    delete_table (self);
}

void
vigil_vip_filter_stop (VigilVipFilter *self)
{
  g_return_if_fail (VIGIL_IS_VIP_FILTER (self));
  delete_table (self);
  g_hash_table_remove_all (self->claims);
  g_array_set_size (self->filtered, 0);
}

const char *
vigil_vip_filter_get_table (VigilVipFilter *self)
{
  g_return_val_if_fail (VIGIL_IS_VIP_FILTER (self), NULL);
  return self->active ? self->table : NULL;
}

guint
vigil_vip_filter_get_n_filtered (VigilVipFilter *self)
{
  g_return_val_if_fail (VIGIL_IS_VIP_FILTER (self), 0);
  return self->filtered->len;
}

guint64
vigil_vip_filter_get_failures (VigilVipFilter *self)
{
  g_return_val_if_fail (VIGIL_IS_VIP_FILTER (self), 0);
  return self->failures;
}

static void
vigil_vip_filter_finalize (GObject *object)
{
  VigilVipFilter *self = VIGIL_VIP_FILTER (object);

  g_clear_pointer (&self->nft, nft_ctx_free);
  g_hash_table_unref (self->claims);
  g_array_unref (self->filtered);
  g_free (self->table);
  g_free (self->record_path);
  G_OBJECT_CLASS (vigil_vip_filter_parent_class)->finalize (object);
}

static void
vigil_vip_filter_class_init (VigilVipFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_vip_filter_finalize;
}

static void
vigil_vip_filter_init (VigilVipFilter *self)
{
  self->claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  self->filtered = g_array_new (FALSE, FALSE, sizeof (FilteredAddress));
  self->table = g_strdup (VIGIL_VIP_FILTER_DEFAULT_TABLE);
  self->settings.table = self->table;
  self->settings.priority = VIGIL_VIP_FILTER_DEFAULT_PRIORITY;
}
