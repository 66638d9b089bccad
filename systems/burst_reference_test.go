package systems

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// refFirefly is one firefly of the plain burst model: the rules of
// docs/model.md, "Real fireflies", written as they read, one firefly at a
// time, with who sees whom found by brute force.
type refFirefly struct {
	charge, rate float32
	readyAt      int32 // between bursts: the first tick it may burst and gain from flashes
	inBurst      bool
	flashesLeft  int32
	nextFlash    int32
	flashes      int32 // of its next burst
	cycle        int32 // ticks between that burst's flashes
	lastFlash    int32
}

// refCarolinus is the reference the engine is checked against.
type refCarolinus struct {
	m      components.Model
	ff     []refFirefly
	sees   [][]int32 // by firefly: whom it sees
	seeds  [len(carolinusStream)]uint64
	quiet  *quietTable
	refr   int32
	tick   int32
	period float32
}

func newRefCarolinus(t *testing.T, m components.Model) *refCarolinus {
	t.Helper()
	q, err := quietOf(m.Quiet)
	if err != nil {
		t.Fatal(err)
	}
	n := m.Fireflies()
	r := &refCarolinus{m: m, ff: make([]refFirefly, n), sees: make([][]int32, n), quiet: q,
		refr: int32(math.Round(m.BurstRefractory.Seconds() * TPS)), period: float32(m.Period.Seconds())}
	p := newParams(m)
	for k, salt := range carolinusStream {
		r.seeds[k] = mix64(p.seed ^ salt)
	}
	group, err := ParseGroup(m)
	if err != nil {
		t.Fatal(err)
	}
	shape, err := ParseShape(m)
	if err != nil {
		t.Fatal(err)
	}
	var g *csr
	if group == 0 && shape.Graph() {
		if g, err = buildGraph(m, shape, p.seed); err != nil {
			t.Fatal(err)
		}
	}
	for i := range int32(n) {
		for j := range int32(n) {
			if i == j {
				continue
			}
			var sees bool
			switch {
			case group > 0:
				sees = int(i)/group == int(j)/group
			case shape.All:
				sees = true
			case g != nil:
				sees = slices.Contains(g.adj[g.start[j]:g.start[j+1]], i)
			default:
				for _, o := range shape.Offsets {
					if latticeNeighbour(int(j)%m.Width, int(j)/m.Width, o, m.Width, m.Height, shape.Torus) == i {
						sees = true
					}
				}
			}
			if sees {
				r.sees[i] = append(r.sees[i], j)
			}
		}
		f := &r.ff[i]
		f.charge = r.draw(drawCharge, i, 0)
		r.plan(f, i, 0)
		f.rate = 1 / max(float32(r.quiet.draw(r.draw(drawQuiet, i, 0))*TPS), 1)
		f.lastFlash = components.NeverFlashed
	}
	return r
}

func (r *refCarolinus) draw(k int, i, t int32) float32 { return unit(r.seeds[k], i, t) }

func (r *refCarolinus) plan(f *refFirefly, i, t int32) {
	f.flashes = burstFlashes.pick(r.draw(drawFlashes, i, t))
	f.cycle = flashCharge.pick(r.draw(drawCharging, i, t)) + flashDischarge.pick(r.draw(drawDischarge, i, t))
}

// step runs one tick and returns who flashed.
func (r *refCarolinus) step() []int32 {
	r.tick++
	t := r.tick
	seen := make([]int32, len(r.ff))
	for i := range r.ff {
		for _, j := range r.sees[i] {
			if r.ff[j].lastFlash == t-1 {
				seen[i]++
			}
		}
	}
	var flashed []int32
	flash := func(i int32) {
		f := &r.ff[i]
		f.lastFlash = t
		flashed = append(flashed, i)
		f.flashesLeft--
		if f.flashesLeft > 0 {
			f.nextFlash = t + f.cycle
			return
		}
		burst := (f.flashes - 1) * f.cycle // from its first flash to its last
		f.inBurst = false
		r.plan(f, i, t)
		interval := r.quiet.draw(r.draw(drawQuiet, i, t))
		f.rate = 1 / max(float32(interval*TPS)-float32(burst), 1)
		f.charge = 0
		f.readyAt = t + r.refr
	}
	for i := range int32(len(r.ff)) {
		f := &r.ff[i]
		if f.inBurst {
			if t >= f.nextFlash {
				flash(i)
			}
			continue
		}
		ch := f.charge + f.rate
		if t >= f.readyAt {
			if seen[i] > 0 {
				ch += float32(float32(r.m.Beta) * float32(seen[i]))
			}
			if ch >= 1 {
				f.inBurst, f.flashesLeft = true, f.flashes
				flash(i)
				continue
			}
		} else {
			ch = min(ch, 1)
		}
		f.charge = ch
	}
	return flashed
}

// carolinusOf is s's burst engine.
func carolinusOf(t *testing.T, s *Sim) *Carolinus {
	for _, sys := range s.systems {
		if c, ok := sys.(*Carolinus); ok {
			return c
		}
	}
	t.Fatal("no Carolinus among the systems")
	return nil
}

func carolinusModel(w, h int, group string, beta float64) components.Model {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = w, h, 17
	m.Kind, m.Group, m.Beta = "carolinus", group, beta
	return m
}

// TestCarolinusMatchesReference runs the burst engine and the plain
// reference side by side and compares every tick: who flashed, and each
// firefly's charge; in tents, all-to-all, on the lattice and on a graph,
// with strong and weak coupling, and with no refractory time.
func TestCarolinusMatchesReference(t *testing.T) {
	cases := map[string]components.Model{
		"tents of 5":   carolinusModel(5, 4, "5", 0.2),
		"tents of 1":   carolinusModel(3, 3, "1", 0.2),
		"one tent":     carolinusModel(6, 5, "30", 0.02),
		"all":          carolinusModel(4, 4, "grid", 0.1),
		"lattice":      carolinusModel(7, 6, "grid", 0.3),
		"free edges":   carolinusModel(7, 6, "grid", 0.5),
		"graph":        carolinusModel(6, 6, "grid", 0.4),
		"no refractor": carolinusModel(5, 4, "10", 0.3),
	}
	m := cases["all"]
	m.Topology = "all"
	cases["all"] = m
	m = cases["free edges"]
	m.Neighbours, m.Edges = "vonneumann", "free"
	cases["free edges"] = m
	m = cases["graph"]
	m.Topology = "random:3"
	cases["graph"] = m
	m = cases["no refractor"]
	m.BurstRefractory = 0
	cases["no refractor"] = m
	for name, m := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := New(m, Options{Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			eng := carolinusOf(t, s)
			ref := newRefCarolinus(t, m)
			var flashes int
			for tick := range int32(Ticks(20 * time.Minute)) {
				s.Update()
				want := ref.step()
				got := slices.Sorted(slices.Values(eng.Flashed()))
				if !slices.Equal(got, want) {
					t.Fatalf("tick %d: got flashes %v, want %v", tick+1, got, want)
				}
				flashes += len(got)
				for i, f := range ref.ff {
					if !f.inBurst && eng.charge[i] != f.charge {
						t.Fatalf("tick %d, firefly %d: got charge %v, want %v", tick+1, i, eng.charge[i], f.charge)
					}
				}
			}
			if flashes < 100*m.Fireflies()/20 {
				t.Errorf("only %d flashes in 20 minutes", flashes)
			}
		})
	}
}

// TestCarolinusWorkers: the burst model's trace is the same for any
// number of workers.
func TestCarolinusWorkers(t *testing.T) {
	for _, group := range []string{"20", "grid"} {
		var first string
		for _, workers := range []int{1, 2, 5} {
			m := carolinusModel(20, 10, group, 0.2)
			s, err := New(m, Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			for range Ticks(5 * time.Minute) {
				s.Update()
			}
			h := fmt.Sprintf("%016x/%d", s.Obs.TraceHash, s.Bursts().N)
			s.Close()
			if first == "" {
				first = h
			} else if h != first {
				t.Errorf("group %s, %d workers: got %s, want %s as with one", group, workers, h, first)
			}
		}
	}
}

// TestCarolinusAllocs: a tick of the burst model, its measure included,
// allocates nothing.
func TestCarolinusAllocs(t *testing.T) {
	for _, group := range []string{"20", "grid"} {
		m := carolinusModel(40, 30, group, 0.2)
		if group == "grid" {
			m.Neighbours = "vonneumann"
		}
		s, err := New(m, Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		s.WaitEntities()
		for range Ticks(time.Minute) {
			s.Update()
		}
		if n := testing.AllocsPerRun(600, s.Update); n != 0 {
			t.Errorf("group %s: got %v allocations a tick, want 0", group, n)
		}
		s.Close()
	}
}

// TestInterburstsGap: a group's burst ends with a pause of BurstGap ticks
// or more, and the intervals run from a burst's first flash to the next
// one's, each group apart.
func TestInterburstsGap(t *testing.T) {
	m := carolinusModel(4, 3, "6", 0.2)
	s, err := New(m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	eng := carolinusOf(t, s)
	var ib *Interbursts
	for _, sys := range s.systems {
		if x, ok := sys.(*Interbursts); ok {
			ib = x
		}
	}
	// Tent 0 flashes at ticks 10, 40 (one burst), 40+BurstGap (a new one:
	// 30+BurstGap after the first), and 1000; tent 1 (fireflies 6 to 11)
	// at 10 and 10+BurstGap-1 (one burst), then 500.
	flashes := map[int32][]int32{
		10: {0, 7}, 40: {3}, 40 + BurstGap: {1}, 10 + BurstGap - 1: {11}, 500: {6}, 1000: {2},
	}
	for tick := int32(1); tick <= 1000; tick++ {
		s.Swarm.Tick = tick
		eng.prev = append(eng.prev[:0], flashes[tick]...)
		ib.Update()
	}
	b := s.Bursts()
	want := map[int]uint32{30 + BurstGap: 1, 1000 - 40 - BurstGap: 1, 490: 1}
	for k, n := range b.Counts {
		if n != want[k] {
			t.Errorf("intervals of %d ticks: got %d, want %d", k, n, want[k])
		}
	}
	if b.N != 3 || b.Groups != 2 {
		t.Errorf("got %d intervals of %d groups, want 3 of 2", b.N, b.Groups)
	}
}
