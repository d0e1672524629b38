/*
 * summary_int.h - what the files of the summary report share (not for
 * use outside reports/).
 */
#ifndef SHG_SUMMARY_INT_H
#define SHG_SUMMARY_INT_H

#include "groups/loan.h"
#include "reports/summary.h"

/* Longest period charted month by month (ten years). */
#define SUMMARY_MAX_MONTHS 120
/* Most bars in one chart (the last months of a longer period). */
#define SUMMARY_MAX_CHART 24

/* Row t (a person or a group) is in the place asked for (?1 province,
 * ?2 district, ?3 commune; NULL: any; ASCII case ignored). */
#define PLACE(t) \
    "(?1 IS NULL OR " t ".province = ?1 COLLATE NOCASE) AND " \
    "(?2 IS NULL OR " t ".district = ?2 COLLATE NOCASE) AND " \
    "(?3 IS NULL OR " t ".commune = ?3 COLLATE NOCASE)"
/* The person id col is of someone in the place. With no place this is
 * true at once, with no lookup per row; with one, the ids of the place
 * are read once. */
#define PERSON_IN_PLACE(col) \
    "(?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL OR " col " IN " \
    "(SELECT pe.id FROM person pe WHERE " PLACE("pe") "))"

/* The same looked up per row, for queries of few rows (the days at a
 * period's ends). */
#define PERSON_AT_PLACE(col) \
    "(?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL OR EXISTS (SELECT 1 " \
    "FROM person pe WHERE pe.id = " col " AND " PLACE("pe") "))"

/* The loan id col is of a borrower in the place, looked up per row (for
 * the few rows of a period's ends, cheaper than the set of every loan of
 * the place). */
#define LOAN_IN_PLACE(col) \
    "(?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL OR EXISTS (SELECT 1 " \
    "FROM loan l JOIN person pe ON pe.id = l.person_id WHERE l.id = " col \
    " AND " PLACE("pe") "))"

/* A period cut for the month rollups (reports/rollup.c): the whole
 * months mfrom..mto ("YYYY-MM"; "" when none) come from the rollup
 * tables, and the nraw pieces raw_from[i]..raw_to[i] (days) from the raw
 * rows, added when raw_sign[i] is 1, taken off when it is -1 (the days
 * of a month read whole that are outside the period). */
struct summary_cut {
	char mfrom[8], mto[8];
	int nraw;
	int raw_from[2], raw_to[2], raw_sign[2];
};
void summary_cut(const struct summary *s, struct summary_cut *c);
/* Prepare static sql and bind ?1..?3 the place, ?4 from, ?5 to (days). */
sqlite3_stmt *summary_query_days(struct db *db, const struct summary *s,
    const char *sql, int from, int to);
/* The same with ?4, ?5 the months of c ("YYYY-MM"), for the rollups. */
sqlite3_stmt *summary_query_months(struct db *db, const struct summary *s,
    const char *sql, const struct summary_cut *c);

/* The one-column "value" layout of figure sections. */
extern const struct summary_col summary_value_col[];

/* Prepare static sql and bind ?1 province, ?2 district, ?3 commune,
 * ?4 from, ?5 to. NULL after error(). */
sqlite3_stmt *summary_query(struct db *db, const struct summary *s,
    const char *sql);
/* 1 when the report is for one place. */
int summary_place_given(const struct summary *s);

struct summary_section *summary_sec_add(struct summary *s, const char *name,
    const char *title, const char *item_head, const struct summary_col *cols,
    int ncols);
struct summary_row *summary_row_add(struct summary_section *sec,
    const char *item, enum summary_unit unit);
/* The label shown for r in a Vietnamese report (copied; English shows
 * the item). */
void summary_row_label(struct summary_row *r, const char *label);
struct summary_row *summary_figure(struct summary_section *sec, const char *item,
    enum summary_unit unit, int64_t v);
/* The month "YYYY-MM" of the period, or NULL. */
struct summary_month *summary_month_of(struct summary *s, const char *ym);

/* "province Lào Cai, district Sa Pa" or "all", translated; in buf. */
char *summary_place_text(const struct summary *s, char *buf, size_t size);

/* The loan figures of loan_summary_place for the report's period and
 * place, from the month rollups (reports/loanfig.c). */
int summary_loans(struct db *db, const struct summary *s,
    struct loan_summary *out);
/* loan_capital_place the same way, without reading people unless the
 * report is for a place. */
int summary_capital(struct db *db, const struct summary *s,
    struct loan_capital *out);

/* Sections and series filled in reports/figures.c. */
int summary_sec_grants(struct db *db, struct summary *s);
int summary_sec_sms(struct db *db, struct summary *s);
int summary_visits_overdue(struct db *db, const struct conf *conf,
    struct summary *s, struct summary_section *sec);
/* Repayments by month; attendance by month comes with the groups. */
int summary_months_fill(struct db *db, struct summary *s);

#endif
