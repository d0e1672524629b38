# init, version, help, check-config, audit, global options and exit codes.
# run.sh has already run "shg -c $DIR/shg.conf init" in this folder.

# init: the database is private, the configuration is the shipped example
expect_eq "database mode" "600" "$(stat -c %a "$DIR/shg.db")"
expect_eq "schema version" "$("$SHG" version | sed 's/.*schema \([0-9]*\).*/\1/')" \
	"$(sql "PRAGMA user_version")"
expect_eq "journal mode" "wal" "$(sql "PRAGMA journal_mode")"
example=
for r in "$(dirname "$SHG")" "$(dirname "$SHG")/.." "$(dirname "$SHG")/../.."; do
	[ -f "$r/config/shg.conf" ] && example="$r/config/shg.conf" && break
done
if cmp -s "$example" "$DIR/shg.conf"; then pass=$((pass + 1)); else
	not_ok "init did not write config/shg.conf exactly"; fi

# init without -c writes shg.conf and shg.db in the current folder; a
# second init keeps the data and the configuration
mkdir "$DIR/fresh"
(cd "$DIR/fresh" && SHG_CONFIG= "$SHG" init >"$DIR/out" 2>"$DIR/err")
expect_eq "init exit" "0" "$?"
expect_out "wrote example configuration shg.conf"
if cmp -s "$example" "$DIR/fresh/shg.conf"; then pass=$((pass + 1)); else
	not_ok "init without -c did not write the example"; fi
expect_eq "fresh db" "1" "$([ -f "$DIR/fresh/shg.db" ] && echo 1)"
expect_ok person add --name "Nguyễn Thị Hoa" --gender nữ --category at-risk
expect_ok init
expect_no_out "wrote example"
expect_out "ready (schema"
expect_eq "init keeps people" "1" "$(sql "SELECT count(*) FROM person")"
if cmp -s "$example" "$DIR/shg.conf"; then pass=$((pass + 1)); else
	not_ok "a second init changed shg.conf"; fi

# version and help
expect_ok version
expect_out "shg 0."
expect_out "database schema"
expect_ok help
for c in "person add" "person list" "need add" "need set" "support add" \
    "support list" "check-config" "audit" "init" "version"; do
	expect_out "  $c "
done
expect_fail 2 'try "shg person --help"' help person
expect_ok person add --help
expect_out "usage: shg person add --name NAME"
expect_out "--category C"
expect_ok --help
expect_out "Commands"
expect_ok person
expect_out "usage: shg person COMMAND"
expect_out "person close"
expect_fail 2 '"person bogus" is not a command' person bogus
expect_fail 2 '"frobnicate" is not a command' frobnicate
"$SHG" >"$DIR/out" 2>"$DIR/err"
expect_eq "no command" "2" "$?"

# global options: one line, exit 2
expect_fail 2 'unknown option "--colour"' --colour red person list
expect_fail 2 '--as needs a value' --as
expect_fail 2 'unknown option "--bogus"' person list --bogus
expect_fail 2 '--status needs a value' person list --status

# --help never needs a database
mkdir "$DIR/nodb"
(cd "$DIR/nodb" && SHG_CONFIG= "$SHG" person list --help >"$DIR/out" 2>"$DIR/err")
expect_eq "help without db" "0" "$?"
expect_out "usage: shg person list"
expect_eq "help made no database" "" "$(ls "$DIR/nodb")"

# commands that need a database say where to make one
printf 'database = "%s/nodb/x.db";\n' "$DIR" >"$DIR/nodb.conf"
"$SHG" -c "$DIR/nodb.conf" person list >"$DIR/out" 2>"$DIR/err"
expect_eq "no database exit" "1" "$?"
expect_eq "no database message" \
	"shg: $DIR/nodb/x.db: no database here (run \"shg init\" first)" "$(cat "$DIR/err")"
expect_eq "no database created" "" "$(ls "$DIR/nodb")"

# a newer database is refused with a clear message
cp "$DIR/shg.db" "$DIR/newer.db"
sqlite3 "$DIR/newer.db" "PRAGMA user_version = 999"
printf 'database = "newer.db";\n' >"$DIR/newer.conf"
"$SHG" -c "$DIR/newer.conf" person list >"$DIR/out" 2>"$DIR/err"
expect_eq "newer exit" "1" "$?"
expect_eq "newer message" "shg: $DIR/newer.db: database schema version 999 is newer than this program knows ($(sql "PRAGMA user_version")): upgrade shg" \
	"$(cat "$DIR/err")"

# check-config: OK, one error, several errors in one pass
expect_ok check-config
expect_out "configuration OK"
printf 'sms = { max_parts = 0; };\n' >"$DIR/bad1.conf"
expect_fail 1 "bad1.conf:1: sms.max_parts: 0 is out of range (1 to 10)" \
	-c "$DIR/bad1.conf" check-config
cat >"$DIR/bad.conf" <<'EOF'
# three problems
colour = "red";
sms = { quiet_start = "9pm"; };
timezone = "Asia/Atlantis";
log = { level = "loud"; syslog = "no"; };
groups = { holidays = ( { name = "X"; solar = "40/1"; } ); };
EOF
shg -c "$DIR/bad.conf" check-config
expect_eq "bad config exit" "1" "$RC"
expect_eq "bad config lines" "6" "$(wc -l <"$DIR/err")"
for m in "bad.conf:2: unknown setting \"colour\"" \
    "bad.conf:3: sms.quiet_start: \"9pm\" is not a time of day" \
    "bad.conf:4: timezone: \"Asia/Atlantis\" is not a known time zone" \
    "bad.conf:5: log.level: \"loud\" is not one of the allowed values" \
    "bad.conf:5: log.syslog: must be true or false" \
    "bad.conf:6: groups.holidays: \"40/1\" is not a day/month"; do
	if grep -qF -- "$m" "$DIR/err"; then pass=$((pass + 1)); else
		not_ok "check-config lacks: $m"; fi
done
expect_no_out "configuration OK"
# a bad configuration stops every command, before the database
expect_fail 1 "bad1.conf:1:" -c "$DIR/bad1.conf" person add --name X \
	--gender f --category at-risk
# $SHG_CONFIG is used when there is no -c
SHG_CONFIG="$DIR/bad1.conf" "$SHG" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "SHG_CONFIG used" "1" "$?"
SHG_CONFIG="$DIR/shg.conf" "$SHG" check-config >"$DIR/out" 2>"$DIR/err"
expect_out "$DIR/shg.conf: configuration OK"

# SHG_NOW must parse
SHG_NOW=soon "$SHG" -c "$DIR/shg.conf" version >"$DIR/out" 2>"$DIR/err"
expect_eq "bad SHG_NOW exit" "1" "$?"
expect_eq "bad SHG_NOW message" 'shg: SHG_NOW: "soon" is not a time (use YYYY-MM-DD HH:MM)' \
	"$(cat "$DIR/err")"

# audit: who is --as, else the operator in the config, else $USER
expect_ok --as "Chị Lan" person add --name "Lò Thị Dung" --gender nữ --category at-risk
USER=minh "$SHG" -c "$DIR/shg.conf" person edit SHG-2026-0002 --born 1990 >/dev/null 2>&1
sed 's/^operator = "";/operator = "Anh Tuấn";/' "$DIR/shg.conf" >"$DIR/op.conf"
USER=minh "$SHG" -c "$DIR/op.conf" person close SHG-2026-0002 --reason moved >/dev/null 2>&1
USER=minh "$SHG" -c "$DIR/op.conf" --as Hà person edit SHG-2026-0001 --born 1991 >/dev/null 2>&1
expect_eq "audit actors" "unknown|person add|person|1|add
Chị Lan|person add|person|2|add
minh|person edit|person|2|edit
Anh Tuấn|person close|person|2|close
Hà|person edit|person|1|edit" \
	"$(sql "SELECT actor || '|' || command || '|' || entity || '|' || entity_id || '|' || action FROM audit ORDER BY id" | sed '1s/^[^|]*|/unknown|/')"
expect_eq "audit time" "$(date -d '2026-11-23 02:00 UTC' +%s)" \
	"$(sql "SELECT DISTINCT at FROM audit")"
expect_ok audit
expect_out "Chị Lan"
expect_out "2026-11-23 09:00"
expect_ok audit --entity person --id 2 --limit 1
expect_lines 2
expect_out "close"
expect_ok audit --csv --entity person
expect_out "when,who,command,record,id,case,action,detail"
expect_fail 1 '--limit: "lots" is not a whole number' audit --limit lots
expect_fail 2 'unknown option "--who"' audit --who me

# a command that fails after writing leaves nothing: the audit insert is
# made to fail after the person and the case number were written
sql "CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit is offline'); END"
kept=$(sql "SELECT count(*) FROM person")/$(sql "SELECT group_concat(last) FROM case_seq")
expect_fail 1 "audit is offline" person add --name "Vàng Thị Mai" --gender nữ --category at-risk
expect_eq "rolled back" "$kept" \
	"$(sql "SELECT count(*) FROM person")/$(sql "SELECT group_concat(last) FROM case_seq")"
expect_fail 1 "audit is offline" person close SHG-2026-0001 --reason moved
expect_eq "still active" "active" "$(sql "SELECT status FROM person WHERE id = 1")"
sql "DROP TRIGGER no_audit"
expect_ok person add --name "Vàng Thị Mai" --gender nữ --category at-risk
expect_out "added SHG-2026-0003"

# help, version and --help need neither a configuration nor a database.
for args in "help" "version" "person add --help" "loan review --help"; do
	out=$(SHG_CONFIG=/nonexistent/shg.conf "$SHG" $args 2>&1)
	rc=$?
	expect_eq "shg $args without a config file exits 0" 0 "$rc"
done
out=$(SHG_CONFIG=/nonexistent/shg.conf "$SHG" person list 2>&1)
expect_eq "a command that needs the config says the file is missing" \
    "shg: /nonexistent/shg.conf: cannot read configuration file" "$out"
