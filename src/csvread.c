/* csvread.c - the CSV reader (see csvread.h). */
#include "bitacora/csvread.h"

#include <csv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- delimiter detection ---- */

const char *bt_csv_delimiter_name(int d)
{
    switch (d) {
    case ',': return "coma";
    case ';': return "punto y coma";
    case '\t': return "tabulador";
    case '|': return "barra vertical";
    default: return "otro";
    }
}

int bt_csv_detect_delimiter(const char *text, size_t n)
{
    static const int cand[] = {';', ',', '\t', '|'};
    enum { NC = 4, MAXL = 200 };
    /* One pass: per line, how many of each candidate outside quotes. */
    static const unsigned char slot[256] = {[';'] = 1, [','] = 2, ['\t'] = 3, ['|'] = 4};
    size_t counts[NC][MAXL];
    size_t cur[NC] = {0};
    size_t lines = 0;
    bool inq = false, any = false;
    unsigned char prev = '\n';      /* last character that was not a space */
    size_t quoted_lines = 0;
    for (size_t i = 0; i < n && lines < MAXL; i++) {
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
            any = true;
            prev = ch;
            continue;
        }
        if (ch != ' ')
            prev = ch;
        if (!slot[ch] && ch != '\n' && ch != ' ') {
            /* A run of ordinary characters: only the last one counts. */
            any = true;
            while (i + 1 < n && !slot[(unsigned char)text[i + 1]] && text[i + 1] != '\n' &&
                   text[i + 1] != ' ' && text[i + 1] != '"')
                i++;
            prev = (unsigned char)text[i];
            continue;
        }
        if (slot[ch]) {
            cur[slot[ch] - 1]++;
        } else if (ch == '\n') {
            bool some = any;
            for (int c = 0; c < NC; c++)
                some = some || cur[c];
            if (some) {
                for (int c = 0; c < NC; c++)
                    counts[c][lines] = cur[c];
                lines++;
            }
            memset(cur, 0, sizeof cur);
            any = false;
        } else if (ch != ' ') {
            any = true;
        }
    }
    bool some = any;
    for (int c = 0; c < NC; c++)
        some = some || cur[c];
    if (some && lines < MAXL) {
        for (int c = 0; c < NC; c++)
            counts[c][lines] = cur[c];
        lines++;
    }
    /* The candidate whose most frequent non-zero count is shared by the
     * most lines (counts above 255 are lumped together). */
    size_t best_score = 0;
    int best = ',';
    for (int c = 0; c < NC; c++) {
        size_t hist[256] = {0};
        for (size_t i = 0; i < lines; i++)
            if (counts[c][i])
                hist[counts[c][i] < 255 ? counts[c][i] : 255]++;
        size_t mode_n = 0;
        for (size_t v = 1; v < 256; v++)
            if (hist[v] > mode_n)
                mode_n = hist[v];
        if (mode_n > best_score) {
            best_score = mode_n;
            best = cand[c];
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
static void parse_text(reader *r, struct csv_parser *p, int delim, const char *s,
                       size_t n)
{
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
        parser_init(p, delim);
        r->skip_line = true;
        s += k;
        n -= k;
    }
}

/* A file that is not text, or that is empty: one finding, no rows. */
static bt_err refuse(reader *r, bt_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bt_err refuse(reader *r, bt_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bt_err e = bt_findings_vadd(r->findings, code, r->display, NULL, 0, 0, NULL, NULL, fmt, ap);
    va_end(ap);
    return e ? e : BT_ERR_FORMAT;
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
    if (!buf)
        return BT_ERR_NOMEM;
    bt_err err = BT_OK;
    bt_sb decoded, sample;
    bt_sb_init(&decoded);
    bt_sb_init(&sample);
    struct csv_parser parser;
    bool parser_ready = false;

    /* 1. Sniff the first bytes. */
    size_t head = src_read(src, buf, 4096);
    if (src->error) {
        err = refuse(&r, BT_E_UNREADABLE, "no se pudo leer el archivo.");
        if (err == BT_ERR_FORMAT)
            err = BT_ERR_READ;
        goto done;
    }
    size_t bom = 0;
    const char *kind;
    bt_sniff sn = bt_sniff_bytes(buf, head, &bom, &kind);
    bt_encoding enc = opt ? opt->encoding : BT_ENC_AUTO;
    bool forced = enc != BT_ENC_AUTO;
    const char *enc_note = "";
    switch (sn) {
    case BT_SNIFF_EMPTY:
        err = refuse(&r, BT_E_EMPTY, "el archivo está vacío (0 bytes).");
        goto done;
    case BT_SNIFF_ZIP:
    case BT_SNIFF_OLE:
    case BT_SNIFF_BINARY:
        err = refuse(&r, BT_E_BINARY,
                     "no es un archivo de texto CSV sino %s. Abra la bitácora en su "
                     "planilla y guárdela como CSV o XLSX.", kind);
        goto done;
    case BT_SNIFF_BOM_UTF8:
        if (!forced)
            enc = BT_ENC_UTF8;
        enc_note = " con BOM";
        break;
    case BT_SNIFF_BOM_UTF16LE:
        if (!forced)
            enc = BT_ENC_UTF16LE;
        enc_note = " con BOM";
        break;
    case BT_SNIFF_BOM_UTF16BE:
        if (!forced)
            enc = BT_ENC_UTF16BE;
        enc_note = " con BOM";
        break;
    case BT_SNIFF_UTF16LE:
    case BT_SNIFF_UTF16BE:
        if (forced && enc != (sn == BT_SNIFF_UTF16LE ? BT_ENC_UTF16LE : BT_ENC_UTF16BE)) {
            err = bt_findings_add(findings, BT_A_ENCODING_OPTION, display, NULL, 0, 0, NULL,
                                  NULL,
                                  "se indicó la codificación %s, pero el archivo parece %s (un "
                                  "byte nulo cada dos); se respetó la opción y el texto puede "
                                  "leerse mal. Revise --codificacion.", bt_encoding_name(enc),
                                  sn == BT_SNIFF_UTF16LE ? "UTF-16LE" : "UTF-16BE");
            if (err)
                goto done;
        }
        if (!forced) {
            enc = sn == BT_SNIFF_UTF16LE ? BT_ENC_UTF16LE : BT_ENC_UTF16BE;
            err = bt_findings_add(findings, BT_A_UTF16_NO_BOM, display, NULL, 0, 0, NULL,
                                  NULL,
                                  "el archivo parece %s sin marca BOM; se leyó así. Si "
                                  "el texto se ve mal, indique la codificación con "
                                  "--codificacion.", bt_encoding_name(enc));
            if (err)
                goto done;
        }
        break;
    case BT_SNIFF_TEXT:
        break;
    }
    if (forced && bom && ((sn == BT_SNIFF_BOM_UTF8) != (enc == BT_ENC_UTF8))) {
        err = bt_findings_add(findings, BT_A_ENCODING_OPTION, display, NULL, 0, 0, NULL,
                              NULL,
                              "se indicó la codificación %s, pero el archivo empieza con "
                              "la marca de otra codificación; se respetó la opción.",
                              bt_encoding_name(enc));
        if (err)
            goto done;
        bom = 0;
    }

    /* 2. One pass over the whole file when the encoding depends on it.
     * No BOM and no option: is it all valid UTF-8?  "latin1" asked for:
     * bytes 0x80-0x9F are control characters in ISO-8859-1, never typed
     * text, and the curly quotes, dashes and "…" of Windows-1252, which is
     * what Excel writes when users say "latin1": read as ISO-8859-1 they
     * would vanish, so the file is read as Windows-1252, with a word. */
    if (enc == BT_ENC_AUTO || enc == BT_ENC_LATIN1) {
        bt_utf8_scan scan;
        bt_utf8_scan_init(&scan);
        size_t c1 = 0, k = head;
        do {
            if (enc == BT_ENC_AUTO)
                bt_utf8_scan_feed(&scan, buf, k);
            else
                for (size_t i = 0; i < k; i++)
                    if (buf[i] >= 0x80 && buf[i] <= 0x9F && buf[i] != 0x81 && buf[i] != 0x8D &&
                        buf[i] != 0x8F && buf[i] != 0x90 && buf[i] != 0x9D)
                        c1++;
            k = src_read(src, buf, chunk);
        } while (k > 0);
        bt_utf8_scan_end(&scan);
        if (src->error) {
            err = refuse(&r, BT_E_UNREADABLE, "no se pudo leer el archivo.");
            err = err == BT_ERR_FORMAT ? BT_ERR_READ : err;
            goto done;
        }
        if (enc == BT_ENC_AUTO) {
            enc = bt_utf8_scan_verdict(&scan);
        } else if (c1) {
            enc = BT_ENC_CP1252;
            err = bt_findings_add(findings, BT_A_ENCODING_OPTION, display, NULL, 0, 0, NULL,
                                  NULL,
                                  "se indicó la codificación ISO-8859-1, pero el archivo tiene "
                                  "%zu caracteres de Windows-1252 (comillas tipográficas, "
                                  "guiones largos, «…») que en ISO-8859-1 serían caracteres de "
                                  "control y se perderían; se leyó como Windows-1252.", c1);
            if (err)
                goto done;
        }
    }
    snprintf(info->encoding, sizeof info->encoding, "%s%s", bt_encoding_name(enc), enc_note);
    if (!src_rewind(src)) {
        err = refuse(&r, BT_E_UNREADABLE, "no se pudo volver a leer el archivo.");
        err = err == BT_ERR_FORMAT ? BT_ERR_READ : err;
        goto done;
    }
    err = bt_decoder_new(enc, &r.dec);
    if (err)
        goto done;

    /* 3. Decode and parse, chunk by chunk. */
    int delim = opt ? opt->delimiter : 0;
    size_t skip = bom;
    bool eof = false, first_line_checked = false;
    while (!eof && !r.err) {
        size_t k = src_read(src, buf, chunk);
        if (src->error) {
            r.err = refuse(&r, BT_E_UNREADABLE, "error de lectura a mitad del archivo.");
            r.err = r.err == BT_ERR_FORMAT ? BT_ERR_READ : r.err;
            break;
        }
        eof = k == 0;
        size_t off = skip < k ? skip : k;
        skip -= off;
        r.err = bt_decoder_feed(r.dec, buf + off, k - off, eof, &decoded);
        if (r.err)
            break;
        if (!parser_ready) {
            /* Gather a sample to detect the delimiter (and "sep=;"). */
            bt_sb_append(&sample, bt_sb_str(&decoded), decoded.len);
            bt_sb_clear(&decoded);
            if (sample.failed) {
                r.err = BT_ERR_NOMEM;
                break;
            }
            if (sample.len < DETECT_SAMPLE && !eof)
                continue;
            const char *text = bt_sb_str(&sample);
            size_t tlen = sample.len;
            if (!first_line_checked) {
                first_line_checked = true;
                /* Excel's "sep=;" first line names the delimiter. */
                if (tlen >= 5 && !strncmp(text, "sep=", 4) && strchr(",;\t|", text[4]) &&
                    text[4] && (tlen == 5 || text[5] == '\n')) {
                    if (!delim)
                        delim = (unsigned char)text[4];
                    const char *lf = memchr(text, '\n', tlen);
                    size_t cut = lf ? (size_t)(lf - text) + 1 : tlen;
                    text += cut;
                    tlen -= cut;
                }
            }
            if (!delim)
                delim = bt_csv_detect_delimiter(text, tlen);
            parser_init(&parser, delim);
            parser_ready = true;
            snprintf(info->delimiter, sizeof info->delimiter, "%s",
                     bt_csv_delimiter_name(delim));
            parse_text(&r, &parser, delim, text, tlen);
            bt_sb_clear(&sample);
            continue;
        }
        parse_text(&r, &parser, delim, bt_sb_str(&decoded), decoded.len);
        bt_sb_clear(&decoded);
    }
    if (!r.err && parser_ready) {
        if (r.skip_line) {
            r.skip_line = false;
            r.nrefs = 0;
            deliver_row(&r);
        } else if (csv_fini(&parser, on_field, on_row, &r) != 0 && !r.err) {
            /* An opening quote that never closes: keep its content as a
             * cell of the row where it started, so nothing is lost. */
            uint32_t start_row = r.row + 1;
            on_field(parser.entry_buf, parser.entry_pos, &r);
            size_t shown = parser.entry_pos < 200 ? parser.entry_pos : 200;
            char *value = strndup((const char *)parser.entry_buf, shown);
            if (value && !bt_utf8_valid(value, strlen(value)))
                value[bt_utf8_valid_prefix(value, strlen(value))] = '\0';
            bt_err e = bt_findings_add(
                findings, BT_E_CSV_SYNTAX, display, NULL, start_row, r.col, NULL, value,
                "una comilla abre una celda en esta fila y nunca se cierra: todo el "
                "resto del archivo quedó dentro de esa celda. Cierre la comilla o quítela.");
            free(value);
            if (e)
                r.err = e;
            else
                deliver_row(&r);
        }
    }
    if (!r.err && !parser_ready) {
        /* The file decoded to nothing at all (a lone BOM, say). */
        r.err = refuse(&r, BT_E_EMPTY, "el archivo no tiene contenido.");
    }
    info->rows = r.row;
    if (r.dec)
        snprintf(info->line_ends, sizeof info->line_ends, "%s", bt_decoder_line_ends(r.dec));
    err = r.err;
    if (!err && r.content_rows == 0)
        err = refuse(&r, BT_E_EMPTY, "el archivo no tiene contenido: %s.",
                     r.row ? "solo filas vacías" : "ninguna fila");

done:
    if (parser_ready)
        csv_free(&parser);
    bt_decoder_free(r.dec);
    bt_sb_free(&decoded);
    bt_sb_free(&sample);
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
