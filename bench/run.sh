#!/bin/sh
# "make bench": the benchmarks, each printing its figures. Not part of
# "make check". usage: sh bench/run.sh PATH-TO-SHG
#
# A synthetic province (bench/gen.c) is generated once into
# build/bench/province.db and kept; the timings run on it at a fixed
# time (SHG_NOW). Environment:
#   BENCH_SCALE   size of the province (1: 2,500 groups, 50,000 people)
#   BENCH_RUNS    runs per timing; the median is shown (default 5)
#   BENCH_REGEN   1: generate the province again
#   BENCH_PARTS   which parts to run (default "machine province crypt
#                 scheduler reports import sms gateway delivery memory
#                 idle latency web crash")
#   BENCH_SMSD_SECONDS  longest wait for gammu-smsd per step (60)
#   BENCH_GATEWAY_MESSAGES, BENCH_GATEWAY_REPLIES  the gateway part's
#                 counts (10,000 and 5,000)
#   BENCH_WEB_CLIENTS, BENCH_WEB_SECONDS  the web load (16 clients, 10 s)
# Results also go to build/bench/results.txt, one "name value" a line,
# and the headline figures to build/bench/results.tsv, one
# "name<TAB>value<TAB>unit" a line (NA: not measured in this run), printed
# as a table at the end.
set -e
shg=${1:?usage: sh bench/run.sh PATH-TO-SHG}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=$top/build/bench
scale=${BENCH_SCALE:-1}
runs=${BENCH_RUNS:-5}
parts=${BENCH_PARTS:-machine province crypt scheduler reports import sms gateway delivery memory idle latency web crash}
now="2026-11-23 09:00"
db=$out/province.db
conf=$out/province.conf
results=$out/results.txt
tsv=$out/results.tsv
export SHG_NOW="$now" LC_ALL=C.UTF-8
mkdir -p "$out"
: >"$results"
: >"$tsv"

want() {
	case " $parts " in *" $1 "*) return 0 ;; esac
	return 1
}

record() {
	echo "$1 $2" >>"$results"
}

# figure NAME VALUE UNIT: one line of results.tsv.
figure() {
	printf '%s\t%s\t%s\n' "$1" "${2:-NA}" "$3" >>"$tsv"
}

# The median of the numbers on stdin.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# Wall time of one run of a command, in milliseconds.
wall_ms() {
	t0=$(date +%s%N)
	"$@" >/dev/null 2>"$out/last.err" || {
		echo "bench: $* failed: $(head -c 300 "$out/last.err")" >&2
		return 1
	}
	echo $((($(date +%s%N) - t0) / 1000000))
}

# Median wall time of RUNS runs after one warm-up run.
time_cmd() {
	label=$1
	shift
	wall_ms "$@" >/dev/null
	v=$(i=0; while [ $i -lt "$runs" ]; do wall_ms "$@"; i=$((i + 1)); \
	    done | median)
	record "$label" "$v"
	printf '  %-40s %8s ms\n' "$label" "$v"
}

# Median over RUNS runs of the summed "Run Time: real" of every statement
# of a SQL file, in the sqlite3 shell with .timer on.
time_sql() {
	label=$1
	file=$2
	v=$(i=0; while [ $i -le "$runs" ]; do \
	    { echo ".timer on"; echo ".output /dev/null"; cat "$file"; } | \
	    sqlite3 "$db" | awk '/^Run Time:/ { s += $4 } \
	    END { printf "%d\n", s * 1000 + 0.5 }'; i=$((i + 1)); \
	    done | tail -n "$runs" | median)
	record "$label" "$v"
	printf '  %-40s %8s ms\n' "$label" "$v"
}

# The same for a SQL file that reads sealed columns: wall time of the
# whole query run with the key by build/bench/sqlkey (tests/sqlkey.c, a
# release build: it opens the database, loads the key, prints the rows).
time_sqlkey() {
	label=$1
	file=$2
	sh "$here/build.sh" sqlkey
	time_cmd "$label" "$out/sqlkey" "$db" "$out/shg.key" "$(cat "$file")"
}

machine() {
	echo "== machine"
	echo "  cores: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo |
	    sed 's/.*: //'), $(grep -m1 'cpu MHz' /proc/cpuinfo |
	    sed 's/.*: //') MHz; memory: $(free -m | awk '/Mem:/ { print $2 }') MB"
	echo "  $(sqlite3 --version | cut -d' ' -f1) (sqlite3 shell and library)"
}

province() {
	echo "== province (scale $scale)"
	sh "$here/build.sh" gen pass
	for name in province scratch; do
		cat >"$out/$name.conf" <<-EOF
		database = "$name.db";
		log = { level = "warn"; };
		sms = { poll_seconds = 1; };
		EOF
	done
	# The key the names, phones and notes are sealed with (core/crypt.h):
	# gen seals them as it writes them.
	[ -f "$out/shg.key" ] || "$shg" -c "$conf" key init >/dev/null
	if [ "${BENCH_REGEN:-0}" = 1 ] || [ ! -f "$db" ] ||
	    [ "$(cat "$out/province.scale" 2>/dev/null)" != "$scale" ]; then
		rm -f "$out/province.scale"
		SHG_KEY="$out/shg.key" "$out/gen" --scale "$scale" --out "$db"
		echo "$scale" >"$out/province.scale"
	fi
	# A province generated before encryption is encrypted here, the
	# first time (a clear-text copy first, then every sealed field).
	t=$(wall_ms "$shg" -c "$conf" init)
	echo "  shg init: $t ms"
	rm -f "$db.before-encryption"
	echo "  $(ls -l "$db" | awk '{ printf "%d MB", $5 / 1048576 }'):" \
	    "$(sqlite3 "$db" "SELECT (SELECT count(*) FROM grp) || ' groups, ' ||
	    (SELECT count(*) FROM person) || ' people, ' ||
	    (SELECT count(*) FROM meeting) || ' meetings, ' ||
	    (SELECT count(*) FROM attendance) || ' attendance rows, ' ||
	    (SELECT count(*) FROM loan) || ' loans, ' ||
	    (SELECT count(*) FROM loan_pay) || ' repayments, ' ||
	    (SELECT count(*) FROM ikgrant) || ' grants, ' ||
	    (SELECT count(*) FROM visit) || ' visits, ' ||
	    (SELECT count(*) FROM outbox) || ' SMS sent, ' ||
	    (SELECT count(*) FROM inbox) || ' received'")"
}

# A copy of the province to change (the scheduler and the service queue
# and send).
scratch() {
	rm -f "$out/scratch.db" "$out/scratch.db-wal" "$out/scratch.db-shm"
	cp "$db" "$out/scratch.db"
}

# shg key rotate on a copy of the province: every sealed field decrypted
# and encrypted again, blind indexes recomputed, in one transaction.
crypt() {
	echo "== encryption: shg key rotate on a copy of the province"
	: >"$out/rotate.txt"
	i=0
	while [ $i -lt "$runs" ]; do
		scratch
		rm -f "$out/rotate.key" "$out/rotate.key.old" "$out/rotate.key.new"
		cp "$out/shg.key" "$out/rotate.key"
		chmod 400 "$out/rotate.key"
		printf 'database = "scratch.db";\nsecurity = { key_file = "rotate.key"; };\n' \
		    >"$out/rotate.conf"
		wall_ms "$shg" -c "$out/rotate.conf" key rotate >>"$out/rotate.txt"
		i=$((i + 1))
	done
	v=$(median <"$out/rotate.txt")
	record key_rotate "$v"
	figure key_rotate_ms "$v" ms
	printf '  %-40s %8s ms\n' "shg key rotate" "$v"
}

# The first pass of the day and three more, RUNS times on one copy of the
# province: pass --discard leaves each run's writes in the log and drops
# them, so that each run's first pass is a first pass again. Wall time
# and the pass's CPU time (on a loaded machine the second says more).
scheduler() {
	echo "== scheduler pass at $now (bench/pass.c)"
	: >"$out/pass.txt"
	scratch
	i=0
	while [ $i -lt "$runs" ]; do
		SHG_KEY="$out/shg.key" "$out/pass" --discard "$out/scratch.db" \
		    "$now" 3 >>"$out/pass.txt"
		i=$((i + 1))
	done
	first=$(awk '$1 == "first" { print $2 }' "$out/pass.txt" | median)
	again=$(awk '$1 == "again" { print $2 }' "$out/pass.txt" | median)
	first_cpu=$(awk '$1 == "first" { print $4 }' "$out/pass.txt" | median)
	again_cpu=$(awk '$1 == "again" { print $4 }' "$out/pass.txt" | median)
	queued=$(awk '$1 == "first" { print $3 }' "$out/pass.txt" | head -1)
	record scheduler_first "$first"
	record scheduler_again "$again"
	figure scheduler_first_ms "$first" ms
	figure scheduler_first_cpu_ms "$first_cpu" ms
	figure scheduler_next_cpu_ms "$again_cpu" ms
	printf '  %-40s %8s ms, CPU %s ms (%s messages queued)\n' \
	    "first pass of the day" "$first" "$first_cpu" "$queued"
	printf '  %-40s %8s ms, CPU %s ms\n' "next passes" "$again" \
	    "$again_cpu"
}

reports() {
	echo "== reports (shg, then hand-written SQL in bench/sql/)"
	c="$shg -c $conf"
	time_cmd loan_review $c loan review
	figure loan_review_ms "$v" ms
	time_sql loan_review_sql "$here/sql/loan_review.sql"
	time_cmd followup $c followup
	figure followup_ms "$v" ms
	time_sql followup_sql "$here/sql/followup.sql"
	time_cmd summary $c report summary --from 2025-11-23 --to 2026-11-22
	figure summary_year_ms "$v" ms
	time_sql summary_sql "$here/sql/summary.sql"
	time_cmd summary_5y $c report summary --from 2021-11-23 \
	    --to 2026-11-22
	figure summary_5y_ms "$v" ms
	time_cmd person_list $c person list --name "Hương"
	time_sqlkey person_list_sql "$here/sql/person_list.sql"
}

import() {
	echo "== import of people from CSV into an empty database"
	"$shg" -c "$conf" export people "$out/people.csv" --names >/dev/null
	echo "  $(($(wc -l <"$out/people.csv") - 1)) rows (shg export people" \
	    "--names; imported with --new-codes)"
	: >"$out/import.txt"
	i=0
	while [ $i -lt "$runs" ]; do
		rm -rf "$out/import"
		mkdir -p "$out/import"
		"$shg" -c "$out/import/shg.conf" init >/dev/null
		wall_ms "$shg" -c "$out/import/shg.conf" import people \
		    "$out/people.csv" --new-codes >>"$out/import.txt"
		i=$((i + 1))
	done
	v=$(median <"$out/import.txt")
	record import "$v"
	printf '  %-40s %8s ms\n' "shg import people" "$v"
}

sms() {
	echo "== SMS gateway: 10,000 messages through the dummy modem, 5,000 replies"
	sh "$here/sms_bench.sh" 10000 5000
}

gateway() {
	gn=${BENCH_GATEWAY_MESSAGES:-10000}
	gm=${BENCH_GATEWAY_REPLIES:-5000}
	echo "== shg serve and gammu-smsd on the dummy driver: $gn" \
	    "messages, $gm replies"
	sh "$here/build.sh" gw
	sh "$here/gateway.sh" "$shg" "$gn" "$gm" >"$out/gateway.txt"
	while read -r name value; do
		case $name in *_per_s) ;; *) continue ;; esac
		record "$name" "$value"
		figure "$name" "$value" messages/s
	done <"$out/gateway.txt"
}

delivery() {
	echo "== delivery reports: one report against 400,000 sent messages"
	sh "$here/report_bench.sh" 400000 2000 | tee "$out/report_bench.txt"
	v=$(awk '/^  outbox_report/ { print $6 }' "$out/report_bench.txt")
	record delivery_report_ms "$v"
	figure delivery_report_ms "$v" ms
}

# Max resident set size of a command, in kB (GNU time).
max_rss() {
	/usr/bin/time -v "$@" 2>&1 >/dev/null |
	    awk '/Maximum resident set size/ { print $6 }'
}

memory() {
	echo "== service memory on the province (max resident set size)"
	scratch
	v=$(max_rss "$shg" -c "$out/scratch.conf" serve --once)
	record rss_once_kb "$v"
	printf '  %-40s %8s kB\n' "shg serve --once" "$v"
	scratch
	v=$(max_rss timeout -s TERM "${BENCH_SERVE_SECONDS:-20}" \
	    "$shg" -c "$out/scratch.conf" serve)
	record rss_serve_kb "$v"
	figure serve_rss_mb "$(awk -v k="$v" 'BEGIN { printf "%.1f", k / 1024 }')" MB
	printf '  %-40s %8s kB\n' "shg serve, ${BENCH_SERVE_SECONDS:-20} s" "$v"
}

# CPU time (user + system) of process PID so far, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# The CPU an idle pass costs: "shg serve" with 1 s polls on an empty
# database; its CPU time (from /proc) over S seconds once started, per
# second (one pass a second).
idle() {
	s=${BENCH_IDLE_SECONDS:-20}
	echo "== idle service: empty database, poll_seconds = 1, $s s"
	rm -rf "$out/idle"
	mkdir -p "$out/idle"
	printf 'database = "shg.db";\nlog = { level = "warn"; };\nsms = { poll_seconds = 1; };\n' \
	    >"$out/idle/shg.conf"
	"$shg" -c "$out/idle/shg.conf" init >/dev/null
	"$shg" -c "$out/idle/shg.conf" serve >/dev/null 2>&1 &
	pid=$!
	sleep 3
	c0=$(cpu_ticks "$pid")
	sleep "$s"
	c1=$(cpu_ticks "$pid")
	kill -TERM "$pid"
	wait "$pid" || true
	v=$(awk -v d=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$s" \
	    'BEGIN { printf "%.1f", d * 1000 / hz / n }')
	record idle_pass_cpu_ms "$v"
	figure idle_pass_cpu_ms "$v" ms
	printf '  %-40s %8s ms (%d ticks in %s s)\n' "CPU per idle pass" \
	    "$v" $((c1 - c0)) "$s"
}

# Queued-to-modem latency: "shg serve" idles on an empty database with
# its default sms.poll_seconds (dummy driver, copies kept); a message is
# queued with "shg sms send" and timed from the command's start until the
# driver's copy of it is in <device>/sent (at most 60 s, else NA).
# Median of RUNS, the sends 1.3 s apart so that they fall at different
# points of the service's wait.
latency() {
	echo "== queued-to-modem latency: idle shg serve, default poll_seconds"
	d=$out/latency
	rm -rf "$d"
	mkdir -p "$d"
	printf '%s\n' 'database = "shg.db";' 'log = { level = "warn"; };' \
	    'modem = { connection = "none"; device = "modem"; model = "dummy"; };' \
	    'sms = { per_minute = 600; quiet_start = "00:00"; quiet_end = "00:00"; };' \
	    >"$d/shg.conf"
	"$shg" -c "$d/shg.conf" init >/dev/null
	"$shg" -c "$d/shg.conf" serve >/dev/null 2>&1 &
	pid=$!
	sleep 3
	: >"$d/ms.txt"
	i=1
	while [ $i -le "$runs" ]; do
		t0=$(date +%s%N)
		"$shg" -c "$d/shg.conf" sms send 0912345678 "Tin nhan $i" \
		    >/dev/null
		while [ "$(ls "$d/modem/sent" | wc -l)" -lt $i ] &&
		    [ $((($(date +%s%N) - t0) / 1000000)) -lt 60000 ]; do
			sleep 0.005
		done
		[ "$(ls "$d/modem/sent" | wc -l)" -ge $i ] || break
		echo $((($(date +%s%N) - t0) / 1000000)) >>"$d/ms.txt"
		i=$((i + 1))
		sleep 1.3
	done
	kill -TERM "$pid"
	wait "$pid" || true
	v=
	[ "$(wc -l <"$d/ms.txt")" -eq "$runs" ] && v=$(median <"$d/ms.txt")
	record idle_latency_ms "${v:-NA}"
	figure idle_latency_ms "$v" ms
	printf '  %-40s %8s ms (each: %s)\n' "sms send to the modem's copy" \
	    "${v:-NA}" "$(tr '\n' ' ' <"$d/ms.txt")"
}

web() {
	sh "$here/web.sh" "$shg" "$db" "${BENCH_WEB_CLIENTS:-16}" \
	    "${BENCH_WEB_SECONDS:-10}"
}

crash() {
	echo "== crash test: SIGKILL while sending and receiving"
	sh "$here/crash.sh" "$shg" 1000 1000
}

for p in $parts; do
	want "$p" && $p
done

# Every headline figure, NA when not measured in this run.
for f in summary_year_ms:ms summary_5y_ms:ms followup_ms:ms \
    scheduler_first_ms:ms loan_review_ms:ms delivery_report_ms:ms \
    serve_send_per_s:messages/s gammu_smsd_send_per_s:messages/s \
    serve_receive_per_s:messages/s gammu_smsd_receive_per_s:messages/s \
    idle_latency_ms:ms idle_pass_cpu_ms:ms serve_rss_mb:MB; do
	grep -q "^${f%%:*}	" "$tsv" || figure "${f%%:*}" NA "${f#*:}"
done
echo "== results ($tsv)"
awk -F'\t' '{ printf "  %-28s %10s %s\n", $1, $2, $3 }' "$tsv"
