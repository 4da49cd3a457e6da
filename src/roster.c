/* roster.c - tables of territories from CSV (see roster.h). */
#include "bitacora/roster.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/csvread.h"
#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/value.h"

/* The columns, and the fold keys of the headers that name each. */
typedef enum {
    C_REGION, C_REGION_CODE, C_NUMBER, C_TERRITORIO, C_NAME, C_COMUNAS, C_REPR, C_EMAIL,
    C_PERIOD, C_UNITS, C_UNITS_MISSING, C_STAFF, C_STAFF_MISSING, C_CAETT, C_SESSIONS,
    C_COUNTED, C__COUNT
} column;

static const char *const headers[C__COUNT][8] = {
    [C_REGION] = {"region", "nombre region", "nombre de la region", "region nombre"},
    [C_REGION_CODE] = {"region codigo", "codigo region", "codigo de region",
                       "codigo de la region", "cod region"},
    [C_NUMBER] = {"territorio numero", "n territorio", "numero territorio",
                  "numero de territorio", "n de territorio", "territorio n", "n del territorio"},
    /* "territorio" alone: the name in territorios.csv, but the number in a
     * roster that has no other number column (see map_columns) */
    [C_TERRITORIO] = {"territorio"},
    [C_NAME] = {"nombre del territorio", "nombre territorio", "nombre", "territorio nombre"},
    [C_COMUNAS] = {"comunas", "comuna", "comunas que abarca el territorio"},
    [C_REPR] = {"representante", "representante territorial"},
    [C_EMAIL] = {"correo", "correo electronico", "email", "e mail", "mail", "correo del territorio",
                 "correo de contacto", "contacto"},
    [C_PERIOD] = {"periodo", "ano"},
    [C_UNITS] = {"unidades total", "unidades educativas", "unidades"},
    [C_UNITS_MISSING] = {"unidades faltantes"},
    [C_STAFF] = {"dotacion declarada", "dotacion"},
    [C_STAFF_MISSING] = {"dotacion faltantes"},
    [C_CAETT] = {"caett proyectadas"},
    [C_SESSIONS] = {"sesiones", "sesiones registradas"},
    [C_COUNTED] = {"en totales"},
};

typedef struct {
    bt_roster *r;
    uint32_t col[C__COUNT];   /* 1-based; 0: absent */
    bool header_seen;
    bt_err err;
} reader;

static column header_kind(const char *key)
{
    for (int c = 0; c < C__COUNT; c++)
        for (int k = 0; k < 8 && headers[c][k]; k++)
            if (strcmp(key, headers[c][k]) == 0)
                return (column)c;
    return C__COUNT;
}

static bt_err map_columns(reader *rd, const bt_row *row)
{
    for (size_t i = 0; i < row->n; i++) {
        char key[256];
        if (bt_fold_buf(row->cells[i].text, key, sizeof key) == (size_t)-1)
            continue;
        column c = header_kind(key);
        if (c != C__COUNT && !rd->col[c])
            rd->col[c] = row->cells[i].col;
    }
    /* A roster needs the number more than the name: a lone "Territorio"
     * column beside no other number column is the number. */
    if (!rd->col[C_NUMBER] && rd->col[C_TERRITORIO]) {
        rd->col[C_NUMBER] = rd->col[C_TERRITORIO];
        rd->col[C_TERRITORIO] = 0;
    }
    if (!rd->col[C_NAME])
        rd->col[C_NAME] = rd->col[C_TERRITORIO];
    rd->r->has_figures = rd->col[C_UNITS] != 0;
    return BT_OK;
}

/* The cleaned text of a column in a row, or NULL when empty. */
static const char *cell(reader *rd, const bt_row *row, column c, bool oneline)
{
    uint32_t col = rd->col[c];
    for (size_t i = 0; col && i < row->n; i++) {
        if (row->cells[i].col != col)
            continue;
        unsigned opts = BT_CLEAN_TRIM | (oneline ? BT_CLEAN_ONELINE | BT_CLEAN_COLLAPSE : 0);
        char *s = bt_text_clean(rd->r->arena, row->cells[i].text, row->cells[i].len, opts);
        if (!s)
            rd->err = BT_ERR_NOMEM;
        /* The apostrophe bitacora's CSVs put before formula-like text. */
        if (s && s[0] == '\'' && strchr("=+-@", s[1] ? s[1] : 'x'))
            s++;
        return s && s[0] ? s : NULL;
    }
    return NULL;
}

static int region_of(reader *rd, const bt_row *row, const char **seen)
{
    const char *code = cell(rd, row, C_REGION_CODE, true);
    const char *name = cell(rd, row, C_REGION, true);
    *seen = name ? name : code;
    int r = -1;
    if (code) {
        char two[8];
        snprintf(two, sizeof two, "%s%s", strlen(code) == 1 ? "0" : "", code);
        r = bt_region_by_code(two);
    }
    if (r < 0 && name)
        r = bt_region_find(name);
    return r;
}

/* A row left out: A085 with what it says, or what it lacks. */
static bt_err row_problem(reader *rd, const bt_row *row, const char *value, const char *what)
{
    if (value)
        return bt_findings_add(rd->r->findings, BT_A_ROSTER_ROW, rd->r->display, NULL, row->row,
                               0, NULL, value, "«%s» no es %s; la fila no se usa.", value, what);
    return bt_findings_add(rd->r->findings, BT_A_ROSTER_ROW, rd->r->display, NULL, row->row, 0,
                           NULL, NULL, "la fila no dice %s; no se usa.", what);
}

static void figures(reader *rd, const bt_row *row, bt_roster_entry *e)
{
    static const column fc[BT_FIG__COUNT] = {C_UNITS, C_STAFF, C_CAETT, C_SESSIONS};
    for (int k = 0; k < BT_FIG__COUNT; k++) {
        const char *s = cell(rd, row, fc[k], true);
        bt_why why;
        e->has_fig[k] = s && bt_parse_count(s, &e->fig[k], &why) == BT_VAL_OK;
    }
    uint64_t m;
    bt_why why;
    const char *s = cell(rd, row, C_UNITS_MISSING, true);
    if (s && bt_parse_count(s, &m, &why) == BT_VAL_OK)
        e->units_missing = (size_t)m;
    s = cell(rd, row, C_STAFF_MISSING, true);
    if (s && bt_parse_count(s, &m, &why) == BT_VAL_OK)
        e->staff_missing = (size_t)m;
    s = cell(rd, row, C_COUNTED, true);
    if (s) {
        char key[32];
        bt_fold_buf(s, key, sizeof key);
        e->counted = !strcmp(key, "si") || !strcmp(key, "s") || !strcmp(key, "1") ||
                     !strcmp(key, "true") || !strcmp(key, "yes");
    }
}

static bt_err data_row(reader *rd, const bt_row *row)
{
    const char *region_text;
    int region = region_of(rd, row, &region_text);
    const char *num = cell(rd, row, C_NUMBER, true);
    if (rd->err)
        return rd->err;
    if (!region_text && !num)
        return BT_OK;   /* a row with other things only: a note, a total */
    if (region < 0)
        return row_problem(rd, row, region_text,
                           region_text ? "una región reconocida" : "la región");
    uint64_t number;
    bt_why why;
    if (!num || bt_parse_terrnum(num, &number, &why) != BT_VAL_OK)
        return row_problem(rd, row, num, num ? "un N° de territorio" : "el N° de territorio");
    int period = 0;
    const char *per = cell(rd, row, C_PERIOD, true);
    if (per && bt_parse_year(per, &period, &why) != BT_VAL_OK)
        period = 0;
    for (size_t i = 0; i < rd->r->n; i++) {
        const bt_roster_entry *o = &rd->r->v[i];
        if (o->region == region && o->number == number && o->period == period)
            return bt_findings_add(rd->r->findings, BT_A_ROSTER_ROW, rd->r->display, NULL,
                                   row->row, 0, NULL, num,
                                   "el territorio %llu de la %s ya está en la fila %u; se usa "
                                   "esa.", (unsigned long long)number,
                                   bt_region_at((size_t)region)->full, (unsigned)o->row);
    }
    bt_roster_entry *e = BT_PUSH(rd->r->arena, rd->r->v, rd->r->n, rd->r->cap);
    if (!e)
        return BT_ERR_NOMEM;
    e->row = row->row;
    e->region = region;
    e->number = number;
    e->period = period;
    e->name = cell(rd, row, C_NAME, true);
    e->comunas = cell(rd, row, C_COMUNAS, false);
    e->representative = cell(rd, row, C_REPR, true);
    e->email = cell(rd, row, C_EMAIL, true);
    e->counted = true;
    figures(rd, row, e);
    return rd->err;
}

static bt_err on_row(void *ctx, const bt_row *row)
{
    reader *rd = ctx;
    if (!rd->header_seen) {
        rd->header_seen = true;
        return map_columns(rd, row);
    }
    return data_row(rd, row);
}

void bt_roster_free(bt_roster *r)
{
    if (!r)
        return;
    bt_findings_free(r->findings);
    bt_arena_free(r->arena);
    free(r);
}

static bt_err fail(bt_roster *r, bt_err e, char **why, const char *text)
{
    if (why)
        *why = text ? strdup(text) : NULL;
    bt_roster_free(r);
    return e;
}

bt_err bt_roster_read(const char *path, const char *display, bt_roster **out, char **why)
{
    *out = NULL;
    *why = NULL;
    bt_roster *r = calloc(1, sizeof *r);
    if (!r)
        return BT_ERR_NOMEM;
    r->arena = bt_arena_new();
    r->findings = bt_findings_new();
    r->display = r->arena ? bt_arena_strdup(r->arena, display ? display : path) : NULL;
    if (!r->findings || !r->display)
        return fail(r, BT_ERR_NOMEM, NULL, NULL);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int err = errno;
        return fail(r, err == ENOMEM ? BT_ERR_NOMEM : BT_ERR_READ, why, bt_errno_text(err));
    }
    reader rd = {r, {0}, false, BT_OK};
    bt_source_info info;
    bt_findings *csv = bt_findings_new();
    bt_err e = csv ? bt_csv_read_file(f, r->display, NULL, on_row, &rd, &info, csv)
                   : BT_ERR_NOMEM;
    fclose(f);
    if (e == BT_ERR_READ || bt_err_content(e)) {
        const bt_finding *x = bt_findings_count(csv) ? bt_findings_at(csv, 0) : NULL;
        e = fail(r, BT_ERR_READ, why, x ? x->message : "no se pudo leer como CSV");
        bt_findings_free(csv);
        return e;
    }
    /* What the CSV reader said about the file (a broken row it skipped)
     * is said about the roster. */
    if (!e)
        e = bt_findings_extend(r->findings, csv);
    bt_findings_free(csv);
    if (e)
        return fail(r, e, NULL, NULL);
    if (!rd.col[C_NUMBER] || (!rd.col[C_REGION] && !rd.col[C_REGION_CODE]))
        return fail(r, BT_ERR_BAD_ROSTER, why,
                    "la primera fila debe nombrar las columnas de la región y del N° de "
                    "territorio (por ejemplo «Región;N° territorio;Nombre del territorio;"
                    "Correo»)");
    *out = r;
    return BT_OK;
}

const bt_roster_entry *bt_roster_find(const bt_roster *r, int region, uint64_t number,
                                      int period)
{
    const bt_roster_entry *best = NULL;
    for (size_t i = 0; r && i < r->n; i++) {
        const bt_roster_entry *e = &r->v[i];
        if (e->region != region || e->number != number)
            continue;
        if (period && e->period == period)
            return e;
        if (!best || e->period > best->period)
            best = e;
    }
    return best;
}
