/*
 * outplan.h - what a convert run writes, and where.
 *
 *   DIR/nacional.xlsx, DIR/hallazgos.csv, DIR/csv/ (with --csv),
 *   DIR/<NN-region>/region-<NN-region>.xlsx and territorio-<NN>-<name>.xlsx,
 *   DIR/sin-region/ for territories whose region is unknown.
 * When the inputs span several periods, each period gets its own
 * DIR/periodo-AAAA/ (or sin-periodo/) with its national and region
 * workbooks; hallazgos.csv and csv/ stay at the top.
 *
 * The plan groups the batch's territories by period, then by region,
 * names every file (slugs made here: nothing typed in a logbook chooses a
 * path) and lists the folders to make and the workbooks to write, in the
 * order they appear in the folder.  It writes nothing; it refuses a plan
 * in which an output would replace one of the inputs.
 */
#ifndef BITACORA_OUTPLAN_H
#define BITACORA_OUTPLAN_H

#include "bitacora/batch.h"
#include "bitacora/output.h"
#include "bitacora/xlsxwrite.h"

typedef enum {
    BT_OUT_TERRITORY,     /* what: bt_territory */
    BT_OUT_REGION,        /* what: bt_region_group */
    BT_OUT_NATIONAL,      /* what: bt_period_group */
} bt_out_kind;

typedef struct {
    bt_out_kind kind;
    const void *what;
    const char *path;     /* DIR/... */
    const char *rel;      /* relative to DIR: how the record names it */
} bt_out_item;

typedef struct {
    bt_arena *a;                  /* everything below lives here */
    const char **dirs;            /* folders to make, parents first (DIR first) */
    size_t ndirs, capdirs;
    bt_out_item *items;           /* the workbooks */
    size_t nitems, capitems;
    bt_period_group *groups;      /* one per period (one in all when the run has one) */
    size_t ngroups;
    const char *findings_csv;     /* DIR/hallazgos.csv */
    const char *tidy_dir;         /* DIR/csv, with --csv; else NULL */
} bt_out_plan;

/*
 * Plan the outputs of batch b into o->dir.  Sets each written territory's
 * out_path (in its own arena).  BT_ERR_IS_INPUT with *failed (the plan's
 * memory) when an output would replace an input.  The plan is the
 * caller's to free, also on failure.
 */
bt_err bt_plan_make(bt_batch *b, const bt_output_options *o, bt_out_plan *plan,
                    const char **failed);
void bt_plan_free(bt_out_plan *plan);

#endif
