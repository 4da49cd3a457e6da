/* xlsxcheck.c - is a workbook bitacora just wrote whole? (see xlsxcheck.h) */
#include "bitacora/xlsxcheck.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u

typedef struct {
    const char *name;        /* NUL-terminated copy */
    bool referenced;
} member;

typedef struct {
    const unsigned char *data;
    size_t n;
    bt_arena *a;
    member *m;               /* sorted by name once all are read */
    size_t nm;
    const char **targets;    /* relationship targets, resolved */
    size_t nt, capt;
    const char **parts;      /* content-type overrides, resolved */
    size_t np, capp;
    size_t sheets;           /* xl/worksheets/sheetN.xml */
} pkg;

static uint32_t u16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t u32(const unsigned char *p)
{
    return u16(p) | u16(p + 2) << 16;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static bool is_sheet(const char *nm)
{
    static const char pre[] = "xl/worksheets/sheet";
    return strncmp(nm, pre, sizeof pre - 1) == 0 && !strchr(nm + sizeof pre - 1, '/') &&
           ends_with(nm, ".xml");
}

/* Parts that describe the package: their references are checked. */
static bool is_structural(const char *nm)
{
    return strcmp(nm, "[Content_Types].xml") == 0 || ends_with(nm, ".rels");
}

/* base ("xl/worksheets/") + target ("../drawings/drawing1.xml"), with
 * "." and ".." resolved; a target starting with '/' is from the root. */
static const char *resolve(bt_arena *a, const char *base, const char *target, size_t tlen)
{
    char *buf = bt_arena_alloc(a, strlen(base) + tlen + 2);
    if (!buf)
        return NULL;
    size_t o = 0;
    if (target[0] != '/') {
        strcpy(buf, base);
        o = strlen(base);
    }
    for (size_t i = 0; i < tlen;) {
        size_t k = i;
        while (k < tlen && target[k] != '/')
            k++;
        size_t seg = k - i;
        if (seg == 2 && target[i] == '.' && target[i + 1] == '.') {
            while (o > 0 && buf[o - 1] == '/')
                o--;
            while (o > 0 && buf[o - 1] != '/')
                o--;
        } else if (seg && !(seg == 1 && target[i] == '.')) {
            memcpy(buf + o, target + i, seg);
            o += seg;
            if (k < tlen)
                buf[o++] = '/';
        }
        i = k + 1;
    }
    buf[o] = '\0';
    return buf;
}

/* The value of attribute name="..." inside the tag [tag, end): its start
 * and length, or NULL.  libxlsxwriter escapes '&' '<' '>' '"' in values;
 * a value holding an escape is not one of our paths. */
static const char *attr(const char *tag, const char *end, const char *name, size_t *len)
{
    size_t nl = strlen(name);
    for (const char *p = tag; p + nl + 2 < end; p++) {
        if (p[-1] != ' ' || memcmp(p, name, nl) != 0 || p[nl] != '=' || p[nl + 1] != '"')
            continue;
        const char *v = p + nl + 2, *q = memchr(v, '"', (size_t)(end - v));
        if (!q || memchr(v, '&', (size_t)(q - v)))
            return NULL;
        *len = (size_t)(q - v);
        return v;
    }
    return NULL;
}

static bt_err add_target(pkg *k, const char *t, bool override)
{
    if (!t)
        return BT_ERR_NOMEM;
    const char **slot = override ? BT_PUSH(k->a, k->parts, k->np, k->capp)
                                 : BT_PUSH(k->a, k->targets, k->nt, k->capt);
    if (!slot)
        return BT_ERR_NOMEM;
    *slot = t;
    return BT_OK;
}

/* Every <elem ...> of the part: its attribute `want` (resolved against
 * base) is a member that must exist.  skip_external: these are
 * relationships (a TargetMode "External" one points outside and is left
 * alone); otherwise content-type overrides. */
static bt_err scan(pkg *k, const char *xml, const char *elem, const char *want,
                   const char *base, bool skip_external)
{
    size_t el = strlen(elem);
    for (const char *p = strchr(xml, '<'); p; p = strchr(p + 1, '<')) {
        if (strncmp(p + 1, elem, el) != 0 || p[1 + el] != ' ')
            continue;
        const char *end = strchr(p, '>');
        if (!end)
            return BT_ERR_VERIFY;
        size_t len, ml;
        const char *v = attr(p + 1 + el, end, want, &len);
        const char *mode = skip_external ? attr(p + 1 + el, end, "TargetMode", &ml) : NULL;
        if (!v)
            return BT_ERR_VERIFY;
        if (mode && ml == 8 && memcmp(mode, "External", 8) == 0)
            continue;
        bt_err e = add_target(k, resolve(k->a, base, v, len), !skip_external);
        if (e)
            return e;
    }
    return BT_OK;
}

/* Inflate a member (raw deflate or stored) and check size and CRC. */
static bt_err inflate_member(pkg *k, const unsigned char *src, size_t csize, size_t usize,
                             unsigned method, uint32_t crc, char **out)
{
    if (usize > (16u << 20))
        return BT_ERR_VERIFY;     /* no package part of ours is near that */
    char *buf = bt_arena_alloc(k->a, usize + 1);
    if (!buf)
        return BT_ERR_NOMEM;
    if (method == 0) {
        if (csize != usize)
            return BT_ERR_VERIFY;
        memcpy(buf, src, usize);
    } else {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
            return BT_ERR_NOMEM;
        z.next_in = (unsigned char *)src;
        z.avail_in = (uInt)csize;
        z.next_out = (unsigned char *)buf;
        z.avail_out = (uInt)usize;
        int r = inflate(&z, Z_FINISH);
        size_t got = z.total_out;
        inflateEnd(&z);
        if (r == Z_MEM_ERROR)
            return BT_ERR_NOMEM;
        if (r != Z_STREAM_END || got != usize)
            return BT_ERR_VERIFY;
    }
    buf[usize] = '\0';
    if (crc32(0L, (const unsigned char *)buf, (uInt)usize) != crc)
        return BT_ERR_VERIFY;
    *out = buf;
    return BT_OK;
}

/* A structural member: the references it makes. */
static bt_err structural(pkg *k, const char *name, const char *xml)
{
    if (strcmp(name, "[Content_Types].xml") == 0)
        return scan(k, xml, "Override", "PartName", "", false);
    /* "xl/worksheets/_rels/sheet1.xml.rels" is about "xl/worksheets/" */
    const char *r = strstr(name, "_rels/");
    if (!r)
        return BT_ERR_VERIFY;
    char *base = bt_arena_strndup(k->a, name, (size_t)(r - name));
    if (!base)
        return BT_ERR_NOMEM;
    return scan(k, xml, "Relationship", "Target", base, true);
}

/* One central directory entry at *off: checked against its local
 * header, listed, and read when structural. */
static bt_err entry(pkg *k, size_t *off, size_t cd_start, size_t i)
{
    const unsigned char *d = k->data;
    size_t o = *off;
    if (o + 46 > k->n || u32(d + o) != SIG_CENTRAL)
        return BT_ERR_VERIFY;
    unsigned flags = u16(d + o + 8), method = u16(d + o + 10);
    uint32_t crc = u32(d + o + 16);
    size_t csize = u32(d + o + 20), usize = u32(d + o + 24);
    size_t nlen = u16(d + o + 28), xlen = u16(d + o + 30), clen = u16(d + o + 32);
    size_t lo = u32(d + o + 42);
    if ((flags & 1) || (method != 0 && method != 8) || o + 46 + nlen > k->n)
        return BT_ERR_VERIFY;
    const char *nm = (const char *)d + o + 46;
    /* The local header: same name, and its data before the directory. */
    if (lo + 30 > cd_start || u32(d + lo) != SIG_LOCAL || u16(d + lo + 26) != nlen ||
        memcmp(d + lo + 30, nm, nlen) != 0)
        return BT_ERR_VERIFY;
    size_t data = lo + 30 + nlen + u16(d + lo + 28);
    if (data > cd_start || csize > cd_start - data)
        return BT_ERR_VERIFY;
    member *m = &k->m[i];
    if (!(m->name = bt_arena_strndup(k->a, nm, nlen)))
        return BT_ERR_NOMEM;
    k->sheets += is_sheet(m->name);
    *off = o + 46 + nlen + xlen + clen;
    if (!is_structural(m->name))
        return BT_OK;
    char *xml;
    bt_err e = inflate_member(k, d + data, csize, usize, method, crc, &xml);
    return e ? e : structural(k, m->name, xml);
}

static int cmp_member(const void *a, const void *b)
{
    return strcmp(((const member *)a)->name, ((const member *)b)->name);
}

/* Every reference names a member; every member but the content types
 * and the relationships is some relationship's target. */
static bt_err references(pkg *k)
{
    qsort(k->m, k->nm, sizeof *k->m, cmp_member);
    for (size_t i = 1; i < k->nm; i++)
        if (strcmp(k->m[i - 1].name, k->m[i].name) == 0)
            return BT_ERR_VERIFY;          /* a member twice */
    for (size_t i = 0; i < k->nt; i++) {
        member key = {k->targets[i], false};
        member *hit = bsearch(&key, k->m, k->nm, sizeof *k->m, cmp_member);
        if (!hit)
            return BT_ERR_VERIFY;          /* a reference to nothing */
        hit->referenced = true;
    }
    for (size_t i = 0; i < k->np; i++) {
        member key = {k->parts[i], false};
        if (!bsearch(&key, k->m, k->nm, sizeof *k->m, cmp_member))
            return BT_ERR_VERIFY;          /* a content type for nothing */
    }
    for (size_t i = 0; i < k->nm; i++)
        if (!k->m[i].referenced && !is_structural(k->m[i].name))
            return BT_ERR_VERIFY;          /* an orphan: its relationship was lost */
    return BT_OK;
}

bt_err bt_xlsx_check(const unsigned char *data, size_t n, size_t expect_sheets)
{
    /* The end record: libxlsxwriter writes no archive comment. */
    if (n < 22 || u32(data + n - 22) != SIG_END || u16(data + n - 2) != 0)
        return BT_ERR_VERIFY;
    const unsigned char *end = data + n - 22;
    size_t count = u16(end + 10), cd_size = u32(end + 12), cd_start = u32(end + 16);
    if (u16(end + 4) != 0 || u16(end + 6) != 0 || u16(end + 8) != count || count == 0 ||
        cd_start + cd_size != n - 22)
        return BT_ERR_VERIFY;
    pkg k;
    memset(&k, 0, sizeof k);
    k.data = data;
    k.n = n;
    if (!(k.a = bt_arena_new()))
        return BT_ERR_NOMEM;
    k.m = bt_arena_alloc(k.a, count * sizeof *k.m);
    bt_err e = k.m ? BT_OK : BT_ERR_NOMEM;
    size_t off = cd_start;
    for (size_t i = 0; i < count && !e; i++, k.nm++)
        e = entry(&k, &off, cd_start, i);
    if (!e && off != n - 22)
        e = BT_ERR_VERIFY;
    if (!e)
        e = references(&k);
    if (!e && expect_sheets && k.sheets != expect_sheets)
        e = BT_ERR_VERIFY;
    bt_arena_free(k.a);
    return e;
}

bt_err bt_xlsx_check_file(const char *path, size_t expect_sheets)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return BT_ERR_WRITE;
    struct stat st;
    unsigned char *buf = NULL;
    bt_err e = BT_OK;
    if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
        e = BT_ERR_WRITE;
    } else if (!(buf = malloc((size_t)st.st_size + 1))) {
        e = BT_ERR_NOMEM;
    } else if (fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        if (!errno)
            errno = EIO;
        e = BT_ERR_WRITE;
    }
    fclose(f);
    if (!e)
        e = bt_xlsx_check(buf, (size_t)st.st_size, expect_sheets);
    free(buf);
    return e;
}
