package e2e

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/firefly-observatory/fireflies/frame"
)

// displayMessage is in the line the window build prints when it has no
// display to open its window on.
const displayMessage = "the window build needs X11"

func TestWindowScreenshotShowsThePalette(t *testing.T) {
	needDisplay(t)
	bin := windowBin.get(t)
	shots := map[string]image.Image{}
	for _, draw := range []string{"shader", "rgba"} {
		shot := filepath.Join(t.TempDir(), draw+".png")
		stdout, stderr, code := run(t, bin, "-grid", "50", "-seed", "1", "-duration", "3s", "-draw", draw, "-screenshot", shot)
		if code != 0 {
			t.Fatalf("-draw %s: exit status %d\n%s%s", draw, code, stdout, stderr)
		}
		img := readPNG(t, shot)
		if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
			t.Fatalf("-draw %s: screenshot is %v, want the window's size", draw, b)
		}
		// The palette's three anchors: glow 0, 0.5 (a flash 45 ticks old) and
		// 1 (a flash on the last tick) — 2,500 fireflies flash ~8 times a tick.
		for _, g := range []float64{0, 0.5, 1} {
			c := frame.Palette(g)
			if n := count(img, c); n == 0 {
				t.Errorf("-draw %s: no pixel of the palette's colour %v (glow %v) in the screenshot", draw, c, g)
			}
		}
		shots[draw] = img
	}
	// Both paths draw the same grid: compare below the overlay panel. The
	// shader sees glow in 254 levels, so a channel may differ by a step.
	a, b := shots["shader"], shots["rgba"]
	if a.Bounds() != b.Bounds() {
		t.Fatalf("screenshots: shader %v, rgba %v; want the same size", a.Bounds(), b.Bounds())
	}
	diff := 0
	for y := 400; y < a.Bounds().Dy(); y++ {
		for x := 0; x < a.Bounds().Dx(); x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if absDiff(r1, r2) > 3<<8 || absDiff(g1, g2) > 3<<8 || absDiff(b1, b2) > 3<<8 {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Errorf("the shader and rgba paths differ in %d pixels of the grid", diff)
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// count counts the pixels of exactly colour c.
func count(img image.Image, c [3]uint8) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == c[0] && uint8(g>>8) == c[1] && uint8(bl>>8) == c[2] {
				n++
			}
		}
	}
	return n
}

// TestWindowBadInputExits2: bad flags are answered before the window
// build looks for a display, so they need none: the flag's one line,
// status 2, not the display message.
func TestWindowBadInputExits2(t *testing.T) {
	bin := windowBin.get(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-grid", "2x2"}, "-grid: "},
		{[]string{"-screenshot", "shot.jpg"}, "-screenshot: "},
		{[]string{"-bogus"}, "unknown flag -bogus; run with -help"},
		// The headless build's flag, refused by name.
		{[]string{"-realtime"}, "-realtime: not in the window build"},
		{[]string{"-help=maybe"}, "-help: "},
		{[]string{"-until-sync"}, "-until-sync: not in the window build"},
		{[]string{"-record-view", "screen"}, "-record-view: got screen, want grid or camera"},
		// The headless build's subcommands: one line that points there.
		{[]string{"sweep", "-seeds", "3"}, "sweep: not in the window build (it is in the headless build: go build -tags headless .)"},
		{[]string{"merge", "a.csv"}, "merge: not in the window build (it is in the headless build"},
		{[]string{"plot", "series", "a.csv"}, "plot: not in the window build (it is in the headless build"},
	} {
		stdout, stderr, code := runEnv(t, noDisplay(), bin, tc.args...)
		if code != 2 {
			t.Errorf("%v: exit status %d, want 2", tc.args, code)
		}
		if !oneLine(stderr) || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, displayMessage) {
			t.Errorf("%v: stderr %q, want one line with %q", tc.args, stderr, tc.want)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q, want nothing", tc.args, stdout)
		}
	}
}

// TestWindowHelpWithoutDisplay: -help needs no display either.
func TestWindowHelpWithoutDisplay(t *testing.T) {
	bin := windowBin.get(t)
	stdout, stderr, code := runEnv(t, noDisplay(), bin, "-help")
	if code != 0 || stderr != "" {
		t.Errorf("-help: exit status %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if !strings.Contains(stdout, "Flags of the window build") {
		t.Errorf("-help: stdout lacks %q:\n%s", "Flags of the window build", stdout)
	}
	for _, name := range []string{"grid", "seed", "workers", "draw", "screenshot", "metrics"} {
		if !listsFlag(stdout, name) {
			t.Errorf("-help: does not list -%s:\n%s", name, stdout)
		}
	}
	if listsFlag(stdout, "realtime") {
		t.Errorf("-help: lists -realtime, which the window build refuses:\n%s", stdout)
	}
	// -help=false asks for a run, which needs the display.
	stdout, stderr, code = runEnv(t, noDisplay(), bin, "-help=false", "-duration", "1s")
	if code == 0 || stdout != "" || !oneLine(stderr) || !strings.Contains(stderr, displayMessage) {
		t.Errorf("-help=false without a display: exit status %d, stdout %q, stderr %q; want a failed run, no help, and the display's line",
			code, stdout, stderr)
	}
}

// TestWindowUnwritableScreenshotExits2: an unwritable -screenshot path
// fails before the run, not after it.
func TestWindowUnwritableScreenshotExits2(t *testing.T) {
	needDisplay(t)
	_, stderr, code := run(t, windowBin.get(t), "-screenshot", "/no/such/dir/x.png", "-duration", "1s")
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-screenshot:") {
		t.Errorf("unwritable -screenshot path: exit status %d, stderr %q; want 2, one line naming the flag", code, stderr)
	}
}

func TestWindowWithoutDisplay(t *testing.T) {
	bin := windowBin.get(t)
	for _, display := range []string{"", ":987"} { // unset, and set to a display nobody serves
		env := noDisplay()
		if display != "" {
			env = append(env, "DISPLAY="+display)
		}
		_, stderr, code := runEnv(t, env, bin, "-grid", "50", "-duration", "1s")
		if code == 0 {
			t.Fatalf("DISPLAY=%q: ran without a display", display)
		}
		if !oneLine(stderr) || strings.Contains(stderr, "panic") || !strings.Contains(stderr, "display") {
			t.Errorf("DISPLAY=%q: got %q, want one line about the display, no panic", display, stderr)
		}
	}
	// A display that is there but refuses us: without its cookie
	// (xvfb-run's server asks for one), one line saying so, not the panic
	// of ebiten's initialisation.
	if os.Getenv("DISPLAY") != "" {
		env := append(environment("XAUTHORITY"), "XAUTHORITY="+filepath.Join(t.TempDir(), "none"))
		_, stderr, code := runEnv(t, env, bin, "-grid", "50", "-duration", "1s")
		switch {
		case code == 0:
			t.Log("this display asks for no cookie: nothing to check")
		case !oneLine(stderr) || strings.Contains(stderr, "panic") || !strings.Contains(stderr, "refused the connection"):
			t.Errorf("without the display's cookie: exit status %d, stderr %q; want one line saying the display refused", code, stderr)
		}
	}
	// The analyze subcommand needs no window at all.
	log := filepath.Join(t.TempDir(), "m.jsonl")
	line := `{"ts": 1, "sim_time": 1, "fps": {"avg": 60, "max": 60, "min": 59, "sum": 120, "count": 2}}` + "\n"
	if err := os.WriteFile(log, []byte(line+line+line), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runEnv(t, noDisplay(), bin, "analyze", log)
	if code != 0 || !strings.Contains(stdout, "3 lines read") {
		t.Errorf("analyze without a display: exit status %d\n%s%s", code, stdout, stderr)
	}
}

func TestWindowMetricsSurviveSIGTERM(t *testing.T) {
	needDisplay(t)
	const before = 3 // lines written before the signal
	log := filepath.Join(t.TempDir(), "w.jsonl")
	c := start(t, nil, windowBin.get(t), "-grid", "64", "-seed", "2", "-metrics", log, "-metrics-interval", "500ms")
	c.waitUntil(t, "metrics lines", func() bool { return completeLines(log) >= before })
	c.stop(t, syscall.SIGTERM)
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(data) == 0 || data[len(data)-1] != '\n' || len(lines) < before {
		t.Fatalf("got %d lines, want at least %d complete ones:\n%s", len(lines), before, data)
	}
	seen := map[string]bool{}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, l)
		}
		for k := range m {
			seen[k] = true
		}
	}
	for _, key := range []string{"fps", "tps", "draw_ms", "flush_duration_ms", "render_jitter_ms", "update_ms", "r_value", "pulse"} {
		if !seen[key] {
			t.Errorf("no line has %q", key)
		}
	}
}
