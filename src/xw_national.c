/* xw_national.c - the national workbook (see xlsxwrite.h): every one of
 * the 16 regions, those without logbooks too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/batch.h"
#include "bitacora/refdata.h"
#include "bitacora/status.h"
#include "bitacora/template.h"
#include "xw_report.h"

static const bt_region_group *group_of(const bt_period_group *p, size_t region)
{
    for (size_t i = 0; i < p->nregions; i++)
        if (p->regions[i].region == (int)region)
            return &p->regions[i];
    return NULL;
}

/* The counted territories of a region (caller frees; NULL group: none). */
static bt_territory **counted_of(const bt_region_group *g, size_t *n)
{
    bt_territory **v = calloc(g && g->n ? g->n : 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; v && g && i < g->n; i++)
        if (bt_counted(g->items[i]))
            v[(*n)++] = g->items[i];
    return v;
}

/* Where a region stands, in the words of the territory statuses. */
static const char *region_status(bt_xw *w, const bt_region_group *g, const bt_missing *m,
                                 size_t nm, lxw_format **f)
{
    size_t roster = 0, gaps = 0, prov = 0, out = 0;
    for (size_t i = 0; i < nm; i++) {
        if (m[i].roster)
            roster++;
        else
            gaps += (size_t)m[i].range;
    }
    for (size_t i = 0; g && i < g->n; i++) {
        bt_status s = bt_status_of(g->items[i]);
        prov += s == BT_STATUS_PROVISIONAL;
        out += s == BT_STATUS_EXCLUDED;
    }
    /* Without a roster, a region with no logbook may have none to send:
     * said, not alarmed. */
    *f = roster || prov || out ? w->error : gaps || !g ? w->aviso : w->ok;
    if (!g)
        return roster ? bt_arena_printf(w->scratch, "Sin bitácoras: faltan las %zu del listado",
                                        roster)
                      : "Sin bitácoras";
    bt_sb b;
    bt_sb_init(&b);
    if (roster)
        bt_sb_printf(&b, "Falta%s %zu bitácora%s", roster == 1 ? "" : "n", roster,
                     roster == 1 ? "" : "s");
    else if (gaps)
        bt_sb_printf(&b, "¿Falta%s %zu bitácora%s? (numeración)", gaps == 1 ? "" : "n", gaps,
                     gaps == 1 ? "" : "s");
    if (prov)
        bt_sb_printf(&b, "%s%zu con cifras provisionales", b.len ? "; " : "", prov);
    if (out)
        bt_sb_printf(&b, "%s%zu fuera de los totales", b.len ? "; " : "", out);
    const char *s = b.failed ? NULL : bt_arena_strdup(w->scratch, b.len ? bt_sb_str(&b)
                                                                          : "Completa");
    bt_sb_free(&b);
    return s ? s : "";
}

enum { N_FILES, N_COUNTED, N_MISSING, N_UNITS, N_STAFF, N_LISTED, N_CAETT, N_SESSIONS,
       N_ERRORS, N_AVISOS, N__COUNT };

/* The figures of a region's row in Resumen. */
static void region_figures(const bt_region_group *g, const bt_missing *m, size_t nm,
                           double *row)
{
    for (size_t i = 0; i < nm; i++)
        row[N_MISSING] += (double)m[i].range;
    for (size_t k = 0; g && k < g->n; k++) {
        const bt_territory *t = g->items[k];
        row[N_FILES] += 1;
        row[N_ERRORS] += (double)bt_territory_errors(t);
        row[N_AVISOS] += (double)bt_territory_avisos(t);
        if (!bt_counted(t))
            continue;
        size_t mu, msf, listed;
        row[N_COUNTED] += 1;
        row[N_UNITS] += (double)bt_units_sum(t, &mu);
        row[N_STAFF] += (double)bt_staff_sum(t, &msf, &listed);
        row[N_LISTED] += (double)listed;
        row[N_CAETT] += t->caett_projected.state == BT_ST_OK ? (double)t->caett_projected.n : 0;
        row[N_SESSIONS] += (double)t->nsessions;
    }
}

/* Every territory in the totals, region by region (caller frees). */
static bt_territory **all_counted(const bt_period_group *p, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < p->nregions; i++)
        total += p->regions[i].n;
    bt_territory **v = calloc(total + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; v && i < p->nregions; i++)
        for (size_t k = 0; k < p->regions[i].n; k++)
            if (bt_counted(p->regions[i].items[k]))
                v[(*n)++] = p->regions[i].items[k];
    return v;
}

static const bt_xw_col resumen_cols[] = {
    {"Región", 22, true},               {"Código", 6, false},
    {"Estado", 24, true},               {"Bitácoras recibidas", 10, false},
    {"Territorios en los totales", 11, false}, {"Sin bitácora", 8, false},
    {"Unidades educativas", 11, false}, {"Dotación declarada", 10, false},
    {"Profesionales listados", 13, false}, {"CAETT proyectadas", 11, false},
    {"Sesiones registradas", 11, false}, {"Errores", 7, false}, {"Avisos", 7, false},
    {"Unidades: completitud", 20, true}, {"Dotación: completitud", 20, true},
};
#define RESUMEN_NCOLS 15

static void completeness_cells(bt_xw *w, lxw_worksheet *ws, uint32_t r, bt_territory *const *ts,
                               size_t n)
{
    for (int units = 1; units >= 0; units--) {
        const char *s = n ? bt_xwl_completeness(w, ts, n, units) : NULL;
        bt_xw_text(w, ws, r, (uint16_t)(units ? 13 : 14), s,
                   s && strcmp(s, "Completo") ? w->aviso : w->text);
    }
}

/* One region's row: its name, status and completeness; its figures into
 * row (written with the others), which are known only when some of its
 * territories are in the totals (a region without: blank, not 0). */
static void resumen_row(bt_xw *w, lxw_worksheet *ws, const bt_period_group *p, size_t i,
                        double *row, size_t *known)
{
    const bt_region_group *g = group_of(p, i);
    const bt_missing *m;
    size_t nm = bt_reports_missing(p->reports, p->period, (int)i, &m);
    uint32_t r = (uint32_t)i + 1;
    bt_xw_text(w, ws, r, 0, bt_region_at(i)->name, w->wrap);
    bt_xw_text(w, ws, r, 1, bt_region_at(i)->code, w->text);
    lxw_format *f;
    const char *status = region_status(w, g, m, nm, &f);
    bt_xw_text(w, ws, r, 2, status, f);
    region_figures(g, m, nm, row);
    size_t nc;
    bt_territory **c = counted_of(g, &nc);
    if (!c) {
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    for (size_t k = 0; k < N__COUNT; k++)
        known[k] = nc || k < N_UNITS || k > N_SESSIONS;
    completeness_cells(w, ws, r, c, nc);
    free(c);
}

/* Under the table: the files without a region, the period and when the
 * logbooks came.  Returns the last row. */
static uint32_t resumen_notes(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_period_group *p,
                              bt_territory *const *all, size_t nall)
{
    if (p->norphans) {
        bt_xw_wide_text(w, ws, ++r, resumen_cols, RESUMEN_NCOLS, "Archivos sin región "
                        "reconocida (no están en ningún total regional ni nacional):", w->label);
        for (size_t i = 0; i < p->norphans; i++) {
            const bt_territory *t = p->orphans[i];
            bt_xw_wide_text(w, ws, ++r, resumen_cols, RESUMEN_NCOLS,
                            bt_arena_printf(w->scratch, "• %s: %s.", t->display,
                                            bt_status_detail(t, w->scratch)), w->wrap);
        }
    }
    const char *range = bt_xw_received_range(w, all, nall);
    r++;
    bt_xw_wide_text(w, ws, ++r, resumen_cols, RESUMEN_NCOLS,
                    bt_arena_printf(w->scratch, "Periodo %s.%s%s%s",
                                    p->period ? bt_arena_printf(w->scratch, "%d", p->period)
                                              : "no indicado",
                                    range ? " Bitácoras en los totales recibidas " : "",
                                    range ? range : "",
                                    range ? " (fecha en que se modificó por última vez cada "
                                            "archivo)." : ""), w->note);
    return r;
}

static void national_resumen(bt_xw *w, const bt_period_group *p)
{
    lxw_worksheet *ws = bt_xw_sheet(w, "Resumen", resumen_cols, RESUMEN_NCOLS);
    size_t nreg = bt_region_count(), nall;
    double *v = calloc(nreg * N__COUNT + 1, sizeof *v);
    size_t *known = calloc(nreg * N__COUNT + 1, sizeof *known);
    bt_territory **all = all_counted(p, &nall);
    if (ws && v && known && all) {
        for (size_t i = 0; i < nreg; i++)
            resumen_row(w, ws, p, i, v + i * N__COUNT, known + i * N__COUNT);
        uint32_t tr = bt_xw_matrix(w, ws, "Resumen", 3, v, NULL, known, nreg, N__COUNT, false,
                                   NULL);
        bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
        completeness_cells(w, ws, tr, all, nall);
        uint32_t last = resumen_notes(w, ws, tr + 1, p, all, nall);
        bt_xw_filter(w, ws, (uint32_t)nreg, RESUMEN_NCOLS);
        bt_xw_print_cols(w, ws, last, RESUMEN_NCOLS);
    } else if (ws) {
        w->bterr = BT_ERR_NOMEM;
    }
    free(known);
    free(all);
    free(v);
}

/* One region's row of a matrix: its territories' figures per item added
 * into v/miss, how many of them know each figure into known (0 is a
 * figure), comments on the unknown ones, and its completeness. */
static void matrix_row(bt_xw *w, lxw_worksheet *ws, const bt_table *tb, const bt_region_group *g,
                       size_t r, double *v, size_t *miss, size_t *known, size_t ccol)
{
    size_t nc = tb->nitems + 1, n;
    bt_xw_text(w, ws, (uint32_t)r + 1, 0, bt_region_at(r)->name, w->wrap);
    bt_xw_text(w, ws, (uint32_t)r + 1, 1, bt_region_at(r)->code, w->text);
    bt_territory **c = counted_of(g, &n);
    if (!c) {
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t before[16 + 1];   /* nc fits, as the columns do */
        memcpy(before, miss, nc * sizeof *miss);
        bt_xwl_item_values(c[i], tb, v, miss);
        for (size_t col = 0; col < nc; col++)
            known[col] += miss[col] == before[col];
    }
    for (size_t col = 0; col < nc; col++)
        if (miss[col])
            bt_xw_item_note(w, ws, (uint32_t)r + 1, (uint16_t)(2 + col), c, n, tb->id,
                            col < tb->nitems ? (int)col : -1);
    const char *cm = n ? bt_xwl_completeness(w, c, n, tb->id == BT_TABLE_UNITS) : "Sin bitácoras";
    bt_xw_text(w, ws, (uint32_t)r + 1, (uint16_t)ccol, cm,
               strcmp(cm, "Completo") ? w->aviso : w->text);
    free(c);
}

static void region_matrix(bt_xw *w, const bt_period_group *p, bool units)
{
    const bt_table *tb = bt_tpl_table(units ? BT_TABLE_UNITS : BT_TABLE_STAFF);
    size_t nc = tb->nitems + 1, nreg = bt_region_count();
    bt_xw_col cols[2 + 16 + 2];
    size_t k = 0;
    cols[k++] = (bt_xw_col){"Región", 24, true};
    cols[k++] = (bt_xw_col){"Código", 6, false};
    k = bt_xwl_item_columns(tb, cols, k, units ? 10 : 13);
    cols[k++] = (bt_xw_col){units ? "Total" : "Total declarado", 9, false};
    cols[k++] = (bt_xw_col){"Completitud", 24, true};
    const char *sheet = units ? "Unidades educativas" : "Dotación";
    lxw_worksheet *ws = bt_xw_sheet(w, sheet, cols, k);
    double *v = calloc(nreg * nc + 1, sizeof *v);
    size_t *miss = calloc(nreg * nc + 1, sizeof *miss);
    size_t *known = calloc(nreg * nc + 1, sizeof *known);
    size_t nall;
    bt_territory **all = all_counted(p, &nall);
    if (ws && v && miss && known && all) {
        for (size_t r = 0; r < nreg; r++)
            matrix_row(w, ws, tb, group_of(p, r), r, v + r * nc, miss + r * nc, known + r * nc,
                       k - 1);
        uint32_t tr = bt_xw_matrix(w, ws, sheet, 2, v, miss, known, nreg, nc, true, NULL);
        bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
        const char *cm = bt_xwl_completeness(w, all, nall, units);
        bt_xw_text(w, ws, tr, (uint16_t)(k - 1), cm, strcmp(cm, "Completo") ? w->aviso : w->text);
        bool skip[17];
        bt_xw_empty_columns(v, nreg, nc, skip);
        const char *title = bt_arena_printf(
            w->scratch, "%s por región y %s · país · %s",
            units ? "Unidades educativas" : "Dotación declarada", units ? "programa" : "disciplina",
            p->period ? bt_arena_printf(w->scratch, "%d", p->period) : "periodo no indicado");
        bt_xw_stacked_chart(w, ws, sheet, 0, 1, (uint32_t)nreg, 2, (uint16_t)(2 + nc - 1), skip,
                            title, tr + 2, 0);
        bt_xw_filter(w, ws, (uint32_t)nreg, k);
    } else if (ws) {
        w->bterr = BT_ERR_NOMEM;
    }
    free(v);
    free(miss);
    free(known);
    free(all);
}

bt_err bt_write_national_xlsx(const bt_period_group *p, const char *path)
{
    bt_xw w;
    bt_err e = bt_xw_open(&w, path, "Bitácoras ETT: consolidado nacional");
    if (e) {
        if (w.wb)
            bt_xw_close(&w);
        return e;
    }
    bt_xw_set_page(&w, "Consolidado nacional",
                   p->period ? bt_arena_printf(w.scratch, "Periodo %d", p->period)
                             : "Periodo no indicado");
    national_resumen(&w, p);
    region_matrix(&w, p, true);
    region_matrix(&w, p, false);
    const bt_comparison *cmp = bt_reports_comparison(p->reports, p->period);
    if (cmp) {
        bt_xwc_regions(&w, cmp);
        bt_xwc_territories(&w, "Comparación por territorio", cmp, -1);
    }
    /* Every territory, region by region with the missing ones among them,
     * then those without a region. */
    size_t total = p->norphans;
    for (size_t i = 0; i < p->nregions; i++)
        total += p->regions[i].n;
    const bt_missing *allm;
    size_t nallm = bt_reports_all_missing(p->reports, &allm);
    bt_territory **all = malloc((total + 1) * sizeof *all);
    bt_xwl_row *rows = calloc(total + nallm + 1, sizeof *rows);
    if (!all || !rows) {
        free(all);
        free(rows);
        w.bterr = BT_ERR_NOMEM;
        return bt_xw_close(&w);
    }
    size_t n = 0, nrows = 0, nmiss = 0;
    const bt_missing *first_m = NULL;
    for (size_t i = 0; i < bt_region_count(); i++) {
        const bt_region_group *g = group_of(p, i);
        const bt_missing *m;
        size_t nm = bt_reports_missing(p->reports, p->period, (int)i, &m);
        if (nm && !first_m)
            first_m = m;
        nmiss += nm;
        nrows += bt_xwl_merge(g ? g->items : NULL, g ? g->n : 0, m, nm, rows + nrows);
        for (size_t k = 0; g && k < g->n; k++)
            all[n++] = g->items[k];
    }
    for (size_t i = 0; i < p->norphans; i++) {
        all[n++] = p->orphans[i];
        rows[nrows++] = (bt_xwl_row){p->orphans[i], NULL};
    }
    bt_xwl_sheet(&w, "Territorios", rows, nrows);
    /* the missing territories of this period are contiguous in the list */
    e = bt_xw_findings_of(&w, all, n, first_m, nmiss, bt_reports_findings(p->reports), true);
    if (e && !w.bterr)
        w.bterr = e;
    free(all);
    free(rows);
    return bt_xw_close(&w);
}
