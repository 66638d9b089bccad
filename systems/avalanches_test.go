package systems_test

import (
	"slices"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// clusters returns the sizes of the 8-connected clusters, on the torus, of
// the cells of a w×h grid for which lit is true: a flood fill, the plain
// way, for Avalanches' union-find to be checked against.
func clusters(w, h int, lit func(i int) bool) []int {
	seen := make([]bool, w*h)
	var sizes []int
	for start := range seen {
		if seen[start] || !lit(start) {
			continue
		}
		seen[start] = true
		stack, n := []int{start}, 0
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			n++
			x, y := i%w, i/w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					j := (y+dy+h)%h*w + (x+dx+w)%w
					if !seen[j] && lit(j) {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// TestAvalanchesAreTheFlashesClusters follows real runs tick by tick —
// scattered flashes, growing clusters, whole-swarm bursts, widths that
// fill their last word exactly or not, bands of several workers — and
// compares each tick's avalanches with a flood fill of the cells that
// flashed.
func TestAvalanchesAreTheFlashesClusters(t *testing.T) {
	for _, tc := range []struct {
		name    string
		m       components.Model
		workers int
		ticks   int
	}{
		{"50x50 defaults", model(50, 50, 1), 1, 40 * systems.TPS},
		{"64x40 defaults", model(64, 40, 5), 3, 40 * systems.TPS},
		{"130x7 defaults", model(130, 7, 2), 2, 30 * systems.TPS},
		{"3x3 defaults", model(3, 3, 3), 1, 30 * systems.TPS},
		{"128x33 bursts", burst(128, 33, 4), 3, 5 * systems.TPS},
		{"67x67 bursts", burst(67, 67, 8), 1, 5 * systems.TPS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			s, err := systems.New(m, systems.Options{Workers: tc.workers, AvalancheSizes: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			sw, obs := s.Swarm, s.Obs
			var largest int
			for range tc.ticks {
				s.Update()
				sizes := clusters(m.Width, m.Height, func(i int) bool { return sw.Glow[i].FlashTick == sw.Tick })
				top := 0
				if len(sizes) > 0 {
					top = slices.Max(sizes)
				}
				largest = max(largest, top)
				if obs.Avalanches != len(sizes) || obs.LargestAvalanche != top {
					t.Fatalf("tick %d: got %d avalanches, the largest %d; want %d, the largest %d (sizes %v)",
						sw.Tick, obs.Avalanches, obs.LargestAvalanche, len(sizes), top, sizes)
				}
			}
			if obs.MaxAvalanche != largest {
				t.Errorf("largest since the start: got %d, want %d", obs.MaxAvalanche, largest)
			}
			var n, fireflies int64
			for size, count := range obs.AvalancheSizes {
				n += count
				fireflies += int64(size) * count
			}
			if fireflies != obs.TotalFlashes || n != obs.TotalAvalanches {
				t.Errorf("distribution: %d avalanches of %d fireflies in all; want %d avalanches, %d flashes",
					n, fireflies, obs.TotalAvalanches, obs.TotalFlashes)
			}
			if obs.TotalFlashes == 0 {
				t.Error("no flashes: the run shows nothing")
			}
		})
	}
}

// TestAvalanchePatterns checks shapes a run rarely makes: runs that cross
// words, that wrap round both edges, and a checkerboard, the most runs a
// row can hold.
func TestAvalanchePatterns(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		lit  func(x, y int) bool
	}{
		{"checkerboard", 130, 6, func(x, y int) bool { return (x+y)%2 == 0 }},
		{"alternate columns", 129, 5, func(x, _ int) bool { return x%2 == 0 }},
		{"runs across words", 200, 4, func(x, y int) bool { return x >= 60+y && x < 140-y }},
		{"corners", 70, 9, func(x, y int) bool { return (x == 0 || x == 69) && (y == 0 || y == 8) }},
		{"diagonal across the edge", 65, 5, func(x, y int) bool { return x == (y*16+64)%65 }},
		{"full rows", 128, 4, func(_, y int) bool { return y != 2 }},
		{"stripes", 50, 9, func(_, y int) bool { return y%3 == 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model(tc.w, tc.h, 1)
			m.Nudge, m.Jitter = 0, 0 // flashes stay where they are put
			s, err := systems.New(m, systems.Options{Workers: 2, AvalancheSizes: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			period := float32(m.Period.Seconds())
			for i := range s.Swarm.Phase {
				s.Swarm.Phase[i].Seconds = 0
				if tc.lit(i%tc.w, i/tc.w) {
					s.Swarm.Phase[i].Seconds = period - 0.001
				}
			}
			s.Update()
			want := clusters(tc.w, tc.h, func(i int) bool { return tc.lit(i%tc.w, i/tc.w) })
			top := slices.Max(want)
			if s.Obs.Avalanches != len(want) || s.Obs.LargestAvalanche != top {
				t.Errorf("got %d avalanches, the largest %d; want %d, the largest %d", s.Obs.Avalanches, s.Obs.LargestAvalanche, len(want), top)
			}
		})
	}
}

// TestAvalanchesOnlyWhenAsked: a world built without Options.Avalanches
// has no avalanche system, so the ticks of the window, the page and the
// benchmarks do not pay for it; asked for, it is there.
func TestAvalanchesOnlyWhenAsked(t *testing.T) {
	for _, o := range []systems.Options{{Workers: 1}, {Workers: 1, Avalanches: true}, {Workers: 1, AvalancheSizes: true}} {
		s, err := systems.New(model(40, 30, 1), o)
		if err != nil {
			t.Fatal(err)
		}
		for range 120 {
			s.Update()
		}
		want := o.Avalanches || o.AvalancheSizes
		if got := s.MeasuresAvalanches(); got != want || (s.Obs.TotalAvalanches > 0) != want {
			t.Errorf("%+v: measures %v with %d avalanches, want measured %v", o, got, s.Obs.TotalAvalanches, want)
		}
		s.Close()
	}
}
