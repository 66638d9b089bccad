package systems_test

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestVariantBenchTable prints the variants' table of `make bench`: each
// variant's cost per firefly-tick as a ratio to the default model's,
// measured in this one binary, and for the graphs their bytes per edge.
// It only runs with BENCH_TABLE=1; BENCH_VARIANTS=radius,noise keeps the
// default and the variants whose names hold one of those words.
func TestVariantBenchTable(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	const size, ticks = 512, 300
	const rounds = 5
	fmt.Printf("\nThe model's variants on %dx%d, %d ticks after %d of warm-up; time: the fastest of %d rounds; vs default: the median of %d ratios to a default world timed just before; %s/%s, %d CPUs, %s\n\n",
		size, size, ticks, warmup, rounds, rounds, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| variant | workers | ns/firefly-tick | firefly-ticks/s | vs default | allocs/tick | edges | bytes/edge |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	variants := []struct {
		name string
		set  func(m *components.Model)
	}{
		{"default", func(*components.Model) {}},
		{"-response fire", func(m *components.Model) { m.Response = "fire" }},
		{"-response reset", func(m *components.Model) { m.Response = "reset" }},
		{"-response proportional", func(m *components.Model) { m.Response = "proportional" }},
		{"-threshold 2", func(m *components.Model) { m.Threshold = 2 }},
		{"-period-spread 500ms", func(m *components.Model) { m.PeriodSpread = 500e6 }},
		{"-noise 50ms", func(m *components.Model) { m.Noise = 50e6 }},
		{"-neighbours vonneumann", func(m *components.Model) { m.Neighbours = "vonneumann" }},
		{"-neighbours radius:2", func(m *components.Model) { m.Neighbours = "radius:2" }},
		{"-neighbours radius:5", func(m *components.Model) { m.Neighbours = "radius:5" }},
		{"-edges free", func(m *components.Model) { m.Edges = "free" }},
		{"-topology smallworld:0.1", func(m *components.Model) { m.Topology = "smallworld:0.1" }},
		{"-topology random:8", func(m *components.Model) { m.Topology = "random:8" }},
		{"-topology all", func(m *components.Model) { m.Topology = "all" }},
		{"-clock exact", func(m *components.Model) { m.Clock = "exact" }},
		{"-clock exact -jitter 0", func(m *components.Model) { m.Clock, m.Jitter = "exact", 0 }},
	}
	if only := os.Getenv("BENCH_VARIANTS"); only != "" {
		// For a quicker look at a few.
		variants = slices.DeleteFunc(variants, func(v struct {
			name string
			set  func(m *components.Model)
		}) bool {
			return v.name != "default" && !slices.ContainsFunc(strings.Split(only, ","), func(w string) bool { return strings.Contains(v.name, w) })
		})
	}
	// The machine may be shared, and a busy spell moved single rows by
	// ±50 %: each variant is timed right after a default world, both
	// built afresh, and its ratio is the median of those pairs' ratios
	// over the rounds; its time the fastest round's.
	run := func(m components.Model, workers int) (measured, [2]int64) {
		s, err := systems.New(m, systems.Options{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.WaitEntities() // their goroutine would share the cores with the ticks timed
		r := measure(m, ticks, s.Update)
		e, b := s.Graph()
		return r, [2]int64{e, b}
	}
	for _, workers := range []int{1, 2} {
		best := make([]measured, len(variants))
		ratios := make([][]float64, len(variants))
		edges := make([][2]int64, len(variants))
		for round := range rounds {
			for k, v := range variants {
				def, _ := run(model(size, size, 1), workers)
				m := model(size, size, 1)
				v.set(&m)
				r, e := run(m, workers)
				if round == 0 || r.ns < best[k].ns {
					best[k] = r
				}
				best[k].allocs = max(best[k].allocs, r.allocs)
				ratios[k] = append(ratios[k], r.ns/def.ns)
				edges[k] = e
			}
		}
		for k, v := range variants {
			r := best[k]
			perEdge := "–"
			if edges[k][0] > 0 {
				perEdge = fmt.Sprintf("%.1f", float64(edges[k][1])/float64(edges[k][0]))
			}
			slices.Sort(ratios[k])
			fmt.Printf("| %s | %d | %.2f | %.0fM | %.2f× | %.2f | %d | %s |\n", v.name, workers, r.ns, 1e3/r.ns, ratios[k][rounds/2], r.allocs, edges[k][0], perEdge)
		}
	}
}
