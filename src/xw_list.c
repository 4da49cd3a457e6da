/* xw_list.c - the territory list of the region and national workbooks
 * (see xw_report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitacora/batch.h"
#include "bitacora/refdata.h"
#include "bitacora/status.h"
#include "bitacora/text.h"
#include "xw_report.h"

/* The printed columns first; the period (the page header says it) and
 * the source path stay off the paper. */
static const bt_xw_col cols[] = {
    {"Región", 14, true},
    {"N° territorio", 9, false},
    {"Territorio", 21, true},
    {"Comunas", 22, true},
    {"Recibido", 10, false},
    {"Unidades educativas", 11, false},
    {"Unidades: completitud", 13, true},
    {"Dotación declarada", 10, false},
    {"Dotación: completitud", 13, true},
    {"Profesionales listados", 13, false},
    {"CAETT proyectadas", 11, false},
    {"Sesiones registradas", 11, false},
    {"Errores", 7, false},
    {"Avisos", 7, false},
    {"Estado", 24, true},
    {"En los totales", 8, false},
    {"Periodo", 8, false},
    {"Archivo de origen", 40, true},
};
#define NCOLS (sizeof cols / sizeof cols[0])
#define NPRINTED 16
enum { C_REGION, C_NUM, C_NAME, C_COMUNAS, C_RECEIVED, C_UNITS, C_UNITS_OK, C_STAFF,
       C_STAFF_OK, C_LISTED, C_CAETT, C_SESSIONS, C_ERRORS, C_AVISOS, C_STATUS, C_IN,
       C_PERIOD, C_FILE };

void bt_xw_wide_text(bt_xw *w, lxw_worksheet *ws, uint32_t row, const bt_xw_col *cs,
                     size_t ncols, const char *text, lxw_format *f)
{
    if (!ws || !text)
        return;
    double width = 0;
    for (size_t c = 0; c < ncols; c++)
        width += cs[c].width;
    /* a merged cell wraps but does not grow: the height is set here */
    size_t lines = bt_xw_text_lines(w, text, width, f);
    lxw_error e = worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(ncols - 1), "", f);
    if (e && !w->err)
        w->err = e;
    bt_xw_text(w, ws, row, 0, text, f);
    bt_xw_fit_forget(w, ws, row);   /* measured here, across the merged width */
    if (lines > 1) {
        e = worksheet_set_row(ws, row, 15.0 * (double)(lines > 27 ? 27 : lines), NULL);
        if (e && !w->err)
            w->err = e;
    }
}

const char *bt_xw_date_text(bt_xw *w, long long mtime)
{
    bt_date d;
    char *s = bt_date_local(mtime, &d) ? bt_arena_alloc(w->scratch, 16) : NULL;
    if (!s)
        return "";
    bt_date_format(&d, s);
    return s;
}

const char *bt_xw_received_range(bt_xw *w, bt_territory *const *ts, size_t n)
{
    long long lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        long long m = ts[i]->mtime;
        if (!m)
            continue;
        if (!lo || m < lo)
            lo = m;
        if (m > hi)
            hi = m;
    }
    if (!lo)
        return NULL;
    const char *a = bt_xw_date_text(w, lo), *b = bt_xw_date_text(w, hi);
    return strcmp(a, b) == 0 ? bt_arena_printf(w->scratch, "el %s", a)
                             : bt_arena_printf(w->scratch, "entre el %s y el %s", a, b);
}

static uint64_t row_number(const bt_xwl_row *r)
{
    if (r->m)
        return r->m->number;
    return r->t->terrnum.state == BT_ST_OK ? r->t->terrnum.n : UINT64_MAX;
}

size_t bt_xwl_merge(bt_territory *const *ts, size_t n, const bt_missing *m, size_t nm,
                    bt_xwl_row *out)
{
    size_t i = 0, k = 0, o = 0;
    while (i < n || k < nm) {
        bt_xwl_row a = {i < n ? ts[i] : NULL, NULL}, b = {NULL, k < nm ? &m[k] : NULL};
        if (k >= nm || (i < n && row_number(&a) <= row_number(&b))) {
            out[o++] = a;
            i++;
        } else {
            out[o++] = b;
            k++;
        }
    }
    return o;
}

static const char *name_of(const bt_territory *t)
{
    return t->field[BT_F_TERRNAME].text;
}

/* A territory's errors (or, with none, its avisos), one a line, for the
 * comment of its status: why it is provisional, what to look at. */
static const char *findings_text(bt_xw *w, const bt_territory *t)
{
    bt_severity sev = bt_territory_errors(t) ? BT_SEV_ERROR : BT_SEV_AVISO;
    bt_sb b;
    bt_sb_init(&b);
    size_t shown = 0;
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *x = bt_findings_at(t->findings, i);
        if (x->severity != sev)
            continue;
        if (shown++ == 8) {
            bt_sb_puts(&b, "\n…");
            break;
        }
        char cell[320];
        bt_finding_cell(x, cell, sizeof cell);
        bt_sb_printf(&b, "%s%s%s%s: %s", b.len ? "\n" : "", bt_code_info_of(x->code)->id,
                     cell[0] ? " en " : "", cell, x->message);
    }
    bt_sb_puts(&b, "\nDetalle en la hoja Correcciones.");
    const char *s = b.failed ? NULL : bt_arena_strdup(w->scratch, bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static void figures(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t)
{
    size_t missing, smissing, listed;
    uint64_t units = bt_units_sum(t, &missing);
    uint64_t staff = bt_staff_sum(t, &smissing, &listed);
    bt_xw_num(w, ws, r, C_UNITS, (double)units, w->num);
    bt_xw_text(w, ws, r, C_UNITS_OK, bt_xw_missing(w, missing), missing ? w->aviso : w->text);
    bt_xw_num(w, ws, r, C_STAFF, (double)staff, w->num);
    bt_xw_text(w, ws, r, C_STAFF_OK, bt_xw_missing(w, smissing), smissing ? w->aviso : w->text);
    bt_xw_num(w, ws, r, C_LISTED, (double)listed, w->num);
    if (t->caett_projected.state == BT_ST_OK)
        bt_xw_num(w, ws, r, C_CAETT, (double)t->caett_projected.n, w->num);
    bt_xw_num(w, ws, r, C_SESSIONS, (double)t->nsessions, w->num);
}

static void territory_row(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t)
{
    const bt_region *reg = t->region >= 0 ? bt_region_at((size_t)t->region) : NULL;
    bt_xw_text(w, ws, r, C_REGION, reg ? reg->name : t->field[BT_F_REGION].text, w->wrap);
    bt_xw_terrnum(w, ws, r, C_NUM, t);
    bt_xw_text(w, ws, r, C_NAME, name_of(t) ? name_of(t) : t->source_name, w->wrap);
    bt_xw_text(w, ws, r, C_COMUNAS, bt_territory_comunas(w->scratch, t), w->wrap);
    bt_xw_mtime(w, ws, r, C_RECEIVED, t->mtime);
    if (t->period)
        bt_xw_num(w, ws, r, C_PERIOD, t->period, w->num);
    if (t->readable)
        figures(w, ws, r, t);
    bt_xw_num(w, ws, r, C_ERRORS, (double)bt_territory_errors(t), w->num);
    bt_xw_num(w, ws, r, C_AVISOS, (double)bt_territory_avisos(t), w->num);
    bt_xw_text(w, ws, r, C_STATUS, bt_xw_status(t), bt_xw_status_format(w, t));
    /* a shaded status says why in its comment */
    bt_status st = bt_status_of(t);
    if (st == BT_STATUS_PROVISIONAL || st == BT_STATUS_AVISOS)
        bt_xw_comment(w, ws, r, C_STATUS, findings_text(w, t));
    else if (st == BT_STATUS_EXCLUDED)
        bt_xw_comment(w, ws, r, C_STATUS, bt_status_detail(t, w->scratch));
    bool counted = bt_counted(t);
    bt_xw_text(w, ws, r, C_IN, counted ? "Sí" : "No", counted ? w->text : w->error);
    bt_xw_text(w, ws, r, C_FILE, t->display, w->wrap);
}

static void missing_row(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_missing *m)
{
    const bt_roster_entry *e = m->roster;
    bt_xw_text(w, ws, r, C_REGION, bt_region_at((size_t)m->region)->name, w->wrap);
    bt_xw_num(w, ws, r, C_NUM, (double)m->number, w->num);
    if (m->range > 1)
        bt_xw_text(w, ws, r, C_NAME,
                   bt_arena_printf(w->scratch, "Del %llu al %llu (%llu números sin bitácora)",
                                   (unsigned long long)m->number,
                                   (unsigned long long)(m->number + m->range - 1),
                                   (unsigned long long)m->range), w->wrap);
    else
        bt_xw_text(w, ws, r, C_NAME, e ? e->name : NULL, w->wrap);
    bt_xw_text(w, ws, r, C_COMUNAS, e ? e->comunas : NULL, w->wrap);
    if (m->period)
        bt_xw_num(w, ws, r, C_PERIOD, m->period, w->num);
    bt_xw_text(w, ws, r, C_STATUS, e ? BT_STATUS_MISSING : BT_STATUS_GAP, e ? w->error : w->aviso);
    bt_xw_comment(w, ws, r, C_STATUS, m->message);
    bt_xw_text(w, ws, r, C_IN, "No", w->error);
    if (e)
        bt_xw_text(w, ws, r, C_FILE, "(falta: está en el listado de territorios)", w->note);
}

static const char *missing_label(bt_xw *w, const bt_missing *m)
{
    if (m->range > 1)
        return bt_arena_printf(w->scratch, "Territorios del %llu al %llu",
                               (unsigned long long)m->number,
                               (unsigned long long)(m->number + m->range - 1));
    return bt_xw_terr_label(w, m->number, m->roster ? m->roster->name : NULL);
}

/* The counted territories of the rows (caller frees). */
static bt_territory **counted_of(const bt_xwl_row *rows, size_t n, size_t *nout)
{
    bt_territory **v = calloc(n ? n : 1, sizeof *v);
    *nout = 0;
    for (size_t i = 0; v && i < n; i++)
        if (rows[i].t && bt_counted(rows[i].t))
            v[(*nout)++] = (bt_territory *)rows[i].t;
    return v;
}

/* Whose figures are missing: "territorio 4", "territorios 4 y 7" (the
 * rows show the names), "Valparaíso 4, Biobío 2" when a total spans
 * several regions. */
static void whose_list(bt_sb *b, bt_territory *const *ts, const size_t *idx, size_t k,
                       bool regions)
{
    if (!regions)
        bt_sb_puts(b, k == 1 ? "territorio " : "territorios ");
    for (size_t i = 0; i < k && i < 8; i++) {
        const bt_territory *t = ts[idx[i]];
        bt_sb_puts(b, i == 0 ? "" : i + 1 == k ? " y " : ", ");
        if (regions && t->region >= 0)
            bt_sb_printf(b, "%s ", bt_region_at((size_t)t->region)->name);
        if (t->terrnum.state == BT_ST_OK)
            bt_sb_printf(b, "%llu", (unsigned long long)t->terrnum.n);
        else
            bt_sb_printf(b, "«%s»", t->source_name);
    }
    if (k > 8)
        bt_sb_printf(b, " y %zu más", k - 8);
}

const char *bt_xwl_completeness(bt_xw *w, bt_territory *const *ts, size_t n, bool units)
{
    size_t missing = 0, k = 0;
    size_t *idx = calloc(n ? n : 1, sizeof *idx);
    bool regions = false;
    for (size_t i = 1; i < n; i++)
        regions = regions || ts[i]->region != ts[0]->region;
    for (size_t i = 0; idx && i < n; i++) {
        size_t m, listed;
        if (units)
            bt_units_sum(ts[i], &m);
        else
            bt_staff_sum(ts[i], &m, &listed);
        missing += m;
        if (m)
            idx[k++] = i;
    }
    bt_sb b;
    bt_sb_init(&b);
    if (idx && k)
        whose_list(&b, ts, idx, k, regions);
    const char *s = !idx || b.failed ? NULL
                    : !missing ? "Completo"
                    : n == 1 ? bt_xw_missing(w, missing)
                             : bt_arena_printf(w->scratch, "%s (%s)", bt_xw_missing(w, missing),
                                               bt_sb_str(&b));
    bt_sb_free(&b);
    free(idx);
    return s ? s : "Incompleto";
}

/* The totals row: only the rows marked "Sí" count (SUMIF), each figure
 * with its value cached. */
static void totals(bt_xw *w, lxw_worksheet *ws, uint32_t tr, const bt_xwl_row *rows, size_t n)
{
    bt_xw_text(w, ws, tr, C_REGION, "Total (territorios en los totales)", w->tot_label);
    size_t nc;
    bt_territory **counted = counted_of(rows, n, &nc);
    if (!counted) {
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    const char *uc = bt_xwl_completeness(w, counted, nc, true);
    const char *sc = bt_xwl_completeness(w, counted, nc, false);
    bt_xw_text(w, ws, tr, C_UNITS_OK, uc, strcmp(uc, "Completo") ? w->aviso : w->text);
    bt_xw_text(w, ws, tr, C_STAFF_OK, sc, strcmp(sc, "Completo") ? w->aviso : w->text);
    static const uint16_t sum_cols[] = {C_UNITS, C_STAFF, C_LISTED, C_CAETT, C_SESSIONS,
                                        C_ERRORS, C_AVISOS};
    for (size_t k = 0; k < sizeof sum_cols / sizeof sum_cols[0]; k++) {
        double v = 0;
        for (size_t i = 0; i < nc; i++) {
            const bt_territory *t = counted[i];
            size_t miss, listed;
            switch (sum_cols[k]) {
            case C_UNITS: v += (double)bt_units_sum(t, &miss); break;
            case C_STAFF: v += (double)bt_staff_sum(t, &miss, &listed); break;
            case C_LISTED: bt_staff_sum(t, &miss, &listed); v += (double)listed; break;
            case C_CAETT:
                v += t->caett_projected.state == BT_ST_OK ? (double)t->caett_projected.n : 0;
                break;
            case C_SESSIONS: v += (double)t->nsessions; break;
            case C_ERRORS: v += (double)bt_territory_errors(t); break;
            case C_AVISOS: v += (double)bt_territory_avisos(t); break;
            }
        }
        if (n == 0) {
            bt_xw_num(w, ws, tr, sum_cols[k], 0, w->tot_num);
            continue;
        }
        char inc[8], col[8], formula[128];
        bt_col_letters(C_IN + 1, inc);
        bt_col_letters((unsigned)sum_cols[k] + 1, col);
        snprintf(formula, sizeof formula, "=SUMIF(%s2:%s%u,\"Sí\",%s2:%s%u)", inc, inc,
                 (unsigned)n + 1, col, col, (unsigned)n + 1);
        lxw_error le = worksheet_write_formula_num(ws, tr, sum_cols[k], formula, w->tot_num, v);
        if (le && !w->err)
            w->err = le;
    }
    free(counted);
}

/* Why a row is not in the totals, as a line of the notes. */
static const char *left_out_line(bt_xw *w, const bt_xwl_row *r)
{
    if (r->m)
        return bt_arena_printf(w->scratch, "• %s, %s: %s.", missing_label(w, r->m),
                               bt_region_at((size_t)r->m->region)->name,
                               r->m->roster ? "falta la bitácora (está en el listado de "
                                              "territorios)"
                                            : "¿falta la bitácora? (hueco en la numeración)");
    return bt_arena_printf(w->scratch, "• %s (%s): %s.", bt_territory_label(r->t), r->t->display,
                           bt_status_detail(r->t, w->scratch));
}

/* Why the provisional ones are provisional: their errors by code and cell. */
static const char *provisional_line(bt_xw *w, const bt_territory *t)
{
    bt_sb b;
    bt_sb_init(&b);
    bt_sb_printf(&b, "• %s: ", bt_territory_label(t));
    size_t shown = 0;
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *x = bt_findings_at(t->findings, i);
        if (x->severity != BT_SEV_ERROR)
            continue;
        char cell[320];
        bt_finding_cell(x, cell, sizeof cell);
        if (shown++ == 6) {
            bt_sb_puts(&b, ", …");
            break;
        }
        bt_sb_printf(&b, "%s%s %s%s%s%s%s", shown > 1 ? ", " : "", bt_code_info_of(x->code)->id,
                     bt_code_info_of(x->code)->title, cell[0] ? " en " : "", cell,
                     x->field ? " · " : "", x->field ? x->field : "");
    }
    bt_sb_putc(&b, '.');
    const char *s = b.failed ? NULL : bt_arena_strdup(w->scratch, bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

/* Below the totals: what they leave out and why, which figures are
 * provisional and why, and when the logbooks arrived. */
static uint32_t notes(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_xwl_row *rows, size_t n)
{
    bool any = false;
    r++;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].t && bt_counted(rows[i].t))
            continue;
        if (!any) {
            bt_xw_wide_text(w, ws, ++r, cols, NPRINTED, "Los totales no incluyen (sumarlos "
                            "sería adivinar):", w->label);
            any = true;
        }
        bt_xw_wide_text(w, ws, ++r, cols, NPRINTED, left_out_line(w, &rows[i]), w->wrap);
    }
    any = false;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].t || bt_status_of(rows[i].t) != BT_STATUS_PROVISIONAL)
            continue;
        if (!any) {
            r += 1;
            bt_xw_wide_text(w, ws, ++r, cols, NPRINTED, "Cifras provisionales: estos "
                            "territorios están en los totales, pero sus bitácoras tienen "
                            "errores por corregir (detalle en la hoja Correcciones):", w->label);
            any = true;
        }
        bt_xw_wide_text(w, ws, ++r, cols, NPRINTED, provisional_line(w, rows[i].t), w->wrap);
    }
    bt_territory **ts = calloc(n ? n : 1, sizeof *ts);
    size_t nt = 0;
    for (size_t i = 0; ts && i < n; i++)
        if (rows[i].t)
            ts[nt++] = (bt_territory *)rows[i].t;
    const char *range = ts ? bt_xw_received_range(w, ts, nt) : NULL;
    free(ts);
    if (range) {
        r += 1;
        bt_xw_wide_text(w, ws, ++r, cols, NPRINTED,
                        bt_arena_printf(w->scratch, "Bitácoras recibidas %s (fecha en que se "
                                        "modificó por última vez cada archivo).", range),
                        w->note);
    }
    return r;
}

void bt_xwl_sheet(bt_xw *w, const char *name, const bt_xwl_row *rows, size_t n)
{
    lxw_worksheet *ws = bt_xw_sheet(w, name, cols, NCOLS);
    if (!ws)
        return;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].t)
            territory_row(w, ws, (uint32_t)i + 1, rows[i].t);
        else
            missing_row(w, ws, (uint32_t)i + 1, rows[i].m);
    }
    totals(w, ws, (uint32_t)n + 1, rows, n);
    uint32_t last = notes(w, ws, (uint32_t)n + 1, rows, n);
    bt_xw_filter(w, ws, n ? (uint32_t)n : 1, NCOLS);
    bt_xw_print_cols(w, ws, last, NPRINTED);
}

size_t bt_xwl_item_columns(const bt_table *tb, bt_xw_col *cs, size_t k, double width)
{
    for (size_t i = 0; i < tb->nitems; i++)
        cs[k++] = (bt_xw_col){tb->items[i].short_label, width, true};
    cs[k++] = (bt_xw_col){tb->id == BT_TABLE_UNITS ? "Otros programas" : "Otras disciplinas",
                          10, true};
    return k;
}

void bt_xwl_item_values(const bt_territory *t, const bt_table *tb, double *row, size_t *miss)
{
    for (size_t c = 0; c <= tb->nitems; c++) {
        int item = c < tb->nitems ? (int)c : -1;
        size_t m = 0;
        row[c] += tb->id == BT_TABLE_UNITS ? (double)bt_units_of(t, item, &m)
                                           : (double)bt_staff_of(t, item, &m, NULL);
        miss[c] += m;
    }
}
