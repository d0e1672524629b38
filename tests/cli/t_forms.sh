# SMS forms end to end through the dummy modem: an organiser's meeting,
# repayment, visit and undo from her account's phone, another group's
# organiser refused without learning the group exists, a repeated
# delivery recorded once, a number that is no account's.

export SHG_NOW="2026-12-05 09:00"
sed -i 's/unknown_reply = false;/unknown_reply = true;/' "$DIR/shg.conf"
printf 'mật khẩu dài 1\n' >"$DIR/pw"
add() {
	expect_ok person add --name "$1" --gender f --category returned-self \
	    --phone "$2" --consent yes
	sed -n 's/^added //p' "$DIR/out"
}
M1=$(add "Nguyễn Thị Lan" 0912000001)
M2=$(add "Trần Thị Mai" 0912000002)
M3=$(add "Phạm Thị Cúc" 0912000003)
M4=$(add "Lê Thị Hoa" 0912000004)
expect_ok group add "Hoa Sen"
expect_ok group add "Bình Minh"
expect_ok group join "Hoa Sen" "$M1" "$M2" "$M3" "$M4" --date 2026-11-01
expect_ok loan disburse "$M1" --principal 2000000 --rate 0%/month \
    --term 4 --source wu --group "Hoa Sen" --date 2026-11-01
expect_ok user add tu --role organiser --groups "Hoa Sen" --phone 0987000002 <"$DIR/pw"
expect_ok user add hanh --role organiser --groups "Bình Minh" --phone 0987000003 <"$DIR/pw"
n1=${M1##*-}; n2=${M2##*-}; n3=${M3##*-}; n4=${M4##*-}

pass_at() {
	export SHG_NOW="2026-12-05 $1"
	shg serve --once
	[ "$RC" -eq 0 ] || not_ok "serve --once at $SHG_NOW exited $RC: $(head -c 300 "$DIR/err")"
}
reply_to() {
	sqlk "SELECT o.text FROM outbox o JOIN inbox i ON o.subject = 'form:' || i.id WHERE i.text = '$1' AND o.state = 'sent' ORDER BY o.id DESC LIMIT 1"
}

# The organiser's meeting, without diacritics, case numbers alone.
export SHG_NOW="2026-12-05 09:10"
expect_ok sms inject 0987000002 "hop hoa sen 05/12 co $n1 $n2 vang $n3 phep $n4"
pass_at 09:11
pass_at 09:12
expect_eq "meeting recorded" 1 "$(sql "SELECT count(*) FROM meeting WHERE held_on = '2026-12-05'")"
expect_eq "attendance" "absent excused present present" \
    "$(sql "SELECT group_concat(status, ' ') FROM (SELECT status FROM attendance ORDER BY status)")"
expect_eq "reply sent" "Đã ghi buổi họp nhóm Hoa Sen 05/12: 2 có mặt, 1 vắng, 1 phép." \
    "$(reply_to "hop hoa sen 05/12 co $n1 $n2 vang $n3 phep $n4")"
expect_eq "audited as the account" 1 \
    "$(sql "SELECT count(*) FROM audit WHERE entity = 'meeting' AND actor = 'tu' AND command = 'sms' AND account_id IS NOT NULL")"
if grep -q "+84987000002\|hoa sen\|Lan" "$DIR/err"; then
	not_ok "the service log shows a whole number, a text or a name"
else pass=$((pass + 1)); fi

# Another group's organiser: the same answer as for no group at all.
export SHG_NOW="2026-12-05 09:20"
expect_ok sms inject 0987000003 "HOP Hoa Sen CO $n1"
expect_ok sms inject 0987000003 "HOP Sen Do CO $n1"
pass_at 09:21
pass_at 09:22
expect_eq "refused" 'Không có nhóm "Hoa Sen" trong các nhóm của bạn.' "$(reply_to "HOP Hoa Sen CO $n1")"
expect_eq "same as none" 'Không có nhóm "Sen Do" trong các nhóm của bạn.' "$(reply_to "HOP Sen Do CO $n1")"
expect_eq "still one meeting" 1 "$(sql "SELECT count(*) FROM meeting")"

# A repayment delivered twice: recorded once, answered once.
export SHG_NOW="2026-12-05 09:30"
expect_ok sms inject 0987000002 "TRA $(sql "SELECT id FROM loan") 500k"
export SHG_NOW="2026-12-05 09:31"
expect_ok sms inject 0987000002 "TRA $(sql "SELECT id FROM loan") 500k"
pass_at 09:32
pass_at 09:33
expect_eq "repaid once" 500000 "$(sql "SELECT sum(amount) FROM loan_pay")"
expect_eq "one reply" 1 "$(sqlk "SELECT count(*) FROM outbox o JOIN inbox i ON o.subject = 'form:' || i.id WHERE i.text LIKE 'TRA %'")"

# HUY undoes the repayment, the last form.
export SHG_NOW="2026-12-05 09:40"
expect_ok sms inject 0987000002 "Hủy"
pass_at 09:41
pass_at 09:42
expect_eq "reversed" 0 "$(sql "SELECT sum(amount) FROM loan_pay")"
expect_eq "undo reply" "Đã hủy: khoản trả nợ ghi ngày 05/12." "$(reply_to "Hủy")"

# A number that is no account's: today's unknown-sender handling.
export SHG_NOW="2026-12-05 09:50"
expect_ok sms inject 0933000009 "HOP Hoa Sen CO $n1"
pass_at 09:51
expect_eq "no form" 0 "$(sqlk "SELECT count(*) FROM sms_form WHERE sender = '+84933000009'")"
expect_eq "unknown reply" 1 "$(sqlk "SELECT count(*) FROM outbox WHERE subject = 'unknown:' || hex(crypt_blind('+84933000009'))")"
expect_eq "still one meeting" 1 "$(sql "SELECT count(*) FROM meeting")"

# SIGKILL the service while it takes four meeting forms: each is
# recorded exactly once and answered once.
export SHG_NOW="2026-12-05 10:00"
for d in 01 02 03 04; do
	expect_ok sms inject 0987000002 "HOP Hoa Sen $d/12 CO $n1 $n2 $n3"
done
round=0
kills=0
while [ $round -lt 12 ]; do
	round=$((round + 1))
	[ "$(sql "SELECT count(*) FROM inbox WHERE handled = 0")" -eq 0 ] &&
	    [ "$(ls "$DIR/modem/sms/1" | wc -l)" -eq 0 ] && break
	SHG_NOW="2026-12-05 10:$((10 + round))" "$SHG" -c "$DIR/shg.conf" \
	    serve >/dev/null 2>"$DIR/serve.err" &
	spid=$!
	sleep "0.$(printf %02d $(( (round * 37) % 28 + 2 )))"
	kill -KILL $spid 2>/dev/null && kills=$((kills + 1))
	wait $spid 2>/dev/null
done
pass_at 10:40
pass_at 10:41
expect_eq "four meetings once" 4 \
    "$(sql "SELECT count(*) FROM meeting WHERE held_on BETWEEN '2026-12-01' AND '2026-12-04'")"
expect_eq "one form row each" 4 \
    "$(sqlk "SELECT count(*) FROM sms_form f JOIN inbox i ON i.id = f.inbox_id WHERE i.text GLOB 'HOP Hoa Sen 0[1-4]/12 *' AND f.outcome = 'recorded'")"
expect_eq "one reply each" 4 \
    "$(sqlk "SELECT count(DISTINCT o.subject) FROM outbox o JOIN inbox i ON o.subject = 'form:' || i.id WHERE i.text GLOB 'HOP Hoa Sen 0[1-4]/12 *' AND o.state = 'sent'")"
expect_eq "integrity" ok "$(sql "PRAGMA integrity_check")"

# shg forms: every form with its outcome, filters, no numbers, no names.
export SHG_NOW="2026-12-05 11:00"
expect_ok forms --csv
expect_eq "all forms listed" 11 "$(wc -l <"$DIR/out")"
expect_ok forms --organiser hanh --csv
expect_eq "hanh's forms" "refused refused" "$(tail -n +2 "$DIR/out" | cut -d, -f5 | tr '\n' ' ' | sed 's/ $//')"
expect_out 'Không có nhóm ""Hoa Sen"" trong các nhóm của bạn.'
expect_ok forms --outcome duplicate --csv
expect_eq "one duplicate" 2 "$(wc -l <"$DIR/out")"
expect_out ",tu,TRA,duplicate,,TRA "
expect_ok forms --outcome undone
expect_out "repayment to loan $(sql "SELECT id FROM loan") ($M1)"
expect_out "Đã hủy: khoản trả nợ ghi ngày 05/12."
expect_ok forms --group "Hoa Sen" --csv
expect_eq "the group's meetings and repayment" 6 "$(($(wc -l <"$DIR/out") - 1))"
expect_ok forms --account tu --outcome recorded
expect_out "meeting of Hoa Sen on 2026-12-05"
expect_no_out "+84987"
expect_no_out "Nguyễn Thị Lan"
expect_ok forms --since 2026-12-06
expect_out "(none)"
expect_ok forms --limit 1 --csv
expect_eq "limit" 2 "$(wc -l <"$DIR/out")"
expect_ok --lang vi forms --outcome recorded --limit 1
expect_out "đã ghi"
expect_fail 1 '--outcome: "lost" is not an outcome' forms --outcome lost
expect_fail 1 'nobody' forms --organiser nobody
expect_fail 1 '--since' forms --since 31/02/2026
expect_fail 2 'unknown option' forms --sender 0987000002

# sms status: the last send and today's failures, beside the queue.
expect_ok sms status
expect_eq "last send" 1 "$(grep -cE '^last send +2026-12-05 1[01]:[0-5][0-9]$' "$DIR/out")"
expect_out "failures today 0"
