package systems_test

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/yohamta/donburi"
	"github.com/yohamta/donburi/filter"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestPaintWhileEntitiesAreMade: cells painted right after New, while the
// entities are still being made on their own goroutine, and the ticks run
// meanwhile, end as exactly the cells a donburi query finds, and are kept
// so by the Brushes system.
// A paced run's build, waiting for the ticks, does the same.
func TestPaintWhileEntitiesAreMade(t *testing.T) {
	for _, paced := range []bool{false, true} {
		t.Run(fmt.Sprintf("paced=%v", paced), func(t *testing.T) { paintWhileEntitiesAreMade(t, paced) })
	}
}

func paintWhileEntitiesAreMade(t *testing.T, paced bool) {
	m := model(512, 512, 3) // four chunks of entities, 512 when paced: made after New returns
	s, err := systems.New(m, systems.Options{Workers: 2, Paced: paced})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, early := s.EntitiesSeconds()
	for range 3 {
		s.Update() // Brushes makes no query yet
	}
	pace := []int32{0, 5, 70000, 262143}
	hush := []int32{1, 140000, 200001}
	if err := s.Paint(pace, systems.PacemakerKind); err != nil {
		t.Fatal(err)
	}
	if err := s.Paint(hush, systems.SilencedKind); err != nil {
		t.Fatal(err)
	}
	t.Logf("entities complete before the first paint: %v", early)
	s.Update()
	w := s.Entities()
	if w == nil {
		t.Fatal("Entities: nil, the build stopped")
	}
	found := func(c donburi.IComponentType, cell func(*donburi.Entry) int32) []int32 {
		var got []int32
		donburi.NewQuery(filter.Contains(c)).Each(w, func(e *donburi.Entry) {
			got = append(got, cell(e))
			if i := cell(e); components.Phase.Get(e) != &s.Swarm.Phase[i] {
				t.Errorf("cell %d: its entity's Phase is not the cell's", i)
			}
		})
		slices.Sort(got)
		return got
	}
	if got := found(components.Pacemaker, func(e *donburi.Entry) int32 { return components.Pacemaker.Get(e).Cell }); !slices.Equal(got, pace) {
		t.Errorf("pacemakers: got %v, want %v", got, pace)
	}
	if got := found(components.Silenced, func(e *donburi.Entry) int32 { return components.Silenced.Get(e).Cell }); !slices.Equal(got, hush) {
		t.Errorf("silenced: got %v, want %v", got, hush)
	}
	for _, i := range slices.Concat(pace, hush) {
		if u := s.Swarm.Refractory[i].Until; u != math.MaxInt32 {
			t.Errorf("cell %d: deaf until tick %d after a tick, want for ever (kept by Brushes)", i, u)
		}
	}
	if got, want := s.Pacemakers(), len(pace); got != want {
		t.Errorf("Pacemakers: got %d, want %d", got, want)
	}
}

// TestCloseWhileEntitiesAreMade: Close right after New stops the
// entities' build and returns, leaving no goroutine behind.
func TestCloseWhileEntitiesAreMade(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := systems.New(model(1024, 1024, 1), systems.Options{Workers: 3}) // 16 chunks
	if err != nil {
		t.Fatal(err)
	}
	s.Update()
	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(time.Minute):
		t.Fatal("Close did not return within a minute")
	}
	if s.WaitEntities() {
		t.Error("WaitEntities after Close: true, want false (the build stopped)")
	}
	if err := s.Paint([]int32{0}, systems.PacemakerKind); err != systems.ErrCancelled {
		t.Errorf("Paint after the build stopped: got %v, want ErrCancelled", err)
	}
	if got := s.Kind(0); got != systems.Normal {
		t.Errorf("Kind: got %v, want normal", got)
	}
	// The workers end on their own after Close: wait for them.
	deadline := time.Now().Add(30 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := runtime.NumGoroutine(); got > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: got %d after Close, want at most %d as before New\n%s", got, before, buf[:runtime.Stack(buf, true)])
	}
}
