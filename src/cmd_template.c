/* cmd_template.c - bitacora template: the blank forms. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bitacora/csvwrite.h"
#include "bitacora/output.h"
#include "bitacora/xlsxwrite.h"
#include "cmd.h"

static bt_err write_template(const void *unused, const char *path)
{
    (void)unused;
    return bt_write_template_xlsx(path);
}

static const bt_cli_opt own_opts[] = {
    {{"salida", "output"}, 'o', "DIR",
     "carpeta donde escribir las plantillas (reemplaza las\n"
     "que haya con esos nombres)"},
    BT_CLI_END,
};

static const bt_cli_opt *const options[] = {own_opts, bt_cli_help_opts, NULL};

static void help(FILE *out)
{
    fputs("Uso: bitacora template [-o DIR]\n"
          "\n"
          "Escribe las plantillas en blanco de la bitácora en la carpeta DIR (por\n"
          "omisión, la actual):\n"
          "  bitacora_ett.csv   CSV UTF-8 con BOM, para abrir en Excel, LibreOffice o\n"
          "                     Google Sheets\n"
          "  bitacora_ett.xlsx  formulario con listas desplegables, validación de\n"
          "                     cantidades y fechas, totales que se suman solos, los\n"
          "                     nombres de cada disciplina contados junto a su dotación,\n"
          "                     e instrucciones para el equipo (qué llenar, cómo\n"
          "                     guardarla, a quién enviarla)\n"
          "\n",
          out);
    bt_cli_help_options(out, options);
    fputs("\n"
          "Estado de salida: 0 escritas; 2 uso incorrecto o una carpeta o archivo que\n"
          "no se puede escribir.\n",
          out);
}

int cmd_template(int argc, char **argv)
{
    const char *dir = ".";
    int c;
    optind = 1;
    while ((c = bt_cli_next("template", argc, argv, options)) != -1) {
        if (c == 'h') {
            help(stdout);
            return bt_cli_close_stdout();
        }
        if (c == 'o') {
            dir = optarg;
            continue;
        }
        fputs("Pruebe «bitacora template --help».\n", stderr);
        return BT_EXIT_FAIL;
    }
    if (optind < argc) {
        bt_cli_error("template: argumento de más «%s»", argv[optind]);
        return BT_EXIT_FAIL;
    }
    int err = 0;
    if (bt_mkdirs(dir, &err) != BT_OK) {
        bt_cli_error("no se pudo crear la carpeta %s: %s", dir, bt_errno_text(err));
        return BT_EXIT_FAIL;
    }
    char path[4200];
    bt_sb sb;
    bt_sb_init(&sb);
    bt_err e = bt_export_csv(NULL, &sb);
    snprintf(path, sizeof path, "%s/bitacora_ett.csv", dir);
    if (!e)
        e = bt_write_file_atomic(path, sb.s, sb.len, &err);
    bt_sb_free(&sb);
    if (e) {
        bt_cli_error("no se pudo escribir %s: %s", path,
                     e == BT_ERR_WRITE ? bt_errno_text(err) : bt_strerror(e));
        return BT_EXIT_FAIL;
    }
    snprintf(path, sizeof path, "%s/bitacora_ett.xlsx", dir);
    int sig = 0;
    e = bt_run_isolated(write_template, NULL, path, &sig);
    if (e) {
        bt_cli_write_failed(path, e, errno, sig);
        return BT_EXIT_FAIL;
    }
    printf("Plantillas escritas: %s/bitacora_ett.csv y %s/bitacora_ett.xlsx\n", dir, dir);
    return bt_cli_close_stdout();
}
