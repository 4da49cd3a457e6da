/*
 * fingerprint.h - what each workbook is made from: THE ONE PLACE that
 * says what changes an output.
 *
 * A rerun into the same folder keeps a workbook only when its
 * fingerprint equals the one recorded when it was written (manifest.h)
 * and the file still holds the bytes written then.  A fingerprint hashes
 * everything its writer reads, in three layers:
 *
 *   run        the program (its own bytes, its version, the versions of
 *              libxlsxwriter and zlib) and every option of the run that
 *              can change a workbook (bt_fp_run);
 *   territory  its input's bytes as read, the names it is shown with, and
 *              what the batch decided about it: duplicates, --strict, and
 *              every finding, including those made across files
 *              (bt_fp_territory);
 *   region,    the run, then the territories under them in order
 *   national   (bt_fp_region, bt_fp_national).
 *
 * To add an option or a fact that changes a workbook, hash it in
 * fingerprint.c: a run-wide option (a roster file given with
 * --territorios: its bytes; an earlier run given with --anterior: the
 * bytes of what is read from it) in fp_options(); a per-territory fact
 * (the input's modification time shown as "Recibido") in
 * bt_fp_territory(); something only a region or national workbook reads
 * in bt_fp_region()/bt_fp_national().  fingerprint.c stops the build when
 * bt_load_options, bt_output_options, bt_territory or bt_batch change
 * size, so that whoever adds a field decides here whether it counts.
 */
#ifndef BITACORA_FINGERPRINT_H
#define BITACORA_FINGERPRINT_H

#include "bitacora/batch.h"
#include "bitacora/digest.h"
#include "bitacora/output.h"
#include "bitacora/xlsxwrite.h"

/* The run: program and options (b->opt and o). */
bt_digest bt_fp_run(const bt_batch *b, const bt_output_options *o);
bt_digest bt_fp_territory(bt_digest run, const bt_territory *t);
bt_digest bt_fp_region(bt_digest run, const bt_region_group *g);
bt_digest bt_fp_national(bt_digest run, const bt_period_group *p);

/* The program's own identity: a digest of its executable's bytes (every
 * rebuild counts as a new program), its version and its libraries'.
 * Computed once. */
bt_digest bt_fp_program(void);

#endif
