package compare_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/compare"
)

// TestKS: the Kolmogorov–Smirnov distance of samples whose distribution
// functions are known.
func TestKS(t *testing.T) {
	for _, c := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 0},
		{[]float64{1, 2}, []float64{3, 4}, 1},
		{[]float64{1, 2, 3, 4}, []float64{3, 4, 5, 6}, 0.5},
		{[]float64{1, 1, 2}, []float64{1, 2, 2}, 1.0 / 3},
	} {
		if got := compare.KS(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("KS(%v, %v): got %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if got := compare.Quantile([]float64{1, 2, 3, 4}, 0.5); got != 2.5 {
		t.Errorf("median of 1..4: got %v, want 2.5", got)
	}
}

// TestRun: a comparison over a made-up data folder in the paper's
// layout writes its table and its figure.
func TestRun(t *testing.T) {
	o := compare.DefaultOptions()
	o.Data, o.Tents, o.Duration = "testdata/paper", 3, 20*time.Minute
	rows, err := compare.Run(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(compare.Sizes) {
		t.Fatalf("got %d rows, want %d", len(rows), len(compare.Sizes))
	}
	for _, r := range rows {
		if len(r.Simulated) == 0 || len(r.Recorded) != 30 || r.KS < 0 || r.KS > 1 {
			t.Errorf("N = %d: got %d simulated, %d recorded, KS %v", r.N, len(r.Simulated), len(r.Recorded), r.KS)
		}
		if r.N > 1 && (len(r.Paper) != 20 || r.PaperBeta == 0 || r.TheorySD == 0) {
			t.Errorf("N = %d: the paper's simulation (%d, β %v) or theory (%v) not read", r.N, len(r.Paper), r.PaperBeta, r.TheorySD)
		}
	}
	var table bytes.Buffer
	if err := compare.WriteTable(&table, rows); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(table.String(), "\n"); lines != 2+len(rows) {
		t.Errorf("got a table of %d lines, want %d:\n%s", lines, 2+len(rows), table.String())
	}
	png := filepath.Join(t.TempDir(), "f.png")
	if err := compare.WriteFigure(png, rows); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(png); err != nil || !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("the figure is no PNG: %v", err)
	}
	o.Data = "testdata/nowhere"
	if _, err := compare.Run(o); err == nil || !strings.Contains(err.Error(), "-data") {
		t.Errorf("no data folder: got %v, want an error that says -data", err)
	}
}
