# The people area in Vietnamese (--lang vi): person, need, support,
# follow-up, help, import and export; the same commands still English
# with --lang en. Today is 2026-11-23.

vi() {
	expect_ok --lang vi "$@"
}

# person add and show: labels, category label, dd/mm/yyyy
vi person add --name "Lò Thị Mai" --gender nữ --born 1998 \
	--phone 0912345678 --village "Bản Lầu" --commune "Lùng Vai" \
	--district "Mường Khương" --province "Lào Cai" --category returned-self \
	--returned 2026-03-15 --consent yes
expect_out "đã thêm MK-2026-0001"
A=MK-2026-0001
vi person add --name "Vàng A Sử" --gender nam --born 2001 \
	--district "Mường Khương" --category at-risk
B=MK-2026-0002
vi person show $A
expect_out "mã hồ sơ             $A"
expect_out "giới tính            nữ"
expect_out "diện                 tự trở về"
expect_out "ngày trở về          15/03/2026"
expect_out "đồng ý nhận tin nhắn có"
expect_out "trạng thái           đang theo dõi"
expect_no_out "2026-03-15"
expect_ok --lang en person show $A
expect_out "category       returned from abroad on their own"
expect_out "returned       2026-03-15"
expect_out "gender         female"

# person list: Vietnamese headers and labels, aligned by display width;
# --csv keeps the codes under a Vietnamese header row
vi person list
expect_out "mã hồ sơ      giới tính  năm sinh  diện"
expect_out "$A  nữ             1998  tự trở về"
expect_out "$B  nam            2001  có nguy cơ cao"
expect_out "đang theo dõi"
vi person list --csv
expect_out "mã hồ sơ,giới tính,năm sinh,diện,xã,huyện,trạng thái"
expect_out "$A,female,1998,returned-self,Lùng Vai,Mường Khương,active"
expect_ok --lang en person list
expect_out "case          gender  born  category"
expect_out "$A  female  1998  returned-self"

# need list: kinds and states as labels, dates dd/mm/yyyy
vi need add $A legal-aid --date 2026-10-01
expect_out "đã xác định nhu cầu legal-aid của $A"
vi need set $A legal-aid --status referred --to "Trung tâm TGPL" --date 2026-10-05
expect_out "đã chuyển gửi nhu cầu legal-aid của $A đến Trung tâm TGPL"
vi need list
expect_out "mã hồ sơ      loại              trạng thái     ngày xác định"
expect_out "$A  trợ giúp pháp lý  đã chuyển gửi  01/10/2026     Trung tâm TGPL  05/10/2026"
vi need list --csv
expect_out "$A,legal-aid,referred,2026-10-01,Trung tâm TGPL,2026-10-05,"
expect_ok --lang en need list
expect_out "$A  legal aid  referred  2026-10-01"

# support list: types and sources as labels, amounts with đ
vi support add $A --type initial --value 1500000 --source wu --date 2026-10-02
expect_out "đã ghi lần hỗ trợ số 1 cho $A"
vi support add $B --type capital --value 5.000.000 --source "ngân hàng chính sách" --date 2026-11-02
vi support list
expect_out "$A  02/10/2026  hỗ trợ ban đầu  Hội Liên hiệp Phụ nữ         1.500.000 đ"
expect_out "$B  02/11/2026  vốn sinh kế     Ngân hàng Chính sách xã hội  5.000.000 đ"
expect_out "tổng cộng: 2 lần, 2 người, 6.500.000 đ"
vi support list --csv
expect_out "mã hồ sơ,ngày,loại hỗ trợ,nguồn kinh phí,giá trị"
expect_out "$B,2026-11-02,capital,vbsp,5000000"
expect_ok --lang en support list
expect_eq "English row" 1 "$(grep -cE "^$A  2026-10-02  initial support +Women's Union +1,500,000 đ$" "$DIR/out")"
expect_out "total: 2 times, 2 persons, 6,500,000 đ"

# followup: Mai came back in March and was never visited
vi followup
expect_out "mã hồ sơ      lý do             chi tiết"
expect_out "$A  thăm hỏi quá hạn"
expect_ok --lang en followup
expect_out "$A  visit overdue"

# audit: Vietnamese headers and dates
vi audit --limit 1
expect_out "thời điểm         người thao tác  lệnh"
expect_out "23/11/2026 09:00"
vi audit --limit 1 --csv
expect_out "2026-11-23 09:00"

# help lists the commands with Vietnamese summaries
vi help
expect_out "Các lệnh (\"shg COMMAND --help\" để xem chi tiết"
expect_out "  person add           Đăng ký một người được hỗ trợ và in mã hồ sơ mới"
expect_out "  support list         Liệt kê các lần hỗ trợ theo mã hồ sơ"
expect_out "  export people        Xuất mọi người được hỗ trợ ra tệp CSV"
expect_ok --lang en help
expect_out "  person add           Register a person and print the new case code"

# Every line of --help with English words reads differently in
# Vietnamese, except the usage line and lines of option names only.
for c in help version init check-config audit "person add" "person edit" \
    "person show" "person list" "person close" "need add" "need set" \
    "need list" "support add" "support list" followup "followup close" \
    "inbox ack" "import people" "import groups" "import members" \
    "export people" "export groups" "export members" "export loans" \
    "export support" backup; do
	# shellcheck disable=SC2086
	"$SHG" -c "$DIR/shg.conf" --lang en $c --help >"$DIR/help.en" 2>&1
	# shellcheck disable=SC2086
	"$SHG" -c "$DIR/shg.conf" --lang vi $c --help >"$DIR/help.vi" 2>&1
	same=$(grep '[A-Za-z]' "$DIR/help.en" | grep -v '^usage: ' |
	    grep -Ev '^ *(--[a-z-]+( [A-Z]+)?,? *)+$' |
	    grep -Fxf - "$DIR/help.vi" | head -1)
	if [ -n "$same" ]; then not_ok "$c --help: \"$same\" is not translated"
	else pass=$((pass + 1)); fi
done

# import with Vietnamese headers: every column of people, any case, with
# or without diacritics
printf 'Mã hồ sơ,HỌ TÊN,giới tính,nam sinh,Số điện thoại,Thôn,Xã,Huyện,Tỉnh,Diện,Con đường bị lừa,Ngày trở về,Đồng ý nhận tin nhắn,Ghi chú\n,Hà Thị Dung,nữ,1995,0987654321,Pả Chư Tỉ,Lùng Vai,Mường Khương,Lào Cai,suspected,marriage,2026-05-20,có,về qua Hà Khẩu\n' >vi.csv
vi import people vi.csv
expect_out "vi.csv: thêm 1, cập nhật 0, không đổi 0, lỗi 0"
expect_eq "imported" "MK-2026-0003|female|1995|+84987654321|Pả Chư Tỉ|suspected|marriage|2026-05-20|1|về qua Hà Khẩu" \
	"$(sqlk "SELECT case_code || '|' || gender || '|' || birth_year || '|' || phone || '|' || village || '|' || category || '|' || route || '|' || returned_on || '|' || sms_consent || '|' || notes FROM person_clear WHERE full_name = 'Hà Thị Dung'")"

# groups and members with Vietnamese headers
printf 'Tên nhóm,Thôn,Xã,Huyện,Tỉnh,Địa điểm,Người phụ trách,Điện thoại người phụ trách,Ngày thành lập\nNhóm Hoa Mai,Bản Lầu,Lùng Vai,Mường Khương,Lào Cai,nhà văn hóa,Bà Tư,0987000002,2026-01-10\n' >groups.csv
vi import groups groups.csv
expect_out "groups.csv: thêm 1, cập nhật 0, không đổi 0, lỗi 0"
expect_eq "group" "Bản Lầu|nhà văn hóa|Bà Tư|+84987000002|2026-01-10" \
	"$(sql "SELECT village || '|' || place || '|' || organiser_name || '|' || organiser_phone || '|' || founded_on FROM grp")"
printf 'nhóm,mã hồ sơ,vai trò,ngày vào\nNhóm Hoa Mai,%s,leader,2026-02-01\n' $A >members.csv
vi import members members.csv
expect_out "members.csv: thêm 1, cập nhật 0, không đổi 0, lỗi 0"

# export in Vietnamese (the language in effect), and with --headers en
vi export people people.csv --names
expect_out "đã ghi 3 người vào people.csv"
expect_eq "vi header" "mã hồ sơ,họ tên,giới tính,năm sinh,số điện thoại,thôn,xã,huyện,tỉnh,diện,con đường bị lừa,ngày trở về,đồng ý nhận tin nhắn,ghi chú,trạng thái" \
	"$(head -1 people.csv | tail -c +4 | tr -d '\r')"
expect_eq "cells stay codes" "$A,Lò Thị Mai,female,1998,+84912345678,Bản Lầu,Lùng Vai,Mường Khương,Lào Cai,returned-self,,2026-03-15,yes,,active" \
	"$(sed -n 2p people.csv | tr -d '\r')"
vi export people en.csv --headers en
expect_eq "en header" "case_code,gender,born,village,commune,district,province,category,route,returned,consent,status" \
	"$(head -1 en.csv | tail -c +4 | tr -d '\r')"
expect_ok --lang en export people vi2.csv --headers vi
expect_out "wrote 3 people to vi2.csv"
expect_eq "--headers vi" "mã hồ sơ,giới tính" "$(head -1 vi2.csv | tail -c +4 | cut -d, -f1,2)"
vi export groups g.csv --names
expect_eq "groups header" "tên nhóm,thôn,xã,huyện,tỉnh,địa điểm,người phụ trách,điện thoại người phụ trách,ngày thành lập,trạng thái" \
	"$(head -1 g.csv | tail -c +4 | tr -d '\r')"
vi export members m.csv --names
expect_eq "members header" "nhóm,mã hồ sơ,họ tên,vai trò,ngày vào" \
	"$(head -1 m.csv | tail -c +4 | tr -d '\r')"
vi export support s.csv
expect_eq "support header" "ngày,mã hồ sơ,loại hỗ trợ,giá trị (đồng),nguồn kinh phí" \
	"$(head -1 s.csv | tail -c +4 | tr -d '\r')"
expect_eq "support row" "2026-10-02,$A,initial,1500000,wu" "$(sed -n 2p s.csv | tr -d '\r')"
vi export loans l.csv --headers en
expect_eq "loans header" "loan,case_code,group" "$(head -1 l.csv | tail -c +4 | cut -d, -f1-3)"

# a Vietnamese export imports again cleanly: nothing changes
before=$(db_hash)
vi import people people.csv
expect_out "people.csv: thêm 0, cập nhật 0, không đổi 3, lỗi 0"
vi import groups g.csv
expect_out "g.csv: thêm 0, cập nhật 0, không đổi 1, lỗi 0"
vi import members m.csv
expect_out "m.csv: thêm 0, cập nhật 0, không đổi 1, lỗi 0"
expect_eq "re-import changed nothing" "$before" "$(db_hash)"

# errors in Vietnamese: exit code, one line, database unchanged
expect_fail 1 'không tìm thấy người "NOPE-1"' --lang vi person show NOPE-1
expect_fail 1 '--status: "open" không phải là active, closed hoặc all' \
	--lang vi person list --status open
expect_fail 2 'cần --name, --gender và --category' --lang vi person add --name X
expect_fail 1 '--value: "nhiều" không phải là số tiền đồng' \
	--lang vi support add $A --type initial --value nhiều --source wu
expect_fail 1 '--headers: "fr" không phải là vi hoặc en' \
	--lang vi export people x.csv --headers fr
printf 'mã hồ sơ,họ tên,màu tóc\n,Lý Thị Sa,đen\n' >bad.csv
expect_fail 1 'bad.csv:1: không biết cột "màu tóc"' --lang vi import people bad.csv
expect_fail 1 'person "NOPE-1" not found' --lang en person show NOPE-1
