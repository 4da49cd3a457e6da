/*
 * test_roundtrip.c - XLSX both ways: the acceptance test.
 *
 * At test time, the committed template (templates/bitacora_ett.xlsx) is
 * filled with the content of a sample territory by another program
 * (tools/mkfixtures.py, openpyxl), which stores no result for the
 * template's formulas; LibreOffice opens the filled workbook, calculates
 * them (the Total rows, the names counted beside each discipline and the
 * mark that says whether they match the count) and saves it as XLSX and
 * as CSV, as a team would.  bitacora converts each into its own folder,
 * and the territory workbooks must be identical sheet by sheet, cell by
 * cell (read back with bitacora's XLSX reader), except the "Archivo de
 * origen" block of the Resumen sheet, which says what each file was.  The
 * same holds for the sample CSV the content came from, and for `bitacora
 * export` of the filled workbook converted again.  The computed cells are
 * no data: a sample whose counts and names disagree gives, filled in the
 * template, the findings its own CSV gives and no other.  `bitacora
 * template` writes exactly the committed templates.
 */
#include "testutil.h"
#include "xlsxcells.h"

#include <stdbool.h>

static const char *const SAMPLE = "samples/valparaiso_t01_aconcagua.csv";
static const char *const WORKBOOK = "05-valparaiso/territorio-01-aconcagua.xlsx";
/* A sample whose declared staff and names disagree (E051). */
static const char *const MISMATCH = "samples/rm_t07_maipo.csv";

static char *tmp;
static bool ready;            /* every input was made */
static char filled[4400], lo_csv[4400], lo_xlsx[4400], exported[4400];
static char maipo_xlsx[4400], maipo_csv[4400], blank_csv[4400];
static char nototal_xlsx[4400];   /* an XLSX logbook without Total rows */

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
 * wait for, or disturb, another LibreOffice); a CSV input is read as
 * UTF-8, comma-separated. */
static int soffice(const char *to, const char *outdir, const char *in)
{
    char cmd[20000];
    const char *dot = strrchr(in, '.');
    bool csv = dot && strcmp(dot, ".csv") == 0;
    snprintf(cmd, sizeof cmd,
             "soffice -env:UserInstallation=file://%s/lo-profile --headless %s --convert-to "
             "'%s' --outdir '%s' '%s'",
             tmp, csv ? "--infilter=CSV:44,34,76,1" : "", to, outdir, in);
    return sh("soffice", cmd);
}

/* bitacora convert IN into tmp/DIR; returns the exit status. */
static int convert(const char *in, const char *dir)
{
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s' convert -q -o '%s/%s' '%s'", tu_bin(), tmp, dir, in);
    return tu_run(cmd, NULL, NULL);
}

/* The template filled with a sample by openpyxl (no formula results),
 * then saved by LibreOffice as XLSX into tmp/lo-xlsx and as CSV into
 * tmp/lo-csv, both named NAME. */
static int fill_and_save(const char *sample, const char *name)
{
    char cmd[20000], out[4400], dir[4400];
    snprintf(out, sizeof out, "%s/%s.xlsx", tmp, name);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' fill '%s' '%s' '%s'",
             tu_path("tools/mkfixtures.py"), tu_path("templates/bitacora_ett.xlsx"), out,
             tu_path(sample));
    if (sh("fill", cmd) != 0)
        return -1;
    path_in(dir, "lo-csv");
    if (soffice("csv:Text - txt - csv (StarCalc):44,34,76,1", dir, out) != 0)
        return -1;
    path_in(dir, "lo-xlsx");
    return soffice("xlsx", dir, out);
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
    path_in(maipo_xlsx, "lo-xlsx/maipo.xlsx");
    path_in(maipo_csv, "lo-csv/maipo.csv");
    path_in(blank_csv, "lo-blank/bitacora_ett.csv");
    if (fill_and_save(SAMPLE, "filled") != 0 || fill_and_save(MISMATCH, "maipo") != 0)
        return 0;
    /* The sample without its Total rows, as an XLSX LibreOffice wrote. */
    char *src = (char *)tu_read(tu_path(SAMPLE), NULL), nototal_csv[4400], dir[4400];
    if (!src)
        return 0;
    path_in(nototal_csv, "sin-total.csv");
    FILE *fo = fopen(nototal_csv, "wb");
    for (char *line = src; fo && *line;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (strncmp(line, "Total,", 6) != 0)
            fwrite(line, 1, len, fo);
        line += len;
    }
    free(src);
    if (!fo || fclose(fo) != 0)
        return 0;
    path_in(dir, "lo-sin-total");
    path_in(nototal_xlsx, "lo-sin-total/sin-total.xlsx");
    if (soffice("xlsx", dir, nototal_csv) != 0)
        return 0;
    /* The blank template, saved by LibreOffice as CSV. */
    path_in(dir, "lo-blank");
    if (soffice("csv:Text - txt - csv (StarCalc):44,34,76,1", dir,
                tu_path("templates/bitacora_ett.xlsx")) != 0)
        return 0;
    const char *made[] = {lo_csv, lo_xlsx, maipo_xlsx, maipo_csv, blank_csv, nototal_xlsx};
    ready = true;
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        ready = ready && access(made[i], R_OK) == 0;
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

/* `bitacora check` of a file: its status and stdout (findings) and
 * stderr (summary). */
static int check_file(const char *in, char **out, char **err)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "'%s' check '%s'", tu_bin(), in);
    return tu_run(cmd, out, err);
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
    /* The filled workbook, as openpyxl and LibreOffice saved it, has no
     * findings: nothing computed beside the tables is read as data. */
    const char *ins[] = {filled, lo_csv, lo_xlsx};
    for (size_t i = 0; i < 3; i++) {
        char *e = NULL;
        int st = check_file(ins[i], NULL, &e);
        if (st != 0 || !strstr(e, "0 errores, 0 avisos"))
            fail_msg("check %s: status %d\n%s", ins[i], st, e);
        free(e);
    }
}

/* The row of a Bitácora sheet whose column A is label, from row `from`. */
static uint32_t row_from(const xc_grid *g, uint32_t from, const char *label)
{
    for (uint32_t r = from; r <= g->max_row; r++)
        if (strcmp(xc_at(g, r, 1), label) == 0)
            return r;
    return 0;
}

/* The staffing table of a filled form: column B, D and E of a row. */
static void expect_staff(const xc_grid *g, const char *label, const char *declared,
                         const char *listed, const char *mark)
{
    uint32_t head = xc_find_row(g, 1, "Disciplinas");
    assert_true(head > 0);
    uint32_t r = row_from(g, head, label);
    if (!r)
        fail_msg("no row «%s» in the staffing table", label);
    if (strcmp(xc_at(g, r, 2), declared) || strcmp(xc_at(g, r, 4), listed) ||
        strcmp(xc_at(g, r, 5), mark))
        fail_msg("«%s»: B «%s» D «%s» E «%s», expected «%s» «%s» «%s»", label, xc_at(g, r, 2),
                 xc_at(g, r, 4), xc_at(g, r, 5), declared, listed, mark);
}

/* The template stores formulas with an empty result; openpyxl stores
 * none; LibreOffice, opening the filled form, calculates them all: the
 * totals add up, the names are counted and the mark says whether they
 * match, in the XLSX and in the CSV it saves. */
static void libreoffice_calculates(void **state)
{
    (void)state;
    assert_true(ready);
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet1.xml",
             tu_path("templates/bitacora_ett.xlsx"));
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    assert_non_null(strstr(o, "<f>IF(COUNT(B"));     /* a Total */
    assert_non_null(strstr(o, "CHAR(10)"));          /* names counted */
    assert_non_null(strstr(o, "\"No coincide\""));   /* the mark */
    free(o);
    xc_grid g = xc_load(filled, "Bitácora");
    assert_true(g.ok);
    uint32_t total = xc_find_row(&g, 1, "Total");
    assert_true(total > 0);
    assert_string_equal(xc_at(&g, total, 2), "");   /* not calculated by openpyxl */
    xc_free(&g);

    g = xc_load(lo_xlsx, "Bitácora");
    assert_true(g.ok);
    total = xc_find_row(&g, 1, "Total");
    assert_string_equal(xc_at(&g, total, 2), "38");
    expect_staff(&g, "Educador/a de párvulos", "4", "4", "Coincide");
    expect_staff(&g, "Asesor/a intercultural", "0", "0", "Coincide");
    expect_staff(&g, "Total", "8", "8", "Coincide");
    xc_free(&g);

    g = xc_load(maipo_xlsx, "Bitácora");
    assert_true(g.ok);
    total = xc_find_row(&g, 1, "Total");
    assert_string_equal(xc_at(&g, total, 2), "44");
    expect_staff(&g, "Educador/a de párvulos", "6", "6", "Coincide");
    expect_staff(&g, "Sicólogo/a educacional", "2", "1", "No coincide");
    expect_staff(&g, "Total", "11", "10", "No coincide");
    xc_free(&g);

    char *csv = (char *)tu_read(maipo_csv, NULL);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "\"Total\",44,"));
    assert_non_null(strstr(csv, "\"Sicólogo/a educacional\",2,\"Matías Ortega Leiva\",1,"
                                "\"No coincide\""));
    assert_non_null(strstr(csv, "\"Total\",11,,10,\"No coincide\""));
    free(csv);
}

/* What the form computed is not read as typed: the filled mismatch sample
 * gives, as XLSX and as CSV, exactly the findings its own CSV gives at the
 * same cells (less the hand-added total the form now adds up, and the
 * extra discipline the form has no row for), nothing about the computed
 * cells. */
static void computed_cells_are_no_data(void **state)
{
    (void)state;
    assert_true(ready);
    const char *ins[] = {maipo_xlsx, maipo_csv};
    for (size_t i = 0; i < 2; i++) {
        char *out = NULL, *err = NULL;
        int st = check_file(ins[i], &out, &err);
        const char *sheet = i == 0 ? "Bitácora!" : "";
        char a052[128], e051[128];
        snprintf(a052, sizeof a052, ":25:3: aviso[A052]: Educador/a diferencial (%sC25)", sheet);
        snprintf(e051, sizeof e051, ":28:2: error[E051]: Sicólogo/a educacional (%sB28): la "
                 "dotación declarada es 2, pero hay 1 nombre listado", sheet);
        if (st != 1 || !strstr(out, a052) || !strstr(out, e051) ||
            !strstr(err, "1 error, 1 aviso"))
            fail_msg("check %s: status %d\n%s%s", ins[i], st, out, err);
        free(out);
        free(err);
    }
    /* The sample itself says the same (and two things the form cannot). */
    char *out = NULL;
    assert_int_equal(check_file(tu_path(MISMATCH), &out, NULL), 1);
    assert_non_null(strstr(out, ":28:2: error[E051]"));
    assert_non_null(strstr(out, ":25:3: aviso[A052]"));
    free(out);
}

/* The blank template, and the blank template saved by LibreOffice as CSV
 * (its formulas calculated to empty): one E014 each, nothing else. */
static void blank_template_is_blank(void **state)
{
    (void)state;
    assert_true(ready);
    const char *ins[] = {tu_path("templates/bitacora_ett.xlsx"), blank_csv};
    for (size_t i = 0; i < 2; i++) {
        char *out = NULL, *err = NULL;
        int st = check_file(ins[i], &out, &err);
        if (st != 1 || !strstr(out, "error[E014]") || !strstr(err, "1 error, 0 avisos"))
            fail_msg("check %s: status %d\n%s%s", ins[i], st, out, err);
        free(out);
        free(err);
    }
}

static void xlsx_and_csv(void **state)
{
    (void)state;
    assert_true(ready);
    char a[4400], b[4400];
    converted(lo_xlsx, "out-xlsx", a);
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

/* What the team filled in is what the sample says: the totals the form
 * added up are the ones the sample declares. */
static void same_as_sample(void **state)
{
    (void)state;
    assert_true(ready);
    char a[4400], b[4400];
    converted(lo_xlsx, "out-xlsx", a);
    converted(tu_path(SAMPLE), "out-sample", b);
    /* The sample has 3 session blocks and 7 CAETT rows, the template 10
     * and 12: the data comes from other rows. */
    same_workbook(a, b, false);
}

/* bitacora export: the filled XLSX to the normalized CSV, which converts
 * to the same workbook; the XLSX and its CSV export alike. */
static void export_and_back(void **state)
{
    (void)state;
    assert_true(ready);
    char cmd[20000], *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' export '%s' -o '%s'", tu_bin(), lo_xlsx, exported);
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
    /* plain data: the form's computed columns are not exported */
    assert_null(strstr((char *)csv, "Coincide"));
    assert_null(strstr((char *)csv, "Nombres listados"));
    free(csv);
    char a[4400], b[4400];
    converted(exported, "out-export", a);
    converted(lo_xlsx, "out-xlsx", b);
    same_workbook(a, b, false);
    /* The CSV LibreOffice saved exports to the same bytes. */
    char again[4400];
    path_in(again, "exportado2.csv");
    snprintf(cmd, sizeof cmd, "'%s' export '%s' -o '%s'", tu_bin(), lo_csv, again);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "cmp '%s' '%s'", exported, again);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
}

/* The names counted by the form are the names bitacora counts: a cell
 * per discipline with blank pieces, a trailing separator, spaces around
 * «;», a comma (no separator), bullets and CR LF line ends, each declared
 * with bitacora's count; LibreOffice's marks all say «Coincide», and
 * bitacora finds no E051 in what LibreOffice saved. */
static void names_counted_like_the_reader(void **state)
{
    (void)state;
    assert_true(ready);
    static const char script[] =
        "import openpyxl, sys\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "ws = wb['Bitácora']\n"
        "cases = [('Ana Soto; ;Luis Paz', 2), ('Ana Soto\\nJuan Díaz\\n', 2), (';', 0),\n"
        "         ('Ana Soto, Juan Díaz', 1), (' Ana  Pérez ;Juan Díaz;;', 2),\n"
        "         ('- Ana Soto\\n- Juan Díaz\\r\\n• Rosa Paz', 3)]\n"
        "first = [r for r in range(1, ws.max_row + 1)\n"
        "         if ws.cell(r, 1).value == 'Educador/a de párvulos'][0]\n"
        "for i, (text, n) in enumerate(cases):\n"
        "    ws.cell(first + i, 2).value = n\n"
        "    ws.cell(first + i, 3).value = text\n"
        "wb.save(sys.argv[2])\n";
    char py[4400], out[4400], dir[4400], lo[4400], cmd[20000];
    path_in(py, "nombres.py");
    path_in(out, "nombres.xlsx");
    assert_int_equal(tu_write(py, script, strlen(script)), 0);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' '%s' '%s'", py, filled, out);
    assert_int_equal(sh("nombres", cmd), 0);
    path_in(dir, "lo-nombres");
    assert_int_equal(soffice("xlsx", dir, out), 0);
    path_in(lo, "lo-nombres/nombres.xlsx");
    xc_grid g = xc_load(lo, "Bitácora");
    assert_true(g.ok);
    static const char *const disciplines[] = {
        "Educador/a de párvulos", "Educador/a diferencial", "Trabajador/a social",
        "Asesor/a intercultural", "Sicólogo/a educacional", "Nutricionista"};
    static const char *const counts[] = {"2", "2", "0", "1", "2", "3"};
    for (size_t i = 0; i < 6; i++)
        expect_staff(&g, disciplines[i], counts[i], counts[i], "Coincide");
    xc_free(&g);
    char *o = NULL;
    check_file(lo, &o, NULL);
    assert_null(strstr(o, "E051"));
    assert_null(strstr(o, "E053"));
    free(o);
}

/* ---- the facts of a workbook ---- */

/* A column that says where in the input something was (the input's
 * layout, which an export changes), not what it was. */
static bool where_col(const char *header)
{
    return strncmp(header, "Celda", 5) == 0 || strncmp(header, "Fila", 4) == 0 ||
           strcmp(header, "Columna") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The row that heads a sheet's table: the first one naming a "where"
 * column (the correction letter's table starts below its letter). */
static uint32_t header_row(const xc_grid *g)
{
    for (uint32_t r = 1; r <= g->max_row; r++)
        for (size_t i = 0; i < g->n; i++)
            if (g->v[i].row == r && where_col(g->v[i].text))
                return r;
    return 1;
}

/* The correction letter's line that names the file it was made from. */
static bool letter_source_row(const xc_grid *g, uint32_t row)
{
    return strncmp(xc_at(g, row, 1), "Archivo revisado:", 17) == 0;
}

/* Every row of every sheet as "Sheet|text|text…", without the columns
 * that say where, nor the Resumen's source block, nor the correction
 * letter's line naming the file; sorted. */
static size_t facts_of(const char *wb, char ***out)
{
    static char names[64][64];
    size_t ns = sheet_names(wb, names, 64), n = 0, cap = 256;
    char **v = malloc(cap * sizeof *v);
    assert_non_null(v);
    for (size_t s = 0; s < ns; s++) {
        xc_grid g = xc_load(wb, names[s]);
        assert_true(g.ok);
        bool resumen = strcmp(names[s], "Resumen") == 0;
        bool letter = strcmp(names[s], "Correcciones") == 0;
        uint32_t hr = header_row(&g);
        for (uint32_t r = 1; r <= g.max_row; r++) {
            if ((resumen && source_row(&g, r)) || (letter && letter_source_row(&g, r)))
                continue;
            bt_sb b;
            bt_sb_init(&b);
            bt_sb_puts(&b, names[s]);
            bool any = false;
            for (size_t i = 0; i < g.n; i++) {
                if (g.v[i].row != r || (r > hr && where_col(xc_at(&g, hr, g.v[i].col))))
                    continue;
                bt_sb_printf(&b, "|%u=%s", (unsigned)g.v[i].col, g.v[i].text);
                any = true;
            }
            if (any) {
                if (n == cap)
                    assert_non_null(v = realloc(v, (cap *= 2) * sizeof *v));
                v[n++] = strdup(bt_sb_str(&b));
            }
            bt_sb_free(&b);
        }
        xc_free(&g);
    }
    qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

/* Territory workbooks a and b state the same facts, in any order. */
static void same_facts(const char *a, const char *b)
{
    char **fa, **fb;
    size_t na = facts_of(a, &fa), nb = facts_of(b, &fb);
    int differences = 0;
    for (size_t i = 0, k = 0; i < na || k < nb;) {
        int c = i == na ? 1 : k == nb ? -1 : strcmp(fa[i], fb[k]);
        if (c == 0) {
            i++, k++;
            continue;
        }
        if (differences++ < 10)
            print_error("only in %s: «%s»\n", c < 0 ? a : b, c < 0 ? fa[i] : fb[k]);
        if (c < 0)
            i++;
        else
            k++;
    }
    free_cells(fa, na);
    free_cells(fb, nb);
    if (differences)
        fail_msg("%d facts differ between %s and %s", differences, a, b);
}

/* The one territory workbook bitacora converted into dir. */
static void territory_in(const char *dir, char *wb)
{
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "find '%s' -name 'territorio-*.xlsx'", dir);
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    size_t len = strcspn(o, "\n");
    assert_true(len > 0 && len < 4400 && o[len] == '\n' && o[len + 1] == '\0');
    memcpy(wb, o, len);
    wb[len] = '\0';
    free(o);
}

/* export writes back what the logbook had, so that converting the export
 * gives the same facts as converting the logbook: no Total row an XLSX
 * did not have (it would read "Total declarado en el archivo: Vacío"), no
 * table row a team deleted, session headings without their number as they
 * were, and the rows kept in Otros kept there again (not read as
 * projections of the evaluation table they end up below). */
static void export_keeps_what_was_there(void **state)
{
    (void)state;
    assert_true(ready);
    const char *sources[] = {nototal_xlsx, tu_path("tests/data/variants/filas_borradas.csv"),
                             tu_path("tests/data/variants/sesiones_sin_numero.csv"),
                             tu_path("samples/valparaiso_t04_vina_costa_norte.csv")};
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        char exp[4400], d1[4400], d2[4400], a[4400], b[4400], cmd[20000];
        snprintf(exp, sizeof exp, "%s/fiel-%zu.csv", tmp, i);
        snprintf(cmd, sizeof cmd, "'%s' export -q '%s' -o '%s'", tu_bin(), sources[i], exp);
        int st = tu_run(cmd, NULL, NULL);
        assert_true(st == 0 || st == 1);
        snprintf(d1, sizeof d1, "%s/fiel-origen-%zu", tmp, i);
        snprintf(d2, sizeof d2, "%s/fiel-export-%zu", tmp, i);
        assert_int_equal(convert(sources[i], strrchr(d1, '/') + 1), st);
        assert_int_equal(convert(exp, strrchr(d2, '/') + 1), st);
        territory_in(d1, a);
        territory_in(d2, b);
        same_facts(a, b);
        char *csv = (char *)tu_read(exp, NULL);
        assert_non_null(csv);
        if (i == 0) {   /* the XLSX had no Total row: neither has its export */
            assert_null(strstr(csv, "\nTotal,"));
            assert_non_null(strstr(csv, "\nJardín Infantil VTF,21,"));
        }
        if (i == 3)     /* Otros rows under a line naming their section */
            assert_non_null(strstr(csv, "\"OTROS (contenido no reconocido, tal como se "
                                        "escribió)\",Organización,\r\nCorreo del territorio,"));
        free(csv);
    }
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
        cmocka_unit_test(libreoffice_calculates),
        cmocka_unit_test(computed_cells_are_no_data),
        cmocka_unit_test(names_counted_like_the_reader),
        cmocka_unit_test(blank_template_is_blank),
        cmocka_unit_test(xlsx_and_csv),
        cmocka_unit_test(same_as_sample),
        cmocka_unit_test(export_and_back),
        cmocka_unit_test(export_keeps_what_was_there),
        cmocka_unit_test(template_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
