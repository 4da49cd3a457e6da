/* test_digest.c - MurmurHash3 x64_128 digests, streamed. */
#include "testutil.h"

#include <errno.h>

#include "bitacora/digest.h"

static bt_digest of(const char *s)
{
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_bytes(&h, s, strlen(s));
    return bt_hash_final(&h);
}

/* The reference values of MurmurHash3_x64_128 (seed 0), as every port
 * of it gives them. */
static void known_values(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint64_t h1, h2;
    } v[] = {
        {"", 0, 0},
        {"hello", 0xcbd8a7b341bd9b02ULL, 0x5b1e906a48ae1d19ULL},
        {"The quick brown fox jumps over the lazy dog", 0xe34bbc7bbc071b6cULL,
         0x7a433ca9c49a9347ULL},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        bt_digest d = of(v[i].in);
        if (d.h[0] != v[i].h1 || d.h[1] != v[i].h2)
            fail_msg("«%s»: %016llx %016llx", v[i].in, (unsigned long long)d.h[0],
                     (unsigned long long)d.h[1]);
    }
}

/* Fed in pieces of every size, the digest is the same. */
static void every_split(void **state)
{
    (void)state;
    char text[200];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)(i * 7 + 3);
    bt_hasher whole;
    bt_hash_init(&whole);
    bt_hash_bytes(&whole, text, sizeof text);
    bt_digest want = bt_hash_final(&whole);
    for (size_t chunk = 1; chunk <= sizeof text; chunk++) {
        bt_hasher h;
        bt_hash_init(&h);
        for (size_t off = 0; off < sizeof text; off += chunk)
            bt_hash_bytes(&h, text + off, off + chunk <= sizeof text ? chunk : sizeof text - off);
        assert_true(bt_digest_equal(bt_hash_final(&h), want));
    }
}

/* Strings are framed: the same bytes cut differently do not collide. */
static void strings_framed(void **state)
{
    (void)state;
    bt_hasher a, b, c, d;
    bt_hash_init(&a);
    bt_hash_str(&a, "ab");
    bt_hash_str(&a, "c");
    bt_hash_init(&b);
    bt_hash_str(&b, "a");
    bt_hash_str(&b, "bc");
    assert_false(bt_digest_equal(bt_hash_final(&a), bt_hash_final(&b)));
    bt_hash_init(&c);
    bt_hash_str(&c, NULL);
    bt_hash_init(&d);
    bt_hash_str(&d, "");
    assert_false(bt_digest_equal(bt_hash_final(&c), bt_hash_final(&d)));
}

static void hex_round_trip(void **state)
{
    (void)state;
    bt_digest d = of("bitácora"), back;
    char hex[33];
    bt_digest_hex(d, hex);
    assert_int_equal(strlen(hex), 32);
    assert_true(bt_digest_parse(hex, &back));
    assert_true(bt_digest_equal(d, back));
    assert_false(bt_digest_parse("0123456789abcdef0123456789abcdeX", &back));
    assert_false(bt_digest_parse("0123", &back));
    assert_false(bt_digest_parse("0123456789ABCDEF0123456789abcdef", &back));
}

/* A file's digest is that of its bytes, read as a stream or by path,
 * and the stream is left at its start for the reader that follows. */
static void files(void **state)
{
    (void)state;
    char *dir = tu_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/f.csv", dir);
    static char big[100000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    assert_int_equal(tu_write(path, big, sizeof big), 0);
    bt_hasher h;
    bt_hash_init(&h);
    bt_hash_bytes(&h, big, sizeof big);
    bt_digest want = bt_hash_final(&h), got;
    uint64_t size = 0;
    int err = 0;
    assert_int_equal(bt_digest_path(path, &got, &size, &err), BT_OK);
    assert_true(bt_digest_equal(got, want));
    assert_int_equal(size, sizeof big);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(bt_digest_stream(f, &got, &size), BT_OK);
    assert_true(bt_digest_equal(got, want));
    assert_int_equal(fgetc(f), 'a');
    fclose(f);
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_equal(bt_digest_path(path, &got, &size, &err), BT_ERR_READ);
    assert_int_equal(err, ENOENT);
    tu_rmrf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_values),   cmocka_unit_test(every_split),
        cmocka_unit_test(strings_framed), cmocka_unit_test(hex_round_trip),
        cmocka_unit_test(files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
