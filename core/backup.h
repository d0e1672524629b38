/*
 * backup.h - a consistent copy of the database while the service runs.
 *
 * The copy is made with SQLite's online backup API from inside one read
 * transaction on the source, so it is the database as of one moment even
 * while other processes write (in WAL mode readers do not block writers,
 * and the snapshot keeps the backup from restarting). Pages are copied a
 * few at a time; BUSY and LOCKED are waited out and retried. The copy is
 * written to a temporary file beside the target, ".NAME.partial-PID"
 * (hidden, and never named like a backup), with mode 0600 (it holds
 * personal data), switched to a rollback journal so it is one
 * self-contained file, checked with PRAGMA integrity_check, synced and
 * only then renamed over the target.
 */
#ifndef SHG_BACKUP_H
#define SHG_BACKUP_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"

#define BACKUP_STEP_PAGES 16    /* pages per sqlite3_backup_step */
#define BACKUP_RETRY_MS 20      /* wait after BUSY or LOCKED */
#define BACKUP_RETRIES 1500     /* give up after about 30 seconds */

struct backup_info {
	int64_t bytes;          /* size of the copy */
	int pages;
	int schema;             /* PRAGMA user_version of the copy */
};

/* Copy db to path. db must not be inside a transaction. 0 with *out
 * filled, or -1 with a message (nothing is left at path or beside it).
 * Partial copies beside path left by earlier backups that were killed
 * (their process is gone) are removed first. */
int backup_run(struct db *db, const char *path, struct backup_info *out);

/* Remove ".NAME.partial-PID" files (and their "-journal") beside path
 * whose process no longer runs. */
void backup_clean_partial(const char *path);

/*
 * The backups folder (the nightly copies of shg-backup, and those made
 * from the web interface): files named shg-YYYY-MM-DD.db, one a day, so
 * that the nightly rotation keeps or removes them all alike.
 */
struct backup_file {
	char name[32];          /* "shg-2026-11-23.db" */
	int64_t bytes;
	time_t mtime;
};

/* 1 when name is a backup's file name (no folder, nothing else). */
int backup_name_ok(const char *name);
/* Make today's copy in dir (created 0700 when missing) as
 * shg-YYYY-MM-DD.db, replacing an earlier copy of the same day. name
 * receives the file name. */
int backup_today(struct db *db, const char *dir, char name[32],
    struct backup_info *out);
/* The backups in dir, newest first: *out (caller frees) of *n. A missing
 * folder has none. */
int backup_list(const char *dir, struct backup_file **out, int *n);

/* Tests: called after each step of the copy (to kill a backup half-way). */
extern void (*backup_step_hook)(void);

#endif
