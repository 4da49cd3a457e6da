/* test_manifest.c - the record of what each workbook was made from. */
#include "testutil.h"

#include "bitacora/manifest.h"
#include "bitacora/outdir.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    return dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmrf(dir);
    free(dir);
    return 0;
}

static bt_digest d(uint64_t a, uint64_t b)
{
    bt_digest x = {{a, b}};
    return x;
}

/* A workbook file with these bytes; its digest and size. */
static bt_digest put(const char *rel, const char *bytes, uint64_t *size)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    assert_int_equal(tu_write(path, bytes, strlen(bytes)), 0);
    bt_digest c;
    int err;
    assert_int_equal(bt_digest_path(path, &c, size, &err), BT_OK);
    return c;
}

static const char *at(const char *rel)
{
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    return path;
}

/* Saved and read back, the record says a workbook is current exactly
 * when both its fingerprint and its bytes are those recorded. */
static void current_only_when_both_match(void **state)
{
    (void)state;
    uint64_t sa, sb;
    bt_digest ca = put("a.xlsx", "contenido de a", &sa);
    bt_digest cb = put("b.xlsx", "contenido de b", &sb);
    bt_manifest *m = bt_manifest_new();
    assert_non_null(m);
    /* added out of order: saved in path order */
    assert_int_equal(bt_manifest_add(m, "b.xlsx", d(2, 2), cb, sb), BT_OK);
    assert_int_equal(bt_manifest_add(m, "a.xlsx", d(1, 1), ca, sa), BT_OK);
    int err = 0;
    assert_int_equal(bt_manifest_save(m, dir, &err), BT_OK);
    bt_manifest_free(m);
    char *text = (char *)tu_read(at(BT_OUTDIR_MARKER), NULL);
    assert_non_null(text);
    assert_true(strncmp(text, BT_OUTDIR_MARKER_TEXT, strlen(BT_OUTDIR_MARKER_TEXT)) == 0);
    assert_true(strstr(text, " a.xlsx\n") < strstr(text, " b.xlsx\n"));
    free(text);

    m = bt_manifest_load(dir);
    assert_non_null(m);
    assert_true(bt_manifest_current(m, "a.xlsx", at("a.xlsx"), d(1, 1)));
    assert_true(bt_manifest_current(m, "b.xlsx", at("b.xlsx"), d(2, 2)));
    /* made from something else now */
    assert_false(bt_manifest_current(m, "a.xlsx", at("a.xlsx"), d(1, 9)));
    /* not recorded */
    assert_false(bt_manifest_current(m, "c.xlsx", at("a.xlsx"), d(1, 1)));
    /* edited, same size */
    put("a.xlsx", "contenido de A", NULL);
    assert_false(bt_manifest_current(m, "a.xlsx", at("a.xlsx"), d(1, 1)));
    /* deleted */
    unlink(at("b.xlsx"));
    assert_false(bt_manifest_current(m, "b.xlsx", at("b.xlsx"), d(2, 2)));
    bt_manifest_free(m);
}

/* A record carried from the old one keeps its values. */
static void carry(void **state)
{
    (void)state;
    uint64_t sa;
    bt_digest ca = put("c.xlsx", "ce", &sa);
    bt_manifest *old = bt_manifest_new(), *now = bt_manifest_new();
    assert_int_equal(bt_manifest_add(old, "c.xlsx", d(5, 6), ca, sa), BT_OK);
    int err;
    assert_int_equal(bt_manifest_save(old, dir, &err), BT_OK);
    bt_manifest_free(old);
    old = bt_manifest_load(dir);
    assert_int_equal(bt_manifest_carry(now, old, "c.xlsx"), BT_OK);
    assert_int_equal(bt_manifest_carry(now, old, "nada.xlsx"), BT_OK);
    assert_true(bt_manifest_has(now, "c.xlsx"));
    assert_false(bt_manifest_has(now, "nada.xlsx"));
    assert_int_equal(bt_manifest_save(now, dir, &err), BT_OK);
    bt_manifest_free(now);
    bt_manifest_free(old);
    old = bt_manifest_load(dir);
    assert_true(bt_manifest_current(old, "c.xlsx", at("c.xlsx"), d(5, 6)));
    bt_manifest_free(old);
}

/* What cannot be read is not trusted: a garbled line is ignored, and a
 * path recorded twice makes the whole record void; no record at all is
 * an empty one. */
static void garbled(void **state)
{
    (void)state;
    uint64_t s;
    bt_digest c = put("g.xlsx", "ge", &s);
    char hex[33], fp[33];
    bt_digest_hex(c, hex);
    bt_digest_hex(d(7, 7), fp);
    char text[2000];
    snprintf(text, sizeof text,
             "%sw1 %s %s %llu g.xlsx\nw1 zz %s 1 h.xlsx\nw1 %s %s 12\nbasura\n",
             BT_OUTDIR_MARKER_TEXT, fp, hex, (unsigned long long)s, hex, fp, hex);
    assert_int_equal(tu_write(at(BT_OUTDIR_MARKER), text, strlen(text)), 0);
    bt_manifest *m = bt_manifest_load(dir);
    assert_true(bt_manifest_current(m, "g.xlsx", at("g.xlsx"), d(7, 7)));
    assert_false(bt_manifest_current(m, "h.xlsx", at("g.xlsx"), d(7, 7)));
    bt_manifest_free(m);

    snprintf(text, sizeof text, "%sw1 %s %s %llu g.xlsx\nw1 %s %s %llu g.xlsx\n",
             BT_OUTDIR_MARKER_TEXT, fp, hex, (unsigned long long)s, fp, hex,
             (unsigned long long)s);
    assert_int_equal(tu_write(at(BT_OUTDIR_MARKER), text, strlen(text)), 0);
    m = bt_manifest_load(dir);
    assert_false(bt_manifest_current(m, "g.xlsx", at("g.xlsx"), d(7, 7)));
    bt_manifest_free(m);

    /* Paths bitacora never writes are not records (a rerun would remove
     * what it believes it wrote). */
    static const char *const foreign[] = {"../fuera.xlsx", "/etc/x.xlsx", "a/../../b.xlsx",
                                          "notas.txt", "Mayus.xlsx", "con espacio.xlsx"};
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
        snprintf(text, sizeof text, "%sw1 %s %s %llu %s\n", BT_OUTDIR_MARKER_TEXT, fp, hex,
                 (unsigned long long)s, foreign[i]);
        assert_int_equal(tu_write(at(BT_OUTDIR_MARKER), text, strlen(text)), 0);
        m = bt_manifest_load(dir);
        assert_int_equal(bt_manifest_count(m), 0);
        bt_manifest_free(m);
    }

    unlink(at(BT_OUTDIR_MARKER));
    m = bt_manifest_load(dir);
    assert_non_null(m);
    assert_false(bt_manifest_current(m, "g.xlsx", at("g.xlsx"), d(7, 7)));
    bt_manifest_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(current_only_when_both_match),
        cmocka_unit_test(carry),
        cmocka_unit_test(garbled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
