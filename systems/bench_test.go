package systems_test

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

var benchSizes = []int{256, 1024, 2048}

// warmup is how many ticks run before measuring: past the first flashes,
// with every list at its steady size.
const warmup = 5 * systems.TPS

// BenchmarkTick measures one tick of the default model per size and number
// of workers.
func BenchmarkTick(b *testing.B) {
	for _, size := range benchSizes {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%dx%d/workers=%d", size, size, workers), func(b *testing.B) {
				m := model(size, size, 1)
				s := newSim(b, m, workers)
				benchSteps(b, m, s.Update)
			})
		}
	}
}

// BenchmarkReference measures the plain []float32 implementation of the
// same tick, the baseline of BenchmarkTick.
func BenchmarkReference(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", size, size), func(b *testing.B) {
			m := model(size, size, 1)
			benchSteps(b, m, systems.NewReference(m).Step)
		})
	}
}

// BenchmarkNaiveQuery measures the tick written the obvious way with
// donburi's query.Each and Get.
func BenchmarkNaiveQuery(b *testing.B) {
	for _, size := range benchSizes[:2] {
		b.Run(fmt.Sprintf("%dx%d", size, size), func(b *testing.B) {
			m := model(size, size, 1)
			benchSteps(b, m, systems.NewNaive(m).Step)
		})
	}
}

// BenchmarkBurstCycle measures one second (60 ticks) of a 2048×2048 swarm
// that flashes all together once a second, and reports the median time of
// the tick in which the whole swarm flashes, and the slowest tick.
func BenchmarkBurstCycle(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("2048x2048/workers=%d", workers), func(b *testing.B) {
			s := newSim(b, burst(2048, 2048, 1), workers)
			for range warmup {
				s.Update()
			}
			b.ReportAllocs()
			var worst time.Duration
			var bursts []time.Duration
			for b.Loop() {
				for range systems.TPS {
					t0 := time.Now()
					s.Update()
					d := time.Since(t0)
					worst = max(worst, d)
					if s.Obs.Flashes > len(s.Swarm.Phase)/2 {
						bursts = append(bursts, d)
					}
				}
			}
			slices.Sort(bursts)
			if len(bursts) > 0 {
				b.ReportMetric(float64(bursts[len(bursts)/2].Microseconds())/1000, "burst-tick-ms")
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-tick-ms")
		})
	}
}

func benchSteps(b *testing.B, m components.Model, step func()) {
	for range warmup {
		step()
	}
	b.ReportAllocs()
	for b.Loop() {
		step()
	}
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(m.Fireflies())
	b.ReportMetric(ns, "ns/firefly-tick")
}

// TestBenchTable prints the table `make bench` shows: every size and
// worker count against the plain reference, measured in this one binary.
// It only runs with BENCH_TABLE=1: it is too long for every test run.
func TestBenchTable(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	const ticks = 300
	fmt.Printf("%d ticks of the default model after %d of warm-up; %s/%s, %d CPUs, %s\n\n",
		ticks, warmup, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| grid | workers | ns/firefly-tick | firefly-ticks/s | vs reference | allocs/tick | tick p50 ms | tick p99 ms |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, size := range benchSizes {
		m := model(size, size, 1)
		ref := measure(m, ticks, systems.NewReference(m).Step)
		row := func(name string, r measured) {
			fmt.Printf("| %dx%d | %s | %.2f | %.0fM | %.2f× | %.2f | %.2f | %.2f |\n", size, size, name,
				r.ns, 1e3/r.ns, r.ns/ref.ns, r.allocs, r.p50, r.p99)
		}
		for _, workers := range []int{1, 2} {
			s, err := systems.New(m, systems.Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			s.WaitEntities() // their goroutine would share the cores with the ticks timed
			row(fmt.Sprint(workers), measure(m, ticks, s.Update))
			s.Close()
		}
		row("reference", ref)
		if size <= 1024 {
			row("naive query", measure(m, ticks/3, systems.NewNaive(m).Step))
		}
	}
}

type measured struct {
	ns       float64 // per firefly-tick
	allocs   float64 // per tick
	p50, p99 float64 // ms
}

func measure(m components.Model, ticks int, step func()) measured {
	for range warmup {
		step()
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	times := make([]float64, ticks)
	total := time.Duration(0)
	for i := range times {
		t0 := time.Now()
		step()
		d := time.Since(t0)
		total += d
		times[i] = float64(d.Microseconds()) / 1000
	}
	runtime.ReadMemStats(&after)
	slices.Sort(times)
	return measured{
		ns:     float64(total.Nanoseconds()) / float64(ticks) / float64(m.Fireflies()),
		allocs: float64(after.Mallocs-before.Mallocs) / float64(ticks),
		p50:    times[ticks/2],
		p99:    times[ticks*99/100],
	}
}

// BenchmarkNewWorld measures building a 2048×2048 world in one call: the
// columns and the initial phases, the entities, and the collection that
// returns the build's garbage.
func BenchmarkNewWorld(b *testing.B) {
	m := model(2048, 2048, 5)
	for b.Loop() {
		if _, _, err := systems.NewWorld(m, systems.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures building a 2048×2048 world as the runners do,
// until its entities are complete: New, which returns once the columns
// are filled, then WaitEntities. The collection that returns the build's
// garbage follows on its own goroutine; it is left out, and ends before
// the next build.
func BenchmarkNew(b *testing.B) {
	m := model(2048, 2048, 5)
	for b.Loop() {
		s, err := systems.New(m, systems.Options{Workers: 2})
		if err != nil {
			b.Fatal(err)
		}
		s.WaitEntities()
		b.StopTimer()
		s.WaitGarbage()
		s.Close()
		debug.FreeOSMemory() // this world's pages go back: each build starts as the first
		b.StartTimer()
	}
}

// TestScalingTable prints the table `make scaling` shows: firefly-ticks
// per second of one and two workers at 1024² and 2048² (seed 5, 10
// simulated seconds, the avalanches measured, as a -json run of the
// headless build does), the runs interleaved and repeated, with the
// median of each and the median speed-up, and the world's build time. It
// only runs with SCALING=1; SCALING_REPS sets the repeats (3), and
// SCALING_WORKERS a comma-separated list of worker counts to add to 1, 2.
func TestScalingTable(t *testing.T) {
	if os.Getenv("SCALING") == "" {
		t.Skip("set SCALING=1 (make scaling)")
	}
	reps := 3
	if r, err := strconv.Atoi(os.Getenv("SCALING_REPS")); err == nil && r > 0 {
		reps = r
	}
	workers := []int{1, 2}
	for _, f := range strings.Split(os.Getenv("SCALING_WORKERS"), ",") {
		if w, err := strconv.Atoi(f); err == nil && w > 2 {
			workers = append(workers, w)
		}
	}
	ticks := systems.Ticks(10 * time.Second)
	fmt.Printf("seed 5, %d ticks, avalanches measured; runs interleaved, median of %d; %s/%s, %d CPUs, %s\n\n",
		ticks, reps, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| grid | workers | firefly-ticks/s | speed-up | tick p50 ms | tick p99 ms | build s | trace_hash |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, size := range []int{1024, 2048} {
		m := model(size, size, 5)
		rate := make([][]float64, len(workers))
		p50 := make([][]float64, len(workers))
		p99 := make([][]float64, len(workers))
		build := make([][]float64, len(workers))
		hashes := make([]string, len(workers))
		for range reps {
			for k, w := range workers {
				t0 := time.Now()
				s, err := systems.New(m, systems.Options{Workers: w, Avalanches: true})
				if err != nil {
					t.Fatal(err)
				}
				build[k] = append(build[k], time.Since(t0).Seconds()) // until it can tick
				// Neither the entities nor the collection that follows them
				// are timed with the ticks: with one worker they would run
				// on the idle core, with two they take one from the ticks.
				s.WaitEntities()
				s.WaitGarbage()
				times := make([]float64, ticks)
				t0 = time.Now()
				for i := range times {
					t1 := time.Now()
					s.Update()
					times[i] = float64(time.Since(t1).Microseconds()) / 1000
				}
				rate[k] = append(rate[k], float64(ticks*m.Fireflies())/time.Since(t0).Seconds())
				slices.Sort(times)
				p50[k] = append(p50[k], times[ticks/2])
				p99[k] = append(p99[k], times[ticks*99/100])
				hashes[k] = fmt.Sprintf("%016x", s.Obs.TraceHash)
				s.Close()
				runtime.GC()
			}
		}
		speedup := make([][]float64, len(workers))
		for k := range workers {
			for r := range reps {
				speedup[k] = append(speedup[k], rate[k][r]/rate[0][r])
			}
		}
		for k, w := range workers {
			fmt.Printf("| %dx%d | %d | %.0fM | %.2f× | %.2f | %.2f | %.2f | %s |\n", size, size, w,
				median(rate[k])/1e6, median(speedup[k]), median(p50[k]), median(p99[k]), median(build[k]), hashes[k])
			if hashes[k] != hashes[0] {
				t.Errorf("%dx%d, %d workers: trace %s, want %s as with one", size, size, w, hashes[k], hashes[0])
			}
		}
	}
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}
