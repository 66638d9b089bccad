package plot

import (
	"math"
	"testing"
	"time"
)

// TestAxisTicksEnd: over a range wider than the largest float, where
// gonum's ticks never return, the axis gets its two ends; elsewhere
// gonum's.
func TestAxisTicksEnd(t *testing.T) {
	for _, r := range [][2]float64{{-1e308, 1e308}, {-math.MaxFloat64, math.MaxFloat64}, {0, math.MaxFloat64}, {0, 1}, {1e15, 1e15 + 1}} {
		done := make(chan int, 1)
		go func() { done <- len(axisTicks{}.Ticks(r[0], r[1])) }()
		select {
		case n := <-done:
			if n < 2 {
				t.Errorf("%g to %g: %d ticks, want at least the two ends", r[0], r[1], n)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%g to %g: no ticks after a minute", r[0], r[1])
		}
	}
}
