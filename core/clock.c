#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"

static time_t fixed_now;

time_t
clock_now(void)
{
	return fixed_now ? fixed_now : time(NULL);
}

void
clock_set(time_t t)
{
	fixed_now = t;
}

int
clock_init_env(void)
{
	const char *s = getenv("SHG_NOW");
	int64_t secs;
	int days, minutes = 0, sec = 0, hh, mm;
	char date[16];

	if (str_empty(s))
		return 0;
	if (s[0] == '@') {
		if (parse_int64(s + 1, 1, INT64_C(253402300799), &secs) < 0)
			return error("SHG_NOW: \"%s\" is not a time", s);
		clock_set((time_t)secs);
		return 0;
	}
	if (strlen(s) == 10 && date_parse(s, &days) == 0) {
		clock_set(time_from_local(days, 12 * 60));
		return 0;
	}
	if (sscanf(s, "%10s %d:%d:%d", date, &hh, &mm, &sec) < 3 &&
	    sscanf(s, "%10[0-9-]T%d:%d:%d", date, &hh, &mm, &sec) < 3)
		return error("SHG_NOW: \"%s\" is not a time (use YYYY-MM-DD HH:MM)", s);
	if (date_parse(date, &days) < 0 || hh < 0 || hh > 23 || mm < 0 ||
	    mm > 59 || sec < 0 || sec > 59)
		return error("SHG_NOW: \"%s\" is not a time (use YYYY-MM-DD HH:MM)", s);
	minutes = hh * 60 + mm;
	clock_set(time_from_local(days, minutes) + sec);
	return 0;
}

int
clock_zone_exists(const char *tz)
{
	char path[512];

	if (str_empty(tz) || strstr(tz, "..") || tz[0] == '/')
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0;
}

int
clock_set_timezone(const char *tz)
{
	if (!clock_zone_exists(tz))
		return error("timezone: \"%s\" is not a known time zone",
		    tz ? tz : "");
	setenv("TZ", tz, 1);
	tzset();
	return 0;
}

/* Days from civil, after Howard Hinnant's public-domain algorithms. */
int
date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_to_ymd(int z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
date_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 ? 28 + leap : dim[m - 1];
}

int
date_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= date_days_in_month(y, m);
}

int
date_weekday(int days)
{
	int w = (days + 4) % 7;         /* 1970-01-01 was a Thursday */
	return w < 0 ? w + 7 : w;
}

int
date_add_months(int days, int n)
{
	int y, m, d, total;

	date_to_ymd(days, &y, &m, &d);
	total = y * 12 + (m - 1) + n;
	y = total / 12;
	m = total % 12 + 1;
	if (d > date_days_in_month(y, m))
		d = date_days_in_month(y, m);
	return date_from_ymd(y, m, d);
}

int
date_parse(const char *s, int *days)
{
	int y, m, d, n = 0;

	if (!s)
		return -1;
	if (strcasecmp(s, "today") == 0) {
		*days = date_today();
		return 0;
	}
	if (strcasecmp(s, "yesterday") == 0) {
		*days = date_today() - 1;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' &&
	    n == 10) {
		/* fall through */
	} else if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 &&
	    s[n] == '\0' && n >= 8) {
		/* fall through */
	} else {
		return -1;
	}
	if (!date_valid_ymd(y, m, d))
		return -1;
	*days = date_from_ymd(y, m, d);
	return 0;
}

int
date_parse_arg(const char *what, const char *s, int *days)
{
	if (date_parse(s, days) < 0)
		return error("%s: \"%s\" is not a date (use YYYY-MM-DD)", what,
		    s ? s : "");
	return 0;
}

char *
date_format(int days, char *buf)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(buf, tmp, 11);
	buf[10] = '\0';
	return buf;
}

char *
date_format_vn(int days, char *buf)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%02d/%02d/%04d", d, m, y % 10000);
	memcpy(buf, tmp, 11);
	buf[10] = '\0';
	return buf;
}

void
time_to_local(time_t t, int *days, int *minutes)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (days)
		*days = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (minutes)
		*minutes = tm.tm_hour * 60 + tm.tm_min;
}

int
date_today(void)
{
	int days;
	time_to_local(clock_now(), &days, NULL);
	return days;
}

time_t
time_from_local(int days, int minutes)
{
	struct tm tm = { 0 };
	int y, m, d;

	date_to_ymd(days, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minutes / 60;
	tm.tm_min = minutes % 60;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
time_of_day_parse(const char *s, int *minutes)
{
	int h, m, n = 0;

	if (!s || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || s[n] != '\0' ||
	    h < 0 || h > 23 || m < 0 || m > 59 || !(n == 4 || n == 5))
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

char *
time_format_local(time_t t, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
	return buf;
}
