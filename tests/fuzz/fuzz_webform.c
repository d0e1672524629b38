/*
 * fuzz_webform.c - what a browser may send: any bytes as a form body
 * (web_form_parse), its pairs through every route's typed parameters
 * (route_parse), and its values through the escaping layer (html_esc).
 */
#include "tests/fuzz/fuzz.h"

#include "core/db.h"
#include "core/text.h"
#include "web/html.h"
#include "web/route.h"
#include "web/web.h"

/* Escaped text holds no markup: no < > " ' and every & starts an entity
 * this layer writes. */
static void
check_escaped(const char *s)
{
	struct buf b = { 0 };
	const char *p;

	html_esc(&b, s);
	if (!b.s)
		return;
	fuzz_check(!strpbrk(b.s, "<>\"'"));
	for (p = strchr(b.s, '&'); p; p = strchr(p + 1, '&'))
		fuzz_check(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4) ||
		    !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6) ||
		    !strncmp(p, "&#39;", 5));
	buf_free(&b);
}

/* Typed values are in range; texts are UTF-8 and bounded. */
static void
check_args(const struct web_args *a)
{
	fuzz_check(a->id >= 0 && a->group >= 0 && a->person >= 0);
	fuzz_check(a->nerr >= 0 && a->nerr <= WEB_MAX_ERRORS);
	if (a->topic)
		fuzz_check(strlen(a->topic) <= 200 && !strpbrk(a->topic, "\r\n"));
	if (a->text)
		fuzz_check(strlen(a->text) <= 2000 &&
		    text_valid_utf8(a->text, strlen(a->text)));
	for (size_t i = 0; i < a->natt; i++)
		fuzz_check(a->att[i].person_id > 0 &&
		    (int)a->att[i].status >= 0 && a->att[i].status < ATT_N);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_kv *kv = NULL;
	struct web_args a;
	int n = 0;

	fuzz_quiet();
	if (web_form_parse((const char *)data, size, &kv, &n) == 0) {
		struct web_req rq = { .method = "POST", .path = "/", .kv = kv,
			.nkv = n };
		for (int i = 0; i < n; i++) {
			fuzz_check(text_valid_utf8(kv[i].val, strlen(kv[i].val)));
			check_escaped(kv[i].key);
			check_escaped(kv[i].val);
		}
		for (const struct web_route *r = web_routes; r->path; r++) {
			route_parse(r, &rq, &a);
			check_args(&a);
			route_args_free(&a);
		}
	}
	web_kv_free(kv, n);
	return 0;
}
