package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebVariants: the page takes the variants as URL parameters — it
// runs one, and refuses a bad one with the native build's line.
func TestWebVariants(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 5*time.Minute)

	for _, tc := range []struct{ query, native []string }{
		{[]string{"topology=smallworld:2"}, []string{"-topology=smallworld:2"}},
		{[]string{"grid=8", "neighbours=radius:4"}, []string{"-grid=8", "-neighbours=radius:4"}},
		{[]string{"response=delay"}, []string{"-response=delay"}},
	} {
		_, stderr, code := runHeadless(t, tc.native...)
		if code != 2 {
			t.Fatalf("native %v: exit status %d, want 2", tc.native, code)
		}
		page := base + "index.html?" + strings.Join(tc.query, "&")
		got, err := pageText(ctx, page, "error")
		if want := wasmLimit(strings.TrimSpace(stderr)); err != nil || got != want {
			t.Errorf("%s: the page shows %q (%v), want %q", page, got, err, want)
		}
	}

	const query = "?grid=48x40&seed=5&response=fire&threshold=2&period-spread=300ms&noise=20ms&neighbours=radius:2&edges=free"
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(480, 360), chromedp.Navigate(base+"index.html"+query)); err != nil {
		t.Fatal(err)
	}
	if l := started(t, ctx); l.Fireflies != 48*40 || l.Seed != 5 {
		t.Errorf("window.fireflies: %d fireflies, seed %d; want %d, 5", l.Fireflies, l.Seed, 48*40)
	}
	// Past one period (300 ticks) every firefly has flashed at least once.
	if err := poll(ctx, `window.fireflies.ticks >= 400`, nil); err != nil {
		t.Fatalf("waiting for 400 ticks: %v", err)
	}
	if l := current(t, ctx); l.Flashes < int64(l.Fireflies) {
		t.Errorf("%d flashes after %d ticks, want at least one per firefly", l.Flashes, l.Ticks)
	}
}
