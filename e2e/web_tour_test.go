package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWebTour walks the guided tour in the page from ?tour to its end:
// in each chapter next stays hidden until the chapter's control has been
// used and its effect seen (a scramble and 10 s; the swarm in step; the
// coupling off until it falls apart, then on until it is back; a
// scramble healed; a pacemaker and 15 s), and next is clicked where the
// canvas draws it.
func TestWebTour(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 8*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(base+"index.html?tour&seed=3"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	call(t, ctx, `speed(8)`)
	type state struct {
		Chapter int    `json:"chapter"`
		Title   string `json:"title"`
		Ready   bool   `json:"ready"`
		Next    [4]int `json:"next"`
	}
	tour := func() state {
		var s state
		if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.tour_state`, &s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	at := func(n int) {
		t.Helper()
		if err := poll(ctx, fmt.Sprintf(`window.fireflies.tour_state.chapter === %d`, n), nil); err != nil {
			t.Fatalf("waiting for chapter %d: %v (at %+v)", n, err, tour())
		}
		settled(t, ctx)
		if s := tour(); s.Ready {
			t.Fatalf("chapter %d (%s): next shows before anything was done", n, s.Title)
		}
	}
	next := func(what string) {
		t.Helper()
		if err := poll(ctx, `window.fireflies.tour_state.ready === true`, nil); err != nil {
			t.Fatalf("%s: next never showed: %v (at %+v)", what, err, tour())
		}
		settled(t, ctx)
		s := tour()
		x, y := float64(s.Next[0]+s.Next[2])/2, float64(s.Next[1]+s.Next[3])/2
		if s.Next[2] == 0 {
			t.Fatalf("%s: ready, but no next button: %+v", what, s)
		}
		if err := chromedp.Run(ctx, chromedp.MouseClickXY(x, y)); err != nil {
			t.Fatal(err)
		}
	}
	at(1)
	call(t, ctx, `paint({brush: "scramble", x: 25, y: 25, radius: 8})`)
	next("chapter 1, scrambled")
	at(2)
	next("chapter 2, in step")
	at(3)
	call(t, ctx, `set({nudge: "0s"})`)
	if err := poll(ctx, `window.fireflies.synced === false`, nil); err != nil {
		t.Fatalf("chapter 3: the swarm did not fall apart: %v", err)
	}
	settled(t, ctx)
	if tour().Ready {
		t.Fatal("chapter 3: next shows with the swarm fallen apart, before it is back")
	}
	call(t, ctx, `set({nudge: "400ms"})`)
	next("chapter 3, back in step")
	at(4)
	call(t, ctx, `paint({brush: "scramble", x: 10, y: 10, radius: 6})`)
	next("chapter 4, healed")
	at(5)
	call(t, ctx, `paint({brush: "pacemaker", x: 25, y: 25, radius: 2})`)
	next("chapter 5, a pacemaker")
	at(6)
	if s := tour(); s.Ready || s.Next[2] != 0 {
		t.Errorf("the last chapter offers next: %+v", s)
	}
}
