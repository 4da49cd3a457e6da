/* output.c - everything convert writes, step by step (see output.h). */
#include "bitacora/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitacora/csvwrite.h"
#include "bitacora/fingerprint.h"
#include "bitacora/manifest.h"
#include "bitacora/outplan.h"
#include "bitacora/tidy.h"
#include "bitacora/xlsxwrite.h"

typedef struct {
    bt_batch *b;
    const bt_output_options *o;
    bt_output_result *r;
    bt_out_plan plan;
    bt_manifest *old, *now;      /* the record found, and the one this run leaves */
    bt_digest *fp;               /* per plan item */
    bool *stale;                 /* per plan item: to be written */
    bt_write_task *tasks;
    size_t *task_item;           /* plan item of each task */
    size_t ntasks;
} run;

static void failed(run *c, const char *path, int err)
{
    if (path)
        snprintf(c->r->failed_path, sizeof c->r->failed_path, "%s", path);
    c->r->failed_errno = err;
}

static bt_err w_territory(const void *t, const char *path)
{
    return bt_write_territory_xlsx(t, path);
}

static bt_err w_region(const void *g, const char *path)
{
    return bt_write_region_xlsx(g, path);
}

static bt_err w_national(const void *p, const char *path)
{
    return bt_write_national_xlsx(p, path);
}

static bt_err make_dirs(run *c)
{
    for (size_t i = 0; i < c->plan.ndirs; i++) {
        int err = 0;
        const char *where = NULL;
        bt_err e = bt_outdir_make(c->plan.a, c->plan.dirs[i], &err, &where);
        if (e) {
            failed(c, where, err);
            return e;
        }
    }
    return BT_OK;
}

static bt_digest item_fp(bt_digest runfp, const bt_out_item *it)
{
    switch (it->kind) {
    case BT_OUT_TERRITORY:
        return bt_fp_territory(runfp, it->what);
    case BT_OUT_REGION:
        return bt_fp_region(runfp, it->what);
    case BT_OUT_NATIONAL:
        break;
    }
    return bt_fp_national(runfp, it->what);
}

/* Which workbooks must be written: those without a record that still
 * matches both what they would be made from and the file in the folder. */
static bt_err find_stale(run *c)
{
    size_t n = c->plan.nitems;
    bt_arena *a = c->plan.a;
    c->fp = bt_arena_alloc(a, (n + 1) * sizeof *c->fp);
    c->stale = bt_arena_alloc(a, (n + 1) * sizeof *c->stale);
    c->tasks = bt_arena_alloc(a, (n + 1) * sizeof *c->tasks);
    c->task_item = bt_arena_alloc(a, (n + 1) * sizeof *c->task_item);
    if (!c->fp || !c->stale || !c->tasks || !c->task_item)
        return BT_ERR_NOMEM;
    bt_digest runfp = bt_fp_run(c->b, c->o);
    for (size_t i = 0; i < n; i++) {
        const bt_out_item *it = &c->plan.items[i];
        c->fp[i] = item_fp(runfp, it);
        c->stale[i] = c->o->rewrite_all ||
                      !bt_manifest_current(c->old, it->rel, it->path, c->fp[i]);
        if (!c->stale[i])
            continue;
        bt_write_task *t = &c->tasks[c->ntasks];
        c->task_item[c->ntasks++] = i;
        t->what = it->what;
        t->path = it->path;
        /* Bigger workbooks first, so that no process is left with the
         * national one while the others have finished. */
        if (it->kind == BT_OUT_TERRITORY) {
            t->fn = w_territory;
            t->cost = 1;
        } else if (it->kind == BT_OUT_REGION) {
            t->fn = w_region;
            t->cost = 1 + (unsigned)((const bt_region_group *)it->what)->n;
        } else {
            t->fn = w_national;
            t->cost = 1 + (unsigned)c->b->n;
        }
    }
    return BT_OK;
}

/* The record this run leaves: workbooks written now, and the earlier
 * record of every other planned one (kept, or left as it was by a run
 * that failed before rewriting it). */
static bt_err record(run *c)
{
    size_t k = 0;
    bt_err e = BT_OK;
    for (size_t i = 0; i < c->plan.nitems && !e; i++) {
        const bt_out_item *it = &c->plan.items[i];
        bool written = false;
        if (k < c->ntasks && c->task_item[k] == i) {
            const bt_write_task *t = &c->tasks[k++];
            if (t->done) {
                e = bt_manifest_add(c->now, it->rel, c->fp[i], t->digest, t->size);
                written = true;
            }
        }
        if (!e && !written)
            e = bt_manifest_carry(c->now, c->old, it->rel);
    }
    return e;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Workbooks an earlier run wrote and this one no longer makes (their
 * territory is gone, or now in another region or period): after a run
 * that wrote everything and could read every input, each one still
 * holding the bytes written then is listed in *gone, to be removed (a
 * file someone changed since is left alone, and forgotten).  Otherwise
 * their records are kept, so that a later run removes them; a run that
 * failed, or that could not read an input (its territory would look
 * gone), removes nothing.
 */
static bt_err stale_workbooks(run *c, bool ok, const char ***gone, size_t *ngone)
{
    size_t n = c->plan.nitems, nold = bt_manifest_count(c->old);
    const char **planned = bt_arena_alloc(c->plan.a, (n + 1) * sizeof *planned);
    *gone = bt_arena_alloc(c->plan.a, (nold + 1) * sizeof **gone);
    *ngone = 0;
    if (!planned || !*gone)
        return BT_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        planned[i] = c->plan.items[i].rel;
    qsort(planned, n, sizeof *planned, cmp_str);
    for (size_t i = 0; i < nold; i++) {
        const char *rel = bt_manifest_path_at(c->old, i);
        if (bsearch(&rel, planned, n, sizeof *planned, cmp_str))
            continue;
        const char *path = bt_arena_printf(c->plan.a, "%s/%s", c->o->dir, rel);
        if (!path)
            return BT_ERR_NOMEM;
        bool ours = bt_manifest_untouched(c->old, rel, path);
        if (ok && ours)
            (*gone)[(*ngone)++] = path;
        else if (!ok && bt_manifest_carry(c->now, c->old, rel) != BT_OK)
            return BT_ERR_NOMEM;
    }
    return BT_OK;
}

/* The record this run leaves in the folder's marker, then (after a run
 * that went well) the removal of the earlier workbooks it no longer
 * makes: last of all, so that a run that fails removes nothing. */
static bt_err close_record(run *c, bool ok)
{
    const char **gone = NULL;
    size_t ngone = 0;
    bt_err e = record(c);
    if (!e)
        e = stale_workbooks(c, ok, &gone, &ngone);
    int err = 0;
    if (!e && (e = bt_manifest_save(c->now, c->o->dir, &err)) == BT_ERR_WRITE) {
        char m[4200];
        snprintf(m, sizeof m, "%s/%s", c->o->dir, BT_OUTDIR_MARKER);
        failed(c, m, err);
    }
    for (size_t i = 0; i < ngone && !e; i++)
        if (unlink(gone[i]) == 0)
            c->r->removed++;
    return e;
}

static bt_err write_workbooks(run *c)
{
    size_t bad;
    bt_err e = bt_pool_write(c->tasks, c->ntasks, c->o->jobs, &bad);
    for (size_t k = 0; k < c->ntasks; k++)
        c->r->written += c->tasks[k].done;
    c->r->kept = c->plan.nitems - c->ntasks;
    if (e && bad < c->ntasks) {
        failed(c, c->tasks[bad].path, c->tasks[bad].sys_errno);
        c->r->failed_signal = c->tasks[bad].signal;
    }
    return e;
}

/* Every finding, one a row. */
static bt_err write_findings(run *c)
{
    bt_findings *all = bt_findings_new();
    bt_sb sb;
    bt_sb_init(&sb);
    /* Every finding, the run's own (coverage) included, in check's order. */
    bt_err e = all ? bt_batch_findings(c->b, all) : BT_ERR_NOMEM;
    if (!e) {
        /* Formatted into memory we own (open_memstream can lose a failed
         * allocation at fclose and still report success). */
        e = bt_findings_format(all, BT_FMT_CSV, &sb);
    }
    int err = 0;
    if (!e && (e = bt_write_file_atomic(c->plan.findings_csv, sb.s, sb.len, &err)))
        failed(c, c->plan.findings_csv, err);
    bt_findings_free(all);
    bt_sb_free(&sb);
    return e;
}

static bt_err write_tidy(run *c)
{
    int err = 0;
    const char *where = NULL;
    bt_err e = bt_outdir_make(c->plan.a, c->plan.tidy_dir, &err, &where);
    if (e) {
        failed(c, where, err);
        return e;
    }
    const char **paths = bt_arena_alloc(c->plan.a, bt_tidy_count() * sizeof *paths);
    for (size_t i = 0; paths && i < bt_tidy_count(); i++)
        if (!(paths[i] = bt_arena_printf(c->plan.a, "%s/%s", c->plan.tidy_dir, bt_tidy_name(i))))
            paths = NULL;
    if (!paths)
        return BT_ERR_NOMEM;
    size_t which = 0;
    if ((e = bt_tidy_write(c->b, paths, &which, &err)) == BT_ERR_WRITE)
        failed(c, paths[which], err);
    return e;
}

bt_err bt_output_run(bt_batch *b, const bt_output_options *o, bt_output_result *r)
{
    memset(r, 0, sizeof *r);
    run c;
    memset(&c, 0, sizeof c);
    c.b = b;
    c.o = o;
    c.r = r;
    const char *where = NULL;
    bt_err e = bt_plan_make(b, o, &c.plan, &where);
    if (e == BT_ERR_IS_INPUT)
        failed(&c, where, 0);
    if (!e)
        e = make_dirs(&c);
    if (!e) {
        c.old = bt_manifest_load(o->dir);
        c.now = bt_manifest_new();
        if (!c.old || !c.now)
            e = BT_ERR_NOMEM;
    }
    if (!e)
        e = find_stale(&c);
    if (!e) {
        e = write_workbooks(&c);
        if (!e)
            e = write_findings(&c);
        if (!e && o->csv)
            e = write_tidy(&c);
        /* Recorded also after a failure: what was written is in place. */
        bt_err re = close_record(&c, !e && !b->read_errors);
        if (!e)
            e = re;
    }
    bt_manifest_free(c.old);
    bt_manifest_free(c.now);
    bt_plan_free(&c.plan);
    return e;
}

bt_err bt_output_write(bt_batch *b, const bt_output_options *o, const char **failed_path,
                       int *failed_errno)
{
    static bt_output_result r;
    bt_err e = bt_output_run(b, o, &r);
    *failed_path = r.failed_path[0] ? r.failed_path : NULL;
    *failed_errno = r.failed_signal ? -r.failed_signal : r.failed_errno;
    return e;
}

bt_err bt_run_isolated(bt_writer_fn writer, const void *what, const char *path, int *sig)
{
    bt_write_task t;
    memset(&t, 0, sizeof t);
    t.fn = writer;
    t.what = what;
    t.path = path;
    size_t bad;
    bt_err e = bt_pool_write(&t, 1, 1, &bad);
    *sig = t.signal;
    errno = t.sys_errno;
    return e;
}
