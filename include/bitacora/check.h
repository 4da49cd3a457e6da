/*
 * check.h - normalizing a territory's values and checking them.
 *
 * bt_normalize() parses every value the form reader stored (regions,
 * comunas, counts, dates, years, names) and reports values that do not
 * parse.  bt_check() then checks the territory as a whole: sections and
 * required fields, totals against sums, declared staff against the names
 * listed, comunas against the region, dates against the period, session
 * numbering.  Both only add findings to the territory; neither prints.
 * Checks across territories (duplicates) live in batch.h.
 */
#ifndef BITACORA_CHECK_H
#define BITACORA_CHECK_H

#include "bitacora/model.h"
#include "bitacora/template.h"

/* period_option: the --periodo year, 0 when not given. */
bt_err bt_normalize(bt_territory *t, const bt_tpl *tpl, int period_option);
bt_err bt_check(bt_territory *t);

/* Texts longer than this are cut in workbooks (Excel's cell limit) and
 * kept whole in CSV exports. */
#define BT_EXCEL_CELL_CHARS 32767u

#endif
