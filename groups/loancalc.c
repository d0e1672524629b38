/*
 * loancalc.c - loan arithmetic in whole đồng and exact integers.
 */
#include "groups/loancalc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"

#define PPM_PER_PERCENT 10000

/* The words a lender may put after "%/", already lower-cased. */
static const struct {
	const char *word;
	enum loancalc_rate_unit unit;
} rate_words[] = {
	{ "month", LOANCALC_PER_MONTH },  { "months", LOANCALC_PER_MONTH },
	{ "mo", LOANCALC_PER_MONTH },     { "m", LOANCALC_PER_MONTH },
	{ "tháng", LOANCALC_PER_MONTH },  { "thang", LOANCALC_PER_MONTH },
	{ "year", LOANCALC_PER_YEAR },    { "years", LOANCALC_PER_YEAR },
	{ "yr", LOANCALC_PER_YEAR },      { "y", LOANCALC_PER_YEAR },
	{ "năm", LOANCALC_PER_YEAR },     { "nam", LOANCALC_PER_YEAR },
};

static const char *
skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Read "12", "0.65" or "7,8" (at most 4 decimals) as millionths of one,
 * i.e. percent * 10000. Advances *pp past the number. */
static int
parse_percent(const char **pp, int64_t *ppm)
{
	const char *p = *pp;
	int64_t whole = 0, frac = 0;
	int nwhole = 0, nfrac = 0;

	for (; isdigit((unsigned char)*p); p++, nwhole++) {
		if (whole > 100000)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (nwhole == 0)
		return -1;
	if (*p == '.' || *p == ',') {
		for (p++; isdigit((unsigned char)*p); p++, nfrac++) {
			if (nfrac == 4)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (nfrac == 0)
			return -1;
	}
	for (; nfrac < 4; nfrac++)
		frac *= 10;
	*ppm = whole * PPM_PER_PERCENT + frac;
	*pp = p;
	return 0;
}

/* Lower-case the unit word: ASCII, and the capitals Á and Ă that "THÁNG"
 * and "NĂM" use. Trailing spaces are dropped. -1 if it does not fit. */
static int
lower_word(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s), o = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char next = i + 1 < n ? (unsigned char)s[i + 1] : 0;

		buf[o++] = (char)(c < 0x80 ? tolower(c) : c);
		if ((c == 0xC3 && next == 0x81) || (c == 0xC4 && next == 0x82)) {
			buf[o++] = (char)(next + (c == 0xC3 ? 0x20 : 1));
			i++;
		}
	}
	buf[o] = '\0';
	return 0;
}

static int
parse_unit(const char *p, enum loancalc_rate_unit *unit)
{
	char word[16];

	if (lower_word(p, word, sizeof word) < 0)
		return -1;
	for (size_t i = 0; i < NELEM(rate_words); i++) {
		if (strcmp(word, rate_words[i].word) == 0) {
			*unit = rate_words[i].unit;
			return 0;
		}
	}
	return -1;
}

static int64_t
rate_max(enum loancalc_rate_unit unit)
{
	return unit == LOANCALC_PER_YEAR ? LOANCALC_RATE_YEAR_MAX
					 : LOANCALC_RATE_MONTH_MAX;
}

int
loancalc_parse_rate(const char *s, int *rate_ppm, enum loancalc_rate_unit *unit)
{
	const char *p;
	int64_t ppm;
	enum loancalc_rate_unit u;

	if (!s)
		return error("rate: no rate given (use e.g. 0.65%%/month or 7.8%%/year)");
	p = skip_spaces(s);
	if (parse_percent(&p, &ppm) < 0)
		return error("rate: \"%s\" is not a rate such as 0.65%%/month or "
		    "7.8%%/year", s);
	p = skip_spaces(p);
	if (*p != '%')
		return error("rate: \"%s\" needs a percent sign, as in 0.65%%/month", s);
	p = skip_spaces(p + 1);
	if (*p != '/' || parse_unit(skip_spaces(p + 1), &u) < 0)
		return error("rate: \"%s\" needs a period: %%/month (%%/tháng) or "
		    "%%/year (%%/năm)", s);
	if (ppm > rate_max(u))
		return error("rate: \"%s\" is more than %s", s,
		    u == LOANCALC_PER_YEAR ? "120%/year" : "10%/month");
	*rate_ppm = (int)ppm;
	*unit = u;
	return 0;
}

char *
loancalc_format_rate(int rate_ppm, enum loancalc_rate_unit unit, char *buf,
    size_t size)
{
	long long v = rate_ppm;
	unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char frac[8];
	int nf;

	nf = snprintf(frac, sizeof frac, "%04llu", a % PPM_PER_PERCENT);
	while (nf > 0 && frac[nf - 1] == '0')
		frac[--nf] = '\0';
	/* TRANSLATORS: the period of an interest rate, as in 0.65%/month */
	snprintf(buf, size, "%s%llu%s%s%%/%s", v < 0 ? "-" : "",
	    a / PPM_PER_PERCENT, nf > 0 ? (decimal_mark() == ',' ? "," : ".") :
	    "", frac, unit == LOANCALC_PER_YEAR ? _("year") : _("month"));
	return buf;
}

/* Rate and its unit, as a field of the terms. */
static int
validate_rate(const struct loancalc_terms *t)
{
	char buf[48], max[48];

	if ((int)t->rate_unit != LOANCALC_PER_MONTH &&
	    (int)t->rate_unit != LOANCALC_PER_YEAR)
		return error("loan rate: unit %d is neither per month nor per year",
		    (int)t->rate_unit);
	if (t->rate_ppm < 0 || t->rate_ppm > rate_max(t->rate_unit))
		return error("loan rate: %s is not between 0 and %s",
		    loancalc_format_rate(t->rate_ppm, t->rate_unit, buf, sizeof buf),
		    loancalc_format_rate((int)rate_max(t->rate_unit), t->rate_unit,
			max, sizeof max));
	return 0;
}

/* Term, grace, frequency and method. */
static int
validate_shape(const struct loancalc_terms *t)
{
	if (t->term_months < 1 || t->term_months > LOANCALC_TERM_MAX)
		return error("loan term: %d months is not between 1 and %d",
		    t->term_months, LOANCALC_TERM_MAX);
	if ((int)t->freq < LOANCALC_MONTHLY || (int)t->freq > LOANCALC_AT_END)
		return error("loan frequency: %d is not monthly, quarterly or at end",
		    (int)t->freq);
	if ((int)t->method != LOANCALC_DECLINING && (int)t->method != LOANCALC_FLAT)
		return error("loan method: %d is neither declining nor flat",
		    (int)t->method);
	if (t->grace_months < 0 || t->grace_months >= t->term_months)
		return error("loan grace: %d months is not between 0 and %d "
		    "(shorter than the %d-month term)", t->grace_months,
		    t->term_months - 1, t->term_months);
	if (t->freq == LOANCALC_AT_END && t->grace_months != 0)
		return error("loan grace: %d months given, but a loan repaid at the "
		    "end has no grace period", t->grace_months);
	return 0;
}

int
loancalc_validate(const struct loancalc_terms *t)
{
	char a[32], b[32];

	if (t->principal < 1 || t->principal > LOANCALC_PRINCIPAL_MAX)
		return error("loan principal: %s đồng is not between 1 and %s đồng",
		    money_format(t->principal, a, sizeof a),
		    money_format(LOANCALC_PRINCIPAL_MAX, b, sizeof b));
	if (validate_rate(t) < 0 || validate_shape(t) < 0)
		return -1;
	if (t->disbursed_day < date_from_ymd(1970, 1, 1) ||
	    t->disbursed_day > date_from_ymd(2199, 12, 31))
		return error("loan disbursal date: day %d is not between 1970-01-01 "
		    "and 2199-12-31", t->disbursed_day);
	return 0;
}

int64_t
loancalc_interest(int64_t base, int rate_ppm, enum loancalc_rate_unit unit,
    int months)
{
	int64_t d = unit == LOANCALC_PER_YEAR ? INT64_C(12000000) : INT64_C(1000000);
	int64_t m = (int64_t)rate_ppm * months;

	/* base * m / d, rounded half up, without overflowing: split base
	 * into whole multiples of d and a remainder below d. d is even. */
	return base / d * m + (base % d * m + d / 2) / d;
}

int64_t
loancalc_interest_days(int64_t dong_days, int rate_ppm, enum loancalc_rate_unit unit)
{
	int64_t d = (unit == LOANCALC_PER_YEAR ? INT64_C(12000000) :
	    INT64_C(1000000)) * LOANCALC_DAYS_PER_MONTH;

	/* dong_days * rate / d, half up, split as in loancalc_interest;
	 * d is even */
	return dong_days / d * rate_ppm + (dong_days % d * rate_ppm + d / 2) / d;
}

static int
period_months(const struct loancalc_terms *t)
{
	switch (t->freq) {
	case LOANCALC_QUARTERLY:
		return 3;
	case LOANCALC_AT_END:
		return t->term_months;
	case LOANCALC_MONTHLY:
	default:
		return 1;
	}
}

/* Fill inst[0..count-1] for valid terms; `free_periods` installments at
 * the start carry no principal. */
static void
fill_schedule(const struct loancalc_terms *t, struct loancalc_installment *inst,
    int count, int free_periods)
{
	int step = period_months(t);
	int64_t balance = t->principal;
	int64_t part = t->principal / (count - free_periods);

	for (int k = 1; k <= count; k++) {
		struct loancalc_installment *in = &inst[k - 1];
		int start = (k - 1) * step;
		int end = k * step < t->term_months ? k * step : t->term_months;
		int64_t base = t->method == LOANCALC_FLAT ? t->principal : balance;

		in->seq = k;
		in->due_day = date_add_months(t->disbursed_day, end);
		in->interest = loancalc_interest(base, t->rate_ppm, t->rate_unit,
		    end - start);
		if (k > free_periods)
			in->principal = k == count ? balance : part;
		balance -= in->principal;
	}
}

int
loancalc_schedule(const struct loancalc_terms *t,
    struct loancalc_installment **out, int *n)
{
	int step, count;

	*out = NULL;
	*n = 0;
	if (loancalc_validate(t) < 0)
		return -1;
	step = period_months(t);
	count = (t->term_months + step - 1) / step;
	*out = xcalloc((size_t)count, sizeof **out);
	/* Periods ending within the grace months: k * step <= grace. Since
	 * grace < term, at least the last period pays principal. */
	fill_schedule(t, *out, count, t->grace_months / step);
	*n = count;
	return 0;
}

static int64_t
left(int64_t due, int64_t paid)
{
	return due > paid ? due - paid : 0;
}

static int64_t
left_total(const struct loancalc_state *s)
{
	return left(s->principal_due, s->principal_paid) +
	    left(s->interest_due, s->interest_paid);
}

/* Take up to `want` from *amount. */
static int64_t
take(int64_t *amount, int64_t want)
{
	int64_t got = want < *amount ? want : *amount;

	*amount -= got;
	return got;
}

static int
check_states(const struct loancalc_state *inst, int n)
{
	for (int i = 0; i < n; i++) {
		const struct loancalc_state *s = &inst[i];

		if (s->principal_due < 0 || s->interest_due < 0 ||
		    s->principal_paid < 0 || s->interest_paid < 0 ||
		    s->principal_paid > s->principal_due ||
		    s->interest_paid > s->interest_due)
			return error("installment %d: paid amounts do not fit what "
			    "was due", s->seq);
	}
	return 0;
}

int
loancalc_allocate(struct loancalc_state *inst, int n, int64_t amount,
    struct loancalc_allocation **out, int *nout)
{
	char a[32], b[32];
	int64_t owed;
	int k = 0;

	*out = NULL;
	*nout = 0;
	if (amount <= 0)
		return error("payment: %s đồng is not a positive amount",
		    money_format(amount, a, sizeof a));
	if (check_states(inst, n) < 0)
		return -1;
	owed = loancalc_outstanding_total(inst, n);
	if (amount > owed)
		return error("payment: %s đồng is more than the %s đồng still owed",
		    money_format(amount, a, sizeof a), money_format(owed, b, sizeof b));
	*out = xcalloc((size_t)n, sizeof **out);
	for (int i = 0; i < n && amount > 0; i++) {
		struct loancalc_state *s = &inst[i];
		struct loancalc_allocation *al = &(*out)[k];

		al->interest = take(&amount, left(s->interest_due, s->interest_paid));
		al->principal = take(&amount, left(s->principal_due, s->principal_paid));
		if (al->interest == 0 && al->principal == 0)
			continue;
		al->seq = s->seq;
		s->interest_paid += al->interest;
		s->principal_paid += al->principal;
		k++;
	}
	*nout = k;
	return 0;
}

static struct loancalc_state *
find_seq(struct loancalc_state *inst, int n, int seq)
{
	for (int i = 0; i < n; i++)
		if (inst[i].seq == seq)
			return &inst[i];
	return NULL;
}

int
loancalc_unallocate(struct loancalc_state *inst, int n,
    const struct loancalc_allocation *a, int na)
{
	struct loancalc_state *copy, *s;
	int ret = -1;

	if (n <= 0)
		return na > 0 ? error("payment reversal: there are no installments") : 0;
	copy = xmalloc((size_t)n * sizeof *copy);
	memcpy(copy, inst, (size_t)n * sizeof *copy);
	for (int i = 0; i < na; i++) {
		s = find_seq(copy, n, a[i].seq);
		if (!s) {
			error("payment reversal: installment %d does not exist", a[i].seq);
			goto out;
		}
		if (a[i].principal < 0 || a[i].interest < 0 ||
		    a[i].principal > s->principal_paid ||
		    a[i].interest > s->interest_paid) {
			error("payment reversal: installment %d has less paid than "
			    "the part to take back", a[i].seq);
			goto out;
		}
		s->principal_paid -= a[i].principal;
		s->interest_paid -= a[i].interest;
	}
	memcpy(inst, copy, (size_t)n * sizeof *copy);
	ret = 0;
out:
	free(copy);
	return ret;
}

int64_t
loancalc_outstanding_principal(const struct loancalc_state *inst, int n)
{
	int64_t sum = 0;

	for (int i = 0; i < n; i++)
		sum += left(inst[i].principal_due, inst[i].principal_paid);
	return sum;
}

int64_t
loancalc_outstanding_total(const struct loancalc_state *inst, int n)
{
	int64_t sum = 0;

	for (int i = 0; i < n; i++)
		sum += left_total(&inst[i]);
	return sum;
}

int
loancalc_first_unpaid(const struct loancalc_state *inst, int n)
{
	for (int i = 0; i < n; i++)
		if (left_total(&inst[i]) > 0)
			return i;
	return -1;
}

static int
is_overdue(const struct loancalc_state *s, int at_day, int grace_days)
{
	return left_total(s) > 0 && at_day - s->due_day > grace_days;
}

int
loancalc_days_overdue(const struct loancalc_state *inst, int n, int at_day,
    int grace_days)
{
	int i = loancalc_first_unpaid(inst, n);

	if (i < 0 || !is_overdue(&inst[i], at_day, grace_days))
		return 0;
	return at_day - inst[i].due_day;
}

int64_t
loancalc_overdue_amount(const struct loancalc_state *inst, int n, int at_day,
    int grace_days)
{
	int64_t sum = 0;

	for (int i = 0; i < n; i++)
		if (is_overdue(&inst[i], at_day, grace_days))
			sum += left_total(&inst[i]);
	return sum;
}
