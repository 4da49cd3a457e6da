/*
 * outdir.h - the folders bitacora writes into.
 *
 * Every folder bitacora writes into carries a marker file, so that a
 * later run reading a parent folder leaves earlier outputs alone (batch.c
 * skips a marked folder).  The marker of the top output folder also keeps
 * the record of what each output was made from (manifest.h).
 */
#ifndef BITACORA_OUTDIR_H
#define BITACORA_OUTDIR_H

#include "bitacora/util.h"

#define BT_OUTDIR_MARKER ".bitacora-salida"

/* The marker's first line: what the folder is, for a person who opens it. */
#define BT_OUTDIR_MARKER_TEXT \
    "Carpeta escrita por bitacora: sus archivos no se leen como bitácoras.\n"

/* mkdir -p.  BT_ERR_WRITE with *err = errno (ENOTDIR: a part is a file). */
bt_err bt_mkdirs(const char *path, int *err);

/* mkdir -p, then the marker when the folder has none.  On failure *err
 * says why and *failed (a's memory, or dir) names what could not be made. */
bt_err bt_outdir_make(bt_arena *a, const char *dir, int *err, const char **failed);

#endif
