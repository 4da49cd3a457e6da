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
 *
 * The form helps while it is filled: the Total rows are formulas, and
 * beside each discipline the names listed are counted and compared with
 * the count declared (template.h's computed columns, which the reader
 * reads past).  Every formula carries its cached result, the empty text
 * of a blank form, so a blank template reads as blank and LibreOffice,
 * which does not recalculate on load, shows what Excel shows.
 *
 * Printed, it is a form on A4 landscape at a fixed scale: every row has a
 * known height, so page breaks are placed where no section and no
 * session block is cut (Excel ignores manual breaks under "fit to page").
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
#define NCOLS 6               /* A..F */
#define LAST_COL (NCOLS - 1)
#define NCOMUNA_CELLS 5       /* comuna cells B..F of the comunas row */
#define MAX_ROWS 512          /* the form has about 150 */
#define MAX_GROUPS 64

/* Column widths, in Excel's character units. */
static const double widths[NCOLS] = {36, 18, 36, 10, 13, 13};

/* A width unit is a digit of the workbook's font (Calibri).  LibreOffice
 * without Calibri or its metric twin (Carlito) measures it in its
 * fallback font, DejaVu Sans, about 40 % wider: the printed form is laid
 * out for that wider case, so its columns always fit the page and its
 * labels never wrap more than their rows allow. */
#define FONT_SLACK 1.4

/* Row heights, points. */
#define H_LINE 15.0           /* one line of text */
#define H_INPUT 18.0          /* a one-line input box */

/* A4 landscape and its margins, inches. */
#define PAGE_W 11.69
#define PAGE_H 8.27
#define MARGIN_LR 0.4
#define MARGIN_TB 0.6

/* Record a libxlsxwriter error (the first one fails bt_xw_close). */
#define CHECKED(w, call)                                                       \
    do {                                                                       \
        lxw_error e_ = (call);                                                 \
        if (e_ && !(w)->err)                                                   \
            (w)->err = e_;                                                     \
    } while (0)

typedef struct {
    uint32_t first, last;     /* rows printed on one page together */
} group;

typedef struct {
    bt_xw *w;
    lxw_worksheet *ws;
    lxw_format *heading, *computed, *computed_total, *mark, *red, *yellow, *green;
    uint32_t row;
    uint32_t region_row;      /* where the region is chosen */
    uint32_t items_first, items_last;   /* rows of the last fixed-row table */
    double height[MAX_ROWS];  /* points; 0: the default line */
    group groups[MAX_GROUPS];
    size_t ngroups;
} form;

/* ---- cells ---- */

static void need_height(form *f, uint32_t row, double pt)
{
    if (row < MAX_ROWS && pt > f->height[row])
        f->height[row] = pt;
}

/* The height a (bold) text needs in columns c1..c2. */
static double text_height(const char *s, uint16_t c1, uint16_t c2, bool bold)
{
    double width = 0;
    for (uint16_t c = c1; c <= c2 && c < NCOLS; c++)
        width += widths[c];
    width /= FONT_SLACK;
    /* bold letters are wider */
    return H_LINE * (double)bt_xw_form_lines(s, bold ? width * 0.9 : width);
}

static void dv(form *f, uint32_t row, uint16_t col, lxw_data_validation *v)
{
    CHECKED(f->w, worksheet_data_validation_cell(f->ws, row, col, v));
}

static void blank_input(form *f, uint32_t row, uint16_t col)
{
    CHECKED(f->w, worksheet_write_blank(f->ws, row, col, f->w->input));
}

/* An input box over columns c1..c2 (one cell when c1 == c2). */
static void input_span(form *f, uint32_t row, uint16_t c1, uint16_t c2)
{
    if (c1 == c2)
        blank_input(f, row, c1);
    else
        CHECKED(f->w, worksheet_merge_range(f->ws, row, c1, row, c2, "", f->w->input));
}

static void label(form *f, uint32_t row, const char *text)
{
    bt_xw_text(f->w, f->ws, row, 0, text, f->w->label);
    need_height(f, row, text_height(text, 0, 0, true));
}

/* Text over the whole width (title, headings, fixed lines). */
static void banner(form *f, uint32_t row, const char *text, lxw_format *fmt)
{
    CHECKED(f->w, worksheet_merge_range(f->ws, row, 0, row, LAST_COL, text, fmt));
}

/* A formula with its result as a blank form has it (empty text). */
static void formula(form *f, uint32_t row, uint16_t col, const char *text, lxw_format *fmt)
{
    CHECKED(f->w, worksheet_write_formula_str(f->ws, row, col, text, fmt, ""));
}

/* ---- validations ---- */

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

static void region_dv(form *f, uint32_t row)
{
    char list[96];
    snprintf(list, sizeof list, "=%s!$A$2:$A$%zu", LISTS, bt_region_count() + 1);
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    v.value_formula = list;
    v.input_title = (char *)"Región";
    v.input_message = (char *)"Elija la región de la lista.";
    v.error_title = (char *)"Valor fuera de la lista";
    v.error_message = (char *)"Elija un valor de la lista desplegable.";
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv(f, row, 1, &v);
}

/* A comuna cell: the comunas of the region chosen as a dropdown, but any
 * text is accepted (no error alert), so that one cell can hold several
 * ("Putaendo; Catemu") and a territory with more comunas than cells can
 * list them all. */
static void comuna_dv(form *f, uint32_t row, uint16_t col)
{
    char list[256];
    /* The region cell names its sheet: LibreOffice would otherwise
     * resolve it on the sheet of the validation's base cell. */
    snprintf(list, sizeof list,
             "=INDIRECT(\"comunas_\"&VLOOKUP('%s'!$B$%u,%s!$A$2:$B$%zu,2,FALSE))", FORM,
             (unsigned)f->region_row + 1, LISTS, bt_region_count() + 1);
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    v.value_formula = list;
    v.show_error = LXW_VALIDATION_OFF;
    v.input_title = (char *)"Comunas";
    v.input_message = (char *)"Elija primero la región; luego una comuna por celda (B a F). "
                              "Si son más, escriba varias en una celda separadas por «;».";
    dv(f, row, col, &v);
}

static void ambito_dv(form *f, uint32_t row, size_t nitems)
{
    char list[64];
    snprintf(list, sizeof list, "=%s!$F$2:$F$%zu", LISTS, nitems + 1);
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    v.value_formula = list;
    v.input_title = (char *)"Ámbito";
    v.input_message = (char *)"Ámbito de la proyección. Vacío: continúa el ámbito de arriba.";
    v.error_title = (char *)"Valor fuera de la lista";
    v.error_message = (char *)"Elija un valor de la lista desplegable.";
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv(f, row, 0, &v);
}

static void help_dv(form *f, uint32_t row, uint16_t col, const char *title, const char *msg)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_ANY;
    v.input_title = (char *)title;
    v.input_message = (char *)msg;
    dv(f, row, col, &v);
}

static void whole_dv(form *f, uint32_t row, bt_field_id id)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    v.validate = LXW_VALIDATION_TYPE_INTEGER;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_number = id == BT_F_PERIOD ? 2000 : id == BT_F_TERRNUM ? 1 : 0;
    v.maximum_number = id == BT_F_PERIOD ? 2100 : 100000;
    v.input_title = (char *)(id == BT_F_PERIOD    ? "Periodo"
                             : id == BT_F_TERRNUM ? "N° territorio"
                                                  : "CAETT proyectadas");
    v.input_message = (char *)bt_tpl_field(id)->help;
    v.error_title = (char *)"Número inválido";
    v.error_message = (char *)(id == BT_F_PERIOD ? "Escriba el año con cuatro dígitos, por ejemplo 2025."
                               : id == BT_F_TERRNUM ? "Escriba un número entero positivo (1, 2, 3...)."
                                                    : "Escriba un número entero mayor o igual a 0.");
    dv(f, row, 1, &v);
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

/* ---- lines of the layout ---- */

/* The height of a free-text box: room for what each field usually holds
 * (the rows keep it: a typed text does not move the page breaks). */
static double text_box_height(bt_field_id id)
{
    switch (id) {
    case BT_F_FRECUENCIA:
    case BT_F_PLATAFORMA:
    case BT_F_SES_TEMATICA:
        return 2 * H_LINE;
    case BT_F_OTROS_ACUERDOS:
        return 4 * H_LINE;
    case BT_F_PLAN_A:
    case BT_F_PLAN_B:
    case BT_F_PLAN_C:
    case BT_F_PLAN_D:
        return 5 * H_LINE;
    case BT_F_SES_REGISTRO:
        return 12 * H_LINE;
    case BT_F_EVAL_ANALISIS:
        return 8 * H_LINE;
    default:
        return H_INPUT;
    }
}

static void field_line(form *f, bt_field_id id)
{
    const bt_field *fd = bt_tpl_field(id);
    uint32_t r = f->row++;
    label(f, r, fd->label);
    need_height(f, r, H_INPUT);
    switch (id) {
    case BT_F_REGION:
        f->region_row = r;
        blank_input(f, r, 1);
        region_dv(f, r);
        return;
    case BT_F_COMUNAS:
        need_height(f, r, 2 * H_LINE);
        for (uint16_t c = 1; c <= NCOMUNA_CELLS; c++) {
            blank_input(f, r, c);
            comuna_dv(f, r, c);
        }
        return;
    case BT_F_TERRNUM:
    case BT_F_PERIOD:
    case BT_F_CAETT_PROYECTADAS:
        blank_input(f, r, 1);
        whole_dv(f, r, id);
        return;
    case BT_F_SES_FECHA:
        blank_input(f, r, 1);
        date_dv(f, r, 1);
        return;
    default:
        input_span(f, r, 1, LAST_COL);
        if (fd->help)
            help_dv(f, r, 1, "Qué escribir", fd->help);
        need_height(f, r, text_box_height(id));
        return;
    }
}

/* The last column of a table's text column spans to the form's right
 * edge (CAETT strategies, projection strategies); fixed-row tables keep
 * their columns and add the computed ones. */
static bool spans_right(const bt_table *tb)
{
    return tb->nitems == 0 || tb->id == BT_TABLE_PROJ;
}

static void table_header(form *f, bt_table_id tid)
{
    const bt_table *tb = bt_tpl_table(tid);
    uint32_t r = f->row++;
    for (size_t c = 0; c < tb->ncolumns && c < 3; c++) {
        uint16_t c2 = c + 1 == tb->ncolumns && spans_right(tb) ? LAST_COL : (uint16_t)c;
        if (c2 > c)
            CHECKED(f->w, worksheet_merge_range(f->ws, r, (lxw_col_t)c, r, c2, tb->columns[c],
                                                f->w->hdr));
        else
            bt_xw_text(f->w, f->ws, r, (uint16_t)c, tb->columns[c], f->w->hdr);
        need_height(f, r, text_height(tb->columns[c], (uint16_t)c, c2, true));
    }
    for (size_t h = 0; h < tb->nhelpers; h++) {
        uint16_t c = (uint16_t)(tb->ncolumns + h);
        bt_xw_text(f->w, f->ws, r, c, tb->helpers[h].header, f->w->hdr);
        need_height(f, r, text_height(tb->helpers[h].header, c, c, true));
    }
}

/* How many names a cell lists, as the reader counts them: pieces between
 * ";" and line breaks, blank pieces not counted (no TEXTSPLIT or LET:
 * LibreOffice 7.4 has neither).  Separators with the spaces around them
 * become single spaces once the names' own spaces are set aside, and
 * TRIM then drops the empty pieces. */
static void names_counted(char *out, size_t size, unsigned row)
{
    char lines[160], pieces[320], tight[420], u[480];
    snprintf(lines, sizeof lines, "SUBSTITUTE(SUBSTITUTE(C%u,CHAR(13),\"\"),CHAR(10),\";\")", row);
    snprintf(pieces, sizeof pieces, "TRIM(SUBSTITUTE(%s,\";\",\" ; \"))", lines);
    snprintf(tight, sizeof tight, "SUBSTITUTE(SUBSTITUTE(%s,\"; \",\";\"),\" ;\",\";\")", pieces);
    snprintf(u, sizeof u, "TRIM(SUBSTITUTE(SUBSTITUTE(%s,\" \",\"_\"),\";\",\" \"))", tight);
    snprintf(out, size,
             "=IF(AND(B%u=\"\",TRIM(C%u)=\"\"),\"\",IFERROR(IF(%s=\"\",0,LEN(%s)-LEN(SUBSTITUTE(%s,"
             "\" \",\"\"))+1),\"\"))",
             row, row, u, u, u);
}

/* The mark beside a declared count (column B) and the names counted
 * (column D). */
static void mark_formula(char *out, size_t size, unsigned row)
{
    snprintf(out, size,
             "=IF(D%u=\"\",\"\",IF(B%u=\"\",\"%s\",IF(ISNUMBER(B%u),IF(B%u=D%u,\"%s\",\"%s\"),"
             "\"%s\")))",
             row, row, bt_tpl_mark(BT_MARK_NO_COUNT), row, row, row, bt_tpl_mark(BT_MARK_OK),
             bt_tpl_mark(BT_MARK_MISMATCH), bt_tpl_mark(BT_MARK_BAD_COUNT));
}

static void staff_helpers(form *f, uint32_t r)
{
    char text[2048];
    names_counted(text, sizeof text, (unsigned)r + 1);
    formula(f, r, 3, text, f->computed);
    mark_formula(text, sizeof text, (unsigned)r + 1);
    formula(f, r, 4, text, f->mark);
}

static void items(form *f, bt_table_id tid, int per_item)
{
    const bt_table *tb = bt_tpl_table(tid);
    f->items_first = f->row;
    for (size_t i = 0; i < tb->nitems; i++) {
        if (tid == BT_TABLE_PROJ) {
            for (int k = 0; k < per_item; k++) {
                uint32_t r = f->row++;
                if (k == 0)
                    bt_xw_text(f->w, f->ws, r, 0, tb->items[i].label, f->w->input);
                else
                    blank_input(f, r, 0);
                ambito_dv(f, r, tb->nitems);
                blank_input(f, r, 1);
                input_span(f, r, 2, LAST_COL);
                need_height(f, r, 3 * H_LINE);
            }
            continue;
        }
        uint32_t r = f->row++;
        label(f, r, tb->items[i].label);
        blank_input(f, r, 1);
        need_height(f, r, H_INPUT);
        count_dv(f, r, 1, tid == BT_TABLE_UNITS ? "N° de unidades" : "N° dotación");
        if (tid == BT_TABLE_STAFF) {
            blank_input(f, r, 2);
            help_dv(f, r, 2, "Nombres y apellidos",
                    "Un nombre por línea (Alt+Enter) o separados por «;». Deben ser tantos "
                    "como la dotación declarada: la columna Revisión lo comprueba.");
            staff_helpers(f, r);
            need_height(f, r, 4 * H_LINE);
        }
    }
    f->items_last = f->row - 1;
}

static void cond_format(form *f, uint32_t first, uint16_t c1, uint32_t last, const char *test,
                        lxw_format *fmt)
{
    lxw_conditional_format cf;
    memset(&cf, 0, sizeof cf);
    cf.type = LXW_CONDITIONAL_TYPE_FORMULA;
    cf.value_string = (char *)test;
    cf.format = fmt;
    CHECKED(f->w, worksheet_conditional_format_range(f->ws, first, c1, last, 4, &cf));
}

/* Red where the names do not match the count, yellow where the count is
 * missing or not a number, green where they agree: as the team types. */
static void staff_marks(form *f, uint32_t first, uint32_t last)
{
    unsigned r = (unsigned)first + 1;
    char test[160];
    snprintf(test, sizeof test, "$E%u=\"%s\"", r, bt_tpl_mark(BT_MARK_MISMATCH));
    cond_format(f, first, 1, last, test, f->red);
    snprintf(test, sizeof test, "OR($E%u=\"%s\",$E%u=\"%s\")", r,
             bt_tpl_mark(BT_MARK_NO_COUNT), r, bt_tpl_mark(BT_MARK_BAD_COUNT));
    cond_format(f, first, 1, last, test, f->yellow);
    snprintf(test, sizeof test, "$E%u=\"%s\"", r, bt_tpl_mark(BT_MARK_OK));
    cond_format(f, first, 4, last, test, f->green);
}

/* The Total row: sums of the rows above, empty while nothing is typed. */
static void total_line(form *f, bt_table_id tid)
{
    uint32_t r = f->row++;
    unsigned a = (unsigned)f->items_first + 1, b = (unsigned)f->items_last + 1;
    char text[512];
    bt_xw_text(f->w, f->ws, r, 0, bt_tpl_total_label(), f->w->tot_label);
    need_height(f, r, H_INPUT);
    snprintf(text, sizeof text, "=IF(COUNT(B%u:B%u)=0,\"\",SUM(B%u:B%u))", a, b, a, b);
    formula(f, r, 1, text, f->computed_total);
    if (tid != BT_TABLE_STAFF)
        return;
    snprintf(text, sizeof text, "=IF(COUNT(D%u:D%u)=0,\"\",SUM(D%u:D%u))", a, b, a, b);
    formula(f, r, 3, text, f->computed_total);
    unsigned t = (unsigned)r + 1;
    snprintf(text, sizeof text, "=IF(OR(B%u=\"\",D%u=\"\"),\"\",IF(B%u=D%u,\"%s\",\"%s\"))", t,
             t, t, t, bt_tpl_mark(BT_MARK_OK), bt_tpl_mark(BT_MARK_MISMATCH));
    formula(f, r, 4, text, f->mark);
    staff_marks(f, f->items_first, r);
}

static void caett_rows(form *f, int n)
{
    for (int k = 0; k < n; k++) {
        uint32_t r = f->row++;
        blank_input(f, r, 0);
        blank_input(f, r, 1);
        input_span(f, r, 2, LAST_COL);
        help_dv(f, r, 1, "Fecha en que se abordan", "Una fecha (15-03-2025) o un mes (marzo 2025).");
        need_height(f, r, 2 * H_LINE);
    }
}

/* Rows from here to the next group's start print on one page. */
static void begin_group(form *f)
{
    if (f->ngroups > 0)
        f->groups[f->ngroups - 1].last = f->row - 1;
    if (f->ngroups < MAX_GROUPS)
        f->groups[f->ngroups++] = (group){f->row, f->row};
}

static void heading(form *f, const char *text)
{
    uint32_t r = f->row++;
    banner(f, r, text, f->heading);
    need_height(f, r, text_height(text, 0, LAST_COL, true));
    need_height(f, r, H_INPUT);
}

/* The session block starts at layout[*i]; the blank form repeats it,
 * each repetition a group of its own.  *i is left on its last line. */
static void session_blocks(form *f, const bt_line *layout, size_t n, size_t *i)
{
    size_t last = *i;
    while (last + 1 < n && layout[last + 1].section == BT_SEC_SESSION)
        last++;
    for (int s = 1; s <= layout[*i].count; s++) {
        begin_group(f);
        for (size_t k = *i; k <= last; k++) {
            char h[96];
            if (layout[k].kind == BT_LINE_HEADING) {
                bt_tpl_session_heading(s, h, sizeof h);
                heading(f, h);
            } else if (layout[k].kind == BT_LINE_FIELD) {
                field_line(f, (bt_field_id)layout[k].ref);
            } else {
                f->row++;
            }
        }
    }
    *i = last;
}

static void lay_out(form *f)
{
    size_t n;
    const bt_line *layout = bt_tpl_layout(&n);
    for (size_t i = 0; i < n; i++) {
        const bt_line *l = &layout[i];
        switch (l->kind) {
        case BT_LINE_TITLE:
            begin_group(f);
            banner(f, f->row, bt_tpl_title(), f->w->title);
            need_height(f, f->row++, 32);
            break;
        case BT_LINE_HEADING:
            if (l->section == BT_SEC_SESSION) {
                session_blocks(f, layout, n, &i);
            } else {
                if (l->section != BT_SEC_IDENT)
                    begin_group(f);   /* the title and the identity stay together */
                heading(f, bt_tpl_section(l->section)->heading);
            }
            break;
        case BT_LINE_FIELD:
            field_line(f, (bt_field_id)l->ref);
            break;
        case BT_LINE_TABLE_HEADER:
            table_header(f, (bt_table_id)l->ref);
            break;
        case BT_LINE_ITEMS:
            items(f, (bt_table_id)l->ref, l->count);
            break;
        case BT_LINE_TOTAL:
            total_line(f, (bt_table_id)l->ref);
            break;
        case BT_LINE_FREE_ROWS:
            caett_rows(f, l->count);
            break;
        case BT_LINE_SUBHEADING:
            banner(f, f->row, bt_tpl_subheading(l->ref), f->w->bold);
            need_height(f, f->row++, H_INPUT);
            break;
        case BT_LINE_BLANK:
            f->row++;
            break;
        }
    }
    if (f->ngroups)
        f->groups[f->ngroups - 1].last = f->row - 1;
}

/* ---- print ---- */

/* The scale at which columns A..F fit the width of the page (a width
 * unit is 7 pixels plus 5 of padding per column, at 96 pixels to the
 * inch), in the wider fallback font too. */
static unsigned print_scale(void)
{
    double px = 0;
    for (int c = 0; c < NCOLS; c++)
        px += widths[c] * 7 * FONT_SLACK + 5;
    double page_px = (PAGE_W - 2 * MARGIN_LR) * 96;
    double s = 100 * page_px / px * 0.98;
    return s > 100 ? 100 : (unsigned)s;
}

/* Breaks before each group that would not fit in what is left of the
 * page: no section and no session block is cut. */
static void page_breaks(form *f, unsigned scale)
{
    double avail = (PAGE_H - 2 * MARGIN_TB) * 72 * 100 / scale * 0.95;
    lxw_row_t breaks[MAX_GROUPS + 1];
    size_t nb = 0;
    double used = 0;
    for (size_t g = 0; g < f->ngroups; g++) {
        double h = 0;
        for (uint32_t r = f->groups[g].first; r <= f->groups[g].last && r < MAX_ROWS; r++)
            h += f->height[r] > 0 ? f->height[r] : H_LINE;
        if (used > 0 && used + h > avail) {
            breaks[nb++] = f->groups[g].first;
            used = 0;
        }
        used += h;
        while (used > avail)  /* a group taller than a page runs on */
            used -= avail;
    }
    breaks[nb] = 0;
    if (nb)
        CHECKED(f->w, worksheet_set_h_pagebreaks(f->ws, breaks));
}

static void print_setup(form *f)
{
    unsigned scale = print_scale();
    worksheet_set_landscape(f->ws);
    worksheet_set_paper(f->ws, 9);   /* A4 */
    worksheet_set_margins(f->ws, MARGIN_LR, MARGIN_LR, MARGIN_TB, MARGIN_TB);
    worksheet_set_print_scale(f->ws, (uint16_t)scale);
    CHECKED(f->w, worksheet_print_area(f->ws, 0, 0, f->row - 1, LAST_COL));
    CHECKED(f->w, worksheet_set_footer(f->ws, "&LBitácora del equipo técnico territorial"
                                              "&RPágina &P de &N"));
    page_breaks(f, scale);
}

/* ---- the sheets ---- */

static lxw_format *add_format(bt_xw *w)
{
    lxw_format *fmt = workbook_add_format(w->wb);
    if (!fmt && !w->err)
        w->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    return fmt;
}

/* Cells the form computes: locked, grey, not for typing. */
static void form_formats(form *f)
{
    lxw_format *x;
    for (int i = 0; i < 3; i++) {
        x = add_format(f->w);
        if (!x)
            return;
        format_set_bg_color(x, 0xEDEDED);
        format_set_border(x, LXW_BORDER_THIN);
        format_set_border_color(x, 0xBFBFBF);
        format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
        if (i < 2) {
            format_set_num_format(x, "0");
            format_set_align(x, LXW_ALIGN_CENTER);
        } else {
            format_set_text_wrap(x);
        }
        if (i == 1)
            format_set_bold(x);
        *(i == 0 ? &f->computed : i == 1 ? &f->computed_total : &f->mark) = x;
    }
    static const struct {
        lxw_color_t font, fill;
    } looks[3] = {{0x9C0006, 0xFFC7CE}, {0x9C5700, 0xFFEB9C}, {0x006100, 0xC6EFCE}};
    for (int i = 0; i < 3; i++) {
        x = add_format(f->w);
        if (!x)
            return;
        format_set_font_color(x, looks[i].font);
        format_set_bg_color(x, looks[i].fill);
        if (i < 2)
            format_set_bold(x);
        *(i == 0 ? &f->red : i == 1 ? &f->yellow : &f->green) = x;
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
    form_formats(&f);
    if (!f.computed || !f.red || !f.green)
        return;
    for (uint16_t c = 0; c < NCOLS; c++)
        CHECKED(w, worksheet_set_column(f.ws, c, c, widths[c], w->wrap));
    lay_out(&f);
    for (uint32_t r = 0; r < f.row && r < MAX_ROWS; r++)
        if (f.height[r] > 0)
            CHECKED(w, worksheet_set_row(f.ws, r, f.height[r], NULL));
    print_setup(&f);
    lxw_protection prot;
    memset(&prot, 0, sizeof prot);
    prot.format_columns = 1;
    prot.format_rows = 1;
    worksheet_protect(f.ws, NULL, &prot);
    worksheet_activate(f.ws);
    worksheet_set_selection(f.ws, f.region_row, 1, f.region_row, 1);
}

/* What a team reads before filling: what to fill, how to save it, whom
 * to send it to.  Nothing about the program that reads it. */
static const char *const guide[] = {
    "#Cómo llenar y enviar la bitácora",
    "*1. Qué llenar",
    "Escriba solo en las celdas amarillas de la hoja «Bitácora». Los rótulos y las celdas "
    "grises están protegidos (sin contraseña) para que no se borren por accidente; las grises "
    "se calculan solas.",
    "Región: elíjala en la lista. Comunas: en las celdas B a F de su fila, una comuna por "
    "celda (la lista muestra las de la región elegida); si el territorio tiene más de cinco, "
    "escriba varias en una misma celda separadas por «;», por ejemplo «Putaendo; Catemu».",
    "Unidades educativas y dotación: la cantidad de cada programa y de cada disciplina, en "
    "números enteros (0 si no hay). Los totales se calculan solos: no hay que sumar.",
    "Nombres de la dotación: en la columna C, un nombre por línea (Alt+Enter en Excel y "
    "LibreOffice; Ctrl+Enter en Google Sheets; Control+Opción+Enter en un Mac) o separados "
    "por «;». «Nombres listados» los cuenta y «Revisión» dice «Coincide», o «No coincide» en "
    "rojo cuando la cantidad declarada y los nombres no calzan: corríjalo antes de enviar.",
    "Fechas: día-mes-año (15-03-2025). En la tabla de temáticas CAETT basta el mes "
    "(marzo 2025).",
    "Hay 12 filas para temáticas CAETT, 10 registros de sesión y 3 filas por ámbito de "
    "proyección; las que queden vacías no se consideran. Si necesita más, desproteja la hoja "
    "(Revisar > Desproteger hoja) e inserte filas con el mismo diseño. Impresa, la bitácora "
    "deja cada registro de sesión entero en una página.",
    "*2. Cómo guardarla",
    "Lo más simple es guardarla tal cual, como libro de Excel (.xlsx): en Excel o "
    "LibreOffice, Archivo > Guardar como > Libro de Excel (.xlsx); en Google Sheets, "
    "Archivo > Descargar > Microsoft Excel (.xlsx).",
    "También sirve en CSV, guardada con la hoja «Bitácora» a la vista (el CSV guarda solo la "
    "hoja abierta): en Excel, Guardar como > CSV UTF-8 (delimitado por comas); en "
    "LibreOffice, Guardar como > Texto CSV; en Google Sheets, Archivo > Descargar > Valores "
    "separados por comas (.csv).",
    "Ponga en el nombre del archivo la región, el número del territorio y el periodo, por "
    "ejemplo «Valparaiso_T01_2025.xlsx».",
    "*3. A quién enviarla",
    "Envíela a la coordinación regional de su región (su coordinador o coordinadora "
    "regional), o súbala en la página web de bitácoras de su región, si su región la usa. "
    "Se revisa allí y se le devuelve la lista de lo que haya que corregir, celda por celda "
    "(por ejemplo «C14»).",
    NULL,
};

/* What each table asks for, in the field list below the guide. */
static const char *table_help(bt_table_id t)
{
    switch (t) {
    case BT_TABLE_UNITS:
        return "N° de unidades educativas de cada programa (0 si no hay); el Total se calcula solo.";
    case BT_TABLE_STAFF:
        return "Dotación de cada disciplina y los nombres de sus profesionales; el Total y la "
               "revisión de los nombres se calculan solos.";
    case BT_TABLE_CAETT:
        return "Una fila por temática, con su fecha o mes y sus estrategias.";
    default:
        return "Ámbito, objetivo y estrategia de cada proyección.";
    }
}

/* Columns of the instructions sheet: Sección, Campo, Qué escribir, Obligatorio. */
static const double help_widths[4] = {28, 38, 70, 12};
#define HELP_WIDTH (28 + 38 + 70 + 12)

static void help_row(bt_xw *w, lxw_worksheet *ws, uint32_t r, const char *const cells[4])
{
    double lines = 1;
    for (uint16_t c = 0; c < 4; c++) {
        bt_xw_text(w, ws, r, c, cells[c], c == 3 ? w->text : w->wrap);
        double n = (double)bt_xw_form_lines(cells[c], help_widths[c]);
        if (n > lines)
            lines = n;
    }
    if (lines > 1)
        CHECKED(w, worksheet_set_row(ws, r, 15 * lines, NULL));
}

static void instructions_sheet(bt_xw *w)
{
    lxw_worksheet *ws = bt_xw_add_sheet(w, BT_TPL_SHEET_HELP);
    if (!ws)
        return;
    for (uint16_t c = 0; c < 4; c++)
        CHECKED(w, worksheet_set_column(ws, c, c, help_widths[c], w->wrap));
    uint32_t r = 0;
    for (size_t i = 0; guide[i]; i++, r++) {
        const char *s = guide[i];
        lxw_format *fmt = s[0] == '#' ? w->title : s[0] == '*' ? w->bold : w->wrap;
        if (s[0] == '#' || s[0] == '*') {
            s++;
            if (r > 1)
                r++;   /* a blank line before each part */
        }
        CHECKED(w, worksheet_merge_range(ws, r, 0, r, 3, s, fmt));
        double lines = (double)bt_xw_form_lines(s, HELP_WIDTH);
        CHECKED(w, worksheet_set_row(ws, r, fmt == w->title ? 22 : 15 * (lines + 0.2), NULL));
    }
    r++;
    uint32_t header = r;
    static const char *const head[4] = {"Sección", "Campo", "Qué escribir", "Obligatorio"};
    for (uint16_t c = 0; c < 4; c++)
        bt_xw_text(w, ws, r, c, head[c], w->hdr);
    r++;
    for (int fi = 0; fi < BT_F__COUNT; fi++, r++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)fi);
        const char *cells[4] = {bt_tpl_section(fd->section)->title, fd->label, fd->help,
                                fd->required ? "Sí" : "No"};
        help_row(w, ws, r, cells);
    }
    for (int t = 0; t < BT_TABLE__COUNT; t++, r++) {
        const bt_table *tb = bt_tpl_table((bt_table_id)t);
        const char *cells[4] = {bt_tpl_section(tb->section)->title, tb->columns[0],
                                table_help((bt_table_id)t),
                                t == BT_TABLE_UNITS || t == BT_TABLE_STAFF ? "Sí" : "No"};
        help_row(w, ws, r, cells);
    }
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    CHECKED(w, worksheet_repeat_rows(ws, header, header));
    CHECKED(w, worksheet_set_footer(ws, "&LBitácora del equipo técnico territorial: "
                                        "instrucciones&RPágina &P de &N"));
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
