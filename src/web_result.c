/* web_result.c - the result of a job: its JSON and its page (see web.h).
 *
 * Both are made once, by the worker, from the converted batch; the
 * server only serves them.  The findings are the very list `check
 * --format json` prints; every text from a file or a file name goes
 * through bt_html_escape.  Links are relative to /resultado/ID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitacora/finding.h"
#include "bitacora/refdata.h"
#include "bitacora/report.h"
#include "bitacora/status.h"
#include "bitacora/zipfile.h"
#include "web.h"

/* ---- the outputs, as salida.zip lists them ---- */

typedef struct {
    char *path;
    uint64_t size;
} outfile;

typedef struct {
    outfile *v;
    size_t n, cap;
    bool failed;
} outlist;

static int collect(void *ctx, const char *name, uint64_t size)
{
    outlist *l = ctx;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 32;
        outfile *nv = realloc(l->v, ncap * sizeof *nv);
        if (!nv)
            return l->failed = true;
        l->v = nv;
        l->cap = ncap;
    }
    if (!(l->v[l->n].path = strdup(name)))
        return l->failed = true;
    l->v[l->n++].size = size;
    return 0;
}

static bt_err list_outputs(const bt_web_result *r, outlist *l)
{
    memset(l, 0, sizeof *l);
    if (!r->zip_path)
        return BT_OK;
    bt_err e = bt_zip_list(r->zip_path, collect, l);
    return l->failed ? BT_ERR_NOMEM : e;
}

static void free_outputs(outlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].path);
    free(l->v);
}

static bool hidden(const char *path)
{
    for (const char *p = path; *p; p++)
        if (*p == '.' && (p == path || p[-1] == '/'))
            return true;
    return false;
}

/* ---- words ---- */

/* What the run amounts to, in the words of the exit status. */
static const char *status_text(const bt_web_result *r)
{
    if (r->failure)
        return r->failure;
    switch (r->status) {
    case 0:
        return r->avisos ? "Sin errores. Hay avisos: conviene revisarlos, pero no impiden "
                           "consolidar."
                         : "Sin errores ni avisos: las bitácoras están listas para consolidar.";
    case 1:
        if (!r->converted)
            return "Ningún archivo se pudo leer como bitácora (vea por qué en «Archivos» y en "
                   "«Hallazgos»): no hay territorios que consolidar.";
        return "Hay errores que corregir. Los libros se armaron igual, pero las cifras de los "
               "territorios con errores son provisionales: corrija cada error en su celda y "
               "vuelva a subir la bitácora.";
    default:
        if (!r->converted)
            return "Ningún archivo se pudo leer como bitácora (vea por qué en «Archivos»): no "
                   "hay territorios que consolidar. Suba las bitácoras llenadas, en CSV o XLSX.";
        return "Algún archivo no se pudo leer (vea «Archivos»). Los demás se revisaron y se "
               "convirtieron.";
    }
}

/* A file's status in the workbooks' words (status.h), and its colour. */
static const char *file_status(const bt_territory *t, const char **cls)
{
    switch (bt_status_of(t)) {
    case BT_STATUS_CLEAN: *cls = "ok"; break;
    case BT_STATUS_AVISOS: *cls = "ojo"; break;
    case BT_STATUS_PROVISIONAL: *cls = "mal"; break;
    case BT_STATUS_EXCLUDED: *cls = t->duplicate ? "ojo" : "mal"; break;
    }
    return bt_status_text(t);
}

static const char *region_name(int region)
{
    return region >= 0 ? bt_region_at((size_t)region)->name : NULL;
}

/* ---- JSON ---- */

static void json_findings(const bt_web_result *r, bt_sb *out)
{
    bt_findings *all = bt_findings_new();
    bt_err e = all ? BT_OK : BT_ERR_NOMEM;
    if (!e && r->b)
        e = bt_batch_findings(r->b, all);     /* what `check` lists, in its order */
    bt_sb arr;
    bt_sb_init(&arr);
    if (!e)
        e = bt_findings_format(all, BT_FMT_JSON, &arr);
    if (e) {
        out->failed = 1;
    } else {
        size_t n = arr.len;
        while (n && arr.s[n - 1] == '\n')
            n--;
        bt_sb_append(out, arr.s, n);
    }
    bt_sb_free(&arr);
    bt_findings_free(all);
}

static void json_files(const bt_web_result *r, bt_sb *out)
{
    bt_sb_puts(out, "[");
    for (size_t i = 0; r->b && i < r->b->n; i++) {
        const bt_territory *t = r->b->items[i];
        const char *cls;
        bt_sb_puts(out, i ? ",\n  {\"nombre\": " : "\n  {\"nombre\": ");
        bt_json_string(out, t->display);
        bt_sb_puts(out, ", \"region\": ");
        bt_json_string(out, region_name(t->region));
        if (t->terrnum.state == BT_ST_OK)
            bt_sb_printf(out, ", \"territorio\": %llu", (unsigned long long)t->terrnum.n);
        else
            bt_sb_puts(out, ", \"territorio\": null");
        bt_sb_puts(out, ", \"nombre_territorio\": ");
        bt_json_string(out, t->field[BT_F_TERRNAME].text);
        bt_sb_printf(out, ", \"periodo\": %d, \"errores\": %zu, \"avisos\": %zu, \"estado\": ",
                     t->period, bt_territory_errors(t), bt_territory_avisos(t));
        bt_json_string(out, file_status(t, &cls));
        bt_sb_puts(out, ", \"motivo\": ");
        bt_json_string(out, t->readable ? NULL : t->fatal);
        bt_sb_puts(out, ", \"libro\": ");
        bt_json_string(out, t->out_path);
        /* When it was received: the date the page sent with it, else the
         * upload's (as the workbooks say). */
        if (t->mtime > 0) {
            time_t when = (time_t)t->mtime;
            struct tm tm;
            char day[16];
            localtime_r(&when, &tm);
            strftime(day, sizeof day, "%Y-%m-%d", &tm);
            bt_sb_printf(out, ", \"recibido\": \"%s\"", day);
        } else {
            bt_sb_puts(out, ", \"recibido\": null");
        }
        bt_sb_puts(out, "}");
    }
    bt_sb_puts(out, r->b && r->b->n ? "\n]" : "]");
}

bt_err bt_web_result_json(const bt_web_result *r, bt_sb *out)
{
    outlist l;
    bt_err e = list_outputs(r, &l);
    if (e)
        return e;
    bt_sb_puts(out, "{\n\"hallazgos\": ");
    json_findings(r, out);
    bt_sb_puts(out, ",\n\"salidas\": [");
    for (size_t i = 0; i < l.n; i++) {
        bt_sb_puts(out, i ? ",\n  {\"ruta\": " : "\n  {\"ruta\": ");
        bt_json_string(out, l.v[i].path);
        bt_sb_printf(out, ", \"bytes\": %llu}", (unsigned long long)l.v[i].size);
    }
    bt_sb_puts(out, l.n ? "\n],\n" : "],\n");
    bt_sb_printf(out, "\"resumen\": {\"archivos\": %zu, \"territorios\": %zu, \"errores\": %zu, "
                      "\"avisos\": %zu, \"estado\": %d},\n\"archivos\": ",
                 r->b ? r->b->n : 0, r->converted, r->errors, r->avisos, r->status);
    json_files(r, out);
    bt_sb_puts(out, ",\n\"no_leidos\": [");
    for (size_t i = 0; i < r->nnotes; i++) {
        bt_sb_puts(out, i ? ",\n  {\"nombre\": " : "\n  {\"nombre\": ");
        bt_json_string(out, r->notes[i].label);
        bt_sb_puts(out, ", \"motivo\": ");
        bt_json_string(out, r->notes[i].reason);
        bt_sb_printf(out, ", \"rechazado\": %s}", r->notes[i].refused ? "true" : "false");
    }
    bt_sb_puts(out, r->nnotes ? "\n]" : "]");
    if (r->failure) {
        bt_sb_puts(out, ",\n\"error\": ");
        bt_json_string(out, r->failure);
    }
    bt_sb_puts(out, "\n}\n");
    free_outputs(&l);
    return out->failed ? BT_ERR_NOMEM : BT_OK;
}

/* ---- the page ---- */

static void counts(const bt_web_result *r, bt_sb *b)
{
    bt_sb_printf(b, "<p class=\"estado estado-%d\">", r->failure ? 2 : r->status);
    bt_html_escape(b, status_text(r));
    bt_sb_puts(b, "</p>\n<dl class=\"cifras\">\n");
    bt_sb_printf(b, "<div><dt>Archivos recibidos</dt><dd>%zu</dd></div>\n"
                    "<div><dt>Territorios convertidos</dt><dd>%zu</dd></div>\n"
                    "<div class=\"c-error\"><dt>Errores</dt><dd>%zu</dd></div>\n"
                    "<div class=\"c-aviso\"><dt>Avisos</dt><dd>%zu</dd></div>\n</dl>\n",
                 (r->b ? r->b->n : 0) + r->nnotes, r->converted, r->errors, r->avisos);
    if (r->roster && !r->failure) {
        bt_sb_puts(b, "<p>Revisado contra el listado de territorios «");
        bt_html_escape(b, r->roster);
        bt_sb_puts(b, "»: los que no enviaron su bitácora están en «Hallazgos» y en los libros "
                      "de su región.</p>\n");
    }
}

static void link(bt_sb *b, const bt_web_result *r, const char *path, const char *text,
                 uint64_t size)
{
    char sz[32];
    bt_web_size_text(size, sz, sizeof sz);
    bt_sb_printf(b, "<a href=\"%s/f/", r->id);
    bt_html_escape(b, path);
    bt_sb_puts(b, "\" download>");
    bt_html_escape(b, text);
    bt_sb_printf(b, "</a> <span class=\"tamano\">(%s)</span>", sz);
}

/* " (periodo 2025)" for an output under periodo-2025/. */
static void period_of(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    if (strncmp(path, "periodo-", 8) == 0)
        snprintf(buf, size, " (periodo %.4s)", path + 8);
    else if (strncmp(path, "sin-periodo/", 12) == 0)
        snprintf(buf, size, " (sin periodo)");
}

static const bt_territory *owner_of(const bt_web_result *r, const char *path)
{
    for (size_t i = 0; r->b && i < r->b->n; i++)
        if (r->b->items[i]->out_path && strcmp(r->b->items[i]->out_path, path) == 0)
            return r->b->items[i];
    return NULL;
}

/* The folder's region, from its slug ("05-valparaiso/region-05-...xlsx"). */
static const char *region_of_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    const char *start = slash;
    while (start > path && start[-1] != '/')
        start--;
    for (size_t i = 0; i < bt_region_count(); i++) {
        const bt_region *g = bt_region_at(i);
        if (strlen(g->slug) == (size_t)(slash - start) && !memcmp(g->slug, start, slash - start))
            return g->full;
    }
    return NULL;
}

static void downloads(const bt_web_result *r, const outlist *l, bt_sb *b)
{
    bt_sb_puts(b, "<section id=\"descargas\" aria-labelledby=\"t-descargas\">\n"
                  "<h2 id=\"t-descargas\">Descargas</h2>\n");
    uint64_t zip = 0;
    for (size_t i = 0; i < l->n; i++)
        zip += l->v[i].size;
    char sz[32];
    bt_web_size_text(zip, sz, sizeof sz);
    bt_sb_printf(b, "<p><a class=\"boton\" href=\"%s/salida.zip\" download>Descargar todo "
                    "(salida.zip)</a> <span class=\"tamano\">%s sin comprimir</span></p>\n"
                    "<ul class=\"descargas\">\n", r->id, sz);
    /* National and region workbooks, then the findings and tables; the
     * territories' are in their own list below. */
    for (int pass = 0; pass < 3; pass++) {
        for (size_t i = 0; i < l->n; i++) {
            const char *p = l->v[i].path, *base = strrchr(p, '/');
            base = base ? base + 1 : p;
            char per[32], text[300];
            period_of(p, per, sizeof per);
            bool nat = !strcmp(base, "nacional.xlsx"), reg = !strncmp(base, "region-", 7);
            bool csv = !strcmp(p, "hallazgos.csv") || !strncmp(p, "csv/", 4);
            if (hidden(p) || (pass == 0 && !nat) || (pass == 1 && !reg) || (pass == 2 && !csv))
                continue;
            if (nat)
                snprintf(text, sizeof text, "Consolidado nacional%s", per);
            else if (reg)
                snprintf(text, sizeof text, "Consolidado de la %s%s",
                         region_of_path(p) ? region_of_path(p) : "región", per);
            else if (!strcmp(p, "hallazgos.csv"))
                snprintf(text, sizeof text, "Todos los hallazgos (hallazgos.csv)");
            else
                snprintf(text, sizeof text, "Tabla para análisis: %s", base);
            bt_sb_puts(b, "<li>");
            link(b, r, p, text, l->v[i].size);
            bt_sb_puts(b, "</li>\n");
        }
    }
    bt_sb_puts(b, "</ul>\n<h3>Libros por territorio</h3>\n<ul class=\"descargas\">\n");
    size_t shown = 0;
    for (size_t i = 0; i < l->n; i++) {
        const bt_territory *t = owner_of(r, l->v[i].path);
        if (!t)
            continue;
        bt_sb_puts(b, "<li>");
        link(b, r, l->v[i].path, bt_territory_label(t), l->v[i].size);
        bt_sb_puts(b, " <span class=\"tamano\">de ");
        bt_html_escape(b, t->display);
        bt_sb_puts(b, "</span></li>\n");
        shown++;
    }
    if (!shown)
        bt_sb_puts(b, "<li class=\"vacio\">Ningún territorio se pudo convertir.</li>\n");
    bt_sb_puts(b, "</ul>\n</section>\n");
}

/* A file name, escaped, that may break after its separators (long
 * names of generated files wrap there, not mid-word). */
static void file_name(bt_sb *b, const char *name)
{
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "_/-.");
        bt_html_escape_n(b, p, n + (p[n] != '\0'));
        if (p[n])
            bt_sb_puts(b, "<wbr>");
        p += n + (p[n] != '\0');
    }
}

static void file_row(const bt_web_result *r, const bt_territory *t, bt_sb *b)
{
    const char *cls, *st = file_status(t, &cls);
    bt_sb_puts(b, "<tr><td class=\"archivo\" data-titulo=\"Archivo\">");
    file_name(b, t->display);
    bt_sb_puts(b, "</td><td data-titulo=\"Región\">");
    bt_html_escape(b, region_name(t->region) ? region_name(t->region) : "—");
    bt_sb_puts(b, "</td><td data-titulo=\"Territorio\">");
    if (t->readable)
        bt_html_escape(b, bt_territory_label(t));
    else
        bt_sb_puts(b, "—");
    bt_sb_printf(b, "</td><td data-titulo=\"Estado\"><span class=\"%s\">", cls);
    bt_html_escape(b, st);
    bt_sb_puts(b, "</span>");
    if (!t->readable && t->fatal) {
        bt_sb_puts(b, ": ");
        bt_html_escape(b, t->fatal);
    }
    size_t e = bt_territory_errors(t), a = bt_territory_avisos(t);
    if (e || a)
        bt_sb_printf(b, " <span class=\"tamano\">(%zu error%s, %zu aviso%s)</span>", e,
                     e == 1 ? "" : "es", a, a == 1 ? "" : "s");
    bt_sb_puts(b, "</td><td data-titulo=\"Libro\">");
    if (t->out_path) {
        bt_sb_printf(b, "<a href=\"%s/f/", r->id);
        bt_html_escape(b, t->out_path);
        bt_sb_puts(b, "\" download>Descargar<span class=\"oculto\"> el libro de ");
        bt_html_escape(b, t->display);
        bt_sb_puts(b, "</span></a>");
    } else {
        bt_sb_puts(b, "—");
    }
    bt_sb_puts(b, "</td></tr>\n");
}

static void files(const bt_web_result *r, bt_sb *b)
{
    bt_sb_puts(b, "<section id=\"archivos\" aria-labelledby=\"t-archivos\">\n"
                  "<h2 id=\"t-archivos\">Archivos</h2>\n<div class=\"tabla\"><table>\n"
                  "<thead><tr><th scope=\"col\">Archivo</th><th scope=\"col\">Región</th>"
                  "<th scope=\"col\">Territorio</th><th scope=\"col\">Estado</th>"
                  "<th scope=\"col\" class=\"libro\">Libro</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; r->b && i < r->b->n; i++)
        file_row(r, r->b->items[i], b);
    for (size_t i = 0; i < r->nnotes; i++) {
        const bt_web_note *n = &r->notes[i];
        bt_sb_puts(b, "<tr><td class=\"archivo\" data-titulo=\"Archivo\">");
        file_name(b, n->label);
        bt_sb_printf(b, "</td><td>—</td><td>—</td><td data-titulo=\"Estado\"><span class=\"%s\">%s"
                        "</span>: ", n->refused ? "mal" : "ojo",
                     n->refused ? "No leído" : "Omitido");
        bt_html_escape(b, n->reason);
        bt_sb_puts(b, "</td><td>—</td></tr>\n");
    }
    bt_sb_puts(b, "</tbody>\n</table></div>\n</section>\n");
}

/* ---- findings, grouped by file, errors first ---- */

/* One finding; run_level: about a region or the roster, not a cell of a
 * logbook (its value is the number of a missing territory). */
static void finding_row(const bt_finding *x, bool run_level, bt_sb *b)
{
    bool err = x->severity == BT_SEV_ERROR;
    char cell[320];
    bt_finding_cell(x, cell, sizeof cell);
    bt_sb_printf(b, "<tr class=\"%s\"><td class=\"celda\" data-titulo=\"Celda\">",
                 err ? "sev-error" : "sev-aviso");
    if (cell[0])
        bt_html_escape(b, cell);
    else
        bt_sb_printf(b, "<span class=\"vacio\">%s</span>", run_level ? "—" : "archivo");
    bt_sb_printf(b, "</td><td data-titulo=\"Severidad\"><span class=\"sev\">%s</span></td>"
                    "<td class=\"codigo\" data-titulo=\"Código\">%s</td>"
                    "<td data-titulo=\"Hallazgo\">",
                 err ? "Error" : "Aviso", bt_code_info_of(x->code)->id);
    bt_html_escape(b, x->message);
    if (x->value && x->value[0]) {
        bt_sb_printf(b, "<br><span class=\"tamano\">%s", run_level ? "Territorio N° " : "Valor leído: «");
        bt_html_escape(b, x->value);
        bt_sb_puts(b, run_level ? "</span>" : "»</span>");
    }
    bt_sb_puts(b, "</td></tr>\n");
}

/* One group: the findings of fs whose file is name (all when name is
 * NULL), errors first; e and a count them, those not kept included. */
static void group(const bt_findings *fs, const char *title, const char *name, bool run_level,
                  size_t e, size_t a, bt_sb *b)
{
    size_t total = bt_findings_count(fs), n = 0;
    const bt_finding **v = malloc((total ? total : 1) * sizeof *v);
    if (!v) {
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < total; i++) {
        const bt_finding *x = bt_findings_at(fs, i);
        if (!name || strcmp(x->file, name) == 0)
            v[n++] = x;
    }
    bt_findings_sort_to_correct(v, n);
    bt_sb_printf(b, "<section class=\"grupo%s%s\">\n<h3>", e ? " con-errores" : "",
                 a ? " con-avisos" : "");
    bt_html_escape(b, title);
    bt_sb_printf(b, " <span class=\"cuenta\">%zu error%s, %zu aviso%s</span></h3>\n"
                    "<div class=\"tabla\"><table>\n<thead><tr><th scope=\"col\">Celda</th>"
                    "<th scope=\"col\">Severidad</th><th scope=\"col\">Código</th>"
                    "<th scope=\"col\">Hallazgo y qué hacer</th></tr></thead>\n<tbody>\n",
                 e, e == 1 ? "" : "es", a, a == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        finding_row(v[i], run_level, b);
    if (n < e + a)
        bt_sb_printf(b, "<tr><td colspan=\"4\" class=\"vacio\">Y %zu hallazgos más que no se "
                        "listan (demasiados en un archivo).</td></tr>\n", e + a - n);
    bt_sb_puts(b, "</tbody>\n</table></div>\n</section>\n");
    free(v);
}

static void findings(const bt_web_result *r, bt_sb *b)
{
    bt_sb_puts(b, "<section id=\"hallazgos\" aria-labelledby=\"t-hallazgos\">\n"
                  "<h2 id=\"t-hallazgos\">Hallazgos</h2>\n");
    if (!r->errors && !r->avisos) {
        bt_sb_puts(b, "<p>No hay hallazgos: cada bitácora está completa y sus cifras son "
                      "coherentes.</p>\n</section>\n");
        return;
    }
    bt_sb_printf(b, "<p class=\"filtro-titulo\" id=\"filtro\">Mostrar:</p>\n"
                    "<input class=\"filtro\" type=\"radio\" name=\"ver\" id=\"ver-todos\" checked "
                    "aria-describedby=\"filtro\"><label class=\"filtro\" for=\"ver-todos\">Todos "
                    "(%zu)</label>\n"
                    "<input class=\"filtro\" type=\"radio\" name=\"ver\" id=\"ver-errores\" "
                    "aria-describedby=\"filtro\"><label class=\"filtro\" for=\"ver-errores\">Solo "
                    "errores (%zu)</label>\n"
                    "<input class=\"filtro\" type=\"radio\" name=\"ver\" id=\"ver-avisos\" "
                    "aria-describedby=\"filtro\"><label class=\"filtro\" for=\"ver-avisos\">Solo "
                    "avisos (%zu)</label>\n%s%s<div class=\"grupos\">\n",
                 r->errors + r->avisos, r->errors, r->avisos,
                 r->errors ? "" : "<p class=\"ninguno ninguno-errores\">No hay errores.</p>\n",
                 r->avisos ? "" : "<p class=\"ninguno ninguno-avisos\">No hay avisos.</p>\n");
    /* What the run says of the whole (territories missing, gaps in a
     * region's numbering), one group per region or roster; then files
     * with errors, then those with avisos only. */
    const bt_findings *run = r->b && r->b->reports ? bt_reports_findings(r->b->reports) : NULL;
    for (size_t i = 0; run && i < bt_findings_count(run); i++) {
        const bt_finding *x = bt_findings_at(run, i);
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(bt_findings_at(run, k)->file, x->file) == 0;
        if (seen)
            continue;
        size_t e = 0, a = 0;
        for (size_t k = i; k < bt_findings_count(run); k++)
            if (strcmp(bt_findings_at(run, k)->file, x->file) == 0) {
                if (bt_findings_at(run, k)->severity == BT_SEV_ERROR)
                    e++;
                else
                    a++;
            }
        group(run, x->file, x->file, true, e, a, b);
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; r->b && i < r->b->n; i++) {
            const bt_territory *t = r->b->items[i];
            size_t e = bt_territory_errors(t), a = bt_territory_avisos(t);
            if ((pass == 0 && e) || (pass == 1 && !e && a))
                group(t->findings, t->display, NULL, false, e, a, b);
        }
    bt_sb_puts(b, "</div>\n</section>\n");
}

bt_err bt_web_result_page(const bt_web_result *r, bt_sb *out)
{
    outlist l;
    bt_err e = list_outputs(r, &l);
    if (e)
        return e;
    bt_sb c;
    bt_sb_init(&c);
    bt_sb_puts(&c, "<h1>Resultado de la revisión</h1>\n");
    counts(r, &c);
    bt_sb_printf(&c, "<nav class=\"indice no-imprimir\" aria-label=\"En esta página\"><a "
                     "href=\"#archivos\">Archivos</a> · <a href=\"#hallazgos\">Hallazgos (%zu)</a>%s"
                     "</nav>\n", r->errors + r->avisos,
                 r->failure ? "" : " · <a href=\"#descargas\">Descargas</a>");
    /* In the order of the contract: files, findings, downloads. */
    files(r, &c);
    findings(r, &c);
    if (!r->failure)
        downloads(r, &l, &c);
    bt_sb_puts(&c, "<p class=\"no-imprimir\"><a href=\"../\">Revisar otros archivos</a> · "
                   "<a href=\"");
    bt_sb_printf(&c, "%s.json\">Este resultado en JSON</a></p>\n", r->id);
    e = c.failed ? BT_ERR_NOMEM
                 : bt_web_page(out, "Resultado de la revisión", NULL, c.s, "../", r->keep_minutes);
    bt_sb_free(&c);
    free_outputs(&l);
    return e;
}
