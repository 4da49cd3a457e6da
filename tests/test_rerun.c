/*
 * test_rerun.c - converting again into the same output folder: only the
 * workbooks whose inputs changed are written, and the folder ends exactly
 * as a conversion into an empty folder leaves it.
 */
#include "testutil.h"

#include <stdbool.h>

static char *tmp;
static char in[4400];        /* the logbooks of these tests */

static int setup(void **state)
{
    (void)state;
    tmp = tu_tmpdir();
    if (!tmp)
        return -1;
    snprintf(in, sizeof in, "%s/entrada", tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmrf(tmp);
    free(tmp);
    return 0;
}

/* Four samples of two regions as the input folder. */
static void fresh_inputs(void)
{
    tu_sh("rm -rf '%s' && mkdir -p '%s' && cp '%s' '%s' '%s' '%s' '%s'", in, in,
       tu_path("samples/valparaiso_t01_aconcagua.csv"),
       tu_path("samples/valparaiso_t03_litoral_de_los_poetas.csv"),
       tu_path("samples/rm_t03_cordillera.csv"), tu_path("samples/rm_t05_poniente.txt"), in);
}

/* convert [extra] -o dir in; its status, stderr in *err (may be NULL). */
static int convert(const char *dir, const char *extra, char **err)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "'%s' convert --csv %s -o '%s' '%s'", tu_bin(), extra ? extra : "",
             dir, in);
    return tu_run(cmd, NULL, err);
}

static const char *at(const char *dir, const char *rel)
{
    static char bufs[8][4600];
    static int k;
    char *b = bufs[k++ & 7];
    snprintf(b, 4600, "%s/%s", dir, rel);
    return b;
}

static ino_t inode(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The same files with the same bytes, the record included. */
static void same_tree(const char *a, const char *b)
{
    tu_same_tree(a, b, "a conversion into an empty folder");
}

#define T1 "05-valparaiso/territorio-01-aconcagua.xlsx"
#define T3 "05-valparaiso/territorio-03-litoral-de-los-poetas.xlsx"
#define R5 "05-valparaiso/region-05-valparaiso.xlsx"
#define C3 "13-metropolitana-de-santiago/territorio-03-cordillera.xlsx"
#define C5 "13-metropolitana-de-santiago/territorio-05-poniente.xlsx"
#define R13 "13-metropolitana-de-santiago/region-13-metropolitana-de-santiago.xlsx"
#define NAT "nacional.xlsx"

static const char *const books[] = {T1, T3, R5, C3, C5, R13, NAT};
#define NBOOKS (sizeof books / sizeof books[0])

static void inodes(const char *dir, ino_t *v)
{
    for (size_t i = 0; i < NBOOKS; i++) {
        v[i] = inode(at(dir, books[i]));
        assert_true(v[i] != 0);
    }
}

/* Which of the books got a new file (by inode: a rename puts a new one). */
static void expect_rewritten(const char *dir, const ino_t *before, const char *const *want,
                             size_t nwant)
{
    for (size_t i = 0; i < NBOOKS; i++) {
        bool expected = false;
        for (size_t k = 0; k < nwant; k++)
            expected = expected || strcmp(books[i], want[k]) == 0;
        bool rewritten = inode(at(dir, books[i])) != before[i];
        if (rewritten != expected)
            fail_msg("%s %s", books[i], expected ? "was not rewritten" : "was rewritten");
    }
}

/* One logbook changes: its workbook, its region's and the national one
 * are written, nothing else; the folder then holds exactly what a
 * conversion into an empty folder holds, record and CSV files included. */
static void one_change(void **state)
{
    (void)state;
    fresh_inputs();
    char a[4600], b[4600];
    snprintf(a, sizeof a, "%s/a", tmp);
    snprintf(b, sizeof b, "%s/b", tmp);
    tu_rmrf(a);
    assert_int_equal(convert(a, NULL, NULL), 0);
    ino_t before[NBOOKS];
    inodes(a, before);
    tu_sh("sed -i 's/^Nombre del territorio,Aconcagua,/Nombre del territorio,Aconcagua,/; "
       "s/^Representante territorial,.*/Representante territorial,Otra Persona Nueva,/' "
       "'%s/valparaiso_t01_aconcagua.csv'", in);
    char *e = NULL;
    assert_int_equal(convert(a, NULL, &e), 0);
    assert_non_null(strstr(e, "3 libros escritos; 4 sin cambios desde la conversión anterior"));
    free(e);
    static const char *const want[] = {T1, R5, NAT};
    expect_rewritten(a, before, want, 3);
    assert_int_equal(convert(b, NULL, NULL), 0);
    same_tree(a, b);
    /* nothing changed: nothing written */
    inodes(a, before);
    assert_int_equal(convert(a, NULL, &e), 0);
    assert_non_null(strstr(e, "0 libros escritos; 7 sin cambios"));
    free(e);
    expect_rewritten(a, before, NULL, 0);
}

/* A workbook deleted or edited since it was written is written again;
 * a damaged record makes the run write everything; --reescribir too. */
static void stale_records_not_trusted(void **state)
{
    (void)state;
    fresh_inputs();
    char a[4600], ref[4600];
    snprintf(a, sizeof a, "%s/a2", tmp);
    snprintf(ref, sizeof ref, "%s/ref2", tmp);
    assert_int_equal(convert(ref, NULL, NULL), 0);
    tu_sh("rm -rf '%s' && cp -a '%s' '%s'", a, ref, a);
    ino_t before[NBOOKS];
    inodes(a, before);
    unlink(at(a, C3));
    tu_sh("printf x >> '%s'", at(a, T3));
    assert_int_equal(convert(a, NULL, NULL), 0);
    before[3] = 0;   /* C3 was deleted: any file now there is new */
    static const char *const want[] = {C3, T3};
    expect_rewritten(a, before, want, 2);
    same_tree(a, ref);

    inodes(a, before);
    tu_sh("printf 'Carpeta escrita por bitacora\\nw1 basura\\n' > '%s/.bitacora-salida'", a);
    assert_int_equal(convert(a, NULL, NULL), 0);
    expect_rewritten(a, before, books, NBOOKS);
    same_tree(a, ref);

    inodes(a, before);
    assert_int_equal(convert(a, "--reescribir", NULL), 0);
    expect_rewritten(a, before, books, NBOOKS);
    same_tree(a, ref);
}

/* An option that changes workbooks changes them all; one that does not
 * (-j) changes none. */
static void options(void **state)
{
    (void)state;
    fresh_inputs();
    char a[4600];
    snprintf(a, sizeof a, "%s/a3", tmp);
    assert_int_equal(convert(a, NULL, NULL), 0);
    ino_t before[NBOOKS];
    inodes(a, before);
    assert_int_equal(convert(a, "-j 1", NULL), 0);
    expect_rewritten(a, before, NULL, 0);
    assert_int_equal(convert(a, "--periodo 2025", NULL), 0);
    expect_rewritten(a, before, books, NBOOKS);
}

/* Another build of the program (here: the same one with a byte added,
 * which still runs) may write other bytes: everything is written again. */
static void another_program(void **state)
{
    (void)state;
    unsigned char *elf = tu_read(tu_bin(), NULL);
    bool is_elf = elf && memcmp(elf, "\177ELF", 4) == 0;
    free(elf);
    if (!is_elf) {
        print_message("omitido: el programa bajo prueba no es un ejecutable copiable\n");
        return;
    }
    fresh_inputs();
    char a[4600], prog[4600], cmd[14000];
    snprintf(a, sizeof a, "%s/a6", tmp);
    snprintf(prog, sizeof prog, "%s/bitacora-otra", tmp);
    assert_int_equal(convert(a, NULL, NULL), 0);
    ino_t before[NBOOKS];
    inodes(a, before);
    tu_sh("cp '%s' '%s' && printf x >> '%s'", tu_bin(), prog, prog);
    snprintf(cmd, sizeof cmd, "'%s' convert --csv -o '%s' '%s'", prog, a, in);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    expect_rewritten(a, before, books, NBOOKS);
}

/* A territory that leaves the run takes its workbook with it (as a run
 * into an empty folder would not make it), and its region's and the
 * national workbooks are written again; a file someone else put in the
 * folder stays. */
static void territory_gone(void **state)
{
    (void)state;
    fresh_inputs();
    char a[4600], b[4600];
    snprintf(a, sizeof a, "%s/a4", tmp);
    snprintf(b, sizeof b, "%s/b4", tmp);
    assert_int_equal(convert(a, NULL, NULL), 0);
    tu_sh("printf 'mío' > '%s/05-valparaiso/notas.txt'", a);
    tu_sh("rm '%s/rm_t05_poniente.txt'", in);
    char *e = NULL;
    assert_int_equal(convert(a, NULL, &e), 0);
    assert_non_null(strstr(e, "1 libro de la conversión anterior ya no corresponde"));
    free(e);
    assert_int_equal(access(at(a, C5), F_OK), -1);
    unlink(at(a, "05-valparaiso/notas.txt"));
    assert_int_equal(convert(b, NULL, NULL), 0);
    same_tree(a, b);
}

/* A run that cannot read an input removes nothing: its territory would
 * look gone (a file on a share that did not answer, say). */
static void unreadable_input_removes_nothing(void **state)
{
    (void)state;
    fresh_inputs();
    char a[4600], cmd[14000];
    snprintf(a, sizeof a, "%s/a7", tmp);
    snprintf(cmd, sizeof cmd, "'%s' convert -q -o '%s' '%s/rm_t05_poniente.txt' "
             "'%s/rm_t03_cordillera.csv'", tu_bin(), a, in, in);
    assert_int_equal(tu_run(cmd, NULL, NULL), 0);
    ino_t c5 = inode(at(a, C5));
    tu_sh("mv '%s/rm_t05_poniente.txt' '%s/rm_t05_poniente.bak'", in, in);
    assert_int_equal(tu_run(cmd, NULL, NULL), 2);
    assert_true(inode(at(a, C5)) == c5);
    /* Read again (it answers now): still its own workbook, untouched. */
    tu_sh("mv '%s/rm_t05_poniente.bak' '%s/rm_t05_poniente.txt'", in, in);
    char *e = NULL;
    assert_int_equal(tu_run(cmd, NULL, &e), 0);
    free(e);
    assert_true(inode(at(a, C5)) == c5);
}

/* A run with nothing to write does not even need to be able to write
 * the territories' folders. */
static void nothing_to_write(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        print_message("omitido: root escribe en carpetas de solo lectura\n");
        return;
    }
    fresh_inputs();
    char a[4600];
    snprintf(a, sizeof a, "%s/a5", tmp);
    assert_int_equal(convert(a, NULL, NULL), 0);
    assert_int_equal(chmod(at(a, "05-valparaiso"), 0555), 0);
    int st = convert(a, NULL, NULL);
    chmod(at(a, "05-valparaiso"), 0755);
    assert_int_equal(st, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_change),
        cmocka_unit_test(stale_records_not_trusted),
        cmocka_unit_test(options),
        cmocka_unit_test(another_program),
        cmocka_unit_test(territory_gone),
        cmocka_unit_test(unreadable_input_removes_nothing),
        cmocka_unit_test(nothing_to_write),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
