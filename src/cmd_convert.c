/* cmd_convert.c - bitacora convert: logbooks in, workbooks out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bitacora/batch.h"
#include "bitacora/finding.h"
#include "bitacora/output.h"
#include "cmd.h"

static const bt_cli_opt own_opts[] = {
    {{"salida", "output"}, 'o', "DIR", "carpeta de salida (por omisión «salida»)"},
    {{"csv"}, OPT_CSV, NULL, "escribe además las tablas CSV en DIR/csv/"},
    {{"strict", "estricto"}, OPT_STRICT, NULL, "no convierte los territorios que tienen errores"},
    BT_CLI_END,
};

static const bt_cli_opt more_opts[] = {
    {{"reescribir"}, OPT_REWRITE, NULL,
     "escribe todos los libros; sin esta opción, en una carpeta\n"
     "de salida ya usada se reescriben solo los que cambian"},
    BT_CLI_END,
};

static const bt_cli_opt run_opts[] = {
    {{"jobs"}, 'j', "N",
     "archivos leídos y libros escritos en paralelo, de 1 a\n"
     "64 (por omisión, tantos como procesadores)"},
    {{"silencioso", "quiet"}, 'q', NULL, "sin listar los hallazgos ni el resumen en pantalla"},
    BT_CLI_END,
};

static const bt_cli_opt *const options[] = {
    own_opts, bt_cli_roster_opts, bt_cli_previous_opts, more_opts, bt_cli_read_opts,
    run_opts, bt_cli_help_opts, NULL,
};

static void help(FILE *out)
{
    fputs("Uso: bitacora convert [opciones] ENTRADA...\n"
          "\n"
          "Lee bitácoras del equipo técnico territorial (archivos .csv o .xlsx, o\n"
          "carpetas donde se buscan .csv, .txt, .tsv, .xlsx y .xlsm), las revisa y\n"
          "escribe en la carpeta de salida:\n"
          "  nacional.xlsx                     consolidado del país\n"
          "  hallazgos.csv                     cada error o aviso, con su celda\n"
          "  NN-region/region-NN-region.xlsx   consolidado de cada región\n"
          "  NN-region/territorio-NN-nombre.xlsx  un libro por territorio\n"
          "  csv/                              tablas para análisis (con --csv)\n"
          "Los hallazgos y el resumen se muestran también en pantalla (salida de\n"
          "errores), como archivo:fila:columna. Nunca reemplaza una entrada.\n"
          "Al volver a convertir en la misma carpeta, solo se reescriben los libros cuyas\n"
          "bitácoras, opciones o versión del programa cambiaron (y los de su región y el\n"
          "nacional); el registro de lo escrito va en DIR/.bitacora-salida.\n"
          "\n",
          out);
    bt_cli_help_options(out, options);
    fputs("\n"
          "Ejemplos:\n"
          "  bitacora convert -o salida bitacoras/\n"
          "  bitacora convert --periodo 2025 --csv -o informe region5/*.csv\n"
          "  bitacora convert --csv --territorios informe-2024/csv/territorios.csv \\\n"
          "      --anterior informe-2024 -o informe-2025 bitacoras-2025/\n"
          "\n"
          "Estado de salida: 0 sin errores (puede haber avisos); 1 hay errores en las\n"
          "bitácoras (los libros se escriben igual, salvo con --strict); 2 uso incorrecto,\n"
          "o un archivo o carpeta que no se puede leer o escribir.\n",
          out);
}

/* The options into ro, oo and *strict.  Returns -1 to go on, or the exit
 * status (--help, a bad option). */
static int parse(int argc, char **argv, bt_read_opts *ro, bt_output_options *oo, bool *strict)
{
    int c;
    optind = 1;
    while ((c = bt_cli_next("convert", argc, argv, options)) != -1) {
        if (c == 'h') {
            help(stdout);
            return bt_cli_close_stdout();
        }
        if (c == 'o' && !optarg[0]) {
            bt_cli_error("convert: la carpeta de salida no puede ser vacía");
            return BT_EXIT_FAIL;
        }
        if (c == 'o')
            oo->dir = optarg;
        else if (c == OPT_CSV)
            oo->csv = true;
        else if (c == OPT_STRICT)
            *strict = true;
        else if (c == OPT_REWRITE)
            oo->rewrite_all = true;
        else {
            int r = bt_cli_read_option(c, optarg, ro);
            if (r == 0)
                r = bt_cli_report_option(c, optarg, ro);
            if (r < 0)
                return BT_EXIT_FAIL;
            if (r == 0) {
                fputs("Pruebe «bitacora convert --help».\n", stderr);
                return BT_EXIT_FAIL;
            }
        }
    }
    if (optind >= argc) {
        bt_cli_error("convert: falta al menos un archivo o carpeta de entrada");
        fputs("Pruebe «bitacora convert --help».\n", stderr);
        return BT_EXIT_FAIL;
    }
    return -1;
}

/* The lines after the findings: what was read, written, kept, removed. */
static void summary(const bt_batch *b, const bt_run_counts *rc, const char *dir,
                    const bt_output_result *res)
{
    fprintf(stderr,
            "%zu archivo%s, %zu territorio%s convertido%s%s en %s/: %zu error%s, %zu aviso%s.\n",
            b->n, b->n == 1 ? "" : "s", rc->converted, rc->converted == 1 ? "" : "s",
            rc->converted == 1 ? "" : "s", rc->skipped ? " (otros no, por --strict)" : "",
            bt_cli_show(dir), rc->errors, rc->errors == 1 ? "" : "es", rc->avisos,
            rc->avisos == 1 ? "" : "s");
    if (res->kept)
        fprintf(stderr, "%zu libro%s escrito%s; %zu sin cambios desde la conversión anterior (no "
                "se reescribe%s).\n", res->written, res->written == 1 ? "" : "s",
                res->written == 1 ? "" : "s", res->kept, res->kept == 1 ? "" : "n");
    if (res->removed)
        fprintf(stderr, "%zu libro%s de la conversión anterior ya no corresponde%s (su territorio "
                "ya no está o cambió de región o periodo): se borr%s.\n", res->removed,
                res->removed == 1 ? "" : "s", res->removed == 1 ? "" : "n",
                res->removed == 1 ? "ó" : "aron");
}

/* Findings on stderr, compiler style, file by file; then the outputs. */
static int convert(bt_batch *b, const bt_read_opts *ro, const bt_output_options *oo, bool strict)
{
    bt_run_counts rc;
    bt_cli_count(b, strict, &rc);
    bt_err e = BT_OK;
    if (!ro->quiet) {
        bt_findings *all = bt_findings_new();
        e = all ? bt_batch_findings(b, all) : BT_ERR_NOMEM;
        if (!e)   /* stderr: if even this fails there is nowhere to say so */
            (void)bt_findings_write(all, BT_FMT_TEXT, stderr);
        bt_findings_free(all);
    }
    bt_output_result res;
    memset(&res, 0, sizeof res);
    if (!e)
        e = bt_output_run(b, oo, &res);
    if (e) {
        bt_cli_write_failed(res.failed_path[0] ? res.failed_path : NULL, e, res.failed_errno,
                            res.failed_signal);
        return BT_EXIT_FAIL;
    }
    if (!ro->quiet)
        summary(b, &rc, oo->dir, &res);
    /* Status 2 always comes with a reason, even when quiet. */
    if (b->read_errors && ro->quiet)
        bt_cli_error("%zu entrada%s no se %s leer (E001); el detalle está en %s/hallazgos.csv",
                     b->read_errors, b->read_errors == 1 ? "" : "s",
                     b->read_errors == 1 ? "pudo" : "pudieron", bt_cli_show(oo->dir));
    return rc.status;
}

int cmd_convert(int argc, char **argv)
{
    bt_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.jobs = 0;    /* 0: as many as the machine has processors */
    bt_output_options oo = {"salida", false, 1, false};
    bool strict = false;
    int st = parse(argc, argv, &ro, &oo, &strict);
    if (st >= 0)
        return st;
    bt_tpl *tpl = NULL;
    bt_batch b;
    st = bt_cli_load("convert", argv + optind, (size_t)(argc - optind), &ro, oo.dir, &tpl, &b);
    if (!st) {
        oo.jobs = ro.jobs;
        st = convert(&b, &ro, &oo, strict);
    }
    bt_batch_free(&b);
    bt_tpl_free(tpl);
    int s2 = bt_cli_close_stdout();
    return st ? st : s2;
}
