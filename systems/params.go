package systems

import (
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TPS is the simulation rate: every tick advances simulated time by exactly
// 1/TPS seconds, whatever the wall clock does.
const TPS = 60

// dt is the simulated time of one tick, in seconds.
const dt float32 = 1.0 / TPS

// maxHits bounds the flashes a firefly can hear in one tick: it has 8
// neighbours, each flashes at most once a tick, and a grid of at least 3×3
// (NewWorld's minimum) makes the 8 distinct. nudgeBy is indexed by the
// hits, so the bound sizes it; TestHitsBound reaches it.
const maxHits = 8

// params are the model's constants in the units the hot loops use.
type params struct {
	period     float32 // seconds
	refractory float32 // seconds
	jitter     float32 // seconds
	nudgeBy    [maxHits + 1]float32
	nudge      float32 // seconds per queued flash
	seed       uint64  // mixed once so that nearby seeds give unrelated streams

	queue      bool // Model.QueueDeafFlashes
	phaseClock bool // Model.PhaseClock
}

func newParams(m components.Model) params {
	p := params{
		period:     seconds(m.Period),
		refractory: seconds(m.Refractory),
		jitter:     seconds(m.Jitter),
		seed:       mix64(m.Seed ^ 0x6a09e667f3bcc909),
	}
	nudge := seconds(m.Nudge)
	p.nudge, p.queue, p.phaseClock = nudge, m.QueueDeafFlashes, m.PhaseClock
	// A firefly that hears k flashes this tick moves by nudge×k, rounded
	// once; the order in which it hears them cannot change the result.
	for k := range p.nudgeBy {
		p.nudgeBy[k] = float32(k) * nudge
	}
	return p
}

func seconds(d time.Duration) float32 { return float32(d.Seconds()) }

// ignite applies the rules of a flash to firefly i on the tick: a new
// phase uniform in [0, jitter), deaf for the refractory time, glowing from
// this tick. It is the one place these rules are written; small enough to
// be inlined into Advance's loop, where the whole swarm may flash at once.
func (p *params) ignite(ph *components.PhaseData, r *components.RefractoryData, g *components.GlowData, i, tick int32) {
	ph.Seconds = p.jitter * unit(p.seed, i, tick)
	r.Left = p.refractory
	if p.phaseClock {
		// Deaf while the phase is below the refractory time: deafness
		// left is what the phase still has to go, so Left > 0 exactly
		// when phase < refractory.
		r.Left = nonNegative(p.refractory - ph.Seconds)
	}
	g.FlashTick = tick
}

// queued is the nudge of k flashes heard while deaf, each in full, rounded
// once as nudgeBy is.
func (p *params) queued(k uint32) float32 { return float32(k) * p.nudge }

// Ticks is the number of ticks in d of simulated time: at least one for
// any d > 0, so that a short run does not become an endless one.
func Ticks(d time.Duration) int {
	n := int(d.Seconds()*TPS + 0.5)
	if d > 0 {
		n = max(n, 1)
	}
	return n
}
