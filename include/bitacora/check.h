/*
 * check.h - normalizing a territory's values and checking them, and the
 * index of where every finding code is raised.
 *
 * bt_normalize() parses every value the form reader stored (regions,
 * comunas, counts, dates, years, names) and reports values that do not
 * parse.  bt_check() then checks the territory as a whole: sections and
 * required fields (those the template flags), totals against sums,
 * declared staff against the names listed, comunas against the region,
 * dates against the period, session numbering.  Both only add findings to
 * the territory; neither prints.
 *
 * A rule is checked where the fact it is about is first known: the
 * readers know that a file is empty, binary or a zip bomb; the form
 * matcher, that a row is a second «Periodo» or a programme the template
 * does not list; normalization, that a count is no number; the checks
 * here, that a total is not the sum; the batch, that two files are one
 * territory; the coverage, that a territory of the roster sent nothing.
 * Moving a rule away from what it knows would mean carrying that fact
 * along only to check it later, so the rules stay where they are
 * and this index is the one place that says where each code is raised:
 * every code, and every function (file:function, under src/) whose code
 * names it.  tests/test_check.c keeps the index true (every code has a
 * line, each function listed names its code, no other function does) and
 * gives each territory-level code a realistic logbook that raises it.
 *
 * Where each finding code is raised:
 *   E001  csvread.c:encoding_from_scan csvread.c:parse_source
 *         csvread.c:read_all load.c:dispatch load.c:bt_load_file
 *   E002  csvread.c:report_nul csvread.c:encoding_from_head
 *   E003  csvread.c:parse_text csvread.c:finish_parse
 *   E004  csvread.c:report_replacements
 *   E005  csvread.c:encoding_from_head csvread.c:read_all
 *         xlsxread.c:read_sheet
 *   E006  csvread.c:cell_too_big csvread.c:on_field csvread.c:deliver_row
 *         form.c:bt_form_row load.c:bt_load_file xlsxread.c:sst_end
 *         xlsxread.c:text_chars xlsxread.c:sh_start xlsxread.c:end_cell
 *   A007  csvread.c:utf16_without_bom
 *   A008  csvread.c:utf16_without_bom csvread.c:encoding_from_head
 *         csvread.c:encoding_from_scan
 *   A009  load.c:finish
 *   E010  xlsxread.c:check_member xlsxread.c:stream_member
 *         xlsxread.c:parse_part xlsxread.c:sh_start xlsxread.c:open_zip
 *         xlsxread.c:find_workbook xlsxread.c:read_workbook
 *         xlsxread.c:named_sheet xlsxread.c:read_sheet
 *   E011  xlsxread.c:check_member
 *   E012  load.c:dispatch
 *   E013  xlsxread.c:reject_doctype xlsxread.c:check_member
 *         xlsxread.c:stream_member xlsxread.c:end_cell xlsxread.c:open_zip
 *   E014  load.c:finish_inner
 *   A015  xlsxread.c:end_cell
 *   A016  xlsxread.c:choose_sheet
 *   E020  check.c:sections
 *   E021  check.c:required_field check.c:required_in_sessions
 *   A022  form.c:heading
 *   A023  form.c:set_field
 *   A024  form.c:unmapped form.c:foreign_label
 *   A025  form.c:session_field
 *   E030  normalize.c:region
 *   E031  normalize.c:terrnum
 *   A032  normalize.c:comunas
 *   E033  check.c:comunas_region
 *   A034  normalize.c:period
 *   E035  normalize.c:period
 *   A036  batch.c:mark_identical
 *   E037  batch.c:mark_conflict
 *   A038  normalize.c:comunas
 *   A039  batch.c:named_twice
 *   E040  normalize.c:tables
 *   A041  check.c:absent_rows normalize.c:tables
 *   E042  check.c:units
 *   A043  form.c:unknown_item
 *   A044  check.c:units
 *   E050  normalize.c:tables
 *   E051  check.c:staff
 *   A052  check.c:staff
 *   E053  check.c:staff
 *   A054  form.c:unknown_item
 *   A055  check.c:absent_rows normalize.c:tables
 *   A056  check.c:staff
 *   E060  normalize.c:parse_date
 *   A061  check.c:date_in_period
 *   A062  check.c:sessions
 *   A063  check.c:sessions
 *   E064  normalize.c:tables
 *   A065  check.c:sessions
 *   A066  form.c:unknown_item
 *   A070  normalize.c:check_long
 *   E080  coverage.c:add_missing
 *   A081  coverage.c:add_missing
 *   A082  coverage.c:roster_identity
 *   A083  coverage.c:compare_identity
 *   A084  coverage.c:compare_identity
 *   A085  roster.c:row_problem roster.c:data_row
 * (end of the index)
 */
#ifndef BITACORA_CHECK_H
#define BITACORA_CHECK_H

#include "bitacora/model.h"
#include "bitacora/template.h"

/* period_option: the --periodo year, 0 when not given. */
bt_err bt_normalize(bt_territory *t, const bt_tpl *tpl, int period_option);
bt_err bt_check(bt_territory *t);

/* Texts longer than this are cut in workbooks (Excel's cell limit) and
 * kept whole in CSV exports. */
#define BT_EXCEL_CELL_CHARS 32767u

#endif
