/*
 * atomic.h - files that appear whole or not at all.
 *
 * Every output is written under a temporary name in its own folder
 * (DIR/.NAME.tmp-PID) and renamed over its final name once complete: a
 * reader, or a run that fails half-way, sees the old file or the new one,
 * never part of one.  The temporary name is in the same folder because
 * rename() is atomic only within one file system.
 */
#ifndef BITACORA_ATOMIC_H
#define BITACORA_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "bitacora/util.h"

/* The temporary name for path ("dir/.name.tmp-PID") into buf; false when
 * it does not fit. */
bool bt_atomic_tmp_path(const char *path, char *buf, size_t size);

/* Write bytes to path atomically.  BT_ERR_WRITE with *err = errno. */
bt_err bt_write_file_atomic(const char *path, const void *data, size_t n, int *err);

/* A file written in pieces (csv/'s tables): under its temporary name
 * until bt_atomic_close() puts it in place; bt_atomic_abort() removes it.
 * Every call: BT_ERR_WRITE with *err = errno. */
typedef struct {
    const char *path;     /* the final name (the caller's string) */
    char tmp[4200];
    int fd;               /* -1 once closed or aborted */
} bt_atomic_file;

bt_err bt_atomic_open(bt_atomic_file *f, const char *path, int *err);
bt_err bt_atomic_write(bt_atomic_file *f, const void *data, size_t n, int *err);
bt_err bt_atomic_close(bt_atomic_file *f, int *err);
void bt_atomic_abort(bt_atomic_file *f);   /* harmless once closed */

/* Put a complete temporary file in place (rename).  On failure the
 * temporary file is removed: BT_ERR_WRITE, *err = errno. */
bt_err bt_atomic_commit(const char *tmp, const char *path, int *err);

#endif
