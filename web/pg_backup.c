/*
 * pg_backup.c - backups for administrators: make one now, list them,
 * download one. A backup holds everyone's personal data: it is only
 * sent to an admin over TLS (web.tls_cert); every copy made or sent is
 * audited ("backup", "make" / "download", the file name).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/backup.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pages.h"

#define BACKUP_SEND_MAX (512L * 1024 * 1024)

static void
backup_item(struct web_ctx *x, const struct backup_file *f)
{
	char when[32], size[32];

	snprintf(size, sizeof size, "%.1f MB", (double)f->bytes / 1e6);
	html_printf(&x->rs->body, "<li><strong>%s</strong> <span class=\"muted\">"
	    "%s · %s</span>", f->name, page_time(f->mtime, when, sizeof when),
	    size);
	if (x->w->tls)
		html_printf(&x->rs->body, " <a href=\"/admin/backup/file?file=%s\">"
		    "%s</a>", f->name, _("Download"));
	html_raw(&x->rs->body, "</li>");
}

static int
render_backups(struct web_ctx *x, int status)
{
	struct backup_file *list;
	char dir[4096];
	size_t start;
	int n;

	conf_backup_dir(x->conf, dir, sizeof dir);
	x->rs->status = status;
	buf_reset(&x->rs->body);
	page_begin(x, _("Backups"));
	page_admin_nav(x);
	if (x->a.nerr)
		page_note(x, "err", x->a.err[0].msg);
	else if (x->a.saved)
		page_note(x, "ok", _("The backup is made."));
	html_printf(&x->rs->body, "<section><form method=\"post\" "
	    "action=\"/admin/backup\">");
	page_csrf(x);
	html_printf(&x->rs->body, "<p class=\"muted\">%s</p><button "
	    "type=\"submit\">%s</button></form></section>", dir,
	    _("Make a backup now"));
	if (!x->w->tls)
		page_note(x, "err", _("Backups are downloaded only over HTTPS "
		    "(web.tls_cert and web.tls_key)."));
	if (backup_list(dir, &list, &n) < 0)
		return page_not_loaded(x);
	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Backups"));
	start = x->rs->body.len;
	for (int i = 0; i < n; i++)
		backup_item(x, &list[i]);
	free(list);
	page_list_end(x, start);
	page_end(x);
	return 0;
}

int
page_admin_backups(struct web_ctx *x)
{
	return render_backups(x, 200);
}

/* A POST runs in a transaction (web.c) and a backup cannot: the empty
 * transaction is committed, the copy made, and a new one opened for the
 * audit row. */
int
page_admin_backup_make(struct web_ctx *x)
{
	struct backup_info info;
	char dir[4096], name[32];
	int rc;

	conf_backup_dir(x->conf, dir, sizeof dir);
	if (db_commit(x->db) < 0)
		return page_not_loaded(x);
	rc = backup_today(x->db, dir, name, &info);
	if (db_begin(x->db) < 0)
		return page_not_loaded(x);
	if (rc < 0) {
		route_error(&x->a, "", "%s", x->errmsg);
		render_backups(x, 500);
		return -1;
	}
	if (db_audit_detail(x->db, "backup", 0, "make", name) < 0)
		return page_not_loaded(x);
	page_redirect(x, "/admin/backups?saved=1");
	return 0;
}

static int
read_file(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int bad;

	if (!f)
		return error("%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	    b->len < (size_t)BACKUP_SEND_MAX)
		buf_addn(b, chunk, n);
	bad = ferror(f) || b->len >= (size_t)BACKUP_SEND_MAX;
	fclose(f);
	return bad ? error("%s: cannot be read whole", path) : 0;
}

int
page_admin_backup_file(struct web_ctx *x)
{
	char dir[4096], path[4200];

	if (!x->w->tls) {
		db_audit_detail(x->db, "backup", 0, "denied", x->a.file);
		page_status(x, 403, _("Backups are downloaded only over HTTPS."));
		return -1;
	}
	if (x->a.nerr || !backup_name_ok(x->a.file)) {
		page_status(x, 404, _("There is no such backup."));
		return -1;
	}
	conf_backup_dir(x->conf, dir, sizeof dir);
	snprintf(path, sizeof path, "%s/%s", dir, x->a.file);
	if (read_file(path, &x->rs->body) < 0) {
		buf_free(&x->rs->body);
		page_status(x, 404, _("There is no such backup."));
		return -1;
	}
	if (db_audit_detail(x->db, "backup", 0, "download", x->a.file) < 0) {
		buf_free(&x->rs->body);
		return page_not_loaded(x);
	}
	x->rs->type = "application/vnd.sqlite3";
	snprintf(x->rs->filename, sizeof x->rs->filename, "%s", x->a.file);
	return 0;
}
