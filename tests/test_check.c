/*
 * test_check.c - the checks of one territory (check.h): a realistic
 * logbook, read whole (reader, matcher, normalization, checks), and
 * variations of it, each with every finding it produces at its file, row
 * and column.
 */
#include "testutil.h"

#include "bitacora/check.h"
#include "bitacora/load.h"
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

/* A logbook as a team fills it, one line per spreadsheet row: line i is
 * row i (no cell spans lines).  It has no finding at all. */
static const char *const base[] = {
    /*  1 */ "BITÁCORA DEL EQUIPO TÉCNICO TERRITORIAL PARA EL ACOMPAÑAMIENTO TÉCNICO PERTINENTE",
    /*  2 */ "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
    /*  3 */ "Región;Región de Valparaíso",
    /*  4 */ "N° territorio;2",
    /*  5 */ "Nombre del territorio;Marga Marga",
    /*  6 */ "Comunas que abarca el territorio;Quilpué;Villa Alemana;Limache;Olmué",
    /*  7 */ "Periodo;2025",
    /*  8 */ "",
    /*  9 */ "UNIDADES EDUCATIVAS DEL TERRITORIO",
    /* 10 */ "Programas / Modalidades;Nº de unidades educativas correspondientes al territorio",
    /* 11 */ "Jardín Infantil Clásico de Administración Directa;7",
    /* 12 */ "Jardín Infantil VTF;18",
    /* 13 */ "Jardín Familiar;1",
    /* 14 */ "Jardín Laboral;1",
    /* 15 */ "Modalidad en Comunidades Indígenas;0",
    /* 16 */ "Modalidad Programa de Mejoramiento a la Infancia (PMI);1",
    /* 17 */ "Modalidad Centros Educativos Culturales de Infancia (CECI);0",
    /* 18 */ "Modalidad Conozca a Su Hijo (CASH);1",
    /* 19 */ "Programa Educativo para la Familia;0",
    /* 20 */ "Total;29",
    /* 21 */ "",
    /* 22 */ "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
    /* 23 */ "Disciplinas;Nº dotación profesionales;Nombres y apellidos de profesionales que "
             "integran el territorio",
    /* 24 */ "Educador/a de párvulos;2;Loreto Catalán Muñoz;Sebastián Pizarro Vega",
    /* 25 */ "Educador/a diferencial;1;Ignacio Lagos Bustamante",
    /* 26 */ "Trabajador/a social;1;Gabriela Cortés Henríquez",
    /* 27 */ "Asesor/a intercultural;0",
    /* 28 */ "Sicólogo/a educacional;1;Felipe Maturana Díaz",
    /* 29 */ "Nutricionista;1;Camila Núñez Órdenes",
    /* 30 */ "Total;6",
    /* 31 */ "",
    /* 32 */ "ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL",
    /* 33 */ "Representante territorial;Loreto Catalán Muñoz",
    /* 34 */ "Frecuencia de reuniones;Mensual",
    /* 35 */ "Registro de acompañamientos en plataforma;Registro semanal de cada asesor/a",
    /* 36 */ "Otros acuerdos;Actas en la carpeta compartida",
    /* 37 */ "",
    /* 38 */ "PLANIFICACIÓN",
    /* 39 */ "A. Antecedentes acerca de la visión general del territorio;29 UE, 7 clásicos AD y "
             "18 VTF",
    /* 40 */ "B. Acuerdos para la coordinación del acompañamiento técnico presencial y/o "
             "remoto;Visitas en duplas una vez al mes",
    /* 41 */ "C. Acuerdos para la definición de acciones y estrategias interdisciplinarias;"
             "Revisión conjunta de los planes de mejoramiento",
    /* 42 */ "D. Principales oportunidades de mejora de las UE del territorio;Trabajo con "
             "familias en los VTF",
    /* 43 */ "",
    /* 44 */ "IMPLEMENTACIÓN",
    /* 45 */ "Contextos, temáticas, contenidos, problemáticas identificadas;Fecha en que se "
             "abordan;Estrategias para su desarrollo",
    /* 46 */ "Convivencia bien tratante;25-03-2025;Revisión de casos",
    /* 47 */ "Juego y planificación en el nivel medio;04-2025;Capacitación",
    /* 48 */ "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) "
             "proyectadas;2",
    /* 49 */ "",
    /* 50 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°1",
    /* 51 */ "Fecha;25-03-2025",
    /* 52 */ "Temática abordada;Convivencia bien tratante",
    /* 53 */ "Registro;Se revisan dos casos de conflicto entre adultos",
    /* 54 */ "",
    /* 55 */ "REGISTRO COMUNIDAD DE APRENDIZAJE N°2",
    /* 56 */ "Fecha;29-04-2025",
    /* 57 */ "Temática abordada;Juego y planificación en el nivel medio",
    /* 58 */ "Registro;Capacitación breve y análisis de planificaciones",
    /* 59 */ "",
    /* 60 */ "EVALUACIÓN",
    /* 61 */ "Análisis y reflexión de los resultados;Se cumplió lo proyectado",
    /* 62 */ "Registro para la proyección del acompañamiento técnico territorial del próximo "
             "periodo",
    /* 63 */ "Ámbito;Objetivo;Estrategia",
    /* 64 */ "Proyecciones con las UE;Fortalecer el juego;Capacitación",
    /* 65 */ "Proyecciones del ETT;Mejorar el registro;Revisión mensual",
};

/* A change to the logbook: line `line` (1-based, of the base) replaced by
 * text, deleted (text NULL), or, with `after`, text inserted after it. */
typedef struct {
    int line;
    const char *text;
    bool after;
} edit;

#define MAX_EDITS 4

/* The base with the edits applied (in the order given, on the base's
 * numbering), as one CSV text; the caller frees it. */
static char *logbook(const edit *edits, size_t nedits)
{
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < N_OF(base); i++) {
        const char *line = base[i];
        bool drop = false;
        for (size_t k = 0; k < nedits; k++)
            if (edits[k].line == (int)i + 1 && !edits[k].after) {
                line = edits[k].text;
                drop = !line;
            }
        if (!drop) {
            bt_sb_puts(&b, line);
            bt_sb_putc(&b, '\n');
        }
        for (size_t k = 0; k < nedits; k++)
            if (edits[k].line == (int)i + 1 && edits[k].after) {
                bt_sb_puts(&b, edits[k].text);
                bt_sb_putc(&b, '\n');
            }
    }
    assert_false(b.failed);
    char *s = strdup(bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static bt_territory *load_edited(const edit *edits, size_t nedits)
{
    char *text = logbook(edits, nedits);
    bt_load_options opt = {{';', BT_ENC_UTF8, 0}, 0};
    bt_territory *t;
    assert_int_equal(bt_load_mem(tpl, (const unsigned char *)text, strlen(text), "t.csv", &opt,
                                 &t),
                     BT_OK);
    free(text);
    assert_true(t->readable);
    return t;
}

/* Every finding as "CODE file:row:col", in the order they are listed. */
static char *located(const bt_territory *t)
{
    bt_sb b;
    bt_sb_init(&b);
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        bt_sb_printf(&b, "%s%s %s:%u:%u", i ? ", " : "", bt_code_info_of(f->code)->id, f->file,
                     (unsigned)f->row, (unsigned)f->col);
    }
    char *s = strdup(bt_sb_str(&b));
    bt_sb_free(&b);
    return s;
}

static void base_has_no_findings(void **state)
{
    (void)state;
    bt_territory *t = load_edited(NULL, 0);
    char *got = located(t);
    if (got[0])
        fail_msg("the base logbook has findings: %s", got);
    free(got);
    bt_territory_free(t);
}

/* The line of the base whose label is this field's (the first one). */
static int line_of(const bt_field *fd)
{
    size_t n = strlen(fd->label);
    for (size_t i = 0; i < N_OF(base); i++)
        if (strncmp(base[i], fd->label, n) == 0 && base[i][n] == ';')
            return (int)i + 1;
    fail_msg("the base logbook has no line «%s»", fd->label);
    return 0;
}

/* The line of the heading of the section a field is in, before `line`. */
static int heading_before(const bt_field *fd, int line)
{
    const bt_section *sec = bt_tpl_section(fd->section);
    for (int i = line - 1; i >= 1; i--)
        if (strncmp(base[i - 1], sec->heading, strlen(sec->heading)) == 0)
            return i;
    fail_msg("no heading of «%s» before line %d", sec->title, line);
    return 0;
}

/* The E021 findings of t as "row:col" (none: ""). */
static void missing_at(const bt_territory *t, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i < bt_findings_count(t->findings); i++) {
        const bt_finding *f = bt_findings_at(t->findings, i);
        size_t k = strlen(out);
        if (f->code == BT_E_FIELD_MISSING)
            snprintf(out + k, size - k, "%s%u:%u", k ? " " : "", (unsigned)f->row,
                     (unsigned)f->col);
    }
}

/* Which fields are required is said once, by the template's flag
 * (template.c), and the check follows it: for every field, an empty value
 * and a missing row give E021 exactly when the field is flagged required,
 * at the label's cell or at its section's heading (for a session's field,
 * at the session's heading).  So flagging «Periodo» required makes these
 * logbooks give E021 with no other change; today it is not, and they give
 * none (A034 says the period is missing instead). */
static void required_fields_follow_the_template(void **state)
{
    (void)state;
    size_t nrequired = 0;
    for (int f = 0; f < BT_F__COUNT; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        nrequired += fd->required;
        int line = line_of(fd);
        char blank[200], want[32], got[200];
        snprintf(blank, sizeof blank, "%s;", fd->label);
        for (int deleted = 0; deleted < 2; deleted++) {
            edit e = {line, deleted ? NULL : blank, false};
            bt_territory *t = load_edited(&e, 1);
            want[0] = '\0';
            if (fd->required)
                snprintf(want, sizeof want, "%d:1", deleted ? heading_before(fd, line) : line);
            missing_at(t, got, sizeof got);
            if (strcmp(got, want) != 0)
                fail_msg("«%s» (%s) %s: E021 at «%s», want «%s»", fd->label,
                         fd->required ? "required" : "optional",
                         deleted ? "row deleted" : "left empty", got, want);
            bt_territory_free(t);
        }
    }
    /* Región, N° territorio, Nombre, Comunas, CAETT proyectadas, Fecha. */
    assert_int_equal(nrequired, 6);
    assert_false(bt_tpl_field(BT_F_PERIOD)->required);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_has_no_findings),
        cmocka_unit_test(required_fields_follow_the_template),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
