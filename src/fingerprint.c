/* fingerprint.c - what each workbook is made from (see fingerprint.h).
 * Every fact that can change a workbook is hashed in this file. */
#include "bitacora/fingerprint.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "bitacora/report.h"

/* Layout of the hashes: a new layout makes every record stale. */
#define FP_SCHEME "bitacora-huella-1"

/*
 * Tripwires.  When one of these structures gains a field, the build stops
 * here on purpose: decide whether the new field can change a workbook and
 * hash it below (fp_options for run-wide options, bt_fp_territory for a
 * territory's facts, bt_fp_region/bt_fp_national for what only they read),
 * then write the new size.  The sizes are those of a 64-bit build.
 */
#define BT_FP_SIZE_LOAD_OPTIONS 24
#define BT_FP_SIZE_OUTPUT_OPTIONS 24
#define BT_FP_SIZE_TERRITORY 1296
#define BT_FP_SIZE_BATCH 640
#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(sizeof(bt_load_options) == BT_FP_SIZE_LOAD_OPTIONS,
               "bt_load_options changed: hash the new option in fp_options()");
_Static_assert(sizeof(bt_output_options) == BT_FP_SIZE_OUTPUT_OPTIONS,
               "bt_output_options changed: hash the new option in fp_options() if it "
               "changes a workbook");
_Static_assert(sizeof(bt_territory) == BT_FP_SIZE_TERRITORY,
               "bt_territory changed: hash the new field in bt_fp_territory() if it "
               "changes a workbook (a field set from the input's bytes is covered)");
_Static_assert(sizeof(bt_batch) == BT_FP_SIZE_BATCH,
               "bt_batch changed: hash what the writers read of it in fp_options() or "
               "bt_fp_region()/bt_fp_national()");
#endif

/* A digest of the running executable (Linux: /proc/self/exe). */
static bt_digest exe_digest(void)
{
    bt_digest d = {{0, 0}};
    int err;
    if (bt_digest_path("/proc/self/exe", &d, NULL, &err) != BT_OK) {
        /* No way to know the program's bytes: its version and build date
         * stand in (a rebuild with the same version may then keep stale
         * workbooks; --reescribir writes them all). */
        bt_hasher h;
        bt_hash_init(&h);
        bt_hash_str(&h, __DATE__ " " __TIME__);
        d = bt_hash_final(&h);
    }
    return d;
}

bt_digest bt_fp_program(void)
{
    static bt_digest prog;
    static int done;
    if (__atomic_load_n(&done, __ATOMIC_ACQUIRE))
        return prog;
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_str(&h, FP_SCHEME);
#ifdef BT_VERSION
    bt_hash_str(&h, BT_VERSION);
#endif
    bt_hash_digest(&h, exe_digest());
    bt_hash_str(&h, bt_xlsxwrite_identity());
    bt_hash_str(&h, zlibVersion());
    bt_digest d = bt_hash_final(&h);
    /* Two threads may both compute it: they get the same value. */
    prog = d;
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    return d;
}

/* Every option of the run that can change a workbook.  Not here, because
 * they change no workbook's bytes: --csv (the csv/ folder is written
 * every run), -j (what runs in parallel), -q, the CSV reader's chunk size
 * (the readers are tested to give the same rows at every chunk size). */
static void fp_options(bt_hasher *h, const bt_batch *b, const bt_output_options *o)
{
    (void)o;
    bt_hash_u64(h, (uint64_t)b->opt.csv.delimiter);
    bt_hash_u64(h, (uint64_t)b->opt.csv.encoding);
    bt_hash_u64(h, (uint64_t)(int64_t)b->opt.period);
    /* --territorios and --anterior: the bytes of what they name (the
     * roster's e-mails reach every territory's correction list). */
    bt_hash_u64(h, b->reports != NULL);
    if (b->reports)
        bt_hash_digest(h, bt_reports_sources(b->reports));
}

bt_digest bt_fp_run(const bt_batch *b, const bt_output_options *o)
{
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_digest(&h, bt_fp_program());
    fp_options(&h, b, o);
    return bt_hash_final(&h);
}

static void fp_findings(bt_hasher *h, const bt_findings *fs)
{
    if (!fs) {
        bt_hash_u64(h, 0);
        return;
    }
    size_t n = bt_findings_count(fs);
    bt_hash_u64(h, n);
    bt_hash_u64(h, bt_findings_dropped(fs));
    for (size_t i = 0; i < n; i++) {
        const bt_finding *f = bt_findings_at(fs, i);
        bt_hash_u64(h, (uint64_t)f->code);
        bt_hash_u64(h, (uint64_t)f->severity);
        bt_hash_str(h, f->file);
        bt_hash_str(h, f->sheet);
        bt_hash_u64(h, ((uint64_t)f->row << 32) | f->col);
        bt_hash_str(h, f->field);
        bt_hash_str(h, f->value);
        bt_hash_str(h, f->message);
    }
}

bt_digest bt_fp_territory(bt_digest run, const bt_territory *t)
{
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_str(&h, "territorio");
    bt_hash_digest(&h, run);
    /* Everything read from the file follows from its bytes... */
    bt_hash_u64(&h, t->source_digested);
    if (t->source_digested)
        bt_hash_digest(&h, t->source_digest);
    /* ...but not the names it goes by: those shown in workbooks are
     * hashed; the path it was opened from is not, since it reaches no
     * workbook and the web opens uploads under names it makes up, */
    bt_hash_str(&h, t->display);
    bt_hash_str(&h, t->source_name);
    /* nor what the batch decided once every file was read. */
    bt_hash_u64(&h, (uint64_t)t->readable | (uint64_t)t->strict_skipped << 1 |
                        (uint64_t)t->duplicate << 2 | (uint64_t)t->duplicate_conflict << 3 |
                        (uint64_t)t->period_from_option << 4);
    bt_hash_str(&h, t->duplicate_of);
    bt_hash_u64(&h, (uint64_t)(int64_t)t->period);
    bt_hash_u64(&h, (uint64_t)(int64_t)t->region);
    /* its "Recibido" day (the file's, not its bytes'; the day the outputs
     * show, not the second: the web stores an upload at a second of its
     * own); its roster row (t->roster) follows from the roster's bytes, in
     * the run's digest */
    bt_date day = {0, 0, 0};
    (void)bt_date_local(t->mtime, &day);
    bt_hash_u64(&h, (uint64_t)day.year << 16 | (uint64_t)day.month << 8 | (uint64_t)day.day);
    fp_findings(&h, t->findings);
    /* Whether it is held whole or as its summary (summary.h) changes no
     * workbook, nor does the batch's budget for that. */
    return bt_hash_final(&h);
}

static void fp_items(bt_hasher *h, bt_digest run, bt_territory *const *ts, size_t n)
{
    bt_hash_u64(h, n);
    for (size_t i = 0; i < n; i++)
        bt_hash_digest(h, bt_fp_territory(run, ts[i]));
}

bt_digest bt_fp_region(bt_digest run, const bt_region_group *g)
{
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_str(&h, "region");
    bt_hash_digest(&h, run);
    bt_hash_u64(&h, (uint64_t)(int64_t)g->region);
    bt_hash_u64(&h, (uint64_t)(int64_t)g->period);
    fp_items(&h, run, g->items, g->n);
    /* what the reports add: missing territories and gaps (the run's own
     * findings), the comparison with the previous period */
    fp_findings(&h, g->reports ? bt_reports_findings(g->reports) : NULL);
    bt_reports_hash(g->reports, g->period, g->region, &h);
    return bt_hash_final(&h);
}

bt_digest bt_fp_national(bt_digest run, const bt_period_group *p)
{
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_str(&h, "nacional");
    bt_hash_digest(&h, run);
    bt_hash_u64(&h, (uint64_t)(int64_t)p->period);
    bt_hash_u64(&h, p->nregions);
    for (size_t i = 0; i < p->nregions; i++) {
        bt_hash_u64(&h, (uint64_t)(int64_t)p->regions[i].region);
        fp_items(&h, run, p->regions[i].items, p->regions[i].n);
    }
    fp_items(&h, run, p->orphans, p->norphans);
    fp_findings(&h, p->reports ? bt_reports_findings(p->reports) : NULL);
    bt_reports_hash(p->reports, p->period, -1, &h);
    return bt_hash_final(&h);
}
