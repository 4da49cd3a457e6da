/* xw_region.c - the region workbook and the national one (see xlsxwrite.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/batch.h"
#include "bitacora/refdata.h"
#include "bitacora/template.h"
#include "bitacora/text.h"
#include "bitacora/xlsxwrite.h"
#include "xw.h"

/* ---- shared pieces ---- */

static const char *num_text(bt_xw *w, const bt_territory *t)
{
    if (t->terrnum.state == BT_ST_OK)
        return bt_arena_printf(w->scratch, "%llu", (unsigned long long)t->terrnum.n);
    return t->terrnum.raw ? t->terrnum.raw : "?";
}

static const char *name_text(const bt_territory *t)
{
    return t->field[BT_F_TERRNAME].text ? t->field[BT_F_TERRNAME].text : t->source_name;
}

static const char *comunas_names(bt_xw *w, const bt_territory *t)
{
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < t->ncomunas; i++) {
        if (i)
            bt_sb_puts(&b, "; ");
        const bt_comuna_ref *c = &t->comunas[i];
        bt_sb_puts(&b, c->index >= 0 ? bt_comuna_at((size_t)c->index)->name : c->raw);
    }
    const char *s = b.failed ? NULL : bt_arena_strdup(w->scratch, bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static const char *why_out(const bt_territory *t)
{
    if (!t->readable)
        return "no se pudo leer";
    if (t->strict_skipped)
        return "tiene errores (--strict)";
    if (t->duplicate_conflict)
        return "archivo duplicado con diferencias";
    if (t->duplicate)
        return "duplicado idéntico de otro archivo";
    if (t->region < 0)
        return "región no reconocida";
    return "";
}

/* One row per territory: the Resumen of a region and the national list. */
static const bt_xw_col terr_cols[] = {
    {"Región", 22, true},
    {"N° territorio", 9, false},
    {"Territorio", 26, true},
    {"Comunas", 34, true},
    {"Periodo", 8, false},
    {"Unidades educativas", 11, false},
    {"Unidades: completitud", 18, true},
    {"Dotación declarada", 11, false},
    {"Dotación: completitud", 18, true},
    {"Profesionales listados", 12, false},
    {"CAETT proyectadas", 11, false},
    {"Sesiones registradas", 11, false},
    {"Errores", 8, false},
    {"Avisos", 8, false},
    {"Estado", 30, true},
    {"En los totales", 10, false},
    {"Archivo de origen", 36, true},
};
#define TERR_NCOLS (sizeof terr_cols / sizeof terr_cols[0])
#define COL_INCLUDED 15

static void terr_row(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t)
{
    const bt_region *reg = t->region >= 0 ? bt_region_at((size_t)t->region) : NULL;
    bt_xw_text(w, ws, r, 0, reg ? reg->name : t->field[BT_F_REGION].text, w->wrap);
    if (t->terrnum.state == BT_ST_OK)
        bt_xw_num(w, ws, r, 1, (double)t->terrnum.n, w->num);
    else
        bt_xw_text(w, ws, r, 1, t->terrnum.raw, w->error);
    bt_xw_text(w, ws, r, 2, name_text(t), w->wrap);
    bt_xw_text(w, ws, r, 3, comunas_names(w, t), w->wrap);
    if (t->period)
        bt_xw_num(w, ws, r, 4, t->period, w->num);
    bool counted = bt_counted(t);
    if (t->readable) {
        size_t missing, smissing, listed;
        uint64_t units = bt_units_sum(t, &missing);
        uint64_t staff = bt_staff_sum(t, &smissing, &listed);
        bt_xw_num(w, ws, r, 5, (double)units, w->num);
        bt_xw_text(w, ws, r, 6,
                   bt_xw_missing(w, missing),
                   missing ? w->aviso : w->text);
        bt_xw_num(w, ws, r, 7, (double)staff, w->num);
        bt_xw_text(w, ws, r, 8, bt_xw_missing(w, smissing), smissing ? w->aviso : w->text);
        bt_xw_num(w, ws, r, 9, (double)listed, w->num);
        if (t->caett_projected.state == BT_ST_OK)
            bt_xw_num(w, ws, r, 10, (double)t->caett_projected.n, w->num);
        bt_xw_num(w, ws, r, 11, (double)t->nsessions, w->num);
    }
    size_t errors = bt_territory_errors(t), avisos = bt_territory_avisos(t);
    bt_xw_num(w, ws, r, 12, (double)errors, w->num);
    bt_xw_num(w, ws, r, 13, (double)avisos, w->num);
    bt_xw_text(w, ws, r, 14, bt_xw_status(t), errors ? w->error : avisos ? w->aviso : w->ok);
    bt_xw_text(w, ws, r, COL_INCLUDED, counted ? "Sí" : "No", counted ? w->text : w->error);
    bt_xw_text(w, ws, r, 16, t->display, w->wrap);
}

static const char *completeness(bt_xw *w, size_t missing, size_t rows);

/* The totals row under a territory list: only rows marked "Sí" count. */
static void terr_totals(bt_xw *w, lxw_worksheet *ws, uint32_t first, uint32_t last,
                        bt_territory *const *ts, size_t n)
{
    uint32_t tr = last + 1;
    bt_xw_text(w, ws, tr, 0, "Total (territorios en los totales)", w->tot_label);
    /* The totals are over what is there; beside them, what is missing. */
    size_t umiss = 0, urows = 0, smiss = 0, srows = 0;
    for (size_t i = 0; i < n; i++) {
        size_t m, listed;
        if (!bt_counted(ts[i]))
            continue;
        bt_units_sum(ts[i], &m);
        umiss += m;
        urows += m > 0;
        bt_staff_sum(ts[i], &m, &listed);
        smiss += m;
        srows += m > 0;
    }
    bt_xw_text(w, ws, tr, 6, completeness(w, umiss, urows), umiss ? w->aviso : w->text);
    bt_xw_text(w, ws, tr, 8, completeness(w, smiss, srows), smiss ? w->aviso : w->text);
    static const uint16_t cols[] = {5, 7, 9, 10, 11, 12, 13};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        double v = 0;
        for (size_t i = 0; i < n; i++) {
            const bt_territory *t = ts[i];
            if (!bt_counted(t))
                continue;
            size_t miss, listed;
            switch (cols[k]) {
            case 5: v += (double)bt_units_sum(t, &miss); break;
            case 7: v += (double)bt_staff_sum(t, &miss, &listed); break;
            case 9: bt_staff_sum(t, &miss, &listed); v += (double)listed; break;
            case 10: v += t->caett_projected.state == BT_ST_OK ? (double)t->caett_projected.n : 0; break;
            case 11: v += (double)t->nsessions; break;
            case 12: v += (double)bt_territory_errors(t); break;
            case 13: v += (double)bt_territory_avisos(t); break;
            }
        }
        if (last < first) {
            bt_xw_num(w, ws, tr, cols[k], 0, w->tot_num);
            continue;
        }
        char inc[8], col[8], formula[128];
        bt_col_letters(COL_INCLUDED + 1, inc);
        bt_col_letters((unsigned)cols[k] + 1, col);
        snprintf(formula, sizeof formula, "=SUMIF(%s%u:%s%u,\"Sí\",%s%u:%s%u)", inc,
                 (unsigned)first + 1, inc, (unsigned)last + 1, col, (unsigned)first + 1, col,
                 (unsigned)last + 1);
        lxw_error le = ws ? worksheet_write_formula_num(ws, tr, cols[k], formula, w->tot_num, v)
                          : LXW_NO_ERROR;
        if (le && !w->err)
            w->err = le;
    }
}

/* Notes under a list: what the totals leave out, and why. */
static uint32_t left_out_notes(bt_xw *w, lxw_worksheet *ws, uint32_t r,
                               bt_territory *const *ts, size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const bt_territory *t = ts[i];
        if (bt_counted(t))
            continue;
        if (!any) {
            r++;
            bt_xw_text(w, ws, r++, 0,
                       "Los totales dejan fuera estos archivos (sumarlos sería adivinar):",
                       w->bold);
            any = true;
        }
        const char *detail = !t->readable ? t->fatal
                             : t->duplicate_of
                                 ? bt_arena_printf(w->scratch, "%s (%s)", why_out(t), t->duplicate_of)
                                 : why_out(t);
        bt_xw_text(w, ws, r, 0, t->display, w->wrap);
        bt_xw_text(w, ws, r, 2, detail, w->note);
        r++;
    }
    return r;
}

/* The counted territories of a list (caller frees). */
static bt_territory **counted_of(bt_territory *const *ts, size_t n, size_t *nout)
{
    bt_territory **v = calloc(n ? n : 1, sizeof *v);
    *nout = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (bt_counted(ts[i]))
            v[(*nout)++] = ts[i];
    return v;
}

/* The columns of a table's fixed items (short labels) and the column of
 * the items found outside the list, appended to cols from k. */
static size_t item_columns(const bt_table *tb, bt_xw_col *cols, size_t k, double width)
{
    for (size_t i = 0; i < tb->nitems; i++)
        cols[k++] = (bt_xw_col){tb->items[i].short_label, width, true};
    cols[k++] = (bt_xw_col){tb->id == BT_TABLE_UNITS ? "Otros programas" : "Otras disciplinas",
                            11, true};
    return k;
}

/* A territory's declared figure for each fixed item, then the extras,
 * added into row[0..nitems], and how many of them are unknown into
 * miss[0..nitems]. */
static void add_item_values(const bt_territory *t, const bt_table *tb, double *row, size_t *miss)
{
    for (size_t c = 0; c <= tb->nitems; c++) {
        int item = c < tb->nitems ? (int)c : -1;
        size_t m = 0;
        row[c] += tb->id == BT_TABLE_UNITS ? (double)bt_units_of(t, item, &m)
                                           : (double)bt_staff_of(t, item, &m, NULL);
        miss[c] += m;
    }
}

/* "Completo", or how many figures are unknown and in how many rows. */
static const char *completeness(bt_xw *w, size_t missing, size_t rows)
{
    if (!missing)
        return "Completo";
    const char *m = bt_xw_missing(w, missing);
    if (rows <= 1)
        return m;
    m = bt_arena_printf(w->scratch, "%s en %zu territorios", m, rows);
    return m ? m : "Incompleto";
}

/* Territory x item matrix of units or declared staff, with a total per
 * territory and per item, what is unknown marked, and a chart; the staff
 * one also compares the declared staff with the names listed. */
static void item_matrix(bt_xw *w, const char *sheet, bt_table_id tid, bt_territory *const *ts,
                        size_t n)
{
    const bt_table *tb = bt_tpl_table(tid);
    bool units = tid == BT_TABLE_UNITS;
    size_t nc = tb->nitems + 1;
    bt_xw_col cols[2 + 16 + 5];
    size_t k = 0;
    cols[k++] = (bt_xw_col){"N° territorio", 9, false};
    cols[k++] = (bt_xw_col){"Territorio", 26, true};
    k = item_columns(tb, cols, k, units ? 11 : 12);
    cols[k++] = (bt_xw_col){units ? "Total" : "Total declarado", 10, false};
    if (!units) {
        cols[k++] = (bt_xw_col){"Profesionales listados", 12, false};
        cols[k++] = (bt_xw_col){"Diferencia (listados - declarados)", 14, true};
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
    size_t missing_total = 0, rows_incomplete = 0;
    for (size_t r = 0; r < n; r++) {
        const bt_territory *t = ts[r];
        uint32_t row = (uint32_t)r + 1;
        bt_xw_text(w, ws, row, 0, num_text(w, t), w->text);
        bt_xw_text(w, ws, row, 1, name_text(t), w->wrap);
        add_item_values(t, tb, v + r * nc, miss + r * nc);
        size_t missing = 0, listed = 0;
        uint64_t decl = units ? bt_units_sum(t, &missing) : bt_staff_sum(t, &missing, &listed);
        if (!units) {
            bt_xw_num(w, ws, row, (uint16_t)(2 + nc + 1), (double)listed, w->num);
            double diff = (double)listed - (double)decl;
            bt_xw_num(w, ws, row, (uint16_t)(2 + nc + 2), diff, diff != 0 ? w->error : w->num);
            listed_total += (double)listed;
            diff_total += diff;
        }
        bt_xw_text(w, ws, row, (uint16_t)ccol, completeness(w, missing, 1),
                   missing ? w->aviso : w->text);
        missing_total += missing;
        rows_incomplete += missing ? 1 : 0;
    }
    uint32_t tr = bt_xw_matrix(w, ws, sheet, 2, v, miss, NULL, n, nc, true,
                               units ? "Unidades educativas por programa"
                                     : "Dotación declarada por disciplina");
    bt_xw_text(w, ws, tr, 1, "Total", w->tot_label);
    if (!units) {
        bt_xw_sum(w, ws, tr, (uint16_t)(2 + nc + 1), 1, (uint32_t)n, listed_total, w->tot_num);
        bt_xw_sum(w, ws, tr, (uint16_t)(2 + nc + 2), 1, (uint32_t)n, diff_total, w->tot_num);
    }
    bt_xw_text(w, ws, tr, (uint16_t)ccol, completeness(w, missing_total, rows_incomplete),
               missing_total ? w->aviso : w->text);
    free(v);
    free(miss);
    bt_xw_filter(w, ws, n ? (uint32_t)n : 1, k);
}

/* ---- region workbook ---- */

static void region_resumen(bt_xw *w, const bt_region_group *g)
{
    lxw_worksheet *ws = bt_xw_sheet(w, "Resumen", terr_cols, TERR_NCOLS);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t i = 0; i < g->n; i++)
        terr_row(w, ws, r++, g->items[i]);
    uint32_t last = r - 1;
    terr_totals(w, ws, 1, last, g->items, g->n);
    r = left_out_notes(w, ws, r + 1, g->items, g->n);
    bt_xw_filter(w, ws, last >= 1 ? last : 1, TERR_NCOLS);
}

static void people_list(bt_xw *w, bt_territory *const *ts, size_t n)
{
    static const bt_xw_col cols[] = {{"N° territorio", 9, false}, {"Territorio", 26, true},
                                     {"Disciplina", 30, true}, {"Nombre y apellidos", 40, true}};
    lxw_worksheet *ws = bt_xw_sheet(w, "Profesionales", cols, 4);
    uint32_t r = 1;
    for (size_t i = 0; i < n && ws; i++) {
        const bt_territory *t = ts[i];
        for (size_t k = 0; k < t->nstaff; k++) {
            const bt_staff_row *s = &t->staff[k];
            const char *d = s->item >= 0 ? bt_tpl_table(BT_TABLE_STAFF)->items[s->item].label
                                         : s->label;
            for (size_t p = 0; p < s->npeople; p++) {
                bt_xw_text(w, ws, r, 0, num_text(w, t), w->text);
                bt_xw_text(w, ws, r, 1, name_text(t), w->wrap);
                bt_xw_text(w, ws, r, 2, d, w->wrap);
                bt_xw_text(w, ws, r, 3, s->people[p].name, w->wrap);
                r++;
            }
        }
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 4);
}

static void caett_list(bt_xw *w, bt_territory *const *ts, size_t n)
{
    static const bt_xw_col cols[] = {
        {"N° territorio", 9, false}, {"Territorio", 26, true},
        {"Contextos, temáticas, contenidos, problemáticas", 48, true},
        {"Fecha en que se abordan", 13, false}, {"Estrategias para su desarrollo", 48, true}};
    lxw_worksheet *ws = bt_xw_sheet(w, "Comunidades", cols, 5);
    uint32_t r = 1;
    for (size_t i = 0; i < n && ws; i++) {
        const bt_territory *t = ts[i];
        for (size_t k = 0; k < t->ncaett; k++) {
            const bt_caett_row *c = &t->caett[k];
            bt_xw_text(w, ws, r, 0, num_text(w, t), w->text);
            bt_xw_text(w, ws, r, 1, name_text(t), w->wrap);
            bt_xw_text(w, ws, r, 2, c->topic.text, w->wrap);
            bt_xw_dateval(w, ws, r, 3, &c->date);
            bt_xw_text(w, ws, r, 4, c->strategy.text, w->wrap);
            r++;
        }
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 5);
}

static void sessions_list(bt_xw *w, bt_territory *const *ts, size_t n)
{
    static const bt_xw_col cols[] = {
        {"N° territorio", 9, false}, {"Territorio", 26, true}, {"N° de sesión", 8, false},
        {"Fecha", 12, false},        {"Temática abordada", 36, true},
        {"Registro (desarrollo, reflexiones, acuerdos)", 80, true}};
    lxw_worksheet *ws = bt_xw_sheet(w, "Registros", cols, 6);
    uint32_t r = 1;
    for (size_t i = 0; i < n && ws; i++) {
        const bt_territory *t = ts[i];
        for (size_t k = 0; k < t->nsessions; k++) {
            const bt_session *s = &t->sessions[k];
            bt_xw_text(w, ws, r, 0, num_text(w, t), w->text);
            bt_xw_text(w, ws, r, 1, name_text(t), w->wrap);
            if (s->number)
                bt_xw_num(w, ws, r, 2, s->number, w->num);
            bt_xw_dateval(w, ws, r, 3, &s->date);
            bt_xw_text(w, ws, r, 4, s->tematica.text, w->wrap);
            bt_xw_text(w, ws, r, 5, s->registro.text, w->wrap);
            r++;
        }
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 6);
}

static void planning_list(bt_xw *w, bt_territory *const *ts, size_t n)
{
    static const bt_field_id ids[] = {BT_F_REPRESENTANTE, BT_F_FRECUENCIA, BT_F_PLATAFORMA,
                                      BT_F_OTROS_ACUERDOS, BT_F_PLAN_A, BT_F_PLAN_B,
                                      BT_F_PLAN_C, BT_F_PLAN_D, BT_F_EVAL_ANALISIS};
    static const bt_xw_col cols[] = {
        {"N° territorio", 9, false},
        {"Territorio", 24, true},
        {"Representante territorial", 24, true},
        {"Frecuencia de reuniones", 20, true},
        {"Registro de acompañamientos en plataforma", 24, true},
        {"Otros acuerdos", 30, true},
        {"A. Visión general del territorio", 45, true},
        {"B. Coordinación del acompañamiento", 45, true},
        {"C. Acciones y estrategias interdisciplinarias", 45, true},
        {"D. Oportunidades de mejora de las UE", 45, true},
        {"Evaluación: análisis y reflexión de los resultados", 45, true},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Planificación", cols, 11);
    uint32_t r = 1;
    for (size_t i = 0; i < n && ws; i++) {
        const bt_territory *t = ts[i];
        bt_xw_text(w, ws, r, 0, num_text(w, t), w->text);
        bt_xw_text(w, ws, r, 1, name_text(t), w->wrap);
        for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
            bt_xw_text(w, ws, r, (uint16_t)(2 + k), t->field[ids[k]].text, w->wrap);
        r++;
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 11);
}

static void projections_list(bt_xw *w, bt_territory *const *ts, size_t n)
{
    static const bt_xw_col cols[] = {{"N° territorio", 9, false}, {"Territorio", 26, true},
                                     {"Ámbito", 26, true},         {"Objetivo", 60, true},
                                     {"Estrategia", 60, true}};
    lxw_worksheet *ws = bt_xw_sheet(w, "Proyecciones", cols, 5);
    const bt_table *tb = bt_tpl_table(BT_TABLE_PROJ);
    uint32_t r = 1;
    for (size_t i = 0; i < n && ws; i++) {
        const bt_territory *t = ts[i];
        for (size_t k = 0; k < t->nproj; k++) {
            const bt_projection *p = &t->proj[k];
            bt_xw_text(w, ws, r, 0, num_text(w, t), w->text);
            bt_xw_text(w, ws, r, 1, name_text(t), w->wrap);
            bt_xw_text(w, ws, r, 2, p->ambito >= 0 ? tb->items[p->ambito].label : p->ambito_label,
                       w->wrap);
            bt_xw_text(w, ws, r, 3, p->objetivo.text, w->wrap);
            bt_xw_text(w, ws, r, 4, p->estrategia.text, w->wrap);
            r++;
        }
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 5);
}

static void findings_of(bt_xw *w, bt_territory *const *ts, size_t n)
{
    const bt_findings **lists = malloc((n ? n : 1) * sizeof *lists);
    if (!lists) {
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        lists[i] = ts[i]->findings;
    bt_xw_findings_sheet(w, "Validación", lists, (const bt_territory *const *)ts, n);
    free(lists);
}

bt_err bt_write_region_xlsx(const bt_region_group *g, const char *path)
{
    const bt_region *reg = bt_region_at((size_t)g->region);
    bt_xw w;
    char title[200];
    snprintf(title, sizeof title, "Bitácoras ETT: %s", reg ? reg->full : "región desconocida");
    bt_err e = bt_xw_open(&w, path, title);
    if (e) {
        if (w.wb)
            bt_xw_close(&w);
        return e;
    }
    size_t nc;
    bt_territory **counted = counted_of(g->items, g->n, &nc);
    if (!counted) {
        w.bterr = BT_ERR_NOMEM;
        return bt_xw_close(&w);
    }
    region_resumen(&w, g);
    item_matrix(&w, "Unidades educativas", BT_TABLE_UNITS, counted, nc);
    item_matrix(&w, "Dotación", BT_TABLE_STAFF, counted, nc);
    people_list(&w, counted, nc);
    caett_list(&w, counted, nc);
    sessions_list(&w, counted, nc);
    planning_list(&w, counted, nc);
    projections_list(&w, counted, nc);
    findings_of(&w, g->items, g->n);
    free(counted);
    return bt_xw_close(&w);
}

/* ---- national workbook ---- */

static void national_resumen(bt_xw *w, const bt_period_group *p)
{
    static const bt_xw_col cols[] = {
        {"Región", 30, true},           {"Código", 7, false},
        {"Archivos", 9, false},         {"Territorios en los totales", 12, false},
        {"Unidades educativas", 11, false}, {"Dotación declarada", 11, false},
        {"Profesionales listados", 12, false}, {"CAETT proyectadas", 11, false},
        {"Sesiones registradas", 11, false}, {"Errores", 8, false}, {"Avisos", 8, false},
        {"Unidades: completitud", 24, true}, {"Dotación: completitud", 24, true},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Resumen", cols, 13);
    if (!ws)
        return;
    const size_t nnum = 9;
    double *v = calloc(p->nregions * nnum + 1, sizeof *v);
    size_t *miss = calloc(p->nregions * nnum + 1, sizeof *miss);
    if (!v || !miss) {
        free(v);
        free(miss);
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    size_t um_all = 0, ur_all = 0, sm_all = 0, sr_all = 0;
    for (size_t i = 0; i < p->nregions; i++) {
        const bt_region_group *g = &p->regions[i];
        const bt_region *reg = bt_region_at((size_t)g->region);
        bt_xw_text(w, ws, (uint32_t)i + 1, 0, reg->name, w->wrap);
        bt_xw_text(w, ws, (uint32_t)i + 1, 1, reg->code, w->text);
        double *row = v + i * nnum;
        size_t *mrow = miss + i * nnum;
        row[0] = (double)g->n;
        size_t um = 0, ur = 0, sm = 0, sr = 0;   /* unknown figures, territories */
        for (size_t k = 0; k < g->n; k++) {
            const bt_territory *t = g->items[k];
            row[7] += (double)bt_territory_errors(t);
            row[8] += (double)bt_territory_avisos(t);
            if (!bt_counted(t))
                continue;
            size_t mu, msf, listed;
            row[1] += 1;
            row[2] += (double)bt_units_sum(t, &mu);
            row[3] += (double)bt_staff_sum(t, &msf, &listed);
            row[4] += (double)listed;
            row[5] += t->caett_projected.state == BT_ST_OK ? (double)t->caett_projected.n : 0;
            row[6] += (double)t->nsessions;
            um += mu;
            ur += mu ? 1 : 0;
            sm += msf;
            sr += msf ? 1 : 0;
        }
        mrow[2] = um;
        mrow[3] = sm;
        bt_xw_text(w, ws, (uint32_t)i + 1, 11, completeness(w, um, ur), um ? w->aviso : w->text);
        bt_xw_text(w, ws, (uint32_t)i + 1, 12, completeness(w, sm, sr), sm ? w->aviso : w->text);
        um_all += um;
        ur_all += ur;
        sm_all += sm;
        sr_all += sr;
    }
    uint32_t tr = bt_xw_matrix(w, ws, "Resumen", 2, v, miss, NULL, p->nregions, nnum, false, NULL);
    bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
    bt_xw_text(w, ws, tr, 11, completeness(w, um_all, ur_all), um_all ? w->aviso : w->text);
    bt_xw_text(w, ws, tr, 12, completeness(w, sm_all, sr_all), sm_all ? w->aviso : w->text);
    free(v);
    free(miss);
    uint32_t r = tr + 1;
    if (p->norphans) {
        r++;
        bt_xw_text(w, ws, r++, 0,
                   "Archivos sin región reconocida (no están en ningún total regional ni nacional):",
                   w->bold);
        for (size_t i = 0; i < p->norphans; i++) {
            const bt_territory *t = p->orphans[i];
            bt_xw_text(w, ws, r, 0, t->display, w->wrap);
            bt_xw_text(w, ws, r, 3, t->readable ? "región no reconocida" : t->fatal, w->note);
            r++;
        }
    }
    bt_xw_filter(w, ws, p->nregions ? (uint32_t)p->nregions : 1, 13);
}

static void region_matrix(bt_xw *w, const bt_period_group *p, bool units)
{
    const bt_table *tb = bt_tpl_table(units ? BT_TABLE_UNITS : BT_TABLE_STAFF);
    size_t nc = tb->nitems + 1;
    bt_xw_col cols[2 + 16 + 2];
    size_t k = 0;
    cols[k++] = (bt_xw_col){"Región", 30, true};
    cols[k++] = (bt_xw_col){"Código", 7, false};
    k = item_columns(tb, cols, k, 11);
    cols[k++] = (bt_xw_col){units ? "Total" : "Total declarado", 10, false};
    cols[k++] = (bt_xw_col){"Completitud", 24, true};
    const char *sheet = units ? "Unidades educativas" : "Dotación";
    lxw_worksheet *ws = bt_xw_sheet(w, sheet, cols, k);
    if (!ws)
        return;
    double *v = calloc(p->nregions * nc + 1, sizeof *v);
    size_t *miss = calloc(p->nregions * nc + 1, sizeof *miss);
    size_t *known = calloc(p->nregions * nc + 1, sizeof *known);
    if (!v || !miss || !known) {
        free(v);
        free(miss);
        free(known);
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    size_t ccol = k - 1;
    size_t mall = 0, rall = 0;
    for (size_t r = 0; r < p->nregions; r++) {
        const bt_region_group *g = &p->regions[r];
        const bt_region *reg = bt_region_at((size_t)g->region);
        bt_xw_text(w, ws, (uint32_t)r + 1, 0, reg->name, w->wrap);
        bt_xw_text(w, ws, (uint32_t)r + 1, 1, reg->code, w->text);
        size_t m = 0, rows = 0;
        for (size_t i = 0; i < g->n; i++) {
            const bt_territory *t = g->items[i];
            if (!bt_counted(t))
                continue;
            size_t before[16 + 1];   /* nc fits, as the columns above do */
            for (size_t c = 0; c < nc; c++)
                before[c] = miss[r * nc + c];
            add_item_values(t, tb, v + r * nc, miss + r * nc);
            /* a territory that knows an item's figure (0 is a figure) */
            for (size_t c = 0; c < nc; c++)
                known[r * nc + c] += miss[r * nc + c] == before[c];
            size_t mt = 0, listed;
            if (units)
                bt_units_sum(t, &mt);
            else
                bt_staff_sum(t, &mt, &listed);
            m += mt;
            rows += mt ? 1 : 0;
        }
        bt_xw_text(w, ws, (uint32_t)r + 1, (uint16_t)ccol, completeness(w, m, rows),
                   m ? w->aviso : w->text);
        mall += m;
        rall += rows;
    }
    uint32_t tr = bt_xw_matrix(w, ws, sheet, 2, v, miss, known, p->nregions, nc, true,
                               units ? "Unidades educativas por programa (país)"
                                     : "Dotación declarada por disciplina (país)");
    bt_xw_text(w, ws, tr, 0, "Total nacional", w->tot_label);
    bt_xw_text(w, ws, tr, (uint16_t)ccol, completeness(w, mall, rall), mall ? w->aviso : w->text);
    free(v);
    free(miss);
    free(known);
    bt_xw_filter(w, ws, p->nregions ? (uint32_t)p->nregions : 1, k);
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
    national_resumen(&w, p);
    region_matrix(&w, p, true);
    region_matrix(&w, p, false);
    /* Every territory, region by region, then those without a region. */
    size_t total = p->norphans;
    for (size_t i = 0; i < p->nregions; i++)
        total += p->regions[i].n;
    bt_territory **all = malloc((total ? total : 1) * sizeof *all);
    if (!all) {
        w.bterr = BT_ERR_NOMEM;
        return bt_xw_close(&w);
    }
    size_t n = 0;
    for (size_t i = 0; i < p->nregions; i++)
        for (size_t k = 0; k < p->regions[i].n; k++)
            all[n++] = p->regions[i].items[k];
    for (size_t i = 0; i < p->norphans; i++)
        all[n++] = p->orphans[i];
    lxw_worksheet *ws = bt_xw_sheet(&w, "Territorios", terr_cols, TERR_NCOLS);
    for (size_t i = 0; i < n && ws; i++)
        terr_row(&w, ws, (uint32_t)i + 1, all[i]);
    if (ws) {
        terr_totals(&w, ws, 1, (uint32_t)n, all, n);
        bt_xw_filter(&w, ws, n ? (uint32_t)n : 1, TERR_NCOLS);
    }
    findings_of(&w, all, n);
    free(all);
    return bt_xw_close(&w);
}
