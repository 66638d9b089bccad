package systems

import (
	"math/bits"
	"unsafe"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// Avalanches groups the tick's flashes into avalanches and counts them,
// before [Trace] clears the flash bitmap.
//
// An avalanche is a connected cluster of the fireflies that flashed in the
// same tick, connected through the coupling: the neighbours that hear each
// other, the 8 around across the torus' edges in the default model, else
// the model's neighbourhood (with its edges) or graph; all-to-all, every
// flash of a tick is one avalanche. A cascade runs its
// course inside one tick: every firefly a wave sets off is a neighbour of a
// flash of that tick, so each cluster holds one or more first-wave flashes
// and everyone they set off. First-wave flashes that touch share their
// neighbours and are merged into one avalanche; flashes apart are separate
// events even in the same tick. Every flash belongs to exactly one
// avalanche, so the sizes sum to the flashes.
//
// On the 8 neighbours of the torus the clusters are labelled from runs of
// set bits, row by row, with a union-find over the runs: its cost follows the runs, not the cells, and
// a tick in which the whole swarm flashes is one run a row. Each band
// labels its own rows at once, with labels of its own; the bands' edges
// are then joined on one goroutine.
type Avalanches struct {
	sw    *components.SwarmData
	obs   *components.ObservationsData
	pool  *work.Pool
	width int32

	// parent is the union-find over the tick's runs: a root holds minus
	// its cluster's size. A band's runs take labels one after the other
	// from y0×perRow on, y0 its first row: a row of W cells holds at most
	// perRow = ceil(W/2) runs (TestAvalancheRunsBound), so no two bands'
	// labels meet, every band labels its rows without a lock, and the
	// labels in use stay packed together in memory.
	parent []int32
	perRow int
	bands  []avalancheBand

	// On any other coupling (see coupleAvalanches), a union-find over the
	// tick's flashing fireflies themselves, on one goroutine: nil on the
	// torus' 8 neighbours.
	coupling *coupling
	lit      []int32 // the tick's flashes
	root     []int32 // by firefly: its parent, or minus its cluster's size at a root; valid for the tick's flashes only
}

// coupling is who hears whom, for the avalanches of a model not on the 8
// neighbours of the torus.
type coupling struct {
	all     bool       // all-to-all
	graph   *csr       // a graph's adjacency; nil on the lattice
	offsets [][2]int32 // the lattice's neighbourhood
	torus   bool
}

// avalancheBand is one band's runs: those of the row being labelled and of
// the row before it, and those of its first and last rows, which the
// bands' edges join. Padded like the waves' lists, as each band writes its
// own.
type avalancheBand struct {
	bandRuns
	_ [cacheLine - unsafe.Sizeof(bandRuns{})%cacheLine]byte
}

type bandRuns struct {
	prev, cur, first []run
	labels           [2]int32 // labels used this tick: [from, to)
	singles          int      // flashes without a flashing neighbour: avalanches of one
}

// run is a row's stretch of consecutive flashed cells [x0, x1) and its
// label in parent.
type run struct{ x0, x1, label int32 }

func newAvalanches(sw *components.SwarmData, obs *components.ObservationsData, pl *work.Pool, sizes bool) *Avalanches {
	perRow := maxRuns(sw.Width)
	a := &Avalanches{
		sw: sw, obs: obs, pool: pl, width: int32(sw.Width),
		parent: make([]int32, perRow*sw.Height),
		perRow: perRow,
		bands:  make([]avalancheBand, len(pl.Rows())),
	}
	for b := range a.bands {
		l := &a.bands[b]
		l.prev = make([]run, 0, perRow)
		l.cur = make([]run, 0, perRow)
		l.first = make([]run, 0, perRow)
	}
	if sizes {
		obs.AvalancheSizes = make([]int64, len(sw.Phase)+1)
	}
	return a
}

// maxRuns is the most runs a row of w cells can hold: alternate cells.
func maxRuns(w int) int { return (w + 1) / 2 }

// Update labels the tick's clusters and adds them to the counts.
func (a *Avalanches) Update() {
	obs := a.obs
	obs.Avalanches, obs.LargestAvalanche = 0, 0
	if obs.Spread == 0 { // no flash this tick (Advance and Cascade count them)
		return
	}
	if a.coupling != nil {
		a.coupled()
		return
	}
	a.pool.Run(a)
	singles := 0
	for b := range a.bands {
		singles += a.bands[b].singles
	}
	obs.Avalanches = singles
	largest := min(singles, 1)
	if obs.AvalancheSizes != nil {
		obs.AvalancheSizes[1] += int64(singles)
	}
	// Each band's last row borders the next band's first row, and the
	// last band's the first band's, round the torus.
	for b := range a.bands {
		a.join(a.bands[b].prev, a.bands[(b+1)%len(a.bands)].first)
	}
	for b := range a.bands {
		l := a.bands[b].labels
		for _, p := range a.parent[l[0]:l[1]] {
			if p < 0 {
				size := int(-p)
				obs.Avalanches++
				largest = max(largest, size)
				if obs.AvalancheSizes != nil {
					obs.AvalancheSizes[size]++
				}
			}
		}
	}
	obs.LargestAvalanche = largest
	obs.TotalAvalanches += int64(obs.Avalanches)
	obs.MaxAvalanche = max(obs.MaxAvalanche, largest)
}

// Band labels rows [y0, y1), each row's runs joined to those of the row
// before it; it leaves the last row's runs in prev and the first's in
// first.
//
// It goes over the band's words in one pass and stops only at those that
// hold a flash, 64 words at a time: most words hold none, which do is
// random, and while a swarm is far from synchrony most rows hold only
// flashes without a flashing neighbour — avalanches of one, counted 64 at
// a time in singles, without a run or a label.
func (a *Avalanches) Band(b, y0, y1 int) {
	l := &a.bands[b].bandRuns
	sw := a.sw
	fired := sw.Fired
	s := sw.Stride
	last := int(a.width-1) >> 6 // the word, and the bit in it, of a row's last cell
	lastBit := uint(a.width-1) & 63
	l.prev, l.cur, l.first, l.singles = l.prev[:0], l.cur[:0], l.first[:0], 0
	l.labels = [2]int32{int32(y0 * a.perRow), int32(y0 * a.perRow)}
	prevRow, curRow := -1, y0 // the rows whose runs prev and cur hold
	open := int32(-1)         // start of a run that goes on into the next word
	y, row := y0, y0*s        // the row of word i, and its first word
	yu, yd := around(y, sw.Height)
	up, mid, dn := fired[yu*s:yu*s+s], fired[row:row+s], fired[yd*s:yd*s+s]
	end := y1 * s
	for i0 := y0 * s; i0 < end; i0 += 64 {
		var nonzero uint64
		for i := i0; i < min(end, i0+64); i++ {
			nonzero |= (fired[i] | -fired[i]) >> 63 << (i - i0)
		}
		for ; nonzero != 0; nonzero &= nonzero - 1 {
			i := i0 + bits.TrailingZeros64(nonzero)
			if i >= row+s {
				for i >= row+s {
					y, row = y+1, row+s
				}
				yu, yd = around(y, sw.Height)
				up, mid, dn = fired[yu*s:yu*s+s], fired[row:row+s], fired[yd*s:yd*s+s]
			}
			k := i - row
			word := mid[k]
			// The cells beside each cell of the word, in the three rows:
			// those of the word itself, shifted, and the one cell on
			// either side of it, which wraps round the row's ends.
			c := up[k] | word | dn[k]
			var before, after, next, prev uint64
			if k > 0 {
				before = (up[k-1] | mid[k-1] | dn[k-1]) >> 63
				prev = mid[k-1] >> 63
			} else {
				before = (up[last] | mid[last] | dn[last]) >> lastBit & 1
			}
			if k < s-1 {
				after = (up[k+1] | mid[k+1] | dn[k+1]) << 63
				next = mid[k+1] << 63
			} else {
				after = (up[0] | mid[0] | dn[0]) & 1 << lastBit
			}
			single := word &^ (up[k] | dn[k] | c<<1 | before | c>>1 | after)
			l.singles += bits.OnesCount64(single)
			word &^= single
			if word == 0 {
				continue
			}
			if y != curRow {
				a.endRow(l, y0, &prevRow, curRow)
				curRow = y
			}
			// A single's neighbours are clear, so a run goes on into the
			// next word exactly when the row's own bits say so.
			starts := word &^ (word<<1 | prev)
			ends := word &^ (word>>1 | next)
			base := int32(k * 64)
			for {
				if open < 0 {
					if starts == 0 {
						break
					}
					open = base + int32(bits.TrailingZeros64(starts))
					starts &= starts - 1
				}
				if ends == 0 {
					break // the run goes on into the next word
				}
				x1 := base + int32(bits.TrailingZeros64(ends)) + 1
				ends &= ends - 1
				l.cur = a.add(l.cur, open, x1, l.labels[1])
				l.labels[1]++
				open = -1
			}
		}
	}
	a.endRow(l, y0, &prevRow, curRow)
	if prevRow != y1-1 {
		l.prev = l.prev[:0] // the last row holds no run
	}
}

// endRow joins the runs of row y, in l.cur, with those of the row before
// it and round the row's ends, and makes them l.prev for the next row
// that has runs; those of the band's first row, y0, are kept in l.first.
func (a *Avalanches) endRow(l *bandRuns, y0 int, prevRow *int, y int) {
	cur := l.cur
	if len(cur) == 0 {
		return
	}
	if n := len(cur); n > 1 && cur[0].x0 == 0 && cur[n-1].x1 == a.width {
		a.union(cur[0].label, cur[n-1].label) // round the row's ends
	}
	if *prevRow == y-1 {
		a.join(cur, l.prev)
	}
	if y == y0 {
		l.first = append(l.first, cur...)
	}
	l.prev, l.cur = cur, l.prev[:0]
	*prevRow = y
}

// add appends the run [x0, x1) as a cluster of its own.
func (a *Avalanches) add(dst []run, x0, x1, label int32) []run {
	a.parent[label] = x0 - x1 // minus its size
	return append(dst, run{x0, x1, label})
}

// join merges the clusters of each run of cur with those of the runs of
// the row next to it, other, that touch it: overlapping or diagonal, and
// across the left and right edges of the rows.
func (a *Avalanches) join(cur, other []run) {
	if len(cur) == 0 || len(other) == 0 {
		return
	}
	j := 0
	for _, r := range cur {
		// Runs of other that end before r's left neighbour cannot touch r
		// or any later run of cur.
		for j < len(other) && other[j].x1 < r.x0 {
			j++
		}
		for k := j; k < len(other) && other[k].x0 <= r.x1; k++ {
			a.union(r.label, other[k].label)
		}
	}
	first, last := other[0], other[len(other)-1]
	if c := cur[len(cur)-1]; c.x1 == a.width && first.x0 == 0 {
		a.union(c.label, first.label)
	}
	if c := cur[0]; c.x0 == 0 && last.x1 == a.width {
		a.union(c.label, last.label)
	}
}

func (a *Avalanches) find(i int32) int32 {
	p := a.parent
	for p[i] >= 0 {
		if g := p[p[i]]; g >= 0 {
			p[i] = g // path halving
		}
		i = p[i]
	}
	return i
}

// union merges the clusters of labels i and j, the larger taking the
// smaller.
func (a *Avalanches) union(i, j int32) {
	i, j = a.find(i), a.find(j)
	if i == j {
		return
	}
	p := a.parent
	if p[i] > p[j] { // sizes are negative: j is larger
		i, j = j, i
	}
	p[i] += p[j]
	p[j] = i
}

// coupleAvalanches gives the avalanche system, if the world measures
// avalanches, the coupling of the model's rules: none for the 8
// neighbours of the torus, which the runs of bits label, else the
// neighbourhood with its edges, the graph of the Variant system, or
// all-to-all. New calls it, and SetModel with the new rules. The burst
// model keeps the grid's 8 neighbours.
func (s *Sim) coupleAvalanches() {
	var a *Avalanches
	for _, sys := range s.systems {
		if av, ok := sys.(*Avalanches); ok {
			a = av
		}
	}
	if a == nil {
		return
	}
	a.coupling = nil
	shape, err := ParseShape(s.Model)
	if err != nil || s.Model.Carolinus() || shape.Moore() && shape.Torus {
		return
	}
	c := &coupling{all: shape.All, offsets: shape.Offsets, torus: shape.Torus}
	for _, sys := range s.systems[1 : 1+s.nrules] {
		if v, ok := sys.(*Variant); ok {
			c.graph = v.graph
		}
	}
	if shape.Graph() && c.graph == nil {
		return // no graph to be had: not a model the Variant runs
	}
	a.coupling = c
	if a.root == nil {
		n := len(s.Swarm.Phase)
		a.lit, a.root = make([]int32, 0, n), make([]int32, n)
	}
}

// coupled counts the tick's avalanches on a.coupling: every flash joined
// to each flashing firefly it is coupled to, by a union-find over the
// fireflies. All-to-all, the tick's flashes are one avalanche.
func (a *Avalanches) coupled() {
	sw, c := a.sw, a.coupling
	lit := a.lit[:0]
	for k, word := range sw.Fired {
		y, x0 := k/sw.Stride, k%sw.Stride*64
		for ; word != 0; word &= word - 1 {
			i := int32(y*sw.Width + x0 + bits.TrailingZeros64(word))
			lit = append(lit, i)
			a.root[i] = -1
		}
	}
	a.lit = lit
	if c.all {
		a.count(len(lit))
		return
	}
	fired := func(j int32) bool {
		x, y := int(j)%sw.Width, int(j)/sw.Width
		return sw.Fired[y*sw.Stride+x>>6]>>(x&63)&1 != 0
	}
	for _, f := range lit {
		if c.graph != nil {
			for _, j := range c.graph.adj[c.graph.start[f]:c.graph.start[f+1]] {
				if j > f && fired(j) {
					a.unite(f, j)
				}
			}
			continue
		}
		x, y := int(f)%sw.Width, int(f)/sw.Width
		for _, o := range c.offsets {
			if j := latticeNeighbour(x, y, o, sw.Width, sw.Height, c.torus); j > f && fired(j) {
				a.unite(f, j)
			}
		}
	}
	for _, i := range lit {
		if r := a.root[i]; r < 0 {
			a.count(int(-r))
		}
	}
}

// count adds one avalanche of size fireflies to the tick's and the run's.
func (a *Avalanches) count(size int) {
	obs := a.obs
	obs.Avalanches++
	obs.TotalAvalanches++
	obs.LargestAvalanche = max(obs.LargestAvalanche, size)
	obs.MaxAvalanche = max(obs.MaxAvalanche, size)
	if obs.AvalancheSizes != nil {
		obs.AvalancheSizes[size]++
	}
}

// unite merges the clusters of fireflies i and j in root, the larger
// taking the smaller.
func (a *Avalanches) unite(i, j int32) {
	r := a.root
	find := func(i int32) int32 {
		for r[i] >= 0 {
			if g := r[r[i]]; g >= 0 {
				r[i] = g // path halving
			}
			i = r[i]
		}
		return i
	}
	i, j = find(i), find(j)
	if i == j {
		return
	}
	if r[i] > r[j] { // sizes are negative: j is larger
		i, j = j, i
	}
	r[i] += r[j]
	r[j] = i
}
