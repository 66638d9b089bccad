package analyze_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/firefly-observatory/fireflies/analyze"
)

// The last line was cut short by a killed run: it is counted and skipped.
func ExampleRun() {
	log := `{"ts": 1, "sim_time": 1, "fps": {"min": 60}, "flush_duration_ms": {"avg": 1}}
{"ts": 2, "sim_time": 2, "fps": {"min": 50}, "flush_duration_ms": {"avg": 3}}
{"ts": 3, "sim_time": 3, "fps": {"min": 40}, "flush_duration_ms": {"avg": 5}}
{"ts": 4, "sim_ti`
	if _, err := analyze.Run(strings.NewReader(log), os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 4 lines read, 3 used, 1 skipped
	//
	// correlation matrix (Pearson r over intervals; n/a: fewer than 3 intervals or constant)
	//                               [1]     [2]     [3]
	// [1] fps_min                 1.000  -1.000  -1.000
	// [2] flush_duration_ms_avg  -1.000   1.000   1.000
	// [3] sim_time               -1.000   1.000   1.000
	//
	// findings
	//   fps_min vs flush_duration_ms_avg: r = -1.000 over 3 intervals, strong negative: frames drop when flushes take longer
	//   fps_min vs render_jitter_ms_avg: no render_jitter_ms_avg column
	//   fps_min vs r_value_avg: no r_value_avg column
	//   lowest fps_min 40 at sim_time 3 s (line 3): flush_duration_ms_avg 5 (mean 3), render_jitter_ms_avg -, r_value_avg -
}
