/*
 * smstext.h - how a text will travel as SMS: which coding (GSM 7-bit or
 * UCS-2), how many parts, and whether Vietnamese diacritics are kept.
 *
 * GSM 7-bit (GSM 03.38 default alphabet) fits 160 septets in one SMS and 153
 * per part of a concatenated message; the extension characters ^ { } \ [ ~ ]
 * | € and form feed take two septets and are never split across parts.
 * UCS-2 fits 70 UTF-16 code units in one SMS and 67 per part; a surrogate
 * pair is never split. Most Vietnamese letters are not in the GSM alphabet,
 * so a text with diacritics usually goes as UCS-2 and costs more parts.
 */
#ifndef SHG_SMSTEXT_H
#define SHG_SMSTEXT_H

enum sms_coding { SMS_CODING_GSM7, SMS_CODING_UCS2 };

/* KEEP diacritics; STRIP them always; AUTO: strip only when that needs
 * fewer parts. */
enum sms_coding_mode { SMS_MODE_KEEP, SMS_MODE_STRIP, SMS_MODE_AUTO };

struct sms_plan {
	enum sms_coding coding;
	int parts;	/* number of SMS */
	int units;	/* septets (GSM7) or UTF-16 code units (UCS-2) */
	char *text;	/* the text to send; owned, see smstext_plan_free */
};

/* Septets the UTF-8 text needs in the GSM 7-bit alphabet (extension
 * characters count 2), or -1 if some character is not in the alphabet or
 * the text is not valid UTF-8. */
int smstext_gsm_units(const char *utf8);

/*
 * Decide how utf8 goes out under mode. The text is first composed to NFC
 * (text_nfc) so decomposed input does not waste UCS-2 units; with STRIP (or
 * AUTO when it saves parts) diacritics are removed with text_strip.
 * out->text is the text that will actually be sent.
 *
 * Returns 0. Returns -1 after error() when the text is not valid UTF-8, or
 * when it needs more than max_parts parts ("text needs 4 SMS parts, the limit
 * is 3"); out->coding, out->parts and out->units are still set then, and
 * out->text is NULL. max_parts <= 0 means no limit. Always release with
 * smstext_plan_free, which is safe after a failure.
 */
int smstext_plan(const char *utf8, enum sms_coding_mode mode, int max_parts,
    struct sms_plan *out);
void smstext_plan_free(struct sms_plan *plan);

/* "keep", "strip" or "auto" to the mode, or -1 for anything else. */
int smstext_mode_parse(const char *s);
/* "keep", "strip" or "auto". */
const char *smstext_mode_name(enum sms_coding_mode mode);
/* "gsm7" or "ucs2". */
const char *smstext_coding_name(enum sms_coding coding);

#endif
