#include "tests/testutil.h"

#include "core/clock.h"
#include "core/person.h"
#include "sms/assemble.h"
#include "sms/inbox.h"
#include "sms/outbox.h"

#define T0 1795400000
#define TIMEOUT 3600

static int
setup(void **state)
{
	*state = test_db_new();
	clock_set(T0);
	return 0;
}

static int
teardown(void **state)
{
	test_db_close(*state);
	clock_set(0);
	return 0;
}

static struct modem_msg_in
msg(const char *from, time_t sent, const char *text)
{
	struct modem_msg_in m;

	memset(&m, 0, sizeof m);
	m.kind = MODEM_MSG_TEXT;
	snprintf(m.sender, sizeof m.sender, "%s", from);
	m.sent = sent;
	m.coding = MODEM_CODING_UCS2;
	m.text = (char *)text;
	return m;
}

static struct modem_msg_in
part(const char *from, int ref, int total, int seq, const char *text)
{
	struct modem_msg_in m = msg(from, T0 - 100 + seq, text);

	m.concat_ref = ref;
	m.concat_total = total;
	m.concat_seq = seq;
	return m;
}

static void
test_single_stored_once_with_person(void **state)
{
	struct test_db *t = *state;
	struct person p = { 0 };
	struct modem_msg_in in[2];

	p.full_name = strdup("Lê Thị Hoa");
	p.gender = strdup("female");
	p.category = strdup("returned-self");
	p.phone = strdup("+84912345678");
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	assert_int_equal(person_add(t->db, &p, "LC"), 0);
	in[0] = msg("0912345678", T0 - 30, "Dạ, em sẽ đến");
	in[1] = msg("+84987000111", T0 - 20, "1");
	in[1].coding = MODEM_CODING_7BIT;
	assert_int_equal(inbox_store(t->db, in, 2, T0, TIMEOUT), 2);
	/* Read again after a crash before the delete: stored once. */
	assert_int_equal(inbox_store(t->db, in, 2, T0 + 5, TIMEOUT), 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear"), 2);
	assert_int_equal(test_count(t->db, "SELECT person_id FROM inbox_clear WHERE "
	    "sender = '+84912345678' AND text = 'Dạ, em sẽ đến' AND "
	    "coding = 'ucs2' AND complete = 1 AND handled = 0"), p.id);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "person_id IS NULL AND coding = 'gsm7' AND sent_at = "
	    "1795399980 AND received_at = 1795400000"), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'inbox'"), 2);
	person_free(&p);
}

static void
test_parts_wait_across_passes(void **state)
{
	struct test_db *t = *state;
	struct modem_msg_in a[2] = { part("+84912345678", 9, 3, 3, "ba."),
		part("+84912345678", 9, 3, 1, "Một, ") };
	struct modem_msg_in b[1] = { part("+84912345678", 9, 3, 2, "hai, ") };
	int64_t n;

	assert_int_equal(inbox_store(t->db, a, 2, T0, TIMEOUT), 0);
	assert_int_equal(inbox_pending_parts(t->db, &n), 0);
	assert_int_equal(n, 2);
	/* A later pass (after a restart: the parts are in the database). */
	assert_int_equal(inbox_store(t->db, NULL, 0, T0 + 60, TIMEOUT), 0);
	assert_int_equal(inbox_store(t->db, b, 1, T0 + 120, TIMEOUT), 1);
	assert_int_equal(inbox_pending_parts(t->db, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "text = 'Một, hai, ba.' AND complete = 1 AND parts = 3 AND "
	    "sent_at = 1795399901"), 1);
	/* The parts read again later are recognised, even after the timeout. */
	assert_int_equal(inbox_store(t->db, a, 2, T0 + 200, TIMEOUT), 0);
	assert_int_equal(inbox_store(t->db, NULL, 0, T0 + 2 * TIMEOUT,
	    TIMEOUT), 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear"), 1);
}

static void
test_missing_part_released_incomplete(void **state)
{
	struct test_db *t = *state;
	struct modem_msg_in a[2] = { part("+84912345678", 4, 3, 1, "Một, "),
		part("+84912345678", 4, 3, 3, "ba.") };

	assert_int_equal(inbox_store(t->db, a, 2, T0, TIMEOUT), 0);
	assert_int_equal(inbox_store(t->db, NULL, 0, T0 + TIMEOUT - 1,
	    TIMEOUT), 0);
	assert_int_equal(inbox_store(t->db, NULL, 0, T0 + TIMEOUT, TIMEOUT), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "complete = 0 AND text = 'Một, " ASSEMBLE_GAP "ba.'"), 1);
}

static void
test_two_senders_same_reference(void **state)
{
	struct test_db *t = *state;
	struct modem_msg_in a[4] = { part("+84912345678", 7, 2, 1, "A1"),
		part("+84987654321", 7, 2, 2, "B2"),
		part("+84987654321", 7, 2, 1, "B1"),
		part("+84912345678", 7, 2, 2, "A2") };

	assert_int_equal(inbox_store(t->db, a, 4, T0, TIMEOUT), 2);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "(sender = '+84912345678' AND text = 'A1A2') OR "
	    "(sender = '+84987654321' AND text = 'B1B2')"), 2);
}

/* Phones reuse concatenation references: two messages from one sender
 * with the same reference are told apart by their sent times, and each is
 * stored once, whole. */
static void
test_reused_reference_two_messages(void **state)
{
	struct test_db *t = *state;
	struct modem_msg_in in[4];

	in[0] = part("+84912345678", 9, 2, 1, "Sáng mai ");
	in[1] = part("+84912345678", 9, 2, 2, "em đến họp.");
	in[2] = part("+84912345678", 9, 2, 1, "Chiều nay ");
	in[3] = part("+84912345678", 9, 2, 2, "em bận.");
	in[2].sent += 3600;
	in[3].sent += 3600;
	assert_int_equal(inbox_store(t->db, in, 4, T0, TIMEOUT), 2);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "text = 'Sáng mai em đến họp.' AND complete = 1"), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "text = 'Chiều nay em bận.' AND complete = 1"), 1);
	/* Read again: nothing new. */
	assert_int_equal(inbox_store(t->db, in, 4, T0 + 5, TIMEOUT), 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear"), 2);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_part_clear "
	    "WHERE inbox_id IS NULL"), 0);
}

/* The second message's first part arrives while the first message still
 * waits for its second part: each part goes to its own message. */
static void
test_reused_reference_interleaved(void **state)
{
	struct test_db *t = *state;
	struct modem_msg_in in[3];

	in[0] = part("+84912345678", 9, 2, 1, "A1 ");
	in[1] = part("+84912345678", 9, 2, 1, "B1 ");
	in[1].sent += 120;
	in[2] = part("+84912345678", 9, 2, 2, "B2");
	in[2].sent += 120;
	assert_int_equal(inbox_store(t->db, in, 3, T0, TIMEOUT), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "text = 'B1 B2' AND complete = 1"), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_part_clear "
	    "WHERE inbox_id IS NULL AND text = 'A1 '"), 1);
}

static void
test_report_updates_outbox(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg o = { .recipient = "+84912345678", .kind = "manual",
		.text = "x" };
	struct modem_msg_in r = msg("0912345678", T0 + 10, "");
	int64_t id;

	assert_int_equal(outbox_enqueue(t->db, &o, &id), 0);
	assert_int_equal(outbox_mark_sending(t->db, id, T0), 0);
	assert_int_equal(outbox_mark_sent(t->db, id, T0, 42), 0);
	r.kind = MODEM_MSG_REPORT;
	r.report_tpmr = 42;
	r.report = MODEM_REPORT_DELIVERED;
	assert_int_equal(inbox_store(t->db, &r, 1, T0 + 20, TIMEOUT), 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox_clear WHERE "
	    "delivery = 'delivered' AND delivery_at = 1795400020"), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear"), 0);
}

static void
test_eight_bit_kept_as_hex(void **state)
{
	struct test_db *t = *state;
	struct modem_msg_in m = msg("+84912345678", T0, "00ff10");

	m.coding = MODEM_CODING_8BIT;
	assert_int_equal(inbox_store(t->db, &m, 1, T0, TIMEOUT), 1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM inbox_clear WHERE "
	    "coding = '8bit' AND text = '00ff10'"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_single_stored_once_with_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parts_wait_across_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_part_released_incomplete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_senders_same_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reused_reference_two_messages,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reused_reference_interleaved,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_updates_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eight_bit_kept_as_hex, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
