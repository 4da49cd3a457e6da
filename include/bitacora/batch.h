/*
 * batch.h - a run over many inputs: finding the files, loading them,
 * checks across territories (duplicates), and grouping for the outputs.
 *
 * A batch owns its territories.  Loading is per file and independent, so
 * it can run on several threads (bt_batch_load's `jobs`).
 */
#ifndef BITACORA_BATCH_H
#define BITACORA_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "bitacora/load.h"
#include "bitacora/model.h"
#include "bitacora/template.h"

typedef struct {
    bt_territory **items;     /* sorted by region, territory number, name, path */
    size_t n, cap;
    size_t read_errors;       /* inputs the OS refused (exit status 2) */
    int periods[128];         /* distinct periods seen (0 = unknown); years are 2000-2100 */
    size_t nperiods;
    char **skipped;           /* folders left out: earlier outputs of bitacora */
    size_t nskipped;
    char **empty;             /* folders given as inputs with no logbook in them */
    size_t nempty;
    struct bt_reports *reports; /* coverage and comparison (report.h), made by
                                 * bt_reports_build; NULL before */
    bt_load_options opt;      /* how the inputs were read (fingerprint.h) */
    size_t hold_bytes;        /* memory for the territories: see BT_HOLD_BYTES */
    size_t held_bytes;        /* what the whole ones hold */
    size_t nsummaries;        /* territories held as summaries (summary.h) */
} bt_batch;

/* The default hold_bytes.  Territories are held whole while they and the
 * summaries of all the other inputs (BT_SUMMARY_BYTES each) fit in it,
 * and in at least a quarter of it; the rest as summaries, read again to
 * write their texts.  1,000 logbooks of a year (about 67 KB each, whole)
 * stay almost all whole, so few files are read twice; 10,000 run in
 * under 100 MB. */
#define BT_HOLD_BYTES ((size_t)64 << 20)
#define BT_SUMMARY_BYTES ((size_t)5 << 10)

/* An empty batch, holding BT_HOLD_BYTES. */
void bt_batch_init(bt_batch *b);
void bt_batch_free(bt_batch *b);

/* One input as named to bitacora: the path to open, and the name to
 * show in findings and workbooks (NULL: the path itself).  The web
 * interface stores uploads under names it makes and shows each file as
 * it was uploaded; the display of a folder is not used for the files
 * found in it. */
typedef struct {
    const char *path;
    const char *display;
} bt_input;

/*
 * Expand inputs (files and folders, searched recursively for .csv and
 * .xlsx, hidden files and Office lock files skipped, the output folder
 * and any folder bitacora wrote (it carries a .bitacora-salida marker)
 * skipped and listed in b->skipped; in a folder given on the command line
 * that bitacora wrote, its hallazgos.csv and nacional.xlsx are not read)
 * and load each one.  A
 * folder argument with no logbook at all is listed in b->empty and counted
 * in read_errors.  An input that does not exist or cannot be
 * read becomes an unreadable territory, counted in read_errors.  The
 * same file named twice is read once, with an aviso.  skip_dir: a folder
 * never to descend into (the output folder), or NULL.
 */
bt_err bt_batch_load(bt_batch *b, const bt_tpl *tpl, const bt_input *inputs,
                     size_t ninputs, const bt_load_options *opt, const char *skip_dir,
                     int jobs);

/* Is a file of this name, found in a folder, one to load?  Logbooks
 * (.csv .txt .tsv .xlsx .xlsm) and the spreadsheets bitacora cannot read
 * (.xls .ods .xlsb .numbers, loaded so the run says why); not hidden
 * files nor Office lock files (~$...).  The web's zip uploads use it
 * too, so a zip and the folder it came from give the same inputs. */
bool bt_batch_wanted_name(const char *name);

/* Duplicate territories (same region, number and period): identical ones
 * get an aviso and all but the first are left out of the totals;
 * different ones get an error each and are all left out. */
bt_err bt_batch_duplicates(bt_batch *b);

/* The period a territory is grouped under in the outputs: its own; or,
 * when the run holds exactly one known period, that one for the files
 * that give none (there is no other they can belong to).  0: unknown. */
int bt_batch_group_period(const bt_batch *b, const bt_territory *t);

/* Does this territory count in its region's and the national totals? */
bool bt_counted(const bt_territory *t);

/* Errors and avisos of the run: every territory's, and the reports'
 * (missing logbooks, numbering gaps, roster rows). */
size_t bt_batch_errors(const bt_batch *b);
size_t bt_batch_avisos(const bt_batch *b);

/* Every finding of the run into all, sorted (file, row, column). */
bt_err bt_batch_findings(const bt_batch *b, bt_findings *all);

#endif
