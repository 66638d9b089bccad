package frame

import (
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TestGlowTicks checks the closed form against the definition: the first
// age whose glow is not positive.
func TestGlowTicks(t *testing.T) {
	for _, tc := range []struct {
		period time.Duration
		glow   float64
	}{{5 * time.Second, 0.3}, {time.Second, 1}, {time.Second, 0.05}, {17 * time.Millisecond, 1}, {time.Hour, 1}, {3 * time.Second, 0.1}} {
		m := components.DefaultModel()
		m.Period, m.Glow = tc.period, tc.glow
		want := 0
		for glowAt(want, tc.glow*tc.period.Seconds()) > 0 {
			want++
		}
		if got := glowTicks(m); got != want {
			t.Errorf("period %v glow %v: got %d ticks, want %d", tc.period, tc.glow, got, want)
		}
	}
}
