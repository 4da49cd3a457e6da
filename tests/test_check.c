/*
 * test_check.c - the checks of one territory (check.h): a realistic
 * logbook, read whole (reader, matcher, normalization, checks), and
 * variations of it, each with every finding it produces at its file, row
 * and column.
 */
#include "testutil.h"

#include <ctype.h>
#include <dirent.h>

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

#define MAX_EDITS 6
/* Replace line n by text, delete it, insert text after it. */
#define REPLACE(n, text) {n, text, false}
#define DELETE(n) {n, NULL, false}
#define INSERT(n, text) {n, text, true}

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

/* ---- one variation per code ---- */

typedef struct {
    const char *code;          /* the code the variation is about */
    const char *what;
    edit edits[MAX_EDITS];
    const char *want;          /* every finding, as located() lists them */
    const char *says;          /* in the message of the one about `code` */
} code_case;

static const code_case code_cases[] = {
    {"E020", "the organization section left out",
     {DELETE(32), DELETE(33), DELETE(34), DELETE(35), DELETE(36)}, "E020 t.csv:0:0",
     "falta la sección «ORGANIZACIÓN"},
    {"E021", "the territory's name left empty", {REPLACE(5, "Nombre del territorio;")},
     "E021 t.csv:5:1", "«Nombre del territorio» está vacío"},
    {"A022", "the units heading pasted twice",
     {INSERT(9, "UNIDADES EDUCATIVAS DEL TERRITORIO")}, "A022 t.csv:10:1", "ya empezó en A9"},
    {"A023", "the period written twice", {INSERT(7, "Periodo;2024")}, "A023 t.csv:8:1",
     "ya aparece en A7"},
    {"A024", "a note under the organization", {INSERT(36, "Nota;Revisar en junio")},
     "A024 t.csv:37:1", "«Nota»"},
    {"A025", "a session without its heading", {DELETE(55)}, "A025 t.csv:55:1",
     "se leyó como la sesión N°2"},
    {"E030", "a region that is none", {REPLACE(3, "Región;Valparaiso Norte")},
     "E030 t.csv:3:2", "«Valparaiso Norte» no es una región"},
    {"E031", "the territory number zero", {REPLACE(4, "N° territorio;0")}, "E031 t.csv:4:2",
     "«0» no es un entero positivo"},
    {"A032", "a comuna misspelled",
     {REPLACE(6, "Comunas que abarca el territorio;Quilpué;Villa Alemana;Limache;Olmue del "
                 "Sur")},
     "A032 t.csv:6:5", "«Olmue del Sur» no es una comuna reconocida"},
    {"E033", "a comuna of another region",
     {REPLACE(6, "Comunas que abarca el territorio;Quilpué;Villa Alemana;Limache;Ñuñoa")},
     "E033 t.csv:6:5", "Ñuñoa pertenece a la Región Metropolitana"},
    {"A034", "no period", {DELETE(7)}, "A034 t.csv:2:1", "no indica el periodo"},
    {"E035", "a period that is no year", {REPLACE(7, "Periodo;dos mil veinticinco")},
     "E035 t.csv:7:2", "no es un año de cuatro dígitos"},
    {"A038", "a comuna written twice",
     {REPLACE(6, "Comunas que abarca el territorio;Quilpué;Villa Alemana;Limache;Olmué;"
                 "Quilpué")},
     "A038 t.csv:6:6", "la comuna Quilpué está escrita más de una vez"},
    {"E040", "a count of units with text", {REPLACE(13, "Jardín Familiar;uno")},
     "E040 t.csv:13:2", "«uno» no es un número entero"},
    {"A041", "a count of units left empty", {REPLACE(13, "Jardín Familiar;")},
     "A041 t.csv:13:2", "falta la cantidad de unidades educativas"},
    {"A041", "a programme's row left out", {DELETE(14)}, "A041 t.csv:9:1",
     "falta la fila «Jardín Laboral»"},
    {"E042", "a units total that is not the sum", {REPLACE(20, "Total;30")}, "E042 t.csv:20:2",
     "es 30, pero la suma de los programas es 29"},
    {"A043", "a programme not in the list (and so the total is short)",
     {INSERT(19, "Programa Sala Cuna Comunal;2")}, "A043 t.csv:20:1, E042 t.csv:21:2",
     "«Programa Sala Cuna Comunal» no está en la lista"},
    {"A044", "a programme listed twice", {INSERT(19, "Jardín Familiar;0")}, "A044 t.csv:20:1",
     "el programa ya aparece en A13"},
    {"E050", "a staff count with text",
     {REPLACE(25, "Educador/a diferencial;uno;Ignacio Lagos Bustamante")}, "E050 t.csv:25:2",
     "«uno» no es un número entero"},
    {"E051", "a staff count that is not the names (and so the total is short)",
     {REPLACE(26, "Trabajador/a social;2;Gabriela Cortés Henríquez")},
     "E051 t.csv:26:2, E053 t.csv:30:2", "es 2, pero hay 1 nombre listado"},
    {"A052", "a person listed twice", {REPLACE(29, "Nutricionista;1;Felipe Maturana Díaz")},
     "A052 t.csv:29:3", "Felipe Maturana Díaz ya está listado/a en C28"},
    {"E053", "a staff total that is not the sum", {REPLACE(30, "Total;7")}, "E053 t.csv:30:2",
     "es 7, pero la suma de las disciplinas es 6"},
    {"A054", "a discipline not in the list (and so the total is short)",
     {INSERT(29, "Fonoaudiólogo/a;1;Pedro Soto Rivas")}, "A054 t.csv:30:1, E053 t.csv:31:2",
     "«Fonoaudiólogo/a» no está en la lista"},
    {"A055", "a staff count left empty", {REPLACE(27, "Asesor/a intercultural;")},
     "A055 t.csv:27:2", "falta la dotación declarada"},
    {"A056", "a discipline listed twice", {INSERT(29, "Educador/a diferencial;0")},
     "A056 t.csv:30:1", "la disciplina ya aparece en A25"},
    {"E060", "a session date that is none", {REPLACE(56, "Fecha;31-02-2025")},
     "E060 t.csv:56:2", "no existe en el calendario"},
    {"A061", "a session date of another year", {REPLACE(56, "Fecha;29-04-2024")},
     "A061 t.csv:56:2", "29-04-2024 no está dentro del periodo 2025"},
    {"A062", "sessions numbered 1, 3", {REPLACE(55, "REGISTRO COMUNIDAD DE APRENDIZAJE N°3")},
     "A062 t.csv:55:1", "la sesión N°3 no sigue la numeración consecutiva"},
    {"A063", "more sessions than CAETT projected",
     {REPLACE(48, "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) "
                  "proyectadas;1")},
     "A063 t.csv:48:2", "hay 2 sesiones registradas, más que la 1 CAETT proyectada"},
    {"E064", "CAETT projected that is no number",
     {REPLACE(48, "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) "
                  "proyectadas;dos")},
     "E064 t.csv:48:2", "«dos» no es un número entero"},
    {"A065", "a CAETT topic with no date",
     {REPLACE(47, "Juego y planificación en el nivel medio;;Capacitación")}, "A065 t.csv:47:2",
     "«Juego y planificación en el nivel medio» no tiene fecha"},
    {"A066", "an ámbito not in the list",
     {REPLACE(65, "Proyecciones de la región;Mejorar el registro;Revisión mensual")},
     "A066 t.csv:65:1", "el ámbito «Proyecciones de la región»"},
};

static void every_code_at_its_cell(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < N_OF(code_cases); i++) {
        const code_case *c = &code_cases[i];
        size_t n = 0;
        while (n < MAX_EDITS && c->edits[n].line)
            n++;
        bt_territory *t = load_edited(c->edits, n);
        char *got = located(t);
        char code[8];
        snprintf(code, sizeof code, "%s ", c->code);
        if (strcmp(got, c->want) != 0 || !strstr(got, code)) {
            print_message("%s (%s):\n  got  %s\n  want %s\n", c->code, c->what, got, c->want);
            bad++;
        }
        const bt_finding *f = NULL;
        for (size_t k = 0; k < bt_findings_count(t->findings) && !f; k++)
            if (!strcmp(bt_code_info_of(bt_findings_at(t->findings, k)->code)->id, c->code))
                f = bt_findings_at(t->findings, k);
        if (f && !strstr(f->message, c->says)) {
            print_message("%s (%s): the message does not say «%s»: %s\n", c->code, c->what,
                          c->says, f->message);
            bad++;
        }
        free(got);
        bt_territory_free(t);
    }
    if (bad)
        fail_msg("%d variation(s) gave other findings", bad);
}

/* A070: a text longer than an Excel cell is named at its cell and kept
 * whole (the CSV exports carry it). */
static void long_text(void **state)
{
    (void)state;
    bt_sb b;
    bt_sb_init(&b);
    bt_sb_puts(&b, "Registro;");
    for (int i = 0; i < 3700; i++)
        bt_sb_puts(&b, "acuerdos ");
    bt_sb_puts(&b, "fin");
    assert_false(b.failed);
    edit e = REPLACE(53, bt_sb_str(&b));
    bt_territory *t = load_edited(&e, 1);
    char *got = located(t);
    assert_string_equal(got, "A070 t.csv:53:2");
    assert_non_null(strstr(bt_findings_at(t->findings, 0)->message,
                           "el texto tiene 33303 caracteres y una celda de Excel admite 32767"));
    assert_int_equal(strlen(t->sessions[0].registro.text), 33303);
    free(got);
    bt_territory_free(t);
    bt_sb_free(&b);
}

/* ---- check.h's index of where each code is raised ---- */

/* A list of "E030 normalize.c:region" lines. */
typedef struct {
    char **v;
    size_t n, cap;
} lines;

static void lines_add(lines *l, const char *code, const char *where)
{
    char item[160];
    snprintf(item, sizeof item, "%s %s", code, where);
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], item))
            return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    l->v[l->n++] = strdup(item);
}

static bool lines_has(const lines *l, const char *item)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], item))
            return true;
    return false;
}

static void lines_free(lines *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static bool is_code(const char *w)
{
    return (w[0] == 'E' || w[0] == 'A') && isdigit((unsigned char)w[1]) &&
           isdigit((unsigned char)w[2]) && isdigit((unsigned char)w[3]) && !w[4];
}

/* The codes and their names in the enum: "BT_E_REGION, /\* E030 *\/". */
typedef struct {
    char code[5];
    char sym[64];
} code_name;

static size_t read_codes(code_name *out, size_t max)
{
    char *h = (char *)tu_read(tu_path("include/bitacora/finding.h"), NULL);
    assert_non_null(h);
    size_t n = 0;
    for (char *line = strtok(h, "\n"); line; line = strtok(NULL, "\n")) {
        char sym[64], code[8];
        if (sscanf(line, " %63[A-Z0-9_], /* %7s */", sym, code) == 2 &&
            !strncmp(sym, "BT_", 3) && is_code(code) && n < max) {
            snprintf(out[n].code, sizeof out[n].code, "%s", code);
            snprintf(out[n].sym, sizeof out[n].sym, "%s", sym);
            n++;
        }
    }
    free(h);
    return n;
}

/* The index: the lines between "Where each finding code is raised:" and
 * "(end of the index)" in check.h; a code, then file:function words,
 * continued on the next lines. */
static void read_index(lines *out)
{
    char *h = (char *)tu_read(tu_path("include/bitacora/check.h"), NULL);
    assert_non_null(h);
    char *start = strstr(h, "Where each finding code is raised:");
    char *end = strstr(h, "(end of the index)");
    assert_non_null(start);
    assert_non_null(end);
    *end = '\0';
    char code[5] = "";
    char *save = NULL;
    strtok_r(start, "\n", &save);                /* the title line */
    for (char *w = strtok_r(NULL, " *\n", &save); w; w = strtok_r(NULL, " *\n", &save)) {
        if (is_code(w))
            snprintf(code, sizeof code, "%s", w);
        else if (code[0] && strchr(w, ':'))
            lines_add(out, code, w);
        else
            fail_msg("check.h's index: «%s» is neither a code nor file:function", w);
    }
    free(h);
}

/* The function a line of C begins, when it begins one at column 0. */
static bool function_start(const char *line, char *name, size_t size)
{
    if (!isalpha((unsigned char)line[0]) && line[0] != '_')
        return false;
    const char *paren = strchr(line, '(');
    if (!paren)
        return false;
    const char *e = paren;
    while (e > line && e[-1] == ' ')
        e--;
    const char *b = e;
    while (b > line && (isalnum((unsigned char)b[-1]) || b[-1] == '_'))
        b--;
    if (b == e)
        return false;
    snprintf(name, size, "%.*s", (int)(e - b), b);
    return true;
}

/* Whether the mention of a code at line[at] decides that it is raised:
 * a comparison, a case label or a finding dropped do not. */
static bool raising(const char *line, size_t at)
{
    size_t i = at;
    while (i > 0 && line[i - 1] == ' ')
        i--;
    if (i >= 2 && (!strncmp(line + i - 2, "==", 2) || !strncmp(line + i - 2, "!=", 2)))
        return false;
    if (i >= 4 && !strncmp(line + i - 4, "case", 4))
        return false;
    const char *drop = strstr(line, "bt_findings_drop(");
    return !drop || drop > line + at;
}

/* Every function under src/ whose code names a code (finding.c, which
 * describes the codes, aside). */
static void scan_sources(const code_name *codes, size_t ncodes, lines *out)
{
    DIR *d = opendir(tu_path("src"));
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 3 || strcmp(de->d_name + len - 2, ".c") || !strcmp(de->d_name, "finding.c"))
            continue;
        char rel[300];
        snprintf(rel, sizeof rel, "src/%s", de->d_name);
        char *text = (char *)tu_read(tu_path(rel), NULL);
        assert_non_null(text);
        char cand[128] = "", fn[128] = "";
        for (char *line = text; line && *line;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            char name[128];
            if (function_start(line, name, sizeof name))
                snprintf(cand, sizeof cand, "%s", name);
            else if (line[0] == '{')
                snprintf(fn, sizeof fn, "%s", cand);
            else if (line[0] == '}')
                fn[0] = cand[0] = '\0';
            for (const char *p = strstr(line, "BT_"); p; p = strstr(p + 3, "BT_")) {
                for (size_t c = 0; c < ncodes; c++) {
                    size_t sl = strlen(codes[c].sym);
                    if (strncmp(p, codes[c].sym, sl) || isalnum((unsigned char)p[sl]) ||
                        p[sl] == '_' || !raising(line, (size_t)(p - line)))
                        continue;
                    char where[300];
                    snprintf(where, sizeof where, "%s:%s", de->d_name,
                             fn[0] ? fn : "(file scope)");
                    lines_add(out, codes[c].code, where);
                }
            }
            line = nl ? nl + 1 : NULL;
        }
        free(text);
    }
    closedir(d);
}

static void index_of_codes_is_true(void **state)
{
    (void)state;
    code_name codes[256];
    size_t ncodes = read_codes(codes, 256);
    assert_int_equal(ncodes, BT_CODE__COUNT);
    lines index = {0}, code = {0};
    read_index(&index);
    scan_sources(codes, ncodes, &code);
    int bad = 0;
    for (size_t c = 0; c < ncodes; c++) {
        bool listed = false;
        for (size_t i = 0; i < index.n && !listed; i++)
            listed = !strncmp(index.v[i], codes[c].code, 4);
        if (!listed) {
            print_message("%s (%s) has no line in check.h's index\n", codes[c].code,
                          codes[c].sym);
            bad++;
        }
    }
    for (size_t i = 0; i < index.n; i++)
        if (!lines_has(&code, index.v[i])) {
            print_message("check.h's index says «%s», but that function does not name it\n",
                          index.v[i]);
            bad++;
        }
    for (size_t i = 0; i < code.n; i++)
        if (!lines_has(&index, code.v[i])) {
            print_message("«%s» is raised there, but check.h's index does not say so\n",
                          code.v[i]);
            bad++;
        }
    lines_free(&index);
    lines_free(&code);
    if (bad)
        fail_msg("check.h's index of codes is out of date (%d)", bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(base_has_no_findings),
        cmocka_unit_test(required_fields_follow_the_template),
        cmocka_unit_test(every_code_at_its_cell),
        cmocka_unit_test(long_text),
        cmocka_unit_test(index_of_codes_is_true),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
