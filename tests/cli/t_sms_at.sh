# SMS through an AT modem: shg serve against tests/atsim.c on a
# pseudo-terminal (libGammu's "at" connection), with PDUs in the formats
# of real phones coming in (tests/atsim/*.pdu: GSM 7-bit, Vietnamese
# UCS-2, two-part messages with 8- and 16-bit references, national-format
# numbers, one the modem cannot decode) and the simulator's fault
# switches.

here=$(cd "$(dirname "$SHG")" && pwd)
ATSIM=${ATSIM:-$here/tests/atsim}
# run.sh sources this file with its path as $2.
pdus=$(cd "$(dirname "$2")/../atsim" && pwd)
SIM="$DIR/sim"
mkdir -p "$SIM/incoming" "$SIM/sim"

sed -i -e 's|connection = "none";|connection = "at";|' \
    -e "s|device = \"modem\";|device = \"$SIM/tty\";|" \
    -e 's|model = "dummy";|model = "";|' \
    -e 's/checkin_every_days = 14;/checkin_every_days = 0;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' \
    -e 's/per_minute = [0-9]*;/per_minute = 600;/' \
    -e 's/poll_seconds = [0-9]*;/poll_seconds = 1;/' \
    -e 's/reopen_seconds = [0-9]*;/reopen_seconds = 1;/' \
    -e 's/retry_seconds = [0-9]*;/retry_seconds = 1;/' \
    -e 's/quiet_start = "21:00";/quiet_start = "00:00";/' \
    -e 's/quiet_end = "07:00";/quiet_end = "00:00";/' "$DIR/shg.conf"

sim_start() {
	rm -f "$SIM/ready"
	"$ATSIM" "$SIM" 2>>"$SIM/stderr" &
	simpid=$!
	n=0
	while [ ! -e "$SIM/ready" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
}

sim_stop() {
	kill -TERM $simpid 2>/dev/null
	wait $simpid 2>/dev/null
}

# Wait up to $2 tenths of a second for the shell condition $1 (generous:
# a loaded machine with sanitizers is slow, and the wait ends when it holds).
wait_for() {
	n=0
	while ! eval "$1" && [ $n -lt "$2" ]; do sleep 0.1; n=$((n + 1)); done
	eval "$1"
}

in_sim() {
	ls "$SIM/sim" | wc -l
}

incoming() {
	for f in "$@"; do cp "$pdus/$f.pdu" "$SIM/incoming/$f"; done
	wait_for '[ -z "$(ls "$SIM/incoming")" ]' 300
}

sim_start

# Sending and receiving through the modem.  The first message on the SIM
# is one the modem cannot decode ("Corrupted data returned by phone"): it
# is set aside raw with the reason and deleted, and those after it are
# read as usual.
expect_ok sms send 0912345678 "Chào chị, hẹn gặp ở nhà văn hóa"
expect_ok sms send 0912345678 "Nhom hop ngay 5 thang 12 tai nha van hoa thon Ban Lau, chi nho mang so vay von va giay to de doi chieu voi can bo hoi phu nu xa. Cam on chi rat nhieu va hen gap lai"
incoming 0-corrupt 1-gsm7 2-ucs2 3-part1 4-part2
expect_ok serve --once
expect_out "sent 2,"
expect_out "received 3"
expect_eq "parts the modem sent" 3 "$(wc -l <"$SIM/sent")"
grep -q "to=+84912345678 coding=ucs2 ref=-1 part=1/1 report=1 mr=[0-9]* text=Chào chị, hẹn gặp ở nhà văn hóa" \
    "$SIM/sent" && pass=$((pass + 1)) || not_ok "ucs2 part: $(cat "$SIM/sent")"
expect_eq "two parts with one reference" 1 \
    "$(grep 'part=[12]/2' "$SIM/sent" | sed 's/.*ref=\([0-9]*\).*/\1/' | sort -u | wc -l)"
expect_eq "message centre read once per connection, not per part" 1 \
    "$(grep -c 'AT+CSCA?' "$SIM/log")"
grep -q "^PDU 07914889200030F0" "$SIM/log" && pass=$((pass + 1)) ||
	not_ok "parts do not carry the SIM's message centre"
expect_eq "modem emptied past the bad one" 0 "$(in_sim)"
expect_eq "vietnamese text" "Tôi cần giúp đỡ, gọi lại cho tôi nhé" \
    "$(sql "SELECT text FROM inbox WHERE sender = '+84987654321'")"
expect_eq "multipart joined" "Chị ơi, tuần này nhà em bận gặt lúa nên em xin phép vắng buổi họp nhóm.|2|1" \
    "$(sql "SELECT text, parts, complete FROM inbox WHERE sender = '+84977000111'")"
expect_eq "gsm7 text" "Toi khoe, cam on chi. Hen gap o nha van hoa!" \
    "$(sql "SELECT text FROM inbox WHERE sender = '+84912345678'")"
expect_eq "set aside raw, with the reason" \
    "$(cat "$pdus/0-corrupt.pdu")|Corrupted data returned by phone." \
    "$(sql "SELECT raw, reason FROM inbox_quarantine")"
expect_ok sms status
expect_out "connected"
expect_out "sent           2"
grep -Eq "^set aside +1$" "$DIR/out" && pass=$((pass + 1)) ||
	not_ok "status lacks the set-aside count: $(cat "$DIR/out")"
expect_no_out "nearly full"
sql "UPDATE modem_health SET sim_used = 16, sim_size = 20"
expect_ok sms status
expect_out "16 of 20 messages"
expect_out "warning: the SIM is nearly full"
expect_ok --lang vi sms status
expect_out "cảnh báo: SIM sắp đầy"
expect_out "tin để riêng"

# A SIM that refuses the PIN: it is entered once, never again until the
# configuration changes (three wrong ones would lock the SIM), and the
# reason stays "SIM PIN rejected".
echo 1234 >"$SIM/pin"
sim_stop
sim_start
sed -i 's/pin = "";/pin = "0000";/' "$DIR/shg.conf"
expect_ok sms send 0912345678 "Hop nhom thu bay"
expect_ok serve --once
expect_out "sent 0,"
expect_ok serve --once
expect_eq "wrong PIN entered once" 1 "$(grep -c 'AT+CPIN="0000"' "$SIM/log")"
expect_eq "SIM not locked" 1 "$(cat "$SIM/pin-tries")"
expect_ok sms status
expect_out "not connected"
expect_out "SIM PIN rejected"
expect_out "queued         1"
sed -i 's/pin = "0000";/pin = "1234";/' "$DIR/shg.conf"

# A modem that goes away (USB reset, unplugged) while the service runs:
# the connection is dropped, sending is held with the messages queued, and
# the modem is reopened when it comes back behind the same path; the
# queue then drains.  The service runs on the real clock here, with the
# right PIN now (the SIM asks for it again after it was unplugged), and
# the undecodable message comes again: it is set aside once.
incoming 0-corrupt
: >"$DIR/serve.err"
env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" serve >/dev/null 2>"$DIR/serve.err" &
spid=$!
wait_for 'grep -q "modem connected" "$DIR/serve.err"' 300 ||
	not_ok "serve did not connect: $(cat "$DIR/serve.err")"
wait_for '[ "$(sql "SELECT count(*) FROM outbox WHERE state = '"'sent'"'")" = 3 ]' 300
# sending and reading are separate steps of a pass: wait for the read too
wait_for '[ "$(in_sim)" = 0 ]' 300
expect_eq "right PIN entered once" 1 "$(grep -c 'AT+CPIN="1234"' "$SIM/log")"
expect_eq "the same bad message set aside once" 1 \
    "$(sql "SELECT count(*) FROM inbox_quarantine")"
expect_eq "modem emptied" 0 "$(in_sim)"
touch "$SIM/gone"
sleep 0.3
for i in 1 2 3; do
	env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" sms send 0912345678 \
	    "Tin nhan $i khi modem vang mat" >/dev/null 2>&1 ||
		not_ok "queue $i"
done
wait_for '[ "$(sql "SELECT connected FROM modem_state")" = 0 ]' 300
sleep 2
expect_eq "queued while the modem is away, not a failed try" "queued:3" \
    "$(sql "SELECT state || ':' || count(*) FROM outbox WHERE text LIKE 'Tin nhan %' AND last_error IS NULL GROUP BY state")"
expect_ok sms status
expect_out "not connected"
rm "$SIM/gone"
wait_for '[ "$(grep -c "khi modem vang mat" "$SIM/sent")" = 3 ]' 450
expect_eq "sent once back" 3 "$(grep -c "khi modem vang mat" "$SIM/sent")"
wait_for '[ "$(sql "SELECT count(*) FROM outbox WHERE state = '"'sent'"' AND text LIKE '"'Tin nhan %'"'")" = 3 ]' 300
expect_eq "none failed" "sent:3" \
    "$(sql "SELECT state || ':' || count(*) FROM outbox WHERE text LIKE 'Tin nhan %' GROUP BY state")"
# The state is saved at the end of the pass that sent them.
wait_for '[ "$(sql "SELECT connected FROM modem_state")" = 1 ]' 30
expect_eq "connected again" 1 "$(sql "SELECT connected FROM modem_state")"
expect_ok sms status
expect_out "last error     none"

# A two-part message whose second part the network refuses once is tried
# again from that part: the member does not get the first part twice.
echo "38 1 1" >"$SIM/cms"
env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" sms send 0912345678 \
    "BATDAU $(printf 'Thong bao hop nhom %.0s' $(seq 1 9)) KETTHUC" >/dev/null 2>&1 ||
	not_ok "queue the two-part message"
wait_for '[ "$(sql "SELECT state FROM outbox WHERE text LIKE '"'BATDAU%'"'")" = sent ]' 300
expect_eq "sent after a second try" "sent|2|2" \
    "$(sql "SELECT state, parts, attempts FROM outbox WHERE text LIKE 'BATDAU%'")"
expect_eq "first part once" 1 "$(grep -c "part=1/2 .*text=BATDAU" "$SIM/sent")"
expect_eq "second part once" 1 "$(grep -c "part=2/2 .*KETTHUC" "$SIM/sent")"
kill -TERM $spid
wait $spid
grep -q "modem unavailable" "$DIR/serve.err" && pass=$((pass + 1)) ||
	not_ok "no log of the modem going away: $(cat "$DIR/serve.err")"
grep -q "sent (2 parts, resumed)" "$DIR/serve.err" && pass=$((pass + 1)) ||
	not_ok "no log of the resumed message: $(cat "$DIR/serve.err")"

# Delivery reports, both ways.  The modem is asked (AT+CNMI) to pass
# reports on: this one offers to store them on the SIM and announce them
# (+CDSI), read like any message.  Part 2 of the two-part message is
# not delivered (TP-Status 0x46): the message is failed, with the part
# and the reason; the single-part one is delivered.
serve_bg() {
	: >"$DIR/serve.err"
	env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" serve >/dev/null 2>>"$DIR/serve.err" &
	spid=$!
	wait_for 'grep -q "modem connected" "$DIR/serve.err"' 300 ||
		not_ok "serve did not connect: $(cat "$DIR/serve.err")"
}
delivery() {
	sql "SELECT coalesce(delivery, '-') || '|' || coalesce(delivery_error, '-') FROM outbox WHERE text LIKE '$1%'"
}
echo "0x46 2" >"$SIM/auto-report"
: >"$SIM/log"
serve_bg
for w in KHO MOT; do
	env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" sms send 0912345678 \
	    "$w $(printf 'Thong bao hop nhom %.0s' $(seq 1 9)) HET" >/dev/null 2>&1 ||
		not_ok "queue $w"
done
env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" sms send 0912345678 "DON Hop nhom thu hai" >/dev/null 2>&1 ||
	not_ok "queue the single part"
wait_for '[ "$(delivery DON)" = "delivered|-" ] && [ "$(delivery MOT)" != "pending|-" ] && [ "$(delivery MOT)" != "-|-" ]' 300
grep -q "AT+CNMI=2,0,0,2,0" "$SIM/log" && pass=$((pass + 1)) ||
	not_ok "reports not asked for: $(grep CNMI "$SIM/log")"
expect_eq "single part delivered (stored report)" "delivered|-" "$(delivery DON)"
expect_eq "one part failed: the message failed" \
    "failed|part 2/2: validity period expired (TP-Status 0x46)" "$(delivery MOT)"
expect_eq "per part" "delivered failed" \
    "$(sql "SELECT group_concat(delivery, ' ') FROM (SELECT p.delivery FROM outbox_part p JOIN outbox o ON o.id = p.outbox_id WHERE o.text LIKE 'MOT%' ORDER BY p.seq)")"
expect_eq "reports deleted from the SIM" 0 "$(in_sim)"
expect_ok sms outbox --state sent
expect_out "part 2/2: validity period expired (TP-Status 0x46)"
kill -TERM $spid
wait $spid

# The same through a modem that passes reports on at once (+CDS: they are
# stored nowhere): every part delivered, the message delivered.
echo "0,1" >"$SIM/cnmi-ds"
echo "0" >"$SIM/auto-report"
: >"$SIM/log"
serve_bg
env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" sms send 0912345678 \
    "HAI $(printf 'Thong bao hop nhom %.0s' $(seq 1 9)) HET" >/dev/null 2>&1 ||
	not_ok "queue HAI"
wait_for '[ "$(delivery HAI)" = "delivered|-" ]' 300
grep -q "AT+CNMI=2,0,0,1,0" "$SIM/log" && pass=$((pass + 1)) ||
	not_ok "unsolicited reports not asked for: $(grep CNMI "$SIM/log")"
expect_eq "unsolicited reports came" 2 "$(grep -c '^CDS ' "$SIM/log")"
expect_eq "two-part message delivered (+CDS)" "delivered|-" "$(delivery HAI)"
kill -TERM $spid
wait $spid
rm -f "$SIM/auto-report" "$SIM/cnmi-ds"

# A two-part message whose second part is refused, and the service
# stopped in between: the next run resumes from part 2 (the resume point
# is kept in the outbox), and the message keeps no error once sent.
echo "38 1 1" >"$SIM/cms"
export SHG_NOW="2026-12-03 10:00"
expect_ok sms send 0912345678 "LAI $(printf 'Thong bao hop nhom %.0s' $(seq 1 9)) CUOI"
expect_ok serve --once
expect_eq "first try: part 1 accepted" "queued|1" \
    "$(sql "SELECT state, parts_done FROM outbox WHERE text LIKE 'LAI%'")"
export SHG_NOW="2026-12-03 10:05"
expect_ok serve --once
expect_eq "sent after the restart" "sent|-" \
    "$(sql "SELECT state, coalesce(last_error, '-') FROM outbox WHERE text LIKE 'LAI%'")"
expect_eq "first part once across the restart" 1 "$(grep -c "part=1/2 .*text=LAI" "$SIM/sent")"
expect_eq "second part once" 1 "$(grep -c "part=2/2 .*CUOI" "$SIM/sent")"

# The service answers by itself only texts from Vietnamese mobiles: not
# a foreign number, a short code, a sender's name or an MMS notification
# (a WAP push in 8-bit data); with sms.acknowledge, the neutral answer.
sed -i 's/acknowledge = false;/acknowledge = true;/' "$DIR/shg.conf"
incoming 5-foreign 6-shortcode 7-alnum 8-mms 9-stranger
expect_ok serve --once
expect_out "received 5"
expect_eq "senders as read" "+14155550100|9029|Viettel|+84912345670|+84933000009" \
    "$(sql "SELECT group_concat(sender, '|') FROM (SELECT sender FROM inbox WHERE sender IN ('+14155550100', '9029', 'Viettel', '+84912345670', '+84933000009') ORDER BY id)")"
expect_eq "the MMS notification is 8-bit" 8bit \
    "$(sql "SELECT coding FROM inbox WHERE sender = '+84912345670'")"
expect_eq "one answer, to the mobile's text" "+84933000009|Đã nhận tin nhắn. Cảm ơn." \
    "$(sql "SELECT recipient, text FROM outbox WHERE kind = 'reply'")"

# Formats of real phones and networks: a message whose centre and sender
# come in national format (06 81 ..., 0A 81 0912...), a two-part UCS-2
# message with a 16-bit concatenation reference (IEI 08) and the
# "no more messages" bit, as Nokia phones send, and a delivery report
# stored on the SIM whose recipient is in national format.
incoming 10-national 11-nokia-1 12-nokia-2
expect_ok serve --once
expect_out "received 2"
expect_eq "gsm 7-bit after a national centre" "Chi oi, em se den hop nhom chieu nay. Em cam on!" \
    "$(sql "SELECT text FROM inbox WHERE text LIKE 'Chi oi, em se den%'")"
expect_eq "national sender as E.164" "+84912345678" \
    "$(sql "SELECT sender FROM inbox WHERE text LIKE 'Chi oi, em se den%'")"
expect_eq "two UCS-2 parts with a 16-bit reference joined" \
    "Chào chị Hoa, tuần này em đi làm xa nên không dự họp được. Em sẽ gửi tiền tiết kiệm qua chị Lan. Cảm ơn chị nhiều!|2|1" \
    "$(sql "SELECT text, parts, complete FROM inbox WHERE sender = '+84386123456'")"
expect_ok sms send 0912345678 "BAOCAO hop nhom thu nam"
expect_ok serve --once
mr=$(sql "SELECT p.tpmr FROM outbox_part p JOIN outbox o ON o.id = p.outbox_id WHERE o.text LIKE 'BAOCAO%'")
# SMS-STATUS-REPORT: centre, first octet 06, TP-MR, recipient 0912345678
# (national), the centre's time stamp, the discharge time, status 00.
printf '06819008020003%s%02X0A819021436587%s%s00\n' 06 "$mr" \
    62213001300082 62213001300582 >"$DIR/report.pdu"
cp "$DIR/report.pdu" "$SIM/incoming/report"
wait_for '[ -z "$(ls "$SIM/incoming")" ]' 300
expect_ok serve --once
expect_eq "a report naming the number in national format" "delivered|-" \
    "$(delivery BAOCAO)"

# A report passed on at once (+CDS) is stored even when the reading that
# follows fails (the modem unplugged as its SIM is read): it exists
# nowhere else.
echo "0,1" >"$SIM/cnmi-ds"
echo "0" >"$SIM/auto-report"
expect_ok sms send 0912345678 "CDSMAT hop nhom thu sau"
touch "$SIM/gone-at-read"
: >"$SIM/log"
expect_ok serve --once
expect_out "sent 1,"
grep -q "^CDS " "$SIM/log" && pass=$((pass + 1)) ||
	not_ok "no +CDS passed on: $(cat "$SIM/log")"
expect_eq "the modem went away as it was read" 1 "$([ -e "$SIM/gone" ] && echo 1)"
expect_eq "the report kept" "delivered|-" "$(delivery CDSMAT)"
rm -f "$SIM/gone" "$SIM/cnmi-ds" "$SIM/auto-report"
wait_for '[ -e "$SIM/tty" ]' 100

# Messages passed on whole (AT+CNMI mt 2: +CMT) are stored nowhere on the
# modem: libGammu does not acknowledge them (+CNMA) and one that comes
# while no one reads the line is lost.  By default the modem is asked to
# store every message (mt 0), even one that offers mt 2 and not 1: read
# from the SIM, deleted once stored.
echo "0,2" >"$SIM/cnmi-mt"
: >"$SIM/log"
serve_bg
cp "$pdus/13-cmt.pdu" "$SIM/incoming/cmt"
wait_for '[ "$(sql "SELECT count(*) FROM inbox WHERE sender = '"'+84918000222'"'")" = 1 ]' 300
kill -TERM $spid
wait $spid
expect_eq "message stored on the SIM, read" "Em da nhan tin, toi nay em den hop. Cam on chi!" \
    "$(sql "SELECT text FROM inbox WHERE sender = '+84918000222'")"
grep -q "AT+CNMI=[0-9],0," "$SIM/log" && pass=$((pass + 1)) ||
	not_ok "mt 0 not asked for: $(grep CNMI "$SIM/log")"
expect_eq "not passed on" 0 "$(grep -c '^CMT ' "$SIM/log")"
expect_eq "deleted from the SIM" 0 "$(in_sim)"

# With sms.pass_on the modem passes them on (+CMT), and none is lost
# whenever it comes: several in a row in the middle of the answer to a
# part being sent, in the middle of the SIM's listing, between commands,
# and just before the service stops.  cmt N: the message of 13-cmt.pdu
# stamped N seconds later (a different message), dropped in whole.
sed -i 's/pass_on = false;/pass_on = true;/' "$DIR/shg.conf"
cmt() {
	for n in "$@"; do
		sed "s/62213001200382/6221300120${n}382/" "$pdus/13-cmt.pdu" \
		    >"$SIM/cmt.tmp"
		mv "$SIM/cmt.tmp" "$SIM/incoming/cmt$n"
	done
}
cmt_count() {
	sql "SELECT count(*) FROM inbox WHERE sender = '+84918000222'"
}
: >"$SIM/log"
serve_bg
grep -q "AT+CNMI=[0-9],2," "$SIM/log" && pass=$((pass + 1)) ||
	not_ok "mt 2 not asked for: $(grep CNMI "$SIM/log")"
echo "AT+CMGS" >"$SIM/cmt-inside"
cmt 1 2 3
env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" sms send 0912345678 \
    "CMTGUI $(printf 'Thong bao hop nhom %.0s' $(seq 1 9)) HET" >/dev/null 2>&1 ||
	not_ok "queue CMTGUI"
wait_for '[ "$(cmt_count)" = 4 ]' 300
expect_eq "three +CMT inside a part's answer, all stored" 4 "$(cmt_count)"
expect_eq "the message sent" sent \
    "$(sql "SELECT state FROM outbox WHERE text LIKE 'CMTGUI%'")"
expect_eq "passed on as +CMT" 3 "$(grep -c '^CMT ' "$SIM/log")"
# a message stored on the SIM all the same, listed with +CMT inside
printf '0 %s\n' "$(cat "$pdus/1-gsm7.pdu")" >"$SIM/sim.tmp"
mv "$SIM/sim.tmp" "$SIM/sim/7"
sql "DELETE FROM inbox WHERE sender = '+84912345678'"
echo "AT+CMGL" >"$SIM/cmt-inside"
cmt 4 5
wait_for '[ "$(cmt_count)" = 6 ] && [ "$(in_sim)" = 0 ]' 300
expect_eq "two +CMT inside the listing, stored" 6 "$(cmt_count)"
expect_eq "and the listed one" 1 \
    "$(sql "SELECT count(*) FROM inbox WHERE sender = '+84912345678'")"
expect_eq "the listed one deleted" 0 "$(in_sim)"
rm "$SIM/cmt-inside"
cmt 6 7 8
wait_for '[ "$(cmt_count)" = 9 ]' 300
expect_eq "three +CMT in a row between commands, stored" 9 "$(cmt_count)"
kill -TERM $spid
wait $spid
# One that comes just after the pass read the modem (inside the answer
# about the network, asked after the reading) is stored as the service
# stops, not left in libGammu's hands: the next reading would be a minute
# away.
sed -i 's/poll_seconds = 1;/poll_seconds = 60;/' "$DIR/shg.conf"
echo "AT+COPS?" >"$SIM/cmt-inside"
cmt 9
serve_bg
wait_for 'grep -q "^CMT cmt9" "$SIM/log"' 300
kill -TERM $spid
wait $spid
expect_eq "passed on just before the stop, stored" 10 "$(cmt_count)"
expect_eq "each once" 10 \
    "$(sql "SELECT count(DISTINCT sent_at) FROM inbox WHERE sender = '+84918000222'")"
sed -i 's/poll_seconds = 60;/poll_seconds = 1;/' "$DIR/shg.conf"
sed -i 's/pass_on = true;/pass_on = false;/' "$DIR/shg.conf"
rm -f "$SIM/cnmi-mt" "$SIM/cmt-inside"

# A modem that answers +COPS? with the network's name where its number
# was asked (AT+COPS=3,2): the service goes on and shows the name.
touch "$SIM/cops-name"
echo "Vietnamobile" >"$SIM/operator"
expect_ok serve --once
expect_eq "the name kept" "Vietnamobile" \
    "$(sql "SELECT operator FROM modem_health")"
# a name longer than libGammu's field for a number
echo "Viettel Telecom Corporation Vietnam" >"$SIM/operator"
export SHG_NOW="2026-12-03 10:20"
expect_ok serve --once
expect_ok sms status
expect_out "connected"
rm -f "$SIM/cops-name" "$SIM/operator"

# Reports are a setting: without them the parts do not ask for one.
sed -i 's/delivery_reports = true;/delivery_reports = false;/' "$DIR/shg.conf"
expect_ok sms send 0912345678 "KHONGBAOCAO hop nhom"
expect_ok serve --once
grep -q "report=0 mr=[0-9]* text=KHONGBAOCAO" "$SIM/sent" && pass=$((pass + 1)) ||
	not_ok "a report was asked for: $(grep KHONGBAOCAO "$SIM/sent")"

sim_stop
