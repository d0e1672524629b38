#!/bin/sh
# The SMS gateway as users run it: "shg serve" against gammu-smsd (Debian
# gammu-smsd, SQL backend on SQLite through libdbi), both on libGammu's
# dummy driver on this machine. usage: sh bench/gateway.sh SHG MESSAGES
# REPLIES. Prints "name value" lines for bench/run.sh on stdout (and what
# it does on stderr).
#
# shg: MESSAGES single-part messages queued (bench/gw.c, outbox_enqueue),
# then "shg serve --once" run until the queue is empty, the clock
# ($SHG_NOW) two minutes later for each run so that sms.per_minute (at
# most 600) does not hold the queue: the rate is messages over the wall
# time of all runs, process starts included. Copies of sent parts are kept
# as the service keeps them. Then REPLIES replies put into the dummy modem
# and one "shg serve --once" stores them.
# gammu-smsd: LoopSleep 0, CommTimeout 0, StatusFrequency 0, no security,
# battery or signal checks, the same messages INSERTed into its outbox
# table; the rate is from its start until every message is in sentitems.
# Then the same replies, until all are in its inbox table. Each waits at
# most BENCH_SMSD_SECONDS (60): the rate is then what was done by then.
set -e
shg=${1:?usage: sh bench/gateway.sh SHG MESSAGES REPLIES}
n=${2:-10000}
m=${3:-5000}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/bench
gw=$out/gw
dir=$out/gateway
now=$(date -d "2026-11-23 09:00" +%s)

say() { echo "$*" >&2; }
ms() { echo $(($(date +%s%N) / 1000000)); }
# rate COUNT MILLISECONDS
rate() { awk -v c="$1" -v t="$2" 'BEGIN { printf "%.1f\n", c * 1000 / (t ? t : 1) }'; }

rm -rf "$dir"
mkdir -p "$dir/shg" "$dir/smsd"

# --- shg serve
cat >"$dir/shg/shg.conf" <<-EOC
database = "shg.db";
log = { level = "warn"; };
modem = { connection = "none"; device = "modem"; model = "dummy"; };
sms = { per_minute = 600; poll_seconds = 1; delivery_reports = false;
        quiet_start = "00:00"; quiet_end = "00:00"; };
EOC
SHG_NOW="@$now" "$shg" -c "$dir/shg/shg.conf" init >/dev/null
SHG_NOW="@$now" "$gw" queue "$dir/shg/shg.db" "$n"
t0=$(ms)
i=0
left=$n
while [ "$left" -gt 0 ] && [ $i -lt $((n / 300 + 10)) ]; do
	SHG_NOW="@$((now + 120 * i))" "$shg" -c "$dir/shg/shg.conf" \
	    serve --once >/dev/null
	left=$(sqlite3 "$dir/shg/shg.db" \
	    "SELECT count(*) FROM outbox WHERE state <> 'sent'")
	i=$((i + 1))
done
t1=$(ms)
sent=$((n - left))
copies=$(find "$dir/shg/modem/sent" -type f | wc -l)
say "  shg serve --once x $i: $sent sent in $((t1 - t0)) ms," \
    "$copies copies of sent parts kept"
echo "serve_send_per_s $(rate "$sent" $((t1 - t0)))"
SHG_NOW="@$((now + 120 * i))" "$gw" inject "$dir/shg/modem" "$m"
t0=$(ms)
SHG_NOW="@$((now + 120 * i))" "$shg" -c "$dir/shg/shg.conf" serve --once \
    >/dev/null
t1=$(ms)
got=$(sqlite3 "$dir/shg/shg.db" "SELECT count(*) FROM inbox")
say "  shg serve --once: $got replies stored in $((t1 - t0)) ms"
echo "serve_receive_per_s $(rate "$got" $((t1 - t0)))"

# --- gammu-smsd
if ! command -v gammu-smsd >/dev/null; then
	say "  gammu-smsd not installed (make deps): not measured"
	echo "gammu_smsd_send_per_s NA"
	echo "gammu_smsd_receive_per_s NA"
	exit 0
fi
s=$dir/smsd
mkdir -p "$s/modem/sms/1" "$s/modem/sms/2" "$s/modem/sms/3" \
    "$s/modem/sms/4" "$s/modem/sms/5"
# WAL: the polls below read while gammu-smsd writes (libdbi sets no
# busy timeout, so a reader would make its writes fail).
{ echo "PRAGMA journal_mode = WAL;"; cat /usr/share/doc/gammu-smsd/examples/sqlite.sql; } \
    | sqlite3 "$s/smsd.db" >/dev/null
cat >"$s/smsdrc" <<-EOC
[gammu]
device = $s/modem
model = dummy
connection = none

[smsd]
service = sql
driver = sqlite3
sql = sqlite
database = smsd.db
dbdir = $s/
logfile = $s/smsd.log
debuglevel = 0
LoopSleep = 0
CommTimeout = 0
StatusFrequency = 0
ReceiveFrequency = 0
CheckSecurity = 0
CheckBattery = 0
CheckSignal = 0
HangupCalls = 0
DeliveryReport = no
PhoneID = bench
EOC
text=$("$gw" text)
awk -v n="$n" -v t="$text" 'BEGIN {
	print "BEGIN;"
	for (i = 0; i < n; i++)
		printf "INSERT INTO outbox (DestinationNumber, TextDecoded, " \
		    "CreatorID, Coding) VALUES (\x27+8491%07d\x27, \x27%s\x27, " \
		    "\x27bench\x27, \x27Default_No_Compression\x27);\n", i % 997, t
	print "COMMIT;"
}' | sqlite3 "$s/smsd.db"

# wait_for SQL COUNT SECONDS: until the query's count reaches COUNT, or
# SECONDS have passed
wait_for() {
	end=$(($(ms) + $3 * 1000))
	while [ "$(sqlite3 "$s/smsd.db" "$1" 2>/dev/null || echo 0)" -lt "$2" ] &&
	    [ "$(ms)" -lt "$end" ]; do
		sleep 0.1
	done
	sqlite3 "$s/smsd.db" "$1"
}

t0=$(ms)
gammu-smsd -c "$s/smsdrc" >/dev/null 2>&1 &
pid=$!
sent=$(wait_for "SELECT count(*) FROM sentitems" "$n" "${BENCH_SMSD_SECONDS:-60}")
t1=$(ms)
say "  gammu-smsd: $sent sent in $((t1 - t0)) ms"
echo "gammu_smsd_send_per_s $(rate "$sent" $((t1 - t0)))"
kill "$pid"
wait "$pid" 2>/dev/null || true
"$gw" inject "$s/modem" "$m"
t0=$(ms)
gammu-smsd -c "$s/smsdrc" >/dev/null 2>&1 &
pid=$!
got=$(wait_for "SELECT count(*) FROM inbox" "$m" "${BENCH_SMSD_SECONDS:-60}")
t1=$(ms)
kill "$pid"
wait "$pid" 2>/dev/null || true
say "  gammu-smsd: $got replies stored in $((t1 - t0)) ms"
echo "gammu_smsd_receive_per_s $(rate "$got" $((t1 - t0)))"
