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

static void national_resumen(bt_xw *w, const bt_period_group *p)
{
    static const bt_xw_col cols[] = {
        {"Región", 22, true},               {"Código", 6, false},
        {"Estado", 24, true},               {"Bitácoras recibidas", 10, false},
        {"Territorios en los totales", 11, false}, {"Sin bitácora", 8, false},
        {"Unidades educativas", 11, false}, {"Dotación declarada", 10, false},
        {"Profesionales listados", 13, false}, {"CAETT proyectadas", 11, false},
        {"Sesiones registradas", 11, false}, {"Errores", 7, false}, {"Avisos", 7, false},
        {"Unidades: completitud", 20, true}, {"Dotación: completitud", 20, true},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Resumen", cols, 15);
    size_t nreg = bt_region_count();
    double *v = calloc(nreg * N__COUNT + 1, sizeof *v);
    size_t *known = calloc(nreg * N__COUNT + 1, sizeof *known);
    bt_territory **all = calloc(1, sizeof *all);
    if (!ws || !v || !known || !all) {
        free(v);
        free(known);
        free(all);
        if (ws)
            w->bterr = BT_ERR_NOMEM;
        return;
    }
    size_t nall = 0;
    for (size_t i = 0; i < nreg; i++) {
        const bt_region_group *g = group_of(p, i);
        const bt_region *reg = bt_region_at(i);
        const bt_missing *m;
        size_t nm = bt_reports_missing(p->reports, p->period, (int)i, &m);
        uint32_t r = (uint32_t)i + 1;
        bt_xw_text(w, ws, r, 0, reg->name, w->wrap);
        bt_xw_text(w, ws, r, 1, reg->code, w->text);
        lxw_format *f;
        const char *status = region_status(w, g, m, nm, &f);
        bt_xw_text(w, ws, r, 2, status, f);
        region_figures(g, m, nm, v + i * N__COUNT);
        size_t nc;
        bt_territory **c = counted_of(g, &nc);
        bt_territory **grown = c ? realloc(all, (nall + nc + 1) * sizeof *all) : NULL;
        if (!grown) {
            free(c);
            w->bterr = BT_ERR_NOMEM;
            break;
        }
        all = grown;
        memcpy(all + nall, c, nc * sizeof *c);
        nall += nc;
        /* counts of files are always known; a region without territories
         * in the totals knows no figure: blank, not 0 */
        for (size_t k = 0; k < N__COUNT; k++)
            known[i * N__COUNT + k] = nc || k < N_UNITS || k > N_SESSIONS;
        const char *uc = bt_xwl_completeness(w, c, nc, true);
        const char *sc = bt_xwl_completeness(w, c, nc, false);
        bt_xw_text(w, ws, r, 13, nc ? uc : NULL, strcmp(uc, "Completo") ? w->aviso : w->text);
        bt_xw_text(w, ws, r, 14, nc ? sc : NULL, strcmp(sc, "Completo") ? w->aviso : w->text);
        free(c);
    }
    uint32_t tr = bt_xw_matrix(w, ws, "Resumen", 3, v, NULL, known, nreg, N__COUNT, false, NULL);
    bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
    const char *uc = bt_xwl_completeness(w, all, nall, true);
    const char *sc = bt_xwl_completeness(w, all, nall, false);
    bt_xw_text(w, ws, tr, 13, uc, strcmp(uc, "Completo") ? w->aviso : w->text);
    bt_xw_text(w, ws, tr, 14, sc, strcmp(sc, "Completo") ? w->aviso : w->text);
    uint32_t r = tr + 1;
    if (p->norphans) {
        bt_xw_wide_text(w, ws, ++r, cols, 15, "Archivos sin región reconocida (no están en "
                        "ningún total regional ni nacional):", w->label);
        for (size_t i = 0; i < p->norphans; i++) {
            const bt_territory *t = p->orphans[i];
            bt_xw_wide_text(w, ws, ++r, cols, 15,
                            bt_arena_printf(w->scratch, "• %s: %s.", t->display,
                                            bt_status_detail(t, w->scratch)), w->wrap);
        }
    }
    const char *range = bt_xw_received_range(w, all, nall);
    r++;
    bt_xw_wide_text(w, ws, ++r, cols, 15,
                    bt_arena_printf(w->scratch, "Periodo %s.%s%s%s",
                                    p->period ? bt_arena_printf(w->scratch, "%d", p->period)
                                              : "no indicado",
                                    range ? " Bitácoras en los totales recibidas " : "",
                                    range ? range : "",
                                    range ? " (fecha en que se modificó por última vez cada "
                                            "archivo)." : ""), w->note);
    free(known);
    free(all);
    free(v);
    bt_xw_filter(w, ws, (uint32_t)nreg, 15);
    bt_xw_print_cols(w, ws, r, 15);
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
    if (!ws)
        return;
    double *v = calloc(nreg * nc + 1, sizeof *v);
    size_t *miss = calloc(nreg * nc + 1, sizeof *miss);
    size_t *known = calloc(nreg * nc + 1, sizeof *known);
    bt_territory **all = calloc(1, sizeof *all);
    size_t nall = 0;
    if (!v || !miss || !known || !all) {
        free(v);
        free(miss);
        free(known);
        free(all);
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    size_t ccol = k - 1;
    for (size_t r = 0; r < nreg; r++) {
        const bt_region_group *g = group_of(p, r);
        const bt_region *reg = bt_region_at(r);
        bt_xw_text(w, ws, (uint32_t)r + 1, 0, reg->name, w->wrap);
        bt_xw_text(w, ws, (uint32_t)r + 1, 1, reg->code, w->text);
        size_t n;
        bt_territory **c = counted_of(g, &n);
        bt_territory **grown = c ? realloc(all, (nall + n + 1) * sizeof *all) : NULL;
        if (!grown) {
            free(c);
            w->bterr = BT_ERR_NOMEM;
            break;
        }
        all = grown;
        for (size_t i = 0; i < n; i++) {
            size_t before[16 + 1];   /* nc fits, as the columns above do */
            for (size_t col = 0; col < nc; col++)
                before[col] = miss[r * nc + col];
            bt_xwl_item_values(c[i], tb, v + r * nc, miss + r * nc);
            /* a territory that knows an item's figure (0 is a figure) */
            for (size_t col = 0; col < nc; col++)
                known[r * nc + col] += miss[r * nc + col] == before[col];
            all[nall++] = c[i];
        }
        for (size_t col = 0; col < nc; col++)
            if (miss[r * nc + col])
                bt_xw_item_note(w, ws, (uint32_t)r + 1, (uint16_t)(2 + col), c, n, tb->id,
                                col < tb->nitems ? (int)col : -1);
        const char *cm = n ? bt_xwl_completeness(w, c, n, units) : "Sin bitácoras";
        bt_xw_text(w, ws, (uint32_t)r + 1, (uint16_t)ccol, cm,
                   strcmp(cm, "Completo") ? w->aviso : w->text);
        free(c);
    }
    uint32_t tr = bt_xw_matrix(w, ws, sheet, 2, v, miss, known, nreg, nc, true, NULL);
    bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
    const char *cm = bt_xwl_completeness(w, all, nall, units);
    bt_xw_text(w, ws, tr, (uint16_t)ccol, cm, strcmp(cm, "Completo") ? w->aviso : w->text);
    bool skip[17] = {false};
    for (size_t c = 0; c < nc && c < 17; c++) {
        double sum = 0;
        for (size_t r = 0; r < nreg; r++)
            sum += v[r * nc + c];
        skip[c] = sum == 0;
    }
    const char *title = bt_arena_printf(w->scratch, "%s por región y %s · país · %s",
                                        units ? "Unidades educativas" : "Dotación declarada",
                                        units ? "programa" : "disciplina",
                                        p->period ? bt_arena_printf(w->scratch, "%d", p->period)
                                                  : "periodo no indicado");
    bt_xw_stacked_chart(w, ws, sheet, 0, 1, (uint32_t)nreg, 2, (uint16_t)(2 + nc - 1), skip,
                        title, tr + 2, 0);
    free(v);
    free(miss);
    free(known);
    free(all);
    bt_xw_filter(w, ws, (uint32_t)nreg, k);
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
