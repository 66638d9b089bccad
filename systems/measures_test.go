package systems_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

func measuredSim(t *testing.T, m components.Model) *systems.Sim {
	t.Helper()
	s, err := systems.New(m, systems.Options{Workers: 2, Measures: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestGroupsCountFlashTimes: groups is the number of ticks of the last
// period that held a flash, counted here from the flashes themselves —
// for uncoupled fireflies at random phases, for bursts that flash as one,
// and for the default model on its way to synchrony.
func TestGroupsCountFlashTimes(t *testing.T) {
	uncoupled := model(6, 5, 2)
	uncoupled.Nudge, uncoupled.Jitter = 0, 0
	for name, m := range map[string]components.Model{"uncoupled": uncoupled, "bursts": burst(30, 20, 1), "default": model(30, 30, 3)} {
		s := measuredSim(t, m)
		window := int32(math.Ceil(m.Period.Seconds() * systems.TPS))
		var flashTicks []int32
		for range 60 * systems.TPS {
			s.Update()
			if s.Obs.Flashes > 0 {
				flashTicks = append(flashTicks, s.Swarm.Tick)
			}
			if s.Swarm.Tick%systems.OrderEvery != 0 || s.Swarm.Tick < window {
				continue
			}
			want := 0
			for _, k := range flashTicks {
				if k > s.Swarm.Tick-window {
					want++
				}
			}
			if s.Obs.Groups != want {
				t.Fatalf("%s, tick %d: groups %d, want %d", name, s.Swarm.Tick, s.Obs.Groups, want)
			}
		}
		if name == "bursts" && s.Obs.Groups != 1 || name == "uncoupled" && (s.Obs.Groups < 20 || s.Obs.Groups > 30) {
			t.Errorf("%s: groups %d at the end", name, s.Obs.Groups)
		}
	}
}

// TestLockedFollowsTheRates: identical uncoupled fireflies are all
// frequency-locked; with a spread of periods and no coupling, only those
// whose own period is within 2 % of the median's, as their own intervals
// say; the classroom's spread pulled into step, nearly all.
func TestLockedFollowsTheRates(t *testing.T) {
	same := model(10, 10, 4)
	same.Nudge = 0
	spread := same
	spread.PeriodSpread = time.Second
	class := model(20, 20, 1)
	class.Nudge, class.PeriodSpread = 400*time.Millisecond, 400*time.Millisecond
	for _, tc := range []struct {
		name   string
		m      components.Model
		lo, hi float64
	}{{"identical", same, 1, 1}, {"spread", spread, 0, 0.3}, {"classroom", class, 0.95, 1}} {
		s := measuredSim(t, tc.m)
		last, first := make([]int32, tc.m.Fireflies()), make([]int32, tc.m.Fireflies())
		count := make([]int, tc.m.Fireflies())
		for range 120 * systems.TPS {
			s.Update()
			for i, g := range s.Swarm.Glow {
				if g.FlashTick == s.Swarm.Tick {
					if count[i] == 0 {
						first[i] = s.Swarm.Tick
					}
					last[i] = s.Swarm.Tick
					count[i]++
				}
			}
		}
		got := s.Obs.Locked
		if got < tc.lo || got > tc.hi {
			t.Errorf("%s: locked %.3f, want %.2f to %.2f", tc.name, got, tc.lo, tc.hi)
		}
		if tc.name == "spread" {
			// Uncoupled, each firefly's rate is its own: the plain mean
			// interval over the whole run says which are locked.
			var means []float64
			for i := range count {
				means = append(means, float64(last[i]-first[i])/float64(count[i]-1))
			}
			sorted := slices.Sorted(slices.Values(means))
			median := (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
			n := 0
			for _, m := range means {
				if math.Abs(m-median) <= systems.LockedWithin*median {
					n++
				}
			}
			if want := float64(n) / float64(len(means)); math.Abs(got-want) > 0.03 {
				t.Errorf("spread: locked %.3f, want the plain count's %.3f", got, want)
			}
		}
	}
}

// TestFullSyncAt: bursts flash as one avalanche of the whole swarm from
// their first cycle, and the time to full synchrony is the first tick of
// the first two such cycles running, as the avalanches tick by tick say;
// uncoupled fireflies never get there.
func TestFullSyncAt(t *testing.T) {
	uncoupled := model(12, 10, 2)
	uncoupled.Nudge = 0
	for name, m := range map[string]components.Model{"bursts": burst(40, 30, 2), "uncoupled": uncoupled, "default": model(16, 16, 1)} {
		s := measuredSim(t, m)
		want, since, run := -1.0, -1.0, 0
		for range 300 * systems.TPS {
			s.Update()
			if s.Obs.Flashes == 0 {
				continue
			}
			if s.Obs.Avalanches == 1 && s.Obs.LargestAvalanche == m.Fireflies() {
				if run == 0 {
					since = s.SimSeconds()
				}
				if run++; run == 2 && want < 0 {
					want = since
				}
			} else {
				run = 0
			}
		}
		if s.Obs.FullSyncAt != want {
			t.Errorf("%s: full synchrony at %v s, want %v", name, s.Obs.FullSyncAt, want)
		}
		if name == "bursts" && (want < 0 || want > 3) || name == "uncoupled" && want >= 0 {
			t.Errorf("%s: full synchrony at %v s", name, want)
		}
		t.Logf("%s: full synchrony at %v s, R %.2f", name, s.Obs.FullSyncAt, s.Obs.R)
	}
}

// TestMeasuresAllocateNothing: a measured tick allocates nothing.
func TestMeasuresAllocateNothing(t *testing.T) {
	m := model(64, 48, 3)
	m.PeriodSpread = 300 * time.Millisecond
	s := measuredSim(t, m)
	for range 300 {
		s.Update()
	}
	if a := testing.AllocsPerRun(300, s.Update); a != 0 {
		t.Errorf("%v allocations per tick", a)
	}
}
