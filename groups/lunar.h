/*
 * lunar.h - the lunisolar calendar (âm lịch): converting day numbers to
 * lunar dates and back, for meetings on the 15th of the lunar month and
 * holidays such as Tết (lunar 1/1).
 *
 * Dates on the solar side are day numbers (core/clock.h). A lunar date is
 * a year, a month 1..12, a day 1..30 and a leap flag: a leap month (tháng
 * nhuận) repeats the number of the month before it, so 2023 has months
 * 1, 2, 2 (leap), 3, ... 12.
 *
 * The year is the Gregorian year in which the lunar year begins: lunar
 * 1/1/2024 (Giáp Thìn) is 2024-02-10, and 2025-01-28 is still in lunar
 * year 2024 (30/12).
 *
 * The calendar is the Vietnamese one, computed here from the sun and the
 * moon for the meridian of UTC+7 (Hanoi): a month begins on the day of
 * the new moon in Vietnam, month 11 holds the December solstice, and in a
 * year of 13 months the first month in which the sun enters no new sign
 * of the zodiac (no major solar term) is the leap month. China's calendar
 * is computed for UTC+8 and differs on the months whose new moon falls
 * between 23:00 and midnight in Vietnam (about one month in thirty: Tết
 * 2007 is 2007-02-17 here, 2007-02-18 in China), and very rarely by a
 * whole month when the leap month falls elsewhere (Tết 1985 is 1985-01-21
 * here, 1985-02-20 in China). New moons are computed to within a minute
 * or two (Meeus, Astronomical Algorithms, ch. 49), so a month whose new
 * moon falls within minutes of midnight is the only place where this
 * calendar could be a day off.
 *
 * ICU's "chinese" calendar, which libical uses for RSCALE=CHINESE rules,
 * follows China's meridian and an approximate astronomy (it puts Tết 2027
 * on 2027-02-07 where the new moon is on 2027-02-06 at 22:56 in Hanoi):
 * groups/recur.c therefore walks every lunar rule with this module.
 *
 * Checked against a separate implementation of Hồ Ngọc Đức's algorithm
 * for every month 1901-2199 (tests/data/lunar_vn.tsv): they agree but for
 * nine months whose new moon falls within three minutes of midnight.
 *
 * Month boundaries are computed once per lunar year and kept, so
 * conversions after the first in a year are table look-ups (a year costs
 * some thirty new moons and a few dozen solar longitudes: microseconds).
 * The table is in static storage: the module is not thread-safe.
 *
 * Supported lunar years: LUNAR_YEAR_MIN .. LUNAR_YEAR_MAX. Errors: -1
 * after one error() message.
 */
#ifndef SHG_LUNAR_H
#define SHG_LUNAR_H

#include <stddef.h>
#include <time.h>

#define LUNAR_YEAR_MIN 1901
#define LUNAR_YEAR_MAX 2199

struct lunar_date {
	int year;       /* Gregorian year in which the lunar year begins */
	int month;      /* 1 .. 12 */
	int day;        /* 1 .. 30 */
	int leap;       /* 1 in a leap month, else 0 */
};

/* The lunar date of a solar day. */
int lunar_from_solar(int day, struct lunar_date *out);

/* The solar day of a lunar date. Fails, saying why, when the date does not
 * exist: day 30 of a 29-day month, or a leap month the year does not
 * have. */
int lunar_to_solar(int lyear, int lmonth, int lday, int leap, int *day);

/* The lunar month containing a solar day: its first day and its length
 * (29 or 30). For walking month by month: the next month starts at
 * *first + *ndays. */
int lunar_month_of(int day, int *first, int *ndays);

/* The moment of the new moon that begins the lunar month holding day, in
 * Unix seconds (UTC), as computed here: within a few minutes of the true
 * one. */
int lunar_new_moon(int day, time_t *t);

/* Which month of lunar year lyear is leap: 0 when the year has none. */
int lunar_leap_month(int lyear, int *month);

/* "15/8", or "1/2 nhuận" in a leap month: day/month as Vietnamese write
 * lunar dates. Returns buf; 24 bytes are always enough. */
char *lunar_format(const struct lunar_date *d, char *buf, size_t size);
/* The same for the user to read, in the language in effect: "15/8
 * lunar", "15/8 âm lịch" (lunar_format stays Vietnamese for SMS).
 * Returns buf; 48 bytes are always enough. */
char *lunar_show(const struct lunar_date *d, char *buf, size_t size);

/* The sexagenary name of a lunar year: 2024 -> "Giáp Thìn". Returns buf;
 * 24 bytes are always enough. */
char *lunar_year_name(int lyear, char *buf, size_t size);

#endif
