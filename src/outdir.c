/* outdir.c - the folders bitacora writes into (see outdir.h). */
#include "bitacora/outdir.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "bitacora/atomic.h"

bt_err bt_mkdirs(const char *path, int *err)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof buf) {
        *err = ENAMETOOLONG;
        return BT_ERR_WRITE;
    }
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            *err = errno;
            return BT_ERR_WRITE;
        }
        buf[i] = c;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        *err = ENOTDIR;
        return BT_ERR_WRITE;
    }
    return BT_OK;
}

bt_err bt_outdir_make(bt_arena *a, const char *dir, int *err, const char **failed)
{
    bt_err e = bt_mkdirs(dir, err);
    if (e) {
        *failed = dir;
        return e;
    }
    const char *m = bt_arena_printf(a, "%s/%s", dir, BT_OUTDIR_MARKER);
    if (!m)
        return BT_ERR_NOMEM;
    struct stat st;
    if (stat(m, &st) == 0)
        return BT_OK;
    static const char text[] = BT_OUTDIR_MARKER_TEXT;
    e = bt_write_file_atomic(m, text, sizeof text - 1, err);
    if (e)
        *failed = m;
    return e;
}
