/*
 * xlsxcheck.h - is a workbook bitacora just wrote whole?
 *
 * A check of the package, at a small fraction of the cost of reading the
 * workbook back: the zip's end record and central directory are complete
 * and agree with each member's local header; the content types and every
 * relationship part inflate to their recorded size and checksum; every
 * relationship and every content-type override names a member that
 * exists; every member but those is the target of a relationship (an
 * orphan means its relationship was lost); the workbook has the sheets
 * expected.
 *
 * It reads only what libxlsxwriter writes: the relationship and content
 * type parts are scanned for their Target/TargetMode/PartName attributes
 * in the form libxlsxwriter gives them, not parsed as any XML.  Anything
 * else fails the check, loudly: the workbook is refused, never kept.
 * The sheets themselves are not re-read: libxlsxwriter reports the
 * failures that could cut them, and the ones it ignores are allocation
 * failures, which writepool.c catches exactly.
 */
#ifndef BITACORA_XLSXCHECK_H
#define BITACORA_XLSXCHECK_H

#include <stddef.h>

#include "bitacora/util.h"

/* The check on bytes in memory.  expect_sheets 0: any number.  BT_OK,
 * BT_ERR_VERIFY (not whole), BT_ERR_NOMEM. */
bt_err bt_xlsx_check(const unsigned char *data, size_t n, size_t expect_sheets);

/* The same on a file: BT_ERR_WRITE (errno set) when it cannot be read. */
bt_err bt_xlsx_check_file(const char *path, size_t expect_sheets);

#endif
