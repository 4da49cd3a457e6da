/* coverage.c - which territories should have reported (see report.h):
 * the roster's missing territories and mismatches, or, without a roster,
 * the gaps in each region's numbering. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/value.h"

/* A gap longer than this is more likely a mistyped number than that many
 * missing territories: one finding for the range, no row per number. */
#define GAP_LIST_MAX 10

static bool keyed(const bt_territory *t)
{
    return t->readable && t->region >= 0 && t->terrnum.state == BT_ST_OK;
}

static bool present(const bt_batch *b, int period, int region, uint64_t number)
{
    for (size_t i = 0; i < b->n; i++) {
        const bt_territory *t = b->items[i];
        if (keyed(t) && t->region == region && t->terrnum.n == number &&
            bt_batch_group_period(b, t) == period)
            return true;
    }
    return false;
}

/* A missing territory and its finding, which says msg. */
static bt_err add_missing(bt_reports *r, int period, int region, uint64_t number,
                          uint64_t range, const bt_roster_entry *e, const char *msg)
{
    bt_missing *m = msg ? BT_PUSH(r->arena, r->missing, r->nmissing, r->capmissing) : NULL;
    if (!m)
        return BT_ERR_NOMEM;
    *m = (bt_missing){period, region, number, range, e, msg};
    char num[24];
    snprintf(num, sizeof num, "%llu", (unsigned long long)number);
    return bt_findings_add(r->findings, e ? BT_E_LOGBOOK_MISSING : BT_A_NUMBERING_GAP,
                           e ? r->roster->display : bt_region_at((size_t)region)->full, NULL,
                           e ? e->row : 0, 0, NULL, range > 1 ? NULL : num, "%s", msg);
}

static const char *period_text(bt_arena *a, int period)
{
    return period ? bt_arena_printf(a, " (periodo %d)", period) : "";
}

/* A roster territory with no logbook: a row and an error (E080). */
static bt_err roster_missing(bt_reports *r, int period, const bt_roster_entry *e)
{
    const char *name = e->name ? bt_arena_printf(r->arena, " «%s»", e->name) : "";
    const char *who = e->representative || e->email
        ? bt_arena_printf(r->arena, " Pídala a %s%s%s%s.",
                          e->representative ? e->representative : "el equipo",
                          e->email ? " (" : "", e->email ? e->email : "", e->email ? ")" : "")
        : "";
    const char *per = period_text(r->arena, period);
    const char *msg = name && who && per
        ? bt_arena_printf(r->arena, "falta la bitácora del territorio %llu%s de la %s%s: está "
                          "en el listado de territorios y no llegó.%s",
                          (unsigned long long)e->number, name,
                          bt_region_at((size_t)e->region)->full, per, who)
        : NULL;
    return add_missing(r, period, e->region, e->number, 1, e, msg);
}

/* The distinct (region, number) keys of the roster, each once. */
static bool first_of_key(const bt_roster *ro, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (ro->v[k].region == ro->v[i].region && ro->v[k].number == ro->v[i].number)
            return false;
    return true;
}

static bt_err roster_coverage(bt_reports *r, const bt_batch *b, int period)
{
    const bt_roster *ro = r->roster;
    for (size_t i = 0; i < ro->n; i++) {
        if (!first_of_key(ro, i))
            continue;
        const bt_roster_entry *e = bt_roster_find(ro, ro->v[i].region, ro->v[i].number, period);
        if (present(b, period, e->region, e->number))
            continue;
        bt_err err = roster_missing(r, period, e);
        if (err)
            return err;
    }
    return BT_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* One gap in a region's numbering: A081, and a row per number unless
 * the gap is too long to be believed. */
static bt_err gap(bt_reports *r, int period, int region, uint64_t lo, uint64_t hi)
{
    const char *per = period_text(r->arena, period);
    if (!per)
        return BT_ERR_NOMEM;
    uint64_t n = hi - lo - 1;
    if (n > GAP_LIST_MAX)
        return add_missing(r, period, region, lo + 1, n, NULL,
                           bt_arena_printf(r->arena,
                                           "entre el territorio %llu y el %llu%s no llegó "
                                           "ninguna de %llu bitácoras; ¿está bien escrito el N° "
                                           "%llu? Si los territorios existen, faltan sus "
                                           "bitácoras (con el listado de territorios se sabe con certeza).",
                                           (unsigned long long)lo, (unsigned long long)hi, per,
                                           (unsigned long long)n, (unsigned long long)hi));
    for (uint64_t k = lo + 1; k < hi; k++) {
        bt_err e = add_missing(r, period, region, k, 1, NULL,
                               bt_arena_printf(r->arena,
                                               "no llegó la bitácora del territorio %llu%s, "
                                               "aunque sí las de los territorios %llu y %llu: si "
                                               "el territorio existe, falta su bitácora (con "
                                               "el listado de territorios se sabe con "
                                               "certeza).",
                                               (unsigned long long)k, per,
                                               (unsigned long long)lo, (unsigned long long)hi));
        if (e)
            return e;
    }
    return BT_OK;
}

/* Without a roster: the numbers missing between the lowest and the
 * highest of each region (before the first one nothing can be known). */
static bt_err gaps(bt_reports *r, const bt_batch *b, int period)
{
    uint64_t *nums = malloc((b->n ? b->n : 1) * sizeof *nums);
    if (!nums)
        return BT_ERR_NOMEM;
    bt_err e = BT_OK;
    for (size_t reg = 0; reg < bt_region_count() && !e; reg++) {
        size_t n = 0;
        for (size_t i = 0; i < b->n; i++) {
            const bt_territory *t = b->items[i];
            if (keyed(t) && t->region == (int)reg && bt_batch_group_period(b, t) == period)
                nums[n++] = t->terrnum.n;
        }
        if (n > 1)
            qsort(nums, n, sizeof *nums, cmp_u64);
        for (size_t i = 1; i < n && !e; i++)
            if (nums[i] > nums[i - 1] + 1)
                e = gap(r, period, (int)reg, nums[i - 1], nums[i]);
    }
    free(nums);
    return e;
}

/* The comunas of a list as one fold key each, sorted and joined. */
static bt_err add_key(bt_sb *keys, const char *text)
{
    int c = bt_comuna_find(text);
    char key[256];
    if (bt_fold_buf(c >= 0 ? bt_comuna_at((size_t)c)->name : text, key, sizeof key) == (size_t)-1)
        return BT_OK;
    bt_sb_puts(keys, key);
    return bt_sb_putc(keys, '\n');
}

static bt_err add_key_cb(void *ctx, const char *item)
{
    return add_key(ctx, item);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lines of b in place (they are fold keys: no '\n' inside). */
static void sort_lines(bt_sb *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->s[i] == '\n';
    char **v = n ? malloc(n * sizeof *v) : NULL;
    char *copy = n ? strdup(b->s) : NULL;
    if (!v || !copy) {
        free(v);
        free(copy);
        return;   /* unsorted: at worst a difference reported that is none */
    }
    size_t k = 0;
    for (char *p = copy, *nl; k < n && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
        v[k++] = p;
        *nl = '\0';
    }
    qsort(v, k, sizeof *v, cmp_str);
    bt_sb_clear(b);
    for (size_t i = 0; i < k; i++) {
        bt_sb_puts(b, v[i]);
        bt_sb_putc(b, '\n');
    }
    free(v);
    free(copy);
}

/* A083/A084 when the logbook names the territory or its comunas other
 * than the roster does. */
static bt_err compare_identity(bt_reports *r, bt_territory *t, const bt_roster_entry *e)
{
    const char *where = bt_arena_printf(t->arena, "%s, fila %u", r->roster->display,
                                        (unsigned)e->row);
    if (!where)
        return BT_ERR_NOMEM;
    const bt_text *name = &t->field[BT_F_TERRNAME];
    char k1[512], k2[512];
    bt_err err = BT_OK;
    if (e->name && name->text && bt_fold_buf(name->text, k1, sizeof k1) != (size_t)-1 &&
        bt_fold_buf(e->name, k2, sizeof k2) != (size_t)-1 && strcmp(k1, k2) != 0)
        err = bt_findings_add(t->findings, BT_A_ROSTER_NAME, t->display, NULL, name->loc.row,
                              name->loc.col, "Nombre del territorio", name->text,
                              "el nombre del territorio es «%s», y en el listado de "
                              "territorios (%s) figura «%s».", name->text, where, e->name);
    const bt_text *com = &t->field[BT_F_COMUNAS];
    if (err || !e->comunas || !t->ncomunas)
        return err;
    bt_sb mine, theirs;
    bt_sb_init(&mine);
    bt_sb_init(&theirs);
    for (size_t i = 0; i < t->ncomunas; i++)
        add_key(&mine, t->comunas[i].index >= 0 ? bt_comuna_at((size_t)t->comunas[i].index)->name
                                                : t->comunas[i].raw);
    err = bt_split_list(t->arena, e->comunas, true, add_key_cb, &theirs);
    sort_lines(&mine);
    sort_lines(&theirs);
    if (!err && (mine.failed || theirs.failed))
        err = BT_ERR_NOMEM;
    if (!err && strcmp(bt_sb_str(&mine), bt_sb_str(&theirs)) != 0) {
        const char *list = bt_territory_comunas(t->arena, t);
        err = list ? bt_findings_add(t->findings, BT_A_ROSTER_COMUNAS, t->display, NULL,
                                     com->loc.row, com->loc.col,
                                     "Comunas que abarca el territorio", list,
                                     "las comunas son «%s», y en el listado de territorios "
                                     "(%s) figuran «%s».", list, where, e->comunas)
                   : BT_ERR_NOMEM;
    }
    bt_sb_free(&mine);
    bt_sb_free(&theirs);
    return err;
}

/* Each logbook against its roster row: A082 when it has none. */
static bt_err roster_identity(bt_reports *r, bt_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        bt_territory *t = b->items[i];
        if (!keyed(t))
            continue;
        const bt_roster_entry *e =
            bt_roster_find(r->roster, t->region, t->terrnum.n, bt_batch_group_period(b, t));
        t->roster = e;
        bt_err err = e ? compare_identity(r, t, e)
                       : bt_findings_add(t->findings, BT_A_NOT_ON_ROSTER, t->display, NULL,
                                         t->terrnum.loc.row, t->terrnum.loc.col, "N° territorio",
                                         t->terrnum.raw,
                                         "el territorio %llu de la %s no está en el listado de "
                                         "territorios (%s); revise el N° de territorio y la "
                                         "región.", (unsigned long long)t->terrnum.n,
                                         bt_region_at((size_t)t->region)->full,
                                         r->roster->display);
        if (err)
            return err;
    }
    return BT_OK;
}

bt_err bt_coverage_build(bt_reports *r, bt_batch *b)
{
    int periods[130];
    size_t np = bt_report_periods(b, periods, 130);
    bt_err e = r->roster ? roster_identity(r, b) : BT_OK;
    for (size_t i = 0; i < np && !e; i++)
        e = r->roster ? roster_coverage(r, b, periods[i]) : gaps(r, b, periods[i]);
    return e;
}
