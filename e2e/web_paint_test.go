package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestWebPaintByTouchAndMouse: in the page, a one-finger stroke paints
// with the brush as a left drag does (the page's users are often on a
// phone), through the browser's own touch and mouse events. B twice picks
// the pacemaker brush, a finger drags across the grid, and pacemakers
// appear; B again picks silence, the mouse drags, and silenced fireflies
// appear. Neither pauses the run, as a click used to.
func TestWebPaintByTouchAndMouse(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 5*time.Minute)
	// 64x48 cells at 7 pixels a cell in a 480x360 page: the grid spans
	// (16, 12) to (464, 348); the panel, which would cover it, is closed.
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(480, 360),
		chromedp.Navigate(base+"index.html?grid=64x48&seed=3"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	if err := poll(ctx, `window.fireflies.ticks >= 30`, nil); err != nil {
		t.Fatalf("waiting for 30 ticks: %v", err)
	}
	// frames waits for the page to draw two frames, so that the program
	// has read the input sent before.
	frames := chromedp.Evaluate(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, nil,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
	key := func(k string) chromedp.Tasks {
		return chromedp.Tasks{
			input.DispatchKeyEvent(input.KeyDown).WithKey(k).WithCode("Key" + string(k[0]-'a'+'A')).WithText(k),
			frames,
			input.DispatchKeyEvent(input.KeyUp).WithKey(k).WithCode("Key" + string(k[0]-'a'+'A')),
			frames,
		}
	}
	touch := func(typ input.TouchType, x, y float64) chromedp.Tasks {
		pts := []*input.TouchPoint{{X: x, Y: y, ID: 1}}
		if typ == input.TouchEnd {
			pts = []*input.TouchPoint{}
		}
		return chromedp.Tasks{input.DispatchTouchEvent(typ, pts), frames}
	}
	stroke := chromedp.Tasks{key("b"), key("b"), touch(input.TouchStart, 100, 200)}
	for x := 110.0; x <= 200; x += 10 {
		stroke = append(stroke, touch(input.TouchMove, x, 200))
	}
	stroke = append(stroke, touch(input.TouchEnd, 0, 0))
	if err := chromedp.Run(ctx, stroke); err != nil {
		t.Fatal(err)
	}
	// Cells 12..26 in row 26, with a disc of radius 2 at each: well over
	// one disc's 13.
	if err := poll(ctx, `window.fireflies.pacemakers > 13`, nil); err != nil {
		var n int
		chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.pacemakers`, &n))
		t.Fatalf("after a finger's stroke with the pacemaker brush: %d pacemakers: %v", n, err)
	}

	mouse := func(typ input.MouseType, x, y float64) chromedp.Tasks {
		return chromedp.Tasks{input.DispatchMouseEvent(typ, x, y).WithButton(input.Left).WithButtons(1).WithClickCount(1), frames}
	}
	drag := chromedp.Tasks{key("b"), mouse(input.MouseMoved, 250, 100), mouse(input.MousePressed, 250, 100)}
	for y := 110.0; y <= 200; y += 10 {
		drag = append(drag, mouse(input.MouseMoved, 250, y))
	}
	drag = append(drag, mouse(input.MouseReleased, 250, 200))
	if err := chromedp.Run(ctx, drag); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `window.fireflies.silenced > 13`, nil); err != nil {
		var n int
		chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.silenced`, &n))
		t.Fatalf("after a left drag with the silence brush: %d silenced: %v", n, err)
	}
	var paused bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.paused`, &paused)); err != nil || paused {
		t.Errorf("after painting, paused is %v (%v); want the run going", paused, err)
	}
	var journal string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.journal()`, &journal)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"paint":"pacemaker"`, `"paint":"silence"`} {
		if !strings.Contains(journal, want) {
			t.Errorf("the page's journal has no %s stroke:\n%s", want, journal)
		}
	}
}
