/*
 * phone.h - Vietnamese phone numbers: what people type, to E.164.
 */
#ifndef SHG_PHONE_H
#define SHG_PHONE_H

#include <stddef.h>

/* Longest E.164 result ("+84" and 10 digits) with its NUL. */
#define PHONE_E164_MAX 14

/*
 * Normalize a typed Vietnamese number into E.164 in out (outsz >=
 * PHONE_E164_MAX): "0912 345 678", "0912.345.678", "84912345678",
 * "+84-912-345-678", "(+84) 912 345 678" and "0084 912 345 678" all give
 * "+84912345678". Accepted results are mobiles (+84 and 9 digits starting
 * with 3, 5, 7, 8 or 9) and landlines (+84 and 10 digits starting with 2).
 *
 * Eleven-digit mobile numbers with the prefixes retired in 2018 are
 * converted (01628 123 456 -> +84328123456), and notice then says so:
 * "converted old prefix 0162 to 032". Otherwise notice is "".
 *
 * Returns 0, or -1 with the reason in notice, quoting the input:
 * "\"0912 34\" has too few digits". Nothing is printed: the caller decides
 * how to report. notice may be NULL when noticesz is 0.
 */
int phone_normalize(const char *in, char *out, size_t outsz, char *notice,
    size_t noticesz);

/*
 * Mask a number for logs: keep the first 5 and last 3 characters and
 * replace the middle with '*': "+84912345678" -> "+8491****678". Inputs of
 * fewer than 10 characters keep only their first third. The result is
 * truncated to outsz - 1 characters. Returns out (NULL e164 gives "").
 */
char *phone_mask(const char *e164, char *out, size_t outsz);

#endif
