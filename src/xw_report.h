/*
 * xw_report.h - private pieces shared by the region and national
 * workbooks (xw_region.c, xw_national.c): the territory list with the
 * missing territories among the rows (xw_list.c), the comparison with
 * the previous period (xw_compare.c) and the correction lists
 * (xw_corrections.c, also in the territory workbook).
 */
#ifndef BITACORA_XW_REPORT_H
#define BITACORA_XW_REPORT_H

#include "bitacora/report.h"
#include "bitacora/template.h"
#include "bitacora/xlsxwrite.h"
#include "xw.h"

/* One row of a territory list: a logbook, or a territory without one. */
typedef struct {
    const bt_territory *t;
    const bt_missing *m;
} bt_xwl_row;

/* The rows of one region: its logbooks and its missing territories,
 * merged by number, appended to out (room for n + nm). */
size_t bt_xwl_merge(bt_territory *const *ts, size_t n, const bt_missing *m, size_t nm,
                    bt_xwl_row *out);

/* The list sheet: one row per territory, the totals of those in the
 * totals (naming the ones whose figures are missing), then why the
 * others are not in them and when the logbooks arrived. */
void bt_xwl_sheet(bt_xw *w, const char *name, const bt_xwl_row *rows, size_t n);

/* "Completo", or how many figures are missing and whose. */
const char *bt_xwl_completeness(bt_xw *w, bt_territory *const *ts, size_t n, bool units);

/* The columns of a table's fixed items and the "Otros" column, from k. */
size_t bt_xwl_item_columns(const bt_table *tb, bt_xw_col *cols, size_t k, double width);
/* A territory's figure per fixed item, then the extras, added into
 * row[0..nitems]; how many are unknown into miss[0..nitems]. */
void bt_xwl_item_values(const bt_territory *t, const bt_table *tb, double *row, size_t *miss);

/* A text across the first ncols columns of a row, wrapped, with the
 * height it needs (cols: their widths). */
void bt_xw_wide_text(bt_xw *w, lxw_worksheet *ws, uint32_t row, const bt_xw_col *cols,
                     size_t ncols, const char *text, lxw_format *f);
/* "dd-mm-aaaa" of a file time, into the scratch arena ("" when unknown). */
const char *bt_xw_date_text(bt_xw *w, long long mtime);
/* "entre el 02-04-2025 y el 10-04-2025" of the logbooks' file times, or
 * NULL when none is known. */
const char *bt_xw_received_range(bt_xw *w, bt_territory *const *ts, size_t n);

/* Validación: the territories' findings, then those of the missing ones
 * (found in run, the reports' list, by their message); each territory
 * named with its region when with_region. */
bt_err bt_xw_findings_of(bt_xw *w, bt_territory *const *ts, size_t n, const bt_missing *m,
                         size_t nm, const bt_findings *run, bool with_region);

/* Comparación: per territory of one region (region >= 0), or of every
 * region (region < 0, a Región column); and per region. */
void bt_xwc_territories(bt_xw *w, const char *name, const bt_comparison *c, int region);
void bt_xwc_regions(bt_xw *w, const bt_comparison *c);

/* Correcciones of one territory (its workbook), and of a region's
 * territories and missing ones (the region workbook). */
void bt_xwk_territory(bt_xw *w, const bt_territory *t, int period);
void bt_xwk_region(bt_xw *w, bt_territory *const *ts, size_t n, const bt_missing *m,
                   size_t nm, int period);

#endif
