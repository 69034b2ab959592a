/* server-objects.c - virtual servers, real servers and checkers on D-Bus
 *
 *   /org/vigil/Vigil1/virtual_server/VS            org.vigil.Vigil1.VirtualServer
 *   /org/vigil/Vigil1/virtual_server/VS/RS         org.vigil.Vigil1.RealServer
 *   /org/vigil/Vigil1/virtual_server/VS/RS/N       org.vigil.Vigil1.Checker
 *   /org/vigil/Vigil1/virtual_server/VS/sorry_server  the sorry server, if any
 *
 * VS and RS are the names escaped with g_dbus_escape_object_path(), N the
 * checker's position in its real server. All three kinds live in one
 * VigilDbusObjectSet, so a reload that keeps a real server but changes
 * its checkers only replaces those checkers' objects.
 */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/server-objects.h"
#include "dbus/dbus-names.h"
#include "dbus/checker-exporter.h"
#include "dbus/real-server-exporter.h"
#include "dbus/virtual-server-exporter.h"

static void
detach_any (GDBusInterfaceSkeleton *skeleton)
{
  if (VIGIL_IS_CHECKER_EXPORTER (skeleton))
    vigil_checker_exporter_detach (VIGIL_CHECKER_EXPORTER (skeleton));
  else if (VIGIL_IS_REAL_SERVER_EXPORTER (skeleton))
    vigil_real_server_exporter_detach (VIGIL_REAL_SERVER_EXPORTER (skeleton));
  else if (VIGIL_IS_VIRTUAL_SERVER_EXPORTER (skeleton))
    vigil_virtual_server_exporter_detach (VIGIL_VIRTUAL_SERVER_EXPORTER (skeleton));
}

VigilDbusObjectSet *
vigil_server_objects_new (GDBusObjectManagerServer *manager)
{
  return vigil_dbus_object_set_new (manager, detach_any);
}

typedef struct
{
  const char *vs_path;
  const char *const *paths;       /* of the children */
} ExportArgs;

static GDBusInterfaceSkeleton *
export_checker (gpointer source, const char *path, gpointer user_data)
{
  return G_DBUS_INTERFACE_SKELETON (vigil_checker_exporter_new (source));
}

static GDBusInterfaceSkeleton *
export_real_server (gpointer source, const char *path, gpointer user_data)
{
  const ExportArgs *args = user_data;

  return G_DBUS_INTERFACE_SKELETON (vigil_real_server_exporter_new (source, args->vs_path,
                                                                    args->paths));
}

static GDBusInterfaceSkeleton *
export_virtual_server (gpointer source, const char *path, gpointer user_data)
{
  const ExportArgs *args = user_data;

  return G_DBUS_INTERFACE_SKELETON (vigil_virtual_server_exporter_new (source, args->paths));
}

/* Export one real server (at VS_PATH/`name`) and its checkers; returns
 * its path. */
static char *
want_real_server (VigilDbusObjectSet *set, const char *vs_path, VigilRealServer *rs,
                  const char *name)
{
  char *rs_path = vigil_dbus_child_path (vs_path, name);
  GPtrArray *checkers = vigil_real_server_get_checkers (rs);
  g_autoptr(GPtrArray) checker_paths = g_ptr_array_new_with_free_func (g_free);
  ExportArgs args;
  GDBusInterfaceSkeleton *exported;

  for (guint i = 0; checkers != NULL && i < checkers->len; i++)
    {
      char *path = g_strdup_printf ("%s/%u", rs_path, i);

      vigil_dbus_object_set_want (set, path, g_ptr_array_index (checkers, i), export_checker, NULL);
      g_ptr_array_add (checker_paths, path);
    }
  g_ptr_array_add (checker_paths, NULL);
  args.vs_path = vs_path;
  args.paths = (const char *const *) checker_paths->pdata;
  vigil_dbus_object_set_want (set, rs_path, rs, export_real_server, &args);
  /* a kept real server may have new checkers after a reload */
  exported = vigil_dbus_object_set_lookup (set, rs_path);
  vigil_dbus_real_server_set_checkers (VIGIL_DBUS_REAL_SERVER (exported), args.paths);
  return rs_path;
}

void
vigil_server_objects_sync (VigilDbusObjectSet *set, GPtrArray *virtual_servers)
{
  vigil_dbus_object_set_begin (set);
  for (guint i = 0; virtual_servers != NULL && i < virtual_servers->len; i++)
    {
      VigilVirtualServer *vs = g_ptr_array_index (virtual_servers, i);
      g_autofree char *vs_path =
        vigil_virtual_server_exporter_build_path (vigil_virtual_server_get_name (vs));
      GPtrArray *servers = vigil_virtual_server_get_real_servers (vs);
      g_autoptr(GPtrArray) rs_paths = g_ptr_array_new_with_free_func (g_free);
      ExportArgs args;

      for (guint r = 0; servers != NULL && r < servers->len; r++)
        {
          VigilRealServer *rs = g_ptr_array_index (servers, r);

          g_ptr_array_add (rs_paths, want_real_server (set, vs_path, rs,
                                                       vigil_real_server_get_name (rs)));
        }
      /* the sorry server is not in RealServers; it lives at VS/sorry_server */
      if (vigil_virtual_server_get_sorry_server (vs) != NULL)
        g_free (want_real_server (set, vs_path, vigil_virtual_server_get_sorry_server (vs),
                                  "sorry_server"));
      g_ptr_array_add (rs_paths, NULL);
      args.vs_path = vs_path;
      args.paths = (const char *const *) rs_paths->pdata;
      vigil_dbus_object_set_want (set, vs_path, vs, export_virtual_server, &args);
      vigil_dbus_virtual_server_set_real_servers (
        VIGIL_DBUS_VIRTUAL_SERVER (vigil_dbus_object_set_lookup (set, vs_path)), args.paths);
    }
  vigil_dbus_object_set_end (set);
}
