package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestSweepThroughput measures what `make bench-sweep` prints: a sweep of
// FIREFLIES_SWEEP_RUNS runs of 50×50 for 600 simulated seconds against
// what one run does alone, times the CPUs. The single runs are measured
// before and after the sweep, as the machine's speed drifts; the median
// counts. It asserts nothing: speed is for the README, not for a test on
// a shared machine.
func TestSweepThroughput(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("FIREFLIES_SWEEP_RUNS"))
	if runs == 0 {
		t.Skip("set FIREFLIES_SWEEP_RUNS (make bench-sweep)")
	}
	model := []string{"-grid", "50x50", "-duration", "600s"}
	single := func(seed int) float64 {
		stdout, stderr, code := runHeadless(t, append(slices.Clone(model), "-seed", strconv.Itoa(seed), "-workers", "1", "-json")...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return summary(t, stdout)["firefly_ticks_per_second"].(float64)
	}
	var alone []float64
	for s := range 3 {
		alone = append(alone, single(s+1))
	}
	out := filepath.Join(t.TempDir(), "rows.csv")
	t0 := time.Now()
	_, stderr, code := runHeadless(t, append([]string{"sweep", "-seeds", strconv.Itoa(runs), "-out", out}, model...)...)
	wall := time.Since(t0).Seconds()
	if code != 0 {
		t.Fatalf("sweep: exit %d: %s", code, stderr)
	}
	for s := range 3 {
		alone = append(alone, single(s+1))
	}
	slices.Sort(alone)
	med := (alone[2] + alone[3]) / 2
	cpus := runtime.NumCPU()
	fireflyTicks := float64(runs) * 600 * 60 * 2500
	rate := fireflyTicks / wall
	m := regexp.MustCompile(`\d+ of \d+ runs in [\d.]+s \(([\d.e+]+) firefly-ticks/s\)`).FindStringSubmatch(stderr)
	fmt.Printf("one run alone (-workers 1), 6 runs: %.0fM–%.0fM firefly-ticks/s, median %.0fM; × %d CPUs = %.0fM\n",
		alone[0]/1e6, alone[5]/1e6, med/1e6, cpus, med*float64(cpus)/1e6)
	fmt.Printf("sweep of %d runs: %.1f s wall (%d runs/s), %.0fM firefly-ticks/s (the sweep's own count: %s)\n",
		runs, wall, int(float64(runs)/wall), rate/1e6, m[1])
	fmt.Printf("ideal (median × CPUs) / sweep: %.2f×\n", med*float64(cpus)/rate)
}
