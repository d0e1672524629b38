/*
 * fuzz_text.c - the UTF-8 helpers of core/text.h on any bytes: validity,
 * width, diacritic stripping and folding, NFC.
 */
#include "tests/fuzz/fuzz.h"

#include "core/text.h"

/* fold is strip with ASCII letters lowered, and never longer than s. */
static void
check_fold(const char *s, const char *strip, const char *fold)
{
	size_t len = strlen(strip);

	fuzz_check(strlen(fold) == len && len <= strlen(s));
	for (size_t i = 0; i < len; i++) {
		char c = strip[i];

		fuzz_check(fold[i] == (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
	}
}

/* text_decode walks s in steps that add up to its length. */
static void
check_decode(const char *s)
{
	size_t n, total = 0;
	uint32_t cp;

	while ((n = text_decode(s + total, &cp)) > 0) {
		fuzz_check(n <= 4 && cp <= 0x10ffff && cp != 0);
		total += n;
	}
	fuzz_check(total == strlen(s) && cp == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_text(data, size), *strip, *fold, *nfc, *again;
	int valid = text_valid_utf8(s, strlen(s));

	fuzz_quiet();
	/* Bytes after a NUL are checked too (the raw input, unterminated). */
	(void)text_valid_utf8((const char *)data, size);
	check_decode(s);
	fuzz_check(text_width(s) <= 2 * strlen(s));
	strip = text_strip(s);
	fold = text_fold(s);
	check_fold(s, strip, fold);
	if (valid) {
		/* Nothing left to strip. */
		again = text_strip(strip);
		fuzz_check(text_valid_utf8(strip, strlen(strip)));
		fuzz_check(strcmp(again, strip) == 0);
		free(again);
	}
	nfc = text_nfc(s);
	fuzz_check(text_valid_utf8(nfc, strlen(nfc)));
	again = text_nfc(nfc);
	fuzz_check(strcmp(again, nfc) == 0);
	free(again);
	free(nfc);
	free(fold);
	free(strip);
	free(s);
	return 0;
}
