/*
 * allocwatch.c - the allocator seen through a counter (see allocwatch.h).
 *
 * glibc lets a program define malloc, free, calloc and realloc; its own
 * internal allocations then go through them too, and so do those of every
 * library (libxlsxwriter, zlib).  Each definition here calls the next one
 * in the lookup order (dlsym RTLD_NEXT: a preloaded fault injector, the
 * sanitizers' allocator, or the C library) and counts the NULL results.
 * dlsym itself may allocate before the pointers are known: those few
 * early blocks come from a static buffer and are never freed.
 */
#define _GNU_SOURCE 1
#include "bitacora/allocwatch.h"

/* clang links AddressSanitizer's runtime into the program itself: its
 * malloc would lose to these definitions while its other interceptors
 * (strdup...) kept allocating from it, and a block would be freed by the
 * wrong allocator.  There the sanitizer watches the allocator, and this
 * counter stays at 0.  (gcc's runtime is a shared library, next in the
 * lookup order: these definitions forward to it.) */
#if defined(__clang__) && defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer)
#define ALLOCWATCH_OFF 1
#endif
#endif

#ifdef ALLOCWATCH_OFF
unsigned long bt_alloc_failures(void)
{
    return 0;
}
#else

#include <dlfcn.h>
#include <errno.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *malloc(size_t n);
void *calloc(size_t a, size_t b);
void *realloc(void *p, size_t n);
void free(void *p);
int posix_memalign(void **out, size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);
void *memalign(size_t align, size_t n);

static void *(*next_malloc)(size_t);
static void *(*next_calloc)(size_t, size_t);
static void *(*next_realloc)(void *, size_t);
static void (*next_free)(void *);
static int (*next_posix_memalign)(void **, size_t, size_t);
static void *(*next_aligned_alloc)(size_t, size_t);
static void *(*next_memalign)(size_t, size_t);

static unsigned long failures;
static int resolving;

/* Blocks handed out while dlsym runs (it may call malloc or calloc). */
static alignas(max_align_t) unsigned char boot[8192];
static size_t boot_used;

static void *boot_alloc(size_t n)
{
    size_t need = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (need > sizeof boot - boot_used)
        return NULL;
    void *p = boot + boot_used;
    boot_used += need;
    memset(p, 0, n);
    return p;
}

static int in_boot(const void *p)
{
    return (const unsigned char *)p >= boot && (const unsigned char *)p < boot + sizeof boot;
}

/* dlsym's void * into a function pointer, without the cast ISO C frowns on. */
#define NEXT(var, name)                                                        \
    do {                                                                       \
        void *sym_ = dlsym(RTLD_NEXT, name);                                   \
        memcpy(&(var), &sym_, sizeof(var));                                    \
    } while (0)

static void resolve(void)
{
    resolving = 1;
    NEXT(next_malloc, "malloc");
    NEXT(next_calloc, "calloc");
    NEXT(next_realloc, "realloc");
    NEXT(next_free, "free");
    NEXT(next_posix_memalign, "posix_memalign");
    NEXT(next_aligned_alloc, "aligned_alloc");
    NEXT(next_memalign, "memalign");
    resolving = 0;
}

/* Resolved before main, while the program has a single thread. */
__attribute__((constructor)) static void allocwatch_init(void)
{
    if (!next_malloc)
        resolve();
}

static void *counted(void *p, size_t n)
{
    if (!p && n)
        __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
    return p;
}

unsigned long bt_alloc_failures(void)
{
    return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
    if (!next_malloc) {
        if (resolving)
            return boot_alloc(n);
        resolve();
    }
    return counted(next_malloc(n), n ? n : 1);
}

void *calloc(size_t a, size_t b)
{
    if (!next_calloc) {
        if (resolving)
            return b && a > SIZE_MAX / b ? NULL : boot_alloc(a * b);
        resolve();
    }
    return counted(next_calloc(a, b), a && b ? 1 : 0);
}

void *realloc(void *p, size_t n)
{
    if (!next_realloc)
        resolve();
    if (in_boot(p)) {
        /* Its size is unknown: copy what can be copied. */
        void *q = malloc(n);
        if (q)
            memcpy(q, p, n < (size_t)(boot + sizeof boot - (unsigned char *)p)
                             ? n : (size_t)(boot + sizeof boot - (unsigned char *)p));
        return q;
    }
    return counted(next_realloc(p, n), n);
}

void free(void *p)
{
    if (!p || in_boot(p))
        return;
    if (!next_free)
        resolve();
    next_free(p);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (!next_posix_memalign)
        resolve();
    int r = next_posix_memalign(out, align, n);
    if (r == ENOMEM)
        counted(NULL, 1);
    return r;
}

void *aligned_alloc(size_t align, size_t n)
{
    if (!next_aligned_alloc)
        resolve();
    return counted(next_aligned_alloc(align, n), n);
}

void *memalign(size_t align, size_t n)
{
    if (!next_memalign)
        resolve();
    return counted(next_memalign(align, n), n);
}
#endif /* ALLOCWATCH_OFF */
