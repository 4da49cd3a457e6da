/*
 * cmd.h - the commands (the edge of the program: the only code that
 * prints).  One cmd_<name> per file; main.c dispatches.
 */
#ifndef BITACORA_CMD_H
#define BITACORA_CMD_H

#include <stdbool.h>

#include "bitacora/batch.h"
#include "bitacora/load.h"
#include "bitacora/report.h"

/* Exit statuses. */
enum {
    BT_EXIT_OK = 0,        /* no errors found */
    BT_EXIT_FINDINGS = 1,  /* errors found in the inputs */
    BT_EXIT_FAIL = 2,      /* usage error, or a file/folder that cannot be read or written */
};

int cmd_convert(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_servir(int argc, char **argv);

/* Options shared by the commands that read logbooks. */
typedef struct {
    bt_load_options load;
    bt_report_options report;   /* --territorios, --anterior (report.h says what
                                 * each one changes) */
    int jobs;
    bool quiet;
} bt_read_opts;

/* Parse one reading option (--delimitador, --codificacion, --periodo,
 * --jobs and their English names).  Returns 1 if consumed, 0 if not a
 * reading option, -1 on a bad value (message printed). */
int bt_cli_read_option(int opt, const char *arg, bt_read_opts *ro);
/* The same for the report options (--territorios, --anterior). */
int bt_cli_report_option(int opt, const char *arg, bt_read_opts *ro);

/*
 * Load the inputs of a command into b with the template *tpl (both the
 * caller's to free, also on failure): jobs default, the notices about
 * skipped and empty folders, duplicates, then the reports (coverage
 * against ro->report's roster, comparison: b->reports).  Returns
 * BT_EXIT_OK to go on, or the exit status to return (the message is
 * printed).
 */
int bt_cli_load(const char *cmd, char *const *inputs, size_t n, bt_read_opts *ro,
                const char *skip_dir, bt_tpl **tpl, bt_batch *b);
/* The same for inputs with their own display names (the web's uploads).
 * With why, a roster or earlier run that cannot be used is not printed
 * but handed back (*why, the caller frees it) with status 2. */
int bt_cli_load_inputs(const char *cmd, const bt_input *inputs, size_t n, bt_read_opts *ro,
                       const char *skip_dir, bt_tpl **tpl, bt_batch *b, char **why);

/* What a run over a batch amounts to, as `convert` and `check` report it. */
typedef struct {
    size_t files;        /* inputs loaded, the unreadable ones included */
    size_t converted;    /* readable and not left out by --strict */
    size_t skipped;      /* left out by --strict */
    size_t errors, avisos;
    int status;          /* the exit status: BT_EXIT_* */
} bt_run_counts;

/* Count b, marking the territories --strict leaves out when strict. */
void bt_cli_count(bt_batch *b, bool strict, bt_run_counts *out);

/* getopt_long() with the complaints in Spanish: an unknown option or a
 * missing value is reported here ("bitacora CMD: ...") and returned as
 * '?', so the caller only adds its "Pruebe ... --help" line. */
struct option;
int bt_cli_getopt(const char *cmd, int argc, char *const *argv, const char *optstring,
                  const struct option *longopts);

/* Why an output could not be written, naming it (path may be NULL when
 * the failure is not tied to one file): e, the system's reason err, the
 * signal sig that ended a writer process (writepool.h). */
void bt_cli_write_failed(const char *path, bt_err e, int err, int sig);

/* Print "bitacora: <msg>" to stderr. */
void bt_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A path as it may be shown on a terminal: control characters escaped
 * (\x1b).  Rotating static buffers: valid for a few calls. */
const char *bt_cli_show(const char *path);

/* Flush and close stdout; a failure (full disk) is reported. Returns 0 or 2. */
int bt_cli_close_stdout(void);

/* Long options values shared by the commands. */
enum {
    OPT_DELIM = 1000,
    OPT_ENC,
    OPT_PERIOD,
    OPT_JOBS,
    OPT_CSV,
    OPT_STRICT,
    OPT_FORMAT,
    OPT_HELP,
    OPT_QUIET,
    OPT_ROSTER,
    OPT_PREVIOUS,
    OPT_REWRITE,
};

#define BT_ROSTER_LONGOPTS                                                    \
    {"territorios", required_argument, NULL, OPT_ROSTER},                     \
    {"roster", required_argument, NULL, OPT_ROSTER}

#define BT_PREVIOUS_LONGOPTS                                                  \
    {"anterior", required_argument, NULL, OPT_PREVIOUS},                      \
    {"previous", required_argument, NULL, OPT_PREVIOUS}

#define BT_ROSTER_HELP                                                        \
    "  --territorios CSV    listado de los territorios que deben informar:\n"  \
    "                       columnas región y N° de territorio; también nombre,\n" \
    "                       comunas, representante y correo. Cada territorio del\n" \
    "                       listado sin bitácora es un error (E080); el\n"     \
    "                       csv/territorios.csv de una corrida anterior sirve.\n" \
    "                       Sin listado, un hueco en la numeración es un aviso\n" \
    "                       (A081)\n"

#define BT_PREVIOUS_HELP                                                      \
    "  --anterior DIR       carpeta de salida de un «convert --csv» anterior: los\n" \
    "                       libros de región y el nacional comparan cada periodo\n" \
    "                       con el anterior (hoja Comparación)\n"

#define BT_READ_LONGOPTS                                                      \
    {"delimitador", required_argument, NULL, OPT_DELIM},                      \
    {"delimiter", required_argument, NULL, OPT_DELIM},                        \
    {"codificacion", required_argument, NULL, OPT_ENC},                       \
    {"codificación", required_argument, NULL, OPT_ENC},                       \
    {"encoding", required_argument, NULL, OPT_ENC},                           \
    {"periodo", required_argument, NULL, OPT_PERIOD},                         \
    {"period", required_argument, NULL, OPT_PERIOD},                          \
    {"jobs", required_argument, NULL, OPT_JOBS},                              \
    {"silencioso", no_argument, NULL, OPT_QUIET},                             \
    {"quiet", no_argument, NULL, OPT_QUIET},                                  \
    {"help", no_argument, NULL, OPT_HELP},                                    \
    {"ayuda", no_argument, NULL, OPT_HELP}

#define BT_READ_HELP                                                          \
    "  --delimitador C      separador del CSV (--delimiter), por omisión detectado:\n" \
    "                      " BT_CSV_DELIMITER_HELP "\n"                        \
    "  --codificacion X     utf-8, windows-1252, latin1, utf-16le, utf-16be;\n" \
    "                       por omisión se detecta (--encoding)\n"              \
    "  --periodo AAAA       año del periodo para los archivos que no lo indican\n" \
    "                       (uno que dice otro año da el error E035)\n"

#endif
