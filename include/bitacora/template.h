/*
 * template.h - the logbook template, described once, as data.
 *
 * The sections, their headings, the labelled fields, the tables with their
 * fixed rows (programmes, disciplines, ámbitos) and every synonym a team
 * may type live in src/template.c.  The form reader matches rows against
 * it, the checks take kinds and required flags from it, and the template
 * and workbook writers take labels, sheet names and layout from it.
 *
 * The static description is constant.  bt_tpl_new() compiles it into fold
 * keys once per run; the compiled object is read-only afterwards, so it can
 * be shared by threads.
 */
#ifndef BITACORA_TEMPLATE_H
#define BITACORA_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "bitacora/util.h"

/* The sheets of the XLSX form template: the one teams fill, and the
 * template's own instructions and lists, which are never the logbook. */
#define BT_TPL_SHEET_FORM "Bitácora"
#define BT_TPL_SHEET_HELP "Instrucciones"
#define BT_TPL_SHEET_LISTS "Listas"

typedef enum {
    BT_SEC_IDENT,     /* ANTECEDENTES DEL TERRITORIO ... */
    BT_SEC_UNITS,     /* UNIDADES EDUCATIVAS DEL TERRITORIO */
    BT_SEC_STAFF,     /* DOTACIÓN DE ASESORES Y ASESORAS ... */
    BT_SEC_ORG,       /* ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO ... */
    BT_SEC_PLAN,      /* PLANIFICACIÓN */
    BT_SEC_IMPL,      /* IMPLEMENTACIÓN (CAETT table) */
    BT_SEC_SESSION,   /* REGISTRO COMUNIDAD DE APRENDIZAJE N°<n> (repeated) */
    BT_SEC_EVAL,      /* EVALUACIÓN */
    BT_SEC__COUNT,
    BT_SEC_NONE = -1
} bt_section_id;

typedef enum {
    BT_KIND_TEXT,      /* free text */
    BT_KIND_NAME,      /* a person's name */
    BT_KIND_COUNT,     /* non-negative integer */
    BT_KIND_DATE,      /* a date, day or month precision */
    BT_KIND_YEAR,      /* four-digit year */
    BT_KIND_REGION,    /* a region, any spelling */
    BT_KIND_TERRNUM,   /* positive integer, "Territorio 3" accepted */
    BT_KIND_COMUNAS,   /* a list of comunas */
} bt_kind;

typedef enum {
    BT_F_REGION, BT_F_TERRNUM, BT_F_TERRNAME, BT_F_COMUNAS, BT_F_PERIOD,
    BT_F_REPRESENTANTE, BT_F_FRECUENCIA, BT_F_PLATAFORMA, BT_F_OTROS_ACUERDOS,
    BT_F_PLAN_A, BT_F_PLAN_B, BT_F_PLAN_C, BT_F_PLAN_D,
    BT_F_CAETT_PROYECTADAS,
    BT_F_SES_FECHA, BT_F_SES_TEMATICA, BT_F_SES_REGISTRO,
    BT_F_EVAL_ANALISIS,
    BT_F__COUNT,
    BT_F_NONE = -1
} bt_field_id;

typedef enum {
    BT_TABLE_UNITS,    /* Programas / Modalidades | Nº de unidades */
    BT_TABLE_STAFF,    /* Disciplinas | Nº dotación | Nombres */
    BT_TABLE_CAETT,    /* Contextos... | Fecha en que se abordan | Estrategias */
    BT_TABLE_PROJ,     /* Ámbito | Objetivo | Estrategia */
    BT_TABLE__COUNT,
    BT_TABLE_NONE = -1
} bt_table_id;

/* A labelled field: one row, label in column A, value to its right. */
typedef struct {
    bt_field_id id;
    bt_section_id section;
    const char *key;          /* stable ASCII identifier: "region" */
    const char *label;        /* canonical label, as in the logbook */
    const char *const *synonyms;   /* other whole labels, NULL-terminated */
    const char *const *prefixes;   /* labels that may continue (long texts) */
    bt_kind kind;
    bool required;
    bool local;               /* only matched inside its own section */
    const char *help;         /* one-line Spanish help for the template */
} bt_field;

/* A column the XLSX template computes to the right of a table (the names
 * of a discipline counted, whether they match its count).  What it shows
 * is never data the team typed: the form reader reads past it once the
 * table's header row names it, so a filled template (or its CSV) reads as
 * what the team typed. */
typedef enum {
    BT_HELPER_COUNT,   /* a whole number: names listed, or their total */
    BT_HELPER_MARK,    /* one of the marks (bt_tpl_mark), or empty */
} bt_helper_kind;

typedef struct {
    const char *header;
    bt_helper_kind kind;
} bt_helper_col;

/* What the template's mark column says of a declared count and the names
 * listed beside it. */
typedef enum {
    BT_MARK_OK,          /* the count and the names agree */
    BT_MARK_MISMATCH,    /* they do not */
    BT_MARK_NO_COUNT,    /* names listed, no count */
    BT_MARK_BAD_COUNT,   /* the count is not a number */
    BT_MARK__COUNT
} bt_mark;

/* A fixed row of a table: a programme, a discipline or an ámbito. */
typedef struct {
    const char *key;          /* stable ASCII identifier: "vtf" */
    const char *label;        /* canonical name */
    const char *short_label;  /* column header in the matrices */
    const char *const *synonyms;
} bt_item;

typedef struct {
    bt_table_id id;
    bt_section_id section;
    size_t ncolumns;
    const char *const *columns;             /* canonical headers */
    const char *const *header_synonyms;     /* other spellings of column A's header */
    const bt_item *items;                   /* fixed rows, or NULL */
    size_t nitems;
    bool has_total;                         /* an optional Total row */
    const bt_helper_col *helpers;           /* computed columns of the XLSX */
    size_t nhelpers;                        /* template, after the columns */
} bt_table;

typedef struct {
    bt_section_id id;
    const char *key;          /* "antecedentes" */
    const char *heading;      /* canonical heading, as in the logbook */
    const char *title;        /* short Spanish name for messages */
    const char *const *synonyms;
    bool repeated;            /* the session block */
    bool required;
    bt_table_id table;
} bt_section;

/* The template's layout, line by line, as the CSV/XLSX templates show it
 * and as the export writes a filled logbook back. */
typedef enum {
    BT_LINE_TITLE,        /* the logbook's title */
    BT_LINE_HEADING,      /* a section heading */
    BT_LINE_FIELD,        /* label | value */
    BT_LINE_TABLE_HEADER, /* the table's column headers */
    BT_LINE_ITEMS,        /* one line per fixed item of the table */
    BT_LINE_FREE_ROWS,    /* `count` empty rows of a free table */
    BT_LINE_TOTAL,        /* the Total row of the table */
    BT_LINE_SUBHEADING,   /* a fixed text line (instructions) */
    BT_LINE_BLANK,        /* an empty separator line */
} bt_line_kind;

typedef struct {
    bt_line_kind kind;
    bt_section_id section;
    int ref;              /* field id, table id, or index of the text */
    int count;            /* blank template: free rows; session blocks (on
                           * the session heading, which starts a block that
                           * runs to the next non-session line); rows per
                           * ámbito */
} bt_line;

/* ---- the static description ---- */
const bt_section *bt_tpl_section(bt_section_id id);
const bt_field *bt_tpl_field(bt_field_id id);
const bt_table *bt_tpl_table(bt_table_id id);
const bt_line *bt_tpl_layout(size_t *n);
const char *bt_tpl_title(void);
const char *bt_tpl_subheading(int index);
/* Label of a session heading for number n ("REGISTRO COMUNIDAD DE
 * APRENDIZAJE N°3"), written into buf. */
void bt_tpl_session_heading(int n, char *buf, size_t size);
/* Labels of the Total row and of items found outside the fixed lists. */
const char *bt_tpl_total_label(void);
/* The line `bitacora export` writes above the rows a logbook had in
 * Otros; the reader keeps every row after it in Otros again. */
const char *bt_tpl_others_label(void);
/* The text of a mark, and whether a cell's (cleaned) text is what a
 * computed column of this kind shows. */
const char *bt_tpl_mark(bt_mark m);
bool bt_tpl_helper_value(bt_helper_kind kind, const char *text);

/* ---- the compiled matcher ---- */
typedef struct bt_tpl bt_tpl;

bt_err bt_tpl_new(bt_tpl **out);
void bt_tpl_free(bt_tpl *t);

/* What a fold key names.  Every lookup takes the key of a whole label. */
typedef enum {
    BT_M_NONE,
    BT_M_TITLE,        /* the logbook title: ignored */
    BT_M_KNOWN,        /* template text with no value (instructions) */
    BT_M_HEADING,      /* a section heading: section, number */
    BT_M_FIELD,        /* a field: field */
    BT_M_TABLE_HEADER, /* a table's header row: table */
    BT_M_ITEM,         /* a fixed row of a table: table, item */
    BT_M_TOTAL,        /* a Total row */
    BT_M_OTHERS,       /* the export's line above the rows kept in Otros */
} bt_match_kind;

typedef struct {
    bt_match_kind kind;
    bt_section_id section;
    bt_field_id field;
    bt_table_id table;
    int item;
    int number;        /* session number in the heading, 0 if none */
    bool foreign;      /* a field matched only in its own section, and the
                        * current section is another one */
} bt_match;

/* Match a key in the context of the current section (BT_SEC_NONE before
 * the first heading).  Fields and items of the current section are tried
 * first, then those matched anywhere, and last the fields that belong to
 * one section only (returned with foreign set). */
bt_match bt_tpl_match(const bt_tpl *t, const char *key, bt_section_id current);

/* Match an item of one table only (programmes, disciplines, ámbitos). */
int bt_tpl_match_item(const bt_tpl *t, bt_table_id table, const char *key);

/* The canonical label closest to key (fields, items, headings), within the
 * edit distance bt_suggest_cap allows; NULL if none.  Static string. */
const char *bt_tpl_suggest(const bt_tpl *t, const char *key);
/* The same, restricted to the items of one table. */
const char *bt_tpl_suggest_item(const bt_tpl *t, bt_table_id table, const char *key);

#endif
