/*
 * util.h - error codes, the per-object arena and the string builder.
 *
 * Every fallible function in bitacora returns a bt_err; only the commands in
 * src/cmd_*.c turn one into a message.  Memory that belongs to one object
 * (a territory, a finding list, a batch) comes from that object's arena and
 * is released in one call, so no path through the code can leak a piece of
 * it, including the paths that fail half-way.
 */
#ifndef BITACORA_UTIL_H
#define BITACORA_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Error codes: one value per cause, each with its Spanish text in
 * bt_strerror()'s table (src/util.c).  BT_OK is 0 so `if (err)` reads
 * naturally.
 *
 * A reader that stops on an input's content (the values from
 * BT_ERR_EMPTY to BT_ERR_LIMIT) has recorded a finding that says why, for
 * the user; the value tells the caller what happened.  load.h turns them
 * into a territory marked not readable: the run goes on.
 */
typedef enum {
    BT_OK = 0,
    BT_ERR_NOMEM,      /* an allocation failed */
    BT_ERR_READ,       /* the OS refused to open or read an input, or it is
                        * no regular file (finding E001) */
    BT_ERR_WRITE,      /* the OS refused to create or write an output */
    BT_ERR_USAGE,      /* bad command line */
    BT_ERR_EMPTY,      /* an input with no content at all (E005) */
    BT_ERR_NOT_TEXT,   /* an input read as CSV that is not text (E002) */
    BT_ERR_OLD_XLS,    /* an Excel 97-2003 workbook, or one with a password
                        * (E012) */
    BT_ERR_BAD_XLSX,   /* a zip that is no readable workbook: damaged,
                        * encrypted, another kind of document (E010, E011) */
    BT_ERR_HOSTILE,    /* a workbook refused for safety: a zip bomb, an XML
                        * entity declaration (E013) */
    BT_ERR_LIMIT,      /* a documented size limit was exceeded (E006 when it
                        * is an input's) */
    BT_ERR_BAD_ROSTER, /* a list of territories (--territorios, or the
                        * territorios.csv of --anterior) lacks what it must
                        * say; the caller's *why says what */
    BT_ERR_XLSX,       /* the XLSX writer refused something */
    BT_ERR_INTERNAL,   /* a bug: should never be seen */
    /* Writing a workbook (writepool.h): each cause its own value, so the
     * message can say what happened to which file. */
    BT_ERR_TMPFILE,    /* libxlsxwriter could not create or write its temporary
                        * files (a part would have been cut short) */
    BT_ERR_VERIFY,     /* the workbook written is not whole (a part or a
                        * relationship missing): kept out of the folder */
    BT_ERR_WRITER_DIED, /* the process writing it ended on a signal */
    BT_ERR_IS_INPUT,   /* the output would replace one of the inputs */
    BT_ERR_INPUT_CHANGED, /* an input read again to write its workbooks
                           * (summary.h) no longer holds the bytes first read */
    BT_ERR__COUNT
} bt_err;

/* Spanish description of an error code, for the command layer.  Never NULL. */
const char *bt_strerror(bt_err err);

/* Whether a read stopped on the content of its input (BT_ERR_EMPTY to
 * BT_ERR_LIMIT above): a finding says why, and the run goes on. */
bool bt_err_content(bt_err err);

/* ---- arena --------------------------------------------------------------
 * A bump allocator in blocks.  Pointers stay valid until bt_arena_free().
 * Allocation fails (NULL) only when malloc does. */
typedef struct bt_arena bt_arena;

bt_arena *bt_arena_new(void);
/* A first block of `first` bytes and the next ones of `block`, instead
 * of 64 KB each: for something small that stays long (a territory's
 * summary, summary.h), its first block sized by bt_arena_used() of a
 * first copy, the few strings added later in small blocks. */
bt_arena *bt_arena_new_sized(size_t first, size_t block);
size_t bt_arena_size(const bt_arena *a);         /* bytes held from malloc */
size_t bt_arena_used(const bt_arena *a);         /* bytes handed out */
void bt_arena_free(bt_arena *a);                 /* NULL is harmless */
void *bt_arena_alloc(bt_arena *a, size_t n);     /* zeroed, aligned for any type */
char *bt_arena_strndup(bt_arena *a, const char *s, size_t n);
char *bt_arena_strdup(bt_arena *a, const char *s);   /* NULL in -> NULL out */
char *bt_arena_printf(bt_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *bt_arena_vprintf(bt_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Grow an arena-backed array so that it has room for one more element.
 * The array pointer and capacity are updated; old storage is left to the arena.  Returns
 * BT_ERR_NOMEM or BT_ERR_LIMIT (size overflow). */
bt_err bt_arena_grow(bt_arena *a, void **items, size_t n, size_t *cap,
                     size_t elem_size);

/* Push one zeroed element and return a pointer to it (NULL on failure). */
#define BT_PUSH(arena, vec, count, cap)                                       \
    ((count) < (cap) ||                                                       \
             bt_arena_grow((arena), (void **)&(vec), (count), &(cap),         \
                           sizeof *(vec)) == BT_OK                            \
         ? &(vec)[(count)++]                                                  \
         : NULL)

/* ---- string builder -----------------------------------------------------
 * A malloc-backed, always NUL-terminated growable string. */
typedef struct {
    char *s;
    size_t len;
    size_t cap;
    int failed;        /* sticky: set once an append could not allocate */
} bt_sb;

void bt_sb_init(bt_sb *b);
void bt_sb_free(bt_sb *b);
void bt_sb_clear(bt_sb *b);
bt_err bt_sb_append(bt_sb *b, const char *s, size_t n);
bt_err bt_sb_puts(bt_sb *b, const char *s);
bt_err bt_sb_putc(bt_sb *b, char c);
bt_err bt_sb_printf(bt_sb *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The text so far ("" when nothing was appended).  Owned by the builder. */
const char *bt_sb_str(const bt_sb *b);

/* The reason for an errno value in Spanish ("no existe", "permiso
 * denegado", ...), for messages to users; the C library's text for the
 * rare ones.  Never NULL. */
const char *bt_errno_text(int err);

/* Overflow-checked a*b; returns 0 and sets *out, or -1. */
int bt_mul_size(size_t a, size_t b, size_t *out);

/* A name typed by someone else (a path, an argument) as it may be shown
 * on a terminal or in a line of findings: its control characters (bytes
 * below 0x20, and 0x7F) written as \xNN, so that it can neither drive the
 * terminal nor split the line.  Writes as much of s as fits in out (size
 * above 5) and returns where it stopped: "" once all of s is written. */
const char *bt_show_controls(const char *s, char *out, size_t size);

#endif
