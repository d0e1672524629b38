#!/bin/sh
# shg serve as users run it, against AT modems simulated on
# pseudo-terminals (tests/atsim.c): CPU of an idle pass, queued-to-modem
# latency of a message queued while the service is idle, and messages a
# minute through one and through four modems when the network takes
# CMGS_MS milliseconds to accept each part (libGammu's AT driver adds
# 700 ms of its own pauses to every part).
# usage: sh bench/modems.sh [MESSAGES [CMGS_MS]]   (defaults 200, 100)
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s shg build/san/tests/atsim >/dev/null
shg=$top/shg
atsim=$top/build/san/tests/atsim
msgs=${1:-200}
cmgs_ms=${2:-100}
work=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null || true; done; rm -rf "$work"' EXIT

# Microseconds of CPU process $1 used so far.
cpu_us() { awk '{print int($1 / 1000)}' "/proc/$1/schedstat"; }
now_ms() { date +%s%3N; }

setup() {	# $1: folder; $2: modems
	rm -rf "$1"; mkdir -p "$1"
	"$shg" -c "$1/shg.conf" init >/dev/null 2>&1
	sed -i -e 's/poll_seconds = [0-9]*;/poll_seconds = 10;/' \
	    -e 's/per_minute = [0-9]*;/per_minute = 600;/' \
	    -e 's/checkin_every_days = 14;/checkin_every_days = 0;/' \
	    -e 's/quiet_start = "21:00";/quiet_start = "00:00";/' \
	    -e 's/quiet_end = "07:00";/quiet_end = "00:00";/' "$1/shg.conf"
	[ "$2" -gt 0 ] || return 0
	echo "modems = (" >>"$1/shg.conf"
	for i in $(seq 1 "$2"); do
		mkdir -p "$1/m$i"
		echo "$cmgs_ms" >"$1/m$i/cmgs_ms"
		"$atsim" "$1/m$i" 2>/dev/null &
		pids="$pids $!"
		[ "$i" -gt 1 ] && echo "," >>"$1/shg.conf"
		echo "{ name = \"m$i\"; device = \"$1/m$i/tty\"; }" >>"$1/shg.conf"
	done
	echo ");" >>"$1/shg.conf"
	for i in $(seq 1 "$2"); do
		while [ ! -e "$1/m$i/ready" ]; do sleep 0.05; done
	done
}

sent_count() { cat "$1"/m*/sent 2>/dev/null | wc -l; }

# 1. Idle passes, dummy driver, empty database, poll_seconds = 1.
setup "$work/idle" 0
sed -i 's/poll_seconds = [0-9]*;/poll_seconds = 1;/' "$work/idle/shg.conf"
"$shg" -c "$work/idle/shg.conf" serve 2>/dev/null & spid=$!
sleep 3; a=$(cpu_us $spid); sleep 20; b=$(cpu_us $spid)
kill $spid; wait $spid || true
echo "idle_pass_cpu_ms	$(echo "scale=2; ($b - $a) / 20 / 1000" | bc)	ms (20 passes, with the wake-up checks between)"

# 2. Queued-to-modem latency on an idle service (poll_seconds = 10).
setup "$work/lat" 1
echo 0 >"$work/lat/m1/cmgs_ms"
"$shg" -c "$work/lat/shg.conf" serve 2>/dev/null & spid=$!
sleep 3
worst=0; total=0
for i in 1 2 3 4 5; do
	"$shg" -c "$work/lat/shg.conf" sms send 0912345678 "Tin $i" >/dev/null
	t0=$(now_ms)
	while [ "$(grep -c 'AT+CMGS=' "$work/lat/m1/log")" -lt "$i" ]; do sleep 0.005; done
	d=$(( $(now_ms) - t0 )); total=$((total + d))
	[ $d -gt $worst ] && worst=$d
	sleep 2
done
kill $spid; wait $spid || true
echo "idle_latency_ms	$((total / 5))	ms (mean of 5, worst $worst; from sms send returning to AT+CMGS at the modem)"

# 3. Throughput through 1 and 4 modems.
for n in 1 4; do
	setup "$work/t$n" $n
	for i in $(seq 1 "$msgs"); do
		echo "0912$(printf '%06d' $i),Tin nhan so $i"
	done >"$work/t$n/list.csv"
	while IFS=, read -r to text; do
		"$shg" -c "$work/t$n/shg.conf" sms send "$to" "$text" >/dev/null
	done <"$work/t$n/list.csv"
	"$shg" -c "$work/t$n/shg.conf" serve 2>/dev/null & spid=$!
	while [ "$(sent_count "$work/t$n")" -lt 1 ]; do sleep 0.01; done
	t0=$(now_ms)
	while [ "$(sent_count "$work/t$n")" -lt "$msgs" ]; do sleep 0.05; done
	d=$(( $(now_ms) - t0 ))
	kill $spid; wait $spid || true
	echo "serve_at_${n}_modems_per_min	$(( (msgs - 1) * 60000 / d))	messages/min (from the first sent to the last of $msgs, network ${cmgs_ms} ms a part)"
done
