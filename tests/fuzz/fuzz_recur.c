/*
 * fuzz_recur.c - schedule input (groups/recur.h): recur_parse on any
 * text, then the next occurrences of what it accepted.
 *
 * Input: u16 DTSTART offset, u16 offset of the first day asked for,
 * u8 how many occurrences (1..8), then the schedule text.
 * The walk is also tried on the raw text, as a stored rule that did not
 * come from recur_parse would be.
 * Properties: an accepted rule parses again to itself, and its
 * occurrences are ascending, on or after both days.
 */
#include "tests/fuzz/fuzz.h"

#include "core/clock.h"
#include "groups/recur.h"

#define MAX_NEXT 8

static void
check_next(const char *rrule, int dtstart, int after, int n)
{
	int days[MAX_NEXT], got = recur_next(rrule, dtstart, after, n, days);

	fuzz_check(got >= -1 && got <= n);
	for (int i = 0; i < got; i++) {
		fuzz_check(days[i] >= dtstart && days[i] >= after);
		fuzz_check(i == 0 || days[i] > days[i - 1]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	int base = date_from_ymd(2000, 1, 1);
	int dtstart = base + fuzz_u16(&in) % (100 * 366);
	int after = dtstart + fuzz_u16(&in) % (5 * 366);
	int n = 1 + fuzz_u8(&in) % MAX_NEXT;
	char *text = fuzz_str(&in);
	struct recur_rule r, again;

	fuzz_quiet();
	if (recur_parse(text, &r) == 0) {
		fuzz_check(r.rrule[0] != '\0');
		fuzz_check(r.start_minutes >= -1 && r.start_minutes < 24 * 60);
		fuzz_check(recur_parse(r.rrule, &again) == 0);
		fuzz_check(strcmp(again.rrule, r.rrule) == 0);
		check_next(r.rrule, dtstart, after, n);
	}
	check_next(text, dtstart, after, n);
	free(text);
	return 0;
}
