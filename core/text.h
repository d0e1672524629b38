/*
 * text.h - UTF-8 helpers for Vietnamese text: display width, removing
 * diacritics (for search and for plain 7-bit SMS), validity and composing
 * decomposed input into precomposed letters.
 *
 * All functions take NUL-terminated UTF-8. Bytes that are not valid UTF-8
 * are passed through unchanged (and count as one column in text_width), so
 * none of these functions fails on bad input; check with text_valid_utf8()
 * where input must be valid.
 */
#ifndef SHG_TEXT_H
#define SHG_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* Terminal columns needed to show utf8: one per code point, zero for
 * combining marks (U+0300-U+036F, U+1DC0-U+1DFF, U+20D0-U+20FF) and control
 * characters, two for East Asian wide characters. */
size_t text_width(const char *utf8);

/* Remove every Vietnamese diacritic (tone marks, hat, breve, horn and the
 * stroke of đ), precomposed or written with combining marks, keeping case:
 * "ĐỖ Thị" -> "DO Thi". Other characters are copied unchanged.
 * Caller frees. */
char *text_strip(const char *utf8);

/* text_strip() and then lowercase ASCII: "Nguyễn" -> "nguyen". Used for
 * diacritic- and case-insensitive search. Caller frees. */
char *text_fold(const char *utf8);

/* 1 if the len bytes at s are valid UTF-8 (no overlong forms, no UTF-16
 * surrogates, nothing above U+10FFFF), else 0. */
int text_valid_utf8(const char *s, size_t len);

/* Unicode NFC: a base letter followed by combining marks becomes the
 * precomposed letter ("e" U+0302 U+0301 -> "ế"). Invalid bytes become
 * U+FFFD. Caller frees. */
char *text_nfc(const char *utf8);

/* Decode one code point at s into *cp and return its length in bytes
 * (1-4). An invalid or truncated sequence yields 1 with *cp = 0xFFFD;
 * the NUL terminator yields 0 with *cp = 0. */
size_t text_decode(const char *s, uint32_t *cp);

/*
 * A word as typed ("Legal  Aid", "tâm lý", "legal_aid") as a code: folded
 * like text_fold, trimmed, and each run of blanks, '_' and '-' made one
 * sep ("legal-aid" with sep '-'). Caller frees.
 */
char *text_code(const char *utf8, char sep);

#endif
