/* replay-driver.c - run a libFuzzer target over its seed corpus
 *
 * Linked with each fuzz target when the build is not a libFuzzer build,
 * so every build exercises the corpus (and ASan/UBSan see it).
 * Usage: fuzz-NAME DIR_OR_FILE...
 */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
replay_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("replay: %s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 0;
}

int
main (int argc, char **argv)
{
  guint n = 0;
  int failures = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          failures += replay_file (argv[i]);
          n++;
          continue;
        }
      dir = g_dir_open (argv[i], 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          failures += replay_file (path);
          n++;
        }
    }
  g_print ("replayed %u inputs\n", n);
  return failures == 0 && n > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
