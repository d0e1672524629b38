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
export_people(struct db *db, const char *path, int names, long *rows)
{
	static const char *const hdr[] = { "case_code", "gender", "born",
		"village", "commune", "district", "province", "category", "route",
		"returned", "consent", "status", NULL };
	static const char *const hdr_names[] = { "case_code", "name", "gender",
		"born", "phone", "village", "commune", "district", "province",
		"category", "route", "returned", "consent", "notes", "status",
		NULL };
	static const char count_sql[] = "SELECT count(*) FROM person";
	struct person_filter f = { 0 };
	struct ctx x = { .names = names };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, names ? hdr_names : hdr, count_sql) < 0)
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
export_support(struct db *db, const char *path, int names, long *rows)
{
	static const char *const hdr[] = { "date", "case_code", "type", "value",
		"source", NULL };
	static const char *const hdr_names[] = { "date", "case_code", "type",
		"value", "source", "notes", NULL };
	static const char count_sql[] = "SELECT count(*) FROM support";
	struct support_filter f = { 0, DATE_NONE, DATE_NONE, NULL, NULL };
	struct ctx x = { .names = names };

	*rows = 0;
	if (csvio_export_start(db, &x.out, path, names ? hdr_names : hdr, count_sql) < 0)
		return -1;
	return csvio_export_finish(&x.out, support_each(db, &f, support_cb, &x), rows);
}
