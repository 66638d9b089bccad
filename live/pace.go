package live

import (
	"time"

	"github.com/firefly-observatory/fireflies/systems"
)

// Pace decides how many ticks a frontend runs per update (ebiten's
// Update, 60 a second while frames keep up) at a [Session]'s speed, and
// measures the simulated seconds it gets per wall second. At ×n it is
// the ticks the wall clock is owed, n·60 a wall second: n an update while
// ebiten runs 60 updates a second, more when a slow frame makes it run
// fewer (ebiten stops catching up after a few ticks of lag and runs one
// update a frame), so that slow drawing never slows the swarm. The ticks
// an update runs to catch up take at most [MaxCatchUp] of wall time or
// four frames' drawing, whichever is longer, so a frame is never starved;
// more than a second behind, the rest is let go, and [Pace.Behind] says
// the machine cannot keep up. At max it is as
// many as keep a frame within [MaxFrame] (or a quarter of it, where
// drawing alone takes more): it measures what a frame costs
// besides the ticks (drawing, presenting, ebiten itself, all of it, from
// the wall time between frames) and how many updates ebiten runs a frame
// (more than one when it catches up), and fills the rest with ticks.
// Every tick is still exactly 1/60 s of simulated time: only how many run
// per frame changes.
type Pace struct {
	perTick  time.Duration // moving average of one tick's wall time
	overhead time.Duration // moving average of a frame's wall time not spent in ticks
	updates  float64       // moving average of updates a frame

	frameAt     time.Time     // the last frame
	frameTicks  time.Duration // wall time in ticks since it
	frameUpdate int           // updates since it

	began time.Time // start of the rate's current window
	ticks int       // ticks run in it
	rate  float64   // simulated seconds per wall second, last window

	// The clock of a fixed speed: the ticks run since clockAt, when the
	// speed was last set or the run last stood still.
	clockAt    time.Time
	clockSpeed int
	clockRun   int
	dropped    bool // the clock let ticks go in the rate's window
	behind     bool // it did in the last window
}

// MaxCatchUp is the wall time an update may spend on ticks it is owed
// besides its speed's: a slow frame's ticks catch up in a few frames.
const MaxCatchUp = 3 * MaxFrame

// MaxFrame is the frame time max speed aims at: 50 frames a second. A
// frame that runs over it on a 60 Hz display waits for the next vertical
// blank, at 1/30 s: still the 30 frames a second that keep the window
// usable.
const MaxFrame = time.Second / 50

// MaxTicks bounds the ticks one update runs at max, whatever the
// measurements say: a tick the clock timed at nothing would otherwise
// ask for an unbounded number.
const MaxTicks = 4096

// Ticks is how many ticks an update at now runs at speed (0: max).
func (p *Pace) Ticks(speed int, now time.Time) int {
	if speed > 0 {
		return p.owed(speed, now)
	}
	p.clockAt = time.Time{}
	if p.perTick <= 0 || p.updates == 0 {
		return 1 // nothing measured yet: one tick, timed
	}
	// Where drawing alone takes the whole frame, ticks still get a quarter
	// of it: max is never slower than ×1 on a slow display, and costs a
	// frame no more than that.
	budget := float64(max(MaxFrame-p.overhead, MaxFrame/4)) / p.updates // tick time an update may take
	return min(max(1, int(budget/float64(p.perTick))), MaxTicks)
}

// owed is the ticks the clock of speed is owed at now.
func (p *Pace) owed(speed int, now time.Time) int {
	if p.clockAt.IsZero() || p.clockSpeed != speed {
		p.clockAt, p.clockSpeed, p.clockRun = now, speed, 0
		return speed
	}
	due := int(now.Sub(p.clockAt).Seconds()*systems.TPS*float64(speed)) - p.clockRun
	if second := systems.TPS * speed; due > second { // a second behind: let the rest go
		p.clockRun += due - second
		due, p.dropped = second, true
	}
	if due < -systems.TPS*speed/4 { // a quarter second ahead (updates faster than 60 a second): start again
		p.clockAt, p.clockRun = now, 0
	}
	if due <= speed {
		return speed
	}
	budget := max(MaxCatchUp, 4*p.overhead) // tick time an update may take
	most := speed
	if p.perTick > 0 {
		most = max(speed, int(budget/p.perTick))
	}
	return min(due, most, MaxTicks)
}

// Ran records that an update ran n ticks in d of wall time, at now. An
// update that ran none (paused, a replay at its end) stops the clock: no
// ticks are owed for the time the run stood still.
func (p *Pace) Ran(n int, d time.Duration, now time.Time) {
	if n > 0 {
		p.perTick = average(p.perTick, d/time.Duration(n))
		p.clockRun += n
	} else {
		p.clockAt = time.Time{}
	}
	p.frameTicks += d
	p.frameUpdate++
	p.count(n, now)
}

// Frame records that a frame began at now: the wall time since the last
// one, less the ticks run in it, is what a frame costs besides them.
func (p *Pace) Frame(now time.Time) {
	if !p.frameAt.IsZero() {
		p.overhead = average(p.overhead, max(0, now.Sub(p.frameAt)-p.frameTicks))
		u := float64(max(1, p.frameUpdate))
		if p.updates == 0 {
			p.updates = u
		}
		p.updates += (u - p.updates) / 8
	}
	p.frameAt, p.frameTicks, p.frameUpdate = now, 0, 0
}

// count adds n ticks to the rate's window and closes the window once half
// a second has passed, so that the readout follows a change of speed
// within half a second.
func (p *Pace) count(n int, now time.Time) {
	if p.began.IsZero() { // n ran before now: the window starts after them
		p.began = now
		return
	}
	p.ticks += n
	if wall := now.Sub(p.began); wall >= time.Second/2 {
		p.rate = float64(p.ticks) / systems.TPS / wall.Seconds()
		p.began, p.ticks = now, 0
		p.behind, p.dropped = p.dropped, false
	}
}

// Behind reports whether, over the last half second, the machine could
// not run the ticks its speed asks for: the clock let some go.
func (p *Pace) Behind() bool { return p.behind }

// Rate is the simulated seconds per wall second over the last half
// second: 1 at ×1 in real time, 0 while paused.
func (p *Pace) Rate() float64 { return p.rate }

// average folds d into a moving average over about 8 samples, quick
// enough to follow a change of grid, slow enough to ride out one late
// frame.
func average(avg, d time.Duration) time.Duration {
	if avg == 0 {
		return d
	}
	return avg + (d-avg)/8
}
