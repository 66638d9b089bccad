package systems

import (
	"testing"
	"unsafe"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// TestHitsBound reaches the bound that sizes params.nudgeBy: on the
// smallest grid, 3×3, a firefly whose 8 neighbours all flash in the first
// wave hears exactly maxHits flashes.
func TestHitsBound(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Nudge = 3, 3, 0 // heard, but never pushed to flash
	s, err := New(m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sw := s.Swarm
	period := float32(m.Period.Seconds())
	for i := range sw.Phase {
		sw.Phase[i].Seconds = period - dt/2 // flashes on tick 1
	}
	const centre = 4
	sw.Phase[centre].Seconds = 0
	for _, sys := range s.systems[:3] { // Brushes, Advance and Cascade: hits are counted, not yet settled
		sys.Update()
	}
	if got := sw.Hits[centre]; got != maxHits {
		t.Errorf("hits of the centre of a 3x3 grid: got %d, want %d", got, maxHits)
	}
	if _, err := New(components.Model{Width: 2, Height: 9, Period: m.Period, Glow: 1}, Options{Workers: 1}); err == nil {
		t.Error("a grid 2 wide was built; its neighbours would not be distinct and maxHits would not hold")
	}
}

// TestWaveListsHoldSparseWaves: a wave smaller than denseMin is spread from
// its lists, so each band's must hold its part of it whole — as many
// flashes as the band has cells, up to denseMin-1 — on any grid and any
// number of bands, without growing.
func TestWaveListsHoldSparseWaves(t *testing.T) {
	for _, size := range [][2]int{{3, 3}, {50, 50}, {1024, 7}, {2048, 2048}, {4096, 4096}} {
		for _, workers := range []int{1, 2, 16, 64} {
			sw := &components.SwarmData{Width: size[0], Height: size[1], Fired: make([]uint64, 1)}
			p := newParams(components.DefaultModel())
			pl := work.NewPool(workers, size[1])
			wv := newWaves(sw, &p, pl, true)
			if wv.listCap < wv.denseMin {
				t.Errorf("%dx%d: lists hold %d, dense from %d", size[0], size[1], wv.listCap, wv.denseMin)
			}
			for b, r := range pl.Rows() {
				need := min(wv.denseMin-1, (r[1]-r[0])*size[0])
				if l := wv.bands[b]; cap(l.cur) < need || cap(l.next) < need {
					t.Errorf("%dx%d, %d workers, band %d: lists hold %d and %d, a sparse wave needs %d",
						size[0], size[1], workers, b, cap(l.cur), cap(l.next), need)
				}
			}
			pl.Close()
		}
	}
}

// TestBandListsFillCacheLines: two bands' lists never share a cache line.
func TestBandListsFillCacheLines(t *testing.T) {
	if n := unsafe.Sizeof(bandLists{}); n%cacheLine != 0 {
		t.Errorf("bandLists is %d bytes, want a multiple of %d", n, cacheLine)
	}
}

// TestFiredIsClearBetweenTicks: Trace leaves the flash bitmap empty, and
// Advance relies on that; Settle leaves every hit count at 0.
func TestFiredIsClearBetweenTicks(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height = 70, 45
	s, err := New(m, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	flashed := 0
	for range 600 {
		s.Update()
		flashed += s.Obs.Flashes
		for k, w := range s.Swarm.Fired {
			if w != 0 {
				t.Fatalf("tick %d: Fired word %d is %x after the tick, want 0", s.Swarm.Tick, k, w)
			}
		}
		for i, h := range s.Swarm.Hits {
			if h != 0 {
				t.Fatalf("tick %d: firefly %d has %d hits after the tick, want 0", s.Swarm.Tick, i, h)
			}
		}
	}
	if flashed == 0 {
		t.Fatal("nobody flashed: the test saw nothing to clear")
	}
}

// TestBuildCancels: a closed cancel channel stops the build between two
// chunks of entities.
func TestBuildCancels(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height = 512, 512 // four chunks
	cancel := make(chan struct{})
	close(cancel)
	if s, err := New(m, Options{Workers: 1, Cancel: cancel}); err != ErrCancelled {
		if s != nil {
			s.Close()
		}
		t.Fatalf("got %v, want ErrCancelled", err)
	}
}

// TestFillStopsWhenCancelled: the columns' fill looks at the cancel
// channel before each row, so a closed one leaves them as made.
func TestFillStopsWhenCancelled(t *testing.T) {
	const w, h = 16, 16
	sw := &components.SwarmData{Width: w, Height: h, Phase: make([]components.PhaseData, w*h),
		Refractory: make([]components.RefractoryData, w*h), Glow: make([]components.GlowData, w*h), Hits: make([]uint8, w*h)}
	p := newParams(components.DefaultModel())
	cancel := make(chan struct{})
	close(cancel)
	fillColumns(sw, &p, false, 2, cancel)
	for i, g := range sw.Glow {
		if g != (components.GlowData{}) {
			t.Fatalf("firefly %d was filled after the cancel channel closed", i)
		}
	}
}

// TestAvalancheRunsBound: a row of W cells holds at most ceil(W/2) runs,
// which sizes Avalanches' union-find; a checkerboard on an odd width, with
// both ends of every even row lit, reaches it in every row it can.
func TestAvalancheRunsBound(t *testing.T) {
	for _, w := range []int{3, 63, 65, 129} {
		m := components.DefaultModel()
		m.Width, m.Height, m.Nudge, m.Jitter = w, 4, 0, 0
		s, err := New(m, Options{Workers: 2, Avalanches: true})
		if err != nil {
			t.Fatal(err)
		}
		period := float32(m.Period.Seconds())
		for i := range s.Swarm.Phase {
			s.Swarm.Phase[i].Seconds = 0
			if x := i % w; x%2 == 0 {
				s.Swarm.Phase[i].Seconds = period - 0.001
			}
		}
		var a *Avalanches
		for _, sys := range s.systems {
			if av, ok := sys.(*Avalanches); ok {
				a = av
			}
		}
		s.Update()
		for b, r := range s.pool.Rows() {
			l := a.bands[b].labels
			if got, want := int(l[1]-l[0]), maxRuns(w)*(r[1]-r[0]); got != want || int(l[0]) != r[0]*maxRuns(w) {
				t.Errorf("width %d, band %d: labels %v, want %d from %d: the most its rows hold", w, b, l, want, r[0]*maxRuns(w))
			}
		}
		if s.Obs.Flashes != (w+1)/2*m.Height {
			t.Errorf("width %d: %d flashes, want every other cell", w, s.Obs.Flashes)
		}
		s.Close()
	}
}

// TestEntitiesListedWhenIdsDoNotFollow: in a world that hands out a
// destroyed entity's id again, the firefly entities' ids do not follow
// each other, and FireflyEntities lists them; either way At(i) is the
// entity whose components point at cell i. (A new world's are not listed:
// TestEntitiesSeeTheColumns.)
func TestEntitiesListedWhenIdsDoNotFollow(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height = 9, 7
	w, sw, err := newColumns(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Remove(w.Create(components.Silenced)) // its id comes back for firefly 0
	if err := makeEntities(w, sw, nil, nil, false, buildChunk, nil); err != nil {
		t.Fatal(err)
	}
	if sw.Entities.List == nil {
		t.Fatal("the ids do not follow, yet the entities are not listed")
	}
	for i := range sw.Phase {
		e := w.Entry(sw.Entities.At(i))
		if !e.Valid() || components.Phase.Get(e) != &sw.Phase[i] {
			t.Fatalf("entity %d does not point at cell %d", i, i)
		}
	}
}
