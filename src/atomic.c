/* atomic.c - files that appear whole or not at all (see atomic.h). */
#include "bitacora/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool bt_atomic_tmp_path(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    int n = slash ? snprintf(buf, size, "%.*s/.%s.tmp-%ld", (int)(slash - path), path,
                             slash + 1, (long)getpid())
                  : snprintf(buf, size, ".%s.tmp-%ld", path, (long)getpid());
    return n > 0 && (size_t)n < size;
}

bt_err bt_atomic_open(bt_atomic_file *f, const char *path, int *err)
{
    f->path = path;
    f->fd = -1;
    if (!bt_atomic_tmp_path(path, f->tmp, sizeof f->tmp)) {
        *err = ENAMETOOLONG;
        return BT_ERR_WRITE;
    }
    f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (f->fd < 0) {
        *err = errno;
        return BT_ERR_WRITE;
    }
    return BT_OK;
}

bt_err bt_atomic_write(bt_atomic_file *f, const void *data, size_t n, int *err)
{
    const char *p = data;
    while (n) {
        ssize_t k = write(f->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            *err = errno;
            return BT_ERR_WRITE;
        }
        p += k;
        n -= (size_t)k;
    }
    return BT_OK;
}

bt_err bt_atomic_close(bt_atomic_file *f, int *err)
{
    int fd = f->fd;
    f->fd = -1;
    if (close(fd) != 0) {
        *err = errno;
        unlink(f->tmp);
        return BT_ERR_WRITE;
    }
    return bt_atomic_commit(f->tmp, f->path, err);
}

void bt_atomic_abort(bt_atomic_file *f)
{
    if (f->fd >= 0) {
        close(f->fd);
        f->fd = -1;
        unlink(f->tmp);
    }
}

bt_err bt_write_file_atomic(const char *path, const void *data, size_t n, int *err)
{
    bt_atomic_file f;
    bt_err e = bt_atomic_open(&f, path, err);
    if (!e && (e = bt_atomic_write(&f, data, n, err)))
        bt_atomic_abort(&f);
    return e ? e : bt_atomic_close(&f, err);
}

bt_err bt_atomic_commit(const char *tmp, const char *path, int *err)
{
    if (rename(tmp, path) == 0)
        return BT_OK;
    *err = errno;
    unlink(tmp);
    return BT_ERR_WRITE;
}
