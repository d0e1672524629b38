#!/bin/sh
# Run every tests/cli/t_*.sh against $SHG (or only those named, e.g.
# "run.sh t_sms t_forms") and end with "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
: "${SHG:?set SHG to the shg binary}"
total_pass=0
total_fail=0
if [ $# -gt 0 ]; then
	files=
	for n in "$@"; do
		[ -f "$here/${n%.sh}.sh" ] || { echo "run.sh: no test file ${n%.sh}.sh" >&2; exit 2; }
		files="$files $here/${n%.sh}.sh"
	done
else
	files=$(ls "$here"/t_*.sh)
fi
for t in $files; do
	name=$(basename "$t" .sh)
	dir=$(mktemp -d /tmp/shg-cli-XXXXXX)
	result=$(cd "$dir" && SHG="$SHG" DIR="$dir" TEST="$name" \
	    SHG_NOW="${SHG_NOW:-2026-11-23 09:00}" LC_ALL=C.UTF-8 LANGUAGE=en sh -c '
		. "$1"
		"$SHG" -c "$DIR/shg.conf" init >/dev/null 2>&1 || echo "FAIL [$TEST]: init" >&2
		. "$2"
		echo "$pass $fail"' sh "$here/lib.sh" "$t")
	p=${result% *}
	f=${result#* }
	case "$p$f" in *[!0-9]*|"") p=0; f=1; echo "FAIL [$name]: did not finish" >&2 ;; esac
	echo "$name: $p passed, $f failed"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	rm -rf "$dir"
done
echo "cli: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
