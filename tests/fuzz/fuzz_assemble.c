/*
 * fuzz_assemble.c - multipart assembly (sms/assemble.h) over parts
 * decoded from the input.
 *
 * Input: a u16 timeout and a u16 clock offset, then parts of
 *   u8 sender (one of four), u8 reference, u8 total, u8 part number,
 *   u16 arrival offset, text up to a NUL.
 * Totals and part numbers are those of a concatenation header (0..255),
 * with a few bytes standing for values no modem gives (-1, 256, 1000).
 * Properties: every part is used at most once, and a second pass late
 * enough releases every part the first pass left pending.
 */
#include "tests/fuzz/fuzz.h"

#include "sms/assemble.h"

#define MAX_PARTS 64
#define BASE_TIME 1800000000

/* A total or part number from one byte. */
static int
decode_number(uint8_t b)
{
	static const int odd[] = { -1, 256, 1000, INT16_MIN };

	return b >= 252 ? odd[b - 252] : b;
}

static const char *const senders[] = { "+84912345678", "+84987654321",
	"+84912345678x", "" };

/* Decode the parts; returns how many. texts[] are to be freed. */
static int
decode_parts(struct fuzz_in *in, struct assemble_part *p, char **texts)
{
	int n = 0;

	while (in->n > 0 && n < MAX_PARTS) {
		p[n].sender = senders[fuzz_u8(in) % NELEM(senders)];
		p[n].ref = fuzz_u8(in);
		p[n].total = decode_number(fuzz_u8(in));
		p[n].seq = decode_number(fuzz_u8(in));
		p[n].received = BASE_TIME + fuzz_u16(in);
		texts[n] = fuzz_str(in);
		p[n].text = texts[n];
		n++;
	}
	return n;
}

/* Mark the parts msgs used in seen[], checking each is used once. */
static void
mark_used(const struct assemble_msg *m, int nm, int n, char *seen)
{
	for (int i = 0; i < nm; i++) {
		fuzz_check(m[i].text && m[i].sender && m[i].nused >= 1);
		fuzz_check(i == 0 || m[i - 1].received <= m[i].received);
		for (int k = 0; k < m[i].nused; k++) {
			int u = m[i].used[k];

			fuzz_check(u >= 0 && u < n && !seen[u]);
			seen[u] = 1;
		}
	}
}

/* Run again over the parts left pending, late enough for all of them. */
static void
second_pass(const struct assemble_part *p, int n, const char *seen,
    time_t late, int timeout)
{
	struct assemble_part rest[MAX_PARTS];
	struct assemble_msg *m;
	char seen2[MAX_PARTS] = { 0 };
	int nr = 0, nm;

	for (int i = 0; i < n; i++)
		if (!seen[i])
			rest[nr++] = p[i];
	fuzz_check(assemble_run(rest, nr, late, timeout, &m, &nm) == 0);
	mark_used(m, nm, nr, seen2);
	for (int i = 0; i < nr; i++)
		fuzz_check(seen2[i]);
	assemble_free(m, nm);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct assemble_part parts[MAX_PARTS];
	struct assemble_msg *m;
	char *texts[MAX_PARTS], seen[MAX_PARTS] = { 0 };
	int timeout = fuzz_u16(&in), n, nm;
	time_t now = BASE_TIME + fuzz_u16(&in);

	fuzz_quiet();
	n = decode_parts(&in, parts, texts);
	fuzz_check(assemble_run(parts, n, now, timeout, &m, &nm) == 0);
	fuzz_check(n > 0 || (m == NULL && nm == 0));
	mark_used(m, nm, n, seen);
	for (int i = 0; i < nm; i++)
		fuzz_check(m[i].complete || m[i].received + timeout <= now);
	assemble_free(m, nm);
	second_pass(parts, n, seen, BASE_TIME + 65535 + timeout, timeout);
	for (int i = 0; i < n; i++)
		free(texts[i]);
	return 0;
}
