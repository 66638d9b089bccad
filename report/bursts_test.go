package report_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestSummaryInterbursts: the burst model's summary gives its interburst
// intervals' median, quartiles and standard deviation, and its
// parameters; the pulse model's names neither.
func TestSummaryInterbursts(t *testing.T) {
	for _, kind := range []string{"pulse", "carolinus"} {
		m := components.DefaultModel()
		m.Width, m.Height, m.Kind = 20, 10, kind
		sim, err := systems.New(m, systems.Options{Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		rec := report.NewRecorder(sim, 0)
		for range systems.Ticks(20 * time.Minute) {
			sim.Update()
		}
		b, err := json.Marshal(rec.Summary())
		sim.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		_, hasBeta := got["beta"]
		ib, hasIntervals := got["interbursts"].(map[string]any)
		if kind == "pulse" {
			if hasBeta || hasIntervals {
				t.Errorf("pulse: the summary names the burst model's parameters or intervals: %s", b)
			}
			continue
		}
		if !hasBeta || !hasIntervals || got["model"] != "carolinus" {
			t.Fatalf("carolinus: no beta, model or interbursts in %s", b)
		}
		q1, med, q3, sd := ib["q1_seconds"].(float64), ib["median_seconds"].(float64), ib["q3_seconds"].(float64), ib["sd_seconds"].(float64)
		if ib["intervals"].(float64) < 500 || !(q1 < med && med < q3) || med < 8 || med > 20 || sd <= 0 {
			t.Errorf("carolinus: got intervals %v", ib)
		}
	}
}
