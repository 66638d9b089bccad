package systems

import (
	"github.com/firefly-observatory/fireflies/components"
)

// Cascade spreads the tick's later waves: every listening neighbour of a
// flashing firefly hears it, and one pushed to the period flashes in the
// next wave, until a wave sets off nobody. Each wave uses the cheaper of
// two methods:
//   - sparse, for small waves: each flasher visits its 8 neighbours;
//   - dense, for large ones: every band counts, 64 cells at a time, each of
//     its cells' flashing neighbours from the wave's bitmap. A tick in which
//     the whole swarm flashes costs a few passes over the bitmap instead of
//     8 scattered visits per flash.
type Cascade struct {
	sw    *components.SwarmData
	obs   *components.ObservationsData
	pool  *pool
	waves *waves
}

func newCascade(sw *components.SwarmData, obs *components.ObservationsData, pl *pool, wv *waves) *Cascade {
	return &Cascade{sw: sw, obs: obs, pool: pl, waves: wv}
}

// Update spreads waves until none is left.
func (c *Cascade) Update() {
	wv := c.waves
	for {
		n := wv.pending()
		if n == 0 {
			return
		}
		wv.advance()
		c.obs.Waves++
		c.obs.Spread += n
		if n >= wv.denseMin {
			c.pool.run((*denseJob)(c))
			c.pool.run((*clearJob)(c))
		} else {
			c.sparse()
		}
	}
}

// sparse spreads the current wave flash by flash, on one goroutine, and
// clears the wave's bitmap as it goes. The wave is below denseMin, so its
// lists hold every flash of it (see waves.listCap).
func (c *Cascade) sparse() {
	wv := c.waves
	w, h, s := c.sw.Width, c.sw.Height, c.sw.Stride
	for b := range wv.bands {
		for _, f := range wv.bands[b].cur {
			y := int(f) / w
			x := int(f) - y*w
			wv.curBits[y*s+x>>6] = 0
			xl, xr := around(x, w)
			yu, yd := around(y, h)
			for _, ny := range [3]int{yu, y, yd} {
				nb := wv.bandOf[ny]
				for _, nx := range [3]int{xl, x, xr} {
					if nx != x || ny != y {
						wv.hear(int32(ny*w+nx), nx, ny, nb, 1)
					}
				}
			}
		}
	}
}

// denseJob lets every cell of a band hear the current wave.
type denseJob Cascade

func (j *denseJob) band(b, y0, y1 int) {
	for y := y0; y < y1; y++ {
		j.waves.spreadRow(y, j.waves.curBits, int32(b))
	}
}

// clearJob empties each band's rows of the current wave's bitmap.
type clearJob Cascade

func (j *clearJob) band(_, y0, y1 int) {
	s := j.sw.Stride
	clear(j.waves.curBits[y0*s : y1*s])
}
