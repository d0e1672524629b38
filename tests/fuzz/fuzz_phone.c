/*
 * fuzz_phone.c - phone_normalize and phone_mask on any bytes, with
 * notice and output buffers of several sizes.
 */
#include "tests/fuzz/fuzz.h"

#include "core/phone.h"

/* "+84" then 9 digits starting 3, 5, 7, 8 or 9, or 10 starting with 2. */
static void
check_e164(const char *e164)
{
	size_t len = strlen(e164);

	fuzz_check(strncmp(e164, "+84", 3) == 0);
	fuzz_check(len == 12 || len == 13);
	fuzz_check(strspn(e164 + 3, "0123456789") == len - 3);
	fuzz_check(len == 13 ? e164[3] == '2' : strchr("35789", e164[3]) != NULL);
}

static void
check_mask(const char *in)
{
	static const size_t sizes[] = { 1, 2, 6, PHONE_E164_MAX, 64 };
	char out[64];
	size_t len = strlen(in);

	fuzz_check(phone_mask(in, NULL, 0) == NULL);
	for (size_t i = 0; i < NELEM(sizes); i++) {
		size_t want = len < sizes[i] - 1 ? len : sizes[i] - 1;

		fuzz_check(phone_mask(in, out, sizes[i]) == out);
		fuzz_check(strlen(out) == want);
		/* A long input keeps no more than its first 5 and last 3. */
		for (size_t k = 5; len >= 10 && k + 3 < len && k < want; k++)
			fuzz_check(out[k] == '*');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t notice_sizes[] = { 1, 8, 64, 200 };
	char *in = fuzz_text(data, size), out[PHONE_E164_MAX], again[32];
	char notice[200];
	int r = phone_normalize(in, out, sizeof out, NULL, 0);

	fuzz_quiet();
	for (size_t i = 0; i < NELEM(notice_sizes); i++) {
		fuzz_check(phone_normalize(in, again, sizeof again, notice,
		    notice_sizes[i]) == r);
		fuzz_check(strlen(notice) < notice_sizes[i]);
		fuzz_check(r == 0 || notice[0] != '\0' || notice_sizes[i] == 1);
	}
	if (r == 0) {
		check_e164(out);
		fuzz_check(strcmp(out, again) == 0);
		/* A normalized number stays as it is. */
		fuzz_check(phone_normalize(out, again, sizeof again, notice,
		    sizeof notice) == 0);
		fuzz_check(strcmp(out, again) == 0 && notice[0] == '\0');
		check_mask(out);
	}
	check_mask(in);
	free(in);
	return 0;
}
