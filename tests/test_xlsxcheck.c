/* test_xlsxcheck.c - the check of a workbook's package after writing. */
#include "testutil.h"

#include <zlib.h>

#include "bitacora/output.h"
#include "bitacora/xlsxcheck.h"
#include "bitacora/xlsxwrite.h"

/* ---- a small zip writer (stored members), to build packages ---- */

typedef struct {
    unsigned char buf[65536];
    size_t n;
    unsigned char cd[16384];
    size_t ncd;
    unsigned count;
} zipw;

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
    put16(p, (unsigned)(v & 0xffff));
    put16(p + 2, (unsigned)(v >> 16));
}

/* bad_crc: record a checksum the data does not have. */
static void add(zipw *z, const char *name, const char *data, bool bad_crc)
{
    size_t nl = strlen(name), dl = strlen(data);
    unsigned long crc = crc32(0L, (const unsigned char *)data, (uInt)dl) ^ (bad_crc ? 1 : 0);
    unsigned char *l = z->buf + z->n;
    memset(l, 0, 30);
    put32(l, 0x04034b50);
    put16(l + 4, 20);
    put32(l + 14, crc);
    put32(l + 18, dl);
    put32(l + 22, dl);
    put16(l + 26, (unsigned)nl);
    memcpy(l + 30, name, nl);
    memcpy(l + 30 + nl, data, dl);
    unsigned char *c = z->cd + z->ncd;
    memset(c, 0, 46);
    put32(c, 0x02014b50);
    put16(c + 4, 20);
    put16(c + 6, 20);
    put32(c + 16, crc);
    put32(c + 20, dl);
    put32(c + 24, dl);
    put16(c + 28, (unsigned)nl);
    put32(c + 42, z->n);
    memcpy(c + 46, name, nl);
    z->ncd += 46 + nl;
    z->n += 30 + nl + dl;
    z->count++;
}

static size_t finish_zip(zipw *z)
{
    size_t cd = z->n;
    memcpy(z->buf + z->n, z->cd, z->ncd);
    z->n += z->ncd;
    unsigned char *e = z->buf + z->n;
    memset(e, 0, 22);
    put32(e, 0x06054b50);
    put16(e + 8, z->count);
    put16(e + 10, z->count);
    put32(e + 12, z->ncd);
    put32(e + 16, cd);
    z->n += 22;
    return z->n;
}

#define CT_HEAD "<?xml version=\"1.0\"?><Types xmlns=\"x\"><Default Extension=\"xml\" ContentType=\"a\"/>"
#define OV(p) "<Override PartName=\"" p "\" ContentType=\"b\"/>"
#define RELS(body) "<?xml version=\"1.0\"?><Relationships xmlns=\"r\">" body "</Relationships>"
#define REL(id, t) "<Relationship Id=\"" id "\" Type=\"t\" Target=\"" t "\"/>"

/* A package like libxlsxwriter's, with what a case changes. */
typedef struct {
    const char *content_types, *root_rels, *wb_rels, *extra_name, *extra_data;
    bool bad_crc;
} pkg;

static size_t build(zipw *z, const pkg *p)
{
    memset(z, 0, sizeof *z);
    add(z, "[Content_Types].xml",
        p->content_types ? p->content_types
                         : CT_HEAD OV("/xl/workbook.xml") OV("/xl/worksheets/sheet1.xml")
                                   OV("/xl/charts/chart1.xml") "</Types>",
        false);
    add(z, "_rels/.rels",
        p->root_rels ? p->root_rels
                     : RELS(REL("rId1", "xl/workbook.xml")
                            "<Relationship Id=\"rId2\" Type=\"h\" Target=\"http://x/y\" "
                            "TargetMode=\"External\"/>"),
        false);
    add(z, "xl/_rels/workbook.xml.rels",
        p->wb_rels ? p->wb_rels : RELS(REL("rId1", "worksheets/sheet1.xml")), p->bad_crc);
    add(z, "xl/workbook.xml", "<workbook/>", false);
    add(z, "xl/worksheets/_rels/sheet1.xml.rels", RELS(REL("rId1", "../drawings/drawing1.xml")),
        false);
    add(z, "xl/worksheets/sheet1.xml", "<worksheet/>", false);
    add(z, "xl/drawings/_rels/drawing1.xml.rels", RELS(REL("rId1", "../charts/chart1.xml")),
        false);
    add(z, "xl/drawings/drawing1.xml", "<wsDr/>", false);
    add(z, "xl/charts/chart1.xml", "<chartSpace/>", false);
    if (p->extra_name)
        add(z, p->extra_name, p->extra_data, false);
    return finish_zip(z);
}

static zipw z;

static void whole_package(void **state)
{
    (void)state;
    pkg p = {0};
    size_t n = build(&z, &p);
    assert_int_equal(bt_xlsx_check(z.buf, n, 1), BT_OK);
    assert_int_equal(bt_xlsx_check(z.buf, n, 0), BT_OK);
    assert_int_equal(bt_xlsx_check(z.buf, n, 2), BT_ERR_VERIFY);
}

/* Each way a package can be short of whole. */
static void broken_packages(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        pkg p;
    } cases[] = {
        {"a part no relationship points at (its relationship was lost)",
         {.extra_name = "xl/styles.xml", .extra_data = "<styleSheet/>"}},
        {"a relationship to a part that is not there",
         {.wb_rels = RELS(REL("rId1", "worksheets/sheet1.xml") REL("rId2", "styles.xml"))}},
        {"a content-type override for a part that is not there",
         {.content_types = CT_HEAD OV("/xl/workbook.xml") OV("/xl/worksheets/sheet1.xml")
                               OV("/xl/charts/chart1.xml") OV("/xl/sharedStrings.xml")
                                   "</Types>"}},
        {"a relationship part that fails its checksum", {.bad_crc = true}},
        {"a relationship without a target",
         {.wb_rels = RELS("<Relationship Id=\"rId1\" Type=\"t\"/>")}},
        {"the workbook missing from the root relationships",
         {.root_rels = RELS("")}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = build(&z, &cases[i].p);
        if (bt_xlsx_check(z.buf, n, 0) != BT_ERR_VERIFY)
            fail_msg("not refused: %s", cases[i].what);
    }
}

/* A file cut anywhere is refused (the end record, the directory or the
 * data is missing), and so is one whose directory names a member its
 * local header does not. */
static void cut_or_mismatched(void **state)
{
    (void)state;
    pkg p = {0};
    size_t n = build(&z, &p);
    for (size_t cut = 0; cut < n; cut++)
        if (bt_xlsx_check(z.buf, cut, 0) != BT_ERR_VERIFY)
            fail_msg("accepted when cut at %zu of %zu bytes", cut, n);
    /* "_rels/.rels" in its local header becomes "_rels/.relz" */
    unsigned char *hit = NULL;
    for (size_t i = 0; i + 11 <= n && !hit; i++)
        if (memcmp(z.buf + i, "_rels/.rels", 11) == 0)
            hit = z.buf + i;
    assert_non_null(hit);
    hit[10] = 'z';
    assert_int_equal(bt_xlsx_check(z.buf, n, 0), BT_ERR_VERIFY);
}

static bt_err write_template(const void *unused, const char *path)
{
    (void)unused;
    return bt_write_template_xlsx(path);
}

/* A workbook bitacora writes (the template, with its data validations,
 * defined names and compressed parts) passes, from its file. */
static void real_workbook(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/plantilla.xlsx", dir);
    /* In a child, as bitacora writes it (libxlsxwriter keeps a copy of each
     * data validation's formula to the end of the process). */
    int sig;
    assert_int_equal(bt_run_isolated(write_template, NULL, path, &sig), BT_OK);
    assert_int_equal(bt_xlsx_check_file(path, 0), BT_OK);
    size_t n = 0;
    unsigned char *data = tu_read(path, &n);
    assert_non_null(data);
    assert_int_equal(bt_xlsx_check(data, n, 0), BT_OK);
    assert_int_equal(bt_xlsx_check(data, n - 1, 0), BT_ERR_VERIFY);
    free(data);
    snprintf(path, sizeof path, "%s/no-existe.xlsx", dir);
    assert_int_equal(bt_xlsx_check_file(path, 0), BT_ERR_WRITE);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_package),     cmocka_unit_test(broken_packages),
        cmocka_unit_test(cut_or_mismatched), cmocka_unit_test(real_workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
