# Privacy: reads and exports audited, file modes, and erasing a person
# (the report of a past period stays the same; no trace in the file).
export SHG_NOW="2026-07-15 09:00"
sed -i -e 's/checkin_every_days = 14;/checkin_every_days = 0;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' "$DIR/shg.conf"

expect_ok person add --name "Giàng Thị Xuyến" --gender female --category returned-self \
	--province "Lào Cai" --district "Sa Pa" --returned 2026-02-10 \
	--phone 0912345678 --consent yes --notes "bí mật riêng tư Xuyến"
A=$(sed -n 's/^added //p' "$DIR/out")
expect_ok person add --name "Vừ Thị Dua" --gender female --category at-risk \
	--province "Lào Cai" --district "Sa Pa"
B=$(sed -n 's/^added //p' "$DIR/out")
expect_ok need add "$A" legal-aid --date 2026-03-01 --notes "ghi chú nhu cầu Xuyến"
expect_ok support add "$A" --type capital --value 500000 --source state --date 2026-03-02 \
	--notes "ghi chú hỗ trợ Xuyến"
expect_ok visit log "$A" --date 2026-03-03 --visitor lan --kind home \
	--situation stable --notes "ghi chú thăm Xuyến"
expect_ok sms send "$A" "Tin nhắn riêng Xuyến đã gửi"
expect_ok serve --once
expect_ok sms inject 0912345678 "Tin trả lời riêng Xuyến"
expect_ok serve --once

# --- reads and exports are audited ---
expect_ok --as lan person show "$A"
expect_ok person list --names --district "Sa Pa"
expect_ok audit --person "$A" --csv
expect_out "lan,person show,person,1,$A,view,\"name,phone,notes\""
expect_out "person list,person,1,$A,read,\"name,phone\""
expect_ok audit --person "$B"
expect_no_out "person show"
expect_fail 1 'no one has the case code "SHG-9"' audit --person SHG-9
expect_ok audit --account lan --command "person show"
expect_lines 2
expect_ok audit --from 2026-07-16 --csv
expect_lines 1
expect_ok audit --to 2026-07-14 --csv
expect_lines 1
expect_ok audit --from 2026-07-15 --to 2026-07-15 --account lan --csv
expect_lines 2

expect_ok export people "$DIR/people.csv" --names
expect_eq "export mode" 600 "$(stat -c %a "$DIR/people.csv")"
expect_ok audit --entity export --csv
expect_out "rows 2: export people"
expect_ok audit --person "$B" --csv
expect_out "export people"
# an account that may not see names is refused (the audit shows nothing new)
printf 'mật khẩu dài 1\n' >"$DIR/pw"
expect_ok user add minh --role coordinator --district "Sa Pa" <"$DIR/pw"
expect_fail 1 'the account "minh" is a coordinator and may not see names' \
	--as minh export people "$DIR/p2.csv" --names
[ ! -e "$DIR/p2.csv" ] || not_ok "a refused export left a file"
expect_fail 1 'may not see names' --as minh person list --names
expect_fail 1 'may not see names' --as minh person show "$A"
expect_ok --as minh export people "$DIR/p3.csv"
expect_ok --as minh person list

# --- file modes ---
expect_ok report summary --from 2026-01-01 --to 2026-06-30 --html "$DIR/r.html"
expect_eq "html mode" 600 "$(stat -c %a "$DIR/r.html")"
for f in "$DIR"/modem/sent/*; do
	expect_eq "sent copy mode $f" 600 "$(stat -c %a "$f")"
done
expect_eq "modem folder mode" 700 "$(stat -c %a "$DIR/modem/sent")"
expect_eq "database mode" 600 "$(stat -c %a "$DIR/shg.db")"
expect_ok backup "$DIR/b.db"
expect_eq "backup mode" 600 "$(stat -c %a "$DIR/b.db")"
# an old world-readable report is made private when written again
chmod 644 "$DIR/r.html"
expect_ok report summary --from 2026-01-01 --to 2026-06-30 --html "$DIR/r.html"
expect_eq "rewritten html mode" 600 "$(stat -c %a "$DIR/r.html")"

# --- erasure ---
expect_ok report summary --from 2026-01-01 --to 2026-07-31 --csv
cp "$DIR/out" "$DIR/before.csv"
expect_fail 2 "give a case code and --reason" person erase "$A"
expect_fail 1 "not erased (the case code was not typed back)" \
	person erase "$A" --reason "asked by the person" </dev/null
printf 'SHG-wrong\n' >"$DIR/typed"
expect_fail 1 "not erased" person erase "$A" --reason "asked" <"$DIR/typed"
expect_fail 1 "SHG-9" person erase SHG-9 --reason "asked" --yes
printf '%s\n' "$A" >"$DIR/typed"
expect_ok person erase "$A" --reason "asked by the person" <"$DIR/typed"
expect_out "erased $A: name, phone, notes and 2 message texts"
expect_fail 1 "were erased already" person erase "$A" --reason again --yes
expect_ok report summary --from 2026-01-01 --to 2026-07-31 --csv
cmp -s "$DIR/out" "$DIR/before.csv" || not_ok "the report changed after erasing"
expect_eq "case code, category, returned stay" "$A|returned-self|2026-02-10|2026-07-15" \
	"$(sql "SELECT case_code, category, returned_on, erased_on FROM person WHERE id = 1")"
expect_eq "support amount stays" 500000 "$(sql "SELECT value FROM support")"
expect_eq "other person untouched" "Vừ Thị Dua" "$(sqlk "SELECT full_name FROM person_clear WHERE id = 2")"
expect_ok audit --person "$A" --csv
expect_out "person erase,person,1,$A,erase,asked by the person"
for t in "Giàng" "Xuyến" "Xuyen" "912345678" "0912345678" "bí mật" "ghi chú" \
    "Tin nhắn riêng" "Tin nhan rieng" "Tin trả lời"; do
	for f in "$DIR/shg.db" "$DIR/shg.db-wal"; do
		[ -e "$f" ] || continue
		if grep -qaF -- "$t" "$f"; then not_ok "\"$t\" is still in $f"; else
			pass=$((pass + 1)); fi
	done
done
# the old backup still has the person, as the command says (sealed: read
# with the key)
expect_eq "the backup made before keeps the name and the texts" "1|2" \
	"$(sqlk "SELECT (SELECT count(*) FROM person_clear WHERE full_name LIKE '%Xuyến%') || '|' || ((SELECT count(*) FROM outbox WHERE text LIKE '%Xuyến%') + (SELECT count(*) FROM inbox WHERE text LIKE '%Xuyến%'))" "$DIR/b.db")"

# --- due for erasure ---
expect_ok person erase --due
expect_out "privacy.erase_after_years is 0"
sed -i 's/erase_after_years = 0;/erase_after_years = 2;/' "$DIR/shg.conf"
expect_ok person close "$B" --reason moved --date 2024-07-01
expect_ok person erase --due --csv
expect_out "$B,2024-07-01"
expect_no_out "$A"
SHG_NOW="2026-06-30 09:00" expect_ok person erase --due --csv
expect_no_out "$B"

# --- SMS lists with whole numbers: the role, and the audit ---
expect_fail 1 'may not see names' --as minh sms outbox --names
expect_fail 1 'may not see names' --as minh inbox --names
expect_ok --as lan sms outbox --names
expect_ok --as lan inbox --names --person "$B"
expect_eq "sms reads audited" 1 \
	"$(sql "SELECT count(*) FROM audit WHERE actor = 'lan' AND command = 'sms outbox' AND detail = 'phone,sms'")"

# --- person show after an erasure says so, with no name ---
expect_ok person show "$A"
expect_out "name, phone, notes and messages erased on 2026-07-15"
expect_no_out "Xuyến"
expect_ok --lang vi person show "$A"
expect_out "đã xóa họ tên"
