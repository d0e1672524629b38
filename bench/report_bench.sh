#!/bin/sh
# Build and run the delivery report benchmark (bench/report_bench.c)
# against the release library.  usage: sh bench/report_bench.sh [N [REPORTS]]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh bench/build.sh report_bench
db=build/bench/report_bench.db
rm -f "$db" "$db-wal" "$db-shm"
build/bench/report_bench "$db" "$@"
rm -f "$db" "$db-wal" "$db-shm"
