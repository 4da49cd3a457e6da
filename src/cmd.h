/*
 * cmd.h - the commands (the edge of the program: the only code that
 * prints).  One cmd_<name> per file; main.c dispatches.
 */
#ifndef BITACORA_CMD_H
#define BITACORA_CMD_H

#include <stdbool.h>
#include <stdio.h>

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

/* Parse one reading option (bt_cli_read_opts, and -j, -q whose help each
 * command words its own way).  Returns 1 if consumed, 0 if not a
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

/* Long options values shared by the commands (a short option's value is
 * its letter). */
enum {
    OPT_DELIM = 1000,
    OPT_ENC,
    OPT_PERIOD,
    OPT_CSV,
    OPT_STRICT,
    OPT_FORMAT,
    OPT_ROSTER,
    OPT_PREVIOUS,
    OPT_REWRITE,
};

/*
 * One command-line option: what getopt_long() accepts and what --help
 * shows come from this one entry, so no accepted name goes undocumented.
 * A command lists its options as a NULL-terminated array of tables, its
 * own and the shared ones below, in the order its help shows them.
 */
#define BT_CLI_ALIASES 3      /* long names of one option */
#define BT_CLI_MAX_NAMES 64   /* long names of one command */
typedef struct {
    const char *names[BT_CLI_ALIASES];   /* the first is shown, the others listed
                                          * as "también" */
    int key;            /* what bt_cli_next() returns: the short option's
                         * letter, or an OPT_* for a long-only option */
    const char *arg;    /* the value's placeholder in the help ("DIR"); NULL:
                         * takes none */
    const char *help;   /* Spanish, lines separated by '\n' (wrapped by hand
                         * to fit beside the names) */
} bt_cli_opt;
#define BT_CLI_END {{NULL}, 0, NULL, NULL}

extern const bt_cli_opt bt_cli_read_opts[];      /* --delimitador --codificacion --periodo */
extern const bt_cli_opt bt_cli_roster_opts[];    /* --territorios */
extern const bt_cli_opt bt_cli_previous_opts[];  /* --anterior */
extern const bt_cli_opt bt_cli_help_opts[];      /* -h --help */

/* bt_cli_getopt() over the options of groups. */
int bt_cli_next(const char *cmd, int argc, char *const *argv, const bt_cli_opt *const *groups);
/* "Opciones:" and one entry per option of groups. */
void bt_cli_help_options(FILE *out, const bt_cli_opt *const *groups);

#endif
