# Helpers for the CLI tests, sourced by tests/cli/run.sh before each
# t_*.sh file. Every file runs in its own scratch folder ($DIR) with its own
# database and configuration; $SHG is the binary under test.
#
#   shg ARGS...                run shg, output in $DIR/out and $DIR/err
#   expect_ok ARGS...          run; it must exit 0
#   expect_fail CODE TEXT ARGS...
#                              run; it must exit CODE with one line on stderr
#                              containing TEXT, and leave the database as it was
#   expect_out TEXT            the last run's stdout contains TEXT
#   expect_no_out TEXT         ... does not contain TEXT
#   expect_lines N             the last run's stdout has N lines
#   expect_eq WHAT EXPECTED ACTUAL
#   sql QUERY                  print the result of a query on the database

pass=0
fail=0

not_ok() {
	fail=$((fail + 1))
	echo "FAIL [$TEST]: $*" >&2
}

shg() {
	"$SHG" -c "$DIR/shg.conf" "$@" >"$DIR/out" 2>"$DIR/err"
	RC=$?
	return 0
}

expect_ok() {
	shg "$@"
	if [ "$RC" -eq 0 ]; then pass=$((pass + 1)); else
		not_ok "shg $* exited $RC: $(head -c 300 "$DIR/err")"; fi
}

db_hash() {
	sqlite3 "$DIR/shg.db" .dump 2>/dev/null | md5sum
}

expect_fail() {
	code=$1 text=$2
	shift 2
	before=$(db_hash)
	shg "$@"
	after=$(db_hash)
	if [ "$RC" -ne "$code" ]; then
		not_ok "shg $* exited $RC, expected $code: $(head -c 300 "$DIR/err")"
	elif ! grep -qF -- "$text" "$DIR/err"; then
		not_ok "shg $*: stderr lacks \"$text\": $(head -c 300 "$DIR/err")"
	elif [ "$(wc -l <"$DIR/err")" -ne 1 ]; then
		not_ok "shg $*: stderr is not one line: $(head -c 300 "$DIR/err")"
	elif [ "$before" != "$after" ]; then
		not_ok "shg $*: the database changed"
	else
		pass=$((pass + 1))
	fi
}

expect_out() {
	if grep -qF -- "$1" "$DIR/out"; then pass=$((pass + 1)); else
		not_ok "stdout lacks \"$1\": $(head -c 600 "$DIR/out")"; fi
}

expect_no_out() {
	if grep -qF -- "$1" "$DIR/out"; then
		not_ok "stdout has \"$1\" but should not"
	else pass=$((pass + 1)); fi
}

expect_lines() {
	n=$(wc -l <"$DIR/out")
	if [ "$n" -eq "$1" ]; then pass=$((pass + 1)); else
		not_ok "stdout has $n lines, expected $1"; fi
}

expect_eq() {
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else
		not_ok "$1: expected \"$2\", got \"$3\""; fi
}

sql() {
	sqlite3 "$DIR/shg.db" "$1"
}

# sqlk QUERY [DATABASE KEY_FILE]: the same on the database opened with its key, where the
# view person_clear is person with names, phones and notes decrypted
# (tests/sqlkey.c, built beside $SHG: build/san/tests/sqlkey).
SQLKEY=${SQLKEY:-$(dirname "$SHG")/tests/sqlkey}
sqlk() {
	"$SQLKEY" "${2:-$DIR/shg.db}" "${3:-$DIR/shg.key}" "$1"
}
