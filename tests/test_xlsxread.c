/*
 * test_xlsxread.c - the XLSX reader on real and hostile workbooks.
 *
 * The fixtures are in tests/data/xlsx/ (made by tools/mkfixtures.py, whose
 * header says what each one is): workbooks saved by LibreOffice Calc and
 * by openpyxl, and broken or hostile files.  Table-driven:
 *   - good workbooks give the right facts (identity, counts, dates from
 *     real date cells in both date systems, month-only CAETT dates, the
 *     sheet picked by name) and, for the ones converted from a sample CSV,
 *     exactly what the CSV gives;
 *   - raw cells as the reader delivers them (numbers, dates, rich text,
 *     phonetic runs, formulas' cached values, merged ranges);
 *   - hostile files are refused quickly with the right code and a Spanish
 *     message that says what is wrong, never a crash or a hang;
 *   - the spreadsheet serial date table (1900 and 1904 systems);
 *   - reading from memory gives what reading the file gives.
 */
#include "testutil.h"

#include <math.h>
#include <stdbool.h>
#include <time.h>

#include "bitacora/load.h"
#include "bitacora/refdata.h"
#include "bitacora/template.h"
#include "bitacora/text.h"
#include "bitacora/xlsxread.h"

static bt_tpl *tpl;

/* Table cases report every mismatch, then the test fails once at its end,
 * so one run lists them all. */
static int mismatches;

static void mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void mismatch(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[4096];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    print_error("MISMATCH: %s\n", buf);
    mismatches++;
}

#define CHECK(cond, ...) ((cond) ? (void)0 : mismatch(__VA_ARGS__))

static void end_of_table(void)
{
    int n = mismatches;
    mismatches = 0;
    if (n)
        fail_msg("%d mismatch(es), listed above", n);
}

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

static const char *fixture(const char *name)
{
    static char bufs[4][4096];
    static int k;
    char *b = bufs[k++ & 3];
    snprintf(b, 4096, "%s/tests/data/xlsx/%s", tu_srcdir(), name);
    return b;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Generous: machines are noisy, and valgrind is ~30 times slower. */
static double time_bound(void)
{
    return getenv("BT_VALGRIND") ? 30.0 : 2.0;
}

/* ---- a territory as text, to compare two reads ---- */

static void put_text(bt_sb *b, const char *what, const bt_text *t, bool locs)
{
    bt_sb_printf(b, "%s=%s", what, t->text ? t->text : "(null)");
    if (locs)
        bt_sb_printf(b, "@%u:%u", (unsigned)t->loc.row, (unsigned)t->loc.col);
    bt_sb_putc(b, '\n');
}

static void put_count(bt_sb *b, const char *what, const bt_count *c, bool locs)
{
    bt_sb_printf(b, "%s=%d:%llu", what, (int)c->state, (unsigned long long)c->n);
    if (locs)
        bt_sb_printf(b, "@%u:%u", (unsigned)c->loc.row, (unsigned)c->loc.col);
    bt_sb_putc(b, '\n');
}

static void put_date(bt_sb *b, const char *what, const bt_dateval *d, bool locs)
{
    char iso[16] = "";
    if (d->state == BT_ST_OK)
        bt_date_iso(&d->date, iso);
    bt_sb_printf(b, "%s=%d:%s", what, (int)d->state, iso);
    if (locs)
        bt_sb_printf(b, "@%u:%u", (unsigned)d->loc.row, (unsigned)d->loc.col);
    bt_sb_putc(b, '\n');
}

/* Everything read from the file; with locs, also where (rows and columns)
 * and every finding with its message.  File and sheet names are left out
 * so that a CSV and its XLSX can be compared. */
static char *dump(const bt_territory *t, bool locs)
{
    bt_sb b;
    bt_sb_init(&b);
    bt_sb_printf(&b, "readable=%d region=%d\n", t->readable, t->region);
    for (int f = 0; f < BT_F__COUNT; f++) {
        if (f == BT_F_SES_FECHA || f == BT_F_SES_TEMATICA || f == BT_F_SES_REGISTRO)
            continue;
        /* How the comunas were spread over cells shows in the joined
         * text; the comunas themselves are compared below. */
        if (f == BT_F_COMUNAS && !locs)
            continue;
        char what[24];
        snprintf(what, sizeof what, "field%d", f);
        put_text(&b, what, &t->field[f], locs);
    }
    put_count(&b, "terrnum", &t->terrnum, locs);
    bt_sb_printf(&b, "period=%d\n", t->period);
    for (size_t i = 0; i < t->ncomunas; i++)
        bt_sb_printf(&b, "comuna=%d\n", t->comunas[i].index);
    /* Without locations, table rows in the template's order (a team may
     * reorder rows inside a section). */
    for (int item = locs ? -2 : -1; item < 64; item++)
        for (size_t i = 0; i < t->nunits; i++) {
            if (item != -2 && t->units[i].item != item)
                continue;
            bt_sb_printf(&b, "unit %d ", t->units[i].item);
            put_count(&b, t->units[i].label, &t->units[i].count, locs);
        }
    put_count(&b, "units_total", &t->units_total, locs);
    for (int item = locs ? -2 : -1; item < 64; item++)
        for (size_t i = 0; i < t->nstaff; i++) {
            if (item != -2 && t->staff[i].item != item)
                continue;
            bt_sb_printf(&b, "staff %d ", t->staff[i].item);
            put_count(&b, t->staff[i].label, &t->staff[i].count, locs);
            for (size_t k = 0; k < t->staff[i].npeople; k++)
                bt_sb_printf(&b, "  person=%s\n", t->staff[i].people[k].name);
        }
    put_count(&b, "staff_total", &t->staff_total, locs);
    for (size_t i = 0; i < t->ncaett; i++) {
        put_text(&b, "caett", &t->caett[i].topic, locs);
        put_date(&b, "  date", &t->caett[i].date, locs);
        put_text(&b, "  strategy", &t->caett[i].strategy, locs);
    }
    put_count(&b, "caett_projected", &t->caett_projected, locs);
    for (size_t i = 0; i < t->nsessions; i++) {
        bt_sb_printf(&b, "session %d\n", t->sessions[i].number);
        put_date(&b, "  date", &t->sessions[i].date, locs);
        put_text(&b, "  tematica", &t->sessions[i].tematica, locs);
        put_text(&b, "  registro", &t->sessions[i].registro, locs);
    }
    for (size_t i = 0; i < t->nproj; i++) {
        bt_sb_printf(&b, "proj %d\n", t->proj[i].ambito);
        put_text(&b, "  objetivo", &t->proj[i].objetivo, locs);
        put_text(&b, "  estrategia", &t->proj[i].estrategia, locs);
    }
    bt_sb_printf(&b, "others=%zu\n", t->nothers);
    size_t n = bt_findings_count(t->findings);
    for (size_t i = 0; i < n; i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        if (f->code == BT_A_SHEET_UNREAD)
            continue;   /* about the workbook's other sheets: no CSV has them */
        if (locs)
            bt_sb_printf(&b, "%s %u:%u %s | %s\n", bt_code_info_of(f->code)->id,
                         (unsigned)f->row, (unsigned)f->col, f->value ? f->value : "",
                         f->message);
        else
            bt_sb_printf(&b, "%s\n", bt_code_info_of(f->code)->id);
    }
    assert_false(b.failed);
    char *s = strdup(bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static void same_text(const char *what, const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return;
    /* Show the first line that differs. */
    size_t line = 1;
    const char *pa = a, *pb = b;
    while (*pa && *pa == *pb) {
        if (*pa == '\n')
            line++;
        pa++;
        pb++;
    }
    const char *la = pa, *lb = pb;
    while (la > a && la[-1] != '\n')
        la--;
    while (lb > b && lb[-1] != '\n')
        lb--;
    mismatch("%s: line %zu differs:\n  «%.*s»\n  «%.*s»", what, line,
             (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
}

static bt_territory *load(const char *path, const char *display)
{
    bt_territory *t = NULL;
    bt_err e = bt_load_file(tpl, path, display, NULL, &t);
    assert_non_null(t);
    assert_true(e == BT_OK || e == BT_ERR_READ);
    return t;
}

/* "E051@Bitácora!B28 A052@Bitácora!C25", sorted like the territory's list. */
static char *findings_text(const bt_territory *t)
{
    bt_sb b;
    bt_sb_init(&b);
    size_t n = bt_findings_count(t->findings);
    for (size_t i = 0; i < n; i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        char cell[128];
        bt_finding_cell(f, cell, sizeof cell);
        bt_sb_printf(&b, "%s%s%s%s", i ? " " : "", bt_code_info_of(f->code)->id, *cell ? "@" : "",
                     cell);
    }
    char *s = strdup(bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

/* ---- good workbooks ---- */

#define NONE (-1)

typedef struct {
    const char *file;
    const char *format;       /* info.format */
    const char *sheet;        /* info.sheet: the sheet read */
    const char *region;       /* region code */
    unsigned terrnum;
    const char *name;
    int period;
    int units[9];             /* template order; NONE: not a valid count */
    int units_total;
    int staff_total;
    size_t nsessions;
    const char *ses_dates[4]; /* ISO, first sessions */
    const char *caett_dates[3];/* ISO; "2025-03" is month precision */
    const char *findings;     /* exactly, as findings_text() writes them */
    const char *same_as;      /* a sample CSV that reads the same, or NULL */
    bool same_locs;           /* ... at the same rows and columns too */
} good_case;

static const good_case goods[] = {
    /* LibreOffice: CSV samples converted with soffice. */
    {"lo_valparaiso_t01.xlsx", "XLSX", "valparaiso_t01_aconcagua", "05", 1, "Aconcagua", 2025,
     {9, 21, 2, 1, 0, 2, 1, 1, 1}, 38, 8, 3,
     {"2025-03-18", "2025-04-15", "2025-05-20", NULL},
     {"2025-03", "2025-04", "2025-05"}, "",
     "samples/valparaiso_t01_aconcagua.csv", true},
    {"lo_rm_t07_maipo.xlsx", "XLSX", "rm_t07_maipo", "13", 7, "Maipo", 2025,
     {10, 27, 2, 1, 0, 1, 0, 2, 1}, 44, 11, 4,
     {"2025-03-20", "2025-04-17", "2025-05-15", "2025-06-19"},
     {"2025-03-20", "2025-04-17", "2025-05-15"},
     "A052@rm_t07_maipo!C25 E051@rm_t07_maipo!B28 A054@rm_t07_maipo!A30 "
     "E053@rm_t07_maipo!B31",
     "samples/rm_t07_maipo.csv", true},
    /* LibreOffice last: edited (date cells, real numbers, a fraction,
     * merged cells, a decoy sheet before "Bitácora"). */
    {"lo_edited_maipo.xlsx", "XLSX", "Bitácora", "13", 7, "Maipo", 2025,
     {10, 27, 2, NONE, 0, 1, 0, 2, 1}, 44, 11, 4,
     {"2025-03-20", "2025-04-17", "2025-05-15", "2025-06-19"},
     {"2025-03", "2025-04-17", "2025-05-15"},
     "E040@Bitácora!B14 A052@Bitácora!C25 E051@Bitácora!B28 A054@Bitácora!A30 "
     "E053@Bitácora!B31",
     NULL, false},
    /* openpyxl from scratch, the template's layout, 1900 and 1904 systems;
     * and the 1904 one saved again by LibreOffice. */
    {"openpyxl_biobio.xlsx", "XLSX", "BITÁCORA ETT", "08", 3, "Arauco - Lafkenche", 2025,
     {6, 14, 3, 0, 5, 1, 2, 1, 1}, 33, 10, 4,
     {"2025-03-13", "2025-04-10", "2025-05-08", "2025-06-12"},
     {"2025-03", "2025-04", "2025-05"}, "A016",   /* its «Portada» sheet, named */
     "samples/biobio_t03_arauco.csv", false},
    {"openpyxl_biobio_1904.xlsx", "XLSX", "Hoja1", "08", 3, "Arauco - Lafkenche", 2025,
     {6, 14, 3, 0, 5, 1, 2, 1, 1}, 33, 10, 4,
     {"2025-03-13", "2025-04-10", "2025-05-08", "2025-06-12"},
     {"2025-03", "2025-04", "2025-05"}, "",
     "samples/biobio_t03_arauco.csv", false},
    {"lo_from_1904.xlsx", "XLSX", "Hoja1", "08", 3, "Arauco - Lafkenche", 2025,
     {6, 14, 3, 0, 5, 1, 2, 1, 1}, 33, 10, 4,
     {"2025-03-13", "2025-04-10", "2025-05-08", "2025-06-12"},
     {"2025-03", "2025-04", "2025-05"}, "",
     "samples/biobio_t03_arauco.csv", false},
    /* The XLSX template filled, its "Bitácora" sheet renamed and moved
     * after "Instrucciones": the renamed sheet is the logbook. */
    {"template_renamed_moved.xlsx", "XLSX", "Aconcagua 2025", "05", 1, "Aconcagua", 2025,
     {9, 21, 2, 1, 0, 2, 1, 1, 1}, 38, 8, 2,
     {"2025-03-18", "2025-04-15", NULL, NULL},
     {"2025-03", "2025-04", "2025-05"}, "",
     NULL, false},
    /* Today's template filled, calculated and saved by LibreOffice: its
     * Total rows are LibreOffice's sums, and the names counted and the
     * marks beside the disciplines give no finding of their own. */
    {"lo_template_maipo.xlsx", "XLSX", "Bitácora", "13", 7, "Maipo", 2025,
     {10, 27, 2, 1, 0, 1, 0, 2, 1}, 44, 11, 4,
     {"2025-03-20", "2025-04-17", "2025-05-15", "2025-06-19"},
     {"2025-03-20", "2025-04-17", "2025-05-15"},
     "A052@Bitácora!C25 E051@Bitácora!B28", NULL, false},
    /* A CSV named .xlsx: the content decides. */
    {"csv_named.xlsx", "CSV", "", "05", 1, "Aconcagua", 2025,
     {9, 21, 2, 1, 0, 2, 1, 1, 1}, 38, 8, 3,
     {"2025-03-18", "2025-04-15", "2025-05-20", NULL},
     {"2025-03", "2025-04", "2025-05"}, "",
     "samples/valparaiso_t01_aconcagua.csv", true},
};

static void check_good(const good_case *c)
{
    const char *fn = c->file;
    bt_territory *t = load(fixture(fn), fn);
    if (!t->readable) {
        mismatch("%s: not readable: %s", fn, t->fatal ? t->fatal : "?");
        bt_territory_free(t);
        return;
    }
    CHECK(!strcmp(t->info.format, c->format), "%s: format %s", fn, t->info.format);
    CHECK(!strcmp(t->info.sheet, c->sheet), "%s: sheet «%s», expected «%s»", fn, t->info.sheet,
          c->sheet);
    CHECK(t->region >= 0 && !strcmp(bt_region_at((size_t)t->region)->code, c->region),
          "%s: region %d, expected %s", fn, t->region, c->region);
    CHECK(t->terrnum.state == BT_ST_OK && t->terrnum.n == c->terrnum,
          "%s: N° territorio «%s», expected %u", fn, t->terrnum.raw ? t->terrnum.raw : "",
          c->terrnum);
    CHECK(t->field[BT_F_TERRNAME].text && !strcmp(t->field[BT_F_TERRNAME].text, c->name),
          "%s: name «%s»", fn, t->field[BT_F_TERRNAME].text ? t->field[BT_F_TERRNAME].text : "");
    CHECK(t->period == c->period, "%s: period %d", fn, t->period);
    for (int i = 0; i < 9; i++) {
        size_t missing;
        uint64_t n = bt_units_of(t, i, &missing);
        if (c->units[i] == NONE)
            CHECK(missing, "%s: programme %d should not be a valid count", fn, i);
        else
            CHECK(!missing && n == (uint64_t)c->units[i],
                  "%s: programme %d: %llu (missing %zu), expected %d", fn, i,
                  (unsigned long long)n, missing, c->units[i]);
    }
    CHECK(t->units_total.state == BT_ST_OK && t->units_total.n == (uint64_t)c->units_total,
          "%s: units total «%s»", fn, t->units_total.raw ? t->units_total.raw : "");
    CHECK(t->staff_total.state == BT_ST_OK && t->staff_total.n == (uint64_t)c->staff_total,
          "%s: staff total «%s»", fn, t->staff_total.raw ? t->staff_total.raw : "");
    CHECK(t->nsessions == c->nsessions, "%s: %zu sessions", fn, t->nsessions);
    for (size_t i = 0; i < 4 && c->ses_dates[i] && i < t->nsessions; i++) {
        char iso[16] = "";
        if (t->sessions[i].date.state == BT_ST_OK)
            bt_date_iso(&t->sessions[i].date.date, iso);
        CHECK(!strcmp(iso, c->ses_dates[i]), "%s: session %zu date «%s» (raw «%s»), expected %s",
              fn, i + 1, iso, t->sessions[i].date.raw ? t->sessions[i].date.raw : "",
              c->ses_dates[i]);
    }
    for (size_t i = 0; i < 3 && c->caett_dates[i]; i++) {
        char iso[16] = "";
        if (i >= t->ncaett) {
            mismatch("%s: only %zu CAETT rows", fn, t->ncaett);
            break;
        }
        if (t->caett[i].date.state == BT_ST_OK)
            bt_date_iso(&t->caett[i].date.date, iso);
        /* Month precision ("2025-03") is day 0. */
        CHECK(!strcmp(iso, c->caett_dates[i]) &&
                  (t->caett[i].date.date.day == 0) == (strlen(c->caett_dates[i]) == 7),
              "%s: CAETT %zu date «%s» (raw «%s»), expected %s", fn, i + 1, iso,
              t->caett[i].date.raw ? t->caett[i].date.raw : "", c->caett_dates[i]);
    }
    char *fs = findings_text(t);
    CHECK(!strcmp(fs, c->findings), "%s: findings\n  got      «%s»\n  expected «%s»", fn, fs,
          c->findings);
    free(fs);
    if (c->same_as) {
        bt_territory *s = load(tu_path(c->same_as), c->same_as);
        assert_true(s->readable);
        char *a = dump(t, c->same_locs), *b = dump(s, c->same_locs);
        char what[512];
        snprintf(what, sizeof what, "%s against %s", fn, c->same_as);
        same_text(what, a, b);
        free(a);
        free(b);
        bt_territory_free(s);
    }
    bt_territory_free(t);
}

static void good_workbooks(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++)
        check_good(&goods[i]);
    end_of_table();
}

/* The minimal hand-made package every broken fixture is made from is
 * itself fine: the broken ones fail for their defect only.  Its numbers
 * have a "General" custom format (id 164), as LibreOffice writes them. */
/* Formulas whose result was never stored (a generator that does not
 * calculate): read as empty, each with A015 at its cell, none dropped
 * without a word. */
static void formulas_without_value(void **state)
{
    (void)state;
    bt_territory *t = load(fixture("formulas_no_value.xlsx"), "formulas_no_value.xlsx");
    assert_true(t->readable);
    char *fs = findings_text(t);
    CHECK(strstr(fs, "A015@Bitácora!B12") && strstr(fs, "A015@Bitácora!B20") &&
              strstr(fs, "A015@Bitácora!B30"),
          "formulas_no_value.xlsx: findings %s", fs);
    CHECK(t->units_total.state == BT_ST_EMPTY, "formulas_no_value.xlsx: total %d",
          (int)t->units_total.state);
    free(fs);
    bt_territory_free(t);
    end_of_table();
}

/* The template's computed cells beside the staffing table (names counted,
 * "Coincide" / "No coincide") are read past: each discipline has the
 * names typed in column C and nothing else, and nothing is kept in Otros. */
static void template_computed_cells(void **state)
{
    (void)state;
    bt_territory *t = load(fixture("lo_template_maipo.xlsx"), "lo_template_maipo.xlsx");
    assert_true(t->readable);
    static const size_t names[] = {6, 1, 1, 0, 1, 1};
    CHECK(t->nstaff == 6, "lo_template_maipo.xlsx: %zu staff rows", t->nstaff);
    for (size_t i = 0; i < t->nstaff && i < 6; i++) {
        CHECK(t->staff[i].npeople == names[i], "lo_template_maipo.xlsx: %s: %zu names",
              t->staff[i].label, t->staff[i].npeople);
        for (size_t p = 0; p < t->staff[i].npeople; p++)
            CHECK(t->staff[i].people[p].loc.col == 3, "lo_template_maipo.xlsx: %s: a name "
                  "in column %u", t->staff[i].label, (unsigned)t->staff[i].people[p].loc.col);
    }
    CHECK(t->nothers == 0, "lo_template_maipo.xlsx: %zu rows in Otros", t->nothers);
    CHECK(t->staff_total.state == BT_ST_OK && t->staff_total.loc.col == 2,
          "lo_template_maipo.xlsx: staff total at column %u", (unsigned)t->staff_total.loc.col);
    bt_territory_free(t);
    end_of_table();
}

static bool unread_sheet_named(const bt_territory *t, const char *quoted)
{
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        if (f->code == BT_A_SHEET_UNREAD && strstr(f->message, quoted))
            return true;
    }
    return false;
}

/* Sheets besides the logbook: a renamed logbook sheet is found by its
 * labels even behind a sheet of notes that has a few; every other sheet
 * with content is named (A016), never dropped without a word. */
static void other_sheets(void **state)
{
    (void)state;
    bt_territory *t = load(fixture("notes_first_renamed.xlsx"), "notes_first_renamed.xlsx");
    char *fs = findings_text(t);
    CHECK(strcmp(t->info.sheet, "T3") == 0, "notes_first_renamed.xlsx: read sheet «%s»",
          t->info.sheet);
    CHECK(t->terrnum.state == BT_ST_OK && t->terrnum.n == 3 && t->nunits > 0,
          "notes_first_renamed.xlsx: territory not read: %s", fs);
    CHECK(unread_sheet_named(t, "«Notas»"), "notes_first_renamed.xlsx: findings %s", fs);
    free(fs);
    bt_territory_free(t);
    t = load(fixture("two_logbooks.xlsx"), "two_logbooks.xlsx");
    fs = findings_text(t);
    CHECK(strcmp(t->info.sheet, "Bitácora") == 0, "two_logbooks.xlsx: read sheet «%s»",
          t->info.sheet);
    CHECK(unread_sheet_named(t, "«Bitácora (2)»"), "two_logbooks.xlsx: findings %s", fs);
    free(fs);
    bt_territory_free(t);
    end_of_table();
}

static void minimal_package(void **state)
{
    (void)state;
    bt_territory *t = load(fixture("hand_minimal.xlsx"), "hand_minimal.xlsx");
    assert_true(t->readable);
    assert_string_equal(t->info.sheet, "Bitácora");
    assert_string_equal(bt_region_at((size_t)t->region)->code, "05");
    assert_string_equal(t->field[BT_F_TERRNAME].text, "Aconcagua");
    char *fs = findings_text(t);
    CHECK(t->terrnum.state == BT_ST_OK && t->terrnum.n == 1 && t->period == 2025,
          "hand_minimal.xlsx: numbers with a \"General\" format misread: %s", fs);
    /* Sections missing, as expected of identity rows only. */
    CHECK(strstr(fs, "E020") && !strstr(fs, "E031") && !strstr(fs, "E035"),
          "hand_minimal.xlsx: findings %s", fs);
    free(fs);
    bt_territory_free(t);
    end_of_table();
}

/* ---- raw cells, as the reader delivers them ---- */

typedef struct {
    uint32_t row, col;
    char *text;
} raw_cell_t;

typedef struct {
    bt_err err;
    bt_source_info info;
    raw_cell_t *cells;
    size_t n, cap;
    char *dump;               /* every cell, "B14=1,5" lines */
    char *findings;
} raw_read;

static bt_err raw_row(void *ctx, const bt_row *row)
{
    raw_read *r = ctx;
    for (size_t i = 0; i < row->n; i++) {
        assert_int_equal(strlen(row->cells[i].text), row->cells[i].len);
        assert_true(row->cells[i].len > 0);
        assert_true(i == 0 || row->cells[i].col > row->cells[i - 1].col);
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 256;
            r->cells = realloc(r->cells, r->cap * sizeof *r->cells);
            assert_non_null(r->cells);
        }
        r->cells[r->n].row = row->row;
        r->cells[r->n].col = row->cells[i].col;
        r->cells[r->n].text = strdup(row->cells[i].text);
        r->n++;
    }
    return BT_OK;
}

static raw_read read_raw(const char *name, bool from_mem)
{
    raw_read out;
    memset(&out, 0, sizeof out);
    bt_findings *fs = bt_findings_new();
    assert_non_null(fs);
    if (from_mem) {
        size_t n = 0;
        unsigned char *data = tu_read(fixture(name), &n);
        assert_non_null(data);
        out.err = bt_xlsx_read_mem(data, n, name, NULL, raw_row, &out, &out.info, fs);
        free(data);
    } else {
        FILE *f = fopen(fixture(name), "rb");
        assert_non_null(f);
        out.err = bt_xlsx_read_file(f, name, NULL, raw_row, &out, &out.info, fs);
        fclose(f);
    }
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < out.n; i++) {
        char letters[8];
        bt_col_letters(out.cells[i].col, letters);
        bt_sb_printf(&b, "%s%u=%s\n", letters, (unsigned)out.cells[i].row, out.cells[i].text);
    }
    out.dump = strdup(bt_sb_str(&b));
    bt_sb_clear(&b);
    for (size_t i = 0; i < bt_findings_count(fs); i++) {
        const bt_finding *f = bt_findings_at(fs, i);
        bt_sb_printf(&b, "%s %s\n", bt_code_info_of(f->code)->id, f->message);
    }
    out.findings = strdup(bt_sb_str(&b));
    bt_sb_free(&b);
    bt_findings_free(fs);
    return out;
}

static void raw_free(raw_read *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cells[i].text);
    free(r->cells);
    free(r->dump);
    free(r->findings);
    memset(r, 0, sizeof *r);
}

/* The text of one cell ("B14") in a read; "" when the reader gave none. */
static const char *raw_cell(const raw_read *r, const char *ref)
{
    uint32_t col = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z')
        col = col * 26 + (uint32_t)(*p++ - 'A' + 1);
    uint32_t row = (uint32_t)strtoul(p, NULL, 10);
    for (size_t i = 0; i < r->n; i++)
        if (r->cells[i].row == row && r->cells[i].col == col)
            return r->cells[i].text;
    return "";
}

typedef struct {
    const char *file;
    const char *cell;
    const char *text;   /* "" = no cell delivered */
} raw_case;

static const raw_case raws[] = {
    /* LibreOffice writes numbers with a "General" custom format (164). */
    {"lo_valparaiso_t01.xlsx", "B4", "1"},
    {"lo_valparaiso_t01.xlsx", "B7", "2025"},
    {"lo_valparaiso_t01.xlsx", "B11", "9"},
    {"lo_valparaiso_t01.xlsx", "B56", "18-03-2025"},     /* text: LO did not make it a date */
    {"lo_valparaiso_t01.xlsx", "A1",
     "BITÁCORA DEL EQUIPO TÉCNICO TERRITORIAL PARA EL ACOMPAÑAMIENTO TÉCNICO PERTINENTE"},
    {"lo_rm_t07_maipo.xlsx", "B3", "Región Metropolitana"},   /* from Windows-1252 */
    {"hand_minimal.xlsx", "B3", "1"},
    {"hand_minimal.xlsx", "B5", "2025"},
    /* Edited and saved by LibreOffice. */
    {"lo_edited_maipo.xlsx", "B3", "Región Metropolitana"},   /* merged B3:C3 */
    {"lo_edited_maipo.xlsx", "C3", ""},
    {"lo_edited_maipo.xlsx", "B6", "San Bernardo, Buin, Paine, Calera de Tango"},
    {"lo_edited_maipo.xlsx", "A22",
     "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO"},
    {"lo_edited_maipo.xlsx", "B7", "2025"},                   /* text cell */
    {"lo_edited_maipo.xlsx", "B13", "2"},                     /* 2.0 */
    {"lo_edited_maipo.xlsx", "B14", "1,5"},                   /* a fraction, decimal comma */
    {"lo_edited_maipo.xlsx", "B29", "1"},                     /* 1.0 */
    {"lo_edited_maipo.xlsx", "B47", "03-2025"},               /* MM-YYYY date cell */
    {"lo_edited_maipo.xlsx", "B57", "20-03-2025"},            /* DD-MM-YYYY date cell */
    {"lo_edited_maipo.xlsx", "B62", "17-04-2025"},            /* text, as typed */
    /* openpyxl: shared and inline strings, rich text, a phonetic run, a
     * formula's cached value, dates in several formats. */
    {"openpyxl_biobio.xlsx", "A3", "Región"},
    {"openpyxl_biobio.xlsx", "A5", "Nombre del territorio"},
    {"openpyxl_biobio.xlsx", "B5", "Arauco - Lafkenche"},
    {"openpyxl_biobio.xlsx", "A13", "Jardín Familiar"},
    {"openpyxl_biobio.xlsx", "B20", "33"},
    {"openpyxl_biobio.xlsx", "B4", "3"},
    {"openpyxl_biobio.xlsx", "B46", "03-2025"},               /* mm-yyyy */
    {"openpyxl_biobio.xlsx", "B47", "04-2025"},               /* mmmm yyyy */
    {"openpyxl_biobio.xlsx", "B48", "mayo 2025"},             /* text */
    {"openpyxl_biobio.xlsx", "B61", "13-03-2025"},            /* dd-mm-yyyy */
    {"openpyxl_biobio.xlsx", "B66", "10-04-2025"},            /* built-in 14 */
    {"openpyxl_biobio.xlsx", "B71", "8 de mayo de 2025"},     /* text */
    {"openpyxl_biobio.xlsx", "B76", "12-06-2025"},            /* dddd d "de" mmmm ... */
    {"openpyxl_biobio_1904.xlsx", "B4", "3"},
    {"openpyxl_biobio_1904.xlsx", "B46", "03-2025"},
    {"openpyxl_biobio_1904.xlsx", "B61", "13-03-2025"},
    {"openpyxl_biobio_1904.xlsx", "B66", "10-04-2025"},
    {"openpyxl_biobio_1904.xlsx", "B76", "12-06-2025"},
    {"lo_from_1904.xlsx", "B4", "3"},
    {"lo_from_1904.xlsx", "B20", "33"},
    {"lo_from_1904.xlsx", "B46", "03-2025"},
    {"lo_from_1904.xlsx", "B61", "13-03-2025"},
    {"lo_from_1904.xlsx", "B66", "10-04-2025"},
    {"lo_from_1904.xlsx", "B76", "12-06-2025"},
    /* Excel's escapes in <t>: "_x000D_" is a CR (a CRLF pasted from Word),
     * "_x005F_" a literal "_" before what would read as an escape. */
    {"excel_escapes.xlsx", "C25", "Carla Tapia Sandoval\r\nMauricio Bravo Gutiérrez"},
    {"excel_escapes.xlsx", "B35", "Archivo compartido: acta_x0031_.docx"},
};

static void raw_cells(void **state)
{
    (void)state;
    const char *last = NULL;
    raw_read r;
    memset(&r, 0, sizeof r);
    for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
        const raw_case *c = &raws[i];
        if (!last || strcmp(last, c->file) != 0) {
            if (last)
                raw_free(&r);
            r = read_raw(c->file, false);
            CHECK(r.err == BT_OK, "%s: %s", c->file, r.findings);
            assert_string_equal(r.info.format, "XLSX");
            assert_string_equal(r.info.encoding, "UTF-8 (XML)");
            assert_true(r.info.rows > 0);
            last = c->file;
        }
        const char *got = raw_cell(&r, c->cell);
        CHECK(!strcmp(got, c->text), "%s %s: «%s», expected «%s»", c->file, c->cell, got,
              c->text);
    }
    raw_free(&r);
    end_of_table();
}

/* ---- hostile and broken files ---- */

typedef struct {
    const char *file;
    const char *code;
    const char *alt;          /* another acceptable code, or NULL */
    const char *words[3];     /* the message says what is wrong */
    const char *never;        /* and does not say this */
} bad_case;

static const bad_case bads[] = {
    {"bomb_spaces.xlsx", "E013", NULL, {"bomba zip", "sheet1.xml", NULL}, NULL},
    {"bomb_rows.xlsx", "E013", NULL, {"bomba zip", "sheet1.xml", NULL}, NULL},
    {"bomb_sst.xlsx", "E013", NULL, {"bomba zip", "sharedStrings.xml", NULL}, NULL},
    {"bomb_declared.xlsx", "E013", NULL, {"256 MiB", "bomba zip", NULL}, NULL},
    {"bomb_lying.xlsx", "E010", "E013", {"sheet1.xml", NULL, NULL}, NULL},
    {"laughs_sheet.xlsx", "E013", NULL, {"DTD", "entidades", "sheet1.xml"}, NULL},
    {"laughs_ct.xlsx", "E013", NULL, {"DTD", "[Content_Types].xml", NULL}, NULL},
    {"no_content_types.xlsx", "E010", NULL, {"[Content_Types].xml", "no un libro XLSX", NULL},
     NULL},
    {"no_workbook.xlsx", "E010", NULL, {"xl/workbook.xml", NULL, NULL}, NULL},
    {"no_sheet.xlsx", "E010", NULL, {"xl/worksheets/sheet1.xml", "Bitácora", NULL}, NULL},
    {"truncated_sheet.xlsx", "E010", NULL, {"mal formado", "sheet1.xml", NULL}, NULL},
    {"crc.xlsx", "E010", NULL, {"suma de verificación", "sharedStrings.xml", NULL}, NULL},
    {"encrypted.xlsx", "E011", NULL, {"cifrada", "contraseña", NULL}, NULL},
    {"ole.xlsx", "E012", NULL, {"Excel 97-2003", ".xls", "contraseña"}, "antiguo u "},
    {"text.xlsx", "E014", NULL, {"no parece una bitácora", NULL, NULL}, NULL},
    {"binary.xlsx", "E002", NULL, {"PNG", NULL, NULL}, NULL},
    {"empty.xlsx", "E005", NULL, {"vacío", NULL, NULL}, NULL},
    {"truncated_zip.xlsx", "E010", NULL, {"ZIP", "dañado o incompleto", NULL}, NULL},
    {"docx.xlsx", "E010", NULL, {"Word", ".docx", NULL}, NULL},
    {"ods.xlsx", "E010", NULL, {"OpenDocument", ".ods", NULL}, NULL},
    /* A zip with no members is not damaged: it is empty. */
    {"empty_zip.xlsx", "E010", "E005", {"vací", NULL, NULL}, "a medias"},
    {"empty_sheet.xlsx", "E005", NULL, {"vacía", "Bitácora", NULL}, NULL},
    {"too_many_rows.xlsx", "E006", NULL, {"1.048.576", NULL, NULL}, NULL},
};

static void check_bad(const bad_case *c)
{
    const char *fn = c->file;
    double t0 = now();
    bt_territory *t = load(fixture(fn), fn);
    double dt = now() - t0;
    CHECK(dt <= time_bound(), "%s: refused in %.2f s", fn, dt);
    CHECK(!t->readable, "%s: read as a logbook", fn);
    CHECK(t->terrnum.state != BT_ST_OK, "%s: the territory number was read", fn);
    /* The finding that says why. */
    const bt_finding *hit = NULL;
    char all[4096] = "";
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        const char *id = bt_code_info_of(f->code)->id;
        size_t k = strlen(all);
        snprintf(all + k, sizeof all - k, "\n    %s %s", id, f->message);
        if (!hit && (strcmp(id, c->code) == 0 || (c->alt && strcmp(id, c->alt) == 0)))
            hit = f;
    }
    if (!hit) {
        mismatch("%s: expected %s%s%s, got:%s", fn, c->code, c->alt ? " or " : "",
                 c->alt ? c->alt : "", all);
        bt_territory_free(t);
        return;
    }
    CHECK(hit->severity == BT_SEV_ERROR, "%s: not an error", fn);
    for (int w = 0; w < 3 && c->words[w]; w++)
        CHECK(strstr(hit->message, c->words[w]), "%s: message lacks «%s»: %s", fn, c->words[w],
              hit->message);
    CHECK(!c->never || !strstr(hit->message, c->never), "%s: message says «%s»: %s", fn,
          c->never, hit->message);
    /* The territory says why too (for the Resumen of its region). */
    CHECK(t->fatal && !strcmp(t->fatal, hit->message), "%s: fatal «%s»", fn,
          t->fatal ? t->fatal : "(null)");
    bt_territory_free(t);
}

static void hostile_files(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++)
        check_bad(&bads[i]);
    end_of_table();
}

/* The error a refusal of this code is returned with (util.h). */
static bt_err refusal_of(const char *code)
{
    return !strcmp(code, "E013")                            ? BT_ERR_HOSTILE
           : !strcmp(code, "E010") || !strcmp(code, "E011") ? BT_ERR_BAD_XLSX
           : !strcmp(code, "E005")                          ? BT_ERR_EMPTY
           : !strcmp(code, "E006")                          ? BT_ERR_LIMIT
                                                            : BT_ERR_INTERNAL;
}

/* The reader itself refuses them with the error that names the cause,
 * the one of the finding that stopped it (the last one), not BT_OK. */
static void hostile_reader(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        size_t n = 0;
        unsigned char *head = tu_read(fixture(bads[i].file), &n);
        assert_non_null(head);
        bool zip = n >= 4 && head[0] == 'P' && head[1] == 'K';
        free(head);
        if (!zip)
            continue;
        raw_read r = read_raw(bads[i].file, false);
        CHECK(r.err != BT_OK && r.findings[0], "%s: the reader returned %d (%s)", bads[i].file,
              (int)r.err, r.findings);
        const char *last = r.findings;
        for (const char *p = r.findings; *p; p++)
            if (p[0] == '\n' && p[1])
                last = p + 1;
        char code[5] = "";
        snprintf(code, sizeof code, "%s", last);
        CHECK(r.err == refusal_of(code), "%s: stopped by %s but returned «%s»", bads[i].file,
              code, bt_strerror(r.err));
        raw_free(&r);
    }
    end_of_table();
}

/* ---- serial dates ---- */

typedef struct {
    double serial;
    int date1904;
    int ok;
    int y, m, d;
} serial_case;

static const serial_case serials[] = {
    {45731, 0, 1, 2025, 3, 15},
    {45731.75, 0, 1, 2025, 3, 15},     /* a time of day is dropped */
    {1, 0, 1, 1900, 1, 1},
    {31, 0, 1, 1900, 1, 31},
    {59, 0, 1, 1900, 2, 28},
    {60, 0, 0, 0, 0, 0},               /* Excel's 29-02-1900 never was */
    {61, 0, 1, 1900, 3, 1},
    {366, 0, 1, 1900, 12, 31},
    {367, 0, 1, 1901, 1, 1},
    {36526, 0, 1, 2000, 1, 1},
    {36585, 0, 1, 2000, 2, 29},
    {73051, 0, 1, 2100, 1, 1},
    {2958465, 0, 1, 9999, 12, 31},
    {0, 0, 0, 0, 0, 0},
    {0.5, 0, 0, 0, 0, 0},
    {-1, 0, 0, 0, 0, 0},
    {2958466, 0, 0, 0, 0, 0},
    {1e300, 0, 0, 0, 0, 0},
    {44269, 1, 1, 2025, 3, 15},
    {1, 1, 1, 1904, 1, 2},
    {59, 1, 1, 1904, 2, 29},
    {1462, 1, 1, 1908, 1, 2},
    {35064, 1, 1, 2000, 1, 1},
    {2957003, 1, 1, 9999, 12, 31},
    {-1, 1, 0, 0, 0, 0},
};

static void serial_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof serials / sizeof serials[0]; i++) {
        const serial_case *c = &serials[i];
        int y = -1, m = -1, d = -1;
        int ok = bt_xlsx_serial_to_date(c->serial, c->date1904, &y, &m, &d);
        if (!ok != !c->ok)
            mismatch("serial %.17g (%s): ok=%d (%04d-%02d-%02d), expected ok=%d", c->serial,
                     c->date1904 ? "1904" : "1900", ok, y, m, d, c->ok);
        else if (c->ok && (y != c->y || m != c->m || d != c->d))
            mismatch("serial %.17g (%s): %04d-%02d-%02d, expected %04d-%02d-%02d", c->serial,
                     c->date1904 ? "1904" : "1900", y, m, d, c->y, c->m, c->d);
    }
    end_of_table();
    /* Not-a-number and infinities are not dates. */
    int y, m, d;
    assert_false(bt_xlsx_serial_to_date(NAN, 0, &y, &m, &d));
    assert_false(bt_xlsx_serial_to_date(INFINITY, 0, &y, &m, &d));
    assert_false(bt_xlsx_serial_to_date(-INFINITY, 1, &y, &m, &d));
    /* Every day of 2000-2100 round-trips with the writer's serial. */
    for (double s = 36526; s <= 73415; s += 1) {
        assert_true(bt_xlsx_serial_to_date(s, 0, &y, &m, &d));
        bt_date dt = {y, m, d};
        assert_true(bt_date_serial(&dt) == s);
        int y4, m4, d4;
        assert_true(bt_xlsx_serial_to_date(s - 1462, 1, &y4, &m4, &d4));
        assert_int_equal(y4, y);
        assert_int_equal(m4, m);
        assert_int_equal(d4, d);
    }
}

/* ---- memory and FILE give the same ---- */

static void mem_equals_file(void **state)
{
    (void)state;
    const char *files[sizeof goods / sizeof goods[0] + sizeof bads / sizeof bads[0] + 1];
    size_t nf = 0;
    for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++)
        files[nf++] = goods[i].file;
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++)
        files[nf++] = bads[i].file;
    files[nf++] = "hand_minimal.xlsx";
    for (size_t i = 0; i < nf; i++) {
        size_t n = 0;
        unsigned char *data = tu_read(fixture(files[i]), &n);
        assert_non_null(data);
        bt_territory *m = NULL;
        assert_int_equal(bt_load_mem(tpl, data, n, files[i], NULL, &m), BT_OK);
        free(data);
        bt_territory *f = load(fixture(files[i]), files[i]);
        assert_int_equal(m->readable, f->readable);
        assert_string_equal(m->info.format, f->info.format);
        assert_string_equal(m->info.sheet, f->info.sheet);
        assert_int_equal(m->info.rows, f->info.rows);
        char *a = dump(m, true), *b = dump(f, true);
        char what[300];
        snprintf(what, sizeof what, "%s from memory and from the file", files[i]);
        same_text(what, a, b);
        free(a);
        free(b);
        char *fa = findings_text(m), *fb = findings_text(f);
        assert_string_equal(fa, fb);
        free(fa);
        free(fb);
        bt_territory_free(m);
        bt_territory_free(f);
    }
    /* The raw rows too. */
    for (size_t i = 0; i < sizeof goods / sizeof goods[0]; i++) {
        if (strcmp(goods[i].format, "XLSX") != 0)
            continue;
        raw_read a = read_raw(goods[i].file, true), b = read_raw(goods[i].file, false);
        assert_int_equal(a.err, b.err);
        same_text(goods[i].file, a.dump, b.dump);
        assert_string_equal(a.findings, b.findings);
        assert_string_equal(a.info.sheet, b.info.sheet);
        assert_int_equal(a.info.rows, b.info.rows);
        raw_free(&a);
        raw_free(&b);
    }
    end_of_table();
}

/* A finding in a workbook is located on its sheet, as the team sees it. */
static void finding_cells(void **state)
{
    (void)state;
    bt_territory *t = load(fixture("lo_edited_maipo.xlsx"), "lo_edited_maipo.xlsx");
    bool seen = false;
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        if (f->code != BT_E_STAFF_NAMES)
            continue;
        seen = true;
        char cell[64];
        bt_finding_cell(f, cell, sizeof cell);
        assert_string_equal(cell, "Bitácora!B28");
        assert_string_equal(f->sheet, "Bitácora");
        assert_int_equal(f->row, 28);
        assert_int_equal(f->col, 2);
        bt_sb line;
        bt_sb_init(&line);
        assert_int_equal(bt_finding_line(f, &line), BT_OK);
        assert_non_null(strstr(bt_sb_str(&line), "lo_edited_maipo.xlsx:28:2: error[E051]"));
        assert_non_null(strstr(bt_sb_str(&line), "Bitácora!B28"));
        bt_sb_free(&line);
    }
    assert_true(seen);
    bt_territory_free(t);
}

/* The generic sheet walk (used to read back bitacora's own workbooks):
 * any sheet by name, every cell, and a clear refusal for a missing one. */
static bt_err count_row(void *ctx, const bt_row *row)
{
    size_t *n = ctx;
    *n += row->n;
    return BT_OK;
}

static void sheet_walk(void **state)
{
    (void)state;
    FILE *f = fopen(fixture("lo_edited_maipo.xlsx"), "rb");
    assert_non_null(f);
    bt_findings *fs = bt_findings_new();
    size_t n = 0;
    assert_int_equal(bt_xlsx_read_sheet(f, "Instrucciones", count_row, &n, fs), BT_OK);
    assert_int_equal(n, 5);   /* the decoy: 2 + 2 + 1 cells */
    n = 0;
    assert_int_equal(bt_xlsx_read_sheet(f, "Bitácora", count_row, &n, fs), BT_OK);
    assert_true(n > 100);
    assert_int_equal(bt_findings_count(fs), 0);
    assert_int_not_equal(bt_xlsx_read_sheet(f, "Resumen", count_row, &n, fs), BT_OK);
    assert_int_equal(bt_findings_count(fs), 1);
    const bt_finding *x = bt_findings_at(fs, 0);
    assert_string_equal(bt_code_info_of(x->code)->id, "E010");
    assert_non_null(strstr(x->message, "«Resumen»"));
    bt_findings_free(fs);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(serial_dates),
        cmocka_unit_test(formulas_without_value),
        cmocka_unit_test(template_computed_cells),
        cmocka_unit_test(other_sheets),
        cmocka_unit_test(minimal_package),
        cmocka_unit_test(raw_cells),
        cmocka_unit_test(good_workbooks),
        cmocka_unit_test(finding_cells),
        cmocka_unit_test(hostile_files),
        cmocka_unit_test(hostile_reader),
        cmocka_unit_test(mem_equals_file),
        cmocka_unit_test(sheet_walk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
