/*
 * finding.h - findings: what the checks say about a file, as values.
 *
 * Every finding has a stable code (E### errors, A### avisos), a location
 * (file, sheet for XLSX, spreadsheet row and column, the cell name), the
 * field it concerns, the value seen and a Spanish message that says what
 * to fix.  Nothing below the commands prints: findings are collected in a
 * bt_findings list and written by bt_findings_write().
 */
#ifndef BITACORA_FINDING_H
#define BITACORA_FINDING_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bitacora/util.h"

typedef enum { BT_SEV_ERROR, BT_SEV_AVISO } bt_severity;

/* The codes.  Never renumber: users and scripts rely on them. */
typedef enum {
    /* file */
    BT_E_UNREADABLE,        /* E001 */
    BT_E_BINARY,            /* E002 */
    BT_E_CSV_SYNTAX,        /* E003 */
    BT_E_UNDECODABLE,       /* E004 */
    BT_E_EMPTY,             /* E005 */
    BT_E_LIMIT,             /* E006 */
    BT_A_UTF16_NO_BOM,      /* A007 */
    BT_A_ENCODING_OPTION,   /* A008 */
    BT_A_TOO_MANY,          /* A009 */
    BT_E_XLSX_BROKEN,       /* E010 */
    BT_E_XLSX_ENCRYPTED,    /* E011 */
    BT_E_XLS_OLD,           /* E012 */
    BT_E_XLSX_HOSTILE,      /* E013 */
    BT_E_NOT_LOGBOOK,       /* E014 */
    BT_A_FORMULA_NO_VALUE,  /* A015 */
    BT_A_SHEET_UNREAD,      /* A016 */
    /* structure */
    BT_E_SECTION_MISSING,   /* E020 */
    BT_E_FIELD_MISSING,     /* E021 */
    BT_A_SECTION_REPEATED,  /* A022 */
    BT_A_FIELD_REPEATED,    /* A023 */
    BT_A_UNMAPPED,          /* A024 */
    BT_A_SESSION_NO_HEADING,/* A025 */
    /* identity */
    BT_E_REGION,            /* E030 */
    BT_E_TERRNUM,           /* E031 */
    BT_A_COMUNA_UNKNOWN,    /* A032 */
    BT_E_COMUNA_REGION,     /* E033 */
    BT_A_PERIOD_MISSING,    /* A034 */
    BT_E_PERIOD,            /* E035 */
    BT_A_DUP_IDENTICAL,     /* A036 */
    BT_E_DUP_CONFLICT,      /* E037 */
    BT_A_COMUNA_REPEATED,   /* A038 */
    BT_A_INPUT_TWICE,       /* A039 */
    /* units */
    BT_E_UNITS_COUNT,       /* E040 */
    BT_A_UNITS_EMPTY,       /* A041 */
    BT_E_UNITS_TOTAL,       /* E042 */
    BT_A_PROGRAMME_UNKNOWN, /* A043 */
    BT_A_PROGRAMME_REPEATED,/* A044 */
    /* staffing */
    BT_E_STAFF_COUNT,       /* E050 */
    BT_E_STAFF_NAMES,       /* E051 */
    BT_A_PERSON_REPEATED,   /* A052 */
    BT_E_STAFF_TOTAL,       /* E053 */
    BT_A_DISCIPLINE_UNKNOWN,/* A054 */
    BT_A_STAFF_EMPTY,       /* A055 */
    BT_A_DISCIPLINE_REPEATED,/* A056 */
    /* sessions and CAETT */
    BT_E_DATE,              /* E060 */
    BT_A_DATE_PERIOD,       /* A061 */
    BT_A_SESSION_NUMBERS,   /* A062 */
    BT_A_SESSIONS_OVER,     /* A063 */
    BT_E_CAETT_PROJECTED,   /* E064 */
    BT_A_CAETT_NO_DATE,     /* A065 */
    BT_A_AMBITO_UNKNOWN,    /* A066 */
    /* text */
    BT_A_TEXT_LONG,         /* A070 */
    /* coverage: the run against the roster (--territorios) */
    BT_E_LOGBOOK_MISSING,   /* E080 */
    BT_A_NUMBERING_GAP,     /* A081 */
    BT_A_NOT_ON_ROSTER,     /* A082 */
    BT_A_ROSTER_NAME,       /* A083 */
    BT_A_ROSTER_COMUNAS,    /* A084 */
    BT_A_ROSTER_ROW,        /* A085 */
    BT_CODE__COUNT
} bt_code;

typedef struct {
    const char *id;          /* "E031" */
    bt_severity severity;
    const char *title;       /* short Spanish description */
    const char *todo;        /* what the team does about it, in general (the
                              * correction lists' "Qué hacer"; the message
                              * says what was found, often with a suggestion) */
} bt_code_info;

const bt_code_info *bt_code_info_of(bt_code code);

typedef struct {
    bt_code code;
    bt_severity severity;
    const char *file;        /* the input as the user named it */
    const char *sheet;       /* XLSX sheet, NULL for CSV */
    uint32_t row, col;       /* 1-based; 0 when the finding is about the file */
    const char *field;       /* Spanish field name, or NULL */
    const char *value;       /* the value seen (at most 200 characters), or NULL */
    const char *message;     /* Spanish, says what to fix */
    uint32_t seq;            /* order of insertion, for stable sorting */
} bt_finding;

typedef struct bt_findings bt_findings;

bt_findings *bt_findings_new(void);
void bt_findings_free(bt_findings *f);
/* A copy of f: its findings in order, the counts of those left out, its
 * limit.  tight: in as little memory as it takes (a copy kept long,
 * summary.h).  NULL when out of memory. */
bt_findings *bt_findings_clone(const bt_findings *f, bool tight);
/* Memory f holds. */
size_t bt_findings_bytes(const bt_findings *f);

/* Add a finding; strings are copied.  The message is printf-formatted.
 * Returns BT_ERR_NOMEM only. */
bt_err bt_findings_add(bt_findings *f, bt_code code, const char *file,
                       const char *sheet, uint32_t row, uint32_t col,
                       const char *field, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

bt_err bt_findings_vadd(bt_findings *f, bt_code code, const char *file,
                        const char *sheet, uint32_t row, uint32_t col,
                        const char *field, const char *value, const char *fmt, va_list ap)
    __attribute__((format(printf, 9, 0)));

/* A finding about a whole file whose read stops on it (E001, E002, E005,
 * E006, E010 to E013): added like bt_findings_add() at row 0, and the
 * error that says why the read stopped is returned (BT_ERR_READ for E001,
 * BT_ERR_EMPTY for E005, ... as util.h lists them), or BT_ERR_NOMEM when
 * the finding could not be added. */
bt_err bt_findings_refuse(bt_findings *f, bt_code code, const char *file, const char *fmt,
                          ...) __attribute__((format(printf, 4, 5)));
bt_err bt_findings_vrefuse(bt_findings *f, bt_code code, const char *file, const char *fmt,
                           va_list ap) __attribute__((format(printf, 4, 0)));

/* Append copies of every finding of src. */
bt_err bt_findings_extend(bt_findings *dst, const bt_findings *src);

/* Keep at most max findings (0: no limit); the others are counted, not
 * stored, so a hostile file cannot exhaust memory with them.  Errors are
 * kept before avisos; findings about the whole file (row 0) and
 * BT_A_TOO_MANY are always kept. */
void bt_findings_set_limit(bt_findings *f, size_t max);
bool bt_findings_full(const bt_findings *f);
size_t bt_findings_dropped(const bt_findings *f);
size_t bt_findings_dropped_errors(const bt_findings *f);

/* Remove every finding with this code, and forget those of the code that
 * did not fit. */
void bt_findings_drop(bt_findings *f, bt_code code);

size_t bt_findings_count(const bt_findings *f);
const bt_finding *bt_findings_at(const bt_findings *f, size_t i);
/* Errors and avisos, those counted but not kept included. */
size_t bt_findings_errors(const bt_findings *f);
size_t bt_findings_avisos(const bt_findings *f);
/* Sort by file, row, column, then insertion order. */
void bt_findings_sort(bt_findings *f);
/* Sort the findings of one file as a team corrects them: errors first,
 * then by row, column and insertion order (the correction list and the
 * web page). */
void bt_findings_sort_to_correct(const bt_finding **v, size_t n);

/* "C14", or "Bitácora!C14" for an XLSX sheet, or "" for the whole file. */
void bt_finding_cell(const bt_finding *x, char *buf, size_t size);

typedef enum { BT_FMT_TEXT, BT_FMT_CSV, BT_FMT_JSON } bt_format;

/* Write all findings in a format.  CSV has a header and a UTF-8 BOM;
 * JSON is an array of objects.  Returns BT_ERR_WRITE on a stream error. */
bt_err bt_findings_write(const bt_findings *f, bt_format fmt, FILE *out);

/* The same, appended to a string builder (no stdio in between). */
bt_err bt_findings_format(const bt_findings *f, bt_format fmt, bt_sb *out);

/* One finding as the compiler-style line (no newline) into b. */
bt_err bt_finding_line(const bt_finding *x, bt_sb *b);

/* A JSON string (quoted, escaped; bytes that are not UTF-8 as U+FFFD),
 * or null for NULL, into b. */
void bt_json_string(bt_sb *b, const char *s);

/* CSV-quote one field into b, neutralizing formula-like text with a
 * leading apostrophe. */
bt_err bt_csv_field(bt_sb *b, const char *s);

#endif
