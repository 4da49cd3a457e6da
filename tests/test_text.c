/* test_text.c - UTF-8 validity, cleaning, fold keys, edit distance, name
 * case, slugs and cell names (text.h). */
#include "testutil.h"

#include "bitacora/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Compare two strings and name the table case on failure. */
#define CHECK_STR(got, want, what)                                            \
    do {                                                                      \
        const char *g_ = (got), *w_ = (want);                                 \
        if (!g_ || strcmp(g_, w_) != 0) {                                     \
            print_error("case «%s»: got «%s», want «%s»\n", (what),           \
                        g_ ? g_ : "(null)", w_);                              \
            fail();                                                           \
        }                                                                     \
    } while (0)

/* ---- bt_utf8_valid / bt_utf8_valid_prefix ---- */

static const struct {
    const char *s;
    size_t n;
    size_t prefix;   /* expected valid prefix; == n when valid */
    const char *what;
} utf8_cases[] = {
    {"", 0, 0, "empty"},
    {"abc", 3, 3, "ascii"},
    {"a\0b", 3, 3, "embedded NUL is ASCII"},
    {"\xC3\xA9", 2, 2, "é"},
    {"\xE2\x82\xAC", 3, 3, "€ (3 bytes)"},
    {"\xF0\x9F\x98\x80", 4, 4, "emoji (4 bytes)"},
    {"\xC2\x80", 2, 2, "U+0080, smallest 2-byte"},
    {"\xDF\xBF", 2, 2, "U+07FF"},
    {"\xE0\xA0\x80", 3, 3, "U+0800, smallest 3-byte"},
    {"\xED\x9F\xBF", 3, 3, "U+D7FF just below surrogates"},
    {"\xEE\x80\x80", 3, 3, "U+E000 just above surrogates"},
    {"\xF0\x90\x80\x80", 4, 4, "U+10000, smallest 4-byte"},
    {"\xF4\x8F\xBF\xBF", 4, 4, "U+10FFFF, largest"},
    /* overlongs */
    {"\xC0\xAF", 2, 0, "overlong '/' C0"},
    {"\xC1\xBF", 2, 0, "overlong C1"},
    {"\xE0\x80\xAF", 3, 0, "overlong 3-byte '/'"},
    {"\xE0\x9F\xBF", 3, 0, "overlong 3-byte U+07FF"},
    {"\xF0\x80\x80\xAF", 4, 0, "overlong 4-byte '/'"},
    {"\xF0\x8F\xBF\xBF", 4, 0, "overlong 4-byte U+FFFF"},
    /* surrogates and beyond U+10FFFF */
    {"\xED\xA0\x80", 3, 0, "surrogate U+D800"},
    {"\xED\xBF\xBF", 3, 0, "surrogate U+DFFF"},
    {"\xED\xA0\xBD\xED\xB8\x80", 6, 0, "CESU-8 surrogate pair"},
    {"\xF4\x90\x80\x80", 4, 0, "U+110000"},
    {"\xF5\x80\x80\x80", 4, 0, "F5 lead byte"},
    {"\xFF", 1, 0, "FF"},
    {"\xFE", 1, 0, "FE"},
    /* stray continuation bytes */
    {"\x80", 1, 0, "lone continuation"},
    {"a\xBF", 2, 1, "continuation after ASCII"},
    {"\xC3\xA9\xA9", 3, 2, "extra continuation"},
    /* truncated sequences */
    {"ab\xC3", 3, 2, "truncated 2-byte at end"},
    {"ab\xE2\x82", 4, 2, "truncated 3-byte at end"},
    {"ab\xF0\x9F\x98", 5, 2, "truncated 4-byte at end"},
    {"\xC3" "a", 2, 0, "2-byte lead then ASCII"},
    {"\xE2\x82" "a", 3, 0, "3-byte lead cut by ASCII"},
    {"x\xC3\xA9\xFFy", 5, 3, "invalid byte after valid text"},
    {"Ñuñoa", sizeof "Ñuñoa" - 1, sizeof "Ñuñoa" - 1, "Ñuñoa"},
    {"\xD1u\xF1oa", 5, 0, "Ñuñoa in Windows-1252"},
};

static void utf8_validity(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(utf8_cases); i++) {
        size_t p = bt_utf8_valid_prefix(utf8_cases[i].s, utf8_cases[i].n);
        bool v = bt_utf8_valid(utf8_cases[i].s, utf8_cases[i].n);
        if (p != utf8_cases[i].prefix || v != (utf8_cases[i].prefix == utf8_cases[i].n)) {
            print_error("case %s: prefix %zu (want %zu), valid %d\n", utf8_cases[i].what, p,
                        utf8_cases[i].prefix, v);
            fail();
        }
    }
    /* A prefix of a valid string is judged on its own length. */
    assert_true(bt_utf8_valid("\xC3\xA9", 2));
    assert_false(bt_utf8_valid("\xC3\xA9", 1));
    assert_int_equal(bt_utf8_valid_prefix("\xC3\xA9", 1), 0);
}

static void utf8_counts(void **state)
{
    (void)state;
    assert_int_equal(bt_utf8_chars(""), 0);
    assert_int_equal(bt_utf8_chars("abc"), 3);
    assert_int_equal(bt_utf8_chars("Ñuñoa"), 5);
    assert_int_equal(bt_utf8_chars("a€😀"), 3);
    assert_int_equal(bt_utf8_prefix_bytes("Ñuñoa", 0), 0);
    assert_int_equal(bt_utf8_prefix_bytes("Ñuñoa", 1), 2);
    assert_int_equal(bt_utf8_prefix_bytes("Ñuñoa", 3), 5);
    assert_int_equal(bt_utf8_prefix_bytes("Ñuñoa", 99), strlen("Ñuñoa"));
    assert_int_equal(bt_utf8_prefix_bytes("a€😀", 2), 4);
}

/* ---- bt_text_clean ---- */

static const struct {
    const char *in;
    size_t n;       /* 0: strlen */
    unsigned opts;
    const char *want;
    const char *what;
} clean_cases[] = {
    {"hola", 0, 0, "hola", "plain ascii"},
    {"", 0, 0, "", "empty"},
    {"", 0, BT_CLEAN_TRIM, "", "empty, trimmed"},
    /* NFC */
    {"e\xCC\x81", 0, 0, "\xC3\xA9", "decomposed é becomes é"},
    {"Nun\xCC\x83oa", 0, 0, "Nuñoa", "decomposed ñ"},
    {"Valparai\xCC\x81so", 0, 0, "Valparaíso", "decomposed í inside a word"},
    {"\xC3\xA9", 0, 0, "\xC3\xA9", "composed stays"},
    /* line ends */
    {"a\r\nb", 0, 0, "a\nb", "CRLF"},
    {"a\rb", 0, 0, "a\nb", "CR"},
    {"a\nb", 0, 0, "a\nb", "LF"},
    {"a\r\nb\rc\nd", 0, 0, "a\nb\nc\nd", "mixed line ends"},
    {"a\r\r\nb", 0, 0, "a\n\nb", "CR then CRLF"},
    {"é\r\nñ", 0, 0, "é\nñ", "CRLF between non-ASCII"},
    /* TAB and control characters */
    {"a\tb", 0, 0, "a b", "TAB to space"},
    {"a\x01" "b\x7F" "c", 0, 0, "abc", "C0 and DEL dropped"},
    {"a\x1B" "b", 0, 0, "ab", "ESC dropped"},
    {"a\0b", 3, 0, "ab", "NUL dropped"},
    {"a\xC2\x85" "b", 0, 0, "ab", "C1 NEL dropped"},
    {"a\xC2\x9F" "b", 0, 0, "ab", "C1 APC dropped"},
    {"\xEF\xBB\xBFhola", 0, 0, "hola", "leading BOM dropped"},
    {"ho\xEF\xBB\xBFla", 0, 0, "hola", "inner U+FEFF dropped"},
    {"3\xE2\x80\x8B", 0, 0, "3", "zero-width space dropped"},
    {"a\xE2\x81\xA0" "b\xC2\xAD" "c", 0, 0, "abc", "word joiner and soft hyphen dropped"},
    {"\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB", 0, 0,
     "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB", "ZWJ kept"},
    {"a\xEF\xBF\xBE" "b", 0, 0, "ab", "noncharacter U+FFFE dropped"},
    {"a\xEF\xB7\x90" "b", 0, 0, "ab", "noncharacter U+FDD0 dropped"},
    /* invalid UTF-8 */
    {"a\xFF" "b", 0, 0, "a\xEF\xBF\xBD" "b", "FF replaced"},
    {"\xD1u\xF1oa", 0, 0, "\xEF\xBF\xBDu\xEF\xBF\xBDoa", "cp1252 bytes replaced"},
    {"a\xC0\xAF" "b", 0, 0, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b", "overlong replaced byte by byte"},
    {"ab\xC3", 0, 0, "ab\xEF\xBF\xBD", "truncated sequence at the end"},
    {"e\xCC\x81\xFF", 0, 0, "\xC3\xA9\xEF\xBF\xBD", "NFC and replacement together"},
    /* options */
    {"  hola  ", 0, 0, "  hola  ", "no options keep spaces"},
    {"  hola  ", 0, BT_CLEAN_TRIM, "hola", "TRIM"},
    {"\n\n  hola \n\n", 0, BT_CLEAN_TRIM, "hola", "TRIM blank lines"},
    {"\t hola\t", 0, BT_CLEAN_TRIM, "hola", "TRIM tabs"},
    {"\xC2\xA0hola\xC2\xA0", 0, BT_CLEAN_TRIM, "hola", "TRIM no-break spaces"},
    {"a   b", 0, BT_CLEAN_COLLAPSE, "a b", "COLLAPSE"},
    {"a \t b", 0, BT_CLEAN_COLLAPSE, "a b", "COLLAPSE spaces and tab"},
    {"  a   b  ", 0, BT_CLEAN_TRIM | BT_CLEAN_COLLAPSE, "a b", "TRIM|COLLAPSE"},
    {"a\nb", 0, BT_CLEAN_ONELINE, "a b", "ONELINE"},
    {"a\r\nb\rc", 0, BT_CLEAN_ONELINE, "a b c", "ONELINE with CRLF and CR"},
    {"a \n b", 0, BT_CLEAN_ONELINE | BT_CLEAN_COLLAPSE, "a b", "ONELINE|COLLAPSE"},
    {" x \n\n y ", 0, BT_CLEAN_TRIM | BT_CLEAN_COLLAPSE | BT_CLEAN_ONELINE, "x y",
     "all options"},
    {"uno\ndos", 0, BT_CLEAN_TRIM, "uno\ndos", "TRIM keeps inner line breaks"},
    {"uno\r\n\r\ndos", 0, BT_CLEAN_TRIM | BT_CLEAN_COLLAPSE, "uno\n\ndos",
     "inner blank line kept"},
    {"  \t \n ", 0, BT_CLEAN_TRIM, "", "only white space, trimmed"},
    {"\x01\x02", 0, BT_CLEAN_TRIM, "", "only controls"},
};

static void text_clean_table(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(clean_cases); i++) {
        size_t n = clean_cases[i].n ? clean_cases[i].n : strlen(clean_cases[i].in);
        char *got = bt_text_clean(a, clean_cases[i].in, n, clean_cases[i].opts);
        CHECK_STR(got, clean_cases[i].want, clean_cases[i].what);
        /* The result is always valid UTF-8, and cleaning is idempotent. */
        assert_true(bt_utf8_valid(got, strlen(got)));
        char *again = bt_text_clean(a, got, strlen(got), clean_cases[i].opts);
        CHECK_STR(again, got, clean_cases[i].what);
    }
    bt_arena_free(a);
}

static void text_clean_uses_length(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    /* Only n bytes are read, whatever follows. */
    CHECK_STR(bt_text_clean(a, "holamundo", 4, 0), "hola", "n shorter than string");
    CHECK_STR(bt_text_clean(a, "\xC3\xA9xyz", 2, 0), "\xC3\xA9", "n at a char boundary");
    CHECK_STR(bt_text_clean(a, "\xC3\xA9xyz", 1, 0), "\xEF\xBF\xBD", "n inside a char");
    /* A long text (beyond any small buffer) comes out whole. */
    size_t big = 100000;
    char *s = malloc(big + 1);
    for (size_t i = 0; i < big; i++)
        s[i] = (i % 10 == 9) ? '\n' : 'a';
    s[big] = '\0';
    char *got = bt_text_clean(a, s, big, 0);
    assert_non_null(got);
    assert_int_equal(strlen(got), big);
    assert_memory_equal(got, s, big);
    free(s);
    bt_arena_free(a);
}

/* ---- bt_fold ---- */

static const struct {
    const char *in;
    const char *want;
} fold_cases[] = {
    {"", ""},
    {"   ", ""},
    {"---", ""},
    {"hola", "hola"},
    {"HOLA", "hola"},
    {"Región", "region"},
    {"ÁRBOL  Grande!!", "arbol grande"},
    {"  Programas / Modalidades ", "programas modalidades"},
    {"Educador/a de párvulos", "educador a de parvulos"},
    {"ÑUÑOA", "nunoa"},
    {"Ñuñoa", "nunoa"},
    {"Nun\xCC\x83oa", "nunoa"},          /* decomposed input */
    {"Bío-Bío", "bio bio"},
    {"O'Higgins", "o higgins"},
    {"Contextos, temáticas, contenidos", "contextos tematicas contenidos"},
    {"(ETT)", "ett"},
    {"1. ANTECEDENTES", "1 antecedentes"},
    {"año", "ano"},
    {"PINGÜINO", "pinguino"},
    {"Ça", "ca"},
    {"tab\there", "tab here"},
    {"line\nbreak", "line break"},
    {"«comillas»", "comillas"},
    {"a—b", "a b"},
    {"10%", "10"},
    {"No aplica", "no aplica"},
    {"NO APLICA", "no aplica"},
    {"Nota", "nota"},
    {"Noviembre", "noviembre"},
    {"Número", "numero"},
    {"El N° 3", "el n 3"},
};

static void fold_table(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(fold_cases); i++)
        CHECK_STR(bt_fold(a, fold_cases[i].in), fold_cases[i].want, fold_cases[i].in);
    bt_arena_free(a);
}

/* Abbreviations and plural marks, for the second tries of the matcher. */
static void fold_joined_table(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool drop;
        const char *want;
    } cases[] = {
        {"Jardín Infantil V.T.F.", false, "jardin infantil vtf"},
        {"C.A.S.H.", false, "cash"},
        {"Comuna(s)", false, "comunas"},
        {"Temática(s) abordada(s)", false, "tematicas abordadas"},
        {"Tema(s)", true, "tema"},
        {"Asesor(a) intercultural", true, "asesor intercultural"},
        {"Total (unidades)", true, "total unidades"},   /* a word, not a mark */
        {"Modalidad (CASH)", true, "modalidad cash"},
        {"Sin marcas", true, "sin marcas"},
        {"(s)", true, "s"},
        {"", false, ""},
    };
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(cases); i++)
        CHECK_STR(bt_fold_joined(a, cases[i].in, cases[i].drop), cases[i].want, cases[i].in);
    bt_arena_free(a);
}

/* "N°", "Nº", "No.", "Nro." and "Núm." are one word to the matcher. */
static void fold_number_sign(void **state)
{
    (void)state;
    static const char *const same[] = {
        "N° territorio", "Nº Territorio", "No. territorio", "Nro. territorio",
        "Núm. territorio", "N°territorio", "N° TERRITORIO", "NO. TERRITORIO",
        "Nro territorio", "Num. territorio", "N.° territorio", "n° territorio",
        "  N°   territorio  ", "N° territorio:", "Nu\xCC\x81m. territorio",
    };
    bt_arena *a = bt_arena_new();
    char *ref = bt_fold(a, "N° territorio");
    assert_string_equal(ref, "n territorio");
    for (size_t i = 0; i < N_OF(same); i++)
        CHECK_STR(bt_fold(a, same[i]), ref, same[i]);
    /* The same word before a number. */
    static const char *const n3[] = {"n° 3", "N°3", "Nº 3", "No. 3", "No.3", "Nro. 3",
                                     "Núm. 3", "N 3"};
    for (size_t i = 0; i < N_OF(n3); i++)
        CHECK_STR(bt_fold(a, n3[i]), "n 3", n3[i]);
    /* "No" without a period is the word "no". */
    CHECK_STR(bt_fold(a, "No aplica"), "no aplica", "No aplica");
    CHECK_STR(bt_fold(a, "No territorio"), "no territorio", "No territorio");
    bt_arena_free(a);
}

static void fold_ordinals(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    /* "1° Región" and "Región" alone. */
    CHECK_STR(bt_fold(a, "1° Región"), "1 region", "1° Región");
    CHECK_STR(bt_fold(a, "1a Región"), "1a region", "1a Región");
    /* text.h: "°", "º" and "ª" separate words, so the aliases "1ª Región"
     * and "1° Región" have one key. */
    CHECK_STR(bt_fold(a, "1ª Región"), "1 region", "1ª Región");
    CHECK_STR(bt_fold(a, "2º"), "2", "2º");
    /* Either way "1ª Región" must not keep the ordinal sign. */
    char *k = bt_fold(a, "1ª Región");
    assert_null(strstr(k, "\xC2\xAA"));
    assert_true(strncmp(k, "1", 1) == 0);
    bt_arena_free(a);
}

static void fold_buf_matches(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    char buf[64];
    for (size_t i = 0; i < N_OF(fold_cases); i++) {
        size_t n = bt_fold_buf(fold_cases[i].in, buf, sizeof buf);
        assert_int_equal(n, strlen(fold_cases[i].want));
        CHECK_STR(buf, fold_cases[i].want, fold_cases[i].in);
    }
    /* Too small a buffer: (size_t)-1, including exactly the length. */
    char small[4];
    assert_int_equal(bt_fold_buf("territorio", small, sizeof small), (size_t)-1);
    char exact[10];
    assert_int_equal(bt_fold_buf("territorio", exact, sizeof exact), (size_t)-1);
    char fits[11];
    assert_int_equal(bt_fold_buf("territorio", fits, sizeof fits), 10);
    assert_string_equal(fits, "territorio");
    bt_arena_free(a);
}

/* ---- bt_edit_distance ---- */

static const struct {
    const char *a, *b;
    size_t cap, want;
} ed_cases[] = {
    {"", "", 5, 0},
    {"abc", "abc", 5, 0},
    {"", "abc", 5, 3},
    {"abc", "", 5, 3},
    {"abc", "abd", 5, 1},          /* substitution */
    {"abc", "abcd", 5, 1},         /* insertion */
    {"abcd", "abc", 5, 1},         /* deletion */
    {"abcd", "abdc", 5, 1},        /* transposition counts one */
    {"nunoa", "nunao", 5, 1},      /* Ñuñoa / Ñuñao */
    {"ca", "ac", 5, 1},
    {"ca", "abc", 5, 3},           /* OSA, not Damerau: no edit inside a swap */
    {"kitten", "sitting", 5, 3},
    {"valparaizo", "valparaiso", 5, 1},
    {"vina del mr", "vina del mar", 5, 1},
    /* the cap */
    {"kitten", "sitting", 3, 3},
    {"kitten", "sitting", 2, 3},   /* beyond the cap: cap + 1 */
    {"kitten", "sitting", 0, 1},
    {"abc", "abc", 0, 0},
    {"abc", "abd", 0, 1},
    {"a", "abcdefgh", 2, 3},       /* length difference alone exceeds the cap */
    {"abcdefgh", "a", 2, 3},
    {"abcdefgh", "hgfedcba", 1, 2},
};

static void edit_distance_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(ed_cases); i++) {
        size_t d = bt_edit_distance(ed_cases[i].a, ed_cases[i].b, ed_cases[i].cap);
        if (d != ed_cases[i].want) {
            print_error("d(%s, %s, cap %zu) = %zu, want %zu\n", ed_cases[i].a,
                        ed_cases[i].b, ed_cases[i].cap, d, ed_cases[i].want);
            fail();
        }
        /* symmetric */
        assert_int_equal(bt_edit_distance(ed_cases[i].b, ed_cases[i].a, ed_cases[i].cap), d);
    }
    /* Long keys (beyond the internal row size) do not crash. */
    char x[600], y[600];
    memset(x, 'a', sizeof x - 1);
    memset(y, 'a', sizeof y - 1);
    x[599] = y[599] = '\0';
    assert_int_equal(bt_edit_distance(x, y, 3), 0);
    /* Keys that long are never near misses of a label: different ones
     * are beyond any cap. */
    y[598] = 'b';
    assert_int_equal(bt_edit_distance(x, y, 3), 4);
}

static void suggest_cap_grows(void **state)
{
    (void)state;
    /* Short keys get no slack; the cap never decreases with length. */
    assert_int_equal(bt_suggest_cap(0), 0);
    assert_int_equal(bt_suggest_cap(3), 0);
    assert_true(bt_suggest_cap(5) >= 1);
    size_t prev = 0;
    for (size_t n = 0; n < 200; n++) {
        size_t c = bt_suggest_cap(n);
        assert_true(c >= prev);
        assert_true(c < n || n == 0);
        prev = c;
    }
}

/* ---- bt_name_case ---- */

static const struct {
    const char *in, *want;
} name_cases[] = {
    {"MARÍA JOSÉ DE LA FUENTE", "María José de la Fuente"},
    {"maría josé de la fuente", "María José de la Fuente"},
    {"juan pérez y soto", "Juan Pérez y Soto"},
    {"JUAN PÉREZ Y SOTO", "Juan Pérez y Soto"},
    {"D'ALESSANDRO", "D'Alessandro"},
    {"bernardo o'higgins", "Bernardo O'Higgins"},
    {"ANA-MARÍA ROJAS", "Ana-María Rojas"},
    {"PEDRO DEL RÍO", "Pedro del Río"},
    {"LUIS VAN DER BERG", "Luis van der Berg"},
    {"CARLOS DE LOS SANTOS", "Carlos de los Santos"},
    {"DE LA FUENTE", "De la Fuente"},        /* a first word is never a particle */
    {"ÑUÑO ÁLVAREZ", "Ñuño Álvarez"},
    {"ÚRSULA", "Úrsula"},
    {"josé", "José"},
    /* mixed case is the team's choice: unchanged */
    {"María José de la Fuente", "María José de la Fuente"},
    {"McDonald", "McDonald"},
    {"maría JOSÉ", "maría JOSÉ"},
    {"Juan", "Juan"},
    /* no letters */
    {"", ""},
    {"123", "123"},
};

static void name_case_table(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(name_cases); i++)
        CHECK_STR(bt_name_case(a, name_cases[i].in), name_cases[i].want, name_cases[i].in);
    bt_arena_free(a);
}

/* ---- bt_slug ---- */

static const struct {
    const char *in;
    size_t max;
    const char *want;
} slug_cases[] = {
    {"Cordillera", 60, "cordillera"},
    {"Región de Valparaíso", 60, "region-de-valparaiso"},
    {"Metropolitana de Santiago", 60, "metropolitana-de-santiago"},
    {"Ñuñoa / Providencia", 60, "nunoa-providencia"},
    {"  --Hola--  ", 60, "hola"},
    {"Territorio N° 3", 60, "territorio-n-3"},
    {"../../etc", 60, "etc"},
    {"../../etc/passwd", 60, "etc-passwd"},
    {"/", 60, "x"},
    {"\\", 60, "x"},
    {"..\\..\\windows", 60, "windows"},
    {"a\x01" "b\x1F" "c", 60, "a-b-c"},
    {"", 60, "x"},
    {"   ", 60, "x"},
    {"¿?¡!", 60, "x"},
    {"con", 60, "con-x"},
    {"CON", 60, "con-x"},
    {"NUL", 60, "nul-x"},
    {"prn", 60, "prn-x"},
    {"Aux", 60, "aux-x"},
    {"com1", 60, "com1-x"},
    {"LPT9", 60, "lpt9-x"},
    {"con.txt", 60, "con-txt"},
    {"console", 60, "console"},
    {"com10", 60, "com10"},
    {"abc def ghi", 6, "abc"},          /* the limit falls inside a word */
    {"abc def ghi", 9, "abc-def"},
    {"abcdefghij", 5, "abcde"},
};

static void slug_table(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(slug_cases); i++)
        CHECK_STR(bt_slug(a, slug_cases[i].in, slug_cases[i].max), slug_cases[i].want,
                  slug_cases[i].in);
    bt_arena_free(a);
}

static bool slug_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max + 2)     /* "-x" may follow a reserved name */
        return false;
    if (s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
        if (c == '-' && s[i + 1] == '-')
            return false;
    }
    return true;
}

static void slug_long_names(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    /* 300 characters of words: cut at a '-' within the limit. */
    char words[400] = "";
    while (strlen(words) < 300)
        strcat(words, "Territorio ");
    words[300] = '\0';
    for (size_t max = 3; max <= 80; max++) {
        char *s = bt_slug(a, words, max);
        if (!slug_ok(s, max) || strlen(s) > max) {
            print_error("max %zu: «%s»\n", max, s);
            fail();
        }
    }
    /* "at most max_len bytes" also for reserved names; limits below 3
     * count as 3. */
    assert_true(strlen(bt_slug(a, "con", 3)) <= 3);
    assert_string_not_equal(bt_slug(a, "con", 3), "con");
    assert_true(strlen(bt_slug(a, "com1", 5)) <= 5);
    assert_true(strlen(bt_slug(a, "abc", 1)) <= 3);
    char *s = bt_slug(a, words, 60);
    assert_true(strlen(s) <= 60);
    /* cut at a word boundary: only whole words */
    assert_int_equal(strlen(s) % 11, 10);
    assert_true(strncmp(s, "territorio-territorio", 21) == 0);

    /* 300 characters with no word break: cut hard at the limit. */
    char one[301];
    memset(one, 'a', 300);
    one[300] = '\0';
    s = bt_slug(a, one, 64);
    assert_int_equal(strlen(s), 64);
    assert_true(slug_ok(s, 64));
    /* accented, 300 characters */
    char acc[700] = "";
    for (int i = 0; i < 150; i++)
        strcat(acc, "é ");
    s = bt_slug(a, acc, 40);
    assert_true(slug_ok(s, 40));
    assert_true(strlen(s) <= 40);
    assert_int_equal(s[0], 'e');
    bt_arena_free(a);
}

static void slug_never_escapes(void **state)
{
    (void)state;
    /* Whatever a team types, a slug is a plain file name. */
    static const char *const hostile[] = {
        "..", ".", "../", "/etc/passwd", "C:\\Windows\\system32", "a/b\\c",
        "name\nwith\nlines", "tab\there", "\xEF\xBF\xBD", "😀😀", "...---...",
        "nul", "NUL.", " con ", "Com1", "lpt1", "a:b*c?d\"e<f>g|h",
    };
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(hostile); i++) {
        char *s = bt_slug(a, hostile[i], 60);
        if (!slug_ok(s, 60) || strchr(s, '/') || strchr(s, '\\') || strcmp(s, "..") == 0) {
            print_error("slug of «%s» is «%s»\n", hostile[i], s);
            fail();
        }
        static const char *const reserved[] = {"con", "prn", "aux", "nul", "com1", "lpt1"};
        for (size_t r = 0; r < N_OF(reserved); r++)
            assert_string_not_equal(s, reserved[r]);
    }
    bt_arena_free(a);
}

/* ---- column letters and cell names ---- */

static const struct {
    unsigned col;
    const char *want;
} col_cases[] = {
    {1, "A"},    {2, "B"},     {26, "Z"},     {27, "AA"},   {28, "AB"},
    {52, "AZ"},  {53, "BA"},   {702, "ZZ"},   {703, "AAA"}, {704, "AAB"},
    {728, "AAZ"}, {729, "ABA"}, {16384, "XFD"}, {18278, "ZZZ"},
};

static void col_letters_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(col_cases); i++) {
        char buf[8];
        bt_col_letters(col_cases[i].col, buf);
        char what[16];
        snprintf(what, sizeof what, "%u", col_cases[i].col);
        CHECK_STR(buf, col_cases[i].want, what);
    }
    /* Letters and numbers agree for every column of a sheet. */
    for (unsigned c = 1; c <= 16384; c++) {
        char buf[8];
        bt_col_letters(c, buf);
        unsigned back = 0;
        for (const char *p = buf; *p; p++) {
            assert_true(*p >= 'A' && *p <= 'Z');
            back = back * 26 + (unsigned)(*p - 'A' + 1);
        }
        assert_int_equal(back, c);
    }
    char buf[8];
    bt_col_letters(0, buf);
    assert_true(strlen(buf) < 8);
}

static void cell_names(void **state)
{
    (void)state;
    static const struct {
        unsigned row, col;
        const char *want;
    } cases[] = {
        {1, 1, "A1"}, {14, 3, "C14"}, {100, 27, "AA100"},
        {1048576, 16384, "XFD1048576"}, {7, 702, "ZZ7"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        char buf[24];
        bt_cell_name(cases[i].row, cases[i].col, buf);
        CHECK_STR(buf, cases[i].want, cases[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_validity),
        cmocka_unit_test(utf8_counts),
        cmocka_unit_test(text_clean_table),
        cmocka_unit_test(text_clean_uses_length),
        cmocka_unit_test(fold_table),
        cmocka_unit_test(fold_joined_table),
        cmocka_unit_test(fold_number_sign),
        cmocka_unit_test(fold_ordinals),
        cmocka_unit_test(fold_buf_matches),
        cmocka_unit_test(edit_distance_table),
        cmocka_unit_test(suggest_cap_grows),
        cmocka_unit_test(name_case_table),
        cmocka_unit_test(slug_table),
        cmocka_unit_test(slug_long_names),
        cmocka_unit_test(slug_never_escapes),
        cmocka_unit_test(col_letters_table),
        cmocka_unit_test(cell_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
