/* web_worker.c - one job of the web interface, in a process of its own
 * (`bitacora servir --trabajo DIR`, started by web_jobs.c).
 *
 * Reads the request web_upload.c left in DIR, unpacks the zips among the
 * uploads (with zipfile.c's limits, each entry under a name made here),
 * gives every file the date it came with, and then does exactly what
 * `bitacora convert -o DIR/salida` does, through the same functions;
 * finally packs salida.zip and writes the result's JSON and page.  The
 * page is written last: its presence tells the server the job is over.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bitacora/batch.h"
#include "bitacora/finding.h"
#include "bitacora/output.h"
#include "bitacora/zipfile.h"
#include "cmd.h"
#include "web.h"

typedef struct {
    char *path;          /* to open */
    char *label;         /* as uploaded */
    time_t mtime;        /* 0: keep the upload time */
} winput;

typedef struct {
    const char *dir;
    unsigned keep_minutes;
    unsigned max_files;
    int period;
    bool csv;
    char *roster;                /* its label; stored as entrada/listado */
    winput *in;
    size_t n, cap;
    bt_web_note *notes;
    size_t nnotes, capnotes;
    /* while a zip is unpacked */
    const char *zip_stored;
    size_t zip_first;            /* its first input */
    size_t entry;
    char entry_path[4200];
    char **markers;              /* its folders that hold .bitacora-salida */
    size_t nmarkers;
    bool full;                   /* max_files reached */
    bool failed;                 /* out of memory */
} job;

/* ---- the lists ---- */

static bool add_note(job *j, const char *label, const char *reason, bool refused)
{
    if (j->nnotes == j->capnotes) {
        size_t ncap = j->capnotes ? j->capnotes * 2 : 8;
        bt_web_note *nv = realloc(j->notes, ncap * sizeof *nv);
        if (!nv)
            return !(j->failed = true);
        j->notes = nv;
        j->capnotes = ncap;
    }
    char *l = strdup(label);
    if (!l)
        return !(j->failed = true);
    j->notes[j->nnotes++] = (bt_web_note){l, reason, refused};
    return true;
}

/* Take path and label (both malloc'd, either may be NULL from a failed
 * allocation) as a new input; the label made unique among the inputs. */
static bool add_input(job *j, char *path, char *label, time_t mtime)
{
    char **labels = NULL;
    if (!path || !label)
        goto fail;
    if (j->n == j->cap) {
        size_t ncap = j->cap ? j->cap * 2 : 32;
        winput *nv = realloc(j->in, ncap * sizeof *nv);
        if (!nv)
            goto fail;
        j->in = nv;
        j->cap = ncap;
    }
    labels = malloc((j->n + 1) * sizeof *labels);
    if (!labels)
        goto fail;
    for (size_t i = 0; i < j->n; i++)
        labels[i] = j->in[i].label;
    label = bt_web_label_unique(label, labels, j->n);   /* frees it on failure */
    free(labels);
    if (!label) {
        free(path);
        return !(j->failed = true);
    }
    j->in[j->n++] = (winput){path, label, mtime};
    return true;
fail:
    free(path);
    free(label);
    return !(j->failed = true);
}

static void free_job(job *j)
{
    for (size_t i = 0; i < j->n; i++) {
        free(j->in[i].path);
        free(j->in[i].label);
    }
    free(j->in);
    for (size_t i = 0; i < j->nnotes; i++)
        free(j->notes[i].label);
    free(j->notes);
    for (size_t i = 0; i < j->nmarkers; i++)
        free(j->markers[i]);
    free(j->markers);
    free(j->roster);
}

/* ---- zips ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Left out as a folder walk leaves it out: hidden parts (and the marker
 * of an earlier output, remembered), macOS' resource forks, names that
 * are no logbook.  A zip inside the zip is said, not opened. */
static const char *zip_want(void *ctx, const bt_zip_entry *e)
{
    job *j = ctx;
    const char *base = strrchr(e->name, '/');
    base = base ? base + 1 : e->name;
    if (strcmp(base, ".bitacora-salida") == 0) {
        char **nm = realloc(j->markers, (j->nmarkers + 1) * sizeof *nm);
        if (nm) {
            j->markers = nm;
            nm[j->nmarkers] = strndup(e->name, (size_t)(base - e->name));
            if (nm[j->nmarkers])
                j->nmarkers++;
        }
        return NULL;
    }
    for (const char *p = e->name; *p;) {
        if (*p == '.' || strncmp(p, "__MACOSX/", 9) == 0)
            return NULL;
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        p = slash + 1;
    }
    if (ends_with(base, ".zip")) {
        char *label = bt_web_clean_name(e->name, strlen(e->name), true);
        if (label)
            add_note(j, label, "es un ZIP dentro del ZIP: no se abre; súbalo por separado", false);
        free(label);
        return NULL;
    }
    if (!bt_batch_wanted_name(base))
        return NULL;
    if (j->n >= j->max_files) {
        j->full = true;
        return NULL;
    }
    snprintf(j->entry_path, sizeof j->entry_path, "%s/%s/%s-%05zu", j->dir, BT_WEB_INPUTS,
             j->zip_stored, ++j->entry);
    return j->entry_path;
}

static void zip_refused(void *ctx, const bt_zip_entry *e, bt_zip_refusal why)
{
    job *j = ctx;
    char *label = bt_web_clean_name(e->name, strlen(e->name), true);
    if (label)
        add_note(j, label, bt_zip_refusal_text(why), true);
    else
        j->failed = true;
    free(label);
}

static bt_err zip_done(void *ctx, const bt_zip_entry *e, const char *path)
{
    job *j = ctx;
    char *label = bt_web_clean_name(e->name, strlen(e->name), true);
    return add_input(j, strdup(path), label, e->mtime) ? BT_OK : BT_ERR_NOMEM;
}

/* Inputs of this zip under a folder of an earlier output: out, as a
 * folder walk leaves such folders out. */
static void drop_marked(job *j)
{
    for (size_t m = 0; m < j->nmarkers; m++) {
        size_t len = strlen(j->markers[m]), kept = j->zip_first;
        for (size_t i = j->zip_first; i < j->n; i++) {
            if (strncmp(j->in[i].label, j->markers[m], len) == 0) {
                unlink(j->in[i].path);
                free(j->in[i].path);
                free(j->in[i].label);
            } else {
                j->in[kept++] = j->in[i];
            }
        }
        j->n = kept;
        add_note(j, j->markers[m][0] ? j->markers[m] : "(la carpeta del ZIP)",
                 "se omite: es una salida anterior de bitacora (tiene .bitacora-salida)", false);
        free(j->markers[m]);
    }
    j->nmarkers = 0;
}

static bool unpack(job *j, const char *stored, const char *label)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s/%s", j->dir, BT_WEB_INPUTS, stored);
    bt_zip_visitor v = {zip_want, zip_refused, zip_done, j};
    j->zip_stored = stored;
    j->zip_first = j->n;
    j->entry = 0;
    bt_zip_status st;
    bt_err e = bt_zip_unpack(path, &v, &st);
    unlink(path);
    if (e || j->failed)
        return false;
    drop_marked(j);
    if (st == BT_ZIP_NOT_ZIP)
        return add_note(j, label, "no es un ZIP válido, o está dañado", true);
    if (st == BT_ZIP_TOO_MANY)
        return add_note(j, label, "tiene más de 10.000 archivos; no se abrió", true);
    if (j->n == j->zip_first && !j->nnotes)
        return add_note(j, label, "no contiene ninguna bitácora (.csv, .txt, .tsv, .xlsx, "
                                  ".xlsm)", false);
    return true;
}

/* ---- the request ---- */

/* One "archivo NNNN MTIME LABEL" line. */
static bool request_file(job *j, char *rest)
{
    char stored[16];
    long long mtime;
    int used = 0;
    if (sscanf(rest, "%15s %lld %n", stored, &mtime, &used) != 2 || used == 0 ||
        strspn(stored, "0123456789") != strlen(stored))
        return false;
    const char *label = rest + used;
    if (j->n >= j->max_files) {
        j->full = true;
        return true;
    }
    if (ends_with(label, ".zip"))
        return unpack(j, stored, label) || !j->failed;
    char *path = malloc(strlen(j->dir) + 32);
    if (path)
        sprintf(path, "%s/%s/%s", j->dir, BT_WEB_INPUTS, stored);
    return add_input(j, path, strdup(label), (time_t)mtime);
}

static bool read_request(job *j)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", j->dir, BT_WEB_REQUEST);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    bool ok = true;
    while (ok && (len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        unsigned u;
        int y;
        if (sscanf(line, "conservar %u", &u) == 1)
            j->keep_minutes = u;
        else if (sscanf(line, "max-archivos %u", &u) == 1)
            j->max_files = u;
        else if (sscanf(line, "periodo %d", &y) == 1)
            j->period = y;
        else if (strcmp(line, "csv 1") == 0)
            j->csv = true;
        else if (strncmp(line, "territorios listado ", 20) == 0 && !j->roster)
            ok = (j->roster = strdup(line + 20)) != NULL;
        else if (strncmp(line, "archivo ", 8) == 0)
            ok = request_file(j, line + 8);
    }
    free(line);
    fclose(f);
    if (ok && j->full) {
        char text[120];
        snprintf(text, sizeof text, "más de %u archivos", j->max_files);
        ok = add_note(j, text, "se leyeron los primeros; envíe el resto por separado", true);
    }
    return ok && !j->failed;
}

/* Each file gets the date it came with: the workbooks say when it was
 * received, as they do from a file's date on disk. */
static void set_dates(const job *j)
{
    for (size_t i = 0; i < j->n; i++) {
        if (!j->in[i].mtime)
            continue;
        struct timespec ts[2] = {{j->in[i].mtime, 0}, {j->in[i].mtime, 0}};
        utimensat(AT_FDCWD, j->in[i].path, ts, 0);
    }
}

/* ---- the result ---- */

static bool write_file(const char *dir, const char *name, const bt_sb *b)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int err;
    return bt_write_file_atomic(path, b->s ? b->s : "", b->len, &err) == BT_OK;
}

static int finish(const job *j, bt_web_result *r)
{
    bt_sb json, page;
    bt_sb_init(&json);
    bt_sb_init(&page);
    bool ok = bt_web_result_json(r, &json) == BT_OK && bt_web_result_page(r, &page) == BT_OK &&
              write_file(j->dir, BT_WEB_JSON, &json) && write_file(j->dir, BT_WEB_PAGE, &page);
    bt_sb_free(&json);
    bt_sb_free(&page);
    if (!ok) {
        fprintf(stderr, "bitacora servir: no se pudo escribir el resultado en %s\n", j->dir);
        return 3;
    }
    return r->failure ? 3 : r->status;
}

/* Load, convert and pack, as `convert` does. */
static int convert(job *j, int jobs, bt_web_result *r)
{
    char out[4200], zip[4200];
    snprintf(out, sizeof out, "%s/%s", j->dir, BT_WEB_OUT);
    snprintf(zip, sizeof zip, "%s/%s", j->dir, BT_WEB_ZIP);
    bt_input *inputs = calloc(j->n ? j->n : 1, sizeof *inputs);
    if (!inputs) {
        r->failure = "El servidor no tuvo memoria suficiente para esta revisión.";
        return finish(j, r);
    }
    for (size_t i = 0; i < j->n; i++)
        inputs[i] = (bt_input){j->in[i].path, j->in[i].label};
    bt_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.load.period = j->period;
    ro.jobs = jobs;
    ro.quiet = true;
    char roster[4200];
    if (j->roster) {
        snprintf(roster, sizeof roster, "%s/%s/listado", j->dir, BT_WEB_INPUTS);
        ro.report.roster = roster;
        ro.report.roster_name = j->roster;   /* as `convert --territorios` names it */
        r->roster = j->roster;
    }
    bt_tpl *tpl = NULL;
    bt_batch b;
    char *why = NULL;
    int st = bt_cli_load_inputs("servir", inputs, j->n, &ro, out, &tpl, &b, &why);
    bt_run_counts rc;
    memset(&rc, 0, sizeof rc);
    if (st) {
        /* The roster's reason ("--territorios x.csv: ..."), said to a
         * person who used a form, not a command line. */
        static char text[1200];
        if (why && strncmp(why, "--territorios ", 14) == 0)
            snprintf(text, sizeof text, "El listado de territorios %s", why + 14);
        else
            snprintf(text, sizeof text, "%s", why ? why : "No se pudieron leer los archivos "
                     "(el servidor no tuvo memoria suficiente).");
        r->failure = text;
    } else {
        bt_cli_count(&b, false, &rc);
        bt_output_options oo = {.dir = out, .csv = j->csv, .jobs = jobs};
        bt_output_result res;
        memset(&res, 0, sizeof res);
        int zerr = 0;
        bt_err e = bt_output_run(&b, &oo, &res);
        if (e) {
            /* The exact cause for the server's log; a sentence for the page. */
            bt_cli_write_failed(res.failed_path[0] ? res.failed_path : NULL, e,
                                res.failed_errno, res.failed_signal);
            r->failure = e == BT_ERR_NOMEM
                             ? "El servidor no tuvo memoria suficiente para escribir los libros. "
                               "Intente de nuevo con menos archivos, o más tarde."
                             : "No se pudieron escribir los libros en el servidor (¿disco "
                               "lleno?). Avise a quien administra el servidor.";
        } else if (bt_zip_write_dir(out, zip, &zerr) != BT_OK) {
            r->failure = "No se pudo armar salida.zip en el servidor (¿disco lleno?).";
        }
    }
    r->b = st ? NULL : &b;
    r->zip_path = r->failure ? NULL : zip;
    r->converted = rc.converted;
    r->errors = rc.errors;
    r->avisos = rc.avisos;
    r->status = st ? BT_EXIT_FAIL : rc.status;
    for (size_t i = 0; i < j->nnotes; i++)
        if (j->notes[i].refused)
            r->status = BT_EXIT_FAIL;   /* a file that could not be read */
    int status = finish(j, r);
    free(why);
    bt_batch_free(&b);
    bt_tpl_free(tpl);
    free(inputs);
    return status;
}

static int work(const char *dir, int jobs, bool do_convert)
{
    job j;
    memset(&j, 0, sizeof j);
    j.dir = dir;
    j.keep_minutes = BT_WEB_KEEP_MINUTES;
    j.max_files = BT_WEB_MAX_FILES;
    const char *slash = strrchr(dir, '/');
    bt_web_result r;
    memset(&r, 0, sizeof r);
    r.id = slash ? slash + 1 : dir;
    int status;
    if (!read_request(&j)) {
        r.failure = j.failed ? "El servidor no tuvo memoria suficiente para esta revisión."
                             : "El envío no se pudo leer en el servidor.";
        r.keep_minutes = j.keep_minutes;
        status = finish(&j, &r);
    } else {
        r.keep_minutes = j.keep_minutes;
        r.notes = j.notes;
        r.nnotes = j.nnotes;
        if (j.n == 0) {
            r.failure = "Entre los archivos enviados no hay ninguna bitácora (.csv, .txt, "
                        ".tsv, .xlsx, .xlsm).";
            r.status = BT_EXIT_FAIL;
            status = finish(&j, &r);
        } else {
            set_dates(&j);
            status = do_convert ? convert(&j, jobs, &r) : finish(&j, &r);
        }
    }
    free_job(&j);
    return status;
}

int bt_web_worker(const char *dir, int jobs)
{
    return work(dir, jobs, true);
}

int bt_web_worker_unpack_only(const char *dir)
{
    return work(dir, 1, false);
}
