//go:build !headless && !js

package main

import (
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/systems"
)

// buildWindow builds the window program; its tests run under Xvfb
// (make test uses xvfb-run), as the package's own init needs a display.
func buildWindow(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "fireflies")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func TestWindowScreenshotShowsThePalette(t *testing.T) {
	bin := buildWindow(t)
	shots := map[string]image.Image{}
	for _, draw := range []string{"shader", "rgba"} {
		shot := filepath.Join(t.TempDir(), draw+".png")
		out, err := exec.Command(bin, "-grid", "50", "-seed", "1", "-duration", "3s", "-draw", draw, "-screenshot", shot).CombinedOutput()
		if err != nil {
			t.Fatalf("-draw %s: %v\n%s", draw, err, out)
		}
		img := readPNG(t, shot)
		if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
			t.Fatalf("-draw %s: screenshot is %v, want the window's size", draw, b)
		}
		// The palette's three anchors: glow 0, 0.5 (a flash 45 ticks old) and
		// 1 (a flash on the last tick) — 2,500 fireflies flash ~8 times a tick.
		for _, g := range []float64{0, 0.5, 1} {
			c := systems.Palette(g)
			if n := count(img, c); n == 0 {
				t.Errorf("-draw %s: no pixel of the palette's colour %v (glow %v) in the screenshot", draw, c, g)
			}
		}
		shots[draw] = img
	}
	// Both paths draw the same grid: compare below the overlay panel. The
	// shader sees glow in 254 levels, so a channel may differ by a step.
	a, b := shots["shader"], shots["rgba"]
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

func TestWindowBadInputExits2(t *testing.T) {
	bin := buildWindow(t)
	cmd := exec.Command(bin, "-grid", "2x2")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("got %v, want exit status 2", err)
	}
	if s := strings.TrimSpace(string(out)); strings.Count(s, "\n") != 0 || !strings.Contains(s, "-grid") {
		t.Errorf("got %q, want one line naming -grid", s)
	}
	out, err = exec.Command(bin, "-screenshot", "/no/such/dir/x.png", "-duration", "1s").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "-screenshot:") {
		t.Errorf("unwritable -screenshot path: got %v, %q; want exit status 2 before the run, naming the flag", err, out)
	}
}

func TestWindowWithoutDisplay(t *testing.T) {
	bin := buildWindow(t)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	for _, display := range []string{"", ":987"} { // unset, and set to a display nobody serves
		cmd := exec.Command(bin, "-grid", "50", "-duration", "1s")
		cmd.Env = env
		if display != "" {
			cmd.Env = append(cmd.Env, "DISPLAY="+display)
		}
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("DISPLAY=%q: ran without a display", display)
		}
		if s := strings.TrimSpace(string(out)); strings.Contains(s, "panic") || strings.Count(s, "\n") != 0 || !strings.Contains(s, "display") {
			t.Errorf("DISPLAY=%q: got %q, want one line about the display, no panic", display, s)
		}
	}
	// The analyze subcommand needs no window at all.
	log := filepath.Join(t.TempDir(), "m.jsonl")
	line := `{"ts": 1, "sim_time": 1, "fps": {"avg": 60, "max": 60, "min": 59, "sum": 120, "count": 2}}` + "\n"
	if err := os.WriteFile(log, []byte(line+line+line), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "analyze", log)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "3 lines read") {
		t.Errorf("analyze without a display: %v\n%s", err, out)
	}
}

func TestWindowMetricsSurviveSIGTERM(t *testing.T) {
	bin := buildWindow(t)
	log := filepath.Join(t.TempDir(), "w.jsonl")
	cmd := exec.Command(bin, "-grid", "64", "-seed", "2", "-metrics", log, "-metrics-interval", "500ms")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("after SIGTERM: %v", err)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(data) == 0 || data[len(data)-1] != '\n' || len(lines) < 3 {
		t.Fatalf("got %d lines, want at least 3 complete ones:\n%s", len(lines), data)
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
