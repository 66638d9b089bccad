package live_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/firefly-observatory/fireflies/live"
)

// TestRandomLiveRunsReplay drives live runs with random changes of every
// kind, at random ticks, paused and running, and replays each journal with
// 1 and 3 workers: the same trace hash at the same tick every time.
func TestRandomLiveRunsReplay(t *testing.T) {
	settings := [][2]string{
		{"nudge", "0s"}, {"nudge", "350ms"}, {"period", "2s"}, {"period", "6s"}, {"refractory", "300ms"},
		{"jitter", "0s"}, {"jitter", "40ms"}, {"glow", "0.5"}, {"grid", "13x9"}, {"grid", "24x17"},
		{"seed", "99"}, {"deaf-flashes", "queue"}, {"deaf-flashes", "drop"}, {"start-deaf", "true"},
		{"refractory-clock", "phase"}, {"refractory-clock", "time"}, {"r-from", "flashes"},
		{"response", "fire"}, {"response", "reset"}, {"response", "proportional"}, {"response", "advance"},
		{"threshold", "2"}, {"threshold", "1"}, {"period-spread", "300ms"}, {"period-spread", "0s"},
		{"noise", "20ms"}, {"noise", "0s"}, {"neighbours", "vonneumann"}, {"neighbours", "radius:2"},
		{"neighbours", "moore"}, {"edges", "free"}, {"edges", "torus"}, {"topology", "smallworld:0.2"},
		{"topology", "random:4"}, {"topology", "all"}, {"topology", "lattice"},
	}
	for run := range 24 {
		rng := rand.New(rand.NewPCG(uint64(run), 7))
		var file bytes.Buffer
		s, err := live.New(parse(t, "-grid", "20x15", "-seed", fmt.Sprint(run), "-workers", "2"), &file)
		if err != nil {
			t.Fatal(err)
		}
		for range 40 {
			switch rng.IntN(6) {
			case 0:
				c := settings[rng.IntN(len(settings))]
				s.Set(c[0], c[1]) // some are refused (the jitter above a short period): fine
			case 1:
				s.Control(live.Actions[rng.IntN(len(live.Actions))])
			case 2:
				s.SetSpeed(live.Speeds[rng.IntN(len(live.Speeds))])
			default:
				m := s.Model()
				s.Paint(live.Brushes[rng.IntN(len(live.Brushes))], rng.IntN(m.Width), rng.IntN(m.Height), rng.IntN(4))
			}
			for range rng.IntN(90) {
				s.Tick()
			}
		}
		hash, tick := s.Sim().Obs.TraceHash, s.Sim().Swarm.Tick
		s.Close()
		j, err := live.ReadJournal(bytes.NewReader(file.Bytes()), "j.jsonl")
		if err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, file.Bytes())
		}
		for _, w := range []string{"1", "3"} {
			r, err := live.NewReplay(parse(t, "-workers", w), j, nil, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			for r.Tick() {
			}
			if got := r.Sim().Obs.TraceHash; got != hash || r.Sim().Swarm.Tick != tick || r.EndMismatch() != "" {
				t.Errorf("run %d, -workers %s: got %x at tick %d (%s), want %x at %d\n%s", run, w, got, r.Sim().Swarm.Tick, r.EndMismatch(), hash, tick, file.Bytes())
			}
			r.Close()
		}
	}
}
