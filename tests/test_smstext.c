#include "tests/testutil.h"

#include <gammu.h>

#include "core/log.h"
#include "core/util.h"
#include "sms/smstext.h"

/* Every character of the GSM 03.38 basic table except escape. */
static const char gsm_basic[] =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
static const char gsm_extension[] = "\f^{}\\[~]|€";

/* Encode utf8 as a concatenated text SMS with libGammu and return the
 * number of messages it made. */
static int
gammu_parts(const char *utf8, int unicode)
{
	static unsigned char ucs2[(GSM_MAX_SMS_LENGTH + 2) * 2 * GSM_MAX_MULTI_SMS];
	GSM_MultiPartSMSInfo info;
	GSM_MultiSMSMessage *sms = calloc(1, sizeof *sms);
	int n;

	assert_non_null(sms);
	GSM_ClearMultiPartSMSInfo(&info);
	DecodeUTF8(ucs2, utf8, strlen(utf8));
	info.EntriesNum = 1;
	info.UnicodeCoding = unicode ? TRUE : FALSE;
	info.Entries[0].ID = SMS_ConcatenatedTextLong;
	info.Entries[0].Buffer = ucs2;
	assert_int_equal(GSM_EncodeMultiPartSMS(NULL, &info, sms), ERR_NONE);
	n = sms->Number;
	free(sms);
	return n;
}

/* Plan utf8 with KEEP and check parts against libGammu. */
static void
check_against_gammu(const char *utf8, enum sms_coding want)
{
	struct sms_plan p;

	assert_int_equal(smstext_plan(utf8, SMS_MODE_KEEP, 0, &p), 0);
	assert_int_equal(p.coding, want);
	if (p.parts != gammu_parts(utf8, want == SMS_CODING_UCS2))
		fail_msg("%d parts for a text of %d units (%s), libGammu makes %d",
		    p.parts, p.units, smstext_coding_name(p.coding),
		    gammu_parts(utf8, want == SMS_CODING_UCS2));
	smstext_plan_free(&p);
}

/* head, then count copies of unit. Caller frees. */
static char *
repeat(const char *head, const char *unit, int count)
{
	struct buf b = {0};

	buf_add(&b, head);
	while (count-- > 0)
		buf_add(&b, unit);
	return buf_detach(&b);
}

static void
test_gsm_units(void **state)
{
	(void)state;
	assert_int_equal(smstext_gsm_units(""), 0);
	assert_int_equal(smstext_gsm_units("hello"), 5);
	assert_int_equal(smstext_gsm_units(gsm_basic), 127);
	assert_int_equal(smstext_gsm_units(gsm_extension), 20);
	assert_int_equal(smstext_gsm_units("a{b}"), 6);
	assert_int_equal(smstext_gsm_units("100€"), 5);
	assert_int_equal(smstext_gsm_units("Café à 9h"), 9);
	assert_int_equal(smstext_gsm_units("`"), -1);
	assert_int_equal(smstext_gsm_units("\t"), -1);
	assert_int_equal(smstext_gsm_units("Nhóm"), -1);
	assert_int_equal(smstext_gsm_units("đ"), -1);
	assert_int_equal(smstext_gsm_units("ç"), -1);
	assert_int_equal(smstext_gsm_units("a\xff"), -1);
}

/* Every character we call GSM survives libGammu's 7-bit coder: encode
 * a one-part message to a PDU frame and decode it back. */
static void
test_gsm_alphabet_round_trips_through_gammu(void **state)
{
	static unsigned char ucs2[2048], frame[1024];
	GSM_MultiPartSMSInfo info;
	GSM_MultiSMSMessage *sms = calloc(1, sizeof *sms);
	GSM_SMSMessage *dec = calloc(1, sizeof *dec);
	char *all = repeat(gsm_basic, gsm_extension, 1), back[2048];
	int len;

	(void)state;
	GSM_ClearMultiPartSMSInfo(&info);
	DecodeUTF8(ucs2, all, strlen(all));
	info.EntriesNum = 1;
	info.UnicodeCoding = FALSE;
	info.Entries[0].ID = SMS_Text;
	info.Entries[0].Buffer = ucs2;
	assert_int_equal(GSM_EncodeMultiPartSMS(NULL, &info, sms), ERR_NONE);
	assert_int_equal(sms->Number, 1);
	assert_int_equal(sms->SMS[0].Coding, SMS_Coding_Default_No_Compression);
	EncodeUnicode(sms->SMS[0].Number, "+84912345678", 12);
	assert_int_equal(GSM_EncodeSMSFrame(NULL, &sms->SMS[0], frame,
	    PHONE_SMSSubmit, &len, TRUE), ERR_NONE);
	GSM_SetDefaultSMSData(dec);
	assert_int_equal(GSM_DecodeSMSFrame(NULL, dec, frame, PHONE_SMSSubmit),
	    ERR_NONE);
	EncodeUTF8(back, dec->Text);
	assert_string_equal(back, all);
	free(dec);
	free(sms);
	free(all);
}

static void
test_gsm_lengths_match_gammu(void **state)
{
	char *t;
	int n;

	(void)state;
	for (n = 1; n <= 470; n++) {
		t = repeat("", "a", n);
		check_against_gammu(t, SMS_CODING_GSM7);
		free(t);
	}
}

static void
test_ucs2_lengths_match_gammu(void **state)
{
	char *t;
	int n;

	(void)state;
	for (n = 1; n <= 210; n++) {
		t = repeat("", "ờ", n);
		check_against_gammu(t, SMS_CODING_UCS2);
		free(t);
	}
	for (n = 0; n <= 12; n++) {
		t = repeat("Nhóm họp ngày 5, đến đúng giờ. ", "Tiền góp ", n);
		check_against_gammu(t, SMS_CODING_UCS2);
		free(t);
	}
}

/* Extension characters (two septets) near each part boundary. */
static void
test_extension_chars_match_gammu(void **state)
{
	struct buf b = {0};
	char *head;
	int pos, tail;

	(void)state;
	for (pos = 145; pos <= 160; pos++) {
		head = repeat("", "a", pos);
		for (tail = 0; tail <= 160; tail++) {
			buf_reset(&b);
			buf_add(&b, head);
			buf_add(&b, tail % 2 ? "€" : "{");
			while ((int)b.len < pos + 3 + tail)
				buf_addc(&b, 'a');
			check_against_gammu(b.s, SMS_CODING_GSM7);
		}
		free(head);
	}
	buf_free(&b);
	for (pos = 50; pos <= 160; pos++) {
		head = repeat("", "x[", pos);
		check_against_gammu(head, SMS_CODING_GSM7);
		free(head);
	}
}

static void
test_extension_char_is_not_split(void **state)
{
	char *head = repeat("", "a", 152), *mid = repeat(head, "{", 1);
	char *t = repeat(mid, "a", 152);
	struct sms_plan p;

	(void)state;
	/* 306 septets would fit two parts, but '{' cannot straddle parts 1
	 * and 2, so three are needed. */
	assert_int_equal(smstext_plan(t, SMS_MODE_KEEP, 0, &p), 0);
	assert_int_equal(p.units, 306);
	assert_int_equal(p.parts, 3);
	smstext_plan_free(&p);
	free(head);
	free(mid);
	free(t);
}

static void
test_modes_vietnamese(void **state)
{
	const char *vi = "Nhóm họp ngày 5, đến đúng giờ";
	struct sms_plan p;

	(void)state;
	assert_int_equal(smstext_plan(vi, SMS_MODE_KEEP, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_UCS2);
	assert_int_equal(p.parts, 1);
	assert_int_equal(p.units, 29);
	assert_string_equal(p.text, vi);
	smstext_plan_free(&p);

	assert_int_equal(smstext_plan(vi, SMS_MODE_STRIP, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_GSM7);
	assert_int_equal(p.parts, 1);
	assert_int_equal(p.units, 29);
	assert_string_equal(p.text, "Nhom hop ngay 5, den dung gio");
	smstext_plan_free(&p);

	/* Fits one UCS-2 part: AUTO keeps the diacritics. */
	assert_int_equal(smstext_plan(vi, SMS_MODE_AUTO, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_UCS2);
	assert_string_equal(p.text, vi);
	smstext_plan_free(&p);
}

static void
test_auto_strips_only_when_it_saves_parts(void **state)
{
	const char *lng = "Nhóm họp ngày 5, đến đúng giờ. Mang theo sổ tiết "
	    "kiệm và tiền góp tháng này. Cảm ơn chị.";
	struct sms_plan p;

	(void)state;
	assert_int_equal(gammu_parts(lng, 1), 2);
	assert_int_equal(smstext_plan(lng, SMS_MODE_AUTO, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_GSM7);
	assert_int_equal(p.parts, 1);
	assert_string_equal(p.text, "Nhom hop ngay 5, den dung gio. Mang theo "
	    "so tiet kiem va tien gop thang nay. Cam on chi.");
	assert_int_equal(gammu_parts(p.text, 0), 1);
	smstext_plan_free(&p);

	/* A character outside GSM stays after stripping: no saving, keep. */
	assert_int_equal(smstext_plan("Họp lúc 9 giờ ☎", SMS_MODE_AUTO, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_UCS2);
	assert_string_equal(p.text, "Họp lúc 9 giờ ☎");
	smstext_plan_free(&p);

	/* STRIP still removes diacritics and sends the rest as UCS-2. */
	assert_int_equal(smstext_plan("Họp lúc 9 giờ ☎", SMS_MODE_STRIP, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_UCS2);
	assert_string_equal(p.text, "Hop luc 9 gio ☎");
	smstext_plan_free(&p);

	/* Text already in the GSM alphabet (é, à are in it) is left alone. */
	assert_int_equal(smstext_plan("Café à 9h", SMS_MODE_AUTO, 0, &p), 0);
	assert_int_equal(p.coding, SMS_CODING_GSM7);
	assert_string_equal(p.text, "Café à 9h");
	smstext_plan_free(&p);
}

static void
test_decomposed_input_is_composed(void **state)
{
	struct sms_plan p;

	(void)state;
	assert_int_equal(smstext_plan("Nguye\xcc\x82\xcc\x83n", SMS_MODE_KEEP,
	    0, &p), 0);
	assert_string_equal(p.text, "Nguyễn");
	assert_int_equal(p.units, 6);
	smstext_plan_free(&p);
}

static void
test_max_parts(void **state)
{
	char msg[256];
	char *t = repeat("", "a", 400);
	struct sms_plan p;

	(void)state;
	log_capture(msg, sizeof msg);
	assert_int_equal(smstext_plan(t, SMS_MODE_KEEP, 2, &p), -1);
	log_capture(NULL, 0);
	assert_string_equal(msg, "text needs 3 SMS parts, the limit is 2");
	assert_int_equal(p.parts, 3);
	assert_int_equal(p.units, 400);
	assert_null(p.text);
	smstext_plan_free(&p);

	assert_int_equal(smstext_plan(t, SMS_MODE_KEEP, 3, &p), 0);
	assert_int_equal(p.parts, 3);
	smstext_plan_free(&p);

	log_capture(msg, sizeof msg);
	assert_int_equal(smstext_plan("a\xff", SMS_MODE_KEEP, 0, &p), -1);
	log_capture(NULL, 0);
	assert_string_equal(msg, "text is not valid UTF-8");
	smstext_plan_free(&p);
	free(t);
}

static void
test_names(void **state)
{
	(void)state;
	assert_int_equal(smstext_mode_parse("keep"), SMS_MODE_KEEP);
	assert_int_equal(smstext_mode_parse("strip"), SMS_MODE_STRIP);
	assert_int_equal(smstext_mode_parse("auto"), SMS_MODE_AUTO);
	assert_int_equal(smstext_mode_parse("AUTO"), -1);
	assert_int_equal(smstext_mode_parse(NULL), -1);
	assert_string_equal(smstext_mode_name(SMS_MODE_STRIP), "strip");
	assert_string_equal(smstext_coding_name(SMS_CODING_UCS2), "ucs2");
	assert_string_equal(smstext_coding_name(SMS_CODING_GSM7), "gsm7");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gsm_units),
		cmocka_unit_test(test_gsm_alphabet_round_trips_through_gammu),
		cmocka_unit_test(test_gsm_lengths_match_gammu),
		cmocka_unit_test(test_ucs2_lengths_match_gammu),
		cmocka_unit_test(test_extension_chars_match_gammu),
		cmocka_unit_test(test_extension_char_is_not_split),
		cmocka_unit_test(test_modes_vietnamese),
		cmocka_unit_test(test_auto_strips_only_when_it_saves_parts),
		cmocka_unit_test(test_decomposed_input_is_composed),
		cmocka_unit_test(test_max_parts),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
