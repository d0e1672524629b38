#!/bin/sh
# The web interface under load: "shg web" on a copy of the province
# (build/bench/web.db), an organiser of one group logged in, then wrk with
# CLIENTS connections for SECONDS on her Today page and on her group's
# page, then a coordinator of the province on the summary report of a
# year (the web page of "shg report summary"). Prints p50/p95/p99 latency, requests per second, and the server's
# largest resident set size during the runs.
# usage: sh bench/web.sh PATH-TO-SHG PROVINCE.DB [CLIENTS SECONDS]
set -e
shg=${1:?usage: sh bench/web.sh PATH-TO-SHG PROVINCE.DB [CLIENTS SECONDS]}
src=${2:?usage: sh bench/web.sh PATH-TO-SHG PROVINCE.DB [CLIENTS SECONDS]}
clients=${3:-16}
seconds=${4:-10}
here=$(cd "$(dirname "$0")" && pwd)
out=$(dirname "$src")
results=$out/results.txt
db=$out/web.db
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	return 0
}
trap cleanup EXIT

rm -f "$db" "$db-wal" "$db-shm"
cp "$src" "$db"
cat >"$out/web.conf" <<-CONF
database = "web.db";
log = { level = "warn"; };
CONF
export SHG_CONFIG="$out/web.conf"
# The organiser of the first group: the page shows her 15 or so members.
gid=$(sqlite3 "$db" "SELECT id FROM grp WHERE status = 'active' ORDER BY id LIMIT 1")
printf 'bench-web-2026\n' | "$shg" --as bench user add bench --role organiser \
    --groups "$gid" >/dev/null
# A coordinator of the province, for the year's summary report.
province=$(sqlite3 "$db" "SELECT province FROM grp WHERE province IS NOT NULL LIMIT 1")
printf 'bench-web-2026\n' | "$shg" --as bench user add benchco --role coordinator \
    --province "$province" >/dev/null
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$shg" web --listen "127.0.0.1:$port" >"$out/web.log" 2>&1 &
pid=$!
i=0
until curl -s -o /dev/null "$url/"; do
	i=$((i + 1))
	[ $i -gt 100 ] && { cat "$out/web.log" >&2; exit 1; }
	sleep 0.1
done
# Log in once; every wrk connection sends the session cookie.
cookie=$(curl -s -o /dev/null -D - --data-urlencode name=bench \
    --data-urlencode password=bench-web-2026 "$url/login" |
    sed -n 's/^Set-Cookie: \(shg_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "bench: web: login failed" >&2; exit 1; }
co_cookie=$(curl -s -o /dev/null -D - --data-urlencode name=benchco \
    --data-urlencode password=bench-web-2026 "$url/login" |
    sed -n 's/^Set-Cookie: \(shg_session=[^;]*\).*/\1/p')
[ -n "$co_cookie" ] || { echo "bench: web: coordinator login failed" >&2; exit 1; }
curl -s -H "Cookie: $cookie" "$url/" | grep -q 'href="/person?' ||
    { echo "bench: web: Today shows no member" >&2; exit 1; }

# The server's resident set size every 0.2 s while wrk runs, largest
# last, into $out/web.rss.
sample_rss() {
	while kill -0 "$pid" 2>/dev/null; do
		awk '/VmRSS/ { print $2 }' "/proc/$pid/status"
		sleep 0.2
	done >>"$out/web.rss"
}

# wrk with the cookie ($3, else the organiser's); the Lua script prints
# "p50 p95 p99 rps errors". Slow pages get 60 s before wrk gives up.
load() {
	label=$1 path=$2 c=${3:-$cookie}
	sample_rss &
	sampler=$!
	set -- $(wrk -t2 -c"$clients" -d"${seconds}s" --timeout 60s \
	    -s "$here/web.lua" -H "Cookie: $c" "$url$path" | sed -n 's/^bench: //p')
	kill "$sampler"
	wait "$sampler" 2>/dev/null || true
	echo "web_${label}_p95_ms $2" >>"$results"
	echo "web_${label}_rps $4" >>"$results"
	printf '  %-22s p50 %6s ms  p95 %6s ms  p99 %6s ms  %7s req/s  %s errors\n' \
	    "$label ($path)" "$1" "$2" "$3" "$4" "$5"
}

echo "== web: $clients clients, ${seconds} s each (wrk), organiser of group $gid"
: >"$out/web.rss"
load today /
load group "/group?group=$gid"
# The year before SHG_NOW's day, as bench/run.sh times "report summary".
curl -s -H "Cookie: $co_cookie" "$url/report?from=2025-11-23&to=2026-11-22" |
    grep -q '<svg' || { echo "bench: web: the report shows no chart" >&2; exit 1; }
# The first run includes each server thread building the report once (a
# thread shows its last report again while the database is unchanged);
# the second is the same page once every thread has it.
load report "/report?from=2025-11-23&to=2026-11-22" "$co_cookie"
load report_warm "/report?from=2025-11-23&to=2026-11-22" "$co_cookie"
rss=$(sort -n "$out/web.rss" | tail -n 1)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
echo "web_rss_kb $rss" >>"$results"
echo "web_rss_peak_kb $hwm" >>"$results"
printf '  %-40s %8s kB\n' "shg web resident, largest under load" "$rss"
# The login's Argon2id hash takes 64 MiB for a moment.
printf '  %-40s %8s kB\n' "shg web peak (VmHWM, with the login)" "$hwm"
