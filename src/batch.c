/* batch.c - inputs, loading, duplicates (see batch.h). */
#include "bitacora/batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "bitacora/summary.h"
#include "bitacora/report.h"
#include "bitacora/text.h"

#define MAX_DEPTH 32
#define MAX_INPUTS 100000

void bt_batch_init(bt_batch *b)
{
    memset(b, 0, sizeof *b);
    b->hold_bytes = BT_HOLD_BYTES;
}

void bt_batch_free(bt_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        bt_territory_free(b->items[i]);
    free(b->items);
    for (size_t i = 0; i < b->nskipped; i++)
        free(b->skipped[i]);
    free(b->skipped);
    for (size_t i = 0; i < b->nempty; i++)
        free(b->empty[i]);
    free(b->empty);
    bt_reports_free(b->reports);
    bt_batch_init(b);
}

/* ---- input discovery ---- */

typedef struct {
    char *path;          /* to open */
    char *display;       /* as the user would name it */
    dev_t dev;
    ino_t ino;
    bool exists;
    int open_errno;      /* stat failure */
    const char *dup_of;  /* display of the first occurrence */
} input;

typedef struct {
    input *v;
    size_t n, cap;
    bool has_skip;
    dev_t skip_dev;
    ino_t skip_ino;
    bt_batch *b;          /* where skipped output folders are listed */
} inputs;

/* Does dir hold an output of bitacora (its marker, see output.c)? */
static bool is_output_dir(const char *dir)
{
    char p[4200];
    struct stat st;
    snprintf(p, sizeof p, "%s/.bitacora-salida", dir);
    return stat(p, &st) == 0;
}

/* The files bitacora writes at the top of an output folder. */
static bool is_output_file(const char *name)
{
    return strcmp(name, "hallazgos.csv") == 0 || strcmp(name, "nacional.xlsx") == 0;
}

/* Append a copy of s to a list of strings. */
static bt_err note(char ***list, size_t *n, const char *s)
{
    char **nl = realloc(*list, (*n + 1) * sizeof *nl);
    if (!nl)
        return BT_ERR_NOMEM;
    *list = nl;
    if (!(nl[*n] = strdup(s)))
        return BT_ERR_NOMEM;
    (*n)++;
    return BT_OK;
}

static bt_err note_skipped(inputs *in, const char *dir)
{
    return note(&in->b->skipped, &in->b->nskipped, dir);
}

static bt_err push_input(inputs *in, const char *path, const char *display,
                         const struct stat *st, int err)
{
    if (in->n >= MAX_INPUTS)
        return BT_ERR_LIMIT;
    if (in->n == in->cap) {
        size_t ncap = in->cap ? in->cap * 2 : 32;
        input *nv = realloc(in->v, ncap * sizeof *nv);
        if (!nv)
            return BT_ERR_NOMEM;
        in->v = nv;
        in->cap = ncap;
    }
    input *x = &in->v[in->n];
    memset(x, 0, sizeof *x);
    x->path = strdup(path);
    x->display = strdup(display ? display : path);
    if (!x->path || !x->display) {
        free(x->path);
        free(x->display);
        return BT_ERR_NOMEM;
    }
    x->exists = st != NULL;
    x->open_errno = err;
    if (st) {
        x->dev = st->st_dev;
        x->ino = st->st_ino;
    }
    in->n++;
    return BT_OK;
}

/* Logbooks, and the spreadsheets bitacora cannot read (.xls, .ods, ...):
 * those are loaded too, so the run says why they were not converted
 * instead of a territory going missing without a word. */
bool bt_batch_wanted_name(const char *name)
{
    static const char *const ext[] = {".csv", ".xlsx", ".xlsm", ".txt", ".tsv",
                                      ".xls", ".ods", ".xlsb", ".numbers"};
    if (name[0] == '.' || (name[0] == '~' && name[1] == '$'))
        return false;     /* hidden files, Office lock files */
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
        if (strcasecmp(dot, ext[i]) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bt_err walk(inputs *in, const char *dir, int depth)
{
    if (depth > MAX_DEPTH)
        return BT_OK;
    /* A folder given on the command line may itself be an output folder
     * (`convert -o dir dir`): its own outputs are not read, the rest is. */
    bool marked = is_output_dir(dir);
    DIR *d = opendir(dir);
    if (!d && errno == ENOMEM)
        return BT_ERR_NOMEM;  /* the folder is fine: the run stops */
    if (!d)   /* reported by the loader when it tries to open it */
        return push_input(in, dir, NULL, NULL, errno ? errno : EACCES);
    char **names = NULL;
    size_t n = 0, cap = 0;
    bt_err e = BT_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **nn = realloc(names, ncap * sizeof *nn);
            if (!nn) {
                e = BT_ERR_NOMEM;
                break;
            }
            names = nn;
            cap = ncap;
        }
        names[n] = strdup(de->d_name);
        if (!names[n]) {
            e = BT_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (!e && n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !e; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *p = malloc(len);
        if (!p) {
            e = BT_ERR_NOMEM;
            break;
        }
        snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat st;
        if (lstat(p, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (in->has_skip && st.st_dev == in->skip_dev && st.st_ino == in->skip_ino)
                    ;   /* the output folder of this run */
                else if (is_output_dir(p))
                    e = note_skipped(in, p);
                else
                    e = walk(in, p, depth + 1);
            } else if (marked && is_output_file(names[i])) {
                ;   /* written by bitacora */
            } else if (bt_batch_wanted_name(names[i])) {
                /* Not only regular files: a FIFO, a device or a broken
                 * link with a logbook's name is read (and refused, E001)
                 * as when named on the command line, not skipped without
                 * a word.  A link to a folder is not followed. */
                struct stat target;
                if (!S_ISLNK(st.st_mode))
                    e = push_input(in, p, NULL, &st, 0);
                else if (stat(p, &target) != 0)
                    e = push_input(in, p, NULL, NULL, errno);
                else if (!S_ISDIR(target.st_mode))
                    e = push_input(in, p, NULL, &target, 0);
            }
        }
        free(p);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return e;
}

static void free_inputs(inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->v[i].path);
        free(in->v[i].display);
    }
    free(in->v);
}

/* ---- loading, possibly on several threads ---- */

typedef struct {
    const bt_tpl *tpl;
    const bt_load_options *opt;   /* the batch's: summaries keep it */
    bt_batch *b;
    size_t whole_bytes;           /* what whole territories may take */
    inputs *in;
    bt_territory **out;
    bt_err *errs;
    size_t next;
    pthread_mutex_t lock;
} pool;

/* Keep t whole while the budget lasts, else cut it to its summary. */
static bt_err hold(pool *p, bt_territory *t)
{
    size_t bytes = bt_territory_bytes(t);
    pthread_mutex_lock(&p->lock);
    bool whole = p->b->held_bytes + bytes <= p->whole_bytes;
    if (whole)
        p->b->held_bytes += bytes;
    pthread_mutex_unlock(&p->lock);
    if (whole)
        return BT_OK;
    bt_err e = bt_territory_summarize(t, p->tpl, p->opt);
    pthread_mutex_lock(&p->lock);
    p->b->nsummaries += t->summary;
    pthread_mutex_unlock(&p->lock);
    return e;
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->in->n)
            return NULL;
        input *x = &p->in->v[i];
        if (x->dup_of)
            continue;
        p->errs[i] = bt_load_file(p->tpl, x->path, x->display, p->opt, &p->out[i]);
        if (p->out[i] && p->errs[i] != BT_ERR_NOMEM) {
            bt_err e = hold(p, p->out[i]);
            if (e)
                p->errs[i] = e;
        }
    }
}

static int cmp_territory(const void *pa, const void *pb)
{
    const bt_territory *a = *(bt_territory *const *)pa, *b = *(bt_territory *const *)pb;
    /* Unknown regions last. */
    int ra = a->region < 0 ? 99 : a->region, rb = b->region < 0 ? 99 : b->region;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->period != b->period)
        return a->period < b->period ? -1 : 1;
    uint64_t na = a->terrnum.state == BT_ST_OK ? a->terrnum.n : UINT64_MAX;
    uint64_t nb = b->terrnum.state == BT_ST_OK ? b->terrnum.n : UINT64_MAX;
    if (na != nb)
        return na < nb ? -1 : 1;
    return strcmp(a->display, b->display);
}

/* The inputs named: files as they are, folders walked. */
static bt_err gather(inputs *in, const bt_input *argv, size_t ninputs)
{
    bt_batch *b = in->b;
    bt_err e = BT_OK;
    for (size_t i = 0; i < ninputs && !e; i++) {
        const char *path = argv[i].path, *display = argv[i].display;
        struct stat st;
        if (stat(path, &st) != 0) {
            e = push_input(in, path, display, NULL, errno);
        } else if (S_ISDIR(st.st_mode)) {
            size_t before = in->n, skipped = b->nskipped;
            e = walk(in, path, 0);
            if (!e && in->n == before && b->nskipped == skipped) {
                e = note(&b->empty, &b->nempty, display ? display : path);
                b->read_errors++;   /* a folder that gives nothing to read */
            }
        } else {
            e = push_input(in, path, display, &st, 0);
        }
    }
    /* The same file twice (by device and inode): read once. */
    for (size_t i = 0; i < in->n && !e; i++) {
        if (!in->v[i].exists)
            continue;
        for (size_t k = 0; k < i; k++) {
            if (in->v[k].exists && !in->v[k].dup_of && in->v[k].dev == in->v[i].dev &&
                in->v[k].ino == in->v[i].ino) {
                in->v[i].dup_of = in->v[k].display;
                break;
            }
        }
    }
    return e;
}

/* Read every input into out[i] (errs[i] its outcome) with up to jobs
 * threads; the first failure that is not a file's own. */
static bt_err read_inputs(inputs *in, const bt_tpl *tpl, const bt_load_options *opt, int jobs,
                          bt_territory **out, bt_err *errs)
{
    /* What the summaries of all inputs would take is kept for them. */
    size_t hold = in->b->hold_bytes, summaries = in->n * BT_SUMMARY_BYTES;
    size_t whole = hold > summaries && hold - summaries > hold / 4 ? hold - summaries : hold / 4;
    pool p = {tpl, opt, in->b, whole, in, out, errs, 0, PTHREAD_MUTEX_INITIALIZER};
    size_t nthreads = jobs > 1 ? (size_t)jobs : 1;
    if (nthreads > in->n)
        nthreads = in->n;
    pthread_t th[64];
    if (nthreads > 64)
        nthreads = 64;
    size_t started = 0;
    for (size_t t = 1; t < nthreads; t++) {
        if (pthread_create(&th[t], NULL, worker, &p) != 0)
            break;
        started++;
    }
    worker(&p);
    for (size_t t = 1; t <= started; t++)
        pthread_join(th[t], NULL);
    for (size_t i = 0; i < in->n; i++)
        if (errs[i] && errs[i] != BT_ERR_READ)
            return errs[i];
    return BT_OK;
}

/* An input named twice: an aviso on its first occurrence. */
static bt_err named_twice(bt_batch *b, const input *x)
{
    for (size_t k = 0; k < b->n; k++) {
        if (strcmp(b->items[k]->display, x->dup_of) != 0)
            continue;
        return strcmp(x->display, x->dup_of) == 0
                   ? bt_findings_add(b->items[k]->findings, BT_A_INPUT_TWICE, x->display, NULL,
                                     0, 0, NULL, NULL,
                                     "se indicó más de una vez; se leyó una sola vez.")
                   : bt_findings_add(b->items[k]->findings, BT_A_INPUT_TWICE, x->display, NULL,
                                     0, 0, NULL, NULL,
                                     "es el mismo archivo que %s; se leyó una sola vez.",
                                     x->dup_of);
    }
    return BT_OK;
}

/* The territories read into b, in input order (out[i] taken). */
static bt_err collect(bt_batch *b, const inputs *in, bt_territory **out, const bt_err *errs)
{
    for (size_t i = 0; i < in->n; i++) {
        const input *x = &in->v[i];
        if (x->dup_of) {
            bt_err e = named_twice(b, x);
            if (e)
                return e;
            continue;
        }
        if (!out[i])
            return BT_ERR_NOMEM;
        if (b->n == b->cap) {
            size_t ncap = b->cap ? b->cap * 2 : 32;
            bt_territory **ni = realloc(b->items, ncap * sizeof *ni);
            if (!ni)
                return BT_ERR_NOMEM;
            b->items = ni;
            b->cap = ncap;
        }
        b->items[b->n++] = out[i];
        out[i] = NULL;
        if (errs[i] == BT_ERR_READ)
            b->read_errors++;
    }
    return BT_OK;
}

/* The periods the readable territories with a region belong to. */
static void note_periods(bt_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const bt_territory *t = b->items[i];
        if (!t->readable || t->region < 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < b->nperiods; k++)
            if (b->periods[k] == t->period)
                seen = true;
        if (!seen && b->nperiods < sizeof b->periods / sizeof b->periods[0])
            b->periods[b->nperiods++] = t->period;
    }
}

bt_err bt_batch_load(bt_batch *b, const bt_tpl *tpl, const bt_input *argv,
                     size_t ninputs, const bt_load_options *opt, const char *skip_dir,
                     int jobs)
{
    inputs in = {0};
    in.b = b;
    b->opt = *opt;
    struct stat sk;
    if (skip_dir && stat(skip_dir, &sk) == 0) {
        in.has_skip = true;
        in.skip_dev = sk.st_dev;
        in.skip_ino = sk.st_ino;
    }
    bt_err e = gather(&in, argv, ninputs);
    bt_territory **out = NULL;
    bt_err *errs = NULL;
    if (!e && in.n) {
        out = calloc(in.n, sizeof *out);
        errs = calloc(in.n, sizeof *errs);
        e = out && errs ? read_inputs(&in, tpl, &b->opt, jobs, out, errs) : BT_ERR_NOMEM;
    }
    if (!e)
        e = collect(b, &in, out, errs);
    if (out)
        for (size_t i = 0; i < in.n; i++)
            bt_territory_free(out[i]);
    free(out);
    free(errs);
    free_inputs(&in);
    if (e)
        return e;
    if (b->n > 1)
        qsort(b->items, b->n, sizeof *b->items, cmp_territory);
    note_periods(b);
#ifdef __GLIBC__
    /* The whole territories cut to summaries left holes in the heap that
     * glibc keeps; give them back before the writers are forked with a
     * copy of it all. */
    if (b->nsummaries)
        malloc_trim(0);
#endif
    return BT_OK;
}

/* ---- duplicates ---- */

/* The one known period of the run, or 0 when there are none or several. */
static int only_period(const bt_batch *b)
{
    int only = 0, known = 0;
    for (size_t i = 0; i < b->nperiods; i++)
        if (b->periods[i]) {
            only = b->periods[i];
            known++;
        }
    return known == 1 ? only : 0;
}

int bt_batch_group_period(const bt_batch *b, const bt_territory *t)
{
    return t->period ? t->period : only_period(b);
}

/* Same region, number and period.  When the run has a single known
 * period, the files that give none are filed under it (output.c), so they
 * count as that period here too: otherwise the same territory would be
 * added twice. */
static bool same_key(const bt_batch *bb, const bt_territory *a, const bt_territory *b)
{
    return a->readable && b->readable && a->region >= 0 && a->region == b->region &&
           a->terrnum.state == BT_ST_OK && b->terrnum.state == BT_ST_OK &&
           a->terrnum.n == b->terrnum.n &&
           bt_batch_group_period(bb, a) == bt_batch_group_period(bb, b);
}

#define MAX_GROUP 256   /* files of one territory and period compared */

/* cls[g]: the first member of the group whose content is identical to
 * member g's, so that a conflict names a file that really differs. */
static bt_err classify(bt_batch *b, const size_t *group, size_t ng, size_t *cls)
{
    bt_digest d[MAX_GROUP];
    for (size_t g = 0; g < ng; g++) {
        bt_err e = bt_territory_content_digest(b->items[group[g]], &d[g]);
        if (e)
            return e;
        cls[g] = g;
        for (size_t h = 0; h < g && cls[g] == g; h++)
            if (cls[h] == h && bt_digest_equal(d[h], d[g]))
                cls[g] = h;
    }
    return BT_OK;
}

/* Member g of a group whose files are all the same: counted once. */
static bt_err mark_identical(bt_territory *t, const bt_territory *keep)
{
    t->duplicate = true;
    t->duplicate_of = keep->display;
    return bt_findings_add(t->findings, BT_A_DUP_IDENTICAL, t->display, NULL, 0, 0, NULL, NULL,
                           "tiene el mismo contenido que %s (región, territorio %llu y periodo "
                           "iguales); se cuenta una sola vez, el de %s.",
                           keep->display, (unsigned long long)t->terrnum.n, keep->display);
}

/* Member g of a group whose files differ: none counts until one is left. */
static bt_err mark_conflict(bt_batch *b, const size_t *group, size_t ng, const size_t *cls,
                            size_t g)
{
    bt_territory *t = b->items[group[g]];
    t->duplicate_conflict = true;
    bt_territory *peer = NULL, *twin = NULL;
    size_t differ = 0;
    for (size_t h = 0; h < ng; h++) {
        if (h == g)
            continue;
        if (cls[h] != cls[g]) {
            differ++;
            if (!peer)
                peer = b->items[group[h]];
        } else if (!twin) {
            twin = b->items[group[h]];
        }
    }
    t->duplicate_of = peer->display;
    /* At the N° territorio cell, which makes them one territory. */
    return bt_territory_add(t, BT_E_DUP_CONFLICT, t->terrnum.loc,
                            bt_tpl_field(BT_F_TERRNUM)->label, t->terrnum.raw,
                            "%s y %s%s son del mismo territorio (N° %llu) y del mismo periodo, "
                            "pero su contenido es distinto%s%s%s; ninguno se suma a los totales "
                            "de la región hasta que quede un solo archivo.",
                            t->display, peer->display, differ > 1 ? " (y otros)" : "",
                            (unsigned long long)t->terrnum.n,
                            twin ? " (este archivo es idéntico a " : "", twin ? twin->display : "",
                            twin ? ")" : "");
}

bt_err bt_batch_duplicates(bt_batch *b)
{
    bt_err e = BT_OK;
    bool *done = calloc(b->n ? b->n : 1, sizeof *done);
    if (!done)
        return BT_ERR_NOMEM;
    for (size_t i = 0; i < b->n && !e; i++) {
        if (done[i])
            continue;
        size_t group[MAX_GROUP], cls[MAX_GROUP];
        size_t ng = 0;
        group[ng++] = i;
        for (size_t k = i + 1; k < b->n && ng < MAX_GROUP; k++)
            if (!done[k] && same_key(b, b->items[i], b->items[k]))
                group[ng++] = k;
        if (ng == 1)
            continue;
        e = classify(b, group, ng, cls);
        bool identical = true;
        for (size_t g = 1; g < ng && !e; g++)
            if (cls[g] != 0)
                identical = false;
        for (size_t g = 0; g < ng && !e; g++) {
            done[group[g]] = true;
            if (!identical)
                e = mark_conflict(b, group, ng, cls, g);
            else if (g > 0)
                e = mark_identical(b->items[group[g]], b->items[group[0]]);
        }
    }
    free(done);
    return e;
}

bool bt_counted(const bt_territory *t)
{
    return t->readable && t->region >= 0 && !t->duplicate && !t->duplicate_conflict &&
           !t->strict_skipped;
}

size_t bt_batch_errors(const bt_batch *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        n += bt_territory_errors(b->items[i]);
    const bt_findings *rf = bt_reports_findings(b->reports);
    return n + (rf ? bt_findings_errors(rf) : 0);
}

size_t bt_batch_avisos(const bt_batch *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        n += bt_territory_avisos(b->items[i]);
    const bt_findings *rf = bt_reports_findings(b->reports);
    return n + (rf ? bt_findings_avisos(rf) : 0);
}

bt_err bt_batch_findings(const bt_batch *b, bt_findings *all)
{
    bt_err e = BT_OK;
    for (size_t i = 0; i < b->n && !e; i++)
        e = bt_findings_extend(all, b->items[i]->findings);
    if (!e && b->reports)
        e = bt_findings_extend(all, bt_reports_findings(b->reports));
    if (!e)
        bt_findings_sort(all);
    return e;
}
