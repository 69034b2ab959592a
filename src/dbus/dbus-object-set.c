/* dbus-object-set.c - see dbus-object-set.h */
#define G_LOG_DOMAIN "vigil-dbus"

#include "dbus/dbus-object-set.h"

typedef struct
{
  gpointer source;                    /* not referenced: the skeleton holds it */
  GDBusObjectSkeleton *object;
  GDBusInterfaceSkeleton *skeleton;
  gboolean wanted;
} Entry;

struct _VigilDbusObjectSet
{
  GDBusObjectManagerServer *manager;  /* referenced */
  VigilDbusDetachFunc detach;
  GHashTable *entries;                /* path -> Entry* */
};

static void
entry_unexport (VigilDbusObjectSet *set, const char *path, Entry *entry)
{
  g_debug ("unexporting %s", path);
  set->detach (entry->skeleton);
  g_dbus_object_manager_server_unexport (set->manager, path);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->skeleton);
  g_clear_object (&entry->object);
  g_free (entry);
}

VigilDbusObjectSet *
vigil_dbus_object_set_new (GDBusObjectManagerServer *manager, VigilDbusDetachFunc detach)
{
  VigilDbusObjectSet *set;

  g_return_val_if_fail (G_IS_DBUS_OBJECT_MANAGER_SERVER (manager), NULL);
  g_return_val_if_fail (detach != NULL, NULL);
  set = g_new0 (VigilDbusObjectSet, 1);
  set->manager = g_object_ref (manager);
  set->detach = detach;
  set->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  return set;
}

void
vigil_dbus_object_set_free (VigilDbusObjectSet *set)
{
  if (set == NULL)
    return;
  vigil_dbus_object_set_begin (set);
  vigil_dbus_object_set_end (set);
  g_hash_table_unref (set->entries);
  g_object_unref (set->manager);
  g_free (set);
}

void
vigil_dbus_object_set_begin (VigilDbusObjectSet *set)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, set->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((Entry *) value)->wanted = FALSE;
}

void
vigil_dbus_object_set_want (VigilDbusObjectSet *set, const char *path, gpointer source,
                            VigilDbusExportFunc export_func, gpointer user_data)
{
  Entry *entry = g_hash_table_lookup (set->entries, path);

  if (entry != NULL && entry->source == source)
    {
      entry->wanted = TRUE;
      return;
    }
  if (entry != NULL)
    {
      entry_unexport (set, path, entry);
      g_hash_table_remove (set->entries, path);
    }
  entry = g_new0 (Entry, 1);
  entry->source = source;
  entry->wanted = TRUE;
  entry->skeleton = export_func (source, path, user_data);
  entry->object = g_dbus_object_skeleton_new (path);
  g_dbus_object_skeleton_add_interface (entry->object, entry->skeleton);
  g_dbus_object_manager_server_export (set->manager, entry->object);
  g_hash_table_insert (set->entries, g_strdup (path), entry);
  g_debug ("exported %s", path);
}

void
vigil_dbus_object_set_end (VigilDbusObjectSet *set)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, set->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!((Entry *) value)->wanted)
      {
        entry_unexport (set, key, value);
        g_hash_table_iter_remove (&iter);
      }
}

guint
vigil_dbus_object_set_size (VigilDbusObjectSet *set)
{
  return g_hash_table_size (set->entries);
}

GDBusInterfaceSkeleton *
vigil_dbus_object_set_lookup (VigilDbusObjectSet *set, const char *path)
{
  Entry *entry = g_hash_table_lookup (set->entries, path);

  return entry != NULL ? entry->skeleton : NULL;
}
