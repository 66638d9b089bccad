package systems

import (
	"math/bits"

	"github.com/firefly-observatory/fireflies/components"
)

// Trace counts the tick's flashes and folds them into the trace hash, then
// clears the flashed bitmap: it is the system that keeps
// [components.SwarmData.Fired] clear between ticks.
//
// The hash covers every flash in canonical order, tick then firefly index:
// for each tick with flashes, the tick and then, row by row, each non-zero
// 64-bit word of that tick's flash bitmap with its position. It is the same
// for any split of the work and any order of visiting fireflies.
type Trace struct {
	sw  *components.SwarmData
	obs *components.ObservationsData
}

func newTrace(sw *components.SwarmData, obs *components.ObservationsData) *Trace {
	return &Trace{sw: sw, obs: obs}
}

// Update folds the tick's flashes into
// [components.ObservationsData.TraceHash].
func (t *Trace) Update() {
	var n int
	t.obs.TraceHash, n = foldTick(t.obs.TraceHash, t.sw.Tick, t.sw.Fired)
	t.obs.Flashes = n
	t.obs.TotalFlashes += int64(n)
}

// foldTick folds a tick's flash bitmap into the trace hash h, clears the
// bitmap, and returns the new hash and the number of flashes.
func foldTick(h uint64, tick int32, fired []uint64) (uint64, int) {
	n := 0
	for k, word := range fired {
		if word == 0 {
			continue
		}
		if n == 0 {
			h = fold(h, uint64(tick))
		}
		h = fold(fold(h, uint64(k)), word)
		n += bits.OnesCount64(word)
		fired[k] = 0
	}
	return h, n
}

func fold(h, v uint64) uint64 {
	return mix64(h ^ v)
}
