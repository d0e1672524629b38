#include "tests/testutil.h"

#include "core/clock.h"
#include "sms/notice.h"

#define DAY 86400

static time_t t0;	/* 2026-08-01 09:00 local */

static int
setup(void **state)
{
	clock_set_timezone("Asia/Ho_Chi_Minh");
	t0 = time_from_local(date_from_ymd(2026, 8, 1), 9 * 60);
	*state = test_db_new();
	return 0;
}

static int
teardown(void **state)
{
	test_db_close(*state);
	clock_set(0);
	return 0;
}

static long long
count(struct test_db *t, const char *sql)
{
	return test_count(t->db, sql);
}

static void
quarantine(struct test_db *t, int id, time_t at)
{
	char raw[16];

	snprintf(raw, sizeof raw, "0791%04d", id);
	assert_int_equal(db_run(t->db, "INSERT INTO inbox_quarantine (id, "
	    "received_at, location, reason, raw) VALUES (?1, ?2, 1, "
	    "'Corrupted data', ?3)", "iit", (int64_t)id, (int64_t)at, raw), 0);
}

static int64_t
open_unreadable(struct test_db *t)
{
	return count(t, "SELECT coalesce(max(id), 0) FROM modem_notice WHERE "
	    "kind = 'unreadable' AND cleared_at IS NULL");
}

/*
 * Notices closed more than the keeping time ago go; those closed since,
 * and open ones (seen or not) stay; the newest seen notice of set-aside
 * messages stays whatever its age, so that the messages an administrator
 * saw do not come back as a new notice.
 */
static void
test_prune_keeps_what_is_needed(void **state)
{
	struct test_db *t = *state;
	struct notice_now no_net = { "no_network", t0, 0, 0 };
	struct notice_now low = { "balance_low", t0, 3500, 0 };
	int n = -1;

	/* vt1: no network for a while, gone the same day */
	assert_int_equal(notice_sync(t->db, "vt1", &no_net, 1, t0), 0);
	assert_int_equal(notice_sync(t->db, "vt1", NULL, 0, t0 + 3600), 0);
	/* vn1: a low balance, seen, still low */
	assert_int_equal(notice_sync(t->db, "vn1", &low, 1, t0), 0);
	assert_int_equal(notice_seen(t->db, count(t, "SELECT id FROM "
	    "modem_notice WHERE modem = 'vn1'"), "admin", t0 + 60), 0);
	/* messages set aside: 1 and 2 seen in August, 3 seen in November */
	quarantine(t, 1, t0);
	quarantine(t, 2, t0);
	assert_int_equal(notice_sync_unreadable(t->db, t0), 0);
	assert_int_equal(notice_seen(t->db, open_unreadable(t), "admin", t0 +
	    120), 0);
	quarantine(t, 3, t0 + 100 * DAY);
	assert_int_equal(notice_sync_unreadable(t->db, t0 + 100 * DAY), 0);
	assert_int_equal(notice_seen(t->db, open_unreadable(t), "admin", t0 +
	    100 * DAY), 0);
	/* vt1 again in November: no network, gone */
	no_net.since = t0 + 100 * DAY;
	assert_int_equal(notice_sync(t->db, "vt1", &no_net, 1, t0 + 100 * DAY),
	    0);
	assert_int_equal(notice_sync(t->db, "vt1", NULL, 0, t0 + 100 * DAY +
	    60), 0);
	assert_int_equal(count(t, "SELECT count(*) FROM modem_notice"), 5);

	/* 90 days before November: the August ones closed go */
	assert_int_equal(notice_prune(t->db, t0 + 10 * DAY, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(count(t, "SELECT count(*) FROM modem_notice WHERE "
	    "modem = 'vt1' AND since > 0"), 1);
	assert_int_equal(count(t, "SELECT since FROM modem_notice WHERE "
	    "modem = 'vt1'"), (long long)(t0 + 100 * DAY));
	assert_int_equal(count(t, "SELECT count(*) FROM modem_notice WHERE "
	    "modem = 'vn1' AND seen_at IS NOT NULL AND cleared_at IS NULL"), 1);
	assert_int_equal(count(t, "SELECT upto FROM modem_notice WHERE "
	    "kind = 'unreadable'"), 3);

	/* Long after: the newest set-aside notice stays, and the messages
	 * it covers do not open a notice again. */
	assert_int_equal(notice_prune(t->db, t0 + 400 * DAY, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count(t, "SELECT count(*) FROM modem_notice WHERE "
	    "kind = 'unreadable'"), 1);
	assert_int_equal(notice_sync_unreadable(t->db, t0 + 400 * DAY), 0);
	assert_int_equal(open_unreadable(t), 0);
	/* the low balance, seen and still low, is not listed again */
	assert_int_equal(notice_sync(t->db, "vn1", &low, 1, t0 + 400 * DAY), 0);
	assert_int_equal(count(t, "SELECT count(*) FROM modem_notice WHERE "
	    "modem = 'vn1'"), 1);
	assert_int_equal(count(t, "SELECT count(*) FROM modem_notice WHERE "
	    "cleared_at IS NULL AND seen_at IS NULL"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prune_keeps_what_is_needed,
		    setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
