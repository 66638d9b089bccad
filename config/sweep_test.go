package config_test

import (
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/config"
)

// listed parses a sweep's arguments and returns the values of its axis
// flag. The parse runs on a goroutine of its own, given limit to end: a
// parse that does not end (a counter that wraps, say, and a list that
// grows without bound) stops the test binary rather than going on
// beside the other tests.
func listed(t *testing.T, limit time.Duration, flag string, args ...string) ([]string, error) {
	t.Helper()
	type parsed struct {
		c   config.Config
		err error
	}
	done := make(chan parsed, 1)
	go func() {
		c, err := config.ParseCommand(config.Sweep, args, config.Headless, io.Discard)
		done <- parsed{c, err}
	}()
	select {
	case p := <-done:
		for _, a := range p.c.Sweep.Axes {
			if a.Flag == flag {
				return a.Values, p.err
			}
		}
		return nil, p.err
	case <-time.After(limit):
		panic("sweep " + strings.Join(args, " ") + ": still listing the values after " + limit.String())
	}
}

// TestSeedRangeReachesTheLargestSeed: a range that ends at the largest
// seed has its values, each once (a counter that went on past it wrapped
// to 0 and listed seeds for ever).
func TestSeedRangeReachesTheLargestSeed(t *testing.T) {
	const top = "18446744073709551615"
	for _, tc := range []struct {
		list string
		want []string
	}{
		{top + ".." + top, []string{top}},
		{"18446744073709551613.." + top, []string{"18446744073709551613", "18446744073709551614", top}},
		{"0..2," + top, []string{"0", "1", "2", top}},
	} {
		got, err := listed(t, 10*time.Second, "seed", "-seed", tc.list)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("-seed %s: got %v (%v), want %v", tc.list, got, err, tc.want)
		}
	}
}

// TestLongListsParseInTheirTime: lists of the most values a sweep may have
// are made in time that grows with their length (a look-up of each value
// among those before it took 19 minutes for -seed 1..999999); the bound
// is generous, for a loaded machine, and only a parse that takes their
// length squared misses it.
func TestLongListsParseInTheirTime(t *testing.T) {
	for _, tc := range []struct {
		flag, list  string
		n           int
		first, last string
	}{
		{"seed", "1..999999", 999999, "1", "999999"},
		{"seed", "1..500000,500001..1000000", config.MaxRuns, "1", "1000000"},
		{"nudge", "0s:1s:1000000", config.MaxRuns, "0s", "1s"},
	} {
		got, err := listed(t, 2*time.Minute, tc.flag, "-"+tc.flag, tc.list)
		if err != nil || len(got) != tc.n || got[0] != tc.first || got[len(got)-1] != tc.last {
			if len(got) > 0 {
				t.Errorf("-%s %s: got %d values, %s to %s (%v); want %d, %s to %s", tc.flag, tc.list, len(got), got[0], got[len(got)-1], err, tc.n, tc.first, tc.last)
			} else {
				t.Errorf("-%s %s: got no values (%v); want %d", tc.flag, tc.list, err, tc.n)
			}
		}
	}
}

// TestListTooLongIsRefusedBeforeItIsMade: a list of more values than a
// sweep may have runs is refused in one line naming the flag, before its
// values are made: refusing it allocates next to nothing, where making
// the million values of its second range would take tens of megabytes.
func TestListTooLongIsRefusedBeforeItIsMade(t *testing.T) {
	for _, tc := range []struct{ flag, list string }{
		{"seed", "1..2,3..1000002"},
		{"seed", "1..1000001"},
		{"seed", "0..18446744073709551615"},
		{"nudge", "0s:1s:2,1s:2s:1000000"},
		{"glow", "0.1:0.9:1000001"},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := listed(t, time.Minute, tc.flag, "-"+tc.flag, tc.list)
		runtime.ReadMemStats(&after)
		want := "-" + tc.flag + ": "
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "more than "+strconv.Itoa(config.MaxRuns)+" runs") || !oneLine(err.Error()) {
			t.Errorf("-%s %s: got %v, want one line starting %q that says the sweep would be more than %d runs", tc.flag, tc.list, err, want, config.MaxRuns)
		}
		if made := after.TotalAlloc - before.TotalAlloc; made > 1<<20 {
			t.Errorf("-%s %s: %d bytes allocated to refuse it, want less than 1 MiB: the values were made first", tc.flag, tc.list, made)
		}
	}
}
