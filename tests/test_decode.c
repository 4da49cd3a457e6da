/* test_decode.c - sniffing, the UTF-8 scan and the streaming decoder
 * (decode.h), each input also fed split at every chunk size. */
#include "testutil.h"

#include "bitacora/decode.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define B(s) (const unsigned char *)(s), sizeof(s) - 1

/* ---- option names ---- */

static void encoding_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bt_encoding enc;
    } ok[] = {
        {"utf-8", BT_ENC_UTF8},          {"UTF8", BT_ENC_UTF8},
        {"windows-1252", BT_ENC_CP1252}, {"CP1252", BT_ENC_CP1252},
        {"latin1", BT_ENC_LATIN1},       {"ISO-8859-1", BT_ENC_LATIN1},
        {"utf-16", BT_ENC_UTF16LE},      {"UTF-16LE", BT_ENC_UTF16LE},
        {"utf-16be", BT_ENC_UTF16BE},
    };
    for (size_t i = 0; i < N_OF(ok); i++) {
        bt_encoding e = BT_ENC_AUTO;
        assert_true(bt_encoding_parse(ok[i].name, &e));
        assert_int_equal(e, ok[i].enc);
    }
    static const char *const bad[] = {"", "utf-32", "ebcdic", "utf-8x", "1252"};
    for (size_t i = 0; i < N_OF(bad); i++) {
        bt_encoding e;
        assert_false(bt_encoding_parse(bad[i], &e));
    }
    assert_string_equal(bt_encoding_name(BT_ENC_UTF8), "UTF-8");
    assert_string_equal(bt_encoding_name(BT_ENC_CP1252), "Windows-1252");
    assert_string_equal(bt_encoding_name(BT_ENC_UTF16LE), "UTF-16LE");
    assert_string_equal(bt_encoding_name(BT_ENC_UTF16BE), "UTF-16BE");
    assert_true(strlen(bt_encoding_name(BT_ENC_LATIN1)) > 0);
}

/* ---- sniffing ---- */

static const struct {
    const char *what;
    const unsigned char *p;
    size_t n;
    bt_sniff want;
    size_t bom;
    const char *kind_has;   /* substring of *kind, or NULL for "" */
} sniff_cases[] = {
    {"empty", B(""), BT_SNIFF_EMPTY, 0, NULL},
    {"plain text", B("Región;Valparaíso\n"), BT_SNIFF_TEXT, 0, NULL},
    {"ascii csv", B("a,b,c\r\n1,2,3\r\n"), BT_SNIFF_TEXT, 0, NULL},
    {"cp1252 text", B("Regi\xF3n;Valpara\xEDso\r\n"), BT_SNIFF_TEXT, 0, NULL},
    {"UTF-8 BOM", B("\xEF\xBB\xBFRegi\xC3\xB3n"), BT_SNIFF_BOM_UTF8, 3, NULL},
    {"UTF-8 BOM alone", B("\xEF\xBB\xBF"), BT_SNIFF_BOM_UTF8, 3, NULL},
    {"UTF-16LE BOM", B("\xFF\xFE" "a\0b\0"), BT_SNIFF_BOM_UTF16LE, 2, NULL},
    {"UTF-16BE BOM", B("\xFE\xFF\0a\0b"), BT_SNIFF_BOM_UTF16BE, 2, NULL},
    {"UTF-16LE no BOM", B("R\0e\0g\0i\0\xF3\0n\0;\0" "3\0\r\0\n\0"), BT_SNIFF_UTF16LE, 0, NULL},
    {"UTF-16BE no BOM", B("\0R\0e\0g\0i\0\xF3\0n\0;\0" "3\0\r\0\n"), BT_SNIFF_UTF16BE, 0, NULL},
    {"PNG", B("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), BT_SNIFF_BINARY, 0, "PNG"},
    {"PDF", B("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), BT_SNIFF_BINARY, 0, "PDF"},
    {"GIF", B("GIF89a\x01\0\x01\0"), BT_SNIFF_BINARY, 0, "GIF"},
    {"JPEG", B("\xFF\xD8\xFF\xE0\0\x10JFIF"), BT_SNIFF_BINARY, 0, "JPEG"},
    {"gzip", B("\x1F\x8B\x08\0\0\0\0\0"), BT_SNIFF_BINARY, 0, "gzip"},
    {"zip (xlsx)", B("PK\x03\x04\x14\0\x06\0"), BT_SNIFF_ZIP, 0, "ZIP"},
    {"empty zip", B("PK\x05\x06\0\0\0\0"), BT_SNIFF_ZIP, 0, "ZIP"},
    {"OLE (xls)", B("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0"), BT_SNIFF_OLE, 0, ""},
    {"NUL bytes", B("abc\0def\0ghi"), BT_SNIFF_BINARY, 0, ""},
    {"one NUL", B("Región;3\n\0"), BT_SNIFF_BINARY, 0, ""},
    {"control bytes", B("\x01\x02\x03\x04\x05\x06\x07\x08\x0E\x0F"), BT_SNIFF_BINARY, 0, ""},
    {"MZ alone", B("MZ"), BT_SNIFF_BINARY, 0, NULL},
};

static void sniff_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(sniff_cases); i++) {
        size_t bom = 99;
        const char *kind = NULL;
        bt_sniff s = bt_sniff_bytes(sniff_cases[i].p, sniff_cases[i].n, &bom, &kind);
        assert_non_null(kind);
        bool ok = s == sniff_cases[i].want && bom == sniff_cases[i].bom;
        if (sniff_cases[i].kind_has == NULL && s != BT_SNIFF_BINARY)
            ok = ok && kind[0] == '\0';
        else if (sniff_cases[i].kind_has)
            ok = ok && strstr(kind, sniff_cases[i].kind_has) != NULL;
        if (s == BT_SNIFF_BINARY || s == BT_SNIFF_ZIP || s == BT_SNIFF_OLE)
            ok = ok && kind[0] != '\0';   /* a binary file is always named */
        if (!ok) {
            print_error("sniff %s: %d bom %zu kind «%s»; want %d bom %zu\n",
                        sniff_cases[i].what, (int)s, bom, kind, (int)sniff_cases[i].want,
                        sniff_cases[i].bom);
            fail();
        }
    }
}

static void sniff_text_starting_like_magic(void **state)
{
    (void)state;
    /* A long text line that happens to begin with "MZ" is still text. */
    const char *t = "MZ es la sigla de un territorio;3\nRegión;Valparaíso\n"
                    "Nombre del territorio;Costa\nComunas;Valparaíso\n";
    size_t bom;
    const char *kind;
    assert_int_equal(bt_sniff_bytes((const unsigned char *)t, strlen(t), &bom, &kind),
                     BT_SNIFF_TEXT);
    /* A large UTF-16LE text without BOM, ASCII letters only. */
    unsigned char u16[2000];
    for (size_t i = 0; i < sizeof u16; i += 2) {
        u16[i] = (unsigned char)("Region;3\r\n"[(i / 2) % 10]);
        u16[i + 1] = 0;
    }
    assert_int_equal(bt_sniff_bytes(u16, sizeof u16, &bom, &kind), BT_SNIFF_UTF16LE);
    assert_int_equal(bom, 0);
}

/* ---- UTF-8 scan ---- */

static const struct {
    const char *what;
    const unsigned char *p;
    size_t n;
    bt_encoding verdict;
    size_t invalid, multibyte;
} scan_cases[] = {
    {"ascii", B("Region;3\n"), BT_ENC_UTF8, 0, 0},
    {"empty", B(""), BT_ENC_UTF8, 0, 0},
    {"valid UTF-8", B("Región;Valparaíso\nÑuñoa;€;😀\n"), BT_ENC_UTF8, 0, 6},
    {"Ñuñoa in cp1252", B("\xD1u\xF1oa"), BT_ENC_CP1252, 2, 0},
    {"cp1252 line", B("Regi\xF3n;Valpara\xEDso\r\n"), BT_ENC_CP1252, 2, 0},
    {"cp1252 pair that looks like UTF-8", B("Ni\xC3\xB1o \xD1" "and\xFA"), BT_ENC_CP1252, 2, 1},
    {"mostly UTF-8, one stray byte",
     B("Región;Valparaíso\nComunas;Viña del Mar, Quilpué\nÑuñoa\xE9\n"), BT_ENC_UTF8, 1, 6},
    {"truncated at end", B("ab\xC3"), BT_ENC_CP1252, 1, 0},
    {"overlong", B("\xC0\xAF"), BT_ENC_CP1252, 2, 0},
    {"surrogate", B("\xED\xA0\x80"), BT_ENC_CP1252, 3, 0},
};

static void scan_in_chunks(const unsigned char *p, size_t n, size_t chunk, bt_utf8_scan *s)
{
    bt_utf8_scan_init(s);
    for (size_t off = 0; off < n; off += chunk)
        bt_utf8_scan_feed(s, p + off, n - off < chunk ? n - off : chunk);
    bt_utf8_scan_end(s);
}

static void utf8_scan_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(scan_cases); i++) {
        bt_utf8_scan whole;
        scan_in_chunks(scan_cases[i].p, scan_cases[i].n, scan_cases[i].n + 1, &whole);
        if (bt_utf8_scan_verdict(&whole) != scan_cases[i].verdict ||
            whole.invalid != scan_cases[i].invalid ||
            whole.multibyte != scan_cases[i].multibyte) {
            print_error("scan %s: verdict %d invalid %zu multibyte %zu; want %d %zu %zu\n",
                        scan_cases[i].what, (int)bt_utf8_scan_verdict(&whole), whole.invalid,
                        whole.multibyte, (int)scan_cases[i].verdict, scan_cases[i].invalid,
                        scan_cases[i].multibyte);
            fail();
        }
        /* The same counts at every chunk size. */
        for (size_t chunk = 1; chunk <= scan_cases[i].n; chunk++) {
            bt_utf8_scan s;
            scan_in_chunks(scan_cases[i].p, scan_cases[i].n, chunk, &s);
            if (s.invalid != whole.invalid || s.multibyte != whole.multibyte) {
                print_error("scan %s, chunk %zu: invalid %zu multibyte %zu; whole %zu %zu\n",
                            scan_cases[i].what, chunk, s.invalid, s.multibyte, whole.invalid,
                            whole.multibyte);
                fail();
            }
        }
    }
}

static void utf8_scan_verdict_ratio(void **state)
{
    (void)state;
    /* Many accented words and a single stray byte: still UTF-8. */
    bt_sb b;
    bt_sb_init(&b);
    for (int i = 0; i < 50; i++)
        bt_sb_puts(&b, "Región de Valparaíso;Viña del Mar;Ñuñoa\n");
    bt_sb_puts(&b, "Jard\xEDn\n");
    bt_utf8_scan s;
    bt_utf8_scan_init(&s);
    bt_utf8_scan_feed(&s, (const unsigned char *)b.s, b.len);
    bt_utf8_scan_end(&s);
    assert_int_equal(s.invalid, 1);
    assert_int_equal(bt_utf8_scan_verdict(&s), BT_ENC_UTF8);
    bt_sb_free(&b);

    /* A Windows-1252 file with every Spanish letter. */
    const char *cp = "\xE1\xE9\xED\xF3\xFA\xF1\xC1\xC9\xCD\xD3\xDA\xD1\xFC\xDC\xBF\xA1\xBA\xAA";
    bt_utf8_scan_init(&s);
    bt_utf8_scan_feed(&s, (const unsigned char *)cp, strlen(cp));
    bt_utf8_scan_end(&s);
    assert_int_equal(bt_utf8_scan_verdict(&s), BT_ENC_CP1252);
}

/* ---- the decoder ---- */

static const struct {
    const char *what;
    bt_encoding enc;
    const unsigned char *p;
    size_t n;
    const char *want;
    const char *line_ends;
    size_t replaced;
} dec_cases[] = {
    /* UTF-8 */
    {"utf8 LF", BT_ENC_UTF8, B("a\nb\n"), "a\nb\n", "LF", 0},
    {"utf8 CRLF", BT_ENC_UTF8, B("a\r\nb\r\n"), "a\nb\n", "CRLF", 0},
    {"utf8 CR", BT_ENC_UTF8, B("a\rb\r"), "a\nb\n", "CR", 0},
    {"utf8 mixed", BT_ENC_UTF8, B("a\r\nb\nc\rd"), "a\nb\nc\nd", "mixtos", 0},
    {"utf8 no line end", BT_ENC_UTF8, B("Región"), "Región", "ninguno", 0},
    {"utf8 empty", BT_ENC_UTF8, B(""), "", "ninguno", 0},
    {"utf8 CR CR LF", BT_ENC_UTF8, B("a\r\r\nb"), "a\n\nb", "mixtos", 0},
    {"utf8 blank lines", BT_ENC_UTF8, B("\r\n\r\n\r\n"), "\n\n\n", "CRLF", 0},
    {"utf8 accents", BT_ENC_UTF8, B("Región;Valparaíso\r\nÑuñoa;€😀\r\n"),
     "Región;Valparaíso\nÑuñoa;€😀\n", "CRLF", 0},
    {"utf8 auto means utf8", BT_ENC_AUTO, B("Ñuñoa\n"), "Ñuñoa\n", "LF", 0},
    {"utf8 stray byte", BT_ENC_UTF8, B("a\xFF" "b"), "a\xEF\xBF\xBD" "b", "ninguno", 1},
    {"utf8 cp1252 bytes", BT_ENC_UTF8, B("\xD1u\xF1oa\n"),
     "\xEF\xBF\xBDu\xEF\xBF\xBDoa\n", "LF", 2},
    {"utf8 truncated at end", BT_ENC_UTF8, B("ab\xC3"), "ab\xEF\xBF\xBD", "ninguno", 1},
    {"utf8 truncated before LF", BT_ENC_UTF8, B("ab\xC3\nc"), "ab\xEF\xBF\xBD\nc", "LF", 1},
    {"utf8 overlong", BT_ENC_UTF8, B("\xC0\xAF;x"), "\xEF\xBF\xBD\xEF\xBF\xBD;x", "ninguno", 2},
    {"utf8 surrogate", BT_ENC_UTF8, B("\xED\xA0\x80"),
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "ninguno", 3},
    {"utf8 stray byte before CR", BT_ENC_UTF8, B("a\xFF\r\nb"), "a\xEF\xBF\xBD\nb", "CRLF", 1},
    /* line breaks inside quoted cells are text, not the file's line ends */
    {"utf8 LF inside quotes, CRLF rows", BT_ENC_UTF8, B("a;\"x\ny\"\r\nb;\"\"\"z\"\r\n"),
     "a;\"x\ny\"\nb;\"\"\"z\"\n", "CRLF", 0},
    {"utf8 CRLF inside quotes, LF rows", BT_ENC_UTF8, B("\"x\r\ny\"\nb\n"), "\"x\ny\"\nb\n",
     "LF", 0},
    /* Windows-1252 */
    {"cp1252 Ñuñoa", BT_ENC_CP1252, B("\xD1u\xF1oa"), "Ñuñoa", "ninguno", 0},
    {"cp1252 line", BT_ENC_CP1252, B("Regi\xF3n;Valpara\xEDso\r\n"), "Región;Valparaíso\n",
     "CRLF", 0},
    {"cp1252 specials", BT_ENC_CP1252, B("\x80 \x93x\x94 \x96 \xBF\xA1"),
     "€ “x” – ¿¡", "ninguno", 0},
    {"cp1252 CR", BT_ENC_CP1252, B("\xE1\r\xE9\r"), "á\né\n", "CR", 0},
    {"cp1252 undefined byte", BT_ENC_CP1252, B("a\x81" "b"), "a\xEF\xBF\xBD" "b", "ninguno", 1},
    {"latin1", BT_ENC_LATIN1, B("Regi\xF3n\n"), "Región\n", "LF", 0},
    /* UTF-16LE */
    {"utf16le", BT_ENC_UTF16LE, B("R\0e\0g\0i\0\xF3\0n\0\t\0" "3\0\r\0\n\0"), "Región\t3\n",
     "CRLF", 0},
    {"utf16le LF", BT_ENC_UTF16LE, B("a\0\n\0b\0\n\0"), "a\nb\n", "LF", 0},
    {"utf16le CR", BT_ENC_UTF16LE, B("a\0\r\0b\0"), "a\nb", "CR", 0},
    {"utf16le Ñ and €", BT_ENC_UTF16LE, B("\xD1\0\xAC\x20"), "Ñ€", "ninguno", 0},
    {"utf16le surrogate pair", BT_ENC_UTF16LE, B("\x3D\xD8\x00\xDE" "a\0"), "😀a", "ninguno", 0},
    {"utf16le odd byte at end", BT_ENC_UTF16LE, B("a\0b\0c"), "ab\xEF\xBF\xBD", "ninguno", 1},
    {"utf16le LF inside quotes", BT_ENC_UTF16LE, B("\"\0x\0\n\0y\0\"\0\r\0\n\0"), "\"x\ny\"\n",
     "CRLF", 0},
    {"utf16le lone high surrogate at end", BT_ENC_UTF16LE, B("a\0\x3D\xD8"),
     "a\xEF\xBF\xBD", "ninguno", 1},
    /* UTF-16BE */
    {"utf16be", BT_ENC_UTF16BE, B("\0R\0e\0g\0i\0\xF3\0n\0;\0" "3\0\r\0\n"), "Región;3\n",
     "CRLF", 0},
    {"utf16be surrogate pair", BT_ENC_UTF16BE, B("\xD8\x3D\xDE\x00"), "😀", "ninguno", 0},
};

/* Decode p[0..n) fed in chunks of `chunk` bytes; `final_empty` marks the
 * end with an extra empty call (as the reader does at end of file). */
static bt_err decode_chunks(bt_encoding enc, const unsigned char *p, size_t n, size_t chunk,
                            bool final_empty, bt_sb *out, size_t *replaced,
                            char line_ends[16])
{
    bt_decoder *d;
    bt_err e = bt_decoder_new(enc, &d);
    if (e)
        return e;
    for (size_t off = 0; off < n && !e; off += chunk) {
        size_t k = n - off < chunk ? n - off : chunk;
        bool last = !final_empty && off + k == n;
        e = bt_decoder_feed(d, p + off, k, last, out);
    }
    if (!e && (final_empty || n == 0))
        e = bt_decoder_feed(d, NULL, 0, true, out);
    *replaced = bt_decoder_replaced(d);
    snprintf(line_ends, 16, "%s", bt_decoder_line_ends(d));
    bt_decoder_free(d);
    return e;
}

static void decoder_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(dec_cases); i++) {
        bt_sb out;
        bt_sb_init(&out);
        size_t rep;
        char le[16];
        assert_int_equal(decode_chunks(dec_cases[i].enc, dec_cases[i].p, dec_cases[i].n,
                                       dec_cases[i].n ? dec_cases[i].n : 1, false, &out, &rep,
                                       le),
                         BT_OK);
        if (strcmp(bt_sb_str(&out), dec_cases[i].want) != 0 ||
            out.len != strlen(dec_cases[i].want) || rep != dec_cases[i].replaced ||
            strcmp(le, dec_cases[i].line_ends) != 0) {
            print_error("decode %s: «%s» (%zu bytes) replaced %zu ends %s; want «%s» %zu %s\n",
                        dec_cases[i].what, bt_sb_str(&out), out.len, rep, le,
                        dec_cases[i].want, dec_cases[i].replaced, dec_cases[i].line_ends);
            fail();
        }
        bt_sb_free(&out);
    }
}

/* Every input at every chunk size, ending either way, gives exactly what
 * the whole input gives. */
static void decoder_every_chunk_size(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_OF(dec_cases); i++) {
        bt_sb whole;
        bt_sb_init(&whole);
        size_t wrep;
        char wle[16];
        assert_int_equal(decode_chunks(dec_cases[i].enc, dec_cases[i].p, dec_cases[i].n,
                                       dec_cases[i].n + 1, false, &whole, &wrep, wle),
                         BT_OK);
        for (size_t chunk = 1; chunk <= dec_cases[i].n; chunk++) {
            for (int fe = 0; fe < 2; fe++) {
                bt_sb out;
                bt_sb_init(&out);
                size_t rep;
                char le[16];
                assert_int_equal(decode_chunks(dec_cases[i].enc, dec_cases[i].p,
                                               dec_cases[i].n, chunk, fe, &out, &rep, le),
                                 BT_OK);
                if (out.len != whole.len || memcmp(out.s, whole.s, out.len) != 0 ||
                    rep != wrep || strcmp(le, wle) != 0) {
                    print_error("decode %s, chunk %zu%s: «%s» replaced %zu ends %s; whole "
                                "«%s» %zu %s\n",
                                dec_cases[i].what, chunk, fe ? " + empty end" : "",
                                bt_sb_str(&out), rep, le, bt_sb_str(&whole), wrep, wle);
                    fail();
                }
                bt_sb_free(&out);
            }
        }
        bt_sb_free(&whole);
    }
}

/* A larger mixed text, converted to each encoding, round-trips at every
 * chunk size. */
static void decoder_large_round_trip(void **state)
{
    (void)state;
    /* The same text in UTF-8, CP1252 and UTF-16LE. */
    const char *u8 = "Región;Valparaíso\r\nComunas;\"Viña del Mar, Quilpué\"\r\n"
                     "Ñuñoa;Peñalolén\rÁrea;Educación\n";
    unsigned char cp[256], u16[512];
    size_t ncp = 0, n16 = 0;
    for (const unsigned char *p = (const unsigned char *)u8; *p;) {
        unsigned cpnt;
        if (*p < 0x80) {
            cpnt = *p++;
        } else {
            cpnt = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        }
        cp[ncp++] = (unsigned char)cpnt;
        u16[n16++] = (unsigned char)(cpnt & 0xFF);
        u16[n16++] = (unsigned char)(cpnt >> 8);
    }
    const char *want = "Región;Valparaíso\nComunas;\"Viña del Mar, Quilpué\"\n"
                       "Ñuñoa;Peñalolén\nÁrea;Educación\n";
    const struct {
        bt_encoding enc;
        const unsigned char *p;
        size_t n;
    } inputs[] = {
        {BT_ENC_UTF8, (const unsigned char *)u8, strlen(u8)},
        {BT_ENC_CP1252, cp, ncp},
        {BT_ENC_LATIN1, cp, ncp},
        {BT_ENC_UTF16LE, u16, n16},
    };
    for (size_t i = 0; i < N_OF(inputs); i++) {
        for (size_t chunk = 1; chunk <= inputs[i].n; chunk++) {
            bt_sb out;
            bt_sb_init(&out);
            size_t rep;
            char le[16];
            assert_int_equal(decode_chunks(inputs[i].enc, inputs[i].p, inputs[i].n, chunk,
                                           chunk & 1, &out, &rep, le),
                             BT_OK);
            if (strcmp(bt_sb_str(&out), want) != 0) {
                print_error("encoding %d chunk %zu: «%s»\n", (int)inputs[i].enc, chunk,
                            bt_sb_str(&out));
                fail();
            }
            assert_int_equal(rep, 0);
            assert_string_equal(le, "mixtos");
            bt_sb_free(&out);
        }
    }
}

/* A long run with no line end, larger than the decoder's buffers. */
static void decoder_long_input(void **state)
{
    (void)state;
    size_t n = 200000;
    unsigned char *p = malloc(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (i % 2) ? 0xE1 : 'a';      /* "aá" in CP1252 */
    bt_sb out;
    bt_sb_init(&out);
    size_t rep;
    char le[16];
    assert_int_equal(decode_chunks(BT_ENC_CP1252, p, n, 65536, true, &out, &rep, le), BT_OK);
    assert_int_equal(out.len, n / 2 * 3);
    assert_int_equal(rep, 0);
    assert_string_equal(le, "ninguno");
    assert_memory_equal(out.s + out.len - 3, "a\xC3\xA1", 3);
    bt_sb_free(&out);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encoding_names),
        cmocka_unit_test(sniff_table),
        cmocka_unit_test(sniff_text_starting_like_magic),
        cmocka_unit_test(utf8_scan_table),
        cmocka_unit_test(utf8_scan_verdict_ratio),
        cmocka_unit_test(decoder_table),
        cmocka_unit_test(decoder_every_chunk_size),
        cmocka_unit_test(decoder_large_round_trip),
        cmocka_unit_test(decoder_long_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
