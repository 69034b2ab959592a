/* log.h - structured logging: journal when stderr is the journal, else
 * stderr with timestamps; every line about an object carries its name as a
 * field and as a prefix. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Install vigil's log writer for the process. `debug` lets debug messages
 * through. Call once, early in main(). */
void vigil_log_setup (gboolean debug);

/* Log about a VRRP instance: MESSAGE "VI_1: ...", field VIGIL_INSTANCE. */
#define vigil_instance_log(level, name, fmt, ...)                              \
  g_log_structured (G_LOG_DOMAIN, (level), "VIGIL_INSTANCE", (name),           \
                    "MESSAGE", "%s: " fmt, (name), ##__VA_ARGS__)
#define vigil_instance_debug(name, ...) vigil_instance_log (G_LOG_LEVEL_DEBUG, name, __VA_ARGS__)
#define vigil_instance_info(name, ...) vigil_instance_log (G_LOG_LEVEL_INFO, name, __VA_ARGS__)
#define vigil_instance_message(name, ...) vigil_instance_log (G_LOG_LEVEL_MESSAGE, name, __VA_ARGS__)
#define vigil_instance_warning(name, ...) vigil_instance_log (G_LOG_LEVEL_WARNING, name, __VA_ARGS__)

G_END_DECLS
