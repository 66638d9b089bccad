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
	fmt.Printf("\nThe model's variants on %dx%d, %d ticks after %d of warm-up; %s/%s, %d CPUs, %s\n\n",
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
	for _, workers := range []int{1, 2} {
		var base float64
		for _, v := range variants {
			m := model(size, size, 1)
			v.set(&m)
			s, err := systems.New(m, systems.Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			r := measure(m, ticks, s.Update)
			if base == 0 {
				base = r.ns
			}
			edges, bytes := s.Graph()
			perEdge := "–"
			if edges > 0 {
				perEdge = fmt.Sprintf("%.1f", float64(bytes)/float64(edges))
			}
			fmt.Printf("| %s | %d | %.2f | %.0fM | %.2f× | %.2f | %d | %s |\n", v.name, workers, r.ns, 1e3/r.ns, r.ns/base, r.allocs, edges, perEdge)
			s.Close()
		}
	}
}
