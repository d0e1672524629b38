/*
 * Accounts, passwords and sessions (see account.h).
 *
 * Failed logins are counted before the password is checked: a try first
 * takes its place in the account's and the address's count (refused as
 * LOGIN_SLOW_DOWN when it comes too soon after the last failure), and a
 * right password gives the place back. So two tries at once cannot both
 * slip through the wait, without holding the write lock while Argon2id
 * runs.
 */
#include "core/account.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"

#define NAME_MAX_BYTES 64
#define PASSWORD_MAX_BYTES 1024
/* An address's count starts over after an hour without failures. */
#define ADDR_FORGET_SECONDS 3600

/* The wait after n failures, in seconds, as SQL over a column: 2^(n-1)
 * up to 60. */
#define WAIT_SQL(n) "min(60, 1 << min(" n " - 1, 6))"

static unsigned long long hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t hash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

static const char *const role_codes[] = {
	[ROLE_ORGANISER] = "organiser",
	[ROLE_COORDINATOR] = "coordinator",
	[ROLE_ADMIN] = "admin",
};

int
account_role_parse(const char *s)
{
	for (int r = ROLE_ORGANISER; r <= ROLE_ADMIN; r++)
		if (str_eq(s, role_codes[r]))
			return r;
	return -1;
}

const char *
account_role_code(enum account_role role)
{
	if (role < ROLE_ORGANISER || role > ROLE_ADMIN)
		return NULL;
	return role_codes[role];
}

void
account_hash_cost(int fast)
{
	hash_ops = fast ? crypto_pwhash_OPSLIMIT_MIN :
	    crypto_pwhash_OPSLIMIT_INTERACTIVE;
	hash_mem = fast ? crypto_pwhash_MEMLIMIT_MIN :
	    crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

static int
crypto_ready(void)
{
	static int ready;

	if (!ready) {
		if (sodium_init() < 0)
			return error("libsodium could not start");
		ready = 1;
	}
	return 0;
}

/* Characters (UTF-8 code points) in s. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int
password_check(const char *password)
{
	if (!password || utf8_chars(password) < ACCOUNT_MIN_PASSWORD)
		return error("password: at least %d characters are needed",
		    ACCOUNT_MIN_PASSWORD);
	if (strlen(password) > PASSWORD_MAX_BYTES)
		return error("password: longer than %d bytes", PASSWORD_MAX_BYTES);
	return 0;
}

/* Hash password into out (crypto_pwhash_STRBYTES). The password is never
 * part of a message. */
static int
password_hash(const char *password, char out[crypto_pwhash_STRBYTES])
{
	if (crypto_ready() < 0)
		return -1;
	if (crypto_pwhash_str(out, password, strlen(password), hash_ops,
	    hash_mem) != 0)
		return error("password: out of memory while hashing");
	return 0;
}

static int
name_check(const char *name)
{
	if (str_empty(name))
		return error("account: a name is needed");
	if (strlen(name) > NAME_MAX_BYTES)
		return error("account \"%.20s...\": longer than %d bytes", name,
		    NAME_MAX_BYTES);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == ',')
			return error("account \"%s\": a name has no spaces, "
			    "commas or control characters", name);
	return 0;
}

static int
place_check(const struct account *a)
{
	int has_d = !str_empty(a->district), has_p = !str_empty(a->province);

	if (a->role == ROLE_COORDINATOR && has_d == has_p)
		return error("account \"%s\": a coordinator needs either a "
		    "district or a province", a->name);
	if (a->role != ROLE_COORDINATOR && (has_d || has_p))
		return error("account \"%s\": only a coordinator has a district "
		    "or a province", a->name);
	if (a->role != ROLE_ORGANISER && a->ngroups > 0)
		return error("account \"%s\": only an organiser has groups",
		    a->name);
	return 0;
}

static int
account_validate(struct db *db, const struct account *a)
{
	int64_t n;

	if (name_check(a->name) < 0)
		return -1;
	if (!account_role_code(a->role))
		return error("account \"%s\": the role must be organiser, "
		    "coordinator or admin", a->name);
	if (place_check(a) < 0)
		return -1;
	if (db_int(db, &n, 0, "SELECT count(*) FROM account WHERE name = ?",
	    "t", a->name) < 0)
		return -1;
	if (n)
		return error("account \"%s\" already exists", a->name);
	return 0;
}

/* Every group id must name a group. */
static int
groups_check(struct db *db, const int64_t *groups, int n)
{
	int64_t found;

	for (int i = 0; i < n; i++) {
		if (db_int(db, &found, 0, "SELECT count(*) FROM grp WHERE id = ?",
		    "i", groups[i]) < 0)
			return -1;
		if (!found)
			return error("group #%lld not found", (long long)groups[i]);
	}
	return 0;
}

static int
groups_write(struct db *db, int64_t id, const int64_t *groups, int n)
{
	if (db_run(db, "DELETE FROM account_group WHERE account_id = ?", "i",
	    id) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (db_run(db, "INSERT OR IGNORE INTO account_group (account_id, "
		    "group_id) VALUES (?, ?)", "ii", id, groups[i]) < 0)
			return -1;
	return 0;
}

/* Several writes as one: inside the caller's transaction or on their own. */
static int
save_begin(struct db *db)
{
	return db_exec(db, "SAVEPOINT account");
}

static int
save_end(struct db *db, int rc)
{
	if (rc == 0)
		return db_exec(db, "RELEASE account");
	db_exec(db, "ROLLBACK TO account; RELEASE account");
	return -1;
}

static int
account_insert(struct db *db, const struct account *a, const char *hash)
{
	int64_t now = (int64_t)clock_now();

	if (db_run(db, "INSERT INTO account (name, role, district, province, "
	    "phone, pw_hash, disabled, created_at, updated_at) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?, ?, ?)", "ttttttdii", a->name,
	    account_role_code(a->role), str_empty(a->district) ? NULL :
	    a->district, str_empty(a->province) ? NULL : a->province,
	    str_empty(a->phone) ? NULL : a->phone, hash, a->disabled ? 1 : 0,
	    now, now) < 0)
		return -1;
	return 0;
}

int
account_check(struct db *db, const struct account *a)
{
	if (account_validate(db, a) < 0 ||
	    groups_check(db, a->groups, a->ngroups) < 0)
		return -1;
	return 0;
}

int
account_sees_names(enum account_role role)
{
	return role == ROLE_ORGANISER || role == ROLE_ADMIN;
}

int
account_add(struct db *db, const struct account *a, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	int rc;

	if (account_check(db, a) < 0 || password_check(password) < 0 ||
	    password_hash(password, hash) < 0)
		return -1;
	if (save_begin(db) < 0)
		return -1;
	rc = account_insert(db, a, hash);
	id = db_last_id(db);
	if (rc == 0)
		rc = groups_write(db, id, a->groups, a->ngroups);
	if (rc == 0)
		rc = db_audit(db, "account", id, "add");
	sodium_memzero(hash, sizeof hash);
	return save_end(db, rc);
}

/* The id of the account called name: -1 with a message when none. */
static int
account_id(struct db *db, const char *name, int64_t *id)
{
	if (db_int(db, id, 0, "SELECT id FROM account WHERE name = ?", "t",
	    name) < 0)
		return -1;
	if (!*id)
		return error("account \"%s\" not found", name ? name : "");
	return 0;
}

int
account_set_groups(struct db *db, int64_t id, const int64_t *groups, int n)
{
	struct account a;
	int rc;

	if (account_get_id(db, id, &a) < 0)
		return -1;
	rc = a.role == ROLE_ORGANISER || n == 0 ? 0 :
	    error("account \"%s\": only an organiser has groups", a.name);
	account_free(&a);
	if (rc < 0 || groups_check(db, groups, n) < 0 || save_begin(db) < 0)
		return -1;
	rc = groups_write(db, id, groups, n);
	if (rc == 0)
		rc = db_audit(db, "account", id, "groups");
	return save_end(db, rc);
}

int
account_passwd(struct db *db, const char *name, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	int64_t id;
	int rc;

	if (account_id(db, name, &id) < 0 || password_check(password) < 0 ||
	    password_hash(password, hash) < 0 || save_begin(db) < 0)
		return -1;
	rc = db_run(db, "UPDATE account SET pw_hash = ?, updated_at = ? "
	    "WHERE id = ?", "tii", hash, (int64_t)clock_now(), id);
	sodium_memzero(hash, sizeof hash);
	if (rc == 0)
		rc = db_run(db, "DELETE FROM session WHERE account_id = ?", "i", id);
	if (rc == 0)
		rc = db_audit(db, "account", id, "passwd");
	return save_end(db, rc);
}

int
account_disable(struct db *db, const char *name, int disabled)
{
	int64_t id;
	int rc;

	if (account_id(db, name, &id) < 0 || save_begin(db) < 0)
		return -1;
	rc = db_run(db, "UPDATE account SET disabled = ?, updated_at = ? "
	    "WHERE id = ?", "dii", disabled ? 1 : 0, (int64_t)clock_now(), id);
	if (rc == 0 && disabled)
		rc = db_run(db, "DELETE FROM session WHERE account_id = ?", "i", id);
	if (rc == 0)
		rc = db_audit(db, "account", id, disabled ? "disable" : "enable");
	return save_end(db, rc);
}

int
account_set_role(struct db *db, const struct account *a)
{
	int64_t id;
	int rc;

	if (account_id(db, a->name, &id) < 0 || place_check(a) < 0 ||
	    !account_role_code(a->role) || groups_check(db, a->groups,
	    a->ngroups) < 0 || save_begin(db) < 0)
		return -1;
	rc = db_run(db, "UPDATE account SET role = ?, district = ?, "
	    "province = ?, updated_at = ? WHERE id = ?", "tttii",
	    account_role_code(a->role), str_empty(a->district) ? NULL :
	    a->district, str_empty(a->province) ? NULL : a->province,
	    (int64_t)clock_now(), id);
	if (rc == 0)
		rc = groups_write(db, id, a->groups, a->ngroups);
	if (rc == 0)
		rc = db_run(db, "DELETE FROM session WHERE account_id = ?", "i", id);
	if (rc == 0)
		rc = db_audit(db, "account", id, "role");
	return save_end(db, rc);
}

int
account_unlock(struct db *db, const char *name)
{
	int64_t id;
	int rc;

	if (account_id(db, name, &id) < 0 || save_begin(db) < 0)
		return -1;
	rc = db_run(db, "UPDATE account SET locked = 0, failures = 0, "
	    "last_failure = NULL, updated_at = ? WHERE id = ?", "ii",
	    (int64_t)clock_now(), id);
	if (rc == 0)
		rc = db_audit(db, "account", id, "unlock");
	return save_end(db, rc);
}

#define ACCOUNT_COLS "id, name, role, district, province, phone, disabled, " \
	"locked"

static void
account_from_row(sqlite3_stmt *st, struct account *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_col_int(st, 0);
	a->name = db_col_dup(st, 1);
	a->role = (enum account_role)account_role_parse(db_col_text(st, 2));
	a->district = db_col_dup(st, 3);
	a->province = db_col_dup(st, 4);
	a->phone = db_col_dup(st, 5);
	a->disabled = (int)db_col_int(st, 6);
	a->locked = (int)db_col_int(st, 7);
}

/* Fill a->groups from account_group, by group name. */
static int
account_load_groups(struct db *db, struct account *a)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT ag.group_id FROM "
	    "account_group ag JOIN grp g ON g.id = ag.group_id WHERE "
	    "ag.account_id = ? ORDER BY g.name");
	int rc;

	if (!st || db_bind(db, st, "i", a->id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		a->groups = xrealloc(a->groups, (size_t)(a->ngroups + 1) *
		    sizeof *a->groups);
		a->groups[a->ngroups++] = db_col_int(st, 0);
	}
	db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Load one account by sql with a single key. 1 when there is none. */
static int
account_load(struct db *db, const char *sql, const char *types,
    const void *key, struct account *out)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return -1;
	rc = types[0] == 'i' ? db_bind(db, st, types, *(const int64_t *)key) :
	    db_bind(db, st, types, (const char *)key);
	if (rc < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		account_from_row(st, out);
	db_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : -1;
	if (account_load_groups(db, out) < 0) {
		account_free(out);
		return -1;
	}
	return 0;
}

int
account_get(struct db *db, const char *name, struct account *out)
{
	int rc = account_load(db, "SELECT " ACCOUNT_COLS " FROM account "
	    "WHERE name = ?", "t", name ? name : "", out);

	if (rc == 1)
		return error("account \"%s\" not found", name ? name : "");
	return rc;
}

int
account_get_id(struct db *db, int64_t id, struct account *out)
{
	int rc = account_load(db, "SELECT " ACCOUNT_COLS " FROM account "
	    "WHERE id = ?", "i", &id, out);

	if (rc == 1)
		return error("account #%lld not found", (long long)id);
	return rc;
}

int
account_list(struct db *db, struct account **out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " ACCOUNT_COLS " FROM "
	    "account ORDER BY name");
	struct account *list = NULL;
	int count = 0, rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		list = xrealloc(list, (size_t)(count + 1) * sizeof *list);
		account_from_row(st, &list[count++]);
	}
	db_reset(st);
	for (int i = 0; rc == SQLITE_DONE && i < count; i++)
		if (account_load_groups(db, &list[i]) < 0)
			rc = -1;
	if (rc != SQLITE_DONE) {
		account_free_list(list, count);
		return -1;
	}
	*out = list;
	*n = count;
	return 0;
}

void
account_free(struct account *a)
{
	if (!a)
		return;
	free(a->name);
	free(a->district);
	free(a->province);
	free(a->phone);
	free(a->groups);
	memset(a, 0, sizeof *a);
}

void
account_free_list(struct account *a, int n)
{
	for (int i = 0; a && i < n; i++)
		account_free(&a[i]);
	free(a);
}

void
account_act(struct db *db, const struct account *a, const char *command)
{
	db_set_actor(db, a->name, command);
	db_set_account(db, a->id);
}

/* Take a place in the address's count of failures: 1 to go on, 0 when the
 * try comes too soon after its last failure, -1 on error. The count
 * starts over after ADDR_FORGET_SECONDS without failures. */
static int
addr_try(struct db *db, const char *addr, int64_t now)
{
	if (db_run(db, "INSERT INTO login_failure (addr, failures, last_at) "
	    "VALUES (?1, 1, ?2) ON CONFLICT (addr) DO UPDATE SET failures = "
	    "CASE WHEN last_at + ?3 <= ?2 THEN 1 ELSE failures + 1 END, "
	    "last_at = ?2 WHERE last_at + " WAIT_SQL("failures") " <= ?2",
	    "tii", addr, now, (int64_t)ADDR_FORGET_SECONDS) < 0)
		return -1;
	return db_changes(db) > 0;
}

/* After a right password: give the place back, and forget addresses
 * whose count has run out (so the table stays small). */
static int
addr_give_back(struct db *db, const char *addr, int64_t now)
{
	if (db_run(db, "UPDATE login_failure SET failures = "
	    "max(failures - 1, 0) WHERE addr = ?", "t", addr) < 0)
		return -1;
	return db_run(db, "DELETE FROM login_failure WHERE last_at <= ?", "i",
	    now - ADDR_FORGET_SECONDS);
}

/* The same for the account: 1, 0 (too soon) or -1. */
static int
account_try(struct db *db, int64_t id, int64_t now)
{
	if (db_run(db, "UPDATE account SET failures = failures + 1, "
	    "last_failure = ? WHERE id = ? AND locked = 0 AND "
	    "(last_failure IS NULL OR last_failure + " WAIT_SQL("failures")
	    " <= ?)", "iii", now, id, now) < 0)
		return -1;
	return db_changes(db) > 0;
}

/* After a wrong password: lock the account at ACCOUNT_MAX_FAILURES. */
static int
account_failed(struct db *db, int64_t id)
{
	if (db_run(db, "UPDATE account SET locked = 1 WHERE id = ? AND "
	    "locked = 0 AND failures >= ?", "id", id, ACCOUNT_MAX_FAILURES) < 0)
		return -1;
	if (db_changes(db) == 0)
		return 0;
	log_warnx("account #%lld locked after %d failed logins",
	    (long long)id, ACCOUNT_MAX_FAILURES);
	return db_audit(db, "account", id, "lock");
}

/* Check password against hash, in constant work whatever the outcome. A
 * NULL hash (no such account) is checked against a made-up one, so an
 * unknown name takes as long as a wrong password. 1 if it matches. */
static int
password_verify(const char *hash, const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];
	size_t len = password ? strlen(password) : 0;

	if (!hash) {
		if (!dummy[0] && password_hash("not a password at all", dummy) < 0)
			return -1;
		hash = dummy;
	}
	if (!password || len > PASSWORD_MAX_BYTES) {
		password = "";
		len = 0;
	}
	return crypto_pwhash_str_verify(hash, password, len) == 0;
}

struct login_row {
	int64_t id;
	char hash[crypto_pwhash_STRBYTES];
	int disabled, locked;
};

/* The account called name for a login: 1 found, 0 none, -1 error. */
static int
login_row(struct db *db, const char *name, struct login_row *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, pw_hash, disabled, "
	    "locked FROM account WHERE name = ?");
	int rc;

	memset(r, 0, sizeof *r);
	if (!st || db_bind(db, st, "t", name ? name : "") < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		r->id = db_col_int(st, 0);
		snprintf(r->hash, sizeof r->hash, "%s", db_col_text(st, 1) ?
		    db_col_text(st, 1) : "");
		r->disabled = (int)db_col_int(st, 2);
		r->locked = (int)db_col_int(st, 3);
	}
	db_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* A right password for account r: give the places back and fill out. */
static enum login_result
login_right(struct db *db, const struct login_row *r, const char *addr,
    int64_t now, struct account *out)
{
	if (addr_give_back(db, addr, now) < 0)
		return LOGIN_ERROR;
	if (r->disabled)
		return db_run(db, "UPDATE account SET failures = "
		    "max(failures - 1, 0) WHERE id = ?", "i", r->id) < 0 ?
		    LOGIN_ERROR : LOGIN_DISABLED;
	if (db_run(db, "UPDATE account SET failures = 0, last_failure = NULL "
	    "WHERE id = ?", "i", r->id) < 0 ||
	    db_audit_detail(db, "account", r->id, "login", addr) < 0 ||
	    account_get_id(db, r->id, out) < 0)
		return LOGIN_ERROR;
	return LOGIN_OK;
}

static enum login_result
login_known(struct db *db, struct login_row *r, const char *password,
    const char *addr, int64_t now, struct account *out)
{
	int rc;

	if (r->locked)
		return LOGIN_LOCKED;
	if ((rc = account_try(db, r->id, now)) <= 0)
		return rc < 0 ? LOGIN_ERROR : LOGIN_SLOW_DOWN;
	if ((rc = password_verify(r->hash, password)) < 0)
		return LOGIN_ERROR;
	if (rc)
		return login_right(db, r, addr, now, out);
	return account_failed(db, r->id) < 0 ? LOGIN_ERROR : LOGIN_WRONG;
}

enum login_result
account_login(struct db *db, const char *name, const char *password,
    const char *addr, struct account *out)
{
	struct login_row r;
	int64_t now = (int64_t)clock_now();
	enum login_result res;
	int rc;

	memset(out, 0, sizeof *out);
	if (!addr)
		addr = "";
	if (crypto_ready() < 0)
		return LOGIN_ERROR;
	if ((rc = addr_try(db, addr, now)) <= 0)
		return rc < 0 ? LOGIN_ERROR : LOGIN_SLOW_DOWN;
	if ((rc = login_row(db, name, &r)) < 0)
		return LOGIN_ERROR;
	if (rc == 0)
		res = password_verify(NULL, password) < 0 ? LOGIN_ERROR :
		    LOGIN_WRONG;
	else
		res = login_known(db, &r, password, addr, now, out);
	sodium_memzero(r.hash, sizeof r.hash);
	return res;
}

/* 32 random bytes as 64 hex digits. */
static void
token_new(char hex[ACCOUNT_TOKEN_HEX])
{
	unsigned char b[32];

	randombytes_buf(b, sizeof b);
	sodium_bin2hex(hex, ACCOUNT_TOKEN_HEX, b, sizeof b);
	sodium_memzero(b, sizeof b);
}

/* The stored form of a token: BLAKE2b-256 of its hex text, as hex. -1
 * (nothing printed) when token is not 64 hex digits. */
static int
token_hash(const char *token, char out[ACCOUNT_TOKEN_HEX])
{
	unsigned char h[32];

	if (!token || strlen(token) != ACCOUNT_TOKEN_HEX - 1 ||
	    strspn(token, "0123456789abcdef") != ACCOUNT_TOKEN_HEX - 1)
		return -1;
	crypto_generichash(h, sizeof h, (const unsigned char *)token,
	    ACCOUNT_TOKEN_HEX - 1, NULL, 0);
	sodium_bin2hex(out, ACCOUNT_TOKEN_HEX, h, sizeof h);
	return 0;
}

int
session_start(struct db *db, int64_t account_id,
    char token[ACCOUNT_TOKEN_HEX], char csrf[ACCOUNT_TOKEN_HEX])
{
	char hash[ACCOUNT_TOKEN_HEX];
	int64_t now = (int64_t)clock_now();

	if (crypto_ready() < 0)
		return -1;
	token_new(token);
	token_new(csrf);
	token_hash(token, hash);
	if (db_run(db, "DELETE FROM session WHERE created_at <= ?", "i",
	    now - ACCOUNT_SESSION_MAX_HOURS * 3600) < 0 ||
	    db_run(db, "INSERT INTO session (token_hash, csrf, account_id, "
	    "created_at, last_used) VALUES (?, ?, ?, ?, ?)", "ttiii", hash, csrf,
	    account_id, now, now) < 0) {
		sodium_memzero(token, ACCOUNT_TOKEN_HEX);
		return -1;
	}
	return 0;
}

struct session_row {
	int64_t id, account_id, created, last_used;
	int disabled;
	char csrf[ACCOUNT_TOKEN_HEX];
};

/* The session stored under hash: 1 found, 0 none, -1 error. */
static int
session_row(struct db *db, const char *hash, struct session_row *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT s.id, s.account_id, "
	    "s.created_at, s.last_used, a.disabled, s.csrf FROM session s "
	    "JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?");
	int rc;

	if (!st || db_bind(db, st, "t", hash) < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		r->id = db_col_int(st, 0);
		r->account_id = db_col_int(st, 1);
		r->created = db_col_int(st, 2);
		r->last_used = db_col_int(st, 3);
		r->disabled = (int)db_col_int(st, 4);
		snprintf(r->csrf, sizeof r->csrf, "%s", db_col_text(st, 5) ?
		    db_col_text(st, 5) : "");
	}
	db_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
session_check(struct db *db, const char *token, int idle_minutes,
    struct account *out, char csrf[ACCOUNT_TOKEN_HEX])
{
	char hash[ACCOUNT_TOKEN_HEX];
	struct session_row r;
	int64_t now = (int64_t)clock_now();
	int rc;

	memset(out, 0, sizeof *out);
	if (token_hash(token, hash) < 0)
		return 1;
	if ((rc = session_row(db, hash, &r)) <= 0)
		return rc < 0 ? -1 : 1;
	if (r.disabled || now - r.last_used >= (int64_t)idle_minutes * 60 ||
	    now - r.created >= (int64_t)ACCOUNT_SESSION_MAX_HOURS * 3600)
		return db_run(db, "DELETE FROM session WHERE id = ?", "i",
		    r.id) < 0 ? -1 : 1;
	/* A minute's precision is enough for idle expiry: fewer writes. */
	if (now - r.last_used >= 60 && db_run(db, "UPDATE session SET "
	    "last_used = ? WHERE id = ?", "ii", now, r.id) < 0)
		return -1;
	if (account_get_id(db, r.account_id, out) < 0)
		return -1;
	if (csrf)
		memcpy(csrf, r.csrf, ACCOUNT_TOKEN_HEX);
	return 0;
}

int
session_csrf_ok(const char *csrf, const char *given)
{
	if (!csrf || !given || strlen(csrf) != ACCOUNT_TOKEN_HEX - 1 ||
	    strlen(given) != ACCOUNT_TOKEN_HEX - 1)
		return 0;
	return sodium_memcmp(csrf, given, ACCOUNT_TOKEN_HEX - 1) == 0;
}

int
session_end(struct db *db, const char *token)
{
	char hash[ACCOUNT_TOKEN_HEX];

	if (token_hash(token, hash) < 0)
		return 0;
	return db_run(db, "DELETE FROM session WHERE token_hash = ?", "t", hash);
}
