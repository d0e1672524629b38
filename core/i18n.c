#include "core/i18n.h"

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build/gen/paths.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"

#define DOMAIN "shg"

static int vi;
static char dir[4096];

/* 1 if folder d holds the Vietnamese catalogue. */
static int
has_catalogue(const char *d)
{
	char path[4200];

	snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/" DOMAIN ".mo", d);
	return access(path, R_OK) == 0;
}

/* $SHG_LOCALEDIR, then beside a binary in the source tree (./shg uses
 * build/locale, build/san/shg ../locale), then beside an installed one
 * (PREFIX/bin/shg: PREFIX/share/locale, wherever it was moved), then the
 * folder of the PREFIX it was built for. */
static const char *
find_dir(void)
{
	const char *env = getenv("SHG_LOCALEDIR");
	char exe[2048], *slash;
	ssize_t n;

	if (!str_empty(env) && has_catalogue(env))
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		snprintf(dir, sizeof dir, "%s/build/locale", exe);
		if (has_catalogue(dir))
			return dir;
		snprintf(dir, sizeof dir, "%s/../locale", exe);
		if (has_catalogue(dir))
			return dir;
		snprintf(dir, sizeof dir, "%s/../share/locale", exe);
		if (has_catalogue(dir))
			return dir;
	}
	return has_catalogue(SHG_LOCALEDIR) ? SHG_LOCALEDIR : NULL;
}

/* "vi", "vi_VN", "vi_VN.UTF-8" -> "vi"; likewise "en"; else NULL. */
static const char *
lang_code(const char *s, size_t n)
{
	if (n >= 2 && (n == 2 || s[2] == '_' || s[2] == '.' || s[2] == '@')) {
		if (!strncmp(s, "vi", 2))
			return "vi";
		if (!strncmp(s, "en", 2))
			return "en";
	}
	return NULL;
}

const char *
i18n_env(void)
{
	const char *s = getenv("LANGUAGE"), *code;

	while (s && *s) {
		size_t n = strcspn(s, ":");
		if ((code = lang_code(s, n)))
			return code;
		s += n + (s[n] == ':');
	}
	return NULL;
}

int
i18n_set(const char *lang)
{
	static int warned;
	const char *code = lang ? lang_code(lang, strlen(lang)) : NULL;
	const char *d;

	if (!code)
		return -1;
	vi = !strcmp(code, "vi");
	/* gettext reads $LANGUAGE when the messages locale is not plain C;
	 * C.UTF-8 is built into glibc, so no vi_VN locale is needed. */
	setlocale(LC_MESSAGES, "C.UTF-8");
	setenv("LANGUAGE", code, 1);
	if (vi) {
		if (!(d = find_dir())) {
			vi = 0;
			if (!warned++)
				log_warnx("Vietnamese messages not found (build "
				    "them with make, or set SHG_LOCALEDIR); "
				    "using English");
			return 0;
		}
		if (d != dir)
			snprintf(dir, sizeof dir, "%s", d);
		bindtextdomain(DOMAIN, dir);
		bind_textdomain_codeset(DOMAIN, "UTF-8");
	}
	textdomain(DOMAIN);     /* also drops gettext's cached lookups */
	return 0;
}

const char *
i18n_lang(void)
{
	return vi ? "vi" : "en";
}

int
i18n_vi(void)
{
	return vi;
}

const char *
i18n_dir(void)
{
	return vi ? dir : NULL;
}

char *
date_show(int days, char *buf)
{
	return vi ? date_format_vn(days, buf) : date_format(days, buf);
}

char *
money_show(int64_t v, char *buf, size_t size)
{
	char n[32];

	money_format(v, n, sizeof n);
	if (!vi)
		for (char *p = n; *p; p++)
			if (*p == '.')
				*p = ',';
	snprintf(buf, size, "%s đ", n);
	return buf;
}

char
decimal_mark(void)
{
	return vi ? ',' : '.';
}

char *
percent_show(int64_t bp, char *buf, size_t size)
{
	int64_t a = bp < 0 ? -bp : bp;

	snprintf(buf, size, "%s%" PRId64 "%c%02" PRId64 "%s", bp < 0 ? "-" : "",
	    a / 100, decimal_mark(), a % 100, vi ? " %" : "%");
	return buf;
}

const char *
weekday_name(int wd)
{
	static const char *names[] = {
		N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
		N_("Thursday"), N_("Friday"), N_("Saturday"),
	};
	return wd >= 0 && wd < 7 ? _(names[wd]) : "?";
}
