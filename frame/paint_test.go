package frame_test

import (
	"math"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

// paintedWorld is a 37×21 world with a disc of pacemakers and a silenced
// hole, both across an edge of the torus, painted at tick 20.
func paintedWorld(t *testing.T) (*systems.Sim, components.Model) {
	t.Helper()
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 37, 21, 3
	s, err := systems.New(m, systems.Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for range 20 {
		s.Update()
	}
	if err := s.Paint(systems.Disc(nil, m.Width, m.Height, 1, 10, 4), systems.PacemakerKind); err != nil {
		t.Fatal(err)
	}
	if err := s.Paint(systems.Disc(nil, m.Width, m.Height, 25, 19, 5), systems.SilencedKind); err != nil {
		t.Fatal(err)
	}
	return s, m
}

// TestPaintedCellsShowInBothViews: in the RGBA frame, a pacemaker is
// drawn on its own ramp in the glow view and lightened in the phase view,
// a silenced cell is hatched in both, and every other cell is as before;
// the packed levels keep every cell's level, carry each cell's kind for
// the shader, and give the GIF's bytes with the paint in them. Filling a
// painted frame allocates nothing.
func TestPaintedCellsShowInBothViews(t *testing.T) {
	s, m := paintedWorld(t)
	px, lv := frame.NewPixels(s), frame.NewLevels(s)
	perLevel := float32(256 / m.Period.Seconds()) // as frame counts phase levels
	kinds := map[systems.Kind]int{}
	for tick := range 90 {
		s.Update()
		view := frame.View(tick % 2)
		px.View, lv.View = view, view
		px.Update()
		lv.Update()
		sw := s.Swarm
		for y := range m.Height {
			for x := range m.Width {
				i := y*m.Width + x
				k := s.Kind(i)
				kinds[k]++
				g := frame.Glow(m, sw.Glow[i].FlashTick, sw.Tick)
				level := uint8(254*g + 0.5)
				phaseLevel := uint8(min(sw.Phase[i].Seconds*perLevel, 255))
				phase := (float64(phaseLevel) + 0.5) / 256
				if view == frame.PhaseView {
					level = phaseLevel
				}
				var want [3]uint8
				switch {
				case k == systems.SilencedKind:
					want = frame.HatchColour(x, y)
				case k == systems.PacemakerKind && view == frame.PhaseView:
					want = frame.PacemakerPhaseColour(phase)
				case k == systems.PacemakerKind:
					want = frame.PacemakerPalette(g)
				case view == frame.PhaseView:
					want = frame.PhaseColour(phase)
				default:
					want = frame.Palette(g)
				}
				if got := [3]uint8(px.Pix[4*i : 4*i+3]); got != want {
					t.Fatalf("tick %d, view %d, %v cell (%d,%d): pixel %v, want %v", sw.Tick, view, k, x, y, got, want)
				}
				if got := lv.Texels[y*4*lv.Packed+x]; got != level {
					t.Fatalf("tick %d, view %d, %v cell (%d,%d): level %d, want %d", sw.Tick, view, k, x, y, got, level)
				}
				if got := lv.Kinds[y*4*lv.Packed+x]; got != byte(k) {
					t.Fatalf("tick %d, cell (%d,%d): packed kind %d, want %d (%v)", sw.Tick, x, y, got, k, k)
				}
				if got, want := lv.Level(i), frame.PaintLevel(level, k); got != want {
					t.Fatalf("tick %d, cell (%d,%d): GIF byte %d, want %d", sw.Tick, x, y, got, want)
				}
				if gk, _ := frame.Unpaint(lv.Level(i)); gk != k {
					t.Fatalf("tick %d, cell (%d,%d): GIF byte %d reads as %v, want %v", sw.Tick, x, y, lv.Level(i), gk, k)
				}
			}
		}
	}
	if kinds[systems.PacemakerKind] == 0 || kinds[systems.SilencedKind] == 0 || kinds[systems.Normal] == 0 {
		t.Fatalf("cells seen by kind: %v; want all three", kinds)
	}
	if a := testing.AllocsPerRun(10, func() { px.Update(); lv.Update() }); a != 0 {
		t.Errorf("filling a painted frame: %v allocations, want 0", a)
	}
}

// TestPackedKindsFollowThePaint: the packed kinds are made the first time
// something is painted and again only when the paint changes, each time
// with a new KindsVersion, so the window uploads them only then.
func TestPackedKindsFollowThePaint(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height = 10, 6
	s, err := systems.New(m, systems.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	lv := frame.NewLevels(s)
	lv.Update()
	if lv.Kinds != nil || lv.KindsVersion != 0 {
		t.Fatalf("nothing painted: %d packed kinds, version %d; want none, 0", len(lv.Kinds), lv.KindsVersion)
	}
	steps := []struct {
		cells []int32
		kind  systems.Kind
		moves bool
	}{
		{[]int32{3}, systems.PacemakerKind, true},
		{nil, systems.PacemakerKind, false},
		{[]int32{3}, systems.PacemakerKind, false},
		{[]int32{59}, systems.SilencedKind, true},
		{[]int32{3, 59}, systems.Normal, true},
	}
	for n, st := range steps {
		before := lv.KindsVersion
		if err := s.Paint(st.cells, st.kind); err != nil {
			t.Fatal(err)
		}
		lv.Update()
		if got := lv.KindsVersion != before; got != st.moves {
			t.Errorf("step %d: KindsVersion moved %v, want %v", n, got, st.moves)
		}
		for i := range m.Fireflies() {
			if got, want := lv.Kinds[(i/m.Width)*4*lv.Packed+i%m.Width], byte(s.Kind(i)); got != want {
				t.Errorf("step %d, cell %d: packed kind %d, want %d", n, i, got, want)
			}
		}
	}
}

// TestPaintIsToldApart: every colour a painted firefly can have is far
// (in RGB, out of 441) from every colour an unpainted one can have in the
// same view, one cell a pixel; and so is every average of painted cells,
// what a zoomed-out view shows of a disc of them, from every average of
// unpainted ones (the hull of their colours). So paint shows whatever the
// swarm is doing, at any zoom: a pacemaker's glow from any firefly's glow
// and its phase colour from any phase colour; a silenced hole's light
// stripe, its black one (in the phase view, where a pacemaker's light
// colours come near the light stripe) and its stripes' average.
func TestPaintIsToldApart(t *testing.T) {
	pal := func(f func(float64) [3]uint8) [][3]uint8 { // a ramp's colours
		var out [][3]uint8
		for k := range 255 {
			out = append(out, f(float64(k)/254))
		}
		return out
	}
	cyc := func(f func(float64) [3]uint8) [][3]uint8 { // a cyclic map's
		var out [][3]uint8
		for k := range 256 {
			out = append(out, f((float64(k)+0.5)/256))
		}
		return out
	}
	glow, paceGlow := pal(frame.Palette), pal(frame.PacemakerPalette)
	phase, pacePhase := cyc(frame.PhaseColour), cyc(frame.PacemakerPhaseColour)
	var mean [3]uint8
	for c := range mean {
		mean[c] = uint8((int(frame.HatchLight[c]) + int(frame.HatchDark[c])) / 2)
	}
	for _, tc := range []struct {
		name            string
		painted, others [][3]uint8
		want            float64
	}{
		{"a pacemaker's glow, from a firefly's", paceGlow, glow, 60},
		{"a pacemaker's phase colour, from a firefly's", pacePhase, phase, 100},
		{"a hole's stripes, from a firefly's glow", [][3]uint8{frame.HatchLight}, append(glow, paceGlow...), 100},
		{"a hole's light stripe, from a firefly's phase colour", [][3]uint8{frame.HatchLight}, phase, 100},
		{"a hole's black stripe, from any phase colour", [][3]uint8{frame.HatchDark}, append(phase, pacePhase...), 100},
		{"pacemakers zoomed out, from fireflies", hull(paceGlow), hull(glow), 45},
		{"pacemakers zoomed out in the phase view", hull(pacePhase), hull(phase), 100},
		{"a hole zoomed out, from glowing fireflies", [][3]uint8{mean}, append(hull(glow), hull(paceGlow)...), 45},
		{"a hole zoomed out, from phase colours", [][3]uint8{mean}, append(hull(phase), hull(pacePhase)...), 45},
	} {
		if d, a, b := nearest(tc.painted, tc.others); d < tc.want {
			t.Errorf("%s: %v is %.0f from %v, want %.0f or more", tc.name, a, d, b, tc.want)
		}
	}
}

// hull is a sample of the averages of colours cs: mixtures of two or
// three of every eighth of them.
func hull(cs [][3]uint8) [][3]uint8 {
	var pick [][3]float64
	for i := 0; i < len(cs); i += 8 {
		pick = append(pick, [3]float64{float64(cs[i][0]), float64(cs[i][1]), float64(cs[i][2])})
	}
	var out [][3]uint8
	for i, a := range pick {
		for _, b := range pick[i:] {
			for _, c := range [][3]float64{a, b, pick[len(pick)/2], pick[(i*7)%len(pick)]} {
				for _, w := range [][3]float64{{1, 0, 0}, {0.5, 0.5, 0}, {0.4, 0.3, 0.3}, {0.2, 0.2, 0.6}} {
					var m [3]uint8
					for k := range m {
						m[k] = uint8(w[0]*a[k] + w[1]*b[k] + w[2]*c[k] + 0.5)
					}
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// nearest is the least distance between a colour of a and one of b.
func nearest(a, b [][3]uint8) (d float64, ca, cb [3]uint8) {
	d = math.Inf(1)
	for _, x := range a {
		for _, y := range b {
			var s float64
			for c := range x {
				v := float64(x[c]) - float64(y[c])
				s += v * v
			}
			if s = math.Sqrt(s); s < d {
				d, ca, cb = s, x, y
			}
		}
	}
	return d, ca, cb
}

// BenchmarkFill is a frame's fill of a 1024² world on the CPU, RGBA
// pixels and packed levels, with nothing painted and with a disc of
// pacemakers and a silenced hole of radius 200 (a quarter of the cells),
// the packed kinds made again every frame (a brush stroke every frame).
func BenchmarkFill(b *testing.B) {
	m := components.DefaultModel()
	m.Width, m.Height = 1024, 1024
	for _, painted := range []bool{false, true} {
		s, err := systems.New(m, systems.Options{Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		s.Update()
		name := "unpainted"
		if painted {
			name = "painted"
			if err := s.Paint(systems.Disc(nil, m.Width, m.Height, 300, 300, 200), systems.PacemakerKind); err != nil {
				b.Fatal(err)
			}
			if err := s.Paint(systems.Disc(nil, m.Width, m.Height, 700, 700, 200), systems.SilencedKind); err != nil {
				b.Fatal(err)
			}
		}
		px, lv := frame.NewPixels(s), frame.NewLevels(s)
		b.Run("pixels/"+name, func(b *testing.B) {
			for b.Loop() {
				px.Update()
			}
		})
		b.Run("levels/"+name, func(b *testing.B) {
			for b.Loop() {
				lv.Update()
			}
		})
		if painted {
			cell := []int32{0}
			b.Run("levels/painting", func(b *testing.B) {
				k := systems.PacemakerKind
				for b.Loop() {
					k = systems.PacemakerKind + systems.SilencedKind - k
					s.Paint(cell, k)
					lv.Update()
				}
			})
		}
		s.Close()
	}
}
