package live_test

import (
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/live"
)

func TestPaceFixedSpeeds(t *testing.T) {
	var p live.Pace
	now := time.Unix(0, 0)
	for _, speed := range []int{1, 2, 4, 8, 16} {
		if got := p.Ticks(speed, now); got != speed {
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
		if got := p.Ticks(0, now); got != 1 {
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
		if got := p.Ticks(0, now); got < c.lo || got > c.hi {
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

// drive runs updates as ebiten does, one a frame, frame seconds apart
// (a slow frame: fewer than 60 updates a second), each tick costing tick
// of wall time, for wall seconds; it returns the ticks run and the
// largest number run by one update.
func drive(p *live.Pace, speed int, frame, tick, wall time.Duration, now time.Time) (ticks, most int, end time.Time) {
	for end = now.Add(wall); now.Before(end); {
		p.Frame(now)
		n := p.Ticks(speed, now)
		p.Ran(n, time.Duration(n)*tick, now.Add(time.Duration(n)*tick))
		ticks, most = ticks+n, max(most, n)
		now = now.Add(max(frame, time.Duration(n)*tick+frame/2))
	}
	return ticks, most, now
}

// TestPaceKeepsTheWallClock: at ×n the swarm runs 60·n ticks a wall
// second however few updates ebiten runs (slow frames), one n an update
// while it runs 60 a second, and never a burst after a pause.
func TestPaceKeepsTheWallClock(t *testing.T) {
	for _, c := range []struct {
		speed int
		frame time.Duration
	}{
		{1, time.Second / 60}, {1, 100 * time.Millisecond}, {1, 250 * time.Millisecond},
		{4, time.Second / 60}, {4, 150 * time.Millisecond}, {16, 50 * time.Millisecond},
	} {
		var p live.Pace
		ticks, most, _ := drive(&p, c.speed, c.frame, 100*time.Microsecond, 10*time.Second, time.Unix(0, 0))
		want := 600 * c.speed
		if ticks < want-2*c.speed-int(c.frame.Seconds()*60)*c.speed || ticks > want+c.speed {
			t.Errorf("×%d, a frame every %v: %d ticks in 10 wall seconds, want %d", c.speed, c.frame, ticks, want)
		}
		if c.frame == time.Second/60 && most != c.speed {
			t.Errorf("×%d at 60 frames a second: an update ran %d ticks, want %d each", c.speed, most, c.speed)
		}
		if p.Behind() {
			t.Errorf("×%d, a frame every %v: behind, with ticks to spare", c.speed, c.frame)
		}
	}
	// Paused for 5 s (updates that run no tick), then resumed: no burst.
	var p live.Pace
	now := time.Unix(0, 0)
	_, _, now = drive(&p, 1, time.Second/60, time.Millisecond, time.Second, now)
	for range 300 {
		p.Frame(now)
		p.Ticks(1, now)
		p.Ran(0, 0, now)
		now = now.Add(time.Second / 60)
	}
	if _, most, _ := drive(&p, 1, time.Second/60, time.Millisecond, time.Second, now); most != 1 {
		t.Errorf("after a pause an update ran %d ticks, want 1", most)
	}
}

// TestPaceSaysWhenBehind: ticks that cannot all fit in the wall second
// run as many as fit, without starving the frames, and Behind says so.
func TestPaceSaysWhenBehind(t *testing.T) {
	var p live.Pace
	// A tick of 30 ms: 60 of them are 1.8 s of work for each wall second.
	ticks, most, _ := drive(&p, 1, 100*time.Millisecond, 30*time.Millisecond, 10*time.Second, time.Unix(0, 0))
	if !p.Behind() {
		t.Error("1.8 s of ticks a wall second: not behind")
	}
	if ticks >= 600 || ticks < 100 {
		t.Errorf("got %d ticks in 10 s, want fewer than 600 but the ones that fit", ticks)
	}
	if most > 14 { // 4 frames' drawing (400 ms) of 30 ms ticks
		t.Errorf("an update ran %d ticks (%v): it starves the frames", most, time.Duration(most)*30*time.Millisecond)
	}
}
