package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// call evaluates a call on window.fireflies and fails the test unless it
// returned null: the change was taken.
func call(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	var res any
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const r = window.fireflies.`+js+`; return r instanceof Error ? r.message : r; })()`, &res)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	if res != nil {
		t.Fatalf("%s: got %v, want null", js, res)
	}
}

// settled waits for two more publications, so that what is read next is
// at least as new as every change made before.
func settled(t *testing.T, ctx context.Context) live {
	t.Helper()
	p := current(t, ctx).Published
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.published >= %d`, p+2), nil); err != nil {
		t.Fatalf("the page stopped publishing at %d: %v", p, err)
	}
	return current(t, ctx)
}

// TestWebLiveControls drives a live run through window.fireflies: a
// setting changes params and the address, pause stops the ticks, a step
// adds exactly one, a pacemaker brush raises the count, and the journal of
// a run with settings, steps, brushes and a reseed, replayed by the
// headless build with 1 and 3 workers, reaches the page's trace hash.
func TestWebLiveControls(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 8*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(480, 360),
		chromedp.Navigate(base+"index.html?grid=64x48&seed=7"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	if err := poll(ctx, `window.fireflies.ticks >= 30`, nil); err != nil {
		t.Fatalf("waiting for 30 ticks: %v", err)
	}

	// set: params and the address follow.
	call(t, ctx, `set({nudge: "300ms"})`)
	if err := poll(ctx, `window.fireflies.params.nudge === "300ms" && location.search.includes("nudge=300ms")`, nil); err != nil {
		var got []string
		chromedp.Run(ctx, chromedp.Evaluate(`[window.fireflies.params.nudge, location.search]`, &got))
		t.Fatalf("after set({nudge: \"300ms\"}): params.nudge and the address are %q: %v", got, err)
	}
	var msg string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.set({nudge: "-1s"}).message`, &msg)); err != nil || !strings.HasPrefix(msg, "-nudge: got -1s, want") {
		t.Errorf(`set({nudge: "-1s"}): got %q (%v), want an Error naming -nudge`, msg, err)
	}

	// pause stops the ticks; step adds exactly one.
	call(t, ctx, `control("pause")`)
	if err := poll(ctx, `window.fireflies.paused === true`, nil); err != nil {
		t.Fatalf("after control(\"pause\"): paused stays false: %v", err)
	}
	paused := settled(t, ctx)
	if got := settled(t, ctx); got.Ticks != paused.Ticks {
		t.Fatalf("paused, ticks went from %d to %d", paused.Ticks, got.Ticks)
	}
	call(t, ctx, `control("step")`)
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.ticks === %d`, paused.Ticks+1), nil); err != nil {
		t.Fatalf("after a step: ticks are not %d: %v", paused.Ticks+1, err)
	}
	if got := settled(t, ctx); got.Ticks != paused.Ticks+1 || !got.Paused {
		t.Fatalf("after one step: ticks %d (paused %v), want %d, paused", got.Ticks, got.Paused, paused.Ticks+1)
	}

	// A pacemaker brush of radius 2: 13 cells.
	call(t, ctx, `paint({brush: "pacemaker", x: 10, y: 10, radius: 2})`)
	if err := poll(ctx, `window.fireflies.pacemakers === 13`, nil); err != nil {
		t.Fatalf("after painting pacemakers: the count is not 13: %v", err)
	}

	// More of every kind, then a still point to read the journal at.
	for _, js := range []string{
		`paint({brush: "silence", x: 63, y: 47, radius: 3})`,
		`paint({brush: "flash", x: 30, y: 20, radius: 4})`,
		`control("step")`, `control("step")`,
		`set({period: "4s", jitter: "50ms"})`,
		`speed(4)`,
		`control("resume")`,
	} {
		call(t, ctx, js)
	}
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.ticks > %d && window.fireflies.speed == 4`, paused.Ticks+60), nil); err != nil {
		t.Fatalf("resumed at ×4: %v", err)
	}
	call(t, ctx, `control("reseed")`)
	call(t, ctx, `paint({brush: "scramble", x: 5, y: 40, radius: 6})`)
	if err := poll(ctx, `window.fireflies.ticks > 60 && window.fireflies.seed !== 7`, nil); err != nil {
		t.Fatalf("after a reseed: %v", err)
	}
	call(t, ctx, `set({refractory: "800ms"})`)
	// The variants change the running world too, and the address follows.
	call(t, ctx, `set({response: "proportional", "period-spread": "300ms", neighbours: "radius:2"})`)
	if err := poll(ctx, `window.fireflies.params.response === "proportional" && window.fireflies.params.neighbours === "radius:2" && location.search.includes("response=proportional")`, nil); err != nil {
		t.Fatalf("after setting the variants: %v", err)
	}
	call(t, ctx, `control("pause")`)
	if err := poll(ctx, `window.fireflies.paused === true`, nil); err != nil {
		t.Fatal(err)
	}
	settled(t, ctx)
	var end struct {
		Journal   string `json:"journal"`
		TraceHash string `json:"trace_hash"`
		Ticks     int64  `json:"ticks"`
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({journal: window.fireflies.journal(), trace_hash: window.fireflies.trace_hash, ticks: window.fireflies.ticks})`, &end)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(end.Journal), "\n")
	if want := fmt.Sprintf(`{"end":true,"tick":%d,"trace_hash":"%s"}`, end.Ticks, end.TraceHash); lines[len(lines)-1] != want {
		t.Fatalf("journal() ends %s, want %s", lines[len(lines)-1], want)
	}
	for _, kind := range []string{`"set":"nudge"`, `"control":"step"`, `"paint":"pacemaker"`, `"control":"reseed"`, `"speed":4`} {
		if !strings.Contains(end.Journal, kind) {
			t.Errorf("journal() has no %s line:\n%s", kind, end.Journal)
		}
	}
	path := filepath.Join(t.TempDir(), "page.jsonl")
	if err := os.WriteFile(path, []byte(end.Journal), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"1", "3"} {
		stdout, stderr, code := runHeadless(t, "-replay", path, "-workers", w, "-json")
		if code != 0 {
			t.Fatalf("-replay -workers %s: exit %d: %s\njournal:\n%s", w, code, stderr, end.Journal)
		}
		s := summary(t, stdout)
		if s["trace_hash"] != end.TraceHash || s["ticks"] != float64(end.Ticks) {
			t.Errorf("-replay -workers %s: trace_hash %v at tick %v, want the page's %s at %d", w, s["trace_hash"], s["ticks"], end.TraceHash, end.Ticks)
		}
	}

	// The page replays a journal too: fireflies.replay(text) runs it in
	// place of the page's own run, to its end, where it stops.
	var bad string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.replay("{}\n").message`, &bad)); err != nil || !strings.HasPrefix(bad, "journal:1: ") {
		t.Errorf(`replay("{}"): got %q (%v), want an Error naming its line 1`, bad, err)
	}
	// The page's own run goes on first, so that the journal's end is not
	// where the page already is.
	call(t, ctx, `control("resume")`)
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.ticks > %d`, end.Ticks+30), nil); err != nil {
		t.Fatal(err)
	}
	call(t, ctx, fmt.Sprintf("replay(%q)", end.Journal))
	want := fmt.Sprintf(`window.fireflies.ticks === %d && window.fireflies.trace_hash === %q`, end.Ticks, end.TraceHash)
	if err := poll(ctx, want, nil); err != nil {
		var got []any
		chromedp.Run(ctx, chromedp.Evaluate(`[window.fireflies.ticks, window.fireflies.trace_hash]`, &got))
		t.Fatalf("replay(journal()): ticks and trace_hash %v, want %d and %s: %v", got, end.Ticks, end.TraceHash, err)
	}
	settled(t, ctx)
	var after int64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.ticks`, &after)); err != nil || after != end.Ticks {
		t.Errorf("after the replay's end: ticks %d (%v), want it stopped at %d", after, err, end.Ticks)
	}
}
