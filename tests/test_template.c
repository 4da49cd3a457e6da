/* test_template.c - the template's static description and the compiled
 * matcher (template.h): every heading, label and synonym matches what it
 * names, and nothing else. */
#include "testutil.h"

#include "bitacora/template.h"
#include "bitacora/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static bt_tpl *tpl;
static bt_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = bt_arena_new();
    return arena && bt_tpl_new(&tpl) == BT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bt_tpl_free(tpl);
    bt_arena_free(arena);
    return 0;
}

static const char *key_of(const char *text)
{
    const char *k = bt_fold(arena, text);
    assert_non_null(k);
    return k;
}

static const char *kind_name(bt_match_kind k)
{
    static const char *const names[] = {"NONE", "TITLE", "KNOWN", "HEADING", "FIELD",
                                        "TABLE_HEADER", "ITEM", "TOTAL"};
    return (unsigned)k < N_OF(names) ? names[k] : "?";
}

/* What a text is expected to name. */
typedef struct {
    bt_match_kind kind;
    bt_section_id section;   /* headings */
    bt_field_id field;       /* fields */
    bt_table_id table;       /* table headers and items */
    int item;
} target;

static bool match_is(const bt_match *m, const target *t)
{
    if (m->kind != t->kind)
        return false;
    switch (t->kind) {
    case BT_M_HEADING:
        return m->section == t->section;
    case BT_M_FIELD:
        return m->field == t->field && m->section == bt_tpl_field(t->field)->section;
    case BT_M_TABLE_HEADER:
        return m->table == t->table && m->section == bt_tpl_table(t->table)->section;
    case BT_M_ITEM:
        return m->table == t->table && m->item == t->item &&
               m->section == bt_tpl_table(t->table)->section;
    default:
        return true;
    }
}

static void expect_match(const char *text, bt_section_id current, const target *t)
{
    bt_match m = bt_tpl_match(tpl, key_of(text), current);
    if (!match_is(&m, t)) {
        print_error("«%s» in section %d: %s sec %d field %d table %d item %d; want %s sec %d "
                    "field %d table %d item %d\n",
                    text, (int)current, kind_name(m.kind), (int)m.section, (int)m.field,
                    (int)m.table, m.item, kind_name(t->kind), (int)t->section, (int)t->field,
                    (int)t->table, t->item);
        fail();
    }
}

/* ---- the static description ---- */

static void description_is_consistent(void **state)
{
    (void)state;
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        const bt_section *sec = bt_tpl_section((bt_section_id)s);
        assert_non_null(sec);
        assert_int_equal(sec->id, s);
        assert_true(strlen(sec->key) > 0 && strlen(sec->heading) > 0 && strlen(sec->title) > 0);
        /* only the session block repeats, and it alone is optional */
        assert_int_equal(sec->repeated, s == BT_SEC_SESSION);
        assert_int_equal(sec->required, s != BT_SEC_SESSION);
        if (sec->table != BT_TABLE_NONE)
            assert_int_equal(bt_tpl_table(sec->table)->section, s);
        for (int o = 0; o < s; o++)
            assert_string_not_equal(sec->key, bt_tpl_section((bt_section_id)o)->key);
    }
    assert_null(bt_tpl_section(BT_SEC__COUNT));
    assert_null(bt_tpl_section(BT_SEC_NONE));
    for (int f = 0; f < BT_F__COUNT; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        assert_non_null(fd);
        assert_int_equal(fd->id, f);
        assert_true(fd->section >= 0 && fd->section < BT_SEC__COUNT);
        assert_true(strlen(fd->label) > 0 && strlen(fd->help) > 0);
        for (const char *p = fd->key; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || *p == '_' || (*p >= '0' && *p <= '9'));
        for (int o = 0; o < f; o++)
            assert_string_not_equal(fd->key, bt_tpl_field((bt_field_id)o)->key);
    }
    assert_null(bt_tpl_field(BT_F__COUNT));
    /* FORMAT.md: the identity fields are required, the period is not. */
    assert_true(bt_tpl_field(BT_F_REGION)->required);
    assert_true(bt_tpl_field(BT_F_TERRNUM)->required);
    assert_true(bt_tpl_field(BT_F_TERRNAME)->required);
    assert_true(bt_tpl_field(BT_F_COMUNAS)->required);
    assert_false(bt_tpl_field(BT_F_PERIOD)->required);
    assert_int_equal(bt_tpl_field(BT_F_REGION)->kind, BT_KIND_REGION);
    assert_int_equal(bt_tpl_field(BT_F_TERRNUM)->kind, BT_KIND_TERRNUM);
    assert_int_equal(bt_tpl_field(BT_F_COMUNAS)->kind, BT_KIND_COMUNAS);
    assert_int_equal(bt_tpl_field(BT_F_PERIOD)->kind, BT_KIND_YEAR);
    assert_int_equal(bt_tpl_field(BT_F_REPRESENTANTE)->kind, BT_KIND_NAME);
    assert_int_equal(bt_tpl_field(BT_F_CAETT_PROYECTADAS)->kind, BT_KIND_COUNT);
    assert_int_equal(bt_tpl_field(BT_F_SES_FECHA)->kind, BT_KIND_DATE);
    assert_int_equal(bt_tpl_field(BT_F_SES_FECHA)->section, BT_SEC_SESSION);
    assert_string_equal(bt_tpl_field(BT_F_TERRNUM)->label, "N° territorio");

    for (int tb = 0; tb < BT_TABLE__COUNT; tb++) {
        const bt_table *t = bt_tpl_table((bt_table_id)tb);
        assert_non_null(t);
        assert_int_equal(t->id, tb);
        assert_int_equal(bt_tpl_section(t->section)->table, tb);
        for (size_t c = 0; c < t->ncolumns; c++)
            assert_true(t->columns[c] && strlen(t->columns[c]) > 0);
        for (size_t i = 0; i < t->nitems; i++) {
            assert_true(strlen(t->items[i].key) > 0);
            assert_true(strlen(t->items[i].label) > 0);
            assert_true(strlen(t->items[i].short_label) > 0);
            /* short labels head matrix columns: at most 20 characters */
            assert_true(bt_utf8_chars(t->items[i].short_label) <= 20);
            for (size_t o = 0; o < i; o++) {
                assert_string_not_equal(t->items[i].key, t->items[o].key);
                assert_string_not_equal(t->items[i].short_label, t->items[o].short_label);
            }
        }
    }
    assert_null(bt_tpl_table(BT_TABLE__COUNT));

    /* The fixed rows and columns of FORMAT.md. */
    static const char *const programmes[] = {
        "Jardín Infantil Clásico de Administración Directa", "Jardín Infantil VTF",
        "Jardín Familiar", "Jardín Laboral", "Modalidad en Comunidades Indígenas",
        "Modalidad Programa de Mejoramiento a la Infancia (PMI)",
        "Modalidad Centros Educativos Culturales de Infancia (CECI)",
        "Modalidad Conozca a Su Hijo (CASH)", "Programa Educativo para la Familia",
    };
    const bt_table *u = bt_tpl_table(BT_TABLE_UNITS);
    assert_int_equal(u->nitems, N_OF(programmes));
    for (size_t i = 0; i < N_OF(programmes); i++)
        assert_string_equal(u->items[i].label, programmes[i]);
    assert_int_equal(u->ncolumns, 2);
    assert_true(u->has_total);
    static const char *const disciplines[] = {
        "Educador/a de párvulos", "Educador/a diferencial", "Trabajador/a social",
        "Asesor/a intercultural", "Sicólogo/a educacional", "Nutricionista",
    };
    const bt_table *st = bt_tpl_table(BT_TABLE_STAFF);
    assert_int_equal(st->nitems, N_OF(disciplines));
    for (size_t i = 0; i < N_OF(disciplines); i++)
        assert_string_equal(st->items[i].label, disciplines[i]);
    assert_int_equal(st->ncolumns, 3);
    assert_true(st->has_total);
    const bt_table *cj = bt_tpl_table(BT_TABLE_CAETT);
    assert_int_equal(cj->ncolumns, 3);
    assert_int_equal(cj->nitems, 0);
    assert_string_equal(cj->columns[1], "Fecha en que se abordan");
    const bt_table *pj = bt_tpl_table(BT_TABLE_PROJ);
    assert_int_equal(pj->nitems, 2);
    assert_string_equal(pj->items[0].label, "Proyecciones con las UE");
    assert_string_equal(pj->items[1].label, "Proyecciones del ETT");
    assert_string_equal(pj->columns[0], "Ámbito");
    assert_string_equal(pj->columns[1], "Objetivo");
    assert_string_equal(pj->columns[2], "Estrategia");

    assert_true(strlen(bt_tpl_title()) > 10);
    assert_string_equal(bt_tpl_total_label(), "Total");
    assert_non_null(bt_tpl_subheading(0));
    assert_null(bt_tpl_subheading(-1));
    assert_null(bt_tpl_subheading(1000));
}

static void layout_is_valid(void **state)
{
    (void)state;
    size_t n;
    const bt_line *l = bt_tpl_layout(&n);
    assert_non_null(l);
    assert_true(n > 20);
    bool field_seen[BT_F__COUNT] = {false};
    int heading_seen[BT_SEC__COUNT] = {0};
    bool header_seen[BT_TABLE__COUNT] = {false};
    int last_section = -1;
    for (size_t i = 0; i < n; i++) {
        /* sections appear in template order */
        if (l[i].kind == BT_LINE_HEADING) {
            assert_true(l[i].section > last_section);
            last_section = l[i].section;
        }
        switch (l[i].kind) {
        case BT_LINE_TITLE:
            assert_int_equal(i, 0);
            break;
        case BT_LINE_HEADING:
            assert_true(l[i].section >= 0 && l[i].section < BT_SEC__COUNT);
            heading_seen[l[i].section]++;
            if (l[i].section == BT_SEC_SESSION)
                assert_true(l[i].count >= 1);   /* blocks in the blank template */
            break;
        case BT_LINE_FIELD: {
            const bt_field *f = bt_tpl_field((bt_field_id)l[i].ref);
            assert_non_null(f);
            assert_int_equal(f->section, l[i].section);
            assert_int_equal(l[i].section, last_section);
            field_seen[l[i].ref] = true;
            break;
        }
        case BT_LINE_TABLE_HEADER:
        case BT_LINE_ITEMS:
        case BT_LINE_FREE_ROWS:
        case BT_LINE_TOTAL: {
            const bt_table *t = bt_tpl_table((bt_table_id)l[i].ref);
            assert_non_null(t);
            assert_int_equal(t->section, l[i].section);
            assert_int_equal(l[i].section, last_section);
            if (l[i].kind == BT_LINE_TABLE_HEADER)
                header_seen[l[i].ref] = true;
            else
                assert_true(header_seen[l[i].ref]);   /* after its header */
            if (l[i].kind == BT_LINE_ITEMS)
                assert_true(t->nitems > 0);
            if (l[i].kind == BT_LINE_FREE_ROWS) {
                assert_int_equal(t->nitems, 0);
                assert_true(l[i].count > 0);
            }
            if (l[i].kind == BT_LINE_TOTAL)
                assert_true(t->has_total);
            break;
        }
        case BT_LINE_SUBHEADING:
            assert_non_null(bt_tpl_subheading(l[i].ref));
            break;
        case BT_LINE_BLANK:
            break;
        default:
            fail_msg("unknown line kind %d", (int)l[i].kind);
        }
    }
    for (int f = 0; f < BT_F__COUNT; f++)
        if (!field_seen[f])
            fail_msg("field %s is not in the layout", bt_tpl_field((bt_field_id)f)->key);
    for (int s = 0; s < BT_SEC__COUNT; s++)
        assert_int_equal(heading_seen[s], 1);
    for (int t = 0; t < BT_TABLE__COUNT; t++)
        assert_true(header_seen[t]);
}

/* ---- matching every text of the description ---- */

/* Every heading and synonym names its section, from any section. */
static void every_heading_matches(void **state)
{
    (void)state;
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        const bt_section *sec = bt_tpl_section((bt_section_id)s);
        target t = {BT_M_HEADING, (bt_section_id)s, BT_F_NONE, BT_TABLE_NONE, -1};
        for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++) {
            expect_match(sec->heading, (bt_section_id)cur, &t);
            for (const char *const *q = sec->synonyms; q && *q; q++)
                expect_match(*q, (bt_section_id)cur, &t);
        }
        /* upper case, lower case, accents dropped */
        expect_match(key_of(sec->heading), BT_SEC_NONE, &t);
        bt_match m = bt_tpl_match(tpl, key_of(sec->heading), BT_SEC_NONE);
        assert_int_equal(m.number, 0);
    }
}

static void headings_with_enumerators(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bt_section_id s;
    } cases[] = {
        {"1. ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)", BT_SEC_IDENT},
        {"1 ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)", BT_SEC_IDENT},
        {"I. Antecedentes del territorio", BT_SEC_IDENT},
        {"2) Unidades educativas del territorio", BT_SEC_UNITS},
        {"II. UNIDADES EDUCATIVAS DEL TERRITORIO", BT_SEC_UNITS},
        {"3.- DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
         BT_SEC_STAFF},
        {"IV ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL", BT_SEC_ORG},
        {"5. PLANIFICACIÓN", BT_SEC_PLAN},
        {"V. Planificación", BT_SEC_PLAN},
        {"6. IMPLEMENTACIÓN", BT_SEC_IMPL},
        {"VI Implementación", BT_SEC_IMPL},
        {"8. EVALUACIÓN", BT_SEC_EVAL},
        {"VIII. Evaluación", BT_SEC_EVAL},
        {"10. Evaluación", BT_SEC_EVAL},
        {"  evaluacion  ", BT_SEC_EVAL},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        target t = {BT_M_HEADING, cases[i].s, BT_F_NONE, BT_TABLE_NONE, -1};
        expect_match(cases[i].text, BT_SEC_NONE, &t);
        expect_match(cases[i].text, BT_SEC_EVAL, &t);
    }
    /* Letters are not enumerators: "A." to "D." begin planning labels. */
    bt_match m = bt_tpl_match(tpl, key_of("A. PLANIFICACIÓN"), BT_SEC_NONE);
    assert_int_equal(m.kind, BT_M_NONE);
}

static void session_headings(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int number;
    } cases[] = {
        {"REGISTRO COMUNIDAD DE APRENDIZAJE N°3", 3},
        {"REGISTRO COMUNIDAD DE APRENDIZAJE N°", 0},
        {"REGISTRO COMUNIDAD DE APRENDIZAJE N° 1", 1},
        {"Registro comunidad de aprendizaje 12", 12},
        {"Registro comunidad de aprendizaje Nº 03", 3},
        {"REGISTRO COMUNIDAD DE APRENDIZAJE No. 4", 4},
        {"Registro Comunidad de Aprendizaje Nro. 5", 5},
        {"Registro de comunidad de aprendizaje N°6", 6},
        {"Registro de la comunidad de aprendizaje 7", 7},
        {"Registro CAETT 8", 8},
        {"Registro de CAETT N° 9", 9},
        {"Comunidad de aprendizaje 2", 2},
        {"Registro comunidad de aprendizaje", 0},
        {"7. REGISTRO COMUNIDAD DE APRENDIZAJE N°2", 2},
        {"VII Registro comunidad de aprendizaje N°11", 11},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++) {
            bt_match m = bt_tpl_match(tpl, key_of(cases[i].text), (bt_section_id)cur);
            if (m.kind != BT_M_HEADING || m.section != BT_SEC_SESSION ||
                m.number != cases[i].number) {
                print_error("«%s» in %d: %s sec %d number %d; want session %d\n",
                            cases[i].text, cur, kind_name(m.kind), (int)m.section, m.number,
                            cases[i].number);
                fail();
            }
        }
    }
    /* The template's own session headings. */
    for (int n = 1; n <= 30; n++) {
        char buf[128];
        bt_tpl_session_heading(n, buf, sizeof buf);
        char want[128];
        snprintf(want, sizeof want, "REGISTRO COMUNIDAD DE APRENDIZAJE N°%d", n);
        assert_string_equal(buf, want);
        bt_match m = bt_tpl_match(tpl, key_of(buf), BT_SEC_IMPL);
        assert_int_equal(m.kind, BT_M_HEADING);
        assert_int_equal(m.section, BT_SEC_SESSION);
        assert_int_equal(m.number, n);
    }
    /* A word after the heading is not a number: not a heading. */
    static const char *const not_sessions[] = {
        "Registro comunidad de aprendizaje tres",
        "Registro comunidad de aprendizaje N° 3 y 4",
        "Registro comunidad de aprendizajes",
        "Comunidades de aprendizaje",
    };
    for (size_t i = 0; i < N_OF(not_sessions); i++) {
        bt_match m = bt_tpl_match(tpl, key_of(not_sessions[i]), BT_SEC_SESSION);
        if (m.kind == BT_M_HEADING && m.section == BT_SEC_SESSION) {
            print_error("«%s» is taken for a session heading\n", not_sessions[i]);
            fail();
        }
    }
}

/* Labels are whole labels: a CAETT topic that begins like a heading or a
 * label is not one. */
static void topics_are_not_headings(void **state)
{
    (void)state;
    static const char *const topics[] = {
        "Implementación de estrategias de buen trato",
        "Implementación de las bases curriculares",
        "Evaluación de aprendizajes",
        "Evaluación formativa en aula",
        "Planificación de experiencias de aprendizaje",
        "Organización del ambiente educativo",
        "Dotación y coeficiente técnico",
        "Unidades educativas rurales",
        "Antecedentes de salud de los párvulos",
        "Región y territorio: identidad local",
        "Fecha de inicio del año escolar",
        "Registro anecdótico",
        "Total de asistencia",
        "Comunas con mayor matrícula",
        "Periodo de adaptación",
        "Trabajo con familias",
    };
    for (size_t i = 0; i < N_OF(topics); i++) {
        for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++) {
            bt_match m = bt_tpl_match(tpl, key_of(topics[i]), (bt_section_id)cur);
            if (m.kind != BT_M_NONE) {
                print_error("topic «%s» in %d matched %s sec %d field %d\n", topics[i], cur,
                            kind_name(m.kind), (int)m.section, (int)m.field);
                fail();
            }
        }
    }
}

static void every_field_label_matches(void **state)
{
    (void)state;
    for (int f = 0; f < BT_F__COUNT; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        target t = {BT_M_FIELD, BT_SEC_NONE, (bt_field_id)f, BT_TABLE_NONE, -1};
        const char *texts[64];
        size_t nt = 0;
        texts[nt++] = fd->label;
        for (const char *const *q = fd->synonyms; q && *q; q++)
            texts[nt++] = *q;
        for (const char *const *q = fd->prefixes; q && *q; q++)
            texts[nt++] = *q;
        for (size_t i = 0; i < nt; i++) {
            /* In its own section always. */
            expect_match(texts[i], fd->section, &t);
            /* Elsewhere too, unless the field is local to its section. */
            for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++) {
                if (cur == fd->section)
                    continue;
                bt_match m = bt_tpl_match(tpl, key_of(texts[i]), (bt_section_id)cur);
                if (fd->local) {
                    /* found only as a label of another section */
                    if (m.kind == BT_M_FIELD && m.field == (bt_field_id)f && !m.foreign) {
                        print_error("local label «%s» matched in section %d\n", texts[i], cur);
                        fail();
                    }
                } else {
                    expect_match(texts[i], (bt_section_id)cur, &t);
                }
            }
        }
    }
}

/* The spellings FORMAT.md promises for "N° territorio". */
static void terrnum_label_spellings(void **state)
{
    (void)state;
    static const char *const spellings[] = {
        "N° territorio", "Nº Territorio", "No. territorio", "Nro. territorio",
        "Núm. territorio", "N°territorio", "N° TERRITORIO", "n° territorio:",
        "Número de territorio", "N° de territorio", "Territorio N°",
    };
    target t = {BT_M_FIELD, BT_SEC_NONE, BT_F_TERRNUM, BT_TABLE_NONE, -1};
    for (size_t i = 0; i < N_OF(spellings); i++) {
        expect_match(spellings[i], BT_SEC_IDENT, &t);
        expect_match(spellings[i], BT_SEC_NONE, &t);
    }
    /* "No aplica" is not "N° aplica" and names nothing. */
    bt_match m = bt_tpl_match(tpl, key_of("No aplica"), BT_SEC_IDENT);
    assert_int_equal(m.kind, BT_M_NONE);
}

static void every_table_header_and_item_matches(void **state)
{
    (void)state;
    for (int tb = 0; tb < BT_TABLE__COUNT; tb++) {
        const bt_table *tab = bt_tpl_table((bt_table_id)tb);
        target h = {BT_M_TABLE_HEADER, BT_SEC_NONE, BT_F_NONE, (bt_table_id)tb, -1};
        expect_match(tab->columns[0], tab->section, &h);
        expect_match(tab->columns[0], BT_SEC_NONE, &h);
        for (const char *const *q = tab->header_synonyms; q && *q; q++)
            expect_match(*q, tab->section, &h);
        for (size_t i = 0; i < tab->nitems; i++) {
            const bt_item *it = &tab->items[i];
            target t = {BT_M_ITEM, BT_SEC_NONE, BT_F_NONE, (bt_table_id)tb, (int)i};
            const char *texts[64];
            size_t nt = 0;
            texts[nt++] = it->label;
            for (const char *const *q = it->synonyms; q && *q; q++)
                texts[nt++] = *q;
            for (size_t k = 0; k < nt; k++) {
                expect_match(texts[k], tab->section, &t);
                assert_int_equal(bt_tpl_match_item(tpl, (bt_table_id)tb, key_of(texts[k])),
                                 (int)i);
                /* an item of one table is no item of another */
                for (int other = 0; other < BT_TABLE__COUNT; other++)
                    if (other != tb)
                        assert_int_equal(
                            bt_tpl_match_item(tpl, (bt_table_id)other, key_of(texts[k])), -1);
            }
        }
    }
    /* FORMAT.md's short forms. */
    static const struct {
        const char *text;
        bt_table_id table;
        const char *key;
    } shorts[] = {
        {"AD", BT_TABLE_UNITS, "clasico_ad"},
        {"VTF", BT_TABLE_UNITS, "vtf"},
        {"Vía Transferencia de Fondos", BT_TABLE_UNITS, "vtf"},
        {"PMI", BT_TABLE_UNITS, "pmi"},
        {"CECI", BT_TABLE_UNITS, "ceci"},
        {"CASH", BT_TABLE_UNITS, "cash"},
        {"Psicólogo/a", BT_TABLE_STAFF, "sicologo"},
        {"Psicóloga educacional", BT_TABLE_STAFF, "sicologo"},
        {"EDUCADORA DE PÁRVULOS", BT_TABLE_STAFF, "educador_parvulos"},
        {"Trabajadora social", BT_TABLE_STAFF, "trabajador_social"},
        {"Proyecciones con las UE", BT_TABLE_PROJ, "ue"},
        {"Proyecciones del ETT", BT_TABLE_PROJ, "ett"},
    };
    for (size_t i = 0; i < N_OF(shorts); i++) {
        int it = bt_tpl_match_item(tpl, shorts[i].table, key_of(shorts[i].text));
        assert_true(it >= 0);
        assert_string_equal(bt_tpl_table(shorts[i].table)->items[it].key, shorts[i].key);
    }
    assert_int_equal(bt_tpl_match_item(tpl, BT_TABLE_UNITS, key_of("Sala cuna")), -1);
    assert_int_equal(bt_tpl_match_item(tpl, BT_TABLE_STAFF, key_of("Fonoaudióloga")), -1);
}

static void totals_titles_and_fixed_text(void **state)
{
    (void)state;
    target total = {BT_M_TOTAL, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    static const char *const totals[] = {"Total", "TOTAL", "Total:", "Totales", "Total general"};
    for (size_t i = 0; i < N_OF(totals); i++)
        for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++)
            expect_match(totals[i], (bt_section_id)cur, &total);
    target title = {BT_M_TITLE, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    expect_match(bt_tpl_title(), BT_SEC_NONE, &title);
    expect_match(bt_tpl_title(), BT_SEC_EVAL, &title);
    expect_match("Bitácora del equipo técnico territorial", BT_SEC_NONE, &title);
    for (int i = 0; bt_tpl_subheading(i); i++) {
        bt_match m = bt_tpl_match(tpl, key_of(bt_tpl_subheading(i)), BT_SEC_EVAL);
        assert_int_equal(m.kind, BT_M_KNOWN);
    }
    /* The projections' subheading belongs to the evaluation section. */
    size_t n;
    const bt_line *l = bt_tpl_layout(&n);
    for (size_t i = 0; i < n; i++)
        if (l[i].kind == BT_LINE_SUBHEADING) {
            bt_match m = bt_tpl_match(tpl, key_of(bt_tpl_subheading(l[i].ref)), BT_SEC_NONE);
            assert_int_equal(m.kind, BT_M_KNOWN);
            assert_int_equal(m.section, l[i].section);
        }
    /* The export's OTROS line, in any section. */
    target others = {BT_M_OTHERS, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++)
        expect_match(bt_tpl_others_label(), (bt_section_id)cur, &others);
    /* Empty keys name nothing. */
    bt_match m = bt_tpl_match(tpl, "", BT_SEC_IDENT);
    assert_int_equal(m.kind, BT_M_NONE);
    m = bt_tpl_match(tpl, key_of("¿?"), BT_SEC_IDENT);
    assert_int_equal(m.kind, BT_M_NONE);
}

/* The XLSX template's computed columns: their headers and what they show
 * are no label of the template (a mark is never taken for a field), they
 * sit right of their table's own columns, and the values they show are
 * told from what a team types. */
static void computed_columns(void **state)
{
    (void)state;
    size_t with = 0;
    for (int t = 0; t < BT_TABLE__COUNT; t++) {
        const bt_table *tb = bt_tpl_table((bt_table_id)t);
        assert_true(tb->nhelpers == 0 || tb->helpers);
        for (size_t h = 0; h < tb->nhelpers; h++, with++)
            for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++)
                assert_int_equal(bt_tpl_match(tpl, key_of(tb->helpers[h].header),
                                              (bt_section_id)cur).kind, BT_M_NONE);
    }
    assert_int_equal(with, 2);   /* names listed, and the mark, beside the staff */
    const bt_table *staff = bt_tpl_table(BT_TABLE_STAFF);
    assert_int_equal(staff->helpers[0].kind, BT_HELPER_COUNT);
    assert_int_equal(staff->helpers[1].kind, BT_HELPER_MARK);
    for (int m = 0; m < BT_MARK__COUNT; m++) {
        const char *mark = bt_tpl_mark((bt_mark)m);
        assert_non_null(mark);
        assert_true(bt_tpl_helper_value(BT_HELPER_MARK, mark));
        assert_false(bt_tpl_helper_value(BT_HELPER_COUNT, mark));
        assert_int_equal(bt_tpl_match(tpl, key_of(mark), BT_SEC_STAFF).kind, BT_M_NONE);
    }
    assert_null(bt_tpl_mark(BT_MARK__COUNT));
    static const char *const counts[] = {"0", "7", "12", "100000"};
    static const char *const not_counts[] = {"", "-1", "1,5", "2 ", "Ana", "1234567", "1e3"};
    for (size_t i = 0; i < N_OF(counts); i++)
        assert_true(bt_tpl_helper_value(BT_HELPER_COUNT, counts[i]));
    for (size_t i = 0; i < N_OF(not_counts); i++)
        assert_false(bt_tpl_helper_value(BT_HELPER_COUNT, not_counts[i]));
    static const char *const not_marks[] = {"", "coincide", "Coincide.", "Revisar", "Ana Soto"};
    for (size_t i = 0; i < N_OF(not_marks); i++)
        assert_false(bt_tpl_helper_value(BT_HELPER_MARK, not_marks[i]));
}

/* ---- no key names two things ---- */

typedef struct {
    const char *key;
    const char *text;
    target t;
} keyed;

static void no_key_names_two_things(void **state)
{
    (void)state;
    keyed *all = calloc(2000, sizeof *all);
    size_t n = 0;
#define ADD(txt, tgt)                                                         \
    do {                                                                      \
        assert_true(n < 2000);                                                \
        all[n].text = (txt);                                                  \
        all[n].key = key_of(txt);                                             \
        all[n].t = (tgt);                                                     \
        assert_true(all[n].key[0] != '\0');                                   \
        n++;                                                                  \
    } while (0)
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        const bt_section *sec = bt_tpl_section((bt_section_id)s);
        target t = {BT_M_HEADING, (bt_section_id)s, BT_F_NONE, BT_TABLE_NONE, -1};
        ADD(sec->heading, t);
        for (const char *const *q = sec->synonyms; q && *q; q++)
            ADD(*q, t);
    }
    for (int f = 0; f < BT_F__COUNT; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        target t = {BT_M_FIELD, BT_SEC_NONE, (bt_field_id)f, BT_TABLE_NONE, -1};
        ADD(fd->label, t);
        for (const char *const *q = fd->synonyms; q && *q; q++)
            ADD(*q, t);
        for (const char *const *q = fd->prefixes; q && *q; q++)
            ADD(*q, t);
    }
    for (int tb = 0; tb < BT_TABLE__COUNT; tb++) {
        const bt_table *tab = bt_tpl_table((bt_table_id)tb);
        target h = {BT_M_TABLE_HEADER, BT_SEC_NONE, BT_F_NONE, (bt_table_id)tb, -1};
        ADD(tab->columns[0], h);
        for (const char *const *q = tab->header_synonyms; q && *q; q++)
            ADD(*q, h);
        for (size_t i = 0; i < tab->nitems; i++) {
            target t = {BT_M_ITEM, BT_SEC_NONE, BT_F_NONE, (bt_table_id)tb, (int)i};
            ADD(tab->items[i].label, t);
            for (const char *const *q = tab->items[i].synonyms; q && *q; q++)
                ADD(*q, t);
        }
    }
    target known = {BT_M_KNOWN, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    for (int i = 0; bt_tpl_subheading(i); i++)
        ADD(bt_tpl_subheading(i), known);
    target title = {BT_M_TITLE, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    ADD(bt_tpl_title(), title);
    target total = {BT_M_TOTAL, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    ADD(bt_tpl_total_label(), total);
    target others = {BT_M_OTHERS, BT_SEC_NONE, BT_F_NONE, BT_TABLE_NONE, -1};
    ADD(bt_tpl_others_label(), others);
#undef ADD
    assert_true(n > 150);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (strcmp(all[i].key, all[j].key) != 0)
                continue;
            if (memcmp(&all[i].t, &all[j].t, sizeof all[i].t) != 0) {
                print_error("key «%s» names two things: «%s» and «%s»\n", all[i].key,
                            all[i].text, all[j].text);
                fail();
            }
        }
    /* A repeated (prefix) heading must not swallow another label: no key
     * starts with the session heading's key followed by a number only. */
    for (size_t i = 0; i < n; i++) {
        if (all[i].t.kind == BT_M_HEADING && all[i].t.section == BT_SEC_SESSION)
            continue;
        for (int cur = BT_SEC_NONE; cur < BT_SEC__COUNT; cur++) {
            bt_match m = bt_tpl_match(tpl, all[i].key, (bt_section_id)cur);
            if (m.kind == BT_M_HEADING && m.section == BT_SEC_SESSION) {
                print_error("«%s» is taken for a session heading\n", all[i].text);
                fail();
            }
        }
    }
    free(all);
}

/* ---- suggestions ---- */

static void suggestions(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;   /* want NULL: no suggestion */
    } cases[] = {
        {"Regon", "Región"},
        {"Nombre del teritorio", "Nombre del territorio"},
        {"Comunas que abarca el teritorio", "Comunas que abarca el territorio"},
        {"Frecuencia de reunones", "Frecuencia de reuniones"},
        {"Representante teritorial", "Representante territorial"},
        {"Planificasion", "PLANIFICACIÓN"},
        {"Evaluasion", "EVALUACIÓN"},
        {"Nutricionsta", "Nutricionista"},
        {"Jardin Familar", "Jardín Familiar"},
        {"Sicologo educasional", "Sicólogo/a educacional"},
        {"xyz", NULL},
        {"Observaciones generales del equipo", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        const char *got = bt_tpl_suggest(tpl, key_of(cases[i].text));
        if ((got == NULL) != (cases[i].want == NULL) ||
            (got && strcmp(got, cases[i].want) != 0)) {
            print_error("suggest «%s»: «%s», want «%s»\n", cases[i].text, got ? got : "-",
                        cases[i].want ? cases[i].want : "-");
            fail();
        }
    }
    /* Within one table only. */
    const char *s = bt_tpl_suggest_item(tpl, BT_TABLE_STAFF, key_of("Educadora de parvulo"));
    assert_non_null(s);
    assert_string_equal(s, "Educador/a de párvulos");
    assert_null(bt_tpl_suggest_item(tpl, BT_TABLE_UNITS, key_of("Educadora de parvulo")));
    s = bt_tpl_suggest_item(tpl, BT_TABLE_UNITS, key_of("Jardin Laborl"));
    assert_non_null(s);
    assert_string_equal(s, "Jardín Laboral");
    s = bt_tpl_suggest_item(tpl, BT_TABLE_PROJ, key_of("Proyeciones del ETT"));
    assert_non_null(s);
    assert_string_equal(s, "Proyecciones del ETT");

    /* Any canonical label with one letter missing suggests itself. */
    const char *labels[128];
    bt_table_id where[128];
    size_t nl = 0;
    for (int sct = 0; sct < BT_SEC__COUNT; sct++) {
        where[nl] = BT_TABLE_NONE;
        labels[nl++] = bt_tpl_section((bt_section_id)sct)->heading;
    }
    for (int f = 0; f < BT_F__COUNT; f++) {
        where[nl] = BT_TABLE_NONE;
        labels[nl++] = bt_tpl_field((bt_field_id)f)->label;
    }
    for (int tb = 0; tb < BT_TABLE__COUNT; tb++)
        for (size_t i = 0; i < bt_tpl_table((bt_table_id)tb)->nitems; i++) {
            where[nl] = (bt_table_id)tb;
            labels[nl++] = bt_tpl_table((bt_table_id)tb)->items[i].label;
        }
    for (size_t i = 0; i < nl; i++) {
        const char *k = key_of(labels[i]);
        size_t len = strlen(k);
        if (len < 4)
            continue;
        char m[512];
        size_t mid = len / 2;
        if (k[mid] == ' ')
            mid++;
        memcpy(m, k, mid);
        strcpy(m + mid, k + mid + 1);
        const char *g = bt_tpl_suggest(tpl, m);
        if (!g || strcmp(g, labels[i]) != 0) {
            print_error("«%s» suggests «%s», want «%s»\n", m, g ? g : "-", labels[i]);
            fail();
        }
        if (where[i] != BT_TABLE_NONE) {
            g = bt_tpl_suggest_item(tpl, where[i], m);
            assert_non_null(g);
            assert_string_equal(g, labels[i]);
        }
    }
}

/* ---- docs/sinonimos.md lists every label (template.c says a test checks) ---- */

static void docs_list_every_synonym(void **state)
{
    (void)state;
    size_t len;
    char *doc = (char *)tu_read(tu_path("docs/sinonimos.md"), &len);
    if (!doc) {
        print_message("docs/sinonimos.md not written yet\n");
        skip();
    }
    const char *dkey = key_of(doc);
    char *padded = bt_arena_printf(arena, " %s ", dkey);
    free(doc);
    size_t missing = 0;
#define CHECK_IN_DOC(txt)                                                     \
    do {                                                                      \
        char *k_ = bt_arena_printf(arena, " %s ", key_of(txt));               \
        if (!strstr(padded, k_)) {                                            \
            print_error("docs/sinonimos.md does not list «%s»\n", (txt));     \
            missing++;                                                        \
        }                                                                     \
    } while (0)
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        const bt_section *sec = bt_tpl_section((bt_section_id)s);
        for (const char *const *q = sec->synonyms; q && *q; q++)
            CHECK_IN_DOC(*q);
    }
    for (int f = 0; f < BT_F__COUNT; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        CHECK_IN_DOC(fd->label);
        for (const char *const *q = fd->synonyms; q && *q; q++)
            CHECK_IN_DOC(*q);
    }
    for (int tb = 0; tb < BT_TABLE__COUNT; tb++) {
        const bt_table *tab = bt_tpl_table((bt_table_id)tb);
        for (size_t i = 0; i < tab->nitems; i++) {
            CHECK_IN_DOC(tab->items[i].label);
            for (const char *const *q = tab->items[i].synonyms; q && *q; q++)
                CHECK_IN_DOC(*q);
        }
    }
#undef CHECK_IN_DOC
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(description_is_consistent),
        cmocka_unit_test(layout_is_valid),
        cmocka_unit_test(every_heading_matches),
        cmocka_unit_test(headings_with_enumerators),
        cmocka_unit_test(session_headings),
        cmocka_unit_test(topics_are_not_headings),
        cmocka_unit_test(every_field_label_matches),
        cmocka_unit_test(terrnum_label_spellings),
        cmocka_unit_test(every_table_header_and_item_matches),
        cmocka_unit_test(totals_titles_and_fixed_text),
        cmocka_unit_test(computed_columns),
        cmocka_unit_test(no_key_names_two_things),
        cmocka_unit_test(suggestions),
        cmocka_unit_test(docs_list_every_synonym),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
