#!/bin/sh
# Build and run the SMS gateway benchmark (bench/sms_bench.c) against the
# release library.  usage: sh bench/sms_bench.sh [MESSAGES [REPLIES]]
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s build/rel/libshg.a
mkdir -p build/bench
cc -std=c11 -D_GNU_SOURCE -O2 -I. $(pkg-config --cflags sqlite3 gammu libconfig) \
    -o build/bench/sms_bench bench/sms_bench.c build/rel/libshg.a \
    $(pkg-config --libs sqlite3 gammu libconfig libical icu-i18n icu-uc libsodium) -lcsv -lm -pthread
exec build/bench/sms_bench "$@"
