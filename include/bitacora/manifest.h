/*
 * manifest.h - the record of what each workbook in an output folder was
 * made from, so that a rerun writes only what changed.
 *
 * It is kept in the top output folder's marker (outdir.h), after the
 * marker's own first line, one line per workbook:
 *
 *   w1 <fingerprint> <digest of its bytes> <size> <path within the folder>
 *
 * A workbook is kept by a rerun only when its new fingerprint
 * (fingerprint.h) equals the recorded one AND the file in the folder still
 * has the recorded size and digest: a deleted, replaced or edited output
 * is written again, and so is one whose line is missing or unreadable.  A
 * run records only the workbooks of its own plan (in path order), so the
 * record after a rerun is the one a full run would leave.
 */
#ifndef BITACORA_MANIFEST_H
#define BITACORA_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>

#include "bitacora/digest.h"
#include "bitacora/util.h"

typedef struct bt_manifest bt_manifest;

/* An empty record.  NULL when memory runs out. */
bt_manifest *bt_manifest_new(void);

/* The record in folder dir (empty when there is none or it cannot be
 * read: then everything is written).  NULL only when memory runs out. */
bt_manifest *bt_manifest_load(const char *dir);
void bt_manifest_free(bt_manifest *m);

/* Is the workbook rel (its file at path) still what the record says,
 * and was it made from fingerprint fp? */
bool bt_manifest_current(const bt_manifest *m, const char *rel, const char *path, bt_digest fp);

/* The new record, built up by the run: one entry per workbook planned
 * (written now, or kept as it was). */
bt_err bt_manifest_add(bt_manifest *m, const char *rel, bt_digest fp, bt_digest content,
                       uint64_t size);
/* The recorded entry of rel, copied into m as it was (a workbook this run
 * kept, or failed to rewrite and so left as it was); nothing when the old
 * record has none.  BT_OK or BT_ERR_NOMEM. */
bt_err bt_manifest_carry(bt_manifest *m, const bt_manifest *old, const char *rel);

/* The recorded workbooks, in path order. */
size_t bt_manifest_count(const bt_manifest *m);
const char *bt_manifest_path_at(const bt_manifest *m, size_t i);
/* Does m record rel? */
bool bt_manifest_has(const bt_manifest *m, const char *rel);
/* Does the file at path still hold the bytes recorded for rel (whatever
 * they were made from)? */
bool bt_manifest_untouched(const bt_manifest *m, const char *rel, const char *path);

/* Write m as dir's marker, atomically.  BT_ERR_WRITE with *err = errno. */
bt_err bt_manifest_save(const bt_manifest *m, const char *dir, int *err);

#endif
