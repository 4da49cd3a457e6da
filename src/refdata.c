/* refdata.c - lookups over the generated region and comuna tables. */
#include "bitacora/refdata.h"

#include <stdlib.h>
#include <string.h>

#include "bitacora/text.h"
#include "refdata_tables.h"

size_t bt_region_count(void) { return bt_gen_nregions; }
const bt_region *bt_region_at(size_t i) { return i < bt_gen_nregions ? &bt_gen_regions[i] : NULL; }
size_t bt_comuna_count(void) { return bt_gen_ncomunas; }
const bt_comuna *bt_comuna_at(size_t i) { return i < bt_gen_ncomunas ? &bt_gen_comunas[i] : NULL; }

const bt_refkey *bt_region_keys(size_t *n)
{
    *n = bt_gen_nregion_keys;
    return bt_gen_region_keys;
}

const bt_refkey *bt_comuna_keys(size_t *n)
{
    *n = bt_gen_ncomuna_keys;
    return bt_gen_comuna_keys;
}

static int cmp_refkey(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const bt_refkey *)e)->key);
}

/* Equality of two keys ignoring their spaces ("bio bio" == "biobio"). */
static int compact_eq(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++;
        b++;
    }
}

static int find_key(const bt_refkey *keys, size_t n, const char *key)
{
    if (!key[0])
        return -1;
    const bt_refkey *hit = bsearch(key, keys, n, sizeof *keys, cmp_refkey);
    if (hit)
        return hit->index;
    int found = -1;
    for (size_t i = 0; i < n; i++) {
        if (compact_eq(keys[i].key, key)) {
            if (found >= 0 && found != keys[i].index)
                return -1;        /* ambiguous: better no answer */
            found = keys[i].index;
        }
    }
    return found;
}

static int lookup(const bt_refkey *keys, size_t n, const char *text,
                  int strip_region_words)
{
    char key[512];
    if (bt_fold_buf(text, key, sizeof key) == (size_t)-1)
        return -1;
    int r = find_key(keys, n, key);
    if (r >= 0 || !strip_region_words)
        return r;
    /* "Región de la X", "Region del X": try what follows. */
    static const char *const prefixes[] = {"region de la ", "region del ",
                                           "region de ", "region ", NULL};
    for (const char *const *p = prefixes; *p; p++) {
        size_t pl = strlen(*p);
        if (strncmp(key, *p, pl) == 0)
            return find_key(keys, n, key + pl);
    }
    return -1;
}

int bt_region_find(const char *text)
{
    return lookup(bt_gen_region_keys, bt_gen_nregion_keys, text, 1);
}

int bt_region_by_code(const char *code)
{
    for (size_t i = 0; i < bt_gen_nregions; i++)
        if (strcmp(bt_gen_regions[i].code, code) == 0)
            return (int)i;
    return -1;
}

int bt_comuna_find(const char *text)
{
    return lookup(bt_gen_comuna_keys, bt_gen_ncomuna_keys, text, 0);
}

static int suggest(const bt_refkey *keys, size_t n, const char *text)
{
    char key[512];
    size_t kl = bt_fold_buf(text, key, sizeof key);
    if (kl == (size_t)-1 || kl == 0)
        return -1;
    size_t cap = bt_suggest_cap(kl);
    size_t best = cap + 1;
    int who = -1;
    for (size_t i = 0; i < n; i++) {
        size_t d = bt_edit_distance(key, keys[i].key, cap);
        if (d < best) {
            best = d;
            who = keys[i].index;
        } else if (d == best && who != keys[i].index) {
            who = d <= cap ? -2 : who;   /* a tie between two places */
        }
    }
    return who >= 0 ? who : -1;
}

int bt_region_suggest(const char *text)
{
    return suggest(bt_gen_region_keys, bt_gen_nregion_keys, text);
}

int bt_comuna_suggest(const char *text)
{
    return suggest(bt_gen_comuna_keys, bt_gen_ncomuna_keys, text);
}
