package systems

import (
	"fmt"
	"unsafe"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// The response rules of -response.
const (
	respAdvance      = iota // phase += nudge per flash heard
	respFire                // enough flashes heard: flash now, in the next wave
	respReset               // enough flashes heard: phase 0 at the tick's end, no flash
	respProportional        // phase += nudge per flash heard × 2·phase/period
)

// Responses are the names of -response's rules, in the order of the
// constants above.
var Responses = []string{"advance", "fire", "reset", "proportional"}

func responseOf(s string) (int, error) {
	if s == "" {
		return respAdvance, nil
	}
	for r, name := range Responses {
		if s == name {
			return r, nil
		}
	}
	return 0, fmt.Errorf("response: unknown %q", s)
}

// Variant is the tick of the models the default engine does not run: the
// neighbourhoods other than Moore's and the graphs (see README, "The
// model", for the rules). It replaces Advance, Cascade and Settle. The
// first wave is found in bands on the workers. On the lattice, a large
// wave is heard in bands too, each band hearing into its own rows every
// flash whose neighbourhood reaches them; a small one, and every wave of a
// graph, on one goroutine. Nothing depends on the order of visits (see
// hearWave).
type Variant struct {
	sw   *components.SwarmData
	obs  *components.ObservationsData
	p    *params
	pool *work.Pool

	response  int
	threshold int32
	steps     *steps  // nil: step for all
	step      float32 // the free-running step of a tick: clockStep
	shape     Shape
	graph     *csr
	// at is, under the exact clock, when in its tick each firefly last
	// flashed, as a fraction of the tick in [0, 1] (1 until it has); nil
	// under the ticks clock (see clock.go).
	at []float32

	hits   []int32 // flashes heard this tick; 0 between ticks
	deltas []int32 // the lattice's offsets as index steps, for cells away from the edges
	total  int32   // flashes of the tick so far
	cur    []int32 // the wave being heard
	bands  []variantLists
}

// variantLists are one band's lists, padded as bandLists are. A wave heard
// on one goroutine uses band 0's: a firefly is in one touched list only,
// whichever band listed it, so the bands still settle apart.
type variantLists struct {
	vlists
	_ [cacheLine - unsafe.Sizeof(vlists{})%cacheLine]byte
}

type vlists struct {
	touched []int32 // heard a flash this tick
	next    []int32 // flash in the next wave (the first, after band)
}

func newVariant(sw *components.SwarmData, obs *components.ObservationsData, p *params, pl *work.Pool, m components.Model) (*Variant, error) {
	resp, err := responseOf(m.Response)
	if err != nil {
		return nil, err
	}
	shape, err := ParseShape(m)
	if err != nil {
		return nil, err
	}
	n := len(sw.Phase)
	v := &Variant{
		sw: sw, obs: obs, p: p, pool: pl,
		response:  resp,
		threshold: int32(max(1, m.Threshold)),
		steps:     newSteps(m, p, n),
		step:      clockStep(m),
		shape:     shape,
		hits:      make([]int32, n),
		cur:       make([]int32, 0, n),
		bands:     make([]variantLists, len(pl.Rows())),
	}
	for b, r := range pl.Rows() {
		// Band 0 may list any firefly (see variantLists); the others
		// their own rows.
		c := (r[1] - r[0]) * sw.Width
		if b == 0 {
			c = n
		}
		l := &v.bands[b]
		l.touched, l.next = make([]int32, 0, c), make([]int32, 0, c)
	}
	if m.ExactClock() {
		v.at = make([]float32, n)
		for i := range v.at {
			v.at[i] = 1
		}
	}
	for _, o := range shape.Offsets {
		v.deltas = append(v.deltas, o[1]*int32(sw.Width)+o[0])
	}
	if shape.Graph() {
		if v.graph, err = buildGraph(m, shape, p.seed); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Update runs one tick: advance and the first wave, the cascade, then the
// responses that wait for the tick's end.
func (v *Variant) Update() {
	v.sw.Tick++
	v.pool.Run(v)
	n := v.gather()
	v.obs.Waves, v.obs.Spread = 0, n
	if n > 0 {
		v.obs.Waves = 1
	}
	v.total = int32(n)
	for len(v.cur) > 0 {
		switch {
		case v.shape.All:
			v.hearAll(v.total)
		case v.graph == nil && len(v.cur) >= splitMin && len(v.bands) > 1:
			v.pool.Run((*latticeWave)(v))
		default:
			v.hearWave(0, 0, v.sw.Height)
		}
		if n = v.gather(); n > 0 {
			v.obs.Waves++
			v.obs.Spread += n
			v.total += int32(n)
		}
	}
	if v.total == 0 || v.shape.All && v.total < v.threshold {
		return // nobody heard anything, or not enough
	}
	v.pool.Run((*variantSettle)(v))
}

// gather makes the bands' next lists the current wave, and returns its
// size.
func (v *Variant) gather() int {
	v.cur = v.cur[:0]
	for b := range v.bands {
		l := &v.bands[b]
		v.cur = append(v.cur, l.next...)
		l.next = l.next[:0]
	}
	return len(v.cur)
}

// Band advances the band's fireflies and lists its first wave. The
// common case, no spread and no noise, has a loop of its own as lean as
// the default model's.
func (v *Variant) Band(b, y0, y1 int) {
	sw, p := v.sw, v.p
	i0, i1 := y0*sw.Width, y1*sw.Width
	phase := sw.Phase[i0:i1]
	first := v.bands[b].next[:0]
	period := p.period
	if v.steps == nil {
		s := v.step
		for k := range phase {
			old := phase[k].Seconds
			ph := old + s
			phase[k].Seconds = ph
			if ph >= period {
				v.cross(int32(i0+k), old, s, ph)
				first = append(first, int32(i0+k))
			}
		}
		v.bands[b].next = first
		return
	}
	var buf stepBuf
	for c0 := 0; c0 < len(phase); c0 += stepChunk {
		c1 := min(c0+stepChunk, len(phase))
		step := v.steps.fill(&buf, i0+c0, c1-c0, sw.Tick)
		first = v.advance(i0+c0, phase[c0:c1], step, first)
	}
	v.bands[b].next = first
}

// advance adds each firefly's step to its phase, floored at 0, and lists
// those that reach the period in first; phase and step are those of the
// fireflies from i0 on.
func (v *Variant) advance(i0 int, phase []components.PhaseData, step []float32, first []int32) []int32 {
	step = step[:len(phase)]
	period := v.p.period
	for k := range phase {
		old := phase[k].Seconds
		ph := old + step[k]
		if ph < 0 { // rare: a step made negative by noise, just after a flash
			ph = 0
		}
		phase[k].Seconds = ph
		if ph >= period {
			v.cross(int32(i0+k), old, step[k], ph)
			first = append(first, int32(i0+k))
		}
	}
	return first
}

// ignite flashes firefly i and marks it in the tick's bitmap: set off by
// what it heard, or crossing the period under the ticks clock. Under the
// exact clock, where the coupling acts at the tick's end, a firefly set
// off flashes at the tick's end, its phase the reset's jitter·u alone.
func (v *Variant) ignite(i int32) {
	sw := v.sw
	if v.at != nil {
		sw.Phase[i].Seconds = v.p.jitter * unit(v.p.seed, i, sw.Tick)
		v.stamp(i, 1)
		return
	}
	v.p.ignite(&sw.Phase[i], &sw.Refractory[i], &sw.Glow[i], i, sw.Tick)
	x, y := int(i)%sw.Width, int(i)/sw.Width
	sw.Fired[y*sw.Stride+x>>6] |= 1 << (x & 63)
}

// listens reports whether firefly i can hear a flash now: not deaf and
// not flashed this tick. A flash makes a firefly deaf when the refractory
// time is not 0, so only then is its glow read too (ignite sets
// FlashTick): one column less to fetch for each neighbour visited.
func (v *Variant) listens(i int32) bool {
	sw := v.sw
	return sw.Refractory[i].Until <= sw.Tick && (v.p.refractory > 0 || sw.Glow[i].FlashTick != sw.Tick)
}

// hearWave lets the neighbours in rows y0 to y1-1 of the current wave's
// flashes hear them, with band b's lists. A firefly flashes, in the next
// wave, as soon as what it has heard makes its rule say so: every rule's
// answer only grows with the flashes heard, and a firefly that flashed
// hears no more this tick, so deciding at once or after the whole wave
// gives the same waves in any order of visits.
func (v *Variant) hearWave(b, y0, y1 int) {
	l := &v.bands[b]
	sw := v.sw
	w, h, period := sw.Width, sw.Height, v.p.period
	// hear delivers a flash to j, which listens: the callers check that
	// inline, where most visits of a burst end.
	hear := func(j int32) {
		n := v.hits[j]
		if n == 0 {
			l.touched = append(l.touched, j)
		}
		n++
		v.hits[j] = n
		if v.moved(sw.Phase[j].Seconds, n) >= period {
			v.ignite(j)
			l.next = append(l.next, j)
		}
	}
	all := y0 == 0 && y1 == h
	reach := v.shape.reach
	for _, f := range v.cur {
		if v.graph != nil {
			for _, j := range v.graph.adj[v.graph.start[f]:v.graph.start[f+1]] {
				if v.listens(j) {
					hear(j)
				}
			}
			continue
		}
		x, y := int(f)%w, int(f)/w
		if x >= reach && x < w-reach && y-reach >= y0 && y+reach < y1 {
			// Every neighbour on the grid, in this band's rows: no checks.
			for _, d := range v.deltas {
				if j := f + d; v.listens(j) {
					hear(j)
				}
			}
			continue
		}
		if !all {
			// Skip a flash whose neighbours are all in other bands' rows.
			if d := y - y0; v.shape.Torus {
				if d = (d + h) % h; d >= y1-y0+reach && d < h-reach {
					continue
				}
			} else if d < -reach || d >= y1-y0+reach {
				continue
			}
		}
		for _, o := range v.shape.Offsets {
			j := latticeNeighbour(x, y, o, w, h, v.shape.Torus)
			if j >= 0 && (all || int(j) >= y0*w && int(j) < y1*w) && v.listens(j) {
				hear(j)
			}
		}
	}
}

// latticeWave hears a wave on the lattice in bands: each band every flash
// whose neighbours reach its rows, into its own rows only.
type latticeWave Variant

// Band hears the wave into rows [y0, y1), band b.
func (lw *latticeWave) Band(b, y0, y1 int) { (*Variant)(lw).hearWave(b, y0, y1) }

// hearAll is hearWave for all-to-all: every listening firefly has heard
// every flash of the tick so far, total in all, without walking N² edges.
func (v *Variant) hearAll(total int32) {
	l := &v.bands[0]
	for i := range int32(len(v.hits)) {
		if v.listens(i) && v.flashes(i, total) {
			v.ignite(i)
			l.next = append(l.next, i)
		}
	}
}

// flashes reports whether firefly i, having heard h flashes this tick,
// flashes in the next wave: by the rule's tables for counts that fit
// them, by the same arithmetic beyond (all-to-all).
func (v *Variant) flashes(i, h int32) bool {
	return v.moved(v.sw.Phase[i].Seconds, h) >= v.p.period
}

// moved is the phase ph after h flashes heard (see params.nudgeBy).
func (v *Variant) moved(ph float32, h int32) float32 {
	if h < 256 {
		return respond(ph, v.p.scaleBy[h], v.p.nudgeBy[h])
	}
	scale, add := responds(v.response, v.threshold, h, v.p.nudge, v.p.period)
	return respond(ph, scale, add)
}

// variantSettle applies the responses of those that heard enough flashes
// but did not flash, and clears the counts, each band its touched list
// (all-to-all: its rows, every firefly having heard every flash). A run
// of its own, not left for the next (work.Pool.Later): band 0's list may
// hold any firefly, not only its rows' (see variantLists).
type variantSettle Variant

// Band settles band b's touched list, or rows [y0, y1) for all-to-all.
func (vs *variantSettle) Band(b, y0, y1 int) {
	v := (*Variant)(vs)
	sw := v.sw
	if v.shape.All {
		total := v.total
		for i := int32(y0 * sw.Width); i < int32(y1*sw.Width); i++ {
			if v.listens(i) {
				sw.Phase[i].Seconds = v.moved(sw.Phase[i].Seconds, total)
			}
		}
		return
	}
	l := &v.bands[b]
	for _, i := range l.touched {
		if h := v.hits[i]; h >= v.threshold && v.listens(i) {
			sw.Phase[i].Seconds = v.moved(sw.Phase[i].Seconds, h)
		}
		v.hits[i] = 0
	}
	l.touched = l.touched[:0]
}

// Graph reports the undirected edges of the world's graph and the bytes
// its adjacency takes (the offsets and both directions of every edge);
// zero on the lattice and for all-to-all, which keep no edges.
func (s *Sim) Graph() (edges, bytes int64) {
	for _, sys := range s.systems {
		if v, ok := sys.(*Variant); ok && v.graph != nil {
			return int64(len(v.graph.adj) / 2), int64(4 * (len(v.graph.adj) + len(v.graph.start)))
		}
	}
	return 0, 0
}
