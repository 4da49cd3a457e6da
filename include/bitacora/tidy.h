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

/* Every table of the batch as CSV (UTF-8 with BOM), table i at paths[i]
 * (bt_tidy_count() of them), each appearing whole or not at all.  One
 * territory at a time, read whole again when held as a summary
 * (summary.h): a national run's tables are larger than its memory.
 * BT_ERR_WRITE with *failed the table and *err the errno; BT_ERR_NOMEM;
 * BT_ERR_INPUT_CHANGED. */
bt_err bt_tidy_write(const bt_batch *b, const char *const *paths, size_t *failed, int *err);

#endif
