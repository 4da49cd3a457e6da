/* model.c - the territory model (see model.h). */
#include "bitacora/model.h"

#include "bitacora/refdata.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bt_err bt_territory_new(const char *path, const char *display, bt_territory **out)
{
    *out = NULL;
    bt_territory *t = calloc(1, sizeof *t);
    if (!t)
        return BT_ERR_NOMEM;
    t->arena = bt_arena_new();
    t->findings = bt_findings_new();
    if (!t->arena || !t->findings) {
        bt_territory_free(t);
        return BT_ERR_NOMEM;
    }
    t->path = bt_arena_strdup(t->arena, path);
    t->display = bt_arena_strdup(t->arena, display);
    /* From the name shown, not the one opened: an upload is stored under
     * a name the server makes, and named as uploaded. */
    const char *base = strrchr(display, '/');
    t->source_name = bt_arena_strdup(t->arena, base ? base + 1 : display);
    if (!t->path || !t->display || !t->source_name) {
        bt_territory_free(t);
        return BT_ERR_NOMEM;
    }
    bt_findings_set_limit(t->findings, BT_MAX_FINDINGS);
    t->readable = true;
    t->region = -1;
    *out = t;
    return BT_OK;
}

void bt_territory_free(bt_territory *t)
{
    if (!t)
        return;
    bt_findings_free(t->findings);
    bt_arena_free(t->arena);
    free(t);
}

/* Fixed items of a table with no row at all in the file: their figure is
 * unknown, as much as an empty one. */
static size_t absent_items(bt_table_id tid, int item, const int *present)
{
    const bt_table *tb = bt_tpl_table(tid);
    size_t n = 0;
    for (size_t i = 0; i < tb->nitems && i < 64; i++)
        if ((item == -2 || item == (int)i) && !present[i])
            n++;
    return n;
}

bool bt_item_present(const bt_territory *t, bt_table_id tid, int item)
{
    if (tid == BT_TABLE_UNITS) {
        for (size_t i = 0; i < t->nunits; i++)
            if (t->units[i].item == item)
                return true;
    } else {
        for (size_t i = 0; i < t->nstaff; i++)
            if (t->staff[i].item == item)
                return true;
    }
    return false;
}

uint64_t bt_units_of(const bt_territory *t, int item, size_t *missing)
{
    uint64_t sum = 0;
    size_t miss = 0;
    int present[64] = {0};
    for (size_t i = 0; i < t->nunits; i++) {
        const bt_unit_row *u = &t->units[i];
        if (u->item >= 0 && u->item < 64)
            present[u->item] = 1;
        if (item != -2 && u->item != item)
            continue;
        if (u->count.state == BT_ST_OK)
            sum += u->count.n;
        else
            miss++;
    }
    if (missing)
        *missing = miss + (item == -1 ? 0 : absent_items(BT_TABLE_UNITS, item, present));
    return sum;
}

uint64_t bt_units_sum(const bt_territory *t, size_t *missing)
{
    return bt_units_of(t, -2, missing);
}

uint64_t bt_staff_of(const bt_territory *t, int item, size_t *missing, size_t *listed)
{
    uint64_t sum = 0;
    size_t miss = 0, names = 0;
    int present[64] = {0};
    for (size_t i = 0; i < t->nstaff; i++) {
        const bt_staff_row *s = &t->staff[i];
        if (s->item >= 0 && s->item < 64)
            present[s->item] = 1;
        if (item != -2 && s->item != item)
            continue;
        if (s->count.state == BT_ST_OK)
            sum += s->count.n;
        else
            miss++;
        names += s->npeople;
    }
    if (missing)
        *missing = miss + (item == -1 ? 0 : absent_items(BT_TABLE_STAFF, item, present));
    if (listed)
        *listed = names;
    return sum;
}

uint64_t bt_staff_sum(const bt_territory *t, size_t *missing, size_t *listed)
{
    return bt_staff_of(t, -2, missing, listed);
}

bt_total_verdict bt_total_verdict_of(uint64_t declared, uint64_t sum, size_t missing)
{
    if (declared == sum)
        return BT_TOTAL_MATCHES;
    return missing && declared > sum ? BT_TOTAL_UNCHECKABLE : BT_TOTAL_DIFFERS;
}

char *bt_territory_comunas(bt_arena *a, const bt_territory *t)
{
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < t->ncomunas; i++) {
        const bt_comuna_ref *c = &t->comunas[i];
        if (i)
            bt_sb_puts(&b, "; ");
        bt_sb_puts(&b, c->index >= 0 ? bt_comuna_at((size_t)c->index)->name : c->raw);
    }
    char *s = b.failed ? NULL : bt_arena_strdup(a, bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

const char *bt_territory_sheet(const bt_territory *t)
{
    return t->info.sheet[0] ? t->info.sheet : NULL;
}

bt_err bt_territory_add(bt_territory *t, bt_code code, bt_loc loc, const char *field,
                        const char *value, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bt_err e = bt_findings_vadd(t->findings, code, t->display, bt_territory_sheet(t), loc.row,
                                loc.col, field, value, fmt, ap);
    va_end(ap);
    return e;
}

size_t bt_territory_errors(const bt_territory *t)
{
    return bt_findings_errors(t->findings);
}

size_t bt_territory_avisos(const bt_territory *t)
{
    return bt_findings_avisos(t->findings);
}

const char *bt_territory_label(const bt_territory *t)
{
    const char *name = t->field[BT_F_TERRNAME].text;
    const char *s;
    if (t->terrnum.state == BT_ST_OK && name)
        s = bt_arena_printf(t->arena, "Territorio %llu «%s»",
                            (unsigned long long)t->terrnum.n, name);
    else if (t->terrnum.state == BT_ST_OK)
        s = bt_arena_printf(t->arena, "Territorio %llu", (unsigned long long)t->terrnum.n);
    else if (name)
        s = bt_arena_printf(t->arena, "Territorio «%s»", name);
    else
        s = bt_arena_printf(t->arena, "Territorio sin identificar (%s)", t->source_name);
    return s ? s : "Territorio";
}
