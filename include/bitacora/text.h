/*
 * text.h - Unicode text helpers over utf8proc.
 *
 * Inside bitacora every string is valid UTF-8 in NFC.  The readers produce
 * it (text_clean), the matcher compares labels through text_fold, and the
 * writers rely on it.  Functions that return strings allocate them in the
 * arena they are given; the caller owns nothing separately.
 */
#ifndef BITACORA_TEXT_H
#define BITACORA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "bitacora/util.h"

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool bt_utf8_valid(const char *s, size_t n);

/* Length in bytes of the longest valid UTF-8 prefix of s[0..n). */
size_t bt_utf8_valid_prefix(const char *s, size_t n);
/* Length of the well-formed UTF-8 sequence at s (1 to 4), or 0. */
size_t bt_utf8_seq_len(const char *s, size_t n);

/* Number of code points in a valid UTF-8 string. */
size_t bt_utf8_chars(const char *s);

/* Byte length of the first max_chars code points of a valid UTF-8 string. */
size_t bt_utf8_prefix_bytes(const char *s, size_t max_chars);

/* Options for bt_text_clean. */
enum {
    BT_CLEAN_TRIM = 1,      /* strip leading/trailing white space */
    BT_CLEAN_ONELINE = 2,   /* line breaks become spaces */
    BT_CLEAN_COLLAPSE = 4,  /* runs of spaces become one space */
};

/*
 * The canonical form of a cell's text: invalid UTF-8 replaced by U+FFFD,
 * NFC, CR and CRLF turned into LF, TAB into a space, every other control
 * character (C0, C1, U+FEFF, noncharacters) and the invisible U+200B,
 * U+2060 and U+00AD dropped, then the options.
 * Returns NULL only when the arena is exhausted.
 */
char *bt_text_clean(bt_arena *a, const char *s, size_t n, unsigned opts);

/*
 * The matching key of a label or name: case folded, accents stripped,
 * punctuation and symbols turned into spaces, spaces collapsed and trimmed;
 * "N°", "Nº", "No.", "Nro.", "Núm." become the single word "n"; the signs
 * "°", "º" and "ª" separate words ("1ª Región" -> "1 region", the key of
 * "1° Región" too).  Input must be valid UTF-8.  Returns "" for text with
 * no letters or digits, NULL when the arena is exhausted.
 */
char *bt_fold(bt_arena *a, const char *s);

/*
 * The fold key of s with the abbreviation and plural marks '.', '(' and
 * ')' deleted instead of turned into spaces: "V.T.F." -> "vtf",
 * "Comuna(s)" -> "comunas"; with drop_short, a mark of up to three
 * characters goes whole: "Tema(s)" -> "tema", "Asesor(a)" -> "asesor".
 * Further tries for a label whose bt_fold() key matches nothing.  Returns
 * NULL when the arena is exhausted.
 */
char *bt_fold_joined(bt_arena *a, const char *s, bool drop_short);

/* The fold key written to a caller buffer, without any heap allocation
 * (lookups must not fail for lack of memory).  Only the first 1024 code
 * points of s count.  Returns the key length, or (size_t)-1 if it does not
 * fit. */
size_t bt_fold_buf(const char *s, char *out, size_t out_size);

/* Optimal-string-alignment distance between two fold keys (bytes),
 * capped: returns cap+1 as soon as the distance exceeds cap. */
size_t bt_edit_distance(const char *a, const char *b, size_t cap);

/* Largest distance bt_suggest accepts for a key of this length. */
size_t bt_suggest_cap(size_t key_len);

/* Person-name case: ALL CAPS or all lower text becomes Name Case with the
 * Spanish particles (de, del, la, las, los, y, e, da, van, von) in lower
 * case; mixed-case text is returned unchanged.  Input is a cleaned string. */
char *bt_name_case(bt_arena *a, const char *s);

/* A file-name slug: ASCII lower case letters, digits and '-', no leading or
 * trailing '-', at most max_len bytes (at least 3; cut at a '-' when one is
 * near), never empty ("x"), never a reserved Windows device name. */
char *bt_slug(bt_arena *a, const char *s, size_t max_len);

/* Spreadsheet column letters for a 1-based column (1 -> "A", 27 -> "AA").
 * buf must hold 8 bytes. */
void bt_col_letters(unsigned col, char buf[8]);

/* "C14" for row 14, column 3.  buf must hold 24 bytes. */
void bt_cell_name(unsigned row, unsigned col, char buf[24]);

#endif
