// The edges of what the program accepts and computes: numbers that must
// stay in range, input that must be refused in one clean line, input that
// must not cost unbounded memory, and grids at the longest side allowed.

package e2e

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestHeadlessNumbersInRange: with an enormous nudge every firefly flashes
// together, so R is 1 — and no more than 1, though float sums round up;
// the peak resident set is at least the one at the end.
func TestHeadlessNumbersInRange(t *testing.T) {
	log := filepath.Join(t.TempDir(), "m.jsonl")
	stdout, stderr, code := runHeadless(t, "-grid", "50", "-seed", "3", "-duration", "20s", "-nudge", "1000h",
		"-refractory", "0", "-jitter", "0", "-json", "-metrics", log, "-metrics-interval", "1ms")
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	s := summary(t, stdout)
	if r, ok := s["r"].(float64); !ok || r > 1 || r < 0.99 {
		t.Errorf("r: got %v, want 1 (all in step), and never above", s["r"])
	}
	withR := 0
	for i, l := range metricsFile(t, log) {
		rv, ok := l["r_value"].(map[string]any)
		if !ok {
			continue
		}
		withR++
		if m, _ := rv["max"].(float64); m > 1 {
			t.Errorf("metrics line %d: r_value max %v, want at most 1", i+1, m)
		}
	}
	if withR == 0 {
		t.Errorf("no metrics line has r_value")
	}
	peak, _ := s["rss_bytes"].(float64)
	now, _ := s["rss_now_bytes"].(float64)
	if !(peak >= now && now > 0) {
		t.Errorf("rss_bytes %.0f, rss_now_bytes %.0f; want the peak at least the resident set at the end, and that above 0", peak, now)
	}
}

// TestHeadlessRenderModeCounts: the render mode counts each source's
// events exactly, lights fewer cells than events (a cell lit twice in a
// tick flashes once), and hashes its flashes as the model does: by seed,
// whatever the workers.
func TestHeadlessRenderModeCounts(t *testing.T) {
	render := func(seed, workers string) map[string]any {
		stdout, stderr, code := runHeadless(t, "-mode", "render", "-sources", "500", "-rate", "30", "-grid", "40x30",
			"-duration", "2s", "-json", "-seed", seed, "-workers", workers)
		if code != 0 {
			t.Fatalf("-seed %s -workers %s: exit status %d: %s", seed, workers, code, stderr)
		}
		return summary(t, stdout)
	}
	s := render("1", "1")
	// 500 sources at 30 events a second for 2 s.
	if got, want := s["events"], 30000.0; got != want {
		t.Errorf("events: got %v, want %v", got, want)
	}
	if f, _ := s["flashes"].(float64); !(f > 0 && f < 30000) {
		t.Errorf("flashes: got %v, want fewer than the 30,000 events on 1,200 cells", s["flashes"])
	}
	hash, _ := s["trace_hash"].(string)
	if hash == "" || hash == "0000000000000000" {
		t.Fatalf("trace_hash: got %q, want the flashes hashed", hash)
	}
	if got := render("1", "3")["trace_hash"]; got != hash {
		t.Errorf("-workers 3: trace_hash %v, want %s as with 1 worker", got, hash)
	}
	if got := render("2", "1")["trace_hash"]; got == hash {
		t.Errorf("seeds 1 and 2 both gave trace_hash %s", hash)
	}
}

// controlFree reports whether s has no control characters but line ends.
func controlFree(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return false
		}
	}
	return true
}

// TestHeadlessBadInputMore: input refused in one line naming the flag,
// before anything is written; an argument's control characters are shown
// escaped, never sent to the terminal.
func TestHeadlessBadInputMore(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "out")
	for _, tc := range []struct {
		args []string
		want string // in the line
	}{
		// Two outputs to one file: one would overwrite the other.
		{[]string{"-metrics", same, "-trace", same, "-duration", "1s"}, "-trace: "},
		// More workers than rows: bands of rows split the work.
		{[]string{"-grid", "50x4", "-workers", "5"}, "-workers: "},
		{[]string{"-a\nb"}, `-"a\nb"`},
		{[]string{"-\x1b[31mred"}, `\x1b[31mred`},
		{[]string{"-grid=3\n4"}, "-grid: "},
		{[]string{"---grid=3"}, "---grid=3"},
	} {
		stdout, stderr, code := runHeadless(t, tc.args...)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit status %d, stderr %q; want 2 and one line with %q", tc.args, code, stderr, tc.want)
		}
		if !controlFree(stderr) {
			t.Errorf("%q: stderr %q has control characters", tc.args, stderr)
		}
		if stdout != "" {
			t.Errorf("%q: stdout %q, want nothing: the run must not start", tc.args, stdout)
		}
	}
	if _, err := os.Stat(same); err == nil {
		t.Errorf("%s was written by a refused run", same)
	}
	// -help=false asks for a run, not for the list.
	stdout, stderr, code := runHeadless(t, "-help=false", "-grid", "20", "-duration", "1s", "-json")
	if code != 0 || strings.Contains(stdout, "Flags of") {
		t.Errorf("-help=false: exit status %d, stderr %q; want a run, no help:\n%s", code, stderr, stdout)
	}
	summary(t, stdout)
}

// zeros reads as endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestAnalyzeBoundedInput: analyze refuses a device at once, and reads a
// 200 MB line without a newline in bounded memory.
func TestAnalyzeBoundedInput(t *testing.T) {
	bin := headlessBin.get(t)
	// An endless device is refused, not read: it used to be read for ever.
	c := start(t, nil, bin, "analyze", "/dev/zero")
	code := c.wait(t, patience)
	if stderr := c.stderr.String(); code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "/dev/zero") {
		t.Errorf("analyze /dev/zero: exit status %d, stderr %q; want 2 and one line naming it", code, stderr)
	}

	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "analyze", "/dev/stdin")
	cmd.Stdin = io.LimitReader(zeros{}, 200_000_000) // through a pipe, as | does
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("analyze /dev/stdin: still running after %v", runLimit)
	}
	code = exitStatus(t, "analyze", cmd.ProcessState, errb.String())
	// Not a metrics line: status 1, no usable lines, and one line saying so.
	if code != 1 || !oneLine(errb.String()) || !strings.Contains(errb.String(), "no usable metrics lines") {
		t.Errorf("analyze of 200 MB of zeros: exit status %d, stderr %q; want 1 and one line saying no line was usable", code, errb.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Fatal("no resource usage for the process")
	}
	peak := ru.Maxrss << 10 // KiB on Linux
	t.Logf("analyze of 200 MB of zeros: peak RSS %.1f MiB", float64(peak)/(1<<20))
	if peak >= 100<<20 {
		t.Errorf("analyze of 200 MB of zeros: peak RSS %d MiB, want under 100 MiB", peak>>20)
	}
}

// TestWindowGridBeyondGPULimits: a grid side as long as allowed, 16,384,
// is wider than one GPU image may be once ebiten pads it, so the grid is
// drawn in tiles; it used to panic ("atlas: the image being put on an
// atlas is too big").
func TestWindowGridBeyondGPULimits(t *testing.T) {
	needDisplay(t)
	bin := windowBin.get(t)
	cases := [][]string{{"-grid", "3x16384"}, {"-grid", "16384x3", "-draw", "rgba"}}
	if os.Getenv("FIREFLIES_E2E_HUGE") != "" {
		// 33.5M fireflies: about 2 minutes and 9.5 GB on a 2-core machine.
		cases = append(cases, []string{"-grid", "16384x2048", "-draw", "rgba"})
	}
	for _, args := range cases {
		shot := filepath.Join(t.TempDir(), "shot.png")
		stdout, stderr, code := run(t, bin, append(args, "-seed", "1", "-duration", "1s", "-screenshot", shot)...)
		if code != 0 {
			t.Errorf("%v: exit status %d\n%s%s", args, code, stdout, stderr)
			continue
		}
		if b := readPNG(t, shot).Bounds(); b.Empty() {
			t.Errorf("%v: an empty screenshot", args)
		}
	}
}

// TestWebTallGrid: the page runs a grid 8,192 rows tall; it used to panic.
func TestWebTallGrid(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 5*time.Minute)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(320, 240),
		chromedp.Navigate(base+"index.html?grid=3x8192&seed=1")); err != nil {
		t.Fatal(err)
	}
	l := started(t, ctx)
	if l.Fireflies != 3*8192 {
		t.Errorf("got %d fireflies, want %d", l.Fireflies, 3*8192)
	}
	// Still running two publications later, with no error shown.
	if err := poll(ctx, fmt.Sprintf(`window.fireflies.published >= %d || !!document.getElementById("error")`, l.Published+2), nil); err != nil {
		t.Fatalf("the page stopped publishing: %v", err)
	}
	var shown string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("error") ? document.getElementById("error").textContent : ""`, &shown)); err != nil {
		t.Fatal(err)
	}
	if shown != "" {
		t.Errorf("the page shows %q, want it running", shown)
	}
}
