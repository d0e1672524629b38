#include "tests/testutil.h"

#include "core/log.h"
#include "sms/assemble.h"

#define T0 1700000000

static struct assemble_part
part(const char *sender, int ref, int total, int seq, time_t at,
    const char *text)
{
	return (struct assemble_part){ sender, ref, total, seq, at, text, 0 };
}

static int
used_contains(const struct assemble_msg *m, int idx)
{
	int i;

	for (i = 0; i < m->nused; i++)
		if (m->used[i] == idx)
			return 1;
	return 0;
}

static void
test_plain_message_passes_through(void **state)
{
	struct assemble_part in[] = { part("+84901", 0, 0, 0, T0, "xin chào") };
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 1, T0, 600, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_true(out[0].complete);
	assert_string_equal(out[0].text, "xin chào");
	assert_string_equal(out[0].sender, "+84901");
	assert_int_equal(out[0].nused, 1);
	assemble_free(out, n);
}

/* A corrupt part count cannot make the assembler loop for ever. */
static void
test_absurd_total_is_bounded(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 7, 2147483647, 1, T0, "mot"),
	};
	struct assemble_msg *out;
	int n;

	(void)state;
	assert_int_equal(assemble_run(in, 1, T0 + 60, 60, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_false(out[0].complete);
	assert_true(strlen(out[0].text) < 2000);
	assemble_free(out, n);
}

static void
test_interleaved_senders_out_of_order(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 7, 3, 3, T0 + 2, "C"),
		part("+84902", 9, 2, 2, T0 + 1, "y"),
		part("+84901", 7, 3, 1, T0 + 3, "A"),
		part("+84902", 9, 2, 1, T0 + 5, "x"),
		part("+84901", 7, 3, 2, T0 + 4, "B"),
	};
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 5, T0 + 10, 600, &out, &n), 0);
	assert_int_equal(n, 2);
	/* oldest first: +84902's first part came at T0+1 */
	assert_string_equal(out[0].sender, "+84902");
	assert_string_equal(out[0].text, "xy");
	assert_int_equal(out[0].received, T0 + 1);
	assert_string_equal(out[1].sender, "+84901");
	assert_string_equal(out[1].text, "ABC");
	assert_true(out[1].complete);
	assert_int_equal(out[1].nused, 3);
	assert_true(used_contains(&out[1], 0) && used_contains(&out[1], 2)
	    && used_contains(&out[1], 4));
	assemble_free(out, n);
}

static void
test_same_reference_two_senders_not_mixed(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 42, 2, 1, T0, "Hello "),
		part("+84902", 42, 2, 2, T0, "WORLD"),
		part("+84902", 42, 2, 1, T0, "HELLO "),
	};
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 3, T0 + 1, 600, &out, &n), 0);
	/* only +84902 is complete; +84901's part 1 waits for its part 2 */
	assert_int_equal(n, 1);
	assert_string_equal(out[0].sender, "+84902");
	assert_string_equal(out[0].text, "HELLO WORLD");
	assert_false(used_contains(&out[0], 0));
	assemble_free(out, n);
}

static void
test_missing_part_waits_then_released(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 5, 4, 1, T0, "một "),
		part("+84901", 5, 4, 3, T0 + 30, "ba "),
	};
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 2, T0 + 599, 600, &out, &n), 0);
	assert_int_equal(n, 0);
	assert_null(out);
	assert_int_equal(assemble_run(in, 2, T0 + 600, 600, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_false(out[0].complete);
	assert_string_equal(out[0].text,
	    "một " ASSEMBLE_GAP "ba " ASSEMBLE_GAP);
	assert_int_equal(out[0].nused, 2);
	assemble_free(out, n);
}

static void
test_missing_first_parts_one_marker(void **state)
{
	struct assemble_part in[] = { part("+84901", 5, 3, 3, T0, "end") };
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 1, T0 + 60, 60, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].text, ASSEMBLE_GAP "end");
	assemble_free(out, n);
}

static void
test_duplicates_ignored_but_used(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 1, 2, 1, T0, "ab"),
		part("+84901", 1, 2, 1, T0 + 1, "ab"),
		part("+84901", 1, 2, 2, T0 + 2, "cd"),
		part("+84901", 1, 2, 2, T0 + 3, "XX"),
	};
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 4, T0 + 5, 600, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_true(out[0].complete);
	/* the first arrival of each part wins */
	assert_string_equal(out[0].text, "abcd");
	assert_int_equal(out[0].nused, 4);
	assemble_free(out, n);
}

static void
test_duplicates_do_not_complete_group(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 1, 2, 1, T0, "ab"),
		part("+84901", 1, 2, 1, T0, "ab"),
	};
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 2, T0 + 5, 600, &out, &n), 0);
	assert_int_equal(n, 0);
	assemble_free(out, n);
}

static void
test_same_sender_different_totals_apart(void **state)
{
	struct assemble_part in[] = {
		part("+84901", 3, 2, 1, T0, "a"),
		part("+84901", 3, 3, 2, T0, "b"),
		part("+84901", 3, 2, 2, T0, "c"),
	};
	struct assemble_msg *out;
	int n;

	assert_int_equal(assemble_run(in, 3, T0, 600, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].text, "ac");
	assemble_free(out, n);
}

static void
test_null_text_rejected(void **state)
{
	char msg[256] = "";
	struct assemble_part in[] = { part("+84901", 0, 0, 0, T0, NULL) };
	struct assemble_msg *out;
	int n;

	log_capture(msg, sizeof msg);
	assert_int_equal(assemble_run(in, 1, T0, 600, &out, &n), -1);
	log_capture(NULL, 0);
	assert_non_null(strstr(msg, "part 0"));
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_message_passes_through),
		cmocka_unit_test(test_absurd_total_is_bounded),
		cmocka_unit_test(test_interleaved_senders_out_of_order),
		cmocka_unit_test(test_same_reference_two_senders_not_mixed),
		cmocka_unit_test(test_missing_part_waits_then_released),
		cmocka_unit_test(test_missing_first_parts_one_marker),
		cmocka_unit_test(test_duplicates_ignored_but_used),
		cmocka_unit_test(test_duplicates_do_not_complete_group),
		cmocka_unit_test(test_same_sender_different_totals_apart),
		cmocka_unit_test(test_null_text_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
