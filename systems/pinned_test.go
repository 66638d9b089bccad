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
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/%d workers", tc.name, workers), func(t *testing.T) {
				if testing.Short() && tc.duration > time.Minute {
					t.Skip("long run; -short")
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
