/*
 * import.h - bringing spreadsheet rows into the database: the driver every
 * import uses, and the import of people.
 *
 * The driver reads a CSV file (core/csvio.h), names its columns from the
 * header row and hands each row to the kind's row function inside its own
 * savepoint. A row that fails is rolled back to its savepoint and listed
 * on o->report as "FILE:LINE: reason" (the physical line, counting
 * newlines inside quoted cells). Then:
 *   - without skip_bad, any bad row makes the import fail (-1) and the
 *     caller rolls back its transaction: nothing is imported;
 *   - with skip_bad, the good rows stay and the bad rows are written to
 *     import_bad_path(FILE) with the original header plus an "error"
 *     column.
 * The caller must hold a transaction (the CLI's CMD_WRITE does), unless
 * the import is staged.
 *
 * A staged import (o->staged, on a database in a file, no transaction
 * held) keeps the write lock only for as long as storing takes: it checks
 * every row first in a scratch copy of the database (db_copy, beside
 * the file, "DB.import-PID", mode 0600; one left by a killed import is
 * removed by the next; other commands go on writing meanwhile), listing
 * the bad ones, and only then stores the good rows in one transaction of its own,
 * without a savepoint per row. Still all or nothing: if a row fails at
 * the second pass (the database changed in between), nothing is stored.
 *
 * Re-importing a file does not create duplicates: each kind finds the
 * record a row describes and then leaves it alone when nothing differs
 * (unchanged) or saves the cells that differ (updated). Empty cells and
 * missing columns never clear a field. Two rows of one file describing the
 * same record are an error on the second ("same person as line 3").
 *
 * Reasons for bad rows are the messages the modules' own checks give
 * (person_validate, phone_normalize, ...), captured with log_capture();
 * a capture of the caller's is restored after each row.
 */
#ifndef SHG_IMPORT_H
#define SHG_IMPORT_H

#include <stdint.h>

struct person_prefixes;
#include <stdio.h>

#include "core/csvio.h"
#include "core/db.h"

struct import_opts {
	int skip_bad;           /* keep the good rows, write the bad ones */
	int new_codes;          /* people: the case codes in the file are
	                         * another database's: match on name + phone
	                         * only and give new people new codes */
	const char *case_prefix;        /* people: config case_prefix */
	const struct person_prefixes *prefixes; /* people: NULL or the
	                                 * config's (overrides case_prefix) */
	int allow_multiple;     /* members: config groups.allow_multiple */
	const char *loan_interest[4];   /* loans: the default convention
	                                 * (schedule, daily; NULL: schedule)
	                                 * for sources state, wu, vbsp, ngo:* */
	int staged;             /* check in a copy, then store in one short
	                         * transaction (see above) */
	FILE *report;           /* bad rows and notes; NULL: stdout */
	const char *data;       /* not NULL: the file's contents, len bytes
	                         * (path only names it); not with skip_bad */
	size_t len;
	/* people: NULL, or whether the account importing may see and change
	 * person id: 1 yes, 0 no, -1 a database error (said). A row whose
	 * case code is outside is told as a code not in the database (what
	 * lies outside is not revealed); a row that matches, or would make,
	 * a person outside is bad. */
	int (*allowed)(struct db *db, int64_t person_id, void *arg);
	void *allowed_arg;
};

struct import_counts {
	int added, unchanged, updated, bad;
};

/* What a row function did. */
enum import_result { IMPORT_ADDED, IMPORT_UNCHANGED, IMPORT_UPDATED };

struct import_seen;

/* One row as a row function sees it. */
struct import_row {
	const char *path;
	int line;
	const char *const *cell;        /* by column id: trimmed NFC text, or
	                                 * NULL when empty or not in the file */
	int64_t id;                     /* set by the row function: the record
	                                 * it matched or added */
	const struct import_opts *opts;
	struct import_seen *seen;       /* the driver's: see import_seen() */
};

struct import_kind {
	const char *what;               /* "people", for messages */
	const char *label;              /* "person", "group", "membership",
	                                 * "support entry", "loan", "repayment"
	                                 * or "grant":
	                                 * for "same person as line 3" */
	const struct csvio_col *cols;   /* header names (csvio_columns) */
	int nids;
	const int *required;            /* ids the header must name; -1 ends */
	/* Check and store one row: an import_result, or -1 after error(). */
	int (*row)(struct db *db, struct import_row *r);
};

/* Run an import of kind k from path. 0 with the counts (also when rows
 * were skipped), or -1 (file unreadable, header wrong, bad rows without
 * skip_bad, the bad-row file could not be written, a database error). */
int import_run(struct db *db, const char *path, const struct import_kind *k,
    const struct import_opts *o, struct import_counts *out);

/* For row functions: the line of an earlier row of this import that
 * matched or added record id, or 0. Fails the row with "same LABEL as
 * line N" when there is one: returns -1 then, else 0. */
int import_check_seen(const struct import_row *r, int64_t id);

/* Where skipped rows go: "people.csv" -> "people.bad.csv" (a name not
 * ending in .csv gets ".bad.csv" added). Caller frees. */
char *import_bad_path(const char *path);

/* Parse helpers for row functions; each reports `COLUMN: "v" is not ...`. */
int import_yesno(const char *column, const char *v, int *out);
int import_date(const char *column, const char *v, int *out);
/* phone_normalize with the reason as an error; a converted old prefix is
 * noted on the report. */
int import_phone(const struct import_row *r, const char *column,
    const char *v, char *e164, size_t size);

/* For row functions comparing a record with a row: replace *dst by v (a
 * copy) when v is not NULL and differs, and then set *changed. */
void import_set_text(char **dst, const char *v, int *changed);
void import_set_int(int *dst, int v, int *changed);

/*
 * People. Columns (header names, any case; Vietnamese in brackets):
 * case_code, name (họ tên), gender (giới tính: female/male/other, nữ/nam),
 * born (năm sinh), phone (số điện thoại), village (thôn), commune (xã),
 * district (huyện), province (tỉnh), category (diện), route (con đường bị
 * lừa), returned (ngày trở về: a date), consent (đồng ý nhận tin nhắn:
 * yes/no, có/không), notes (ghi chú); "stt" and "status" (trạng thái)
 * are ignored. These are the headers export_people() writes in either
 * language. A row is the person with its case code when one is given (an
 * unknown code is an error unless new_codes), else the person with the
 * same name (ignoring case and diacritics) and phone (both without a phone
 * also match); a row matching nobody is a new person with a generated case
 * code (person_add).
 */
int import_people(struct db *db, const char *path, const struct import_opts *o,
    struct import_counts *out);

#endif
