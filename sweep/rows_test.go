package sweep_test

import (
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// goodRow is a row as a sweep writes it.
func goodRow() sweep.Row {
	return sweep.Row{Sweep: "0123456789ab", Runs: 4, Point: params.Point{Model: components.Model{Width: 50, Height: 50,
		Period: 5 * time.Second, Nudge: 200 * time.Millisecond, Refractory: time.Second, Jitter: 100 * time.Millisecond,
		Glow: 0.3, Seed: 7, Response: "advance", Threshold: 1, Neighbours: "moore", Edges: "torus", Topology: "lattice"},
		Duration: time.Minute}, Results: report.Results{Ticks: 3600, SimSeconds: 60, R: 0.5, TraceHash: "113e0f44c15cae16"}}
}

// TestRowsReadBackAsOneCSVLine: a row whose text could not be written
// back as one line of CSV — a comma, a quote, a newline or another control
// character in a text field, a word no parameter has, a trace_hash that is
// not 16 hex digits — is refused, naming the column, from JSON and from
// CSV; every row read is written back as one line of the CSV's fields.
func TestRowsReadBackAsOneCSVLine(t *testing.T) {
	good := strings.TrimSuffix(string(goodRow().JSON()), "\n")
	if _, err := sweep.ParseLine(good); err != nil {
		t.Fatalf("%s: %v", good, err)
	}
	swap := func(key, old, new string) string {
		line := strings.Replace(good, `"`+key+`":`+old, `"`+key+`":`+new, 1)
		if line == good {
			t.Fatalf("%s: no %s:%s", good, key, old)
		}
		return line
	}
	for _, tc := range []struct{ line, want string }{
		{swap("trace_hash", `"113e0f44c15cae16"`, `"ab\ncd,ef"`), "trace_hash"},
		{swap("trace_hash", `"113e0f44c15cae16"`, `"113e0f44c15cae1"`), "trace_hash"},
		{swap("trace_hash", `"113e0f44c15cae16"`, `"113e0f44c15cae1g"`), "trace_hash"},
		{swap("sweep", `"0123456789ab"`, `"a,b"`), "sweep"},
		{swap("sweep", `"0123456789ab"`, `"a\"b"`), "sweep"},
		{swap("sweep", `"0123456789ab"`, `"a\rb"`), "sweep"},
		{swap("sweep", `"0123456789ab"`, `"a\u0000b"`), "sweep"},
		{swap("sweep", `"0123456789ab"`, `"{ab"`), "sweep"},
		{swap("response", `"advance"`, `"advance,fire"`), "response"},
		{swap("response", `"advance"`, `"bogus"`), "response"},
		{swap("neighbours", `"moore"`, `"moore\n"`), "neighbours"},
		{swap("edges", `"torus"`, `"torus\t"`), "edges"},
		{swap("topology", `"lattice"`, `"a\"b"`), "topology"},
		{swap("r", `0.5`, `"NaN"`), "r"},
		{swap("mean_avalanche", `0`, `"+Inf"`), "mean_avalanche"},
	} {
		r, err := sweep.ParseLine(tc.line)
		if err == nil {
			t.Errorf("%s: read as a row, written back as %q", tc.line, r.CSV())
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %q, want one line naming %s", tc.line, err, tc.want)
		}
	}
	csv := strings.TrimSuffix(string(goodRow().CSV()), "\n")
	for _, bad := range []struct{ old, new, want string }{
		{"113e0f44c15cae16", "h", "trace_hash"},
		{"113e0f44c15cae16", `"113e0f44c15cae"`, "trace_hash"},
		{"0123456789ab", "0123\r456789ab", "sweep"},
		{"0123456789ab", `"0123456789ab"`, "sweep"},
		{"advance", "advanced", "response"},
	} {
		line := strings.Replace(csv, bad.old, bad.new, 1)
		if _, err := sweep.ParseLine(line); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%q: got %v, want an error naming %s", line, err, bad.want)
		}
	}
}
