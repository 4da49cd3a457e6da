/* normalize.c - parsing the stored values of a territory (see check.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/check.h"
#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/value.h"

static bt_err parse_count(bt_territory *t, bt_count *c, bt_code bad, const char *field)
{
    if (c->state != BT_ST_OK)
        return BT_OK;
    bt_why why;
    if (bt_parse_count(c->raw, &c->n, &why) == BT_VAL_OK)
        return BT_OK;
    c->state = BT_ST_BAD;
    const char *hint = "";
    if (why == BT_WHY_NOT_NUMBER && strchr(c->raw, ' '))
        hint = " Escriba solo la cifra, sin texto.";
    return bt_territory_add(t, bad, c->loc, field, c->raw, "«%s» %s.%s", c->raw, bt_why_text(why),
                            hint);
}

static bt_err parse_date(bt_territory *t, bt_dateval *d, bool allow_month, const char *field)
{
    if (d->state != BT_ST_OK)
        return BT_OK;
    bt_why why;
    bt_date sug;
    if (bt_parse_date(d->raw, allow_month, &d->date, &why, &sug) == BT_VAL_OK)
        return BT_OK;
    d->state = BT_ST_BAD;
    if (why == BT_WHY_MONTH_FIRST) {
        char s[16];
        bt_date_format(&sug, s);
        return bt_territory_add(
            t, BT_E_DATE, d->loc, field, d->raw,
            "«%s» %s: ¿quiso decir %s? No se corrige solo; escríbala día-mes-año.", d->raw,
            bt_why_text(why), s);
    }
    return bt_territory_add(t, BT_E_DATE, d->loc, field, d->raw, "«%s» %s.", d->raw,
                            bt_why_text(why));
}

static bt_err check_long(bt_territory *t, const char *text, bt_loc loc, const char *field)
{
    if (!text || strlen(text) <= BT_EXCEL_CELL_CHARS)
        return BT_OK;
    size_t chars = bt_utf8_chars(text);
    if (chars <= BT_EXCEL_CELL_CHARS)
        return BT_OK;
    return bt_territory_add(t, BT_A_TEXT_LONG, loc, field, NULL,
                            "el texto tiene %zu caracteres y una celda de Excel admite %u; en los "
                            "libros se corta (con una nota) y el texto completo queda en las "
                            "exportaciones CSV.",
                            chars, BT_EXCEL_CELL_CHARS);
}

/* E030 for a region that is none, suggesting the closest. */
static bt_err region(bt_territory *t)
{
    bt_text *reg = &t->field[BT_F_REGION];
    if (!reg->text)
        return BT_OK;
    t->region = bt_region_find(reg->text);
    if (t->region >= 0)
        return BT_OK;
    int s = bt_findings_full(t->findings) ? -1 : bt_region_suggest(reg->text);
    if (s >= 0)
        return bt_territory_add(t, BT_E_REGION, reg->loc, "Región", reg->text,
                                "«%s» no es una región de Chile reconocida; ¿quiso decir «%s»?",
                                reg->text, bt_region_at((size_t)s)->name);
    return bt_territory_add(
        t, BT_E_REGION, reg->loc, "Región", reg->text,
        "«%s» no es una región de Chile reconocida. Escriba su nombre («Valparaíso»), su "
        "número («5», «V») o «RM».",
        reg->text);
}

/* E031 for a territory number that is not a positive integer. */
static bt_err terrnum(bt_territory *t)
{
    bt_text *num = &t->field[BT_F_TERRNUM];
    t->terrnum.loc = num->loc;
    t->terrnum.raw = num->text;
    t->terrnum.state = !num->present ? BT_ST_ABSENT : num->text ? BT_ST_OK : BT_ST_EMPTY;
    bt_why why;
    if (!num->text || bt_parse_terrnum(num->text, &t->terrnum.n, &why) == BT_VAL_OK)
        return BT_OK;
    t->terrnum.state = BT_ST_BAD;
    return bt_territory_add(t, BT_E_TERRNUM, num->loc, "N° territorio", num->text,
                            "«%s» %s; escriba el número del territorio, por ejemplo 3.", num->text,
                            why == BT_WHY_ZERO ? "no es un entero positivo" : bt_why_text(why));
}

/* A032 for a comuna that is none (suggesting the closest), A038 for one
 * written again (against its first mention). */
static bt_err comunas(bt_territory *t)
{
    bool *seen = calloc(bt_comuna_count(), sizeof *seen);
    if (!seen)
        return BT_ERR_NOMEM;
    bt_err e = BT_OK;
    for (size_t i = 0; i < t->ncomunas && !e; i++) {
        bt_comuna_ref *c = &t->comunas[i];
        c->index = bt_comuna_find(c->raw);
        if (c->index < 0) {
            /* A suggestion costs a distance per key: only while listed. */
            int s = bt_findings_full(t->findings) ? -1 : bt_comuna_suggest(c->raw);
            if (s >= 0)
                e = bt_territory_add(t, BT_A_COMUNA_UNKNOWN, c->loc,
                                     "Comunas que abarca el territorio", c->raw,
                                     "«%s» no es una comuna reconocida; ¿quiso decir «%s»?", c->raw,
                                     bt_comuna_at((size_t)s)->name);
            else
                e = bt_territory_add(t, BT_A_COMUNA_UNKNOWN, c->loc,
                                     "Comunas que abarca el territorio", c->raw,
                                     "«%s» no es una comuna reconocida; revise el nombre.", c->raw);
            continue;
        }
        if (seen[c->index])
            e = bt_territory_add(
                t, BT_A_COMUNA_REPEATED, c->loc, "Comunas que abarca el territorio", c->raw,
                "la comuna %s está escrita más de una vez.", bt_comuna_at((size_t)c->index)->name);
        seen[c->index] = true;
    }
    free(seen);
    return e;
}

/* The period: the file's (E035 when it is no year, or another than
 * --periodo's), else --periodo's, else A034. */
static bt_err period(bt_territory *t, int period_option)
{
    bt_text *per = &t->field[BT_F_PERIOD];
    bt_why why;
    if (per->text && bt_parse_year(per->text, &t->period, &why) == BT_VAL_OK) {
        t->period_state = BT_ST_OK;
        if (!period_option || period_option == t->period)
            return BT_OK;
        return bt_territory_add(
            t, BT_E_PERIOD, per->loc, "Periodo", per->text,
            "el archivo dice periodo %d, pero al convertir se indicó el periodo %d; se "
            "usa el del archivo. Revise que sea la bitácora que corresponde.",
            t->period, period_option);
    }
    if (per->text) {
        t->period_state = BT_ST_BAD;
        t->period = 0;
        return bt_territory_add(t, BT_E_PERIOD, per->loc, "Periodo", per->text, "«%s» %s.",
                                per->text, bt_why_text(why));
    }
    if (period_option) {
        t->period = period_option;
        t->period_state = BT_ST_OK;
        t->period_from_option = true;
        return BT_OK;
    }
    t->period_state = per->present ? BT_ST_EMPTY : BT_ST_ABSENT;
    /* A missing row is named where its section starts, as E021 does. */
    bt_loc at = per->present                      ? per->loc
                : t->section_loc[BT_SEC_IDENT].row ? t->section_loc[BT_SEC_IDENT]
                                                   : t->field[BT_F_TERRNAME].label;
    return bt_territory_add(
        t, BT_A_PERIOD_MISSING, at, "Periodo", NULL,
        "el archivo no indica el periodo (año); escríbalo en la fila «Periodo» o "
        "indique el año al convertir («Año del periodo» en la página web, --periodo "
        "AAAA en la línea de órdenes).");
}

static bt_err identity(bt_territory *t, int period_option)
{
    bt_err e = region(t);
    if (!e)
        e = terrnum(t);
    if (!e)
        e = comunas(t);
    if (!e)
        e = period(t, period_option);
    return e;
}

static bt_err tables(bt_territory *t)
{
    bt_err e = BT_OK;
    for (size_t i = 0; i < t->nunits && !e; i++) {
        bt_unit_row *u = &t->units[i];
        e = parse_count(t, &u->count, BT_E_UNITS_COUNT, u->label);
        if (!e && u->count.state == BT_ST_EMPTY)
            e = bt_territory_add(
                t, BT_A_UNITS_EMPTY, u->count.loc, u->label, NULL,
                "falta la cantidad de unidades educativas; escriba 0 si no hay. El "
                "total del territorio queda marcado como incompleto.");
    }
    if (!e)
        e = parse_count(t, &t->units_total, BT_E_UNITS_COUNT, "Total de unidades educativas");
    for (size_t i = 0; i < t->nstaff && !e; i++) {
        bt_staff_row *s = &t->staff[i];
        e = parse_count(t, &s->count, BT_E_STAFF_COUNT, s->label);
        if (!e && s->count.state == BT_ST_EMPTY && s->npeople)
            e = bt_territory_add(
                t, BT_A_STAFF_EMPTY, s->count.loc, s->label, NULL,
                "falta la dotación declarada (hay %zu nombre%s listado%s); escriba "
                "la cantidad.",
                s->npeople, s->npeople == 1 ? "" : "s", s->npeople == 1 ? "" : "s");
        else if (!e && s->count.state == BT_ST_EMPTY)
            e = bt_territory_add(
                t, BT_A_STAFF_EMPTY, s->count.loc, s->label, NULL,
                "falta la dotación declarada; escriba 0 si no hay profesionales de "
                "esta disciplina.");
    }
    if (!e)
        e = parse_count(t, &t->staff_total, BT_E_STAFF_COUNT, "Total de dotación");
    bt_text *proj = &t->field[BT_F_CAETT_PROYECTADAS];
    t->caett_projected.raw = proj->text;
    t->caett_projected.loc = proj->loc;
    t->caett_projected.state = !proj->present ? BT_ST_ABSENT : proj->text ? BT_ST_OK : BT_ST_EMPTY;
    if (!e)
        e = parse_count(t, &t->caett_projected, BT_E_CAETT_PROJECTED,
                        "Total de CAETT proyectadas");
    for (size_t i = 0; i < t->ncaett && !e; i++)
        e = parse_date(t, &t->caett[i].date, true, "Fecha en que se abordan");
    for (size_t i = 0; i < t->nsessions && !e; i++)
        e = parse_date(t, &t->sessions[i].date, false, "Fecha");
    return e;
}

static bt_err texts(bt_territory *t)
{
    bt_err e = BT_OK;
    bt_text *rep = &t->field[BT_F_REPRESENTANTE];
    if (rep->text) {
        const char *n = bt_name_case(t->arena, rep->text);
        if (!n)
            return BT_ERR_NOMEM;
        rep->text = n;
    }
    for (int f = 0; f < BT_F__COUNT && !e; f++)
        e = check_long(t, t->field[f].text, t->field[f].loc, bt_tpl_field((bt_field_id)f)->label);
    for (size_t i = 0; i < t->ncaett && !e; i++) {
        e = check_long(t, t->caett[i].topic.text, t->caett[i].topic.loc, "Temática CAETT");
        if (!e)
            e = check_long(t, t->caett[i].strategy.text, t->caett[i].strategy.loc,
                           "Estrategias para su desarrollo");
    }
    for (size_t i = 0; i < t->nsessions && !e; i++) {
        e = check_long(t, t->sessions[i].tematica.text, t->sessions[i].tematica.loc,
                       "Temática abordada");
        if (!e)
            e = check_long(t, t->sessions[i].registro.text, t->sessions[i].registro.loc,
                           "Registro");
    }
    for (size_t i = 0; i < t->nproj && !e; i++) {
        e = check_long(t, t->proj[i].objetivo.text, t->proj[i].objetivo.loc, "Objetivo");
        if (!e)
            e = check_long(t, t->proj[i].estrategia.text, t->proj[i].estrategia.loc, "Estrategia");
    }
    for (size_t i = 0; i < t->nothers && !e; i++) {
        const bt_other_row *o = &t->others[i];
        for (size_t c = 0; c < o->ncells && !e; c++) {
            bt_loc at = {o->row, o->cells[c].col};
            e = check_long(t, o->cells[c].text, at, NULL);
        }
    }
    for (size_t i = 0; i < t->nstaff && !e; i++)
        for (size_t p = 0; p < t->staff[i].npeople && !e; p++)
            e = check_long(t, t->staff[i].people[p].name, t->staff[i].people[p].loc,
                           t->staff[i].label);
    return e;
}

/* A session block with nothing typed (the template's spare blocks) is
 * not a session. */
static void drop_empty_sessions(bt_territory *t)
{
    size_t k = 0;
    for (size_t i = 0; i < t->nsessions; i++) {
        const bt_session *s = &t->sessions[i];
        if (!s->date.raw && !s->tematica.text && !s->registro.text)
            continue;
        t->sessions[k++] = *s;
    }
    t->nsessions = k;
}

bt_err bt_normalize(bt_territory *t, const bt_tpl *tpl, int period_option)
{
    (void)tpl;
    drop_empty_sessions(t);
    bt_err e = identity(t, period_option);
    if (!e)
        e = tables(t);
    if (!e)
        e = texts(t);
    return e;
}
