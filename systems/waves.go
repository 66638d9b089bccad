package systems

import (
	"math/bits"
	"unsafe"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// waves are the fireflies flashing this tick, wave by wave. Each band of
// rows keeps its own lists, so a worker only ever writes its own rows, and
// every wave is also a row-padded bitmap for dense counting.
//
// A firefly that hears k flashes in a tick is nudged by nudge×k and flashes
// as soon as phase+nudge×k reaches the period, so the outcome depends only
// on which fireflies flash in which wave, never on the order in which a
// wave's flashes are heard.
type waves struct {
	sw *components.SwarmData
	p  *params

	bands  []bandLists
	bandOf []int32 // band of each row
	// denseMin is the wave size from which Cascade spreads a wave densely
	// from its bitmap rather than flash by flash from its lists; listCap is
	// the longest wave list kept. A smaller wave must be listed whole, so
	// listCap >= denseMin (TestWaveListsHoldSparseWaves).
	denseMin int
	listCap  int
	hearCap  int // longest touched list kept; beyond it Settle sweeps the band
	// skipFired masks out, in a dense pass, the cells that flashed this
	// tick: all of them, except when deaf fireflies queue what they hear
	// (then hear decides).
	skipFired uint64
	torus     bool     // the grid wraps round; else its edges are free
	zero      []uint64 // an empty row: beyond a free edge
	curBits   []uint64 // bitmap of the wave being spread
	nextBits  []uint64 // bitmap of the next wave; flash sets it
	lastMask  uint64   // valid bits of a row's last word
}

// bandLists are one band's lists, padded so that two bands' slice headers
// never share a cache line: every append writes one.
//
// A list stops growing at listCap entries and only counts the rest: a wave
// that large is spread densely from its bitmap, and touched cells that
// overflow are settled by a pass over the band, so memory stays bounded
// even when the whole swarm flashes at once.
type bandLists struct {
	lists
	_ [cacheLine - unsafe.Sizeof(lists{})%cacheLine]byte
}

// cacheLine is the size the bands' lists are padded to a multiple of:
// 64 bytes on the processors this runs on, 128 for adjacent-line
// prefetching (TestBandListsFillCacheLines checks the multiple).
const cacheLine = 128

type lists struct {
	cur      []int32 // flash in the wave being spread
	next     []int32 // flash in the wave after it
	touched  []int32 // heard a flash this tick; their nudge is settled at its end
	nextN    int     // size of the next wave, listed or not
	overflow bool    // touched is incomplete
	first    int     // flashes in the tick's first wave
}

func newWaves(sw *components.SwarmData, p *params, pl *work.Pool, torus bool) *waves {
	wv := &waves{
		sw: sw, p: p, torus: torus, zero: make([]uint64, sw.Stride),
		bands:     make([]bandLists, len(pl.Rows())),
		bandOf:    make([]int32, sw.Height),
		curBits:   make([]uint64, len(sw.Fired)),
		nextBits:  make([]uint64, len(sw.Fired)),
		lastMask:  ^uint64(0) >> (uint(sw.Stride*64-sw.Width) & 63),
		denseMin:  denseMin(sw),
		skipFired: map[bool]uint64{false: ^uint64(0), true: 0}[p.queue],
		listCap:   denseMin(sw),
		// Each flash touches up to 8 cells: room for a wave just below
		// dense size to be settled from its list.
		hearCap: maxHits * denseMin(sw),
	}
	for b, r := range pl.Rows() {
		for y := r[0]; y < r[1]; y++ {
			wv.bandOf[y] = int32(b)
		}
		// Full size now, so that no tick ever allocates; a band's lists
		// hold its own cells, each flashing once a tick at most, so they
		// need no more room than the band has cells.
		l := &wv.bands[b]
		cells := (r[1] - r[0]) * sw.Width
		l.cur = make([]int32, 0, min(wv.listCap, cells))
		l.next = make([]int32, 0, min(wv.listCap, cells))
		l.touched = make([]int32, 0, min(wv.hearCap, cells))
	}
	return wv
}

// denseMin is the wave size from which a dense pass is cheaper than
// visiting each flash's neighbours.
func denseMin(sw *components.SwarmData) int {
	return max(64, sw.Width*sw.Height/128)
}

// advance makes the next wave the current one.
func (wv *waves) advance() {
	for b := range wv.bands {
		l := &wv.bands[b]
		l.cur, l.next = l.next, l.cur[:0]
		l.nextN = 0
	}
	wv.curBits, wv.nextBits = wv.nextBits, wv.curBits
}

// pending is the size of the next wave.
func (wv *waves) pending() int {
	n := 0
	for b := range wv.bands {
		n += wv.bands[b].nextN
	}
	return n
}

// around returns the neighbours of v on a ring of n cells, wrapping round
// at both ends: the torus, in one place.
func around(v, n int) (before, after int) {
	before, after = v-1, v+1
	if before < 0 {
		before = n - 1
	}
	if after == n {
		after = 0
	}
	return before, after
}

// around is [around] on the torus; with free edges a neighbour beyond an
// edge is -1.
func (wv *waves) around(v, n int) (before, after int) {
	if wv.torus {
		return around(v, n)
	}
	before, after = v-1, v+1
	if after == n {
		after = -1
	}
	return before, after
}

// flash ignites firefly i at (x, y) in band b, marks it as flashed so that
// it flashes at most once per tick, and queues it for the next wave.
func (wv *waves) flash(i int32, x, y int, b int32) {
	sw := wv.sw
	wv.p.ignite(&sw.Phase[i], &sw.Refractory[i], &sw.Glow[i], i, sw.Tick)
	k := y*sw.Stride + x>>6
	bit := uint64(1) << (x & 63)
	sw.Fired[k] |= bit
	wv.nextBits[k] |= bit
	l := &wv.bands[b]
	l.nextN++
	if len(l.next) < wv.listCap {
		l.next = append(l.next, i)
	}
}

// hear delivers k flashes to firefly i at (x, y) in band b, unless it has
// flashed this tick or is deaf; it flashes in the next wave if they push it
// to the period.
func (wv *waves) hear(i int32, x, y int, b int32, k uint8) {
	sw := wv.sw
	if sw.Refractory[i].Until > sw.Tick {
		// Deaf, a firefly that flashed this tick among them. The original's
		// fireflies keep what they hear meanwhile, the echo of their own
		// flash included, and apply it when they hear again — except the
		// rest of the wave that made it flash, which that flash consumed
		// (so that the order a wave is heard in cannot matter).
		if wv.p.queue && wv.nextBits[y*sw.Stride+x>>6]>>(x&63)&1 == 0 {
			sw.Queued[i] += uint32(k)
		}
		return
	}
	if sw.Fired[y*sw.Stride+x>>6]>>(x&63)&1 != 0 {
		return // flashed this tick with no deafness: at most one flash a tick
	}
	h := sw.Hits[i]
	if h == 0 {
		l := &wv.bands[b]
		if len(l.touched) < cap(l.touched) {
			l.touched = append(l.touched, i)
		} else {
			l.overflow = true
		}
	}
	h += k
	sw.Hits[i] = h // at most maxHits: see params.nudgeBy
	if respond(sw.Phase[i].Seconds, wv.p.scaleBy[h], wv.p.nudgeBy[h]) >= wv.p.period {
		sw.Hits[i] = 0
		wv.flash(i, x, y, b)
	}
}

// hearRow lets the cells of row y, in band b, hear the flashes of the
// current wave in row r next to it, one flash at a time.
func (wv *waves) hearRow(r, y int, b int32) {
	w, s := wv.sw.Width, wv.sw.Stride
	for k, word := range wv.curBits[r*s : r*s+s] {
		for word != 0 {
			x := k*64 + bits.TrailingZeros64(word)
			word &= word - 1
			xl, xr := wv.around(x, w)
			for _, nx := range [3]int{xl, x, xr} {
				if nx >= 0 {
					wv.hear(int32(y*w+nx), nx, y, b, 1)
				}
			}
		}
	}
}

// spreadRow lets every cell of row y hear its neighbours in the bitmap src,
// counting them 64 cells at a time with bitwise adders. Rows y-1, y and y+1
// of src must be complete.
func (wv *waves) spreadRow(y int, src []uint64, b int32) {
	sw := wv.sw
	w, s := sw.Width, sw.Stride
	up, mid, dn := wv.zero, src[y*s:y*s+s], wv.zero
	if yu, yd := wv.around(y, sw.Height); yu >= 0 && yd >= 0 {
		up, dn = src[yu*s:yu*s+s], src[yd*s:yd*s+s]
	} else if yu >= 0 {
		up = src[yu*s : yu*s+s]
	} else if yd >= 0 {
		dn = src[yd*s : yd*s+s]
	}
	fired := sw.Fired[y*s : y*s+s]
	for k := range s {
		if up[k]|mid[k]|dn[k] == 0 && !edge(up, mid, dn, k) {
			continue
		}
		t := wv.torus
		b0, b1, b2, b3 := add8(
			west(up, k, w, t), up[k], east(up, k, w, t),
			west(mid, k, w, t), east(mid, k, w, t),
			west(dn, k, w, t), dn[k], east(dn, k, w, t))
		cand := (b0 | b1 | b2 | b3) &^ (fired[k] & wv.skipFired)
		if k == s-1 {
			cand &= wv.lastMask
		}
		for cand != 0 {
			bit := bits.TrailingZeros64(cand)
			cand &= cand - 1
			n := uint8(b0>>bit&1 | (b1>>bit&1)<<1 | (b2>>bit&1)<<2 | (b3>>bit&1)<<3)
			x := k*64 + bit
			wv.hear(int32(y*w+x), x, y, b, n)
		}
	}
}

// edge reports whether a neighbouring word holds a cell next to word k:
// the last bit of word k-1 or the first of word k+1 in any of the three
// rows, or, for a row's end words, any bit that wraps round.
func edge(up, mid, dn []uint64, k int) bool {
	s := len(mid)
	if k == 0 || k == s-1 {
		return true // rare (one or two words a row); let add8 decide
	}
	return (up[k-1]|mid[k-1]|dn[k-1])>>63|(up[k+1]|mid[k+1]|dn[k+1])&1 != 0
}

// west returns word k of the row shifted so that bit x holds cell x-1,
// wrapping cell 0 to cell w-1 on the torus.
func west(row []uint64, k, w int, torus bool) uint64 {
	v := row[k] << 1
	if k > 0 {
		v |= row[k-1] >> 63
	} else if torus {
		v |= row[(w-1)>>6] >> ((w - 1) & 63) & 1
	}
	return v
}

// east returns word k of the row shifted so that bit x holds cell x+1,
// wrapping cell w-1 to cell 0 on the torus.
func east(row []uint64, k, w int, torus bool) uint64 {
	v := row[k] >> 1
	if k < len(row)-1 {
		v |= row[k+1] << 63
	} else if torus {
		v |= (row[0] & 1) << ((w - 1) & 63)
	}
	return v
}

// add8 adds eight bitboards bit by bit and returns the sums' four bit
// planes: sum = b0 + 2·b1 + 4·b2 + 8·b3 at each of the 64 positions.
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
