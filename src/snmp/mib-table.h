/* mib-table.h - read-only MIB subtrees served from live rows
 *
 * A MIB subtree is described by a sorted array of VigilMibTable: each one
 * is a conceptual table (entry OID, columns, rows) or a group of scalars
 * (a "table" whose only row has the index .0). Rows are computed from the
 * GObjects, sorted by index, and GET / GETNEXT are answered from them
 * (binary search): GETNEXT order is the lexicographic order of the OIDs
 * by construction. Values are read from the objects at every request.
 * The rows themselves (which objects, their indexes) are kept for
 * VIGIL_MIB_ROWS_TTL_US, so that a walk does not rebuild and sort them
 * once per object; whoever owns the objects must call
 * vigil_mib_invalidate_all() as soon as the set of objects changes (rows
 * point at them).
 */
#pragma once

#include <glib.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

G_BEGIN_DECLS

#define VIGIL_MIB_MAX_INDEX 40
/* How long a table's row set is kept (µs), as the interface indexes. */
#define VIGIL_MIB_ROWS_TTL_US (G_USEC_PER_SEC / 2)
#define VIGIL_MIB_MAX_OID   64

/* One row: its index sub-identifiers and what it describes. */
typedef struct {
  oid index[VIGIL_MIB_MAX_INDEX];
  gsize index_len;
  gpointer object;     /* e.g. the VigilVrrpInstance */
  gint n;              /* e.g. which address of the instance (0-based) */
  gint aux;            /* anything the table wants (an ifindex, a family) */
} VigilMibRow;

/* A value to answer with. Strings and byte strings point into `buf`. */
typedef struct {
  u_char type;         /* ASN_INTEGER, ASN_OCTET_STR, ASN_COUNTER... */
  long integer;        /* INTEGER, Gauge, Counter32, TimeTicks, Unsigned */
  struct counter64 c64;
  guint8 buf[256];
  gsize len;           /* length of buf for strings, addresses */
} VigilMibValue;

typedef struct _VigilMibTable VigilMibTable;

struct _VigilMibTable {
  const char *name;                /* for debug logs: "vrrpOperTable" */
  oid entry[VIGIL_MIB_MAX_OID];    /* the Entry OID, or the scalar group */
  gsize entry_len;
  guint first_column;
  guint last_column;
  /* Append the rows (any order; sorted by the caller). NULL: scalars. */
  void (*rows) (gpointer ctx, GArray *rows);
  /* Fill the value of a column of a row; FALSE if this row has none. */
  gboolean (*value) (gpointer ctx, const VigilMibRow *row, guint column, VigilMibValue *out);
};

/* Register `tables` (sorted by entry OID, not overlapping) below `root`
 * as one read-only handler; `ctx` is passed to the callbacks. The
 * registration is appended to `registrations` (owned by net-snmp: give it
 * back with vigil_mib_unregister_all()). */
gboolean vigil_mib_register (const char *name, const oid *root, gsize root_len,
                             const VigilMibTable *tables, guint n_tables, gpointer ctx,
                             GPtrArray *registrations);
/* Forget the row sets of `registrations`: the objects changed. */
void vigil_mib_invalidate_all (GPtrArray *registrations);
/* Unregister (with the master agent too) and empty `registrations`. */
void vigil_mib_unregister_all (GPtrArray *registrations);

/* Helpers for the value callbacks. */
void vigil_mib_set_int (VigilMibValue *v, long value);
void vigil_mib_set_typed (VigilMibValue *v, u_char type, long value);
void vigil_mib_set_counter64 (VigilMibValue *v, guint64 value);
void vigil_mib_set_string (VigilMibValue *v, const char *text);
void vigil_mib_set_bytes (VigilMibValue *v, u_char type, const void *bytes, gsize len);

/* Row helpers: append sub-identifiers to a row's index. */
void vigil_mib_row_push (VigilMibRow *row, oid value);
/* An InetAddress index part: length then bytes. */
void vigil_mib_row_push_bytes (VigilMibRow *row, const guint8 *bytes, gsize len);

G_END_DECLS
