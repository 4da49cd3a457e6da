/*
 * test_summary.c - a run that holds its territories as summaries
 * (summary.h) writes exactly what a run that holds them whole writes,
 * reads a file again only while it holds the bytes first read, and keeps
 * a territory in a few kilobytes.
 */
#include "testutil.h"

#include "bitacora/batch.h"
#include "bitacora/csvwrite.h"
#include "bitacora/summary.h"
#include "bitacora/xlsxwrite.h"

static char *tmp;
static char in[4400], prev[4400];

static const char *at(const char *rel)
{
    static char bufs[8][4600];
    static int k;
    char *b = bufs[k++ & 7];
    snprintf(b, 4600, "%s/%s", tmp, rel);
    return b;
}

/* A run with a bit of everything across files: the samples, an identical
 * copy and a conflicting one (duplicates), an XLSX, files with findings
 * and unreadable ones; the roster and an earlier period to compare. */
static int setup(void **state)
{
    (void)state;
    tmp = tu_tmpdir();
    if (!tmp)
        return -1;
    snprintf(in, sizeof in, "%s/entrada", tmp);
    snprintf(prev, sizeof prev, "%s/informe-2024", tmp);
    char cmd[16000];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && mkdir -p '%s' && "
             "cp samples/*.csv samples/*.txt tests/data/variants/*.csv "
             "tests/data/xlsx/lo_valparaiso_t01.xlsx tests/data/hostile/empty.csv "
             "tests/data/hostile/dates.csv tests/data/hostile/pdf_header.csv '%s' && "
             "cp samples/valparaiso_t01_aconcagua.csv '%s/copia_aconcagua.csv' && "
             "sed 's/^Jardín Infantil VTF,38,/Jardín Infantil VTF,39,/' "
             "samples/rm_t03_cordillera.csv > '%s/cordillera_otra.csv' && "
             "'%s' convert -q --csv -o '%s' tests/data/reports/2024 >/dev/null 2>&1; "
             "test $? -le 1",
             tu_srcdir(), in, in, in, in, tu_bin(), prev);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmrf(tmp);
    free(tmp);
    return 0;
}

/* convert with whole territories held up to `mb` MB (NULL: the default);
 * its status. */
static int convert(const char *mb, const char *out)
{
    char cmd[16000];
    snprintf(cmd, sizeof cmd,
             "%s%s '%s' convert --csv --territorios '%s' --anterior '%s' -o '%s' '%s'",
             mb ? "env BITACORA_RESUMIR_DESDE_MB=" : "env -u BITACORA_RESUMIR_DESDE_MB",
             mb ? mb : "", tu_bin(), tu_path("tests/data/reports/territorios.csv"), prev, out, in);
    return tu_run(cmd, NULL, NULL);
}

static void summaries_change_nothing(void **state)
{
    (void)state;
    int whole = convert(NULL, at("entera"));
    assert_int_equal(whole, 1);
    assert_int_equal(convert("0", at("resumida")), whole);
    tu_same_tree(at("entera"), at("resumida"), "the run that held every territory whole");
    /* the duplicates were told apart from their summaries */
    size_t n = 0;
    char *csv = (char *)tu_read(at("resumida/hallazgos.csv"), &n);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "A036"));
    assert_non_null(strstr(csv, "E037"));
    free(csv);
    /* and a rerun over summaries keeps every workbook */
    char *err = NULL;
    char cmd[9000];
    snprintf(cmd, sizeof cmd,
             "env BITACORA_RESUMIR_DESDE_MB=0 '%s' convert --csv --territorios '%s' --anterior "
             "'%s' -o '%s' '%s'", tu_bin(), tu_path("tests/data/reports/territorios.csv"), prev,
             at("entera"), in);
    assert_int_equal(tu_run(cmd, NULL, &err), whole);
    assert_non_null(strstr(err, "0 libros escritos"));
    free(err);
}

static void check_json_the_same(void **state)
{
    (void)state;
    char cmd[9000], *a = NULL, *b = NULL;
    snprintf(cmd, sizeof cmd, "env -u BITACORA_RESUMIR_DESDE_MB '%s' check --format json '%s'",
             tu_bin(), in);
    int sa = tu_run(cmd, &a, NULL);
    snprintf(cmd, sizeof cmd, "env BITACORA_RESUMIR_DESDE_MB=0 '%s' check --format json '%s'",
             tu_bin(), in);
    assert_int_equal(tu_run(cmd, &b, NULL), sa);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The samples loaded with nothing held whole. */
static void load_all_summaries(bt_tpl **tpl, bt_batch *b, const char *path)
{
    assert_int_equal(bt_tpl_new(tpl), BT_OK);
    bt_batch_init(b);
    b->hold_bytes = 0;
    bt_input input = {path, NULL};
    bt_load_options opt;
    memset(&opt, 0, sizeof opt);
    assert_int_equal(bt_batch_load(b, *tpl, &input, 1, &opt, NULL, 2), BT_OK);
}

static char *export_of(const bt_territory *t)
{
    bt_sb sb;
    bt_sb_init(&sb);
    assert_int_equal(bt_export_csv(t, &sb), BT_OK);
    return sb.s;
}

static void summaries_are_small_and_read_back_whole(void **state)
{
    (void)state;
    bt_tpl *tpl;
    bt_batch b;
    load_all_summaries(&tpl, &b, tu_path("samples"));
    assert_int_equal(b.nsummaries, b.n);
    for (size_t i = 0; i < b.n; i++) {
        const bt_territory *t = b.items[i];
        assert_true(t->summary);
        assert_null(t->sessions);
        assert_true(bt_territory_bytes(t) < 8 * 1024);
        /* read again, it is what a first load makes */
        bt_territory *whole = NULL, *fresh = NULL;
        assert_int_equal(bt_territory_whole(t, &whole), BT_OK);
        assert_non_null(whole);
        assert_false(whole->summary);
        assert_int_equal(whole->nsessions, t->nsessions);
        assert_int_equal(bt_load_file(tpl, t->path, t->display, NULL, &fresh), BT_OK);
        assert_true(bt_territory_bytes(fresh) > 4 * bt_territory_bytes(t));
        char *a = export_of(whole), *f = export_of(fresh);
        assert_string_equal(a, f);
        assert_int_equal(bt_findings_count(whole->findings), bt_findings_count(t->findings));
        free(a);
        free(f);
        bt_territory_free(whole);
        bt_territory_free(fresh);
    }
    bt_batch_free(&b);
    bt_tpl_free(tpl);
}

static void changed_file_refused(void **state)
{
    (void)state;
    tu_sh("mkdir -p '%s' && cp '%s' '%s'", at("cambia"),
       tu_path("samples/rm_t03_cordillera.csv"), at("cambia/cordillera.csv"));
    bt_tpl *tpl;
    bt_batch b;
    load_all_summaries(&tpl, &b, at("cambia"));
    assert_int_equal(b.n, 1);
    const bt_territory *t = b.items[0];
    assert_true(t->summary);
    bt_territory *whole = NULL;
    assert_int_equal(bt_territory_whole(t, &whole), BT_OK);
    bt_territory_free(whole);
    /* edited after it was read: no workbook mixes the two */
    tu_sh("sed -i 's/^Periodo,2025/Periodo,2024/' '%s'", at("cambia/cordillera.csv"));
    assert_int_equal(bt_territory_whole(t, &whole), BT_ERR_INPUT_CHANGED);
    assert_null(whole);
    assert_int_equal(bt_write_territory_xlsx(t, at("cambia/t.xlsx")), BT_ERR_INPUT_CHANGED);
    struct stat st;
    assert_int_not_equal(stat(at("cambia/t.xlsx"), &st), 0);
    /* or gone */
    tu_sh("rm '%s'", at("cambia/cordillera.csv"));
    assert_int_equal(bt_territory_whole(t, &whole), BT_ERR_INPUT_CHANGED);
    assert_non_null(strstr(bt_strerror(BT_ERR_INPUT_CHANGED), "cambió"));
    bt_batch_free(&b);
    bt_tpl_free(tpl);
}

/* What was read from memory has no file to read again: it stays whole. */
static void memory_loads_stay_whole(void **state)
{
    (void)state;
    bt_tpl *tpl;
    assert_int_equal(bt_tpl_new(&tpl), BT_OK);
    size_t n = 0;
    unsigned char *data = tu_read(tu_path("samples/rm_t03_cordillera.csv"), &n);
    assert_non_null(data);
    bt_territory *t = NULL;
    assert_int_equal(bt_load_mem(tpl, data, n, "cordillera.csv", NULL, &t), BT_OK);
    assert_int_equal(bt_territory_summarize(t, tpl, NULL), BT_OK);
    assert_false(t->summary);
    assert_non_null(t->sessions);
    bt_territory_free(t);
    free(data);
    bt_tpl_free(tpl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summaries_change_nothing),
        cmocka_unit_test(check_json_the_same),
        cmocka_unit_test(summaries_are_small_and_read_back_whole),
        cmocka_unit_test(changed_file_refused),
        cmocka_unit_test(memory_loads_stay_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
