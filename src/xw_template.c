/*
 * xw_template.c - the fillable XLSX template (see xlsxwrite.h).
 *
 * Laid out line by line from the template description exactly like the
 * CSV template (column A labels, values to their right), so a filled
 * XLSX saved as CSV is read the same.  Labels are locked (the sheet is
 * protected without a password), input cells are unlocked and shaded,
 * closed lists are dropdowns (the comunas follow the region chosen, by
 * INDIRECT over named ranges, which Excel and LibreOffice both evaluate),
 * counts take whole numbers >= 0 and session dates take dates, with
 * Spanish input and error messages.
 */
#include <stdio.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/template.h"
#include "bitacora/text.h"
#include "bitacora/xlsxwrite.h"
#include "xw.h"

#define FORM BT_TPL_SHEET_FORM
#define LISTS BT_TPL_SHEET_LISTS
#define NCOMUNA_CELLS 5   /* comuna dropdowns in B..F of the comunas row */

/* Record a libxlsxwriter error (the first one fails bt_xw_close). */
#define CHECKED(w, call)                                                       \
    do {                                                                       \
        lxw_error e_ = (call);                                                 \
        if (e_ && !(w)->err)                                                   \
            (w)->err = e_;                                                     \
    } while (0)

typedef struct {
    bt_xw *w;
    lxw_worksheet *ws;
    lxw_format *heading;
    uint32_t row;
    uint32_t region_row;  /* where the region is chosen */
} form;

static void dv(form *f, uint32_t row, uint16_t col, lxw_data_validation *v)
{
    lxw_error e = worksheet_data_validation_cell(f->ws, row, col, v);
    if (e && !f->w->err)
        f->w->err = e;
}

static void merge_input(form *f, uint32_t row, uint16_t c1, uint16_t c2)
{
    lxw_error e = worksheet_merge_range(f->ws, row, c1, row, c2, "", f->w->input);
    if (e && !f->w->err)
        f->w->err = e;
}

static void count_dv(form *f, uint32_t row, uint16_t col, const char *title)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_INTEGER;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_number = 0;
    v.maximum_number = 100000;
    v.input_title = (char *)title;
    v.input_message = (char *)"Escriba un número entero (0 si no hay).";
    v.error_title = (char *)"Cantidad inválida";
    v.error_message = (char *)"Debe ser un número entero mayor o igual a 0, sin decimales.";
    dv(f, row, col, &v);
}

static void list_dv(form *f, uint32_t row, uint16_t col, const char *formula,
                    const char *title, const char *msg, bool strict)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    v.value_formula = (char *)formula;
    v.input_title = (char *)title;
    v.input_message = (char *)msg;
    v.error_title = (char *)"Valor fuera de la lista";
    v.error_message = (char *)(strict ? "Elija un valor de la lista desplegable."
                                      : "El valor no está en la lista. Revise que esté bien escrito.");
    v.error_type = strict ? LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_WARNING;
    dv(f, row, col, &v);
}

static void date_dv(form *f, uint32_t row, uint16_t col)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_DATE;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
    v.maximum_datetime = (lxw_datetime){2100, 12, 31, 0, 0, 0};
    v.input_title = (char *)"Fecha";
    v.input_message = (char *)"Día-mes-año, por ejemplo 15-03-2025.";
    v.error_title = (char *)"Fecha inválida";
    v.error_message = (char *)"Escriba una fecha real, día-mes-año (por ejemplo 15-03-2025).";
    dv(f, row, col, &v);
}

static void text_input(form *f, uint32_t row, const char *help, bool tall)
{
    merge_input(f, row, 1, 2);
    if (help) {
        lxw_data_validation v;
        memset(&v, 0, sizeof v);
        v.validate = LXW_VALIDATION_TYPE_ANY;
        v.input_title = (char *)"Qué escribir";
        v.input_message = (char *)help;
        dv(f, row, 1, &v);
    }
    if (tall) {
        lxw_error e = worksheet_set_row(f->ws, row, 60, NULL);
        if (e && !f->w->err)
            f->w->err = e;
    }
}

static void label(form *f, uint32_t row, const char *text)
{
    bt_xw_text(f->w, f->ws, row, 0, text, f->w->label);
}

static void heading(form *f, uint32_t row, const char *text)
{
    lxw_error e = worksheet_merge_range(f->ws, row, 0, row, 2, text, f->heading);
    if (e && !f->w->err)
        f->w->err = e;
}

static void field_line(form *f, bt_field_id id)
{
    const bt_field *fd = bt_tpl_field(id);
    uint32_t r = f->row++;
    label(f, r, fd->label);
    char formula[256];
    switch (id) {
    case BT_F_REGION:
        f->region_row = r;
        bt_xw_text(f->w, f->ws, r, 1, NULL, f->w->input);
        CHECKED(f->w, worksheet_write_blank(f->ws, r, 1, f->w->input));
        snprintf(formula, sizeof formula, "=%s!$A$2:$A$%zu", LISTS, bt_region_count() + 1);
        list_dv(f, r, 1, formula, "Región", "Elija la región de la lista.", true);
        return;
    case BT_F_COMUNAS:
        for (uint16_t c = 1; c <= NCOMUNA_CELLS; c++) {
            CHECKED(f->w, worksheet_write_blank(f->ws, r, c, f->w->input));
            /* The region cell names its sheet: LibreOffice would otherwise
             * resolve it on the sheet of the validation's base cell. */
            snprintf(formula, sizeof formula,
                     "=INDIRECT(\"comunas_\"&VLOOKUP('%s'!$B$%u,%s!$A$2:$B$%zu,2,FALSE))",
                     FORM, (unsigned)f->region_row + 1, LISTS, bt_region_count() + 1);
            list_dv(f, r, c, formula, "Comuna",
                    "Elija primero la región; luego una comuna por celda (B a F). Si son "
                    "más, sepárelas con «;» en la última celda.",
                    false);
        }
        return;
    case BT_F_TERRNUM:
    case BT_F_PERIOD:
    case BT_F_CAETT_PROYECTADAS: {
        CHECKED(f->w, worksheet_write_blank(f->ws, r, 1, f->w->input));
        lxw_data_validation v;
        memset(&v, 0, sizeof v);
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = id == BT_F_PERIOD ? 2000 : id == BT_F_TERRNUM ? 1 : 0;
        v.maximum_number = id == BT_F_PERIOD ? 2100 : 100000;
        v.input_title = (char *)(id == BT_F_PERIOD ? "Periodo" : id == BT_F_TERRNUM
                                                                   ? "N° territorio"
                                                                   : "CAETT proyectadas");
        v.input_message = (char *)fd->help;
        v.error_title = (char *)"Número inválido";
        v.error_message = (char *)(id == BT_F_PERIOD ? "Escriba el año con cuatro dígitos, por ejemplo 2025."
                                   : id == BT_F_TERRNUM ? "Escriba un número entero positivo (1, 2, 3...)."
                                                        : "Escriba un número entero mayor o igual a 0.");
        dv(f, r, 1, &v);
        return;
    }
    case BT_F_SES_FECHA:
        CHECKED(f->w, worksheet_write_blank(f->ws, r, 1, f->w->input));
        date_dv(f, r, 1);
        return;
    default:
        text_input(f, r, fd->help,
                   fd->section == BT_SEC_PLAN || id == BT_F_EVAL_ANALISIS ||
                       id == BT_F_SES_REGISTRO || id == BT_F_OTROS_ACUERDOS);
        return;
    }
}

static void table_header(form *f, bt_table_id tid)
{
    const bt_table *tb = bt_tpl_table(tid);
    uint32_t r = f->row++;
    for (size_t c = 0; c < tb->ncolumns && c < 3; c++)
        bt_xw_text(f->w, f->ws, r, (uint16_t)c, tb->columns[c], f->w->hdr);
}

static void items(form *f, bt_table_id tid, int per_item)
{
    const bt_table *tb = bt_tpl_table(tid);
    for (size_t i = 0; i < tb->nitems; i++) {
        if (tid == BT_TABLE_PROJ) {
            char formula[64];
            snprintf(formula, sizeof formula, "=%s!$F$2:$F$%zu", LISTS, tb->nitems + 1);
            for (int k = 0; k < per_item; k++) {
                uint32_t r = f->row++;
                if (k == 0)
                    bt_xw_text(f->w, f->ws, r, 0, tb->items[i].label, f->w->input);
                else
                    CHECKED(f->w, worksheet_write_blank(f->ws, r, 0, f->w->input));
                list_dv(f, r, 0, formula, "Ámbito",
                        "Ámbito de la proyección. Vacío: continúa el ámbito de arriba.", true);
                CHECKED(f->w, worksheet_write_blank(f->ws, r, 1, f->w->input));
                CHECKED(f->w, worksheet_write_blank(f->ws, r, 2, f->w->input));
            }
            continue;
        }
        uint32_t r = f->row++;
        label(f, r, tb->items[i].label);
        CHECKED(f->w, worksheet_write_blank(f->ws, r, 1, f->w->input));
        count_dv(f, r, 1, tid == BT_TABLE_UNITS ? "N° de unidades" : "N° dotación");
        if (tid == BT_TABLE_STAFF) {
            CHECKED(f->w, worksheet_write_blank(f->ws, r, 2, f->w->input));
            lxw_data_validation v;
            memset(&v, 0, sizeof v);
            v.validate = LXW_VALIDATION_TYPE_ANY;
            v.input_title = (char *)"Nombres y apellidos";
            v.input_message = (char *)"Un nombre por línea (Alt+Enter) o separados por «;». "
                                      "Deben ser tantos como la dotación declarada.";
            dv(f, r, 2, &v);
            lxw_error e = worksheet_set_row(f->ws, r, 45, NULL);
            if (e && !f->w->err)
                f->w->err = e;
        }
    }
}

static void total_line(form *f)
{
    uint32_t r = f->row++;
    bt_xw_text(f->w, f->ws, r, 0, bt_tpl_total_label(), f->w->tot_label);
    CHECKED(f->w, worksheet_write_blank(f->ws, r, 1, f->w->input));
    count_dv(f, r, 1, "Total (opcional)");
}

static void caett_rows(form *f, int n)
{
    for (int k = 0; k < n; k++) {
        uint32_t r = f->row++;
        for (uint16_t c = 0; c < 3; c++)
            CHECKED(f->w, worksheet_write_blank(f->ws, r, c, f->w->input));
        lxw_data_validation v;
        memset(&v, 0, sizeof v);
        v.validate = LXW_VALIDATION_TYPE_ANY;
        v.input_title = (char *)"Fecha en que se abordan";
        v.input_message = (char *)"Una fecha (15-03-2025) o un mes (marzo 2025).";
        dv(f, r, 1, &v);
    }
}

static void form_sheet(bt_xw *w)
{
    form f;
    memset(&f, 0, sizeof f);
    f.w = w;
    f.ws = bt_xw_add_sheet(w, FORM);
    if (!f.ws)
        return;
    f.heading = w->locked_hdr;
    CHECKED(w, worksheet_set_column(f.ws, 0, 0, 60, w->wrap));
    CHECKED(w, worksheet_set_column(f.ws, 1, 1, 24, w->wrap));
    CHECKED(w, worksheet_set_column(f.ws, 2, 2, 62, w->wrap));
    CHECKED(w, worksheet_set_column(f.ws, 3, 5, 20, w->wrap));
    worksheet_set_paper(f.ws, 9);
    worksheet_fit_to_pages(f.ws, 1, 0);
    worksheet_set_footer(f.ws, "&LBitácora ETT&RPágina &P de &N");
    size_t n;
    const bt_line *layout = bt_tpl_layout(&n);
    for (size_t i = 0; i < n; i++) {
        const bt_line *l = &layout[i];
        switch (l->kind) {
        case BT_LINE_TITLE: {
            uint32_t r = f.row++;
            lxw_error e = worksheet_merge_range(f.ws, r, 0, r, 2, bt_tpl_title(), w->title);
            if (e && !w->err)
                w->err = e;
            CHECKED(w, worksheet_set_row(f.ws, r, 32, NULL));
            break;
        }
        case BT_LINE_HEADING:
            if (l->section == BT_SEC_SESSION) {
                size_t last = i;
                while (last + 1 < n && layout[last + 1].section == BT_SEC_SESSION)
                    last++;
                for (int s = 1; s <= l->count; s++) {
                    for (size_t k = i; k <= last; k++) {
                        char h[96];
                        if (layout[k].kind == BT_LINE_HEADING) {
                            bt_tpl_session_heading(s, h, sizeof h);
                            heading(&f, f.row++, h);
                        } else if (layout[k].kind == BT_LINE_FIELD) {
                            field_line(&f, (bt_field_id)layout[k].ref);
                        } else {
                            f.row++;
                        }
                    }
                }
                i = last;
            } else {
                heading(&f, f.row++, bt_tpl_section(l->section)->heading);
            }
            break;
        case BT_LINE_FIELD:
            field_line(&f, (bt_field_id)l->ref);
            break;
        case BT_LINE_TABLE_HEADER:
            table_header(&f, (bt_table_id)l->ref);
            break;
        case BT_LINE_ITEMS:
            items(&f, (bt_table_id)l->ref, l->count);
            break;
        case BT_LINE_TOTAL:
            total_line(&f);
            break;
        case BT_LINE_FREE_ROWS:
            caett_rows(&f, l->count);
            break;
        case BT_LINE_SUBHEADING:
            bt_xw_text(w, f.ws, f.row++, 0, bt_tpl_subheading(l->ref), w->bold);
            break;
        case BT_LINE_BLANK:
            f.row++;
            break;
        }
    }
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    prot.format_columns = 1;
    prot.format_rows = 1;
    worksheet_protect(f.ws, NULL, &prot);
    worksheet_activate(f.ws);
    worksheet_set_selection(f.ws, f.region_row, 1, f.region_row, 1);
}

static void instructions_sheet(bt_xw *w)
{
    static const bt_xw_col cols[] = {
        {"Sección", 30, true}, {"Campo", 40, true}, {"Qué escribir", 70, true},
        {"Obligatorio", 12, false}};
    lxw_worksheet *ws = bt_xw_sheet(w, BT_TPL_SHEET_HELP, cols, 4);
    if (!ws)
        return;
    static const char *const intro[] = {
        "Cómo llenar la bitácora",
        "1. Escriba solo en las celdas amarillas de la hoja «Bitácora». Los rótulos están "
        "protegidos (sin contraseña) para que no se borren por accidente.",
        "2. Elija la región en la lista; las listas de comunas muestran entonces las comunas "
        "de esa región (una por celda, de B a F).",
        "3. Cantidades: números enteros (0 si no hay). Fechas: día-mes-año (15-03-2025). En "
        "la tabla de comunidades de aprendizaje basta el mes (marzo 2025).",
        "4. Dotación: la cantidad declarada debe coincidir con los nombres listados (un "
        "nombre por línea con Alt+Enter, o separados por «;»).",
        "5. Hay 12 filas para temáticas CAETT, 10 registros de sesión y 3 filas por ámbito de "
        "proyección; los que queden vacíos no se consideran. Si necesita más filas, "
        "desproteja la hoja (Revisar > Desproteger hoja) e inserte filas con el mismo diseño.",
        "6. Guarde el libro como .xlsx, o como CSV si su equipo lo prefiere: bitacora lee "
        "ambos. Revíselo con «bitacora check» antes de enviarlo.",
    };
    uint32_t r = 1;
    for (size_t i = 0; i < sizeof intro / sizeof intro[0]; i++) {
        lxw_error e = worksheet_merge_range(ws, r, 0, r, 3, intro[i], i == 0 ? w->title : w->wrap);
        if (e && !w->err)
            w->err = e;
        CHECKED(w, worksheet_set_row(ws, r, i == 0 ? 20 : 32, NULL));
        r++;
    }
    r++;
    for (int fi = 0; fi < BT_F__COUNT; fi++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)fi);
        bt_xw_text(w, ws, r, 0, bt_tpl_section(fd->section)->title, w->wrap);
        bt_xw_text(w, ws, r, 1, fd->label, w->wrap);
        bt_xw_text(w, ws, r, 2, fd->help, w->wrap);
        bt_xw_text(w, ws, r, 3, fd->required ? "Sí" : "No", w->text);
        r++;
    }
    for (int t = 0; t < BT_TABLE__COUNT; t++) {
        const bt_table *tb = bt_tpl_table((bt_table_id)t);
        bt_xw_text(w, ws, r, 0, bt_tpl_section(tb->section)->title, w->wrap);
        bt_xw_text(w, ws, r, 1, tb->columns[0], w->wrap);
        bt_xw_text(w, ws, r, 2,
                   t == BT_TABLE_UNITS ? "N° de unidades educativas de cada programa; Total opcional (se verifica)."
                   : t == BT_TABLE_STAFF ? "Dotación de cada disciplina y los nombres de sus profesionales; Total opcional."
                   : t == BT_TABLE_CAETT ? "Una fila por temática, con su fecha o mes y sus estrategias."
                                         : "Ámbito, objetivo y estrategia de cada proyección.",
                   w->wrap);
        bt_xw_text(w, ws, r, 3, t == BT_TABLE_UNITS || t == BT_TABLE_STAFF ? "Sí" : "No", w->text);
        r++;
    }
    bt_xw_filter(w, ws, r - 1, 4);
}

static void lists_sheet(bt_xw *w)
{
    lxw_worksheet *ws = bt_xw_add_sheet(w, LISTS);
    if (!ws)
        return;
    bt_xw_text(w, ws, 0, 0, "Región", w->hdr);
    bt_xw_text(w, ws, 0, 1, "Código", w->hdr);
    bt_xw_text(w, ws, 0, 3, "Programas", w->hdr);
    bt_xw_text(w, ws, 0, 4, "Disciplinas", w->hdr);
    bt_xw_text(w, ws, 0, 5, "Ámbitos", w->hdr);
    const bt_table *tabs[3] = {bt_tpl_table(BT_TABLE_UNITS), bt_tpl_table(BT_TABLE_STAFF),
                               bt_tpl_table(BT_TABLE_PROJ)};
    for (int t = 0; t < 3; t++)
        for (size_t i = 0; i < tabs[t]->nitems; i++)
            bt_xw_text(w, ws, (uint32_t)i + 1, (uint16_t)(3 + t), tabs[t]->items[i].label, w->text);
    /* One column per region with its comunas, and a name for each. */
    size_t nreg = bt_region_count();
    for (size_t r = 0; r < nreg; r++) {
        const bt_region *reg = bt_region_at(r);
        bt_xw_text(w, ws, (uint32_t)r + 1, 0, reg->name, w->text);
        bt_xw_text(w, ws, (uint32_t)r + 1, 1, reg->code, w->text);
        uint16_t col = (uint16_t)(7 + r);
        bt_xw_text(w, ws, 0, col, reg->name, w->hdr);
        uint32_t k = 1;
        for (size_t c = 0; c < bt_comuna_count(); c++) {
            const bt_comuna *cm = bt_comuna_at(c);
            if (cm->region != (int)r)
                continue;
            bt_xw_text(w, ws, k++, col, cm->name, w->text);
        }
        char name[32], ref[96], letters[8];
        bt_col_letters((unsigned)col + 1, letters);
        snprintf(name, sizeof name, "comunas_%s", reg->code);
        snprintf(ref, sizeof ref, "=%s!$%s$2:$%s$%u", LISTS, letters, letters, (unsigned)k);
        lxw_error e = workbook_define_name(w->wb, name, ref);
        if (e && !w->err)
            w->err = e;
    }
    CHECKED(w, worksheet_set_column(ws, 0, 0, 40, NULL));
    CHECKED(w, worksheet_set_column(ws, 3, 5, 45, NULL));
    CHECKED(w, worksheet_set_column(ws, 7, (lxw_col_t)(7 + nreg), 22, NULL));
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    worksheet_protect(ws, NULL, &prot);
    worksheet_hide(ws);
}

bt_err bt_write_template_xlsx(const char *path)
{
    bt_xw w;
    bt_err e = bt_xw_open(&w, path, "Bitácora del equipo técnico territorial (plantilla)");
    if (e) {
        if (w.wb)
            bt_xw_close(&w);
        return e;
    }
    form_sheet(&w);
    instructions_sheet(&w);
    lists_sheet(&w);
    return bt_xw_close(&w);
}
