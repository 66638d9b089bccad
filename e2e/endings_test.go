// Every way a run can end — a signal, a closed stdout, Ctrl+C while the
// world is built, a crash, the X display lost or the window closed from
// outside — ends it the program's own way: with an exit status that says
// which, its outputs finished in whole lines, and where the run got as far
// as its first tick, its summary.

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func TestHeadlessSIGHUPFinishesRun(t *testing.T) {
	log := filepath.Join(t.TempDir(), "m.jsonl")
	c := start(t, nil, headlessBin.get(t), "-grid", "64", "-seed", "1", "-duration", "1h", "-realtime", "-json",
		"-metrics", log, "-metrics-interval", "200ms")
	// With -json the report lines go to stderr, stdout keeping the JSON alone.
	c.waitUntil(t, "a report line", func() bool { return reportTotal.MatchString(c.stderr.String()) })
	c.stop(t, syscall.SIGHUP)
	if ticks, _ := summary(t, c.stdout.String())["ticks"].(float64); ticks < 60 {
		t.Errorf("summary after %v ticks, want the second's ticks before the report line at least", ticks)
	}
	if lines := metricsFile(t, log); len(lines) == 0 {
		t.Errorf("no metrics line after SIGHUP")
	}
}

// TestHeadlessClosedStdoutEndsRun: | head -1 closes the program's stdout
// after its start line; the next report line finds it closed, and the run
// ends there, exit status 0, its log finished — not killed by SIGPIPE.
func TestHeadlessClosedStdoutEndsRun(t *testing.T) {
	log := filepath.Join(t.TempDir(), "m.jsonl")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Without -json, so that the start and report lines go to stdout.
	cmd := exec.Command(headlessBin.get(t), "-grid", "64", "-seed", "1", "-duration", "1h", "-realtime",
		"-metrics", log, "-metrics-interval", "200ms")
	var stderr syncBuffer
	cmd.Stdout, cmd.Stderr = w, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	// The start line comes after the build, a few milliseconds; nothing
	// is waited for if the program ends first (EOF).
	line, err := bufio.NewReader(r).ReadString('\n')
	if !strings.HasPrefix(line, "fireflies: 64x64 grid") {
		t.Fatalf("first line %q (%v), want the start line\nstderr:\n%s", line, err, stderr.String())
	}
	r.Close()
	closed := time.Now()
	// The issue asks for a prompt ending: the next report line is due a
	// second after the start line, and 15 s is generous for a loaded
	// machine. Before, the program was killed by SIGPIPE (status 141 in a
	// shell) with its log unfinished.
	select {
	case <-exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("still running 15 s after its stdout closed\nstderr:\n%s", stderr.String())
	}
	t.Logf("ended %v after its stdout closed", time.Since(closed).Round(time.Millisecond))
	if code := exitStatus(t, "fireflies-headless", cmd.ProcessState, stderr.String()); code != 0 {
		t.Errorf("exit status %d, want 0: a closed stdout is an ending, not a failure\nstderr:\n%s", code, stderr.String())
	}
	if lines := metricsFile(t, log); len(lines) == 0 {
		t.Errorf("no metrics line after stdout closed")
	}
}

// TestHeadlessInterruptDuringBuild: Ctrl+C while a large world is being
// built ends the program there, status 130, rather than after the build.
//
// The build is short now (the columns of the largest grid, 33.5M
// fireflies, in a few hundred milliseconds; the entities come after the
// start), so the signal can miss it: a try whose run started (it printed its
// summary) says nothing, and the test tries again, failing if no try
// caught the build. A program that let the build finish before it
// heeded the signal would never be caught, and fail too.
func TestHeadlessInterruptDuringBuild(t *testing.T) {
	const tries = 6
	for try := 1; try <= tries; try++ {
		if interruptDuringBuild(t, try) {
			return
		}
	}
	t.Errorf("the signal came after the build in all %d tries: the build could not be interrupted", tries)
}

// interruptDuringBuild runs one try and reports whether the signal came
// during the build; it fails the test if the program then did not end
// there, promptly.
func interruptDuringBuild(t *testing.T, try int) bool {
	c := start(t, nil, headlessBin.get(t), "-grid", "8192x4096", "-seed", "1", "-duration", "1s", "-json")
	// The build is under way once its memory grows (by 420 MB in all);
	// the start line comes only after it. Looked at every millisecond:
	// the build lasts a few hundred.
	for residentBytes(c.cmd.Process.Pid) < 40<<20 {
		if !c.running() {
			t.Fatalf("ended before its build was under way (%v)\nstderr:\n%s", c.err, c.stderr.String())
		}
		time.Sleep(time.Millisecond)
	}
	signalled := time.Now()
	if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	// The issue asks for an end within 0.5 s. On an idle 2-core machine
	// this took 11–24 ms, since the fill looks at the signal before each
	// row (0.44–0.50 s before, when it only looked once the fill was
	// done). 3 s is the bound a loaded machine is held to.
	code := c.wait(t, patience)
	took := time.Since(signalled)
	if c.stdout.String() != "" && code == 0 {
		t.Logf("try %d: the signal came after the build (the run started and ended with its summary)", try)
		return false
	}
	t.Logf("try %d: ended %v after Ctrl+C", try, took.Round(time.Millisecond))
	if took > 3*time.Second {
		t.Errorf("ended %v after Ctrl+C, want within 3 s: the build is to stop, not finish", took)
	}
	if want := "fireflies: interrupted while the world was being built\n"; code != 130 || c.stderr.String() != want {
		t.Errorf("exit status %d, stderr %q; want 130 and %q", code, c.stderr.String(), want)
	}
	if out := c.stdout.String(); out != "" {
		t.Errorf("stdout %q, want nothing: the run never started", out)
	}
	return true
}

// TestHeadlessDurationZeroRunsUntilInterrupted: -duration 0 is a run
// without end, which Ctrl+C ends with its summary.
func TestHeadlessDurationZeroRunsUntilInterrupted(t *testing.T) {
	c := start(t, nil, headlessBin.get(t), "-grid", "64", "-seed", "1", "-duration", "0", "-realtime", "-json")
	c.waitUntil(t, "a report line", func() bool { return reportTotal.MatchString(c.stderr.String()) })
	c.stop(t, syscall.SIGINT)
	if ticks, _ := summary(t, c.stdout.String())["ticks"].(float64); ticks < 60 {
		t.Errorf("summary after %v ticks, want those of the second before the report line at least", ticks)
	}
}

// crashLine is the one line a crash on purpose leaves on stderr.
var crashLine = regexp.MustCompile(`^fireflies: crashed: test crash at tick 30; the stack is in (\S+)\n$`)

// checkCrash runs bin with a crash on purpose at tick 30 and checks what
// it leaves: status 1, one line naming the file with the stack, the
// metrics log whole. keep, if not nil, says which stderr lines are the
// program's (the window build's X library adds some of its own).
func checkCrash(t *testing.T, bin string, keep func(string) bool) {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "m.jsonl")
	// TMPDIR puts the stack's file in the test's folder, removed with it.
	stdout, stderr, code := runEnv(t, withEnv("FIREFLIES_TEST_CRASH_TICK=30", "TMPDIR="+dir), bin,
		"-grid", "64", "-seed", "1", "-duration", "10s", "-metrics", log, "-metrics-interval", "100ms")
	if keep != nil {
		var kept []string
		for l := range strings.Lines(stderr) {
			if keep(l) {
				kept = append(kept, l)
			}
		}
		stderr = strings.Join(kept, "")
	}
	m := crashLine.FindStringSubmatch(stderr)
	if code != 1 || m == nil {
		t.Fatalf("exit status %d, stderr %q; want 1 and one line matching %s\nstdout:\n%s", code, stderr, crashLine, stdout)
	}
	if filepath.Dir(m[1]) != dir {
		t.Errorf("the stack is in %s, want it in TMPDIR, %s", m[1], dir)
	}
	stack, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatalf("the stack's file: %v", err)
	}
	if !strings.Contains(string(stack), "goroutine") {
		t.Errorf("the stack's file holds no stack:\n%s", stack)
	}
	metricsFile(t, log)
}

func TestHeadlessCrash(t *testing.T) {
	checkCrash(t, headlessBin.get(t), nil)
}

func TestWindowCrash(t *testing.T) {
	needDisplay(t)
	bin := windowBin.get(t)
	notXGB := func(l string) bool { return !strings.HasPrefix(l, "XGB:") }
	// Three times: a crash once raced the window's teardown, and was
	// reported as a lost display instead (about 4 runs in 10).
	for i := range 3 {
		t.Run(strconv.Itoa(i+1), func(t *testing.T) { checkCrash(t, bin, notXGB) })
	}
}

// TestWebCrash: a crash in the page shows as one line on it, the stack in
// the console rather than on the page.
func TestWebCrash(t *testing.T) {
	needChromium(t)
	base := serve(t, webDir.get(t))
	ctx := browser(t, 5*time.Minute)
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(320, 240),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument("window.firefliesTestCrashTick = 30").Do(ctx)
			return err
		}),
	); err != nil {
		t.Fatal(err)
	}
	got, err := pageText(ctx, base+"index.html?grid=32&seed=1", "error")
	if err != nil {
		t.Fatalf("no error shown: %v", err)
	}
	if !strings.Contains(got, "crashed: test crash at tick 30") || strings.Contains(got, "\n") || strings.Contains(got, "goroutine") {
		t.Errorf("the page shows %q, want one line with %q and no stack", got, "crashed: test crash at tick 30")
	}
}

// needTool skips without the command name (from the Debian package pkg),
// except in CI, which must run the test.
func needTool(t *testing.T, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run this test (apt-get install %s)", err, pkg)
		}
		t.Skipf("%v: install %s to run this test", err, pkg)
	}
}

// startWindow starts the window build with a metrics log a line every
// 200 ms, waits for three lines, and returns the program, its log and its
// window's id.
func startWindow(t *testing.T, seed int) (c *child, log, wid string) {
	t.Helper()
	log = filepath.Join(t.TempDir(), "w.jsonl")
	c = start(t, nil, windowBin.get(t), "-grid", "64", "-seed", strconv.Itoa(seed), "-json",
		"-metrics", log, "-metrics-interval", "200ms")
	c.waitUntil(t, "three metrics lines", func() bool { return completeLines(log) >= 3 })
	// The title names the grid and the seed, which no other test's window
	// shares.
	title := fmt.Sprintf("^fireflies — 64x64, seed %d$", seed)
	c.waitUntil(t, "the window", func() bool {
		out, err := exec.Command("xdotool", "search", "--name", title).Output()
		wid = strings.TrimSpace(string(out))
		return err == nil && wid != "" && !strings.Contains(wid, "\n")
	})
	return c, log, wid
}

// checkWindowEnded checks a window run that ended from outside: within
// 10 s of the act — the issue asks for a prompt end, and the X library
// used to take 17 to 40 s to notice a dead connection — with status want,
// its summary and its log whole.
func checkWindowEnded(t *testing.T, c *child, log string, want int) {
	t.Helper()
	acted := time.Now()
	code := c.wait(t, 10*time.Second)
	t.Logf("ended %v after the window went", time.Since(acted).Round(time.Millisecond))
	if code != want {
		t.Errorf("exit status %d, want %d\nstderr:\n%s", code, want, c.stderr.String())
	}
	if ticks, _ := summary(t, c.stdout.String())["ticks"].(float64); ticks < 1 {
		t.Errorf("summary after %v ticks, want those that ran", ticks)
	}
	if lines := metricsFile(t, log); len(lines) < 3 {
		t.Errorf("%d metrics lines, want at least the 3 before the window went", len(lines))
	}
}

// TestWindowXKill: xkill breaks the program's connection to the X server;
// it finishes its run and exits 1, saying so.
func TestWindowXKill(t *testing.T) {
	needDisplay(t)
	needTool(t, "xdotool", "xdotool")
	needTool(t, "xkill", "x11-utils")
	c, log, wid := startWindow(t, 4101)
	if out, err := exec.Command("xkill", "-id", wid).CombinedOutput(); err != nil {
		t.Fatalf("xkill -id %s: %v\n%s", wid, err, out)
	}
	checkWindowEnded(t, c, log, 1)
	if !strings.Contains(c.stderr.String(), "lost the X display") {
		t.Errorf("stderr does not say the display was lost:\n%s", c.stderr.String())
	}
}

// TestWindowCloseFromOutside: the window destroyed from outside ends the
// run as closing it does: status 0.
func TestWindowCloseFromOutside(t *testing.T) {
	needDisplay(t)
	needTool(t, "xdotool", "xdotool")
	c, log, wid := startWindow(t, 4102)
	if out, err := exec.Command("xdotool", "windowclose", wid).CombinedOutput(); err != nil {
		t.Fatalf("xdotool windowclose %s: %v\n%s", wid, err, out)
	}
	checkWindowEnded(t, c, log, 0)
}
