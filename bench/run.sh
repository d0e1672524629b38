#!/bin/sh
# "make bench": the benchmarks, each printing its figures. Not part of
# "make check". usage: sh bench/run.sh PATH-TO-SHG
set -e
here=$(cd "$(dirname "$0")" && pwd)
echo "== SMS gateway: 10,000 messages through the dummy modem, 5,000 replies"
sh "$here/sms_bench.sh" 10000 5000
