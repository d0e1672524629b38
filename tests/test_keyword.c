#include "testutil.h"

#include "core/clock.h"
#include "sms/keyword.h"
#include "sms/template.h"

static void
check(const char *text, enum reply_context ctx, enum reply_meaning want)
{
	enum reply_meaning got = keyword_parse(text, ctx);
	if (got != want)
		fail_msg("\"%s\" (context %d): got %s, want %s", text, ctx,
		    keyword_meaning_name(got), keyword_meaning_name(want));
}

static void
test_checkin(void **state)
{
	(void)state;
	check("1", REPLY_TO_CHECKIN, REPLY_WELL);
	check(" ok ", REPLY_TO_CHECKIN, REPLY_WELL);
	check("Khỏe", REPLY_TO_CHECKIN, REPLY_WELL);
	check("KHOẺ!", REPLY_TO_CHECKIN, REPLY_WELL);
	check("ổn", REPLY_TO_CHECKIN, REPLY_WELL);
	check("On.", REPLY_TO_CHECKIN, REPLY_WELL);
	check("1 cam on chi", REPLY_TO_CHECKIN, REPLY_WELL);
	check("2", REPLY_TO_CHECKIN, REPLY_NEEDS_HELP);
	check("2 - em can gap", REPLY_TO_CHECKIN, REPLY_NEEDS_HELP);
	/* A meeting word means nothing special to a check-in. */
	check("co mat", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("12", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
}

static void
test_meeting(void **state)
{
	(void)state;
	check("1", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("c", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("Có", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("có   mặt", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("ĐI", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("2", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("K", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("không", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("Vắng", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("không đi được", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("ok", REPLY_TO_MEETING, REPLY_FREE_TEXT);
	/* Decomposed diacritics (some phones send them). */
	check("kho\xcc\x82ng", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
}

static void
test_any_time(void **state)
{
	enum reply_context all[] = { REPLY_TO_NOTHING, REPLY_TO_CHECKIN,
		REPLY_TO_MEETING };
	(void)state;
	for (int i = 0; i < 3; i++) {
		check("HELP", all[i], REPLY_NEEDS_HELP);
		check("giúp", all[i], REPLY_NEEDS_HELP);
		check("Cần giúp!", all[i], REPLY_NEEDS_HELP);
		check("cứu", all[i], REPLY_NEEDS_HELP);
		check("em that su can giup do", all[i], REPLY_NEEDS_HELP);
		check("STOP", all[i], REPLY_OPT_OUT);
		check("huỷ", all[i], REPLY_OPT_OUT);
		check("Từ chối", all[i], REPLY_OPT_OUT);
		check("start", all[i], REPLY_OPT_IN);
		check("Đăng ký", all[i], REPLY_OPT_IN);
		check("hom nay troi mua", all[i], REPLY_FREE_TEXT);
	}
	check("1", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	/* "stopped" is not STOP, "giupviec" is not GIUP. */
	check("stopped", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("giupviec", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
}

/* Replies often open with a polite particle or a pronoun. */
static void
test_fillers(void **state)
{
	(void)state;
	check("Dạ em sẽ đi họp", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("Dạ có ạ", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("Em không đi được chị ơi", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("Dạ em khỏe", REPLY_TO_CHECKIN, REPLY_WELL);
	check("chị ơi em ổn", REPLY_TO_CHECKIN, REPLY_WELL);
	check("Em không khỏe", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("Dạ, em cảm ơn chị", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("em", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("Dạ STOP", REPLY_TO_NOTHING, REPLY_OPT_OUT);
}

/* "Vâng" (yes) and "vắng" (absent) fold alike: the hat decides, and
 * without diacritics VANG keeps its listed meaning, absent. */
static void
test_vang(void **state)
{
	(void)state;
	check("Vâng", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("VÂNG ạ", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("va\xcc\x82ng", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("vâng", REPLY_TO_CHECKIN, REPLY_WELL);
	check("Vắng", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("VANG", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("vâng", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("vângx", REPLY_TO_MEETING, REPLY_FREE_TEXT);
}

static void
test_normalize(void **state)
{
	char *n = keyword_normalize("  Có   MẶT!!  nhé, chị ");
	(void)state;
	assert_string_equal(n, "co mat nhe chi");
	free(n);
}

static void
test_template(void **state)
{
	struct template_vars v = { "Nguyễn Thị Hoa", "Hoa Sen",
		date_from_ymd(2026, 12, 5), 8 * 60, "nhà văn hóa thôn", 1500000,
		"15/10", "MK-2026-0001" };
	char *s;

	(void)state;
	s = template_render("{name}: nhóm {group} họp {time} ngày {date} "
	    "({lunar_date} ÂL) tại {place}, trả {amount}. {case} {unknown}", &v);
	assert_string_equal(s, "Hoa: nhóm Hoa Sen họp 08:00 ngày 05/12 "
	    "(15/10 ÂL) tại nhà văn hóa thôn, trả 1.500.000 đ. MK-2026-0001 ");
	free(s);
	v.amount = -1;
	v.minutes = -1;
	s = template_render("{amount}{time}{date", &v);
	assert_string_equal(s, "{date");
	free(s);
	s = template_given_name("Lò Thị  Dung ");
	assert_string_equal(s, "Dung");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checkin),
		cmocka_unit_test(test_meeting),
		cmocka_unit_test(test_any_time),
		cmocka_unit_test(test_fillers),
		cmocka_unit_test(test_vang),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_template),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
