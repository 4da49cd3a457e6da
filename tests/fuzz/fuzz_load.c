/*
 * fuzz_load.c - libFuzzer target: any bytes as an input file, through the
 * whole reading pipeline (sniffing, CSV or XLSX reader, template matching,
 * normalization, checks) and the CSV export of the result.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bitacora/csvwrite.h"
#include "bitacora/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bt_tpl *tpl;
    if (!tpl && bt_tpl_new(&tpl) != BT_OK)
        abort();
    bt_territory *t = NULL;
    bt_err e = bt_load_mem(tpl, data, size, "fuzz", NULL, &t);
    if (e != BT_OK && e != BT_ERR_READ)
        abort();            /* only memory exhaustion may fail, and it cannot here */
    if (t && t->readable) {
        bt_sb sb;
        bt_sb_init(&sb);
        if (bt_export_csv(t, &sb) != BT_OK)
            abort();
        bt_sb_free(&sb);
    }
    bt_territory_free(t);
    return 0;
}
