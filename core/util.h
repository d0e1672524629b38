/*
 * util.h - small helpers every module uses: allocation that cannot fail
 * silently, bounded number parsing (never atoi), and a growable string.
 */
#ifndef SHG_UTIL_H
#define SHG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: abort with a message when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Parse a whole decimal integer in [min, max]. Returns 0, or -1 when s is
 * empty, has trailing junk or is out of range (nothing printed). */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
int parse_int(const char *s, int min, int max, int *out);

/* Parse an amount of whole đồng: "1500000", "1.500.000", "1,500,000" or
 * "1 500 000" (groups of three after the first), optionally followed by
 * "đ", "d" or "vnd". Range 0 .. 10^15. Returns 0 or -1. */
int parse_money(const char *s, int64_t *out);

/* Format đồng the Vietnamese way: 1500000 -> "1.500.000". buf >= 32. */
char *money_format(int64_t v, char *buf, size_t size);

/* Growable NUL-terminated string. Zero-initialise: struct buf b = {0}. */
struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *s);
void buf_addn(struct buf *b, const char *s, size_t n);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Give up ownership: returns the string (never NULL), caller frees. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* String helpers. */
int str_eq(const char *a, const char *b);           /* NULL-safe */
int str_empty(const char *s);                       /* NULL or "" */
char *str_trim(char *s);                            /* in place */

/* Open path for writing with mode 0600 (created, or truncated and its
 * mode set back to 0600 when it was there): for every file that may hold
 * personal data. NULL with errno set on failure (nothing printed). */
FILE *file_create_private(const char *path);

#endif
