/* refdata_tables.h - the generated tables (build/gen/refdata.c), private to
 * refdata.c. */
#ifndef BITACORA_REFDATA_TABLES_H
#define BITACORA_REFDATA_TABLES_H

#include "bitacora/refdata.h"

extern const bt_region bt_gen_regions[];
extern const size_t bt_gen_nregions;
extern const bt_comuna bt_gen_comunas[];
extern const size_t bt_gen_ncomunas;
extern const bt_refkey bt_gen_region_keys[];
extern const size_t bt_gen_nregion_keys;
extern const bt_refkey bt_gen_comuna_keys[];
extern const size_t bt_gen_ncomuna_keys;

#endif
