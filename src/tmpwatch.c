/* tmpwatch.c - rewind, with a look at the stream's error first (see
 * tmpwatch.h). */
#define _GNU_SOURCE 1
#include "bitacora/tmpwatch.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

void rewind(FILE *f);

static void (*next_rewind)(FILE *);
static unsigned long failures;
static int last_errno;

unsigned long bt_tmpfile_failures(void)
{
    return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}

int bt_tmpfile_errno(void)
{
    return last_errno ? last_errno : EIO;
}

void rewind(FILE *f)
{
    if (!next_rewind) {
        void *sym = dlsym(RTLD_NEXT, "rewind");
        memcpy(&next_rewind, &sym, sizeof next_rewind);
    }
    if (f && ferror(f)) {
        /* The failed write set errno; what came after may have kept it. */
        int e = errno;
        last_errno = e == ENOSPC || e == EFBIG || e == EDQUOT || e == EIO ? e : 0;
        __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
    }
    next_rewind(f);
}
