#include "sms/smstext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/text.h"
#include "core/util.h"

#define GSM_SINGLE 160
#define GSM_PART 153
#define UCS2_SINGLE 70
#define UCS2_PART 67

/* Characters of the GSM 03.38 basic table outside printable ASCII. */
static const uint16_t gsm_basic_extra[] = {
	'\n', '\r',
	0x00a1, 0x00a3, 0x00a4, 0x00a5, 0x00a7, 0x00bf, 0x00c4, 0x00c5,
	0x00c6, 0x00c7, 0x00c9, 0x00d1, 0x00d6, 0x00d8, 0x00dc, 0x00df,
	0x00e0, 0x00e4, 0x00e5, 0x00e6, 0x00e8, 0x00e9, 0x00ec, 0x00f1,
	0x00f2, 0x00f6, 0x00f8, 0x00f9, 0x00fc,
	0x0393, 0x0394, 0x0398, 0x039b, 0x039e, 0x03a0, 0x03a3, 0x03a6,
	0x03a8, 0x03a9,
};

/* Septets for cp in the GSM alphabet: 1 basic, 2 extension, 0 absent. */
static int
gsm_width(uint32_t cp)
{
	size_t i;

	if (cp == '\f' || cp == 0x20ac)
		return 2;
	if (cp == '`')
		return 0;
	if (cp >= 0x20 && cp < 0x7f)
		return strchr("^{}\\[~]|", (int)cp) ? 2 : 1;
	for (i = 0; i < NELEM(gsm_basic_extra); i++)
		if (gsm_basic_extra[i] == cp)
			return 1;
	return 0;
}

int
smstext_gsm_units(const char *utf8)
{
	uint32_t cp;
	size_t n;
	int units = 0, w;

	while ((n = text_decode(utf8, &cp)) > 0) {
		if (cp == 0xfffd || (w = gsm_width(cp)) == 0)
			return -1;
		units += w;
		utf8 += n;
	}
	return units;
}

/*
 * Count units and parts of text in coding (GSM7 only when every character
 * is in the alphabet). A character never straddles two parts.
 */
static void
measure(const char *text, enum sms_coding coding, struct sms_plan *p)
{
	int single = coding == SMS_CODING_GSM7 ? GSM_SINGLE : UCS2_SINGLE;
	int per = coding == SMS_CODING_GSM7 ? GSM_PART : UCS2_PART;
	int total = 0, parts = 1, used = 0, w;
	uint32_t cp;
	size_t n;

	for (; (n = text_decode(text, &cp)) > 0; text += n) {
		if (coding == SMS_CODING_GSM7)
			w = gsm_width(cp);
		else
			w = cp >= 0x10000 ? 2 : 1;
		if (used + w > per)
			parts++, used = 0;
		used += w;
		total += w;
	}
	p->coding = coding;
	p->units = total;
	p->parts = total <= single ? 1 : parts;
}

/* GSM 7-bit when the text fits the alphabet, else UCS-2. */
static void
measure_best(const char *text, struct sms_plan *p)
{
	measure(text, smstext_gsm_units(text) >= 0 ? SMS_CODING_GSM7 :
	    SMS_CODING_UCS2, p);
}

/* AUTO: the text as is, unless stripping its diacritics saves parts.
 * Takes ownership of text and returns the chosen one. */
static char *
choose_auto(char *text)
{
	struct sms_plan keep, strip;
	char *stripped;

	if (smstext_gsm_units(text) >= 0)
		return text;
	stripped = text_strip(text);
	measure_best(text, &keep);
	measure_best(stripped, &strip);
	if (strip.parts < keep.parts) {
		free(text);
		return stripped;
	}
	free(stripped);
	return text;
}

int
smstext_plan(const char *utf8, enum sms_coding_mode mode, int max_parts,
    struct sms_plan *out)
{
	char *text, *nfc;

	memset(out, 0, sizeof *out);
	if (!text_valid_utf8(utf8, strlen(utf8)))
		return error("text is not valid UTF-8");
	nfc = text_nfc(utf8);
	if (mode == SMS_MODE_STRIP) {
		text = text_strip(nfc);
		free(nfc);
	} else if (mode == SMS_MODE_AUTO) {
		text = choose_auto(nfc);
	} else {
		text = nfc;
	}
	measure_best(text, out);
	if (max_parts > 0 && out->parts > max_parts) {
		free(text);
		return error("text needs %d SMS parts, the limit is %d",
		    out->parts, max_parts);
	}
	out->text = text;
	return 0;
}

void
smstext_plan_free(struct sms_plan *plan)
{
	if (!plan)
		return;
	free(plan->text);
	plan->text = NULL;
}

static const char *const mode_names[] = {
	[SMS_MODE_KEEP] = "keep",
	[SMS_MODE_STRIP] = "strip",
	[SMS_MODE_AUTO] = "auto",
};

int
smstext_mode_parse(const char *s)
{
	size_t i;

	for (i = 0; s && i < NELEM(mode_names); i++)
		if (strcmp(s, mode_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
smstext_mode_name(enum sms_coding_mode mode)
{
	if ((size_t)mode >= NELEM(mode_names))
		return "?";
	return mode_names[mode];
}

const char *
smstext_coding_name(enum sms_coding coding)
{
	return coding == SMS_CODING_GSM7 ? "gsm7" : "ucs2";
}
