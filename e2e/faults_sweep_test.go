//go:build linux

// The sweep's faults of issue 29, end to end: two sweeps writing one file,
// a sweep whose -out is a FIFO or whose stdout nobody reads, the largest
// seed, a million seeds and the memory of many large worlds at once.

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/firefly-observatory/fireflies/sweep"
)

// sweepFaultSpec is a sweep of 5 nudges × 8 seeds whose runs take a
// fraction of a second each, one at a time.
var sweepFaultSpec = []string{"sweep", "-grid", "48", "-nudge", "0:400ms:5", "-duration", "1200s", "-seeds", "8", "-jobs", "1"}

// sweepFaultRows checks that the file at path is a sweep's CSV: its
// header once, then whole rows, each run once; it returns how many.
func sweepFaultRows(t *testing.T, path string) int {
	t.Helper()
	lines := fileLines(t, path)
	if lines[0]+"\n" != sweep.Header {
		t.Fatalf("%s line 1: got %q, want the header", path, lines[0])
	}
	seen := map[string]int{}
	for i, l := range lines[1:] {
		r, err := sweep.ParseLine(l)
		if err != nil {
			t.Fatalf("%s line %d: %v: %q", path, i+2, err, l)
		}
		if first, ok := seen[r.Key()]; ok {
			t.Errorf("%s: the run %s on lines %d and %d", path, r.Key(), first, i+2)
		}
		seen[r.Key()] = i + 2
	}
	return len(lines) - 1
}

// TestSweepSecondWriterRefused: while a sweep writes its -out, another
// shard of it told the same file, or the same command started again, is
// refused in one line naming -out, exit 2; the file keeps whole rows,
// each once. The lock goes with the process, however it ends: after
// kill -9 the same command carries on, and the shards together fill the
// file with every run once.
func TestSweepSecondWriterRefused(t *testing.T) {
	bin := headlessBin.get(t)
	path := filepath.Join(t.TempDir(), "same.csv")
	shard := func(k string) []string { return append(slices.Clone(sweepFaultSpec), "-shard", k+"/2", "-out", path) }
	first := start(t, nil, bin, shard("0")...)
	first.waitUntil(t, "the first shard's first row", func() bool { return completeLines(path) >= 2 })
	for _, args := range [][]string{shard("1"), shard("0")} {
		_, stderr, code := run(t, bin, args...)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-out: "+path) || !strings.Contains(stderr, "another sweep") {
			t.Errorf("%v while shard 0/2 writes the file: exit %d, stderr %q; want 2 and one line naming -out %s", args[len(args)-4:], code, stderr, path)
		}
	}
	if !first.running() {
		t.Fatalf("the first shard ended before the others were refused: make its runs longer\nstderr:\n%s", first.stderr.String())
	}
	first.cmd.Process.Kill()
	<-first.exited
	for _, k := range []string{"0", "1"} {
		if _, stderr, code := run(t, bin, shard(k)...); code != 0 {
			t.Fatalf("shard %s/2 after the first was killed: exit %d: %s", k, code, stderr)
		}
	}
	if n := sweepFaultRows(t, path); n != 40 {
		t.Errorf("got %d rows, want the sweep's 40", n)
	}
}

// TestSweepIntoFIFO: a sweep whose -out is a FIFO that cat reads writes
// its rows to cat: it does not open the FIFO to read earlier rows first,
// which waited for a writer for ever, deaf to signals. A long sweep into
// the FIFO ends at SIGINT as an interrupted sweep does, status 130.
func TestSweepIntoFIFO(t *testing.T) {
	bin := headlessBin.get(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		args   []string
		signal bool
	}{
		{"short", []string{"-grid", "3", "-duration", "1s"}, false},
		{"long", []string{"-grid", "3", "-duration", "10h", "-seeds", "6", "-jobs", "1"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fifo := filepath.Join(dir, tc.name)
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			cat := start(t, nil, "cat", fifo)
			s := start(t, nil, bin, append(append([]string{"sweep"}, tc.args...), "-out", fifo)...)
			want := 0
			if tc.signal {
				s.waitUntil(t, "a row through the FIFO", func() bool { return strings.Count(cat.stdout.String(), "\n") >= 2 })
				s.cmd.Process.Signal(syscall.SIGINT)
				want = 130
			}
			if code := s.wait(t, patience); code != want || (tc.signal && !strings.Contains(s.stderr.String(), "interrupted with")) {
				t.Fatalf("sweep -out FIFO: exit %d, want %d\nstderr:\n%s", code, want, s.stderr.String())
			}
			cat.wait(t, patience)
			got := strings.Split(strings.TrimSuffix(cat.stdout.String(), "\n"), "\n")
			if got[0]+"\n" != sweep.Header || len(got) < 2 {
				t.Fatalf("cat read %q, want the header and rows", cat.stdout.String())
			}
			for _, l := range got[1:] {
				if _, err := sweep.ParseLine(l); err != nil {
					t.Errorf("cat read %q: %v", l, err)
				}
			}
		})
	}
}

// TestSweepToStdoutNobodyReads: a sweep's stdout is a pipe whose reader
// takes nothing (| sleep 30); once the pipe is full its writes wait, and
// they kept the sweep deaf to SIGINT. Now SIGINT ends it as an
// interrupted sweep, status 130, saying that the rows it could not write
// are not written.
func TestSweepToStdoutNobodyReads(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(headlessBin.get(t), "sweep", "-grid", "3", "-duration", "1s", "-seeds", "5000")
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
	size, _, errno := syscall.Syscall(syscall.SYS_FCNTL, r.Fd(), syscall.F_GETPIPE_SZ, 0)
	if errno != 0 {
		t.Fatal(errno)
	}
	queued := func() int { // bytes in the pipe
		var n int32
		syscall.Syscall(syscall.SYS_IOCTL, r.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
		return int(n)
	}
	// Full, and still full a while later, while the sweep has thousands
	// of rows to write: its write waits.
	waitFor(t, "the pipe full", func() bool {
		n := queued()
		if n <= int(size)-4096 {
			return false
		}
		time.Sleep(500 * time.Millisecond)
		return queued() == n
	})
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(patience):
		t.Fatalf("sweep still running %v after SIGINT, its stdout full\nstderr:\n%s", patience, stderr.String())
	}
	code := exitStatus(t, "sweep", cmd.ProcessState, stderr.String())
	if code != 130 || !strings.Contains(stderr.String(), "interrupted with") || !strings.Contains(stderr.String(), "not written") {
		t.Errorf("exit %d, stderr:\n%s\nwant 130, the runs done and the rows not written", code, stderr.String())
	}
}

// TestSweepOfTheLargestSeed: a seed range that ends at the largest seed
// is its seeds, once each; the counter wrapped to 0 and listed seeds for
// ever, 600 MB a second. The sweep runs under a 4 GB address space, so
// that a list that grows ends in the program's out-of-memory error
// rather than the machine's.
func TestSweepOfTheLargestSeed(t *testing.T) {
	out := filepath.Join(t.TempDir(), "top.csv")
	const top = "18446744073709551615"
	for _, tc := range []struct {
		out  string
		seed string
		rows int
	}{
		{os.DevNull, top + ".." + top, 0},
		{out, "18446744073709551614.." + top, 2},
	} {
		args := []string{"sweep", "-grid", "8", "-duration", "1s", "-seed", tc.seed, "-out", tc.out}
		_, stderr, code := run(t, "sh", append([]string{"-c", `ulimit -v 4000000 && exec "$@"`, "sh", headlessBin.get(t)}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %.500s", args, code, stderr)
		}
		if tc.rows > 0 {
			if n := sweepFaultRows(t, tc.out); n != tc.rows {
				t.Errorf("%v: %d rows, want %d", args, n, tc.rows)
			}
			if rows := strings.Join(fileLines(t, tc.out)[1:], "\n"); !strings.Contains(rows, ","+top+",") || !strings.Contains(rows, ",18446744073709551614,") {
				t.Errorf("the rows are not of seeds %s and the one before:\n%s", top, rows)
			}
		}
	}
}

// TestSweepOfAMillionSeeds: a sweep of seeds 1..999999 stops at SIGINT,
// however far its listing of the runs has got (the list took 19 minutes
// to make, deaf to signals); and a list of more seeds than a sweep may
// have runs is refused in one line naming -seed, exit 2.
func TestSweepOfAMillionSeeds(t *testing.T) {
	bin := headlessBin.get(t)
	s := start(t, nil, bin, "sweep", "-grid", "3", "-duration", "1s", "-seed", "1..999999", "-out", os.DevNull)
	time.Sleep(time.Second) // for the program to be listening for signals; the listing takes longer
	s.cmd.Process.Signal(syscall.SIGINT)
	if code := s.wait(t, patience); code != 130 || !strings.Contains(s.stderr.String(), "interrupted") {
		t.Errorf("sweep of 999999 seeds at SIGINT: exit %d, stderr %q; want 130, interrupted", code, s.stderr.String())
	}
	for _, seeds := range []string{"1..1000001", "1..2,3..1000002"} {
		_, stderr, code := run(t, bin, "sweep", "-grid", "3", "-duration", "1s", "-seed", seeds, "-out", os.DevNull)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-seed: ") || !strings.Contains(stderr, "more than 1000000 runs") {
			t.Errorf("-seed %s: exit %d, stderr %q; want 2 and one line naming -seed", seeds, code, stderr)
		}
	}
}

// sweepPeak runs a sweep with env added to the environment and returns
// its stderr and its peak resident set, in bytes.
func sweepPeak(t *testing.T, env []string, args ...string) (string, int64) {
	t.Helper()
	cmd := exec.Command(headlessBin.get(t), args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, &stderr)
	}
	return stderr.String(), cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
}

// TestSweepJobsFitMemory: a sweep runs no more worlds at once than fit
// in its memory — here GOMEMLIMIT's 400 MiB, two worlds of 1024² — and
// says so on stderr; 8 jobs of them took 8 worlds' memory, 1.1 GB. And a
// run of a sweep costs what one run costs: a sweep of three runs one at
// a time peaks where a sweep of one does.
func TestSweepJobsFitMemory(t *testing.T) {
	base := []string{"sweep", "-grid", "1024", "-duration", "1s", "-out", os.DevNull}
	_, one := sweepPeak(t, nil, append(slices.Clone(base), "-seeds", "1")...)
	_, three := sweepPeak(t, nil, append(slices.Clone(base), "-seeds", "3", "-jobs", "1")...)
	if three > one+one/4 {
		t.Errorf("a sweep of 3 runs one at a time peaked at %d MiB, a sweep of one at %d MiB: want about the same", three>>20, one>>20)
	}
	stderr, eight := sweepPeak(t, []string{"GOMEMLIMIT=400MiB"}, append(slices.Clone(base), "-seeds", "8", "-jobs", "8")...)
	if !strings.Contains(stderr, "2 runs at once rather than 8") {
		t.Errorf("stderr lacks the jobs lowered to 2:\n%s", stderr)
	}
	if eight > 3*one {
		t.Errorf("8 runs with -jobs 8 in 400 MiB peaked at %d MiB, want under 3 runs' %d MiB", eight>>20, 3*one>>20)
	}
	t.Logf("peaks: one run %d MiB, 3 one at a time %d MiB, -jobs 8 in 400 MiB %d MiB", one>>20, three>>20, eight>>20)
}
