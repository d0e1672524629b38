/*
 * crypt.h - the sensitive fields of the database, encrypted at rest.
 *
 * One key per installation: 32 random bytes in security.key_file (64
 * hexadecimal digits, or the 32 bytes themselves), mode 0400, kept apart
 * from the database and its backups; or the systemd credential "shg.key"
 * ($CREDENTIALS_DIRECTORY/shg.key), which comes first when present. The
 * process holds one key at a time (crypt_key_load).
 *
 * A sealed value is a BLOB: a version byte, a fresh 24-byte nonce, then
 * the text encrypted with XChaCha20-Poly1305-IETF under a subkey of the
 * key, with "table.column" and the row's id as associated data: a value
 * copied to another row or column, or altered, does not open. Exact-match
 * lookups (a phone number, a folded name) use a blind index: a keyed
 * BLAKE2b hash under another subkey.
 *
 * SQL sees them through functions registered on every connection
 * (crypt_register, called by db_open):
 *   crypt_seal(text, 'table.column', id)   -> BLOB (NULL stays NULL)
 *   crypt_open(value, 'table.column', id)  -> text; a text value (a
 *                                             database not yet encrypted)
 *                                             is returned as it is
 *   crypt_blind(text)                      -> 16-byte BLOB, NULL for NULL
 *   crypt_prev(value, 'table.column', id)  -> crypt_open with the key
 *                                             being replaced (rotation)
 *   crypt_reseal(value, 'table.column', id) -> crypt_seal(crypt_prev(...))
 * A value that does not open fails the statement with a message naming
 * the table, column and row.
 *
 * The database holds a check value sealed with the key (table
 * crypt_check): a wrong key is refused when the database is opened,
 * before anything is written.
 */
#ifndef SHG_CRYPT_H
#define SHG_CRYPT_H

#include <sqlite3.h>

#include "core/db.h"

#define CRYPT_KEY_BYTES 32

/* The name of the systemd credential the key may come from. */
#define CRYPT_CREDENTIAL "shg.key"

/* Write a new random key to path (64 hexadecimal digits, mode 0400).
 * -1 with a message when path exists (a key is never replaced) or
 * cannot be written. */
int crypt_key_create(const char *path);
/* Load the key: the systemd credential when $CREDENTIALS_DIRECTORY holds
 * one, else path. -1 with a one-line message when the file is missing,
 * readable by its group or others, or not a key. */
int crypt_key_load(const char *path);
/* Use key directly (tests). */
void crypt_key_set(const unsigned char key[CRYPT_KEY_BYTES]);
/* Forget the key (and the one being replaced), wiping them. */
void crypt_key_forget(void);
/* 1 when a key is loaded. */
int crypt_key_loaded(void);
/* Where the key loaded came from (borrowed), "" for none. */
const char *crypt_key_source(void);

/* Register the SQL functions above on a connection. */
int crypt_register(sqlite3 *h);

/*
 * Bind a freshly opened database to the key loaded (db_open calls it
 * after the migrations; nothing happens without a key). A database with
 * a check value must open it: otherwise -1 with "the key does not open
 * this database". A database without one is being encrypted for the
 * first time: when it holds people, a clear-text backup is made beside
 * it first (DATABASE.before-encryption, said on stderr); then every
 * module's sealed columns are encrypted and the check value written, in
 * one transaction.
 */
int crypt_attach(struct db *db);
/*
 * Before the migrations (db_open): when a key is loaded and the database
 * holds a check value, the key must open it (-1 with the message of
 * crypt_attach otherwise), so that a migration sealing values already in
 * the file never seals them with a wrong key. 0 otherwise.
 */
int crypt_verify(struct db *db);

/*
 * Re-encrypt everything under a new key: a new key is written to
 * KEY_FILE.new, every sealed column and blind index is rewritten in one
 * transaction, the check value replaced, PRAGMA integrity_check run;
 * then the old key is kept as KEY_FILE.old (backups made before need it)
 * and the new one takes the name KEY_FILE. db must hold the current key
 * and not be in a transaction. On failure nothing changes.
 */
int crypt_rotate(struct db *db, const char *key_file);

#endif
