/*
 * fuzz_template.c - SMS template rendering (sms/template.h).
 *
 * Input: u16 date offset (0xffff: no date), u16 minutes (beyond a day:
 * none), u32 amount (0xffffffff: none), then NUL-separated strings:
 * the template, full name, group, place, lunar date and case code.
 * Property: a template without placeholders comes out unchanged.
 */
#include "tests/fuzz/fuzz.h"

#include "core/clock.h"
#include "core/db.h"
#include "sms/template.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct template_vars v;
	uint16_t date = fuzz_u16(&in), minutes = fuzz_u16(&in);
	uint32_t amount = fuzz_u32(&in);
	char *s[6], *out, *given;

	fuzz_quiet();
	for (size_t i = 0; i < NELEM(s); i++)
		s[i] = fuzz_str(&in);
	v = (struct template_vars){
		.full_name = s[1], .group = s[2], .place = s[3],
		.lunar_date = s[4], .case_code = s[5],
		.date = date == 0xffff ? DATE_NONE :
		    date_from_ymd(1990, 1, 1) + date,
		.minutes = minutes < 24 * 60 ? minutes : -1,
		.amount = amount == 0xffffffff ? -1 : (int64_t)amount * 1000,
	};
	out = template_render(s[0], &v);
	fuzz_check(out != NULL);
	fuzz_check(strchr(s[0], '{') || strcmp(out, s[0]) == 0);
	free(out);
	given = template_given_name(s[1]);
	fuzz_check(strlen(given) <= strlen(s[1]) && !strchr(given, ' '));
	free(given);
	v.full_name = v.group = v.place = v.lunar_date = v.case_code = NULL;
	free(template_render(s[0], &v));
	for (size_t i = 0; i < NELEM(s); i++)
		free(s[i]);
	return 0;
}
