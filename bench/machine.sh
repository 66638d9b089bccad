#!/bin/sh
# The scaling table of issue 14, for a machine with many cores lent for a
# few minutes: `make machine` builds what it runs (a static headless binary
# and the systems' test binary, no Go needed there), then on the machine,
# from the repository root:
#
#	sh bench/machine.sh OUT [PART...]
#
# runs the parts named (all by default, about 5 minutes on 16 cores):
#
#	throughput  2048², 10 s, -workers 1, 16, 2, 4, 8: one OUT/<run>.json each
#	big         4096² and 8192×4096 at 16 workers, -realtime and not, the
#	            4096² realtime runs' metrics a second in OUT/<run>.jsonl and
#	            the collections in OUT/4096-realtime.err
#	realtime    2048² -realtime at 16 workers, default and burst model
#	hashes      2048² at -workers 3, 7, 32, 64 (the trace must not change)
#	scaling     TestScalingTable (make scaling) at 1, 2, 4, 8, 16 workers,
#	            the entities made before the ticks are timed: OUT/scaling.txt
#	breakdown   TestTickBreakdown (make bench) at 1, 2, 4, 16: OUT/breakdown.txt
#
# Each -json run is the binary's summary line. `go run ./bench/table OUT`
# prints them as a table. Bring OUT back as one archive (tar czf): a lent
# machine returns only a few files.
set -u
out=${1:?usage: sh bench/machine.sh OUT [PART...]}
shift
parts=${*:-throughput big realtime hashes scaling breakdown}
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
burst="-period 1s -nudge 1s -refractory 200ms -jitter 5ms"
for part in $parts; do
	case $part in
	throughput)
		for w in 1 16 2 4 8; do run "2048-w$w" $big -workers $w; done ;;
	big)
		export GODEBUG=gctrace=1
		run 4096-realtime -grid 4096 -seed 5 -duration 20s -realtime -workers 16 -metrics "$out/4096-realtime.jsonl"
		unset GODEBUG
		run 4096-realtime-burst -grid 4096 -seed 5 -duration 20s -realtime -workers 16 $burst -metrics "$out/4096-realtime-burst.jsonl"
		run 8192x4096-realtime -grid 8192x4096 -seed 5 -duration 10s -realtime -workers 16
		run 4096-w16 -grid 4096 -seed 5 -duration 5s -workers 16 ;;
	realtime)
		run 2048-realtime -grid 2048 -seed 5 -duration 20s -realtime -workers 16
		run 2048-realtime-burst -grid 2048 -seed 5 -duration 20s -realtime -workers 16 $burst ;;
	hashes)
		for w in 3 7 32 64; do run "2048-w$w" $big -workers $w; done ;;
	scaling)
		SCALING=1 SCALING_REPS=1 SCALING_WORKERS=4,8,16 timeout 200 build/systems.test -test.count=1 -test.timeout 10m \
			-test.run '^TestScalingTable$' >"$out/scaling.txt" 2>&1 || echo "scaling: exit $?" ;;
	breakdown)
		BENCH_TABLE=1 BENCH_WORKERS=4,16 timeout 150 build/systems.test -test.count=1 \
			-test.run '^TestTickBreakdown$' >"$out/breakdown.txt" 2>&1 || echo "breakdown: exit $?" ;;
	*)
		echo "unknown part $part: throughput, big, realtime, hashes, scaling or breakdown" >&2
		exit 2 ;;
	esac
done
