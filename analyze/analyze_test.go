package analyze_test

import (
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/analyze"
)

func TestPearson(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name  string
		x, y  []float64
		want  float64 // NaN for n/a
		wantN int
	}{
		{"perfectly correlated", []float64{1, 2, 3}, []float64{2, 4, 6}, 1, 3},
		{"anti-correlated", []float64{1, 2, 3}, []float64{3, 2, 1}, -1, 3},
		// mean 2.5 each; Σdxdy = 2.25-0.25-0.25+2.25 = 4, Σdx² = Σdy² = 5.
		{"by hand", []float64{1, 2, 3, 4}, []float64{1, 3, 2, 4}, 0.8, 4},
		{"missing rows skipped", []float64{1, nan, 2, 3, 9}, []float64{2, 5, 4, 6, nan}, 1, 3},
		{"too few", []float64{1, 2}, []float64{2, 4}, nan, 2},
		{"constant", []float64{1, 2, 3}, []float64{0.1, 0.1, 0.1}, nan, 3},
		{"empty", nil, nil, nan, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := analyze.Pearson(tt.x, tt.y)
			if n != tt.wantN {
				t.Errorf("n: got %v, want %v", n, tt.wantN)
			}
			if math.IsNaN(tt.want) != math.IsNaN(got) || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("r: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStrength(t *testing.T) {
	tests := []struct {
		r    float64
		want string
	}{
		{0, "weak"}, {-0.29, "weak"}, {0.3, "moderate"}, {-0.69, "moderate"},
		{0.7, "strong"}, {-1, "strong"}, {math.NaN(), "n/a"},
	}
	for _, tt := range tests {
		if got := analyze.Strength(tt.r); got != tt.want {
			t.Errorf("Strength(%v): got %v, want %v", tt.r, got, tt.want)
		}
	}
}

func runFixture(t *testing.T) (analyze.Report, string) {
	t.Helper()
	f, err := os.Open("testdata/intervals.log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out strings.Builder
	rep, err := analyze.Run(f, &out)
	if err != nil {
		t.Fatalf("Run: got %v, want nil", err)
	}
	return rep, out.String()
}

func TestFixtureCounts(t *testing.T) {
	rep, out := runFixture(t)
	if rep.Read != 8 || rep.Used != 6 || rep.Skipped != 2 {
		t.Errorf("read/used/skipped: got %v/%v/%v, want 8/6/2", rep.Read, rep.Used, rep.Skipped)
	}
	if want := "8 lines read, 6 used, 2 skipped"; !strings.Contains(out, want) {
		t.Errorf("got %q, want it to contain %q", out, want)
	}
}

func TestFixtureMatrix(t *testing.T) {
	rep, out := runFixture(t)
	wantLead := []string{"fps_min", "flush_duration_ms_avg", "render_jitter_ms_avg", "r_value_avg", "pulse_avg"}
	if len(rep.Columns) < len(wantLead) {
		t.Fatalf("columns: got %v, want %v first", rep.Columns, wantLead)
	}
	for i, want := range wantLead {
		if rep.Columns[i] != want {
			t.Errorf("column %d: got %v, want %v", i, rep.Columns[i], want)
		}
	}
	if got, want := rep.Columns[len(rep.Columns)-1], "sim_time"; got != want {
		t.Errorf("last column: got %v, want %v", got, want)
	}
	// The fixture's flush time is (60 - fps_min)/5 + 1: exactly anti-correlated.
	if got := rep.R[0][1]; math.Abs(got+1) > 1e-9 {
		t.Errorf("r(fps_min, flush_duration_ms_avg): got %v, want -1", got)
	}
	if got, want := rep.Constant, []string{"tps_avg"}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("constant: got %v, want %v", got, want)
	}
	for _, want := range []string{" [1] fps_min ", "-1.000", "left out as constant: tps_avg"} {
		if !strings.Contains(out, want) {
			t.Errorf("got %q, want it to contain %q", out, want)
		}
	}
	if strings.Contains(out, "NaN") {
		t.Errorf("got %q, want no NaN", out)
	}
}

func TestFixtureFindings(t *testing.T) {
	rep, out := runFixture(t)
	tests := []struct {
		y    string
		want string
	}{
		{"flush_duration_ms_avg", "fps_min vs flush_duration_ms_avg: r = -1.000 over 6 intervals, strong negative: frames drop when flushes take longer"},
		{"render_jitter_ms_avg", "fps_min vs render_jitter_ms_avg: r = -0.876 over 6 intervals, strong negative"},
		{"r_value_avg", "fps_min vs r_value_avg: r = 0.343 over 6 intervals, moderate positive"},
	}
	for _, tt := range tests {
		if !strings.Contains(out, tt.want) {
			t.Errorf("got %q, want it to contain %q", out, tt.want)
		}
	}
	if got, want := rep.Findings[0].Y, "flush_duration_ms_avg"; got != want {
		t.Errorf("first finding: got %v, want %v", got, want)
	}
	want := "lowest fps_min 40 at sim_time 5 s (line 6): flush_duration_ms_avg 5 (mean 2.733)"
	if !strings.Contains(out, want) {
		t.Errorf("got %q, want it to contain %q", out, want)
	}
}

func TestMalformedAndMissing(t *testing.T) {
	tests := []struct {
		name                string
		in                  string
		read, used, skipped int
		wantOut             string
		wantErr             error
	}{
		{"empty", "", 0, 0, 0, "0 lines read", analyze.ErrNoData},
		{"blank lines not counted", "\n\n  \n", 0, 0, 0, "0 lines read", analyze.ErrNoData},
		{"all malformed", "nope\n[1]\nnull\n{\"sim_time\": 1}\n{\"ts\": \"x\"}\n{\"ts\": null}\n", 6, 0, 6, "6 skipped", analyze.ErrNoData},
		{"headless", headless, 4, 4, 0, "no draw metrics: headless log", nil},
		{"headless cost", headless, 4, 4, 0, "update_ms_avg vs pulse_avg: r = 1.000", nil},
		{"too few intervals", `{"ts": 1, "fps": {"min": 50}, "flush_duration_ms": {"avg": 1}}` + "\n" +
			`{"ts": 2, "fps": {"min": 40}, "flush_duration_ms": {"avg": 2}}`, 2, 2, 0,
			"fps_min vs flush_duration_ms_avg: n/a over 2 intervals", nil},
		{"missing column", `{"ts": 1, "fps": {"min": 50}}`, 1, 1, 0,
			"fps_min vs render_jitter_ms_avg: no render_jitter_ms_avg column", nil},
		{"single interval", `{"ts": 1, "fps": {"min": 50}}`, 1, 1, 0,
			"no column varies\nleft out as constant: fps_min", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			rep, err := analyze.Run(strings.NewReader(tt.in), &out)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error: got %v, want %v", err, tt.wantErr)
			}
			if rep.Read != tt.read || rep.Used != tt.used || rep.Skipped != tt.skipped {
				t.Errorf("read/used/skipped: got %v/%v/%v, want %v/%v/%v",
					rep.Read, rep.Used, rep.Skipped, tt.read, tt.used, tt.skipped)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("got %q, want it to contain %q", out.String(), tt.wantOut)
			}
			if strings.Contains(out.String(), "NaN") {
				t.Errorf("got %q, want no NaN", out.String())
			}
		})
	}
}

const headless = `{"ts": 1, "sim_time": 1, "update_ms": {"avg": 1}, "pulse": {"avg": 0.1}, "r_value": {"avg": 0.2}}
{"ts": 2, "sim_time": 2, "update_ms": {"avg": 2}, "pulse": {"avg": 0.2}, "r_value": {"avg": 0.5}}
{"ts": 3, "sim_time": 3, "update_ms": {"avg": 3}, "pulse": {"avg": 0.3}, "r_value": {"avg": 0.4}}
{"ts": 4, "sim_time": 4, "update_ms": {"avg": 4}, "pulse": {"avg": 0.4}, "r_value": {"avg": 0.9}}
`

func TestReadTableColumns(t *testing.T) {
	in := `{"ts": 1, "sim_time": 0.5, "fps": {"min": 50, "avg": 55, "max": 60}}
{"ts": 2, "sim_time": 1.5, "draw_ms": {"avg": 3}}
{"ts": 3, "sim_time": 2.5, "fps": {"min": 40, "avg": 45}}
`
	tab, err := analyze.ReadTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want analyze.Column
		ok   bool
	}{
		{"sim_time", analyze.Column{N: 3, Mean: 1.5, Min: 0.5, Max: 2.5}, true},
		{"fps_min", analyze.Column{N: 2, Mean: 45, Min: 40, Max: 50}, true},
		{"fps_avg", analyze.Column{N: 2, Mean: 50, Min: 45, Max: 55}, true},
		{"draw_ms_avg", analyze.Column{N: 1, Mean: 3, Min: 3, Max: 3}, true},
		{"fps_max", analyze.Column{}, false}, // not a matrix column, so not kept
		{"ts", analyze.Column{}, false},
	}
	for _, tt := range tests {
		got, ok := tab.Column(tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %+v, %v, want %+v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
	if got, want := tab.Names(), []string{"draw_ms_avg", "fps_avg", "fps_min", "sim_time"}; !slices.Equal(got, want) {
		t.Errorf("names: got %v, want %v", got, want)
	}
}
