/* zipfile.c - unpacking uploaded archives, packing the output folder (see zipfile.h). */
#include "bitacora/zipfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unzip.h>
#include <zip.h>

#include "bitacora/decode.h"
#include "bitacora/text.h"

#define CHUNK (64u * 1024u)
#define NAME_MAX_BYTES 4096u

const char *bt_zip_refusal_text(bt_zip_refusal why)
{
    switch (why) {
    case BT_ZIP_REFUSE_SYMLINK: return "es un enlace simbólico (no se siguen)";
    case BT_ZIP_REFUSE_PATH:
        return "su ruta sale de la carpeta del ZIP («../», ruta absoluta o unidad de disco)";
    case BT_ZIP_REFUSE_ENCRYPTED: return "está protegido con contraseña";
    case BT_ZIP_REFUSE_SIZE: return "descomprimido pasa de 256 MiB";
    case BT_ZIP_REFUSE_RATIO:
        return "se comprime más de 200 veces (una «bomba zip»); no se descomprimió";
    case BT_ZIP_REFUSE_TOTAL: return "el ZIP descomprimido pasa de 512 MiB en total";
    case BT_ZIP_REFUSE_BROKEN: return "está dañado (no se puede descomprimir o su suma de control no coincide)";
    case BT_ZIP_REFUSE_WRITE: return "no se pudo guardar en el servidor (¿disco lleno?)";
    }
    return "no se pudo leer";
}

/* ---- names ---- */

/* The entry's name as UTF-8: flagged UTF-8 (bit 11) or valid UTF-8 is
 * taken as is; anything else is the OEM code page Windows' own zip tool
 * writes (CP850 in a Spanish locale).  Backslashes become slashes. */
static char *entry_name(const char *raw, size_t n, unsigned long flag)
{
    bt_sb out;
    bt_sb_init(&out);
    bool utf8 = (flag & (1u << 11)) || bt_utf8_valid_prefix(raw, n) == n;
    if (utf8) {
        bt_sb_append(&out, raw, n);
    } else {
        bt_decoder *d = NULL;
        if (bt_decoder_new(BT_ENC_CP850, &d) == BT_OK)
            bt_decoder_feed(d, (const unsigned char *)raw, n, true, &out);
        else
            bt_sb_append(&out, raw, n);
        bt_decoder_free(d);
    }
    if (out.failed) {
        bt_sb_free(&out);
        return NULL;
    }
    char *s = out.s ? out.s : strdup("");
    for (char *p = s; p && *p; p++)
        if (*p == '\\')
            *p = '/';
    /* "./a.csv" is "a.csv". */
    while (s && s[0] == '.' && s[1] == '/')
        memmove(s, s + 2, strlen(s + 2) + 1);
    return s;
}

/* Does the name climb out of the archive's folder? */
static bool escapes(const char *name)
{
    if (name[0] == '/' || (name[0] && name[1] == ':'))
        return true;
    for (const char *p = name; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += len + (slash != NULL);
    }
    return false;
}

static time_t entry_time(const tm_unz *t)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_sec = (int)t->tm_sec;
    tm.tm_min = (int)t->tm_min;
    tm.tm_hour = (int)t->tm_hour;
    tm.tm_mday = (int)t->tm_mday;
    tm.tm_mon = (int)t->tm_mon;
    tm.tm_year = (int)t->tm_year - 1900;
    tm.tm_isdst = -1;
    time_t r = mktime(&tm);
    return r == (time_t)-1 ? 0 : r;
}

static bool is_symlink(const unz_file_info64 *fi)
{
    /* Unix "made by" (3): the mode is in the high half of the external
     * attributes. */
    return (fi->version >> 8) == 3 && ((fi->external_fa >> 16) & S_IFMT) == S_IFLNK;
}

/* ---- unpacking ---- */

typedef struct {
    unzFile zf;
    const bt_zip_visitor *v;
    uint64_t total;          /* uncompressed bytes written so far */
    unsigned char *buf;
} unpacker;

/* Copy the current entry to path, checking size and ratio as it goes.
 * Returns 0 when written whole, or the refusal (+1). */
static int copy_entry(unpacker *u, const unz_file_info64 *fi, const char *path)
{
    if (unzOpenCurrentFile(u->zf) != UNZ_OK)
        return BT_ZIP_REFUSE_BROKEN + 1;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        unzCloseCurrentFile(u->zf);
        return BT_ZIP_REFUSE_WRITE + 1;
    }
    uint64_t got = 0;
    int why = 0;
    for (;;) {
        int n = unzReadCurrentFile(u->zf, u->buf, CHUNK);
        if (n < 0) {
            why = BT_ZIP_REFUSE_BROKEN + 1;
            break;
        }
        if (n == 0)
            break;
        got += (uint64_t)n;
        if (got > BT_ZIP_MAX_PART)
            why = BT_ZIP_REFUSE_SIZE + 1;
        else if (got > (1u << 20) && got / (fi->compressed_size + 1) > BT_ZIP_MAX_RATIO)
            why = BT_ZIP_REFUSE_RATIO + 1;
        else if (u->total + got > BT_ZIP_MAX_TOTAL)
            why = BT_ZIP_REFUSE_TOTAL + 1;
        if (why)
            break;
        for (ssize_t off = 0; off < n;) {
            ssize_t k = write(fd, u->buf + off, (size_t)(n - off));
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                why = BT_ZIP_REFUSE_WRITE + 1;
                break;
            }
            off += k;
        }
        if (why)
            break;
    }
    int rc = unzCloseCurrentFile(u->zf);
    if (!why && rc == UNZ_CRCERROR)
        why = BT_ZIP_REFUSE_BROKEN + 1;
    if (close(fd) != 0 && !why)
        why = BT_ZIP_REFUSE_WRITE + 1;
    if (why)
        unlink(path);
    else
        u->total += got;
    return why;
}

/* The checks an entry's header allows, before anything is inflated;
 * 0 or the refusal (+1). */
static int check_header(const unpacker *u, const unz_file_info64 *fi, const char *name)
{
    if (is_symlink(fi))
        return BT_ZIP_REFUSE_SYMLINK + 1;
    if (escapes(name))
        return BT_ZIP_REFUSE_PATH + 1;
    if (fi->flag & 1u)
        return BT_ZIP_REFUSE_ENCRYPTED + 1;
    if (fi->uncompressed_size > BT_ZIP_MAX_PART)
        return BT_ZIP_REFUSE_SIZE + 1;
    if (fi->uncompressed_size > (1u << 20) &&
        fi->uncompressed_size / (fi->compressed_size + 1) > BT_ZIP_MAX_RATIO)
        return BT_ZIP_REFUSE_RATIO + 1;
    if (u->total + fi->uncompressed_size > BT_ZIP_MAX_TOTAL)
        return BT_ZIP_REFUSE_TOTAL + 1;
    return 0;
}

/* One entry: checked, offered to the visitor, copied. */
static bt_err visit_entry(unpacker *u, char *raw)
{
    unz_file_info64 fi;
    if (unzGetCurrentFileInfo64(u->zf, &fi, raw, NAME_MAX_BYTES, NULL, 0, NULL, 0) != UNZ_OK)
        return BT_OK;   /* a directory record we cannot read: nothing to name */
    size_t rawlen = fi.size_filename < NAME_MAX_BYTES ? fi.size_filename : NAME_MAX_BYTES - 1;
    char *name = entry_name(raw, rawlen, fi.flag);
    if (!name)
        return BT_ERR_NOMEM;
    bt_zip_entry e = {name, fi.uncompressed_size, entry_time(&fi.tmu_date)};
    bt_err err = BT_OK;
    size_t len = strlen(name);
    bool dir = len == 0 || name[len - 1] == '/';
    int why = 0;
    if (!dir || is_symlink(&fi)) {
        why = check_header(u, &fi, name);
        const char *path = why ? NULL : u->v->want(u->v->ctx, &e);
        if (path)
            why = copy_entry(u, &fi, path);
        if (why)
            u->v->refused(u->v->ctx, &e, (bt_zip_refusal)(why - 1));
        else if (path)
            err = u->v->done(u->v->ctx, &e, path);
    }
    free(name);
    return err;
}

bt_err bt_zip_unpack(const char *zip_path, const bt_zip_visitor *v, bt_zip_status *status)
{
    *status = BT_ZIP_OK;
    unpacker u = {NULL, v, 0, malloc(CHUNK)};
    char *raw = malloc(NAME_MAX_BYTES);
    if (!u.buf || !raw) {
        free(u.buf);
        free(raw);
        return BT_ERR_NOMEM;
    }
    bt_err e = BT_OK;
    u.zf = unzOpen64(zip_path);
    unz_global_info64 gi;
    if (!u.zf || unzGetGlobalInfo64(u.zf, &gi) != UNZ_OK) {
        *status = BT_ZIP_NOT_ZIP;
    } else if (gi.number_entry > BT_ZIP_MAX_ENTRIES) {
        *status = BT_ZIP_TOO_MANY;
    } else {
        int rc = unzGoToFirstFile(u.zf);
        for (ZPOS64_T i = 0; rc == UNZ_OK && !e; i++) {
            if (i >= BT_ZIP_MAX_ENTRIES) {   /* a directory that lies about its count */
                *status = BT_ZIP_TOO_MANY;
                break;
            }
            e = visit_entry(&u, raw);
            rc = unzGoToNextFile(u.zf);
        }
        if (!e && rc != UNZ_OK && rc != UNZ_END_OF_LIST_OF_FILE && *status == BT_ZIP_OK)
            *status = BT_ZIP_NOT_ZIP;
    }
    if (u.zf)
        unzClose(u.zf);
    free(u.buf);
    free(raw);
    return e;
}

bt_err bt_zip_list(const char *zip_path, int (*fn)(void *ctx, const char *name, uint64_t size),
                   void *ctx)
{
    unzFile zf = unzOpen64(zip_path);
    if (!zf)
        return BT_ERR_READ;
    char name[NAME_MAX_BYTES];
    int rc = unzGoToFirstFile(zf);
    while (rc == UNZ_OK) {
        unz_file_info64 fi;
        if (unzGetCurrentFileInfo64(zf, &fi, name, sizeof name, NULL, 0, NULL, 0) != UNZ_OK)
            break;
        if (fn(ctx, name, fi.uncompressed_size))
            break;
        rc = unzGoToNextFile(zf);
    }
    unzClose(zf);
    return rc == UNZ_OK || rc == UNZ_END_OF_LIST_OF_FILE ? BT_OK : BT_ERR_READ;
}

/* ---- packing ---- */

typedef struct {
    char **v;
    size_t n, cap;
} paths;

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under root/rel, as paths relative to root. */
static bt_err collect(const char *root, const char *rel, paths *out, int depth, int *err)
{
    char dirpath[4200];
    snprintf(dirpath, sizeof dirpath, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dirpath);
    if (!d) {
        *err = errno;
        return BT_ERR_READ;
    }
    bt_err e = BT_OK;
    struct dirent *de;
    while (!e && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char sub[4200], full[8500];
        int k = snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
        snprintf(full, sizeof full, "%s/%s", root, sub);
        if (k < 0 || (size_t)k >= sizeof sub) {
            *err = ENAMETOOLONG;
            e = BT_ERR_READ;
            break;
        }
        struct stat st;
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode) && depth < 32) {
            e = collect(root, sub, out, depth + 1, err);
        } else if (S_ISREG(st.st_mode)) {
            if (out->n == out->cap) {
                size_t ncap = out->cap ? out->cap * 2 : 64;
                char **nv = realloc(out->v, ncap * sizeof *nv);
                if (!nv) {
                    e = BT_ERR_NOMEM;
                    break;
                }
                out->v = nv;
                out->cap = ncap;
            }
            if (!(out->v[out->n] = strdup(sub)))
                e = BT_ERR_NOMEM;
            else
                out->n++;
        }
    }
    closedir(d);
    return e;
}

static bool is_stored(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".xlsx") == 0;
}

/* One file into the open archive. */
static bt_err add_file(zipFile zf, const char *root, const char *rel, unsigned char *buf, int *err)
{
    char full[4200];
    snprintf(full, sizeof full, "%s/%s", root, rel);
    int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *err = errno;
        if (fd >= 0)
            close(fd);
        return BT_ERR_READ;
    }
    zip_fileinfo zi;
    memset(&zi, 0, sizeof zi);
    struct tm tm;
    localtime_r(&st.st_mtime, &tm);
    zi.tmz_date.tm_sec = (uInt)tm.tm_sec;
    zi.tmz_date.tm_min = (uInt)tm.tm_min;
    zi.tmz_date.tm_hour = (uInt)tm.tm_hour;
    zi.tmz_date.tm_mday = (uInt)tm.tm_mday;
    zi.tmz_date.tm_mon = (uInt)tm.tm_mon;
    zi.tmz_date.tm_year = (uInt)tm.tm_year + 1900;
    bool store = is_stored(rel);
    bt_err e = BT_OK;
    if (zipOpenNewFileInZip64(zf, rel, &zi, NULL, 0, NULL, 0, NULL, store ? 0 : Z_DEFLATED,
                              store ? 0 : 6, st.st_size >= 0xffffffffLL) != ZIP_OK) {
        e = BT_ERR_WRITE;
    }
    for (ssize_t n; !e && (n = read(fd, buf, CHUNK)) != 0;) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            e = BT_ERR_READ;
        } else if (zipWriteInFileInZip(zf, buf, (unsigned)n) != ZIP_OK) {
            e = BT_ERR_WRITE;
        }
    }
    if (zipCloseFileInZip(zf) != ZIP_OK && !e)
        e = BT_ERR_WRITE;
    close(fd);
    return e;
}

bt_err bt_zip_write_dir(const char *dir, const char *zip_path, int *err)
{
    *err = 0;
    paths ps = {NULL, 0, 0};
    bt_err e = collect(dir, "", &ps, 0, err);
    if (!e && ps.n > 1)
        qsort(ps.v, ps.n, sizeof *ps.v, cmp_path);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", zip_path);
    unsigned char *buf = e ? NULL : malloc(CHUNK);
    if (!e && !buf)
        e = BT_ERR_NOMEM;
    zipFile zf = e ? NULL : zipOpen64(tmp, APPEND_STATUS_CREATE);
    if (!e && !zf) {
        *err = errno ? errno : EIO;
        e = BT_ERR_WRITE;
    }
    for (size_t i = 0; i < ps.n && !e; i++)
        e = add_file(zf, dir, ps.v[i], buf, err);
    if (zf && zipClose(zf, NULL) != ZIP_OK && !e) {
        *err = errno ? errno : EIO;
        e = BT_ERR_WRITE;
    }
    if (!e && rename(tmp, zip_path) != 0) {
        *err = errno;
        e = BT_ERR_WRITE;
    }
    if (e)
        unlink(tmp);
    for (size_t i = 0; i < ps.n; i++)
        free(ps.v[i]);
    free(ps.v);
    free(buf);
    return e;
}
