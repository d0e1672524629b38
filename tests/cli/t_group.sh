# group, meeting and attendance commands. Today is 2026-11-23 (lunar 15/10).

expect_ok person add --name "Nguyễn Thị Hoa" --gender nữ --category at-risk
expect_ok person add --name "Lò Thị Dung" --gender nữ --category at-risk
expect_ok person add --name "Vàng Thị Mai" --gender nữ --category at-risk
A=SHG-2026-0001 B=SHG-2026-0002 C=SHG-2026-0003

# group add and its bad input
expect_ok group add "Nhóm Hoa Mai" --commune "Bản Lầu" --place "Nhà văn hóa" \
	--organiser-phone "0912 345 678" --schedule "lunar 15 08:00" \
	--founded 2026-01-01
expect_out 'added group "Nhóm Hoa Mai" (#1)'
expect_eq "organiser phone" "+84912345678" \
	"$(sql "SELECT organiser_phone FROM grp WHERE id = 1")"
expect_ok group add "Nhóm Sen" --schedule "monthly 2nd tue 14:00"
expect_eq "rule" "FREQ=MONTHLY;BYDAY=2TU" "$(sql "SELECT rule FROM grp WHERE id = 2")"
expect_fail 1 'group "nhóm sen" already exists' group add "nhóm sen"
expect_fail 1 'monthly 32' group add "X" --schedule "monthly 32 08:00"
expect_fail 1 'needs a start time' group add "X" --schedule "monthly 5"
expect_fail 1 '--organiser-phone' group add "X" --organiser-phone "0912 34"
expect_fail 1 '--founded: "2026-13-01"' group add "X" --founded 2026-13-01
expect_fail 1 '--holidays: "later"' group add "X" --holidays later
expect_fail 1 '--reminder-days' group add "X" --reminder-days 99
expect_fail 2 'give the group' group add
expect_fail 2 'unknown option "--colour"' group add "X" --colour red

# edit, show, list
expect_ok group edit "nhom sen" --holidays skip --reminder-days 1 --place "Chợ"
expect_eq "policy" "skip|1" "$(sql "SELECT holiday_policy || '|' || reminder_days FROM grp WHERE id = 2")"
expect_fail 1 'group "Nowhere" not found' group edit Nowhere --place x
expect_fail 1 'already exists' group edit "#2" --name "NHÓM HOA MAI"
expect_ok group show "#1"
expect_out "lunar 15 08:00"
expect_out "Nhà văn hóa"
expect_ok group list
expect_out "Nhóm Hoa Mai"
expect_out "monthly 2nd tue 14:00"
expect_fail 1 '--status: "open"' group list --status open

# join, one active group, leave, members as of a date
expect_ok group join "Nhóm Hoa Mai" $A $B --date 2026-02-01
expect_out '2 people joined'
expect_fail 1 'already a member of group "Nhóm Hoa Mai"' group join "Nhóm Sen" $A
expect_fail 1 'person "NOPE" not found' group join "Nhóm Sen" $C NOPE
expect_fail 1 'future' group join "Nhóm Sen" $C --date 2027-01-01
expect_fail 1 'role: "boss"' group join "Nhóm Sen" $C --role boss
expect_ok group join "Nhóm Sen" $C --role leader --date 2026-03-01
expect_ok group leave "Nhóm Hoa Mai" $B --reason "chuyển nhà" --date 2026-06-01
expect_fail 2 '--reason is needed' group leave "Nhóm Hoa Mai" $A
expect_fail 1 'not a member of this group' group leave "Nhóm Sen" $A --reason x
expect_ok group members "Nhóm Hoa Mai" --at 2026-05-01
expect_out "$B"
expect_ok group members "Nhóm Hoa Mai"
expect_no_out "$B"
expect_lines 2
expect_ok group members "Nhóm Hoa Mai" --history
expect_out "chuyển nhà"
expect_ok group members "Nhóm Hoa Mai" --names
expect_out "Nguyễn Thị Hoa"
expect_fail 1 '--at: "yesterdayish"' group members "Nhóm Hoa Mai" --at yesterdayish
expect_ok group role "Nhóm Hoa Mai" $A treasurer
expect_eq "role" "treasurer" "$(sql "SELECT role FROM membership WHERE person_id = 1")"
expect_fail 1 'role: "boss"' group role "Nhóm Hoa Mai" $A boss

# schedule with solar and lunar dates
expect_ok group schedule "Nhóm Hoa Mai" --next 3
expect_lines 4
expect_out "2026-11-23  Monday     15/10 lunar  08:00"
expect_out "15/11"
expect_fail 1 '--next: "0"' group schedule "Nhóm Hoa Mai" --next 0
# more than five years ahead, and a rule that ends says so
expect_ok group schedule "Nhóm Hoa Mai" --next 80
expect_lines 81
expect_ok group add "Nhóm Ba Buổi" --schedule "RSCALE=CHINESE;FREQ=MONTHLY;COUNT=3;BYMONTHDAY=15 08:00"
expect_ok group schedule "Nhóm Ba Buổi" --next 10
expect_lines 4
expect_eq "cut short" "only 3 meetings: the schedule ends there (COUNT or UNTIL)" "$(cat "$DIR/err")"
expect_ok group add "Nhóm Trống"
expect_fail 1 'has no schedule' group schedule "Nhóm Trống"

# exceptions
expect_ok meeting cancel "Nhóm Sen" --date 2026-12-08 --reason "lũ lụt"
expect_ok meeting move "Nhóm Sen" --date 2027-01-12 --to 2027-01-14 --time 09:00 \
	--reason "họp xã"
expect_ok group schedule "Nhóm Sen" --next 2
expect_out "cancelled  lũ lụt"
expect_out "2027-01-14"
expect_out "from 2027-01-12: họp xã"
expect_fail 1 'no meeting scheduled on 2026-12-09' meeting cancel "Nhóm Sen" \
	--date 2026-12-09 --reason x
expect_fail 2 'missing options' meeting cancel "Nhóm Sen" --date 2026-12-08
expect_ok meeting restore "Nhóm Sen" --date 2026-12-08
expect_fail 1 'neither moved nor cancelled' meeting restore "Nhóm Sen" --date 2026-12-08
expect_eq "exceptions" "1" "$(sql "SELECT count(*) FROM sched_exception")"

# meetings and attendance
expect_ok meeting record "Nhóm Hoa Mai" --date 2026-11-23 --present $A --topic "chăn nuôi"
expect_out "recorded the meeting"
expect_no_out "extra"
expect_lines 1
expect_ok meeting record "Nhóm Sen" --date 2026-11-20
expect_out "extra: not a scheduled meeting"
expect_out "not given, recorded absent: $C"
expect_eq "absent" "absent" "$(sql "SELECT status FROM attendance WHERE person_id = 3")"
expect_fail 1 "$B was not a member of group \"Nhóm Hoa Mai\" on 2026-10-25" \
	meeting record "Nhóm Hoa Mai" --date 2026-10-25 --present $A --late $B
expect_fail 1 'already recorded' meeting record "Nhóm Hoa Mai" --date 2026-11-23
expect_fail 1 'given twice' meeting record "Nhóm Hoa Mai" --date 2026-09-26 \
	--present $A --absent $A
expect_fail 1 'future' meeting record "Nhóm Hoa Mai" --date 2026-12-23
expect_fail 1 'person "XX-1" not found' meeting record "Nhóm Hoa Mai" \
	--date 2026-09-26 --present XX-1
expect_fail 2 '--date is needed' meeting record "Nhóm Hoa Mai" --present $A
expect_ok meeting record "Nhóm Hoa Mai" --date 2026-10-25 --excused $A
expect_ok meeting list
expect_out "chăn nuôi"
expect_out "extra"
expect_ok meeting show "Nhóm Sen" --date 2026-11-20
expect_out "$C  absent"
expect_fail 1 'no meeting of' meeting show "Nhóm Sen" --date 2026-11-21

# reports
expect_ok attendance report --from 2026-10-01 --to 2026-11-30
expect_out "Nhóm Hoa Mai         2        1     0        1       0  50.00%"
expect_ok attendance report "Nhóm Hoa Mai" --members --csv
expect_out "Nhóm Hoa Mai,$A,2,1,0,1,0,50%"
expect_fail 1 'after --to' attendance report --from 2026-12-01 --to 2026-11-01
expect_ok attendance missed --count 1
expect_out "$C"
expect_no_out "$A"
expect_fail 1 '--count: "x"' attendance missed --count x

# delete a meeting, close a group
expect_ok meeting delete "Nhóm Sen" --date 2026-11-20
expect_eq "meetings" "2" "$(sql "SELECT count(*) FROM meeting")"
expect_fail 1 'no meeting recorded' meeting delete "Nhóm Sen" --date 2026-11-20
expect_ok group close "Nhóm Sen"
expect_eq "open" "0" "$(sql "SELECT count(*) FROM membership WHERE group_id = 2 AND left_on IS NULL")"
expect_fail 1 'already closed' group close "Nhóm Sen"
expect_fail 1 'group is closed' group join "Nhóm Sen" $B
expect_eq "audit" "1" "$(sql "SELECT count(*) FROM audit WHERE entity = 'group' AND action = 'close'")"
