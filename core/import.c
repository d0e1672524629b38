#include "core/import.h"

#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

/* The records rows of this import matched or added, with their lines. */
struct import_seen {
	const char *label;
	int64_t *ids;
	int *lines;
	int n, cap;
};

static void
seen_add(struct import_seen *s, int64_t id, int line)
{
	if (!id)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->ids = xrealloc(s->ids, (size_t)s->cap * sizeof *s->ids);
		s->lines = xrealloc(s->lines, (size_t)s->cap * sizeof *s->lines);
	}
	s->ids[s->n] = id;
	s->lines[s->n++] = line;
}

/* "same person as line 3": one whole message for each kind's label. */
static int
same_as(const char *label, int line)
{
	if (str_eq(label, "group"))
		return error("same group as line %d", line);
	if (str_eq(label, "membership"))
		return error("same membership as line %d", line);
	if (str_eq(label, "support entry"))
		return error("same support entry as line %d", line);
	if (str_eq(label, "loan"))
		return error("same loan as line %d", line);
	if (str_eq(label, "repayment"))
		return error("same repayment as line %d", line);
	if (str_eq(label, "grant"))
		return error("same grant as line %d", line);
	return error("same person as line %d", line);
}

int
import_check_seen(const struct import_row *r, int64_t id)
{
	for (int i = 0; id && i < r->seen->n; i++)
		if (r->seen->ids[i] == id)
			return same_as(r->seen->label, r->seen->lines[i]);
	return 0;
}

char *
import_bad_path(const char *path)
{
	size_t n = strlen(path);
	char *out = xmalloc(n + 16);

	if (n > 4 && !strcasecmp(path + n - 4, ".csv"))
		n -= 4;
	snprintf(out, n + 16, "%.*s.bad.csv", (int)n, path);
	return out;
}

int
import_yesno(const char *column, const char *v, int *out)
{
	static const struct { const char *word; int yes; } words[] = {
		{ "yes", 1 }, { "y", 1 }, { "1", 1 }, { "true", 1 }, { "co", 1 },
		{ "x", 1 }, { "no", 0 }, { "n", 0 }, { "0", 0 }, { "false", 0 },
		{ "khong", 0 },
	};
	char *f = text_fold(v);
	size_t i;

	for (i = 0; i < NELEM(words) && strcmp(f, words[i].word); i++)
		;
	free(f);
	if (i == NELEM(words))
		return error("%s: \"%s\" is not yes or no", column, v);
	*out = words[i].yes;
	return 0;
}

int
import_date(const char *column, const char *v, int *out)
{
	if (date_parse(v, out) < 0)
		return error("%s: \"%s\" is not a date (use YYYY-MM-DD or "
		    "DD/MM/YYYY)", column, v);
	return 0;
}

int
import_phone(const struct import_row *r, const char *column, const char *v,
    char *e164, size_t size)
{
	char notice[200];

	if (phone_normalize(v, e164, size, notice, sizeof notice) < 0)
		return error("%s: %s", column, notice);
	if (notice[0])
		/* TRANSLATORS: FILE:LINE: a note about a phone number. */
		fprintf(r->opts->report ? r->opts->report : stdout,
		    _("%s:%d: note: %s\n"), r->path, r->line, notice);
	return 0;
}

/* The cell with spaces trimmed, in NFC; NULL when empty. */
static char *
clean_cell(const char *s)
{
	char *copy = xstrdup(s), *t = str_trim(copy), *out;

	out = *t ? text_nfc(t) : NULL;
	free(copy);
	return out;
}

/* One row's cells by column id. */
static char **
row_cells(const struct csvio_row *row, const int *where, int nids)
{
	char **cell = xcalloc((size_t)nids, sizeof *cell);

	for (int id = 0; id < nids; id++)
		if (where[id] >= 0)
			cell[id] = clean_cell(row->cells[where[id]]);
	return cell;
}

static void
cells_free(char **cell, int nids)
{
	for (int id = 0; id < nids; id++)
		free(cell[id]);
	free(cell);
}

/* Run the row function in a savepoint (when savepoint is set), its
 * message captured into why. An import_result, -1 for a bad row, -2 for a
 * database failure. Without a savepoint a bad row leaves what it wrote:
 * the caller then rolls back the whole transaction. */
static int
run_row(struct db *db, const struct import_kind *k, struct import_row *r,
    int savepoint, char *why, size_t size)
{
	char *outer;
	unsigned long outer_size;
	int rc;

	if (savepoint && db_exec(db, "SAVEPOINT import_row") < 0)
		return -2;
	log_capture_current(&outer, &outer_size);
	log_capture(why, size);
	rc = k->row(db, r);
	log_capture(outer, outer_size);
	if (!savepoint)
		return rc >= 0 ? rc : -1;
	if (rc >= 0)
		return db_exec(db, "RELEASE import_row") < 0 ? -2 : rc;
	if (db_exec(db, "ROLLBACK TO import_row; RELEASE import_row") < 0)
		return -2;
	if (!why[0])
		snprintf(why, size, "%s", _("rejected"));
	return -1;
}

/* Check and store row i of f. Same results as run_row. */
static int
one_row(struct db *db, const struct import_kind *k, const struct csvio_file *f,
    int i, const int *where, struct import_row *r, int savepoint, char *why,
    size_t size)
{
	const struct csvio_row *row = &f->rows[i];
	char **cell;
	int rc;

	why[0] = '\0';
	r->line = row->line;
	r->id = 0;
	if (row->ncells != f->header.ncells) {
		snprintf(why, size, _("%d cells, but the header has %d columns"),
		    row->ncells, f->header.ncells);
		return -1;
	}
	cell = row_cells(row, where, k->nids);
	r->cell = (const char *const *)cell;
	rc = run_row(db, k, r, savepoint, why, size);
	cells_free(cell, k->nids);
	if (rc >= 0)
		seen_add(r->seen, r->id, r->line);
	return rc;
}

static int
check_required(const struct csvio_file *f, const struct import_kind *k,
    const int *where)
{
	for (const int *id = k->required; id && *id >= 0; id++) {
		if (where[*id] >= 0)
			continue;
		for (const struct csvio_col *c = k->cols; c->name; c++)
			if (c->id == *id)
				return error("%s:%d: a \"%s\" column is needed",
				    f->path, f->header.line, c->name);
	}
	return 0;
}

/* Write the bad rows with the original header and an "error" column. */
static int
write_bad(const struct csvio_file *f, char **bad, const char *path, FILE *rep)
{
	const struct csvio_row *h = &f->header;
	const char **hdr = xcalloc((size_t)h->ncells + 2, sizeof *hdr);
	char *bad_path = import_bad_path(path);
	struct csvio_out w;
	int rc, n = 0;

	for (int c = 0; c < h->ncells; c++)
		hdr[c] = h->cells[c];
	hdr[h->ncells] = "error";
	rc = csvio_out_open(&w, bad_path, hdr);
	for (int i = 0; rc == 0 && i < f->nrows; i++) {
		const struct csvio_row *row = &f->rows[i];
		if (!bad[i])
			continue;
		for (int c = 0; c < h->ncells; c++)
			csvio_out_cell(&w, c < row->ncells ? row->cells[c] : NULL);
		csvio_out_cell(&w, bad[i]);
		n++;
	}
	if (rc == 0 && (rc = csvio_out_close(&w)) == 0)
		fprintf(rep, ngettext("%d bad row written to %s\n",
		    "%d bad rows written to %s\n", n), n, bad_path);
	free(bad_path);
	free(hdr);
	return rc;
}

static void
count(struct import_counts *out, int rc)
{
	if (rc == IMPORT_ADDED)
		out->added++;
	else if (rc == IMPORT_UPDATED)
		out->updated++;
	else
		out->unchanged++;
}

/* Every row of f; bad[i] receives the reason row i failed. */
static int
all_rows(struct db *db, const struct import_kind *k, const struct csvio_file *f,
    const int *where, struct import_row *r, char **bad,
    struct import_counts *out)
{
	FILE *rep = r->opts->report ? r->opts->report : stdout;
	struct csvio_progress pr;
	char why[1024];
	int rc = 0;

	/* TRANSLATORS: the label of the progress bar of an import. */
	csvio_progress_start(&pr, _("importing"), f->nrows);
	for (int i = 0; i < f->nrows && rc == 0; i++) {
		int res = one_row(db, k, f, i, where, r, 1, why, sizeof why);

		csvio_progress_step(&pr);
		if (res == -2) {
			rc = -1;
		} else if (res == -1) {
			bad[i] = xstrdup(why);
			out->bad++;
			fprintf(rep, "%s:%d: %s\n", f->path, f->rows[i].line, why);
		} else {
			count(out, res);
		}
	}
	csvio_progress_end(&pr);
	return rc;
}

/* Scratch copies ("DB.import-PID") left by imports that were killed:
 * they hold personal data, so the next import removes them. */
static void
remove_stale_copies(const char *db_file)
{
	char *pattern = xmalloc(strlen(db_file) + 16);
	glob_t g;

	sprintf(pattern, "%s.import-*", db_file);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *pid = strrchr(g.gl_pathv[i], '-') + 1;
			int n;

			if (parse_int(pid, 1, INT_MAX, &n) == 0 &&
			    kill((pid_t)n, 0) < 0 && errno == ESRCH)
				db_remove_files(g.gl_pathv[i]);
		}
		globfree(&g);
	}
	free(pattern);
}

/* The check pass of a staged import: every row in a scratch copy of the
 * database, bad ones listed. The copy is then thrown away. */
static int
check_pass(struct db *db, const struct import_kind *k,
    const struct csvio_file *f, const int *where, const struct import_opts *o,
    char **bad, struct import_counts *out)
{
	char *tmp = xmalloc(strlen(db_path(db)) + 32);
	struct import_seen seen = { .label = k->label };
	struct import_row r = { .path = f->path, .opts = o, .seen = &seen };
	struct db *copy = NULL;
	int rc = -1;

	sprintf(tmp, "%s.import-%ld", db_path(db), (long)getpid());
	remove_stale_copies(db_path(db));
	if (db_copy(db, tmp, &copy) < 0)
		goto out;
	if (db_exec(copy, "PRAGMA cache_size = -262144") < 0)
		goto out;
	db_set_actor(copy, db_actor(db), db_command(db));
	db_set_account(copy, db_account(db));
	if (db_begin(copy) == 0) {
		rc = all_rows(copy, k, f, where, &r, bad, out);
		db_rollback(copy);
	}
out:
	db_close(copy);
	db_remove_files(tmp);
	free(tmp);
	free(seen.ids);
	free(seen.lines);
	return rc;
}

/* The write pass: the good rows again, on the database, in one
 * transaction without savepoints; a row failing now (the database changed
 * since the check) undoes the whole import. */
static int
write_pass(struct db *db, const struct import_kind *k,
    const struct csvio_file *f, const int *where, const struct import_opts *o,
    char **bad, struct import_counts *out)
{
	struct import_opts quiet = *o;
	struct import_seen seen = { .label = k->label };
	struct import_row r = { .path = f->path, .opts = &quiet, .seen = &seen };
	struct csvio_progress pr;
	char why[1024];
	int rc = 0, res;

	if (!(quiet.report = fopen("/dev/null", "w")))
		return error("/dev/null: %s", strerror(errno));
	out->added = out->updated = out->unchanged = 0;
	if (db_begin(db) < 0)
		rc = -1;
	/* TRANSLATORS: the label of the progress bar of an import's
	 * second pass, which stores the rows already checked. */
	csvio_progress_start(&pr, _("writing"), f->nrows);
	for (int i = 0; i < f->nrows && rc == 0; i++, csvio_progress_step(&pr)) {
		if (bad[i])
			continue;
		res = one_row(db, k, f, i, where, &r, 0, why, sizeof why);
		if (res == -1)
			rc = error("%s:%d: %s (the database changed during the "
			    "import; nothing was imported: run it again)",
			    f->path, f->rows[i].line, why);
		else if (res < 0)
			rc = -1;
		else
			count(out, res);
	}
	csvio_progress_end(&pr);
	if (rc == 0 && db_commit(db) < 0)
		rc = -1;
	if (rc < 0)
		db_rollback(db);
	fclose(quiet.report);
	free(seen.ids);
	free(seen.lines);
	return rc;
}

/* Check every row, then (all good, or skip_bad) store the good ones. */
static int
staged(struct db *db, const struct import_kind *k, const struct csvio_file *f,
    const int *where, const struct import_opts *o, char **bad,
    struct import_counts *out)
{
	if (check_pass(db, k, f, where, o, bad, out) < 0)
		return -1;
	if (out->bad && !o->skip_bad)
		return 0;
	return write_pass(db, k, f, where, o, bad, out);
}

int
import_run(struct db *db, const char *path, const struct import_kind *k,
    const struct import_opts *o, struct import_counts *out)
{
	struct csvio_file f;
	struct import_seen seen = { .label = k->label };
	struct import_row r = { .path = path, .opts = o, .seen = &seen };
	int *where = xcalloc((size_t)k->nids, sizeof *where);
	char **bad = NULL;
	int rc = -1, stage = o->staged && !db_in_transaction(db) &&
	    strcmp(db_path(db), ":memory:") != 0;

	memset(out, 0, sizeof *out);
	if (o->data && o->skip_bad) {
		memset(&f, 0, sizeof f);
		error("%s: skip_bad needs a file", path);
		goto out;
	}
	/* A long import touches many pages: with SQLite's default cache
	 * (2 MB) they spill to the journal and are read back, row after
	 * row. Up to 256 MB keeps them in memory (on this connection only;
	 * SQLite takes the pages as it needs them): 20,000 loans with their
	 * schedules hold the lock 14 s instead of 36 s (bench/RESULTS.md). */
	if ((o->data ? csvio_parse(path, o->data, o->len, &f) :
	    csvio_read(path, &f)) < 0 ||
	    db_exec(db, "PRAGMA cache_size = -262144") < 0 ||
	    csvio_columns(&f, k->cols, k->nids,
	    where) < 0 || check_required(&f, k, where) < 0)
		goto out;
	bad = xcalloc((size_t)f.nrows + 1, sizeof *bad);
	if ((stage ? staged(db, k, &f, where, o, bad, out)
	    : all_rows(db, k, &f, where, &r, bad, out)) < 0)
		goto out;
	if (out->bad && !o->skip_bad)
		rc = error(ngettext("%s: %d bad row, nothing imported (correct "
		    "it, or use --skip-bad to import the rest)", "%s: %d bad rows, "
		    "nothing imported (correct them, or use --skip-bad to import "
		    "the rest)", out->bad), path, out->bad);
	else if (out->bad)
		rc = write_bad(&f, bad, path, o->report ? o->report : stdout);
	else
		rc = 0;
out:
	for (int i = 0; bad && i < f.nrows; i++)
		free(bad[i]);
	free(bad);
	free(where);
	free(seen.ids);
	free(seen.lines);
	csvio_free(&f);
	return rc;
}

/* People. */

enum { P_CASE, P_NAME, P_GENDER, P_BORN, P_PHONE, P_VILLAGE, P_COMMUNE,
	P_DISTRICT, P_PROVINCE, P_CATEGORY, P_ROUTE, P_RETURNED, P_CONSENT,
	P_NOTES, P_N };

static const struct csvio_col people_cols[] = {
	{ "case_code", P_CASE }, { "case", P_CASE }, { "ma_ho_so", P_CASE },
	{ "name", P_NAME }, { "full_name", P_NAME }, { "ho_ten", P_NAME },
	{ "ho_va_ten", P_NAME }, { "gender", P_GENDER }, { "gioi_tinh", P_GENDER },
	{ "born", P_BORN }, { "birth_year", P_BORN }, { "nam_sinh", P_BORN },
	{ "phone", P_PHONE }, { "so_dien_thoai", P_PHONE },
	{ "dien_thoai", P_PHONE }, { "sdt", P_PHONE },
	{ "village", P_VILLAGE }, { "thon", P_VILLAGE },
	{ "commune", P_COMMUNE }, { "xa", P_COMMUNE },
	{ "district", P_DISTRICT }, { "huyen", P_DISTRICT },
	{ "province", P_PROVINCE }, { "tinh", P_PROVINCE },
	{ "category", P_CATEGORY }, { "dien", P_CATEGORY },
	{ "dien_doi_tuong", P_CATEGORY }, { "route", P_ROUTE },
	{ "con_duong_bi_lua", P_ROUTE }, { "con_duong", P_ROUTE },
	{ "returned", P_RETURNED }, { "ngay_tro_ve", P_RETURNED },
	{ "consent", P_CONSENT }, { "sms_consent", P_CONSENT },
	{ "dong_y_nhan_tin_nhan", P_CONSENT }, { "dong_y", P_CONSENT },
	{ "notes", P_NOTES }, { "ghi_chu", P_NOTES }, { "stt", -1 },
	{ "status", -1 }, { "trang_thai", -1 },
	{ NULL, 0 },
};

void
import_set_text(char **dst, const char *v, int *changed)
{
	if (!v || str_eq(*dst, v))
		return;
	free(*dst);
	*dst = xstrdup(v);
	*changed = 1;
}

void
import_set_int(int *dst, int v, int *changed)
{
	if (*dst != v) {
		*dst = v;
		*changed = 1;
	}
}

/* English and Vietnamese words for gender; other text is left for
 * person_validate to refuse. */
static const char *
gender_code(const char *v, char *buf, size_t size)
{
	static const char *const words[][2] = { { "f", "female" },
		{ "nu", "female" }, { "female", "female" }, { "m", "male" },
		{ "nam", "male" }, { "male", "male" }, { "khac", "other" },
		{ "other", "other" } };
	char *f = text_fold(v);

	snprintf(buf, size, "%s", v);
	for (size_t i = 0; i < NELEM(words); i++)
		if (!strcmp(f, words[i][0]))
			snprintf(buf, size, "%s", words[i][1]);
	free(f);
	return buf;
}

/* The cells that need parsing: born, phone, returned, consent. */
static int
apply_parsed(const struct import_row *r, struct person *p, int *changed)
{
	const char *const *c = r->cell;
	char e164[PHONE_E164_MAX];
	int v;

	if (c[P_BORN] && parse_int(c[P_BORN], 1900, 2200, &v) < 0)
		return error("born: \"%s\" is not a year", c[P_BORN]);
	if (c[P_BORN])
		import_set_int(&p->birth_year, v, changed);
	if (c[P_PHONE] && import_phone(r, "phone", c[P_PHONE], e164,
	    sizeof e164) < 0)
		return -1;
	import_set_text(&p->phone, c[P_PHONE] ? e164 : NULL, changed);
	if (c[P_RETURNED] && import_date("returned", c[P_RETURNED], &v) < 0)
		return -1;
	if (c[P_RETURNED])
		import_set_int(&p->returned_on, v, changed);
	if (c[P_CONSENT] && import_yesno("consent", c[P_CONSENT], &v) < 0)
		return -1;
	if (c[P_CONSENT] && v != p->sms_consent) {
		import_set_int(&p->sms_consent, v, changed);
		p->consent_on = date_today();
	}
	return 0;
}

/* by_name: the person was found by name, which is then kept as stored
 * (the row may write it without diacritics). */
static int
apply_cells(const struct import_row *r, struct person *p, int by_name,
    int *changed)
{
	const char *const *c = r->cell;
	char gender[32], *category;

	if (!by_name)
		import_set_text(&p->full_name, c[P_NAME], changed);
	import_set_text(&p->gender, c[P_GENDER] ? gender_code(c[P_GENDER], gender,
	    sizeof gender) : NULL, changed);
	import_set_text(&p->village, c[P_VILLAGE], changed);
	import_set_text(&p->commune, c[P_COMMUNE], changed);
	import_set_text(&p->district, c[P_DISTRICT], changed);
	import_set_text(&p->province, c[P_PROVINCE], changed);
	category = c[P_CATEGORY] ? text_fold(c[P_CATEGORY]) : NULL;
	import_set_text(&p->category, category, changed);
	free(category);
	import_set_text(&p->route, c[P_ROUTE], changed);
	import_set_text(&p->notes, c[P_NOTES], changed);
	return apply_parsed(r, p, changed);
}

/* The person with this name (folded) and phone (NULL: none): id, 0 for
 * nobody, -1 when several match. */
static int
find_by_name(struct db *db, const char *name, const char *phone,
    int64_t *id)
{
	static const char sql[] = "SELECT id FROM person WHERE name_hash = "
	    "crypt_blind(?1) AND phone_hash IS crypt_blind(?2) ORDER BY id LIMIT 2";
	sqlite3_stmt *st = db_prepare(db, sql);
	char *fold = text_fold(name);
	int rc, n = 0;

	*id = 0;
	if (!st || db_bind(db, st, "tt", fold, phone) < 0) {
		free(fold);
		return -1;
	}
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if (n++ == 0)
			*id = db_col_int(st, 0);
	db_reset(st);
	free(fold);
	if (rc < 0)
		return -1;
	return n > 1 ? error("name and phone match several people (give the "
	    "case code)") : 0;
}

/* import_opts.allowed of person id: 1 when there is none. */
static int
allowed(struct db *db, const struct import_row *r, int64_t id)
{
	return r->opts->allowed ? r->opts->allowed(db, id,
	    r->opts->allowed_arg) : 1;
}

/* A person the row matched or made must be one the importer may see. */
static int
check_allowed(struct db *db, const struct import_row *r, int64_t id,
    int made)
{
	int ok = allowed(db, r, id);

	if (ok < 0)
		return -1;
	if (ok)
		return 0;
	return made ? error("this person would be outside your area: check "
	    "the district and province") : error("name and phone match a "
	    "person outside your area");
}

/* Which person the row describes: *id, or 0 for a new one. */
static int
find_person(struct db *db, const struct import_row *r, int64_t *id)
{
	const char *code = r->cell[P_CASE], *phone = r->cell[P_PHONE];
	char e164[PHONE_E164_MAX];
	int ok = 1;

	*id = 0;
	if (code && !r->opts->new_codes) {
		if (db_int(db, id, 0, "SELECT id FROM person WHERE case_code = ? "
		    "COLLATE NOCASE", "t", code) < 0 || (*id &&
		    (ok = allowed(db, r, *id)) < 0))
			return -1;
		if (!ok)
			*id = 0;
		return *id ? 0 : error("case_code: \"%s\" is not in this "
		    "database (leave the cell empty to add a new person)", code);
	}
	if (!r->cell[P_NAME])
		return 0;
	if (phone && phone_normalize(phone, e164, sizeof e164, NULL, 0) < 0)
		return 0;       /* reported when the cells are applied */
	return find_by_name(db, r->cell[P_NAME], phone ? e164 : NULL, id);
}

static int
people_row(struct db *db, struct import_row *r)
{
	struct person p = { 0 };
	int64_t id;
	int changed = 0, by_name, rc;

	if (find_person(db, r, &id) < 0 || import_check_seen(r, id) < 0 ||
	    (id && check_allowed(db, r, id, 0) < 0))
		return -1;
	if (id && person_get_id(db, id, &p) < 0)
		return -1;
	if (!id)
		p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	by_name = id && (!r->cell[P_CASE] || r->opts->new_codes);
	if (apply_cells(r, &p, by_name, &changed) < 0)
		rc = -1;
	else if (!id)
		rc = (r->opts->prefixes ? person_add_coded(db, &p,
		    r->opts->prefixes) : person_add(db, &p,
		    r->opts->case_prefix)) < 0 ? -1 : IMPORT_ADDED;
	else if (!changed)
		rc = IMPORT_UNCHANGED;
	else
		rc = person_update(db, &p) < 0 ? -1 : IMPORT_UPDATED;
	if (rc >= 0 && rc != IMPORT_UNCHANGED &&
	    check_allowed(db, r, p.id, 1) < 0)
		rc = -1;
	r->id = p.id;
	person_free(&p);
	return rc;
}

int
import_people(struct db *db, const char *path, const struct import_opts *o,
    struct import_counts *out)
{
	static const struct import_kind kind = { "people", "person",
		people_cols, P_N, NULL, people_row };

	return import_run(db, path, &kind, o, out);
}
