/*
 * test_e2e.c - the binary, end to end, on samples/ and on bad inputs:
 * exit statuses, messages, every expected finding at its cell, and the
 * figures read back from the workbooks it writes (with bitacora's own
 * XLSX reader) against the inputs and against each other.
 */
#include "testutil.h"
#include "xlsxcells.h"

#include <dirent.h>

#include "bitacora/load.h"
#include "bitacora/refdata.h"
#include "bitacora/template.h"

static char *tmp;            /* scratch folder of this run */
static char out[4200];       /* convert output of samples/ */
static int status;           /* its exit status */
static char *err_text;       /* its stderr */

static int setup(void **state)
{
    (void)state;
    tmp = tu_tmpdir();
    if (!tmp)
        return -1;
    snprintf(out, sizeof out, "%s/salida", tmp);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "'%s' convert --csv -o '%s' '%s'", tu_bin(), out,
             tu_path("samples"));
    status = tu_run(cmd, NULL, &err_text);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(err_text);
    tu_rmrf(tmp);
    free(tmp);
    return 0;
}

/* The sample files (sorted base names). */
static size_t samples(char names[][256], size_t max)
{
    DIR *d = opendir(tu_path("samples"));
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) && n < max) {
        const char *dot = strrchr(de->d_name, '.');
        if (de->d_name[0] == '.' || !dot || (strcmp(dot, ".csv") && strcmp(dot, ".txt") &&
                                             strcmp(dot, ".xlsx")))
            continue;
        snprintf(names[n++], 256, "%s", de->d_name);
    }
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            if (strcmp(names[k], names[i]) < 0) {
                char t[256];
                memcpy(t, names[i], 256);
                memcpy(names[i], names[k], 256);
                memcpy(names[k], t, 256);
            }
    return n;
}

/* Every territory workbook under the output, by walking region folders. */
static size_t find_files(const char *dir, const char *prefix, char paths[][4400], size_t max)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) && n < max) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(p, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            n += find_files(p, prefix, paths + n, max - n);
        else if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
            snprintf(paths[n++], 4400, "%s", p);
    }
    if (d)
        closedir(d);
    return n;
}

static void exit_status_and_files(void **state)
{
    (void)state;
    /* The samples carry deliberate errors: status 1, workbooks written. */
    assert_int_equal(status, 1);
    char names[64][256];
    size_t ns = samples(names, 64);
    assert_true(ns >= 8);
    static char paths[128][4400];
    size_t nt = find_files(out, "territorio-", paths, 128);
    assert_int_equal(nt, ns);
    size_t nr = find_files(out, "region-", paths, 128);
    assert_true(nr >= 2);
    char p[4400];
    snprintf(p, sizeof p, "%s/nacional.xlsx", out);
    assert_int_equal(access(p, R_OK), 0);
    snprintf(p, sizeof p, "%s/hallazgos.csv", out);
    assert_int_equal(access(p, R_OK), 0);
    snprintf(p, sizeof p, "%s/csv/unidades.csv", out);
    assert_int_equal(access(p, R_OK), 0);
    /* No temporary files left behind: the only hidden files are the
     * markers of the folders bitacora wrote. */
    size_t nhidden = find_files(out, ".", paths, 128);
    for (size_t i = 0; i < nhidden; i++) {
        const char *base = strrchr(paths[i], '/') + 1;
        if (strcmp(base, ".bitacora-salida") != 0)
            fail_msg("left behind: %s", paths[i]);
    }
    assert_true(nhidden >= 4);   /* top, csv/ and the region folders */
    assert_non_null(strstr(err_text, "territorios convertidos"));
}

/* hallazgos.csv rows as (file base name, row, col, code). */
typedef struct {
    char file[256];
    unsigned row, col;
    char code[8];
    char sev[8];
} found;

/* Findings in the CSV layout of hallazgos.csv and `check --format csv`. */
static size_t parse_findings(char *text, found *v, size_t max)
{
    assert_non_null(text);
    assert_memory_equal(text, "\xEF\xBB\xBF" "archivo,hoja,fila,columna,celda,severidad,codigo", 51);
    size_t n = 0;
    char *line = strchr(text, '\n');
    while (line && line[1] && n < max) {
        line++;
        /* archivo,hoja,fila,columna,celda,severidad,codigo,... (no commas
         * in the first seven fields of our samples) */
        char file[4096], sheet[64], cell[64], sev[16], code[16];
        unsigned row, col;
        if (sscanf(line, "%4095[^,],%63[^,],%u,%u,%63[^,],%15[^,],%15[^,],", file, sheet, &row,
                   &col, cell, sev, code) == 7 ||
            sscanf(line, "%4095[^,],,%u,%u,%63[^,],%15[^,],%15[^,],", file, &row, &col, cell,
                   sev, code) == 6 ||
            sscanf(line, "%4095[^,],,%u,%u,,%15[^,],%15[^,],", file, &row, &col, sev, code) == 5) {
            const char *base = strrchr(file, '/');
            snprintf(v[n].file, sizeof v[n].file, "%s", base ? base + 1 : file);
            v[n].row = row;
            v[n].col = col;
            snprintf(v[n].code, sizeof v[n].code, "%s", code);
            snprintf(v[n].sev, sizeof v[n].sev, "%s", sev);
            n++;
        }
        line = strchr(line, '\n');
    }
    return n;
}

static size_t read_hallazgos(found *v, size_t max)
{
    char p[4400];
    snprintf(p, sizeof p, "%s/hallazgos.csv", out);
    char *text = (char *)tu_read(p, NULL);
    size_t n = parse_findings(text, v, max);
    free(text);
    return n;
}

/* Every finding listed in the TSV (file, row, col, code) is in got, and on
 * stderr compiler style; and got has nothing else. */
static void expect_exactly(const found *got, size_t ngot, const char *tsv_path,
                           const char *stderr_text)
{
    char *tsv = (char *)tu_read(tu_path(tsv_path), NULL);
    assert_non_null(tsv);
    static found want[1024];
    size_t nwant = 0;
    char *line = strtok(tsv, "\n");
    while (line) {
        if (strncmp(line, "file\t", 5) != 0 && line[0] && nwant < 1024) {
            found *w = &want[nwant];
            if (sscanf(line, "%255[^\t]\t%u\t%u\t%7s", w->file, &w->row, &w->col, w->code) == 4)
                nwant++;
        }
        line = strtok(NULL, "\n");
    }
    free(tsv);
    assert_true(nwant >= 2);
    for (size_t i = 0; i < nwant; i++) {
        bool hit = false;
        for (size_t k = 0; k < ngot && !hit; k++)
            hit = !strcmp(got[k].file, want[i].file) && got[k].row == want[i].row &&
                  got[k].col == want[i].col && !strcmp(got[k].code, want[i].code);
        if (!hit)
            fail_msg("expected %s:%u:%u %s not reported", want[i].file, want[i].row,
                     want[i].col, want[i].code);
        char pat[600];
        const char *sev = want[i].code[0] == 'E' ? "error" : "aviso";
        if (want[i].row)
            snprintf(pat, sizeof pat, "%s:%u:%u: %s[%s]", want[i].file, want[i].row,
                     want[i].col, sev, want[i].code);
        else   /* about no cell: a run's finding (a missing territory) */
            snprintf(pat, sizeof pat, "%s: %s[%s]", want[i].file, sev, want[i].code);
        if (stderr_text && !strstr(stderr_text, pat))
            fail_msg("stderr lacks «%s»", pat);
    }
    for (size_t k = 0; k < ngot; k++) {
        bool hit = false;
        for (size_t i = 0; i < nwant && !hit; i++)
            hit = !strcmp(got[k].file, want[i].file) && got[k].row == want[i].row &&
                  got[k].col == want[i].col && !strcmp(got[k].code, want[i].code);
        if (!hit)
            fail_msg("unexpected finding %s:%u:%u %s", got[k].file, got[k].row, got[k].col,
                     got[k].code);
    }
    /* ...and each once: a finding reported twice counts twice. */
    if (ngot != nwant)
        fail_msg("%zu findings reported, %zu expected", ngot, nwant);
}

static void expected_findings(void **state)
{
    (void)state;
    static found got[4096];
    size_t ngot = read_hallazgos(got, 4096);
    expect_exactly(got, ngot, "tests/data/samples_expected.tsv", err_text);
}

/* Realistic variants of a logbook (tests/data/variants/README.md): each
 * finding where tests/data/variants_expected.tsv says, and nothing else. */
static void variant_findings(void **state)
{
    (void)state;
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "'%s' check --format csv '%s'", tu_bin(),
             tu_path("tests/data/variants"));
    tu_run(cmd, &o, NULL);
    static found got[512];
    size_t ngot = parse_findings(o, got, 512);
    free(o);
    expect_exactly(got, ngot, "tests/data/variants_expected.tsv", NULL);
}

/* The template's programmes and disciplines, in matrix column order. */
static const bt_table *units_table(void) { return bt_tpl_table(BT_TABLE_UNITS); }
static const bt_table *staff_table(void) { return bt_tpl_table(BT_TABLE_STAFF); }

/* Territory workbooks against the inputs read by the library. */
static void territory_figures(void **state)
{
    (void)state;
    char names[64][256];
    size_t ns = samples(names, 64);
    bt_tpl *tpl;
    assert_int_equal(bt_tpl_new(&tpl), BT_OK);
    static char paths[128][4400];
    size_t nt = find_files(out, "territorio-", paths, 128);
    for (size_t s = 0; s < ns; s++) {
        char in[600];
        snprintf(in, sizeof in, "samples/%s", names[s]);
        bt_territory *t;
        assert_int_equal(bt_load_file(tpl, tu_path(in), in, NULL, &t), BT_OK);
        assert_true(t->readable);
        /* Find its workbook: the one whose Resumen names this file. */
        const char *wb = NULL;
        for (size_t k = 0; k < nt && !wb; k++) {
            xc_grid r = xc_load(paths[k], "Resumen");
            assert_true(r.ok);
            uint32_t row = xc_find_row(&r, 1, "Archivo");
            if (row && strstr(xc_at(&r, row, 2), names[s]))
                wb = paths[k];
            xc_free(&r);
        }
        if (!wb)
            fail_msg("no workbook for %s", names[s]);
        xc_grid u = xc_load(wb, "Unidades educativas");
        assert_true(u.ok);
        const bt_table *ut = units_table();
        for (size_t i = 0; i < ut->nitems; i++) {
            uint32_t row = xc_find_row(&u, 1, ut->items[i].label);
            assert_true(row > 0);
            size_t missing;
            uint64_t want = bt_units_of(t, (int)i, &missing);
            if (!missing)
                assert_int_equal((uint64_t)xc_num(&u, row, 2), want);
        }
        uint32_t trow = xc_find_row(&u, 1, "Total");
        size_t missing;
        uint64_t sum = bt_units_sum(t, &missing);
        assert_int_equal((uint64_t)xc_num(&u, trow, 2), sum);
        /* The team's own total: checked against the sum, or said to be
         * uncheckable when figures are missing and it exceeds the sum
         * (an error only when check.c raises one). */
        uint32_t drow = xc_find_row(&u, 1, "Total declarado en el archivo");
        if (t->units_total.state == BT_ST_OK) {
            assert_true(drow > 0);
            const char *want = t->units_total.n == sum ? "Coincide con la suma"
                               : missing && t->units_total.n > sum
                                   ? "No se puede comprobar: faltan cantidades en la suma"
                                   : "No coincide con la suma";
            assert_string_equal(xc_at(&u, drow, 3), want);
            bool e042 = false;
            for (size_t k = 0; k < bt_findings_count(t->findings); k++)
                e042 |= bt_findings_at(t->findings, k)->code == BT_E_UNITS_TOTAL;
            assert_int_equal(e042, strcmp(want, "No coincide con la suma") == 0);
        }
        xc_free(&u);
        xc_grid d = xc_load(wb, "Dotación");
        assert_true(d.ok);
        const bt_table *st = staff_table();
        for (size_t i = 0; i < st->nitems; i++) {
            uint32_t row = xc_find_row(&d, 1, st->items[i].label);
            assert_true(row > 0);
            size_t miss, listed;
            uint64_t decl = bt_staff_of(t, (int)i, &miss, &listed);
            assert_int_equal((uint64_t)xc_num(&d, row, 2), decl);
            assert_int_equal((uint64_t)xc_num(&d, row, 3), listed);
        }
        xc_free(&d);
        /* Resumen: the identity as normalized. */
        xc_grid r = xc_load(wb, "Resumen");
        uint32_t rr = xc_find_row(&r, 1, "Región");
        assert_string_equal(xc_at(&r, rr, 2), bt_region_at((size_t)t->region)->name);
        rr = xc_find_row(&r, 1, "N° territorio");
        assert_int_equal((uint64_t)xc_num(&r, rr, 2), t->terrnum.n);
        xc_free(&r);
        bt_territory_free(t);
    }
    bt_tpl_free(tpl);
}

/* The number in a territory workbook's Unidades/Dotación sheet. */
static double terr_value(const char *wb, const char *sheet, const char *label, uint32_t col)
{
    xc_grid g = xc_load(wb, sheet);
    uint32_t row = xc_find_row(&g, 1, label);
    double v = row ? xc_num(&g, row, col) : -1;
    xc_free(&g);
    return v;
}

/* Region matrices: each territory row equals its own workbook, and the
 * Total row is the sum of the rows. */
static void region_sums(void **state)
{
    (void)state;
    static char regions[32][4400], terrs[128][4400];
    size_t nr = find_files(out, "region-", regions, 32);
    size_t nt = find_files(out, "territorio-", terrs, 128);
    assert_true(nr >= 2);
    size_t rows_checked = 0;
    for (size_t k = 0; k < nr; k++) {
        for (int which = 0; which < 2; which++) {
            const char *sheet = which ? "Dotación" : "Unidades educativas";
            const bt_table *tb = which ? staff_table() : units_table();
            xc_grid g = xc_load(regions[k], sheet);
            assert_true(g.ok);
            uint32_t total_row = xc_find_row(&g, 2, "Total");
            assert_true(total_row > 1);
            for (size_t i = 0; i < tb->nitems; i++) {
                uint32_t col = xc_find_col(&g, tb->items[i].short_label);
                assert_true(col > 0);
                double sum = 0;
                for (uint32_t r = 2; r < total_row; r++) {
                    double v = xc_num(&g, r, col);
                    sum += v;
                    /* The territory's own workbook says the same. */
                    const char *name = xc_at(&g, r, 2);
                    for (size_t t = 0; t < nt; t++) {
                        xc_grid res = xc_load(terrs[t], "Resumen");
                        uint32_t nrow = xc_find_row(&res, 1, "Nombre del territorio");
                        uint32_t rrow = xc_find_row(&res, 1, "Archivo");
                        bool same = nrow && !strcmp(xc_at(&res, nrow, 2), name) &&
                                    strstr(regions[k], "region-") &&
                                    strncmp(terrs[t], regions[k],
                                            (size_t)(strrchr(regions[k], '/') - regions[k])) == 0;
                        (void)rrow;
                        xc_free(&res);
                        if (same) {
                            double tv = terr_value(terrs[t], sheet, tb->items[i].label, 2);
                            if (tv != v)
                                fail_msg("%s %s %s: territory %g, region %g", regions[k], sheet,
                                         tb->items[i].label, tv, v);
                            rows_checked++;
                        }
                    }
                }
                assert_true(xc_num(&g, total_row, col) == sum);
            }
            xc_free(&g);
        }
        /* The Resumen's totals say whether they are complete, for units
         * and for staff: each matches its territory rows. */
        xc_grid res = xc_load(regions[k], "Resumen");
        assert_true(res.ok);
        uint32_t trow = xc_find_row(&res, 1, "Total (territorios en los totales)");
        assert_true(trow > 1);
        static const char *const what[] = {"Unidades: completitud", "Dotación: completitud"};
        for (size_t c = 0; c < 2; c++) {
            uint32_t col = xc_find_col(&res, what[c]);
            assert_true(col > 0);
            bool any_incomplete = false;
            for (uint32_t r = 2; r < trow; r++)
                if (!strncmp(xc_at(&res, r, col), "Incompleto", 10))
                    any_incomplete = true;
            const char *tot = xc_at(&res, trow, col);
            if (any_incomplete ? strncmp(tot, "Incompleto", 10) != 0 : strcmp(tot, "Completo") != 0)
                fail_msg("%s Resumen: %s total «%s»", regions[k], what[c], tot);
        }
        xc_free(&res);
    }
    assert_true(rows_checked > 0);
}

/* The national matrices: each region row equals that region's Total row. */
static void national_sums(void **state)
{
    (void)state;
    char p[4400];
    snprintf(p, sizeof p, "%s/nacional.xlsx", out);
    static char regions[32][4400];
    size_t nr = find_files(out, "region-", regions, 32);
    for (int which = 0; which < 2; which++) {
        const char *sheet = which ? "Dotación" : "Unidades educativas";
        const bt_table *tb = which ? staff_table() : units_table();
        xc_grid nat = xc_load(p, sheet);
        assert_true(nat.ok);
        uint32_t total_row = xc_find_row(&nat, 1, "Total nacional");
        assert_true(total_row > 1);
        /* every region of the country, those without a logbook too */
        assert_int_equal(total_row - 2, bt_region_count());
        assert_true(nr < bt_region_count());
        uint32_t ccol = xc_find_col(&nat, "Completitud");
        size_t without = 0;
        for (uint32_t r = 2; r < total_row; r++) {
            if (strcmp(xc_at(&nat, r, ccol), "Sin bitácoras") != 0)
                continue;
            without++;
            /* nothing known: empty, not 0 */
            for (size_t i = 0; i < tb->nitems; i++)
                assert_string_equal(xc_at(&nat, r, xc_find_col(&nat, tb->items[i].short_label)),
                                    "");
        }
        assert_int_equal(without, bt_region_count() - nr);
        for (size_t k = 0; k < nr; k++) {
            xc_grid reg = xc_load(regions[k], sheet);
            uint32_t rt = xc_find_row(&reg, 2, "Total");
            /* Which national row: by the region's code in the folder name. */
            const char *slash = strrchr(regions[k], '/');
            char code[3] = {slash[8], slash[9], 0};   /* "/region-NN-..." */
            uint32_t nrow = xc_find_row(&nat, 2, code);
            assert_true(nrow > 1);
            for (size_t i = 0; i < tb->nitems; i++) {
                uint32_t cn = xc_find_col(&nat, tb->items[i].short_label);
                uint32_t cr = xc_find_col(&reg, tb->items[i].short_label);
                assert_true(xc_num(&nat, nrow, cn) == xc_num(&reg, rt, cr));
            }
            xc_free(&reg);
        }
        for (size_t i = 0; i < tb->nitems; i++) {
            uint32_t cn = xc_find_col(&nat, tb->items[i].short_label);
            double sum = 0;
            for (uint32_t r = 2; r < total_row; r++)
                sum += xc_num(&nat, r, cn);
            assert_true(xc_num(&nat, total_row, cn) == sum);
        }
        xc_free(&nat);
    }
}

static void deterministic(void **state)
{
    (void)state;
    char out2[4400], cmd[9000];
    snprintf(out2, sizeof out2, "%s/salida2", tmp);
    snprintf(cmd, sizeof cmd, "'%s' convert -q --csv -o '%s' '%s'", tu_bin(), out2,
             tu_path("samples"));
    assert_int_equal(tu_run(cmd, NULL, NULL), 1);
    snprintf(cmd, sizeof cmd, "diff -r '%s' '%s'", out, out2);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
}

static void libreoffice_opens(void **state)
{
    (void)state;
    /* Every workbook converts with LibreOffice (a workbook that needed
     * repair, or had data LibreOffice drops, fails or comes out empty). */
    static char paths[256][4400];
    size_t n = find_files(out, "territorio-", paths, 256);
    n += find_files(out, "region-", paths + n, 256 - n);
    n += find_files(out, "nacional", paths + n, 256 - n);
    char lo[4400];
    snprintf(lo, sizeof lo, "%s/lo", tmp);
    char *cmd = malloc(1 << 20);
    int k = snprintf(cmd, 1 << 20,
                     "soffice -env:UserInstallation=file://%s/lo-profile --headless "
                     "--convert-to csv --outdir '%s'", tmp, lo);
    for (size_t i = 0; i < n; i++)
        k += snprintf(cmd + k, (size_t)(1 << 20) - (size_t)k, " '%s'", paths[i]);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    free(cmd);
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(paths[i], '/') + 1;
        char csv[4400];
        snprintf(csv, sizeof csv, "%s/%.*s.csv", lo, (int)(strlen(base) - 5), base);
        size_t len = 0;
        unsigned char *data = tu_read(csv, &len);
        if (!data)
            fail_msg("LibreOffice did not convert %s", paths[i]);
        assert_true(len > 20);
        free(data);
    }
}

/* ---- bad inputs ---- */

static char *scratch_file(const char *name, const void *data, size_t n)
{
    char *p = malloc(4400);
    snprintf(p, 4400, "%s/%s", tmp, name);
    assert_int_equal(tu_write(p, data, n), 0);
    return p;
}

static void missing_input(void **state)
{
    (void)state;
    char cmd[9000], *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o1' '%s/no-existe.csv' '%s'", tu_bin(), tmp,
             tmp, tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "no-existe.csv: error[E001]"));
    assert_non_null(strstr(e, "No such file") ? strstr(e, "No such file") : strstr(e, "no existe"));
    free(e);
    /* The other input was still converted. */
    char p[4400];
    snprintf(p, sizeof p, "%s/o1/05-valparaiso/region-05-valparaiso.xlsx", tmp);
    assert_int_equal(access(p, R_OK), 0);
}

static void bad_files_do_not_stop_others(void **state)
{
    (void)state;
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    char *empty = scratch_file("vacio.csv", "", 0);
    char *bin = scratch_file("imagen.csv", png, sizeof png);
    char *quote = scratch_file("comilla.csv", "Región,\"Valparaíso\nN° territorio,3\n", 35);
    char cmd[20000], *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o2' '%s' '%s' '%s' '%s'", tu_bin(), tmp, empty,
             bin, quote, tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 1);
    assert_non_null(strstr(e, "vacio.csv: error[E005]"));
    assert_non_null(strstr(e, "imagen.csv: error[E002]"));
    assert_non_null(strstr(e, "imagen PNG"));
    assert_non_null(strstr(e, "comilla.csv:1:2: error[E003]"));
    free(e);
    char p[4400];
    snprintf(p, sizeof p, "%s/o2/05-valparaiso/region-05-valparaiso.xlsx", tmp);
    assert_int_equal(access(p, R_OK), 0);
    /* The files that could not be read are listed on the national Resumen. */
    snprintf(p, sizeof p, "%s/o2/nacional.xlsx", tmp);
    xc_grid g = xc_load(p, "Resumen");
    assert_true(g.ok);
    bool listed = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "imagen.csv"))
            listed = true;
    assert_true(listed);
    xc_free(&g);
    free(empty);
    free(bin);
    free(quote);
}

/* A folder holding spreadsheets bitacora cannot read: each is named with
 * why, next to the logbook that converts; other files stay out. */
static void unreadable_spreadsheets_in_a_folder(void **state)
{
    (void)state;
    char dir[4400], cmd[20000], *e = NULL;
    snprintf(dir, sizeof dir, "%s/carpeta", tmp);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && cp '%s' '%s/t01.csv' && cp '%s' '%s/viejo.xls' && "
             "cp '%s' '%s/calc.ods' && echo notas > '%s/LEAME.md'",
             dir, tu_path("samples/valparaiso_t01_aconcagua.csv"), dir,
             tu_path("tests/data/xlsx/ole.xlsx"), dir, tu_path("tests/data/xlsx/ods.xlsx"), dir,
             dir);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "'%s' check '%s'", tu_bin(), dir);
    char *o = NULL;
    assert_int_equal(tu_run(cmd, &o, &e), 1);
    assert_non_null(o);
    assert_non_null(e);
    assert_non_null(strstr(o, "viejo.xls: error[E012]"));
    assert_non_null(strstr(o, "calc.ods: error[E010]"));
    assert_null(strstr(o, "LEAME"));
    assert_null(strstr(e, "LEAME"));
    assert_non_null(strstr(e, "3 archivos revisados"));
    free(o);
    free(e);
}

/* An input where an output goes (hallazgos.csv, csv/territorios.csv, a
 * workbook's name) is never replaced: status 2, nothing written over it. */
static void inputs_are_never_outputs(void **state)
{
    (void)state;
    static const char *const names[] = {"hallazgos.csv", "csv/territorios.csv",
                                        "05-valparaiso/territorio-01-aconcagua.xlsx"};
    char *src = (char *)tu_read(tu_path("samples/valparaiso_t01_aconcagua.csv"), NULL);
    assert_non_null(src);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char dir[4400], in[4600], cmd[20000], *e = NULL;
        snprintf(dir, sizeof dir, "%s/entrada-salida-%zu", tmp, i);
        snprintf(in, sizeof in, "%s/%s", dir, names[i]);
        snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", in);
        assert_int_equal(tu_run(cmd, NULL, NULL), 0);
        assert_int_equal(tu_write(in, src, strlen(src)), 0);
        snprintf(cmd, sizeof cmd, "'%s' convert --csv -o '%s' '%s'", tu_bin(), dir, in);
        assert_int_equal(tu_run(cmd, NULL, &e), 2);
        if (!e || !strstr(e, "es uno de los archivos de entrada"))
            fail_msg("%s: %s", names[i], e ? e : "(sin mensaje)");
        free(e);
        size_t n;
        char *now = (char *)tu_read(in, &n);
        assert_non_null(now);
        assert_int_equal(n, strlen(src));
        assert_memory_equal(now, src, n);
        free(now);
    }
    free(src);
}

/* The blank templates left among the logbooks: one line each, saying
 * what they are, not a list of every empty required field. */
static void blank_templates(void **state)
{
    (void)state;
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "'%s' check '%s'", tu_bin(), tu_path("templates"));
    assert_int_equal(tu_run(cmd, &o, NULL), 1);
    assert_non_null(o);
    assert_non_null(strstr(o, "bitacora_ett.csv: error[E014]: no tiene ningún dato escrito"));
    assert_non_null(strstr(o, "bitacora_ett.xlsx: error[E014]: no tiene ningún dato escrito"));
    assert_null(strstr(o, "E021"));
    assert_null(strstr(o, "A041"));
    free(o);
}

static void unwritable_output(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        /* root ignores permissions: use a path under a regular file. */
        char *f = scratch_file("archivo", "x", 1);
        char cmd[9000], *e = NULL;
        snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/sub' '%s'", tu_bin(), f,
                 tu_path("samples/valparaiso_t01_aconcagua.csv"));
        assert_int_equal(tu_run(cmd, NULL, &e), 2);
        assert_non_null(strstr(e, "no se pudo escribir"));
        free(e);
        free(f);
        return;
    }
    char ro[4400], cmd[9000], *e = NULL;
    snprintf(ro, sizeof ro, "%s/ro", tmp);
    mkdir(ro, 0555);
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/x' '%s'", tu_bin(), ro,
             tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "no se pudo escribir"));
    free(e);
}

static void usage_errors(void **state)
{
    (void)state;
    char cmd[9000], *o = NULL, *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s'", tu_bin());
    assert_int_equal(tu_run(cmd, NULL, NULL), 2);
    snprintf(cmd, sizeof cmd, "'%s' convert", tu_bin());
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "falta al menos un archivo"));
    free(e);
    snprintf(cmd, sizeof cmd, "'%s' convert --periodo 25 x.csv", tu_bin());
    assert_int_equal(tu_run(cmd, NULL, NULL), 2);
    /* getopt's complaints, in Spanish and with the program's name */
    static const struct {
        const char *args, *want;
    } bad[] = {
        {"convert --no-existe x.csv", "bitacora: convert: opción desconocida «--no-existe»"},
        {"check -x x.csv", "bitacora: check: opción desconocida «-x»"},
        {"convert x.csv -o", "bitacora: convert: a la opción «-o» le falta su valor"},
        {"check x.csv --format", "bitacora: check: a la opción «--format» le falta su valor"},
        {"--bogus", "bitacora: opción desconocida «--bogus»"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(cmd, sizeof cmd, "'%s' %s", tu_bin(), bad[i].args);
        assert_int_equal(tu_run(cmd, NULL, &e), 2);
        if (!e || !strstr(e, bad[i].want) || strstr(e, "unrecognized") || strstr(e, "invalid"))
            fail_msg("%s: %s", bad[i].args, e ? e : "(sin mensaje)");
        free(e);
    }
    snprintf(cmd, sizeof cmd, "'%s' convert --help", tu_bin());
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    assert_non_null(strstr(o, "Uso: bitacora convert"));
    free(o);
    /* Every name an option is accepted by is in its command's help (these
     * were accepted and undocumented once), and works. */
    static const struct {
        const char *cmd, *names[6];
    } named[] = {
        {"convert", {"--output", "--estricto", "--roster", "--previous", "--quiet", "--ayuda"}},
        {"check", {"--formato", "--roster", "--encoding", "--delimiter", "--period", "--jobs"}},
        {"export", {"--output", "--codificación", "--quiet"}},
        {"template", {"--output", "--ayuda"}},
        {"servir", {"--dirección", "--trabajo", "--jobs", "--ayuda"}},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        snprintf(cmd, sizeof cmd, "'%s' %s --ayuda", tu_bin(), named[i].cmd);
        assert_int_equal(tu_run(cmd, &o, NULL), 0);
        for (size_t k = 0; k < 6 && named[i].names[k]; k++)
            if (!strstr(o, named[i].names[k]))
                fail_msg("%s --help no dice %s", named[i].cmd, named[i].names[k]);
        free(o);
    }
    snprintf(cmd, sizeof cmd, "'%s' convert --estricto --quiet --output '%s/alias' '%s'",
             tu_bin(), tmp, tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof cmd, "'%s' --version", tu_bin());
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    assert_true(strncmp(o, "bitacora ", 9) == 0);
    free(o);
    /* A folder without logbooks. */
    char empty[4400];
    snprintf(empty, sizeof empty, "%s/carpeta-vacia", tmp);
    mkdir(empty, 0755);
    snprintf(cmd, sizeof cmd, "'%s' check '%s'", tu_bin(), empty);
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "ninguna bitácora"));
    free(e);
}

/* --delimitador takes every delimiter of the reader's list by its word or
 * its character (here the vertical bar, which detection finds too), and a
 * bad one is a usage error that lists them. */
static void delimiter_option(void **state)
{
    (void)state;
    size_t n = 0;
    char *text = (char *)tu_read(tu_path("samples/valparaiso_t01_aconcagua.csv"), &n);
    assert_non_null(text);
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (text[i] == ',' && !quoted)
            text[i] = '|';
    }
    char path[4400], cmd[9000], *e = NULL;
    snprintf(path, sizeof path, "%s/barra.csv", tmp);
    assert_int_equal(tu_write(path, text, n), 0);
    free(text);
    static const struct {
        const char *opt;
        int status;
    } runs[] = {
        {"--delimitador barra", 0}, {"--delimitador '|'", 0}, {"--delimiter BARRA", 0},
        {"", 0}, {"--delimitador coma", 1},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        snprintf(cmd, sizeof cmd, "'%s' check -q %s '%s'", tu_bin(), runs[i].opt, path);
        int st = tu_run(cmd, NULL, NULL);
        if (st != runs[i].status)
            fail_msg("check %s: status %d, want %d", runs[i].opt, st, runs[i].status);
    }
    snprintf(cmd, sizeof cmd, "'%s' check --delimitador dos-puntos '%s'", tu_bin(), path);
    assert_int_equal(tu_run(cmd, NULL, &e), 2);
    assert_non_null(strstr(e, "delimitador desconocido «dos-puntos»"));
    assert_non_null(strstr(e, "punto-y-coma (;) coma (,) tab (t) barra (|)"));
    free(e);
}

static void check_formats(void **state)
{
    (void)state;
    char cmd[9000], *o = NULL;
    snprintf(cmd, sizeof cmd, "'%s' check --format json '%s'", tu_bin(),
             tu_path("samples/valparaiso_t04_vina_costa_norte.csv"));
    assert_int_equal(tu_run(cmd, &o, NULL), 1);
    assert_true(o[0] == '[');
    assert_non_null(strstr(o, "\"codigo\": \"E040\""));
    assert_non_null(strstr(o, "\"celda\": \"B12\""));
    free(o);
    snprintf(cmd, sizeof cmd, "'%s' check --format csv '%s'", tu_bin(),
             tu_path("samples/valparaiso_t01_aconcagua.csv"));
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    assert_memory_equal(o, "\xEF\xBB\xBF" "archivo,hoja,fila", 20);
    free(o);
    /* -q: only the summary, and the status says the rest */
    char *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' check -q '%s'", tu_bin(),
             tu_path("samples/valparaiso_t04_vina_costa_norte.csv"));
    assert_int_equal(tu_run(cmd, &o, &e), 1);
    assert_true(!o || !o[0]);
    assert_non_null(e);
    assert_non_null(strstr(e, "1 archivo revisado: 2 errores"));
    free(o);
    free(e);
}

/* Text that looks like a formula stays text; names cannot steer paths. */
static void hostile_text(void **state)
{
    (void)state;
    char *src = (char *)tu_read(tu_path("samples/valparaiso_t01_aconcagua.csv"), NULL);
    assert_non_null(src);
    /* Replace the territory name line and add a formula-like agreement. */
    char *nl = strstr(src, "Nombre del territorio,");
    assert_non_null(nl);
    char *eol = strchr(nl, '\n');
    size_t head = (size_t)(nl - src);
    char buf[1 << 16];
    int k = snprintf(buf, sizeof buf, "%.*sNombre del territorio,../../../etc/x\\y\n", (int)head,
                     src);
    k += snprintf(buf + k, sizeof buf - (size_t)k, "%s", eol + 1);
    char *p = strstr(buf, "Otros acuerdos,");
    assert_non_null(p);
    char buf2[1 << 16];
    snprintf(buf2, sizeof buf2, "%.*sOtros acuerdos,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n%s",
             (int)(p - buf), buf, strchr(p, '\n') + 1);
    char *f = scratch_file("hostil.csv", buf2, strlen(buf2));
    free(src);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "'%s' convert -q -o '%s/o3' '%s'", tu_bin(), tmp, f);
    assert_true(tu_run(cmd, NULL, NULL) <= 1);
    char pth[4400];
    snprintf(pth, sizeof pth, "%s/o3/05-valparaiso/territorio-01-etc-x-y.xlsx", tmp);
    assert_int_equal(access(pth, R_OK), 0);
    /* The Organización sheet (5th) holds no formula at all. */
    char *o = NULL;
    snprintf(cmd, sizeof cmd, "unzip -p '%s' xl/worksheets/sheet5.xml", pth);
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    assert_null(strstr(o, "<f>"));
    free(o);
    xc_grid g = xc_load(pth, "Organización");
    uint32_t r = xc_find_row(&g, 1, "Otros acuerdos");
    assert_string_equal(xc_at(&g, r, 2), "=HYPERLINK(\"http://x\",\"y\")");
    xc_free(&g);
    free(f);
}


/* Two files of the same territory: identical ones count once (A036);
 * different ones are both errors (E037) and left out of the totals. */
static void duplicates(void **state)
{
    (void)state;
    char *src = (char *)tu_read(tu_path("samples/valparaiso_t01_aconcagua.csv"), NULL);
    assert_non_null(src);
    char dir[4400], cmd[9000];
    snprintf(dir, sizeof dir, "%s/dups", tmp);
    mkdir(dir, 0755);
    char a[4400], b[4400];
    snprintf(a, sizeof a, "%s/copia.csv", dir);
    snprintf(b, sizeof b, "%s/original.csv", dir);
    assert_int_equal(tu_write(a, src, strlen(src)), 0);
    assert_int_equal(tu_write(b, src, strlen(src)), 0);
    char *e = NULL;
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o' '%s'", tu_bin(), dir, dir);
    assert_int_equal(tu_run(cmd, NULL, &e), 0);
    assert_null(strstr(e, "se omite"));
    assert_non_null(strstr(e, "original.csv: aviso[A036]"));
    free(e);
    char p[4400];
    snprintf(p, sizeof p, "%s/o/05-valparaiso/region-05-valparaiso.xlsx", dir);
    xc_grid g = xc_load(p, "Unidades educativas");
    assert_true(g.ok);
    uint32_t total = xc_find_row(&g, 2, "Total");
    assert_int_equal(total, 3);     /* one territory row, then Total */
    xc_free(&g);
    /* Now make them differ: both are errors, neither is counted. */
    char *mod = strdup(src);
    char *vtf = strstr(mod, "Jardín Infantil VTF,");
    assert_non_null(vtf);
    vtf += strlen("Jardín Infantil VTF,");
    *vtf = *vtf == '9' ? '8' : '9';
    assert_int_equal(tu_write(b, mod, strlen(mod)), 0);
    snprintf(cmd, sizeof cmd, "'%s' convert -o '%s/o2' '%s'", tu_bin(), dir, dir);
    assert_int_equal(tu_run(cmd, NULL, &e), 1);
    /* the output of the first run, inside the input folder, is not input */
    assert_non_null(strstr(e, "se omite la carpeta"));
    /* at the N° territorio cell of each */
    assert_non_null(strstr(e, "copia.csv:4:2: error[E037]: N° territorio (B4)"));
    assert_non_null(strstr(e, "original.csv:4:2: error[E037]: N° territorio (B4)"));
    free(e);
    snprintf(p, sizeof p, "%s/o2/05-valparaiso/region-05-valparaiso.xlsx", dir);
    g = xc_load(p, "Resumen");
    assert_true(g.ok);
    bool said = false;
    for (size_t i = 0; i < g.n; i++)
        if (strstr(g.v[i].text, "Los totales no incluyen"))
            said = true;
    assert_true(said);
    xc_free(&g);
    g = xc_load(p, "Unidades educativas");
    assert_int_equal(xc_find_row(&g, 2, "Total"), 2);   /* no territory row */
    xc_free(&g);
    /* Each still has its own workbook. */
    snprintf(cmd, sizeof cmd, "ls '%s/o2/05-valparaiso/' | grep -c '^territorio-'", dir);
    char *o = NULL;
    tu_run(cmd, &o, NULL);
    assert_int_equal(atoi(o), 2);
    free(o);
    /* Two identical copies and a third that differs: each message names
     * a file that really differs, and the copy each one is identical to. */
    char c[4400];
    snprintf(c, sizeof c, "%s/copia2.csv", dir);
    assert_int_equal(tu_write(c, src, strlen(src)), 0);
    snprintf(cmd, sizeof cmd, "'%s' check '%s/copia.csv' '%s' '%s'", tu_bin(), dir, c, b);
    o = NULL;
    assert_int_equal(tu_run(cmd, &o, NULL), 1);
    assert_non_null(o);
    char want[9000];
    snprintf(want, sizeof want, "%s/copia.csv y %s son del mismo territorio", dir, b);
    assert_non_null(strstr(o, want));
    snprintf(want, sizeof want, "(este archivo es idéntico a %s)", c);
    assert_non_null(strstr(o, want));
    snprintf(want, sizeof want, "%s y %s/copia.csv (y otros)", b, dir);
    assert_non_null(strstr(o, want));
    snprintf(want, sizeof want, "%s y %s", c, c);
    assert_null(strstr(o, want));
    free(o);
    free(mod);
    free(src);
}

/* The documentation made from the code is current: README's table of
 * codes and docs/sinonimos.md. */
static void docs_current(void **state)
{
    (void)state;
    char cmd[9000], *codes = NULL, *syn = NULL;
    const char *b = getenv("BUILD");
    snprintf(cmd, sizeof cmd, "'%s/%s/gendocs' codigos", tu_srcdir(), b ? b : "build");
    assert_int_equal(tu_run(cmd, &codes, NULL), 0);
    char *readme = (char *)tu_read(tu_path("README.md"), NULL);
    assert_non_null(readme);
    if (!strstr(readme, codes))
        fail_msg("README.md's table of codes is not `gendocs codigos` (make docs)");
    snprintf(cmd, sizeof cmd, "'%s/%s/gendocs' sinonimos", tu_srcdir(), b ? b : "build");
    assert_int_equal(tu_run(cmd, &syn, NULL), 0);
    char *doc = (char *)tu_read(tu_path("docs/sinonimos.md"), NULL);
    assert_non_null(doc);
    if (strcmp(doc, syn) != 0)
        fail_msg("docs/sinonimos.md is not `gendocs sinonimos` (make docs)");
    free(codes);
    free(syn);
    free(readme);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exit_status_and_files),
        cmocka_unit_test(expected_findings),
        cmocka_unit_test(variant_findings),
        cmocka_unit_test(territory_figures),
        cmocka_unit_test(region_sums),
        cmocka_unit_test(national_sums),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(libreoffice_opens),
        cmocka_unit_test(missing_input),
        cmocka_unit_test(bad_files_do_not_stop_others),
        cmocka_unit_test(unreadable_spreadsheets_in_a_folder),
        cmocka_unit_test(inputs_are_never_outputs),
        cmocka_unit_test(blank_templates),
        cmocka_unit_test(unwritable_output),
        cmocka_unit_test(usage_errors),
        cmocka_unit_test(delimiter_option),
        cmocka_unit_test(check_formats),
        cmocka_unit_test(hostile_text),
        cmocka_unit_test(duplicates),
        cmocka_unit_test(docs_current),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
