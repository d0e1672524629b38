#include "core/export.h"

#include <stdlib.h>

#include "core/csvio.h"
#include "core/log.h"
#include "core/person.h"
#include "core/support.h"
#include "core/util.h"

struct ctx {
	struct csvio_export out;
	int names;
};

static void
person_row(struct ctx *x, const struct person *p)
{
	struct csvio_out *w = &x->out.w;

	csvio_out_cell(w, p->case_code);
	if (x->names)
		csvio_out_cell(w, p->full_name);
	csvio_out_cell(w, p->gender);
	if (p->birth_year)
		csvio_out_int(w, p->birth_year);
	else
		csvio_out_cell(w, NULL);
	if (x->names)
		csvio_out_cell(w, p->phone);
	csvio_out_cell(w, p->village);
	csvio_out_cell(w, p->commune);
	csvio_out_cell(w, p->district);
	csvio_out_cell(w, p->province);
	csvio_out_cell(w, p->category);
	csvio_out_cell(w, p->route);
	csvio_out_date(w, p->returned_on);
	csvio_out_cell(w, p->sms_consent ? "yes" : "no");
	if (x->names)
		csvio_out_cell(w, p->notes);
	csvio_out_cell(w, p->status);
}

static int
person_cb(const struct person *p, void *arg)
{
	struct ctx *x = arg;

	person_row(x, p);
	csvio_progress_step(&x->out.pr);
	return 0;
}


int
export_people(struct db *db, const char *path, int flags, long *rows)
{
	/* The Vietnamese headers are names import_people() reads. */
	static const struct csvio_head head[] = {
		{ "case_code", "mã hồ sơ", 0 }, { "name", "họ tên", 1 },
		{ "gender", "giới tính", 0 }, { "born", "năm sinh", 0 },
		{ "phone", "số điện thoại", 1 }, { "village", "thôn", 0 },
		{ "commune", "xã", 0 }, { "district", "huyện", 0 },
		{ "province", "tỉnh", 0 }, { "category", "diện", 0 },
		{ "route", "con đường bị lừa", 0 },
		{ "returned", "ngày trở về", 0 },
		{ "consent", "đồng ý nhận tin nhắn", 0 },
		{ "notes", "ghi chú", 1 }, { "status", "trạng thái", 0 },
		{ NULL, NULL, 0 },
	};
	static const char count_sql[] = "SELECT count(*) FROM person";
	struct person_filter f = { 0 };
	struct ctx x = { .names = flags & CSVIO_NAMES };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, head, flags, count_sql) < 0)
		return -1;
	return csvio_export_finish(&x.out, person_each(db, &f, person_cb, &x), rows);
}

static int
support_cb(const struct support *s, void *arg)
{
	struct ctx *x = arg;

	csvio_out_date(&x->out.w, s->day);
	csvio_out_cell(&x->out.w, s->case_code);
	csvio_out_cell(&x->out.w, s->type);
	csvio_out_int(&x->out.w, (long long)s->value);
	csvio_out_cell(&x->out.w, s->source);
	if (x->names)
		csvio_out_cell(&x->out.w, s->notes);
	csvio_progress_step(&x->out.pr);
	return 0;
}

int
export_support(struct db *db, const char *path, int flags, long *rows)
{
	static const struct csvio_head head[] = {
		{ "date", "ngày", 0 }, { "case_code", "mã hồ sơ", 0 },
		{ "type", "loại hỗ trợ", 0 }, { "value", "giá trị (đồng)", 0 },
		{ "source", "nguồn kinh phí", 0 }, { "notes", "ghi chú", 1 },
		{ NULL, NULL, 0 },
	};
	static const char count_sql[] = "SELECT count(*) FROM support";
	struct support_filter f = { 0, DATE_NONE, DATE_NONE, NULL, NULL };
	struct ctx x = { .names = flags & CSVIO_NAMES };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, head, flags, count_sql) < 0)
		return -1;
	return csvio_export_finish(&x.out, support_each(db, &f, support_cb, &x), rows);
}
