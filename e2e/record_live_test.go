package e2e

import (
	"bytes"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestWindowRecordKey: F9 stops the window's recording and writes it (the
// overlay's "● rec" goes), while the run goes on.
func TestWindowRecordKey(t *testing.T) {
	needDisplay(t)
	needTool(t, "xdotool", "xdotool")
	dir := t.TempDir()
	log, movie := filepath.Join(dir, "overlay.jsonl"), filepath.Join(dir, "w.gif")
	env := append(environment(), "FIREFLIES_DEBUG_OVERLAY="+log)
	c := start(t, env, windowBin.get(t), "-grid", "64x48", "-seed", "7", "-record", movie, "-record-every", "250ms")
	type frameLine struct {
		Tick int    `json:"tick"`
		Text string `json:"text"`
	}
	last := func() frameLine { return lastLine[frameLine](log) }
	c.waitUntil(t, "a second, recording", func() bool { l := last(); return l.Tick >= 60 && strings.Contains(l.Text, "● rec") })
	xdotool(t, "windowfocus", windowID(t))
	press(t, "F9")
	c.waitUntil(t, "the recording stopped", func() bool { return !strings.Contains(last().Text, "● rec") })
	c.waitUntil(t, "the GIF written", func() bool { st, err := os.Stat(movie); return err == nil && st.Size() > 0 })
	g := decodeGIF(t, movie)
	if len(g.Image) < 4 {
		t.Errorf("the GIF F9 wrote holds %d frames, want a second's at 250 ms (4 or more)", len(g.Image))
	}
	c.stop(t, syscall.SIGINT)
}

// TestWebRecord: fireflies.record() starts a GIF in the page and, called
// again, hands it back as a data URL (the Record button downloads it).
func TestWebRecord(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 3*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(640, 480),
		chromedp.Navigate(base+"index.html?grid=64x48&seed=7&record-every=250ms"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	call(t, ctx, `record()`)
	if err := poll(ctx, `window.fireflies.recording === true && window.fireflies.ticks >= 120`, nil); err != nil {
		t.Fatalf("recording for two seconds: %v", err)
	}
	b := dataURL(t, ctx, `window.fireflies.record()`, "image/gif")
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) < 2 || g.Config.Width < 64 {
		t.Errorf("the page's GIF: %d frames of %dx%d, want some of the 64x48 grid", len(g.Image), g.Config.Width, g.Config.Height)
	}
}

// TestWebRecordsTheCameraView: ?record-view=camera records what the
// page's canvas shows: the GIF has the 800x480 canvas's shape fitted to
// 512x512 (512x307), where the 64x48 grid's own would be 512x384.
func TestWebRecordsTheCameraView(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 3*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(800, 480),
		chromedp.Navigate(base+"index.html?grid=64x48&seed=7&record-every=250ms&record-size=512x512&record-view=camera"),
	); err != nil {
		t.Fatal(err)
	}
	started(t, ctx)
	call(t, ctx, `record()`)
	if err := poll(ctx, `window.fireflies.recording === true && window.fireflies.ticks >= 60`, nil); err != nil {
		t.Fatalf("recording for a second: %v", err)
	}
	b := dataURL(t, ctx, `window.fireflies.record()`, "image/gif")
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) < 2 || g.Config.Width != 512 || g.Config.Height != 307 {
		t.Errorf("the page's GIF: %d frames of %dx%d, want some of the 800x480 canvas fitted to 512x512, 512x307", len(g.Image), g.Config.Width, g.Config.Height)
	}
}
