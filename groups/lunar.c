/*
 * lunar.c - the Vietnamese lunar calendar computed from the positions of
 * the sun and the moon, with a table of month starts filled one lunar
 * year at a time.
 *
 * New moons: Meeus, Astronomical Algorithms (2nd ed.), chapter 49 (mean
 * phase, the main periodic terms, the planetary terms). The sun's
 * apparent longitude: chapter 25, low precision (about 0.01 degree, a
 * quarter of an hour in time). Terrestrial time to universal time with
 * the Espenak-Meeus polynomials for Delta T. Days are reckoned at the
 * meridian of UTC+7.
 *
 * The rules: a month begins on the local day of a new moon; month 11
 * holds the December solstice; from one month 11 to the next there are 12
 * or 13 months, and in a 13-month span the first month in which the sun
 * enters no new 30-degree sign (no major solar term) is leap and repeats
 * the number of the month before it.
 */
#include "groups/lunar.h"

#include <math.h>
#include <stdio.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"

#define TZ_HOURS 7.0            /* the calendar's meridian: UTC+7 */
#define JD_UNIX_EPOCH 2440587.5 /* Julian day of 1970-01-01 00:00 UT */
#define JD_J2000 2451545.0
#define SYNODIC_MONTH 29.530588861
#define DEG (M_PI / 180.0)

/* One lunar year: start[k] is the first day of month slot k, and
 * start[nmonths] the first day of the next year. Slot `leap` (when not 0)
 * is the leap month, which repeats month number `leap`. */
struct lunar_year {
	int nmonths;            /* 12 or 13; 0 while not loaded */
	int leap;
	int start[14];
};

/* The months from the month 11 holding one December solstice to the one
 * holding the next: lunation numbers k0 .. k0 + n - 1; index leap_i (1 ..
 * n - 1, or 0 when n is 12) is the leap month. */
struct span {
	int k0, n, leap_i;
};

static struct lunar_year years[LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1];

/* ------------------------------------------------------------------ */
/* Astronomy                                                           */

/* Delta T = TT - UT in seconds for a decimal year, 1900 to 2200
 * (Espenak and Meeus; extrapolated after 2005). */
static double
delta_t(double y)
{
	double t;

	if (y < 1920) {
		t = y - 1900;
		return -2.79 + t * (1.494119 + t * (-0.0598939 +
		    t * (0.0061966 - 0.000197 * t)));
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + t * (0.84493 + t * (-0.0761 + 0.0020936 * t));
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + t * (0.3345 + t * (-0.060374 + t * (0.0017275 +
		    t * (0.000651814 + 0.00002373599 * t))));
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	t = (y - 1820) / 100;
	return -20 + 32 * t * t - (y < 2150 ? 0.5628 * (2150 - y) : 0);
}

/* Delta T in days at Julian day jd. */
static double
delta_t_days(double jd)
{
	return delta_t(2000.0 + (jd - JD_J2000) / 365.25) / 86400.0;
}

/* The sun's apparent longitude in degrees, 0 <= l < 360, at Julian
 * ephemeris day jde (Meeus ch. 25, low precision). */
static double
sun_longitude(double jde)
{
	double t = (jde - JD_J2000) / 36525.0;
	double l0 = 280.46646 + t * (36000.76983 + 0.0003032 * t);
	double m = (357.52911 + t * (35999.05029 - 0.0001537 * t)) * DEG;
	double c = (1.914602 - t * (0.004817 + 0.000014 * t)) * sin(m) +
	    (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000289 * sin(3 * m);
	double omega = (125.04 - 1934.136 * t) * DEG;
	double l = l0 + c - 0.00569 - 0.00478 * sin(omega);

	return l - 360.0 * floor(l / 360.0);
}

/* Periodic terms of the new moon (Meeus table 49.A): coefficient in days,
 * power of E, and multiples of M (sun's mean anomaly), M' (moon's), F
 * (moon's argument of latitude) and Omega. */
static const struct {
	double coef;
	int e, m, mm, f, om;
} nm_terms[] = {
	{ -0.40720, 0, 0, 1, 0, 0 }, { 0.17241, 1, 1, 0, 0, 0 },
	{ 0.01608, 0, 0, 2, 0, 0 }, { 0.01039, 0, 0, 0, 2, 0 },
	{ 0.00739, 1, -1, 1, 0, 0 }, { -0.00514, 1, 1, 1, 0, 0 },
	{ 0.00208, 2, 2, 0, 0, 0 }, { -0.00111, 0, 0, 1, -2, 0 },
	{ -0.00057, 0, 0, 1, 2, 0 }, { 0.00056, 1, 1, 2, 0, 0 },
	{ -0.00042, 0, 0, 3, 0, 0 }, { 0.00042, 1, 1, 0, 2, 0 },
	{ 0.00038, 1, 1, 0, -2, 0 }, { -0.00024, 1, -1, 2, 0, 0 },
	{ -0.00017, 0, 0, 0, 0, 1 }, { -0.00007, 0, 2, 1, 0, 0 },
	{ 0.00004, 0, 0, 2, -2, 0 }, { 0.00004, 0, 3, 0, 0, 0 },
	{ 0.00003, 0, 1, 1, -2, 0 }, { 0.00003, 0, 0, 2, 2, 0 },
	{ -0.00003, 0, 1, 1, 2, 0 }, { 0.00003, 0, -1, 1, 2, 0 },
	{ -0.00002, 0, -1, 1, -2, 0 }, { -0.00002, 0, 1, 3, 0, 0 },
	{ 0.00002, 0, 0, 4, 0, 0 },
};

/* Planetary terms (Meeus, "additional corrections for all phases"):
 * argument a + b k in degrees, coefficient in days. The first argument
 * also has -0.009173 T^2. */
static const struct {
	double a, b, coef;
} nm_planets[] = {
	{ 299.77, 0.107408, 0.000325 }, { 251.88, 0.016321, 0.000165 },
	{ 251.83, 26.651886, 0.000164 }, { 349.42, 36.412478, 0.000126 },
	{ 84.66, 18.206239, 0.000110 }, { 141.74, 53.303771, 0.000062 },
	{ 207.14, 2.453732, 0.000060 }, { 154.84, 7.306860, 0.000056 },
	{ 34.52, 27.261239, 0.000047 }, { 207.19, 0.121824, 0.000042 },
	{ 291.34, 1.844379, 0.000040 }, { 161.72, 24.198154, 0.000037 },
	{ 239.56, 25.513099, 0.000035 }, { 331.55, 3.592518, 0.000023 },
};

/* The sum of the periodic terms for lunation k at time t (centuries). */
static double
nm_periodic(double k, double t)
{
	double t2 = t * t, t3 = t2 * t, t4 = t3 * t, sum = 0;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
	double mm = 201.5643 + 385.81693528 * k + 0.0107582 * t2 +
	    0.00001238 * t3 - 0.000000058 * t4;
	double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 -
	    0.00000227 * t3 + 0.000000011 * t4;
	double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 +
	    0.00000215 * t3;

	for (size_t i = 0; i < sizeof nm_terms / sizeof nm_terms[0]; i++) {
		double arg = nm_terms[i].m * m + nm_terms[i].mm * mm +
		    nm_terms[i].f * f + nm_terms[i].om * om;

		sum += nm_terms[i].coef * pow(e, nm_terms[i].e) *
		    sin(fmod(arg, 360.0) * DEG);
	}
	for (size_t i = 0; i < sizeof nm_planets / sizeof nm_planets[0]; i++) {
		double arg = nm_planets[i].a + nm_planets[i].b * k -
		    (i == 0 ? 0.009173 * t2 : 0);

		sum += nm_planets[i].coef * sin(fmod(arg, 360.0) * DEG);
	}
	return sum;
}

/* The Julian day (UT) of new moon number k; k = 0 is the new moon of
 * 2000-01-06. */
static double
new_moon_jd(int k)
{
	double t = k / 1236.85, t2 = t * t;
	double jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t2 -
	    0.000000150 * t2 * t + 0.00000000073 * t2 * t2;

	jde += nm_periodic(k, t);
	return jde - delta_t_days(jde);
}

/* The local day number of a moment given as a Julian day (UT). */
static int
local_day(double jd)
{
	return (int)floor(jd - JD_UNIX_EPOCH + TZ_HOURS / 24.0);
}

/* The sun's longitude at the local midnight that begins day. */
static double
sun_at_midnight(int day)
{
	double jd = JD_UNIX_EPOCH + day - TZ_HOURS / 24.0;

	return sun_longitude(jd + delta_t_days(jd));
}

static int
new_moon_day(int k)
{
	return local_day(new_moon_jd(k));
}

/* The lunation whose month holds local day `day`. */
static int
lunation_of(int day)
{
	int k = (int)floor((JD_UNIX_EPOCH + day - 2451550.1) / SYNODIC_MONTH);

	while (new_moon_day(k) > day)
		k--;
	while (new_moon_day(k + 1) <= day)
		k++;
	return k;
}

/* The local day of the December solstice of year y: the sun's longitude
 * reaches 270 degrees. A few Newton steps from Dec 21 (the sun moves
 * about 1.02 degrees a day there). */
static int
solstice_day(int y)
{
	double jd = JD_UNIX_EPOCH + date_from_ymd(y, 12, 21);

	for (int i = 0; i < 5; i++) {
		double d = 270.0 - sun_longitude(jd + delta_t_days(jd));

		jd += remainder(d, 360.0) / 1.02;
	}
	return local_day(jd);
}

/* 1 when the sun enters a new sign (a major solar term) during the
 * month of days first .. next - 1. */
static int
has_major_term(int first, int next)
{
	return floor(sun_at_midnight(first) / 30.0) !=
	    floor(sun_at_midnight(next) / 30.0);
}

/* The months from the month 11 of year y - 1 to the month 11 of year y. */
static int
span_of(int y, struct span *s)
{
	s->k0 = lunation_of(solstice_day(y - 1));
	s->n = lunation_of(solstice_day(y)) - s->k0;
	s->leap_i = 0;
	if (s->n == 12)
		return 0;
	for (int i = 1; i < s->n && s->n == 13; i++) {
		if (!has_major_term(new_moon_day(s->k0 + i),
		    new_moon_day(s->k0 + i + 1))) {
			s->leap_i = i;
			return 0;
		}
	}
	return error("lunar: cannot place the months of %d (%d months "
	    "between solstices)", y, s->n);
}

/* The index in span s of its month 1: after 11 and 12, and after a leap
 * 11 or 12. */
static int
span_month1(const struct span *s)
{
	return (s->leap_i == 1 || s->leap_i == 2) ? 3 : 2;
}

/* ------------------------------------------------------------------ */
/* The table of lunar years                                            */

/* Lunar year y runs from month 1 in the span ending at month 11 of y to
 * month 1 in the next span. */
static int
load_year(int y, struct lunar_year *ly)
{
	struct span a, b;
	int first, n;

	if (span_of(y, &a) < 0 || span_of(y + 1, &b) < 0)
		return -1;
	first = a.k0 + span_month1(&a);
	n = b.k0 + span_month1(&b) - first;
	ly->leap = 0;
	if (a.leap_i > 2)
		ly->leap = a.k0 + a.leap_i - first;
	else if (b.leap_i == 1 || b.leap_i == 2)
		ly->leap = b.k0 + b.leap_i - first;
	for (int i = 0; i <= n; i++)
		ly->start[i] = new_moon_day(first + i);
	ly->nmonths = n;
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
	/* Early in the Gregorian year after the last lunar year, the days
	 * still belong to it. */
	if (y == LUNAR_YEAR_MAX + 1) {
		if (!(ly = get_year(--y)))
			return -1;
		if (day >= ly->start[ly->nmonths])
			return error("lunar: year %d is outside %d to %d",
			    y + 1, LUNAR_YEAR_MIN, LUNAR_YEAR_MAX);
	} else if (!(ly = get_year(y)))
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

/* ------------------------------------------------------------------ */
/* Public functions                                                    */

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
lunar_new_moon(int day, time_t *t)
{
	int first, ndays;

	if (lunar_month_of(day, &first, &ndays) < 0)
		return -1;
	*t = (time_t)floor((new_moon_jd(lunation_of(first)) - JD_UNIX_EPOCH) *
	    86400.0 + 0.5);
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
	if (lday > len && leap)
		return error("lunar: leap month %d of year %d has only %d days",
		    lmonth, lyear, len);
	if (lday > len)
		return error("lunar: month %d of year %d has only %d days",
		    lmonth, lyear, len);
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
lunar_show(const struct lunar_date *d, char *buf, size_t size)
{
	if (d->leap)
		/* TRANSLATORS: a lunar date in a leap month, day/month. */
		snprintf(buf, size, _("%d/%d lunar, leap month"), d->day,
		    d->month);
	else
		/* TRANSLATORS: a lunar date, day/month ("15/11 âm lịch"). */
		snprintf(buf, size, _("%d/%d lunar"), d->day, d->month);
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
