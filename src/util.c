/* util.c - error strings, the arena and the string builder. */
#include "bitacora/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const err_text[BT_ERR__COUNT] = {
    [BT_OK] = "sin error",
    [BT_ERR_NOMEM] = "memoria insuficiente",
    [BT_ERR_READ] = "no se pudo leer",
    [BT_ERR_WRITE] = "no se pudo escribir",
    [BT_ERR_USAGE] = "uso incorrecto",
    [BT_ERR_EMPTY] = "el archivo está vacío",
    [BT_ERR_NOT_TEXT] = "no es un archivo de texto",
    [BT_ERR_OLD_XLS] = "es un libro de Excel 97-2003 o protegido con contraseña",
    [BT_ERR_BAD_XLSX] = "no es un libro XLSX legible",
    [BT_ERR_HOSTILE] = "libro XLSX rechazado por seguridad",
    [BT_ERR_BAD_ROSTER] = "el listado de territorios no sirve",
    [BT_ERR_LIMIT] = "límite excedido",
    [BT_ERR_XLSX] = "error al generar el libro XLSX",
    [BT_ERR_INTERNAL] = "error interno",
    [BT_ERR_TMPFILE] = "no se pudo crear o escribir un archivo temporal de la biblioteca que "
                       "escribe los libros",
    [BT_ERR_VERIFY] = "el libro escrito no pasó la verificación (le falta una parte o una "
                      "relación del paquete) y no se dejó en la carpeta",
    [BT_ERR_WRITER_DIED] = "el proceso que escribía el libro terminó de forma anormal",
    [BT_ERR_IS_INPUT] = "es uno de los archivos de entrada y no se reemplaza",
    [BT_ERR_INPUT_CHANGED] = "una de las bitácoras de las que sale cambió o desapareció "
                             "durante la conversión; vuelva a convertir",
};

const char *bt_strerror(bt_err err)
{
    if ((unsigned)err >= BT_ERR__COUNT)
        return "error desconocido";
    return err_text[err];
}

bool bt_err_content(bt_err err)
{
    switch (err) {
    case BT_ERR_EMPTY:
    case BT_ERR_NOT_TEXT:
    case BT_ERR_OLD_XLS:
    case BT_ERR_BAD_XLSX:
    case BT_ERR_HOSTILE:
    case BT_ERR_LIMIT:
        return true;
    default:
        return false;
    }
}

const char *bt_errno_text(int err)
{
    switch (err) {
    case ENOENT: return "no existe";
    case EACCES:
    case EPERM: return "permiso denegado";
    case EISDIR: return "es una carpeta";
    case ENOTDIR: return "una parte de la ruta no es una carpeta";
    case EIO: return "error de entrada/salida del disco";
    case ENOSPC: return "no queda espacio en el disco";
    case EFBIG: return "el archivo supera el tamaño permitido (disco o límite lleno)";
    case EROFS: return "el disco es de solo lectura";
    case ENAMETOOLONG: return "la ruta es demasiado larga";
    case ELOOP: return "demasiados enlaces simbólicos";
    case EMFILE:
    case ENFILE: return "demasiados archivos abiertos";
    case ENOMEM: return "memoria insuficiente";
    case EDQUOT: return "se agotó la cuota de disco";
    case EEXIST: return "ya existe";
    default: return strerror(err);
    }
}

int bt_mul_size(size_t a, size_t b, size_t *out)
{
    if (b != 0 && a > SIZE_MAX / b)
        return -1;
    *out = a * b;
    return 0;
}

/* ---- arena ---- */

#define ARENA_ALIGN 16u
#define ARENA_BLOCK (64u * 1024u)

struct block {
    struct block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

struct bt_arena {
    struct block *head;
    size_t first;         /* size of the first block */
    size_t block;         /* size of an ordinary block after it */
};

bt_arena *bt_arena_new(void)
{
    return bt_arena_new_sized(ARENA_BLOCK, ARENA_BLOCK);
}

static size_t block_size(size_t n)
{
    return n < 64 ? 64 : (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

bt_arena *bt_arena_new_sized(size_t first, size_t block)
{
    bt_arena *a = calloc(1, sizeof(bt_arena));
    if (a) {
        a->first = block_size(first);
        a->block = block_size(block);
    }
    return a;
}

size_t bt_arena_size(const bt_arena *a)
{
    size_t n = a ? sizeof *a : 0;
    for (const struct block *b = a ? a->head : NULL; b; b = b->next)
        n += sizeof *b + b->size;
    return n;
}

size_t bt_arena_used(const bt_arena *a)
{
    size_t n = 0;
    for (const struct block *b = a ? a->head : NULL; b; b = b->next)
        n += b->used;
    return n;
}

void bt_arena_free(bt_arena *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *bt_arena_alloc(bt_arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - ARENA_ALIGN - sizeof(struct block))
        return NULL;
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct block *b = a->head;
    if (!b || b->size - b->used < need) {
        /* Large requests get a block of their own, placed behind the
         * current one so its free space is not wasted. */
        size_t ordinary = b ? a->block : a->first;
        size_t size = need > ordinary / 4 ? need : ordinary;
        struct block *nb = malloc(sizeof(struct block) + size);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->size = size;
        if (b && size != ordinary) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    memset(p, 0, need);
    return p;
}

char *bt_arena_strndup(bt_arena *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = bt_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bt_arena_strdup(bt_arena *a, const char *s)
{
    return s ? bt_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bt_arena_vprintf(bt_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *p = bt_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *bt_arena_printf(bt_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = bt_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

bt_err bt_arena_grow(bt_arena *a, void **items, size_t n, size_t *cap,
                     size_t elem_size)
{
    if (n < *cap)
        return BT_OK;
    size_t ncap = *cap ? *cap * 2 : 8;
    size_t bytes;
    if (ncap < *cap || bt_mul_size(ncap, elem_size, &bytes))
        return BT_ERR_LIMIT;
    void *p = bt_arena_alloc(a, bytes);
    if (!p)
        return BT_ERR_NOMEM;
    if (n)
        memcpy(p, *items, n * elem_size);
    *items = p;
    *cap = ncap;
    return BT_OK;
}

/* ---- string builder ---- */

void bt_sb_init(bt_sb *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void bt_sb_free(bt_sb *b)
{
    free(b->s);
    bt_sb_init(b);
}

void bt_sb_clear(bt_sb *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

static bt_err sb_reserve(bt_sb *b, size_t extra)
{
    if (b->failed)
        return BT_ERR_NOMEM;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return BT_ERR_LIMIT;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return BT_OK;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    char *p = realloc(b->s, ncap);
    if (!p) {
        b->failed = 1;
        return BT_ERR_NOMEM;
    }
    b->s = p;
    b->cap = ncap;
    return BT_OK;
}

bt_err bt_sb_append(bt_sb *b, const char *s, size_t n)
{
    bt_err e = sb_reserve(b, n);
    if (e)
        return e;
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return BT_OK;
}

bt_err bt_sb_puts(bt_sb *b, const char *s)
{
    return bt_sb_append(b, s, strlen(s));
}

bt_err bt_sb_putc(bt_sb *b, char c)
{
    return bt_sb_append(b, &c, 1);
}

bt_err bt_sb_printf(bt_sb *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    bt_err e = n < 0 ? BT_ERR_INTERNAL : sb_reserve(b, (size_t)n);
    if (!e) {
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
    return e;
}

const char *bt_sb_str(const bt_sb *b)
{
    return b->s ? b->s : "";
}

const char *bt_show_controls(const char *s, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    for (; *p && o + 5 < size; p++) {
        if (*p < 0x20 || *p == 0x7F)
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", *p);
        else
            out[o++] = (char)*p;
    }
    out[o] = '\0';
    return (const char *)p;
}
