# import, export and backup commands. Today is 2026-11-23.

# people: Vietnamese headers, BOM, CRLF, a quoted comma; then again
printf '\357\273\277STT,Họ tên,Giới tính,Năm sinh,Số điện thoại,Xã,Huyện,Tỉnh,category,consent\r\n1,Lò Thị Mai,nữ,1998,0912 345 678,Bản Lầu,Mường Khương,Lào Cai,returned-official,có\r\n2,"Vàng, A Sử",Nam,2001,,Pha Long,Mường Khương,Lào Cai,at-risk,không\r\n' >people.csv
expect_ok import people people.csv
expect_out "people.csv: 2 added, 0 updated, 0 unchanged, 0 bad"
A=$(sqlk "SELECT case_code FROM person_clear WHERE full_name = 'Lò Thị Mai'")
B=$(sqlk "SELECT case_code FROM person_clear WHERE full_name = 'Vàng, A Sử'")
b=$(echo "$B" | tr 'A-Z' 'a-z')
expect_eq "codes from the district" "MK-2026-0001 MK-2026-0002" "$A $B"
expect_eq "phone" "+84912345678" "$(sqlk "SELECT phone FROM person_clear WHERE case_code = '$A'")"
expect_eq "name" "Vàng, A Sử|male|1" "$(sqlk "SELECT full_name || '|' || gender || '|' || (phone IS NULL) FROM person_clear WHERE case_code = '$B'")"
expect_ok import people people.csv
expect_out "people.csv: 0 added, 0 updated, 2 unchanged, 0 bad"
expect_eq "people" 2 "$(sql 'SELECT count(*) FROM person')"

# every bad row with its physical line; nothing imported
cat >bad.csv <<'CSV'
name,gender,category,phone,notes
Good One,female,at-risk,0987654321,"a note
on two lines"
Bad Phone,female,at-risk,0912 34,

Too Few,female
Lò Thị Mai,nữ,returned-official,0912.345.678,
LO THI MAI,female,at-risk,+84912345678,
CSV
expect_fail 1 "bad.csv: 3 bad rows, nothing imported" import people bad.csv
expect_out 'bad.csv:4: phone: "0912 34" has too few digits'
expect_out "bad.csv:6: 2 cells, but the header has 5 columns"
expect_out "bad.csv:8: same person as line 7"
expect_no_out "bad.csv:2:"
expect_eq "no bad file yet" "no" "$([ -e bad.bad.csv ] && echo yes || echo no)"

# --skip-bad keeps the good rows and writes the bad ones beside the file
expect_ok import people bad.csv --skip-bad
expect_out "3 bad rows written to bad.bad.csv"
expect_out "bad.csv: 1 added, 0 updated, 1 unchanged, 3 bad"
expect_eq "bad header" "name,gender,category,phone,notes,error" "$(head -1 bad.bad.csv | tail -c +4 | tr -d '\r')"
expect_eq "bad lines" 4 "$(wc -l <bad.bad.csv)"
expect_eq "bad reason" 1 "$(grep -cF 'Bad Phone,female,at-risk,0912 34,,"phone: ""0912 34"" has too few digits"' bad.bad.csv)"
expect_eq "short row padded" 1 "$(grep -cF 'Too Few,female,,,,' bad.bad.csv)"
expect_eq "people" 3 "$(sql 'SELECT count(*) FROM person')"

# updates: by case code, and by name + phone; empty cells clear nothing
printf "case_code,name,commune,born,phone\n$b,,Tả Ngải Chồ,,\n,lo thi mai,,1997,+84 912 345 678\n" >upd.csv
expect_ok import people upd.csv
expect_out "0 added, 2 updated, 0 unchanged, 0 bad"
expect_eq "commune" "Tả Ngải Chồ|Vàng, A Sử" "$(sqlk "SELECT commune || '|' || full_name FROM person_clear WHERE case_code = '$B'")"
expect_eq "born" "1997|Bản Lầu" "$(sql "SELECT birth_year || '|' || commune FROM person WHERE case_code = '$A'")"
expect_eq "audited" 2 "$(sql "SELECT count(*) FROM audit WHERE entity = 'person' AND action = 'edit'")"

# files that cannot be read
printf 'name,gender,category\nNguy\322n,n\367,at-risk\n' >w1258.csv
expect_fail 1 "w1258.csv:2: the file is not UTF-8" import people w1258.csv
expect_fail 1 "iconv -f WINDOWS-1258 -t UTF-8" import people w1258.csv
expect_fail 1 'CSV UTF-8 (Comma delimited)' import people w1258.csv
printf 'name,phnoe\nA,1\n' >col.csv
expect_fail 1 'col.csv:1: unknown column "phnoe"' import people col.csv
printf 'case_code,name\nXY-2020-0001,A\n' >code.csv
expect_fail 1 "1 bad row" import people code.csv
expect_out 'case_code: "XY-2020-0001" is not in this database'
expect_fail 1 "missing.csv: No such file" import people missing.csv
expect_fail 2 "give a CSV file" import people
expect_fail 2 'unknown option "--new-codes"' import groups x.csv --new-codes

# groups and members
printf 'Tên nhóm,Xã,Địa điểm,organiser_phone,founded\nNhóm Hoa Mai,Bản Lầu,Nhà văn hóa,0912 345 678,2026-01-01\nNhóm Sen,Pha Long,,,01/03/2026\n' >groups.csv
expect_ok import groups groups.csv
expect_out "groups.csv: 2 added, 0 updated, 0 unchanged, 0 bad"
expect_eq "group" "+84912345678|2026-03-01" "$(sql "SELECT g1.organiser_phone || '|' || g2.founded_on FROM grp g1, grp g2 WHERE g1.name = 'Nhóm Hoa Mai' AND g2.name = 'Nhóm Sen'")"
expect_ok import groups groups.csv
expect_out "0 added, 0 updated, 2 unchanged, 0 bad"
printf 'name,place\nnhom sen,Chợ\n' >gupd.csv
expect_ok import groups gupd.csv
expect_out "0 added, 1 updated"
expect_eq "place" "Chợ" "$(sql "SELECT place FROM grp WHERE name = 'Nhóm Sen'")"

printf "group,case_code,role,joined\nNhóm Hoa Mai,$A,leader,2026-02-01\nnhom sen,$B,,2026-03-05\n" >members.csv
expect_ok import members members.csv
expect_out "members.csv: 2 added, 0 updated, 0 unchanged, 0 bad"
expect_ok import members members.csv
expect_out "0 added, 0 updated, 2 unchanged, 0 bad"
printf "group,case_code,role\nNhóm Hoa Mai,$A,treasurer\n" >role.csv
expect_ok import members role.csv
expect_out "0 added, 1 updated"
expect_eq "role" "treasurer|2026-02-01" "$(sql "SELECT role || '|' || joined_on FROM membership WHERE person_id = 1")"
printf "group,case_code\nNhóm Sen,$A\nNhóm Sen,SHG-2026-0099\nNowhere,SHG-2026-0003\n" >mbad.csv
expect_fail 1 "mbad.csv: 3 bad rows" import members mbad.csv
expect_out 'mbad.csv:2: already a member of group "Nhóm Hoa Mai"'
expect_out 'mbad.csv:3: person "SHG-2026-0099" not found'
expect_out 'mbad.csv:4: group "Nowhere" not found'

# exports
expect_ok export people codes.csv
expect_out "wrote 3 people to codes.csv"
expect_eq "no names without --names" 0 "$(grep -c 'Lò Thị Mai' codes.csv)"
expect_eq "codes" 1 "$(grep -c "^$A,female,1997,,Bản Lầu" codes.csv)"
expect_eq "mode" 600 "$(stat -c %a codes.csv)"
expect_ok export people all.csv --names
expect_eq "names" 1 "$(grep -c "^$A,Lò Thị Mai,female,1997,+84912345678," all.csv)"
expect_ok export groups groups-out.csv
expect_eq "groups" 3 "$(wc -l <groups-out.csv)"
expect_ok export members members-out.csv --names
expect_eq "member row" 1 "$(grep -c "^Nhóm Hoa Mai,$A,Lò Thị Mai,treasurer,2026-02-01" members-out.csv)"
expect_ok loan disburse $A --principal 10000000 --rate 0.65%/month --term 12 --source vbsp --group "Nhóm Hoa Mai" --date 2026-06-01
expect_ok export loans loans.csv
expect_out "wrote 1 loan to loans.csv"
expect_eq "loan row" 1 "$(grep -c "^1,$A,Nhóm Hoa Mai,vbsp,,10000000,0.6500,month,12,monthly,declining,2026-06-01," loans.csv)"
expect_ok support add $B --type medical --value 500000 --source state --date 2026-11-01 --notes "private"
expect_ok export support support.csv
expect_eq "support row" 1 "$(grep -c "^2026-11-01,$B,medical,500000,state" support.csv)"
expect_eq "no notes" 0 "$(grep -c private support.csv)"
expect_fail 1 "no/such/dir/x.csv" export people no/such/dir/x.csv
expect_eq "no half file" "" "$(ls | grep 'tmp-')"

# round trip: the export imports into a fresh database as the same people
mkdir fresh
"$SHG" -c fresh/shg.conf init >/dev/null 2>&1
"$SHG" -c fresh/shg.conf import people all.csv >fresh/out 2>&1
expect_eq "codes are this database's" 3 "$(grep -c 'is not in this database' fresh/out)"
"$SHG" -c fresh/shg.conf import people all.csv --new-codes >fresh/out 2>&1
expect_eq "fresh import" "all.csv: 3 added, 0 updated, 0 unchanged, 0 bad" "$(cat fresh/out)"
q="SELECT full_name, gender, birth_year, phone, village, commune, district, province, category, route, returned_on, sms_consent, notes FROM person_clear ORDER BY full_name"
expect_eq "same people" "$(sqlk "$q")" "$(sqlk "$q" fresh/shg.db fresh/shg.key)"

# progress: none when stderr is redirected, a bar on a terminal
{ echo "name,gender,category"; i=0; while [ $i -lt 250 ]; do echo "Người $i,nữ,at-risk"; i=$((i + 1)); done; } >big.csv
expect_ok import people big.csv
expect_out "250 added"
expect_eq "quiet when redirected" "" "$(cat "$DIR/err")"
script -qec "\"$SHG\" -c \"$DIR/shg.conf\" export people tty.csv" /dev/null </dev/null >tty.out 2>&1
expect_eq "bar on a terminal" 1 "$(grep -c 'exporting \[#' tty.out)"

# backup while another process keeps adding people
rm -f stop
( i=0; while [ ! -e stop ]; do
	"$SHG" -c "$DIR/shg.conf" person add --name "W $i" --gender nữ --category at-risk >/dev/null 2>&1
	i=$((i + 1)); done ) &
writer=$!
# (the sqlite3 shell waits for the writer's lock instead of failing)
while [ "$(sqlk "SELECT count(*) FROM person_clear WHERE full_name LIKE 'W %'")" -lt 2 ]; do
	sleep 0.1; done
expect_ok backup copy.db
expect_out "integrity ok"
expect_out "schema version $(sql 'PRAGMA user_version')"
expect_ok backup copy.db
expect_eq "written meanwhile" yes "$([ "$(sqlk "SELECT count(*) FROM person_clear WHERE full_name LIKE 'W %'" copy.db)" -ge 2 ] && echo yes)"
touch stop
wait $writer
expect_eq "integrity" ok "$(sqlite3 copy.db 'PRAGMA integrity_check')"
expect_eq "one moment" "$(sqlite3 copy.db "SELECT count(*) FROM person")" \
	"$(sqlite3 copy.db "SELECT count(*) FROM audit WHERE entity = 'person' AND action = 'add'")"
expect_eq "copy mode" 600 "$(stat -c %a copy.db)"
expect_eq "one file" "" "$(ls | grep 'copy.db.')"
expect_fail 1 "backup no/dir/c.db" backup no/dir/c.db
expect_fail 2 "give the file" backup

# support, loans, repayments and grants from spreadsheets, audited as --as
printf 'Mã hồ sơ;Loại hỗ trợ;Ngày;Giá trị;Nguồn kinh phí\n%s;capital;01/02/2026;1.500.000 đ;ngo:Blue Dragon\n%s;legal aid;2026-03-01;;ngân sách\n' "$A" "$B" >sup.csv
expect_ok --as Lan import support sup.csv
expect_out "sup.csv: 2 added, 0 updated, 0 unchanged, 0 bad"
expect_eq "support audited" 2 "$(sql "SELECT count(*) FROM audit WHERE entity = 'support' AND actor = 'Lan' AND command = 'import support'")"
expect_ok import support sup.csv
expect_out "sup.csv: 0 added, 0 updated, 2 unchanged, 0 bad"
printf 'case_code,type,date,source\n%s,medical,2026-01-01,state\n%s,medical,2026-13-01,state\n' "$A" "$A" >sup2.csv
expect_fail 1 "sup2.csv: 1 bad row, nothing imported" import support sup2.csv
expect_out 'sup2.csv:3: date: "2026-13-01" is not a date'
printf 'ref,case_code,source,principal,rate,term,disbursed,freq\nVB-001,%s,vbsp,10.000.000,"0,65%%/tháng",12,15/01/2026,quarterly\nHPN-7,%s,wu,3000000,1%%/month,6,2026-03-01,\n' "$A" "$B" >loans.csv
expect_ok --as Lan import loans loans.csv
expect_out "loans.csv: 2 added"
expect_eq "conventions from the settings" "vbsp|daily|quarterly wu|schedule|monthly" "$(sql "SELECT source || '|' || interest || '|' || freq FROM loan JOIN loan_ref ON loan_id = loan.id ORDER BY loan.id" | tr '\n' ' ' | sed 's/ $//')"
printf 'loan,date,amount\nvb-001,2026-04-15,2.695.000\nHPN-7,2026-04-01,530000\n' >pay.csv
expect_ok import repayments pay.csv
expect_out "pay.csv: 2 added"
expect_ok import repayments pay.csv
expect_out "pay.csv: 0 added, 0 updated, 2 unchanged, 0 bad"
printf 'loan,date,amount\nVB-404,2026-04-15,100\n' >pay2.csv
expect_fail 1 "pay2.csv: 1 bad row, nothing imported" import repayments pay2.csv
expect_out 'pay2.csv:2: loan: "VB-404" is neither a loan of this database'
printf 'Mã hồ sơ,Loại,Số lượng,Đơn giá,Ngày nhận,Nguồn kinh phí,Số con phải chuyển,Hạn chuyển,Chuyển cho\n%s,Lợn nái,1,3.000.000,2026-02-10,wu,2,31/12/2026,%s\n' "$A" "$B" >grants.csv
expect_ok import grants grants.csv
expect_out "grants.csv: 1 added"
expect_eq "obligation" "sow|2|2026-12-31" "$(sql "SELECT g.kind || '|' || o.count || '|' || o.due_on FROM ikgrant g JOIN ikgrant_oblig o ON o.grant_id = g.id")"
expect_ok import grants --help
expect_out "passon_by"
expect_ok --lang vi import loans --help
expect_out "mã khoản vay"
