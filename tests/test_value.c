/* test_value.c - counts, territory numbers, years, dates and lists
 * (value.h). */
#include "testutil.h"

#include "bitacora/value.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *st_name(bt_val_status st)
{
    return st == BT_VAL_OK ? "OK" : st == BT_VAL_EMPTY ? "EMPTY" : "BAD";
}

/* ---- counts ---- */

static const struct {
    const char *in;
    bt_val_status st;
    uint64_t n;
    bt_why why;
} count_cases[] = {
    {"12", BT_VAL_OK, 12, BT_WHY_NONE},
    {" 012 ", BT_VAL_OK, 12, BT_WHY_NONE},
    {"\t7\n", BT_VAL_OK, 7, BT_WHY_NONE},
    {"0012", BT_VAL_OK, 12, BT_WHY_NONE},
    {"12,0", BT_VAL_OK, 12, BT_WHY_NONE},
    {"12.0", BT_VAL_OK, 12, BT_WHY_NONE},
    {"12,00", BT_VAL_OK, 12, BT_WHY_NONE},
    {"1.234", BT_VAL_OK, 1234, BT_WHY_NONE},
    {"12.345", BT_VAL_OK, 12345, BT_WHY_NONE},
    {"1.234,0", BT_VAL_OK, 1234, BT_WHY_NONE},
    {"0", BT_VAL_OK, 0, BT_WHY_NONE},
    {"100000", BT_VAL_OK, BT_COUNT_MAX, BT_WHY_NONE},
    {"100.000", BT_VAL_OK, BT_COUNT_MAX, BT_WHY_NONE},
    /* a dash is not a figure, even when it means none */
    {"-", BT_VAL_BAD, 0, BT_WHY_DASH},
    {" -- ", BT_VAL_BAD, 0, BT_WHY_DASH},
    {"\xE2\x80\x93", BT_VAL_BAD, 0, BT_WHY_DASH},   /* – */
    {"\xE2\x80\x94", BT_VAL_BAD, 0, BT_WHY_DASH},   /* — */
    {"-3", BT_VAL_BAD, 0, BT_WHY_NEGATIVE},
    /* a comma before three digits: thousands or decimals, never a guess */
    {"1,000", BT_VAL_BAD, 0, BT_WHY_COMMA_THOUSANDS},
    {"12,500", BT_VAL_BAD, 0, BT_WHY_COMMA_THOUSANDS},
    {"1.000,000", BT_VAL_OK, 1000, BT_WHY_NONE},
    {"1,0000", BT_VAL_OK, 1, BT_WHY_NONE},
    /* empty */
    {"", BT_VAL_EMPTY, 0, BT_WHY_NONE},
    {"   ", BT_VAL_EMPTY, 0, BT_WHY_NONE},
    {" \n\t ", BT_VAL_EMPTY, 0, BT_WHY_NONE},
    /* beyond BT_COUNT_MAX: an error, never a guess */
    {"100001", BT_VAL_BAD, 0, BT_WHY_TOO_LARGE},
    {"100.001", BT_VAL_BAD, 0, BT_WHY_TOO_LARGE},
    {"12.345.678", BT_VAL_BAD, 0, BT_WHY_TOO_LARGE},
    {"99999999999999999999", BT_VAL_BAD, 0, BT_WHY_TOO_LARGE},
    {"184467440737095516160", BT_VAL_BAD, 0, BT_WHY_TOO_LARGE},
    /* signs */
    {"-0", BT_VAL_BAD, 0, BT_WHY_NEGATIVE},
    {"-3", BT_VAL_BAD, 0, BT_WHY_NEGATIVE},
    {"+3", BT_VAL_BAD, 0, BT_WHY_NEGATIVE},
    {"(3)", BT_VAL_BAD, 0, BT_WHY_NEGATIVE},
    /* fractions */
    {"12,5", BT_VAL_BAD, 0, BT_WHY_DECIMAL},
    {"12.5", BT_VAL_BAD, 0, BT_WHY_DECIMAL},
    {"1.23", BT_VAL_BAD, 0, BT_WHY_DECIMAL},
    {"1.2345", BT_VAL_BAD, 0, BT_WHY_DECIMAL},
    {"1,234", BT_VAL_BAD, 0, BT_WHY_COMMA_THOUSANDS},     /* 1.234 or 1234? */
    {"0,5", BT_VAL_BAD, 0, BT_WHY_DECIMAL},
    /* scientific notation */
    {"1e3", BT_VAL_BAD, 0, BT_WHY_EXPONENT},
    {"1E3", BT_VAL_BAD, 0, BT_WHY_EXPONENT},
    {"1e309", BT_VAL_BAD, 0, BT_WHY_EXPONENT},
    {"1,0e3", BT_VAL_BAD, 0, BT_WHY_EXPONENT},
    /* not numbers */
    {"abc", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"12abc", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"doce", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"1 234", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"12.", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {".5", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"E3", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"3e", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"N/A", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"\xEF\xBC\x91\xEF\xBC\x92", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},   /* fullwidth 12 */
};

static void parse_count_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(count_cases); i++) {
        uint64_t n = 777;
        bt_why why = BT_WHY__COUNT;
        bt_val_status st = bt_parse_count(count_cases[i].in, &n, &why);
        if (st != count_cases[i].st || why != count_cases[i].why ||
            (st == BT_VAL_OK && n != count_cases[i].n)) {
            print_error("count «%s»: %s %llu why %d; want %s %llu why %d\n",
                        count_cases[i].in, st_name(st), (unsigned long long)n, (int)why,
                        st_name(count_cases[i].st), (unsigned long long)count_cases[i].n,
                        (int)count_cases[i].why);
            fail();
        }
        if (st != BT_VAL_OK)
            assert_int_equal(n, 0);
    }
}

/* Every reason has a Spanish explanation; the unknown ones are "". */
static void why_texts(void **state)
{
    (void)state;
    assert_string_equal(bt_why_text(BT_WHY_NONE), "");
    for (int w = 1; w < BT_WHY__COUNT; w++) {
        const char *t = bt_why_text((bt_why)w);
        assert_non_null(t);
        assert_true(strlen(t) > 5);
        for (int v = 1; v < w; v++)
            assert_string_not_equal(t, bt_why_text((bt_why)v));
    }
    assert_string_equal(bt_why_text(BT_WHY__COUNT), "");
    assert_string_equal(bt_why_text((bt_why)-1), "");
    /* The limit the text names is the one the parser applies. */
    assert_non_null(strstr(bt_why_text(BT_WHY_TOO_LARGE), "100.000"));
}

/* ---- territory numbers ---- */

static const struct {
    const char *in;
    bt_val_status st;
    uint64_t n;
    bt_why why;
} terr_cases[] = {
    {"3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"03", BT_VAL_OK, 3, BT_WHY_NONE},
    {" 12 ", BT_VAL_OK, 12, BT_WHY_NONE},
    {"3,0", BT_VAL_OK, 3, BT_WHY_NONE},
    {"Territorio 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"territorio 03", BT_VAL_OK, 3, BT_WHY_NONE},
    {"TERRITORIO 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"Territorio N° 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"N° 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"Nº 12", BT_VAL_OK, 12, BT_WHY_NONE},
    {"No. 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"T3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"t 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"T03", BT_VAL_OK, 3, BT_WHY_NONE},
    {"Terr. 3", BT_VAL_OK, 3, BT_WHY_NONE},
    {"", BT_VAL_EMPTY, 0, BT_WHY_NONE},
    {"0", BT_VAL_BAD, 0, BT_WHY_ZERO},
    {"00", BT_VAL_BAD, 0, BT_WHY_ZERO},
    {"Territorio 0", BT_VAL_BAD, 0, BT_WHY_ZERO},
    {"-1", BT_VAL_BAD, 0, BT_WHY_ZERO},
    {"tres", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"Territorio tres", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"Territorio", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"N°", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"Territorio 3a", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"Cordillera", BT_VAL_BAD, 0, BT_WHY_NOT_NUMBER},
    {"3,5", BT_VAL_BAD, 0, BT_WHY_DECIMAL},
    {"200000", BT_VAL_BAD, 0, BT_WHY_TOO_LARGE},
};

static void parse_terrnum_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(terr_cases); i++) {
        uint64_t n = 777;
        bt_why why = BT_WHY__COUNT;
        bt_val_status st = bt_parse_terrnum(terr_cases[i].in, &n, &why);
        if (st != terr_cases[i].st || why != terr_cases[i].why ||
            (st == BT_VAL_OK && n != terr_cases[i].n)) {
            print_error("terrnum «%s»: %s %llu why %d; want %s %llu why %d\n",
                        terr_cases[i].in, st_name(st), (unsigned long long)n, (int)why,
                        st_name(terr_cases[i].st), (unsigned long long)terr_cases[i].n,
                        (int)terr_cases[i].why);
            fail();
        }
    }
}

/* ---- years ---- */

static const struct {
    const char *in;
    bt_val_status st;
    int year;
    bt_why why;
} year_cases[] = {
    {"2025", BT_VAL_OK, 2025, BT_WHY_NONE},
    {" 2025 ", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"Periodo 2025", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"Período 2025", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"Año 2025", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"Año lectivo 2025", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"periodo: 2025", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"2025,0", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"2025.0", BT_VAL_OK, 2025, BT_WHY_NONE},
    {"2000", BT_VAL_OK, BT_YEAR_MIN, BT_WHY_NONE},
    {"2100", BT_VAL_OK, BT_YEAR_MAX, BT_WHY_NONE},
    {"", BT_VAL_EMPTY, 0, BT_WHY_NONE},
    {"  ", BT_VAL_EMPTY, 0, BT_WHY_NONE},
    {"1999", BT_VAL_BAD, 0, BT_WHY_YEAR_RANGE},
    {"2101", BT_VAL_BAD, 0, BT_WHY_YEAR_RANGE},
    {"25", BT_VAL_BAD, 0, BT_WHY_YEAR_FORMAT},
    {"20255", BT_VAL_BAD, 0, BT_WHY_YEAR_FORMAT},
    {"2025-2026", BT_VAL_BAD, 0, BT_WHY_YEAR_FORMAT},
    {"dos mil veinticinco", BT_VAL_BAD, 0, BT_WHY_YEAR_FORMAT},
    {"2025,5", BT_VAL_BAD, 0, BT_WHY_YEAR_FORMAT},
};

static void parse_year_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(year_cases); i++) {
        int y = 777;
        bt_why why = BT_WHY__COUNT;
        bt_val_status st = bt_parse_year(year_cases[i].in, &y, &why);
        if (st != year_cases[i].st || why != year_cases[i].why ||
            (st == BT_VAL_OK && y != year_cases[i].year)) {
            print_error("year «%s»: %s %d why %d; want %s %d why %d\n", year_cases[i].in,
                        st_name(st), y, (int)why, st_name(year_cases[i].st),
                        year_cases[i].year, (int)year_cases[i].why);
            fail();
        }
    }
}

/* ---- dates ---- */

/* allow: 0 = only without month precision, 1 = only with, 2 = both. */
static const struct {
    const char *in;
    int allow;
    bt_val_status st;
    int y, m, d;
    bt_why why;
} date_cases[] = {
    /* every accepted form of FORMAT.md, with and without allow_month */
    {"15-03-2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15/03/2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15.03.2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15/3/25", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"5/3/2025", 2, BT_VAL_OK, 2025, 3, 5, BT_WHY_NONE},
    {"2025-03-15", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"2025-3-5", 2, BT_VAL_OK, 2025, 3, 5, BT_WHY_NONE},
    {"15 de marzo de 2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15 de Marzo del 2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15 marzo 2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"lunes 15 de marzo de 2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"Miércoles 19 de marzo de 2025", 2, BT_VAL_OK, 2025, 3, 19, BT_WHY_NONE},
    {"15-mar-2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15-MAR-2025", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"1 de enero de 2025", 2, BT_VAL_OK, 2025, 1, 1, BT_WHY_NONE},
    {"30 de septiembre de 2025", 2, BT_VAL_OK, 2025, 9, 30, BT_WHY_NONE},
    {"30 de setiembre de 2025", 2, BT_VAL_OK, 2025, 9, 30, BT_WHY_NONE},
    {"31 de diciembre de 2025", 2, BT_VAL_OK, 2025, 12, 31, BT_WHY_NONE},
    {"15/03/2025 10:30", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15/03/2025 10:30:00", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"15/03/25 0:00", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"2025-03-15 08:00", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"  15-03-2025  ", 2, BT_VAL_OK, 2025, 3, 15, BT_WHY_NONE},
    {"29/02/2024", 2, BT_VAL_OK, 2024, 2, 29, BT_WHY_NONE},
    {"29/02/2000", 2, BT_VAL_OK, 2000, 2, 29, BT_WHY_NONE},
    {"1/1/2000", 2, BT_VAL_OK, 2000, 1, 1, BT_WHY_NONE},
    {"31/12/2100", 2, BT_VAL_OK, 2100, 12, 31, BT_WHY_NONE},
    /* month precision: accepted only when asked */
    {"marzo 2025", 1, BT_VAL_OK, 2025, 3, 0, BT_WHY_NONE},
    {"marzo 2025", 0, BT_VAL_BAD, 0, 0, 0, BT_WHY_NEED_DAY},
    {"Marzo de 2025", 1, BT_VAL_OK, 2025, 3, 0, BT_WHY_NONE},
    {"marzo de 2025", 0, BT_VAL_BAD, 0, 0, 0, BT_WHY_NEED_DAY},
    {"Marzo, 2025", 1, BT_VAL_OK, 2025, 3, 0, BT_WHY_NONE},
    {"sept 2025", 1, BT_VAL_OK, 2025, 9, 0, BT_WHY_NONE},
    {"03-2025", 1, BT_VAL_OK, 2025, 3, 0, BT_WHY_NONE},
    {"3/2025", 1, BT_VAL_OK, 2025, 3, 0, BT_WHY_NONE},
    {"03-2025", 0, BT_VAL_BAD, 0, 0, 0, BT_WHY_NEED_DAY},
    {"2025-03", 1, BT_VAL_OK, 2025, 3, 0, BT_WHY_NONE},
    {"2025-03", 0, BT_VAL_BAD, 0, 0, 0, BT_WHY_NEED_DAY},
    {"diciembre 2025", 1, BT_VAL_OK, 2025, 12, 0, BT_WHY_NONE},
    /* refusals */
    {"", 2, BT_VAL_EMPTY, 0, 0, 0, BT_WHY_NONE},
    {"   ", 2, BT_VAL_EMPTY, 0, 0, 0, BT_WHY_NONE},
    {"03/15/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_MONTH_FIRST},
    {"12/13/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_MONTH_FIRST},
    {"00/00/0000", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"29/02/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"29/02/2100", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"31/04/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"32/01/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"15/13/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"13/13/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"0/03/2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"31 de abril de 2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_NO_SUCH_DATE},
    {"15/03/99999", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_YEAR_RANGE},
    {"15/03/02025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_YEAR_RANGE},
    {"1/1/1999", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_YEAR_RANGE},
    {"1/1/2101", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_YEAR_RANGE},
    {"15 de marzo de 1990", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_YEAR_RANGE},
    {"ayer", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"pendiente", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"15/03", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"2025", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"marzo", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"15 de marzo", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"15/03/202", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
    {"15/03/2025/1", 2, BT_VAL_BAD, 0, 0, 0, BT_WHY_DATE_FORMAT},
};

static void parse_date_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(date_cases); i++) {
        for (int am = 0; am < 2; am++) {
            if (date_cases[i].allow != 2 && date_cases[i].allow != am)
                continue;
            bt_date d = {9, 9, 9}, sug = {9, 9, 9};
            bt_why why = BT_WHY__COUNT;
            bt_val_status st = bt_parse_date(date_cases[i].in, am, &d, &why, &sug);
            bool ok = st == date_cases[i].st;
            if (st == BT_VAL_OK)
                ok = ok && d.year == date_cases[i].y && d.month == date_cases[i].m &&
                     d.day == date_cases[i].d;
            else
                ok = ok && (why == date_cases[i].why ||
                            /* where month-year will do, the hint says so */
                            (am && date_cases[i].why == BT_WHY_DATE_FORMAT &&
                             why == BT_WHY_DATE_OR_MONTH));
            if (!ok) {
                print_error("date «%s» (allow_month %d): %s %04d-%02d-%02d why %d; want "
                            "%s %04d-%02d-%02d why %d\n",
                            date_cases[i].in, am, st_name(st), d.year, d.month, d.day,
                            (int)why, st_name(date_cases[i].st), date_cases[i].y,
                            date_cases[i].m, date_cases[i].d, (int)date_cases[i].why);
                fail();
            }
            /* No reason is given for a date that was accepted. */
            if (st == BT_VAL_OK && why != BT_WHY_NONE) {
                print_error("date «%s»: accepted but why = %d\n", date_cases[i].in, (int)why);
                fail();
            }
            /* A suggestion only comes with BT_WHY_MONTH_FIRST. */
            if (!(st == BT_VAL_BAD && why == BT_WHY_MONTH_FIRST))
                assert_int_equal(sug.year, 0);
        }
    }
}

static void parse_date_month_first_suggestion(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *suggestion;   /* bt_date_format of the suggestion */
    } cases[] = {
        {"03/15/2025", "15-03-2025"},
        {"12/13/2025", "13-12-2025"},
        {"2/28/25", "28-02-2025"},
        {"04/30/2025", "30-04-2025"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        bt_date d, sug;
        bt_why why;
        assert_int_equal(bt_parse_date(cases[i].in, false, &d, &why, &sug), BT_VAL_BAD);
        assert_int_equal(why, BT_WHY_MONTH_FIRST);
        char buf[16];
        bt_date_format(&sug, buf);
        assert_string_equal(buf, cases[i].suggestion);
    }
    /* Never swapped: 02/30/2025 is no date either way, so no suggestion. */
    bt_date d, sug;
    bt_why why;
    assert_int_equal(bt_parse_date("02/30/2025", false, &d, &why, &sug), BT_VAL_BAD);
    assert_int_not_equal(why, BT_WHY_MONTH_FIRST);
    assert_int_equal(sug.year, 0);
    /* An ambiguous date is read day first, never swapped. */
    assert_int_equal(bt_parse_date("03/04/2025", false, &d, &why, &sug), BT_VAL_OK);
    assert_int_equal(d.day, 3);
    assert_int_equal(d.month, 4);
}

static void parse_date_long_input(void **state)
{
    (void)state;
    char big[1024];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bt_date d, sug;
    bt_why why;
    assert_int_equal(bt_parse_date(big, true, &d, &why, &sug), BT_VAL_BAD);
    /* Many words */
    assert_int_equal(bt_parse_date("el lunes uno dos tres cuatro cinco seis siete ocho nueve",
                                   true, &d, &why, &sug),
                     BT_VAL_BAD);
    assert_int_equal(why, BT_WHY_DATE_OR_MONTH);
}

static void date_format_iso_serial(void **state)
{
    (void)state;
    static const struct {
        bt_date d;
        const char *fmt, *iso;
        double serial;   /* < 0: month precision, not checked */
    } cases[] = {
        {{2025, 3, 15}, "15-03-2025", "2025-03-15", 45731},
        {{2025, 3, 0}, "03-2025", "2025-03", -1},
        {{2000, 1, 1}, "01-01-2000", "2000-01-01", 36526},
        {{1970, 1, 1}, "01-01-1970", "1970-01-01", 25569},
        {{1900, 3, 1}, "01-03-1900", "1900-03-01", 61},
        {{2024, 2, 29}, "29-02-2024", "2024-02-29", 45351},
        {{2024, 3, 1}, "01-03-2024", "2024-03-01", 45352},
        {{2100, 12, 31}, "31-12-2100", "2100-12-31", 73415},
        {{2025, 12, 31}, "31-12-2025", "2025-12-31", 46022},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        char buf[16];
        bt_date_format(&cases[i].d, buf);
        assert_string_equal(buf, cases[i].fmt);
        bt_date_iso(&cases[i].d, buf);
        assert_string_equal(buf, cases[i].iso);
        if (cases[i].serial >= 0) {
            if (bt_date_serial(&cases[i].d) != cases[i].serial) {
                print_error("serial of %s: %.0f, want %.0f\n", cases[i].iso,
                            bt_date_serial(&cases[i].d), cases[i].serial);
                fail();
            }
        }
    }
    /* Consecutive days have consecutive serials, across a whole leap cycle. */
    bt_date d = {2024, 1, 1};
    double prev = bt_date_serial(&d);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
                                31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int count = 0;
    for (int y = 2024; y <= 2025; y++)
        for (int m = 1; m <= 12; m++)
            for (int day = 1; day <= mdays[(y - 2024) * 12 + m - 1]; day++) {
                bt_date x = {y, m, day};
                double s = bt_date_serial(&x);
                if (count++)
                    assert_true(s == prev + 1);
                prev = s;
            }
    assert_int_equal(count, 366 + 365);

    /* Parsing then formatting gives the canonical form. */
    bt_date p, sug;
    bt_why why;
    assert_int_equal(bt_parse_date("15 de marzo de 2025", false, &p, &why, &sug), BT_VAL_OK);
    char buf[16];
    bt_date_format(&p, buf);
    assert_string_equal(buf, "15-03-2025");
    assert_true(bt_date_serial(&p) == 45731);
}

static void date_compare(void **state)
{
    (void)state;
    static const struct {
        bt_date a, b;
        int want;
    } cases[] = {
        {{2025, 3, 15}, {2025, 3, 15}, 0},
        {{2025, 3, 14}, {2025, 3, 15}, -1},
        {{2025, 3, 16}, {2025, 3, 15}, 1},
        {{2025, 2, 28}, {2025, 3, 1}, -1},
        {{2025, 12, 31}, {2026, 1, 1}, -1},
        {{2026, 1, 1}, {2025, 12, 31}, 1},
        /* month precision compares at month precision */
        {{2025, 3, 0}, {2025, 3, 15}, 0},
        {{2025, 3, 15}, {2025, 3, 0}, 0},
        {{2025, 3, 0}, {2025, 4, 1}, -1},
        {{2025, 4, 0}, {2025, 3, 31}, 1},
        {{2025, 3, 0}, {2025, 3, 0}, 0},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        int c = bt_date_cmp(&cases[i].a, &cases[i].b);
        int sign = c < 0 ? -1 : c > 0;
        if (sign != cases[i].want) {
            print_error("cmp case %zu: %d, want %d\n", i, c, cases[i].want);
            fail();
        }
    }
}

/* ---- lists ---- */

typedef struct {
    char items[16][64];
    size_t n;
    size_t stop_after;   /* 0: never */
} collect;

static bt_err collect_item(void *ctx, const char *item)
{
    collect *c = ctx;
    if (c->n < 16)
        snprintf(c->items[c->n], sizeof c->items[0], "%s", item);
    c->n++;
    if (c->stop_after && c->n == c->stop_after)
        return BT_ERR_LIMIT;
    return BT_OK;
}

static const struct {
    const char *in;
    bool commas;
    const char *want;   /* items joined with '|' */
} split_cases[] = {
    {"a; b;c", false, "a|b|c"},
    {"a;b", true, "a|b"},
    {"a\nb\nc", false, "a|b|c"},
    {"a\r\nb", false, "a|b"},
    {"a, b; c", false, "a, b|c"},
    {"a, b; c", true, "a|b|c"},
    {"María José, Pedro", false, "María José, Pedro"},
    {"María José, Pedro", true, "María José|Pedro"},
    {"Valparaíso, Viña del Mar\nQuilpué", true, "Valparaíso|Viña del Mar|Quilpué"},
    {"- uno\n- dos", false, "uno|dos"},
    {"* uno\n* dos", false, "uno|dos"},
    {"• uno\n• dos", false, "uno|dos"},
    {"  •   tres ", false, "tres"},
    {"1. uno\n2) dos", false, "uno|dos"},
    {"10. diez\n11) once", false, "diez|once"},
    {"1.5 kg", false, "1.5 kg"},                  /* a number, not an enumerator */
    {"-3", false, "-3"},                          /* a sign, not a bullet */
    {";;  ;\n\n", false, ""},
    {"", false, ""},
    {"  ", true, ""},
    {"a,,b", true, "a|b"},
    {"a,,b", false, "a,,b"},
    {"  uno   dos  ;  tres ", false, "uno dos|tres"},
    {";a;", false, "a"},
    {"\n\n- Ana Pérez\n\n- Luis Soto\n", false, "Ana Pérez|Luis Soto"},
};

static void split_list_table(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    for (size_t i = 0; i < N_OF(split_cases); i++) {
        collect c;
        memset(&c, 0, sizeof c);
        assert_int_equal(bt_split_list(a, split_cases[i].in, split_cases[i].commas,
                                       collect_item, &c),
                         BT_OK);
        char joined[512] = "";
        for (size_t k = 0; k < c.n && k < 16; k++) {
            if (k)
                strcat(joined, "|");
            strcat(joined, c.items[k]);
        }
        if (strcmp(joined, split_cases[i].want) != 0) {
            print_error("split «%s» (commas %d): «%s», want «%s»\n", split_cases[i].in,
                        split_cases[i].commas, joined, split_cases[i].want);
            fail();
        }
    }
    bt_arena_free(a);
}

static void split_list_stops(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    collect c;
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    /* The callback's error stops the split and is returned. */
    assert_int_equal(bt_split_list(a, "a;b;c;d", false, collect_item, &c), BT_ERR_LIMIT);
    assert_int_equal(c.n, 2);
    bt_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_count_table),
        cmocka_unit_test(why_texts),
        cmocka_unit_test(parse_terrnum_table),
        cmocka_unit_test(parse_year_table),
        cmocka_unit_test(parse_date_table),
        cmocka_unit_test(parse_date_month_first_suggestion),
        cmocka_unit_test(parse_date_long_input),
        cmocka_unit_test(date_format_iso_serial),
        cmocka_unit_test(date_compare),
        cmocka_unit_test(split_list_table),
        cmocka_unit_test(split_list_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
