#include "groups/ledgerio.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csvio.h"
#include "core/funding.h"
#include "core/log.h"
#include "core/person.h"
#include "core/support.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "groups/loan.h"

/* Cells shared by the kinds. */

/* The first of the required cells that is empty, named: -1, else 0.
 * names[i] is the column of ids[i]. */
static int
cells_needed(const struct import_row *r, const int *ids,
    const char *const *names)
{
	for (int i = 0; ids[i] >= 0; i++)
		if (!r->cell[ids[i]])
			return error("%s: the cell is empty", names[i]);
	return 0;
}

/* The person with this case code (required). */
static int
row_person(struct db *db, const char *code, int64_t *id)
{
	struct person p;

	if (person_get(db, code, &p) < 0)
		return -1;
	*id = p.id;
	person_free(&p);
	return 0;
}

static int
row_money(const char *column, const char *v, int64_t *out)
{
	if (parse_money(v, out) < 0)
		return error("%s: \"%s\" is not an amount in đồng", column, v);
	return 0;
}

static int
row_count(const char *column, const char *v, int min, int max, int *out)
{
	if (parse_int(v, min, max, out) < 0)
		return error("%s: \"%s\" is not a whole number from %d to %d",
		    column, v, min, max);
	return 0;
}

/* Support entries. */

enum { S_CASE, S_TYPE, S_DATE, S_VALUE, S_SOURCE, S_NOTES, S_N };

static const struct csvio_col support_cols[] = {
	{ "case_code", S_CASE }, { "case", S_CASE }, { "ma_ho_so", S_CASE },
	{ "type", S_TYPE }, { "loai", S_TYPE }, { "loai_ho_tro", S_TYPE },
	{ "date", S_DATE }, { "given", S_DATE }, { "ngay", S_DATE },
	{ "ngay_ho_tro", S_DATE }, { "value", S_VALUE }, { "gia_tri", S_VALUE },
	{ "so_tien", S_VALUE }, { "source", S_SOURCE },
	{ "nguon", S_SOURCE }, { "nguon_kinh_phi", S_SOURCE },
	{ "nguon_von", S_SOURCE }, { "notes", S_NOTES }, { "ghi_chu", S_NOTES },
	{ "stt", -1 }, { "name", -1 }, { "ho_ten", -1 }, { NULL, 0 },
};

/* An entry already there with the same person, type, date, value and
 * source: its id, or 0. */
static int
support_find(struct db *db, const struct support *s, int64_t *id)
{
	return db_int(db, id, 0, "SELECT id FROM support WHERE person_id = ? "
	    "AND type = ? AND given_on = ? AND value = ? AND source = ? "
	    "ORDER BY id LIMIT 1", "itDit", s->person_id, s->type, s->day,
	    s->value, s->source);
}

static int
support_row(struct db *db, struct import_row *r)
{
	const char *const *c = r->cell;
	struct support s = { .value = 0, .notes = c[S_NOTES] };
	static const int need[] = { S_CASE, S_TYPE, S_DATE, S_SOURCE, -1 };
	static const char *const names[] = { "case_code", "type", "date",
		"source" };
	char src[FUNDING_MAX];
	int64_t id;

	if (cells_needed(r, need, names) < 0 ||
	    row_person(db, c[S_CASE], &s.person_id) < 0 ||
	    support_type_parse("type", c[S_TYPE], &s.type) < 0 ||
	    import_date("date", c[S_DATE], &s.day) < 0 ||
	    funding_parse("source", c[S_SOURCE], src, sizeof src) < 0 ||
	    (c[S_VALUE] && row_money("value", c[S_VALUE], &s.value) < 0))
		return -1;
	s.source = src;
	if (support_find(db, &s, &id) < 0 || import_check_seen(r, id) < 0)
		return -1;
	if ((r->id = id))
		return IMPORT_UNCHANGED;
	if (support_add(db, &s) < 0)
		return -1;
	r->id = s.id;
	return IMPORT_ADDED;
}

int
ledgerio_import_support(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out)
{
	static const int required[] = { S_CASE, S_TYPE, S_DATE, S_SOURCE, -1 };
	static const struct import_kind kind = { "support", "support entry",
		support_cols, S_N, required, support_row };

	return import_run(db, path, &kind, o, out);
}

/* Loans. */

enum { L_REF, L_CASE, L_GROUP, L_SOURCE, L_PURPOSE, L_PRINCIPAL, L_RATE,
	L_TERM, L_FREQ, L_METHOD, L_GRACE, L_DISBURSED, L_INTEREST, L_N };

static const struct csvio_col loan_cols[] = {
	{ "ref", L_REF }, { "loan", L_REF }, { "loan_ref", L_REF },
	{ "ma_khoan_vay", L_REF }, { "khoan_vay", L_REF },
	{ "so_hop_dong", L_REF }, { "case_code", L_CASE }, { "case", L_CASE },
	{ "ma_ho_so", L_CASE }, { "group", L_GROUP }, { "nhom", L_GROUP },
	{ "source", L_SOURCE }, { "nguon_von", L_SOURCE }, { "nguon", L_SOURCE },
	{ "purpose", L_PURPOSE }, { "muc_dich", L_PURPOSE },
	{ "muc_dich_vay", L_PURPOSE }, { "principal", L_PRINCIPAL },
	{ "tien_goc", L_PRINCIPAL }, { "so_tien_vay", L_PRINCIPAL },
	{ "rate", L_RATE }, { "lai_suat", L_RATE }, { "term", L_TERM },
	{ "term_months", L_TERM }, { "thoi_han", L_TERM },
	{ "thoi_han_vay_(thang)", L_TERM }, { "thoi_han_vay", L_TERM },
	{ "freq", L_FREQ }, { "ky_tra_no", L_FREQ }, { "method", L_METHOD },
	{ "cach_tinh_lai", L_METHOD }, { "grace", L_GRACE },
	{ "an_han", L_GRACE }, { "disbursed", L_DISBURSED },
	{ "ngay_giai_ngan", L_DISBURSED }, { "interest", L_INTEREST },
	{ "lai_khi_tra_truoc", L_INTEREST }, { "stt", -1 }, { "name", -1 },
	{ "ho_ten", -1 }, { NULL, 0 },
};

/* The convention of a new loan: the cell, else the setting for its
 * source (as loan disburse takes it). */
static int
loan_interest_of(const struct import_row *r, const char *src,
    enum loan_interest *out)
{
	const char *const *d = r->opts->loan_interest;
	const char *v = !strncmp(src, "ngo:", 4) ? d[3] : str_eq(src, "vbsp") ?
	    d[2] : str_eq(src, "wu") ? d[1] : d[0];

	if (r->cell[L_INTEREST])
		return loan_interest_parse("interest", r->cell[L_INTEREST], out);
	return loan_interest_parse("loans.interest", v ? v : "schedule", out);
}

/* The terms of the row: principal, rate, term and the optional ones. */
static int
loan_terms(const char *const *c, struct loancalc_terms *t)
{
	if (row_money("principal", c[L_PRINCIPAL], &t->principal) < 0 ||
	    loancalc_parse_rate(c[L_RATE], &t->rate_ppm, &t->rate_unit) < 0 ||
	    row_count("term", c[L_TERM], 1, LOANCALC_TERM_MAX,
	    &t->term_months) < 0 ||
	    import_date("disbursed", c[L_DISBURSED], &t->disbursed_day) < 0)
		return -1;
	if (c[L_GRACE] && row_count("grace", c[L_GRACE], 0, LOANCALC_TERM_MAX,
	    &t->grace_months) < 0)
		return -1;
	if (c[L_FREQ] && loan_freq_parse("freq", c[L_FREQ], &t->freq) < 0)
		return -1;
	if (c[L_METHOD] && loan_method_parse("method", c[L_METHOD],
	    &t->method) < 0)
		return -1;
	return 0;
}

/* The loan a reference names: "L12" a loan of this database, else one
 * imported under that reference. *id = 0 when there is none. */
static int
loan_by_ref(struct db *db, const char *ref, int64_t *id)
{
	int64_t n;

	*id = 0;
	if ((ref[0] == 'L' || ref[0] == 'l') &&
	    parse_int64(ref + 1, 1, INT64_MAX, &n) == 0)
		return db_int(db, id, 0, "SELECT id FROM loan WHERE id = ?",
		    "i", n);
	return db_int(db, id, 0, "SELECT loan_id FROM loan_ref WHERE ref = ?",
	    "t", ref);
}

/* A loan already there under this reference: the same loan (unchanged)
 * or an error. */
static int
loan_same(struct db *db, int64_t id, const struct loan *l)
{
	struct loan had;
	int same;

	if (loan_get(db, id, &had) < 0)
		return -1;
	same = had.person_id == l->person_id &&
	    had.terms.principal == l->terms.principal &&
	    had.terms.disbursed_day == l->terms.disbursed_day;
	loan_free(&had);
	if (!same)
		return error("ref: L%lld already has this reference with "
		    "another borrower, principal or date (an import does not "
		    "change a loan)", (long long)id);
	return IMPORT_UNCHANGED;
}

static int
loan_parts(struct db *db, const struct import_row *r, struct loan *l,
    char *src)
{
	const char *const *c = r->cell;
	struct group g;

	if (row_person(db, c[L_CASE], &l->person_id) < 0 ||
	    funding_parse("source", c[L_SOURCE], src, FUNDING_MAX) < 0 ||
	    loan_interest_of(r, src, &l->interest) < 0 ||
	    loan_terms(c, &l->terms) < 0)
		return -1;
	l->source = src;
	l->purpose = (char *)c[L_PURPOSE];
	if (!c[L_GROUP])
		return 0;
	if (group_get(db, c[L_GROUP], &g) < 0)
		return -1;
	l->group_id = g.id;
	group_free(&g);
	return 0;
}

static int
loan_row(struct db *db, struct import_row *r)
{
	static const int need[] = { L_REF, L_CASE, L_SOURCE, L_PRINCIPAL,
		L_RATE, L_TERM, L_DISBURSED, -1 };
	static const char *const names[] = { "ref", "case_code", "source",
		"principal", "rate", "term", "disbursed" };
	struct loan l = { 0 };
	char src[FUNDING_MAX];
	int64_t id;

	if (cells_needed(r, need, names) < 0 ||
	    loan_parts(db, r, &l, src) < 0 ||
	    loan_by_ref(db, r->cell[L_REF], &id) < 0 ||
	    import_check_seen(r, id) < 0)
		return -1;
	if ((r->id = id))
		return loan_same(db, id, &l);
	if (loan_disburse(db, &l) < 0 || db_run(db, "INSERT INTO loan_ref "
	    "(ref, loan_id) VALUES (?, ?)", "ti", r->cell[L_REF], l.id) < 0)
		return -1;
	r->id = l.id;
	return IMPORT_ADDED;
}

int
ledgerio_import_loans(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out)
{
	static const int required[] = { L_REF, L_CASE, L_SOURCE, L_PRINCIPAL,
		L_RATE, L_TERM, L_DISBURSED, -1 };
	static const struct import_kind kind = { "loans", "loan", loan_cols,
		L_N, required, loan_row };

	return import_run(db, path, &kind, o, out);
}

/* Repayments. */

enum { R_LOAN, R_DATE, R_AMOUNT, R_NOTE, R_N };

static const struct csvio_col repay_cols[] = {
	{ "loan", R_LOAN }, { "ref", R_LOAN }, { "loan_ref", R_LOAN },
	{ "khoan_vay", R_LOAN }, { "ma_khoan_vay", R_LOAN },
	{ "so_hop_dong", R_LOAN }, { "date", R_DATE }, { "paid", R_DATE },
	{ "ngay", R_DATE }, { "ngay_tra", R_DATE }, { "amount", R_AMOUNT },
	{ "so_tien", R_AMOUNT }, { "so_tien_tra", R_AMOUNT },
	{ "note", R_NOTE }, { "notes", R_NOTE }, { "ghi_chu", R_NOTE },
	{ "stt", -1 }, { "case_code", -1 }, { "ma_ho_so", -1 }, { NULL, 0 },
};

static int
repay_row(struct db *db, struct import_row *r)
{
	const char *const *c = r->cell;
	static const int need[] = { R_LOAN, R_DATE, R_AMOUNT, -1 };
	static const char *const names[] = { "loan", "date", "amount" };
	int64_t loan_id, amount, id;
	int day;

	if (cells_needed(r, need, names) < 0 ||
	    loan_by_ref(db, c[R_LOAN], &loan_id) < 0)
		return -1;
	if (!loan_id)
		return error("loan: \"%s\" is neither a loan of this database "
		    "nor a reference imported with import loans", c[R_LOAN]);
	if (import_date("date", c[R_DATE], &day) < 0 ||
	    row_money("amount", c[R_AMOUNT], &amount) < 0)
		return -1;
	if (amount == 0)
		return error("amount: a repayment of 0 đồng");
	if (db_int(db, &id, 0, "SELECT id FROM loan_pay WHERE loan_id = ? AND "
	    "paid_on = ? AND amount = ? AND reverses IS NULL AND reversed_by "
	    "IS NULL ORDER BY id LIMIT 1", "iDi", loan_id, day, amount) < 0 ||
	    import_check_seen(r, id) < 0)
		return -1;
	if ((r->id = id))
		return IMPORT_UNCHANGED;
	if (loan_repay(db, loan_id, amount, day, c[R_NOTE], &r->id) < 0)
		return -1;
	return IMPORT_ADDED;
}

int
ledgerio_import_repayments(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out)
{
	static const int required[] = { R_LOAN, R_DATE, R_AMOUNT, -1 };
	static const struct import_kind kind = { "repayments", "repayment",
		repay_cols, R_N, required, repay_row };

	return import_run(db, path, &kind, o, out);
}

/* Grants. */

enum { G_CASE, G_KIND, G_WHAT, G_COUNT, G_VALUE, G_DATE, G_SOURCE, G_NOTES,
	G_PASSON, G_PASSON_BY, G_PASSON_TO, G_N };

static const struct csvio_col grant_cols[] = {
	{ "case_code", G_CASE }, { "case", G_CASE }, { "ma_ho_so", G_CASE },
	{ "kind", G_KIND }, { "loai", G_KIND }, { "what", G_WHAT },
	{ "hien_vat", G_WHAT }, { "count", G_COUNT }, { "so_luong", G_COUNT },
	{ "value", G_VALUE }, { "unit_value", G_VALUE }, { "don_gia", G_VALUE },
	{ "date", G_DATE }, { "given", G_DATE }, { "ngay_nhan", G_DATE },
	{ "ngay", G_DATE }, { "source", G_SOURCE }, { "nguon", G_SOURCE },
	{ "nguon_kinh_phi", G_SOURCE }, { "nguon_von", G_SOURCE },
	{ "notes", G_NOTES }, { "ghi_chu", G_NOTES }, { "passon", G_PASSON },
	{ "so_con_phai_chuyen", G_PASSON }, { "passon_by", G_PASSON_BY },
	{ "han_chuyen", G_PASSON_BY }, { "passon_to", G_PASSON_TO },
	{ "chuyen_cho", G_PASSON_TO }, { "stt", -1 }, { "name", -1 },
	{ "ho_ten", -1 }, { NULL, 0 },
};

/* A kind code, or its Vietnamese word (folded). */
static int
grant_kind_of(const char *v, const char **code)
{
	static const char *const words[][2] = { { "lon_nai", "sow" },
		{ "lon_con", "piglet" }, { "bo", "cow" }, { "trau", "buffalo" },
		{ "de", "goat" }, { "ga", "chicken" }, { "vit", "duck" },
		{ "khac", "other" }, { "sow", "sow" }, { "piglet", "piglet" },
		{ "cow", "cow" }, { "buffalo", "buffalo" }, { "goat", "goat" },
		{ "chicken", "chicken" }, { "duck", "duck" }, { "other", "other" } };
	char *f = text_code(v, '_');

	*code = NULL;
	for (size_t i = 0; i < NELEM(words) && !*code; i++)
		if (!strcmp(f, words[i][0]))
			*code = words[i][1];
	free(f);
	return *code ? 0 : grant_kind_check("kind", v);
}

static int
grant_parts(struct db *db, const char *const *c, struct grant *g, char *src)
{
	const char *kind;

	if (row_person(db, c[G_CASE], &g->person_id) < 0 ||
	    grant_kind_of(c[G_KIND], &kind) < 0 ||
	    row_count("count", c[G_COUNT], 1, 100000, &g->count) < 0 ||
	    row_money("value", c[G_VALUE], &g->unit_value) < 0 ||
	    import_date("date", c[G_DATE], &g->day) < 0 ||
	    funding_parse("source", c[G_SOURCE], src, FUNDING_MAX) < 0)
		return -1;
	g->kind = (char *)kind;
	g->what = (char *)c[G_WHAT];
	g->source = src;
	g->notes = (char *)c[G_NOTES];
	return 0;
}

/* The pass-on obligation of the row, when it has one. */
static int
grant_obligation(struct db *db, const char *const *c, int64_t grant_id)
{
	int64_t to = 0;
	int n, day;

	if (!c[G_PASSON] && !c[G_PASSON_BY] && !c[G_PASSON_TO])
		return 0;
	if (!c[G_PASSON] || !c[G_PASSON_BY])
		return error("passon: a pass-on needs passon and passon_by (and "
		    "optionally passon_to)");
	if (row_count("passon", c[G_PASSON], 1, 100000, &n) < 0 ||
	    import_date("passon_by", c[G_PASSON_BY], &day) < 0 ||
	    (c[G_PASSON_TO] && row_person(db, c[G_PASSON_TO], &to) < 0))
		return -1;
	return grant_oblige(db, grant_id, n, day, to);
}

static int
grant_row(struct db *db, struct import_row *r)
{
	static const int need[] = { G_CASE, G_KIND, G_COUNT, G_VALUE, G_DATE,
		G_SOURCE, -1 };
	static const char *const names[] = { "case_code", "kind", "count",
		"value", "date", "source" };
	struct grant g = { 0 };
	char src[FUNDING_MAX];
	int64_t id;

	if (cells_needed(r, need, names) < 0 ||
	    grant_parts(db, r->cell, &g, src) < 0 ||
	    db_int(db, &id, 0, "SELECT id FROM ikgrant WHERE person_id = ? AND "
	    "kind = ? AND given_on = ? AND count = ? AND unit_value = ? "
	    "ORDER BY id LIMIT 1", "itDdi", g.person_id, g.kind, g.day,
	    g.count, g.unit_value) < 0 || import_check_seen(r, id) < 0)
		return -1;
	if ((r->id = id))
		return IMPORT_UNCHANGED;
	if (grant_give(db, &g) < 0 || grant_obligation(db, r->cell, g.id) < 0)
		return -1;
	r->id = g.id;
	return IMPORT_ADDED;
}

int
ledgerio_import_grants(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out)
{
	static const int required[] = { G_CASE, G_KIND, G_COUNT, G_VALUE,
		G_DATE, G_SOURCE, -1 };
	static const struct import_kind kind = { "grants", "grant", grant_cols,
		G_N, required, grant_row };

	return import_run(db, path, &kind, o, out);
}
