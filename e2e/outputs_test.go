// Output files that are not plain files on a roomy disk: devices, named
// pipes, a full disk. Whatever happens to an output, the file keeps whole
// lines only, the run goes on, and the program says what failed, by flag
// and path, when it happens and again at exit (status 3).

package e2e

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestHeadlessMetricsToDevNull(t *testing.T) {
	stdout, stderr, code := runHeadless(t, "-grid", "64", "-seed", "1", "-duration", "10s", "-json",
		"-metrics", os.DevNull, "-metrics-interval", "1ms")
	if code != 0 || strings.Contains(stderr, "-metrics") {
		t.Fatalf("-metrics /dev/null: exit status %d, stderr %q; want 0 and no word on -metrics", code, stderr)
	}
	if got, want := summary(t, stdout)["ticks"], 600.0; got != want {
		t.Errorf("ticks: got %v, want %v", got, want)
	}
}

// TestHeadlessMetricsToFIFO: a named pipe with a reader gets every line
// whole, however often the pipe fills; one without a reader is refused at
// once rather than waited for.
func TestHeadlessMetricsToFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "metrics.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}

	t.Run("no reader", func(t *testing.T) {
		stdout, stderr, code := runHeadless(t, "-grid", "20", "-duration", "1s", "-metrics", fifo)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-metrics") || !strings.Contains(stderr, "no reader") {
			t.Errorf("exit status %d, stderr %q; want 2 and one line naming -metrics and the missing reader", code, stderr)
		}
		if stdout != "" {
			t.Errorf("stdout %q, want nothing: the run must not start", stdout)
		}
	})

	t.Run("reader", func(t *testing.T) {
		// Opening without waiting makes this process the pipe's reader
		// before the program opens it for writing; reading starts once
		// the program has printed its start line, by when it has opened
		// the pipe, so that EOF means it has closed it.
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		// Hundreds of lines a second of run, more than the pipe holds.
		c := start(t, nil, headlessBin.get(t), "-grid", "64", "-seed", "1", "-duration", "300s", "-json",
			"-metrics", fifo, "-metrics-interval", "1ms")
		c.waitUntil(t, "the start line", func() bool { return strings.Contains(c.stderr.String(), "fireflies: 64x64 grid") })
		var got bytes.Buffer
		read := make(chan error, 1)
		go func() {
			_, err := io.Copy(&got, r)
			read <- err
		}()
		if code := c.wait(t, runLimit); code != 0 {
			t.Fatalf("exit status %d, want 0\nstderr:\n%s", code, c.stderr.String())
		}
		summary(t, c.stdout.String())
		select {
		case err := <-read:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(patience):
			t.Fatalf("the pipe is still open %v after the program ended", patience)
		}
		lines := jsonLines(t, "what the pipe's reader got", got.Bytes())
		if len(lines) < 2 {
			t.Fatalf("the reader got %d lines, want many", len(lines))
		}
		if st, _ := lines[len(lines)-1]["sim_time"].(float64); st != 300 {
			t.Errorf("the last line's sim_time is %v, want 300: the run's end", st)
		}
	})
}

// mountTmpfs mounts a tmpfs of size bytes on a new folder and returns it;
// it is unmounted when the test ends. It skips where mounting is not
// allowed (not root), except in CI, which must run the test.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.Itoa(size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a tmpfs: %v\n%s; CI must run the full-disk tests (as root)", err, out)
		}
		t.Skipf("mount a tmpfs: %v: %s; run as root to test a full disk", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v\n%s", dir, err, out)
		}
	})
	return dir
}

// TestHeadlessMetricsFillTheDisk: a metrics log that fills its disk ends
// with its last whole line, the run goes on to its summary, and the
// program exits 3, having said so the moment it happened.
func TestHeadlessMetricsFillTheDisk(t *testing.T) {
	dir := mountTmpfs(t, 64<<10)

	// As fast as it can: 600 s of run at a line a millisecond of wall
	// time fills 64 KiB in well under a second.
	log := filepath.Join(dir, "fast.jsonl")
	stdout, stderr, code := runHeadless(t, "-grid", "64", "-seed", "1", "-duration", "600s", "-json",
		"-metrics", log, "-metrics-interval", "1ms")
	if code != 3 {
		t.Fatalf("exit status %d, want 3\nstderr:\n%s", code, stderr)
	}
	checkOutputFailed(t, stderr, "-metrics "+log)
	if got, want := summary(t, stdout)["ticks"], 36000.0; got != want {
		t.Errorf("ticks: got %v, want %v: the run goes on without its log", got, want)
	}
	if lines := metricsFile(t, log); len(lines) < 10 {
		t.Errorf("the full disk holds %d lines, want the many before it filled", len(lines))
	}
	if err := os.Remove(log); err != nil {
		t.Fatal(err)
	}

	// Paced, a line a tick: the failure is reported while the run goes
	// on, not only at its end.
	log = filepath.Join(dir, "paced.jsonl")
	c := start(t, nil, headlessBin.get(t), "-grid", "64", "-seed", "1", "-duration", "1h", "-realtime", "-json",
		"-metrics", log, "-metrics-interval", "1ms")
	c.waitUntil(t, "the line saying the log failed", func() bool {
		return strings.Contains(c.stderr.String(), "writing it stopped, the run goes on")
	})
	if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t, patience); code != 3 {
		t.Fatalf("interrupted after the log failed: exit status %d, want 3\nstderr:\n%s", code, c.stderr.String())
	}
	checkOutputFailed(t, c.stderr.String(), "-metrics "+log)
	summary(t, c.stdout.String())
	if lines := metricsFile(t, log); len(lines) == 0 {
		t.Errorf("the full disk holds no line, want those before it filled")
	}
}

// checkOutputFailed checks stderr for an output that failed during a run:
// the line said when it failed and the one at exit, each naming the flag
// and the path (named, as "-metrics PATH"), and nothing else.
func checkOutputFailed(t *testing.T, stderr, named string) {
	t.Helper()
	// With -json the start and report lines go to stderr too: leave them.
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if !strings.HasPrefix(l, "Flashes/sec: ") && !strings.Contains(l, " grid (") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("stderr has %d lines, want 2 (when it failed, at exit):\n%s", len(lines), stderr)
	}
	if want := "fireflies: " + named + ": "; !strings.HasPrefix(lines[0], want) ||
		!strings.HasSuffix(lines[0], "; writing it stopped, the run goes on") {
		t.Errorf("stderr's first line %q, want %q... and that the run goes on", lines[0], want)
	}
	if want := "fireflies: the run finished, but an output failed: " + named + ": "; !strings.HasPrefix(lines[1], want) {
		t.Errorf("stderr's last line %q, want %q...", lines[1], want)
	}
}

// TestHeadlessOutputsToFullDevice: every output flag, pointed at
// /dev/full, fails its run with status 3, naming the flag, after the
// summary.
func TestHeadlessOutputsToFullDevice(t *testing.T) {
	const full = "/dev/full"
	if _, err := os.Stat(full); errors.Is(err, os.ErrNotExist) {
		t.Skip("no /dev/full")
	}
	for _, flag := range []string{"-metrics", "-cpuprofile", "-memprofile", "-trace"} {
		stdout, stderr, code := runHeadless(t, "-grid", "64", "-seed", "1", "-duration", "30s", "-json", flag, full)
		if code != 3 {
			t.Errorf("%s %s: exit status %d, want 3\nstderr:\n%s", flag, full, code, stderr)
			continue
		}
		checkOutputFailed(t, stderr, flag+" "+full)
		if !strings.Contains(stderr, "no space left on device") {
			t.Errorf("%s %s: stderr does not say why:\n%s", flag, full, stderr)
		}
		if got, want := summary(t, stdout)["ticks"], 1800.0; got != want {
			t.Errorf("%s %s: ticks: got %v, want %v", flag, full, got, want)
		}
	}
}

// TestHeadlessMetricsCadence: a paced run writes a line an interval, each
// covering ticks that ran: simulated time moves on, the ticks per second
// are counted, updates were timed — also with intervals shorter than a
// tick, where the run's end used to add a line of no ticks and a tps of 0.
func TestHeadlessMetricsCadence(t *testing.T) {
	for _, tc := range []struct {
		duration, interval string
		sim                float64 // seconds simulated
	}{
		{"10s", "1s", 10},
		{"2s", "1ms", 2},
	} {
		log := filepath.Join(t.TempDir(), "m.jsonl")
		_, stderr, code := runHeadless(t, "-grid", "64", "-seed", "1", "-realtime", "-duration", tc.duration,
			"-metrics", log, "-metrics-interval", tc.interval)
		if code != 0 {
			t.Fatalf("-duration %s: exit status %d: %s", tc.duration, code, stderr)
		}
		lines := metricsFile(t, log)
		// The paced ticks take at least 10 s or 2 s of wall time: at least
		// ten intervals end (a second each, or a line a tick).
		if len(lines) < 10 {
			t.Fatalf("-duration %s -metrics-interval %s: %d lines, want at least 10", tc.duration, tc.interval, len(lines))
		}
		prev := math.Inf(-1)
		for i, l := range lines {
			st, ok := l["sim_time"].(float64)
			if !ok || st <= prev {
				t.Errorf("-metrics-interval %s: line %d: sim_time %v after %v, want it to increase", tc.interval, i+1, l["sim_time"], prev)
			}
			prev = st
			if tps, _ := l["tps"].(map[string]any); tps == nil || tps["avg"] == 0.0 {
				t.Errorf("-metrics-interval %s: line %d: tps %v, want the ticks counted", tc.interval, i+1, l["tps"])
			}
			upd, _ := l["update_ms"].(map[string]any)
			if n, _ := upd["count"].(float64); n <= 0 {
				t.Errorf("-metrics-interval %s: line %d: update_ms %v, want updates timed", tc.interval, i+1, l["update_ms"])
			}
		}
		if prev != tc.sim {
			t.Errorf("-metrics-interval %s: the last line's sim_time is %v, want %v", tc.interval, prev, tc.sim)
		}
	}
}
