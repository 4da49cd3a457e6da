/*
 * fuzz_values.c - libFuzzer target: the value parsers and text helpers
 * (dates, counts, years, territory numbers, list splitting, cleaning,
 * folding, name case, slugs, region and comuna lookup).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/refdata.h"
#include "bitacora/text.h"
#include "bitacora/value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bt_err item(void *ctx, const char *s)
{
    (void)ctx;
    return strlen(s) > (1u << 20) ? BT_ERR_INTERNAL : BT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bt_arena *a = bt_arena_new();
    if (!a)
        abort();
    /* The parsers take cleaned text, as the form reader gives them. */
    char *s = bt_text_clean(a, (const char *)data, size, BT_CLEAN_TRIM);
    if (!s || !bt_utf8_valid(s, strlen(s)))
        abort();
    uint64_t n;
    int y;
    bt_why why;
    bt_date d, sug;
    if (bt_parse_count(s, &n, &why) == BT_VAL_OK && n > BT_COUNT_MAX)
        abort();
    bt_parse_terrnum(s, &n, &why);
    bt_parse_year(s, &y, &why);
    for (int allow = 0; allow < 2; allow++) {
        if (bt_parse_date(s, allow, &d, &why, &sug) == BT_VAL_OK) {
            char buf[16];
            bt_date_format(&d, buf);
            bt_date_iso(&d, buf);
            if (d.month < 1 || d.month > 12 || d.day < 0 || d.day > 31)
                abort();
        }
    }
    bt_split_list(a, s, true, item, NULL);
    char *k = bt_fold(a, s);
    char *nc = bt_name_case(a, s);
    char *slug = bt_slug(a, s, 48);
    if (!k || !nc || !slug || strchr(slug, '/') || strchr(slug, '.') || !slug[0])
        abort();
    bt_region_find(s);
    bt_comuna_find(s);
    if (size < 64) {
        bt_region_suggest(s);
        bt_comuna_suggest(s);
    }
    bt_arena_free(a);
    return 0;
}
