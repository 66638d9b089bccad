package e2e

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// clockRuns are runs of -clock exact, each with its trace pinned: the
// default constants, bursts with deafness of a tick and a half (which the
// flash's time within its tick decides), and all-to-all with the
// proportional rule, the nudge scaled by the number of fireflies.
var clockRuns = []struct {
	args []string
	hash string
}{
	{[]string{"-grid", "48x40", "-seed", "5", "-duration", "40s"}, "e1be5668527419ad"},
	{[]string{"-grid", "64x30", "-seed", "2", "-period", "1s", "-nudge", "1s", "-refractory", "25ms", "-jitter", "5ms", "-duration", "10s"}, "b05c4941acee0caf"},
	{[]string{"-grid", "10", "-seed", "3", "-topology", "all", "-response", "proportional", "-refractory", "0", "-jitter", "0",
		"-nudge", "250ms", "-coupling-scale", "n", "-period", "4990ms", "-duration", "200s"}, "9b88e6d88ab09649"},
}

// TestExactClockTraceAnyWorkersAndWasm: -clock exact flashes the same for
// any -workers, natively and as the browser's build under Node, and its
// traces stay as pinned; the summary says which clock ran.
func TestExactClockTraceAnyWorkersAndWasm(t *testing.T) {
	runNode := nodeRunner(t)
	for _, r := range clockRuns {
		args := append([]string{"-json", "-clock", "exact"}, r.args...)
		for _, workers := range []string{"1", "3", "7"} {
			stdout, stderr, code := runHeadless(t, append(slices.Clone(args), "-workers", workers)...)
			if code != 0 {
				t.Fatalf("%v -workers %s: exit %d: %s", r.args, workers, code, stderr)
			}
			got := summary(t, stdout)
			if got["trace_hash"] != r.hash || got["clock"] != "exact" {
				t.Errorf("%v -workers %s: trace_hash %v, clock %v; want %s, exact", r.args, workers, got["trace_hash"], got["clock"], r.hash)
			}
		}
		stdout, stderr, code := runNode(args...)
		if code != 0 {
			t.Fatalf("wasm %v: exit %d: %s", r.args, code, stderr)
		}
		if got := summary(t, stdout); got["trace_hash"] != r.hash {
			t.Errorf("wasm %v: trace_hash %v, want %s", r.args, got["trace_hash"], r.hash)
		}
	}
}

// TestExactClockPeriodThroughTheBinary: with -clock exact, uncoupled
// fireflies flash duration ÷ period times each, within one flash, where
// -clock ticks rounds the 3 s period up to 181 ticks (331.2 flashes in
// 999 s, the example).
func TestExactClockPeriodThroughTheBinary(t *testing.T) {
	for _, clock := range []string{"exact", "ticks"} {
		stdout, stderr, code := runHeadless(t, "-grid", "3", "-seed", "4", "-period", "3s", "-nudge", "0", "-jitter", "0",
			"-refractory", "0", "-duration", "999s", "-json", "-clock", clock)
		if code != 0 {
			t.Fatalf("-clock %s: exit %d: %s", clock, code, stderr)
		}
		perFirefly := summary(t, stdout)["flashes"].(float64) / 9
		off := math.Abs(perFirefly - 333)
		if clock == "exact" && off > 1 || clock == "ticks" && off < 1 {
			t.Errorf("-clock %s: %.2f flashes a firefly in 999 s; want 333 within one flash with exact only", clock, perFirefly)
		}
	}
	_, stderr, code := runHeadless(t, "-clock", "sundial")
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-clock:") {
		t.Errorf("-clock sundial: status %d, stderr %q; want 2 and one line naming -clock", code, stderr)
	}
}
