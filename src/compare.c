/* compare.c - each period against the previous one (see report.h): the
 * previous period present in the run, or in the earlier run given with
 * --anterior. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

static bt_cmp_row *row_for(bt_reports *r, bt_comparison *c, int region, uint64_t number)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->rows[i].region == region && c->rows[i].number == number)
            return &c->rows[i];
    bt_cmp_row *row = BT_PUSH(r->arena, c->rows, c->n, c->cap);
    if (row) {
        row->region = region;
        row->number = number;
    }
    return row;
}

/* The figures of a logbook into side k of its row. */
static bt_err from_territory(bt_reports *r, bt_comparison *c, const bt_territory *t, int k)
{
    bt_cmp_row *row = row_for(r, c, t->region, t->terrnum.n);
    if (!row)
        return BT_ERR_NOMEM;
    if (k == 1 || !row->name)
        row->name = t->field[BT_F_TERRNAME].text ? t->field[BT_F_TERRNAME].text : row->name;
    row->present[k] = true;
    if (!bt_counted(t))
        return BT_OK;
    size_t um, sm, listed;
    row->counted[k] = true;
    row->fig[k][BT_FIG_UNITS] = bt_units_sum(t, &um);
    row->fig[k][BT_FIG_STAFF] = bt_staff_sum(t, &sm, &listed);
    row->fig[k][BT_FIG_CAETT] = t->caett_projected.n;
    row->fig[k][BT_FIG_SESSIONS] = t->nsessions;
    row->has[k][BT_FIG_UNITS] = row->has[k][BT_FIG_STAFF] = row->has[k][BT_FIG_SESSIONS] = true;
    row->has[k][BT_FIG_CAETT] = t->caett_projected.state == BT_ST_OK;
    row->missing[k] = um + sm;
    return BT_OK;
}

static bt_err from_run(bt_reports *r, bt_comparison *c, const bt_batch *b, int period, int k)
{
    for (size_t i = 0; i < b->n; i++) {
        const bt_territory *t = b->items[i];
        if (!t->readable || t->region < 0 || t->terrnum.state != BT_ST_OK ||
            bt_batch_group_period(b, t) != period)
            continue;
        bt_err e = from_territory(r, c, t, k);
        if (e)
            return e;
    }
    return BT_OK;
}

static bt_err from_previous(bt_reports *r, bt_comparison *c, int period)
{
    const bt_roster *p = r->previous;
    for (size_t i = 0; i < p->n; i++) {
        const bt_roster_entry *e = &p->v[i];
        if (e->period != period)
            continue;
        bt_cmp_row *row = row_for(r, c, e->region, e->number);
        if (!row)
            return BT_ERR_NOMEM;
        if (!row->name)
            row->name = e->name;
        row->present[0] = true;
        if (!e->counted)
            continue;
        row->counted[0] = true;
        memcpy(row->has[0], e->has_fig, sizeof e->has_fig);
        memcpy(row->fig[0], e->fig, sizeof e->fig);
        row->missing[0] = e->units_missing + e->staff_missing;
    }
    return BT_OK;
}

static int cmp_rows(const void *pa, const void *pb)
{
    const bt_cmp_row *a = pa, *b = pb;
    if (a->region != b->region)
        return a->region < b->region ? -1 : 1;
    return a->number < b->number ? -1 : a->number > b->number;
}

/* The latest period before `period` in the run or in the earlier run;
 * *in_run says which holds it (the run, when both do). */
static int previous_of(const bt_reports *r, const int *periods, size_t np, int period,
                       bool *in_run)
{
    int best = 0;
    *in_run = false;
    for (size_t i = 0; i < np; i++)
        if (periods[i] && periods[i] < period && periods[i] > best) {
            best = periods[i];
            *in_run = true;
        }
    for (size_t i = 0; r->previous && i < r->previous->n; i++) {
        int p = r->previous->v[i].period;
        if (p && p < period && p > best) {
            best = p;
            *in_run = false;
        }
    }
    return best;
}

bt_err bt_compare_build(bt_reports *r, const bt_batch *b)
{
    int periods[130];
    size_t np = bt_report_periods(b, periods, 130);
    bool used_previous = false;
    for (size_t i = 0; i < np; i++) {
        bool in_run;
        int prev = periods[i] ? previous_of(r, periods, np, periods[i], &in_run) : 0;
        if (!prev)
            continue;
        bt_comparison *c = BT_PUSH(r->arena, r->cmp, r->ncmp, r->capcmp);
        if (!c)
            return BT_ERR_NOMEM;
        c->period = periods[i];
        c->previous = prev;
        c->source = in_run ? NULL : r->previous_dir;
        used_previous = used_previous || !in_run;
        bt_err e = from_run(r, c, b, periods[i], 1);
        if (!e)
            e = in_run ? from_run(r, c, b, prev, 0) : from_previous(r, c, prev);
        if (e)
            return e;
        if (c->n > 1)
            qsort(c->rows, c->n, sizeof *c->rows, cmp_rows);
    }
    r->previous_unused = r->previous && !used_previous;
    return BT_OK;
}
