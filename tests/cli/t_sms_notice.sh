# Modem problems on the administrator's follow-up list: shg serve against
# one AT modem (tests/atsim.c on a pseudo-terminal) whose faults are the
# simulator's switches: a low balance read by USSD, no network for 10
# minutes, a SIM nearly full, sending failing in a row, a SIM PIN
# refused, and messages the modem cannot read.  Each shows in `shg
# followup` for an administrator (not for an organiser, not in CSV),
# leaves the list when marked seen or when it goes away.

here=$(cd "$(dirname "$SHG")" && pwd)
ATSIM=${ATSIM:-$here/tests/atsim}
pdus=$(cd "$(dirname "$2")/../atsim" && pwd)
SIM="$DIR/sim"
mkdir -p "$SIM/incoming" "$SIM/sim"

sed -i -e 's/checkin_every_days = 14;/checkin_every_days = 0;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' \
    -e 's/per_minute = [0-9]*;/per_minute = 600;/' \
    -e 's/reopen_seconds = [0-9]*;/reopen_seconds = 1;/' \
    -e 's/retry_seconds = [0-9]*;/retry_seconds = 1;/' \
    -e 's/max_attempts = [0-9]*;/max_attempts = 9;/' \
    -e 's/quiet_start = "21:00";/quiet_start = "00:00";/' \
    -e 's/quiet_end = "07:00";/quiet_end = "00:00";/' "$DIR/shg.conf"
cat >>"$DIR/shg.conf" <<CONF
modems = (
  { name = "vt1"; device = "$SIM/tty"; pin = "";
    ussd = "*101#"; balance_pattern = "TKC"; balance_low = 10000; }
);
CONF

"$ATSIM" "$SIM" 2>>"$SIM/stderr" &
simpid=$!
n=0
while [ ! -e "$SIM/ready" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done

incoming() {
	for f in "$@"; do cp "$f" "$SIM/incoming/$(basename "$f")"; done
	n=0
	while [ -n "$(ls "$SIM/incoming")" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
}

# The number of the problem whose line holds $1.
problem_no() {
	awk -v t="$1" 'index($0, t) { print $1; exit }' "$DIR/out"
}

at() {
	export SHG_NOW="2026-12-03 $1"
}

pw=$(mktemp)
echo "mat-khau-dai-du-12" >"$pw"
echo "mat-khau-dai-du-12" >>"$pw"
expect_ok user add lan --role organiser <"$pw"
expect_ok user add root --role admin <"$pw"

# Nothing wrong: no section.
at 08:00
expect_ok serve --once
expect_ok followup
expect_no_out "Modems"

# Unreadable messages: one notice counting them, until marked seen; one
# arriving after the mark is a new notice.
incoming "$pdus/0-corrupt.pdu" "$pdus/1-gsm7.pdu"
expect_ok serve --once
expect_out "received 1"
expect_ok followup
expect_out "Modems"
expect_out "1 message a modem could not read was set aside"
no=$(problem_no "could not read")
expect_ok --as lan followup
expect_no_out "Modems"
expect_fail 1 "only an administrator looks after the modems" \
    --as lan followup seen "$no"
expect_ok followup --csv
expect_no_out "could not read"
expect_ok --as root followup seen "$no"
expect_out "marked modem problem $no seen"
expect_eq "seen by whom" "root" "$(sql "SELECT seen_by FROM modem_notice WHERE id = $no")"
expect_ok followup
expect_no_out "could not read"
expect_fail 1 "no modem problem $no on the follow-up list" followup seen "$no"
expect_fail 1 '"x1" is not a problem number' followup seen x1
sed 's/4819010022F2/4819010033F3/' "$pdus/0-corrupt.pdu" >"$DIR/corrupt2.pdu"
incoming "$DIR/corrupt2.pdu"
expect_ok serve --once
expect_ok followup
expect_out "1 message a modem could not read was set aside"
expect_eq "a new notice" 1 "$(sql "SELECT count(*) FROM modem_notice WHERE kind = 'unreadable' AND seen_at IS NULL")"
expect_ok --lang vi followup
expect_out "Modem"
expect_ok followup seen "$(sql "SELECT id FROM modem_notice WHERE kind = 'unreadable' AND seen_at IS NULL")"

# A low balance, read by USSD: on the list; gone when topped up.
echo "TKC 3.500d, han dung 01/01/2027" >"$SIM/ussd"
at 09:00
expect_ok serve --once
expect_ok followup
expect_out "vt1: the balance is low (3,500 đ)"
echo "TKC 150.000d" >"$SIM/ussd"
at 09:20
expect_ok serve --once
expect_ok followup
expect_no_out "balance is low"
expect_eq "closed when it went away" 1 \
    "$(sql "SELECT count(*) FROM modem_notice WHERE kind = 'balance_low' AND cleared_at IS NOT NULL")"

# No network: a problem after 10 minutes, also across restarts of the
# service; gone once registered again.
touch "$SIM/noreg"
at 10:00
expect_ok serve --once
expect_ok followup
expect_no_out "no network"
at 10:11
expect_ok serve --once
expect_ok followup
expect_out "vt1: no network since"
expect_out "10:00"
rm "$SIM/noreg"
at 10:15
expect_ok serve --once
expect_ok followup
expect_no_out "no network"

# A SIM nearly full: the modem refuses to delete what was read.
echo 5 >"$SIM/size"
touch "$SIM/nodelete"
incoming "$pdus/2-ucs2.pdu" "$pdus/3-part1.pdu" "$pdus/4-part2.pdu" "$pdus/5-foreign.pdu"
at 11:00
expect_ok serve --once
expect_ok followup
expect_out "vt1: the SIM is nearly full (4 of 5 messages)"
no=$(problem_no "nearly full")
# Seen: it stays off the list while the SIM stays full.
expect_ok followup seen "$no"
at 11:05
expect_ok serve --once
expect_ok followup
expect_no_out "nearly full"
rm "$SIM/nodelete"
at 11:10
expect_ok serve --once
expect_eq "SIM emptied" 0 "$(ls "$SIM/sim" | wc -l)"
expect_eq "closed when it went away" 1 \
    "$(sql "SELECT count(*) FROM modem_notice WHERE kind = 'sim_full' AND cleared_at IS NOT NULL")"

# Sending failing 5 times in a row; gone once a message goes.
echo "38" >"$SIM/cms"
for i in 1 2 3 4 5; do expect_ok sms send 0961111111 "Hop nhom lan $i"; done
at 12:00
expect_ok serve --once
expect_ok followup
expect_out "vt1: sending failed 5 times in a row"
rm "$SIM/cms"
at 12:10
expect_ok serve --once
expect_ok followup
expect_no_out "sending failed"

# A SIM that refuses the PIN: the PIN problem, and not "no network" on
# top of it however long it lasts.
echo 1234 >"$SIM/pin"
kill -TERM $simpid; wait $simpid 2>/dev/null
rm -f "$SIM/ready"
"$ATSIM" "$SIM" 2>>"$SIM/stderr" &
simpid=$!
n=0
while [ ! -e "$SIM/ready" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
sed -i 's/pin = "";/pin = "0000";/' "$DIR/shg.conf"
# The coordinator is told by SMS too (in the service's language, no one's
# data, one SMS), once a day.
sed -i 's/coordinator = "";/coordinator = "0918000111";/' "$DIR/shg.conf"
at 13:00
expect_ok --lang vi serve --once
at 13:30
expect_ok serve --once
expect_eq "the coordinator told once, in Vietnamese, in one SMS" \
    "shg: modem vt1 cần được xem: SIM từ chối mã PIN|1" \
    "$(sql "SELECT text || '|' || parts FROM outbox WHERE recipient = '+84918000111'")"
expect_ok sms status
expect_out "attention: the SIM refused its PIN"
sed -i 's/coordinator = "0918000111";/coordinator = "";/' "$DIR/shg.conf"
expect_ok followup
expect_out "vt1: the SIM refused its PIN"
expect_no_out "no network"
expect_ok --lang vi followup
expect_out "vt1: SIM"
sed -i 's/pin = "0000";/pin = "1234";/' "$DIR/shg.conf"
at 13:40
expect_ok serve --once
expect_ok followup
expect_no_out "refused its PIN"
expect_no_out "Modems"

kill -TERM $simpid
wait $simpid 2>/dev/null
rm -f "$pw"
unset SHG_NOW
