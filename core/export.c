#include "core/export.h"

#include <stdlib.h>

#include "core/csvio.h"
#include "core/log.h"
#include "core/person.h"
#include "core/support.h"
#include "core/util.h"

struct ctx {
	struct csvio_out w;
	struct csvio_progress pr;
	int names;
};

static void
person_row(struct ctx *x, const struct person *p)
{
	struct csvio_out *w = &x->w;

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
	csvio_progress_step(&x->pr);
	return 0;
}

/* Open the file and start the progress bar over the rows count_sql finds. */
static int
start(struct db *db, struct ctx *x, const char *path,
    const char *const *hdr, const char *count_sql)
{
	int64_t n;

	if (db_int(db, &n, 0, count_sql, "") < 0 ||
	    csvio_out_open(&x->w, path, hdr) < 0)
		return -1;
	csvio_progress_start(&x->pr, "exporting", (long)n);
	return 0;
}

static int
finish(struct ctx *x, int rc, long *rows)
{
	csvio_progress_end(&x->pr);
	*rows = x->w.rows;
	if (rc != 0) {
		csvio_out_abort(&x->w);
		return -1;
	}
	return csvio_out_close(&x->w);
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
	if (start(db, &x, path, names ? hdr_names : hdr, count_sql) < 0)
		return -1;
	return finish(&x, person_each(db, &f, person_cb, &x), rows);
}

static int
support_cb(const struct support *s, void *arg)
{
	struct ctx *x = arg;

	csvio_out_date(&x->w, s->day);
	csvio_out_cell(&x->w, s->case_code);
	csvio_out_cell(&x->w, s->type);
	csvio_out_int(&x->w, (long long)s->value);
	csvio_out_cell(&x->w, s->source);
	if (x->names)
		csvio_out_cell(&x->w, s->notes);
	csvio_progress_step(&x->pr);
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
	if (start(db, &x, path, names ? hdr_names : hdr, count_sql) < 0)
		return -1;
	return finish(&x, support_each(db, &f, support_cb, &x), rows);
}
