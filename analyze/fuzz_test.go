package analyze_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/firefly-observatory/fireflies/analyze"
)

// FuzzRun feeds arbitrary bytes to Run. Besides not panicking, the report
// must add up: the seeds are in testdata/fuzz/FuzzRun.
func FuzzRun(f *testing.F) {
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		rep, err := analyze.Run(bytes.NewReader(in), &out)
		// A bytes.Reader cannot fail, so the only error is an empty log.
		if err != nil && !errors.Is(err, analyze.ErrNoData) {
			t.Fatalf("error: got %v, want nil or ErrNoData", err)
		}
		if (err != nil) != (rep.Used == 0) {
			t.Errorf("error with %d lines used: got %v", rep.Used, err)
		}
		if rep.Read != rep.Used+rep.Skipped || rep.Overlong > rep.Skipped {
			t.Errorf("read/used/skipped/overlong: got %v/%v/%v/%v, want read = used + skipped >= used + overlong",
				rep.Read, rep.Used, rep.Skipped, rep.Overlong)
		}
		if len(rep.R) != len(rep.Columns) {
			t.Fatalf("matrix rows: got %v, want %v", len(rep.R), len(rep.Columns))
		}
		for i, row := range rep.R {
			for j, r := range row {
				if r < -1 || r > 1 || (math.IsNaN(r) != math.IsNaN(rep.R[j][i])) || (!math.IsNaN(r) && r != rep.R[j][i]) {
					t.Errorf("r[%d][%d] = %v, r[%d][%d] = %v: want equal, in [-1, 1] or NaN", i, j, r, j, i, rep.R[j][i])
				}
			}
		}
		if bytes.Contains(out.Bytes(), []byte("NaN")) {
			t.Errorf("output: got %q, want no NaN", out.String())
		}
		if !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
			t.Errorf("output: got %q, want whole lines", out.String())
		}
	})
}
