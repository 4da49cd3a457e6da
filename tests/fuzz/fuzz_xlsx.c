/*
 * fuzz_xlsx.c - libFuzzer target: zip bytes straight into the XLSX reader,
 * rows into the template matcher.  Seeded with real XLSX files, so the
 * mutations explore the zip and XML layers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bitacora/form.h"
#include "bitacora/xlsxread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bt_tpl *tpl;
    if (!tpl && bt_tpl_new(&tpl) != BT_OK)
        abort();
    bt_territory *t;
    if (bt_territory_new("fuzz.xlsx", "fuzz.xlsx", &t) != BT_OK)
        abort();
    bt_form *f;
    if (bt_form_new(tpl, t, &f) != BT_OK)
        abort();
    bt_err e = bt_xlsx_read_mem(data, size, "fuzz.xlsx", NULL, bt_form_row, f, &t->info, t->findings);
    if (e == BT_ERR_NOMEM || e == BT_ERR_INTERNAL)
        abort();
    bt_form_free(f);
    bt_territory_free(t);
    return 0;
}
