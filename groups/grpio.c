#include "groups/grpio.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csvio.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/group.h"
#include "groups/loan.h"

/* Groups. */

enum { G_NAME, G_VILLAGE, G_COMMUNE, G_DISTRICT, G_PROVINCE, G_PLACE,
	G_ORGANISER, G_ORG_PHONE, G_FOUNDED, G_N };

static const struct csvio_col group_cols[] = {
	{ "name", G_NAME }, { "group", G_NAME }, { "ten_nhom", G_NAME },
	{ "nhom", G_NAME }, { "village", G_VILLAGE }, { "thon", G_VILLAGE },
	{ "commune", G_COMMUNE }, { "xa", G_COMMUNE },
	{ "district", G_DISTRICT }, { "huyen", G_DISTRICT },
	{ "province", G_PROVINCE }, { "tinh", G_PROVINCE },
	{ "place", G_PLACE }, { "dia_diem", G_PLACE },
	{ "organiser", G_ORGANISER }, { "organiser_name", G_ORGANISER },
	{ "organizer", G_ORGANISER }, { "nguoi_phu_trach", G_ORGANISER },
	{ "organiser_phone", G_ORG_PHONE }, { "organizer_phone", G_ORG_PHONE },
	{ "dien_thoai_nguoi_phu_trach", G_ORG_PHONE },
	{ "founded", G_FOUNDED }, { "ngay_thanh_lap", G_FOUNDED },
	{ "stt", -1 }, { "status", -1 }, { "trang_thai", -1 }, { NULL, 0 },
};

/* The group named like this: *id, or 0 when there is none. */
static int
find_group(struct db *db, const char *name, int64_t *id)
{
	struct group g;
	char *fold = text_fold(name);
	int64_t n;
	int rc;

	*id = 0;
	rc = db_int(db, &n, 0, "SELECT count(*) FROM grp WHERE name_fold = ?",
	    "t", fold);
	free(fold);
	if (rc < 0 || n == 0)
		return rc;
	if (group_get(db, name, &g) < 0)
		return -1;
	*id = g.id;
	group_free(&g);
	return 0;
}

static int
group_apply(const struct import_row *r, struct group *g, int *changed)
{
	const char *const *c = r->cell;
	char e164[PHONE_E164_MAX];
	int day;

	if (!g->id)     /* a group found by name keeps its own spelling */
		import_set_text(&g->name, c[G_NAME], changed);
	import_set_text(&g->village, c[G_VILLAGE], changed);
	import_set_text(&g->commune, c[G_COMMUNE], changed);
	import_set_text(&g->district, c[G_DISTRICT], changed);
	import_set_text(&g->province, c[G_PROVINCE], changed);
	import_set_text(&g->place, c[G_PLACE], changed);
	import_set_text(&g->organiser_name, c[G_ORGANISER], changed);
	if (c[G_ORG_PHONE] && import_phone(r, "organiser_phone", c[G_ORG_PHONE],
	    e164, sizeof e164) < 0)
		return -1;
	import_set_text(&g->organiser_phone, c[G_ORG_PHONE] ? e164 : NULL,
	    changed);
	if (c[G_FOUNDED] && import_date("founded", c[G_FOUNDED], &day) < 0)
		return -1;
	if (c[G_FOUNDED])
		import_set_int(&g->founded_on, day, changed);
	return 0;
}

static int
group_row(struct db *db, struct import_row *r)
{
	struct group g;
	int64_t id;
	int changed = 0, rc;

	group_init(&g);
	if (!r->cell[G_NAME])
		return error("name: a group name is needed");
	if (find_group(db, r->cell[G_NAME], &id) < 0 ||
	    import_check_seen(r, id) < 0)
		return -1;
	if (id && group_get_id(db, id, &g) < 0)
		return -1;
	if (group_apply(r, &g, &changed) < 0)
		rc = -1;
	else if (!id)
		rc = group_add(db, &g) < 0 ? -1 : IMPORT_ADDED;
	else if (!changed)
		rc = IMPORT_UNCHANGED;
	else
		rc = group_update(db, &g) < 0 ? -1 : IMPORT_UPDATED;
	r->id = g.id;
	group_free(&g);
	return rc;
}

int
grpio_import_groups(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out)
{
	static const int required[] = { G_NAME, -1 };
	static const struct import_kind kind = { "groups", "group", group_cols,
		G_N, required, group_row };

	return import_run(db, path, &kind, o, out);
}

/* Members. */

enum { M_GROUP, M_CASE, M_ROLE, M_JOINED, M_N };

static const struct csvio_col member_cols[] = {
	{ "group", M_GROUP }, { "nhom", M_GROUP }, { "ten_nhom", M_GROUP },
	{ "case_code", M_CASE }, { "case", M_CASE }, { "ma_ho_so", M_CASE },
	{ "role", M_ROLE }, { "vai_tro", M_ROLE }, { "joined", M_JOINED },
	{ "ngay_vao", M_JOINED }, { "stt", -1 }, { "name", -1 },
	{ "ho_ten", -1 }, { NULL, 0 },
};

/* The person's open membership of the group: *id and its role. */
static int
open_membership(struct db *db, int64_t gid, int64_t pid, int64_t *id,
    char *role, size_t size)
{
	static const char sql[] = "SELECT id, role FROM membership WHERE "
	    "group_id = ? AND person_id = ? AND left_on IS NULL";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	*id = 0;
	if (!st || db_bind(db, st, "ii", gid, pid) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		*id = db_col_int(st, 0);
		snprintf(role, size, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
member_parties(struct db *db, const struct import_row *r, int64_t *gid,
    int64_t *pid)
{
	struct group g;
	struct person p;

	if (!r->cell[M_GROUP] || !r->cell[M_CASE])
		return error("a group and a case code are needed");
	if (group_get(db, r->cell[M_GROUP], &g) < 0)
		return -1;
	*gid = g.id;
	group_free(&g);
	if (person_get(db, r->cell[M_CASE], &p) < 0)
		return -1;
	*pid = p.id;
	person_free(&p);
	return 0;
}

static int
member_row(struct db *db, struct import_row *r)
{
	const char *role = r->cell[M_ROLE];
	int64_t gid = 0, pid = 0, mid;
	char had[32];
	int day = date_today();

	if (member_parties(db, r, &gid, &pid) < 0)
		return -1;
	if (role && !group_role_valid(role))
		return error("role: \"%s\" is not member, leader or treasurer",
		    role);
	if (r->cell[M_JOINED] && import_date("joined", r->cell[M_JOINED],
	    &day) < 0)
		return -1;
	if (open_membership(db, gid, pid, &mid, had, sizeof had) < 0 ||
	    import_check_seen(r, mid) < 0)
		return -1;
	r->id = mid;
	if (mid && (!role || !strcmp(role, had)))
		return IMPORT_UNCHANGED;
	if (mid)
		return group_set_role(db, gid, pid, role) < 0 ? -1 :
		    IMPORT_UPDATED;
	if (group_join(db, gid, pid, day, role, r->opts->allow_multiple,
	    &r->id) < 0)
		return -1;
	return IMPORT_ADDED;
}

int
grpio_import_members(struct db *db, const char *path,
    const struct import_opts *o, struct import_counts *out)
{
	static const int required[] = { M_GROUP, M_CASE, -1 };
	static const struct import_kind kind = { "members", "membership",
		member_cols, M_N, required, member_row };

	return import_run(db, path, &kind, o, out);
}

/* Exports. */

struct ectx {
	struct db *db;
	struct csvio_export out;
	int names;
	const char *group;      /* members: the group being written */
};

static int
group_cb(const struct group *g, void *arg)
{
	struct ectx *x = arg;

	csvio_out_cell(&x->out.w, g->name);
	csvio_out_cell(&x->out.w, g->village);
	csvio_out_cell(&x->out.w, g->commune);
	csvio_out_cell(&x->out.w, g->district);
	csvio_out_cell(&x->out.w, g->province);
	csvio_out_cell(&x->out.w, g->place);
	if (x->names) {
		csvio_out_cell(&x->out.w, g->organiser_name);
		csvio_out_cell(&x->out.w, g->organiser_phone);
	}
	csvio_out_date(&x->out.w, g->founded_on);
	csvio_out_cell(&x->out.w, g->status);
	csvio_progress_step(&x->out.pr);
	return 0;
}

int
grpio_export_groups(struct db *db, const char *path, int flags, long *rows)
{
	/* The Vietnamese headers are names grpio_import_groups() reads. */
	static const struct csvio_head head[] = {
		{ "name", "tên nhóm", 0 }, { "village", "thôn", 0 },
		{ "commune", "xã", 0 }, { "district", "huyện", 0 },
		{ "province", "tỉnh", 0 }, { "place", "địa điểm", 0 },
		{ "organiser", "người phụ trách", 1 },
		{ "organiser_phone", "điện thoại người phụ trách", 1 },
		{ "founded", "ngày thành lập", 0 }, { "status", "trạng thái", 0 },
		{ NULL, NULL, 0 },
	};
	static const char count_sql[] = "SELECT count(*) FROM grp";
	struct ectx x = { .db = db, .names = flags & CSVIO_NAMES };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, head, flags, count_sql) < 0)
		return -1;
	return csvio_export_finish(&x.out, group_each(db, NULL, group_cb, &x), rows);
}

static int
member_cb(const struct membership *m, void *arg)
{
	struct ectx *x = arg;

	csvio_out_cell(&x->out.w, x->group);
	csvio_out_cell(&x->out.w, m->case_code);
	if (x->names)
		csvio_out_cell(&x->out.w, m->full_name);
	csvio_out_cell(&x->out.w, m->role);
	csvio_out_date(&x->out.w, m->joined_on);
	csvio_progress_step(&x->out.pr);
	return 0;
}

static int
members_of_group(const struct group *g, void *arg)
{
	struct ectx *x = arg;

	x->group = g->name;
	return group_members_each(x->db, g->id, date_today(), member_cb, x);
}

int
grpio_export_members(struct db *db, const char *path, int flags, long *rows)
{
	/* The Vietnamese headers are names grpio_import_members() reads. */
	static const struct csvio_head head[] = {
		{ "group", "nhóm", 0 }, { "case_code", "mã hồ sơ", 0 },
		{ "name", "họ tên", 1 }, { "role", "vai trò", 0 },
		{ "joined", "ngày vào", 0 }, { NULL, NULL, 0 },
	};
	static const char count_sql[] = "SELECT count(*) FROM membership "
	    "WHERE left_on IS NULL";
	struct ectx x = { .db = db, .names = flags & CSVIO_NAMES };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, head, flags, count_sql) < 0)
		return -1;
	return csvio_export_finish(&x.out, group_each(db, "active", members_of_group, &x), rows);
}

/* Loans. */

static void
loan_cells(struct ectx *x, const struct loan *l, const struct loan_state *s)
{
	const struct loancalc_terms *t = &l->terms;
	struct csvio_out *w = &x->out.w;
	char rate[32];

	snprintf(rate, sizeof rate, "%d.%04d", t->rate_ppm / 10000,
	    t->rate_ppm % 10000);
	csvio_out_cell(w, l->source);
	csvio_out_cell(w, l->purpose);
	csvio_out_int(w, (long long)t->principal);
	csvio_out_cell(w, rate);
	csvio_out_cell(w, t->rate_unit == LOANCALC_PER_YEAR ? "year" : "month");
	csvio_out_int(w, t->term_months);
	csvio_out_cell(w, loan_freq_name(t->freq));
	csvio_out_cell(w, loan_method_name(t->method));
	csvio_out_date(w, t->disbursed_day);
	csvio_out_cell(w, loan_status_name(s->status));
	csvio_out_int(w, (long long)s->outstanding_principal);
	csvio_out_int(w, (long long)s->overdue);
	csvio_out_int(w, s->days_overdue);
	csvio_out_int(w, (long long)s->paid);
}

/* One loan row; the loan's id, borrower and group come from the query. */
static int
loan_row(struct ectx *x, int64_t id, const char *code, const char *group)
{
	struct loan l;
	struct loan_state s;
	int rc;

	if (loan_get(x->db, id, &l) < 0)
		return -1;
	rc = loan_state_at(x->db, id, date_today(), &s);
	if (rc == 0) {
		csvio_out_int(&x->out.w, (long long)id);
		csvio_out_cell(&x->out.w, code);
		csvio_out_cell(&x->out.w, group);
		loan_cells(x, &l, &s);
		csvio_progress_step(&x->out.pr);
	}
	loan_free(&l);
	return rc;
}

static int
loan_rows(struct ectx *x)
{
	static const char sql[] = "SELECT l.id, p.case_code, g.name FROM loan l "
	    "JOIN person p ON p.id = l.person_id LEFT JOIN grp g ON "
	    "g.id = l.group_id ORDER BY l.id";
	sqlite3_stmt *st = db_prepare(x->db, sql);
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(x->db, st)) == SQLITE_ROW) {
		char *code = xstrdup(db_col_text(st, 1));
		const char *g = db_col_text(st, 2);
		char *group = g ? xstrdup(g) : NULL;

		rc = loan_row(x, db_col_int(st, 0), code, group);
		free(code);
		free(group);
		if (rc < 0)
			break;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
grpio_export_loans(struct db *db, const char *path, int flags, long *rows)
{
	static const struct csvio_head head[] = {
		{ "loan", "khoản vay", 0 }, { "case_code", "mã hồ sơ", 0 },
		{ "group", "nhóm", 0 }, { "source", "nguồn vốn", 0 },
		{ "purpose", "mục đích vay", 0 }, { "principal", "tiền gốc", 0 },
		{ "rate_percent", "lãi suất (%)", 0 },
		{ "rate_per", "lãi suất tính theo", 0 },
		{ "term_months", "thời hạn vay (tháng)", 0 },
		{ "freq", "kỳ trả nợ", 0 }, { "method", "cách tính lãi", 0 },
		{ "disbursed", "ngày giải ngân", 0 }, { "status", "trạng thái", 0 },
		{ "outstanding_principal", "dư nợ gốc", 0 },
		{ "overdue", "nợ quá hạn", 0 },
		{ "days_overdue", "số ngày quá hạn", 0 }, { "paid", "đã trả", 0 },
		{ NULL, NULL, 0 },
	};
	static const char count_sql[] = "SELECT count(*) FROM loan";
	struct ectx x = { .db = db };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, head, flags, count_sql) < 0)
		return -1;
	return csvio_export_finish(&x.out, loan_rows(&x), rows);
}
