/*
 * summary.h - the coordinator's summary report for a period: people by
 * category, support, loans, in-kind grants, groups, SMS and visits, for
 * everyone or one province, district or commune.
 *
 * A report reads from every module, so it sits above them all (core/,
 * groups/, sms/). Figures are counted with a few aggregate queries; the
 * rules that belong to a module come from it: support totals from
 * core/support.h (support_totals_place), loans, PAR30 and the repayment
 * rate as groups/loan.h defines them (loan_summary_place, counted again
 * over the month rollups in reports/loanfig.c; summary_build_raw and
 * "report verify" compare the two), the attendance rate from
 * groups/meeting.h (att_rate), overdue visits from core/visit.h
 * (visit_due), what answers a check-in from the follow-up module's link
 * (inbox.answers), help requests from its help cases.
 *
 * The report holds counts only: no names, no phone numbers.
 *
 * The report is a list of sections; each is a small table whose rows are
 * items (a category, a support type, a figure) and whose columns are
 * measures (received, persons, value...). Text and CSV output are here,
 * the HTML page in reports/html.c.
 *
 * Functions return 0 or -1 after one error().
 */
#ifndef SHG_SUMMARY_H
#define SHG_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "config/conf.h"
#include "core/db.h"

/* A value that could not be computed (printed "-", empty in CSV). */
#define SUMMARY_NA INT64_MIN
#define SUMMARY_COLS 8
/* Room for one value formatted by summary_format. */
#define SUMMARY_BUF 48

/* How a value reads. SUMMARY_ROW: the unit is the row's own. */
enum summary_unit {
	SUMMARY_COUNT,
	SUMMARY_MONEY,          /* whole đồng */
	SUMMARY_BP,             /* basis points: 1/100 of a percent */
	SUMMARY_HOURS,          /* tenths of an hour */
	SUMMARY_ROW,
};

struct summary_col {
	const char *name;       /* "received", "persons", "value": the CSV
	                         * measure; translated when shown */
	enum summary_unit unit;
	const char *label;      /* shown instead in Vietnamese when the name
	                         * alone is ambiguous (N_), or NULL */
};

struct summary_row {
	char *item;                     /* "returned-self", "type: food": the
	                                 * CSV item and the lookup key */
	char *label;                    /* for people, in the language of the
	                                 * report; NULL: the item, translated */
	enum summary_unit unit;         /* for SUMMARY_ROW columns */
	int64_t v[SUMMARY_COLS];
};

struct summary_section {
	const char *name;               /* "people", for CSV and lookups */
	const char *title;              /* "People by category" (N_) */
	const char *item_head;          /* "category" (N_) */
	const struct summary_col *cols;
	int ncols;
	struct summary_row *rows;
	int nrows, cap;
	const char *note;               /* printed under the table (N_), or
	                                 * NULL */
};

/* One month of the period, for the charts. */
struct summary_month {
	int year, month;
	int64_t repaid;                 /* đồng repaid in the month */
	int64_t attended, recorded;     /* attendance statuses: (present +
	                                 * late) and all */
};

/* Place filter: NULL fields match everything. Compared ignoring ASCII
 * case. */
struct summary_place {
	const char *province, *district, *commune;
};

struct summary {
	int from, to;                   /* day numbers, inclusive */
	struct summary_place place;     /* borrowed from the caller */
	struct summary_section *sec;
	int nsec;
	struct summary_month *months;
	int nmonths;
	int raw;                        /* 1: built by summary_build_raw */
};

/*
 * Build the report for from..to (from <= to) and place (NULL: all).
 * conf gives the visit plan. Free with
 * summary_free (also after a failure).
 */
int summary_build(struct db *db, const struct conf *conf, int from, int to,
    const struct summary_place *place, struct summary *out);
/* The same report with every figure counted from the raw rows, without
 * the month rollups (groups/schema.c, migration 16): slower, for checks
 * (report verify, tests). */
int summary_build_raw(struct db *db, const struct conf *conf, int from,
    int to, const struct summary_place *place, struct summary *out);
void summary_free(struct summary *s);

/*
 * The month rollups the report reads (attendance and meetings by group
 * and month, valid repayments by month and borrower's place, what falls
 * due by month and place), the amount paid kept on each loan installment
 * (the arrears) and whether a reply answers each message
 * (outbox.answered), recomputed from the raw rows and compared with what
 * is kept: one line onto out per difference. Returns the number of
 * differences (0: all equal), or
 * -1 after error().
 */
int summary_verify(struct db *db, FILE *out);
/* Compare two reports of the same period and place value by value, the
 * month series included: one line onto out per difference (section,
 * item, measure, the two values). Returns the number of differences. */
int summary_compare(const struct summary *a, const struct summary *b,
    FILE *out);

/* The section named name, or NULL. */
const struct summary_section *summary_section(const struct summary *s,
    const char *name);
/* The value of section/item/column, or SUMMARY_NA when there is none. */
int64_t summary_get(const struct summary *s, const char *section,
    const char *item, const char *col);

/* A value as text for people in the language in effect (English:
 * "1.500.000", "92,50%", "3,5 h", "-"; Vietnamese: "1.500.000 đ",
 * "92,50 %", "3,5 giờ"); csv != 0: plain ("1500000", "92.50", "3.5", "").
 * buf holds SUMMARY_BUF bytes. */
const char *summary_format(int64_t v, enum summary_unit unit, int csv,
    char *buf);
/* What a row is called for people: its label, else its item translated.
 * Borrowed. */
const char *summary_item_show(const struct summary_row *row);
/* What a column is called for people. Borrowed. */
const char *summary_col_show(const struct summary_col *col);
enum summary_unit summary_unit_of(const struct summary_section *sec,
    const struct summary_row *row, int col);

/* Aligned text: a heading, then one table per section; words, dates and
 * amounts in the language in effect. */
int summary_print_text(const struct summary *s, FILE *out);
/* CSV with the header section,item,measure,value (translated) and one
 * line per value: codes and plain numbers. */
int summary_print_csv(const struct summary *s, FILE *out);
/* The same for one section (by name; NULL: all of them). */
int summary_print_csv_section(const struct summary *s, const char *section,
    FILE *out);
/* The HTML report onto out: part 0 a whole self-contained page (what
 * summary_write_html writes), part 1 its charts and tables only, in a
 * <div class="report">, for a page that has its own head (the web
 * interface) and includes summary_html_style(). */
int summary_print_html(const struct summary *s, FILE *out, int part);
/* The report's style sheet (CSS, for tables, charts and print). */
const char *summary_html_style(void);
/* One self-contained HTML page (inline CSS and SVG charts, no external
 * resource) written to path. */
int summary_write_html(const struct summary *s, const char *path);

#endif
