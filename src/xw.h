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
    /* Row heights of the last bt_xw_sheet(): neither Excel nor LibreOffice
     * grows a row for wrapped text on opening, so each row gets the lines
     * its longest wrapped cell needs (set when the next sheet starts or
     * the workbook closes). */
    lxw_worksheet *fit_ws;
    double fit_width[64];     /* column widths, 0 beyond the sheet's columns */
    uint8_t *fit_lines;       /* lines per row, 0/1: the default height */
    size_t fit_cap;
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

/* A sheet with its header row, widths, freeze pane and print setup. */
lxw_worksheet *bt_xw_sheet(bt_xw *w, const char *name, const bt_xw_col *cols, size_t ncols);
/* The autofilter over the header and rows 1..last_row (0-based). */
void bt_xw_filter(bt_xw *w, lxw_worksheet *ws, uint32_t last_row, size_t ncols);

void bt_xw_text(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s,
                lxw_format *f);
void bt_xw_num(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, double v,
               lxw_format *f);
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
/* The findings as a Validación sheet (with a territory column if asked). */
void bt_xw_findings_sheet(bt_xw *w, const char *name, const bt_findings *const *lists,
                          const bt_territory *const *owners, size_t nlists);
/* Validation status text of a territory. */
const char *bt_xw_status(const bt_territory *t);

#endif

/*
 * A numeric block: v[r * ncols + c] written at rows 1..nrows, columns
 * c0..c0+ncols-1 (headers already written by the caller), then a Total
 * column with each row's sum (when total_col) and a Total row with each
 * column's sum, all as formulas with their values cached.  A column chart
 * of the Total row over the headers goes below when chart_title is given.
 * missing (NULL: none) counts the unknown figures behind each value: such
 * a cell is shaded as incomplete, and left empty when nothing is known:
 * when known (NULL: a cell with no unknown figure) counts no known figure
 * behind it either.
 * Returns the 0-based index of the Total row.
 */
uint32_t bt_xw_matrix(bt_xw *w, lxw_worksheet *ws, const char *sheet, uint16_t c0,
                      const double *v, const size_t *missing, const size_t *known,
                      size_t nrows, size_t ncols,
                      bool total_col, const char *chart_title);
