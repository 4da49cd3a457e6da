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

#include <dirent.h>

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

/* Every file under dir/rel (relative to dir, sorted, one per line)
 * appended to buf. */
static inline void tu_list_tree(const char *dir, const char *rel, char *buf, size_t size)
{
    char p[4600];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    struct dirent **names;
    int n = scandir(p, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (strcmp(nm, ".") && strcmp(nm, "..")) {
            char r[4600], q[9300];
            snprintf(r, sizeof r, "%s%s%s", rel, rel[0] ? "/" : "", nm);
            snprintf(q, sizeof q, "%s/%s", dir, r);
            struct stat st;
            if (stat(q, &st) == 0 && S_ISDIR(st.st_mode))
                tu_list_tree(dir, r, buf, size);
            else if (strlen(buf) + strlen(r) + 2 < size) {
                strcat(buf, r);
                strcat(buf, "\n");
            }
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
}

/* Folders a and b hold the same files with the same bytes (hidden ones
 * too); a failure names the file and says it differs from `what`. */
static inline void tu_same_tree(const char *a, const char *b, const char *what)
{
    static char la[65536], lb[65536];
    la[0] = lb[0] = '\0';
    tu_list_tree(a, "", la, sizeof la);
    tu_list_tree(b, "", lb, sizeof lb);
    assert_string_equal(la, lb);
    char *save = NULL;
    for (char *f = strtok_r(la, "\n", &save); f; f = strtok_r(NULL, "\n", &save)) {
        char pa[9300], pb[9300];
        snprintf(pa, sizeof pa, "%s/%s", a, f);
        snprintf(pb, sizeof pb, "%s/%s", b, f);
        size_t na = 0, nb = 0;
        unsigned char *da = tu_read(pa, &na), *db = tu_read(pb, &nb);
        if (!da || !db || na != nb || memcmp(da, db, na) != 0)
            fail_msg("%s differs from %s", f, what);
        free(da);
        free(db);
    }
}

/* Run a shell command built like printf; the test fails when it does. */
static inline void tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void tu_sh(const char *fmt, ...)
{
    char cmd[16000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (system(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

#endif
