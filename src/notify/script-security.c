/* script-security.c - script users and keepalived's script security
 * checks (see script-security.h) */
#define G_LOG_DOMAIN "vigil-notify"

#include "notify/script-security.h"
#include "i18n.h"

#include <errno.h>
#include <gio/gio.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
vigil_script_user_clear (VigilScriptUser *user)
{
  g_clear_pointer (&user->name, g_free);
}

static char *
group_name (gid_t gid)
{
  struct group *gr = getgrgid (gid);

  return gr != NULL ? g_strdup (gr->gr_name) : g_strdup_printf ("%u", (guint) gid);
}

gboolean
vigil_script_user_resolve (const char *user, const char *group, gboolean script_security,
                           VigilScriptUser *out, GError **error)
{
  struct passwd *pw;
  g_autofree char *gname = NULL;

  g_return_val_if_fail (out != NULL, FALSE);
  out->name = NULL;
  pw = getpwnam (user != NULL ? user : VIGIL_DEFAULT_SCRIPT_USER);
  if (pw == NULL && user != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("script user '%s' does not exist"), user);
      return FALSE;
    }
  if (pw == NULL && script_security)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("no script_user is set and user '%s' does not exist; with "
                     "enable_script_security scripts do not run as root unless "
                     "script_user (or the script's own user) says so"),
                   VIGIL_DEFAULT_SCRIPT_USER);
      return FALSE;
    }
  if (pw == NULL)
    {
      /* No keepalived_script: our own user, as keepalived does. */
      struct passwd *self = getpwuid (geteuid ());
      out->uid = geteuid ();
      out->gid = getegid ();
      gname = group_name (out->gid);
      out->name = g_strdup_printf ("%s:%s", self != NULL ? self->pw_name : "?", gname);
      return TRUE;
    }
  out->uid = pw->pw_uid;
  out->gid = pw->pw_gid;
  if (group != NULL)
    {
      struct group *gr = getgrnam (group);
      if (gr == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("script group '%s' does not exist"), group);
          return FALSE;
        }
      out->gid = gr->gr_gid;
    }
  gname = group_name (out->gid);
  out->name = g_strdup_printf ("%s:%s", pw->pw_name, gname);
  return TRUE;
}

/* Why one component of a script's path is unsafe, or NULL. */
static char *
component_problem (const char *component, const struct stat *st, gboolean last)
{
  gboolean writable_kind = S_ISREG (st->st_mode)
                           || (S_ISDIR (st->st_mode) && !(st->st_mode & S_ISVTX));
  guint mode = st->st_mode & 07777;

  if (!last && !S_ISDIR (st->st_mode))
    return g_strdup_printf (_("%s is not a directory"), component);
  if (last && !S_ISREG (st->st_mode) && !S_ISLNK (st->st_mode))
    return g_strdup_printf (_("%s is not a regular file"), component);
  if (st->st_uid != 0)
    return g_strdup_printf (_("%s is owned by uid %u, not root"), component, (guint) st->st_uid);
  if (writable_kind && st->st_gid != 0 && (st->st_mode & S_IWGRP))
    return g_strdup_printf (_("%s is writable by group %u (mode %04o)"), component,
                            (guint) st->st_gid, mode);
  if (writable_kind && (st->st_mode & S_IWOTH))
    return g_strdup_printf (_("%s is writable by others (mode %04o)"), component, mode);
  return NULL;
}

gboolean
vigil_script_path_is_secure (const char *path, char **why)
{
  g_autofree char *prefix = NULL;
  const char *p;

  g_return_val_if_fail (path != NULL && path[0] == '/', FALSE);
  /* "/", "/usr", "/usr/lib", ... then the whole path. */
  for (p = path;; p = strchr (p + 1, '/'))
    {
      gboolean last = (p == NULL);
      struct stat st;
      g_autofree char *problem = NULL;

      g_free (prefix);
      if (last)
        prefix = g_strdup (path);
      else
        prefix = g_strndup (path, p == path ? 1 : (gsize) (p - path));
      /* A trailing slash or "//" adds nothing to check. */
      if (!last && p[1] == '\0')
        continue;
      if (lstat (prefix, &st) != 0)
        {
          if (why != NULL)
            *why = g_strdup_printf ("%s: %s", prefix, g_strerror (errno));
          return FALSE;
        }
      problem = component_problem (prefix, &st, last);
      if (problem != NULL)
        {
          if (why != NULL)
            *why = g_steal_pointer (&problem);
          return FALSE;
        }
      if (last)
        return TRUE;
    }
}

static gboolean
is_executable_by (const struct stat *st, uid_t uid, gid_t gid)
{
  if (uid == 0)
    return (st->st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0;
  if (uid == st->st_uid)
    return (st->st_mode & S_IXUSR) != 0;
  if (gid == st->st_gid)
    return (st->st_mode & S_IXGRP) != 0;
  return (st->st_mode & S_IXOTH) != 0;
}

gboolean
vigil_script_check (const char *argv0, const VigilScriptUser *user, gboolean enforce,
                    char **resolved, char **warning, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *why = NULL;
  struct stat st;
  gboolean as_root;

  g_return_val_if_fail (argv0 != NULL && user != NULL, FALSE);
  if (strchr (argv0, '/') == NULL)
    {
      path = g_find_program_in_path (argv0);
      if (path == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("script %s not found in PATH"), argv0);
          return FALSE;
        }
      g_message (_("script %s resolved by path search to %s; please give the full path"),
                 argv0, path);
    }
  else
    path = g_strdup (argv0);
  if (path[0] != '/')
    {
      g_autofree char *cwd = g_get_current_dir ();
      g_autofree char *abs = g_build_filename (cwd, path, NULL);
      g_free (path);
      path = g_steal_pointer (&abs);
    }
  real = realpath (path, NULL);
  if (real == NULL || stat (real, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("script %s cannot be accessed: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("script %s is not a regular file"), path);
      return FALSE;
    }
  if (!is_executable_by (&st, user->uid, user->gid))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("script %s is not executable by %s"), path, user->name);
      return FALSE;
    }

  as_root = user->uid == 0 || user->gid == 0
            || (st.st_uid == 0 && (st.st_mode & S_ISUID) && (st.st_mode & S_IXUSR))
            || (st.st_gid == 0 && (st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP));
  if (as_root
      && (!vigil_script_path_is_secure (path, &why)
          || (strcmp (real, path) != 0 && !vigil_script_path_is_secure (real, &why))))
    {
      if (enforce)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       _("refusing to run script %s as root: %s (enable_script_security)"),
                       path, why);
          return FALSE;
        }
      if (warning != NULL)
        *warning = g_strdup_printf (_("script %s runs as root but %s; set "
                                      "enable_script_security to refuse such scripts"),
                                    path, why);
    }
  if (resolved != NULL)
    *resolved = g_steal_pointer (&path);
  return TRUE;
}
