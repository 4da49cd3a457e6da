/*
 * failmalloc.c - an LD_PRELOAD allocator for fault-injection tests, in the
 * style of SQLite's malloc tests: the Nth allocation (BT_FAIL_ALLOC=N)
 * fails, once; or, with BT_FAIL_PERSIST=1, the Nth and every one after it
 * (SQLite's "persistent" mode: memory that stays exhausted, so the error
 * paths themselves run without memory).  At exit it writes to BT_FAIL_REPORT the number of
 * allocation calls made and the number of blocks still live, so the test
 * can step N from 1 until no fault fires and compare the live blocks with
 * a run that had no fault (a leak shows up as more live blocks).
 *
 * glibc lets a program replace malloc/calloc/realloc/free, and its own
 * internal allocations then go through the replacement too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static long fail_at = -1;
static int persist;        /* fail from fail_at on, not only there */
static long live;            /* blocks live in this process (the loading threads
                              * allocate at the same time: counted atomically) */
#define LIVE_ADD(d) __atomic_add_fetch(&live, (d), __ATOMIC_RELAXED)
static long *calls;          /* allocation calls, shared with forked children */
static long calls_local;     /* until the shared counter exists */
static int ready;

static int active = 1;   /* 0 in processes other than BT_FAIL_PROG */
static int trace;

extern char *program_invocation_short_name;

static void init(void)
{
    if (ready)
        return;
    ready = 1;
    const char *s = getenv("BT_FAIL_ALLOC");
    fail_at = s ? atol(s) : -1;
    const char *ps = getenv("BT_FAIL_PERSIST");
    persist = ps && ps[0] == '1';
    const char *prog = getenv("BT_FAIL_PROG");
    if (prog && strcmp(prog, program_invocation_short_name) != 0)
        active = 0;
    trace = getenv("BT_FAIL_TRACE") != NULL;
    /* bitacora writes each workbook in a forked child: one counter for
     * the whole process tree, so exactly one allocation fails in all. */
    void *m = mmap(NULL, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
    if (m != MAP_FAILED) {
        calls = m;
        *calls = calls_local;
    }
}

/* Count one call; true when this one must fail. */
static int inject(void)
{
    if (!ready) {
        calls_local++;       /* allocations made while starting up */
        init();
        if (!calls)
            return 0;
        (*calls)--;          /* counted again just below */
    }
    if (!active)
        return 0;
    long n = calls ? __atomic_add_fetch(calls, 1, __ATOMIC_SEQ_CST) : ++calls_local;
    if (n == fail_at || (persist && fail_at > 0 && n > fail_at)) {
        if (trace && n == fail_at) {
            void *bt[32];
            int n = backtrace(bt, 32);
            backtrace_symbols_fd(bt, n, 2);
        }
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    if (inject())
        return NULL;
    void *p = __libc_malloc(n);
    if (p)
        LIVE_ADD(1);
    return p;
}

void *calloc(size_t a, size_t b)
{
    if (inject())
        return NULL;
    void *p = __libc_calloc(a, b);
    if (p)
        LIVE_ADD(1);
    return p;
}

void *realloc(void *p, size_t n)
{
    if (p && n == 0) {
        LIVE_ADD(-1);
        __libc_free(p);
        return NULL;
    }
    if (inject())
        return NULL;
    void *q = __libc_realloc(p, n);
    if (q && !p)
        LIVE_ADD(1);
    return q;
}

void free(void *p)
{
    if (p) {
        LIVE_ADD(-1);
        __libc_free(p);
    }
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (inject())
        return ENOMEM;
    void *p = __libc_memalign(align, n);
    if (!p)
        return ENOMEM;
    LIVE_ADD(1);
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
    if (inject())
        return NULL;
    void *p = __libc_memalign(align, n);
    if (p)
        LIVE_ADD(1);
    return p;
}

void *memalign(size_t align, size_t n)
{
    return aligned_alloc(align, n);
}

__attribute__((destructor)) static void report(void)
{
    const char *path = getenv("BT_FAIL_REPORT");
    if (!path || !active)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    char buf[64];
    int k = snprintf(buf, sizeof buf, "%ld %ld\n", calls ? *calls : calls_local,
                     __atomic_load_n(&live, __ATOMIC_RELAXED));
    if (k > 0 && write(fd, buf, (size_t)k) < 0)
        k = 0;
    close(fd);
}
