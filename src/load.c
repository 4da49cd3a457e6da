/* load.c - one input to one territory (see load.h). */
#include "bitacora/load.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bitacora/check.h"
#include "bitacora/form.h"
#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/xlsxread.h"

/* Has the team typed anything at all: a value, a count, a name, a row? */
static bool anything_typed(const bt_territory *t)
{
    for (int f = 0; f < BT_F__COUNT; f++)
        if (t->field[f].text)
            return true;
    if (t->ncomunas || t->ncaett || t->nothers || t->units_total.raw || t->staff_total.raw)
        return true;
    for (size_t i = 0; i < t->nsessions; i++)   /* the template's blocks are empty */
        if (t->sessions[i].date.raw || t->sessions[i].tematica.text ||
            t->sessions[i].registro.text)
            return true;
    for (size_t i = 0; i < t->nunits; i++)
        if (t->units[i].count.raw || t->units[i].item < 0)
            return true;
    for (size_t i = 0; i < t->nstaff; i++)
        if (t->staff[i].count.raw || t->staff[i].npeople || t->staff[i].item < 0)
            return true;
    for (size_t i = 0; i < t->nproj; i++)
        if (t->proj[i].objetivo.text || t->proj[i].estrategia.text || t->proj[i].ambito < 0)
            return true;
    return false;
}

/* After a reader refused the file: remember the reason for the Resumen. */
static void mark_unreadable(bt_territory *t)
{
    t->readable = false;
    size_t n = bt_findings_count(t->findings);
    for (size_t i = n; i > 0; i--) {
        const bt_finding *f = bt_findings_at(t->findings, i - 1);
        if (f->severity == BT_SEV_ERROR) {
            t->fatal = f->message;
            return;
        }
    }
    t->fatal = "no se pudo leer";
}

static bt_err finish_inner(const bt_tpl *tpl, bt_territory *t, const bt_load_options *opt,
                           bt_err read_err);

/* Say how many findings did not fit, then put them in order. */
static bt_err finish(const bt_tpl *tpl, bt_territory *t, const bt_load_options *opt,
                     bt_err read_err)
{
    bt_err e = finish_inner(tpl, t, opt, read_err);
    size_t dropped = bt_findings_dropped(t->findings);
    if (dropped && e != BT_ERR_NOMEM) {
        bt_err r = bt_findings_add(t->findings, BT_A_TOO_MANY, t->display, NULL, 0, 0, NULL,
                                   NULL,
                                   "el archivo tiene %zu hallazgo%s más que no se lista%s "
                                   "(%zu error%s; se muestran los primeros %u, los errores "
                                   "antes que los avisos); corrija estos y vuelva a revisar.",
                                   dropped, dropped == 1 ? "" : "s", dropped == 1 ? "" : "n",
                                   bt_findings_dropped_errors(t->findings),
                                   bt_findings_dropped_errors(t->findings) == 1 ? "" : "es",
                                   BT_MAX_FINDINGS);
        if (r)
            e = r;
    }
    bt_findings_sort(t->findings);
    return e;
}

static bt_err finish_inner(const bt_tpl *tpl, bt_territory *t, const bt_load_options *opt,
                           bt_err read_err)
{
    if (bt_err_content(read_err)) {
        mark_unreadable(t);
        /* What was read may still say the region: list the file there. */
        if (t->field[BT_F_REGION].text)
            t->region = bt_region_find(t->field[BT_F_REGION].text);
        return BT_OK;
    }
    if (read_err == BT_ERR_READ)
        mark_unreadable(t);
    if (read_err)
        return read_err;
    /* Not a single heading or label of the template: not a logbook (a
     * findings list, a budget...).  Say so once instead of listing every
     * section as missing. */
    bool any = false;
    for (int s = 0; s < BT_SEC__COUNT; s++)
        any = any || t->section_seen[s];
    for (int f = 0; f < BT_F__COUNT; f++)
        any = any || t->field[f].present;
    if (!any) {
        bt_findings_drop(t->findings, BT_A_UNMAPPED);
        bt_err r = bt_findings_add(t->findings, BT_E_NOT_LOGBOOK, t->display,
                                   t->info.sheet[0] ? t->info.sheet : NULL, 0, 0, NULL, NULL,
                                   "no parece una bitácora: no tiene ningún encabezado ni "
                                   "rótulo de la plantilla (%zu fila%s con contenido no "
                                   "reconocido). Use la plantilla en blanco de la bitácora.",
                                   t->nothers, t->nothers == 1 ? "" : "s");
        if (r)
            return r;
        mark_unreadable(t);
        return BT_OK;
    }
    /* The template's labels and nothing typed: a blank template left in
     * the folder.  One clear error instead of every required field. */
    if (!anything_typed(t)) {
        bt_findings_drop(t->findings, BT_A_UNMAPPED);
        bt_err r = bt_findings_add(t->findings, BT_E_NOT_LOGBOOK, t->display,
                                   t->info.sheet[0] ? t->info.sheet : NULL, 0, 0, NULL, NULL,
                                   "no tiene ningún dato escrito, solo encabezados y rótulos "
                                   "de la plantilla: ¿es la plantilla en blanco? Llénela, o "
                                   "sáquela de la carpeta de entrada.");
        if (r)
            return r;
        mark_unreadable(t);
        return BT_OK;
    }
    bt_err e = bt_normalize(t, tpl, opt ? opt->period : 0);
    if (!e)
        e = bt_check(t);
    return e;
}

/* A row whose first cell is a label, heading or item of the template:
 * how the XLSX reader tells a renamed logbook sheet from a sheet of notes. */
static unsigned label_score(const void *ctx, const bt_row *row)
{
    char key[512];
    if (row->n == 0 || bt_fold_buf(row->cells[0].text, key, sizeof key) == (size_t)-1)
        return 0;
    return bt_tpl_match(ctx, key, BT_SEC_NONE).kind != BT_M_NONE;
}

/* Read with the reader the first bytes call for. */
static bt_err dispatch(const bt_tpl *tpl, bt_territory *t, FILE *f,
                       const unsigned char *mem, size_t memlen, const bt_load_options *opt)
{
    unsigned char head[16];
    size_t nhead;
    if (f) {
        nhead = fread(head, 1, sizeof head, f);
        if (ferror(f) || fseek(f, 0, SEEK_SET) != 0)
            return bt_findings_refuse(t->findings, BT_E_UNREADABLE, t->display,
                                      "no se pudo leer el archivo: %s.", bt_errno_text(errno));
    } else {
        nhead = memlen < sizeof head ? memlen : sizeof head;
        memcpy(head, mem, nhead);
    }
    bt_form *form;
    bt_err e = bt_form_new(tpl, t, &form);
    if (e)
        return e;
    size_t bom;
    const char *kind;
    bt_sniff sn = bt_sniff_bytes(head, nhead, &bom, &kind);
    if (sn == BT_SNIFF_ZIP) {
        bt_xlsx_chooser ch = {label_score, tpl};
        e = f ? bt_xlsx_read_file(f, t->display, &ch, bt_form_row, form, &t->info,
                                  t->findings)
              : bt_xlsx_read_mem(mem, memlen, t->display, &ch, bt_form_row, form, &t->info,
                                 t->findings);
    } else if (sn == BT_SNIFF_OLE) {
        e = bt_findings_refuse(t->findings, BT_E_XLS_OLD, t->display,
                               "es %s: un libro de Excel 97-2003 (.xls) o un libro protegido "
                               "con contraseña. Ábralo en su planilla y guárdelo como «Libro "
                               "de Excel (.xlsx)» sin contraseña, o como CSV.", kind);
    } else {
        const bt_csv_options *co = opt ? &opt->csv : NULL;
        e = f ? bt_csv_read_file(f, t->display, co, bt_form_row, form, &t->info, t->findings)
              : bt_csv_read_mem(mem, memlen, t->display, co, bt_form_row, form, &t->info,
                                t->findings);
    }
    bt_form_free(form);
    return e;
}

bt_err bt_load_file(const bt_tpl *tpl, const char *path, const char *display,
                    const bt_load_options *opt, bt_territory **out)
{
    bt_territory *t;
    bt_err e = bt_territory_new(path, display, &t);
    if (e) {
        *out = NULL;
        return e;
    }
    *out = t;
    struct stat st;
    /* Only regular files: opening a FIFO would wait for a writer forever,
     * and a device is no logbook. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        e = bt_findings_refuse(t->findings, BT_E_UNREADABLE, t->display,
                               "no es un archivo común (%s); no se lee.",
                               S_ISFIFO(st.st_mode)   ? "es una tubería con nombre"
                               : S_ISSOCK(st.st_mode) ? "es un socket"
                                                      : "es un dispositivo");
        return finish(tpl, t, opt, e);
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        int err = errno;
        /* Running out of memory says nothing about the file:
         * stop the run as for any other allocation failure, instead of
         * listing a good logbook as unreadable and writing reports
         * without it. */
        if (err == ENOMEM)
            return finish(tpl, t, opt, BT_ERR_NOMEM);
        e = bt_findings_refuse(t->findings, BT_E_UNREADABLE, t->display,
                               "no se pudo abrir el archivo: %s.", bt_errno_text(err));
        return finish(tpl, t, opt, e);
    }
    if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        fclose(f);
        e = bt_findings_refuse(t->findings, BT_E_UNREADABLE, t->display,
                               "no se pudo leer el archivo: %s.",
                               S_ISDIR(st.st_mode) ? "es una carpeta" : bt_errno_text(errno));
        return finish(tpl, t, opt, e);
    }
    t->dev = (unsigned long long)st.st_dev;
    t->ino = (unsigned long long)st.st_ino;
    t->mtime = (long long)st.st_mtime;
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > BT_MAX_FILE_BYTES) {
        fclose(f);
        e = bt_findings_refuse(t->findings, BT_E_LIMIT, t->display,
                               "el archivo pesa %llu MiB y el máximo es %u MiB; una bitácora "
                               "pesa unos pocos KiB. ¿Es el archivo correcto?",
                               (unsigned long long)st.st_size >> 20, BT_MAX_FILE_BYTES >> 20);
        return finish(tpl, t, opt, e);
    }
    /* The bytes as they are now, before they are parsed: if the file
     * changes later, its digest tells a rerun (fingerprint.h). */
    t->source_digested = bt_digest_stream(f, &t->source_digest, NULL) == BT_OK;
    e = dispatch(tpl, t, f, NULL, 0, opt);
    fclose(f);
    return finish(tpl, t, opt, e);
}

bt_err bt_load_mem(const bt_tpl *tpl, const unsigned char *data, size_t n,
                   const char *display, const bt_load_options *opt, bt_territory **out)
{
    bt_territory *t;
    bt_err e = bt_territory_new(display, display, &t);
    if (e) {
        *out = NULL;
        return e;
    }
    *out = t;
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_bytes(&h, data, n);
    t->source_digest = bt_hash_final(&h);
    t->source_digested = true;
    e = dispatch(tpl, t, NULL, data, n, opt);
    return finish(tpl, t, opt, e);
}
