/* output.c - the output folder (see output.h). */
#include "bitacora/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bitacora/csvwrite.h"
#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/tidy.h"
#include "bitacora/xlsxwrite.h"

bt_err bt_mkdirs(const char *path, int *err)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        *err = ENAMETOOLONG;
        return BT_ERR_WRITE;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            *err = errno;
            return BT_ERR_WRITE;
        }
        buf[i] = c;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        *err = ENOTDIR;
        return BT_ERR_WRITE;
    }
    return BT_OK;
}

/* "dir/.name.tmp-PID" beside the final path. */
static void tmp_name(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(buf, size, "%.*s/.%s.tmp-%ld", (int)(slash - path), path, slash + 1,
                 (long)getpid());
    else
        snprintf(buf, size, ".%s.tmp-%ld", path, (long)getpid());
}

bt_err bt_write_file_atomic(const char *path, const void *data, size_t n, int *err)
{
    char tmp[4200];
    tmp_name(path, tmp, sizeof tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        *err = errno;
        return BT_ERR_WRITE;
    }
    const char *p = data;
    size_t left = n;
    while (left) {
        ssize_t k = write(fd, p, left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            close(fd);
            unlink(tmp);
            return BT_ERR_WRITE;
        }
        p += k;
        left -= (size_t)k;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        *err = errno;
        unlink(tmp);
        return BT_ERR_WRITE;
    }
    return BT_OK;
}

/* Do two files hold the same bytes? */
static bool same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    char ba[65536], bb[65536];
    while (same) {
        size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
        if (na != nb || memcmp(ba, bb, na) != 0 || ferror(fa) || ferror(fb))
            same = false;
        else if (na == 0)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

/* Start the writer in a child; -1 when no process could be made.  *fd
 * is the read end of a pipe on which the child sends its errno. */
static pid_t spawn_writer(bt_err (*writer)(const void *what, const char *path), const void *what,
                          const char *path, int *fd)
{
    int p[2];
    *fd = -1;
    if (pipe(p) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid != 0) {
        close(p[1]);
        if (pid < 0)
            close(p[0]);
        else
            *fd = p[0];
        return pid;
    }
    close(p[0]);
    /* libxlsxwriter prints its own diagnostics; the parent reports. */
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, 2);
        close(devnull);
    }
    /* Written twice, kept only when both agree byte for byte: the output
     * is deterministic, and libxlsxwriter 1.1.4 ignores some allocation
     * failures, writing a workbook that is subtly wrong (a style or a
     * relationship missing) yet "succeeds". */
    errno = 0;
    bt_err e = writer(what, path);
    int err = errno;
    if (!e) {
        char check[4200];
        snprintf(check, sizeof check, "%s.check", path);
        e = writer(what, check);
        err = errno;
        if (!e && !same_bytes(path, check))
            e = BT_ERR_NOMEM;
        unlink(check);
    }
    /* The reason, for the parent's message (its own errno is not ours). */
    if (write(p[1], &err, sizeof err) < 0)
        err = 0;
    _exit((int)e & 0x7f);           /* no exit handlers in the child */
}

/* The result of a writer child from its wait status; *err gets the
 * child's errno (read from fd, which is closed). */
static bt_err reap_writer(int st, const char *path, int fd, int *sig, int *err)
{
    *err = 0;
    if (fd >= 0) {
        if (read(fd, err, sizeof *err) != (ssize_t)sizeof *err)
            *err = 0;
        close(fd);
    }
    /* The child's second copy, if it died before removing it. */
    char check[4200];
    snprintf(check, sizeof check, "%s.check", path);
    unlink(check);
    *sig = 0;
    if (WIFSIGNALED(st)) {
        *sig = WTERMSIG(st);
        return BT_ERR_XLSX;
    }
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : (int)BT_ERR_INTERNAL;
    return code < BT_ERR__COUNT ? (bt_err)code : BT_ERR_INTERNAL;
}

bt_err bt_run_isolated(bt_err (*writer)(const void *what, const char *path),
                       const void *what, const char *path, int *sig)
{
    *sig = 0;
    int fd;
    pid_t pid = spawn_writer(writer, what, path, &fd);
    if (pid < 0)
        return writer(what, path);      /* no process to spare: in-process */
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            close(fd);
            return BT_ERR_INTERNAL;
        }
    }
    int err;
    bt_err e = reap_writer(st, path, fd, sig, &err);
    errno = err;
    return e;
}

/* ---- planning ---- */

typedef bt_err (*writer_fn)(const void *what, const char *path);

/* A workbook to write: planned first, then written by a pool of child
 * processes (o->jobs at a time). */
typedef struct {
    writer_fn fn;
    const void *what;
    const char *path;
    char tmp[4200];
    pid_t pid;
    int fd;              /* the child's errno comes through here */
} task;

typedef struct {
    bt_batch *b;
    const bt_output_options *o;
    bt_arena *a;
    const char **failed;
    int *ferr;
    int *fsig;
    task *tasks;
    size_t ntasks, cap;
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

/* An output that would replace an input: refused before anything is
 * written (EEXIST tells the caller why). */
static bt_err guard_input(ctx *c, const char *path)
{
    if (!is_input(c, path))
        return BT_OK;
    *c->failed = path;
    *c->ferr = EEXIST;
    return BT_ERR_WRITE;
}

static bt_err write_xlsx(ctx *c, const char *path, writer_fn fn, const void *what)
{
    bt_err g = guard_input(c, path);
    if (g)
        return g;
    task *t = BT_PUSH(c->a, c->tasks, c->ntasks, c->cap);
    if (!t)
        return BT_ERR_NOMEM;
    t->fn = fn;
    t->what = what;
    t->path = path;
    tmp_name(path, t->tmp, sizeof t->tmp);
    return BT_OK;
}

/* Finish one task: rename on success, remember the first failure (in
 * task order, so the message does not depend on timing). */
static void task_done(ctx *c, size_t i, bt_err e, int sig, int err, size_t *first_fail,
                      bt_err *first_err)
{
    task *t = &c->tasks[i];
    if (!e && rename(t->tmp, t->path) != 0) {
        err = errno;
        e = BT_ERR_WRITE;
    }
    if (!e)
        return;
    unlink(t->tmp);
    if (i < *first_fail) {
        *first_fail = i;
        *first_err = e;
        *c->failed = e == BT_ERR_NOMEM ? NULL : t->path;
        *c->ferr = e == BT_ERR_WRITE ? (err ? err : EIO) : 0;
        *c->fsig = sig;
        if (sig)
            *c->failed = t->path;
    }
}

static bt_err run_tasks(ctx *c)
{
    size_t jobs = c->o->jobs > 0 ? (size_t)c->o->jobs : 1;
    size_t next = 0, running = 0, first_fail = SIZE_MAX;
    bt_err first_err = BT_OK;
    while (next < c->ntasks || running) {
        while (running < jobs && next < c->ntasks && first_fail == SIZE_MAX) {
            task *t = &c->tasks[next];
            t->pid = spawn_writer(t->fn, t->what, t->tmp, &t->fd);
            if (t->pid < 0) {
                /* No process to spare: write it here. */
                errno = 0;
                bt_err e = t->fn(t->what, t->tmp);
                int err = errno;
                t->pid = 0;
                task_done(c, next, e, 0, err, &first_fail, &first_err);
            } else {
                running++;
            }
            next++;
        }
        if (!running)
            break;
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            return BT_ERR_INTERNAL;
        }
        for (size_t i = 0; i < next; i++) {
            if (c->tasks[i].pid != pid)
                continue;
            c->tasks[i].pid = 0;
            running--;
            int sig, err;
            bt_err e = reap_writer(st, c->tasks[i].tmp, c->tasks[i].fd, &sig, &err);
            c->tasks[i].fd = -1;
            task_done(c, i, e, sig, err, &first_fail, &first_err);
            break;
        }
    }
    return first_err;
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

static const char *join(ctx *c, const char *dir, const char *name)
{
    return bt_arena_printf(c->a, "%s/%s", dir, name);
}

/* Every folder bitacora writes into carries this marker, so that a later
 * run reading a parent folder leaves earlier outputs alone. */
#define MARKER ".bitacora-salida"

static bt_err mkdir_here(ctx *c, const char *dir)
{
    bt_err e = bt_mkdirs(dir, c->ferr);
    if (e) {
        *c->failed = dir;
        return e;
    }
    const char *m = join(c, dir, MARKER);
    if (!m)
        return BT_ERR_NOMEM;
    struct stat st;
    if (stat(m, &st) == 0)
        return BT_OK;
    static const char text[] = "Carpeta escrita por bitacora: sus archivos no se leen como "
                               "bitácoras.\n";
    e = bt_write_file_atomic(m, text, sizeof text - 1, c->ferr);
    if (e)
        *c->failed = m;
    return e;
}

/* territorio-03-cordillera, unique within the folder. */
static const char *territory_file(ctx *c, bt_territory *t, const char **used, size_t nused)
{
    const char *name = t->field[BT_F_TERRNAME].text;
    char *slug = bt_slug(c->a, name ? name : t->source_name, 48);
    if (!slug)
        return NULL;
    char *base = t->terrnum.state == BT_ST_OK
                     ? bt_arena_printf(c->a, "territorio-%02llu-%s",
                                       (unsigned long long)(t->terrnum.n % 1000000), slug)
                     : bt_arena_printf(c->a, "territorio-sin-numero-%s", slug);
    if (!base)
        return NULL;
    for (int k = 1; k < 100000; k++) {
        char *cand = k == 1 ? bt_arena_printf(c->a, "%s.xlsx", base)
                            : bt_arena_printf(c->a, "%s-%d.xlsx", base, k);
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
static bt_err write_territories(ctx *c, const char *dir, bt_territory **ts, size_t n)
{
    const char **used = bt_arena_alloc(c->a, (n + 1) * sizeof *used);
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
        /* Relative to the output folder, for whoever links to it (the
         * web's result page); in the territory's arena, which outlives
         * this run's. */
        t->out_path = bt_arena_printf(t->arena, "%s/%s", dir + strlen(c->o->dir) + 1, file);
        if (!t->out_path)
            return BT_ERR_NOMEM;
        const char *path = join(c, dir, file);
        e = path ? write_xlsx(c, path, w_territory, t) : BT_ERR_NOMEM;
    }
    return e;
}

static bt_err write_group(ctx *c, const char *base, bt_period_group *p)
{
    bt_err e = mkdir_here(c, base);
    for (size_t i = 0; i < p->nregions && !e; i++) {
        bt_region_group *g = &p->regions[i];
        const bt_region *reg = bt_region_at((size_t)g->region);
        const char *dir = join(c, base, reg->slug);
        if (!dir)
            return BT_ERR_NOMEM;
        e = mkdir_here(c, dir);
        if (!e)
            e = write_territories(c, dir, g->items, g->n);
        if (!e) {
            const char *name = bt_arena_printf(c->a, "region-%s.xlsx", reg->slug);
            const char *path = name ? join(c, dir, name) : NULL;
            e = path ? write_xlsx(c, path, w_region, g) : BT_ERR_NOMEM;
        }
    }
    /* Territories without a known region: their own folder. */
    bool any = false;
    for (size_t k = 0; k < p->norphans; k++)
        if (p->orphans[k]->readable && !p->orphans[k]->strict_skipped)
            any = true;
    if (!e && any) {
        const char *dir = join(c, base, "sin-region");
        e = dir ? mkdir_here(c, dir) : BT_ERR_NOMEM;
        if (!e)
            e = write_territories(c, dir, p->orphans, p->norphans);
    }
    if (!e) {
        const char *path = join(c, base, "nacional.xlsx");
        e = path ? write_xlsx(c, path, w_national, p) : BT_ERR_NOMEM;
    }
    return e;
}

/* Group the batch's territories by period, then by region. */
static bt_err plan(ctx *c, bt_period_group **out, size_t *nout)
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
    bt_period_group *groups = bt_arena_alloc(c->a, ngroups * sizeof *groups);
    if (!groups)
        return BT_ERR_NOMEM;
    for (size_t gi = 0; gi < ngroups; gi++) {
        bt_period_group *g = &groups[gi];
        g->period = !split ? (np ? periods[0] : 0) : gi < np ? periods[gi] : 0;
        g->reports = b->reports;
        g->regions = bt_arena_alloc(c->a, bt_region_count() * sizeof *g->regions);
        g->orphans = bt_arena_alloc(c->a, (b->n + 1) * sizeof *g->orphans);
        if (!g->regions || !g->orphans)
            return BT_ERR_NOMEM;
        for (size_t i = 0; i < b->n; i++) {
            bt_territory *t = b->items[i];
            if (split && t->period != g->period) {
                bool known = false;
                for (size_t k = 0; k < np; k++)
                    known = known || periods[k] == t->period;
                /* Unknown periods go to the last group ("sin-periodo"). */
                if (known || gi != np)
                    continue;
            }
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
                rg->items = bt_arena_alloc(c->a, (b->n + 1) * sizeof *rg->items);
                if (!rg->items)
                    return BT_ERR_NOMEM;
            }
            rg->items[rg->n++] = t;
        }
    }
    *out = groups;
    *nout = ngroups;
    return BT_OK;
}

bt_err bt_output_write(bt_batch *b, const bt_output_options *o, const char **failed_path,
                       int *failed_errno)
{
    static char failed_buf[4200];
    *failed_path = NULL;
    *failed_errno = 0;
    const char *fp = NULL;
    int fsig = 0;
    ctx c = {b, o, bt_arena_new(), &fp, failed_errno, &fsig, NULL, 0, 0};
    if (!c.a)
        return BT_ERR_NOMEM;
    bt_err e = mkdir_here(&c, o->dir);
    bt_period_group *groups = NULL;
    size_t ng = 0;
    if (!e)
        e = plan(&c, &groups, &ng);
    for (size_t i = 0; i < ng && !e; i++) {
        bt_period_group *g = &groups[i];
        if (ng == 1) {
            e = write_group(&c, o->dir, g);
        } else if (g->nregions || g->norphans) {
            const char *sub = g->period ? bt_arena_printf(c.a, "%s/periodo-%d", o->dir, g->period)
                                        : bt_arena_printf(c.a, "%s/sin-periodo", o->dir);
            e = sub ? write_group(&c, sub, g) : BT_ERR_NOMEM;
        }
    }
    /* The CSV outputs are written last: check them before any workbook. */
    const char *hallazgos = join(&c, o->dir, "hallazgos.csv");
    if (!e)
        e = hallazgos ? guard_input(&c, hallazgos) : BT_ERR_NOMEM;
    for (size_t i = 0; o->csv && i < bt_tidy_count() && !e; i++) {
        const char *path = bt_arena_printf(c.a, "%s/csv/%s", o->dir, bt_tidy_name(i));
        e = path ? guard_input(&c, path) : BT_ERR_NOMEM;
    }
    if (!e)
        e = run_tasks(&c);
    /* Every finding, one a row. */
    if (!e) {
        bt_findings *all = bt_findings_new();
        bt_sb sb;
        bt_sb_init(&sb);
        e = all ? bt_batch_findings(b, all) : BT_ERR_NOMEM;
        if (!e) {
            /* Formatted into memory we own (open_memstream can lose a
             * failed allocation at fclose and still report success). */
            e = bt_findings_format(all, BT_FMT_CSV, &sb);
            if (!e) {
                e = bt_write_file_atomic(hallazgos, sb.s, sb.len, failed_errno);
                if (e == BT_ERR_WRITE)
                    fp = hallazgos;
            }
        }
        bt_findings_free(all);
        bt_sb_free(&sb);
    }
    if (!e && o->csv) {
        const char *dir = join(&c, o->dir, "csv");
        e = dir ? mkdir_here(&c, dir) : BT_ERR_NOMEM;
        for (size_t i = 0; i < bt_tidy_count() && !e; i++) {
            bt_sb sb;
            bt_sb_init(&sb);
            e = bt_tidy_build(b, i, &sb);
            if (!e) {
                const char *path = join(&c, dir, bt_tidy_name(i));
                e = path ? bt_write_file_atomic(path, sb.s, sb.len, failed_errno) : BT_ERR_NOMEM;
                if (e == BT_ERR_WRITE)
                    fp = path;
            }
            bt_sb_free(&sb);
        }
    }
    if (fp) {
        snprintf(failed_buf, sizeof failed_buf, "%s", fp);
        *failed_path = failed_buf;
    }
    if (fsig)
        *failed_errno = -fsig;   /* the writer process died of this signal */
    bt_arena_free(c.a);
    return e;
}
