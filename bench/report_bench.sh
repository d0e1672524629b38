#!/bin/sh
# Build and run the delivery report benchmark (bench/report_bench.c)
# against the release library.  usage: sh bench/report_bench.sh [N [REPORTS]]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s build/rel/libshg.a
mkdir -p build/bench
cc -std=c11 -D_GNU_SOURCE -O2 -I. $(pkg-config --cflags sqlite3 gammu libconfig) \
    -o build/bench/report_bench bench/report_bench.c build/rel/libshg.a \
    $(pkg-config --libs sqlite3 gammu libconfig libical icu-i18n icu-uc) -lcsv -lm
db=build/bench/report_bench.db
rm -f "$db" "$db-wal" "$db-shm"
exec build/bench/report_bench "$db" "$@"
