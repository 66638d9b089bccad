package systems

import (
	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// Cascade spreads the tick's later waves: every listening neighbour of a
// flashing firefly hears it, and one pushed to the period flashes in the
// next wave, until a wave sets off nobody. Each wave uses the cheaper of
// two methods:
//   - sparse, for small waves: each flasher visits its 8 neighbours, on one
//     goroutine below splitMin flashes, on every band at once from there,
//     so that a tick's later waves are not all left to one goroutine;
//   - dense, for large ones: every band counts, 64 cells at a time, each of
//     its cells' flashing neighbours from the wave's bitmap. A tick in which
//     the whole swarm flashes costs a few passes over the bitmap instead of
//     8 scattered visits per flash.
type Cascade struct {
	sw    *components.SwarmData
	obs   *components.ObservationsData
	pool  *work.Pool
	waves *waves
}

func newCascade(sw *components.SwarmData, obs *components.ObservationsData, pl *work.Pool, wv *waves) *Cascade {
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
		switch {
		case n >= wv.denseMin:
			c.pool.Run((*denseJob)(c))
			c.clearEdges()
		case n >= splitMin:
			c.pool.Run((*sparseJob)(c))
			c.clearEdges()
		default:
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
			xl, xr := wv.around(x, w)
			yu, yd := wv.around(y, h)
			for _, ny := range [3]int{yu, y, yd} {
				if ny < 0 {
					continue // beyond a free edge
				}
				nb := wv.bandOf[ny]
				for _, nx := range [3]int{xl, x, xr} {
					if nx >= 0 && (nx != x || ny != y) {
						wv.hear(int32(ny*w+nx), nx, ny, nb, 1)
					}
				}
			}
		}
	}
}

// splitMin is the wave size from which a sparse wave is split across the
// bands: below it, handing the wave to the workers and waiting for them
// costs more than spreading it on one goroutine. A variable only so that
// tests can split every wave (TestPinnedTraces).
var splitMin = 256

// sparseJob spreads the current wave flash by flash, every band at once:
// each band spreads its own flashes into its own rows, and lets its first
// and last rows hear the flashes of the rows just outside it (the other
// bands' edge rows), which it finds in the wave's bitmap. So every band
// writes only its own rows, and a flash next to a band's edge is heard on
// both sides of it. A band clears the bitmap's words of its flashes as it
// goes, except in its edge rows, which the bands next to it are reading:
// clearEdges clears those once all are done.
type sparseJob Cascade

// Band spreads band b's flashes of the current wave into rows [y0, y1).
func (j *sparseJob) Band(b, y0, y1 int) {
	wv := j.waves
	w, h, s := j.sw.Width, j.sw.Height, j.sw.Stride
	bb := int32(b)
	for _, f := range wv.bands[b].cur {
		y := int(f) / w
		x := int(f) - y*w
		if y != y0 && y != y1-1 {
			wv.curBits[y*s+x>>6] = 0
		}
		xl, xr := wv.around(x, w)
		yu, yd := wv.around(y, h)
		for _, ny := range [3]int{yu, y, yd} {
			if ny < y0 || ny >= y1 {
				continue // another band's row, which hears this flash, or beyond a free edge
			}
			for _, nx := range [3]int{xl, x, xr} {
				if nx >= 0 && (nx != x || ny != y) {
					wv.hear(int32(ny*w+nx), nx, ny, bb, 1)
				}
			}
		}
	}
	if y1-y0 < h {
		if above, _ := wv.around(y0, h); above >= 0 {
			wv.hearRow(above, y0, bb)
		}
		if _, below := wv.around(y1-1, h); below >= 0 {
			wv.hearRow(below, y1-1, bb)
		}
	}
}

// clearEdges clears each band's first and last rows of the current wave's
// bitmap, which sparseJob leaves for the bands next to them to read.
func (c *Cascade) clearEdges() {
	s := c.sw.Stride
	bits := c.waves.curBits
	for _, r := range c.pool.Rows() {
		clear(bits[r[0]*s : r[0]*s+s])
		clear(bits[(r[1]-1)*s : r[1]*s])
	}
}

// denseJob lets every cell of a band hear the current wave, and clears
// the rows of the wave's bitmap it no longer reads, all but its edge rows
// (see clearEdges).
type denseJob Cascade

// Band lets rows [y0, y1), band b, hear the current wave.
func (j *denseJob) Band(b, y0, y1 int) {
	s := j.sw.Stride
	bits := j.waves.curBits
	for y := y0; y < y1; y++ {
		j.waves.spreadRow(y, bits, int32(b))
		if r := y - 1; r > y0 {
			clear(bits[r*s : r*s+s])
		}
	}
}
