package frame_test

import (
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestFramesShowTheTicksFlashes: after a tick, the cells that flashed on it
// are white (glow 1) in both the RGBA frame and the packed levels, the
// rest of the picture follows each cell's glow, and filling allocates
// nothing.
func TestFramesShowTheTicksFlashes(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 37, 21, 3
	s, err := systems.New(m, systems.Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	px, lv := frame.NewPixels(s), frame.NewLevels(s)
	white := frame.Palette(1)
	seen := 0
	for range 120 {
		s.Update()
		px.Update()
		lv.Update()
		sw := s.Swarm
		for y := range m.Height {
			for x := range m.Width {
				i := y*m.Width + x
				g := frame.Glow(m, sw.Glow[i].FlashTick, sw.Tick)
				c := frame.Palette(g)
				if got := [3]uint8(px.Pix[4*i : 4*i+3]); got != c {
					t.Fatalf("tick %d, cell (%d,%d): pixel %v, want %v for glow %.3f", sw.Tick, x, y, got, c, g)
				}
				if got, want := lv.Texels[y*4*lv.Packed+x], uint8(254*g+0.5); got != want {
					t.Fatalf("tick %d, cell (%d,%d): level %d, want %d", sw.Tick, x, y, got, want)
				}
				if sw.Glow[i].FlashTick == sw.Tick && c == white {
					seen++
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no cell flashed in two seconds: the test saw no white")
	}
	if a := testing.AllocsPerRun(10, func() { px.Update(); lv.Update() }); a != 0 {
		t.Errorf("filling a frame: %v allocations, want 0", a)
	}
}
