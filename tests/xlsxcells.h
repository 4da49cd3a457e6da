/*
 * xlsxcells.h - reading back the cells of a workbook bitacora wrote, with
 * bitacora's own XLSX reader, for the end-to-end tests.
 */
#ifndef BITACORA_XLSXCELLS_H
#define BITACORA_XLSXCELLS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/finding.h"
#include "bitacora/text.h"
#include "bitacora/xlsxread.h"

typedef struct {
    uint32_t row, col;
    char *text;
} xc_cell;

typedef struct {
    xc_cell *v;
    size_t n, cap;
    uint32_t max_row;
    int ok;
} xc_grid;

static bt_err xc_row(void *ctx, const bt_row *row)
{
    xc_grid *g = ctx;
    for (size_t i = 0; i < row->n; i++) {
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 256;
            g->v = realloc(g->v, g->cap * sizeof *g->v);
            if (!g->v)
                return BT_ERR_NOMEM;
        }
        g->v[g->n].row = row->row;
        g->v[g->n].col = row->cells[i].col;
        g->v[g->n].text = strdup(row->cells[i].text);
        g->n++;
    }
    if (row->row > g->max_row)
        g->max_row = row->row;
    return BT_OK;
}

/* All cells of one sheet (by name). g->ok is 0 when it could not be read. */
static inline xc_grid xc_load(const char *path, const char *sheet)
{
    xc_grid g;
    memset(&g, 0, sizeof g);
    FILE *f = fopen(path, "rb");
    if (!f)
        return g;
    bt_findings *fs = bt_findings_new();
    bt_err e = bt_xlsx_read_sheet(f, sheet, xc_row, &g, fs);
    fclose(f);
    if (e == BT_OK)
        g.ok = 1;
    else
        for (size_t i = 0; i < bt_findings_count(fs); i++)
            fprintf(stderr, "xc_load %s [%s]: %s\n", path, sheet, bt_findings_at(fs, i)->message);
    bt_findings_free(fs);
    return g;
}

static inline void xc_free(xc_grid *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->v[i].text);
    free(g->v);
    memset(g, 0, sizeof *g);
}

/* Text of the cell at (row, col), 1-based; "" when empty. */
static inline const char *xc_at(const xc_grid *g, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->v[i].row == row && g->v[i].col == col)
            return g->v[i].text;
    return "";
}

/* Text of a cell by name ("B3"). */
static inline const char *xc_get(const xc_grid *g, const char *ref)
{
    uint32_t col = 0, row = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z')
        col = col * 26 + (uint32_t)(*p++ - 'A' + 1);
    row = (uint32_t)strtoul(p, NULL, 10);
    return xc_at(g, row, col);
}

/* The first row whose column `col` equals text, or 0. */
static inline uint32_t xc_find_row(const xc_grid *g, uint32_t col, const char *text)
{
    for (uint32_t r = 1; r <= g->max_row; r++)
        if (strcmp(xc_at(g, r, col), text) == 0)
            return r;
    return 0;
}

/* The column whose header (row 1) equals text, or 0. */
static inline uint32_t xc_find_col(const xc_grid *g, const char *text)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->v[i].row == 1 && strcmp(g->v[i].text, text) == 0)
            return g->v[i].col;
    return 0;
}

/* The number in a cell; 0 for an empty cell or for text (a value that
 * did not parse, written as typed). */
static inline double xc_num(const xc_grid *g, uint32_t row, uint32_t col)
{
    const char *s = xc_at(g, row, col);
    char *end;
    double v = strtod(s, &end);
    return *s && !*end ? v : 0.0;
}

#endif
