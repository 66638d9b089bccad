package plot_test

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
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
					Jitter: 100 * time.Millisecond, Glow: 0.3, Seed: seed + 1}, Duration: 600 * time.Second, UntilSync: true},
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
