/* i18n.h - gettext shorthands used by every translatable string */
#pragma once

#include "vigil-build-config.h"
#include <glib/gi18n-lib.h>
