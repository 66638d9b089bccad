package e2e

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestWebPaintShowsAndTheBrushFollowsThePointer: in the page at
// 1280x800, a disc of pacemakers and a silenced hole painted through
// window.fireflies.paint show on the canvas as paint, the brush's outline
// (radius 5, X three times from 2) follows the mouse, wrapping round the
// grid's left edge to its right, and, in the phase view (P), the page's
// screenshot() shows the pacemakers lightened and the hole hatched. The
// page draws at the display's resolution (resolution=1) here, as a person
// with a GPU sees it: the outline is checked pixel by pixel for white, and
// on this software renderer -resolution auto would draw at 0.7, which the
// browser's stretching blurs to grey.
func TestWebPaintShowsAndTheBrushFollowsThePointer(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 5*time.Minute)
	const gw, gh = 64, 48
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"index.html?grid=64x48&seed=3&resolution=1")); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	frames := chromedp.Evaluate(`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, nil,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
	key := func(k string) chromedp.Tasks {
		code := "Key" + strings.ToUpper(k)
		return chromedp.Tasks{
			input.DispatchKeyEvent(input.KeyDown).WithKey(k).WithCode(code).WithText(k), frames,
			input.DispatchKeyEvent(input.KeyUp).WithKey(k).WithCode(code), frames,
		}
	}
	var res any
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`window.fireflies.paint({brush: "pacemaker", x: 20, y: 30, radius: 5})`, &res),
		chromedp.Evaluate(`window.fireflies.paint({brush: "silence", x: 45, y: 20, radius: 5})`, &res),
	); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `window.fireflies.pacemakers > 0 && window.fireflies.silenced > 0`, nil); err != nil {
		t.Fatalf("after painting: %v", err)
	}
	// grid is where the page last said it drew the grid, after two more
	// publications.
	grid := func() [4]int {
		t.Helper()
		settled(t, ctx)
		var l struct{ Grid [4]int }
		if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.layout`, &l)); err != nil || l.Grid[2] <= l.Grid[0] {
			t.Fatalf("the page's layout: %+v (%v)", l, err)
		}
		return l.Grid
	}
	rect := grid()
	mouse := func(x, y int) chromedp.Tasks {
		sx, sy := cellCentre(rect, gw, gh, float64(x), float64(y))
		return chromedp.Tasks{input.DispatchMouseEvent(input.MouseMoved, float64(sx), float64(sy)), frames}
	}
	if err := chromedp.Run(ctx, key("x"), key("x"), key("x"), mouse(20, 30), mouse(45, 20), mouse(1, 24)); err != nil {
		t.Fatal(err)
	}
	// The overlay's hover line can widen it, and the grid beside it moves:
	// the pointer follows until the grid stays.
	for try := 0; ; try++ {
		now := grid()
		if now == rect {
			break
		}
		if try == 5 {
			t.Fatalf("the grid keeps moving: %v, then %v", rect, now)
		}
		rect = now
		if err := chromedp.Run(ctx, mouse(1, 24)); err != nil {
			t.Fatal(err)
		}
	}
	var shot []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&shot)); err != nil {
		t.Fatal(err)
	}
	if now := grid(); now != rect {
		t.Fatalf("the grid moved from %v to %v", rect, now)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	checkOutline(t, "the page", img, rect, gw, gh, [2]int{1, 24}, [][2]int{{20, 30}, {45, 20}})
	for _, d := range []disc{{"pacemaker", 20, 30, 5}, {"silence", 45, 20, 5}} {
		if bad := d.unpainted(img, rect, gw, gh); bad > 0 {
			t.Errorf("the page's canvas: %d cells of the %s disc at (%d,%d) are not drawn as paint", bad, d.brush, d.x, d.y)
		}
	}

	// The phase view: the page's own picture, one pixel a cell.
	if err := chromedp.Run(ctx, key("p")); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `window.fireflies.summary.includes("phase view")`, nil); err != nil {
		t.Fatalf("after P, the overlay names no phase view: %v", err)
	}
	raw := dataURL(t, ctx, `window.fireflies.screenshot()`, "image/png")
	pic, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := pic.Bounds(); b.Dx() != gw || b.Dy() != gh {
		t.Fatalf("screenshot() is %v, want the %dx%d grid", b, gw, gh)
	}
	checkPhaseView(t, pic, gw, gh, disc{"pacemaker", 20, 30, 5}, disc{"silence", 45, 20, 5})
}

// checkPhaseView checks a one-pixel-a-cell picture in the phase view: the
// pacemakers of the discs lightened (every phase colour averages 127 over
// its channels; a pacemaker's 191), the silenced cells hatched, and every
// other cell an unpainted phase colour.
func checkPhaseView(t *testing.T, img image.Image, gw, gh int, discs ...disc) {
	t.Helper()
	kind := map[[2]int]string{}
	for _, d := range discs {
		for _, i := range systems.Disc(nil, gw, gh, d.x, d.y, d.r) {
			kind[[2]int{int(i) % gw, int(i) / gw}] = d.brush
		}
	}
	bad := map[string]int{}
	for y := range gh {
		for x := range gw {
			c := rgbAt(img, x, y)
			mean := (int(c[0]) + int(c[1]) + int(c[2])) / 3
			switch kind[[2]int{x, y}] {
			case "pacemaker":
				if mean < 175 || fromRamp(c, frame.PacemakerPhaseColour) > 3 {
					bad["pacemaker"]++
				}
			case "silence":
				if c != frame.HatchColour(x, y) {
					bad["silence"]++
				}
			default:
				if mean < 120 || mean > 135 || fromRamp(c, frame.PhaseColour) > 3 {
					bad["unpainted"]++
				}
			}
		}
	}
	for what, n := range bad {
		t.Errorf("the phase view: %d %s cells not drawn as such", n, what)
	}
}
