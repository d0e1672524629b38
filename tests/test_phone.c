#include "tests/testutil.h"

#include <ctype.h>

#include "core/phone.h"

static void
expect_ok(const char *in, const char *want, const char *want_notice)
{
	char out[PHONE_E164_MAX], notice[128];

	if (phone_normalize(in, out, sizeof out, notice, sizeof notice) != 0)
		fail_msg("\"%s\" rejected: %s", in, notice);
	assert_string_equal(out, want);
	assert_string_equal(notice, want_notice);
}

/* Rejected, with a notice that quotes the input and contains why. */
static void
expect_reject(const char *in, const char *why)
{
	char out[PHONE_E164_MAX] = "unchanged", notice[128], quoted[128];

	assert_int_equal(phone_normalize(in, out, sizeof out, notice,
	    sizeof notice), -1);
	assert_string_equal(out, "unchanged");
	if (!strstr(notice, why))
		fail_msg("notice for \"%s\" is \"%s\", wanted \"%s\"", in, notice,
		    why);
	/* The input is quoted with its middle digits masked: same length,
	 * same characters except digits shown as '*'. */
	snprintf(quoted, sizeof quoted, "%s", notice + 1);
	if (strlen(in) > 40)
		return;
	if (notice[0] != '"' || strlen(quoted) <= strlen(in) ||
	    quoted[strlen(in)] != '"')
		fail_msg("notice \"%s\" does not quote the input", notice);
	for (size_t i = 0; i < strlen(in); i++)
		if (quoted[i] != in[i] && !(quoted[i] == '*' && isdigit(
		    (unsigned char)in[i])))
			fail_msg("notice \"%s\" does not quote \"%s\"", notice, in);
}

/* Errors never show a whole number: the middle digits are masked. */
static void
test_reject_masks_digits(void **state)
{
	char out[PHONE_E164_MAX], notice[128];

	(void)state;
	assert_int_equal(phone_normalize("0912 345 678 9", out, sizeof out,
	    notice, sizeof notice), -1);
	assert_string_equal(notice, "\"0912 *** *78 9\" has too many digits");
	assert_int_equal(phone_normalize("+1 555 123 4567", out, sizeof out,
	    notice, sizeof notice), -1);
	assert_non_null(strstr(notice, "\"+1 555 *** *567\""));
}

static void
test_formats(void **state)
{
	static const char *forms[] = {
		"0912345678", "0912 345 678", "0912.345.678", "0912-345-678",
		"84912345678", "+84912345678", "+84-912-345-678",
		"(+84) 912 345 678", "+84 (0) 912 345 678", "0084 912 345 678",
		"  0912 345 678  ", "(091) 2345678",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++)
		expect_ok(forms[i], "+84912345678", "");
}

static void
test_mobile_and_landline_prefixes(void **state)
{
	(void)state;
	expect_ok("0321234567", "+84321234567", "");
	expect_ok("0561234567", "+84561234567", "");
	expect_ok("0701234567", "+84701234567", "");
	expect_ok("0861234567", "+84861234567", "");
	expect_ok("0981234567", "+84981234567", "");
	expect_ok("024 3825 1234", "+842438251234", "");
	expect_ok("+84 28 3822 1234", "+842838221234", "");
	expect_ok("0236 382 1234", "+842363821234", "");
}

static void
test_old_prefixes(void **state)
{
	static const char *table[][2] = {
		{ "162", "32" }, { "163", "33" }, { "164", "34" },
		{ "165", "35" }, { "166", "36" }, { "167", "37" },
		{ "168", "38" }, { "169", "39" },
		{ "120", "70" }, { "121", "79" }, { "122", "77" },
		{ "126", "76" }, { "128", "78" },
		{ "123", "83" }, { "124", "84" }, { "125", "85" },
		{ "127", "81" }, { "129", "82" },
		{ "186", "56" }, { "188", "58" }, { "199", "59" },
	};
	char in[40], want[20], notice[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof table / sizeof table[0]; i++) {
		snprintf(want, sizeof want, "+84%s8123456", table[i][1]);
		snprintf(notice, sizeof notice, "converted old prefix 0%s to 0%s",
		    table[i][0], table[i][1]);
		snprintf(in, sizeof in, "0%s8 123 456", table[i][0]);
		expect_ok(in, want, notice);
		snprintf(in, sizeof in, "+84 %s 812 3456", table[i][0]);
		expect_ok(in, want, notice);
		snprintf(in, sizeof in, "84%s8123456", table[i][0]);
		expect_ok(in, want, notice);
	}
	expect_ok("01628 123 456", "+84328123456",
	    "converted old prefix 0162 to 032");
}

static void
test_rejects(void **state)
{
	(void)state;
	expect_reject("0912 34", "has too few digits");
	expect_reject("091234567", "has too few digits");
	expect_reject("+84 91234567", "has too few digits");
	expect_reject("0912 345 6789", "has too many digits");
	expect_reject("024 3825 12345", "has too many digits");
	expect_reject("01628 123 4567", "has too many digits");
	expect_reject("0162 812 345", "has too few digits");
	expect_reject("abc", "is not a phone number");
	expect_reject("", "is not a phone number");
	expect_reject("0912a45678", "is not a phone number");
	expect_reject("0912 345 678 ext", "is not a phone number");
	expect_reject("09+12345678", "is not a phone number");
	expect_reject("++84912345678", "is not a phone number");
	expect_reject("+1 555 123 4567", "is not a Vietnamese number");
	expect_reject("+66 81 234 5678", "is not a Vietnamese number");
	expect_reject("001 555 123 4567", "is not a Vietnamese number");
	expect_reject("912345678", "does not start with 0, 84 or +84");
	expect_reject("0130 123 4567", "has the unknown prefix 0130");
	expect_reject("0612345678", "has the unknown prefix 06");
	expect_reject("0412345678", "has the unknown prefix 04");
	expect_reject("0", "has too few digits");
	expect_reject("0123456789012345678901234567890123456789012345678",
	    "has too many digits");
}

static void
test_notice_and_output_sizes(void **state)
{
	char out[PHONE_E164_MAX], small[8], notice[12];

	(void)state;
	/* No notice buffer at all. */
	assert_int_equal(phone_normalize("0912345678", out, sizeof out, NULL,
	    0), 0);
	assert_string_equal(out, "+84912345678");
	assert_int_equal(phone_normalize("abc", out, sizeof out, NULL, 0), -1);
	/* A short notice buffer is truncated, not overrun. */
	assert_int_equal(phone_normalize("abc", out, sizeof out, notice,
	    sizeof notice), -1);
	assert_int_equal(strlen(notice), sizeof notice - 1);
	/* An output buffer that cannot hold the number is refused. */
	assert_int_equal(phone_normalize("0912345678", small, sizeof small,
	    NULL, 0), -1);
}

static void
test_mask(void **state)
{
	char out[32], tiny[6];

	(void)state;
	assert_string_equal(phone_mask("+84912345678", out, sizeof out),
	    "+8491****678");
	assert_string_equal(phone_mask("+842438251234", out, sizeof out),
	    "+8424*****234");
	assert_string_equal(phone_mask("123456789", out, sizeof out),
	    "123******");
	assert_string_equal(phone_mask("123", out, sizeof out), "1**");
	assert_string_equal(phone_mask("12", out, sizeof out), "**");
	assert_string_equal(phone_mask("", out, sizeof out), "");
	assert_string_equal(phone_mask(NULL, out, sizeof out), "");
	assert_string_equal(phone_mask("+84912345678", tiny, sizeof tiny),
	    "+8491");
	assert_null(phone_mask("+84912345678", NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_mobile_and_landline_prefixes),
		cmocka_unit_test(test_old_prefixes),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_reject_masks_digits),
		cmocka_unit_test(test_notice_and_output_sizes),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
