package report

import (
	"fmt"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// Interbursts is the summary's account of the burst model's interburst
// intervals (systems.Interbursts): how many, and their spread in seconds.
type Interbursts struct {
	Intervals     int64   `json:"intervals"`
	Groups        int     `json:"groups"`      // measured apart: tents, or 1 for the whole grid
	GapSeconds    float64 `json:"gap_seconds"` // a pause this long ends a group's burst
	MedianSeconds float64 `json:"median_seconds"`
	Q1Seconds     float64 `json:"q1_seconds"`
	Q3Seconds     float64 `json:"q3_seconds"`
	SDSeconds     float64 `json:"sd_seconds"` // of the sample
}

// interbursts sums up sim's interburst intervals; nil for the pulse model.
func interbursts(sim *systems.Sim) *Interbursts {
	b := sim.Bursts()
	if b == nil {
		return nil
	}
	return IntervalsOf(b)
}

// IntervalsOf sums up the intervals b counted.
func IntervalsOf(b *components.BurstsData) *Interbursts {
	return &Interbursts{
		Intervals: b.N, Groups: b.Groups, GapSeconds: float64(b.Gap) / systems.TPS,
		MedianSeconds: b.Quantile(0.5, systems.TPS), Q1Seconds: b.Quantile(0.25, systems.TPS), Q3Seconds: b.Quantile(0.75, systems.TPS),
		SDSeconds: b.SD(),
	}
}

// carolinusLine is ", model carolinus, ..." for the burst model, and ""
// for the pulse model.
func carolinusLine(m components.Model) string {
	if !m.Carolinus() {
		return ""
	}
	quiet := m.QuietFrom
	if quiet == "" {
		quiet = "the embedded recording's"
	}
	return fmt.Sprintf(", model carolinus, beta %g, burst refractory %v, group %s, quiet times from %s", m.Beta, m.BurstRefractory, m.Group, quiet)
}
