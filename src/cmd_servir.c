/* cmd_servir.c - bitacora servir: the web interface (see web.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "web.h"

enum {
    OPT_ADDR = 2000,
    OPT_PORT,
    OPT_DATA,
    OPT_KEEP,
    OPT_MAXMB,
    OPT_MAXFILES,
    OPT_WORKERS,
    OPT_QUEUE,
    OPT_CONNS,
    OPT_WAIT,
    OPT_JOB,
};

#define STR_(x) #x
#define STR(x) STR_(x)

static const bt_cli_opt own_opts[] = {
    {{"direccion", "dirección"}, OPT_ADDR, "IP",
     "dónde escuchar (por omisión 127.0.0.1, solo esta\n"
     "máquina; 0.0.0.0 o :: para servir a la red)"},
    {{"puerto"}, OPT_PORT, "N", "puerto (por omisión 8080; 0: uno libre cualquiera)"},
    {{"datos"}, OPT_DATA, "DIR",
     "carpeta de los trabajos (por omisión, una carpeta\n"
     "privada en $TMPDIR que se borra al detenerse)"},
    {{"conservar"}, OPT_KEEP, "MIN",
     "minutos que se guardan los resultados (por omisión " STR(BT_WEB_KEEP_MINUTES) ")"},
    {{"max-mb"}, OPT_MAXMB, "N",
     "tamaño máximo de un envío, en MiB (por omisión " STR(BT_WEB_MAX_MB) ")"},
    {{"max-archivos"}, OPT_MAXFILES, "N",
     "archivos por envío, contando los de un ZIP (por\n"
     "omisión " STR(BT_WEB_MAX_FILES) ")"},
    {{"trabajos"}, OPT_WORKERS, "N",
     "conversiones a la vez (por omisión, tantas como\n"
     "procesadores)"},
    {{"cola"}, OPT_QUEUE, "N",
     "envíos que esperan su turno; más allá se responde\n"
     "503 (por omisión, 4 por conversión y al menos 16)"},
    {{"conexiones"}, OPT_CONNS, "N",
     "conexiones abiertas a la vez (por omisión " STR(BT_WEB_MAX_CONNS) ")"},
    {{"espera"}, OPT_WAIT, "S",
     "segundos sin actividad tras los que se cierra una\n"
     "conexión (por omisión " STR(BT_WEB_TIMEOUT_S) ")"},
    {{"trabajo"}, OPT_JOB, "DIR",
     "uso interno (con -j N): convierte un envío; el servidor\n"
     "hace así cada conversión en un proceso aparte"},
    {{"jobs"}, 'j', "N", "uso interno, con --trabajo: archivos leídos en paralelo"},
    BT_CLI_END,
};

static const bt_cli_opt *const options[] = {own_opts, bt_cli_help_opts, NULL};

static void help(FILE *out)
{
    fputs("Uso: bitacora servir [opciones]\n"
          "\n"
          "Sirve una página web para revisar y convertir bitácoras desde el navegador:\n"
          "se suben los archivos (CSV, XLSX o un ZIP con una carpeta de ellos), se ven\n"
          "los hallazgos celda por celda y se descargan los libros, los mismos que\n"
          "escribe «bitacora convert». Escribe en la salida estándar la dirección que\n"
          "hay que abrir y en la de errores una línea por cada pedido.\n"
          "\n",
          out);
    bt_cli_help_options(out, options);
    fputs("\n"
          "Ctrl+C (o SIGTERM) deja de aceptar envíos, termina las revisiones en curso,\n"
          "borra los archivos temporales y sale con estado 0.\n"
          "\n"
          "Ejemplos:\n"
          "  bitacora servir\n"
          "  bitacora servir --direccion 0.0.0.0 --puerto 8080 --datos /var/lib/bitacora\n"
          "\n"
          "Estado de salida: 0 detenido normalmente; 2 uso incorrecto o no se pudo\n"
          "iniciar (puerto ocupado, carpeta de datos sin permiso).\n",
          out);
}

/* A number option in [lo, hi]; false (message printed) otherwise. */
static bool number(const char *name, const char *arg, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (errno || end == arg || *end || v < (long long)lo || v > (long long)hi) {
        bt_cli_error("servir: --%s «%s»: debe ser un número de %u a %u", name,
                     bt_cli_show(arg), lo, hi);
        return false;
    }
    *out = (unsigned)v;
    return true;
}

void bt_web_options_default(bt_web_options *o)
{
    memset(o, 0, sizeof *o);
    o->address = "127.0.0.1";
    o->port = 8080;
    o->keep_minutes = BT_WEB_KEEP_MINUTES;
    o->max_mb = BT_WEB_MAX_MB;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus < 1 ? 1 : cpus > 16 ? 16 : (unsigned)cpus;
    o->max_files = BT_WEB_MAX_FILES;
    o->max_conns = BT_WEB_MAX_CONNS;
    o->timeout_s = BT_WEB_TIMEOUT_S;
    o->job_seconds = BT_WEB_JOB_SECONDS;
}

/* One option into o; false on a bad value. */
static bool option(int c, const char *arg, bt_web_options *o, bool *queue_set)
{
    switch (c) {
    case OPT_ADDR: o->address = arg; return true;
    case OPT_PORT: return number("puerto", arg, 0, 65535, &o->port);
    case OPT_DATA:
        if (!arg[0]) {
            bt_cli_error("servir: la carpeta de datos no puede ser vacía");
            return false;
        }
        o->data_dir = arg;
        return true;
    case OPT_KEEP: return number("conservar", arg, 1, 10080, &o->keep_minutes);
    case OPT_MAXMB: return number("max-mb", arg, 1, 4096, &o->max_mb);
    case OPT_MAXFILES: return number("max-archivos", arg, 1, 100000, &o->max_files);
    case OPT_WORKERS: return number("trabajos", arg, 1, 64, &o->jobs);
    case OPT_QUEUE: *queue_set = true; return number("cola", arg, 0, 10000, &o->queue);
    case OPT_CONNS: return number("conexiones", arg, 8, 100000, &o->max_conns);
    case OPT_WAIT: return number("espera", arg, 2, 3600, &o->timeout_s);
    default: return false;
    }
}

int cmd_servir(int argc, char **argv)
{
    bt_web_options o;
    bt_web_options_default(&o);
    const char *job = NULL;
    unsigned worker_jobs = 1;
    bool queue_set = false;
    int c;
    optind = 1;
    while ((c = bt_cli_next("servir", argc, argv, options)) != -1) {
        if (c == 'h') {
            help(stdout);
            return bt_cli_close_stdout();
        }
        if (c == OPT_JOB) {
            job = optarg;
            continue;
        }
        if (c == 'j') {
            if (!number("jobs", optarg, 1, 64, &worker_jobs))
                return BT_EXIT_FAIL;
            continue;
        }
        if (c == '?' || !option(c, optarg, &o, &queue_set)) {
            fputs("Pruebe «bitacora servir --help».\n", stderr);
            return BT_EXIT_FAIL;
        }
    }
    if (optind < argc) {
        bt_cli_error("servir: argumento de más «%s»", bt_cli_show(argv[optind]));
        fputs("Pruebe «bitacora servir --help».\n", stderr);
        return BT_EXIT_FAIL;
    }
    if (job)
        return bt_web_worker(job, (int)worker_jobs);
    if (!queue_set)
        o.queue = o.jobs * 4 < 16 ? 16 : o.jobs * 4;
    /* The conversions run this very program: found once, here. */
    static char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        bt_cli_error("servir: no se pudo saber dónde está este programa (/proc/self/exe)");
        return BT_EXIT_FAIL;
    }
    self[n] = '\0';
    o.self = self;
    return bt_web_serve(&o);
}
