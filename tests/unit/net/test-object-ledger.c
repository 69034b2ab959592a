/* test-object-ledger.c - records survive a restart and are kept until
 * their owner drops them */
#include "net/object-ledger.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vigil-objects-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "objects", NULL);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
contents (Fixture *f)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
  return text;
}

static void
test_add_remove (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilObjectLedger) ledger = vigil_object_ledger_new (f->path);
  g_autofree char *text = NULL;
  g_auto(GStrv) routes = NULL;

  vigil_object_ledger_add (ledger, "route 0a0b # 198.51.100.0/24");
  vigil_object_ledger_add (ledger, "rule 0c # from all");
  vigil_object_ledger_add (ledger, "route 0a0b # 198.51.100.0/24");
  g_assert_cmpuint (vigil_object_ledger_count (ledger, "route 0a0b # 198.51.100.0/24"), ==, 2);
  text = contents (f);
  g_assert_nonnull (strstr (text, "rule 0c # from all\n"));
  routes = vigil_object_ledger_get_current (ledger, "route");
  g_assert_cmpuint (g_strv_length (routes), ==, 2);

  g_assert_true (vigil_object_ledger_remove (ledger, "route 0a0b # 198.51.100.0/24"));
  g_assert_cmpuint (vigil_object_ledger_count (ledger, "route 0a0b # 198.51.100.0/24"), ==, 1);
  g_assert_false (vigil_object_ledger_remove (ledger, "route ffff # never added"));
  g_assert_true (vigil_object_ledger_remove (ledger, "route 0a0b # 198.51.100.0/24"));
  g_assert_true (vigil_object_ledger_remove (ledger, "rule 0c # from all"));
  g_clear_pointer (&text, g_free);
  text = contents (f);
  g_assert_null (strstr (text, "route 0a0b"));
  g_assert_null (strstr (text, "rule 0c"));
}

/* What a run left is seen by the next one, per kind, until dropped; a
 * malformed line is ignored. */
static void
test_previous (Fixture *f, gconstpointer data)
{
  g_autoptr(VigilObjectLedger) first = vigil_object_ledger_new (f->path);
  g_autoptr(VigilObjectLedger) second = NULL;
  g_autoptr(VigilObjectLedger) third = NULL;
  g_auto(GStrv) routes = NULL, vmacs = NULL, none = NULL;
  g_autofree char *text = NULL;

  vigil_object_ledger_add (first, "route 01 # a");
  vigil_object_ledger_add (first, "vmac vrrp.51 eth0 00:00:5e:00:01:33");
  g_clear_pointer (&first, vigil_object_ledger_free);   /* a crash */
  text = contents (f);
  {
    g_autofree char *with_garbage = g_strconcat (text, "!!! not a record\n", NULL);
    g_assert_true (g_file_set_contents (f->path, with_garbage, -1, NULL));
  }

  g_test_expect_message ("vigil-net", G_LOG_LEVEL_WARNING, "*malformed object ledger line*");
  second = vigil_object_ledger_new (f->path);
  g_test_assert_expected_messages ();
  routes = vigil_object_ledger_get_previous (second, "route");
  vmacs = vigil_object_ledger_get_previous (second, "vmac");
  none = vigil_object_ledger_get_current (second, "route");
  g_assert_cmpuint (g_strv_length (routes), ==, 1);
  g_assert_cmpstr (routes[0], ==, "route 01 # a");
  g_assert_cmpuint (g_strv_length (vmacs), ==, 1);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  /* A new record does not push the old ones out of the file. */
  vigil_object_ledger_add (second, "rule 02 # b");
  vigil_object_ledger_drop_previous (second, "route 01 # a");
  g_clear_pointer (&second, vigil_object_ledger_free);

  third = vigil_object_ledger_new (f->path);
  g_clear_pointer (&routes, g_strfreev);
  routes = vigil_object_ledger_get_previous (third, "route");
  g_assert_cmpuint (g_strv_length (routes), ==, 0);
  g_clear_pointer (&vmacs, g_strfreev);
  vmacs = vigil_object_ledger_get_previous (third, "vmac");
  g_assert_cmpuint (g_strv_length (vmacs), ==, 1);
  g_clear_pointer (&none, g_strfreev);
  none = vigil_object_ledger_get_previous (third, "rule");
  g_assert_cmpuint (g_strv_length (none), ==, 1);
}

static void
test_record_kind (void)
{
  static const struct { const char *record; const char *kind; } cases[] = {
    { "route 0a # x", "route" }, { "vmac vrrp.51 eth0", "vmac" }, { "rule", "rule" },
    { "", NULL }, { " route", NULL }, { "ro!ute 1", NULL },
    { "averyveryverylongkindname 1", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char kind[16];
      gboolean ok = vigil_object_ledger_record_kind (cases[i].record, kind, sizeof kind);

      g_assert_cmpint (ok, ==, cases[i].kind != NULL);
      if (ok)
        g_assert_cmpstr (kind, ==, cases[i].kind);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/object-ledger/add-remove", Fixture, NULL, set_up, test_add_remove, tear_down);
  g_test_add ("/object-ledger/previous", Fixture, NULL, set_up, test_previous, tear_down);
  g_test_add_func ("/object-ledger/record-kind", test_record_kind);
  return g_test_run ();
}
