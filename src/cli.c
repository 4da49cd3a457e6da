/* cli.c - option parsing and output helpers shared by the commands. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bitacora/value.h"
#include "cmd.h"

void bt_cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bitacora: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void bt_cli_write_failed(const char *path, bt_err e, int err, int sig)
{
    const char *what = path ? bt_cli_show(path) : NULL;
    if (e == BT_ERR_WRITER_DIED && sig)
        bt_cli_error("no se pudo escribir %s: el proceso que escribía el libro terminó con la "
                     "señal %d (%s). Las salidas anteriores quedan intactas.", what, sig,
                     strsignal(sig));
    else if (e == BT_ERR_TMPFILE)
        bt_cli_error("no se pudo escribir %s: %s: %s.", what, bt_strerror(e),
                     err ? bt_errno_text(err) : "causa desconocida");
    else if (what && (e == BT_ERR_WRITE || e == BT_ERR_READ) && err)
        bt_cli_error("no se pudo escribir %s: %s", what, bt_errno_text(err));
    else if (what)
        bt_cli_error("no se pudo escribir %s: %s", what, bt_strerror(e));
    else
        bt_cli_error("%s", bt_strerror(e));
}

int bt_cli_read_option(int opt, const char *arg, bt_read_opts *ro)
{
    switch (opt) {
    case OPT_DELIM:
        ro->load.csv.delimiter = bt_csv_delimiter_parse(arg);
        if (!ro->load.csv.delimiter) {
            bt_cli_error("delimitador desconocido «%s»; use uno de:" BT_CSV_DELIMITER_HELP,
                         bt_cli_show(arg));
            return -1;
        }
        return 1;
    case OPT_ENC:
        if (!bt_encoding_parse(arg, &ro->load.csv.encoding)) {
            bt_cli_error("codificación desconocida «%s»: use utf-8, windows-1252, latin1, "
                         "utf-16le o utf-16be", arg);
            return -1;
        }
        return 1;
    case OPT_PERIOD: {
        bt_why why;
        int y;
        if (bt_parse_year(arg, &y, &why) != BT_VAL_OK) {
            bt_cli_error("--periodo «%s»: %s", arg, bt_why_text(why ? why : BT_WHY_YEAR_FORMAT));
            return -1;
        }
        ro->load.period = y;
        return 1;
    }
    case 'j': {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || *end || v < 1 || v > 64) {
            bt_cli_error("--jobs «%s»: debe ser un número de 1 a 64", arg);
            return -1;
        }
        ro->jobs = (int)v;
        return 1;
    }
    case 'q':
        ro->quiet = true;
        return 1;
    default:
        return 0;
    }
}

int bt_cli_report_option(int opt, const char *arg, bt_read_opts *ro)
{
    if (opt != OPT_ROSTER && opt != OPT_PREVIOUS)
        return 0;
    if (!arg[0]) {
        bt_cli_error("%s: falta el %s", opt == OPT_ROSTER ? "--territorios" : "--anterior",
                     opt == OPT_ROSTER ? "archivo" : "nombre de la carpeta");
        return -1;
    }
    if (opt == OPT_ROSTER)
        ro->report.roster = arg;
    else
        ro->report.previous = arg;
    return 1;
}

int bt_cli_close_stdout(void)
{
    /* A full disk or a closed pipe is an error, not silence. */
    bool bad = fflush(stdout) != 0 || ferror(stdout);
    int err = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = true;
        err = errno;
    }
    if (bad) {
        bt_cli_error("no se pudo escribir la salida estándar: %s", bt_errno_text(err));
        return BT_EXIT_FAIL;
    }
    return BT_EXIT_OK;
}

const char *bt_cli_show(const char *path)
{
    static char bufs[4][4200];
    static unsigned k;
    char *b = bufs[k++ % 4];
    bt_show_controls(path, b, sizeof bufs[0]);   /* a longer path is cut */
    return b;
}

int bt_cli_load(const char *cmd, char *const *args, size_t n, bt_read_opts *ro,
                const char *skip_dir, bt_tpl **tpl, bt_batch *b)
{
    bt_input *inputs = calloc(n ? n : 1, sizeof *inputs);
    if (!inputs) {
        bt_batch_init(b);
        bt_cli_error("%s", bt_strerror(BT_ERR_NOMEM));
        return BT_EXIT_FAIL;
    }
    for (size_t i = 0; i < n; i++)
        inputs[i].path = args[i];
    int st = bt_cli_load_inputs(cmd, inputs, n, ro, skip_dir, tpl, b, NULL);
    free(inputs);
    return st;
}

int bt_cli_load_inputs(const char *cmd, const bt_input *inputs, size_t n, bt_read_opts *ro,
                       const char *skip_dir, bt_tpl **tpl, bt_batch *b, char **why_out)
{
    if (ro->jobs == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        ro->jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (int)cpus;
    }
    bt_batch_init(b);
    /* The memory for the territories (BT_HOLD_BYTES, batch.h), in MB: for
     * tests, which set it to 0 to check that summaries change no output. */
    const char *hold = getenv("BITACORA_RESUMIR_DESDE_MB");
    if (hold && *hold) {
        char *end;
        unsigned long long mb = strtoull(hold, &end, 10);
        if (!*end && mb < ((size_t)-1 >> 20))
            b->hold_bytes = (size_t)mb << 20;
    }
    bt_err e = bt_tpl_new(tpl);
    if (!e)
        e = bt_batch_load(b, *tpl, inputs, n, &ro->load, skip_dir, ro->jobs);
    if (e) {
        bt_cli_error("%s", bt_strerror(e));
        return BT_EXIT_FAIL;
    }
    for (size_t i = 0; i < b->nskipped && !ro->quiet; i++)
        fprintf(stderr, "bitacora: se omite la carpeta %s: es una salida anterior de bitacora "
                        "(tiene .bitacora-salida).\n", bt_cli_show(b->skipped[i]));
    for (size_t i = 0; i < b->nempty; i++)
        bt_cli_error("%s: en la carpeta %s no hay ninguna bitácora (.csv, .txt, .tsv, .xlsx, "
                     ".xlsm)", cmd, bt_cli_show(b->empty[i]));
    if (b->n == 0) {
        bt_cli_error("%s: no se encontró ninguna bitácora (.csv, .txt, .tsv, .xlsx o .xlsm) en "
                     "las entradas", cmd);
        return BT_EXIT_FAIL;
    }
    e = bt_batch_duplicates(b);
    char *why = NULL;
    if (!e)
        e = bt_reports_build(b, &ro->report, &why);
    if (e && why_out && why) {
        *why_out = why;
        return BT_EXIT_FAIL;
    }
    if (e) {
        bt_cli_error("%s: %s", cmd, why ? why : bt_strerror(e));
        free(why);
        return BT_EXIT_FAIL;
    }
    if (bt_reports_previous_unused(b->reports) && !ro->quiet)
        fprintf(stderr, "bitacora: --anterior %s: no tiene datos de un periodo anterior a los "
                        "de esta corrida; no hay comparación.\n",
                bt_cli_show(ro->report.previous));
    return BT_EXIT_OK;
}

void bt_cli_count(bt_batch *b, bool strict, bt_run_counts *out)
{
    memset(out, 0, sizeof *out);
    out->files = b->n;
    /* The batch's own findings (the roster's) count too. */
    out->errors = bt_batch_errors(b);
    out->avisos = bt_batch_avisos(b);
    for (size_t i = 0; i < b->n; i++) {
        bt_territory *t = b->items[i];
        if (strict && t->readable && bt_territory_errors(t)) {
            t->strict_skipped = true;
            out->skipped++;
        } else if (t->readable) {
            out->converted++;
        }
    }
    out->status = b->read_errors ? BT_EXIT_FAIL : out->errors ? BT_EXIT_FINDINGS : BT_EXIT_OK;
}

int bt_cli_getopt(const char *cmd, int argc, char *const *argv, const char *optstring,
                  const struct option *longopts)
{
    char spec[64];
    snprintf(spec, sizeof spec, ":%s", optstring);   /* ':' marks a missing value */
    opterr = 0;
    int c = getopt_long(argc, argv, spec, longopts, NULL);
    const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
    if (c == ':') {
        if (optopt && optopt < 256)
            bt_cli_error("%s: a la opción «-%c» le falta su valor", cmd, optopt);
        else
            bt_cli_error("%s: a la opción «%s» le falta su valor", cmd, bt_cli_show(arg));
        return '?';
    }
    if (c == '?') {
        if (optopt && optopt < 256)
            bt_cli_error("%s: opción desconocida «-%c»", cmd, optopt);
        else
            bt_cli_error("%s: opción desconocida «%s»", cmd, bt_cli_show(arg));
    }
    return c;
}
