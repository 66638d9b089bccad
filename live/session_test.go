package live_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/yohamta/donburi"
	"github.com/yohamta/donburi/filter"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/systems"
)

func parse(t *testing.T, args ...string) config.Config {
	t.Helper()
	c, err := config.Parse(args, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ticks(s *live.Session, n int) {
	for range n {
		s.Tick()
	}
}

// liveRun drives a session through every kind of change and returns its
// journal and the trace hash it ended with.
func liveRun(t *testing.T, workers string) (journal []byte, hash uint64, tick int32) {
	t.Helper()
	var file bytes.Buffer
	s, err := live.New(parse(t, "-grid", "40x30", "-seed", "5", "-workers", workers), &file)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ticks(s, 90)
	must(s.Set("nudge", "300ms"))
	must(s.Paint("pacemaker", 3, 4, 2))
	must(s.Paint("silence", 20, 20, 3))
	ticks(s, 100)
	must(s.Control("pause"))
	ticks(s, 10)
	must(s.Control("step"))
	must(s.Control("step"))
	must(s.Paint("flash", 10, 10, 4))
	ticks(s, 5)
	must(s.Control("resume"))
	must(s.Paint("scramble", 30, 5, 6))
	must(s.SetSpeed(8))
	must(s.Set("period", "3s"))
	ticks(s, 200)
	must(s.Control("reseed"))
	ticks(s, 50)
	must(s.Set("grid", "33x21"))
	ticks(s, 30)
	must(s.Paint("erase", 1, 1, 1))
	must(s.Set("jitter", "50ms"))
	ticks(s, 70)
	hash, tick = s.Sim().Obs.TraceHash, s.Sim().Swarm.Tick
	page := s.Journal()
	must(s.Close())
	if !bytes.Equal(page, file.Bytes()) {
		t.Errorf("Journal() and the file differ:\n%s\n%s", page, file.Bytes())
	}
	return file.Bytes(), hash, tick
}

func TestReplayGivesTheLiveTraceHash(t *testing.T) {
	journal, hash, tick := liveRun(t, "2")
	j, err := live.ReadJournal(bytes.NewReader(journal), "j.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"1", "3"} {
		s, err := live.NewReplay(parse(t, "-workers", w), j, nil, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		for s.Tick() {
		}
		if got := s.Sim().Obs.TraceHash; got != hash || s.Sim().Swarm.Tick != tick {
			t.Errorf("-workers %s: got %x at tick %d, want %x at %d", w, got, s.Sim().Swarm.Tick, hash, tick)
		}
		if m := s.EndMismatch(); m != "" {
			t.Error(m)
		}
		s.Close()
	}
}

func TestStepRunsExactlyOneTick(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "10", "-seed", "1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ticks(s, 3)
	s.Control("pause")
	ticks(s, 5)
	if got := s.Sim().Swarm.Tick; got != 3 {
		t.Fatalf("paused: got tick %d, want 3", got)
	}
	s.Control("step")
	ticks(s, 5)
	if got := s.Sim().Swarm.Tick; got != 4 {
		t.Fatalf("after a step: got tick %d, want 4", got)
	}
}

func TestSetChangesParamsAndRefusesBadValues(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "10", "-seed", "1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Set("nudge", "300ms"); err != nil {
		t.Fatal(err)
	}
	s.Tick()
	if got := s.Params()["nudge"]; got != "300ms" {
		t.Errorf("params nudge: got %q, want 300ms", got)
	}
	if got := s.Model().Nudge.String(); got != "300ms" {
		t.Errorf("model nudge: got %s, want 300ms", got)
	}
	for _, c := range [][2]string{{"nudge", "-1s"}, {"jitter", "10s"}, {"workers", "3"}, {"grid", "2x2"}} {
		err := s.Set(c[0], c[1])
		if !errors.As(err, new(*config.Error)) {
			t.Errorf("Set(%q, %q): got %v, want a config error", c[0], c[1], err)
		}
	}
	if err := s.Set("grid", "12x9"); err != nil {
		t.Fatal(err)
	}
	s.Tick()
	if m := s.Model(); m.Width != 12 || m.Height != 9 || !strings.Contains(s.Note(), "restarted") {
		t.Errorf("grid 12x9: got %dx%d, note %q", m.Width, m.Height, s.Note())
	}
}

// TestQueryFindsThePaintedCells: a painted world is inspectable through
// the ECS.
func TestQueryFindsThePaintedCells(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "20x15", "-seed", "2"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Paint("pacemaker", 5, 5, 1)  // 5 cells
	s.Paint("silence", 19, 14, 1)  // 5 cells, wrapping round
	s.Paint("pacemaker", 10, 3, 0) // 1 cell
	s.Paint("erase", 5, 4, 0)      // one pacemaker less
	s.Tick()
	want := map[components.PacemakerData]bool{}
	for _, c := range [][2]int{{5, 5}, {4, 5}, {6, 5}, {5, 6}, {10, 3}} {
		want[components.PacemakerData{Cell: int32(c[1]*20 + c[0])}] = true
	}
	w := s.Sim().World
	got := map[components.PacemakerData]bool{}
	donburi.NewQuery(filter.Contains(components.Pacemaker)).Each(w, func(e *donburi.Entry) {
		p := *components.Pacemaker.Get(e)
		got[p] = true
		// The entity is the firefly of that cell: its Phase is the column's.
		if components.Phase.Get(e) != &s.Sim().Swarm.Phase[p.Cell] {
			t.Errorf("cell %d: the entity's Phase is not the cell's", p.Cell)
		}
	})
	if len(got) != len(want) {
		t.Errorf("pacemakers: got %v, want %v", got, want)
	}
	for p := range want {
		if !got[p] {
			t.Errorf("pacemaker at cell %d not found", p.Cell)
		}
	}
	silenced := map[int32]bool{}
	donburi.NewQuery(filter.Contains(components.Silenced)).Each(w, func(e *donburi.Entry) {
		silenced[components.Silenced.Get(e).Cell] = true
	})
	for _, c := range [][2]int{{19, 14}, {18, 14}, {0, 14}, {19, 13}, {19, 0}} {
		if !silenced[int32(c[1]*20+c[0])] {
			t.Errorf("silenced: cell %v not found in %v", c, silenced)
		}
	}
	if len(silenced) != 5 || s.Pacemakers() != 5 || s.Silenced() != 5 {
		t.Errorf("got %d silenced by query, counts %d pacemakers and %d silenced; want 5, 5, 5", len(silenced), s.Pacemakers(), s.Silenced())
	}
	if k := s.Sim().Kind(5*20 + 4); k != systems.PacemakerKind {
		t.Errorf("Kind(4,5): got %v, want pacemaker", k)
	}
}

// TestPaintedKindsKeepTheirRules: a pacemaker flashes at its own period
// whatever its neighbours do; a silenced firefly never flashes.
func TestPaintedKindsKeepTheirRules(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "30", "-seed", "3", "-nudge", "1s", "-jitter", "0s"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Paint("pacemaker", 15, 15, 0)
	s.Paint("silence", 3, 3, 2)
	sim := s.Sim()
	pm := 15*30 + 15
	var flashes []int32
	for range 60 * 30 {
		s.Tick()
		if sim.Swarm.Glow[pm].FlashTick == sim.Swarm.Tick {
			flashes = append(flashes, sim.Swarm.Tick)
		}
		if sim.Swarm.Glow[3*30+3].FlashTick != components.NeverFlashed {
			t.Fatalf("a silenced firefly flashed at tick %d", sim.Swarm.Tick)
		}
	}
	for k := 1; k < len(flashes); k++ {
		if d := flashes[k] - flashes[k-1]; d < 299 || d > 301 {
			t.Fatalf("pacemaker flashes at ticks %v: got a gap of %d, want 300 (5 s)", flashes, d)
		}
	}
	if len(flashes) < 5 {
		t.Fatalf("pacemaker flashed %d times in 30 s, want 6", len(flashes))
	}
}

func TestFlashBrushFlashesInTheNextTick(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "20", "-seed", "4"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ticks(s, 10)
	s.Paint("flash", 7, 7, 2)
	s.Tick()
	sw := s.Sim().Swarm
	for _, i := range systems.Disc(nil, 20, 20, 7, 7, 2) {
		if sw.Glow[i].FlashTick != sw.Tick {
			t.Errorf("cell %d: last flash at tick %d, want %d", i, sw.Glow[i].FlashTick, sw.Tick)
		}
	}
}

func TestUnpaintedTickAllocatesNothing(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "64", "-seed", "4", "-workers", "2"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ticks(s, 5)
	if n := testing.AllocsPerRun(100, func() { s.Tick() }); n != 0 {
		t.Errorf("unpainted: got %v allocations a tick, want 0", n)
	}
	s.Paint("pacemaker", 1, 1, 3)
	s.Paint("silence", 30, 30, 3)
	ticks(s, 5)
	if n := testing.AllocsPerRun(100, func() { s.Tick() }); n != 0 {
		t.Errorf("painted: got %v allocations a tick, want 0", n)
	}
}
