# The summary report, the SMS commands and the inbox in Vietnamese
# (--lang vi), and the same commands with --lang en still in English.
export SHG_NOW="2026-07-15 09:00"

vi() {
	expect_ok --lang vi "$@"
}
en() {
	expect_ok --lang en "$@"
}

expect_ok person add --name "Lò Thị Mai" --gender female --category returned-self \
	--province "Lào Cai" --district "Sa Pa" --returned 2026-02-10 \
	--phone 0912345678 --consent yes
A=$(sed -n 's/^added //p' "$DIR/out")
expect_ok group add "Hoa Sen" --province "Lào Cai" --founded 2026-01-05
expect_ok group join "Hoa Sen" "$A" --date 2026-01-10
expect_ok meeting record "Hoa Sen" --date 2026-02-15 --present "$A"
# 1.500.000 disbursed on 1 March over 3 months; the April installment
# (500.000) paid: 1.000.000 outstanding.
expect_ok loan disburse "$A" --principal 1500000 --rate 0%/month --term 3 \
	--source vbsp --date 2026-03-01
expect_ok loan repay L1 500000 --date 2026-04-01
expect_ok grant give "$A" --kind sow --count 1 --value 3200000 --source wu \
	--date 2026-03-10

# --- report summary, text ---
vi report summary --from 2026-01-01 --to 2026-06-30 --province "Lào Cai"
expect_out "Báo cáo tổng hợp, kỳ báo cáo từ 01/01/2026 đến 30/06/2026"
expect_out "Địa bàn: tỉnh Lào Cai"
expect_out "Người được hỗ trợ theo diện"
expect_out "Khoản vay"
expect_no_out "Summary report"
expect_no_out "People by category"
expect_no_out "2026-01-01"
expect_eq "amount disbursed in đồng" 1 \
	"$(grep -cE '^số tiền giải ngân +1\.500\.000 đ$' "$DIR/out")"
expect_eq "principal outstanding" 1 \
	"$(grep -cE '^dư nợ gốc +1\.000\.000 đ$' "$DIR/out")"
expect_eq "attendance with a decimal comma" 1 \
	"$(grep -cE '^tỷ lệ tham dự trung bình +100,00 %$' "$DIR/out")"
expect_out "tỷ lệ nợ rủi ro (PAR30)"
expect_out "lợn nái"
expect_out "tổng cộng"
# Columns still line up by display width: every value of the loans
# table ends in the same column.
expect_eq "loans table aligned" 1 \
	"$(sed -n '/^Khoản vay$/,/^$/p' "$DIR/out" | sed '1d;/^$/d' |
	    while IFS= read -r l; do printf '%s' "$l" | wc -m; done | sort -u |
	    wc -l)"

en report summary --from 2026-01-01 --to 2026-06-30 --province "Lào Cai"
expect_out "Summary report 2026-01-01 to 2026-06-30"
expect_out "Place: province Lào Cai"
expect_out "People by category"
expect_no_out "Báo cáo"
# English separators: "," in thousands, "." before decimals; amounts in đ
expect_eq "English amount" 1 \
	"$(grep -cE '^amount disbursed +1,500,000 đ$' "$DIR/out")"
expect_no_out "1.500.000"
expect_no_out ",00%"

# --- CSV: the header row follows the language, the lines keep codes ---
vi report summary --from 2026-01-01 --to 2026-06-30 --csv
expect_eq "vi csv header" "phần,mục,chỉ số,giá trị" \
	"$(head -n 1 "$DIR/out" | tr -d '\r')"
expect_out "people,returned-self,received,1"
expect_out "loans,amount disbursed,value,1500000"
expect_no_out " đ"
en report summary --from 2026-01-01 --to 2026-06-30 --csv
expect_eq "en csv header" "section,item,measure,value" \
	"$(head -n 1 "$DIR/out" | tr -d '\r')"

# --- HTML ---
vi report summary --from 2026-01-01 --to 2026-06-30 --html "$DIR/vi.html"
expect_out "đã ghi $DIR/vi.html"
expect_eq "html lang vi" 1 "$(grep -c '<html lang="vi">' "$DIR/vi.html")"
expect_eq "html heading" 1 "$(grep -c \
	'<h1>Báo cáo tổng hợp, kỳ báo cáo từ 01/01/2026 đến 30/06/2026</h1>' \
	"$DIR/vi.html")"
expect_eq "html chart title" 1 \
	"$(grep -c '<h2>Tiền trả nợ theo tháng (đồng)</h2>' "$DIR/vi.html")"
# (the loan: amount disbursed, and capital lent and in all)
expect_eq "html money" 3 "$(grep -c '>1\.500\.000 đ<' "$DIR/vi.html")"
expect_eq "html no English heading" 0 "$(grep -c 'Summary report' "$DIR/vi.html")"
en report summary --from 2026-01-01 --to 2026-06-30 --html "$DIR/en.html"
expect_eq "html lang en" 1 "$(grep -c '<html lang="en">' "$DIR/en.html")"
expect_eq "html English heading" 1 \
	"$(grep -c '<h1>Summary report 2026-01-01 to 2026-06-30</h1>' "$DIR/en.html")"

# --- errors: one line in Vietnamese, exit code, nothing changed ---
expect_fail 2 "cần có --from và --to" --lang vi report summary --from 2026-01-01
expect_fail 1 "--from 2026-07-01 là ngày sau --to 2026-06-30" \
	--lang vi report summary --from 2026-07-01 --to 2026-06-30
expect_fail 1 "không tìm thấy tin nhắn 99" --lang vi sms cancel 99
expect_fail 1 "message 99 not found" --lang en sms cancel 99

# --- SMS: the outbox, a pass of the service, the status, the inbox ---
vi sms send "$A" "Nhóm họp ngày 5"
expect_out "đã xếp tin 1 vào hàng chờ gửi (1 phần,"
vi sms outbox
expect_out "trạng thái"
expect_out "xếp hàng lúc"
expect_out "chờ gửi"
expect_out "tin soạn tay"
expect_out "15/07/2026 09:00"
expect_no_out "queued"
en sms outbox
expect_out "state"
expect_out "queued"
expect_out "2026-07-15 09:00"
vi sms outbox --csv
expect_out "manual,queued"
expect_out "2026-07-15 09:00"

vi serve --once
expect_out "đã gửi 1, gửi lại 0, lỗi 0, hết hạn 0, đã nhận 0"
expect_fail 1 "tin nhắn 1 đang ở trạng thái đã gửi, không phải chờ gửi" \
	--lang vi sms cancel 1
expect_fail 1 "message 1 is sent, not queued" --lang en sms cancel 1
vi sms status
expect_out "đã kết nối (lúc 15/07/2026 09:00)"
expect_eq "status sent" 1 "$(grep -cE '^đã gửi +1$' "$DIR/out")"
expect_eq "status queued" 1 "$(grep -cE '^chờ gửi +0$' "$DIR/out")"
expect_out "lỗi gần nhất"
# The values start in one column, whatever the labels' bytes: the
# characters before each value are as many on every line.
expect_eq "status aligned" 1 "$(for lv in "modem|đã kết nối (lúc 15/07/2026 09:00)" \
    "lỗi gần nhất|không có" "chờ gửi|0" "đã gửi|1" "đã hủy|0"; do
	l=$(grep "^${lv%%|*} " "$DIR/out")
	echo $(($(printf '%s' "$l" | wc -m) - $(printf '%s' "${lv#*|}" | wc -m)))
done | sort -u | wc -l)"
en sms status
expect_out "sent           1"
expect_out "last error"

expect_ok sms inject 0912345678 "Em khỏe"
expect_ok serve --once
vi inbox
expect_out "nhận lúc"
expect_out "nhận lúc          từ"
expect_out "nội dung"
expect_out "ý nghĩa"
expect_out "chưa đọc"
expect_out "$A"
expect_out "Em khỏe"
expect_no_out "received"
en inbox
expect_out "received"
expect_out "unread"
vi inbox --csv
expect_eq "inbox csv header" "số,nhận lúc,từ,ghi chú,nội dung,ý nghĩa,đã đọc" \
	"$(head -n 1 "$DIR/out" | tr -d '\r')"
expect_out ",unread"

# --- help: in Vietnamese, no line with English words left as it was ---
for cmd in "report summary" "sms send" "sms outbox" "sms cancel" \
    "sms inject" "sms status" "inbox" "inbox list" "serve"; do
	# shellcheck disable=SC2086
	"$SHG" -c "$DIR/shg.conf" --lang en $cmd --help >"$DIR/help.en" 2>&1
	# shellcheck disable=SC2086
	"$SHG" -c "$DIR/shg.conf" --lang vi $cmd --help >"$DIR/help.vi" 2>&1
	left=$(sed 1d "$DIR/help.vi" | while IFS= read -r l; do
		grep -qxF -- "$l" "$DIR/help.en" || continue
		# Options, metavariables and codes may stay as they are.
		words=$(printf '%s\n' "$l" | sed -e 's/--[a-z-]*//g' \
		    -e 's/\b[A-Z][A-Z]*\b//g' | grep -oE '[a-z]{3,}')
		[ -n "$words" ] && printf '%s\n' "$l"
	done)
	expect_eq "$cmd --help in Vietnamese" "" "$left"
	if cmp -s "$DIR/help.en" "$DIR/help.vi"; then
		not_ok "$cmd --help is the same in both languages"
	else pass=$((pass + 1)); fi
done
