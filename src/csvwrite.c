/* csvwrite.c - the logbook as CSV in the template's layout (see csvwrite.h). */
#include "bitacora/csvwrite.h"

#include <stdio.h>
#include <string.h>

#include "bitacora/finding.h"
#include "bitacora/refdata.h"
#include "bitacora/template.h"
#include "bitacora/text.h"
#include "bitacora/value.h"

#define NCOLS 3

bt_err bt_csv_row(bt_sb *out, const char *const *fields, size_t n)
{
    /* Trailing empty fields are written too: every row has the same
     * number of columns, as spreadsheets save them. */
    for (size_t i = 0; i < n; i++) {
        if (i)
            bt_sb_putc(out, ',');
        bt_csv_field(out, fields[i] ? fields[i] : "");
    }
    bt_sb_puts(out, "\r\n");
    return out->failed ? BT_ERR_NOMEM : BT_OK;
}

typedef struct {
    bt_sb *out;
    bt_arena *scratch;
    bool canonical;
    bool failed;          /* an allocation failed: nothing is written */
} writer;

/* A value made for the output; NULL (out of memory) fails the writer
 * instead of leaving the cell silently empty. */
static const char *made(writer *w, const char *s)
{
    if (!s)
        w->failed = true;
    return s;
}

static void row3(writer *w, const char *a, const char *b, const char *c)
{
    const char *f[NCOLS] = {a, b, c};
    bt_csv_row(w->out, f, NCOLS);
}

static const char *count_text(writer *w, const bt_count *c)
{
    if (c->state == BT_ST_OK)
        return made(w, bt_arena_printf(w->scratch, "%llu", (unsigned long long)c->n));
    return c->raw;   /* as typed (BAD) or NULL */
}

static const char *date_text(writer *w, const bt_dateval *d)
{
    if (d->state == BT_ST_OK) {
        char *buf = bt_arena_alloc(w->scratch, 16);
        if (buf)
            bt_date_format(&d->date, buf);
        return made(w, buf);
    }
    return d->raw;
}

static const char *field_value(writer *w, const bt_territory *t, bt_field_id id)
{
    if (!t)
        return NULL;
    switch (id) {
    case BT_F_REGION:
        if (t->region >= 0)
            return bt_region_at((size_t)t->region)->name;
        return t->field[id].text;
    case BT_F_TERRNUM:
        return count_text(w, &t->terrnum);
    case BT_F_COMUNAS:
        return t->ncomunas ? made(w, bt_territory_comunas(w->scratch, t)) : NULL;
    case BT_F_PERIOD:
        if (t->period_state == BT_ST_OK)
            return made(w, bt_arena_printf(w->scratch, "%d", t->period));
        return t->field[id].text;
    case BT_F_CAETT_PROYECTADAS:
        return count_text(w, &t->caett_projected);
    default:
        return t->field[id].text;
    }
}

static void items(writer *w, const bt_territory *t, bt_table_id tid, int per_item)
{
    const bt_table *tb = bt_tpl_table(tid);
    if (tid == BT_TABLE_PROJ) {
        if (!t || t->nproj == 0) {
            for (size_t i = 0; i < tb->nitems; i++) {
                row3(w, tb->items[i].label, NULL, NULL);
                for (int k = 1; !t && k < per_item; k++)
                    row3(w, NULL, NULL, NULL);
            }
            return;
        }
        for (size_t i = 0; i < t->nproj; i++) {
            const bt_projection *p = &t->proj[i];
            const char *label = p->ambito >= 0 ? tb->items[p->ambito].label : p->ambito_label;
            row3(w, label, p->objetivo.text, p->estrategia.text);
        }
        return;
    }
    /* Units and staff: each listed item in template order, then extras. */
    for (int pass = 0; pass < 2; pass++) {
        size_t lim = pass == 0 ? tb->nitems : 1;
        for (size_t i = 0; i < lim; i++) {
            int item = pass == 0 ? (int)i : -1;
            bool any = false;
            size_t n = !t ? 0 : tid == BT_TABLE_UNITS ? t->nunits : t->nstaff;
            for (size_t k = 0; k < n; k++) {
                if (tid == BT_TABLE_UNITS) {
                    const bt_unit_row *u = &t->units[k];
                    if (u->item != item)
                        continue;
                    row3(w, item >= 0 ? tb->items[item].label : u->label,
                         count_text(w, &u->count), NULL);
                } else {
                    const bt_staff_row *s = &t->staff[k];
                    if (s->item != item)
                        continue;
                    bt_sb names;
                    bt_sb_init(&names);
                    for (size_t p = 0; p < s->npeople; p++) {
                        if (p)
                            bt_sb_puts(&names, "; ");
                        bt_sb_puts(&names, s->people[p].name);
                    }
                    const char *ns = made(w, names.failed ? NULL
                                                          : bt_arena_strdup(w->scratch,
                                                                            bt_sb_str(&names)));
                    bt_sb_free(&names);
                    row3(w, item >= 0 ? tb->items[item].label : s->label,
                         count_text(w, &s->count), ns);
                }
                any = true;
            }
            /* A row the logbook did not have is not made up (converted
             * again, it would be a row left empty), except to compare
             * content, where a missing figure and an empty one are alike. */
            if (!any && item >= 0 && (!t || w->canonical))
                row3(w, tb->items[item].label, NULL, NULL);
        }
    }
}

/* The session block starts at layout[*i] and runs while lines belong to
 * the session section.  A territory writes its own sessions; the blank
 * template repeats the block `count` times.  *i is left on the block's
 * last line. */
static void sessions(writer *w, const bt_territory *t, const bt_line *layout, size_t n,
                     size_t *i)
{
    size_t first = *i, last = *i;
    while (last + 1 < n && layout[last + 1].section == BT_SEC_SESSION)
        last++;
    size_t nses = t ? t->nsessions : 0;
    size_t blocks = t ? (nses ? nses : 1) : (size_t)layout[first].count;
    char heading[96];
    for (size_t s = 0; s < blocks; s++) {
        const bt_session *ss = nses ? &t->sessions[s] : NULL;
        int number = ss ? ss->number : (int)s + 1;
        for (size_t k = first; k <= last; k++) {
            const bt_line *l = &layout[k];
            if (l->kind == BT_LINE_HEADING) {
                /* The heading as the logbook had it: without a number, or
                 * not at all (converted again, the same avisos). */
                if (ss && !ss->has_heading && !w->canonical)
                    continue;
                bt_tpl_session_heading(number, heading, sizeof heading);
                if (number == 0)
                    snprintf(heading, sizeof heading, "%s",
                             bt_tpl_section(BT_SEC_SESSION)->heading);
                row3(w, heading, NULL, NULL);
            } else if (l->kind == BT_LINE_FIELD) {
                const char *v = NULL;
                if (ss && l->ref == BT_F_SES_FECHA)
                    v = date_text(w, &ss->date);
                else if (ss && l->ref == BT_F_SES_TEMATICA)
                    v = ss->tematica.text;
                else if (ss)
                    v = ss->registro.text;
                row3(w, bt_tpl_field((bt_field_id)l->ref)->label, v, NULL);
            } else {
                row3(w, NULL, NULL, NULL);
            }
        }
    }
    *i = last;
}

/* Was this line of the layout in the logbook?  The export writes back
 * what the logbook had, not what the template has: a section, a field or
 * a Total row it did not have would be read as there and empty (a missing
 * section is an error, an empty Total a fact of its own). */
static bool present(const bt_territory *t, const bt_line *l)
{
    if (l->section != BT_SEC_NONE && l->section != BT_SEC_SESSION &&
        !t->section_seen[l->section])
        return false;
    switch (l->kind) {
    case BT_LINE_FIELD:
        return l->section == BT_SEC_SESSION || t->field[l->ref].present;
    case BT_LINE_TOTAL:
        return (l->ref == BT_TABLE_UNITS ? t->units_total : t->staff_total).state !=
               BT_ST_ABSENT;
    default:
        return true;
    }
}

/* The CAETT table's rows: the team's, or the template's `blank` empty
 * ones (one for a territory that has none). */
static void caett_rows(writer *w, const bt_territory *t, int blank)
{
    for (size_t k = 0; t && k < t->ncaett; k++) {
        const bt_caett_row *c = &t->caett[k];
        row3(w, c->topic.text, date_text(w, &c->date), c->strategy.text);
    }
    if (!t || !t->ncaett)
        for (int k = 0; k < (t ? 1 : blank); k++)
            row3(w, NULL, NULL, NULL);
}

/* The rows kept in Otros, after the template: under an OTROS line that
 * names the section they were in (so that they are kept in Otros, in
 * their section, when the export is read), every cell in its column,
 * however far right it was typed. */
static void others(writer *w, const bt_territory *t)
{
    row3(w, NULL, NULL, NULL);
    for (size_t i = 0; i < t->nothers; i++) {
        const bt_other_row *o = &t->others[i];
        if (i == 0 || o->section != t->others[i - 1].section) {
            const bt_section *sec = bt_tpl_section(o->section);
            row3(w, bt_tpl_others_label(), sec ? sec->title : NULL, NULL);
        }
        uint32_t col = 1;
        for (size_t c = 0; c < o->ncells; c++) {
            for (; col < o->cells[c].col; col++)
                bt_sb_putc(w->out, ',');
            bt_csv_field(w->out, o->cells[c].text);
        }
        for (; col < NCOLS; col++)
            bt_sb_putc(w->out, ',');
        bt_sb_puts(w->out, "\r\n");
    }
}

static bt_err write_layout(const bt_territory *t, bt_sb *out, bool canonical)
{
    bt_arena *scratch = bt_arena_new();
    if (!scratch)
        return BT_ERR_NOMEM;
    writer w = {out, scratch, canonical, false};
    size_t n;
    const bt_line *layout = bt_tpl_layout(&n);
    for (size_t i = 0; i < n; i++) {
        const bt_line *l = &layout[i];
        if (t && !canonical && !present(t, l))
            continue;
        switch (l->kind) {
        case BT_LINE_TITLE:
            row3(&w, bt_tpl_title(), NULL, NULL);
            break;
        case BT_LINE_HEADING:
            if (l->section == BT_SEC_SESSION)
                sessions(&w, t, layout, n, &i);
            else
                row3(&w, bt_tpl_section(l->section)->heading, NULL, NULL);
            break;
        case BT_LINE_FIELD: {
            const bt_field *fd = bt_tpl_field((bt_field_id)l->ref);
            row3(&w, fd->label, field_value(&w, t, fd->id), NULL);
            break;
        }
        case BT_LINE_TABLE_HEADER: {
            const bt_table *tb = bt_tpl_table((bt_table_id)l->ref);
            const char *f[NCOLS] = {NULL, NULL, NULL};
            for (size_t c = 0; c < tb->ncolumns && c < NCOLS; c++)
                f[c] = tb->columns[c];
            bt_csv_row(out, f, NCOLS);
            break;
        }
        case BT_LINE_ITEMS:
            items(&w, t, (bt_table_id)l->ref, l->count);
            break;
        case BT_LINE_TOTAL: {
            const bt_count *c = !t ? NULL
                                : l->ref == BT_TABLE_UNITS ? &t->units_total : &t->staff_total;
            row3(&w, bt_tpl_total_label(), c ? count_text(&w, c) : NULL, NULL);
            break;
        }
        case BT_LINE_FREE_ROWS:
            caett_rows(&w, t, l->count);
            break;
        case BT_LINE_SUBHEADING:
            row3(&w, bt_tpl_subheading(l->ref), NULL, NULL);
            break;
        case BT_LINE_BLANK:
            row3(&w, NULL, NULL, NULL);
            break;
        }
    }
    if (t && t->nothers)
        others(&w, t);
    bt_arena_free(scratch);
    return out->failed || w.failed ? BT_ERR_NOMEM : BT_OK;
}

bt_err bt_export_csv(const bt_territory *t, bt_sb *out)
{
    bt_sb_puts(out, "\xEF\xBB\xBF");
    return write_layout(t, out, false);
}

bt_err bt_territory_canonical(const bt_territory *t, bt_sb *out)
{
    return write_layout(t, out, true);
}
