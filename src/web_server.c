/* web_server.c - HTTP for `bitacora servir`, with libmicrohttpd (see web.h).
 *
 * One daemon with its own polling threads; every request gets a context
 * (`request`) that lives from its first call to the completion callback,
 * which writes the log line.  An upload is streamed through MHD's
 * multipart parser into web_upload.c; once whole, its job is queued
 * (web_jobs.c) and the connection suspended, and the runner that
 * finishes the job resumes it to answer 303.  The network threads never
 * convert, never wait for a conversion, and never hold a whole upload.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bitacora/output.h"
#include "web.h"

#define TEMPLATES ".plantillas"     /* in the data folder; not a job ID */

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self'; connect-src 'self'; form-action 'self'; "
                          "base-uri 'none'; frame-ancestors 'none'";

struct bt_web_server {
    const bt_web_options *o;
    struct MHD_Daemon *d;
    bt_web_pool *pool;
    int data_fd;
    char data_dir[4096];
    bool own_data;
    atomic_int stopping;
    atomic_int open;                /* connections open now */
    bt_sb index;                   /* the start page, made once */
};
typedef struct bt_web_server server;

typedef enum {
    R_NONE, R_INDEX, R_ASSET, R_TEMPLATE, R_HEALTH, R_UPLOAD, R_RESULT
} route;

typedef enum { UP_RECEIVING, UP_WAITING, UP_DONE } up_phase;

typedef struct {
    server *s;
    struct MHD_Connection *conn;
    struct timespec start;
    char method[12];
    char path[160];                /* for the log: the ID's secret cut */
    char root[64];                 /* from this URL to the server's root */
    unsigned status;
    uint64_t bytes;
    /* uploads */
    char id[BT_WEB_ID_LEN + 1];
    bool admitted, submitted;
    int job_fd;
    struct MHD_PostProcessor *pp;
    bt_web_upload *up;
    bt_up_status upst;
    unsigned refuse;               /* a status to answer once the body is read */
    uint64_t received;
    time_t deadline;
    _Atomic up_phase phase;
} request;

/* ---- answers ---- */

static void common_headers(struct MHD_Response *r, bool no_store)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cache-Control", no_store ? "no-store" : "no-cache");
}

static enum MHD_Result queue(request *q, unsigned status, struct MHD_Response *r, uint64_t bytes)
{
    if (!r)
        return MHD_NO;
    q->status = status;
    q->bytes = bytes;
    enum MHD_Result ok = MHD_queue_response(q->conn, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result answer_bytes(request *q, unsigned status, const char *type,
                                    const void *data, size_t n, bool no_store)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(n, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    common_headers(r, no_store);
    return queue(q, status, r, n);
}

/* An error page: a title and one paragraph of text (escaped here). */
static enum MHD_Result answer_error(request *q, unsigned status, const char *title,
                                    const char *text, const char *extra_header,
                                    const char *extra_value)
{
    bt_sb c, page;
    bt_sb_init(&c);
    bt_sb_init(&page);
    bt_sb_puts(&c, "<h1>");
    bt_html_escape(&c, title);
    bt_sb_puts(&c, "</h1>\n<p class=\"estado estado-2\">");
    bt_html_escape(&c, text);
    bt_sb_printf(&c, "</p>\n<p><a href=\"%s./\">Volver a la página de inicio</a></p>\n", q->root);
    enum MHD_Result rc = MHD_NO;
    if (!c.failed && bt_web_page(&page, title, NULL, c.s, q->root, q->s->o->keep_minutes) == BT_OK) {
        struct MHD_Response *r =
            MHD_create_response_from_buffer(page.len, page.s, MHD_RESPMEM_MUST_COPY);
        if (r) {
            MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
            common_headers(r, true);
            if (extra_header)
                MHD_add_response_header(r, extra_header, extra_value);
            rc = queue(q, status, r, page.len);
        }
    }
    bt_sb_free(&c);
    bt_sb_free(&page);
    return rc;
}

static enum MHD_Result answer_405(request *q, const char *allow)
{
    return answer_error(q, MHD_HTTP_METHOD_NOT_ALLOWED, "Método no permitido",
                        strcmp(allow, "POST") == 0
                            ? "Esta dirección recibe los archivos que se envían con el "
                              "formulario de la página de inicio; ábrala desde allí."
                            : "Esta dirección solo se puede abrir, no recibe envíos.",
                        "Allow", allow);
}

static enum MHD_Result answer_404(request *q)
{
    return answer_error(q, MHD_HTTP_NOT_FOUND, "No se encontró la página",
                        "La dirección no existe en este servidor.", NULL, NULL);
}

/* A file to download or show; name: for Content-Disposition (NULL: inline). */
static enum MHD_Result answer_fd(request *q, int fd, const char *type, const char *name,
                                 bool no_store)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return answer_404(q);
    }
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    common_headers(r, no_store);
    if (name) {
        /* Names here are the program's own slugs; cleaned anyway, so no
         * byte of a name can end the header or start another. */
        char clean[200], header[260];
        size_t o = 0;
        for (const char *p = name; *p && o + 1 < sizeof clean; p++) {
            char c = *p;
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            clean[o++] = ok ? c : '_';
        }
        clean[o] = '\0';
        snprintf(header, sizeof header, "attachment; filename=\"%s\"", clean);
        MHD_add_response_header(r, "Content-Disposition", header);
    }
    return queue(q, MHD_HTTP_OK, r, (uint64_t)st.st_size);
}

/* ---- the log ---- */

/* The path as the log shows it: the job ID's secret part cut, control
 * bytes escaped, at most ~150 characters. */
static void log_path(const char *url, char *out, size_t size)
{
    static const char res[] = "/resultado/";
    char masked[512];
    size_t n = strlen(url);
    if (strncmp(url, res, sizeof res - 1) == 0 && n >= sizeof res - 1 + BT_WEB_ID_LEN)
        snprintf(masked, sizeof masked, "%s%.4s…%s", res, url + sizeof res - 1,
                 url + sizeof res - 1 + BT_WEB_ID_LEN);
    else
        snprintf(masked, sizeof masked, "%s", url);
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)masked; *p && o + 5 < size; p++) {
        if (o > 150) {
            o += (size_t)snprintf(out + o, size - o, "...");
            break;
        }
        if (*p < 0x20 || *p == 0x7F || *p == ' ' || *p == '"')
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p);
        else
            out[o++] = (char)*p;
    }
    out[o < size ? o : size - 1] = '\0';
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)c;
    server *s = cls;
    request *q = *con_cls;
    if (!q)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (long)((now.tv_sec - q->start.tv_sec) * 1000 +
                     (now.tv_nsec - q->start.tv_nsec) / 1000000);
    time_t t = time(NULL);
    struct tm tm;
    char when[32];
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *how = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
                      : toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " (tiempo agotado)"
                      : toe == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? " (el cliente cortó)"
                      : toe == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? " (servidor detenido)"
                                                                      : " (cortada)";
    fprintf(stderr, "%s %s %s %u %llu %ld ms%s\n", when, q->method, q->path, q->status,
            (unsigned long long)q->bytes, ms, how);
    if (q->pp)
        MHD_destroy_post_processor(q->pp);
    bt_web_upload_free(q->up);
    if (q->job_fd >= 0)
        close(q->job_fd);
    /* An upload that never became a job leaves nothing behind; a job's
     * place is free once its answer is sent. */
    if (q->admitted && !q->submitted)
        bt_web_rmtree_at(s->data_fd, q->id);
    if (q->admitted)
        bt_web_pool_release(s->pool, q->id);
    free(q);
    *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    (void)c;
    (void)socket_context;
    server *s = cls;
    atomic_fetch_add(&s->open, toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

/* libmicrohttpd's own complaints (its format and arguments). */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt,
                                                          va_list ap)
{
    (void)cls;
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    fprintf(stderr, "bitacora servir (libmicrohttpd): %s\n", buf);
}

/* ---- GET routes ---- */

static enum MHD_Result get_asset(request *q, const char *name)
{
    const bt_web_asset *a = bt_web_asset_find(name);
    if (!a || strcmp(name, "marco.html") == 0 || strcmp(name, "inicio.html") == 0)
        return answer_404(q);
    return answer_bytes(q, MHD_HTTP_OK, bt_web_content_type(name), a->data, a->len, false);
}

static enum MHD_Result get_template(request *q, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "%s/%s", TEMPLATES,
             strcmp(name, "plantilla.xlsx") == 0 ? "bitacora_ett.xlsx" : "bitacora_ett.csv");
    int fd = openat(q->s->data_fd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return answer_404(q);
    return answer_fd(q, fd, bt_web_content_type(name),
                     strchr(name, '.')[1] == 'x' ? "bitacora_ett.xlsx" : "bitacora_ett.csv",
                     false);
}

/* Is p a path the program could have written (slugs, no hidden parts)? */
static bool output_path_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 400 || p[0] == '/' || p[n - 1] == '/')
        return false;
    for (const char *c = p; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
                  *c == '_' || *c == '.' || *c == '/';
        if (!ok)
            return false;
        if ((c == p || c[-1] == '/') && (*c == '.' || *c == '/'))
            return false;   /* hidden parts, "..", empty parts */
    }
    return true;
}

/* Open dir_fd/rel without following a link anywhere on the way. */
static int open_beneath(int dir_fd, const char *rel)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", rel);
    int fd = dup(dir_fd);
    char *save = NULL;
    for (char *part = strtok_r(buf, "/", &save); part && fd >= 0;) {
        char *next = strtok_r(NULL, "/", &save);
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next ? O_DIRECTORY : 0);
        int nfd = openat(fd, part, flags);
        close(fd);
        fd = nfd;
        part = next;
    }
    return fd;
}

static enum MHD_Result still_running(request *q)
{
    bt_sb page;
    bt_sb_init(&page);
    enum MHD_Result rc = MHD_NO;
    if (bt_web_page(&page, "Revisando", "<meta http-equiv=\"refresh\" content=\"3\">\n",
                    "<h1>Revisando sus archivos…</h1>\n<p class=\"estado\">La revisión aún "
                    "no termina. Esta página se actualiza sola cada pocos segundos.</p>\n",
                    q->root, q->s->o->keep_minutes) == BT_OK)
        rc = answer_bytes(q, MHD_HTTP_OK, "text/html; charset=utf-8", page.s, page.len, true);
    bt_sb_free(&page);
    return rc;
}

static enum MHD_Result get_result(request *q, const char *rest)
{
    size_t n = strcspn(rest, "./");
    if (!bt_web_id_valid(rest, n))
        return answer_404(q);
    char id[BT_WEB_ID_LEN + 1];
    memcpy(id, rest, n);
    id[n] = '\0';
    const char *tail = rest + n;
    int job = openat(q->s->data_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    bool made = job >= 0 && fstatat(job, BT_WEB_PAGE, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!made) {
        if (job >= 0)
            close(job);
        if (bt_web_pool_active(q->s->pool, id) && !*tail)
            return still_running(q);
        char text[300];
        snprintf(text, sizeof text, "Este resultado no existe o ya se borró: los resultados se "
                 "borran %u minutos después de generados. Vuelva a subir los archivos para "
                 "revisarlos de nuevo.", q->s->o->keep_minutes);
        return answer_error(q, MHD_HTTP_NOT_FOUND, "Resultado no encontrado", text, NULL, NULL);
    }
    int fd = -1;
    const char *type = NULL, *name = NULL;
    if (!*tail) {
        fd = openat(job, BT_WEB_PAGE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        type = "text/html; charset=utf-8";
    } else if (strcmp(tail, ".json") == 0) {
        fd = openat(job, BT_WEB_JSON, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        type = "application/json; charset=utf-8";
    } else if (strcmp(tail, "/salida.zip") == 0) {
        fd = openat(job, BT_WEB_ZIP, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        type = "application/zip";
        name = "salida.zip";
    } else if (strncmp(tail, "/f/", 3) == 0 && output_path_ok(tail + 3)) {
        int out = openat(job, BT_WEB_OUT, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        fd = out >= 0 ? open_beneath(out, tail + 3) : -1;
        if (out >= 0)
            close(out);
        type = bt_web_content_type(tail);
        name = strrchr(tail, '/') + 1;
    }
    close(job);
    if (fd < 0)
        return answer_404(q);
    return answer_fd(q, fd, type, name, true);
}

/* ---- uploads ---- */

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    request *q = cls;
    if (!key)
        return MHD_YES;
    bt_up_status st = bt_web_upload_data(q->up, key, filename, data, off, size);
    if (st) {
        q->upst = st;
        return MHD_NO;
    }
    return MHD_YES;
}

static unsigned status_of(bt_up_status st)
{
    switch (st) {
    case BT_UP_TOO_MANY: return MHD_HTTP_CONTENT_TOO_LARGE;
    case BT_UP_WRITE: return MHD_HTTP_INSUFFICIENT_STORAGE;
    case BT_UP_NOMEM: return MHD_HTTP_SERVICE_UNAVAILABLE;
    default: return MHD_HTTP_BAD_REQUEST;
    }
}

static enum MHD_Result refuse(request *q, unsigned status)
{
    /* Nothing of a refused upload stays, not even until the answer is
     * sent. */
    if (q->admitted && !q->submitted) {
        if (q->pp)
            MHD_destroy_post_processor(q->pp);
        q->pp = NULL;
        bt_web_upload_free(q->up);
        q->up = NULL;
        if (q->job_fd >= 0)
            close(q->job_fd);
        q->job_fd = -1;
        bt_web_rmtree_at(q->s->data_fd, q->id);
        bt_web_pool_release(q->s->pool, q->id);
        q->admitted = false;
    }
    char text[400];
    switch (status) {
    case MHD_HTTP_CONTENT_TOO_LARGE:
        if (q->upst == BT_UP_TOO_MANY)
            snprintf(text, sizeof text, "Son demasiados archivos para un envío (el máximo es "
                     "%u). Envíelos en partes, por ejemplo una región cada vez.",
                     q->s->o->max_files);
        else
            snprintf(text, sizeof text, "El envío pasa de %u MB, el máximo que acepta este "
                     "servidor. Envíe los archivos en partes (por ejemplo, una región cada "
                     "vez).", q->s->o->max_mb);
        return answer_error(q, status, "Envío demasiado grande", text, NULL, NULL);
    case MHD_HTTP_SERVICE_UNAVAILABLE: {
        char after[16];
        if (atomic_load(&q->s->open) > (int)q->s->o->max_conns)
            return answer_error(q, status, "Servidor ocupado", "El servidor tiene demasiadas "
                                "conexiones abiertas en este momento. Espere unos segundos y "
                                "vuelva a intentarlo.", "Retry-After", "5");
        snprintf(after, sizeof after, "%u", bt_web_pool_retry_after(q->s->pool));
        snprintf(text, sizeof text, "El servidor está revisando muchos envíos en este momento. "
                 "Espere unos %s segundos y vuelva a enviar los mismos archivos.", after);
        return answer_error(q, status, "Servidor ocupado", text, "Retry-After", after);
    }
    case MHD_HTTP_UNSUPPORTED_MEDIA_TYPE:
        return answer_error(q, status, "Envío no reconocido",
                            "Los archivos se envían con el formulario de la página de inicio "
                            "(multipart/form-data, campo «archivos»).", NULL, NULL);
    default:
        return answer_error(q, status, q->upst ? "No se pudo recibir el envío" : "Envío incompleto",
                            q->upst ? bt_up_status_text(q->upst)
                                    : "El envío llegó incompleto o no es un formulario válido. "
                                      "Vuelva a intentarlo desde la página de inicio.",
                            NULL, NULL);
    }
}

/* The request's headers are in: admit it, or say why not. */
static enum MHD_Result upload_start(request *q)
{
    server *s = q->s;
    const char *ct = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Content-Type");
    const char *cl = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Content-Length");
    const char *expect = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Expect");
    uint64_t max = (uint64_t)s->o->max_mb << 20;
    uint64_t claimed = cl ? strtoull(cl, NULL, 10) : 0;
    unsigned status = 0;
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0 || !strstr(ct, "boundary="))
        status = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
    else if (claimed > max)
        status = MHD_HTTP_CONTENT_TOO_LARGE;
    else if (atomic_load(&s->stopping) || !bt_web_id_new(q->id) ||
             !(q->admitted = bt_web_pool_admit(s->pool, q->id)))
        status = MHD_HTTP_SERVICE_UNAVAILABLE;
    if (status) {
        /* Answer now when the client waits for leave to send, or would
         * send more than is worth reading; otherwise read (and drop) the
         * body first, so that a browser sees the answer rather than a
         * connection cut mid-upload. */
        if ((expect && strcasecmp(expect, "100-continue") == 0) || !cl || claimed > 4 * max)
            return refuse(q, status);
        q->refuse = status;
        return MHD_YES;
    }
    q->deadline = time(NULL) + BT_WEB_UPLOAD_SECONDS;
    if (mkdirat(s->data_fd, q->id, 0700) != 0 ||
        (q->job_fd = openat(s->data_fd, q->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
        !(q->up = bt_web_upload_new(q->job_fd, s->o->max_files))) {
        q->upst = BT_UP_WRITE;
        q->refuse = MHD_HTTP_INSUFFICIENT_STORAGE;
        return MHD_YES;
    }
    q->pp = MHD_create_post_processor(q->conn, 64 * 1024, on_part, q);
    if (!q->pp)
        q->refuse = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
    return MHD_YES;
}

static enum MHD_Result upload_body(request *q, const char *data, size_t *size)
{
    q->received += *size;
    if (!q->refuse) {
        uint64_t max = (uint64_t)q->s->o->max_mb << 20;
        if (atomic_load(&q->s->stopping) || time(NULL) > q->deadline)
            return MHD_NO;       /* cut: the server stops, or the client crawls */
        if (q->received > max)
            q->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
        else if (MHD_post_process(q->pp, data, *size) != MHD_YES)
            q->refuse = q->upst ? status_of(q->upst) : MHD_HTTP_BAD_REQUEST;
    } else if (q->received > 4 * ((uint64_t)q->s->o->max_mb << 20) + (1u << 20)) {
        return MHD_NO;           /* not worth reading to the end */
    }
    *size = 0;
    return MHD_YES;
}

/* The whole body is in: queue the job and wait for it. */
static enum MHD_Result upload_end(request *q)
{
    if (!q->refuse && q->pp) {
        enum MHD_Result ok = MHD_destroy_post_processor(q->pp);
        q->pp = NULL;
        if (ok != MHD_YES)
            q->refuse = q->upst ? status_of(q->upst) : MHD_HTTP_BAD_REQUEST;
    }
    if (!q->refuse) {
        q->upst = bt_web_upload_finish(q->up, q->s->o->keep_minutes);
        if (q->upst)
            q->refuse = status_of(q->upst);
    }
    if (q->refuse)
        return refuse(q, q->refuse);
    bt_web_upload_free(q->up);
    q->up = NULL;
    close(q->job_fd);
    q->job_fd = -1;
    q->submitted = true;
    atomic_store(&q->phase, UP_WAITING);
    MHD_suspend_connection(q->conn);
    bt_web_pool_submit(q->s->pool, q->id, q);
    return MHD_YES;
}

/* A runner finished the job (runner thread). */
static void on_job_done(void *token)
{
    request *q = token;
    atomic_store(&q->phase, UP_DONE);
    MHD_resume_connection(q->conn);
}

static enum MHD_Result answer_done(request *q)
{
    char location[64], body[200];
    /* Relative to /revisar, so it holds under a reverse proxy's path. */
    snprintf(location, sizeof location, "resultado/%s", q->id);
    int n = snprintf(body, sizeof body, "<!DOCTYPE html><title>Resultado</title>"
                     "<p><a href=\"%s\">Ver el resultado</a></p>\n", location);
    struct MHD_Response *r = MHD_create_response_from_buffer((size_t)n, body,
                                                             MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Location", location);
    MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
    common_headers(r, true);
    return queue(q, MHD_HTTP_SEE_OTHER, r, (uint64_t)n);
}

/* ---- dispatch ---- */

static route route_of(const char *url, const char **arg)
{
    *arg = NULL;
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return R_INDEX;
    if (strcmp(url, "/estilo.css") == 0 || strcmp(url, "/app.js") == 0 ||
        strcmp(url, "/icono.svg") == 0) {
        *arg = url + 1;
        return R_ASSET;
    }
    if (strcmp(url, "/plantilla.xlsx") == 0 || strcmp(url, "/plantilla.csv") == 0) {
        *arg = url + 1;
        return R_TEMPLATE;
    }
    if (strcmp(url, "/salud") == 0)
        return R_HEALTH;
    if (strcmp(url, "/revisar") == 0)
        return R_UPLOAD;
    if (strncmp(url, "/resultado/", 11) == 0) {
        *arg = url + 11;
        return R_RESULT;
    }
    return R_NONE;
}

static enum MHD_Result on_get(request *q, route r, const char *arg)
{
    switch (r) {
    case R_INDEX:
        return answer_bytes(q, MHD_HTTP_OK, "text/html; charset=utf-8", q->s->index.s,
                            q->s->index.len, false);
    case R_ASSET: return get_asset(q, arg);
    case R_TEMPLATE: return get_template(q, arg);
    case R_HEALTH: return answer_bytes(q, MHD_HTTP_OK, "text/plain; charset=utf-8", "ok", 2, true);
    case R_RESULT: return get_result(q, arg);
    case R_UPLOAD: return answer_405(q, "POST");
    default: return answer_404(q);
    }
}

static request *request_new(server *s, struct MHD_Connection *c, const char *url,
                            const char *method)
{
    request *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->s = s;
    q->conn = c;
    q->job_fd = -1;
    clock_gettime(CLOCK_MONOTONIC, &q->start);
    snprintf(q->method, sizeof q->method, "%s", method);
    for (char *m = q->method; *m; m++)
        if ((unsigned char)*m < 0x21 || (unsigned char)*m > 0x7E)
            *m = '?';
    log_path(url, q->path, sizeof q->path);
    size_t o = 0;
    for (const char *p = url + 1; *p && o + 4 < sizeof q->root; p++)
        if (*p == '/')
            o += (size_t)snprintf(q->root + o, sizeof q->root - o, "../");
    return q;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    request *q = *con_cls;
    const char *arg;
    route r = route_of(url, &arg);
    bool post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    if (!q) {
        /* Answers wait for the second call, once the request is whole:
         * one queued on the first call makes MHD close the connection
         * (no keep-alive).  Uploads are admitted (or refused) here. */
        if (!(q = request_new(s, c, url, method)))
            return MHD_NO;
        *con_cls = q;
        if (atomic_load(&s->open) > (int)s->o->max_conns)
            return refuse(q, MHD_HTTP_SERVICE_UNAVAILABLE);
        return post && r == R_UPLOAD ? upload_start(q) : MHD_YES;
    }
    if (post && r == R_UPLOAD) {
        if (q->status)
            return MHD_YES;
        if (*upload_size)
            return upload_body(q, upload_data, upload_size);
        if (atomic_load(&q->phase) == UP_RECEIVING)
            return upload_end(q);
        if (atomic_load(&q->phase) == UP_DONE)
            return answer_done(q);
        return MHD_YES;
    }
    if (*upload_size) {
        *upload_size = 0;        /* a body where none is wanted: dropped */
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
        return on_get(q, r, arg);
    if (r == R_NONE)
        return answer_404(q);
    return answer_405(q, r == R_UPLOAD ? "POST" : "GET, HEAD");
}

/* ---- starting and stopping ---- */

/* The listening socket, made here so a failure names its reason. */
static int listen_on(const bt_web_options *o, bool *v6, char *url, size_t url_size)
{
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    char port[16];
    snprintf(port, sizeof port, "%u", o->port);
    int rc = getaddrinfo(o->address, port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "bitacora servir: «%s» no es una dirección IP (use por ejemplo "
                        "127.0.0.1, 0.0.0.0 o ::)\n", o->address);
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 256) != 0) {
        int err = errno;
        fprintf(stderr, "bitacora servir: no se pudo escuchar en %s, puerto %u: %s\n",
                o->address, o->port,
                err == EADDRINUSE ? "el puerto ya está en uso (¿otro servidor?); elija otro con --puerto"
                : err == EACCES ? "permiso denegado (los puertos bajo 1024 son del administrador)"
                : err == EADDRNOTAVAIL ? "esa dirección no es de esta máquina"
                                       : bt_errno_text(err));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    *v6 = ai->ai_family == AF_INET6;
    freeaddrinfo(ai);
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &len);
    char host[INET6_ADDRSTRLEN] = "";
    unsigned p = 0;
    bool any;
    if (*v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        p = ntohs(a->sin6_port);
        any = IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        p = ntohs(a->sin_port);
        any = a->sin_addr.s_addr == htonl(INADDR_ANY);
    }
    /* Every address of the machine: the URL others open has its name. */
    char name[256];
    if (any && gethostname(name, sizeof name) == 0 && name[0])
        snprintf(url, url_size, "http://%s:%u/", name, p);
    else if (*v6)
        snprintf(url, url_size, "http://[%s]:%u/", host, p);
    else
        snprintf(url, url_size, "http://%s:%u/", host, p);
    return fd;
}

/* The data folder: the one given (made if need be), or a private one. */
static bool open_data(server *s)
{
    const bt_web_options *o = s->o;
    if (o->data_dir) {
        snprintf(s->data_dir, sizeof s->data_dir, "%s", o->data_dir);
        int err = 0;
        if (bt_mkdirs(o->data_dir, &err) != BT_OK) {
            fprintf(stderr, "bitacora servir: no se pudo crear la carpeta de datos %s: %s\n",
                    o->data_dir, bt_errno_text(err));
            return false;
        }
        chmod(o->data_dir, 0700);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(s->data_dir, sizeof s->data_dir, "%s/bitacora-servir-XXXXXX",
                 tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(s->data_dir)) {
            fprintf(stderr, "bitacora servir: no se pudo crear una carpeta temporal en %s: %s\n",
                    tmp && *tmp ? tmp : "/tmp", bt_errno_text(errno));
            return false;
        }
        s->own_data = true;
    }
    s->data_fd = open(s->data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->data_fd < 0 || faccessat(s->data_fd, ".", W_OK, AT_EACCESS) != 0) {
        fprintf(stderr, "bitacora servir: no se puede escribir en la carpeta de datos %s: %s\n",
                s->data_dir, bt_errno_text(errno));
        return false;
    }
    return true;
}

/* The blank templates, written once by `bitacora template` itself. */
static bool make_templates(server *s)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/%s", s->data_dir, TEMPLATES);
    bt_web_rmtree_at(s->data_fd, TEMPLATES);
    pid_t pid = fork();
    if (pid == 0) {
        /* Its list of files goes nowhere; its complaints, to our stderr. */
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
            dup2(null, 1);
        execl(s->o->self, s->o->self, "template", "-o", dir, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "bitacora servir: no se pudieron escribir las plantillas en %s\n", dir);
        return false;
    }
    return true;
}

static bool make_index(server *s)
{
    const bt_web_asset *a = bt_web_asset_find("inicio.html");
    char mb[16], keep[16];
    snprintf(mb, sizeof mb, "%u", s->o->max_mb);
    snprintf(keep, sizeof keep, "%u", s->o->keep_minutes);
    const char *values[] = {"max_mb", mb, "conservar", keep, NULL};
    bt_sb content;
    bt_sb_init(&content);
    bool ok = a && bt_web_fill(&content, (const char *)a->data, values) == BT_OK &&
              bt_web_page(&s->index, "Revisar y convertir bitácoras", NULL, content.s, "",
                          s->o->keep_minutes) == BT_OK;
    bt_sb_free(&content);
    return ok;
}

static struct MHD_Daemon *start_daemon(server *s, int lfd, bool v6)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
                     MHD_USE_ERROR_LOG | (v6 ? MHD_USE_IPv6 : 0);
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
        MHD_OPTION_LISTEN_SOCKET, lfd,
        MHD_OPTION_THREAD_POOL_SIZE, 2u,
        /* Room above --conexiones to tell the ones past it why they are
         * refused (503), rather than leave them waiting. */
        MHD_OPTION_CONNECTION_LIMIT, s->o->max_conns + 64,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_CONNECTION_TIMEOUT, s->o->timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_END);
}

/* Wait for SIGINT/SIGTERM, expiring results every few seconds (a look
 * at one folder: cheap). */
static void wait_for_stop(server *s, const sigset_t *stop)
{
    for (;;) {
        struct timespec ts = {5, 0};
        int sig = sigtimedwait(stop, NULL, &ts);
        if (sig == SIGINT || sig == SIGTERM)
            return;
        bt_web_reap(s->pool, time(NULL));
    }
}

static void shutdown_server(server *s, const sigset_t *stop)
{
    atomic_store(&s->stopping, 1);
    int lfd = MHD_quiesce_daemon(s->d);
    if (lfd >= 0)
        close(lfd);
    fprintf(stderr, "bitacora servir: deteniendo; se terminan las revisiones en curso…\n");
    /* Conversions end within --job seconds (they are stopped then);
     * uploads in progress are cut. */
    unsigned waited = 0, limit = s->o->job_seconds + s->o->timeout_s + 30;
    while (!bt_web_pool_drain(s->pool, 1) && waited++ < limit) {
        struct timespec zero = {0, 0};
        if (sigtimedwait(stop, NULL, &zero) > 0) {
            fprintf(stderr, "bitacora servir: segunda señal: se detiene sin esperar.\n");
            break;
        }
    }
    MHD_stop_daemon(s->d);
    s->d = NULL;
    bt_web_pool_free(s->pool);
    s->pool = NULL;
}

static void free_server(server *s)
{
    if (s->d)
        MHD_stop_daemon(s->d);
    bt_web_pool_free(s->pool);
    if (s->data_fd >= 0) {
        bt_web_rmtree_at(s->data_fd, TEMPLATES);
        close(s->data_fd);
    }
    if (s->own_data)
        bt_web_rmtree_at(AT_FDCWD, s->data_dir);
    bt_sb_free(&s->index);
    free(s);
}

bt_web_server *bt_web_start(const bt_web_options *o, char *url, size_t url_size)
{
    server *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "bitacora servir: %s\n", bt_strerror(BT_ERR_NOMEM));
        return NULL;
    }
    s->o = o;
    s->data_fd = -1;
    bt_sb_init(&s->index);
    int lfd = -1;
    bool v6 = false;
    /* The address first: a port in use is said before anything is made. */
    if ((lfd = listen_on(o, &v6, url, url_size)) < 0 || !open_data(s) ||
        (o->self && !make_templates(s)) || !make_index(s))
        goto fail;
    s->pool = bt_web_pool_new(o, s->data_dir, s->data_fd, on_job_done);
    if (!s->pool) {
        fprintf(stderr, "bitacora servir: %s\n", bt_strerror(BT_ERR_NOMEM));
        goto fail;
    }
    bt_web_reap(s->pool, time(NULL));     /* what an earlier run left */
    s->d = start_daemon(s, lfd, v6);
    if (!s->d) {
        fprintf(stderr, "bitacora servir: no se pudo iniciar el servidor HTTP\n");
        goto fail;
    }
    return s;
fail:
    if (lfd >= 0)
        close(lfd);
    free_server(s);
    return NULL;
}

const char *bt_web_data_dir(const bt_web_server *s)
{
    return s->data_dir;
}

void bt_web_stop(bt_web_server *s)
{
    if (s)
        free_server(s);
}

int bt_web_serve(const bt_web_options *o)
{
    /* Signals are taken by this thread alone, with sigtimedwait: block
     * them before any thread exists, so every thread inherits the mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    char url[128];
    server *s = bt_web_start(o, url, sizeof url);
    if (!s)
        return 2;
    printf("bitacora servir: abra %s en el navegador (Ctrl+C para detener)\n", url);
    fflush(stdout);
    wait_for_stop(s, &stop);
    shutdown_server(s, &stop);
    free_server(s);
    fprintf(stderr, "bitacora servir: detenido.\n");
    return 0;
}
