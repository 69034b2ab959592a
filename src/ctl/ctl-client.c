/* ctl-client.c - vigilctl's side of the bus: calls, errors, the data walk */
#include "ctl/ctl-client.h"
#include "ctl/ctl-json.h"
#include "dbus/dbus-names.h"
#include "i18n.h"

#include <stdio.h>

GDBusConnection *
vigil_ctl_connect (GError **error)
{
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, NULL, error);

  if (address == NULL)
    return NULL;
  return g_dbus_connection_new_for_address_sync (address,
                                                 G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                 | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                 NULL, NULL, error);
}

GVariant *
vigil_ctl_call (GDBusConnection *connection, const char *path, const char *interface,
                const char *method, GVariant *parameters, const GVariantType *reply_type,
                GError **error)
{
  return g_dbus_connection_call_sync (connection, VIGIL_DBUS_NAME, path, interface, method,
                                      parameters, reply_type, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                      30000, NULL, error);
}

char *
vigil_ctl_error_message (const GError *error)
{
  g_autoptr(GError) copy = g_error_copy (error);

  g_dbus_error_strip_remote_error (copy);
  return g_strchomp (g_strdup (copy->message));
}

VigilCtlExit
vigil_ctl_report_error (const GError *error, const char *what, const char *instance)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);
  g_autofree char *message = vigil_ctl_error_message (error);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    {
      g_printerr (_("vigilctl: %s: vigild is not running (nobody owns %s on the system bus)\n"),
                  what, VIGIL_DBUS_NAME);
      return VIGIL_CTL_EXIT_UNREACHABLE;
    }
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    {
      g_printerr (_("vigilctl: %s: permission denied: only root may change vigild (%s)\n"),
                  what, message);
      return VIGIL_CTL_EXIT_FAILED;
    }
  if (instance != NULL
      && (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD)
          || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)
          || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE)))
    {
      g_printerr (_("vigilctl: %s: vigild has no VRRP instance named '%s'\n"), what, instance);
      return VIGIL_CTL_EXIT_FAILED;
    }
  if (error->domain == G_IO_ERROR || error->domain == G_DBUS_ERROR)
    {
      if (remote == NULL)
        {
          /* Not an answer from the bus: we could not talk to it at all. */
          g_printerr (_("vigilctl: %s: cannot reach the system bus: %s\n"), what, message);
          return VIGIL_CTL_EXIT_UNREACHABLE;
        }
    }
  if (g_strcmp0 (remote, VIGIL_DBUS_ERROR_CONFIG_INVALID) == 0)
    g_printerr (_("vigilctl: %s: the configuration is invalid; vigild keeps running the "
                  "previous one:\n%s\n"), what, message);
  else
    g_printerr ("vigilctl: %s: %s%s%s%s\n", what, message, remote != NULL ? " (" : "",
                remote != NULL ? remote : "", remote != NULL ? ")" : "");
  return VIGIL_CTL_EXIT_FAILED;
}

char *
vigil_ctl_instance_path (const char *name)
{
  return vigil_dbus_child_path (VIGIL_DBUS_VRRP_PATH, name);
}

/* a{sv} of D-Bus properties -> a{sv} with snake_case keys, plus `extra`. */
static GVariant *
record_from_properties (GVariant *properties, const char *extra_key, GVariant *extra_value)
{
  GVariantBuilder record;
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_variant_builder_init (&record, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      g_autofree char *key = vigil_ctl_key_from_property (name);
      g_variant_builder_add (&record, "{sv}", key, value);
    }
  if (extra_key != NULL)
    g_variant_builder_add (&record, "{sv}", extra_key, extra_value);
  return g_variant_builder_end (&record);
}

static gint
compare_by_name (gconstpointer a, gconstpointer b)
{
  GVariant *ra = *(GVariant *const *) a;
  GVariant *rb = *(GVariant *const *) b;
  const char *na = NULL;
  const char *nb = NULL;

  g_variant_lookup (ra, "name", "&s", &na);
  g_variant_lookup (rb, "name", "&s", &nb);
  return g_strcmp0 (na, nb);
}

/* The properties of `interface` on the object at `path` of the map, or NULL. */
static GVariant *
object_properties (GVariant *object_map, const char *path, const char *interface)
{
  g_autoptr(GVariant) interfaces = g_variant_lookup_value (object_map, path,
                                                           G_VARIANT_TYPE ("a{sa{sv}}"));

  if (interfaces == NULL)
    return NULL;
  return g_variant_lookup_value (interfaces, interface, G_VARIANT_TYPE_VARDICT);
}

/* Add every property of `properties` but `except` to `record` under its
 * snake_case key. */
static void
add_properties (GVariantBuilder *record, GVariant *properties, const char *except)
{
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_variant_iter_init (&iter, properties);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      g_autofree char *key = NULL;

      if (g_strcmp0 (name, except) == 0)
        continue;
      key = vigil_ctl_key_from_property (name);
      g_variant_builder_add (record, "{sv}", key, value);
    }
}

/* A real server's record: its properties, "object_path" and "checkers"
 * (the records of its checkers, in order); NULL when it is not in the map. */
static GVariant *
real_server_record (GVariant *object_map, const char *rs_path)
{
  g_autoptr(GVariant) rs = object_properties (object_map, rs_path,
                                              VIGIL_DBUS_REAL_SERVER_INTERFACE);
  g_autofree const char **checker_paths = NULL;
  GVariantBuilder record, checkers;

  if (rs == NULL)
    return NULL;
  g_variant_builder_init (&checkers, G_VARIANT_TYPE ("aa{sv}"));
  if (g_variant_lookup (rs, "Checkers", "^a&o", &checker_paths))
    for (guint c = 0; checker_paths[c] != NULL; c++)
      {
        g_autoptr(GVariant) ck = object_properties (object_map, checker_paths[c],
                                                    VIGIL_DBUS_CHECKER_INTERFACE);
        if (ck != NULL)
          g_variant_builder_add_value (&checkers, record_from_properties (ck, NULL, NULL));
      }
  g_variant_builder_init (&record, G_VARIANT_TYPE_VARDICT);
  add_properties (&record, rs, "Checkers");
  g_variant_builder_add (&record, "{sv}", "object_path", g_variant_new_object_path (rs_path));
  g_variant_builder_add (&record, "{sv}", "checkers", g_variant_builder_end (&checkers));
  return g_variant_builder_end (&record);
}

/* Every virtual server (sorted by name), each with "real_servers": the
 * records of its real servers in configuration order (replacing the
 * property's object paths). */
static GVariant *
collect_virtual_servers (GVariant *object_map)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  GVariantBuilder list;
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  g_variant_iter_init (&iter, object_map);
  while (g_variant_iter_loop (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) vs = g_variant_lookup_value (interfaces,
                                                       VIGIL_DBUS_VIRTUAL_SERVER_INTERFACE,
                                                       G_VARIANT_TYPE_VARDICT);
      g_autofree const char **rs_paths = NULL;
      GVariantBuilder record, servers;

      if (vs == NULL)
        continue;
      g_variant_builder_init (&servers, G_VARIANT_TYPE ("aa{sv}"));
      if (g_variant_lookup (vs, "RealServers", "^a&o", &rs_paths))
        for (guint i = 0; rs_paths[i] != NULL; i++)
          {
            GVariant *rs = real_server_record (object_map, rs_paths[i]);
            if (rs != NULL)
              g_variant_builder_add_value (&servers, rs);
          }
      g_variant_builder_init (&record, G_VARIANT_TYPE_VARDICT);
      add_properties (&record, vs, "RealServers");
      g_variant_builder_add (&record, "{sv}", "object_path", g_variant_new_object_path (path));
      g_variant_builder_add (&record, "{sv}", "real_servers", g_variant_builder_end (&servers));
      g_ptr_array_add (records, g_variant_ref_sink (g_variant_builder_end (&record)));
    }
  g_ptr_array_sort (records, compare_by_name);
  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < records->len; i++)
    g_variant_builder_add_value (&list, g_ptr_array_index (records, i));
  return g_variant_builder_end (&list);
}

/* The object path of real server `rs_name` of virtual server `vs_name`
 * in collected data (newly allocated), or NULL. */
char *
vigil_ctl_find_real_server (GVariant *data, const char *vs_name, const char *rs_name)
{
  g_autoptr(GVariant) list = g_variant_lookup_value (data, "virtual_servers",
                                                     G_VARIANT_TYPE ("aa{sv}"));
  gsize n = list != NULL ? g_variant_n_children (list) : 0;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) vs = g_variant_get_child_value (list, i);
      g_autoptr(GVariant) servers = NULL;
      const char *name = NULL;

      if (!g_variant_lookup (vs, "name", "&s", &name) || g_strcmp0 (name, vs_name) != 0)
        continue;
      servers = g_variant_lookup_value (vs, "real_servers", G_VARIANT_TYPE ("aa{sv}"));
      for (gsize r = 0; servers != NULL && r < g_variant_n_children (servers); r++)
        {
          g_autoptr(GVariant) rs = g_variant_get_child_value (servers, r);
          const char *rs_path = NULL;

          if (g_variant_lookup (rs, "name", "&s", &name) && g_strcmp0 (name, rs_name) == 0
              && g_variant_lookup (rs, "object_path", "&o", &rs_path))
            return g_strdup (rs_path);
        }
    }
  return NULL;
}

GVariant *
vigil_ctl_collect (GDBusConnection *connection, GError **error)
{
  g_autoptr(GVariant) manager = NULL;
  g_autoptr(GVariant) manager_props = NULL;
  g_autoptr(GVariant) objects = NULL;
  g_autoptr(GVariant) object_map = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  GVariantBuilder instances;
  GVariantBuilder data;
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;
  GVariant *servers;

  manager = vigil_ctl_call (connection, VIGIL_DBUS_PATH, "org.freedesktop.DBus.Properties",
                            "GetAll", g_variant_new ("(s)", VIGIL_DBUS_MANAGER_INTERFACE),
                            G_VARIANT_TYPE ("(a{sv})"), error);
  if (manager == NULL)
    return NULL;
  objects = vigil_ctl_call (connection, VIGIL_DBUS_PATH, "org.freedesktop.DBus.ObjectManager",
                            "GetManagedObjects", NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"), error);
  if (objects == NULL)
    return NULL;

  manager_props = g_variant_get_child_value (manager, 0);
  object_map = g_variant_get_child_value (objects, 0);
  g_variant_iter_init (&iter, object_map);
  while (g_variant_iter_loop (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) props = g_variant_lookup_value (interfaces,
                                                          VIGIL_DBUS_VRRP_INSTANCE_INTERFACE,
                                                          G_VARIANT_TYPE_VARDICT);
      if (props != NULL)
        g_ptr_array_add (records,
                         g_variant_ref_sink (record_from_properties (
                           props, "object_path", g_variant_new_object_path (path))));
    }
  g_ptr_array_sort (records, compare_by_name);
  servers = collect_virtual_servers (object_map);

  g_variant_builder_init (&instances, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < records->len; i++)
    g_variant_builder_add_value (&instances, g_ptr_array_index (records, i));
  g_variant_builder_init (&data, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&data, "{sv}", "vigild",
                         record_from_properties (manager_props, NULL, NULL));
  g_variant_builder_add (&data, "{sv}", "instances", g_variant_builder_end (&instances));
  g_variant_builder_add_value (&data, g_variant_new_dict_entry (g_variant_new_string ("virtual_servers"),
                                                               g_variant_new_variant (servers)));
  return g_variant_ref_sink (g_variant_builder_end (&data));
}

GVariant *
vigil_ctl_find_instance (GVariant *data, const char *name)
{
  g_autoptr(GVariant) instances = g_variant_lookup_value (data, "instances",
                                                          G_VARIANT_TYPE ("aa{sv}"));
  gsize n = instances != NULL ? g_variant_n_children (instances) : 0;

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) record = g_variant_get_child_value (instances, i);
      const char *record_name = NULL;

      if (g_variant_lookup (record, "name", "&s", &record_name)
          && g_strcmp0 (record_name, name) == 0)
        return g_steal_pointer (&record);
    }
  return NULL;
}
