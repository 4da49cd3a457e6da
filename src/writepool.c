/* writepool.c - workbooks written by long-lived children (see writepool.h). */
#define _DEFAULT_SOURCE 1
#include "bitacora/writepool.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#define TMPFS_MAGIC_ 0x01021994
#endif

#include "bitacora/allocwatch.h"
#include "bitacora/atomic.h"
#include "bitacora/tmpwatch.h"
#include "bitacora/xlsxwrite.h"

#define MAX_WORKERS 64

/* What a child sends back for each workbook. */
typedef struct {
    uint64_t index;
    int32_t err, sys_errno;
    uint64_t digest[2];
    uint64_t size;
} result;

typedef struct {
    pid_t pid;
    int fd;              /* the parent's end of the socket */
    size_t task;         /* SIZE_MAX when idle */
} worker;

typedef struct {
    bt_write_task *tasks;
    size_t n;
    const char **tmp;    /* each task's temporary name */
    size_t *order;       /* tasks by cost, biggest first */
    worker w[MAX_WORKERS];
    size_t nw;
    size_t next;         /* in order */
    size_t first_fail;   /* lowest failed index, SIZE_MAX */
} pool;

static bool is_tmpfs(const char *dir)
{
#ifdef __linux__
    struct statfs sf;
    return statfs(dir, &sf) == 0 && (unsigned long)sf.f_type == TMPFS_MAGIC_ &&
           access(dir, W_OK | X_OK) == 0;
#else
    (void)dir;
    return false;
#endif
}

const char *bt_pool_tmpdir(void)
{
    const char *env = getenv("TMPDIR");
    if (env && env[0] && is_tmpfs(env))
        return env;
    if (is_tmpfs("/dev/shm"))
        return "/dev/shm";
    return NULL;
}

/* One attempt at writing task t to tmp; errno set as the writer left it
 * (or to what tmpwatch saw). */
static bt_err attempt(const bt_write_task *t, const char *tmp)
{
    unsigned long allocs = bt_alloc_failures(), writes = bt_tmpfile_failures();
    errno = 0;
    bt_err e = t->fn(t->what, tmp);
    int err = errno;
    /* An allocation failed under the writer: whatever libxlsxwriter made
     * of it, the workbook cannot be trusted. */
    if (bt_alloc_failures() != allocs) {
        e = BT_ERR_NOMEM;
        err = ENOMEM;
    } else if (bt_tmpfile_failures() != writes) {
        /* A part was cut short in its temporary file. */
        e = BT_ERR_TMPFILE;
        err = bt_tmpfile_errno();
    }
    errno = err;
    return e;
}

/* Write task t to tmp, in whichever process runs this. */
static void write_one(const bt_write_task *t, const char *tmp, size_t index, result *r)
{
    memset(r, 0, sizeof *r);
    r->index = index;
    bt_err e = attempt(t, tmp);
    int err = errno;
    /* A memory file system can be small (64 MB in many containers): once
     * more where libxlsxwriter would put its files on its own. */
    if (e == BT_ERR_TMPFILE && bt_xlsxwrite_tmpdir()) {
        const char *fast = bt_xlsxwrite_tmpdir();
        bt_xlsxwrite_set_tmpdir(NULL);
        e = attempt(t, tmp);
        err = errno;
        bt_xlsxwrite_set_tmpdir(fast);
    }
    bt_digest d = {{0, 0}};
    uint64_t size = 0;
    if (!e && bt_digest_path(tmp, &d, &size, &err) != BT_OK)
        e = BT_ERR_WRITE;
    r->err = (int32_t)e;
    r->sys_errno = e == BT_ERR_WRITE || e == BT_ERR_TMPFILE ? (err ? err : EIO) : 0;
    r->digest[0] = d.h[0];
    r->digest[1] = d.h[1];
    r->size = size;
}

static void note_failure(pool *p, size_t i)
{
    if (i < p->first_fail)
        p->first_fail = i;
}

/* A result for task i: put the file in place, or remove what is left. */
static void finish(pool *p, size_t i, const result *r)
{
    bt_write_task *t = &p->tasks[i];
    t->err = r->err >= 0 && r->err < BT_ERR__COUNT ? (bt_err)r->err : BT_ERR_INTERNAL;
    t->sys_errno = r->sys_errno;
    t->digest.h[0] = r->digest[0];
    t->digest.h[1] = r->digest[1];
    t->size = r->size;
    if (!t->err) {
        int err = 0;
        if (bt_atomic_commit(p->tmp[i], t->path, &err) != BT_OK) {
            t->err = BT_ERR_WRITE;
            t->sys_errno = err;
        }
    } else {
        unlink(p->tmp[i]);
    }
    t->done = t->err == BT_OK;
    if (t->err)
        note_failure(p, i);
}

/* ---- the child ---- */

static bool full_io(int fd, void *buf, size_t n, bool out)
{
    char *b = buf;
    while (n) {
        ssize_t k = out ? send(fd, b, n, MSG_NOSIGNAL) : recv(fd, b, n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        b += k;
        n -= (size_t)k;
    }
    return true;
}

static void child_setup(void)
{
    /* Keep freed memory for the next part and the next workbook instead
     * of trimming the heap and faulting it back in (make bench). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    bt_xlsxwrite_set_tmpdir(bt_pool_tmpdir());
    /* libxlsxwriter prints its own diagnostics; the parent reports. */
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, 2);
        close(devnull);
    }
}

static void child_main(pool *p, int fd)
{
    child_setup();
    uint64_t idx;
    while (full_io(fd, &idx, sizeof idx, false)) {
        if (idx >= p->n)
            _exit(1);
        result r;
        write_one(&p->tasks[idx], p->tmp[idx], (size_t)idx, &r);
        if (!full_io(fd, &r, sizeof r, true))
            _exit(1);
    }
    _exit(0);             /* the parent closed the socket: no more work */
}

/* ---- the parent ---- */

static bool spawn(pool *p, worker *w)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    if (pid == 0) {
        close(sv[0]);
        /* Other children's sockets: held here, they would keep those
         * children from ever seeing the parent close them. */
        for (size_t k = 0; k < p->nw; k++)
            if (p->w[k].fd >= 0 && &p->w[k] != w)
                close(p->w[k].fd);
        child_main(p, sv[1]);
    }
    close(sv[1]);
    w->pid = pid;
    w->fd = sv[0];
    w->task = SIZE_MAX;
    return true;
}

/* Wait for a child that has ended; its signal, or 0. */
static int reap(worker *w)
{
    int st = 0;
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
        ;
    close(w->fd);
    w->fd = -1;
    w->pid = 0;
    return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

/* Hand the next task to an idle child.  A child found dead while idle
 * (killed from outside) is replaced once. */
static bool dispatch(pool *p, worker *w)
{
    size_t i = p->order[p->next];
    uint64_t idx = i;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (w->fd >= 0 && full_io(w->fd, &idx, sizeof idx, true)) {
            w->task = i;
            p->next++;
            return true;
        }
        if (w->fd >= 0)
            reap(w);
        if (!spawn(p, w))
            return false;
    }
    return false;
}

/* The child w ended while writing its task: that workbook failed. */
static void died(pool *p, worker *w)
{
    size_t i = w->task;
    int sig = reap(w);
    bt_write_task *t = &p->tasks[i];
    t->err = BT_ERR_WRITER_DIED;
    t->signal = sig;
    t->sys_errno = 0;
    unlink(p->tmp[i]);
    note_failure(p, i);
}

static bool wait_results(pool *p)
{
    struct pollfd fds[MAX_WORKERS];
    worker *who[MAX_WORKERS];
    nfds_t nf = 0;
    for (size_t k = 0; k < p->nw; k++)
        if (p->w[k].fd >= 0 && p->w[k].task != SIZE_MAX) {
            fds[nf].fd = p->w[k].fd;
            fds[nf].events = POLLIN;
            who[nf++] = &p->w[k];
        }
    if (!nf)
        return false;
    if (poll(fds, nf, -1) < 0)
        return errno == EINTR;
    for (nfds_t k = 0; k < nf; k++) {
        if (!fds[k].revents)
            continue;
        worker *w = who[k];
        result r;
        if (full_io(w->fd, &r, sizeof r, false) && r.index == w->task) {
            w->task = SIZE_MAX;
            finish(p, (size_t)r.index, &r);
        } else {
            died(p, w);
        }
    }
    return true;
}

static void run_children(pool *p)
{
    for (;;) {
        for (size_t k = 0; k < p->nw; k++) {
            worker *w = &p->w[k];
            if (w->task != SIZE_MAX || p->next >= p->n || p->first_fail != SIZE_MAX)
                continue;
            if (!dispatch(p, w)) {
                /* No process to spare any more: this one is written here. */
                size_t i = p->order[p->next++];
                result r;
                write_one(&p->tasks[i], p->tmp[i], i, &r);
                finish(p, i, &r);
            }
        }
        if (!wait_results(p))
            break;
    }
    for (size_t k = 0; k < p->nw; k++) {
        worker *w = &p->w[k];
        if (w->fd < 0)
            continue;
        shutdown(w->fd, SHUT_RDWR);
        if (w->task != SIZE_MAX)
            died(p, w);       /* poll itself failed: its result is lost */
        else
            reap(w);
    }
}

typedef struct {
    unsigned cost;
    size_t index;
} ranked;

static int by_cost(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->cost != b->cost)
        return a->cost > b->cost ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Task indices, biggest first (then in array order). */
static bool sort_by_cost(size_t *order, size_t n, const bt_write_task *tasks)
{
    ranked *r = malloc(n * sizeof *r);
    if (!r)
        return false;
    for (size_t i = 0; i < n; i++) {
        r[i].cost = tasks[i].cost;
        r[i].index = i;
    }
    qsort(r, n, sizeof *r, by_cost);
    for (size_t i = 0; i < n; i++)
        order[i] = r[i].index;
    free(r);
    return true;
}

bt_err bt_pool_write(bt_write_task *tasks, size_t n, int jobs, size_t *failed)
{
    *failed = SIZE_MAX;
    if (n == 0)
        return BT_OK;
    bt_arena *a = bt_arena_new();
    pool p;
    memset(&p, 0, sizeof p);
    p.tasks = tasks;
    p.n = n;
    p.first_fail = SIZE_MAX;
    p.tmp = a ? bt_arena_alloc(a, n * sizeof *p.tmp) : NULL;
    p.order = a ? bt_arena_alloc(a, n * sizeof *p.order) : NULL;
    if (!p.tmp || !p.order) {
        bt_arena_free(a);
        return BT_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        char buf[4200];
        tasks[i].err = BT_OK;
        tasks[i].done = false;
        if (!bt_atomic_tmp_path(tasks[i].path, buf, sizeof buf)) {
            tasks[i].err = BT_ERR_WRITE;
            tasks[i].sys_errno = ENAMETOOLONG;
            *failed = i;
            bt_arena_free(a);
            return BT_ERR_WRITE;
        }
        if (!(p.tmp[i] = bt_arena_strdup(a, buf))) {
            bt_arena_free(a);
            return BT_ERR_NOMEM;
        }
    }
    if (!sort_by_cost(p.order, n, tasks)) {
        bt_arena_free(a);
        return BT_ERR_NOMEM;
    }
    size_t want = jobs < 1 ? 1 : jobs > MAX_WORKERS ? MAX_WORKERS : (size_t)jobs;
    if (want > n)
        want = n;
    for (size_t k = 0; k < want; k++) {
        p.w[k].fd = -1;
        p.w[k].task = SIZE_MAX;
    }
    for (p.nw = 0; p.nw < want && spawn(&p, &p.w[p.nw]); p.nw++)
        ;
    run_children(&p);
    /* Nothing could be forked: everything is written here. */
    while (p.next < n && p.first_fail == SIZE_MAX) {
        size_t i = p.order[p.next++];
        result r;
        write_one(&tasks[i], p.tmp[i], i, &r);
        finish(&p, i, &r);
    }
    bt_arena_free(a);
    if (p.first_fail == SIZE_MAX)
        return BT_OK;
    *failed = p.first_fail;
    return tasks[p.first_fail].err;
}
