/* xw_compare.c - the Comparación sheets: each period beside the previous
 * one, per territory and per region (see xw_report.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "xw_report.h"

/* Short, so that a header fits its column; the note under the table
 * spells them out. */
static const char *const fig_names[BT_FIG__COUNT] = {"Unidades", "Dotación", "CAETT proy.",
                                                     "Sesiones"};

static lxw_format *change_format(bt_xw *w)
{
    lxw_format *f = workbook_add_format(w->wb);
    if (!f) {
        if (!w->bterr)
            w->bterr = BT_ERR_NOMEM;
        return w->num;
    }
    format_set_num_format(f, "+0;-0;0");
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f, 0xF2F2F2);
    return f;
}

/* The three columns of each figure from c0: previous, current, change. */
static size_t figure_columns(bt_xw *w, const bt_comparison *c, bt_xw_col *cols, size_t k)
{
    for (int f = 0; f < BT_FIG__COUNT; f++) {
        cols[k++] = (bt_xw_col){bt_arena_printf(w->scratch, "%s %d", fig_names[f], c->previous),
                                9, true};
        cols[k++] = (bt_xw_col){bt_arena_printf(w->scratch, "%s %d", fig_names[f], c->period),
                                9, true};
        cols[k++] = (bt_xw_col){"Cambio", 8, false};
    }
    return k;
}

/* previous, current and current - previous (a formula with its value)
 * at columns c..c+2; a figure not known leaves its cells empty. */
static void triple(bt_xw *w, lxw_worksheet *ws, uint32_t r, uint16_t c, bool has0, double v0,
                   bool has1, double v1, lxw_format *chg)
{
    if (has0)
        bt_xw_num(w, ws, r, c, v0, w->num);
    if (has1)
        bt_xw_num(w, ws, r, (uint16_t)(c + 1), v1, w->num);
    if (!has0 || !has1)
        return;
    char a[8], b[8], formula[64];
    bt_col_letters((unsigned)c + 1, a);
    bt_col_letters((unsigned)c + 2, b);
    snprintf(formula, sizeof formula, "=%s%u-%s%u", b, (unsigned)r + 1, a, (unsigned)r + 1);
    lxw_error e = worksheet_write_formula_num(ws, r, (lxw_col_t)(c + 2), formula, chg, v1 - v0);
    if (e && !w->err)
        w->err = e;
}

static const char *row_note(bt_xw *w, const bt_comparison *c, const bt_cmp_row *row)
{
    if (!row->present[0])
        return bt_arena_printf(w->scratch, "Solo en %d", c->period);
    if (!row->present[1])
        return bt_arena_printf(w->scratch, "Solo en %d: sin bitácora en %d", c->previous,
                               c->period);
    for (int k = 1; k >= 0; k--)
        if (!row->counted[k])
            return bt_arena_printf(w->scratch, "En %d no está en los totales",
                                   k ? c->period : c->previous);
    if (row->missing[0] || row->missing[1])
        return bt_arena_printf(w->scratch, "Cifras incompletas en %s",
                               row->missing[0] && row->missing[1]
                                   ? "ambos periodos"
                                   : bt_arena_printf(w->scratch, "%d",
                                                     row->missing[1] ? c->period : c->previous));
    return "";
}

#define LEGEND                                                                     \
    "Unidades: unidades educativas; Dotación: dotación declarada; CAETT proy.: CAETT "  \
    "proyectadas; Sesiones: sesiones registradas. Cada cifra es la de los territorios "  \
    "en los totales de su periodo; Cambio = %d menos %d."

static void source_line(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_xw_col *cols,
                        size_t ncols, const bt_comparison *c)
{
    const char *s = c->source
        ? bt_arena_printf(w->scratch, "Periodo %d comparado con %d, de la corrida anterior en "
                          "%s. " LEGEND, c->period, c->previous, c->source, c->period,
                          c->previous)
        : bt_arena_printf(w->scratch, "Periodo %d comparado con %d (bitácoras de esta misma "
                          "corrida). " LEGEND, c->period, c->previous, c->period, c->previous);
    bt_xw_wide_text(w, ws, r, cols, ncols, s, w->note);
}

void bt_xwc_territories(bt_xw *w, const char *name, const bt_comparison *c, int region)
{
    bt_xw_col cols[3 + 3 * BT_FIG__COUNT + 1];
    size_t k = 0;
    if (region < 0)
        cols[k++] = (bt_xw_col){"Región", 16, true};
    cols[k++] = (bt_xw_col){"N° territorio", 8, false};
    cols[k++] = (bt_xw_col){"Territorio", 22, true};
    size_t f0 = k;
    k = figure_columns(w, c, cols, k);
    cols[k++] = (bt_xw_col){"Nota", 24, true};
    lxw_worksheet *ws = bt_xw_sheet(w, name, cols, k);
    if (!ws)
        return;
    lxw_format *chg = change_format(w);
    uint32_t r = 1;
    double tot[2][BT_FIG__COUNT] = {{0}};
    for (size_t i = 0; i < c->n; i++) {
        const bt_cmp_row *row = &c->rows[i];
        if (region >= 0 && row->region != region)
            continue;
        size_t col = 0;
        if (region < 0)
            bt_xw_text(w, ws, r, (uint16_t)col++, bt_region_at((size_t)row->region)->name, w->wrap);
        bt_xw_num(w, ws, r, (uint16_t)col++, (double)row->number, w->num);
        bt_xw_text(w, ws, r, (uint16_t)col++, row->name, w->wrap);
        for (int f = 0; f < BT_FIG__COUNT; f++) {
            bool h0 = row->counted[0] && row->has[0][f], h1 = row->counted[1] && row->has[1][f];
            triple(w, ws, r, (uint16_t)(f0 + 3 * (size_t)f), h0, (double)row->fig[0][f], h1,
                   (double)row->fig[1][f], chg);
            tot[0][f] += h0 ? (double)row->fig[0][f] : 0;
            tot[1][f] += h1 ? (double)row->fig[1][f] : 0;
        }
        const char *note = row_note(w, c, row);
        bt_xw_text(w, ws, r, (uint16_t)(k - 1), note, note && note[0] ? w->aviso : w->text);
        r++;
    }
    uint32_t last = r - 1;
    bt_xw_text(w, ws, r, (uint16_t)(f0 - 1), "Total", w->tot_label);
    for (int f = 0; f < BT_FIG__COUNT; f++) {
        uint16_t col = (uint16_t)(f0 + 3 * (size_t)f);
        bt_xw_sum(w, ws, r, col, 1, last, tot[0][f], w->tot_num);
        bt_xw_sum(w, ws, r, (uint16_t)(col + 1), 1, last, tot[1][f], w->tot_num);
        bt_xw_sum(w, ws, r, (uint16_t)(col + 2), 1, last, tot[1][f] - tot[0][f], chg);
    }
    source_line(w, ws, r + 2, cols, k, c);
    bt_xw_filter(w, ws, last >= 1 ? last : 1, k);
}

void bt_xwc_regions(bt_xw *w, const bt_comparison *c)
{
    bt_xw_col cols[2 + 3 * (BT_FIG__COUNT + 1) + 1];
    size_t k = 0;
    cols[k++] = (bt_xw_col){"Región", 22, true};
    cols[k++] = (bt_xw_col){"Código", 6, false};
    cols[k++] = (bt_xw_col){bt_arena_printf(w->scratch, "Territorios %d", c->previous), 9, true};
    cols[k++] = (bt_xw_col){bt_arena_printf(w->scratch, "Territorios %d", c->period), 9, true};
    cols[k++] = (bt_xw_col){"Cambio", 8, false};
    size_t f0 = k;
    k = figure_columns(w, c, cols, k);
    cols[k++] = (bt_xw_col){"Territorios en un solo periodo", 14, true};
    lxw_worksheet *ws = bt_xw_sheet(w, "Comparación", cols, k);
    if (!ws)
        return;
    lxw_format *chg = change_format(w);
    size_t nreg = bt_region_count();
    double tot[2][BT_FIG__COUNT + 1] = {{0}};
    for (size_t reg = 0; reg < nreg; reg++) {
        uint32_t r = (uint32_t)reg + 1;
        double fig[2][BT_FIG__COUNT + 1] = {{0}};   /* [..][BT_FIG__COUNT]: territories */
        bool any[2] = {false, false};
        size_t one_period = 0;
        for (size_t i = 0; i < c->n; i++) {
            const bt_cmp_row *row = &c->rows[i];
            if (row->region != (int)reg)
                continue;
            one_period += row->present[0] != row->present[1];
            for (int p = 0; p < 2; p++) {
                if (!row->counted[p])
                    continue;
                any[p] = true;
                fig[p][BT_FIG__COUNT] += 1;
                for (int f = 0; f < BT_FIG__COUNT; f++)
                    fig[p][f] += row->has[p][f] ? (double)row->fig[p][f] : 0;
            }
        }
        bt_xw_text(w, ws, r, 0, bt_region_at(reg)->name, w->wrap);
        bt_xw_text(w, ws, r, 1, bt_region_at(reg)->code, w->text);
        triple(w, ws, r, 2, any[0], fig[0][BT_FIG__COUNT], any[1], fig[1][BT_FIG__COUNT], chg);
        for (int f = 0; f < BT_FIG__COUNT; f++)
            triple(w, ws, r, (uint16_t)(f0 + 3 * (size_t)f), any[0], fig[0][f], any[1], fig[1][f],
                   chg);
        if (one_period)
            bt_xw_num(w, ws, r, (uint16_t)(k - 1), (double)one_period, w->num);
        for (int p = 0; p < 2; p++)
            for (int f = 0; f <= BT_FIG__COUNT; f++)
                tot[p][f] += fig[p][f];
    }
    uint32_t tr = (uint32_t)nreg + 1;
    bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
    for (int f = 0; f <= BT_FIG__COUNT; f++) {
        uint16_t col = f == BT_FIG__COUNT ? 2 : (uint16_t)(f0 + 3 * (size_t)f);
        bt_xw_sum(w, ws, tr, col, 1, (uint32_t)nreg, tot[0][f], w->tot_num);
        bt_xw_sum(w, ws, tr, (uint16_t)(col + 1), 1, (uint32_t)nreg, tot[1][f], w->tot_num);
        bt_xw_sum(w, ws, tr, (uint16_t)(col + 2), 1, (uint32_t)nreg, tot[1][f] - tot[0][f], chg);
    }
    uint32_t r = tr + 2;
    source_line(w, ws, r, cols, k, c);
    bool header = false;
    for (size_t i = 0; i < c->n; i++) {
        const bt_cmp_row *row = &c->rows[i];
        if (row->present[0] == row->present[1])
            continue;
        if (!header) {
            r++;
            bt_xw_wide_text(w, ws, ++r, cols, k, "Territorios presentes en un solo periodo "
                            "(detalle en la hoja «Comparación por territorio»):", w->label);
            header = true;
        }
        bt_xw_wide_text(w, ws, ++r, cols, k,
                        bt_arena_printf(w->scratch, "• %s, %s: solo en %d.",
                                        bt_region_at((size_t)row->region)->name,
                                        bt_xw_terr_label(w, row->number, row->name),
                                        row->present[1] ? c->period : c->previous), w->wrap);
    }
    bt_xw_filter(w, ws, (uint32_t)nreg, k);
}
