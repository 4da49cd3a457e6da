/*
 * template.c - the logbook template as data (see template.h).
 *
 * Labels and headings are the logbook's own (seed document "Bitácora del
 * equipo técnico territorial para el acompañamiento técnico pertinente").
 * Synonyms are whole labels a team may type instead; they are compared by
 * fold key, so accents, case, punctuation and "N°"/"Nº"/"No." variants
 * need not be listed.  docs/sinonimos.md lists them for users (a unit test
 * checks that the two agree).
 */
#include "bitacora/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/text.h"

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- sections ---- */

static const bt_section sections[BT_SEC__COUNT] = {
    {BT_SEC_IDENT, "antecedentes",
     "ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
     "Antecedentes del territorio",
     L("Antecedentes del territorio y del equipo técnico territorial",
       "Antecedentes del territorio y del ETT", "Antecedentes del territorio",
       "Identificación del territorio", "Datos del territorio"),
     false, true, BT_TABLE_NONE},
    {BT_SEC_UNITS, "unidades", "UNIDADES EDUCATIVAS DEL TERRITORIO",
     "Unidades educativas",
     L("Unidades educativas del territorio (UE)", "Unidades educativas (UE)",
       "UE del territorio"),
     false, true, BT_TABLE_UNITS},
    {BT_SEC_STAFF, "dotacion",
     "DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO",
     "Dotación",
     L("Dotación de asesores y asesoras que integran el territorio",
       "Dotación de asesores y asesoras", "Dotación de asesores",
       "Dotación del territorio", "Dotación de profesionales"),
     false, true, BT_TABLE_STAFF},
    {BT_SEC_ORG, "organizacion",
     "ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL",
     "Organización",
     L("Organización del acompañamiento técnico territorial",
       "Organización para el acompañamiento"),
     false, true, BT_TABLE_NONE},
    {BT_SEC_PLAN, "planificacion", "PLANIFICACIÓN", "Planificación",
     L("Planificación (diagnóstico)", "Etapa de planificación"),
     false, true, BT_TABLE_NONE},
    {BT_SEC_IMPL, "implementacion", "IMPLEMENTACIÓN", "Implementación",
     L("Etapa de implementación"),
     false, true, BT_TABLE_CAETT},
    {BT_SEC_SESSION, "registro", "REGISTRO COMUNIDAD DE APRENDIZAJE N°",
     "Registro de comunidad de aprendizaje",
     L("Registro de comunidad de aprendizaje", "Registro comunidad de aprendizaje",
       "Registro de la comunidad de aprendizaje", "Registro CAETT",
       "Registro de CAETT", "Comunidad de aprendizaje", "Sesión", "Registro de sesión",
       "Registro sesión"),
     true, false, BT_TABLE_NONE},
    {BT_SEC_EVAL, "evaluacion", "EVALUACIÓN", "Evaluación",
     L("Etapa de evaluación"),
     false, true, BT_TABLE_PROJ},
};

/* ---- fields ---- */

static const bt_field fields[BT_F__COUNT] = {
    {BT_F_REGION, BT_SEC_IDENT, "region", "Región",
     L("Nombre de la región", "Región del territorio", "Región a la que pertenece"),
     NULL, BT_KIND_REGION, true, false,
     "Región del territorio, por ejemplo «Valparaíso» o «RM»."},
    {BT_F_TERRNUM, BT_SEC_IDENT, "territorio_numero", "N° territorio",
     L("N° de territorio", "N° del territorio", "Número de territorio",
       "Número del territorio", "Número territorio", "Territorio N°",
       "Territorio número", "N° territorial", "Código territorio"),
     NULL, BT_KIND_TERRNUM, true, false,
     "Número del territorio dentro de la región (entero positivo)."},
    {BT_F_TERRNAME, BT_SEC_IDENT, "territorio_nombre", "Nombre del territorio",
     L("Nombre territorio", "Nombre de territorio", "Territorio",
       "Nombre del territorio ETT"),
     NULL, BT_KIND_TEXT, true, false, "Nombre con que se conoce el territorio."},
    {BT_F_COMUNAS, BT_SEC_IDENT, "comunas", "Comunas que abarca el territorio",
     L("Comunas", "Comuna", "Comunas del territorio", "Comunas que abarca",
       "Comunas que comprende el territorio", "Comunas que integran el territorio"),
     NULL, BT_KIND_COMUNAS, true, false,
     "Comunas separadas por coma, punto y coma o salto de línea, o en las celdas siguientes."},
    {BT_F_PERIOD, BT_SEC_IDENT, "periodo", "Periodo",
     L("Período", "Año", "Periodo lectivo", "Período lectivo", "Año lectivo",
       "Periodo (año)", "Año del periodo"),
     NULL, BT_KIND_YEAR, false, false, "Año del periodo, con cuatro dígitos."},
    {BT_F_REPRESENTANTE, BT_SEC_ORG, "representante", "Representante territorial",
     L("Representante", "Representante del territorio",
       "Definición de representante territorial", "Representante territorial del ETT",
       "Nombre representante territorial"),
     NULL, BT_KIND_NAME, false, false, "Nombre y apellidos de quien representa al territorio."},
    {BT_F_FRECUENCIA, BT_SEC_ORG, "frecuencia", "Frecuencia de reuniones",
     L("Frecuencia", "Frecuencia de las reuniones", "Periodicidad de reuniones",
       "Periodicidad de las reuniones", "Frecuencia de reunión"),
     NULL, BT_KIND_TEXT, false, false, "Cada cuánto se reúne el ETT."},
    {BT_F_PLATAFORMA, BT_SEC_ORG, "registro_plataforma",
     "Registro de acompañamientos en plataforma",
     L("Registro en plataforma", "Registro de acompañamiento en plataforma",
       "Registro de acompañamientos", "Plataforma", "Registro plataforma"),
     NULL, BT_KIND_TEXT, false, false, "Cómo y cuándo se registran los acompañamientos."},
    {BT_F_OTROS_ACUERDOS, BT_SEC_ORG, "otros_acuerdos", "Otros acuerdos",
     L("Otros", "Otras definiciones", "Otros acuerdos de organización", "Entre otros"),
     NULL, BT_KIND_TEXT, false, true, "Otros acuerdos de organización del ETT."},
    {BT_F_PLAN_A, BT_SEC_PLAN, "planificacion_a",
     "A. Antecedentes acerca de la visión general del territorio",
     L("A", "A. Antecedentes", "Antecedentes acerca de la visión general del territorio",
       "Visión general del territorio"),
     L("A. Antecedentes acerca de la visión general"),
     BT_KIND_TEXT, false, true,
     "Programas y modalidades, liderazgo de los equipos, orientaciones del periodo, otros."},
    {BT_F_PLAN_B, BT_SEC_PLAN, "planificacion_b",
     "B. Acuerdos para la coordinación del acompañamiento técnico presencial y/o remoto",
     L("B", "B. Acuerdos para la coordinación",
       "Acuerdos para la coordinación del acompañamiento técnico presencial y/o remoto"),
     L("B. Acuerdos para la coordinación del acompañamiento"),
     BT_KIND_TEXT, false, true,
     "Con la institucionalidad del nivel, con el intersector, entre otros."},
    {BT_F_PLAN_C, BT_SEC_PLAN, "planificacion_c",
     "C. Acuerdos para la definición de acciones y estrategias interdisciplinarias",
     L("C", "C. Acuerdos para la definición de acciones",
       "Acuerdos para la definición de acciones y estrategias interdisciplinarias"),
     L("C. Acuerdos para la definición de acciones y estrategias"),
     BT_KIND_TEXT, false, true,
     "A partir de la autoevaluación y del seguimiento a los planes de mejoramiento de las UE."},
    {BT_F_PLAN_D, BT_SEC_PLAN, "planificacion_d",
     "D. Principales oportunidades de mejora de las UE del territorio",
     L("D", "D. Oportunidades de mejora", "Principales oportunidades de mejora de las UE del territorio",
       "Oportunidades de mejora de las UE", "Oportunidades de mejora"),
     L("D. Identificar las principales oportunidades de mejora",
       "D. Principales oportunidades de mejora"),
     BT_KIND_TEXT, false, true,
     "Según los resultados de la autoevaluación u otro instrumento institucional."},
    {BT_F_CAETT_PROYECTADAS, BT_SEC_IMPL, "caett_proyectadas",
     "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) proyectadas",
     L("Total de Comunidades de Aprendizaje del Equipo Técnico Territorial proyectadas",
       "Total de CAETT proyectadas", "Total CAETT proyectadas", "CAETT proyectadas",
       "N° de CAETT proyectadas", "Total de comunidades de aprendizaje proyectadas",
       "Comunidades de aprendizaje proyectadas", "Total de CAETT", "Total CAETT",
       "Total de Comunidades de Aprendizaje (CAETT) proyectadas"),
     NULL, BT_KIND_COUNT, true, false,
     "Cuántas comunidades de aprendizaje proyecta el ETT para el periodo."},
    {BT_F_SES_FECHA, BT_SEC_SESSION, "fecha", "Fecha",
     L("Fecha de la sesión", "Fecha sesión", "Fecha de realización", "Fecha de la comunidad"),
     NULL, BT_KIND_DATE, true, true, "Fecha de la sesión (día-mes-año)."},
    {BT_F_SES_TEMATICA, BT_SEC_SESSION, "tematica", "Temática abordada",
     L("Temática", "Temáticas abordadas", "Tema", "Tema abordado", "Temas abordados"),
     NULL, BT_KIND_TEXT, false, true, "Tema tratado en la sesión."},
    {BT_F_SES_REGISTRO, BT_SEC_SESSION, "registro", "Registro",
     L("Registro (desarrollo, reflexiones, acuerdos)", "Registro de la sesión",
       "Desarrollo", "Desarrollo, reflexiones y acuerdos", "Desarrollo reflexiones acuerdos"),
     NULL, BT_KIND_TEXT, false, true, "Desarrollo, reflexiones y acuerdos de la sesión."},
    {BT_F_EVAL_ANALISIS, BT_SEC_EVAL, "analisis", "Análisis y reflexión de los resultados",
     L("Análisis y reflexión", "Análisis de resultados", "Análisis y reflexión de resultados"),
     L("Análisis y reflexión de los resultados de las estrategias"),
     BT_KIND_TEXT, false, false,
     "Resultados de las estrategias implementadas por el ETT durante el periodo."},
};

/* ---- tables ---- */

static const bt_item programmes[] = {
    {"clasico_ad", "Jardín Infantil Clásico de Administración Directa", "Clásico AD",
     L("Jardín Infantil Clásico", "Jardín Infantil de Administración Directa",
       "Jardín Infantil Clásico AD", "Administración Directa", "AD", "JI Clásico",
       "JI AD", "Jardín Clásico", "Clásico AD", "Jardín infantil clásico administración directa")},
    {"vtf", "Jardín Infantil VTF", "VTF",
     L("VTF", "Jardín Infantil Vía Transferencia de Fondos", "Vía Transferencia de Fondos",
       "Transferencia de Fondos", "Jardín VTF", "JI VTF", "Jardines VTF")},
    {"familiar", "Jardín Familiar", "Familiar",
     L("Jardín Infantil Familiar", "JF", "Jardines familiares")},
    {"laboral", "Jardín Laboral", "Laboral",
     L("Jardín Infantil Laboral", "JL", "Jardines laborales")},
    {"indigenas", "Modalidad en Comunidades Indígenas", "Com. indígenas",
     L("Comunidades Indígenas", "Modalidad Comunidades Indígenas",
       "Jardín Infantil en Comunidades Indígenas", "Jardín Étnico", "Jardines étnicos")},
    {"pmi", "Modalidad Programa de Mejoramiento a la Infancia (PMI)", "PMI",
     L("PMI", "Programa de Mejoramiento a la Infancia", "Modalidad PMI",
       "Programa de Mejoramiento a la Infancia (PMI)")},
    {"ceci", "Modalidad Centros Educativos Culturales de Infancia (CECI)", "CECI",
     L("CECI", "Centros Educativos Culturales de Infancia", "Modalidad CECI",
       "Centro Educativo Cultural de Infancia", "Centros Educativos Culturales de Infancia (CECI)")},
    {"cash", "Modalidad Conozca a Su Hijo (CASH)", "CASH",
     L("CASH", "Conozca a su Hijo", "Modalidad CASH", "Programa Conozca a su Hijo",
       "Conozca a su Hijo (CASH)")},
    {"familia", "Programa Educativo para la Familia", "Familia",
     L("Programa Educativo para la Familia (PEF)", "PEF", "Educativo para la Familia",
       "Programa para la Familia")},
};

static const bt_item disciplines[] = {
    {"educador_parvulos", "Educador/a de párvulos", "Ed. párvulos",
     L("Educadora de párvulos", "Educador de párvulos", "Educadoras de párvulos",
       "Educadores de párvulos", "Ed. de párvulos", "Educador/a párvulos", "Educadora párvulos")},
    {"educador_diferencial", "Educador/a diferencial", "Ed. diferencial",
     L("Educadora diferencial", "Educador diferencial", "Educadoras diferenciales",
       "Profesor/a de educación diferencial", "Profesora diferencial", "Educación diferencial")},
    {"trabajador_social", "Trabajador/a social", "Trab. social",
     L("Trabajadora social", "Trabajador social", "Trabajadoras sociales",
       "Asistente social")},
    {"asesor_intercultural", "Asesor/a intercultural", "Intercultural",
     L("Asesora intercultural", "Asesor intercultural", "Educador/a intercultural",
       "Educadora intercultural", "Intercultural")},
    {"sicologo", "Sicólogo/a educacional", "Sicólogo/a",
     L("Psicólogo/a educacional", "Psicóloga educacional", "Psicólogo educacional",
       "Sicóloga educacional", "Sicólogo educacional", "Psicólogo/a", "Sicólogo/a",
       "Psicóloga", "Psicólogo", "Sicóloga", "Sicólogo")},
    {"nutricionista", "Nutricionista", "Nutricionista", L("Nutricionistas")},
};

static const bt_item ambitos[] = {
    {"ue", "Proyecciones con las UE", "Con las UE",
     L("Con las UE", "Proyecciones con las unidades educativas",
       "Proyección con las UE", "Proyecciones UE")},
    {"ett", "Proyecciones del ETT", "Del ETT",
     L("Del ETT", "Proyecciones del equipo técnico territorial", "Proyección del ETT",
       "Proyecciones ETT")},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Beside each discipline's count, the XLSX template counts the names
 * listed and says whether they match (xw_template.c). */
static const bt_helper_col staff_helpers[] = {
    {"Nombres listados", BT_HELPER_COUNT},
    {"Revisión", BT_HELPER_MARK},
};

static const char *const marks[BT_MARK__COUNT] = {
    [BT_MARK_OK] = "Coincide",
    [BT_MARK_MISMATCH] = "No coincide",
    [BT_MARK_NO_COUNT] = "Falta la cantidad",
    [BT_MARK_BAD_COUNT] = "Revise la cantidad",
};

static const bt_table tables[BT_TABLE__COUNT] = {
    {BT_TABLE_UNITS, BT_SEC_UNITS, 2,
     L("Programas / Modalidades", "Nº de unidades educativas correspondientes al territorio"),
     L("Programas", "Modalidades", "Programa / Modalidad", "Programas y modalidades",
       "Programas / Modalidades educativas"),
     programmes, COUNT_OF(programmes), true, NULL, 0},
    {BT_TABLE_STAFF, BT_SEC_STAFF, 3,
     L("Disciplinas", "Nº dotación profesionales",
       "Nombres y apellidos de profesionales que integran el territorio"),
     L("Disciplina", "Disciplinas profesionales"),
     disciplines, COUNT_OF(disciplines), true, staff_helpers, COUNT_OF(staff_helpers)},
    {BT_TABLE_CAETT, BT_SEC_IMPL, 3,
     L("Contextos, temáticas, contenidos, problemáticas identificadas",
       "Fecha en que se abordan",
       "Estrategias para su desarrollo (capacitación, conversatorio, revisión de casos, etc.)"),
     L("Contextos temáticas contenidos problemáticas", "Temáticas",
       "Contextos, temáticas, contenidos", "Temáticas, contenidos, problemáticas identificadas"),
     NULL, 0, false, NULL, 0},
    {BT_TABLE_PROJ, BT_SEC_EVAL, 3, L("Ámbito", "Objetivo", "Estrategia"),
     L("Ámbitos", "Ámbito de proyección"),
     ambitos, COUNT_OF(ambitos), false, NULL, 0},
};

/* Template text that holds no value: recognized and skipped. */
static const char *const subheadings[] = {
    /* 0 */ "Registro para la proyección del acompañamiento técnico territorial del próximo periodo",
    /* 1 */ "A. Comunidades de aprendizaje de los asesores y asesoras de los ETT",
    /* 2 */ "B. Organización de las comunidades de aprendizaje del ETT",
    /* 3 */ "Organización para la implementación de las comunidades de aprendizaje del ETT",
    /* 4 */ "Índice",
    /* 5 */ "ETAPAS DE LAS COMUNIDADES DE APRENDIZAJE DEL EQUIPO TÉCNICO TERRITORIAL",
    /* 6 */ "Introducción",
    NULL,
};
#define SUB_PROJ 0

static const char *const title_synonyms[] = {
    "BITÁCORA DEL EQUIPO TÉCNICO TERRITORIAL PARA EL ACOMPAÑAMIENTO TÉCNICO PERTINENTE",
    "Bitácora del equipo técnico territorial", "Bitácora ETT",
    "Bitácora del ETT", "Bitácora del equipo técnico territorial (ETT)", NULL,
};

static const char *const others_label =
    "OTROS (contenido no reconocido, tal como se escribió)";

static const char *const total_synonyms[] = {
    "Total", "Totales", "Total general", "Suma", "Total territorio", NULL,
};

/* ---- layout ---- */

static const bt_line layout[] = {
    {BT_LINE_TITLE, BT_SEC_NONE, 0, 0},
    {BT_LINE_HEADING, BT_SEC_IDENT, 0, 0},
    {BT_LINE_FIELD, BT_SEC_IDENT, BT_F_REGION, 0},
    {BT_LINE_FIELD, BT_SEC_IDENT, BT_F_TERRNUM, 0},
    {BT_LINE_FIELD, BT_SEC_IDENT, BT_F_TERRNAME, 0},
    {BT_LINE_FIELD, BT_SEC_IDENT, BT_F_COMUNAS, 0},
    {BT_LINE_FIELD, BT_SEC_IDENT, BT_F_PERIOD, 0},
    {BT_LINE_BLANK, BT_SEC_NONE, 0, 0},
    {BT_LINE_HEADING, BT_SEC_UNITS, 0, 0},
    {BT_LINE_TABLE_HEADER, BT_SEC_UNITS, BT_TABLE_UNITS, 0},
    {BT_LINE_ITEMS, BT_SEC_UNITS, BT_TABLE_UNITS, 0},
    {BT_LINE_TOTAL, BT_SEC_UNITS, BT_TABLE_UNITS, 0},
    {BT_LINE_BLANK, BT_SEC_NONE, 0, 0},
    {BT_LINE_HEADING, BT_SEC_STAFF, 0, 0},
    {BT_LINE_TABLE_HEADER, BT_SEC_STAFF, BT_TABLE_STAFF, 0},
    {BT_LINE_ITEMS, BT_SEC_STAFF, BT_TABLE_STAFF, 0},
    {BT_LINE_TOTAL, BT_SEC_STAFF, BT_TABLE_STAFF, 0},
    {BT_LINE_BLANK, BT_SEC_NONE, 0, 0},
    {BT_LINE_HEADING, BT_SEC_ORG, 0, 0},
    {BT_LINE_FIELD, BT_SEC_ORG, BT_F_REPRESENTANTE, 0},
    {BT_LINE_FIELD, BT_SEC_ORG, BT_F_FRECUENCIA, 0},
    {BT_LINE_FIELD, BT_SEC_ORG, BT_F_PLATAFORMA, 0},
    {BT_LINE_FIELD, BT_SEC_ORG, BT_F_OTROS_ACUERDOS, 0},
    {BT_LINE_BLANK, BT_SEC_NONE, 0, 0},
    {BT_LINE_HEADING, BT_SEC_PLAN, 0, 0},
    {BT_LINE_FIELD, BT_SEC_PLAN, BT_F_PLAN_A, 0},
    {BT_LINE_FIELD, BT_SEC_PLAN, BT_F_PLAN_B, 0},
    {BT_LINE_FIELD, BT_SEC_PLAN, BT_F_PLAN_C, 0},
    {BT_LINE_FIELD, BT_SEC_PLAN, BT_F_PLAN_D, 0},
    {BT_LINE_BLANK, BT_SEC_NONE, 0, 0},
    {BT_LINE_HEADING, BT_SEC_IMPL, 0, 0},
    {BT_LINE_TABLE_HEADER, BT_SEC_IMPL, BT_TABLE_CAETT, 0},
    {BT_LINE_FREE_ROWS, BT_SEC_IMPL, BT_TABLE_CAETT, 12},
    {BT_LINE_FIELD, BT_SEC_IMPL, BT_F_CAETT_PROYECTADAS, 0},
    {BT_LINE_BLANK, BT_SEC_NONE, 0, 0},
    /* One session block; the blank templates repeat it `count` times. */
    {BT_LINE_HEADING, BT_SEC_SESSION, 0, 10},
    {BT_LINE_FIELD, BT_SEC_SESSION, BT_F_SES_FECHA, 0},
    {BT_LINE_FIELD, BT_SEC_SESSION, BT_F_SES_TEMATICA, 0},
    {BT_LINE_FIELD, BT_SEC_SESSION, BT_F_SES_REGISTRO, 0},
    {BT_LINE_BLANK, BT_SEC_SESSION, 0, 0},
    {BT_LINE_HEADING, BT_SEC_EVAL, 0, 0},
    {BT_LINE_FIELD, BT_SEC_EVAL, BT_F_EVAL_ANALISIS, 0},
    {BT_LINE_SUBHEADING, BT_SEC_EVAL, SUB_PROJ, 0},
    {BT_LINE_TABLE_HEADER, BT_SEC_EVAL, BT_TABLE_PROJ, 0},
    /* Each ámbito with room for `count` rows (the others continue it). */
    {BT_LINE_ITEMS, BT_SEC_EVAL, BT_TABLE_PROJ, 3},
};

const bt_section *bt_tpl_section(bt_section_id id)
{
    return (unsigned)id < BT_SEC__COUNT ? &sections[id] : NULL;
}

const bt_field *bt_tpl_field(bt_field_id id)
{
    return (unsigned)id < BT_F__COUNT ? &fields[id] : NULL;
}

const bt_table *bt_tpl_table(bt_table_id id)
{
    return (unsigned)id < BT_TABLE__COUNT ? &tables[id] : NULL;
}

const bt_line *bt_tpl_layout(size_t *n)
{
    *n = COUNT_OF(layout);
    return layout;
}

const char *bt_tpl_title(void)
{
    return title_synonyms[0];
}

const char *bt_tpl_subheading(int index)
{
    if (index < 0 || (size_t)index >= COUNT_OF(subheadings) - 1)
        return NULL;
    return subheadings[index];
}

void bt_tpl_session_heading(int n, char *buf, size_t size)
{
    snprintf(buf, size, "%s%d", sections[BT_SEC_SESSION].heading, n);
}

const char *bt_tpl_total_label(void)
{
    return total_synonyms[0];
}

const char *bt_tpl_others_label(void)
{
    return others_label;
}

const char *bt_tpl_mark(bt_mark m)
{
    return (unsigned)m < BT_MARK__COUNT ? marks[m] : NULL;
}

bool bt_tpl_helper_value(bt_helper_kind kind, const char *text)
{
    if (kind == BT_HELPER_COUNT) {
        size_t n = strspn(text, "0123456789");
        return n > 0 && n <= 6 && text[n] == '\0';
    }
    for (int m = 0; m < BT_MARK__COUNT; m++)
        if (strcmp(text, marks[m]) == 0)
            return true;
    return false;
}

/* ---- compiled keys ---- */

typedef struct {
    const char *key;      /* fold key, owned by the arena */
    bt_match match;       /* what it names */
    const char *label;    /* canonical label, for suggestions */
    bool prefix;          /* matches keys that start with it */
    bool suggest;         /* offered as a suggestion */
} entry;

struct bt_tpl {
    bt_arena *arena;
    entry *entries;
    size_t n, cap;
    unsigned long id;     /* tells this template from one freed at the same address */
};

static bt_err add(bt_tpl *t, const char *text, bt_match m, const char *label,
                  bool prefix)
{
    entry *e = BT_PUSH(t->arena, t->entries, t->n, t->cap);
    if (!e)
        return BT_ERR_NOMEM;
    e->key = bt_fold(t->arena, text);
    if (!e->key)
        return BT_ERR_NOMEM;
    e->match = m;
    e->label = label;
    e->prefix = prefix;
    e->suggest = label != NULL;
    return BT_OK;
}

static bt_match mk(bt_match_kind kind, bt_section_id s)
{
    bt_match m = {kind, s, BT_F_NONE, BT_TABLE_NONE, -1, 0, false};
    return m;
}

static bt_err add_list(bt_tpl *t, const char *const *list, bt_match m,
                       const char *label, bool prefix)
{
    for (; list && *list; list++) {
        bt_err e = add(t, *list, m, label, prefix);
        if (e)
            return e;
    }
    return BT_OK;
}

bt_err bt_tpl_new(bt_tpl **out)
{
    *out = NULL;
    bt_tpl *t = calloc(1, sizeof *t);
    if (!t)
        return BT_ERR_NOMEM;
    static unsigned long ids;
    t->id = __atomic_add_fetch(&ids, 1, __ATOMIC_RELAXED);
    t->arena = bt_arena_new();
    bt_err e = t->arena ? BT_OK : BT_ERR_NOMEM;
    bt_match m;

    m = mk(BT_M_TITLE, BT_SEC_NONE);
    if (!e)
        e = add_list(t, title_synonyms, m, NULL, false);
    for (int s = 0; s < BT_SEC__COUNT && !e; s++) {
        m = mk(BT_M_HEADING, (bt_section_id)s);
        const bt_section *sec = &sections[s];
        e = add(t, sec->heading, m, sec->heading, sec->repeated);
        if (!e)
            e = add_list(t, sec->synonyms, m, NULL, sec->repeated);
    }
    for (int f = 0; f < BT_F__COUNT && !e; f++) {
        m = mk(BT_M_FIELD, fields[f].section);
        m.field = (bt_field_id)f;
        e = add(t, fields[f].label, m, fields[f].label, false);
        if (!e)
            e = add_list(t, fields[f].synonyms, m, NULL, false);
        if (!e)
            e = add_list(t, fields[f].prefixes, m, NULL, true);
    }
    for (int tb = 0; tb < BT_TABLE__COUNT && !e; tb++) {
        const bt_table *tab = &tables[tb];
        m = mk(BT_M_TABLE_HEADER, tab->section);
        m.table = (bt_table_id)tb;
        e = add(t, tab->columns[0], m, NULL, false);
        if (!e)
            e = add_list(t, tab->header_synonyms, m, NULL, false);
        for (size_t i = 0; i < tab->nitems && !e; i++) {
            m = mk(BT_M_ITEM, tab->section);
            m.table = (bt_table_id)tb;
            m.item = (int)i;
            e = add(t, tab->items[i].label, m, tab->items[i].label, false);
            if (!e)
                e = add_list(t, tab->items[i].synonyms, m, NULL, false);
        }
    }
    m = mk(BT_M_TOTAL, BT_SEC_NONE);
    if (!e)
        e = add_list(t, total_synonyms, m, NULL, false);
    m = mk(BT_M_OTHERS, BT_SEC_NONE);
    if (!e)
        e = add(t, others_label, m, NULL, false);
    for (int i = 0; subheadings[i] && !e; i++) {
        m = mk(BT_M_KNOWN, i == SUB_PROJ ? BT_SEC_EVAL : BT_SEC_NONE);
        m.number = i;
        e = add(t, subheadings[i], m, NULL, false);
    }
    if (e) {
        bt_tpl_free(t);
        return e;
    }
    *out = t;
    return BT_OK;
}

void bt_tpl_free(bt_tpl *t)
{
    if (!t)
        return;
    bt_arena_free(t->arena);
    free(t);
}

/* Strip a leading enumerator ("1", "ii") from a heading key.  Letters are
 * not enumerators here: "A." to "D." begin the planning labels. */
static const char *skip_enumerator(const char *key)
{
    static const char *const enums[] = {"i", "ii", "iii", "iv", "v", "vi",
                                        "vii", "viii", "ix", "x", NULL};
    const char *sp = strchr(key, ' ');
    if (!sp)
        return key;
    size_t n = (size_t)(sp - key);
    bool digits = true;
    for (size_t i = 0; i < n; i++)
        if (key[i] < '0' || key[i] > '9')
            digits = false;
    if (digits && n <= 2)
        return sp + 1;
    for (const char *const *e = enums; *e; e++)
        if (strlen(*e) == n && strncmp(key, *e, n) == 0)
            return sp + 1;
    return key;
}

/* Parse "registro comunidad de aprendizaje n 3": the number after the
 * prefix, or 0 when there is none. */
static bool session_number(const char *rest, int *number)
{
    while (*rest == ' ')
        rest++;
    if (rest[0] == 'n' && (rest[1] == ' ' || rest[1] == '\0'))
        rest += 1;
    while (*rest == ' ')
        rest++;
    if (!*rest) {
        *number = 0;
        return true;
    }
    long v = 0;
    int digits = 0;
    while (*rest >= '0' && *rest <= '9' && digits < 6) {
        v = v * 10 + (*rest - '0');
        rest++;
        digits++;
    }
    if (!digits || *rest)
        return false;
    *number = (int)v;
    return true;
}

static bool entry_matches(const entry *e, const char *key, int *number)
{
    /* Every row's label is tried against every entry: most differ at once. */
    if (e->key[0] != key[0] && e->key[0])
        return false;
    size_t kl = strlen(e->key);
    if (!e->prefix)
        return strcmp(e->key, key) == 0;
    if (strncmp(e->key, key, kl) != 0 || (key[kl] != ' ' && key[kl] != '\0'))
        return false;
    if (e->match.kind == BT_M_HEADING)
        return session_number(key + kl, number);
    return true;
}

/*
 * The same labels come back in every logbook (each session repeats
 * "Fecha", "Temática abordada", "Registro"), and bt_tpl_match is a pure
 * function of the template, the key and the section: each thread keeps
 * the last answers in a small table.  A key too long for a slot is not
 * kept.
 */
#define MEMO_SLOTS 256
#define MEMO_KEY 48

typedef struct {
    unsigned long tpl;        /* its id; 0: empty */
    bt_section_id current;
    char key[MEMO_KEY];
    bt_match m;
} memo_slot;

static _Thread_local memo_slot memo[MEMO_SLOTS];

static memo_slot *memo_at(const bt_tpl *t, const char *key, bt_section_id current,
                          size_t *len)
{
    uint32_t h = 2166136261u ^ (uint32_t)current;
    size_t n = 0;
    for (; key[n]; n++)
        h = (h ^ (unsigned char)key[n]) * 16777619u;
    *len = n;
    h ^= (uint32_t)t->id;
    return n < MEMO_KEY ? &memo[h % MEMO_SLOTS] : NULL;
}

static bt_match tpl_match(const bt_tpl *t, const char *key, bt_section_id current);

bt_match bt_tpl_match(const bt_tpl *t, const char *key, bt_section_id current)
{
    size_t len;
    memo_slot *slot = memo_at(t, key, current, &len);
    if (slot && slot->tpl == t->id && slot->current == current && !strcmp(slot->key, key))
        return slot->m;
    bt_match m = tpl_match(t, key, current);
    if (slot) {
        slot->tpl = t->id;
        slot->current = current;
        memcpy(slot->key, key, len + 1);
        slot->m = m;
    }
    return m;
}

static bt_match tpl_match(const bt_tpl *t, const char *key, bt_section_id current)
{
    bt_match none = mk(BT_M_NONE, BT_SEC_NONE);
    if (!key[0])
        return none;
    const char *heading_key = skip_enumerator(key);
    const entry *global = NULL, *foreign = NULL;
    int number = 0;
    for (size_t i = 0; i < t->n; i++) {
        const entry *e = &t->entries[i];
        int num = 0;
        bool hit = entry_matches(e, key, &num);
        if (!hit && e->match.kind == BT_M_HEADING && heading_key != key)
            hit = entry_matches(e, heading_key, &num);
        if (!hit)
            continue;
        bool local_field = e->match.kind == BT_M_FIELD && fields[e->match.field].local;
        if (e->match.section == current || e->match.kind == BT_M_TOTAL ||
            e->match.kind == BT_M_TITLE || e->match.kind == BT_M_HEADING ||
            e->match.kind == BT_M_OTHERS ||
            (e->match.kind == BT_M_KNOWN && e->match.section == BT_SEC_NONE)) {
            bt_match m = e->match;
            if (m.kind == BT_M_HEADING)
                m.number = num;
            return m;
        }
        if (!global && !local_field) {
            global = e;
            number = num;
        }
        if (!foreign && local_field)
            foreign = e;
    }
    if (global) {
        bt_match m = global->match;
        m.number = number;
        return m;
    }
    if (foreign) {
        bt_match m = foreign->match;
        m.foreign = true;
        return m;
    }
    return none;
}

int bt_tpl_match_item(const bt_tpl *t, bt_table_id table, const char *key)
{
    for (size_t i = 0; i < t->n; i++) {
        const entry *e = &t->entries[i];
        if (e->match.kind == BT_M_ITEM && e->match.table == table &&
            strcmp(e->key, key) == 0)
            return e->match.item;
    }
    return -1;
}

static const char *suggest_where(const bt_tpl *t, const char *key, bt_table_id table)
{
    size_t cap = bt_suggest_cap(strlen(key));
    size_t best = cap + 1;
    const char *label = NULL;
    bool tie = false;
    for (size_t i = 0; i < t->n; i++) {
        const entry *e = &t->entries[i];
        if (table != BT_TABLE_NONE &&
            (e->match.kind != BT_M_ITEM || e->match.table != table))
            continue;
        if (e->match.kind == BT_M_TITLE || e->match.kind == BT_M_KNOWN ||
            e->match.kind == BT_M_TOTAL || e->match.kind == BT_M_TABLE_HEADER ||
            e->match.kind == BT_M_OTHERS)
            continue;
        size_t d = bt_edit_distance(key, e->key, cap);
        if (d > cap || d > best)
            continue;
        const char *l = e->match.kind == BT_M_HEADING ? sections[e->match.section].heading
                        : e->match.kind == BT_M_FIELD ? fields[e->match.field].label
                        : tables[e->match.table].items[e->match.item].label;
        if (d < best) {
            best = d;
            label = l;
            tie = false;
        } else if (l != label) {
            tie = true;    /* two labels equally near: suggest neither */
        }
    }
    return tie ? NULL : label;
}

const char *bt_tpl_suggest(const bt_tpl *t, const char *key)
{
    return suggest_where(t, key, BT_TABLE_NONE);
}

const char *bt_tpl_suggest_item(const bt_tpl *t, bt_table_id table, const char *key)
{
    return suggest_where(t, key, table);
}
