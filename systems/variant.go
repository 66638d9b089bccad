package systems

import (
	"fmt"
	"math"

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
	rate      []float32    // nominal seconds a tick, per firefly; nil: dt for all
	noise     float32      // one tick's diffusion: σ·√dt/√85 seconds, see noiseScale
	noiseKey  uint64       // the noise's stream: see noiseQuad
	noiseStep *[64]float32 // a tick's step for each sum n: see band
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
		noise:     noiseScale(m.Noise.Seconds()),
		noiseKey:  mix64(p.seed ^ saltNoise),
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
	if v.noise > 0 {
		// The step each sum n of noiseQuad gives, computed once: dt + noise
		// without a spread, the noise alone with one (band adds the own
		// step). Only n ≤ 60 occur.
		v.noiseStep = new([64]float32)
		for n := range int32(61) {
			d := float32(v.noise * float32(n-30))
			if m.PeriodSpread == 0 {
				d = dt + d
			}
			v.noiseStep[n] = d
		}
	}
	if m.PeriodSpread > 0 {
		// Own periods uniform in Period ± spread; the initial phase
		// fractions stay those NewWorld drew.
		v.rate = make([]float32, n)
		per, spread := m.Period.Seconds(), m.PeriodSpread.Seconds()
		for i := range v.rate {
			u := float64(draw(p.seed, saltPeriod, uint64(i))>>11) / (1 << 53)
			v.rate[i] = float32(float64(dt) * per / (per + spread*(2*u-1)))
		}
	}
	return v, nil
}

// OwnPeriods are the fireflies' own periods in seconds, for tests and
// tools; nil without a spread.
func (v *Variant) OwnPeriods() []float64 {
	if v.rate == nil {
		return nil
	}
	out := make([]float64, len(v.rate))
	for i, r := range v.rate {
		out[i] = float64(v.p.period) * float64(dt) / float64(r)
	}
	return out
}

// noiseQuad draws the noise of fireflies 4·quad to 4·quad+3 on the tick
// from one counter-based draw, mix64(key + tick<<32 | quad), with the
// noise's key mix64(seed^saltNoise). Each firefly takes 16 bits of it,
// firefly 4·quad+j bits 16j to 16j+15, and its noise is the sum n of those
// four 4-bit numbers: four uniform numbers of 16 levels (Irwin–Hall, 61
// levels from 0 to 60), near enough to Gaussian for a diffusion that sums
// many ticks. The nibbles are summed in lanes: firefly 4·quad+j's n is in
// bits 16j to 16j+15 of the result. One draw for four fireflies keeps the
// generator, the part of the tick that -noise adds, cheap (README, "The
// model's variants — make bench").
func noiseQuad(key uint64, tick int32, quad uint64) uint64 {
	z := mix64(key + (uint64(uint32(tick))<<32 | quad))
	z = z&0x0f0f0f0f0f0f0f0f + z>>4&0x0f0f0f0f0f0f0f0f
	return z&0x00ff00ff00ff00ff + z>>8&0x00ff00ff00ff00ff
}

// noiseChunk is how many fireflies band draws the noise of at a time.
const noiseChunk = 512

// noiseScale is the seconds one unit of n − 30 adds to a tick's step for
// a noise of sigma seconds: n − 30 has mean 0 and variance
// 4·(16²−1)/12 = 85, so the step's noise, (n − 30)·σ·√dt/√85, has standard
// deviation σ·√dt.
func noiseScale(sigma float64) float32 {
	return float32(sigma * math.Sqrt(float64(dt)/85))
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
	if v.rate == nil && v.noise == 0 {
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
	if v.noise == 0 { // a spread alone: the own steps as they are
		v.first[b] = v.advance(i0, phase, refr, v.rate[i0:i1], first)
		return
	}
	// Noise: the step is noiseStep[n] for the firefly's draw n (dt and
	// noise, in one float32 addition made in newVariant), plus the own
	// step with a spread; plain float32 additions, the same in every
	// build. In chunks: first the chunk's steps into a buffer that stays
	// in the L1 cache, four fireflies a draw from a multiple of 4 on (a
	// band may start elsewhere: then buf starts with the draws of the
	// fireflies before it), then the advance. Two short loops run faster
	// than one that does both.
	table, key, tick := v.noiseStep, v.noiseKey, sw.Tick
	var buf [noiseChunk + 4]float32
	for c0 := 0; c0 < len(phase); c0 += noiseChunk {
		c1 := min(c0+noiseChunk, len(phase))
		q0 := (i0 + c0) &^ 3
		for i := q0; i < i0+c1; i += 4 {
			sums := noiseQuad(key, tick, uint64(i>>2))
			four := buf[i-q0 : i-q0+4 : i-q0+4]
			four[0] = table[sums&63]
			four[1] = table[sums>>16&63]
			four[2] = table[sums>>32&63]
			four[3] = table[sums>>48&63]
		}
		step := buf[i0+c0-q0 : i0+c0-q0+c1-c0]
		if v.rate != nil {
			for k, r := range v.rate[i0+c0 : i0+c1] {
				step[k] = r + step[k]
			}
		}
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
// flashes in the next wave.
func (v *Variant) flashes(i, h int32) bool {
	if h < v.threshold {
		return false
	}
	ph, p := v.sw.Phase[i].Seconds, v.p
	switch v.response {
	case respAdvance:
		return ph+float32(h)*p.nudge >= p.period
	case respProportional:
		return ph+v.pull(ph, h) >= p.period
	case respFire:
		return true
	}
	return false // reset: at the tick's end
}

// pull is the proportional rule's advance for h flashes heard at phase ph:
// h·nudge·2·ph/period, so that it averages h·nudge over the cycle.
func (v *Variant) pull(ph float32, h int32) float32 {
	return float32(h) * v.p.nudge * (2 * ph / v.p.period)
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
				v.respond(i, total)
			}
		}
		return
	}
	for _, i := range v.touched {
		if h := v.hits[i]; h >= v.threshold && v.listens(i) {
			v.respond(i, h)
		}
		v.hits[i] = 0
	}
	v.touched = v.touched[:0]
}

func (v *Variant) respond(i, h int32) {
	ph := &v.sw.Phase[i].Seconds
	switch v.response {
	case respAdvance:
		*ph += float32(h) * v.p.nudge
	case respProportional:
		*ph += v.pull(*ph, h)
	case respReset:
		*ph = 0
	}
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
