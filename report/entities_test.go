package report

import (
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestSummaryWhileEntitiesAreMade: a run that starts ticking while its
// world's entities are still being made reports entities_seconds once
// they are complete, and counts as allocations per tick only the ticks'
// own, not the millions the entities' goroutine makes meanwhile.
func TestSummaryWhileEntitiesAreMade(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 1024, 512, 7 // eight chunks: made after New returns
	sim, err := systems.New(m, systems.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	r := NewRecorder(sim, 1000)
	r.Start()
	early := r.counting
	for range 5 {
		sim.Update()
		r.Tick(0)
	}
	sim.WaitEntities()
	for range 100 {
		sim.Update()
		r.Tick(0)
	}
	r.Finish()
	s := r.Summary()
	t.Logf("entities complete at the start: %v; allocations counted over %d ticks", early, r.allocTicks)
	if s.EntitiesSeconds == nil || *s.EntitiesSeconds <= 0 {
		t.Errorf("entities_seconds: got %v, want the time they took", s.EntitiesSeconds)
	}
	if r.allocTicks < 99 || r.allocTicks > 105 {
		t.Errorf("allocations counted over %d ticks, want the 99–105 after the entities", r.allocTicks)
	}
	if s.AllocsPerTick > 1 {
		t.Errorf("allocs_per_tick: got %v, want about 0 (the entities' allocations left out)", s.AllocsPerTick)
	}
}

// TestSummaryCountsTicksPastTheTimesKept: the recorder keeps the times of
// the first ticks only, but the summary counts every tick (a 5 h run was
// reported as the 864,000 ticks of 4 h).
func TestSummaryCountsTicksPastTheTimesKept(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height = 8, 8
	sim, err := systems.New(m, systems.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	r := NewRecorder(sim, 10) // times for 10 ticks
	for range 25 {
		sim.Update()
		r.Tick(0)
	}
	r.Finish()
	if s := r.Summary(); s.Ticks != 25 {
		t.Errorf("got %d ticks, want 25", s.Ticks)
	}
}
