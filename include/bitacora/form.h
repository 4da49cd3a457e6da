/*
 * form.h - from rows to a territory: the template matcher.
 *
 * Rows (rows.h) from any reader are matched against the compiled template
 * (template.h): section headings switch the section, labels fill fields,
 * table rows fill tables, continuation rows continue the row above.
 * Anything that maps to no field is kept as an "Otros" row with an aviso;
 * nothing typed is dropped.  Values are stored as cleaned text with their
 * cells; bt_normalize() (check.h) parses them afterwards.
 */
#ifndef BITACORA_FORM_H
#define BITACORA_FORM_H

#include "bitacora/model.h"
#include "bitacora/rows.h"
#include "bitacora/template.h"

typedef struct bt_form bt_form;

/* A matcher that fills t (which it does not own). */
bt_err bt_form_new(const bt_tpl *tpl, bt_territory *t, bt_form **out);
void bt_form_free(bt_form *f);

/* The row callback to give a reader (ctx is the bt_form). */
bt_err bt_form_row(void *ctx, const bt_row *row);

#endif
