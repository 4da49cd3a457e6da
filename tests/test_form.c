/* test_form.c - the template matcher (form.h): rows in, a territory out. */
#include "testutil.h"

#include "bitacora/csvread.h"
#include "bitacora/form.h"
#include "bitacora/model.h"
#include "bitacora/template.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static bt_tpl *tpl;

static int setup(void **state)
{
    (void)state;
    return bt_tpl_new(&tpl) == BT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bt_tpl_free(tpl);
    return 0;
}

/* Lines joined with LF (so line i is spreadsheet row i + 1, unless a
 * quoted cell spans lines), read as ';'-separated UTF-8 into a new
 * territory through bt_form_row. */
static bt_territory *load_lines(const char *const *lines, size_t n)
{
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < n; i++) {
        bt_sb_puts(&b, lines[i]);
        bt_sb_putc(&b, '\n');
    }
    bt_territory *t;
    assert_int_equal(bt_territory_new("entrada/t.csv", "t.csv", &t), BT_OK);
    bt_form *f;
    assert_int_equal(bt_form_new(tpl, t, &f), BT_OK);
    bt_csv_options opt = {';', BT_ENC_UTF8, 0};
    bt_err e = bt_csv_read_mem((const unsigned char *)b.s, b.len, t->display, &opt, bt_form_row,
                               f, &t->info, t->findings);
    assert_int_equal(e, BT_OK);
    bt_form_free(f);
    bt_sb_free(&b);
    return t;
}

/* LOAD(t, "line 1", "line 2", ...) declares bt_territory *t. */
#define LOAD(var, ...)                                                        \
    static const char *const var##_lines[] = {__VA_ARGS__};                   \
    bt_territory *var = load_lines(var##_lines, N_OF(var##_lines))

/* Findings of one code. */
static size_t count_code(const bt_territory *t, bt_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < bt_findings_count(t->findings); i++)
        if (bt_findings_at(t->findings, i)->code == code)
            n++;
    return n;
}

static const bt_finding *nth_code(const bt_territory *t, bt_code code, size_t nth)
{
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *x = bt_findings_at(t->findings, i);
        if (x->code == code && nth-- == 0)
            return x;
    }
    return NULL;
}

static void dump_findings(const bt_territory *t)
{
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        bt_sb b;
        bt_sb_init(&b);
        bt_finding_line(bt_findings_at(t->findings, i), &b);
        print_message("  %s\n", bt_sb_str(&b));
        bt_sb_free(&b);
    }
}

static void expect_no_findings(const bt_territory *t)
{
    if (bt_findings_count(t->findings)) {
        dump_findings(t);
        fail_msg("expected no findings, got %zu", bt_findings_count(t->findings));
    }
}

static void expect_loc(bt_loc l, uint32_t row, uint32_t col)
{
    if (l.row != row || l.col != col)
        fail_msg("location %u:%u, want %u:%u", (unsigned)l.row, (unsigned)l.col,
                 (unsigned)row, (unsigned)col);
}

static void expect_text(const bt_text *x, const char *text, uint32_t row, uint32_t col)
{
    assert_true(x->present);
    if (text) {
        assert_non_null(x->text);
        assert_string_equal(x->text, text);
    } else {
        assert_null(x->text);
    }
    expect_loc(x->loc, row, col);
}

/* ---- a whole logbook ---- */

static void full_logbook(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "BITÁCORA DEL EQUIPO TÉCNICO TERRITORIAL PARA EL ACOMPAÑAMIENTO TÉCNICO PERTINENTE",
        /*  2 */ "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
        /*  3 */ "Región;Región de Valparaíso",
        /*  4 */ "N° territorio;1",
        /*  5 */ "Nombre del territorio;  Aconcagua  ",
        /*  6 */ "Comunas que abarca el territorio;San Felipe, Los Andes; Putaendo",
        /*  7 */ "Periodo;2025",
        /*  8 */ ";;",
        /*  9 */ "UNIDADES EDUCATIVAS DEL TERRITORIO",
        /* 10 */ "Programas / Modalidades;Nº de unidades educativas correspondientes al territorio",
        /* 11 */ "Jardín Infantil Clásico de Administración Directa;9",
        /* 12 */ "VTF;21",
        /* 13 */ "Jardín Familiar;",
        /* 14 */ "Total;30",
        /* 15 */ "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
        /* 16 */ "Disciplinas;Nº dotación profesionales;Nombres y apellidos",
        /* 17 */ "Educador/a de párvulos;2;Carolina Vergara; Marcela Fuentes",
        /* 18 */ "Nutricionista;1;Valentina Herrera",
        /* 19 */ "Total;3",
        /* 20 */ "ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL",
        /* 21 */ "Representante territorial;MARCELA FUENTES",
        /* 22 */ "Frecuencia de reuniones;Quincenal",
        /* 23 */ "Registro de acompañamientos en plataforma;Mensual",
        /* 24 */ "Otros acuerdos;Acta breve",
        /* 25 */ "PLANIFICACIÓN",
        /* 26 */ "A. Antecedentes acerca de la visión general del territorio;Texto A",
        /* 27 */ "B. Acuerdos para la coordinación del acompañamiento técnico presencial y/o remoto;Texto B",
        /* 28 */ "C. Acuerdos para la definición de acciones y estrategias interdisciplinarias;Texto C",
        /* 29 */ "D. Principales oportunidades de mejora de las UE del territorio;Texto D",
        /* 30 */ "IMPLEMENTACIÓN",
        /* 31 */ "Contextos, temáticas, contenidos, problemáticas identificadas;Fecha en que se abordan;Estrategias",
        /* 32 */ "Evaluación auténtica;marzo 2025;Conversatorio",
        /* 33 */ "Liderazgo pedagógico;abril 2025;Capacitación",
        /* 34 */ "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) proyectadas;8",
        /* 35 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°1",
        /* 36 */ "Fecha;18-03-2025",
        /* 37 */ "Temática abordada;Evaluación auténtica",
        /* 38 */ "Registro;Se revisaron instrumentos",
        /* 39 */ "EVALUACIÓN",
        /* 40 */ "Análisis y reflexión de los resultados;Buen año",
        /* 41 */ "Registro para la proyección del acompañamiento técnico territorial del próximo periodo",
        /* 42 */ "Ámbito;Objetivo;Estrategia",
        /* 43 */ "Proyecciones con las UE;Objetivo UE;Estrategia UE",
        /* 44 */ "Proyecciones del ETT;Objetivo ETT;Estrategia ETT");
    expect_no_findings(t);
    assert_int_equal(t->info.rows, 44);
    /* every section seen, where its heading is */
    static const uint32_t heading_rows[BT_SEC__COUNT] = {2, 9, 15, 20, 25, 30, 35, 39};
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        assert_true(t->section_seen[s]);
        expect_loc(t->section_loc[s], heading_rows[s], 1);
    }
    /* identity: cleaned text, value cell and label cell */
    expect_text(&t->field[BT_F_REGION], "Región de Valparaíso", 3, 2);
    expect_loc(t->field[BT_F_REGION].label, 3, 1);
    expect_text(&t->field[BT_F_TERRNUM], "1", 4, 2);
    expect_text(&t->field[BT_F_TERRNAME], "Aconcagua", 5, 2);
    expect_text(&t->field[BT_F_PERIOD], "2025", 7, 2);
    /* comunas: split at commas; the ';' made them two cells */
    assert_int_equal(t->ncomunas, 3);
    assert_string_equal(t->comunas[0].raw, "San Felipe");
    assert_string_equal(t->comunas[1].raw, "Los Andes");
    assert_string_equal(t->comunas[2].raw, "Putaendo");
    expect_loc(t->comunas[0].loc, 6, 2);
    expect_loc(t->comunas[2].loc, 6, 3);
    /* units */
    assert_int_equal(t->nunits, 3);
    assert_int_equal(t->units[0].item, 0);
    assert_string_equal(t->units[0].count.raw, "9");
    expect_loc(t->units[0].count.loc, 11, 2);
    expect_loc(t->units[0].loc, 11, 1);
    assert_int_equal(t->units[1].item, 1);   /* "VTF" */
    assert_string_equal(t->units[1].label, "Jardín Infantil VTF");
    assert_int_equal(t->units[2].count.state, BT_ST_EMPTY);
    expect_loc(t->units[2].count.loc, 13, 2);
    assert_int_equal(t->units_total.state, BT_ST_OK);
    assert_string_equal(t->units_total.raw, "30");
    expect_loc(t->units_total.loc, 14, 2);
    /* staff */
    assert_int_equal(t->nstaff, 2);
    assert_int_equal(t->staff[0].item, 0);
    assert_string_equal(t->staff[0].count.raw, "2");
    assert_int_equal(t->staff[0].npeople, 2);
    assert_string_equal(t->staff[0].people[0].name, "Carolina Vergara");
    expect_loc(t->staff[0].people[0].loc, 17, 3);
    assert_string_equal(t->staff[0].people[1].name, "Marcela Fuentes");
    expect_loc(t->staff[0].people[1].loc, 17, 4);
    assert_int_equal(t->staff[1].item, 5);
    assert_string_equal(t->staff_total.raw, "3");
    /* organization and planning */
    expect_text(&t->field[BT_F_REPRESENTANTE], "MARCELA FUENTES", 21, 2);
    expect_text(&t->field[BT_F_FRECUENCIA], "Quincenal", 22, 2);
    expect_text(&t->field[BT_F_PLATAFORMA], "Mensual", 23, 2);
    expect_text(&t->field[BT_F_OTROS_ACUERDOS], "Acta breve", 24, 2);
    expect_text(&t->field[BT_F_PLAN_A], "Texto A", 26, 2);
    expect_text(&t->field[BT_F_PLAN_B], "Texto B", 27, 2);
    expect_text(&t->field[BT_F_PLAN_C], "Texto C", 28, 2);
    expect_text(&t->field[BT_F_PLAN_D], "Texto D", 29, 2);
    /* CAETT */
    assert_int_equal(t->ncaett, 2);
    assert_string_equal(t->caett[0].topic.text, "Evaluación auténtica");
    assert_string_equal(t->caett[0].date.raw, "marzo 2025");
    expect_loc(t->caett[0].date.loc, 32, 2);
    assert_string_equal(t->caett[0].strategy.text, "Conversatorio");
    assert_int_equal(t->caett[0].row, 32);
    assert_int_equal(t->caett[1].row, 33);
    expect_text(&t->field[BT_F_CAETT_PROYECTADAS], "8", 34, 2);
    /* the session */
    assert_int_equal(t->nsessions, 1);
    assert_int_equal(t->sessions[0].number, 1);
    assert_true(t->sessions[0].has_heading);
    expect_loc(t->sessions[0].loc, 35, 1);
    assert_string_equal(t->sessions[0].date.raw, "18-03-2025");
    expect_loc(t->sessions[0].date.loc, 36, 2);
    expect_text(&t->sessions[0].tematica, "Evaluación auténtica", 37, 2);
    expect_text(&t->sessions[0].registro, "Se revisaron instrumentos", 38, 2);
    /* evaluation */
    expect_text(&t->field[BT_F_EVAL_ANALISIS], "Buen año", 40, 2);
    assert_int_equal(t->nproj, 2);
    assert_int_equal(t->proj[0].ambito, 0);
    expect_text(&t->proj[0].objetivo, "Objetivo UE", 43, 2);
    expect_text(&t->proj[0].estrategia, "Estrategia UE", 43, 3);
    assert_int_equal(t->proj[1].ambito, 1);
    assert_int_equal(t->proj[1].row, 44);
    assert_int_equal(t->nothers, 0);
    bt_territory_free(t);
}

/* ---- identity variants ---- */

static void label_and_value_in_one_cell(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "Región: Valparaíso",
        /* 2 */ "N° territorio:3",
        /* 3 */ "Nombre del territorio:;Costa",
        /* 4 */ "Comunas: Valparaíso, Viña del Mar;Quilpué",
        /* 5 */ "Frecuencia de reuniones: mensual",
        /* 6 */ "Nota: esto no es un campo");
    expect_text(&t->field[BT_F_REGION], "Valparaíso", 1, 1);
    expect_loc(t->field[BT_F_REGION].label, 1, 1);
    expect_text(&t->field[BT_F_TERRNUM], "3", 2, 1);
    expect_text(&t->field[BT_F_TERRNAME], "Costa", 3, 2);
    assert_int_equal(t->ncomunas, 3);
    assert_string_equal(t->comunas[0].raw, "Valparaíso");
    assert_string_equal(t->comunas[1].raw, "Viña del Mar");
    assert_string_equal(t->comunas[2].raw, "Quilpué");
    expect_loc(t->comunas[1].loc, 4, 1);
    expect_loc(t->comunas[2].loc, 4, 2);
    /* a field of another section switches to it */
    expect_text(&t->field[BT_F_FRECUENCIA], "mensual", 5, 1);
    assert_true(t->section_seen[BT_SEC_ORG]);
    /* a colon after an unknown label is content for Otros */
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 1);
    assert_int_equal(t->nothers, 1);
    assert_int_equal(t->others[0].row, 6);
    assert_string_equal(t->others[0].cells[0].text, "Nota: esto no es un campo");
    bt_territory_free(t);
}

static void comunas_spread_over_cells(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
        /* 2 */ "Comunas que abarca el territorio;Valparaíso;Viña del Mar, Quilpué;;\"Casablanca\nConcón\"",
        /* 3 */ "Región;V;extra");
    assert_int_equal(t->ncomunas, 5);
    static const struct {
        const char *raw;
        uint32_t col;
    } want[] = {{"Valparaíso", 2}, {"Viña del Mar", 3}, {"Quilpué", 3}, {"Casablanca", 5},
                {"Concón", 5}};
    for (size_t i = 0; i < N_OF(want); i++) {
        assert_string_equal(t->comunas[i].raw, want[i].raw);
        expect_loc(t->comunas[i].loc, 2, want[i].col);
        assert_int_equal(t->comunas[i].index, -1);   /* resolved later */
    }
    /* the field's text keeps all of it */
    assert_non_null(strstr(t->field[BT_F_COMUNAS].text, "Casablanca"));
    expect_loc(t->field[BT_F_COMUNAS].loc, 2, 2);
    /* a single-valued field takes the first cell; the rest goes to Otros */
    expect_text(&t->field[BT_F_REGION], "V", 3, 2);
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 1);
    const bt_finding *x = nth_code(t, BT_A_UNMAPPED, 0);
    assert_int_equal(x->row, 3);
    assert_int_equal(x->col, 3);
    assert_int_equal(t->nothers, 1);
    assert_string_equal(t->others[0].cells[0].text, "extra");
    assert_int_equal(t->others[0].cells[0].col, 3);
    bt_territory_free(t);
}

/* Labels abbreviated or pluralized with punctuation are still labels. */
static void labels_with_abbreviation_marks(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
        /* 2 */ "Comuna(s);Quillota, La Calera",
        /* 3 */ "UNIDADES EDUCATIVAS DEL TERRITORIO",
        /* 4 */ "Jardín Infantil V.T.F.;21",
        /* 5 */ "C.A.S.H.;1",
        /* 6 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°1",
        /* 7 */ "Fecha;18-03-2025",
        /* 8 */ "Tema(s);Evaluación auténtica");
    expect_no_findings(t);
    assert_int_equal(t->ncomunas, 2);
    expect_loc(t->field[BT_F_COMUNAS].loc, 2, 2);
    assert_int_equal(t->nunits, 2);
    assert_int_equal(t->units[0].item, bt_tpl_match_item(tpl, BT_TABLE_UNITS, "vtf"));
    assert_string_equal(t->units[0].count.raw, "21");
    assert_int_equal(t->units[1].item, bt_tpl_match_item(tpl, BT_TABLE_UNITS, "cash"));
    assert_int_equal(t->nsessions, 1);
    expect_text(&t->sessions[0].tematica, "Evaluación auténtica", 8, 2);
    bt_territory_free(t);
}

static void repeated_field(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
        /* 2 */ "Región;Valparaíso",
        /* 3 */ "Nombre del territorio;",
        /* 4 */ "Región;Biobío",
        /* 5 */ "Nombre del territorio;Costa",
        /* 6 */ "Región;");
    /* the first value is kept, the second goes to Otros with A023 */
    expect_text(&t->field[BT_F_REGION], "Valparaíso", 2, 2);
    assert_int_equal(count_code(t, BT_A_FIELD_REPEATED), 1);
    const bt_finding *x = nth_code(t, BT_A_FIELD_REPEATED, 0);
    assert_int_equal(x->row, 4);
    assert_int_equal(x->col, 1);
    assert_string_equal(x->value, "Biobío");
    assert_non_null(strstr(x->message, "A2"));   /* names the first cell */
    assert_int_equal(t->nothers, 1);
    assert_int_equal(t->others[0].row, 4);
    assert_string_equal(t->others[0].cells[0].text, "Biobío");
    /* an empty first occurrence yields to a later value, silently */
    expect_text(&t->field[BT_F_TERRNAME], "Costa", 5, 2);
    /* a repeated empty label adds nothing */
    assert_int_equal(bt_findings_count(t->findings), 1);
    bt_territory_free(t);
}

static void labels_before_any_heading_and_shifted_sheets(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ ";BITÁCORA DEL EQUIPO TÉCNICO TERRITORIAL PARA EL ACOMPAÑAMIENTO TÉCNICO PERTINENTE",
        /* 2 */ ";Región;Ñuble",
        /* 3 */ ";N° territorio;2",
        /* 4 */ "",
        /* 5 */ "Nº Territorio;7",
        /* 6 */ "  NOMBRE DEL TERRITORIO  ;  Valle  ");
    /* a sheet with an empty first column: labels in B */
    expect_text(&t->field[BT_F_REGION], "Ñuble", 2, 3);
    expect_loc(t->field[BT_F_REGION].label, 2, 2);
    expect_text(&t->field[BT_F_TERRNUM], "2", 3, 3);
    assert_true(t->section_seen[BT_SEC_IDENT]);
    /* "Nº Territorio" is the same label: a repeat */
    assert_int_equal(count_code(t, BT_A_FIELD_REPEATED), 1);
    expect_text(&t->field[BT_F_TERRNAME], "Valle", 6, 2);
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 0);
    bt_territory_free(t);
}

/* ---- tables ---- */

static void units_table(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "UNIDADES EDUCATIVAS DEL TERRITORIO",
        /* 2 */ "Programas / Modalidades;Nº de unidades educativas correspondientes al territorio",
        /* 3 */ "AD;4",
        /* 4 */ "Sala Cuna Municipal;2",
        /* 5 */ "PMI;1;sobra",
        /* 6 */ "CASH",
        /* 7 */ "Total;7");
    assert_int_equal(t->nunits, 4);
    assert_int_equal(t->units[0].item, 0);
    /* an unknown programme is kept, with A043 */
    assert_int_equal(t->units[1].item, -1);
    assert_string_equal(t->units[1].label, "Sala Cuna Municipal");
    assert_string_equal(t->units[1].count.raw, "2");
    assert_int_equal(count_code(t, BT_A_PROGRAMME_UNKNOWN), 1);
    assert_int_equal(nth_code(t, BT_A_PROGRAMME_UNKNOWN, 0)->row, 4);
    /* more than one value: the extra is kept in Otros */
    assert_int_equal(t->units[2].item, 5);
    assert_string_equal(t->units[2].count.raw, "1");
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 1);
    assert_int_equal(t->others[0].row, 5);
    /* a programme row with no count is empty, located where the count goes */
    assert_int_equal(t->units[3].item, 7);
    assert_int_equal(t->units[3].count.state, BT_ST_EMPTY);
    assert_null(t->units[3].count.raw);
    expect_loc(t->units[3].count.loc, 6, 2);
    assert_string_equal(t->units_total.raw, "7");
    assert_int_equal(t->staff_total.state, BT_ST_ABSENT);
    bt_territory_free(t);
}

static void staff_names_and_extra_disciplines(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
        /*  2 */ "Disciplinas;Nº dotación profesionales;Nombres y apellidos de profesionales que integran el territorio",
        /*  3 */ "Educadora de párvulos;3;MARÍA JOSÉ DE LA FUENTE;juan pérez y soto",
        /*  4 */ ";;Ana Gómez",
        /*  5 */ ";;;Luis Díaz",
        /*  6 */ "Psicóloga;1;\"Pedro Rojas\nCarla Díaz\"",
        /*  7 */ "Trabajador/a social;2;Rosa Soto, Iván Mella",
        /*  8 */ "Fonoaudióloga;1;Camila Vera",
        /*  9 */ ";;Continúa Extra",
        /* 10 */ "Nutricionista",
        /* 11 */ "Asesor/a intercultural;;Sin Número",
        /* 12 */ "Total;9",
        /* 13 */ ";;Después del total");
    assert_int_equal(t->nstaff, 6);
    /* names over cells and continuation rows, in name case */
    const bt_staff_row *s = &t->staff[0];
    assert_int_equal(s->item, 0);
    assert_string_equal(s->count.raw, "3");
    expect_loc(s->count.loc, 3, 2);
    assert_int_equal(s->npeople, 4);
    assert_string_equal(s->people[0].name, "María José de la Fuente");
    expect_loc(s->people[0].loc, 3, 3);
    assert_string_equal(s->people[1].name, "Juan Pérez y Soto");
    expect_loc(s->people[1].loc, 3, 4);
    assert_string_equal(s->people[2].name, "Ana Gómez");
    expect_loc(s->people[2].loc, 4, 3);
    assert_string_equal(s->people[3].name, "Luis Díaz");
    expect_loc(s->people[3].loc, 5, 4);
    assert_non_null(s->people[0].key);
    assert_false(s->names_had_commas);
    /* line breaks in one cell */
    s = &t->staff[1];
    assert_int_equal(s->item, 4);
    assert_int_equal(s->npeople, 2);
    assert_string_equal(s->people[0].name, "Pedro Rojas");
    assert_string_equal(s->people[1].name, "Carla Díaz");
    /* commas do not separate names, but are remembered */
    s = &t->staff[2];
    assert_int_equal(s->npeople, 1);
    assert_true(s->names_had_commas);
    /* an extra discipline is kept, with A054, and takes continuation rows */
    s = &t->staff[3];
    assert_int_equal(s->item, -1);
    assert_string_equal(s->label, "Fonoaudióloga");
    assert_int_equal(s->npeople, 2);
    assert_string_equal(s->people[1].name, "Continúa Extra");
    assert_int_equal(count_code(t, BT_A_DISCIPLINE_UNKNOWN), 1);
    const bt_finding *x = nth_code(t, BT_A_DISCIPLINE_UNKNOWN, 0);
    assert_int_equal(x->row, 8);
    assert_int_equal(x->col, 1);
    assert_string_equal(x->value, "Fonoaudióloga");
    /* a discipline with nothing else: empty count, no names */
    s = &t->staff[4];
    assert_int_equal(s->item, 5);
    assert_int_equal(s->count.state, BT_ST_EMPTY);
    expect_loc(s->count.loc, 10, 2);
    assert_int_equal(s->npeople, 0);
    /* names without a count: the names are not taken for the count */
    s = &t->staff[5];
    assert_int_equal(s->count.state, BT_ST_EMPTY);
    assert_int_equal(s->npeople, 1);
    assert_string_equal(s->people[0].name, "Sin Número");
    assert_string_equal(t->staff_total.raw, "9");
    /* after the Total row nothing continues: Otros */
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 1);
    assert_int_equal(nth_code(t, BT_A_UNMAPPED, 0)->row, 13);
    assert_int_equal(t->nothers, 1);
    bt_territory_free(t);
}

/* The XLSX template's computed columns beside the staffing table (names
 * counted, a mark), as a filled form saved as CSV has them: read past,
 * never names; anything else in those columns is still read; without the
 * headers that name them, the same cells are names as ever. */
static void computed_columns_beside_staff(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
        /*  2 */ "Disciplinas;Nº dotación profesionales;Nombres y apellidos de profesionales que integran el territorio;Nombres listados;Revisión",
        /*  3 */ "Educador/a de párvulos;2;\"Ana Gómez\nLuis Díaz\";2;Coincide",
        /*  4 */ "Educador/a diferencial;1;Rosa Soto;Iván Mella",
        /*  5 */ "Trabajador/a social;;Pedro Rojas;1;Falta la cantidad",
        /*  6 */ "Asesor/a intercultural;0;;0;Coincide",
        /*  7 */ "Sicólogo/a educacional;3;Carla Vera;12;Revisar",
        /*  8 */ "Nutricionista;;;;",
        /*  9 */ "Total;6;;6;No coincide",
        /* 10 */ "ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL",
        /* 11 */ "Representante territorial;Ana Gómez;;7;Coincide");
    assert_int_equal(t->nstaff, 6);
    assert_int_equal(t->staff[0].npeople, 2);
    /* a name in a computed column is no count: read as a name */
    assert_int_equal(t->staff[1].npeople, 2);
    assert_string_equal(t->staff[1].people[1].name, "Iván Mella");
    expect_loc(t->staff[1].people[1].loc, 4, 4);
    assert_int_equal(t->staff[2].count.state, BT_ST_EMPTY);
    assert_int_equal(t->staff[2].npeople, 1);
    assert_int_equal(t->staff[3].npeople, 0);
    /* «Revisar» is no mark the form writes: read as typed (a name) */
    assert_int_equal(t->staff[4].npeople, 2);
    assert_string_equal(t->staff[4].people[1].name, "Revisar");
    expect_loc(t->staff[4].people[1].loc, 7, 5);
    assert_int_equal(t->staff[5].npeople, 0);
    assert_string_equal(t->staff_total.raw, "6");
    /* outside the table the columns are not read past */
    assert_string_equal(t->field[BT_F_REPRESENTANTE].text, "Ana Gómez, 7, Coincide");
    expect_no_findings(t);
    bt_territory_free(t);

    /* Without the headers that name them, those cells are names. */
    LOAD(u,
        /*  1 */ "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
        /*  2 */ "Disciplinas;Nº dotación profesionales;Nombres y apellidos de profesionales que integran el territorio",
        /*  3 */ "Educador/a de párvulos;2;\"Ana Gómez\nLuis Díaz\";2;Coincide");
    assert_int_equal(u->staff[0].npeople, 4);
    bt_territory_free(u);
}

/* The OTROS block of an export: every row under it goes to Otros again,
 * under the section its line names, whatever its first cell says (here a
 * projection's ámbito, a field label and a row without a label). */
static void export_others_block(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "EVALUACIÓN",
        /*  2 */ "Ámbito;Objetivo;Estrategia",
        /*  3 */ "Proyecciones con las UE;Uno;Dos",
        /*  4 */ "",
        /*  5 */ "OTROS (contenido no reconocido, tal como se escribió);Organización",
        /*  6 */ "Correo del territorio;ett@junji.cl",
        /*  7 */ "Proyecciones del ETT;Tres",
        /*  8 */ ";;texto suelto",
        /*  9 */ "OTROS (contenido no reconocido, tal como se escribió)",
        /* 10 */ "Región;Valparaíso");
    assert_int_equal(t->nproj, 1);
    assert_int_equal(t->nothers, 4);
    assert_int_equal(t->others[0].section, BT_SEC_ORG);
    assert_int_equal(t->others[0].row, 6);
    assert_int_equal(t->others[1].section, BT_SEC_ORG);
    assert_string_equal(t->others[1].cells[0].text, "Proyecciones del ETT");
    assert_int_equal(t->others[2].section, BT_SEC_ORG);
    assert_int_equal(t->others[3].section, BT_SEC_NONE);
    assert_null(t->field[BT_F_REGION].text);
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 4);
    assert_int_equal(bt_findings_count(t->findings), 4);
    bt_territory_free(t);
}

static void caett_rows(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "IMPLEMENTACIÓN",
        /*  2 */ "Contextos, temáticas, contenidos, problemáticas identificadas;Fecha en que se abordan;Estrategias para su desarrollo",
        /*  3 */ "Implementación de estrategias de buen trato;marzo 2025;Capacitación",
        /*  4 */ "Evaluación de aprendizajes;abril 2025;Conversatorio",
        /*  5 */ "Evaluación;mayo 2025;Taller",
        /*  6 */ "Región;junio 2025;Revisión de casos",
        /*  7 */ ";julio 2025;Sin temática",
        /*  8 */ "Solo temática",
        /*  9 */ "Con extra;agosto 2025;Taller;columna D",
        /* 10 */ "\"Tema en\ndos líneas\";septiembre 2025",
        /* 11 */ "Total de CAETT proyectadas;9",
        /* 12 */ "Texto después del total;x");
    assert_int_equal(t->ncaett, 8);
    static const struct {
        const char *topic, *date, *strategy;
        uint32_t row;
    } want[] = {
        {"Implementación de estrategias de buen trato", "marzo 2025", "Capacitación", 3},
        {"Evaluación de aprendizajes", "abril 2025", "Conversatorio", 4},
        {"Evaluación", "mayo 2025", "Taller", 5},
        {"Región", "junio 2025", "Revisión de casos", 6},
        {NULL, "julio 2025", "Sin temática", 7},
        {"Solo temática", NULL, NULL, 8},
        {"Con extra", "agosto 2025", "Taller", 9},
        {"Tema en\ndos líneas", "septiembre 2025", NULL, 10},
    };
    for (size_t i = 0; i < N_OF(want); i++) {
        const bt_caett_row *c = &t->caett[i];
        assert_int_equal(c->row, want[i].row);
        if (want[i].topic) {
            assert_non_null(c->topic.text);
            assert_string_equal(c->topic.text, want[i].topic);
            expect_loc(c->topic.loc, want[i].row, 1);
        } else {
            assert_null(c->topic.text);
        }
        if (want[i].date) {
            assert_int_equal(c->date.state, BT_ST_OK);
            assert_string_equal(c->date.raw, want[i].date);
            expect_loc(c->date.loc, want[i].row, 2);
        } else {
            assert_int_equal(c->date.state, BT_ST_EMPTY);
            expect_loc(c->date.loc, want[i].row, 2);
        }
        if (want[i].strategy)
            assert_string_equal(c->strategy.text, want[i].strategy);
        else
            assert_null(c->strategy.text);
    }
    /* the topics that look like headings did not change the section */
    assert_false(t->section_seen[BT_SEC_EVAL]);
    assert_false(t->section_seen[BT_SEC_IDENT]);
    assert_false(t->field[BT_F_REGION].present);
    expect_text(&t->field[BT_F_CAETT_PROYECTADAS], "9", 11, 2);
    /* beyond the three columns: Otros; after the closing line: Otros */
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 2);
    assert_int_equal(nth_code(t, BT_A_UNMAPPED, 0)->row, 9);
    assert_int_equal(nth_code(t, BT_A_UNMAPPED, 0)->col, 4);
    assert_int_equal(nth_code(t, BT_A_UNMAPPED, 1)->row, 12);
    bt_territory_free(t);
}

/* CAETT topics are free text: a topic that reads "Label: text" is still a
 * topic, and a session heading ends the table. */
static void caett_topics_are_not_labels(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "IMPLEMENTACIÓN",
        /* 2 */ "Contextos, temáticas, contenidos, problemáticas identificadas;Fecha en que se abordan;Estrategias",
        /* 3 */ "Tema 1;marzo 2025;Taller",
        /* 4 */ "Región: identidad local y pueblos originarios;abril 2025;Conversatorio",
        /* 5 */ "Comunas: trabajo en red con municipios;mayo 2025;Taller",
        /* 6 */ "Tema 4;junio 2025;Taller",
        /* 7 */ "Total de CAETT proyectadas;4");
    assert_true(t->ncaett >= 1);
    assert_string_equal(t->caett[0].topic.text, "Tema 1");
    expect_text(&t->field[BT_F_CAETT_PROYECTADAS], "4", 7, 2);
    /* form.c: colon_label runs before the CAETT-row rule, so row 4 sets
     * the Región field, row 5 three comunas, and row 6 goes to Otros. */
    if (t->ncaett != 4 || t->field[BT_F_REGION].present || t->ncomunas != 0 ||
        bt_findings_count(t->findings) != 0) {
        dump_findings(t);
        fail_msg("%zu CAETT rows, region «%s», %zu comunas", t->ncaett,
                 t->field[BT_F_REGION].text ? t->field[BT_F_REGION].text : "-", t->ncomunas);
    }
    assert_string_equal(t->caett[1].topic.text, "Región: identidad local y pueblos originarios");
    assert_string_equal(t->caett[1].date.raw, "abril 2025");
    bt_territory_free(t);
}

static void session_heading_ends_caett_table(void **state)
{
    (void)state;
    /* The CAETT projected line is missing: the table runs to the next
     * heading. */
    LOAD(t,
        /* 1 */ "IMPLEMENTACIÓN",
        /* 2 */ "Contextos, temáticas, contenidos, problemáticas identificadas;Fecha en que se abordan;Estrategias",
        /* 3 */ "Tema 1;marzo 2025;Taller",
        /* 4 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°1",
        /* 5 */ "Fecha;15-03-2025",
        /* 6 */ "Observaciones;algo",
        /* 7 */ ";continuación",
        /* 8 */ "Registro;texto");
    assert_int_equal(t->nsessions, 1);
    assert_string_equal(t->sessions[0].date.raw, "15-03-2025");
    expect_text(&t->sessions[0].registro, "texto", 8, 2);
    assert_false(t->field[BT_F_CAETT_PROYECTADAS].present);
    /* rows 6 and 7 are kept somewhere */
    assert_true(t->ncaett + t->nothers >= 3);
    /* form.c: a session heading does not reset in_caett, so unknown rows
     * of the session become CAETT topics, with no aviso. */
    if (t->ncaett != 1 || t->nothers != 2 || count_code(t, BT_A_UNMAPPED) != 2) {
        dump_findings(t);
        fail_msg("%zu CAETT rows (want 1), %zu rows in Otros (want 2)", t->ncaett, t->nothers);
    }
    bt_territory_free(t);
}

/* ---- sessions ---- */

static void session_blocks(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°1",
        /*  2 */ "Fecha;18-03-2025",
        /*  3 */ "Temática abordada;Buen trato",
        /*  4 */ "Registro;\"Línea 1\r\nLínea 2\"",
        /*  5 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°;2",
        /*  6 */ "Fecha;",
        /*  7 */ "Registro comunidad de aprendizaje 5",
        /*  8 */ "Temática;Inclusión",
        /*  9 */ "Fecha;20-05-2025",
        /* 10 */ "Fecha;27-05-2025",
        /* 11 */ "Registro;Sin encabezado");
    /* rows: the quoted cell spans two lines but is one row */
    assert_int_equal(t->info.rows, 11);
    assert_int_equal(t->nsessions, 4);
    const bt_session *s = &t->sessions[0];
    assert_int_equal(s->number, 1);
    assert_true(s->has_heading);
    assert_string_equal(s->date.raw, "18-03-2025");
    assert_int_equal(s->date.state, BT_ST_OK);
    expect_loc(s->date.loc, 2, 2);
    expect_text(&s->tematica, "Buen trato", 3, 2);
    expect_text(&s->registro, "Línea 1\nLínea 2", 4, 2);
    assert_true(s->seen[0] && s->seen[1] && s->seen[2]);
    /* the number in the next cell */
    s = &t->sessions[1];
    assert_int_equal(s->number, 2);
    expect_loc(s->loc, 5, 1);
    assert_int_equal(s->date.state, BT_ST_EMPTY);
    assert_null(s->date.raw);
    assert_true(s->seen[0]);
    assert_false(s->seen[1]);
    s = &t->sessions[2];
    assert_int_equal(s->number, 5);
    expect_text(&s->tematica, "Inclusión", 8, 2);
    assert_string_equal(s->date.raw, "20-05-2025");
    /* a second Fecha in the same block starts a session without heading */
    s = &t->sessions[3];
    assert_false(s->has_heading);
    assert_int_equal(s->number, 6);
    assert_string_equal(s->date.raw, "27-05-2025");
    expect_text(&s->registro, "Sin encabezado", 11, 2);
    assert_int_equal(count_code(t, BT_A_SESSION_NO_HEADING), 1);
    const bt_finding *x = nth_code(t, BT_A_SESSION_NO_HEADING, 0);
    assert_int_equal(x->row, 10);
    assert_int_equal(x->col, 1);
    expect_loc(t->section_loc[BT_SEC_SESSION], 1, 1);
    bt_territory_free(t);
}

/* Session fields after the CAETT table, with no session heading. */
static void session_fields_without_heading(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "IMPLEMENTACIÓN",
        /* 2 */ "Contextos, temáticas, contenidos, problemáticas identificadas;Fecha en que se abordan;Estrategias",
        /* 3 */ "Tema;marzo 2025;Taller",
        /* 4 */ "Total de CAETT proyectadas;3",
        /* 5 */ "Fecha;15-03-2025",
        /* 6 */ "Temática abordada;Buen trato",
        /* 7 */ "Registro;Acuerdos");
    /* Whatever happens to them, nothing typed is lost. */
    size_t kept = t->nothers;
    for (size_t i = 0; i < t->nsessions; i++)
        kept += t->sessions[i].seen[0] + t->sessions[i].seen[1] + t->sessions[i].seen[2];
    assert_int_equal(kept, 3);
    assert_int_equal(t->ncaett, 1);
    /* form.c: "Session fields outside a session start one (with an
     * aviso)" -- A025, not three A024 that suggest the label typed. */
    if (t->nsessions != 1 || count_code(t, BT_A_UNMAPPED) != 0) {
        dump_findings(t);
        fail_msg("%zu sessions, %zu A024", t->nsessions, count_code(t, BT_A_UNMAPPED));
    }
    assert_false(t->sessions[0].has_heading);
    assert_string_equal(t->sessions[0].date.raw, "15-03-2025");
    expect_text(&t->sessions[0].registro, "Acuerdos", 7, 2);
    assert_int_equal(count_code(t, BT_A_SESSION_NO_HEADING), 1);
    bt_territory_free(t);
}

/* ---- projections ---- */

static void projections(void **state)
{
    (void)state;
    LOAD(t,
        /*  1 */ "EVALUACIÓN",
        /*  2 */ "Análisis y reflexión de los resultados;\"Primer párrafo.\n\nSegundo.\"",
        /*  3 */ "Registro para la proyección del acompañamiento técnico territorial del próximo periodo",
        /*  4 */ "Ámbito;Objetivo;Estrategia",
        /*  5 */ "Proyecciones con las UE;Objetivo 1;Estrategia 1",
        /*  6 */ ";Objetivo 2;Estrategia 2",
        /*  7 */ ";;Solo estrategia",
        /*  8 */ "Proyecciones del ETT",
        /*  9 */ ";Objetivo 3",
        /* 10 */ "Proyecciones con familias;Objetivo 4;Estrategia 4",
        /* 11 */ ";Objetivo 5;Estrategia 5",
        /* 12 */ "Proyecciones con las UE;Objetivo 6;Estrategia 6;columna D");
    expect_text(&t->field[BT_F_EVAL_ANALISIS], "Primer párrafo.\n\nSegundo.", 2, 2);
    assert_int_equal(t->nproj, 7);
    static const struct {
        int ambito;
        const char *objetivo, *estrategia;
        uint32_t row;
    } want[] = {
        {0, "Objetivo 1", "Estrategia 1", 5}, {0, "Objetivo 2", "Estrategia 2", 6},
        {0, NULL, "Solo estrategia", 7},      {1, "Objetivo 3", NULL, 9},
        {-1, "Objetivo 4", "Estrategia 4", 10}, {-1, "Objetivo 5", "Estrategia 5", 11},
        {0, "Objetivo 6", "Estrategia 6", 12},
    };
    for (size_t i = 0; i < N_OF(want); i++) {
        const bt_projection *p = &t->proj[i];
        assert_int_equal(p->ambito, want[i].ambito);
        assert_int_equal(p->row, want[i].row);
        if (want[i].objetivo) {
            expect_text(&p->objetivo, want[i].objetivo, want[i].row, 2);
        } else {
            assert_null(p->objetivo.text);
        }
        if (want[i].estrategia) {
            expect_text(&p->estrategia, want[i].estrategia, want[i].row, 3);
        } else {
            assert_null(p->estrategia.text);
        }
    }
    assert_string_equal(t->proj[0].ambito_label, "Proyecciones con las UE");
    assert_string_equal(t->proj[3].ambito_label, "Proyecciones del ETT");
    /* the unknown ámbito is kept as typed, and continues */
    assert_string_equal(t->proj[4].ambito_label, "Proyecciones con familias");
    assert_string_equal(t->proj[5].ambito_label, "Proyecciones con familias");
    assert_int_equal(count_code(t, BT_A_AMBITO_UNKNOWN), 1);
    assert_int_equal(nth_code(t, BT_A_AMBITO_UNKNOWN, 0)->row, 10);
    /* text beyond Estrategia: Otros */
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 1);
    assert_int_equal(nth_code(t, BT_A_UNMAPPED, 0)->row, 12);
    assert_int_equal(nth_code(t, BT_A_UNMAPPED, 0)->col, 4);
    bt_territory_free(t);
}

/* ---- Otros ---- */

static void unknown_rows_go_to_otros(void **state)
{
    (void)state;
    LOAD(t,
        /* 1 */ "ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL",
        /* 2 */ "Observaciones;Hay que revisar;esto también",
        /* 3 */ ";sin rótulo",
        /* 4 */ "Frecuencia de reunones;mensual",
        /* 5 */ "Otros;Acta rotativa",
        /* 6 */ "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
        /* 7 */ "Otros;no es de esta sección",
        /* 8 */ "ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL;texto junto al título");
    /* "Otros" is a label only in its own section */
    expect_text(&t->field[BT_F_OTROS_ACUERDOS], "Acta rotativa", 5, 2);
    assert_int_equal(t->nothers, 5);
    static const struct {
        uint32_t row;
        uint32_t col;
        const char *first;
        size_t ncells;
        bt_section_id section;
    } want[] = {
        {2, 1, "Observaciones", 3, BT_SEC_ORG},
        {3, 2, "sin rótulo", 1, BT_SEC_ORG},
        {4, 1, "Frecuencia de reunones", 2, BT_SEC_ORG},
        {7, 1, "Otros", 2, BT_SEC_IDENT},
        {8, 2, "texto junto al título", 1, BT_SEC_ORG},
    };
    for (size_t i = 0; i < N_OF(want); i++) {
        const bt_other_row *o = &t->others[i];
        assert_int_equal(o->row, want[i].row);
        assert_int_equal(o->ncells, want[i].ncells);
        assert_int_equal(o->cells[0].col, want[i].col);
        assert_string_equal(o->cells[0].text, want[i].first);
        assert_int_equal(o->section, want[i].section);
        assert_non_null(o->reason);
        assert_true(strlen(o->reason) > 0);
    }
    /* nothing typed is lost: every cell of row 2 is kept */
    assert_string_equal(t->others[0].cells[2].text, "esto también");
    assert_int_equal(t->others[0].cells[2].col, 3);
    /* one aviso per row, located at its first cell, with a suggestion
     * where one is likely */
    assert_int_equal(count_code(t, BT_A_UNMAPPED), 5);
    const bt_finding *x = nth_code(t, BT_A_UNMAPPED, 2);
    assert_int_equal(x->row, 4);
    assert_int_equal(x->col, 1);
    assert_string_equal(x->value, "Frecuencia de reunones");
    assert_non_null(strstr(x->message, "¿quiso decir «Frecuencia de reuniones»?"));
    assert_int_equal(bt_findings_at(t->findings, 0)->severity, BT_SEV_AVISO);
    assert_null(bt_findings_at(t->findings, 0)->sheet);
    assert_string_equal(bt_findings_at(t->findings, 0)->file, "t.csv");
    /* the second ORG heading is a repeat */
    assert_int_equal(count_code(t, BT_A_SECTION_REPEATED), 1);
    assert_int_equal(nth_code(t, BT_A_SECTION_REPEATED, 0)->row, 8);
    bt_territory_free(t);
}

/* ---- rows built by hand, as an XLSX reader gives them ---- */

static void hand_built_rows_with_a_sheet(void **state)
{
    (void)state;
    bt_territory *t;
    assert_int_equal(bt_territory_new("libro.xlsx", "libro.xlsx", &t), BT_OK);
    strcpy(t->info.format, "XLSX");
    strcpy(t->info.sheet, "Bitácora");
    bt_form *f;
    assert_int_equal(bt_form_new(tpl, t, &f), BT_OK);
    /* Cell texts are not yet cleaned: the form cleans them (NFC, trim,
     * controls dropped), and cells that clean to nothing are skipped. */
#define CELL(col, text) {col, text, sizeof(text) - 1}
    static const bt_cell r5[] = {CELL(1, "ANTECEDENTES DEL TERRITORIO")};
    static const bt_cell r7[] = {CELL(1, "Regio\xCC\x81n"), CELL(4, " \t "), CELL(6, "  RM\x01 ")};
    static const bt_cell r9[] = {CELL(2, ""), CELL(3, "   ")};
    static const bt_cell r12[] = {CELL(1, "Cosa rara"), CELL(30, "lejos")};
    /* a length shorter than the string: only those bytes count */
    static const bt_cell r14[] = {CELL(1, "Periodo"), {2, "2025 y más", 4}};
#undef CELL
    static const bt_row rows[] = {
        {5, N_OF(r5), r5},    {7, N_OF(r7), r7},    {9, N_OF(r9), r9},
        {12, N_OF(r12), r12}, {14, N_OF(r14), r14},
    };
    for (size_t i = 0; i < N_OF(rows); i++)
        assert_int_equal(bt_form_row(f, &rows[i]), BT_OK);
    bt_form_free(f);
    assert_true(t->section_seen[BT_SEC_IDENT]);
    expect_loc(t->section_loc[BT_SEC_IDENT], 5, 1);
    expect_text(&t->field[BT_F_REGION], "RM", 7, 6);
    expect_loc(t->field[BT_F_REGION].label, 7, 1);
    expect_text(&t->field[BT_F_PERIOD], "2025", 14, 2);
    /* the unknown row: A024 in the sheet, cells kept with their columns */
    assert_int_equal(bt_findings_count(t->findings), 1);
    const bt_finding *x = bt_findings_at(t->findings, 0);
    assert_int_equal(x->code, BT_A_UNMAPPED);
    assert_string_equal(x->sheet, "Bitácora");
    char cell[64];
    bt_finding_cell(x, cell, sizeof cell);
    assert_string_equal(cell, "Bitácora!A12");
    assert_int_equal(t->nothers, 1);
    assert_int_equal(t->others[0].ncells, 2);
    assert_int_equal(t->others[0].cells[1].col, 30);
    assert_string_equal(t->others[0].cells[1].text, "lejos");
    bt_territory_free(t);
}

/* The correct samples (samples/README.md) read with no finding at all
 * from the reader and the form: every row maps to the template. */
static void samples_read_cleanly(void **state)
{
    (void)state;
    static const char *const samples[] = {
        "samples/valparaiso_t01_aconcagua.csv",
        "samples/valparaiso_t02_marga_marga.csv",
        "samples/valparaiso_t03_litoral_de_los_poetas.csv",
        "samples/rm_t03_cordillera.csv",
        "samples/rm_t05_poniente.txt",
        "samples/biobio_t03_arauco.csv",
    };
    size_t tried = 0;
    for (size_t i = 0; i < N_OF(samples); i++) {
        size_t n;
        unsigned char *data = tu_read(tu_path(samples[i]), &n);
        if (!data)
            continue;
        tried++;
        bt_territory *t;
        assert_int_equal(bt_territory_new(samples[i], samples[i], &t), BT_OK);
        bt_form *f;
        assert_int_equal(bt_form_new(tpl, t, &f), BT_OK);
        assert_int_equal(bt_csv_read_mem(data, n, t->display, NULL, bt_form_row, f, &t->info,
                                         t->findings),
                         BT_OK);
        bt_form_free(f);
        for (int s = 0; s < BT_SEC__COUNT; s++)
            assert_true(t->section_seen[s]);
        assert_non_null(t->field[BT_F_REGION].text);
        assert_non_null(t->field[BT_F_TERRNUM].text);
        assert_true(t->ncomunas > 0);
        assert_true(t->nunits > 0);
        assert_true(t->nstaff > 0);
        assert_true(t->nsessions > 0);
        if (t->nothers || bt_findings_count(t->findings)) {
            dump_findings(t);
            fail_msg("%s: %zu rows in Otros", samples[i], t->nothers);
        }
        bt_territory_free(t);
        free(data);
    }
    if (!tried)
        skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_logbook),
        cmocka_unit_test(label_and_value_in_one_cell),
        cmocka_unit_test(comunas_spread_over_cells),
        cmocka_unit_test(labels_with_abbreviation_marks),
        cmocka_unit_test(repeated_field),
        cmocka_unit_test(labels_before_any_heading_and_shifted_sheets),
        cmocka_unit_test(units_table),
        cmocka_unit_test(staff_names_and_extra_disciplines),
        cmocka_unit_test(computed_columns_beside_staff),
        cmocka_unit_test(export_others_block),
        cmocka_unit_test(caett_rows),
        cmocka_unit_test(caett_topics_are_not_labels),
        cmocka_unit_test(session_heading_ends_caett_table),
        cmocka_unit_test(session_blocks),
        cmocka_unit_test(session_fields_without_heading),
        cmocka_unit_test(projections),
        cmocka_unit_test(unknown_rows_go_to_otros),
        cmocka_unit_test(hand_built_rows_with_a_sheet),
        cmocka_unit_test(samples_read_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
