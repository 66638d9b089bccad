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

// spec is a small sweep: 2 nudges × 2 refractory times × 3 seeds.
var spec = []string{"-grid", "24x20", "-nudge", "100ms,300ms", "-refractory", "500ms,1s", "-seeds", "3", "-duration", "60s", "-until-sync", "-jobs", "2"}

// sweepTo runs the spec with extra flags into out and returns stderr.
func sweepTo(t *testing.T, out string, extra ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	args := append(append(slices.Clone(spec), "-out", out), extra...)
	if err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &stderr, nil); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, &stderr)
	}
	return stderr.String()
}

func lines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestSweepWritesEveryRunOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	stderr := sweepTo(t, path)
	got := lines(t, path)
	if got[0]+"\n" != sweep.Header {
		t.Fatalf("line 1: got %q, want the header", got[0])
	}
	if len(got) != 1+12 {
		t.Fatalf("got %d lines, want the header and 12 rows:\n%s", len(got), strings.Join(got, "\n"))
	}
	seen := map[string]bool{}
	for _, l := range got[1:] {
		r, err := sweep.ParseLine(l)
		if err != nil {
			t.Fatal(err)
		}
		if seen[r.Key()] {
			t.Errorf("run %s twice", r.Key())
		}
		seen[r.Key()] = true
	}
	if !strings.Contains(stderr, "12 of 12 runs") {
		t.Errorf("stderr lacks the runs done:\n%s", stderr)
	}
}

// TestSweepResumes: started again with its file, a sweep runs only what
// the file lacks — after a half-written last line too — and ends with the
// same rows as a sweep that ran through.
func TestSweepResumes(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.csv")
	sweepTo(t, full)
	want := lines(t, full)

	part := filepath.Join(dir, "part.csv")
	kept := strings.Join(want[:6], "\n") + "\n" + want[6][:30] // 5 rows and half of one
	if err := os.WriteFile(part, []byte(kept), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr := sweepTo(t, part)
	if !strings.Contains(stderr, "holds 5 rows") || !strings.Contains(stderr, "7 of 7 runs") {
		t.Errorf("stderr: got\n%s\nwant 5 rows found and 7 runs done", stderr)
	}
	got := lines(t, part)
	if !slices.Equal(got[:6], want[:6]) {
		t.Errorf("the rows that were there changed")
	}
	if !slices.Equal(sorted(got), sorted(want)) {
		t.Errorf("resumed: got rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Nothing left: nothing runs, nothing is added.
	if stderr := sweepTo(t, part); !strings.Contains(stderr, "0 of 0 runs") {
		t.Errorf("a finished sweep ran again:\n%s", stderr)
	}
	if got2 := lines(t, part); !slices.Equal(got2, got) {
		t.Errorf("a finished sweep changed its file")
	}
}

// TestShardsAreTheSweep: shards by flag and by Slurm's variables hold,
// together, exactly the unsharded sweep's rows.
func TestShardsAreTheSweep(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.jsonl")
	sweepTo(t, full, "-format", "jsonl")
	var union []string
	for k, shard := range []string{"0/3", "1/3", "2/3"} {
		path := filepath.Join(dir, "shard.jsonl")
		if k == 1 {
			t.Setenv("SLURM_ARRAY_TASK_ID", "1")
			t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
			sweepTo(t, path+"1", "-format", "jsonl")
			path += "1"
		} else {
			sweepTo(t, path+shard[:1], "-format", "jsonl", "-shard", shard)
			path += shard[:1]
		}
		rows := lines(t, path)
		if len(rows) != 4 {
			t.Errorf("shard %s: %d rows, want 4 of 12", shard, len(rows))
		}
		union = append(union, rows...)
	}
	if want := lines(t, full); !slices.Equal(sorted(union), sorted(want)) {
		t.Errorf("the shards' rows:\n%s\nwant the sweep's:\n%s", strings.Join(sorted(union), "\n"), strings.Join(sorted(want), "\n"))
	}
}

// TestSweepInterrupted: a sweep ended early, once its first row is
// written, says how far it got, and its file holds whole rows only, one
// for each run it says it did.
func TestSweepInterrupted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	ended := make(chan struct{})
	go func() {
		for { // until the header and a row are there
			if b, _ := os.ReadFile(path); bytes.Count(b, []byte("\n")) >= 2 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		close(ended)
	}()
	args := append(slices.Clone(spec), "-out", path, "-duration", "20m", "-until-sync=false", "-jobs", "1")
	err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, ended)
	var in *sweep.Interrupted
	if !errors.As(err, &in) || in.Runs != 12 || in.Done < 1 || in.Done == 12 {
		t.Fatalf("got %v, want an interruption of a 12-run sweep after a run", err)
	}
	rows := lines(t, path)[1:]
	for _, l := range rows {
		if _, err := sweep.ParseLine(l); err != nil {
			t.Errorf("line %q: %v", l, err)
		}
	}
	if len(rows) != in.Done {
		t.Errorf("got %d rows, want the %d runs done", len(rows), in.Done)
	}
}

func TestSweepRefusesAnotherSweepsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	sweepTo(t, path)
	args := append(slices.Clone(spec), "-out", path, "-seeds", "4")
	err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, nil)
	if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), "holds rows of sweep") {
		t.Errorf("got %v, want the file refused as another sweep's", err)
	}
}
