#include "testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/util.h"
#include "sms/keyword.h"
#include "sms/template.h"

#define BOTH (REPLY_TO_CHECKIN | REPLY_TO_MEETING)

/* The default help phrases (replies.help_phrases). */
static struct conf conf;
static struct keyword_rules rules;

static void
check(const char *text, unsigned ctx, enum reply_meaning want)
{
	enum reply_meaning got = keyword_parse(text, ctx, &rules);
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
	/* 1 and 2 count when the reminder is the only open question. */
	check("1", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("c", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("C", REPLY_TO_MEETING, REPLY_WILL_ATTEND);
	check("ko", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("e k di dc", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("Cô ơi em không đi được", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
	check("c oi e ko di dc", REPLY_TO_MEETING, REPLY_CANNOT_ATTEND);
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
	/* "không sao" alone says all; more after it is news to read */
	assert_int_equal(keyword_is_bare("e k sao"), 1);
	assert_int_equal(keyword_is_bare("em không sao ạ"), 1);
	assert_int_equal(keyword_is_bare("ko sao nhưng con em ốm"), 0);
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

/* A check-in and a meeting reminder open together: C/K answer the
 * reminder, OK/KHOE the check-in, and the digits are unclear, never
 * help. */
static void
test_both_open(void **state)
{
	(void)state;
	check("C", BOTH, REPLY_WILL_ATTEND);
	check("có", BOTH, REPLY_WILL_ATTEND);
	check("K", BOTH, REPLY_CANNOT_ATTEND);
	check("không đi được", BOTH, REPLY_CANNOT_ATTEND);
	check("ok", BOTH, REPLY_WELL);
	check("Dạ em khỏe", BOTH, REPLY_WELL);
	check("1", BOTH, REPLY_UNCLEAR);
	check("2", BOTH, REPLY_UNCLEAR);
	check("Dạ 2 ạ", BOTH, REPLY_UNCLEAR);
	check("vâng", BOTH, REPLY_UNCLEAR);
	/* Help is help whatever is open. */
	check("cứu em với", BOTH, REPLY_NEEDS_HELP);
	check("GIUP", BOTH, REPLY_NEEDS_HELP);
}

/* A number with a unit is no key. */
static void
test_quantities(void **state)
{
	(void)state;
	check("2 ngày nữa em về", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("2 tr em tra roi", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("1 tuần nữa em đi", REPLY_TO_MEETING, REPLY_FREE_TEXT);
	check("2 chị ơi", REPLY_TO_CHECKIN, REPLY_NEEDS_HELP);
	check("20", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
}

/* Help on word boundaries: the words, the phrases, and what is not. */
static void
test_help(void **state)
{
	(void)state;
	check("cứu em", REPLY_TO_NOTHING, REPLY_NEEDS_HELP);
	check("CUU", REPLY_TO_NOTHING, REPLY_NEEDS_HELP);
	check("help me", REPLY_TO_NOTHING, REPLY_NEEDS_HELP);
	check("Chị ơi em bị đánh", REPLY_TO_NOTHING, REPLY_NEEDS_HELP);
	check("em so lam, giup e voi", REPLY_TO_NOTHING, REPLY_NEEDS_HELP);
	check("không ai giúp em với", REPLY_TO_NOTHING, REPLY_NEEDS_HELP);
	check("Em đang nghiên cứu mở quán tạp hóa, chị nhắn lại giúp em "
	    "lịch họp nhé", REPLY_TO_CHECKIN, REPLY_FREE_TEXT);
	check("chị xem lịch giúp em với", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("em khỏe, không cần giúp đâu", REPLY_TO_NOTHING,
	    REPLY_FREE_TEXT);
	check("Nhà em ở Cửu Long", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("Cửu", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("con cừu em nuôi bị ốm", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("em bị đánh giá thấp", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("em không bị đánh", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	check("em đi làm giúp việc", REPLY_TO_NOTHING, REPLY_FREE_TEXT);
	/* Without configured phrases only the words count. */
	assert_int_equal(keyword_parse("em bị đánh", 0, NULL),
	    REPLY_FREE_TEXT);
	assert_int_equal(keyword_parse("giúp!", 0, NULL), REPLY_NEEDS_HELP);
}

/* The example configuration lists the default help phrases. */
static void
test_example_phrases(void **state)
{
	struct conf c;

	(void)state;
	assert_int_equal(conf_load_string(conf_example, "shg.conf", &c), 0);
	assert_int_equal(c.nhelp_phrases, conf.nhelp_phrases);
	for (int i = 0; i < c.nhelp_phrases; i++)
		assert_string_equal(c.help_phrases[i], conf.help_phrases[i]);
	assert_int_equal(c.nnot_help_phrases, conf.nnot_help_phrases);
	for (int i = 0; i < c.nnot_help_phrases; i++)
		assert_string_equal(c.not_help_phrases[i],
		    conf.not_help_phrases[i]);
	conf_free(&c);
	assert_int_equal(conf_load_string("replies = { help_phrases = "
	    "[ \"bị ép\", \" \" ]; };", "t.conf", &c), -1);
	assert_int_equal(conf_load_string("replies = { help_phrases = "
	    "[ \"bị ép\" ]; };", "t.conf", &c), 0);
	assert_int_equal(c.nhelp_phrases, 1);
	conf_free(&c);
}

/* An organiser's replies.not_help_phrases cancel the help phrases they
 * overlap, and only those; an empty list cancels nothing. */
static void
test_not_help_setting(void **state)
{
	struct keyword_rules r;
	struct conf c;

	(void)state;
	assert_int_equal(conf_load_string("replies = { help_phrases = "
	    "[ \"bị giữ\", \"cứu em\" ]; not_help_phrases = [ \"giữ trẻ\" ]; "
	    "};", "t.conf", &c), 0);
	r = (struct keyword_rules){ c.help_phrases, c.nhelp_phrases,
		c.not_help_phrases, c.nnot_help_phrases };
	assert_int_equal(keyword_parse("em bị giữ trẻ ở nhà", 0, &r),
	    REPLY_FREE_TEXT);
	assert_int_equal(keyword_parse("EM BI GIU TRE O NHA", 0, &r),
	    REPLY_FREE_TEXT);
	assert_int_equal(keyword_parse("em bị giữ ở đây", 0, &r),
	    REPLY_NEEDS_HELP);
	assert_int_equal(keyword_parse("em bị giữ trẻ, cứu em", 0, &r),
	    REPLY_NEEDS_HELP);
	conf_free(&c);
	assert_int_equal(conf_load_string("replies = { not_help_phrases = "
	    "[]; };", "t.conf", &c), 0);
	r = (struct keyword_rules){ c.help_phrases, c.nhelp_phrases,
		c.not_help_phrases, c.nnot_help_phrases };
	assert_int_equal(c.nnot_help_phrases, 0);
	assert_int_equal(keyword_parse("con em bị giữ lại lớp", 0, &r),
	    REPLY_NEEDS_HELP);
	assert_int_equal(keyword_parse("con em bị giữ lại lớp", 0, &rules),
	    REPLY_FREE_TEXT);
	conf_free(&c);
	assert_int_equal(conf_load_string("replies = { not_help_phrases = "
	    "[ \"\" ]; };", "t.conf", &c), -1);
}

/*
 * The corpus tests/data/meanings.tsv: replies as members write them,
 * with the questions open and the meaning each must get (see the file's
 * header). Every mismatch is printed; a false help alert, a missed one
 * and any other wrong meaning all fail the test.
 */
#define MEANINGS "tests/data/meanings.tsv"

static const char *const contexts[] = { "none", "checkin", "meeting",
	"both" };

static int
context_of(const char *name)
{
	for (int i = 0; i < (int)NELEM(contexts); i++)
		if (str_eq(contexts[i], name))
			return i;
	return -1;
}

static int
meaning_of(const char *name)
{
	for (int m = REPLY_FREE_TEXT; m <= REPLY_UNCLEAR; m++)
		if (str_eq(keyword_meaning_name((enum reply_meaning)m), name))
			return m;
	return -1;
}

struct corpus_tally {
	int replies, false_help, missed_help, wrong;
};

/* Check one line "context TAB text TAB meaning TAB gloss". */
static void
corpus_line(char *buf, int line, struct corpus_tally *t)
{
	char *f[4];
	int n = 0, ctx = -1, want = -1, help, want_help;
	enum reply_meaning got;

	f[n++] = buf;
	for (char *p = buf; *p && n < 4; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	if (n < 3 || (ctx = context_of(f[0])) < 0 ||
	    (want = meaning_of(f[2])) < 0)
		fail_msg("%s:%d: not \"context TAB text TAB meaning TAB gloss\"",
		    MEANINGS, line);
	t->replies++;
	got = keyword_parse(f[1], (unsigned)ctx, &rules);
	if ((int)got == want)
		return;
	help = got == REPLY_NEEDS_HELP;
	want_help = want == REPLY_NEEDS_HELP;
	if (help)
		t->false_help++;
	else if (want_help)
		t->missed_help++;
	else
		t->wrong++;
	print_message("%s %s:%d (%s): %s -> %s, want %s\n", help ?
	    "FALSE HELP " : want_help ? "MISSED HELP" : "WRONG      ",
	    MEANINGS, line, f[0], f[1], keyword_meaning_name(got), f[2]);
}

static void
test_corpus(void **state)
{
	struct corpus_tally t = { 0 };
	char buf[1024];
	FILE *in = fopen(MEANINGS, "r");
	int line = 0;

	(void)state;
	if (!in)
		fail_msg("%s: cannot open (run from the source folder)",
		    MEANINGS);
	while (fgets(buf, sizeof buf, in)) {
		line++;
		buf[strcspn(buf, "\n")] = '\0';
		if (buf[0] != '#' && buf[0] != '\0')
			corpus_line(buf, line, &t);
	}
	fclose(in);
	print_message("%d replies: %d false help alerts, %d missed, %d other "
	    "wrong meanings\n", t.replies, t.false_help, t.missed_help,
	    t.wrong);
	assert_true(t.replies >= 300);
	assert_int_equal(t.false_help + t.missed_help + t.wrong, 0);
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
		cmocka_unit_test(test_both_open),
		cmocka_unit_test(test_quantities),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_example_phrases),
		cmocka_unit_test(test_not_help_setting),
		cmocka_unit_test(test_corpus),
	};
	int rc;

	conf_defaults(&conf);
	rules.help_phrases = conf.help_phrases;
	rules.nhelp_phrases = conf.nhelp_phrases;
	rules.not_help_phrases = conf.not_help_phrases;
	rules.nnot_help_phrases = conf.nnot_help_phrases;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	conf_free(&conf);
	return rc;
}
