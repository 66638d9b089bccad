package systems_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// freeRunning is a swarm of w×h uncoupled fireflies: no nudge, no
// deafness, with the given clock, period and jitter.
func freeRunning(w, h int, clock string, period, jitter time.Duration) components.Model {
	m := model(w, h, 3)
	m.Clock, m.Period, m.Jitter, m.Nudge, m.Refractory = clock, period, jitter, 0, 0
	return m
}

// flashCounts runs m for d and returns each firefly's flashes.
func flashCounts(t *testing.T, m components.Model, d time.Duration) []int {
	t.Helper()
	s := newSim(t, m, 1)
	counts := make([]int, m.Fireflies())
	for range systems.Ticks(d) {
		s.Update()
		if s.Obs.Flashes == 0 {
			continue
		}
		for i, g := range s.Swarm.Glow {
			if g.FlashTick == s.Swarm.Tick {
				counts[i]++
			}
		}
	}
	return counts
}

// TestExactClockHonoursThePeriod: under the exact clock a free-running
// firefly flashes duration ÷ period times, within one flash, for periods
// that are no whole number of ticks — each firefly without jitter, and on
// average over the swarm with the default jitter, whose mean the exact
// clock takes from the phase's speed (a hundred fireflies, so that the
// jitter's random walk, √(cycles/12) × jitter, averages out). The ticks
// clock, which rounds each cycle up to whole ticks and shortens it by half
// the jitter, misses by 2 to 156 flashes in the same runs (logged).
func TestExactClockHonoursThePeriod(t *testing.T) {
	for _, tc := range []struct {
		period, duration time.Duration
	}{
		{time.Second, 3600 * time.Second},
		{3 * time.Second, 1000 * time.Second},
		{4990 * time.Millisecond, 1000 * time.Second},
	} {
		for _, jitter := range []time.Duration{0, 100 * time.Millisecond} {
			t.Run(fmt.Sprintf("period %v jitter %v", tc.period, jitter), func(t *testing.T) {
				want := tc.duration.Seconds() / tc.period.Seconds()
				w, h := 3, 3
				if jitter > 0 {
					w, h = 10, 10
				}
				counts := flashCounts(t, freeRunning(w, h, "exact", tc.period, jitter), tc.duration)
				total := 0
				for i, n := range counts {
					total += n
					if jitter == 0 && math.Abs(float64(n)-want) > 1 {
						t.Errorf("firefly %d: got %d flashes in %v, want %.1f within one", i, n, tc.duration, want)
					}
				}
				mean := float64(total) / float64(len(counts))
				if math.Abs(mean-want) > 1 {
					t.Errorf("got %.2f flashes a firefly in %v, want %.1f within one", mean, tc.duration, want)
				}
				ticks := flashCounts(t, freeRunning(w, h, "ticks", tc.period, jitter), tc.duration)
				n := 0
				for _, c := range ticks {
					n += c
				}
				t.Logf("exact %.2f flashes a firefly, ticks %.2f, want %.1f", mean, float64(n)/float64(len(ticks)), want)
			})
		}
	}
}

// TestExactClockFlashTimes: a free-running firefly's flashes under the
// exact clock come a period apart to within float32's rounding, at
// times within their ticks, as [systems.Sim.FlashSeconds] reports them.
func TestExactClockFlashTimes(t *testing.T) {
	m := freeRunning(3, 3, "exact", 4990*time.Millisecond, 0)
	s := newSim(t, m, 1)
	last := make([]float64, m.Fireflies())
	checked := 0
	for range systems.Ticks(100 * time.Second) {
		s.Update()
		for i, g := range s.Swarm.Glow {
			if g.FlashTick != s.Swarm.Tick {
				continue
			}
			at := s.FlashSeconds(i)
			if at <= float64(s.Swarm.Tick-1)/systems.TPS || at > float64(s.Swarm.Tick)/systems.TPS {
				t.Fatalf("tick %d: firefly %d flashed at %v s, outside its tick", s.Swarm.Tick, i, at)
			}
			if last[i] > 0 {
				if d := at - last[i]; math.Abs(d-4.99) > 1e-4 {
					t.Fatalf("firefly %d: flashes %v s apart, want 4.99", i, d)
				}
				checked++
			}
			last[i] = at
		}
	}
	if checked < 9*15 {
		t.Fatalf("checked %d intervals, want every firefly's", checked)
	}
}

// exactModels are runs of the exact clock for the tests of workers and
// allocations: the default constants, bursts, and all-to-all.
func exactModels() map[string]components.Model {
	def := model(61, 47, 2)
	def.Clock = "exact"
	b := burst(128, 96, 4)
	b.Clock = "exact"
	all := model(40, 25, 6)
	all.Clock, all.Topology, all.Response, all.Nudge, all.Jitter, all.Refractory = "exact", "all", "proportional", time.Millisecond, 0, 0
	return map[string]components.Model{"defaults": def, "bursts": b, "all/proportional": all}
}

// TestExactClockAnyWorkers: the exact clock flashes the same for 1, 3
// and 7 workers, with sparse waves heard in bands or not.
func TestExactClockAnyWorkers(t *testing.T) {
	old := *systems.SplitMin
	defer func() { *systems.SplitMin = old }()
	for name, m := range exactModels() {
		var want uint64
		for _, workers := range []int{1, 3, 7} {
			*systems.SplitMin = old
			if workers == 7 {
				*systems.SplitMin = 1
			}
			s := newSim(t, m, workers)
			for range 40 * systems.TPS {
				s.Update()
			}
			if s.Obs.TotalFlashes == 0 {
				t.Fatalf("%s: no flashes", name)
			}
			if workers == 1 {
				want = s.Obs.TraceHash
			} else if s.Obs.TraceHash != want {
				t.Errorf("%s, %d workers: trace_hash %016x, 1 worker %016x", name, workers, s.Obs.TraceHash, want)
			}
		}
	}
}

// TestExactClockAllocatesNothing: the exact clock's ticks allocate
// nothing from the first on, counted by their stacks over 600 ticks as
// TestTickAllocatesNothing counts the default model's.
func TestExactClockAllocatesNothing(t *testing.T) {
	skipShort(t)
	for name, m := range exactModels() {
		s := newSim(t, m, 2)
		s.Update()
		ours, runtimes := allocations(func() {
			for range 600 {
				s.Update()
			}
		})
		if ours != 0 {
			t.Errorf("%s: %d allocations in 600 ticks, want none", name, ours)
		}
		t.Logf("%s: the runtime's waiters and threads took %d allocations in 600 ticks", name, runtimes)
	}
}

// TestTicksClockUnchanged: -clock ticks, named, is the default model,
// flash for flash (TestPinnedTraces holds the default's traces).
func TestTicksClockUnchanged(t *testing.T) {
	for _, named := range []string{"", "ticks"} {
		m := model(45, 33, 21)
		m.Clock = named
		s := newSim(t, m, 2)
		for range systems.Ticks(60 * time.Second) {
			s.Update()
		}
		if got := fmt.Sprintf("%016x", s.Obs.TraceHash); got != "f70b2515eb21710e" {
			t.Errorf("-clock %q: trace_hash %s, want the pinned f70b2515eb21710e", named, got)
		}
	}
}

// mirolloStrogatz is their setting: N identical oscillators all-to-all,
// each flash pulling the others up in proportion to their phase (a
// concave-down state function), no deafness, no jitter; ε = 2 × nudge ÷
// period.
func mirolloStrogatz(w, h int, seed uint64, clock string, nudge time.Duration) components.Model {
	m := model(w, h, seed)
	m.Clock, m.Topology, m.Response, m.Refractory, m.Jitter, m.Nudge = clock, "all", "proportional", 0, 0, nudge
	return m
}

// TestMirolloStrogatzExactClock: Mirollo and Strogatz's theorem (SIAM J.
// Appl. Math. 50:1645, 1990) says such a swarm synchronises from almost
// every start, however weak the coupling. With N = 100 and ε = 1e-4
// (-nudge 250us), on three seeds the exact clock synchronises within
// 3000 simulated seconds, where the ticks clock, which resets every phase
// to exactly 0 on a tick, freezes: none of the three does
// (docs/model.md, "Mirollo and Strogatz on both clocks", has ten seeds
// and other N and ε).
func TestMirolloStrogatzExactClock(t *testing.T) {
	skipShort(t)
	for _, seed := range []uint64{1, 4, 5} {
		for _, clock := range []string{"ticks", "exact"} {
			s := newSim(t, mirolloStrogatz(10, 10, seed, clock, 250*time.Microsecond), 1)
			for range systems.Ticks(3000*time.Second) / systems.OrderEvery {
				for range systems.OrderEvery {
					s.Update()
				}
				if s.Synced() {
					break
				}
			}
			if want := clock == "exact"; s.Synced() != want {
				t.Errorf("seed %d, -clock %s: synchronised %v within 3000 s (R %.2f), want %v", seed, clock, s.Synced(), s.Obs.R, want)
			} else {
				t.Logf("seed %d, -clock %s: synchronised %v, at %v s", seed, clock, s.Synced(), s.Obs.SyncedAt)
			}
		}
	}
}

// TestCouplingScale: -coupling-scale divides the nudge, on either engine
// — by the neighbours (Moore's 8 on the default engine, von Neumann's 4,
// K of random:K) or by N — flash for flash as the divided nudge given
// alone (the divisors here are powers of two, or give the same float32,
// so the two nudges are the same bits); and a live change of the scale
// keeps the world, as a new nudge does.
func TestCouplingScale(t *testing.T) {
	for _, tc := range []struct {
		name             string
		set              func(m *components.Model)
		scale            string
		scaled, unscaled time.Duration
	}{
		{"moore", func(*components.Model) {}, "degree", 800 * time.Millisecond, 100 * time.Millisecond},
		{"vonneumann", func(m *components.Model) { m.Neighbours = "vonneumann" }, "degree", 1600 * time.Millisecond, 400 * time.Millisecond},
		{"random:8, exact", func(m *components.Model) { m.Topology, m.Clock = "random:8", "exact" }, "degree", 2400 * time.Millisecond, 300 * time.Millisecond},
		{"all, n", func(m *components.Model) { m.Topology, m.Response = "all", "proportional" }, "n", 1024 * time.Millisecond, time.Millisecond},
		{"all, degree", func(m *components.Model) { m.Topology, m.Response = "all", "proportional" }, "degree", 1023 * time.Millisecond, time.Millisecond},
	} {
		hash := func(scale string, nudge time.Duration) uint64 {
			m := model(32, 32, 8)
			tc.set(&m)
			m.CouplingScale, m.Nudge = scale, nudge
			s := newSim(t, m, 2)
			for range 60 * systems.TPS {
				s.Update()
			}
			return s.Obs.TraceHash
		}
		if a, b := hash(tc.scale, tc.scaled), hash("none", tc.unscaled); a != b {
			t.Errorf("%s: -coupling-scale %s -nudge %v: trace %016x, want -nudge %v's %016x", tc.name, tc.scale, tc.scaled, a, tc.unscaled, b)
		}
		if a, b := hash(tc.scale, tc.scaled), hash("none", tc.scaled); a == b {
			t.Errorf("%s: -coupling-scale %s changed nothing", tc.name, tc.scale)
		}
	}
	a, b := model(20, 20, 1), model(20, 20, 1)
	b.CouplingScale = "degree"
	if systems.Structural(a, b) {
		t.Error("a new coupling scale needs a new world, want the running one")
	}
	if b.Clock = "exact"; !systems.Structural(a, b) {
		t.Error("a new clock keeps the world, want a new one")
	}
}
