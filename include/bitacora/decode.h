/*
 * decode.h - from the bytes of a text file to UTF-8 with LF line ends.
 *
 * Detection looks at the first bytes (BOM, magic numbers of binary
 * formats, UTF-16 without BOM) and at the whole file (is it valid UTF-8?);
 * the decoder then converts chunk by chunk with iconv, replacing bytes
 * that do not decode with U+FFFD and counting them, so the reader can
 * report where they were.  CRLF and CR become LF.
 */
#ifndef BITACORA_DECODE_H
#define BITACORA_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "bitacora/util.h"

typedef enum {
    BT_ENC_AUTO,
    BT_ENC_UTF8,
    BT_ENC_CP1252,
    BT_ENC_UTF16LE,
    BT_ENC_UTF16BE,
    BT_ENC_LATIN1,
    BT_ENC_CP850,         /* zip entry names from Windows (not an option) */
} bt_encoding;

/* Parse an option value: "utf-8", "utf8", "windows-1252", "cp1252",
 * "latin1", "iso-8859-1", "utf-16", "utf-16le", "utf-16be" (any case).
 * Returns false for an unknown name. */
bool bt_encoding_parse(const char *name, bt_encoding *out);
const char *bt_encoding_name(bt_encoding e);

/* What the first bytes say. */
typedef enum {
    BT_SNIFF_TEXT,        /* no signature: decide by content */
    BT_SNIFF_BOM_UTF8,
    BT_SNIFF_BOM_UTF16LE,
    BT_SNIFF_BOM_UTF16BE,
    BT_SNIFF_UTF16LE,     /* no BOM, but every other byte is zero */
    BT_SNIFF_UTF16BE,
    BT_SNIFF_ZIP,         /* PK\3\4: an XLSX (or another zip) */
    BT_SNIFF_OLE,         /* D0 CF 11 E0: .xls, or an encrypted .xlsx */
    BT_SNIFF_BINARY,      /* NUL bytes or a known binary signature */
    BT_SNIFF_EMPTY,
} bt_sniff;

/* Classify a file from its first bytes (give at least 4 KiB when the file
 * has them).  *bom_len is set to the BOM's length; *kind to a short
 * Spanish name, with its article, of a recognized binary format ("una
 * imagen PNG", "un documento PDF", ...) or "". */
bt_sniff bt_sniff_bytes(const unsigned char *p, size_t n, size_t *bom_len,
                        const char **kind);

/* Incremental UTF-8 validity scan over a whole file, chunk by chunk. */
typedef struct {
    unsigned char carry[4];
    size_t ncarry;
    size_t invalid;       /* ill-formed bytes */
    size_t multibyte;     /* well-formed non-ASCII sequences */
} bt_utf8_scan;

void bt_utf8_scan_init(bt_utf8_scan *s);
void bt_utf8_scan_feed(bt_utf8_scan *s, const unsigned char *p, size_t n);
void bt_utf8_scan_end(bt_utf8_scan *s);

/* The encoding a scan suggests when there is no BOM. */
bt_encoding bt_utf8_scan_verdict(const bt_utf8_scan *s);

typedef struct bt_decoder bt_decoder;

bt_err bt_decoder_new(bt_encoding enc, bt_decoder **out);
void bt_decoder_free(bt_decoder *d);

/* Decode n bytes, appending UTF-8 to out.  last marks the end of input
 * (an incomplete sequence is then replaced). */
bt_err bt_decoder_feed(bt_decoder *d, const unsigned char *in, size_t n,
                       bool last, bt_sb *out);

/* Bytes replaced by U+FFFD so far. */
size_t bt_decoder_replaced(const bt_decoder *d);

/* "CRLF", "LF", "CR", "mixtos" or "ninguno". */
const char *bt_decoder_line_ends(const bt_decoder *d);

#endif
