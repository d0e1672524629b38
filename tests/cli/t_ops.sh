# Operations: check-config's refusals and warning, backups killed half-way,
# a write waiting for another command's lock.

# check-config: every problem at once, with file:line; nothing is OK
long="Nhóm họp tháng này ở nhà văn hóa thôn."
long="$long $long $long $long $long $long"
printf 'database = "";\nsms = { coding = "keep"; };\ntemplates = {\n  optin = "Cảm ơn \377\376";\n  meeting_today = "{name}: %s";\n};\n' \
	"$long" >"$DIR/bad.conf"
"$SHG" -c "$DIR/bad.conf" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "check-config refuses" "1" "$?"
expect_eq "three problems" "3" "$(wc -l <"$DIR/err")"
expect_eq "database" "1" "$(grep -c 'bad.conf:1: database: "" must not be empty' "$DIR/err")"
expect_eq "utf-8" "1" "$(grep -c 'bad.conf:4: templates.optin: is not valid UTF-8' "$DIR/err")"
expect_eq "length" "1" "$(grep -c 'bad.conf:5: templates.meeting_today: needs 4 SMS parts even with every placeholder empty, more than sms.max_parts (3)' "$DIR/err")"
expect_no_out "configuration OK"
# the same template is fine when 4 parts are allowed
printf 'sms = { coding = "keep"; max_parts = 4; };\ntemplates = { meeting_today = "{name}: %s"; };\n' \
	"$long" >"$DIR/four.conf"
"$SHG" -c "$DIR/four.conf" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "four parts allowed" "0" "$?"
expect_out "configuration OK"
# an empty list of forbidden words: OK, with one warning line
printf 'privacy = { forbidden_words = []; };\n' >"$DIR/open.conf"
"$SHG" -c "$DIR/open.conf" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "privacy off exit" "0" "$?"
expect_out "configuration OK"
expect_eq "one warning" "1" "$(wc -l <"$DIR/err")"
expect_eq "warning text" "1" "$(grep -c 'open.conf: warning: privacy.forbidden_words is empty: the privacy filter is off' "$DIR/err")"
"$SHG" --lang vi -c "$DIR/open.conf" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "warning in Vietnamese" "1" "$(grep -c 'bộ lọc bảo mật đang tắt' "$DIR/err")"
"$SHG" -c "$DIR/shg.conf" check-config >"$DIR/out" 2>"$DIR/err"
expect_eq "shipped config: no warning" "0" "$(wc -l <"$DIR/err")"

# backup: a partial copy whose process is gone is removed, one of a
# running process is kept, and nothing named like a backup is left
expect_ok person add --name "Nguyễn Thị Hoa" --gender nữ --category at-risk
mkdir "$DIR/bk"
: >"$DIR/bk/.shg-copy.db.partial-999999999"
: >"$DIR/bk/.shg-copy.db.partial-999999999-journal"
: >"$DIR/bk/.shg-copy.db.partial-$$"
expect_ok backup "$DIR/bk/shg-copy.db"
expect_eq "leftover removed" "" "$(ls -A "$DIR/bk" | grep 999999999)"
expect_eq "live one kept" "1" "$(ls -A "$DIR/bk" | grep -c "partial-$$\$")"
expect_eq "copy has the person" "1" \
	"$(sqlite3 "$DIR/bk/shg-copy.db" 'SELECT count(*) FROM person')"

# a write while another process holds the write lock waits for it and
# says so once after a second (the unit test test_db covers waits past
# the old 5 s limit)
(printf 'BEGIN IMMEDIATE;\nDELETE FROM person WHERE 0;\n.shell sleep 2.5\nCOMMIT;\n' |
	sqlite3 "$DIR/shg.db" >/dev/null 2>&1) &
holder=$!
sleep 0.5
expect_ok person add --name "Trần Thị Mai" --gender nữ --category at-risk
wait $holder
expect_eq "waited once" "1" "$(grep -c 'waiting for another shg command to finish…' "$DIR/err")"
expect_eq "added after the wait" "2" "$(sql 'SELECT count(*) FROM person')"
