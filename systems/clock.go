package systems

import (
	"fmt"
	"math"
	"slices"

	"github.com/firefly-observatory/fireflies/components"
)

// The exact clock (-clock exact; docs/model.md, "The exact clock") keeps
// time within a tick, where the ticks clock keeps it to the tick: a
// firefly that crosses the period by its own step flashes at the linear
// crossing, a fraction tau = (period − phase)/step of the way through the
// tick, and its phase keeps what the step took it past the period; the
// phase runs slower by the jitter's mean head start, so that the mean
// free-running cycle is the period. The coupling acts at the tick's end,
// as under the ticks clock: the flashes of a tick are counted and heard
// then, and a firefly they take to the period flashes then (tau 1), its
// overshoot absorbed. Deafness lasts the refractory time from the flash's
// own time. It is a variant: the [Variant] system runs it.

// Clocks are the names of -clock's ways of keeping time, the default
// first.
var Clocks = []string{"ticks", "exact"}

// CouplingScales are the names of -coupling-scale's divisors of the
// nudge, the default first.
var CouplingScales = []string{"none", "degree", "n"}

// checkWords refuses a model whose clock or coupling scale is not one of
// the names above ("" is the default).
func checkWords(m components.Model) error {
	if m.Clock != "" && !slices.Contains(Clocks, m.Clock) {
		return fmt.Errorf("clock: unknown %q", m.Clock)
	}
	if m.CouplingScale != "" && !slices.Contains(CouplingScales, m.CouplingScale) {
		return fmt.Errorf("coupling-scale: unknown %q", m.CouplingScale)
	}
	return nil
}

// clockSpeed is the nominal seconds a firefly's phase runs a second when
// it runs free: 1 under the ticks clock; under the exact clock
// (P − J/2)/P, for the period P and jitter J in float32 seconds, in
// float64. A flash gives the phase a head start of J·u, J/2 on average,
// so a cycle from one crossing of P to the next takes (P − J/2)/speed = P
// seconds on average.
func clockSpeed(m components.Model) float64 {
	if !m.ExactClock() {
		return 1
	}
	p, j := float64(seconds(m.Period)), float64(seconds(m.Jitter))
	return (p - j/2) / p
}

// clockStep is the free-running step of a tick: dt × clockSpeed, rounded
// once to float32 (dt itself under the ticks clock).
func clockStep(m components.Model) float32 {
	return float32(float64(dt) * clockSpeed(m))
}

// couplingDivisor is what -coupling-scale divides the nudge by: 1 for
// none; for degree, the neighbours of a firefly away from the grid's
// edges (K for random:K, the lattice's for small-world graphs, which keep
// its number of edges, N−1 for all-to-all); for n, the fireflies.
func couplingDivisor(m components.Model) int {
	switch m.CouplingScale {
	case "degree":
		s, err := ParseShape(m)
		switch {
		case err != nil:
			return 1 // refused by Sim.rules
		case s.All:
			return max(1, m.Fireflies()-1)
		case s.Degree > 0:
			return s.Degree
		}
		return len(s.Offsets)
	case "n":
		return m.Fireflies()
	}
	return 1
}

// coupledNudge is the nudge in seconds after -coupling-scale: the
// nudge's seconds in float64 divided by couplingDivisor, rounded once to
// float32 (the nudge itself for none).
func coupledNudge(m components.Model) float32 {
	if d := couplingDivisor(m); d > 1 {
		return float32(m.Nudge.Seconds() / float64(d))
	}
	return seconds(m.Nudge)
}

// exactDeafTicks is how many ticks after the tick of its flash a
// firefly that flashed at the fraction tau of that tick stays deaf under
// the exact clock: it hears the flashes of a later tick u once u's end
// (where the coupling acts) comes at least the refractory time after the
// flash, u − t ≥ R·TPS − (1 − tau), and never those of its own tick (so at
// least 1 with a refractory time; with none, 0, and [Variant.listens]
// tells a firefly that flashed this tick by its glow). R·TPS and 1 − tau
// are exact in float64, so only their difference is rounded.
func exactDeafTicks(refractory, tau float32) int32 {
	if refractory <= 0 {
		return 0
	}
	k := math.Ceil(float64(float64(refractory)*TPS) - (1 - float64(tau)))
	return int32(max(k, 1))
}

// cross flashes firefly i, whose phase went from old to ph, at or past
// the period, by its step s in this tick: [Variant.ignite] under the
// ticks clock; under the exact clock at the linear crossing, tau =
// (period − old)/s of the way through the tick (0 for a phase already
// past the period, as after a live change to a shorter one), its phase
// keeping the overshoot ph − period (less whole periods, for a step
// longer than the period) plus the reset's jitter·u.
func (v *Variant) cross(i int32, old, s, ph float32) {
	if v.at == nil {
		v.ignite(i)
		return
	}
	p := v.p
	tau := float32(0)
	if s > 0 {
		tau = min(max((p.period-old)/s, 0), 1)
	}
	over := ph - p.period
	if over >= p.period {
		over = float32(math.Mod(float64(over), float64(p.period))) // exact, in every build
	}
	v.sw.Phase[i].Seconds = over + float32(p.jitter*unit(p.seed, i, v.sw.Tick))
	v.stamp(i, tau)
}

// stamp records firefly i's flash of this tick under the exact clock,
// at the fraction tau of the tick: its time, its deafness from then, its
// glow and its bit in the tick's bitmap.
func (v *Variant) stamp(i int32, tau float32) {
	sw := v.sw
	v.at[i] = tau
	sw.Refractory[i].Until = sw.Tick + exactDeafTicks(v.p.refractory, tau)
	sw.Glow[i].FlashTick = sw.Tick
	x, y := int(i)%sw.Width, int(i)/sw.Width
	sw.Fired[y*sw.Stride+x>>6] |= 1 << (x & 63)
}

// FlashSeconds is the simulated time of firefly i's last flash, in
// seconds: under the exact clock the moment within its tick at which it
// flashed, otherwise the end of its tick; negative if it has not
// flashed. A live change of the rules forgets the times within the tick
// of the flashes before it.
func (s *Sim) FlashSeconds(i int) float64 {
	g := s.Swarm.Glow[i].FlashTick
	if g == components.NeverFlashed {
		return -1
	}
	at := float32(1)
	for _, sys := range s.systems {
		if v, ok := sys.(*Variant); ok && v.at != nil {
			at = v.at[i]
		}
	}
	return (float64(g) - 1 + float64(at)) / TPS
}
