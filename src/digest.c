/* digest.c - MurmurHash3 x64_128 over a stream (see digest.h).  The
 * algorithm is Austin Appleby's (public domain); blocks are read
 * little-endian so a digest is the same on every machine. */
#include "bitacora/digest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define C1 0x87c37b91114253d5ULL
#define C2 0x4cf5ad432745937fULL

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static uint64_t le64(const unsigned char *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, sizeof v);     /* one load */
    return v;
#else
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
#endif
}

static void block(bt_hasher *h, const unsigned char *p)
{
    uint64_t k1 = le64(p), k2 = le64(p + 8);
    k1 *= C1;
    k1 = rotl(k1, 31);
    k1 *= C2;
    h->h1 ^= k1;
    h->h1 = rotl(h->h1, 27);
    h->h1 += h->h2;
    h->h1 = h->h1 * 5 + 0x52dce729;
    k2 *= C2;
    k2 = rotl(k2, 33);
    k2 *= C1;
    h->h2 ^= k2;
    h->h2 = rotl(h->h2, 31);
    h->h2 += h->h1;
    h->h2 = h->h2 * 5 + 0x38495ab5;
}

void bt_hash_init(bt_hasher *h)
{
    memset(h, 0, sizeof *h);
}

void bt_hash_bytes(bt_hasher *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    h->len += n;
    if (h->ntail) {
        size_t take = 16 - h->ntail < n ? 16 - h->ntail : n;
        memcpy(h->tail + h->ntail, p, take);
        h->ntail += take;
        p += take;
        n -= take;
        if (h->ntail < 16)
            return;
        block(h, h->tail);
        h->ntail = 0;
    }
    for (; n >= 16; p += 16, n -= 16)
        block(h, p);
    memcpy(h->tail, p, n);
    h->ntail = n;
}

void bt_hash_u64(bt_hasher *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    bt_hash_bytes(h, b, sizeof b);
}

void bt_hash_str(bt_hasher *h, const char *s)
{
    if (!s) {
        bt_hash_u64(h, UINT64_MAX);
        return;
    }
    size_t n = strlen(s);
    bt_hash_u64(h, n);
    bt_hash_bytes(h, s, n);
}

void bt_hash_digest(bt_hasher *h, bt_digest d)
{
    bt_hash_u64(h, d.h[0]);
    bt_hash_u64(h, d.h[1]);
}

bt_digest bt_hash_final(const bt_hasher *hs)
{
    uint64_t h1 = hs->h1, h2 = hs->h2, k1 = 0, k2 = 0;
    const unsigned char *t = hs->tail;
    size_t n = hs->ntail;
    for (size_t i = n; i > 8; i--)
        k2 = (k2 << 8) | t[i - 1];
    if (n > 8) {
        k2 *= C2;
        k2 = rotl(k2, 33);
        k2 *= C1;
        h2 ^= k2;
    }
    for (size_t i = n < 8 ? n : 8; i > 0; i--)
        k1 = (k1 << 8) | t[i - 1];
    if (n > 0) {
        k1 *= C1;
        k1 = rotl(k1, 31);
        k1 *= C2;
        h1 ^= k1;
    }
    h1 ^= hs->len;
    h2 ^= hs->len;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    bt_digest d = {{h1, h2}};
    return d;
}

bool bt_digest_equal(bt_digest a, bt_digest b)
{
    return a.h[0] == b.h[0] && a.h[1] == b.h[1];
}

void bt_digest_hex(bt_digest d, char out[33])
{
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++)
        out[i] = hx[(d.h[i / 16] >> (60 - 4 * (i % 16))) & 15];
    out[32] = '\0';
}

bool bt_digest_parse(const char *s, bt_digest *out)
{
    bt_digest d = {{0, 0}};
    for (int i = 0; i < 32; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return false;
        d.h[i / 16] = (d.h[i / 16] << 4) | (uint64_t)v;
    }
    *out = d;
    return true;
}

bt_err bt_digest_stream(FILE *f, bt_digest *out, uint64_t *size)
{
    bt_hasher h;
    bt_hash_init(&h);
    unsigned char buf[16384];
    if (fseek(f, 0, SEEK_SET) != 0)
        return BT_ERR_READ;
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        bt_hash_bytes(&h, buf, k);
    bool bad = ferror(f) != 0;
    clearerr(f);
    if (fseek(f, 0, SEEK_SET) != 0 || bad)
        return BT_ERR_READ;
    *out = bt_hash_final(&h);
    if (size)
        *size = h.len;
    return BT_OK;
}

bt_err bt_digest_path(const char *path, bt_digest *out, uint64_t *size, int *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        *err = errno;
        return BT_ERR_READ;
    }
    bt_hasher h;
    bt_hash_init(&h);
    unsigned char buf[65536];
    for (;;) {
        ssize_t k = read(fd, buf, sizeof buf);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            *err = errno;
            close(fd);
            return BT_ERR_READ;
        }
        if (k == 0)
            break;
        bt_hash_bytes(&h, buf, (size_t)k);
    }
    close(fd);
    *out = bt_hash_final(&h);
    if (size)
        *size = h.len;
    return BT_OK;
}
