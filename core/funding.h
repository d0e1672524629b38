/*
 * funding.h - funding sources of support, loans and grants.
 *
 * Stored forms: "state" (state budget), "wu" (Women's Union), "vbsp"
 * (Vietnam Bank for Social Policies) and "ngo:NAME" (an NGO by name, NAME
 * as typed). funding_parse turns what people type, in English or
 * Vietnamese, with or without diacritics, into a stored form.
 */
#ifndef SHG_FUNDING_H
#define SHG_FUNDING_H

#include <stddef.h>

/* Longest stored form with its NUL ("ngo:" and a name of up to 120 bytes). */
#define FUNDING_MAX 128

/*
 * Parse in into out (size >= FUNDING_MAX):
 *   "state", "state budget", "ngân sách" (nhà nước)      -> "state"
 *   "wu", "women's union", "hội phụ nữ", "hlhpn"          -> "wu"
 *   "vbsp", "social policy bank", "nhcsxh",
 *   "ngân hàng chính sách" (xã hội)                      -> "vbsp"
 *   "ngo:NAME", "NGO NAME"                                -> "ngo:NAME"
 * Case and diacritics are ignored in the words. Returns 0, or -1 with
 * `WHAT: "x" is not a funding source (use state, wu, vbsp or ngo:NAME)`.
 */
int funding_parse(const char *what, const char *in, char *out, size_t size);
/* 1 when code is a stored form, else 0. Silent. */
int funding_valid(const char *code);
/* A label for display in the language in effect: "state budget",
 * "Women's Union", "Social Policy Bank", "NGO NAME" ("ngân sách nhà
 * nước", ...); an unknown code is shown as it is. Returns a static
 * string or buf (size >= FUNDING_MAX + 8). */
const char *funding_label(const char *code, char *buf, size_t size);

#endif
