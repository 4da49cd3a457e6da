/* xw_territory.c - the territory workbook (see xlsxwrite.h). */
#include <stdio.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/summary.h"
#include "bitacora/template.h"
#include "bitacora/xlsxwrite.h"
#include "xw_report.h"

static void kv(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const char *k, const char *v)
{
    bt_xw_text(w, ws, *r, 0, k, w->label);
    bt_xw_text(w, ws, *r, 1, v, w->wrap);
    (*r)++;
}

static void kv_num(bt_xw *w, lxw_worksheet *ws, uint32_t *r, const char *k, double v,
                   const char *note)
{
    bt_xw_text(w, ws, *r, 0, k, w->label);
    bt_xw_num(w, ws, *r, 1, v, w->num);
    bt_xw_text(w, ws, *r, 2, note, w->note);
    (*r)++;
}

static const char *comunas_text(bt_xw *w, const bt_territory *t, bool codes)
{
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < t->ncomunas; i++) {
        const bt_comuna_ref *c = &t->comunas[i];
        if (i)
            bt_sb_puts(&b, codes ? ", " : "; ");
        if (c->index >= 0)
            bt_sb_puts(&b, codes ? bt_comuna_at((size_t)c->index)->code
                                 : bt_comuna_at((size_t)c->index)->name);
        else
            bt_sb_printf(&b, codes ? "?" : "%s (no reconocida)", c->raw);
    }
    const char *s = b.failed ? NULL : bt_arena_strdup(w->scratch, bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static void sheet_resumen(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {{"Dato", 34, true}, {"Valor", 60, true}, {"Nota", 50, true}};
    lxw_worksheet *ws = bt_xw_sheet(w, "Resumen", cols, 3);
    if (!ws)
        return;
    uint32_t r = 1;
    size_t errors = bt_territory_errors(t), avisos = bt_territory_avisos(t);
    bt_xw_text(w, ws, r, 0, "Estado de validación", w->label);
    bt_xw_text(w, ws, r, 1, bt_xw_status(t), bt_xw_status_format(w, t));
    bt_xw_text(w, ws, r, 2,
               errors || avisos ? "Vea la hoja Correcciones: cada hallazgo con su celda, lo que "
                                  "se encontró y qué hacer."
                                : NULL, w->note);
    r++;
    kv_num(w, ws, &r, "Errores", (double)errors, NULL);
    kv_num(w, ws, &r, "Avisos", (double)avisos, NULL);
    if (t->duplicate_of)
        kv(w, ws, &r, t->duplicate_conflict ? "Duplicado con diferencias de" : "Duplicado idéntico de",
           t->duplicate_of);
    const bt_region *reg = t->region >= 0 ? bt_region_at((size_t)t->region) : NULL;
    kv(w, ws, &r, "Región", reg ? reg->name : t->field[BT_F_REGION].text);
    kv(w, ws, &r, "Código de región", reg ? reg->code : NULL);
    if (t->terrnum.state == BT_ST_OK)
        kv_num(w, ws, &r, "N° territorio", (double)t->terrnum.n, NULL);
    else
        kv(w, ws, &r, "N° territorio", t->terrnum.raw);
    kv(w, ws, &r, "Nombre del territorio", t->field[BT_F_TERRNAME].text);
    kv(w, ws, &r, "Comunas", comunas_text(w, t, false));
    kv(w, ws, &r, "Códigos de comuna", comunas_text(w, t, true));
    if (t->period)
        kv_num(w, ws, &r, "Periodo", t->period,
               t->period_from_option ? "Indicado al convertir (el archivo no lo dice)" : NULL);
    else
        kv(w, ws, &r, "Periodo", t->field[BT_F_PERIOD].text ? t->field[BT_F_PERIOD].text
                                                             : "no indicado");
    size_t missing, listed, smissing;
    uint64_t units = bt_units_sum(t, &missing);
    kv_num(w, ws, &r, "Unidades educativas (total)", (double)units,
           missing ? bt_xw_missing(w, missing) : NULL);
    uint64_t staff = bt_staff_sum(t, &smissing, &listed);
    kv_num(w, ws, &r, "Dotación declarada (total)", (double)staff,
           smissing ? bt_xw_missing(w, smissing) : NULL);
    kv_num(w, ws, &r, "Profesionales listados", (double)listed,
           listed != staff ? "No coincide con la dotación declarada" : NULL);
    if (t->caett_projected.state == BT_ST_OK)
        kv_num(w, ws, &r, "CAETT proyectadas", (double)t->caett_projected.n, NULL);
    else
        kv(w, ws, &r, "CAETT proyectadas", t->caett_projected.raw ? t->caett_projected.raw
                                                                   : "no indicado");
    kv_num(w, ws, &r, "Temáticas CAETT planificadas", (double)t->ncaett, NULL);
    kv_num(w, ws, &r, "Sesiones registradas", (double)t->nsessions, NULL);
    kv_num(w, ws, &r, "Proyecciones", (double)t->nproj, NULL);
    if (t->nothers)
        kv_num(w, ws, &r, "Filas no reconocidas (hoja Otros)", (double)t->nothers, NULL);
    r++;
    bt_xw_text(w, ws, r++, 0, "Archivo de origen", w->bold);
    kv(w, ws, &r, "Archivo", t->display);
    if (t->mtime) {
        bt_xw_text(w, ws, r, 0, "Recibido", w->label);
        bt_xw_mtime(w, ws, r, 1, t->mtime);
        bt_xw_text(w, ws, r++, 2, "Fecha en que se modificó por última vez el archivo.", w->note);
    }
    kv(w, ws, &r, "Formato", t->info.format[0] ? t->info.format : NULL);
    if (t->info.sheet[0])
        kv(w, ws, &r, "Hoja leída", t->info.sheet);
    kv(w, ws, &r, "Codificación", t->info.encoding[0] ? t->info.encoding : NULL);
    kv(w, ws, &r, "Delimitador", t->info.delimiter[0] ? t->info.delimiter : NULL);
    kv(w, ws, &r, "Fin de línea", t->info.line_ends[0] ? t->info.line_ends : NULL);
    kv_num(w, ws, &r, "Filas leídas", t->info.rows, NULL);
}

/* The "Total declarado en el archivo" row under a table's sum: the team's
 * own total against the sum of the rows; its status in column sc, the
 * cell it came from in sc + 1 (bt_total_verdict_of() decides, as for
 * check.c's findings). */
static void declared_total(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t,
                           const bt_count *declared, uint64_t sum, size_t missing, uint16_t sc)
{
    bt_xw_text(w, ws, r, 0, "Total declarado en el archivo", w->label);
    bt_xw_count(w, ws, r, 1, declared);
    bt_total_verdict v = declared->state == BT_ST_OK
                             ? bt_total_verdict_of(declared->n, sum, missing)
                             : BT_TOTAL_DIFFERS;
    bool match = v == BT_TOTAL_MATCHES, unknown = v == BT_TOTAL_UNCHECKABLE;
    bt_xw_text(w, ws, r, sc,
               declared->state == BT_ST_EMPTY ? "Vacío"
               : match                        ? "Coincide con la suma"
               : unknown ? "No se puede comprobar: faltan cantidades en la suma"
                         : "No coincide con la suma",
               match ? w->ok : unknown ? w->aviso : w->error);
    bt_xw_text(w, ws, r, (uint16_t)(sc + 1), bt_xw_cellname(w, declared->loc), w->text);
    if (!match && !unknown)
        bt_xw_note(w, ws, r, sc, t, declared->loc, NULL);
}

static void sheet_units(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"Programa / Modalidad", 52, true}, {"N° de unidades educativas", 14, false},
        {"Estado", 30, true},               {"Celda de origen", 10, false},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Unidades educativas", cols, 4);
    if (!ws)
        return;
    const bt_table *tb = bt_tpl_table(BT_TABLE_UNITS);
    uint32_t r = 1;
    /* Template programmes first (also those the file lacks), then extras. */
    for (int pass = 0; pass < 2; pass++) {
        size_t lim = pass == 0 ? tb->nitems : 1;
        for (size_t i = 0; i < lim; i++) {
            int item = pass == 0 ? (int)i : -1;
            bool any = false;
            for (size_t k = 0; k < t->nunits; k++) {
                const bt_unit_row *u = &t->units[k];
                if (u->item != item)
                    continue;
                any = true;
                bt_xw_text(w, ws, r, 0, item >= 0 ? tb->items[item].label : u->label, w->wrap);
                bt_xw_count(w, ws, r, 1, &u->count);
                bt_xw_text(w, ws, r, 2,
                           u->count.state == BT_ST_OK ? (item >= 0 ? "" : "Programa adicional (no está en la lista)")
                           : u->count.state == BT_ST_BAD ? "Cantidad inválida"
                                                         : "Sin cantidad (incompleto)",
                           u->count.state == BT_ST_OK ? (item >= 0 ? w->text : w->aviso)
                           : u->count.state == BT_ST_BAD ? w->error : w->aviso);
                bt_xw_text(w, ws, r, 3, bt_xw_cellname(w, u->count.loc), w->text);
                if (u->count.state == BT_ST_BAD)
                    bt_xw_note(w, ws, r, 1, t, u->count.loc, NULL);
                if (u->count.state != BT_ST_OK)
                    bt_xw_note(w, ws, r, 2, t, u->count.loc, NULL);
                else if (item < 0)
                    bt_xw_note(w, ws, r, 2, t, u->loc, NULL);
                r++;
            }
            if (!any && item >= 0) {
                bt_xw_text(w, ws, r, 0, tb->items[item].label, w->wrap);
                bt_xw_text(w, ws, r, 2, "No informado en el archivo", w->aviso);
                bt_xw_item_note(w, ws, r, 2, (bt_territory *const *)&t, 1, BT_TABLE_UNITS, item);
                r++;
            }
        }
    }
    uint32_t last = r - 1;
    size_t missing;
    uint64_t sum = bt_units_sum(t, &missing);
    bt_xw_text(w, ws, r, 0, "Total", w->tot_label);
    bt_xw_sum(w, ws, r, 1, 1, last, (double)sum, w->tot_num);
    bt_xw_text(w, ws, r, 2,
               bt_xw_missing(w, missing),
               missing ? w->aviso : w->ok);
    r++;
    if (t->units_total.state != BT_ST_ABSENT)
        declared_total(w, ws, r++, t, &t->units_total, sum, missing, 2);
    bt_xw_filter(w, ws, last, 4);
}

/* One row of the staff table: declared, listed, the difference, why. */
static void staff_row(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t,
                      const bt_staff_row *s, const char *label, bool extra)
{
    bt_xw_text(w, ws, r, 0, label, w->wrap);
    bt_xw_count(w, ws, r, 1, &s->count);
    bt_xw_num(w, ws, r, 2, (double)s->npeople, w->num);
    const char *st;
    lxw_format *f;
    if (s->count.state == BT_ST_OK) {
        bt_xw_num(w, ws, r, 3, (double)s->npeople - (double)s->count.n, w->num);
        bool eq = s->count.n == s->npeople;
        st = eq ? (!extra ? "Coincide" : "Disciplina adicional (no está en la lista)")
                : "La dotación declarada no coincide con los nombres";
        f = eq ? (!extra ? w->ok : w->aviso) : w->error;
    } else {
        st = s->count.state == BT_ST_BAD ? "Dotación inválida"
                                         : "Sin dotación declarada (incompleto)";
        f = s->count.state == BT_ST_BAD ? w->error : w->aviso;
    }
    bt_xw_text(w, ws, r, 4, st, f);
    bt_xw_text(w, ws, r, 5, bt_xw_cellname(w, s->count.loc), w->text);
    if (s->count.state == BT_ST_BAD)
        bt_xw_note(w, ws, r, 1, t, s->count.loc, NULL);
    if (f != w->ok && !bt_xw_note(w, ws, r, 4, t, s->count.loc, NULL))
        bt_xw_note(w, ws, r, 4, t, s->loc, NULL);
}

static void sheet_staff(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"Disciplina", 34, true},         {"Dotación declarada", 12, false},
        {"Profesionales listados", 12, false}, {"Diferencia", 10, false},
        {"Estado", 34, true},             {"Celda de origen", 10, false},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Dotación", cols, 6);
    if (!ws)
        return;
    const bt_table *tb = bt_tpl_table(BT_TABLE_STAFF);
    uint32_t r = 1;
    uint64_t listed_total = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t lim = pass == 0 ? tb->nitems : 1;
        for (size_t i = 0; i < lim; i++) {
            int item = pass == 0 ? (int)i : -1;
            bool any = false;
            for (size_t k = 0; k < t->nstaff; k++) {
                const bt_staff_row *s = &t->staff[k];
                if (s->item != item)
                    continue;
                any = true;
                listed_total += s->npeople;
                staff_row(w, ws, r, t, s, item >= 0 ? tb->items[item].label : s->label,
                          item < 0);
                r++;
            }
            if (!any && item >= 0) {
                bt_xw_text(w, ws, r, 0, tb->items[item].label, w->wrap);
                bt_xw_num(w, ws, r, 2, 0, w->num);
                bt_xw_text(w, ws, r, 4, "No informada en el archivo", w->aviso);
                bt_xw_item_note(w, ws, r, 4, (bt_territory *const *)&t, 1, BT_TABLE_STAFF, item);
                r++;
            }
        }
    }
    uint32_t last = r - 1;
    size_t missing;
    uint64_t sum = bt_staff_sum(t, &missing, NULL);
    bt_xw_text(w, ws, r, 0, "Total", w->tot_label);
    bt_xw_sum(w, ws, r, 1, 1, last, (double)sum, w->tot_num);
    bt_xw_sum(w, ws, r, 2, 1, last, (double)listed_total, w->tot_num);
    bt_xw_text(w, ws, r, 4,
               bt_xw_missing(w, missing),
               missing ? w->aviso : w->ok);
    r++;
    if (t->staff_total.state != BT_ST_ABSENT)
        declared_total(w, ws, r, t, &t->staff_total, sum, missing, 4);
    bt_xw_filter(w, ws, last, 6);
}

static void sheet_people(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"Disciplina", 34, true}, {"Nombre y apellidos", 40, true}, {"Celda de origen", 10, false}};
    lxw_worksheet *ws = bt_xw_sheet(w, "Profesionales", cols, 3);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t k = 0; k < t->nstaff; k++) {
        const bt_staff_row *s = &t->staff[k];
        const char *label = s->item >= 0 ? bt_tpl_table(BT_TABLE_STAFF)->items[s->item].label
                                         : s->label;
        for (size_t p = 0; p < s->npeople; p++) {
            bt_xw_text(w, ws, r, 0, label, w->wrap);
            bt_xw_text(w, ws, r, 1, s->people[p].name, w->wrap);
            bt_xw_text(w, ws, r, 2, bt_xw_cellname(w, s->people[p].loc), w->text);
            r++;
        }
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 3);
}

static void text_rows(bt_xw *w, const char *sheet, const bt_territory *t,
                      const bt_field_id *ids, size_t n)
{
    static const bt_xw_col cols[] = {
        {"Apartado", 40, true}, {"Contenido", 90, true}, {"Celda de origen", 10, false}};
    lxw_worksheet *ws = bt_xw_sheet(w, sheet, cols, 3);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t i = 0; i < n; i++) {
        const bt_text *v = &t->field[ids[i]];
        bt_xw_text(w, ws, r, 0, bt_tpl_field(ids[i])->label, w->label);
        bt_xw_text(w, ws, r, 1, v->text, w->wrap);
        bt_xw_text(w, ws, r, 2, v->text ? bt_xw_cellname(w, v->loc) : NULL, w->text);
        r++;
    }
}

static void sheet_caett(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"Contextos, temáticas, contenidos, problemáticas identificadas", 50, true},
        {"Fecha en que se abordan", 14, false},
        {"Estrategias para su desarrollo", 50, true},
        {"Fila de origen", 8, false},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Comunidades", cols, 4);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t i = 0; i < t->ncaett; i++) {
        const bt_caett_row *c = &t->caett[i];
        bt_xw_text(w, ws, r, 0, c->topic.text, w->wrap);
        bt_xw_dateval(w, ws, r, 1, &c->date);
        if (c->date.state == BT_ST_BAD)
            bt_xw_note(w, ws, r, 1, t, c->date.loc, NULL);
        bt_xw_text(w, ws, r, 2, c->strategy.text, w->wrap);
        bt_xw_num(w, ws, r, 3, c->row, w->num);
        r++;
    }
    uint32_t last = r > 1 ? r - 1 : 1;
    r = r > 1 ? r + 1 : 2;
    bt_xw_text(w, ws, r, 0, "Total de CAETT proyectadas", w->tot_label);
    bt_xw_count(w, ws, r, 1, &t->caett_projected);
    bt_xw_filter(w, ws, last, 4);
}

static void sheet_sessions(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"N° de sesión", 9, false}, {"Fecha", 12, false}, {"Temática abordada", 40, true},
        {"Registro (desarrollo, reflexiones, acuerdos)", 90, true}, {"Celda de origen", 10, false},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Registros", cols, 5);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t i = 0; i < t->nsessions; i++) {
        const bt_session *s = &t->sessions[i];
        if (s->number)
            bt_xw_num(w, ws, r, 0, s->number, w->num);
        bt_xw_dateval(w, ws, r, 1, &s->date);
        if (s->date.state == BT_ST_BAD)
            bt_xw_note(w, ws, r, 1, t, s->date.loc, NULL);
        bt_xw_text(w, ws, r, 2, s->tematica.text, w->wrap);
        bt_xw_text(w, ws, r, 3, s->registro.text, w->wrap);
        bt_xw_text(w, ws, r, 4, bt_xw_cellname(w, s->loc), w->text);
        r++;
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 5);
}

static void sheet_eval(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"Apartado", 24, true}, {"Ámbito", 24, true}, {"Objetivo / texto", 62, true},
        {"Estrategia", 52, true}, {"Fila de origen", 8, false},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Evaluación", cols, 5);
    if (!ws)
        return;
    const bt_text *an = &t->field[BT_F_EVAL_ANALISIS];
    bt_xw_text(w, ws, 1, 0, "Análisis y reflexión de los resultados", w->label);
    bt_xw_text(w, ws, 1, 2, an->text, w->wrap);
    if (an->text)
        bt_xw_num(w, ws, 1, 4, an->loc.row, w->num);
    uint32_t r = 2;
    const bt_table *tb = bt_tpl_table(BT_TABLE_PROJ);
    for (size_t i = 0; i < t->nproj; i++) {
        const bt_projection *p = &t->proj[i];
        bt_xw_text(w, ws, r, 0, "Proyección del próximo periodo", w->wrap);
        bt_xw_text(w, ws, r, 1, p->ambito >= 0 ? tb->items[p->ambito].label : p->ambito_label,
                   p->ambito >= 0 ? w->wrap : w->aviso);
        if (p->ambito < 0)
            bt_xw_note(w, ws, r, 1, t, (bt_loc){p->row, 1}, NULL);
        bt_xw_text(w, ws, r, 2, p->objetivo.text, w->wrap);
        bt_xw_text(w, ws, r, 3, p->estrategia.text, w->wrap);
        bt_xw_num(w, ws, r, 4, p->row, w->num);
        r++;
    }
}

static void sheet_others(bt_xw *w, const bt_territory *t)
{
    static const bt_xw_col cols[] = {
        {"Fila", 6, false}, {"Celda", 8, false}, {"Sección", 26, true},
        {"Texto", 70, true}, {"Motivo", 50, true},
    };
    lxw_worksheet *ws = bt_xw_sheet(w, "Otros", cols, 5);
    if (!ws)
        return;
    uint32_t r = 1;
    for (size_t i = 0; i < t->nothers; i++) {
        const bt_other_row *o = &t->others[i];
        const bt_section *sec = bt_tpl_section(o->section);
        for (size_t c = 0; c < o->ncells; c++) {
            bt_loc l = {o->row, o->cells[c].col};
            bt_xw_num(w, ws, r, 0, o->row, w->num);
            bt_xw_text(w, ws, r, 1, bt_xw_cellname(w, l), w->text);
            bt_xw_text(w, ws, r, 2, sec ? sec->title : "Antes de la primera sección", w->wrap);
            bt_xw_text(w, ws, r, 3, o->cells[c].text, w->wrap);
            bt_xw_text(w, ws, r, 4, o->reason, w->wrap);
            r++;
        }
    }
    bt_xw_filter(w, ws, r > 1 ? r - 1 : 1, 5);
}

static bt_err write_whole(const bt_territory *t, const char *path)
{
    bt_xw w;
    bt_err e = bt_xw_open(&w, path, bt_territory_label(t));
    if (e) {
        if (w.wb)
            bt_xw_close(&w);
        return e;
    }
    static const bt_field_id org[] = {BT_F_REPRESENTANTE, BT_F_FRECUENCIA, BT_F_PLATAFORMA,
                                      BT_F_OTROS_ACUERDOS};
    static const bt_field_id plan[] = {BT_F_PLAN_A, BT_F_PLAN_B, BT_F_PLAN_C, BT_F_PLAN_D};
    const bt_region *reg = t->region >= 0 ? bt_region_at((size_t)t->region) : NULL;
    bt_xw_set_page(&w, bt_arena_printf(w.scratch, "%s · %s",
                                       reg ? reg->full : "Región no reconocida",
                                       bt_territory_label(t)),
                   t->period ? bt_arena_printf(w.scratch, "Periodo %d", t->period)
                             : "Periodo no indicado");
    sheet_resumen(&w, t);
    sheet_units(&w, t);
    sheet_staff(&w, t);
    sheet_people(&w, t);
    text_rows(&w, "Organización", t, org, 4);
    text_rows(&w, "Planificación", t, plan, 4);
    sheet_caett(&w, t);
    sheet_sessions(&w, t);
    sheet_eval(&w, t);
    bt_xwk_territory(&w, t, t->period);
    const bt_findings *lists[1] = {t->findings};
    bt_xw_findings_sheet(&w, "Validación", lists, NULL, 1);
    if (t->nothers)
        sheet_others(&w, t);
    return bt_xw_close(&w);
}

/* Its workbook shows every text: a summary is read whole first
 * (summary.h). */
bt_err bt_write_territory_xlsx(const bt_territory *t, const char *path)
{
    bt_territory *whole;
    bt_err e = bt_territory_whole(t, &whole);
    if (!e)
        e = write_whole(whole ? whole : t, path);
    bt_territory_free(whole);
    return e;
}
