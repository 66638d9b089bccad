package systems_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

func carolinus(w, h int, group string, beta float64) components.Model {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = w, h, 5
	m.Kind, m.Group, m.Beta = "carolinus", group, beta
	return m
}

func runFor(t *testing.T, m components.Model, d time.Duration) *systems.Sim {
	t.Helper()
	s, err := systems.New(m, systems.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for range systems.Ticks(d) {
		s.Update()
	}
	return s
}

// TestCarolinusPinned keeps the burst model's flashes as they are: a
// change to its rules, its draws or its distributions shows here.
func TestCarolinusPinned(t *testing.T) {
	s := runFor(t, carolinus(10, 10, "20", 0.2), 10*time.Minute)
	if got, want := fmt.Sprintf("%016x", s.Obs.TraceHash), "8bcb30ce148f1b12"; got != want {
		t.Errorf("trace_hash: got %s, want %s", got, want)
	}
}

// TestCarolinusAlone: a firefly alone (tents of 1) bursts an interval of
// the single firefly's distribution apart, as broad as the recording's:
// its quartiles and median within a few per cent of the embedded table's
// (40.23, 68.05 and 205.21 s), over a day of 100 fireflies.
func TestCarolinusAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("a simulated day; -short")
	}
	s := runFor(t, carolinus(10, 10, "1", 0.2), 24*time.Hour)
	b := s.Bursts()
	if b.N < 5000 {
		t.Fatalf("got %d intervals, want thousands", b.N)
	}
	for _, c := range []struct{ p, want float64 }{{0.25, 40.23}, {0.5, 68.05}, {0.75, 205.21}} {
		if got := b.Quantile(c.p, systems.TPS); got < c.want*0.93 || got > c.want*1.07 {
			t.Errorf("quantile %.2f: got %.2f s, want %.2f s ± 7%%", c.p, got, c.want)
		}
	}
}

// TestCarolinusGroupsAreClocks: twenty fireflies in a tent burst every
// 11 to 14.5 s (the median), their intervals narrower than five's.
func TestCarolinusGroupsAreClocks(t *testing.T) {
	iqr := func(b *components.BurstsData) float64 {
		return b.Quantile(0.75, systems.TPS) - b.Quantile(0.25, systems.TPS)
	}
	twenty := runFor(t, carolinus(20, 10, "20", 0.2), time.Hour).Bursts()
	five := runFor(t, carolinus(20, 10, "5", 0.2), time.Hour).Bursts()
	if med := twenty.Quantile(0.5, systems.TPS); med < 11 || med > 14.5 {
		t.Errorf("tents of 20: got a median of %.2f s, want 11 to 14.5 s", med)
	}
	if iqr(twenty) >= iqr(five) {
		t.Errorf("got quartiles %.2f s apart for 20, %.2f s for 5; want 20's narrower", iqr(twenty), iqr(five))
	}
}

// TestQuietFiles: the quiet-time files the model takes, and the first
// problem of those it refuses, by line.
func TestQuietFiles(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"samples", "# a comment\n12.5\n\n30\r\n7\n", ""},
		{"header and weights", "Tb,p\n0,0\n10,0.5\n20,0.5\n", ""},
		{"empty", "", "no intervals"},
		{"comments only", "# nothing\n\n", "no intervals"},
		{"zero weights", "10,0\n20,0\n", "no intervals"},
		{"a word", "12\nlots\n", `line 2: got "lots"`},
		{"negative", "12\n-3\n", `line 2: got "-3"`},
		{"mixed", "12\n13,1\n", "line 2: "},
		{"three fields", "1,2,3\n", "line 1: "},
		{"bad weight", "10,-1\n", "line 1: "},
		{"NaN", "10\nNaN\n", "line 2: "},
	} {
		err := systems.CheckQuiet(c.text)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: got %v, want no error", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}

// TestCarolinusRefusesGroups: a group that does not divide the grid into
// tents is refused, naming -group.
func TestCarolinusRefusesGroups(t *testing.T) {
	for _, g := range []string{"0", "-3", "7", "200", "x"} {
		if _, err := systems.New(carolinus(10, 10, g, 0.2), systems.Options{Workers: 1}); err == nil || !strings.HasPrefix(err.Error(), "group: ") {
			t.Errorf("-group %s: got %v, want an error naming the group", g, err)
		}
	}
}
