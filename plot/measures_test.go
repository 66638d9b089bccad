package plot_test

import (
	"bytes"
	"errors"
	"io"
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

// measuresFile is a sweep's rows over nudge (and refractory times, where
// two), 3 seeds a cell, with the measures in every run but those of the
// nudge 0.2 s; the runs of the nudge 0.1 s never fully synchronise.
func measuresFile(t *testing.T, dir, name string, refractory ...float64) string {
	var b bytes.Buffer
	b.WriteString(sweep.Header)
	for _, nudge := range []float64{0.1, 0.2, 0.3, 0.4} {
		for _, refr := range refractory {
			for seed := range uint64(3) {
				r := sweep.Row{Sweep: "s", Runs: 12 * len(refractory), Point: params.Point{Model: components.Model{Width: 50, Height: 50,
					Period: 5 * time.Second, Nudge: seconds(nudge), Refractory: seconds(refr),
					Jitter: 100 * time.Millisecond, Glow: 0.3, Seed: seed + 1}, Duration: 600 * time.Second, UntilSync: "full"},
					Results: report.Results{Ticks: 100, R: 0.5, TraceHash: "0123456789abcdef"}}
				tts := 30 / nudge * float64(seed+1)
				r.TimeToSyncSeconds = &tts
				if nudge != 0.2 {
					r.Measures = &report.Measures{Groups: int(4 - 10*nudge + float64(seed)), Locked: nudge * 2}
					if nudge > 0.1 {
						full := tts + 10
						r.Measures.TimeToFullSyncSeconds = &full
					}
				}
				b.Write(r.CSV())
			}
		}
	}
	return write(t, filepath.Join(dir, name), b.String())
}

// TestPlotsOfMeasures: plot heatmap and plot curve draw each measure (a
// picture of -size), the cells whose runs did not measure it marked "no
// data", those whose median run never fully synchronised "never", a heat
// map's cell of the time to full sync counting the runs that reached it.
func TestPlotsOfMeasures(t *testing.T) {
	dir := t.TempDir()
	two, one := measuresFile(t, dir, "two.csv", 0.5, 1), measuresFile(t, dir, "one.csv", 1)
	for _, z := range []string{"groups", "locked", "time_to_full_sync"} {
		for _, args := range [][]string{
			{"heatmap", "-x", "nudge", "-y", "refractory", "-z", z, "-out", filepath.Join(dir, z+"-map.png"), two},
			{"curve", "-x", "nudge", "-z", z, "-out", filepath.Join(dir, z+"-curve.png"), one},
		} {
			if err := plot.Run(append(args, "-size", "640x480"), config.Headless, io.Discard); err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			checkPNG(t, args[len(args)-2], 640, 480)
		}
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"heatmap", "-x", "nudge", "-y", "refractory", "-z", "time_to_full_sync", two},
			[]string{"Time to full synchrony", "no data", "never", "0/3 full", "3/3 full", "160 s"}},
		{[]string{"heatmap", "-x", "nudge", "-y", "refractory", "-z", "groups", two}, []string{"Firing groups", "no data", "distinct flash times"}},
		{[]string{"curve", "-x", "nudge", "-z", "time_to_full_sync", one},
			[]string{"Time to full synchrony", "no data", "never", "median run never fully synchronised", "fully synchronised (fraction of runs)"}},
		{[]string{"curve", "-x", "nudge", "-z", "locked", one}, []string{"frequency-locked", "no data", "no run measured it", "synchronised (fraction of runs)"}},
	} {
		out := filepath.Join(dir, "m.svg")
		if err := plot.Run(append(tc.args, "-out", out), config.Headless, io.Discard); err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		svg, _ := os.ReadFile(out)
		for _, w := range tc.want {
			if !bytes.Contains(svg, []byte(w)) {
				t.Errorf("%v: the SVG does not say %q", tc.args, w)
			}
		}
	}
}

// TestPlotOfUnmeasuredMeasure: a measure of a sweep none of whose runs
// measured it is refused, one line naming -z and saying to run the sweep
// with -measures; the same sweep's time to sync draws.
func TestPlotOfUnmeasuredMeasure(t *testing.T) {
	dir := t.TempDir()
	rows := sweepFile(t, dir)
	for _, kind := range []string{"heatmap", "curve"} {
		for _, z := range []string{"groups", "locked", "time_to_full_sync"} {
			args := []string{kind, "-x", "nudge", "-z", z, "-out", filepath.Join(dir, "m.png"), rows}
			err := plot.Run(args, config.Headless, io.Discard)
			if !errors.As(err, new(*config.Error)) || strings.Contains(err.Error(), "\n") ||
				!strings.Contains(err.Error(), "-z "+z) || !strings.Contains(err.Error(), "run the sweep with -measures") {
				t.Errorf("%v: got %v, want one line of bad input naming -z %s and -measures", args, err, z)
			}
		}
	}
	if err := plot.Run([]string{"heatmap", "-out", filepath.Join(dir, "t.png"), rows}, config.Headless, io.Discard); err != nil {
		t.Errorf("the time to sync of the same sweep: %v", err)
	}
}
