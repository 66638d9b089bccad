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
