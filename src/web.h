/*
 * web.h - `bitacora servir`, the web interface (private to src/web_*.c
 * and src/cmd_servir.c).
 *
 * The pieces, one job each:
 *   web_server.c  HTTP with libmicrohttpd: routes, limits, headers, the
 *                 log line per request (the only file with microhttpd.h)
 *   web_upload.c  a POST's parts into a job folder: files under names the
 *                 server makes, the labels people gave them, the options
 *   web_jobs.c    job IDs and folders, the bounded queue, the processes
 *                 that convert, expiry
 *   web_worker.c  one job, in a process of its own: unpack zips, convert
 *                 exactly as `bitacora convert` does, write the result
 *   web_html.c    escaping, the page frame, the embedded assets
 *   web_result.c  the result page and its JSON, from a converted batch
 *
 * A job folder (DATOS/<ID>/, mode 0700) holds, while it runs, the request
 * (`trabajo`, written by web_upload.c) and the uploads (`entrada/`), and
 * then the results: `salida/` (what `convert -o` writes), `salida.zip`,
 * `resultado.json`, `resultado.html`.  The uploads are deleted as soon as
 * the conversion ends; the rest `--conservar` minutes after it was made.
 */
#ifndef BITACORA_WEB_H
#define BITACORA_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "bitacora/batch.h"
#include "bitacora/util.h"

/* ---- options (cmd_servir.c) ---- */

typedef struct {
    const char *address;     /* to listen on: "127.0.0.1", "0.0.0.0", "::" */
    unsigned port;           /* 0: any free port (the URL line says which) */
    const char *data_dir;    /* NULL: a private folder under $TMPDIR, removed at exit */
    unsigned keep_minutes;   /* results deleted this long after they were made */
    unsigned max_mb;         /* largest request body */
    unsigned jobs;           /* conversions at once */
    unsigned queue;          /* requests admitted beyond those (waiting or uploading) */
    unsigned max_files;      /* files in one request, zip entries included */
    unsigned max_conns;      /* connections at once */
    unsigned timeout_s;      /* an idle connection is closed after this */
    unsigned job_seconds;    /* a conversion running longer is stopped */
    const char *self;        /* this program, to start the conversions with;
                              * NULL: no templates, and each job runs
                              * run_inline in the runner thread (fuzzing) */
    int (*run_inline)(const char *dir);
} bt_web_options;

/* Defaults, documented in `bitacora servir --help` and the README (plain
 * numbers: the help shows them as written here). */
#define BT_WEB_KEEP_MINUTES 60
#define BT_WEB_MAX_MB 64
#define BT_WEB_MAX_FILES 2000
#define BT_WEB_MAX_CONNS 512
#define BT_WEB_TIMEOUT_S 30
#define BT_WEB_JOB_SECONDS 600u
#define BT_WEB_UPLOAD_SECONDS 1800u   /* one request's whole upload */

void bt_web_options_default(bt_web_options *o);

/* Serve until SIGINT/SIGTERM.  The URL line goes to stdout, one log line
 * per request to stderr.  Returns an exit status (0 after a clean stop);
 * a failure to start is explained on stderr. */
int bt_web_serve(const bt_web_options *o);

/* The server without the signal handling, for the fuzzer: started (url
 * set), or NULL with the reason on stderr; stopped at once. */
typedef struct bt_web_server bt_web_server;
bt_web_server *bt_web_start(const bt_web_options *o, char *url, size_t url_size);
const char *bt_web_data_dir(const bt_web_server *s);
void bt_web_stop(bt_web_server *s);

/* ---- embedded assets (generated from web/ by tools/embed.c) ---- */

typedef struct {
    const char *name;              /* "estilo.css" */
    const unsigned char *data;     /* NUL-terminated too */
    size_t len;
} bt_web_asset;

extern const bt_web_asset bt_web_assets[];

const bt_web_asset *bt_web_asset_find(const char *name);
/* "text/css; charset=utf-8", from the name's extension. */
const char *bt_web_content_type(const char *name);

/* ---- HTML (web_html.c) ---- */

/* Is the UTF-8 character at p (len bytes) one never shown as it is: a C0
 * or C1 control, a line or paragraph separator, or a bidirectional
 * control that can make "gpj.csv" look like "vsc.jpg"? */
bool bt_web_hidden_char(const unsigned char *p, size_t len);
/* Bytes of the UTF-8 character that starts with c. */
size_t bt_web_char_len(unsigned char c);

/* Text as HTML: & < > " ' escaped; bytes that are not UTF-8, control
 * characters and bidirectional overrides shown as U+FFFD. */
void bt_html_escape(bt_sb *b, const char *s);
void bt_html_escape_n(bt_sb *b, const char *s, size_t n);

/* A whole page: the frame (web/marco.html) around content, which is
 * HTML already.  head: extra HTML for <head> (or NULL); title is text;
 * root: the way from the page's URL to the server's root ("" or "../"):
 * every link is relative, so the server can sit under any path of a
 * reverse proxy. */
bt_err bt_web_page(bt_sb *out, const char *title, const char *head, const char *content,
                   const char *root, unsigned keep_minutes);

/* Fill {{key}} markers of an asset: values[] pairs key, HTML value;
 * unknown markers are left out. */
bt_err bt_web_fill(bt_sb *out, const char *tmpl, const char *const *values);

/* "12 KB", "3,4 MB" */
void bt_web_size_text(uint64_t bytes, char *buf, size_t size);

/* ---- job IDs and folders (web_jobs.c) ---- */

#define BT_WEB_ID_LEN 22          /* 128 random bits, base64url */

/* A new ID from the system's random source; false if it gave none. */
bool bt_web_id_new(char id[BT_WEB_ID_LEN + 1]);
bool bt_web_id_valid(const char *s, size_t n);

/* Remove dir_fd/name and everything under it, never following a
 * symbolic link out of it.  ENOENT is success. */
int bt_web_rmtree_at(int dir_fd, const char *name);

/* ---- the conversions: a bounded queue, a process each (web_jobs.c) ---- */

typedef struct bt_web_pool bt_web_pool;

/* Called on a runner thread when a job has ended; its result (or a page
 * that says why there is none) is in its folder by then. */
typedef void (*bt_web_done_fn)(void *token);

bt_web_pool *bt_web_pool_new(const bt_web_options *o, const char *data_dir, int data_fd,
                             bt_web_done_fn done);
/* Stop the runners (once drained) and free. */
void bt_web_pool_free(bt_web_pool *p);
/* Take a place for a new job and register its ID, from its upload to its
 * answer.  false: every place is taken (503). */
bool bt_web_pool_admit(bt_web_pool *p, const char *id);
/* The admitted job's request is over (answered, refused, or its client
 * gone): its place is free. */
void bt_web_pool_release(bt_web_pool *p, const char *id);
/* Queue an admitted job; done(token) when it has ended (its place stays
 * taken until released). */
void bt_web_pool_submit(bt_web_pool *p, const char *id, void *token);
/* Admitted and not released? */
bool bt_web_pool_active(bt_web_pool *p, const char *id);
/* Seconds a refused client should wait before trying again. */
unsigned bt_web_pool_retry_after(bt_web_pool *p);
/* Wait until no job is admitted, at most max_s seconds; true if none is. */
bool bt_web_pool_drain(bt_web_pool *p, unsigned max_s);
/* Delete the job folders made more than --conservar minutes ago, and the
 * unfinished ones no job is working on (left by a crash). */
void bt_web_reap(bt_web_pool *p, time_t now);

/* The result files of a job folder. */
#define BT_WEB_PAGE "resultado.html"
#define BT_WEB_JSON "resultado.json"
#define BT_WEB_ZIP "salida.zip"
#define BT_WEB_OUT "salida"

/* ---- a request's parts (web_upload.c) ---- */

/* The request file a job folder holds, for the worker. */
#define BT_WEB_REQUEST "trabajo"
#define BT_WEB_INPUTS "entrada"

typedef enum {
    BT_UP_OK,
    BT_UP_NO_FILES,          /* nothing chosen */
    BT_UP_TOO_MANY,          /* over max_files */
    BT_UP_BAD_PERIOD,        /* «periodo» is not a year */
    BT_UP_WRITE,             /* the server could not store it (disk) */
    BT_UP_NOMEM,
    BT_UP_TWO_ROSTERS,       /* more than one «territorios» file */
} bt_up_status;

typedef struct bt_web_upload bt_web_upload;

bt_web_upload *bt_web_upload_new(int job_fd, unsigned max_files);
/* One piece of a form field: key, the file name the browser gave (NULL
 * for a field that is no file), data at offset off of the field. */
bt_up_status bt_web_upload_data(bt_web_upload *u, const char *key, const char *filename,
                                const char *data, uint64_t off, size_t size);
/* The last piece arrived: write the request file for the worker. */
bt_up_status bt_web_upload_finish(bt_web_upload *u, unsigned keep_minutes);
size_t bt_web_upload_files(const bt_web_upload *u);
void bt_web_upload_free(bt_web_upload *u);

/* A name from a browser or a zip, made a safe label: valid UTF-8, no
 * control characters, no directories unless keep_dirs (and then no
 * "..", "." or empty parts), at most 255 bytes.  Never NULL but on
 * allocation failure; "" when nothing is left. */
char *bt_web_clean_name(const char *raw, size_t n, bool keep_dirs);

/* Spanish text for an upload status. */
const char *bt_up_status_text(bt_up_status s);

/* Make *label unique among labels[0..n) by adding " (2)", " (3)"...
 * before its extension; frees or returns *label.  NULL: no memory. */
char *bt_web_label_unique(char *label, char *const *labels, size_t n);

/* ---- the result of a job (web_result.c) ---- */

/* Something of an upload that the engine never saw: a zip entry left
 * out or refused, a zip that is not one. */
typedef struct {
    char *label;
    const char *reason;      /* Spanish */
    bool refused;            /* a file that could not be read (status 2) */
} bt_web_note;

typedef struct {
    const char *id;
    const bt_batch *b;
    const bt_web_note *notes;
    size_t nnotes;
    const char *zip_path;    /* salida.zip: its entries are the outputs */
    size_t converted, errors, avisos;
    const char *roster;      /* the roster as uploaded, or NULL */
    int status;              /* what `convert` would have exited with */
    const char *failure;     /* why there are no outputs (Spanish), or NULL */
    unsigned keep_minutes;
} bt_web_result;

bt_err bt_web_result_json(const bt_web_result *r, bt_sb *out);
bt_err bt_web_result_page(const bt_web_result *r, bt_sb *out);

/* ---- one job, in its own process (web_worker.c) ---- */

/* Run the job in folder dir (`bitacora servir --trabajo DIR`): returns
 * the exit status `convert` would have had, or 3 when no result could be
 * written (then stderr says why). */
int bt_web_worker(const char *dir, int jobs);
/* The same up to the conversion: the request read, the zips unpacked,
 * the dates given, and a result that lists the inputs (the fuzzer's). */
int bt_web_worker_unpack_only(const char *dir);

#endif
