package systems

import (
	"fmt"

	"github.com/firefly-observatory/fireflies/components"
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

// Variant is the tick of every model but the default one: it replaces
// Advance, Cascade and Settle (see README, "The model", for the rules).
// The first wave is found in bands on the workers; the cascade is spread
// on one goroutine, wave by wave, and every decision is taken only after a
// whole wave has been heard, so nothing depends on the order of visits.
//
// Phases are kept in the swarm's nominal seconds (fraction × Period), so
// that R and the display read each firefly's own phase fraction unchanged:
// with a spread of periods, a firefly of period P advances by
// dt·Period/P a tick.
type Variant struct {
	sw   *components.SwarmData
	obs  *components.ObservationsData
	p    *params
	pool *pool

	response  int
	threshold int32
	steps     *steps // nil: dt for all
	shape     Shape
	graph     *csr

	hits    []int32  // flashes heard this tick; 0 between ticks
	mark    []uint32 // the last wave each firefly heard
	waveID  uint32
	touched []int32 // heard a flash this tick
	heard   []int32 // heard the current wave
	cur     []int32
	next    []int32
	first   [][]int32 // each band's first wave
}

func newVariant(sw *components.SwarmData, obs *components.ObservationsData, p *params, pl *pool, m components.Model) (*Variant, error) {
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
		shape:     shape,
		hits:      make([]int32, n),
		mark:      make([]uint32, n),
		touched:   make([]int32, 0, n),
		heard:     make([]int32, 0, n),
		cur:       make([]int32, 0, n),
		next:      make([]int32, 0, n),
		first:     make([][]int32, len(pl.rows)),
	}
	for b, r := range pl.rows {
		v.first[b] = make([]int32, 0, (r[1]-r[0])*sw.Width)
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
	v.pool.run(v)
	v.cur = v.cur[:0]
	for b := range v.first {
		v.cur = append(v.cur, v.first[b]...)
	}
	n := len(v.cur)
	v.obs.Waves, v.obs.Spread = 0, n
	if n > 0 {
		v.obs.Waves = 1
	}
	total := int32(n)
	for len(v.cur) > 0 {
		if v.shape.All {
			v.hearAll(total)
		} else {
			v.hearWave()
		}
		v.cur, v.next = v.next, v.cur[:0]
		if len(v.cur) > 0 {
			v.obs.Waves++
			v.obs.Spread += len(v.cur)
			total += int32(len(v.cur))
		}
	}
	v.settle(total)
}

// band advances the band's fireflies and lists its first wave. The
// common case, no spread and no noise, has a loop of its own as lean as
// the default model's.
func (v *Variant) band(b, y0, y1 int) {
	sw, p := v.sw, v.p
	i0, i1 := y0*sw.Width, y1*sw.Width
	phase := sw.Phase[i0:i1]
	refr := sw.Refractory[i0:i1:i1]
	first := v.first[b][:0]
	period := p.period
	if v.steps == nil {
		for k := range phase {
			refr[k].Left = nonNegative(refr[k].Left - dt)
			ph := phase[k].Seconds + dt
			phase[k].Seconds = ph
			if ph >= period {
				v.ignite(int32(i0 + k))
				first = append(first, int32(i0+k))
			}
		}
		v.first[b] = first
		return
	}
	var buf stepBuf
	for c0 := 0; c0 < len(phase); c0 += stepChunk {
		c1 := min(c0+stepChunk, len(phase))
		step := v.steps.fill(&buf, i0+c0, c1-c0, sw.Tick)
		first = v.advance(i0+c0, phase[c0:c1], refr[c0:c1], step, first)
	}
	v.first[b] = first
}

// advance adds each firefly's step to its phase, floored at 0, counts its
// deafness down and lists those that reach the period in first; phase,
// refr and step are those of the fireflies from i0 on.
func (v *Variant) advance(i0 int, phase []components.PhaseData, refr []components.RefractoryData, step []float32, first []int32) []int32 {
	refr, step = refr[:len(phase)], step[:len(phase)]
	period := v.p.period
	for k := range phase {
		refr[k].Left = nonNegative(refr[k].Left - dt)
		ph := nonNegative(phase[k].Seconds + step[k])
		phase[k].Seconds = ph
		if ph >= period {
			v.ignite(int32(i0 + k))
			first = append(first, int32(i0+k))
		}
	}
	return first
}

// ignite flashes firefly i and marks it in the tick's bitmap.
func (v *Variant) ignite(i int32) {
	sw := v.sw
	v.p.ignite(&sw.Phase[i], &sw.Refractory[i], &sw.Glow[i], i, sw.Tick)
	x, y := int(i)%sw.Width, int(i)/sw.Width
	sw.Fired[y*sw.Stride+x>>6] |= 1 << (x & 63)
}

// listens reports whether firefly i can hear a flash now: not deaf and
// not flashed this tick.
func (v *Variant) listens(i int32) bool {
	sw := v.sw
	return sw.Refractory[i].Left <= 0 && sw.Glow[i].FlashTick != sw.Tick // ignite sets FlashTick
}

// hearWave lets the neighbours of the current wave's flashes hear them,
// then decides who flashes in the next wave.
func (v *Variant) hearWave() {
	v.waveID++
	v.heard = v.heard[:0]
	w, h := v.sw.Width, v.sw.Height
	hear := func(j int32) {
		if j < 0 || !v.listens(j) {
			return
		}
		if v.hits[j] == 0 {
			v.touched = append(v.touched, j)
		}
		v.hits[j]++
		if v.mark[j] != v.waveID {
			v.mark[j] = v.waveID
			v.heard = append(v.heard, j)
		}
	}
	for _, f := range v.cur {
		if v.graph != nil {
			for _, j := range v.graph.adj[v.graph.start[f]:v.graph.start[f+1]] {
				hear(j)
			}
			continue
		}
		x, y := int(f)%w, int(f)/w
		for _, o := range v.shape.Offsets {
			hear(latticeNeighbour(x, y, o, w, h, v.shape.Torus))
		}
	}
	for _, j := range v.heard {
		if v.flashes(j, v.hits[j]) {
			v.ignite(j)
			v.next = append(v.next, j)
		}
	}
}

// hearAll is hearWave for all-to-all: every listening firefly has heard
// every flash of the tick so far, total in all, without walking N² edges.
func (v *Variant) hearAll(total int32) {
	for i := range int32(len(v.hits)) {
		if v.listens(i) && v.flashes(i, total) {
			v.ignite(i)
			v.next = append(v.next, i)
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

// settle applies the responses of those that heard enough flashes but did
// not flash, and clears the counts.
func (v *Variant) settle(total int32) {
	sw := v.sw
	if v.shape.All {
		if total < v.threshold {
			return
		}
		for i := range int32(len(sw.Phase)) {
			if v.listens(i) {
				v.sw.Phase[i].Seconds = v.moved(v.sw.Phase[i].Seconds, total)
			}
		}
		return
	}
	for _, i := range v.touched {
		if h := v.hits[i]; h >= v.threshold && v.listens(i) {
			sw.Phase[i].Seconds = v.moved(sw.Phase[i].Seconds, h)
		}
		v.hits[i] = 0
	}
	v.touched = v.touched[:0]
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
