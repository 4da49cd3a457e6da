/*
 * test_reports.c - the reports people act on, end to end (FORMAT.md,
 * "Reports that people act on"; issue 8): coverage against a roster and
 * without one, the status vocabulary, numbers as numbers, the comparison
 * of two periods (in one run and with --anterior), the correction lists
 * and the comments on shaded cells, the printed page (header, footer,
 * scale, print areas, filters) and the charts.  Every check reads the
 * workbooks back: cells with bitacora's own reader, the XML parts with
 * unzip.  Data: samples/ (2025) and tests/data/reports/ (README.md there).
 */
#include "testutil.h"
#include "xlsxcells.h"

#include <dirent.h>
#include <math.h>

#include "bitacora/refdata.h"
#include "bitacora/template.h"
#include "bitacora/value.h"

static char *tmp;
static char in[4200];        /* samples/ with fixed file dates */
static char outA[4200];      /* --territorios tests/data/reports/territorios.csv */
static char outN[4200];      /* no roster */
static char outB[4200];      /* samples/ and tests/data/reports/2024/ together */
static char outC[4200];      /* 2024 alone, --csv: the earlier run */
static char outD[4200];      /* samples/ with --anterior outC */
static int statusA, statusN, statusB, statusC, statusD;
static char *errA;

static int run_convert(const char *out, const char *opts, const char *inputs, char **err)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s' convert -q --csv %s -o '%s' %s", tu_bin(), opts, out, inputs);
    return tu_run(cmd, NULL, err);
}

static int setup(void **state)
{
    (void)state;
    tmp = tu_tmpdir();
    if (!tmp)
        return -1;
    snprintf(in, sizeof in, "%s/in", tmp);
    char cmd[20000];
    /* "Recibido" is the file's date: fixed here, 10 April but Aconcagua's,
     * which came on 2 April. */
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && cp '%s'/*.csv '%s'/*.txt '%s'/ && touch -d '2025-04-10 12:00:00' "
             "'%s'/* && touch -d '2025-04-02 09:30:00' '%s/valparaiso_t01_aconcagua.csv'",
             in, tu_path("samples"), tu_path("samples"), in, in, in);
    if (tu_run(cmd, NULL, NULL) != 0)
        return -1;
    snprintf(outA, sizeof outA, "%s/A", tmp);
    snprintf(outN, sizeof outN, "%s/N", tmp);
    snprintf(outB, sizeof outB, "%s/B", tmp);
    snprintf(outC, sizeof outC, "%s/C", tmp);
    snprintf(outD, sizeof outD, "%s/D", tmp);
    char opts[9000], inputs[9000];
    snprintf(opts, sizeof opts, "--territorios '%s'", tu_path("tests/data/reports/territorios.csv"));
    snprintf(inputs, sizeof inputs, "'%s'", in);
    /* not quiet: the findings on stderr are checked too */
    snprintf(cmd, sizeof cmd, "'%s' convert --csv %s -o '%s' '%s'", tu_bin(), opts, outA, in);
    statusA = tu_run(cmd, NULL, &errA);
    statusN = run_convert(outN, "", inputs, NULL);
    snprintf(inputs, sizeof inputs, "'%s' '%s'", in, tu_path("tests/data/reports/2024"));
    statusB = run_convert(outB, "", inputs, NULL);
    snprintf(inputs, sizeof inputs, "'%s'", tu_path("tests/data/reports/2024"));
    statusC = run_convert(outC, "", inputs, NULL);
    snprintf(opts, sizeof opts, "--anterior '%s'", outC);
    snprintf(inputs, sizeof inputs, "'%s'", in);
    statusD = run_convert(outD, opts, inputs, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(errA);
    tu_rmrf(tmp);
    free(tmp);
    return 0;
}

/* ---- reading the parts of a workbook ---- */

/* A part of the zip, NUL-terminated (caller frees), or NULL. */
static char *part(const char *xlsx, const char *name)
{
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", xlsx, name);
    if (tu_run(cmd, &o, NULL) != 0 || !o || !o[0]) {
        free(o);
        return NULL;
    }
    return o;
}

/* The 1-based position of a sheet in the workbook (libxlsxwriter names
 * its parts sheet1.xml ... in that order), 0 when absent. */
static int sheet_index(const char *xlsx, const char *sheet)
{
    char *wb = part(xlsx, "xl/workbook.xml");
    assert_non_null(wb);
    int k = 0, found = 0;
    char want[300];
    snprintf(want, sizeof want, "<sheet name=\"%s\"", sheet);
    for (char *p = strstr(wb, "<sheet name=\""); p; p = strstr(p + 1, "<sheet name=\"")) {
        k++;
        if (strncmp(p, want, strlen(want)) == 0)
            found = k;
    }
    free(wb);
    return found;
}

static char *sheet_xml(const char *xlsx, const char *sheet)
{
    int k = sheet_index(xlsx, sheet);
    if (!k)
        fail_msg("%s has no sheet %s", xlsx, sheet);
    char name[64];
    snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", k);
    char *x = part(xlsx, name);
    assert_non_null(x);
    return x;
}

static int sheet_count(const char *xlsx)
{
    char *wb = part(xlsx, "xl/workbook.xml");
    assert_non_null(wb);
    int k = 0;
    for (char *p = strstr(wb, "<sheet name=\""); p; p = strstr(p + 1, "<sheet name=\""))
        k++;
    free(wb);
    return k;
}

static const char *sheet_name_at(const char *xlsx, int k, char *buf, size_t size)
{
    char *wb = part(xlsx, "xl/workbook.xml");
    assert_non_null(wb);
    char *p = wb;
    for (int i = 0; i < k && p; i++)
        p = strstr(p + 1, "<sheet name=\"");
    buf[0] = '\0';
    if (p) {
        p += 13;
        size_t n = strcspn(p, "\"");
        snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
    }
    free(wb);
    return buf;
}

/* The comments of a sheet (its comments part), or NULL when none. */
static char *comments_of(const char *xlsx, const char *sheet)
{
    char rels[96];
    snprintf(rels, sizeof rels, "xl/worksheets/_rels/sheet%d.xml.rels", sheet_index(xlsx, sheet));
    char *r = part(xlsx, rels);
    if (!r)
        return NULL;
    char *t = strstr(r, "Target=\"../comments");
    char name[64] = "";
    if (t)
        snprintf(name, sizeof name, "xl/%.*s", (int)strcspn(t + 11, "\""), t + 11);
    free(r);
    return t ? part(xlsx, name) : NULL;
}

/* The text of the comment on a cell ("" when none; into buf). */
static const char *comment_at(const char *comments, const char *ref, char *buf, size_t size)
{
    buf[0] = '\0';
    char pat[64];
    snprintf(pat, sizeof pat, "<comment ref=\"%s\"", ref);
    const char *c = comments ? strstr(comments, pat) : NULL;
    if (!c)
        return buf;
    const char *end = strstr(c, "</comment>");
    size_t o = 0;
    for (const char *p = strstr(c, "<t"); p && p < end && o + 1 < size; p = strstr(p + 1, "<t")) {
        const char *gt = strchr(p, '>');
        if (!gt || (p[2] != '>' && p[2] != ' '))
            continue;
        for (const char *q = gt + 1; *q && *q != '<' && o + 1 < size; q++)
            buf[o++] = *q;
    }
    buf[o] = '\0';
    return buf;
}

/* Is the cell a number (no type, or t="n"), not text? */
static bool number_cell(const char *xml, const char *ref)
{
    char pat[64];
    snprintf(pat, sizeof pat, "<c r=\"%s\"", ref);
    const char *c = strstr(xml, pat);
    if (!c)
        return false;
    const char *gt = strchr(c, '>');
    for (const char *p = c; p < gt; p++)
        if (!strncmp(p, " t=\"", 4))
            return p[4] == 'n';
    return true;
}

static void ref_of(uint32_t row, uint32_t col, char *buf)
{
    bt_col_letters(col, buf);
    snprintf(buf + strlen(buf), 12, "%u", (unsigned)row);
}

/* ---- file lists ---- */

static size_t find_xlsx(const char *dir, char paths[][4400], size_t max)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) && n < max) {
        if (de->d_name[0] == '.')
            continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            n += find_xlsx(p, paths + n, max - n);
        else if (strstr(de->d_name, ".xlsx"))
            snprintf(paths[n++], 4400, "%s", p);
    }
    if (d)
        closedir(d);
    return n;
}

static const char *wb_path(const char *out, const char *rel)
{
    static char bufs[4][4400];
    static int k;
    char *b = bufs[k++ & 3];
    snprintf(b, 4400, "%s/%s", out, rel);
    return b;
}

#define REG05 "05-valparaiso/region-05-valparaiso.xlsx"
#define REG13 "13-metropolitana-de-santiago/region-13-metropolitana-de-santiago.xlsx"
#define T04 "05-valparaiso/territorio-04-vina-del-mar-costa-norte.xlsx"
#define T01 "05-valparaiso/territorio-01-aconcagua.xlsx"

/* The row of a territory by its number in column col (a number cell). */
static uint32_t row_of_number(const xc_grid *g, uint32_t col, int number)
{
    char n[16];
    snprintf(n, sizeof n, "%d", number);
    return xc_find_row(g, col, n);
}

/* ---- 1. coverage ---- */

static void roster_findings(void **state)
{
    (void)state;
    assert_int_equal(statusA, 1);
    char *h = (char *)tu_read(wb_path(outA, "hallazgos.csv"), NULL);
    assert_non_null(h);
    static const char *const want[] = {
        "territorios.csv,,6,0,fila 6,error,E080,",
        "territorios.csv,,8,0,fila 8,error,E080,",
        "territorios.csv,,12,0,fila 12,aviso,A085,",
        "rm_t07_maipo.csv,,4,2,B4,aviso,A082,",
        "valparaiso_t04_vina_costa_norte.csv,,5,2,B5,aviso,A083,",
        "valparaiso_t04_vina_costa_norte.csv,,6,2,B6,aviso,A084,",
        "valparaiso_t03_litoral_de_los_poetas.csv,,7,2,B7,aviso,A084,",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(h, want[i]))
            fail_msg("hallazgos.csv lacks «%s»", want[i]);
    /* the E080 says whom to ask */
    assert_non_null(strstr(h, "falta la bitácora del territorio 5 «Quillota» de la Región de "
                              "Valparaíso (periodo 2025)"));
    assert_non_null(strstr(h, "Pídala a Pedro Soto Vera (quillota@junji.cl)"));
    /* with a roster, no numbering gaps: the roster says what is missing */
    assert_null(strstr(h, "A081"));
    /* ...and nothing about the territories that match */
    assert_null(strstr(h, "valparaiso_t01_aconcagua.csv"));
    assert_null(strstr(h, "biobio_t03"));
    assert_non_null(strstr(errA, "territorios.csv:6: error[E080]"));
    /* check says the same, in the same order */
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "'%s' check --format csv --territorios '%s' '%s'", tu_bin(),
             tu_path("tests/data/reports/territorios.csv"), in);
    assert_int_equal(tu_run(cmd, &o, NULL), 1);
    assert_non_null(o);
    assert_string_equal(o, h);
    free(o);
    free(h);
}

static void missing_rows(void **state)
{
    (void)state;
    xc_grid g = xc_load(wb_path(outA, REG05), "Resumen");
    assert_true(g.ok);
    uint32_t cnum = xc_find_col(&g, "N° territorio"), cstat = xc_find_col(&g, "Estado");
    uint32_t cname = xc_find_col(&g, "Territorio"), cin = xc_find_col(&g, "En los totales");
    uint32_t r5 = row_of_number(&g, cnum, 5);
    assert_true(r5 > 1);
    assert_string_equal(xc_at(&g, r5, cstat), "Falta la bitácora");
    assert_string_equal(xc_at(&g, r5, cname), "Quillota");
    assert_string_equal(xc_at(&g, r5, cin), "No");
    /* in number order, after territory 4 */
    assert_int_equal(row_of_number(&g, cnum, 4) + 1, r5);
    /* below the totals: what they leave out */
    bool said = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "Territorio 5 «Quillota», Valparaíso: falta la bitácora"))
            said = true;
    assert_true(said);
    xc_free(&g);
    /* the national list too, for both regions */
    g = xc_load(wb_path(outA, "nacional.xlsx"), "Territorios");
    assert_true(g.ok);
    size_t missing = 0;
    cstat = xc_find_col(&g, "Estado");
    for (uint32_t r = 2; r <= g.max_row; r++)
        if (!strcmp(xc_at(&g, r, cstat), "Falta la bitácora"))
            missing++;
    assert_int_equal(missing, 2);
    uint32_t rsur = xc_find_row(&g, xc_find_col(&g, "Territorio"), "Sur");
    assert_true(rsur > 1);
    assert_string_equal(xc_at(&g, rsur, 1), "Metropolitana de Santiago");
    xc_free(&g);
    /* national Resumen: how many are missing per region */
    g = xc_load(wb_path(outA, "nacional.xlsx"), "Resumen");
    uint32_t rv = xc_find_row(&g, 1, "Valparaíso");
    assert_true(rv > 1);
    assert_int_equal((int)xc_num(&g, rv, xc_find_col(&g, "Sin bitácora")), 1);
    assert_non_null(strstr(xc_at(&g, rv, xc_find_col(&g, "Estado")), "Falta 1 bitácora"));
    xc_free(&g);
}

static void numbering_gaps(void **state)
{
    (void)state;
    assert_int_equal(statusN, 1);
    xc_grid g = xc_load(wb_path(outN, REG13), "Resumen");
    assert_true(g.ok);
    uint32_t cnum = xc_find_col(&g, "N° territorio"), cstat = xc_find_col(&g, "Estado");
    /* 3, 5 and 7 came: 4 and 6 may be missing; before 3 nothing is known */
    static const int gaps[] = {4, 6};
    for (size_t i = 0; i < 2; i++) {
        uint32_t r = row_of_number(&g, cnum, gaps[i]);
        assert_true(r > 1);
        assert_string_equal(xc_at(&g, r, cstat), "¿Falta la bitácora? (hueco en la numeración)");
    }
    assert_int_equal(row_of_number(&g, cnum, 2), 0);
    assert_int_equal(row_of_number(&g, cnum, 8), 0);
    xc_free(&g);
    /* Valparaíso 1-4 and Biobío 3-4 have none */
    g = xc_load(wb_path(outN, REG05), "Resumen");
    for (size_t i = 0; i < g.n; i++)
        assert_null(strstr(g.v[i].text, "¿Falta la bitácora?"));
    xc_free(&g);
}

/* Last period's csv/territorios.csv is this period's roster: the same
 * logbooks against it give no coverage finding at all. */
static void roster_from_previous_run(void **state)
{
    (void)state;
    char out[4400], opts[9000], inputs[4400];
    snprintf(out, sizeof out, "%s/chain", tmp);
    snprintf(opts, sizeof opts, "--territorios '%s/csv/territorios.csv'", outA);
    snprintf(inputs, sizeof inputs, "'%s'", in);
    assert_int_equal(run_convert(out, opts, inputs, NULL), 1);
    char *h = (char *)tu_read(wb_path(out, "hallazgos.csv"), NULL);
    assert_non_null(h);
    static const char *const none[] = {"E080", "A081", "A082", "A083", "A084", "A085"};
    for (size_t i = 0; i < 6; i++)
        if (strstr(h, none[i]))
            fail_msg("%s against its own territorios.csv", none[i]);
    free(h);
    /* and its territorios.csv carries the roster's e-mail forward */
    char *t = (char *)tu_read(wb_path(outA, "csv/territorios.csv"), NULL);
    assert_non_null(t);
    char *nl = strchr(t, '\n');
    assert_non_null(nl);
    assert_non_null(strstr(t, ",recibido,dotacion_faltantes,correo\r\n"));
    assert_non_null(strstr(nl, ",2025-04-02,0,aconcagua@junji.cl\r\n"));
    free(t);
}

static void roster_problems(void **state)
{
    (void)state;
    char cmd[9000], *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' check --territorios '%s/no-existe.csv' '%s'", tu_bin(), tmp,
             tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "--territorios"));
    assert_non_null(strstr(e, "no-existe.csv"));
    free(e);
    char bad[4400];
    snprintf(bad, sizeof bad, "%s/sin-columnas.csv", tmp);
    assert_int_equal(tu_write(bad, "Nombre;Correo\nX;x@y.cl\n", 22), 0);
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o' --territorios '%s' '%s'", tu_bin(), tmp,
             bad, tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "la primera fila debe nombrar las columnas de la región y del N° "
                              "de territorio"));
    free(e);
}

static void all_regions_national(void **state)
{
    (void)state;
    xc_grid g = xc_load(wb_path(outN, "nacional.xlsx"), "Resumen");
    assert_true(g.ok);
    uint32_t total = xc_find_row(&g, 1, "Total nacional");
    assert_int_equal(total - 2, bt_region_count());
    uint32_t cstat = xc_find_col(&g, "Estado");
    for (size_t i = 0; i < bt_region_count(); i++) {
        uint32_t r = xc_find_row(&g, 1, bt_region_at(i)->name);
        assert_true(r > 1);
        bool has = i == 4 || i == 7 || i == 12;   /* Valparaíso, Biobío, Metropolitana */
        if (!has)
            assert_string_equal(xc_at(&g, r, cstat), "Sin bitácoras");
        else
            assert_string_not_equal(xc_at(&g, r, cstat), "Sin bitácoras");
    }
    /* the period and when the logbooks came, said on the sheet itself */
    bool said = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "Periodo 2025. Bitácoras en los totales recibidas entre el "
                                "02-04-2025 y el 10-04-2025"))
            said = true;
    assert_true(said);
    xc_free(&g);
}

static void received_dates(void **state)
{
    (void)state;
    xc_grid g = xc_load(wb_path(outN, REG05), "Resumen");
    uint32_t crec = xc_find_col(&g, "Recibido"), cnum = xc_find_col(&g, "N° territorio");
    assert_true(crec > 0);
    /* date cells, read back as their serial numbers */
    bt_date d1 = {2025, 4, 2}, d2 = {2025, 4, 10};
    assert_int_equal((int)xc_num(&g, row_of_number(&g, cnum, 1), crec), (int)bt_date_serial(&d1));
    assert_int_equal((int)xc_num(&g, row_of_number(&g, cnum, 2), crec), (int)bt_date_serial(&d2));
    xc_free(&g);
    char *x = sheet_xml(wb_path(outN, REG05), "Resumen");
    char ref[16];
    ref_of(2, crec, ref);
    assert_true(number_cell(x, ref));   /* a date cell, not text */
    free(x);
    g = xc_load(wb_path(outN, T01), "Resumen");
    assert_int_equal((int)xc_num(&g, xc_find_row(&g, 1, "Recibido"), 2), (int)bt_date_serial(&d1));
    xc_free(&g);
}

/* ---- 2. one status vocabulary, numbers as numbers ---- */

static void status_vocabulary(void **state)
{
    (void)state;
    static const char *const maipo[] = {"Incluido con errores: cifras provisionales"};
    xc_grid g = xc_load(wb_path(outN, REG13), "Resumen");
    uint32_t r = row_of_number(&g, xc_find_col(&g, "N° territorio"), 7);
    assert_string_equal(xc_at(&g, r, xc_find_col(&g, "Estado")), maipo[0]);
    assert_string_equal(xc_at(&g, r, xc_find_col(&g, "En los totales")), "Sí");
    r = row_of_number(&g, xc_find_col(&g, "N° territorio"), 3);
    assert_string_equal(xc_at(&g, r, xc_find_col(&g, "Estado")), "Incluido: sin errores ni avisos");
    /* why it is provisional, under the table */
    bool why = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "Territorio 7 «Maipo»: E051") && strstr(g.v[i].text, "B28"))
            why = true;
    assert_true(why);
    xc_free(&g);
    g = xc_load(wb_path(outN, "13-metropolitana-de-santiago/territorio-07-maipo.xlsx"), "Resumen");
    assert_string_equal(xc_at(&g, xc_find_row(&g, 1, "Estado de validación"), 2), maipo[0]);
    xc_free(&g);
    /* the old contradictory words are gone from every sheet of every workbook */
    static char paths[64][4400];
    size_t n = find_xlsx(outN, paths, 64);
    assert_true(n >= 13);
    for (size_t i = 0; i < n; i++) {
        int ns = sheet_count(paths[i]);
        for (int s = 1; s <= ns; s++) {
            char name[64];
            xc_grid x = xc_load(paths[i], sheet_name_at(paths[i], s, name, sizeof name));
            for (size_t k = 0; k < x.n; k++)
                if (strstr(x.v[k].text, "corrija antes de consolidar") ||
                    strstr(x.v[k].text, "No convertido"))
                    fail_msg("%s [%s]: «%s»", paths[i], name, x.v[k].text);
            xc_free(&x);
        }
    }
}

static void incomplete_totals_name_whose(void **state)
{
    (void)state;
    xc_grid g = xc_load(wb_path(outN, REG05), "Resumen");
    uint32_t tr = xc_find_row(&g, 1, "Total (territorios en los totales)");
    const char *u = xc_at(&g, tr, xc_find_col(&g, "Unidades: completitud"));
    assert_string_equal(u, "Incompleto: faltan 2 cantidades (territorio 4)");
    xc_free(&g);
    g = xc_load(wb_path(outN, REG05), "Unidades educativas");
    tr = xc_find_row(&g, 2, "Total");
    assert_string_equal(xc_at(&g, tr, xc_find_col(&g, "Completitud")),
                        "Incompleto: faltan 2 cantidades (territorio 4)");
    xc_free(&g);
    g = xc_load(wb_path(outN, "nacional.xlsx"), "Resumen");
    tr = xc_find_row(&g, 1, "Total nacional");
    /* across regions, each named with its region */
    assert_string_equal(xc_at(&g, tr, xc_find_col(&g, "Unidades: completitud")),
                        "Incompleto: faltan 2 cantidades (Valparaíso 4)");
    xc_free(&g);
}

/* N° territorio and every count: number cells in every region sheet. */
static void numbers_are_numbers(void **state)
{
    (void)state;
    static const char *const sheets[] = {"Resumen", "Unidades educativas", "Dotación",
                                         "Profesionales", "Comunidades", "Registros",
                                         "Planificación", "Proyecciones"};
    const char *wb = wb_path(outN, REG13);
    size_t checked = 0;
    for (size_t s = 0; s < sizeof sheets / sizeof sheets[0]; s++) {
        xc_grid g = xc_load(wb, sheets[s]);
        char *x = sheet_xml(wb, sheets[s]);
        uint32_t cols[8];
        size_t nc = 0;
        static const char *const numeric[] = {"N° territorio", "Unidades educativas",
                                              "Dotación declarada", "Profesionales listados",
                                              "CAETT proyectadas", "Sesiones registradas",
                                              "Errores", "Avisos"};
        for (size_t k = 0; k < 8; k++)
            if (xc_find_col(&g, numeric[k]))
                cols[nc++] = xc_find_col(&g, numeric[k]);
        assert_true(nc >= 1);
        for (uint32_t r = 2; r <= g.max_row; r++) {
            const char *first = xc_at(&g, r, 1);
            if (!first[0] || !strncmp(first, "Total", 5) || !strncmp(first, "Los totales", 11))
                break;
            for (size_t k = 0; k < nc; k++) {
                if (!xc_at(&g, r, cols[k])[0])
                    continue;   /* a missing territory's figures are empty */
                char ref[16];
                ref_of(r, cols[k], ref);
                if (!number_cell(x, ref))
                    fail_msg("%s %s: %s is text («%s»)", wb, sheets[s], ref, xc_at(&g, r, cols[k]));
                checked++;
            }
        }
        free(x);
        xc_free(&g);
    }
    assert_true(checked > 50);
}

/* ---- 3. comparison across periods ---- */

static void comparison_in_one_run(void **state)
{
    (void)state;
    assert_int_equal(statusB, 1);
    const char *wb = wb_path(outB, "periodo-2025/" REG05);
    xc_grid g = xc_load(wb, "Comparación");
    assert_true(g.ok);
    uint32_t c24 = xc_find_col(&g, "Unidades 2024"), c25 = xc_find_col(&g, "Unidades 2025");
    assert_true(c24 > 0 && c25 == c24 + 1);
    assert_string_equal(xc_at(&g, 1, c25 + 1), "Cambio");
    uint32_t cnote = xc_find_col(&g, "Nota"), cnum = xc_find_col(&g, "N° territorio");
    uint32_t r1 = row_of_number(&g, cnum, 1);
    assert_int_equal((int)xc_num(&g, r1, c24), 36);
    assert_int_equal((int)xc_num(&g, r1, c25), 38);
    assert_int_equal((int)xc_num(&g, r1, c25 + 1), 2);
    uint32_t k24 = xc_find_col(&g, "CAETT proy. 2024");
    assert_int_equal((int)xc_num(&g, r1, k24), 6);
    assert_int_equal((int)xc_num(&g, r1, k24 + 1), 8);
    /* present in one period only */
    assert_string_equal(xc_at(&g, row_of_number(&g, cnum, 5), cnote), "Solo en 2024: sin bitácora en 2025");
    assert_string_equal(xc_at(&g, row_of_number(&g, cnum, 3), cnote), "Solo en 2025");
    assert_string_equal(xc_at(&g, row_of_number(&g, cnum, 4), cnote), "Solo en 2025");
    xc_free(&g);
    /* the first period has nothing to compare with */
    assert_int_equal(sheet_index(wb_path(outB, "periodo-2024/" REG05), "Comparación"), 0);
    /* per region in the national workbook, from the same figures */
    g = xc_load(wb_path(outB, "periodo-2025/nacional.xlsx"), "Comparación");
    assert_true(g.ok);
    uint32_t rv = xc_find_row(&g, 1, "Valparaíso");
    assert_int_equal((int)xc_num(&g, rv, xc_find_col(&g, "Territorios 2024")), 3);
    assert_int_equal((int)xc_num(&g, rv, xc_find_col(&g, "Territorios 2025")), 4);
    /* 2024: Aconcagua 36 + Marga Marga 29 + Quillota 38 */
    assert_int_equal((int)xc_num(&g, rv, xc_find_col(&g, "Unidades 2024")), 103);
    assert_int_equal((int)xc_num(&g, rv, xc_find_col(&g, "Unidades 2025")), 111);
    assert_int_equal((int)xc_num(&g, rv, xc_find_col(&g, "Unidades 2025") + 1), 8);
    uint32_t rt = xc_find_row(&g, 1, "Tarapacá");
    assert_string_equal(xc_at(&g, rt, xc_find_col(&g, "Unidades 2025")), "");
    bool listed = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "Valparaíso, Territorio 5 «Quillota»: solo en 2024"))
            listed = true;
    assert_true(listed);
    xc_free(&g);
    g = xc_load(wb_path(outB, "periodo-2025/nacional.xlsx"), "Comparación por territorio");
    assert_true(g.ok);
    assert_true(xc_find_col(&g, "Región") == 1);
    xc_free(&g);
}

/* Every cell of two sheets, but the line that says where the previous
 * period came from. */
static void same_sheet(const char *a, const char *b, const char *sheet)
{
    xc_grid ga = xc_load(a, sheet), gb = xc_load(b, sheet);
    assert_true(ga.ok && gb.ok);
    assert_int_equal(ga.max_row, gb.max_row);
    for (uint32_t r = 1; r <= ga.max_row; r++)
        for (uint32_t c = 1; c <= 30; c++) {
            const char *x = xc_at(&ga, r, c), *y = xc_at(&gb, r, c);
            if (!strncmp(x, "Periodo 2025 comparado con 2024", 31) &&
                !strncmp(y, "Periodo 2025 comparado con 2024", 31))
                continue;
            if (strcmp(x, y))
                fail_msg("%s [%s] row %u col %u: «%s» / «%s»", b, sheet, r, c, x, y);
        }
    xc_free(&ga);
    xc_free(&gb);
}

static void comparison_with_anterior(void **state)
{
    (void)state;
    assert_int_equal(statusC, 0);
    assert_int_equal(statusD, 1);
    const char *b = wb_path(outB, "periodo-2025/nacional.xlsx"), *d = wb_path(outD, "nacional.xlsx");
    same_sheet(b, d, "Comparación");
    same_sheet(b, d, "Comparación por territorio");
    same_sheet(wb_path(outB, "periodo-2025/" REG05), wb_path(outD, REG05), "Comparación");
    /* it says where the previous period came from */
    xc_grid g = xc_load(d, "Comparación");
    bool said = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "de la corrida anterior en") && strstr(g.v[i].text, "/C"))
            said = true;
    assert_true(said);
    xc_free(&g);
}

static void anterior_problems(void **state)
{
    (void)state;
    char cmd[9000], *e = NULL;
    /* a folder without csv/territorios.csv */
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o5' --anterior '%s' '%s'", tu_bin(), tmp,
             tu_path("samples"), tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "--anterior"));
    assert_non_null(strstr(e, "csv/territorios.csv"));
    free(e);
    /* a plain roster is no earlier run */
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o6' --anterior '%s' '%s'", tu_bin(), tmp,
             tu_path("tests/data/reports/territorios.csv"),
             tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "unidades_total"));
    free(e);
    /* an earlier run of a later period: said, no comparison */
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o7' --anterior '%s' '%s'", tu_bin(), tmp, outN,
             tu_path("tests/data/reports/2024"));
    assert_int_equal(tu_run(cmd, NULL, &e), 0);
    assert_non_null(strstr(e, "no hay comparación"));
    free(e);
    char p[4400];
    snprintf(p, sizeof p, "%s/o7/nacional.xlsx", tmp);
    assert_int_equal(sheet_index(p, "Comparación"), 0);
}

/* ---- 4. corrections ---- */

static void territory_corrections(void **state)
{
    (void)state;
    const char *wb = wb_path(outA, T04);
    xc_grid g = xc_load(wb, "Correcciones");
    assert_true(g.ok);
    assert_string_equal(xc_at(&g, 1, 1), "Correcciones a la bitácora · Territorio 4 «Viña del "
                                         "Mar - Costa Norte»");
    assert_string_equal(xc_at(&g, 3, 1), "Para: Rosa Elena Cárdenas Pino (representante "
                                         "territorial) · correo: vinanorte@junji.cl");
    uint32_t hdr = xc_find_row(&g, 5, "Qué se encontró");
    assert_true(hdr > 1);
    assert_string_equal(xc_at(&g, hdr, 3), "Celda");
    assert_string_equal(xc_at(&g, hdr, 6), "Qué hacer");
    /* errors first, each with its cell, what was found and what to do */
    bool avisos = false;
    size_t rows = 0, errors = 0;
    for (uint32_t r = hdr + 1; r <= g.max_row && xc_at(&g, r, 2)[0]; r++, rows++) {
        const char *tipo = xc_at(&g, r, 2);
        if (!strcmp(tipo, "Aviso"))
            avisos = true;
        else if (avisos)
            fail_msg("an error after an aviso at row %u", r);
        else
            errors++;
        assert_true(xc_at(&g, r, 3)[0] && xc_at(&g, r, 5)[0] && xc_at(&g, r, 6)[0]);
    }
    assert_int_equal(errors, 2);
    assert_int_equal(rows, 7);   /* 2 errors, 3 avisos of the file, A083 and A084 */
    uint32_t e040 = xc_find_row(&g, 3, "B12");
    assert_non_null(strstr(xc_at(&g, e040, 5), "«15 aprox.» no es un número entero"));
    assert_string_equal(xc_at(&g, e040, 6), "Escriba solo la cifra, un número entero, sin texto "
                                            "(0 si no hay).");
    xc_free(&g);
    /* a territory with nothing to correct says so */
    g = xc_load(wb_path(outA, T01), "Correcciones");
    bool nothing = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "no hay nada que corregir"))
            nothing = true;
    assert_true(nothing);
    xc_free(&g);
}

static void region_corrections(void **state)
{
    (void)state;
    const char *wb = wb_path(outA, REG05);
    xc_grid g = xc_load(wb, "Correcciones");
    assert_true(g.ok);
    size_t blocks = 0;
    bool quillota = false, t1 = false;
    for (uint32_t r = 1; r <= g.max_row; r++) {
        const char *a = xc_at(&g, r, 1);
        if (!strncmp(a, "Correcciones a la bitácora · ", 29) || !strncmp(a, "Falta la bitácora · ", 21))
            blocks++;
        if (!strcmp(a, "Falta la bitácora · Territorio 5 «Quillota»")) {
            quillota = true;
            assert_string_equal(xc_at(&g, r + 2, 1), "Para: Pedro Soto Vera (representante "
                                                     "territorial) · correo: quillota@junji.cl");
        }
        if (strstr(a, "«Aconcagua»"))
            t1 = true;
    }
    /* territories 2, 3, 4 have findings (A084 on 3, A083/A084 on 4...), 1 has none */
    assert_true(quillota);
    assert_false(t1);
    assert_true(blocks >= 3);
    xc_free(&g);
    /* each block on a page of its own */
    char *x = sheet_xml(wb, "Correcciones");
    char want[64];
    snprintf(want, sizeof want, "<rowBreaks count=\"%zu\"", blocks - 1);
    if (!strstr(x, want))
        fail_msg("Correcciones: no %s", want);
    free(x);
}

static void comments_on_shaded_cells(void **state)
{
    (void)state;
    const char *wb = wb_path(outN, T04);
    xc_grid g = xc_load(wb, "Unidades educativas");
    uint32_t vtf = xc_find_row(&g, 1, "Jardín Infantil VTF");
    uint32_t lab = xc_find_row(&g, 1, "Jardín Laboral");
    xc_free(&g);
    char *c = comments_of(wb, "Unidades educativas");
    assert_non_null(c);
    char buf[4000], ref[16];
    ref_of(vtf, 2, ref);    /* the invalid count, shaded red */
    assert_non_null(strstr(comment_at(c, ref, buf, sizeof buf), "E040"));
    assert_non_null(strstr(buf, "15 aprox."));
    ref_of(lab, 3, ref);    /* its status, shaded: no count */
    assert_non_null(strstr(comment_at(c, ref, buf, sizeof buf), "A041"));
    free(c);
    c = comments_of(wb, "Registros");
    assert_non_null(c);
    assert_non_null(strstr(comment_at(c, "B2", buf, sizeof buf), "E060"));
    free(c);
    /* the region matrix: an incomplete figure, and the staff declared
     * against the names */
    const char *reg = wb_path(outN, REG05);
    g = xc_load(reg, "Unidades educativas");
    uint32_t r4 = row_of_number(&g, 1, 4), cl = xc_find_col(&g, "Laboral");
    xc_free(&g);
    c = comments_of(reg, "Unidades educativas");
    ref_of(r4, cl, ref);
    assert_non_null(strstr(comment_at(c, ref, buf, sizeof buf), "A041"));
    free(c);
    /* the status of a row: why provisional, why missing */
    g = xc_load(wb_path(outA, REG05), "Resumen");
    uint32_t cstat = xc_find_col(&g, "Estado"), cnum = xc_find_col(&g, "N° territorio");
    uint32_t rv4 = row_of_number(&g, cnum, 4), rv5 = row_of_number(&g, cnum, 5);
    xc_free(&g);
    c = comments_of(wb_path(outA, REG05), "Resumen");
    ref_of(rv4, cstat, ref);
    assert_non_null(strstr(comment_at(c, ref, buf, sizeof buf), "E040 en B12"));
    ref_of(rv5, cstat, ref);
    assert_non_null(strstr(comment_at(c, ref, buf, sizeof buf), "Pídala a Pedro Soto Vera"));
    free(c);
    const char *rm = wb_path(outN, REG13);
    g = xc_load(rm, "Dotación");
    uint32_t r7 = row_of_number(&g, 1, 7), cd = xc_find_col(&g, "Diferencia (listados - declarados)");
    xc_free(&g);
    c = comments_of(rm, "Dotación");
    ref_of(r7, cd, ref);
    assert_non_null(strstr(comment_at(c, ref, buf, sizeof buf), "E051"));
    free(c);
}

/* ---- 5. print ---- */

/* The print scale a sheet gets fitted to one A4 landscape page wide:
 * the printable width over the printed columns' width (pixels at 96 dpi:
 * a column of width w is about 7 w pixels). */
static double print_scale(const char *xlsx, int k, const char *x)
{
    double left = 0.7, right = 0.7;
    const char *m = strstr(x, "<pageMargins ");
    if (m) {
        const char *l = strstr(m, "left=\""), *r = strstr(m, "right=\"");
        left = l ? atof(l + 6) : left;
        right = r ? atof(r + 7) : right;
    }
    /* printed columns: the print area's, else the used range's */
    unsigned last = 0;
    char *wb = part(xlsx, "xl/workbook.xml");
    char pat[96];
    snprintf(pat, sizeof pat, "name=\"_xlnm.Print_Area\" localSheetId=\"%d\">", k - 1);
    const char *pa = strstr(wb, pat);
    if (pa) {
        const char *colon = strchr(pa, ':');
        const char *d = colon ? strchr(colon, '$') : NULL;
        for (const char *p = d ? d + 1 : ""; *p >= 'A' && *p <= 'Z'; p++)
            last = last * 26 + (unsigned)(*p - 'A' + 1);
    } else {
        const char *dim = strstr(x, "<dimension ref=\"");
        const char *colon = dim ? strchr(dim, ':') : NULL;
        for (const char *p = colon ? colon + 1 : ""; *p >= 'A' && *p <= 'Z'; p++)
            last = last * 26 + (unsigned)(*p - 'A' + 1);
    }
    free(wb);
    double px = 0;
    for (unsigned c = 1; c <= last; c++) {
        double w = 8.43;
        for (const char *p = strstr(x, "<col "); p; p = strstr(p + 1, "<col ")) {
            unsigned lo = (unsigned)atoi(strstr(p, "min=\"") + 5);
            unsigned hi = (unsigned)atoi(strstr(p, "max=\"") + 5);
            if (c >= lo && c <= hi)
                w = atof(strstr(p, "width=\"") + 7);
        }
        px += floor(w * 7 + 0.5);
    }
    double printable = (11.69 - left - right) * 96;
    return px > printable ? printable / px : 1.0;
}

static bool kv_sheet(const char *name)
{
    static const char *const kv[] = {"Organización", "Evaluación", "Correcciones"};
    for (size_t i = 0; i < 3; i++)
        if (!strcmp(name, kv[i]))
            return true;
    return false;
}

static void printed_pages(void **state)
{
    (void)state;
    static char paths[64][4400];
    size_t n = find_xlsx(outA, paths, 64);
    size_t m = find_xlsx(outB, paths + n, 64 - n);
    n += m;
    assert_true(n >= 30);
    size_t sheets = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        bool territory = strstr(p, "/territorio-") != NULL, national = strstr(p, "nacional") != NULL;
        int ns = sheet_count(p);
        for (int k = 1; k <= ns; k++) {
            char name[64], part_name[64];
            sheet_name_at(p, k, name, sizeof name);
            snprintf(part_name, sizeof part_name, "xl/worksheets/sheet%d.xml", k);
            char *x = part(p, part_name);
            assert_non_null(x);
            sheets++;
            /* what the page is: region (or the country), territory, period */
            const char *h = strstr(x, "<oddHeader>");
            if (!h)
                fail_msg("%s [%s]: no page header", p, name);
            const char *region = national ? "Consolidado nacional"
                                 : strstr(p, "05-valparaiso") ? "Región de Valparaíso"
                                 : strstr(p, "08-biobio") ? "Región del Biobío"
                                                          : "Región Metropolitana de Santiago";
            const char *period = strstr(p, "periodo-2024") ? "Periodo 2024" : "Periodo 2025";
            const char *hend = strstr(h, "</oddHeader>");
            char header[1024];
            snprintf(header, sizeof header, "%.*s", (int)(hend - h), h);
            if (!strstr(header, region) || !strstr(header, period) ||
                !strstr(header, "&amp;R&amp;A · Periodo 20") ||
                (territory && !strstr(header, "Territorio ")))
                fail_msg("%s [%s]: header %s", p, name, header);
            const char *f = strstr(x, "<oddFooter>");
            if (!f || !strstr(f, "&amp;P") || !strstr(f, "&amp;N") || !strstr(f, "&amp;D"))
                fail_msg("%s [%s]: footer without page and date fields", p, name);
            if (!strstr(x, "paperSize=\"9\"") || !strstr(x, "orientation=\"landscape\"") ||
                !strstr(x, "<pageSetUpPr fitToPage=\"1\"/>"))
                fail_msg("%s [%s]: not fitted to A4 landscape", p, name);
            double scale = print_scale(p, k, x);
            if (scale < 0.60)
                fail_msg("%s [%s]: printed at %.0f %%", p, name, scale * 100);
            /* key-value sheets: no autofilter */
            bool kv = kv_sheet(name) || (territory && (!strcmp(name, "Resumen") ||
                                                       !strcmp(name, "Planificación")));
            if (kv && strstr(x, "<autoFilter"))
                fail_msg("%s [%s]: key-value sheet with an autofilter", p, name);
            free(x);
        }
    }
    assert_true(sheets > 300);
}

static void print_areas_and_long_texts(void **state)
{
    (void)state;
    /* the source path is on screen, not on paper */
    const char *wb = wb_path(outN, REG05);
    xc_grid g = xc_load(wb, "Resumen");
    uint32_t cfile = xc_find_col(&g, "Archivo de origen"), cstat = xc_find_col(&g, "En los totales");
    xc_free(&g);
    assert_true(cfile > cstat);
    char *w = part(wb, "xl/workbook.xml");
    char last[8], want[160];
    bt_col_letters(cstat, last);
    snprintf(want, sizeof want, "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">"
                                "Resumen!$A$1:$%s$", last);
    if (!strstr(w, want))
        fail_msg("no print area %s", want);
    free(w);
    /* Planificación: one row per territory and section, four columns */
    g = xc_load(wb, "Planificación");
    assert_int_equal(xc_find_col(&g, "Texto"), 4);
    assert_string_equal(xc_at(&g, 1, 5), "");
    size_t rows = 0;
    for (uint32_t r = 2; r <= g.max_row; r++)
        rows += xc_at(&g, r, 3)[0] != 0;
    assert_int_equal(rows, 4 * 9);   /* 4 territories, 9 sections each */
    xc_free(&g);
    /* row heights: a row of one short line keeps the default height */
    char *x = sheet_xml(wb, "Planificación");
    g = xc_load(wb, "Planificación");
    uint32_t rep = xc_find_row(&g, 3, "Representante territorial");
    xc_free(&g);
    char pat[64];
    snprintf(pat, sizeof pat, "<row r=\"%u\"", rep);
    const char *row = strstr(x, pat);
    assert_non_null(row);
    const char *gt = strchr(row, '>');
    const char *ht = strstr(row, " ht=\"");
    assert_true(!ht || ht > gt);
    free(x);
    /* the text sheets, filled together a territory at a time, each give
     * their wrapped rows the height they need */
    static const char *const texts[] = {"Comunidades", "Registros", "Planificación",
                                        "Proyecciones"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        x = sheet_xml(wb, texts[i]);
        assert_non_null(x);
        const char *r2 = strstr(x, "<row r=\"2\"");
        if (!r2 || !strstr(r2, " ht=\""))
            fail_msg("%s: no row below the header has a height", texts[i]);
        free(x);
    }
}

/* ---- 6. charts ---- */

static void charts(void **state)
{
    (void)state;
    const char *wb = wb_path(outN, REG05);
    char *c1 = part(wb, "xl/charts/chart1.xml"), *c2 = part(wb, "xl/charts/chart2.xml");
    assert_non_null(c1);
    assert_non_null(c2);
    static const char *const must[] = {"<c:barChart>", "<c:grouping val=\"stacked\"/>",
                                       "<c:showVal val=\"1\"/>", "Región de Valparaíso",
                                       "2025"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
        if (!strstr(c1, must[i]) || !strstr(c2, must[i]))
            fail_msg("region chart lacks %s", must[i]);
    }
    assert_non_null(strstr(c1, "Unidades educativas por territorio y programa"));
    assert_non_null(strstr(c2, "Dotación declarada por territorio y disciplina"));
    /* one series per programme that some territory has (Com. indígenas and
     * the extras are 0 everywhere in Valparaíso) */
    size_t series = 0;
    for (char *p = strstr(c1, "<c:ser>"); p; p = strstr(p + 1, "<c:ser>"))
        series++;
    assert_int_equal(series, 8);
    /* the categories are the territories */
    assert_non_null(strstr(c1, "'Unidades educativas'!$B$2:$B$5"));
    free(c1);
    free(c2);
    const char *nat = wb_path(outN, "nacional.xlsx");
    c1 = part(nat, "xl/charts/chart1.xml");
    assert_non_null(c1);
    assert_non_null(strstr(c1, "<c:grouping val=\"stacked\"/>"));
    assert_non_null(strstr(c1, "Unidades educativas por región y programa · país · 2025"));
    assert_non_null(strstr(c1, "'Unidades educativas'!$A$2:$A$17"));   /* all 16 regions */
    free(c1);
}

/* The same inputs (and file dates) give the same bytes. */
static void deterministic(void **state)
{
    (void)state;
    char out[4400], opts[9000], inputs[4400], cmd[9000];
    snprintf(out, sizeof out, "%s/A2", tmp);
    snprintf(opts, sizeof opts, "--territorios '%s'", tu_path("tests/data/reports/territorios.csv"));
    snprintf(inputs, sizeof inputs, "'%s'", in);
    assert_int_equal(run_convert(out, opts, inputs, NULL), 1);
    snprintf(cmd, sizeof cmd, "diff -r '%s' '%s'", outA, out);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roster_findings),
        cmocka_unit_test(missing_rows),
        cmocka_unit_test(numbering_gaps),
        cmocka_unit_test(roster_from_previous_run),
        cmocka_unit_test(roster_problems),
        cmocka_unit_test(all_regions_national),
        cmocka_unit_test(received_dates),
        cmocka_unit_test(status_vocabulary),
        cmocka_unit_test(incomplete_totals_name_whose),
        cmocka_unit_test(numbers_are_numbers),
        cmocka_unit_test(comparison_in_one_run),
        cmocka_unit_test(comparison_with_anterior),
        cmocka_unit_test(anterior_problems),
        cmocka_unit_test(territory_corrections),
        cmocka_unit_test(region_corrections),
        cmocka_unit_test(comments_on_shaded_cells),
        cmocka_unit_test(printed_pages),
        cmocka_unit_test(print_areas_and_long_texts),
        cmocka_unit_test(charts),
        cmocka_unit_test(deterministic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
