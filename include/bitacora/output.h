/*
 * output.h - writing everything `convert` produces into the output folder.
 *
 *   DIR/nacional.xlsx, DIR/hallazgos.csv, DIR/csv/ (with --csv),
 *   DIR/<NN-region>/region-<NN-region>.xlsx and territorio-<NN>-<name>.xlsx,
 *   DIR/sin-region/ for territories whose region is unknown.
 * When the inputs span several periods, each period gets its own
 * DIR/periodo-AAAA/ (or sin-periodo/) with its national and region
 * workbooks; hallazgos.csv and csv/ stay at the top.
 *
 * Names are slugs made here: nothing typed in a file chooses a path.
 * Every file is written to a temporary name in its folder and renamed
 * when complete; an input file is never overwritten.
 */
#ifndef BITACORA_OUTPUT_H
#define BITACORA_OUTPUT_H

#include <stdbool.h>

#include "bitacora/batch.h"

typedef struct {
    const char *dir;
    bool csv;            /* the tidy tables */
    int jobs;            /* workbooks written at a time (child processes) */
} bt_output_options;

/* Write all outputs.  On failure, *failed_path (a static buffer) names the
 * file or folder that could not be written and *failed_errno says why: an
 * errno value, or minus the signal that ended the writer process. */
bt_err bt_output_write(bt_batch *b, const bt_output_options *o, const char **failed_path,
                       int *failed_errno);

/* Write bytes to path atomically (temporary name + rename). */
bt_err bt_write_file_atomic(const char *path, const void *data, size_t n, int *err);

/*
 * Run writer(what, path) in a child process and return its result.
 * libxlsxwriter does not survive every allocation failure (it can
 * dereference NULL on some paths), so each workbook is written in a
 * forked child: if the child dies, the parent reports a clean error, the
 * temporary file is removed, and earlier outputs stay untouched.  The
 * child writes the file twice and keeps it only if both writes agree:
 * libxlsxwriter ignores some allocation failures and still "succeeds"
 * with a subtly wrong workbook.  *sig is
 * set to the signal that ended the child, or 0; errno to the child's.
 */
bt_err bt_run_isolated(bt_err (*writer)(const void *what, const char *path),
                       const void *what, const char *path, int *sig);

/* mkdir -p. */
bt_err bt_mkdirs(const char *path, int *err);

#endif
