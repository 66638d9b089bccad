package params_test

import (
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// samples are a value of each parameter as a flag takes it, and the text
// its columns hold then.
var samples = map[string]struct{ flag, text string }{
	"grid": {"40x30", "40,30"}, "period": {"3s", "3"}, "nudge": {"250ms", "0.25"},
	"refractory": {"500ms", "0.5"}, "jitter": {"50ms", "0.05"}, "glow": {"0.5", "0.5"},
	"seed": {"42", "42"}, "duration": {"90s", "90"}, "until-sync": {"true", "true"},
	"preset": {"original", "original"}, "deaf-flashes": {"queue", "queue"},
	"refractory-clock": {"phase", "phase"}, "start-deaf": {"true", "true"}, "r-from": {"flashes", "flashes"},
	"response": {"fire", "fire"}, "threshold": {"2", "2"}, "period-spread": {"100ms", "0.1"},
	"noise": {"10ms", "0.01"}, "neighbours": {"vonneumann", "vonneumann"}, "edges": {"free", "free"},
	"topology": {"random:4", "random:4"}, "clock": {"exact", "exact"}, "coupling-scale": {"degree", "degree"},
	"model": {"carolinus", "carolinus"}, "beta": {"0.35", "0.35"}, "burst-refractory": {"4s", "4"},
	"group": {"10", "10"}, "quiet-from": {"../assets/carolinus/quiet.csv", "../assets/carolinus/quiet.csv"},
}

// sampled is a config with parameter p at its sample value.
func sampled(t *testing.T, p params.Param) config.Config {
	t.Helper()
	s, ok := samples[p.Name]
	if !ok {
		t.Fatalf("-%s: no sample value in this test", p.Name)
	}
	args := []string{"-seed=1", "-duration=10s", "-" + p.Name + "=" + s.flag}
	if params.Carolinus(p) {
		args = append(args, "-model=carolinus") // a summary names them only for the burst model
	}
	cfg, err := config.Parse(args, config.Headless, io.Discard)
	if err != nil {
		t.Fatalf("-%s=%s: %v", p.Name, s.flag, err)
	}
	return cfg
}

// TestFlagsSetTheirColumns holds each parameter's flag against its field:
// the flag's value comes back as its columns' text.
func TestFlagsSetTheirColumns(t *testing.T) {
	for _, p := range params.Table {
		cfg := sampled(t, p)
		if got, want := strings.Join(p.Text(cfg.Point), ","), samples[p.Name].text; got != want {
			t.Errorf("-%s=%s: got columns %s, want %s", p.Name, samples[p.Name].flag, got, want)
		}
		if !p.Setting && cfg.Value(p.Name) != samples[p.Name].flag && p.Kind != params.Seconds {
			t.Errorf("-%s: the config says %s, want %s", p.Name, cfg.Value(p.Name), samples[p.Name].flag)
		}
	}
}

// TestSweepRowsFromTable holds the sweep's columns and its row parser
// against the table: every sweep parameter's columns in the header, in
// the table's order, and each read back from a row as written, in CSV and
// in JSON.
func TestSweepRowsFromTable(t *testing.T) {
	if got, want := sweep.Columns[2:2+len(params.Columns())], params.Columns(); !slices.Equal(got, want) {
		t.Fatalf("got the sweep's parameter columns %v, want %v", got, want)
	}
	// The header is the files' first line, and names their columns: a
	// change to it is a new layout, read beside the old ones
	// (TestOldHeaderStillReads), never an edit of one.
	const header = "sweep,runs,width,height,period_seconds,nudge_seconds,refractory_seconds,jitter_seconds,glow,seed," +
		"duration_seconds,until_sync,response,threshold,period_spread_seconds,noise_seconds,neighbours,edges,topology,clock,coupling_scale," +
		"ticks,sim_seconds,time_to_sync_seconds,r,flashes,avalanches,largest_avalanche,mean_avalanche,groups,locked,time_to_full_sync_seconds,trace_hash\n"
	if sweep.Header != header {
		t.Errorf("got the header %q, want %q", sweep.Header, header)
	}
	// Sweeps written before -clock, -coupling-scale and the measures
	// were columns have this one, which still reads.
	const old = "sweep,runs,width,height,period_seconds,nudge_seconds,refractory_seconds,jitter_seconds,glow,seed," +
		"duration_seconds,until_sync,response,threshold,period_spread_seconds,noise_seconds,neighbours,edges,topology," +
		"ticks,sim_seconds,time_to_sync_seconds,r,flashes,avalanches,largest_avalanche,mean_avalanche,trace_hash\n"
	if sweep.OldHeader != old {
		t.Errorf("got the old header %q, want %q", sweep.OldHeader, old)
	}
	for _, h := range []string{header, old} {
		if _, ok := sweep.LayoutOf(strings.TrimSuffix(h, "\n")); !ok {
			t.Errorf("%q: not a layout", h)
		}
	}
	for _, p := range params.Table {
		if !p.Sweep {
			continue
		}
		cfg := sampled(t, p)
		row := sweep.Row{Sweep: "s", Runs: 1, Point: cfg.Point, Results: report.Results{TraceHash: "0123456789abcdef"}}
		for _, line := range [][]byte{row.CSV(), row.JSON()} {
			got, err := sweep.ParseLine(strings.TrimSuffix(string(line), "\n"))
			if err != nil {
				t.Fatalf("-%s: %s: %v", p.Name, line, err)
			}
			if g, w := strings.Join(p.Text(got.Point), ","), samples[p.Name].text; g != w {
				t.Errorf("-%s: %s read back as %s, want %s", p.Name, line, g, w)
			}
		}
	}
}

// TestPlotAxesFromTable holds the plots' axes against the table: every
// numeric sweep column, each with a label and its row's value.
func TestPlotAxesFromTable(t *testing.T) {
	if !slices.Equal(config.PlotParameters, params.Axes()) {
		t.Errorf("got the plot's parameters %v, want %v", config.PlotParameters, params.Axes())
	}
	for _, p := range params.Table {
		if !p.Sweep || p.Label == "" {
			continue
		}
		cfg := sampled(t, p)
		for i, name := range []string{p.Name} {
			if p.Kind == params.Grid {
				name = "width"
			}
			v, label, ok := params.Axis(name, cfg.Point)
			if !ok || label == "" {
				t.Errorf("-x %s: not an axis with a label", name)
			}
			want := strings.Split(samples[p.Name].text, ",")[i]
			if got := strings.TrimSuffix(strings.TrimSuffix(jsonNumber(v), ".0"), ".00"); got != want {
				t.Errorf("-x %s: got %s, want %s", name, got, want)
			}
		}
	}
}

func jsonNumber(v float64) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSummaryFieldsFromTable holds the -json summary against the table:
// every parameter's columns, with the values the table gives.
func TestSummaryFieldsFromTable(t *testing.T) {
	for _, p := range params.Table {
		cfg := sampled(t, p)
		b, err := json.Marshal(report.Summary{Fireflies: 1, Point: cfg.Point, TraceHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if got["fireflies"] != 1.0 || got["trace_hash"] != "h" {
			t.Errorf("%s: the summary's own fields are lost", b)
		}
		cols := p.Text(cfg.Point)
		for i, col := range strings.Split(p.Column, ",") {
			if p.Kind == params.Grid {
				col = []string{"width", "height"}[0]
			}
			v, ok := got[col]
			if !ok {
				t.Errorf("-%s: the summary has no %s: %s", p.Name, col, b)
				continue
			}
			text := strings.TrimSuffix(strings.Trim(string(must(json.Marshal(v))), `"`), ".0")
			if text != cols[i] {
				t.Errorf("-%s: the summary's %s is %s, want %s", p.Name, col, text, cols[i])
			}
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// TestLiveParamsFromTable holds the page's params (and the journal's
// header, which names the same flags) against the table.
func TestLiveParamsFromTable(t *testing.T) {
	if !slices.Equal(config.LiveFlags, params.Live) {
		t.Errorf("got the live flags %v, want %v", config.LiveFlags, params.Live)
	}
	cfg, err := config.Parse([]string{"-grid=8", "-seed=3", "-workers=1"}, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	s, err := live.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := s.Params()
	for _, name := range params.Live {
		if _, ok := got[name]; !ok {
			t.Errorf("the page's params have no %s", name)
		}
	}
	if len(got) != len(params.Live) {
		t.Errorf("got %d params, want the %d of the table: %v", len(got), len(params.Live), got)
	}
}

// TestRowsRefuseNaN: a row whose number is NaN or infinite is refused,
// naming the column (a NaN on a heat map's axis crashed the plot).
func TestRowsRefuseNaN(t *testing.T) {
	cfg := sampled(t, params.Lookup("glow"))
	line := strings.TrimSuffix(string(sweep.Row{Sweep: "s", Runs: 1, Point: cfg.Point, Results: report.Results{TraceHash: "0123456789abcdef"}}.CSV()), "\n")
	f := strings.Split(line, ",")
	for i, col := range sweep.Columns {
		p, ok := params.Find(strings.TrimSuffix(strings.ReplaceAll(col, "_", "-"), "-seconds"))
		if !ok || (p.Kind != params.Float && p.Kind != params.Seconds) {
			continue
		}
		for _, bad := range []string{"NaN", "+Inf", "-Inf"} {
			g := slices.Clone(f)
			g[i] = bad
			if _, err := sweep.ParseLine(strings.Join(g, ",")); err == nil || !strings.Contains(err.Error(), col) {
				t.Errorf("%s %s: got %v, want an error naming the column", col, bad, err)
			}
		}
	}
}

// TestClassroomPreset: -preset classroom sets the demonstration's nudge
// and spread, later flags override it, and a journal's header (the live
// flags in the table's order, the preset first) gives back the same
// model.
func TestClassroomPreset(t *testing.T) {
	cfg, err := config.Parse([]string{"-seed=1", "-preset=classroom"}, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if m := cfg.Model; m.Nudge != params.ClassroomNudge || m.PeriodSpread != params.ClassroomSpread || m.QueueDeafFlashes {
		t.Errorf("-preset classroom: nudge %v, spread %v, original rules %v", m.Nudge, m.PeriodSpread, m.QueueDeafFlashes)
	}
	over, err := config.Parse([]string{"-seed=1", "-preset=classroom", "-nudge=300ms"}, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if over.Model.Nudge.String() != "300ms" {
		t.Errorf("-preset classroom -nudge 300ms: nudge %v, want 300ms", over.Model.Nudge)
	}
	if params.Live[0] != "preset" {
		t.Errorf("the live flags start with %s, want the preset, so that the others override it", params.Live[0])
	}
	var flags []string
	for _, name := range params.Live {
		flags = append(flags, "-"+name+"="+over.Value(name))
	}
	again, err := config.Parse(flags, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if again.Model != over.Model {
		t.Errorf("the header %v gives %+v, want %+v", flags, again.Model, over.Model)
	}
}

// TestUntilSyncColumn: -until-sync's column reads what old rows hold (true
// and false, meaning what they meant) and round-trips each criterion; the
// summary writes true and false as JSON's booleans, as before, and a
// criterion as its text.
func TestUntilSyncColumn(t *testing.T) {
	p := params.Lookup("until-sync")
	for _, tc := range []struct {
		text string
		want params.Until
		json any
	}{
		{"true", params.Until{Kind: "sync"}, true},
		{"false", params.Until{}, false},
		{"r:0.99", params.Until{Kind: "r", Level: 0.99}, "r:0.99"},
		{"full", params.Until{Kind: "full"}, "full"},
		{"locked:0.95", params.Until{Kind: "locked", Level: 0.95}, "locked:0.95"},
	} {
		var pt params.Point
		if err := p.Parse(&pt, []string{tc.text}); err != nil {
			t.Fatalf("%s: %v", tc.text, err)
		}
		if got := p.Text(pt)[0]; got != tc.text {
			t.Errorf("%s: written back as %q", tc.text, got)
		}
		u, ok := params.ParseUntil(pt.UntilSync)
		if !ok || u != tc.want || u.String() != tc.text {
			t.Errorf("%s: got %+v (%q), want %+v", tc.text, u, u.String(), tc.want)
		}
		if got := p.Values(pt)[0]; got != tc.json {
			t.Errorf("%s: JSON value %v, want %v", tc.text, got, tc.json)
		}
	}
	if got := p.Text(params.Point{})[0]; got != "false" {
		t.Errorf("unset: written as %q, want false", got)
	}
	for _, bad := range []string{"often", "r:0", "r:1.5", "locked:", "full:1", "r:NaN"} {
		if _, ok := params.ParseUntil(bad); ok {
			t.Errorf("%s: taken, want refused", bad)
		}
	}
}
