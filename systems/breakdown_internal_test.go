package systems

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// TestTickBreakdown prints the second table `make bench` shows: a tick of
// the default model (with the avalanches measured, as a -json run does)
// split by system — the wall time in each, the part of it spent in
// the pool's Run (split across the bands) and the rest, which runs on one
// goroutine. The serial fraction s measured with one worker gives
// Amdahl's estimate of the speed-up on n cores, 1/(s + (1-s)/n), set
// against the two-worker speed-up measured in the same run. It only runs
// with BENCH_TABLE=1; BENCH_WORKERS, a comma-separated list (e.g. 16),
// adds worker counts, each with Amdahl's estimate and the measured speed-up.
func TestTickBreakdown(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	const ticks = 300
	workers := []int{1, 2}
	for _, f := range strings.Split(os.Getenv("BENCH_WORKERS"), ",") {
		if w, err := strconv.Atoi(f); err == nil && w > 2 {
			workers = append(workers, w)
		}
	}
	fmt.Printf("\n%d ticks of the default model with avalanches after %d of warm-up, per tick; %s/%s, %d CPUs, %s\n\n",
		ticks, 5*TPS, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| grid | workers | system | ms | in pool.run ms | serial ms |")
	fmt.Println("|---|---|---|---|---|---|")
	var sums, runs []string
	for _, size := range []int{1024, 2048} {
		m := components.DefaultModel()
		m.Width, m.Height, m.Seed = size, size, 5
		total := make([]float64, len(workers))
		var serial float64 // of the one-worker tick
		for k, w := range workers {
			var h work.HandOffs
			for _, r := range breakdown(t, m, w, ticks, &h) {
				fmt.Printf("| %dx%d | %d | %s | %.3f | %.3f | %.3f |\n", size, size, w, r.name, r.ms, r.pooled, r.ms-r.pooled)
				total[k] += r.ms
				if w == 1 {
					serial += r.ms - r.pooled
				}
			}
			if w > 1 {
				late := 0.0
				if n := h.Woken.Load(); n > 0 {
					late = float64(h.Late.Load()) / float64(n) / 1e3
				}
				runs = append(runs, fmt.Sprintf("| %dx%d | %d | %.2f | %.2f | %.2f | %.3f | %.0f |",
					size, size, w, float64(h.Runs)/ticks, float64(h.Woken.Load())/ticks, float64(h.Joined.Load())/ticks, ms(h.Waited, ticks), late))
			}
		}
		s := serial / total[0]
		row := fmt.Sprintf("| %dx%d | %.2f | %.1f %% |", size, size, total[0], 100*s)
		for k, w := range workers[1:] {
			n := float64(w)
			row += fmt.Sprintf(" %.2f | %.2f× | %.2f× |", total[k+1], 1/(s+(1-s)/n), total[0]/total[k+1])
		}
		if !slices.Contains(workers, 16) {
			row += fmt.Sprintf(" %.1f× |", 1/(s+(1-s)/16))
		}
		sums = append(sums, row)
	}
	head, rule := "\n| grid | tick ms, 1 worker | serial fraction (1 worker) |", "|---|---|---|"
	for _, w := range workers[1:] {
		head += fmt.Sprintf(" tick ms, %d | Amdahl, %d | measured, %d |", w, w, w)
		rule += "---|---|---|"
	}
	if !slices.Contains(workers, 16) {
		head += " Amdahl, 16 |"
		rule += "---|"
	}
	fmt.Println(head)
	fmt.Println(rule)
	fmt.Println(strings.Join(sums, "\n"))
	// What each of the pool's runs costs besides its work: the workers'
	// wake-up, during which the others do their bands, and the caller's
	// wait, out of bands, for the others' last.
	fmt.Println("\n| grid | workers | pool runs a tick | wake-ups a tick | runs joined lingering a tick | caller waiting for the last bands, ms a tick | a worker's wake-up, µs (mean) |")
	fmt.Println("|---|---|---|---|---|---|---|")
	fmt.Println(strings.Join(runs, "\n"))
}

type systemTime struct {
	name       string
	ms, pooled float64 // per tick
}

// breakdown runs the systems of a world one by one, as Sim.Update does,
// timing each and the pool's runs inside it. Settle's bands run in the
// pool's next run (Avalanches'), so their time is counted there; a job
// left for the tick's end shows as flush.
func breakdown(t *testing.T, m components.Model, workers, ticks int, h *work.HandOffs) []systemTime {
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
	steps := append(slices.Clone(s.systems), flush{s.pool})
	total := make([]time.Duration, len(steps))
	pooled := make([]time.Duration, len(steps))
	s.pool.HandOffs = h
	defer func() { s.pool.HandOffs = nil }()
	for range ticks {
		for i, sys := range steps {
			s.pool.Timing = &pooled[i]
			t0 := time.Now()
			sys.Update()
			total[i] += time.Since(t0)
		}
	}
	s.pool.Timing = nil
	out := make([]systemTime, len(steps))
	for i, sys := range steps {
		name := strings.TrimPrefix(strings.TrimPrefix(fmt.Sprintf("%T", sys), "*"), "systems.")
		out[i] = systemTime{name, ms(total[i], ticks), ms(pooled[i], ticks)}
	}
	return slices.Clip(out)
}

// flush is the end of Sim.Update: the job left for the next run, if none came.
type flush struct{ p *work.Pool }

func (f flush) Update() { f.p.Flush() }

func ms(d time.Duration, ticks int) float64 { return d.Seconds() * 1e3 / float64(ticks) }

// TestLingerTable prints a table of `make bench`: two workers whose
// worker parks as soon as it is done with a run, against two whose
// worker lingers (work.Pool.Linger), each against one worker. The five worlds
// (one worker, then parking, lingering, parking, lingering) tick in turn,
// 30 ticks each, so that the machine's slow and fast spells fall on all of
// them alike; two worlds of each kind, as one world's memory can be
// slower than another's. It only runs with BENCH_TABLE=1.
func TestLingerTable(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	fmt.Printf("\nticks taken in turn, 30 each, after %d of warm-up; %s/%s, %d CPUs, %s\n\n",
		TPS, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Println("| grid | one worker, ms a tick | two, parking: ms a tick | speed-up | wake-ups a tick | two, lingering: ms a tick | speed-up | wake-ups a tick |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, c := range [][2]int{{1024, 1200}, {2048, 600}} {
		size, ticks := c[0], c[1]
		m := components.DefaultModel()
		m.Width, m.Height, m.Seed = size, size, 5
		lingers := []time.Duration{0, 0, work.DefaultLinger, 0, work.DefaultLinger}
		sims := make([]*Sim, len(lingers))
		hands := make([]work.HandOffs, len(lingers))
		took := make([]time.Duration, len(lingers))
		for k, l := range lingers {
			s, err := New(m, Options{Workers: min(2, k+1), Avalanches: true})
			if err != nil {
				t.Fatal(err)
			}
			s.WaitEntities()
			s.pool.Linger = l
			for range TPS {
				s.Update()
			}
			s.pool.HandOffs = &hands[k]
			sims[k] = s
		}
		runtime.GC()
		for turn := range ticks / 30 {
			for k := range sims {
				j := (k + turn) % len(sims)
				t0 := time.Now()
				for range 30 {
					sims[j].Update()
				}
				took[j] += time.Since(t0)
			}
		}
		for k, s := range sims {
			if s.Obs.TraceHash != sims[0].Obs.TraceHash {
				t.Errorf("%d²: world %d traced %016x, want %016x as with one worker", size, k, s.Obs.TraceHash, sims[0].Obs.TraceHash)
			}
		}
		row := fmt.Sprintf("| %dx%d | %.2f |", size, size, ms(took[0], ticks))
		for _, kind := range [][2]int{{1, 3}, {2, 4}} {
			var cells [3][2]string
			for i, k := range kind {
				cells[0][i] = fmt.Sprintf("%.2f", ms(took[k], ticks))
				cells[1][i] = fmt.Sprintf("%.2f×", took[0].Seconds()/took[k].Seconds())
				cells[2][i] = fmt.Sprintf("%.2f", float64(hands[k].Woken.Load())/float64(ticks))
			}
			for _, c := range cells {
				row += " " + c[0] + ", " + c[1] + " |"
			}
		}
		fmt.Println(row)
		for _, s := range sims {
			s.Close()
		}
	}
}
