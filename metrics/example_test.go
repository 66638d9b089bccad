package metrics_test

import (
	"fmt"
	"os"
	"time"

	"github.com/firefly-observatory/fireflies/metrics"
)

// The loop observes every tick and frame, hands each finished interval to
// the Writer, and on exit flushes the partial last one before Close.
func Example() {
	w := metrics.NewWriter(os.Stdout, metrics.DefaultBuffer) // metrics.Create(path, onError) in the program
	var agg metrics.Aggregator
	for _, ms := range []float64{1.5, 2.5, 2} {
		agg.Observe(metrics.UpdateMs, ms)
	}
	agg.Observe(metrics.RValue, 0.75)
	w.Write(agg.Flush(time.Unix(1_700_000_000, 500_000_000), 0.05))
	if err := w.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"ts": 1700000000.5, "sim_time": 0.05, "update_ms": {"avg": 2, "max": 2.5, "min": 1.5, "sum": 6, "count": 3}, "r_value": {"avg": 0.75, "max": 0.75, "min": 0.75, "sum": 0.75, "count": 1}}
}
