package systems_test

import (
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestPaintedFollowsTheComponents: the painted column the pictures read
// says for every cell what its components say ([systems.Sim.Kind]), after
// pacemakers, silenced fireflies, a repaint and an erase; it is nil until
// the first paint, and its version moves on every change and on no
// other paint.
func TestPaintedFollowsTheComponents(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height = 30, 20
	s, err := systems.New(m, systems.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p := s.Painted(); p != nil {
		t.Fatalf("before any paint: got %d kinds, want nil", len(p))
	}
	disc := func(x, y, r int) []int32 { return systems.Disc(nil, m.Width, m.Height, x, y, r) }
	steps := []struct {
		cells  []int32
		kind   systems.Kind
		change bool
	}{
		{disc(3, 3, 0), systems.Normal, false}, // erasing nothing
		{disc(5, 5, 3), systems.PacemakerKind, true},
		{disc(5, 5, 3), systems.PacemakerKind, false}, // the same again
		{disc(29, 0, 4), systems.SilencedKind, true},  // across both edges
		{disc(7, 5, 2), systems.SilencedKind, true},   // over pacemakers
		{disc(5, 5, 1), systems.Normal, true},
	}
	for n, st := range steps {
		before := s.PaintedVersion()
		if err := s.Paint(st.cells, st.kind); err != nil {
			t.Fatal(err)
		}
		s.Update()
		if got := s.PaintedVersion() != before; got != st.change {
			t.Errorf("step %d: version changed %v, want %v", n, got, st.change)
		}
		p := s.Painted()
		if n == 0 {
			if p != nil {
				t.Errorf("after erasing an unpainted world: %d kinds, want nil", len(p))
			}
			continue
		}
		if len(p) != m.Fireflies() {
			t.Fatalf("step %d: %d kinds, want %d", n, len(p), m.Fireflies())
		}
		for i := range p {
			if got, want := p[i], s.Kind(i); got != want {
				t.Fatalf("step %d, cell %d: got %v, want %v", n, i, got, want)
			}
		}
	}
	if a := testing.AllocsPerRun(20, s.Update); a != 0 {
		t.Errorf("a tick of a painted world: %v allocations, want 0", a)
	}
}
