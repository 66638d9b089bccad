package systems

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// TestTickBreakdown prints the second table `make bench` shows: a tick of
// the default model (with the avalanches measured, as a -json run does)
// split by system — the wall time in each, the part of it spent in
// pool.run (split across the bands) and the rest, which runs on one
// goroutine. The serial fraction s measured with one worker gives
// Amdahl's estimate of the speed-up on n cores, 1/(s + (1-s)/n), set
// against the two-worker speed-up measured in the same run. It only runs
// with BENCH_TABLE=1.
func TestTickBreakdown(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	const ticks = 300
	fmt.Printf("\n%d ticks of the default model with avalanches after %d of warm-up, per tick; %s/%s, %d CPUs, %s\n\n",
		ticks, 5*TPS, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| grid | workers | system | ms | in pool.run ms | serial ms |")
	fmt.Println("|---|---|---|---|---|---|")
	type summary struct{ total, serial [3]float64 }
	var sums []string
	for _, size := range []int{1024, 2048} {
		m := components.DefaultModel()
		m.Width, m.Height, m.Seed = size, size, 5
		var sm summary
		for _, workers := range []int{1, 2} {
			b := breakdown(t, m, workers, ticks)
			for _, r := range b {
				fmt.Printf("| %dx%d | %d | %s | %.3f | %.3f | %.3f |\n", size, size, workers, r.name, r.ms, r.pooled, r.ms-r.pooled)
				sm.total[workers] += r.ms
				sm.serial[workers] += r.ms - r.pooled
			}
		}
		s := sm.serial[1] / sm.total[1]
		amdahl := func(n float64) float64 { return 1 / (s + (1-s)/n) }
		sums = append(sums, fmt.Sprintf("| %dx%d | %.2f | %.2f | %.1f %% | %.2f× | %.1f× | %.2f× |",
			size, size, sm.total[1], sm.total[2], 100*s, amdahl(2), amdahl(16), sm.total[1]/sm.total[2]))
	}
	fmt.Println("\n| grid | tick ms, 1 worker | tick ms, 2 workers | serial fraction (1 worker) | Amdahl, 2 workers | Amdahl, 16 workers | measured, 2 workers |")
	fmt.Println("|---|---|---|---|---|---|---|")
	fmt.Println(strings.Join(sums, "\n"))
}

type systemTime struct {
	name       string
	ms, pooled float64 // per tick
}

// breakdown runs the systems of a world one by one, as Sim.Update does,
// timing each and the pool.run calls inside it.
func breakdown(t *testing.T, m components.Model, workers, ticks int) []systemTime {
	s, err := New(m, Options{Workers: workers, Avalanches: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.WaitEntities() // their goroutine would share the cores with the ticks timed
	for range 5 * TPS {
		s.Update()
	}
	runtime.GC()
	total := make([]time.Duration, len(s.systems))
	pooled := make([]time.Duration, len(s.systems))
	for range ticks {
		for i, sys := range s.systems {
			s.pool.timing = &pooled[i]
			t0 := time.Now()
			sys.Update()
			total[i] += time.Since(t0)
		}
	}
	s.pool.timing = nil
	out := make([]systemTime, len(s.systems))
	for i, sys := range s.systems {
		name := strings.TrimPrefix(fmt.Sprintf("%T", sys), "*systems.")
		out[i] = systemTime{name, ms(total[i], ticks), ms(pooled[i], ticks)}
	}
	return slices.Clip(out)
}

func ms(d time.Duration, ticks int) float64 { return d.Seconds() * 1e3 / float64(ticks) }

type noJob struct{}

func (noJob) band(int, int, int) {}

// TestPoolHandOff prints the third table `make bench` shows: how long a
// pool.run of two workers takes for a job with nothing to do, right after
// the last one and after the caller has worked alone for a while (as
// between the passes of a tick), when the worker may have gone to sleep.
// It only runs with BENCH_TABLE=1.
func TestPoolHandOff(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	p := newPool(2, 2)
	defer p.close()
	fmt.Println("\n| serial work before the run | run µs p50 | p90 | p99 |")
	fmt.Println("|---|---|---|---|")
	for _, gap := range []time.Duration{0, 20 * time.Microsecond, 200 * time.Microsecond, 2 * time.Millisecond} {
		const runs = 500
		d := make([]float64, runs)
		for i := range d {
			for t0 := time.Now(); time.Since(t0) < gap; {
			}
			t0 := time.Now()
			p.run(noJob{})
			d[i] = float64(time.Since(t0).Nanoseconds()) / 1e3
		}
		slices.Sort(d)
		fmt.Printf("| %v | %.1f | %.1f | %.1f |\n", gap, d[runs/2], d[runs*9/10], d[runs*99/100])
	}
}
