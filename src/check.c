/* check.c - checks over a whole territory (see check.h). */
#include "bitacora/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/text.h"

static const bt_loc no_loc = {0, 0};

static bt_err sections(bt_territory *t)
{
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        const bt_section *sec = bt_tpl_section((bt_section_id)s);
        if (!sec->required || t->section_seen[s])
            continue;
        bt_err e =
            bt_territory_add(t, BT_E_SECTION_MISSING, no_loc, NULL, NULL,
                             "falta la sección «%s»; copie su encabezado y sus filas desde la "
                             "plantilla en blanco de la bitácora.",
                             sec->heading);
        if (e)
            return e;
    }
    return BT_OK;
}

/* E021 for a field the template flags required (template.c: the one
 * place that says which) whose row is there with nothing typed, or whose
 * row is missing from a section that is there. */
static bt_err required_field(bt_territory *t, const bt_field *fd)
{
    const bt_text *v = &t->field[fd->id];
    if (v->text)
        return BT_OK;
    /* A missing section is reported once, not once per field. */
    if (!v->present && !t->section_seen[fd->section])
        return BT_OK;
    if (fd->kind == BT_KIND_COMUNAS && t->ncomunas)
        return BT_OK;
    return v->present ? bt_territory_add(t, BT_E_FIELD_MISSING, v->loc, fd->label, NULL,
                                         "el campo obligatorio «%s» está vacío.", fd->label)
                      : bt_territory_add(t, BT_E_FIELD_MISSING, t->section_loc[fd->section],
                                         fd->label, NULL,
                                         "falta la fila «%s» (campo obligatorio) en la sección "
                                         "«%s».",
                                         fd->label, bt_tpl_section(fd->section)->title);
}

/* Whether a session block has a value for one of its fields, and where it
 * is (or would be): the value's cell, the label's, or the block's start
 * when the label is missing too. */
static bool session_value(const bt_session *s, bt_field_id id, bt_loc *at)
{
    switch (id) {
    case BT_F_SES_FECHA:
        *at = s->seen[0] ? s->date.loc : s->loc;
        return s->date.state != BT_ST_EMPTY && s->date.state != BT_ST_ABSENT;
    case BT_F_SES_TEMATICA:
        *at = s->seen[1] ? s->tematica.loc : s->loc;
        return s->tematica.text != NULL;
    case BT_F_SES_REGISTRO:
        *at = s->seen[2] ? s->registro.loc : s->loc;
        return s->registro.text != NULL;
    default:
        *at = s->loc;
        return true;
    }
}

/* The same for a required field of each session block. */
static bt_err required_in_sessions(bt_territory *t, const bt_field *fd)
{
    for (size_t i = 0; i < t->nsessions; i++) {
        const bt_session *s = &t->sessions[i];
        bt_loc at;
        if (session_value(s, fd->id, &at))
            continue;
        char what[160], cell[24];
        if (fd->kind == BT_KIND_DATE)
            snprintf(what, sizeof what, "no tiene fecha; escríbala día-mes-año");
        else
            snprintf(what, sizeof what, "no tiene «%s» (campo obligatorio)", fd->label);
        bt_cell_name(s->loc.row, s->loc.col, cell);
        bt_err e = s->number ? bt_territory_add(t, BT_E_FIELD_MISSING, at, fd->label, NULL,
                                                "la sesión N°%d %s.", s->number, what)
                             : bt_territory_add(t, BT_E_FIELD_MISSING, at, fd->label, NULL,
                                                "la sesión que empieza en %s %s.", cell, what);
        if (e)
            return e;
    }
    return BT_OK;
}

static bt_err required(bt_territory *t)
{
    bt_err e = BT_OK;
    for (int f = 0; f < BT_F__COUNT && !e; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        if (fd->required && !bt_tpl_section(fd->section)->repeated)
            e = required_field(t, fd);
    }
    for (int f = 0; f < BT_F__COUNT && !e; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        if (fd->required && bt_tpl_section(fd->section)->repeated)
            e = required_in_sessions(t, fd);
    }
    return e;
}

static bt_err comunas_region(bt_territory *t)
{
    if (t->region < 0)
        return BT_OK;
    const bt_region *r = bt_region_at((size_t)t->region);
    for (size_t i = 0; i < t->ncomunas; i++) {
        const bt_comuna_ref *c = &t->comunas[i];
        if (c->index < 0)
            continue;
        const bt_comuna *cm = bt_comuna_at((size_t)c->index);
        if (cm->region == t->region)
            continue;
        bt_err e = bt_territory_add(t, BT_E_COMUNA_REGION, c->loc,
                                    "Comunas que abarca el territorio", c->raw,
                                    "la comuna %s pertenece a la %s, no a la %s; revise la comuna "
                                    "o la región.",
                                    cm->name, bt_region_at((size_t)cm->region)->full, r->full);
        if (e)
            return e;
    }
    return BT_OK;
}

static bt_err units(bt_territory *t)
{
    bt_err e = BT_OK;
    /* A programme listed twice: both rows count. */
    const bt_unit_row *first[64] = {0};
    for (size_t i = 0; i < t->nunits && !e; i++) {
        const bt_unit_row *u = &t->units[i];
        if (u->item < 0 || u->item >= 64)
            continue;
        if (!first[u->item]) {
            first[u->item] = u;
            continue;
        }
        char cell[24];
        bt_cell_name(first[u->item]->loc.row, first[u->item]->loc.col, cell);
        e = bt_territory_add(
            t, BT_A_PROGRAMME_REPEATED, u->loc, u->label, NULL,
            "el programa ya aparece en %s; se suman ambas filas. Deje una sola fila por "
            "programa.",
            cell);
    }
    if (e || t->units_total.state != BT_ST_OK)
        return e;
    size_t missing;
    uint64_t sum = bt_units_sum(t, &missing);
    if (bt_total_verdict_of(t->units_total.n, sum, missing) != BT_TOTAL_DIFFERS)
        return BT_OK;
    if (!missing)
        e = bt_territory_add(t, BT_E_UNITS_TOTAL, t->units_total.loc, "Total", t->units_total.raw,
                             "el total declarado es %llu, pero la suma de los programas es %llu.",
                             (unsigned long long)t->units_total.n, (unsigned long long)sum);
    else
        e = bt_territory_add(
            t, BT_E_UNITS_TOTAL, t->units_total.loc, "Total", t->units_total.raw,
            "el total declarado es %llu, pero solo los programas con cantidad ya suman "
            "%llu.",
            (unsigned long long)t->units_total.n, (unsigned long long)sum);
    return e;
}

typedef struct {
    const bt_person *p;
    const bt_staff_row *row;
    size_t order;          /* position in the file, to keep the first first */
} person_ref;

static int cmp_person(const void *a, const void *b)
{
    const person_ref *x = a, *y = b;
    int c = strcmp(x->p->key, y->p->key);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

static bt_err staff(bt_territory *t)
{
    bt_err e = BT_OK;
    const bt_staff_row *first[64] = {0};
    for (size_t i = 0; i < t->nstaff && !e; i++) {
        const bt_staff_row *s = &t->staff[i];
        if (s->item >= 0 && s->item < 64) {
            if (!first[s->item]) {
                first[s->item] = s;
            } else {
                char cell[24];
                bt_cell_name(first[s->item]->loc.row, first[s->item]->loc.col, cell);
                e = bt_territory_add(
                    t, BT_A_DISCIPLINE_REPEATED, s->loc, s->label, NULL,
                    "la disciplina ya aparece en %s; se suman ambas filas. Deje una sola "
                    "fila por disciplina.",
                    cell);
            }
        }
        if (!e && s->count.state == BT_ST_OK && s->count.n != s->npeople) {
            const char *hint = s->names_had_commas && s->npeople < s->count.n
                                   ? " Los nombres se separan con «;» o saltos de línea, "
                                     "no con comas."
                                   : "";
            e = bt_territory_add(t, BT_E_STAFF_NAMES, s->count.loc, s->label, s->count.raw,
                                 "la dotación declarada es %llu, pero hay %zu nombre%s listado%s; "
                                 "corrija la cantidad o los nombres.%s",
                                 (unsigned long long)s->count.n, s->npeople,
                                 s->npeople == 1 ? "" : "s", s->npeople == 1 ? "" : "s", hint);
        }
    }
    /* The same person twice, in one discipline or in two: sorted by key,
     * so a long list costs n log n, not n squared. */
    size_t np = 0;
    for (size_t i = 0; i < t->nstaff; i++)
        np += t->staff[i].npeople;
    if (!e && np > 1) {
        person_ref *v = malloc(np * sizeof *v);
        if (!v)
            return BT_ERR_NOMEM;
        size_t k = 0;
        for (size_t i = 0; i < t->nstaff; i++) {
            for (size_t p = 0; p < t->staff[i].npeople; p++) {
                v[k] = (person_ref){&t->staff[i].people[p], &t->staff[i], k};
                k++;
            }
        }
        qsort(v, np, sizeof *v, cmp_person);
        for (size_t i = 1; i < np && !e; i++) {
            size_t f = i;
            while (f > 0 && strcmp(v[f - 1].p->key, v[i].p->key) == 0)
                f--;
            if (f == i)
                continue;      /* the first of its name */
            char cell[24];
            bt_cell_name(v[f].p->loc.row, v[f].p->loc.col, cell);
            e = bt_territory_add(t, BT_A_PERSON_REPEATED, v[i].p->loc, v[i].row->label,
                                 v[i].p->name, "%s ya está listado/a en %s (%s).", v[i].p->name,
                                 cell, v[f].row->label);
        }
        free(v);
    }
    if (e || t->staff_total.state != BT_ST_OK)
        return e;
    size_t missing;
    uint64_t sum = bt_staff_sum(t, &missing, NULL);
    if (bt_total_verdict_of(t->staff_total.n, sum, missing) == BT_TOTAL_DIFFERS)
        e = bt_territory_add(
            t, BT_E_STAFF_TOTAL, t->staff_total.loc, "Total", t->staff_total.raw,
            "el total declarado es %llu, pero la suma de las disciplinas es %llu%s.",
            (unsigned long long)t->staff_total.n, (unsigned long long)sum,
            missing ? " (sin contar las que no tienen cantidad)" : "");
    return e;
}

static bt_err date_in_period(bt_territory *t, const bt_dateval *d, const char *field)
{
    if (d->state != BT_ST_OK || !t->period || d->date.year == t->period)
        return BT_OK;
    char s[16];
    bt_date_format(&d->date, s);
    return bt_territory_add(t, BT_A_DATE_PERIOD, d->loc, field, d->raw,
                            "la fecha %s no está dentro del periodo %d; revise el año.", s,
                            t->period);
}

static bt_err sessions(bt_territory *t)
{
    bt_err e = BT_OK;
    for (size_t i = 0; i < t->ncaett && !e; i++) {
        const bt_caett_row *c = &t->caett[i];
        e = date_in_period(t, &c->date, "Fecha en que se abordan");
        if (!e && c->date.state == BT_ST_EMPTY && c->topic.text) {
            bt_loc at = {c->row, c->date.loc.col};
            e = bt_territory_add(t, BT_A_CAETT_NO_DATE, at, "Fecha en que se abordan", NULL,
                                 "la temática «%.60s» no tiene fecha en que se aborda; indique al "
                                 "menos el mes (por ejemplo «marzo 2025»).",
                                 c->topic.text);
        }
    }
    for (size_t i = 0; i < t->nsessions && !e; i++)
        e = date_in_period(t, &t->sessions[i].date, "Fecha");
    /* Numbering: 1, 2, 3, ... in order. */
    for (size_t i = 0; i < t->nsessions && !e; i++) {
        const bt_session *s = &t->sessions[i];
        int expected = (int)i + 1;
        if (s->number == expected)
            continue;
        bool repeated = false;
        for (size_t k = 0; k < i; k++)
            if (t->sessions[k].number == s->number && s->number)
                repeated = true;
        if (s->number == 0) {
            /* Each heading without its number is its own slip; a block
             * without any heading already has its A025. */
            if (!s->has_heading)
                continue;
            e = bt_territory_add(
                t, BT_A_SESSION_NUMBERS, s->loc, "Registro comunidad de aprendizaje", NULL,
                "el registro de sesión no tiene número; debería ser N°%d.", expected);
            continue;
        }
        if (repeated)
            e = bt_territory_add(
                t, BT_A_SESSION_NUMBERS, s->loc, "Registro comunidad de aprendizaje", NULL,
                "la sesión N°%d está repetida; debería ser N°%d.", s->number, expected);
        else
            e = bt_territory_add(
                t, BT_A_SESSION_NUMBERS, s->loc, "Registro comunidad de aprendizaje", NULL,
                "la sesión N°%d no sigue la numeración consecutiva; se esperaba N°%d.", s->number,
                expected);
        break; /* one aviso is enough: the renumbering follows from it */
    }
    if (!e && t->caett_projected.state == BT_ST_OK &&
        t->nsessions > t->caett_projected.n)
        e = bt_territory_add(
            t, BT_A_SESSIONS_OVER, t->caett_projected.loc, "Total de CAETT proyectadas",
            t->caett_projected.raw,
            "hay %zu sesiones registradas, más que %s %llu CAETT proyectada%s; revise "
            "la proyección.",
            t->nsessions, t->caett_projected.n == 1 ? "la" : "las",
            (unsigned long long)t->caett_projected.n, t->caett_projected.n == 1 ? "" : "s");
    return e;
}

/* A programme or discipline of the template with no row at all in the
 * file: its figure is as unknown as an empty one (the totals already say
 * "incompleto"), so it is named the same way, at the section's heading.
 * A missing section was reported once already. */
static bt_err absent_rows(bt_territory *t, bt_table_id tid)
{
    const bt_table *tb = bt_tpl_table(tid);
    if (!t->section_seen[tb->section])
        return BT_OK;
    bt_code code = tid == BT_TABLE_UNITS ? BT_A_UNITS_EMPTY : BT_A_STAFF_EMPTY;
    const char *what = tid == BT_TABLE_UNITS ? "la cantidad de unidades educativas"
                                             : "la dotación y los nombres";
    bt_err e = BT_OK;
    for (size_t i = 0; i < tb->nitems && !e; i++)
        if (!bt_item_present(t, tid, (int)i))
            e = bt_territory_add(t, code, t->section_loc[tb->section], tb->items[i].label, NULL,
                                 "falta la fila «%s» en la sección «%s»; agréguela con %s (0 si no "
                                 "hay). El total del territorio queda marcado como incompleto.",
                                 tb->items[i].label, bt_tpl_section(tb->section)->title, what);
    return e;
}

bt_err bt_check(bt_territory *t)
{
    bt_err e = sections(t);
    if (!e)
        e = required(t);
    if (!e)
        e = comunas_region(t);
    if (!e)
        e = absent_rows(t, BT_TABLE_UNITS);
    if (!e)
        e = units(t);
    if (!e)
        e = absent_rows(t, BT_TABLE_STAFF);
    if (!e)
        e = staff(t);
    if (!e)
        e = sessions(t);
    return e;
}
