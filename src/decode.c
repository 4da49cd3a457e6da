/* decode.c - encoding detection and streaming conversion (see decode.h). */
#include "bitacora/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bitacora/csvread.h"   /* the delimiters, for quotes that open a cell */
#include "bitacora/text.h"

static const struct {
    const char *name;
    bt_encoding enc;
} enc_names[] = {
    {"utf-8", BT_ENC_UTF8}, {"utf8", BT_ENC_UTF8},
    {"windows-1252", BT_ENC_CP1252}, {"cp1252", BT_ENC_CP1252},
    {"windows1252", BT_ENC_CP1252}, {"ansi", BT_ENC_CP1252},
    {"latin1", BT_ENC_LATIN1}, {"latin-1", BT_ENC_LATIN1},
    {"iso-8859-1", BT_ENC_LATIN1}, {"iso8859-1", BT_ENC_LATIN1},
    {"utf-16", BT_ENC_UTF16LE}, {"utf-16le", BT_ENC_UTF16LE},
    {"utf16", BT_ENC_UTF16LE}, {"utf16le", BT_ENC_UTF16LE},
    {"utf-16be", BT_ENC_UTF16BE}, {"utf16be", BT_ENC_UTF16BE},
    {"auto", BT_ENC_AUTO},
    {NULL, BT_ENC_AUTO},
};

bool bt_encoding_parse(const char *name, bt_encoding *out)
{
    for (int i = 0; enc_names[i].name; i++) {
        if (strcasecmp(name, enc_names[i].name) == 0) {
            *out = enc_names[i].enc;
            return true;
        }
    }
    return false;
}

const char *bt_encoding_name(bt_encoding e)
{
    switch (e) {
    case BT_ENC_UTF8: return "UTF-8";
    case BT_ENC_CP1252: return "Windows-1252";
    case BT_ENC_UTF16LE: return "UTF-16LE";
    case BT_ENC_UTF16BE: return "UTF-16BE";
    case BT_ENC_LATIN1: return "ISO-8859-1";
    case BT_ENC_CP850: return "CP850";
    default: return "automática";
    }
}

static const char *iconv_name(bt_encoding e)
{
    switch (e) {
    case BT_ENC_CP1252: return "WINDOWS-1252";
    case BT_ENC_UTF16LE: return "UTF-16LE";
    case BT_ENC_UTF16BE: return "UTF-16BE";
    case BT_ENC_LATIN1: return "ISO-8859-1";
    case BT_ENC_CP850: return "CP850";
    default: return NULL;
    }
}

/* ---- sniffing ---- */

static const struct {
    const char *magic;
    size_t len;
    const char *kind;
} magics[] = {
    {"\x89PNG\r\n\x1a\n", 8, "una imagen PNG"},
    {"%PDF", 4, "un documento PDF"},
    {"GIF87a", 6, "una imagen GIF"},
    {"GIF89a", 6, "una imagen GIF"},
    {"\xFF\xD8\xFF", 3, "una imagen JPEG"},
    {"\x1F\x8B", 2, "un archivo comprimido gzip"},
    {"Rar!", 4, "un archivo comprimido RAR"},
    {"7z\xBC\xAF\x27\x1C", 6, "un archivo comprimido 7z"},
    {"\x7F" "ELF", 4, "un programa ejecutable"},
    {"MZ", 2, "un programa ejecutable"},
    {"{\\rtf", 5, "un documento RTF"},
    {NULL, 0, NULL},
};

bt_sniff bt_sniff_bytes(const unsigned char *p, size_t n, size_t *bom_len,
                        const char **kind)
{
    *bom_len = 0;
    *kind = "";
    if (n == 0)
        return BT_SNIFF_EMPTY;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *bom_len = 3;
        return BT_SNIFF_BOM_UTF8;
    }
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        *bom_len = 2;
        return BT_SNIFF_BOM_UTF16LE;
    }
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        *bom_len = 2;
        return BT_SNIFF_BOM_UTF16BE;
    }
    if (n >= 4 && !memcmp(p, "PK\x03\x04", 4)) {
        *kind = "un archivo ZIP";
        return BT_SNIFF_ZIP;
    }
    if (n >= 4 && !memcmp(p, "PK\x05\x06", 4)) {
        *kind = "un archivo ZIP vacío";
        return BT_SNIFF_ZIP;
    }
    if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        *kind = "un documento de Office antiguo o protegido";
        return BT_SNIFF_OLE;
    }
    for (int i = 0; magics[i].magic; i++) {
        if (n >= magics[i].len && !memcmp(p, magics[i].magic, magics[i].len)) {
            *kind = magics[i].kind;
            /* "MZ" alone is too weak a signal for text that starts with it. */
            if (magics[i].len == 2 && n > 64 && !memchr(p, 0, n < 512 ? n : 512))
                continue;
            return BT_SNIFF_BINARY;
        }
    }
    /* NUL bytes: UTF-16 without BOM, or binary. */
    size_t sample = n < 4096 ? n : 4096;
    size_t zeros_even = 0, zeros_odd = 0, ctl = 0;
    for (size_t i = 0; i < sample; i++) {
        if (p[i] == 0) {
            if (i & 1)
                zeros_odd++;
            else
                zeros_even++;
        } else if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
                   p[i] != 0x0C) {
            ctl++;
        }
    }
    size_t pairs = sample / 2;
    if (pairs >= 2 && zeros_odd * 10 >= pairs * 7 && zeros_even * 10 <= pairs)
        return BT_SNIFF_UTF16LE;
    if (pairs >= 2 && zeros_even * 10 >= pairs * 7 && zeros_odd * 10 <= pairs)
        return BT_SNIFF_UTF16BE;
    if (zeros_odd + zeros_even > 0 || ctl * 20 > sample) {
        *kind = "un archivo binario";
        return BT_SNIFF_BINARY;
    }
    return BT_SNIFF_TEXT;
}

/* ---- UTF-8 scan ---- */

void bt_utf8_scan_init(bt_utf8_scan *s)
{
    memset(s, 0, sizeof *s);
}

static size_t seq_len(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    if (c >= 0xE0 && c <= 0xEF) return 3;
    if (c >= 0xF0 && c <= 0xF4) return 4;
    return 0;
}

/* Examine one sequence at p (n bytes available).  Returns bytes consumed;
 * 0 means "need more input"; sets *ok. */
static size_t scan_one(const unsigned char *p, size_t n, bool last, bool *ok)
{
    size_t k = seq_len(p[0]);
    if (k == 0) {
        *ok = false;
        return 1;
    }
    if (k == 1) {
        *ok = true;
        return 1;
    }
    if (n < k) {
        /* Incomplete: either valid so far (need more) or already broken. */
        for (size_t i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80) {
                *ok = false;
                return 1;
            }
        if (last) {
            *ok = false;
            return 1;
        }
        return 0;
    }
    if (bt_utf8_valid_prefix((const char *)p, k) == k) {
        *ok = true;
        return k;
    }
    *ok = false;
    return 1;
}

static void scan_bytes(bt_utf8_scan *s, const unsigned char *p, size_t n, bool last,
                       size_t *consumed)
{
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        bool ok;
        size_t k = scan_one(p + i, n - i, last, &ok);
        if (k == 0)
            break;
        if (ok)
            s->multibyte++;
        else
            s->invalid++;
        i += k;
    }
    *consumed = i;
}

/* Resolve the bytes held in carry as far as possible. */
static void scan_carry(bt_utf8_scan *s, bool last)
{
    while (s->ncarry) {
        bool ok;
        size_t k = scan_one(s->carry, s->ncarry, last, &ok);
        if (k == 0)
            return;             /* still incomplete: wait for more */
        if (s->carry[0] >= 0x80) {
            if (ok)
                s->multibyte++;
            else
                s->invalid++;
        }
        memmove(s->carry, s->carry + k, s->ncarry - k);
        s->ncarry -= k;
    }
}

void bt_utf8_scan_feed(bt_utf8_scan *s, const unsigned char *p, size_t n)
{
    /* A sequence split across chunks is completed byte by byte in carry
     * (it is at most four bytes long). */
    while (s->ncarry && n) {
        s->carry[s->ncarry++] = *p++;
        n--;
        scan_carry(s, false);
    }
    size_t used;
    scan_bytes(s, p, n, false, &used);
    size_t rest = n - used;
    if (rest) {
        memcpy(s->carry + s->ncarry, p + used, rest);
        s->ncarry += rest;
    }
}

void bt_utf8_scan_end(bt_utf8_scan *s)
{
    scan_carry(s, true);
}

bt_encoding bt_utf8_scan_verdict(const bt_utf8_scan *s)
{
    if (s->invalid == 0)
        return BT_ENC_UTF8;
    /* Mostly well-formed UTF-8 with a few stray bytes: still UTF-8, and
     * the stray bytes are reported; otherwise the Windows code page. */
    if (s->multibyte > 0 && s->multibyte >= s->invalid * 4)
        return BT_ENC_UTF8;
    return BT_ENC_CP1252;
}

/* ---- decoder ---- */

struct bt_decoder {
    bt_encoding enc;
    iconv_t cd;
    unsigned char carry[8];
    size_t ncarry;
    size_t replaced;
    bool pending_cr;
    bool in_quote;        /* inside a quoted CSV cell: line ends there are text */
    bool just_closed;     /* the last character closed a quoted cell */
    char prev;            /* last character that was not a space */
    size_t n_crlf, n_lf, n_cr;
};

bt_err bt_decoder_new(bt_encoding enc, bt_decoder **out)
{
    *out = NULL;
    bt_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return BT_ERR_NOMEM;
    d->enc = enc == BT_ENC_AUTO ? BT_ENC_UTF8 : enc;
    d->cd = (iconv_t)-1;
    d->prev = '\n';      /* the file starts where a cell starts */
    const char *from = iconv_name(d->enc);
    if (from) {
        d->cd = iconv_open("UTF-8", from);
        if (d->cd == (iconv_t)-1) {
            free(d);
            return errno == ENOMEM ? BT_ERR_NOMEM : BT_ERR_INTERNAL;
        }
    }
    *out = d;
    return BT_OK;
}

void bt_decoder_free(bt_decoder *d)
{
    if (!d)
        return;
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    free(d);
}

size_t bt_decoder_replaced(const bt_decoder *d) { return d->replaced; }

const char *bt_decoder_line_ends(const bt_decoder *d)
{
    int kinds = (d->n_crlf > 0) + (d->n_lf > 0) + (d->n_cr > 0);
    if (kinds == 0)
        return "ninguno";
    if (kinds > 1)
        return "mixtos";
    return d->n_crlf ? "CRLF" : d->n_lf ? "LF" : "CR";
}

/* Append UTF-8 text with line ends normalized to LF.  Line ends are
 * counted only outside quoted cells (a toggle on '"', which is exact for
 * well-formed CSV): Excel writes Alt+Enter inside a cell as LF even in a
 * CRLF file, and that does not make the file's line ends "mixed". */
static void emit(bt_decoder *d, const char *s, size_t n, bt_sb *out)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        /* A run without quotes or line ends only moves prev (to its last
         * character that is not a space) and ends a just-closed quote. */
        if (!d->pending_cr) {
            size_t j = i;
            while (j < n && s[j] != '"' && s[j] != '\r' && s[j] != '\n')
                j++;
            if (j > i) {
                d->just_closed = false;
                for (size_t k = j; k > i; k--)
                    if (s[k - 1] != ' ') {
                        d->prev = s[k - 1];
                        break;
                    }
                if (j == n)
                    break;
                i = j;
            }
        }
        char c = s[i];
        if (d->pending_cr) {
            d->pending_cr = false;
            if (c == '\n') {
                if (!d->in_quote)
                    d->n_crlf++;
                start = i + 1;
                continue;
            }
            if (!d->in_quote)
                d->n_cr++;
        }
        if (c == '"') {
            /* A quote opens a cell only where a cell starts (after a line
             * end or any usual delimiter): a stray quote inside a cell,
             * as in «5" pulgadas», does not swallow the following lines.
             * "" inside a quoted cell is a quote, not an end. */
            if (d->in_quote) {
                d->in_quote = false;
                d->just_closed = true;
            } else if (d->just_closed) {
                d->in_quote = true;
                d->just_closed = false;
            } else if (d->prev == '\n' || bt_csv_is_delimiter((unsigned char)d->prev)) {
                d->in_quote = true;
            }
            d->prev = c;
            continue;
        }
        d->just_closed = false;
        if (c != ' ')
            d->prev = c == '\r' ? '\n' : c;
        if (c == '\r') {
            bt_sb_append(out, s + start, i - start);
            bt_sb_putc(out, '\n');
            d->pending_cr = true;
            start = i + 1;
        } else if (c == '\n' && !d->in_quote) {
            d->n_lf++;
        }
    }
    bt_sb_append(out, s + start, n - start);
}

static void emit_replacement(bt_decoder *d, bt_sb *out)
{
    d->replaced++;
    emit(d, "\xEF\xBF\xBD", 3, out);
}

static void feed_utf8(bt_decoder *d, const unsigned char *p, size_t n, bool last,
                      bt_sb *out)
{
    size_t i = 0, run = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        bool ok;
        size_t k = scan_one(p + i, n - i, last, &ok);
        if (k == 0) {           /* incomplete at the end: carry it */
            emit(d, (const char *)p + run, i - run, out);
            memcpy(d->carry, p + i, n - i);
            d->ncarry = n - i;
            return;
        }
        if (!ok) {
            emit(d, (const char *)p + run, i - run, out);
            emit_replacement(d, out);
            i += k;
            run = i;
            continue;
        }
        i += k;
    }
    emit(d, (const char *)p + run, n - run, out);
}

static void feed_iconv(bt_decoder *d, const unsigned char *p, size_t n, bool last,
                       bt_sb *out)
{
    char obuf[8192];
    char *in = (char *)p;
    size_t inleft = n;
    size_t unit = (d->enc == BT_ENC_UTF16LE || d->enc == BT_ENC_UTF16BE) ? 2 : 1;
    while (inleft > 0) {
        char *o = obuf;
        size_t oleft = sizeof obuf;
        size_t r = iconv(d->cd, &in, &inleft, &o, &oleft);
        int err = errno;
        emit(d, obuf, sizeof obuf - oleft, out);
        if (r != (size_t)-1)
            break;
        if (err == E2BIG)
            continue;
        if (err == EILSEQ) {
            emit_replacement(d, out);
            size_t skip = inleft < unit ? inleft : unit;
            in += skip;
            inleft -= skip;
            iconv(d->cd, NULL, NULL, NULL, NULL);
            continue;
        }
        /* EINVAL: an incomplete sequence at the end of this chunk. */
        if (last || inleft > sizeof d->carry) {
            emit_replacement(d, out);
            inleft = 0;
            break;
        }
        memcpy(d->carry, in, inleft);
        d->ncarry = inleft;
        return;
    }
}

bt_err bt_decoder_feed(bt_decoder *d, const unsigned char *in, size_t n,
                       bool last, bt_sb *out)
{
    /* A sequence split across chunks: decode it joined to this chunk. */
    unsigned char *joined = NULL;
    if (d->ncarry) {
        joined = malloc(d->ncarry + n + 1);
        if (!joined)
            return BT_ERR_NOMEM;
        memcpy(joined, d->carry, d->ncarry);
        if (n)
            memcpy(joined + d->ncarry, in, n);
        n += d->ncarry;
        in = joined;
        d->ncarry = 0;
    }
    if (n) {
        if (d->cd != (iconv_t)-1)
            feed_iconv(d, in, n, last, out);
        else
            feed_utf8(d, in, n, last, out);
    }
    free(joined);
    if (last && d->pending_cr) {
        d->pending_cr = false;
        if (!d->in_quote)
            d->n_cr++;
    }
    return out->failed ? BT_ERR_NOMEM : BT_OK;
}
