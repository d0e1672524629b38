#include "core/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"

void (*backup_step_hook)(void);

/* Copy every page of src into dst, waiting out BUSY and LOCKED. */
static int
copy_pages(sqlite3 *dst, sqlite3 *src, const char *path, int *pages)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc, tries = 0;

	if (!b)
		return error("backup %s: %s", path, sqlite3_errmsg(dst));
	do {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		if (backup_step_hook)
			backup_step_hook();
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if (++tries > BACKUP_RETRIES)
				break;
			sqlite3_sleep(BACKUP_RETRY_MS);
		}
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return error("backup %s: %s", path, sqlite3_errstr(rc));
	return 0;
}

/* One text or number from a PRAGMA on the copy. */
static int
pragma_text(sqlite3 *h, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Make the copy one self-contained file, check it, read its version. */
static int
check_copy(sqlite3 *dst, const char *path, struct backup_info *out)
{
	char res[512];

	if (pragma_text(dst, "PRAGMA journal_mode = DELETE", res, sizeof res) < 0)
		return error("backup %s: %s", path, sqlite3_errmsg(dst));
	if (pragma_text(dst, "PRAGMA integrity_check", res, sizeof res) < 0 ||
	    strcmp(res, "ok"))
		return error("backup %s: the copy fails its integrity check: %s",
		    path, res[0] ? res : sqlite3_errmsg(dst));
	if (pragma_text(dst, "PRAGMA user_version", res, sizeof res) < 0 ||
	    parse_int(res, 0, 1000000, &out->schema) < 0)
		return error("backup %s: no schema version in the copy", path);
	return 0;
}

/* Copy inside one read transaction on the source: one snapshot. */
static int
copy_snapshot(struct db *db, sqlite3 *dst, const char *path,
    struct backup_info *out)
{
	int64_t n;
	int rc;

	if (db_in_transaction(db))
		return error("backup: not possible inside a transaction");
	if (db_exec(db, "BEGIN DEFERRED") < 0)
		return -1;
	rc = db_int(db, &n, 0, "SELECT count(*) FROM sqlite_schema", "");
	if (rc == 0)
		rc = copy_pages(dst, db_sqlite(db), path, &out->pages);
	db_rollback(db);
	return rc;
}

/* Sync the file's data to disk. */
static int
sync_file(const char *file, const char *path)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return error("backup %s: %s", path, strerror(errno));
	rc = fsync(fd);
	close(fd);
	return rc < 0 ? error("backup %s: %s", path, strerror(errno)) : 0;
}

/* The folder and the file name of path ("." for a bare name). */
static void
split_path(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');

	*base = slash ? slash + 1 : path;
	*dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path))
	    : xstrdup(".");
}

/* Is name "." BASE ".partial-" PID (possibly followed by "-journal") of
 * a process that no longer runs? */
static int
stale_partial(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *p;
	char *end;
	long pid;

	if (name[0] != '.' || strncmp(name + 1, base, n) ||
	    strncmp(name + 1 + n, ".partial-", 9))
		return 0;
	p = name + 1 + n + 9;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (end == p || errno || pid <= 0 || pid > INT32_MAX ||
	    (*end && strcmp(end, "-journal")))
		return 0;
	return pid != (long)getpid() && kill((pid_t)pid, 0) < 0 &&
	    errno == ESRCH;
}

void
backup_clean_partial(const char *path)
{
	const char *base;
	char *dir;
	struct dirent *de;
	struct buf b = { 0 };
	DIR *d;

	split_path(path, &dir, &base);
	if (*base && (d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (!stale_partial(de->d_name, base))
				continue;
			buf_reset(&b);
			buf_addf(&b, "%s/%s", dir, de->d_name);
			if (unlink(b.s) == 0)
				log_info("backup: removed %s, left by an "
				    "interrupted backup", b.s);
		}
		closedir(d);
	}
	buf_free(&b);
	free(dir);
}

/* The copy is made in DIR/.BASE.partial-PID: hidden, named for what it
 * is, and the PID says whether its maker still runs. */
static int
make_tmp(const char *path, char **tmp)
{
	const char *base;
	char *dir;
	struct buf b = { 0 };
	int fd;

	split_path(path, &dir, &base);
	buf_addf(&b, "%s/.%s.partial-%ld", dir, base, (long)getpid());
	free(dir);
	*tmp = buf_detach(&b);
	unlink(*tmp);   /* an earlier process with this PID died */
	fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0) {
		error("backup %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

int
backup_run(struct db *db, const char *path, struct backup_info *out)
{
	sqlite3 *dst = NULL;
	struct stat sb;
	char *tmp;
	int rc = -1;

	memset(out, 0, sizeof *out);
	backup_clean_partial(path);
	if (make_tmp(path, &tmp) < 0)
		return -1;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		error("backup %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_busy_timeout(dst, 5000);
	if (copy_snapshot(db, dst, path, out) < 0 || check_copy(dst, path, out) < 0)
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		error("backup %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (sync_file(tmp, path) < 0 || stat(tmp, &sb) < 0)
		goto out;
	out->bytes = (int64_t)sb.st_size;
	if (rename(tmp, path) < 0)
		error("backup %s: %s", path, strerror(errno));
	else
		rc = 0;
out:
	if (dst)
		sqlite3_close(dst);
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
backup_name_ok(const char *name)
{
	int y, m, d, n = 0;

	if (!name || strlen(name) != 17 ||
	    sscanf(name, "shg-%4d-%2d-%2d.db%n", &y, &m, &d, &n) != 3 ||
	    n != 17)
		return 0;
	for (int i = 4; i < 14; i++)
		if (i != 8 && i != 11 && (name[i] < '0' || name[i] > '9'))
			return 0;
	return date_valid_ymd(y, m, d);
}

int
backup_today(struct db *db, const char *dir, char name[32],
    struct backup_info *out)
{
	char day[16], path[4096];

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error("backup folder %s: %s", dir, strerror(errno));
	snprintf(name, 32, "shg-%s.db", date_format(date_today(), day));
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return backup_run(db, path, out);
}

static int
newest_first(const void *a, const void *b)
{
	return strcmp(((const struct backup_file *)b)->name,
	    ((const struct backup_file *)a)->name);
}

int
backup_list(const char *dir, struct backup_file **out, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];

	*out = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : error("backup folder %s: %s", dir,
		    strerror(errno));
	while ((e = readdir(d))) {
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!backup_name_ok(e->d_name) || stat(path, &st) < 0)
			continue;
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		snprintf((*out)[*n].name, sizeof (*out)[*n].name, "%.31s", e->d_name);
		(*out)[*n].bytes = (int64_t)st.st_size;
		(*out)[(*n)++].mtime = st.st_mtime;
	}
	closedir(d);
	if (*n)
		qsort(*out, (size_t)*n, sizeof **out, newest_first);
	return 0;
}
