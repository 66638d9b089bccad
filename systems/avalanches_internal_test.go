package systems

import (
	"slices"
	"testing"
)

// floodFill returns the sizes of the connected clusters of the fireflies
// for which lit is true, through the neighbour lists nbrs (every other
// firefly when all): a plain flood fill, for the avalanches to be checked
// against.
func floodFill(nbrs [][]int32, all bool, lit func(i int32) bool) []int {
	n := int32(len(nbrs))
	seen := make([]bool, n)
	var sizes []int
	for start := range n {
		if seen[start] || !lit(start) {
			continue
		}
		seen[start] = true
		stack, size := []int32{start}, 0
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			next := nbrs[i]
			if all {
				next = nil
				for j := range n {
					if j != i {
						next = append(next, j)
					}
				}
			}
			for _, j := range next {
				if !seen[j] && lit(j) {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		sizes = append(sizes, size)
	}
	return sizes
}

// TestAvalanchesOnTheCoupling follows runs of the model's neighbourhoods,
// edges and graphs tick by tick and compares each tick's avalanches with a
// flood fill of the tick's flashes over the plain reference's neighbour
// lists (variantRef: every pair of cells tested, or the graph's edges):
// von Neumann's 4 do not join diagonal flashes, free edges do not join
// across the edges, a graph joins whom it links, and all-to-all makes one
// avalanche of a tick's flashes. The default model's 8 neighbours of the
// torus are checked the same way.
func TestAvalanchesOnTheCoupling(t *testing.T) {
	models := variantModels()
	names := []string{"vonneumann", "free", "radius3", "radius2/free/fire/k4", "smallworld0.1", "smallworld1/vonneumann",
		"random5", "all/proportional", "exact", "exact/everything", "exact/random6/k2/degree"}
	def := models["vonneumann"]
	def.Neighbours = ""
	models["default"] = def
	names = append(names, "default")
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			m := models[name]
			r := newVariantRef(t, m)
			s, err := New(m, Options{Workers: 3, AvalancheSizes: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if want := name != "default" && name != "exact"; (s.avalanchesOf().coupling != nil) != want {
				t.Fatalf("labelled on a coupling of its own: %v, want %v", !want, want)
			}
			sw, obs := s.Swarm, s.Obs
			multi := 0
			for range 1500 {
				s.Update()
				sizes := floodFill(r.nbrs, r.all, func(i int32) bool { return sw.Glow[i].FlashTick == sw.Tick })
				top := 0
				if len(sizes) > 0 {
					top = slices.Max(sizes)
				}
				if obs.Avalanches != len(sizes) || obs.LargestAvalanche != top {
					t.Fatalf("tick %d: got %d avalanches, the largest %d; want %d, the largest %d (sizes %v)",
						sw.Tick, obs.Avalanches, obs.LargestAvalanche, len(sizes), top, sizes)
				}
				if top > 1 {
					multi++
				}
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
			if multi == 0 {
				t.Error("no avalanche of more than one firefly: the run tests little")
			}
		})
	}
}

// avalanchesOf is the world's avalanche system.
func (s *Sim) avalanchesOf() *Avalanches {
	for _, sys := range s.systems {
		if a, ok := sys.(*Avalanches); ok {
			return a
		}
	}
	return nil
}

// TestAvalanchesFollowALiveChange: a live change of the neighbourhood
// moves the avalanches onto the new one, and back.
func TestAvalanchesFollowALiveChange(t *testing.T) {
	m := variantModels()["vonneumann"]
	m.Neighbours = ""
	s, err := New(m, Options{Workers: 2, Avalanches: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, nb := range []string{"vonneumann", "moore", "radius:2"} {
		m.Neighbours = nb
		if err := s.SetModel(m); err != nil {
			t.Fatal(err)
		}
		c := s.avalanchesOf().coupling
		if want := nb != "moore"; (c != nil) != want || c != nil && len(c.offsets) != map[string]int{"vonneumann": 4, "radius:2": 12}[nb] {
			t.Errorf("-neighbours %s: coupling %+v", nb, c)
		}
	}
}

// TestCoupledAvalanchesAllocateNothing: labelling on a coupling of its
// own allocates nothing in a tick.
func TestCoupledAvalanchesAllocateNothing(t *testing.T) {
	for _, name := range []string{"vonneumann", "random5", "all/proportional"} {
		s, err := New(variantModels()[name], Options{Workers: 2, AvalancheSizes: true})
		if err != nil {
			t.Fatal(err)
		}
		for range 300 {
			s.Update()
		}
		if a := testing.AllocsPerRun(200, s.Update); a != 0 {
			t.Errorf("%s: %v allocations per tick", name, a)
		}
		s.Close()
	}
}

// TestSelectNth: selectNth finds what sorting puts at each place, on
// ties, runs and random values.
func TestSelectNth(t *testing.T) {
	for seed := range uint64(40) {
		n := 1 + int(seed*7%53)
		s := make([]float32, n)
		for i := range s {
			s[i] = float32(mix64(seed*1000+uint64(i)) % uint64(1+seed%9))
		}
		want := slices.Sorted(slices.Values(s))
		for k := range n {
			c := slices.Clone(s)
			if got := selectNth(c, k); got != want[k] {
				t.Fatalf("seed %d, %v: element %d is %v, want %v", seed, s, k, got, want[k])
			}
			for i := range c {
				if i < k && c[i] > want[k] || i > k && c[i] < want[k] {
					t.Fatalf("seed %d: not partitioned about %d: %v", seed, k, c)
				}
			}
		}
	}
}
