package summarize_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/summarize"
	"github.com/firefly-observatory/fireflies/sweep"
)

func TestQuartiles(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		vs   []float64
		want summarize.Spread
	}{
		{[]float64{5}, summarize.Spread{Q1: 5, Median: 5, Q3: 5}},
		{[]float64{4, 1, 3, 2}, summarize.Spread{Q1: 1.75, Median: 2.5, Q3: 3.25}},
		{[]float64{1, 2, 3, 4, 5}, summarize.Spread{Q1: 2, Median: 3, Q3: 4}},
		{[]float64{1, 2, inf, inf}, summarize.Spread{Q1: 1.75, Median: inf, Q3: inf}}, // half never: the median never
		{[]float64{1, 2, 3, inf, inf}, summarize.Spread{Q1: 2, Median: 3, Q3: inf}},
	} {
		if got := summarize.Quartiles(c.vs); got != c.want {
			t.Errorf("Quartiles(%v): got %+v, want %+v", c.vs, got, c.want)
		}
	}
	if s := summarize.Quartiles(nil); !math.IsNaN(s.Median) {
		t.Errorf("no values: got %+v, want NaN", s)
	}
}

func row(nudge time.Duration, seed uint64, tts float64) sweep.Row {
	m := components.DefaultModel()
	m.Nudge, m.Seed = nudge, seed
	r := sweep.Row{Sweep: "s", Runs: 6, Point: params.Point{Model: m, Duration: time.Minute},
		Results: report.Results{Ticks: 3600, R: 0.5, TraceHash: "0123456789abcdef"}}
	if !math.IsInf(tts, 1) {
		r.TimeToSyncSeconds = &tts
	}
	return r
}

// TestCellsAndLines: rows of two nudges, three seeds each, fold into two
// cells, each line naming the cell's parameters (no seed), its runs and
// synced, and each result's median and quartiles ("never" past the runs
// that synchronised).
func TestCellsAndLines(t *testing.T) {
	inf := math.Inf(1)
	rows := []sweep.Row{
		row(100*time.Millisecond, 1, inf), row(100*time.Millisecond, 2, 40), row(100*time.Millisecond, 3, inf),
		row(300*time.Millisecond, 1, 10), row(300*time.Millisecond, 2, 20), row(300*time.Millisecond, 3, 30),
	}
	cells := summarize.Cells(rows)
	if len(cells) != 2 || cells[0].Runs != 3 || cells[0].Synced != 1 || cells[1].Synced != 3 {
		t.Fatalf("got %d cells (%+v), want 2 of 3 runs, 1 and 3 synced", len(cells), cells)
	}
	header := strings.Split(strings.TrimSpace(summarize.Header()), ",")
	if strings.Contains(summarize.Header(), "seed") || header[len(params.Columns())-1] != "runs" {
		t.Errorf("header %v: want the parameters but the seed, then runs", header)
	}
	col := func(line, name string) string {
		f := strings.Split(strings.TrimSpace(line), ",")
		for i, h := range header {
			if h == name {
				return f[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	a, b := cells[0].Line(), cells[1].Line()
	for _, c := range []struct{ line, name, want string }{
		{a, "nudge_seconds", "0.1"}, {a, "runs", "3"}, {a, "synced", "1"},
		{a, "time_to_sync_median", "never"}, {a, "time_to_sync_q1", "never"}, {a, "r_median", "0.5"},
		{b, "nudge_seconds", "0.3"}, {b, "time_to_sync_median", "20"}, {b, "time_to_sync_q1", "15"}, {b, "time_to_sync_q3", "25"},
	} {
		if got := col(c.line, c.name); got != c.want {
			t.Errorf("%s: got %s, want %s (%s)", c.name, got, c.want, c.line)
		}
	}
}

// TestRunRefusesAnInputAsOut: the summary never overwrites the rows it
// reads.
func TestRunRefusesAnInputAsOut(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "rows.csv")
	text := sweep.Header + string(row(time.Second/5, 1, 12).CSV())
	if err := os.WriteFile(in, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	err := summarize.Run([]string{"-out", filepath.Join(dir, ".", "rows.csv"), in}, config.Headless, os.Stdout, os.Stderr)
	if err == nil || !strings.Contains(err.Error(), "-out") {
		t.Errorf("got %v, want -out refused", err)
	}
	if b, _ := os.ReadFile(in); string(b) != text {
		t.Errorf("the rows changed: %q", b)
	}
	out := filepath.Join(dir, "cells.csv")
	if err := summarize.Run([]string{"-out", out, in}, config.Headless, os.Stdout, os.Stderr); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), summarize.Header()) || strings.Count(string(b), "\n") != 2 {
		t.Errorf("got %q, want the header and one cell", b)
	}
}
