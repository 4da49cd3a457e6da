/* test_refdata.c - regions and comunas (refdata.h), checked against the
 * data files they are generated from. */
#include "testutil.h"

#include "bitacora/refdata.h"
#include "bitacora/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static int region_of_code(const char *code)
{
    int r = bt_region_by_code(code);
    if (r < 0) {
        print_error("no region with code %s\n", code);
        fail();
    }
    return r;
}

static int comuna_of_code(const char *code)
{
    for (size_t i = 0; i < bt_comuna_count(); i++)
        if (strcmp(bt_comuna_at(i)->code, code) == 0)
            return (int)i;
    print_error("no comuna with code %s\n", code);
    fail();
    return -1;
}

/* Each line of a data file split at commas (no quoting in these files).
 * Calls fn(ctx, fields, n) for each line after the header. */
static void each_data_line(const char *rel, void (*fn)(char **f, int n))
{
    size_t len;
    char *text = (char *)tu_read(tu_path(rel), &len);
    assert_non_null(text);
    int line = 0;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t l = strlen(p);
        if (l && p[l - 1] == '\r')
            p[l - 1] = '\0';
        if (line++ > 0 && *p) {
            char *f[8];
            int n = 0;
            for (char *q = p; n < 8;) {
                f[n++] = q;
                char *c = strchr(q, ',');
                if (!c)
                    break;
                *c = '\0';
                q = c + 1;
            }
            fn(f, n);
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    assert_true(line > 10);
    free(text);
}

/* ---- sizes and consistency ---- */

static void counts_and_tables(void **state)
{
    (void)state;
    assert_int_equal(bt_region_count(), 16);
    assert_int_equal(bt_comuna_count(), 346);
    assert_null(bt_region_at(16));
    assert_null(bt_comuna_at(346));
    for (size_t i = 0; i < bt_region_count(); i++) {
        const bt_region *r = bt_region_at(i);
        assert_non_null(r);
        assert_int_equal(strlen(r->code), 2);
        assert_int_equal(bt_region_by_code(r->code), (int)i);
        assert_true(strlen(r->roman) >= 1);
        assert_true(strlen(r->name) > 3);
        /* the slug is "<code>-<slug of the name>" */
        bt_arena *a = bt_arena_new();
        char *want = bt_arena_printf(a, "%s-%s", r->code, bt_slug(a, r->name, 200));
        assert_string_equal(r->slug, want);
        bt_arena_free(a);
        /* its name and its roman numeral find it */
        assert_int_equal(bt_region_find(r->name), (int)i);
        assert_int_equal(bt_region_find(r->roman), (int)i);
        assert_int_equal(bt_region_find(r->code), (int)i);
    }
    assert_string_equal(bt_region_at((size_t)bt_region_by_code("13"))->slug,
                        "13-metropolitana-de-santiago");
    assert_int_equal(bt_region_by_code("00"), -1);
    assert_int_equal(bt_region_by_code("17"), -1);
    assert_int_equal(bt_region_by_code(""), -1);
    int codes_seen = 0;
    for (size_t i = 0; i < bt_comuna_count(); i++) {
        const bt_comuna *c = bt_comuna_at(i);
        assert_non_null(c);
        assert_int_equal(strlen(c->code), 5);
        assert_true(c->region >= 0 && (size_t)c->region < bt_region_count());
        /* a comuna's code starts with its region's code */
        assert_memory_equal(c->code, bt_region_at((size_t)c->region)->code, 2);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(c->code, bt_comuna_at(j)->code);
        codes_seen++;
    }
    assert_int_equal(codes_seen, 346);
}

static void key_tables_sorted(void **state)
{
    (void)state;
    struct {
        const bt_refkey *keys;
        size_t n;
        size_t places;   /* regions or comunas */
    } tables[2];
    tables[0].keys = bt_region_keys(&tables[0].n);
    tables[0].places = bt_region_count();
    tables[1].keys = bt_comuna_keys(&tables[1].n);
    tables[1].places = bt_comuna_count();
    bt_arena *a = bt_arena_new();
    for (int t = 0; t < 2; t++) {
        const bt_refkey *k = tables[t].keys;
        /* at least one key per place, and every place has one */
        assert_true(tables[t].n >= tables[t].places);
        bool *named = calloc(tables[t].places, sizeof *named);
        for (size_t i = 0; i < tables[t].n; i++) {
            assert_true(k[i].index >= 0 && (size_t)k[i].index < tables[t].places);
            named[k[i].index] = true;
            /* every key is already a fold key */
            assert_true(k[i].key[0] != '\0');
            assert_string_equal(bt_fold(a, k[i].key), k[i].key);
            /* strictly ascending: sorted (for bsearch) and unique */
            if (i)
                assert_true(strcmp(k[i - 1].key, k[i].key) < 0);
        }
        for (size_t p = 0; p < tables[t].places; p++)
            assert_true(named[p]);
        free(named);
    }
    bt_arena_free(a);
}

/* ---- regions ---- */

static void alias_line(char **f, int n)
{
    assert_int_equal(n, 2);
    int want = region_of_code(f[0]);
    int got = bt_region_find(f[1]);
    if (got != want) {
        print_error("region alias «%s»: %d, want %d (%s)\n", f[1], got, want, f[0]);
        fail();
    }
    /* the same spelling in upper and lower case, and without accents */
    bt_arena *a = bt_arena_new();
    char *plain = bt_fold(a, f[1]);
    assert_int_equal(bt_region_find(plain), want);
    bt_arena_free(a);
}

static void region_every_alias(void **state)
{
    (void)state;
    each_data_line("data/region_aliases.csv", alias_line);
}

static const struct {
    const char *text, *code;   /* code NULL: not found */
} region_cases[] = {
    {"RM", "13"},
    {"R.M.", "13"},
    {"rm", "13"},
    {"Región Metropolitana", "13"},
    {"REGION METROPOLITANA", "13"},
    {"Metropolitana de Santiago", "13"},
    {"XIII", "13"},
    {"xiii", "13"},
    {"13", "13"},
    {"Región 13", "13"},
    {"Región N° 13", "13"},
    {"Región Nº 13", "13"},
    {"V", "05"},
    {"V Región", "05"},
    {"Región V", "05"},
    {"5", "05"},
    {"05", "05"},
    {"5ª Región", "05"},
    {"5° Región", "05"},
    {"Quinta Región", "05"},
    {"Valparaíso", "05"},
    {"valparaiso", "05"},
    {"VALPARAÍSO", "05"},
    {"Región de Valparaíso", "05"},
    {"region de valparaiso", "05"},
    {"  Región   de  Valparaíso ", "05"},
    {"Region Valparaiso", "05"},
    {"Biobío", "08"},
    {"Bio Bio", "08"},
    {"Bío-Bío", "08"},
    {"BIOBIO", "08"},
    {"Bío Bío", "08"},
    {"Región del Biobío", "08"},
    {"VIII", "08"},
    {"Ñuble", "16"},
    {"Nuble", "16"},
    {"ÑUBLE", "16"},
    {"Región de Ñuble", "16"},
    {"XVI", "16"},
    {"16", "16"},
    {"Arica y Parinacota", "15"},
    {"XV", "15"},
    {"Los Ríos", "14"},
    {"La Araucanía", "09"},
    {"Araucanía", "09"},
    {"Región de la Araucanía", "09"},
    {"Tarapacá", "01"},
    {"I", "01"},
    {"Magallanes", "12"},
    {"Aysén", "11"},
    /* not a region */
    {"", NULL},
    {"   ", NULL},
    {"Región", NULL},
    {"Región de", NULL},
    {"17", NULL},
    {"0", NULL},
    {"XVII", NULL},
    {"Atlantis", NULL},
    {"Valparaizo", NULL},
    {"Mendoza", NULL},
};

static void region_find_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(region_cases); i++) {
        int want = region_cases[i].code ? region_of_code(region_cases[i].code) : -1;
        int got = bt_region_find(region_cases[i].text);
        if (got != want) {
            print_error("region «%s»: %d, want %d\n", region_cases[i].text, got, want);
            fail();
        }
    }
}

static void region_suggestions(void **state)
{
    (void)state;
    static const struct {
        const char *text, *code;
    } cases[] = {
        {"Valparaizo", "05"},
        {"Valparaíso.", "05"},       /* found as is: suggestion is the same */
        {"Metropolitna", "13"},
        {"Araucania", "09"},
        {"Biobio", "08"},
        {"Tarapaca", "01"},
        {"Antofagsta", "02"},
        {"Coquinbo", "04"},
        {"Atlantis", NULL},
        {"", NULL},
        {"zz", NULL},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        int want = cases[i].code ? region_of_code(cases[i].code) : -1;
        int got = bt_region_suggest(cases[i].text);
        if (got != want) {
            print_error("region suggestion for «%s»: %d, want %d\n", cases[i].text, got, want);
            fail();
        }
    }
}

/* ---- comunas ---- */

static void comuna_line(char **f, int n)
{
    assert_int_equal(n, 5);
    int want = comuna_of_code(f[3]);
    assert_string_equal(bt_comuna_at((size_t)want)->name, f[4]);
    assert_int_equal(bt_comuna_at((size_t)want)->region, region_of_code(f[0]));
    /* by name, by its fold key, in upper case, by code */
    bt_arena *a = bt_arena_new();
    const char *variants[] = {f[4], bt_fold(a, f[4]), f[3]};
    for (size_t i = 0; i < N_OF(variants); i++) {
        int got = bt_comuna_find(variants[i]);
        if (got != want) {
            print_error("comuna «%s»: %d, want %d (%s)\n", variants[i], got, want, f[3]);
            fail();
        }
    }
    /* an exact name suggests itself */
    assert_int_equal(bt_comuna_suggest(f[4]), want);
    bt_arena_free(a);
}

static void comuna_every_name_and_code(void **state)
{
    (void)state;
    each_data_line("data/comunas.csv", comuna_line);
}

static void comuna_alias_line(char **f, int n)
{
    assert_int_equal(n, 2);
    int want = comuna_of_code(f[0]);
    int got = bt_comuna_find(f[1]);
    if (got != want) {
        print_error("comuna alias «%s»: %d, want %d (%s)\n", f[1], got, want, f[0]);
        fail();
    }
}

static void comuna_every_alias(void **state)
{
    (void)state;
    each_data_line("data/comuna_aliases.csv", comuna_alias_line);
}

static const struct {
    const char *text, *code;
} comuna_cases[] = {
    {"Ñuñoa", "13120"},
    {"Nunoa", "13120"},
    {"ÑUÑOA", "13120"},
    {"  ñuñoa ", "13120"},
    {"Nun\xCC\x83oa", "13120"},       /* decomposed ñ */
    {"Viña del Mar", "05109"},
    {"vina del mar", "05109"},
    {"VIÑA DEL MAR", "05109"},
    {"Viña", "05109"},                /* alias */
    {"Santiago", "13101"},
    {"13101", "13101"},
    {"PAC", "13121"},
    {"Pedro Aguirre Cerda", "13121"},
    {"Til Til", "13303"},
    {"Til-Til", "13303"},
    {"Tiltil", "13303"},
    {"Llay-Llay", "05703"},
    {"Llaillay", "05703"},
    {"Coihaique", "11101"},
    {"Coyhaique", "11101"},
    {"Puerto Aysén", "11201"},
    {"Los Ángeles", "08301"},
    {"LosAngeles", "08301"},          /* spaces do not matter */
    {"Con Cón", "05103"},
    {"Concón", "05103"},
    {"O'Higgins", "11302"},
    {"Alto Bío-Bío", "08314"},
    {"Alto Biobío", "08314"},
    {"Marchigüe", "06204"},
    {"Marchihue", "06204"},
    /* not comunas */
    {"", NULL},
    {"Ñuñao", NULL},
    {"Viña del Mr", NULL},
    {"13", NULL},
    {"99999", NULL},
    {"Gotham", NULL},
    {"Región Metropolitana", NULL},
};

static void comuna_find_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(comuna_cases); i++) {
        int want = comuna_cases[i].code ? comuna_of_code(comuna_cases[i].code) : -1;
        int got = bt_comuna_find(comuna_cases[i].text);
        if (got != want) {
            print_error("comuna «%s»: %d, want %d\n", comuna_cases[i].text, got, want);
            fail();
        }
    }
}

static void comuna_suggestions(void **state)
{
    (void)state;
    static const struct {
        const char *text, *code;
    } cases[] = {
        {"Ñuñao", "13120"},
        {"Nunoa", "13120"},
        {"Viña del Mr", "05109"},
        {"Vina del mar", "05109"},
        {"Valparaizo", "05101"},
        {"Providensia", "13123"},
        {"Peñalolen", "13122"},
        {"Puente Alto.", "13201"},
        {"Quilpe", "05801"},
        {"Gotham City", NULL},
        {"", NULL},
        {"xx", NULL},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        int want = cases[i].code ? comuna_of_code(cases[i].code) : -1;
        int got = bt_comuna_suggest(cases[i].text);
        if (got != want) {
            print_error("comuna suggestion for «%s»: %d (%s), want %d\n", cases[i].text, got,
                        got >= 0 ? bt_comuna_at((size_t)got)->name : "-", want);
            fail();
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_tables),
        cmocka_unit_test(key_tables_sorted),
        cmocka_unit_test(region_every_alias),
        cmocka_unit_test(region_find_table),
        cmocka_unit_test(region_suggestions),
        cmocka_unit_test(comuna_every_name_and_code),
        cmocka_unit_test(comuna_every_alias),
        cmocka_unit_test(comuna_find_table),
        cmocka_unit_test(comuna_suggestions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
