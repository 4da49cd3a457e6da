/*
 * xw.h - private helpers of the XLSX writers (xw_*.c), the only files that
 * include <xlsxwriter.h>.
 *
 * Every sheet bitacora writes has the same shape: a bold, frozen header
 * row with an autofilter, set column widths, wrapped long text, landscape
 * print setup fitted to the page width with the header row repeated.
 * Every string goes through bt_xw_text(), which guarantees valid UTF-8
 * (libxlsxwriter writes invalid bytes raw and LibreOffice then drops data)
 * and cuts text at Excel's 32,767-character cell limit with a note.
 * libxlsxwriter errors are collected, not checked at each call: the first
 * one makes bt_xw_close() fail.
 */
#ifndef BITACORA_XW_H
#define BITACORA_XW_H

#include <xlsxwriter.h>

#include "bitacora/model.h"
#include "bitacora/util.h"

#if LXW_VERSION_ID < 114
#error "bitacora needs libxlsxwriter 1.1.4 or later"
#endif

/* Fixed document date, so the same input gives byte-identical output. */
#define BT_XW_DOC_TIME ((time_t)1735689600)   /* 2025-01-01 00:00 UTC */

typedef struct {
    lxw_workbook *wb;
    lxw_format *hdr, *text, *wrap, *num, *num_warn, *date, *month, *tot_label, *tot_num,
               *title, *bold, *error, *aviso, *ok, *note, *input, *label, *locked_hdr;
    lxw_error err;            /* first libxlsxwriter error */
    bt_err bterr;             /* first own error (memory) */
    bt_arena *scratch;
    char path[4096];          /* where the workbook goes, for the final check */
    size_t nsheets;           /* sheets added, for the final check */
    /* Row heights of the sheets made by bt_xw_sheet() and
     * bt_xw_plain_sheet(), which may be filled in any order (a region's
     * text sheets are filled together, a territory at a time): neither
     * Excel nor LibreOffice grows a row for wrapped text on opening, so
     * each row gets the lines its longest wrapped cell needs, set when the
     * workbook closes. */
    struct bt_xw_fit *fits;
    size_t nfits;
    /* Page header and footer of the report sheets (bt_xw_set_page); NULL:
     * the plain footer of the template's sheets. */
    const char *page_header, *page_footer;
} bt_xw;

typedef struct {
    const char *title;
    double width;
    bool wrap;
} bt_xw_col;

bt_err bt_xw_open(bt_xw *w, const char *path, const char *doc_title);
/* A sheet added without bt_xw_sheet (counted for the final check). */
lxw_worksheet *bt_xw_add_sheet(bt_xw *w, const char *name);
/* Close and write the file, then check it is whole (xlsxcheck.h);
 * returns BT_OK, BT_ERR_NOMEM, BT_ERR_WRITE or BT_ERR_TMPFILE (errno says
 * why), BT_ERR_XLSX (the library refused a call) or BT_ERR_VERIFY. */
bt_err bt_xw_close(bt_xw *w);

/* What every printed page of the workbook's sheets says: left, the
 * region and territory; right, the sheet and the period.  The footer then carries the
 * page number and the printing date (&D, the spreadsheet's own field: the
 * file stays the same for the same input).  Set before the sheets. */
void bt_xw_set_page(bt_xw *w, const char *left, const char *right);

/* A sheet with its header row, widths, freeze pane and print setup. */
lxw_worksheet *bt_xw_sheet(bt_xw *w, const char *name, const bt_xw_col *cols, size_t ncols);
/* A sheet with widths and print setup but no header row (a letter:
 * Correcciones); repeat_row (0-based, or -1) repeats on every page. */
lxw_worksheet *bt_xw_plain_sheet(bt_xw *w, const char *name, const bt_xw_col *cols,
                                 size_t ncols, int repeat_row);
/* Print only the first ncols columns (the technical ones, such as the
 * source path, stay on screen and off paper) of rows 0..last_row. */
void bt_xw_print_cols(bt_xw *w, lxw_worksheet *ws, uint32_t last_row, size_t ncols);
/* The autofilter over the header and rows 1..last_row (0-based). */
void bt_xw_filter(bt_xw *w, lxw_worksheet *ws, uint32_t last_row, size_t ncols);

/* Row `row` of ws gets its height elsewhere (a merged cell measured across
 * its width): its cells no longer decide it. */
void bt_xw_fit_forget(bt_xw *w, lxw_worksheet *ws, uint32_t row);
void bt_xw_text(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s,
                lxw_format *f);
void bt_xw_num(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, double v,
               lxw_format *f);
/* The lines a text needs in a column this wide, in this format. */
size_t bt_xw_text_lines(const bt_xw *w, const char *s, double width, const lxw_format *f);

/* A cell comment (the reason a cell is shaded). */
void bt_xw_comment(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const char *text);
/* A comment quoting a territory's findings at a source cell (and of one
 * field, when field is not NULL); nothing when there are none.  Returns
 * whether it wrote one. */
bool bt_xw_note(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                const bt_territory *t, bt_loc loc, const char *field);
/* The same for every finding about one programme or discipline of some
 * territories (their rows' counts, or the row missing), each named when
 * there are several. */
bool bt_xw_item_note(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                     bt_territory *const *ts, size_t n, bt_table_id tid, int item);
/* The date a file was last modified (mtime, seconds), as a date cell. */
void bt_xw_mtime(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, long long mtime);

/* A count: its value, or the text typed when it did not parse, or empty. */
void bt_xw_count(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const bt_count *c);
/* A date cell (dd-mm-aaaa, or mm-aaaa for month precision), or the text
 * typed when it did not parse. */
void bt_xw_dateval(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                   const bt_dateval *d);
/* =SUM(col r1:r2) with its computed value cached (LibreOffice does not
 * recalculate on load).  Rows are 0-based and inclusive. */
void bt_xw_sum(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, uint32_t r1,
               uint32_t r2, double value, lxw_format *f);
/* "C14" of a location, or "" (into the scratch arena). */
/* "Completo", or "Incompleto: falta 1 cantidad" / "faltan N cantidades";
 * the text lives in the scratch arena. */
const char *bt_xw_missing(bt_xw *w, size_t missing);
const char *bt_xw_cellname(bt_xw *w, bt_loc loc);
/* The findings as a Validación sheet; with owners (one label per list:
 * "Territorio 3 «Cordillera»"), a territory column and the file. */
void bt_xw_findings_sheet(bt_xw *w, const char *name, const bt_findings *const *lists,
                          const char *const *owners, size_t nlists);
/* Where a territory stands (status.h) and its cell format. */
const char *bt_xw_status(const bt_territory *t);
lxw_format *bt_xw_status_format(bt_xw *w, const bt_territory *t);
/* "Territorio 3 «Cordillera»" of a territory, or of a number and name. */
const char *bt_xw_terr_label(bt_xw *w, uint64_t number, const char *name);
/* The territory's number as a number, or what was typed (shaded). */
void bt_xw_terrnum(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                   const bt_territory *t);

/* skip[c]: column c of a nrows x ncols block sums to 0 (an item nobody
 * has: no empty series in a chart). */
void bt_xw_empty_columns(const double *v, size_t nrows, size_t ncols, bool *skip);

/* A stacked bar chart of a block: one bar per row (categories: column
 * cat_col, rows r1..r2, 0-based), one series per column c1..c2 whose
 * column has a non-zero figure (skip[c - c1] true leaves it out), value
 * labels on each part; placed at (at_row, at_col), on a page of its own
 * when it has many bars. */
void bt_xw_stacked_chart(bt_xw *w, lxw_worksheet *ws, const char *sheet, uint16_t cat_col,
                         uint32_t r1, uint32_t r2, uint16_t c1, uint16_t c2, const bool *skip,
                         const char *title, uint32_t at_row, uint16_t at_col);

/* The lines a wrapped text needs in a column this wide, by the rougher
 * count the template's form was laid out with (sheets laid out by hand). */
size_t bt_xw_form_lines(const char *s, double width);

/*
 * A numeric block: v[r * ncols + c] written at rows 1..nrows, columns
 * c0..c0+ncols-1 (headers already written by the caller), then a Total
 * column with each row's sum (when total_col) and a Total row with each
 * column's sum, all as formulas with their values cached.  A column chart
 * of the Total row over the headers goes below when chart_title is given.
 * missing (NULL: none) counts the unknown figures behind each value: such
 * a cell is shaded as incomplete, and left empty when nothing is known:
 * when known (NULL: a cell with no unknown figure) counts no known figure
 * behind it either.  A cell with no known and no unknown figure (a region
 * without logbooks) is left empty, unshaded.
 * Returns the 0-based index of the Total row.
 */
uint32_t bt_xw_matrix(bt_xw *w, lxw_worksheet *ws, const char *sheet, uint16_t c0,
                      const double *v, const size_t *missing, const size_t *known,
                      size_t nrows, size_t ncols,
                      bool total_col, const char *chart_title);

#endif
