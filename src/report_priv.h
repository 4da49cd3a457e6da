/*
 * report_priv.h - the inside of bt_reports, shared by report.c (building
 * and lookups), coverage.c (roster and gaps) and compare.c (periods).
 */
#ifndef BITACORA_REPORT_PRIV_H
#define BITACORA_REPORT_PRIV_H

#include "bitacora/digest.h"
#include "bitacora/report.h"

struct bt_reports {
    bt_arena *arena;
    bt_roster *roster;        /* --territorios, or NULL */
    bt_roster *previous;      /* --anterior's csv/territorios.csv, or NULL */
    const char *previous_dir; /* as given */
    bt_findings *findings;    /* E080, A081, A085 */
    bt_missing *missing;      /* by period, region, number */
    size_t nmissing, capmissing;
    bt_comparison *cmp;       /* one per period that has a previous one */
    size_t ncmp, capcmp;
    bool previous_unused;
    bt_digest sources;        /* the bytes of the roster and of the previous
                               * run's list (for the fingerprints of reruns) */
};

/* The periods the outputs are grouped by that coverage and comparison
 * speak about: the known ones, or {0} when none is known. */
size_t bt_report_periods(const bt_batch *b, int *out, size_t max);

/* Roster avisos on the territories, missing territories or numbering
 * gaps (coverage.c). */
bt_err bt_coverage_build(bt_reports *r, bt_batch *b);
/* The comparisons (compare.c). */
bt_err bt_compare_build(bt_reports *r, const bt_batch *b);

#endif
