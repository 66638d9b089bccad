//go:build headless && browser

// The browser build, end to end: make web-build, cmd/webserve, and the
// page in Debian's Chromium, headless. make test-web runs these with
// -tags 'headless browser' (the test binary needs no display; the page's
// WebGL runs on SwiftShader).

package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/firefly-observatory/fireflies/systems"
)

const chromiumPath = "/usr/bin/chromium"

// chromiumFlags are the browser's whole command line, bar what chromedp
// adds to reach it (a debugging port and a fresh profile folder).
var chromiumFlags = []string{
	"headless", "no-sandbox", "disable-gpu", "enable-unsafe-swiftshader",
	"disable-background-networking", "disable-component-update",
}

// needChromium skips without Chromium, except in CI, where a missing
// browser must fail the run rather than pass it unseen.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run the browser tests (apt-get install chromium)", err)
		}
		t.Skipf("%v: install chromium to run the browser tests", err)
	}
}

// serveWeb builds the page with make web-build into a fresh folder and
// serves it with cmd/webserve on a free port, returning its URL.
func serveWeb(t *testing.T) (url, dir string) {
	t.Helper()
	dir = t.TempDir()
	build := exec.Command("make", "--no-print-directory", "web-build", "WEB_DIR="+dir, "GO=go")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make web-build: %v\n%s", err, out)
	}
	for _, f := range []string{"index.html", "wasm_exec.js", "fireflies.wasm"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("make web-build: %v", err)
		}
	}
	server := filepath.Join(t.TempDir(), "webserve")
	if out, err := exec.Command("go", "build", "-o", server, "./cmd/webserve").CombinedOutput(); err != nil {
		t.Fatalf("build webserve: %v\n%s", err, out)
	}
	cmd := exec.Command(server, "-addr", "127.0.0.1:0", "-dir", dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	// "serving DIR on http://127.0.0.1:PORT/"
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("webserve printed %q: %v", line, err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("webserve printed %q, want its URL", line)
	}
	return strings.TrimSpace(line[i:]), dir
}

// browser starts Chromium and returns a tab's context, ended with the test.
// What the page writes to its console (the program's stdout and stderr
// among it) goes to the test's log.
func browser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
	}
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)

	var mu sync.Mutex
	done := false // no logging once the test is over
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Logf(format, args...)
		}
	}
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var b strings.Builder
			for _, a := range ev.Args {
				var str string
				if json.Unmarshal(a.Value, &str) != nil {
					str = cmp.Or(string(a.Value), a.Description)
				}
				b.WriteString(str + " ")
			}
			logf("console.%s: %s", ev.Type, strings.TrimSpace(b.String()))
		case *runtime.EventExceptionThrown:
			logf("exception: %s", ev.ExceptionDetails.Error())
		}
	})
	t.Cleanup(func() {
		mu.Lock()
		done = true
		mu.Unlock()
	})
	if err := chromedp.Run(ctx); err != nil { // start the browser now
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// live is window.fireflies.
type live struct {
	Fireflies int     `json:"fireflies"`
	Seed      uint64  `json:"seed"`
	Ticks     int64   `json:"ticks"`
	TPS       float64 `json:"tps"`
	FPS       float64 `json:"fps"`
	Flashes   int64   `json:"flashes"`
	R         float64 `json:"r"`
}

// started waits for the first window.fireflies, or fails with the page's
// error text.
func started(t *testing.T, ctx context.Context) live {
	t.Helper()
	var got struct {
		Live  *live  `json:"live"`
		Error string `json:"error"`
	}
	err := chromedp.Run(ctx, chromedp.Poll(
		`window.fireflies ? {live: window.fireflies}
			: document.getElementById("error") ? {error: document.getElementById("error").textContent} : null`,
		&got, chromedp.WithPollingTimeout(40*time.Second)))
	if err != nil {
		t.Fatalf("waiting for window.fireflies: %v", err)
	}
	if got.Live == nil {
		t.Fatalf("the page shows %q, want it running", got.Error)
	}
	return *got.Live
}

// tickRate measures ticks per wall-clock second over at least d. The page
// publishes every 30 ticks, so both ends are taken at a publication (seen
// within a frame), not at arbitrary times.
func tickRate(t *testing.T, ctx context.Context, d time.Duration) (tps float64, last live) {
	t.Helper()
	var got struct {
		Ticks float64 `json:"ticks"`
		Ms    float64 `json:"ms"`
		Live  live    `json:"live"`
	}
	js := fmt.Sprintf(`(async () => {
		const frame = () => new Promise(r => requestAnimationFrame(r));
		const edge = async () => {
			const t0 = window.fireflies.ticks;
			while (window.fireflies.ticks === t0) await frame();
			return [window.fireflies.ticks, performance.now()];
		};
		const [a, ta] = await edge();
		await new Promise(r => setTimeout(r, %d));
		const [b, tb] = await edge();
		return {ticks: b - a, ms: tb - ta, live: window.fireflies};
	})()`, d.Milliseconds())
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &got, awaitPromise)); err != nil {
		t.Fatalf("measuring ticks: %v", err)
	}
	return got.Ticks / got.Ms * 1000, got.Live
}

func TestWebPage(t *testing.T) {
	needChromium(t)
	base, _ := serveWeb(t)
	ctx := browser(t, 60*time.Second)

	// A small window: with --disable-gpu, SwiftShader draws every frame on
	// the CPU at a cost that grows with the window's area, and the CPU is
	// the one the page's WebAssembly needs (TestWebThroughput measures it).
	const query = "?grid=64x48&seed=7&nudge=150ms&period=4s"
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(480, 360),
		chromedp.Navigate(base+"index.html"+query),
	); err != nil {
		t.Fatal(err)
	}
	l := started(t, ctx)
	if l.Fireflies != 64*48 || l.Seed != 7 {
		t.Errorf("window.fireflies: got %d fireflies, seed %d; want %d, 7", l.Fireflies, l.Seed, 64*48)
	}

	// Not a micro-timing: a 3,072-firefly tick costs microseconds, so
	// anything under 50 ticks a second means the fixed-rate loop is broken.
	tps, l := tickRate(t, ctx, 4*time.Second)
	t.Logf("64x48: %.1f TPS measured; the page says TPS %.1f, FPS %.1f", tps, l.TPS, l.FPS)
	if tps < 50 {
		t.Errorf("ticks advance at %.1f per second, want at least 50", tps)
	}
	if l.Flashes < int64(l.Fireflies) {
		t.Errorf("%d flashes after %d ticks, want at least one per firefly", l.Flashes, l.Ticks)
	}

	t.Run("canvas", func(t *testing.T) { checkCanvas(t, ctx) })
	t.Run("screenshot", func(t *testing.T) { checkScreenshot(t, ctx) })
	t.Run("space", func(t *testing.T) { checkPause(t, ctx, chromedp.KeyEvent(" ")) })
	t.Run("click", func(t *testing.T) { checkPause(t, ctx, chromedp.MouseClickXY(240, 180)) })
	t.Run("quit", func(t *testing.T) { checkQuit(t, ctx) })
}

// checkCanvas: the canvas fills the window, has the keyboard focus, and
// follows a resize.
func checkCanvas(t *testing.T, ctx context.Context) {
	const fills = `(() => {
		const c = document.querySelector("canvas"), r = devicePixelRatio;
		return !!c && document.activeElement === c && c.width === Math.round(innerWidth * r) && c.height === Math.round(innerHeight * r)
			&& c.getBoundingClientRect().width === innerWidth && c.getBoundingClientRect().height === innerHeight;
	})()`
	var ok bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(fills, &ok)); err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Errorf("the canvas does not fill the 480x360 window or lacks focus: %s", canvasState(ctx))
	}
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(400, 240),
		chromedp.Poll(fills, nil, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Errorf("after resizing the window to 400x240: %v: %s", err, canvasState(ctx))
	}
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(480, 360), chromedp.Poll(fills, nil)); err != nil {
		t.Fatal(err)
	}
}

func canvasState(ctx context.Context) string {
	var s string
	chromedp.Run(ctx, chromedp.Evaluate(`(() => {
		const c = document.querySelector("canvas");
		return c ? "canvas " + c.width + "x" + c.height + ", window " + innerWidth + "x" + innerHeight +
			"@" + devicePixelRatio + ", focus on " + (document.activeElement && document.activeElement.tagName) : "no canvas";
	})()`, &s))
	return s
}

// checkScreenshot looks for the palette's dark end and for flashing
// fireflies, amber to white, allowing for the browser's colour management.
func checkScreenshot(t *testing.T, ctx context.Context) {
	var shot []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&shot)); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	var bright [][3]uint8 // the palette from amber (glow 0.5) to white (1)
	for k := 128; k <= 256; k++ {
		bright = append(bright, systems.Palette(float64(k)/256))
	}
	dark := countNear(img, [][3]uint8{systems.Palette(0)})
	lit := countNear(img, bright)
	b := img.Bounds()
	t.Logf("screenshot %dx%d: %d dark pixels, %d amber to white", b.Dx(), b.Dy(), dark, lit)
	if dark < b.Dx()*b.Dy()/10 {
		t.Errorf("%d pixels of the palette's dark %v, want most of the grid", dark, systems.Palette(0))
	}
	// 7x7 pixels a firefly at this size (64x48 in 480x360); a few hundred
	// are in the first half of their glow at any time.
	if lit < 49*10 {
		t.Errorf("%d pixels between the palette's amber %v and white %v, want flashing fireflies",
			lit, systems.Palette(0.5), systems.Palette(1))
	}
	if t.Failed() {
		path := filepath.Join(os.TempDir(), "fireflies-web-screenshot.png")
		if os.WriteFile(path, shot, 0o644) == nil {
			t.Logf("screenshot saved as %s", path)
		}
	}
}

// countNear counts the pixels within a few levels of any of the colours.
func countNear(img image.Image, colours [][3]uint8) int {
	const tol = 6
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return -tol <= d && d <= tol }
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			for _, c := range colours {
				if near(r, c[0]) && near(g, c[1]) && near(bl, c[2]) {
					n++
					break
				}
			}
		}
	}
	return n
}

// checkPause: Space and a left click each pause the simulation and resume
// it, as in the desktop window.
func checkPause(t *testing.T, ctx context.Context, press chromedp.Action) {
	ticks := func() int64 {
		var n int64
		if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies.ticks`, &n)); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := chromedp.Run(ctx, press); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond) // the last publication before the pause
	paused := ticks()
	time.Sleep(1200 * time.Millisecond) // two publications' worth, were it running
	if got := ticks(); got != paused {
		t.Fatalf("ticks went from %d to %d, want paused", paused, got)
	}
	if err := chromedp.Run(ctx, press,
		chromedp.Poll(fmt.Sprintf(`window.fireflies.ticks > %d`, paused), nil,
			chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("pressed again, ticks stay at %d: %v", paused, err)
	}
}

// checkQuit: Q ends the run, as it closes the desktop window; the page
// keeps the last frame and says so.
func checkQuit(t *testing.T, ctx context.Context) {
	var ended string
	err := chromedp.Run(ctx, chromedp.KeyEvent("q"),
		chromedp.Poll(`document.getElementById("ended") && document.getElementById("ended").textContent`, &ended,
			chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("after Q: %v", err)
	}
	if !strings.Contains(ended, "reload") {
		t.Errorf("after Q the page says %q, want a word on reloading", ended)
	}
}

// TestWebErrors: a bad URL parameter shows, as text on the page, the line
// the native build prints for the same flags; so does a page whose .wasm
// cannot be fetched.
func TestWebErrors(t *testing.T) {
	needChromium(t)
	base, dir := serveWeb(t)
	ctx := browser(t, 60*time.Second)

	// A copy of the page without its .wasm.
	broken := filepath.Join(dir, "broken")
	if err := os.Mkdir(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err == nil {
			err = os.WriteFile(filepath.Join(broken, f), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	native := func(args ...string) string {
		_, stderr, code := runHeadless(t, args...)
		if code != 2 {
			t.Fatalf("native %v: exit status %d, want 2", args, code)
		}
		return strings.TrimSpace(stderr)
	}
	for _, tc := range []struct {
		page string
		want string
	}{
		{"index.html?grid=0", native("-grid=0")},
		{"index.html?grid=64x48&seed=7&grid=2x2", native("-grid=64x48", "-seed=7", "-grid=2x2")}, // the last one wins
		{"index.html?seed=7&nudge=-1s", native("-seed=7", "-nudge=-1s")},
		{"index.html?gird=64", native("-gird=64")},
		{"index.html?grid", native("-grid")},
		{"index.html?grid=%zz", `fireflies: URL query: cannot read "grid=%zz": invalid URL escape "%zz"`},
		{"broken/index.html", "fireflies: cannot load fireflies.wasm: fireflies.wasm: 404 Not Found"},
	} {
		var got string
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+tc.page),
			chromedp.Poll(`document.getElementById("error") && document.getElementById("error").textContent`,
				&got, chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			if errors.Is(err, chromedp.ErrPollingTimeout) {
				err = errors.New("no error shown")
			}
			t.Errorf("%s: %v", tc.page, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: the page shows %q, want %q", tc.page, got, tc.want)
		}
	}
}

// TestWebThroughput reports the TPS and FPS the page holds at larger
// grids; it asserts nothing (timings belong to the README, not to
// assertions). Give the sizes, and optionally the window, to run it:
//
//	FIREFLIES_WEB_SIZES=256,512,1024 FIREFLIES_WEB_WINDOW=1024x768 \
//		go test -tags 'headless browser' -run TestWebThroughput -v .
func TestWebThroughput(t *testing.T) {
	sizes := strings.FieldsFunc(os.Getenv("FIREFLIES_WEB_SIZES"), func(r rune) bool { return r == ',' || r == ' ' })
	if len(sizes) == 0 {
		t.Skip("set FIREFLIES_WEB_SIZES, such as 256,512,1024")
	}
	var w, h int64 = 1024, 768
	if win := os.Getenv("FIREFLIES_WEB_WINDOW"); win != "" {
		if _, err := fmt.Sscanf(win, "%dx%d", &w, &h); err != nil {
			t.Fatalf("FIREFLIES_WEB_WINDOW=%s: want WxH, such as 1024x768", win)
		}
	}
	needChromium(t)
	base, _ := serveWeb(t)
	ctx := browser(t, time.Duration(len(sizes))*time.Minute)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(w, h)); err != nil {
		t.Fatal(err)
	}
	for _, n := range sizes {
		if err := chromedp.Run(ctx, chromedp.Navigate(base+"index.html?seed=1&grid="+n)); err != nil {
			t.Fatal(err)
		}
		started(t, ctx)
		time.Sleep(5 * time.Second) // past the start, and ebiten's averages with it
		tps, l := tickRate(t, ctx, 5*time.Second)
		t.Logf("grid %s in a %dx%d window: %.1f TPS measured; the page says TPS %.1f, FPS %.1f (tick %d)",
			n, w, h, tps, l.TPS, l.FPS, l.Ticks)
	}
}
