/*
 * cliopt.c - the commands' options as tables: getopt_long() and --help
 * both read the same entry, so a name the command line accepts is a name
 * its help shows (see bt_cli_opt in cmd.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bitacora/csvread.h"
#include "cmd.h"

#define HELP_COLUMN 23   /* where the explanations start */
#define HELP_WIDTH 79

const bt_cli_opt bt_cli_read_opts[] = {
    {{"delimitador", "delimiter"}, OPT_DELIM, "C",
     "separador del CSV; por omisión se detecta:\n" BT_CSV_DELIMITER_HELP},
    {{"codificacion", "codificación", "encoding"}, OPT_ENC, "X",
     "utf-8, windows-1252, latin1, utf-16le, utf-16be;\npor omisión se detecta"},
    {{"periodo", "period"}, OPT_PERIOD, "AAAA",
     "año del periodo para los archivos que no lo indican\n"
     "(uno que dice otro año da el error E035)"},
    BT_CLI_END,
};

const bt_cli_opt bt_cli_roster_opts[] = {
    {{"territorios", "roster"}, OPT_ROSTER, "CSV",
     "listado de los territorios que deben informar:\n"
     "columnas región y N° de territorio; también nombre,\n"
     "comunas, representante y correo. Cada territorio del\n"
     "listado sin bitácora es un error (E080); el\n"
     "csv/territorios.csv de una corrida anterior sirve.\n"
     "Sin listado, un hueco en la numeración es un aviso\n"
     "(A081)"},
    BT_CLI_END,
};

const bt_cli_opt bt_cli_previous_opts[] = {
    {{"anterior", "previous"}, OPT_PREVIOUS, "DIR",
     "carpeta de salida de un «convert --csv» anterior: los\n"
     "libros de región y el nacional comparan cada periodo\n"
     "con el anterior (hoja Comparación)"},
    BT_CLI_END,
};

const bt_cli_opt bt_cli_help_opts[] = {
    {{"help", "ayuda"}, 'h', NULL, "esta ayuda"},
    BT_CLI_END,
};

static bool has_short(const bt_cli_opt *o)
{
    return o->key > 0 && o->key < 128;
}

int bt_cli_next(const char *cmd, int argc, char *const *argv, const bt_cli_opt *const *groups)
{
    /* Rebuilt on each call from the same tables: cheap, and getopt_long()
     * keeps no pointer into them between calls. */
    static struct option longopts[BT_CLI_MAX_NAMES + 1];
    char shortopts[BT_CLI_MAX_NAMES * 2 + 1];
    size_t nl = 0, ns = 0;
    for (size_t g = 0; groups[g]; g++)
        for (const bt_cli_opt *o = groups[g]; o->names[0]; o++) {
            for (size_t k = 0; k < BT_CLI_ALIASES && o->names[k]; k++)
                if (nl < BT_CLI_MAX_NAMES)
                    longopts[nl++] = (struct option){
                        o->names[k], o->arg ? required_argument : no_argument, NULL, o->key};
            if (has_short(o) && ns + 2 < sizeof shortopts) {
                shortopts[ns++] = (char)o->key;
                if (o->arg)
                    shortopts[ns++] = ':';
            }
        }
    longopts[nl] = (struct option){NULL, 0, NULL, 0};
    shortopts[ns] = '\0';
    return bt_cli_getopt(cmd, argc, argv, shortopts, longopts);
}

/* Columns a UTF-8 text takes (continuation bytes take none). */
static int columns(const char *s, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* One option's help: "  -o, --salida DIR     text", the text's further
 * lines under its first, the other names it is accepted by last. */
static void help_one(FILE *out, const bt_cli_opt *o)
{
    int col = has_short(o) ? fprintf(out, "  -%c, --%s", o->key, o->names[0])
                           : fprintf(out, "  --%s", o->names[0]);
    if (o->arg)
        col += fprintf(out, " %s", o->arg);
    if (col + 2 > HELP_COLUMN)
        col += fprintf(out, "  ");
    else
        col += fprintf(out, "%*s", HELP_COLUMN - col, "");
    for (const char *p = o->help; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (p != o->help) {
            col = fprintf(out, "\n%*s", HELP_COLUMN, "") - 1;
            size_t lead = strspn(p, " ");   /* the column already indents */
            p += lead;
            len -= lead;
        }
        fwrite(p, 1, len, out);
        col += columns(p, len);
        p += len + (nl ? 1 : 0);
    }
    if (o->names[1]) {
        char also[160] = " (también";
        for (size_t k = 1; k < BT_CLI_ALIASES && o->names[k]; k++) {
            size_t used = strlen(also);
            snprintf(also + used, sizeof also - used, "%s --%s", k > 1 ? "," : "",
                     o->names[k]);
        }
        strncat(also, ")", sizeof also - strlen(also) - 1);
        if (col + columns(also, strlen(also)) > HELP_WIDTH)
            fprintf(out, "\n%*s%s", HELP_COLUMN, "", also + 1);
        else
            fputs(also, out);
    }
    fputc('\n', out);
}

void bt_cli_help_options(FILE *out, const bt_cli_opt *const *groups)
{
    fputs("Opciones:\n", out);
    for (size_t g = 0; groups[g]; g++)
        for (const bt_cli_opt *o = groups[g]; o->names[0]; o++)
            help_one(out, o);
}
