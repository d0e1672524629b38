#include "core/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/crypt.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"

#define STMT_CACHE 512

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	char *path;
	char *actor;
	char *command;
	int64_t account_id;     /* 0: none (the command line) */
	int wait_ms;            /* how long to wait for another writer */
	FILE *notice;           /* where to say that we wait, or NULL */
	int noticed;            /* said it once already */
	int64_t wait_start;     /* when the current wait began (ms) */
	int waited_out;         /* the last wait reached wait_ms */
	int64_t lock_start;     /* when BEGIN IMMEDIATE got the lock (ms) */
	struct stmt_slot cache[STMT_CACHE];
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite's busy handler: another connection holds the lock. Wait in short
 * sleeps up to wait_ms, saying once after a second that we wait. */
static int
db_busy(void *arg, int count)
{
	struct db *db = arg;
	int64_t waited;

	if (count == 0) {
		db->wait_start = mono_ms();
		db->waited_out = 0;
	}
	waited = mono_ms() - db->wait_start;
	if (waited >= db->wait_ms) {
		db->waited_out = 1;
		return 0;
	}
	if (waited >= 1000 && db->notice && !db->noticed) {
		fprintf(db->notice, "%s\n",
		    _("waiting for another shg command to finish…"));
		fflush(db->notice);
		db->noticed = 1;
	}
	sqlite3_sleep(count < 10 ? 5 : 50);
	return 1;
}

void
db_set_wait(struct db *db, int seconds, FILE *notice)
{
	db->wait_ms = seconds * 1000;
	db->notice = notice;
}

int
db_set_mmap_mb(struct db *db, int mb)
{
	char pragma[64];

	snprintf(pragma, sizeof pragma, "PRAGMA mmap_size = %lld",
	    (long long)mb << 20);
	return db_exec(db, pragma);
}

/* The database stayed locked by another writer for the whole wait. */
static int
db_waited_out(struct db *db)
{
	return (sqlite3_errcode(db->h) & 0xff) == SQLITE_BUSY && db->waited_out;
}

static int
db_fail(struct db *db, const char *what)
{
	if (db_waited_out(db))
		return error("the database is busy: another shg command (an "
		    "import, a backup or the service) has been writing for "
		    "%d seconds; try again when it has finished",
		    db->wait_ms / 1000);
	return error("database %s: %s", what, sqlite3_errmsg(db->h));
}

int
db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (db_waited_out(db))
			db_fail(db, "exec");
		else
			error("database: %s", msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static const struct db_schema *const *schema_mods;
static int schema_nmods;

void
db_use_schema(const struct db_schema *const *mods, int n)
{
	schema_mods = mods;
	schema_nmods = n;
}

int
db_reseal(struct db *db)
{
	for (int i = 0; i < schema_nmods; i++)
		for (const char *const *r = schema_mods[i]->reseal; r && *r; r++)
			if (db_exec(db, *r) < 0)
				return -1;
	return 0;
}

int
db_schema_latest(void)
{
	int latest = 0;

	for (int i = 0; i < schema_nmods; i++)
		for (int j = 0; j < schema_mods[i]->n; j++)
			if (schema_mods[i]->parts[j].version > latest)
				latest = schema_mods[i]->parts[j].version;
	return latest;
}

char *
db_migration_sql(int v)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f;

	if (v < 1 || v > db_schema_latest()) {
		error("no migration %d", v);
		return NULL;
	}
	if (!(f = open_memstream(&sql, &len))) {
		error("out of memory");
		return NULL;
	}
	for (int i = 0; i < schema_nmods; i++)
		for (int j = 0; j < schema_mods[i]->n; j++)
			if (schema_mods[i]->parts[j].version == v)
				fputs(schema_mods[i]->parts[j].sql, f);
	if (fclose(f) != 0) {
		free(sql);
		error("out of memory");
		return NULL;
	}
	return sql;
}

int
db_schema_version(struct db *db)
{
	int64_t v = 0;
	if (db_int(db, &v, 0, "PRAGMA user_version", "") < 0)
		return -1;
	return (int)v;
}

/* Apply every migration after the file's version, each in its own
 * transaction with the new version number. */
static int
db_migrate(struct db *db)
{
	int n = db_schema_latest(), have = db_schema_version(db);
	char pragma[64], *sql;
	int rc;

	if (have < 0)
		return -1;
	if (n == 0)
		return error("%s: no schema to create (db_use_schema)", db->path);
	if (have > n)
		return error("%s: database schema version %d is newer than this "
		    "program knows (%d): upgrade shg", db->path, have, n);
	for (int v = have; v < n; v++) {
		if (!(sql = db_migration_sql(v + 1)))
			return -1;
		if (db_exec(db, "BEGIN IMMEDIATE") < 0) {
			free(sql);
			return -1;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		rc = db_exec(db, sql) < 0 || db_exec(db, pragma) < 0;
		free(sql);
		if (rc) {
			db_exec(db, "ROLLBACK");
			return error("%s: migration %d failed", db->path, v + 1);
		}
		if (db_exec(db, "COMMIT") < 0)
			return -1;
	}
	return 0;
}

static int
db_configure(struct db *db)
{
	db->wait_ms = DB_WAIT_DEFAULT * 1000;
	sqlite3_busy_handler(db->h, db_busy, db);
	sqlite3_extended_result_codes(db->h, 1);
	if (db_exec(db, "PRAGMA foreign_keys = ON") < 0)
		return -1;
	if (strcmp(db->path, ":memory:") != 0 &&
	    db_exec(db, "PRAGMA journal_mode = WAL") < 0)
		return -1;
	/* Savepoints (one per imported row) keep their journals in memory,
	 * not in temporary files: this halves the time an import holds the
	 * write lock. */
	if (db_exec(db, "PRAGMA temp_store = MEMORY") < 0)
		return -1;
	/* What is deleted or overwritten (an erased person's name, a
	 * message's text) is zeroed in the file, not left in free space. */
	if (db_exec(db, "PRAGMA secure_delete = ON") < 0)
		return -1;
	return db_exec(db, "PRAGMA synchronous = NORMAL");
}

/*
 * The mode of a new database: 0600 (its owner only), or 0660 when its
 * folder is setgid: the folder's group shares the database (the web
 * interface's user, see docs/deploy.md). SQLite gives the WAL and shared
 * memory files the database's mode, and a setgid folder its group.
 */
static mode_t
db_file_mode(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct stat sb;
	mode_t mode = 0600;

	if (slash)
		slash[slash == dir] = '\0';
	if (stat(slash ? dir : ".", &sb) == 0 && (sb.st_mode & S_ISGID))
		mode = 0660;
	free(dir);
	return mode;
}

/* Create the file with its mode (db_file_mode) before SQLite does, so
 * that it is never readable by others, even for a moment; the umask does
 * not narrow it. An existing file keeps its mode. */
static int
db_create_file(const char *path)
{
	mode_t mode;
	int fd;

	if (strcmp(path, ":memory:") == 0)
		return 0;
	mode = db_file_mode(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 && errno == EEXIST)
		return 0;
	if (fd < 0 || fchmod(fd, mode) < 0) {
		error("%s: cannot create database: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return -1;
	}
	close(fd);
	return 0;
}

static int
db_open_flags(const char *path, struct db **out, int create)
{
	struct db *db = xcalloc(1, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	*out = NULL;
	db->path = xstrdup(path);
	if (create && db_create_file(path) < 0)
		goto fail;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		error("%s: cannot open database: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	if (db_configure(db) < 0 || crypt_register(db->h) < 0 ||
	    crypt_verify(db) < 0 || db_migrate(db) < 0)
		goto fail;
	db_set_actor(db, "system", "");
	if (crypt_attach(db) < 0)
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

int
db_open(const char *path, struct db **out)
{
	return db_open_flags(path, out, 1);
}

int
db_open_existing(const char *path, struct db **out)
{
	struct stat sb;

	*out = NULL;
	if (strcmp(path, ":memory:") != 0 && stat(path, &sb) < 0)
		return error("%s: no database here (run \"shg init\" first)", path);
	return db_open_flags(path, out, 0);
}

void
db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->h);
	free(db->path);
	free(db->actor);
	free(db->command);
	free(db);
}

void
db_remove_files(const char *path)
{
	static const char *const ends[] = { "", "-wal", "-shm", "-journal" };
	char f[4200];

	for (size_t i = 0; i < NELEM(ends); i++) {
		snprintf(f, sizeof f, "%s%s", path, ends[i]);
		if (unlink(f) < 0 && errno != ENOENT)
			log_warn("cannot remove %s", f);
	}
}

/* Every page of src's main database into the file at path, in one step
 * (one read transaction on src). */
static int
db_copy_pages(struct db *src, const char *path)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	db_remove_files(path);
	if (db_create_file(path) < 0)
		return -1;
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = error("%s: cannot open database: %s", path,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		sqlite3_close(dst);
		return rc;
	}
	if (!(b = sqlite3_backup_init(dst, "main", src->h, "main"))) {
		rc = error("copy of %s: %s", src->path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return rc;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	sqlite3_close(dst);
	if (rc != SQLITE_DONE)
		return error("copy of %s: %s", src->path, sqlite3_errstr(rc));
	return 0;
}

int
db_copy(struct db *db, const char *path, struct db **out)
{
	*out = NULL;
	if (db_copy_pages(db, path) < 0 || db_open_flags(path, out, 0) < 0)
		return -1;
	if (db_exec(*out, "PRAGMA synchronous = OFF") < 0) {
		db_close(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

sqlite3 *db_sqlite(struct db *db) { return db->h; }
const char *db_path(struct db *db) { return db->path; }

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE;
	sqlite3_stmt *st;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct stmt_slot *s = &db->cache[(h + i) % STMT_CACHE];
		if (s->sql == sql)
			return s->st;
		if (s->sql)
			continue;
		if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &st, NULL) != SQLITE_OK) {
			db_fail(db, "prepare");
			return NULL;
		}
		s->sql = sql;
		s->st = st;
		return st;
	}
	/* Cache full: should not happen with a fixed set of queries. */
	error("database: statement cache full");
	return NULL;
}

static int
db_vbind(struct db *db, sqlite3_stmt *st, const char *types, va_list ap)
{
	char date[16];
	int rc = SQLITE_OK, i = 1, d;
	int64_t v;
	const char *s;

	for (const char *t = types; *t && rc == SQLITE_OK; t++, i++) {
		switch (*t) {
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 'z':
			d = va_arg(ap, int);
			rc = d ? sqlite3_bind_int(st, i, d) : sqlite3_bind_null(st, i);
			break;
		case 'Z':
			v = va_arg(ap, int64_t);
			rc = v ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
			break;
		case 't':
			s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, i);
			break;
		case 'D':
			d = va_arg(ap, int);
			rc = d == DATE_NONE ? sqlite3_bind_null(st, i)
			    : sqlite3_bind_text(st, i, date_format(d, date), -1,
			    SQLITE_TRANSIENT);
			break;
		case 'n':
			rc = sqlite3_bind_null(st, i);
			break;
		default:
			return error("database: bad bind type '%c'", *t);
		}
	}
	return rc == SQLITE_OK ? 0 : db_fail(db, "bind");
}

int
db_bind(struct db *db, sqlite3_stmt *st, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = db_vbind(db, st, types, ap);
	va_end(ap);
	return rc;
}

int
db_step(struct db *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		error("database constraint: %s", sqlite3_errmsg(db->h));
	else
		db_fail(db, "step");
	db_reset(st);
	return -1;
}

void
db_reset(sqlite3_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int
db_run(struct db *db, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	va_list ap;
	int rc;

	if (!st)
		return -1;
	va_start(ap, types);
	rc = db_vbind(db, st, types, ap);
	va_end(ap);
	if (rc == 0)
		rc = db_step(db, st) < 0 ? -1 : 0;
	db_reset(st);
	return rc;
}

int
db_int(struct db *db, int64_t *out, int64_t dflt, const char *sql,
    const char *types, ...)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	va_list ap;
	int rc;

	if (!st)
		return -1;
	va_start(ap, types);
	rc = db_vbind(db, st, types, ap);
	va_end(ap);
	if (rc == 0) {
		rc = db_step(db, st);
		*out = rc == SQLITE_ROW && !db_col_null(st, 0) ?
		    sqlite3_column_int64(st, 0) : dflt;
		rc = rc < 0 ? -1 : 0;
	}
	db_reset(st);
	return rc;
}

const char *
db_col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

char *
db_col_dup(sqlite3_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return s ? xstrdup(s) : NULL;
}

int
db_col_date(sqlite3_stmt *st, int col)
{
	int d;
	const char *s = db_col_text(st, col);
	return s && date_parse(s, &d) == 0 ? d : DATE_NONE;
}

int64_t db_col_int(sqlite3_stmt *st, int col) { return sqlite3_column_int64(st, col); }
int db_col_null(sqlite3_stmt *st, int col) { return sqlite3_column_type(st, col) == SQLITE_NULL; }
int64_t db_last_id(struct db *db) { return sqlite3_last_insert_rowid(db->h); }
int db_changes(struct db *db) { return sqlite3_changes(db->h); }

int
db_begin(struct db *db)
{
	if (db_exec(db, "BEGIN IMMEDIATE") < 0)
		return -1;
	db->lock_start = mono_ms();
	return 0;
}

int
db_commit(struct db *db)
{
	if (db_exec(db, "COMMIT") < 0)
		return -1;
	log_debug("database: write lock held %lld ms",
	    (long long)(mono_ms() - db->lock_start));
	return 0;
}
int db_in_transaction(struct db *db) { return !sqlite3_get_autocommit(db->h); }

void
db_rollback(struct db *db)
{
	if (db_in_transaction(db))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

void
db_set_actor(struct db *db, const char *actor, const char *command)
{
	free(db->actor);
	free(db->command);
	db->actor = xstrdup(str_empty(actor) ? "unknown" : actor);
	db->command = xstrdup(command ? command : "");
}

void
db_set_account(struct db *db, int64_t account_id)
{
	db->account_id = account_id;
}

const char *
db_actor(struct db *db)
{
	return db->actor;
}

const char *
db_command(struct db *db)
{
	return db->command;
}

int64_t
db_account(struct db *db)
{
	return db->account_id;
}

int
db_audit(struct db *db, const char *entity, int64_t id, const char *action)
{
	return db_audit_detail(db, entity, id, action, NULL);
}

int
db_audit_detail(struct db *db, const char *entity, int64_t id,
    const char *action, const char *detail)
{
	return db_run(db, "INSERT INTO audit (at, actor, command, entity, "
	    "entity_id, action, account_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "itttitZt", (int64_t)clock_now(), db->actor, db->command, entity, id,
	    action, db->account_id, detail);
}

int64_t
db_version(struct db *db)
{
	int64_t v = 0;

	if (db_int(db, &v, 0, "PRAGMA data_version", "") < 0)
		return -1;
	return v + (int64_t)sqlite3_total_changes64(db->h);
}
