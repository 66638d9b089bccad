package tour_test

import (
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/assets"
	"github.com/firefly-observatory/fireflies/tour"
)

// TestTheToursText: the shipped tour reads, has its six chapters with
// text, and every chapter but the last waits for something.
func TestTheToursText(t *testing.T) {
	cs, err := tour.Parse(assets.Tour)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 6 {
		t.Fatalf("got %d chapters, want 6", len(cs))
	}
	for i, c := range cs {
		if c.Title == "" || len(strings.Fields(c.Text)) < 20 {
			t.Errorf("chapter %d: title %q, text %q: want both, a few sentences", i+1, c.Title, c.Text)
		}
		if (len(c.Next) == 0) != (i == len(cs)-1) {
			t.Errorf("chapter %d: %d conditions for next", i+1, len(c.Next))
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, bad := range []string{
		"",
		"## a\ntext\nnext: sometimes\n## b\nend",
		"## a\nsetup: nudge\nnext: synced\n## b\nend",
		"## a\nno next\n## b\nend",
		"## a\nnext: wait:-1s\n## b\nend",
		"## a\nnext: r>=2\n## b\nend",
	} {
		if _, err := tour.Parse(bad); err == nil {
			t.Errorf("%q: read as a tour", bad)
		}
	}
}

// TestNextAppearsOnlyAfterTheEffect walks chapter 3's "lost synced": next
// stays hidden while the swarm is in step, and while it is out of step,
// and appears once it is back in step.
func TestNextAppearsOnlyAfterTheEffect(t *testing.T) {
	cs, err := tour.Parse("## a\nnext: lost synced\ntext\n## b\nend\n")
	if err != nil {
		t.Fatal(err)
	}
	tr := tour.Tour{Chapters: cs}
	tr.Start(0, tour.Seen{T: 10, InSync: true, Episodes: 1})
	for _, step := range []struct {
		s     tour.Seen
		ready bool
	}{
		{tour.Seen{T: 11, R: 0.99, InSync: true, Episodes: 1}, false},
		{tour.Seen{T: 40, R: 0.4, InSync: false, Episodes: 1}, false}, // lost: the first seen
		{tour.Seen{T: 50, R: 0.6, InSync: false, Episodes: 1}, false},
		{tour.Seen{T: 70, R: 0.95, InSync: true, Episodes: 2}, true},
	} {
		tr.Update(step.s)
		if tr.Ready() != step.ready {
			seen, of := tr.Progress()
			t.Errorf("t = %v: ready %v (%d of %d seen), want %v", step.s.T, tr.Ready(), seen, of, step.ready)
		}
	}
	// Strokes and waits count from the chapter's start.
	cs, _ = tour.Parse("## a\nnext: scrambled wait:10s\ntext\n## b\nend\n")
	tr = tour.Tour{Chapters: cs}
	tr.Start(0, tour.Seen{T: 5, Strokes: map[string]int{"scramble": 2}})
	tr.Update(tour.Seen{T: 20, Strokes: map[string]int{"scramble": 2}})
	if tr.Ready() {
		t.Error("ready before any stroke of this chapter")
	}
	tr.Update(tour.Seen{T: 21, Strokes: map[string]int{"scramble": 3}})
	tr.Update(tour.Seen{T: 25, Strokes: map[string]int{"scramble": 3}})
	if tr.Ready() {
		t.Error("ready 4 s after the stroke, want 10 s")
	}
	tr.Update(tour.Seen{T: 31, Strokes: map[string]int{"scramble": 3}})
	if !tr.Ready() {
		t.Error("not ready 10 s after the chapter began and a stroke")
	}
}
