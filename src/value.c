/* value.c - parsing the values a team types (see value.h). */
#include "bitacora/value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bitacora/text.h"

static const char *const why_text[BT_WHY__COUNT] = {
    [BT_WHY_NONE] = "",
    [BT_WHY_NOT_NUMBER] = "no es un número entero",
    [BT_WHY_NEGATIVE] = "no puede llevar signo ni ser negativo",
    [BT_WHY_DECIMAL] = "debe ser un número entero, sin decimales",
    [BT_WHY_TOO_LARGE] = "es demasiado grande (máximo 100.000)",
    [BT_WHY_EXPONENT] = "está en notación científica; escriba el número entero",
    [BT_WHY_ZERO] = "debe ser un entero positivo (1, 2, 3, ...)",
    [BT_WHY_DATE_FORMAT] = "no es una fecha; use día-mes-año, por ejemplo 15-03-2025",
    [BT_WHY_MONTH_FIRST] = "tiene el mes antes del día; las fechas se escriben día-mes-año",
    [BT_WHY_NO_SUCH_DATE] = "no existe en el calendario",
    [BT_WHY_YEAR_RANGE] = "tiene un año fuera de rango (2000 a 2100)",
    [BT_WHY_NEED_DAY] = "indica solo mes y año; aquí se requiere el día (día-mes-año)",
    [BT_WHY_YEAR_FORMAT] = "no es un año de cuatro dígitos, por ejemplo 2025",
    [BT_WHY_TIME] = "tiene una hora que no existe; escriba solo la fecha, día-mes-año",
    [BT_WHY_COMMA_THOUSANDS] = "es ambiguo: la coma puede separar miles o decimales; escriba "
                               "la cifra sin separadores, por ejemplo 1000",
    [BT_WHY_DASH] = "es un guion, no una cantidad; si no hay, escriba 0",
    [BT_WHY_DATE_OR_MONTH] = "no es una fecha; use día-mes-año o mes-año, por ejemplo 15-03-2025 "
                             "o 03-2025",
};

const char *bt_why_text(bt_why why)
{
    return (unsigned)why < BT_WHY__COUNT ? why_text[why] : "";
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    return s;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Only dashes ("-", "--", "–", "—"): a way of writing "none" that is
 * still not a figure (FORMAT.md: an unknown count is never 0). */
static bool only_dashes(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && (s[d] == '-' || (n - d >= 3 && (unsigned char)s[d] == 0xE2 &&
                                     (unsigned char)s[d + 1] == 0x80 &&
                                     ((unsigned char)s[d + 2] == 0x93 ||
                                      (unsigned char)s[d + 2] == 0x94))))
        d += s[d] == '-' ? 1 : 3;
    return d == n;
}

/* The digits of a count, possibly grouped by '.' in threes ("1.234"). */
typedef struct {
    uint64_t v;
    bool overflow;
    size_t ndigits;
    size_t group;          /* digits since the last '.' */
    bool grouped;
} int_part;

/* Reads the integer part of s[0..n); returns where it ends. */
static size_t integer_part(const char *s, size_t n, int_part *ip)
{
    memset(ip, 0, sizeof *ip);
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (is_digit(c)) {
            if (ip->v > (UINT64_MAX - 9) / 10)
                ip->overflow = true;
            else
                ip->v = ip->v * 10 + (uint64_t)(c - '0');
            ip->group++;
            ip->ndigits++;
            i++;
        } else if (c == '.' && i + 3 < n + 1 && ip->group >= 1 &&
                   (ip->grouped ? ip->group == 3 : ip->group <= 3) && i + 3 <= n &&
                   is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
                   (i + 4 == n || !is_digit(s[i + 4]))) {
            /* "1.234": a thousands separator (exactly three digits follow) */
            ip->grouped = true;
            ip->group = 0;
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* A decimal part at s[*i] (',' or '.') must be all zeros: "12,0",
 * "12.00".  Moves *i past it; BT_WHY_NONE when it is one. */
static bt_why zero_decimals(const char *s, size_t n, size_t *i, bool grouped)
{
    size_t j = *i + 1;
    bool nonzero = false, digits = false;
    while (j < n && is_digit(s[j])) {
        if (s[j] != '0')
            nonzero = true;
        digits = true;
        j++;
    }
    if (!digits)
        return BT_WHY_NOT_NUMBER;
    if (s[*i] == ',' && !grouped && j == n && j - *i - 1 == 3)
        return BT_WHY_COMMA_THOUSANDS;   /* "1,000": one in Chile, a thousand in English */
    if (j < n)
        return s[j] == 'e' || s[j] == 'E' ? BT_WHY_EXPONENT : BT_WHY_NOT_NUMBER;
    if (nonzero)
        return BT_WHY_DECIMAL;
    *i = j;
    return BT_WHY_NONE;
}

bt_val_status bt_parse_count(const char *s, uint64_t *out, bt_why *why)
{
    *why = BT_WHY_NONE;
    *out = 0;
    s = skip_ws(s);
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
        n--;
    if (n == 0)
        return BT_VAL_EMPTY;
    if (only_dashes(s, n))
        *why = BT_WHY_DASH;
    else if (s[0] == '-' || s[0] == '+' || s[0] == '(')
        *why = BT_WHY_NEGATIVE;
    if (*why)
        return BT_VAL_BAD;
    int_part ip;
    size_t i = integer_part(s, n, &ip);
    if (ip.ndigits == 0 || (ip.grouped && ip.group != 3))
        *why = BT_WHY_NOT_NUMBER;
    else if (i < n && (s[i] == ',' || s[i] == '.'))
        *why = zero_decimals(s, n, &i, ip.grouped);
    if (!*why && i < n)
        *why = (s[i] == 'e' || s[i] == 'E') && i + 1 < n ? BT_WHY_EXPONENT : BT_WHY_NOT_NUMBER;
    if (!*why && (ip.overflow || ip.v > BT_COUNT_MAX))
        *why = BT_WHY_TOO_LARGE;
    if (*why)
        return BT_VAL_BAD;
    *out = ip.v;
    return BT_VAL_OK;
}

bt_val_status bt_parse_terrnum(const char *s, uint64_t *out, bt_why *why)
{
    char key[256];
    *out = 0;
    *why = BT_WHY_NONE;
    if (bt_fold_buf(s, key, sizeof key) == (size_t)-1) {
        *why = BT_WHY_NOT_NUMBER;
        return BT_VAL_BAD;
    }
    /* "territorio 3", "territorio n 3", "n 3", "t3", "t 3" */
    const char *p = key;
    static const char *const words[] = {"territorio ", "terr ", "n ", "t ", NULL};
    for (int round = 0; round < 2; round++)
        for (const char *const *w = words; *w; w++)
            if (strncmp(p, *w, strlen(*w)) == 0)
                p += strlen(*w);
    if (p == key && p[0] == 't' && is_digit(p[1]))
        p++;
    if (p != key) {
        bool digits_only = *p != '\0';
        for (const char *q = p; *q; q++)
            if (!is_digit(*q))
                digits_only = false;
        if (!digits_only) {
            *why = BT_WHY_NOT_NUMBER;
            return BT_VAL_BAD;
        }
        s = p;
    }
    bt_val_status st = bt_parse_count(s, out, why);
    if (st == BT_VAL_OK && *out == 0) {
        *why = BT_WHY_ZERO;
        return BT_VAL_BAD;
    }
    if (st == BT_VAL_BAD && *why == BT_WHY_NEGATIVE)
        *why = BT_WHY_ZERO;
    return st;
}

bt_val_status bt_parse_year(const char *s, int *out, bt_why *why)
{
    char key[256];
    *out = 0;
    *why = BT_WHY_NONE;
    s = skip_ws(s);
    if (!*s)
        return BT_VAL_EMPTY;
    if (bt_fold_buf(s, key, sizeof key) == (size_t)-1) {
        *why = BT_WHY_YEAR_FORMAT;
        return BT_VAL_BAD;
    }
    const char *p = key;
    static const char *const words[] = {"periodo ", "ano ", "lectivo ", NULL};
    for (int round = 0; round < 2; round++)
        for (const char *const *w = words; *w; w++)
            if (strncmp(p, *w, strlen(*w)) == 0)
                p += strlen(*w);
    /* A year typed as a number cell with a decimal: "2025.0" / "2025,0" */
    char digits[8];
    size_t n = 0;
    while (is_digit(p[n]) && n < 7) {
        digits[n] = p[n];
        n++;
    }
    digits[n] = '\0';
    const char *rest = p + n;
    if (rest[0] == ' ' && rest[1] == '0' && rest[2] == '\0')
        rest += 2;   /* "2025,0" folded to "2025 0" */
    if (n != 4 || *rest) {
        *why = BT_WHY_YEAR_FORMAT;
        return BT_VAL_BAD;
    }
    int y = atoi(digits);
    if (y < BT_YEAR_MIN || y > BT_YEAR_MAX) {
        *why = BT_WHY_YEAR_RANGE;
        return BT_VAL_BAD;
    }
    *out = y;
    return BT_VAL_OK;
}

/* ---- dates ---- */

static const struct {
    const char *name;
    int month;
} month_names[] = {
    {"enero", 1}, {"ene", 1}, {"febrero", 2}, {"feb", 2}, {"marzo", 3},
    {"mar", 3}, {"abril", 4}, {"abr", 4}, {"mayo", 5}, {"may", 5},
    {"junio", 6}, {"jun", 6}, {"julio", 7}, {"jul", 7}, {"agosto", 8},
    {"ago", 8}, {"septiembre", 9}, {"setiembre", 9}, {"sep", 9}, {"sept", 9},
    {"set", 9}, {"octubre", 10}, {"oct", 10}, {"noviembre", 11}, {"nov", 11},
    {"diciembre", 12}, {"dic", 12}, {NULL, 0},
};

static const char *const ignorable_words[] = {
    "de", "del", "lunes", "martes", "miercoles", "jueves", "viernes",
    "sabado", "domingo", "el", "ano", NULL,
};

static int month_of(const char *w)
{
    for (int i = 0; month_names[i].name; i++)
        if (strcmp(w, month_names[i].name) == 0)
            return month_names[i].month;
    return 0;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Remove a trailing time of day (" 10:30", " 10:30:00", " 9:05 am").
 * Returns false when there is one and it is no real time ("25:99"). */
static bool strip_time(char *s)
{
    char *colon = strchr(s, ':');
    if (!colon)
        return true;
    char *p = colon;
    while (p > s && is_digit(p[-1]))
        p--;
    if (p == s || p[-1] != ' ')
        return true;          /* not a time after the date: leave it */
    int part[3] = {0, 0, 0}, np = 0;
    const char *q = p;
    while (np < 3) {
        int v = 0, digits = 0;
        while (is_digit(*q) && digits < 3) {
            v = v * 10 + (*q - '0');
            q++;
            digits++;
        }
        if (!digits)
            return false;
        part[np++] = v;
        if (*q != ':')
            break;
        q++;
    }
    while (*q == ' ' || *q == '.')
        q++;
    bool pm = false, ampm = false;
    if ((q[0] == 'a' || q[0] == 'p' || q[0] == 'A' || q[0] == 'P') &&
        (q[1] == 'm' || q[1] == 'M' || q[1] == '.')) {
        pm = q[0] == 'p' || q[0] == 'P';
        ampm = true;
        q += 2;
        while (*q == '.' || *q == 'm' || *q == 'M' || *q == ' ')
            q++;
    }
    if (*q)
        return false;
    int h = part[0];
    if (np < 2 || (ampm ? (h < 1 || h > 12) : h > 23) || part[1] > 59 || part[2] > 59)
        return false;
    (void)pm;
    p[-1] = '\0';
    return true;
}

static bool all_digits(const char *w)
{
    if (!*w)
        return false;
    for (; *w; w++)
        if (!is_digit(*w))
            return false;
    return true;
}

static int to_int(const char *w)
{
    /* Callers pass at most 6 digits. */
    return atoi(w);
}

static bt_val_status finish_date(int y, int m, int d, bool allow_month,
                                 bt_date *out, bt_why *why)
{
    if (y < BT_YEAR_MIN || y > BT_YEAR_MAX) {
        *why = BT_WHY_YEAR_RANGE;
        return BT_VAL_BAD;
    }
    if (m < 1 || m > 12) {
        *why = BT_WHY_NO_SUCH_DATE;
        return BT_VAL_BAD;
    }
    if (d == 0 && !allow_month) {
        *why = BT_WHY_NEED_DAY;
        return BT_VAL_BAD;
    }
    if (d != 0 && (d < 1 || d > days_in(y, m))) {
        *why = BT_WHY_NO_SUCH_DATE;
        return BT_VAL_BAD;
    }
    out->year = y;
    out->month = m;
    out->day = d;
    *why = BT_WHY_NONE;
    return BT_VAL_OK;
}

static int expand_year(const char *w)
{
    size_t n = strlen(w);
    int v = to_int(w);
    if (n == 2)
        return 2000 + v;
    if (n == 4)
        return v;
    return -1;   /* 1, 3 or 5+ digits: not a year we accept */
}

static bt_val_status parse_date(const char *s, bool allow_month, bt_date *out, bt_why *why,
                                bt_date *suggestion);

bt_val_status bt_parse_date(const char *s, bool allow_month, bt_date *out,
                            bt_why *why, bt_date *suggestion)
{
    bt_val_status st = parse_date(s, allow_month, out, why, suggestion);
    /* Where month-year will do, the hint offers it too. */
    if (st == BT_VAL_BAD && allow_month && *why == BT_WHY_DATE_FORMAT)
        *why = BT_WHY_DATE_OR_MONTH;
    return st;
}

/* The words of a date. */
typedef struct {
    char key[256];          /* the folded text the words point into */
    const char *w[8];
    size_t n;
} tokens;

/* The words of a date: folded (lower case, no accents, punctuation as
 * spaces), without a time of day or the words that say nothing ("de",
 * weekdays).  BT_WHY_NONE, or why there is no date to read in s. */
static bt_why date_words(const char *s, tokens *t)
{
    char raw[256];
    if (strlen(s) >= sizeof raw)
        return BT_WHY_DATE_FORMAT;
    strcpy(raw, s);
    if (!strip_time(raw))
        return BT_WHY_TIME;
    if (bt_fold_buf(raw, t->key, sizeof t->key) == (size_t)-1)
        return BT_WHY_DATE_FORMAT;
    t->n = 0;
    for (char *p = t->key; *p;) {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = '\0';
        bool skip = false;
        for (const char *const *iw = ignorable_words; *iw; iw++)
            if (strcmp(p, *iw) == 0)
                skip = true;
        if (!skip) {
            if (t->n == 8)
                return BT_WHY_DATE_FORMAT;
            t->w[t->n++] = p;
        }
        if (!sp)
            break;
        p = sp + 1;
    }
    for (size_t i = 0; i < t->n; i++)
        if (all_digits(t->w[i]) && strlen(t->w[i]) > 6)
            return BT_WHY_YEAR_RANGE;
    return BT_WHY_NONE;
}

/* "[d] month y": the month by name (word mi), a year, maybe a day. */
static bt_val_status named_month_date(const tokens *t, size_t mi, bool allow_month,
                                      bt_date *out, bt_why *why)
{
    int m = month_of(t->w[mi]);
    int y;
    if (mi == 0 && t->n == 2 && all_digits(t->w[1])) {
        if ((y = expand_year(t->w[1])) < 0)
            return *why = BT_WHY_YEAR_RANGE, BT_VAL_BAD;
        return finish_date(y, m, 0, allow_month, out, why);
    }
    if (mi == 1 && t->n == 3 && all_digits(t->w[0]) && all_digits(t->w[2]) &&
        strlen(t->w[0]) <= 2) {
        if ((y = expand_year(t->w[2])) < 0)
            return *why = BT_WHY_YEAR_RANGE, BT_VAL_BAD;
        return finish_date(y, m, to_int(t->w[0]), allow_month, out, why);
    }
    return BT_VAL_BAD;
}

/* Three numbers: year-month-day (ISO), else day-month-year, the year of
 * two or four digits.  A month first is never swapped, but what was meant
 * is suggested. */
static bt_val_status three_numbers(const tokens *t, bool allow_month, bt_date *out,
                                   bt_why *why, bt_date *suggestion)
{
    size_t l0 = strlen(t->w[0]), l1 = strlen(t->w[1]), l2 = strlen(t->w[2]);
    if (l0 == 4 && l1 <= 2 && l2 <= 2)
        return finish_date(to_int(t->w[0]), to_int(t->w[1]), to_int(t->w[2]), allow_month,
                           out, why);
    if (l0 > 2 || l1 > 2)
        return *why = l0 > 4 || l2 > 4 ? BT_WHY_YEAR_RANGE : BT_WHY_DATE_FORMAT, BT_VAL_BAD;
    int y = expand_year(t->w[2]);
    if (y < 0)
        return *why = l2 > 4 ? BT_WHY_YEAR_RANGE : BT_WHY_DATE_FORMAT, BT_VAL_BAD;
    int d = to_int(t->w[0]), m = to_int(t->w[1]);
    if (m > 12 && d >= 1 && d <= 12 && m <= days_in(y, d)) {
        /* 03/15/2025: never swapped, but we can say what was meant. */
        suggestion->year = y;
        suggestion->month = d;
        suggestion->day = m;
        return *why = BT_WHY_MONTH_FIRST, BT_VAL_BAD;
    }
    if (d == 0)
        return *why = BT_WHY_NO_SUCH_DATE, BT_VAL_BAD;
    return finish_date(y, m, d, allow_month, out, why);
}

/* Two numbers: month-year or year-month, month precision. */
static bt_val_status two_numbers(const tokens *t, bool allow_month, bt_date *out, bt_why *why)
{
    size_t l0 = strlen(t->w[0]), l1 = strlen(t->w[1]);
    if (l0 <= 2 && l1 == 4)
        return finish_date(to_int(t->w[1]), to_int(t->w[0]), 0, allow_month, out, why);
    if (l0 == 4 && l1 <= 2)
        return finish_date(to_int(t->w[0]), to_int(t->w[1]), 0, allow_month, out, why);
    return BT_VAL_BAD;
}

static bt_val_status parse_date(const char *s, bool allow_month, bt_date *out, bt_why *why,
                                bt_date *suggestion)
{
    memset(out, 0, sizeof *out);
    memset(suggestion, 0, sizeof *suggestion);
    *why = BT_WHY_NONE;
    s = skip_ws(s);
    if (!*s)
        return BT_VAL_EMPTY;
    tokens t;
    *why = date_words(s, &t);
    if (*why)
        return BT_VAL_BAD;
    *why = BT_WHY_DATE_FORMAT;     /* unless a form below says better */
    for (size_t i = 0; i < t.n; i++)
        if (month_of(t.w[i]))
            return named_month_date(&t, i, allow_month, out, why);
    for (size_t i = 0; i < t.n; i++)
        if (!all_digits(t.w[i]))
            return BT_VAL_BAD;
    if (t.n == 3)
        return three_numbers(&t, allow_month, out, why, suggestion);
    if (t.n == 2)
        return two_numbers(&t, allow_month, out, why);
    return BT_VAL_BAD;
}

void bt_date_format(const bt_date *d, char *buf)
{
    if (d->day)
        snprintf(buf, 16, "%02d-%02d-%04d", d->day % 100, d->month % 100, d->year % 10000);
    else
        snprintf(buf, 16, "%02d-%04d", d->month % 100, d->year % 10000);
}

void bt_date_iso(const bt_date *d, char *buf)
{
    if (d->day)
        snprintf(buf, 16, "%04d-%02d-%02d", d->year % 10000, d->month % 100, d->day % 100);
    else
        snprintf(buf, 16, "%04d-%02d", d->year % 10000, d->month % 100);
}

bool bt_date_local(long long epoch, bt_date *out)
{
    time_t tt = (time_t)epoch;
    struct tm tm;
    if (!epoch || (long long)tt != epoch || !localtime_r(&tt, &tm))
        return false;
    *out = (bt_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return true;
}

double bt_date_serial(const bt_date *d)
{
    /* Days from civil (Howard Hinnant's algorithm), shifted to the
     * spreadsheet epoch 1899-12-30. */
    int y = d->year, m = d->month, day = d->day ? d->day : 1;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = (long)era * 146097 + doe - 719468;   /* since 1970-01-01 */
    return (double)(days + 25569);
}

int bt_date_cmp(const bt_date *a, const bt_date *b)
{
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (!a->day || !b->day || a->day == b->day)
        return 0;
    return a->day < b->day ? -1 : 1;
}

/* ---- lists ---- */

/* Length of a bullet or enumerator at the start of an item, or 0. */
static size_t bullet_len(const char *s)
{
    if ((s[0] == '-' || s[0] == '*') && s[1] == ' ')
        return 2;
    if (!strncmp(s, "\xE2\x80\xA2", 3) || !strncmp(s, "\xE2\x80\x93", 3)) {
        size_t k = 3;
        while (s[k] == ' ')
            k++;
        return k;
    }
    size_t i = 0;
    while (is_digit(s[i]) && i < 3)
        i++;
    if (i > 0 && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
        return i + 2;
    return 0;
}

bt_err bt_split_list(bt_arena *a, const char *s, bool commas, bt_item_fn fn,
                     void *ctx)
{
    const char *p = s;
    while (*p) {
        size_t n = strcspn(p, commas ? ";\n," : ";\n");
        const char *q = p;
        size_t len = n;
        while (len && (*q == ' ')) {
            q++;
            len--;
        }
        char *item = bt_arena_strndup(a, q, len);
        if (!item)
            return BT_ERR_NOMEM;
        size_t b = bullet_len(item);
        char *clean = bt_text_clean(a, item + b, strlen(item + b),
                                    BT_CLEAN_TRIM | BT_CLEAN_COLLAPSE | BT_CLEAN_ONELINE);
        if (!clean)
            return BT_ERR_NOMEM;
        if (clean[0]) {
            bt_err e = fn(ctx, clean);
            if (e)
                return e;
        }
        p += n;
        if (*p)
            p++;
    }
    return BT_OK;
}
