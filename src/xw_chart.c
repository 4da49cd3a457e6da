/* xw_chart.c - the charts of the region and national workbooks (see xw.h). */
#include <stdio.h>
#include <string.h>

#include "xw.h"

static void chart_err(bt_xw *w)
{
    if (!w->err)
        w->err = LXW_ERROR_MEMORY_MALLOC_FAILED;
}

void bt_xw_empty_columns(const double *v, size_t nrows, size_t ncols, bool *skip)
{
    for (size_t c = 0; c < ncols; c++) {
        double sum = 0;
        for (size_t r = 0; r < nrows; r++)
            sum += v[r * ncols + c];
        skip[c] = sum == 0;
    }
}

void bt_xw_stacked_chart(bt_xw *w, lxw_worksheet *ws, const char *sheet, uint16_t cat_col,
                         uint32_t r1, uint32_t r2, uint16_t c1, uint16_t c2, const bool *skip,
                         const char *title, uint32_t at_row, uint16_t at_col)
{
    if (!ws || r2 < r1 || c2 < c1)
        return;
    lxw_chart *ch = workbook_add_chart(w->wb, LXW_CHART_BAR_STACKED);
    if (!ch) {
        chart_err(w);
        return;
    }
    size_t nseries = 0;
    for (uint16_t c = c1; c <= c2; c++) {
        if (skip && skip[c - c1])
            continue;
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s) {
            chart_err(w);
            return;
        }
        chart_series_set_categories(s, sheet, r1, cat_col, r2, cat_col);
        chart_series_set_values(s, sheet, r1, c, r2, c);
        chart_series_set_name_range(s, sheet, 0, c);
        chart_series_set_labels(s);
        /* a part worth 0 gets no label */
        chart_series_set_labels_num_format(s, "0;;;");
        nseries++;
    }
    if (!nseries) {
        /* nothing to draw: an empty chart says so better than none */
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        if (!s) {
            chart_err(w);
            return;
        }
        chart_series_set_categories(s, sheet, r1, cat_col, r2, cat_col);
        chart_series_set_values(s, sheet, r1, c1, r2, c1);
        chart_series_set_name_range(s, sheet, 0, c1);
    }
    chart_title_set_name(ch, title);
    lxw_chart_font tf;
    memset(&tf, 0, sizeof tf);
    tf.size = 11;
    tf.bold = LXW_EXPLICIT_FALSE;
    chart_title_set_name_font(ch, &tf);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    /* categories top to bottom in the table's order (in a bar chart the
     * vertical, category axis is the y axis) */
    chart_axis_set_reverse(ch->y_axis);
    lxw_chart_options opt;
    memset(&opt, 0, sizeof opt);
    /* 480 x 288 pixels at scale 1: wide enough for the names, tall
     * enough for every bar */
    size_t rows = (size_t)(r2 - r1 + 1);
    opt.x_scale = 1.9;
    opt.y_scale = (double)(150 + 26 * rows) / 288.0;
    if (opt.y_scale < 1.0)
        opt.y_scale = 1.0;
    lxw_error e = worksheet_insert_chart_opt(ws, at_row, at_col, ch, &opt);
    /* A chart taller than what is left of the table's page starts its
     * own page rather than being cut in two. */
    if (!e && rows > 10) {
        lxw_row_t breaks[2] = {at_row, 0};
        e = worksheet_set_h_pagebreaks(ws, breaks);
    }
    if (e && !w->err)
        w->err = e;
}
