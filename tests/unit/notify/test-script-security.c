/* test-script-security.c - keepalived's script security rules on a
 * temporary tree */
#include "notify/script-security.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char *dir;                      /* mkdtemp: ours, 0700 */
  char *sub;                      /* dir/sub */
  char *script;                   /* dir/sub/notify.sh */
} Tree;

static void
tree_setup (Tree *t, gconstpointer data)
{
  GError *error = NULL;

  t->dir = g_dir_make_tmp ("vigil-secXXXXXX", &error);
  g_assert_no_error (error);
  t->sub = g_build_filename (t->dir, "sub", NULL);
  g_assert_cmpint (g_mkdir (t->sub, 0755), ==, 0);
  t->script = g_build_filename (t->sub, "notify.sh", NULL);
  g_file_set_contents (t->script, "#!/bin/sh\nexit 0\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (t->script, 0755), ==, 0);
  g_assert_cmpint (g_chmod (t->sub, 0755), ==, 0);
}

static void
tree_teardown (Tree *t, gconstpointer data)
{
  g_autofree char *link = g_build_filename (t->sub, "link.sh", NULL);

  g_unlink (link);
  g_unlink (t->script);
  g_rmdir (t->sub);
  g_rmdir (t->dir);
  g_free (t->script);
  g_free (t->sub);
  g_free (t->dir);
}

static gboolean
need_root (void)
{
  if (geteuid () == 0)
    return TRUE;
  g_test_skip ("needs root: a safe path is owned by root all the way down");
  return FALSE;
}

static void
root_user (VigilScriptUser *user)
{
  user->uid = 0;
  user->gid = 0;
  user->name = g_strdup ("root:root");
}

static void
assert_unsafe (const char *path, const char *culprit, const char *reason)
{
  g_autofree char *why = NULL;

  g_assert_false (vigil_script_path_is_secure (path, &why));
  g_assert_nonnull (why);
  g_assert_true (g_str_has_prefix (why, culprit));
  g_assert_nonnull (strstr (why, reason));
}

static void
test_safe (Tree *t, gconstpointer data)
{
  g_autofree char *why = NULL;

  if (!need_root ())
    return;
  g_assert_true (vigil_script_path_is_secure (t->script, &why));
  g_assert_null (why);
  g_assert_true (vigil_script_path_is_secure ("/usr/bin/env", NULL));
}

static void
test_world_writable_file (Tree *t, gconstpointer data)
{
  if (!need_root ())
    return;
  g_assert_cmpint (g_chmod (t->script, 0777), ==, 0);
  assert_unsafe (t->script, t->script, "writable by others (mode 0777)");
}

static void
test_group_writable_file (Tree *t, gconstpointer data)
{
  if (!need_root ())
    return;
  /* group root may write: keepalived allows it */
  g_assert_cmpint (g_chmod (t->script, 0775), ==, 0);
  g_assert_true (vigil_script_path_is_secure (t->script, NULL));
  g_assert_cmpint (chown (t->script, 0, 65534), ==, 0);
  assert_unsafe (t->script, t->script, "writable by group 65534");
}

static void
test_not_root_owned (Tree *t, gconstpointer data)
{
  if (!need_root ())
    return;
  g_assert_cmpint (chown (t->script, 65534, 0), ==, 0);
  assert_unsafe (t->script, t->script, "owned by uid 65534");
}

static void
test_writable_directory (Tree *t, gconstpointer data)
{
  if (!need_root ())
    return;
  g_assert_cmpint (g_chmod (t->sub, 0777), ==, 0);
  assert_unsafe (t->script, t->sub, "writable by others");
  /* the sticky bit makes a world-writable directory safe, as /tmp */
  g_assert_cmpint (g_chmod (t->sub, 01777), ==, 0);
  g_assert_true (vigil_script_path_is_secure (t->script, NULL));
}

static void
test_directory_owner (Tree *t, gconstpointer data)
{
  if (!need_root ())
    {
      /* not root: our own temp dir is the first unsafe component */
      g_autofree char *why = NULL;
      g_assert_false (vigil_script_path_is_secure (t->script, &why));
      g_assert_true (g_str_has_prefix (why, t->dir));
      return;
    }
  g_assert_cmpint (chown (t->sub, 65534, 65534), ==, 0);
  assert_unsafe (t->script, t->sub, "owned by uid 65534");
}

static void
test_missing (Tree *t, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (t->sub, "nope.sh", NULL);
  g_autofree char *why = NULL;

  g_assert_false (vigil_script_path_is_secure (missing, &why));
  g_assert_nonnull (strstr (why, "nope.sh"));
}

static void
test_check_enforced (Tree *t, gconstpointer data)
{
  g_auto(VigilScriptUser) root = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *resolved = NULL;

  if (!need_root ())
    return;
  root_user (&root);
  g_assert_true (vigil_script_check (t->script, &root, TRUE, &resolved, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  g_assert_cmpstr (resolved, ==, t->script);

  g_assert_cmpint (g_chmod (t->script, 0666 | 0111), ==, 0);
  g_assert_false (vigil_script_check (t->script, &root, TRUE, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, t->script));
  g_assert_nonnull (strstr (error->message, "writable by others"));
  g_clear_error (&error);

  /* not enforced: it runs, with a warning */
  g_assert_true (vigil_script_check (t->script, &root, FALSE, NULL, &warning, &error));
  g_assert_no_error (error);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "enable_script_security"));
}

static void
test_check_symlink_target (Tree *t, gconstpointer data)
{
  g_auto(VigilScriptUser) root = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_build_filename (t->sub, "link.sh", NULL);

  if (!need_root ())
    return;
  root_user (&root);
  g_assert_cmpint (symlink (t->script, link), ==, 0);
  g_assert_true (vigil_script_check (link, &root, TRUE, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the link is safe, its target is not */
  g_assert_cmpint (g_chmod (t->script, 0777), ==, 0);
  g_assert_false (vigil_script_check (link, &root, TRUE, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "notify.sh is writable by others"));
}

static void
test_check_unprivileged (Tree *t, gconstpointer data)
{
  VigilScriptUser nobody = { 65534, 65534, (char *) "nobody:nogroup" };
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  if (!need_root ())
    return;
  /* not run as root: writable is not checked */
  g_assert_cmpint (g_chmod (t->script, 0777), ==, 0);
  g_assert_true (vigil_script_check (t->script, &nobody, TRUE, NULL, &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);
  /* but it must be executable by that user */
  g_assert_cmpint (g_chmod (t->script, 0700), ==, 0);
  g_assert_false (vigil_script_check (t->script, &nobody, TRUE, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "not executable by nobody:nogroup"));
}

static void
test_check_missing_and_path (Tree *t, gconstpointer data)
{
  g_auto(VigilScriptUser) root = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = NULL;
  g_autofree char *missing = g_build_filename (t->sub, "nope.sh", NULL);

  root_user (&root);
  g_assert_false (vigil_script_check (missing, &root, TRUE, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "nope.sh"));
  g_clear_error (&error);
  g_assert_false (vigil_script_check ("no-such-program-vigil", &root, FALSE, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* a bare name is searched in PATH */
  g_assert_true (vigil_script_check ("sh", &root, FALSE, &resolved, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_path_is_absolute (resolved));
  g_assert_true (g_str_has_suffix (resolved, "/sh"));
}

static void
test_user_resolve (void)
{
  g_auto(VigilScriptUser) user = { 0 };
  g_auto(VigilScriptUser) dflt = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_script_user_resolve ("nobody", NULL, FALSE, &user, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (user.uid, ==, 65534);
  g_assert_true (g_str_has_prefix (user.name, "nobody:"));
  vigil_script_user_clear (&user);
  g_assert_true (vigil_script_user_resolve ("nobody", "root", FALSE, &user, &error));
  g_assert_cmpuint (user.gid, ==, 0);
  vigil_script_user_clear (&user);

  g_assert_false (vigil_script_user_resolve ("no-such-user-vigil", NULL, FALSE, &user, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-user-vigil"));
  g_clear_error (&error);
  g_assert_false (vigil_script_user_resolve ("nobody", "no-such-group-vigil", FALSE, &user, &error));
  g_assert_nonnull (strstr (error->message, "no-such-group-vigil"));
  g_clear_error (&error);

  /* no user: keepalived_script if it exists, else ourselves */
  g_assert_true (vigil_script_user_resolve (NULL, NULL, FALSE, &dflt, &error));
  if (getpwnam (VIGIL_DEFAULT_SCRIPT_USER) == NULL)
    {
      g_assert_cmpuint (dflt.uid, ==, geteuid ());
      /* ... but not with enable_script_security (keepalived 2.2.7) */
      vigil_script_user_clear (&dflt);
      g_assert_false (vigil_script_user_resolve (NULL, NULL, TRUE, &dflt, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "keepalived_script"));
      g_clear_error (&error);
    }
  /* a user named explicitly is fine with script security */
  vigil_script_user_clear (&user);
  g_assert_true (vigil_script_user_resolve ("root", NULL, TRUE, &user, &error));
  g_assert_cmpuint (user.uid, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define TREE_TEST(path, fn) g_test_add ("/notify/security/" path, Tree, NULL, tree_setup, fn, tree_teardown)
  TREE_TEST ("safe", test_safe);
  TREE_TEST ("world-writable-file", test_world_writable_file);
  TREE_TEST ("group-writable-file", test_group_writable_file);
  TREE_TEST ("not-root-owned", test_not_root_owned);
  TREE_TEST ("writable-directory", test_writable_directory);
  TREE_TEST ("directory-owner", test_directory_owner);
  TREE_TEST ("missing", test_missing);
  TREE_TEST ("check-enforced", test_check_enforced);
  TREE_TEST ("check-symlink-target", test_check_symlink_target);
  TREE_TEST ("check-unprivileged", test_check_unprivileged);
  TREE_TEST ("check-missing-and-path", test_check_missing_and_path);
  g_test_add_func ("/notify/security/user-resolve", test_user_resolve);
  return g_test_run ();
}
