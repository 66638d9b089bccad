package systems

import (
	"fmt"
	"math"
	"math/bits"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// variantRef is the variants' rules written the plain way: neighbours
// found by checking every pair of cells, a firefly's flashes heard counted
// afresh from who has flashed, every firefly looked at in every wave.
type variantRef struct {
	m      components.Model
	p      params
	own    []float32 // phase step a tick
	nbrs   [][]int32
	all    bool
	phase  []float32
	refr   []float32
	fired  []bool
	tick   int32
	noise  float32
	thresh int32

	// The exact clock: when in its tick each firefly last flashed (a
	// fraction of the tick), and when it flashed, in ticks from the
	// start (−Inf: never; +Inf: deaf for good), which its deafness is
	// counted from.
	exact   bool
	at      []float32
	flashAt []float64
}

func newVariantRef(t *testing.T, m components.Model) *variantRef {
	n := m.Fireflies()
	r := &variantRef{m: m, p: newParams(m), phase: make([]float32, n), refr: make([]float32, n),
		fired: make([]bool, n), own: make([]float32, n), nbrs: make([][]int32, n),
		noise: float32(m.Noise.Seconds() * math.Sqrt(float64(dt))), thresh: int32(max(1, m.Threshold))}
	// The exact clock's phase runs at (P − J/2)/P, J/2 being the mean
	// head start a flash gives: every own step is dt's times that.
	speed := 1.0
	if r.exact = m.Clock == "exact"; r.exact {
		P, J := float64(float32(m.Period.Seconds())), float64(float32(m.Jitter.Seconds()))
		speed = (P - J/2) / P
		r.at, r.flashAt = make([]float32, n), make([]float64, n)
	}
	for i := range r.phase {
		r.phase[i] = r.p.period * unit(r.p.seed, int32(i), 0)
		r.own[i] = float32(float64(dt) * speed)
		if m.PeriodSpread > 0 {
			u := float64(draw(r.p.seed, saltPeriod, uint64(i))>>11) / (1 << 53)
			P := m.Period.Seconds() + m.PeriodSpread.Seconds()*(2*u-1)
			r.own[i] = float32(float64(dt) * m.Period.Seconds() / P * speed)
		}
		if r.exact {
			r.at[i], r.flashAt[i] = 1, math.Inf(-1)
		}
	}
	shape, err := ParseShape(m)
	if err != nil {
		t.Fatal(err)
	}
	r.all = shape.All
	if shape.Graph() {
		g, err := buildGraph(m, shape, r.p.seed)
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.nbrs {
			r.nbrs[i] = g.adj[g.start[i]:g.start[i+1]]
		}
		return r
	}
	radius := 1
	fmt.Sscanf(m.Neighbours, "radius:%d", &radius)
	w, h := m.Width, m.Height
	for i := range n {
		for j := range n {
			dx, dy := j%w-i%w, j/w-i/w
			if m.Edges != "free" {
				dx = ((dx % w) + w) % w
				if dx > w/2 {
					dx -= w
				}
				dy = ((dy % h) + h) % h
				if dy > h/2 {
					dy -= h
				}
			}
			var in bool
			switch m.Neighbours {
			case "", "moore":
				in = max(dx, -dx, dy, -dy) == 1
			case "vonneumann":
				in = max(dx, -dx)+max(dy, -dy) == 1
			default:
				in = i != j && dx*dx+dy*dy <= radius*radius
			}
			if in {
				r.nbrs[i] = append(r.nbrs[i], int32(j))
			}
		}
	}
	return r
}

// heardBy is how many flashes of the tick so far firefly i has heard.
func (r *variantRef) heardBy(i int) int32 {
	var h int32
	if r.all {
		for j, f := range r.fired {
			if f && j != i {
				h++
			}
		}
		return h
	}
	for _, j := range r.nbrs[i] {
		if r.fired[j] {
			h++
		}
	}
	return h
}

func (r *variantRef) flash(i int) {
	var g components.GlowData
	ph := components.PhaseData{}
	re := components.RefractoryData{}
	r.p.ignite(&ph, &re, &g, int32(i), r.tick)
	r.phase[i], r.refr[i], r.fired[i] = ph.Seconds, r.p.refractory, true
	if r.exact {
		// Set off at the tick's end, where the coupling acts.
		r.at[i], r.flashAt[i] = 1, float64(r.tick)
	}
}

// cross is the exact clock's flash of firefly i by its own step s, from
// the phase old to ph: at the linear crossing within the tick, keeping
// the overshoot past the period, plus the jitter's draw.
func (r *variantRef) cross(i int, old, s, ph float32) {
	P := r.p.period
	tau := float32(0)
	if s > 0 {
		tau = min(max((P-old)/s, 0), 1)
	}
	over := ph - P
	for over >= P {
		over -= P // exact here: no step of the tests is a period long
	}
	r.phase[i] = over + float32(r.p.jitter*unit(r.p.seed, int32(i), r.tick))
	r.fired[i], r.at[i] = true, tau
	r.flashAt[i] = float64(r.tick-1) + float64(tau)
}

// deaf reports whether firefly i does not hear this tick's flashes: deaf
// by the countdown, or under the exact clock while the tick's end comes
// less than the refractory time after its flash.
func (r *variantRef) deaf(i int) bool {
	if r.exact {
		return float64(r.tick)-r.flashAt[i] < float64(r.p.refractory)*TPS
	}
	return r.refr[i] > 0
}

// nudge is the nudge in seconds after -coupling-scale, the divisor
// counted from the neighbour lists: the most neighbours a firefly has
// (all-to-all: every other), or every firefly.
func (r *variantRef) nudge() float32 {
	d := 1
	switch r.m.CouplingScale {
	case "degree":
		d = len(r.phase) - 1
		if !r.all {
			d = 0
			for _, l := range r.nbrs {
				d = max(d, len(l))
			}
		}
	case "n":
		d = len(r.phase)
	}
	return float32(r.m.Nudge.Seconds() / float64(d))
}

// hearsNext reports whether firefly i, not set off this tick, would hear
// the flashes of the next.
func (r *variantRef) hearsNext(i int) bool {
	return !(float64(r.tick+1)-r.flashAt[i] < float64(r.p.refractory)*TPS)
}

func (r *variantRef) step() {
	r.tick++
	clear(r.fired)
	for i := range r.phase {
		r.refr[i] = max(r.refr[i]-dt, 0)
		ph, s := r.phase[i]+r.own[i], r.own[i]
		if r.noise > 0 {
			// One draw per eight fireflies, wyrand at the counter
			// tick<<32 | i/8; firefly i takes its byte, i%8, and the value
			// of gauss it picks.
			c := mix64(r.p.seed^saltNoise) + (uint64(uint32(r.tick))<<32|uint64(i/8))*0xa0761d6478bd642f
			hi, lo := bits.Mul64(c, c^0xe7037ed1a0b428db)
			g := gauss[uint8((hi^lo)>>(8*(i%8)))]
			s = r.own[i] + float32(r.noise*g)
			ph = max(r.phase[i]+s, 0)
		}
		old := r.phase[i]
		r.phase[i] = ph
		if ph >= r.p.period {
			if r.exact {
				r.cross(i, old, s, ph)
			} else {
				r.flash(i)
			}
		}
	}
	nudge, period := r.nudge(), r.p.period
	// The proportional rule's factor, 1 + 2·h·nudge/period, in float64
	// rounded once.
	pull := func(h int32) float32 { return float32(1 + 2*float64(h)*float64(nudge)/float64(period)) }
	for {
		var wave []int
		for i := range r.phase {
			if r.fired[i] || r.deaf(i) {
				continue
			}
			h, ph := r.heardBy(i), r.phase[i]
			if h < r.thresh {
				continue
			}
			switch r.m.Response {
			case "", "advance":
				if ph+float32(h)*nudge >= period {
					wave = append(wave, i)
				}
			case "proportional":
				if float32(ph*pull(h)) >= period {
					wave = append(wave, i)
				}
			case "fire":
				wave = append(wave, i)
			}
		}
		if len(wave) == 0 {
			break
		}
		for _, i := range wave {
			r.flash(i)
		}
	}
	for i := range r.phase {
		if r.fired[i] || r.deaf(i) {
			continue
		}
		h, ph := r.heardBy(i), r.phase[i]
		if h < r.thresh {
			continue
		}
		switch r.m.Response {
		case "", "advance":
			r.phase[i] = ph + float32(h)*nudge
		case "proportional":
			r.phase[i] = float32(ph * pull(h))
		case "reset":
			r.phase[i] = 0
		}
	}
}

// variantModels are the variants the tests run: every setting of every
// flag, alone and in a few combinations.
func variantModels() map[string]components.Model {
	base := func(seed uint64) components.Model {
		m := components.DefaultModel()
		m.Width, m.Height, m.Seed = 23, 17, seed
		m.Nudge = 350 * time.Millisecond
		return m
	}
	out := map[string]components.Model{}
	add := func(name string, f func(m *components.Model)) {
		m := base(uint64(len(out) + 3))
		f(&m)
		out[name] = m
	}
	for _, r := range Responses {
		for _, k := range []int{1, 2, 3} {
			add(fmt.Sprintf("%s/k%d", r, k), func(m *components.Model) { m.Response, m.Threshold = r, k })
		}
	}
	add("spread", func(m *components.Model) { m.PeriodSpread = time.Second })
	add("noise", func(m *components.Model) { m.Noise = 100 * time.Millisecond })
	add("vonneumann", func(m *components.Model) { m.Neighbours = "vonneumann" })
	add("radius3", func(m *components.Model) { m.Neighbours, m.Nudge = "radius:3", 60*time.Millisecond })
	add("free", func(m *components.Model) { m.Edges = "free" })
	add("radius2/free/fire/k4", func(m *components.Model) {
		m.Neighbours, m.Edges, m.Response, m.Threshold = "radius:2", "free", "fire", 4
	})
	add("smallworld0.1", func(m *components.Model) { m.Topology = "smallworld:0.1" })
	add("smallworld1/vonneumann", func(m *components.Model) { m.Topology, m.Neighbours = "smallworld:1", "vonneumann" })
	add("random5", func(m *components.Model) { m.Topology = "random:6" })
	add("all/proportional", func(m *components.Model) {
		m.Topology, m.Response, m.Nudge = "all", "proportional", time.Millisecond
	})
	add("all/fire/k40", func(m *components.Model) { m.Topology, m.Response, m.Threshold = "all", "fire", 40 })
	add("everything", func(m *components.Model) {
		m.Response, m.Threshold, m.PeriodSpread, m.Noise = "proportional", 2, 700*time.Millisecond, 50*time.Millisecond
		m.Neighbours, m.Edges = "radius:2", "free"
	})
	add("deaf0", func(m *components.Model) { m.Refractory, m.Response = 0, "fire" })
	// The exact clock: with the default constants; deafness of a tick
	// and a half, which the flash's time within its tick decides; a
	// period that is no whole number of ticks, with the proportional
	// rule all-to-all; with a spread, noise and a free-edged radius; a
	// graph and the threshold; and the nudge scaled by the degree.
	add("exact", func(m *components.Model) { m.Clock = "exact" })
	add("exact/deaf1.5ticks/period4.99", func(m *components.Model) {
		m.Clock, m.Refractory, m.Period = "exact", 25*time.Millisecond, 4990*time.Millisecond
	})
	add("exact/all/proportional", func(m *components.Model) {
		m.Clock, m.Topology, m.Response, m.Nudge, m.Jitter, m.Refractory = "exact", "all", "proportional", 2*time.Millisecond, 0, 0
		m.Period = 3 * time.Second
	})
	add("exact/everything", func(m *components.Model) {
		m.Clock, m.Response, m.PeriodSpread, m.Noise = "exact", "proportional", 700*time.Millisecond, 50*time.Millisecond
		m.Neighbours, m.Edges, m.Refractory = "radius:2", "free", 110*time.Millisecond
	})
	add("exact/random6/k2/degree", func(m *components.Model) {
		m.Clock, m.Topology, m.Threshold, m.CouplingScale, m.Nudge = "exact", "random:6", 2, "degree", 2*time.Second
	})
	add("exact/noise", func(m *components.Model) { m.Clock, m.Noise, m.Jitter = "exact", 100*time.Millisecond, 0 })
	return out
}

// TestVariantsMatchReference checks every variant against variantRef tick
// by tick, every phase and deafness to the bit, every flash: on the engine
// that runs it, and on the variant engine, which can run them all (the
// default engine runs the 8 neighbours on the torus with any rule).
//
// With split, every wave is heard in bands (splitMin 1), as large waves
// are: the test's grids are too small for waves that large. With -short
// (the race detector's run, where the reference is slow), four of the
// eight combinations, each setting on in two of them, and fewer ticks.
func TestVariantsMatchReference(t *testing.T) {
	oldSplit := splitMin
	defer func() { forceVariant, splitMin = false, oldSplit }()
	ticks := 1500
	if testing.Short() {
		ticks = 600
	}
	for name, m := range variantModels() {
		for c := range 8 {
			deaf, force, split := c&1 != 0, c&2 != 0, c&4 != 0
			if testing.Short() && deaf != (force != split) {
				continue
			}
			t.Run(fmt.Sprintf("%s/deaf=%v/variant-engine=%v/split=%v", name, deaf, force, split), func(t *testing.T) {
				forceVariant, splitMin = force, oldSplit
				if split {
					splitMin = 1
				}
				s, err := New(m, Options{Workers: 3})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				r := newVariantRef(t, m)
				sw := s.Swarm
				if deaf {
					// Made deaf for good, as a brush does: until their own
					// flash, they hear nothing in any variant.
					for i := 0; i < len(r.refr); i += 11 {
						r.refr[i] = float32(math.Inf(1))
						sw.Refractory[i].Until = forever
						if r.exact {
							r.flashAt[i] = math.Inf(1)
						}
					}
				}
				var at []float32 // the engine's flash times within the tick
				if r.exact {
					at = s.systems[1].(*Variant).at
				}
				flashes := 0
				for tick := range ticks {
					r.step()
					for _, sys := range s.systems[:1+s.nrules] { // Brushes and the rules
						sys.Update()
					}
					s.pool.Flush() // Settle's bands
					for i := range r.phase {
						x, y := i%sw.Width, i/sw.Width
						fired := sw.Fired[y*sw.Stride+x>>6]>>(x&63)&1 != 0
						if fired {
							flashes++
						}
						until := sw.Refractory[i].Until
						sameDeaf := sameDeafness(until, sw.Tick, r.refr[i], false)
						if r.exact {
							// Only whether it hears the next tick compares:
							// a wrong tick shows on the tick it comes.
							sameDeaf = (until <= sw.Tick+1) == r.hearsNext(i) && (!fired || at[i] == r.at[i])
						}
						if sw.Phase[i].Seconds != r.phase[i] || !sameDeaf || fired != r.fired[i] {
							t.Fatalf("tick %d firefly %d: phase %v deaf until tick %d fired %v, reference %v %v s deaf %v",
								tick+1, i, sw.Phase[i].Seconds, until, fired, r.phase[i], r.refr[i], r.fired[i])
						}
					}
					clear(sw.Fired)
				}
				if flashes == 0 {
					t.Fatal("no flashes: the test compared nothing")
				}
			})
		}
	}
}

// TestVariantEngineKeepsPinnedTraces runs the default model on the variant
// engine: it must give the default engine's pinned traces, which checks
// the engine's lattice, waves and advance rule against a second,
// independently written implementation.
func TestVariantEngineKeepsPinnedTraces(t *testing.T) {
	forceVariant = true
	defer func() { forceVariant = false }()
	for _, tc := range []struct {
		w, h  int
		seed  uint64
		d     time.Duration
		burst bool
		want  string
	}{
		{45, 33, 21, 60 * time.Second, false, "f70b2515eb21710e"},
		{200, 120, 4, 30 * time.Second, true, "587eac5d057db4ff"},
		{64, 64, 9, 300 * time.Second, false, "c4bdffa9673c2723"},
		{37, 91, 11, 120 * time.Second, false, "287625cca2640213"},
	} {
		for _, workers := range []int{1, 4} {
			m := components.DefaultModel()
			m.Width, m.Height, m.Seed = tc.w, tc.h, tc.seed
			if tc.w == 37 {
				m.Nudge = 0
			}
			if tc.burst {
				m.Period, m.Nudge, m.Refractory, m.Jitter = time.Second, time.Second, 200*time.Millisecond, 5*time.Millisecond
			}
			s, err := New(m, Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := s.systems[1].(*Variant); !ok {
				t.Fatal("not the variant engine")
			}
			for range Ticks(tc.d) {
				s.Update()
			}
			s.Close()
			if got := fmt.Sprintf("%016x", s.Obs.TraceHash); got != tc.want {
				t.Errorf("%dx%d seed %d, %d workers: trace_hash %s, want %s", tc.w, tc.h, tc.seed, workers, got, tc.want)
			}
		}
	}
}

// TestVariantsAnyWorkers checks that every variant's trace is the same
// for any number of workers, with the waves heard in bands (splitMin 1)
// or not.
func TestVariantsAnyWorkers(t *testing.T) {
	oldSplit := splitMin
	defer func() { splitMin = oldSplit }()
	for name, m := range variantModels() {
		t.Run(name, func(t *testing.T) {
			var first uint64
			for _, workers := range []int{1, 2, 5, 17} {
				splitMin = oldSplit
				if workers != 5 {
					splitMin = 1
				}
				s, err := New(m, Options{Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				for range 1200 {
					s.Update()
				}
				s.Close()
				if workers == 1 {
					first = s.Obs.TraceHash
				} else if s.Obs.TraceHash != first {
					t.Fatalf("%d workers: trace_hash %016x, 1 worker %016x", workers, s.Obs.TraceHash, first)
				}
			}
		})
	}
}

// TestVariantTickAllocatesNothing runs a tick of each variant with no
// allocation.
func TestVariantTickAllocatesNothing(t *testing.T) {
	for name, m := range variantModels() {
		s, err := New(m, Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		for range 300 {
			s.Update()
		}
		if a := testing.AllocsPerRun(200, s.Update); a != 0 {
			t.Errorf("%s: %v allocations per tick", name, a)
		}
		s.Close()
	}
}

// TestGraphs checks the graphs' shape: random:K is K-regular and simple,
// small-world keeps the lattice's number of edges and rewires about P of
// them, every graph is symmetric.
func TestGraphs(t *testing.T) {
	for _, tc := range []struct {
		topo string
		w, h int
	}{{"random:1", 10, 10}, {"random:3", 10, 10}, {"random:8", 30, 20}, {"random:64", 12, 12}, {"random:8", 4, 4}, {"random:5", 4, 5}, {"smallworld:0", 20, 20}, {"smallworld:0.2", 40, 30}, {"smallworld:1", 9, 9}} {
		m := components.DefaultModel()
		m.Width, m.Height, m.Topology = tc.w, tc.h, tc.topo
		s, err := ParseShape(m)
		if err != nil {
			t.Fatal(err)
		}
		g, err := buildGraph(m, s, 77)
		if err != nil {
			t.Fatal(tc.topo, err)
		}
		n := m.Fireflies()
		edges := map[[2]int32]bool{}
		for i := range n {
			list := g.adj[g.start[i]:g.start[i+1]]
			if s.Degree > 0 && len(list) != s.Degree {
				t.Fatalf("%s: firefly %d has %d neighbours", tc.topo, i, len(list))
			}
			for k, j := range list {
				if j == int32(i) || k > 0 && list[k-1] == j {
					t.Fatalf("%s: firefly %d: self-loop or repeated edge to %d", tc.topo, i, j)
				}
				edges[[2]int32{int32(i), j}] = true
			}
		}
		for e := range edges {
			if !edges[[2]int32{e[1], e[0]}] {
				t.Fatalf("%s: edge %v one way only", tc.topo, e)
			}
		}
		if s.Rewire >= 0 {
			if len(edges) != 8*n {
				t.Errorf("%s: %d directed edges, want the lattice's %d", tc.topo, len(edges), 8*n)
			}
			moved := 0
			for e := range edges {
				dx, dy := int(e[0])%tc.w-int(e[1])%tc.w, int(e[0])/tc.w-int(e[1])/tc.w
				if dx*dx > 1 && dx*dx < (tc.w-1)*(tc.w-1) || dy*dy > 1 && dy*dy < (tc.h-1)*(tc.h-1) {
					moved++
				}
			}
			if s.Rewire == 0 && moved != 0 || s.Rewire == 0.2 && (moved < 8*n/10/2 || moved > 8*n*3/10) {
				t.Errorf("%s: %d of %d directed edges leave the lattice", tc.topo, moved, 8*n)
			}
		}
	}
}

// TestRandomGraphsAlwaysBuild builds every random:K the flags allow on
// small swarms, where repairing the pairing is hardest, for a few seeds.
func TestRandomGraphsAlwaysBuild(t *testing.T) {
	for w := 3; w <= 12; w++ {
		for h := 3; h <= 6; h++ {
			m := components.DefaultModel()
			m.Width, m.Height = w, h
			n := w * h
			for k := 1; 2*k <= n && k <= MaxDegree; k++ {
				if n*k%2 != 0 {
					continue
				}
				m.Topology = fmt.Sprintf("random:%d", k)
				s, err := ParseShape(m)
				if err != nil {
					t.Fatal(err)
				}
				for seed := range uint64(3) {
					if _, err := buildGraph(m, s, seed); err != nil {
						t.Fatalf("%dx%d %s seed %d: %v", w, h, m.Topology, seed, err)
					}
				}
			}
		}
	}
}

// TestNoiseDistribution checks the noise the variant adds to a step, as
// noiseOctet, gauss and noiseScale make it, over a million draws: mean 0,
// the standard deviation σ·√dt the README states, a kurtosis near the
// Gaussian's 3 (256 quantiles of it: 2.918), and no correlation between
// neighbouring fireflies, the fireflies of the next draw, the next row or
// the next tick. And gauss itself: symmetric, variance 1, and the normal
// quantiles that math.Erfinv gives.
func TestNoiseDistribution(t *testing.T) {
	var v float64
	for k, g := range gauss {
		v += float64(g) * float64(g)
		if gauss[255-k] != -g || k > 0 && g <= gauss[k-1] {
			t.Fatalf("gauss[%d] = %v: not symmetric and increasing", k, g)
		}
	}
	if v /= 256; math.Abs(v-1) > 1e-6 {
		t.Errorf("gauss: variance %v, want 1", v)
	}
	scale := math.Sqrt(v) / float64(gauss[255]) * (math.Sqrt2 * math.Erfinv(255.0/256)) // the scaling applied to the quantiles
	for k, g := range gauss {
		if want := math.Sqrt2 * math.Erfinv(float64(2*k+1)/256-1) / scale; math.Abs(float64(g)-want) > 1e-5 {
			t.Errorf("gauss[%d] = %v, want the normal quantile at (k+½)/256 scaled, %v", k, g, want)
		}
	}
	const sigma = 0.05 // seconds
	const w, h, ticks = 64, 64, 250
	sd := noiseScale(sigma)
	key := mix64(7 ^ saltNoise)
	grid := func(tick int32) []float64 {
		out := make([]float64, w*h)
		for i := range out {
			b := uint8(noiseOctet(key, tick, uint64(i>>3)) >> (8 * (i & 7)))
			out[i] = float64(float32(sd * gauss[b]))
		}
		return out
	}
	var n, sum, sum2, sum4 float64
	pairs := map[string]*[3]float64{"next": {}, "next but one": {}, "next draw": {}, "next row": {}, "next tick": {}}
	corr := func(name string, a, b float64) {
		c := pairs[name]
		c[0] += a * b
		c[1]++
	}
	prev := grid(0)
	for tick := int32(1); tick <= ticks; tick++ {
		g := grid(tick)
		for i, x := range g {
			n++
			sum += x
			sum2 += x * x
			sum4 += x * x * x * x
			if i+1 < len(g) {
				corr("next", x, g[i+1])
			}
			if i+2 < len(g) {
				corr("next but one", x, g[i+2])
			}
			if i+8 < len(g) {
				corr("next draw", x, g[i+8])
			}
			if i+w < len(g) {
				corr("next row", x, g[i+w])
			}
			corr("next tick", x, prev[i])
		}
		prev = g
	}
	want := sigma * math.Sqrt(float64(dt))
	mean, variance := sum/n, sum2/n-(sum/n)*(sum/n)
	if math.Abs(mean) > 0.005*want {
		t.Errorf("mean %g, want 0 within %g", mean, 0.005*want)
	}
	if sd := math.Sqrt(variance); math.Abs(sd/want-1) > 0.005 {
		t.Errorf("standard deviation %g, want σ·√dt = %g within 0.5%%", sd, want)
	}
	if k := sum4 / n / (variance * variance); math.Abs(k-2.918) > 0.02 {
		t.Errorf("kurtosis %.4f, want 2.918 (256 quantiles of a Gaussian)", k)
	} else {
		t.Logf("kurtosis %.4f", k)
	}
	for name, c := range pairs {
		if r := c[0] / c[1] / variance; math.Abs(r) > 0.006 {
			t.Errorf("correlation with the %s %.4f, want 0 within 0.006", name, r)
		} else {
			t.Logf("correlation with the %s %+.4f", name, r)
		}
	}
}
