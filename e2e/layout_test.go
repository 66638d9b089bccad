package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// overlaps reports whether two rectangles x0, y0, x1, y1 share a pixel.
func overlaps(a, b [4]int) bool {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

// TestWindowLaysOutTheOverlayBesideTheGrid: the window's first size
// leaves the overlay (and the panel, where the screen has room) beside the
// grid, not over it, for a small square grid and a wide one.
func TestWindowLaysOutTheOverlayBesideTheGrid(t *testing.T) {
	needDisplay(t)
	for _, grid := range []string{"50", "320x200"} {
		debug := filepath.Join(t.TempDir(), "overlay.jsonl")
		stdout, stderr, code := runEnv(t, withEnv("FIREFLIES_DEBUG_OVERLAY="+debug), windowBin.get(t),
			"-grid", grid, "-seed", "7", "-duration", "3s")
		if code != 0 {
			t.Fatalf("-grid %s: exit status %d\n%s%s", grid, code, stdout, stderr)
		}
		b, err := os.ReadFile(debug)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		var last struct {
			Layout struct{ Grid, Overlay, Panel [4]int } `json:"layout"`
		}
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
			t.Fatalf("%s: %v", lines[len(lines)-1], err)
		}
		l := last.Layout
		t.Logf("-grid %s: grid %v, overlay %v, panel %v", grid, l.Grid, l.Overlay, l.Panel)
		if l.Overlay[2] == 0 || l.Grid[2] == 0 {
			t.Fatalf("-grid %s: no layout in %s", grid, lines[len(lines)-1])
		}
		if overlaps(l.Overlay, l.Grid) {
			t.Errorf("-grid %s: the overlay %v lies over the grid %v", grid, l.Overlay, l.Grid)
		}
		if overlaps(l.Panel, l.Grid) {
			t.Errorf("-grid %s: the open panel %v lies over the grid %v", grid, l.Panel, l.Grid)
		}
	}
}

// TestWebLaysOutTheOverlayBesideTheGrid: the page at a laptop's 1280x800
// shows the overlay beside a 256² grid.
func TestWebLaysOutTheOverlayBesideTheGrid(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 3*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"index.html?grid=256&seed=1"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	settled(t, ctx)
	var l struct{ Grid, Overlay, Panel [4]int }
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.layout`, &l)); err != nil {
		t.Fatal(err)
	}
	t.Logf("1280x800, 256²: grid %v, overlay %v, panel %v", l.Grid, l.Overlay, l.Panel)
	if l.Overlay[2] == 0 || l.Grid[2] == 0 {
		t.Fatalf("no layout published: %+v", l)
	}
	if overlaps(l.Overlay, l.Grid) || overlaps(l.Panel, l.Grid) {
		t.Errorf("the overlay %v or the panel %v lies over the grid %v", l.Overlay, l.Panel, l.Grid)
	}
}
