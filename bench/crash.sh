#!/bin/sh
# The crash test of tests/cli/t_sms_crash.sh, run alone with larger
# counts: 1,000 messages sent and 1,000 replies received while
# "shg serve" is SIGKILLed at random moments and restarted.
# usage: sh bench/crash.sh PATH-TO-SHG [MESSAGES [REPLIES [ROUNDS]]]
set -e
shg=${1:?usage: sh bench/crash.sh PATH-TO-SHG [MESSAGES [REPLIES [ROUNDS]]]}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/shg-crash-XXXXXX)
export CRASH_MESSAGES=${2:-1000} CRASH_REPLIES=${3:-1000}
export CRASH_ROUNDS=${4:-600} CRASH_LATE=${CRASH_LATE:-20}
t0=$(date +%s)
result=$(cd "$dir" && SHG="$shg" DIR="$dir" TEST=crash \
    SHG_NOW="2026-11-23 09:00" LC_ALL=C.UTF-8 sh -c '
	. "$1"
	"$SHG" -c "$DIR/shg.conf" init >/dev/null 2>&1 || echo "FAIL: init" >&2
	. "$2"
	echo "$pass $fail"' sh "$top/tests/cli/lib.sh" \
    "$top/tests/cli/t_sms_crash.sh")
echo "crash test: $CRASH_MESSAGES messages, $CRASH_REPLIES replies:" \
    "${result% *} checks passed, ${result#* } failed in $(($(date +%s) - t0)) s"
rm -rf "$dir"
[ "${result#* }" = 0 ]
