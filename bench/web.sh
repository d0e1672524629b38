#!/bin/sh
# The web interface under load: "shg web" on a copy of the province
# (build/bench/web.db), an organiser of one group logged in, then wrk with
# CLIENTS connections for SECONDS on her Today page and on her group's
# page; then a coordinator of the whole province on the follow-up list
# (first page of 50 rows), the loan review and the summary report of a
# year. Prints p50/p95/p99 latency, requests per second, and the server's
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
viewer=
cleanup() {
	[ -n "$viewer" ] && kill "$viewer" 2>/dev/null
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
# The coordinator of the province: her scope is every person of it.
prov=$(sqlite3 "$db" "SELECT province FROM grp ORDER BY id LIMIT 1")
printf 'bench-web-2026\n' | "$shg" --as bench user add benchcoord \
    --role coordinator --province "$prov" >/dev/null
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
login() {
	curl -s -o /dev/null -D - --data-urlencode name="$1" \
	    --data-urlencode password=bench-web-2026 "$url/login" |
	    sed -n 's/^Set-Cookie: \(shg_session=[^;]*\).*/\1/p'
}
cookie=$(login bench)
[ -n "$cookie" ] || { echo "bench: web: login failed" >&2; exit 1; }
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

# As in real use, records are viewed while the pages are loaded: the
# organiser opens her member's page 20 times a second, each view an audit
# row committed (which must not throw away what the server keeps).
member=$(sqlite3 "$db" "SELECT person_id FROM membership WHERE group_id = $gid
    AND left_on IS NULL ORDER BY person_id LIMIT 1")
ocookie=$cookie
viewing() {
	while :; do
		curl -s -o /dev/null -H "Cookie: $ocookie" \
		    "$url/person?person=$member"
		sleep 0.05
	done
}

# wrk with the cookie; the Lua script prints "p50 p95 p99 rps errors".
load() {
	label=$1 path=$2
	a0=$(sqlite3 "$db" "SELECT count(*) FROM audit")
	viewing &
	viewer=$!
	sample_rss &
	sampler=$!
	set -- $(wrk -t2 -c"$clients" -d"${seconds}s" -s "$here/web.lua" \
	    -H "Cookie: $cookie" "$url$path" | sed -n 's/^bench: //p')
	kill "$sampler" "$viewer"
	wait "$sampler" "$viewer" 2>/dev/null || true
	audits=$(($(sqlite3 "$db" "SELECT count(*) FROM audit") - a0))
	echo "web_${label}_p95_ms $2" >>"$results"
	echo "web_${label}_rps $4" >>"$results"
	printf '  %-22s p50 %6s ms  p95 %6s ms  p99 %6s ms  %7s req/s  %s errors  %s audit rows\n' \
	    "$label ($path)" "$1" "$2" "$3" "$4" "$5" "$audits"
}

echo "== web: $clients clients, ${seconds} s each (wrk), organiser of group $gid"
: >"$out/web.rss"
load today /
load group "/group?group=$gid"
cookie=$(login benchcoord)
[ -n "$cookie" ] || { echo "bench: web: coordinator login failed" >&2; exit 1; }
# The first request of each page builds its figures (then kept until the
# data changes, web/cache.h): timed apart, and the load runs on the rest.
cold() {
	curl -s -o "$out/web.page" -w '%{time_total}' -H "Cookie: $cookie" "$url$1"
}
echo "== web: coordinator of $prov (every person of the province)"
t=$(cold /followup)
grep -q 'href="/person?' "$out/web.page" ||
    { echo "bench: web: the follow-up list is empty" >&2; exit 1; }
t2=$(cold /loans)
echo "web_followup_cold_s $t" >>"$results"
echo "web_loans_cold_s $t2" >>"$results"
printf '  first request, building: follow-up %s s, loan review %s s\n' "$t" "$t2"
load followup /followup
load loans /loans
# The summary report of the year before SHG_NOW's day, as bench/run.sh
# times "report summary": each server thread builds it once and shows it
# again while the data is unchanged (web/pg_report.c).
y="/report?from=2025-11-23&to=2026-11-22"
t3=$(cold "$y")
grep -q '<svg' "$out/web.page" ||
    { echo "bench: web: the report shows no chart" >&2; exit 1; }
echo "web_report_cold_s $t3" >>"$results"
printf '  first request, building: year report %s s\n' "$t3"
load report "$y"
rss=$(sort -n "$out/web.rss" | tail -n 1)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
echo "web_rss_kb $rss" >>"$results"
echo "web_rss_peak_kb $hwm" >>"$results"
printf '  %-40s %8s kB\n' "shg web resident, largest under load" "$rss"
# The login's Argon2id hash takes 64 MiB for a moment.
printf '  %-40s %8s kB\n' "shg web peak (VmHWM, with the login)" "$hwm"
