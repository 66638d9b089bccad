package systems_test

import (
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

func newSim(t testing.TB, m components.Model, workers int) *systems.Sim {
	t.Helper()
	s, err := systems.New(m, systems.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	s.WaitEntities() // the tests read the world through its entities too
	return s
}

func model(w, h int, seed uint64) components.Model {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = w, h, seed
	return m
}

// burst is a swarm in which one flash sets off every listening neighbour:
// it synchronises at once and then flashes all together every second.
func burst(w, h int, seed uint64) components.Model {
	m := model(w, h, seed)
	m.Period, m.Nudge, m.Refractory, m.Jitter = time.Second, time.Second, 200*time.Millisecond, 5*time.Millisecond
	return m
}

func TestUncoupledFlashOncePerPeriod(t *testing.T) {
	m := model(20, 15, 7)
	m.Nudge, m.Jitter = 0, 0
	s := newSim(t, m, 2)
	sw := s.Swarm
	periodTicks := m.Period.Seconds() * systems.TPS
	last := make([]int32, m.Fireflies())
	interval := make([]int32, m.Fireflies())
	for range 10 * int(periodTicks) {
		s.Update()
		for i, g := range sw.Glow {
			if g.FlashTick != sw.Tick {
				continue
			}
			if last[i] > 0 {
				d := sw.Tick - last[i]
				if math.Abs(float64(d)-periodTicks) > 1 {
					t.Fatalf("firefly %d flashed %d ticks after its last flash, want one period (%v ticks)", i, d, periodTicks)
				}
				if interval[i] != 0 && interval[i] != d {
					t.Fatalf("firefly %d: interval changed from %d to %d ticks", i, interval[i], d)
				}
				interval[i] = d
			}
			last[i] = sw.Tick
		}
	}
	for i, d := range interval {
		if d == 0 {
			t.Fatalf("firefly %d flashed fewer than twice in 10 periods", i)
		}
	}
}

// skipShort skips a long single-run test in -short mode, which make test
// uses for its run under the race detector: that run is about the workers
// sharing the columns, not about the model's long-run behaviour.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("long run; -short")
	}
}

func TestDefaultsSynchroniseWithinTenMinutes(t *testing.T) {
	skipShort(t)
	for _, seed := range []uint64{1, 2, 3} {
		s := newSim(t, model(50, 50, seed), 2)
		synced := false
		for s.SimSeconds() < 600 {
			s.Update()
			if s.Obs.RTick == s.Swarm.Tick && s.Obs.R >= 0.9 {
				synced = true
				break
			}
		}
		if !synced {
			t.Errorf("seed %d: R = %.3f after 600 s, want it to pass 0.9", seed, s.Obs.R)
			continue
		}
		if got, want := s.Obs.R, exactR(s); math.Abs(got-want) > 1e-3 {
			t.Errorf("seed %d: table R = %.5f, exact R = %.5f", seed, got, want)
		}
	}
}

// exactR computes the order parameter directly from the entities' Phase
// components, in float64 with math.Sincos.
func exactR(s *systems.Sim) float64 {
	var c, sn float64
	n := 0
	period := s.Model.Period.Seconds()
	components.Phase.Each(s.Entities(), func(e *donburiEntry) {
		a := 2 * math.Pi * float64(components.Phase.Get(e).Seconds) / period
		si, co := math.Sincos(a)
		c += co
		sn += si
		n++
	})
	return math.Hypot(c, sn) / float64(n)
}

func TestAtMostOneFlashPerTick(t *testing.T) {
	// Refractory 0: only the once-per-tick rule stops a flasher from being
	// pushed to the period again by its neighbours.
	m := burst(64, 40, 5)
	m.Refractory = 0
	s := newSim(t, m, 3)
	sw := s.Swarm
	for range 200 {
		s.Update()
		n := 0
		for i, g := range sw.Glow {
			if g.FlashTick == sw.Tick {
				n++
				if p := sw.Phase[i].Seconds; p >= float32(m.Jitter.Seconds()) {
					t.Fatalf("tick %d: firefly %d flashed but its phase is %v, want < jitter", sw.Tick, i, p)
				}
			}
		}
		if obs := s.Obs; obs.Flashes != n || obs.Spread != n {
			t.Fatalf("tick %d: %d fireflies flashed, but %d flashes counted and %d spread", sw.Tick, n, obs.Flashes, obs.Spread)
		}
	}
	if s.Obs.TotalFlashes == 0 {
		t.Fatal("no flashes at all")
	}
}

// quiet returns a sim whose fireflies all sit at phase 0 and listen, so a
// test can place the few that matter.
func quiet(t *testing.T, w, h int) *systems.Sim {
	s := newSim(t, model(w, h, 1), 2)
	for i := range s.Swarm.Phase {
		s.Swarm.Phase[i].Seconds = 0
	}
	return s
}

func TestRefractoryIgnoresNudges(t *testing.T) {
	s := quiet(t, 8, 8)
	sw := s.Swarm
	period := float32(s.Model.Period.Seconds())
	nudge := float32(s.Model.Nudge.Seconds())
	entry := func(x, y int) *donburiEntry { return s.Entities().Entry(sw.Entities.At(y*8 + x)) }
	// Set through the entities: the systems must see it in their columns.
	components.Phase.Get(entry(2, 2)).Seconds = period - 0.001
	components.Phase.Get(entry(3, 2)).Seconds = 1
	components.Refractory.Get(entry(3, 2)).Until = 30 // deaf for the first 29 ticks
	components.Phase.Get(entry(1, 2)).Seconds = 1
	s.Update()
	if got := components.Glow.Get(entry(2, 2)).FlashTick; got != 1 {
		t.Fatalf("firefly (2,2) last flashed at tick %d, want 1", got)
	}
	const dt = float32(1.0 / 60)
	if got, want := components.Phase.Get(entry(3, 2)).Seconds, float32(1)+dt; got != want {
		t.Errorf("refractory neighbour: phase %v, want %v (not nudged)", got, want)
	}
	if got, want := components.Phase.Get(entry(1, 2)).Seconds, float32(1)+dt+nudge; got != want {
		t.Errorf("listening neighbour: phase %v, want %v (nudged once)", got, want)
	}
}

func TestCascadeCrossesCellsInOneTick(t *testing.T) {
	s := quiet(t, 32, 8)
	sw := s.Swarm
	period := float32(s.Model.Period.Seconds())
	nudge := float32(s.Model.Nudge.Seconds())
	const length = 10
	sw.Phase[4*32].Seconds = period - 0.001
	for x := 1; x < length; x++ {
		sw.Phase[4*32+x].Seconds = period - nudge + 0.001
	}
	s.Update()
	for x := range length {
		if got := sw.Glow[4*32+x].FlashTick; got != 1 {
			t.Errorf("cell (%d,4) last flashed at tick %d, want 1", x, got)
		}
	}
	if obs := s.Obs; obs.Flashes != length || obs.Waves != length {
		t.Errorf("got %d flashes in %d waves, want %d in %d", obs.Flashes, obs.Waves, length, length)
	}
}

func TestTraceHashDependsOnSeedOnly(t *testing.T) {
	run := func(m components.Model, workers int) uint64 {
		s := newSim(t, m, workers)
		ticks := 400
		if testing.Short() {
			ticks = 60
		}
		for range ticks {
			s.Update()
		}
		return s.Obs.TraceHash
	}
	// The burst swarm flashes as one from the first tick whatever the
	// seed, so only the default model's trace must change with it.
	for _, tc := range []struct {
		name      string
		m         func(seed uint64) components.Model
		seedShows bool
	}{
		{"defaults", func(seed uint64) components.Model { return model(200, 130, seed) }, true},
		{"burst", func(seed uint64) components.Model { return burst(200, 130, seed) }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := run(tc.m(11), 1)
			for _, workers := range []int{1, 2, 3, 7} {
				if got := run(tc.m(11), workers); got != want {
					t.Errorf("workers %d: trace %016x, want %016x as with 1 worker", workers, got, want)
				}
			}
			if other := run(tc.m(12), 2); tc.seedShows && other == want {
				t.Errorf("seeds 11 and 12 gave the same trace %016x", want)
			}
		})
	}
}

func TestEntitiesSeeTheColumns(t *testing.T) {
	s := newSim(t, model(30, 20, 3), 2)
	for range 100 {
		s.Update()
	}
	n := 0
	sw := s.Swarm
	if sw.Entities.List != nil {
		t.Error("a new world's firefly entities are listed: their ids should follow the first's")
	}
	for i := range sw.Phase {
		entry := s.Entities().Entry(sw.Entities.At(i))
		if components.Phase.Get(entry) != &sw.Phase[i] || components.Refractory.Get(entry) != &sw.Refractory[i] || components.Glow.Get(entry) != &sw.Glow[i] {
			t.Fatalf("entity %d does not point into the columns", i)
		}
	}
	components.Refractory.Each(s.Entities(), func(*donburiEntry) { n++ })
	if n != s.Model.Fireflies() {
		t.Errorf("query found %d fireflies, want %d", n, s.Model.Fireflies())
	}
}

// TestBuildReservesDonburisTables: past its first chunk, the build makes
// the entities in room reserved in donburi's tables
// (components.Reserve), allocating nothing for each, where donburi alone
// allocates two (its record and its location) and grows its tables; and
// the entities still point into the columns.
func TestBuildReservesDonburisTables(t *testing.T) {
	m := model(512, 512, 3) // four chunks
	n := m.Fireflies()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w, sw, err := systems.NewWorld(m, systems.Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if a := after.Mallocs - before.Mallocs; a > uint64(n) {
		t.Errorf("building %d fireflies allocated %d times, want at most %d (two for each of the first chunk's)", n, a, n)
	}
	if sw.Entities.List != nil {
		t.Error("the firefly entities are listed: their ids should follow the first's")
	}
	for i := range n {
		entry := w.Entry(sw.Entities.At(i))
		if components.Phase.Get(entry) != &sw.Phase[i] || components.Refractory.Get(entry) != &sw.Refractory[i] || components.Glow.Get(entry) != &sw.Glow[i] {
			t.Fatalf("entity %d does not point into the columns", i)
		}
	}
}

func TestTickAllocatesNothing(t *testing.T) {
	skipShort(t)
	// 512×384 for 10 s spreads about 70 of its waves on all the bands
	// (TestTraceSameForAnyWorkersAndWasm in e2e uses the same run).
	for _, m := range []components.Model{model(256, 256, 1), burst(256, 256, 1), model(512, 384, 5)} {
		s := newSim(t, m, 2)
		// From the very first tick: every buffer is allocated up front.
		// Counted over the whole run, not per tick as AllocsPerRun does
		// (it rounds down): the waves spread on all the bands come a few
		// dozen times in 600 ticks.
		s.Update()
		ours, runtimes := allocations(func() {
			for range 600 {
				s.Update()
			}
		})
		if ours != 0 {
			t.Errorf("%dx%d, period %v: %d allocations in 600 ticks, want none", m.Width, m.Height, m.Period, ours)
		}
		t.Logf("%dx%d, period %v: the runtime's waiters and threads took %d allocations in 600 ticks", m.Width, m.Height, m.Period, runtimes)
	}
}

// allocations runs f and counts the allocations made meanwhile by this
// module's code, recording every allocation (runtime.MemProfileRate 1)
// and telling them apart by their stacks. Left out: the runtime's own
// waiters (runtime.acquireSudog: a goroutine that parks on a channel
// takes one from its processor's cache and gives it back to the cache of
// the processor it wakes on, so a cache that runs dry is refilled by
// allocating, however many waiters there are all told) and threads
// (runtime.allocm), which are counted apart, and what the runtime does on
// its own stack, such as the scavenger, and this measurement.
func allocations(f func()) (ours, runtimes int64) {
	defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	runtime.MemProfileRate = 1
	before := allocationSites()
	f()
	for stack, n := range allocationSites() {
		if n -= before[stack]; n == 0 {
			continue
		}
		mine, theirs := false, false
		frames := runtime.CallersFrames(stack[:])
		for fr, more := frames.Next(); more; fr, more = frames.Next() {
			mine = mine || strings.HasPrefix(fr.Function, "github.com/firefly-observatory/fireflies/") && !strings.Contains(fr.Function, "_test.")
			theirs = theirs || fr.Function == "runtime.acquireSudog" || fr.Function == "runtime.allocm"
		}
		switch {
		case theirs:
			runtimes += n
		case mine:
			ours += n
		}
	}
	return ours, runtimes
}

// allocationSites is how many objects were allocated so far at each stack
// recorded in the memory profile, which is published by collections.
func allocationSites() map[[32]uintptr]int64 {
	runtime.GC()
	runtime.GC()
	n, _ := runtime.MemProfile(nil, true)
	records := make([]runtime.MemProfileRecord, n+64)
	n, _ = runtime.MemProfile(records, true)
	sites := make(map[[32]uintptr]int64, n)
	for _, r := range records[:n] {
		sites[r.Stack0] += r.AllocObjects
	}
	return sites
}

func TestTimeToSync(t *testing.T) {
	skipShort(t)
	s := newSim(t, model(50, 50, 1), 2)
	period := s.Model.Period.Seconds()
	type sample struct{ t, r float64 }
	var samples []sample
	pulses := 0.0
	for s.SimSeconds() < 600 && (s.Obs.SyncedAt < 0) {
		s.Update()
		if s.Swarm.Tick%systems.OrderEvery == 0 {
			samples = append(samples, sample{s.SimSeconds(), s.Obs.R})
			pulses += s.Obs.Pulse
		}
	}
	at := s.Obs.SyncedAt
	if at < 0 {
		t.Fatal("never synchronised in 600 s")
	}
	// R held at least SyncR for a full period from then on, and the sample
	// just before it was below.
	for i, smp := range samples {
		if smp.t < at && i+1 < len(samples) && samples[i+1].t == at && smp.r >= systems.SyncR {
			t.Errorf("R was already %.3f at %.1f s, before the sync time %.1f s", smp.r, smp.t, at)
		}
		if smp.t >= at && smp.t <= at+period && smp.r < systems.SyncR {
			t.Errorf("R fell to %.3f at %.1f s, within a period of the sync time %.1f s", smp.r, smp.t, at)
		}
	}
	// Each firefly flashes about once a period: the half-second pulses add
	// up to that.
	if want := s.SimSeconds() / period; pulses < 0.8*want || pulses > 1.2*want {
		t.Errorf("pulses add up to %.1f flashes per firefly in %.0f s, want about %.1f", pulses, s.SimSeconds(), want)
	}
	u := newSim(t, func() components.Model { m := model(50, 50, 1); m.Nudge = 0; return m }(), 1)
	for range 60 * systems.TPS {
		u.Update()
	}
	if u.Obs.SyncedAt >= 0 {
		t.Errorf("uncoupled swarm synchronised at %.1f s", u.Obs.SyncedAt)
	}
}

func TestSmallBandsAndVerticalCascades(t *testing.T) {
	// Grids only a few rows high give bands of one or two rows, so nearly
	// every row borders another band.
	for _, m := range []components.Model{model(3, 3, 5), model(5, 4, 6), burst(9, 5, 7), model(17, 7, 8)} {
		var want uint64
		for _, workers := range []int{1, 2, 3, 7} {
			s := newSim(t, m, workers)
			for range 600 {
				s.Update()
			}
			if workers == 1 {
				want = s.Obs.TraceHash
			} else if got := s.Obs.TraceHash; got != want {
				t.Errorf("%dx%d, %d workers: trace %016x, want %016x", m.Width, m.Height, workers, got, want)
			}
		}
	}
	// A column of fireflies one nudge from the period crosses every band
	// boundary of a 3-worker split in one tick.
	for _, workers := range []int{1, 3} {
		s := newSim(t, model(8, 12, 1), workers)
		sw := s.Swarm
		period := float32(s.Model.Period.Seconds())
		nudge := float32(s.Model.Nudge.Seconds())
		for i := range sw.Phase {
			sw.Phase[i].Seconds = 0
		}
		sw.Phase[0*8+3].Seconds = period - 0.001
		for y := 1; y < 12; y++ {
			sw.Phase[y*8+3].Seconds = period - nudge + 0.001
		}
		s.Update()
		for y := range 12 {
			if got := sw.Glow[y*8+3].FlashTick; got != 1 {
				t.Errorf("%d workers: cell (3,%d) last flashed at tick %d, want 1", workers, y, got)
			}
		}
	}
}
