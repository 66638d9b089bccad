package systems

import (
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TestSetModelSwapsTheRules changes the rules of a running world — to a
// variant, to others, and back to the default — and checks that the
// phases carry over untouched, that the right rule systems run after each
// change, and that the run gives one trace for any number of workers.
func TestSetModelSwapsTheRules(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 40, 30, 3
	steps := []func(*components.Model){
		func(m *components.Model) { m.Response, m.Threshold = "fire", 2 },
		func(m *components.Model) { m.Noise, m.PeriodSpread = 20*time.Millisecond, 300*time.Millisecond },
		func(m *components.Model) {
			m.Neighbours, m.Noise, m.PeriodSpread = "radius:2", 20*time.Millisecond, 300*time.Millisecond
		},
		func(m *components.Model) { m.Period = 3 * time.Second },
		func(m *components.Model) { m.Topology, m.Neighbours = "all", "" },
		func(m *components.Model) { *m = components.DefaultModel(); m.Width, m.Height, m.Seed = 40, 30, 3 },
	}
	var want uint64
	for _, workers := range []int{1, 3} {
		s, err := New(m, Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		mm := m
		for k, change := range steps {
			for range 200 {
				s.Update()
			}
			before := append([]components.PhaseData(nil), s.Swarm.Phase...)
			change(&mm)
			if err := s.SetModel(mm); err != nil {
				t.Fatalf("step %d: %v", k, err)
			}
			for i := range before {
				if s.Swarm.Phase[i] != before[i] {
					t.Fatalf("step %d: firefly %d's phase changed from %v to %v", k, i, before[i], s.Swarm.Phase[i])
				}
			}
			// The default engine runs the 8 neighbours on the torus, whatever
			// the rule; the variant engine the rest.
			shape, _ := ParseShape(mm)
			_, variant := s.systems[1].(*Variant)
			if a, def := s.systems[1].(*Advance); variant == def || variant == shape.Moore() ||
				def && (a.steps != nil) != (mm.Noise > 0 || mm.PeriodSpread > 0) {
				t.Errorf("step %d: rules %T for %+v", k, s.systems[1], mm)
			}
		}
		for range 200 {
			s.Update()
		}
		if s.Obs.TotalFlashes == 0 {
			t.Fatal("nothing flashed")
		}
		if workers == 1 {
			want = s.Obs.TraceHash
		} else if s.Obs.TraceHash != want {
			t.Errorf("%d workers: trace %x, one worker %x", workers, s.Obs.TraceHash, want)
		}
		s.Close()
	}
}

// TestSetModelRefusesANewWorld: the grid and the seed need a new world.
func TestSetModelRefusesANewWorld(t *testing.T) {
	m := components.DefaultModel()
	s, err := New(m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, change := range []func(*components.Model){
		func(m *components.Model) { m.Width = 60 },
		func(m *components.Model) { m.Seed = 2 },
		func(m *components.Model) { m.QueueDeafFlashes = true },
	} {
		mm := m
		change(&mm)
		if s.SetModel(mm) == nil {
			t.Errorf("%+v: accepted", mm)
		}
	}
}

// TestUnknownResponseRefused: an unknown response rule is an error on
// either engine, from New and from SetModel, never the default rule run
// in its place.
func TestUnknownResponseRefused(t *testing.T) {
	for _, nb := range []string{"", "vonneumann"} { // the default engine, the variant one
		m := components.DefaultModel()
		m.Neighbours, m.Response = nb, "delay"
		if _, err := New(m, Options{Workers: 1}); err == nil {
			t.Errorf("neighbours %q: New took -response delay", nb)
		}
		m.Response = ""
		s, err := New(m, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		m.Response = "delay"
		if s.SetModel(m) == nil {
			t.Errorf("neighbours %q: SetModel took -response delay", nb)
		}
		s.Close()
	}
}
