/*
 * output.h - writing everything `convert` produces into the output folder.
 *
 * What goes where is the plan's (outplan.h: README "Salidas").  This
 * module runs the steps in order: make the folders (outdir.h), decide
 * which workbooks are out of date (fingerprint.h, manifest.h), write those
 * in child processes (writepool.h), record what was written, then write
 * hallazgos.csv and csv/.  Every file is written to a temporary name in
 * its folder and renamed when complete (atomic.h); an input file is never
 * overwritten.
 */
#ifndef BITACORA_OUTPUT_H
#define BITACORA_OUTPUT_H

#include <stdbool.h>

#include "bitacora/atomic.h"
#include "bitacora/batch.h"
#include "bitacora/outdir.h"
#include "bitacora/writepool.h"

typedef struct {
    const char *dir;
    bool csv;            /* the tidy tables */
    int jobs;            /* workbooks written at a time (child processes) */
    bool rewrite_all;    /* write every workbook, even those already up to
                          * date (--reescribir) */
} bt_output_options;

typedef struct {
    char failed_path[4200]; /* the file or folder that could not be written, or "" */
    int failed_errno;       /* the system's reason (BT_ERR_WRITE, BT_ERR_TMPFILE), or 0 */
    int failed_signal;      /* BT_ERR_WRITER_DIED: the signal that ended the writer, or 0 */
    size_t written;         /* workbooks written by this run */
    size_t kept;            /* workbooks left as they were: already up to date */
    size_t removed;         /* workbooks of an earlier run that this run no longer
                             * makes (a territory gone or moved), removed */
} bt_output_result;

/* Write all outputs of batch b as o says; *r says what happened.
 * Errors: BT_ERR_NOMEM, BT_ERR_WRITE, BT_ERR_TMPFILE, BT_ERR_XLSX,
 * BT_ERR_VERIFY, BT_ERR_WRITER_DIED, BT_ERR_IS_INPUT (util.h). */
bt_err bt_output_run(bt_batch *b, const bt_output_options *o, bt_output_result *r);

/* The same, as it always was: on failure *failed_path (a static buffer)
 * names the file or folder, *failed_errno says why: an errno value, or
 * minus the signal that ended the writer process. */
bt_err bt_output_write(bt_batch *b, const bt_output_options *o, const char **failed_path,
                       int *failed_errno);

/*
 * Write one workbook with writer(what, path) in a child process
 * (writepool.h) and return its result; *sig gets the signal that ended
 * the child, or 0, and errno the system's reason.  The file appears at
 * path only when complete.
 */
bt_err bt_run_isolated(bt_writer_fn writer, const void *what, const char *path, int *sig);

#endif
