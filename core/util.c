#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void
oom(size_t n)
{
	fprintf(stderr, "shg: out of memory (%zu bytes)\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
parse_int(const char *s, int min, int max, int *out)
{
	int64_t v;
	if (parse_int64(s, min, max, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/* Strip a trailing currency word, then accept digits with one kind of
 * thousands separator used consistently in groups of three. */
int
parse_money(const char *s, int64_t *out)
{
	static const char *suffixes[] = { "vnđ", "vnd", "đồng", "dong", "đ", "d" };
	char tmp[64], digits[32];
	size_t n, nd = 0, group = 0;
	char sep = 0;
	int seen_sep = 0;

	if (!s || strlen(s) >= sizeof tmp)
		return -1;
	strcpy(tmp, s);
	str_trim(tmp);
	n = strlen(tmp);
	for (size_t i = 0; i < NELEM(suffixes); i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcasecmp(tmp + n - k, suffixes[i]) == 0) {
			tmp[n - k] = '\0';
			str_trim(tmp);
			n = strlen(tmp);
			break;
		}
	}
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = tmp[i];
		if (isdigit((unsigned char)c)) {
			if (nd + 1 >= sizeof digits)
				return -1;
			digits[nd++] = c;
			group++;
			continue;
		}
		if (c != '.' && c != ',' && c != ' ')
			return -1;
		if ((sep && c != sep) || (seen_sep && group != 3) ||
		    (!seen_sep && (group == 0 || group > 3)))
			return -1;
		sep = c;
		seen_sep = 1;
		group = 0;
	}
	if (seen_sep && group != 3)
		return -1;
	digits[nd] = '\0';
	return parse_int64(digits, 0, 1000000000000000LL, out);
}

char *
money_format(int64_t v, char *buf, size_t size)
{
	char digits[32];
	size_t nd, o = 0;
	int neg = v < 0;
	unsigned long long u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	nd = (size_t)snprintf(digits, sizeof digits, "%llu", u);
	if (neg && o + 1 < size)
		buf[o++] = '-';
	for (size_t i = 0; i < nd && o + 1 < size; i++) {
		if (i > 0 && (nd - i) % 3 == 0 && o + 2 < size)
			buf[o++] = '.';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static void
buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	b->cap = b->cap ? b->cap : 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
buf_addn(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_add(struct buf *b, const char *s) { buf_addn(b, s, strlen(s)); }
void buf_addc(struct buf *b, char c) { buf_addn(b, &c, 1); }

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

int
str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

int
str_empty(const char *s)
{
	return !s || !*s;
}

char *
str_trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

FILE *
file_create_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;
	int e;

	if (fd < 0)
		return NULL;
	if (fchmod(fd, 0600) < 0 || !(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	return f;
}
