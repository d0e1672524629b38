#include "sms/keyword.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

struct keyword {
	const char *words;
	enum reply_meaning meaning;
};

/* Understood whatever the member is answering. */
static const struct keyword any_time[] = {
	{ "stop", REPLY_OPT_OUT }, { "huy", REPLY_OPT_OUT },
	{ "tu choi", REPLY_OPT_OUT }, { "start", REPLY_OPT_IN },
	{ "dang ky", REPLY_OPT_IN }, { "dang ki", REPLY_OPT_IN },
	{ "help", REPLY_NEEDS_HELP }, { "giup", REPLY_NEEDS_HELP },
	{ "can giup", REPLY_NEEDS_HELP }, { "cuu", REPLY_NEEDS_HELP },
	{ NULL, REPLY_FREE_TEXT },
};

static const struct keyword to_checkin[] = {
	{ "1", REPLY_WELL }, { "ok", REPLY_WELL }, { "khoe", REPLY_WELL },
	{ "on", REPLY_WELL }, { "2", REPLY_NEEDS_HELP },
	{ NULL, REPLY_FREE_TEXT },
};

static const struct keyword to_meeting[] = {
	{ "1", REPLY_WILL_ATTEND }, { "c", REPLY_WILL_ATTEND },
	{ "co", REPLY_WILL_ATTEND }, { "co mat", REPLY_WILL_ATTEND },
	{ "di", REPLY_WILL_ATTEND }, { "2", REPLY_CANNOT_ATTEND },
	{ "k", REPLY_CANNOT_ATTEND }, { "khong", REPLY_CANNOT_ATTEND },
	{ "vang", REPLY_CANNOT_ATTEND }, { "khong di", REPLY_CANNOT_ATTEND },
	{ "ko", REPLY_CANNOT_ATTEND },
	{ NULL, REPLY_FREE_TEXT },
};

static size_t leading(const char *norm, const char *w);

/* Help words that count anywhere in a reply. */
static const char *const help_anywhere[] = { "help", "giup", "cuu", NULL };

/* Polite particles and pronouns that often open a reply ("Dạ em sẽ đi",
 * "chị ơi em khỏe"): skipped before the keywords are looked for. */
static const char *const fillers[] = { "da", "a", "em", "chi", "anh",
	"toi", "minh", "oi", "se", "thi", "vay", NULL };

/* The normalized words after any leading fillers. */
static const char *
skip_fillers(const char *norm)
{
	for (;;) {
		size_t n = 0;
		for (int i = 0; fillers[i] && !n; i++)
			n = leading(norm, fillers[i]);
		if (!n || !norm[n])
			return norm;
		norm += n + 1;
	}
}

/* "Vâng" (yes) and "vắng" (absent) both fold to "vang". Typed without
 * diacritics it is read as absent; written with â it means yes. */
static int
starts_with_vang_yes(const char *text)
{
	char *nfc = text_nfc(text ? text : "");
	const unsigned char *p = (const unsigned char *)nfc;
	int yes;

	while (*p && !isalnum(*p) && *p < 0x80)
		p++;
	yes = (p[0] == 'v' || p[0] == 'V') && p[1] == 0xc3 &&
	    (p[2] == 0xa2 || p[2] == 0x82) && (p[3] == 'n' || p[3] == 'N') &&
	    (p[4] == 'g' || p[4] == 'G') && !isalnum(p[5]) && p[5] < 0x80;
	free(nfc);
	return yes;
}

char *
keyword_normalize(const char *text)
{
	char *folded = text_fold(text ? text : "");
	size_t o = 0;
	int space = 1;

	for (size_t i = 0; folded[i]; i++) {
		unsigned char c = (unsigned char)folded[i];
		if (isalnum(c) || c >= 0x80) {
			folded[o++] = (char)c;
			space = 0;
		} else if (!space) {
			folded[o++] = ' ';
			space = 1;
		}
	}
	if (o > 0 && folded[o - 1] == ' ')
		o--;
	folded[o] = '\0';
	return folded;
}

/* Does norm start with the words w, ending at a word boundary? Returns
 * the length matched, or 0. */
static size_t
leading(const char *norm, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(norm, w, n) == 0 && (norm[n] == '\0' || norm[n] == ' '))
		return n;
	return 0;
}

/* The longest keyword of table at the start of norm. */
static enum reply_meaning
match_leading(const char *norm, const struct keyword *table, size_t *len)
{
	enum reply_meaning m = REPLY_FREE_TEXT;

	*len = 0;
	for (const struct keyword *k = table; k->words; k++) {
		size_t n = leading(norm, k->words);
		if (n > *len) {
			*len = n;
			m = k->meaning;
		}
	}
	return m;
}

static int
has_word(const char *norm, const char *w)
{
	for (const char *p = norm; p && *p; p = strchr(p, ' ')) {
		if (*p == ' ')
			p++;
		if (leading(p, w))
			return 1;
	}
	return 0;
}

enum reply_meaning
keyword_parse(const char *text, enum reply_context ctx)
{
	char *norm = keyword_normalize(text);
	const struct keyword *table = ctx == REPLY_TO_CHECKIN ? to_checkin :
	    ctx == REPLY_TO_MEETING ? to_meeting : NULL;
	enum reply_meaning m, mc = REPLY_FREE_TEXT;
	size_t len, lenc = 0;

	const char *words = skip_fillers(norm);

	if (ctx != REPLY_TO_NOTHING && starts_with_vang_yes(text)) {
		free(norm);
		return ctx == REPLY_TO_MEETING ? REPLY_WILL_ATTEND : REPLY_WELL;
	}
	m = match_leading(words, any_time, &len);
	if (table)
		mc = match_leading(words, table, &lenc);
	if (lenc > len)
		m = mc;
	for (int i = 0; m == REPLY_FREE_TEXT && help_anywhere[i]; i++)
		if (has_word(norm, help_anywhere[i]))
			m = REPLY_NEEDS_HELP;
	free(norm);
	return m;
}

const char *
keyword_meaning_name(enum reply_meaning m)
{
	static const char *const names[] = { "free-text", "well", "needs-help",
		"will-attend", "cannot-attend", "opt-out", "opt-in" };
	return (size_t)m < NELEM(names) ? names[m] : "free-text";
}
