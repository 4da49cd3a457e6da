/* csvread.c - the CSV reader (see csvread.h). */
#include "bitacora/csvread.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bitacora/text.h"

#define DEFAULT_CHUNK (64u * 1024u)
#define DETECT_SAMPLE (64u * 1024u)
#define MAX_BYTE_FINDINGS 20

/* ---- byte sources: a FILE or memory ---- */

typedef struct {
    FILE *f;
    const unsigned char *mem;
    size_t mem_len, mem_pos;
    bool error;
} source;

static size_t src_read(source *s, unsigned char *buf, size_t n)
{
    if (s->f) {
        size_t k = fread(buf, 1, n, s->f);
        if (k < n && ferror(s->f))
            s->error = true;
        return k;
    }
    size_t left = s->mem_len - s->mem_pos;
    size_t k = n < left ? n : left;
    memcpy(buf, s->mem + s->mem_pos, k);
    s->mem_pos += k;
    return k;
}

static bool src_rewind(source *s)
{
    if (s->f) {
        clearerr(s->f);
        return fseek(s->f, 0, SEEK_SET) == 0;
    }
    s->mem_pos = 0;
    return true;
}

/* ---- delimiters ---- */

typedef struct {
    int ch;
    const char *name;
    const char *const *words;   /* what --delimitador takes, NULL-terminated */
} delimiter;

#define DELIMITER_ROW(c, sym, nm, ...) {c, nm, (const char *const[]){sym, __VA_ARGS__, NULL}},
static const delimiter delimiters[] = {BT_CSV_DELIMITERS(DELIMITER_ROW)};
enum { NDELIM = sizeof delimiters / sizeof delimiters[0] };

static const delimiter *delimiter_of(int c)
{
    for (size_t i = 0; i < NDELIM; i++)
        if (delimiters[i].ch == c)
            return &delimiters[i];
    return NULL;
}

const char *bt_csv_delimiter_name(int d)
{
    const delimiter *dl = delimiter_of(d);
    return dl ? dl->name : "otro";
}

bool bt_csv_is_delimiter(int c)
{
    return c && delimiter_of(c);
}

int bt_csv_delimiter_parse(const char *word)
{
    for (size_t i = 0; i < NDELIM; i++)
        for (const char *const *w = delimiters[i].words; *w; w++)
            if (strcasecmp(word, *w) == 0)
                return delimiters[i].ch;
    return 0;
}

/* How many of each delimiter the lines of a sample have outside quotes,
 * for the first lines that have any. */
enum { SAMPLE_LINES = 200 };

typedef struct {
    size_t counts[NDELIM][SAMPLE_LINES];
    size_t lines;
    size_t cur[NDELIM];       /* the line being read */
    bool any;                 /* it has other text */
} delim_tally;

static void tally_end_line(delim_tally *t)
{
    bool some = t->any;
    for (size_t c = 0; c < NDELIM; c++)
        some = some || t->cur[c];
    if (some && t->lines < SAMPLE_LINES) {
        for (size_t c = 0; c < NDELIM; c++)
            t->counts[c][t->lines] = t->cur[c];
        t->lines++;
    }
    memset(t->cur, 0, sizeof t->cur);
    t->any = false;
}

static void tally_lines(delim_tally *t, const char *text, size_t n)
{
    unsigned char slot[256] = {0};
    for (size_t c = 0; c < NDELIM; c++)
        slot[(unsigned char)delimiters[c].ch] = (unsigned char)(c + 1);
    bool inq = false;
    unsigned char prev = '\n';      /* last character that was not a space */
    size_t quoted_lines = 0;
    for (size_t i = 0; i < n && t->lines < SAMPLE_LINES; i++) {
        if (inq) {
            /* Inside quotes only a quote or a line end matters. */
            while (i < n && text[i] != '"' && text[i] != '\n')
                i++;
            if (i == n)
                break;
        }
        unsigned char ch = (unsigned char)text[i];
        if (inq) {
            if (ch == '"') {
                if (i + 1 < n && text[i + 1] == '"')
                    i++;              /* "" inside a quoted cell */
                else
                    inq = false;
                prev = '"';
            } else if (ch == '\n' && ++quoted_lines > 50) {
                inq = false;          /* a quote that never closes: ignore it */
                prev = '\n';
            }
            continue;
        }
        if (ch == '"') {
            /* A quote opens a cell only where a cell starts. */
            if (prev == '\n' || slot[prev]) {
                inq = true;
                quoted_lines = 0;
            }
            t->any = true;
            prev = ch;
            continue;
        }
        if (ch != ' ')
            prev = ch;
        if (!slot[ch] && ch != '\n' && ch != ' ') {
            /* A run of ordinary characters: only the last one counts. */
            t->any = true;
            while (i + 1 < n && !slot[(unsigned char)text[i + 1]] && text[i + 1] != '\n' &&
                   text[i + 1] != ' ' && text[i + 1] != '"')
                i++;
            prev = (unsigned char)text[i];
            continue;
        }
        if (slot[ch])
            t->cur[slot[ch] - 1]++;
        else if (ch == '\n')
            tally_end_line(t);
    }
    tally_end_line(t);
}

int bt_csv_detect_delimiter(const char *text, size_t n)
{
    delim_tally t;
    memset(&t, 0, sizeof t);
    tally_lines(&t, text, n);
    /* The candidate whose most frequent non-zero count is shared by the
     * most lines (counts above 255 are lumped together). */
    size_t best_score = 0;
    int best = ',';
    for (size_t c = 0; c < NDELIM; c++) {
        size_t hist[256] = {0};
        for (size_t i = 0; i < t.lines; i++)
            if (t.counts[c][i])
                hist[t.counts[c][i] < 255 ? t.counts[c][i] : 255]++;
        size_t mode_n = 0;
        for (size_t v = 1; v < 256; v++)
            if (hist[v] > mode_n)
                mode_n = hist[v];
        if (mode_n > best_score) {
            best_score = mode_n;
            best = delimiters[c].ch;
        }
    }
    return best;
}

/* ---- the reader ---- */

typedef struct {
    const char *display;
    bt_row_fn fn;
    void *ctx;
    bt_findings *findings;
    bt_source_info *info;
    bt_decoder *dec;
    bt_err err;               /* sticky: first error of a callback */
    /* the row being assembled */
    bt_sb text;               /* cell texts, NUL separated */
    struct cellref { uint32_t col; size_t off, len; } *refs;
    size_t nrefs, caprefs;
    bt_cell *cells;
    size_t capcells;
    uint32_t col;             /* fields seen in this row */
    uint32_t row;             /* rows completed */
    uint32_t content_rows;    /* rows with at least one non-empty cell */
    bool cols_reported, rows_exceeded;
    size_t byte_findings;
    bool skip_line;           /* resynchronizing after a syntax error */
    /* the parser, once the delimiter is known */
    struct csv_parser parser;
    bool parser_ready;
    int delim;
} reader;

/* E006 for a cell over the limit; the read stops (BT_ERR_LIMIT). */
static bt_err cell_too_big(reader *r, uint32_t row, uint32_t col)
{
    bt_err e = bt_findings_add(r->findings, BT_E_LIMIT, r->display, NULL, row, col, NULL, NULL,
                               "una celda tiene más de %u MiB de texto; el archivo no se lee. "
                               "¿Es realmente una bitácora?", BT_MAX_CELL_BYTES >> 20);
    return e ? e : BT_ERR_LIMIT;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->err || r->skip_line)
        return;
    r->col++;
    if (!s || blank(s, len))
        return;
    /* The same limit whether the cell ended inside a chunk or not. */
    if (len > BT_MAX_CELL_BYTES) {
        r->err = cell_too_big(r, r->row + 1, r->col);
        return;
    }
    if (r->col > BT_MAX_COLS) {
        if (!r->cols_reported) {
            r->cols_reported = true;
            r->err = bt_findings_add(r->findings, BT_E_LIMIT, r->display, NULL,
                                     r->row + 1, BT_MAX_COLS, NULL, NULL,
                                     "la fila tiene contenido más allá de la columna %u "
                                     "(XFD), el máximo de una hoja de cálculo; ese "
                                     "contenido no se leyó.", BT_MAX_COLS);
        }
        return;
    }
    const char *p = s;
    /* Our own CSV exports protect formula-like text with an apostrophe. */
    if (len >= 2 && p[0] == '\'' && strchr("=+-@", p[1])) {
        p++;
        len--;
    }
    if (r->nrefs == r->caprefs) {
        size_t ncap = r->caprefs ? r->caprefs * 2 : 16;
        struct cellref *nr = realloc(r->refs, ncap * sizeof *nr);
        if (!nr) {
            r->err = BT_ERR_NOMEM;
            return;
        }
        r->refs = nr;
        r->caprefs = ncap;
    }
    struct cellref *c = &r->refs[r->nrefs++];
    c->col = r->col;
    c->off = r->text.len;
    c->len = len;
    bt_sb_append(&r->text, p, len);
    bt_sb_putc(&r->text, '\0');
    if (r->text.failed)
        r->err = BT_ERR_NOMEM;
}

/* A malloc'd copy of a cell without its NUL bytes, for a finding's value
 * (NULL when out of memory: the finding then has no value). */
static char *bt_text_clean_copy(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i])
            out[o++] = s[i];
    out[o] = '\0';
    return out;
}

/* NUL bytes inside a cell: binary content in a text file. */
static void report_nul(reader *r, const bt_cell *c)
{
    if (r->byte_findings >= MAX_BYTE_FINDINGS || !memchr(c->text, '\0', c->len))
        return;
    r->byte_findings++;
    char *shown = bt_text_clean_copy(c->text, c->len);
    bt_err e = bt_findings_add(
        r->findings, BT_E_BINARY, r->display, NULL, r->row, c->col, NULL, shown,
        "la celda tiene bytes nulos (0x00), contenido binario que una planilla no escribe; "
        "se quitaron. ¿Se guardó con otra codificación (UTF-16) o se mezcló con otro "
        "archivo? Guarde la bitácora de nuevo como CSV.");
    free(shown);
    if (e)
        r->err = e;
}

static void report_replacements(reader *r, const bt_cell *c)
{
    if (r->byte_findings >= MAX_BYTE_FINDINGS || !strstr(c->text, "\xEF\xBF\xBD"))
        return;
    r->byte_findings++;
    bt_err e = bt_findings_add(
        r->findings, BT_E_UNDECODABLE, r->display, NULL, r->row, c->col, NULL, c->text,
        r->byte_findings == MAX_BYTE_FINDINGS
            ? "la celda tiene bytes que no corresponden a la codificación %s (se "
              "muestran como «\xEF\xBF\xBD»); hay más celdas así que no se listan. "
              "Guarde el archivo como «CSV UTF-8»."
            : "la celda tiene bytes que no corresponden a la codificación %s (se "
              "muestran como «\xEF\xBF\xBD»). Guarde el archivo como «CSV UTF-8» o "
              "indique la codificación con --codificacion.",
        r->info->encoding);
    if (e)
        r->err = e;
}

static void deliver_row(reader *r)
{
    r->row++;
    if (r->row > BT_MAX_ROWS) {
        if (!r->rows_exceeded) {
            r->rows_exceeded = true;
            r->err = bt_findings_add(r->findings, BT_E_LIMIT, r->display, NULL, r->row,
                                     0, NULL, NULL,
                                     "el archivo tiene más de %u filas, el máximo de una "
                                     "hoja de cálculo; no se convierte.", BT_MAX_ROWS);
            if (!r->err)
                r->err = BT_ERR_LIMIT;
        }
        return;
    }
    if (r->nrefs) {
        r->content_rows++;
        if (r->nrefs > r->capcells) {
            bt_cell *nc = realloc(r->cells, r->nrefs * sizeof *nc);
            if (!nc) {
                r->err = BT_ERR_NOMEM;
                return;
            }
            r->cells = nc;
            r->capcells = r->nrefs;
        }
        for (size_t i = 0; i < r->nrefs; i++) {
            r->cells[i].col = r->refs[i].col;
            r->cells[i].text = r->text.s + r->refs[i].off;
            r->cells[i].len = r->refs[i].len;
            if (bt_decoder_replaced(r->dec))
                report_replacements(r, &r->cells[i]);
            report_nul(r, &r->cells[i]);
        }
        bt_row row = {r->row, r->nrefs, r->cells};
        bt_err e = r->err ? r->err : r->fn(r->ctx, &row);
        if (e)
            r->err = e;
    }
    r->nrefs = 0;
    r->col = 0;
    bt_sb_clear(&r->text);
}

static void on_row(int c, void *data)
{
    reader *r = data;
    (void)c;
    if (r->err)
        return;
    deliver_row(r);
}

static int only_space(unsigned char c)
{
    return c == ' ';
}

static void parser_init(struct csv_parser *p, int delim)
{
    csv_init(p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL);
    csv_set_delim(p, (unsigned char)delim);
    if (delim == '\t')
        csv_set_space_func(p, only_space);
}

/* The partial row and the rest of its line, for the finding's value. */
static char *bad_row_value(reader *r, const char *rest, size_t n)
{
    bt_sb v;
    bt_sb_init(&v);
    for (size_t i = 0; i < r->nrefs; i++) {
        if (i)
            bt_sb_puts(&v, " | ");
        bt_sb_puts(&v, r->text.s + r->refs[i].off);
    }
    size_t k = 0;
    while (k < n && rest[k] != '\n' && k < 400)
        k++;
    if (k) {
        if (v.len)
            bt_sb_puts(&v, " ");
        bt_sb_append(&v, rest, k);
    }
    char *s = v.failed ? NULL : strdup(bt_sb_str(&v));
    bt_sb_free(&v);
    return s;
}

/* Feed decoded text to libcsv, resynchronizing at the next line after a
 * syntax error. */
static void parse_text(reader *r, const char *s, size_t n)
{
    struct csv_parser *p = &r->parser;
    while (n && !r->err) {
        if (r->skip_line) {
            const char *lf = memchr(s, '\n', n);
            if (!lf)
                return;
            r->skip_line = false;
            r->nrefs = 0;
            r->col = 0;
            bt_sb_clear(&r->text);
            deliver_row(r);       /* the broken row counts as a row */
            n -= (size_t)(lf + 1 - s);
            s = lf + 1;
            continue;
        }
        size_t k = csv_parse(p, s, n, on_field, on_row, r);
        if (r->err)
            return;
        if (p->entry_pos > BT_MAX_CELL_BYTES) {
            r->err = cell_too_big(r, r->row + 1, r->col + 1);
            return;
        }
        if (k == n)
            return;
        if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG) {
            r->err = BT_ERR_NOMEM;
            return;
        }
        /* A syntax error at s[k]: report it, skip to the end of the line. */
        char *value = bad_row_value(r, s + k, n - k);
        bt_err e = bt_findings_add(
            r->findings, BT_E_CSV_SYNTAX, r->display, NULL, r->row + 1, r->col + 1, NULL,
            value,
            "comillas mal puestas: hay una comilla dentro de una celda sin comillas o "
            "texto después de una comilla de cierre. Encierre la celda completa entre "
            "comillas y duplique las comillas interiores (\"\"). Esta fila no se leyó.");
        free(value);
        if (e) {
            r->err = e;
            return;
        }
        csv_free(p);
        parser_init(p, r->delim);
        r->skip_line = true;
        s += k;
        n -= k;
    }
}

/* ---- the encoding ---- */

/* Text in UTF-16 without a BOM (a NUL byte every other byte): read as
 * such, with a word, unless --codificacion says otherwise. */
static bt_err utf16_without_bom(reader *r, bt_sniff sn, bool forced, bt_encoding *enc)
{
    bt_encoding seen = sn == BT_SNIFF_UTF16LE ? BT_ENC_UTF16LE : BT_ENC_UTF16BE;
    if (forced && *enc != seen)
        return bt_findings_add(r->findings, BT_A_ENCODING_OPTION, r->display, NULL, 0, 0, NULL,
                               NULL,
                               "se indicó la codificación %s, pero el archivo parece %s (un "
                               "byte nulo cada dos); se respetó la opción y el texto puede "
                               "leerse mal. Revise --codificacion.", bt_encoding_name(*enc),
                               sn == BT_SNIFF_UTF16LE ? "UTF-16LE" : "UTF-16BE");
    if (forced)
        return BT_OK;
    *enc = seen;
    return bt_findings_add(r->findings, BT_A_UTF16_NO_BOM, r->display, NULL, 0, 0, NULL, NULL,
                           "el archivo parece %s sin marca BOM; se leyó así. Si el texto se "
                           "ve mal, indique la codificación con --codificacion.",
                           bt_encoding_name(*enc));
}

/* What the first bytes say: not text at all, or the encoding (a BOM,
 * UTF-16's NUL bytes), weighed against --codificacion (`asked`).  *enc is
 * the encoding to read with (BT_ENC_AUTO: the whole file decides), *bom
 * the bytes to skip, *note what the Resumen adds to the encoding's name. */
static bt_err encoding_from_head(reader *r, const unsigned char *head, size_t n,
                                 bt_encoding asked, bt_encoding *enc, size_t *bom,
                                 const char **note)
{
    const char *kind;
    bt_sniff sn = bt_sniff_bytes(head, n, bom, &kind);
    bool forced = asked != BT_ENC_AUTO;
    *enc = asked;
    *note = "";
    bt_err e = BT_OK;
    switch (sn) {
    case BT_SNIFF_EMPTY:
        return bt_findings_refuse(r->findings, BT_E_EMPTY, r->display,
                                  "el archivo está vacío (0 bytes): ¿se guardó antes de enviarlo? "
                                  "Envíe el archivo con la bitácora llenada.");
    case BT_SNIFF_ZIP:
    case BT_SNIFF_OLE:
    case BT_SNIFF_BINARY:
        return bt_findings_refuse(r->findings, BT_E_BINARY, r->display,
                                  "no es un archivo de texto CSV sino %s. Abra la bitácora en "
                                  "su planilla y guárdela como CSV o XLSX.", kind);
    case BT_SNIFF_BOM_UTF8:
    case BT_SNIFF_BOM_UTF16LE:
    case BT_SNIFF_BOM_UTF16BE:
        if (!forced)
            *enc = sn == BT_SNIFF_BOM_UTF8      ? BT_ENC_UTF8
                   : sn == BT_SNIFF_BOM_UTF16LE ? BT_ENC_UTF16LE
                                                : BT_ENC_UTF16BE;
        *note = " con BOM";
        break;
    case BT_SNIFF_UTF16LE:
    case BT_SNIFF_UTF16BE:
        e = utf16_without_bom(r, sn, forced, enc);
        break;
    case BT_SNIFF_TEXT:
        break;
    }
    if (e || !forced || !*bom || (sn == BT_SNIFF_BOM_UTF8) == (*enc == BT_ENC_UTF8))
        return e;
    *bom = 0;
    return bt_findings_add(r->findings, BT_A_ENCODING_OPTION, r->display, NULL, 0, 0, NULL,
                           NULL,
                           "se indicó la codificación %s, pero el archivo empieza con la marca "
                           "de otra codificación; se respetó la opción.", bt_encoding_name(*enc));
}

/* A byte that Windows-1252 prints (curly quotes, dashes, «…») and that
 * ISO-8859-1 takes for a control character. */
static bool cp1252_printable(unsigned char c)
{
    return c >= 0x80 && c <= 0x9F && c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 &&
           c != 0x9D;
}

/* One pass over the whole file when the encoding depends on it (*enc
 * BT_ENC_AUTO or BT_ENC_LATIN1; buf holds the first `head` bytes).  No BOM
 * and no option: is it all valid UTF-8?  "latin1" asked for: bytes
 * 0x80-0x9F are control characters in ISO-8859-1, never typed text, and
 * the curly quotes, dashes and "…" of Windows-1252, which is what Excel
 * writes when users say "latin1": read as ISO-8859-1 they would vanish,
 * so the file is read as Windows-1252, with a word. */
static bt_err encoding_from_scan(reader *r, source *src, unsigned char *buf, size_t head,
                                 size_t chunk, bt_encoding *enc)
{
    bt_utf8_scan scan;
    bt_utf8_scan_init(&scan);
    size_t c1 = 0, k = head;
    do {
        if (*enc == BT_ENC_AUTO)
            bt_utf8_scan_feed(&scan, buf, k);
        else
            for (size_t i = 0; i < k; i++)
                c1 += cp1252_printable(buf[i]);
        k = src_read(src, buf, chunk);
    } while (k > 0);
    bt_utf8_scan_end(&scan);
    if (src->error)
        return bt_findings_refuse(r->findings, BT_E_UNREADABLE, r->display,
                                  "no se pudo leer el archivo.");
    if (*enc == BT_ENC_AUTO) {
        *enc = bt_utf8_scan_verdict(&scan);
        return BT_OK;
    }
    if (!c1)
        return BT_OK;
    *enc = BT_ENC_CP1252;
    return bt_findings_add(r->findings, BT_A_ENCODING_OPTION, r->display, NULL, 0, 0, NULL,
                           NULL,
                           "se indicó la codificación ISO-8859-1, pero el archivo tiene %zu "
                           "caracteres de Windows-1252 (comillas tipográficas, guiones largos, "
                           "«…») que en ISO-8859-1 serían caracteres de control y se perderían; "
                           "se leyó como Windows-1252.", c1);
}

/* ---- decoding and parsing ---- */

/* The delimiter: the option's (`asked`, 0 for none), else the one Excel's
 * "sep=;" first line names, else the one that explains the text best.  A
 * "sep=" line is cut from the text to parse. */
static int choose_delimiter(int asked, const char **text, size_t *len)
{
    const char *s = *text;
    size_t n = *len;
    if (n >= 5 && !strncmp(s, "sep=", 4) && bt_csv_is_delimiter((unsigned char)s[4]) &&
        (n == 5 || s[5] == '\n')) {
        if (!asked)
            asked = (unsigned char)s[4];
        const char *lf = memchr(s, '\n', n);
        size_t cut = lf ? (size_t)(lf - s) + 1 : n;
        *text = s + cut;
        *len = n - cut;
    }
    return asked ? asked : bt_csv_detect_delimiter(*text, *len);
}

/* The first text decoded (up to DETECT_SAMPLE bytes) decides the
 * delimiter; the parser then starts on it. */
static void start_parser(reader *r, bt_sb *sample, int asked)
{
    const char *text = bt_sb_str(sample);
    size_t len = sample->len;
    r->delim = choose_delimiter(asked, &text, &len);
    parser_init(&r->parser, r->delim);
    r->parser_ready = true;
    snprintf(r->info->delimiter, sizeof r->info->delimiter, "%s",
             bt_csv_delimiter_name(r->delim));
    parse_text(r, text, len);
    bt_sb_clear(sample);
}

/* Decode the bytes after the BOM chunk by chunk, and parse the text. */
static void parse_source(reader *r, source *src, unsigned char *buf, size_t chunk, size_t bom,
                         int asked)
{
    bt_sb decoded, sample;
    bt_sb_init(&decoded);
    bt_sb_init(&sample);
    size_t skip = bom;
    bool eof = false;
    while (!eof && !r->err) {
        size_t k = src_read(src, buf, chunk);
        if (src->error) {
            r->err = bt_findings_refuse(r->findings, BT_E_UNREADABLE, r->display,
                                        "error de lectura a mitad del archivo.");
            break;
        }
        eof = k == 0;
        size_t off = skip < k ? skip : k;
        skip -= off;
        r->err = bt_decoder_feed(r->dec, buf + off, k - off, eof, &decoded);
        if (r->err)
            break;
        if (r->parser_ready) {
            parse_text(r, bt_sb_str(&decoded), decoded.len);
            bt_sb_clear(&decoded);
            continue;
        }
        bt_sb_append(&sample, bt_sb_str(&decoded), decoded.len);
        bt_sb_clear(&decoded);
        if (sample.failed)
            r->err = BT_ERR_NOMEM;
        else if (sample.len >= DETECT_SAMPLE || eof)
            start_parser(r, &sample, asked);
    }
    bt_sb_free(&decoded);
    bt_sb_free(&sample);
}

/* The end of the text: a row broken by a syntax error still counts as a
 * row; a quote that opened a cell and never closed is reported where it
 * opened, its content kept as a cell of that row, so nothing is lost. */
static void finish_parse(reader *r)
{
    if (r->err || !r->parser_ready)
        return;
    if (r->skip_line) {
        r->skip_line = false;
        r->nrefs = 0;
        deliver_row(r);
        return;
    }
    struct csv_parser *p = &r->parser;
    if (csv_fini(p, on_field, on_row, r) == 0 || r->err)
        return;
    uint32_t start_row = r->row + 1;
    on_field(p->entry_buf, p->entry_pos, r);
    size_t shown = p->entry_pos < 200 ? p->entry_pos : 200;
    char *value = strndup((const char *)p->entry_buf, shown);
    if (value && !bt_utf8_valid(value, strlen(value)))
        value[bt_utf8_valid_prefix(value, strlen(value))] = '\0';
    bt_err e = bt_findings_add(
        r->findings, BT_E_CSV_SYNTAX, r->display, NULL, start_row, r->col, NULL, value,
        "una comilla abre una celda en esta fila y nunca se cierra: todo el resto del archivo "
        "quedó dentro de esa celda. Cierre la comilla o quítela.");
    free(value);
    if (e)
        r->err = e;
    else
        deliver_row(r);
}

/* The whole read: the encoding from the first bytes (and, when they do not
 * settle it, from all of them), then decoding and parsing from the start. */
static bt_err read_all(reader *r, source *src, const bt_csv_options *opt, unsigned char *buf,
                       size_t chunk)
{
    size_t head = src_read(src, buf, 4096);
    if (src->error)
        return bt_findings_refuse(r->findings, BT_E_UNREADABLE, r->display,
                                  "no se pudo leer el archivo.");
    bt_encoding enc;
    size_t bom;
    const char *note;
    bt_err e = encoding_from_head(r, buf, head, opt ? opt->encoding : BT_ENC_AUTO, &enc, &bom,
                                  &note);
    if (!e && (enc == BT_ENC_AUTO || enc == BT_ENC_LATIN1))
        e = encoding_from_scan(r, src, buf, head, chunk, &enc);
    if (e)
        return e;
    snprintf(r->info->encoding, sizeof r->info->encoding, "%s%s", bt_encoding_name(enc), note);
    if (!src_rewind(src))
        return bt_findings_refuse(r->findings, BT_E_UNREADABLE, r->display,
                                  "no se pudo volver a leer el archivo.");
    e = bt_decoder_new(enc, &r->dec);
    if (e)
        return e;
    parse_source(r, src, buf, chunk, bom, opt ? opt->delimiter : 0);
    finish_parse(r);
    if (!r->err && !r->parser_ready)    /* it decoded to nothing (a lone BOM, say) */
        r->err = bt_findings_refuse(r->findings, BT_E_EMPTY, r->display,
                                    "el archivo no tiene contenido.");
    r->info->rows = r->row;
    snprintf(r->info->line_ends, sizeof r->info->line_ends, "%s", bt_decoder_line_ends(r->dec));
    if (r->err || r->content_rows)
        return r->err;
    return bt_findings_refuse(r->findings, BT_E_EMPTY, r->display,
                              "el archivo no tiene contenido: %s.",
                              r->row ? "solo filas vacías" : "ninguna fila");
}

static bt_err read_source(source *src, const char *display, const bt_csv_options *opt,
                          bt_row_fn fn, void *ctx, bt_source_info *info,
                          bt_findings *findings)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.display = display;
    r.fn = fn;
    r.ctx = ctx;
    r.findings = findings;
    r.info = info;
    bt_sb_init(&r.text);
    memset(info, 0, sizeof *info);
    strcpy(info->format, "CSV");
    size_t chunk = opt && opt->chunk_size ? opt->chunk_size : DEFAULT_CHUNK;
    unsigned char *buf = malloc(chunk > 4096 ? chunk : 4096);
    bt_err err = buf ? read_all(&r, src, opt, buf, chunk) : BT_ERR_NOMEM;
    if (r.parser_ready)
        csv_free(&r.parser);
    bt_decoder_free(r.dec);
    bt_sb_free(&r.text);
    free(r.refs);
    free(r.cells);
    free(buf);
    return err;
}

bt_err bt_csv_read_file(FILE *f, const char *display, const bt_csv_options *opt,
                        bt_row_fn fn, void *ctx, bt_source_info *info,
                        bt_findings *findings)
{
    source src = {f, NULL, 0, 0, false};
    return read_source(&src, display, opt, fn, ctx, info, findings);
}

bt_err bt_csv_read_mem(const unsigned char *data, size_t n, const char *display,
                       const bt_csv_options *opt, bt_row_fn fn, void *ctx,
                       bt_source_info *info, bt_findings *findings)
{
    source src = {NULL, data, n, 0, false};
    return read_source(&src, display, opt, fn, ctx, info, findings);
}
