package live

import (
	"time"

	"github.com/firefly-observatory/fireflies/systems"
)

// Pace decides how many ticks a frontend runs per update (ebiten's
// Update, 60 a second) at a [Session]'s speed, and measures the simulated
// seconds it gets per wall second. At ×n it is n ticks. At max it is as
// many as fit in what a frame leaves after drawing, so that the frame rate
// stays usable: ebiten catches up on a late update by running two in one
// frame, so an update that takes at most a frame less the draw keeps the
// frames at 30 a second or more even then. Every tick is still exactly
// 1/60 s of simulated time: only how many run per frame changes.
type Pace struct {
	perTick time.Duration // moving average of one tick's wall time
	drawn   time.Duration // moving average of one frame's draw

	began time.Time // start of the rate's current window
	ticks int       // ticks run in it
	rate  float64   // simulated seconds per wall second, last window
}

// frame is one update's share of the wall clock at 60 updates a second.
const frame = time.Second / systems.TPS

// MaxTicks bounds the ticks one update runs at max, whatever the
// measurements say: a tick the clock timed at nothing would otherwise
// ask for an unbounded number.
const MaxTicks = 4096

// Ticks is how many ticks the next update runs at speed (0: max).
func (p *Pace) Ticks(speed int) int {
	if speed > 0 {
		return speed
	}
	budget := frame - p.drawn - frame/8 // an eighth of a frame for ebiten itself
	if p.perTick <= 0 {
		return 1 // nothing measured yet: one tick, timed
	}
	return min(max(1, int(budget/p.perTick)), MaxTicks)
}

// Ran records that an update ran n ticks in d of wall time, at now.
func (p *Pace) Ran(n int, d time.Duration, now time.Time) {
	if n > 0 {
		p.perTick = average(p.perTick, d/time.Duration(n))
	}
	p.count(n, now)
}

// Drew records a frame's draw time.
func (p *Pace) Drew(d time.Duration) { p.drawn = average(p.drawn, d) }

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
	}
}

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
