package systems

import "github.com/firefly-observatory/fireflies/components"

// waves are the fireflies flashing this tick, kept per band of rows so
// that each worker touches only its own rows. Indices are y*Width+x.
type waves struct {
	cur     [][]int32 // flash in the wave being spread
	next    [][]int32 // flash in the wave after it
	touched [][]int32 // heard a flash this tick; their nudge is settled at its end
	bandOf  []int32   // band of each row
}

func newWaves(pl *pool, height int) *waves {
	n := len(pl.rows)
	wv := &waves{
		cur:     make([][]int32, n),
		next:    make([][]int32, n),
		touched: make([][]int32, n),
		bandOf:  make([]int32, height),
	}
	for b, r := range pl.rows {
		for y := r[0]; y < r[1]; y++ {
			wv.bandOf[y] = int32(b)
		}
	}
	return wv
}

func (wv *waves) size() int {
	n := 0
	for _, l := range wv.cur {
		n += len(l)
	}
	return n
}

// flash applies the rules of a flash to firefly i at (x, y): a new phase
// uniform in [0, jitter), deaf for the refractory time, glowing from this
// tick, and marked as flashed so that it flashes at most once per tick.
func flash(sw *components.SwarmData, p *params, i int32, x, y int) {
	tick := sw.Tick
	sw.Phase[i].Seconds = p.jitter * unit(p.seed, i, tick)
	sw.Refractory[i].Left = p.refractory
	sw.Glow[i].FlashTick = tick
	sw.Hits[i] = 0
	sw.Fired[y*sw.Stride+x>>6] |= 1 << (x & 63)
}

func fired(sw *components.SwarmData, x, y int) bool {
	return sw.Fired[y*sw.Stride+x>>6]>>(x&63)&1 != 0
}
