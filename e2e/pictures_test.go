package e2e

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/firefly-observatory/fireflies/frame"
)

// TestHeadlessPictures: the headless build writes a screenshot of the
// grid, one pixel a cell in the palette, and an animated GIF whose frames
// are averaged down to -record-size and use the palette's colours.
func TestHeadlessPictures(t *testing.T) {
	dir := t.TempDir()
	shot, anim := filepath.Join(dir, "s.png"), filepath.Join(dir, "a.gif")
	_, stderr, code := runHeadless(t, "-grid", "200x150", "-seed", "7", "-nudge", "300ms", "-duration", "20s",
		"-screenshot", shot, "-record", anim, "-record-every", "500ms", "-record-size", "100x100")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	img := readPNG(t, shot)
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 150 {
		t.Errorf("screenshot is %v, want the 200x150 grid", b)
	}
	if n := count(img, frame.Palette(0)); n < 200*150/2 {
		t.Errorf("%d pixels of the palette's dark, want most of the grid", n)
	}
	f, err := os.Open(anim)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 40 {
		t.Errorf("%d frames, want 40 (20 s at one every 0.5 s)", len(g.Image))
	}
	// 200x150 shrunk by 2 to fit 100x100: 100x75.
	if b := g.Image[0].Bounds(); b.Dx() != 100 || b.Dy() != 75 {
		t.Errorf("frames are %v, want 100x75", b)
	}
	ramp := map[color.RGBA]bool{}
	for k := 0; k <= 254; k++ {
		c := frame.Palette(float64(k) / 254)
		ramp[color.RGBA{c[0], c[1], c[2], 255}] = true
	}
	bright := 0
	for i, fr := range g.Image {
		for _, px := range fr.Pix {
			c := color.RGBAModel.Convert(fr.Palette[px]).(color.RGBA)
			if !ramp[c] {
				t.Fatalf("frame %d has colour %v, which is not on the palette", i, c)
			}
			if c.R > 150 {
				bright++
			}
		}
	}
	if bright == 0 {
		t.Error("no frame shows a flash")
	}
}

// TestWindowOverlayFollowsEveryFrame: the overlay's text is rebuilt every
// frame — while a 2048x2048 swarm runs its numbers change from frame to
// frame, and the first frame after Space says "(paused)". The window
// writes each frame's text to FIREFLIES_DEBUG_OVERLAY.
func TestWindowOverlayFollowsEveryFrame(t *testing.T) {
	needDisplay(t)
	log := filepath.Join(t.TempDir(), "overlay.jsonl")
	env := append(environment(), "FIREFLIES_DEBUG_OVERLAY="+log)
	c := start(t, env, windowBin.get(t), "-grid", "2048", "-seed", "1")
	type line struct {
		Frame  int     `json:"frame"`
		Tick   int     `json:"tick"`
		Paused bool    `json:"paused"`
		Zoom   float64 `json:"zoom"`
		Text   string  `json:"text"`
		Layout struct {
			Grid [4]int // x0, y0, x1, y1
		} `json:"layout"`
	}
	lines := func() []line {
		f, err := os.Open(log)
		if err != nil {
			return nil
		}
		defer f.Close()
		var ls []line
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var l line
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				ls = append(ls, l)
			}
		}
		return ls
	}
	c.waitUntil(t, "30 frames drawn", func() bool { return len(lines()) >= 30 })
	ls := lines()
	same := 0
	for i := 1; i < len(ls); i++ {
		if ls[i].Text == ls[i-1].Text {
			same++
		}
	}
	// The simulated time, the update and draw times and the rates move
	// every frame; allow a rare frame whose numbers all round the same.
	if same > len(ls)/10 {
		t.Errorf("%d of %d frames showed the same text as the frame before; want it rebuilt every frame", same, len(ls))
	}
	if !strings.Contains(ls[len(ls)-1].Text, "2048x2048") {
		t.Errorf("the overlay does not show the model: %q", ls[len(ls)-1].Text)
	}
	press(t, "space")
	var first line
	c.waitUntil(t, "a paused frame", func() bool {
		for _, l := range lines() {
			if l.Paused {
				first = l
				return true
			}
		}
		return false
	})
	if !strings.Contains(first.Text, "(paused)") {
		t.Errorf("the first paused frame (%d) shows %q, want (paused)", first.Frame, first.Text)
	}

	// The view and the camera, by keys and the wheel.
	last := func() line { ls := lines(); return ls[len(ls)-1] }
	fitted := last().Zoom
	press(t, "p")
	c.waitUntil(t, "the phase view", func() bool { return strings.Contains(last().Text, "phase view") })
	press(t, "plus")
	c.waitUntil(t, "a zoom in", func() bool { return last().Zoom > fitted*1.2 })
	press(t, "f")
	c.waitUntil(t, "the grid fitted again", func() bool { return last().Zoom == fitted })
	// Zooming with the wheel keeps the cell under the pointer. The pointer
	// at (400, 300) in the window is over the cell at ((400.5, 300.5) less
	// the grid's corner) / zoom.
	xdotool(t, "mousemove", "--window", windowID(t), "400", "300")
	g := last().Layout.Grid
	before := fmt.Sprintf("%d,%d", int((400.5-float64(g[0]))/fitted), int((300.5-float64(g[1]))/fitted))
	c.waitUntil(t, "the pointer over cell "+before, func() bool { return hovered(last().Text) == before })
	for range 3 {
		xdotool(t, "click", "4") // wheel up
	}
	c.waitUntil(t, "a wheel zoom", func() bool { return last().Zoom > fitted*1.3 })
	if after := hovered(last().Text); after != before {
		t.Errorf("the pointer was over cell %s, and over %s after zooming at it", before, after)
	}
	c.stop(t, syscall.SIGINT)
}

// hovered is the "cell X,Y" the overlay shows, or "".
func hovered(text string) string {
	_, rest, ok := strings.Cut(text, "cell ")
	if !ok {
		return ""
	}
	cell, _, _ := strings.Cut(rest, " ")
	return cell
}

func xdotool(t *testing.T, args ...string) {
	t.Helper()
	if out, err := exec.Command("xdotool", args...).CombinedOutput(); err != nil {
		t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
}

// press sends a key to the program's window through the X server, as a
// person's keyboard would (xdotool's XTEST), after giving it the focus.
func press(t *testing.T, key string) {
	t.Helper()
	xdotool(t, "windowfocus", windowID(t))
	xdotool(t, "key", key)
}

// windowID is the X window of the program (the only one, under the
// test's Xvfb), once it is there.
func windowID(t *testing.T) string {
	t.Helper()
	var id string
	waitFor(t, "the window", func() bool {
		out, err := exec.Command("xdotool", "search", "--name", "^fireflies").Output()
		id, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		return err == nil && id != ""
	})
	return id
}

// TestWindowDownsamplesHonestly: a 2048x2048 swarm, two seconds in, shown
// in a window smaller than the grid. Each screen pixel must show the
// average of the cells it covers: the picture's mean brightness is the
// grid's, and its spread far below what picking one cell per pixel gives
// (measured here: spread 27 against 67, means 76.5 and 76.7 on a 0–255
// scale). The grid itself comes from the headless build's screenshot of the
// same run, one pixel a cell.
func TestWindowDownsamplesHonestly(t *testing.T) {
	needDisplay(t)
	dir := t.TempDir()
	args := []string{"-grid", "2048", "-seed", "1", "-duration", "2s"}
	cells, win := filepath.Join(dir, "cells.png"), filepath.Join(dir, "window.png")
	if _, stderr, code := runHeadless(t, append(args, "-screenshot", cells)...); code != 0 {
		t.Fatalf("headless: exit %d: %s", code, stderr)
	}
	if _, stderr, code := run(t, windowBin.get(t), append(args, "-screenshot", win)...); code != 0 {
		t.Fatalf("window: exit %d: %s", code, stderr)
	}
	grid, shot := readPNG(t, cells), readPNG(t, win)
	side := shot.Bounds().Dy() // the grid fills the window's height
	if side >= 2048 {
		t.Fatalf("the window is %v: the test needs it smaller than the grid", shot.Bounds())
	}
	step := 2048.0 / float64(side)
	// Below and right of the overlay.
	region := image.Rect(shot.Bounds().Dx()/2, side/2, shot.Bounds().Dx(), side)
	wMean, wSpread := brightness(shot, region, 1)
	pMean, pSpread := brightness(grid, image.Rect(region.Min.X, region.Min.Y, region.Max.X, region.Max.Y).Intersect(image.Rect(0, 0, side, side)), step)
	t.Logf("window %dx%d: mean %.1f spread %.1f; one cell per pixel: mean %.1f spread %.1f",
		shot.Bounds().Dx(), side, wMean, wSpread, pMean, pSpread)
	if wSpread > 0.6*pSpread {
		t.Errorf("the window's spread %.1f is near one-cell-per-pixel's %.1f: not averaged", wSpread, pSpread)
	}
	if math.Abs(wMean-pMean) > 8 {
		t.Errorf("the window's mean brightness %.1f differs from the grid's %.1f", wMean, pMean)
	}
}

// brightness returns the mean and standard deviation of the luminance of
// img's pixels in r (in r's own units scaled by step: with step > 1, r is
// in screen pixels and img is sampled every step of its pixels).
func brightness(img image.Image, r image.Rectangle, step float64) (mean, spread float64) {
	var s, ss, n float64
	for y := float64(r.Min.Y); y < float64(r.Max.Y); y++ {
		for x := float64(r.Min.X); x < float64(r.Max.X); x++ {
			R, G, B, _ := img.At(int(x*step), int(y*step)).RGBA()
			l := 0.299*float64(R>>8) + 0.587*float64(G>>8) + 0.114*float64(B>>8)
			s += l
			ss += l * l
			n++
		}
	}
	mean = s / n
	return mean, math.Sqrt(max(0, ss/n-mean*mean))
}

// TestWebPicturesAndCompression: the page's screenshot() returns a PNG of
// the grid, and the server sends the .wasm gzipped, under 6 MB.
func TestWebPicturesAndCompression(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	req, _ := http.NewRequest("GET", base+"fireflies.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ce := resp.Header.Get("Content-Encoding"); ce != "gzip" || len(body) >= 6<<20 {
		t.Errorf("fireflies.wasm: Content-Encoding %q, %d bytes sent; want gzip, under 6 MB", ce, len(body))
	}
	if zr, err := gzip.NewReader(bytes.NewReader(body)); err != nil {
		t.Error(err)
	} else if raw, _ := io.ReadAll(zr); !bytes.HasPrefix(raw, []byte("\x00asm")) {
		t.Errorf("the unzipped body is not WebAssembly")
	} else {
		t.Logf("fireflies.wasm: %.1f MB, %.1f MB sent gzipped", float64(len(raw))/1e6, float64(len(body))/1e6)
	}

	ctx := browser(t, 5*time.Minute)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(480, 360), chromedp.Navigate(base+"index.html?grid=96x64&seed=3")); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	raw := dataURL(t, ctx, `window.fireflies.screenshot()`, "image/png")
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 96 || b.Dy() != 64 || count(img, frame.Palette(0)) == 0 {
		t.Errorf("screenshot() gave a %v picture, want the 96x64 grid in the palette", b)
	}
	var summary string
	if err := poll(ctx, `document.getElementById("live").textContent`, &summary); err != nil || !strings.HasPrefix(summary, "R ") {
		t.Errorf("the aria-live mirror reads %q (%v), want the overlay's first lines", summary, err)
	}
	var button bool
	chromedp.Run(ctx, chromedp.Evaluate(`!document.getElementById("shot").hidden`, &button))
	if !button {
		t.Error("no picture button on the page")
	}
}
