package e2e

import (
	"fmt"
	"image"
	"math"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestWindowRecordsTheCameraView: with -record-view camera, the window's
// recording (F9) shows what the window shows. Zoomed in four steps (the
// = key, 1.25 each), a 64x48 grid fills the window (1068x576 on make
// test's Xvfb screen) at about 29 pixels a cell; the GIF has the window's
// shape fitted to -record-size 512x512 (512x276) and its cells are blocks
// about 14 pixels wide, where a whole-grid recording of that size has
// 5-pixel cells (whole pixels a cell, as TestRecordSizeAndSpeed's). Each
// of its frames is the headless build's
// whole-grid recording of the same ticks, cut to the cells on the screen
// and enlarged: the run is the same function of the seed and the tick.
func TestWindowRecordsTheCameraView(t *testing.T) {
	needDisplay(t)
	needTool(t, "xdotool", "xdotool")
	dir := t.TempDir()
	log := filepath.Join(dir, "overlay.jsonl")
	env := append(environment(), "FIREFLIES_DEBUG_OVERLAY="+log)
	// In dir, where F9 writes fireflies-SEED-TICK.gif.
	args := []string{"-grid", "64x48", "-seed", "7", "-record-view", "camera", "-record-every", "250ms", "-record-size", "512x512"}
	c := start(t, env, "sh", append([]string{"-c", `cd "$0" && exec "$@"`, dir, windowBin.get(t)}, args...)...)
	type frameLine struct {
		Tick   int     `json:"tick"`
		Zoom   float64 `json:"zoom"`
		Text   string  `json:"text"`
		Layout struct {
			Grid [4]int `json:"grid"`
		} `json:"layout"`
	}
	last := func() frameLine { return lastLine[frameLine](log) }
	c.waitUntil(t, "the window drawing", func() bool { return last().Tick >= 30 })
	fitted := last().Zoom
	id := windowID(t)
	for range 4 {
		press(t, "equal")
	}
	want := fitted * math.Pow(1.25, 4)
	c.waitUntil(t, "zoomed in four steps", func() bool { return math.Abs(last().Zoom-want) < 1e-9 })
	press(t, "F9")
	c.waitUntil(t, "recording", func() bool { return strings.Contains(last().Text, "● rec") })
	view := last() // the camera stays where it is from here on
	c.waitUntil(t, "two seconds recorded", func() bool { return last().Tick >= view.Tick+120 })
	press(t, "F9")
	c.waitUntil(t, "the recording written", func() bool { return !strings.Contains(last().Text, "● rec") })
	files, _ := filepath.Glob(filepath.Join(dir, "fireflies-7-*.gif"))
	if len(files) != 1 {
		t.Fatalf("F9 wrote %v, want one fireflies-7-TICK.gif", files)
	}
	start, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(files[0]), "fireflies-7-"), ".gif"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xdotool", "getwindowgeometry", "--shell", id).Output()
	if err != nil {
		t.Fatal(err)
	}
	var sw, sh int
	for _, l := range strings.Fields(string(out)) {
		fmt.Sscanf(l, "WIDTH=%d", &sw)
		fmt.Sscanf(l, "HEIGHT=%d", &sh)
	}
	g := decodeGIF(t, files[0])
	f := min(512/float64(sw), 512/float64(sh)) // frame pixels a screen pixel
	if fw, fh := int(float64(sw)*f+0.5), int(float64(sh)*f+0.5); g.Config.Width != fw || g.Config.Height != fh {
		t.Fatalf("a %dx%d GIF, want the %dx%d window fitted to 512x512, %dx%d", g.Config.Width, g.Config.Height, sw, sh, fw, fh)
	}
	if len(g.Image) < 8 {
		t.Fatalf("%d frames, want two seconds' at 250 ms (8 or more)", len(g.Image))
	}
	cell := view.Zoom * f // frame pixels a cell
	whole := float64(min(512/64, g.Config.Height/48))
	if cell < 2*whole {
		t.Errorf("cells %.1f frame pixels wide, want twice a whole-grid recording's %v at least: the zoomed view", cell, whole)
	}
	for i, img := range g.Image {
		if w := shortestRun(img); float64(w) < cell-1.5 {
			t.Errorf("frame %d: a run of %d equal pixels, want none shorter than a cell of %.1f", i, w, cell)
		}
	}
	// The headless build's recording of the whole grid at a pixel a cell,
	// a frame every 15 ticks from tick 1: frame j is of tick 1+15j. The
	// window's first frame is of the first such tick after start.
	ref := filepath.Join(dir, "ref.gif")
	if _, stderr, code := runHeadless(t, "-grid", "64x48", "-seed", "7", "-duration", fmt.Sprintf("%ds", start/60+10),
		"-record", ref, "-record-every", "250ms", "-record-size", "64x48"); code != 0 {
		t.Fatalf("the headless recording: exit %d: %s", code, stderr)
	}
	r := decodeGIF(t, ref)
	j0 := (start + 14) / 15 // tick 1+15*j0 is the first after start
	x0, y0 := -float64(view.Layout.Grid[0])/view.Zoom, -float64(view.Layout.Grid[1])/view.Zoom
	for i, img := range g.Image {
		if j0+i >= len(r.Image) {
			t.Fatalf("frame %d: the headless recording has %d frames", i, len(r.Image))
		}
		whole := r.Image[j0+i]
		checked, differ := 0, 0
		for py := 0; py < img.Bounds().Dy(); py++ {
			for px := 0; px < img.Bounds().Dx(); px++ {
				cx, cy := x0+(float64(px)+0.5)/cell, y0+(float64(py)+0.5)/cell
				if fx, fy := cx-math.Floor(cx), cy-math.Floor(cy); fx < 0.15 || fx > 0.85 || fy < 0.15 || fy > 0.85 || cx < 0 || cy < 0 || cx >= 64 || cy >= 48 {
					continue // near a cell's edge (the grid's place is rounded to pixels), or off the grid
				}
				checked++
				if img.ColorIndexAt(px, py) != whole.ColorIndexAt(int(cx), int(cy)) {
					differ++
				}
			}
		}
		if checked < img.Bounds().Dx()*img.Bounds().Dy()/3 || differ > 0 {
			t.Errorf("frame %d (tick %d): %d of %d pixels differ from the headless recording's cells", i, 1+15*(j0+i), differ, checked)
		}
	}
	c.stop(t, syscall.SIGINT)
}

// shortestRun is the shortest run of equal pixels along a row of img, not
// counting runs at a row's ends (cut by the frame's edge).
func shortestRun(img *image.Paletted) int {
	b := img.Bounds()
	best := b.Dx()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[(y-b.Min.Y)*img.Stride:][:b.Dx()]
		from := 0
		for x := 1; x <= len(row); x++ {
			if x == len(row) || row[x] != row[from] {
				if from > 0 && x < len(row) {
					best = min(best, x-from)
				}
				from = x
			}
		}
	}
	return best
}
