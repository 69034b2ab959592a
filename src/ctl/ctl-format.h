/* ctl-format.h - vigilctl's human output, from the same data as --json */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "2026-11-28 01:50:14" (local time) of realtime µs; "-" for 0 and
 * "until resumed" for G_MAXUINT64 (HeldUntil). */
char *vigil_ctl_format_time (guint64 usec);

/* One value of a record as a person reads it: times as above for `key`s
 * that are times, intervals in seconds, lists comma-separated. */
char *vigil_ctl_format_value (const char *key, GVariant *value);

/* The `status` table of collected data (vigil_ctl_collect ()). */
void vigil_ctl_print_status (GString *out, GVariant *data);

/* `show NAME`: every property of one instance record, one per line. */
void vigil_ctl_print_instance (GString *out, GVariant *record);

G_END_DECLS
