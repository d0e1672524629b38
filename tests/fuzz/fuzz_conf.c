/*
 * fuzz_conf.c - configuration loading (config/conf.h) from any text.
 *
 * Inputs with "@include" are passed over: the file is trusted, and an
 * include of /dev/zero or a FIFO would only measure the disk.
 *
 * Properties: a loaded configuration satisfies the checks the table
 * promises (ranges, choices, list sizes); a failed load leaves the
 * struct freed.
 */
#include "tests/fuzz/fuzz.h"

#include "config/conf.h"

const char *__lsan_default_suppressions(void);

/* libconfig 1.5 leaks the string its scanner was building when the parser
 * stops at a syntax error (reproduced with libconfig alone); not ours. */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libconfig_yylex\n" "leak:strbuf_append\n";
}

static void
check_loaded(const struct conf *c)
{
	fuzz_check(c->database && c->timezone && c->sms_coding && c->log_level);
	fuzz_check(c->sms_max_parts >= 1 && c->sms_max_parts <= 10);
	fuzz_check(c->quiet_start >= 0 && c->quiet_start < 24 * 60);
	fuzz_check(c->quiet_end >= 0 && c->quiet_end < 24 * 60);
	fuzz_check(c->multipart_timeout >= 10);
	fuzz_check(c->nholidays >= 0 && c->nholidays <= CONF_MAX_HOLIDAYS);
	fuzz_check(c->nforbidden_words >= 0 &&
	    c->nforbidden_words <= CONF_MAX_WORDS);
	fuzz_check(c->nvisit_plan >= 1 && c->nvisit_plan <= CONF_MAX_VISIT_STEPS);
	for (int i = 0; i < c->nholidays; i++)
		fuzz_check(c->holidays[i].name && c->holidays[i].month >= 1 &&
		    c->holidays[i].month <= 12 && c->holidays[i].day >= 1 &&
		    c->holidays[i].day <= 31 && c->holidays[i].days >= 1);
	fuzz_check(strcmp(c->holiday_policy, "skip") == 0 ||
	    strcmp(c->holiday_policy, "move") == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct conf c;

	fuzz_quiet();
	if (strcasestr(text, "@include")) {
		free(text);
		return 0;
	}
	if (conf_load_string(text, "fuzz.conf", &c) == 0) {
		check_loaded(&c);
		conf_free(&c);
	} else {
		fuzz_check(c.database == NULL && c.nholidays == 0 &&
		    c.nforbidden_words == 0);
	}
	free(text);
	return 0;
}
