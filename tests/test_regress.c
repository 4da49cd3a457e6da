/*
 * test_regress.c - every file of the fuzzing and hostile corpora replayed
 * through the whole reading pipeline in-process (so the sanitizers and
 * valgrind see it): bt_load_mem must return, say why a file could not be
 * read, keep valid UTF-8 in its findings, and export what it read.
 * tests/data/fuzz/ holds the inputs the fuzzers found interesting or that
 * once crashed (tools/fuzz.sh); tests/data/hostile/ and tests/data/xlsx/
 * the hand-made ones.
 */
#include "testutil.h"

#include <dirent.h>

#include "bitacora/csvwrite.h"
#include "bitacora/load.h"
#include "bitacora/text.h"

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

static size_t replay_dir(const char *rel)
{
    DIR *d = opendir(tu_path(rel));
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || !strcmp(de->d_name, "README.md"))
            continue;
        char p[600];
        snprintf(p, sizeof p, "%s/%s", rel, de->d_name);
        size_t len;
        unsigned char *data = tu_read(tu_path(p), &len);
        if (!data)
            continue;     /* a folder or a special file of the corpus */
        bt_territory *t = NULL;
        bt_err e = bt_load_mem(tpl, data, len, de->d_name, NULL, &t);
        if (e != BT_OK && e != BT_ERR_READ)
            fail_msg("%s: %s", p, bt_strerror(e));
        assert_non_null(t);
        if (!t->readable) {
            /* It says why. */
            assert_non_null(t->fatal);
            assert_true(bt_territory_errors(t) > 0);
        } else {
            bt_sb sb;
            bt_sb_init(&sb);
            assert_int_equal(bt_export_csv(t, &sb), BT_OK);
            assert_true(bt_utf8_valid(sb.s, sb.len));
            bt_sb_free(&sb);
        }
        for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
            const bt_finding *x = bt_findings_at(t->findings, i);
            assert_true(bt_utf8_valid(x->message, strlen(x->message)));
            if (x->value)
                assert_true(bt_utf8_valid(x->value, strlen(x->value)));
        }
        bt_territory_free(t);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void fuzz_corpus(void **state)
{
    (void)state;
    size_t n = replay_dir("tests/data/fuzz");
    print_message("%zu archivos de tests/data/fuzz\n", n);
    assert_true(n > 0);
}

static void hostile_corpus(void **state)
{
    (void)state;
    size_t n = replay_dir("tests/data/hostile") + replay_dir("tests/data/xlsx");
    assert_true(n >= 40);
}

static void samples_and_templates(void **state)
{
    (void)state;
    assert_true(replay_dir("samples") >= 8);
    assert_true(replay_dir("templates") == 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fuzz_corpus),
        cmocka_unit_test(hostile_corpus),
        cmocka_unit_test(samples_and_templates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
