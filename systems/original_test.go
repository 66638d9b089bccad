package systems_test

import (
	"testing"

	"github.com/firefly-observatory/fireflies/components"
)

// original is the original experiment's model on a w×h grid: its
// constants (this project's defaults) and its four rules.
func original(w, h int, seed uint64) components.Model {
	m := model(w, h, seed)
	m.QueueDeafFlashes, m.PhaseClock, m.StartDeaf, m.RFromFlashes = true, true, true, true
	return m
}

// TestOriginalNeverSynchronises: with the original's rules a 20x20 swarm
// flashes about 1.49 times per period — every neighbour's flash, queued
// while deaf, still advances its cycle (5 − 0.05 − 8 × 0.2 ≈ 3.35 s) — and
// does not synchronise in 300 s; with only the queued flashes dropped, as
// this project's model does, it synchronises. Over several seeds.
func TestOriginalNeverSynchronises(t *testing.T) {
	skipShort(t)
	for _, seed := range []uint64{1, 2, 3, 4} {
		s := newSim(t, original(20, 20, seed), 2)
		for range 300 * 60 {
			s.Update()
		}
		perPeriod := float64(s.Obs.TotalFlashes) / 400 / (300 / 5)
		if perPeriod < 1.4 || perPeriod > 1.6 {
			t.Errorf("seed %d: %.3f flashes per firefly per period, want about 1.49", seed, perPeriod)
		}
		if s.Obs.SyncedAt >= 0 {
			t.Errorf("seed %d: synchronised at %.1f s, want never", seed, s.Obs.SyncedAt)
		}
		m := original(20, 20, seed)
		m.QueueDeafFlashes = false
		d := newSim(t, m, 2)
		for d.SimSeconds() < 300 && d.Obs.SyncedAt < 0 {
			d.Update()
		}
		if d.Obs.SyncedAt < 0 {
			t.Errorf("seed %d: with deaf flashes dropped, not synchronised in 300 s (R %.3f)", seed, d.Obs.R)
		}
		t.Logf("seed %d: original %.3f flashes/firefly/period, R %.2f (from flashes) %.2f (phases); dropped: synced at %.1f s",
			seed, perPeriod, s.Obs.RFlashes, s.Obs.RPhases, d.Obs.SyncedAt)
	}
}

// TestOriginalRulesAnyWorkers: the original's rules give the same flashes
// for any number of workers.
func TestOriginalRulesAnyWorkers(t *testing.T) {
	var want uint64
	for _, workers := range []int{1, 2, 3, 7} {
		s := newSim(t, original(70, 45, 5), workers)
		for range 1200 {
			s.Update()
		}
		if workers == 1 {
			want = s.Obs.TraceHash
		} else if got := s.Obs.TraceHash; got != want {
			t.Errorf("%d workers: trace %016x, want %016x as with 1", workers, got, want)
		}
	}
}
