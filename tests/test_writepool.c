/* test_writepool.c - workbooks written by long-lived child processes, and
 * the allocation counter that makes a single write trustworthy. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>

#include "bitacora/allocwatch.h"
#include "bitacora/output.h"
#include "bitacora/writepool.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    return dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmrf(dir);
    free(dir);
    return 0;
}

static bt_err w_ok(const void *what, const char *path)
{
    return tu_write(path, what, strlen(what)) == 0 ? BT_OK : BT_ERR_WRITE;
}

/* Half a file, then the writer gives up. */
static bt_err w_refused(const void *what, const char *path)
{
    (void)what;
    tu_write(path, "PK", 2);
    return BT_ERR_XLSX;
}

static bt_err w_disk_full(const void *what, const char *path)
{
    (void)what;
    (void)path;
    errno = ENOSPC;
    return BT_ERR_WRITE;
}

/* Half a file, then the process dies (as libxlsxwriter can on NULL, or
 * the system's memory killer). */
static bt_err w_dies(const void *what, const char *path)
{
    (void)what;
    tu_write(path, "PK", 2);
    raise(SIGKILL);
    return BT_OK;
}

/* A complete file and a success, but an allocation failed on the way (as
 * when libxlsxwriter drops a cell and says nothing). */
static bt_err w_lost_alloc(const void *what, const char *path)
{
    volatile size_t huge = SIZE_MAX / 4;
    void *volatile p = malloc(huge);     /* kept: the compiler may not drop it */
    if (p)
        return BT_ERR_INTERNAL;
    return w_ok(what, path);
}

/* A temporary file whose writes fail (as on a full disk), used the way
 * libxlsxwriter uses its own: fprintf, fflush, rewind, read back; then a
 * complete file and a success. */
static bt_err w_tmp_full(const void *what, const char *path)
{
    FILE *t = fopen("/dev/full", "w+");
    if (!t)
        return BT_ERR_INTERNAL;
    for (int i = 0; i < 1000; i++)
        fprintf(t, "<row r=\"%d\"/>", i);
    fflush(t);
    rewind(t);
    fclose(t);
    return w_ok(what, path);
}

static const char *at(const char *name)
{
    static char bufs[8][4200];
    static int k;
    char *b = bufs[k++ & 7];
    snprintf(b, 4200, "%s/%s", dir, name);
    return b;
}

/* No temporary file left in the folder. */
static void no_temporaries(void)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while ((de = readdir(d)))
        if (strstr(de->d_name, ".tmp-"))
            fail_msg("temporary file left: %s", de->d_name);
    closedir(d);
}

static bt_write_task task(bt_writer_fn fn, const void *what, const char *name, unsigned cost)
{
    bt_write_task t;
    memset(&t, 0, sizeof t);
    t.fn = fn;
    t.what = what;
    t.path = at(name);
    t.cost = cost;
    return t;
}

/* Every task written and put in place, with the digest of its bytes, by
 * one or several children. */
static void all_written(void **state)
{
    (void)state;
    for (int jobs = 1; jobs <= 3; jobs++) {
        bt_write_task t[5];
        static const char *const text[5] = {"uno", "dos", "tres", "cuatro", "cinco"};
        char name[5][32];
        for (int i = 0; i < 5; i++) {
            snprintf(name[i], sizeof name[i], "j%d-%d.xlsx", jobs, i);
            t[i] = task(w_ok, text[i], name[i], (unsigned)i % 2);
        }
        size_t bad = 0;
        assert_int_equal(bt_pool_write(t, 5, jobs, &bad), BT_OK);
        assert_int_equal(bad, SIZE_MAX);
        for (int i = 0; i < 5; i++) {
            assert_true(t[i].done);
            char *got = (char *)tu_read(t[i].path, NULL);
            assert_string_equal(got, text[i]);
            free(got);
            bt_digest want;
            uint64_t size;
            int err;
            assert_int_equal(bt_digest_path(t[i].path, &want, &size, &err), BT_OK);
            assert_true(bt_digest_equal(t[i].digest, want));
            assert_int_equal(t[i].size, strlen(text[i]));
        }
    }
    no_temporaries();
}

/* Each failure has its own value, names its task, leaves no file and no
 * temporary, and an earlier file of the same name as it was; those the
 * writer cannot see (a failed allocation, a failed write to a temporary
 * file) included. */
static void failures_named(void **state)
{
    (void)state;
    static const struct {
        bt_writer_fn fn;
        bt_err err;
    } cases[] = {
        {w_refused, BT_ERR_XLSX},
        {w_disk_full, BT_ERR_WRITE},
        {w_dies, BT_ERR_WRITER_DIED},
        {w_lost_alloc, BT_ERR_NOMEM},
        {w_tmp_full, BT_ERR_TMPFILE},
    };
    bool sanitized = getenv("BT_SANITIZED") != NULL;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        /* ASan and valgrind report the huge request instead of failing it. */
        if (sanitized && cases[c].fn == w_lost_alloc)
            continue;
        assert_int_equal(tu_write(at("viejo.xlsx"), "antes", 5), 0);
        bt_write_task t[2] = {task(w_ok, "bien", "bien.xlsx", 0),
                              task(cases[c].fn, "nuevo", "viejo.xlsx", 0)};
        size_t bad = 0;
        bt_err e = bt_pool_write(t, 2, 2, &bad);
        assert_int_equal(e, cases[c].err);
        assert_int_equal(bad, 1);
        assert_false(t[1].done);
        if (e == BT_ERR_WRITE)
            assert_int_equal(t[1].sys_errno, ENOSPC);
        if (e == BT_ERR_WRITER_DIED)
            assert_int_equal(t[1].signal, SIGKILL);
        if (e == BT_ERR_TMPFILE)
            assert_int_equal(t[1].sys_errno, ENOSPC);
        char *old = (char *)tu_read(at("viejo.xlsx"), NULL);
        assert_string_equal(old, "antes");
        free(old);
        no_temporaries();
    }
}

/* After a failure no other task starts. */
static void stops_after_failure(void **state)
{
    (void)state;
    static char paths[6][4200];
    bt_write_task t[6];
    t[0] = task(w_refused, "x", "f0.xlsx", 9);    /* biggest: starts first */
    for (int i = 1; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof name, "s%d.xlsx", i);
        t[i] = task(w_ok, "y", name, 0);
        snprintf(paths[i], sizeof paths[i], "%s", t[i].path);
        t[i].path = paths[i];
    }
    size_t bad = 0;
    assert_int_equal(bt_pool_write(t, 6, 1, &bad), BT_ERR_XLSX);
    assert_int_equal(bad, 0);
    for (int i = 1; i < 6; i++) {
        assert_false(t[i].done);
        assert_int_equal(access(t[i].path, F_OK), -1);
    }
    no_temporaries();
}

/* One workbook in a child, the way `bitacora template` writes its own. */
static void isolated(void **state)
{
    (void)state;
    int sig = -1;
    assert_int_equal(bt_run_isolated(w_ok, "solo", at("solo.xlsx"), &sig), BT_OK);
    assert_int_equal(sig, 0);
    char *got = (char *)tu_read(at("solo.xlsx"), NULL);
    assert_string_equal(got, "solo");
    free(got);
    assert_int_equal(bt_run_isolated(w_dies, "x", at("muere.xlsx"), &sig), BT_ERR_WRITER_DIED);
    assert_int_equal(sig, SIGKILL);
    assert_int_equal(access(at("muere.xlsx"), F_OK), -1);
    no_temporaries();
}

/* The counter sees a failed allocation, in this process and by malloc,
 * calloc and realloc alike; successful ones leave it alone. */
static void counter(void **state)
{
    (void)state;
    if (getenv("BT_SANITIZED")) {
        print_message("omitido: ASan y valgrind no devuelven NULL ante un pedido imposible\n");
        return;
    }
    unsigned long before = bt_alloc_failures();
    void *ok = malloc(16);
    assert_non_null(ok);
    assert_int_equal(bt_alloc_failures(), before);
    volatile size_t huge = SIZE_MAX / 4;
    assert_null(malloc(huge));
    assert_int_equal(bt_alloc_failures(), before + 1);
    assert_null(calloc(huge, 2));
    assert_int_equal(bt_alloc_failures(), before + 2);
    assert_null(realloc(NULL, huge));
    assert_int_equal(bt_alloc_failures(), before + 3);
    free(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_written),   cmocka_unit_test(failures_named),
        cmocka_unit_test(stops_after_failure), cmocka_unit_test(isolated),
        cmocka_unit_test(counter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
