/*
 * model.h - one territory's logbook, as read and normalized.
 *
 * The model holds no third-party types: readers fill it through form.h,
 * bt_normalize() parses its values and bt_check() adds findings (both in
 * check.h), and the writers read it.  Everything a territory holds (strings, arrays, its findings)
 * belongs to it and goes with bt_territory_free().  Each territory is
 * independent of the others, so territories can be processed in parallel.
 */
#ifndef BITACORA_MODEL_H
#define BITACORA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitacora/digest.h"
#include "bitacora/finding.h"
#include "bitacora/rows.h"
#include "bitacora/template.h"
#include "bitacora/util.h"
#include "bitacora/value.h"

/* A cell position: spreadsheet row and column, 1-based; 0 = none. */
typedef struct {
    uint32_t row, col;
} bt_loc;

/* How a value came out. */
typedef enum {
    BT_ST_ABSENT,   /* the label (or row) is not in the file */
    BT_ST_EMPTY,    /* the label is there, the value cell is empty */
    BT_ST_OK,
    BT_ST_BAD,      /* typed but invalid: a finding says why */
} bt_state;

/* A text value and where it was: the value's cell, or the label's cell
 * when the value is empty. */
typedef struct {
    const char *text;     /* cleaned; NULL when absent or empty */
    bt_loc loc;
    bt_loc label;
    bool present;         /* the label was found */
} bt_text;

typedef struct {
    bt_state state;
    uint64_t n;
    const char *raw;
    bt_loc loc;
} bt_count;

typedef struct {
    bt_state state;
    bt_date date;
    const char *raw;
    bt_loc loc;
} bt_dateval;

typedef struct {
    int index;            /* comuna index (refdata.h) or -1 */
    const char *raw;
    bt_loc loc;
} bt_comuna_ref;

typedef struct {
    int item;             /* programme index, -1 for a programme not in the list */
    const char *label;    /* as typed */
    bt_count count;
    bt_loc loc;           /* the label's cell */
} bt_unit_row;

typedef struct {
    const char *name;     /* normalized (name case) */
    const char *key;      /* fold key, for duplicates */
    bt_loc loc;
} bt_person;

typedef struct {
    int item;             /* discipline index, -1 for an extra discipline */
    const char *label;
    bt_count count;
    bt_person *people;
    size_t npeople, cap;
    bt_loc loc;
    bool names_had_commas; /* a hint for the declared-vs-listed message */
} bt_staff_row;

typedef struct {
    bt_text topic;
    bt_dateval date;
    bt_text strategy;
    uint32_t row;
} bt_caett_row;

typedef struct {
    int number;           /* as in the heading, 0 when none */
    bool has_heading;
    bt_loc loc;           /* the heading (or first field) */
    bt_dateval date;
    bt_text tematica;
    bt_text registro;
    bool seen[3];         /* fecha, temática, registro labels found */
} bt_session;

typedef struct {
    int ambito;           /* ámbito index, -1 when not in the list */
    const char *ambito_label;
    bt_text objetivo;
    bt_text estrategia;
    uint32_t row;
} bt_projection;

typedef struct {
    uint32_t col;
    const char *text;
} bt_other_cell;

/* A row that maps to no field, kept for the Otros sheet. */
typedef struct {
    uint32_t row;
    bt_section_id section;
    bt_other_cell *cells;
    size_t ncells;
    const char *reason;   /* Spanish: why it is here */
} bt_other_row;

typedef struct bt_territory {
    bt_arena *arena;
    bt_findings *findings;

    /* source */
    const char *path;         /* as given on the command line */
    const char *display;      /* name used in findings and sheets */
    const char *source_name;  /* base name of the display name */
    bt_source_info info;
    unsigned long long dev, ino; /* identity of the input file (0 when none) */
    long long mtime;          /* the file's last modification, seconds since the
                               * epoch (0: unknown): shown as "Recibido", the
                               * closest thing to a submission date a file holds.
                               * The web sets it to the browser's lastModified. */
    bt_digest source_digest;  /* of the input's bytes, taken before they were
                               * parsed (fingerprint.h) */
    bool source_digested;     /* false: no bytes were read */
    bool readable;            /* false: could not be read, not converted */
    const char *fatal;        /* Spanish reason when not readable */

    /* fields with one value (identity, organization, planning, ...) */
    bt_text field[BT_F__COUNT];

    /* identity, parsed */
    int region;               /* index (refdata.h) or -1 */
    bt_count terrnum;
    bt_comuna_ref *comunas;
    size_t ncomunas, capcomunas;
    int period;               /* 0 when unknown */
    bt_state period_state;
    bool period_from_option;

    /* tables */
    bt_unit_row *units;
    size_t nunits, capunits;
    bt_count units_total;     /* ABSENT when there is no Total row */
    bt_staff_row *staff;
    size_t nstaff, capstaff;
    bt_count staff_total;
    bt_caett_row *caett;
    size_t ncaett, capcaett;
    bt_count caett_projected;
    bt_session *sessions;
    size_t nsessions, capsessions;
    bt_projection *proj;
    size_t nproj, capproj;
    bt_other_row *others;
    size_t nothers, capothers;

    bool section_seen[BT_SEC__COUNT];
    bt_loc section_loc[BT_SEC__COUNT];

    /* set by the batch */
    bool duplicate;           /* left out of region totals */
    bool duplicate_conflict;
    const char *duplicate_of; /* display name of the file kept / conflicting */
    bool strict_skipped;      /* --strict and errors: not converted */
    const struct bt_roster_entry *roster; /* its row in --territorios (report.h),
                                           * or NULL: representative, e-mail */
    const char *out_path;     /* its workbook, relative to the output folder
                               * (set when written; NULL otherwise) */

    /* set by summary.h */
    bool summary;             /* only what every output but its own workbook,
                               * its region's and csv/ reads is held: sessions
                               * and each staff row's people are NULL (nsessions
                               * and npeople still count them), the labels of
                               * the template's rows are NULL, caett,
                               * proj and others are empty, the long texts
                               * of the fields are NULL; bt_territory_whole()
                               * reads the file again for the rest */
    const bt_tpl *reload_tpl; /* how to read it again (summaries only) */
    const struct bt_load_options *reload_opt;
    bt_digest content;        /* of its canonical content (csvwrite.h), when */
    bool content_known;       /* known: duplicates compare it */
} bt_territory;

/* Findings kept per file; beyond it they are counted (A009). */
#define BT_MAX_FINDINGS 1000u

/* A new, empty territory for one input.  Strings are copied. */
bt_err bt_territory_new(const char *path, const char *display, bt_territory **out);
void bt_territory_free(bt_territory *t);

/* Sum of the valid unit counts, and how many figures are unknown: rows
 * empty or invalid, and programmes of the template with no row at all
 * (the total is then incomplete). */
uint64_t bt_units_sum(const bt_territory *t, size_t *missing);
/* Sum of the valid declared staff counts, missing as above, and the
 * number of names listed. */
uint64_t bt_staff_sum(const bt_territory *t, size_t *missing, size_t *listed);
/* Declared units of one programme (-1: the extra programmes). */
uint64_t bt_units_of(const bt_territory *t, int item, size_t *missing);
uint64_t bt_staff_of(const bt_territory *t, int item, size_t *missing, size_t *listed);
/* A team's declared total against the sum of its rows, `missing` of them
 * unknown: with figures missing, a total above the sum may still be
 * right, and cannot be checked (check.c raises E042/E053 only for
 * BT_TOTAL_DIFFERS; the workbooks say which). */
typedef enum { BT_TOTAL_MATCHES, BT_TOTAL_DIFFERS, BT_TOTAL_UNCHECKABLE } bt_total_verdict;
bt_total_verdict bt_total_verdict_of(uint64_t declared, uint64_t sum, size_t missing);
/* Whether the file has a row for a fixed item (programme or discipline)
 * of the units or staff table. */
bool bt_item_present(const bt_territory *t, bt_table_id tid, int item);

/* The comunas as every output writes them: the official name of each one
 * recognized, the others as written, separated by "; " ("" for none).
 * NULL only when out of memory. */
char *bt_territory_comunas(bt_arena *a, const bt_territory *t);

/* The XLSX sheet the territory was read from, for its findings; NULL for
 * a CSV. */
const char *bt_territory_sheet(const bt_territory *t);

/* Add a finding about cell loc of t's file (loc {0,0}: the whole file);
 * strings are copied, the message printf-formatted.  BT_ERR_NOMEM only. */
bt_err bt_territory_add(bt_territory *t, bt_code code, bt_loc loc, const char *field,
                        const char *value, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Count of errors and avisos of this territory. */
size_t bt_territory_errors(const bt_territory *t);
size_t bt_territory_avisos(const bt_territory *t);

/* The identity as Spanish text: "Territorio 3 «Cordillera»". */
const char *bt_territory_label(const bt_territory *t);

#endif
