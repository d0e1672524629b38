/*
 * assemble.c - join the parts of concatenated messages (see assemble.h).
 *
 * The input indexes are sorted by (sender, reference, total), so that
 * each group is one run of the sorted array, then by sent time, part,
 * arrival and index: inside a group, the parts of one message come
 * together, and each part number's first arrival first.  A group is then
 * cut into messages (asm_split) before each is joined.
 */
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/util.h"
#include "sms/assemble.h"

struct asm_ref {
	const struct assemble_part *p;
	int idx;
};

struct asm_list {
	struct assemble_msg *v;
	int n, cap;
};

static int
asm_cmp_int(long long a, long long b)
{
	return (a > b) - (a < b);
}

static int
asm_cmp(const void *a, const void *b)
{
	const struct asm_ref *x = a, *y = b;
	int c;

	if ((c = strcmp(x->p->sender, y->p->sender)) != 0)
		return c;
	if ((c = asm_cmp_int(x->p->ref, y->p->ref)) != 0)
		return c;
	if ((c = asm_cmp_int(x->p->total, y->p->total)) != 0)
		return c;
	if ((c = asm_cmp_int(x->p->sent, y->p->sent)) != 0)
		return c;
	if ((c = asm_cmp_int(x->p->seq, y->p->seq)) != 0)
		return c;
	if ((c = asm_cmp_int(x->p->received, y->p->received)) != 0)
		return c;
	return asm_cmp_int(x->idx, y->idx);
}

/* Oldest first; ties in input order. */
static int
asm_cmp_msg(const void *a, const void *b)
{
	const struct assemble_msg *x = a, *y = b;
	int c = asm_cmp_int(x->received, y->received);

	return c ? c : asm_cmp_int(x->used[0], y->used[0]);
}

static int
asm_same_group(const struct assemble_part *a, const struct assemble_part *b)
{
	return a->total > 1 && strcmp(a->sender, b->sender) == 0
	    && a->ref == b->ref && a->total == b->total;
}

static struct assemble_msg *
asm_push(struct asm_list *l, const struct asm_ref *first, int len)
{
	struct assemble_msg *m;
	int i;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	m = &l->v[l->n++];
	memset(m, 0, sizeof *m);
	m->sender = xstrdup(first->p->sender);
	m->ref = first->p->ref;
	m->total = first->p->total;
	m->received = first->p->received;
	m->used = xmalloc((size_t)len * sizeof *m->used);
	for (i = 0; i < len; i++) {
		m->used[m->nused++] = first[i].idx;
		if (first[i].p->received < m->received)
			m->received = first[i].p->received;
	}
	return m;
}

/* Join a group's first copy of each part, marking runs of missing ones.
 * Returns how many distinct parts were there. */
static int
asm_join(const struct asm_ref *g, int len, int total, struct buf *b)
{
	int i = 0, seq, have = 0, gap = 0;

	for (seq = 1; seq <= total; seq++) {
		while (i < len && g[i].p->seq < seq)
			i++;
		if (i < len && g[i].p->seq == seq) {
			if (gap)
				buf_add(b, ASSEMBLE_GAP);
			buf_add(b, g[i].p->text);
			have++;
			gap = 0;
		} else {
			gap = 1;
		}
	}
	if (gap)
		buf_add(b, ASSEMBLE_GAP);
	return have;
}

/* Part number, arrival, index: the order asm_join reads a message in. */
static int
asm_cmp_seq(const void *a, const void *b)
{
	const struct asm_ref *x = a, *y = b;
	int c;

	if ((c = asm_cmp_int(x->p->seq, y->p->seq)) != 0)
		return c;
	if ((c = asm_cmp_int(x->p->received, y->p->received)) != 0)
		return c;
	return asm_cmp_int(x->idx, y->idx);
}

/* Decide about one message g[0..len-1]: out now, or still pending. */
static void
asm_group(struct asm_list *l, struct asm_ref *g, int len,
    time_t now, int timeout)
{
	struct buf b = { 0 };
	struct assemble_msg *m;
	time_t oldest = g[0].p->received;
	int i, total = g[0].p->total, have;

	/* The concatenation header counts parts in one byte. */
	if (total > ASSEMBLE_MAX_PARTS)
		total = ASSEMBLE_MAX_PARTS;

	if (total <= 1) {
		m = asm_push(l, g, len);
		m->complete = 1;
		m->text = xstrdup(g[0].p->text);
		return;
	}
	qsort((void *)g, (size_t)len, sizeof *g, asm_cmp_seq);
	for (i = 1; i < len; i++)
		if (g[i].p->received < oldest)
			oldest = g[i].p->received;
	have = asm_join(g, len, total, &b);
	if (have < total && now - oldest < timeout) {
		buf_free(&b);
		return;
	}
	m = asm_push(l, g, len);
	m->complete = have == total;
	m->text = buf_detach(&b);
}

/* 1 when p is a copy of q, read twice (the first arrival wins): the same
 * part number stamped at the same time; with another time it is a part
 * of another message that reuses the reference. */
static int
asm_copy(const struct assemble_part *p, const struct assemble_part *q)
{
	return p->seq == q->seq && p->sent == q->sent;
}

/* May p (later in sent order) join message k, whose parts are those of
 * g[0..upto-1] with who[i] == k?  Within the window of its first part,
 * and its part number not there with another sent time. */
static int
asm_fits(const struct asm_ref *g, const int *who, int upto, int k,
    const struct assemble_part *p)
{
	int i, first = 1;

	for (i = 0; i < upto; i++) {
		if (who[i] != k)
			continue;
		if (first && p->sent - g[i].p->sent > ASSEMBLE_WINDOW)
			return 0;
		first = 0;
		if (g[i].p->seq == p->seq && !asm_copy(g[i].p, p))
			return 0;	/* its number, another time */
	}
	return 1;
}

/* Latest sent time among the parts of message k so far. */
static time_t
asm_last_sent(const struct asm_ref *g, const int *who, int upto, int k)
{
	time_t t = 0;
	int i;

	for (i = 0; i < upto; i++)
		if (who[i] == k && g[i].p->sent > t)
			t = g[i].p->sent;
	return t;
}

/* Cut a group g[0..len-1] (one sender, reference and total, in sent
 * order) into messages: each part goes to the message it fits whose last
 * part was sent nearest before it, or starts a new one.  g is reordered
 * so that each message is one run, then each is decided about. */
static void
asm_split(struct asm_list *l, struct asm_ref *g, int len, time_t now,
    int timeout)
{
	int *who = xmalloc((size_t)len * sizeof *who);
	struct asm_ref *tmp = xmalloc((size_t)len * sizeof *tmp);
	int i, k, best, nmsg = 0, n = 0, start;
	time_t t, best_t = 0;

	for (i = 0; i < len; i++) {
		best = -1;
		for (k = 0; k < nmsg; k++) {
			if (!asm_fits(g, who, i, k, g[i].p))
				continue;
			t = asm_last_sent(g, who, i, k);
			if (best < 0 || t > best_t) {
				best = k;
				best_t = t;
			}
		}
		who[i] = best >= 0 ? best : nmsg++;
	}
	for (k = 0; k < nmsg; k++)
		for (i = 0; i < len; i++)
			if (who[i] == k)
				tmp[n++] = g[i];
	memcpy(g, tmp, (size_t)len * sizeof *g);
	for (k = 0, start = 0; k < nmsg; k++) {
		for (n = 0, i = 0; i < len; i++)
			n += who[i] == k;
		asm_group(l, g + start, n, now, timeout);
		start += n;
	}
	free(tmp);
	free(who);
}

static int
asm_check(const struct assemble_part *parts, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!parts[i].sender || !parts[i].text)
			return error("assemble: part %d has no sender or text", i);
	return 0;
}

int
assemble_run(const struct assemble_part *parts, int n, time_t now,
    int timeout, struct assemble_msg **out, int *nout)
{
	struct asm_list l = { 0 };
	struct asm_ref *r;
	int i, start;

	*out = NULL;
	*nout = 0;
	if (n <= 0)
		return 0;
	if (asm_check(parts, n) < 0)
		return -1;
	r = xmalloc((size_t)n * sizeof *r);
	for (i = 0; i < n; i++)
		r[i] = (struct asm_ref){ &parts[i], i };
	qsort(r, (size_t)n, sizeof *r, asm_cmp);
	for (start = 0; start < n; start = i) {
		for (i = start + 1; i < n && asm_same_group(r[start].p, r[i].p);)
			i++;
		asm_split(&l, r + start, i - start, now, timeout);
	}
	free(r);
	if (l.n > 1)
		qsort(l.v, (size_t)l.n, sizeof *l.v, asm_cmp_msg);
	*out = l.v;
	*nout = l.n;
	return 0;
}

void
assemble_free(struct assemble_msg *msgs, int n)
{
	int i;

	for (i = 0; msgs && i < n; i++) {
		free(msgs[i].sender);
		free(msgs[i].text);
		free(msgs[i].used);
	}
	free(msgs);
}
