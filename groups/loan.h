/*
 * loan.h - loans in the database: disbursal with its stored schedule,
 * repayments and their reversal, rescheduling, write-off, the state of a
 * loan at any date, the arrears review, portfolio at risk and repayment
 * rates. The arithmetic is groups/loancalc.h; this module stores it.
 *
 * Tables (migration 3): loan (borrower, source, original terms), loan_plan
 * (the terms of each schedule: plan 1 at disbursal, 2.. after each
 * rescheduling), loan_inst (installments of every plan, never deleted),
 * loan_pay (repayments and reversals) and loan_alloc (the part of each
 * repayment that went to each installment). A repayment's note, a
 * plan's reason and the write-off reason are sealed at rest (core/crypt.h,
 * migration 21): the functions here seal and open them.
 *
 * A repayment is allocated when it is recorded (oldest installment first,
 * interest before principal) and its allocation is stored; reversing it
 * adds a reversal row with the exact negative allocation and marks the
 * original reversed. A reversed repayment and its reversal count for
 * nothing at any date: the entry was wrong.
 *
 * Rescheduling closes the unpaid principal of the current installments,
 * cancels the interest of installments not yet due (interest already due
 * stays owed) and builds a new plan from the outstanding principal, dated
 * the day of the new agreement. The old installments are kept.
 *
 * Dates are day numbers (core/clock.h); money is whole đồng. Functions
 * returning int give 0 on success and -1 after one error() message. Every
 * change is audited ("loan", id, action). Functions that write several
 * rows expect the caller to hold a transaction (the CLI does).
 */
#ifndef SHG_LOAN_H
#define SHG_LOAN_H

#include <stdint.h>

#include "core/db.h"
#include "groups/loancalc.h"

/* The last day any loan date may be: used as "now and everything
 * recorded" when a state is asked for without a date. */
#define LOAN_DAY_MAX 84005      /* 2199-12-31 */

enum loan_status {
	LOAN_NOT_DISBURSED,     /* the date is before disbursal */
	LOAN_CURRENT,
	LOAN_ARREARS,
	LOAN_REPAID,
	LOAN_RESCHEDULED,       /* current on a new schedule */
	LOAN_WRITTEN_OFF,
};

/*
 * What paying a loan off before its last installment costs in interest:
 *   LOAN_INTEREST_SCHEDULE: every installment's scheduled interest;
 *   LOAN_INTEREST_DAILY: the interest of installments already due, and
 *     for the period running on the pay-off day, the interest of the days
 *     the principal was out in it (loancalc_interest_days: monthly rate *
 *     đồng-days / 30, a yearly rate / 12, half up to whole đồng); the
 *     interest of later periods is not charged. This is how the Social
 *     Policy Bank counts.
 * Before a pay-off, both conventions keep the schedule: a payment ahead
 * of time on a daily loan pays what is due, the days' interest of the
 * running period, then principal (never interest of periods not begun);
 * the later installments' interest stays as scheduled until the loan is
 * paid off.
 */
enum loan_interest { LOAN_INTEREST_SCHEDULE, LOAN_INTEREST_DAILY };

struct loan {
	int64_t id;
	int64_t person_id;
	int64_t group_id;               /* 0: none */
	char *source;                   /* funding code: "vbsp", "wu", "ngo:NAME" */
	char *purpose;                  /* may be NULL */
	struct loancalc_terms terms;    /* as disbursed */
	int plan;                       /* current schedule, 1 = original */
	int written_off_on;             /* DATE_NONE when not */
	char *writeoff_reason;
	enum loan_interest interest;    /* on a pay-off before the end */
};

/* An installment as it stands at a date. principal and interest are what
 * is due after any rescheduling effective by then; *_paid is what the
 * repayments made by then put on it. */
struct loan_inst {
	int64_t id;
	int plan, seq;
	int due_day;
	int64_t principal, interest;
	int64_t principal_paid, interest_paid;
	int void_day;                   /* DATE_NONE, or day of the rescheduling
	                                 * that closed part of it */
};

/* A loan's figures at a date. */
struct loan_state {
	enum loan_status status;
	int days_overdue;               /* of the oldest unpaid installment */
	int64_t overdue;                /* principal + interest overdue */
	int64_t outstanding_principal;
	int64_t outstanding;            /* principal + interest still to pay */
	int64_t paid;                   /* total repaid by then */
	int last_paid_day;              /* DATE_NONE if nothing paid */
	int next_due_day;               /* first unpaid installment, DATE_NONE */
	int64_t next_due;               /* what is left of it */
};

/* One repayment or reversal row. */
struct loan_pay {
	int64_t id;
	int day;
	int64_t amount, principal, interest;    /* negative for a reversal */
	int64_t reverses, reversed_by;          /* 0: none */
	char *note;
};

const char *loan_status_name(enum loan_status s);
const char *loan_freq_name(enum loancalc_freq f);       /* monthly, quarterly, end */
const char *loan_method_name(enum loancalc_method m);   /* declining, flat */
const char *loan_interest_name(enum loan_interest i);  /* schedule, daily */
int loan_interest_parse(const char *opt, const char *s, enum loan_interest *out);
/* Parse the names above (also "at-end", "flat-rate", "reducing"). 0 / -1
 * with an error naming opt. */
int loan_freq_parse(const char *opt, const char *s, enum loancalc_freq *out);
int loan_method_parse(const char *opt, const char *s, enum loancalc_method *out);

/*
 * Store a new loan: checks the borrower exists and is active, the group
 * (if any) exists, the source is a funding code, the terms are valid
 * (loancalc_validate) and the date is not in the future; then stores the
 * loan, plan 1 and its installments. Sets l->id and l->plan.
 */
int loan_disburse(struct db *db, struct loan *l);
/* Load a loan; -1 with `loan N not found`. Free with loan_free. */
int loan_get(struct db *db, int64_t id, struct loan *out);
/* The loans of person_id, oldest first: *ids (caller frees) of *n. */
int loan_ids_of_person(struct db *db, int64_t person_id, int64_t **ids,
    int *n);
void loan_free(struct loan *l);
/* 0 when s is a stored funding code (core/funding.h: state, wu, vbsp,
 * ngo:NAME), else -1 with an error. Callers parse what users type with
 * funding_parse first. */
int loan_source_check(const char *s);
/* Parse "12", "L12" or "#12" as a loan id. -1 with an error. */
int loan_parse_id(const char *s, int64_t *id);

/* One loan in a list; strings borrowed for the callback (group NULL when
 * the loan has none). */
struct loan_item {
	int64_t id, person_id;
	const char *case_code, *group, *source;
	int64_t principal;
	int disbursed_day;
};

/* Loans disbursed by day, by number; person_id and group_id (0: any)
 * filter them. fn returns 0 to go on; anything else stops and is
 * returned. */
int loan_list(struct db *db, int64_t person_id, int64_t group_id, int day,
    int (*fn)(const struct loan_item *l, void *arg), void *arg);

/* The installments of every plan started by day, as they stand at day
 * (LOAN_DAY_MAX: everything recorded), in due order. *out is an array the
 * caller frees with free(). */
int loan_installments(struct db *db, int64_t loan_id, int day,
    struct loan_inst **out, int *n);
/* The state of one loan at day. */
int loan_state_at(struct db *db, int64_t loan_id, int day, struct loan_state *out);

/* The terms of the loan's current plan (the last rescheduling's, or the
 * disbursal's): what a new rescheduling keeps unless told otherwise.
 * t->principal is the plan's principal, t->disbursed_day its start. */
int loan_current_terms(struct db *db, int64_t loan_id, struct loancalc_terms *t);

/* What pays the loan off on day, given the repayments made by then:
 * all that is still owed for a schedule loan; for a daily loan, the
 * principal, the interest already due and the days' interest of the
 * running period (see enum loan_interest). */
int loan_payoff(struct db *db, int64_t loan_id, int day, int64_t *amount);

/*
 * Record a repayment of amount đồng made on day (not before disbursal,
 * not in the future, not on a written-off loan). More than is still owed
 * (loan_payoff of that day) is refused. On a daily loan, a payment of
 * exactly loan_payoff pays it off: the scheduled interest it does not
 * charge is recorded (loan_waive) and counted as closed from that day.
 * Sets *pay_id when not NULL.
 */
int loan_repay(struct db *db, int64_t loan_id, int64_t amount, int day,
    const char *note, int64_t *pay_id);
/* Reverse repayment pay_id on day: a new row with the negative allocation
 * and the original marked reversed. A reversal, or a repayment already
 * reversed, is refused. Reversing a pay-off restores the scheduled
 * interest it did not charge. */
int loan_reverse(struct db *db, int64_t pay_id, int day, const char *note,
    int64_t *rev_id);
/* The repayment rows of a loan (reversals included), oldest first.
 * Free with loan_pays_free. */
int loan_pays(struct db *db, int64_t loan_id, struct loan_pay **out, int *n);
void loan_pays_free(struct loan_pay *p, int n);

/*
 * Reschedule on day (t->disbursed_day) with new terms t (t->principal is
 * ignored: the outstanding principal is used). Refused when the loan is
 * repaid or written off, when day is before the current plan's start or
 * the last repayment, or in the future.
 */
int loan_reschedule(struct db *db, int64_t loan_id, const struct loancalc_terms *t,
    const char *reason);
/* Write off what is left on day, with a reason. Refused when repaid or
 * already written off. */
int loan_writeoff(struct db *db, int64_t loan_id, int day, const char *reason);

/* A loan in arrears at a date, for the review and the follow-up list. */
struct loan_arrear {
	int64_t loan_id, person_id;
	char case_code[40];
	char *group_name, *organiser;   /* NULL when the loan has no group */
	char *commune, *source;
	int days_overdue;
	int64_t overdue;
	int64_t outstanding_principal;
	int last_paid_day;              /* DATE_NONE: never paid */
	int last_visit_day;             /* DATE_NONE: never visited */
};

/* Loans in arrears at day (an installment unpaid after its due day), most
 * overdue first. Two queries for all loans. Free with loan_arrears_free. */
int loan_arrears(struct db *db, int day, struct loan_arrear **out, int *n);
/* The same for the borrowers among people (npeople ids, ascending; NULL:
 * everyone), for an account's scope. */
int loan_arrears_among(struct db *db, int day, const int64_t *people,
    int npeople, struct loan_arrear **out, int *n);
/* The same for the borrowers living in one place: province, district and
 * commune of the person (NULL: any), compared ignoring ASCII case. */
int loan_arrears_place(struct db *db, int day, const char *province,
    const char *district, const char *commune, struct loan_arrear **out,
    int *n);
void loan_arrears_free(struct loan_arrear *a, int n);
/* The same loans with only their borrower and days overdue (no group,
 * amounts or last payment), in the same order, for the follow-up list.
 * *out (caller frees; NULL when none) of *n. */
struct loan_overdue {
	int64_t loan_id, person_id;
	int days_overdue;
};
int loan_arrears_days(struct db *db, int day, struct loan_overdue **out,
    int *n);

/* Portfolio figures of one slice (all loans, one group, commune or
 * source). */
struct loan_portfolio {
	char *key;                      /* group name, commune or source;
	                                 * "(none)" when missing */
	int loans;                      /* outstanding at the date */
	int64_t outstanding;            /* principal */
	int64_t at_risk;                /* principal of loans > 30 days late */
	int64_t due;                    /* fell due in the period */
	int64_t repaid;                 /* of that, paid by the period's end */
};

enum loan_slice { LOAN_BY_ALL, LOAN_BY_GROUP, LOAN_BY_COMMUNE, LOAN_BY_SOURCE };

/*
 * Portfolio at `day` and repayment rate for the period from..to:
 *   PAR30 = principal outstanding at day of loans with an installment more
 *           than 30 days late / all principal outstanding at day (loans
 *           written off by day are out of both);
 *   repayment rate = of the principal and interest that fell due from..to,
 *           the part paid by `to` / all of it.
 * One row per slice value, ordered by key (one row for LOAN_BY_ALL). Free
 * with loan_portfolio_free.
 */
int loan_portfolio(struct db *db, enum loan_slice by, int day, int from, int to,
    struct loan_portfolio **out, int *n);
/* The same for the loans of borrowers among people (as loan_arrears_among). */
int loan_portfolio_among(struct db *db, enum loan_slice by, int day, int from,
    int to, const int64_t *people, int npeople, struct loan_portfolio **out,
    int *n);
/* The portfolio of the borrowers among people (as loan_arrears_among)
 * sliced each way of by[0..nby), into out[i] of n[i] rows (each freed
 * with loan_portfolio_free): the loans are read once for all. */
int loan_portfolios_among(struct db *db, const enum loan_slice *by, int nby,
    int day, int from, int to, const int64_t *people, int npeople,
    struct loan_portfolio **out, int *n);
/* The same for the loans of borrowers living in one place (as
 * loan_arrears_place). */
int loan_portfolio_place(struct db *db, enum loan_slice by, int day, int from,
    int to, const char *province, const char *district, const char *commune,
    struct loan_portfolio **out, int *n);
void loan_portfolio_free(struct loan_portfolio *p, int n);
/* Ratios in basis points (1/100 of a percent), 0 when the base is 0. */
int loan_par30_bp(const struct loan_portfolio *p);
int loan_rate_bp(const struct loan_portfolio *p);

/* Figures for the coordinator report. */
struct loan_summary {
	int disbursed;                  /* loans disbursed from..to */
	int persons;                    /* distinct borrowers among them */
	int64_t disbursed_amount;
	int outstanding_loans;          /* at `to` */
	int64_t outstanding;            /* principal at `to` */
	int64_t repaid;                 /* repaid from..to (principal + interest) */
	int in_arrears;                 /* loans in arrears at `to` */
	int64_t at_risk;                /* PAR30 numerator at `to` */
	int64_t due, due_repaid;        /* repayment rate from..to */
};
int loan_summary(struct db *db, int from, int to, struct loan_summary *out);
/* The same figures for the loans of borrowers living in one place:
 * province, district and commune of the person (NULL: any), compared
 * ignoring ASCII case. With all three NULL it is loan_summary. */
int loan_summary_place(struct db *db, int from, int to, const char *province,
    const char *district, const char *commune, struct loan_summary *out);

/*
 * Livelihood capital put in people's hands from..to, one way each:
 * capital lent (to be repaid) is a loan; capital given (not repaid) is a
 * support of type "capital" (core/support.h). The report's capital line
 * counts both: total = lent_amount + given_amount; persons counts each
 * person once whichever way they received it. Place as for
 * loan_summary_place (NULL: any).
 */
struct loan_capital {
	int lent;                       /* loans disbursed from..to */
	int64_t lent_amount;            /* their principal */
	int given;                      /* capital supports given from..to */
	int64_t given_amount;           /* their value */
	int persons;                    /* distinct people, either way */
	int64_t total;
};
int loan_capital_place(struct db *db, int from, int to, const char *province,
    const char *district, const char *commune, struct loan_capital *out);

/* An installment for the SMS reminders. */
struct loan_due {
	int64_t loan_id, person_id, inst_id;
	int due_day;
	int64_t amount;                 /* still unpaid on it */
};
/* Installments falling due on day + days_before that are not paid (for
 * "due in N days"), or that fell due on day - days_after and are still
 * unpaid at day (for "N days overdue"). fn returns 0 to go on; anything
 * else stops and is returned. Written-off loans are skipped. */
int loan_each_due(struct db *db, int day, int days_before,
    int (*fn)(const struct loan_due *d, void *arg), void *arg);
int loan_each_overdue(struct db *db, int day, int days_after,
    int (*fn)(const struct loan_due *d, void *arg), void *arg);


#endif
