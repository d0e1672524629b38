/*
 * html.h - the one way web pages write HTML: escaping by default.
 *
 * html_printf() formats into a struct buf (core/util.h) like printf, but
 * %s is always HTML-escaped (& < > " ' become entities), so user data can
 * go into text and into quoted attribute values alike. %S writes its
 * string unescaped and is only for markup the program itself made
 * (another html_printf result, a constant). The other conversions are
 * %d (int), %lld (long long), %c (a char, escaped) and %%.
 */
#ifndef SHG_HTML_H
#define SHG_HTML_H

#include <stdarg.h>

#include "core/util.h"

/* Append s to b with & < > " ' escaped. NULL appends nothing. */
void html_esc(struct buf *b, const char *s);
/* Append trusted markup unchanged. */
void html_raw(struct buf *b, const char *s);
void html_printf(struct buf *b, const char *fmt, ...);
void html_vprintf(struct buf *b, const char *fmt, va_list ap);

#endif
