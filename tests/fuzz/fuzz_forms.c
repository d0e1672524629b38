/*
 * fuzz_forms.c - the SMS form parser (sms/forms.h) on any bytes, as of
 * any day: forms_parse, forms_parse_hop (any group length), forms_kind,
 * forms_amount.
 */
#include "tests/fuzz/fuzz.h"

#include "core/clock.h"
#include "sms/forms.h"

/* What a parse that succeeded promises. */
static void
check_ok(const struct form *f, int today)
{
	fuzz_check(f->err == FORM_OK && f->bad == NULL);
	fuzz_check(f->kind != FORM_NONE);
	fuzz_check(f->day == DATE_NONE || f->day <= today);
	fuzz_check((f->day == DATE_NONE) == (f->day_text == NULL));
	switch (f->kind) {
	case FORM_HOP:
		fuzz_check(f->target && *f->target && f->natt > 0);
		for (int i = 0; i < f->natt; i++)
			fuzz_check(f->att[i].who && *f->att[i].who &&
			    f->att[i].status <= ATT_ABSENT);
		break;
	case FORM_TRA:
		fuzz_check(f->loan_id >= 1 && f->amount > 0 &&
		    f->amount <= 1000000000000LL);
		break;
	case FORM_THAM:
		fuzz_check(f->target && *f->target && f->natt == 0);
		break;
	default:
		fuzz_check(f->natt == 0);
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	/* A day between 2000 and about 2180. */
	int today = date_from_ymd(2000, 1, 1) + fuzz_u16(&in);
	int gw = fuzz_u8(&in) % 16;
	char *text = fuzz_str(&in), *amount = fuzz_str(&in);
	struct form f;
	int64_t v = 0;
	int rc;

	fuzz_quiet();
	rc = forms_parse(text, today, &f);
	fuzz_check(rc == 0 || rc == -1);
	fuzz_check(f.kind == forms_kind(text));
	if (rc == 0)
		check_ok(&f, today);
	else
		fuzz_check(f.err != FORM_OK);
	form_free(&f);
	/* With the group's length known from the sender's groups. */
	rc = forms_parse_hop(text, gw, today, &f);
	fuzz_check(rc == 0 || rc == -1);
	fuzz_check(f.kind == forms_kind(text));
	if (rc == 0)
		check_ok(&f, today);
	else
		fuzz_check(f.err != FORM_OK);
	form_free(&f);
	if (forms_amount(amount, &v) == 0)
		fuzz_check(v > 0 && v <= 1000000000000LL);
	free(text);
	free(amount);
	return 0;
}
