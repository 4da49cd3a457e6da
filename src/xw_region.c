/* xw_region.c - the region workbook (see xlsxwrite.h), and the matrices
 * it shares with the national one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/batch.h"
#include "bitacora/refdata.h"
#include "bitacora/summary.h"
#include "bitacora/template.h"
#include "bitacora/text.h"
#include "xw_report.h"

static const char *name_text(const bt_territory *t)
{
    return t->field[BT_F_TERRNAME].text ? t->field[BT_F_TERRNAME].text : t->source_name;
}

static const char *period_label(bt_xw *w, int period)
{
    const char *s = period ? bt_arena_printf(w->scratch, "%d", period) : "periodo no indicado";
    return s ? s : "";
}

/* Comments on the shaded cells of a territory's matrix row: the unknown
 * figures (incomplete), and the staff declared against the names. */
static void matrix_notes(bt_xw *w, lxw_worksheet *ws, uint32_t row, bt_territory *const *t,
                         const bt_table *tb, const size_t *miss, size_t diff_col, double diff)
{
    for (size_t c = 0; c <= tb->nitems; c++)
        if (miss[c])
            bt_xw_item_note(w, ws, row, (uint16_t)(2 + c), t, 1, tb->id,
                            c < tb->nitems ? (int)c : -1);
    if (!diff_col || diff == 0)
        return;
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < bt_findings_count(t[0]->findings); i++) {
        const bt_finding *x = bt_findings_at(t[0]->findings, i);
        if (x->code != BT_E_STAFF_NAMES)
            continue;
        char cell[320];
        bt_finding_cell(x, cell, sizeof cell);
        bt_sb_printf(&b, "%sError E051 en %s: %s", b.len ? "\n\n" : "", cell, x->message);
    }
    if (b.len && !b.failed)
        bt_xw_comment(w, ws, row, (uint16_t)diff_col, bt_sb_str(&b));
    bt_sb_free(&b);
}

/* Territory x item matrix of units or declared staff, with a total per
 * territory and per item, what is unknown marked, and a stacked chart of
 * each territory by item; the staff one also compares the declared staff
 * with the names listed. */
static void item_matrix(bt_xw *w, const bt_region_group *g, bt_table_id tid,
                        bt_territory *const *ts, size_t n)
{
    const bt_table *tb = bt_tpl_table(tid);
    bool units = tid == BT_TABLE_UNITS;
    const char *sheet = units ? "Unidades educativas" : "Dotación";
    size_t nc = tb->nitems + 1;
    bt_xw_col cols[2 + 16 + 5];
    size_t k = 0;
    cols[k++] = (bt_xw_col){"N° territorio", 8, false};
    cols[k++] = (bt_xw_col){"Territorio", 24, true};
    k = bt_xwl_item_columns(tb, cols, k, units ? 10 : 13);
    cols[k++] = (bt_xw_col){units ? "Total" : "Total declarado", 9, false};
    if (!units) {
        cols[k++] = (bt_xw_col){"Profesionales listados", 10, false};
        cols[k++] = (bt_xw_col){"Diferencia (listados - declarados)", 12, true};
    }
    size_t ccol = k;            /* the completeness column */
    cols[k++] = (bt_xw_col){"Completitud", 22, true};
    lxw_worksheet *ws = bt_xw_sheet(w, sheet, cols, k);
    if (!ws)
        return;
    size_t cells = n * nc + 1;
    double *v = calloc(cells, sizeof(double));
    size_t *miss = v ? calloc(cells, sizeof(size_t)) : NULL;
    if (!miss) {
        free(v);
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    double listed_total = 0, diff_total = 0;
    for (size_t r = 0; r < n; r++) {
        const bt_territory *t = ts[r];
        uint32_t row = (uint32_t)r + 1;
        bt_xw_terrnum(w, ws, row, 0, t);
        bt_xw_text(w, ws, row, 1, name_text(t), w->wrap);
        bt_xwl_item_values(t, tb, v + r * nc, miss + r * nc);
        size_t missing = 0, listed = 0;
        uint64_t decl = units ? bt_units_sum(t, &missing) : bt_staff_sum(t, &missing, &listed);
        double diff = (double)listed - (double)decl;
        if (!units) {
            bt_xw_num(w, ws, row, (uint16_t)(2 + nc + 1), (double)listed, w->num);
            bt_xw_num(w, ws, row, (uint16_t)(2 + nc + 2), diff, diff != 0 ? w->error : w->num);
            listed_total += (double)listed;
            diff_total += diff;
        }
        matrix_notes(w, ws, row, &ts[r], tb, miss + r * nc, units ? 0 : 2 + nc + 2, diff);
        bt_xw_text(w, ws, row, (uint16_t)ccol, bt_xwl_completeness(w, &ts[r], 1, units),
                   missing ? w->aviso : w->text);
    }
    uint32_t tr = bt_xw_matrix(w, ws, sheet, 2, v, miss, NULL, n, nc, true, NULL);
    bt_xw_text(w, ws, tr, 1, "Total", w->tot_label);
    if (!units) {
        bt_xw_sum(w, ws, tr, (uint16_t)(2 + nc + 1), 1, (uint32_t)n, listed_total, w->tot_num);
        bt_xw_sum(w, ws, tr, (uint16_t)(2 + nc + 2), 1, (uint32_t)n, diff_total, w->tot_num);
    }
    const char *all = bt_xwl_completeness(w, ts, n, units);
    bt_xw_text(w, ws, tr, (uint16_t)ccol, all, strcmp(all, "Completo") ? w->aviso : w->text);
    bool skip[17];
    bt_xw_empty_columns(v, n, nc, skip);
    const bt_region *reg = bt_region_at((size_t)g->region);
    const char *title = bt_arena_printf(w->scratch, "%s por territorio y %s · %s · %s",
                                        units ? "Unidades educativas" : "Dotación declarada",
                                        units ? "programa" : "disciplina", reg->full,
                                        period_label(w, g->period));
    if (n)
        bt_xw_stacked_chart(w, ws, sheet, 1, 1, (uint32_t)n, 2, (uint16_t)(2 + nc - 1), skip,
                            title, tr + 2, 0);
    free(v);
    free(miss);
    bt_xw_filter(w, ws, n ? (uint32_t)n : 1, k);
}

/* ---- the long texts: one sheet per kind, a territory's rows at a time ---- */

typedef void (*rows_fn)(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const bt_territory *t);

static void people_rows(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->nstaff; k++) {
        const bt_staff_row *s = &t->staff[k];
        const char *d = s->item >= 0 ? bt_tpl_table(BT_TABLE_STAFF)->items[s->item].label
                                     : s->label;
        for (size_t p = 0; p < s->npeople; p++, (*r)++) {
            bt_xw_terrnum(w, ws, *r, 0, t);
            bt_xw_text(w, ws, *r, 1, name_text(t), w->wrap);
            bt_xw_text(w, ws, *r, 2, d, w->wrap);
            bt_xw_text(w, ws, *r, 3, s->people[p].name, w->wrap);
        }
    }
}

static void caett_rows(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->ncaett; k++, (*r)++) {
        const bt_caett_row *c = &t->caett[k];
        bt_xw_terrnum(w, ws, *r, 0, t);
        bt_xw_text(w, ws, *r, 1, name_text(t), w->wrap);
        bt_xw_text(w, ws, *r, 2, c->topic.text, w->wrap);
        bt_xw_dateval(w, ws, *r, 3, &c->date);
        if (c->date.state == BT_ST_BAD)
            bt_xw_note(w, ws, *r, 3, t, c->date.loc, NULL);
        bt_xw_text(w, ws, *r, 4, c->strategy.text, w->wrap);
    }
}

static void session_rows(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->nsessions; k++, (*r)++) {
        const bt_session *s = &t->sessions[k];
        bt_xw_terrnum(w, ws, *r, 0, t);
        bt_xw_text(w, ws, *r, 1, name_text(t), w->wrap);
        if (s->number)
            bt_xw_num(w, ws, *r, 2, s->number, w->num);
        bt_xw_dateval(w, ws, *r, 3, &s->date);
        if (s->date.state == BT_ST_BAD)
            bt_xw_note(w, ws, *r, 3, t, s->date.loc, NULL);
        bt_xw_text(w, ws, *r, 4, s->tematica.text, w->wrap);
        bt_xw_text(w, ws, *r, 5, s->registro.text, w->wrap);
    }
}

/* The long texts, one row per territory and section: a record is a
 * block of rows that reads down the page, not eleven columns of 3-point
 * text across it. */
static void planning_rows(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const bt_territory *t)
{
    static const bt_field_id ids[] = {BT_F_REPRESENTANTE, BT_F_FRECUENCIA, BT_F_PLATAFORMA,
                                      BT_F_OTROS_ACUERDOS, BT_F_PLAN_A, BT_F_PLAN_B,
                                      BT_F_PLAN_C, BT_F_PLAN_D, BT_F_EVAL_ANALISIS};
    static const char *const labels[] = {
        "Representante territorial", "Frecuencia de reuniones",
        "Registro de acompañamientos en plataforma", "Otros acuerdos",
        "A. Visión general del territorio", "B. Coordinación del acompañamiento",
        "C. Acciones y estrategias interdisciplinarias", "D. Oportunidades de mejora de las UE",
        "Evaluación: análisis y reflexión de los resultados"};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++, (*r)++) {
        bt_xw_terrnum(w, ws, *r, 0, t);
        bt_xw_text(w, ws, *r, 1, name_text(t), w->wrap);
        bt_xw_text(w, ws, *r, 2, labels[k], w->label);
        bt_xw_text(w, ws, *r, 3, t->field[ids[k]].text, w->wrap);
    }
}

static void projection_rows(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const bt_territory *t)
{
    const bt_table *tb = bt_tpl_table(BT_TABLE_PROJ);
    for (size_t k = 0; k < t->nproj; k++, (*r)++) {
        const bt_projection *p = &t->proj[k];
        bt_xw_terrnum(w, ws, *r, 0, t);
        bt_xw_text(w, ws, *r, 1, name_text(t), w->wrap);
        bt_xw_text(w, ws, *r, 2, p->ambito >= 0 ? tb->items[p->ambito].label : p->ambito_label,
                   w->wrap);
        bt_xw_text(w, ws, *r, 3, p->objetivo.text, w->wrap);
        bt_xw_text(w, ws, *r, 4, p->estrategia.text, w->wrap);
    }
}

static const bt_xw_col people_cols[] = {{"N° territorio", 8, false}, {"Territorio", 26, true},
                                        {"Disciplina", 30, true},
                                        {"Nombre y apellidos", 40, true}};
static const bt_xw_col caett_cols[] = {
    {"N° territorio", 8, false}, {"Territorio", 24, true},
    {"Contextos, temáticas, contenidos, problemáticas", 48, true},
    {"Fecha en que se abordan", 12, false}, {"Estrategias para su desarrollo", 48, true}};
static const bt_xw_col session_cols[] = {
    {"N° territorio", 8, false}, {"Territorio", 22, true}, {"N° de sesión", 7, false},
    {"Fecha", 11, false},        {"Temática abordada", 30, true},
    {"Registro (desarrollo, reflexiones, acuerdos)", 80, true}};
static const bt_xw_col planning_cols[] = {{"N° territorio", 8, false}, {"Territorio", 22, true},
                                          {"Apartado", 30, true}, {"Texto", 96, true}};
static const bt_xw_col projection_cols[] = {{"N° territorio", 8, false}, {"Territorio", 24, true},
                                            {"Ámbito", 24, true},         {"Objetivo", 56, true},
                                            {"Estrategia", 56, true}};

#define NCOLS(a) (sizeof a / sizeof a[0])
static const struct {
    const char *name;
    const bt_xw_col *cols;
    size_t ncols;
    rows_fn rows;
} text_sheets[] = {
    {"Profesionales", people_cols, NCOLS(people_cols), people_rows},
    {"Comunidades", caett_cols, NCOLS(caett_cols), caett_rows},
    {"Registros", session_cols, NCOLS(session_cols), session_rows},
    {"Planificación", planning_cols, NCOLS(planning_cols), planning_rows},
    {"Proyecciones", projection_cols, NCOLS(projection_cols), projection_rows},
};
#define NTEXT (sizeof text_sheets / sizeof text_sheets[0])

/* Every text sheet, a territory at a time: a summary (summary.h) is read
 * whole only while its rows are written, so a region of hundreds of
 * territories never holds all their texts at once. */
static bt_err text_lists(bt_xw *w, bt_territory *const *ts, size_t n)
{
    lxw_worksheet *ws[NTEXT];
    uint32_t r[NTEXT];
    for (size_t k = 0; k < NTEXT; k++) {
        ws[k] = bt_xw_sheet(w, text_sheets[k].name, text_sheets[k].cols, text_sheets[k].ncols);
        r[k] = 1;
    }
    bt_err e = BT_OK;
    for (size_t i = 0; i < n && !e; i++) {
        bt_territory *whole;
        e = bt_territory_whole(ts[i], &whole);
        for (size_t k = 0; k < NTEXT && !e; k++)
            if (ws[k])
                text_sheets[k].rows(w, ws[k], &r[k], whole ? whole : ts[i]);
        bt_territory_free(whole);
    }
    for (size_t k = 0; k < NTEXT; k++)
        bt_xw_filter(w, ws[k], r[k] > 1 ? r[k] - 1 : 1, text_sheets[k].ncols);
    return e;
}

/* "Valparaíso · Territorio 3 «Cordillera»" when the sheet spans regions. */
static const char *owner(bt_xw *w, int region, const char *label, bool with_region)
{
    if (!with_region)
        return label;
    const char *s = bt_arena_printf(w->scratch, "%s · %s",
                                    region >= 0 ? bt_region_at((size_t)region)->name
                                                : "Sin región",
                                    label);
    return s ? s : label;
}

bt_err bt_xw_findings_of(bt_xw *w, bt_territory *const *ts, size_t n, const bt_missing *m,
                         size_t nm, const bt_findings *run, bool with_region)
{
    size_t total = n + nm + 2;
    const bt_findings **lists = calloc(total, sizeof *lists);
    const char **owners = calloc(total, sizeof *owners);
    bt_err e = lists && owners ? BT_OK : BT_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n && !e; i++) {
        lists[k] = ts[i]->findings;
        owners[k++] = owner(w, ts[i]->region, bt_territory_label(ts[i]), with_region);
    }
    /* The missing territories' findings, each under its own label. */
    bt_findings **one = calloc(nm ? nm : 1, sizeof *one);
    if (!one)
        e = BT_ERR_NOMEM;
    for (size_t i = 0; i < nm && !e && run; i++) {
        one[i] = bt_findings_new();
        if (!one[i]) {
            e = BT_ERR_NOMEM;
            break;
        }
        for (size_t f = 0; f < bt_findings_count(run) && !e; f++) {
            const bt_finding *x = bt_findings_at(run, f);
            if (m[i].message && !strcmp(x->message, m[i].message))
                e = bt_findings_add(one[i], x->code, x->file, x->sheet, x->row, x->col, x->field,
                                    x->value, "%s", x->message);
        }
        lists[k] = one[i];
        const char *label =
            m[i].range > 1 ? bt_arena_printf(w->scratch, "Territorios del %llu al %llu",
                                             (unsigned long long)m[i].number,
                                             (unsigned long long)(m[i].number + m[i].range - 1))
                           : bt_xw_terr_label(w, m[i].number,
                                              m[i].roster ? m[i].roster->name : NULL);
        owners[k++] = owner(w, m[i].region, label, with_region);
    }
    /* The roster's own rows that could not be used: the national list. */
    bt_findings *roster = with_region && run ? bt_findings_new() : NULL;
    for (size_t f = 0; roster && !e && f < bt_findings_count(run); f++) {
        const bt_finding *x = bt_findings_at(run, f);
        if (x->code == BT_A_ROSTER_ROW)
            e = bt_findings_add(roster, x->code, x->file, x->sheet, x->row, x->col, x->field,
                                x->value, "%s", x->message);
    }
    if (roster) {
        lists[k] = roster;
        owners[k++] = "Listado de territorios";
    } else if (with_region && run) {
        e = BT_ERR_NOMEM;
    }
    if (!e)
        bt_xw_findings_sheet(w, "Validación", lists, owners, k);
    bt_findings_free(roster);
    for (size_t i = 0; one && i < nm; i++)
        bt_findings_free(one[i]);
    free(one);
    free(lists);
    free(owners);
    return e;
}

/* The counted territories of a region (caller frees). */
static bt_territory **counted_of(bt_territory *const *ts, size_t n, size_t *nout)
{
    bt_territory **v = calloc(n ? n : 1, sizeof *v);
    *nout = 0;
    for (size_t i = 0; v && i < n; i++)
        if (bt_counted(ts[i]))
            v[(*nout)++] = ts[i];
    return v;
}

bt_err bt_write_region_xlsx(const bt_region_group *g, const char *path)
{
    const bt_region *reg = bt_region_at((size_t)g->region);
    bt_xw w;
    char title[200];
    snprintf(title, sizeof title, "Bitácoras ETT: %s", reg->full);
    bt_err e = bt_xw_open(&w, path, title);
    if (e) {
        if (w.wb)
            bt_xw_close(&w);
        return e;
    }
    bt_xw_set_page(&w, reg->full, bt_arena_printf(w.scratch, "Periodo %s",
                                                  period_label(&w, g->period)));
    const bt_missing *m;
    size_t nm = bt_reports_missing(g->reports, g->period, g->region, &m);
    size_t nc;
    bt_territory **counted = counted_of(g->items, g->n, &nc);
    bt_xwl_row *rows = calloc(g->n + nm + 1, sizeof *rows);
    if (!counted || !rows) {
        free(counted);
        free(rows);
        w.bterr = BT_ERR_NOMEM;
        return bt_xw_close(&w);
    }
    size_t nrows = bt_xwl_merge(g->items, g->n, m, nm, rows);
    bt_xwl_sheet(&w, "Resumen", rows, nrows);
    item_matrix(&w, g, BT_TABLE_UNITS, counted, nc);
    item_matrix(&w, g, BT_TABLE_STAFF, counted, nc);
    const bt_comparison *cmp = bt_reports_comparison(g->reports, g->period);
    if (cmp)
        bt_xwc_territories(&w, "Comparación", cmp, g->region);
    e = text_lists(&w, counted, nc);
    if (e && !w.bterr)
        w.bterr = e;
    bt_xwk_region(&w, g->items, g->n, m, nm, g->period);
    e = bt_xw_findings_of(&w, g->items, g->n, m, nm, bt_reports_findings(g->reports), false);
    if (e && !w.bterr)
        w.bterr = e;
    free(rows);
    free(counted);
    return bt_xw_close(&w);
}
