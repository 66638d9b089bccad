package e2e

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebResolution: on this machine's software renderer (SwiftShader),
// -resolution auto draws the page's canvas at the fraction of the
// window's pixels that makes it about half a megapixel (0.70 at
// 1280×800), says so in the overlay, and keeps the layout in the
// window's pixels, where clicks land; resolution=1 draws every pixel, and
// resolution=0.5 half of each side.
func TestWebResolution(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 4*time.Minute)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query  string
		want   float64 // fireflies.resolution
		canvas int64   // the canvas' width in its own pixels
	}{
		{"", math.Sqrt(0.5e6 / (1280 * 800)), 895},
		{"&resolution=1", 1, 1280},
		{"&resolution=0.5", 0.5, 640},
	} {
		if err := chromedp.Run(ctx, chromedp.Navigate(base+"index.html?grid=256&seed=1"+tc.query)); err != nil {
			t.Fatal(err)
		}
		started(t, ctx)
		settled(t, ctx)
		var got struct {
			Resolution float64 `json:"resolution"`
			Renderer   string  `json:"renderer"`
			Canvas     int64   `json:"canvas"`
			Text       string  `json:"text"`
			Layout     struct{ Grid, Overlay [4]int }
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(`({resolution: fireflies.resolution, renderer: fireflies.renderer,
			canvas: document.querySelector("canvas").width, layout: fireflies.layout})`, &got)); err != nil {
			t.Fatal(err)
		}
		t.Logf("%q: resolution %.3f, canvas %d, renderer %q, layout %+v", tc.query, got.Resolution, got.Canvas, got.Renderer, got.Layout)
		if !strings.Contains(got.Renderer, "SwiftShader") {
			t.Fatalf("%q: the renderer is %q, not this machine's SwiftShader", tc.query, got.Renderer)
		}
		if math.Abs(got.Resolution-tc.want) > 1e-9 {
			t.Errorf("%q: fireflies.resolution %v, want %v", tc.query, got.Resolution, tc.want)
		}
		if got.Canvas < tc.canvas-1 || got.Canvas > tc.canvas+1 {
			t.Errorf("%q: the canvas is %d pixels wide, want %d", tc.query, got.Canvas, tc.canvas)
		}
		// In the window's pixels whatever the canvas': the grid reaches past
		// the middle of the 1280-pixel window and stays inside it (within
		// the pixel a canvas pixel's rounding can add).
		if g := got.Layout.Grid; g[2] <= 640 || g[2] > 1281 || g[3] > 801 || g[0] < got.Layout.Overlay[2] {
			t.Errorf("%q: the grid at %v (overlay %v), want it right of the overlay in the 1280×800 window", tc.query, g, got.Layout.Overlay)
		}
		word := fmt.Sprintf("canvas %.0f%%", 100*tc.want)
		if err := poll(ctx, fmt.Sprintf(`window.fireflies.overlay.includes(%q) === %v`, word, tc.want < 1), nil); err != nil {
			t.Errorf("%q: the overlay does not say %q only when below 1: %v", tc.query, word, err)
		}
	}
}
