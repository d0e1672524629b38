#!/bin/sh
# The demo behind "make demo": a scratch folder (./demo, made anew each
# time) with a database, the example configuration and Gammu's dummy modem,
# then a walk through the registry with sample people.
set -e
SHG=${1:?usage: demo.sh PATH-TO-SHG}
top=$(cd "$(dirname "$0")/.." && pwd)
dir="$top/demo"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
export SHG_CONFIG="$dir/shg.conf"
export SHG_NOW="${SHG_NOW:-2026-11-23 09:00}"

step() {
	if [ -t 1 ]; then printf '\n\033[1m== %s\033[0m\n' "$*"
	else printf '\n== %s\n' "$*"; fi
}
run() {
	printf '$ shg'
	for a in "$@"; do
		case $a in
		*" "* | "") printf " '%s'" "$a" ;;
		*) printf ' %s' "$a" ;;
		esac
	done
	printf '\n'
	"$SHG" --as demo "$@"
}

step "Tạo cơ sở dữ liệu và tệp cấu hình mẫu"
run init
# The district coordinator receives urgent alerts too.
sed -i 's/coordinator = "";/coordinator = "0913 000 111";/' shg.conf
echo "(shg.conf: sms.coordinator = \"0913 000 111\": cán bộ điều phối cấp huyện cũng nhận cảnh báo khẩn)"
run check-config

step "Đăng ký người được hỗ trợ (mã hồ sơ tự sinh; họ tên được giữ kín)"
run person add --name "Nguyễn Thị Hoa" --gender nữ --born 1998 \
	--category returned-official --returned 2026-03-02 \
	--phone "0912 345 678" --village "Bản Lầu" --commune "Bản Lầu" \
	--district "Mường Khương" --province "Lào Cai" --consent yes

step "Nhập thêm người từ bảng tính (docs/demo-people.csv)"
cp "$top/docs/demo-people.csv" people.csv
run import people people.csv
run import people people.csv
run person edit MK-2026-0003 --guardian MK-2026-0002

step "Sửa một hồ sơ"
run person edit MK-2026-0004 --village "Sín Chải" --notes "lao động tự do"

step "Danh sách người được hỗ trợ: chỉ mã hồ sơ, rồi kèm họ tên"
run person list
run person list --name dung --names
run person list --category suspected --csv

step "Hồ sơ của một người"
run person show MK-2026-0002

step "Số điện thoại sai bị từ chối, dữ liệu giữ nguyên"
run person edit MK-2026-0001 --phone "0912 34" || true

step "Hai nhóm tự lực: một nhóm họp ngày 5, một nhóm họp ngày 15 âm lịch"
run group add "Hoa Sen" --commune "Bản Lầu" --district "Mường Khương" \
	--province "Lào Cai" --place "Nhà văn hóa thôn Na Lốc" \
	--organiser "Chị Thào Thị Lan" --organiser-phone "0915 111 222" \
	--founded 2026-06-01 --schedule "monthly 5 08:00" --from 2026-06-01
run group add "Hướng Dương" --commune "Lùng Vai" --district "Mường Khương" \
	--province "Lào Cai" --place "Trạm y tế xã" --organiser "Chị Giàng Thị Sua" \
	--organiser-phone "0916 333 444" --founded 2026-06-01 \
	--schedule "lunar 15 14:00" --from 2026-06-01
run group join "Hoa Sen" MK-2026-0001 MK-2026-0002 --date 2026-06-05
run group join "Hoa Sen" MK-2026-0003 --date 2026-07-05
run group join "Hướng Dương" MK-2026-0004 --date 2026-06-15 --role leader
run group list
run group members "Hoa Sen"

step "Lịch họp sắp tới, ngày dương lịch và âm lịch"
run group schedule "Hoa Sen" --next 3
run group schedule "Hướng Dương" --next 4

step "Các buổi họp đã tổ chức, có điểm danh"
run meeting record "Hoa Sen" --date 2026-10-05 --topic "Nuôi lợn nái" \
	--present MK-2026-0001,MK-2026-0002 --late MK-2026-0003
run meeting record "Hoa Sen" --date 2026-11-05 --topic "Tiết kiệm" \
	--present MK-2026-0001 --excused MK-2026-0002
run attendance report "Hoa Sen" --from 2026-06-01 --to 2026-11-30 --members

step "Vay vốn sinh kế: lịch trả nợ tính tròn đồng, trả nợ, một khoản nợ quá hạn"
run loan disburse MK-2026-0001 --principal 12.000.000 --rate 0.65%/tháng \
	--term 12 --source vbsp --group "Hoa Sen" --purpose "nuôi lợn nái" \
	--date 2026-06-10
run loan disburse MK-2026-0002 --principal 5000000 --rate 7.8%/năm \
	--term 6 --method flat --source "ngo:Pacific Links" --group "Hoa Sen" \
	--purpose "may mặc" --date 2026-07-01
run loan repay 1 1078000 --date 2026-07-10
run loan repay 1 1071500 --date 2026-08-10
run loan repay 1 1065000 --date 2026-09-09
run loan repay 1 1058500 --date 2026-10-12
run loan repay 1 1052000 --date 2026-11-10
run loan repay 2 866000 --date 2026-08-01
run loan show 1
run loan review --at 2026-11-23

step "Hỗ trợ một con lợn nái, có nghĩa vụ chuyển giao con giống; đàn tính từ các sự kiện"
run grant give MK-2026-0004 --kind sow --count 1 --value 3.200.000 --source wu \
	--date 2026-06-20 --passon 2 --passon-by 2027-06-30
run grant check 1 --event vaccinated --count 1 --date 2026-07-01
run grant check 1 --event born --count 9 --date 2026-10-15
run grant check 1 --event died --count 1 --cause "tiêu chảy" --date 2026-10-20
run grant passon 1 --to MK-2026-0003 --count 2 --date 2026-11-20
run grant show 1
run grant obligations --all

step "Thăm hỏi và kế hoạch thăm hỏi"
run visit log MK-2026-0001 --visitor "Thào Thị Lan" --kind home \
	--situation stable --date 2026-10-02 --next 2026-11-02
run visit log MK-2026-0002 --visitor "Thào Thị Lan" --kind phone \
	--situation needs-support --needs legal-aid,documents --date 2026-09-15
run visit due --days 30
run need list

step "Hỗ trợ đã cấp: sổ ghi tổng hợp theo loại, nguồn kinh phí, số người và lượt"
run support add MK-2026-0001 --type initial --value 3.000.000 --source state \
	--date 2026-03-05
run support add MK-2026-0002 --type vocational --value 4.500.000 --source wu \
	--date 2026-08-01 --notes "lớp may 3 tháng"
run support add MK-2026-0002 --type legal-aid --value 1.200.000 \
	--source "ngo:Pacific Links" --date 2026-09-20
run support add MK-2026-0003 --type education --value 2.000.000 --source state \
	--date 2026-09-05
run support list

step "Tin nhắn SMS qua modem (modem giả lập dummy của Gammu: thư mục ./demo/modem)"
run sms send MK-2026-0001 "Chào chị Hoa, tuần sau cán bộ xã đến thăm nhà nhé."
run sms send MK-2026-0004 "Anh Pháo: mai 8 giờ họp nhóm tại trạm y tế xã."
run sms outbox
run serve --once
run sms outbox
echo "(modem giả lập lưu các tin đã gửi trong demo/modem/sent: $(ls modem/sent | wc -l) phần tin)"

step "Thành viên trả lời; tin trả lời được lưu và xóa khỏi modem"
run sms inject "0912 345 678" "Dạ, em cảm ơn chị. Em khỏe."
run serve --once
run inbox
run sms status

step "Mô phỏng một tháng chạy dịch vụ: tin nhắc, tin nhắn hỏi thăm, tin trả lời"
echo "(shg serve --once lúc 07:30 và 18:00 mỗi ngày, từ 24/11 đến 23/12; thỉnh thoảng thành viên trả lời; chỉ in các lượt có gửi hoặc nhận tin)"
reply() {
	printf '   %s  tin trả lời từ %s: "%s"\n' "$when" "$1" "$2"
	"$SHG" sms inject "$1" "$2" >/dev/null
}
day=$(date -d 2026-11-24 +%s)
end=$(date -d 2026-12-23 +%s)
while [ "$day" -le "$end" ]; do
	d=$(date -u -d "@$day" +%Y-%m-%d)
	for hm in 07:30 18:00; do
		export SHG_NOW="$d $hm"
		when="$(date -d "$d" +%d/%m/%Y) $hm"    # as shg shows dates
		case "$d $hm" in
		"2026-12-03 18:00") reply 0912345678 "Dạ em sẽ đi họp" ;;
		"2026-12-07 18:00") reply 0912345678 "1" ;;
		"2026-12-08 07:30") reply 0987654321 "2" ;;
		"2026-12-10 18:00") reply 0328123456 "STOP" ;;
		"2026-12-12 07:30") reply 0977111222 "alo ai đấy" ;;
		"2026-12-15 18:00") reply 0912345678 "Chị ơi cuối tháng em chuyển nhà lên thị trấn" ;;
		esac
		out=$("$SHG" --as demo serve --once 2>/dev/null)
		# Only passes that sent or received something (or were held):
		# counts other than 0, whatever the language of the line.
		case "$out" in
		*[1-9]* | *"("*) printf '   %s  %s\n' "$when" "$out" ;;
		esac
	done
	day=$((day + 86400))
done
export SHG_NOW="2026-12-23 19:00"

step "Hộp thư đi và hộp thư đến"
run sms outbox --limit 40
run inbox

step "Ai cần được quan tâm, và vì sao"
run followup
run followup close MK-2026-0004 --note "đã gọi điện, hẹn đến nhà ngày 24/12"
run inbox --unread
run followup

step "Báo cáo tổng hợp năm 2026 của cán bộ điều phối (chỉ có mã hồ sơ và số liệu)"
run report summary --from 2026-01-01 --to 2026-12-31 --district "Mường Khương"
run report summary --from 2026-01-01 --to 2026-12-31 --html report-2026.html
echo "(mở demo/report-2026.html bằng trình duyệt, hoặc in ra)"

step "Giao diện web cho người phụ trách nhóm (shg web), kiểm tra bằng curl"
# The same demo accounts as "make demo-web" (docs/demo-web.sh).
account() {
	printf '%s\n' "$2" | "$SHG" --as demo user add "$1" --role "$3" "$4" "$5" \
	    >/dev/null
	case $3 in
	organiser) role="người phụ trách nhóm" ;;
	*) role="cán bộ điều phối huyện" ;;
	esac
	printf '   tài khoản %-6s mật khẩu %-18s (%s %s)\n' "$1" "$2" "$role" "$5"
}
account huong hoa-sen-2026 organiser --groups "Hoa Sen"
account minh muong-khuong-2026 coordinator --district "Mường Khương"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$SHG" web --listen "127.0.0.1:$port" >web.log 2>&1 &
web_pid=$!
trap 'kill "$web_pid" 2>/dev/null' EXIT
i=0
until curl -s -o /dev/null "$url/"; do
	i=$((i + 1))
	[ $i -le 100 ] || { cat web.log >&2; echo "shg web did not start" >&2; exit 1; }
	sleep 0.1
done
echo "(shg web --listen 127.0.0.1:$port đang chạy)"
# A page fetched with the session cookie must hold every given text.
page() {
	path=$1
	shift
	curl -s -b cookies.txt "$url$path" >page.html
	for want in "$@"; do
		grep -q "$want" page.html || {
			echo "trang $path thiếu \"$want\"" >&2; exit 1; }
	done
	printf '   trang %-18s có: %s\n' "$path" "$*"
}
page / "Đăng nhập" "Mật khẩu"
curl -s -c cookies.txt -o /dev/null --data-urlencode name=huong \
    --data-urlencode password=hoa-sen-2026 "$url/login"
grep -q shg_session cookies.txt || { echo "đăng nhập thất bại" >&2; exit 1; }
echo "   huong đăng nhập được"
page / "Hôm nay" "Thành viên cần theo dõi" "MK-2026-0001"
group=$(curl -s -b cookies.txt "$url/groups" |
    sed -n 's/.*href="\/group?group=\([0-9]*\)".*/\1/p' | head -n 1)
page "/group?group=$group" "Hoa Sen" "Nhà văn hóa thôn Na Lốc" "âm lịch"
kill "$web_pid"
wait "$web_pid" 2>/dev/null || true
trap - EXIT
rm -f cookies.txt page.html
echo "(đã dừng shg web; make demo-web chạy nó trên cơ sở dữ liệu này để mở bằng trình duyệt)"

step "Nhật ký truy cập"
run audit --limit 6
