package systems

import (
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TestMatchesReference runs Sim and the plain Reference side by side and
// compares every tick's trace hash, with the cascade forced sparse, forced
// dense, and left to choose.
func TestMatchesReference(t *testing.T) {
	mk := func(w, h int, period, nudge, refr, jitter time.Duration) components.Model {
		m := components.DefaultModel()
		m.Width, m.Height, m.Seed = w, h, 99
		m.Period, m.Nudge, m.Refractory, m.Jitter = period, nudge, refr, jitter
		return m
	}
	models := map[string]components.Model{
		"defaults":   mk(70, 45, 5*time.Second, 200*time.Millisecond, time.Second, 100*time.Millisecond),
		"burst":      mk(130, 67, time.Second, time.Second, 200*time.Millisecond, 5*time.Millisecond),
		"strong":     mk(64, 64, 2*time.Second, 700*time.Millisecond, 0, 300*time.Millisecond),
		"narrow":     mk(3, 50, time.Second, 400*time.Millisecond, 100*time.Millisecond, 10*time.Millisecond),
		"wide-words": mk(129, 5, time.Second, 300*time.Millisecond, 50*time.Millisecond, 0),
	}
	// The original experiment's rules, each alone and all together, on the
	// default constants and on a strongly coupled swarm.
	for _, base := range []string{"defaults", "strong"} {
		for name, rule := range map[string]func(*components.Model){
			"queue":       func(m *components.Model) { m.QueueDeafFlashes = true },
			"phase-clock": func(m *components.Model) { m.PhaseClock = true },
			"start-deaf":  func(m *components.Model) { m.StartDeaf = true },
			"original": func(m *components.Model) {
				m.QueueDeafFlashes, m.PhaseClock, m.StartDeaf, m.RFromFlashes = true, true, true, true
			},
		} {
			m := models[base]
			rule(&m)
			models[base+"+"+name] = m
		}
	}
	for name, m := range models {
		for _, mode := range []string{"sparse", "dense", "auto"} {
			t.Run(name+"/"+mode, func(t *testing.T) {
				s, err := New(m, Options{Workers: 3})
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				wv := s.systems[2].(*Cascade).waves // after Brushes and Advance
				switch mode {
				case "sparse":
					wv.denseMin, wv.listCap = 1<<30, 1<<30
					for b := range wv.bands {
						wv.bands[b].touched = make([]int32, 0, m.Fireflies())
					}
				case "dense":
					wv.denseMin = 1
				}
				r := NewReference(m)
				ticks := 600
				if testing.Short() {
					ticks = 120
				}
				for tick := range ticks {
					s.Update()
					r.Step()
					if s.Obs.TraceHash != r.Hash {
						t.Fatalf("tick %d: trace %016x, reference %016x", r.Tick, s.Obs.TraceHash, r.Hash)
					}
					if tick%37 != 36 && tick != ticks-1 {
						continue
					}
					for i := range r.Phase {
						until := s.Swarm.Refractory[i].Until
						if s.Swarm.Phase[i].Seconds != r.Phase[i] || !sameDeafness(until, r.Tick, r.Refr[i], m.PhaseClock) {
							t.Fatalf("tick %d firefly %d: phase %v deaf until tick %d, reference %v and %v s deaf",
								r.Tick, i, s.Swarm.Phase[i].Seconds, until, r.Phase[i], r.Refr[i])
						}
					}
				}
				if r.Flashes == 0 || s.Obs.TotalFlashes != r.Flashes {
					t.Fatalf("%d flashes, reference %d", s.Obs.TotalFlashes, r.Flashes)
				}
			})
		}
	}
}

func testBurst(w, h int) components.Model {
	m := components.DefaultModel()
	m.Width, m.Height = w, h
	m.Period, m.Nudge, m.Refractory, m.Jitter = time.Second, time.Second, 200*time.Millisecond, 5*time.Millisecond
	return m
}

// TestNaiveMatches checks that the naive ECS tick used in benchmarks has
// the same semantics: the same trace as Sim.
func TestNaiveMatches(t *testing.T) {
	for _, m := range []components.Model{testBurst(60, 40), func() components.Model {
		m := components.DefaultModel()
		m.Width, m.Height, m.Seed = 90, 50, 4
		return m
	}()} {
		s, err := New(m, Options{Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		n := NewNaive(m)
		for range 400 {
			s.Update()
			n.Step()
		}
		s.Close()
		if s.Obs.TraceHash != n.Hash {
			t.Errorf("period %v: naive trace %016x, Sim %016x", m.Period, n.Hash, s.Obs.TraceHash)
		}
	}
}

// TestSourcesLightDistinctCells checks that the render mode's events land
// on different cells: on a large grid nearly all of a tick's events do.
func TestSourcesLightDistinctCells(t *testing.T) {
	if testing.Short() {
		t.Skip("one worker and a large grid; -short")
	}
	m := components.DefaultModel()
	m.Width, m.Height = 1000, 1000
	s, err := New(m, Options{Workers: 1, Load: &Load{Sources: 5000, Rate: 2}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lit := 0
	for range 60 {
		s.Update()
		for _, g := range s.Swarm.Glow {
			if g.FlashTick == s.Swarm.Tick {
				lit++
			}
		}
	}
	if events := s.Obs.Events; events < 9999 || events > 10000 || lit < 9900 {
		t.Errorf("got %d events lighting %d cells in one second, want 10000 on nearly as many cells", events, lit)
	}
	if got := s.Obs.TotalFlashes; got != int64(lit) {
		t.Errorf("got %d flashes, want the %d cells lit, each once a tick", got, lit)
	}
	s.WaitEntities() // their goroutine allocates; the ticks do not
	if a := testing.AllocsPerRun(100, s.Update); a != 0 {
		t.Errorf("%v allocations per render tick, want 0", a)
	}
}
