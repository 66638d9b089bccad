package report_test

import (
	"encoding/json"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestSummaryMeasures: the summary of a run that measures the groups holds
// them in its measures block, as the world found them; a run that does
// not measure them has no block.
func TestSummaryMeasures(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 16, 16, 1 // full synchrony at 88.8 s (systems' TestFullSyncAt)
	for _, measures := range []bool{false, true} {
		sim, err := systems.New(m, systems.Options{Workers: 1, Avalanches: true, Measures: measures})
		if err != nil {
			t.Fatal(err)
		}
		rec := report.NewRecorder(sim, 120*systems.TPS)
		rec.Start()
		for range 120 * systems.TPS {
			sim.Update()
			rec.Tick(0)
		}
		rec.Finish()
		b, err := json.Marshal(rec.Summary())
		sim.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		block, ok := got["measures"].(map[string]any)
		if !measures {
			if _, there := got["measures"]; there {
				t.Errorf("unmeasured: got measures %v, want none", got["measures"])
			}
			continue
		}
		if !ok {
			t.Fatalf("measured: got measures %v, want a block", got["measures"])
		}
		if block["groups"] != float64(sim.Obs.Groups) || block["locked"] != sim.Obs.Locked {
			t.Errorf("measures %v, want groups %d, locked %v", block, sim.Obs.Groups, sim.Obs.Locked)
		}
		if at, _ := block["time_to_full_sync_seconds"].(float64); at != sim.Obs.FullSyncAt || at <= 0 {
			t.Errorf("time_to_full_sync_seconds %v, want the world's %v", block["time_to_full_sync_seconds"], sim.Obs.FullSyncAt)
		}
	}
}
