/* text.c - Unicode text helpers (see text.h). */
#include "bitacora/text.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Decode one code point; returns its length, or 0 if the bytes at s are not
 * well-formed UTF-8 (then *cp is undefined). */
static size_t utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; v = (int32_t)(c & 0x1F); min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; v = (int32_t)(c & 0x0F); min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; v = (int32_t)(c & 0x07); min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (int32_t)(s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t bt_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (!k)
            break;
        i += k;
    }
    return i;
}

size_t bt_utf8_seq_len(const char *s, size_t n)
{
    int32_t cp;
    return utf8_decode((const unsigned char *)s, n, &cp);
}

bool bt_utf8_valid(const char *s, size_t n)
{
    return bt_utf8_valid_prefix(s, n) == n;
}

size_t bt_utf8_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

size_t bt_utf8_prefix_bytes(const char *s, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, chars = 0;
    while (p[i]) {
        if ((p[i] & 0xC0) != 0x80) {
            if (chars == max_chars)
                break;
            chars++;
        }
        i++;
    }
    return i;
}

/* Replace ill-formed sequences by U+FFFD.  Returns a malloc'd copy (NUL
 * terminated, *out_len set) or NULL when out of memory. */
static char *utf8_repair(const char *s, size_t n, size_t *out_len)
{
    size_t cap;
    if (bt_mul_size(n, 3, &cap) || cap == SIZE_MAX)
        return NULL;
    char *out = malloc(cap + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < n) {
        int32_t cp;
        size_t k = p[i] < 0x80 ? 1 : utf8_decode(p + i, n - i, &cp);
        if (k) {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Controls, noncharacters and the invisible marks pasted from the web
 * (zero-width space, word joiner, soft hyphen, U+FEFF): none is text a
 * team typed, and left in a count or date they make «3» fail for a reason
 * nobody can see.  ZWJ and ZWNJ stay: they shape emoji and scripts. */
static bool is_dropped_control(int32_t cp)
{
    if (cp < 0x20)
        return cp != '\n' && cp != '\t';
    return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFEFF || cp == 0x200B ||
           cp == 0x2060 || cp == 0xAD || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFE) == 0xFFFE;
}

static bool is_space_cp(int32_t cp)
{
    if (cp == ' ')
        return true;
    if (cp < 0x80)
        return false;
    if (cp < 0x100)
        return cp == 0xA0;      /* the only other space separator (Zs) in Latin-1 */
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS;
}

static bool plain_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F)
            return false;
    }
    return true;
}

/* s[0..n) as valid UTF-8 in NFC: *src is s itself when it already is
 * (plain printable ASCII always is), else a copy with ill-formed bytes
 * repaired and characters composed, which *owned holds (to free).  Text
 * whose code points are all below U+0300, where combining marks begin, is
 * NFC already: Spanish text almost always is. */
static bt_err valid_nfc(const char *s, size_t n, const char **src, size_t *len, char **owned)
{
    *src = s;
    *len = n;
    *owned = NULL;
    if (plain_ascii(s, n))
        return BT_OK;
    if (!bt_utf8_valid(s, n)) {
        *owned = utf8_repair(s, n, len);
        if (!*owned)
            return BT_ERR_NOMEM;
        *src = *owned;
    }
    bool maybe_not_nfc = false;
    for (size_t i = 0; i < *len && !maybe_not_nfc; i++) {
        unsigned char c = (unsigned char)(*src)[i];
        maybe_not_nfc = c >= 0xCC && (c & 0xC0) == 0xC0;   /* leads U+0300 and above */
    }
    if (!maybe_not_nfc)
        return BT_OK;
    utf8proc_uint8_t *nfc;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)*src, (utf8proc_ssize_t)*len,
                                      &nfc, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    free(*owned);
    *owned = NULL;
    if (r < 0)
        return BT_ERR_NOMEM;
    *owned = (char *)nfc;
    *src = *owned;
    *len = (size_t)r;
    return BT_OK;
}

/* The cleaned text being written (never longer than its source). */
typedef struct {
    char *out;
    size_t o;
    size_t pending;      /* spaces seen but not yet written */
    bool line_start;
    unsigned opts;
} cleaner;

/* The spaces seen before what comes next: one when collapsing. */
static void put_spaces(cleaner *c)
{
    size_t ns = (c->opts & BT_CLEAN_COLLAPSE) && c->pending ? 1 : c->pending;
    memset(c->out + c->o, ' ', ns);
    c->o += ns;
    c->pending = 0;
}

/* One code point (its bytes p[0..k)), after CR and TAB were mapped. */
static void clean_cp(cleaner *c, int32_t cp, const unsigned char *p, size_t k)
{
    bool trim = c->opts & BT_CLEAN_TRIM;
    if (is_dropped_control(cp))
        return;
    if (cp == '\n' && (c->opts & BT_CLEAN_ONELINE))
        cp = ' ';
    if (cp == ' ' || (cp != '\n' && is_space_cp(cp))) {
        if (!(trim && c->line_start && c->o == 0))
            c->pending++;
        return;
    }
    if (cp == '\n') {
        /* Trailing spaces of a line go when trimming. */
        if (trim)
            c->pending = 0;
        else
            put_spaces(c);
        c->out[c->o++] = '\n';
        c->line_start = true;
        return;
    }
    if (c->pending) {
        if (trim && c->line_start && c->o == 0)
            c->pending = 0;
        else
            put_spaces(c);
    }
    memcpy(c->out + c->o, p, k);
    c->o += k;
    c->line_start = false;
}

/* Trimming: the blank lines and spaces at both ends go. */
static void trim_ends(cleaner *c)
{
    while (c->o > 0 && (c->out[c->o - 1] == '\n' || c->out[c->o - 1] == ' '))
        c->o--;
    size_t lead = 0;
    while (lead < c->o && (c->out[lead] == '\n' || c->out[lead] == ' '))
        lead++;
    if (lead) {
        memmove(c->out, c->out + lead, c->o - lead);
        c->o -= lead;
    }
}

char *bt_text_clean(bt_arena *a, const char *s, size_t n, unsigned opts)
{
    const char *src;
    size_t len;
    char *owned;
    if (valid_nfc(s, n, &src, &len, &owned))
        return NULL;
    cleaner c = {bt_arena_alloc(a, len + 1), 0, 0, true, opts};
    const unsigned char *p = (const unsigned char *)src;
    for (size_t i = 0; c.out && i < len;) {
        /* A run of printable ASCII, with single spaces between its words,
         * copied as it is: what clean_cp would do to it one by one (one
         * space before a printable character is written as it is,
         * trimming and collapsing alike). */
        if (p[i] > 0x20 && p[i] < 0x7F) {
            size_t j = i + 1;
            while (j < len && ((p[j] > 0x20 && p[j] < 0x7F) ||
                               (p[j] == ' ' && j + 1 < len && p[j + 1] > 0x20 && p[j + 1] < 0x7F)))
                j++;
            if (c.pending) {
                if ((opts & BT_CLEAN_TRIM) && c.line_start && c.o == 0)
                    c.pending = 0;
                else
                    put_spaces(&c);
            }
            memcpy(c.out + c.o, p + i, j - i);
            c.o += j - i;
            i = j;
            c.line_start = false;
            continue;
        }
        int32_t cp;
        size_t k = p[i] < 0x80 ? (cp = p[i], 1) : utf8_decode(p + i, len - i, &cp);
        if (!k) {              /* cannot happen after repair; be safe */
            i++;
            continue;
        }
        if (cp == '\r') {       /* CR and CRLF end a line as LF does */
            cp = '\n';
            if (i + 1 < len && p[i + 1] == '\n')
                k = 2;
        }
        clean_cp(&c, cp == '\t' ? ' ' : cp, p + i, k);
        i += k;
    }
    if (c.out) {
        if (!(opts & BT_CLEAN_TRIM) && c.pending)
            put_spaces(&c);
        if (opts & BT_CLEAN_TRIM)
            trim_ends(&c);
        c.out[c.o] = '\0';
    }
    free(owned);
    return c.out;
}

/* ---- fold keys ---- */

/* Fold keys are computed without any heap allocation, so a lookup can
 * never fail for lack of memory and be mistaken for "not found".  Only the
 * first FOLD_MAX_CPS code points of a text count: no label, name or place
 * is nearly that long. */
#define FOLD_MAX_CPS 1024
#define FOLD_BUF (FOLD_MAX_CPS * 4)

static bool is_fold_alnum(int32_t cp)
{
    if (cp == 0xB0 || cp == 0xBA || cp == 0xAA)
        return false;      /* °, º, ª: separators ("N°", "1ª") */
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
               (cp >= 'A' && cp <= 'Z');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static const utf8proc_option_t fold_opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                           UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                           UTF8PROC_LUMP;

/* The fold of each code point below U+0300, where combining marks begin:
 * a text made only of those folds code point by code point (no mark can
 * attach to its neighbour, and each one's own marks are stripped), so a
 * table gives utf8proc's answer without its per-call cost.  Built once,
 * by utf8proc itself.  An entry whose fold does not fit is "" with
 * fold_big set: texts holding it take the general path. */
#define FOLD_TAB 0x300
static char fold_tab[FOLD_TAB][8];
static bool fold_big[FOLD_TAB];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_tab_init(void)
{
    for (int32_t cp = 1; cp < FOLD_TAB; cp++) {
        utf8proc_uint8_t in[8];
        utf8proc_ssize_t k = utf8proc_encode_char(cp, in);
        utf8proc_int32_t cps[16];
        utf8proc_ssize_t n = utf8proc_decompose(in, k, cps, 16, fold_opts);
        if (n >= 0 && n <= 16)
            n = utf8proc_reencode(cps, n, fold_opts);
        if (n < 0 || n >= 8) {
            fold_big[cp] = true;
            continue;
        }
        memcpy(fold_tab[cp], cps, (size_t)n);
        fold_tab[cp][n] = '\0';
    }
}

/* The fold of s[0..n) through the table into buf (at least 7 bytes per
 * code point); its length, or -1 when s holds what the table cannot do
 * (code points from U+0300 on, ill-formed UTF-8). */
static utf8proc_ssize_t fold_table(const char *s, size_t n, char *buf)
{
    pthread_once(&fold_once, fold_tab_init);
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = p[i] < 0x80 ? (cp = p[i], 1) : utf8_decode(p + i, n - i, &cp);
        if (!k || cp == 0 || cp >= FOLD_TAB || fold_big[cp])
            return -1;
        const char *f = fold_tab[cp];
        while (*f)
            buf[o++] = *f++;
        i += k;
    }
    return (utf8proc_ssize_t)o;
}

/* Writes the key into out (out_size >= 1); returns its length, or
 * (size_t)-1 when it does not fit. */
static size_t fold_core(const char *s, char *out, size_t out_size)
{
    /* Case fold, strip accents and lump punctuation variants, in a fixed
     * buffer: utf8proc_decompose + utf8proc_reencode never allocate. */
    utf8proc_int32_t cps[FOLD_BUF];
    size_t in_len = bt_utf8_prefix_bytes(s, FOLD_MAX_CPS);
    utf8proc_ssize_t n = fold_table(s, in_len, (char *)cps);
    if (n < 0) {
        n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)in_len, cps,
                               FOLD_BUF, fold_opts);
        if (n < 0 || n > FOLD_BUF)
            return (size_t)-1;
        n = utf8proc_reencode(cps, n, fold_opts);
        if (n < 0)
            return (size_t)-1;
    }
    const unsigned char *p = (const unsigned char *)cps;   /* now UTF-8 */
    size_t len = (size_t)n, i = 0, o = 0, word_start = 0;
    bool in_word = false;
    while (i <= len) {
        int32_t cp = 0;
        size_t k = 1;
        if (i < len) {
            if (p[i] < 0x80) {
                cp = p[i];
            } else {
                k = utf8_decode(p + i, len - i, &cp);
                if (!k) {
                    k = 1;
                    cp = ' ';
                }
            }
        }
        if (i < len && is_fold_alnum(cp)) {
            if (!in_word) {
                if (o && o + 1 < out_size)
                    out[o++] = ' ';
                word_start = o;
                in_word = true;
            }
            if (o + k >= out_size)
                return (size_t)-1;
            memcpy(out + o, p + i, k);
            o += k;
        } else if (in_word) {
            /* A word just ended; cp is what follows it.  "N°", "Nº",
             * "No.", "Nro." and "Núm." are the one word "n". */
            const char *w = out + word_start;
            size_t wl = o - word_start;
            bool is_n = (wl == 1 && w[0] == 'n') ||
                        (wl == 2 && !memcmp(w, "no", 2) && cp == '.') ||
                        (wl == 3 && (!memcmp(w, "nro", 3) || !memcmp(w, "num", 3)));
            if (is_n) {
                out[word_start] = 'n';
                o = word_start + 1;
            }
            in_word = false;
        }
        i += k;
    }
    out[o] = '\0';
    return o;
}

/* Labels come back in every logbook: each thread keeps the folds of the
 * last short texts it saw (a fold depends on nothing but its text). */
#define FMEMO_SLOTS 256
#define FMEMO_IN 48
#define FMEMO_OUT 64

typedef struct {
    char in[FMEMO_IN];        /* "" : empty slot */
    char out[FMEMO_OUT];
} fmemo_slot;

static _Thread_local fmemo_slot fmemo[FMEMO_SLOTS];

static fmemo_slot *fmemo_at(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return &fmemo[h % FMEMO_SLOTS];
}

char *bt_fold(bt_arena *a, const char *s)
{
    char buf[FOLD_BUF + 1];
    size_t total = strlen(s);
    fmemo_slot *slot = total && total < FMEMO_IN ? fmemo_at(s, total) : NULL;
    if (slot && strcmp(slot->in, s) == 0)
        return bt_arena_strdup(a, slot->out);
    if (bt_utf8_prefix_bytes(s, FOLD_MAX_CPS) == total) {
        size_t k = fold_core(s, buf, sizeof buf);
        if (k == (size_t)-1)
            buf[0] = '\0';
        else if (slot && k < FMEMO_OUT) {
            memcpy(slot->in, s, total + 1);
            memcpy(slot->out, buf, k + 1);
        }
        return bt_arena_strdup(a, buf);
    }
    /* A long text: fold it in pieces cut after an ASCII separator (which
     * ends a word anyway), and join the pieces' keys with spaces. */
    bt_sb out;
    bt_sb_init(&out);
    char piece[FOLD_BUF + 1];
    const char *p = s;
    while (*p) {
        size_t n = bt_utf8_prefix_bytes(p, FOLD_MAX_CPS - 1);
        if (p[n]) {
            size_t cut = n;
            while (cut > 0 && !(p[cut - 1] == ' ' || p[cut - 1] == '\n' ||
                                p[cut - 1] == ',' || p[cut - 1] == ';'))
                cut--;
            if (cut > 0)
                n = cut;
        }
        memcpy(piece, p, n);
        piece[n] = '\0';
        size_t k = fold_core(piece, buf, sizeof buf);
        if (k != (size_t)-1 && k > 0) {
            if (out.len)
                bt_sb_putc(&out, ' ');
            bt_sb_append(&out, buf, k);
        }
        p += n;
    }
    char *r = out.failed ? NULL : bt_arena_strdup(a, bt_sb_str(&out));
    bt_sb_free(&out);
    return r;
}

char *bt_fold_joined(bt_arena *a, const char *s, bool drop_short)
{
    size_t n = strlen(s);
    char *joined = bt_arena_alloc(a, n + 1);
    if (!joined)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (drop_short && s[i] == '(' && i > 0 && s[i - 1] != ' ') {
            size_t k = i + 1;
            while (k < n && k <= i + 4 && s[k] != ')' && s[k] != '(' && s[k] != ' ')
                k++;
            if (k < n && s[k] == ')' && k <= i + 4) {
                i = k;      /* "(s)", "(es)", "(a)", "(as)" */
                continue;
            }
        }
        if (s[i] != '.' && s[i] != '(' && s[i] != ')')
            joined[o++] = s[i];
    }
    joined[o] = '\0';
    return bt_fold(a, joined);
}

size_t bt_fold_buf(const char *s, char *out, size_t out_size)
{
    if (out_size == 0)
        return (size_t)-1;
    return fold_core(s, out, out_size);
}

/* ---- edit distance ---- */

#define ED_MAX 256

size_t bt_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > ED_MAX || lb > ED_MAX)   /* too long to be a near miss of a label */
        return strcmp(a, b) == 0 ? 0 : cap + 1;
    size_t diff = la > lb ? la - lb : lb - la;
    if (diff > cap)
        return cap + 1;
    size_t rows[3][ED_MAX + 1];
    size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v)
                v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}

size_t bt_suggest_cap(size_t key_len)
{
    /* Tight enough that labels sharing only an ending ("... del
     * territorio") are not offered as near misses of each other. */
    if (key_len <= 3)
        return 0;
    if (key_len <= 5)
        return 1;
    if (key_len <= 12)
        return 2;
    return key_len / 6 < 4 ? key_len / 6 : 4;
}

/* ---- names ---- */

static const char *const particles[] = {
    "de", "del", "la", "las", "los", "y", "e", "da", "das", "do", "dos",
    "van", "von", "der", "di", NULL,
};

char *bt_name_case(bt_arena *a, const char *s)
{
    bool has_upper = false, has_lower = false;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (!k)
            return bt_arena_strdup(a, s);
        if (utf8proc_isupper(cp))
            has_upper = true;
        if (utf8proc_islower(cp))
            has_lower = true;
        i += k;
    }
    if (has_upper && has_lower)
        return bt_arena_strdup(a, s);
    /* Upper/lower case forms of a code point never need more than 4
     * bytes, so the output is at most 4 bytes per input byte. */
    char *out = bt_arena_alloc(a, n * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0, word_start = 0;
    bool start = true;
    for (size_t i = 0; i <= n;) {
        int32_t cp = 0;
        size_t k = 1;
        if (i < n)
            k = utf8_decode(p + i, n - i, &cp);
        if (i == n || cp == ' ') {
            /* Word [word_start, o) complete: particles go lower case. */
            size_t wl = o - word_start;
            if (word_start > 0) {
                for (const char *const *q = particles; *q; q++) {
                    size_t ql = strlen(*q);
                    if (ql == wl && strncasecmp(out + word_start, *q, wl) == 0) {
                        out[word_start] = (*q)[0];
                        break;
                    }
                }
            }
            if (i == n)
                break;
            out[o++] = ' ';
            word_start = o;
            start = true;
            i += k;
            continue;
        }
        int32_t m = start ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
        o += (size_t)utf8proc_encode_char(m, (utf8proc_uint8_t *)out + o);
        start = (cp == '-' || cp == '\'' || cp == 0x2019);
        i += k;
    }
    out[o] = '\0';
    return out;
}

/* ---- slugs and cell names ---- */

static const char *const reserved[] = {
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5",
    "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5",
    "lpt6", "lpt7", "lpt8", "lpt9", NULL,
};

char *bt_slug(bt_arena *a, const char *s, size_t max_len)
{
    if (max_len < 3)
        max_len = 3;
    char *key = bt_fold(a, s);
    if (!key)
        return NULL;
    char *out = bt_arena_alloc(a, max_len + 4);
    if (!out)
        return NULL;
    size_t o = 0;
    const char *q = key;
    for (; *q && o < max_len; q++) {
        char c = *q;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[o++] = c;
        else if (c == ' ' && o > 0 && out[o - 1] != '-')
            out[o++] = '-';
    }
    if (o == max_len && *q) {
        /* Cut back to a word boundary when one is near. */
        size_t cut = o;
        while (cut > max_len / 2 && out[cut - 1] != '-')
            cut--;
        if (cut > max_len / 2)
            o = cut;
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    if (o == 0) {
        strcpy(out, "x");
        return out;
    }
    for (const char *const *r = reserved; *r; r++) {
        if (strcmp(out, *r) == 0) {
            if (o + 2 > max_len)
                o = max_len - 2;
            out[o++] = '-';
            out[o++] = 'x';
            out[o] = '\0';
            break;
        }
    }
    return out;
}

void bt_col_letters(unsigned col, char buf[8])
{
    char tmp[8];
    size_t n = 0;
    if (col == 0) {
        strcpy(buf, "?");
        return;
    }
    while (col > 0 && n < 7) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

void bt_cell_name(unsigned row, unsigned col, char buf[24])
{
    char letters[8];
    bt_col_letters(col, letters);
    snprintf(buf, 24, "%s%u", letters, row);
}
