/*
 * tidy.h - the tidy tables of `convert --csv`: one CSV per kind of fact,
 * one fact per row, with the territory's identity repeated on every row,
 * for the Quality department's own tools.  Every readable territory is
 * included, with an en_totales column saying whether it counts.
 */
#ifndef BITACORA_TIDY_H
#define BITACORA_TIDY_H

#include "bitacora/batch.h"

/* Number of tables, and the file name of table i ("unidades.csv"). */
size_t bt_tidy_count(void);
const char *bt_tidy_name(size_t i);

/* Table i of the batch as CSV (UTF-8 with BOM) into out. */
bt_err bt_tidy_build(const bt_batch *b, size_t i, bt_sb *out);

#endif
