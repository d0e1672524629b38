/*
 * lunar.c - lunar dates from ICU's chinese calendar, with a table of month
 * starts filled one lunar year at a time.
 */
#include "groups/lunar.h"

#include <math.h>
#include <stdio.h>

#include <unicode/ucal.h>

#include "core/clock.h"
#include "core/log.h"

/* ICU numbers Chinese years from 2637 BCE: extended year 4661 is the one
 * that begins in 2024. */
#define CHINESE_EPOCH 2637
#define MS_PER_DAY 86400000.0

/* One lunar year: start[k] is the first day of month slot k, and
 * start[nmonths] the first day of the next year. Slot `leap` (when not 0)
 * is the leap month, which repeats month number `leap`. */
struct lunar_year {
	int nmonths;            /* 12 or 13; 0 while not loaded */
	int leap;
	int start[14];
};

static struct lunar_year years[LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1];
static UCalendar *cal;

static UCalendar *
calendar(void)
{
	static const UChar utc[] = { 'U', 'T', 'C', 0 };
	UErrorCode e = U_ZERO_ERROR;

	if (cal)
		return cal;
	cal = ucal_open(utc, -1, "@calendar=chinese", UCAL_DEFAULT, &e);
	if (U_FAILURE(e)) {
		cal = NULL;
		error("lunar: cannot open the ICU chinese calendar: %s",
		    u_errorName(e));
	}
	return cal;
}

static int
day_of_millis(UDate ms)
{
	return (int)floor(ms / MS_PER_DAY);
}

/* Walk the months of lunar year y with ICU and record where each starts. */
static int
load_year(int y, struct lunar_year *ly)
{
	UCalendar *c = calendar();
	UErrorCode e = U_ZERO_ERROR;
	int n = 0, leap = 0;

	if (!c)
		return -1;
	ucal_clear(c);
	ucal_set(c, UCAL_EXTENDED_YEAR, y + CHINESE_EPOCH);
	ucal_set(c, UCAL_MONTH, 0);
	ucal_set(c, UCAL_IS_LEAP_MONTH, 0);
	ucal_set(c, UCAL_DATE, 1);
	ly->start[0] = day_of_millis(ucal_getMillis(c, &e));
	while (U_SUCCESS(e) && n < 13) {
		ucal_add(c, UCAL_MONTH, 1, &e);
		ly->start[++n] = day_of_millis(ucal_getMillis(c, &e));
		if (ucal_get(c, UCAL_EXTENDED_YEAR, &e) != y + CHINESE_EPOCH)
			break;
		if (ucal_get(c, UCAL_IS_LEAP_MONTH, &e))
			leap = n;
	}
	if (U_FAILURE(e) || n < 12)
		return error("lunar: ICU could not compute lunar year %d: %s",
		    y, u_errorName(e));
	ly->nmonths = n;
	ly->leap = leap;
	return 0;
}

static const struct lunar_year *
get_year(int y)
{
	struct lunar_year *ly;

	if (y < LUNAR_YEAR_MIN || y > LUNAR_YEAR_MAX) {
		error("lunar: year %d is outside %d to %d", y, LUNAR_YEAR_MIN,
		    LUNAR_YEAR_MAX);
		return NULL;
	}
	ly = &years[y - LUNAR_YEAR_MIN];
	if (ly->nmonths == 0 && load_year(y, ly) < 0) {
		ly->nmonths = 0;
		return NULL;
	}
	return ly;
}

/* Find the lunar year and month slot holding a solar day. */
static int
locate(int day, int *lyear, const struct lunar_year **out, int *slot)
{
	const struct lunar_year *ly;
	int y, m, d, k;

	date_to_ymd(day, &y, &m, &d);
	if (!(ly = get_year(y)))
		return -1;
	if (day < ly->start[0] && !(ly = get_year(--y)))
		return -1;
	for (k = 0; k < ly->nmonths - 1 && day >= ly->start[k + 1]; k++)
		;
	*lyear = y;
	*out = ly;
	*slot = k;
	return 0;
}

int
lunar_from_solar(int day, struct lunar_date *out)
{
	const struct lunar_year *ly;
	int y, k;

	if (locate(day, &y, &ly, &k) < 0)
		return -1;
	out->year = y;
	out->day = day - ly->start[k] + 1;
	out->leap = ly->leap != 0 && k == ly->leap;
	out->month = (ly->leap == 0 || k < ly->leap) ? k + 1 : k;
	return 0;
}

int
lunar_month_of(int day, int *first, int *ndays)
{
	const struct lunar_year *ly;
	int y, k;

	if (locate(day, &y, &ly, &k) < 0)
		return -1;
	*first = ly->start[k];
	*ndays = ly->start[k + 1] - ly->start[k];
	return 0;
}

int
lunar_to_solar(int lyear, int lmonth, int lday, int leap, int *day)
{
	const struct lunar_year *ly;
	int k, len;

	if (lmonth < 1 || lmonth > 12 || lday < 1 || lday > 30)
		return error("lunar: %d/%d/%d is not a lunar date", lday,
		    lmonth, lyear);
	if (!(ly = get_year(lyear)))
		return -1;
	if (leap && ly->leap != lmonth)
		return error("lunar: year %d has no leap month %d", lyear,
		    lmonth);
	k = lmonth - 1;
	if (leap || (ly->leap != 0 && lmonth > ly->leap))
		k++;
	len = ly->start[k + 1] - ly->start[k];
	if (lday > len)
		return error("lunar: month %d%s of year %d has only %d days",
		    lmonth, leap ? " (leap)" : "", lyear, len);
	*day = ly->start[k] + lday - 1;
	return 0;
}

int
lunar_leap_month(int lyear, int *month)
{
	const struct lunar_year *ly = get_year(lyear);

	if (!ly)
		return -1;
	*month = ly->leap;
	return 0;
}

char *
lunar_format(const struct lunar_date *d, char *buf, size_t size)
{
	snprintf(buf, size, "%d/%d%s", d->day, d->month,
	    d->leap ? " nhuận" : "");
	return buf;
}

char *
lunar_year_name(int lyear, char *buf, size_t size)
{
	static const char *stems[] = { "Giáp", "Ất", "Bính", "Đinh", "Mậu",
		"Kỷ", "Canh", "Tân", "Nhâm", "Quý" };
	static const char *branches[] = { "Tý", "Sửu", "Dần", "Mão", "Thìn",
		"Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi" };
	int s = ((lyear - 4) % 10 + 10) % 10;
	int b = ((lyear - 4) % 12 + 12) % 12;

	snprintf(buf, size, "%s %s", stems[s], branches[b]);
	return buf;
}
