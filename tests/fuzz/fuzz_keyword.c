/*
 * fuzz_keyword.c - reply keywords: keyword_normalize and keyword_parse
 * on any bytes, in every context.
 */
#include "tests/fuzz/fuzz.h"

#include "core/text.h"
#include "sms/keyword.h"

/* Lowercase words of letters, digits and non-ASCII bytes, one space
 * between them, none at either end. */
static void
check_normal(const char *norm)
{
	size_t len = strlen(norm);

	fuzz_check(len == 0 || (norm[0] != ' ' && norm[len - 1] != ' '));
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)norm[i];

		fuzz_check(c >= 0x80 || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == ' ');
		fuzz_check(c != ' ' || norm[i + 1] != ' ');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned ctx[] = { REPLY_TO_NOTHING, REPLY_TO_CHECKIN,
		REPLY_TO_MEETING, REPLY_TO_CHECKIN | REPLY_TO_MEETING };
	char *text = fuzz_text(data, size), *norm, *again;
	int valid = text_valid_utf8(text, strlen(text));

	fuzz_quiet();
	norm = keyword_normalize(text);
	check_normal(norm);
	again = keyword_normalize(norm);
	/* Valid text normalizes once and for all. */
	fuzz_check(!valid || strcmp(norm, again) == 0);
	for (size_t i = 0; i < NELEM(ctx); i++) {
		enum reply_meaning m = keyword_parse(text, ctx[i], NULL);

		fuzz_check(m >= REPLY_FREE_TEXT && m <= REPLY_UNCLEAR);
		/* Punctuation separates clauses and marks tell "cứu" from
		 * "cừu", so the normalized text may mean something else. */
		fuzz_check(keyword_parse(norm, ctx[i], NULL) <= REPLY_UNCLEAR);
		fuzz_check(strcmp(keyword_meaning_name(m), "") != 0);
	}
	free(again);
	free(norm);
	free(text);
	return 0;
}
