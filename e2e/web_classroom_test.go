package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebClassroomDemonstration is the teacher's demonstration in the
// page: -preset classroom falls into step, turning the coupling off makes
// it fall apart and the status says "lost sync", turning it back on
// brings it back, counted as a second episode. The overlay's first lines
// (fireflies.summary) say the same as the published numbers.
func TestWebClassroomDemonstration(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 8*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(480, 360),
		chromedp.Navigate(base+"index.html?preset=classroom&seed=1"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	call(t, ctx, `speed(8)`) // 12 simulated seconds to synchronise, about 2 wall seconds at ×8
	status := func() (synced bool, episodes float64, summary string) {
		var s struct {
			Synced   bool    `json:"synced"`
			Episodes float64 `json:"sync_episodes"`
			Summary  string  `json:"summary"`
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies`, &s)); err != nil {
			t.Fatal(err)
		}
		return s.Synced, s.Episodes, s.Summary
	}
	wait := func(what, cond string) {
		t.Helper()
		if err := poll(ctx, cond, nil); err != nil {
			_, _, summary := status()
			t.Fatalf("waiting until %s: %v (the page says %q)", what, err, summary)
		}
	}
	wait("the swarm is in step", `window.fireflies.synced === true`)
	if _, n, s := status(); n != 1 || !strings.Contains(s, "synced at t = ") {
		t.Errorf("in step: %v episodes, the overlay says %q; want 1 and synced at", n, s)
	}
	call(t, ctx, `set({nudge: "0s"})`) // the coupling off, as K does
	wait("it falls apart", `window.fireflies.synced === false && window.fireflies.lost_sync_at !== null && window.fireflies.r < 0.3`)
	if _, _, s := status(); !strings.Contains(s, "lost sync at t = ") {
		t.Errorf("fallen apart: the overlay says %q, want lost sync at", s)
	}
	call(t, ctx, `set({nudge: "400ms"})`)
	wait("it is in step again", `window.fireflies.synced === true && window.fireflies.sync_episodes >= 2`)
	if _, _, s := status(); !strings.Contains(s, "synced at t = ") || !strings.Contains(s, "times)") {
		t.Errorf("in step again: the overlay says %q, want synced at, counted", s)
	}
}
