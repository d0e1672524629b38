/*
 * keyword.h - what a member's SMS reply means.
 *
 * Replies are compared ignoring case, diacritics, punctuation and extra
 * spaces. What a word means depends on what the member is answering:
 * "1" to a check-in is "all is well", to a meeting reminder "I will come".
 */
#ifndef SHG_KEYWORD_H
#define SHG_KEYWORD_H

#include <stddef.h>

enum reply_context {
	REPLY_TO_NOTHING,       /* no open check-in or reminder */
	REPLY_TO_CHECKIN,
	REPLY_TO_MEETING,
};

enum reply_meaning {
	REPLY_FREE_TEXT,        /* kept for a person to read */
	REPLY_WELL,             /* check-in: 1, OK, KHOE, ON */
	REPLY_NEEDS_HELP,       /* check-in: 2; any time: HELP, GIUP, CAN GIUP, CUU */
	REPLY_WILL_ATTEND,      /* meeting: 1, C, CO, CO MAT, DI */
	REPLY_CANNOT_ATTEND,    /* meeting: 2, K, KHONG, VANG, KHONG DI */
	REPLY_OPT_OUT,          /* any time: STOP, HUY, TU CHOI */
	REPLY_OPT_IN,           /* any time: START, DANG KY */
};

/*
 * The meaning of text (UTF-8) in context. A keyword counts when it is the
 * whole reply or its first words ("1 cam on" is 1); the help words also
 * count anywhere in the reply ("toi can giup" asks for help), because a
 * missed call for help is worse than a needless one. Everything else is
 * free text.
 */
enum reply_meaning keyword_parse(const char *text, enum reply_context ctx);

/* Lowercase ASCII words separated by single spaces: diacritics folded,
 * punctuation removed. Caller frees. */
char *keyword_normalize(const char *text);

/* "well", "needs-help", ... for storage and display. */
const char *keyword_meaning_name(enum reply_meaning m);

#endif
