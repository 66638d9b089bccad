package systems

import (
	"testing"

	"github.com/firefly-observatory/fireflies/components"
)

// BenchmarkBrushesUnpainted is what the Brushes system adds to a tick of
// a world with nothing painted: two empty donburi queries. Compare it
// with BenchmarkTick's time per tick.
func BenchmarkBrushesUnpainted(b *testing.B) {
	m := components.DefaultModel()
	m.Width, m.Height = 256, 256
	s, err := New(m, Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	for b.Loop() {
		s.brushes.Update()
	}
}

// BenchmarkBrushesPainted is the same with 1,000 pacemakers and 1,000
// silenced fireflies.
func BenchmarkBrushesPainted(b *testing.B) {
	m := components.DefaultModel()
	m.Width, m.Height = 256, 256
	s, err := New(m, Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var pace, hush []int32
	for i := range int32(1000) {
		pace = append(pace, i)
		hush = append(hush, 30000+i)
	}
	if err := s.Paint(pace, PacemakerKind); err != nil {
		b.Fatal(err)
	}
	if err := s.Paint(hush, SilencedKind); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		s.brushes.Update()
	}
}

// TestDiscCoversEachCellOnce: a brush's disc wraps round the torus and
// never lists a cell twice, however large its radius on however small a
// grid.
func TestDiscCoversEachCellOnce(t *testing.T) {
	for _, tc := range []struct{ w, h, x, y, r, want int }{
		{20, 15, 5, 5, 0, 1},
		{20, 15, 5, 5, 1, 5},
		{20, 15, 5, 5, 2, 13},
		{20, 15, 0, 0, 2, 13}, // wraps at both edges
		{3, 3, 1, 1, 5, 9},    // the whole grid, once each
		{4, 3, 0, 0, 9, 12},   // an even side: all four columns
	} {
		cells := Disc(nil, tc.w, tc.h, tc.x, tc.y, tc.r)
		seen := map[int32]bool{}
		for _, c := range cells {
			if c < 0 || int(c) >= tc.w*tc.h || seen[c] {
				t.Fatalf("%+v: cell %d outside the grid or twice in %v", tc, c, cells)
			}
			seen[c] = true
		}
		if len(cells) != tc.want {
			t.Errorf("%+v: got %d cells, want %d", tc, len(cells), tc.want)
		}
	}
}
