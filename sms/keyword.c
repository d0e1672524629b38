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
	{ "binh thuong", REPLY_WELL }, { "van binh thuong", REPLY_WELL },
	{ "bt", REPLY_WELL }, { "van bt", REPLY_WELL }, { "oki", REPLY_WELL },
	{ "2", REPLY_NEEDS_HELP },
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
	/* doubt, not an answer: "không biết có đi được không" */
	{ "khong biet", REPLY_FREE_TEXT }, { "ko biet", REPLY_FREE_TEXT },
	{ "k biet", REPLY_FREE_TEXT }, { "hok biet", REPLY_FREE_TEXT },
	{ "chua biet", REPLY_FREE_TEXT }, { "khong chac", REPLY_FREE_TEXT },
	{ "ko chac", REPLY_FREE_TEXT }, { "k chac", REPLY_FREE_TEXT },
	{ "chua chac", REPLY_FREE_TEXT },
	/* "có việc" is having something on, not "có" (yes) */
	{ "co viec", REPLY_FREE_TEXT }, { "co chut viec", REPLY_FREE_TEXT },
	{ "co cong viec", REPLY_FREE_TEXT },
	/* "đi" somewhere else: "em đi công tác, vắng buổi này" */
	{ "di cong tac", REPLY_FREE_TEXT }, { "di lam", REPLY_FREE_TEXT },
	{ "di xa", REPLY_FREE_TEXT }, { "di vang", REPLY_FREE_TEXT },
	{ "di que", REPLY_FREE_TEXT }, { "di kham", REPLY_FREE_TEXT },
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
	"toi", "minh", "mk", "tui", "oi", "se", "thi", "vay", "co oi", "c oi",
	"mn oi", "moi nguoi oi", "chac", "chac chan", NULL };

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

/* Words that negate the phrase after them ("không cần giúp", "chồng em
 * hết đánh em rồi"). */
static const char *const negators[] = { "khong", "ko", "k", "kg", "khg",
	"kh", "hk", "hok", "hong", "khum", "chua", "chang", "cha", "dau",
	"het", "thoi", NULL };
/* Words that may stand between a negator and the phrase, two at most
 * ("không bao giờ đánh em", "chưa chắc đi được"). */
static const char *const neg_bridge[] = { "con", "he", "phai", "can",
	"duoc", "dc", "bao", "gio", "co", "chac", NULL };

/* Verbs that "giúp" after them makes polite: "xem lịch giúp em với".
 * Words that are also common other words folded ("đang", "trả", "sắp")
 * are left out: a polite request taken for help costs a call, a plea
 * taken for politeness could cost more. */
static const char *const polite_verbs[] = { "nhan", "nhac", "xem", "coi",
	"gui", "hoi", "noi", "chuyen", "kiem", "ktra", "check", "tim", "doc",
	"ghi", "sua", "mua", "chup", "nop", "dien", "in", "xep", NULL };

/* Teencode and short forms, typed without marks, read as the word they
 * stand for ("giup e vs" is "giúp em với", "k cho e ve" is "không cho em
 * về"): as typed, folded, spelled. */
static const char *const teencode[][3] = {
	{ "ko", "khong", "không" }, { "k", "khong", "không" },
	{ "kg", "khong", "không" }, { "khg", "khong", "không" },
	{ "kh", "khong", "không" }, { "hk", "khong", "không" },
	{ "hok", "khong", "không" }, { "khum", "khong", "không" },
	{ "e", "em", "em" }, { "vs", "voi", "với" }, { "dc", "duoc", "được" },
	{ "dk", "duoc", "được" }, { "j", "gi", "gì" },
	{ "ck", "chong", "chồng" }, { "vk", "vo", "vợ" },
	{ "mk", "minh", "mình" }, { "r", "roi", "rồi" }, { "ns", "noi", "nói" },
	{ "dj", "di", "đi" }, { "z", "vay", "vậy" },
};

/* A help word (folded) that makes a compound with a word near it
 * (written with its marks: "đánh đau" is no "đánh dấu"). */
enum near { NEAR_BEFORE, NEAR_AFTER, NEAR_CLAUSE };

struct compound {
	const char *word, *other;
	enum near where;        /* other is just before, just after, or
	                         * anywhere before in the clause */
};

#define B NEAR_BEFORE
#define A NEAR_AFTER
static const struct compound compounds[] = {
	{ "cuu", "nghiên", B }, { "cuu", "tra", B }, { "cuu", "cấp", B },
	{ "cuu", "con", B }, { "cuu", "đàn", B }, { "cuu", "thịt", B },
	{ "cuu", "nuôi", B }, { "cuu", "long", A }, { "cuu", "trợ", A },
	{ "cuu", "chiến", A }, { "cuu", "thế", A },
	{ "giup", "việc", A },
	{ "danh", "giá", A }, { "danh", "thức", A }, { "danh", "rơi", A },
	{ "danh", "cắp", A }, { "danh", "thuế", A }, { "danh", "dấu", A },
	{ "danh", "trượt", A }, { "danh", "tráo", A }, { "danh", "máy", A },
	{ "danh", "răng", A }, { "danh", "vần", A }, { "danh", "cá", A },
	{ "danh", "cờ", A }, { "danh", "giày", A }, { "danh", "son", A },
	{ "danh", "bài", A }, { "danh", "bóng", A }, { "danh", "lửa", A },
	{ "danh", "số", A }, { "danh", "đề", A }, { "danh", "nhau", A },
	/* "giúp em với cái đơn": with, not a plea */
	{ "voi", "cái", A }, { "voi", "việc", A }, { "voi", "lịch", A },
	{ "voi", "đơn", A }, { "voi", "giấy", A }, { "voi", "hồ", A },
	{ "voi", "sổ", A }, { "voi", "khoản", A }, { "voi", "bài", A },
	{ "voi", "tờ", A }, { "vs", "cái", A }, { "vs", "việc", A },
	/* "cứu con mèo": an animal, not the member */
	{ "con", "chó", A }, { "con", "mèo", A }, { "con", "gà", A },
	{ "con", "vịt", A }, { "con", "lợn", A }, { "con", "heo", A },
	{ "con", "bò", A }, { "con", "trâu", A }, { "con", "dê", A },
	{ "con", "chim", A }, { "con", "cá", A }, { "con", "ngan", A },
	/* the weather, the road, an opinion: not the person's danger */
	{ "nguy", "bão", NEAR_CLAUSE }, { "nguy", "lũ", NEAR_CLAUSE },
	{ "nguy", "lụt", NEAR_CLAUSE }, { "nguy", "mưa", NEAR_CLAUSE },
	{ "nguy", "gió", NEAR_CLAUSE }, { "nguy", "đường", NEAR_CLAUSE },
	{ "nguy", "trơn", NEAR_CLAUSE }, { "nguy", "sông", NEAR_CLAUSE },
	{ "nguy", "suối", NEAR_CLAUSE }, { "nguy", "dốc", NEAR_CLAUSE },
	{ "nguy", "nước", NEAR_CLAUSE }, { "nguy", "sạt", NEAR_CLAUSE },
	{ "nguy", "thấy", NEAR_CLAUSE }, { "nguy", "nghe", NEAR_CLAUSE },
	{ "giu", "xe", A }, { "giu", "chỗ", A },
	{ NULL, NULL, 0 },
};
#undef A
#undef B

/* Words written with marks that fold to a help word but are other
 * words: "cừu" (sheep), "cửu" (nine), "cựu" (former), "cưu" (to
 * shelter), "cữu" (coffin). */
static const char *const other_words[] = { "cừu", "cửu", "cựu", "cưu",
	"cữu", NULL };

/*
 * Who "bị" (suffers) in "X bị ...": the member, another person, or a
 * thing. Harm told of another person ("chồng em bị đánh") is news for
 * the organiser to read, not the member's call for help; taking a
 * person away (kidnapped, trafficked, held) stays help whoever it is.
 */
enum subject { SUBJ_SELF, SUBJ_OTHER, SUBJ_PEOPLE, SUBJ_THING };

/* Words between the subject and "bị": "em lại bị đánh". */
static const char *const adverbs[] = { "lai", "cung", "vua", "moi", "da",
	"dang", "hay", "thuong", "luon", "cu", "suot", "van", "sap", "lien",
	"tung", NULL };
/* The member speaking of herself. */
static const char *const self_words[] = { "em", "toi", "minh", "tui", "t",
	NULL };
/* Another person (spelled; typed without marks any word folding alike). */
static const char *const others[] = { "chồng", "ck", "vợ", "vk", "bố", "mẹ",
	"ba", "má", "ông", "bà", "ngoại", "nội", "dì", "cậu", "mợ", "thím",
	"bạn", "xóm", "bé", "thằng", "ấy", "nó", "họ", "trai", "gái", NULL };
/* Another person only when the member's pronoun follows: "con em" is
 * her child, "con" alone is the member speaking to an elder. */
static const char *const others_of[] = { "con", "cháu", "nhà", NULL };
/* Things that "bị" happens to. */
static const char *const things[] = { "xe", "thoại", "đt", "máy", "hàng",
	"lúa", "ruộng", "vườn", "tiền", "ví", "bò", "lợn", "gà", "trâu",
	NULL };
/* People at large: "nhiều người bị lừa sang Campuchia" is news. */
static const char *const people[] = { "người", "ai", NULL };
/* Harm that, told of another person, is news. */
static const char *const harm_words[] = { "danh", "dap", NULL };

/* One word of a reply: as written (NFC), folded, read as (teencode
 * spelled out), and the clause it is in (punctuation starts a new
 * clause). */
struct word {
	char *orig, *fold;
	const char *canon, *spelled;    /* spelled: of teencode, else NULL */
	int clause;
};

struct words {
	struct word *v;
	int n;
};

/* A phrase of the rules: its words folded and spelled out. */
struct phrase {
	char *buf;
	const char *w[16];
	int m;
};

static int
in_list(const char *w, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* The teencode entry of fold, or NULL. */
static const char *const *
teencode_of(const char *fold)
{
	for (size_t i = 0; i < NELEM(teencode); i++)
		if (strcmp(fold, teencode[i][0]) == 0)
			return teencode[i];
	return NULL;
}

static const char *
canon_of(const char *fold)
{
	const char *const *t = teencode_of(fold);

	return t ? t[1] : fold;
}

/* Typed without marks; with teencode, đ may stand ("đc", "đk"). */
static int
unmarked(const char *orig, int teen)
{
	for (const unsigned char *p = (const unsigned char *)orig; *p; p++) {
		if (*p < 0x80)
			continue;
		if (!teen || p[0] != 0xc4 || (p[1] != 0x91 && p[1] != 0x90))
			return 0;
		p++;
	}
	return 1;
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

/* A letter of a word: ASCII letters and digits, Latin letters with
 * marks and the marks. Emoji and symbols separate words. */
static int
is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return isalnum((int)cp);
	return (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
	    (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1e00 && cp <= 0x1eff);
}

static void
word_add(struct words *ws, const char *p, size_t n, int clause)
{
	const char *const *t;
	struct word *w;

	ws->v = xrealloc(ws->v, (size_t)(ws->n + 1) * sizeof *ws->v);
	w = &ws->v[ws->n++];
	w->orig = xstrndup(p, n);
	w->fold = keyword_normalize(w->orig);
	t = unmarked(w->orig, 1) ? teencode_of(w->fold) : NULL;
	w->canon = t ? t[1] : w->fold;
	w->spelled = t ? t[2] : NULL;
	w->clause = clause;
}

/* Split text into words and clauses. */
static void
words_split(const char *text, struct words *ws)
{
	char *nfc = text_nfc(text ? text : "");
	const char *p = nfc;
	int clause = 0;
	uint32_t cp;

	memset(ws, 0, sizeof *ws);
	while (*p) {
		size_t n = 0, k;
		if (!is_letter((text_decode(p, &cp), cp))) {
			if (strchr(".,!?;:\n()", *p))
				clause++;
			p += text_decode(p, &cp);
			continue;
		}
		while (p[n] && (k = text_decode(p + n, &cp)) && is_letter(cp))
			n += k;
		word_add(ws, p, n, clause);
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
 * w is any word that folds alike, or whose teencode it is ("đc" for
 * "được"). */
static int
is_spelled(const struct word *w, const char *spelled)
{
	char *fold = keyword_normalize(spelled);
	int same = str_eq(canon_of(fold), w->canon);

	free(fold);
	if (!same)
		return 0;
	if (w->spelled)
		return strcmp(w->spelled, spelled) == 0;
	if (!unmarked(w->orig, 0))
		return same_lower(w->orig, spelled);
	return 1;
}

static int
spelled_in(const struct word *w, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (is_spelled(w, list[i]))
			return 1;
	return 0;
}

static int
same_clause(const struct words *ws, int i, int j)
{
	return j >= 0 && j < ws->n && ws->v[j].clause == ws->v[i].clause;
}

/* Is the help phrase running from word first to word last part of a
 * compound with the words around it ("nghiên cứu", "đánh giá")? */
static int
compound_at(const struct words *ws, int first, int last)
{
	const char *head = ws->v[first].fold, *tail = ws->v[last].fold;

	for (const struct compound *c = compounds; c->word; c++) {
		if (c->where == NEAR_BEFORE && strcmp(c->word, head) == 0 &&
		    same_clause(ws, first, first - 1) &&
		    is_spelled(&ws->v[first - 1], c->other))
			return 1;
		if (c->where == NEAR_AFTER && strcmp(c->word, tail) == 0 &&
		    same_clause(ws, last, last + 1) &&
		    is_spelled(&ws->v[last + 1], c->other))
			return 1;
		if (c->where != NEAR_CLAUSE || strcmp(c->word, head) != 0)
			continue;
		for (int j = first - 1; same_clause(ws, first, j); j--)
			if (is_spelled(&ws->v[j], c->other))
				return 1;
	}
	return 0;
}

/* Is ws->v[i] negated: a negator before it, or one with one or two
 * bridge words between? */
static int
negated(const struct words *ws, int i)
{
	for (int j = i - 1; same_clause(ws, i, j) && j >= i - 3; j--) {
		if (in_list(ws->v[j].fold, negators))
			return 1;
		if (!in_list(ws->v[j].fold, neg_bridge))
			return 0;
	}
	return 0;
}

/* "giúp" (or "hỗ trợ") at i is polite: a polite verb comes before it in
 * its clause. */
static int
giup_polite(const struct words *ws, int i)
{
	for (int j = i - 1; same_clause(ws, i, j); j--)
		if (in_list(ws->v[j].fold, polite_verbs))
			return 1;
	return 0;
}

/* Who is the subject of "bị" at b? */
static enum subject
subject_of(const struct words *ws, int b)
{
	int j = b - 1;

	while (same_clause(ws, b, j) && in_list(ws->v[j].fold, adverbs))
		j--;
	if (!same_clause(ws, b, j))
		return SUBJ_SELF;
	if (in_list(ws->v[j].canon, self_words)) {
		/* "con em", "xe em", but "ở nhà em" is where */
		const struct word *w = j > 0 && same_clause(ws, b, j - 1) ?
		    &ws->v[j - 1] : NULL;
		if (!w)
			return SUBJ_SELF;
		if (spelled_in(w, things))
			return SUBJ_THING;
		if ((spelled_in(w, others) || spelled_in(w, others_of)) &&
		    !(same_clause(ws, b, j - 2) && spelled_in(&ws->v[j - 2],
		    (const char *const[]){ "ở", "tại", "về", NULL })))
			return SUBJ_OTHER;
		return SUBJ_SELF;
	}
	if (spelled_in(&ws->v[j], things))
		return SUBJ_THING;
	if (spelled_in(&ws->v[j], people))
		return SUBJ_PEOPLE;
	if (spelled_in(&ws->v[j], others))
		return SUBJ_OTHER;
	return SUBJ_SELF;
}

/* A "bị" phrase at i that is not about the member: harm to a thing or
 * to people at large, or a blow told of someone else. */
static int
about_other(const struct words *ws, int i, const struct phrase *p)
{
	enum subject s;

	if (strcmp(p->w[0], "bi") != 0)
		return 0;
	s = subject_of(ws, i);
	return s == SUBJ_THING || s == SUBJ_PEOPLE || (s == SUBJ_OTHER &&
	    p->m > 1 && in_list(p->w[1], harm_words));
}

/* Does phrase p occur at i, its words in one clause? */
static int
words_at(const struct words *ws, int i, const struct phrase *p)
{
	if (p->m == 0 || i < 0 || i + p->m > ws->n)
		return 0;
	for (int k = 0; k < p->m; k++)
		if (strcmp(ws->v[i + k].canon, p->w[k]) != 0 ||
		    ws->v[i + k].clause != ws->v[i].clause)
			return 0;
	return 1;
}

/* Does one of the phrases nots[0..n-1] overlap words i..i+m-1? */
static int
cancelled(const struct words *ws, int i, int m, const struct phrase *nots,
    int n)
{
	for (int k = 0; k < n; k++)
		for (int j = i - nots[k].m + 1; j < i + m; j++)
			if (words_at(ws, j, &nots[k]))
				return 1;
	return 0;
}

/* What is stolen in the villages and reported to the commune police:
 * livestock, vehicles, crops. Money, phones and papers are not here: a
 * member stranded without them may be in danger. */
static const char *const stolen[] = { "bò", "trâu", "lợn", "heo", "gà",
	"vịt", "dê", "chó", "xe", "lúa", "ngô", NULL };

/* Words that count a thing before its name: "mất con bò", "mất cái xe". */
static const char *const counters[] = { "con", "cái", "chiếc", "đàn",
	"mấy", NULL };

/* Does the reply tell of a thing lost or stolen ("mất bò", "mất con
 * bò", "mất trộm", "bị trộm")? "mất con" alone (a child) and "mất tích"
 * (missing) are not things. */
static int
tells_theft(const struct words *ws)
{
	for (int j = 0; j + 1 < ws->n; j++) {
		const struct word *w = &ws->v[j], *x = &ws->v[j + 1];
		if (!same_clause(ws, j, j + 1))
			continue;
		if (is_spelled(x, "trộm") && (is_spelled(w, "mất") ||
		    is_spelled(w, "bị")))
			return 1;
		if (!is_spelled(w, "mất"))
			continue;
		if (spelled_in(x, stolen))
			return 1;
		if (spelled_in(x, counters) && same_clause(ws, j, j + 2) &&
		    spelled_in(&ws->v[j + 2], stolen))
			return 1;
	}
	return 0;
}

/* A request to call or tell the police ("báo công an", "gọi công an")
 * in a reply that tells of a theft is the theft being reported, not a
 * danger: "chị báo công an xã giúp em về vụ mất bò nhé". Help phrases
 * of harm in the same reply still count on their own. */
static int
police_for_theft(const struct words *ws, const struct phrase *p)
{
	return p->m >= 3 && strcmp(p->w[1], "cong") == 0 &&
	    strcmp(p->w[2], "an") == 0 && tells_theft(ws);
}

/* "giúp" at i asks for that report: "công an" before it in its clause,
 * in a reply that tells of a theft ("c báo công an giúp e với, nhà e
 * mất bò"). */
static int
giup_for_theft(const struct words *ws, int i)
{
	for (int j = i - 1; same_clause(ws, i, j) && j > 0; j--)
		if (is_spelled(&ws->v[j], "an") &&
		    is_spelled(&ws->v[j - 1], "công"))
			return tells_theft(ws);
	return 0;
}

/* The compiled phrases of the rules. */
struct compiled {
	struct phrase *help, *nots;
	int nhelp, nnots;
};

static void
phrase_compile(struct phrase *p, const char *text)
{
	char *save = NULL;

	p->buf = keyword_normalize(text);
	p->m = 0;
	for (char *t = strtok_r(p->buf, " ", &save); t && p->m < 16;
	    t = strtok_r(NULL, " ", &save))
		p->w[p->m++] = canon_of(t);
}

static struct phrase *
phrases_compile(char *const *texts, int n)
{
	struct phrase *v = xcalloc((size_t)(n > 0 ? n : 1), sizeof *v);

	for (int i = 0; i < n; i++)
		phrase_compile(&v[i], texts[i]);
	return v;
}

static void
phrases_free(struct phrase *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].buf);
	free(v);
}

static void
rules_compile(const struct keyword_rules *rules, struct compiled *c)
{
	memset(c, 0, sizeof *c);
	if (!rules)
		return;
	c->nhelp = rules->nhelp_phrases;
	c->help = phrases_compile(rules->help_phrases, c->nhelp);
	c->nnots = rules->not_help_phrases ? rules->nnot_help_phrases : 0;
	c->nots = phrases_compile(rules->not_help_phrases, c->nnots);
}

static void
rules_free(struct compiled *c)
{
	if (c->help)
		phrases_free(c->help, c->nhelp);
	if (c->nots)
		phrases_free(c->nots, c->nnots);
}

/* Words that make a group of who does it: "bị bọn nó giữ". */
static const char *const groups_of[] = { "bon", "lu", "dam", "tui",
	"nguoi", NULL };

/* The words of ws that help phrase p covers at i: its own, or for "bị"
 * and one verb ("bị đánh") those and one word naming who does it
 * between ("bị chủ đánh", "bị họ giữ"), or two for a group ("bị bọn nó
 * giữ", "bị người ta đánh"). 0 when p is not there. */
static int
help_span(const struct words *ws, int i, const struct phrase *p)
{
	int v = i + 2;

	if (words_at(ws, i, p))
		return p->m;
	if (p->m != 2 || strcmp(p->w[0], "bi") != 0 || v >= ws->n ||
	    strcmp(ws->v[i].canon, "bi") != 0 ||
	    in_list(ws->v[i + 1].fold, negators))
		return 0;
	if (in_list(ws->v[i + 1].fold, groups_of) && v + 1 < ws->n &&
	    strcmp(ws->v[v].canon, p->w[1]) != 0)
		v++;
	if (strcmp(ws->v[v].canon, p->w[1]) != 0 || !same_clause(ws, i, v))
		return 0;
	return v - i + 1;
}

/* Does help phrase p match ws at i as a help request? */
static int
help_at(const struct words *ws, int i, const struct phrase *p,
    const struct compiled *c)
{
	const char *head = ws->v[i].fold;
	int m = help_span(ws, i, p);

	if (m == 0)
		return 0;
	for (int k = 0; k < m; k++)
		if (!spelled_as_help(ws->v[i + k].orig))
			return 0;
	if (negated(ws, i) || compound_at(ws, i, i + m - 1) ||
	    about_other(ws, i, p) || cancelled(ws, i, m, c->nots, c->nnots) ||
	    police_for_theft(ws, p))
		return 0;
	if (str_eq(head, "giup") || (str_eq(head, "ho") && p->m > 1 &&
	    str_eq(p->w[1], "tro")))
		return !giup_polite(ws, i) && !giup_for_theft(ws, i);
	return 1;
}

static int
has_phrase(const struct words *ws, const struct phrase *p,
    const struct compiled *c)
{
	for (int i = 0; i < ws->n; i++)
		if (help_at(ws, i, p, c))
			return 1;
	return 0;
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
	struct compiled c;
	int help = only_help_words(ws);

	if (help || !rules)
		return help;
	rules_compile(rules, &c);
	for (int i = 0; !help && i < c.nhelp; i++)
		help = has_phrase(ws, &c.help[i], &c);
	rules_free(&c);
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
	"u", "uh", "uhm", "yes", "no", "well", "fine", "sao", NULL };

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

/* Words that may follow "không sao" (I'm fine) in its clause: "ko sao
 * đâu chị", "không sao cả". Any other word makes it "cannot manage to"
 * ("em không sao ngủ được": I cannot sleep). */
static const char *const fine_tail[] = { "dau", "a", "ah", "chi", "c",
	"anh", "co", "nhe", "nha", "ca", "het", "ma", "dung", "lo", "em", "e",
	"vay", "z", "v", "roi", "r", "oi", "cam", "on", "thanks", "nhieu",
	"nua", "ne", "nhen", "luon", NULL };

/* "không sao" at i: 1 when it says the member is fine, 0 when other
 * words follow it, -1 when it is not there. */
static int
fine_at(const struct words *ws, int i)
{
	if (i + 1 >= ws->n || !(str_eq(ws->v[i].canon, "khong") ||
	    is_spelled(&ws->v[i], "hông")) ||
	    !str_eq(ws->v[i + 1].fold, "sao") || !same_clause(ws, i, i + 1))
		return -1;
	for (int j = i + 2; same_clause(ws, i, j); j++) {
		if (str_eq(ws->v[j].fold, "nhung"))
			break;  /* "ko sao nhưng con em ốm": fine, and news */
		if (!in_list(ws->v[j].fold, fine_tail))
			return 0;
	}
	return 1;
}

/* Is HUY at i the name Huy ("Huy đây, chị cần gì cứ nhắn em")? Typed
 * without marks and followed by more than polite words it is no opt-out;
 * "huỷ" with its mark always is. */
static int
name_huy(const struct words *ws, int i)
{
	if (i >= ws->n || !str_eq(ws->v[i].fold, "huy") ||
	    !unmarked(ws->v[i].orig, 0))
		return 0;
	for (int j = i + 1; j < ws->n; j++)
		if (!in_list(ws->v[j].fold, bare_words))
			return 1;
	return 0;
}

/*
 * The key of the reply. An acknowledgement ("ok", "vâng") followed by a
 * key gives way to it: "ok c em đi" to a reminder is C, "Vâng, em không
 * đi được" is K. "không sao" (fine) answers a check-in and is no K.
 */
static enum reply_meaning
match_key(const struct words *ws, unsigned open)
{
	static const char *const acks[] = { "ok", "oke", "okie", "okay", "u",
		"uh", "uhm", NULL };
	char *norm = words_join(ws);
	const char *words = skip_fillers(norm), *rest;
	enum reply_meaning m = key_at(words, open), m2 = REPLY_FREE_TEXT;
	int i = 0, vang, fine;

	for (const char *p = norm; p < words; p++)
		i += *p == ' ';
	vang = i < ws->n && same_lower(ws->v[i].orig, "vâng");
	if (i < ws->n && (vang || in_list(ws->v[i].fold, acks)) &&
	    (rest = strchr(words, ' ')) != NULL)
		m2 = key_at(rest + 1, open);
	free(norm);
	if (m == REPLY_OPT_OUT && name_huy(ws, i))
		m = REPLY_FREE_TEXT;
	if ((fine = fine_at(ws, i)) >= 0)
		return fine && (open & REPLY_TO_CHECKIN) ? REPLY_WELL :
		    REPLY_FREE_TEXT;
	if (m2 != REPLY_FREE_TEXT)
		return m2;
	return vang ? vang_meaning(open) : m;
}

/* A meeting answer said in a sentence, anywhere in the reply (spelled;
 * teencode and words typed without marks count: "hnay e om ko di dc"). */
static const char *const will_phrases[] = { "vẫn đi", "vẫn đến",
	"sẽ đi", "sẽ đến", "sẽ tới", "sẽ có mặt", "đi được", "đến được",
	"tới được", "đi họp được", "có mặt", "tham gia được", NULL };
static const char *const cannot_phrases[] = { "không đi được",
	"không đến được", "không tới được", "không đi họp được",
	"không đi họp", "không dự được", "không tham gia được",
	"không có mặt", "không thể đi", "không thể đến", "không thể tham gia",
	"không đi nổi", "xin phép nghỉ", "xin nghỉ", "xin phép vắng",
	"xin vắng", "vắng mặt", "vắng", "nghỉ họp", "nghỉ buổi",
	"cho em nghỉ", "bận", NULL };

/* Questions end so: "có đi được không" (spelled: "ạ" is polite). */
static const char *const question_ends[] = { "không", "chưa", "à", "hả",
	"nhỉ", NULL };

/* Is the spelled phrase at i? */
static int
spelled_at(const struct words *ws, int i, const char *phrase)
{
	char *buf = xstrdup(phrase), *save = NULL;
	int k = 0, ok = 1;

	for (char *t = strtok_r(buf, " ", &save); t && ok;
	    t = strtok_r(NULL, " ", &save), k++)
		ok = same_clause(ws, i, i + k) && is_spelled(&ws->v[i + k], t);
	free(buf);
	return ok;
}

/* Does the clause of i go on after j to a question word? */
static int
asks(const struct words *ws, int i, int j)
{
	for (; same_clause(ws, i, j); j++)
		if (spelled_in(&ws->v[j], question_ends) &&
		    !same_clause(ws, i, j + 1))
			return 1;
	return 0;
}

/* Does one of list, not negated (nor asked, for will), occur in ws? */
static int
phrase_in(const struct words *ws, const char *const *list, int will)
{
	for (int i = 0; i < ws->n; i++)
		for (int k = 0; list[k]; k++) {
			int m = 1;
			for (const char *p = list[k]; *p; p++)
				m += *p == ' ';
			if (spelled_at(ws, i, list[k]) && !negated(ws, i) &&
			    !(will && asks(ws, i, i + m)))
				return 1;
		}
	return 0;
}

/* A meeting answer in a sentence: will-attend or cannot-attend when
 * only one of them is said, else free text. */
static enum reply_meaning
attend_in(const struct words *ws)
{
	int will = phrase_in(ws, will_phrases, 1);
	int cannot = phrase_in(ws, cannot_phrases, 0);

	if (will != cannot)
		return will ? REPLY_WILL_ATTEND : REPLY_CANNOT_ATTEND;
	return REPLY_FREE_TEXT;
}

/* A meeting key checked against the sentence: without a key, the
 * answer the sentence says; a key the sentence contradicts ("có ..., em
 * bận") leaves the reply to a person. */
static enum reply_meaning
attend_check(enum reply_meaning m, const struct words *ws, unsigned open)
{
	enum reply_meaning said;

	if (!(open & REPLY_TO_MEETING) || (m != REPLY_FREE_TEXT &&
	    m != REPLY_WILL_ATTEND && m != REPLY_CANNOT_ATTEND))
		return m;
	said = attend_in(ws);
	if (m == REPLY_FREE_TEXT)
		return said;
	return said == REPLY_FREE_TEXT || said == m ? m : REPLY_FREE_TEXT;
}

enum reply_meaning
keyword_parse(const char *text, unsigned open,
    const struct keyword_rules *rules)
{
	struct words ws;
	enum reply_meaning m;

	words_split(text, &ws);
	if (help_in(&ws, rules))
		m = REPLY_NEEDS_HELP;
	else
		m = attend_check(match_key(&ws, open), &ws, open);
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
