/* status.c - where a territory stands (see status.h). */
#include "bitacora/status.h"

#include "bitacora/batch.h"

bt_status bt_status_of(const bt_territory *t)
{
    if (!bt_counted(t))
        return BT_STATUS_EXCLUDED;
    if (bt_territory_errors(t))
        return BT_STATUS_PROVISIONAL;
    return bt_territory_avisos(t) ? BT_STATUS_AVISOS : BT_STATUS_CLEAN;
}

/* Why a territory is out of the totals, shortest form. */
static const char *why_out(const bt_territory *t)
{
    if (!t->readable)
        return "el archivo no se pudo leer";
    if (t->strict_skipped)
        return "tiene errores y se pidió --strict";
    if (t->duplicate_conflict)
        return "duplicado con diferencias";
    if (t->duplicate)
        return "copia idéntica de otro archivo, que sí se cuenta";
    if (t->region < 0)
        return "región no reconocida";
    return "";
}

const char *bt_status_text(const bt_territory *t)
{
    switch (bt_status_of(t)) {
    case BT_STATUS_CLEAN: return "Incluido: sin errores ni avisos";
    case BT_STATUS_AVISOS: return "Incluido con avisos";
    case BT_STATUS_PROVISIONAL: return "Incluido con errores: cifras provisionales";
    case BT_STATUS_EXCLUDED: break;
    }
    if (!t->readable)
        return "Excluido: el archivo no se pudo leer";
    if (t->strict_skipped)
        return "Excluido: tiene errores (--strict)";
    if (t->duplicate_conflict)
        return "Excluido: duplicado con diferencias";
    if (t->duplicate)
        return "Excluido: copia idéntica (se cuenta la otra)";
    return "Excluido: región no reconocida";
}

const char *bt_status_detail(const bt_territory *t, bt_arena *a)
{
    if (bt_counted(t))
        return NULL;
    if (!t->readable && t->fatal)
        return bt_arena_printf(a, "%s: %s", why_out(t), t->fatal);
    if (t->duplicate_conflict && t->duplicate_of)
        return bt_arena_printf(a, "%s: %s y %s tienen contenido distinto; ninguno se suma "
                                  "hasta que quede un solo archivo", why_out(t), t->display,
                               t->duplicate_of);
    if (t->duplicate && t->duplicate_of)
        return bt_arena_printf(a, "copia idéntica de %s, que sí se cuenta", t->duplicate_of);
    return bt_arena_strdup(a, why_out(t));
}
