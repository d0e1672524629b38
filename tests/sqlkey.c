/*
 * sqlkey - the CLI tests' sqlite3 for encrypted fields: run one query on
 * a database opened with its key, print the rows as sqlite3 does
 * (columns joined by "|"). The temporary view person_clear is the person
 * table with its sealed columns opened (core/crypt.h); the temporary
 * views outbox, inbox, inbox_part, inbox_quarantine and sms_form, which
 * hide the tables of those names, show their numbers and texts opened
 * (main.outbox etc. are the tables as stored).
 *
 *   sqlkey DATABASE KEY_FILE QUERY
 */
#include <stdio.h>

#include "cli/schemas.h"
#include "core/crypt.h"
#include "core/db.h"
#include "tests/clearviews.h"

static const char view_sql[] =
"CREATE TEMP VIEW person_clear AS SELECT id, case_code, "
"crypt_open(full_name, 'person.full_name', id) AS full_name, "
"crypt_open(name_fold, 'person.name_fold', id) AS name_fold, gender, "
"birth_year, crypt_open(phone, 'person.phone', id) AS phone, village, "
"commune, district, province, category, route, returned_on, guardian_id, "
"sms_consent, consent_on, sms_coding, "
"crypt_open(notes, 'person.notes', id) AS notes, status, closed_on, "
"close_reason, created_at, updated_at, checkin_days, erased_on "
"FROM person;\n"
CLEAR_VIEWS("");

static int
row(void *arg, int n, char **vals, char **names)
{
	for (int i = 0; i < n; i++)
		printf("%s%s", i ? "|" : "", vals[i] ? vals[i] : "");
	putchar('\n');
	return 0;
}

int
main(int argc, char **argv)
{
	struct db *db;
	char *msg = NULL;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: sqlkey DATABASE KEY_FILE QUERY\n");
		return 2;
	}
	schemas_use();
	if (crypt_key_load(argv[2]) < 0 || db_open_existing(argv[1], &db) < 0)
		return 1;
	rc = sqlite3_exec(db_sqlite(db), view_sql, NULL, NULL, &msg) ||
	    sqlite3_exec(db_sqlite(db), argv[3], row, NULL, &msg);
	if (rc)
		fprintf(stderr, "sqlkey: %s\n", msg ? msg : "error");
	sqlite3_free(msg);
	db_close(db);
	return rc ? 1 : 0;
}
