/* form.c - the template matcher (see form.h). */
#include "bitacora/form.h"

#include <stdlib.h>
#include <string.h>

#include "bitacora/text.h"
#include "bitacora/value.h"

/* A cleaned, non-empty cell of the current row. */
typedef struct {
    uint32_t col;
    const char *text;
} ccell;

struct bt_form {
    const bt_tpl *tpl;
    bt_territory *t;
    bt_section_id section;
    bool in_caett;        /* inside the CAETT table body */
    bool caett_closed;    /* the CAETT projected line was seen */
    bool in_proj;         /* inside the projections table */
    int last_staff;       /* index of the staff row names continue, or -1 */
    int last_ambito;      /* ámbito of the projection above, or -2 */
    int cur_session;      /* index, or -1 */
    /* cells of the current row (reused) */
    ccell *cells;
    size_t ncells, capcells;
    uint32_t row;
    uint32_t content_rows;
    size_t content_cells;
    bool heading_seen[BT_SEC__COUNT];   /* its heading row was read */
    /* The computed columns of the XLSX template (template.h) that the
     * last table header named: read past while in that table's section. */
    bt_section_id helper_section;
    uint32_t helper_col[4];
    bt_helper_kind helper_kind[4];
    size_t nhelpers;
    bool in_others;       /* after the export's OTROS line: rows go to Otros */
};

bt_err bt_form_new(const bt_tpl *tpl, bt_territory *t, bt_form **out)
{
    *out = NULL;
    bt_form *f = calloc(1, sizeof *f);
    if (!f)
        return BT_ERR_NOMEM;
    f->tpl = tpl;
    f->t = t;
    f->section = BT_SEC_NONE;
    f->last_staff = -1;
    f->last_ambito = -2;
    f->cur_session = -1;
    f->helper_section = BT_SEC_NONE;
    *out = f;
    return BT_OK;
}

void bt_form_free(bt_form *f)
{
    if (!f)
        return;
    free(f->cells);
    free(f);
}

static const char *section_title(bt_section_id s)
{
    const bt_section *sec = bt_tpl_section(s);
    return sec ? sec->title : "sin sección";
}

static bt_loc loc_of(const bt_form *f, uint32_t col)
{
    bt_loc l = {f->row, col};
    return l;
}

/* ---- Otros ---- */

static bt_err keep_other(bt_form *f, const ccell *cells, size_t n, const char *reason)
{
    bt_territory *t = f->t;
    if (n == 0)
        return BT_OK;
    bt_other_row *o = BT_PUSH(t->arena, t->others, t->nothers, t->capothers);
    if (!o)
        return BT_ERR_NOMEM;
    o->row = f->row;
    o->section = f->section;
    o->reason = reason;
    o->cells = bt_arena_alloc(t->arena, n * sizeof *o->cells);
    if (!o->cells)
        return BT_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        o->cells[i].col = cells[i].col;
        o->cells[i].text = cells[i].text;
    }
    o->ncells = n;
    return BT_OK;
}

/* An aviso for content that maps to nothing, and the content kept. */
static bt_err unmapped(bt_form *f, const ccell *cells, size_t n, const char *why)
{
    bt_territory *t = f->t;
    if (n == 0)
        return BT_OK;
    const char *hint = NULL;
    /* Suggestions cost an edit distance per label: only while the finding
     * will be listed. */
    if (cells[0].col == 1 && !f->in_others && !bt_findings_full(t->findings)) {
        char *key = bt_fold(t->arena, cells[0].text);
        if (!key)
            return BT_ERR_NOMEM;
        hint = bt_tpl_suggest(f->tpl, key);
    }
    /* Quote the start of what was found, so the line says what it is. */
    const char *text = cells[0].text;
    size_t shown = bt_utf8_prefix_bytes(text, 60);
    const char *more = text[shown] ? "…" : "";
    bt_err e;
    if (hint)
        e = bt_findings_add(t->findings, BT_A_UNMAPPED, t->display, bt_territory_sheet(t), f->row,
                            cells[0].col, NULL, text,
                            "«%.*s%s»: %s; ¿quiso decir «%s»? El contenido se conserva en la "
                            "hoja Otros.", (int)shown, text, more, why, hint);
    else
        e = bt_findings_add(t->findings, BT_A_UNMAPPED, t->display, bt_territory_sheet(t), f->row,
                            cells[0].col, NULL, text,
                            "«%.*s%s»: %s; el contenido se conserva en la hoja Otros.",
                            (int)shown, text, more, why);
    if (e)
        return e;
    return keep_other(f, cells, n, why);
}

/* ---- values ---- */

/* Join the texts of cells with sep (arena). */
static const char *join(bt_arena *a, const ccell *v, size_t n, const char *sep)
{
    if (n == 1)
        return v[0].text;
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (i)
            bt_sb_puts(&b, sep);
        bt_sb_puts(&b, v[i].text);
    }
    const char *s = b.failed ? NULL : bt_arena_strdup(a, bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static bool single_valued(bt_kind k)
{
    return k == BT_KIND_COUNT || k == BT_KIND_DATE || k == BT_KIND_YEAR ||
           k == BT_KIND_REGION || k == BT_KIND_TERRNUM;
}

/* Store a value in a bt_text: single-valued kinds take the first cell
 * and keep the others in Otros; text kinds join them. */
static bt_err fill_text(bt_form *f, bt_text *dst, bt_kind kind, const ccell *vals,
                        size_t nvals, uint32_t label_col)
{
    dst->present = true;
    dst->label = loc_of(f, label_col);
    dst->loc = dst->label;
    if (nvals == 0)
        return BT_OK;
    dst->loc = loc_of(f, vals[0].col);
    if (single_valued(kind)) {
        dst->text = vals[0].text;
        if (nvals > 1)
            return unmapped(f, vals + 1, nvals - 1,
                            "hay más de un valor en la fila de un campo de valor único");
        return BT_OK;
    }
    dst->text = join(f->t->arena, vals, nvals,
                     kind == BT_KIND_NAME ? ", " : kind == BT_KIND_COMUNAS ? "; " : "\n");
    return dst->text ? BT_OK : BT_ERR_NOMEM;
}

static bt_err comuna_item(void *ctx, const char *item)
{
    bt_form *f = ctx;
    bt_territory *t = f->t;
    bt_comuna_ref *c = BT_PUSH(t->arena, t->comunas, t->ncomunas, t->capcomunas);
    if (!c)
        return BT_ERR_NOMEM;
    c->index = -1;
    c->raw = item;
    c->loc = loc_of(f, 0);   /* set by the caller */
    return BT_OK;
}

static bt_err add_comunas(bt_form *f, const ccell *vals, size_t n)
{
    bt_territory *t = f->t;
    for (size_t i = 0; i < n; i++) {
        size_t before = t->ncomunas;
        bt_err e = bt_split_list(t->arena, vals[i].text, true, comuna_item, f);
        if (e)
            return e;
        for (size_t k = before; k < t->ncomunas; k++)
            t->comunas[k].loc = loc_of(f, vals[i].col);
    }
    return BT_OK;
}

static bt_err new_session(bt_form *f, int number, bool heading, uint32_t col)
{
    bt_territory *t = f->t;
    bt_session *s = BT_PUSH(t->arena, t->sessions, t->nsessions, t->capsessions);
    if (!s)
        return BT_ERR_NOMEM;
    s->number = number;
    s->has_heading = heading;
    s->loc = loc_of(f, col);
    f->cur_session = (int)(t->nsessions - 1);
    f->section = BT_SEC_SESSION;
    /* A session ends the CAETT table (its closing line may be missing)
     * and any table before it. */
    if (f->in_caett)
        f->caett_closed = true;
    f->in_caett = false;
    f->in_proj = false;
    f->last_staff = -1;
    t->section_seen[BT_SEC_SESSION] = true;
    if (!t->section_loc[BT_SEC_SESSION].row)
        t->section_loc[BT_SEC_SESSION] = s->loc;
    return BT_OK;
}

static bt_err session_field(bt_form *f, bt_field_id id, const ccell *vals, size_t n,
                            uint32_t label_col)
{
    bt_territory *t = f->t;
    int slot = id == BT_F_SES_FECHA ? 0 : id == BT_F_SES_TEMATICA ? 1 : 2;
    bt_session *s = f->cur_session >= 0 ? &t->sessions[f->cur_session] : NULL;
    if (!s || s->seen[slot]) {
        /* A session's fields without its heading: a new session. */
        int number = s ? s->number + 1 : 1;
        if (s && s->number == 0)
            number = 0;
        bt_err e = new_session(f, number, false, label_col);
        if (e)
            return e;
        s = &t->sessions[f->cur_session];
        if (number)
            e = bt_findings_add(t->findings, BT_A_SESSION_NO_HEADING, t->display, bt_territory_sheet(t),
                                f->row, label_col, bt_tpl_field(id)->label, NULL,
                                "este registro de sesión no tiene su encabezado «REGISTRO "
                                "COMUNIDAD DE APRENDIZAJE N°…»; se leyó como la sesión N°%d. "
                                "Agregue el encabezado con su número.", number);
        else
            e = bt_findings_add(t->findings, BT_A_SESSION_NO_HEADING, t->display, bt_territory_sheet(t),
                                f->row, label_col, bt_tpl_field(id)->label, NULL,
                                "este registro de sesión no tiene su encabezado «REGISTRO "
                                "COMUNIDAD DE APRENDIZAJE N°…»; se leyó como una sesión más, "
                                "sin número. Agregue el encabezado con su número.");
        if (e)
            return e;
    }
    s->seen[slot] = true;
    if (slot == 0) {
        bt_text tmp = {0};
        bt_err e = fill_text(f, &tmp, BT_KIND_DATE, vals, n, label_col);
        s->date.raw = tmp.text;
        s->date.loc = tmp.loc;
        s->date.state = tmp.text ? BT_ST_OK : BT_ST_EMPTY;
        return e;
    }
    return fill_text(f, slot == 1 ? &s->tematica : &s->registro, BT_KIND_TEXT, vals, n,
                     label_col);
}

static bt_err set_field(bt_form *f, bt_field_id id, const ccell *vals, size_t n,
                        uint32_t label_col)
{
    bt_territory *t = f->t;
    const bt_field *fd = bt_tpl_field(id);
    if (fd->section == BT_SEC_SESSION)
        return session_field(f, id, vals, n, label_col);
    bt_text *dst = &t->field[id];
    if (dst->present) {
        if (n == 0)
            return BT_OK;     /* a repeated empty label adds nothing */
        if (!dst->text) {
            /* The first occurrence was empty: take this one's value. */
            dst->present = false;
        } else {
            char cell[24];
            bt_cell_name(dst->label.row, dst->label.col, cell);
            bt_err e = bt_findings_add(t->findings, BT_A_FIELD_REPEATED, t->display,
                                       bt_territory_sheet(t), f->row, label_col, fd->label, vals[0].text,
                                       "el campo ya aparece en %s; se usa el primer valor "
                                       "y este se conserva en la hoja Otros.", cell);
            if (e)
                return e;
            return keep_other(f, vals, n, "campo repetido");
        }
    }
    bt_err e = fill_text(f, dst, fd->kind, vals, n, label_col);
    if (!e && fd->kind == BT_KIND_COMUNAS)
        e = add_comunas(f, vals, n);
    if (!e && id == BT_F_CAETT_PROYECTADAS) {
        f->in_caett = false;
        f->caett_closed = true;
    }
    return e;
}

/* ---- tables ---- */

static bt_err unit_row(bt_form *f, int item, const char *label, const ccell *vals,
                       size_t n, uint32_t label_col)
{
    bt_territory *t = f->t;
    bt_unit_row *u = BT_PUSH(t->arena, t->units, t->nunits, t->capunits);
    if (!u)
        return BT_ERR_NOMEM;
    u->item = item;
    u->label = label;
    u->loc = loc_of(f, label_col);
    u->count.state = BT_ST_EMPTY;
    u->count.loc = loc_of(f, label_col + 1);
    if (n > 0) {
        u->count.raw = vals[0].text;
        u->count.loc = loc_of(f, vals[0].col);
        u->count.state = BT_ST_OK;   /* parsed by normalize */
        if (n > 1)
            return unmapped(f, vals + 1, n - 1,
                            "hay más de un valor en la fila de un programa");
    }
    return BT_OK;
}

typedef struct {
    bt_form *f;
    bt_staff_row *s;
    uint32_t col;
} person_ctx;

static bt_err person_item(void *ctx, const char *item)
{
    person_ctx *pc = ctx;
    bt_territory *t = pc->f->t;
    bt_staff_row *s = pc->s;
    bt_person *p = BT_PUSH(t->arena, s->people, s->npeople, s->cap);
    if (!p)
        return BT_ERR_NOMEM;
    p->name = bt_name_case(t->arena, item);
    p->key = p->name ? bt_fold(t->arena, p->name) : NULL;
    p->loc = loc_of(pc->f, pc->col);
    return p->name && p->key ? BT_OK : BT_ERR_NOMEM;
}

static bt_err add_people(bt_form *f, bt_staff_row *s, const ccell *vals, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        person_ctx pc = {f, s, vals[i].col};
        if (strchr(vals[i].text, ','))
            s->names_had_commas = true;
        bt_err e = bt_split_list(f->t->arena, vals[i].text, false, person_item, &pc);
        if (e)
            return e;
    }
    return BT_OK;
}

/* A staff row: count in the column right of the label, names after it. */
static bt_err staff_row(bt_form *f, int item, const char *label, const ccell *vals,
                        size_t n, uint32_t label_col)
{
    bt_territory *t = f->t;
    bt_staff_row *s = BT_PUSH(t->arena, t->staff, t->nstaff, t->capstaff);
    if (!s)
        return BT_ERR_NOMEM;
    s->item = item;
    s->label = label;
    s->loc = loc_of(f, label_col);
    s->count.state = BT_ST_EMPTY;
    s->count.loc = loc_of(f, label_col + 1);
    size_t first_name = 0;
    if (n > 0 && vals[0].col == label_col + 1) {
        s->count.raw = vals[0].text;
        s->count.loc = loc_of(f, vals[0].col);
        s->count.state = BT_ST_OK;
        first_name = 1;
    }
    f->last_staff = (int)(t->nstaff - 1);
    return add_people(f, s, vals + first_name, n - first_name);
}

static bt_err caett_row(bt_form *f, const ccell *cells, size_t n, uint32_t topic_col)
{
    bt_territory *t = f->t;
    bt_caett_row *c = BT_PUSH(t->arena, t->caett, t->ncaett, t->capcaett);
    if (!c)
        return BT_ERR_NOMEM;
    c->row = f->row;
    c->date.state = BT_ST_EMPTY;
    c->date.loc = loc_of(f, topic_col + 1);
    c->topic.label = c->strategy.label = loc_of(f, topic_col);
    size_t extra_from = n;
    for (size_t i = 0; i < n; i++) {
        uint32_t rel = cells[i].col - topic_col;
        if (rel == 0) {
            c->topic.text = cells[i].text;
            c->topic.loc = loc_of(f, cells[i].col);
            c->topic.present = true;
        } else if (rel == 1) {
            c->date.raw = cells[i].text;
            c->date.loc = loc_of(f, cells[i].col);
            c->date.state = BT_ST_OK;
        } else if (rel == 2) {
            c->strategy.text = cells[i].text;
            c->strategy.loc = loc_of(f, cells[i].col);
            c->strategy.present = true;
        } else if (extra_from == n) {
            extra_from = i;
        }
    }
    if (extra_from < n)
        return unmapped(f, cells + extra_from, n - extra_from,
                        "hay texto más allá de las tres columnas de la tabla CAETT");
    return BT_OK;
}

static bt_err projection_row(bt_form *f, int ambito, const char *ambito_label,
                             const ccell *vals, size_t n, uint32_t label_col)
{
    bt_territory *t = f->t;
    if (n == 0) {
        /* The template's empty ámbito line: nothing projected. */
        f->last_ambito = ambito;
        return BT_OK;
    }
    bt_projection *p = BT_PUSH(t->arena, t->proj, t->nproj, t->capproj);
    if (!p)
        return BT_ERR_NOMEM;
    p->ambito = ambito;
    p->ambito_label = ambito_label;
    p->row = f->row;
    p->objetivo.label = p->estrategia.label = loc_of(f, label_col);
    size_t extra_from = n;
    for (size_t i = 0; i < n; i++) {
        uint32_t rel = vals[i].col - label_col;
        bt_text *dst = rel == 1 ? &p->objetivo : rel == 2 ? &p->estrategia : NULL;
        if (dst) {
            dst->text = vals[i].text;
            dst->loc = loc_of(f, vals[i].col);
            dst->present = true;
        } else if (extra_from == n) {
            extra_from = i;
        }
    }
    f->last_ambito = ambito;
    if (extra_from < n)
        return unmapped(f, vals + extra_from, n - extra_from,
                        "hay texto más allá de las columnas Ámbito, Objetivo y Estrategia");
    return BT_OK;
}

/* ---- dispatch ---- */

static void enter_section(bt_form *f, bt_section_id s)
{
    bt_territory *t = f->t;
    f->section = s;
    f->in_caett = s == BT_SEC_IMPL && !f->caett_closed;
    if (s != BT_SEC_EVAL)
        f->in_proj = false;
    if (s != BT_SEC_STAFF)
        f->last_staff = -1;
    t->section_seen[s] = true;
    if (!t->section_loc[s].row)
        t->section_loc[s] = loc_of(f, 1);
}

static bt_err heading(bt_form *f, const bt_match *m, const ccell *rest, size_t nrest,
                      uint32_t col)
{
    bt_territory *t = f->t;
    if (m->section == BT_SEC_SESSION) {
        int number = m->number;
        size_t used = 0;
        if (number == 0 && nrest > 0) {
            /* "REGISTRO ... N°" | "3" */
            uint64_t v;
            bt_why why;
            if (bt_parse_terrnum(rest[0].text, &v, &why) == BT_VAL_OK && v < 100000) {
                number = (int)v;
                used = 1;
            }
        }
        bt_err e = new_session(f, number, true, col);
        if (!e && nrest > used)
            e = unmapped(f, rest + used, nrest - used, "hay texto junto al encabezado de la sesión");
        return e;
    }
    /* The same heading twice (a block pasted again, even right after
     * itself); a heading after some of its section's labels is not. */
    bool again = f->heading_seen[m->section];
    f->heading_seen[m->section] = true;
    if (again) {
        char cell[24];
        bt_loc first = t->section_loc[m->section];
        bt_cell_name(first.row, first.col, cell);
        bt_err e = bt_findings_add(t->findings, BT_A_SECTION_REPEATED, t->display,
                                   bt_territory_sheet(t), f->row, col, NULL,
                                   bt_tpl_section(m->section)->heading,
                                   "la sección «%s» ya empezó en %s; su contenido se "
                                   "sigue leyendo, pero revise si está duplicada.",
                                   section_title(m->section), cell);
        if (e)
            return e;
    }
    enter_section(f, m->section);
    if (nrest > 0)
        return unmapped(f, rest, nrest, "hay texto junto al título de una sección");
    return BT_OK;
}

/* A row with no label: the continuation of a table row.  *handled says
 * whether it was one. */
static bt_err no_label(bt_form *f, const ccell *cells, size_t n, bool *handled)
{
    bt_territory *t = f->t;
    *handled = true;
    if (f->section == BT_SEC_STAFF && f->last_staff >= 0 && cells[0].col >= 3)
        return add_people(f, &t->staff[f->last_staff], cells, n);
    if (f->section == BT_SEC_EVAL && f->in_proj && f->last_ambito != -2 && cells[0].col >= 2) {
        const char *label = f->last_ambito >= 0
                                ? bt_tpl_table(BT_TABLE_PROJ)->items[f->last_ambito].label
                                : NULL;
        if (f->last_ambito == -1 && t->nproj)
            label = t->proj[t->nproj - 1].ambito_label;
        return projection_row(f, f->last_ambito, label, cells, n, 1);
    }
    if (f->in_caett && cells[0].col >= 2)
        return caett_row(f, cells, n, 1);
    *handled = false;
    return BT_OK;
}

static bt_err match_label(bt_form *f, const ccell *cells, size_t n, bool *handled);

/* Is this the export's OTROS line? */
static bool others_row(bt_form *f, const ccell *first)
{
    char key[160];
    return first->col == 1 && bt_fold_buf(first->text, key, sizeof key) != (size_t)-1 &&
           bt_tpl_match(f->tpl, key, f->section).kind == BT_M_OTHERS;
}

/* The export's OTROS line, with the title of the section its rows were
 * in: the rows below go to Otros, under that section. */
static bt_err others_line(bt_form *f, const ccell *rest, size_t nrest)
{
    f->in_others = true;
    f->in_caett = f->in_proj = false;
    f->last_staff = -1;
    f->section = BT_SEC_NONE;
    size_t used = 0;
    for (int s = 0; nrest && s < BT_SEC__COUNT; s++)
        if (rest[0].col == 2 && strcmp(rest[0].text, bt_tpl_section((bt_section_id)s)->title) == 0) {
            f->section = (bt_section_id)s;
            used = 1;
        }
    return nrest > used ? unmapped(f, rest + used, nrest - used,
                                   "hay texto junto a un texto fijo de la plantilla")
                        : BT_OK;
}

/* Is this header cell one of the table's computed columns (right of the
 * table's own)?  Then its column is read past in the rows that follow
 * (drop_helpers). */
static bool helper_header(bt_form *f, const bt_table *tb, const char *key, uint32_t col)
{
    for (size_t h = 0; h < tb->nhelpers && col > tb->ncolumns; h++) {
        char hk[128];
        if (bt_fold_buf(tb->helpers[h].header, hk, sizeof hk) == (size_t)-1 ||
            strcmp(key, hk) != 0)
            continue;
        if (f->nhelpers < sizeof f->helper_col / sizeof f->helper_col[0]) {
            f->helper_col[f->nhelpers] = col;
            f->helper_kind[f->nhelpers] = tb->helpers[h].kind;
            f->nhelpers++;
        }
        return true;
    }
    return false;
}

/* The cells right of a table's first header: the template's own headers
 * (and its computed columns) are read past; anything else typed there is
 * kept in Otros. */
static bt_err header_extras(bt_form *f, bt_table_id tid, const ccell *rest, size_t nrest)
{
    const bt_table *tb = bt_tpl_table(tid);
    f->nhelpers = 0;
    f->helper_section = tb->section;
    for (size_t i = 0; i < nrest; i++) {
        char *key = bt_fold(f->t->arena, rest[i].text);
        if (!key)
            return BT_ERR_NOMEM;
        bool known = helper_header(f, tb, key, rest[i].col);
        for (size_t c = 1; c < tb->ncolumns && !known; c++) {
            char ck[512];
            if (bt_fold_buf(tb->columns[c], ck, sizeof ck) != (size_t)-1) {
                size_t kl = strlen(ck);
                /* the header, or its first words ("Nº dotación") */
                known = strcmp(key, ck) == 0 || (key[0] && strncmp(ck, key, strlen(key)) == 0 &&
                                                 (ck[strlen(key)] == ' ' || !ck[strlen(key)])) ||
                        (kl && strncmp(key, ck, kl) == 0);
            }
        }
        if (!known) {
            bt_err e = unmapped(f, rest + i, 1, "hay texto en la fila de encabezados de la tabla");
            if (e)
                return e;
        }
    }
    return BT_OK;
}

/* A label of one section found in another: kept in Otros, saying where
 * the label belongs (no "did you mean" of the very label typed). */
static bt_err foreign_label(bt_form *f, const ccell *cells, size_t n, const bt_field *fd)
{
    bt_territory *t = f->t;
    bt_err e = bt_findings_add(t->findings, BT_A_UNMAPPED, t->display, bt_territory_sheet(t), f->row,
                               cells[0].col, NULL, cells[0].text,
                               "«%s» es un rótulo de la sección «%s» y aquí no corresponde; el "
                               "contenido se conserva en la hoja Otros.", fd->label,
                               bt_tpl_section(fd->section)->title);
    return e ? e : keep_other(f, cells, n, "rótulo de otra sección");
}

/* What the template computed beside a table (names counted, a mark) is
 * not what the team typed: dropped from the row before it is read.  Only
 * in the columns its header named, and only what such a column shows, so
 * that anything else typed there is still read (and kept). */
static void drop_helpers(bt_form *f)
{
    if (!f->nhelpers || f->section != f->helper_section)
        return;
    size_t k = 0;
    for (size_t i = 0; i < f->ncells; i++) {
        bool helper = false;
        for (size_t h = 0; h < f->nhelpers && !helper; h++)
            helper = f->cells[i].col == f->helper_col[h] &&
                     bt_tpl_helper_value(f->helper_kind[h], f->cells[i].text);
        if (!helper)
            f->cells[k++] = f->cells[i];
    }
    f->ncells = k;
}

bt_err bt_form_row(void *ctx, const bt_row *row)
{
    bt_form *f = ctx;
    bt_territory *t = f->t;
    f->row = row->row;
    /* Clean every cell; keep the non-empty ones. */
    if (row->n > f->capcells) {
        ccell *nc = realloc(f->cells, row->n * sizeof *nc);
        if (!nc)
            return BT_ERR_NOMEM;
        f->cells = nc;
        f->capcells = row->n;
    }
    f->ncells = 0;
    for (size_t i = 0; i < row->n; i++) {
        char *s = bt_text_clean(t->arena, row->cells[i].text, row->cells[i].len,
                                BT_CLEAN_TRIM);
        if (!s)
            return BT_ERR_NOMEM;
        if (!s[0])
            continue;
        f->cells[f->ncells].col = row->cells[i].col;
        f->cells[f->ncells].text = s;
        f->ncells++;
    }
    drop_helpers(f);
    if (f->ncells == 0)
        return BT_OK;
    /* A bound on what one file can make us hold and write. */
    f->content_cells += f->ncells;
    if (f->content_cells > BT_MAX_CELLS) {
        bt_err e = bt_findings_add(t->findings, BT_E_LIMIT, t->display, bt_territory_sheet(t), f->row, 0,
                                   NULL, NULL,
                                   "el archivo tiene más de %u celdas con contenido (una "
                                   "bitácora tiene unas 500); no se convierte. ¿Es el archivo "
                                   "correcto?", BT_MAX_CELLS);
        return e ? e : BT_ERR_LIMIT;
    }
    if (++f->content_rows > BT_MAX_CONTENT_ROWS) {
        bt_err e = bt_findings_add(t->findings, BT_E_LIMIT, t->display, bt_territory_sheet(t), f->row, 0,
                                   NULL, NULL,
                                   "el archivo tiene más de %u filas con contenido (una bitácora "
                                   "tiene unas 150); no se convierte. ¿Es el archivo correcto?",
                                   BT_MAX_CONTENT_ROWS);
        return e ? e : BT_ERR_LIMIT;
    }
    const ccell *cells = f->cells;
    size_t n = f->ncells;

    /* Rows an export kept under its OTROS lines were in Otros when it was
     * written: so they are again, whatever their first cell says. */
    if (f->in_others && !others_row(f, &cells[0]))
        return unmapped(f, cells, n, cells[0].col == 1
                                         ? "el rótulo no corresponde a ningún campo de la bitácora"
                                         : "la fila no tiene rótulo en la columna A");
    if (cells[0].col != 1) {
        bool handled;
        bt_err e = no_label(f, cells, n, &handled);
        if (e || handled)
            return e;
        /* A sheet shifted right (an empty first column): try the first
         * cell as the label. */
        e = match_label(f, cells, n, &handled);
        if (e || handled)
            return e;
        return unmapped(f, cells, n, "la fila no tiene rótulo en la columna A");
    }
    bool handled = false;
    bt_err e = match_label(f, cells, n, &handled);
    if (e || handled)
        return e;
    return unmapped(f, cells, n, "el rótulo no corresponde a ningún campo de la bitácora");
}

/* The template's reading of a label, and its key (arena-owned).  Teams
 * abbreviate and pluralize with punctuation ("V.T.F.", "Comuna(s)"): when
 * the plain key matches nothing, the keys with those marks deleted, then
 * with "(s)"-like marks dropped whole, are tried. */
static bt_err match_text(bt_form *f, const char *text, char **key, bt_match *m)
{
    *key = bt_fold(f->t->arena, text);
    if (!*key)
        return BT_ERR_NOMEM;
    *m = bt_tpl_match(f->tpl, *key, f->section);
    if (m->kind != BT_M_NONE || !strpbrk(text, ".()"))
        return BT_OK;
    for (int drop = 0; drop < 2; drop++) {
        char *joined = bt_fold_joined(f->t->arena, text, drop);
        if (!joined)
            return BT_ERR_NOMEM;
        bt_match mj = bt_tpl_match(f->tpl, joined, f->section);
        if (mj.kind != BT_M_NONE) {
            *key = joined;
            *m = mj;
            return BT_OK;
        }
    }
    return BT_OK;
}

/* Try "Label: value" typed in one cell. */
static bt_err colon_label(bt_form *f, const ccell *cells, size_t n, bool *handled)
{
    bt_territory *t = f->t;
    const char *colon = strchr(cells[0].text, ':');
    if (!colon)
        return BT_OK;
    char *label = bt_arena_strndup(t->arena, cells[0].text, (size_t)(colon - cells[0].text));
    if (!label)
        return BT_ERR_NOMEM;
    char *key;
    bt_match m;
    if (match_text(f, label, &key, &m))
        return BT_ERR_NOMEM;
    if (m.kind != BT_M_FIELD || m.foreign)
        return BT_OK;
    /* Inside a free table, "Label: text" is a row of the table (a CAETT
     * topic may well begin "Región: ..."), except the table's own closing
     * line. */
    if ((f->in_caett && m.field != BT_F_CAETT_PROYECTADAS) || f->in_proj)
        return BT_OK;
    const char *after = colon + 1;
    while (*after == ' ' || *after == '\n')
        after++;
    ccell *vals = bt_arena_alloc(t->arena, (n + 1) * sizeof *vals);
    if (!vals)
        return BT_ERR_NOMEM;
    size_t nv = 0;
    if (*after) {
        vals[nv].col = cells[0].col;
        vals[nv].text = after;
        nv++;
    }
    for (size_t i = 1; i < n; i++)
        vals[nv++] = cells[i];
    if (m.section != f->section && m.section != BT_SEC_SESSION)
        enter_section(f, m.section);
    *handled = true;
    return set_field(f, m.field, vals, nv, cells[0].col);
}

/* A table's header row: the table starts (the CAETT table only until its
 * closing line was read); what is typed right of the headers is kept. */
static bt_err table_header(bt_form *f, const bt_match *m, const ccell *rest, size_t nrest)
{
    if (f->section != m->section)
        enter_section(f, m->section);
    if (m->table == BT_TABLE_CAETT && !f->caett_closed)
        f->in_caett = true;
    if (m->table == BT_TABLE_PROJ) {
        f->in_proj = true;
        f->last_ambito = -2;
    }
    return header_extras(f, m->table, rest, nrest);
}

/* A field's label: its value is what follows it in the row. */
static bt_err field_label(bt_form *f, const bt_match *m, const ccell *cells, size_t n)
{
    if (m->foreign) {
        /* Session fields after the CAETT table start a session (with an
         * aviso); other labels of one section are only labels there. */
        bool session_ok = m->section == BT_SEC_SESSION &&
                          (f->section == BT_SEC_NONE ||
                           (f->section == BT_SEC_IMPL && f->caett_closed));
        if (!session_ok)
            return foreign_label(f, cells, n, bt_tpl_field(m->field));
    }
    if (m->section != f->section && m->section != BT_SEC_SESSION)
        enter_section(f, m->section);
    return set_field(f, m->field, cells + 1, n - 1, cells[0].col);
}

/* A fixed row of a table: a programme, a discipline or an ámbito. */
static bt_err item_label(bt_form *f, const bt_match *m, const ccell *rest, size_t nrest,
                         uint32_t col)
{
    const char *label = bt_tpl_table(m->table)->items[m->item].label;
    if (f->section != m->section)
        enter_section(f, m->section);
    if (m->table == BT_TABLE_UNITS)
        return unit_row(f, m->item, label, rest, nrest, col);
    if (m->table == BT_TABLE_STAFF)
        return staff_row(f, m->item, label, rest, nrest, col);
    f->in_proj = true;
    return projection_row(f, m->item, label, rest, nrest, col);
}

/* The Total row of the units or staff table (*done false elsewhere: then
 * it is no label of the template). */
static bt_err total_row(bt_form *f, const ccell *cells, size_t n, bool *done)
{
    bt_territory *t = f->t;
    *done = f->section == BT_SEC_UNITS || f->section == BT_SEC_STAFF;
    if (!*done)
        return BT_OK;
    bt_count *c = f->section == BT_SEC_UNITS ? &t->units_total : &t->staff_total;
    if (c->state != BT_ST_ABSENT)
        return unmapped(f, cells, n, "hay más de una fila Total en la tabla");
    c->state = BT_ST_EMPTY;
    c->loc = loc_of(f, cells[0].col + 1);
    if (n > 1) {
        c->raw = cells[1].text;
        c->loc = loc_of(f, cells[1].col);
        c->state = BT_ST_OK;
        if (n > 2)
            return unmapped(f, cells + 2, n - 2, "hay más de un valor en la fila Total");
    }
    if (f->section == BT_SEC_STAFF)
        f->last_staff = -1;
    return BT_OK;
}

/* A row whose first cell the template knows, by what it is.  *done is
 * false when it turns out to be no label here (a Total row outside the
 * tables that have one). */
static bt_err known_label(bt_form *f, const bt_match *m, const ccell *cells, size_t n,
                          bool *done)
{
    const ccell *rest = cells + 1;
    size_t nrest = n - 1;
    *done = true;
    switch (m->kind) {
    case BT_M_TITLE:
        return nrest ? unmapped(f, rest, nrest, "hay texto junto al título de la bitácora")
                     : BT_OK;
    case BT_M_KNOWN:
        if (m->section == BT_SEC_EVAL) {
            enter_section(f, BT_SEC_EVAL);
            f->in_proj = true;
        }
        return nrest ? unmapped(f, rest, nrest, "hay texto junto a un texto fijo de la plantilla")
                     : BT_OK;
    case BT_M_HEADING:
        return heading(f, m, rest, nrest, cells[0].col);
    case BT_M_OTHERS:
        return others_line(f, rest, nrest);
    case BT_M_TABLE_HEADER:
        return table_header(f, m, rest, nrest);
    case BT_M_FIELD:
        return field_label(f, m, cells, n);
    case BT_M_ITEM:
        return item_label(f, m, rest, nrest, cells[0].col);
    case BT_M_TOTAL:
        return total_row(f, cells, n, done);
    case BT_M_NONE:
        break;
    }
    *done = false;
    return BT_OK;
}

/* A row of a table whose first cell names none of its items: kept as an
 * extra item (an extra programme or discipline counts in the totals, an
 * ámbito stays as typed), with an aviso that suggests the closest item. */
static bt_err unknown_item(bt_form *f, bt_table_id tid, const char *key, const ccell *cells,
                           size_t n)
{
    bt_territory *t = f->t;
    const char *typed = cells[0].text;
    const ccell *rest = cells + 1;
    uint32_t col = cells[0].col;
    const char *hint = bt_findings_full(t->findings) ? NULL
                                                     : bt_tpl_suggest_item(f->tpl, tid, key);
    char ask[320] = "";
    if (hint)
        snprintf(ask, sizeof ask, " ¿Quiso decir «%s»?", hint);
    bt_err e;
    switch (tid) {
    case BT_TABLE_UNITS:
        e = bt_findings_add(t->findings, BT_A_PROGRAMME_UNKNOWN, t->display, bt_territory_sheet(t), f->row,
                            col, "Programas / Modalidades", typed,
                            "«%s» no está en la lista de programas; se conserva como programa "
                            "adicional y se suma al total.%s", typed, ask);
        return e ? e : unit_row(f, -1, typed, rest, n - 1, col);
    case BT_TABLE_STAFF:
        e = bt_findings_add(t->findings, BT_A_DISCIPLINE_UNKNOWN, t->display, bt_territory_sheet(t),
                            f->row, col, "Disciplinas", typed,
                            "«%s» no está en la lista de disciplinas; se conserva como "
                            "disciplina adicional.%s", typed, ask);
        return e ? e : staff_row(f, -1, typed, rest, n - 1, col);
    default:
        e = bt_findings_add(t->findings, BT_A_AMBITO_UNKNOWN, t->display, bt_territory_sheet(t), f->row,
                            col, "Ámbito", typed,
                            "el ámbito «%s» debe ser «Proyecciones con las UE» o "
                            "«Proyecciones del ETT»; se conserva como está.%s", typed, ask);
        return e ? e : projection_row(f, -1, typed, rest, n - 1, col);
    }
}

static bt_err match_label(bt_form *f, const ccell *cells, size_t n, bool *handled)
{
    uint32_t col = cells[0].col;
    size_t nrest = n - 1;
    char *key;
    bt_match m;
    if (match_text(f, cells[0].text, &key, &m))
        return BT_ERR_NOMEM;
    if (m.kind == BT_M_NONE) {
        /* "Label: value" typed in one cell. */
        *handled = false;
        bt_err e = colon_label(f, cells, n, handled);
        if (e || *handled)
            return e;
    }
    *handled = true;

    /* Inside a free table, a row with values is data unless it is the
     * table's own closing line or a fixed row of it. */
    bool data_row = nrest > 0 && m.kind != BT_M_TOTAL &&
                    !(m.kind == BT_M_FIELD && m.section == f->section) &&
                    !(m.kind == BT_M_ITEM && m.section == f->section) &&
                    !(m.kind == BT_M_TABLE_HEADER && m.section == f->section);
    if (f->in_caett && (data_row || m.kind == BT_M_NONE) && col == 1 &&
        !(m.kind == BT_M_HEADING && nrest == 0))
        return caett_row(f, cells, n, col);

    bool done;
    bt_err e = known_label(f, &m, cells, n, &done);
    if (e || done)
        return e;
    /* Not a label of the template. */
    if (nrest > 0 && col == 1) {
        if (f->section == BT_SEC_UNITS)
            return unknown_item(f, BT_TABLE_UNITS, key, cells, n);
        if (f->section == BT_SEC_STAFF)
            return unknown_item(f, BT_TABLE_STAFF, key, cells, n);
        if (f->section == BT_SEC_EVAL && f->in_proj)
            return unknown_item(f, BT_TABLE_PROJ, key, cells, n);
    }
    if (col != 1) {
        *handled = false;
        return BT_OK;
    }
    return unmapped(f, cells, n, "el rótulo no corresponde a ningún campo de la bitácora");
}
