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

bt_err bt_write_file_atomic(const char *path, const void *data, size_t n, int *err)
{
    char tmp[4200];
    if (!bt_atomic_tmp_path(path, tmp, sizeof tmp)) {
        *err = ENAMETOOLONG;
        return BT_ERR_WRITE;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        *err = errno;
        return BT_ERR_WRITE;
    }
    const char *p = data;
    size_t left = n;
    while (left) {
        ssize_t k = write(fd, p, left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            *err = errno;
            close(fd);
            unlink(tmp);
            return BT_ERR_WRITE;
        }
        p += k;
        left -= (size_t)k;
    }
    if (close(fd) != 0) {
        *err = errno;
        unlink(tmp);
        return BT_ERR_WRITE;
    }
    return bt_atomic_commit(tmp, path, err);
}

bt_err bt_atomic_commit(const char *tmp, const char *path, int *err)
{
    if (rename(tmp, path) == 0)
        return BT_OK;
    *err = errno;
    unlink(tmp);
    return BT_ERR_WRITE;
}
