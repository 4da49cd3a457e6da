/*
 * zipfile.h - zip archives that are not workbooks: a folder of logbooks
 * uploaded as one .zip (unpacked with limits), and the output folder
 * handed back as salida.zip.
 *
 * Every zip bitacora opens obeys the same limits, the XLSX reader's
 * included (xlsxread.h uses these): an uploaded archive is as hostile as
 * an uploaded workbook.  Entry names are never used as paths: the caller
 * chooses where each entry is written, so a name with "../" or an
 * absolute path cannot reach outside the caller's folder (zip slip), and
 * symbolic links are refused, not followed or made.
 *
 * With xlsxread.c, the only module that includes minizip.
 */
#ifndef BITACORA_ZIPFILE_H
#define BITACORA_ZIPFILE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "bitacora/util.h"

/* Limits (documented in README.md). */
#define BT_ZIP_MAX_PART (256u << 20)     /* uncompressed bytes of one entry */
#define BT_ZIP_MAX_TOTAL (512u << 20)    /* uncompressed bytes in all */
#define BT_ZIP_MAX_RATIO 200u            /* for entries over 1 MiB */
#define BT_ZIP_MAX_ENTRIES 10000u

/* Why an entry of an archive was not unpacked.  Every value but
 * BT_ZIP_SKIP_* is a refusal the user must hear about. */
typedef enum {
    BT_ZIP_REFUSE_SYMLINK,    /* a symbolic link */
    BT_ZIP_REFUSE_PATH,       /* "../", an absolute path or a drive letter */
    BT_ZIP_REFUSE_ENCRYPTED,  /* password-protected */
    BT_ZIP_REFUSE_SIZE,       /* over BT_ZIP_MAX_PART uncompressed */
    BT_ZIP_REFUSE_RATIO,      /* compressed over BT_ZIP_MAX_RATIO:1 (a zip bomb) */
    BT_ZIP_REFUSE_TOTAL,      /* the archive's entries over BT_ZIP_MAX_TOTAL */
    BT_ZIP_REFUSE_BROKEN,     /* cannot be inflated, or its CRC is wrong */
    BT_ZIP_REFUSE_WRITE,      /* the copy could not be written (disk full) */
} bt_zip_refusal;

/* Spanish reason for a refusal ("es un enlace simbólico"). */
const char *bt_zip_refusal_text(bt_zip_refusal why);

/* An entry as the archive describes it. */
typedef struct {
    const char *name;     /* UTF-8 (CP850 names from Windows are converted),
                           * '\\' turned into '/', no leading "./" */
    uint64_t size;        /* declared uncompressed size */
    time_t mtime;         /* the entry's date, as a local time */
} bt_zip_entry;

typedef struct {
    /* An entry that passed the checks of its header: return the path to
     * write it to (the caller's storage, valid until the next call), or
     * NULL to leave it out. */
    const char *(*want)(void *ctx, const bt_zip_entry *e);
    /* An entry refused, and why; path is the one want() gave, or NULL. */
    void (*refused)(void *ctx, const bt_zip_entry *e, bt_zip_refusal why);
    /* An entry written whole to path. */
    bt_err (*done)(void *ctx, const bt_zip_entry *e, const char *path);
    void *ctx;
} bt_zip_visitor;

/* What was wrong with the archive as a whole. */
typedef enum {
    BT_ZIP_OK,
    BT_ZIP_NOT_ZIP,           /* not a zip at all, or its directory is broken */
    BT_ZIP_TOO_MANY,          /* over BT_ZIP_MAX_ENTRIES entries */
} bt_zip_status;

/*
 * Unpack the archive at zip_path through the visitor, in the order of its
 * directory.  Each file written is created new (O_EXCL, no symlink
 * followed, mode 0600) and removed again when its entry turns out bad
 * half-way (ratio, CRC, size).  Directory entries are skipped.  Returns
 * BT_OK with *status set, or BT_ERR_NOMEM, or what done() returned.
 */
bt_err bt_zip_unpack(const char *zip_path, const bt_zip_visitor *v, bt_zip_status *status);

/*
 * Write every regular file under dir (hidden ones included, sorted by
 * path, symbolic links not followed) into a new archive zip_path, named
 * by their path relative to dir.  Workbooks are stored (they are zips
 * already), other files deflated.  On failure *err is an errno value
 * when the OS refused something.
 */
bt_err bt_zip_write_dir(const char *dir, const char *zip_path, int *err);

/* Each entry of an archive, in the order of its directory: name as
 * stored and uncompressed size.  fn returns non-zero to stop.  BT_OK, or
 * BT_ERR_READ when it is not a readable zip. */
bt_err bt_zip_list(const char *zip_path, int (*fn)(void *ctx, const char *name, uint64_t size),
                   void *ctx);

#endif
