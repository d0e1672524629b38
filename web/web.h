/*
 * web.h - the web interface: organisers do their daily work in a browser.
 *
 * One request is a struct web_req (what the browser sent, decoded) turned
 * into a struct web_resp (status, headers, body) by web_handle(), which
 * finds the route (route.h), checks the session, the CSRF token and the
 * account's scope from the route table, and only then calls the page.
 * web_serve() puts this behind GNU libmicrohttpd; tests call web_handle()
 * directly.
 *
 * web_handle() uses only w->db: web_serve() gives each of its threads a
 * copy of w with a database handle of its own (server.c).
 */
#ifndef SHG_WEB_H
#define SHG_WEB_H

#include <stddef.h>

#include "config/conf.h"
#include "core/db.h"
#include "core/util.h"

#define WEB_COOKIE "shg_session"
#define WEB_MAX_BODY 65536
#define WEB_MAX_UPLOAD (4 * 1024 * 1024)   /* a multipart/form-data body */

struct web_kv {
	char *key, *val;
};

struct web_req {
	const char *method;             /* "GET", "POST" */
	const char *path;               /* without the query */
	const struct web_kv *kv;        /* query and form parameters */
	int nkv;
	const char *token;              /* the session cookie, or NULL */
	const char *addr;               /* the client's address, for login */
};

struct web_resp {
	int status;
	const char *type;               /* Content-Type */
	struct buf body;
	char location[256];             /* a redirect when not "" */
	char cookie[256];               /* Set-Cookie when not "" */
	int cache;                      /* 1: may be cached (the style sheet) */
	char filename[64];              /* a download: Content-Disposition */
	int inline_style;               /* 1: the page has its own <style> */
};

struct web {
	struct db *db;
	const struct conf *conf;
	int tls;                        /* cookies get Secure */
	int idle_minutes;               /* session idle expiry */
};

/* Answer rq into rs (zeroed by the caller; free with web_resp_free). */
void web_handle(struct web *w, const struct web_req *rq, struct web_resp *rs);
void web_resp_free(struct web_resp *rs);

/* Decode an application/x-www-form-urlencoded text (a body or a query)
 * into *kv of *n pairs, appended to what is there. Returns 0, or -1
 * (nothing printed) when an escape is malformed or a value is not UTF-8. */
int web_form_parse(const char *s, size_t len, struct web_kv **kv, int *n);
void web_kv_free(struct web_kv *kv, int n);

/* Listen on addr ("HOST:PORT"), with TLS when the configuration names a
 * certificate and key, and serve until SIGINT or SIGTERM. 0 after a clean
 * stop, -1 with a message when it cannot start. */
int web_serve(struct web *w, const char *addr);

#endif
