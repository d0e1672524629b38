/*
 * loancalc.h - loan arithmetic: rates, repayment schedules, allocation of
 * repayments, arrears. Pure functions: no database, no clock.
 *
 * Money is whole đồng in int64_t. Interest rates are held exactly as
 * millionths (ppm): 0.65% = 6500 ppm, 7.8% = 78000 ppm, together with the
 * period the lender quotes them for (per month or per year). A yearly rate
 * is charged as one twelfth per month. All arithmetic is in integers; no
 * floating point touches an amount.
 *
 * Dates are day numbers (core/clock.h).
 *
 * Errors: functions returning int give 0 on success and -1 on failure,
 * having said why once with error() (core/log.h).
 */
#ifndef SHG_LOANCALC_H
#define SHG_LOANCALC_H

#include <stddef.h>
#include <stdint.h>

#define LOANCALC_PRINCIPAL_MAX INT64_C(1000000000000) /* 10^12 đồng */
#define LOANCALC_TERM_MAX 120                         /* months */
#define LOANCALC_RATE_MONTH_MAX 100000                /* 10%/month in ppm */
#define LOANCALC_RATE_YEAR_MAX 1200000                /* 120%/year in ppm */

enum loancalc_rate_unit { LOANCALC_PER_MONTH, LOANCALC_PER_YEAR };

/* How often an installment falls due: every month, every three months,
 * or once at the end of the term with all principal and interest. */
enum loancalc_freq { LOANCALC_MONTHLY, LOANCALC_QUARTERLY, LOANCALC_AT_END };

/* Declining balance: interest on what is still owed at the start of each
 * period. Flat: interest on the original principal every period. */
enum loancalc_method { LOANCALC_DECLINING, LOANCALC_FLAT };

struct loancalc_terms {
	int64_t principal;              /* đồng, 1 .. LOANCALC_PRINCIPAL_MAX */
	int rate_ppm;                   /* interest rate in millionths */
	enum loancalc_rate_unit rate_unit;
	int term_months;                /* 1 .. LOANCALC_TERM_MAX */
	enum loancalc_freq freq;
	enum loancalc_method method;
	int grace_months;               /* 0 .. term_months - 1 */
	int disbursed_day;              /* day number, 1970 .. 2199 */
};

/* One line of a schedule: what falls due on due_day. seq counts from 1. */
struct loancalc_installment {
	int seq;
	int due_day;
	int64_t principal;
	int64_t interest;
};

/* An installment as it stands: what was due and what has been paid. */
struct loancalc_state {
	int seq;
	int due_day;
	int64_t principal_due;
	int64_t interest_due;
	int64_t principal_paid;
	int64_t interest_paid;
};

/* The part of one repayment that went to one installment. */
struct loancalc_allocation {
	int seq;
	int64_t principal;
	int64_t interest;
};

/*
 * Parse a rate as lenders quote it: a number with '.' or ',' as decimal
 * separator (at most 4 decimals), '%', '/', and the period: "month", "mo",
 * "m", "tháng", "thang" or "year", "yr", "y", "năm", "nam" (any case;
 * spaces allowed around '%' and '/'). Examples: "0.65%/month",
 * "0,65%/tháng", "7.8%/năm", "0.65 %/m", "7.8%/y". Bounds: 0 .. 10%/month
 * and 0 .. 120%/year; 0 is allowed for interest-free loans. On success
 * sets *rate_ppm and *unit. On failure -1 with
 * error("rate: \"...\" ...") and the outputs untouched.
 */
int loancalc_parse_rate(const char *s, int *rate_ppm, enum loancalc_rate_unit *unit);

/* "0.65%/month", "7.8%/year": the shortest exact form, in the language
 * in effect ("0,65%/tháng" in Vietnamese, which loancalc_parse_rate reads
 * back). buf >= 32 bytes. Returns buf. */
char *loancalc_format_rate(int rate_ppm, enum loancalc_rate_unit unit, char *buf,
    size_t size);

/*
 * Check terms: -1 with one error() naming the first bad field ("loan
 * principal", "loan rate", "loan term", "loan grace", "loan frequency",
 * "loan method", "loan disbursal date").
 *
 * A quarterly loan whose term is not a multiple of 3 months is accepted:
 * its last period is shorter (a 10-month term falls due after months 3,
 * 6, 9 and 10). A loan repaid at the end has no grace period (grace must
 * be 0); a loan with interest every month and all principal at the end is
 * a monthly loan with grace_months = term_months - 1.
 */
int loancalc_validate(const struct loancalc_terms *t);

/*
 * Build the repayment schedule of valid terms into a new array *out of *n
 * installments (caller frees *out with free()). On failure *out is NULL
 * and *n is 0.
 *
 * Installment k (from 1) falls due k periods after disbursal, computed
 * from the disbursal date each time with date_add_months, so the day of
 * month never drifts (disbursed on Jan 31: due Feb 28 or 29, Mar 31,
 * Apr 30, ...).
 *
 * Grace: an installment that falls due within the first grace_months
 * months carries no principal, but its interest is still due (as the
 * Social Policy Bank does). The principal is split equally over the
 * remaining installments, each part rounded down to whole đồng; the last
 * installment takes the remainder so the parts add up to the principal.
 *
 * Interest of a period of m months, rounded half up to whole đồng:
 *   declining: balance at the period's start * monthly rate * m
 *   flat:      original principal * monthly rate * m
 * where the monthly rate is the yearly rate / 12 for yearly rates (the
 * division is exact: the rounding happens once, on the period's amount).
 * A loan repaid at the end has one installment with all principal and
 * the interest of the whole term (both methods agree).
 *
 * Rescheduling: to spread what is still owed over new terms, call this
 * with principal = loancalc_outstanding_principal() of the old schedule
 * and disbursed_day = the day of the new agreement. Interest already due
 * on the old installments and not paid stays owed there; the old
 * installments' unpaid principal is what the caller closes.
 */
int loancalc_schedule(const struct loancalc_terms *t,
    struct loancalc_installment **out, int *n);

/* Interest of `months` months on `base` đồng at the terms' rate, rounded
 * half up. Exact integer arithmetic for every valid input. */
int64_t loancalc_interest(int64_t base, int rate_ppm, enum loancalc_rate_unit unit,
    int months);

/*
 * Interest counted by day (the "daily" convention of a loan paid off
 * early): `dong_days` is the sum over the days the principal was out of
 * the principal outstanding that day (1.000.000 đồng out for 10 days is
 * 10.000.000 đồng-days). Interest = monthly rate * dong_days / 30: a
 * month counts as 30 days, whatever its length, and a yearly rate is
 * divided by 12 first (so yearly rate * days / 360). Rounded half up to
 * whole đồng, once, on the total. Exact integers; dong_days >= 0 up to
 * LOANCALC_PRINCIPAL_MAX * 36600.
 */
#define LOANCALC_DAYS_PER_MONTH 30
int64_t loancalc_interest_days(int64_t dong_days, int rate_ppm,
    enum loancalc_rate_unit unit);

/*
 * Apply a repayment of `amount` đồng (> 0) to installments inst[0..n-1],
 * which must be in due order: the oldest installment not fully paid
 * first, its interest before its principal, what is left over to the
 * next installments. Updates the *_paid fields of inst and returns in
 * *out (caller frees with free()) one entry per installment that
 * received something, in order, *nout entries. Keep them: reversing the
 * payment subtracts exactly these parts (loancalc_unallocate).
 *
 * An amount above the total still owed is refused with an error naming
 * both amounts; inst is then untouched, *out NULL and *nout 0.
 */
int loancalc_allocate(struct loancalc_state *inst, int n, int64_t amount,
    struct loancalc_allocation **out, int *nout);

/* Undo a payment: subtract the parts a[0..na-1] (as returned by
 * loancalc_allocate) from the installments with the same seq. All or
 * nothing: -1 with an error, inst untouched, when an installment is
 * missing or has less paid than the part to take back. */
int loancalc_unallocate(struct loancalc_state *inst, int n,
    const struct loancalc_allocation *a, int na);

/* Principal not yet repaid, over all installments. */
int64_t loancalc_outstanding_principal(const struct loancalc_state *inst, int n);
/* Principal and interest not yet paid, over all installments. */
int64_t loancalc_outstanding_total(const struct loancalc_state *inst, int n);

/*
 * Arrears as of at_day, given the payments made by then. An installment
 * is overdue when it is not fully paid and at_day is more than grace_days
 * days after its due day (grace_days >= 0 lets a few days pass before a
 * late payment counts as arrears).
 *
 * loancalc_days_overdue: days from the due day of the oldest installment
 * not fully paid to at_day, when that installment is overdue; 0 when it
 * is not (or everything is paid).
 * loancalc_overdue_amount: unpaid principal and interest of all overdue
 * installments.
 */
int loancalc_days_overdue(const struct loancalc_state *inst, int n, int at_day,
    int grace_days);
int64_t loancalc_overdue_amount(const struct loancalc_state *inst, int n, int at_day,
    int grace_days);

/* Index of the oldest installment not fully paid, or -1 when all are. */
int loancalc_first_unpaid(const struct loancalc_state *inst, int n);

#endif
