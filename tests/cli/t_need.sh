# The needs assessment and the support ledger. Today is 2026-11-23.

expect_ok person add --name "Nguyễn Thị Hoa" --gender nữ --category returned-official \
	--district "Mường Khương"
A=MK-2026-0001
expect_ok person add --name "Lò Thị Dung" --gender nữ --category at-risk \
	--district "Mường Khương"
B=MK-2026-0002

# need add
expect_ok need add $A "legal aid" --date 2026-10-01 --notes "chưa có CCCD"
expect_out "need legal-aid of $A identified"
expect_ok need add $A documents --date 2026-10-01
expect_ok need add $B medical
expect_eq "stored" "legal-aid|identified|2026-10-01|chưa có CCCD" \
	"$(sqlk "SELECT kind || '|' || status || '|' || identified_on || '|' || crypt_open(notes, 'need.notes', id) FROM need WHERE id = 1")"
expect_eq "today" "2026-11-23" "$(sql "SELECT identified_on FROM need WHERE id = 3")"
expect_fail 1 "need \"legal-aid\" of $A is already recorded (identified)" need add $A legal-aid
expect_fail 1 'kind: "food" is not a kind of need (medical, psychological' need add $A food
expect_fail 1 'person "NOPE" not found' need add NOPE medical
expect_fail 1 "date: 2026-11-24 is in the future" need add $A shelter --date 2026-11-24
expect_fail 1 '--date: "2026-02-30" is not a date' need add $A shelter --date 2026-02-30
expect_fail 2 "give a case code and a kind of need" need add $A
expect_fail 2 'unknown option "--kind"' need add $A shelter --kind x

# need set: referred (to whom), met
expect_fail 2 "--status referred needs --to ORG" need set $A legal-aid --status referred
expect_fail 2 "give a case code, a kind of need and --status" need set $A legal-aid
expect_fail 1 '--status: "done" is not referred or met' need set $A legal-aid --status done
expect_fail 2 "--to goes with --status referred" need set $A legal-aid --status met --to X
expect_fail 1 "date: 2026-09-30 is before the need was identified (2026-10-01)" \
	need set $A legal-aid --status referred --to "Trợ giúp pháp lý" --date 2026-09-30
expect_fail 1 "need \"shelter\" of $A is not recorded" need set $A shelter --status met
expect_ok need set $A legal-aid --status referred --to "Trung tâm trợ giúp pháp lý" --date 2026-10-05
expect_out "need legal-aid of $A referred"
expect_fail 1 "is before the need was referred (2026-10-05)" need set $A legal-aid \
	--status met --date 2026-10-04
expect_ok need set $A legal-aid --status met --date 2026-11-02
expect_fail 1 "need \"legal-aid\" of $A is already met" need set $A legal-aid --status met
expect_eq "dates" "met|Trung tâm trợ giúp pháp lý|2026-10-01|2026-10-05|2026-11-02" \
	"$(sql "SELECT status || '|' || referred_to || '|' || identified_on || '|' || referred_on || '|' || met_on FROM need WHERE id = 1")"
expect_eq "need audit" "add add add refer met" \
	"$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE entity = 'need' ORDER BY id)")"

# need list
expect_ok need list
expect_lines 4
expect_no_out "Nguyễn"
expect_no_out "chưa có CCCD"
expect_out "Trung tâm trợ giúp pháp lý"
expect_ok need list $B
expect_lines 2
expect_out "medical"
expect_ok need list --status identified
expect_lines 3
expect_no_out "legal-aid"
expect_ok need list --kind "identity papers"
expect_lines 2
expect_out "documents"
expect_ok need list $A --notes
expect_out "chưa có CCCD"
expect_ok need list --csv --status met
expect_out "case,kind,status,identified,referred to,referred,met"
expect_out "$A,legal-aid,met,2026-10-01,Trung tâm trợ giúp pháp lý,2026-10-05,2026-11-02"
expect_fail 1 '--status: "open" is not identified, referred or met' need list --status open
expect_fail 1 '--kind: "food" is not a kind of need' need list --kind food
expect_fail 1 'person "NOPE" not found' need list NOPE

# support add
expect_ok support add $A --type "initial support" --value 1.500.000 --source "ngân sách" \
	--date 2026-03-10
expect_out "added support #1 for $A"
expect_ok support add $A --type counselling --value 300000 --source "Hội Phụ nữ" \
	--date 2026-04-02 --notes "buổi 1"
expect_ok support add $B --type bhyt --value "800.000 đ" --source wu --date 2026-04-20
expect_ok support add $B --type capital --value 5,000,000 --source "NHCSXH" --date 2026-06-01
expect_ok support add $A --type referral --value 0 --source "NGO Blue Dragon" --date 2026-07-01
expect_ok support add $A --type medical --value 200000 --source state
expect_eq "stored" "initial|2026-03-10|1500000|state
counselling|2026-04-02|300000|wu
health-insurance|2026-04-20|800000|wu
capital|2026-06-01|5000000|vbsp
referral|2026-07-01|0|ngo:Blue Dragon
medical|2026-11-23|200000|state" \
	"$(sql "SELECT type || '|' || given_on || '|' || value || '|' || source FROM support ORDER BY id")"
expect_eq "support audit" "6" "$(sql "SELECT count(*) FROM audit WHERE entity = 'support' AND action = 'add'")"
expect_fail 1 '--value: "1.5 triệu" is not an amount of đồng' support add $A --type medical \
	--value "1.5 triệu" --source state
expect_fail 1 '--value: "-5" is not an amount' support add $A --type medical --value -5 --source state
expect_fail 1 '--source: "bank" is not a funding source (use state, wu, vbsp or ngo:NAME)' \
	support add $A --type medical --value 1 --source bank
expect_fail 1 "--source: \"ngo:\" needs the NGO's name" support add $A --type medical \
	--value 1 --source "ngo:"
expect_fail 1 '--type: "food" is not a type of support (initial, medical' support add $A \
	--type food --value 1 --source state
expect_fail 1 "date: 2026-11-24 is in the future" support add $A --type medical --value 1 \
	--source state --date 2026-11-24
expect_fail 1 'person "NOPE" not found' support add NOPE --type medical --value 1 --source state
expect_fail 2 "give a case code, --type, --value and --source" support add $A --type medical \
	--value 1
expect_fail 2 'unknown option "--amount"' support add $A --type medical --amount 1 --source state

# support list: rows by case code and a total line
expect_ok support list
expect_lines 8
expect_out "total: 6 times, 2 persons, 7,800,000 đ"
expect_no_out "Nguyễn"
expect_no_out "buổi 1"
expect_out "Women's Union"
expect_out "NGO Blue Dragon"
expect_ok support list --from 2026-04-01 --to 2026-06-30
expect_out "total: 3 times, 2 persons, 6,100,000 đ"
expect_ok support list $A
expect_out "total: 4 times, 1 person, 2,000,000 đ"
expect_ok support list --source "hội phụ nữ"
expect_out "total: 2 times, 2 persons, 1,100,000 đ"
expect_ok support list --type "health insurance"
expect_out "total: 1 time, 1 person, 800,000 đ"
expect_ok support list --from 2025-01-01 --to 2025-12-31
expect_out "total: 0 times, 0 persons, 0 đ"
expect_ok support list $A --notes
expect_out "buổi 1"
expect_ok support list --csv --type capital
expect_out "case,date,type,source,value"
expect_out "$B,2026-06-01,capital,vbsp"
expect_no_out "total:"
expect_lines 2
expect_fail 1 '--to: "2026-01-01" is before --from "2026-02-01"' support list \
	--from 2026-02-01 --to 2026-01-01
expect_fail 1 '--from: "March" is not a date' support list --from March
expect_fail 1 '--source: "bank" is not a funding source' support list --source bank

# a closed person: nothing after the closing date
expect_ok person close $B --reason moved --date 2026-07-01
expect_fail 1 "date: 2026-08-01 is after $B was closed (2026-07-01)" support add $B \
	--type medical --value 1 --source state --date 2026-08-01
expect_fail 1 "is after $B was closed" need add $B shelter
if grep -q "Dung" "$DIR/err"; then not_ok "an error shows a name"
else pass=$((pass + 1)); fi
expect_ok support add $B --type medical --value 1 --source state --date 2026-06-30
