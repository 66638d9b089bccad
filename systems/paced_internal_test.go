package systems

import (
	"slices"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// pacedSim is a paced world of side×side fireflies, big enough to make
// its entities in the background: side²/pacedChunk chunks.
func pacedSim(t *testing.T, side int) *Sim {
	t.Helper()
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = side, side, 1
	s, err := New(m, Options{Workers: 2, Paced: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// within fails the test unless done closes in time.
func within(t *testing.T, what string, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s: not within a minute", what)
	}
}

// TestPacedBuildWaitsForTheTick: while a tick of a paced run lasts, its
// entities' build stops after the chunk under way (and one more, for a
// tick's end it had not seen), and goes on once the tick ends.
func TestPacedBuildWaitsForTheTick(t *testing.T) {
	s := pacedSim(t, 1024) // a build of a second or so: the tick starts long before its end
	s.ticking.Store(true)  // a tick that lasts until the test says
	before := s.chunks.Load()
	var held int64
	for stable := 0; stable < 5; time.Sleep(20 * time.Millisecond) {
		if c := s.chunks.Load(); c == held {
			stable++
		} else {
			held, stable = c, 0
		}
	}
	if held-before > 2 {
		t.Errorf("%d chunks made during one tick, want at most 2", held-before)
	}
	if _, done := s.EntitiesSeconds(); done {
		t.Fatal("entities complete during the tick")
	}
	ended := make(chan struct{})
	go func() {
		<-s.entitiesEnded
		close(ended)
	}()
	s.Update() // ends the tick
	within(t, "entities after the tick", ended)
	if got, want := s.chunks.Load(), int64(len(s.Swarm.Phase)/pacedChunk); got != want {
		t.Errorf("%d chunks made, want %d", got, want)
	}
}

// TestPacedBuildWithoutIdleTime: a paced run whose ticks follow each other
// without a pause still gets its entities, about a chunk a tick: its
// workers do not linger meanwhile, which would leave the build no core
// (checked on every tick). How many ticks a chunk takes depends on what
// else the machine runs (in CI, the other packages' tests share the
// cores, and one build can be slow), so the median of three builds must
// stay below 4, well above a chunk a tick: a build that stalled, or
// waited for idle time that never comes, takes far more.
func TestPacedBuildWithoutIdleTime(t *testing.T) {
	var perChunk []float64
	for range 3 {
		s := pacedSim(t, 512)
		ticks := 0
		for ; ; ticks++ {
			// In this order: the build lets the workers linger only
			// after its entities are complete.
			lingers := s.pool.Lingers()
			if _, done := s.EntitiesSeconds(); done {
				break
			}
			if lingers {
				t.Fatalf("tick %d: the workers linger while the entities are made", ticks)
			}
			if ticks > 20*len(s.Swarm.Phase)/pacedChunk {
				t.Fatalf("entities not complete after %d ticks", ticks)
			}
			s.Update()
		}
		s.WaitEntities() // the build's goroutine has ended, and let the workers linger again
		if s.pool.Linger > 0 && !s.pool.Lingers() {
			t.Error("the workers do not linger once the entities are made")
		}
		perChunk = append(perChunk, float64(ticks)/float64(len(s.Swarm.Phase)/pacedChunk))
	}
	slices.Sort(perChunk)
	if perChunk[1] > 4 {
		t.Errorf("%.2f ticks a chunk (the median of %.2f), want at most 4", perChunk[1], perChunk)
	}
}

// TestPacedBuildHurries: waiting for the entities, during a tick too (a
// brush stroke), ends the waits for the ticks.
func TestPacedBuildHurries(t *testing.T) {
	s := pacedSim(t, 512)
	s.ticking.Store(true)
	waited := make(chan struct{})
	go func() {
		if !s.WaitEntities() {
			t.Error("WaitEntities: the build stopped")
		}
		close(waited)
	}()
	within(t, "WaitEntities during a tick", waited)
}
