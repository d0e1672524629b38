#include "web/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
html_esc(struct buf *b, const char *s)
{
	const char *run;

	if (!s)
		return;
	while (*s) {
		run = s;
		s += strcspn(s, "&<>\"'");
		buf_addn(b, run, (size_t)(s - run));
		switch (*s) {
		case '&': buf_add(b, "&amp;"); break;
		case '<': buf_add(b, "&lt;"); break;
		case '>': buf_add(b, "&gt;"); break;
		case '"': buf_add(b, "&quot;"); break;
		case '\'': buf_add(b, "&#39;"); break;
		default: return;
		}
		s++;
	}
}

void
html_raw(struct buf *b, const char *s)
{
	if (s)
		buf_add(b, s);
}

void
html_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	char one[2] = { 0, 0 };
	const char *run;

	while (*fmt) {
		run = fmt;
		fmt += strcspn(fmt, "%");
		buf_addn(b, run, (size_t)(fmt - run));
		if (!*fmt)
			break;
		fmt++;
		if (*fmt == 's') {
			html_esc(b, va_arg(ap, const char *));
		} else if (*fmt == 'S') {
			html_raw(b, va_arg(ap, const char *));
		} else if (*fmt == 'd') {
			buf_addf(b, "%d", va_arg(ap, int));
		} else if (!strncmp(fmt, "lld", 3)) {
			buf_addf(b, "%lld", va_arg(ap, long long));
			fmt += 2;
		} else if (*fmt == 'c') {
			one[0] = (char)va_arg(ap, int);
			html_esc(b, one);
		} else if (*fmt == '%') {
			buf_addc(b, '%');
		} else {
			/* An unknown conversion is a bug in a constant format:
			 * show it rather than read a wrong argument. */
			buf_addc(b, '%');
			continue;
		}
		fmt++;
	}
}

void
html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}
