/*
 * value.h - parsing and normalizing the values a team types.
 *
 * Pure functions over cleaned UTF-8 text (text.h): no allocation except
 * where an arena is passed, no findings; the form reader and the checks
 * turn a bad result into a finding with the reason given here.
 */
#ifndef BITACORA_VALUE_H
#define BITACORA_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "bitacora/util.h"

typedef enum {
    BT_VAL_OK,
    BT_VAL_EMPTY,
    BT_VAL_BAD,
} bt_val_status;

/* Why a value was refused; each has a Spanish explanation in
 * bt_why_text(). */
typedef enum {
    BT_WHY_NONE,
    BT_WHY_NOT_NUMBER,     /* letters or symbols where a number goes */
    BT_WHY_NEGATIVE,       /* a sign: counts are never negative */
    BT_WHY_DECIMAL,        /* a fraction: counts are whole */
    BT_WHY_TOO_LARGE,      /* beyond BT_COUNT_MAX */
    BT_WHY_EXPONENT,       /* 1e3 */
    BT_WHY_ZERO,           /* a territory number must be positive */
    BT_WHY_DATE_FORMAT,    /* not a date in any accepted form */
    BT_WHY_MONTH_FIRST,    /* 03/15/2025: month before day */
    BT_WHY_NO_SUCH_DATE,   /* 31-04-2025, 29-02-2025 */
    BT_WHY_YEAR_RANGE,     /* outside BT_YEAR_MIN..BT_YEAR_MAX */
    BT_WHY_NEED_DAY,       /* month precision where a day is required */
    BT_WHY_YEAR_FORMAT,    /* not a four-digit year */
    BT_WHY_TIME,           /* a date with a time of day that is no time */
    BT_WHY_COMMA_THOUSANDS,/* "1,000": a thousand or one? */
    BT_WHY_DASH,           /* "-": a dash where a count goes, often meant as none */
    BT_WHY_DATE_OR_MONTH,  /* not a date, where month-year is accepted too */
    BT_WHY__COUNT
} bt_why;

#define BT_COUNT_MAX 100000u
#define BT_YEAR_MIN 2000
#define BT_YEAR_MAX 2100

const char *bt_why_text(bt_why why);

typedef struct {
    int year, month, day;  /* day 0: month precision */
} bt_date;

/* A count: "12", " 012 ", "12,0", "12.0", "1.234" (thousands). */
bt_val_status bt_parse_count(const char *s, uint64_t *out, bt_why *why);

/* A territory number: a count that is positive, also "Territorio 3",
 * "N° 3", "T3". */
bt_val_status bt_parse_terrnum(const char *s, uint64_t *out, bt_why *why);

/* A year "2025" (also "Periodo 2025", "Año 2025"). */
bt_val_status bt_parse_year(const char *s, int *out, bt_why *why);

/*
 * A date, day first: 15-03-2025, 15/03/2025, 15.03.2025, 15/3/25,
 * 2025-03-15, "15 de marzo de 2025", "lunes 15 de marzo de 2025",
 * "15-mar-2025"; and, when allow_month, "marzo 2025", "marzo de 2025",
 * "03-2025", "2025-03".  A trailing time of day is ignored when it is a
 * real time (BT_WHY_TIME otherwise).  Never swaps
 * day and month: with BT_WHY_MONTH_FIRST, *suggestion holds the date the
 * team probably meant.
 */
bt_val_status bt_parse_date(const char *s, bool allow_month, bt_date *out,
                            bt_why *why, bt_date *suggestion);

/* "15-03-2025" or "03-2025" (buf >= 16). */
void bt_date_format(const bt_date *d, char *buf);
/* "2025-03-15" or "2025-03" (buf >= 16). */
void bt_date_iso(const bt_date *d, char *buf);
/* The day of a file time (seconds since the epoch) on this machine's
 * clock, as a file manager shows it: how the workbooks show "Recibido",
 * and all of it they show.  False for 0 (no time) or an impossible one. */
bool bt_date_local(long long epoch, bt_date *out);
/* Days since 1899-12-30 (the spreadsheet serial) of a full date. */
double bt_date_serial(const bt_date *d);
/* Compare two dates at the precision of the less precise one. */
int bt_date_cmp(const bt_date *a, const bt_date *b);

/* Split a list cell into items at ';' and line breaks (and at ',' when
 * commas is true); items are trimmed, bullets and numbering ("- ",
 * "• ", "1. ", "2) ") removed, empty items skipped.  fn is called with
 * each item (arena-allocated); a non-zero return stops the split and is
 * returned. */
typedef bt_err (*bt_item_fn)(void *ctx, const char *item);
bt_err bt_split_list(bt_arena *a, const char *s, bool commas, bt_item_fn fn,
                     void *ctx);

#endif
