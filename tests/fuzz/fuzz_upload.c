/*
 * fuzz_upload.c - libFuzzer target: the web interface's upload path.
 *
 * The input is the body of a POST /revisar (multipart/form-data with a
 * fixed boundary, "bitacora"), sent over a real socket to an in-process
 * server (libmicrohttpd's parser, web_upload.c), whose jobs are unpacked
 * in the runner thread (web_worker.c: the request file, zips with their
 * limits, the labels) instead of converted — conversion has fuzz_load.
 * After each input: the server still answers, and nothing exists in its
 * data folder but job folders.  Seeds: tests/fuzz/upload_seeds.py.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../src/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bt_web_options opts;
static bt_web_server *srv;
static unsigned short port;

static void start(void)
{
    signal(SIGPIPE, SIG_IGN);
    bt_web_options_default(&opts);
    opts.port = 0;
    opts.jobs = 1;
    opts.queue = 4;
    opts.max_mb = 4;
    opts.max_files = 50;
    opts.self = NULL;
    opts.run_inline = bt_web_worker_unpack_only;
    char url[128];
    srv = bt_web_start(&opts, url, sizeof url);
    if (!srv)
        abort();
    const char *colon = strrchr(url, ':');
    port = (unsigned short)atoi(colon + 1);
}

/* Why the target stops: said before abort(), so a crash names its cause. */
static void fail(const char *what)
{
    fprintf(stderr, "fuzz_upload: %s (%s)\n", what, strerror(errno));
    abort();
}

/* Closed with a reset: tens of thousands of inputs must not pile up
 * TIME_WAIT sockets until the machine has no port left to connect from. */
static void close_now(int fd)
{
    struct linger l = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(fd);
}

/* A connection to the server.  What the client's side may lack for a
 * moment (a port, a descriptor) is waited for, up to a few seconds; a
 * server that refuses for that long is a failure. */
static int connect_local(void)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int tries = 0;; tries++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
            return fd;
        int err = errno;
        if (fd >= 0)
            close(fd);
        errno = err;
        if (tries == 300)
            fail("cannot connect to the server");
        usleep(10000);
    }
}

/* libFuzzer's once-a-second SIGALRM (its -timeout watch) interrupts a
 * call that waits: one in about 5,000 inputs fell in that window and
 * stopped CI runs with EINTR.  Both of these go on through it. */
static bool send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = send(fd, c, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        c += w;
        n -= (size_t)w;
    }
    return true;
}

/* Up to size bytes, until the server closes; how many. */
static size_t recv_all(int fd, char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t r = recv(fd, buf + got, size - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

static void exchange(const uint8_t *body, size_t n)
{
    int fd = connect_local();
    char head[256];
    int k = snprintf(head, sizeof head,
                     "POST /revisar HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Content-Type: multipart/form-data; boundary=bitacora\r\n"
                     "Content-Length: %zu\r\n\r\n", n);
    if (!send_all(fd, head, (size_t)k))
        fail("the server closed the connection before the request head");
    (void)send_all(fd, body, n);   /* the server may answer (413) and close early */
    char buf[4096];
    while (recv_all(fd, buf, sizeof buf) == sizeof buf)
        ;
    close_now(fd);
}

/* Nothing but job folders (and their contents) in the data folder. */
static void check_data(void)
{
    DIR *d = opendir(bt_web_data_dir(srv));
    if (!d)
        fail("cannot open the data folder");
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (!bt_web_id_valid(de->d_name, strlen(de->d_name)) || de->d_type != DT_DIR) {
            fprintf(stderr, "fuzz_upload: unexpected %s in the data folder\n", de->d_name);
            abort();
        }
        int dfd = dirfd(d);
        bt_web_rmtree_at(dfd, de->d_name);   /* keep the disk small */
    }
    closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!srv)
        start();
    exchange(data, size);
    check_data();
    /* The server still answers. */
    int fd = connect_local();
    static const char get[] = "GET /salud HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if (!send_all(fd, get, sizeof get - 1))
        fail("the server closed the /salud connection");
    char buf[512];
    size_t got = recv_all(fd, buf, sizeof buf - 1);
    close_now(fd);
    if (got < 12 || memcmp(buf, "HTTP/1.1 200", 12) != 0) {
        buf[got] = '\0';
        fprintf(stderr, "fuzz_upload: /salud answered \"%.60s\"\n", buf);
        fail("the server does not answer /salud");
    }
    return 0;
}
