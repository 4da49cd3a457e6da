/*
 * rows.h - what every reader produces: spreadsheet rows of text cells.
 *
 * The CSV and XLSX readers stream rows to a callback as they parse, so a
 * file is never held in memory whole.  A row carries the spreadsheet row
 * number the team sees and only its non-empty cells, in column order.
 * Cell text is valid UTF-8 (undecodable bytes already replaced by U+FFFD
 * and reported); it is not yet trimmed or normalized.  The row and its
 * cells belong to the reader and are valid only during the callback.
 */
#ifndef BITACORA_ROWS_H
#define BITACORA_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "bitacora/util.h"

/* Limits shared by the readers (documented in README.md). */
#define BT_MAX_ROWS 1048576u        /* Excel's sheet limit */
#define BT_MAX_COLS 16384u          /* Excel's sheet limit (XFD) */
#define BT_MAX_CELL_BYTES (1u << 20) /* 1 MiB of text in one cell */
#define BT_MAX_FILE_BYTES (64u << 20) /* 64 MiB per input file */
#define BT_MAX_CONTENT_ROWS 20000u  /* rows with content (a logbook has ~150) */
#define BT_MAX_CELLS 200000u        /* non-empty cells (a logbook has ~500) */

typedef struct {
    uint32_t col;         /* 1-based */
    const char *text;     /* NUL-terminated, valid UTF-8 */
    size_t len;
} bt_cell;

typedef struct {
    uint32_t row;         /* 1-based spreadsheet row */
    size_t n;
    const bt_cell *cells;
} bt_row;

/* Called once per row that has at least one non-empty cell.  A non-zero
 * return stops the reader, which returns that error. */
typedef bt_err (*bt_row_fn)(void *ctx, const bt_row *row);

/* What a reader decided about a file, shown on the territory's Resumen. */
typedef struct {
    char format[8];       /* "CSV" or "XLSX" */
    char encoding[24];    /* "UTF-8", "UTF-8 con BOM", "Windows-1252", ... */
    char delimiter[24];   /* its Spanish name (bt_csv_delimiter_name) */
    char line_ends[16];   /* "CRLF", "LF", "CR", "mixtos" */
    char sheet[64];       /* XLSX: the sheet read */
    uint32_t rows;        /* rows seen, empty ones included (XLSX: up to the last
                           * with content, not the formatted empty rows after it) */
} bt_source_info;

#endif
