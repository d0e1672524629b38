/*
 * crypt.c - sealed fields and blind indexes with libsodium (crypt.h).
 */
#include "core/crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/backup.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"

#define SEAL_VERSION 1
#define SEAL_HEAD (1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
#define SEAL_OVERHEAD ((int)(SEAL_HEAD + crypto_aead_xchacha20poly1305_ietf_ABYTES))
#define BLIND_BYTES 16
#define AD_MAX 80

/* What the check value holds, sealed as ("crypt_check.value", 1). */
static const char check_text[] = "shg key check";

/* The subkeys of one key: for sealing and for the blind index. */
struct keyset {
	int loaded;
	unsigned char seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char blind[crypto_generichash_KEYBYTES];
};

/* The key in use, and during a rotation the one being replaced. */
static struct keyset cur, prev;
static char source[512];

static int
sodium_ready(void)
{
	static int done;

	if (!done && sodium_init() < 0)
		return error("libsodium could not be initialised");
	done = 1;
	return 0;
}

static void
keyset_derive(struct keyset *k, const unsigned char key[CRYPT_KEY_BYTES])
{
	crypto_kdf_derive_from_key(k->seal, sizeof k->seal, 1, "shg-keys", key);
	crypto_kdf_derive_from_key(k->blind, sizeof k->blind, 2, "shg-keys", key);
	k->loaded = 1;
}

void
crypt_key_set(const unsigned char key[CRYPT_KEY_BYTES])
{
	if (sodium_ready() < 0)
		return;
	keyset_derive(&cur, key);
	snprintf(source, sizeof source, "%s", "(set)");
}

void
crypt_key_forget(void)
{
	sodium_memzero(&cur, sizeof cur);
	sodium_memzero(&prev, sizeof prev);
	source[0] = '\0';
}

int
crypt_key_loaded(void)
{
	return cur.loaded;
}

const char *
crypt_key_source(void)
{
	return source;
}

int
crypt_key_create(const char *path)
{
	unsigned char key[CRYPT_KEY_BYTES];
	char hex[2 * CRYPT_KEY_BYTES + 2];
	int fd, ok;

	if (sodium_ready() < 0)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400)) < 0) {
		if (errno == EEXIST)
			return error("%s: a key file is already there and is "
			    "never replaced", path);
		return error("%s: cannot create the key file: %s", path,
		    strerror(errno));
	}
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	sodium_memzero(key, sizeof key);
	hex[2 * CRYPT_KEY_BYTES] = '\n';
	ok = fchmod(fd, 0400) == 0 && write(fd, hex, sizeof hex - 1) ==
	    (ssize_t)(sizeof hex - 1) && fsync(fd) == 0;
	sodium_memzero(hex, sizeof hex);
	if (close(fd) < 0 || !ok) {
		unlink(path);
		return error("%s: cannot write the key file: %s", path,
		    strerror(errno));
	}
	return 0;
}

/* The key file's bytes: 32 bytes, or 64 hexadecimal digits with spaces
 * or a newline around. */
static int
key_parse(const char *path, const unsigned char *buf, size_t n,
    unsigned char key[CRYPT_KEY_BYTES])
{
	size_t got = 0;
	const char *end;

	if (n == CRYPT_KEY_BYTES) {
		memcpy(key, buf, n);
		return 0;
	}
	if (sodium_hex2bin(key, CRYPT_KEY_BYTES, (const char *)buf, n, " \t\r\n",
	    &got, &end) == 0 && got == CRYPT_KEY_BYTES &&
	    strspn(end, " \t\r\n") == (size_t)((const char *)buf + n - end))
		return 0;
	return error("%s: not a key (64 hexadecimal digits or 32 bytes)", path);
}

/* The credential's path when systemd gave one, else path. */
static const char *
key_path(const char *path, char *buf, size_t size)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");

	if (dir && *dir) {
		snprintf(buf, size, "%s/%s", dir, CRYPT_CREDENTIAL);
		if (access(buf, F_OK) == 0)
			return buf;
	}
	return path;
}

static int
key_read(const char *path, unsigned char key[CRYPT_KEY_BYTES])
{
	unsigned char buf[200];
	struct stat sb;
	ssize_t n;
	int fd, rc;

	if (str_empty(path))
		return error("security.key_file: no key file is configured");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return error(errno == ENOENT ? "%s: the key file is missing (it "
		    "was made by \"shg init\" or \"shg key init\"; restore the copy "
		    "kept apart)" : "%s: cannot read the key file: %s", path,
		    strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return error("%s: the key file is not a regular file", path);
	}
	if (sb.st_mode & 077) {
		close(fd);
		return error("%s: the key file can be read by others (mode %04o): "
		    "run \"chmod 400 %s\"", path, (unsigned)(sb.st_mode & 07777),
		    path);
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return error("%s: cannot read the key file: %s", path,
		    strerror(errno));
	buf[n] = '\0';
	rc = key_parse(path, buf, (size_t)n, key);
	sodium_memzero(buf, sizeof buf);
	return rc;
}

int
crypt_key_load(const char *path)
{
	unsigned char key[CRYPT_KEY_BYTES];
	char cred[512];

	if (sodium_ready() < 0)
		return -1;
	path = key_path(path, cred, sizeof cred);
	if (key_read(path, key) < 0)
		return -1;
	keyset_derive(&cur, key);
	sodium_memzero(key, sizeof key);
	snprintf(source, sizeof source, "%s", path);
	return 0;
}

/* "table.column" and the row id, the associated data of a sealed value. */
static size_t
ad_make(unsigned char *ad, const unsigned char *col, int ncol, int64_t id)
{
	size_t n = ncol > AD_MAX - 9 ? AD_MAX - 9 : (size_t)ncol;
	uint64_t u = (uint64_t)id;

	memcpy(ad, col, n);
	ad[n++] = 0;
	for (int i = 0; i < 8; i++)
		ad[n++] = (unsigned char)(u >> (8 * i));
	return n;
}

/* Seal text (n bytes) into out (n + SEAL_OVERHEAD bytes). */
static void
seal(const struct keyset *k, unsigned char *out, const unsigned char *text,
    size_t n, const unsigned char *ad, size_t nad)
{
	out[0] = SEAL_VERSION;
	randombytes_buf(out + 1, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + SEAL_HEAD, NULL, text,
	    n, ad, nad, NULL, out + 1, k->seal);
}

/* Open a sealed value of n bytes into out (n - SEAL_OVERHEAD bytes). */
static int
unseal(const struct keyset *k, unsigned char *out, const unsigned char *in,
    size_t n, const unsigned char *ad, size_t nad)
{
	if (n < SEAL_OVERHEAD || in[0] != SEAL_VERSION)
		return -1;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL,
	    in + SEAL_HEAD, n - SEAL_HEAD, ad, nad, in + 1, k->seal);
}

/* The argument values of a seal/open call: value, 'table.column', id. */
struct call {
	sqlite3_value *v;
	const unsigned char *col;
	int ncol;
	int64_t id;
	unsigned char ad[AD_MAX];
	size_t nad;
};

static void
call_init(struct call *c, sqlite3_value **argv)
{
	c->v = argv[0];
	c->col = sqlite3_value_text(argv[1]);
	c->ncol = sqlite3_value_bytes(argv[1]);
	c->id = sqlite3_value_int64(argv[2]);
	c->nad = ad_make(c->ad, c->col ? c->col : (const unsigned char *)"",
	    c->col ? c->ncol : 0, c->id);
}

static void
no_key(sqlite3_context *ctx)
{
	sqlite3_result_error(ctx, _("no encryption key is loaded "
	    "(security.key_file)"), -1);
}

/* Open c->v with k into the result; a text value is the result as is. */
static void
result_open(sqlite3_context *ctx, const struct keyset *k, struct call *c)
{
	const unsigned char *in;
	unsigned char *out;
	int n;
	char msg[200];

	if (sqlite3_value_type(c->v) != SQLITE_BLOB) {
		sqlite3_result_value(ctx, c->v);
		return;
	}
	if (!k->loaded) {
		no_key(ctx);
		return;
	}
	in = sqlite3_value_blob(c->v);
	n = sqlite3_value_bytes(c->v);
	out = sqlite3_malloc(n > SEAL_OVERHEAD ? n - SEAL_OVERHEAD + 1 : 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (unseal(k, out, in, (size_t)n, c->ad, c->nad) != 0) {
		sqlite3_free(out);
		snprintf(msg, sizeof msg, _("%.*s of record %lld does not open "
		    "with this key (wrong key, or the value was altered or "
		    "moved from another record)"), c->ncol, (const char *)c->col,
		    (long long)c->id);
		sqlite3_result_error(ctx, msg, -1);
		return;
	}
	sqlite3_result_text(ctx, (char *)out, n - SEAL_OVERHEAD, sqlite3_free);
}

/* Seal text (n bytes) with the current key into the result. */
static void
result_seal(sqlite3_context *ctx, const unsigned char *text, int n,
    struct call *c)
{
	unsigned char *out;

	if (!cur.loaded) {
		no_key(ctx);
		return;
	}
	if (!(out = sqlite3_malloc(n + SEAL_OVERHEAD))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	seal(&cur, out, text, (size_t)n, c->ad, c->nad);
	sqlite3_result_blob(ctx, out, n + SEAL_OVERHEAD, sqlite3_free);
}

static void
fn_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct call c;

	call_init(&c, argv);
	if (sqlite3_value_type(c.v) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	result_seal(ctx, sqlite3_value_text(c.v), sqlite3_value_bytes(c.v), &c);
}

static void
fn_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct call c;

	call_init(&c, argv);
	result_open(ctx, &cur, &c);
}

static void
fn_prev(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct call c;

	call_init(&c, argv);
	result_open(ctx, prev.loaded ? &prev : &cur, &c);
}

static void
fn_reseal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct keyset *k = prev.loaded ? &prev : &cur;
	unsigned char *text;
	struct call c;
	int n;

	call_init(&c, argv);
	if (sqlite3_value_type(c.v) != SQLITE_BLOB) {
		fn_seal(ctx, argc, argv);
		return;
	}
	if (!k->loaded) {
		no_key(ctx);
		return;
	}
	n = sqlite3_value_bytes(c.v);
	if (!(text = sqlite3_malloc(n + 1))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (unseal(k, text, sqlite3_value_blob(c.v), (size_t)n, c.ad,
	    c.nad) != 0) {
		sqlite3_free(text);
		result_open(ctx, k, &c);        /* says why */
		return;
	}
	result_seal(ctx, text, n - SEAL_OVERHEAD, &c);
	sodium_memzero(text, (size_t)n);
	sqlite3_free(text);
}

static void
fn_blind(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	unsigned char out[BLIND_BYTES];

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!cur.loaded) {
		no_key(ctx);
		return;
	}
	crypto_generichash(out, sizeof out, sqlite3_value_text(argv[0]),
	    (unsigned long long)sqlite3_value_bytes(argv[0]), cur.blind,
	    sizeof cur.blind);
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

int
crypt_register(sqlite3 *h)
{
	static const struct {
		const char *name;
		int nargs, flags;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "crypt_seal", 3, 0, fn_seal },
		{ "crypt_open", 3, SQLITE_DETERMINISTIC, fn_open },
		{ "crypt_prev", 3, SQLITE_DETERMINISTIC, fn_prev },
		{ "crypt_reseal", 3, 0, fn_reseal },
		{ "crypt_blind", 1, SQLITE_DETERMINISTIC, fn_blind },
	};

	if (sodium_ready() < 0)
		return -1;
	for (size_t i = 0; i < NELEM(fns); i++)
		if (sqlite3_create_function(h, fns[i].name, fns[i].nargs,
		    SQLITE_UTF8 | SQLITE_DIRECTONLY | fns[i].flags, NULL,
		    fns[i].fn, NULL, NULL) != SQLITE_OK)
			return error("database: cannot register %s: %s",
			    fns[i].name, sqlite3_errmsg(h));
	return 0;
}

/* 1 when the check value opens with the key, 0 when there is none, -1
 * (with a message) when it does not open. */
static int
check_value(struct db *db)
{
	static const char sql[] = "SELECT crypt_open(value, 'crypt_check.value', "
	    "id) = ?1 FROM crypt_check WHERE id = 1";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc, ok = 0;

	if (!st || db_bind(db, st, "t", check_text) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0);
	db_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_ROW && ok)
		return 1;
	return error("%s: the key %s does not open this database (wrong key "
	    "file?); nothing was changed", db_path(db), crypt_key_source());
}

static int
write_check(struct db *db)
{
	return db_run(db, "INSERT OR REPLACE INTO crypt_check (id, value, "
	    "sealed_at) VALUES (1, crypt_seal(?1, 'crypt_check.value', 1), ?2)",
	    "ti", check_text, (int64_t)clock_now());
}

/* A clear-text copy of a database about to be encrypted, beside it. */
static int
backup_before(struct db *db)
{
	struct backup_info info;
	char path[4096];
	int64_t n;

	if (db_int(db, &n, 0, "SELECT count(*) FROM person", "") < 0)
		return -1;
	if (n == 0 || !strcmp(db_path(db), ":memory:"))
		return 0;
	snprintf(path, sizeof path, "%s.before-encryption", db_path(db));
	if (backup_run(db, path, &info) < 0)
		return -1;
	fprintf(stderr, _("shg: encrypting the database; the copy made before, "
	    "%s, is in clear text: delete it once shg works with the key\n"),
	    path);
	return 0;
}

/* Encrypt a database that has no check value yet, in one transaction. */
static int
encrypt_first(struct db *db)
{
	int rc;

	if (backup_before(db) < 0 || db_begin(db) < 0)
		return -1;
	rc = check_value(db);
	if (rc == 0)
		rc = db_reseal(db) < 0 || write_check(db) < 0 ? -1 : 0;
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) < 0)
		return -1;
	/* Leave no clear-text page behind in the write-ahead log. */
	return db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

int
crypt_verify(struct db *db)
{
	int64_t has;

	if (!cur.loaded)
		return 0;
	if (db_int(db, &has, 0, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'table' AND name = 'crypt_check'", "") < 0)
		return -1;
	return has && check_value(db) < 0 ? -1 : 0;
}

int
crypt_attach(struct db *db)
{
	int rc;

	if (!cur.loaded)
		return 0;
	if ((rc = check_value(db)) != 0)
		return rc < 0 ? -1 : 0;
	return encrypt_first(db);
}

static int
integrity_ok(struct db *db)
{
	static const char sql[] = "PRAGMA integrity_check";
	sqlite3_stmt *st = db_prepare(db, sql);
	const char *r;
	int rc, ok;

	if (!st)
		return -1;
	rc = db_step(db, st);
	r = rc == SQLITE_ROW ? db_col_text(st, 0) : NULL;
	ok = r && !strcmp(r, "ok");
	if (rc == SQLITE_ROW && !ok)
		error("%s: integrity check: %s", db_path(db), r ? r : "?");
	db_reset(st);
	return ok ? 0 : -1;
}

/* Re-encrypt every sealed column under the key in new_path. */
static int
rotate_db(struct db *db, const char *new_path)
{
	int rc;

	prev = cur;
	if (crypt_key_load(new_path) < 0) {
		cur = prev;
		sodium_memzero(&prev, sizeof prev);
		return -1;
	}
	rc = db_begin(db) < 0 ? -1 : 0;
	if (rc == 0 && (db_reseal(db) < 0 || write_check(db) < 0 ||
	    integrity_ok(db) < 0 || db_commit(db) < 0)) {
		db_rollback(db);
		rc = -1;
	}
	if (rc < 0)
		cur = prev;
	sodium_memzero(&prev, sizeof prev);
	if (rc == 0)
		rc = db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	return rc;
}

int
crypt_rotate(struct db *db, const char *key_file)
{
	char new_path[4096], old_path[4096];

	if (!cur.loaded)
		return error("no encryption key is loaded (security.key_file)");
	snprintf(new_path, sizeof new_path, "%s.new", key_file);
	snprintf(old_path, sizeof old_path, "%s.old", key_file);
	if (access(old_path, F_OK) == 0)
		return error("%s: an earlier key is kept there: move it away "
		    "(with the backups it opens) before rotating again", old_path);
	if (access(new_path, F_OK) == 0)
		return error("%s: a key of an unfinished rotation is there: keep "
		    "it until you know which key opens the database", new_path);
	if (crypt_key_create(new_path) < 0)
		return -1;
	if (rotate_db(db, new_path) < 0) {
		unlink(new_path);
		return -1;
	}
	if (rename(key_file, old_path) < 0 || rename(new_path, key_file) < 0)
		return error("%s: the database now needs the key in %s, which "
		    "could not be renamed: %s", key_file, new_path,
		    strerror(errno));
	snprintf(source, sizeof source, "%s", key_file);
	return 0;
}
