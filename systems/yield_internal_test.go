package systems

import (
	"runtime"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TestEntitiesYieldTheCores: while a world's entities are made in the
// background, Go has one more processor (for their thread, at the lowest
// priority, see work.YieldCores), and the same number as before once they
// are complete or the world is closed.
func TestEntitiesYieldTheCores(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a thread's own priority is Linux's")
	}
	before := runtime.GOMAXPROCS(0)
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 1024, 1024, 1
	for _, wait := range []bool{true, false} {
		s, err := New(m, Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		raised := false
		for t0 := time.Now(); !raised && time.Since(t0) < 10*time.Second; time.Sleep(time.Millisecond) {
			raised = runtime.GOMAXPROCS(0) == before+1
			if _, done := s.EntitiesSeconds(); done {
				break
			}
		}
		if !raised {
			t.Errorf("GOMAXPROCS stayed %d while the entities were made, want %d", runtime.GOMAXPROCS(0), before+1)
		}
		if wait {
			s.WaitEntities()
		}
		s.Close() // stops the build if it still runs, and waits for it
		if got := runtime.GOMAXPROCS(0); got != before {
			t.Errorf("wait %v: GOMAXPROCS %d after the build, want %d as before", wait, got, before)
		}
	}
}
