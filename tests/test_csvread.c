/* test_csvread.c - the CSV reader (csvread.h): delimiter detection, and
 * whole inputs replayed at every chunk size, which must give the same rows
 * (row numbers, columns, texts), the same findings and the same source
 * information. */
#include "testutil.h"

#include "bitacora/csvread.h"
#include "bitacora/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- delimiter detection ---- */

static const struct {
    const char *what, *text;
    int want;
} delim_cases[] = {
    {"comma", "Región,Valparaíso\nN° territorio,3\nNombre del territorio,Costa\n", ','},
    {"semicolon", "Región;Valparaíso\nN° territorio;3\n", ';'},
    {"semicolon with commas in text",
     "Región;Valparaíso\nComunas;Viña del Mar, Quilpué, Villa Alemana\n"
     "Nombre del territorio;Costa\nRegistro;Se acordó, por unanimidad, lo siguiente\n",
     ';'},
    {"semicolon, 3 columns, commas in names",
     "Disciplinas;Nº dotación;Nombres\nEducador/a de párvulos;2;Ana Pérez, Luis Soto\n"
     "Nutricionista;1;María Gómez\n",
     ';'},
    {"TAB", "Región\tValparaíso\nN° territorio\t3\nComunas\tViña del Mar, Quilpué\n", '\t'},
    {"TAB with semicolons in text", "a\tb;c\nd\te\nf\tg; h; i\n", '\t'},
    {"comma, quoted semicolons", "\"a;b;c\",d\n\"e;f;g\",h\n\"i;j;k\",l\n", ','},
    {"semicolon, quoted commas", "\"a,b,c\";d\n\"e,f,g\";h\n", ';'},
    {"quoted line break", "a;\"b\nc,d,e\"\nf;g\n", ';'},
    {"one column: comma by default", "hola\nmundo\n", ','},
    {"empty", "", ','},
    {"blank lines between rows", "a;b\n\n\nc;d\n\n", ';'},
    {"trailing empty columns", "a;b;;;\nc;d;;;\n", ';'},
};

static void detect_delimiter_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(delim_cases); i++) {
        int d = bt_csv_detect_delimiter(delim_cases[i].text, strlen(delim_cases[i].text));
        if (d != delim_cases[i].want) {
            print_error("delimiter %s: '%c', want '%c'\n", delim_cases[i].what, d,
                        delim_cases[i].want);
            fail();
        }
    }
    assert_string_equal(bt_csv_delimiter_name(','), "coma");
    assert_string_equal(bt_csv_delimiter_name(';'), "punto y coma");
    assert_string_equal(bt_csv_delimiter_name('\t'), "tabulador");
}

/* ---- reading ---- */

/* What one read produced, as text, for comparison. */
typedef struct {
    bt_err err;
    bt_sb rows;       /* "2 A«Región» B«Valparaíso»\n" per row */
    bt_sb brief;      /* "E003 2:2\n" per finding */
    bt_sb full;       /* every field of every finding */
    bt_source_info info;
    uint32_t skip;    /* rows 1..skip are filler: checked, counted, not dumped */
    uint32_t skipped;
} result;

static void put_text(bt_sb *b, const char *s, size_t n)
{
    bt_sb_puts(b, "«");
    bt_sb_append(b, s, n);
    bt_sb_puts(b, "»");
}

static bt_err dump_row(void *ctx, const bt_row *row)
{
    result *r = ctx;
    if (row->row <= r->skip) {
        /* "Fila;NNNNN;x" with NNNNN = row - 1 */
        char want[16];
        snprintf(want, sizeof want, "%05u", (unsigned)row->row - 1);
        assert_int_equal(row->n, 3);
        assert_string_equal(row->cells[1].text, want);
        r->skipped++;
        return BT_OK;
    }
    bt_sb_printf(&r->rows, "%u", (unsigned)(row->row - r->skip));
    assert_true(row->n > 0);
    uint32_t prev = 0;
    for (size_t i = 0; i < row->n; i++) {
        const bt_cell *c = &row->cells[i];
        /* columns ascend, text is valid UTF-8, NUL-terminated, len right */
        assert_true(c->col > prev);
        prev = c->col;
        assert_true(bt_utf8_valid(c->text, c->len));
        assert_int_equal(c->text[c->len], '\0');
        char letters[8];
        bt_col_letters(c->col, letters);
        bt_sb_printf(&r->rows, " %s", letters);
        put_text(&r->rows, c->text, c->len);
    }
    bt_sb_putc(&r->rows, '\n');
    return BT_OK;
}

typedef struct {
    const char *what;
    const char *data;
    size_t n;                /* 0: strlen(data) */
    int utf16;               /* 0 bytes as given; 1 UTF-16LE+BOM; 2 UTF-16LE; 3 UTF-16BE+BOM */
    int delimiter;           /* option */
    bt_encoding encoding;    /* option */
    bt_err err;
    const char *rows;
    const char *findings;
    const char *encoding_name;   /* NULL: not checked */
    const char *delimiter_name;
    const char *line_ends;
    uint32_t nrows;
} read_case;

/* UTF-8 to UTF-16 (malloc'd), optionally with a BOM. */
static unsigned char *to_utf16(const char *s, size_t n, bool le, bool bom, size_t *out_n)
{
    unsigned char *out = malloc(n * 4 + 2);
    size_t o = 0;
    if (bom) {
        out[o++] = le ? 0xFF : 0xFE;
        out[o++] = le ? 0xFE : 0xFF;
    }
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        if (p[i] < 0x80) {
            cp = p[i];
            i += 1;
        } else if (p[i] < 0xE0) {
            cp = ((uint32_t)(p[i] & 0x1F) << 6) | (p[i + 1] & 0x3F);
            i += 2;
        } else if (p[i] < 0xF0) {
            cp = ((uint32_t)(p[i] & 0x0F) << 12) | ((uint32_t)(p[i + 1] & 0x3F) << 6) |
                 (p[i + 2] & 0x3F);
            i += 3;
        } else {
            cp = ((uint32_t)(p[i] & 0x07) << 18) | ((uint32_t)(p[i + 1] & 0x3F) << 12) |
                 ((uint32_t)(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
            i += 4;
        }
        uint16_t units[2];
        size_t nu = 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            units[0] = (uint16_t)(0xD800 + (cp >> 10));
            units[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
            nu = 2;
        } else {
            units[0] = (uint16_t)cp;
        }
        for (size_t k = 0; k < nu; k++) {
            out[o++] = (unsigned char)(le ? units[k] & 0xFF : units[k] >> 8);
            out[o++] = (unsigned char)(le ? units[k] >> 8 : units[k] & 0xFF);
        }
    }
    *out_n = o;
    return out;
}

static unsigned char *case_bytes(const read_case *c, size_t *n)
{
    size_t len = c->n ? c->n : strlen(c->data);
    if (c->utf16)
        return to_utf16(c->data, len, c->utf16 != 3, c->utf16 != 2, n);
    unsigned char *p = malloc(len + 1);
    memcpy(p, c->data, len);
    *n = len;
    return p;
}

static void result_init(result *r)
{
    memset(r, 0, sizeof *r);
    bt_sb_init(&r->rows);
    bt_sb_init(&r->brief);
    bt_sb_init(&r->full);
}

static void result_free(result *r)
{
    bt_sb_free(&r->rows);
    bt_sb_free(&r->brief);
    bt_sb_free(&r->full);
}

static void read_bytes(const unsigned char *p, size_t n, int delimiter, bt_encoding enc,
                       size_t chunk, result *r)
{
    bt_findings *f = bt_findings_new();
    assert_non_null(f);
    bt_csv_options opt = {delimiter, enc, chunk};
    r->err = bt_csv_read_mem(p, n, "prueba.csv", &opt, dump_row, r, &r->info, f);
    for (size_t i = 0; i < bt_findings_count(f); i++) {
        const bt_finding *x = bt_findings_at(f, i);
        assert_string_equal(x->file, "prueba.csv");
        bt_sb_printf(&r->brief, "%s %u:%u\n", bt_code_info_of(x->code)->id, (unsigned)x->row,
                     (unsigned)x->col);
        bt_sb_printf(&r->full, "%s %u:%u %s|%s|%s\n", bt_code_info_of(x->code)->id,
                     (unsigned)x->row, (unsigned)x->col, x->field ? x->field : "-",
                     x->value ? x->value : "-", x->message);
        assert_true(bt_utf8_valid(x->message, strlen(x->message)));
        if (x->value)
            assert_true(bt_utf8_valid(x->value, strlen(x->value)));
    }
    bt_findings_free(f);
}

/* A byte string with NULs: the data and its length. */
#define BYTES(s) s, sizeof(s) - 1
static const read_case read_cases[] = {
    {"comma, LF", "Región,Valparaíso\nN° territorio,3\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«N° territorio» B«3»\n", "", "UTF-8", "coma", "LF", 2},
    {"BOM, semicolon, CRLF", "\xEF\xBB\xBFRegión;Valparaíso\r\nN° territorio;3\r\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 A«Región» B«Valparaíso»\n2 A«N° territorio» B«3»\n", "",
     "UTF-8 con BOM", "punto y coma", "CRLF", 2},
    {"BOM before a quoted cell",
     "\xEF\xBB\xBF\"Región\";\"Valparaíso\"\r\n\"Comunas\";\"Viña del Mar, Quilpué\"\r\n", 0, 0,
     0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«Comunas» B«Viña del Mar, Quilpué»\n", "",
     "UTF-8 con BOM", "punto y coma", "CRLF", 2},
    {"Windows-1252", "Regi\xF3n;Valpara\xEDso\r\nComunas;Vi\xF1" "a del Mar\r\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 A«Región» B«Valparaíso»\n2 A«Comunas» B«Viña del Mar»\n", "",
     "Windows-1252", "punto y coma", "CRLF", 2},
    {"Windows-1252 quotes and euro", "Registro;\x93" "Buen trato\x94 \x80 \x96 ok\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 A«Registro» B«“Buen trato” € – ok»\n", "", "Windows-1252",
     "punto y coma", "LF", 1},
    {"UTF-16LE with BOM and TAB", "Región\tValparaíso\r\nN° territorio\t3\r\nComunas\tÑuñoa\r\n",
     0, 1, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«N° territorio» B«3»\n3 A«Comunas» B«Ñuñoa»\n", "",
     "UTF-16LE con BOM", "tabulador", "CRLF", 3},
    {"UTF-16LE without BOM", "Región\tValparaíso\r\nN° territorio\t3\r\n", 0, 2, 0,
     BT_ENC_AUTO, BT_OK, "1 A«Región» B«Valparaíso»\n2 A«N° territorio» B«3»\n", "A007 0:0\n",
     "UTF-16LE", "tabulador", "CRLF", 2},
    {"UTF-16BE with BOM", "Región;Valparaíso\nTema;😀\n", 0, 3, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«Tema» B«😀»\n", "", "UTF-16BE con BOM", "punto y coma",
     "LF", 2},
    {"CR line ends", "Región;Valparaíso\rN° territorio;3\r", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«N° territorio» B«3»\n", "", "UTF-8", "punto y coma", "CR",
     2},
    {"mixed line ends", "a;b\r\nc;d\ne;f\rg;h", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«a» B«b»\n2 A«c» B«d»\n3 A«e» B«f»\n4 A«g» B«h»\n", "", "UTF-8", "punto y coma",
     "mixtos", 4},
    {"no line end at all", "a;b", 0, 0, 0, BT_ENC_AUTO, BT_OK, "1 A«a» B«b»\n", "", "UTF-8",
     "punto y coma", "ninguno", 1},
    {"quoted cells: delimiter, quotes, line breaks",
     "Región;Valparaíso\r\n"
     "Comunas;\"Viña del Mar; Quilpué\"\r\n"
     "Registro;\"Línea 1\r\nLínea 2\r\n\"\"cita\"\"\"\r\n"
     "Fecha;15-03-2025\r\n",
     0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«Comunas» B«Viña del Mar; Quilpué»\n"
     "3 A«Registro» B«Línea 1\nLínea 2\n\"cita\"»\n4 A«Fecha» B«15-03-2025»\n",
     "", "UTF-8", "punto y coma", "CRLF", 4},
    {"multi-line quoted cells, comma, CR",
     "\"a\rb\",c\r\"d\r\re\",\"f\"\rg,h\r", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«a\nb» B«c»\n2 A«d\n\ne» B«f»\n3 A«g» B«h»\n", "", "UTF-8", "coma", "CR", 3},
    {"quoted empty cell and quoted spaces", "\"\";\" a \";  b  ;\"\"\"\"\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 B« a » C«b» D«\"»\n", "", "UTF-8", "punto y coma", "LF", 1},
    {"blank lines are rows", "a;b\n\n\nc;d\n;;\n  \ne;f\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«a» B«b»\n4 A«c» B«d»\n7 A«e» B«f»\n", "", "UTF-8", "punto y coma", "LF", 7},
    {"blank CRLF lines are rows", "\r\n\r\na;b\r\n\r\nc;d\r\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "3 A«a» B«b»\n5 A«c» B«d»\n", "", "UTF-8", "punto y coma", "CRLF", 5},
    {"empty columns keep their numbers", ";;x;;\n;y\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 C«x»\n2 B«y»\n", "", "UTF-8", "punto y coma", "LF", 2},
    {"sep= first line", "sep=;\r\nRegión;Viña del Mar, Quilpué\r\nA,B;C\r\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 A«Región» B«Viña del Mar, Quilpué»\n2 A«A,B» B«C»\n", "", "UTF-8",
     "punto y coma", "CRLF", 2},
    {"sep=, first line", "sep=,\na;b,c\nd;e,f\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«a;b» B«c»\n2 A«d;e» B«f»\n", "", "UTF-8", "coma", "LF", 2},
    {"sep= after a BOM", "\xEF\xBB\xBFsep=;\nRegión;3,5\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«3,5»\n", "", "UTF-8 con BOM", "punto y coma", "LF", 1},
    {"formula-protected text from our own exports",
     "'=SUMA(A1);'+56 9;'-x;'@a;'hola;'\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«=SUMA(A1)» B«+56 9» C«-x» D«@a» E«'hola» F«'»\n", "", "UTF-8", "punto y coma", "LF",
     1},
    /* files that are not logbooks */
    {"empty file", "", 0, 0, 0, BT_ENC_AUTO, BT_ERR_EMPTY, "", "E005 0:0\n", NULL, NULL, NULL,
     0},
    {"only a BOM", "\xEF\xBB\xBF", 0, 0, 0, BT_ENC_AUTO, BT_ERR_EMPTY, "", "E005 0:0\n", NULL,
     NULL, NULL, 0},
    {"only a UTF-16 BOM", "", 0, 1, 0, BT_ENC_AUTO, BT_ERR_EMPTY, "", "E005 0:0\n", NULL,
     NULL, NULL, 0},
    {"only blank lines", "\r\n\r\n;;;\r\n  \r\n", 0, 0, 0, BT_ENC_AUTO, BT_ERR_EMPTY, "",
     "E005 0:0\n", NULL, NULL, NULL, 4},
    {"PNG", BYTES("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"), 0, 0, BT_ENC_AUTO, BT_ERR_NOT_TEXT,
     "", "E002 0:0\n", NULL, NULL, NULL, 0},
    {"PDF", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", 0, 0, 0, BT_ENC_AUTO, BT_ERR_NOT_TEXT, "",
     "E002 0:0\n", NULL, NULL, NULL, 0},
    {"XLSX (zip) given as CSV", BYTES("PK\x03\x04\x14\0\x06\0\x08\0"), 0, 0, BT_ENC_AUTO,
     BT_ERR_NOT_TEXT, "", "E002 0:0\n", NULL, NULL, NULL, 0},
    {"XLS (OLE) given as CSV", BYTES("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), 0, 0,
     BT_ENC_AUTO, BT_ERR_NOT_TEXT, "", "E002 0:0\n", NULL, NULL, NULL, 0},
    {"NUL bytes", BYTES("Región;3\n\0\0\0\0"), 0, 0, BT_ENC_AUTO, BT_ERR_NOT_TEXT, "",
     "E002 0:0\n", NULL, NULL, NULL, 0},
    /* CSV syntax */
    {"unterminated quote",
     "Región;Valparaíso\nRegistro;\"abc\ndef\nFecha;15-03-2025\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«Registro» B«abc\ndef\nFecha;15-03-2025\n»\n",
     "E003 2:2\n", "UTF-8", "punto y coma", "LF", 2},
    {"unterminated quote after a multi-line cell",
     "a;\"x\ny\"\nb;c\n\"abierto;\nfin\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«a» B«x\ny»\n2 A«b» B«c»\n3 A«abierto;\nfin\n»\n", "E003 3:1\n", "UTF-8",
     "punto y coma", "LF", 3},
    {"quote inside an unquoted cell",
     "Región;Valparaíso\nNombre del territorio;Costa \"Norte\"\nFecha;15-03-2025\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 A«Región» B«Valparaíso»\n3 A«Fecha» B«15-03-2025»\n", "E003 2:2\n",
     "UTF-8", "punto y coma", "LF", 3},
    {"quote inside the first cell", "Nombre \"x\";Costa\r\nb;c\r\n", 0, 0, 0, BT_ENC_AUTO,
     BT_OK, "2 A«b» B«c»\n", "E003 1:1\n", "UTF-8", "punto y coma", "CRLF", 2},
    {"text after a closing quote", "a;\"b\"x;c\nd;e\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "2 A«d» B«e»\n", "E003 1:2\n", "UTF-8", "punto y coma", "LF", 2},
    {"two broken rows", "a;b\"\nc;d\ne\"f;g\nh;i\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "2 A«c» B«d»\n4 A«h» B«i»\n", "E003 1:2\nE003 3:1\n", "UTF-8", "punto y coma", "LF", 4},
    {"broken last row without line end", "a;b\nc\"d;e", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«a» B«b»\n", "E003 2:1\n", "UTF-8", "punto y coma", "LF", 2},
    {"broken row after a multi-line cell", "a;\"1\n2\n3\"\nb;x\"y\nc;d\n", 0, 0, 0,
     BT_ENC_AUTO, BT_OK, "1 A«a» B«1\n2\n3»\n3 A«c» B«d»\n", "E003 2:2\n", "UTF-8",
     "punto y coma", "LF", 3},
    /* undecodable bytes */
    {"invalid UTF-8 in a UTF-8 file",
     "Región;Valparaíso\nComunas;Vi\xF1" "a del Mar\nNombre;Ñuñoa\n", 0, 0, 0, BT_ENC_AUTO,
     BT_OK,
     "1 A«Región» B«Valparaíso»\n2 A«Comunas» B«Vi\xEF\xBF\xBD" "a del Mar»\n"
     "3 A«Nombre» B«Ñuñoa»\n",
     "E004 2:2\n", "UTF-8", "punto y coma", "LF", 3},
    {"invalid UTF-8 after a multi-line cell",
     "Región;\"Valparaíso\nQuilpué\"\nÑuñoa;Peñalolén;x\xFF\n", 0, 0, 0, BT_ENC_AUTO, BT_OK,
     "1 A«Región» B«Valparaíso\nQuilpué»\n2 A«Ñuñoa» B«Peñalolén» C«x\xEF\xBF\xBD»\n",
     "E004 2:3\n", "UTF-8", "punto y coma", "LF", 2},
    /* options */
    {"forced delimiter ','", "a;b,c\nd;e,f\n", 0, 0, ',', BT_ENC_AUTO, BT_OK,
     "1 A«a;b» B«c»\n2 A«d;e» B«f»\n", "", "UTF-8", "coma", "LF", 2},
    {"forced delimiter TAB", "a;b\tc , d\ne;f\tg\n", 0, 0, '\t', BT_ENC_AUTO, BT_OK,
     "1 A«a;b» B«c , d»\n2 A«e;f» B«g»\n", "", "UTF-8", "tabulador", "LF", 2},
    {"forced delimiter over sep=", "sep=,\na;b,c\n", 0, 0, ';', BT_ENC_AUTO, BT_OK,
     "1 A«a» B«b,c»\n", "", "UTF-8", "punto y coma", "LF", 1},
    {"forced Windows-1252 on UTF-8 bytes", "Ni\xC3\xB1o;3\n", 0, 0, 0, BT_ENC_CP1252, BT_OK,
     "1 A«NiÃ±o» B«3»\n", "", "Windows-1252", "punto y coma", "LF", 1},
    {"forced UTF-8 on Windows-1252 bytes", "Regi\xF3n;3\n", 0, 0, 0, BT_ENC_UTF8, BT_OK,
     "1 A«Regi\xEF\xBF\xBDn» B«3»\n", "E004 1:1\n", "UTF-8", "punto y coma", "LF", 1},
    {"forced Latin-1", "Regi\xF3n;3\n", 0, 0, 0, BT_ENC_LATIN1, BT_OK, "1 A«Región» B«3»\n",
     "", NULL, "punto y coma", "LF", 1},
    {"forced Latin-1 on Windows-1252 quotes", "Registro;\x93" "Buen trato\x94 \x96 ok\n", 0, 0, 0,
     BT_ENC_LATIN1, BT_OK, "1 A«Registro» B«“Buen trato” – ok»\n", "A008 0:0\n", "Windows-1252",
     "punto y coma", "LF", 1},
    {"forced UTF-16LE matches the BOM", "a;b\n", 0, 1, 0, BT_ENC_UTF16LE, BT_OK,
     "1 A«a» B«b»\n", "", NULL, "punto y coma", "LF", 1},
    {"forced encoding against a BOM", "\xEF\xBB\xBFRegi\xC3\xB3n;3\n", 0, 0, 0, BT_ENC_CP1252,
     BT_OK, "1 A«ï»¿RegiÃ³n» B«3»\n", "A008 0:0\n", NULL, "punto y coma", "LF", 1},
};

static void check_result(const read_case *c, const result *r)
{
    bool ok = r->err == c->err && strcmp(bt_sb_str(&r->rows), c->rows) == 0 &&
              strcmp(bt_sb_str(&r->brief), c->findings) == 0 && r->info.rows == c->nrows;
    if (c->err == BT_OK)
        ok = ok && strcmp(r->info.format, "CSV") == 0;
    if (c->encoding_name)
        ok = ok && strcmp(r->info.encoding, c->encoding_name) == 0;
    if (c->delimiter_name)
        ok = ok && strcmp(r->info.delimiter, c->delimiter_name) == 0;
    if (c->line_ends)
        ok = ok && strcmp(r->info.line_ends, c->line_ends) == 0;
    if (!ok) {
        print_error("read «%s»: err %d (want %d)\nrows:\n%swant:\n%sfindings:\n%swant:\n%s"
                    "info: %s / %s / %s / %u rows (want %s / %s / %s / %u)\n",
                    c->what, (int)r->err, (int)c->err, bt_sb_str(&r->rows), c->rows,
                    bt_sb_str(&r->full), c->findings, r->info.encoding, r->info.delimiter,
                    r->info.line_ends, (unsigned)r->info.rows,
                    c->encoding_name ? c->encoding_name : "-",
                    c->delimiter_name ? c->delimiter_name : "-",
                    c->line_ends ? c->line_ends : "-", (unsigned)c->nrows);
        fail();
    }
}

static bool same_result(const result *a, const result *b)
{
    return a->err == b->err && strcmp(bt_sb_str(&a->rows), bt_sb_str(&b->rows)) == 0 &&
           strcmp(bt_sb_str(&a->full), bt_sb_str(&b->full)) == 0 &&
           memcmp(&a->info, &b->info, sizeof a->info) == 0;
}

static void read_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(read_cases); i++) {
        const read_case *c = &read_cases[i];
        size_t n;
        unsigned char *p = case_bytes(c, &n);
        result r;
        result_init(&r);
        read_bytes(p, n, c->delimiter, c->encoding, 0, &r);
        check_result(c, &r);
        result_free(&r);
        free(p);
    }
}

static void read_every_chunk_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(read_cases); i++) {
        const read_case *c = &read_cases[i];
        size_t n;
        unsigned char *p = case_bytes(c, &n);
        result whole;
        result_init(&whole);
        read_bytes(p, n, c->delimiter, c->encoding, 0, &whole);
        for (size_t chunk = 1; chunk <= n; chunk++) {
            result r;
            result_init(&r);
            read_bytes(p, n, c->delimiter, c->encoding, chunk, &r);
            if (!same_result(&r, &whole)) {
                print_error("read «%s» at chunk size %zu differs:\n%s%s---\nwhole:\n%s%s",
                            c->what, chunk, bt_sb_str(&r.rows), bt_sb_str(&r.full),
                            bt_sb_str(&whole.rows), bt_sb_str(&whole.full));
                fail();
            }
            result_free(&r);
        }
        result_free(&whole);
        free(p);
    }
}

/* The delimiter is detected from a sample at the start; what comes after
 * it is parsed chunk by chunk.  Put each input after a long filler so
 * that its bytes cross chunk boundaries in the parser too. */
static void read_after_detection_sample(void **state)
{
    (void)state;
    /* "Fila;NNNNN;x\n": 66,300 bytes, just past the 64 KiB sample */
    const size_t filler_rows = 5100;
    size_t tried = 0;
    for (size_t i = 0; i < N_OF(read_cases); i++) {
        const read_case *c = &read_cases[i];
        /* Only plain-UTF-8, ';'-separated inputs with rows and no sep= line. */
        if (c->utf16 || c->encoding != BT_ENC_AUTO || c->delimiter || c->err != BT_OK ||
            !c->delimiter_name || strcmp(c->delimiter_name, "punto y coma") != 0 ||
            strncmp(c->data, "sep=", 4) == 0 || strncmp(c->data, "\xEF\xBB\xBF", 3) == 0 ||
            strcmp(c->encoding_name, "UTF-8") != 0)
            continue;
        size_t dn = c->n ? c->n : strlen(c->data);
        tried++;
        bt_sb in;
        bt_sb_init(&in);
        for (size_t k = 0; k < filler_rows; k++)
            bt_sb_printf(&in, "Fila;%05zu;x\n", k);
        bt_sb_append(&in, c->data, dn);
        /* Under valgrind (tests/run.sh sets BT_VALGRIND) fewer sizes. */
        static const size_t all_chunks[] = {1, 2, 3, 5, 7, 8, 13, 16, 31, 64, 97, 255, 1000,
                                            4096, 65536};
        static const size_t few_chunks[] = {1, 7, 64, 4096};
        bool slow = getenv("BT_VALGRIND") != NULL;
        const size_t *chunks = slow ? few_chunks : all_chunks;
        size_t nchunks = slow ? N_OF(few_chunks) : N_OF(all_chunks);
        for (size_t k = 0; k < nchunks; k++) {
            result r;
            result_init(&r);
            r.skip = (uint32_t)filler_rows;
            read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, chunks[k], &r);
            if (r.err != BT_OK || r.skipped != filler_rows ||
                strcmp(bt_sb_str(&r.rows), c->rows) != 0 ||
                r.info.rows != c->nrows + filler_rows) {
                print_error("«%s» after filler, chunk %zu: err %d, %u filler rows, %u rows:\n%s"
                            "want:\n%s",
                            c->what, chunks[k], (int)r.err, (unsigned)r.skipped,
                            (unsigned)r.info.rows, bt_sb_str(&r.rows), c->rows);
                fail();
            }
            /* Findings are those of the case, shifted by the filler. */
            bt_sb wf;
            bt_sb_init(&wf);
            const char *fp = c->findings;
            while (*fp) {
                char code[8];
                unsigned fr, fc;
                int used;
                assert_int_equal(sscanf(fp, "%7s %u:%u\n%n", code, &fr, &fc, &used), 3);
                bt_sb_printf(&wf, "%s %u:%u\n", code, fr ? fr + (unsigned)filler_rows : 0, fc);
                fp += used;
            }
            if (strcmp(bt_sb_str(&r.brief), bt_sb_str(&wf)) != 0) {
                print_error("«%s» after filler, chunk %zu: findings\n%swant\n%s", c->what,
                            chunks[k], bt_sb_str(&r.full), bt_sb_str(&wf));
                fail();
            }
            bt_sb_free(&wf);
            result_free(&r);
        }
        bt_sb_free(&in);
    }
    assert_true(tried >= 15);
}

/* A callback error stops the reader, which returns it. */
static bt_err stop_at_second(void *ctx, const bt_row *row)
{
    int *seen = ctx;
    (void)row;
    return ++*seen == 2 ? BT_ERR_LIMIT : BT_OK;
}

static void callback_error_stops(void **state)
{
    (void)state;
    const char *data = "a;b\nc;d\ne;f\ng;h\n";
    for (size_t chunk = 0; chunk <= strlen(data); chunk++) {
        int seen = 0;
        bt_findings *f = bt_findings_new();
        bt_source_info info;
        bt_csv_options opt = {0, BT_ENC_AUTO, chunk};
        bt_err e = bt_csv_read_mem((const unsigned char *)data, strlen(data), "x.csv", &opt,
                                   stop_at_second, &seen, &info, f);
        assert_int_equal(e, BT_ERR_LIMIT);
        assert_int_equal(seen, 2);
        bt_findings_free(f);
    }
}

/* The same bytes read from a FILE give the same result. */
static void read_file_matches_mem(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    assert_non_null(dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/x.csv", dir);
    for (size_t i = 0; i < N_OF(read_cases); i++) {
        const read_case *c = &read_cases[i];
        size_t n;
        unsigned char *p = case_bytes(c, &n);
        assert_int_equal(tu_write(path, p, n), 0);
        result mem;
        result_init(&mem);
        read_bytes(p, n, c->delimiter, c->encoding, 7, &mem);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        result file;
        result_init(&file);
        bt_findings *f = bt_findings_new();
        bt_csv_options opt = {c->delimiter, c->encoding, 7};
        file.err = bt_csv_read_file(fp, "prueba.csv", &opt, dump_row, &file, &file.info, f);
        fclose(fp);
        for (size_t k = 0; k < bt_findings_count(f); k++) {
            const bt_finding *x = bt_findings_at(f, k);
            bt_sb_printf(&file.brief, "%s %u:%u\n", bt_code_info_of(x->code)->id,
                         (unsigned)x->row, (unsigned)x->col);
            bt_sb_printf(&file.full, "%s %u:%u %s|%s|%s\n", bt_code_info_of(x->code)->id,
                         (unsigned)x->row, (unsigned)x->col, x->field ? x->field : "-",
                         x->value ? x->value : "-", x->message);
        }
        bt_findings_free(f);
        if (!same_result(&mem, &file)) {
            print_error("read «%s» from a file differs from memory\n", c->what);
            fail();
        }
        result_free(&mem);
        result_free(&file);
        free(p);
    }
    tu_rmrf(dir);
    free(dir);
}

/* Findings name the row the team sees: a long multi-line cell before a
 * broken row does not shift it. */
static void findings_point_at_spreadsheet_rows(void **state)
{
    (void)state;
    bt_sb in;
    bt_sb_init(&in);
    bt_sb_puts(&in, "Registro;\"");
    for (int i = 0; i < 50; i++)
        bt_sb_puts(&in, "línea\r\n");
    bt_sb_puts(&in, "fin\"\r\nFecha;15-03-2025\r\nTema;mal \"puesto\"\r\nOtro;\xFF\r\n");
    result r;
    result_init(&r);
    read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_UTF8, 0, &r);
    assert_int_equal(r.err, BT_OK);
    assert_string_equal(bt_sb_str(&r.brief), "E003 3:2\nE004 4:2\n");
    assert_non_null(strstr(bt_sb_str(&r.rows), "\n2 A«Fecha» B«15-03-2025»\n"));
    assert_int_equal(r.info.rows, 4);
    result_free(&r);
    bt_sb_free(&in);
}

/* Encoding is decided on the whole file, not on the first bytes. */
static void encoding_decided_on_whole_file(void **state)
{
    (void)state;
    static const size_t chunks[] = {0, 1, 3, 4095, 4096, 4097};
    /* 5,000 ASCII bytes, then one Windows-1252 byte: Windows-1252. */
    bt_sb in;
    bt_sb_init(&in);
    for (int i = 0; i < 500; i++)
        bt_sb_puts(&in, "Fila;1234\n");
    bt_sb_puts(&in, "Regi\xF3n;Valpara\xEDso\n");
    for (size_t k = 0; k < N_OF(chunks); k++) {
        result r;
        result_init(&r);
        read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, chunks[k], &r);
        assert_int_equal(r.err, BT_OK);
        assert_string_equal(r.info.encoding, "Windows-1252");
        assert_non_null(strstr(bt_sb_str(&r.rows), "501 A«Región» B«Valparaíso»\n"));
        assert_string_equal(bt_sb_str(&r.brief), "");
        result_free(&r);
    }
    /* A UTF-8 character across the 4,096-byte mark. */
    bt_sb_clear(&in);
    while (in.len < 4095)
        bt_sb_putc(&in, in.len % 10 == 9 ? '\n' : in.len % 10 == 4 ? ';' : 'a');
    bt_sb_puts(&in, "ó;é\n");
    for (size_t k = 0; k < N_OF(chunks); k++) {
        result r;
        result_init(&r);
        read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, chunks[k], &r);
        assert_int_equal(r.err, BT_OK);
        assert_string_equal(r.info.encoding, "UTF-8");
        assert_non_null(strstr(bt_sb_str(&r.rows), "\n410 A«aaaa» B«ó» C«é»\n"));
        assert_string_equal(bt_sb_str(&r.brief), "");
        result_free(&r);
    }
    bt_sb_free(&in);
}

/* The line ends recorded for a file with a stray quote. */
static void line_ends_with_a_stray_quote(void **state)
{
    (void)state;
    const char *data = "a;5\" pulgadas\r\nb;c\r\nd;e\r\n";
    result r;
    result_init(&r);
    read_bytes((const unsigned char *)data, strlen(data), 0, BT_ENC_AUTO, 0, &r);
    assert_int_equal(r.err, BT_OK);
    /* the broken row is reported and skipped; the others are read */
    assert_string_equal(bt_sb_str(&r.brief), "E003 1:2\n");
    assert_string_equal(bt_sb_str(&r.rows), "2 A«b» B«c»\n3 A«d» B«e»\n");
    /* decode.c counts line ends only outside quotes; one stray quote then
     * hides every later line end and the Resumen says "ninguno". */
    assert_string_equal(r.info.line_ends, "CRLF");
    result_free(&r);
}

/* Undecodable bytes: one finding per cell, at most 20 per file. */
static void undecodable_findings_are_capped(void **state)
{
    (void)state;
    bt_sb in;
    bt_sb_init(&in);
    for (int i = 0; i < 100; i++)
        bt_sb_puts(&in, "Región;Valparaíso;Ñuñoa;Peñalolén;Viña\n");
    for (int i = 0; i < 30; i++)
        bt_sb_puts(&in, "x\xFF;y\xFE\n");
    result r;
    result_init(&r);
    read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, 0, &r);
    assert_int_equal(r.err, BT_OK);
    assert_string_equal(r.info.encoding, "UTF-8");
    const char *b = bt_sb_str(&r.brief);
    size_t n = 0;
    for (const char *p = b; (p = strstr(p, "E004 ")) != NULL; p++)
        n++;
    assert_int_equal(n, 20);
    assert_true(strncmp(b, "E004 101:1\nE004 101:2\nE004 102:1\n", 33) == 0);
    result_free(&r);
    bt_sb_free(&in);
}

/* Documented limits: a cell over 1 MiB, content beyond column XFD. */
static void reader_limits(void **state)
{
    (void)state;
    bt_sb in;
    bt_sb_init(&in);
    bt_sb_puts(&in, "Registro;\"");
    while (in.len < BT_MAX_CELL_BYTES + 200000)
        bt_sb_puts(&in, "texto muy largo ");
    bt_sb_puts(&in, "\"\nb;c\n");
    result r;
    static const size_t chunks[] = {0, 100, 4096};
    /* one chunk size under valgrind (tests/run.sh sets BT_VALGRIND) */
    size_t nchunks = getenv("BT_VALGRIND") ? 1 : N_OF(chunks);
    for (size_t k = 0; k < nchunks; k++) {
        result_init(&r);
        read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, chunks[k], &r);
        assert_int_equal(r.err, BT_ERR_LIMIT);
        assert_string_equal(bt_sb_str(&r.brief), "E006 1:2\n");
        assert_string_equal(bt_sb_str(&r.rows), "");
        result_free(&r);
    }
    /* A cell just over the limit is refused whatever the chunk size (the
     * check runs only between chunks, so it is missed when the cell
     * crosses 1 MiB and closes within the same chunk). */
    bt_sb_clear(&in);
    bt_sb_puts(&in, "Registro;\"");
    while (in.len < BT_MAX_CELL_BYTES + 100)
        bt_sb_puts(&in, "texto muy largo ");
    bt_sb_puts(&in, "\"\nb;c\n");
    for (size_t k = 0; k < nchunks; k++) {
        result_init(&r);
        read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, chunks[k], &r);
        if (r.err != BT_ERR_LIMIT) {
            print_error("cell of %zu bytes, chunk %zu: err %d, findings «%s»\n", in.len - 16,
                        chunks[k], (int)r.err, bt_sb_str(&r.brief));
            fail();
        }
        result_free(&r);
    }

    bt_sb_clear(&in);
    bt_sb_puts(&in, "a;b\n");
    for (unsigned c = 1; c <= BT_MAX_COLS; c++)
        bt_sb_putc(&in, ';');
    bt_sb_puts(&in, "fuera\nc;d\n");
    result_init(&r);
    read_bytes((const unsigned char *)in.s, in.len, 0, BT_ENC_AUTO, 0, &r);
    assert_int_equal(r.err, BT_OK);
    assert_string_equal(bt_sb_str(&r.brief), "E006 2:16384\n");
    assert_string_equal(bt_sb_str(&r.rows), "1 A«a» B«b»\n3 A«c» B«d»\n");
    result_free(&r);
    bt_sb_free(&in);
}

/* The delimiters live in one list (BT_CSV_DELIMITERS): the option takes
 * each one by its character and its words, detection and "sep=" know each
 * one, and the README and the man page name each one. */
#define DELIM_CASE(c, s, nm, ...) {c, s, nm, {__VA_ARGS__, NULL}},
static const struct {
    int ch;
    const char *sym, *name;
    const char *words[6];
} delims[] = {BT_CSV_DELIMITERS(DELIM_CASE)};

static bt_err ignore_row(void *ctx, const bt_row *row)
{
    (void)ctx;
    (void)row;
    return BT_OK;
}

static void delimiters_in_one_list(void **state)
{
    (void)state;
    char *readme = (char *)tu_read(tu_path("README.md"), NULL);
    char *man = (char *)tu_read(tu_path("docs/bitacora.1"), NULL);
    assert_non_null(readme);
    assert_non_null(man);
    assert_true(sizeof delims / sizeof delims[0] >= 4);
    for (size_t i = 0; i < sizeof delims / sizeof delims[0]; i++) {
        int ch = delims[i].ch;
        assert_true(bt_csv_is_delimiter(ch));
        assert_string_equal(bt_csv_delimiter_name(ch), delims[i].name);
        assert_int_equal(bt_csv_delimiter_parse(delims[i].sym), ch);
        for (size_t w = 0; delims[i].words[w]; w++) {
            assert_int_equal(bt_csv_delimiter_parse(delims[i].words[w]), ch);
            char upper[32];
            snprintf(upper, sizeof upper, "%s", delims[i].words[w]);
            for (char *p = upper; *p; p++)
                *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
            assert_int_equal(bt_csv_delimiter_parse(upper), ch);
        }
        /* Two lines of three cells, that character between them. */
        char text[64], sep[64];
        snprintf(text, sizeof text, "a%cb%cc\nd%ce%cf\n", ch, ch, ch, ch);
        assert_int_equal(bt_csv_detect_delimiter(text, strlen(text)), ch);
        /* Excel's "sep=" line names it. */
        snprintf(sep, sizeof sep, "sep=%c\na%cb;c\n", ch, ch);
        bt_csv_options opt = {0, BT_ENC_UTF8, 0};
        bt_source_info info;
        bt_findings *fs = bt_findings_new();
        assert_non_null(fs);
        assert_int_equal(bt_csv_read_mem((const unsigned char *)sep, strlen(sep), "s.csv", &opt,
                                         ignore_row, NULL, &info, fs), BT_OK);
        assert_string_equal(info.delimiter, delims[i].name);
        bt_findings_free(fs);
        /* The README's reading options and the man page name it. */
        char quoted[40];
        snprintf(quoted, sizeof quoted, "`%s`", delims[i].words[0]);
        if (!strstr(readme, quoted))
            fail_msg("README.md does not name the delimiter %s", quoted);
        snprintf(quoted, sizeof quoted, "`%s`", delims[i].sym);
        if (!strstr(readme, quoted))
            fail_msg("README.md does not name the delimiter %s", quoted);
        if (!strstr(man, delims[i].words[0]))
            fail_msg("docs/bitacora.1 does not name the delimiter «%s»", delims[i].words[0]);
    }
    assert_int_equal(bt_csv_delimiter_parse("dos puntos"), 0);
    assert_int_equal(bt_csv_delimiter_parse(":"), 0);
    assert_false(bt_csv_is_delimiter(':'));
    assert_false(bt_csv_is_delimiter(0));
    assert_string_equal(bt_csv_delimiter_name(':'), "otro");
    free(readme);
    free(man);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detect_delimiter_table),
        cmocka_unit_test(delimiters_in_one_list),
        cmocka_unit_test(read_table),
        cmocka_unit_test(read_every_chunk_size),
        cmocka_unit_test(read_after_detection_sample),
        cmocka_unit_test(callback_error_stops),
        cmocka_unit_test(read_file_matches_mem),
        cmocka_unit_test(findings_point_at_spreadsheet_rows),
        cmocka_unit_test(encoding_decided_on_whole_file),
        cmocka_unit_test(undecodable_findings_are_capped),
        cmocka_unit_test(line_ends_with_a_stray_quote),
        cmocka_unit_test(reader_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
