package render

import (
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestOverlayShowsTheMeasures: a world that measures the groups shows
// them, the locked fraction and the time to full synchrony on one line of
// the overlay; one that does not shows no such line.
func TestOverlayShowsTheMeasures(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 16, 16, 1 // full synchrony at 88.8 s (systems' TestFullSyncAt)
	for _, measures := range []bool{false, true} {
		sim, err := systems.New(m, systems.Options{Workers: 1, Measures: measures})
		if err != nil {
			t.Fatal(err)
		}
		for range 120 * systems.TPS {
			sim.Update()
		}
		o := NewOverlay(nil, sim, "sim")
		o.compose(Status{})
		sim.Close()
		line := ""
		for l := range strings.Lines(o.Text) {
			if strings.HasPrefix(l, "groups ") {
				line = strings.TrimSuffix(l, "\n")
			}
		}
		want := ""
		if measures {
			want = "groups 1  locked 1.00  full at t = 88.8 s"
		}
		if line != want {
			t.Errorf("measures %v: got %q, want %q", measures, line, want)
		}
	}
}
