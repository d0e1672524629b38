# The free text about a person's money, animals, membership and help
# requests (issue 18): sealed in the file and its backup, shown with the
# key, sealed in place by migration 21 in a database encrypted before it,
# kept by a key rotation, removed by erasing the person, with the
# summary report (loans and grants included) the same before and after.

holds() {
	[ -f "$1" ] && grep -aqF -- "$2" "$1"
}
file_sum() {
	cat "$DIR/shg.db" "$DIR/shg.db-wal" 2>/dev/null | md5sum
}
SECRETS="trả hộ chồng Xuyến|bị ốm nặng phải nằm viện|đã bỏ trốn sang Trung Quốc|lợn nái nhà Xuyến|chết vì chồng bỏ đói|sợ chồng cũ tìm đến|đã gọi cho Xuyến"

expect_ok person add --name "Giàng Thị Xuyến" --gender female --category returned-self \
	--district "Sa Pa" --returned 2026-01-10
A=$(sed -n 's/^added //p' "$DIR/out")
expect_ok person add --name "Vừ Thị Dua" --gender female --category at-risk --district "Sa Pa"
B=$(sed -n 's/^added //p' "$DIR/out")
expect_ok group add "Hoa Mai" --district "Sa Pa"
expect_ok group join "Hoa Mai" "$A" "$B" --date 2026-02-01
expect_ok loan disburse "$A" --principal 6000000 --rate 0%/month --term 6 \
	--source wu --group "Hoa Mai" --date 2026-02-15
expect_ok loan repay L1 1000000 --date 2026-03-15 --note "trả hộ chồng Xuyến"
expect_ok loan reschedule L1 --term 8 --rate 0%/month --reason "bị ốm nặng phải nằm viện" \
	--date 2026-04-20
expect_ok loan disburse "$A" --principal 2000000 --rate 0%/month --term 4 --source wu \
	--date 2026-02-20
expect_ok loan writeoff L2 --reason "đã bỏ trốn sang Trung Quốc" --date 2026-10-01
expect_ok loan disburse "$B" --principal 3000000 --rate 0%/month --term 6 --source wu \
	--date 2026-02-20
expect_ok loan repay L3 500000 --date 2026-03-20 --note "Dua tự trả"
expect_ok grant give "$A" --kind sow --count 2 --value 3000000 --source wu \
	--date 2026-03-01 --notes "lợn nái nhà Xuyến"
expect_ok grant check G1 --event died --count 1 --date 2026-05-01 --notes "chết vì chồng bỏ đói"
expect_ok group leave "Hoa Mai" "$A" --reason "sợ chồng cũ tìm đến" --date 2026-09-01
sql "INSERT INTO help_case (person_id, opened_at, reason, last_at) VALUES (1, 1790000000, 'asked for help by SMS', 1790000000)"
expect_ok followup close "$A" --note "đã gọi cho Xuyến"
expect_ok backup "$DIR/copy.db"

check_sealed() {
	for f in "$DIR/shg.db" "$DIR/shg.db-wal" "$@"; do
		[ -e "$f" ] || continue
		echo "$SECRETS" | tr '|' '\n' | while read -r s; do
			if holds "$f" "$s"; then echo "$(basename "$f") holds \"$s\""; fi
		done
	done
}
expect_eq "sealed in the file and the backup" "" "$(check_sealed "$DIR/copy.db")"
expect_eq "all sealed" "0" "$(sql "SELECT (SELECT count(*) FROM loan_pay WHERE typeof(note) = 'text') + (SELECT count(*) FROM loan_plan WHERE typeof(reason) = 'text') + (SELECT count(*) FROM loan WHERE typeof(writeoff_reason) = 'text') + (SELECT count(*) FROM ikgrant WHERE typeof(notes) = 'text') + (SELECT count(*) FROM ikgrant_event WHERE typeof(notes) = 'text') + (SELECT count(*) FROM membership WHERE typeof(leave_reason) = 'text') + (SELECT count(*) FROM help_case WHERE typeof(note) = 'text')")"

# with the key, every command shows them
show_all() {
	expect_ok loan show L1
	expect_out "trả hộ chồng Xuyến"
	expect_ok loan show L2
	expect_out "đã bỏ trốn sang Trung Quốc"
	expect_ok grant show G1
	expect_out "lợn nái nhà Xuyến"
	expect_out "chết vì chồng bỏ đói"
	expect_ok group members "Hoa Mai" --history
	expect_out "sợ chồng cũ tìm đến"
	expect_eq "plan reason" "bị ốm nặng phải nằm viện" \
		"$(sqlk "SELECT crypt_open(reason, 'loan_plan.reason', id) FROM loan_plan WHERE plan = 2")"
	expect_eq "help note" "đã gọi cho Xuyến" \
		"$(sqlk "SELECT crypt_open(note, 'help_case.note', id) FROM help_case")"
}
show_all

# a value moved to another row does not open
cp "$DIR/shg.db" "$DIR/keep.db"
sql "UPDATE loan_pay SET note = (SELECT note FROM loan_pay WHERE loan_id = 1) WHERE loan_id = 3"
expect_fail 1 "loan_pay.note of record 2 does not open" loan show L3
cp "$DIR/keep.db" "$DIR/shg.db"

# a database encrypted before migration 21, its notes in clear: a wrong
# key changes nothing; the right key seals them in place. Migration 21
# only changes values; the schema of migrations 22 to 24 is undone so
# that the database is as at 20 (with 24's: the tables 24 rebuilds need
# nothing).
latest=$(sql "PRAGMA user_version")
undo24="DROP INDEX outbox_recipient; ALTER TABLE outbox DROP COLUMN recipient_hash; CREATE INDEX outbox_recipient ON outbox(recipient, state); DROP INDEX outbox_part_report; ALTER TABLE outbox_part DROP COLUMN recipient_hash; ALTER TABLE outbox_part ADD COLUMN recipient TEXT NOT NULL DEFAULT ''; CREATE INDEX outbox_part_report ON outbox_part(recipient, tpmr, sent_at); DROP INDEX sms_form_sender; ALTER TABLE sms_form DROP COLUMN sender_hash; ALTER TABLE sms_form DROP COLUMN text_hash; CREATE INDEX sms_form_sender ON sms_form(sender, received_at)"
undo23="DROP TRIGGER inst_paid_pay_ins; DROP INDEX loan_disbursed; CREATE INDEX loan_disbursed ON loan(disbursed_on); DROP INDEX loan_owing; DROP INDEX membership_group; CREATE INDEX membership_group ON membership(group_id, joined_on); DROP INDEX person_report; DROP TRIGGER outbox_answered_ins; DROP TRIGGER outbox_answered_upd; DROP TRIGGER outbox_answered_del; DROP INDEX outbox_sent; CREATE INDEX outbox_sent ON outbox(state, sent_at, kind, person_id) WHERE state = 'sent'; ALTER TABLE outbox DROP COLUMN answered"
undo22="DROP TRIGGER inst_paid_alloc_ins; DROP TRIGGER inst_paid_alloc_del; DROP TRIGGER inst_paid_alloc_upd; DROP TRIGGER inst_paid_pay_upd; DROP TRIGGER inst_paid_pay_del; DROP INDEX loan_inst_unpaid; ALTER TABLE loan_inst DROP COLUMN paid; CREATE INDEX loan_inst_open ON loan_inst(due_on, loan_id, principal, interest, void_on, principal_void, interest_void) WHERE paid_off_on IS NULL; DROP INDEX membership_open; DROP INDEX membership_person; CREATE INDEX membership_person ON membership(person_id); DROP INDEX visit_person; CREATE INDEX visit_person ON visit(person_id, visit_on); DROP INDEX outbox_checkin_sent"
sql "UPDATE loan_pay SET note = 'ghi chú cũ còn rõ' WHERE id = 1; UPDATE membership SET leave_reason = 'lý do cũ còn rõ' WHERE leave_reason IS NOT NULL; UPDATE ikgrant SET notes = 'ghi chú lợn còn rõ'; $undo24; $undo23; $undo22; PRAGMA user_version = 20"
cp "$DIR/shg.key" "$DIR/good.key"
chmod 600 "$DIR/shg.key"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$DIR/shg.key"
chmod 400 "$DIR/shg.key"
sum0=$(file_sum)
expect_fail 1 "does not open this database" loan show L1
expect_eq "wrong key: unchanged" "$sum0" "$(file_sum)"
expect_eq "wrong key: not migrated" 20 "$(sql "PRAGMA user_version")"
rm -f "$DIR/shg.key"
cp "$DIR/good.key" "$DIR/shg.key"
chmod 400 "$DIR/shg.key"
expect_ok loan show L1
expect_out "ghi chú cũ còn rõ"
expect_eq "migrated" "$latest" "$(sql "PRAGMA user_version")"
expect_eq "sealed in place" "blob|blob|blob" \
	"$(sql "SELECT (SELECT typeof(note) FROM loan_pay WHERE id = 1) || '|' || (SELECT typeof(leave_reason) FROM membership WHERE leave_reason IS NOT NULL) || '|' || (SELECT typeof(notes) FROM ikgrant)")"
expect_ok grant show G1
expect_out "ghi chú lợn còn rõ"
expect_ok group members "Hoa Mai" --history
expect_out "lý do cũ còn rõ"

# rotation re-seals every one of them under the new key
sealed_hex() {
	sql "SELECT group_concat(h, ',') FROM (SELECT hex(note) AS h FROM loan_pay WHERE note IS NOT NULL UNION ALL SELECT hex(reason) FROM loan_plan WHERE reason IS NOT NULL UNION ALL SELECT hex(writeoff_reason) FROM loan WHERE writeoff_reason IS NOT NULL UNION ALL SELECT hex(notes) FROM ikgrant WHERE notes IS NOT NULL UNION ALL SELECT hex(notes) FROM ikgrant_event WHERE notes IS NOT NULL UNION ALL SELECT hex(leave_reason) FROM membership WHERE leave_reason IS NOT NULL UNION ALL SELECT hex(note) FROM help_case)"
}
sql "UPDATE loan_pay SET note = NULL WHERE id = 1"
expect_ok loan repay L1 1000000 --date 2026-05-15 --note "trả hộ chồng Xuyến"
before=$(sealed_hex)
expect_ok key rotate
expect_eq "integrity" ok "$(sql "PRAGMA integrity_check")"
after=$(sealed_hex)
echo "$before" | tr ',' '\n' >"$DIR/before.txt"
echo "$after" | tr ',' '\n' >"$DIR/after.txt"
expect_eq "as many sealed values" 8 "$(wc -l <"$DIR/after.txt")"
expect_eq "every one sealed anew" "" "$(grep -Fxf "$DIR/before.txt" "$DIR/after.txt")"
expect_ok loan show L1
expect_out "trả hộ chồng Xuyến"
expect_ok loan show L2
expect_out "đã bỏ trốn sang Trung Quốc"
expect_ok grant show G1
expect_out "ghi chú lợn còn rõ"
expect_out "chết vì chồng bỏ đói"
expect_ok group members "Hoa Mai" --history
expect_out "lý do cũ còn rõ"
expect_eq "plan reason and help note" "bị ốm nặng phải nằm viện|đã gọi cho Xuyến" \
	"$(sqlk "SELECT (SELECT crypt_open(reason, 'loan_plan.reason', id) FROM loan_plan WHERE plan = 2) || '|' || (SELECT crypt_open(note, 'help_case.note', id) FROM help_case)")"

# erasing A removes them; B's note and every figure stay
expect_ok report summary --from 2026-01-01 --to 2026-10-31 --csv
cp "$DIR/out" "$DIR/before.csv"
expect_ok loan list --csv
cp "$DIR/out" "$DIR/loans-before.csv"
expect_ok person erase "$A" --reason "asked by the person" --yes
expect_ok report summary --from 2026-01-01 --to 2026-10-31 --csv
cmp -s "$DIR/out" "$DIR/before.csv" || not_ok "the summary changed after erasing"
expect_ok loan list --csv
cmp -s "$DIR/out" "$DIR/loans-before.csv" || not_ok "the loan list changed after erasing"
expect_eq "erased" "0|0|0|0|0|0|0" \
	"$(sql "SELECT (SELECT count(note) FROM loan_pay WHERE loan_id IN (1, 2)) || '|' || (SELECT count(reason) FROM loan_plan WHERE loan_id = 1) || '|' || (SELECT count(writeoff_reason) FROM loan) || '|' || (SELECT count(notes) FROM ikgrant) || '|' || (SELECT count(notes) FROM ikgrant_event) || '|' || (SELECT count(leave_reason) FROM membership) || '|' || (SELECT count(*) FROM help_case WHERE length(note) > 0)")"
expect_ok loan show L3
expect_out "Dua tự trả"
expect_ok loan show L2
expect_out "written off"
expect_eq "nothing left in the file" "" "$(check_sealed)"
