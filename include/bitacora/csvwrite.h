/*
 * csvwrite.h - CSV outputs: the logbook in the template's layout (the
 * blank template and the export of a filled one), and the tidy tables of
 * `convert --csv`.
 *
 * All CSV written by bitacora is UTF-8 with a BOM (so Excel shows the
 * accents), comma-separated, CRLF, quoted where needed, and text that a
 * spreadsheet would take for a formula is prefixed with an apostrophe
 * (which bitacora's own reader removes again).
 */
#ifndef BITACORA_CSVWRITE_H
#define BITACORA_CSVWRITE_H

#include "bitacora/model.h"
#include "bitacora/util.h"

/* The territory in the template's layout (t NULL: the blank template).
 * Values are normalized; values that did not parse are written as typed.
 * Rows kept in Otros are appended under an "OTROS" heading. */
bt_err bt_export_csv(const bt_territory *t, bt_sb *out);

/* Same, without the BOM and the source-dependent parts, for comparing two
 * territories' content (duplicate detection). */
bt_err bt_territory_canonical(const bt_territory *t, bt_sb *out);


/* One row of a CSV file: fields quoted as needed, CRLF. */
bt_err bt_csv_row(bt_sb *out, const char *const *fields, size_t n);

#endif
