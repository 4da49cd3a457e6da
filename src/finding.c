/* finding.c - the findings list and its output formats (see finding.h). */
#include "bitacora/finding.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/text.h"

static const bt_code_info codes[BT_CODE__COUNT] = {
    [BT_E_UNREADABLE] = {"E001", BT_SEV_ERROR, "archivo que no se puede leer",
        "Envíe de nuevo el archivo: que sea un archivo común, que se pueda abrir y no esté en uso."},
    [BT_E_BINARY] = {"E002", BT_SEV_ERROR, "archivo que no es texto",
        "Envíe la bitácora guardada como CSV o como libro de Excel (.xlsx), no otro tipo de archivo."},
    [BT_E_CSV_SYNTAX] = {"E003", BT_SEV_ERROR, "sintaxis CSV inválida (comillas)",
        "Abra el archivo en su planilla, revise la celda indicada (comillas sin cerrar) y guárdelo de nuevo como CSV."},
    [BT_E_UNDECODABLE] = {"E004", BT_SEV_ERROR, "bytes que no corresponden a la codificación",
        "Guarde de nuevo el archivo desde su planilla como «CSV UTF-8» y revise los caracteres de la celda indicada."},
    [BT_E_EMPTY] = {"E005", BT_SEV_ERROR, "archivo vacío",
        "Envíe el archivo con la bitácora llenada: el que llegó está vacío."},
    [BT_E_LIMIT] = {"E006", BT_SEV_ERROR, "límite de tamaño excedido",
        "Revise que sea el archivo correcto: una bitácora pesa unos pocos KiB."},
    [BT_A_UTF16_NO_BOM] = {"A007", BT_SEV_AVISO, "UTF-16 sin marca de orden de bytes",
        "Guarde de nuevo el archivo desde su planilla como «CSV UTF-8»."},
    [BT_A_ENCODING_OPTION] = {"A008", BT_SEV_AVISO, "opción de lectura que no corresponde al archivo",
        "Nada que corregir en la bitácora; quien la convierte puede quitar la opción de lectura."},
    [BT_A_TOO_MANY] = {"A009", BT_SEV_AVISO, "demasiados hallazgos en un archivo: se omiten los demás",
        "Corrija primero los hallazgos listados y vuelva a enviar el archivo: los demás aparecerán en la revisión siguiente."},
    [BT_E_XLSX_BROKEN] = {"E010", BT_SEV_ERROR, "XLSX dañado o incompleto",
        "Abra el libro en Excel o LibreOffice, guárdelo de nuevo como .xlsx (o como CSV) y envíelo otra vez."},
    [BT_E_XLSX_ENCRYPTED] = {"E011", BT_SEV_ERROR, "XLSX con partes cifradas",
        "Quite la contraseña del libro y guárdelo de nuevo como .xlsx."},
    [BT_E_XLS_OLD] = {"E012", BT_SEV_ERROR, "Excel 97-2003 (.xls) o libro con contraseña",
        "Guarde el libro como «Libro de Excel (.xlsx)» sin contraseña, o como CSV."},
    [BT_E_XLSX_HOSTILE] = {"E013", BT_SEV_ERROR, "XLSX rechazado por seguridad",
        "Copie la bitácora en la plantilla en blanco y guárdela de nuevo."},
    [BT_E_NOT_LOGBOOK] = {"E014", BT_SEV_ERROR, "no es una bitácora",
        "Envíe la bitácora llenada a partir de la plantilla (este archivo no lo es, o está en blanco)."},
    [BT_A_FORMULA_NO_VALUE] = {"A015", BT_SEV_AVISO, "fórmula sin resultado guardado (XLSX)",
        "Abra el libro en su planilla y guárdelo de nuevo, para que la fórmula quede con su resultado."},
    [BT_A_SHEET_UNREAD] = {"A016", BT_SEV_AVISO, "hoja del libro que no se leyó (XLSX)",
        "Si la otra hoja tiene datos de la bitácora, cópielos en la hoja de la bitácora; una segunda bitácora va en su propio archivo."},
    [BT_E_SECTION_MISSING] = {"E020", BT_SEV_ERROR, "sección faltante",
        "Agregue la sección con su encabezado, como en la plantilla, y llénela."},
    [BT_E_FIELD_MISSING] = {"E021", BT_SEV_ERROR, "campo obligatorio faltante",
        "Escriba el dato en la celda indicada (o agregue el rótulo y su valor, como en la plantilla)."},
    [BT_A_SECTION_REPEATED] = {"A022", BT_SEV_AVISO, "sección repetida",
        "Deje la sección una sola vez: junte su contenido bajo un solo encabezado."},
    [BT_A_FIELD_REPEATED] = {"A023", BT_SEV_AVISO, "campo repetido",
        "Deje el dato una sola vez y borre la fila repetida."},
    [BT_A_UNMAPPED] = {"A024", BT_SEV_AVISO, "contenido no reconocido (hoja Otros)",
        "Si el dato corresponde a un campo de la bitácora, escríbalo en ese campo; si no, puede quedar (se conserva en la hoja Otros)."},
    [BT_A_SESSION_NO_HEADING] = {"A025", BT_SEV_AVISO, "registro de sesión sin encabezado",
        "Agregue el encabezado «REGISTRO COMUNIDAD DE APRENDIZAJE N°» con su número antes de la sesión."},
    [BT_E_REGION] = {"E030", BT_SEV_ERROR, "región no reconocida",
        "Escriba la región con su nombre («Valparaíso»), su número («5», «V») o «RM»."},
    [BT_E_TERRNUM] = {"E031", BT_SEV_ERROR, "N° de territorio inválido",
        "Escriba solo el número del territorio, por ejemplo 3."},
    [BT_A_COMUNA_UNKNOWN] = {"A032", BT_SEV_AVISO, "comuna no reconocida",
        "Escriba el nombre oficial de la comuna (vea la sugerencia, si la hay)."},
    [BT_E_COMUNA_REGION] = {"E033", BT_SEV_ERROR, "comuna de otra región",
        "Revise la comuna o la región: la comuna pertenece a otra región."},
    [BT_A_PERIOD_MISSING] = {"A034", BT_SEV_AVISO, "periodo no indicado",
        "Escriba el año del periodo en el campo Periodo, por ejemplo 2025."},
    [BT_E_PERIOD] = {"E035", BT_SEV_ERROR, "periodo inválido",
        "Escriba el año del periodo con cuatro cifras, por ejemplo 2025."},
    [BT_A_DUP_IDENTICAL] = {"A036", BT_SEV_AVISO, "territorio duplicado (idéntico)",
        "Nada que corregir en la bitácora: envíe un solo archivo por territorio."},
    [BT_E_DUP_CONFLICT] = {"E037", BT_SEV_ERROR, "territorio duplicado con diferencias",
        "Diga cuál de los archivos es el válido y retire el otro: hasta entonces ninguno entra en los totales."},
    [BT_A_COMUNA_REPEATED] = {"A038", BT_SEV_AVISO, "comuna repetida",
        "Deje la comuna una sola vez."},
    [BT_A_INPUT_TWICE] = {"A039", BT_SEV_AVISO, "archivo indicado más de una vez",
        "Nada que corregir en la bitácora."},
    [BT_E_UNITS_COUNT] = {"E040", BT_SEV_ERROR, "cantidad de unidades inválida",
        "Escriba solo la cifra, un número entero, sin texto (0 si no hay)."},
    [BT_A_UNITS_EMPTY] = {"A041", BT_SEV_AVISO, "cantidad de unidades vacía",
        "Escriba la cantidad de unidades educativas; 0 si no hay."},
    [BT_E_UNITS_TOTAL] = {"E042", BT_SEV_ERROR, "total de unidades distinto de la suma",
        "Corrija el total o las cantidades de cada programa para que el total sea su suma."},
    [BT_A_PROGRAMME_UNKNOWN] = {"A043", BT_SEV_AVISO, "programa no reconocido",
        "Escriba el programa como en la lista de la plantilla; si es otro programa, puede quedar (se suma aparte)."},
    [BT_A_PROGRAMME_REPEATED] = {"A044", BT_SEV_AVISO, "programa repetido",
        "Deje una sola fila por programa, con la cantidad total."},
    [BT_E_STAFF_COUNT] = {"E050", BT_SEV_ERROR, "dotación inválida",
        "Escriba solo la cifra, un número entero, sin texto (0 si no hay)."},
    [BT_E_STAFF_NAMES] = {"E051", BT_SEV_ERROR, "dotación declarada distinta de los nombres",
        "Corrija la dotación declarada o la lista de nombres, para que coincidan."},
    [BT_A_PERSON_REPEATED] = {"A052", BT_SEV_AVISO, "profesional repetido",
        "Deje a cada profesional en una sola disciplina (la que corresponde a su cargo)."},
    [BT_E_STAFF_TOTAL] = {"E053", BT_SEV_ERROR, "total de dotación distinto de la suma",
        "Corrija el total o la dotación de cada disciplina para que el total sea su suma."},
    [BT_A_DISCIPLINE_UNKNOWN] = {"A054", BT_SEV_AVISO, "disciplina no reconocida",
        "Escriba la disciplina como en la lista de la plantilla; si es otra, puede quedar (se suma como disciplina adicional)."},
    [BT_A_STAFF_EMPTY] = {"A055", BT_SEV_AVISO, "dotación vacía",
        "Escriba la dotación de la disciplina; 0 si no hay."},
    [BT_A_DISCIPLINE_REPEATED] = {"A056", BT_SEV_AVISO, "disciplina repetida",
        "Deje una sola fila por disciplina, con todos sus nombres."},
    [BT_E_DATE] = {"E060", BT_SEV_ERROR, "fecha inválida",
        "Escriba la fecha como día-mes-año, por ejemplo 15-03-2025."},
    [BT_A_DATE_PERIOD] = {"A061", BT_SEV_AVISO, "fecha fuera del periodo",
        "Revise el año de la fecha: debe ser del periodo de la bitácora."},
    [BT_A_SESSION_NUMBERS] = {"A062", BT_SEV_AVISO, "sesiones repetidas o no consecutivas",
        "Numere las sesiones en orden, sin repetir ni saltar números."},
    [BT_A_SESSIONS_OVER] = {"A063", BT_SEV_AVISO, "más sesiones que CAETT proyectadas",
        "Revise el total de CAETT proyectadas o las sesiones registradas."},
    [BT_E_CAETT_PROJECTED] = {"E064", BT_SEV_ERROR, "CAETT proyectadas no es un entero",
        "Escriba el total de CAETT proyectadas como un número entero."},
    [BT_A_CAETT_NO_DATE] = {"A065", BT_SEV_AVISO, "temática CAETT sin fecha",
        "Escriba la fecha (o el mes) en que se aborda la temática."},
    [BT_A_AMBITO_UNKNOWN] = {"A066", BT_SEV_AVISO, "ámbito de proyección no reconocido",
        "Escriba «Proyecciones con las UE» o «Proyecciones del ETT»."},
    [BT_A_TEXT_LONG] = {"A070", BT_SEV_AVISO, "texto más largo que una celda de Excel",
        "Acorte el texto o repártalo en varias celdas; completo se conserva en la exportación CSV."},
    [BT_E_LOGBOOK_MISSING] = {"E080", BT_SEV_ERROR, "falta la bitácora de un territorio del listado",
        "Envíe la bitácora del territorio."},
    [BT_A_NUMBERING_GAP] = {"A081", BT_SEV_AVISO, "posible bitácora faltante (hueco en la numeración)",
        "Si el territorio existe, envíe su bitácora; si no existe, nada que corregir."},
    [BT_A_NOT_ON_ROSTER] = {"A082", BT_SEV_AVISO, "territorio que no está en el listado",
        "Revise el N° de territorio y la región; si el territorio es nuevo, agréguelo al listado de territorios."},
    [BT_A_ROSTER_NAME] = {"A083", BT_SEV_AVISO, "nombre del territorio distinto del listado",
        "Escriba el nombre del territorio como en el listado, o corrija el listado."},
    [BT_A_ROSTER_COMUNAS] = {"A084", BT_SEV_AVISO, "comunas distintas del listado",
        "Revise las comunas del territorio, o corrija el listado."},
    [BT_A_ROSTER_ROW] = {"A085", BT_SEV_AVISO, "fila del listado de territorios que no se entiende",
        "Corrija la fila en el listado de territorios (región y N° de territorio)."},
};

const bt_code_info *bt_code_info_of(bt_code code)
{
    static const bt_code_info unknown = {"E999", BT_SEV_ERROR, "desconocido", ""};
    if ((unsigned)code >= BT_CODE__COUNT || !codes[code].id)
        return &unknown;
    return &codes[code];
}

struct bt_findings {
    bt_arena *arena;
    bt_finding *items;
    size_t n, cap;
    uint32_t seq;
    size_t max, dropped, dropped_errors;
    size_t dropped_by_code[BT_CODE__COUNT];
};

void bt_findings_set_limit(bt_findings *f, size_t max) { f->max = max; }
bool bt_findings_full(const bt_findings *f) { return f->max && f->n >= f->max; }
size_t bt_findings_dropped(const bt_findings *f) { return f->dropped; }
size_t bt_findings_dropped_errors(const bt_findings *f) { return f->dropped_errors; }

/* Room for one more finding of severity sev: when the list is full, an
 * error takes the place of the latest aviso, so errors are never the ones
 * left out.  Returns false when this finding is to be counted, not kept. */
static void count_dropped(bt_findings *f, bt_code code)
{
    f->dropped++;
    if (bt_code_info_of(code)->severity == BT_SEV_ERROR)
        f->dropped_errors++;
    if ((unsigned)code < BT_CODE__COUNT)
        f->dropped_by_code[code]++;
}

/* Room for one more finding: when the list is full, an error takes the
 * place of the latest aviso, so errors are never the ones left out; a
 * finding about the whole file (row 0: why it could not be read) is
 * always kept.  Returns false when this one is to be counted, not kept. */
static bool make_room(bt_findings *f, bt_code code, uint32_t row)
{
    if (!bt_findings_full(f) || code == BT_A_TOO_MANY || row == 0)
        return true;
    if (bt_code_info_of(code)->severity == BT_SEV_ERROR) {
        for (size_t i = f->n; i > 0; i--) {
            const bt_finding *x = &f->items[i - 1];
            if (x->severity == BT_SEV_AVISO && x->code != BT_A_TOO_MANY && x->row != 0) {
                count_dropped(f, x->code);
                memmove(&f->items[i - 1], &f->items[i], (f->n - i) * sizeof f->items[0]);
                f->n--;
                return true;
            }
        }
    }
    count_dropped(f, code);
    return false;
}

bt_findings *bt_findings_new(void)
{
    bt_findings *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->arena = bt_arena_new();
    if (!f->arena) {
        free(f);
        return NULL;
    }
    return f;
}

void bt_findings_free(bt_findings *f)
{
    if (!f)
        return;
    bt_arena_free(f->arena);
    free(f);
}

#define VALUE_MAX_CHARS 200

static const char *copy_value(bt_arena *a, const char *v)
{
    if (!v)
        return NULL;
    size_t chars = bt_utf8_chars(v);
    if (chars <= VALUE_MAX_CHARS)
        return bt_arena_strdup(a, v);
    size_t cut = bt_utf8_prefix_bytes(v, VALUE_MAX_CHARS);
    return bt_arena_printf(a, "%.*s…", (int)cut, v);
}

static bt_err push(bt_findings *f, const bt_finding *src, const char *message)
{
    if (!make_room(f, src->code, src->row))
        return BT_OK;
    bt_finding *x = BT_PUSH(f->arena, f->items, f->n, f->cap);
    if (!x)
        return BT_ERR_NOMEM;
    *x = *src;
    x->file = bt_arena_strdup(f->arena, src->file ? src->file : "");
    x->sheet = src->sheet ? bt_arena_strdup(f->arena, src->sheet) : NULL;
    x->field = src->field ? bt_arena_strdup(f->arena, src->field) : NULL;
    x->value = copy_value(f->arena, src->value);
    x->message = bt_arena_strdup(f->arena, message);
    x->seq = f->seq++;
    if (!x->file || (src->sheet && !x->sheet) || (src->field && !x->field) ||
        (src->value && !x->value) || !x->message) {
        f->n--;
        return BT_ERR_NOMEM;
    }
    return BT_OK;
}

bt_err bt_findings_add(bt_findings *f, bt_code code, const char *file,
                       const char *sheet, uint32_t row, uint32_t col,
                       const char *field, const char *value, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bt_err e = bt_findings_vadd(f, code, file, sheet, row, col, field, value, fmt, ap);
    va_end(ap);
    return e;
}

bt_err bt_findings_vadd(bt_findings *f, bt_code code, const char *file,
                        const char *sheet, uint32_t row, uint32_t col,
                        const char *field, const char *value, const char *fmt, va_list ap)
{
    if (bt_findings_full(f) && code != BT_A_TOO_MANY && row != 0 &&
        bt_code_info_of(code)->severity == BT_SEV_AVISO) {
        count_dropped(f, code);   /* cheap path: an aviso that will not be kept */
        return BT_OK;
    }
    char *msg = bt_arena_vprintf(f->arena, fmt, ap);
    if (!msg)
        return BT_ERR_NOMEM;
    bt_finding x = {code, bt_code_info_of(code)->severity, file, sheet, row, col,
                    field, value, msg, 0};
    return push(f, &x, msg);
}

/* The error a read stops with when a finding of this code says why (see
 * util.h: one value per cause). */
static bt_err stop_of(bt_code code)
{
    switch (code) {
    case BT_E_UNREADABLE: return BT_ERR_READ;
    case BT_E_EMPTY: return BT_ERR_EMPTY;
    case BT_E_BINARY: return BT_ERR_NOT_TEXT;
    case BT_E_XLS_OLD: return BT_ERR_OLD_XLS;
    case BT_E_XLSX_BROKEN:
    case BT_E_XLSX_ENCRYPTED: return BT_ERR_BAD_XLSX;
    case BT_E_XLSX_HOSTILE: return BT_ERR_HOSTILE;
    case BT_E_LIMIT: return BT_ERR_LIMIT;
    default: return BT_ERR_INTERNAL;   /* a code that stops no read */
    }
}

bt_err bt_findings_refuse(bt_findings *f, bt_code code, const char *file, const char *fmt,
                          ...)
{
    va_list ap;
    va_start(ap, fmt);
    bt_err e = bt_findings_vrefuse(f, code, file, fmt, ap);
    va_end(ap);
    return e;
}

bt_err bt_findings_vrefuse(bt_findings *f, bt_code code, const char *file, const char *fmt,
                           va_list ap)
{
    bt_err e = bt_findings_vadd(f, code, file, NULL, 0, 0, NULL, NULL, fmt, ap);
    return e ? e : stop_of(code);
}

bt_err bt_findings_extend(bt_findings *dst, const bt_findings *src)
{
    for (size_t i = 0; i < src->n; i++) {
        bt_err e = push(dst, &src->items[i], src->items[i].message);
        if (e)
            return e;
    }
    return BT_OK;
}

/* Every finding of f, strings and counts into a, the items array exactly
 * as long as it needs. */
static bt_err copy_into(bt_findings *c, const bt_findings *f)
{
    c->cap = f->n;
    c->items = f->n ? bt_arena_alloc(c->arena, f->n * sizeof *c->items) : NULL;
    if (f->n && !c->items)
        return BT_ERR_NOMEM;
    for (size_t i = 0; i < f->n; i++) {
        const bt_finding *x = &f->items[i];
        bt_finding *y = &c->items[i];
        *y = *x;
        y->file = bt_arena_strdup(c->arena, x->file);
        y->sheet = bt_arena_strdup(c->arena, x->sheet);
        y->field = bt_arena_strdup(c->arena, x->field);
        y->value = bt_arena_strdup(c->arena, x->value);
        y->message = bt_arena_strdup(c->arena, x->message);
        if (!y->file || (x->sheet && !y->sheet) || (x->field && !y->field) ||
            (x->value && !y->value) || !y->message)
            return BT_ERR_NOMEM;
    }
    c->n = f->n;
    return BT_OK;
}

bt_findings *bt_findings_clone(const bt_findings *f, bool tight)
{
    bt_findings *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    *c = *f;
    c->items = NULL;
    c->n = c->cap = 0;
    /* Tight: a first copy measures what a block must hold. */
    bt_arena *probe = tight ? bt_arena_new() : NULL;
    bool ok = !tight || probe;
    if (ok && tight) {
        c->arena = probe;
        ok = copy_into(c, f) == BT_OK;
    }
    c->arena = !ok ? NULL : tight ? bt_arena_new_sized(bt_arena_used(probe), 256) : bt_arena_new();
    bt_arena_free(probe);
    if (!c->arena || copy_into(c, f) != BT_OK) {
        bt_findings_free(c);
        return NULL;
    }
    return c;
}

size_t bt_findings_bytes(const bt_findings *f)
{
    return f ? sizeof *f + bt_arena_size(f->arena) : 0;
}

void bt_findings_drop(bt_findings *f, bt_code code)
{
    size_t k = 0;
    if ((unsigned)code < BT_CODE__COUNT) {
        size_t d = f->dropped_by_code[code];
        f->dropped -= d;
        if (bt_code_info_of(code)->severity == BT_SEV_ERROR)
            f->dropped_errors -= d;
        f->dropped_by_code[code] = 0;
    }
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].code != code)
            f->items[k++] = f->items[i];
    f->n = k;
}

size_t bt_findings_count(const bt_findings *f) { return f->n; }

const bt_finding *bt_findings_at(const bt_findings *f, size_t i)
{
    return i < f->n ? &f->items[i] : NULL;
}

static size_t count_sev(const bt_findings *f, bt_severity s)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].severity == s)
            n++;
    return n;
}

size_t bt_findings_errors(const bt_findings *f)
{
    return count_sev(f, BT_SEV_ERROR) + f->dropped_errors;
}
size_t bt_findings_avisos(const bt_findings *f)
{
    return count_sev(f, BT_SEV_AVISO) + (f->dropped - f->dropped_errors);
}

static int cmp_finding(const void *pa, const void *pb)
{
    const bt_finding *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void bt_findings_sort(bt_findings *f)
{
    if (f->n > 1)
        qsort(f->items, f->n, sizeof f->items[0], cmp_finding);
}

static int cmp_to_correct(const void *pa, const void *pb)
{
    const bt_finding *a = *(const bt_finding *const *)pa, *b = *(const bt_finding *const *)pb;
    if (a->severity != b->severity)
        return a->severity == BT_SEV_ERROR ? -1 : 1;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void bt_findings_sort_to_correct(const bt_finding **v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_to_correct);
}

void bt_finding_cell(const bt_finding *x, char *buf, size_t size)
{
    if (!x->row || !x->col) {
        if (x->row)
            snprintf(buf, size, "%s%sfila %u", x->sheet ? x->sheet : "",
                     x->sheet ? "!" : "", (unsigned)x->row);
        else
            buf[0] = '\0';
        return;
    }
    char cell[24];
    bt_cell_name(x->row, x->col, cell);
    if (x->sheet)
        snprintf(buf, size, "%s!%s", x->sheet, cell);
    else
        snprintf(buf, size, "%s", cell);
}

static const char *sev_name(bt_severity s)
{
    return s == BT_SEV_ERROR ? "error" : "aviso";
}

bt_err bt_finding_line(const bt_finding *x, bt_sb *b)
{
    const bt_code_info *ci = bt_code_info_of(x->code);
    char cell[320];
    bt_finding_cell(x, cell, sizeof cell);
    for (const char *p = x->file; *p;) {
        char shown[256];
        p = bt_show_controls(p, shown, sizeof shown);
        bt_sb_puts(b, shown);
    }
    if (x->row) {
        bt_sb_printf(b, ":%u", (unsigned)x->row);
        if (x->col)
            bt_sb_printf(b, ":%u", (unsigned)x->col);
    }
    bt_sb_printf(b, ": %s[%s]: ", sev_name(x->severity), ci->id);
    if (x->field && cell[0])
        bt_sb_printf(b, "%s (%s): ", x->field, cell);
    else if (x->field)
        bt_sb_printf(b, "%s: ", x->field);
    else if (cell[0])
        bt_sb_printf(b, "%s: ", cell);
    /* One finding, one line: a line break quoted from a cell shows as ⏎. */
    for (const char *p = x->message; *p; p++) {
        if (*p == '\n')
            bt_sb_puts(b, "⏎");
        else
            bt_sb_putc(b, *p);
    }
    return b->failed ? BT_ERR_NOMEM : BT_OK;
}

bt_err bt_csv_field(bt_sb *b, const char *s)
{
    bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                   s[0] == '\t' || s[0] == '\r';
    bool quote = formula || strpbrk(s, ",;\"\n\r\t") != NULL || s[0] == ' ';
    if (!quote)
        return bt_sb_puts(b, s);
    bt_sb_putc(b, '"');
    if (formula)
        bt_sb_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            bt_sb_putc(b, '"');
        bt_sb_putc(b, *p);
    }
    return bt_sb_putc(b, '"');
}

static void json_valid(bt_sb *b, const char *s, size_t n);

void bt_json_string(bt_sb *b, const char *s)
{
    if (!s) {
        bt_sb_puts(b, "null");
        return;
    }
    bt_sb_putc(b, '"');
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        /* JSON is UTF-8: a byte that is not (a file name from another
         * system) becomes U+FFFD. */
        size_t ok = bt_utf8_valid_prefix(s + i, n - i);
        if (ok == 0) {
            bt_sb_puts(b, "\\ufffd");
            i++;
            continue;
        }
        json_valid(b, s + i, ok);
        i += ok;
    }
    bt_sb_putc(b, '"');
}

/* The escapes of JSON over valid UTF-8. */
static void json_valid(bt_sb *b, const char *s, size_t n)
{
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + n; p++) {
        switch (*p) {
        case '"': bt_sb_puts(b, "\\\""); break;
        case '\\': bt_sb_puts(b, "\\\\"); break;
        case '\n': bt_sb_puts(b, "\\n"); break;
        case '\r': bt_sb_puts(b, "\\r"); break;
        case '\t': bt_sb_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                bt_sb_printf(b, "\\u%04x", *p);
            else
                bt_sb_putc(b, (char)*p);
        }
    }
}

static bt_err flush_sb(bt_sb *b, FILE *out)
{
    if (b->failed)
        return BT_ERR_NOMEM;
    if (b->len && fwrite(b->s, 1, b->len, out) != b->len)
        return BT_ERR_WRITE;
    bt_sb_clear(b);
    return BT_OK;
}

/* Format the findings into b; when out is given, flush b to it as it
 * grows.  Shared by bt_findings_write and bt_findings_format. */
static bt_err format_findings(const bt_findings *f, bt_format fmt, bt_sb *b, FILE *out)
{
    bt_err e = BT_OK;
    if (fmt == BT_FMT_CSV)
        bt_sb_puts(b, "\xEF\xBB\xBF" "archivo,hoja,fila,columna,celda,severidad,codigo,"
                      "campo,valor,mensaje\n");
    else if (fmt == BT_FMT_JSON)
        bt_sb_puts(b, "[");
    for (size_t i = 0; i < f->n && !e; i++) {
        const bt_finding *x = &f->items[i];
        const bt_code_info *ci = bt_code_info_of(x->code);
        char cell[320];
        bt_finding_cell(x, cell, sizeof cell);
        if (fmt == BT_FMT_TEXT) {
            bt_finding_line(x, b);
            bt_sb_putc(b, '\n');
        } else if (fmt == BT_FMT_CSV) {
            bt_csv_field(b, x->file);
            bt_sb_putc(b, ',');
            bt_csv_field(b, x->sheet ? x->sheet : "");
            bt_sb_printf(b, ",%u,%u,", (unsigned)x->row, (unsigned)x->col);
            bt_csv_field(b, cell);
            bt_sb_printf(b, ",%s,%s,", sev_name(x->severity), ci->id);
            bt_csv_field(b, x->field ? x->field : "");
            bt_sb_putc(b, ',');
            bt_csv_field(b, x->value ? x->value : "");
            bt_sb_putc(b, ',');
            bt_csv_field(b, x->message);
            bt_sb_putc(b, '\n');
        } else {
            bt_sb_puts(b, i ? ",\n  {" : "\n  {");
            bt_sb_puts(b, "\"archivo\": ");
            bt_json_string(b, x->file);
            bt_sb_puts(b, ", \"hoja\": ");
            bt_json_string(b, x->sheet);
            bt_sb_printf(b, ", \"fila\": %u, \"columna\": %u, \"celda\": ",
                         (unsigned)x->row, (unsigned)x->col);
            bt_json_string(b, cell);
            bt_sb_printf(b, ", \"severidad\": \"%s\", \"codigo\": \"%s\", \"campo\": ",
                         sev_name(x->severity), ci->id);
            bt_json_string(b, x->field);
            bt_sb_puts(b, ", \"valor\": ");
            bt_json_string(b, x->value);
            bt_sb_puts(b, ", \"mensaje\": ");
            bt_json_string(b, x->message);
            bt_sb_puts(b, "}");
        }
        if (out && b->len > 1 << 16)
            e = flush_sb(b, out);
    }
    if (!e && fmt == BT_FMT_JSON)
        bt_sb_puts(b, f->n ? "\n]\n" : "]\n");
    if (!e && out)
        e = flush_sb(b, out);
    if (!e && b->failed)
        e = BT_ERR_NOMEM;
    return e;
}

bt_err bt_findings_write(const bt_findings *f, bt_format fmt, FILE *out)
{
    bt_sb b;
    bt_sb_init(&b);
    bt_err e = format_findings(f, fmt, &b, out);
    bt_sb_free(&b);
    return e;
}

bt_err bt_findings_format(const bt_findings *f, bt_format fmt, bt_sb *out)
{
    return format_findings(f, fmt, out, NULL);
}
