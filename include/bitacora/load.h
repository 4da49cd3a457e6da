/*
 * load.h - one input file to one checked territory.
 *
 * Opens the file, tells CSV from XLSX (and from what is neither) by its
 * content rather than its name, streams it through the right reader into
 * the form matcher, then normalizes and checks it.  A file that cannot be
 * read still yields a territory, marked not readable, with the finding
 * that says why, so every input gets an answer.
 */
#ifndef BITACORA_LOAD_H
#define BITACORA_LOAD_H

#include "bitacora/csvread.h"
#include "bitacora/model.h"
#include "bitacora/template.h"

typedef struct bt_load_options {
    bt_csv_options csv;
    int period;           /* --periodo, 0 when not given */
} bt_load_options;

/*
 * Load path into a new territory (*out, owned by the caller).  Returns
 * BT_OK, BT_ERR_READ when the OS refused the file (the territory says so),
 * or BT_ERR_NOMEM (then *out is NULL, or what was read before memory ran
 * out: the caller frees it all the same).
 */
bt_err bt_load_file(const bt_tpl *tpl, const char *path, const char *display,
                    const bt_load_options *opt, bt_territory **out);

/* The same for bytes in memory (tests and fuzzing): the content decides
 * the reader, as for files. */
bt_err bt_load_mem(const bt_tpl *tpl, const unsigned char *data, size_t n,
                   const char *display, const bt_load_options *opt, bt_territory **out);

#endif
