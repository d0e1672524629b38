/*
 * log.h - the one way shg reports: to stderr in the foreground, or syslog.
 *
 * Levels are checked before anything is formatted.  Log lines never contain
 * names or message text; phone numbers go through phone_mask() first.
 */
#ifndef SHG_LOG_H
#define SHG_LOG_H

#define SHG_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

/* Send logs to syslog (use_syslog != 0) or stderr, keeping messages at or
 * above level. Before log_init: stderr, LOG_LEVEL_INFO. */
void log_init(int use_syslog, enum log_level level);
/* Parse "error", "warn", "info" or "debug"; -1 if none of them. */
int log_level_parse(const char *s);
int log_enabled(enum log_level level);

/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void log_warn(const char *fmt, ...) SHG_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) SHG_PRINTF(1, 2);
void log_info(const char *fmt, ...) SHG_PRINTF(1, 2);
void log_debug(const char *fmt, ...) SHG_PRINTF(1, 2);

/* Print "shg: <message>" as one line on stderr (or syslog when the service
 * logs there) and return -1, so callers can write: return error("...").
 * This is how a function that knows why something failed says so, once.
 * The format is a message of the catalogue: error() and fatalx() translate
 * it (core/i18n.h), so it must be a literal. The log_* lines are for the
 * administrator's log and stay English. */
int error(const char *fmt, ...) SHG_PRINTF(1, 2);

/* Start-up only: print and exit(1). Never inside the service loop. */
void fatalx(const char *fmt, ...) SHG_PRINTF(1, 2) __attribute__((noreturn));

/* Tests: route error() text into a buffer instead of stderr so that the
 * message can be asserted. buf == NULL restores stderr. */
void log_capture(char *buf, unsigned long size);
/* The capture in effect (NULL, 0: none), to restore it after capturing
 * into another buffer for a while. Captures are per thread. */
void log_capture_current(char **buf, unsigned long *size);

/* Drop every message while on (nests): the service retries a modem whose
 * failure it reports itself, once per change of state.  Per thread: a
 * modem's worker mutes only itself. */
void log_mute(int on);

#endif
