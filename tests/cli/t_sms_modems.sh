# Several modems: shg serve with connection = "at" against four AT modems
# (tests/atsim.c on pseudo-terminals), one per network: messages go out on
# the recipient's network, fall back to another modem when that one is
# gone, replies come in on any modem and reach their sender's record, and
# `sms status` shows each modem.

here=$(cd "$(dirname "$SHG")" && pwd)
ATSIM=${ATSIM:-$here/tests/atsim}
pdus=$(cd "$(dirname "$2")/../atsim" && pwd)

sed -i -e 's/checkin_every_days = 14;/checkin_every_days = 0;/' \
    -e 's/unknown_reply = true;/unknown_reply = false;/' \
    -e 's/per_minute = [0-9]*;/per_minute = 600;/' \
    -e 's/poll_seconds = [0-9]*;/poll_seconds = 30;/' \
    -e 's/reopen_seconds = [0-9]*;/reopen_seconds = 1;/' \
    -e 's/retry_seconds = [0-9]*;/retry_seconds = 1;/' \
    -e 's/quiet_start = "21:00";/quiet_start = "00:00";/' \
    -e 's/quiet_end = "07:00";/quiet_end = "00:00";/' "$DIR/shg.conf"
cat >>"$DIR/shg.conf" <<CONF
modems = (
  { name = "viettel1"; device = "$DIR/vt/tty"; carrier = "viettel"; },
  { name = "vina1"; device = "$DIR/vn/tty"; carrier = "vinaphone";
    ussd = "*101#"; balance_pattern = "TKC"; balance_low = 10000; },
  { name = "mobi1"; device = "$DIR/mb/tty"; carrier = "mobifone"; },
  { name = "spare"; device = "$DIR/sp/tty"; }
);
CONF

pids=""
mkdir -p "$DIR/vn"
echo "TKC 3.500d, han dung 01/01/2027" >"$DIR/vn/ussd"
echo "Vinaphone" >"$DIR/vn/operator"
for m in vt vn mb sp; do
	mkdir -p "$DIR/$m/incoming" "$DIR/$m/sim"
	"$ATSIM" "$DIR/$m" 2>>"$DIR/$m/stderr" &
	pids="$pids $!"
done
for m in vt vn mb sp; do
	n=0
	while [ ! -e "$DIR/$m/ready" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
done

all_sent() {
	cat "$DIR"/vt/sent "$DIR"/vn/sent "$DIR"/mb/sent "$DIR"/sp/sent 2>/dev/null
}

sent_on() {
	cat "$DIR/$1/sent" 2>/dev/null | grep -c "$2"
}

sed -i 's/coordinator = "";/coordinator = "0918000111";/' "$DIR/shg.conf"
expect_ok check-config
expect_ok person add --name "Lò Văn Páo" --gender m --category returned-self \
    --phone 0987654321 --consent yes
pao=$(sed -n 's/^added //p' "$DIR/out")

# By network: Viettel, Vinaphone and MobiFone numbers on their own SIM; a
# Gmobile number, which no modem is for, on any.
expect_ok sms send 0961111111 "Hop nhom viettel"
expect_ok sms send 0912222222 "Hop nhom vinaphone"
expect_ok sms send 0903333333 "Hop nhom mobifone"
expect_ok sms send 0994444444 "Hop nhom gmobile"
expect_ok serve --once
expect_out "sent 4,"

# Health: the balance asked by USSD on the modem where it is configured;
# below balance_low it is a problem: on the status, and one SMS to the
# coordinator a day, however many passes see it.
expect_eq "balance read" "3500|balance_low" \
    "$(sql "SELECT balance, problem FROM modem_health WHERE name = 'vina1'")"
expect_eq "USSD asked once" 1 "$(grep -c 'AT+CUSD=1,"\*101#"' "$DIR/vn/log")"
expect_eq "coordinator told" 1 \
    "$(sqlk "SELECT count(*) FROM outbox WHERE recipient = '+84918000111' AND text LIKE '%vina1%balance is low%'")"
expect_ok sms status
expect_out "3,500 đ (read"
expect_out "attention: the balance is low"
expect_out "network        Vinaphone"
expect_ok --lang vi sms status
expect_out "số dư thấp"
expect_out "3.500 đ (đọc lúc"

# Out of credit: a Vinaphone number goes out on another modem meanwhile.
expect_ok sms send 0914444555 "Khi vina1 het tien"
expect_ok serve --once
expect_eq "not on the modem without credit" 0 "$(sent_on vn 'Khi vina1 het tien')"
expect_eq "on another one" 1 "$(all_sent | grep -c 'Khi vina1 het tien')"
expect_eq "viettel on viettel1" 1 "$(sent_on vt 'Hop nhom viettel')"
expect_eq "vinaphone on vina1" 1 "$(sent_on vn 'Hop nhom vinaphone')"
expect_eq "mobifone on mobi1" 1 "$(sent_on mb 'Hop nhom mobifone')"
expect_eq "each row names its modem" \
    "mobi1 vina1 viettel1" \
    "$(sqlk "SELECT modem FROM outbox WHERE text IN ('Hop nhom viettel', 'Hop nhom mobifone', 'Hop nhom vinaphone') ORDER BY recipient" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "gmobile sent once, on some modem" 1 \
    "$(all_sent | grep -c 'Hop nhom gmobile')"

# A reply arriving on the MobiFone modem from a Viettel member reaches
# his record all the same.
cp "$pdus/2-ucs2.pdu" "$DIR/mb/incoming/x"
n=0
while [ -n "$(ls "$DIR/mb/incoming")" ] && [ $n -lt 30 ]; do sleep 0.1; n=$((n + 1)); done
expect_ok serve --once
expect_out "received 1"
# It asked for help: the urgent alert to the coordinator (a Vinaphone
# number) takes the first free modem, not waiting for its network's.
expect_eq "alert on the first free modem" "sent|viettel1" \
    "$(sql "SELECT state, modem FROM outbox WHERE kind = 'alert'")"
expect_eq "reply linked to its sender" \
    "$(sqlk "SELECT id FROM person_clear WHERE phone = '+84987654321'")" \
    "$(sqlk "SELECT person_id FROM inbox WHERE sender = '+84987654321'")"

# The Viettel modem is gone: Viettel numbers go out on another modem
# meanwhile; when it is back they go on it again.
touch "$DIR/vt/gone"
sleep 0.3
expect_ok sms send 0972222222 "Khi viettel1 vang mat"
expect_ok serve --once
expect_out "sent 1,"
expect_eq "not on the gone modem" 0 "$(sent_on vt 'Khi viettel1 vang mat')"
expect_eq "on another one" 1 "$(all_sent | grep -c 'Khi viettel1 vang mat')"
expect_ok sms status
expect_out "viettel1: not connected"
expect_out "vina1: connected"
rm "$DIR/vt/gone"
sleep 1.5
expect_ok sms send 0983333333 "Viettel1 tro lai"
expect_ok serve --once
expect_eq "back on viettel1" 1 "$(sent_on vt 'Viettel1 tro lai')"
expect_eq "the coordinator told once a day" 1 \
    "$(sqlk "SELECT count(*) FROM outbox WHERE recipient = '+84918000111' AND text LIKE '%needs attention%'")"

expect_ok sms status
expect_out "viettel1: connected"
expect_eq "four modems in status" 4 "$(grep -c '^modem ' "$DIR/out")"
expect_eq "sent today, first modem" \
    "$(sql "SELECT count(*) FROM outbox WHERE modem = 'viettel1' AND state = 'sent'")" \
    "$(grep -m1 '^sent today' "$DIR/out" | awk '{print $3}')"
expect_out "its queue      0"

# A modem that stops answering delays no other: while its read waits for
# it, the other three keep receiving within their usual time (the service
# on the real clock, a pass a second), and one of them that goes away and
# comes back is reopened meanwhile.
sed -i 's/poll_seconds = 30;/poll_seconds = 1;/' "$DIR/shg.conf"
: >"$DIR/serve.err"
env -u SHG_NOW "$SHG" -c "$DIR/shg.conf" serve >/dev/null 2>"$DIR/serve.err" &
spid=$!
wait_for() {
	n=0
	while ! eval "$1" && [ $n -lt "$2" ]; do sleep 0.1; n=$((n + 1)); done
	eval "$1"
}
wait_for '[ "$(sql "SELECT count(*) FROM modem_health WHERE connected = 1")" = 4 ]' 300 ||
	not_ok "serve did not connect the four: $(cat "$DIR/serve.err")"
touch "$DIR/mb/silent"
cp "$pdus/6-shortcode.pdu" "$DIR/mb/incoming/x"
sleep 2
# polled with sqlite3 (quick: the senders are sealed, so the rows after
# those already there are counted; the three are checked after)
before=$(sql "SELECT coalesce(max(id), 0) FROM inbox")
stored() {
	sql "SELECT count(*) FROM inbox WHERE id > $before"
}
start=$(date +%s)
cp "$pdus/1-gsm7.pdu" "$DIR/vt/incoming/x"
cp "$pdus/9-stranger.pdu" "$DIR/vn/incoming/x"
cp "$pdus/5-foreign.pdu" "$DIR/sp/incoming/x"
wait_for '[ "$(stored)" = 3 ]' 150
took=$(($(date +%s) - start))
expect_eq "the three others received" 3 "$(stored)"
expect_eq "from the three" 3 "$(sqlk "SELECT count(*) FROM inbox WHERE id > $before AND sender IN ('+84912345678', '+84933000009', '+14155550100')")"
[ "$took" -le 8 ] && pass=$((pass + 1)) ||
	not_ok "receiving took $took s beside a silent modem"
expect_eq "nothing from the silent one" 0 \
    "$(sqlk "SELECT count(*) FROM inbox WHERE sender = '9029'")"
touch "$DIR/vt/gone"
wait_for '[ "$(sql "SELECT connected FROM modem_health WHERE name = '"'viettel1'"'")" = 0 ]' 150
rm "$DIR/vt/gone"
start=$(date +%s)
wait_for '[ "$(sql "SELECT connected FROM modem_health WHERE name = '"'viettel1'"'")" = 1 ]' 150
took=$(($(date +%s) - start))
[ "$took" -le 8 ] && pass=$((pass + 1)) ||
	not_ok "reopening took $took s beside a silent modem"
rm "$DIR/mb/silent"
kill -TERM $spid
wait $spid
sed -i 's/poll_seconds = 1;/poll_seconds = 30;/' "$DIR/shg.conf"

# check-config: names and devices are unique, carriers known.
cp "$DIR/shg.conf" "$DIR/good.conf"
sed -i 's/name = "vina1"/name = "viettel1"/' "$DIR/shg.conf"
expect_fail 1 'the name "viettel1" is given twice' check-config
cp "$DIR/good.conf" "$DIR/shg.conf"
sed -i 's/carrier = "mobifone"/carrier = "mobiphone"/' "$DIR/shg.conf"
expect_fail 1 'carrier "mobiphone" is not one of' check-config
cp "$DIR/good.conf" "$DIR/shg.conf"
sed -i "s|device = \"$DIR/sp/tty\"|device = \"$DIR/mb/tty\"|" "$DIR/shg.conf"
expect_fail 1 'have the same device' check-config
cp "$DIR/good.conf" "$DIR/shg.conf"

for p in $pids; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
