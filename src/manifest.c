/* manifest.c - the record of what each workbook was made from (see
 * manifest.h). */
#include "bitacora/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/atomic.h"
#include "bitacora/outdir.h"

#define TAG "w1"

typedef struct {
    const char *rel;
    bt_digest fp, content;
    uint64_t size;
} entry;

struct bt_manifest {
    bt_arena *a;
    entry *v;
    size_t n, cap;
    bool sorted;
};

bt_manifest *bt_manifest_new(void)
{
    bt_manifest *m = calloc(1, sizeof *m);
    if (m && !(m->a = bt_arena_new())) {
        free(m);
        return NULL;
    }
    if (m)
        m->sorted = true;
    return m;
}

void bt_manifest_free(bt_manifest *m)
{
    if (!m)
        return;
    bt_arena_free(m->a);
    free(m);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->rel, ((const entry *)b)->rel);
}

static void sort(bt_manifest *m)
{
    if (!m->sorted && m->n > 1)
        qsort(m->v, m->n, sizeof *m->v, cmp_entry);
    m->sorted = true;
}

static const entry *find(const bt_manifest *m, const char *rel)
{
    entry key = {rel, {{0, 0}}, {{0, 0}}, 0};
    return m->n ? bsearch(&key, m->v, m->n, sizeof *m->v, cmp_entry) : NULL;
}

bt_err bt_manifest_add(bt_manifest *m, const char *rel, bt_digest fp, bt_digest content,
                       uint64_t size)
{
    entry *e = BT_PUSH(m->a, m->v, m->n, m->cap);
    if (!e || !(e->rel = bt_arena_strdup(m->a, rel)))
        return BT_ERR_NOMEM;
    e->fp = fp;
    e->content = content;
    e->size = size;
    m->sorted = m->n < 2 || strcmp(m->v[m->n - 2].rel, rel) < 0 ? m->sorted : false;
    return BT_OK;
}

bt_err bt_manifest_carry(bt_manifest *m, const bt_manifest *old, const char *rel)
{
    const entry *e = find(old, rel);
    return e ? bt_manifest_add(m, rel, e->fp, e->content, e->size) : BT_OK;
}

/* A path this program could have written: a workbook under the folder,
 * in slug characters (outplan.c names every file), never "..".  Anything
 * else in a record is not ours: a rerun neither trusts nor removes it. */
static bool our_path(const char *rel)
{
    size_t n = strlen(rel);
    if (n < 6 || strcmp(rel + n - 5, ".xlsx") != 0 || rel[0] == '/' || rel[0] == '.' ||
        strstr(rel, "..") || strstr(rel, "//"))
        return false;
    for (const char *p = rel; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
              *p == '/' || *p == '_'))
            return false;
    return true;
}

/* "w1 <32 hex> <32 hex> <size> <path>"; false when the line is anything
 * else (and *nomem when it could not be kept for lack of memory). */
static bool parse_line(bt_manifest *m, char *line, bool *nomem)
{
    if (strncmp(line, TAG " ", sizeof TAG) != 0 || strlen(line) < sizeof TAG + 66)
        return false;
    char *p = line + sizeof TAG;
    bt_digest fp, content;
    if (!bt_digest_parse(p, &fp) || p[32] != ' ' || !bt_digest_parse(p + 33, &content) ||
        p[65] != ' ')
        return false;
    char *end;
    unsigned long long size = strtoull(p + 66, &end, 10);
    if (end == p + 66 || *end != ' ' || !our_path(end + 1))
        return false;
    if (bt_manifest_add(m, end + 1, fp, content, size) != BT_OK) {
        *nomem = true;
        return false;
    }
    return true;
}

bt_manifest *bt_manifest_load(const char *dir)
{
    bt_manifest *m = bt_manifest_new();
    if (!m)
        return NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, BT_OUTDIR_MARKER);
    FILE *f = fopen(path, "r");
    if (!f) {
        /* No record; but a record that could not be read for lack of
         * memory is not "no record" (stale workbooks would stay). */
        if (errno == ENOMEM) {
            bt_manifest_free(m);
            return NULL;
        }
        return m;
    }
    char line[8192];
    bool nomem = false;
    while (!nomem && fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        else if (!feof(f))
            break;            /* a line longer than any path we write: stop */
        parse_line(m, line, &nomem);
    }
    nomem = nomem || (ferror(f) && errno == ENOMEM);
    fclose(f);
    if (nomem) {
        bt_manifest_free(m);
        return NULL;
    }
    sort(m);
    /* A path recorded twice: the record is not ours; trust none of it. */
    for (size_t i = 1; i < m->n; i++)
        if (strcmp(m->v[i - 1].rel, m->v[i].rel) == 0) {
            m->n = 0;
            break;
        }
    return m;
}

static bool same_bytes(const entry *e, const char *path)
{
    bt_digest d;
    uint64_t size;
    int err;
    return bt_digest_path(path, &d, &size, &err) == BT_OK && size == e->size &&
           bt_digest_equal(d, e->content);
}

bool bt_manifest_current(const bt_manifest *m, const char *rel, const char *path, bt_digest fp)
{
    const entry *e = find(m, rel);
    return e && bt_digest_equal(e->fp, fp) && same_bytes(e, path);
}

bool bt_manifest_untouched(const bt_manifest *m, const char *rel, const char *path)
{
    const entry *e = find(m, rel);
    return e && same_bytes(e, path);
}

size_t bt_manifest_count(const bt_manifest *m)
{
    return m->n;
}

const char *bt_manifest_path_at(const bt_manifest *m, size_t i)
{
    return i < m->n ? m->v[i].rel : NULL;
}

bool bt_manifest_has(const bt_manifest *cm, const char *rel)
{
    bt_manifest *m = (bt_manifest *)cm;      /* sorting changes no content */
    sort(m);
    return find(m, rel) != NULL;
}

bt_err bt_manifest_save(const bt_manifest *cm, const char *dir, int *err)
{
    bt_manifest *m = (bt_manifest *)cm;      /* sorting changes no content */
    sort(m);
    bt_sb sb;
    bt_sb_init(&sb);
    bt_sb_puts(&sb, BT_OUTDIR_MARKER_TEXT
                    "# Registro de lo escrito: con él, una nueva conversión en esta carpeta\n"
                    "# reescribe solo los libros que cambian. No lo edite; si lo borra, se\n"
                    "# reescribe todo.\n");
    for (size_t i = 0; i < m->n; i++) {
        char a[33], b[33];
        bt_digest_hex(m->v[i].fp, a);
        bt_digest_hex(m->v[i].content, b);
        bt_sb_printf(&sb, TAG " %s %s %llu %s\n", a, b, (unsigned long long)m->v[i].size,
                     m->v[i].rel);
    }
    bt_err e = sb.failed ? BT_ERR_NOMEM : BT_OK;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, BT_OUTDIR_MARKER);
    if (!e)
        e = bt_write_file_atomic(path, sb.s, sb.len, err);
    bt_sb_free(&sb);
    return e;
}
