#!/bin/sh
# "make bench-national": the figures of bench/run.sh's reports and
# scheduler parts on a country (bench/gen.c at scale 10: ten provinces,
# 25,000 groups, 500,000 people, about 4 million SMS), for the whole
# country and for one province, and the service's memory on it.
# Not part of "make check". usage: sh bench/national.sh PATH-TO-SHG
#
# The country is generated once into build/bench/national.db and kept
# (about 6 GB); the generation's time is kept beside it
# (national.gen.txt) and reported with every run. Environment:
#   BENCH_NATIONAL_SCALE  size (default 10; above 1: ceil(scale) provinces)
#   BENCH_PROVINCE        the province timed alone (default Hà Giang,
#                         the province of "make bench")
#   BENCH_RUNS            runs per timing; the median is shown (default 5)
#   BENCH_REGEN           1: generate the country again
#   BENCH_SERVE_SECONDS   how long "shg serve" runs for its memory (30)
#   BENCH_PARTS           which parts to run after the generation
#                         (default "reports scheduler memory profile";
#                         profile: each report run once more with
#                         bench/sqlprof.c, its slowest statements in
#                         national-prof/NAME.txt and that one's query plan
#                         in NAME.plan)
#   BENCH_COMPARE         the province's figures to compare one province
#                         with (default build/bench/results.tsv)
#   BENCH_NATIONAL_DIR    where the country and the results go (default
#                         build/bench)
# Figures go to build/bench/national.tsv, one "name<TAB>value<TAB>unit" a
# line (NA: not measured in this run), printed as a table at the end with
# the targets. Each command's figure is its wall time and, as NAME_cpu_ms,
# its CPU time (user + system), which a loaded machine changes little.
set -e
shg=${1:?usage: sh bench/national.sh PATH-TO-SHG}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
bin=$top/build/bench
out=${BENCH_NATIONAL_DIR:-$bin}
scale=${BENCH_NATIONAL_SCALE:-10}
runs=${BENCH_RUNS:-5}
prov=${BENCH_PROVINCE:-Hà Giang}
parts=${BENCH_PARTS:-reports scheduler memory profile}
now="2026-11-23 09:00"
db=$out/national.db
conf=$out/national.conf
scratch=$out/national-scratch.db
tsv=$out/national.tsv
# SHG_KEY: bench/pass.c's key, the one the configuration uses (shg.key
# beside it), which bench/gen.c seals with.
export SHG_NOW="$now" LC_ALL=C.UTF-8 SHG_KEY="$out/shg.key"
mkdir -p "$out"
: >"$tsv"

figure() {
	printf '%s\t%s\t%s\n' "$1" "${2:-NA}" "$3" >>"$tsv"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# One run of a command: "WALL CPU" in milliseconds (CPU: user + system,
# which the machine's load changes little); fails with the command.
run_ms() {
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S' -o "$out/national.cpu" "$@" >/dev/null \
	    2>"$out/national.err" || {
		echo "bench: $* failed: $(head -c 300 "$out/national.err")" >&2
		return 1
	}
	echo "$((($(date +%s%N) - t0) / 1000000)) $(awk \
	    '{ printf "%d", ($1 + $2) * 1000 }' "$out/national.cpu")"
}

# profile NAME COMMAND...: one more run with bench/sqlprof.c preloaded:
# its statements, slowest first, in national-prof/NAME.txt, and the query
# plan of the slowest in national-prof/NAME.plan.
profile() {
	name=$1
	shift
	p=$out/national-prof
	mkdir -p "$p"
	rm -f "$p/$name.txt"
	SQLPROF="$p/$name.txt" LD_PRELOAD="$bin/sqlprof.so" "$@" \
	    >/dev/null 2>&1 || return 0
	[ -s "$p/$name.txt" ] || return 0
	head -n 1 "$p/$name.txt" | sed 's/^ *[0-9.]* *[0-9]* //' |
	    sed 's/^/EXPLAIN QUERY PLAN /' | sqlite3 "$db" >"$p/$name.plan" \
	    2>&1 || true
	head -n 3 "$p/$name.txt" | cut -c1-150 | sed 's/^/      /'
}

# time_cmd NAME COMMAND...: the medians of RUNS runs after a warm-up
# run, as figures NAME_ms (wall) and NAME_cpu_ms; NA when the command
# fails. With the part "profile", where the time goes (see profile).
time_cmd() {
	name=${1%_ms}
	shift
	v=NA
	cpu=NA
	if run_ms "$@" >/dev/null; then
		i=0
		while [ $i -lt "$runs" ]; do
			run_ms "$@" || break
			i=$((i + 1))
		done >"$out/national.runs"
		v=$(awk '{ print $1 }' "$out/national.runs" | median)
		cpu=$(awk '{ print $2 }' "$out/national.runs" | median)
	fi
	figure "${name}_ms" "$v" ms
	figure "${name}_cpu_ms" "$cpu" ms
	printf '  %-40s %8s ms (CPU %s ms)\n' "${name}_ms" "$v" "$cpu"
	if want profile && [ "$v" != NA ]; then
		profile "${name}_ms" "$@"
	fi
}

# Does "shg CMD... --help" offer --province?
has_province() {
	"$shg" -c "$conf" "$@" --help 2>&1 | grep -q -e '--province'
}

generate() {
	sh "$here/build.sh" gen pass
	cc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC \
	    -o "$bin/sqlprof.so" "$here/sqlprof.c" \
	    $(pkg-config --cflags --libs sqlite3) -ldl
	cat >"$conf" <<-EOF
	database = "national.db";
	log = { level = "warn"; };
	sms = { poll_seconds = 1; };
	EOF
	sed 's/national\.db/national-scratch.db/' "$conf" \
	    >"$out/national-scratch.conf"
	# The key gen seals names, phones and notes with; shg finds it
	# beside national.conf (security.key_file's default).
	[ -f "$out/shg.key" ] || "$shg" -c "$conf" key init >/dev/null
	if [ "${BENCH_REGEN:-0}" = 1 ] || [ ! -f "$db" ] ||
	    [ "$(cat "$out/national.scale" 2>/dev/null)" != "$scale" ]; then
		rm -f "$out/national.scale" "$out/national.gen.txt"
		echo "== generating the country (scale $scale), load:" \
		    "$(cut -d' ' -f1-3 /proc/loadavg)"
		SHG_KEY="$out/shg.key" /usr/bin/time -f 'gen_time %e %U %S %M' \
		    -o "$out/national.time" "$bin/gen" --scale "$scale" --out "$db"
		awk '{ printf "national_gen_s %.0f\nnational_gen_cpu_s %.0f\n" \
		    "national_gen_load %s\n", $2, $3 + $4, load }' \
		    load="$(cut -d' ' -f1 /proc/loadavg)" \
		    "$out/national.time" >"$out/national.gen.txt"
		echo "$scale" >"$out/national.scale"
	fi
	"$shg" -c "$conf" init >/dev/null
	# The generation's wall and CPU time (kept from when it ran).
	for f in national_gen_s national_gen_cpu_s; do
		figure "$f" "$(awk -v f=$f '$1 == f { print $2 }' \
		    "$out/national.gen.txt" 2>/dev/null)" s
	done
	figure db_mb "$(ls -l "$db" | awk '{ printf "%d", $5 / 1048576 }')" MB
	echo "== country (scale $scale): $(ls -l "$db" |
	    awk '{ printf "%d MB", $5 / 1048576 }'), generated in" \
	    "$(awk '$1 == "national_gen_s" { print $2 }' \
	    "$out/national.gen.txt" 2>/dev/null) s (load then" \
	    "$(awk '$1 == "national_gen_load" { print $2 }' \
	    "$out/national.gen.txt" 2>/dev/null)):"
	sqlite3 "$db" "SELECT '  ' || count(DISTINCT province) || ' province(s), ' ||
	    count(DISTINCT province || '/' || district) || ' districts, ' ||
	    count(DISTINCT province || '/' || district || '/' || commune) ||
	    ' communes, ' || count(*) || ' groups' FROM grp;
	    SELECT '  ' || (SELECT count(*) FROM person) || ' people, ' ||
	    (SELECT count(*) FROM attendance) || ' attendance rows, ' ||
	    (SELECT count(*) FROM loan) || ' loans, ' ||
	    (SELECT count(*) FROM visit) || ' visits, ' ||
	    (SELECT count(*) FROM outbox) || ' SMS sent, ' ||
	    (SELECT count(*) FROM inbox) || ' received'"
}

reports() {
	c="$shg -c $conf"
	y="--from 2025-11-23 --to 2026-11-22"
	y5="--from 2021-11-23 --to 2026-11-22"
	echo "== reports, the whole country then $prov (--province)"
	time_cmd summary_year_ms $c report summary $y
	time_cmd summary_5y_ms $c report summary $y5
	time_cmd summary_year_province_ms $c report summary $y --province "$prov"
	time_cmd summary_5y_province_ms $c report summary $y5 --province "$prov"
	time_cmd followup_ms $c followup
	if has_province followup; then
		time_cmd followup_province_ms $c followup --province "$prov"
	else
		echo "  followup_province_ms: NA (shg followup has no --province)"
	fi
	time_cmd loan_review_ms $c loan review
	if has_province loan review; then
		time_cmd loan_review_province_ms $c loan review --province "$prov"
	else
		echo "  loan_review_province_ms: NA (shg loan review has no" \
		    "--province)"
	fi
}

# A copy of the country for what writes (the scheduler, the service).
fresh_scratch() {
	rm -f "$scratch" "$scratch-wal" "$scratch-shm"
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$db" "$scratch"
}

# The first pass of the day, RUNS times on one copy: bench/pass.c
# --discard leaves the file as it was after each run.
scheduler() {
	echo "== scheduler pass at $now (bench/pass.c), the whole country"
	: >"$out/national-pass.txt"
	i=0
	while [ $i -lt "$runs" ]; do
		"$bin/pass" --discard "$scratch" "$now" 1 \
		    >>"$out/national-pass.txt"
		i=$((i + 1))
	done
	v=$(awk '$1 == "first" { print $2 }' "$out/national-pass.txt" | median)
	figure scheduler_first_ms "$v" ms
	printf '  %-40s %8s ms (%s messages queued)\n' "scheduler_first_ms" \
	    "$v" "$(awk '$1 == "first" { print $3; exit }' \
	    "$out/national-pass.txt")"
	if want profile; then
		profile scheduler_first_ms "$bin/pass" --discard "$scratch" "$now" 0
	fi
}

# "shg serve" on the copy for BENCH_SERVE_SECONDS: its largest resident
# set (GNU time).
memory() {
	s=${BENCH_SERVE_SECONDS:-30}
	echo "== shg serve on the country, $s s (max resident set size)"
	kb=$(/usr/bin/time -v timeout -s TERM "$s" "$shg" -c \
	    "$out/national-scratch.conf" serve 2>&1 >/dev/null |
	    awk '/Maximum resident set size/ { print $6 }')
	v=$(awk -v k="$kb" 'BEGIN { if (k != "") printf "%.1f", k / 1024 }')
	figure serve_rss_mb "$v" MB
	printf '  %-40s %8s MB\n' "serve_rss_mb" "${v:-NA}"
}

# The province's figure NAME: from BENCH_COMPARE (default the last "make
# bench", build/bench/results.tsv; a national.tsv of this script run on
# the province gives CPU figures too).
province_figure() {
	f=${BENCH_COMPARE:-$bin/results.tsv}
	[ -f "$f" ] || return 0
	awk -F'\t' -v n="$1" '$1 == n && $2 != "NA" { print $2 }' "$f"
}

# "< 2 x province (P ms: < 2P)" for figure NAME of the province.
twice_province() {
	p=$(province_figure "$1")
	echo "< 2 x province${p:+ ($p ms: < $(awk -v p="$p" \
	    'BEGIN { print 2 * p }'))}"
}

# The table, each figure with its target.
table() {
	echo "== results ($tsv), load now $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '  %-28s %10s %-4s %s\n' figure value unit target
	while IFS="$(printf '\t')" read -r name value unit; do
		case $name in
		national_gen_s) t="< 900 s" ;;
		serve_rss_mb) t="< 64 MB" ;;
		*_province_ms) t=$(twice_province "${name%_province_ms}_ms") ;;
		*_province_cpu_ms)
			t=$(twice_province "${name%_province_cpu_ms}_cpu_ms") ;;
		*_cpu_ms) t= ;;
		*_ms) t="< 2000 ms" ;;
		*) t= ;;
		esac
		printf '  %-28s %10s %-4s %s\n' "$name" "$value" "$unit" "$t"
	done <"$tsv"
}

want() {
	case " $parts " in *" $1 "*) return 0 ;; esac
	return 1
}

generate
want reports && reports
if want scheduler || want memory; then
	fresh_scratch
	want scheduler && scheduler
	want memory && memory
	rm -f "$scratch" "$scratch-wal" "$scratch-shm"
fi
# Every figure, NA when not measured in this run.
for f in summary_year summary_5y summary_year_province summary_5y_province \
    followup followup_province loan_review loan_review_province; do
	grep -q "^${f}_ms	" "$tsv" || figure "${f}_ms" NA ms
	grep -q "^${f}_cpu_ms	" "$tsv" || figure "${f}_cpu_ms" NA ms
done
grep -q "^scheduler_first_ms	" "$tsv" || figure scheduler_first_ms NA ms
grep -q "^serve_rss_mb	" "$tsv" || figure serve_rss_mb NA MB
table
