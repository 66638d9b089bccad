package render

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/params"
)

// TestPanelChoosesTheClock: the panel has a button for -clock with every
// clock the flag takes, on a key of its own; choosing exact in a running
// window restarts its world, and the session says so.
func TestPanelChoosesTheClock(t *testing.T) {
	i := slices.IndexFunc(Choices, func(c Choice) bool { return c.Name == "clock" })
	if i < 0 {
		t.Fatal("no choice for clock")
	}
	if got, want := Choices[i].Values, params.Lookup("clock").Words; !slices.Equal(got, want) {
		t.Errorf("clock's values %q, want the flag's %q", got, want)
	}
	for _, c := range Choices {
		if c.Name != "clock" && c.Key == Choices[i].Key {
			t.Errorf("clock's key is %s's too", c.Name)
		}
	}
	cfg, err := config.Parse([]string{"-grid=12", "-seed=1"}, config.Window, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s, err := live.New(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := s.Sim()
	if got := Choices[i].next(s.Params()["clock"], 1); got != "exact" {
		t.Fatalf("the next clock after ticks: got %q, want exact", got)
	}
	if err := s.Set("clock", "exact"); err != nil {
		t.Fatal(err)
	}
	s.Tick()
	if s.Sim() == before || s.Params()["clock"] != "exact" || !strings.Contains(s.Note(), "restarted") {
		t.Errorf("after clock exact: a new world %v, clock %q, note %q; want a restarted world on the exact clock, said so",
			s.Sim() != before, s.Params()["clock"], s.Note())
	}
}
