package systems

import (
	"math"

	"github.com/firefly-observatory/fireflies/components"
)

// A firefly's deafness is kept as the tick it ends
// ([components.RefractoryData]): deaf while the tick is below Until. The
// model counts it down in seconds, left = max(0, left − dt) each tick, each
// step rounded to float32; deafTicks turns seconds into ticks with that
// rounding, so the deafness is the same to the tick and the traces stay
// as they were, while Advance no longer rewrites every firefly's deafness
// every tick: half of what its sweep wrote (see README, "Deafness as a
// tick").
const (
	// forever is the deafness of a painted firefly, given again before
	// every tick (see Brushes): no tick reaches it.
	forever int32 = math.MaxInt32
	// byPhase is the deafness of the original's phase clock: deaf until
	// the phase reaches the refractory time, which Advance.original
	// checks each tick, as the time it takes depends on the refractory
	// time at that tick.
	byPhase int32 = math.MaxInt32 - 1
)

// deafTicks is the number of ticks a deafness of left seconds lasts: how
// many steps of the model's countdown, left = max(0, left − dt) rounded
// to float32, it takes to reach 0. 0 for left <= 0 or NaN; forever when
// the countdown never ends (+Inf, or a deafness so long that float32
// cannot take dt from it).
//
// It does not step through every tick of a long deafness: between two
// powers of two the float32 grid is even, so each step that stays there
// takes away the same rounded amount and a whole run of them is one
// multiplication, exactly. That makes it cheap enough for every firefly
// of a large world (the original's start-deaf rule) with an hour's
// period. TestDeafTicksCountsDown checks it against the countdown itself.
func deafTicks(left float32) int32 {
	n := int64(0)
	for left > 0 {
		next := max(left-dt, 0)
		if next == left {
			return forever
		}
		lo := math.Float32frombits(math.Float32bits(left) &^ (1<<23 - 1)) // the power of two at or below left
		if rest := float64(left) - float64(dt) - float64(lo); rest >= 0 {
			// Every step i = 0, 1, … whose exact result left − i·s − dt
			// stays at or above lo lands on the grid of [lo, 2lo) and
			// takes away the same s, dt rounded to that grid. (dt is
			// halfway between two points of the grid, where rounding to
			// even would alternate, only in [1/32, 1/16), which holds
			// fewer than two steps.) float64 holds all of this exactly.
			s := float64(left - next)
			m := int64(rest/s) + 1
			left = float32(float64(left) - float64(m)*s)
			n += m
		} else {
			left = next
			n++
		}
	}
	return int32(min(n, int64(byPhase-1)))
}

// deafUntil is the Until of a firefly given left seconds of deafness on
// the tick: the tick its countdown ends.
func deafUntil(tick int32, left float32) int32 {
	k := deafTicks(left)
	if k == forever {
		return forever
	}
	return int32(min(int64(tick)+int64(k), int64(byPhase-1)))
}

// DeafSeconds is how much of a firefly's deafness r is left after the
// current tick, in seconds, as the model's countdown would show it: the
// refractory time less the ticks since the flash that made it deaf,
// +Inf for a painted firefly, which never hears, and to the tick for a
// deafness it started with (ph and g are its phase and glow).
func (s *Sim) DeafSeconds(r components.RefractoryData, ph components.PhaseData, g components.GlowData) float64 {
	p, tick := s.params, s.Swarm.Tick
	switch {
	case r.Until == forever:
		return math.Inf(1)
	case r.Until == byPhase:
		return max(0, float64(p.refractory-ph.Seconds))
	case r.Until <= tick:
		return 0
	case g.FlashTick != components.NeverFlashed && r.Until == g.FlashTick+p.deafFor:
		return max(0, float64(p.refractory)-float64(tick-g.FlashTick)*float64(dt))
	}
	return float64(r.Until-tick) * float64(dt)
}
