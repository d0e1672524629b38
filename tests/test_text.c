#include "tests/testutil.h"

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/text.h"

/*
 * Every Vietnamese letter, one row per vowel, in the traditional tone order
 * (level, grave, hook above, tilde, acute, dot below), with the ASCII letter
 * it becomes once its diacritics are gone.
 */
static const struct {
	const char *letters;
	char base;
} rows[] = {
	{ "aàảãáạ", 'a' }, { "ăằẳẵắặ", 'a' }, { "âầẩẫấậ", 'a' },
	{ "eèẻẽéẹ", 'e' }, { "êềểễếệ", 'e' },
	{ "iìỉĩíị", 'i' },
	{ "oòỏõóọ", 'o' }, { "ôồổỗốộ", 'o' }, { "ơờởỡớợ", 'o' },
	{ "uùủũúụ", 'u' }, { "ưừửữứự", 'u' },
	{ "yỳỷỹýỵ", 'y' },
	{ "đ", 'd' },
	{ "AÀẢÃÁẠ", 'A' }, { "ĂẰẲẴẮẶ", 'A' }, { "ÂẦẨẪẤẬ", 'A' },
	{ "EÈẺẼÉẸ", 'E' }, { "ÊỀỂỄẾỆ", 'E' },
	{ "IÌỈĨÍỊ", 'I' },
	{ "OÒỎÕÓỌ", 'O' }, { "ÔỒỔỖỐỘ", 'O' }, { "ƠỜỞỠỚỢ", 'O' },
	{ "UÙỦŨÚỤ", 'U' }, { "ƯỪỬỮỨỰ", 'U' },
	{ "YỲỶỸÝỴ", 'Y' },
	{ "Đ", 'D' },
};

/* Decompose with ICU's NFD: the form some phones send. Caller frees. */
static char *
nfd(const char *s)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *n = unorm2_getNFDInstance(&err);
	UChar src[256], dst[256];
	int32_t len, outlen;
	char *out = malloc(1024);

	u_strFromUTF8(src, 256, &len, s, -1, &err);
	outlen = unorm2_normalize(n, src, len, dst, 256, &err);
	u_strToUTF8(out, 1024, NULL, dst, outlen, &err);
	assert_false(U_FAILURE(err));
	return out;
}

/* The letter at the start of s (one code point) as a string. */
static size_t
first_letter(const char *s, char *out)
{
	uint32_t cp;
	size_t n = text_decode(s, &cp);

	memcpy(out, s, n);
	out[n] = '\0';
	return n;
}

static void
check_letter(const char *letter, char base)
{
	char want_strip[2] = { base, 0 };
	char want_fold[2] = { (char)(base | 0x20), 0 };
	char *d = nfd(letter), *r;

	r = text_strip(letter);
	assert_string_equal(r, want_strip);
	free(r);
	r = text_fold(letter);
	assert_string_equal(r, want_fold);
	free(r);
	r = text_strip(d);
	assert_string_equal(r, want_strip);
	free(r);
	r = text_fold(d);
	assert_string_equal(r, want_fold);
	free(r);
	r = text_nfc(d);
	assert_string_equal(r, letter);
	free(r);
	assert_int_equal(text_width(letter), 1);
	assert_int_equal(text_width(d), 1);
	free(d);
}

static void
test_every_letter(void **state)
{
	char letter[8];
	const char *p;
	size_t i, n, count = 0, decomposed = 0;
	char *d;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		for (p = rows[i].letters; *p; p += n) {
			n = first_letter(p, letter);
			check_letter(letter, rows[i].base);
			d = nfd(letter);
			decomposed += strcmp(d, letter) != 0;
			free(d);
			count++;
		}
	}
	/* 12 vowels x 6 tones x 2 cases, and đ Đ; all but đ, Đ and the
	 * 12 plain vowels (a e i o u y, both cases) decompose. */
	assert_int_equal(count, 146);
	assert_int_equal(decomposed, 132);
}

static void
check_pair(char *(*fn)(const char *), const char *in, const char *want)
{
	char *r = fn(in);
	assert_string_equal(r, want);
	free(r);
}

static void
test_strip_and_fold_sentences(void **state)
{
	(void)state;
	check_pair(text_strip, "Nhóm họp ngày 5, đến đúng giờ",
	    "Nhom hop ngay 5, den dung gio");
	check_pair(text_strip, "ĐỖ THỊ", "DO THI");
	check_pair(text_fold, "Nguyễn Thị Đỗ", "nguyen thi do");
	check_pair(text_fold, "TRẦN VĂN HƯỚNG", "tran van huong");
	/* Decomposed input typed by hand: e + hat + tilde, o + horn + dot. */
	check_pair(text_fold, "Nguye\xcc\x82\xcc\x83n", "nguyen");
	check_pair(text_strip, "Lo\xcc\x9b\xcc\xa3i", "Loi");
	check_pair(text_strip, "Lo\xcc\xa3\xcc\x9bi", "Loi");
	/* Other characters pass through, ASCII is lowercased by fold. */
	check_pair(text_strip, "Müller 東京 ñ", "Müller 東京 ñ");
	check_pair(text_fold, "MÜLLER 東京 Ñ", "mÜller 東京 Ñ");
	check_pair(text_fold, "", "");
	/* Invalid bytes are copied, not dropped. */
	check_pair(text_strip, "a\xff" "b", "a\xff" "b");
}

static void
test_nfc(void **state)
{
	(void)state;
	check_pair(text_nfc, "Nguye\xcc\x82\xcc\x83n", "Nguyễn");
	check_pair(text_nfc, "o\xcc\x9b\xcc\xa3", "ợ");
	/* Marks in non-canonical order are reordered and composed. */
	check_pair(text_nfc, "o\xcc\xa3\xcc\x9b", "ợ");
	check_pair(text_nfc, "\xc3\xaa\xcc\x81", "ế");
	check_pair(text_nfc, "Đã xong", "Đã xong");
	check_pair(text_nfc, "", "");
	check_pair(text_nfc, "a\xff", "a\xef\xbf\xbd");
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("Nguyễn"), 6);
	assert_int_equal(text_width("Nguye\xcc\x82\xcc\x83n"), 6);
	assert_int_equal(text_width("Trần Thị Hương"), 14);
	assert_int_equal(text_width("東京"), 4);
	assert_int_equal(text_width("한국"), 4);
	assert_int_equal(text_width("a\xe1\xb7\x80"), 1);	/* U+1DC0 */
	assert_int_equal(text_width("a\xe2\x83\x90"), 1);	/* U+20D0 */
	assert_int_equal(text_width("a\tb"), 2);
	assert_int_equal(text_width("a\xff" "b"), 3);
}

static void
test_valid_utf8(void **state)
{
	static const char *good[] = {
		"", "abc", "Nguyễn", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf",
		"\xef\xbf\xbd", "\xed\x9f\xbf", "\xee\x80\x80", "\xc2\x80",
	};
	static const char *bad[] = {
		"\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf",
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf", "\xed\xa0\x80",
		"\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xc3",
		"\xe1\xbb", "\x80", "\xff", "a\xbf" "b", "\xe1\xbb" "a",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(text_valid_utf8(good[i], strlen(good[i])));
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(text_valid_utf8(bad[i], strlen(bad[i])));
	/* The length is honoured: "ễ" cut inside its three bytes. */
	assert_false(text_valid_utf8("Nguyễn", 5));
	assert_false(text_valid_utf8("Nguyễn", 6));
	assert_true(text_valid_utf8("Nguyễn", 4));
	assert_true(text_valid_utf8("Nguyễn", 7));
	assert_true(text_valid_utf8("a\0b", 3));
}

static void
test_code(void **state)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Legal  Aid", "legal-aid" }, { " tâm lý ", "tam-ly" },
		{ "legal_aid", "legal-aid" }, { "Hỗ trợ -- ban đầu", "ho-tro-ban-dau" },
		{ "", "" }, { "---", "" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *c = text_code(cases[i].in, '-');
		assert_string_equal(c, cases[i].want);
		free(c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_every_letter),
		cmocka_unit_test(test_strip_and_fold_sentences),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_valid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
