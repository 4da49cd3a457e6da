/* cmd_check.c - bitacora check: findings only. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bitacora/batch.h"
#include "bitacora/finding.h"
#include "cmd.h"

static const bt_cli_opt own_opts[] = {
    {{"format", "formato"}, OPT_FORMAT, "F",
     "text (por omisión), csv o json (sin línea de resumen)"},
    BT_CLI_END,
};

static const bt_cli_opt run_opts[] = {
    {{"jobs"}, 'j', "N",
     "archivos leídos en paralelo, de 1 a 64 (por omisión,\n"
     "tantos como procesadores)"},
    {{"silencioso", "quiet"}, 'q', NULL,
     "solo el resumen, sin listar los hallazgos (con\n"
     "--format csv o json se escriben igual)"},
    BT_CLI_END,
};

static const bt_cli_opt *const options[] = {
    own_opts, bt_cli_roster_opts, bt_cli_read_opts, run_opts, bt_cli_help_opts, NULL,
};

static void help(FILE *out)
{
    fputs("Uso: bitacora check [opciones] ENTRADA...\n"
          "\n"
          "Revisa bitácoras (archivos .csv o .xlsx, o carpetas donde se buscan .csv,\n"
          ".txt, .tsv, .xlsx y .xlsm) y lista los hallazgos en la salida estándar: cada\n"
          "error o aviso con su archivo, fila, columna y celda, y qué corregir; el\n"
          "resumen va a la salida de errores. No escribe libros.\n"
          "\n",
          out);
    bt_cli_help_options(out, options);
    fputs("\n"
          "Ejemplos:\n"
          "  bitacora check bitacoras/\n"
          "  bitacora check --format json territorio3.csv > hallazgos.json\n"
          "\n"
          "Estado de salida: 0 sin errores (puede haber avisos); 1 hay errores;\n"
          "2 uso incorrecto o un archivo que no se puede leer.\n",
          out);
}

/* The options into ro and *fmt.  Returns -1 to go on, or the exit
 * status (--help, a bad option). */
static int parse(int argc, char **argv, bt_read_opts *ro, bt_format *fmt)
{
    int c;
    optind = 1;
    while ((c = bt_cli_next("check", argc, argv, options)) != -1) {
        if (c == 'h') {
            help(stdout);
            return bt_cli_close_stdout();
        }
        if (c == OPT_FORMAT) {
            if (!strcmp(optarg, "text") || !strcmp(optarg, "texto"))
                *fmt = BT_FMT_TEXT;
            else if (!strcmp(optarg, "csv"))
                *fmt = BT_FMT_CSV;
            else if (!strcmp(optarg, "json"))
                *fmt = BT_FMT_JSON;
            else {
                bt_cli_error("--format «%s»: use text, csv o json", optarg);
                return BT_EXIT_FAIL;
            }
            continue;
        }
        int r = c == OPT_ROSTER ? bt_cli_report_option(c, optarg, ro)
                                : bt_cli_read_option(c, optarg, ro);
        if (r < 0)
            return BT_EXIT_FAIL;
        if (r == 0) {
            fputs("Pruebe «bitacora check --help».\n", stderr);
            return BT_EXIT_FAIL;
        }
    }
    if (optind >= argc) {
        bt_cli_error("check: falta al menos un archivo o carpeta de entrada");
        fputs("Pruebe «bitacora check --help».\n", stderr);
        return BT_EXIT_FAIL;
    }
    return -1;
}

/* The findings on stdout in fmt, the summary line on stderr; the exit
 * status. */
static int report(bt_batch *b, const bt_read_opts *ro, bt_format fmt)
{
    bt_findings *all = bt_findings_new();
    bt_err e = all ? bt_batch_findings(b, all) : BT_ERR_NOMEM;
    if (e) {
        bt_findings_free(all);
        bt_cli_error("%s", bt_strerror(e));
        return BT_EXIT_FAIL;
    }
    int status = BT_EXIT_OK;
    /* -q: the summary and the exit status only (a machine format is
     * asked for to be read, so it is always written). */
    bt_err we = ro->quiet && fmt == BT_FMT_TEXT ? BT_OK : bt_findings_write(all, fmt, stdout);
    if (we) {
        bt_cli_error("no se pudo escribir la lista de hallazgos: %s",
                     we == BT_ERR_WRITE ? bt_errno_text(errno) : bt_strerror(we));
        status = BT_EXIT_FAIL;
    }
    bt_findings_free(all);
    bt_run_counts rc;
    bt_cli_count(b, false, &rc);
    fflush(stdout);
    if (fmt == BT_FMT_TEXT)
        fprintf(stderr, "%zu archivo%s revisado%s: %zu error%s, %zu aviso%s.\n", b->n,
                b->n == 1 ? "" : "s", b->n == 1 ? "" : "s", rc.errors,
                rc.errors == 1 ? "" : "es", rc.avisos, rc.avisos == 1 ? "" : "s");
    return status ? status : rc.status;
}

int cmd_check(int argc, char **argv)
{
    bt_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.jobs = 0;    /* 0: as many as the machine has processors */
    bt_format fmt = BT_FMT_TEXT;
    int st = parse(argc, argv, &ro, &fmt);
    if (st >= 0)
        return st;
    bt_tpl *tpl = NULL;
    bt_batch b;
    st = bt_cli_load("check", argv + optind, (size_t)(argc - optind), &ro, NULL, &tpl, &b);
    if (!st)
        st = report(&b, &ro, fmt);
    bt_batch_free(&b);
    bt_tpl_free(tpl);
    int s2 = bt_cli_close_stdout();
    return st ? st : s2;
}
