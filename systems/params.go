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

// maxHits bounds the flashes a firefly of the default engine can hear in
// one tick: it has at most 8 neighbours, each flashes at most once a tick,
// and a grid of at least 3×3 (NewWorld's minimum) makes the 8 distinct.
// The hits are a uint8 and index nudgeBy and scaleBy, whose 256 entries
// hold any of them; TestHitsBound reaches the bound.
const maxHits = 8

// params are the model's constants in the units the hot loops use.
type params struct {
	period     float32 // seconds
	refractory float32 // seconds
	deafFor    int32   // ticks of deafness after a flash: deafTicks(refractory)
	jitter     float32 // seconds
	// h flashes heard in a tick move a phase to phase×scaleBy[h] +
	// nudgeBy[h], each operation rounded to float32, and flash it in the
	// next wave when that reaches the period: phase + h×nudge in the
	// default model, where scaleBy is 1 and the product exact. The
	// response rules and the threshold are only other tables (see
	// responseTables), so the default engine's loops run them unchanged.
	nudgeBy [256]float32
	scaleBy [256]float32
	nudge   float32 // seconds per queued flash
	seed    uint64  // mixed once so that nearby seeds give unrelated streams

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
	p.deafFor = deafTicks(p.refractory)
	nudge := coupledNudge(m) // seconds(m.Nudge) with -coupling-scale none
	p.nudge, p.queue, p.phaseClock = nudge, m.QueueDeafFlashes, m.PhaseClock
	resp, _ := responseOf(m.Response) // checked by Sim.rules, which refuses the model
	for h := range 256 {
		p.scaleBy[h], p.nudgeBy[h] = responds(resp, int32(max(1, m.Threshold)), int32(h), nudge, p.period)
	}
	return p
}

// responds is what h flashes heard in a tick do to a firefly by the rule
// resp with the threshold k: the phase becomes phase×scale + add (see
// params.nudgeBy). Below the threshold, nothing. The advance moves the
// phase by h×nudge, rounded once, so the order in which the flashes are
// heard cannot change the result; fire adds +Inf, so the firefly flashes
// whatever its phase; reset makes it 0, which never reaches the period;
// proportional multiplies it by 1 + 2·h·nudge/period, rounded once to
// float32.
func responds(resp int, k, h int32, nudge, period float32) (scale, add float32) {
	switch {
	case h < k:
		return 1, 0
	case resp == respFire:
		return 1, float32(math.Inf(1))
	case resp == respReset:
		return 0, 0
	case resp == respProportional:
		return float32(1 + 2*float64(h)*float64(nudge)/float64(period)), 0
	}
	return 1, float32(h) * nudge
}

// respond applies scale and add to the phase ph: the one place the rule's
// arithmetic is written. The conversion rounds the product before the
// addition, so no build fuses the two.
func respond(ph, scale, add float32) float32 { return float32(ph*scale) + add }

func seconds(d time.Duration) float32 { return float32(d.Seconds()) }

// ignite applies the rules of a flash to firefly i on the tick: a new
// phase uniform in [0, jitter), deaf for the refractory time, glowing from
// this tick. It and flashRule.ignite are the one place these rules are
// written.
func (p *params) ignite(ph *components.PhaseData, r *components.RefractoryData, g *components.GlowData, i, tick int32) {
	p.rule().ignite(ph, r, g, i, tick)
	if p.phaseClock {
		// Deaf while the phase is below the refractory time (see
		// Advance.original), and not at all if the flash left it there.
		r.Until = tick
		if p.refractory-ph.Seconds > 0 {
			r.Until = byPhase
		}
	}
}

// flashRule is what a flash does when deafness runs out by the clock, as
// it does but in the original's rules: few enough values to be held in
// registers, and small enough to be inlined into Advance's loop for rows
// in which many flash (see floodRow).
type flashRule struct {
	jitter  float32
	deafFor int32
	seed    uint64
}

func (p *params) rule() flashRule { return flashRule{p.jitter, p.deafFor, p.seed} }

func (f flashRule) ignite(ph *components.PhaseData, r *components.RefractoryData, g *components.GlowData, i, tick int32) {
	ph.Seconds = f.jitter * unit(f.seed, i, tick)
	r.Until = tick + f.deafFor
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
