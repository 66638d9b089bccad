package systems

import (
	"math"
	"math/bits"
	"slices"

	"github.com/firefly-observatory/fireflies/components"
)

// LockedWithin is how far a firefly's mean interval between flashes may be
// from the swarm's median for it to count as frequency-locked: 2 %.
const LockedWithin = 0.02

// lockedCycles is how many of its last intervals a firefly's mean interval
// follows: an exponential mean with weight 1/lockedCycles on the newest.
const lockedCycles = 4

// Measures measures what a researcher reaches for besides R, into
// [components.ObservationsData], at Order's cadence, from the tick's
// flashes (before [Trace] clears them) and the avalanches (it runs after
// [Avalanches], which [Options.Measures] turns on):
//
//   - Groups: the ticks of the last period in which fireflies flashed,
//     the distinct flash times of a cycle. One for a swarm that flashes as
//     one, k for k clusters flashing apart (Mirollo and Strogatz's
//     absorptions leave fewer and fewer), up to the ticks of a period far
//     from synchrony.
//   - Locked: the fraction of fireflies whose mean interval between
//     flashes (an exponential mean over about its last [lockedCycles]
//     intervals, in ticks) is within [LockedWithin] of the median of
//     those that have one; a firefly yet to flash twice is not locked.
//   - FullSyncAt: the first time from which every tick's flashes were one
//     avalanche holding every firefly, for two cycles running (the second
//     confirms the first); negative until then.
//
// It costs a pass over the flash bitmap in every tick with flashes, 12
// bytes a firefly, and a median's selection every [OrderEvery] ticks, so
// only runs that report these measures ask for it.
type Measures struct {
	sw  *components.SwarmData
	obs *components.ObservationsData
	p   *params

	had  []bool // by tick modulo its length, the ticks of the last period: whether any firefly flashed
	busy int    // the trues in had

	last     []int32   // each firefly's last flash tick; components.NeverFlashed before
	interval []float32 // each firefly's mean interval, ticks; 0 before its second flash
	sorted   []float32 // the intervals there are, for the median

	fullSince float64 // when the current run of ticks whose flashes were all of the swarm in one avalanche began; < 0: none
	fullTicks int     // those ticks
}

func newMeasures(sw *components.SwarmData, obs *components.ObservationsData, p *params) *Measures {
	n := len(sw.Phase)
	ms := &Measures{sw: sw, obs: obs, p: p, last: make([]int32, n), interval: make([]float32, n),
		sorted: make([]float32, 0, n), fullSince: -1}
	for i := range ms.last {
		ms.last[i] = components.NeverFlashed
	}
	obs.FullSyncAt = -1
	return ms
}

// Update takes in the tick's flashes, and measures at Order's cadence.
func (ms *Measures) Update() {
	sw, obs := ms.sw, ms.obs
	if window := max(1, int(math.Ceil(float64(ms.p.period)*TPS))); window != len(ms.had) {
		ms.had, ms.busy = make([]bool, window), 0 // a new period: counted from now
	}
	k := int(sw.Tick) % len(ms.had)
	if ms.had[k] {
		ms.busy--
	}
	ms.had[k] = obs.Spread > 0
	if obs.Spread > 0 {
		ms.busy++
		ms.flashes()
		ms.full()
	}
	if sw.Tick%OrderEvery == 0 {
		obs.Groups = ms.busy
		obs.Locked = ms.locked()
	}
}

// flashes updates the intervals of the tick's flashes.
func (ms *Measures) flashes() {
	sw := ms.sw
	for k, word := range sw.Fired {
		y, x0 := k/sw.Stride, k%sw.Stride*64
		for ; word != 0; word &= word - 1 {
			i := y*sw.Width + x0 + bits.TrailingZeros64(word)
			if l := ms.last[i]; l != components.NeverFlashed {
				d := float32(sw.Tick - l)
				if m := ms.interval[i]; m == 0 {
					ms.interval[i] = d
				} else {
					ms.interval[i] = m + float32((d-m)/lockedCycles)
				}
			}
			ms.last[i] = sw.Tick
		}
	}
}

// full follows the runs of ticks whose flashes are one avalanche of the
// whole swarm; any other tick with flashes ends one.
func (ms *Measures) full() {
	obs := ms.obs
	if obs.Avalanches != 1 || obs.LargestAvalanche != len(ms.sw.Phase) {
		ms.fullSince, ms.fullTicks = -1, 0
		return
	}
	if ms.fullSince < 0 {
		ms.fullSince = float64(ms.sw.Tick) / TPS
	}
	if ms.fullTicks++; ms.fullTicks == 2 && obs.FullSyncAt < 0 {
		obs.FullSyncAt = ms.fullSince
	}
}

// locked is the fraction of fireflies whose mean interval is within
// LockedWithin of the median's.
func (ms *Measures) locked() float64 {
	s := ms.sorted[:0]
	for _, m := range ms.interval {
		if m > 0 {
			s = append(s, m)
		}
	}
	if len(s) == 0 {
		return 0
	}
	h := len(s) / 2
	median := float64(selectNth(s, h))
	if len(s)%2 == 0 {
		median = (float64(slices.Max(s[:h])) + median) / 2
	}
	n := 0
	for _, m := range s {
		if math.Abs(float64(m)-median) <= LockedWithin*median {
			n++
		}
	}
	return float64(n) / float64(len(ms.sw.Phase))
}

// selectNth reorders s so that s[k] is the value it would hold sorted,
// every value before it no greater and every one after no smaller, and
// returns it: Hoare's selection, in linear time on average, the pivot the
// median of three (deterministic, so every build picks the same).
func selectNth(s []float32, k int) float32 {
	lo, hi := 0, len(s)-1
	for lo < hi {
		a, b, c := s[lo], s[(lo+hi)/2], s[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for s[j] > pivot {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return s[k]
		}
	}
	return s[k]
}
