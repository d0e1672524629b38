# The people registry: person add, edit, show, list, close. Today is
# 2026-11-23; case codes come from the district's initials, else SHG.

expect_ok person add --name "Nguyễn Thị Dũng" --gender nữ --born 1998 \
	--phone "0912 345 678" --village "Bản Lầu" --commune "Lùng Vai" \
	--district "Huyện Mường Khương" --province "Lào Cai" \
	--category returned-official --returned 2026-03-08 --consent yes \
	--notes "về qua cửa khẩu"
expect_out "added MK-2026-0001"
expect_eq "stored" "+84912345678|female|1998|2026-03-08|1|2026-11-23|returned-official" \
	"$(sqlk "SELECT phone || '|' || gender || '|' || birth_year || '|' || returned_on || '|' || sms_consent || '|' || consent_on || '|' || category FROM person_clear WHERE id = 1")"
expect_eq "audit add" "person|1|add|person add" \
	"$(sql "SELECT entity || '|' || entity_id || '|' || action || '|' || command FROM audit")"
M=MK-2026-0001

# phones as people type them, and the prefixes retired in 2018
phone_is() {
	expect_ok person add --name "Số $1" --gender f --category at-risk --phone "$1"
	got=$(sqlk "SELECT phone FROM person_clear ORDER BY id DESC LIMIT 1")
	expect_eq "phone $1" "$2" "$got"
}
phone_is "84912345678" "+84912345678"
phone_is "+84-912-345-678" "+84912345678"
phone_is "0912.345.678" "+84912345678"
phone_is "(+84) 912 345 678" "+84912345678"
phone_is "0243 826 1234" "+842438261234"
phone_is "01628 123 456" "+84328123456"
expect_out "note: converted old prefix 0162 to 032"
phone_is "0169 123 4567" "+84391234567"
phone_is "0120 123 4567" "+84701234567"
phone_is "0121 123 4567" "+84791234567"
phone_is "0122 123 4567" "+84771234567"
phone_is "0126 123 4567" "+84761234567"
phone_is "0128 123 4567" "+84781234567"
phone_is "0123 123 4567" "+84831234567"
phone_is "0124 123 4567" "+84841234567"
phone_is "0125 123 4567" "+84851234567"
phone_is "0127 123 4567" "+84811234567"
phone_is "0129 123 4567" "+84821234567"
phone_is "0186 123 4567" "+84561234567"
phone_is "0188 123 4567" "+84581234567"
phone_is "0199 123 4567" "+84591234567"
phone_is "+84 1628 123 456" "+84328123456"
n=$(sql "SELECT count(*) FROM person")
expect_fail 1 "--phone:" person add --name X --gender f --category at-risk --phone "0912 34"
expect_fail 1 "has too many digits" person add --name X --gender f --category at-risk \
	--phone "0912 345 6789"
if grep -q "0912 345 6789" "$DIR/err"; then not_ok "error shows the whole number"
else pass=$((pass + 1)); fi
expect_fail 1 "--phone:" person add --name X --gender f --category at-risk --phone "0130 123 4567"
expect_fail 1 "is not a Vietnamese number" person add --name X --gender f \
	--category at-risk --phone "+1 555 123 4567"
expect_fail 1 "--phone:" person add --name X --gender f --category at-risk --phone "abc"
expect_eq "nothing added" "$n" "$(sql "SELECT count(*) FROM person")"
sqlk "UPDATE person SET phone = NULL, phone_hash = NULL WHERE id IN (SELECT id FROM person_clear WHERE full_name LIKE 'Số %')" # keep the list short
expect_ok person close SHG-2026-0001 --reason other

# more people for the searches and filters
expect_ok person add --name "Trần Văn Đức" --gender nam --category suspected \
	--route marriage --commune "Lùng Vai" --district "Mường Khương" --province "Lào Cai"
D=$(sed 's/added //' "$DIR/out")
expect_ok person add --name "NGUYỄN VĂN ANH" --gender male --category at-risk \
	--commune "Sa Pả" --district "Sa Pa" --province "Lào Cai" --born 2001
A=$(sed 's/added //' "$DIR/out")
expect_ok person add --name "Hà Thị Dung" --gender female --category domestic-rescued \
	--commune "Tả Van" --district "Sa Pa" --province "Lào Cai" --phone 0987654321
H=$(sed 's/added //' "$DIR/out")
expect_eq "codes" "MK-2026-0002 SP-2026-0001 SP-2026-0002" "$D $A $H"

# search ignores diacritics and case; lists show case codes, not names
expect_ok person list --name nguyen
expect_out "$M"
expect_out "$A"
expect_lines 3
expect_no_out "Nguyễn"
expect_no_out "+84"
expect_ok person list --name dung
expect_out "$M"
expect_out "$H"
expect_lines 3
expect_ok person list --name "DŨNG"
expect_lines 3
expect_ok person list --name "đức"
expect_out "$D"
expect_lines 2
expect_ok person list --name zzz
expect_out "(none)"
expect_ok person list --name dung --names
expect_out "Nguyễn Thị Dũng"
expect_out "Hà Thị Dung"
expect_out "+84987654321"
# names with diacritics line up: the phone column starts at the same
# character on every line
cols=$(sed -n '2,$p' "$DIR/out" | while IFS= read -r line; do
	printf '%s' "${line%%+84*}" | wc -m; done | sort -u | wc -l)
expect_eq "aligned" "1" "$cols"

# filters
expect_ok person list --category at-risk
expect_out "$A"
expect_no_out "$M"
expect_ok person list --commune "lùng vai"
expect_out "$M"
expect_out "$D"
expect_lines 3
expect_ok person list --district "Sa Pa"
expect_lines 3
expect_ok person list --province "Lào Cai" --category suspected
expect_out "$D"
expect_lines 2
expect_ok person list --status closed
expect_out "SHG-2026-0001"
expect_lines 2
expect_ok person list --status all
expect_out "SHG-2026-0001"
expect_ok person list
expect_no_out "SHG-2026-0001"
expect_ok person list --csv --district "Sa Pa"
expect_out "case,gender,born,category,commune,district,status"
expect_out "$A,male,2001,at-risk,Sa Pả,Sa Pa,active"
expect_fail 1 '--status: "open" is not active, closed or all' person list --status open
expect_fail 1 '--category: "victim" is not a category' person list --category victim

# show and edit
expect_ok person show "$M"
expect_out "Nguyễn Thị Dũng"
expect_out "+84912345678"
expect_out "returned from abroad through official handover"
# reading a record with its name and phone is audited, with who read it
expect_eq "audit view" "1|person show" "$(sql "SELECT count(*) || '|' || \
	max(command) FROM audit WHERE action = 'view' AND entity = 'person' AND \
	entity_id = (SELECT id FROM person WHERE case_code = '$M')")"
expect_ok person edit "$M" --phone "01628 123 456" --village ""
expect_out "note: converted old prefix 0162 to 032"
expect_out "updated $M"
expect_eq "edited" "+84328123456|" \
	"$(sqlk "SELECT phone || '|' || coalesce(village, '') FROM person_clear WHERE id = 1")"
expect_ok person edit "$A" --consent yes
expect_eq "consent date" "1|2026-11-23" \
	"$(sql "SELECT sms_consent || '|' || consent_on FROM person WHERE case_code = '$A'")"
expect_ok person edit "$A" --guardian "$H"
expect_ok person show "$A"
expect_out "guardian       $H"
expect_eq "audit edit" "3" "$(sql "SELECT count(*) FROM audit WHERE action = 'edit'")"

# bad input: one line, exit 1 (2 for usage), nothing changed
expect_fail 1 'category: "victim" is not one of' person add --name X --gender f --category victim
expect_fail 1 "category suspected needs a route" person add --name X --gender f --category suspected
expect_fail 1 'route: "sea" is not one of' person add --name X --gender f \
	--category suspected --route sea
expect_fail 1 'gender: "woman" is not one of: female, male, other' person add \
	--name X --gender woman --category at-risk
expect_fail 1 '--returned: "2026-13-01" is not a date (use YYYY-MM-DD)' person add \
	--name X --gender f --category at-risk --returned 2026-13-01
expect_fail 1 "returned: the date is in the future" person add --name X --gender f \
	--category at-risk --returned 2026-11-24
expect_fail 1 '--born: "19x0" is not a whole number' person add --name X --gender f \
	--category at-risk --born 19x0
expect_fail 1 "birth year: 2030 is not between 1900 and 2026" person add --name X \
	--gender f --category at-risk --born 2030
expect_fail 1 '--consent: "maybe" is not yes or no' person add --name X --gender f \
	--category at-risk --consent maybe
expect_fail 1 'person "NOPE-1" not found' person add --name X --gender f \
	--category at-risk --guardian NOPE-1
expect_fail 1 'person "NOPE-1" not found' person show NOPE-1
expect_fail 1 'person "NOPE-1" not found' person edit NOPE-1 --born 1990
expect_fail 1 "guardian: a person cannot be their own guardian" person edit "$A" --guardian "$A"
expect_fail 1 "--phone:" person edit "$M" --phone "0912"
expect_fail 2 'unknown option "--age"' person add --name X --gender f --category at-risk --age 20
expect_fail 2 "--name, --gender and --category are needed" person add --name X
expect_fail 2 "which person? give a case code" person show
expect_fail 2 'unexpected argument "extra"' person show "$M" extra
for f in "$DIR/err"; do
	if grep -q "Nguyễn\|Dũng\|Trần" "$f"; then not_ok "an error shows a name"
	else pass=$((pass + 1)); fi
done

# close with a reason; history stays
expect_fail 2 "a case code and --reason are needed" person close "$D"
expect_fail 1 'reason: "married" is not one of: moved, withdrew, deceased, other' \
	person close "$D" --reason married
expect_fail 1 "date: closing date is in the future" person close "$D" --reason moved \
	--date 2026-12-01
expect_fail 1 '--date: "1/13/2026" is not a date' person close "$D" --reason moved --date 1/13/2026
expect_ok person close "$D" --reason moved --date 2026-11-01 --note "lên Hà Nội"
expect_out "closed $D"
expect_eq "closed" "closed|2026-11-01|moved|lên Hà Nội" \
	"$(sqlk "SELECT status || '|' || closed_on || '|' || close_reason || '|' || notes FROM person_clear WHERE case_code = '$D'")"
expect_fail 1 "person is already closed" person close "$D" --reason other
if grep -q "Trần" "$DIR/err"; then not_ok "close error shows the name"
else pass=$((pass + 1)); fi
expect_ok person show "$D"
expect_out "close reason   moved"
expect_ok person list --status closed --names
expect_out "Trần Văn Đức"

# Case-code prefixes: one per district. Lục Nam and Lục Ngạn share the
# initials LN; a code made before prefixes were recorded keeps its prefix
# and its district keeps it, the other district gets LNG.
sqlite3 "$DIR/shg.db" "INSERT INTO person (case_code, full_name, name_fold, gender, category, district, created_at, updated_at) VALUES ('LN-2025-0007', 'Cũ', 'cu', 'female', 'at-risk', 'Huyện Lục Nam', 0, 0)"
expect_ok person add --name "Lò Thị Ngạn" --gender f --category at-risk --district "Lục Ngạn"
expect_out "added LNG-2026-0001"
expect_ok person add --name "Lò Thị Nam" --gender f --category at-risk --district "huyện Lục Nam"
expect_out "added LN-2026-0001"
expect_ok person add --name "Lò Văn Ngạn" --gender m --category at-risk --district "Huyện Lục Ngạn"
expect_out "added LNG-2026-0002"
expect_eq "old code kept" "1" "$(sql "SELECT count(*) FROM person WHERE case_code = 'LN-2025-0007'")"
# a third district with the same initials
expect_ok person add --name "Lò Thị Nga" --gender f --category at-risk --district "Lương Ngọc"
expect_out "added LNGO-2026-0001"
# configured prefixes: refused at load when two districts share one
cp "$DIR/shg.conf" "$DIR/shg.conf.orig"
sed -i 's/^case_prefixes = ( );/case_prefixes = ( { district = "Lục Nam"; prefix = "LNA"; }, { district = "Huyện Lục Ngạn"; prefix = "LNA"; } );/' "$DIR/shg.conf"
expect_fail 1 'case_prefixes: "Lục Nam" and "Huyện Lục Ngạn" have the same prefix' \
	person add --name X --gender f --category at-risk
sed -i 's/^case_prefixes = .*/case_prefixes = ( { district = "Lục Nam"; prefix = "ln"; } );/' "$DIR/shg.conf"
expect_fail 1 'a district and a prefix of 1 to 8 capital letters or digits are needed' \
	person add --name X --gender f --category at-risk
# a configured prefix that the database gives another district is refused
sed -i 's/^case_prefixes = .*/case_prefixes = ( { district = "Bắc Giang"; prefix = "LNG"; } );/' "$DIR/shg.conf"
expect_fail 1 'case_prefixes: "LNG" is already the prefix of district "luc ngan"' \
	person add --name X --gender f --category at-risk --district "Bắc Giang"
sed -i 's/^case_prefixes = .*/case_prefixes = ( { district = "Lục Ngạn"; prefix = "LNN"; } );/' "$DIR/shg.conf"
expect_ok person add --name "Lò Thị Mới" --gender f --category at-risk --district "Lục Ngạn"
expect_out "added LNN-2026-0001"
expect_eq "codes kept" "LNG-2026-0001 LNG-2026-0002" \
	"$(sql "SELECT group_concat(case_code, ' ') FROM person WHERE case_code LIKE 'LNG-%'")"
cp "$DIR/shg.conf.orig" "$DIR/shg.conf"

# group join takes as many case codes as the command line holds, all or
# none
expect_ok group add "Nhóm Đông" --commune "Bản Lầu"
codes=""
i=0
while [ $i -lt 70 ]; do
	"$SHG" -c "$DIR/shg.conf" person add --name "Thành viên $i" --gender f \
		--category at-risk --district "Yên Dũng" >/dev/null 2>&1
	i=$((i + 1))
done
codes=$(sql "SELECT group_concat(case_code, ' ') FROM person WHERE district = 'Yên Dũng'")
# shellcheck disable=SC2086
expect_fail 1 'person "NOPE-1" not found' group join "Nhóm Đông" $codes NOPE-1
expect_eq "none joined" "0" "$(sql "SELECT count(*) FROM membership")"
# shellcheck disable=SC2086
expect_ok group join "Nhóm Đông" $codes
expect_out "70 people joined"
expect_eq "all joined" "70" "$(sql "SELECT count(*) FROM membership")"

# person show: every record of the person, a line each with dates and
# amounts (today is 2026-11-23)
expect_ok person add --name "Hà Thị Show" --gender f --category returned-official \
	--district "Sơn Động" --returned 2026-01-10
S=SD-2026-0001
expect_ok group add "Nhóm Mai" --commune "An Lạc"
expect_ok group join "Nhóm Mai" $S --date 2026-02-01
expect_ok group leave "Nhóm Mai" $S --reason "chuyển" --date 2026-05-01
expect_ok group join "Nhóm Đông" $S --date 2026-05-01 --role leader
expect_ok need add $S documents --date 2026-02-03
expect_ok need set $S documents --status referred --to "Tư pháp xã" --date 2026-02-10
expect_ok need add $S medical --date 2026-03-01
expect_ok support add $S --type medical --value 500000 --source state --date 2026-03-05
expect_ok loan disburse $S --principal 10000000 --rate 0.65%/month --term 12 \
	--source vbsp --interest schedule --group "Nhóm Đông" --date 2026-06-01
expect_ok loan repay L1 1.000.000 --date 2026-07-01
expect_ok grant give $S --kind sow --count 2 --value 3.044.000 --source ngo:Plan --date 2026-04-01
for d in 2026-03-01 2026-05-01 2026-07-01 2026-09-01; do
	expect_ok visit log $S --visitor "Chị Lan" --kind home --situation stable --date $d
done
expect_ok person show $S
expect_out "  Nhóm Mai: member from 2026-02-01 to 2026-05-01"
expect_out "  Nhóm Đông: leader since 2026-05-01"
expect_out "  identity documents: referred to Tư pháp xã on 2026-02-10 (identified 2026-02-03)"
expect_out "  medical care: identified 2026-03-01"
expect_out "  2026-03-05: medical, 500,000 đ (state budget)"
expect_out "  L1: 10,000,000 đ on 2026-06-01; principal outstanding 9,124,583 đ, still to pay 9,422,500 đ; in arrears"
expect_out "  G1: 2 sow on 2026-04-01, 3,044,000 đ each (NGO Plan)"
expect_out "  2026-09-01: home, stable (Chị Lan)"
expect_out "  ... and 1 earlier visit"
expect_no_out "2026-03-01: home"
expect_out "  next visit due 2026-11-30"
expect_ok person show $S --lang vi
expect_out "  05/03/2026: y tế, 500.000 đ"
expect_out "3.044.000 đ"
expect_out "01/09/2026"
expect_no_out "none"
expect_ok person show $M
expect_out "groups"
expect_out "  none"
