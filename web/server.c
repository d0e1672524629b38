/*
 * server.c - web_serve: GNU libmicrohttpd in front of web_handle.
 *
 * A small pool of threads (one per core, at most WEB_MAX_THREADS) answers
 * the requests; each thread opens its own database handle on its first
 * request, since an SQLite connection and its statement cache are never
 * shared between threads. Writes still go one at a time: POST requests
 * take turns (web_handle_in_turn), and SQLite's lock with the busy
 * timeout serialises them against "shg serve" and the command line (WAL
 * lets the readers go on meanwhile). The lunar calendar caches its
 * years on first use, so every year is loaded before the threads start
 * and the cache is only read from then on. Bodies are read up to
 * WEB_MAX_BODY bytes, a multipart/form-data one (a file uploaded) up to
 * WEB_MAX_UPLOAD; the latter is decoded by libmicrohttpd's post
 * processor once whole. The main thread waits for SIGINT or SIGTERM and
 * then stops the daemon, which finishes the requests in hand.
 */
#include "web/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/lunar.h"

#define WEB_MAX_THREADS 4

/* A worker thread's copy of the server with its own database handle. */
struct worker {
	struct web w;
	struct worker *next;
};

static _Thread_local struct web *thread_web;
static pthread_mutex_t workers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct worker *workers;

/* One request while its body arrives. */
struct pending {
	struct buf body;
	int too_big;
	int multipart;
};

struct args {
	struct web_kv *kv;
	int n;
};

static enum MHD_Result
add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct args *a = cls;

	a->kv = xrealloc(a->kv, (size_t)(a->n + 1) * sizeof *a->kv);
	a->kv[a->n].key = xstrdup(key);
	a->kv[a->n++].val = xstrdup(value ? value : "");
	return MHD_YES;
}

/* A multipart body's fields while the post processor reads it: a field
 * may come in pieces (off > 0 continues the last one). */
struct parts {
	struct args *a;
	struct buf cur;
	char *key;
	int bad;
};

static void
parts_flush(struct parts *p)
{
	size_t len = p->cur.len;
	char *val;

	if (!p->key)
		return;
	val = buf_detach(&p->cur);
	if (!val)
		val = xstrdup("");
	if (strlen(val) != len)
		p->bad = 1;     /* a NUL byte: no text field or CSV has one */
	p->a->kv = xrealloc(p->a->kv, (size_t)(p->a->n + 1) * sizeof *p->a->kv);
	p->a->kv[p->a->n].key = p->key;
	p->a->kv[p->a->n++].val = val;
	p->key = NULL;
	p->cur.len = 0;
}

static enum MHD_Result
add_part(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct parts *p = cls;
	struct buf name = { 0 };

	if (off == 0 || !p->key || strcmp(p->key, key)) {
		parts_flush(p);
		if (filename) {         /* "file.name": the file's own name */
			buf_addf(&name, "%s.name", key);
			p->key = buf_detach(&name);
			buf_add(&p->cur, filename);
			parts_flush(p);
		}
		p->key = xstrdup(key);
	}
	buf_addn(&p->cur, data, size);
	return MHD_YES;
}

/* Decode a whole multipart/form-data body into a. -1 when malformed. */
static int
parse_multipart(struct MHD_Connection *c, const struct buf *body,
    struct args *a)
{
	struct parts p = { .a = a };
	struct MHD_PostProcessor *pp = MHD_create_post_processor(c, 65536,
	    add_part, &p);
	int ok;

	if (!pp)
		return -1;
	ok = MHD_post_process(pp, body->s, body->len) == MHD_YES;
	ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
	parts_flush(&p);
	buf_free(&p.cur);
	return ok && !p.bad ? 0 : -1;
}

static void
client_addr(struct MHD_Connection *c, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(buf, size, "?");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    buf, (socklen_t)size);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
		    buf, (socklen_t)size);
}

/* The headers every answer carries. */
static void
add_headers(struct MHD_Response *r, const struct web_resp *rs)
{
	MHD_add_response_header(r, "Content-Type", rs->type);
	MHD_add_response_header(r, "Content-Security-Policy", rs->inline_style ?
	    "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'; "
	    "frame-ancestors 'none'; base-uri 'none'" :
	    "default-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", rs->cache ?
	    "public, max-age=3600" : "no-store");
	if (rs->location[0])
		MHD_add_response_header(r, "Location", rs->location);
	if (rs->filename[0]) {
		char disp[96];

		snprintf(disp, sizeof disp, "attachment; filename=\"%s\"",
		    rs->filename);
		MHD_add_response_header(r, "Content-Disposition", disp);
	}
	if (rs->cookie[0])
		MHD_add_response_header(r, "Set-Cookie", rs->cookie);
}

/* The calling thread's server, opening its database handle the first
 * time; NULL (said) when the database cannot be opened. */
static struct web *
worker_web(struct web *w)
{
	struct worker *k;

	if (thread_web)
		return thread_web;
	k = xcalloc(1, sizeof *k);
	k->w = *w;
	if (db_open_existing(w->conf->database, &k->w.db) < 0) {
		free(k);
		return NULL;
	}
	db_set_actor(k->w.db, "web", "web");
	pthread_mutex_lock(&workers_lock);
	k->next = workers;
	workers = k;
	pthread_mutex_unlock(&workers_lock);
	return thread_web = &k->w;
}

static void
workers_close(void)
{
	struct worker *k;

	while ((k = workers)) {
		workers = k->next;
		db_close(k->w.db);
		free(k);
	}
}

/* Load every lunar year now, so the threads only read the cache. */
static int
lunar_preload(void)
{
	int leap;

	for (int y = LUNAR_YEAR_MIN; y <= LUNAR_YEAR_MAX; y++)
		if (lunar_leap_month(y, &leap) < 0)
			return -1;
	return 0;
}

static unsigned
pool_size(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > WEB_MAX_THREADS ? WEB_MAX_THREADS : (unsigned)n;
}

/*
 * Pages that only read run side by side; a POST (a change, a login) runs
 * alone among POSTs, so changes are made one after another as with one
 * thread, and the few lazily filled statics of the modules that change
 * things (the login's made-up hash, case codes) are never filled twice
 * at once.
 */
static void
web_handle_in_turn(struct web *w, const struct web_req *rq,
    struct web_resp *rs)
{
	static pthread_mutex_t post_lock = PTHREAD_MUTEX_INITIALIZER;

	if (strcmp(rq->method, "GET") == 0) {
		web_handle(w, rq, rs);
		return;
	}
	pthread_mutex_lock(&post_lock);
	web_handle(w, rq, rs);
	pthread_mutex_unlock(&post_lock);
}

static enum MHD_Result
answer(struct web *w, struct MHD_Connection *c, const char *url,
    const char *method, struct pending *p)
{
	struct web_resp rs = { 0 };
	struct args a = { NULL, 0 };
	struct MHD_Response *r;
	struct web_req rq;
	const char *ctype;
	char addr[64];
	enum MHD_Result ret;

	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &a);
	ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	client_addr(c, addr, sizeof addr);
	rq = (struct web_req){ .method = method, .path = url,
		.token = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_COOKIE),
		.addr = addr };
	if (p->too_big) {
		rs.status = 413;
		rs.type = "text/plain; charset=utf-8";
		buf_addf(&rs.body, _("The request is too large: a file may have at "
		    "most %d MB.\n"), WEB_MAX_UPLOAD / (1024 * 1024));
	} else if ((p->body.len && ctype && strncmp(ctype,
	    "application/x-www-form-urlencoded", 33) == 0 &&
	    web_form_parse(p->body.s, p->body.len, &a.kv, &a.n) < 0) ||
	    (p->multipart && parse_multipart(c, &p->body, &a) < 0)) {
		rs.status = 400;
		rs.type = "text/plain; charset=utf-8";
		buf_add(&rs.body, "malformed form\n");
	} else if (!(w = worker_web(w))) {
		rs.status = 503;
		rs.type = "text/plain; charset=utf-8";
		buf_add(&rs.body, "database unavailable\n");
	} else {
		rq.kv = a.kv;
		rq.nkv = a.n;
		web_handle_in_turn(w, &rq, &rs);
	}
	log_debug("web: %s %s %d", method, url, rs.status);
	r = MHD_create_response_from_buffer(rs.body.len, rs.body.s ? rs.body.s :
	    (char *)"", MHD_RESPMEM_MUST_COPY);
	add_headers(r, &rs);
	ret = MHD_queue_response(c, (unsigned)rs.status, r);
	MHD_destroy_response(r);
	web_resp_free(&rs);
	web_kv_free(a.kv, a.n);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct pending *p = *req_cls;
	const char *ctype;

	if (!p) {
		*req_cls = p = xcalloc(1, sizeof *p);
		ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_TYPE);
		p->multipart = ctype && !strncasecmp(ctype,
		    "multipart/form-data", 19);
		return MHD_YES;
	}
	if (*upload_size) {
		if (p->body.len + *upload_size > (p->multipart ? WEB_MAX_UPLOAD :
		    WEB_MAX_BODY))
			p->too_big = 1;
		else
			buf_addn(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return answer(cls, c, url, method, p);
}

static void
on_done(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct pending *p = *req_cls;

	if (p) {
		buf_free(&p->body);
		free(p);
		*req_cls = NULL;
	}
}

/* "HOST:PORT" (or "[V6]:PORT") to a socket address. */
static int
parse_listen(const char *s, struct sockaddr_storage *ss, int *v6)
{
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
		.ai_socktype = SOCK_STREAM }, *res;
	const char *colon = strrchr(s, ':');
	char host[256];
	size_t n;
	int port;

	if (!colon || colon == s || parse_int(colon + 1, 1, 65535, &port) < 0)
		return error("web.listen: \"%s\" is not HOST:PORT", s);
	n = (size_t)(colon - s);
	if (s[0] == '[' && colon[-1] == ']')
		s++, n -= 2;
	if (n >= sizeof host)
		return error("web.listen: \"%s\" is not HOST:PORT", s);
	memcpy(host, s, n);
	host[n] = '\0';
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
		return error("web.listen: \"%s\" is not HOST:PORT", s);
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

static char *
read_pem(const char *path)
{
	FILE *f = fopen(path, "r");
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (!f) {
		error("%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_addn(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static struct MHD_Daemon *
start(struct web *w, const struct sockaddr_storage *ss, int v6,
    char *cert, char *key)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	    (v6 ? MHD_USE_IPv6 : 0);

	if (cert)
		return MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL,
		    on_request, w, MHD_OPTION_SOCK_ADDR, ss,
		    MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
		    MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
		    MHD_OPTION_CONNECTION_LIMIT, 64u,
		    MHD_OPTION_THREAD_POOL_SIZE, pool_size(),
		    MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, w,
	    MHD_OPTION_SOCK_ADDR, ss, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, 64u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_THREAD_POOL_SIZE, pool_size(), MHD_OPTION_END);
}

int
web_serve(struct web *w, const char *addr)
{
	const struct conf *c = w->conf;
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	char *cert = NULL, *key = NULL;
	sigset_t set;
	int v6 = 0, sig, ret = -1;

	if (parse_listen(addr, &ss, &v6) < 0)
		return -1;
	if (!str_empty(c->web_tls_cert) != !str_empty(c->web_tls_key))
		return error("web.tls_cert and web.tls_key go together");
	if (!str_empty(c->web_tls_cert) && (!(cert = read_pem(c->web_tls_cert))
	    || !(key = read_pem(c->web_tls_key))))
		goto out;
	w->tls = cert != NULL;
	if (lunar_preload() < 0)
		goto out;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (!(d = start(w, &ss, v6, cert, key))) {
		error("web: cannot listen on %s", addr);
		goto out;
	}
	printf(_("shg web: listening on %s://%s\n"), cert ? "https" : "http",
	    addr);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	workers_close();
	log_info("web: stopped by signal %d", sig);
	ret = 0;
out:
	free(cert);
	free(key);
	return ret;
}
