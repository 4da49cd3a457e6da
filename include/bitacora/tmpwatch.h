/*
 * tmpwatch.h - counting the writes to temporary files that failed.
 *
 * libxlsxwriter writes each part of a workbook to a temporary file with
 * fprintf and checks none of those writes; it then fflush()es and
 * rewind()s the file and copies what is there into the zip.  A write that
 * failed (a full disk or memory file system, a file-size limit) leaves a
 * part cut short, silently, in a workbook whose package is otherwise
 * whole.  rewind() clears the stream's error indicator, so the program
 * defines rewind (tmpwatch.c): it notes a stream in error, then calls the
 * C library's.  A workbook written while the count moved is refused
 * (writepool.c).
 */
#ifndef BITACORA_TMPWATCH_H
#define BITACORA_TMPWATCH_H

/* Streams found in error when rewound, in this process so far. */
unsigned long bt_tmpfile_failures(void);

/* errno when the last of them was found (ENOSPC, EFBIG, ...; EIO when
 * nothing better was known). */
int bt_tmpfile_errno(void);

#endif
