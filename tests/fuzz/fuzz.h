/*
 * fuzz.h - shared helpers for the libFuzzer targets in tests/fuzz/.
 *
 * Each target defines LLVMFuzzerTestOneInput. Inputs are read front to
 * back: fixed-size numbers with fuzz_u8/fuzz_u16/fuzz_u32, then strings
 * separated by NUL bytes with fuzz_str. Running out of input gives zeros
 * and empty strings, so every input is usable.
 *
 * fuzz_check() aborts with a message when a property fails, which
 * libFuzzer reports as a crash with the input saved.
 */
#ifndef SHG_FUZZ_H
#define SHG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

/* Silence error(): messages go to a buffer nobody reads. */
static inline void
fuzz_quiet(void)
{
	static char sink[1024];

	log_capture(sink, sizeof sink);
}

static inline uint8_t
fuzz_u8(struct fuzz_in *in)
{
	uint8_t v;

	if (in->n == 0)
		return 0;
	v = in->p[0];
	in->p++;
	in->n--;
	return v;
}

static inline uint16_t
fuzz_u16(struct fuzz_in *in)
{
	uint16_t v = fuzz_u8(in);

	return (uint16_t)(v | fuzz_u8(in) << 8);
}

static inline uint32_t
fuzz_u32(struct fuzz_in *in)
{
	uint32_t v = fuzz_u16(in);

	return v | (uint32_t)fuzz_u16(in) << 16;
}

/* The bytes up to the next NUL (or the end), as a new string. */
static inline char *
fuzz_str(struct fuzz_in *in)
{
	const uint8_t *nul = memchr(in->p, 0, in->n);
	size_t len = nul ? (size_t)(nul - in->p) : in->n;
	char *s = xstrndup((const char *)in->p, len);

	in->p += len;
	in->n -= len;
	if (nul) {
		in->p++;
		in->n--;
	}
	return s;
}

/* The whole input as a string (it stops at the first NUL). */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}

#define fuzz_check(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: property failed: %s\n", \
			    __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

#endif
