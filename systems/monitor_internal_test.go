package systems

import (
	"testing"

	"github.com/firefly-observatory/fireflies/components"
)

// TestMonitorEpisodes: the status follows R both ways. Synchronised once
// R has held at SyncR for a period; lost when R falls below LostR (not
// when it wavers between them); synchronised again, counted, once R has
// held for a period again. SyncedAt stays the first time.
func TestMonitorEpisodes(t *testing.T) {
	m := components.DefaultModel() // period 5 s
	sw := &components.SwarmData{Phase: make([]components.PhaseData, 4)}
	obs := &components.ObservationsData{SyncedAt: -1, AboveSince: -1, SyncSince: -1, LostAt: -1}
	mon := newMonitor(sw, obs, m)
	at := func(sec float64, r float64) {
		sw.Tick = int32(sec * TPS)
		obs.R = r
		mon.Update()
	}
	for _, step := range []struct {
		sec, r   float64
		inSync   bool
		episodes int
		lostAt   float64
	}{
		{0, 0.1, false, 0, -1},
		{10, 0.95, false, 0, -1}, // above since 10 s
		{14.5, 0.95, false, 0, -1},
		{15, 0.95, true, 1, -1},  // a full period: synced at 10 s
		{20, 0.85, true, 1, -1},  // below 0.9, above 0.8: still in step
		{25, 0.5, false, 1, 25},  // coupling off: lost at 25 s
		{40, 0.92, false, 1, 25}, // rising again
		{45, 0.93, true, 2, 25},  // a second episode, since 40 s
	} {
		at(step.sec, step.r)
		if obs.InSync != step.inSync || obs.Episodes != step.episodes || obs.LostAt != step.lostAt {
			t.Errorf("t = %v s, R %v: in sync %v, episodes %d, lost at %v; want %v, %d, %v",
				step.sec, step.r, obs.InSync, obs.Episodes, obs.LostAt, step.inSync, step.episodes, step.lostAt)
		}
	}
	if obs.SyncedAt != 10 || obs.SyncSince != 40 {
		t.Errorf("synced at %v, the last episode since %v; want 10 and 40", obs.SyncedAt, obs.SyncSince)
	}
}
