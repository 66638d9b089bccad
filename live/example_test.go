package live_test

import (
	"bytes"
	"fmt"
	"io"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
)

// A live run changed while it runs, and its journal replayed to the same
// trace hash at the same tick.
func ExampleSession() {
	cfg, _ := config.Parse([]string{"-grid", "16x12", "-seed", "3"}, config.Headless, io.Discard)
	var journal bytes.Buffer
	s, _ := live.New(cfg, &journal)
	for range 100 {
		s.Tick()
	}
	s.Set("nudge", "300ms")
	s.Paint("pacemaker", 4, 4, 1)
	s.Control("pause")
	s.Tick() // applies the three changes; paused, runs no tick
	s.Control("step")
	s.Tick() // exactly one tick
	fmt.Println(s.Params()["nudge"], s.Pacemakers(), s.Paused(), s.Sim().Swarm.Tick)
	s.Close()

	j, _ := live.ReadJournal(&journal, "run.jsonl")
	r, _ := live.NewReplay(cfg, j, nil, true, nil)
	for r.Tick() {
	}
	fmt.Println(r.Sim().Swarm.Tick, r.EndMismatch() == "")
	r.Close()
	// Output:
	// 300ms 5 true 101
	// 101 true
}
