package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowLiveRunReplays drives the desktop window with real input
// through the X server (xdotool's XTEST, as a person's keyboard and mouse
// would): it opens the control panel, pauses, steps twice by keys and
// once by the panel's button, lowers the nudge a step, switches coupling
// off and on, paints pacemakers with a left drag, picks another brush and
// paints again, reseeds, goes ×4, and quits with Q, with -journal. The
// overlay and the panel must show each change (FIREFLIES_DEBUG_OVERLAY
// writes their text every frame). The
// window's journal, replayed by the headless build with -workers 1 and
// with -workers 3, and by the window itself, must reach the window's
// trace_hash at the tick it ended; the screenshot of the last frame must show the open panel.
func TestWindowLiveRunReplays(t *testing.T) {
	needDisplay(t)
	needTool(t, "xdotool", "xdotool")
	dir := t.TempDir()
	log := filepath.Join(dir, "overlay.jsonl")
	journal := filepath.Join(dir, "live.jsonl")
	shot := filepath.Join(dir, "panel.png")
	env := append(environment(), "FIREFLIES_DEBUG_OVERLAY="+log)
	// 64x48 cells at 12 pixels a cell, where the window's layout puts
	// them (beside the overlay's room where the screen has it).
	c := start(t, env, windowBin.get(t), "-grid", "64x48", "-seed", "5", "-json",
		"-journal", journal, "-screenshot", shot)

	type frameLine struct {
		Frame  int     `json:"frame"`
		Tick   int     `json:"tick"`
		Paused bool    `json:"paused"`
		Text   string  `json:"text"`    // the overlay's
		Panel  string  `json:"panel"`   // the control panel's; "" while closed
		StepAt [2]int  `json:"step_at"` // the middle of its step button
		Zoom   float64 `json:"zoom"`
		Layout struct {
			Grid, Panel [4]int // x0, y0, x1, y1
		} `json:"layout"`
	}
	last := func() frameLine { return lastLine[frameLine](log) }
	// settle waits for two more frames, so that the window has read the
	// input sent before it.
	settle := func() {
		t.Helper()
		n := last().Frame
		c.waitUntil(t, fmt.Sprintf("frame %d", n+2), func() bool { return last().Frame >= n+2 })
	}
	c.waitUntil(t, "the first frames", func() bool { return last().Frame >= 10 })
	id := windowID(t)
	xdotool(t, "windowfocus", id)
	// tap holds a key down for two frames, so that a slow frame on a
	// loaded machine cannot miss it (xdotool key holds it 12 ms).
	tap := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			xdotool(t, "keydown", k)
			settle()
			xdotool(t, "keyup", k)
			settle()
		}
	}

	tap("c") // the control panel
	c.waitUntil(t, "the open panel", func() bool { return strings.Contains(last().Panel, "nudge  200ms") })
	tap("space")
	c.waitUntil(t, "a paused frame", func() bool { return last().Paused })
	settle()
	paused := last().Tick
	tap("s")
	c.waitUntil(t, "one step", func() bool { return last().Tick == paused+1 })
	tap("period") // . steps too
	c.waitUntil(t, "a second step", func() bool { return last().Tick == paused+2 })
	settle()
	if got := last().Tick; got != paused+2 {
		t.Fatalf("paused at tick %d, two steps: at tick %d, want %d", paused, got, paused+2)
	}
	// The panel's step button, clicked where the window says it is.
	at, panel := last().StepAt, last().Layout.Panel
	if at[0] < panel[0] || at[0] >= panel[2] || at[1] < panel[1] || at[1] >= panel[3] {
		t.Fatalf("the step button is at %v, not on the panel at %v", at, panel)
	}
	xdotool(t, "mousemove", "--window", id, fmt.Sprint(at[0]), fmt.Sprint(at[1]))
	settle()
	xdotool(t, "click", "1")
	c.waitUntil(t, "a step from the panel", func() bool { return last().Tick == paused+3 })
	tap("u") // the nudge a step lower: 200ms to 190ms
	c.waitUntil(t, "nudge 190ms", func() bool {
		l := last()
		return strings.Contains(l.Text, "nudge 190ms") && strings.Contains(l.Panel, "nudge  190ms")
	})
	tap("k") // coupling off: a nudge of 0
	c.waitUntil(t, "coupling off", func() bool {
		l := last()
		return strings.Contains(l.Panel, "nudge  0s") && strings.Contains(l.Panel, "coupling off")
	})
	tap("k") // and on again, to the nudge it had
	c.waitUntil(t, "coupling on", func() bool {
		l := last()
		return strings.Contains(l.Panel, "nudge  190ms") && strings.Contains(l.Panel, "coupling on")
	})

	// A drag with the pacemaker brush (B twice from flash) over cells
	// (12..20, 32) while paused, the pointer held down across frames.
	tap("b")
	tap("b")
	settle()
	grid, zoom := last().Layout.Grid, int(last().Zoom)
	if zoom < 4 || grid[2]-grid[0] != zoom*64 || grid[3]-grid[1] != zoom*48 {
		t.Fatalf("the grid is at %v at %d pixels a cell, want whole pixels a cell, 4 or more", grid, zoom)
	}
	drag := func(x0, x1, y int) {
		t.Helper()
		xdotool(t, "mousemove", "--window", id, fmt.Sprint(grid[0]+zoom*x0+zoom/2), fmt.Sprint(grid[1]+zoom*y+zoom/2))
		settle()
		xdotool(t, "mousedown", "1")
		settle()
		for x := x0 + 2; x <= x1; x += 2 {
			xdotool(t, "mousemove", "--window", id, fmt.Sprint(grid[0]+zoom*x+zoom/2), fmt.Sprint(grid[1]+zoom*y+zoom/2))
			settle()
		}
		xdotool(t, "mouseup", "1")
		settle()
	}
	drag(12, 20, 32)
	// The hover readout names the kind of the cell under the pointer,
	// from its components.
	c.waitUntil(t, "a pacemaker under the pointer", func() bool { return strings.Contains(last().Text, "pacemaker") })
	tap("b") // silence
	drag(30, 36, 20)
	c.waitUntil(t, "a silenced cell under the pointer", func() bool { return strings.Contains(last().Text, "silenced") })
	if p := last().Panel; strings.Contains(p, "pacemakers 0 ") || strings.Contains(p+"\n", "silenced 0\n") || !strings.Contains(p, "pacemakers") {
		t.Errorf("after painting, the panel says %q, want pacemakers and silenced counted", p)
	}
	tap("space") // resume
	c.waitUntil(t, "running again", func() bool { return !last().Paused })
	tap("n") // a new seed: the world restarts at tick 0
	c.waitUntil(t, "the new world", func() bool { return !strings.Contains(last().Text, "seed 5\n") })
	if p := last().Panel; !strings.Contains(p, "the world restarted") {
		t.Errorf("after a new seed the panel says %q, want the note that the world restarted", p)
	}
	tap("t") // the next response rule: fire
	c.waitUntil(t, "response fire", func() bool { return strings.Contains(last().Panel, "response: fire") })
	tap("v") // the next neighbourhood: von Neumann's 4
	c.waitUntil(t, "von Neumann", func() bool { return strings.Contains(last().Panel, "neighbours: vonneumann") })
	if p := last().Panel; strings.Contains(p, "response changed") || strings.Contains(p, "neighbours changed") {
		t.Errorf("a change of rules restarted the world: %q", p)
	}
	tap("3") // ×4
	c.waitUntil(t, "speed ×4", func() bool { return strings.Contains(last().Text, "speed ×4") })
	c.waitUntil(t, "a second of the new world", func() bool { return last().Tick >= 60 })
	xdotool(t, "key", "q") // the window ends: no frames to wait for
	if code := c.wait(t, runLimit); code != 0 {
		t.Fatalf("exit status %d\n%s", code, c.stderr.String())
	}
	window := summary(t, c.stdout.String())

	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := jsonLines(t, "journal", data)
	kinds := map[string]int{}
	for _, l := range lines {
		for _, k := range []string{"set", "control", "speed", "paint"} {
			if v, ok := l[k]; ok {
				kinds[k+" "+fmt.Sprint(v)]++
			}
		}
	}
	for _, want := range []string{"control pause", "control step", "set nudge", "paint pacemaker", "paint silence", "control resume", "control reseed", "speed 4", "set response", "set neighbours"} {
		if kinds[want] == 0 {
			t.Errorf("the journal has no %q event; it has %v", want, kinds)
		}
	}
	if kinds["control step"] != 3 {
		t.Errorf("the journal has %d steps, want 3 (two keys, a click)", kinds["control step"])
	}
	end := lines[len(lines)-1]
	if end["trace_hash"] != window["trace_hash"] {
		t.Errorf("the journal ends at trace_hash %v, the window at %v", end["trace_hash"], window["trace_hash"])
	}
	for _, workers := range []string{"1", "3"} {
		stdout, stderr, code := run(t, headlessBin.get(t), "-replay", journal, "-workers", workers, "-json")
		if code != 0 {
			t.Fatalf("-replay -workers %s: exit status %d\n%s\njournal:\n%s", workers, code, stderr, data)
		}
		replay := summary(t, stdout)
		if replay["trace_hash"] != window["trace_hash"] {
			t.Errorf("-replay -workers %s: trace_hash %v, want the window's %v", workers, replay["trace_hash"], window["trace_hash"])
		}
		if replay["sim_seconds"] != window["sim_seconds"] {
			t.Errorf("-replay -workers %s: %v simulated seconds, want the window's %v", workers, replay["sim_seconds"], window["sim_seconds"])
		}
	}

	// The window replays it too, and ends at the journal's end.
	stdout, stderr, code := run(t, windowBin.get(t), "-replay", journal, "-json")
	if code != 0 {
		t.Fatalf("the window's -replay: exit status %d\n%s", code, stderr)
	}
	if replay := summary(t, stdout); replay["trace_hash"] != window["trace_hash"] {
		t.Errorf("the window's -replay: trace_hash %v, want %v", replay["trace_hash"], window["trace_hash"])
	}

	// The panel was open at the end: its buttons are drawn in their own
	// colour (render/panel.go's buttonIdle), on the right of the window.
	img := readPNG(t, shot)
	if n := count(img, [3]uint8{55, 55, 65}); n < 5000 {
		t.Errorf("the last frame has %d pixels of the panel's buttons, want the open panel's (5,000 or more)", n)
	}
}
