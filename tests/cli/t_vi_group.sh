# group, meeting and attendance commands in Vietnamese (--lang vi) and in
# English (--lang en). Today is 2026-11-23, a Monday (lunar 15/10).

expect_ok person add --name "Nguyễn Thị Hoa" --gender nữ --category at-risk
expect_ok person add --name "Lò Thị Dung" --gender nữ --category at-risk
expect_ok person add --name "Vàng Thị Mai" --gender nữ --category at-risk
A=SHG-2026-0001 B=SHG-2026-0002 C=SHG-2026-0003

expect_ok --lang vi group add "Nhóm Hoa Mai" --commune "Bản Lầu" \
	--place "Nhà văn hóa" --organiser "Chị Lan" \
	--organiser-phone "0912 345 678" --schedule "lunar 15 08:00" \
	--founded 2026-01-01
expect_out 'đã thêm nhóm "Nhóm Hoa Mai" (#1)'
expect_ok --lang vi group join "Nhóm Hoa Mai" $A $B $C --date 2026-02-01
expect_out '3 người đã vào nhóm "Nhóm Hoa Mai"'
expect_ok --lang vi group role "Nhóm Hoa Mai" $B leader
expect_out "$B nay là nhóm trưởng của nhóm \"Nhóm Hoa Mai\""

# group show: labels, dd/mm/yyyy, values lined up after the widest label
expect_ok --lang vi group show "Nhóm Hoa Mai"
expect_out "nhóm                  Nhóm Hoa Mai"
expect_out "người phụ trách nhóm  Chị Lan"
expect_out "ngày thành lập        01/01/2026"
expect_out "trạng thái            đang hoạt động"
expect_out "lịch họp              lunar 15 08:00 (RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15) lúc 08:00, họp 120 phút, áp dụng từ 01/01/2026"
expect_out "khi trùng ngày lễ     dời sang ngày trống kế tiếp (theo cấu hình)"
expect_out "nhắc lịch             2 ngày trước buổi họp (theo cấu hình)"
expect_no_out "2026-01-01"
expect_ok --lang en group show "Nhóm Hoa Mai"
expect_out "founded          2026-01-01"
expect_out "status           active"
expect_out "on holidays      move it to the next free day (from the configuration)"

# the schedule: weekday names, lunar dates, states
expect_ok --lang vi group schedule "Nhóm Hoa Mai" --next 3
expect_lines 4
expect_out "ngày        thứ      âm lịch        giờ    trạng thái  ghi chú"
expect_out "23/11/2026  Thứ Hai  15/10 âm lịch  08:00  theo lịch"
expect_out "23/12/2026  Thứ Tư   15/11 âm lịch  08:00  theo lịch"
expect_out "22/01/2027  Thứ Sáu  15/12 âm lịch  08:00  theo lịch"
expect_ok --lang en group schedule "Nhóm Hoa Mai" --next 1
expect_out "2026-11-23  Monday  15/10 lunar  08:00  planned"
expect_ok meeting cancel "Nhóm Hoa Mai" --date 2026-12-23 --reason "lũ lụt"
expect_ok --lang vi group schedule "Nhóm Hoa Mai" --next 2
expect_out "23/12/2026  Thứ Tư   15/11 âm lịch         đã hủy      lũ lụt"
# CSV keeps ISO dates and codes; only its header row is translated
expect_ok --lang vi group schedule "Nhóm Hoa Mai" --next 2 --csv
expect_out "ngày,thứ,âm lịch,giờ,trạng thái,ghi chú"
expect_out "2026-12-23,Wed,15/11,,cancelled,lũ lụt"
expect_ok --lang vi meeting restore "Nhóm Hoa Mai" --date 2026-12-23
expect_out 'đã khôi phục buổi họp của nhóm "Nhóm Hoa Mai" ngày 23/12/2026'

# members and roles
expect_ok --lang vi group members "Nhóm Hoa Mai"
expect_out "mã hồ sơ       vai trò      ngày vào nhóm"
expect_out "$B  nhóm trưởng  01/02/2026"
expect_out "$A  thành viên   01/02/2026"

# meetings and attendance
expect_ok --lang vi meeting record "Nhóm Hoa Mai" --date 2026-11-23 \
	--present $A --late $B --topic "chăn nuôi"
expect_out 'đã ghi buổi họp của nhóm "Nhóm Hoa Mai" ngày 23/11/2026'
expect_out "không được nêu, ghi là vắng: $C"
expect_ok --lang vi meeting record "Nhóm Hoa Mai" --date 2026-10-25 \
	--present $A,$B --excused $C
expect_ok --lang vi meeting show "Nhóm Hoa Mai" --date 2026-11-23
expect_out "mã hồ sơ       điểm danh"
expect_out "$A  có mặt"
expect_out "$B  đến muộn"
expect_out "$C  vắng"
expect_ok --lang en meeting show "Nhóm Hoa Mai" --date 2026-11-23
expect_out "case           attendance"
expect_out "$B  late"
expect_ok --lang vi meeting list
expect_out "có mặt  đến muộn  vắng có phép  vắng  tỷ lệ tham dự  nội dung"
expect_out "23/11/2026                 1         1             0     1        66,67 %  chăn nuôi"
expect_ok --lang vi attendance report --from 2026-10-01 --to 2026-11-30
expect_out "nhóm          số buổi họp  có mặt  đến muộn  vắng có phép  vắng  tỷ lệ tham dự"
expect_out "Nhóm Hoa Mai            2       3         1             1     1        66,67 %"
expect_ok --lang en attendance report --from 2026-10-01 --to 2026-11-30
expect_out "Nhóm Hoa Mai         2        3     1        1       1  66.67%"
expect_ok --lang vi attendance report --members --csv
expect_out "nhóm,mã hồ sơ,số buổi họp,có mặt,đến muộn,vắng có phép,vắng,tỷ lệ tham dự"
expect_out "Nhóm Hoa Mai,$C,2,0,0,1,1,0%"
expect_ok --lang vi attendance missed --count 1
expect_out "mã hồ sơ       nhóm          số buổi vắng  từ ngày"
expect_out "$C  Nhóm Hoa Mai             1  23/11/2026"

# errors: one line in the language asked for, nothing changed
expect_fail 1 'không có buổi họp nào của nhóm "Nhóm Hoa Mai" được ghi ngày 21/11/2026' \
	--lang vi meeting show "Nhóm Hoa Mai" --date 2026-11-21
expect_fail 1 'no meeting of "Nhóm Hoa Mai" recorded on 2026-11-21' \
	--lang en meeting show "Nhóm Hoa Mai" --date 2026-11-21
expect_fail 1 'không tìm thấy nhóm "Nowhere"' --lang vi group show Nowhere
expect_fail 1 'lịch họp: "lunar 31 08:00" ngày âm lịch trong tháng phải từ 1 đến 30' \
	--lang vi group add "Nhóm Sen" --schedule "lunar 31 08:00"
expect_fail 1 "$C không phải là thành viên của nhóm \"Nhóm Hoa Mai\" vào ngày 25/01/2026" \
	--lang vi meeting record "Nhóm Hoa Mai" --date 2026-01-25 --present $C
expect_fail 1 'buổi họp của nhóm "Nhóm Hoa Mai" ngày 23/11/2026 đã được ghi' \
	--lang vi meeting record "Nhóm Hoa Mai" --date 2026-11-23
expect_fail 2 'cần có --date' --lang vi meeting delete "Nhóm Hoa Mai"
expect_ok --lang vi group add "Nhóm Trống"
expect_fail 1 'nhóm "Nhóm Trống" chưa có lịch họp' --lang vi group schedule "Nhóm Trống"
expect_ok --lang vi meeting delete "Nhóm Hoa Mai" --date 2026-10-25
expect_out 'đã xóa buổi họp của nhóm "Nhóm Hoa Mai" ngày 25/10/2026'

# --help: every line with English words in it reads differently in
# Vietnamese (option names, metavariables, quoted examples and
# configuration keys are not words to translate)
english_words() {
	printf '%s\n' "$1" | sed -e 's/"[^"]*"//g' -e 's/--[a-z-]*//g' \
	    -e 's/[A-Z][A-Z0-9_]*//g' -e 's/[a-z_]*\.[a-z_]*//g' |
	    grep -q '[a-z][a-z]'
}
for cmd in "group add" "group edit" "group show" "group list" "group close" \
    "group join" "group leave" "group role" "group members" "group schedule" \
    "meeting record" "meeting list" "meeting show" "meeting delete" \
    "meeting move" "meeting cancel" "meeting restore" "attendance report" \
    "attendance missed"; do
	shg --lang en $cmd --help
	cp "$DIR/out" "$DIR/help.en"
	shg --lang vi $cmd --help
	cp "$DIR/out" "$DIR/help.vi"
	expect_eq "$cmd --help lines" "$(wc -l <"$DIR/help.en")" \
	    "$(wc -l <"$DIR/help.vi")"
	n=0 same=""
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in usage:*) continue ;; esac
		english_words "$line" || continue
		[ "$line" = "$(sed -n "${n}p" "$DIR/help.vi")" ] && same="$same [$line]"
	done <"$DIR/help.en"
	expect_eq "$cmd --help: English lines left in Vietnamese" "" "$same"
done

# a meeting a holiday pushed onto the next one, and a leap lunar month
expect_ok group add "Nhóm Sen" --schedule "weekly sat,tue 14:00"
expect_ok --lang vi group schedule "Nhóm Sen" --from 2027-02-01 --next 3
expect_out "06/02/2027  Thứ Bảy  1/1 âm lịch           đã hủy       Tết Nguyên Đán (gộp với buổi họp ngày 11/02/2027)"
expect_out "11/02/2027  Thứ Năm  6/1 âm lịch    14:00  đã dời lịch  từ 09/02/2027: Tết Nguyên Đán"
expect_ok --lang en group schedule "Nhóm Sen" --from 2027-02-01 --next 3
expect_out "Tết Nguyên Đán (joined with the meeting on 2027-02-11)"
expect_out "from 2027-02-09: Tết Nguyên Đán"
expect_ok group add "Nhóm Cúc" --schedule "lunar 15 08:00" --from 2025-06-01
expect_ok --lang vi group schedule "Nhóm Cúc" --from 2025-08-01 --next 1
expect_out "08/08/2025  Thứ Sáu  15/6 nhuận âm lịch  08:00  theo lịch"
expect_ok --lang en group schedule "Nhóm Cúc" --from 2025-08-01 --next 1
expect_out "2025-08-08  Friday  15/6 lunar, leap month  08:00  planned"
