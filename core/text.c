#include "core/text.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "core/util.h"

/*
 * Every precomposed Vietnamese letter, grouped by the ASCII letter it is
 * written as once its diacritics are gone. Each group lists the letter with
 * no tone, grave, acute, tilde, hook above and dot below, for the plain
 * vowel and then for each hat, breve or horn variant.
 */
static const struct {
	char base;
	const char *letters;
} vi_letters[] = {
	{ 'a', "àáãảạăằắẵẳặâầấẫẩậ" },
	{ 'A', "ÀÁÃẢẠĂẰẮẴẲẶÂẦẤẪẨẬ" },
	{ 'e', "èéẽẻẹêềếễểệ" },
	{ 'E', "ÈÉẼẺẸÊỀẾỄỂỆ" },
	{ 'i', "ìíĩỉị" },
	{ 'I', "ÌÍĨỈỊ" },
	{ 'o', "òóõỏọôồốỗổộơờớỡởợ" },
	{ 'O', "ÒÓÕỎỌÔỒỐỖỔỘƠỜỚỠỞỢ" },
	{ 'u', "ùúũủụưừứữửự" },
	{ 'U', "ÙÚŨỦỤƯỪỨỮỬỰ" },
	{ 'y', "ỳýỹỷỵ" },
	{ 'Y', "ỲÝỸỶỴ" },
	{ 'd', "đ" },
	{ 'D', "Đ" },
};

size_t
text_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return s[0] ? 1 : 0;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07, min = 0x10000;
	else
		goto bad;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

int
text_valid_utf8(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;
	char tmp[5];

	while (i < len) {
		/* Copy so that decoding never reads past len. */
		memset(tmp, 0, sizeof tmp);
		memcpy(tmp, s + i, len - i < 4 ? len - i : 4);
		if (tmp[0] == '\0') {
			i++;
			continue;
		}
		n = text_decode(tmp, &cp);
		if (cp == 0xfffd && n == 1)
			return 0;
		i += n;
	}
	return 1;
}

static int
is_combining(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1dc0 && cp <= 0x1dff) ||
	    (cp >= 0x20d0 && cp <= 0x20ff);
}

static int
is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) ||
	    (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

size_t
text_width(const char *utf8)
{
	size_t w = 0, n;
	uint32_t cp;

	while ((n = text_decode(utf8, &cp)) > 0) {
		utf8 += n;
		if (is_combining(cp) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			continue;
		w += is_wide(cp) ? 2 : 1;
	}
	return w;
}

/* The combining marks Vietnamese uses: five tones, hat, breve, horn. */
static int
is_vi_mark(uint32_t cp)
{
	switch (cp) {
	case 0x300: case 0x301: case 0x303: case 0x309: case 0x323:
	case 0x302: case 0x306: case 0x31b:
		return 1;
	}
	return 0;
}

/* The code points a precomposed Vietnamese letter may have. */
#define VI_FIRST 0xc0
#define VI_LAST 0x1ef9

/* The ASCII letter of each code point in VI_FIRST..VI_LAST, 0 when it
 * is none, filled once from vi_letters: folding is done for every word
 * of every reply and every help phrase. */
static char vi_base_of[VI_LAST - VI_FIRST + 1];
static pthread_once_t vi_base_once = PTHREAD_ONCE_INIT;

static void
vi_base_fill(void)
{
	const char *p;
	uint32_t c;
	size_t i, n;

	for (i = 0; i < NELEM(vi_letters); i++)
		for (p = vi_letters[i].letters; (n = text_decode(p, &c)) > 0;
		    p += n)
			vi_base_of[c - VI_FIRST] = vi_letters[i].base;
}

/* The ASCII letter a precomposed Vietnamese letter is based on, or 0. */
static char
vi_base(uint32_t cp)
{
	if (cp < VI_FIRST || cp > VI_LAST)
		return 0;
	pthread_once(&vi_base_once, vi_base_fill);
	return vi_base_of[cp - VI_FIRST];
}

static char *
remove_marks(const char *utf8, int lower)
{
	struct buf b = {0};
	uint32_t cp;
	size_t n;
	char base;

	while ((n = text_decode(utf8, &cp)) > 0) {
		if (cp < 0x80)
			buf_addc(&b, lower && cp >= 'A' && cp <= 'Z' ?
			    (char)(cp - 'A' + 'a') : (char)cp);
		else if ((base = vi_base(cp)) != 0)
			buf_addc(&b, lower && base >= 'A' && base <= 'Z' ?
			    (char)(base - 'A' + 'a') : base);
		else if (!is_vi_mark(cp))
			buf_addn(&b, utf8, n);
		utf8 += n;
	}
	return buf_detach(&b);
}

char *
text_strip(const char *utf8)
{
	return remove_marks(utf8, 0);
}

char *
text_fold(const char *utf8)
{
	return remove_marks(utf8, 1);
}

/* Convert UTF-8 to a fresh UTF-16 buffer; invalid bytes become U+FFFD. */
static UChar *
to_utf16(const char *utf8, int32_t *len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t cap = (int32_t)strlen(utf8) + 1;
	UChar *u = xmalloc((size_t)cap * sizeof(UChar));

	u_strFromUTF8WithSub(u, cap, len, utf8, -1, 0xfffd, NULL, &err);
	if (U_FAILURE(err))
		*len = 0;
	return u;
}

static char *
to_utf8(const UChar *u, int32_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t cap = len * 3 + 1, out = 0;
	char *s = xmalloc((size_t)cap);

	u_strToUTF8WithSub(s, cap, &out, u, len, 0xfffd, NULL, &err);
	if (U_FAILURE(err))
		out = 0;
	s[out] = '\0';
	return s;
}

char *
text_nfc(const char *utf8)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	int32_t len, outlen = 0;
	UChar *src, *dst;
	char *res;

	src = to_utf16(utf8, &len);
	/* NFC at most triples the length of a string (Unicode's stability
	 * guarantee), so one pass is enough. */
	dst = xmalloc(((size_t)len * 3 + 1) * sizeof(UChar));
	if (U_SUCCESS(err))
		outlen = unorm2_normalize(nfc, src, len, dst, len * 3 + 1, &err);
	res = U_FAILURE(err) ? to_utf8(src, len) : to_utf8(dst, outlen);
	free(src);
	free(dst);
	return res;
}

char *
text_code(const char *utf8, char sep)
{
	char *f = text_fold(utf8 ? utf8 : ""), *t = str_trim(f), *o = f;

	for (; *t; t++) {
		if (*t == ' ' || *t == '_' || *t == '-') {
			if (o > f && o[-1] != sep)
				*o++ = sep;
		} else {
			*o++ = *t;
		}
	}
	*o = '\0';
	return f;
}
