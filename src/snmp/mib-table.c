/* mib-table.c - read-only MIB subtrees served from live rows (see mib-table.h) */
#define G_LOG_DOMAIN "vigil-snmp"

#include "snmp/mib-table.h"

#include <string.h>

typedef struct {
  GArray *rows;          /* sorted; NULL: not built */
  gint64 built_at;       /* monotonic µs */
} RowCache;

typedef struct {
  const VigilMibTable *tables;
  guint n_tables;
  gpointer ctx;
  RowCache *caches;      /* one per table */
} MibRegistration;

static void
drop_caches (MibRegistration *reg)
{
  for (guint t = 0; t < reg->n_tables; t++)
    g_clear_pointer (&reg->caches[t].rows, g_array_unref);
}

static void
registration_free (void *data)
{
  MibRegistration *reg = data;

  drop_caches (reg);
  g_free (reg->caches);
  g_free (reg);
}

void
vigil_mib_set_typed (VigilMibValue *v, u_char type, long value)
{
  v->type = type;
  v->integer = value;
}

void
vigil_mib_set_int (VigilMibValue *v, long value)
{
  vigil_mib_set_typed (v, ASN_INTEGER, value);
}

void
vigil_mib_set_counter64 (VigilMibValue *v, guint64 value)
{
  v->type = ASN_COUNTER64;
  v->c64.high = (u_long) (value >> 32);
  v->c64.low = (u_long) (value & 0xffffffffu);
}

void
vigil_mib_set_bytes (VigilMibValue *v, u_char type, const void *bytes, gsize len)
{
  v->type = type;
  v->len = MIN (len, sizeof v->buf);
  if (v->len > 0)
    memcpy (v->buf, bytes, v->len);
}

void
vigil_mib_set_string (VigilMibValue *v, const char *text)
{
  vigil_mib_set_bytes (v, ASN_OCTET_STR, text != NULL ? text : "",
                       text != NULL ? strlen (text) : 0);
}

void
vigil_mib_row_push (VigilMibRow *row, oid value)
{
  if (row->index_len < VIGIL_MIB_MAX_INDEX)
    row->index[row->index_len++] = value;
}

void
vigil_mib_row_push_bytes (VigilMibRow *row, const guint8 *bytes, gsize len)
{
  vigil_mib_row_push (row, len);
  for (gsize i = 0; i < len; i++)
    vigil_mib_row_push (row, bytes[i]);
}

static gint
compare_rows (gconstpointer a, gconstpointer b)
{
  const VigilMibRow *ra = a, *rb = b;
  return snmp_oid_compare (ra->index, ra->index_len, rb->index, rb->index_len);
}

/* The table's rows, sorted by index (borrowed: valid until the next
 * call). A walk asks for them once per object: they are built again
 * after VIGIL_MIB_ROWS_TTL_US, or at once after vigil_mib_invalidate_all(). */
static GArray *
collect_rows (MibRegistration *reg, guint t)
{
  const VigilMibTable *table = &reg->tables[t];
  RowCache *cache = &reg->caches[t];
  gint64 now = g_get_monotonic_time ();

  if (cache->rows != NULL && now - cache->built_at < VIGIL_MIB_ROWS_TTL_US)
    return cache->rows;
  g_clear_pointer (&cache->rows, g_array_unref);
  cache->rows = g_array_new (FALSE, TRUE, sizeof (VigilMibRow));
  cache->built_at = now;
  if (table->rows == NULL)
    {
      VigilMibRow scalar = { .index = { 0 }, .index_len = 1 };
      g_array_append_val (cache->rows, scalar);
      return cache->rows;
    }
  table->rows (reg->ctx, cache->rows);
  g_array_sort (cache->rows, compare_rows);
  return cache->rows;
}

/* The first row whose index is >= `key` (> with `strictly`), by binary
 * search; rows->len if none. */
static guint
first_row_from (GArray *rows, const VigilMibRow *key, gboolean strictly)
{
  guint lo = 0, hi = rows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = compare_rows (&g_array_index (rows, VigilMibRow, mid), key);

      if (c < 0 || (c == 0 && strictly))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
answer (netsnmp_request_info *request, const VigilMibTable *table, guint column,
        const VigilMibRow *row, const VigilMibValue *value, gboolean set_name)
{
  netsnmp_variable_list *var = request->requestvb;

  if (set_name)
    {
      oid name[VIGIL_MIB_MAX_OID + 1 + VIGIL_MIB_MAX_INDEX];
      gsize len = table->entry_len;

      memcpy (name, table->entry, len * sizeof (oid));
      name[len++] = column;
      memcpy (name + len, row->index, row->index_len * sizeof (oid));
      len += row->index_len;
      snmp_set_var_objid (var, name, len);
    }
  switch (value->type)
    {
    case ASN_OCTET_STR:
    case ASN_IPADDRESS:
    case ASN_OBJECT_ID:
      snmp_set_var_typed_value (var, value->type, value->buf, value->len);
      break;
    case ASN_COUNTER64:
      snmp_set_var_typed_value (var, value->type, &value->c64, sizeof value->c64);
      break;
    default:
      snmp_set_var_typed_value (var, value->type, &value->integer, sizeof value->integer);
      break;
    }
}

static void
handle_get (MibRegistration *reg, netsnmp_agent_request_info *reqinfo,
            netsnmp_request_info *request)
{
  const netsnmp_variable_list *var = request->requestvb;

  for (guint t = 0; t < reg->n_tables; t++)
    {
      const VigilMibTable *table = &reg->tables[t];
      GArray *rows;
      VigilMibRow key = { 0 };
      guint column, i;

      if (var->name_length < table->entry_len + 2
          || snmp_oid_compare (var->name, table->entry_len, table->entry, table->entry_len) != 0)
        continue;
      column = var->name[table->entry_len];
      if (column < table->first_column || column > table->last_column
          || var->name_length - table->entry_len - 1 > VIGIL_MIB_MAX_INDEX)
        continue;
      key.index_len = var->name_length - table->entry_len - 1;
      memcpy (key.index, var->name + table->entry_len + 1, key.index_len * sizeof (oid));
      rows = collect_rows (reg, t);
      i = first_row_from (rows, &key, FALSE);
      if (i < rows->len && compare_rows (&g_array_index (rows, VigilMibRow, i), &key) == 0)
        {
          const VigilMibRow *row = &g_array_index (rows, VigilMibRow, i);
          VigilMibValue value = { 0 };

          if (table->value (reg->ctx, row, column, &value))
            {
              answer (request, table, column, row, &value, FALSE);
              return;
            }
        }
      netsnmp_set_request_error (reqinfo, request, SNMP_NOSUCHINSTANCE);
      return;
    }
  netsnmp_set_request_error (reqinfo, request, SNMP_NOSUCHOBJECT);
}

/* The first object of `table` after the requested OID (or at it, when the
 * request is inclusive); FALSE when the table has none. */
static gboolean
next_in_table (MibRegistration *reg, guint t, netsnmp_request_info *request)
{
  const VigilMibTable *table = &reg->tables[t];
  const netsnmp_variable_list *var = request->requestvb;
  VigilMibRow after = { 0 };
  gboolean have_after = FALSE;
  guint column = table->first_column;
  GArray *rows;
  gsize common = MIN (var->name_length, table->entry_len);
  int cmp = snmp_oid_compare (var->name, common, table->entry, common);

  if (cmp > 0)
    return FALSE;                                 /* past this table */
  if (cmp == 0 && var->name_length > table->entry_len)
    {
      guint requested = var->name[table->entry_len];

      if (requested > table->last_column)
        return FALSE;
      if (requested >= table->first_column)
        {
          column = requested;
          after.index_len = MIN (var->name_length - table->entry_len - 1, VIGIL_MIB_MAX_INDEX);
          memcpy (after.index, var->name + table->entry_len + 1, after.index_len * sizeof (oid));
          have_after = after.index_len > 0;
        }
    }

  rows = collect_rows (reg, t);
  for (; column <= table->last_column; column++, have_after = FALSE)
    for (guint i = have_after ? first_row_from (rows, &after, !request->inclusive) : 0;
         i < rows->len; i++)
      {
        const VigilMibRow *row = &g_array_index (rows, VigilMibRow, i);
        VigilMibValue value = { 0 };

        if (table->value (reg->ctx, row, column, &value))
          {
            answer (request, table, column, row, &value, TRUE);
            return TRUE;
          }
      }
  return FALSE;
}

static int
handle_requests (netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                 netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
  MibRegistration *reg = handler->myvoid;

  for (netsnmp_request_info *request = requests; request != NULL; request = request->next)
    {
      if (request->processed)
        continue;
      switch (reqinfo->mode)
        {
        case MODE_GET:
          handle_get (reg, reqinfo, request);
          break;
        case MODE_GETNEXT:
          /* Nothing after it here: the varbind stays unanswered and the
           * agent carries on in the next subtree. */
          for (guint t = 0; t < reg->n_tables; t++)
            if (next_in_table (reg, t, request))
              break;
          break;
        default:
          netsnmp_set_request_error (reqinfo, request, SNMP_ERR_NOTWRITABLE);
          break;
        }
    }
  return SNMP_ERR_NOERROR;
}

gboolean
vigil_mib_register (const char *name, const oid *root, gsize root_len,
                    const VigilMibTable *tables, guint n_tables, gpointer ctx,
                    GPtrArray *registrations)
{
  netsnmp_handler_registration *reginfo;
  MibRegistration *reg = g_new0 (MibRegistration, 1);

  reg->tables = tables;
  reg->n_tables = n_tables;
  reg->ctx = ctx;
  reg->caches = g_new0 (RowCache, n_tables);
  reginfo = netsnmp_create_handler_registration (name, handle_requests, root, root_len,
                                                 HANDLER_CAN_RONLY);
  if (reginfo == NULL)
    {
      registration_free (reg);
      return FALSE;
    }
  reginfo->handler->myvoid = reg;
  reginfo->handler->data_free = registration_free;
  if (netsnmp_register_handler (reginfo) != MIB_REGISTERED_OK)
    {
      g_warning ("cannot register %s", name);
      return FALSE;
    }
  g_ptr_array_add (registrations, reginfo);
  g_debug ("registered %s", name);
  return TRUE;
}

void
vigil_mib_invalidate_all (GPtrArray *registrations)
{
  for (guint i = 0; i < registrations->len; i++)
    {
      netsnmp_handler_registration *reginfo = g_ptr_array_index (registrations, i);
      /* Ours is not the first handler: net-snmp put bulk_to_next before it. */
      MibRegistration *reg = netsnmp_find_handler_data_by_name (reginfo, reginfo->handlerName);

      if (reg != NULL)
        drop_caches (reg);
    }
}

void
vigil_mib_unregister_all (GPtrArray *registrations)
{
  for (guint i = 0; i < registrations->len; i++)
    {
      netsnmp_handler_registration *reginfo = g_ptr_array_index (registrations, i);

      g_debug ("unregistering %s", reginfo->handlerName);
      netsnmp_unregister_handler (reginfo);
    }
  g_ptr_array_set_size (registrations, 0);
}
