#include "core/log.h"

#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

static int log_syslog;
static enum log_level log_level = LOG_LEVEL_INFO;
static _Thread_local char *capture_buf;  /* per thread: web requests */
static _Thread_local unsigned long capture_size;
static _Thread_local int muted;  /* per thread: each modem's worker */

void
log_init(int use_syslog, enum log_level level)
{
	log_syslog = use_syslog;
	log_level = level;
	if (use_syslog)
		openlog("shg", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int
log_level_parse(const char *s)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
log_enabled(enum log_level level)
{
	return level <= log_level;
}

static void
vlog(enum log_level level, int with_errno, const char *fmt, va_list ap)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	char msg[1024];
	int saved = errno;

	if (muted)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (with_errno) {
		size_t n = strlen(msg);
		snprintf(msg + n, sizeof msg - n, ": %s", strerror(saved));
	}
	if (capture_buf) {
		snprintf(capture_buf, capture_size, "%s", msg);
		return;
	}
	if (log_syslog)
		syslog(prio[level], "%s", msg);
	else
		fprintf(stderr, "shg: %s\n", msg);
	errno = saved;
}

#define LOG_BODY(level, with_errno)			\
	do {						\
		va_list ap;				\
		if (!log_enabled(level))		\
			return;				\
		va_start(ap, fmt);			\
		vlog(level, with_errno, fmt, ap);	\
		va_end(ap);				\
	} while (0)

void log_warn(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_WARN, 1); }
void log_warnx(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_WARN, 0); }
void log_info(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_INFO, 0); }
void log_debug(const char *fmt, ...) { LOG_BODY(LOG_LEVEL_DEBUG, 0); }

int
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERROR, 0, gettext(fmt), ap);
	va_end(ap);
	return -1;
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERROR, 0, gettext(fmt), ap);
	va_end(ap);
	exit(1);
}

void
log_capture(char *buf, unsigned long size)
{
	capture_buf = buf;
	capture_size = size;
	if (buf && size)
		buf[0] = '\0';
}

void
log_capture_current(char **buf, unsigned long *size)
{
	*buf = capture_buf;
	*size = capture_size;
}

void
log_mute(int on)
{
	muted += on ? 1 : (muted > 0 ? -1 : 0);
}
