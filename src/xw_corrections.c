/* xw_corrections.c - the correction lists: what a coordinator sends each
 * team as it is (see xw_report.h).  One block per territory: whom it is
 * for, the file and its status, then each finding as cell, what was
 * found and what to do, errors first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/status.h"
#include "xw_report.h"

static const bt_xw_col cols[] = {
    {"N°", 4, false},    {"Tipo", 7, false},   {"Celda", 10, false},
    {"Campo", 22, true}, {"Qué se encontró", 58, true}, {"Qué hacer", 46, true},
};
#define NCOLS (sizeof cols / sizeof cols[0])
#define HEADER_ROW 7     /* of a block: the table's header, after the letter */

static const char *period_text(bt_xw *w, int period)
{
    const char *s = period ? bt_arena_printf(w->scratch, "periodo %d", period)
                           : "periodo no indicado";
    return s ? s : "";
}

/* "Para: ..." from the logbook's representative and the roster's e-mail. */
static const char *addressee(bt_xw *w, const char *repr, const bt_roster_entry *e)
{
    if (!repr && e)
        repr = e->representative;
    const char *email = e ? e->email : NULL;
    return bt_arena_printf(w->scratch, "Para: %s%s · correo: %s", repr ? repr : "el equipo del "
                           "territorio", repr ? " (representante territorial)" : "",
                           email ? email
                                 : "no informado (agréguelo en la columna «correo» del listado "
                                   "de territorios)");
}

/* The table of a territory's findings from row r; returns the next row. */
static uint32_t table(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t)
{
    size_t n = bt_findings_count(t->findings);
    const bt_finding **v = calloc(n ? n : 1, sizeof *v);
    if (!v) {
        w->bterr = BT_ERR_NOMEM;
        return r;
    }
    for (size_t i = 0; i < n; i++)
        v[i] = bt_findings_at(t->findings, i);
    bt_findings_sort_to_correct(v, n);
    for (size_t c = 0; c < NCOLS; c++)
        bt_xw_text(w, ws, r, (uint16_t)c, cols[c].title, w->hdr);
    r++;
    for (size_t i = 0; i < n; i++, r++) {
        const bt_finding *x = v[i];
        char cell[320];
        bt_finding_cell(x, cell, sizeof cell);
        bool err = x->severity == BT_SEV_ERROR;
        bt_xw_num(w, ws, r, 0, (double)(i + 1), w->num);
        bt_xw_text(w, ws, r, 1, err ? "Error" : "Aviso", err ? w->error : w->aviso);
        bt_xw_text(w, ws, r, 2, cell[0] ? cell : "Archivo", w->text);
        bt_xw_text(w, ws, r, 3, x->field, w->wrap);
        bt_xw_text(w, ws, r, 4, x->message, w->wrap);
        bt_xw_text(w, ws, r, 5, bt_code_info_of(x->code)->todo, w->wrap);
    }
    free(v);
    return r;
}

/* One territory's block from row r; returns the row after it. */
static uint32_t block(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_territory *t,
                      int period)
{
    const bt_region *reg = t->region >= 0 ? bt_region_at((size_t)t->region) : NULL;
    size_t errors = bt_territory_errors(t), avisos = bt_territory_avisos(t);
    bt_xw_wide_text(w, ws, r, cols, NCOLS,
                    bt_arena_printf(w->scratch, "Correcciones a la bitácora · %s",
                                    bt_territory_label(t)), w->title);
    bt_xw_wide_text(w, ws, r + 1, cols, NCOLS,
                    bt_arena_printf(w->scratch, "%s · %s", reg ? reg->full : "Región no reconocida",
                                    period_text(w, t->period ? t->period : period)), w->bold);
    bt_xw_wide_text(w, ws, r + 2, cols, NCOLS,
                    addressee(w, t->field[BT_F_REPRESENTANTE].text, t->roster), w->wrap);
    const char *when = bt_xw_date_text(w, t->mtime);
    bt_xw_wide_text(w, ws, r + 3, cols, NCOLS,
                    bt_arena_printf(w->scratch, "Archivo revisado: %s%s%s.", t->source_name,
                                    when[0] ? ", recibido el " : "", when), w->wrap);
    bt_xw_wide_text(w, ws, r + 4, cols, NCOLS,
                    bt_arena_printf(w->scratch, "Estado: %s. %zu error%s y %zu aviso%s.",
                                    bt_xw_status(t), errors, errors == 1 ? "" : "es", avisos,
                                    avisos == 1 ? "" : "s"), w->wrap);
    const char *ask = errors
        ? "Revise en su bitácora cada celda indicada, haga lo que dice «Qué hacer» y envíela de "
          "nuevo. Primero los errores: mientras estén, las cifras del territorio son "
          "provisionales. Los avisos piden revisar un dato; corríjalo si corresponde."
        : avisos ? "La bitácora no tiene errores. Revise los avisos (cada uno pide revisar un "
                   "dato) y, si corresponde, corrija y envíela de nuevo."
                 : "La bitácora no tiene errores ni avisos: no hay nada que corregir.";
    bt_xw_wide_text(w, ws, r + 5, cols, NCOLS, ask, w->wrap);
    if (!errors && !avisos && !bt_findings_count(t->findings))
        return r + 6;
    return table(w, ws, r + HEADER_ROW, t);
}

/* A territory of the roster whose logbook did not come. */
static uint32_t missing_block(bt_xw *w, lxw_worksheet *ws, uint32_t r, const bt_missing *m)
{
    const bt_roster_entry *e = m->roster;
    bt_xw_wide_text(w, ws, r, cols, NCOLS,
                    bt_arena_printf(w->scratch, "Falta la bitácora · %s",
                                    bt_xw_terr_label(w, m->number, e->name)), w->title);
    bt_xw_wide_text(w, ws, r + 1, cols, NCOLS,
                    bt_arena_printf(w->scratch, "%s · %s", bt_region_at((size_t)m->region)->full,
                                    period_text(w, m->period)), w->bold);
    bt_xw_wide_text(w, ws, r + 2, cols, NCOLS, addressee(w, NULL, e), w->wrap);
    bt_xw_wide_text(w, ws, r + 3, cols, NCOLS,
                    "No llegó la bitácora de este territorio, que está en el listado de los que "
                    "deben informar. Llénela a partir de la plantilla y envíela; mientras falte, "
                    "los totales de la región no incluyen al territorio.", w->wrap);
    return r + 4;
}

void bt_xwk_territory(bt_xw *w, const bt_territory *t, int period)
{
    lxw_worksheet *ws = bt_xw_plain_sheet(w, "Correcciones", cols, NCOLS, HEADER_ROW);
    uint32_t last = ws ? block(w, ws, 0, t, period) : 0;
    bt_xw_print_cols(w, ws, last ? last - 1 : 0, NCOLS);
}

void bt_xwk_region(bt_xw *w, bt_territory *const *ts, size_t n, const bt_missing *m,
                   size_t nm, int period)
{
    lxw_worksheet *ws = bt_xw_plain_sheet(w, "Correcciones", cols, NCOLS, -1);
    if (!ws)
        return;
    lxw_row_t *breaks = calloc(n + nm + 2, sizeof *breaks);
    if (!breaks) {
        w->bterr = BT_ERR_NOMEM;
        return;
    }
    size_t nb = 0, i = 0, k = 0;
    uint32_t r = 0;
    /* by number, the missing ones among the others; each on its own page */
    while (i < n || k < nm) {
        bool take_t = k >= nm || (i < n && (ts[i]->terrnum.state != BT_ST_OK ||
                                            ts[i]->terrnum.n <= m[k].number));
        if (take_t && !bt_findings_count(ts[i]->findings)) {
            i++;
            continue;
        }
        if (!take_t && !m[k].roster) {
            k++;
            continue;
        }
        if (r && nb < 1023)
            breaks[nb++] = r;
        r = take_t ? block(w, ws, r, ts[i++], period) : missing_block(w, ws, r, &m[k++]);
        r += 2;
    }
    if (r == 0) {
        bt_xw_wide_text(w, ws, 0, cols, NCOLS, "Ninguna bitácora de la región tiene errores ni "
                        "avisos, y no falta ninguna del listado: no hay correcciones que "
                        "enviar.", w->ok);
        r = 2;
    }
    if (nb) {
        lxw_error e = worksheet_set_h_pagebreaks(ws, breaks);
        if (e && !w->err)
            w->err = e;
    }
    free(breaks);
    bt_xw_print_cols(w, ws, r - 2, NCOLS);
}
