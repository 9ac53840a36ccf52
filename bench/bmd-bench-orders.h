#pragma once

#include <glib.h>

#include "bmd-order.h"

G_BEGIN_DECLS

BmdOrder *bmd_bench_synthetic_order (guint  i,
                                     GRand *rand);

G_END_DECLS
