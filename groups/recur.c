/*
 * recur.c - schedules: the short forms, RRULE checks through libical,
 * walking occurrences (libical, or for every lunar rule the lunar month
 * table, so that they follow Vietnam's calendar rather than ICU's), and
 * holidays.
 */
#include "groups/recur.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libical/ical.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/lunar.h"

#define MAX_WORDS 8

struct icalrecurrencetype;
static int is_lunar(const struct icalrecurrencetype *r);
static int lunar_check(const char *in, const struct icalrecurrencetype *r);
#define ICAL_END ICAL_RECURRENCE_ARRAY_MAX

/* ------------------------------------------------------------------ */
/* Short forms                                                         */

struct words {
	char buf[RECUR_RRULE_MAX];
	char *w[MAX_WORDS];
	int n;
};

static const struct {
	const char *name, *name2, *vn, *code;
} weekdays[] = {
	{ "mon", "monday", "t2", "MO" },
	{ "tue", "tuesday", "t3", "TU" },
	{ "wed", "wednesday", "t4", "WE" },
	{ "thu", "thursday", "t5", "TH" },
	{ "fri", "friday", "t6", "FR" },
	{ "sat", "saturday", "t7", "SA" },
	{ "sun", "sunday", "cn", "SU" },
};

static const struct {
	const char *name, *name2;
	int pos;
} ordinals[] = {
	{ "1st", "first", 1 }, { "2nd", "second", 2 }, { "3rd", "third", 3 },
	{ "4th", "fourth", 4 }, { "5th", "fifth", 5 }, { "last", "last", -1 },
};

/* Split a short form into lowercase words. */
static int
split_words(const char *in, struct words *ws)
{
	char *save = NULL, *p;
	size_t i;

	if (strlen(in) >= sizeof ws->buf)
		return error("schedule: \"%.40s...\" is too long", in);
	for (i = 0; in[i]; i++)
		ws->buf[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ?
		    in[i] - 'A' + 'a' : in[i]);
	ws->buf[i] = '\0';
	ws->n = 0;
	for (p = strtok_r(ws->buf, " \t", &save); p;
	    p = strtok_r(NULL, " \t", &save)) {
		if (ws->n == MAX_WORDS)
			return error("schedule: \"%s\" has too many words", in);
		ws->w[ws->n++] = p;
	}
	return 0;
}

static const char *
weekday_code(const char *s)
{
	for (size_t i = 0; i < NELEM(weekdays); i++)
		if (strcmp(s, weekdays[i].name) == 0 ||
		    strcmp(s, weekdays[i].name2) == 0 ||
		    strcmp(s, weekdays[i].vn) == 0)
			return weekdays[i].code;
	return NULL;
}

/* "mon,thu" -> "BYDAY=MO,TH", each prefixed with pos when pos != 0. */
static int
add_weekdays(const char *in, const char *list, int pos, struct buf *b)
{
	char copy[RECUR_RRULE_MAX], *save = NULL, *p;
	const char *code;
	int first = 1;

	snprintf(copy, sizeof copy, "%s", list);
	buf_add(b, ";BYDAY=");
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (!(code = weekday_code(p)))
			return error("schedule: \"%s\" \"%s\" is not a day of "
			    "the week (mon .. sun)", in, p);
		if (!first)
			buf_addc(b, ',');
		if (pos)
			buf_addf(b, "%d", pos);
		buf_add(b, code);
		first = 0;
	}
	if (first)
		return error("schedule: \"%s\" names no day of the week", in);
	return 0;
}

/* "5,20" -> ";BYMONTHDAY=5,20", each 1 .. max. *late is set for a day
 * from 29 on, which some months lack; 31 becomes -1 (the last day) when
 * last31 is set. */
static int
add_monthdays(const char *in, const char *list, int max, int last31,
    int *late, struct buf *b)
{
	char copy[RECUR_RRULE_MAX], *save = NULL, *p;
	int v, first = 1;

	snprintf(copy, sizeof copy, "%s", list);
	buf_add(b, ";BYMONTHDAY=");
	*late = 0;
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (parse_int(p, 1, max, &v) < 0 && max == 30)
			return error("schedule: \"%s\" lunar day of month must "
			    "be 1 to %d", in, max);
		if (parse_int(p, 1, max, &v) < 0)
			return error("schedule: \"%s\" day of month must be "
			    "1 to %d", in, max);
		if (last31 && v == 31)
			v = -1;
		else if (v >= 29)
			*late = 1;
		buf_addf(b, "%s%d", first ? "" : ",", v);
		first = 0;
	}
	if (first)
		return error("schedule: \"%s\" names no day of the month", in);
	return 0;
}

static int
ordinal_pos(const char *s)
{
	for (size_t i = 0; i < NELEM(ordinals); i++)
		if (strcmp(s, ordinals[i].name) == 0 ||
		    strcmp(s, ordinals[i].name2) == 0)
			return ordinals[i].pos;
	return 0;
}

/* After "monthly" or "every N months": "5", "5,20" or "2nd tue". */
static int
month_spec(const char *in, char **w, int n, int interval, struct buf *b)
{
	struct buf body = { 0 };
	int pos, late = 0, ret = -1;

	buf_add(&body, "FREQ=MONTHLY");
	if (interval > 1)
		buf_addf(&body, ";INTERVAL=%d", interval);
	if (n == 1)
		ret = add_monthdays(in, w[0], 31, 1, &late, &body);
	else if (n == 2 && (pos = ordinal_pos(w[0])) != 0)
		ret = add_weekdays(in, w[1], pos, &body);
	else if (n == 2)
		error("schedule: \"%s\" \"%s\" is not 1st, 2nd, 3rd, 4th, 5th "
		    "or last", in, w[0]);
	else
		error("schedule: \"%s\" needs a day of the month or a weekday, "
		    "as in \"monthly 5\" or \"monthly 2nd tue\"", in);
	if (ret == 0)
		buf_addf(b, "%s%s%s", late ? "RSCALE=GREGORIAN;" : "", body.s,
		    late ? ";SKIP=BACKWARD" : "");
	buf_free(&body);
	return ret;
}

static int
week_spec(const char *in, char **w, int n, int interval, struct buf *b)
{
	if (n != 1)
		return error("schedule: \"%s\" needs days of the week, as in "
		    "\"weekly wed\" or \"weekly mon,thu\"", in);
	buf_add(b, "FREQ=WEEKLY");
	if (interval > 1)
		buf_addf(b, ";INTERVAL=%d", interval);
	return add_weekdays(in, w[0], 0, b);
}

static int
form_monthly(const char *in, char **w, int n, struct buf *b)
{
	return month_spec(in, w + 1, n - 1, 1, b);
}

static int
form_weekly(const char *in, char **w, int n, struct buf *b)
{
	return week_spec(in, w + 1, n - 1, 1, b);
}

/* "every 2 weeks wed", "every 3 months 5". */
static int
form_every(const char *in, char **w, int n, struct buf *b)
{
	int k;

	if (n < 3)
		return error("schedule: \"%s\" needs a number and weeks or "
		    "months, as in \"every 2 weeks wed\"", in);
	if (parse_int(w[1], 1, 99, &k) < 0)
		return error("schedule: \"%s\" \"%s\" is not a number from 1 "
		    "to 99", in, w[1]);
	if (strcmp(w[2], "week") == 0 || strcmp(w[2], "weeks") == 0)
		return week_spec(in, w + 3, n - 3, k, b);
	if (strcmp(w[2], "month") == 0 || strcmp(w[2], "months") == 0)
		return month_spec(in, w + 3, n - 3, k, b);
	return error("schedule: \"%s\" \"%s\" should be weeks or months", in,
	    w[2]);
}

static int
form_lunar(const char *in, char **w, int n, struct buf *b)
{
	int late;

	if (n != 2)
		return error("schedule: \"%s\" needs a lunar day, as in "
		    "\"lunar 15\" or \"lunar 1,15\"", in);
	buf_add(b, "RSCALE=CHINESE;FREQ=MONTHLY");
	if (add_monthdays(in, w[1], 30, 0, &late, b) < 0)
		return -1;
	if (late)
		buf_add(b, ";SKIP=BACKWARD");
	return 0;
}

static const struct {
	const char *word;
	int (*parse)(const char *, char **, int, struct buf *);
} forms[] = {
	{ "monthly", form_monthly },
	{ "weekly", form_weekly },
	{ "every", form_every },
	{ "lunar", form_lunar },
};

/* A short form into RRULE text in b, and its time (if any) into out. */
static int
parse_short(const char *in, struct buf *b, struct recur_rule *out)
{
	struct words ws;

	if (split_words(in, &ws) < 0)
		return -1;
	if (ws.n > 1 && strchr(ws.w[ws.n - 1], ':')) {
		if (time_of_day_parse(ws.w[ws.n - 1], &out->start_minutes) < 0)
			return error("schedule: \"%s\" \"%s\" is not a time of "
			    "day (HH:MM)", in, ws.w[ws.n - 1]);
		ws.n--;
	}
	for (size_t i = 0; ws.n > 0 && i < NELEM(forms); i++)
		if (strcmp(ws.w[0], forms[i].word) == 0)
			return forms[i].parse(in, ws.w, ws.n, b);
	return error("schedule: \"%s\" is not a schedule: write an RRULE or "
	    "\"monthly 5 08:00\", \"monthly 2nd tue 14:00\", \"weekly wed "
	    "08:00\", \"every 2 weeks wed\" or \"lunar 15 08:00\"", in);
}

/* ------------------------------------------------------------------ */
/* RRULE text                                                          */

static struct icaltimetype
ical_date(int day)
{
	struct icaltimetype t = icaltime_null_time();

	date_to_ymd(day, &t.year, &t.month, &t.day);
	t.is_date = 1;
	return t;
}

static int
ical_day(struct icaltimetype t)
{
	return date_from_ymd(t.year, t.month, t.day);
}

/* Read RRULE text; out->freq is ICAL_NO_RECURRENCE when it is not one. */
static int
rule_read(const char *in, const char *text, struct icalrecurrencetype *out)
{
	icalerror_clear_errno();
	*out = icalrecurrencetype_from_string(text);
	if (out->freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
		free(out->rscale);
		out->rscale = NULL;
		return error("schedule: \"%s\" is not a valid recurrence rule",
		    in);
	}
	return 0;
}

/* Refuse what makes no sense for meetings. */
static int
rule_usable(const char *in, const struct icalrecurrencetype *r)
{
	if (r->freq < ICAL_DAILY_RECURRENCE)
		return error("schedule: \"%s\" repeats more often than daily",
		    in);
	if (r->by_hour[0] != ICAL_END || r->by_minute[0] != ICAL_END ||
	    r->by_second[0] != ICAL_END)
		return error("schedule: \"%s\" sets a time of day: give the "
		    "start time separately", in);
	return 0;
}

/* rule_usable, and what libical cannot walk (a 9th Tuesday, an unknown
 * calendar). */
static int
rule_check(const char *in, struct icalrecurrencetype *r)
{
	icalrecur_iterator *it;

	if (rule_usable(in, r) < 0)
		return -1;
	if (is_lunar(r))
		return lunar_check(in, r);
	if (!(it = icalrecur_iterator_new(*r, ical_date(date_from_ymd(2024,
	    1, 1)))))
		return error("schedule: \"%s\" is not a valid recurrence rule",
		    in);
	icalrecur_iterator_free(it);
	return 0;
}

/* Check RRULE text and store libical's canonical spelling of it. */
static int
canonical(const char *in, const char *text, struct recur_rule *out)
{
	struct icalrecurrencetype r;
	char *s = NULL;
	int ret = -1;

	if (rule_read(in, text, &r) < 0)
		return -1;
	if (rule_check(in, &r) < 0)
		goto out;
	for (char *p = r.rscale; p && *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (!(s = icalrecurrencetype_as_string_r(&r)) ||
	    strlen(s) >= sizeof out->rrule) {
		error("schedule: \"%s\" is too long", in);
		goto out;
	}
	strcpy(out->rrule, s);
	ret = 0;
out:
	free(s);
	free(r.rscale);
	return ret;
}

int
recur_parse(const char *input, struct recur_rule *out)
{
	char in[RECUR_RRULE_MAX * 2];
	struct buf b = { 0 };
	const char *text;
	int ret;

	if (input && strlen(input) >= sizeof in)
		return error("schedule: \"%.40s...\" is too long", input);
	/* Copied first: input may be out->rrule. */
	snprintf(in, sizeof in, "%s", input ? input : "");
	str_trim(in);
	out->rrule[0] = '\0';
	out->start_minutes = -1;
	if (in[0] == '\0')
		return error("schedule: empty");
	text = in;
	if (strncasecmp(text, "RRULE:", 6) == 0)
		text += 6;
	if (strchr(text, '='))
		return canonical(in, text, out);
	ret = parse_short(in, &b, out);
	if (ret == 0)
		ret = canonical(in, b.s, out);
	buf_free(&b);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Walking occurrences                                                 */

struct recur_iter {
	char text[RECUR_RRULE_MAX];     /* for messages */
	struct icalrecurrencetype rule;
	int dtstart;
	int min_day;            /* occurrences before it are passed over */
	int last, has_last;     /* libical may repeat a day: drop repeats */
	icalrecur_iterator *ical;       /* NULL on the lunar path */
	/* Lunar path (groups/lunar.h): the rule's months (number, leap) and
	 * days, the period being walked (a lunar month or year) and its
	 * days in the rule, in order, with the next of them. */
	int lunar;
	int months[ICAL_BY_MONTH_SIZE][2], nmonths, all_months;
	int mdays[ICAL_BY_MONTHDAY_SIZE], nmdays;
	int skip, count, emitted, until, interval;
	int cal_end, cut;       /* the calendar's last day; walked to it */
	int month_first, year;          /* the period: a month or a year */
	int idx, ncand;
	int cand[ICAL_BY_MONTH_SIZE * ICAL_BY_MONTHDAY_SIZE];
	/* Plain path (see plain_kind): what the rule names. */
	int plain;              /* enum plain_kind */
	int weekday;            /* 0 Sunday .. 6 Saturday */
	int monthday;           /* 1 to 28 */
	int nth;                /* 1 to 4, or -1 for the last */
};

/*
 * The rules most groups have are walked without libical: weekly on one
 * weekday, monthly on one day (1 to 28) or on one weekday of the month
 * (1st to 4th or last), every week or month from DTSTART on, no COUNT,
 * UNTIL or other parts. Their days are plain arithmetic, which gives the
 * same days as libical (tests/test_recur.c compares them) without
 * libical's iterator and its ICU calendar, which cost about 20 µs to
 * set up for each rule: a scheduler pass looks at every group's rule.
 */
enum plain_kind { PLAIN_NONE, PLAIN_WEEKLY, PLAIN_MONTHDAY, PLAIN_NTH };

static int
list_len(const short *v, int max)
{
	int n = 0;

	while (n < max && v[n] != ICAL_END)
		n++;
	return n;
}

static enum plain_kind
plain_kind(const struct icalrecurrencetype *r)
{
	int ndays = list_len(r->by_day, ICAL_BY_DAY_SIZE);
	int nmdays = list_len(r->by_month_day, ICAL_BY_MONTHDAY_SIZE);
	int pos = ndays ? icalrecurrencetype_day_position(r->by_day[0]) : 0;

	if (r->rscale || r->interval > 1 || r->count || !icaltime_is_null_time(
	    r->until) || r->by_year_day[0] != ICAL_END ||
	    r->by_week_no[0] != ICAL_END || r->by_month[0] != ICAL_END ||
	    r->by_set_pos[0] != ICAL_END || ndays + nmdays != 1)
		return PLAIN_NONE;
	if (r->freq == ICAL_WEEKLY_RECURRENCE && ndays && pos == 0)
		return PLAIN_WEEKLY;
	if (r->freq != ICAL_MONTHLY_RECURRENCE)
		return PLAIN_NONE;
	if (nmdays)
		return r->by_month_day[0] >= 1 && r->by_month_day[0] <= 28 ?
		    PLAIN_MONTHDAY : PLAIN_NONE;
	return (pos >= 1 && pos <= 4) || pos == -1 ? PLAIN_NTH : PLAIN_NONE;
}

static void
plain_setup(struct recur_iter *it)
{
	const struct icalrecurrencetype *r = &it->rule;

	it->plain = plain_kind(r);
	if (it->plain == PLAIN_MONTHDAY)
		it->monthday = r->by_month_day[0];
	if (it->plain == PLAIN_WEEKLY || it->plain == PLAIN_NTH) {
		/* libical: 1 Sunday .. 7 Saturday */
		it->weekday = (int)icalrecurrencetype_day_day_of_week(
		    r->by_day[0]) - 1;
		it->nth = icalrecurrencetype_day_position(r->by_day[0]);
	}
}

/* The rule's day in month m of year y. */
static int
plain_in_month(const struct recur_iter *it, int y, int m)
{
	int first, last, d;

	if (it->plain == PLAIN_MONTHDAY)
		return date_from_ymd(y, m, it->monthday);
	if (it->nth > 0) {
		first = date_from_ymd(y, m, 1);
		d = first + (it->weekday - date_weekday(first) + 7) % 7;
		return d + 7 * (it->nth - 1);
	}
	last = date_from_ymd(y, m, date_days_in_month(y, m));
	return last - (date_weekday(last) - it->weekday + 7) % 7;
}

/* The first day of the rule on or after day. */
static int
plain_from(const struct recur_iter *it, int day)
{
	int y, m, d, r;

	if (it->plain == PLAIN_WEEKLY)
		return day + (it->weekday - date_weekday(day) + 7) % 7;
	date_to_ymd(day, &y, &m, &d);
	if ((r = plain_in_month(it, y, m)) >= day)
		return r;
	if (++m > 12) {
		m = 1;
		y++;
	}
	return plain_in_month(it, y, m);
}

static int
plain_next(struct recur_iter *it, int *day)
{
	int from = it->min_day > it->dtstart ? it->min_day : it->dtstart;

	if (it->has_last && it->last + 1 > from)
		from = it->last + 1;
	*day = plain_from(it, from);
	it->last = *day;
	it->has_last = 1;
	return 1;
}

static int
is_lunar(const struct icalrecurrencetype *r)
{
	return r->rscale && strcasecmp(r->rscale, "CHINESE") == 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Refuse the lunar rule forms walked here cannot follow: only monthly or
 * yearly, by month and day of the month. */
static int
lunar_check(const char *in, const struct icalrecurrencetype *r)
{
	if (r->freq != ICAL_MONTHLY_RECURRENCE &&
	    r->freq != ICAL_YEARLY_RECURRENCE)
		return error("schedule: \"%s\" lunar rules must repeat "
		    "monthly or yearly", in);
	if (r->by_day[0] != ICAL_END || r->by_year_day[0] != ICAL_END ||
	    r->by_week_no[0] != ICAL_END || r->by_set_pos[0] != ICAL_END)
		return error("schedule: \"%s\" lunar rules can name only "
		    "months (BYMONTH) and days of the month (BYMONTHDAY)", in);
	for (int i = 0; i < ICAL_BY_MONTH_SIZE && r->by_month[i] != ICAL_END;
	    i++) {
		int m = icalrecurrencetype_month_month(r->by_month[i]);

		if (m < 1 || m > 12)
			return error("schedule: \"%s\" lunar month must be 1 "
			    "to 12", in);
	}
	return 0;
}

/* Take the months and days of a lunar rule; those not given come from
 * DTSTART's lunar date (RFC 5545). */
static int
lunar_setup(struct recur_iter *it)
{
	const struct icalrecurrencetype *r = &it->rule;
	struct lunar_date l;
	int first, len;

	if (lunar_check(it->text, r) < 0 ||
	    lunar_from_solar(it->dtstart, &l) < 0)
		return -1;
	for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE &&
	    r->by_month_day[i] != ICAL_END; i++)
		it->mdays[it->nmdays++] = r->by_month_day[i];
	if (it->nmdays == 0)
		it->mdays[it->nmdays++] = l.day;
	for (int i = 0; i < ICAL_BY_MONTH_SIZE && r->by_month[i] != ICAL_END;
	    i++) {
		it->months[i][0] =
		    icalrecurrencetype_month_month(r->by_month[i]);
		it->months[i][1] =
		    icalrecurrencetype_month_is_leap(r->by_month[i]) != 0;
		it->nmonths++;
	}
	if (it->nmonths == 0 && r->freq == ICAL_YEARLY_RECURRENCE &&
	    r->by_month_day[0] != ICAL_END)
		it->all_months = 1;
	else if (it->nmonths == 0 && r->freq == ICAL_YEARLY_RECURRENCE) {
		it->months[0][0] = l.month;
		it->months[0][1] = l.leap;
		it->nmonths = 1;
	}
	if (lunar_to_solar(LUNAR_YEAR_MAX, 12, 1, 0, &it->cal_end) < 0 ||
	    lunar_month_of(it->cal_end, &first, &len) < 0)
		return -1;
	it->cal_end = first + len - 1;
	it->skip = r->skip;
	it->count = r->count;
	it->interval = r->interval < 1 ? 1 : r->interval;
	it->until = icaltime_is_null_time(r->until) ? INT_MAX :
	    ical_day(r->until);
	return 0;
}

/* Add the days of the rule in the month beginning on first (len days).
 * A day the month lacks (30 in a 29-day month) is dropped, or moved to
 * the month's last day (SKIP=BACKWARD) or the next month's first
 * (SKIP=FORWARD). */
static void
lunar_add_days(struct recur_iter *it, int first, int len)
{
	for (int i = 0; i < it->nmdays; i++) {
		int v = it->mdays[i], off = v > 0 ? v - 1 : len + v;

		if (off < 0 || off >= len) {
			if (it->skip == ICAL_SKIP_OMIT)
				continue;
			if (it->skip == ICAL_SKIP_BACKWARD)
				off = off < 0 ? -1 : len - 1;
			else
				off = off < 0 ? 0 : len;
		}
		it->cand[it->ncand++] = first + off;
	}
}

/* Does the month beginning on first pass the rule's BYMONTH? */
static int
lunar_month_wanted(const struct recur_iter *it, int first)
{
	struct lunar_date l;

	if (it->nmonths == 0)
		return 1;
	if (lunar_from_solar(first, &l) < 0)
		return -1;
	for (int i = 0; i < it->nmonths; i++)
		if (it->months[i][0] == l.month && it->months[i][1] == l.leap)
			return 1;
	return 0;
}

/* Month m (leap or not) of lunar year y: its first day and length, or
 * *first INT_MIN when the year has no such leap month and the rule omits
 * it (SKIP=BACKWARD: the ordinary month; FORWARD: the month after). */
static int
lunar_year_month(const struct recur_iter *it, int y, int m, int leap,
    int *first, int *len)
{
	int lm;

	if (lunar_leap_month(y, &lm) < 0)
		return -1;
	*first = INT_MIN;
	if (leap && lm != m && it->skip == ICAL_SKIP_OMIT)
		return 0;
	if (lunar_to_solar(y, m, 1, leap && lm == m, first) < 0 ||
	    lunar_month_of(*first, first, len) < 0)
		return -1;
	if (leap && lm != m && it->skip == ICAL_SKIP_FORWARD &&
	    lunar_month_of(*first + *len, first, len) < 0)
		return -1;
	return 0;
}

/* The days of the rule in lunar year it->year. */
static int
lunar_fill_year(struct recur_iter *it)
{
	int first, len, lm;

	if (it->all_months) {
		if (lunar_leap_month(it->year, &lm) < 0 ||
		    lunar_to_solar(it->year, 1, 1, 0, &first) < 0)
			return -1;
		for (int k = 0; k < (lm ? 13 : 12); k++, first += len) {
			if (lunar_month_of(first, &first, &len) < 0)
				return -1;
			lunar_add_days(it, first, len);
		}
		return 0;
	}
	for (int i = 0; i < it->nmonths; i++) {
		if (lunar_year_month(it, it->year, it->months[i][0],
		    it->months[i][1], &first, &len) < 0)
			return -1;
		if (first != INT_MIN)
			lunar_add_days(it, first, len);
	}
	return 0;
}

/* List the days of the rule in the current period, in order. */
static int
lunar_fill(struct recur_iter *it)
{
	int first, len, w;

	it->idx = 0;
	it->ncand = 0;
	if (it->rule.freq == ICAL_YEARLY_RECURRENCE) {
		if (lunar_fill_year(it) < 0)
			return -1;
	} else {
		if (lunar_month_of(it->month_first, &first, &len) < 0 ||
		    (w = lunar_month_wanted(it, first)) < 0)
			return -1;
		if (w)
			lunar_add_days(it, first, len);
	}
	qsort(it->cand, (size_t)it->ncand, sizeof it->cand[0], cmp_int);
	return 0;
}

/* The period INTERVAL months or years after the current one: 0, or 1
 * when it is past the end of the lunar calendar (LUNAR_YEAR_MAX). */
static int
lunar_advance(struct recur_iter *it)
{
	int first, len;

	if (it->rule.freq == ICAL_YEARLY_RECURRENCE) {
		if (it->year > LUNAR_YEAR_MAX - it->interval)
			return 1;
		it->year += it->interval;
		return lunar_fill(it);
	}
	first = it->month_first;
	for (int i = 0; i < it->interval; i++) {
		if (first > it->cal_end ||
		    lunar_month_of(first, &first, &len) < 0)
			return first > it->cal_end ? 1 : -1;
		first += len;
	}
	if (first > it->cal_end)
		return 1;
	it->month_first = first;
	return lunar_fill(it);
}

/* The walk starts at DTSTART's month or year, so that COUNT counts and
 * INTERVAL counts periods from there; days before day are passed over. */
static int
lunar_seek(struct recur_iter *it, int day)
{
	struct lunar_date l;

	(void)day;
	if (lunar_from_solar(it->dtstart, &l) < 0)
		return -1;
	it->year = l.year;
	it->month_first = it->dtstart;
	it->emitted = 0;
	it->cut = 0;
	return lunar_fill(it);
}

/* A walk of rrule from DTSTART dtstart_day, positioned at from_day. */
static int
iter_open(const char *rrule, int dtstart_day, int from_day,
    struct recur_iter **out)
{
	struct recur_iter *it = xcalloc(1, sizeof *it);

	if (strncasecmp(rrule, "RRULE:", 6) == 0)
		rrule += 6;
	snprintf(it->text, sizeof it->text, "%s", rrule);
	if (rule_read(rrule, rrule, &it->rule) < 0) {
		free(it);
		return -1;
	}
	it->dtstart = dtstart_day;
	it->lunar = is_lunar(&it->rule);
	plain_setup(it);
	if (rule_usable(rrule, &it->rule) < 0 ||
	    (it->lunar && lunar_setup(it) < 0) ||
	    recur_iter_seek(it, from_day) < 0) {
		recur_iter_free(it);
		return -1;
	}
	*out = it;
	return 0;
}

int
recur_iter_new(const char *rrule, int dtstart_day, struct recur_iter **out)
{
	return iter_open(rrule, dtstart_day, dtstart_day, out);
}

void
recur_iter_free(struct recur_iter *it)
{
	if (!it)
		return;
	if (it->ical)
		icalrecur_iterator_free(it->ical);
	free(it->rule.rscale);
	free(it);
}

static int
ical_seek(struct recur_iter *it, int day)
{
	if (it->ical)
		icalrecur_iterator_free(it->ical);
	it->ical = icalrecur_iterator_new(it->rule, ical_date(it->dtstart));
	if (!it->ical)
		return error("schedule: \"%s\" is not a valid recurrence "
		    "rule", it->text);
	/* libical cannot start past DTSTART with COUNT: passed over then. */
	if (it->rule.count == 0 && day > it->dtstart)
		icalrecur_iterator_set_start(it->ical, ical_date(day));
	return 0;
}

int
recur_iter_seek(struct recur_iter *it, int day)
{
	if (day < it->dtstart)
		day = it->dtstart;
	it->min_day = day;
	it->has_last = 0;
	if (it->plain)
		return 0;
	return it->lunar ? lunar_seek(it, day) : ical_seek(it, day);
}

static int
lunar_next(struct recur_iter *it, int *day)
{
	int r;

	for (;;) {
		if (it->count && it->emitted >= it->count)
			return 0;
		while (it->idx < it->ncand) {
			int d = it->cand[it->idx++];

			if (d < it->dtstart || (it->has_last && d <= it->last))
				continue;
			if (d > it->until)
				return 0;
			it->emitted++;
			it->last = d;
			it->has_last = 1;
			if (d >= it->min_day) {
				*day = d;
				return 1;
			}
		}
		if ((r = lunar_advance(it)) != 0) {
			it->cut = r > 0;
			return r > 0 ? 0 : -1;
		}
	}
}

static int
ical_next(struct recur_iter *it, int *day)
{
	for (;;) {
		struct icaltimetype t = icalrecur_iterator_next(it->ical);
		int d;

		if (icaltime_is_null_time(t))
			return 0;
		d = ical_day(t);
		if ((it->has_last && d <= it->last) || d < it->min_day)
			continue;
		it->last = d;
		it->has_last = 1;
		*day = d;
		return 1;
	}
}

int
recur_iter_cut(const struct recur_iter *it)
{
	return it->lunar && it->cut;
}

int
recur_iter_next(struct recur_iter *it, int *day)
{
	if (it->plain)
		return plain_next(it, day);
	return it->lunar ? lunar_next(it, day) : ical_next(it, day);
}

int
recur_occurrences(const char *rrule, int dtstart_day, int from_day,
    int to_day, int *days, int max)
{
	struct recur_iter *it;
	int n = 0, d, r = 1;

	if (iter_open(rrule, dtstart_day, from_day, &it) < 0)
		return -1;
	while (r > 0 && n < max && (r = recur_iter_next(it, &d)) > 0 &&
	    d <= to_day)
		days[n++] = d;
	recur_iter_free(it);
	return r < 0 ? -1 : n;
}

int
recur_next(const char *rrule, int dtstart_day, int after_day, int n,
    int *days)
{
	struct recur_iter *it;
	int got = 0, r = 1;

	if (iter_open(rrule, dtstart_day, after_day, &it) < 0)
		return -1;
	while (r > 0 && got < n && (r = recur_iter_next(it, &days[got])) > 0)
		got++;
	recur_iter_free(it);
	return r < 0 ? -1 : got;
}

/* ------------------------------------------------------------------ */
/* Holidays                                                            */

int
recur_holiday_check(const struct recur_holiday *h)
{
	int maxday;

	if (h->month < 1 || h->month > 12)
		return error("holiday: month %d must be 1 to 12", h->month);
	maxday = h->lunar ? 30 : date_days_in_month(2024, h->month);
	if ((h->day < 1 || h->day > maxday) && h->lunar)
		return error("holiday: %d/%d is not a lunar date", h->day,
		    h->month);
	if (h->day < 1 || h->day > maxday)
		return error("holiday: %d/%d is not a calendar date", h->day,
		    h->month);
	if (h->ndays > 31)
		return error("holiday: %d days is too long (at most 31)",
		    h->ndays);
	return 0;
}

/* The first day of holiday h in (solar or lunar) year y, or INT_MIN. */
static int
holiday_start(const struct recur_holiday *h, int y)
{
	int first, len, d;

	if (!h->lunar) {
		d = h->day;
		if (d > date_days_in_month(y, h->month))
			d = date_days_in_month(y, h->month);
		return date_from_ymd(y, h->month, d);
	}
	if (y < LUNAR_YEAR_MIN || y > LUNAR_YEAR_MAX ||
	    lunar_to_solar(y, h->month, 1, 0, &first) < 0 ||
	    lunar_month_of(first, &first, &len) < 0)
		return INT_MIN;
	return first + (h->day < len ? h->day : len) - 1;
}

static int
in_holiday(const struct recur_holiday *h, int day)
{
	struct lunar_date l;
	int y, m, d, n = h->ndays < 1 ? 1 : h->ndays;

	if (h->month < 1 || h->month > 12 || h->day < 1 || h->day > 31 ||
	    h->ndays > 31 || (h->lunar && h->day > 30))
		return 0;
	date_to_ymd(day, &y, &m, &d);
	if (h->lunar) {
		if (y <= LUNAR_YEAR_MIN || y >= LUNAR_YEAR_MAX ||
		    lunar_from_solar(day, &l) < 0)
			return 0;
		y = l.year;
	}
	for (int k = y - 1; k <= y; k++) {
		int s = holiday_start(h, k);

		if (s != INT_MIN && day >= s && day < s + n)
			return 1;
	}
	return 0;
}

int
recur_is_holiday(const struct recur_holiday *h, int nh, int day)
{
	for (int i = 0; i < nh; i++)
		if (in_holiday(&h[i], day))
			return 1;
	return 0;
}

int
recur_apply_holidays(const struct recur_holiday *h, int nh,
    enum recur_policy policy, int day)
{
	if (!recur_is_holiday(h, nh, day))
		return day;
	if (policy == RECUR_SKIP)
		return -1;
	for (int d = day + 1; d <= day + 366; d++)
		if (!recur_is_holiday(h, nh, d))
			return d;
	return -1;
}

int
recur_filter_holidays(const struct recur_holiday *h, int nh,
    enum recur_policy policy, int *days, int n)
{
	int out = 0;

	for (int i = 0; i < n; i++) {
		int d = recur_apply_holidays(h, nh, policy, days[i]);

		if (d == -1 && days[i] != -1)
			continue;
		if (out > 0 && d <= days[out - 1])
			continue;
		days[out++] = d;
	}
	return out;
}
