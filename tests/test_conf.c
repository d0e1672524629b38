#include "testutil.h"

#include <fcntl.h>

#include "config/conf.h"
#include "core/clock.h"
#include "sms/smstext.h"

static char msg[1024];

static int
setup(void **state)
{
	(void)state;
	msg[0] = '\0';
	log_capture(msg, sizeof msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_capture(NULL, 0);
	return 0;
}

/* Load text; it must fail with exactly one message, want. */
static void
refused(const char *text, const char *want)
{
	struct conf c;

	msg[0] = '\0';
	assert_int_equal(conf_load_string(text, "t.conf", &c), -1);
	assert_string_equal(msg, want);
}

static void
test_example_loads(void **state)
{
	struct conf c;

	(void)state;
	assert_int_equal(conf_load_string(conf_example, "shg.conf", &c), 0);
	assert_string_equal(msg, "");
	assert_string_equal(c.timezone, "Asia/Ho_Chi_Minh");
	assert_string_equal(c.database, "shg.db");
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.modem_model, "dummy");
	assert_int_equal(c.sms_max_parts, 3);
	assert_int_equal(c.quiet_start, 21 * 60);
	assert_int_equal(c.quiet_end, 7 * 60);
	assert_int_equal(c.nholidays, 5);
	assert_int_equal(c.nforbidden_words, 7);
	assert_int_equal(c.nvisit_plan, 2);
	assert_int_equal(c.web_session_idle_minutes, 30);
	conf_free(&c);
}

/* The built-in copy is the file shipped in the repository, byte for byte. */
static void
test_example_is_the_shipped_file(void **state)
{
	FILE *f = fopen("config/shg.conf", "r");
	char *text = calloc(1, 65536);
	size_t n;

	(void)state;
	assert_non_null(f);
	n = fread(text, 1, 65535, f);
	fclose(f);
	assert_true(n > 0 && n < 65535);
	assert_string_equal(text, conf_example);
	free(text);
}

/* The example says each value is the default: loading it gives the same
 * scalars as no file at all. */
static void
test_example_matches_defaults(void **state)
{
	struct conf a, b;

	(void)state;
	assert_int_equal(conf_load_string(conf_example, "shg.conf", &a), 0);
	assert_int_equal(conf_load(NULL, &b), 0);
	assert_string_equal(a.operator_name, b.operator_name);
	assert_string_equal(a.timezone, b.timezone);
	assert_string_equal(a.holiday_policy, b.holiday_policy);
	assert_string_equal(a.sms_coding, b.sms_coding);
	assert_string_equal(a.tpl_meeting, b.tpl_meeting);
	assert_string_equal(a.tpl_alert, b.tpl_alert);
	assert_int_equal(a.sms_per_minute, b.sms_per_minute);
	assert_int_equal(a.sms_retry_seconds, b.sms_retry_seconds);
	assert_int_equal(a.meeting_morning, b.meeting_morning);
	assert_int_equal(a.checkin_every_days, b.checkin_every_days);
	assert_int_equal(a.unknown_reply, b.unknown_reply);
	assert_int_equal(a.web_session_idle_minutes, b.web_session_idle_minutes);
	assert_int_equal(a.log_syslog, b.log_syslog);
	assert_int_equal(a.allow_multiple_groups, b.allow_multiple_groups);
	assert_int_equal(a.nforbidden_words, b.nforbidden_words);
	assert_int_equal(a.visit_plan[1].every_days, b.visit_plan[1].every_days);
	conf_free(&a);
	conf_free(&b);
}

static void
test_unknown_settings(void **state)
{
	(void)state;
	refused("# comment\n\ncolour = \"red\";\n",
	    "t.conf:3: unknown setting \"colour\"");
	refused("sms = {\n  max_parts = 2;\n  colour = 1;\n};\n",
	    "t.conf:3: unknown setting \"sms.colour\"");
	refused("weather = { sunny = true; };\n",
	    "t.conf:1: unknown setting \"weather\"");
	refused("groups = { holidays = ( { name = \"X\"; solar = \"1/5\"; "
	    "colour = 1; } ); };\n",
	    "t.conf:1: groups.holidays: unknown setting \"colour\"");
}

static void
test_wrong_types(void **state)
{
	(void)state;
	refused("sms = { max_parts = \"3\"; };",
	    "t.conf:1: sms.max_parts: must be an integer");
	refused("log = { syslog = 1; };",
	    "t.conf:1: log.syslog: must be true or false");
	refused("operator = 5;", "t.conf:1: operator: must be a string");
	refused("sms = { quiet_start = 2100; };",
	    "t.conf:1: sms.quiet_start: must be a string");
	refused("privacy = { forbidden_words = \"x\"; };",
	    "t.conf:1: privacy.forbidden_words: must be a list of strings");
	refused("\ndatabase = ;\n", "t.conf:2: syntax error");
}

static void
test_out_of_range(void **state)
{
	(void)state;
	refused("web = { session_idle_minutes = 4; };",
	    "t.conf:1: web.session_idle_minutes: 4 is out of range (5 to 1440)");
	refused("sms = { max_parts = 11; };",
	    "t.conf:1: sms.max_parts: 11 is out of range (1 to 10)");
	refused("\nsms = { per_minute = 601; };",
	    "t.conf:2: sms.per_minute: 601 is out of range (0 to 600)");
	refused("reminders = { loan_overdue_days = 366; };",
	    "t.conf:1: reminders.loan_overdue_days: 366 is out of range (1 to 365)");
	refused("visits = { plan = ( { months = 6; every_days = 0; } ); };",
	    "t.conf:1: visits.plan: step 1 needs months (rising, up to 240) and "
	    "every_days (1 to 730)");
}

static void
test_bad_values(void **state)
{
	(void)state;
	refused("sms = { quiet_start = \"25:00\"; };",
	    "t.conf:1: sms.quiet_start: \"25:00\" is not a time of day (use HH:MM)");
	refused("reminders = { meeting_morning = \"7h\"; };",
	    "t.conf:1: reminders.meeting_morning: \"7h\" is not a time of day "
	    "(use HH:MM)");
	refused("log = { level = \"loud\"; };",
	    "t.conf:1: log.level: \"loud\" is not one of the allowed values: "
	    "error|warn|info|debug");
	refused("sms = { coding = \"utf8\"; };",
	    "t.conf:1: sms.coding: \"utf8\" is not one of the allowed values: "
	    "keep|strip|auto");
	refused("timezone = \"Mars/Olympus\";",
	    "t.conf:1: timezone: \"Mars/Olympus\" is not a known time zone");
	refused("timezone = \"../etc/passwd\";",
	    "t.conf:1: timezone: \"../etc/passwd\" is not a known time zone");
	refused("sms = { coordinator = \"12345\"; };",
	    "t.conf:1: sms.coordinator: \"12345\" is not a Vietnamese phone number");
}

/* The coordinator's phone is taken as people type it and kept as E.164. */
static void
test_coordinator_phone(void **state)
{
	struct conf c;

	(void)state;
	assert_int_equal(conf_load_string("sms = { coordinator = \"0913 000 111\"; };",
	    "t.conf", &c), 0);
	assert_string_equal(c.coordinator_phone, "+84913000111");
	conf_free(&c);
	assert_int_equal(conf_load_string("sms = { coordinator = \"\"; };",
	    "t.conf", &c), 0);
	assert_string_equal(c.coordinator_phone, "");
	conf_free(&c);
}

static void
test_bad_holidays(void **state)
{
	(void)state;
	refused("groups = { holidays = ( { name = \"X\"; solar = \"31/13\"; } ); };",
	    "t.conf:1: groups.holidays: \"31/13\" is not a day/month");
	refused("groups = { holidays = ( { name = \"X\"; } ); };",
	    "t.conf:1: groups.holidays: \"X\" needs either solar or lunar = \"d/m\"");
	refused("groups = { holidays = ( { name = \"X\"; solar = \"1/1\"; "
	    "lunar = \"1/1\"; } ); };",
	    "t.conf:1: groups.holidays: \"X\" needs either solar or lunar = \"d/m\"");
	refused("groups = { holidays = ( { name = \"X\"; lunar = \"1/1\"; "
	    "days = 40; } ); };",
	    "t.conf:1: groups.holidays: days 40 is out of range (1 to 31)");
	refused("groups = { holidays = ( \"1/1\" ); };",
	    "t.conf:1: groups.holidays: each holiday must be { name = ...; "
	    "solar = \"d/m\" or lunar = \"d/m\"; days = N; }");
	refused("groups = { holidays = \"1/1\"; };",
	    "t.conf:1: groups.holidays: must be a list ( {...}, {...} )");
}

static void
test_templates_checked(void **state)
{
	(void)state;
	refused("templates = { checkin = \"Chào {name}, nạn nhân\"; };",
	    "t.conf:1: templates.checkin: contains \"nạn nhân\", which would "
	    "reveal why a person is in the programme");
	refused("templates = {\n checkin = \"Chào {name} {category}\"; };",
	    "t.conf:2: templates.checkin: placeholder {category} is not allowed "
	    "(a sensitive or unknown field; allowed: {name} {group} {date} "
	    "{time} {place} {amount} {lunar_date})");
}

/* What the program passes to conf_set_parts_fn (cli/main.c does the
 * same): the real SMS planning. */
static int
real_parts(const char *text, const char *coding)
{
	struct sms_plan plan;
	int parts = smstext_plan(text, smstext_mode_parse(coding), 0, &plan) < 0
	    ? -1 : plan.parts;

	smstext_plan_free(&plan);
	return parts;
}

/* Run load(text) with stderr into out: how many lines came out. */
static int
stderr_of(int (*fn)(const char *, struct conf *), const char *text,
    struct conf *c, int *rc, char *out, size_t size)
{
	char path[] = "/tmp/shg-conf-err-XXXXXX";
	int fd = mkstemp(path), saved = dup(2), lines = 0;
	FILE *f;
	size_t n;

	fflush(stderr);
	dup2(fd, 2);
	*rc = fn(text, c);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fdopen(fd, "r");
	rewind(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	unlink(path);
	for (size_t i = 0; i < n; i++)
		lines += out[i] == '\n';
	return lines;
}

static int
load_named(const char *text, struct conf *c)
{
	return conf_load_string(text, "c.conf", c);
}

static int
load_and_warn(const char *text, struct conf *c)
{
	if (conf_load_string(text, "c.conf", c) < 0)
		return -1;
	return conf_warnings(c);
}

/* check-config used to say "configuration OK" for each of these. */
static void
test_empty_database_bad_utf8_long_template(void **state)
{
	/* Six short sentences with diacritics: 4 UCS-2 parts with the
	 * placeholders empty, and diacritics cannot be stripped under keep. */
	static const char text[] =
	    "database = \"\";\n"
	    "sms = { coding = \"keep\"; };\n"
	    "templates = {\n"
	    "  optin = \"Cảm ơn \\xff\\xfe\";\n"
	    "  meeting_today = \"{name}: Nhóm họp tháng này ở nhà văn hóa thôn. "
	    "Nhóm họp tháng này ở nhà văn hóa thôn. Nhóm họp tháng này ở nhà "
	    "văn hóa thôn. Nhóm họp tháng này ở nhà văn hóa thôn. Nhóm họp "
	    "tháng này ở nhà văn hóa thôn. Nhóm họp tháng này ở nhà văn hóa "
	    "thôn.\";\n"
	    "};\n";
	char out[2048];
	struct conf c;
	int rc;

	(void)state;
	log_capture(NULL, 0);
	conf_set_parts_fn(real_parts);
	assert_int_equal(stderr_of(load_named, text, &c, &rc, out, sizeof out), 3);
	conf_set_parts_fn(NULL);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(out, "shg: c.conf:1: database: \"\" must not be "
	    "empty\n"));
	assert_non_null(strstr(out, "shg: c.conf:4: templates.optin: is not valid "
	    "UTF-8 text (save the file as UTF-8)\n"));
	assert_non_null(strstr(out, "shg: c.conf:5: templates.meeting_today: "
	    "needs 4 SMS parts even with every placeholder empty, more than "
	    "sms.max_parts (3)\n"));
}

/* The same long template fits when more parts are allowed; the default
 * templates fit the default limit. */
static void
test_template_length_limit(void **state)
{
	static const char text[] =
	    "sms = { coding = \"keep\"; max_parts = 4; };\n"
	    "templates = { meeting_today = \"Nhóm họp tháng này ở nhà văn hóa "
	    "thôn. Nhóm họp tháng này ở nhà văn hóa thôn. Nhóm họp tháng này ở "
	    "nhà văn hóa thôn. Nhóm họp tháng này ở nhà văn hóa thôn. Nhóm họp "
	    "tháng này ở nhà văn hóa thôn. Nhóm họp tháng này ở nhà văn hóa "
	    "thôn.\"; };\n";
	struct conf c;

	(void)state;
	conf_set_parts_fn(real_parts);
	assert_int_equal(conf_load_string(text, "t.conf", &c), 0);
	conf_free(&c);
	assert_int_equal(conf_load_string("sms = { max_parts = 1; };", "t.conf",
	    &c), 0);
	conf_free(&c);
	conf_set_parts_fn(NULL);
}

/* An empty forbidden word list loads (it is a choice) but is warned of. */
static void
test_privacy_off_warned(void **state)
{
	char out[1024];
	struct conf c;
	int rc;

	(void)state;
	log_capture(NULL, 0);
	assert_int_equal(stderr_of(load_and_warn,
	    "privacy = { forbidden_words = []; };", &c, &rc, out, sizeof out), 1);
	assert_int_equal(rc, 1);
	assert_string_equal(out, "c.conf: warning: privacy.forbidden_words is "
	    "empty: the privacy filter is off\n");
	conf_free(&c);
	assert_int_equal(stderr_of(load_and_warn, "", &c, &rc, out, sizeof out), 0);
	assert_int_equal(rc, 0);
	conf_free(&c);
}

/* Several problems are all reported, each on its own line, in one pass. */
static void
test_all_errors_in_one_pass(void **state)
{
	static const char text[] =
	    "colour = 1;\n"
	    "sms = {\n"
	    "  max_parts = 99;\n"
	    "  quiet_end = \"7 o'clock\";\n"
	    "};\n"
	    "timezone = \"Nowhere/City\";\n"
	    "log = { level = 3; };\n";
	char path[] = "/tmp/shg-conf-err-XXXXXX", out[2048] = "";
	int fd = mkstemp(path), saved = dup(2);
	struct conf c;
	FILE *f;
	size_t n;

	(void)state;
	log_capture(NULL, 0);
	fflush(stderr);
	dup2(fd, 2);
	assert_int_equal(conf_load_string(text, "many.conf", &c), -1);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fdopen(fd, "r");
	rewind(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	unlink(path);
	assert_string_equal(out,
	    "shg: many.conf:1: unknown setting \"colour\"\n"
	    "shg: many.conf:3: sms.max_parts: 99 is out of range (1 to 10)\n"
	    "shg: many.conf:4: sms.quiet_end: \"7 o'clock\" is not a time of day "
	    "(use HH:MM)\n"
	    "shg: many.conf:6: timezone: \"Nowhere/City\" is not a known time zone\n"
	    "shg: many.conf:7: log.level: must be a string\n");
}

static void
test_file_paths_and_find(void **state)
{
	char *dir = test_tmpdir(), path[600], want[700];
	struct conf c;
	FILE *f;

	(void)state;
	snprintf(path, sizeof path, "%s/shg.conf", dir);
	f = fopen(path, "w");
	fputs("database = \"data/x.db\";\noperator = \"Chị Lan\";\n"
	    "modem = { device = \"/dev/ttyUSB0\"; };\n", f);
	fclose(f);
	assert_int_equal(conf_load(path, &c), 0);
	snprintf(want, sizeof want, "%s/data/x.db", dir);
	assert_string_equal(c.database, want);
	assert_string_equal(c.modem_device, "/dev/ttyUSB0");
	assert_string_equal(c.operator_name, "Chị Lan");
	assert_string_equal(c.path, path);
	conf_free(&c);

	snprintf(path, sizeof path, "%s/missing.conf", dir);
	assert_int_equal(conf_load(path, &c), -1);
	snprintf(want, sizeof want, "%s: cannot read configuration file", path);
	assert_string_equal(msg, want);

	setenv("SHG_CONFIG", "/from/env.conf", 1);
	assert_string_equal(conf_find("/from/option.conf"), "/from/option.conf");
	assert_string_equal(conf_find(NULL), "/from/env.conf");
	unsetenv("SHG_CONFIG");
	if (access("/etc/shg/shg.conf", F_OK) != 0)
		assert_null(conf_find(NULL));
	test_rmdir(dir);
}

static void
test_write_example(void **state)
{
	char *dir = test_tmpdir(), path[600], *text = calloc(1, 65536);
	FILE *f;
	size_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/shg.conf", dir);
	assert_int_equal(conf_write_example(path), 0);
	f = fopen(path, "r");
	n = fread(text, 1, 65535, f);
	fclose(f);
	text[n] = '\0';
	assert_string_equal(text, conf_example);
	/* an existing file is left alone */
	f = fopen(path, "w");
	fputs("operator = \"x\";\n", f);
	fclose(f);
	assert_int_equal(conf_write_example(path), 0);
	f = fopen(path, "r");
	n = fread(text, 1, 65535, f);
	fclose(f);
	text[n] = '\0';
	assert_string_equal(text, "operator = \"x\";\n");
	free(text);
	test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_example_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_is_the_shipped_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_matches_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coordinator_phone, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_holidays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_templates_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_errors_in_one_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_database_bad_utf8_long_template,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_length_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_privacy_off_warned, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_file_paths_and_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_example, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
