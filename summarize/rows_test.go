package summarize_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/summarize"
	"github.com/firefly-observatory/fireflies/sweep"
)

// TestSummarizeReadsBothHeaders: a sweep's rows under the old header
// (sweep/testdata/old-header.csv, written before -clock, -coupling-scale
// and the measures were columns) summarise as the same rows under the new
// one do, their cells naming the clock ticks and the coupling none.
func TestSummarizeReadsBothHeaders(t *testing.T) {
	dir := t.TempDir()
	old := "../sweep/testdata/old-header.csv"
	renewed := filepath.Join(dir, "new.csv")
	if err := merge.Run([]string{"-out", renewed, old}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var outs []string
	for _, in := range []string{old, renewed, "../sweep/testdata/old-header.jsonl"} {
		out := filepath.Join(dir, filepath.Base(in)+".cells.csv")
		if err := summarize.Run([]string{"-out", out, in}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		b, _ := os.ReadFile(out)
		outs = append(outs, string(b))
	}
	if outs[0] != outs[1] || outs[0] != outs[2] {
		t.Errorf("the old header's summary:\n%s\nthe new one's:\n%s\nthe JSON lines':\n%s", outs[0], outs[1], outs[2])
	}
	lines := strings.Split(strings.TrimSuffix(outs[0], "\n"), "\n")
	header := strings.Split(lines[0], ",")
	if len(lines) != 5 {
		t.Fatalf("got %d lines, want the header and 4 cells:\n%s", len(lines), outs[0])
	}
	for _, line := range lines[1:] {
		f := strings.Split(line, ",")
		for i, col := range header {
			if want := map[string]string{"clock": "ticks", "coupling_scale": "none", "runs": "2"}[col]; want != "" && f[i] != want {
				t.Errorf("%s: got %s, want %s (%s)", col, f[i], want, line)
			}
		}
	}
}

// TestCellsOfClocks: the clock and the coupling's scale are a cell's
// parameters like the others: runs of two clocks, or two scales, at one
// nudge are two cells.
func TestCellsOfClocks(t *testing.T) {
	a, b, c := row(time.Second/5, 1, 10), row(time.Second/5, 2, 20), row(time.Second/5, 1, 30)
	a.Model.Clock, b.Model.Clock, c.Model.Clock = "ticks", "ticks", "exact"
	if cells := summarize.Cells(rowsOf(a, b, c)); len(cells) != 2 || cells[0].Runs != 1 || cells[1].Runs != 2 {
		t.Errorf("two clocks: got %d cells, want 2, of 1 run (exact) and 2 (ticks)", len(cells))
	}
	c.Model.Clock, c.Model.CouplingScale = "ticks", "n"
	if cells := summarize.Cells(rowsOf(a, b, c)); len(cells) != 2 {
		t.Errorf("two scales: got %d cells, want 2", len(cells))
	}
}

func rowsOf(rows ...sweep.Row) []sweep.Row {
	slices.SortFunc(rows, sweep.Compare)
	return rows
}
