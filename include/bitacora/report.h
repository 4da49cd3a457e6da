/*
 * report.h - what the region and national workbooks say beyond each
 * logbook: coverage (which territories should have reported and did
 * not) and the comparison with the previous period.
 *
 * bt_reports_build() runs once per run, after loading and duplicates.
 * It adds the roster's avisos to the territories they concern (A082-A084,
 * at the logbook's own cells, so they reach the team's correction list)
 * and keeps the findings about no logbook at all (E080, A081, A085) in a
 * list of its own.  The writers then ask it, by period and region, for
 * the missing territories and the comparison rows.
 */
#ifndef BITACORA_REPORT_H
#define BITACORA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitacora/batch.h"
#include "bitacora/digest.h"
#include "bitacora/roster.h"

/*
 * The options that shape the reports, in one place.  Beside each, the
 * outputs it changes (what a rerun must rewrite when it changes).
 */
typedef struct {
    /* --territorios FILE (convert and check): the roster.  Changes the
     * findings (hallazgos.csv, check's output, exit status: E080,
     * A082-A085), every territory workbook (Validación, Correcciones: its
     * avisos and the roster's e-mail), every region workbook and the
     * national one (rows "Falta la bitácora", Correcciones) and
     * csv/territorios.csv (correo).  Without it, numbering gaps (A081)
     * stand in for the missing territories. */
    const char *roster;
    /* How findings and messages name the roster (NULL: as roster).  The
     * web stores an uploaded roster under a name it makes and names it as
     * it was uploaded. */
    const char *roster_name;
    /* --anterior DIR (convert): the output folder of an earlier `convert
     * --csv` run.  Changes the region and national workbooks only (their
     * Comparación sheet). */
    const char *previous;
} bt_report_options;

/* A territory with no logbook in the run. */
typedef struct {
    int period;               /* the output group's (0: unknown) */
    int region;
    uint64_t number;          /* first number of the range when range > 1 */
    uint64_t range;           /* numbers in a gap too long to list one by one; 1 otherwise */
    const bt_roster_entry *roster;  /* its roster row; NULL for a numbering gap */
    const char *message;      /* of its finding (E080 or A081) */
} bt_missing;

/* One territory in a comparison of two periods: [0] the previous one,
 * [1] the current. */
typedef struct {
    int region;
    uint64_t number;
    const char *name;         /* the current period's name, else the previous one's */
    bool present[2];          /* a logbook of that period exists */
    bool counted[2];          /* ... and it is in that period's totals */
    bool has[2][BT_FIG__COUNT];
    uint64_t fig[2][BT_FIG__COUNT];
    size_t missing[2];        /* unknown unit and staff figures behind fig */
} bt_cmp_row;

typedef struct {
    int period, previous;
    const char *source;       /* where the previous period comes from: NULL for this
                               * run, else the --anterior folder as given */
    bt_cmp_row *rows;         /* by region, then number */
    size_t n, cap;
} bt_comparison;

typedef struct bt_reports bt_reports;

/*
 * Build the reports of batch b and keep them in b->reports.  Returns
 * BT_OK; BT_ERR_READ or BT_ERR_BAD_ROSTER when the roster or the previous
 * run cannot be used, with *why a Spanish sentence that names the option
 * ("--territorios x.csv: ...", the caller frees it); or BT_ERR_NOMEM.
 */
bt_err bt_reports_build(bt_batch *b, const bt_report_options *o, char **why);
void bt_reports_free(bt_reports *r);

/* The findings about no logbook at all (E080, A081, A085), sorted, or
 * NULL when r is. */
const bt_findings *bt_reports_findings(const bt_reports *r);
bool bt_reports_has_roster(const bt_reports *r);
/* The previous run's folder was given but holds no period before any of
 * this run's (nothing to compare). */
bool bt_reports_previous_unused(const bt_reports *r);

/* The territories of a region and period with no logbook, by number. */
size_t bt_reports_missing(const bt_reports *r, int period, int region, const bt_missing **v);
/* All of them, by period, region and number. */
size_t bt_reports_all_missing(const bt_reports *r, const bt_missing **v);

/* The comparison of a period with the previous one, or NULL. */
const bt_comparison *bt_reports_comparison(const bt_reports *r, int period);

/* What the reports add to the workbooks of a period (region: one
 * region's; -1: all), as a digest for the fingerprints of reruns
 * (fingerprint.c): the bytes of the roster and of --anterior's list, and
 * the comparison rows.  The run's own findings are hashed beside it. */
void bt_reports_hash(const bt_reports *r, int period, int region, bt_hasher *h);
/* The digest of the bytes of the roster and of --anterior's list. */
bt_digest bt_reports_sources(const bt_reports *r);

#endif
