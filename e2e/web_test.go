// The browser build, end to end: make web-build, cmd/webserve, and the
// page in Debian's Chromium, headless. The test process needs no display:
// the page's WebGL runs on SwiftShader.

package e2e

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
	"github.com/chromedp/chromedp/kb"

	"github.com/firefly-observatory/fireflies/frame"
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

// serve serves dir with cmd/webserve on a free port, until the test ends,
// and returns its URL.
func serve(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command(webserveBin.get(t), "-addr", "127.0.0.1:0", "-dir", dir)
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
	// "serving DIR on http://127.0.0.1:PORT/", or nothing and EOF when
	// it fails: no deadline needed.
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("webserve printed %q: %v", line, err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("webserve printed %q, want its URL", line)
	}
	return strings.TrimSpace(line[i:])
}

// browser starts Chromium and returns a tab's context, ended with the test
// or after limit, whichever comes first. What the page writes to its
// console (the program's stdout and stderr among it) goes to the test's
// log.
func browser(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
	}
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
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

// poll waits, within patience, for the JavaScript expression js to be
// truthy, and stores its value in res unless res is nil.
func poll(ctx context.Context, js string, res any) error {
	err := chromedp.Run(ctx, chromedp.Poll(js, res, chromedp.WithPollingTimeout(patience)))
	if errors.Is(err, chromedp.ErrPollingTimeout) {
		err = fmt.Errorf("not within %v", patience)
	}
	return err
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// live is window.fireflies, which the page publishes twice a second.
type live struct {
	Fireflies int     `json:"fireflies"`
	Seed      uint64  `json:"seed"`
	Ticks     int64   `json:"ticks"`
	TPS       float64 `json:"tps"`
	FPS       float64 `json:"fps"`
	Flashes   int64   `json:"flashes"`
	R         float64 `json:"r"`
	Paused    bool    `json:"paused"`
	Published int64   `json:"published"` // publications so far
	// FrameMs are a frame's parts in ms (moving averages): draw, grid,
	// overlay, panel, frame, present.
	FrameMs map[string]float64 `json:"frame_ms"`
}

// current returns window.fireflies as it is now.
func current(t *testing.T, ctx context.Context) live {
	t.Helper()
	var l live
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.fireflies`, &l)); err != nil {
		t.Fatalf("reading window.fireflies: %v", err)
	}
	return l
}

// started waits for the first window.fireflies, or fails with the page's
// error text.
func started(t *testing.T, ctx context.Context) live {
	t.Helper()
	var got struct {
		Live  *live  `json:"live"`
		Error string `json:"error"`
	}
	err := poll(ctx, `window.fireflies ? {live: window.fireflies}
			: document.getElementById("error") ? {error: document.getElementById("error").textContent} : null`, &got)
	if err != nil {
		t.Fatalf("waiting for window.fireflies: %v", err)
	}
	if got.Live == nil {
		t.Fatalf("the page shows %q, want it running", got.Error)
	}
	return *got.Live
}

// tickRate measures ticks per wall-clock second over at least d, for the
// log. Both ends are taken at a publication (seen within a frame), not at
// arbitrary times.
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
	base := serve(t, webDir.get(t))
	ctx := browser(t, 10*time.Minute)

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

	// The rate is for the log only: on a loaded machine it can be anything.
	tps, l := tickRate(t, ctx, 4*time.Second)
	t.Logf("64x48: %.1f TPS measured; the page says TPS %.1f, FPS %.1f", tps, l.TPS, l.FPS)
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.ticks >= %d`, l.Ticks+30), nil); err != nil {
		t.Errorf("ticks stay near %d: want 30 more: %v", l.Ticks, err)
	}
	// Past one period (240 ticks), every firefly has flashed.
	if err := poll(ctx, `window.fireflies.ticks >= 300`, nil); err != nil {
		t.Fatalf("waiting for 300 ticks: %v", err)
	}
	if l := current(t, ctx); l.Flashes < int64(l.Fireflies) {
		t.Errorf("%d flashes after %d ticks, want at least one per firefly", l.Flashes, l.Ticks)
	}

	t.Run("canvas", func(t *testing.T) { checkCanvas(t, ctx) })
	t.Run("screenshot", func(t *testing.T) { checkScreenshot(t, ctx) })
	t.Run("space", func(t *testing.T) { checkPause(t, ctx, chromedp.KeyEvent(" ")) })
	t.Run("no quit", func(t *testing.T) { checkNoQuit(t, ctx) })
}

// checkCanvas: the canvas fills the window, has the keyboard focus, and
// follows a resize.
func checkCanvas(t *testing.T, ctx context.Context) {
	const fills = `(() => {
		const c = document.querySelector("canvas"), r = devicePixelRatio;
		return !!c && document.activeElement === c && c.width === Math.round(innerWidth * r) && c.height === Math.round(innerHeight * r)
			&& c.getBoundingClientRect().width === innerWidth && c.getBoundingClientRect().height === innerHeight;
	})()`
	// The canvas follows the window at the next frame; wait for it.
	if err := poll(ctx, fills, nil); err != nil {
		t.Errorf("the canvas does not fill the 480x360 window or lacks focus: %v: %s", err, canvasState(ctx))
	}
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(400, 240)); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, fills, nil); err != nil {
		t.Errorf("after resizing the window to 400x240: %v: %s", err, canvasState(ctx))
	}
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(480, 360)); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, fills, nil); err != nil {
		t.Fatalf("after resizing the window back to 480x360: %v: %s", err, canvasState(ctx))
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
		bright = append(bright, frame.Palette(float64(k)/256))
	}
	dark := countNear(img, [][3]uint8{frame.Palette(0)})
	lit := countNear(img, bright)
	b := img.Bounds()
	t.Logf("screenshot %dx%d: %d dark pixels, %d amber to white", b.Dx(), b.Dy(), dark, lit)
	if dark < b.Dx()*b.Dy()/10 {
		t.Errorf("%d pixels of the palette's dark %v, want most of the grid", dark, frame.Palette(0))
	}
	// 7x7 pixels a firefly at this size (64x48 in 480x360); a few hundred
	// are in the first half of their glow at any time.
	if lit < 49*10 {
		t.Errorf("%d pixels between the palette's amber %v and white %v, want flashing fireflies",
			lit, frame.Palette(0.5), frame.Palette(1))
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

// checkPause: Space pauses the simulation and resumes it, as in the
// desktop window (a left click paints now). The page says when it is paused, and
// counts its publications, so the test waits on those, not on the clock.
func checkPause(t *testing.T, ctx context.Context, press chromedp.Action) {
	if err := chromedp.Run(ctx, press); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, `window.fireflies.paused === true`, nil); err != nil {
		t.Fatalf("after the press, window.fireflies.paused stays false: %v", err)
	}
	paused := current(t, ctx)
	// Two more publications: were it running, the ticks would have moved.
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.published >= %d`, paused.Published+2), nil); err != nil {
		t.Fatalf("the page stopped publishing at %d: %v", paused.Published, err)
	}
	if got := current(t, ctx); got.Ticks != paused.Ticks || !got.Paused {
		t.Fatalf("paused, ticks went from %d to %d (paused %v), want them still", paused.Ticks, got.Ticks, got.Paused)
	}
	if err := chromedp.Run(ctx, press); err != nil {
		t.Fatal(err)
	}
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.ticks > %d && !window.fireflies.paused`, paused.Ticks), nil); err != nil {
		t.Errorf("pressed again, ticks stay at %d: %v", paused.Ticks, err)
	}
}

// checkNoQuit: Q and Esc, which close the desktop window, do not end the
// page, where they would leave a dead canvas: the ticks go on.
func checkNoQuit(t *testing.T, ctx context.Context) {
	for _, key := range []string{"q", kb.Escape} {
		before := current(t, ctx)
		if err := chromedp.Run(ctx, chromedp.KeyEvent(key)); err != nil {
			t.Fatal(err)
		}
		if err := poll(ctx, fmt.Sprintf(`window.fireflies.ticks > %d`, before.Ticks+30), nil); err != nil {
			t.Errorf("after %q the ticks stay near %d: %v", key, before.Ticks, err)
		}
		var ended bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(`!!document.getElementById("ended")`, &ended)); err != nil {
			t.Fatal(err)
		}
		if ended {
			t.Errorf("after %q the page says the run ended", key)
		}
	}
}

// pageText navigates to page and waits for the text of the element with
// the id given, which the page shows in place of the simulation.
func pageText(ctx context.Context, page, id string) (string, error) {
	if err := chromedp.Run(ctx, chromedp.Navigate(page)); err != nil {
		return "", err
	}
	var got string
	err := poll(ctx, fmt.Sprintf(`document.getElementById(%q) && document.getElementById(%[1]q).textContent`, id), &got)
	return got, err
}

// TestWebErrors: a bad URL parameter shows, as text on the page, the line
// the native build prints for the same flags, or for what only the
// browser says, its own line; so does a page whose .wasm cannot be
// fetched.
func TestWebErrors(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))

	// A copy of the page without its .wasm, served apart.
	broken := t.TempDir()
	for _, f := range []string{"index.html", "wasm_exec.js"} {
		b, err := os.ReadFile(filepath.Join(webDir.get(t), f))
		if err == nil {
			err = os.WriteFile(filepath.Join(broken, f), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	brokenBase := serve(t, broken)
	ctx := browser(t, 10*time.Minute)

	native := func(args ...string) string {
		_, stderr, code := runHeadless(t, args...)
		if code != 2 {
			t.Fatalf("native %v: exit status %d, want 2", args, code)
		}
		return wasmLimit(strings.TrimSpace(stderr))
	}
	for _, tc := range []struct {
		page  string
		want  string
		exact bool // the whole line, or only part of it
	}{
		{base + "index.html?grid=0", native("-grid=0"), true},
		{base + "index.html?grid=64x48&seed=7&grid=2x2", native("-grid=64x48", "-seed=7", "-grid=2x2"), true}, // the last one wins
		{base + "index.html?seed=7&nudge=-1s", native("-seed=7", "-nudge=-1s"), true},
		{base + "index.html?grid", native("-grid"), true},
		// The page points to ?help where the command line says -help.
		{base + "index.html?gird=64", "fireflies: unknown flag -gird; see ?help", false},
		{base + "index.html?bogus=1", "fireflies: unknown flag -bogus; see ?help", false},
		// Flags of the native builds, refused by name.
		{base + "index.html?workers=2", "fireflies: -workers: not in the browser build", false},
		{base + "index.html?metrics=m.jsonl", "fireflies: -metrics: not in the browser build", false},
		{base + "index.html?realtime", "fireflies: -realtime: not in the browser build", false},
		{base + "index.html?resolution=2", "fireflies: -resolution: got 2, want auto, or a number from 0.25 to 1", true},
		{base + "index.html?resolution=fine", "fireflies: -resolution: got fine, want auto, or a number from 0.25 to 1", true},
		{base + "index.html?grid=%zz", `fireflies: URL query: cannot read "grid=%zz": invalid URL escape "%zz"`, true},
		{brokenBase + "index.html", "fireflies: cannot load fireflies.wasm: fireflies.wasm: 404 Not Found", true},
	} {
		got, err := pageText(ctx, tc.page, "error")
		if err != nil {
			t.Errorf("%s: no error shown: %v", tc.page, err)
			continue
		}
		if tc.exact && got != tc.want || !tc.exact && (!strings.HasPrefix(got, tc.want) || strings.Contains(got, "\n")) {
			t.Errorf("%s: the page shows %q, want %q", tc.page, got, tc.want)
		}
	}
}

// TestWebHelp: ?help shows the page's flags, as URL parameters, in place
// of the simulation; ?help=false runs it.
func TestWebHelp(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 10*time.Minute)

	help, err := pageText(ctx, base+"index.html?help", "output")
	if err != nil {
		t.Fatalf("?help: no text shown: %v", err)
	}
	if !strings.Contains(help, "grid=") || !strings.Contains(help, "seed=") {
		t.Errorf("?help shows %q, want the URL parameters, grid= among them", help)
	}
	for _, name := range []string{"workers", "metrics", "realtime", "screenshot"} {
		if strings.Contains(help, name) {
			t.Errorf("?help lists %s, which the browser build refuses:\n%s", name, help)
		}
	}

	if err := chromedp.Run(ctx, chromedp.EmulateViewport(320, 240),
		chromedp.Navigate(base+"index.html?help=false&grid=32&seed=5")); err != nil {
		t.Fatal(err)
	}
	if l := started(t, ctx); l.Fireflies != 32*32 || l.Seed != 5 {
		t.Errorf("?help=false: got %d fireflies, seed %d; want %d, 5", l.Fireflies, l.Seed, 32*32)
	}
	var output bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`!!document.getElementById("output")`, &output)); err != nil {
		t.Fatal(err)
	}
	if output {
		t.Errorf("?help=false shows the flags")
	}
}

// TestWebThroughput reports the TPS and FPS the page holds at larger
// grids; it asserts nothing (timings belong to the README, not to
// assertions). Give the sizes, and optionally the window, to run it:
//
//	FIREFLIES_WEB_SIZES=256,512,1024 FIREFLIES_WEB_WINDOW=1024x768 \
//		go test -count=1 -timeout 10m -run '^TestWebThroughput$' -v .
func TestWebThroughput(t *testing.T) {
	sizes := strings.FieldsFunc(os.Getenv("FIREFLIES_WEB_SIZES"), func(r rune) bool { return r == ',' || r == ' ' })
	if len(sizes) == 0 {
		t.Skip("set FIREFLIES_WEB_SIZES, such as 256,512,1024")
	}
	windows := strings.FieldsFunc(os.Getenv("FIREFLIES_WEB_WINDOW"), func(r rune) bool { return r == ',' || r == ' ' })
	if len(windows) == 0 {
		windows = []string{"1024x768"}
	}
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, time.Duration(len(sizes)*len(windows))*2*time.Minute)
	fmt.Println("| window | grid | TPS | FPS | draw ms | grid | overlay | panel | frame | present |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, win := range windows {
		var w, h int64
		if _, err := fmt.Sscanf(win, "%dx%d", &w, &h); err != nil {
			t.Fatalf("FIREFLIES_WEB_WINDOW=%s: want WxH[,WxH...], such as 1280x800,1920x1080", win)
		}
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(w, h)); err != nil {
			t.Fatal(err)
		}
		for _, n := range sizes {
			if err := chromedp.Run(ctx, chromedp.Navigate(base+"index.html?seed=1&grid="+n+os.Getenv("FIREFLIES_WEB_QUERY"))); err != nil {
				t.Fatal(err)
			}
			started(t, ctx)
			time.Sleep(5 * time.Second) // past the start, and ebiten's averages with it
			tps, l := tickRate(t, ctx, 5*time.Second)
			f := l.FrameMs
			fmt.Printf("| %dx%d | %s² | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n",
				w, h, n, tps, l.FPS, f["draw"], f["grid"], f["overlay"], f["panel"], f["frame"], f["present"])
		}
	}
}
