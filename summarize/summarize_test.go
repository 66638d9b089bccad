package summarize_test

import (
	"math"
	"os"
	"path/filepath"
	"slices"
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

// TestHeader pins the summary's columns: the parameters but the seed,
// runs and synced, each result's median and quartiles, the measures' last
// after measured, and the time to full sync's after full_sync_fraction.
// The columns before measured are those of summaries written before the
// measures were.
func TestHeader(t *testing.T) {
	want := "width,height,period_seconds,nudge_seconds,refractory_seconds,jitter_seconds,glow," +
		"duration_seconds,until_sync,response,threshold,period_spread_seconds,noise_seconds,neighbours,edges,topology,clock,coupling_scale," +
		"runs,synced,time_to_sync_median,time_to_sync_q1,time_to_sync_q3,r_median,r_q1,r_q3," +
		"flashes_median,flashes_q1,flashes_q3,avalanches_median,avalanches_q1,avalanches_q3," +
		"largest_avalanche_median,largest_avalanche_q1,largest_avalanche_q3,mean_avalanche_median,mean_avalanche_q1,mean_avalanche_q3," +
		"measured,groups_median,groups_q1,groups_q3,locked_median,locked_q1,locked_q3," +
		"full_sync_fraction,time_to_full_sync_median,time_to_full_sync_q1,time_to_full_sync_q3\n"
	if got := summarize.Header(); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// measured is row with the measures: groups, locked and the time to full
// sync (+Inf: never).
func measured(r sweep.Row, groups int, locked, full float64) sweep.Row {
	r.Measures = &report.Measures{Groups: groups, Locked: locked}
	if !math.IsInf(full, 1) {
		r.Measures.TimeToFullSyncSeconds = &full
	}
	return r
}

// TestMeasuresInLines: the measures' medians and quartiles are over the
// runs of a cell that measured them; the time to full sync counts a run
// that never reached it as longer than any, as the time to sync does, a
// quantile among them "never", beside the fraction of the measured runs
// that reached it; a cell none of whose runs measured has the measures'
// fields empty, and a cell of both kinds of run summarises the measured.
func TestMeasuresInLines(t *testing.T) {
	inf := math.Inf(1)
	const a, b, c = 100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond
	rows := []sweep.Row{
		measured(row(a, 1, 20), 1, 1, 10), measured(row(a, 2, 30), 4, 0.5, inf), measured(row(a, 3, 40), 2, 1, 30),
		row(b, 1, 10), row(b, 2, inf),
		measured(row(c, 1, 5), 3, 0.25, inf), row(c, 2, 6), measured(row(c, 3, 7), 5, 0.75, inf),
	}
	cells := summarize.Cells(rows)
	if len(cells) != 3 {
		t.Fatalf("got %d cells, want 3", len(cells))
	}
	header := strings.Split(strings.TrimSpace(summarize.Header()), ",")
	col := func(line, name string) string {
		f := strings.Split(strings.TrimSuffix(line, "\n"), ",")
		if len(f) != len(header) {
			t.Fatalf("%d fields, want %d: %s", len(f), len(header), line)
		}
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no column %s", name)
		}
		return f[i]
	}
	all, none, some := cells[0].Line(), cells[1].Line(), cells[2].Line()
	for _, c := range []struct{ line, name, want string }{
		{all, "measured", "3"}, {all, "groups_median", "2"}, {all, "groups_q1", "1.5"}, {all, "groups_q3", "3"},
		{all, "locked_median", "1"}, {all, "locked_q1", "0.75"}, {all, "locked_q3", "1"},
		{all, "full_sync_fraction", "0.6666666666666666"}, {all, "time_to_full_sync_median", "30"},
		{all, "time_to_full_sync_q1", "20"}, {all, "time_to_full_sync_q3", "never"},
		{all, "synced", "3"}, {all, "time_to_sync_median", "30"},
		{none, "runs", "2"}, {none, "synced", "1"}, {none, "measured", "0"}, {none, "groups_median", ""}, {none, "locked_q3", ""},
		{none, "full_sync_fraction", ""}, {none, "time_to_full_sync_median", ""}, {none, "time_to_sync_q3", "never"},
		{some, "runs", "3"}, {some, "measured", "2"}, {some, "groups_median", "4"}, {some, "groups_q1", "3.5"},
		{some, "locked_median", "0.5"}, {some, "full_sync_fraction", "0"},
		{some, "time_to_full_sync_median", "never"}, {some, "time_to_full_sync_q1", "never"}, {some, "time_to_sync_median", "6"},
	} {
		if got := col(c.line, c.name); got != c.want {
			t.Errorf("%s: got %q, want %q (%s)", c.name, got, c.want, c.line)
		}
	}
	if reached, of := cells[2].Reached("time_to_full_sync"); reached != 0 || of != 2 {
		t.Errorf("Reached(time_to_full_sync) of the cell measured in 2 runs of 3, neither full: got %d of %d, want 0 of 2", reached, of)
	}
}

// TestEveryResultHasAValue: each of [summarize.Results] is a value of a
// row, a number for the rows that have it and NaN for a measure of a row
// without the measures.
func TestEveryResultHasAValue(t *testing.T) {
	plain, full := row(time.Second/5, 1, 12), measured(row(time.Second/5, 1, 12), 1, 1, 15)
	for _, r := range summarize.Results {
		if v := summarize.Result(full, r.Name); math.IsNaN(v) {
			t.Errorf("%s of a measured row: got %v, want a number", r.Name, v)
		}
		if v := summarize.Result(plain, r.Name); math.IsNaN(v) != r.Measure {
			t.Errorf("%s of a row without the measures: got %v, want NaN only for a measure", r.Name, v)
		}
	}
}
