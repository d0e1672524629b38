# loan, grant and visit commands in Vietnamese (--lang vi), and the same
# commands still in English with --lang en
export SHG_NOW="2026-11-23 09:00"

# The display column (characters, as the text is NFC) where TEXT starts in
# LINE; table and show output must keep columns lined up in Vietnamese.
col_of() {
	prefix=${1%%"$2"*}
	printf '%s' "$prefix" | wc -m
}

# The line of the last output that contains TEXT (the first one).
line_with() {
	grep -F -m 1 -- "$1" "$DIR/out"
}

expect_ok person add --name "Lò Thị Mai" --gender female --category returned-official \
	--commune "Mường Lống" --returned 2026-06-01
A=$(sed -n 's/^added //p' "$DIR/out")
expect_ok person add --name "Vừ Thị Dua" --gender female --category at-risk \
	--commune "Na Ngoi"
B=$(sed -n 's/^added //p' "$DIR/out")
expect_ok group add "Hoa Mai" --organiser "Chị Lan" --commune "Mường Lống"
expect_ok group join "Hoa Mai" "$A" --date 2026-06-10

# --- loans ---
expect_ok --lang vi loan disburse "$A" --principal 12.000.000 --rate 0.65%/month \
	--term 12 --method flat --interest schedule --source vbsp --group "Hoa Mai" --date 2026-01-15 \
	--purpose "nuôi lợn"
expect_out "đã giải ngân khoản vay L1: 12.000.000 đ"
expect_no_out "đồng"
expect_ok --lang en loan disburse "$B" --principal 6000000 --rate "7,8%/năm" --term 6 \
	--freq quarterly --source wu --date 2026-03-01
expect_out "loan L2 disbursed: 6,000,000 đ"
expect_ok --lang vi loan repay L1 1.500.000 --date 2026-02-15
expect_out "đã ghi bút toán trả nợ 1; còn phải trả (gốc + lãi) 11.436.000 đ"

expect_ok --lang vi loan show L1 --at 2026-04-20
expect_out "người vay"
expect_out "Ngân hàng Chính sách xã hội"
expect_out "0,65%/tháng"
expect_out "12 tháng, trả hằng tháng, lãi trên dư nợ ban đầu, ân hạn 0 tháng"
expect_out "15/01/2026"
expect_out "nợ quá hạn 36 ngày, số tiền quá hạn 1.734.000 đ"
# one meaning each: principal only, and principal with interest
expect_eq "dư nợ gốc" 1 "$(grep -c '^dư nợ gốc  *10.656.000 đ$' "$DIR/out")"
expect_eq "còn phải trả" 1 "$(grep -c '^còn phải trả (gốc + lãi)  *11.436.000 đ$' "$DIR/out")"
expect_out "trả hết trước hạn"
expect_out "toàn bộ tiền lãi theo lịch trả nợ"
expect_out "15/03/2026: 656.000 đ"
expect_no_out "Lò Thị"
expect_no_out "2026-02-15"
expect_no_out "đồng"
# the schedule: headings, dd/mm/yyyy, amounts with đ, state of each row
hdr=$(grep -m 1 "^ *lịch  *kỳ" "$DIR/out")
expect_eq "schedule headings" 1 "$(echo "$hdr" | grep -c 'lịch  *kỳ  *đến hạn  *tiền gốc  *tiền lãi  *đã trả  *còn nợ')"
row=$(line_with "15/02/2026  1.000.000 đ")
expect_eq "paid row" 1 "$(echo "$row" | grep -c '78.000 đ  1.078.000 đ  *0 đ  đã trả$')"
expect_eq "overdue row" 1 "$(grep -c '15/04/2026  1.000.000 đ  78.000 đ  *0 đ  1.078.000 đ  quá hạn$' "$DIR/out")"
expect_eq "rows to come" 9 "$(grep -c 'đến hạn$' "$DIR/out")"
expect_eq "date column" "$(col_of "$hdr" "đến hạn")" "$(col_of "$row" "15/02/2026")"
# the values of the head start in one column whatever the label's length
expect_eq "head column" "$(col_of "$(line_with "trạng thái")" "nợ quá hạn 36")" \
	"$(col_of "$(line_with "kỳ trả tiếp theo")" "15/03/2026:")"
expect_out "bút toán"
expect_out "ghi chú"

expect_ok --lang en loan show L1 --at 2026-04-20
expect_eq "status" 1 "$(grep -c '^status  *in arrears, 36 days, 1,734,000 đ overdue$' "$DIR/out")"
expect_eq "rate" 1 "$(grep -c '^rate  *0.65%/month$' "$DIR/out")"
expect_eq "principal outstanding" 1 "$(grep -c '^principal outstanding  *10,656,000 đ$' "$DIR/out")"
expect_eq "to repay" 1 "$(grep -c '^to repay (principal + interest)  *11,436,000 đ$' "$DIR/out")"
expect_out "all the scheduled interest"
expect_eq "installment row" 1 "$(grep -cE '^ +1 +1  2026-02-15 +1,000,000 đ +78,000 đ +1,078,000 đ +0 đ  paid$' "$DIR/out")"
expect_no_out "tháng"

expect_ok --lang vi loan list --at 2026-04-20
expect_out "ngày giải ngân"
expect_out "NHCSXH"
expect_out "nợ quá hạn"
expect_ok --lang vi loan list --at 2026-04-20 --csv
expect_out "khoản vay,mã hồ sơ,nhóm,nguồn kinh phí,ngày giải ngân,tiền gốc,dư nợ gốc,trạng thái"
expect_out "L1,SHG-2026-0001,Hoa Mai,vbsp,2026-01-15,12000000,10656000,in arrears"
expect_ok --lang en loan list --at 2026-04-20 --csv
expect_out "loan,case,group,source,disbursed,principal,principal outstanding,status"

expect_ok --lang vi loan review --at 2026-04-20
expect_out "khoản vay nợ quá hạn tại ngày 20/04/2026: 1"
expect_out "người phụ trách nhóm"
expect_out "lần trả gần nhất"
expect_out "15/02/2026"
expect_out "dư nợ tại ngày 20/04/2026, tỷ lệ hoàn trả từ 22/03/2026 đến 20/04/2026"
expect_out "tỷ lệ hoàn trả"
expect_out "nợ rủi ro"
expect_out "63,98 %"
expect_no_out "Lò Thị"
expect_ok --lang vi loan review --at 2026-04-20 --by source --from 2026-03-01
expect_out "nguồn kinh phí"
expect_out "NHCSXH"
expect_out "Hội LHPN"
expect_ok --lang vi loan review --at 2026-04-20 --csv
expect_lines 2
expect_out "khoản vay,mã hồ sơ,nhóm,người phụ trách nhóm,số ngày,nợ quá hạn,dư nợ gốc,lần trả gần nhất,lần thăm gần nhất"
expect_out ",2026-02-15,"
expect_ok --lang en loan review --at 2026-04-20
expect_out "loans in arrears at 2026-04-20: 1"
expect_out "63.98%"

# errors: one line in Vietnamese, the exit code, nothing changed
expect_fail 1 "không tìm thấy khoản vay 99" --lang vi loan show L99
expect_fail 2 "khoản vay nào? cần ghi số khoản vay" --lang vi loan show
expect_fail 1 'lãi suất: "1%" cần ghi kỳ tính lãi' --lang vi loan disburse "$A" \
	--principal 1000000 --rate 1% --term 12 --source vbsp
expect_fail 1 'nguồn kinh phí' --lang vi loan disburse "$A" --principal 1000000 \
	--rate 1%/month --term 12 --source bank
expect_fail 1 "trả nợ: 20.000.000 đồng nhiều hơn số" --lang vi loan repay L1 20000000 \
	--date 2026-02-16
expect_fail 1 "ngày trả nợ: 01/01/2026 trước ngày giải ngân 15/01/2026" --lang vi \
	loan repay L1 1000 --date 2026-01-01
expect_fail 1 "repayment date: 2026-01-01 is before the disbursal on 2026-01-15" \
	--lang en loan repay L1 1000 --date 2026-01-01
expect_fail 1 "loan 99 not found" --lang en loan show L99
expect_fail 2 "which loan" --lang en loan show

# --- grants ---
expect_ok --lang vi grant give "$A" --kind sow --count 1 --value 3.044.000 \
	--source ngo:Plan --date 2026-03-01 --passon 2 --passon-by 2026-10-01 --passon-to "$B"
expect_out "đã ghi hỗ trợ hiện vật G1"
expect_ok --lang vi grant check G1 --event born --count 9 --date 2026-07-01
expect_out "hỗ trợ hiện vật G1: đã ghi sự việc sinh con; đàn hiện có 10"
expect_ok --lang vi grant check G1 --event died --count 2 --date 2026-07-05 \
	--cause "dịch tả lợn"
expect_ok --lang vi grant passon G1 --to "$B" --count 2 --date 2026-09-01
expect_out "đã chuyển giao con giống: hỗ trợ hiện vật G2 từ G1"
expect_ok --lang vi grant show G1
expect_out "người nhận"
expect_out "lợn nái"
expect_out "1, ngày 01/03/2026, mỗi con hoặc đơn vị 3.044.000 đ"
expect_out "tổ chức phi chính phủ Plan"
expect_out "sự việc"
expect_out "nguyên nhân hoặc ghi chú"
expect_out "05/07/2026  chết"
expect_out "dịch tả lợn"
expect_out "sang hỗ trợ hiện vật G2"
expect_eq "herd column" "$(col_of "$(line_with "đàn hiện có")" "6")" \
	"$(col_of "$(line_with "người nhận")" "SHG-")"
expect_ok --lang en grant show G1
expect_out "herd now       6"
expect_out "2026-07-05  died"
expect_out "to grant G2"
expect_ok --lang vi grant list
expect_out "lợn con"
expect_out "01/09/2026"
expect_ok --lang vi grant obligations --all
expect_out "người phải chuyển"
expect_out "01/10/2026"
expect_fail 1 'sự việc: "eaten" không phải died, sold, born, vaccinated hay lost' \
	--lang vi grant check G1 --event eaten --count 1
expect_fail 1 "không tìm thấy hỗ trợ hiện vật 9" --lang vi grant show G9

# --- visits ---
expect_ok --lang vi visit log "$A" --visitor "Chị Lan" --kind home \
	--situation "needs support" --needs "health, vocational" --date 2026-11-01 \
	--next 2026-12-01 --notes "private"
expect_out "đã ghi lần thăm hỏi 1"
expect_ok --lang vi visit list
expect_out "người thăm"
expect_out "tình hình"
expect_out "lần thăm tới"
expect_out "01/11/2026  SHG-2026-0001  Chị Lan"
expect_out "thăm tại nhà"
expect_out "cần hỗ trợ"
expect_out "01/12/2026"
expect_no_out "private"
expect_ok --lang vi visit list --csv
expect_out "ngày,mã hồ sơ,người thăm,loại,tình hình,nhu cầu,lần thăm tới"
expect_out "2026-11-01,SHG-2026-0001,Chị Lan,home,needs-support,"
expect_ok --lang en visit list
expect_out "2026-11-01  SHG-2026-0001  Chị Lan"
expect_out "needs-support"
expect_ok --lang vi visit due --days 30
expect_out "lần thăm gần nhất"
expect_out "01/12/2026"
expect_ok --lang vi visit plan "$A" --every 7
expect_out "đã đặt kế hoạch thăm hỏi"
expect_fail 1 '--kind: "letter" không phải home, phone hay meeting' --lang vi \
	visit log "$A" --visitor X --kind letter --situation stable
expect_fail 1 "ngày thăm hỏi: 01/12/2026 là ngày trong tương lai" --lang vi \
	visit log "$A" --visitor X --kind home --situation stable --date 2026-12-01
expect_fail 2 "cần mã hồ sơ, --visitor, --kind và --situation" --lang vi \
	visit log "$A" --kind home

# --- paying off early, in Vietnamese: the convention and the amount ---
expect_ok --lang vi loan disburse "$B" --principal 1.000.000 --rate 1%/tháng --term 3 \
	--source vbsp --date 2026-10-01
D=$(sql "SELECT max(id) FROM loan")
expect_ok --lang vi loan show "L$D" --at 2026-10-11
expect_out "lãi theo ngày: lãi suất tháng × số ngày / 30 (lãi suất năm ÷ 12), làm tròn nửa lên đến đồng"
expect_eq "tất toán" 1 "$(grep -c '^tất toán  *ngày 11/10/2026: 1.003.333 đ$' "$DIR/out")"
expect_eq "còn phải trả" 1 "$(grep -c '^còn phải trả (gốc + lãi)  *1.020.000 đ$' "$DIR/out")"
expect_eq "dư nợ gốc" 1 "$(grep -c '^dư nợ gốc  *1.000.000 đ$' "$DIR/out")"
expect_ok --lang vi loan repay "L$D" 1.003.333 --date 2026-10-11
expect_out "còn phải trả (gốc + lãi) 0 đ"
expect_fail 1 "không phải schedule hay daily" --lang vi loan disburse "$B" \
	--principal 1000000 --rate 1%/tháng --term 3 --source vbsp --interest tuần
expect_ok --lang vi loan disburse --help
expect_out "Quy ước: lãi suất năm được tính là lãi suất ÷ 12 mỗi tháng"

# --- help: in Vietnamese, no line with English words is left as it was ---
for c in "loan disburse" "loan show" "loan list" "loan repay" "loan reverse" \
    "loan reschedule" "loan writeoff" "loan review" "grant give" "grant check" \
    "grant show" "grant list" "grant obligations" "grant passon" "visit log" \
    "visit list" "visit due" "visit plan"; do
	# shellcheck disable=SC2086
	shg --lang en $c --help
	cp "$DIR/out" "$DIR/help.en"
	# shellcheck disable=SC2086
	shg --lang vi $c --help
	cp "$DIR/out" "$DIR/help.vi"
	if [ "$RC" -ne 0 ] || [ ! -s "$DIR/help.vi" ]; then
		not_ok "shg --lang vi $c --help exited $RC"
		continue
	fi
	left=$(sed 1d "$DIR/help.en" | while IFS= read -r l; do
		# words once options, metavariables and numbers are taken out
		w=$(printf '%s\n' "$l" | sed -e 's/--[a-z/-]*//g' -e 's/\b[A-Z0-9][A-Z0-9,.]*\b//g')
		printf '%s\n' "$w" | grep -q '[a-z][a-z]' || continue
		grep -qxF -- "$l" "$DIR/help.vi" && printf '%s\n' "$l"
	done)
	expect_eq "$c --help in Vietnamese" "" "$left"
done
