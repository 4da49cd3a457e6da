/* web_jobs.c - job IDs and folders, the bounded queue, the conversion
 * processes, expiry (see web.h).
 *
 * Conversions never run on the server's own threads: each job is a
 * process of its own (`bitacora servir --trabajo DIR`, this same program),
 * so a crash, a runaway file or a memory failure in one job ends that job
 * only, and the network threads stay free.  A fixed set of runner threads
 * (--trabajos) takes jobs from a queue; the places of the queue are taken
 * at admission, before the upload, so a full server says 503 before the
 * client sends its files.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "web.h"

/* ---- IDs ---- */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool bt_web_id_new(char id[BT_WEB_ID_LEN + 1])
{
    unsigned char r[16];
    size_t got = 0;
    while (got < sizeof r) {
        ssize_t k = getrandom(r + got, sizeof r - got, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        got += (size_t)k;
    }
    /* 128 bits as 22 base64url characters (the last holds 2 bits). */
    unsigned acc = 0, bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < sizeof r; i++) {
        acc = (acc << 8) | r[i];
        bits += 8;
        while (bits >= 6) {
            id[o++] = b64url[(acc >> (bits - 6)) & 63];
            bits -= 6;
        }
    }
    id[o++] = b64url[(acc << (6 - bits)) & 63];
    id[o] = '\0';
    return o == BT_WEB_ID_LEN;
}

bool bt_web_id_valid(const char *s, size_t n)
{
    if (n != BT_WEB_ID_LEN)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(b64url, s[i]))
            return false;
    return true;
}

/* ---- removing a folder ---- */

int bt_web_rmtree_at(int dir_fd, const char *name)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        /* Not a folder (or a link to one): the name alone goes. */
        if (unlinkat(dir_fd, name, 0) == 0 || errno == ENOENT)
            return 0;
        return -1;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN) {
            if (bt_web_rmtree_at(fd, de->d_name) != 0)
                rc = -1;
        } else if (unlinkat(fd, de->d_name, 0) != 0 && errno != ENOENT) {
            rc = -1;
        }
    }
    closedir(d);
    if (unlinkat(dir_fd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        rc = -1;
    return rc;
}

/* ---- the pool ---- */

typedef struct job {
    char id[BT_WEB_ID_LEN + 1];
    void *token;
    bool queued;
    struct job *next;          /* in the queue */
} job;

struct bt_web_pool {
    const bt_web_options *o;
    const char *data_dir;
    int data_fd;
    bt_web_done_fn done;
    pthread_mutex_t lock;
    pthread_cond_t wake;       /* a job was queued, or the pool stops */
    pthread_cond_t idle;       /* a place was freed */
    job **active;              /* admitted jobs: o->jobs + o->queue places */
    unsigned nactive, places;
    job *head, *tail;          /* the queue */
    unsigned running;
    double avg_seconds;        /* how long a job takes, lately */
    bool stopping;
    pthread_t *runners;
    unsigned nrunners;
};

static job *find_active(bt_web_pool *p, const char *id)
{
    for (unsigned i = 0; i < p->nactive; i++)
        if (strcmp(p->active[i]->id, id) == 0)
            return p->active[i];
    return NULL;
}

static void drop_active(bt_web_pool *p, job *j)
{
    for (unsigned i = 0; i < p->nactive; i++) {
        if (p->active[i] == j) {
            p->active[i] = p->active[--p->nactive];
            break;
        }
    }
    free(j);
    pthread_cond_broadcast(&p->idle);
}

bool bt_web_pool_admit(bt_web_pool *p, const char *id)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return false;
    snprintf(j->id, sizeof j->id, "%s", id);
    pthread_mutex_lock(&p->lock);
    bool ok = !p->stopping && p->nactive < p->places;
    if (ok)
        p->active[p->nactive++] = j;
    pthread_mutex_unlock(&p->lock);
    if (!ok)
        free(j);
    return ok;
}

void bt_web_pool_release(bt_web_pool *p, const char *id)
{
    pthread_mutex_lock(&p->lock);
    job *j = find_active(p, id);
    if (j)
        drop_active(p, j);
    pthread_mutex_unlock(&p->lock);
}

void bt_web_pool_submit(bt_web_pool *p, const char *id, void *token)
{
    pthread_mutex_lock(&p->lock);
    job *j = find_active(p, id);
    if (j) {
        j->token = token;
        j->queued = true;
        j->next = NULL;
        if (p->tail)
            p->tail->next = j;
        else
            p->head = j;
        p->tail = j;
        pthread_cond_signal(&p->wake);
    }
    pthread_mutex_unlock(&p->lock);
}

bool bt_web_pool_active(bt_web_pool *p, const char *id)
{
    pthread_mutex_lock(&p->lock);
    bool r = find_active(p, id) != NULL;
    pthread_mutex_unlock(&p->lock);
    return r;
}

unsigned bt_web_pool_retry_after(bt_web_pool *p)
{
    pthread_mutex_lock(&p->lock);
    /* The jobs ahead, at the pace jobs have been going. */
    double ahead = (double)p->nactive / (double)(p->o->jobs ? p->o->jobs : 1);
    double s = (p->avg_seconds > 0 ? p->avg_seconds : 2.0) * (ahead > 1 ? ahead : 1);
    pthread_mutex_unlock(&p->lock);
    return s < 1 ? 1 : s > 120 ? 120 : (unsigned)(s + 0.999);
}

bool bt_web_pool_drain(bt_web_pool *p, unsigned max_s)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += max_s;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;    /* no new admissions */
    while (p->nactive > 0)
        if (pthread_cond_timedwait(&p->idle, &p->lock, &until) == ETIMEDOUT)
            break;
    bool drained = p->nactive == 0;
    pthread_mutex_unlock(&p->lock);
    return drained;
}

/* ---- running one job ---- */

/* Start the worker for folder dir in a process group of its own, with
 * its output in dir/registro; -1 when no process could be made. */
static pid_t spawn(const bt_web_pool *p, int job_fd, const char *dir)
{
    char jobs[16];
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    long each = cpus > 0 ? cpus / (long)(p->o->jobs ? p->o->jobs : 1) : 1;
    snprintf(jobs, sizeof jobs, "%ld", each < 1 ? 1 : each > 16 ? 16 : each);
    char *argv[] = {(char *)p->o->self, (char *)"servir", (char *)"--trabajo", (char *)dir,
                    (char *)"-j", jobs, NULL};
    int log = openat(job_fd, "registro", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) {
        /* Only async-signal-safe calls until exec: the server has threads. */
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (null >= 0)
            dup2(null, 0);
        if (log >= 0) {
            dup2(log, 1);
            dup2(log, 2);
        }
        if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0)     /* an old kernel, a filter */
            for (int fd = 3; fd < 4096; fd++)
                close(fd);
        struct rlimit cpu = {p->o->job_seconds, p->o->job_seconds + 5};
        setrlimit(RLIMIT_CPU, &cpu);
        alarm(p->o->job_seconds);        /* wall clock; kept across exec */
        execv(p->o->self, argv);
        _exit(127);
    }
    if (log >= 0)
        close(log);
    if (null >= 0)
        close(null);
    return pid;
}

/* Why there is no result, as the page will say it. */
static void failure_text(int st, unsigned job_seconds, char *buf, size_t size)
{
    if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGALRM || WTERMSIG(st) == SIGXCPU))
        snprintf(buf, size, "La conversión tardó más de %u minutos y se detuvo. Pruebe con "
                 "menos archivos por envío.", (job_seconds + 59) / 60);
    else if (WIFSIGNALED(st))
        snprintf(buf, size, "La conversión terminó de forma inesperada (señal %d). Avise a "
                 "quien administra el servidor; los demás envíos no se ven afectados.",
                 WTERMSIG(st));
    else
        snprintf(buf, size, "La conversión no pudo escribir sus resultados (estado %d). Avise "
                 "a quien administra el servidor: puede que el disco esté lleno.",
                 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static bt_err write_at(int dir_fd, const char *name, const char *data, size_t n)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, ".%s.tmp", name);
    int fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return BT_ERR_WRITE;
    bool ok = true;
    for (size_t off = 0; ok && off < n;) {
        ssize_t k = write(fd, data + off, n - off);
        if (k < 0 && errno == EINTR)
            continue;
        ok = k > 0;
        if (ok)
            off += (size_t)k;
    }
    ok = close(fd) == 0 && ok;
    if (!ok || renameat(dir_fd, tmp, dir_fd, name) != 0) {
        unlinkat(dir_fd, tmp, 0);
        return BT_ERR_WRITE;
    }
    return BT_OK;
}

/* The page and JSON of a job that gave no result. */
static void write_failure(const bt_web_pool *p, int job_fd, const char *why)
{
    bt_sb c, page, json;
    bt_sb_init(&c);
    bt_sb_init(&page);
    bt_sb_init(&json);
    bt_sb_puts(&c, "<h1>No se pudo convertir</h1>\n<p class=\"estado estado-2\">");
    bt_html_escape(&c, why);
    bt_sb_puts(&c, "</p>\n<p><a href=\"../\">Volver a subir archivos</a></p>\n");
    bt_sb_puts(&json, "{\"hallazgos\": [], \"salidas\": [], \"resumen\": {\"archivos\": 0, "
                      "\"territorios\": 0, \"errores\": 0, \"avisos\": 0, \"estado\": 2}, "
                      "\"error\": \"");
    for (const char *s = why; *s; s++) {
        if (*s == '"' || *s == '\\')
            bt_sb_putc(&json, '\\');
        bt_sb_putc(&json, *s);
    }
    bt_sb_puts(&json, "\"}\n");
    if (!c.failed && !json.failed &&
        bt_web_page(&page, "No se pudo convertir", NULL, bt_sb_str(&c), "../",
                    p->o->keep_minutes) == BT_OK) {
        write_at(job_fd, BT_WEB_JSON, json.s, json.len);
        write_at(job_fd, BT_WEB_PAGE, page.s, page.len);
    }
    bt_sb_free(&c);
    bt_sb_free(&page);
    bt_sb_free(&json);
}

/* Convert one job, leave its result (or why not) in its folder, and
 * delete its uploads.  One log line says how it went. */
static void run_job(bt_web_pool *p, const char *id, double *seconds)
{
    int job_fd = openat(p->data_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (job_fd < 0)
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", p->data_dir, id);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = p->o->run_inline ? 0 : spawn(p, job_fd, path);
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    if (p->o->run_inline) {
        st = (p->o->run_inline(path) & 0xff) << 8;
    } else if (pid < 0) {
        st = 3 << 8;
    } else {
        while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
            ;
        kill(-pid, SIGKILL);     /* a writer child it left behind */
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    /* The worker writes its page last, also to say why it failed. */
    struct stat sb;
    bool made = fstatat(job_fd, BT_WEB_PAGE, &sb, AT_SYMLINK_NOFOLLOW) == 0;
    if (!made) {
        char why[400];
        failure_text(st, p->o->job_seconds, why, sizeof why);
        write_failure(p, job_fd, why);
        fprintf(stderr, "bitacora servir: el trabajo %.4s… no dio resultado: %s\n", id, why);
    } else {
        fprintf(stderr, "bitacora servir: trabajo %.4s… convertido en %.2f s (estado %d, "
                        "memoria máxima %ld MB)\n", id, *seconds,
                WIFEXITED(st) ? WEXITSTATUS(st) : -1, (ru.ru_maxrss + 1023) / 1024);
    }
    bt_web_rmtree_at(job_fd, BT_WEB_INPUTS);
    unlinkat(job_fd, BT_WEB_REQUEST, 0);
    close(job_fd);
}

static void *runner(void *arg)
{
    bt_web_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->head && !(p->stopping && p->nactive == 0))
            pthread_cond_wait(&p->wake, &p->lock);
        if (!p->head)
            break;
        job *j = p->head;
        p->head = j->next;
        if (!p->head)
            p->tail = NULL;
        p->running++;
        pthread_mutex_unlock(&p->lock);
        double s = 0;
        run_job(p, j->id, &s);
        /* Its place stays taken until the answer is sent (the server
         * releases it then): a stop waits for that, not just for this. */
        p->done(j->token);
        pthread_mutex_lock(&p->lock);
        p->avg_seconds = p->avg_seconds > 0 ? 0.7 * p->avg_seconds + 0.3 * s : s;
        p->running--;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

bt_web_pool *bt_web_pool_new(const bt_web_options *o, const char *data_dir, int data_fd,
                             bt_web_done_fn done)
{
    bt_web_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->o = o;
    p->data_dir = data_dir;
    p->data_fd = data_fd;
    p->done = done;
    p->places = o->jobs + o->queue;
    p->active = calloc(p->places ? p->places : 1, sizeof *p->active);
    p->runners = calloc(o->jobs ? o->jobs : 1, sizeof *p->runners);
    if (!p->active || !p->runners || pthread_mutex_init(&p->lock, NULL) != 0) {
        free(p->active);
        free(p->runners);
        free(p);
        return NULL;
    }
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->idle, NULL);
    for (unsigned i = 0; i < (o->jobs ? o->jobs : 1); i++)
        if (pthread_create(&p->runners[p->nrunners], NULL, runner, p) == 0)
            p->nrunners++;
    if (!p->nrunners) {
        bt_web_pool_free(p);
        return NULL;
    }
    return p;
}

void bt_web_pool_free(bt_web_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nrunners; i++)
        pthread_join(p->runners[i], NULL);
    for (unsigned i = 0; i < p->nactive; i++)
        free(p->active[i]);
    pthread_cond_destroy(&p->wake);
    pthread_cond_destroy(&p->idle);
    pthread_mutex_destroy(&p->lock);
    free(p->active);
    free(p->runners);
    free(p);
}

/* ---- expiry ---- */

void bt_web_reap(bt_web_pool *p, time_t now)
{
    int fd = dup(p->data_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!bt_web_id_valid(de->d_name, strlen(de->d_name)) || bt_web_pool_active(p, de->d_name))
            continue;
        char page[64];
        snprintf(page, sizeof page, "%s/%s", de->d_name, BT_WEB_PAGE);
        struct stat st;
        bool finished = fstatat(p->data_fd, page, &st, AT_SYMLINK_NOFOLLOW) == 0;
        /* A folder no job works on and with no result was left by a
         * crash: it will never have one. */
        if (!finished || now - st.st_mtime >= (time_t)p->o->keep_minutes * 60)
            bt_web_rmtree_at(p->data_fd, de->d_name);
    }
    closedir(d);
}
