/* xlsxread.c - the XLSX reader (see xlsxread.h). */
#include "bitacora/xlsxread.h"

#include <expat.h>
#include <stdarg.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unzip.h>

#include "bitacora/template.h"
#include "bitacora/text.h"

#define CHUNK (64u * 1024u)
#define MAX_SHEETS 1024u
#define NS_SEP '|'

/* ---- zip I/O over a FILE or memory ---- */

typedef struct {
    FILE *f;
    const unsigned char *mem;
    uint64_t len, pos;
} zsrc;

static voidpf ZCALLBACK z_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    (void)mode;
    zsrc *s = opaque;
    s->pos = 0;
    if (s->f && fseek(s->f, 0, SEEK_SET) != 0)
        return NULL;
    return s;
}

static uLong ZCALLBACK z_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    zsrc *s = stream;
    if (s->f)
        return (uLong)fread(buf, 1, size, s->f);
    uint64_t left = s->len - s->pos;
    uLong k = size < left ? size : (uLong)left;
    memcpy(buf, s->mem + s->pos, k);
    s->pos += k;
    return k;
}

static uLong ZCALLBACK z_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK z_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    zsrc *s = stream;
    if (s->f) {
        long p = ftell(s->f);
        return p < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)p;
    }
    return s->pos;
}

static long ZCALLBACK z_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    (void)opaque;
    zsrc *s = stream;
    if (s->f) {
        int wh = origin == ZLIB_FILEFUNC_SEEK_SET ? SEEK_SET
                 : origin == ZLIB_FILEFUNC_SEEK_CUR ? SEEK_CUR : SEEK_END;
        if (off > (ZPOS64_T)INT64_MAX)
            return -1;
        return fseeko(s->f, (off_t)off, wh) == 0 ? 0 : -1;
    }
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0
                    : origin == ZLIB_FILEFUNC_SEEK_CUR ? s->pos : s->len;
    if (off > s->len || base + off > s->len)
        return -1;
    s->pos = base + off;
    return 0;
}

static int ZCALLBACK z_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK z_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    zsrc *s = stream;
    return s->f ? ferror(s->f) : 0;
}

/* Do the first n bytes of the source equal magic? */
static bool starts_with(zsrc *s, const char *magic, size_t n)
{
    unsigned char head[8];
    if (n > sizeof head)
        return false;
    if (s->mem)
        return s->len >= n && memcmp(s->mem, magic, n) == 0;
    if (!s->f || fseek(s->f, 0, SEEK_SET) != 0)
        return false;
    return fread(head, 1, n, s->f) == n && memcmp(head, magic, n) == 0;
}

/* ---- reader state ---- */

typedef struct {
    uint16_t id;
    bool is_date, has_day;
} numfmt;

typedef struct {
    char *target;       /* resolved zip path */
    char *id;
    char *type;
} rel;

typedef struct {
    char *name;
    char *rid;
    bool hidden;
} sheet_ref;

typedef struct {
    unzFile zf;
    const char *display;
    bt_findings *findings;
    bt_source_info *info;
    bt_row_fn fn;
    void *ctx;               /* the row callback's */
    bt_err err;              /* sticky */
    uint64_t total;          /* uncompressed bytes read so far */
    const char *part;        /* part being parsed, for messages */
    XML_Parser parser;

    /* discovered */
    char *workbook;          /* zip path of the workbook part */
    const char *doc_kind;    /* what else it might be: "Word", ... */
    bool date1904;
    sheet_ref *sheets;
    size_t nsheets;
    rel *rels;
    size_t nrels;
    numfmt *fmts;
    size_t nfmts;
    uint16_t *xfs;           /* numFmtId per cell style */
    size_t nxfs, capxfs;
    bool in_cellxfs, in_numfmts;

    /* shared strings */
    char **sst;
    size_t nsst, capsst;
    bool in_si, in_t, in_rph;
    size_t t_start;          /* where the current <t>'s text starts in val */

    /* the sheet */
    bt_sb text;              /* cell texts of the row, NUL separated */
    struct cref { uint32_t col; size_t off, len; } *refs;
    size_t nrefs, caprefs;
    bt_cell *cells;
    size_t capcells;
    uint32_t row, next_row, col_cursor;
    uint32_t last_content_row;  /* not the formatted empty rows after it */
    uint32_t cell_col;
    char cell_type[16];
    int cell_style;
    bool in_v, in_is, in_cell;
    bool cell_f, cell_v;     /* the cell has a formula, a cached value */
    bt_sb val;
    bool cols_reported;
    bool want_all;           /* test mode: every sheet cell, no logbook checks */
    uint64_t delivered;      /* cell text handed to the rows, shared strings expanded */
} xr;

static bt_err finding(xr *x, bt_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A finding about the file; returns the error that stops the read
 * (bt_findings_refuse). */
static bt_err finding(xr *x, bt_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bt_err e = bt_findings_vrefuse(x->findings, code, x->display, fmt, ap);
    va_end(ap);
    return e;
}

static void fail(xr *x, bt_err e)
{
    if (!x->err)
        x->err = e;
    if (x->parser)
        XML_StopParser(x->parser, XML_FALSE);
}

/* Local name of an expat name "uri|local". */
static const char *local(const char *name)
{
    const char *p = strrchr(name, NS_SEP);
    return p ? p + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* The r:id attribute (relationships namespace), by local name "id". */
static const char *attr_rid(const char **atts)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *sep = strrchr(atts[i], NS_SEP);
        if (sep && strcmp(sep + 1, "id") == 0 && strstr(atts[i], "relationships"))
            return atts[i + 1];
    }
    return NULL;
}

/* ---- parts ---- */

static void XMLCALL reject_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    xr *x = ud;
    fail(x, finding(x, BT_E_XLSX_HOSTILE,
                    "la parte %s del XLSX declara un DTD (posible ataque de expansión de "
                    "entidades XML); un libro de Excel real no lo hace. Archivo rechazado.",
                    x->part));
}

static void XMLCALL reject_entity(void *ud, const XML_Char *name, int pe, const XML_Char *v,
                                  int vlen, const XML_Char *base, const XML_Char *sysid,
                                  const XML_Char *pubid, const XML_Char *notation)
{
    (void)name; (void)pe; (void)v; (void)vlen; (void)base; (void)sysid; (void)pubid;
    (void)notation;
    reject_doctype(ud, NULL, NULL, NULL, 0);
}

/* What the zip's index says of the current member, checked before a byte
 * of it is inflated: readable, not encrypted, a known compression, and a
 * declared size and ratio that are no zip bomb. */
static bt_err check_member(xr *x, const char *name, unz_file_info64 *fi)
{
    if (unzGetCurrentFileInfo64(x->zf, fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return finding(x, BT_E_XLSX_BROKEN, "no se pudo leer el índice del XLSX (parte %s).",
                       name);
    if (fi->flag & 1)
        return finding(x, BT_E_XLSX_ENCRYPTED,
                       "la parte %s del XLSX está cifrada; guarde el libro sin contraseña.",
                       name);
    if (fi->compression_method != 0 && fi->compression_method != Z_DEFLATED)
        return finding(x, BT_E_XLSX_BROKEN,
                       "la parte %s usa un método de compresión desconocido; vuelva a "
                       "guardar el libro desde Excel o LibreOffice.", name);
    if (fi->uncompressed_size > BT_XLSX_MAX_PART)
        return finding(x, BT_E_XLSX_HOSTILE,
                       "la parte %s del XLSX dice medir más de 256 MiB descomprimida; una "
                       "bitácora es mucho menor. Archivo rechazado (posible bomba zip).",
                       name);
    if (fi->uncompressed_size > (1u << 20) &&
        fi->uncompressed_size / (fi->compressed_size + 1) > BT_XLSX_MAX_RATIO)
        return finding(x, BT_E_XLSX_HOSTILE,
                       "la parte %s del XLSX se descomprime %llu veces su tamaño (más de "
                       "%u); archivo rechazado (posible bomba zip).", name,
                       (unsigned long long)(fi->uncompressed_size / (fi->compressed_size + 1)),
                       BT_XLSX_MAX_RATIO);
    return BT_OK;
}

/* A namespace-aware parser with the part's handlers, that refuses any
 * DTD or entity declaration. */
static XML_Parser part_parser(xr *x, XML_StartElementHandler start, XML_EndElementHandler end,
                              XML_CharacterDataHandler chars)
{
    XML_Parser p = XML_ParserCreateNS(NULL, NS_SEP);
    if (!p)
        return NULL;
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    XML_SetStartDoctypeDeclHandler(p, reject_doctype);
    XML_SetEntityDeclHandler(p, reject_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    return p;
}

/* Inflate the open member chunk by chunk into the parser, refusing it
 * when it grows beyond what its index said or what a logbook can be. */
static bt_err stream_member(xr *x, XML_Parser p, const char *name, const unz_file_info64 *fi)
{
    uint64_t got = 0;
    for (;;) {
        void *buf = XML_GetBuffer(p, CHUNK);
        if (!buf)
            return BT_ERR_NOMEM;
        int n = unzReadCurrentFile(x->zf, buf, CHUNK);
        if (n < 0)
            return finding(x, BT_E_XLSX_BROKEN,
                           "los datos comprimidos de la parte %s están dañados; vuelva a "
                           "guardar o a copiar el archivo.", name);
        got += (uint64_t)n;
        x->total += (uint64_t)n;
        if (got > BT_XLSX_MAX_PART || x->total > BT_XLSX_MAX_TOTAL ||
            (got > (1u << 20) && got / (fi->compressed_size + 1) > BT_XLSX_MAX_RATIO))
            return finding(x, BT_E_XLSX_HOSTILE,
                           "la parte %s del XLSX se descomprime a un tamaño desmesurado "
                           "(posible bomba zip); archivo rechazado.", name);
        if (XML_ParseBuffer(p, n, n == 0) == XML_STATUS_ERROR)
            return x->err ? x->err
                          : finding(x, BT_E_XLSX_BROKEN,
                                    "el XML de la parte %s está mal formado (%s, línea %lu); "
                                    "vuelva a guardar el libro desde su planilla.",
                                    name, XML_ErrorString(XML_GetErrorCode(p)),
                                    (unsigned long)XML_GetCurrentLineNumber(p));
        if (x->err)
            return x->err;
        if (n == 0)
            return BT_OK;
    }
}

/* Parse one zip member with the given handlers.  *found tells whether the
 * member exists; a missing member is not an error here. */
static bt_err parse_part(xr *x, const char *name, XML_StartElementHandler start,
                         XML_EndElementHandler end, XML_CharacterDataHandler chars,
                         bool *found)
{
    *found = false;
    if (unzLocateFile(x->zf, name, 2) != UNZ_OK)
        return BT_OK;
    *found = true;
    x->part = name;
    unz_file_info64 fi;
    bt_err e = check_member(x, name, &fi);
    if (e)
        return e;
    if (unzOpenCurrentFile(x->zf) != UNZ_OK)
        return finding(x, BT_E_XLSX_BROKEN, "no se pudo abrir la parte %s del XLSX.", name);
    XML_Parser p = part_parser(x, start, end, chars);
    if (!p) {
        unzCloseCurrentFile(x->zf);
        return BT_ERR_NOMEM;
    }
    x->parser = p;
    e = stream_member(x, p, name, &fi);
    XML_ParserFree(p);
    x->parser = NULL;
    int rc = unzCloseCurrentFile(x->zf);
    if (!e && rc == UNZ_CRCERROR)
        e = finding(x, BT_E_XLSX_BROKEN,
                    "la parte %s del XLSX no pasa la suma de verificación (archivo "
                    "dañado o incompleto).", name);
    if (!e && x->err)
        e = x->err;
    return e;
}

/* Resolve a relationship target against the directory of its source. */
static char *resolve(const char *base_dir, const char *target)
{
    char buf[1024];
    if (target[0] == '/')
        snprintf(buf, sizeof buf, "%s", target + 1);
    else
        snprintf(buf, sizeof buf, "%s%s", base_dir, target);
    /* Normalize "a/b/../c" and "./". */
    char *parts[64];
    size_t np = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, "/\\", &save); tok; tok = strtok_r(NULL, "/\\", &save)) {
        if (strcmp(tok, ".") == 0)
            continue;
        if (strcmp(tok, "..") == 0) {
            if (np)
                np--;
            continue;
        }
        if (np < 64)
            parts[np++] = tok;
    }
    size_t len = 1;
    for (size_t i = 0; i < np; i++)
        len += strlen(parts[i]) + 1;
    char *out = malloc(len);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < np; i++) {
        if (i)
            strcat(out, "/");
        strcat(out, parts[i]);
    }
    return out;
}

/* ---- [Content_Types].xml ---- */

static void XMLCALL ct_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *x = ud;
    if (strcmp(local(name), "Override") != 0)
        return;
    const char *pn = attr(atts, "PartName"), *ct = attr(atts, "ContentType");
    if (!pn || !ct)
        return;
    if (strstr(ct, "spreadsheetml.sheet.main+xml") || strstr(ct, "spreadsheetml.template.main+xml") ||
        strstr(ct, "ms-excel.sheet.macroEnabled.main+xml") ||
        strstr(ct, "ms-excel.template.macroEnabled.main+xml")) {
        if (!x->workbook) {
            x->workbook = resolve("", pn);
            if (!x->workbook)
                fail(x, BT_ERR_NOMEM);
        }
    } else if (strstr(ct, "wordprocessingml")) {
        x->doc_kind = "un documento de Word (.docx)";
    } else if (strstr(ct, "presentationml")) {
        x->doc_kind = "una presentación de PowerPoint (.pptx)";
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

/* ---- relationships ---- */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *x = ud;
    if (strcmp(local(name), "Relationship") != 0 || x->nrels >= 4096)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"),
               *type = attr(atts, "Type"), *mode = attr(atts, "TargetMode");
    if (!id || !target || !type || (mode && strcmp(mode, "External") == 0))
        return;
    if ((x->nrels & (x->nrels - 1)) == 0) {   /* at 0, 1, 2, 4, 8...: double */
        rel *nr = realloc(x->rels, (x->nrels ? x->nrels * 2 : 1) * sizeof *nr);
        if (!nr) {
            fail(x, BT_ERR_NOMEM);
            return;
        }
        x->rels = nr;
    }
    rel *r = &x->rels[x->nrels];
    r->id = strdup(id);
    r->type = strdup(type);
    r->target = strdup(target);   /* resolved by load_rels */
    if (!r->id || !r->type || !r->target) {
        free(r->id);
        free(r->type);
        free(r->target);
        fail(x, BT_ERR_NOMEM);
        return;
    }
    x->nrels++;
}

static void free_rels(xr *x)
{
    for (size_t i = 0; i < x->nrels; i++) {
        free(x->rels[i].id);
        free(x->rels[i].type);
        free(x->rels[i].target);
    }
    free(x->rels);
    x->rels = NULL;
    x->nrels = 0;
}

/* Load the relationships of a part; targets are resolved against dir. */
static bt_err load_rels(xr *x, const char *rels_path, const char *dir)
{
    free_rels(x);
    bool found;
    bt_err e = parse_part(x, rels_path, rels_start, no_end, NULL, &found);
    if (e)
        return e;
    /* Targets are relative to the source part's folder unless absolute. */
    for (size_t i = 0; i < x->nrels; i++) {
        char *r = resolve(dir, x->rels[i].target);
        if (!r)
            return BT_ERR_NOMEM;
        free(x->rels[i].target);
        x->rels[i].target = r;
    }
    return BT_OK;
}

static const rel *find_rel_by_type(const xr *x, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < x->nrels; i++) {
        size_t tl = strlen(x->rels[i].type);
        if (tl >= sl && strcmp(x->rels[i].type + tl - sl, suffix) == 0)
            return &x->rels[i];
    }
    return NULL;
}

static const rel *find_rel_by_id(const xr *x, const char *id)
{
    for (size_t i = 0; i < x->nrels; i++)
        if (strcmp(x->rels[i].id, id) == 0)
            return &x->rels[i];
    return NULL;
}

/* ---- workbook.xml ---- */

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(ln, "sheet") == 0 && x->nsheets < MAX_SHEETS) {
        const char *sn = attr(atts, "name"), *rid = attr_rid(atts), *st = attr(atts, "state");
        if (!sn || !rid)
            return;
        if ((x->nsheets & (x->nsheets - 1)) == 0) {   /* double at powers of two */
            sheet_ref *ns = realloc(x->sheets, (x->nsheets ? x->nsheets * 2 : 1) * sizeof *ns);
            if (!ns) {
                fail(x, BT_ERR_NOMEM);
                return;
            }
            x->sheets = ns;
        }
        sheet_ref *s = &x->sheets[x->nsheets];
        s->name = strdup(sn);
        s->rid = strdup(rid);
        s->hidden = st && strcmp(st, "visible") != 0;
        if (!s->name || !s->rid) {
            free(s->name);
            free(s->rid);
            fail(x, BT_ERR_NOMEM);
            return;
        }
        x->nsheets++;
    }
}

/* ---- styles.xml ---- */

/* Does a number format show a date (and its day)?  Quoted text, escaped
 * characters, [bracketed] parts and the keyword "General" (which
 * LibreOffice writes for plain numbers, and whose "e" is no year) do not
 * count; only the first section of the code matters. */
static bool code_is_date(const char *code, bool *has_day)
{
    bool day = false, year = false, month = false, in_quote = false;
    for (const char *p = code; *p; p++) {
        if (in_quote) {
            if (*p == '"')
                in_quote = false;
            continue;
        }
        if (*p == '"') {
            in_quote = true;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '[') {
            const char *q = strchr(p, ']');
            if (!q)
                break;
            p = q;
        } else if (strncasecmp(p, "general", 7) == 0) {
            p += 6;
        } else if (*p == 'd' || *p == 'D') {
            day = true;
        } else if (*p == 'y' || *p == 'Y') {
            year = true;
        } else if (*p == 'm' || *p == 'M') {
            month = true;
        } else if (*p == ';') {
            break;
        }
    }
    *has_day = day;
    return day || (year && month) || year;
}

static void XMLCALL st_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "numFmts") == 0) {
        x->in_numfmts = true;
    } else if (strcmp(ln, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (strcmp(ln, "numFmt") == 0 && x->in_numfmts && x->nfmts < 4096) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code)
            return;
        if ((x->nfmts & (x->nfmts - 1)) == 0) {   /* double at powers of two */
            numfmt *nf = realloc(x->fmts, (x->nfmts ? x->nfmts * 2 : 1) * sizeof *nf);
            if (!nf) {
                fail(x, BT_ERR_NOMEM);
                return;
            }
            x->fmts = nf;
        }
        numfmt *f = &x->fmts[x->nfmts++];
        f->id = (uint16_t)strtoul(id, NULL, 10);
        f->is_date = code_is_date(code, &f->has_day);
    } else if (strcmp(ln, "xf") == 0 && x->in_cellxfs && x->nxfs < 65536) {
        const char *id = attr(atts, "numFmtId");
        if (x->nxfs == x->capxfs) {
            size_t ncap = x->capxfs ? x->capxfs * 2 : 64;
            uint16_t *n2 = realloc(x->xfs, ncap * sizeof *n2);
            if (!n2) {
                fail(x, BT_ERR_NOMEM);
                return;
            }
            x->xfs = n2;
            x->capxfs = ncap;
        }
        x->xfs[x->nxfs++] = id ? (uint16_t)strtoul(id, NULL, 10) : 0;
    }
}

static void XMLCALL st_end(void *ud, const XML_Char *name)
{
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "numFmts") == 0)
        x->in_numfmts = false;
    else if (strcmp(ln, "cellXfs") == 0)
        x->in_cellxfs = false;
}

/* Is cell style s a date format, and does it show the day? */
static bool style_is_date(const xr *x, int s, bool *has_day)
{
    *has_day = true;
    if (s < 0 || (size_t)s >= x->nxfs)
        return false;
    unsigned id = x->xfs[s];
    for (size_t i = 0; i < x->nfmts; i++)
        if (x->fmts[i].id == id) {
            *has_day = x->fmts[i].has_day;
            return x->fmts[i].is_date;
        }
    if (id == 17) {           /* mmm-yy */
        *has_day = false;
        return true;
    }
    return (id >= 14 && id <= 16) || id == 22 || (id >= 27 && id <= 36) ||
           (id >= 50 && id <= 58);
}

/* ---- text ---- */

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Excel writes the characters XML cannot carry (a CR from a pasted Word
 * text, a TAB) as "_xHHHH_" in <t>, and a literal "_x..._" as
 * "_x005F_x..._".  Decodes them in the text from `from` on, in place
 * (a decoded character is never longer than its escape).  A NUL or a
 * lone surrogate becomes U+FFFD, as any invalid text does. */
static void unescape_ooxml(bt_sb *b, size_t from)
{
    if (b->failed || !b->s || !memchr(b->s + from, '_', b->len - from))
        return;
    char *p = b->s;
    size_t o = from;
    for (size_t i = from; i < b->len;) {
        int h[4] = {-1, -1, -1, -1};
        if (p[i] == '_' && i + 7 <= b->len && p[i + 1] == 'x' && p[i + 6] == '_' &&
            (h[0] = hexval(p[i + 2])) >= 0 && (h[1] = hexval(p[i + 3])) >= 0 &&
            (h[2] = hexval(p[i + 4])) >= 0 && (h[3] = hexval(p[i + 5])) >= 0) {
            unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0xFFFD;
            if (cp < 0x80) {
                p[o++] = (char)cp;
            } else if (cp < 0x800) {
                p[o++] = (char)(0xC0 | cp >> 6);
                p[o++] = (char)(0x80 | (cp & 0x3F));
            } else {
                p[o++] = (char)(0xE0 | cp >> 12);
                p[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                p[o++] = (char)(0x80 | (cp & 0x3F));
            }
            i += 7;
        } else {
            p[o++] = p[i++];
        }
    }
    b->len = o;
    p[o] = '\0';
}

/* ---- sharedStrings.xml ---- */

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "si") == 0) {
        x->in_si = true;
        bt_sb_clear(&x->val);
    } else if (strcmp(ln, "rPh") == 0) {
        x->in_rph = true;
    } else if (strcmp(ln, "t") == 0 && x->in_si && !x->in_rph) {
        x->in_t = true;
        x->t_start = x->val.len;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "t") == 0) {
        if (x->in_t)
            unescape_ooxml(&x->val, x->t_start);
        x->in_t = false;
    } else if (strcmp(ln, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(ln, "si") == 0) {
        x->in_si = false;
        if (x->nsst >= BT_XLSX_MAX_STRINGS) {
            fail(x, finding(x, BT_E_LIMIT, "el libro tiene más de 2 millones de textos "
                                           "distintos; no es una bitácora."));
            return;
        }
        if (x->nsst == x->capsst) {
            size_t ncap = x->capsst ? x->capsst * 2 : 256;
            char **n2 = realloc(x->sst, ncap * sizeof *n2);
            if (!n2) {
                fail(x, BT_ERR_NOMEM);
                return;
            }
            x->sst = n2;
            x->capsst = ncap;
        }
        char *s = strdup(bt_sb_str(&x->val));
        if (!s || x->val.failed) {
            free(s);
            fail(x, BT_ERR_NOMEM);
            return;
        }
        x->sst[x->nsst++] = s;
    }
}

static void XMLCALL text_chars(void *ud, const XML_Char *s, int len)
{
    xr *x = ud;
    if (!(x->in_t || x->in_v))
        return;
    if (x->val.len + (size_t)len > BT_MAX_CELL_BYTES) {
        fail(x, finding(x, BT_E_LIMIT, "una celda del libro tiene más de 1 MiB de texto; "
                                       "el archivo no se lee. ¿Es realmente una bitácora?"));
        return;
    }
    if (bt_sb_append(&x->val, s, (size_t)len))
        fail(x, BT_ERR_NOMEM);
}

/* ---- the sheet ---- */

/* "B12" -> col 2, row 12.  Returns false when malformed. */
static bool parse_ref(const char *r, uint32_t *col, uint32_t *row)
{
    uint64_t c = 0, rw = 0;
    const char *p = r;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
        if (c > 1000000)
            return false;
        p++;
    }
    while (*p >= '0' && *p <= '9') {
        rw = rw * 10 + (uint64_t)(*p - '0');
        if (rw > 100000000)
            return false;
        p++;
    }
    if (*p || c == 0)
        return false;
    *col = (uint32_t)c;
    *row = (uint32_t)rw;
    return true;
}

static void deliver_row(xr *x)
{
    if (x->nrefs == 0 || x->err)
        return;
    if (x->nrefs > x->capcells) {
        bt_cell *nc = realloc(x->cells, x->nrefs * sizeof *nc);
        if (!nc) {
            fail(x, BT_ERR_NOMEM);
            return;
        }
        x->cells = nc;
        x->capcells = x->nrefs;
    }
    for (size_t i = 0; i < x->nrefs; i++) {
        x->cells[i].col = x->refs[i].col;
        x->cells[i].text = x->text.s + x->refs[i].off;
        x->cells[i].len = x->refs[i].len;
    }
    bt_row r = {x->row, x->nrefs, x->cells};
    x->last_content_row = x->row;
    bt_err e = x->fn(x->ctx, &r);
    if (e)
        fail(x, e);
    x->nrefs = 0;
    bt_sb_clear(&x->text);
}

int bt_xlsx_serial_to_date(double serial, int date1904, int *y, int *m, int *d)
{
    if (!(serial >= 1.0 && serial < 2958466.0))
        return 0;
    long days = (long)floor(serial);
    if (!date1904 && days == 60)
        return 0;     /* 29-02-1900, a day that never was */
    /* To days since 1970-01-01.  The 1900 system counts a 29 February
     * 1900 that never was (serial 60); the 1904 system starts at 0. */
    long z = date1904 ? days - 24107 : days - 25569 + (days < 60 ? 1 : 0);
    /* civil from days (Howard Hinnant) */
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    yy += mm <= 2;
    *y = (int)yy;
    *m = (int)mm;
    *d = (int)dd;
    return 1;
}

/* The text of the current cell, by its type. */
static void cell_value(xr *x, bt_sb *out)
{
    const char *v = bt_sb_str(&x->val);
    const char *t = x->cell_type;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long idx = strtoul(v, &end, 10);
        if (*v && !*end && idx < x->nsst)
            bt_sb_puts(out, x->sst[idx]);
        return;
    }
    if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "e") == 0) {
        bt_sb_puts(out, v);
        return;
    }
    if (strcmp(t, "b") == 0) {
        bt_sb_puts(out, strcmp(v, "1") == 0 ? "VERDADERO" : "FALSO");
        return;
    }
    if (strcmp(t, "d") == 0) {
        /* ISO 8601 "2025-03-13T..." to day-month-year, as above */
        int yy, mm, dd;
        char tail;
        if (sscanf(v, "%4d-%2d-%2d%c", &yy, &mm, &dd, &tail) >= 3 && strlen(v) >= 10 &&
            v[4] == '-' && v[7] == '-')
            bt_sb_printf(out, "%02d-%02d-%04d", dd, mm, yy);
        else
            bt_sb_append(out, v, strlen(v) < 10 ? strlen(v) : 10);
        return;
    }
    /* A number. */
    char *end;
    double d = strtod(v, &end);
    if (!*v || *end) {
        bt_sb_puts(out, v);
        return;
    }
    bool has_day;
    int yy, mm, dd;
    if (!x->want_all && style_is_date(x, x->cell_style, &has_day) &&
        bt_xlsx_serial_to_date(d, x->date1904, &yy, &mm, &dd)) {
        /* As the team reads it (and as the CSV of the same sheet says):
         * day-month-year, or month-year for a month-only format. */
        if (has_day)
            bt_sb_printf(out, "%02d-%02d-%04d", dd, mm, yy);
        else
            bt_sb_printf(out, "%02d-%04d", mm, yy);
        return;
    }
    if (isfinite(d) && d == floor(d) && fabs(d) < 1e15) {
        bt_sb_printf(out, "%.0f", d);
        return;
    }
    /* A fraction: written with a decimal comma so that a count parser
     * can never read 1.234 as one thousand two hundred thirty-four. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", d);
    for (char *p = buf; *p; p++)
        if (*p == '.')
            *p = ',';
    bt_sb_puts(out, buf);
}

static void XMLCALL sh_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "row") == 0) {
        const char *r = attr(atts, "r");
        uint32_t rr = x->next_row;
        if (r) {
            char *end;
            unsigned long v = strtoul(r, &end, 10);
            if (*end || v == 0 || v > 100000000) {
                fail(x, finding(x, BT_E_XLSX_BROKEN, "la hoja tiene un número de fila "
                                                     "inválido «%s».", r));
                return;
            }
            rr = (uint32_t)v;
        }
        if (rr > BT_MAX_ROWS) {
            fail(x, finding(x, BT_E_LIMIT, "la hoja tiene filas más allá de la %s, el "
                                           "máximo de una planilla; no se convierte.",
                            "1.048.576"));
            return;
        }
        x->row = rr;
        x->next_row = rr + 1;
        x->col_cursor = 1;
        x->nrefs = 0;
        bt_sb_clear(&x->text);
    } else if (strcmp(ln, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        uint32_t col = x->col_cursor, rw = x->row;
        if (r && !parse_ref(r, &col, &rw)) {
            fail(x, finding(x, BT_E_XLSX_BROKEN, "la hoja tiene una referencia de celda "
                                                 "inválida «%s».", r));
            return;
        }
        x->cell_col = col;
        x->col_cursor = col + 1;
        snprintf(x->cell_type, sizeof x->cell_type, "%s", t ? t : "n");
        x->cell_style = s ? (int)strtol(s, NULL, 10) : 0;
        x->in_cell = true;
        x->cell_f = x->cell_v = false;
        bt_sb_clear(&x->val);
    } else if (x->in_cell && strcmp(ln, "v") == 0) {
        x->in_v = true;
        x->cell_v = true;
    } else if (x->in_cell && strcmp(ln, "f") == 0) {
        x->cell_f = true;
    } else if (x->in_cell && strcmp(ln, "is") == 0) {
        x->in_is = true;
    } else if (x->in_is && strcmp(ln, "rPh") == 0) {
        x->in_rph = true;
    } else if (x->in_is && !x->in_rph && strcmp(ln, "t") == 0) {
        x->in_t = true;
        x->t_start = x->val.len;
    }
}

/* The end of a cell: its text appended to the row being assembled (a
 * formula with no result stored, and cells past the last column, said so
 * instead). */
static void end_cell(xr *x)
{
    x->in_cell = false;
    if (x->cell_f && !x->cell_v && !x->want_all && x->cell_col <= BT_MAX_COLS) {
        /* Written by a program that does not calculate (a script, a
         * generator): the result was never stored, so there is
         * nothing to read, and the team must know why. */
        bt_err e = bt_findings_add(x->findings, BT_A_FORMULA_NO_VALUE, x->display,
                                   x->info->sheet, x->row, x->cell_col, NULL, NULL,
                                   "la celda tiene una fórmula sin su resultado guardado "
                                   "(la escribió un programa que no calcula); se lee "
                                   "como vacía. Abra el archivo en Excel o LibreOffice y "
                                   "guárdelo, o escriba el valor.");
        if (e)
            fail(x, e);
    }
    if (x->cell_col > BT_MAX_COLS) {
        if (!x->cols_reported) {
            x->cols_reported = true;
            bt_err e = bt_findings_add(x->findings, BT_E_LIMIT, x->display, x->info->sheet,
                                       x->row, BT_MAX_COLS, NULL, NULL,
                                       "hay contenido más allá de la columna XFD; no se "
                                       "leyó.");
            if (e)
                fail(x, e);
        }
        return;
    }
    size_t start = x->text.len;
    cell_value(x, &x->text);
    size_t len = x->text.len - start;
    /* A shared string is stored once but can be used by every cell:
     * the text the cells expand to has its own budget. */
    x->delivered += len;
    if (!x->want_all && (x->delivered > BT_XLSX_MAX_TEXT || x->text.len > BT_MAX_CELL_BYTES * 4)) {
        fail(x, finding(x, BT_E_XLSX_HOSTILE,
                        "las celdas de la hoja suman más de %u MiB de texto (un mismo texto "
                        "repetido en muchas celdas); una bitácora es mucho menor. Archivo "
                        "rechazado.", BT_XLSX_MAX_TEXT >> 20));
        return;
    }
    bt_sb_putc(&x->text, '\0');
    if (x->text.failed) {
        fail(x, BT_ERR_NOMEM);
        return;
    }
    if (len == 0)
        return;
    if (x->nrefs == x->caprefs) {
        size_t ncap = x->caprefs ? x->caprefs * 2 : 16;
        struct cref *nr = realloc(x->refs, ncap * sizeof *nr);
        if (!nr) {
            fail(x, BT_ERR_NOMEM);
            return;
        }
        x->refs = nr;
        x->caprefs = ncap;
    }
    x->refs[x->nrefs].col = x->cell_col;
    x->refs[x->nrefs].off = start;
    x->refs[x->nrefs].len = len;
    x->nrefs++;
}

static void XMLCALL sh_end(void *ud, const XML_Char *name)
{
    xr *x = ud;
    const char *ln = local(name);
    if (strcmp(ln, "v") == 0) {
        x->in_v = false;
    } else if (strcmp(ln, "t") == 0) {
        if (x->in_t)
            unescape_ooxml(&x->val, x->t_start);
        x->in_t = false;
    } else if (strcmp(ln, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(ln, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(ln, "c") == 0 && x->in_cell) {
        end_cell(x);
    } else if (strcmp(ln, "row") == 0) {
        deliver_row(x);
    }
}

/* ---- the whole read ---- */

static void xr_free(xr *x)
{
    free(x->workbook);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
    }
    free(x->sheets);
    free_rels(x);
    free(x->fmts);
    free(x->xfs);
    for (size_t i = 0; i < x->nsst; i++)
        free(x->sst[i]);
    free(x->sst);
    bt_sb_free(&x->text);
    bt_sb_free(&x->val);
    free(x->refs);
    free(x->cells);
}

/* The directory part of a zip path, with its trailing '/'. */
static void dir_of(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    if (n >= size)
        n = 0;
    memcpy(buf, path, n);
    buf[n] = '\0';
}

/* The _rels path of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels". */
static void rels_of(const char *path, char *buf, size_t size)
{
    char dir[512];
    dir_of(path, dir, sizeof dir);
    const char *base = path + strlen(dir);
    snprintf(buf, size, "%s_rels/%s.rels", dir, base);
}

/* Whether a sheet's name, folded, is one of names (NULL-terminated). */
static bool sheet_named(const char *name, const char *const *names)
{
    char key[256], want[256];
    if (bt_fold_buf(name, key, sizeof key) == (size_t)-1)
        return false;
    for (size_t i = 0; names[i]; i++)
        if (bt_fold_buf(names[i], want, sizeof want) != (size_t)-1 && strcmp(key, want) == 0)
            return true;
    return false;
}

static const char *const form_sheets[] = {BT_TPL_SHEET_FORM, "Bitácora ETT", NULL};
static const char *const aux_sheets[] = {BT_TPL_SHEET_HELP, BT_TPL_SHEET_LISTS, NULL};

/* What a pass over one sheet saw, for choose_sheet(). */
typedef struct {
    const bt_xlsx_chooser *chooser;
    unsigned score;
    size_t cells;
} scan_tally;

static bt_err scan_row(void *ctx, const bt_row *row)
{
    scan_tally *s = ctx;
    s->cells += row->n;
    if (s->chooser && s->chooser->score)
        s->score += s->chooser->score(s->chooser->ctx, row);
    return BT_OK;
}

/* The sheet state back to "no sheet read yet". */
static void reset_sheet_state(xr *x)
{
    x->row = 0;
    x->last_content_row = 0;
    x->next_row = 1;
    x->col_cursor = 1;
    x->nrefs = 0;
    x->delivered = 0;
    x->cols_reported = false;
    x->in_v = x->in_is = x->in_cell = x->in_t = x->in_rph = false;
    bt_sb_clear(&x->text);
    bt_sb_clear(&x->val);
}

/* One pass over a sheet that only counts: its findings are the main
 * read's business, so they go to a list that is thrown away, and a sheet
 * that cannot be read scores nothing. */
static bt_err scan_sheet(xr *x, const sheet_ref *sh, const bt_xlsx_chooser *chooser,
                         scan_tally *tally)
{
    *tally = (scan_tally){chooser, 0, 0};
    const rel *r = find_rel_by_id(x, sh->rid);
    if (!r)
        return BT_OK;
    char *part = strdup(r->target);
    bt_findings *scratch = bt_findings_new();
    if (!part || !scratch) {
        free(part);
        bt_findings_free(scratch);
        return BT_ERR_NOMEM;
    }
    bt_row_fn fn = x->fn;
    void *ctx = x->ctx;
    bt_findings *findings = x->findings;
    x->fn = scan_row;
    x->ctx = tally;
    x->findings = scratch;
    reset_sheet_state(x);
    bool found;
    bt_err e = parse_part(x, part, sh_start, sh_end, text_chars, &found);
    reset_sheet_state(x);
    x->fn = fn;
    x->ctx = ctx;
    x->findings = findings;
    x->err = BT_OK;
    bt_findings_free(scratch);
    free(part);
    if (e == BT_ERR_NOMEM)
        return e;
    if (e)
        *tally = (scan_tally){chooser, 0, 0};
    return BT_OK;
}

/* The visible sheets other than the template's instructions and lists
 * are where a team may have typed.  With no sheet named like the
 * template's (*pick NULL), the one whose rows score highest is the
 * logbook (the first on a tie: a renamed logbook sheet).  Every other one
 * with content is named in an aviso, so that a second logbook or notes in
 * the same workbook are not dropped without a word. */
static bt_err choose_sheet(xr *x, const bt_xlsx_chooser *chooser, const sheet_ref **pick)
{
    size_t ncand = 0;
    for (size_t i = 0; i < x->nsheets; i++)
        if (!x->sheets[i].hidden && !sheet_named(x->sheets[i].name, aux_sheets) &&
            &x->sheets[i] != *pick)
            ncand++;
    if (ncand == 0)
        return BT_OK;
    if (!*pick && ncand == 1) {
        for (size_t i = 0; i < x->nsheets && !*pick; i++)
            if (!x->sheets[i].hidden && !sheet_named(x->sheets[i].name, aux_sheets))
                *pick = &x->sheets[i];
        return BT_OK;
    }
    scan_tally *t = calloc(x->nsheets, sizeof *t);
    if (!t)
        return BT_ERR_NOMEM;
    bt_err e = BT_OK;
    const sheet_ref *best = NULL;
    unsigned best_score = 0;
    for (size_t i = 0; i < x->nsheets && !e; i++) {
        const sheet_ref *sh = &x->sheets[i];
        if (sh->hidden || sheet_named(sh->name, aux_sheets) || sh == *pick)
            continue;
        e = scan_sheet(x, sh, chooser, &t[i]);
        if (!e && (!best || t[i].score > best_score)) {
            best = sh;
            best_score = t[i].score;
        }
    }
    if (!e && !*pick)
        *pick = best;
    for (size_t i = 0; i < x->nsheets && !e; i++) {
        const sheet_ref *sh = &x->sheets[i];
        if (sh == *pick || t[i].cells == 0)
            continue;
        e = bt_findings_add(x->findings, BT_A_SHEET_UNREAD, x->display, sh->name, 0, 0, NULL,
                            NULL,
                            "el libro tiene además la hoja «%s», con %zu celda%s con contenido, "
                            "que no se leyó: se lee una hoja por archivo, «%s»%s. Si es otra "
                            "bitácora, guárdela en su propio archivo.",
                            sh->name, t[i].cells, t[i].cells == 1 ? "" : "s", (*pick)->name,
                            t[i].score ? " (esta hoja también tiene rótulos de la plantilla)"
                                       : "");
    }
    free(t);
    return e;
}

/* Open the zip; what kind of broken it is when it cannot be. */
static bt_err open_zip(xr *x, zsrc *zs)
{
    zlib_filefunc64_def ff = {z_open, z_read, z_write, z_tell, z_seek, z_close, z_error, zs};
    x->zf = unzOpen2_64("bitacora.xlsx", &ff);
    if (!x->zf && starts_with(zs, "PK\x05\x06", 4))
        return finding(x, BT_E_XLSX_BROKEN, "es un archivo ZIP vacío, sin ninguna hoja; no es "
                                            "un libro XLSX.");
    if (!x->zf)
        return finding(x, BT_E_XLSX_BROKEN,
                       "empieza como un archivo ZIP pero está dañado o incompleto (¿se "
                       "descargó a medias?); no se puede leer como XLSX.");
    unz_global_info64 gi;
    if (unzGetGlobalInfo64(x->zf, &gi) != UNZ_OK || gi.number_entry > BT_XLSX_MAX_ENTRIES)
        return finding(x, BT_E_XLSX_HOSTILE, "el archivo ZIP tiene demasiadas partes para ser "
                                             "un libro de planilla; rechazado.");
    return BT_OK;
}

/* The workbook part, from [Content_Types].xml or else the package's
 * relationships; a zip that is another kind of document says which. */
static bt_err find_workbook(xr *x)
{
    bool found;
    bt_err e = parse_part(x, "[Content_Types].xml", ct_start, no_end, NULL, &found);
    if (e)
        return e;
    if (!found) {
        if (unzLocateFile(x->zf, "content.xml", 2) == UNZ_OK)
            return finding(x, BT_E_XLSX_BROKEN,
                           "es una hoja de cálculo OpenDocument (.ods), no un XLSX; guárdela "
                           "como «Libro de Excel (.xlsx)» o como CSV.");
        return finding(x, BT_E_XLSX_BROKEN, "es un archivo ZIP pero no un libro XLSX (le "
                                            "falta [Content_Types].xml).");
    }
    if (!x->workbook) {
        e = load_rels(x, "_rels/.rels", "");
        if (e)
            return e;
        const rel *r = find_rel_by_type(x, "/officeDocument");
        if (r && !x->doc_kind && !(x->workbook = strdup(r->target)))
            return BT_ERR_NOMEM;
    }
    if (!x->workbook)
        return finding(x, BT_E_XLSX_BROKEN, "es %s, no un libro de Excel (.xlsx).",
                       x->doc_kind ? x->doc_kind : "un paquete de Office sin libro de planilla");
    return BT_OK;
}

/* The workbook's sheets and its relationships. */
static bt_err read_workbook(xr *x)
{
    bool found;
    bt_err e = parse_part(x, x->workbook, wb_start, no_end, NULL, &found);
    if (e)
        return e;
    if (!found || x->nsheets == 0)
        return finding(x, BT_E_XLSX_BROKEN, "al libro le falta la parte %s o no tiene hojas.",
                       x->workbook);
    char dir[512], relp[1024];
    dir_of(x->workbook, dir, sizeof dir);
    rels_of(x->workbook, relp, sizeof relp);
    return load_rels(x, relp, dir);
}

/* The parts every sheet's cells refer to: number formats (which numbers
 * are dates) and the shared strings. */
static bt_err read_styles_and_strings(xr *x)
{
    const rel *rs = find_rel_by_type(x, "/sharedStrings");
    char *sst_part = rs ? strdup(rs->target) : NULL;
    const rel *rst = find_rel_by_type(x, "/styles");
    char *styles_part = rst ? strdup(rst->target) : NULL;
    bt_err e = (rs && !sst_part) || (rst && !styles_part) ? BT_ERR_NOMEM : BT_OK;
    bool found;
    if (!e && styles_part)
        e = parse_part(x, styles_part, st_start, st_end, NULL, &found);
    if (!e && sst_part)
        e = parse_part(x, sst_part, sst_start, sst_end, text_chars, &found);
    free(sst_part);
    free(styles_part);
    return e;
}

/* The sheet asked for (want_sheet), or else the one named like the
 * template's (*pick stays NULL when there is none). */
static bt_err named_sheet(xr *x, const char *want_sheet, bool all, const sheet_ref **pick)
{
    for (size_t i = 0; i < x->nsheets && !*pick; i++)
        if (want_sheet ? strcmp(x->sheets[i].name, want_sheet) == 0
                       : (!all && sheet_named(x->sheets[i].name, form_sheets)))
            *pick = &x->sheets[i];
    if (!*pick && want_sheet)
        return finding(x, BT_E_XLSX_BROKEN, "el libro no tiene la hoja «%s».", want_sheet);
    return BT_OK;
}

/* Otherwise, or besides: the other sheets a team may have typed in (with
 * a chooser, the one whose rows look most like a logbook; the others with
 * content get A016); last, the first visible sheet. */
static bt_err other_sheets(xr *x, bool choose, const bt_xlsx_chooser *chooser,
                           const sheet_ref **pick)
{
    bt_err e = choose ? choose_sheet(x, chooser, pick) : BT_OK;
    if (e)
        return e;
    for (size_t i = 0; i < x->nsheets && !*pick; i++)
        if (!x->sheets[i].hidden)
            *pick = &x->sheets[i];
    if (!*pick)
        *pick = &x->sheets[0];
    return BT_OK;
}

/* Stream one sheet's rows to the row callback. */
static bt_err read_sheet(xr *x, const sheet_ref *sh, bool all)
{
    snprintf(x->info->sheet, sizeof x->info->sheet, "%s", sh->name);
    const rel *sr = find_rel_by_id(x, sh->rid);
    if (!sr)
        return finding(x, BT_E_XLSX_BROKEN, "no se encuentra la parte de la hoja «%s».",
                       sh->name);
    char *part = strdup(sr->target);
    if (!part)
        return BT_ERR_NOMEM;
    bool found;
    bt_err e = parse_part(x, part, sh_start, sh_end, text_chars, &found);
    if (!e && !found)
        e = finding(x, BT_E_XLSX_BROKEN, "falta la parte %s (la hoja «%s»).", part, sh->name);
    x->info->rows = x->last_content_row;
    free(part);
    if (!e && x->row == 0 && !all)
        e = finding(x, BT_E_EMPTY, "la hoja «%s» del libro está vacía.", x->info->sheet);
    return e;
}

static bt_err read_zip(zsrc *zs, const char *display, const char *want_sheet, bool all,
                       const bt_xlsx_chooser *chooser, bt_row_fn fn, void *ctx,
                       bt_source_info *info, bt_findings *findings)
{
    xr x;
    memset(&x, 0, sizeof x);
    x.display = display;
    x.findings = findings;
    x.info = info;
    x.fn = fn;
    x.ctx = ctx;
    x.want_all = all;
    bt_sb_init(&x.text);
    bt_sb_init(&x.val);
    memset(info, 0, sizeof *info);
    strcpy(info->format, "XLSX");
    strcpy(info->encoding, "UTF-8 (XML)");
    strcpy(info->delimiter, "no aplica");
    strcpy(info->line_ends, "no aplica");
    const sheet_ref *pick = NULL;
    bt_err e = open_zip(&x, zs);
    if (!e)
        e = find_workbook(&x);
    if (!e)
        e = read_workbook(&x);
    if (!e)
        e = named_sheet(&x, want_sheet, all, &pick);
    if (!e)
        e = read_styles_and_strings(&x);
    if (!e)
        e = other_sheets(&x, !all && !want_sheet, chooser, &pick);
    if (!e)
        e = read_sheet(&x, pick, all);
    if (x.zf)
        unzClose(x.zf);
    xr_free(&x);
    return e;
}

bt_err bt_xlsx_read_file(FILE *f, const char *display, const bt_xlsx_chooser *chooser,
                         bt_row_fn fn, void *ctx, bt_source_info *info, bt_findings *findings)
{
    zsrc zs = {f, NULL, 0, 0};
    return read_zip(&zs, display, NULL, false, chooser, fn, ctx, info, findings);
}

bt_err bt_xlsx_read_mem(const unsigned char *data, size_t n, const char *display,
                        const bt_xlsx_chooser *chooser, bt_row_fn fn, void *ctx,
                        bt_source_info *info, bt_findings *findings)
{
    zsrc zs = {NULL, data, n, 0};
    return read_zip(&zs, display, NULL, false, chooser, fn, ctx, info, findings);
}

bt_err bt_xlsx_read_sheet(FILE *f, const char *sheet, bt_row_fn fn, void *ctx,
                          bt_findings *findings)
{
    zsrc zs = {f, NULL, 0, 0};
    bt_source_info info;
    return read_zip(&zs, "libro", sheet, true, NULL, fn, ctx, &info, findings);
}
