package sweep_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/sweep"
)

// TestSecondWriterIsRefused: while a sweep writes its file, another sweep
// given the same file — the same command, another shard, or the file by a
// link — is refused in one line naming -out, before it reads or writes a
// row. Once the first has ended, the same command carries on in the file,
// and the rows of the two are whole, each run once.
func TestSecondWriterIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rows.csv")
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	long := append(slices.Clone(spec), "-duration", "20m", "-until-sync=false", "-jobs", "1")
	// sweepUntil runs the long sweep into path until the file holds n
	// lines, and then signals it.
	sweepUntil := func(n int) *sweep.Interrupted {
		ended, result := make(chan struct{}), make(chan error, 1)
		go func() {
			result <- sweep.Run(append(slices.Clone(long), "-out", path), config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, ended)
		}()
		waitLines(t, path, n, result)
		if n == 2 { // the first sweep holds the file
			for _, extra := range [][]string{
				{"-out", path},
				{"-out", path, "-shard", "1/2"},
				{"-out", link},
			} {
				args := append(slices.Clone(long), extra...)
				err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, nil)
				if !errors.As(err, new(*config.Error)) || !strings.HasPrefix(err.Error(), "-out: ") || !strings.Contains(err.Error(), "another sweep") || !oneLine(err.Error()) {
					t.Errorf("%v: got %v, want one line refusing -out as another sweep's", extra, err)
				}
			}
		}
		close(ended)
		var in *sweep.Interrupted
		if err := <-result; !errors.As(err, &in) {
			t.Fatalf("got %v, want the sweep interrupted", err)
		}
		return in
	}
	first := sweepUntil(2) // the header and a row
	second := sweepUntil(first.Done + 2)
	got := lines(t, path)[1:]
	if len(got) != second.Done || second.Done <= first.Done {
		t.Errorf("got %d rows, want the %d the second sweep says it has done, more than the first's %d", len(got), second.Done, first.Done)
	}
	seen := map[string]bool{}
	for _, l := range got {
		r, err := sweep.ParseLine(l)
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if seen[r.Key()] {
			t.Errorf("run %s twice", r.Key())
		}
		seen[r.Key()] = true
	}
}

// waitLines waits until the file at path holds n complete lines, failing
// if the sweep whose result comes on ended ends first.
func waitLines(t *testing.T, path string, n int, ended chan error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if b, _ := os.ReadFile(path); bytes.Count(b, []byte("\n")) >= n {
			return
		}
		select {
		case err := <-ended:
			t.Fatalf("the sweep ended first: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not %d lines within a minute", path, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRepeatedRowsAreNamed: a file that holds a run twice (two sweeps
// wrote it at once, before the lock) is carried on from, each run
// counted once, with a warning that names the file and the run.
func TestRepeatedRowsAreNamed(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.csv")
	sweepTo(t, full)
	want := lines(t, full)
	part := filepath.Join(dir, "part.csv")
	kept := slices.Concat(want[:4], want[2:3]) // rows 1-3, and row 2 again
	if err := os.WriteFile(part, []byte(strings.Join(kept, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr := sweepTo(t, part)
	r, _ := sweep.ParseLine(want[2])
	for _, w := range []string{part + " holds 1 repeated row", "lines 3 and 5", "-seed=" + fieldOf(want[0], want[2], "seed"), "holds 3 rows", "9 of 9 runs"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q (run %s):\n%s", w, r.Key(), stderr)
		}
	}
}

// fieldOf is the column name of a CSV row, under header.
func fieldOf(header, row, name string) string {
	cols, vals := strings.Split(header, ","), strings.Split(row, ",")
	return vals[slices.Index(cols, name)]
}

// TestSweepInterruptedWhileListing: a signal while a sweep lists a
// million runs ends it at once, before its first run, rather than when
// the list is made.
func TestSweepInterruptedWhileListing(t *testing.T) {
	ended := make(chan struct{})
	close(ended)
	done := make(chan error, 1)
	go func() {
		args := []string{"-grid", "3", "-duration", "1s", "-seed", "1..999999", "-out", os.DevNull}
		done <- sweep.Run(args, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, ended)
	}()
	select {
	case err := <-done:
		var in *sweep.Interrupted
		if !errors.As(err, &in) || in.Done != 0 {
			t.Errorf("got %v, want an interruption before any run", err)
		}
	case <-time.After(time.Minute):
		panic("a sweep of 999999 seeds, signalled, still running after a minute")
	}
}

// oneLine reports whether s prints as one line.
func oneLine(s string) bool { return s != "" && !strings.ContainsAny(s, "\n\r") }
