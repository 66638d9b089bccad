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

// At max the ticks fill what a frame leaves besides them, shared among
// the updates ebiten runs a frame.
func TestPaceMaxFitsTheFrame(t *testing.T) {
	for _, c := range []struct {
		tick, overhead time.Duration
		updates        int
		lo, hi         int
	}{
		{tick: time.Millisecond, overhead: 5 * time.Millisecond, updates: 1, lo: 14, hi: 15},         // (20-5)/1
		{tick: time.Millisecond, overhead: 4 * time.Millisecond, updates: 2, lo: 7, hi: 8},           // (20-4)/2/1
		{tick: 100 * time.Microsecond, overhead: 10 * time.Millisecond, updates: 1, lo: 95, hi: 105}, // 10 ms of ticks
		{tick: 50 * time.Millisecond, overhead: time.Millisecond, updates: 1, lo: 1, hi: 1},          // a tick longer than a frame
		{tick: time.Millisecond, overhead: 30 * time.Millisecond, updates: 1, lo: 5, hi: 5},          // drawing alone is over: a quarter of 20 ms
		{tick: time.Nanosecond, overhead: time.Millisecond, updates: 1, lo: live.MaxTicks, hi: live.MaxTicks},
	} {
		var p live.Pace
		now := time.Unix(0, 0)
		if got := p.Ticks(0); got != 1 {
			t.Errorf("first Ticks(0): got %d, want 1", got)
		}
		// Frames at a steady cost: each update runs 3 ticks, as timed.
		for range 100 {
			p.Frame(now)
			for range c.updates {
				p.Ran(3, 3*c.tick, now)
				now = now.Add(3 * c.tick)
			}
			now = now.Add(c.overhead)
		}
		if got := p.Ticks(0); got < c.lo || got > c.hi {
			t.Errorf("tick %v, %v more a frame, %d updates a frame: got %d ticks an update, want %d to %d",
				c.tick, c.overhead, c.updates, got, c.lo, c.hi)
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
