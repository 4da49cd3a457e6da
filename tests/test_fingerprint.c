/* test_fingerprint.c - what each workbook is made from: every fact that
 * changes a workbook changes its fingerprint, and nothing else does. */
#include "testutil.h"

#include "bitacora/fingerprint.h"
#include "bitacora/load.h"

#include <time.h>

static bt_tpl *tpl;

static int setup(void **state)
{
    (void)state;
    return bt_tpl_new(&tpl) == BT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bt_tpl_free(tpl);
    return 0;
}

static bt_territory *load(const char *rel, const char *display, int period)
{
    size_t n = 0;
    unsigned char *data = tu_read(tu_path(rel), &n);
    assert_non_null(data);
    bt_load_options opt;
    memset(&opt, 0, sizeof opt);
    opt.period = period;
    bt_territory *t = NULL;
    bt_load_mem(tpl, data, n, display, &opt, &t);
    free(data);
    assert_non_null(t);
    return t;
}

static bt_digest run_fp(int delimiter, int period)
{
    bt_batch b;
    bt_batch_init(&b);
    b.opt.csv.delimiter = delimiter;
    b.opt.period = period;
    bt_output_options o = {"salida", false, 1, false};
    return bt_fp_run(&b, &o);
}

static bool same(bt_digest a, bt_digest b)
{
    return bt_digest_equal(a, b);
}

/* The run's fingerprint follows the options that change workbooks, and
 * not those that do not (-j, --csv, the folder, --reescribir). */
static void run_options(void **state)
{
    (void)state;
    bt_digest base = run_fp(0, 0);
    assert_true(same(base, run_fp(0, 0)));
    assert_false(same(base, run_fp(';', 0)));
    assert_false(same(base, run_fp(0, 2024)));
    bt_batch b;
    bt_batch_init(&b);
    bt_output_options o = {"otra", true, 8, true};
    assert_true(same(base, bt_fp_run(&b, &o)));
    /* the program's identity is stable within a process */
    assert_true(same(bt_fp_program(), bt_fp_program()));
}

/* A territory's fingerprint follows its bytes, its names, the batch's
 * decisions about it and its findings. */
static void territory_facts(void **state)
{
    (void)state;
    bt_digest run = run_fp(0, 0);
    bt_territory *a = load("samples/rm_t03_cordillera.csv", "rm.csv", 0);
    bt_territory *again = load("samples/rm_t03_cordillera.csv", "rm.csv", 0);
    bt_digest fa = bt_fp_territory(run, a);
    assert_true(same(fa, bt_fp_territory(run, again)));
    /* another run (options, program) */
    assert_false(same(fa, bt_fp_territory(run_fp(0, 2025), a)));
    /* other bytes */
    bt_territory *other = load("samples/rm_t07_maipo.csv", "rm.csv", 0);
    assert_false(same(fa, bt_fp_territory(run, other)));
    /* shown under another name */
    bt_territory *renamed = load("samples/rm_t03_cordillera.csv", "otro.csv", 0);
    assert_false(same(fa, bt_fp_territory(run, renamed)));
    /* its "Recibido" day, and not the second within it */
    struct tm noon = {.tm_year = 125, .tm_mon = 2, .tm_mday = 14, .tm_hour = 12, .tm_isdst = -1};
    again->mtime = a->mtime = (long long)mktime(&noon);
    fa = bt_fp_territory(run, a);
    again->mtime += 7;
    assert_true(same(fa, bt_fp_territory(run, again)));
    again->mtime += 86400;
    assert_false(same(fa, bt_fp_territory(run, again)));
    again->mtime = a->mtime;
    /* the batch's decisions */
    again->duplicate = true;
    assert_false(same(fa, bt_fp_territory(run, again)));
    again->duplicate = false;
    again->strict_skipped = true;
    assert_false(same(fa, bt_fp_territory(run, again)));
    again->strict_skipped = false;
    assert_true(same(fa, bt_fp_territory(run, again)));
    /* a finding added across files (a duplicate, a roster) */
    assert_int_equal(bt_findings_add(again->findings, BT_A_DUP_IDENTICAL, "rm.csv", NULL, 0, 0,
                                     NULL, NULL, "igual a otro"),
                     BT_OK);
    assert_false(same(fa, bt_fp_territory(run, again)));
    /* not read from bytes at all */
    a->source_digested = false;
    assert_false(same(fa, bt_fp_territory(run, a)));
    bt_territory_free(a);
    bt_territory_free(again);
    bt_territory_free(other);
    bt_territory_free(renamed);
}

/* A region's and the national fingerprint follow the territories under
 * them, in order; a territory of another region changes the national one
 * only. */
static void groups(void **state)
{
    (void)state;
    bt_digest run = run_fp(0, 0);
    bt_territory *t3 = load("samples/rm_t03_cordillera.csv", "a.csv", 0);
    bt_territory *t7 = load("samples/rm_t07_maipo.csv", "b.csv", 0);
    bt_territory *v1 = load("samples/valparaiso_t01_aconcagua.csv", "c.csv", 0);
    bt_territory *rm[2] = {t3, t7}, *rm_rev[2] = {t7, t3}, *v[1] = {v1};
    bt_region_group g = {t3->region, 2025, rm, 2, NULL}, grev = {t3->region, 2025, rm_rev, 2, NULL};
    bt_region_group gv = {v1->region, 2025, v, 1, NULL};
    bt_digest fg = bt_fp_region(run, &g);
    assert_false(same(fg, bt_fp_region(run, &grev)));
    bt_region_group regions[2] = {gv, g};
    bt_period_group p = {2025, regions, 2, NULL, 0, NULL};
    bt_digest fn = bt_fp_national(run, &p);
    /* a change in Valparaíso: the national fingerprint moves, the
     * metropolitan region's does not */
    t3->strict_skipped = false;
    v1->duplicate = true;
    assert_true(same(fg, bt_fp_region(run, &g)));
    assert_false(same(fn, bt_fp_national(run, &p)));
    v1->duplicate = false;
    assert_true(same(fn, bt_fp_national(run, &p)));
    /* another period */
    bt_period_group p24 = {2024, regions, 2, NULL, 0, NULL};
    assert_false(same(fn, bt_fp_national(run, &p24)));
    bt_territory_free(t3);
    bt_territory_free(t7);
    bt_territory_free(v1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(run_options),
        cmocka_unit_test(territory_facts),
        cmocka_unit_test(groups),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
