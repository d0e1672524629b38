/*
 * account.h - accounts of the people who use shg through the web
 * interface (and later by SMS forms): roles, passwords, sessions.
 *
 * Roles: an organiser works within the groups given to her account; a
 * coordinator within a district or a province; an admin everywhere.
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str); the
 * hash never leaves this module. Failed logins are counted per account
 * and per address: each failure slows the next try, and after
 * ACCOUNT_MAX_FAILURES in a row the account is locked until an admin
 * unlocks it (account_unlock).
 *
 * Sessions are 256-bit random tokens given to the browser as hex; only
 * their hash (BLAKE2b) is stored. Each session has its own CSRF token.
 * A session ends after idle_minutes without use, after
 * ACCOUNT_SESSION_MAX_HOURS in all, or at logout.
 *
 * Every function returns 0 on success and -1 after saying why with
 * error(), unless its comment says otherwise. Strings in struct account
 * are owned by it: free with account_free.
 */
#ifndef SHG_ACCOUNT_H
#define SHG_ACCOUNT_H

#include <stdint.h>

#include "core/db.h"

#define ACCOUNT_MIN_PASSWORD 10
#define ACCOUNT_MAX_FAILURES 5
#define ACCOUNT_SESSION_MAX_HOURS 12
#define ACCOUNT_TOKEN_HEX 65            /* 64 hex digits and a NUL */

enum account_role {
	ROLE_ORGANISER = 1,
	ROLE_COORDINATOR = 2,
	ROLE_ADMIN = 3,
};

struct account {
	int64_t id;
	char *name;
	enum account_role role;
	char *district;         /* coordinator of a district, else NULL */
	char *province;         /* coordinator of a province, else NULL */
	char *phone;            /* E.164 or NULL */
	int disabled;
	int locked;             /* too many failed logins */
	int64_t *groups;        /* organiser: the group ids of the account */
	int ngroups;
};

/* "organiser", "coordinator", "admin" <-> the role; -1 / NULL if none. */
int account_role_parse(const char *s);
const char *account_role_code(enum account_role role);

/* 1 when the role may see names and phone numbers (an organiser: her
 * members'; an admin: everyone's), 0 for a coordinator, who works with
 * case codes and figures. */
int account_sees_names(enum account_role role);

/* Add an account. An organiser gets groups (ids, may be empty); a
 * coordinator needs exactly one of district or province. The password
 * must have ACCOUNT_MIN_PASSWORD characters. */
int account_add(struct db *db, const struct account *a, const char *password);
/* Everything account_add checks but the password: name (no spaces or
 * commas, unique ignoring ASCII case), role, place, groups. So that an
 * interface asks for the password only when the rest is right. */
int account_check(struct db *db, const struct account *a);
/* Replace an organiser's groups. */
int account_set_groups(struct db *db, int64_t id, const int64_t *groups, int n);
int account_passwd(struct db *db, const char *name, const char *password);
int account_disable(struct db *db, const char *name, int disabled);
int account_unlock(struct db *db, const char *name);
/* Give the account named a->name the role, place and groups of a (its
 * other fields are ignored). Its sessions end: it signs in again with
 * the new rights. */
int account_set_role(struct db *db, const struct account *a);
/* Look up by name or id. -1 (with a message) when there is none. */
int account_get(struct db *db, const char *name, struct account *out);
int account_get_id(struct db *db, int64_t id, struct account *out);
/* Every account, by name: *out is an array of *n, free with
 * account_free_list. */
int account_list(struct db *db, struct account **out, int *n);
void account_free(struct account *a);
void account_free_list(struct account *a, int n);

/* Make a the one acting on db: audit rows then carry its name as the
 * actor, command, and its id as account_id (see db_set_account). The web
 * interface calls this after session_check, before any change. */
void account_act(struct db *db, const struct account *a, const char *command);
/* Tests only: fast != 0 hashes with libsodium's minimum cost instead of
 * the interactive one (which takes about 64 MiB and a tenth of a second). */
void account_hash_cost(int fast);

enum login_result {
	LOGIN_OK = 0,
	LOGIN_WRONG,            /* unknown name or wrong password (not told apart) */
	LOGIN_LOCKED,
	LOGIN_DISABLED,
	LOGIN_SLOW_DOWN,        /* tried again too soon after a failure */
	LOGIN_ERROR,            /* the database failed; said with error() */
};
/* Check name and password from address addr (text, for the per-address
 * count). On LOGIN_OK *out is filled (free with account_free). Failures
 * are counted and locked as described above; nothing is printed for a
 * wrong password. After n failures in a row (of the account, or of the
 * address within an hour) the next try must wait 2^(n-1) seconds, at most
 * 60, else LOGIN_SLOW_DOWN (the try is not checked). A locked account
 * answers LOGIN_LOCKED without checking the password; a disabled one
 * answers LOGIN_DISABLED only to its right password, else LOGIN_WRONG.
 * An unknown name costs as much time as a wrong password. */
enum login_result account_login(struct db *db, const char *name,
    const char *password, const char *addr, struct account *out);

/* Start a session for account id: token and csrf receive hex strings. */
int session_start(struct db *db, int64_t account_id,
    char token[ACCOUNT_TOKEN_HEX], char csrf[ACCOUNT_TOKEN_HEX]);
/* The account of a live session (and its CSRF token; csrf may be NULL),
 * refreshing its last use (to the minute). Returns 0 with *out filled
 * (free with account_free), or 1 when the token is unknown, malformed,
 * expired or its account disabled (nothing printed; an expired session
 * is deleted), or -1 on a database error. Disabling an account or
 * changing its password ends its sessions. */
int session_check(struct db *db, const char *token, int idle_minutes,
    struct account *out, char csrf[ACCOUNT_TOKEN_HEX]);
/* 1 when given (from a form or header) is the session's CSRF token csrf,
 * compared in constant time; 0 otherwise (NULL, empty, another length). */
int session_csrf_ok(const char *csrf, const char *given);
/* Logout: forget the session (0 also when there was none). */
int session_end(struct db *db, const char *token);

#endif
