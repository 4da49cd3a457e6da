/*
 * writepool.h - writing workbooks in long-lived child processes.
 *
 * libxlsxwriter 1.1.4 does not survive every allocation failure (it can
 * dereference NULL), so workbooks are written in child processes: a child
 * that dies takes down only the workbook it was writing, which the parent
 * names, and nothing half-written reaches the folder.  The children are
 * forked once per run (`jobs` of them) and handed workbooks one at a time
 * through a socket: a fork per workbook cost more the more memory the
 * parent held (page tables, then copy-on-write faults), so it grew with
 * the batch.
 *
 * Each workbook is written once, to its temporary name (atomic.h), and
 * refused when:
 *  - the writer says so: every libxlsxwriter return code is checked and
 *    the package is verified (xlsxwrite.h);
 *  - any allocation failed while it was being written (allocwatch.h):
 *    libxlsxwriter ignores some failures and then writes a subtly wrong
 *    workbook with no error to show for it;
 *  - a write to one of libxlsxwriter's temporary files failed
 *    (tmpwatch.h): the part would be cut short, silently.  On a memory
 *    file system (which can be small) the workbook is then written once
 *    more with the temporary files where libxlsxwriter puts them itself.
 * A complete workbook is renamed into place by the parent.
 *
 * In each child glibc keeps freed memory instead of returning it at every
 * free (zlib's ~256 KB deflate state was given back and faulted in again
 * for every part of every workbook), and libxlsxwriter's temporary files
 * go to a memory file system when there is one (bt_pool_tmpdir).  Both are
 * measured by `make bench`.
 */
#ifndef BITACORA_WRITEPOOL_H
#define BITACORA_WRITEPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "bitacora/digest.h"
#include "bitacora/util.h"

/* Writes one workbook at path (errno set when it returns BT_ERR_WRITE or
 * BT_ERR_TMPFILE). */
typedef bt_err (*bt_writer_fn)(const void *what, const char *path);

typedef struct {
    /* in */
    bt_writer_fn fn;
    const void *what;
    const char *path;         /* the final name */
    unsigned cost;            /* relative size: bigger ones start first */
    /* out */
    bt_err err;
    int sys_errno;            /* BT_ERR_WRITE, BT_ERR_TMPFILE: the system's reason */
    int signal;               /* BT_ERR_WRITER_DIED: the signal that ended the writer */
    bt_digest digest;         /* BT_OK: of the bytes written */
    uint64_t size;
    bool done;                /* written, checked and in place */
} bt_write_task;

/*
 * Write every task with up to `jobs` child processes (in this process
 * when none can be made).  After the first failure no other task starts;
 * the ones under way finish.  Returns the error of the first failed task
 * in array order (so the message does not depend on timing) and its index
 * in *failed; BT_OK when all are done.
 */
bt_err bt_pool_write(bt_write_task *tasks, size_t n, int jobs, size_t *failed);

/* Where libxlsxwriter's temporary files cost least: $TMPDIR when it is a
 * memory file system, else /dev/shm when it is one and writable, else
 * NULL (libxlsxwriter's own choice: $TMPDIR, then /tmp). */
const char *bt_pool_tmpdir(void);

#endif
