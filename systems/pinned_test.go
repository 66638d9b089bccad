package systems_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/systems"
)

// TestPinnedTraces keeps every flash of the default model as it was: these
// runs' trace hashes are pinned in the project's issues, and any change to
// the model's arithmetic, its random streams or the hash shows here. The
// end-to-end tests check the same four through the headless binary.
//
// The trace is the same for any number of workers, down to bands of one
// row (64 workers on 33 rows), and with every sparse wave split across the
// bands however small ("split"), so that the split path runs on grids too
// small to reach it otherwise.
func TestPinnedTraces(t *testing.T) {
	for _, tc := range []struct {
		name     string
		w, h     int
		seed     uint64
		duration time.Duration
		tweak    func(*modelT)
		want     string
	}{
		{"45x33 seed 21", 45, 33, 21, 60 * time.Second, nil, "f70b2515eb21710e"},
		{"64 seed 9", 64, 64, 9, 300 * time.Second, nil, "c4bdffa9673c2723"},
		{"200x120 burst", 200, 120, 4, 30 * time.Second, func(m *modelT) {
			m.Period, m.Nudge, m.Refractory, m.Jitter = time.Second, time.Second, 200*time.Millisecond, 5*time.Millisecond
		}, "587eac5d057db4ff"},
		{"37x91 uncoupled", 37, 91, 11, 120 * time.Second, func(m *modelT) { m.Nudge = 0 }, "287625cca2640213"},
	} {
		for _, run := range []struct {
			workers int
			split   bool
		}{{1, false}, {2, false}, {3, false}, {7, false}, {16, false}, {64, false}, {2, true}, {3, true}, {64, true}} {
			workers := run.workers
			name := fmt.Sprintf("%s/%d workers", tc.name, workers)
			if run.split {
				name += ", split"
			}
			t.Run(name, func(t *testing.T) {
				if testing.Short() && tc.duration > time.Minute {
					t.Skip("long run; -short")
				}
				if run.split {
					old := *systems.SplitMin
					*systems.SplitMin = 1
					defer func() { *systems.SplitMin = old }()
				}
				m := model(tc.w, tc.h, tc.seed)
				if tc.tweak != nil {
					tc.tweak(&m)
				}
				s := newSim(t, m, workers)
				for range systems.Ticks(tc.duration) {
					s.Update()
				}
				if got := fmt.Sprintf("%016x", s.Obs.TraceHash); got != tc.want {
					t.Errorf("trace_hash: got %s, want %s", got, tc.want)
				}
			})
		}
	}
}
