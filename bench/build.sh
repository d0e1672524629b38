#!/bin/sh
# Build the benchmark programs bench/NAME.c (or tests/NAME.c, e.g. the
# tests' sqlkey) against the release library, into build/bench/NAME.
# usage: sh bench/build.sh NAME...
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s build/rel/libshg.a
mkdir -p build/bench
pkgs="sqlite3 gammu libconfig libical icu-i18n icu-uc libsodium"
for name in "$@"; do
	src=bench/$name.c
	[ -f "$src" ] || src=tests/$name.c
	cc -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wshadow -Wformat=2 \
	    -Wstrict-prototypes -Wmissing-prototypes -Wvla \
	    -Wno-unused-parameter -Werror -I. $(pkg-config --cflags $pkgs) \
	    -o "build/bench/$name" "$src" build/rel/libshg.a \
	    $(pkg-config --libs $pkgs) -lcsv -lm
done
