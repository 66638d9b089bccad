package systems_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestVariantBenchTable prints the variants' table of `make bench`: each
// variant's cost per firefly-tick as a ratio to the default model's,
// measured in this one binary, and for the graphs their bytes per edge.
// It only runs with BENCH_TABLE=1.
func TestVariantBenchTable(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	const size, ticks = 512, 300
	fmt.Printf("\nThe model's variants on %dx%d, %d ticks after %d of warm-up, the fastest of 3 rounds; %s/%s, %d CPUs, %s\n\n",
		size, size, ticks, warmup, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
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
	}
	// The machine may be shared: each row is the fastest of three rounds,
	// the rounds interleaved over all the variants, so that a busy spell
	// does not fall on one row alone.
	const rounds = 3
	for _, workers := range []int{1, 2} {
		best := make([]measured, len(variants))
		edges := make([][2]int64, len(variants))
		for round := range rounds {
			for k, v := range variants {
				m := model(size, size, 1)
				v.set(&m)
				s, err := systems.New(m, systems.Options{Workers: workers})
				if err != nil {
					t.Fatal(err)
				}
				s.WaitEntities() // their goroutine would share the cores with the ticks timed
				r := measure(m, ticks, s.Update)
				if round == 0 || r.ns < best[k].ns {
					best[k] = r
				}
				best[k].allocs = max(best[k].allocs, r.allocs)
				e, b := s.Graph()
				edges[k] = [2]int64{e, b}
				s.Close()
			}
		}
		for k, v := range variants {
			r := best[k]
			perEdge := "–"
			if edges[k][0] > 0 {
				perEdge = fmt.Sprintf("%.1f", float64(edges[k][1])/float64(edges[k][0]))
			}
			fmt.Printf("| %s | %d | %.2f | %.0fM | %.2f× | %.2f | %d | %s |\n", v.name, workers, r.ns, 1e3/r.ns, r.ns/best[0].ns, r.allocs, edges[k][0], perEdge)
		}
	}
}
