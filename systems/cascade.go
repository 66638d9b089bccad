package systems

import (
	"math/bits"

	"github.com/firefly-observatory/fireflies/components"
)

// Cascade spreads the tick's flashes: every listening neighbour of a
// flashing firefly hears it, and one pushed to the period flashes in the
// next wave, until a wave sets off nobody.
//
// A firefly that hears k flashes in a tick is nudged by nudge×k and flashes
// as soon as phase+nudge×k reaches the period, so the outcome depends only
// on the set of flashes, not on the order they are heard in. That lets each
// wave use the cheaper of two methods:
//   - sparse, for small waves: each flasher visits its 8 neighbours;
//   - dense, for large ones: every band counts, 64 cells at a time with
//     bitwise adders, the flashing neighbours of each of its cells from a
//     bitmap of the wave. A tick in which the whole swarm flashes costs a
//     few passes over the bitmap instead of 8 scattered visits per flash.
type Cascade struct {
	sw    *components.SwarmData
	p     *params
	pool  *pool
	waves *waves

	denseMin int      // wave size from which a dense pass is cheaper
	wave     []uint64 // bitmap of the wave being spread, dense passes only
	marking  bool     // what markJob does: set (true) or clear the wave's bits
	lastMask uint64   // valid bits of a row's last word
}

func newCascade(sw *components.SwarmData, p *params, pl *pool, wv *waves) *Cascade {
	c := &Cascade{
		sw: sw, p: p, pool: pl, waves: wv,
		denseMin: max(64, sw.Width*sw.Height/128),
		wave:     make([]uint64, len(sw.Fired)),
		lastMask: ^uint64(0) >> (uint(sw.Stride*64-sw.Width) & 63),
	}
	return c
}

// Update spreads waves until none is left.
func (c *Cascade) Update() {
	wv := c.waves
	for {
		n := wv.size()
		if n == 0 {
			return
		}
		if n >= c.denseMin {
			c.marking = true
			c.pool.run((*markJob)(c))
			c.pool.run((*denseJob)(c))
			c.marking = false
			c.pool.run((*markJob)(c))
		} else {
			c.sparse()
		}
		wv.cur, wv.next = wv.next, wv.cur
		for b := range wv.next {
			wv.next[b] = wv.next[b][:0]
		}
	}
}

// sparse spreads the current wave flash by flash, on one goroutine.
func (c *Cascade) sparse() {
	sw := c.sw
	w, h := sw.Width, sw.Height
	for _, list := range c.waves.cur {
		for _, f := range list {
			y := int(f) / w
			x := int(f) - y*w
			xl, xr := x-1, x+1
			if xl < 0 {
				xl = w - 1
			}
			if xr == w {
				xr = 0
			}
			yu, yd := y-1, y+1
			if yu < 0 {
				yu = h - 1
			}
			if yd == h {
				yd = 0
			}
			c.hear(xl, yu, 1)
			c.hear(x, yu, 1)
			c.hear(xr, yu, 1)
			c.hear(xl, y, 1)
			c.hear(xr, y, 1)
			c.hear(xl, yd, 1)
			c.hear(x, yd, 1)
			c.hear(xr, yd, 1)
		}
	}
}

// hear delivers k flashes of the current wave to the firefly at (x, y),
// which flashes in the next wave if they push it to the period.
func (c *Cascade) hear(x, y int, k uint8) {
	sw := c.sw
	if fired(sw, x, y) {
		return
	}
	i := int32(y*sw.Width + x)
	if sw.Refractory[i].Left > 0 {
		return
	}
	b := c.waves.bandOf[y]
	h := sw.Hits[i]
	if h == 0 {
		c.waves.touched[b] = append(c.waves.touched[b], i)
	}
	h += k
	sw.Hits[i] = h
	if sw.Phase[i].Seconds+c.p.nudgeBy[h] >= c.p.period {
		flash(sw, c.p, i, x, y)
		c.waves.next[b] = append(c.waves.next[b], i)
	}
}

// markJob sets or clears, in each band, the wave bitmap's bits of that
// band's flashers.
type markJob Cascade

func (j *markJob) band(b, _, _ int) {
	c := (*Cascade)(j)
	w, s := c.sw.Width, c.sw.Stride
	for _, f := range c.waves.cur[b] {
		y := int(f) / w
		x := int(f) - y*w
		if c.marking {
			c.wave[y*s+x>>6] |= 1 << (x & 63)
		} else {
			c.wave[y*s+x>>6] = 0
		}
	}
}

// denseJob counts, for each cell of a band, its neighbours in the wave
// bitmap, and lets every listening cell that has any hear them.
type denseJob Cascade

func (j *denseJob) band(b, y0, y1 int) {
	c := (*Cascade)(j)
	sw := c.sw
	w, h, s := sw.Width, sw.Height, sw.Stride
	for y := y0; y < y1; y++ {
		yu, yd := y-1, y+1
		if yu < 0 {
			yu = h - 1
		}
		if yd == h {
			yd = 0
		}
		up := c.wave[yu*s : yu*s+s]
		mid := c.wave[y*s : y*s+s]
		dn := c.wave[yd*s : yd*s+s]
		for k := range s {
			b0, b1, b2, b3 := add8(
				west(up, k, w), up[k], east(up, k, w),
				west(mid, k, w), east(mid, k, w),
				west(dn, k, w), dn[k], east(dn, k, w))
			cand := (b0 | b1 | b2 | b3) &^ sw.Fired[y*s+k]
			if k == s-1 {
				cand &= c.lastMask
			}
			for cand != 0 {
				bit := bits.TrailingZeros64(cand)
				cand &= cand - 1
				n := uint8(b0>>bit&1 | (b1>>bit&1)<<1 | (b2>>bit&1)<<2 | (b3>>bit&1)<<3)
				c.hear(k*64+bit, y, n)
			}
		}
	}
}

// west returns word k of the row shifted so that bit x holds cell x-1,
// wrapping cell 0 to cell w-1.
func west(row []uint64, k, w int) uint64 {
	v := row[k] << 1
	if k > 0 {
		v |= row[k-1] >> 63
	} else {
		v |= row[(w-1)>>6] >> ((w - 1) & 63) & 1
	}
	return v
}

// east returns word k of the row shifted so that bit x holds cell x+1,
// wrapping cell w-1 to cell 0.
func east(row []uint64, k, w int) uint64 {
	v := row[k] >> 1
	if k < len(row)-1 {
		v |= row[k+1] << 63
	} else {
		v |= (row[0] & 1) << ((w - 1) & 63)
	}
	return v
}

// add8 adds eight bitboards bit by bit and returns the sums' four bit
// planes: sum = b0 + 2·b1 + 4·b2 + 8·b3 for each of the 64 positions.
func add8(a, b, c, d, e, f, g, h uint64) (b0, b1, b2, b3 uint64) {
	s1, c1 := a^b^c, a&b|c&(a^b)
	s2, c2 := d^e^f, d&e|f&(d^e)
	s3, c3 := g^h, g&h
	b0 = s1 ^ s2 ^ s3
	cc := s1&s2 | s3&(s1^s2) // carries out of the ones
	t := c1 ^ c2 ^ c3
	tc := c1&c2 | c3&(c1^c2)
	b1 = t ^ cc
	t2 := t & cc
	b2 = tc ^ t2
	b3 = tc & t2
	return
}
