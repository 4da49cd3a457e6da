/*
 * main.c - bitacora: the command table and dispatch.
 *
 * bitacora reads the logbooks ("Bitácora del equipo técnico territorial")
 * that JUNJI's territorial teams fill, checks them, and writes consolidated
 * XLSX workbooks per territory, per region and for the whole country.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

#ifndef BT_VERSION
#define BT_VERSION "0.0.0"
#endif

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"convert", cmd_convert, "convierte bitácoras (CSV o XLSX) en libros XLSX consolidados"},
    {"check", cmd_check, "revisa bitácoras y lista los hallazgos, sin escribir libros"},
    {"template", cmd_template, "escribe las plantillas en blanco (CSV y XLSX)"},
    {"export", cmd_export, "convierte una bitácora XLSX llenada en el CSV normalizado"},
    {"servir", cmd_servir, "sirve la página web para revisar y convertir desde el navegador"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "Uso: bitacora ORDEN [opciones] ...\n"
            "\n"
            "Convierte y revisa las bitácoras del equipo técnico territorial (ETT) de JUNJI.\n"
            "\n"
            "Órdenes:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "  bitacora ORDEN --help   muestra la ayuda de cada orden\n"
            "  bitacora --version      muestra la versión\n"
            "\n"
            "Ejemplos:\n"
            "  bitacora convert -o salida bitacoras/\n"
            "  bitacora check --format csv territorio3.csv\n"
            "  bitacora template -o plantillas\n"
            "  bitacora servir                (y abrir http://127.0.0.1:8080/)\n"
            "\n"
            "Estado de salida: 0 sin errores; 1 hay errores en las bitácoras;\n"
            "2 uso incorrecto o un archivo o carpeta que no se puede leer o escribir.\n");
}

int main(int argc, char **argv)
{
    /* A full disk or a file-size limit must be an error we report, not a
     * signal that kills the program half-way. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return BT_EXIT_FAIL;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help") ||
        !strcmp(cmd, "ayuda") || !strcmp(cmd, "--ayuda")) {
        usage(stdout);
        return bt_cli_close_stdout();
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
        printf("bitacora %s\n", BT_VERSION);
        return bt_cli_close_stdout();
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(cmd, commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    bt_cli_error(cmd[0] == '-' ? "opción desconocida «%s»; las opciones van después de la orden"
                               : "orden desconocida «%s»",
                 bt_cli_show(cmd));
    usage(stderr);
    return BT_EXIT_FAIL;
}
