/* vigild.c - the vigil daemon's main: options, context, run */
#include "vigil-build-config.h"
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return EXIT_SUCCESS;
}
