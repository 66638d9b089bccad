package systems_test

import (
	"testing"

	"github.com/firefly-observatory/fireflies/systems"
)

// TestRenderModeIsDeterministic: the renderer stress mode hashes its
// flashes like the model, so its runs can be compared too; the trace
// depends on the seed and not on the workers.
func TestRenderModeIsDeterministic(t *testing.T) {
	run := func(seed uint64, workers int) (uint64, int64, int64) {
		m := model(40, 30, seed)
		s, err := systems.New(m, systems.Options{Workers: workers, Load: &systems.Load{Sources: 500, Rate: 30}})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for range 120 {
			s.Update()
		}
		return s.Obs.TraceHash, s.Obs.TotalFlashes, s.Obs.Events
	}
	want, flashes, events := run(5, 1)
	if want == 0 || events != 500*30*2 || flashes >= events {
		t.Fatalf("trace %016x, %d flashes of %d events: want a trace, 30,000 events, and fewer flashes (cells lit twice in a tick)", want, flashes, events)
	}
	if got, _, _ := run(5, 3); got != want {
		t.Errorf("3 workers: trace %016x, want %016x as with 1", got, want)
	}
	if other, _, _ := run(6, 1); other == want {
		t.Errorf("seeds 5 and 6 gave the same trace %016x", want)
	}
}
