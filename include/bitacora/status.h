/*
 * status.h - the one vocabulary for where a territory stands: whether it
 * is in the region's and the country's totals, and if not, why.  Every
 * workbook, list and message says it in these words, so a sheet never
 * says "with errors: correct before consolidating" beside "in the
 * totals: yes".
 */
#ifndef BITACORA_STATUS_H
#define BITACORA_STATUS_H

#include "bitacora/model.h"

typedef enum {
    BT_STATUS_CLEAN,        /* in the totals, no findings */
    BT_STATUS_AVISOS,       /* in the totals, avisos only */
    BT_STATUS_PROVISIONAL,  /* in the totals with errors: its figures may change */
    BT_STATUS_EXCLUDED,     /* left out of the totals (bt_status_text says why) */
} bt_status;

bt_status bt_status_of(const bt_territory *t);

/* "Incluido con errores: cifras provisionales", "Excluido: duplicado con
 * diferencias", ... (static text). */
const char *bt_status_text(const bt_territory *t);

/* Why an excluded territory is out, in full: the reader's reason for an
 * unreadable file, the other file of a duplicate.  NULL when counted;
 * otherwise in the arena (NULL also when it is exhausted). */
const char *bt_status_detail(const bt_territory *t, bt_arena *a);

/* The status of a territory with no logbook in the run: one the roster
 * lists, or a number missing between two that arrived. */
#define BT_STATUS_MISSING "Falta la bitácora"
#define BT_STATUS_GAP "¿Falta la bitácora? (hueco en la numeración)"

#endif
