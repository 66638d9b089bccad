// Package metrics folds per-tick and per-frame measurements into intervals
// and writes each interval as one JSON line, off the simulation's goroutine.
package metrics

// Metric identifies one measured quantity. Metrics are small integers so
// that recording one is an array index, not a map look-up.
type Metric int

// The metrics, in the order their keys appear in a JSON line. To add one,
// declare it above [NumMetrics] and give it a name in names.
const (
	FPS             Metric = iota // frames drawn per second, as the window reports it
	TPS                           // ticks per second, as the window reports it
	UpdateMs                      // milliseconds one tick took
	DrawMs                        // milliseconds one drawn frame took
	FlushDurationMs               // milliseconds turning one tick's flashes into pixels
	RenderJitterMs                // milliseconds a frame came later than 1/60 s after the one before, floored at 0
	RValue                        // order parameter R in [0, 1]
	FlashCount                    // fireflies that flashed in one tick
	Pulse                         // flashes ÷ fireflies over the last half second, sampled at 2 Hz
	Waves                         // cascade waves in one tick
	RPhases                       // R from the phases, with -r-from flashes (r_value is then from flashes)
	RFlashes                      // R from the time since each firefly's last flash, with -r-from flashes

	// NumMetrics is the number of metrics, not a metric itself.
	NumMetrics
)

// names are the JSON keys. A metric added without a name is caught by
// TestMetricNames rather than written as an empty key.
var names = [NumMetrics]string{
	FPS:             "fps",
	TPS:             "tps",
	UpdateMs:        "update_ms",
	DrawMs:          "draw_ms",
	FlushDurationMs: "flush_duration_ms",
	RenderJitterMs:  "render_jitter_ms",
	RValue:          "r_value",
	FlashCount:      "flash_count",
	Pulse:           "pulse",
	Waves:           "waves",
	RPhases:         "r_phases",
	RFlashes:        "r_flashes",
}

// String returns the metric's JSON key, such as "flush_duration_ms", or
// "" for a value outside [0, NumMetrics).
func (m Metric) String() string {
	if m < 0 || m >= NumMetrics {
		return ""
	}
	return names[m]
}

// ParseMetric returns the metric whose JSON key is name, and false if there
// is none.
func ParseMetric(name string) (Metric, bool) {
	for m, n := range names {
		if n == name {
			return Metric(m), true
		}
	}
	return 0, false
}
