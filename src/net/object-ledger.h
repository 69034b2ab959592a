/* object-ledger.h - kernel objects vigil added, other than addresses
 *
 * Routes, rules and vmac interfaces vigil adds are recorded here, one
 * text record per object, in a file in the runtime dir replaced
 * atomically on every change (the sibling of the address ledger). A
 * record starts with its kind ("route", "rule", "vmac", "arp") and carries
 * what it takes to remove the object again; the owners of each kind
 * (route-set.c, vmac.c) write and read their own records.
 *
 * Records left by a previous run (a crash or SIGKILL) are loaded at
 * start and stay in the file until their owner has removed the objects
 * and dropped them with vigil_object_ledger_drop_previous().
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VigilObjectLedger VigilObjectLedger;

/* `path`: e.g. "<runtime-dir>/objects"; previous records are loaded. */
VigilObjectLedger *vigil_object_ledger_new (const char *path);
void vigil_object_ledger_free (VigilObjectLedger *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilObjectLedger, vigil_object_ledger_free)

/* Records of `kind` a previous run left, in the order they were added
 * (a new strv; NULL-terminated, possibly empty). */
GStrv vigil_object_ledger_get_previous (VigilObjectLedger *self, const char *kind);
/* Forget a previous run's record (its object was removed or is gone). */
void vigil_object_ledger_drop_previous (VigilObjectLedger *self, const char *record);

/* Record an object this run added; adding a record twice counts twice. */
void vigil_object_ledger_add (VigilObjectLedger *self, const char *record);
/* Forget one occurrence of `record`; FALSE if this run had not recorded it. */
gboolean vigil_object_ledger_remove (VigilObjectLedger *self, const char *record);
/* How often this run recorded `record` (and not yet removed it). */
guint vigil_object_ledger_count (VigilObjectLedger *self, const char *record);
/* Records of `kind` this run holds (a new strv). */
GStrv vigil_object_ledger_get_current (VigilObjectLedger *self, const char *kind);

/* The kind of a record: its first word ("route" for "route 0a1b..."),
 * in `buf`; FALSE if the record has none. */
gboolean vigil_object_ledger_record_kind (const char *record, char *buf, gsize len);

G_END_DECLS
