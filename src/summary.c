/* summary.c - a territory cut to its summary, and read whole again (see summary.h). */
#include "bitacora/summary.h"

#include <string.h>

#include "bitacora/csvwrite.h"

size_t bt_territory_bytes(const bt_territory *t)
{
    return sizeof *t + bt_arena_size(t->arena) + bt_findings_bytes(t->findings);
}

/* Copies into one arena; the first failure sticks. */
typedef struct {
    bt_arena *a;
    bool failed;
} copier;

static const char *str(copier *c, const char *s)
{
    if (!s)
        return NULL;
    const char *p = bt_arena_strdup(c->a, s);
    c->failed = c->failed || !p;
    return p;
}

static void *dup(copier *c, const void *p, size_t n, size_t size)
{
    if (!p || !n)
        return NULL;
    void *q = bt_arena_alloc(c->a, n * size);
    if (q)
        memcpy(q, p, n * size);
    c->failed = c->failed || !q;
    return q;
}

/* The fields whose text a summary keeps: those of identity and
 * organization (the lists, the corrections, the roster read some), and
 * the projected CAETT; the long texts of planning, sessions and
 * evaluation go. */
static bool kept_field(bt_field_id f)
{
    bt_section_id s = bt_tpl_field(f)->section;
    return s == BT_SEC_IDENT || s == BT_SEC_ORG || f == BT_F_CAETT_PROYECTADAS;
}

/* A row's label as typed: only the workbooks that read the file whole
 * show it for a row of the template (item >= 0); the others name those
 * by the template. */
static const char *label(copier *c, int item, const char *typed)
{
    return item >= 0 ? NULL : str(c, typed);
}

static void copy_tables(copier *c, const bt_territory *src, bt_territory *d)
{
    d->comunas = dup(c, src->comunas, src->ncomunas, sizeof *src->comunas);
    d->capcomunas = d->ncomunas;
    for (size_t i = 0; d->comunas && i < d->ncomunas; i++)
        d->comunas[i].raw = str(c, src->comunas[i].raw);
    d->units = dup(c, src->units, src->nunits, sizeof *src->units);
    d->capunits = d->nunits;
    for (size_t i = 0; d->units && i < d->nunits; i++) {
        d->units[i].label = label(c, src->units[i].item, src->units[i].label);
        d->units[i].count.raw = str(c, src->units[i].count.raw);
    }
    d->staff = dup(c, src->staff, src->nstaff, sizeof *src->staff);
    d->capstaff = d->nstaff;
    for (size_t i = 0; d->staff && i < d->nstaff; i++) {
        bt_staff_row *s = &d->staff[i];
        s->label = label(c, s->item, s->label);
        s->count.raw = str(c, s->count.raw);
        s->people = NULL;   /* npeople stays: the figures count them */
        s->cap = 0;
    }
}

/* src's summary into d, its strings in c's arena (d->arena and
 * d->findings are left to the caller). */
static void copy_summary(copier *c, const bt_territory *src, bt_territory *d)
{
    *d = *src;
    d->path = str(c, src->path);
    d->display = str(c, src->display);
    d->source_name = str(c, src->source_name);
    d->fatal = str(c, src->fatal);
    d->duplicate_of = str(c, src->duplicate_of);
    d->out_path = str(c, src->out_path);
    for (int f = 0; f < BT_F__COUNT; f++)
        d->field[f].text = kept_field((bt_field_id)f) ? str(c, src->field[f].text) : NULL;
    d->terrnum.raw = str(c, src->terrnum.raw);
    d->units_total.raw = str(c, src->units_total.raw);
    d->staff_total.raw = str(c, src->staff_total.raw);
    d->caett_projected.raw = str(c, src->caett_projected.raw);
    copy_tables(c, src, d);
    d->caett = NULL;
    d->ncaett = d->capcaett = 0;
    d->sessions = NULL;   /* nsessions stays: the lists count them */
    d->capsessions = 0;
    d->proj = NULL;
    d->nproj = d->capproj = 0;
    d->others = NULL;
    d->nothers = d->capothers = 0;
    d->summary = true;
}

bt_err bt_territory_summarize(bt_territory *t, const bt_tpl *tpl, const bt_load_options *opt)
{
    /* From a file (bt_load_mem's have no inode) that could be read. */
    if (t->summary || !t->readable || !t->source_digested || (!t->dev && !t->ino))
        return BT_OK;
    bt_digest content;
    bt_err e = bt_territory_content_digest(t, &content);
    if (e)
        return e;
    /* A first copy measures; the second goes in one block of that size. */
    bt_territory d;
    copier c = {bt_arena_new(), false};
    if (c.a)
        copy_summary(&c, t, &d);
    size_t need = c.a && !c.failed ? bt_arena_used(c.a) : 0;
    bt_arena_free(c.a);
    c = (copier){need ? bt_arena_new_sized(need, 128) : NULL, false};
    if (c.a)
        copy_summary(&c, t, &d);
    bt_findings *f = c.a && !c.failed ? bt_findings_clone(t->findings, true) : NULL;
    if (!f) {
        bt_arena_free(c.a);
        return BT_ERR_NOMEM;
    }
    bt_findings_free(t->findings);
    bt_arena_free(t->arena);
    d.arena = c.a;
    d.findings = f;
    d.reload_tpl = tpl;
    d.reload_opt = opt;
    d.content = content;
    d.content_known = true;
    *t = d;
    return BT_OK;
}

bt_err bt_territory_whole(const bt_territory *t, bt_territory **out)
{
    *out = NULL;
    if (!t->summary)
        return BT_OK;
    bt_territory *w = NULL;
    bt_err e = bt_load_file(t->reload_tpl, t->path, t->display, t->reload_opt, &w);
    if (e == BT_ERR_NOMEM) {
        bt_territory_free(w);   /* what was read before memory ran out */
        return e;
    }
    if (!w || !w->readable || !w->source_digested ||
        !bt_digest_equal(w->source_digest, t->source_digest)) {
        bt_territory_free(w);
        return BT_ERR_INPUT_CHANGED;
    }
    bt_findings *f = bt_findings_clone(t->findings, false);
    if (!f) {
        bt_territory_free(w);
        return BT_ERR_NOMEM;
    }
    bt_findings_free(w->findings);
    w->findings = f;
    /* What was decided after loading, and when the file was received (the
     * web sets it, the file's own may have moved). */
    w->mtime = t->mtime;
    w->dev = t->dev;
    w->ino = t->ino;
    w->duplicate = t->duplicate;
    w->duplicate_conflict = t->duplicate_conflict;
    w->duplicate_of = t->duplicate_of;   /* t's: t outlives w */
    w->strict_skipped = t->strict_skipped;
    w->roster = t->roster;
    w->out_path = t->out_path;
    w->content = t->content;
    w->content_known = t->content_known;
    *out = w;
    return BT_OK;
}

bt_err bt_territory_content_digest(const bt_territory *t, bt_digest *out)
{
    if (t->content_known) {
        *out = t->content;
        return BT_OK;
    }
    if (t->summary)
        return BT_ERR_INTERNAL;   /* a summary always knows it */
    bt_sb canon;
    bt_sb_init(&canon);
    bt_err e = bt_territory_canonical(t, &canon);
    if (!e && canon.failed)
        e = BT_ERR_NOMEM;
    if (!e) {
        bt_hasher h;
        bt_hash_init(&h);
        bt_hash_bytes(&h, canon.s, canon.len);
        *out = bt_hash_final(&h);
    }
    bt_sb_free(&canon);
    return e;
}
