/*
 * Privacy: reads recorded and found again by person (core/audit.h), a
 * person erased from every table with the statistics kept and no byte of
 * the erased text left in the database file (reports/privacy.h), the
 * people due for erasure, and files written 0600. Today is 2026-11-23.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "config/conf.h"
#include "core/audit.h"
#include "core/need.h"
#include "core/support.h"
#include "core/util.h"
#include "core/visit.h"
#include "reports/privacy.h"
#include "reports/summary.h"
#include "sms/inbox.h"
#include "sms/outbox.h"

#define NAME "Giàng Thị Xuyến"
#define PHONE "+84912345678"
#define SECRETS_N 7
static const char *const secrets[SECRETS_N] = { "Giàng", "Xuyến",
	"912345678", "ghi chú riêng", "thăm nhà riêng", "Tin gửi riêng tư",
	"Trả lời riêng tư" };

/* A person with everything that identifies them: the name, phone and
 * notes, a need, a support, a visit, a message sent and one received. */
static int64_t
add_xuyen(struct db *db)
{
	struct person p;
	struct support s = { .type = "capital", .value = 500000,
		.source = "state", .notes = "ghi chú riêng hỗ trợ" };
	struct visit v = { .visitor = "lan", .kind = "home",
		.situation = "stable", .notes = "thăm nhà riêng" };
	struct outbox_msg m = { .kind = "manual", .text = "Tin gửi riêng tư",
		.mode = SMS_MODE_KEEP };
	struct modem_msg_in in = { .kind = MODEM_MSG_TEXT, .sender = PHONE,
		.coding = MODEM_CODING_UCS2, .text = "Trả lời riêng tư" };
	int64_t id, oid;

	test_person_init(&p, NAME, "returned-self");
	p.phone = strdup(PHONE);
	p.notes = strdup("ghi chú riêng của người");
	p.sms_consent = 1;
	p.returned_on = test_day(2026, 2, 10);
	id = test_person_save(db, &p, "T");
	assert_int_equal(need_add(db, id, "legal-aid", test_day(2026, 3, 1),
	    "ghi chú riêng nhu cầu"), 0);
	s.person_id = id;
	s.day = test_day(2026, 3, 2);
	assert_int_equal(support_add(db, &s), 0);
	v.person_id = id;
	v.day = test_day(2026, 3, 3);
	v.next_day = DATE_NONE;
	assert_int_equal(visit_log(db, &v), 0);
	m.person_id = id;
	assert_int_equal(outbox_enqueue(db, &m, &oid), OUTBOX_QUEUED);
	in.sent = clock_now() - 60;
	assert_int_equal(inbox_store(db, &in, 1, clock_now(), 3600), 1);
	return id;
}

/* Whether needle is anywhere in the file at path (absent file: no). */
static int
file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;
	int found;

	if (!f)
		return 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_addn(&b, chunk, n);
	fclose(f);
	found = b.len && memmem(b.s, b.len, needle, strlen(needle)) != NULL;
	buf_free(&b);
	return found;
}

static char *
summary_csv(struct db *db, const struct conf *c)
{
	struct summary s;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(summary_build(db, c, test_day(2026, 1, 1),
	    test_day(2026, 11, 30), NULL, &s), 0);
	assert_int_equal(summary_print_csv(&s, f), 0);
	summary_free(&s);
	fclose(f);
	return text;
}

static void
erase_keeps_figures_and_leaves_no_trace(void **state)
{
	struct db *db = test_db(state);
	struct conf c;
	struct privacy_erased e;
	char *before, *after, path[700], wal[720];
	int64_t id = add_xuyen(db);

	conf_defaults(&c);
	snprintf(path, sizeof path, "%s", db_path(db));
	snprintf(wal, sizeof wal, "%s-wal", path);
	/* the name, notes and message texts are sealed (core/crypt.h,
	 * sms/schema.c) from the start */
	assert_false(file_has(path, "Xuyến") || file_has(wal, "Xuyến"));
	assert_false(file_has(path, "ghi chú riêng") ||
	    file_has(wal, "ghi chú riêng"));
	assert_false(file_has(path, "Trả lời riêng tư") ||
	    file_has(wal, "Trả lời riêng tư"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM inbox_clear "
	    "WHERE text = 'Trả lời riêng tư'"), 1);
	before = summary_csv(db, &c);
	/* refused: no reason, nobody */
	assert_int_equal(privacy_erase(db, "T-2026-0001", "", &e), -1);
	assert_non_null(strstr(test_msg, "a reason is needed"));
	assert_int_equal(privacy_erase(db, "T-2026-0099", "asked", &e), -1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "erased_on IS NOT NULL"), 0);

	assert_int_equal(privacy_erase(db, "T-2026-0001", "asked by her", &e), 0);
	assert_int_equal(e.id, id);
	assert_int_equal(e.texts, 2);
	assert_true(e.flushed);
	after = summary_csv(db, &c);
	assert_string_equal(before, after);
	for (int i = 0; i < SECRETS_N; i++) {
		assert_false(file_has(path, secrets[i]));
		assert_false(file_has(wal, secrets[i]));
	}
	/* what stays */
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code = 'T-2026-0001' AND category = 'returned-self' AND "
	    "returned_on = '2026-02-10' AND erased_on = '2026-11-23'"), 1);
	assert_int_equal(test_count(db, "SELECT value FROM support"), 500000);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need WHERE "
	    "kind = 'legal-aid'"), 1);
	/* a message still waiting is not sent to nobody */
	assert_int_equal(test_count(db, "SELECT count(*) FROM outbox_clear WHERE "
	    "state = 'cancelled'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'erase' AND detail = "
	    "'asked by her'"), 1);
	/* once only */
	assert_int_equal(privacy_erase(db, "T-2026-0001", "again", &e), -1);
	assert_non_null(strstr(test_msg, "erased already"));
	assert_int_equal(sqlite3_exec(db_sqlite(db), "PRAGMA integrity_check",
	    NULL, NULL, NULL), SQLITE_OK);
	free(before);
	free(after);
	conf_free(&c);
}

struct seen {
	int n;
	char who[8][32], action[8][16];
};

static int
seen_row(const struct audit_row *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		snprintf(s->who[s->n], sizeof s->who[0], "%s", r->actor);
		snprintf(s->action[s->n], sizeof s->action[0], "%s", r->action);
	}
	s->n++;
	return 0;
}

static void
reads_found_by_person(void **state)
{
	struct db *db = test_db(state);
	struct audit_filter f = { .from = DATE_NONE, .to = DATE_NONE };
	struct seen s = { 0 };
	struct person p;
	int64_t ids[2], n;

	test_person_init(&p, "Vừ Thị Dua", "at-risk");
	ids[0] = test_person_save(db, &p, "T");
	test_person_init(&p, "Lò Thị Mai", "at-risk");
	ids[1] = test_person_save(db, &p, "T");
	db_set_actor(db, "lan", "person list");
	assert_int_equal(audit_read(db, ids, 2, "name,phone"), 0);
	clock_set(clock_now() + 86400);
	db_set_actor(db, "minh", "export people");
	assert_int_equal(audit_export(db, "export people", 2), 0);
	db_set_actor(db, "tester", "test");
	assert_int_equal(need_add(db, ids[0], "medical", test_day(2026, 11, 24),
	    NULL), 0);

	f.person = "T-2026-0001";
	assert_int_equal(audit_each(db, &f, seen_row, &s), 0);
	/* newest first: the need, the export, the read, the registration */
	assert_int_equal(s.n, 4);
	assert_string_equal(s.action[0], "add");
	assert_string_equal(s.who[1], "minh");
	assert_string_equal(s.action[1], "export");
	assert_string_equal(s.who[2], "lan");
	assert_string_equal(s.action[2], "read");
	assert_int_equal(audit_count(db, &f, &n), 0);
	assert_int_equal(n, 4);
	/* the other person's trail has no need */
	f.person = "T-2026-0002";
	assert_int_equal(audit_count(db, &f, &n), 0);
	assert_int_equal(n, 3);
	/* by who, by command, by day */
	f.person = NULL;
	f.actor = "lan";
	assert_int_equal(audit_count(db, &f, &n), 0);
	assert_int_equal(n, 2);
	f.actor = NULL;
	f.command = "export people";
	assert_int_equal(audit_count(db, &f, &n), 0);
	assert_int_equal(n, 1);
	f.command = NULL;
	f.from = f.to = test_day(2026, 11, 23);
	assert_int_equal(audit_count(db, &f, &n), 0);
	assert_int_equal(n, 4);     /* two registrations, two reads */
	/* paging */
	memset(&s, 0, sizeof s);
	f.limit = 1;
	f.offset = 3;
	assert_int_equal(audit_each(db, &f, seen_row, &s), 0);
	assert_int_equal(s.n, 1);
	/* a case code that names nobody */
	f.person = "T-2026-0404";
	assert_int_equal(audit_count(db, &f, &n), -1);
	assert_non_null(strstr(test_msg, "T-2026-0404"));
}

static int
due_row(int64_t id, const char *code, int closed_on, void *arg)
{
	(void)id;
	(void)closed_on;
	snprintf(arg, 32, "%s", code);
	return 0;
}

static void
due_for_erasure(void **state)
{
	struct db *db = test_db(state);
	struct privacy_erased e;
	struct person p;
	char code[32] = "";
	int64_t id;

	test_person_init(&p, "Vừ Thị Dua", "at-risk");
	id = test_person_save(db, &p, "T");
	assert_int_equal(person_close(db, id, test_day(2024, 11, 23), "moved",
	    NULL), 0);
	assert_int_equal(privacy_due(db, 0, due_row, code), 0);
	assert_string_equal(code, "");          /* off */
	assert_int_equal(privacy_due(db, 3, due_row, code), 0);
	assert_string_equal(code, "");          /* closed two years ago */
	assert_int_equal(privacy_due(db, 2, due_row, code), 0);
	assert_string_equal(code, "T-2026-0001");
	assert_int_equal(privacy_erase(db, code, "retention", &e), 0);
	code[0] = '\0';
	assert_int_equal(privacy_due(db, 2, due_row, code), 0);
	assert_string_equal(code, "");          /* erased: no longer due */
}

static void
private_files(void **state)
{
	char path[700];
	struct stat st;
	FILE *f;

	snprintf(path, sizeof path, "%s/report.html",
	    ((struct test_db *)*state)->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(chmod(path, 0644), 0);
	f = file_create_private(path);
	assert_non_null(f);
	fputs("x", f);
	fclose(f);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 1);
	assert_null(file_create_private("/nonexistent/folder/x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    erase_keeps_figures_and_leaves_no_trace, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(reads_found_by_person, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(due_for_erasure, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(private_files, test_setup,
		    test_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
