package systems

import (
	"math/bits"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// Trace counts the tick's flashes and folds them into the trace hash, then
// clears the flashed bitmap: it is the system that keeps
// [components.SwarmData.Fired] clear between ticks.
//
// The hash covers every flash in canonical order, tick then firefly index:
// for each tick with flashes, the tick and then, row by row, each non-zero
// 64-bit word of that tick's flash bitmap with its position. It is the same
// for any split of the work and any order of visiting fireflies.
//
// Every band finds its non-zero words at once; only the fold, a chain of
// hashes that must take them in order, is left to one goroutine. The
// search goes over every word and need not go in order; the fold takes
// only the words that hold a flash (README, "The trace on every band").
type Trace struct {
	sw   *components.SwarmData
	obs  *components.ObservationsData
	pool *work.Pool
	lit  [][]uint32 // by band: its non-zero words of Fired this tick, by index
}

func newTrace(sw *components.SwarmData, obs *components.ObservationsData, pl *work.Pool) *Trace {
	t := &Trace{sw: sw, obs: obs, pool: pl, lit: make([][]uint32, len(pl.Rows()))}
	for b, r := range pl.Rows() {
		t.lit[b] = make([]uint32, 0, (r[1]-r[0])*sw.Stride)
	}
	return t
}

// Update folds the tick's flashes into
// [components.ObservationsData.TraceHash].
func (t *Trace) Update() {
	t.pool.Run(t)
	var n int
	t.obs.TraceHash, n = t.fold(t.obs.TraceHash)
	t.obs.Flashes = n
	t.obs.TotalFlashes += int64(n)
}

// Band lists band b's non-zero words of the flash bitmap, without a
// branch: which words are zero is random.
func (t *Trace) Band(b, y0, y1 int) {
	k0 := y0 * t.sw.Stride
	lit := t.lit[b][:cap(t.lit[b])]
	m := 0
	for i, word := range t.sw.Fired[k0 : y1*t.sw.Stride] {
		lit[m] = uint32(k0 + i)
		m += nonZero(word)
	}
	t.lit[b] = lit[:m]
}

// fold folds the words the bands listed into the trace hash h, in order,
// clears them, and returns the new hash and the number of flashes.
func (t *Trace) fold(h uint64) (uint64, int) {
	n := 0
	fired := t.sw.Fired
	for _, lit := range t.lit {
		for _, k := range lit {
			if n == 0 {
				h = fold(h, uint64(t.sw.Tick))
			}
			word := fired[k]
			h = fold(fold(h, uint64(k)), word)
			n += bits.OnesCount64(word)
			fired[k] = 0
		}
	}
	return h, n
}

// nonZero is 1 for a word that is not zero, else 0.
func nonZero(w uint64) int { return int((w | -w) >> 63) }

func fold(h, v uint64) uint64 {
	return mix64(h ^ v)
}
