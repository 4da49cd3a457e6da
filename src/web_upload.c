/* web_upload.c - a POST's parts into a job folder (see web.h).
 *
 * Each file part is written, as it arrives, to entrada/NNNN, a name the
 * server makes; the name the browser gave is only a label, cleaned and
 * kept in the request file with the file's modification date (the page's
 * script sends it as a «modificado» field before each file; without it,
 * the upload time stands).  The request file is what the worker reads:
 *
 *     bitacora-trabajo 1
 *     conservar 60
 *     periodo 2025            (when given)
 *     csv 1                   (when asked for)
 *     territorios listado territorios 2025.csv   (the roster, when sent)
 *     archivo 0001 1733500000 territorio 3.csv
 *
 * one "archivo" line per file: stored name, date (seconds since the
 * epoch, 0 for none), the label (the rest of the line).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bitacora/text.h"
#include "bitacora/value.h"
#include "web.h"

#define FIELD_MAX 64u          /* the longest plain field we keep */

typedef struct {
    char stored[16];
    char *label;
    long long mtime;
} upfile;

struct bt_web_upload {
    int job_fd;
    int inputs_fd;             /* entrada/ */
    unsigned max_files;
    upfile *files;
    size_t n, cap;
    int fd;                    /* the file being received, or -1 */
    bool in_file;              /* the current part is a file */
    char field[FIELD_MAX + 1]; /* the current plain field's value */
    size_t field_len;
    char key[16];              /* and its name */
    /* the part being received, to tell its pieces from a new part */
    bool part_started, part_empty;
    char part_key[32];
    char *part_name;
    long long next_mtime;      /* from the last «modificado» field */
    char *roster_label;        /* the list of territories, when sent */
    int period;
    bool csv;
    bool bad_period;
};

const char *bt_up_status_text(bt_up_status s)
{
    switch (s) {
    case BT_UP_OK: return "";
    case BT_UP_NO_FILES: return "No eligió ningún archivo. Elija una o más bitácoras (CSV, XLSX o un ZIP) y vuelva a enviar.";
    case BT_UP_TOO_MANY: return "Son demasiados archivos para un envío.";
    case BT_UP_BAD_PERIOD: return "El periodo debe ser un año de cuatro cifras, como 2025.";
    case BT_UP_WRITE: return "El servidor no pudo guardar los archivos (¿disco lleno?). Avise a quien administra el servidor.";
    case BT_UP_NOMEM: return "El servidor no tiene memoria suficiente en este momento. Intente de nuevo en unos minutos.";
    case BT_UP_TWO_ROSTERS: return "Envíe un solo listado de territorios.";
    }
    return "";
}

bt_web_upload *bt_web_upload_new(int job_fd, unsigned max_files)
{
    bt_web_upload *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->job_fd = job_fd;
    u->fd = -1;
    u->max_files = max_files;
    if (mkdirat(job_fd, BT_WEB_INPUTS, 0700) != 0 ||
        (u->inputs_fd = openat(job_fd, BT_WEB_INPUTS, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        free(u);
        return NULL;
    }
    return u;
}

void bt_web_upload_free(bt_web_upload *u)
{
    if (!u)
        return;
    if (u->fd >= 0)
        close(u->fd);
    if (u->inputs_fd >= 0)
        close(u->inputs_fd);
    for (size_t i = 0; i < u->n; i++)
        free(u->files[i].label);
    free(u->files);
    free(u->part_name);
    free(u->roster_label);
    free(u);
}

size_t bt_web_upload_files(const bt_web_upload *u)
{
    return u->n;
}

/* ---- names ---- */

/* Valid UTF-8 with every control, bidi override and undecodable byte
 * made U+FFFD; '\\' is a separator as '/' is (Windows). */
static void clean_text(bt_sb *b, const char *raw, size_t n)
{
    const unsigned char *p = (const unsigned char *)raw, *end = p + n;
    while (p < end) {
        size_t ok = bt_utf8_valid_prefix((const char *)p, (size_t)(end - p));
        if (ok == 0) {
            bt_sb_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        for (const unsigned char *stop = p + ok; p < stop;) {
            size_t len = bt_web_char_len(*p);
            if (bt_web_hidden_char(p, len))
                bt_sb_puts(b, "\xEF\xBF\xBD");
            else if (*p == '\\')
                bt_sb_putc(b, '/');
            else
                bt_sb_append(b, (const char *)p, len);
            p += len;
        }
    }
}

/* Cut s to at most max bytes at a character boundary, keeping its
 * extension (".csv") when it has a short one. */
static void cut_name(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return;
    const char *dot = strrchr(s, '.');
    size_t ext = dot && strlen(dot) <= 8 && !strchr(dot, '/') ? strlen(dot) : 0;
    size_t keep = max - ext;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    memmove(s + keep, s + n - ext, ext + 1);
}

char *bt_web_clean_name(const char *raw, size_t n, bool keep_dirs)
{
    bt_sb t;
    bt_sb_init(&t);
    clean_text(&t, raw, n);
    bt_sb out;
    bt_sb_init(&out);
    const char *s = bt_sb_str(&t);
    if (!keep_dirs) {
        const char *slash = strrchr(s, '/');
        bt_sb_puts(&out, slash ? slash + 1 : s);
    } else {
        /* Parts joined again without "", "." or "..": a label that looks
         * like a path never looks like one that climbs out. */
        for (const char *p = s; *p;) {
            const char *slash = strchr(p, '/');
            size_t len = slash ? (size_t)(slash - p) : strlen(p);
            bool skip = len == 0 || (len == 1 && p[0] == '.') ||
                        (len == 2 && p[0] == '.' && p[1] == '.');
            if (!skip) {
                if (out.len)
                    bt_sb_putc(&out, '/');
                bt_sb_append(&out, p, len);
            }
            p += len + (slash != NULL);
        }
    }
    bt_sb_free(&t);
    if (out.failed) {
        bt_sb_free(&out);
        return NULL;
    }
    char *r = out.s ? out.s : strdup("");
    if (r) {
        /* Spaces at the ends are invisible in a label. */
        size_t len = strlen(r), a = 0;
        while (a < len && r[a] == ' ')
            a++;
        while (len > a && r[len - 1] == ' ')
            len--;
        memmove(r, r + a, len - a);
        r[len - a] = '\0';
        if (!strcmp(r, ".") || !strcmp(r, ".."))
            r[0] = '\0';
        cut_name(r, 255);
    }
    return r;
}

char *bt_web_label_unique(char *label, char *const *labels, size_t n)
{
    for (int k = 1; k < 100000; k++) {
        char *cand = label;
        if (k > 1) {
            const char *dot = strrchr(label, '.');
            size_t stem = dot && dot != label && !strchr(dot, '/') ? (size_t)(dot - label)
                                                                   : strlen(label);
            size_t len = strlen(label) + 16;
            cand = malloc(len);
            if (!cand) {
                free(label);
                return NULL;
            }
            snprintf(cand, len, "%.*s (%d)%s", (int)stem, label, k, label + stem);
        }
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = labels[i] && strcmp(labels[i], cand) == 0;
        if (!taken) {
            if (cand != label)
                free(label);
            return cand;
        }
        if (cand != label)
            free(cand);
    }
    free(label);
    return NULL;
}

/* The labels of the files so far, for bt_web_label_unique. */
static char **labels_of(const bt_web_upload *u)
{
    char **v = malloc((u->n + 1) * sizeof *v);
    for (size_t i = 0; v && i < u->n; i++)
        v[i] = u->files[i].label;
    return v;
}

/* ---- parts ---- */

static bt_up_status end_file(bt_web_upload *u)
{
    if (u->fd < 0)
        return BT_UP_OK;
    int rc = close(u->fd);
    u->fd = -1;
    return rc == 0 ? BT_UP_OK : BT_UP_WRITE;
}

/* The roster (field «territorios»): stored as entrada/listado, known by
 * the last part of its name. */
static bt_up_status start_roster(bt_web_upload *u, const char *filename)
{
    bt_up_status st = end_file(u);
    if (st)
        return st;
    if (u->roster_label)
        return BT_UP_TWO_ROSTERS;
    char *label = bt_web_clean_name(filename, strlen(filename), false);
    if (label && !label[0]) {
        free(label);
        label = strdup("territorios.csv");
    }
    if (!label)
        return BT_UP_NOMEM;
    u->roster_label = label;
    u->fd = openat(u->inputs_fd, "listado", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                   0600);
    return u->fd < 0 ? BT_UP_WRITE : BT_UP_OK;
}

static bt_up_status start_file(bt_web_upload *u, const char *filename)
{
    bt_up_status st = end_file(u);
    if (st)
        return st;
    if (u->n >= u->max_files)
        return BT_UP_TOO_MANY;
    if (u->n == u->cap) {
        size_t ncap = u->cap ? u->cap * 2 : 16;
        upfile *nf = realloc(u->files, ncap * sizeof *nf);
        if (!nf)
            return BT_UP_NOMEM;
        u->files = nf;
        u->cap = ncap;
    }
    upfile *f = &u->files[u->n];
    memset(f, 0, sizeof *f);
    snprintf(f->stored, sizeof f->stored, "%04zu", u->n + 1);
    /* A folder's files come with their path inside it ("region5/t1.csv"):
     * kept, as `convert region5/` would name them.  A name that is no
     * such path (absolute, "..", a Windows path from an old browser) is
     * known by its last part. */
    bool relative = filename[0] != '/' && !strstr(filename, "..") && !strchr(filename, '\\') &&
                    !strchr(filename, ':');
    char *label = bt_web_clean_name(filename, strlen(filename), relative);
    if (label && !label[0]) {
        free(label);
        label = malloc(32);
        if (label)
            snprintf(label, 32, "archivo-%zu", u->n + 1);
    }
    char **labels = label ? labels_of(u) : NULL;
    if (labels)
        label = bt_web_label_unique(label, labels, u->n);
    else
        free(label);
    if (!labels)
        label = NULL;
    free(labels);
    if (!label)
        return BT_UP_NOMEM;
    f->label = label;
    f->mtime = u->next_mtime;
    u->next_mtime = 0;
    u->fd = openat(u->inputs_fd, f->stored, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                   0600);
    if (u->fd < 0) {
        free(f->label);
        return errno == ENOMEM ? BT_UP_NOMEM : BT_UP_WRITE;
    }
    u->n++;
    return BT_UP_OK;
}

static bt_up_status write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return BT_UP_WRITE;
        p += k;
        n -= (size_t)k;
    }
    return BT_UP_OK;
}

/* A plain field is complete: keep what it says. */
static void end_field(bt_web_upload *u)
{
    u->field[u->field_len] = '\0';
    const char *v = u->field;
    if (strcmp(u->key, "modificado") == 0) {
        /* milliseconds since the epoch, from File.lastModified */
        char *end;
        long long ms = strtoll(v, &end, 10);
        u->next_mtime = *v && !*end && ms > 0 && ms < 32503680000000LL ? ms / 1000 : 0;
    } else if (strcmp(u->key, "periodo") == 0) {
        size_t a = 0, len = strlen(v);
        while (a < len && v[a] == ' ')
            a++;
        while (len > a && v[len - 1] == ' ')
            len--;
        if (len > a) {
            char year[FIELD_MAX + 1];
            memcpy(year, v + a, len - a);
            year[len - a] = '\0';
            bt_why why;
            if (bt_parse_year(year, &u->period, &why) != BT_VAL_OK)
                u->bad_period = true;
        }
    } else if (strcmp(u->key, "csv") == 0) {
        u->csv = v[0] && strcmp(v, "0") != 0;
    }
    u->key[0] = '\0';
    u->field_len = 0;
}

/* Is this piece the start of a new part?  MHD calls once at the start of
 * every part, with no bytes if it has none yet, and then again from
 * offset 0 when the bytes arrive: a piece at offset 0 continues the part
 * while that part has had no byte, and has the same name and file name.
 * (An empty file followed by one of the very same name is then taken
 * as one file; the bytes are kept, the empty one is not.) */
static bool new_part(const bt_web_upload *u, const char *key, const char *filename,
                     uint64_t off)
{
    if (off != 0)
        return false;
    bool same = u->part_started && u->part_empty && strcmp(u->part_key, key) == 0 &&
                (filename ? u->part_name && strcmp(u->part_name, filename) == 0 : !u->part_name);
    return !same;
}

static bt_up_status begin_part(bt_web_upload *u, const char *key, const char *filename)
{
    if (u->key[0])
        end_field(u);
    bt_up_status st = end_file(u);
    if (st)
        return st;
    u->in_file = false;
    u->part_started = true;
    u->part_empty = true;
    snprintf(u->part_key, sizeof u->part_key, "%s", key);
    free(u->part_name);
    u->part_name = filename ? strdup(filename) : NULL;
    if (filename && !u->part_name)
        return BT_UP_NOMEM;
    if (!filename && strlen(key) < sizeof u->key)
        snprintf(u->key, sizeof u->key, "%s", key);
    return BT_UP_OK;
}

bt_up_status bt_web_upload_data(bt_web_upload *u, const char *key, const char *filename,
                                const char *data, uint64_t off, size_t size)
{
    bool file = filename != NULL && strcmp(key, "archivos") == 0;
    bool roster = filename != NULL && strcmp(key, "territorios") == 0;
    if (new_part(u, key, filename, off)) {
        bt_up_status st = begin_part(u, key, filename);
        if (st)
            return st;
    }
    /* An empty file input (nothing chosen) sends a part with no file
     * name and no bytes: not a file. */
    if ((file || roster) && !u->in_file && (size > 0 || filename[0])) {
        bt_up_status st = file ? start_file(u, filename) : start_roster(u, filename);
        if (st)
            return st;
        u->in_file = true;
    }
    if (size)
        u->part_empty = false;
    if (u->in_file)
        return size ? write_all(u->fd, data, size) : BT_UP_OK;
    if (u->key[0] && off == u->field_len) {
        size_t room = FIELD_MAX - u->field_len;
        size_t k = size < room ? size : room;
        memcpy(u->field + u->field_len, data, k);
        u->field_len += k;
    }
    return BT_UP_OK;
}

bt_up_status bt_web_upload_finish(bt_web_upload *u, unsigned keep_minutes)
{
    if (u->key[0])
        end_field(u);
    bt_up_status st = end_file(u);
    if (st)
        return st;
    if (u->bad_period)
        return BT_UP_BAD_PERIOD;
    if (u->n == 0)
        return BT_UP_NO_FILES;
    bt_sb b;
    bt_sb_init(&b);
    bt_sb_printf(&b, "bitacora-trabajo 1\nconservar %u\nmax-archivos %u\n", keep_minutes,
                 u->max_files);
    if (u->period)
        bt_sb_printf(&b, "periodo %d\n", u->period);
    if (u->csv)
        bt_sb_puts(&b, "csv 1\n");
    if (u->roster_label)
        bt_sb_printf(&b, "territorios listado %s\n", u->roster_label);
    for (size_t i = 0; i < u->n; i++)
        bt_sb_printf(&b, "archivo %s %lld %s\n", u->files[i].stored, u->files[i].mtime,
                     u->files[i].label);
    if (b.failed) {
        bt_sb_free(&b);
        return BT_UP_NOMEM;
    }
    int fd = openat(u->job_fd, BT_WEB_REQUEST, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    st = fd < 0 ? BT_UP_WRITE : write_all(fd, b.s, b.len);
    if (fd >= 0 && close(fd) != 0)
        st = BT_UP_WRITE;
    bt_sb_free(&b);
    return st;
}
