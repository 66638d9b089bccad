package systems

import (
	"math/bits"

	"github.com/firefly-observatory/fireflies/components"
)

// Trace counts the tick's flashes and folds them into the trace hash, then
// clears the flashed bitmap for the next tick.
//
// The hash covers every flash in canonical order, tick then firefly index:
// for each tick with flashes, the tick and then, row by row, each non-zero
// 64-bit word of that tick's flash bitmap with its position. It is the same
// for any split of the work and any order of visiting fireflies.
type Trace struct {
	sw *components.SwarmData
}

// Update folds the tick's flashes into [components.SwarmData.TraceHash].
func (t *Trace) Update() {
	sw := t.sw
	h := sw.TraceHash
	n := 0
	for k, word := range sw.Fired {
		if word == 0 {
			continue
		}
		if n == 0 {
			h = fold(h, uint64(sw.Tick))
		}
		h = fold(fold(h, uint64(k)), word)
		n += bits.OnesCount64(word)
		sw.Fired[k] = 0
	}
	sw.TraceHash = h
	sw.Flashes = n
	sw.TotalFlashes += int64(n)
}

func fold(h, v uint64) uint64 {
	return mix64(h ^ v)
}
