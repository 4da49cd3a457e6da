/*
 * testutil.h - helpers shared by the cmocka test programs.
 *
 * Header-only so each test program stays one file.  Paths: BT_SRCDIR is
 * the project root (set by the Makefile and by tests/run.sh); BT_BIN the
 * bitacora binary under test.
 */
#ifndef BITACORA_TESTUTIL_H
#define BITACORA_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bitacora/util.h"

static inline const char *tu_srcdir(void)
{
    const char *d = getenv("BT_SRCDIR");
#ifdef BT_SRCDIR
    if (!d)
        d = BT_SRCDIR;
#endif
    return d ? d : ".";
}

static inline const char *tu_bin(void)
{
    static char buf[4096];
    const char *b = getenv("BT_BIN");
    if (b)
        return b;
    snprintf(buf, sizeof buf, "%s/build/bitacora", tu_srcdir());
    return buf;
}

/* A path under the project root (static buffer, rotated 8 ways). */
static inline const char *tu_path(const char *rel)
{
    static char bufs[8][4096];
    static int k;
    char *b = bufs[k++ & 7];
    snprintf(b, 4096, "%s/%s", tu_srcdir(), rel);
    return b;
}

/* Whole file into malloc'd memory (NUL-terminated); NULL on failure. */
static inline unsigned char *tu_read(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            cap = cap ? cap * 2 : 131072;
            unsigned char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t k = fread(buf + len, 1, 65536, f);
        len += k;
        if (k < 65536)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}

static inline int tu_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t k = fwrite(data, 1, n, f);
    return fclose(f) == 0 && k == n ? 0 : -1;
}

/* A fresh temporary folder (malloc'd path). */
static inline char *tu_tmpdir(void)
{
    char tmpl[] = "/tmp/bitacora-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

static inline void tu_rmrf(const char *dir)
{
    if (!dir || strncmp(dir, "/tmp/bitacora-test-", 19) != 0)
        return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* Run a shell command; returns its exit status, stdout and stderr in
 * malloc'd strings (may be NULL pointers to skip). */
static inline int tu_run(const char *cmd, char **out, char **err)
{
    char ofile[] = "/tmp/bitacora-out-XXXXXX", efile[] = "/tmp/bitacora-err-XXXXXX";
    int ofd = mkstemp(ofile), efd = mkstemp(efile);
    if (ofd < 0 || efd < 0)
        return -1;
    close(ofd);
    close(efd);
    size_t len = strlen(cmd) + 200;
    char *full = malloc(len);
    snprintf(full, len, "%s >'%s' 2>'%s'", cmd, ofile, efile);
    int st = system(full);
    free(full);
    if (out)
        *out = (char *)tu_read(ofile, NULL);
    if (err)
        *err = (char *)tu_read(efile, NULL);
    unlink(ofile);
    unlink(efile);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

#endif
