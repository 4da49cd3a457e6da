/* test_util.c - the arena, the string builder and error strings. */
#include "testutil.h"

static void arena_strings(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    assert_non_null(a);
    char *s = bt_arena_strdup(a, "hola");
    assert_string_equal(s, "hola");
    char *p = bt_arena_printf(a, "%d-%s", 7, "x");
    assert_string_equal(p, "7-x");
    assert_null(bt_arena_strdup(a, NULL));
    /* Large allocations get their own block and stay usable. */
    char *big = bt_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    memset(big, 'z', 1 << 20);
    char *after = bt_arena_strdup(a, "después");
    assert_string_equal(after, "después");
    bt_arena_free(a);
    bt_arena_free(NULL);
}

static void arena_push(void **state)
{
    (void)state;
    bt_arena *a = bt_arena_new();
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        int *slot = BT_PUSH(a, v, n, cap);
        assert_non_null(slot);
        assert_int_equal(*slot, 0);   /* zeroed */
        *slot = i;
    }
    assert_int_equal(n, 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i);
    bt_arena_free(a);
}

static void sb_basics(void **state)
{
    (void)state;
    bt_sb b;
    bt_sb_init(&b);
    assert_string_equal(bt_sb_str(&b), "");
    bt_sb_puts(&b, "abc");
    bt_sb_putc(&b, '-');
    bt_sb_printf(&b, "%03d", 7);
    bt_sb_append(&b, "xyz", 2);
    assert_string_equal(bt_sb_str(&b), "abc-007xy");
    assert_int_equal(b.len, 9);
    bt_sb_clear(&b);
    assert_string_equal(bt_sb_str(&b), "");
    for (int i = 0; i < 10000; i++)
        bt_sb_puts(&b, "0123456789");
    assert_int_equal(b.len, 100000);
    bt_sb_free(&b);
}

static void errors_have_text(void **state)
{
    (void)state;
    for (int e = 0; e < BT_ERR__COUNT; e++)
        assert_true(strlen(bt_strerror((bt_err)e)) > 0);
    assert_string_equal(bt_strerror((bt_err)999), "error desconocido");
    /* The reads that stop on an input's content, and only those. */
    for (int e = 0; e < BT_ERR__COUNT; e++)
        assert_int_equal(bt_err_content((bt_err)e), e >= BT_ERR_EMPTY && e <= BT_ERR_LIMIT);
    size_t out;
    assert_int_equal(bt_mul_size(SIZE_MAX, 2, &out), -1);
    assert_int_equal(bt_mul_size(3, 4, &out), 0);
    assert_int_equal(out, 12);
}

/* Names are shown with their control characters escaped, cut where the
 * buffer ends, and resumed from where the cut left them. */
static void show_controls(void **state)
{
    (void)state;
    char out[64];
    const char *rest = bt_show_controls("a\nb\x1b[31mc\x7f", out, sizeof out);
    assert_string_equal(out, "a\\x0ab\\x1b[31mc\\x7f");
    assert_string_equal(rest, "");
    assert_string_equal(bt_show_controls("ñandú", out, sizeof out), "");
    assert_string_equal(out, "ñandú");
    /* Room for "ab" and nothing more: the rest is returned, whole escapes
     * only. */
    rest = bt_show_controls("ab\ncd", out, 7);
    assert_string_equal(out, "ab");
    assert_string_equal(rest, "\ncd");
    bt_sb b;
    bt_sb_init(&b);
    for (const char *p = "x\ty\rz"; *p;) {
        p = bt_show_controls(p, out, 6);
        bt_sb_puts(&b, out);
    }
    assert_string_equal(bt_sb_str(&b), "x\\x09y\\x0dz");
    bt_sb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_strings),
        cmocka_unit_test(arena_push),
        cmocka_unit_test(sb_basics),
        cmocka_unit_test(errors_have_text),
        cmocka_unit_test(show_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
