package systems

import (
	"math"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TPS is the simulation rate: every tick advances simulated time by exactly
// 1/TPS seconds, whatever the wall clock does.
const TPS = 60

// dt is the simulated time of one tick, in seconds.
const dt float32 = 1.0 / TPS

// params are the model's constants in the units the hot loops use.
type params struct {
	period     float32 // seconds
	refractory float32 // seconds
	jitter     float32 // seconds
	nudgeBy    [9]float32
	seed       uint64 // mixed once so that nearby seeds give unrelated streams
}

func newParams(m components.Model) params {
	p := params{
		period:     seconds(m.Period),
		refractory: seconds(m.Refractory),
		jitter:     seconds(m.Jitter),
		seed:       mix64(m.Seed ^ 0x6a09e667f3bcc909),
	}
	nudge := seconds(m.Nudge)
	// A firefly that hears k flashes this tick moves by nudge×k, rounded
	// once; the order in which it hears them cannot change the result.
	for k := range p.nudgeBy {
		p.nudgeBy[k] = float32(k) * nudge
	}
	return p
}

func seconds(d time.Duration) float32 { return float32(d.Seconds()) }

// glowAt is the glow of a flash that is age ticks old, for a glow time in
// seconds: 1 on the flash's tick, fading linearly; 0 or less is dark.
func glowAt(age int, glowTime float64) float64 {
	return 1 - float64(age)/TPS/glowTime
}

// glowTicks is how many ticks, counting the flash tick, a flash stays
// visible: the first age at which glowAt is no longer positive.
func glowTicks(m components.Model) int {
	glowTime := m.Glow * m.Period.Seconds()
	n := max(0, int(math.Ceil(glowTime*TPS))-1)
	for glowAt(n, glowTime) > 0 {
		n++
	}
	return n
}
