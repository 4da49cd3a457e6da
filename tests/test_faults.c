/*
 * test_faults.c - fault injection in the style of SQLite's tests.
 *
 * Allocations: the binary runs with tests/fault/failmalloc.so preloaded and
 * the Nth allocation failing, for N = 1, 2, ... past the last allocation of
 * a clean run (every BT_FAULT_STRIDE-th N; `make faults` takes them all),
 * in both of SQLite's modes: the Nth allocation fails once, or it and
 * every one after it fail ("persistent": memory that stays exhausted, so
 * the error paths run without memory too).  Every run must end either
 * exactly as the clean run did (same status, byte-identical outputs) or
 * with status 2 and bitacora's own message; never with a signal, never
 * leaving a temporary file (bitacora's in the output folder, or
 * libxlsxwriter's in its temporary folder), never with more live blocks at
 * exit than the clean run (a leak).  What a failed run leaves in the
 * output folder: every file as it was before the run or as a clean run
 * makes it, nothing else; and a clean rerun afterwards gives exactly what
 * a clean run gives (the record of what was written never lies).
 *
 * Scenarios: check; convert rewriting every workbook (--reescribir) over
 * the outputs of an earlier clean run, its logbook held as a summary; a
 * rerun after one input changed, which rewrites only what changed.
 *
 * Writes: a small file-size limit (a full disk) and a folder the run may
 * not write into make writes fail: status 2, a message naming the file,
 * earlier outputs untouched, no temporaries.
 */
#define _DEFAULT_SOURCE 1 /* setgroups() */
#include "testutil.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>

static char *tmp;
static char fm[4200];      /* failmalloc.so */
static int skip_all;
static char tmpdir[4200];  /* $TMPDIR of the runs: libxlsxwriter's files go there */

/* The temporary folder of slot k ("0", "1", "c"). */
static const char *slot_tmpdir(const char *k)
{
    static char bufs[4][4300];
    static int i;
    char *b = bufs[i++ & 3];
    snprintf(b, 4300, "%s/%s", tmpdir, k);
    return b;
}

static bool tmpdir_empty(const char *dir, char *why, size_t wsize);

static int setup(void **state)
{
    (void)state;
    tmp = tu_tmpdir();
    const char *b = getenv("BUILD");
    snprintf(fm, sizeof fm, "%s/%s/failmalloc.so", tu_srcdir(), b ? b : "build");
    skip_all = getenv("BT_SANITIZED") != NULL;
    if (!tmp)
        return -1;
    /* On a memory file system when there is one, so that bitacora puts
     * libxlsxwriter's temporary files there (writepool.h) and the tests
     * see whether any is left: one folder per slot of runs (0, 1) and one
     * for clean runs (c). */
    snprintf(tmpdir, sizeof tmpdir, "/dev/shm/bt-faults-%ld", (long)getpid());
    if (mkdir(tmpdir, 0755) != 0) {
        snprintf(tmpdir, sizeof tmpdir, "%s/tmpdir", tmp);
        if (mkdir(tmpdir, 0755) != 0)
            return -1;
    }
    /* as /tmp is: the read-only test runs the program as nobody */
    static const char *const sub[] = {"0", "1", "c"};
    for (size_t i = 0; i < 3; i++)
        if (mkdir(slot_tmpdir(sub[i]), 0700) != 0 || chmod(slot_tmpdir(sub[i]), 01777) != 0)
            return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char why[600];
    static const char *const sub[] = {"0", "1", "c"};
    for (size_t i = 0; i < 3; i++) {
        tmpdir_empty(slot_tmpdir(sub[i]), why, sizeof why);
        rmdir(slot_tmpdir(sub[i]));
    }
    rmdir(tmpdir);
    tu_rmrf(tmp);
    free(tmp);
    return 0;
}

/* Is this temporary folder of the runs empty?  (What is found is removed.) */
static bool tmpdir_empty(const char *dir, char *why, size_t wsize)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    bool empty = true;
    while (d && (de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            char f[8600];
            snprintf(why, wsize, "temporary file left in %s: %s", dir, de->d_name);
            snprintf(f, sizeof f, "%s/%s", dir, de->d_name);
            unlink(f);
            empty = false;
        }
    if (d)
        closedir(d);
    return empty;
}

typedef struct {
    pid_t pid;
    long n;
    char dir[4400], err[4400], rep[4400], out[4400];
    char tdir[4400];     /* its $TMPDIR */
} job;

/* Start the binary with argv (NULL-terminated, after the program name),
 * as user uid unless it is -1. */
static pid_t start(const char *const *args, long fail_at, bool persist, const char *rep,
                   const char *out, const char *err, uid_t uid, const char *tmpd)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    char n[32];
    snprintf(n, sizeof n, "%ld", fail_at);
    setenv("TMPDIR", tmpd, 1);
    if (fail_at > 0) {
        setenv("LD_PRELOAD", fm, 1);
        setenv("BT_FAIL_ALLOC", n, 1);
        if (persist)
            setenv("BT_FAIL_PERSIST", "1", 1);
        setenv("BT_FAIL_PROG", "bitacora", 1);
        setenv("BT_FAIL_REPORT", rep, 1);
    } else if (fail_at == 0) {
        setenv("LD_PRELOAD", fm, 1);      /* counting only */
        setenv("BT_FAIL_PROG", "bitacora", 1);
        setenv("BT_FAIL_REPORT", rep, 1);
    }
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fo < 0 || fe < 0)
        _exit(120);
    /* after the opens: out and err are in a folder only the caller writes */
    if (uid != (uid_t)-1 && (setgroups(0, NULL) != 0 || setgid(uid) != 0 || setuid(uid) != 0))
        _exit(122);     /* refused: a container without CAP_SETUID */
    dup2(fo, 1);
    dup2(fe, 2);
    const char *argv[16] = {tu_bin()};
    size_t k = 1;
    for (size_t i = 0; args[i] && k < 15; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    execv(tu_bin(), (char *const *)argv);
    _exit(121);
}

static int finish(pid_t pid, int *sig)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    *sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void read_report(const char *rep, long *calls, long *live)
{
    *calls = *live = -1;
    FILE *f = fopen(rep, "r");
    if (f) {
        if (fscanf(f, "%ld %ld", calls, live) != 2)
            *calls = *live = -1;
        fclose(f);
    }
}

/* Same files with the same bytes, and no temporaries. */
static bool same_tree(const char *a, const char *b, char *why, size_t wsize)
{
    static char la[65536], lb[65536];
    la[0] = lb[0] = '\0';
    tu_list_tree(a, "", la, sizeof la);
    tu_list_tree(b, "", lb, sizeof lb);
    if (strcmp(la, lb) != 0) {
        snprintf(why, wsize, "files differ:\n%s---\n%s", la, lb);
        return false;
    }
    char *save = NULL;
    static char copy[65536];
    strcpy(copy, la);
    for (char *f = strtok_r(copy, "\n", &save); f; f = strtok_r(NULL, "\n", &save)) {
        char pa[4400], pb[4400];
        snprintf(pa, sizeof pa, "%s/%s", a, f);
        snprintf(pb, sizeof pb, "%s/%s", b, f);
        size_t na = 0, nb = 0;
        unsigned char *da = tu_read(pa, &na), *db = tu_read(pb, &nb);
        bool eq = da && db && na == nb && memcmp(da, db, na) == 0;
        free(da);
        free(db);
        if (!eq) {
            snprintf(why, wsize, "%s changed", f);
            return false;
        }
    }
    return true;
}

static void copy_tree(const char *from, const char *to)
{
    char cmd[14000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r '%s' '%s'", to, from, to);
    assert_int_equal(system(cmd), 0);
}

/* The bytes of dir/f equal those of ref/f (which must exist). */
static bool same_file(const char *dir, const char *ref, const char *f)
{
    char pa[4400], pb[4400];
    snprintf(pa, sizeof pa, "%s/%s", dir, f);
    snprintf(pb, sizeof pb, "%s/%s", ref, f);
    size_t na = 0, nb = 0;
    unsigned char *da = tu_read(pa, &na), *db = tu_read(pb, &nb);
    bool eq = da && db && na == nb && memcmp(da, db, na) == 0;
    free(da);
    free(db);
    return eq;
}

/* What a failed run may leave: every file of `before` still there, and
 * every file as it was before or as a clean run makes it (`after`);
 * nothing else (no temporaries).  The top folder's record may hold a mix
 * of both: the clean rerun that follows checks it. */
static bool mixed_tree(const char *dir, const char *before, const char *after, char *why,
                       size_t wsize)
{
    static char ld[65536], lb[65536], la[65536], copy[65536];
    ld[0] = lb[0] = la[0] = '\0';
    tu_list_tree(dir, "", ld, sizeof ld);
    tu_list_tree(before, "", lb, sizeof lb);
    tu_list_tree(after, "", la, sizeof la);
    char *save = NULL;
    strcpy(copy, lb);
    for (char *f = strtok_r(copy, "\n", &save); f; f = strtok_r(NULL, "\n", &save)) {
        char line[600];
        snprintf(line, sizeof line, "%s\n", f);
        if (!strstr(ld, line)) {
            snprintf(why, wsize, "%s was removed", f);
            return false;
        }
    }
    strcpy(copy, ld);
    for (char *f = strtok_r(copy, "\n", &save); f; f = strtok_r(NULL, "\n", &save)) {
        if (strcmp(f, ".bitacora-salida") == 0)
            continue;
        char line[600];
        snprintf(line, sizeof line, "%s\n", f);
        bool in_b = strstr(lb, line) != NULL, in_a = strstr(la, line) != NULL;
        if (!(in_b && same_file(dir, before, f)) && !(in_a && same_file(dir, after, f))) {
            snprintf(why, wsize, "%s is neither as before nor as a clean run makes it", f);
            return false;
        }
    }
    return true;
}

typedef struct {
    const char *const *args;  /* after the program name; "@OUT": the output folder */
    bool writes;              /* the command writes into @OUT */
    const char *before;       /* copied into @OUT before each run (NULL: none) */
    bool persist;             /* failing allocations stay failing */
    long stride;              /* every stride-th allocation (BT_FAULT_STRIDE overrides) */
} scenario;

typedef struct {
    size_t runs, clean_errors, failures;
    char first[8][600];
} tally;

static void note_failure(tally *t, long n, const char *why)
{
    if (t->failures < 8)
        snprintf(t->first[t->failures], sizeof t->first[0], "N=%ld: %.500s", n, why);
    t->failures++;
}

/* args with "@OUT" replaced by out. */
static void bind_args(const char *const *tpl, const char *out, const char **args)
{
    size_t i = 0;
    for (; tpl[i] && i < 15; i++)
        args[i] = strcmp(tpl[i], "@OUT") == 0 ? out : tpl[i];
    args[i] = NULL;
}

/* A run that failed left `dir` as mixed_tree allows; then a clean run
 * there must give exactly `after`. */
static void check_after_failure(const scenario *sc, const char *dir, const char *after,
                                char *why, size_t wsize)
{
    if (!mixed_tree(dir, sc->before, after, why, wsize))
        return;
    const char *a[16];
    bind_args(sc->args, dir, a);
    char out[4400], err[4400];
    snprintf(out, sizeof out, "%s.again.out", dir);
    snprintf(err, sizeof err, "%s.again.err", dir);
    int sig;
    finish(start(a, -1, false, NULL, out, err, (uid_t)-1, slot_tmpdir("c")), &sig);
    if (!same_tree(after, dir, why, wsize))
        strncat(why, " (in the clean run after a failed one)", wsize - strlen(why) - 1);
}

/* Judge one run of the stepping loop. */
static void judge(const scenario *sc, job *j, int wst, int st0, long live0, const char *out0,
                  const char *after, tally *t)
{
    int sig = WIFSIGNALED(wst) ? WTERMSIG(wst) : 0;
    int st = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
    t->runs++;
    char why[2048] = "";
    long calls, live;
    read_report(j->rep, &calls, &live);
    char *e = (char *)tu_read(j->err, NULL);
    char *o = (char *)tu_read(j->out, NULL);
    if (sig)
        snprintf(why, sizeof why, "signal %d", sig);
    else if (st != st0 && st != 2)
        snprintf(why, sizeof why, "status %d", st);
    else if (st == 2 && st0 != 2 && (!e || !strstr(e, "bitacora: ")))
        /* status 2 says why, in bitacora's own message: an input the OS
         * could not open for lack of memory is not an unreadable file */
        snprintf(why, sizeof why, "status 2 without a message: %.200s", e ? e : "");
    else if (live > live0)
        snprintf(why, sizeof why, "%ld blocks live at exit, %ld in a clean run", live, live0);
    else if (!tmpdir_empty(j->tdir, why, sizeof why))
        ;
    else if (sc->writes && st == st0 && !same_tree(after, j->dir, why, sizeof why))
        ;
    else if (sc->writes && st != st0)
        check_after_failure(sc, j->dir, after, why, sizeof why);
    else if (!sc->writes && st == st0 && (!o || !out0 || strcmp(o, out0) != 0))
        snprintf(why, sizeof why, "same status, different output");
    if (why[0])
        note_failure(t, j->n, why);
    else if (st == 2)
        t->clean_errors++;
    free(e);
    free(o);
}

/* Step through the allocations of one scenario. */
static void step_allocations(const scenario *sc)
{
    if (skip_all) {
        print_message("omitido: la inyección de fallas usa LD_PRELOAD, que no convive con "
                      "ASan ni valgrind; corre en «make test» y «make faults»\n");
        return;
    }
    const char *s = getenv("BT_FAULT_STRIDE");
    long stride = s ? atol(s) : sc->stride;
    if (stride < 1)
        stride = 1;
    /* The clean run: what every faulted run is judged against. */
    char after[4400], rep[4400], out[4400], err[4400];
    snprintf(after, sizeof after, "%s/after", tmp);
    snprintf(rep, sizeof rep, "%s/after.rep", tmp);
    snprintf(out, sizeof out, "%s/after.out", tmp);
    snprintf(err, sizeof err, "%s/after.err", tmp);
    if (sc->before)
        copy_tree(sc->before, after);
    else
        tu_rmrf(after);
    const char *args[16];
    bind_args(sc->args, after, args);
    int sig;
    int st0 = finish(start(args, 0, false, rep, out, err, (uid_t)-1, slot_tmpdir("c")), &sig);
    assert_int_equal(sig, 0);
    long calls0, live0;
    read_report(rep, &calls0, &live0);
    assert_true(calls0 > 20);
    char why[2048];
    if (!tmpdir_empty(slot_tmpdir("c"), why, sizeof why))
        fail_msg("clean run: %s", why);
    char *out0 = (char *)tu_read(out, NULL);
    tally t;
    memset(&t, 0, sizeof t);
    /* Two slots, one job each, each slot with its own folder and files. */
    job slot[2];
    memset(slot, 0, sizeof slot);
    long next = 1;
    size_t active = 0;
    for (;;) {
        for (size_t k = 0; k < 2 && next <= calls0 + 2; k++) {
            job *j = &slot[k];
            if (j->pid)
                continue;
            j->n = next;
            snprintf(j->dir, sizeof j->dir, "%s/run%zu", tmp, k);
            snprintf(j->rep, sizeof j->rep, "%s/run%zu.rep", tmp, k);
            snprintf(j->out, sizeof j->out, "%s/run%zu.out", tmp, k);
            snprintf(j->err, sizeof j->err, "%s/run%zu.err", tmp, k);
            if (sc->before)
                copy_tree(sc->before, j->dir);   /* earlier complete outputs */
            else
                tu_rmrf(j->dir);
            const char *a[16];
            bind_args(sc->args, j->dir, a);
            unlink(j->rep);
            snprintf(j->tdir, sizeof j->tdir, "%s", slot_tmpdir(k ? "1" : "0"));
            j->pid = start(a, next, sc->persist, j->rep, j->out, j->err, (uid_t)-1, j->tdir);
            next += stride;
            active++;
        }
        if (!active)
            break;
        int wst;
        pid_t done = waitpid(-1, &wst, 0);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            fail_msg("waitpid: %s", strerror(errno));
        }
        job *j = slot[0].pid == done ? &slot[0] : slot[1].pid == done ? &slot[1] : NULL;
        if (!j)
            continue;
        j->pid = 0;
        active--;
        judge(sc, j, wst, st0, live0, out0, after, &t);
    }
    free(out0);
    print_message("%zu runs (allocations 1..%ld, every %ld, %s), %zu clean errors, "
                  "%zu failures\n", t.runs, calls0, stride,
                  sc->persist ? "persistent" : "once", t.clean_errors, t.failures);
    for (size_t i = 0; i < t.failures && i < 8; i++)
        print_error("%s\n", t.first[i]);
    assert_int_equal(t.failures, 0);
    assert_true(t.clean_errors > 0);
}

static void alloc_faults_check_mode(bool persist)
{
    const char *args[] = {"check", tu_path("samples/valparaiso_t01_aconcagua.csv"),
                          tu_path("samples/rm_t05_poniente.txt"), NULL};
    scenario sc = {args, false, NULL, persist, persist ? 3 : 17};
    step_allocations(&sc);
}

static void alloc_faults_check(void **state)
{
    (void)state;
    alloc_faults_check_mode(false);
}

static void alloc_faults_check_persistent(void **state)
{
    (void)state;
    alloc_faults_check_mode(true);
}

/* The outputs of a clean convert of args into dir (made fresh). */
static void clean_outputs(const char *const *tpl, const char *dir)
{
    tu_rmrf(dir);
    const char *a[16];
    bind_args(tpl, dir, a);
    char out[4400], err[4400];
    snprintf(out, sizeof out, "%s.out", dir);
    snprintf(err, sizeof err, "%s.err", dir);
    int sig;
    int st = finish(start(a, -1, false, NULL, out, err, (uid_t)-1, slot_tmpdir("c")), &sig);
    assert_true(st == 0 || st == 1);
}

/* Every workbook written again over the outputs of an earlier run, the
 * logbook held as a summary (summary.h) and read again by each writer:
 * the rerun below holds them whole. */
static void alloc_faults_convert_mode(bool persist)
{
    setenv("BITACORA_RESUMIR_DESDE_MB", "0", 1);
    const char *args[] = {"convert", "-q", "--csv", "--reescribir", "-o", "@OUT",
                          tu_path("samples/valparaiso_t01_aconcagua.csv"), NULL};
    char before[4400];
    snprintf(before, sizeof before, "%s/before", tmp);
    clean_outputs(args, before);
    scenario sc = {args, true, before, persist, persist ? 29 : 17};
    step_allocations(&sc);
    unsetenv("BITACORA_RESUMIR_DESDE_MB");
}

static void alloc_faults_convert(void **state)
{
    (void)state;
    alloc_faults_convert_mode(false);
}

static void alloc_faults_convert_persistent(void **state)
{
    (void)state;
    alloc_faults_convert_mode(true);
}

/* Two logbooks converted; then one of them changes and the run is made
 * again into the same folder: only its workbook, its region's and the
 * national one are written. */
static void alloc_faults_rerun_mode(bool persist)
{
    char in[4400], before[4400], cmd[14000];
    snprintf(in, sizeof in, "%s/rerun-in", tmp);
    snprintf(before, sizeof before, "%s/rerun-before", tmp);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && cp '%s' '%s' '%s'", in, in,
             tu_path("samples/valparaiso_t01_aconcagua.csv"),
             tu_path("samples/valparaiso_t02_marga_marga.csv"), in);
    assert_int_equal(system(cmd), 0);
    const char *args[] = {"convert", "-q", "-o", "@OUT", in, NULL};
    clean_outputs(args, before);
    /* Territory 2 changes its name (a file edited by its team). */
    snprintf(cmd, sizeof cmd, "sed -i 's/;Marga Marga;/;Marga Marga Interior;/' "
             "'%s/valparaiso_t02_marga_marga.csv'", in);
    assert_int_equal(system(cmd), 0);
    scenario sc = {args, true, before, persist, persist ? 29 : 23};
    step_allocations(&sc);
}

static void alloc_faults_rerun(void **state)
{
    (void)state;
    alloc_faults_rerun_mode(false);
}

static void alloc_faults_rerun_persistent(void **state)
{
    (void)state;
    alloc_faults_rerun_mode(true);
}

static void write_faults(void **state)
{
    (void)state;
    char base[4400], dir[4400], out[4400], err[4400], cmd[20000];
    snprintf(base, sizeof base, "%s/wbase", tmp);
    snprintf(dir, sizeof dir, "%s/wrun", tmp);
    snprintf(out, sizeof out, "%s/w.out", tmp);
    snprintf(err, sizeof err, "%s/w.err", tmp);
    snprintf(cmd, sizeof cmd, "'%s' convert -q --csv -o '%s' '%s'", tu_bin(), base,
             tu_path("samples"));
    int st0 = tu_run(cmd, NULL, NULL);
    assert_int_equal(st0, 1);
    /* ulimit -f counts 1024-byte blocks in bash and 512 in dash: either
     * way these cut the run short at different outputs. */
    static const int limits[] = {1, 4, 16};
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        copy_tree(base, dir);
        /* The messages go through a pipe: the limit applies to files only. */
        snprintf(cmd, sizeof cmd,
                 "sh -c \"ulimit -f %d; '%s' convert -q --csv --reescribir -o '%s' '%s'; echo estado=\\$?\" "
                 "2>&1 | cat", limits[i], tu_bin(), dir, tu_path("samples"));
        char *o = NULL;
        assert_int_equal(tu_run(cmd, &o, NULL), 0);
        assert_non_null(o);
        if (!strstr(o, "estado=2") || !strstr(o, "no se pudo escribir"))
            fail_msg("limit %d: %s", limits[i], o);
        free(o);
        char why[2048];
        if (!same_tree(base, dir, why, sizeof why))
            fail_msg("limit %d: %s", limits[i], why);
    }
    /* A folder we may not write into. Root writes through 0555, so as root
     * the run is made as nobody (65534) on a tree nobody owns. */
    copy_tree(base, dir);
    char sub[4500];
    snprintf(sub, sizeof sub, "%s/05-valparaiso", dir);
    bool root = geteuid() == 0;
    if (root) {
        snprintf(cmd, sizeof cmd, "chown -R 65534:65534 '%s'", dir);
        assert_int_equal(tu_run(cmd, NULL, NULL), 0);
        assert_int_equal(chmod(tmp, 0755), 0);
    }
    assert_int_equal(chmod(sub, 0555), 0);
    const char *args[] = {"convert", "-q", "--reescribir", "-o", dir, tu_path("samples"), NULL};
    int sig;
    int st = finish(start(args, -1, false, NULL, out, err, root ? 65534 : (uid_t)-1,
                          slot_tmpdir("c")), &sig);
    chmod(sub, 0755);
    if (st == 122) {
        print_message("[ INFO     ] read-only folder: could not become nobody, not run\n");
        return;
    }
    char *e = (char *)tu_read(err, NULL);
    if (st != 2 || !e || !strstr(e, "no se pudo"))
        fail_msg("read-only folder: status %d, %s", st, e ? e : "(sin mensaje)");
    free(e);
    char why[2048];
    if (!same_tree(base, dir, why, sizeof why))
        fail_msg("read-only folder: %s", why);
}

/* A workbook part that does not fit in its temporary file (here a file
 * size limit below the size of the sheets' XML but above that of the
 * compressed workbook: as a small memory file system would do) makes the
 * run fail, naming the workbook; libxlsxwriter itself would go on and
 * write a workbook with a sheet cut short. */
static void cut_temporary_part(void **state)
{
    (void)state;
    char in[4400], base[4400], dir[4400], file[4500], cmd[20000];
    snprintf(in, sizeof in, "%s/largo", tmp);
    snprintf(base, sizeof base, "%s/largo-base", tmp);
    snprintf(dir, sizeof dir, "%s/largo-run", tmp);
    snprintf(file, sizeof file, "%s/largo.csv", in);
    mkdir(in, 0755);
    /* The sample with 60 more sessions of ~3 KB each. */
    size_t n = 0;
    char *src = (char *)tu_read(tu_path("samples/valparaiso_t01_aconcagua.csv"), &n);
    assert_non_null(src);
    char *eval = strstr(src, "EVALUACIÓN,,");
    assert_non_null(eval);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fwrite(src, 1, (size_t)(eval - src), f);
    for (int k = 4; k < 64; k++) {
        fprintf(f, "REGISTRO COMUNIDAD DE APRENDIZAJE N°%d,,\nFecha,%02d-05-2025,\n"
                   "Temática abordada,Sesión %d,\nRegistro,\"", k, k % 28 + 1, k);
        for (int l = 0; l < 30; l++)
            fprintf(f, "Línea %d de la sesión %d: acuerdos, responsables y plazos del "
                       "acompañamiento a las unidades educativas.\n", l, k);
        fputs("\",\n,,\n", f);
    }
    fputs(eval, f);
    fclose(f);
    free(src);
    snprintf(cmd, sizeof cmd, "'%s' convert -q -o '%s' '%s'", tu_bin(), base, in);
    assert_true(tu_run(cmd, NULL, NULL) <= 1);
    copy_tree(base, dir);
    snprintf(cmd, sizeof cmd,
             "sh -c \"ulimit -f 100; '%s' convert -q --reescribir -o '%s' '%s'; "
             "echo estado=\\$?\" 2>&1 | cat", tu_bin(), dir, in);
    char *o = NULL;
    assert_int_equal(tu_run(cmd, &o, NULL), 0);
    if (!o || !strstr(o, "estado=2") || !strstr(o, "archivo temporal"))
        fail_msg("a part cut short was not refused: %s", o ? o : "");
    free(o);
    char why[2048];
    if (!same_tree(base, dir, why, sizeof why))
        fail_msg("%s", why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_faults_check),
        cmocka_unit_test(alloc_faults_check_persistent),
        cmocka_unit_test(alloc_faults_convert),
        cmocka_unit_test(alloc_faults_convert_persistent),
        cmocka_unit_test(alloc_faults_rerun),
        cmocka_unit_test(alloc_faults_rerun_persistent),
        cmocka_unit_test(write_faults),
        cmocka_unit_test(cut_temporary_part),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
