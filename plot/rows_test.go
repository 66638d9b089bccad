package plot_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/plot"
	"github.com/firefly-observatory/fireflies/sweep"
)

// TestPlotsReadBothHeaders: plot heatmap and plot curve draw a sweep's
// rows under the old header (sweep/testdata/old-header.csv, written
// before -clock, -coupling-scale and the measures were columns) as they
// draw the same rows under the new one, pixel for pixel; and a curve of a
// sweep that varies the clock as well is refused, naming it.
func TestPlotsReadBothHeaders(t *testing.T) {
	dir := t.TempDir()
	old := "../sweep/testdata/old-header.csv"
	b, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	// The curve's: the runs of one refractory time.
	var one strings.Builder
	for i, line := range strings.SplitAfter(string(b), "\n") {
		if i == 0 || strings.Contains(line, ",0.5,0.1,0.3,") {
			one.WriteString(line)
		}
	}
	oldOne := write(t, filepath.Join(dir, "old-one.csv"), one.String())
	// renew writes an old file's rows under the new header, as merge
	// would.
	renew := func(in string) string {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		text := sweep.Header
		for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:] {
			text += mustNew(t, line) + "\n"
		}
		return write(t, filepath.Join(dir, "new-"+filepath.Base(in)), text)
	}
	for _, tc := range []struct {
		args []string
		old  string
	}{
		{[]string{"heatmap", "-x", "nudge", "-y", "refractory"}, old},
		{[]string{"curve", "-x", "nudge"}, oldOne},
	} {
		var images [][]byte
		for _, in := range []string{tc.old, renew(tc.old)} {
			out := filepath.Join(dir, filepath.Base(in)+".png")
			if err := plot.Run(append(tc.args, "-out", out, in), config.Headless, io.Discard); err != nil {
				t.Fatalf("%v %s: %v", tc.args, in, err)
			}
			img, _ := os.ReadFile(out)
			images = append(images, img)
		}
		if len(images[0]) == 0 || !bytes.Equal(images[0], images[1]) {
			t.Errorf("%v: the old header's image differs from the new one's", tc.args)
		}
	}

	// Rows of the clock ticks and the exact clock at each nudge.
	var clocks bytes.Buffer
	clocks.WriteString(sweep.Header)
	for _, line := range strings.Split(strings.TrimSpace(one.String()), "\n")[1:] {
		r, err := sweep.ParseLine(mustNew(t, line))
		if err != nil {
			t.Fatal(err)
		}
		clocks.Write(r.CSV())
		r.Model.Clock = "exact"
		clocks.Write(r.CSV())
	}
	two := write(t, filepath.Join(dir, "clocks.csv"), clocks.String())
	err = plot.Run([]string{"curve", "-x", "nudge", "-out", filepath.Join(dir, "c.png"), two}, config.Headless, io.Discard)
	if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), "varies clock as well as -x nudge") {
		t.Errorf("a curve of two clocks: got %v, want it refused, naming the clock", err)
	}
}

// mustNew is an old row as the new header writes it.
func mustNew(t *testing.T, line string) string {
	t.Helper()
	l, _ := sweep.LayoutOf(strings.TrimSuffix(sweep.OldHeader, "\n"))
	r, err := l.ParseLine(line)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(string(r.CSV()), "\n")
}
