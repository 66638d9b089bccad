package live_test

import (
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/live"
)

func TestPaceFixedSpeeds(t *testing.T) {
	var p live.Pace
	for _, speed := range []int{1, 2, 4, 8, 16} {
		if got := p.Ticks(speed); got != speed {
			t.Errorf("Ticks(%d): got %d, want %d", speed, got, speed)
		}
	}
}

// At max the ticks per update fill what a frame leaves after drawing.
func TestPaceMaxFitsTheFrame(t *testing.T) {
	for _, c := range []struct {
		tick, draw time.Duration
		lo, hi     int
	}{
		{tick: time.Millisecond, draw: 4 * time.Millisecond, lo: 9, hi: 11},          // 16.7-4-2.1 = 10.6 ms
		{tick: 100 * time.Microsecond, draw: 2 * time.Millisecond, lo: 120, hi: 130}, // 12.6 ms
		{tick: 50 * time.Millisecond, draw: time.Millisecond, lo: 1, hi: 1},          // a tick longer than a frame
		{tick: time.Nanosecond, draw: 0, lo: live.MaxTicks, hi: live.MaxTicks},
	} {
		var p live.Pace
		now := time.Unix(0, 0)
		if got := p.Ticks(0); got != 1 {
			t.Errorf("first Ticks(0): got %d, want 1", got)
		}
		p.Ran(3, 3*c.tick, now)
		p.Drew(c.draw)
		if got := p.Ticks(0); got < c.lo || got > c.hi {
			t.Errorf("tick %v, draw %v: got %d ticks, want %d to %d", c.tick, c.draw, got, c.lo, c.hi)
		}
	}
}

// The rate is simulated seconds per wall second: 60 ticks a wall second
// is 1, 240 is 4; a pause brings it to 0.
func TestPaceRate(t *testing.T) {
	var p live.Pace
	now := time.Unix(0, 0)
	step := time.Second / 60
	for range 60 {
		p.Ran(4, time.Millisecond, now)
		now = now.Add(step)
	}
	if got := p.Rate(); got < 3.9 || got > 4.1 {
		t.Errorf("×4: got rate %.2f, want 4", got)
	}
	for range 60 {
		p.Ran(0, 0, now)
		now = now.Add(step)
	}
	if got := p.Rate(); got != 0 {
		t.Errorf("paused: got rate %.2f, want 0", got)
	}
}
