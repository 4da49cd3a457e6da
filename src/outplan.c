/* outplan.c - what a convert run writes, and where (see outplan.h). */
#include "bitacora/outplan.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/tidy.h"

typedef struct {
    bt_batch *b;
    const bt_output_options *o;
    bt_out_plan *p;
    const char **failed;
} ctx;

/* Is path one of the inputs?  Then it must not be replaced. */
static bool is_input(const ctx *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    for (size_t i = 0; i < c->b->n; i++) {
        const bt_territory *t = c->b->items[i];
        if (t->ino && t->dev == (unsigned long long)st.st_dev &&
            t->ino == (unsigned long long)st.st_ino)
            return true;
    }
    return false;
}

static bt_err guard_input(ctx *c, const char *path)
{
    if (!is_input(c, path))
        return BT_OK;
    *c->failed = path;
    return BT_ERR_IS_INPUT;
}

static const char *join(ctx *c, const char *dir, const char *name)
{
    return bt_arena_printf(c->p->a, "%s/%s", dir, name);
}

static bt_err add_dir(ctx *c, const char *dir)
{
    const char **d = BT_PUSH(c->p->a, c->p->dirs, c->p->ndirs, c->p->capdirs);
    if (!d)
        return BT_ERR_NOMEM;
    *d = dir;
    return BT_OK;
}

static bt_err add_item(ctx *c, bt_out_kind kind, const void *what, const char *path)
{
    if (!path)
        return BT_ERR_NOMEM;
    bt_err e = guard_input(c, path);
    if (e)
        return e;
    bt_out_item *it = BT_PUSH(c->p->a, c->p->items, c->p->nitems, c->p->capitems);
    if (!it)
        return BT_ERR_NOMEM;
    it->kind = kind;
    it->what = what;
    it->path = path;
    it->rel = path + strlen(c->o->dir) + 1;
    return BT_OK;
}

/* territorio-03-cordillera, unique within the folder. */
static const char *territory_file(ctx *c, bt_territory *t, const char **used, size_t nused)
{
    bt_arena *a = c->p->a;
    const char *name = t->field[BT_F_TERRNAME].text;
    char *slug = bt_slug(a, name ? name : t->source_name, 48);
    if (!slug)
        return NULL;
    char *base = t->terrnum.state == BT_ST_OK
                     ? bt_arena_printf(a, "territorio-%02llu-%s",
                                       (unsigned long long)(t->terrnum.n % 1000000), slug)
                     : bt_arena_printf(a, "territorio-sin-numero-%s", slug);
    if (!base)
        return NULL;
    for (int k = 1; k < 100000; k++) {
        char *cand = k == 1 ? bt_arena_printf(a, "%s.xlsx", base)
                            : bt_arena_printf(a, "%s-%d.xlsx", base, k);
        if (!cand)
            return NULL;
        bool taken = false;
        for (size_t i = 0; i < nused && !taken; i++)
            taken = strcmp(used[i], cand) == 0;
        if (!taken)
            return cand;
    }
    return NULL;
}

/* One workbook per converted territory of a folder, names made unique. */
static bt_err plan_territories(ctx *c, const char *dir, bt_territory **ts, size_t n)
{
    const char **used = bt_arena_alloc(c->p->a, (n + 1) * sizeof *used);
    if (!used)
        return BT_ERR_NOMEM;
    size_t nused = 0;
    bt_err e = BT_OK;
    for (size_t k = 0; k < n && !e; k++) {
        bt_territory *t = ts[k];
        if (!t->readable || t->strict_skipped)
            continue;
        const char *file = territory_file(c, t, used, nused);
        if (!file)
            return BT_ERR_NOMEM;
        used[nused++] = file;
        const char *path = join(c, dir, file);
        e = add_item(c, BT_OUT_TERRITORY, t, path);
        /* Relative to the output folder, for whoever links to it (the
         * web's result page); in the territory's arena, which outlives
         * the plan's. */
        if (!e && !(t->out_path = bt_arena_strdup(t->arena, c->p->items[c->p->nitems - 1].rel)))
            e = BT_ERR_NOMEM;
    }
    return e;
}

static bool any_converted(bt_territory *const *ts, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (ts[k]->readable && !ts[k]->strict_skipped)
            return true;
    return false;
}

static bt_err plan_group(ctx *c, const char *base, bt_period_group *p)
{
    bt_err e = add_dir(c, base);
    for (size_t i = 0; i < p->nregions && !e; i++) {
        bt_region_group *g = &p->regions[i];
        const bt_region *reg = bt_region_at((size_t)g->region);
        const char *dir = join(c, base, reg->slug);
        if (!dir)
            return BT_ERR_NOMEM;
        e = add_dir(c, dir);
        if (!e)
            e = plan_territories(c, dir, g->items, g->n);
        if (!e) {
            const char *name = bt_arena_printf(c->p->a, "region-%s.xlsx", reg->slug);
            e = add_item(c, BT_OUT_REGION, g, name ? join(c, dir, name) : NULL);
        }
    }
    /* Territories without a known region: their own folder. */
    if (!e && any_converted(p->orphans, p->norphans)) {
        const char *dir = join(c, base, "sin-region");
        e = dir ? add_dir(c, dir) : BT_ERR_NOMEM;
        if (!e)
            e = plan_territories(c, dir, p->orphans, p->norphans);
    }
    if (!e)
        e = add_item(c, BT_OUT_NATIONAL, p, join(c, base, "nacional.xlsx"));
    return e;
}

/* Does territory t go in group gi (of ngroups, periods[0..np))? */
static bool in_group(const bt_territory *t, const int *periods, size_t np, bool split,
                     size_t gi, int period)
{
    if (!split || t->period == period)
        return true;
    bool known = false;
    for (size_t k = 0; k < np; k++)
        known = known || periods[k] == t->period;
    /* Unknown periods go to the last group ("sin-periodo"). */
    return !known && gi == np;
}

static bt_err fill_group(ctx *c, bt_period_group *g, const int *periods, size_t np, bool split,
                         size_t gi)
{
    bt_batch *b = c->b;
    bt_arena *a = c->p->a;
    g->reports = b->reports;
    g->regions = bt_arena_alloc(a, bt_region_count() * sizeof *g->regions);
    g->orphans = bt_arena_alloc(a, (b->n + 1) * sizeof *g->orphans);
    if (!g->regions || !g->orphans)
        return BT_ERR_NOMEM;
    for (size_t i = 0; i < b->n; i++) {
        bt_territory *t = b->items[i];
        if (!in_group(t, periods, np, split, gi, g->period))
            continue;
        if (t->region < 0) {
            g->orphans[g->norphans++] = t;
            continue;
        }
        bt_region_group *rg = NULL;
        for (size_t k = 0; k < g->nregions; k++)
            if (g->regions[k].region == t->region)
                rg = &g->regions[k];
        if (!rg) {
            rg = &g->regions[g->nregions++];
            rg->region = t->region;
            rg->period = g->period;
            rg->reports = b->reports;
            rg->items = bt_arena_alloc(a, (b->n + 1) * sizeof *rg->items);
            if (!rg->items)
                return BT_ERR_NOMEM;
        }
        rg->items[rg->n++] = t;
    }
    return BT_OK;
}

/* Group the batch's territories by period, then by region. */
static bt_err group(ctx *c)
{
    bt_batch *b = c->b;
    /* Known periods among readable territories with a region. */
    int periods[128];
    size_t np = 0;
    for (size_t i = 0; i < b->nperiods; i++)
        if (b->periods[i] && np < 128)
            periods[np++] = b->periods[i];
    bool split = np > 1;
    size_t ngroups = split ? np + 1 : 1;
    bt_period_group *groups = bt_arena_alloc(c->p->a, ngroups * sizeof *groups);
    if (!groups)
        return BT_ERR_NOMEM;
    for (size_t gi = 0; gi < ngroups; gi++) {
        groups[gi].period = !split ? (np ? periods[0] : 0) : gi < np ? periods[gi] : 0;
        bt_err e = fill_group(c, &groups[gi], periods, np, split, gi);
        if (e)
            return e;
    }
    c->p->groups = groups;
    c->p->ngroups = ngroups;
    return BT_OK;
}

bt_err bt_plan_make(bt_batch *b, const bt_output_options *o, bt_out_plan *plan,
                    const char **failed)
{
    memset(plan, 0, sizeof *plan);
    *failed = NULL;
    ctx c = {b, o, plan, failed};
    if (!(plan->a = bt_arena_new()))
        return BT_ERR_NOMEM;
    bt_err e = add_dir(&c, o->dir);
    if (!e)
        e = group(&c);
    for (size_t i = 0; i < plan->ngroups && !e; i++) {
        bt_period_group *g = &plan->groups[i];
        if (plan->ngroups == 1) {
            e = plan_group(&c, o->dir, g);
        } else if (g->nregions || g->norphans) {
            const char *sub = g->period ? bt_arena_printf(plan->a, "%s/periodo-%d", o->dir,
                                                          g->period)
                                        : join(&c, o->dir, "sin-periodo");
            e = sub ? plan_group(&c, sub, g) : BT_ERR_NOMEM;
        }
    }
    if (!e && !(plan->findings_csv = join(&c, o->dir, "hallazgos.csv")))
        e = BT_ERR_NOMEM;
    if (!e)
        e = guard_input(&c, plan->findings_csv);
    if (!e && o->csv) {
        if (!(plan->tidy_dir = join(&c, o->dir, "csv")))
            return BT_ERR_NOMEM;
        for (size_t i = 0; i < bt_tidy_count() && !e; i++) {
            const char *path = join(&c, plan->tidy_dir, bt_tidy_name(i));
            e = path ? guard_input(&c, path) : BT_ERR_NOMEM;
        }
    }
    return e;
}

void bt_plan_free(bt_out_plan *plan)
{
    bt_arena_free(plan->a);
    memset(plan, 0, sizeof *plan);
}
