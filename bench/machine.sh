#!/bin/sh
# The scaling table of issue 14, for a machine with many cores lent for a
# few minutes: `make machine` builds what it runs here (a static headless
# binary and the systems' test binary, no Go needed there), then on the
# machine, from the repository root:
#
#	sh bench/machine.sh OUT
#
# writes OUT/machine.txt (the CPUs), one OUT/<row>.json per run (the
# binary's -json line) and OUT/breakdown.txt (the tick split by system at
# 1, 2, 4 and 16 workers). `go run ./bench/table OUT` makes the README's
# table from them. The rows run most wanted first, so a run cut short keeps
# what matters; the whole takes about 4 minutes on 16 cores.
set -u
out=${1:?usage: sh bench/machine.sh OUT}
bin=build/fireflies-headless
mkdir -p "$out"
{ date -u; uname -a; nproc; lscpu; free -g; } >"$out/machine.txt" 2>&1

run() { # run NAME FLAGS...: one -json run, its line in OUT/NAME.json
	name=$1
	shift
	echo "$name: $*"
	timeout 120 "$bin" "$@" -json >"$out/$name.json" 2>"$out/$name.err" || echo "$name: exit $?"
}

big="-grid 2048 -seed 5 -duration 10s"
for w in 1 16 2 4 8; do run "2048-w$w" $big -workers $w; done
export GODEBUG=gctrace=1 # the collections, in OUT/4096-realtime.err
run 4096-realtime -grid 4096 -seed 5 -duration 20s -realtime -workers 16
unset GODEBUG
run 4096-realtime-burst -grid 4096 -seed 5 -duration 20s -realtime -workers 16 -period 1s -nudge 1s -refractory 200ms -jitter 5ms
run 8192x4096-realtime -grid 8192x4096 -seed 5 -duration 10s -realtime -workers 16
run 4096-w16 -grid 4096 -seed 5 -duration 5s -workers 16
for w in 3 7 32 64; do run "2048-w$w" $big -workers $w; done
BENCH_TABLE=1 BENCH_WORKERS=4,16 timeout 150 build/systems.test -test.count=1 -test.run '^TestTickBreakdown$' >"$out/breakdown.txt" 2>&1 || echo "breakdown: exit $?"
for w in 1 16; do run "2048-w$w-again" $big -workers $w; done
