/*
 * keyword.h - what a member's SMS reply means.
 *
 * Replies are compared ignoring case, diacritics, punctuation and extra
 * spaces. What a word means depends on the questions open for the
 * member, and no two kinds of question share their answer keys:
 *   - a check-in is answered 1 (well: also OK, KHOE, ON) or 2 (help);
 *   - a meeting reminder is answered C (will come: also CO, CO MAT, DI,
 *     Vâng) or K (cannot come: also KO, KHONG, VANG, KHONG DI); 1 and 2
 *     count for it only when it is the only open question.
 * A key counts when it is the whole reply or its first words after
 * polite openings ("Dạ em khỏe ạ" is well); "1"/"2" followed by a unit
 * ("2 ngày nữa") are a number, not a key. A reply whose key could answer
 * either open question is unclear: a person reads it.
 *
 * A help request is the check-in's help answer, a reply made only of
 * help words (GIUP, CUU, HELP, SOS with polite words: "cứu em với"), or
 * a help phrase ("cần giúp", "bị đánh", ...) found as whole words in one
 * clause, teencode read out ("giup e vs" is "giúp em với"; "bị" and a
 * verb also with who does it between: "bị chủ đánh"). A phrase does not
 * count when negated ("không cần giúp", "không bao giờ đánh em"), when a
 * not-help phrase overlaps it ("cần giúp gì", "bị giữ lại lớp"), when it
 * tells of a blow to someone else ("chồng em bị đánh") or of harm to a
 * thing, nor a phrase led by "giúp" after a verb it makes polite ("xem
 * lịch giúp em với"), nor one led by "cứu" inside a compound ("nghiên
 * cứu", "tra cứu") or written as another word ("cừu", "cửu", "cựu").
 * "giúp" alone inside a sentence is politeness, never help.
 *
 * "không sao" (and k/ko/hok sao) answers a check-in as well when only
 * particles follow it ("em không sao ngủ được" is free text). With a
 * reminder open, a reply without a key is read for a will or cannot
 * phrase anywhere ("hnay e om ko di dc"); a key the sentence contradicts
 * leaves the reply to a person. Everything else is free text.
 * docs/replies.md says more.
 */
#ifndef SHG_KEYWORD_H
#define SHG_KEYWORD_H

#include <stddef.h>

/* The questions open for a member: a set of these bits. */
enum reply_context {
	REPLY_TO_NOTHING = 0,
	REPLY_TO_CHECKIN = 1,
	REPLY_TO_MEETING = 2,
};

enum reply_meaning {
	REPLY_FREE_TEXT,        /* kept for a person to read */
	REPLY_WELL,             /* check-in: 1, OK, KHOE, ON */
	REPLY_NEEDS_HELP,       /* check-in: 2; any time: help words, phrases */
	REPLY_WILL_ATTEND,      /* meeting: C, CO, CO MAT, DI (1 if alone) */
	REPLY_CANNOT_ATTEND,    /* meeting: K, KHONG, VANG, KHONG DI (2 ...) */
	REPLY_OPT_OUT,          /* any time: STOP, HUY, TU CHOI */
	REPLY_OPT_IN,           /* any time: START, DANG KY */
	REPLY_UNCLEAR,          /* a key of more than one open question */
};

/* The configured help phrases (replies.help_phrases) and the phrases
 * that cancel a help phrase they overlap (replies.not_help_phrases:
 * "giữ lại lớp" in "con em bị giữ lại lớp"), borrowed. */
struct keyword_rules {
	char *const *help_phrases;
	int nhelp_phrases;
	char *const *not_help_phrases;
	int nnot_help_phrases;
};

/*
 * The meaning of text (UTF-8) given the open questions (a set of
 * enum reply_context bits). rules may be NULL: no help phrases, only
 * help words and the check-in's 2.
 */
enum reply_meaning keyword_parse(const char *text, unsigned open,
    const struct keyword_rules *rules);

/* 1 when text says nothing but its answer: the key with polite words
 * around it ("Dạ em khỏe ạ", "k đi dc nha c"). 0 when it says more ("1
 * nhưng em bị ốm"): such a reply answers its question and still waits
 * for a person to read it. */
int keyword_is_bare(const char *text);

/* 1 when text is a help request whatever is open (help words or a
 * phrase of rules), else 0. */
int keyword_is_help(const char *text, const struct keyword_rules *rules);

/* Lowercase ASCII words separated by single spaces: diacritics folded,
 * punctuation removed. Caller frees. */
char *keyword_normalize(const char *text);

/* "well", "needs-help", "unclear", ... for storage and display. */
const char *keyword_meaning_name(enum reply_meaning m);

#endif
