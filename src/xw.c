/* xw.c - helpers of the XLSX writers (see xw.h). */
#include "xw.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bitacora/check.h"
#include "bitacora/status.h"
#include "bitacora/template.h"
#include "bitacora/text.h"
#include "bitacora/xlsxcheck.h"
#include "bitacora/xlsxread.h"

static const char *tmpdir;

void bt_xlsxwrite_set_tmpdir(const char *dir)
{
    tmpdir = dir;
}

const char *bt_xlsxwrite_tmpdir(void)
{
    return tmpdir;
}

const char *bt_xlsxwrite_identity(void)
{
    static char id[64];
    if (!id[0])
        snprintf(id, sizeof id, "libxlsxwriter %s", lxw_version());
    return id;
}

static void note_err(bt_xw *w, lxw_error e)
{
    if (e && !w->err)
        w->err = e;
}

/* The workbook's formats as data: every sheet of every kind draws from
 * these, in this order (the order is the styles part's). */
enum {
    F_BOLD = 1 << 0,
    F_ITALIC = 1 << 1,
    F_WRAP = 1 << 2,
    F_TOP = 1 << 3,          /* aligned to the top of the cell */
    F_LEFT = 1 << 4,
    F_BORDER = 1 << 5,       /* thin, all around */
    F_RULE = 1 << 6,         /* thin, above: a totals row */
    F_UNLOCKED = 1 << 7,     /* a cell to fill in a protected sheet */
};

typedef struct {
    size_t member;           /* where it goes in bt_xw */
    unsigned traits;
    const char *number;      /* number format, or NULL */
    lxw_color_t color, bg, border;   /* 0: the default */
    double size;             /* font size, 0: the default */
} format_spec;

#define AT(m) offsetof(bt_xw, m)
static const format_spec formats[] = {
    {AT(hdr), F_BOLD | F_BORDER | F_WRAP | F_TOP, NULL, 0, 0xD9E1F2, 0, 0},
    {AT(text), F_TOP, NULL, 0, 0, 0, 0},
    {AT(wrap), F_WRAP | F_TOP, NULL, 0, 0, 0, 0},
    {AT(num), F_TOP, "0", 0, 0, 0, 0},
    {AT(num_warn), F_TOP, "0", 0, 0xFFEB9C, 0, 0},
    {AT(date), F_LEFT | F_TOP, "dd-mm-yyyy", 0, 0, 0, 0},
    {AT(month), F_LEFT | F_TOP, "mm-yyyy", 0, 0, 0, 0},
    {AT(tot_label), F_BOLD | F_RULE | F_TOP, NULL, 0, 0, 0, 0},
    {AT(tot_num), F_BOLD | F_RULE | F_TOP, "0", 0, 0, 0, 0},
    {AT(title), F_BOLD, NULL, 0, 0, 0, 13},
    {AT(bold), F_BOLD, NULL, 0, 0, 0, 0},
    {AT(error), F_BOLD | F_WRAP | F_TOP, NULL, 0x9C0006, 0xFFC7CE, 0, 0},
    {AT(aviso), F_WRAP | F_TOP, NULL, 0x9C5700, 0xFFEB9C, 0, 0},
    {AT(ok), F_WRAP | F_TOP, NULL, 0x006100, 0xC6EFCE, 0, 0},
    {AT(note), F_ITALIC | F_WRAP | F_TOP, NULL, 0, 0, 0, 0},
    {AT(input), F_UNLOCKED | F_BORDER | F_WRAP | F_TOP, NULL, 0, 0xFFF2CC, 0xBFBFBF, 0},
    {AT(label), F_BOLD | F_WRAP | F_TOP, NULL, 0, 0, 0, 0},
    {AT(locked_hdr), F_BOLD | F_WRAP | F_TOP, NULL, 0xFFFFFF, 0x1F4E79, 0, 0},
};
#undef AT

static lxw_format *make_format(bt_xw *w, const format_spec *s)
{
    lxw_format *f = workbook_add_format(w->wb);
    if (!f) {
        if (!w->bterr)
            w->bterr = BT_ERR_NOMEM;
        return NULL;
    }
    if (s->traits & F_BOLD)
        format_set_bold(f);
    if (s->traits & F_ITALIC)
        format_set_italic(f);
    if (s->size)
        format_set_font_size(f, s->size);
    if (s->color)
        format_set_font_color(f, s->color);
    if (s->bg)
        format_set_bg_color(f, s->bg);
    if (s->number)
        format_set_num_format(f, s->number);
    if (s->traits & F_BORDER)
        format_set_border(f, LXW_BORDER_THIN);
    if (s->border)
        format_set_border_color(f, s->border);
    if (s->traits & F_RULE)
        format_set_top(f, LXW_BORDER_THIN);
    if (s->traits & F_UNLOCKED)
        format_set_unlocked(f);
    if (s->traits & F_WRAP)
        format_set_text_wrap(f);
    if (s->traits & F_LEFT)
        format_set_align(f, LXW_ALIGN_LEFT);
    if (s->traits & F_TOP)
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

bt_err bt_xw_open(bt_xw *w, const char *path, const char *doc_title)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    w->scratch = bt_arena_new();
    if (!w->scratch)
        return BT_ERR_NOMEM;
    lxw_workbook_options opt = {0, (char *)tmpdir, 0};
    w->wb = workbook_new_opt(path, &opt);
    if (!w->wb) {
        bt_arena_free(w->scratch);
        w->scratch = NULL;
        return BT_ERR_NOMEM;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)doc_title;
    props.author = (char *)"bitacora";
    props.company = (char *)"JUNJI";
    props.created = BT_XW_DOC_TIME;
    note_err(w, workbook_set_properties(w->wb, &props));

    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        *(lxw_format **)((char *)w + formats[i].member) = make_format(w, &formats[i]);
    return w->bterr;
}

/* Does this format wrap its text (so that its row must grow)? */
static bool wraps(const bt_xw *w, const lxw_format *f)
{
    return f && (f == w->wrap || f == w->error || f == w->aviso || f == w->ok ||
                 f == w->note || f == w->label);
}

#define FIT_MAX_LINES 27      /* 409 points, Excel's tallest row */

/* The lines a text needs in a column this wide (a width unit holds about
 * one character; one less for the margins and wider letters). */
static size_t lines_for(const char *s, double width)
{
    size_t per = width > 3 ? (size_t)width - 1 : 2, lines = 0;
    while (*s && lines < FIT_MAX_LINES) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        size_t chars = 0;
        for (size_t i = 0; i < n; i++)
            chars += ((unsigned char)s[i] & 0xC0) != 0x80;
        lines += chars ? (chars + per - 1) / per : 1;
        if (!nl)
            break;
        s = nl + 1;
    }
    return lines < FIT_MAX_LINES ? lines : FIT_MAX_LINES;
}

/* The lines a text takes when wrapped at word boundaries, cap characters
 * a line (a word longer than a line is cut, as spreadsheets do). */
static size_t wrapped_lines(const char *s, double cap)
{
    size_t lines = 0;
    while (*s && lines < FIT_MAX_LINES) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        double used = 0;
        size_t here = 1;
        for (size_t i = 0; i < n;) {
            size_t word = 0, bytes = 0;
            while (i + bytes < n && s[i + bytes] != ' ') {
                word += ((unsigned char)s[i + bytes] & 0xC0) != 0x80;
                bytes++;
            }
            double need = (used > 0 ? 1 : 0) + (double)word;
            if (used > 0 && used + need > cap) {
                here++;
                used = 0;
                need = (double)word;
            }
            while (need > cap) {   /* a word wider than the column */
                here++;
                need -= cap;
            }
            used += need;
            i += bytes;
            while (i < n && s[i] == ' ')
                i++;
        }
        lines += here;
        if (!nl)
            break;
        s = nl + 1;
    }
    return lines < FIT_MAX_LINES ? lines : FIT_MAX_LINES;
}

/* The lines of a report cell: a column holds about 1.2 characters of
 * regular text per width unit, 1.0 of bold (measured on pages rendered
 * by LibreOffice with Calibri's metrics); the template's form keeps the
 * rougher count it was laid out with. */
size_t bt_xw_text_lines(const bt_xw *w, const char *s, double width, const lxw_format *f)
{
    if (!w->page_header)
        return lines_for(s, width);
    bool bold = f == w->label || f == w->error || f == w->hdr;
    double cap = width * (bold ? 1.0 : 1.2) - 1;
    return wrapped_lines(s, cap > 2 ? cap : 2);
}

/* The row heights of one sheet. */
struct bt_xw_fit {
    lxw_worksheet *ws;
    double width[64];     /* column widths, 0 beyond the sheet's columns */
    uint8_t *lines;       /* lines per row, 0/1: the default height */
    size_t cap;
};

static struct bt_xw_fit *fit_of(bt_xw *w, const lxw_worksheet *ws)
{
    for (size_t i = w->nfits; i > 0; i--)
        if (w->fits[i - 1].ws == ws)
            return &w->fits[i - 1];
    return NULL;
}

/* Start measuring the rows of a new sheet of these columns. */
static void fit_start(bt_xw *w, lxw_worksheet *ws, const bt_xw_col *cols, size_t ncols)
{
    struct bt_xw_fit *n = realloc(w->fits, (w->nfits + 1) * sizeof *n);
    if (!n) {
        if (!w->bterr)
            w->bterr = BT_ERR_NOMEM;
        return;
    }
    w->fits = n;
    struct bt_xw_fit *f = &n[w->nfits++];
    memset(f, 0, sizeof *f);
    f->ws = ws;
    for (size_t c = 0; c < ncols && c < 64; c++)
        f->width[c] = cols[c].width;
}

static void fit_note(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s,
                     lxw_format *f)
{
    struct bt_xw_fit *fit = row && col < 64 ? fit_of(w, ws) : NULL;
    if (!fit || !fit->width[col] || !wraps(w, f))
        return;
    size_t lines = bt_xw_text_lines(w, s, fit->width[col], f);
    if (lines < 2)
        return;
    if (row >= fit->cap) {
        size_t cap = fit->cap ? fit->cap : 64;
        while (cap <= row)
            cap *= 2;
        uint8_t *n = realloc(fit->lines, cap);
        if (!n) {
            if (!w->bterr)
                w->bterr = BT_ERR_NOMEM;
            return;
        }
        memset(n + fit->cap, 0, cap - fit->cap);
        fit->lines = n;
        fit->cap = cap;
    }
    if (lines > fit->lines[row])
        fit->lines[row] = (uint8_t)lines;
}

void bt_xw_fit_forget(bt_xw *w, lxw_worksheet *ws, uint32_t row)
{
    struct bt_xw_fit *fit = fit_of(w, ws);
    if (fit && row < fit->cap)
        fit->lines[row] = 0;
}

/* Give every measured row its height, and forget the measures. */
static void fit_heights(bt_xw *w)
{
    for (size_t i = 0; i < w->nfits; i++) {
        struct bt_xw_fit *fit = &w->fits[i];
        for (size_t r = 1; r < fit->cap; r++)
            if (fit->lines[r] > 1)
                note_err(w, worksheet_set_row(fit->ws, (lxw_row_t)r,
                                              15.0 * (double)fit->lines[r], NULL));
        free(fit->lines);
    }
    free(w->fits);
    w->fits = NULL;
    w->nfits = 0;
}

bt_err bt_xw_close(bt_xw *w)
{
    fit_heights(w);
    bt_err e = w->bterr;
    lxw_error le = workbook_close(w->wb);
    w->wb = NULL;
    bt_arena_free(w->scratch);
    w->scratch = NULL;
    if (e)
        return e;
    if (w->err)
        return w->err == LXW_ERROR_MEMORY_MALLOC_FAILED ? BT_ERR_NOMEM : BT_ERR_XLSX;
    switch (le) {
    case LXW_NO_ERROR:
        break;
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
        return BT_ERR_NOMEM;
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
        return BT_ERR_TMPFILE;
    default:
        return BT_ERR_WRITE;
    }
    /* The package as written (xlsxcheck.h): a workbook libxlsxwriter
     * assembled without some part never leaves here. */
    return bt_xlsx_check_file(w->path, w->nsheets);
}

lxw_worksheet *bt_xw_add_sheet(bt_xw *w, const char *name)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (!ws && !w->err)
        w->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (ws)
        w->nsheets++;
    return ws;
}

/* Landscape A4, fitted to the page width, a row repeated on every page;
 * the report sheets also get narrow margins (more room for columns) and
 * the page header and footer. */
static void page_setup(bt_xw *w, lxw_worksheet *ws, int repeat_row)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_row >= 0)
        note_err(w, worksheet_repeat_rows(ws, (lxw_row_t)repeat_row, (lxw_row_t)repeat_row));
    if (!w->page_header) {
        note_err(w, worksheet_set_footer(ws, "&L&A&RPágina &P de &N"));
        return;
    }
    worksheet_set_margins(ws, 0.4, 0.4, 0.75, 0.6);
    note_err(w, worksheet_set_header(ws, w->page_header));
    note_err(w, worksheet_set_footer(ws, w->page_footer));
}

lxw_worksheet *bt_xw_sheet(bt_xw *w, const char *name, const bt_xw_col *cols, size_t ncols)
{
    lxw_worksheet *ws = bt_xw_add_sheet(w, name);
    if (!ws)
        return NULL;
    fit_start(w, ws, cols, ncols);
    /* Headers wrap: give the row the lines its longest header needs (a
     * width unit holds about one character). */
    size_t lines = 1;
    for (size_t c = 0; c < ncols; c++) {
        note_err(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width,
                                         cols[c].wrap ? w->wrap : w->text));
        bt_xw_text(w, ws, 0, (uint16_t)c, cols[c].title, w->hdr);
        size_t chars = bt_utf8_chars(cols[c].title);
        size_t per_line = cols[c].width > 2 ? (size_t)cols[c].width - 1 : 1;
        size_t need = w->page_header ? bt_xw_text_lines(w, cols[c].title, cols[c].width, w->hdr)
                                     : (chars + per_line - 1) / per_line;
        if (need > lines)
            lines = need;
    }
    if (lines > 1)
        note_err(w, worksheet_set_row(ws, 0, 15.0 * (double)(lines > 4 ? 4 : lines), w->hdr));
    worksheet_freeze_panes(ws, 1, 0);
    page_setup(w, ws, 0);
    return ws;
}

lxw_worksheet *bt_xw_plain_sheet(bt_xw *w, const char *name, const bt_xw_col *cols,
                                 size_t ncols, int repeat_row)
{
    lxw_worksheet *ws = bt_xw_add_sheet(w, name);
    if (!ws)
        return NULL;
    fit_start(w, ws, cols, ncols);
    for (size_t c = 0; c < ncols && c < 64; c++) {
        note_err(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width,
                                         cols[c].wrap ? w->wrap : w->text));
    }
    page_setup(w, ws, repeat_row);
    return ws;
}

void bt_xw_print_cols(bt_xw *w, lxw_worksheet *ws, uint32_t last_row, size_t ncols)
{
    if (ws && ncols)
        note_err(w, worksheet_print_area(ws, 0, 0, last_row, (lxw_col_t)(ncols - 1)));
}

/* "&" is the header's escape character: a name's "&" is "&&". */
static const char *page_text(bt_xw *w, const char *s, size_t max_chars)
{
    bt_sb b;
    bt_sb_init(&b);
    size_t chars = 0;
    for (const char *p = s ? s : ""; *p && chars < max_chars; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20)
            c = ' ';
        if (c == '&')
            bt_sb_putc(&b, '&');
        bt_sb_putc(&b, (char)c);
        chars += (c & 0xC0) != 0x80;
    }
    /* a cut in the middle of a character: drop its leading bytes */
    while (b.len && ((unsigned char)b.s[b.len - 1] & 0xC0) == 0xC0)
        b.s[--b.len] = '\0';
    const char *out = b.failed ? NULL : bt_arena_strdup(w->scratch, bt_sb_str(&b));
    bt_sb_free(&b);
    return out;
}

void bt_xw_set_page(bt_xw *w, const char *left, const char *right)
{
    const char *l = page_text(w, left, 90), *r = page_text(w, right, 40);
    /* the sheet's name beside the period, not centred: a long territory
     * name on the left would run into it on a sheet printed at 100 % */
    w->page_header = l && r ? bt_arena_printf(w->scratch, "&L%s&R&A · %s", l, r) : NULL;
    w->page_footer = "&LBitácoras ETT · JUNJI&CPágina &P de &N&RImpreso el &D";
    if (!w->page_header && !w->bterr)
        w->bterr = BT_ERR_NOMEM;
}

void bt_xw_filter(bt_xw *w, lxw_worksheet *ws, uint32_t last_row, size_t ncols)
{
    if (!ws || ncols == 0)
        return;
    note_err(w, worksheet_autofilter(ws, 0, 0, last_row, (lxw_col_t)(ncols - 1)));
}

/* Is s well-formed UTF-8 with no control character but newline and tab
 * (what libxlsxwriter may be given as it is)?  One pass: printable ASCII,
 * nearly all of a workbook's text, costs a comparison a byte. */
static bool cell_clean(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 0x20 && c < 0x80) || c == '\n' || c == '\t') {
            i++;
        } else if (c < 0x20) {
            return false;
        } else {
            size_t k = bt_utf8_seq_len(s + i, len - i);
            if (!k)
                return false;
            i += k;
        }
    }
    return true;
}

#define CUT_NOTE " […texto cortado: supera el máximo de una celda; el texto completo está en la exportación CSV]"

/* s as a cell may hold it: valid UTF-8 without XML-illegal characters,
 * cut at Excel's limit with a note.  NULL when memory ran out. */
static const char *cell_text(bt_xw *w, const char *s)
{
    const char *text = s;
    size_t len = strlen(s);
    /* Never hand libxlsxwriter invalid UTF-8 or XML-illegal characters. */
    if (!cell_clean(s, len)) {
        text = bt_text_clean(w->scratch, s, len, 0);
        if (!text) {
            if (!w->bterr)
                w->bterr = BT_ERR_NOMEM;
            return NULL;
        }
    }
    if (strlen(text) > BT_EXCEL_CELL_CHARS && bt_utf8_chars(text) > BT_EXCEL_CELL_CHARS) {
        size_t keep = BT_EXCEL_CELL_CHARS - bt_utf8_chars(CUT_NOTE);
        size_t bytes = bt_utf8_prefix_bytes(text, keep);
        text = bt_arena_printf(w->scratch, "%.*s%s", (int)bytes, text, CUT_NOTE);
        if (!text) {
            if (!w->bterr)
                w->bterr = BT_ERR_NOMEM;
            return NULL;
        }
    }
    return text;
}

void bt_xw_text(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s,
                lxw_format *f)
{
    if (!ws || !s || !s[0])
        return;
    const char *text = cell_text(w, s);
    if (!text)
        return;
    note_err(w, worksheet_write_string(ws, row, col, text, f));
    fit_note(w, ws, row, col, text, f);
}

void bt_xw_comment(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const char *s)
{
    if (!ws || !s || !s[0])
        return;
    const char *text = cell_text(w, s);
    if (!text)
        return;
    /* a box that shows the whole text: 45 characters a line */
    size_t lines = lines_for(text, 46) + 1;
    lxw_comment_options o;
    memset(&o, 0, sizeof o);
    o.author = (char *)"bitacora";
    o.width = 330;
    o.height = (uint16_t)(lines * 15 + 10);
    note_err(w, worksheet_write_comment_opt(ws, row, col, (char *)text, &o));
}

/* Does a finding concern this source cell (and field)? */
static bool about(const bt_finding *x, bt_loc loc, const char *field)
{
    return loc.row && x->row == loc.row && x->col == loc.col &&
           (!field || (x->field && strcmp(x->field, field) == 0));
}

static void note_line(bt_sb *b, const bt_finding *x)
{
    bt_sb_printf(b, "%s %s: %s", x->severity == BT_SEV_ERROR ? "Error" : "Aviso",
                 bt_code_info_of(x->code)->id, x->message);
}

/* The comment collected in b, if any, on cell (row, col); b is freed.
 * Whether there was one. */
static bool put_note(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, bt_sb *b)
{
    bool any = b->len > 0;
    if (b->failed && !w->bterr)
        w->bterr = BT_ERR_NOMEM;
    else if (any)
        bt_xw_comment(w, ws, row, col, bt_sb_str(b));
    bt_sb_free(b);
    return any;
}

bool bt_xw_note(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                const bt_territory *t, bt_loc loc, const char *field)
{
    if (!ws)
        return false;
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *x = bt_findings_at(t->findings, i);
        if (!about(x, loc, field))
            continue;
        if (b.len)
            bt_sb_puts(&b, "\n\n");
        note_line(&b, x);
    }
    return put_note(w, ws, row, col, &b);
}

/* The findings about one programme or discipline of a territory (its
 * rows' counts, or the row missing) into b, each line after prefix. */
static void item_findings(bt_sb *b, const bt_territory *t, bt_table_id tid, int item,
                          const char *prefix)
{
    const bt_table *tb = bt_tpl_table(tid);
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *x = bt_findings_at(t->findings, i);
        bool hit = false;
        if (tid == BT_TABLE_UNITS)
            for (size_t k = 0; k < t->nunits && !hit; k++)
                hit = t->units[k].item == item && about(x, t->units[k].count.loc, NULL);
        else
            for (size_t k = 0; k < t->nstaff && !hit; k++)
                hit = t->staff[k].item == item && about(x, t->staff[k].count.loc, NULL);
        /* a programme or discipline with no row: said at the section */
        if (!hit && item >= 0 && !bt_item_present(t, tid, item))
            hit = about(x, t->section_loc[tb->section], tb->items[item].label);
        if (!hit)
            continue;
        if (b->len)
            bt_sb_puts(b, "\n\n");
        if (prefix)
            bt_sb_printf(b, "%s · ", prefix);
        note_line(b, x);
    }
}

bool bt_xw_item_note(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                     bt_territory *const *ts, size_t n, bt_table_id tid, int item)
{
    if (!ws)
        return false;
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < n; i++)
        item_findings(&b, ts[i], tid, item, n > 1 ? bt_territory_label(ts[i]) : NULL);
    return put_note(w, ws, row, col, &b);
}

void bt_xw_mtime(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, long long mtime)
{
    bt_date d;
    if (!bt_date_local(mtime, &d))
        return;
    bt_xw_num(w, ws, row, col, bt_date_serial(&d), w->date);
}

void bt_xw_num(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, double v,
               lxw_format *f)
{
    if (ws)
        note_err(w, worksheet_write_number(ws, row, col, v, f ? f : w->num));
}

void bt_xw_count(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, const bt_count *c)
{
    if (c->state == BT_ST_OK)
        bt_xw_num(w, ws, row, col, (double)c->n, w->num);
    else if (c->state == BT_ST_BAD)
        bt_xw_text(w, ws, row, col, c->raw, w->error);
}

void bt_xw_dateval(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                   const bt_dateval *d)
{
    if (d->state == BT_ST_OK)
        bt_xw_num(w, ws, row, col, bt_date_serial(&d->date), d->date.day ? w->date : w->month);
    else if (d->state == BT_ST_BAD)
        bt_xw_text(w, ws, row, col, d->raw, w->error);
}

void bt_xw_sum(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, uint32_t r1,
               uint32_t r2, double value, lxw_format *f)
{
    if (!ws)
        return;
    if (r2 < r1) {
        bt_xw_num(w, ws, row, col, 0, f);
        return;
    }
    char a[8], formula[64];
    bt_col_letters((unsigned)col + 1, a);
    snprintf(formula, sizeof formula, "=SUM(%s%u:%s%u)", a, (unsigned)r1 + 1, a,
             (unsigned)r2 + 1);
    note_err(w, worksheet_write_formula_num(ws, row, col, formula, f, value));
}

const char *bt_xw_missing(bt_xw *w, size_t missing)
{
    if (!missing)
        return "Completo";
    const char *s = missing == 1 ? "Incompleto: falta 1 cantidad"
                                 : bt_arena_printf(w->scratch, "Incompleto: faltan %zu cantidades",
                                                   missing);
    return s ? s : "Incompleto";
}

const char *bt_xw_cellname(bt_xw *w, bt_loc loc)
{
    if (!loc.row || !loc.col)
        return "";
    char buf[24];
    bt_cell_name(loc.row, loc.col, buf);
    const char *s = bt_arena_strdup(w->scratch, buf);
    return s ? s : "";
}

const char *bt_xw_status(const bt_territory *t)
{
    return bt_status_text(t);
}

lxw_format *bt_xw_status_format(bt_xw *w, const bt_territory *t)
{
    switch (bt_status_of(t)) {
    case BT_STATUS_CLEAN: return w->ok;
    case BT_STATUS_AVISOS: return w->aviso;
    default: return w->error;
    }
}

const char *bt_xw_terr_label(bt_xw *w, uint64_t number, const char *name)
{
    const char *s = name ? bt_arena_printf(w->scratch, "Territorio %llu «%s»",
                                           (unsigned long long)number, name)
                         : bt_arena_printf(w->scratch, "Territorio %llu",
                                           (unsigned long long)number);
    return s ? s : "Territorio";
}

void bt_xw_terrnum(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col,
                   const bt_territory *t)
{
    if (t->terrnum.state == BT_ST_OK)
        bt_xw_num(w, ws, row, col, (double)t->terrnum.n, w->num);
    else
        bt_xw_text(w, ws, row, col, t->terrnum.raw ? t->terrnum.raw : "?", w->error);
}

/* The Validación columns: with owners, the territory first and the file
 * last (off the printed page, with the row and column numbers the cell
 * name already gives). */
static const bt_xw_col find_cols_own[] = {
    {"Territorio", 24, true}, {"Severidad", 9, false}, {"Código", 7, false},
    {"Celda", 9, false},      {"Campo", 22, true},     {"Valor", 24, true},
    {"Mensaje", 70, true},    {"Fila", 6, false},      {"Columna", 8, false},
    {"Archivo", 36, true},
};
#define FIND_PRINTED_OWN 7
static const bt_xw_col find_cols[] = {
    {"Severidad", 9, false}, {"Código", 7, false}, {"Celda", 10, false},
    {"Campo", 26, true},     {"Valor", 30, true},  {"Mensaje", 80, true},
    {"Fila", 6, false},      {"Columna", 8, false},
};
#define FIND_PRINTED 6

static void finding_row(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_finding *x,
                        const char *owner, bool with_owner)
{
    const bt_code_info *ci = bt_code_info_of(x->code);
    /* The cell as the team sees it; the sheet read is on Resumen. */
    bt_finding xs = *x;
    xs.sheet = NULL;
    char cell[320];
    bt_finding_cell(&xs, cell, sizeof cell);
    uint16_t c = 0;
    if (with_owner)
        bt_xw_text(w, ws, r, c++, owner, w->wrap);
    bt_xw_text(w, ws, r, c++, x->severity == BT_SEV_ERROR ? "error" : "aviso",
               x->severity == BT_SEV_ERROR ? w->error : w->aviso);
    bt_xw_text(w, ws, r, c++, ci->id, w->text);
    bt_xw_text(w, ws, r, c++, cell, w->text);
    bt_xw_text(w, ws, r, c++, x->field, w->wrap);
    bt_xw_text(w, ws, r, c++, x->value, w->wrap);
    bt_xw_text(w, ws, r, c++, x->message, w->wrap);
    if (x->row)
        bt_xw_num(w, ws, r, c, x->row, w->num);
    c++;
    if (x->col)
        bt_xw_num(w, ws, r, c, x->col, w->num);
    c++;
    if (with_owner)
        bt_xw_text(w, ws, r, c, x->file, w->wrap);
}

void bt_xw_findings_sheet(bt_xw *w, const char *name, const bt_findings *const *lists,
                          const char *const *owners, size_t nlists)
{
    bool with_owner = owners != NULL;
    size_t ncols = with_owner ? sizeof find_cols_own / sizeof find_cols_own[0]
                              : sizeof find_cols / sizeof find_cols[0];
    lxw_worksheet *ws = bt_xw_sheet(w, name, with_owner ? find_cols_own : find_cols, ncols);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t l = 0; l < nlists; l++)
        for (size_t i = 0; i < bt_findings_count(lists[l]); i++)
            finding_row(w, ws, r++, bt_findings_at(lists[l], i), with_owner ? owners[l] : NULL,
                        with_owner);
    if (r == 1)
        bt_xw_text(w, ws, 1, 0, "Sin hallazgos.", w->ok);
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, ncols);
    bt_xw_print_cols(w, ws, r > 1 ? r - 1 : 1, with_owner ? FIND_PRINTED_OWN : FIND_PRINTED);
}

/* =SUM over a row range of columns, with its value cached. */
static void row_sum(bt_xw *w, lxw_worksheet *ws, uint32_t row, uint16_t col, uint16_t c1,
                    uint16_t c2, double value, lxw_format *f)
{
    char a[8], b[8], formula[64];
    bt_col_letters((unsigned)c1 + 1, a);
    bt_col_letters((unsigned)c2 + 1, b);
    snprintf(formula, sizeof formula, "=SUM(%s%u:%s%u)", a, (unsigned)row + 1, b,
             (unsigned)row + 1);
    note_err(w, worksheet_write_formula_num(ws, row, col, formula, f, value));
}

uint32_t bt_xw_matrix(bt_xw *w, lxw_worksheet *ws, const char *sheet, uint16_t c0,
                      const double *v, const size_t *missing, const size_t *known,
                      size_t nrows, size_t ncols,
                      bool total_col, const char *chart_title)
{
    uint32_t trow = (uint32_t)nrows + 1;
    if (!ws)
        return trow;
    double grand = 0;
    for (size_t r = 0; r < nrows; r++) {
        double rs = 0;
        for (size_t c = 0; c < ncols; c++) {
            size_t i = r * ncols + c;
            uint32_t row = (uint32_t)r + 1;
            uint16_t col = (uint16_t)(c0 + c);
            if (missing && missing[i] && v[i] == 0 && (!known || known[i] == 0))
                note_err(w, worksheet_write_blank(ws, row, col, w->num_warn));
            else if (known && known[i] == 0 && (!missing || missing[i] == 0))
                note_err(w, worksheet_write_blank(ws, row, col, w->num)); /* nobody to know */
            else
                bt_xw_num(w, ws, row, col, v[i], missing && missing[i] ? w->num_warn : w->num);
            rs += v[i];
        }
        bool none = known != NULL;   /* a row with nothing known: no total either */
        for (size_t c = 0; c < ncols && none; c++)
            none = known[r * ncols + c] == 0 && (!missing || missing[r * ncols + c] == 0);
        if (total_col && !none)
            row_sum(w, ws, (uint32_t)r + 1, (uint16_t)(c0 + ncols), c0,
                    (uint16_t)(c0 + ncols - 1), rs, w->tot_num);
        grand += rs;
    }
    size_t last = ncols + (total_col ? 1 : 0);
    for (size_t c = 0; c < last; c++) {
        double cs = 0;
        if (c < ncols)
            for (size_t r = 0; r < nrows; r++)
                cs += v[r * ncols + c];
        else
            cs = grand;
        bt_xw_sum(w, ws, trow, (uint16_t)(c0 + c), 1, (uint32_t)nrows, cs, w->tot_num);
    }
    if (chart_title && ncols > 0) {
        lxw_chart *ch = workbook_add_chart(w->wb, LXW_CHART_COLUMN);
        if (!ch) {
            note_err(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return trow;
        }
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s) {
            note_err(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return trow;
        }
        chart_series_set_categories(s, sheet, 0, c0, 0, (lxw_col_t)(c0 + ncols - 1));
        chart_series_set_values(s, sheet, trow, c0, trow, (lxw_col_t)(c0 + ncols - 1));
        chart_series_set_name(s, "Total");
        chart_title_set_name(ch, chart_title);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        lxw_chart_options opt;
        memset(&opt, 0, sizeof opt);
        opt.x_scale = 1.6;
        opt.y_scale = 1.3;
        note_err(w, worksheet_insert_chart_opt(ws, trow + 3, 1, ch, &opt));
    }
    return trow;
}

size_t bt_xw_form_lines(const char *s, double width)
{
    return s ? lines_for(s, width) : 0;
}
