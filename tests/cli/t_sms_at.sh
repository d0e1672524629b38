# SMS through an AT modem: shg serve against tests/atsim.c on a
# pseudo-terminal (libGammu's "at" connection), with real PDUs coming in
# (tests/atsim/*.pdu: GSM 7-bit, Vietnamese UCS-2, a two-part message and
# one the modem cannot decode) and the simulator's fault switches.

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
    -e 's/quiet_start = "21:00";/quiet_start = "00:00";/' \
    -e 's/quiet_end = "07:00";/quiet_end = "00:00";/' "$DIR/shg.conf"

sim_start() {
	rm -f "$SIM/ready"
	"$ATSIM" "$SIM" 2>>"$SIM/stderr" &
	simpid=$!
	n=0
	while [ ! -e "$SIM/ready" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
}

sim_stop() {
	kill -TERM $simpid 2>/dev/null
	wait $simpid 2>/dev/null
}

# Wait up to $2 tenths of a second for the shell condition $1.
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
	wait_for '[ -z "$(ls "$SIM/incoming")" ]' 30
}

sim_start

# Sending and receiving through the modem.
expect_ok sms send 0912345678 "Chào chị, hẹn gặp ở nhà văn hóa"
expect_ok sms send 0912345678 "Nhom hop ngay 5 thang 12 tai nha van hoa thon Ban Lau, chi nho mang so vay von va giay to de doi chieu voi can bo hoi phu nu xa. Cam on chi rat nhieu va hen gap lai"
incoming 1-gsm7 2-ucs2 3-part1 4-part2
expect_ok serve --once
expect_out "sent 2,"
expect_out "received 3"
expect_eq "parts the modem sent" 3 "$(wc -l <"$SIM/sent")"
grep -q "to=+84912345678 coding=ucs2 ref=-1 part=1/1 report=1 text=Chào chị, hẹn gặp ở nhà văn hóa" \
    "$SIM/sent" && pass=$((pass + 1)) || not_ok "ucs2 part: $(cat "$SIM/sent")"
expect_eq "two parts with one reference" 1 \
    "$(grep 'part=[12]/2' "$SIM/sent" | sed 's/.*ref=\([0-9]*\).*/\1/' | sort -u | wc -l)"
expect_eq "modem emptied" 0 "$(in_sim)"
expect_eq "vietnamese text" "Tôi cần giúp đỡ, gọi lại cho tôi nhé" \
    "$(sql "SELECT text FROM inbox WHERE sender = '+84987654321'")"
expect_eq "multipart joined" "Chị ơi, tuần này nhà em bận gặt lúa nên em xin phép vắng buổi họp nhóm.|2|1" \
    "$(sql "SELECT text, parts, complete FROM inbox WHERE sender = '+84977000111'")"
expect_eq "gsm7 text" "Toi khoe, cam on chi. Hen gap o nha van hoa!" \
    "$(sql "SELECT text FROM inbox WHERE sender = '+84912345678'")"
expect_ok sms status
expect_out "connected"
expect_out "sent           2"

# A message the modem cannot decode ("Corrupted data returned by phone")
# is set aside raw with the reason and deleted; those after it are read.
sql "DELETE FROM inbox" >/dev/null
incoming 0-corrupt 1-gsm7 2-ucs2
expect_ok serve --once
expect_out "received 2"
expect_eq "modem emptied past the bad one" 0 "$(in_sim)"
expect_eq "set aside raw, with the reason" \
    "$(cat "$pdus/0-corrupt.pdu")|Corrupted data returned by phone." \
    "$(sql "SELECT raw, reason FROM inbox_quarantine")"
incoming 0-corrupt
expect_ok serve --once
expect_eq "the same one read again is kept once" 1 \
    "$(sql "SELECT count(*) FROM inbox_quarantine")"
expect_ok sms status
grep -Eq "^set aside +1$" "$DIR/out" && pass=$((pass + 1)) ||
	not_ok "status lacks the set-aside count: $(cat "$DIR/out")"
expect_no_out "nearly full"
sql "UPDATE modem_state SET sim_used = 16, sim_size = 20"
expect_ok sms status
expect_out "16 of 20 messages"
expect_out "warning: the SIM is nearly full"

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
expect_ok serve --once
expect_out "sent 1,"
expect_eq "right PIN entered once" 1 "$(grep -c 'AT+CPIN="1234"' "$SIM/log")"
expect_ok sms status
expect_out "last error     none"

sim_stop
