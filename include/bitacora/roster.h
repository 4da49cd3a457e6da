/*
 * roster.h - a table of territories read from a CSV file.
 *
 * Two files are read this way: the roster of the territories that should
 * report (`--territorios FILE`), and the territories of an earlier run
 * (`--anterior DIR`, its csv/territorios.csv).  The territorios.csv that
 * `convert --csv` writes is itself a valid roster, so last period's run
 * is this period's roster.
 *
 * The first row with content names the columns, matched like the
 * logbook's labels (case, accents and punctuation do not matter): the
 * region (name or code) and the territory number are required; the
 * territory's name, comunas, representative, contact e-mail (`correo`),
 * period and the figures of territorios.csv are optional.  The file is
 * read by the logbook's CSV reader, so any delimiter and encoding a
 * spreadsheet saves will do.  A row that names no known region or no
 * territory number is an aviso (A085) on the roster, and left out.
 */
#ifndef BITACORA_ROSTER_H
#define BITACORA_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitacora/finding.h"
#include "bitacora/util.h"

/* The figures of a territory in csv/territorios.csv. */
enum { BT_FIG_UNITS, BT_FIG_STAFF, BT_FIG_CAETT, BT_FIG_SESSIONS, BT_FIG__COUNT };

typedef struct bt_roster_entry {
    uint32_t row;             /* in the file */
    int region;               /* index (refdata.h) */
    uint64_t number;
    int period;               /* 0: not given */
    const char *name;         /* NULL when not given, as are the next */
    const char *comunas;      /* as written */
    const char *representative;
    const char *email;
    bool counted;             /* en_totales (true when the file does not say) */
    bool has_fig[BT_FIG__COUNT];
    uint64_t fig[BT_FIG__COUNT];
    size_t units_missing, staff_missing;   /* unidades_faltantes, dotacion_faltantes */
} bt_roster_entry;

typedef struct {
    bt_arena *arena;
    const char *display;      /* the file as named by the user */
    bt_roster_entry *v;       /* in file order; no two with the same region,
                               * number and period */
    size_t n, cap;
    bool has_figures;         /* the file has territorios.csv's unidades_total */
    bt_findings *findings;    /* A085 about its rows */
} bt_roster;

/*
 * Read path.  Returns BT_OK (*out is the caller's to free),
 * BT_ERR_READ when it cannot be opened or read as CSV, BT_ERR_BAD_ROSTER
 * when its first row does not name a region and a territory number
 * column, or BT_ERR_NOMEM; then *out is NULL and, for the first two,
 * *why a Spanish reason the caller frees (NULL otherwise).
 */
bt_err bt_roster_read(const char *path, const char *display, bt_roster **out, char **why);

void bt_roster_free(bt_roster *r);

/* The entry for a territory that applies to period `period`: the one of
 * that period, else the one of the latest period in the file.  NULL when
 * the territory is not in the file. */
const bt_roster_entry *bt_roster_find(const bt_roster *r, int region, uint64_t number,
                                      int period);

#endif
