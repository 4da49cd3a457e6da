/* report.c - building the reports and looking them up (see report.h). */
#include "report_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

size_t bt_report_periods(const bt_batch *b, int *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < b->nperiods && n < max; i++)
        if (b->periods[i])
            out[n++] = b->periods[i];
    if (n == 0 && max)
        out[n++] = 0;
    /* ascending, so "previous" is the one before */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && out[k - 1] > out[k]; k--) {
            int t = out[k];
            out[k] = out[k - 1];
            out[k - 1] = t;
        }
    return n;
}

void bt_reports_free(bt_reports *r)
{
    if (!r)
        return;
    bt_roster_free(r->roster);
    bt_roster_free(r->previous);
    bt_findings_free(r->findings);
    bt_arena_free(r->arena);
    free(r);
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The territorios.csv of an earlier run: DIR/csv/territorios.csv, or
 * DIR/territorios.csv (the csv folder named), or the file itself. */
/* The bytes of a file the reports read, into r->sources: a rerun whose
 * roster or earlier run changed rewrites what they shape. */
static bt_err hash_source(bt_reports *r, const char *path)
{
    bt_digest d;
    int err;
    bt_err e = bt_digest_path(path, &d, NULL, &err);
    if (e)
        return e == BT_ERR_NOMEM ? e : BT_OK;   /* it was just read: a race, not ours */
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_digest(&h, r->sources);
    bt_hash_digest(&h, d);
    r->sources = bt_hash_final(&h);
    return BT_OK;
}

static bt_err read_previous(bt_reports *r, const char *dir, char **why)
{
    size_t n = strlen(dir) + 32;
    char *p = malloc(n);
    if (!p)
        return BT_ERR_NOMEM;
    snprintf(p, n, "%s/csv/territorios.csv", dir);
    if (!is_file(p))
        snprintf(p, n, "%s/territorios.csv", dir);
    if (!is_file(p))
        snprintf(p, n, "%s", dir);
    if (!is_file(p)) {
        free(p);
        *why = strdup("no tiene csv/territorios.csv: indique la carpeta de salida de un "
                      "«bitacora convert --csv» anterior");
        return *why ? BT_ERR_READ : BT_ERR_NOMEM;
    }
    bt_err e = bt_roster_read(p, p, &r->previous, why);
    if (!e)
        e = hash_source(r, p);
    free(p);
    if (e)
        return e;
    bool any_period = false;
    for (size_t i = 0; i < r->previous->n; i++)
        any_period = any_period || r->previous->v[i].period;
    if (!r->previous->has_figures || !any_period) {
        *why = strdup(!r->previous->has_figures
                          ? "su territorios.csv no tiene las cifras de una corrida (columna "
                            "unidades_total): indique la carpeta de salida de un «bitacora "
                            "convert --csv» anterior"
                          : "su territorios.csv no dice el periodo de ningún territorio");
        return *why ? BT_ERR_BAD_ROSTER : BT_ERR_NOMEM;
    }
    return BT_OK;
}

static int cmp_missing(const void *pa, const void *pb)
{
    const bt_missing *a = pa, *b = pb;
    if (a->period != b->period)
        return a->period < b->period ? -1 : 1;
    if (a->region != b->region)
        return a->region < b->region ? -1 : 1;
    return a->number < b->number ? -1 : a->number > b->number;
}

/* "--territorios FILE: why", for the command's message. */
static bt_err say_which(bt_err e, const char *option, const char *arg, char **why)
{
    if (!*why)
        return e;
    size_t n = strlen(option) + strlen(arg) + strlen(*why) + 8;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s %s: %s", option, arg, *why);
    free(*why);
    *why = s;
    return s ? e : BT_ERR_NOMEM;
}

bt_err bt_reports_build(bt_batch *b, const bt_report_options *o, char **why)
{
    *why = NULL;
    bt_reports *r = calloc(1, sizeof *r);
    if (!r)
        return BT_ERR_NOMEM;
    r->arena = bt_arena_new();
    r->findings = bt_findings_new();
    bt_err e = r->arena && r->findings ? BT_OK : BT_ERR_NOMEM;
    if (!e && o && o->roster) {
        const char *name = o->roster_name ? o->roster_name : o->roster;
        e = bt_roster_read(o->roster, name, &r->roster, why);
        e = say_which(e, "--territorios", name, why);
        if (!e)
            e = hash_source(r, o->roster);
        if (!e)
            e = bt_findings_extend(r->findings, r->roster->findings);
    }
    if (!e && o && o->previous) {
        r->previous_dir = bt_arena_strdup(r->arena, o->previous);
        e = r->previous_dir ? read_previous(r, o->previous, why) : BT_ERR_NOMEM;
        e = say_which(e, "--anterior", o->previous, why);
    }
    if (!e)
        e = bt_coverage_build(r, b);
    if (!e)
        e = bt_compare_build(r, b);
    if (e) {
        bt_reports_free(r);
        return e;
    }
    if (r->nmissing > 1)
        qsort(r->missing, r->nmissing, sizeof *r->missing, cmp_missing);
    bt_findings_sort(r->findings);
    bt_reports_free(b->reports);
    b->reports = r;
    return BT_OK;
}

const bt_findings *bt_reports_findings(const bt_reports *r)
{
    return r ? r->findings : NULL;
}

bool bt_reports_has_roster(const bt_reports *r)
{
    return r && r->roster;
}

bool bt_reports_previous_unused(const bt_reports *r)
{
    return r && r->previous_unused;
}

size_t bt_reports_missing(const bt_reports *r, int period, int region, const bt_missing **v)
{
    *v = NULL;
    size_t n = 0;
    for (size_t i = 0; r && i < r->nmissing; i++) {
        if (r->missing[i].period != period || r->missing[i].region != region)
            continue;
        if (!n)
            *v = &r->missing[i];
        n++;
    }
    return n;
}

size_t bt_reports_all_missing(const bt_reports *r, const bt_missing **v)
{
    *v = r ? r->missing : NULL;
    return r ? r->nmissing : 0;
}

const bt_comparison *bt_reports_comparison(const bt_reports *r, int period)
{
    for (size_t i = 0; r && i < r->ncmp; i++)
        if (r->cmp[i].period == period)
            return &r->cmp[i];
    return NULL;
}

void bt_reports_hash(const bt_reports *r, int period, int region, bt_hasher *h)
{
    if (!r) {
        bt_hash_u64(h, 0);
        return;
    }
    bt_hash_digest(h, r->sources);
    bt_hash_str(h, r->previous_dir);
    const bt_comparison *c = bt_reports_comparison(r, period);
    bt_hash_u64(h, c ? c->n + 1 : 0);
    for (size_t i = 0; c && i < c->n; i++) {
        const bt_cmp_row *x = &c->rows[i];
        if (region >= 0 && x->region != region)
            continue;
        bt_hash_u64(h, (uint64_t)(int64_t)x->region);
        bt_hash_u64(h, x->number);
        bt_hash_str(h, x->name);
        for (int k = 0; k < 2; k++) {
            bt_hash_u64(h, (uint64_t)x->present[k] | (uint64_t)x->counted[k] << 1);
            bt_hash_u64(h, x->missing[k]);
            for (int f = 0; f < BT_FIG__COUNT; f++)
                bt_hash_u64(h, x->has[k][f] ? x->fig[k][f] + 1 : 0);
        }
    }
    if (c) {
        bt_hash_u64(h, (uint64_t)(int64_t)c->period);
        bt_hash_u64(h, (uint64_t)(int64_t)c->previous);
        bt_hash_str(h, c->source);
    }
}

bt_digest bt_reports_sources(const bt_reports *r)
{
    return r->sources;
}
