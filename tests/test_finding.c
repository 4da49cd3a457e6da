/* test_finding.c - the findings list, the codes and the three output
 * formats (finding.h). */
#include "testutil.h"

#include "bitacora/csvread.h"
#include "bitacora/finding.h"
#include "bitacora/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- codes ---- */

static void codes_are_complete(void **state)
{
    (void)state;
    for (int c = 0; c < BT_CODE__COUNT; c++) {
        const bt_code_info *ci = bt_code_info_of((bt_code)c);
        assert_non_null(ci);
        assert_non_null(ci->id);
        assert_non_null(ci->title);
        assert_true(strlen(ci->title) > 3);
        assert_true(bt_utf8_valid(ci->title, strlen(ci->title)));
        /* what to do, for the correction lists: a sentence */
        assert_non_null(ci->todo);
        assert_true(strlen(ci->todo) > 10);
        assert_true(bt_utf8_valid(ci->todo, strlen(ci->todo)));
        assert_int_equal(ci->todo[strlen(ci->todo) - 1], '.');
        /* "E###" or "A###": E is an error, A an aviso */
        assert_int_equal(strlen(ci->id), 4);
        assert_true(ci->id[0] == 'E' || ci->id[0] == 'A');
        for (int k = 1; k < 4; k++)
            assert_true(ci->id[k] >= '0' && ci->id[k] <= '9');
        assert_int_equal(ci->severity, ci->id[0] == 'E' ? BT_SEV_ERROR : BT_SEV_AVISO);
        assert_string_not_equal(ci->id, "E999");
        for (int o = 0; o < c; o++) {
            assert_string_not_equal(ci->id, bt_code_info_of((bt_code)o)->id);
            /* the numbers are unique too, whatever the letter */
            assert_string_not_equal(ci->id + 1, bt_code_info_of((bt_code)o)->id + 1);
        }
    }
    /* The numbers users and scripts rely on. */
    static const struct {
        bt_code code;
        const char *id;
    } fixed[] = {
        {BT_E_UNREADABLE, "E001"},     {BT_E_BINARY, "E002"},
        {BT_E_CSV_SYNTAX, "E003"},     {BT_E_UNDECODABLE, "E004"},
        {BT_E_EMPTY, "E005"},          {BT_E_LIMIT, "E006"},
        {BT_A_UTF16_NO_BOM, "A007"},   {BT_E_SECTION_MISSING, "E020"},
        {BT_E_FIELD_MISSING, "E021"},  {BT_A_FIELD_REPEATED, "A023"},
        {BT_A_UNMAPPED, "A024"},       {BT_E_REGION, "E030"},
        {BT_E_TERRNUM, "E031"},        {BT_A_COMUNA_UNKNOWN, "A032"},
        {BT_E_COMUNA_REGION, "E033"},  {BT_E_STAFF_NAMES, "E051"},
        {BT_A_DISCIPLINE_UNKNOWN, "A054"}, {BT_E_DATE, "E060"},
        {BT_A_TEXT_LONG, "A070"},
    };
    for (size_t i = 0; i < N_OF(fixed); i++)
        assert_string_equal(bt_code_info_of(fixed[i].code)->id, fixed[i].id);
    /* Out of range: never NULL. */
    assert_non_null(bt_code_info_of(BT_CODE__COUNT));
    assert_non_null(bt_code_info_of((bt_code)-1)->id);
}

/* ---- the list ---- */

static void add_count_and_copy(void **state)
{
    (void)state;
    bt_findings *f = bt_findings_new();
    assert_non_null(f);
    assert_int_equal(bt_findings_count(f), 0);
    assert_null(bt_findings_at(f, 0));

    char file[32] = "a.csv", field[32] = "Región", value[32] = "Valparaizo";
    assert_int_equal(bt_findings_add(f, BT_E_REGION, file, NULL, 3, 2, field, value,
                                     "región «%s» no reconocida; ¿quiso decir «%s»?", value,
                                     "Valparaíso"),
                     BT_OK);
    assert_int_equal(bt_findings_add(f, BT_A_UNMAPPED, file, "Bitácora", 9, 1, NULL, NULL,
                                     "texto %d", 42),
                     BT_OK);
    /* strings are copied */
    strcpy(file, "XXXX");
    strcpy(field, "YYYY");
    strcpy(value, "ZZZZ");
    assert_int_equal(bt_findings_count(f), 2);
    const bt_finding *x = bt_findings_at(f, 0);
    assert_int_equal(x->code, BT_E_REGION);
    assert_int_equal(x->severity, BT_SEV_ERROR);
    assert_string_equal(x->file, "a.csv");
    assert_null(x->sheet);
    assert_int_equal(x->row, 3);
    assert_int_equal(x->col, 2);
    assert_string_equal(x->field, "Región");
    assert_string_equal(x->value, "Valparaizo");
    assert_string_equal(x->message, "región «Valparaizo» no reconocida; ¿quiso decir «Valparaíso»?");
    const bt_finding *y = bt_findings_at(f, 1);
    assert_int_equal(y->severity, BT_SEV_AVISO);
    assert_string_equal(y->sheet, "Bitácora");
    assert_null(y->field);
    assert_null(y->value);
    assert_string_equal(y->message, "texto 42");
    assert_true(y->seq > x->seq);
    assert_int_equal(bt_findings_errors(f), 1);
    assert_int_equal(bt_findings_avisos(f), 1);
    assert_null(bt_findings_at(f, 2));

    /* A NULL file is recorded as "". */
    assert_int_equal(bt_findings_add(f, BT_E_EMPTY, NULL, NULL, 0, 0, NULL, NULL, "vacío"),
                     BT_OK);
    assert_string_equal(bt_findings_at(f, 2)->file, "");
    bt_findings_free(f);
    bt_findings_free(NULL);
}

static void long_values_are_cut(void **state)
{
    (void)state;
    bt_findings *f = bt_findings_new();
    /* 300 characters, two bytes each */
    char v[700] = "";
    for (int i = 0; i < 300; i++)
        strcat(v, "ñ");
    bt_findings_add(f, BT_A_TEXT_LONG, "a.csv", NULL, 1, 1, NULL, v, "largo");
    const char *got = bt_findings_at(f, 0)->value;
    assert_true(bt_utf8_valid(got, strlen(got)));
    assert_int_equal(bt_utf8_chars(got), 201);      /* 200 and "…" */
    assert_true(strncmp(got, v, 400) == 0);
    assert_string_equal(got + 400, "…");
    /* exactly 200 characters: kept whole */
    v[400] = '\0';
    bt_findings_add(f, BT_A_TEXT_LONG, "a.csv", NULL, 1, 1, NULL, v, "largo");
    assert_string_equal(bt_findings_at(f, 1)->value, v);
    bt_findings_free(f);
}

static void extend_and_sort(void **state)
{
    (void)state;
    bt_findings *a = bt_findings_new(), *b = bt_findings_new();
    /* Insertion order deliberately scrambled. */
    static const struct {
        const char *file;
        uint32_t row, col;
        const char *msg;
    } in[] = {
        {"b.csv", 2, 1, "b2"}, {"a.csv", 10, 1, "a10"}, {"a.csv", 2, 3, "a2c3"},
        {"a.csv", 2, 1, "a2c1-first"}, {"a.csv", 0, 0, "a-file"}, {"a.csv", 2, 1, "a2c1-second"},
        {"c.csv", 1, 1, "c1"}, {"a.csv", 9, 0, "a9"},
    };
    for (size_t i = 0; i < N_OF(in); i++)
        assert_int_equal(bt_findings_add(i < 4 ? a : b, i % 2 ? BT_E_DATE : BT_A_UNMAPPED,
                                         in[i].file, NULL, in[i].row, in[i].col, NULL, NULL,
                                         "%s", in[i].msg),
                         BT_OK);
    assert_int_equal(bt_findings_count(a), 4);
    assert_int_equal(bt_findings_count(b), 4);
    assert_int_equal(bt_findings_extend(a, b), BT_OK);
    /* extend copies: b can go */
    bt_findings_free(b);
    assert_int_equal(bt_findings_count(a), 8);
    assert_int_equal(bt_findings_errors(a), 4);
    assert_int_equal(bt_findings_avisos(a), 4);
    bt_findings_sort(a);
    static const char *const want[] = {"a-file", "a2c1-first", "a2c1-second", "a2c3",
                                       "a9",     "a10",        "b2",          "c1"};
    for (size_t i = 0; i < N_OF(want); i++)
        assert_string_equal(bt_findings_at(a, i)->message, want[i]);
    /* sorting again changes nothing (stable) */
    bt_findings_sort(a);
    for (size_t i = 0; i < N_OF(want); i++)
        assert_string_equal(bt_findings_at(a, i)->message, want[i]);
    /* extend from an empty list, and sort an empty list */
    bt_findings *e = bt_findings_new();
    assert_int_equal(bt_findings_extend(a, e), BT_OK);
    assert_int_equal(bt_findings_count(a), 8);
    bt_findings_sort(e);
    bt_findings_free(e);
    bt_findings_free(a);
}

/* Many findings: the list grows. */
static void many_findings(void **state)
{
    (void)state;
    bt_findings *f = bt_findings_new();
    for (uint32_t i = 0; i < 20000; i++)
        assert_int_equal(bt_findings_add(f, BT_A_UNMAPPED, "x.csv", NULL, 20000 - i, 1, NULL,
                                         "v", "n%u", (unsigned)i),
                         BT_OK);
    assert_int_equal(bt_findings_count(f), 20000);
    bt_findings_sort(f);
    for (uint32_t i = 0; i < 20000; i++)
        assert_int_equal(bt_findings_at(f, i)->row, i + 1);
    bt_findings_free(f);
}

/* ---- cells and lines ---- */

static bt_finding mk(bt_code code, const char *file, const char *sheet, uint32_t row,
                     uint32_t col, const char *field, const char *value, const char *msg)
{
    bt_finding x = {code, bt_code_info_of(code)->severity, file, sheet, row, col,
                    field, value, msg, 0};
    return x;
}

static void finding_cells(void **state)
{
    (void)state;
    static const struct {
        const char *sheet;
        uint32_t row, col;
        const char *want;
    } cases[] = {
        {NULL, 14, 3, "C14"},
        {"Bitácora", 14, 3, "Bitácora!C14"},
        {NULL, 1, 1, "A1"},
        {NULL, 7, 27, "AA7"},
        {NULL, 0, 0, ""},
        {"Bitácora", 0, 0, ""},
        {NULL, 1048576, 16384, "XFD1048576"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        bt_finding x = mk(BT_E_DATE, "a.csv", cases[i].sheet, cases[i].row, cases[i].col, NULL,
                          NULL, "m");
        char buf[64];
        bt_finding_cell(&x, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
    }
    /* A whole row (no column) names the row. */
    bt_finding x = mk(BT_A_UNMAPPED, "a.csv", NULL, 5, 0, NULL, NULL, "m");
    char buf[64];
    bt_finding_cell(&x, buf, sizeof buf);
    assert_non_null(strstr(buf, "5"));
    /* A small buffer is never overrun. */
    x = mk(BT_E_DATE, "a.csv", "Una hoja con un nombre largo", 14, 3, NULL, NULL, "m");
    char small[8];
    memset(small, 'z', sizeof small);
    bt_finding_cell(&x, small, 6);
    assert_true(memchr(small, '\0', 6) != NULL);
    assert_int_equal(small[6], 'z');
}

static void compiler_style_lines(void **state)
{
    (void)state;
    static const struct {
        bt_finding x;
        const char *want;
    } cases[] = {
        {{BT_E_TERRNUM, BT_SEV_ERROR, "archivo.csv", NULL, 14, 3, "N° territorio", "0",
          "debe ser un entero positivo.", 0},
         "archivo.csv:14:3: error[E031]: N° territorio (C14): debe ser un entero positivo."},
        {{BT_E_TERRNUM, BT_SEV_ERROR, "archivo.csv", NULL, 14, 3, NULL, NULL, "mensaje", 0},
         "archivo.csv:14:3: error[E031]: C14: mensaje"},
        {{BT_A_UNMAPPED, BT_SEV_AVISO, "dir/t3.xlsx", "Bitácora", 9, 1, NULL, "x", "otro", 0},
         "dir/t3.xlsx:9:1: aviso[A024]: Bitácora!A9: otro"},
        {{BT_E_EMPTY, BT_SEV_ERROR, "vacío.csv", NULL, 0, 0, NULL, NULL, "está vacío.", 0},
         "vacío.csv: error[E005]: está vacío."},
        {{BT_E_FIELD_MISSING, BT_SEV_ERROR, "a.csv", NULL, 0, 0, "Región", NULL, "falta.", 0},
         "a.csv: error[E021]: Región: falta."},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        bt_sb b;
        bt_sb_init(&b);
        assert_int_equal(bt_finding_line(&cases[i].x, &b), BT_OK);
        assert_string_equal(bt_sb_str(&b), cases[i].want);
        assert_null(strchr(bt_sb_str(&b), '\n'));
        bt_sb_free(&b);
    }
    /* Row only: "file:5: aviso[A024]: " */
    bt_finding x = mk(BT_A_UNMAPPED, "a.csv", NULL, 5, 0, NULL, NULL, "m");
    bt_sb b;
    bt_sb_init(&b);
    bt_finding_line(&x, &b);
    assert_true(strncmp(bt_sb_str(&b), "a.csv:5: aviso[A024]: ", 22) == 0);
    bt_sb_free(&b);
}

/* ---- CSV ---- */

static void csv_fields(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"abc", "abc"},
        {"Región", "Región"},
        {"a,b", "\"a,b\""},
        {"a;b", "\"a;b\""},
        {"di \"hola\"", "\"di \"\"hola\"\"\""},
        {"\"", "\"\"\"\""},
        {"línea 1\nlínea 2", "\"línea 1\nlínea 2\""},
        {"a\rb", "\"a\rb\""},
        {"a\tb", "\"a\tb\""},
        {" espacio", "\" espacio\""},
        /* formula-like text: quoted and protected with an apostrophe */
        {"=SUMA(A1:A3)", "\"'=SUMA(A1:A3)\""},
        {"+56 9 1234 5678", "\"'+56 9 1234 5678\""},
        {"-3", "\"'-3\""},
        {"@usuario", "\"'@usuario\""},
        {"\t=1", "\"'\t=1\""},
        {"\r=1", "\"'\r=1\""},
        {"=\"x\",1", "\"'=\"\"x\"\",1\""},
        {"a=b", "a=b"},
        {"1-2", "1-2"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        bt_sb b;
        bt_sb_init(&b);
        assert_int_equal(bt_csv_field(&b, cases[i].in), BT_OK);
        if (strcmp(bt_sb_str(&b), cases[i].want) != 0) {
            print_error("csv field «%s»: «%s», want «%s»\n", cases[i].in, bt_sb_str(&b),
                        cases[i].want);
            fail();
        }
        bt_sb_free(&b);
    }
}

/* Findings used by the output tests: awkward text everywhere. */
static bt_findings *awkward_findings(void)
{
    bt_findings *f = bt_findings_new();
    bt_findings_add(f, BT_E_TERRNUM, "archivo.csv", NULL, 14, 3, "N° territorio", "cero",
                    "debe ser un entero positivo (1, 2, 3, ...).");
    bt_findings_add(f, BT_A_UNMAPPED, "dir/otro, con coma.xlsx", "Bitácora", 9, 1, NULL,
                    "=HYPERLINK(\"http://x\";\"clic\")",
                    "«=HYPERLINK»: el rótulo no corresponde; se conserva en \"Otros\".");
    bt_findings_add(f, BT_E_CSV_SYNTAX, "a.csv", NULL, 2, 2, NULL, "línea 1\nlínea \"2\"\r\n\t-fin",
                    "comillas mal puestas:\nrevise \\ la celda");
    bt_findings_add(f, BT_E_EMPTY, "vacío.csv", NULL, 0, 0, NULL, NULL, "está vacío.");
    bt_findings_add(f, BT_A_TEXT_LONG, "a.csv", NULL, 3, 2, "Registro", "ctl\x01\x1f" "end",
                    "@arroba y -guion");
    return f;
}

static char *write_to_string(const bt_findings *f, bt_format fmt, bt_err *err, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&buf, &n);
    assert_non_null(m);
    *err = bt_findings_write(f, fmt, m);
    fclose(m);
    *len = n;
    return buf;
}

typedef struct {
    char cells[16][12][256];
    size_t ncols[16];
    uint32_t rownum[16];
    size_t nrows;
} csv_table;

static bt_err collect_row(void *ctx, const bt_row *row)
{
    csv_table *t = ctx;
    assert_true(t->nrows < 16);
    size_t r = t->nrows++;
    t->rownum[r] = row->row;
    for (size_t i = 0; i < row->n; i++) {
        assert_true(row->cells[i].col <= 12);
        snprintf(t->cells[r][row->cells[i].col - 1], 256, "%s", row->cells[i].text);
        if (row->cells[i].col > t->ncols[r])
            t->ncols[r] = row->cells[i].col;
    }
    return BT_OK;
}

static void csv_output(void **state)
{
    (void)state;
    bt_findings *f = awkward_findings();
    bt_err e;
    size_t len;
    char *out = write_to_string(f, BT_FMT_CSV, &e, &len);
    assert_int_equal(e, BT_OK);
    /* BOM and header */
    const char *header = "\xEF\xBB\xBF" "archivo,hoja,fila,columna,celda,severidad,codigo,"
                         "campo,valor,mensaje\n";
    assert_true(strncmp(out, header, strlen(header)) == 0);
    /* One record for each finding: parse it back with our own reader. */
    csv_table *t = calloc(1, sizeof *t);
    bt_findings *rf = bt_findings_new();
    bt_source_info info;
    bt_csv_options opt = {0, BT_ENC_AUTO, 0};
    assert_int_equal(bt_csv_read_mem((const unsigned char *)out, len, "hallazgos.csv", &opt,
                                     collect_row, t, &info, rf),
                     BT_OK);
    assert_int_equal(bt_findings_count(rf), 0);
    assert_string_equal(info.delimiter, "coma");
    assert_string_equal(info.encoding, "UTF-8 con BOM");
    assert_int_equal(t->nrows, 1 + bt_findings_count(f));
    assert_string_equal(t->cells[0][0], "archivo");
    assert_string_equal(t->cells[0][9], "mensaje");
    for (size_t i = 0; i < bt_findings_count(f); i++) {
        const bt_finding *x = bt_findings_at(f, i);
        char (*c)[256] = t->cells[i + 1];
        /* rows follow each other even when a cell spans lines */
        assert_int_equal(t->rownum[i + 1], i + 2);
        assert_string_equal(c[0], x->file);
        assert_string_equal(c[1], x->sheet ? x->sheet : "");
        char num[16];
        snprintf(num, sizeof num, "%u", (unsigned)x->row);
        assert_string_equal(c[2], num);
        snprintf(num, sizeof num, "%u", (unsigned)x->col);
        assert_string_equal(c[3], num);
        char cell[64];
        bt_finding_cell(x, cell, sizeof cell);
        assert_string_equal(c[4], cell);
        assert_string_equal(c[5], x->severity == BT_SEV_ERROR ? "error" : "aviso");
        assert_string_equal(c[6], bt_code_info_of(x->code)->id);
        assert_string_equal(c[7], x->field ? x->field : "");
        /* the reader drops the protecting apostrophe again */
        if (x->value && !strchr(x->value, '\x01') && !strchr(x->value, '\r'))
            assert_string_equal(c[8], x->value);
        assert_string_equal(c[9], x->message);
    }
    /* formula-like text is protected in the file itself */
    assert_non_null(strstr(out, ",\"'=HYPERLINK(\"\"http://x\"\";\"\"clic\"\")\","));
    assert_non_null(strstr(out, ",\"'@arroba y -guion\"\n"));
    assert_null(strstr(out, ",=HYPERLINK"));
    assert_null(strstr(out, ",@arroba"));
    bt_findings_free(rf);
    free(t);
    free(out);

    /* No findings: header only. */
    bt_findings *none = bt_findings_new();
    out = write_to_string(none, BT_FMT_CSV, &e, &len);
    assert_int_equal(e, BT_OK);
    assert_string_equal(out, header);
    free(out);
    bt_findings_free(none);
    bt_findings_free(f);
}

static void text_output(void **state)
{
    (void)state;
    bt_findings *f = awkward_findings();
    bt_err e;
    size_t len;
    char *out = write_to_string(f, BT_FMT_TEXT, &e, &len);
    assert_int_equal(e, BT_OK);
    /* one line per finding, each the compiler-style line */
    char *p = out;
    for (size_t i = 0; i < bt_findings_count(f); i++) {
        bt_sb b;
        bt_sb_init(&b);
        bt_finding_line(bt_findings_at(f, i), &b);
        assert_true(strncmp(p, b.s, b.len) == 0);
        p += b.len;
        assert_int_equal(*p, '\n');
        p++;
        bt_sb_free(&b);
    }
    assert_int_equal(*p, '\0');
    assert_true(strncmp(out, "archivo.csv:14:3: error[E031]: N° territorio (C14): ", 52) == 0);
    free(out);
    bt_findings_free(f);
}

/* ---- a small JSON validator ---- */

typedef struct {
    const char *p;
    int depth;
    int objects, strings;
} json;

static void jws(json *j)
{
    while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')
        j->p++;
}

static bool jstring(json *j, char *out, size_t cap)
{
    if (*j->p != '"')
        return false;
    j->p++;
    size_t o = 0;
    while (*j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20 || c == 0)
            return false;               /* raw control characters are not JSON */
        char v = (char)c;
        if (c == '\\') {
            j->p++;
            switch (*j->p) {
            case '"': v = '"'; break;
            case '\\': v = '\\'; break;
            case '/': v = '/'; break;
            case 'b': v = '\b'; break;
            case 'f': v = '\f'; break;
            case 'n': v = '\n'; break;
            case 'r': v = '\r'; break;
            case 't': v = '\t'; break;
            case 'u': {
                unsigned cp = 0;
                for (int k = 1; k <= 4; k++) {
                    char h = j->p[k];
                    unsigned d = h >= '0' && h <= '9'   ? (unsigned)(h - '0')
                                 : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
                                 : h >= 'A' && h <= 'F' ? (unsigned)(h - 'A' + 10)
                                                        : 99;
                    if (d == 99)
                        return false;
                    cp = cp * 16 + d;
                }
                j->p += 4;
                if (cp >= 0x80)
                    return false;       /* not needed by these tests */
                v = (char)cp;
                break;
            }
            default:
                return false;
            }
        }
        if (out && o + 1 < cap)
            out[o++] = v;
        j->p++;
    }
    j->p++;
    if (out)
        out[o] = '\0';
    j->strings++;
    return true;
}

static bool jvalue(json *j);

static bool jobject(json *j)
{
    j->p++;
    j->objects++;
    jws(j);
    if (*j->p == '}') {
        j->p++;
        return true;
    }
    for (;;) {
        jws(j);
        if (!jstring(j, NULL, 0))
            return false;
        jws(j);
        if (*j->p++ != ':')
            return false;
        if (!jvalue(j))
            return false;
        jws(j);
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == '}') {
            j->p++;
            return true;
        }
        return false;
    }
}

static bool jarray(json *j)
{
    j->p++;
    jws(j);
    if (*j->p == ']') {
        j->p++;
        return true;
    }
    for (;;) {
        if (!jvalue(j))
            return false;
        jws(j);
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == ']') {
            j->p++;
            return true;
        }
        return false;
    }
}

static bool jvalue(json *j)
{
    jws(j);
    if (++j->depth > 50)
        return false;
    bool ok;
    if (*j->p == '{')
        ok = jobject(j);
    else if (*j->p == '[')
        ok = jarray(j);
    else if (*j->p == '"')
        ok = jstring(j, NULL, 0);
    else if (!strncmp(j->p, "null", 4))
        ok = (j->p += 4, true);
    else if (!strncmp(j->p, "true", 4))
        ok = (j->p += 4, true);
    else if (!strncmp(j->p, "false", 5))
        ok = (j->p += 5, true);
    else if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
        if (*j->p == '-')
            j->p++;
        if (!(*j->p >= '0' && *j->p <= '9'))
            return false;
        while (*j->p >= '0' && *j->p <= '9')
            j->p++;
        ok = true;
    } else
        ok = false;
    j->depth--;
    return ok;
}

static bool json_valid(const char *s, int *objects)
{
    json j = {s, 0, 0, 0};
    if (!jvalue(&j))
        return false;
    jws(&j);
    *objects = j.objects;
    return *j.p == '\0';
}

/* The value of "key" in the n-th object of the output (decoded). */
static bool json_get(const char *s, int nth, const char *key, char *out, size_t cap)
{
    const char *p = s;
    for (int i = 0; i <= nth; i++) {
        p = strchr(p + (i ? 1 : 0), '{');
        if (!p)
            return false;
    }
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *k = strstr(p, pat);
    if (!k)
        return false;
    json j = {k + strlen(pat), 0, 0, 0};
    if (!strncmp(j.p, "null", 4)) {
        snprintf(out, cap, "(null)");
        return true;
    }
    if (*j.p != '"') {
        size_t n = strcspn(j.p, ",}");
        snprintf(out, cap, "%.*s", (int)n, j.p);
        return true;
    }
    return jstring(&j, out, cap);
}

static void json_validator_works(void **state)
{
    (void)state;
    int o;
    assert_true(json_valid("[]", &o));
    assert_true(json_valid("[{\"a\": \"b\\n\", \"c\": 1, \"d\": null}]", &o));
    assert_int_equal(o, 1);
    assert_false(json_valid("[{\"a\": \"b\nc\"}]", &o));     /* raw newline */
    assert_false(json_valid("[{\"a\": \"b\"c\"}]", &o));     /* bad quote */
    assert_false(json_valid("[{\"a\": \"b\"}", &o));         /* unbalanced */
    assert_false(json_valid("[{\"a\": \"\\q\"}]", &o));      /* bad escape */
    assert_false(json_valid("[{\"a\": 1},]", &o));           /* trailing comma */
}

static void json_output(void **state)
{
    (void)state;
    bt_findings *f = awkward_findings();
    bt_err e;
    size_t len;
    char *out = write_to_string(f, BT_FMT_JSON, &e, &len);
    assert_int_equal(e, BT_OK);
    assert_int_equal(strlen(out), len);           /* no NUL inside */
    assert_true(bt_utf8_valid(out, len));
    int objects = 0;
    if (!json_valid(out, &objects)) {
        print_error("invalid JSON:\n%s\n", out);
        fail();
    }
    assert_int_equal(objects, (int)bt_findings_count(f));
    assert_int_equal(out[0], '[');
    /* Every value decodes back to what was stored. */
    for (size_t i = 0; i < bt_findings_count(f); i++) {
        const bt_finding *x = bt_findings_at(f, i);
        char v[512];
        assert_true(json_get(out, (int)i, "archivo", v, sizeof v));
        assert_string_equal(v, x->file);
        assert_true(json_get(out, (int)i, "hoja", v, sizeof v));
        assert_string_equal(v, x->sheet ? x->sheet : "(null)");
        assert_true(json_get(out, (int)i, "campo", v, sizeof v));
        assert_string_equal(v, x->field ? x->field : "(null)");
        assert_true(json_get(out, (int)i, "valor", v, sizeof v));
        assert_string_equal(v, x->value ? x->value : "(null)");
        assert_true(json_get(out, (int)i, "mensaje", v, sizeof v));
        assert_string_equal(v, x->message);
        assert_true(json_get(out, (int)i, "codigo", v, sizeof v));
        assert_string_equal(v, bt_code_info_of(x->code)->id);
        assert_true(json_get(out, (int)i, "severidad", v, sizeof v));
        assert_string_equal(v, x->severity == BT_SEV_ERROR ? "error" : "aviso");
        assert_true(json_get(out, (int)i, "fila", v, sizeof v));
        assert_int_equal(atoi(v), (int)x->row);
        assert_true(json_get(out, (int)i, "columna", v, sizeof v));
        assert_int_equal(atoi(v), (int)x->col);
        char cell[64];
        bt_finding_cell(x, cell, sizeof cell);
        assert_true(json_get(out, (int)i, "celda", v, sizeof v));
        assert_string_equal(v, cell);
    }
    free(out);

    bt_findings *none = bt_findings_new();
    out = write_to_string(none, BT_FMT_JSON, &e, &len);
    assert_int_equal(e, BT_OK);
    int n;
    assert_true(json_valid(out, &n));
    assert_int_equal(n, 0);
    free(out);
    bt_findings_free(none);
    bt_findings_free(f);
}

/* A stream that refuses to write is reported, whatever the format. */
static void write_errors(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full) {
        print_message("/dev/full is not available\n");
        skip();
    }
    setvbuf(full, NULL, _IONBF, 0);
    bt_findings *f = awkward_findings();
    static const bt_format fmts[] = {BT_FMT_TEXT, BT_FMT_CSV, BT_FMT_JSON};
    for (size_t i = 0; i < N_OF(fmts); i++)
        assert_int_equal(bt_findings_write(f, fmts[i], full), BT_ERR_WRITE);
    fclose(full);
    bt_findings_free(f);
}

/* A refusal adds its finding about the whole file and returns the error
 * that names its cause: one value per cause, no remapping by callers. */
static void refusals_name_their_cause(void **state)
{
    (void)state;
    static const struct {
        bt_code code;
        bt_err err;
    } cases[] = {
        {BT_E_UNREADABLE, BT_ERR_READ},       {BT_E_EMPTY, BT_ERR_EMPTY},
        {BT_E_BINARY, BT_ERR_NOT_TEXT},       {BT_E_XLS_OLD, BT_ERR_OLD_XLS},
        {BT_E_XLSX_BROKEN, BT_ERR_BAD_XLSX},  {BT_E_XLSX_ENCRYPTED, BT_ERR_BAD_XLSX},
        {BT_E_XLSX_HOSTILE, BT_ERR_HOSTILE},  {BT_E_LIMIT, BT_ERR_LIMIT},
        {BT_E_REGION, BT_ERR_INTERNAL},       /* a code that stops no read */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bt_findings *fs = bt_findings_new();
        assert_non_null(fs);
        bt_err e = bt_findings_refuse(fs, cases[i].code, "t.csv", "motivo %d", (int)i);
        if (e != cases[i].err)
            fail_msg("%s: returned «%s», want «%s»", bt_code_info_of(cases[i].code)->id,
                     bt_strerror(e), bt_strerror(cases[i].err));
        assert_int_equal(bt_findings_count(fs), 1);
        const bt_finding *f = bt_findings_at(fs, 0);
        assert_int_equal(f->code, cases[i].code);
        assert_int_equal(f->row, 0);
        assert_int_equal(f->col, 0);
        assert_string_equal(f->file, "t.csv");
        char want[32];
        snprintf(want, sizeof want, "motivo %d", (int)i);
        assert_string_equal(f->message, want);
        bt_findings_free(fs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refusals_name_their_cause),
        cmocka_unit_test(codes_are_complete),
        cmocka_unit_test(add_count_and_copy),
        cmocka_unit_test(long_values_are_cut),
        cmocka_unit_test(extend_and_sort),
        cmocka_unit_test(many_findings),
        cmocka_unit_test(finding_cells),
        cmocka_unit_test(compiler_style_lines),
        cmocka_unit_test(csv_fields),
        cmocka_unit_test(csv_output),
        cmocka_unit_test(text_output),
        cmocka_unit_test(json_validator_works),
        cmocka_unit_test(json_output),
        cmocka_unit_test(write_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
