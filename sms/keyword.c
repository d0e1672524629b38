#include "sms/keyword.h"

#include <ctype.h>
#include <stdint.h>
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
	{ NULL, REPLY_FREE_TEXT },
};

static const struct keyword to_checkin[] = {
	{ "1", REPLY_WELL }, { "ok", REPLY_WELL }, { "oke", REPLY_WELL },
	{ "okie", REPLY_WELL }, { "okay", REPLY_WELL }, { "khoe", REPLY_WELL },
	{ "on", REPLY_WELL }, { "van on", REPLY_WELL }, { "van khoe", REPLY_WELL },
	{ "binh thuong", REPLY_WELL }, { "2", REPLY_NEEDS_HELP },
	{ NULL, REPLY_FREE_TEXT },
};

static const struct keyword to_meeting[] = {
	{ "c", REPLY_WILL_ATTEND }, { "co", REPLY_WILL_ATTEND },
	{ "co mat", REPLY_WILL_ATTEND }, { "di", REPLY_WILL_ATTEND },
	{ "co di", REPLY_WILL_ATTEND }, { "den", REPLY_WILL_ATTEND },
	{ "k", REPLY_CANNOT_ATTEND }, { "ko", REPLY_CANNOT_ATTEND },
	{ "kg", REPLY_CANNOT_ATTEND }, { "khg", REPLY_CANNOT_ATTEND },
	{ "kh", REPLY_CANNOT_ATTEND }, { "hk", REPLY_CANNOT_ATTEND },
	{ "hok", REPLY_CANNOT_ATTEND }, { "hong", REPLY_CANNOT_ATTEND },
	{ "khong", REPLY_CANNOT_ATTEND }, { "vang", REPLY_CANNOT_ATTEND },
	{ "khong di", REPLY_CANNOT_ATTEND }, { "ko di", REPLY_CANNOT_ATTEND },
	{ "k di", REPLY_CANNOT_ATTEND }, { "khong den", REPLY_CANNOT_ATTEND },
	{ NULL, REPLY_FREE_TEXT },
};

/* The check-in's digits, for a meeting reminder that is the only open
 * question (older members answer reminders 1/2 out of habit). */
static const struct keyword meeting_alone[] = {
	{ "1", REPLY_WILL_ATTEND }, { "2", REPLY_CANNOT_ATTEND },
	{ NULL, REPLY_FREE_TEXT },
};

/* Polite openings skipped before keys are looked for ("Dạ em khỏe",
 * "cô ơi em không đi được", "e k di dc"). */
static const char *const fillers[] = { "da", "a", "em", "e", "chi", "anh",
	"toi", "minh", "oi", "se", "thi", "vay", "co oi", "c oi", NULL };

/* Words after a number that make it a quantity ("2 ngày nữa"). */
static const char *const units[] = { "ngay", "hom", "thang", "tuan", "nam",
	"gio", "h", "phut", "trieu", "tr", "nghin", "ngan", "k", "lan",
	"nguoi", "dua", "con", "chau", "buoi", "chuyen", "cai", "kg", NULL };

/* Help words: a reply made only of these and polite words is help. */
static const char *const help_core[] = { "help", "giup", "cuu", "sos",
	NULL };
static const char *const help_polite[] = { "da", "a", "ah", "em", "e",
	"chi", "c", "anh", "toi", "t", "minh", "con", "co", "oi", "voi",
	"vs", "di", "nhe", "nha", "me", "lam", "on", "xin", "do", "gap",
	"ngay", "mau", "moi", "nguoi", "ai", "bac", "chu", "me", "with",
	"please", "pls", "huhu", "voiii", "oii", NULL };

/* Words that negate the phrase after them ("không cần giúp"). */
static const char *const negators[] = { "khong", "ko", "k", "kg", "khg",
	"kh", "hk", "hok", "hong", "chua", "chang", "cha", "dau", NULL };
/* Words that may stand between a negator and the phrase. */
static const char *const neg_bridge[] = { "con", "he", "phai", "can",
	"duoc", "dc", NULL };

/* Verbs that "giúp" after them makes polite: "xem lịch giúp em với".
 * Words that are also common other words folded ("đang", "trả", "sắp")
 * are left out: a polite request taken for help costs a call, a plea
 * taken for politeness could cost more. */
static const char *const polite_verbs[] = { "nhan", "nhac", "xem", "coi",
	"gui", "hoi", "noi", "chuyen", "kiem", "ktra", "check", "tim", "doc",
	"ghi", "sua", "mua", "chup", "nop", "dien", "in", "xep", NULL };

/* A help word (folded) that makes a compound with the word before or
 * after it (written with its marks: "đánh đau" is no "đánh dấu"). */
struct compound {
	const char *word, *other;
	int after;              /* 1: other follows word */
};

static const struct compound compounds[] = {
	{ "cuu", "nghiên", 0 }, { "cuu", "tra", 0 }, { "cuu", "cấp", 0 },
	{ "cuu", "con", 0 }, { "cuu", "đàn", 0 }, { "cuu", "thịt", 0 },
	{ "cuu", "nuôi", 0 }, { "cuu", "long", 1 }, { "cuu", "trợ", 1 },
	{ "cuu", "chiến", 1 }, { "cuu", "thế", 1 },
	{ "giup", "việc", 1 },
	{ "danh", "giá", 1 }, { "danh", "thức", 1 }, { "danh", "rơi", 1 },
	{ "danh", "cắp", 1 }, { "danh", "thuế", 1 }, { "danh", "dấu", 1 },
	{ "danh", "trượt", 1 }, { "danh", "tráo", 1 }, { "danh", "máy", 1 },
	{ "danh", "răng", 1 }, { "danh", "vần", 1 }, { "danh", "cá", 1 },
	{ "danh", "cờ", 1 }, { "danh", "giày", 1 }, { "danh", "son", 1 },
	{ "danh", "bài", 1 }, { "danh", "bóng", 1 }, { "danh", "lửa", 1 },
	{ "danh", "số", 1 }, { "danh", "đề", 1 }, { "danh", "nhau", 1 },
	/* "giúp em với cái đơn": with, not a plea */
	{ "voi", "cái", 1 }, { "voi", "việc", 1 }, { "voi", "lịch", 1 },
	{ "voi", "đơn", 1 }, { "voi", "giấy", 1 }, { "voi", "hồ", 1 },
	{ "voi", "sổ", 1 }, { "voi", "khoản", 1 }, { "voi", "bài", 1 },
	{ "voi", "tờ", 1 }, { "vs", "cái", 1 }, { "vs", "việc", 1 },
	/* the road, the flood, not the person */
	{ "nguy", "đường", 0 }, { "nguy", "trơn", 0 }, { "nguy", "lũ", 0 },
	{ "nguy", "bão", 0 }, { "nguy", "sông", 0 }, { "nguy", "dốc", 0 },
	{ "giu", "xe", 1 }, { "giu", "chỗ", 1 },
	{ NULL, NULL, 0 },
};

/* Words written with marks that fold to a help word but are other
 * words: "cừu" (sheep), "cửu" (nine), "cựu" (former), "cưu" (to
 * shelter), "cữu" (coffin). */
static const char *const other_words[] = { "cừu", "cửu", "cựu", "cưu",
	"cữu", NULL };

/* One word of a reply: as written (NFC) and folded, and the clause it is
 * in (punctuation starts a new clause). */
struct word {
	char *orig, *fold;
	int clause;
};

struct words {
	struct word *v;
	int n;
};

static int
in_list(const char *w, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static void
words_free(struct words *ws)
{
	for (int i = 0; i < ws->n; i++) {
		free(ws->v[i].orig);
		free(ws->v[i].fold);
	}
	free(ws->v);
}

static int
is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Split text into words and clauses. */
static void
words_split(const char *text, struct words *ws)
{
	char *nfc = text_nfc(text ? text : "");
	const char *p = nfc;
	int clause = 0;

	memset(ws, 0, sizeof *ws);
	while (*p) {
		size_t n = 0;
		if (!is_word_byte((unsigned char)*p)) {
			if (strchr(".,!?;:\n()", *p))
				clause++;
			p++;
			continue;
		}
		while (p[n] && is_word_byte((unsigned char)p[n]))
			n++;
		ws->v = xrealloc(ws->v, (size_t)(ws->n + 1) * sizeof *ws->v);
		ws->v[ws->n].orig = xstrndup(p, n);
		ws->v[ws->n].fold = keyword_normalize(ws->v[ws->n].orig);
		ws->v[ws->n].clause = clause;
		ws->n++;
		p += n;
	}
	free(nfc);
}

/* Lowercase of a Vietnamese letter (the precomposed ones are in pairs). */
static uint32_t
vi_lower(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde &&
	    cp != 0xd7))
		return cp + 0x20;
	if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 ||
	    cp == 0x1a0 || (cp >= 0x1ea0 && cp <= 0x1ef8 && !(cp & 1)))
		return cp + 1;
	if (cp == 0x1af)
		return 0x1b0;
	return cp;
}

/* Is orig, lowercased, the (lowercase) word s? */
static int
same_lower(const char *orig, const char *s)
{
	uint32_t a, b;

	while (*orig && *s) {
		orig += text_decode(orig, &a);
		s += text_decode(s, &b);
		if (vi_lower(a) != b)
			return 0;
	}
	return !*orig && !*s;
}

/* Is the word as written (orig) not another word that folds like a help
 * word? */
static int
spelled_as_help(const char *orig)
{
	for (int i = 0; other_words[i]; i++)
		if (same_lower(orig, other_words[i]))
			return 0;
	return 1;
}

/* Is w the word spelled (lowercase, with marks)? Typed without marks,
 * w is any word that folds alike. */
static int
is_spelled(const struct word *w, const char *spelled)
{
	char *fold = keyword_normalize(spelled);
	int same = str_eq(fold, w->fold);

	free(fold);
	if (!same)
		return 0;
	for (const char *p = w->orig; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return same_lower(w->orig, spelled);
	return 1;
}

static int
compound_with(const char *word, const struct word *other, int after)
{
	for (const struct compound *c = compounds; c->word; c++)
		if (c->after == after && strcmp(c->word, word) == 0 &&
		    is_spelled(other, c->other))
			return 1;
	return 0;
}

/* Is the word before ws->v[i], in its clause, one of list? */
static int
before_is(const struct words *ws, int i, int back, const char *const *list)
{
	int j = i - back;

	return j >= 0 && ws->v[j].clause == ws->v[i].clause &&
	    in_list(ws->v[j].fold, list);
}

static int
negated(const struct words *ws, int i)
{
	return before_is(ws, i, 1, negators) || (before_is(ws, i, 1,
	    neg_bridge) && before_is(ws, i, 2, negators));
}

/* "giúp" at i is polite: a polite verb comes before it in its clause. */
static int
giup_polite(const struct words *ws, int i)
{
	for (int j = i - 1; j >= 0 && ws->v[j].clause == ws->v[i].clause; j--)
		if (in_list(ws->v[j].fold, polite_verbs))
			return 1;
	return 0;
}

/* Does the phrase (folded words pw[0..m-1]) match ws at i as a help
 * request? */
static int
phrase_at(const struct words *ws, int i, char **pw, int m)
{
	const struct word *first = &ws->v[i], *last = &ws->v[i + m - 1];

	for (int k = 0; k < m; k++)
		if (strcmp(ws->v[i + k].fold, pw[k]) != 0 ||
		    !spelled_as_help(ws->v[i + k].orig))
			return 0;
	if (negated(ws, i))
		return 0;
	if (i > 0 && ws->v[i - 1].clause == first->clause &&
	    compound_with(first->fold, &ws->v[i - 1], 0))
		return 0;
	if (i + m < ws->n && ws->v[i + m].clause == last->clause &&
	    compound_with(last->fold, &ws->v[i + m], 1))
		return 0;
	return !str_eq(first->fold, "giup") || !giup_polite(ws, i);
}

/* Split a folded phrase into words (pointers into buf). */
static int
phrase_words(char *buf, char **pw, int max)
{
	int m = 0;

	for (char *t = strtok(buf, " "); t && m < max; t = strtok(NULL, " "))
		pw[m++] = t;
	return m;
}

static int
has_phrase(const struct words *ws, const char *phrase)
{
	char *buf = keyword_normalize(phrase), *pw[16];
	int m = phrase_words(buf, pw, 16), found = 0;

	for (int i = 0; m > 0 && i + m <= ws->n && !found; i++)
		found = phrase_at(ws, i, pw, m);
	free(buf);
	return found;
}

/* A reply made only of help words and polite words, one help word at
 * least: "GIUP", "cứu em với", "help me". */
static int
only_help_words(const struct words *ws)
{
	int core = 0;

	for (int i = 0; i < ws->n; i++) {
		const char *f = ws->v[i].fold;
		if (in_list(f, help_core) && spelled_as_help(ws->v[i].orig))
			core++;
		else if (!in_list(f, help_polite))
			return 0;
	}
	return core > 0;
}

static int
help_in(const struct words *ws, const struct keyword_rules *rules)
{
	int help = only_help_words(ws);

	for (int i = 0; rules && !help && i < rules->nhelp_phrases; i++)
		help = has_phrase(ws, rules->help_phrases[i]);
	return help;
}

int
keyword_is_help(const char *text, const struct keyword_rules *rules)
{
	struct words ws;
	int help;

	words_split(text, &ws);
	help = help_in(&ws, rules);
	words_free(&ws);
	return help;
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

/* The normalized words after any leading fillers. */
static const char *
skip_fillers(const char *norm)
{
	for (;;) {
		size_t n = 0, k;
		for (int i = 0; fillers[i]; i++)
			if ((k = leading(norm, fillers[i])) > n)
				n = k;
		if (!n || !norm[n])
			return norm;
		norm += n + 1;
	}
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

/* The longest key of table at the start of norm, if longer than *len. */
static void
match_leading(const char *norm, const struct keyword *table, size_t *len,
    enum reply_meaning *m, const char **key)
{
	for (const struct keyword *k = table; k->words; k++) {
		size_t n = leading(norm, k->words);
		if (n > *len) {
			*len = n;
			*m = k->meaning;
			*key = k->words;
		}
	}
}

/* Is the digit key at the start of words a quantity ("2 ngày")? */
static int
is_quantity(const char *words, size_t len)
{
	const char *next = words + len;
	char w[16];
	size_t n = 0;

	if (*next != ' ')
		return 0;
	next++;
	while (next[n] && next[n] != ' ' && n < sizeof w - 1) {
		w[n] = next[n];
		n++;
	}
	w[n] = '\0';
	return isdigit((unsigned char)w[0]) || in_list(w, units);
}

/* The key at the start of words (after fillers) for the open
 * questions. */
static enum reply_meaning
key_at(const char *words, unsigned open)
{
	enum reply_meaning m = REPLY_FREE_TEXT;
	const char *key = "";
	size_t len = 0;
	int digit;

	words = skip_fillers(words);
	match_leading(words, any_time, &len, &m, &key);
	if (open & REPLY_TO_CHECKIN)
		match_leading(words, to_checkin, &len, &m, &key);
	if (open & REPLY_TO_MEETING)
		match_leading(words, to_meeting, &len, &m, &key);
	if (open == REPLY_TO_MEETING)
		match_leading(words, meeting_alone, &len, &m, &key);
	digit = isdigit((unsigned char)key[0]);
	if (digit && is_quantity(words, len))
		m = REPLY_FREE_TEXT;
	else if (digit && open == (REPLY_TO_CHECKIN | REPLY_TO_MEETING))
		m = REPLY_UNCLEAR;
	return m;
}

/* Words that may stand beside an answer without adding to it. */
static const char *const bare_words[] = { "da", "a", "ah", "em", "e", "chi",
	"c", "anh", "toi", "t", "minh", "co", "oi", "se", "thi", "vay", "nhe",
	"nha", "nhen", "ne", "roi", "r", "dc", "duoc", "dk", "cam", "on",
	"thanks", "thank", "tks", "ok", "oke", "okie", "okay", "vang", "van",
	"binh", "thuong", "khoe", "1", "2", "k", "ko", "kg", "khg", "kh", "hk",
	"hok", "hong", "khong", "di", "den", "mat", "hop", "buoi", "nay",
	"u", "uh", "uhm", "yes", "no", "well", "fine", NULL };

int
keyword_is_bare(const char *text)
{
	struct words ws = { 0 };
	int bare = 1;

	words_split(text, &ws);
	for (int i = 0; i < ws.n && bare; i++)
		bare = in_list(ws.v[i].fold, bare_words);
	words_free(&ws);
	return bare;
}

/* The folded words of ws, one space between. Caller frees. */
static char *
words_join(const struct words *ws)
{
	struct buf b = { 0 };

	for (int i = 0; i < ws->n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", ws->v[i].fold);
	return b.len ? buf_detach(&b) : xstrdup("");
}

/* What "vâng" (yes, with the hat) answers. "Vâng" and "vắng" (absent)
 * fold alike: typed without diacritics VANG is absent. */
static enum reply_meaning
vang_meaning(unsigned open)
{
	if (open == REPLY_TO_MEETING)
		return REPLY_WILL_ATTEND;
	if (open == REPLY_TO_CHECKIN)
		return REPLY_WELL;
	return open ? REPLY_UNCLEAR : REPLY_FREE_TEXT;
}

/*
 * The key of the reply. An acknowledgement ("ok", "vâng") followed by a
 * key gives way to it: "ok c em đi" to a reminder is C, "Vâng, em không
 * đi được" is K.
 */
static enum reply_meaning
match_key(const struct words *ws, unsigned open)
{
	static const char *const acks[] = { "ok", "oke", "okie", "okay", "u",
		"uh", "uhm", NULL };
	char *norm = words_join(ws);
	const char *words = skip_fillers(norm), *rest;
	enum reply_meaning m = key_at(words, open), m2 = REPLY_FREE_TEXT;
	int i = 0, vang;

	for (const char *p = norm; p < words; p++)
		i += *p == ' ';
	vang = i < ws->n && same_lower(ws->v[i].orig, "vâng");
	if (i < ws->n && (vang || in_list(ws->v[i].fold, acks)) &&
	    (rest = strchr(words, ' ')) != NULL)
		m2 = key_at(rest + 1, open);
	free(norm);
	if (m2 != REPLY_FREE_TEXT)
		return m2;
	return vang ? vang_meaning(open) : m;
}

enum reply_meaning
keyword_parse(const char *text, unsigned open,
    const struct keyword_rules *rules)
{
	struct words ws;
	enum reply_meaning m;

	words_split(text, &ws);
	m = help_in(&ws, rules) ? REPLY_NEEDS_HELP : match_key(&ws, open);
	words_free(&ws);
	return m;
}

const char *
keyword_meaning_name(enum reply_meaning m)
{
	static const char *const names[] = { "free-text", "well", "needs-help",
		"will-attend", "cannot-attend", "opt-out", "opt-in", "unclear" };
	return (size_t)m < NELEM(names) ? names[m] : "free-text";
}
