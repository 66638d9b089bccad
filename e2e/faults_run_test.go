// The faults a hostile test of a run found (issue 29): an output that is
// the -replay journal, or another output, through a link; a journal read
// from a FIFO or a pipe nobody writes to; an output whose reader never
// reads; a tick counter that wrapped; the memory of a world that
// restarted; a killed run's journal; outputs on a full disk; SIGQUIT,
// SIGUSR1 and SIGPIPE. Each is found with the thing itself — files,
// links, FIFOs, a full tmpfs, signals — and bounded in time only where
// the fault was a hang.

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// plainJournal writes the journal of a short headless run to dir and
// returns its path and contents.
func plainJournal(t *testing.T, dir string) (string, []byte) {
	t.Helper()
	path := filepath.Join(dir, "j.jsonl")
	if _, stderr, code := runHeadless(t, "-grid", "20", "-seed", "3", "-duration", "2s", "-journal", path); code != 0 {
		t.Fatalf("the journal's run: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil || len(data) == 0 {
		t.Fatalf("the journal: %d bytes, %v", len(data), err)
	}
	return path, data
}

// TestFaultsOutputIsTheReplayJournal: an output that names the -replay
// journal, by its path, through a symbolic link or a hard link, is
// refused in one line naming both flags, status 2, and the journal is as
// it was; so are two outputs that are one file through a link.
func TestFaultsOutputIsTheReplayJournal(t *testing.T) {
	dir := t.TempDir()
	journal, want := plainJournal(t, dir)
	link := filepath.Join(dir, "link.jsonl")
	hard := filepath.Join(dir, "hard.jsonl")
	if err := os.Symlink("j.jsonl", link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(journal, hard); err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(dir, "k.png")
	if err := os.WriteFile(png, want, 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(name, path string, keep []byte, args ...string) {
		t.Helper()
		stdout, stderr, code := runHeadless(t, args...)
		if code != 2 || !oneLine(stderr) || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2, one line and no run", name, code, stdout, stderr)
		}
		for _, a := range args {
			if strings.HasPrefix(a, "-") && a != "-duration" && !strings.Contains(stderr, a) {
				t.Errorf("%s: %q does not name %s", name, stderr, a)
			}
		}
		if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, keep) {
			t.Errorf("%s: %s holds %d bytes (%v), want the %d it held", name, path, len(got), err, len(keep))
		}
	}
	for _, flag := range []string{"-journal", "-metrics", "-series", "-avalanches", "-cpuprofile"} {
		check(flag+" on the journal", journal, want, "-replay", journal, flag, journal)
		check(flag+" through a link", journal, want, "-replay", link, flag, journal)
		check(flag+" on a link to it", journal, want, "-replay", journal, flag, link)
		check(flag+" on a hard link", journal, want, "-replay", hard, flag, journal)
	}
	check("-screenshot on the journal", png, want, "-replay", png, "-screenshot", png)

	// Two outputs, one of them a link to the other's file: before the
	// run, where the target does not exist yet, and after.
	x := filepath.Join(dir, "x.jsonl")
	xl := filepath.Join(dir, "xl.csv")
	if err := os.Symlink("x.jsonl", xl); err != nil {
		t.Fatal(err)
	}
	for _, exists := range []bool{false, true} {
		if exists {
			if err := os.WriteFile(x, []byte("{}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		stdout, stderr, code := runHeadless(t, "-grid", "10", "-duration", "1s", "-metrics", x, "-series", xl)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-series") || !strings.Contains(stderr, "-metrics") || stdout != "" {
			t.Errorf("-metrics x -series (a link to x), x exists %v: exit %d, stderr %q; want 2 and one line naming both", exists, code, stderr)
		}
		got, err := os.ReadFile(x)
		if exists && string(got) != "{}\n" || !exists && err == nil {
			t.Errorf("x exists %v: it holds %q (%v) after the refusal", exists, got, err)
		}
	}
	// A replay from stdin, an output to stdout, and /dev/null twice are
	// not one file.
	stdin, err := os.Open(journal)
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	c := startStdin(t, stdin, "-replay", "/dev/stdin", "-metrics", "/dev/stdout", "-series", os.DevNull, "-avalanches", os.DevNull)
	if code := c.wait(t, runLimit); code != 0 {
		t.Errorf("-replay /dev/stdin -metrics /dev/stdout, /dev/null twice: exit %d\nstderr:\n%s", code, c.stderr.String())
	}
}

// blockedIn waits until one of pid's threads waits in the kernel in a
// function whose name holds one of words (/proc/PID/task/*/wchan), so
// that a signal is sent once the program waits where the test means it
// to; where the kernel does not say (wchan reads 0), it waits a while.
func blockedIn(t *testing.T, c *child, words ...string) {
	t.Helper()
	pid := c.cmd.Process.Pid
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if !c.running() {
			t.Fatalf("%s ended (%v) before it waited\nstderr:\n%s", c.name, c.err, c.stderr.String())
		}
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
		hidden := len(tasks) > 0
		for _, task := range tasks {
			w, _ := os.ReadFile(task)
			hidden = hidden && (len(w) == 0 || string(w) == "0")
			for _, word := range words {
				if strings.Contains(string(w), word) {
					return
				}
			}
		}
		if hidden {
			time.Sleep(2 * time.Second)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s did not wait in %v within %v", c.name, words, patience)
}

// interrupted checks that c, sent SIGINT, ends within patience with
// status 130 and one line saying that the journal's reading was
// interrupted.
func interrupted(t *testing.T, c *child, what string) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := c.wait(t, patience)
	if stderr := c.stderr.String(); code != 130 || !oneLine(stderr) || !strings.Contains(stderr, "-replay") || !strings.Contains(stderr, "interrupted") {
		t.Errorf("%s: exit %d, stderr %q; want 130 and one line saying -replay's reading was interrupted", what, code, stderr)
	}
}

// TestFaultsReplayReadInterrupted: a -replay journal that keeps the
// reading waiting — a FIFO nobody opens to write, a pipe whose writer
// writes nothing — gives way to Ctrl+C: status 130, one line.
func TestFaultsReplayReadInterrupted(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "f")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	c := start(t, nil, headlessBin.get(t), "-replay", fifo)
	blockedIn(t, c, "wait_for_partner", "fifo") // the open waits for a writer
	interrupted(t, c, "a FIFO with no writer")

	// sleep 100 | fireflies -replay /dev/stdin: the pipe is open, and
	// nothing comes.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c = startStdin(t, r, "-replay", "/dev/stdin")
	r.Close()
	c.waitUntil(t, "the journal opened", func() bool { return opens(c, 0) })
	interrupted(t, c, "a pipe that never ends")
}

// opens reports whether c has opened, beyond its standard files, the
// file its descriptor fd names: the reading has begun, after the
// program's signals are set up.
func opens(c *child, fd int) bool {
	pid := c.cmd.Process.Pid
	want, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%d", pid, fd))
	if err != nil {
		return false
	}
	fds, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", pid))
	for _, f := range fds {
		if n, _ := strconv.Atoi(filepath.Base(f)); n > 2 {
			if to, _ := os.Readlink(f); to == want {
				return true
			}
		}
	}
	return false
}

// startStdin starts the headless build with stdin as its standard input.
func startStdin(t *testing.T, stdin *os.File, args ...string) *child {
	t.Helper()
	c := &child{name: "fireflies-headless", cmd: exec.Command(headlessBin.get(t), args...), exited: make(chan struct{})}
	c.cmd.Stdin = stdin
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.exited
	})
	return c
}

// stalledReader opens a FIFO in dir to read and never reads: once the
// pipe is full, its writer's writes wait.
func stalledReader(t *testing.T, dir string) (string, *os.File) {
	t.Helper()
	fifo := filepath.Join(dir, "stalled.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return fifo, r
}

// held is how many bytes the pipe r reads holds, and how many it can.
func held(r *os.File) (n, size int) {
	const getPipeSize = 1032 // F_GETPIPE_SZ
	sz, _, e1 := syscall.Syscall(syscall.SYS_FCNTL, r.Fd(), getPipeSize, 0)
	var in int32
	_, _, e2 := syscall.Syscall(syscall.SYS_IOCTL, r.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&in)))
	if e1 != 0 || e2 != 0 {
		return 0, 1
	}
	return int(in), int(sz)
}

// waitFull waits until the pipe r reads is full: it holds more than half
// what it can, and nothing more for half a second of a writer that
// writes many lines a second. (A full pipe holds less than its size: a
// line that does not fit in a page's rest takes a page of its own.)
func waitFull(t *testing.T, c *child, r *os.File) {
	t.Helper()
	last, same := -1, 0
	c.waitUntil(t, "the pipe full", func() bool {
		n, size := held(r)
		if n == last && 2*n > size {
			same++
		} else {
			last, same = n, 0
		}
		return same >= 20 // polled every 25 ms
	})
}

// TestFaultsOutputNobodyReads: an output to a FIFO whose reader never
// reads holds the run neither past its end nor past Ctrl+C: the run ends
// with its summary, the output failed (status 3, naming it).
func TestFaultsOutputNobodyReads(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string // the output's flag last
		signal bool
	}{
		// At its normal end: the metrics' writer waits on the full pipe.
		{"-metrics at the end", []string{"-grid", "64", "-seed", "1", "-duration", "6s", "-realtime", "-metrics-interval", "1ms", "-metrics"}, false},
		// On SIGINT: the series, written between ticks, holds the tick.
		{"-series on SIGINT", []string{"-grid", "64", "-seed", "1", "-duration", "600s", "-series-every", "17ms", "-series"}, true},
		{"-metrics on SIGINT", []string{"-grid", "64", "-seed", "1", "-duration", "600s", "-realtime", "-metrics-interval", "1ms", "-metrics"}, true},
		// A replay of many events writes each to its own journal.
		{"-journal on SIGINT", []string{"-replay", "", "-duration", "0", "-journal"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fifo, r := stalledReader(t, t.TempDir())
			args := append([]string{"-json"}, tc.args...)
			if args[1] == "-replay" {
				args[2] = bigJournal(t)
			}
			flag := args[len(args)-1]
			c := start(t, nil, headlessBin.get(t), append(args, fifo)...)
			if tc.signal {
				waitFull(t, c, r)
				if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
			}
			code := c.wait(t, patience)
			if code != 3 {
				t.Fatalf("exit %d, want 3\nstderr:\n%s", code, c.stderr.String())
			}
			checkOutputFailed(t, c.stderr.String(), flag+" "+fifo)
			summary(t, c.stdout.String())
		})
	}
}

// bigJournal writes a journal of many events (each a line the replay
// writes again to its own -journal) and returns its path.
func bigJournal(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"format":"fireflies-journal","version":1,"flags":["-grid=16","-seed=1"]}` + "\n")
	for i := range 4000 {
		fmt.Fprintf(&b, `{"tick":%d,"paint":"flash","x":%d,"y":%d,"radius":1}`+"\n", i, i%16, (i/16)%16)
	}
	b.WriteString(`{"end":true,"tick":4000,"trace_hash":"0000000000000000"}` + "\n")
	return writeJournal(t, "big.jsonl", b.String())
}

// tickLimit is the last tick a world counts to (live.TickLimit).
const tickLimit = math.MaxInt32 - 1<<20

// TestFaultsTickCounterNeverWraps: a run of -duration 0 whose world
// starts 300 ticks before the last tick it counts to (a test hook, not
// 414 days) ends there by itself, as a -duration does, saying so; no
// output shows a negative time, and its journal replays. Before, the
// tick went on past the int32 and every time turned negative.
func TestFaultsTickCounterNeverWraps(t *testing.T) {
	dir := t.TempDir()
	series, metrics, journal := filepath.Join(dir, "s.csv"), filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "j.jsonl")
	env := withEnv("FIREFLIES_TEST_START_TICK=" + strconv.Itoa(tickLimit-300))
	c := start(t, env, headlessBin.get(t), "-grid", "3", "-seed", "1", "-duration", "0", "-json",
		"-series", series, "-series-every", "17ms", "-metrics", metrics, "-metrics-interval", "1ms", "-journal", journal)
	if code := c.wait(t, patience); code != 0 {
		t.Fatalf("exit %d, want 0\nstderr:\n%s", code, c.stderr.String())
	}
	if !strings.Contains(c.stderr.String(), "the last it counts to") {
		t.Errorf("stderr does not say the run ended at the tick limit:\n%s", c.stderr.String())
	}
	s := summary(t, c.stdout.String())
	if s["ticks"] != 300.0 || s["sim_seconds"].(float64) < 0 {
		t.Errorf("summary: ticks %v, sim_seconds %v; want 300 and the time of tick %d", s["ticks"], s["sim_seconds"], tickLimit)
	}
	data, err := os.ReadFile(series)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\n")[1:]
	for _, row := range rows {
		if tm, err := strconv.ParseFloat(strings.Split(row, ",")[0], 64); err != nil || tm < 0 {
			t.Fatalf("a series line at t = %v (%v): %s", tm, err, row)
		}
	}
	for _, l := range metricsFile(t, metrics) {
		if st, _ := l["sim_time"].(float64); st < 0 {
			t.Fatalf("a metrics line at sim_time %v", st)
		}
	}
	text, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(`"tick":%d,`, tickLimit); !strings.Contains(string(text), want) {
		t.Errorf("the journal does not end at tick %d:\n%s", tickLimit, text)
	}
	stdout, stderr, code := runEnv(t, env, headlessBin.get(t), "-replay", journal, "-json")
	if code != 0 || summary(t, stdout)["trace_hash"] != s["trace_hash"] {
		t.Errorf("the run's own journal replayed: exit %d, trace_hash %v, want 0 and %v\nstderr:\n%s", code, summary(t, stdout)["trace_hash"], s["trace_hash"], stderr)
	}
}

// rss runs the headless build and returns the peak resident memory its
// summary reports, and whether the world's entities were complete.
func rss(t *testing.T, args ...string) (float64, bool) {
	t.Helper()
	stdout, stderr, code := runHeadless(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\nstderr:\n%s", args, code, stderr)
	}
	s := summary(t, stdout)
	v, _ := s["rss_bytes"].(float64)
	if v <= 0 {
		t.Fatalf("%v: no rss_bytes in the summary", args)
	}
	return v, s["entities_seconds"] != nil
}

// TestFaultsResetsReturnMemory: a replay whose journal resets a 2048²
// world eight times peaks within 1.5 times the memory one such world
// takes, its entities made. Before, each new world was built beside the
// old one, whose memory the runner still held, and the peak grew by a
// world or more at each reset.
func TestFaultsResetsReturnMemory(t *testing.T) {
	header := `{"format":"fireflies-journal","version":1,"flags":["-grid=2048","-seed=8"]}` + "\n"
	resets := strings.Repeat(`{"tick":30,"control":"reset"}`+"\n", 8)
	// Not run to their ends (whose hashes nobody knows), but for a
	// -duration.
	end := `{"end":true,"tick":1,"trace_hash":"0000000000000000"}` + "\n"
	once := writeJournal(t, "once.jsonl", header+end)
	eight := writeJournal(t, "eight.jsonl", header+resets+end)
	// One world's peak is with its entities made, which the run makes
	// while it ticks, on the cores the ticks leave: it runs until they
	// are.
	var base float64
	for d, done := 10, false; !done; d *= 2 {
		if d > 160 {
			t.Fatalf("a 2048² world's entities not made in %d s of simulated time", d/2)
		}
		base, done = rss(t, "-replay", once, "-duration", strconv.Itoa(d)+"s", "-workers", "2", "-json")
	}
	reset, _ := rss(t, "-replay", eight, "-duration", "10s", "-workers", "2", "-json")
	t.Logf("peak resident memory: %.0f MB for one world, %.0f MB with 8 resets", base/1e6, reset/1e6)
	if reset > 1.5*base {
		t.Errorf("8 resets peaked at %.0f MB, more than 1.5 times the %.0f MB of one world", reset/1e6, base/1e6)
	}
}

// TestFaultsKilledRunsJournal: the journal of a run killed with kill -9
// (its header and events, no end line) replays for a -duration, and is
// refused without one, as a journal that stops short.
func TestFaultsKilledRunsJournal(t *testing.T) {
	cut := writeJournal(t, "cut.jsonl", journalHeader+"\n"+liveEvents)
	_, stderr, code := runHeadless(t, "-replay", cut)
	if code != 2 || !strings.Contains(stderr, "no end line") {
		t.Errorf("without -duration: exit %d, stderr %q; want 2 and no end line", code, stderr)
	}
	stdout, stderr, code := runHeadless(t, "-replay", cut, "-duration", "20s", "-json")
	if code != 0 {
		t.Fatalf("-duration 20s: exit %d\nstderr:\n%s", code, stderr)
	}
	if s := summary(t, stdout); s["width"] != 50.0 || s["seed"] != 4242.0 {
		t.Errorf("-duration 20s: a %vx%v world of seed %v, want the journal's last, 50x40 of seed 4242", s["width"], s["height"], s["seed"])
	}

	// A real one: killed as it runs.
	journal := filepath.Join(t.TempDir(), "killed.jsonl")
	c := start(t, nil, headlessBin.get(t), "-grid", "16", "-seed", "5", "-duration", "0", "-journal", journal)
	c.waitUntil(t, "the journal's header", func() bool { return completeLines(journal) >= 1 })
	c.cmd.Process.Kill()
	<-c.exited
	stdout, stderr, code = runHeadless(t, "-replay", journal, "-duration", "2s", "-json")
	if code != 0 || summary(t, stdout)["ticks"] != 120.0 {
		t.Errorf("a killed run's journal, -duration 2s: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestFaultsJournalFailsAtOnce: -journal /dev/full is reported the moment
// its first line fails, as the other outputs are, not only at the end.
func TestFaultsJournalFailsAtOnce(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	c := start(t, nil, headlessBin.get(t), "-grid", "16", "-seed", "1", "-duration", "0", "-realtime", "-json", "-journal", "/dev/full")
	c.waitUntil(t, "the journal's failure, reported as it happens", func() bool {
		return strings.Contains(c.stderr.String(), "-journal /dev/full") && strings.Contains(c.stderr.String(), "the run goes on")
	})
	if err := c.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t, patience); code != 3 {
		t.Errorf("exit %d, want 3\nstderr:\n%s", code, c.stderr.String())
	}
	summary(t, c.stdout.String())
}

// TestFaultsPicturesOnAFullDisk: a screenshot and a recording that do
// not fit on their disk leave no half file — a file that was there is as
// it was, a new one is not made — and the run says so, status 3.
func TestFaultsPicturesOnAFullDisk(t *testing.T) {
	dir := mountTmpfs(t, 64<<10)
	shot, movie := filepath.Join(dir, "s.png"), filepath.Join(dir, "r.gif")
	old := []byte("the screenshot before\n")
	if err := os.WriteFile(shot, old, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runHeadless(t, "-grid", "512", "-seed", "1", "-duration", "5s", "-json",
		"-screenshot", shot, "-record", movie, "-record-every", "100ms")
	if code != 3 {
		t.Fatalf("exit %d, want 3\nstderr:\n%s", code, stderr)
	}
	summary(t, stdout)
	if !strings.Contains(stderr, "-screenshot "+shot) && !strings.Contains(stderr, "-record "+movie) {
		t.Errorf("stderr names neither picture:\n%s", stderr)
	}
	if got, err := os.ReadFile(shot); err != nil || !bytes.Equal(got, old) {
		t.Errorf("the screenshot holds %d bytes (%v), want the %d it held", len(got), err, len(old))
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "s.png" {
			fi, _ := e.Info()
			t.Errorf("%s (%d bytes) left on the full disk", e.Name(), fi.Size())
		}
	}
}

// TestFaultsSIGQUIT: Ctrl+\ ends a run as SIGTERM does — its summary,
// status 0, no goroutine dump — unless the user set GOTRACEBACK, asking
// for the dump.
func TestFaultsSIGQUIT(t *testing.T) {
	args := []string{"-grid", "32", "-seed", "1", "-duration", "0", "-realtime", "-json"}
	c := start(t, environment("GOTRACEBACK"), headlessBin.get(t), args...)
	c.waitUntil(t, "a report line", func() bool { return reportTotal.MatchString(c.stderr.String()) })
	c.stop(t, syscall.SIGQUIT)
	summary(t, c.stdout.String())
	if strings.Contains(c.stderr.String(), "goroutine") {
		t.Errorf("a goroutine dump on SIGQUIT:\n%s", c.stderr.String())
	}

	c = start(t, withEnv("GOTRACEBACK=all"), headlessBin.get(t), args...)
	c.waitUntil(t, "a report line", func() bool { return reportTotal.MatchString(c.stderr.String()) })
	if err := c.cmd.Process.Signal(syscall.SIGQUIT); err != nil {
		t.Fatal(err)
	}
	if code := c.wait(t, patience); code != 2 || !strings.Contains(c.stderr.String(), "goroutine") {
		t.Errorf("GOTRACEBACK=all, SIGQUIT: exit %d, want the runtime's dump and 2\nstderr:\n%.2000s", code, c.stderr.String())
	}
}

// TestFaultsSIGUSR1AndSIGPIPE: kill -USR1 asks for a line on the run's
// progress, and the run goes on; kill -PIPE changes nothing (a broken
// pipe is an error on the write it broke: stdout's ends the run, an
// output's fails that output).
func TestFaultsSIGUSR1AndSIGPIPE(t *testing.T) {
	c := start(t, nil, headlessBin.get(t), "-grid", "32", "-seed", "1", "-duration", "0", "-realtime", "-json")
	c.waitUntil(t, "a report line", func() bool { return reportTotal.MatchString(c.stderr.String()) })
	for _, sig := range []syscall.Signal{syscall.SIGPIPE, syscall.SIGUSR1} {
		if err := c.cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
	}
	c.waitUntil(t, "the progress line SIGUSR1 asked for", func() bool { return strings.Contains(c.stderr.String(), "fireflies: tick ") })
	c.stop(t, syscall.SIGTERM)
	var s map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(c.stdout.String())), &s); err != nil {
		t.Errorf("stdout is not the summary alone: %v\n%s", err, c.stdout.String())
	}
}
