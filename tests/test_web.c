/* test_web.c - the web interface's pure pieces: labels from names, HTML
 * escaping, job IDs, the page frame, zip round trips.  The server itself
 * is tested over HTTP in tests/web/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/web.h"
#include "bitacora/zipfile.h"
#include "testutil.h"

static void test_clean_name(void **state)
{
    (void)state;
    static const struct {
        const char *raw;
        bool dirs;
        const char *want;
    } cases[] = {
        {"territorio 3.csv", false, "territorio 3.csv"},
        {"region5/t1.csv", true, "region5/t1.csv"},
        {"region5/t1.csv", false, "t1.csv"},
        {"../../etc/passwd", true, "etc/passwd"},
        {"a/./b//c.csv", true, "a/b/c.csv"},
        {"C:\\Users\\x\\t.csv", false, "t.csv"},
        {"..", false, ""},
        {".", true, ""},
        {"  espacios.csv  ", false, "espacios.csv"},
        {"a\x01" "b.csv", false, "a\xEF\xBF\xBD" "b.csv"},
        {"a\r\nb.csv", false, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b.csv"},
        {"\xE2\x80\xAEgpj.csv", false, "\xEF\xBF\xBDgpj.csv"},     /* RLO */
        {"\xff\xfe.csv", false, "\xEF\xBF\xBD\xEF\xBF\xBD.csv"},
        {"Ñuñoa ñandú.xlsx", false, "Ñuñoa ñandú.xlsx"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = bt_web_clean_name(cases[i].raw, strlen(cases[i].raw), cases[i].dirs);
        assert_non_null(got);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: «%s» gave «%s», want «%s»", i, cases[i].raw, got, cases[i].want);
        free(got);
    }
    /* 300 characters: cut at 255 bytes, extension kept, UTF-8 whole. */
    char longname[700] = "";
    for (int i = 0; i < 150; i++)
        strcat(longname, "ñ");
    strcat(longname, ".csv");
    char *got = bt_web_clean_name(longname, strlen(longname), false);
    assert_true(strlen(got) <= 255);
    assert_string_equal(got + strlen(got) - 4, ".csv");
    assert_true(((unsigned char)got[strlen(got) - 5] & 0xC0) != 0xC0);   /* not a cut lead byte */
    free(got);
}

static void test_label_unique(void **state)
{
    (void)state;
    char l1[] = "a.csv", l2[] = "a (2).csv", l3[] = "b";
    char *labels[] = {l1, l2, l3};
    char *got = bt_web_label_unique(strdup("a.csv"), labels, 3);
    assert_string_equal(got, "a (3).csv");
    free(got);
    got = bt_web_label_unique(strdup("b"), labels, 3);
    assert_string_equal(got, "b (2)");
    free(got);
    got = bt_web_label_unique(strdup("c.csv"), labels, 3);
    assert_string_equal(got, "c.csv");
    free(got);
}

static void test_html_escape(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
        {"a & b \"c\"", "a &amp; b &quot;c&quot;"},
        {"línea\nnueva", "línea nueva"},
        {"\x1b[31m", "\xEF\xBF\xBD[31m"},
        {"\xc3", "\xEF\xBF\xBD"},
        {"\xE2\x81\xA6x", "\xEF\xBF\xBDx"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bt_sb b;
        bt_sb_init(&b);
        bt_html_escape(&b, cases[i].in);
        assert_string_equal(bt_sb_str(&b), cases[i].want);
        bt_sb_free(&b);
    }
}

static void test_ids(void **state)
{
    (void)state;
    char ids[200][BT_WEB_ID_LEN + 1];
    for (int i = 0; i < 200; i++) {
        assert_true(bt_web_id_new(ids[i]));
        assert_true(bt_web_id_valid(ids[i], strlen(ids[i])));
        for (int k = 0; k < i; k++)
            assert_string_not_equal(ids[i], ids[k]);
    }
    assert_false(bt_web_id_valid("../../../../../../../x", 22));
    assert_false(bt_web_id_valid("AAAAAAAAAAAAAAAAAAAAA", 21));
    assert_false(bt_web_id_valid("AAAAAAAAAAAAAAAAAAAA.A", 22));
}

static void test_page_frame(void **state)
{
    (void)state;
    bt_sb b;
    bt_sb_init(&b);
    assert_int_equal(bt_web_page(&b, "Título <x>", NULL, "<p>hola</p>", "../", 45), BT_OK);
    const char *p = bt_sb_str(&b);
    assert_non_null(strstr(p, "<title>Título &lt;x&gt; · Bitácoras ETT</title>"));
    assert_non_null(strstr(p, "href=\"../estilo.css\""));
    assert_non_null(strstr(p, "<p>hola</p>"));
    assert_non_null(strstr(p, "45 minutos"));
    assert_null(strstr(p, "{{"));
    bt_sb_free(&b);
    assert_non_null(bt_web_asset_find("app.js"));
    assert_string_equal(bt_web_content_type("a.xlsx"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

/* ---- a folder to a zip and back ---- */

typedef struct {
    char dir[256];
    int n;
    char names[8][64];
} unzipped;

static const char *want(void *ctx, const bt_zip_entry *e)
{
    unzipped *u = ctx;
    static char path[512];
    snprintf(u->names[u->n], sizeof u->names[0], "%s", e->name);
    snprintf(path, sizeof path, "%s/%d", u->dir, u->n);
    return path;
}

static void refused(void *ctx, const bt_zip_entry *e, bt_zip_refusal why)
{
    (void)ctx;
    fail_msg("%s refused: %s", e->name, bt_zip_refusal_text(why));
}

static bt_err done(void *ctx, const bt_zip_entry *e, const char *path)
{
    (void)e;
    (void)path;
    ((unzipped *)ctx)->n++;
    return BT_OK;
}

static void test_zip_round_trip(void **state)
{
    (void)state;
    char *tmp = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/salida", tmp);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/salida/05-valparaiso", tmp);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/salida/05-valparaiso/a.xlsx", tmp);
    tu_write(path, "PK-not-really", 13);
    snprintf(path, sizeof path, "%s/salida/hallazgos.csv", tmp);
    tu_write(path, "x,y\n", 4);
    snprintf(path, sizeof path, "%s/salida/.bitacora-salida", tmp);
    tu_write(path, "m\n", 2);
    char zip[512];
    snprintf(zip, sizeof zip, "%s/salida.zip", tmp);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/salida", tmp);
    int err;
    assert_int_equal(bt_zip_write_dir(dir, zip, &err), BT_OK);
    unzipped u = {{0}, 0, {{0}}};
    snprintf(u.dir, sizeof u.dir, "%s/out", tmp);
    mkdir(u.dir, 0700);
    bt_zip_visitor v = {want, refused, done, &u};
    bt_zip_status st;
    assert_int_equal(bt_zip_unpack(zip, &v, &st), BT_OK);
    assert_int_equal(st, BT_ZIP_OK);
    assert_int_equal(u.n, 3);
    assert_string_equal(u.names[0], ".bitacora-salida");      /* sorted, hidden included */
    assert_string_equal(u.names[1], "05-valparaiso/a.xlsx");
    assert_string_equal(u.names[2], "hallazgos.csv");
    /* Not a zip. */
    bt_zip_status st2;
    u.n = 0;
    assert_int_equal(bt_zip_unpack(dir, &v, &st2), BT_OK);     /* a folder */
    assert_int_equal(st2, BT_ZIP_NOT_ZIP);
    tu_rmrf(tmp);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_name),   cmocka_unit_test(test_label_unique),
        cmocka_unit_test(test_html_escape),  cmocka_unit_test(test_ids),
        cmocka_unit_test(test_page_frame),   cmocka_unit_test(test_zip_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
