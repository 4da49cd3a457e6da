/* cmd_export.c - bitacora export: a filled logbook -> the normalized CSV. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bitacora/csvwrite.h"
#include "bitacora/load.h"
#include "bitacora/output.h"
#include "cmd.h"

static const bt_cli_opt own_opts[] = {
    {{"salida", "output"}, 'o', "ARCHIVO.csv", "dónde escribir el CSV («-»: salida estándar)"},
    BT_CLI_END,
};

static const bt_cli_opt run_opts[] = {
    {{"silencioso", "quiet"}, 'q', NULL, "no listar los hallazgos en pantalla"},
    BT_CLI_END,
};

static const bt_cli_opt *const options[] = {
    own_opts, bt_cli_read_opts, run_opts, bt_cli_help_opts, NULL,
};

static void help(FILE *out)
{
    fputs("Uso: bitacora export [opciones] ARCHIVO.xlsx [-o ARCHIVO.csv]\n"
          "\n"
          "Convierte una bitácora llenada (XLSX, o también CSV) en el CSV normalizado con\n"
          "el diseño de la plantilla: UTF-8 con BOM, separado por comas, con regiones,\n"
          "comunas, cantidades, fechas y nombres normalizados. Escribe lo que la bitácora\n"
          "tiene (no agrega filas que no tenía) y lo que no se reconoció, bajo una línea\n"
          "OTROS: convertir el CSV da lo mismo que convertir la bitácora. Los hallazgos se\n"
          "muestran en pantalla. Por omisión escribe ARCHIVO.csv junto al original, si no\n"
          "existe ya; nunca sobrescribe la entrada.\n"
          "\n",
          out);
    bt_cli_help_options(out, options);
    fputs("\n"
          "Estado de salida: 0 sin errores (puede haber avisos); 1 hay errores en la\n"
          "bitácora (el CSV se escribe igual); 2 uso incorrecto, un archivo que no se\n"
          "puede leer, o una salida que ya existe o es la entrada.\n",
          out);
}

/* Where the CSV goes: -o, or beside the input (never over a file that is
 * there, nor over the input itself).  NULL, said why, if nowhere. */
static const char *destination(const char *in, const char *out, char *defpath, size_t size)
{
    if (!out) {
        const char *dot = strrchr(in, '.');
        const char *slash = strrchr(in, '/');
        size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - in) : strlen(in);
        snprintf(defpath, size, "%.*s.csv", (int)stem, in);
        out = defpath;
    }
    struct stat si, so;
    if (out == defpath && stat(out, &so) == 0) {
        /* It may be the team's own CSV of the same logbook. */
        bt_cli_error("export: %s ya existe; para reemplazarlo indíquelo con -o",
                     bt_cli_show(out));
        return NULL;
    }
    if (strcmp(out, "-") != 0 && stat(in, &si) == 0 && stat(out, &so) == 0 &&
        si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
        bt_cli_error("export: la salida %s es el mismo archivo de entrada; indique con -o "
                     "otro archivo", bt_cli_show(out));
        return NULL;
    }
    return out;
}

/* The options into ro and *out.  Returns -1 to go on, or the exit
 * status (--help, a bad option). */
static int parse(int argc, char **argv, bt_read_opts *ro, const char **out)
{
    int c;
    optind = 1;
    while ((c = bt_cli_next("export", argc, argv, options)) != -1) {
        if (c == 'h') {
            help(stdout);
            return bt_cli_close_stdout();
        }
        if (c == 'o') {
            *out = optarg;
            continue;
        }
        int r = bt_cli_read_option(c, optarg, ro);
        if (r < 0)
            return BT_EXIT_FAIL;
        if (r == 0) {
            fputs("Pruebe «bitacora export --help».\n", stderr);
            return BT_EXIT_FAIL;
        }
    }
    if (optind + 1 != argc) {
        bt_cli_error(optind >= argc ? "export: falta el archivo de entrada"
                                    : "export: se convierte un archivo por vez");
        fputs("Pruebe «bitacora export --help».\n", stderr);
        return BT_EXIT_FAIL;
    }
    return -1;
}

/* The readable territory t as CSV at out ("-": stdout);
 * the exit status. */
static int write_csv(const bt_territory *t, const char *out, bool quiet)
{
    bt_sb sb;
    bt_sb_init(&sb);
    bt_err e = bt_export_csv(t, &sb);
    int err = 0;
    if (!e && strcmp(out, "-") == 0) {
        if (fwrite(sb.s, 1, sb.len, stdout) != sb.len)
            e = BT_ERR_WRITE;
    } else if (!e) {
        e = bt_write_file_atomic(out, sb.s, sb.len, &err);
    }
    bt_sb_free(&sb);
    if (e) {
        bt_cli_error("no se pudo escribir %s: %s", out, err ? bt_errno_text(err) : bt_strerror(e));
        return BT_EXIT_FAIL;
    }
    if (!quiet && strcmp(out, "-") != 0)
        fprintf(stderr, "CSV normalizado escrito en %s\n", out);
    return bt_territory_errors(t) ? BT_EXIT_FINDINGS : BT_EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
    bt_read_opts ro;
    memset(&ro, 0, sizeof ro);
    const char *out = NULL;
    int st = parse(argc, argv, &ro, &out);
    if (st >= 0)
        return st;
    const char *in = argv[optind];
    char defpath[4200];
    out = destination(in, out, defpath, sizeof defpath);
    if (!out)
        return BT_EXIT_FAIL;
    bt_tpl *tpl;
    bt_err e = bt_tpl_new(&tpl);
    if (e) {
        bt_cli_error("%s", bt_strerror(e));
        return BT_EXIT_FAIL;
    }
    bt_territory *t = NULL;
    e = bt_load_file(tpl, in, in, &ro.load, &t);
    if (e == BT_ERR_NOMEM || !t) {
        bt_cli_error("%s", bt_strerror(BT_ERR_NOMEM));
        st = BT_EXIT_FAIL;
    } else {
        if (!ro.quiet)   /* stderr: nowhere to report a failure of its own */
            (void)bt_findings_write(t->findings, BT_FMT_TEXT, stderr);
        if (!t->readable) {
            bt_cli_error("export: %s no se pudo leer; no se escribió el CSV", in);
            st = BT_EXIT_FAIL;
        } else {
            st = write_csv(t, out, ro.quiet);
        }
    }
    bt_territory_free(t);
    bt_tpl_free(tpl);
    int s2 = bt_cli_close_stdout();
    return st ? st : s2;
}
