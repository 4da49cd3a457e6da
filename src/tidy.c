/* tidy.c - the tidy CSV tables (see tidy.h). */
#include "bitacora/tidy.h"

#include <stdio.h>
#include <string.h>

#include "bitacora/atomic.h"
#include "bitacora/csvwrite.h"
#include "bitacora/refdata.h"
#include "bitacora/roster.h"
#include "bitacora/summary.h"
#include "bitacora/template.h"
#include "bitacora/value.h"

#define ID_COLS "region_codigo", "region", "territorio_numero", "territorio", "periodo", "archivo", "en_totales"
#define NID 7
#define MAXF 32

typedef struct {
    bt_sb *out;
    bt_arena *a;
    const char *f[MAXF];
    size_t n;
    bool failed;          /* an allocation failed: the table is not written */
} rowbuf;

/* A string made for the row; a NULL (out of memory) marks the row failed
 * rather than writing an empty field. */
static const char *made(rowbuf *r, const char *s)
{
    if (!s)
        r->failed = true;
    return s;
}

static void start(rowbuf *r, const bt_territory *t)
{
    const bt_region *reg = t->region >= 0 ? bt_region_at((size_t)t->region) : NULL;
    r->n = 0;
    r->f[r->n++] = reg ? reg->code : "";
    r->f[r->n++] = reg ? reg->name : (t->field[BT_F_REGION].text ? t->field[BT_F_REGION].text : "");
    r->f[r->n++] = t->terrnum.state == BT_ST_OK
                       ? made(r, bt_arena_printf(r->a, "%llu", (unsigned long long)t->terrnum.n))
                       : (t->terrnum.raw ? t->terrnum.raw : "");
    r->f[r->n++] = t->field[BT_F_TERRNAME].text;
    r->f[r->n++] = t->period ? made(r, bt_arena_printf(r->a, "%d", t->period)) : "";
    r->f[r->n++] = t->display;
    r->f[r->n++] = bt_counted(t) ? "si" : "no";
}

static void add(rowbuf *r, const char *s)
{
    if (r->n < MAXF)
        r->f[r->n++] = s;
}

static void addn(rowbuf *r, uint64_t v)
{
    add(r, made(r, bt_arena_printf(r->a, "%llu", (unsigned long long)v)));
}

static void add_count(rowbuf *r, const bt_count *c)
{
    add(r, c->state == BT_ST_OK ? made(r, bt_arena_printf(r->a, "%llu", (unsigned long long)c->n))
                                : "");
}

static const char *state_name(bt_state s)
{
    return s == BT_ST_OK ? "ok" : s == BT_ST_BAD ? "invalido" : s == BT_ST_EMPTY ? "vacio" : "ausente";
}

static void add_date(rowbuf *r, const bt_dateval *d)
{
    if (d->state == BT_ST_OK) {
        char *b = bt_arena_alloc(r->a, 16);
        if (b)
            bt_date_iso(&d->date, b);
        add(r, made(r, b));
    } else {
        add(r, "");
    }
    add(r, d->state == BT_ST_BAD ? d->raw : "");
}

/* The file's modification date, as the workbooks show it (local time). */
static const char *received(bt_arena *a, long long mtime)
{
    bt_date d;
    if (!bt_date_local(mtime, &d))
        return "";
    char *buf = bt_arena_alloc(a, 16);   /* NULL: out of memory (made()) */
    if (buf)
        bt_date_iso(&d, buf);
    return buf;
}

static void emit(rowbuf *r)
{
    bt_csv_row(r->out, r->f, r->n);
}

static void header(bt_sb *out, const char *const *extra)
{
    const char *f[MAXF] = {ID_COLS};
    size_t k = NID;
    for (size_t i = 0; extra[i] && k < MAXF; i++)
        f[k++] = extra[i];
    bt_csv_row(out, f, k);
}

/* ---- one function per table: the rows of one territory ---- */

static void rows_territory(rowbuf *r, const bt_territory *t)
{
    start(r, t);
    add(r, made(r, bt_territory_comunas(r->a, t)));
    size_t miss, smiss, listed;
    addn(r, bt_units_sum(t, &miss));
    addn(r, miss);
    addn(r, bt_staff_sum(t, &smiss, &listed));
    addn(r, listed);
    add_count(r, &t->caett_projected);
    addn(r, t->nsessions);
    addn(r, bt_territory_errors(t));
    addn(r, bt_territory_avisos(t));
    add(r, t->field[BT_F_REPRESENTANTE].text);
    add(r, t->field[BT_F_FRECUENCIA].text);
    add(r, t->field[BT_F_PLATAFORMA].text);
    add(r, t->info.format);
    add(r, t->info.encoding);
    add(r, t->info.delimiter);
    add(r, t->mtime ? made(r, received(r->a, t->mtime)) : "");
    addn(r, smiss);
    /* the roster's, so that this file is next period's roster */
    add(r, t->roster ? t->roster->email : NULL);
    emit(r);
}

static void rows_comunas(rowbuf *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->ncomunas; k++) {
        const bt_comuna_ref *c = &t->comunas[k];
        start(r, t);
        add(r, c->index >= 0 ? bt_comuna_at((size_t)c->index)->code : "");
        add(r, c->index >= 0 ? bt_comuna_at((size_t)c->index)->name : "");
        add(r, c->raw);
        emit(r);
    }
}

static void rows_units(rowbuf *r, const bt_territory *t)
{
    const bt_table *units = bt_tpl_table(BT_TABLE_UNITS);
    for (size_t k = 0; k < t->nunits; k++) {
        const bt_unit_row *u = &t->units[k];
        start(r, t);
        add(r, u->item >= 0 ? units->items[u->item].key : "otro");
        add(r, u->item >= 0 ? units->items[u->item].label : u->label);
        add_count(r, &u->count);
        add(r, state_name(u->count.state));
        add(r, u->count.state == BT_ST_BAD ? u->count.raw : "");
        emit(r);
    }
}

static void rows_staff(rowbuf *r, const bt_territory *t)
{
    const bt_table *staff = bt_tpl_table(BT_TABLE_STAFF);
    for (size_t k = 0; k < t->nstaff; k++) {
        const bt_staff_row *s = &t->staff[k];
        start(r, t);
        add(r, s->item >= 0 ? staff->items[s->item].key : "otra");
        add(r, s->item >= 0 ? staff->items[s->item].label : s->label);
        add_count(r, &s->count);
        addn(r, s->npeople);
        add(r, s->count.state == BT_ST_OK && s->count.n != s->npeople
                   ? "no_coincide"
                   : state_name(s->count.state));
        emit(r);
    }
}

static void rows_people(rowbuf *r, const bt_territory *t)
{
    const bt_table *staff = bt_tpl_table(BT_TABLE_STAFF);
    for (size_t k = 0; k < t->nstaff; k++) {
        const bt_staff_row *s = &t->staff[k];
        for (size_t p = 0; p < s->npeople; p++) {
            start(r, t);
            add(r, s->item >= 0 ? staff->items[s->item].key : "otra");
            add(r, s->item >= 0 ? staff->items[s->item].label : s->label);
            add(r, s->people[p].name);
            emit(r);
        }
    }
}

static void rows_caett(rowbuf *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->ncaett; k++) {
        const bt_caett_row *c = &t->caett[k];
        start(r, t);
        add(r, c->topic.text);
        add_date(r, &c->date);
        add(r, c->strategy.text);
        emit(r);
    }
}

static void rows_sessions(rowbuf *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->nsessions; k++) {
        const bt_session *s = &t->sessions[k];
        start(r, t);
        add(r, s->number ? made(r, bt_arena_printf(r->a, "%d", s->number)) : "");
        add_date(r, &s->date);
        add(r, s->tematica.text);
        add(r, s->registro.text);
        emit(r);
    }
}

static void rows_plan(rowbuf *r, const bt_territory *t)
{
    static const bt_field_id ids[] = {BT_F_OTROS_ACUERDOS, BT_F_PLAN_A, BT_F_PLAN_B,
                                      BT_F_PLAN_C, BT_F_PLAN_D, BT_F_EVAL_ANALISIS};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        if (!t->field[ids[k]].text)
            continue;
        start(r, t);
        add(r, bt_tpl_field(ids[k])->key);
        add(r, t->field[ids[k]].text);
        emit(r);
    }
}

static void rows_projections(rowbuf *r, const bt_territory *t)
{
    const bt_table *proj = bt_tpl_table(BT_TABLE_PROJ);
    for (size_t k = 0; k < t->nproj; k++) {
        const bt_projection *p = &t->proj[k];
        start(r, t);
        add(r, p->ambito >= 0 ? proj->items[p->ambito].key : "otro");
        add(r, p->ambito >= 0 ? proj->items[p->ambito].label : p->ambito_label);
        add(r, p->objetivo.text);
        add(r, p->estrategia.text);
        emit(r);
    }
}

static void rows_others(rowbuf *r, const bt_territory *t)
{
    for (size_t k = 0; k < t->nothers; k++) {
        const bt_other_row *o = &t->others[k];
        for (size_t c = 0; c < o->ncells; c++) {
            start(r, t);
            addn(r, o->row);
            addn(r, o->cells[c].col);
            add(r, o->cells[c].text);
            add(r, o->reason);
            emit(r);
        }
    }
}

/* The tables: file name, the columns after the identity ones, the rows. */
static const struct {
    const char *name;
    const char *cols[20];
    void (*rows)(rowbuf *r, const bt_territory *t);
} tables[] = {
    {"territorios.csv",
     {"comunas", "unidades_total", "unidades_faltantes", "dotacion_declarada",
      "profesionales_listados", "caett_proyectadas", "sesiones", "errores", "avisos",
      "representante", "frecuencia_reuniones", "registro_plataforma", "formato",
      "codificacion", "delimitador", "recibido", "dotacion_faltantes", "correo"},
     rows_territory},
    {"comunas.csv", {"comuna_codigo", "comuna", "escrito_como"}, rows_comunas},
    {"unidades.csv", {"programa_codigo", "programa", "unidades", "estado", "escrito_como"},
     rows_units},
    {"dotacion.csv",
     {"disciplina_codigo", "disciplina", "dotacion_declarada", "profesionales_listados",
      "estado"},
     rows_staff},
    {"profesionales.csv", {"disciplina_codigo", "disciplina", "nombre"}, rows_people},
    {"comunidades.csv", {"tematica", "fecha", "fecha_escrita_invalida", "estrategias"},
     rows_caett},
    {"registros.csv", {"sesion_numero", "fecha", "fecha_escrita_invalida", "tematica", "registro"},
     rows_sessions},
    {"planificacion.csv", {"apartado", "texto"}, rows_plan},
    {"proyecciones.csv", {"ambito_codigo", "ambito", "objetivo", "estrategia"}, rows_projections},
    {"otros.csv", {"fila", "columna", "texto", "motivo"}, rows_others},
};
#define NTABLES (sizeof tables / sizeof tables[0])

size_t bt_tidy_count(void)
{
    return NTABLES;
}

const char *bt_tidy_name(size_t i)
{
    return i < NTABLES ? tables[i].name : NULL;
}

/* The rows of t in every table, each after what its file holds. */
static bt_err add_territory(const bt_territory *t, bt_atomic_file *f, bt_sb *sb, size_t *failed,
                            int *err)
{
    bt_territory *whole;
    bt_err e = bt_territory_whole(t, &whole);
    for (size_t i = 0; i < NTABLES && !e; i++) {
        bt_arena *a = bt_arena_new();
        rowbuf r = {sb, a, {0}, 0, !a};
        bt_sb_clear(sb);
        if (a)
            tables[i].rows(&r, whole ? whole : t);
        bt_arena_free(a);
        e = sb->failed || r.failed ? BT_ERR_NOMEM : bt_atomic_write(&f[i], sb->s, sb->len, err);
        if (e == BT_ERR_WRITE)
            *failed = i;
    }
    bt_territory_free(whole);
    return e;
}

bt_err bt_tidy_write(const bt_batch *b, const char *const *paths, size_t *failed, int *err)
{
    bt_atomic_file f[NTABLES];
    size_t nopen = 0;
    bt_sb sb;
    bt_sb_init(&sb);
    bt_err e = BT_OK;
    for (size_t i = 0; i < NTABLES && !e; i++) {
        if ((e = bt_atomic_open(&f[i], paths[i], err))) {
            *failed = i;
            break;
        }
        nopen++;
        bt_sb_clear(&sb);
        bt_sb_puts(&sb, "\xEF\xBB\xBF");
        header(&sb, tables[i].cols);
        e = sb.failed ? BT_ERR_NOMEM : bt_atomic_write(&f[i], sb.s, sb.len, err);
        if (e == BT_ERR_WRITE)
            *failed = i;
    }
    for (size_t k = 0; k < b->n && !e; k++)
        if (b->items[k]->readable)
            e = add_territory(b->items[k], f, &sb, failed, err);
    for (size_t i = 0; i < nopen && !e; i++)
        if ((e = bt_atomic_close(&f[i], err)))
            *failed = i;
    for (size_t i = 0; i < nopen; i++)
        bt_atomic_abort(&f[i]);
    bt_sb_free(&sb);
    return e;
}
