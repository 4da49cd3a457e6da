/*
 * csvread.h - reading a CSV logbook as it really comes (libcsv).
 *
 * Bytes are read in chunks, decoded to UTF-8 (decode.h), parsed by libcsv
 * in strict mode and delivered as rows (rows.h).  The delimiter and the
 * encoding are detected unless the options fix them.  Problems with the
 * file itself become findings located at their row; a broken row is
 * reported and skipped, and reading goes on at the next line.
 *
 * This is the only module that includes <csv.h>.
 */
#ifndef BITACORA_CSVREAD_H
#define BITACORA_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bitacora/decode.h"
#include "bitacora/finding.h"
#include "bitacora/rows.h"

/*
 * The delimiters a CSV logbook may use: the one list the reader (detection,
 * Excel's "sep=" line), the --delimitador option, its help and the README
 * take them from (a test checks the README).  Each comes with the
 * character that names it on the command line, its Spanish name (the
 * Resumen's "Delimitador"), the word the help shows and the other words
 * the option takes.  In the order detection prefers them on a tie.
 */
#define BT_CSV_DELIMITERS(X)                                                  \
    X(';', ";", "punto y coma", "punto-y-coma", "puntoycoma", "semicolon")   \
    X(',', ",", "coma", "coma", "comma")                                     \
    X('\t', "t", "tabulador", "tab", "tabulador", "\\t", "\t")                \
    X('|', "|", "barra vertical", "barra", "barra-vertical", "pipe")

/* " punto-y-coma (;) coma (,) tab (t) barra (|)", for help texts. */
#define BT_CSV_DELIMITER_HELP_(ch, sym, name, word, ...) " " word " (" sym ")"
#define BT_CSV_DELIMITER_HELP BT_CSV_DELIMITERS(BT_CSV_DELIMITER_HELP_)

typedef struct {
    int delimiter;          /* 0: detect; else one of BT_CSV_DELIMITERS */
    bt_encoding encoding;   /* BT_ENC_AUTO: detect */
    size_t chunk_size;      /* bytes per read; 0: 64 KiB */
} bt_csv_options;

/* The delimiter that best explains a sample of decoded text: the one that
 * splits the most lines into the same number of fields.  ',' when none
 * appears. */
int bt_csv_detect_delimiter(const char *text, size_t n);

/* Spanish name of a delimiter ("coma", "punto y coma", "tabulador"),
 * "otro" for a character that is none. */
const char *bt_csv_delimiter_name(int delimiter);

/* Whether a character is one of the delimiters. */
bool bt_csv_is_delimiter(int c);

/* The delimiter a word of --delimitador names (its character, or any of
 * its words, in any case), or 0. */
int bt_csv_delimiter_parse(const char *word);

/*
 * Read a whole CSV input.  `f` must be seekable (the encoding scan reads
 * it twice); `display` is the name used in findings.  Returns BT_OK when
 * the file was read (perhaps with findings); when it could not be read
 * as a logbook, the cause (a finding says why): BT_ERR_READ (an I/O
 * error), BT_ERR_EMPTY, BT_ERR_NOT_TEXT or BT_ERR_LIMIT; BT_ERR_NOMEM, or
 * the callback's error.
 */
bt_err bt_csv_read_file(FILE *f, const char *display, const bt_csv_options *opt,
                        bt_row_fn fn, void *ctx, bt_source_info *info,
                        bt_findings *findings);

/* The same over bytes in memory (tests, fuzzing). */
bt_err bt_csv_read_mem(const unsigned char *data, size_t n, const char *display,
                       const bt_csv_options *opt, bt_row_fn fn, void *ctx,
                       bt_source_info *info, bt_findings *findings);

#endif
