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
 * The calendar comes from ICU's "chinese" calendar, which is computed for
 * China's meridian (UTC+8). The Vietnamese calendar is computed for UTC+7
 * and, very rarely, puts a new moon or a leap month a day or a month
 * apart from the Chinese one (Tết 1985 and Tết 2007, for example);
 * this module gives the Chinese one.
 *
 * Month boundaries are computed with ICU once per lunar year and kept, so
 * conversions after the first in a year are table look-ups. The module
 * keeps that table and one ICU calendar in static storage: it is not
 * thread-safe.
 *
 * Supported lunar years: LUNAR_YEAR_MIN .. LUNAR_YEAR_MAX. Errors: -1
 * after one error() message.
 */
#ifndef SHG_LUNAR_H
#define SHG_LUNAR_H

#include <stddef.h>

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

/* Which month of lunar year lyear is leap: 0 when the year has none. */
int lunar_leap_month(int lyear, int *month);

/* "15/8", or "1/2 nhuận" in a leap month: day/month as Vietnamese write
 * lunar dates. Returns buf; 24 bytes are always enough. */
char *lunar_format(const struct lunar_date *d, char *buf, size_t size);

/* The sexagenary name of a lunar year: 2024 -> "Giáp Thìn". Returns buf;
 * 24 bytes are always enough. */
char *lunar_year_name(int lyear, char *buf, size_t size);

#endif
