/*
 * floor.c - what libxlsxwriter alone needs to write bitacora's workbooks:
 * the floor `make bench` compares `convert` with.
 *
 * usage: floor [-j N] [-t TMPDIR] [-m] [-r REPEAT] OUTDIR XLSX...
 *
 * Reads the given workbooks (written by a bitacora run) into memory
 * first: every sheet with its cells (shared strings, numbers, formulas
 * with their cached value, each with its style), column widths, row
 * heights, the number of cell formats and of charts.  Then, timed, N
 * processes (each one forked once) write the same workbooks again into
 * a new folder OUTDIR/<run> with nothing but libxlsxwriter calls: same sheets, cells,
 * formats, widths, heights, frozen header, autofilter, print setup,
 * charts.  -t gives libxlsxwriter's tmpdir option, -m raises glibc's
 * trim and mmap thresholds (both tunings bitacora may use too).  Prints
 * the best wall time of REPEAT runs and the processor time (user + system,
 * of the writing processes) of that run, in seconds.
 *
 * Not part of bitacora: a measuring tool built by tools/bench.sh.
 */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <expat.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <unzip.h>
#include <xlsxwriter.h>

typedef struct {
    unsigned row, col;
    char type;            /* 's' string, 'n' number, 'f' formula */
    unsigned style;
    double num;
    char *str;            /* the string, or the formula */
} cell;

typedef struct {
    char *name;
    cell *cells;
    size_t n, cap;
    double widths[64];
    double heights[256];
    unsigned last_row, last_col;
} sheet;

typedef struct {
    sheet *sheets;
    size_t nsheets;
    size_t nformats, ncharts;
    char *name;           /* base name of the file */
} book;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "floor: out of memory\n");
        exit(2);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        exit(2);
    return p;
}

/* One zip member into memory (NUL-terminated), or NULL. */
static char *member(unzFile z, const char *name, size_t *len)
{
    if (unzLocateFile(z, name, 1) != UNZ_OK || unzOpenCurrentFile(z) != UNZ_OK)
        return NULL;
    size_t n = 0, cap = 65536;
    char *buf = xrealloc(NULL, cap);
    int k;
    while ((k = unzReadCurrentFile(z, buf + n, (unsigned)(cap - n - 1))) > 0) {
        n += (size_t)k;
        if (cap - n < 2)
            buf = xrealloc(buf, cap *= 2);
    }
    unzCloseCurrentFile(z);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

typedef struct {
    book *b;
    sheet *sh;
    char **sst;
    size_t nsst, capsst;
    char *text;
    size_t tlen, tcap;
    int in_text, in_xfs;
    cell cur;
    int in_cell;
} parse;

static const char *att(const char **a, const char *name)
{
    for (; *a; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static void ref(const char *r, unsigned *row, unsigned *col)
{
    unsigned c = 0;
    while (*r >= 'A' && *r <= 'Z')
        c = c * 26 + (unsigned)(*r++ - 'A' + 1);
    *col = c - 1;
    *row = (unsigned)atoi(r) - 1;
}

static void XMLCALL on_start(void *ud, const char *el, const char **a)
{
    parse *p = ud;
    if (strcmp(el, "t") == 0 || strcmp(el, "v") == 0 || strcmp(el, "f") == 0) {
        p->in_text = 1;
        if (strcmp(el, "t") != 0)
            p->tlen = 0;
    } else if (strcmp(el, "si") == 0) {
        p->tlen = 0;
    } else if (strcmp(el, "cellXfs") == 0) {
        p->in_xfs = 1;
    } else if (strcmp(el, "xf") == 0 && p->in_xfs) {
        p->b->nformats++;
    } else if (strcmp(el, "col") == 0 && p->sh) {
        unsigned lo = (unsigned)atoi(att(a, "min")), hi = (unsigned)atoi(att(a, "max"));
        for (unsigned c = lo; c <= hi && c <= 64; c++)
            p->sh->widths[c - 1] = atof(att(a, "width")) - 0.7109375;
    } else if (strcmp(el, "row") == 0 && p->sh) {
        const char *ht = att(a, "ht"), *custom = att(a, "customHeight");
        unsigned r = (unsigned)atoi(att(a, "r")) - 1;
        if (ht && custom && r < 256)
            p->sh->heights[r] = atof(ht);
    } else if (strcmp(el, "c") == 0 && p->sh) {
        memset(&p->cur, 0, sizeof p->cur);
        ref(att(a, "r"), &p->cur.row, &p->cur.col);
        const char *t = att(a, "t"), *s = att(a, "s");
        p->cur.type = t && strcmp(t, "s") == 0 ? 's' : 'n';
        p->cur.style = s ? (unsigned)atoi(s) : 0;
        p->in_cell = 1;
    }
}

static void add_cell(parse *p)
{
    sheet *sh = p->sh;
    if (sh->n == sh->cap)
        sh->cells = xrealloc(sh->cells, (sh->cap = sh->cap ? sh->cap * 2 : 256) * sizeof *sh->cells);
    sh->cells[sh->n++] = p->cur;
    if (p->cur.row > sh->last_row)
        sh->last_row = p->cur.row;
    if (p->cur.col > sh->last_col)
        sh->last_col = p->cur.col;
}

static void XMLCALL on_end(void *ud, const char *el)
{
    parse *p = ud;
    if (p->text)
        p->text[p->tlen] = '\0';
    if (strcmp(el, "t") == 0) {
        p->in_text = 0;
    } else if (strcmp(el, "si") == 0) {
        if (p->nsst == p->capsst)
            p->sst = xrealloc(p->sst, (p->capsst = p->capsst ? p->capsst * 2 : 256) * sizeof *p->sst);
        p->sst[p->nsst++] = xstrdup(p->text ? p->text : "");
    } else if (strcmp(el, "cellXfs") == 0) {
        p->in_xfs = 0;
    } else if (strcmp(el, "f") == 0 && p->in_cell) {
        p->in_text = 0;
        p->cur.type = 'f';
        p->cur.str = xstrdup(p->text ? p->text : "");
    } else if (strcmp(el, "v") == 0 && p->in_cell) {
        p->in_text = 0;
        if (p->cur.type == 's') {
            size_t i = (size_t)atol(p->text);
            p->cur.str = i < p->nsst ? p->sst[i] : (char *)"";
        } else {
            p->cur.num = atof(p->text);
        }
    } else if (strcmp(el, "c") == 0 && p->in_cell) {
        p->in_cell = 0;
        add_cell(p);
    }
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    parse *p = ud;
    if (!p->in_text)
        return;
    if (p->tlen + (size_t)len + 1 > p->tcap)
        p->text = xrealloc(p->text, p->tcap = (p->tlen + (size_t)len + 1) * 2);
    memcpy(p->text + p->tlen, s, (size_t)len);
    p->tlen += (size_t)len;
}

static void xml(parse *p, const char *data, size_t n)
{
    XML_Parser x = XML_ParserCreate(NULL);
    XML_SetUserData(x, p);
    XML_SetElementHandler(x, on_start, on_end);
    XML_SetCharacterDataHandler(x, on_text);
    if (XML_Parse(x, data, (int)n, 1) != XML_STATUS_OK)
        fprintf(stderr, "floor: bad XML\n");
    XML_ParserFree(x);
}

/* Sheet names in workbook order (libxlsxwriter numbers them in order). */
static void sheet_names(book *b, const char *wb)
{
    const char *s = wb;
    while ((s = strstr(s, "<sheet ")) != NULL) {
        const char *q = strstr(s, "name=\"") + 6, *e = strchr(q, '"');
        b->sheets = xrealloc(b->sheets, (b->nsheets + 1) * sizeof *b->sheets);
        sheet *sh = &b->sheets[b->nsheets++];
        memset(sh, 0, sizeof *sh);
        sh->name = xrealloc(NULL, (size_t)(e - q) + 1);
        /* unescape the few entities a sheet name can hold */
        size_t k = 0;
        for (const char *c = q; c < e; c++) {
            if (*c == '&') {
                const char *semi = strchr(c, ';');
                sh->name[k++] = strncmp(c, "&amp;", 5) == 0 ? '&' : strncmp(c, "&apos;", 6) == 0 ? '\'' : '?';
                c = semi;
            } else {
                sh->name[k++] = *c;
            }
        }
        sh->name[k] = '\0';
        s = e;
    }
}

static int load(book *b, const char *path, size_t index)
{
    memset(b, 0, sizeof *b);
    const char *slash = strrchr(path, '/');
    char name[4096];
    snprintf(name, sizeof name, "%zu-%s", index, slash ? slash + 1 : path);
    b->name = xstrdup(name);
    unzFile z = unzOpen(path);
    if (!z)
        return -1;
    parse p;
    memset(&p, 0, sizeof p);
    p.b = b;
    size_t n;
    char *d = member(z, "xl/workbook.xml", &n);
    if (!d) {
        unzClose(z);
        return -1;
    }
    sheet_names(b, d);
    free(d);
    if ((d = member(z, "xl/sharedStrings.xml", &n)) != NULL) {
        xml(&p, d, n);
        free(d);
    }
    if ((d = member(z, "xl/styles.xml", &n)) != NULL) {
        xml(&p, d, n);
        free(d);
    }
    for (size_t i = 0; i < b->nsheets; i++) {
        char name[64];
        snprintf(name, sizeof name, "xl/worksheets/sheet%zu.xml", i + 1);
        if ((d = member(z, name, &n)) != NULL) {
            p.sh = &b->sheets[i];
            xml(&p, d, n);
            free(d);
        }
    }
    for (size_t i = 1;; i++) {
        char name[64];
        snprintf(name, sizeof name, "xl/charts/chart%zu.xml", i);
        if (unzLocateFile(z, name, 1) != UNZ_OK)
            break;
        b->ncharts++;
    }
    free(p.text);
    free(p.sst);          /* the strings stay: cells point at them */
    unzClose(z);
    return 0;
}

/* The same workbook, with libxlsxwriter calls only. */
__attribute__((noinline)) static int write_book(const book *b, const char *dir, const char *tmpdir)
{
    char path[8300];
    snprintf(path, sizeof path, "%s/%s", dir, b->name);
    lxw_workbook_options opt = {0, (char *)tmpdir, 0};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return -1;
    lxw_doc_properties props = {0};
    props.title = (char *)"floor";
    props.created = 1735689600;
    workbook_set_properties(wb, &props);
    lxw_format **fmts = calloc(b->nformats + 1, sizeof *fmts);
    for (size_t i = 1; i < b->nformats; i++) {
        lxw_format *f = fmts[i] = workbook_add_format(wb);
        /* distinct formats, as many as bitacora's */
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        if (i % 2)
            format_set_text_wrap(f);
        if (i % 3 == 0)
            format_set_bold(f);
        format_set_bg_color(f, (lxw_color_t)(0x101010 * i));
        if (i % 4 == 0)
            format_set_num_format(f, "0");
    }
    size_t charts = b->ncharts;
    for (size_t s = 0; s < b->nsheets; s++) {
        const sheet *sh = &b->sheets[s];
        lxw_worksheet *ws = workbook_add_worksheet(wb, sh->name);
        if (!ws)
            continue;
        for (unsigned c = 0; c < 64; c++)
            if (sh->widths[c] > 0)
                worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, sh->widths[c], NULL);
        for (size_t i = 0; i < sh->n; i++) {
            const cell *c = &sh->cells[i];
            lxw_format *f = c->style < b->nformats ? fmts[c->style] : NULL;
            if (c->type == 's')
                worksheet_write_string(ws, c->row, (lxw_col_t)c->col, c->str, f);
            else if (c->type == 'f')
                worksheet_write_formula_num(ws, c->row, (lxw_col_t)c->col, c->str, f, c->num);
            else
                worksheet_write_number(ws, c->row, (lxw_col_t)c->col, c->num, f);
        }
        for (unsigned r = 0; r < 256; r++)
            if (sh->heights[r] > 0)
                worksheet_set_row(ws, r, sh->heights[r], NULL);
        worksheet_freeze_panes(ws, 1, 0);
        worksheet_set_landscape(ws);
        worksheet_set_paper(ws, 9);
        worksheet_fit_to_pages(ws, 1, 0);
        worksheet_repeat_rows(ws, 0, 0);
        worksheet_set_footer(ws, "&L&A&RPágina &P de &N");
        if (sh->n > 1)
            worksheet_autofilter(ws, 0, 0, sh->last_row, (lxw_col_t)sh->last_col);
        if (charts && sh->last_col > 1 && sh->last_row > 1) {
            charts--;
            lxw_chart *ch = workbook_add_chart(wb, LXW_CHART_COLUMN);
            lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
            chart_series_set_categories(se, sh->name, 0, 1, 0, (lxw_col_t)sh->last_col);
            chart_series_set_values(se, sh->name, sh->last_row, 1, sh->last_row,
                                    (lxw_col_t)sh->last_col);
            chart_title_set_name(ch, "Total");
            worksheet_insert_chart(ws, sh->last_row + 3, 1, ch);
        }
    }
    lxw_error e = workbook_close(wb);
    free(fmts);
    return e ? -1 : 0;
}

static double tv(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int jobs = 1, tune_malloc = 0, repeat = 1, c;
    const char *tmpdir = NULL;
    while ((c = getopt(argc, argv, "j:t:mr:")) != -1) {
        if (c == 'j')
            jobs = atoi(optarg);
        else if (c == 't')
            tmpdir = optarg;
        else if (c == 'm')
            tune_malloc = 1;
        else if (c == 'r')
            repeat = atoi(optarg);
        else
            return 2;
    }
    if (argc - optind < 2) {
        fprintf(stderr, "usage: floor [-j N] [-t TMPDIR] [-m] [-r REPEAT] OUTDIR XLSX...\n");
        return 2;
    }
    const char *out = argv[optind++];
    size_t nb = (size_t)(argc - optind);
    book *books = xrealloc(NULL, nb * sizeof *books);
    for (size_t i = 0; i < nb; i++)
        if (load(&books[i], argv[optind + (int)i], i) != 0) {
            fprintf(stderr, "floor: cannot read %s\n", argv[optind + (int)i]);
            return 2;
        }
    double best = 0, best_cpu = 0;
    for (int r = 0; r < repeat; r++) {
        /* A fresh folder for each run, as a conversion into a new output
         * folder has: creating files costs more than overwriting them. */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%d", out, r);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "floor: cannot make %s\n", dir);
            return 2;
        }
        struct rusage ru0, ru1;
        getrusage(RUSAGE_CHILDREN, &ru0);
        double t0 = now();
        for (int k = 0; k < jobs; k++) {
            pid_t pid = fork();
            if (pid == 0) {
                if (tune_malloc) {
                    mallopt(M_TRIM_THRESHOLD, 64 << 20);
                    mallopt(M_MMAP_THRESHOLD, 16 << 20);
                }
                int bad = 0;
                for (size_t i = (size_t)k; i < nb; i += (size_t)jobs)
                    bad |= write_book(&books[i], dir, tmpdir);
                _exit(bad ? 1 : 0);
            }
        }
        int st, bad = 0;
        while (wait(&st) > 0)
            bad |= !WIFEXITED(st) || WEXITSTATUS(st);
        double t = now() - t0;
        getrusage(RUSAGE_CHILDREN, &ru1);
        if (bad) {
            fprintf(stderr, "floor: a workbook could not be written\n");
            return 1;
        }
        double cpu = tv(ru1.ru_utime) - tv(ru0.ru_utime) + tv(ru1.ru_stime) - tv(ru0.ru_stime);
        if (r == 0 || t < best) {
            best = t;
            best_cpu = cpu;
        }
    }
    printf("%.3f %.3f\n", best, best_cpu);
    return 0;
}
