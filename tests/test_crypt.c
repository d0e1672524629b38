/*
 * test_crypt.c - encryption at rest (core/crypt.h): the key file, sealed
 * person fields and their blind indexes, a wrong key, a moved value, the
 * first encryption of a clear-text database, key rotation.
 */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "core/crypt.h"
#include "core/log.h"
#include "core/person.h"
#include "core/util.h"

#define NAME "Nguyễn Thị Hoà Bình"
#define NAME2 "Hờ Thị Dợ"
#define PHONE "+84912345678"
#define NOTES "Được đưa về qua cửa khẩu Lào Cai"

struct fx {
	char *dir;
	char db[600], key[600];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->dir = test_tmpdir();
	snprintf(f->db, sizeof f->db, "%s/shg.db", f->dir);
	snprintf(f->key, sizeof f->key, "%s/shg.key", f->dir);
	schemas_use();
	clock_set(time_from_local(test_day(2026, 11, 23), 9 * 60));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	crypt_key_forget();
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* The whole of a file (NULL when missing); *n its size. */
static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long len;

	*n = 0;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)len + 1);
	*n = fread(buf, 1, (size_t)len, fp);
	fclose(fp);
	return buf;
}

/* 1 when the file holds text anywhere, byte for byte. */
static int
file_has(const char *path, const char *text)
{
	size_t n;
	char *buf = slurp(path, &n);
	int found = buf && memmem(buf, n, text, strlen(text)) != NULL;

	free(buf);
	return found;
}

/* A checksum of a file, to tell it did not change. */
static unsigned long
file_sum(const char *path)
{
	size_t n;
	char *buf = slurp(path, &n);
	unsigned long h = 5381;

	for (size_t i = 0; buf && i < n; i++)
		h = h * 33 + (unsigned char)buf[i];
	free(buf);
	return h;
}

static int64_t
add(struct db *db, const char *name, const char *phone, const char *notes)
{
	struct person p = { 0 };

	p.full_name = strdup(name);
	p.gender = strdup("female");
	p.category = strdup("at-risk");
	p.phone = phone ? strdup(phone) : NULL;
	p.notes = notes ? strdup(notes) : NULL;
	p.district = strdup("Huyện Bắc Hà");
	p.returned_on = DATE_NONE;
	p.consent_on = DATE_NONE;
	assert_int_equal(person_add(db, &p, ""), 0);
	person_free(&p);
	return p.id;
}

/* A database with two people, closed (its WAL folded in). */
static void
make_db(struct fx *f)
{
	struct db *db;

	assert_int_equal(crypt_key_create(f->key), 0);
	if (crypt_key_load(f->key) < 0)
		fail_msg("%s", test_msg);
	assert_int_equal(db_open(f->db, &db), 0);
	add(db, NAME, PHONE, NOTES);
	add(db, NAME2, "+84987654321", NULL);
	db_close(db);
}

static void
expect_person(struct db *db, int64_t id, const char *name, const char *phone)
{
	struct person p;

	assert_int_equal(person_get_id(db, id, &p), 0);
	assert_string_equal(p.full_name, name);
	if (phone)
		assert_string_equal(p.phone, phone);
	person_free(&p);
}

static void
test_key_file(void **state)
{
	struct fx *f = *state;
	struct stat sb;
	unsigned char raw[CRYPT_KEY_BYTES];
	int fd;

	assert_int_equal(crypt_key_create(f->key), 0);
	assert_int_equal(stat(f->key, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0400);
	assert_int_equal(sb.st_size, 65);
	assert_int_equal(crypt_key_load(f->key), 0);
	assert_string_equal(crypt_key_source(), f->key);
	/* never replaced */
	assert_int_equal(crypt_key_create(f->key), -1);
	assert_non_null(strstr(test_msg, "already there"));
	/* readable by the group, or by anyone */
	chmod(f->key, 0440);
	assert_int_equal(crypt_key_load(f->key), -1);
	assert_non_null(strstr(test_msg, "can be read by others"));
	chmod(f->key, 0604);
	assert_int_equal(crypt_key_load(f->key), -1);
	chmod(f->key, 0600);
	/* not a key */
	fd = open(f->key, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "0123abcd\n", 9), 9);
	close(fd);
	assert_int_equal(crypt_key_load(f->key), -1);
	assert_non_null(strstr(test_msg, "not a key"));
	/* 32 bytes as they are */
	memset(raw, 0x5a, sizeof raw);
	fd = open(f->key, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, raw, sizeof raw), (ssize_t)sizeof raw);
	close(fd);
	assert_int_equal(crypt_key_load(f->key), 0);
	/* missing */
	unlink(f->key);
	assert_int_equal(crypt_key_load(f->key), -1);
	assert_non_null(strstr(test_msg, "missing"));
}

/* The systemd credential comes before the key file. */
static void
test_credential(void **state)
{
	struct fx *f = *state;
	char cred[700];

	snprintf(cred, sizeof cred, "%s/" CRYPT_CREDENTIAL, f->dir);
	assert_int_equal(crypt_key_create(cred), 0);
	setenv("CREDENTIALS_DIRECTORY", f->dir, 1);
	assert_int_equal(crypt_key_load("/nonexistent/shg.key"), 0);
	assert_string_equal(crypt_key_source(), cred);
	unsetenv("CREDENTIALS_DIRECTORY");
}

/* Nothing entered is in the file; with the key all reads back. */
static void
test_sealed_at_rest(void **state)
{
	struct fx *f = *state;
	const char *secrets[] = { NAME, "nguyen thi hoa binh", NAME2, PHONE,
		"912345678", "84987654321", NOTES, "Lào Cai" };
	struct db *db;

	make_db(f);
	for (size_t i = 0; i < NELEM(secrets); i++)
		assert_false(file_has(f->db, secrets[i]));
	assert_int_equal(db_open_existing(f->db, &db), 0);
	expect_person(db, 1, NAME, PHONE);
	expect_person(db, 2, NAME2, "+84987654321");
	/* lookups by the blind indexes; a search without diacritics */
	assert_int_equal(person_by_phone(db, PHONE), 1);
	assert_int_equal(person_by_phone(db, "+84912345679"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "typeof(full_name) = 'blob' AND typeof(phone) = 'blob' AND "
	    "typeof(name_fold) = 'blob'"), 2);
	db_close(db);
}

static int
count_fn(const struct person *p, void *arg)
{
	++*(int *)arg;
	return 0;
}

static void
test_name_search(void **state)
{
	struct fx *f = *state;
	struct person_filter pf = { .name = "HOÀ bình" };
	struct db *db;
	int n = 0;

	make_db(f);
	assert_int_equal(db_open_existing(f->db, &db), 0);
	assert_int_equal(person_each(db, &pf, count_fn, &n), 0);
	assert_int_equal(n, 1);
	pf.name = "thi";
	n = 0;
	assert_int_equal(person_each(db, &pf, count_fn, &n), 0);
	assert_int_equal(n, 2);
	db_close(db);
}

/* A wrong key is refused at open; the file stays as it was. */
static void
test_wrong_key(void **state)
{
	struct fx *f = *state;
	unsigned char other[CRYPT_KEY_BYTES] = { 1, 2, 3 };
	unsigned long before;
	struct db *db;

	make_db(f);
	before = file_sum(f->db);
	crypt_key_set(other);
	assert_int_equal(db_open_existing(f->db, &db), -1);
	assert_non_null(strstr(test_msg, "does not open this database"));
	assert_int_equal(file_sum(f->db), before);
	/* without a key, sealed values cannot be read */
	crypt_key_forget();
	assert_int_equal(db_open_existing(f->db, &db), 0);
	assert_int_equal(person_get_id(db, 1, &(struct person){ 0 }), -1);
	assert_non_null(strstr(test_msg, "no encryption key"));
	db_close(db);
	assert_int_equal(file_sum(f->db), before);
}

/* A value copied to another row, or altered, does not open. */
static void
test_moved_value(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct person p;

	make_db(f);
	assert_int_equal(db_open_existing(f->db, &db), 0);
	assert_int_equal(db_exec(db, "UPDATE person SET full_name = (SELECT "
	    "full_name FROM person WHERE id = 2) WHERE id = 1"), 0);
	assert_int_equal(person_get_id(db, 1, &p), -1);
	assert_non_null(strstr(test_msg,
	    "person.full_name of record 1 does not open"));
	/* another column of the same row */
	assert_int_equal(db_exec(db, "UPDATE person SET notes = full_name "
	    "WHERE id = 2"), 0);
	assert_int_equal(person_get_id(db, 2, &p), -1);
	assert_non_null(strstr(test_msg, "person.notes of record 2"));
	db_close(db);
}

/* A database made before encryption is encrypted when a key is first
 * present: a clear-text backup first, then every value, in place. */
static void
test_first_encryption(void **state)
{
	struct fx *f = *state;
	char backup[700];
	struct db *db;

	crypt_key_forget();
	assert_int_equal(db_open(f->db, &db), 0);
	assert_int_equal(db_run(db, "INSERT INTO person (case_code, full_name, "
	    "name_fold, gender, phone, notes, category, created_at, updated_at) "
	    "VALUES ('BH-2025-0001', ?1, 'nguyen thi hoa binh', 'female', ?2, "
	    "?3, 'at-risk', 0, 0)", "ttt", NAME, PHONE, NOTES), 0);
	db_close(db);
	assert_true(file_has(f->db, NAME));

	assert_int_equal(crypt_key_create(f->key), 0);
	assert_int_equal(crypt_key_load(f->key), 0);
	assert_int_equal(db_open_existing(f->db, &db), 0);
	snprintf(backup, sizeof backup, "%s.before-encryption", f->db);
	assert_true(file_has(backup, NAME));
	expect_person(db, 1, NAME, PHONE);
	assert_int_equal(person_by_phone(db, PHONE), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "typeof(full_name) = 'blob' AND typeof(notes) = 'blob'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM crypt_check"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM pragma_integrity_check "
	    "WHERE integrity_check = 'ok'"), 1);
	db_close(db);
	assert_false(file_has(f->db, NAME));
	assert_false(file_has(f->db, NOTES));
	assert_false(file_has(f->db, PHONE));
}

/* Rotation re-encrypts everything; the old key no longer opens it. */
static void
test_rotate(void **state)
{
	struct fx *f = *state;
	char old[700];
	struct db *db;

	make_db(f);
	assert_int_equal(db_open_existing(f->db, &db), 0);
	assert_int_equal(crypt_rotate(db, f->key), 0);
	expect_person(db, 1, NAME, PHONE);
	assert_int_equal(person_by_phone(db, "+84987654321"), 2);
	/* a second rotation waits until the old key is put away */
	assert_int_equal(crypt_rotate(db, f->key), -1);
	assert_non_null(strstr(test_msg, "an earlier key is kept there"));
	db_close(db);
	snprintf(old, sizeof old, "%s.old", f->key);
	assert_int_equal(crypt_key_load(old), 0);
	assert_int_equal(db_open_existing(f->db, &db), -1);
	assert_int_equal(crypt_key_load(f->key), 0);
	assert_int_equal(db_open_existing(f->db, &db), 0);
	expect_person(db, 2, NAME2, "+84987654321");
	assert_int_equal(test_count(db, "SELECT count(*) FROM pragma_integrity_check "
	    "WHERE integrity_check = 'ok'"), 1);
	db_close(db);
	assert_false(file_has(f->db, NAME2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credential, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_at_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_name_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_encryption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate, setup, teardown),
	};

	log_capture(test_msg, sizeof test_msg);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
