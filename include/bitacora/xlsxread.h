/*
 * xlsxread.h - reading a filled XLSX logbook (minizip + expat).
 *
 * Finds the workbook through [Content_Types].xml and the relationship
 * parts, picks the logbook's sheet (see bt_xlsx_read_file), and streams
 * its XML from the zip member through expat in chunks, delivering the
 * same rows (rows.h) the CSV reader delivers: shared and inline strings,
 * numbers, booleans, cached formula results, and date cells turned into
 * day-month-year text (month-year for a month-only format) from their
 * number format, as the team sees them (1900 and 1904 systems).  A
 * merged range keeps its value in its first cell, as a CSV export of it
 * would.
 *
 * Hostile files are refused with a finding, never a crash or a hang: zip
 * bombs (limits on each part's real uncompressed size and ratio), XML
 * entity expansion (any DTD is refused), encrypted members, missing or
 * malformed parts.
 *
 * This is the only module that includes minizip and expat.
 */
#ifndef BITACORA_XLSXREAD_H
#define BITACORA_XLSXREAD_H

#include <stddef.h>
#include <stdio.h>

#include "bitacora/finding.h"
#include "bitacora/rows.h"
#include "bitacora/zipfile.h"

/* Limits (documented in README.md).  The zip limits are those of every
 * zip bitacora opens (zipfile.h): an XLSX and an uploaded archive alike. */
#define BT_XLSX_MAX_PART BT_ZIP_MAX_PART
#define BT_XLSX_MAX_TOTAL BT_ZIP_MAX_TOTAL
#define BT_XLSX_MAX_RATIO BT_ZIP_MAX_RATIO
#define BT_XLSX_MAX_ENTRIES BT_ZIP_MAX_ENTRIES
#define BT_XLSX_MAX_STRINGS 2000000u
#define BT_XLSX_MAX_TEXT (64u << 20)      /* cell text of the sheet, shared strings expanded */

/* How much a row looks like the logbook's (1 when its first cell is a
 * label of the template, say); ctx is the caller's. */
typedef unsigned (*bt_row_score_fn)(const void *ctx, const bt_row *row);

typedef struct {
    bt_row_score_fn score;   /* NULL: no choosing by content */
    const void *ctx;
} bt_xlsx_chooser;

/* Read the logbook sheet of an XLSX.  `f` must be seekable.  Returns as
 * bt_csv_read_file() does, the causes being BT_ERR_EMPTY, BT_ERR_BAD_XLSX,
 * BT_ERR_HOSTILE or BT_ERR_LIMIT.  The sheet read is the one named like the
 * template's; else, with a chooser, the visible sheet (not the template's
 * instructions or lists) whose rows score highest; else the first such
 * sheet.  Every other such sheet with content gets A016: one logbook per
 * file, and nothing typed goes unmentioned. */
bt_err bt_xlsx_read_file(FILE *f, const char *display, const bt_xlsx_chooser *chooser,
                         bt_row_fn fn, void *ctx, bt_source_info *info, bt_findings *findings);
bt_err bt_xlsx_read_mem(const unsigned char *data, size_t n, const char *display,
                        const bt_xlsx_chooser *chooser, bt_row_fn fn, void *ctx,
                        bt_source_info *info, bt_findings *findings);

/* A generic sheet walk for tests and tools: every cell of the named sheet
 * (NULL: the first) as rows.  Used by the end-to-end tests to read back
 * the workbooks bitacora writes. */
bt_err bt_xlsx_read_sheet(FILE *f, const char *sheet, bt_row_fn fn, void *ctx,
                          bt_findings *findings);

/* Convert a spreadsheet date serial to y/m/d (1904 system when date1904);
 * false when out of range. */
int bt_xlsx_serial_to_date(double serial, int date1904, int *y, int *m, int *d);

#endif
