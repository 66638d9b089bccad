package plot_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/plot"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

func write(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// seriesFile is a -series file whose R rises from 0 to 1 over 100 s.
func seriesFile(t *testing.T, dir, name string, rate float64) string {
	var b strings.Builder
	b.WriteString(report.SeriesHeader)
	for i := range 201 {
		fmt.Fprintf(&b, "%g,%g,10,2,0.1,3\n", float64(i)/2, 1-math.Exp(-rate*float64(i)/2))
	}
	return write(t, filepath.Join(dir, name), b.String())
}

// sweepFile is a sweep's rows: 3 nudges × 2 refractory times × 3 seeds,
// some runs never synchronised.
func sweepFile(t *testing.T, dir string) string {
	var b bytes.Buffer
	b.WriteString(sweep.Header)
	for _, nudge := range []float64{0.1, 0.2, 0.3} {
		for _, refr := range []float64{0.5, 1} {
			for seed := range uint64(3) {
				r := sweep.Row{Sweep: "s", Runs: 18, Point: params.Point{Model: components.Model{Width: 50, Height: 50,
					Period: 5 * time.Second, Nudge: seconds(nudge), Refractory: seconds(refr),
					Jitter: 100 * time.Millisecond, Glow: 0.3, Seed: seed + 1}, Duration: 600 * time.Second, UntilSync: "true"},
					Results: report.Results{Ticks: 100, R: 0.5, TraceHash: "0123456789abcdef"}}
				if nudge > 0.1 {
					tts := 300 * 0.1 / nudge * refr * float64(seed+1)
					r.TimeToSyncSeconds = &tts
				}
				b.Write(r.CSV())
			}
		}
	}
	return write(t, filepath.Join(dir, "rows.csv"), b.String())
}

// checkPNG decodes the image at path and checks its size and that it
// holds a picture: many pixels that are not the background's white, of
// several colours.
func checkPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if got := img.Bounds().Size(); got != (image.Point{X: w, Y: h}) {
		t.Errorf("%s: %v pixels, want %dx%d", path, got, w, h)
	}
	ink := 0
	colours := map[[3]uint32]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r != 0xffff || g != 0xffff || b != 0xffff {
				ink++
				colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
			}
		}
	}
	if ink < w*h/50 || len(colours) < 10 {
		t.Errorf("%s: %d pixels of %d colours besides the background, want a picture", path, ink, len(colours))
	}
}

func TestSeriesPlot(t *testing.T) {
	dir := t.TempDir()
	a, b := seriesFile(t, dir, "fast.csv", 0.05), seriesFile(t, dir, "slow.csv", 0.01)
	out := filepath.Join(dir, "r.png")
	if err := plot.Run([]string{"series", "-out", out, "-size", "640x400", a, b}, config.Headless, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, out, 640, 400)
}

func TestHeatmapPlot(t *testing.T) {
	dir := t.TempDir()
	rows := sweepFile(t, dir)
	for _, z := range []string{"time_to_sync", "r", "largest_avalanche"} {
		out := filepath.Join(dir, z+".png")
		if err := plot.Run([]string{"heatmap", "-out", out, "-z", z, rows}, config.Headless, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		checkPNG(t, out, 800, 600)
	}
}

func TestSVG(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "h.svg")
	if err := plot.Run([]string{"heatmap", "-out", out, "-size", "960x720", sweepFile(t, dir)}, config.Headless, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if !bytes.Contains(b, []byte(`<svg width="720pt" height="540pt"`)) || !bytes.Contains(b, []byte("never")) {
		t.Errorf("%s: want an SVG of 720×540 pt (960×720 px at 96 dpi) that marks the cells that never synchronised:\n%.400s", out, b)
	}
}

func TestPlotRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	rows := sweepFile(t, dir)
	series := seriesFile(t, dir, "s.csv", 0.1)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"series", "-out", filepath.Join(dir, "a.png"), rows}, "is not a -series file's header"},
		{[]string{"heatmap", "-out", filepath.Join(dir, "a.png"), series}, "is not the header of a sweep's CSV rows"},
		{[]string{"series", "-out", filepath.Join(dir, "a.png"), write(t, filepath.Join(dir, "bad.csv"), report.SeriesHeader+"1,x\n")}, "bad.csv line 2"},
		{[]string{"series", "-out", filepath.Join(dir, "no", "a.png"), series}, "-out: cannot write"},
	} {
		err := plot.Run(tc.args, config.Headless, &bytes.Buffer{})
		if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want bad input with %q", tc.args, err, tc.want)
		}
	}
}

func seconds(x float64) time.Duration { return time.Duration(x * float64(time.Second)) }

// within runs f, failing the test if it does not return within a generous
// time (a hang) or panics.
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Errorf("panic: %v", p)
			}
		}()
		done <- f()
	}()
	select {
	case err := <-done:
		if err != nil && strings.HasPrefix(err.Error(), "panic: ") {
			t.Fatalf("%s: %v", what, err)
		}
		return err
	case <-time.After(time.Minute):
		t.Fatalf("%s: still running after a minute", what)
		return nil
	}
}

// TestSeriesPlotOfTimesBeyondAFloat: a series whose times span more than
// the largest float (from -1e308 s to 1e308 s) is refused, naming the
// line, instead of spinning in the axis' ticks; times that are no time
// (negative, NaN, infinite) are refused too, and a series as long as the
// largest float is drawn.
func TestSeriesPlotOfTimesBeyondAFloat(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.png")
	for _, tc := range []struct{ lines, want string }{
		{"-1e308,0.1,1,1,0.1,1\n1e308,0.9,1,1,0.1,1\n", "line 2: t is -1e308"},
		{"0,0.1,1,1,0.1,1\nNaN,0.9,1,1,0.1,1\n", "line 3: t is NaN"},
		{"0,0.1,1,1,0.1,1\n+Inf,0.9,1,1,0.1,1\n", "line 3: t is +Inf"},
		{"0,NaN,1,1,0.1,1\n", "line 2: r is NaN"},
		{"0,0.1,1,1,0.1,1\n1.7976931348623157e308,0.9,1,1,0.1,1\n", ""},
	} {
		series := write(t, filepath.Join(dir, "s.csv"), report.SeriesHeader+tc.lines)
		err := within(t, fmt.Sprintf("%q", tc.lines), func() error {
			return plot.Run([]string{"series", "-out", out, series}, config.Headless, &bytes.Buffer{})
		})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.lines, err)
		case tc.want != "" && (!errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: got %v, want bad input with %q", tc.lines, err, tc.want)
		}
	}
}

// TestHeatmapOfAResultBeyondAColourScale: a result whose values span more
// than a float (a colour scale's arithmetic overflows) is refused, naming
// the result, rather than spinning or panicking.
func TestHeatmapOfAResultBeyondAColourScale(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString(sweep.Header)
	for i, v := range []float64{-1.7e308, 0, 1e300, 1.7e308} {
		r := sweep.Row{Sweep: "s", Runs: 4, Point: params.Point{Model: components.Model{Width: 50, Height: 50,
			Period: 5 * time.Second, Nudge: seconds(0.1 * float64(i+1)), Refractory: time.Second, Glow: 0.3, Seed: 1},
			Duration: time.Minute}, Results: report.Results{Ticks: 100, MeanAvalanche: v, TraceHash: "0123456789abcdef"}}
		b.Write(r.CSV())
	}
	rows := write(t, filepath.Join(dir, "rows.csv"), b.String())
	err := within(t, "heatmap", func() error {
		return plot.Run([]string{"heatmap", "-out", filepath.Join(dir, "h.png"), "-z", "mean_avalanche", rows}, config.Headless, &bytes.Buffer{})
	})
	if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), "mean_avalanche runs from") {
		t.Errorf("got %v, want bad input naming mean_avalanche's range", err)
	}
}

// TestPlotErrorsSayPlot: plot's errors about the files it reads, the
// sweep's rows too (read as merge reads them), begin with plot, and a
// file without newlines is refused by its line, not read whole.
func TestPlotErrorsSayPlot(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "sparse.csv")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(256 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "a.png")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"heatmap", "-out", out, write(t, filepath.Join(dir, "bad.csv"), sweep.Header+"1,2\n")}, "plot: " + dir + "/bad.csv line 2"},
		{[]string{"heatmap", "-out", out, "/no/such/rows.csv"}, "plot: cannot read /no/such/rows.csv"},
		{[]string{"heatmap", "-out", out, sparse}, "plot: " + sparse + " line 1 is longer than"},
		{[]string{"series", "-out", out, sparse}, "plot: " + sparse + " line 1 is longer than"},
		{[]string{"series", "-out", out, write(t, filepath.Join(dir, "long.csv"), report.SeriesHeader+strings.Repeat("1", 2<<20)+"\n")}, "long.csv line 2 is longer than"},
	} {
		err := plot.Run(tc.args, config.Headless, &bytes.Buffer{})
		if !errors.As(err, new(*config.Error)) || !strings.HasPrefix(err.Error(), "plot: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want bad input with %q", tc.args, err, tc.want)
		}
	}
}

// TestCurve: plot curve draws a sweep of one parameter (a PNG of -size),
// with a cell whose median run never synchronised, and refuses a sweep
// that varies a second parameter, naming it.
func TestCurve(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString(sweep.Header)
	for _, nudge := range []float64{0.1, 0.2, 0.3} {
		for seed := range uint64(3) {
			r := sweep.Row{Sweep: "s", Runs: 9, Point: params.Point{Model: components.Model{Width: 50, Height: 50,
				Period: 5 * time.Second, Nudge: seconds(nudge), Refractory: time.Second,
				Jitter: 100 * time.Millisecond, Glow: 0.3, Seed: seed + 1}, Duration: 600 * time.Second, UntilSync: "true"},
				Results: report.Results{Ticks: 100, R: 0.5, TraceHash: "0123456789abcdef"}}
			if nudge > 0.1 {
				tts := 30 / nudge * float64(seed+1)
				r.TimeToSyncSeconds = &tts
			}
			b.Write(r.CSV())
		}
	}
	one := filepath.Join(dir, "one.csv")
	if err := os.WriteFile(one, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "curve.png")
	if err := plot.Run([]string{"curve", "-x", "nudge", "-out", out, "-size", "640x480", one}, config.Headless, io.Discard); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != 640 || img.Bounds().Dy() != 480 {
		t.Fatalf("curve.png: %v, %v; want a 640x480 PNG", img.Bounds(), err)
	}
	two := sweepFile(t, dir) // nudge and refractory
	err = plot.Run([]string{"curve", "-x", "nudge", "-out", filepath.Join(dir, "c2.png"), two}, config.Headless, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "refractory") {
		t.Errorf("a sweep of nudge and refractory: got %v, want refused naming refractory", err)
	}
}

// TestSeriesPlotOfEveryHeader: plot series reads a -series file with any
// header one has had: today's, with synced and sync_episodes, with and
// without the measures' groups, locked and full_sync; and the two before
// the sync columns, which old files have. A line of no shape is refused,
// naming its file's header.
func TestSeriesPlotOfEveryHeader(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.png")
	for _, tc := range []struct{ header, lines, want string }{
		{report.SeriesHeader, "0,0.1,10,2,0.1,3,0,0\n0.5,0.95,10,2,0.1,3,1,1\n", ""},
		{report.SeriesMeasuresHeader, "0,0.1,10,2,0.1,3,0,0,12,0.25,0\n0.5,0.9,10,2,0.1,3,1,1,1,1,1\n", ""},
		{report.OldSeriesHeader, "0,0.1,10,2,0.1,3\n0.5,0.2,10,2,0.1,3\n", ""},
		{report.OldSeriesMeasuresHeader, "0,0.1,10,2,0.1,3,12,0.25,0\n0.5,0.9,10,2,0.1,3,1,1,1\n", ""},
		{report.OldSeriesMeasuresHeader, "0,0.1,10,2,0.1,3,12,0.25\n", "line 2: want t,r,flashes,waves,pulse,largest_avalanche,groups,locked,full_sync"},
		{report.SeriesMeasuresHeader, "0,0.1,10,2,0.1,3,12,0.25,0\n", "line 2: want t,r,flashes,waves,pulse,largest_avalanche,synced,sync_episodes,groups"},
		{report.OldSeriesHeader, "0,0.1,10,2,0.1\n", "line 2: want"},
		{"t,r\n", "0,0.1\n", "line 1 is not a -series file's header"},
	} {
		series := write(t, filepath.Join(dir, "s.csv"), tc.header+tc.lines)
		err := plot.Run([]string{"series", "-out", out, series}, config.Headless, &bytes.Buffer{})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q%q: %v", tc.header, tc.lines, err)
		case tc.want != "" && (!errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q%q: got %v, want bad input with %q", tc.header, tc.lines, err, tc.want)
		}
	}
}
