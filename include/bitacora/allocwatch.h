/*
 * allocwatch.h - counting the allocations that failed.
 *
 * libxlsxwriter 1.1.4 ignores some allocation failures (`_insert_cell`
 * uses `_get_row()`'s result without a NULL check; a relationship or a
 * title can be dropped while packaging) and then "succeeds" with a
 * workbook that is subtly wrong.  Its return codes cannot tell, so
 * bitacora watches the allocator itself: the program defines malloc,
 * calloc, realloc and the aligned variants (allocwatch.c), forwards each
 * call to the next definition (the C library's, or a fault-injecting
 * LD_PRELOAD such as tests/fault/failmalloc.c) and counts every call that
 * returns NULL.  A workbook written while the count moved is refused
 * (writepool.c), exactly, whatever the library did with the failure.
 */
#ifndef BITACORA_ALLOCWATCH_H
#define BITACORA_ALLOCWATCH_H

/* Allocation calls that returned NULL in this process so far (all
 * threads).  Compare two readings around a piece of work. */
unsigned long bt_alloc_failures(void);

#endif
