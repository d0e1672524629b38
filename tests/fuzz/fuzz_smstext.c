/*
 * fuzz_smstext.c - SMS planning (sms/smstext.h) on any bytes, in every
 * mode, with and without a part limit.
 */
#include "tests/fuzz/fuzz.h"

#include "core/text.h"
#include "sms/smstext.h"

/* A successful plan: text valid, units and parts consistent with the
 * coding (GSM7 only when every character is in the alphabet). */
static void
check_plan(const struct sms_plan *p, int max_parts)
{
	int gsm = smstext_gsm_units(p->text);
	int per = p->coding == SMS_CODING_GSM7 ? 153 : 67;
	int single = p->coding == SMS_CODING_GSM7 ? 160 : 70;

	fuzz_check(p->text && text_valid_utf8(p->text, strlen(p->text)));
	fuzz_check(p->parts >= 1 && p->units >= 0);
	fuzz_check(max_parts <= 0 || p->parts <= max_parts);
	fuzz_check(p->coding == SMS_CODING_GSM7 ? gsm == p->units : gsm < 0);
	if (p->units <= single)
		fuzz_check(p->parts == 1);
	else
		fuzz_check(p->parts >= (p->units + per - 1) / per &&
		    p->parts <= p->units);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum sms_coding_mode modes[] = { SMS_MODE_KEEP,
		SMS_MODE_STRIP, SMS_MODE_AUTO };
	static const int limits[] = { 0, 1, 3 };
	char *s = fuzz_text(data, size);
	int valid = text_valid_utf8(s, strlen(s)), parts[3] = { 0 };

	fuzz_quiet();
	for (size_t m = 0; m < NELEM(modes); m++) {
		for (size_t l = 0; l < NELEM(limits); l++) {
			struct sms_plan p;
			int r = smstext_plan(s, modes[m], limits[l], &p);

			fuzz_check(r == 0 || p.text == NULL);
			fuzz_check(valid || r < 0);
			if (r == 0)
				check_plan(&p, limits[l]);
			if (valid && limits[l] == 0) {
				fuzz_check(r == 0);
				parts[m] = p.parts;
			}
			smstext_plan_free(&p);
			smstext_plan_free(&p);
		}
	}
	/* AUTO never costs more than keeping the diacritics. */
	fuzz_check(!valid || parts[2] <= parts[0]);
	free(s);
	return 0;
}
