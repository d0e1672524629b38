#include "testutil.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"

static char msg[512];

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(clock_set_timezone("Asia/Ho_Chi_Minh"), 0);
	clock_set(0);
	msg[0] = '\0';
	log_capture(msg, sizeof msg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	log_capture(NULL, 0);
	clock_set(0);
	unsetenv("SHG_NOW");
	return 0;
}

static void
test_parse_int(void **state)
{
	int64_t v;
	int i;

	(void)state;
	assert_int_equal(parse_int64("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_int64("-9223372036854775808", INT64_MIN, 0, &v), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(parse_int64("9223372036854775808", 0, INT64_MAX, &v), -1);
	assert_int_equal(parse_int64("101", 0, 100, &v), -1);
	assert_int_equal(parse_int64("12abc", 0, 100, &v), -1);
	assert_int_equal(parse_int64(" 12", 0, 100, &v), -1);
	assert_int_equal(parse_int64("", 0, 100, &v), -1);
	assert_int_equal(parse_int64(NULL, 0, 100, &v), -1);
	assert_int_equal(parse_int64("0x10", 0, 100, &v), -1);
	i = 7;
	assert_int_equal(parse_int("2026", 1900, 2200, &i), 0);
	assert_int_equal(i, 2026);
	assert_int_equal(parse_int("1899", 1900, 2200, &i), -1);
	assert_int_equal(i, 2026);
}

static void
test_parse_money(void **state)
{
	static const struct { const char *in; int64_t v; } ok[] = {
		{ "0", 0 }, { "1500000", 1500000 }, { "1.500.000", 1500000 },
		{ "1,500,000", 1500000 }, { "1 500 000", 1500000 },
		{ "1.500", 1500 }, { "999", 999 }, { " 12.000 ", 12000 },
		{ "1.500.000đ", 1500000 }, { "1.500.000 đ", 1500000 },
		{ "2000000 VND", 2000000 }, { "300.000 vnđ", 300000 },
		{ "50.000 đồng", 50000 }, { "50000d", 50000 },
		{ "1.000.000.000.000.000", INT64_C(1000000000000000) },
	};
	static const char *const bad[] = {
		"", "đ", "-5", "1.5", "1.50", "1.5000", "1500.000", ".500",
		"1.500,000", "1..500", "12,34", "abc", "1e6", "1.000.000.000.000.001",
		"10000000000000000", "1 500 000 000 000 000 000 000 000",
	};
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		v = -1;
		assert_int_equal(parse_money(ok[i].in, &v), 0);
		assert_true(v == ok[i].v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(parse_money(bad[i], &v), -1);
	assert_int_equal(parse_money(NULL, &v), -1);
}

static void
test_money_format(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(money_format(0, buf, sizeof buf), "0");
	assert_string_equal(money_format(999, buf, sizeof buf), "999");
	assert_string_equal(money_format(1000, buf, sizeof buf), "1.000");
	assert_string_equal(money_format(1500000, buf, sizeof buf), "1.500.000");
	assert_string_equal(money_format(-1500, buf, sizeof buf), "-1.500");
	assert_string_equal(money_format(INT64_MAX, buf, sizeof buf),
	    "9.223.372.036.854.775.807");
	assert_string_equal(money_format(INT64_MIN, buf, sizeof buf),
	    "-9.223.372.036.854.775.808");
	/* a short buffer is cut, never overrun */
	memset(buf, 'x', sizeof buf);
	money_format(1500000, buf, 5);
	assert_true(strlen(buf) < 5);
	assert_int_equal(buf[5], 'x');
}

static void
test_dates(void **state)
{
	int d;
	char buf[16];

	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2026, 11, 23), 20780);
	assert_int_equal(date_weekday(20780), 1);    /* a Monday */
	assert_int_equal(date_weekday(0), 4);        /* a Thursday */
	assert_string_equal(date_format(20780, buf), "2026-11-23");
	assert_string_equal(date_format_vn(20780, buf), "23/11/2026");
	assert_int_equal(date_parse("2026-11-23", &d), 0);
	assert_int_equal(d, 20780);
	assert_int_equal(date_parse("23/11/2026", &d), 0);
	assert_int_equal(d, 20780);
	assert_int_equal(date_parse("3/1/2026", &d), 0);
	assert_int_equal(d, date_from_ymd(2026, 1, 3));
	assert_int_equal(date_parse("2024-02-29", &d), 0);
	assert_int_equal(date_parse("2000-02-29", &d), 0);
	assert_int_equal(date_parse("2026-02-29", &d), -1);
	assert_int_equal(date_parse("1900-02-29", &d), -1);
	assert_int_equal(date_parse("2026-13-01", &d), -1);
	assert_int_equal(date_parse("2026-04-31", &d), -1);
	assert_int_equal(date_parse("2026-1-5", &d), -1);
	assert_int_equal(date_parse("2026-11-23x", &d), -1);
	assert_int_equal(date_parse("1899-12-31", &d), -1);
	assert_int_equal(date_parse("", &d), -1);
	assert_int_equal(date_parse(NULL, &d), -1);
	assert_int_equal(date_parse_arg("--date", "2026-13-01", &d), -1);
	assert_string_equal(msg, "--date: \"2026-13-01\" is not a date (use "
	    "YYYY-MM-DD)");
	for (int y = 1990; y <= 2040; y += 7)
		for (int m = 1; m <= 12; m++) {
			int yy, mm, dd;
			date_to_ymd(date_from_ymd(y, m, 28), &yy, &mm, &dd);
			assert_true(yy == y && mm == m && dd == 28);
		}
	assert_int_equal(date_days_in_month(2028, 2), 29);
	assert_int_equal(date_days_in_month(2100, 2), 28);
}

static void
test_add_months(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(date_from_ymd(2026, 1, 31), 1),
	    date_from_ymd(2026, 2, 28));
	assert_int_equal(date_add_months(date_from_ymd(2028, 1, 31), 1),
	    date_from_ymd(2028, 2, 29));
	assert_int_equal(date_add_months(date_from_ymd(2026, 11, 15), 3),
	    date_from_ymd(2027, 2, 15));
	assert_int_equal(date_add_months(date_from_ymd(2026, 3, 31), -1),
	    date_from_ymd(2026, 2, 28));
	assert_int_equal(date_add_months(date_from_ymd(2026, 1, 15), -1),
	    date_from_ymd(2025, 12, 15));
	assert_int_equal(date_add_months(date_from_ymd(2026, 5, 10), 24),
	    date_from_ymd(2028, 5, 10));
}

static void
test_clock(void **state)
{
	int d, m;
	char buf[32];

	(void)state;
	clock_set(1795399200);  /* 2026-11-23 02:00 UTC */
	assert_int_equal(clock_now(), 1795399200);
	assert_int_equal(date_today(), date_from_ymd(2026, 11, 23));
	time_to_local(clock_now(), &d, &m);
	assert_int_equal(m, 9 * 60);
	assert_int_equal(time_from_local(d, 9 * 60), 1795399200);
	assert_string_equal(time_format_local(clock_now(), buf, sizeof buf),
	    "2026-11-23 09:00");
	/* 23:30 local is already the next day in UTC+7 terms: local date */
	clock_set(1795399200 + 14 * 3600 + 1800);
	assert_int_equal(date_today(), date_from_ymd(2026, 11, 23));
	clock_set(1795399200 + 15 * 3600);
	assert_int_equal(date_today(), date_from_ymd(2026, 11, 24));
	assert_int_equal(date_parse("today", &d), 0);
	assert_int_equal(d, date_from_ymd(2026, 11, 24));
	assert_int_equal(date_parse("yesterday", &d), 0);
	assert_int_equal(d, date_from_ymd(2026, 11, 23));
	/* 0 goes back to the system clock */
	clock_set(0);
	assert_true(clock_now() > 1700000000);
}

static void
test_clock_env(void **state)
{
	(void)state;
	setenv("SHG_NOW", "2026-11-23 09:00", 1);
	assert_int_equal(clock_init_env(), 0);
	assert_int_equal(clock_now(), 1795399200);
	setenv("SHG_NOW", "2026-11-23T09:00:30", 1);
	assert_int_equal(clock_init_env(), 0);
	assert_int_equal(clock_now(), 1795399230);
	setenv("SHG_NOW", "2026-11-23", 1);
	assert_int_equal(clock_init_env(), 0);
	assert_int_equal(clock_now(), 1795410000);      /* local noon */
	setenv("SHG_NOW", "@1700000000", 1);
	assert_int_equal(clock_init_env(), 0);
	assert_int_equal(clock_now(), 1700000000);
	assert_int_equal(date_today(), date_from_ymd(2023, 11, 15));
	setenv("SHG_NOW", "tomorrow", 1);
	assert_int_equal(clock_init_env(), -1);
	assert_string_equal(msg, "SHG_NOW: \"tomorrow\" is not a time (use "
	    "YYYY-MM-DD HH:MM)");
	setenv("SHG_NOW", "2026-11-23 25:00", 1);
	assert_int_equal(clock_init_env(), -1);
	setenv("SHG_NOW", "@-5", 1);
	assert_int_equal(clock_init_env(), -1);
	assert_int_equal(clock_now(), 1700000000);
}

static void
test_timezone_and_times(void **state)
{
	int m;

	(void)state;
	assert_true(clock_zone_exists("UTC"));
	assert_true(clock_zone_exists("Asia/Bangkok"));
	assert_false(clock_zone_exists("Mars/Olympus"));
	assert_false(clock_zone_exists("../../etc/passwd"));
	assert_false(clock_zone_exists(""));
	assert_int_equal(clock_set_timezone("Mars/Olympus"), -1);
	assert_string_equal(msg, "timezone: \"Mars/Olympus\" is not a known time zone");
	assert_int_equal(clock_set_timezone("UTC"), 0);
	clock_set(1795399200);
	time_to_local(clock_now(), NULL, &m);
	assert_int_equal(m, 2 * 60);
	assert_int_equal(clock_set_timezone("Asia/Ho_Chi_Minh"), 0);
	assert_int_equal(time_of_day_parse("07:05", &m), 0);
	assert_int_equal(m, 425);
	assert_int_equal(time_of_day_parse("7:05", &m), 0);
	assert_int_equal(time_of_day_parse("23:59", &m), 0);
	assert_int_equal(m, 1439);
	assert_int_equal(time_of_day_parse("24:00", &m), -1);
	assert_int_equal(time_of_day_parse("12:60", &m), -1);
	assert_int_equal(time_of_day_parse("12:00x", &m), -1);
	assert_int_equal(time_of_day_parse("noon", &m), -1);
}

static void
test_strings_and_buf(void **state)
{
	struct buf b = { 0 };
	char s[] = "  Hà Nội \t\n", *d;

	(void)state;
	assert_string_equal(str_trim(s), "Hà Nội");
	assert_true(str_eq(NULL, NULL));
	assert_false(str_eq("a", NULL));
	assert_true(str_empty(""));
	assert_true(str_empty(NULL));
	assert_false(str_empty(" "));
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.s));
	assert_int_equal(strncmp(b.s, "0,1,2,", 6), 0);
	buf_reset(&b);
	buf_add(&b, "đồng");
	buf_addc(&b, '!');
	d = buf_detach(&b);
	assert_string_equal(d, "đồng!");
	assert_null(b.s);
	free(d);
	d = buf_detach(&b);
	assert_string_equal(d, "");
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_money, setup, teardown),
		cmocka_unit_test_setup_teardown(test_money_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clock_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timezone_and_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings_and_buf, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
