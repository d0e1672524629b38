#include "core/phone.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/util.h"

/* Digits kept from the input; longer inputs are "too many digits". */
#define MAX_DIGITS 24

/* Eleven-digit mobile prefixes retired in 2018 and their ten-digit
 * replacements, both without the leading 0. */
static const struct {
	const char *old, *new;
} old_prefixes[] = {
	{ "120", "70" }, { "121", "79" }, { "122", "77" }, { "123", "83" },
	{ "124", "84" }, { "125", "85" }, { "126", "76" }, { "127", "81" },
	{ "128", "78" }, { "129", "82" },
	{ "162", "32" }, { "163", "33" }, { "164", "34" }, { "165", "35" },
	{ "166", "36" }, { "167", "37" }, { "168", "38" }, { "169", "39" },
	{ "186", "56" }, { "188", "58" }, { "199", "59" },
};

/* Write the reason into notice (if any) and return -1. */
static int SHG_PRINTF(3, 4)
say(char *notice, size_t noticesz, const char *fmt, ...)
{
	va_list ap;

	if (!notice || noticesz == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(notice, noticesz, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Copy the digits of in to digits, skipping the separators people type.
 * A '+' may only come before the first digit. Returns the number of digits
 * (counting past MAX_DIGITS without storing), or -1 on any other character.
 */
static int
collect_digits(const char *in, char digits[MAX_DIGITS + 1], int *plus)
{
	int n = 0;

	*plus = 0;
	for (; *in; in++) {
		if (*in >= '0' && *in <= '9') {
			if (n < MAX_DIGITS)
				digits[n] = *in;
			n++;
		} else if (*in == '+' && n == 0 && !*plus) {
			*plus = 1;
		} else if (!strchr(" \t.-()/", *in)) {
			return -1;
		}
	}
	digits[n < MAX_DIGITS ? n : MAX_DIGITS] = '\0';
	return n;
}

/* The national number after the country code or trunk 0, or NULL with a
 * notice when the number is not Vietnamese. */
static const char *
national_part(const char *in, const char *d, int plus, char *notice,
    size_t noticesz)
{
	const char *nsn = NULL;

	if (plus)
		nsn = strncmp(d, "84", 2) == 0 ? d + 2 : NULL;
	else if (strncmp(d, "00", 2) == 0)
		nsn = strncmp(d + 2, "84", 2) == 0 ? d + 4 : NULL;
	else if (d[0] == '0')
		return d + 1;
	else if (strncmp(d, "84", 2) == 0 && strlen(d) >= 11)
		nsn = d + 2;
	else {
		say(notice, noticesz, "\"%.40s\" does not start with 0, 84 or +84",
		    in);
		return NULL;
	}
	if (!nsn)
		say(notice, noticesz, "\"%.40s\" is not a Vietnamese number", in);
	else if (nsn[0] == '0')	/* "+84 (0) 912 ..." */
		nsn++;
	return nsn;
}

/* Replace a retired 3-digit mobile prefix in nsn (10 digits) in place. */
static int
convert_old_prefix(const char *in, char *nsn, char *notice, size_t noticesz)
{
	size_t i;
	char rest[8];

	for (i = 0; i < NELEM(old_prefixes); i++) {
		if (strncmp(nsn, old_prefixes[i].old, 3) != 0)
			continue;
		memcpy(rest, nsn + 3, sizeof rest);
		snprintf(nsn, 10, "%s%s", old_prefixes[i].new, rest);
		say(notice, noticesz, "converted old prefix 0%s to 0%s",
		    old_prefixes[i].old, old_prefixes[i].new);
		return 0;
	}
	return say(notice, noticesz, "\"%.40s\" has the unknown prefix 0%.3s",
	    in, nsn);
}

/* Check the length of the national number for its first digit and
 * convert retired mobile prefixes. nsn holds up to MAX_DIGITS digits. */
static int
check_national(const char *in, char *nsn, char *notice, size_t noticesz)
{
	size_t len = strlen(nsn), want;

	if (len == 0)
		return say(notice, noticesz, "\"%.40s\" has too few digits", in);
	if (strchr("12", nsn[0]))
		want = 10;
	else if (strchr("35789", nsn[0]))
		want = 9;
	else
		return say(notice, noticesz, "\"%.40s\" has the unknown prefix 0%c",
		    in, nsn[0]);
	if (len < want)
		return say(notice, noticesz, "\"%.40s\" has too few digits", in);
	if (len > want)
		return say(notice, noticesz, "\"%.40s\" has too many digits", in);
	if (nsn[0] == '1')
		return convert_old_prefix(in, nsn, notice, noticesz);
	return 0;
}

/* The typed text as messages quote it: at most 40 bytes, and the digits
 * between the first four and the last three masked, so that an error
 * never shows a whole phone number ("0912 345 678" -> "0912 *** 678"). */
static void
mask_typed(const char *in, char *out, size_t size)
{
	size_t len = strnlen(in, 40), ndig = 0, seen = 0;

	out[0] = '\0';
	for (size_t i = 0; i < len; i++)
		ndig += isdigit((unsigned char)in[i]) != 0;
	for (size_t i = 0; i < len && i + 1 < size; i++) {
		int digit = isdigit((unsigned char)in[i]) != 0;
		out[i] = digit && seen >= 4 && seen + 3 < ndig ? '*' : in[i];
		seen += digit;
		out[i + 1] = '\0';
	}
}

int
phone_normalize(const char *typed, char *out, size_t outsz, char *notice,
    size_t noticesz)
{
	char digits[MAX_DIGITS + 1], nsn[MAX_DIGITS + 1], in[48];
	const char *p;
	int plus, n;

	mask_typed(typed, in, sizeof in);
	say(notice, noticesz, "%s", "");
	n = collect_digits(typed, digits, &plus);
	if (n <= 0)
		return say(notice, noticesz, "\"%.40s\" is not a phone number", in);
	if (n > MAX_DIGITS)
		return say(notice, noticesz, "\"%.40s\" has too many digits", in);
	if (!(p = national_part(in, digits, plus, notice, noticesz)))
		return -1;
	memcpy(nsn, p, strlen(p) + 1);
	if (check_national(in, nsn, notice, noticesz) < 0)
		return -1;
	if (outsz < strlen(nsn) + 4)
		return say(notice, noticesz, "no room for the number \"%.40s\"",
		    in);
	snprintf(out, outsz, "+84%s", nsn);
	return 0;
}

char *
phone_mask(const char *e164, char *out, size_t outsz)
{
	size_t len, head, tail, i;

	if (!out || outsz == 0)
		return out;
	if (!e164)
		e164 = "";
	len = strlen(e164);
	if (len >= 10)
		head = 5, tail = 3;
	else
		head = len / 3, tail = 0;
	for (i = 0; i < len && i < outsz - 1; i++)
		out[i] = (i < head || i >= len - tail) ? e164[i] : '*';
	out[i] = '\0';
	return out;
}
