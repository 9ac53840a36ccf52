#pragma once

#include <gtk/gtk.h>

#include "bmd-context.h"
#include "bmd-missing-half.h"

G_BEGIN_DECLS

/* "Create remaining order…" (or deposit): shows what will be created — the
 * customer, the metafields, the amount to confirm or edit — then creates the
 * draft order in a thread, and offers to email its invoice. Every outcome,
 * failures included, ends in a dialog that says what happened. Takes a copy
 * of @half. */
void bmd_missing_half_dialog_present (GtkWindow            *parent,
                                      BmdContext           *context,
                                      const BmdMissingHalf *half);

/* For tests: the dialog on screen, or NULL. */
GtkWidget *bmd_missing_half_dialog_get_current (void);

G_END_DECLS
