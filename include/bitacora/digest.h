/*
 * digest.h - 128-bit digests of bytes (MurmurHash3 x64_128, streaming).
 *
 * For telling whether something changed (an input, an output, the
 * program), not for security: nobody gains by forging a collision here,
 * and the hash runs at several GB/s, so a rerun can digest every input
 * and every earlier output without being felt.
 */
#ifndef BITACORA_DIGEST_H
#define BITACORA_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bitacora/util.h"

typedef struct {
    uint64_t h[2];
} bt_digest;

typedef struct {
    uint64_t h1, h2;
    unsigned char tail[16];
    size_t ntail;
    uint64_t len;
} bt_hasher;

void bt_hash_init(bt_hasher *h);
void bt_hash_bytes(bt_hasher *h, const void *p, size_t n);
/* A string with its length in front, so that ("ab","c") and ("a","bc")
 * differ; NULL and "" differ too. */
void bt_hash_str(bt_hasher *h, const char *s);
void bt_hash_u64(bt_hasher *h, uint64_t v);
void bt_hash_digest(bt_hasher *h, bt_digest d);
bt_digest bt_hash_final(const bt_hasher *h);

bool bt_digest_equal(bt_digest a, bt_digest b);
/* 32 lowercase hex digits and a NUL. */
void bt_digest_hex(bt_digest d, char out[33]);
/* Exactly 32 hex digits; false otherwise. */
bool bt_digest_parse(const char *hex, bt_digest *out);

/* The bytes of an open file from its start; the file is left at its
 * start.  BT_ERR_READ (errno set) when it cannot be read. */
bt_err bt_digest_stream(FILE *f, bt_digest *out, uint64_t *size);
/* The bytes of a file.  BT_ERR_READ with *err = errno. */
bt_err bt_digest_path(const char *path, bt_digest *out, uint64_t *size, int *err);

#endif
