package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/report"
)

// TestPlotFaultsTimesBeyondAFloat: plot series of a file whose times run
// from -1e308 s to 1e308 s (a span no float holds, on which the axis'
// ticks spun forever) ends at once with one line naming the line, status
// 2.
func TestPlotFaultsTimesBeyondAFloat(t *testing.T) {
	dir := t.TempDir()
	series := filepath.Join(dir, "s.csv")
	if err := os.WriteFile(series, []byte(report.SeriesHeader+"-1e308,0.1,1,1,0.1,1\n1e308,0.9,1,1,0.1,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t, nil, headlessBin.get(t), "plot", "series", "-out", filepath.Join(dir, "r.png"), series)
	code := c.wait(t, patience)
	if stderr := c.stderr.String(); code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "plot: "+series+" line 2: t is -1e308") {
		t.Errorf("exit %d, stderr %q; want 2 and one line naming line 2", code, stderr)
	}
}

// TestPlotFaultsNoNewlines: plot heatmap and plot series of a file without
// newlines (/dev/zero, a sparse file of 8 GB) are refused with one line
// naming the file and its line, beginning plot:, status 2.
func TestPlotFaultsNoNewlines(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p.png")
	for _, path := range []string{"/dev/zero", mergeSparse(t, 8<<30)} {
		for _, kind := range []string{"heatmap", "series"} {
			_, stderr, code := runHeadless(t, "plot", kind, "-out", out, path)
			if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "plot: "+path+" line 1 is longer than") {
				t.Errorf("plot %s %s: exit %d, stderr %q; want 2 and one line naming line 1", kind, path, code, stderr)
			}
		}
	}
}

// TestPlotFaultsSayPlot: plot's errors about a sweep's rows, which it
// reads as merge does, say plot, not merge; a half-written last row is
// left out with a plot warning, and the heat map drawn.
func TestPlotFaultsSayPlot(t *testing.T) {
	dir := t.TempDir()
	rows := mergeFaultRows(4)
	bad := mergeFaultShard(t, dir, "bad.csv", rows, "1,2,3\n")
	out := filepath.Join(dir, "h.png")
	_, stderr, code := runHeadless(t, "plot", "heatmap", "-out", out, bad)
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "plot: "+bad+" line 6") || strings.Contains(stderr, "merge") {
		t.Errorf("exit %d, stderr %q; want 2 and one line of plot's naming line 6", code, stderr)
	}
	half := string(rows[3].CSV())
	shard := mergeFaultShard(t, dir, "half.csv", rows[:3], half[:len(half)/2])
	_, stderr, code = runHeadless(t, "plot", "heatmap", "-out", out, "-z", "r", shard)
	if code != 0 || !strings.Contains(stderr, "plot: warning: "+shard+" line 5 is not a whole row") || strings.Contains(stderr, "merge") {
		t.Errorf("exit %d, stderr %q; want 0 and a plot warning naming line 5", code, stderr)
	}
	checkPNG(t, out, 800, 600)
}
