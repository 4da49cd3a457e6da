/*
 * test_roundtrip.c - XLSX both ways: the acceptance test.
 *
 * At test time, the committed template (templates/bitacora_ett.xlsx) is
 * filled with the content of a sample territory by another program
 * (tools/mkfixtures.py, openpyxl), and LibreOffice saves the filled
 * workbook as CSV and again as XLSX.  bitacora converts each into its own
 * folder, and the territory workbooks must be identical sheet by sheet,
 * cell by cell (read back with bitacora's XLSX reader), except the
 * "Archivo de origen" block of the Resumen sheet, which says what each
 * file was.  The same holds for the sample CSV the content came from,
 * for `bitacora export` of the filled workbook converted again, and
 * `bitacora template` writes exactly the committed templates.
 */
#include "testutil.h"
#include "xlsxcells.h"

#include <stdbool.h>

static const char *const SAMPLE = "samples/valparaiso_t01_aconcagua.csv";
static const char *const WORKBOOK = "05-valparaiso/territorio-01-aconcagua.xlsx";

static char *tmp;
static bool ready;            /* every input was made */
static char filled[4400], lo_csv[4400], lo_xlsx[4400], exported[4400];

static void path_in(char *buf, const char *rel)
{
    snprintf(buf, 4400, "%s/%s", tmp, rel);
}

static int sh(const char *what, const char *cmd)
{
    char *err = NULL;
    int st = tu_run(cmd, NULL, &err);
    if (st != 0)
        fprintf(stderr, "%s: status %d\n%s\n%s\n", what, st, cmd, err ? err : "");
    free(err);
    return st;
}

/* soffice --convert-to with a profile of this run (so that it does not
 * wait for, or disturb, another LibreOffice). */
static int soffice(const char *to, const char *outdir, const char *in)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd,
             "soffice -env:UserInstallation=file://%s/lo-profile --headless --convert-to '%s' "
             "--outdir '%s' '%s'",
             tmp, to, outdir, in);
    return sh("soffice", cmd);
}

/* bitacora convert IN into tmp/DIR; returns the exit status. */
static int convert(const char *in, const char *dir)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s' convert -q -o '%s/%s' '%s'", tu_bin(), tmp, dir, in);
    return tu_run(cmd, NULL, NULL);
}

static int setup(void **state)
{
    (void)state;
    tmp = tu_tmpdir();
    if (!tmp)
        return -1;
    path_in(filled, "filled.xlsx");
    path_in(lo_csv, "lo-csv/filled.csv");
    path_in(lo_xlsx, "lo-xlsx/filled.xlsx");
    path_in(exported, "exportado.csv");
    char cmd[20000], dir[4400];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' fill '%s' '%s' '%s'",
             tu_path("tools/mkfixtures.py"), tu_path("templates/bitacora_ett.xlsx"), filled,
             tu_path(SAMPLE));
    if (sh("fill", cmd) != 0)
        return 0;
    path_in(dir, "lo-csv");
    if (soffice("csv:Text - txt - csv (StarCalc):44,34,76,1", dir, filled) != 0)
        return 0;
    path_in(dir, "lo-xlsx");
    if (soffice("xlsx", dir, filled) != 0)
        return 0;
    ready = access(lo_csv, R_OK) == 0 && access(lo_xlsx, R_OK) == 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmrf(tmp);
    free(tmp);
    return 0;
}

/* ---- comparing two workbooks ---- */

/* The sheet names of a workbook, in order, from xl/workbook.xml. */
static size_t sheet_names(const char *path, char names[][64], size_t max)
{
    char cmd[9000], *out = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/workbook.xml", path);
    assert_int_equal(tu_run(cmd, &out, NULL), 0);
    size_t n = 0;
    for (const char *p = out; (p = strstr(p, "<sheet ")) && n < max; p++) {
        const char *q = strstr(p, " name=\"");
        assert_non_null(q);
        q += 7;
        size_t len = strcspn(q, "\"");
        assert_true(len < 64);
        memcpy(names[n], q, len);
        names[n][len] = '\0';
        n++;
    }
    free(out);
    return n;
}

/* Labels of the "Archivo de origen" block of a territory's Resumen. */
static bool source_row(const xc_grid *g, uint32_t row)
{
    uint32_t start = xc_find_row(g, 1, "Archivo de origen");
    if (!start || row < start)
        return false;
    for (uint32_t r = start; r <= row; r++)
        if (!*xc_at(g, r, 1))
            return false;   /* the block ended before this row */
    return true;
}

/* A column that says where in the input a row came from. */
static bool origin_col(const xc_grid *g, uint32_t col)
{
    const char *h = xc_at(g, 1, col);
    return strncmp(h, "Celda de origen", 15) == 0 || strncmp(h, "Fila de origen", 14) == 0;
}

/* Cells of a sheet other than those of the source block and the line of
 * Correcciones that names the file (and, unless with_origin, of the origin
 * columns), as "A3=text". */
static size_t cells_of(const xc_grid *g, bool resumen, bool with_origin, char ***out)
{
    char **v = calloc(g->n + 1, sizeof *v);
    assert_non_null(v);
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (resumen && source_row(g, g->v[i].row))
            continue;
        if (!with_origin && g->v[i].row > 1 && origin_col(g, g->v[i].col))
            continue;
        /* the correction list names the file it is about */
        if (strncmp(g->v[i].text, "Archivo revisado: ", 18) == 0)
            continue;
        char col[8];
        bt_col_letters(g->v[i].col, col);
        size_t len = strlen(g->v[i].text) + 32;
        v[n] = malloc(len);
        assert_non_null(v[n]);
        snprintf(v[n], len, "%s%u=%s", col, (unsigned)g->v[i].row, g->v[i].text);
        n++;
    }
    *out = v;
    return n;
}

static void free_cells(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* Territory workbooks a and b hold the same, sheet by sheet; with_origin:
 * also the cells the data came from (inputs laid out alike). */
static void same_workbook(const char *a, const char *b, bool with_origin)
{
    if (access(a, R_OK) != 0 || access(b, R_OK) != 0)
        fail_msg("missing workbook: %s or %s", a, b);
    static char na[64][64], nb[64][64];
    size_t ka = sheet_names(a, na, 64), kb = sheet_names(b, nb, 64);
    assert_true(ka >= 10);
    assert_int_equal(ka, kb);
    int differences = 0;
    for (size_t s = 0; s < ka; s++) {
        assert_string_equal(na[s], nb[s]);
        xc_grid ga = xc_load(a, na[s]), gb = xc_load(b, nb[s]);
        assert_true(ga.ok && gb.ok);
        bool resumen = strcmp(na[s], "Resumen") == 0;
        char **ca, **cb;
        size_t nca = cells_of(&ga, resumen, with_origin, &ca);
        size_t ncb = cells_of(&gb, resumen, with_origin, &cb);
        for (size_t i = 0; i < nca || i < ncb; i++) {
            const char *x = i < nca ? ca[i] : "(nada)", *y = i < ncb ? cb[i] : "(nada)";
            if (strcmp(x, y) != 0 && differences++ < 10)
                print_error("%s [%s]: «%s»\n%s [%s]: «%s»\n", a, na[s], x, b, nb[s], y);
        }
        free_cells(ca, nca);
        free_cells(cb, ncb);
        xc_free(&ga);
        xc_free(&gb);
    }
    if (differences)
        fail_msg("%d cells differ between %s and %s", differences, a, b);
}

/* The value of a row of the Resumen's source block. */
static char *source_value(const char *wb, const char *label)
{
    xc_grid g = xc_load(wb, "Resumen");
    assert_true(g.ok);
    uint32_t start = xc_find_row(&g, 1, "Archivo de origen");
    assert_true(start > 0);
    char *v = NULL;
    for (uint32_t r = start + 1; r <= g.max_row && *xc_at(&g, r, 1) && !v; r++)
        if (strcmp(xc_at(&g, r, 1), label) == 0)
            v = strdup(xc_at(&g, r, 2));
    xc_free(&g);
    return v;
}

static void out_path(char *buf, const char *dir)
{
    snprintf(buf, 4400, "%s/%s/%s", tmp, dir, WORKBOOK);
}

/* The territory workbook of `in` converted into tmp/dir (converted once;
 * the conversion must succeed without findings). */
static void converted(const char *in, const char *dir, char *wb)
{
    out_path(wb, dir);
    if (access(wb, R_OK) == 0)
        return;
    int st = convert(in, dir);
    if (st != 0)
        fail_msg("bitacora convert %s: status %d", in, st);
    assert_int_equal(access(wb, R_OK), 0);
}

/* ---- the tests ---- */

static void inputs_made(void **state)
{
    (void)state;
    assert_true(ready);
    /* The filled workbook is the template's, with content. */
    char *o = NULL, cmd[9000];
    snprintf(cmd, sizeof cmd, "unzip -l '%s'", filled);
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    assert_non_null(strstr(o, "xl/workbook.xml"));
    free(o);
    /* The filled workbook, as LibreOffice saved it, has no findings. */
    const char *ins[] = {filled, lo_csv, lo_xlsx};
    for (size_t i = 0; i < 3; i++) {
        char *e = NULL;
        snprintf(cmd, sizeof cmd, "'%s' check '%s'", tu_bin(), ins[i]);
        int st = tu_run(cmd, NULL, &e);
        if (st != 0 || !strstr(e, "0 errores, 0 avisos"))
            fail_msg("check %s: status %d\n%s", ins[i], st, e);
        free(e);
    }
}

static void xlsx_and_csv(void **state)
{
    (void)state;
    assert_true(ready);
    char a[4400], b[4400];
    converted(filled, "out-xlsx", a);
    converted(lo_csv, "out-csv", b);
    same_workbook(a, b, true);
    /* The source block says what each file was. */
    char *v = source_value(a, "Formato");
    assert_non_null(v);
    assert_string_equal(v, "XLSX");
    free(v);
    v = source_value(b, "Formato");
    assert_string_equal(v, "CSV");
    free(v);
    v = source_value(b, "Delimitador");
    assert_string_equal(v, "coma");
    free(v);
    /* The sheet read is named somewhere in the XLSX's block. */
    xc_grid g = xc_load(a, "Resumen");
    bool sheet = false;
    for (size_t i = 0; i < g.n; i++)
        if (source_row(&g, g.v[i].row) && g.v[i].col == 2 && strstr(g.v[i].text, "Bitácora"))
            sheet = true;
    xc_free(&g);
    assert_true(sheet);
}

/* The filled workbook saved again by LibreOffice (LibreOffice writes its
 * numbers with a "General" number format, its dates with its own codes). */
static void libreoffice_xlsx(void **state)
{
    (void)state;
    assert_true(ready);
    char a[4400], b[4400];
    converted(lo_xlsx, "out-lo", a);
    converted(lo_csv, "out-csv", b);
    same_workbook(a, b, true);
}

/* What the team filled in is what the sample says. */
static void same_as_sample(void **state)
{
    (void)state;
    assert_true(ready);
    char a[4400], b[4400];
    converted(filled, "out-xlsx", a);
    converted(tu_path(SAMPLE), "out-sample", b);
    /* The sample has 3 session blocks and 7 CAETT rows, the template 10
     * and 12: the data comes from other rows. */
    same_workbook(a, b, false);
}

/* bitacora export: the filled XLSX to the normalized CSV, which converts
 * to the same workbook. */
static void export_and_back(void **state)
{
    (void)state;
    assert_true(ready);
    char cmd[20000], *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' export '%s' -o '%s'", tu_bin(), filled, exported);
    int st = tu_run(cmd, NULL, &e);
    if (st != 0)
        fail_msg("export: status %d\n%s", st, e);
    free(e);
    size_t n = 0;
    unsigned char *csv = tu_read(exported, &n);
    assert_non_null(csv);
    assert_true(n > 100);
    assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr((char *)csv, "Aconcagua"));
    free(csv);
    char a[4400], b[4400];
    converted(exported, "out-export", a);
    converted(filled, "out-xlsx", b);
    same_workbook(a, b, false);
    /* Exporting the export's source again gives the same bytes. */
    char again[4400];
    path_in(again, "exportado2.csv");
    snprintf(cmd, sizeof cmd, "'%s' export '%s' -o '%s'", tu_bin(), lo_xlsx, again);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "cmp '%s' '%s'", exported, again);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
}

/* bitacora template writes exactly the committed templates. */
static void template_files(void **state)
{
    (void)state;
    char dir[4400], cmd[20000];
    path_in(dir, "plantillas");
    snprintf(cmd, sizeof cmd, "'%s' template -o '%s'", tu_bin(), dir);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    const char *files[] = {"bitacora_ett.csv", "bitacora_ett.xlsx"};
    for (size_t i = 0; i < 2; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "templates/%s", files[i]);
        snprintf(cmd, sizeof cmd, "cmp '%s' '%s/%s'", tu_path(rel), dir, files[i]);
        if (tu_run(cmd, NULL, NULL) != 0)
            fail_msg("%s differs from what «bitacora template» writes (make docs)", rel);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inputs_made),
        cmocka_unit_test(xlsx_and_csv),
        cmocka_unit_test(libreoffice_xlsx),
        cmocka_unit_test(same_as_sample),
        cmocka_unit_test(export_and_back),
        cmocka_unit_test(template_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
